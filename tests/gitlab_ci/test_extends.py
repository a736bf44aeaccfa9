"""``extends`` as GitLab merges it: hashes deep-merged key by key (the job's own win at every depth),
lists and scalars replaced whole; and the script rules that read the merged ``variables:``."""

from __future__ import annotations

from pathlib import Path

from infragenius.core.config import Config
from infragenius.core.document import Document
from infragenius.languages.gitlab_ci.parse import parse
from infragenius.languages.yaml import Mapping, Scalar

from ..helpers import analyse

PIPELINE = """\
.base:
  variables: {DIR: /srv/app, MODE: slow}
  cache: {key: deps, paths: [vendor/], policy: pull}
  tags: [docker]
  script: [make]
.middle:
  extends: .base
  variables: {MODE: fast}
job:
  extends: .middle
  variables: {EXTRA: "-v"}
  cache: {paths: [node_modules/]}
  tags: [shell]
"""


def _plain(node) -> object:
    if isinstance(node, Mapping):
        return {k.value: _plain(v) for k, v in node.items()}
    if isinstance(node, Scalar):
        return node.value
    return [_plain(item) for item in node.items]


def test_extends_deep_merges_hashes_and_replaces_lists() -> None:
    pipeline = parse(Document(uri="untitled:p", text=PIPELINE, language="gitlab-ci"))
    job = pipeline.jobs["job"]
    assert _plain(job.get("variables")) == {"DIR": "/srv/app", "MODE": "fast", "EXTRA": "-v"}
    assert _plain(job.get("cache")) == {"key": "deps", "paths": ["node_modules/"], "policy": "pull"}
    assert _plain(job.get("tags")) == ["shell"]
    assert _plain(job.get("script")) == ["make"]
    assert _plain(pipeline.jobs[".middle"].get("variables")) == {"DIR": "/srv/app", "MODE": "fast"}
    # a merged key keeps the job's own key node (positions point at what the job wrote)
    (mode_key,) = [k for k, _ in job.get("variables").items() if k.value == "MODE"]
    assert mode_key.start == PIPELINE.index("MODE: fast")


def test_script_rules_read_the_merged_variables() -> None:
    text = PIPELINE + '  after_script:\n    - rm -rf "$DIR/"*\n    - cp -r $DIR/x $MODE $EXTRA $OTHER\n'
    found = analyse(text, "gitlab-ci", Path(".gitlab-ci.yml"), config=Config.from_dict({"select": ["SH104", "SH107"]}))
    assert [(f.code, f.message.rsplit(": ", 1)[-1]) for f in found] == [("SH107", '"$OTHER"')]


def test_a_job_written_again_over_an_included_one_merges_with_it(tmp_path: Path) -> None:
    from ..helpers import write_files

    write_files(
        tmp_path,
        {
            ".gitlab-ci.yml": "include: ci/jobs.yml\ntest:\n  variables: {B: b}\n  after_script:\n    - cp $DIR $B $C\n",
            "ci/jobs.yml": "test:\n  variables: {DIR: /srv, C: c}\n  script: [make]\n",
        },
    )
    path = tmp_path / ".gitlab-ci.yml"
    found = analyse(path.read_text(), "gitlab-ci", path, config=Config.from_dict({"select": ["SH107"]}))
    assert found == []
