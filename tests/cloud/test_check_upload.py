"""``infragenius check --upload`` against a live local service (uvicorn on loopback) with a local webhook
receiver: two uploads, exactly one alert (the first upload is the repository's baseline). An upload
that fails never changes the check's exit status: one warning."""

from __future__ import annotations

import pytest

from infragenius.cli import main

from .conftest import running_cloud, serve
from .reports_helpers import Receiver, auth

LOOPBACK = {"alerts_allow_http": True, "alerts_allow_private_networks": True, "alert_retry_delays_s": (0.05,)}
DOCKERFILE = "FROM alpine:latest\n# comment\nRUN echo hi\n"


@pytest.fixture
def project(tmp_path, monkeypatch):
    work = tmp_path / "project"
    work.mkdir()
    (work / ".infragenius.toml").write_text('select = ["DF001", "DF002"]\n')
    (work / "Dockerfile").write_text(DOCKERFILE)
    monkeypatch.chdir(work)
    monkeypatch.setenv("INFRAGENIUS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("INFRAGENIUS_CONFIG_DIR", str(tmp_path / "config"))  # no stored key of the user's
    for name in ("GITHUB_ACTIONS", "GITLAB_CI", "INFRAGENIUS_CLOUD_URL", "INFRAGENIUS_CLOUD_KEY"):
        monkeypatch.delenv(name, raising=False)
    return work


def check(capsys, *argv: str) -> tuple[int, str]:
    code = main(["check", *argv])
    return code, capsys.readouterr().err


def test_two_uploads_bring_exactly_one_alert(sqlite_url, project, capsys, monkeypatch):
    receiver = Receiver()
    with running_cloud(sqlite_url, **LOOPBACK) as cloud, serve(receiver.app()) as hooks:
        key = cloud.account()
        assert cloud.client.post("/v1/alerts", json={"url": f"{hooks}/hook"}, headers=auth(key)).status_code == 201
        with serve(cloud.client.app) as service:
            monkeypatch.setenv("INFRAGENIUS_CLOUD_URL", service)
            monkeypatch.setenv("INFRAGENIUS_CLOUD_KEY", key)
            code, err = check(capsys, "--upload", "--repository", "acme/infra", "--ref", "main")
            assert (code, err) == (
                1,
                "infragenius: report uploaded: the first of acme/infra@main, kept as its baseline\n",
            )
            assert receiver.wait_for(1, timeout_s=1.0) == []  # the baseline alerts nothing
            (project / "Dockerfile").write_text("# moved\n" + DOCKERFILE + "MAINTAINER me\n")
            monkeypatch.setenv("GITHUB_ACTIONS", "true")  # repository and ref from the CI this time
            monkeypatch.setenv("GITHUB_REPOSITORY", "acme/infra")
            monkeypatch.setenv("GITHUB_REF_NAME", "main")
            monkeypatch.setenv("GITHUB_SHA", "0123abc")
            monkeypatch.delenv("GITHUB_HEAD_REF", raising=False)
            code, err = check(capsys, "--upload")
            assert (code, err) == (
                1,
                "infragenius: report uploaded: 1 new, 0 fixed since the previous one of acme/infra@main\n",
            )
            (message,) = receiver.wait_for(1)
        assert (
            message["text"]
            == "InfraGenius: 1 new finding (1 warning) in acme/infra@main\n• DF001 [warning] Dockerfile:5"
        )
        assert message["commit"] == "0123abc"
        assert receiver.wait_for(2, timeout_s=0.5) == [message]  # and no second one


def test_a_failed_upload_is_one_warning_and_keeps_the_exit_status(project, capsys, monkeypatch):
    monkeypatch.setenv("INFRAGENIUS_CLOUD_URL", "http://127.0.0.1:9")  # nothing listens on the discard port
    monkeypatch.setenv("INFRAGENIUS_CLOUD_KEY", "igk_test")
    code, err = check(capsys, "--upload", "--repository", "acme/infra", "--ref", "main")
    assert (code, err) == (1, "infragenius: warning: upload failed: cannot reach http://127.0.0.1:9 (ConnectError)\n")
    code, err = check(capsys, "--upload", "--repository", "acme/infra", "--ref", "main", "--exit-zero")
    assert code == 0


def test_uploading_without_a_key_says_how_to_sign_in(project, capsys, monkeypatch):
    monkeypatch.setenv("INFRAGENIUS_CLOUD_URL", "http://127.0.0.1:9")
    code, err = check(capsys, "--upload", "--repository", "acme/infra", "--ref", "main")
    assert (code, err) == (
        1,
        (
            "infragenius: warning: upload failed: not signed in to http://127.0.0.1:9: run `infragenius login`, "
            "or set INFRAGENIUS_CLOUD_KEY\n"
        ),
    )


def test_a_refused_upload_names_the_services_reason(sqlite_url, project, capsys, monkeypatch):
    with running_cloud(sqlite_url) as cloud, serve(cloud.client.app) as service:
        monkeypatch.setenv("INFRAGENIUS_CLOUD_URL", service)
        monkeypatch.setenv("INFRAGENIUS_CLOUD_KEY", cloud.account())
        code, err = check(capsys, "--upload", "--repository", "not-a-repository", "--ref", "main")
    assert (code, err) == (
        1,
        f"infragenius: warning: upload failed: {service} refused the report: invalid report: repository must be OWNER/NAME\n",
    )
