"""Go-to-definition in workflows: ``needs:`` job names and the names expressions read jump to the
key that declares them; nothing for a name the workflow does not declare."""

from __future__ import annotations

from pathlib import Path

import pytest

from infragenius.core.document import Document, Position, Range
from infragenius.languages.github_actions.definition import definition

from ..navigation.support import analysed, at

HERE = Path(__file__).parent / "navigation"
WF = Path("/repo/.github/workflows/ci.yml")
TEXT = (HERE / "references.yml").read_text("utf-8")


@pytest.fixture(scope="module")
def parsed():
    return analysed(WF, "github-actions", TEXT)


def _go(parsed, needle: str, delta: int = 0, nth: int = 0):
    document, model = parsed
    return definition(document, model, at(TEXT, needle, delta, nth))


def _r(line: int, start: int, end: int) -> Range:
    return Range.of(line, start, line, end)


BUILD, TEST = _r(23, 2, 7), _r(51, 2, 6)


@pytest.mark.parametrize(
    "needle,delta,nth,targets,origin",
    [
        # needs: as a string and as a list
        ("needs: build", 8, 0, [BUILD], _r(52, 11, 16)),
        ("[build, test", 2, 0, [BUILD], _r(59, 12, 17)),
        ("[build, test", 9, 0, [TEST], _r(59, 19, 23)),
        # needs.<job>, needs.<job>.outputs.<name>, and jobs.<job>... in a workflow_call output
        ("needs.build.outputs.tag", 8, 0, [BUILD], _r(57, 28, 33)),
        ("needs.build.outputs.tag", 21, 0, [_r(37, 6, 9)], _r(57, 42, 45)),
        ("needs.test.result", 7, 0, [TEST], _r(60, 14, 18)),
        ("jobs.build.outputs.digest", 6, 0, [BUILD], _r(11, 24, 29)),
        ("jobs.build.outputs.digest", 13, 0, [_r(35, 4, 11)], _r(11, 30, 37)),  # "outputs": the outputs key
        ("jobs.build.outputs.digest", 21, 0, [_r(36, 6, 12)], _r(11, 38, 44)),
        # steps.<id>: the id of an earlier step (any step of the job in job outputs and environment.url)
        ("steps.meta.outcome", 7, 0, [_r(39, 12, 16)], _r(46, 18, 22)),
        ("steps.push.outputs.digest", 7, 0, [_r(45, 12, 16)], _r(36, 24, 28)),
        ("steps.push.outputs.digest", 20, 0, [_r(45, 12, 16)], _r(36, 37, 43)),
        ("steps.meta.outputs.version", 7, 0, [_r(39, 12, 16)], _r(37, 21, 25)),
        ("steps.release.outputs.url", 8, 0, [_r(67, 12, 19)], _r(64, 21, 28)),
        # matrix: a key of the matrix itself, else every include row that adds it
        ("matrix.os", 8, 0, [_r(30, 8, 10)], _r(44, 51, 53)),
        ("matrix.flavour", 8, 0, [_r(33, 12, 19), _r(34, 12, 19)], _r(44, 29, 36)),
        # inputs of workflow_call and workflow_dispatch; an index with a string is a name too
        ("inputs.target", 8, 0, [_r(3, 6, 12), _r(14, 6, 12)], _r(47, 83, 89)),
        ("inputs.target", 8, 1, [_r(3, 6, 12), _r(14, 6, 12)], _r(68, 35, 41)),
        ("'dry-run'", 2, 0, [_r(17, 6, 13)], _r(50, 49, 56)),
        # env: the step's own env, then the job's, then the workflow's
        ("env.REGION", 5, 0, [_r(42, 10, 16)], _r(44, 65, 71)),
        ("env.LEVEL", 5, 0, [_r(27, 6, 11)], _r(47, 26, 31)),
        ("env.REGION", 5, 1, [_r(20, 2, 8)], _r(47, 43, 49)),
        # secrets declared by workflow_call
        ("secrets.DEPLOY_KEY", 9, 0, [_r(7, 6, 16)], _r(48, 30, 40)),
    ],
)
def test_definition_targets(parsed, needle, delta, nth, targets, origin):
    assert _go(parsed, needle, delta, nth) == [(None, target, origin) for target in targets]


@pytest.mark.parametrize(
    "needle,delta,nth",
    [
        ("ghost]", 1, 0),  # needs: a job that does not exist
        ("needs: build", 8, 1),  # a variable named "needs" under env:
        ("needs.ghost", 7, 0),
        ("needs.build.result", 14, 0),  # result is not declared anywhere
        ("needs.build.outputs.none", 21, 0),  # no such output
        ("needs.build", 2, 0),  # the context name itself
        ("steps.push.outcome", 8, 0),  # the step's own id: it has not run yet
        ("steps.later", 8, 0),  # a later step
        ("steps.meta.outputs.minutes", 7, 0),  # timeout-minutes: no steps context there
        ("matrix.nope", 8, 0),
        ("env.MISSING", 5, 0),
        ("secrets.GITHUB_TOKEN", 9, 0),  # GitHub's own, declared nowhere
        ("  build:", 3, 0),  # a job key
        ("docker/metadata-action", 3, 0),
        ("echo ${{", 1, 0),
    ],
)
def test_nothing_for_names_the_workflow_does_not_declare(parsed, needle, delta, nth):
    assert _go(parsed, needle, delta, nth) is None


def test_unclosed_expression_and_action_inputs():
    text = "on: push\njobs:\n  a:\n    steps:\n      - id: v\n        run: x\n      - run: echo ${{ steps.v.outputs\n"
    document, model = analysed(WF, "github-actions", text)
    assert definition(document, model, at(text, "steps.v", 6)) == [(None, _r(4, 12, 13), _r(6, 28, 29))]
    action = "name: a\ninputs:\n  token:\n    required: true\nruns:\n  using: composite\n  steps:\n    - run: echo ${{ inputs.token }}\n      shell: bash\n"
    document, model = analysed(Path("/repo/action.yml"), "github-actions", action)
    assert definition(document, model, at(action, "inputs.token", 8)) == [(None, _r(2, 2, 7), _r(7, 27, 32))]


def test_no_model_and_positions_past_the_end():
    document = Document(uri="file:///w.yml", text="jobs: {}\n")
    assert definition(document, None, Position(0, 0)) is None
    document, model = analysed(WF, "github-actions", TEXT)
    assert definition(document, model, Position(500, 90)) is None
    assert definition(document, model, Position(47, 500)) is None
