"""The expression type checker: types inferred from the workflow, and the problems it finds."""

from __future__ import annotations

import pytest

from infragenius.languages.github_actions import typecheck as tc
from infragenius.languages.github_actions.expressions import parse_expression

from ..helpers import analyse

WF = ".github/workflows/ci.yml"

WORKFLOW = """on:
  workflow_dispatch:
    inputs:
      debug:
        type: boolean
      level:
        type: number
      name:
        type: choice
        options: [a]
jobs:
  test:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        os: [ubuntu-latest, macos-latest]
        node: [18, 20]
        include:
          - os: ubuntu-latest
            config: {flags: [-v], level: 2}
    steps:
      - run: echo
"""


@pytest.fixture(scope="module")
def env():
    findings = analyse(WORKFLOW, "github-actions", WF)
    assert not [f for f in findings if f.code == "IG002"]
    from infragenius.core.config import Config
    from infragenius.core.document import Document
    from infragenius.core.engine import Engine

    doc = Document(uri="file:///w/.github/workflows/ci.yml", text=WORKFLOW, language="github-actions")
    wf = Engine(Config()).analyse(doc, use_cache=False).model
    return tc.env_for(wf, wf.jobs[0])


@pytest.mark.parametrize(
    "expr,expected",
    [
        ("matrix.os", "string"),
        ("matrix.node", "number"),
        ("matrix.config", "{flags: array<string>; level: number}"),
        ("matrix.config.flags[0]", "string"),
        ("matrix.unknown", "any"),
        ("inputs.debug", "bool"),
        ("inputs.level", "number"),
        ("inputs.name", "string"),
        ("github.event.inputs.debug", "string"),
        ("github.event.pull_request.title", "any"),
        ("steps.x.outputs.y", "string"),
        ("needs.build.result", "string"),
        ("strategy.job-index", "number"),
        ("fromJSON('[1, 2]')", "array<number>"),
        ("fromJSON(inputs.name)", "any"),
        ("contains(matrix.os, 'u') && 1", "any"),
        ("github.event.*", "array<any>"),
        ("format('{0}', 1)", "string"),
        # the github and runner contexts, typed from the one list in schema.py
        ("github.ref_protected", "bool"),
        ("github.retention_days", "number"),
        ("github.step_summary", "string"),
        ("github.job_workflow_sha", "string"),
        ("runner.debug", "string"),
    ],
)
def test_inferred_types(env, expr: str, expected: str) -> None:
    assert str(tc.infer(parse_expression(expr), env)) == expected


@pytest.mark.parametrize(
    "expr,message",
    [
        (
            "matrix.config == 'a'",
            '"{flags: array<string>; level: number}" value cannot be compared to "string" value with "==" operator',
        ),
        ("inputs.debug < true", '"bool" value cannot be compared to "bool" value with "<" operator'),
        ("1 > null", '"number" value cannot be compared to "null" value with ">" operator'),
        ("github[inputs.level]", 'property access of object must be type of string but got "number"'),
        ("matrix.config.flags['x']", 'index access of array must be type of number but got "string"'),
        (
            "contains(matrix.config, 'x')",
            'the 1st argument of contains() must be a string or an array but it is "{flags: array<string>; level: number}"',
        ),
        (
            "format('{0} {1}', 1)",
            "the format string uses {1} but only 1 value follows it (placeholders count from {0})",
        ),
        ("matrix.node.major", '"number" value has no property "major"'),
    ],
)
def test_problems(env, expr: str, message: str) -> None:
    problems: list = []
    tc.infer(parse_expression(expr), env, problems)
    assert [p[1] for p in problems] == [message]


@pytest.mark.parametrize(
    "expr",
    [
        "matrix.os == 'ubuntu-latest' && matrix.node >= 18",
        "inputs.debug == 'true' || inputs.level > '2'",
        "github.event.pull_request == null",
        "matrix.config != null && matrix.config == matrix.config",
        "github['ref'] && github.event.*[0] && matrix.config.flags[inputs.level]",
        "contains(matrix.config.flags, '-v') && startsWith(matrix.os, 'ubuntu')",
        "format('{0}-{{1}}', matrix.os)",
        "unknown_context.x < true",
    ],
)
def test_no_problems_for_well_typed_or_unknown_values(env, expr: str) -> None:
    problems: list = []
    tc.infer(parse_expression(expr), env, problems)
    assert problems == []


def test_property_of_a_string_property_of_github_or_runner() -> None:
    """GA027 knows the same string properties as the type checker and the completion (schema.py)."""
    text = WORKFLOW + "      - run: echo ${{ github.step_summary.path }} ${{ runner.debug.on }}\n"
    messages = [f.message for f in analyse(text, "github-actions", WF) if f.code == "GA027"]
    assert messages == [
        '"github.step_summary" is a string; it has no property "path" (use fromJSON() to read JSON)',
        '"runner.debug" is a string; it has no property "on" (use fromJSON() to read JSON)',
    ]


def test_matrix_of_mixed_kinds_is_any() -> None:
    text = WORKFLOW.replace("node: [18, 20]", "node: [18, 'lts/*']")
    doc_findings = analyse(text + "      - run: echo ${{ matrix.node.x }}\n", "github-actions", WF)
    assert not [f for f in doc_findings if f.code in ("GA027", "GA044")]
