"""GitLab CI precision cases found by the corpus audit: what we cannot know gives no finding."""

from __future__ import annotations

from pathlib import Path

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
