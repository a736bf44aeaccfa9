"""The CIS Docker Benchmark pack (Professional): one finding per control, exact positions."""

from __future__ import annotations

import pytest

from infragenius.core.rules import REGISTRY
from infragenius.tiers import state

from ..helpers import analyse
from .conftest import make

BAD = """FROM python:3.12 AS build
RUN apt-get update
ADD app.py /app/
ENV DB_PASSWORD=hunter2
RUN git clone https://deploy:s3cr3t@git.example.com/app.git && echo AKIAIOSFODNN7EXAMPLE
FROM build
HEALTHCHECK NONE
"""

GOOD = """FROM python:3.12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8
COPY app.py /app/
RUN --mount=type=secret,id=git_token git clone "https://deploy:$(cat /run/secrets/git_token)@git.example.com/app.git"
USER app
HEALTHCHECK CMD curl -fs http://localhost/ || exit 1
CMD ["python", "/app/app.py"]
"""


def cis(text: str) -> list[tuple[str, str, str]]:
    out = []
    for f in analyse(text, "dockerfile"):
        if f.code.startswith("CD"):
            r = f.range
            out.append(
                (f.code, f"{r.start.line + 1}:{r.start.column + 1}-{r.end.line + 1}:{r.end.column + 1}", f.message)
            )
    return out


@pytest.fixture
def professional(keys):
    state.set_editor_token(make(keys, tier="professional"))


def test_pack_is_silent_for_community(keys) -> None:
    assert cis(BAD) == []


def test_each_control_reports_at_the_offending_token(professional) -> None:
    assert cis(BAD) == [
        (
            "CD003",
            "2:5-2:19",
            "CIS 4.7: Package index update without an install in the same RUN; the cached lists go stale",
        ),
        ("CD004", "3:1-3:4", "CIS 4.9: Use COPY instead of ADD for files and folders"),
        ("CD005", "4:5-4:16", 'CIS 4.10: Do not use ARG or ENV instructions for sensitive data (ENV "DB_PASSWORD")'),
        ("CD005", "5:30-5:36", "CIS 4.10: A password is written in a URL in the Dockerfile"),
        ("CD005", "5:69-5:89", "CIS 4.10: Secret in the Dockerfile (an AWS access key)"),
        ("CD001", "6:6-6:11", "CIS 4.1: No USER in the final stage; the container runs as root"),
        ("CD002", "7:13-7:17", "CIS 4.6: HEALTHCHECK NONE disables the health check"),
    ]


def test_good_file_has_no_cis_finding(professional) -> None:
    assert cis(GOOD) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "FROM alpine:3.20\nUSER root\nHEALTHCHECK CMD true\n",
            [("CD001", "2:6-2:10", "CIS 4.1: Last USER should not be root")],
        ),
        (
            "FROM alpine:3.20\nHEALTHCHECK CMD true\n",
            [("CD001", "1:6-1:17", "CIS 4.1: No USER in the final stage; the container runs as root")],
        ),
        ("FROM alpine:3.20 AS base\nUSER app\nFROM base\nHEALTHCHECK CMD true\n", []),  # USER inherited from a stage
        ('FROM gcr.io/distroless/static:nonroot\nHEALTHCHECK CMD ["/app", "-health"]\n', []),
        ("FROM $BASE\n", []),  # unknown base image: it may set USER and HEALTHCHECK
        (
            "FROM alpine:3.20\nUSER app\n",
            [("CD002", "1:6-1:17", "CIS 4.6: No HEALTHCHECK instruction in the final stage")],
        ),
        ("FROM alpine:3.20\nUSER app\nHEALTHCHECK NONE\nHEALTHCHECK CMD true\n", []),  # the last one is in force
    ],
)
def test_user_and_healthcheck_controls(professional, text, expected) -> None:
    assert cis(text) == expected


def test_add_fix_is_kept_under_the_control_code(professional) -> None:
    (finding,) = [
        f
        for f in analyse("FROM alpine:3.20\nUSER app\nHEALTHCHECK CMD true\nADD conf/ /etc/app/\n", "dockerfile")
        if f.code == "CD004"
    ]
    assert finding.fix.title == "Replace ADD with COPY" and finding.fix.applicability == "safe"


def test_secret_references_are_not_secrets(professional) -> None:
    text = 'FROM alpine:3.20\nUSER app\nHEALTHCHECK CMD true\nRUN curl -u "x:${TOKEN}" https://u:${PASS}@example.com/\n'
    assert cis(text) == []


def test_every_control_is_documented_with_bad_and_good() -> None:
    REGISTRY.rules_for("dockerfile")
    rules = [REGISTRY.get(f"CD00{i}") for i in range(1, 6)]
    assert [r.aliases for r in rules] == [
        ("cis-docker:4.1",),
        ("cis-docker:4.6",),
        ("cis-docker:4.7",),
        ("cis-docker:4.9",),
        ("cis-docker:4.10",),
    ]
    for rule in rules:
        docs = rule.docs()
        assert docs.startswith("CIS Docker 4.") and "Professional" in docs and "Bad:" in docs and "Good:" in docs
        assert rule.requires == "premium-rules"
