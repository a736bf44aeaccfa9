"""The composition root (``infragenius/app.py``) hands each floor what the floors above it add (issue 17)."""

from __future__ import annotations

import subprocess
import sys

from infragenius import app, cli
from infragenius.core import wiring
from infragenius.languages import registry
from infragenius.lsp import server, settings


def test_composing_again_changes_nothing() -> None:
    app.compose()  # conftest composed already
    app.compose()
    assert wiring.LANGUAGES == registry.LANGUAGES
    assert sorted(wiring.PACKS) == ["dockerfile", "kubernetes"]
    extensions = [name for name, _ in server.EXTENSIONS]
    assert len(extensions) == len(set(extensions))  # each once
    assert {"infragenius.ai.lsp", "infragenius.tiers.lsp"} <= set(extensions)
    commands = [register.__module__ for register in cli.EXTENSIONS.commands]
    assert len(commands) == len(set(commands))
    assert {"infragenius.ai.cli", "infragenius.trust_cli", "infragenius.tiers.cli", "infragenius.cloud.cli"} <= set(
        commands
    )
    assert settings.LICENSING.allows("premium-rules") is False  # Community: no license in the test run


def test_the_command_line_has_the_upper_floors_commands() -> None:
    commands = cli.build_parser()._subparsers._group_actions[0].choices
    assert {"check", "rules", "lsp", "explain", "ai", "trust", "untrust", "license", "login", "cloud"} <= set(commands)


UNCOMPOSED = """
import logging, sys
logging.basicConfig(stream=sys.stderr, level=logging.WARNING, format="%(levelname)s %(message)s")
from infragenius.core.config import Config
from infragenius.core.document import Document
from infragenius.core.engine import Engine
from infragenius.core.detect import detect
print(detect("Dockerfile", "FROM alpine\\n"))
print(len(Engine(Config()).analyse(Document("untitled:d", "MAINTAINER x\\n", "dockerfile")).findings))
"""


def test_a_process_that_did_not_compose_says_so() -> None:
    """Without the composition root the engine has no language: it says why, once, instead of passing silently."""
    out = subprocess.run([sys.executable, "-c", UNCOMPOSED], capture_output=True, text=True, timeout=60, check=False)
    assert out.stdout.split() == ["None", "0"], out.stderr
    warning = "WARNING no languages installed: start through infragenius.__main__ or call infragenius.app.compose()"
    assert out.stderr.splitlines() == [warning]
