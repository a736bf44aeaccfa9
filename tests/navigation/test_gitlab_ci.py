"""GitLab CI: job references jump to the job key (also in local includes); keyword and job-name
completion."""

from __future__ import annotations

from infragenius.core.document import Range
from infragenius.languages.gitlab_ci.completion import completion
from infragenius.languages.gitlab_ci.definition import definition

from .support import analysed, at, write

BASE = ".base:\n  image: alpine:3.20\n  before_script: [echo setup]\nlint:\n  script: [ruff .]\n"
PIPELINE = """include:
  - local: ci/base.yml
stages: [build, test]
build:
  stage: build
  extends: .base
  script: [make]
test:
  stage: test
  needs: [build, {job: lint}, {project: other/repo, job: build, ref: main}]
  dependencies:
    - build
  script:
    - !reference [.base, before_script]
    - make test
  environment:
    name: review
    on_stop: stop
stop:
  script: [echo]
  variables:
    needs: build
"""


def _pipeline(tmp_path, text=PIPELINE):
    write(tmp_path, {".gitlab-ci.yml": text, "ci/base.yml": BASE})
    (tmp_path / ".git").mkdir(exist_ok=True)
    return analysed(tmp_path / ".gitlab-ci.yml", "gitlab-ci", text)


def test_job_references_jump_to_the_job_key(tmp_path):
    document, model = _pipeline(tmp_path)
    base_file = tmp_path / "ci" / "base.yml"
    build = Range.of(3, 0, 3, 5)
    assert definition(document, model, at(PIPELINE, "build, {job", 2)) == (None, build, Range.of(9, 10, 9, 15))
    assert definition(document, model, at(PIPELINE, "- build", 4)) == (None, build, Range.of(11, 6, 11, 11))
    assert definition(document, model, at(PIPELINE, "on_stop: stop", 10)) == (
        None,
        Range.of(18, 0, 18, 4),
        Range.of(17, 13, 17, 17),
    )
    # in a local include
    assert definition(document, model, at(PIPELINE, ".base\n", 1)) == (
        base_file,
        Range.of(0, 0, 0, 5),
        Range.of(5, 11, 5, 16),
    )
    assert definition(document, model, at(PIPELINE, "job: lint", 6)) == (
        base_file,
        Range.of(3, 0, 3, 4),
        Range.of(9, 23, 9, 27),
    )


def test_reference_tags_stages_and_includes(tmp_path):
    document, model = _pipeline(tmp_path)
    base_file = tmp_path / "ci" / "base.yml"
    assert definition(document, model, at(PIPELINE, "[.base,", 2)) == (
        base_file,
        Range.of(0, 0, 0, 5),
        Range.of(13, 18, 13, 23),
    )
    assert definition(document, model, at(PIPELINE, "before_script]", 3)) == (
        base_file,
        Range.of(2, 2, 2, 15),
        Range.of(13, 25, 13, 38),
    )
    assert definition(document, model, at(PIPELINE, "stage: test", 8)) == (
        None,
        Range.of(2, 16, 2, 20),
        Range.of(8, 9, 8, 13),
    )
    assert definition(document, model, at(PIPELINE, "ci/base.yml", 2)) == (
        base_file,
        Range.of(0, 0, 0, 0),
        Range.of(1, 11, 1, 22),
    )


def test_no_definition_where_the_name_is_not_a_job_of_these_files(tmp_path):
    document, model = _pipeline(tmp_path)
    assert definition(document, model, at(PIPELINE, "job: build, ref", 6)) is None  # another project's job
    assert definition(document, model, at(PIPELINE, "needs: build", 8)) is None  # a variable named needs
    assert definition(document, model, at(PIPELINE, "build:", 1)) is None  # the job key itself
    assert definition(document, model, at(PIPELINE, "make test", 1)) is None


TYPING = """stages: [build, test]
.template:
  image: alpine:3.20
build:
  stage: build
  script: [make]
  ar
test:
  extends: .t
  needs: [build, ]
  dependencies:
    - bu
  script:
    - echo
default:
  im
"""


def test_keyword_completion_inside_a_job_and_default(tmp_path):
    document, model = _pipeline(tmp_path, TYPING)
    items = completion(document, model, at(TYPING, "  ar\n", 4))
    labels = [i.label for i in items]
    assert "artifacts" in labels and "allow_failure" in labels
    assert "stage" not in labels and "script" not in labels  # already there
    artifacts = items[labels.index("artifacts")]
    assert artifacts.range == Range.of(6, 2, 6, 4) and artifacts.insert_text == "artifacts: "
    assert artifacts.detail == "map" and artifacts.documentation.startswith("Files and directories")
    defaults = [i.label for i in completion(document, model, at(TYPING, "  im\n", 4))]
    assert "image" in defaults and "script" not in defaults and "stage" not in defaults
    assert completion(document, model, at(TYPING, "    - echo", 6)) is None  # a script line


def test_job_name_completion_in_needs_dependencies_and_extends(tmp_path):
    document, model = _pipeline(tmp_path, TYPING)
    needs = completion(document, model, at(TYPING, "[build, ]", 8))
    assert [(i.label, i.detail) for i in needs] == [("build", "stage build")]
    assert needs[0].range == Range.of(9, 17, 9, 17)
    listed = completion(document, model, at(TYPING, "- bu", 4))
    assert [i.label for i in listed] == ["build"] and listed[0].range == Range.of(11, 6, 11, 8)
    extends = completion(document, model, at(TYPING, ".t\n", 2))
    assert [(i.label, i.kind) for i in extends] == [(".template", "class"), ("build", "reference")]
    assert extends[0].range == Range.of(8, 11, 8, 13)
