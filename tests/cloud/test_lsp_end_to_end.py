"""End to end in the editor: the language server (``python -m infragenius.cli lsp``, a subprocess driven by
pytest-lsp) configured with ``ai.provider = "infragenius-cloud"`` -> the Cloud service on 127.0.0.1
(uvicorn in a thread, SQLite in tmp) -> its real upstream client -> a fake OpenAI-compatible model, and
the answer back in the editor through ``infragenius.ai.explain``.

The editor's license is signed by an on-prem key that the server trusts through
``INFRAGENIUS_TRUSTED_KEYS_DIR`` with its issuer certificate, signed by a test root that the test server
(``tests/tiers/lsp_server.py``) trusts in-process (a Cloud endpoint of one's own is the Enterprise ``onprem-cloud``
feature, so the license is Enterprise); the Cloud account key comes as ``initializationOptions.cloudKey``.
The service's own gates then decide: a Professional account gets the answer, then its quota (1) is used
up (402); a Community account is refused (403). Both refusals reach the user as the client's clear
message, with the rule's documentation instead.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig

from infragenius.cloud.upstream import Upstream
from infragenius.tiers import license as lic

from ..lsp.lsptest import make_client, open_doc, published, start
from .conftest import ANSWER, running_cloud, serve
from .test_trusted_keys import ROOT_PRIVATE, ROOT_PUBLIC, on_prem_key

DOCKERFILE = "FROM alpine:3.20\nMAINTAINER Jane <j@x.io>\nENV AWS_ACCESS_KEY_ID=AKIAQ3EGUZXHXMPLE7Q2\nRUN echo hi\n"
AWS_KEY = "AKIAQ3EGUZXHXMPLE7Q2"
TEST_SERVER = Path(__file__).parent.parent / "tiers" / "lsp_server.py"  # trusts the test root in-process


@pytest.fixture
def cloud_service(sqlite_url, fake_openai):
    upstream = Upstream(fake_openai.base_url, "fake-llm", None, timeout_s=10)
    with (
        running_cloud(sqlite_url, upstream=upstream, monthly_quota={"professional": 1}) as cloud,
        serve(cloud.client.app) as base_url,
    ):
        cloud.base_url, cloud.fake = base_url, fake_openai
        yield cloud
    upstream.close()


@pytest.fixture
def editor_license(tmp_path) -> tuple[str, Path]:
    """An Enterprise license signed by a certified on-prem key, and the folder that trusts that key."""
    trusted = tmp_path / "trusted-keys"
    trusted.mkdir()
    private = on_prem_key(trusted, root_private=ROOT_PRIVATE, root_kid="k-test")
    assert "acme-onprem" not in lic.shipped_keys()
    return lic.issue(
        private, "acme-onprem", subject="dev@acme.example", tier="enterprise", org="acme", seats=5
    ), trusted


def server_env(home: Path, trusted: Path) -> dict[str, str]:
    """The server's whole environment: this one without AI/license overrides, everything it stores in tmp."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INFRAGENIUS_", "UPSTREAM_"))}
    return {
        **env,
        "INFRAGENIUS_TRUSTED_KEYS_DIR": str(trusted),
        "INFRAGENIUS_TEST_LICENSE_KEY": ROOT_PUBLIC.decode(),
        "INFRAGENIUS_CONFIG_DIR": str(home / "config"),
        "INFRAGENIUS_DATA_DIR": str(home / "data"),
        "INFRAGENIUS_AI_CACHE_DIR": str(home / "ai-cache"),
        "XDG_CACHE_HOME": str(home / "cache"),
    }


class Editor:
    """One language-server session with the Cloud configured, and a Dockerfile open."""

    def __init__(
        self, tmp_path: Path, name: str, base_url: str, token: str, trusted: Path, cloud_key: str | None
    ) -> None:
        self.root = tmp_path / name
        self.root.mkdir()
        self.config = ClientServerConfig(
            server_command=[sys.executable, str(TEST_SERVER)],
            client_factory=make_client,
            server_env=server_env(self.root, trusted),
        )
        self.options = {
            "ai": {"provider": "infragenius-cloud", "base-url": base_url, "timeout-s": 10},
            "licenseToken": token,
            **({"cloudKey": cloud_key} if cloud_key else {}),
        }

    async def __aenter__(self):
        self.client = await self.config.start()
        await start(self.client, self.root, options=self.options)
        self.uri = open_doc(self.client, self.root / "Dockerfile", DOCKERFILE)
        self.diagnostics = (await published(self.client, self.uri, version=1)).diagnostics
        return self

    async def __aexit__(self, *exc):
        await self.client.shutdown_session()

    async def explain(self, code: str) -> dict:
        diagnostic = next(d for d in self.diagnostics if d.code == code)
        argument = {
            "uri": self.uri,
            "version": 1,
            "code": code,
            "line": diagnostic.range.start.line,
            "column": diagnostic.range.start.character,
        }
        return await self.client.workspace_execute_command_async(
            lsp.ExecuteCommandParams(command="infragenius.ai.explain", arguments=[argument])
        )

    def warnings(self) -> list[str]:
        return [m.message for m in self.client.messages if m.type == lsp.MessageType.Warning]


async def test_explain_in_the_editor_through_the_cloud_with_tier_gating_and_quota(
    tmp_path, cloud_service, editor_license
):
    token, trusted = editor_license
    pro_key = cloud_service.account("professional")
    async with Editor(tmp_path, "pro", cloud_service.base_url, token, trusted, pro_key) as editor:
        answered = await editor.explain("DF001")
        assert answered == {
            "markdown": ANSWER,
            "provider": "infragenius-cloud",
            "cached": False,
            "note": None,
            "caution": None,
        }
        (sent,) = cloud_service.fake.requests  # streamed from the model, through the service, to the editor
        assert sent["stream"] is True
        prompt = " ".join(m["content"] for m in sent["messages"])
        assert "DF001" in prompt and "MAINTAINER" in prompt and AWS_KEY not in prompt
        assert editor.warnings() == []

        other = next(d.code for d in editor.diagnostics if d.code != "DF001" and d.source == "infragenius")
        exhausted = await editor.explain(other)
        assert (exhausted["provider"], exhausted["markdown"].startswith(f"**{other}**")) == ("offline", True)
        assert exhausted["note"] == (
            f"InfraGenius cloud ({cloud_service.base_url}): the monthly quota is used up "
            "(HTTP 402): the monthly quota of 1 analyses is used up"
        )
        assert editor.warnings() == [
            f"InfraGenius AI unavailable: {exhausted['note']}. Showing the rule's documentation."
        ]
    usage = cloud_service.usage(pro_key).json()
    assert (usage["analyses"], usage["by_kind"]) == (1, {"explain": 1})

    community_key = cloud_service.account("community")
    async with Editor(tmp_path, "community", cloud_service.base_url, token, trusted, community_key) as editor:
        refused = await editor.explain("DF001")
        assert (refused["provider"], refused["markdown"].startswith("**DF001**")) == ("offline", True)
        assert refused["note"] == (
            f"InfraGenius cloud ({cloud_service.base_url}): your plan does not include this (HTTP 403): the community "
            "tier does not include hosted AI analyses; upgrade to Professional or pay-per-use"
        )
        assert editor.warnings() == [
            f"InfraGenius AI unavailable: {refused['note']}. Showing the rule's documentation."
        ]
    assert len(cloud_service.fake.requests) == 1  # refused requests never reached the model


async def test_the_language_server_uses_the_key_login_stored(tmp_path, cloud_service, editor_license):
    """No key from the editor: the key `infragenius login` stored for this service is used (issue 21)."""
    token, trusted = editor_license
    key = cloud_service.account("professional")
    editor = Editor(tmp_path, "stored", cloud_service.base_url, token, trusted, None)
    config = editor.root / "config"  # the server's INFRAGENIUS_CONFIG_DIR
    config.mkdir()
    (config / "cloud.key").write_text(key + "\n")  # what `infragenius login --url URL` writes
    (config / "cloud.url").write_text(cloud_service.base_url + "\n")
    async with editor:
        answered = await editor.explain("DF001")
        assert (answered["provider"], answered["markdown"], editor.warnings()) == ("infragenius-cloud", ANSWER, [])
    assert cloud_service.usage(key).json()["analyses"] == 1
