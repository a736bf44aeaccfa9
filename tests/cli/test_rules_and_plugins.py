"""``infragenius rules`` and third-party rule packs from the ``infragenius.plugins`` entry-point group."""

from __future__ import annotations

import json
import logging
import sys
import textwrap
from pathlib import Path

import pytest

import infragenius
from infragenius.core.rules import REGISTRY


def test_rules_table_lists_builtin_rules_with_origin(cli):
    run = cli("rules")
    assert run.code == 0
    lines = {line.split()[0]: line for line in run.out.splitlines() if line[:2] in ("DF", "IG")}
    assert lines["DF001"].split()[:6] == ["DF001", "*", "warning", "dockerfile", "maintainer-deprecated", "builtin"]
    assert "hadolint:DL4000, buildkit:MaintainerDeprecated" in lines["DF001"]
    assert lines["DF002"].split()[:5] == ["DF002", "warning", "dockerfile", "from-latest-tag", "builtin"]
    assert "IG001" in lines and "rules. * = has a fix." in run.out


def test_rules_json(cli):
    run = cli("rules", "--format", "json", "--language", "dockerfile")
    rules = {r["code"]: r for r in json.loads(run.out)}
    assert rules["DF001"] == {
        "code": "DF001",
        "name": "maintainer-deprecated",
        "language": "dockerfile",
        "severity": "warning",
        "message": "MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors",
        "tags": ["deprecated"],
        "aliases": ["hadolint:DL4000", "buildkit:MaintainerDeprecated"],
        "fixable": True,
        "origin": "builtin",
        "source": "infragenius/languages/dockerfile/rules/maintainer.py:11",
        "url": "https://infragenius.dev/rules/DF001",
        "docs": rules["DF001"]["docs"],
    }
    assert rules["DF001"]["docs"].startswith("MAINTAINER is deprecated; use a LABEL instead.\n\n")
    assert all(r["language"] == "dockerfile" for r in rules.values())


@pytest.mark.parametrize("name", ["DF001", "df001", "hadolint:DL4000", "DL4000", "buildkit:MaintainerDeprecated"])
def test_rules_code_and_aliases_print_docs(cli, name):
    run = cli("rules", name)
    assert run.code == 0
    assert run.out.splitlines()[:4] == [
        "DF001 maintainer-deprecated (dockerfile, warning)",
        "aliases: hadolint:DL4000, buildkit:MaintainerDeprecated",
        "origin: builtin",
        "source: infragenius/languages/dockerfile/rules/maintainer.py:11",
    ]
    assert "Bad:" in run.out and "MAINTAINER Jane Doe" in run.out


def test_every_builtin_rule_source_points_at_its_class(cli):
    """``source`` is where a reader goes to find the rule: the line of its own ``class`` statement,
    also after rules move between modules."""
    package_parent = Path(infragenius.__file__).resolve().parents[1]
    rules = [r for r in json.loads(cli("rules", "--format", "json").out) if r["origin"] == "builtin"]
    assert len(rules) > 300
    wrong = []
    for rule in rules:
        path, line = rule["source"].rsplit(":", 1)
        text = (package_parent / path).read_text("utf-8").splitlines()[int(line) - 1]
        if not text.startswith(f"class {REGISTRY.get(rule['code']).__name__}("):
            wrong.append(f"{rule['code']}: {rule['source']}: {text.strip()}")
    assert wrong == []


def test_rules_code_json(cli):
    rule = json.loads(cli("rules", "DL3007", "--format", "json").out)
    assert (rule["code"], rule["origin"]) == ("DF002", "builtin")


def test_rules_unknown_code_exits_2(cli):
    run = cli("rules", "XX123")
    assert run.code == 2 and "unknown rule 'XX123'" in run.err


# -- plugins ---------------------------------------------------------------------------------------
PLUGIN_MODULE = '''
"""A third-party rule pack used by the tests."""
from infragenius.core.document import Range
from infragenius.core.findings import Severity
from infragenius.core.rules import Rule


class NoHealthcheck(Rule):
    """Every image should declare a HEALTHCHECK (test plugin).

    Bad:

        FROM alpine:3.20

    Good:

        FROM alpine:3.20
        HEALTHCHECK CMD true
    """

    code = "XP001"
    name = "test-no-healthcheck"
    language = "dockerfile"
    message = "No HEALTHCHECK instruction"
    severity = Severity.INFORMATION
    tags = ("no-peer",)

    def check(self, ctx):
        if "HEALTHCHECK" not in ctx.text.upper():
            yield self.finding(Range.of(0, 0, 0, len(ctx.document.line_text(0))))
'''


@pytest.fixture
def plugins(tmp_path, monkeypatch):
    """Install two plugins the way pip would (a *.dist-info with entry_points.txt on sys.path):
    ``healthcheck`` works, ``broken`` raises on import."""
    site = tmp_path / "site"
    (site / "ig_test_plugin.py").parent.mkdir(parents=True)
    (site / "ig_test_plugin.py").write_text(textwrap.dedent(PLUGIN_MODULE))
    (site / "ig_broken_plugin.py").write_text("raise RuntimeError('plugin bug')\n")
    dist = site / "ig_test_plugins-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: ig-test-plugins\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text(
        "[infragenius.plugins]\nhealthcheck = ig_test_plugin\nbroken = ig_broken_plugin\n"
    )
    monkeypatch.syspath_prepend(str(site))
    before = dict(REGISTRY._rules)
    monkeypatch.setattr(REGISTRY, "_plugins_loaded", False)  # the next registry query loads them
    yield
    for code in set(REGISTRY._rules) - set(before):
        REGISTRY.remove(code)  # also forgets the per-language lists that held the plugin's rules
    for name in ("ig_test_plugin", "ig_broken_plugin"):
        sys.modules.pop(name, None)


def test_plugin_rules_load_and_report(plugins, cli, isolated):
    assert REGISTRY.get("XP001").origin == "plugin:healthcheck"
    (isolated / "Dockerfile").write_text("FROM alpine:3.20\n")
    run = cli("check", "--format", "json", "--select", "XP001")
    assert [(r["code"], r["severity"], r["location"], r["end_location"]) for r in json.loads(run.out)] == [
        ("XP001", "information", {"row": 1, "column": 1}, {"row": 1, "column": 17})
    ]
    (isolated / "Dockerfile").write_text("FROM alpine:3.20\nHEALTHCHECK CMD true\n")
    assert json.loads(cli("check", "--format", "json", "--select", "XP").out) == []


def test_rules_shows_plugin_origin(plugins, cli):
    assert "XP001" not in REGISTRY._rules  # not imported until the command asks the registry
    line = next(line for line in cli("rules").out.splitlines() if line.startswith("XP001"))
    assert line.split()[:5] == ["XP001", "information", "dockerfile", "test-no-healthcheck", "plugin:healthcheck"]
    rule = json.loads(cli("rules", "XP001", "--format", "json").out)
    assert rule["origin"] == "plugin:healthcheck" and rule["docs"].startswith("Every image should declare")


def test_broken_plugin_is_logged_and_skipped(tmp_path, monkeypatch, caplog):
    site = tmp_path / "site"
    site.mkdir()
    (site / "ig_broken_plugin.py").write_text("raise RuntimeError('plugin bug')\n")
    dist = site / "ig_broken-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: ig-broken\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[infragenius.plugins]\nbroken = ig_broken_plugin\n")
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.setattr(REGISTRY, "_plugins_loaded", False)
    with caplog.at_level(logging.ERROR, logger="infragenius.core.rules"):
        REGISTRY.load_plugins()
    sys.modules.pop("ig_broken_plugin", None)
    (record,) = [r for r in caplog.records if "plugin" in r.getMessage()]
    assert record.getMessage() == "could not load plugin broken"
    assert "plugin bug" in caplog.text
    assert REGISTRY.get("DF001") is not None  # the built-in rules are unaffected
