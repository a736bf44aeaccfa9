"""Helpers for the language-server tests: the test client and LSP-side text handling."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

SERVER = [sys.executable, "-m", "infragenius", "lsp"]
VSCODE = "visual-studio-code"  # pushes diagnostics, UTF-16
NEOVIM = "neovim@v0.11.0"  # pulls diagnostics, prefers UTF-8


def make_client() -> LanguageClient:
    client = LanguageClient(converter_factory=default_converter)
    client.published = []  # every PublishDiagnosticsParams, in arrival order

    def publish(client: LanguageClient, params: lsp.PublishDiagnosticsParams) -> None:
        client.diagnostics[params.uri] = params.diagnostics
        client.published.append(params)

    features = dict(DEFAULT_CLIENT_FEATURES)
    features[lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = publish
    register_lsp_features(client, features)
    return client


async def start(
    client: LanguageClient, root: Path, caps: str = VSCODE, options: dict | None = None, settings: dict | None = None
) -> lsp.InitializeResult:
    if settings is not None:
        client.set_configuration(settings, section="infragenius")
    return await client.initialize_session(
        lsp.InitializeParams(
            capabilities=client_capabilities(caps),
            root_uri=root.as_uri(),
            workspace_folders=[lsp.WorkspaceFolder(uri=root.as_uri(), name="root")],
            initialization_options=options,
        )
    )


def open_doc(client: LanguageClient, path: Path, text: str, version: int = 1, language_id: str = "dockerfile") -> str:
    uri = path.as_uri()
    client.text_document_did_open(
        lsp.DidOpenTextDocumentParams(
            text_document=lsp.TextDocumentItem(uri=uri, language_id=language_id, version=version, text=text)
        )
    )
    return uri


def change_doc(client: LanguageClient, uri: str, text: str, version: int) -> None:
    client.text_document_did_change(
        lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


async def published(
    client: LanguageClient, uri: str, version: int | None = None, predicate=None, timeout: float = 15.0, after: int = 0
) -> lsp.PublishDiagnosticsParams:
    """The first publish for ``uri`` (at ``version``, matching ``predicate``, arrived after the first
    ``after`` publishes) - waiting for it if needed."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        for params in client.published[after:]:
            if (
                params.uri == uri
                and (version is None or params.version == version)
                and (predicate is None or predicate(params))
            ):
                return params
        if asyncio.get_running_loop().time() > deadline:
            seen = [(p.uri, p.version) for p in client.published]
            raise AssertionError(f"no diagnostics for {uri} v{version}; got {seen}")
        await asyncio.sleep(0.01)


async def rendered(client: LanguageClient, uri: str, after: int = 0) -> lsp.PublishDiagnosticsParams:
    """A Helm template's full diagnostics: the second publish for ``uri`` after the first ``after``
    (the first one holds the template checks only, published before the chart is rendered)."""
    quick = await published(client, uri, after=after)
    at = next(
        n for n in range(after, len(client.published)) if client.published[n] is quick
    )  # not ==: equal ones repeat
    return await published(client, uri, quick.version, after=at + 1)


def ours(diagnostics, codes=("DF001", "DF002")) -> list[tuple[str, tuple[int, int, int, int]]]:
    """(code, (line, char, end line, end char)) for the given codes only: other rules come and go."""
    return sorted(
        (d.code, (d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character))
        for d in diagnostics
        if d.code in codes
    )


def apply_text_edits(text: str, edits: list[lsp.TextEdit], encoding: str = "utf-16") -> str:
    """Apply LSP edits the way an editor does (positions in the negotiated encoding)."""
    lines = text.split("\n")

    def offset(pos: lsp.Position) -> int:
        line = lines[pos.line] if pos.line < len(lines) else ""
        base = sum(len(l) + 1 for l in lines[: pos.line])
        units = 0
        for i, ch in enumerate(line):
            if units >= pos.character:
                return base + i
            units += len(ch.encode("utf-8")) if encoding == "utf-8" else (2 if ord(ch) > 0xFFFF else 1)
        return base + len(line)

    spans = sorted(((offset(e.range.start), offset(e.range.end), e.new_text) for e in edits), reverse=True)
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


def edits_of(action: lsp.CodeAction, uri: str) -> list[lsp.TextEdit]:
    edit = action.edit
    assert edit is not None
    if edit.document_changes:
        return [e for change in edit.document_changes if change.text_document.uri == uri for e in change.edits]
    return list((edit.changes or {}).get(uri, []))


def text_id(uri: str) -> lsp.TextDocumentIdentifier:
    return lsp.TextDocumentIdentifier(uri=uri)


def as_dict(value: Any) -> Any:
    return default_converter().unstructure(value)


CONFIG = ClientServerConfig(server_command=SERVER, client_factory=make_client)
