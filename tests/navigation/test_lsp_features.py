"""The LSP side of navigation in-process: plain Locations for clients without link support, targets
converted with the target file's own text (an open buffer before the disk), completion items."""

from __future__ import annotations

import time

from lsprotocol import types as lsp

from infragenius.core.config import Config
from infragenius.lsp import completion as completion_feature
from infragenius.lsp import definition as definition_feature
from infragenius.lsp.state import State

from .support import write


def _state(root, encoding: str = "utf-16") -> State:
    state = State()
    state.root = root
    state.documents.root = root
    state.position_encoding = encoding
    state.set_config(Config())
    return state


def _params(uri: str, line: int, character: int) -> dict:
    return {
        "text_document": lsp.TextDocumentIdentifier(uri=uri),
        "position": lsp.Position(line=line, character=character),
    }


async def test_locations_without_link_support_use_the_open_buffer_of_the_target(tmp_path):
    write(tmp_path, {"variables.tf": 'variable "region" {}\n'})
    state = _state(tmp_path)
    # the user has variables.tf open with unsaved text: an emoji comment now precedes the block
    buffer = '# 😀\n/* 😀 */ variable "region" {}\n'
    variables = state.documents.open((tmp_path / "variables.tf").as_uri(), buffer, 3, "terraform")
    main = state.documents.open((tmp_path / "main.tf").as_uri(), 'output "r" { value = var.region }\n', 1, "terraform")
    locations = await definition_feature.definition(state, lsp.DefinitionParams(**_params(main.uri, 0, 24)))
    assert locations == [
        lsp.Location(
            uri=variables.uri,
            range=lsp.Range(start=lsp.Position(line=1, character=9), end=lsp.Position(line=1, character=26)),
        )
    ]
    state.executor.shutdown()


async def test_target_read_from_disk_in_utf8_and_completion_items(tmp_path):
    write(tmp_path, {"ci/base.yml": "# 😀\n.base: {image: alpine}\n", ".gitlab-ci.yml": ""})
    (tmp_path / ".git").mkdir()
    state = _state(tmp_path, "utf-8")
    text = "include: [{local: ci/base.yml}]\nbuild:\n  extends: .base\n  script: [make]\n  \n"
    uri = state.documents.open((tmp_path / ".gitlab-ci.yml").as_uri(), text, 1, "yaml").uri
    [link] = await definition_feature.definition(state, lsp.DefinitionParams(**_params(uri, 2, 12)), True)
    assert link.target_uri == (tmp_path / "ci" / "base.yml").absolute().as_uri()
    assert link.target_range == lsp.Range(
        start=lsp.Position(line=1, character=0), end=lsp.Position(line=1, character=5)
    )
    result = await completion_feature.completion(state, lsp.CompletionParams(**_params(uri, 4, 2)))
    artifacts = next(i for i in result.items if i.label == "artifacts")
    assert artifacts.kind == lsp.CompletionItemKind.Property and artifacts.detail == "map"
    assert artifacts.text_edit == lsp.TextEdit(
        range=lsp.Range(start=lsp.Position(line=4, character=2), end=lsp.Position(line=4, character=2)),
        new_text="artifacts: ",
    )
    assert artifacts.documentation.kind == lsp.MarkupKind.Markdown
    assert "extends" not in [i.label for i in result.items]
    state.executor.shutdown()


async def test_requests_on_an_analysed_document_are_fast(tmp_path):
    lines = ["FROM alpine:3.20 AS build", "ARG VERSION=1"]
    lines += [f"RUN echo $VERSION step{i}" for i in range(150)]
    lines += ["FROM scratch", "COPY --from=build /out /out", ""]
    state = _state(tmp_path)
    uri = state.documents.open((tmp_path / "Dockerfile").as_uri(), "\n".join(lines), 1, "dockerfile").uri
    await definition_feature.definition(state, lsp.DefinitionParams(**_params(uri, 0, 0)))  # analyse once
    started = time.perf_counter()
    for line in range(2, 152, 5):
        assert await definition_feature.definition(state, lsp.DefinitionParams(**_params(uri, line, 12)))
        await completion_feature.completion(state, lsp.CompletionParams(**_params(uri, line, 10)))
    per_request = (time.perf_counter() - started) / 60
    assert per_request < 0.02  # 20 ms, with a wide margin for a busy machine (typically well under 1 ms)
    state.executor.shutdown()
