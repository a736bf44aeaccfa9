"""End to end over stdio: go-to-definition and completion, positions in the negotiated encoding."""

from __future__ import annotations

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from lsptest import CONFIG, NEOVIM, change_doc, open_doc, start, text_id
from pytest_lsp import LanguageClient

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_lsp.fixture(config=CONFIG, scope="module")
async def client(lsp_client: LanguageClient, tmp_path_factory):
    lsp_client.init_result = await start(lsp_client, tmp_path_factory.mktemp("workspace"))
    yield
    await lsp_client.shutdown_session()


def pos(line: int, character: int) -> lsp.Position:
    return lsp.Position(line=line, character=character)


def rng(line: int, start: int, end_line: int, end: int) -> lsp.Range:
    return lsp.Range(start=pos(line, start), end=pos(end_line, end))


async def _definition(client: LanguageClient, uri: str, line: int, character: int):
    return await client.text_document_definition_async(
        lsp.DefinitionParams(text_document=text_id(uri), position=pos(line, character))
    )


async def _completion(client: LanguageClient, uri: str, line: int, character: int) -> lsp.CompletionList | None:
    return await client.text_document_completion_async(
        lsp.CompletionParams(text_document=text_id(uri), position=pos(line, character))
    )


async def test_capabilities(client: LanguageClient):
    caps = client.init_result.capabilities
    assert caps.definition_provider
    assert set(caps.completion_provider.trigger_characters) == {".", "=", " ", '"'}


async def test_terraform_definition_in_another_file_and_completion(client: LanguageClient, tmp_path):
    # the emoji shifts UTF-16 columns by one more than code points, in both files
    (tmp_path / "variables.tf").write_text('/* 😀 */ variable "region" {\n  default = "eu-west-1"\n}\n', "utf-8")
    main = 'locals {\n  name = "😀-${var.region}"\n}\n'
    uri = open_doc(client, tmp_path / "main.tf", main, language_id="terraform")
    [link] = await _definition(client, uri, 1, 18)
    assert link.target_uri == (tmp_path / "variables.tf").absolute().as_uri()
    # code points: variable "region" is 8..25 -> UTF-16 9..26; var.region 14..24 -> 15..25
    assert link.target_range == rng(0, 9, 0, 26)
    assert link.target_selection_range == link.target_range
    assert link.origin_selection_range == rng(1, 15, 1, 25)
    assert await _definition(client, uri, 0, 2) is None  # "locals": no reference there
    change_doc(client, uri, main.replace("var.region", "var.re"), 2)
    result = await _completion(client, uri, 1, 21)  # after "var.re": UTF-16 19..21
    assert [(i.label, i.kind) for i in result.items] == [("region", lsp.CompletionItemKind.Variable)]
    assert result.items[0].text_edit == lsp.TextEdit(range=rng(1, 19, 1, 21), new_text="region")


CHART = {
    "Chart.yaml": "apiVersion: v2\nname: app\nversion: 1.0.0\n",
    "values.yaml": "image:\n  repository: nginx\n  tag: '1.27'\nreplicaCount: 2\n",
    "templates/_helpers.tpl": '{{- define "app.name" -}}\napp\n{{- end }}\n',
}
POD = 'metadata:\n  name: {{ include "app.name" . }} # 😀\nspec:\n  image: "😀{{ .Values.image.repository }}"\n'


async def test_helm_definition_and_values_completion(client: LanguageClient, tmp_path):
    for name, text in CHART.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, "utf-8")
    uri = open_doc(client, tmp_path / "templates" / "pod.yaml", POD, language_id="helm")
    [link] = await _definition(client, uri, 3, 30)  # on "repository" (code points 28..38, UTF-16 29..39)
    assert link.target_uri == (tmp_path / "values.yaml").absolute().as_uri()
    assert link.target_range == rng(1, 2, 1, 12)
    assert link.origin_selection_range == rng(3, 29, 3, 39)
    [define] = await _definition(client, uri, 1, 21)
    assert define.target_uri == (tmp_path / "templates" / "_helpers.tpl").absolute().as_uri()
    assert define.target_range == rng(0, 11, 0, 21)
    # type ".Values.image.re" after the emoji: completion replaces the typed "re"
    typed = POD.replace(".Values.image.repository", ".Values.image.re")
    change_doc(client, uri, typed, 2)
    result = await _completion(client, uri, 3, 31)
    assert [(i.label, i.kind, i.detail) for i in result.items] == [
        ("repository", lsp.CompletionItemKind.Field, "nginx"),
        ("tag", lsp.CompletionItemKind.Field, "1.27"),
    ]
    assert result.items[0].text_edit == lsp.TextEdit(range=rng(3, 29, 3, 31), new_text="repository")


DOCKERFILE = (
    "FROM alpine:3.20 AS build\nENV APP=/app\nRUN echo 😀 $APP\nFROM scratch\nCOPY --from=build /app /app\nCO\n"
)


async def test_dockerfile_definition_and_completion(client: LanguageClient, tmp_path):
    uri = open_doc(client, tmp_path / "Dockerfile", DOCKERFILE)
    [stage] = await _definition(client, uri, 4, 14)
    assert stage.target_uri == uri
    assert stage.target_range == rng(0, 20, 0, 25) and stage.origin_selection_range == rng(4, 12, 4, 17)
    [variable] = await _definition(client, uri, 2, 14)  # "$APP": code points 11..15, UTF-16 12..16
    assert variable.target_range == rng(1, 4, 1, 7) and variable.origin_selection_range == rng(2, 12, 2, 16)
    keywords = await _completion(client, uri, 5, 2)
    copy = next(i for i in keywords.items if i.label == "COPY")
    assert copy.kind == lsp.CompletionItemKind.Keyword
    assert copy.text_edit == lsp.TextEdit(range=rng(5, 0, 5, 2), new_text="COPY ")
    change_doc(client, uri, DOCKERFILE.replace("CO\n", "COPY --from= /a /a\n"), 2)
    stages = await _completion(client, uri, 5, 12)
    assert [(i.label, i.kind) for i in stages.items] == [("build", lsp.CompletionItemKind.Class)]
    assert stages.items[0].text_edit.range == rng(5, 12, 5, 12)


GITLAB = "include:\n  - local: ci/base.yml\nbuild:\n  script: [make]\ntest:\n  needs: [lint, build]\n  \n"


async def test_gitlab_definition_into_an_include_and_completion(client: LanguageClient, tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "ci").mkdir()
    (tmp_path / "ci" / "base.yml").write_text("# 😀 shared jobs\nlint:\n  script: [ruff .]\n", "utf-8")
    uri = open_doc(client, tmp_path / ".gitlab-ci.yml", GITLAB, language_id="yaml")
    [lint] = await _definition(client, uri, 5, 11)
    assert lint.target_uri == (tmp_path / "ci" / "base.yml").absolute().as_uri()
    assert lint.target_range == rng(1, 0, 1, 4) and lint.origin_selection_range == rng(5, 10, 5, 14)
    keywords = await _completion(client, uri, 6, 2)
    labels = [i.label for i in keywords.items]
    assert "script" in labels and "artifacts" in labels and "needs" not in labels  # needs is already there
    change_doc(client, uri, GITLAB.replace("[lint, build]", "[lint, ]"), 2)
    jobs = await _completion(client, uri, 5, 16)
    assert [i.label for i in jobs.items] == ["build", "lint"]


async def test_nothing_to_offer_answers_null(client: LanguageClient, tmp_path):
    uri = open_doc(client, tmp_path / "Dockerfile", "FROM alpine:3.20\nRUN echo hi\n")
    assert await _definition(client, uri, 1, 6) is None
    assert await _completion(client, uri, 1, 6) is None
    assert await _definition(client, "file:///not/open/Dockerfile", 0, 0) is None


@pytest_lsp.fixture(config=CONFIG)
async def neovim(lsp_client: LanguageClient):
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio(loop_scope="function")
async def test_utf8_positions_for_neovim(neovim: LanguageClient, tmp_path):
    result = await start(neovim, tmp_path, caps=NEOVIM)
    assert result.capabilities.position_encoding == lsp.PositionEncodingKind.Utf8
    text = "ARG 😀=1\nFROM alpine:3.20 AS build\nENV APP=/app\nRUN echo 😀 $APP\nFROM build\nRUN echo $\n"
    uri = open_doc(neovim, tmp_path / "Dockerfile", text)
    # "$APP" is code points 11..15; the emoji is 4 UTF-8 bytes: bytes 14..18
    [variable] = await neovim.text_document_definition_async(
        lsp.DefinitionParams(text_document=text_id(uri), position=pos(3, 15))
    )
    assert variable.target_range == rng(2, 4, 2, 7) and variable.origin_selection_range == rng(3, 14, 3, 18)
    items = await neovim.text_document_completion_async(
        lsp.CompletionParams(text_document=text_id(uri), position=pos(5, 10))
    )
    assert [i.label for i in items.items] == ["APP", "PATH"]
    assert items.items[0].text_edit.range == rng(5, 10, 5, 10)
