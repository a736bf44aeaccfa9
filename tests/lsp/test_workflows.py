"""End to end over stdio for CI YAML: a GitHub Actions workflow edited live, context hover, quick fix;
a GitLab pipeline with a local include edited in another buffer."""

from __future__ import annotations

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from lsptest import CONFIG, apply_text_edits, change_doc, edits_of, open_doc, ours, published, start, text_id
from pytest_lsp import LanguageClient

pytestmark = pytest.mark.asyncio(loop_scope="module")

WORKFLOW = "on: push\njobs:\n  build:\n    runs-onn: ubuntu-latest\n    steps:\n      - run: echo ${{ github.sha }}\n"


@pytest_lsp.fixture(config=CONFIG, scope="module")
async def client(lsp_client: LanguageClient, tmp_path_factory):
    await start(lsp_client, tmp_path_factory.mktemp("workspace"))
    yield
    await lsp_client.shutdown_session()


async def test_workflow_typo_is_reported_and_fixed_while_editing(client: LanguageClient, tmp_path):
    path = tmp_path / ".github" / "workflows" / "ci.yml"
    path.parent.mkdir(parents=True)
    uri = open_doc(client, path, WORKFLOW, language_id="yaml")
    params = await published(client, uri)
    assert ours(params.diagnostics, ("GA001", "GA003")) == [("GA001", (3, 4, 3, 12)), ("GA003", (2, 2, 2, 7))]
    ga001 = next(d for d in params.diagnostics if d.code == "GA001")
    assert ga001.message == 'unknown key "runs-onn" in job "build"; did you mean "runs-on"?'

    actions = await client.text_document_code_action_async(
        lsp.CodeActionParams(
            text_document=text_id(uri), range=ga001.range, context=lsp.CodeActionContext(diagnostics=[ga001])
        )
    )
    titles = [a.title for a in actions]
    fix = next((a for a in actions if a.title == 'Replace "runs-onn" with "runs-on"'), None)
    assert fix is not None, titles
    assert fix.is_preferred is True  # one candidate: the fix is safe and preferred
    fixed = apply_text_edits(WORKFLOW, edits_of(fix, uri))
    assert "    runs-on: ubuntu-latest\n" in fixed
    change_doc(client, uri, fixed, 2)
    after = await published(client, uri, version=2)
    assert ours(after.diagnostics, ("GA001", "GA003")) == []


async def test_hover_on_a_context_explains_it(client: LanguageClient, tmp_path):
    path = tmp_path / ".github" / "workflows" / "hover.yml"
    path.parent.mkdir(parents=True)
    uri = open_doc(client, path, WORKFLOW.replace("runs-onn", "runs-on"), language_id="yaml")
    await published(client, uri)
    hover = await client.text_document_hover_async(
        lsp.HoverParams(text_document=text_id(uri), position=lsp.Position(line=5, character=24))
    )
    assert hover.contents.value.startswith("**github** context")


async def test_gitlab_include_buffer_counts_before_it_is_saved(client: LanguageClient, tmp_path):
    (tmp_path / "ci").mkdir()
    (tmp_path / "ci" / "build.yml").write_text("other:\n  script: make\n")
    pipeline = "include:\n  - local: ci/build.yml\ntest:\n  needs: [build]\n  script: make test\n"
    (tmp_path / ".gitlab-ci.yml").write_text(pipeline)
    main = open_doc(client, tmp_path / ".gitlab-ci.yml", pipeline, language_id="yaml")
    params = await published(client, main)
    assert ours(params.diagnostics, ("GL005",)) == [("GL005", (3, 10, 3, 15))]
    # define the job in the included file, unsaved: the pipeline is re-checked and the finding goes
    included = open_doc(client, tmp_path / "ci" / "build.yml", "other:\n  script: make\n", language_id="yaml")
    change_doc(client, included, "build:\n  stage: build\n  script: make\n", 2)
    after = await published(client, main, predicate=lambda p: not any(d.code == "GL005" for d in p.diagnostics))
    assert ours(after.diagnostics, ("GL005",)) == []
