"""GA053/GL017 judge whether folders exist, which the result cache cannot check again on a hit: a
workflow with a build is analysed on every run, so a context created since the last run is seen."""

from __future__ import annotations

import json

WORKFLOW = """\
on: push
jobs:
  image:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - uses: docker/build-push-action@v6
        with:
          context: app
"""


def test_a_context_created_since_the_last_run_is_seen(cli, isolated):
    (isolated / ".infragenius.toml").write_text('select = ["GA053"]\n')
    (isolated / "README.md").write_text("# app\n")
    (isolated / ".github/workflows").mkdir(parents=True)
    (isolated / ".github/workflows/build.yml").write_text(WORKFLOW)
    for _ in range(2):  # the second run must not serve the first from the cache either
        run = cli("check", "--format", "json")
        found = [(f["code"], f["message"], f["location"]) for f in json.loads(run.out)]
        assert found == [("GA053", 'Build context "app" is not a folder of the repository', {"row": 9, "column": 20})]
    (isolated / "app").mkdir()
    (isolated / "app/Dockerfile").write_text("FROM alpine:3.20\n")
    run = cli("check", "--format", "json")
    assert (run.code, run.out) == (0, "[]\n")
