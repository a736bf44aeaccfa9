"""Find references of GitLab CI variables: every declaration (global and per job) and every
``$NAME``/``${NAME}`` use in the file's values, the name's range only; nothing for a predefined
variable, an escaped ``$$NAME``, or a pipeline that includes other files (its uses there are unknown)."""

from __future__ import annotations

from pathlib import Path

import pytest

from infragenius.languages.gitlab_ci.references import references

from .support import analysed, at

PIPELINE = Path(__file__).parent / "references_yaml" / "variables" / ".gitlab-ci.yml"
IMAGE = [(1, 2, 7), (14, 4, 9), (6, 10, 15), (8, 25, 30), (11, 11, 16), (16, 14, 19)]


def _lines(answer) -> list[tuple[int, int, int]] | None:
    if answer is None:
        return None
    assert all(path is None for path, _ in answer)
    return [(r.start.line, r.start.column, r.end.column) for _, r in answer]


@pytest.mark.parametrize(
    "needle, delta, expected",
    [
        ("IMAGE:", 1, IMAGE),  # the global declaration
        ("image: $IMAGE", 9, IMAGE),  # a use
        ("${IMAGE}", 3, IMAGE),  # a braced use inside a script
        ("deploy $IMAGE", 9, IMAGE),  # the job's own declaration shadows it: the same name all the same
        ("TAG:", 0, [(5, 4, 7), (8, 33, 36)]),
        ("$CI_COMMIT", 2, None),  # predefined: no declaration here
        ("$IMAGE_TAG", 3, None),  # another name, declared nowhere
        ("$$IMAGE", 3, None),  # escaped: a literal
    ],
)
def test_variable_references(needle: str, delta: int, expected) -> None:
    document, model = analysed(PIPELINE, "gitlab-ci")
    position = at(document.text, needle, delta)
    assert _lines(references(document, model, position, True)) == expected
    if expected:
        assert _lines(references(document, model, position, False)) == [
            r for r in expected if r not in [(1, 2, 7), (14, 4, 9), (5, 4, 7)]
        ]


def test_a_pipeline_with_includes_is_not_answered(tmp_path: Path) -> None:
    path = tmp_path / ".gitlab-ci.yml"
    path.write_text(PIPELINE.read_text("utf-8") + "include:\n  - local: ci/more.yml\n", "utf-8")
    document, model = analysed(path, "gitlab-ci")
    assert references(document, model, at(document.text, "IMAGE:", 1), True) is None
