"""GitLab CI precision cases found by the corpus audit: what we cannot know gives no finding."""

from __future__ import annotations

from pathlib import Path

from infragenius.core.findings import Severity

from ..helpers import analyse


def _findings(path: Path, text: str, code: str) -> list[str]:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return [f"{f.range.start.line + 1} {f.message}" for f in analyse(text, "gitlab-ci", path) if f.code == code]


FRAGMENT = "include:\n  - local: ci/other.yml\nlint:\n  script: make lint\n"


def test_missing_include_not_reported_without_a_repository_root(tmp_path: Path) -> None:
    # No .git and no .gitlab-ci.yml above the file: where local paths start is a guess.
    assert _findings(tmp_path / "templates" / "lint.gitlab-ci.yml", FRAGMENT, "GL014") == []


def test_missing_include_reported_from_a_known_repository_root(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    found = _findings(tmp_path / "templates" / "lint.gitlab-ci.yml", FRAGMENT, "GL014")
    assert found == ["2 Included file 'ci/other.yml' does not exist"]


# Issue 15 §4: a literal under a secret name is a secret whatever its entropy (Kubernetes K8019 too).
def test_low_entropy_literal_under_a_secret_name_is_reported(tmp_path: Path) -> None:
    text = "variables:\n  DB_PASSWORD: hunter2hunter2\n  EMPTY_TOKEN: ''\ntest:\n  script: make test\n"
    assert _findings(tmp_path / ".gitlab-ci.yml", text, "GL012") == [
        "2 'DB_PASSWORD' holds a secret in clear text (secret value); use a masked CI/CD variable"
    ]


def test_a_throwaway_service_credential_is_information(tmp_path: Path) -> None:
    # POSTGRES_PASSWORD configures the job's postgres service; DB_PASSWORD is nobody's service
    text = "variables:\n  POSTGRES_PASSWORD: postgres\n  DB_PASSWORD: postgres\ntest:\n  services: [postgres:16]\n  script: make test\n"
    path = tmp_path / ".gitlab-ci.yml"
    path.write_text(text, encoding="utf-8")
    got = [(f.range.start.line + 1, f.severity) for f in analyse(text, "gitlab-ci", path) if f.code == "GL012"]
    assert got == [(2, Severity.INFORMATION), (3, Severity.ERROR)]
