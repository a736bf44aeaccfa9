"""``infragenius check`` with the organisation's shared settings, against a live local service (uvicorn on
loopback): a rule the organisation ignores is not reported, the organisation's baseline of the repository
hides a known finding, and with the service gone the cached copy still applies (one note)."""

from __future__ import annotations

import json
import logging
import time

import pytest

from infragenius.cli import main
from infragenius.tiers import account, shared_settings

from .conftest import running_cloud, serve
from .reports_helpers import auth

DOCKERFILE = "FROM alpine:latest\nMAINTAINER me\nRUN echo hi\n"


@pytest.fixture
def project(tmp_path, monkeypatch):
    work = tmp_path / "project"
    work.mkdir()
    (work / ".infragenius.toml").write_text('select = ["DF001", "DF002"]\n')
    (work / "Dockerfile").write_text(DOCKERFILE)
    monkeypatch.chdir(work)
    monkeypatch.setenv("INFRAGENIUS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("INFRAGENIUS_CONFIG_DIR", str(tmp_path / "config"))
    for name in ("GITHUB_ACTIONS", "GITLAB_CI", "INFRAGENIUS_CLOUD_URL", "INFRAGENIUS_CLOUD_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(shared_settings, "_noted", set())
    return work


def codes(capsys, *argv: str) -> tuple[int, list[tuple[str, int]]]:
    code = main(["check", "--format", "json", "--repository", "acme/infra", *argv])
    return code, [(f["code"], f["location"]["row"]) for f in json.loads(capsys.readouterr().out)]


def test_the_organisations_ignore_and_baseline_apply_and_the_cache_outlives_the_service(
    sqlite_url, project, capsys, caplog
):
    with running_cloud(sqlite_url) as cloud:
        owner = cloud.account("professional", org="acme")
        member = cloud.account("professional", org="acme")
        with serve(cloud.client.app) as service:
            account.save_login(service, member)
            assert codes(capsys) == (1, [("DF002", 1), ("DF001", 2)])  # nothing shared yet

            assert cloud.client.put("/v1/policy", json={"ignore": ["DF002"]}, headers=auth(owner)).status_code == 200
            for copy in (project.parent / "cache" / "org").iterdir():
                copy.unlink()  # the copies of "nothing shared" are fresh for TTL_S: start over
            main(["check", "--write-baseline", str(project / "baseline.json")])
            capsys.readouterr()
            baseline = json.loads((project / "baseline.json").read_text())
            stored = cloud.client.put(
                "/v1/baselines", params={"repository": "acme/infra"}, json=baseline, headers=auth(owner)
            )
            assert stored.json() == {"repository": "acme/infra", "findings": 1}  # DF001: DF002 is ignored
            for copy in (project.parent / "cache" / "org").iterdir():
                copy.unlink()  # the copy of "no baseline" is fresh for TTL_S too

            (project / "Dockerfile").write_text("# moved\n" + DOCKERFILE + "MAINTAINER again\n")
            assert codes(capsys) == (1, [("DF001", 5)])  # DF002 ignored by the org, DF001 at 3 baselined
            assert codes(capsys, "--no-org-baseline") == (1, [("DF001", 3), ("DF001", 5)])
            assert codes(capsys, "--ignore", "DF001") == (1, [("DF002", 2)])  # the run's own flag wins

        # the service is gone: the copies (even stale ones) still apply, with one note
        for copy in (project.parent / "cache" / "org").iterdir():
            data = json.loads(copy.read_text())
            copy.write_text(json.dumps({**data, "at": data["at"] - 2 * shared_settings.TTL_S}))
        with caplog.at_level(logging.WARNING, logger="infragenius.tiers.shared_settings"):
            assert codes(capsys) == (1, [("DF001", 5)])
            assert codes(capsys) == (1, [("DF001", 5)])
        offline = [r.getMessage() for r in caplog.records if "could not be fetched" in r.getMessage()]
        assert len(offline) == 1
        assert offline[0].startswith(f"organisation settings could not be fetched from {service} (ConnectError); ")
        assert "using the copy from " in offline[0]


def test_not_signed_in_nothing_is_asked(project, capsys, monkeypatch):
    monkeypatch.setattr(shared_settings, "fetched", lambda *a, **k: pytest.fail("asked the service"))
    assert codes(capsys) == (1, [("DF002", 1), ("DF001", 2)])


def test_policy_show_names_each_source(sqlite_url, project, capsys):
    (project / ".infragenius.toml").write_text('select = ["DF001", "DF002"]\nseverity = {DF001 = "hint"}\n')
    with running_cloud(sqlite_url) as cloud:
        owner = cloud.account("professional", org="acme")
        rules = {"ignore": ["DF002", "ZZ999"], "severity": {"DF001": "error"}}
        cloud.client.put("/v1/policy", json=rules, headers=auth(owner))
        with serve(cloud.client.app) as service:
            account.save_login(service, owner)
            assert main(["policy", "show", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == [
        {"setting": "ignore DF002", "value": "", "source": "organisation (InfraGenius Cloud)"},
        {"setting": "severity DF001", "value": "error", "source": "organisation (InfraGenius Cloud)"},
    ]


def test_the_editor_never_waits_and_applies_the_refreshed_copy(sqlite_url, project):
    from infragenius.app import _editor_policy
    from infragenius.core.config import Config

    config = Config.from_dict({"select": ["DF001", "DF002"]})
    with running_cloud(sqlite_url) as cloud:
        owner = cloud.account("professional", org="acme")
        cloud.client.put("/v1/policy", json={"ignore": ["DF002"]}, headers=auth(owner))
        with serve(cloud.client.app) as service:
            account.save_login(service, owner)
            assert _editor_policy(config).ignore == []  # no copy yet: the repository's settings, at once
            deadline = time.monotonic() + 10
            while not list((project.parent / "cache" / "org").glob("*.json")):  # the background refresh
                assert time.monotonic() < deadline, "the copy was not refreshed"
                time.sleep(0.02)
            assert _editor_policy(config).ignore == ["DF002"]


def test_a_ci_job_uses_the_key_in_the_environment(sqlite_url, project, capsys, monkeypatch):
    with running_cloud(sqlite_url) as cloud:
        owner = cloud.account("professional", org="acme")
        cloud.client.put("/v1/policy", json={"ignore": ["DF001"]}, headers=auth(owner))
        with serve(cloud.client.app) as service:
            monkeypatch.setenv("INFRAGENIUS_CLOUD_URL", service)
            monkeypatch.setenv("INFRAGENIUS_CLOUD_KEY", owner)
            assert codes(capsys) == (1, [("DF002", 1)])
