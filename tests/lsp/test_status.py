"""The ``infragenius/status`` notification and secrets passed at initialize."""

from __future__ import annotations

import asyncio

from lsptest import start
from pytest_lsp import LanguageClient


async def _status(client: LanguageClient, timeout: float = 15.0) -> dict:
    deadline = asyncio.get_running_loop().time() + timeout
    while not getattr(client, "statuses", None):
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("no infragenius/status notification")
        await asyncio.sleep(0.02)
    return client.statuses[-1]


def _listen(client: LanguageClient) -> None:
    client.statuses = []

    @client.feature("infragenius/status")
    def status(ls, params):
        ls.statuses.append(
            params
            if isinstance(params, dict)
            else {k: getattr(params, k, None) for k in ("tier", "provider", "model", "quotaLeft", "message")}
        )


async def test_status_reports_tier_and_provider(client: LanguageClient, tmp_path):
    _listen(client)
    await start(client, tmp_path, settings={"ai": {"provider": "offline"}})
    status = await _status(client)
    assert status["tier"] == "community" and status["provider"] == "offline"


async def test_invalid_license_from_the_editor_says_why(client: LanguageClient, tmp_path):
    _listen(client)
    await start(
        client, tmp_path, options={"infragenius": {"ignore": ["DF002"]}, "licenseToken": "not-a-token"}, settings={}
    )
    status = await _status(client)
    assert status["tier"] == "community"
    assert "malformed" in status["message"]
