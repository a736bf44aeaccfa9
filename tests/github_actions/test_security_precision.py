"""Severity and scope of the security rules where the corpus audit found over-claims (GA031, GA033)."""

from __future__ import annotations

from pathlib import Path

import pytest

from infragenius.core.findings import Severity

from ..helpers import analyse

CASES = Path(__file__).parents[1] / "cases" / "github-actions"
WF = ".github/workflows/ci.yml"


def _ga033(text: str) -> list[tuple[int, Severity]]:
    return [(f.range.start.line + 1, f.severity) for f in analyse(text, "github-actions", WF) if f.code == "GA033"]


def test_warning_only_when_an_artifact_carries_the_checkouts_git():
    text = (CASES / "GA033" / "bad.yml").read_text("utf-8")
    # plain checkout: information; `path: .` with hidden files, and v3 uploading the checkout folder: warnings
    assert _ga033(text) == [(6, Severity.INFORMATION), (12, Severity.WARNING), (20, Severity.WARNING)]


def test_built_files_and_hidden_file_free_uploads_are_not_leaks():
    assert _ga033((CASES / "GA033" / "good_upload_files.yml").read_text("utf-8")) == []
    # the checkout without persist-credentials stays reported, at information level
    text = (
        "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - uses: actions/upload-artifact@v4\n        with:\n          path: ./hadolint\n"
        "      - uses: actions/upload-artifact@v4.6.2\n        with:\n          path: .\n"
        "      - uses: actions/upload-artifact@0123456789abcdef0123456789abcdef01234567\n"
        "        with:\n          path: .\n          include-hidden-files: ${{ inputs.hidden }}\n"
    )
    assert _ga033(text) == [(6, Severity.INFORMATION)]


@pytest.mark.parametrize(
    ("upload", "expected"),
    [
        ("actions/upload-artifact@v4.3.6\n        with:\n          path: '*'\n", Severity.WARNING),
        (
            "actions/upload-artifact@v4\n        with:\n          path: ${{ github.workspace }}\n          include-hidden-files: true\n",
            Severity.WARNING,
        ),
        ("actions/upload-artifact@v3\n        with:\n          path: '!.git'\n", Severity.INFORMATION),
        ("actions/upload-artifact@v3\n        with:\n          path: ${{ env.OUT }}\n", Severity.INFORMATION),
        ("actions/upload-artifact@v3\n", Severity.INFORMATION),
    ],
)
def test_upload_paths(upload: str, expected: Severity):
    text = (
        "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: "
        + upload
    )
    assert _ga033(text) == [(6, expected)]


def test_upload_before_the_checkout_does_not_count():
    text = (
        "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/upload-artifact@v3\n        with:\n          path: .\n"
        "      - uses: actions/checkout@v4\n        with:\n          persist-credentials: true\n"
    )
    assert _ga033(text) == []


def test_dangerous_checkout_names_a_write_token_only_when_one_may_exist():
    base = (
        "on: pull_request_target\n{perms}jobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n        with:\n          ref: ${{{{ github.event.pull_request.head.sha }}}}\n"
    )
    messages = {
        perms: [f.message for f in analyse(base.format(perms=perms), "github-actions", WF) if f.code == "GA031"]
        for perms in ("", "permissions: read-all\n", "permissions: {}\n", "permissions:\n  contents: write\n")
    }
    assert all(len(m) == 1 for m in messages.values())
    assert "write token" in messages[""][0] and "write token" in messages["permissions:\n  contents: write\n"][0]
    assert messages["permissions: read-all\n"][0].startswith('"pull_request_target" runs with secrets;')
    assert "write token" not in messages["permissions: {}\n"][0]


def test_reusable_workflow_is_not_reported_for_default_permissions():
    called = "on:\n  workflow_call:\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n"
    assert [f for f in analyse(called, "github-actions", WF) if f.code == "GA036"] == []
    broken = "on:\njobs:\n  b:\n    runs-on: ubuntu-latest\n"  # half-typed: no crash
    assert isinstance(analyse(broken, "github-actions", WF), list)


def test_credentials_of_throwaway_service_containers_are_information():
    findings = analyse((CASES / "GA034" / "bad_services.yml").read_text("utf-8"), "github-actions", WF)
    got = [(f.range.start.line + 1, f.severity) for f in findings if f.code == "GA034"]
    # MinIO's default as a password, the postgres service's password, the URLs holding MinIO's default
    # and that password: information; a GitHub token and a remote URL's password, even in a service's
    # env, and a token no service sets: errors (MINIO_ROOT_PASSWORD: minioadmin, if reported, is
    # information too)
    info, error = Severity.INFORMATION, Severity.ERROR
    assert [(line, s) for line, s in got if line != 16] == [
        (13, info),
        (20, info),
        (21, error),
        (22, error),
        (24, info),
        (25, info),
        (29, error),
    ]
    assert all(s == Severity.INFORMATION for line, s in got if line == 16)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        # another repository's workflow: warning; a local one: information
        ("GA048", [(6, Severity.WARNING), (9, Severity.INFORMATION)]),
        # no tag, latest: warning; pinned by tag only: information
        (
            "GA049",
            [(6, Severity.WARNING), (9, Severity.WARNING), (11, Severity.INFORMATION), (15, Severity.INFORMATION)],
        ),
    ],
)
def test_supply_chain_severities(code, expected):
    findings = analyse((CASES / code / "bad.yml").read_text("utf-8"), "github-actions", WF)
    assert [(f.range.start.line + 1, f.severity) for f in findings if f.code == code] == expected


# Issue 15 §4: a literal under a secret name is a secret whatever its entropy (Kubernetes K8019 too).
def test_low_entropy_literal_under_a_secret_name_is_reported():
    text = "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    env:\n      DB_PASSWORD: hunter2hunter2\n      EMPTY_TOKEN: ''\n    steps:\n      - run: make\n"
    got = [
        (f.range.start.line + 1, f.severity, f.message)
        for f in analyse(text, "github-actions", WF)
        if f.code == "GA034"
    ]
    assert got == [
        (
            6,
            Severity.ERROR,
            '"DB_PASSWORD" holds a credential (secret value) written in the workflow; use ${{ secrets.NAME }}',
        )
    ]
