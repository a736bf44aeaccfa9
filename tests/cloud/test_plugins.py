"""The plugin marketplace (issue 22): the index the service serves, the operator's admin commands, and
``infragenius plugins``, trust boundary first (nothing outside the index, nothing that is not a plain
pinned PyPI requirement reaches pip), then a real install of a locally built wheel into a throwaway venv."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from infragenius.cli import main
from infragenius.cloud import plugins as index
from infragenius.tiers import plugins as client
from infragenius.tiers.entitlements import Tier
from infragenius.tiers.license import LicenseState
from infragenius.tiers.plugin_index import BadPlugin, check_entry

from .conftest import running_cloud, serve
from .plugin_wheel import build_wheel, make_venv

EXPECTED = Path(__file__).parent / "expected" / "plugin_index.json"
DEMO = {
    "name": "demo",
    "package": "ig-pack-demo",
    "version": "1.0.0",
    "description": "An authors label on every image",
}
CIS = {
    "name": "cis-extra",
    "package": "ig-cis-extra",
    "version": "2.1.0",
    "tier": "professional",
    "description": "More CIS controls for Kubernetes manifests",
    "homepage": "https://example.com/cis-extra",
    "verified": True,
}
SUBPROCESS_TIMEOUT_S = 180


def _listed(cloud, *entries: dict) -> None:
    with cloud.database.session() as session:
        for entry in entries:
            index.add(session, entry)


# -- the service's index ---------------------------------------------------------------------------------
def test_index_serves_what_the_operator_listed_without_a_key(cloud):
    assert cloud.client.get("/v1/plugins").json() == {"plugins": []}
    _listed(cloud, DEMO, CIS)
    answer = cloud.client.get("/v1/plugins")
    assert answer.status_code == 200
    assert answer.json() == json.loads(EXPECTED.read_text())


def test_a_new_entry_of_the_same_name_replaces_the_old_and_remove_takes_it_off(cloud):
    _listed(cloud, DEMO, {**DEMO, "version": "1.1", "verified": True})
    (entry,) = cloud.client.get("/v1/plugins").json()["plugins"]
    assert (entry["version"], entry["verified"]) == ("1.1", True)
    with cloud.database.session() as session:
        assert index.remove(session, "demo") is True
        assert index.remove(session, "demo") is False
    assert cloud.client.get("/v1/plugins").json() == {"plugins": []}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"package": "https://evil.example/x.whl"}, "package must be a plain PyPI project name"),
        ({"package": "--index-url=https://evil.example"}, "package must be a plain PyPI project name"),
        ({"package": "./local/pack"}, "package must be a plain PyPI project name"),
        ({"package": "pack[extra]"}, "package must be a plain PyPI project name"),
        ({"package": "pack; python_version>'3'"}, "package must be a plain PyPI project name"),
        ({"name": "demo pack"}, "name must be a plain PyPI project name"),
        ({"version": ">=1.0"}, "version '>=1.0' is not a valid version"),
        ({"version": "1.0 --pre"}, "version '1.0 --pre' is not a valid version"),
        ({"version": "1.0+evil"}, "version '1.0+evil' is a local version (PyPI has none)"),
        ({"tier": "platinum"}, "tier must be one of community, professional, enterprise, got 'platinum'"),
        ({"homepage": "http://example.com"}, "homepage must be an https:// address"),
        ({"description": "two\nlines"}, "description must be one line of at most 500 characters"),
    ],
)
def test_entries_that_are_not_plain_pinned_requirements_are_refused(change, message):
    with pytest.raises(BadPlugin) as refused:
        check_entry({**DEMO, **change})
    assert str(refused.value).startswith(message)


def test_entry_becomes_an_exact_pinned_requirement():
    assert check_entry(DEMO).requirement == "ig-pack-demo==1.0.0"
    assert check_entry({**DEMO, "version": "2.0rc1"}).requirement == "ig-pack-demo==2.0rc1"
    assert check_entry({**DEMO, "verified": "yes"}).verified is False  # only JSON true verifies


def test_admin_commands_add_and_remove(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'admin.sqlite3'}")
    add = ["cloud", "admin", "plugin", "add", "demo", "--package", "ig-pack-demo", "--version", "1.0.0"]
    assert main(add) == 0
    assert capsys.readouterr().out == "listed demo: ig-pack-demo==1.0.0 (community, unverified)\n"
    assert main([*add[:-1], "https://evil.example/x.whl"]) == 2
    assert "version 'https://evil.example/x.whl' is not a valid version" in capsys.readouterr().err
    assert main(["cloud", "admin", "plugin", "remove", "demo"]) == 0
    assert capsys.readouterr().out == "removed demo\n"
    assert main(["cloud", "admin", "plugin", "remove", "demo"]) == 2
    assert capsys.readouterr().err == "infragenius: error: no plugin 'demo' in the index\n"


# -- the client: the trust boundary ------------------------------------------------------------------------
@pytest.fixture
def marketplace(sqlite_url, monkeypatch):
    """The service with DEMO (unverified, Community) and CIS (verified, Professional) listed, served on
    loopback; pip replaced by a recorder (nothing here may reach it unless the test says so)."""
    pip_calls: list[tuple[str, ...]] = []
    monkeypatch.setattr(client, "_pip", lambda *args: pip_calls.append(args))
    with running_cloud(sqlite_url) as cloud, serve(cloud.client.app) as base:
        _listed(cloud, DEMO, CIS)
        monkeypatch.setenv("INFRAGENIUS_CLOUD_URL", base)
        yield pip_calls


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["plugins", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    "name",
    [
        "https://evil.example/ig_pack_demo-1.0.0-py3-none-any.whl",
        "git+https://evil.example/pack.git",
        "./ig_pack_demo-1.0.0-py3-none-any.whl",
        "/tmp/pack",
        "--index-url=https://evil.example/simple",
        "ig-pack-demo==0.9",
        "ig-pack-demo[extra]",
    ],
)
def test_install_refuses_anything_but_a_plain_name(marketplace, capsys, name):
    code, _, err = _run(capsys, "install", "--yes", "--", name)
    assert code == 2 and marketplace == []
    assert err.startswith(f"infragenius: error: refused: {name!r} is not a plugin name")


def test_install_refuses_a_package_that_is_not_in_the_index(marketplace, capsys):
    assert _run(capsys, "install", "--yes", "requests") == (
        2,
        "",
        "infragenius: error: 'requests' is not in the plugin index (see `infragenius plugins list`)\n",
    )
    assert _run(capsys, "remove", "pip")[0] == 2  # remove, too, only touches packs of the index
    assert marketplace == []


def test_an_unverified_pack_needs_yes(marketplace, capsys):
    assert _run(capsys, "install", "demo") == (
        2,
        "",
        "infragenius: error: demo has not been reviewed (unverified): pass --yes to install it anyway\n",
    )
    assert marketplace == []
    code, out, _ = _run(capsys, "install", "demo", "--yes")
    assert code == 0 and out == "installed demo (ig-pack-demo==1.0.0); `infragenius rules` lists its rules\n"
    assert marketplace == [("install", "--disable-pip-version-check", "--no-input", "ig-pack-demo==1.0.0")]


def test_a_tier_gated_pack_needs_the_tier(marketplace, capsys, monkeypatch):
    from infragenius.tiers import state

    monkeypatch.setattr(state, "current", lambda: LicenseState(tier=Tier.COMMUNITY))
    assert _run(capsys, "install", "cis-extra") == (
        2,
        "",
        (
            "infragenius: error: cis-extra is a Professional rule pack; your license is Community "
            "(`infragenius license status`)\n"
        ),
    )
    assert marketplace == []
    monkeypatch.setattr(state, "current", lambda: LicenseState(tier=Tier.ENTERPRISE))
    assert _run(capsys, "install", "ig_cis.extra")[0] == 0  # the PyPI project's name, in any spelling PyPI accepts
    assert marketplace == [("install", "--disable-pip-version-check", "--no-input", "ig-cis-extra==2.1.0")]


def test_list_and_search(marketplace, capsys):
    code, out, _ = _run(capsys, "list", "--format", "json")
    assert code == 0
    assert [(p["name"], p["installed"]) for p in json.loads(out)] == [("cis-extra", None), ("demo", None)]
    code, out, _ = _run(capsys, "search", "KUBERNETES", "cis")
    assert code == 0 and out.split()[:5] == ["cis-extra", "2.1.0", "professional", "verified", "-"]
    assert _run(capsys, "search", "nothing-like-this") == (0, "no plugin matches\n", "")


def test_an_unreachable_index_is_one_clear_error(monkeypatch, capsys):
    monkeypatch.setenv("INFRAGENIUS_CLOUD_URL", "http://127.0.0.1:9")
    assert _run(capsys, "list") == (2, "", "infragenius: error: cannot reach http://127.0.0.1:9 (ConnectError)\n")


# -- a real install ---------------------------------------------------------------------------------------
def test_install_puts_the_packs_rules_in_rules_and_remove_takes_them_out(sqlite_url, tmp_path):
    """pip install from a local folder (no index, no network) into a throwaway venv, through the real
    command; then the rule is in ``infragenius rules`` of that venv, and after ``remove`` it is gone."""
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    build_wheel(wheels)
    python = make_venv(tmp_path / "venv")
    with running_cloud(sqlite_url) as cloud, serve(cloud.client.app) as base:
        _listed(cloud, DEMO)
        env = {
            **os.environ,
            "INFRAGENIUS_CLOUD_URL": base,
            "PIP_NO_INDEX": "1",
            "PIP_FIND_LINKS": str(wheels),
            "INFRAGENIUS_CONFIG_DIR": str(tmp_path / "config"),
            "INFRAGENIUS_DATA_DIR": str(tmp_path / "data"),
        }

        def infragenius(*argv: str) -> subprocess.CompletedProcess:
            return subprocess.run(
                [str(python), "-m", "infragenius", *argv],
                env=env,
                capture_output=True,
                text=True,
                timeout=SUBPROCESS_TIMEOUT_S,
                check=False,
            )

        assert "XD001" not in infragenius("rules").stdout
        done = infragenius("plugins", "install", "demo", "--yes")
        assert (done.returncode, done.stdout) == (
            0,
            "installed demo (ig-pack-demo==1.0.0); `infragenius rules` lists its rules\n",
        ), done.stderr
        line = next(x for x in infragenius("rules").stdout.splitlines() if x.startswith("XD001"))
        assert line.split()[:5] == ["XD001", "information", "dockerfile", "demo-no-authors-label", "plugin:demo"]
        listed = json.loads(infragenius("plugins", "list", "--format", "json").stdout)
        assert [(p["name"], p["installed"]) for p in listed] == [("demo", "1.0.0")]
        done = infragenius("plugins", "remove", "demo")
        assert (done.returncode, done.stdout) == (0, "removed demo (ig-pack-demo)\n"), done.stderr
        assert "XD001" not in infragenius("rules").stdout
