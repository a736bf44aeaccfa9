"""Code actions in CI YAML over stdio (issue 19 §1): "Ignore CODE on this line" never writes into a
block scalar's script unless a shell comment line fits there, and fix-all applies the typo fixes."""

from __future__ import annotations

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from lsptest import CONFIG, apply_text_edits, change_doc, edits_of, open_doc, ours, published, start, text_id
from pytest_lsp import LanguageClient

pytestmark = pytest.mark.asyncio(loop_scope="module")

GITHUB_SCRIPT = """on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/github-script@v7
        with:
          script: |
            const ref = '${{ github_ref }}';
            core.info(ref);
"""

SHELL = """on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: |
          echo start
          echo ${{ github_ref }}
      - run: |
          docker build \\
            --build-arg REF=${{ github_ref }} .
"""

CMD = """on: push
jobs:
  build:
    runs-on: windows-latest
    steps:
      - shell: cmd
        run: |
          echo start
          echo ${{ github_ref }}
"""

PIPELINE = """build:
  script:
    - |
      echo start
      curl -k https://example.com/health
"""


@pytest_lsp.fixture(config=CONFIG, scope="module")
async def client(lsp_client: LanguageClient, tmp_path_factory):
    await start(lsp_client, tmp_path_factory.mktemp("workspace"))
    yield
    await lsp_client.shutdown_session()


async def _open(client, tmp_path, name, text):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    uri = open_doc(client, path, text, language_id="yaml")
    return uri, await published(client, uri)


async def _ignore(client, uri, text, diagnostic, version):
    """Apply "Ignore CODE on this line" to ``diagnostic``; the new text and its diagnostics."""
    actions = await client.text_document_code_action_async(
        lsp.CodeActionParams(
            text_document=text_id(uri), range=diagnostic.range, context=lsp.CodeActionContext(diagnostics=[diagnostic])
        )
    )
    action = next(a for a in actions if a.title == f"Ignore {diagnostic.code} on this line")
    fixed = apply_text_edits(text, edits_of(action, uri))
    change_doc(client, uri, fixed, version)
    return fixed, await published(client, uri, version=version)


async def test_ignore_in_github_script_goes_above_the_key_not_into_the_javascript(client, tmp_path):
    uri, params = await _open(client, tmp_path, ".github/workflows/script.yml", GITHUB_SCRIPT)
    (diagnostic,) = [d for d in params.diagnostics if d.code == "GA021"]
    fixed, after = await _ignore(client, uri, GITHUB_SCRIPT, diagnostic, 2)
    assert fixed == GITHUB_SCRIPT.replace(
        "          script: |\n", "          # infragenius: ignore[GA021]\n          script: |\n"
    )
    assert ours(after.diagnostics, ("GA021",)) == []


async def test_ignore_in_a_shell_block_is_a_comment_line_above_the_command(client, tmp_path):
    uri, params = await _open(client, tmp_path, ".github/workflows/shell.yml", SHELL)
    first, continued = sorted((d for d in params.diagnostics if d.code == "GA021"), key=lambda d: d.range.start.line)
    fixed, after = await _ignore(client, uri, SHELL, first, 2)
    assert fixed == SHELL.replace("          echo ${{", "          # infragenius: ignore[GA021]\n          echo ${{")
    assert ours(after.diagnostics, ("GA021",)) == [("GA021", (11, 32, 11, 42))]
    # a continuation line: a comment line would end the command, so the pragma goes above the key
    (continued,) = [d for d in after.diagnostics if d.code == "GA021"]
    fixed, after = await _ignore(client, uri, fixed, continued, 3)
    assert "      # infragenius: ignore[GA021]\n      - run: |\n          docker build \\\n" in fixed
    assert ours(after.diagnostics, ("GA021",)) == []


async def test_ignore_in_a_cmd_script_goes_above_the_key(client, tmp_path):
    uri, params = await _open(client, tmp_path, ".github/workflows/cmd.yml", CMD)
    (diagnostic,) = [d for d in params.diagnostics if d.code == "GA021"]
    fixed, after = await _ignore(client, uri, CMD, diagnostic, 2)
    assert fixed == CMD.replace("        run: |\n", "        # infragenius: ignore[GA021]\n        run: |\n")
    assert ours(after.diagnostics, ("GA021",)) == []


async def test_ignore_in_a_gitlab_script_block(client, tmp_path):
    uri, params = await _open(client, tmp_path, ".gitlab-ci.yml", PIPELINE)
    (diagnostic,) = [d for d in params.diagnostics if d.code == "SH103"]
    fixed, after = await _ignore(client, uri, PIPELINE, diagnostic, 2)
    assert fixed == PIPELINE.replace("      curl", "      # infragenius: ignore[SH103]\n      curl")
    assert ours(after.diagnostics, ("SH103",)) == []


async def test_one_action_per_candidate_when_several_are_as_close(client, tmp_path):
    text = (
        "on: push\njobs:\n"
        "  build-a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n"
        "  build-b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n"
        "  test:\n    needs: build-c\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n"
    )
    uri, params = await _open(client, tmp_path, ".github/workflows/choice.yml", text)
    (diagnostic,) = [d for d in params.diagnostics if d.code == "GA010"]
    actions = await client.text_document_code_action_async(
        lsp.CodeActionParams(
            text_document=text_id(uri), range=diagnostic.range, context=lsp.CodeActionContext(diagnostics=[diagnostic])
        )
    )
    replace = [a for a in actions if a.title.startswith("Replace")]
    assert [(a.title, a.is_preferred) for a in replace] == [
        ('Replace "build-c" with "build-a" (unsafe)', False),
        ('Replace "build-c" with "build-b" (unsafe)', False),
    ]
    assert "    needs: build-b\n" in apply_text_edits(text, edits_of(replace[1], uri))
    # fix-all applies safe fixes only: a choice is left to the user
    whole = lsp.Range(start=lsp.Position(line=0, character=0), end=lsp.Position(line=15, character=0))
    actions = await client.text_document_code_action_async(
        lsp.CodeActionParams(
            text_document=text_id(uri),
            range=whole,
            context=lsp.CodeActionContext(diagnostics=[], only=["source.fixAll"]),
        )
    )
    assert not actions


async def _fix_all(client, uri, text, version):
    whole = lsp.Range(
        start=lsp.Position(line=0, character=0), end=lsp.Position(line=len(text.splitlines()), character=0)
    )
    actions = await client.text_document_code_action_async(
        lsp.CodeActionParams(
            text_document=text_id(uri),
            range=whole,
            context=lsp.CodeActionContext(diagnostics=[], only=["source.fixAll"]),
        )
    )
    (action,) = actions
    assert action.kind == "source.fixAll.infragenius"
    fixed = apply_text_edits(text, edits_of(action, uri))
    change_doc(client, uri, fixed, version)
    return fixed, await published(client, uri, version=version)


async def test_fix_all_corrects_the_typos_of_a_workflow(client, tmp_path):
    text = (
        "on:\n  push:\n    branchs: [main]\njobs:\n"
        "  test:\n    runs-on: ubuntu-lastest\n    steps:\n      - uses: actions/setup-python@v5\n"
        "        with:\n          python-versoin: '3.12'\n"
        "  deploy:\n    needs: tset\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ secret.TOKEN }}\n"
    )
    uri, params = await _open(client, tmp_path, ".github/workflows/typos.yml", text)
    codes = ("GA001", "GA010", "GA015", "GA019", "GA021")
    assert [c for c, _ in ours(params.diagnostics, codes)] == ["GA001", "GA010", "GA015", "GA019", "GA021"]
    fixed, after = await _fix_all(client, uri, text, 2)
    for corrected in (
        "    branches: [main]",
        "runs-on: ubuntu-latest\n    steps:\n      - uses",
        "python-version: '3.12'",
        "needs: test",
        "${{ secrets.TOKEN }}",
    ):
        assert corrected in fixed
    assert ours(after.diagnostics, codes) == []


async def test_fix_all_corrects_the_typos_of_a_pipeline(client, tmp_path):
    text = (
        "stages: [build, test]\nbuild:\n  stage: biuld\n  script: make\n  artifacts:\n    path: [out/]\n"
        "test:\n  stage: test\n  needs: [biuld]\n  script: make test\n  when: manually\n"
    )
    root = tmp_path / "pipeline"
    uri, params = await _open(client, root, ".gitlab-ci.yml", text)
    codes = ("GL001", "GL004", "GL005", "GL008")
    assert sorted(c for c, _ in ours(params.diagnostics, codes)) == ["GL001", "GL004", "GL005", "GL008"]
    fixed, after = await _fix_all(client, uri, text, 2)
    assert fixed == text.replace("stage: biuld", "stage: build").replace("path:", "paths:").replace(
        "[biuld]", "[build]"
    ).replace("manually", "manual")
    assert ours(after.diagnostics, codes) == []
