"""Completion in workflows: contexts, functions and context members inside ``${{ }}``, job names in
``needs:``, and the keys a workflow, job, step or section may still take."""

from __future__ import annotations

from pathlib import Path

import pytest

from infragenius.core.document import Document, Position, Range
from infragenius.languages.github_actions import schema
from infragenius.languages.github_actions.completion import completion

from ..navigation.support import analysed, at

HERE = Path(__file__).parent / "navigation"
WF = Path("/repo/.github/workflows/ci.yml")
TEXT = (HERE / "references.yml").read_text("utf-8")
EXPECTED = dict(
    line.split(": ", 1)
    for line in (HERE / "completion.expected").read_text("utf-8").splitlines()
    if line and not line.startswith("#")
)


def expected(case: str) -> list[str]:
    return EXPECTED[case].split(", ")


def _items(text: str, needle: str, delta: int = 0, nth: int = 0, path: Path = WF):
    document, model = analysed(path, "github-actions", text)
    return completion(document, model, at(text, needle, delta, nth))


def _labels(text: str, needle: str, delta: int = 0, nth: int = 0, path: Path = WF) -> list[str] | None:
    items = _items(text, needle, delta, nth, path)
    return None if items is None else [i.label for i in items]


def _r(line: int, start: int, end: int) -> Range:
    return Range.of(line, start, line, end)


# -- inside ${{ }} ----------------------------------------------------------------------------------
def test_contexts_and_functions_available_where_the_expression_is():
    outputs = _items(TEXT, "tag: ${{ steps", 11)  # cursor inside the typed "steps"
    assert [i.label for i in outputs] == expected("job-outputs-start")
    assert outputs[0].range == _r(37, 15, 20)  # the whole word "steps" is replaced
    assert outputs[0].kind == "module" and outputs[0].documentation.startswith("Information about the run")
    fmt = next(i for i in outputs if i.label == "format")
    assert (fmt.kind, fmt.detail, fmt.insert_text) == ("function", "format(template, args...)", "format(")
    assert _labels(TEXT, "if: needs.test", 4) == expected("job-if-start")  # a bare job if:
    step_if = _items(TEXT, "if: steps.meta", 4)
    assert [i.label for i in step_if] == expected("step-if-start")
    assert next(i for i in step_if if i.label == "always").insert_text == "always()"


def test_no_context_where_github_allows_none():
    text = "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - id: ${{ x\n        run: make\n"
    assert _labels(text, "${{ x", 5) == [
        "contains",
        "startsWith",
        "endsWith",
        "format",
        "join",
        "toJSON",
        "fromJSON",
        "case",
    ]


@pytest.mark.parametrize(
    "needle,delta,nth,labels",
    [
        ("if: steps.meta", 10, 0, ["meta"]),  # in step "push": only the steps before it
        ("tag: ${{ steps.", 15, 0, ["meta", "push", "later"]),  # job outputs: every step
        ("${{ steps.later", 10, 0, ["meta", "push"]),
        ("url: ${{ steps.release", 15, 0, ["release"]),  # environment.url
        ("steps.meta.outcome", 11, 0, ["outputs", "outcome", "conclusion"]),
        ("needs.build.outputs.tag", 6, 0, ["build"]),  # the jobs this job needs
        ("needs.build.outputs.digest", 6, 0, ["build", "test"]),  # "ghost" is no job
        ("needs.build.outputs.tag", 12, 0, ["outputs", "result"]),
        ("needs.build.outputs.tag", 20, 0, ["digest", "tag"]),
        ("jobs.build", 5, 0, ["build", "test", "deploy"]),  # a workflow_call output: every job
        ("matrix.flavour", 7, 0, ["os", "flavour"]),
        ("inputs.target", 7, 0, ["target", "dry-run"]),
        ("secrets.DEPLOY", 8, 0, ["DEPLOY_KEY", "GITHUB_TOKEN"]),
        ("${{ env.REGION", 8, 0, ["REGION", "LEVEL"]),  # step env first, then the job's
        ("${{ env.REGION", 8, 1, ["LEVEL", "REGION"]),  # the job's LEVEL hides the workflow's
    ],
)
def test_members_of_a_context(needle, delta, nth, labels):
    assert _labels(TEXT, needle, delta, nth) == labels


def test_member_details_and_ranges():
    steps = _items(TEXT, "tag: ${{ steps.meta", 15)
    assert [(i.label, i.kind, i.detail) for i in steps] == [
        ("meta", "reference", "docker/metadata-action@v5"),
        ("push", "reference", "run"),
        ("later", "reference", "run"),
    ]
    assert steps[0].range == _r(37, 21, 25)
    outputs = _items(TEXT, "needs.build.outputs.tag", 20)
    assert [(i.label, i.detail) for i in outputs] == [
        ("digest", "${{ steps.push.outputs.digest }}"),
        ("tag", "${{ steps.meta.outputs.version }}"),
    ]
    assert outputs[1].range == _r(57, 42, 45)
    matrix = _items(TEXT, "matrix.flavour", 7)
    assert [(i.label, i.detail) for i in matrix] == [("os", "string"), ("flavour", "string")]
    inputs = _items(TEXT, "inputs.target", 7)
    assert [(i.label, i.detail, i.documentation) for i in inputs] == [
        ("target", "input (string)", "Where to deploy"),
        ("dry-run", "input (boolean)", None),
    ]
    env = _items(TEXT, "${{ env.REGION", 8)
    assert [i.detail for i in env] == ["step env: us-east-1", "job env: debug"]
    action = _items(TEXT, "steps.meta.outputs.version", 19)
    assert [i.label for i in action][:3] == ["version", "tags", "labels"]
    assert action[0].detail == "output of docker/metadata-action"


def test_github_properties_come_from_the_schema_table():
    text = TEXT.replace("echo ${{ needs.build.outputs.digest }}", "echo ${{ github.")
    items = _items(text, "${{ github.", 11)
    assert [i.label for i in items] == list(schema.CONTEXT_PROPERTIES["github"][0])
    details = {i.label: i.detail for i in items}
    assert details["sha"] == "string" and details["retention_days"] == "number"
    assert items[0].range == _r(66, 29, 29)


@pytest.mark.parametrize(
    "needle,delta",
    [
        ("timeout-minutes: ${{ steps.", 27),  # no steps context in timeout-minutes
        ("steps.meta.outputs.minutes", 11),  # nor its members
        ("${{ steps.later.", 16),  # the step runs later: its members are unknown here
    ],
)
def test_nothing_where_a_context_is_unavailable(needle, delta):
    assert _labels(TEXT, needle, delta) is None


@pytest.mark.parametrize(
    "typed",
    [
        "${{ steps.push.outputs.",  # a run step: its outputs are unknown
        "${{ vars.",  # configuration variables live on GitHub
        "${{ github.event.",
        "${{ fromJSON(x).",  # a property of a call result
        "${{ 'steps.",  # inside a string literal
        "${{ a b",  # no operator between two names
        "${{ steps.push }} done",  # after the expression
    ],
)
def test_nothing_where_nothing_is_known(typed):
    text = TEXT.replace("echo ${{ needs.build.outputs.digest }}", "echo " + typed)
    assert _labels(text, typed, len(typed), 0) is None


def test_half_typed_expressions_at_the_end_of_the_file():
    text = "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - id: first\n        run: x\n      - run: echo ${{ steps."
    items = _items(text, "${{ steps.", 10)
    assert [i.label for i in items] == ["first"] and items[0].range == _r(7, 28, 28)
    text = "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo ${{ mat"
    assert "matrix" in _labels(text, "${{ mat", 7)


def test_composite_action_inputs_and_unknown_place():
    action = "name: a\ninputs:\n  token:\n    description: The token\nruns:\n  using: composite\n  steps:\n    - run: echo ${{ inputs. }}\n      shell: bash\n"
    path = Path("/repo/action.yml")
    assert [(i.label, i.documentation) for i in _items(action, "inputs.", 7, path=path)] == [("token", "The token")]
    assert _labels(action, "${{ inputs", 4, path=path) == expected("unknown-place-start")


# -- needs: ----------------------------------------------------------------------------------------
NEEDS = """on: push
jobs:
  lint:
    runs-on: x
  build:
    needs: lint
    runs-on: x
  test:
    needs: [build, ]
    runs-on: x
  deploy:
    name: Deploy it
    needs:
      - test
      - 
    runs-on: x
"""


def test_needs_offers_other_jobs_without_cycles_or_repeats():
    flow = _items(NEEDS, "[build, ", 8)  # test: not itself, not build (listed), not deploy (it needs test)
    assert [(i.label, i.kind, i.detail) for i in flow] == [("lint", "reference", "job")]
    assert flow[0].range == _r(8, 19, 19)
    assert _labels(NEEDS, "      - \n", 8) == ["lint", "build"]
    plain = _items(NEEDS, "needs: lint", 9)  # replacing a plain value
    assert [i.label for i in plain] == ["lint"] and plain[0].range == _r(5, 11, 15)
    typed = NEEDS.replace("  lint:\n    runs-on: x\n", "  lint:\n    runs-on: x\n  docs:\n    needs: \n")
    assert [(i.label, i.detail) for i in _items(typed, "needs: \n", 7)] == [
        ("lint", "job"),
        ("build", "job"),
        ("test", "job"),
        ("deploy", "Deploy it"),
    ]
    cyclic = NEEDS.replace("  lint:\n", "  lint:\n    needs: \n")
    assert _items(cyclic, "needs: \n", 7) is None  # every other job needs lint


# -- keys -------------------------------------------------------------------------------------------
KEYS = """on:
  push:
  pu
jobs:
  build:
    runs-on: x
    strategy:
      matrix: {a: [1]}
      fa
    
    steps:
      - uses: actions/checkout@v4
        wi
      - na
      - run: |
          make
          te
    env:
      FO
    container:
      image: x
      

"""


def test_keys_not_yet_present():
    job = _items(KEYS, "    \n    steps", 4)
    assert [i.label for i in job] == expected("job-keys")  # no uses/with/secrets beside steps
    needs = next(i for i in job if i.label == "needs")
    assert needs.insert_text == "needs: " and needs.detail == "job key" and needs.range == _r(9, 4, 4)
    assert needs.documentation.startswith("Jobs that must succeed")
    step = _items(KEYS, "        wi", 10)
    assert [i.label for i in step] == expected("uses-step-keys") and step[0].range == _r(12, 8, 10)
    assert _labels(KEYS, "      - na", 10) == expected("new-step-keys")
    assert _labels(KEYS, "\n\n", 1) == expected("top-keys")
    assert _labels(KEYS, "      fa", 8) == ["fail-fast", "max-parallel"]
    assert _labels(KEYS, "image: x\n      ", 15) == expected("container-keys")
    events = _labels(KEYS, "  pu\n", 4)
    assert events == [e for e in schema.EVENT_TYPES if e != "push"]


def test_key_typed_before_an_existing_colon_gets_no_second_colon():
    text = "on: push\njobs:\n  a:\n    ru: x\n    steps: []\n"
    items = _items(text, "    ru", 6)
    runs_on = next(i for i in items if i.label == "runs-on")
    assert runs_on.insert_text == "runs-on" and runs_on.range == _r(3, 4, 6)


def test_inputs_of_a_popular_action_under_with():
    text = (
        "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: actions/setup-go@v5\n        with:\n"
        "          go-version: '1.22'\n          ca\n      - uses: someone/else@v1\n        with:\n          x\n"
    )
    items = _items(text, "          ca", 12)
    assert [i.label for i in items] == [
        "go-version-file",
        "check-latest",
        "token",
        "cache",
        "cache-dependency-path",
        "architecture",
        "download-base-url",
    ]
    assert items[0].detail == "input of actions/setup-go" and items[0].documentation is None
    assert items[0].range == _r(8, 10, 12)
    assert _labels(text, "          x", 11) is None  # an action whose inputs are not in the table


@pytest.mark.parametrize(
    "needle,delta",
    [
        ("          te", 12),  # a line of a run: | script
        ("      FO", 8),  # a variable name under env:
        ("runs-on: x", 10),  # a value
        ("matrix: {a", 10),  # inside a flow mapping
    ],
)
def test_no_keys_where_the_names_are_free(needle, delta):
    assert _labels(KEYS, needle, delta) is None


# -- robustness ------------------------------------------------------------------------------------
BROKEN = [
    TEXT,
    KEYS,
    NEEDS,
    "on: push\njobs:\n  a:\n    steps:\n      - run: echo ${{ steps.",
    "on: push\njobs:\n  a:\n    needs: [b, \n  b:\n    if: ${{ needs. }}\n",
    "jobs:\n  - a\n  b: {c: ${{ matrix.\n: :\n\t- x\n",
    "on: [push\njobs: {a: {steps: [{id: x, run: '${{ steps.x.outputs.y }}'}]}}\n",
    "${{ }}\n'\n\"\n${{ a.b.c.",
    "",
]


@pytest.mark.parametrize("text", BROKEN)
def test_half_typed_input_never_raises(text):
    from infragenius.languages.github_actions.definition import definition

    document, model = analysed(WF, "github-actions", text)
    lines = text.split("\n")
    for line in range(len(lines) + 2):
        for column in range(len(lines[line]) + 3 if line < len(lines) else 3):
            completion(document, model, Position(line, column))
            definition(document, model, Position(line, column))
    cut = analysed(WF, "github-actions", text[: len(text) // 2])
    completion(cut[0], cut[1], Position(10**6, 10**6))


def test_no_model():
    document = Document(uri="file:///w.yml", text="jobs:\n  a:\n    ")
    assert completion(document, None, Position(2, 4)) is None


def test_no_workflow_keys_offered_in_dependabot_config():
    from infragenius.core.config import Config
    from infragenius.core.context import Context
    from infragenius.languages.github_actions.hover import hover
    from infragenius.languages.github_actions.parse import parse

    path = Path(".github/dependabot.yml")
    doc = Document(
        path.resolve().as_uri(), "version: 2\nupdates:\n  - package-ecosystem: npm\n    \n", "github-actions", path=path
    )
    wf = parse(doc, Context(doc, Config()))
    assert completion(doc, wf, Position(3, 4)) is None
    assert hover(doc, wf, Position(0, 2)) is None
