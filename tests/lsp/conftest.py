"""pytest-lsp fixture: a client driving ``infragenius lsp`` over stdio."""

from __future__ import annotations

import pytest_lsp
from lsptest import CONFIG
from pytest_lsp import LanguageClient


@pytest_lsp.fixture(config=CONFIG)
async def client(lsp_client: LanguageClient):
    yield
    await lsp_client.shutdown_session()
