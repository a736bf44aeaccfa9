"""ShellCheck's frequent checks on ``run:`` (SH008-SH011): which variables and ``${{ }}`` values are
known to be one word (SH008, SC2086), and the reviewed findings on the corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from infragenius.core.config import Config
from infragenius.core.document import Document, decode
from infragenius.core.engine import Engine

from ..conftest import corpus_dir
from ..helpers import analyse, golden_line

CODES = ["SH008", "SH009", "SH010", "SH011"]


def _unquoted(text: str, path: str = ".github/workflows/ci.yml") -> list[str]:
    return [f.message.split(": ", 1)[1] for f in analyse(text, "github-actions", Path(path)) if f.code == "SH008"]


def _workflow(matrix: str, env: str, run: str) -> str:
    return (
        "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n"
        f"    strategy:\n      matrix:\n{matrix}\n"
        f"    steps:\n      - env:\n{env}\n        run: |\n{run}\n"
    )


@pytest.mark.parametrize(
    "matrix,env,run,expected",
    [
        # a matrix key is known when every value, rows and include, is written out
        (
            "        os: [linux]\n        include:\n          - os: mac os",
            "          OS: ${{ matrix.os }}",
            "          echo $OS",
            [],
        ),
        ("        os: ${{ fromJSON(inputs.oses) }}", "          OS: ${{ matrix.os }}", "          echo $OS", ['"$OS"']),
        (
            "        os: [linux]\n        include: ${{ fromJSON(inputs.extra) }}",
            "          OS: ${{ matrix.os }}",
            "          echo $OS",
            ['"$OS"'],
        ),
        # assigned in the script, it must be one word: ``T=b c`` would run ``c``
        (
            "        p:\n          - {t: a}\n          - {t: b c}",
            "          T: x",
            "          T=${{ matrix.p.t }}\n          echo $T",
            ['"$T"'],
        ),
        (
            "        p:\n          - {t: a}\n          - {t: b}",
            "          T: x",
            "          T=${{ matrix.p.t }}\n          echo $T",
            [],
        ),
        # inputs of workflow_dispatch are whatever was typed, even when named like a ref
        (
            "        os: [linux]",
            "          REF: ${{ github.event.inputs.ref }}",
            "          git checkout $REF",
            ['"$REF"'],
        ),
        (
            "        os: [linux]",
            "          REF: ${{ github.event.pull_request.head.ref }}",
            "          git checkout $REF",
            [],
        ),
        (
            "        os: [linux]",
            "          TITLE: ${{ github.event.pull_request.title }}",
            "          echo $TITLE",
            ['"$TITLE"'],
        ),
        # ``cond && 'a' || 'b'`` gives one of the two words
        ("        os: [linux]", "          F: ${{ inputs.pre && '--pre' || '' }}", "          make $F", []),
        (
            "        os: [linux]",
            "          F: ${{ inputs.a && 'x y' || inputs.b && '-b' || '' }}",
            "          make $F",
            ['"$F"'],
        ),
        # the runner's paths and ids are one word; the workflow's and the runner's names are not
        ("        os: [linux]", "          X: y", "          echo $GITHUB_SHA >> $GITHUB_OUTPUT", []),
        (
            "        os: [linux]",
            "          X: y",
            "          echo $GITHUB_WORKFLOW $RUNNER_NAME",
            ['"$GITHUB_WORKFLOW"', '"$RUNNER_NAME"'],
        ),
    ],
)
def test_one_word_values(matrix: str, env: str, run: str, expected: list[str]) -> None:
    assert _unquoted(_workflow(matrix, env, run)) == expected


def test_env_written_out_is_known_and_the_step_overrides_the_workflow() -> None:
    # an options list in env: is meant to be split (YAML cannot pass a shell array)
    text = (
        "on: push\nenv:\n  OPTS: -v -x\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: make $OPTS\n"
        "      - env:\n          OPTS: ${{ inputs.opts }}\n        run: make $OPTS\n"
    )
    assert _unquoted(text) == ['"$OPTS"']


def test_composite_action_steps_are_checked() -> None:
    text = "runs:\n  using: composite\n  steps:\n    - shell: bash\n      run: cp $SRC dist/\n"
    assert _unquoted(text, "action.yml") == ['"$SRC"']


def test_windows_runner_is_not_checked() -> None:
    text = "on: push\njobs:\n  build:\n    runs-on: windows-latest\n    steps:\n      - run: echo $Env:PATH $X\n"
    assert _unquoted(text) == []


# -- the corpus: every finding of SH008-SH011 was read in context -----------------------------------
EXPECTED = Path(__file__).with_name("corpus_shellcheck.expected")


def test_corpus_findings_are_the_reviewed_ones() -> None:
    root = corpus_dir("github-actions")
    engine = Engine(Config(select=CODES))
    found = []
    for path in sorted(root.rglob("*.y*ml")):
        rel = path.relative_to(root).as_posix()
        if rel.startswith("actionlint/") or path.name == "dependabot.yml":
            continue
        doc = Document(
            uri=path.resolve().as_uri(), text=decode(path.read_bytes()), language="github-actions", path=path
        )
        found += [f"{rel}:{golden_line(f)}" for f in engine.analyse(doc, use_cache=False).findings if f.code in CODES]
    expected = [line for line in EXPECTED.read_text("utf-8").splitlines() if line.strip() and not line.startswith("#")]
    assert found == expected


# ruff's workflows silence SC2046 with ShellCheck's own directive above the command (actionlint honours it).
def test_shellcheck_disable_directive_covers_the_next_command() -> None:
    text = (
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n"
        "          # shellcheck disable=SC2046,SC2086\n          docker buildx imagetools create \\\n"
        "            $(jq -cr '.tags' meta.json) $TAGS\n          cp $(ls) $OUT\n"
    )
    found = [
        f"{f.range.start.line + 1} {f.code}" for f in analyse(text, "github-actions", Path(".github/workflows/ci.yml"))
    ]
    assert [f for f in found if f.startswith(("9 ", "10 "))] == ["10 SH009", "10 SH008"]


def test_shellcheck_disable_directive_covers_a_parenthesised_block() -> None:
    text = (
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n"
        "          # shellcheck disable=2046\n          (\n            fuzz \\\n              $(shuf -n 9)\n"
        "          )\n          cp $(ls) out/\n"
    )
    found = [
        f"{f.range.start.line + 1} {f.code}" for f in analyse(text, "github-actions", Path(".github/workflows/ci.yml"))
    ]
    assert [f for f in found if f.startswith(("10 ", "12 "))] == ["12 SH009"]
