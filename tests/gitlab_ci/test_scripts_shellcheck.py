"""ShellCheck's frequent checks on job scripts (SH107-SH110): a job's lines run in one shell, and
which variables are known (SH107, SC2086); the reviewed findings on the corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from infragenius.core.config import Config
from infragenius.core.detect import detect
from infragenius.core.document import Document, decode
from infragenius.core.engine import Engine

from ..conftest import corpus_dir
from ..helpers import analyse, golden_line

CODES = ["SH107", "SH108", "SH109", "SH110"]


def _unquoted(text: str) -> list[str]:
    found = analyse(text, "gitlab-ci", Path(".gitlab-ci.yml"))
    return [
        f"{f.range.start.line + 1}:{f.range.start.column + 1} {f.message.split(': ', 1)[1]}"
        for f in found
        if f.code == "SH107"
    ]


def test_a_variable_set_on_an_earlier_line_of_the_same_shell_is_known() -> None:
    text = (
        "build:\n  before_script:\n    - VERSION=1.2.3\n  script:\n    - tar czf app-$VERSION.tgz dist\n"
        "  after_script:\n    - rm app-$VERSION.tgz\n"  # a new shell: VERSION is not set there
    )
    assert _unquoted(text) == ['7:14 "$VERSION"']


def test_positions_on_later_lines_of_a_block() -> None:
    text = "build:\n  script:\n    - echo start\n    - |\n      cd dist\n      cp $FILE out/\n"
    assert _unquoted(text) == ['6:10 "$FILE"']


@pytest.mark.parametrize(
    "variables,expected",
    [
        ("  OUT: $CI_PROJECT_DIR/out", []),  # GitLab's one-word variables expand inside variables too
        ("  OUT: $CI_COMMIT_TITLE", ['"$OUT"']),  # free text
        ("  OUT: $$HOME/out", []),  # ``$$`` is a literal ``$``
        ("  OUT: {value: build out, description: where}", []),  # written out: meant as written
        ("  OUT: $FROM_SETTINGS", ['"$OUT"']),  # set in the project's settings: unknown
    ],
)
def test_variables_written_out_are_known(variables: str, expected: list[str]) -> None:
    text = f"variables:\n{variables}\nbuild:\n  script:\n    - cp -r dist $OUT\n"
    assert [m.split(" ", 1)[1] for m in _unquoted(text)] == expected


def test_free_text_predefined_variables_are_reported() -> None:
    text = "a:\n  script:\n    - echo $CI_COMMIT_MESSAGE $CI_JOB_NAME $CI_COMMIT_SHA $CI_REGISTRY_IMAGE\n"
    assert _unquoted(text) == ['3:12 "$CI_COMMIT_MESSAGE"', '3:31 "$CI_JOB_NAME"']


def test_job_variables_override_the_global_ones_and_merge_along_extends() -> None:
    text = (
        "variables:\n  TAG: latest\n"
        ".base:\n  variables:\n    REGISTRY: registry.example.com\n"
        "push:\n  extends: .base\n  variables:\n    TAG: $CI_COMMIT_MESSAGE\n"
        "  script:\n    - docker push $REGISTRY/app:$TAG\n"
    )
    assert _unquoted(text) == ['11:33 "$TAG"']


def test_a_hidden_job_sees_what_every_job_extending_it_sets() -> None:
    template = ".deploy:\n  script:\n    - helm upgrade app chart -n $NAMESPACE\n"
    staging = "staging:\n  extends: .deploy\n  variables:\n    NAMESPACE: staging\n"
    production = "production:\n  extends: .deploy\n  variables:\n    NAMESPACE: production\n"
    assert _unquoted(template + staging + production) == []
    assert _unquoted(template + staging + "other:\n  extends: .deploy\n") == ['3:33 "$NAMESPACE"']


def test_a_variable_the_script_assigns_is_judged_by_the_script() -> None:
    text = "variables:\n  V: '1'\nbuild:\n  script:\n    - V=$(git describe)\n    - echo $V\n"
    assert _unquoted(text) == ['6:12 "$V"']


# -- the corpus: every finding of SH107-SH110 was read in context -----------------------------------
EXPECTED = Path(__file__).with_name("corpus_shellcheck.expected")


def test_corpus_findings_are_the_reviewed_ones() -> None:
    root = corpus_dir("gitlab-ci")
    engine = Engine(Config(select=CODES))
    found = []
    for path in sorted(root.rglob("*.y*ml")):
        text = decode(path.read_bytes())
        if detect(path, text) != "gitlab-ci":
            continue
        doc = Document(uri=path.resolve().as_uri(), text=text, language="gitlab-ci", path=path)
        rel = path.relative_to(root).as_posix()
        found += [f"{rel}:{golden_line(f)}" for f in engine.analyse(doc, use_cache=False).findings if f.code in CODES]
    expected = [line for line in EXPECTED.read_text("utf-8").splitlines() if line.strip() and not line.startswith("#")]
    assert found == expected
