"""End to end over stdio: document links (and definition) from CI files to the Dockerfiles they build,
the diagnostics for a build path that does not exist, rename and workspace symbols (issue 19)."""

from __future__ import annotations

from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from lsptest import CONFIG, apply_text_edits, open_doc, published, start, text_id
from pytest_lsp import LanguageClient

pytestmark = pytest.mark.asyncio(loop_scope="module")

DOCKERFILE = "FROM alpine:3.20 AS build\nARG VERSION=1\nRUN echo $VERSION > /v\n\nFROM build\nCOPY --from=build /v /v\n"
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
          file: app/Dockerfile
      - uses: docker/build-push-action@v6
        with:
          context: ap
  after:
    needs: image
    runs-on: ubuntu-24.04
    steps:
      - run: echo done
  script:
    runs-on: ubuntu-24.04
    steps:
      - run: docker build -f app/Dockerfile app
"""
PIPELINE = """\
build:
  script:
    - docker build -f app/Dockerfile -t app app
    - docker build -t web web
"""
WORKSPACE = {
    "README.md": "# demo\n",
    "app/Dockerfile": DOCKERFILE,
    ".github/workflows/build.yml": WORKFLOW,
    ".gitlab-ci.yml": PIPELINE,
    "infra/main.tf": 'variable "region" {\n  default = "eu-west-1"\n}\n\noutput "where" {\n  value = var.region\n}\n',
    "infra/bucket.tf": 'resource "google_storage_bucket" "logs" {\n  name     = "logs"\n  location = "EU"\n}\n',
}


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("repo")
    for name, text in WORKSPACE.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, "utf-8")
    return folder


@pytest_lsp.fixture(config=CONFIG, scope="module")
async def client(lsp_client: LanguageClient, root: Path):
    lsp_client.init_result = await start(lsp_client, root)
    yield
    await lsp_client.shutdown_session()


def pos(line: int, character: int) -> lsp.Position:
    return lsp.Position(line=line, character=character)


def rng(line: int, start: int, end: int) -> lsp.Range:
    return lsp.Range(start=pos(line, start), end=pos(line, end))


async def _links(client: LanguageClient, uri: str) -> list[tuple[lsp.Range, str]]:
    found = await client.text_document_document_link_async(lsp.DocumentLinkParams(text_document=text_id(uri)))
    return [(link.range, link.target) for link in found or []]


async def test_capabilities(client: LanguageClient):
    caps = client.init_result.capabilities
    assert caps.document_link_provider == lsp.DocumentLinkOptions(resolve_provider=False)
    assert caps.rename_provider == lsp.RenameOptions(prepare_provider=True)
    assert caps.workspace_symbol_provider


async def test_workflow_links_definition_and_missing_context(client: LanguageClient, root: Path):
    uri = open_doc(client, root / ".github/workflows/build.yml", WORKFLOW, language_id="yaml")
    assert await _links(client, uri) == [
        (rng(8, 19, 22), (root / "app").as_uri()),
        (rng(9, 16, 30), (root / "app/Dockerfile").as_uri()),
        (rng(21, 44, 47), (root / "app").as_uri()),  # a run: script's docker build
        (rng(21, 29, 43), (root / "app/Dockerfile").as_uri()),
    ]
    [target] = await client.text_document_definition_async(
        lsp.DefinitionParams(text_document=text_id(uri), position=pos(9, 20))
    )
    assert target.target_uri == (root / "app/Dockerfile").as_uri()
    assert target.origin_selection_range == rng(9, 16, 30)
    report = await published(client, uri, predicate=lambda p: any(d.code == "GA053" for d in p.diagnostics))
    [missing] = [d for d in report.diagnostics if d.code == "GA053"]
    assert (missing.range, missing.message) == (rng(12, 19, 21), 'Build context "ap" is not a folder of the repository')


async def test_pipeline_links_and_missing_context(client: LanguageClient, root: Path):
    uri = open_doc(client, root / ".gitlab-ci.yml", PIPELINE, language_id="yaml")
    assert await _links(client, uri) == [
        (rng(2, 44, 47), (root / "app").as_uri()),
        (rng(2, 22, 36), (root / "app/Dockerfile").as_uri()),
    ]
    [target] = await client.text_document_definition_async(
        lsp.DefinitionParams(text_document=text_id(uri), position=pos(2, 45))
    )
    assert target.target_uri == (root / "app/Dockerfile").as_uri()
    report = await published(client, uri, predicate=lambda p: any(d.code == "GL017" for d in p.diagnostics))
    [missing] = [d for d in report.diagnostics if d.code == "GL017"]
    assert (missing.range, missing.message) == (rng(3, 26, 29), 'Build context "web" is not a folder of the repository')


async def _rename(client: LanguageClient, uri: str, at: lsp.Position, new_name: str):
    prepared = await client.text_document_prepare_rename_async(
        lsp.PrepareRenameParams(text_document=text_id(uri), position=at)
    )
    edit = await client.text_document_rename_async(
        lsp.RenameParams(text_document=text_id(uri), position=at, new_name=new_name)
    )
    return prepared, edit


async def test_rename_dockerfile_stage_and_arg(client: LanguageClient, root: Path):
    uri = open_doc(client, root / "app/Dockerfile", DOCKERFILE)
    prepared, edit = await _rename(client, uri, pos(4, 7), "base")  # on "build" of FROM build
    assert prepared == lsp.PrepareRenamePlaceholder(range=rng(4, 5, 10), placeholder="build")
    assert apply_text_edits(DOCKERFILE, edit.changes[uri]) == DOCKERFILE.replace("build", "base")
    prepared, edit = await _rename(client, uri, pos(2, 11), "RELEASE")  # on "$VERSION"
    assert prepared == lsp.PrepareRenamePlaceholder(range=rng(2, 10, 17), placeholder="VERSION")
    assert apply_text_edits(DOCKERFILE, edit.changes[uri]) == DOCKERFILE.replace("VERSION", "RELEASE")


async def test_rename_workflow_job(client: LanguageClient, root: Path):
    uri = open_doc(client, root / ".github/workflows/build.yml", WORKFLOW, language_id="yaml")
    prepared, edit = await _rename(client, uri, pos(14, 13), "container")  # on "needs: image"
    assert prepared == lsp.PrepareRenamePlaceholder(range=rng(14, 11, 16), placeholder="image")
    renamed = apply_text_edits(WORKFLOW, edit.changes[uri])
    assert renamed == WORKFLOW.replace("  image:", "  container:").replace("needs: image", "needs: container")


async def test_rename_terraform_variable_across_the_module(client: LanguageClient, root: Path):
    text = WORKSPACE["infra/main.tf"]
    uri = open_doc(client, root / "infra/main.tf", text, language_id="terraform")
    prepared, edit = await _rename(client, uri, pos(5, 16), "location")  # on "region" of var.region
    assert prepared == lsp.PrepareRenamePlaceholder(range=rng(5, 14, 20), placeholder="region")
    assert apply_text_edits(text, edit.changes[uri]) == text.replace("region", "location")


async def test_rename_refused_where_nothing_is_declared(client: LanguageClient, root: Path):
    uri = open_doc(client, root / "app/Dockerfile", DOCKERFILE)
    prepared = await client.text_document_prepare_rename_async(
        lsp.PrepareRenameParams(text_document=text_id(uri), position=pos(0, 7))  # "alpine": an image
    )
    assert prepared is None
    with pytest.raises(Exception, match="Nothing to rename here"):
        await client.text_document_rename_async(
            lsp.RenameParams(text_document=text_id(uri), position=pos(0, 7), new_name="x")
        )
    with pytest.raises(Exception, match="is not a name"):
        await client.text_document_rename_async(
            lsp.RenameParams(text_document=text_id(uri), position=pos(4, 7), new_name="two words")
        )


async def test_workspace_symbols(client: LanguageClient, root: Path):
    found = await client.workspace_symbol_async(lsp.WorkspaceSymbolParams(query="regi"))
    names = sorted((s.name, Path(s.location.uri[len("file://") :]).relative_to(root).as_posix()) for s in found)
    assert names == [("var.region", "infra/main.tf")]
    found = await client.workspace_symbol_async(lsp.WorkspaceSymbolParams(query="image"))
    assert ("image", ".github/workflows/build.yml") in [
        (s.name, Path(s.location.uri[len("file://") :]).relative_to(root).as_posix()) for s in found
    ]


async def test_terraform_hover_from_the_provider_schema(client: LanguageClient, root: Path):
    text = WORKSPACE["infra/bucket.tf"]
    uri = open_doc(client, root / "infra/bucket.tf", text, language_id="terraform")
    hover = await client.text_document_hover_async(lsp.HoverParams(text_document=text_id(uri), position=pos(2, 4)))
    assert hover.contents.kind == lsp.MarkupKind.Markdown
    assert hover.contents.value.startswith(
        "**location** (required, `string`)\n\nThe Google Cloud Storage location or region."
    )
