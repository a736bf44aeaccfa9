"""The wire cache of diagnostics and the "unchanged" answer to a pull (lsp/wire.py, lsp/diagnostics.py)."""

from __future__ import annotations

import json
import random
import types
from pathlib import Path

import pytest
from lsprotocol import types as lsp
from pygls.protocol import default_converter

from infragenius.core.config import Config
from infragenius.core.document import Document, Range
from infragenius.core.engine import Engine
from infragenius.core.findings import Edit, Finding, Fix, Related, Severity, moved
from infragenius.lsp.convert import Positions, diagnostic
from infragenius.lsp.diagnostics import Diagnostics, WireReport
from infragenius.lsp.state import State
from infragenius.lsp.wire import Wire, rule_tags

URI = "file:///w/Dockerfile"
TEXT = "FROM node:latest\nMAINTAINER Jane\nRUN apt-get install curl\n"
CONVERTER = default_converter()


def _analysis(text: str, version: int, config: Config | None = None):
    return Engine(config or Config()).analyse(Document(URI, text, "dockerfile", version))


def _counting(monkeypatch) -> list[str]:
    """The codes of the findings that ``Wire`` converts afresh."""
    converted: list[str] = []
    real = Wire._unstructure

    def counted(self, finding, positions):
        converted.append(finding.code)
        return real(self, finding, positions)

    monkeypatch.setattr(Wire, "_unstructure", counted)
    return converted


def test_wire_items_are_the_json_of_the_typed_diagnostics():
    # a finding with a fix, related information, a URL and tags: every field goes through the cache
    doc = Document(URI, "FROM node:latest\nRUN echo 😀 && cd /x\n", "dockerfile", 4)
    finding = Finding(
        "DF001",
        "msg",
        Range.of(1, 4, 1, 12),
        Severity.WARNING,
        fix=Fix("Fix it", (Edit(Range.of(1, 4, 1, 8), "x"),)),
        related=(Related(Range.of(0, 0, 0, 4), "here"),),
        url="https://example.com/DF001",
    )
    analysis = types.SimpleNamespace(document=doc, findings=[finding])
    for encoding in ("utf-16", "utf-8", "utf-32"):
        got = Wire().convert(analysis, encoding, 1).items
        expected = CONVERTER.unstructure(diagnostic(finding, Positions(doc, encoding), rule_tags("DF001")))
        assert got == [expected]
        assert list(got[0]) == list(expected) and list(got[0]["data"]) == list(expected["data"])


def test_an_edit_converts_only_the_findings_that_moved(monkeypatch):
    converted = _counting(monkeypatch)
    wire = Wire()
    first = wire.convert(_analysis(TEXT, 1), "utf-16", 1)
    assert sorted(converted) == sorted(item["code"] for item in first.items) and len(converted) >= 3
    converted.clear()
    # a line inserted before the RUN: the findings above it stay, those below move one line down
    moved = wire.convert(_analysis(TEXT.replace("RUN", "# note\nRUN"), 2), "utf-16", 1)
    below = [item for item in moved.items if item["range"]["start"]["line"] == 3]
    assert below and sorted(converted) == sorted(item["code"] for item in below)
    before = {(i["code"], i["range"]["start"]["line"]) for i in first.items}
    assert {
        (i["code"], i["range"]["start"]["line"] - (i["range"]["start"]["line"] == 3)) for i in moved.items
    } == before
    assert all(item["data"]["version"] == 2 for item in moved.items)
    assert moved.result_id != first.result_id
    # the line deleted again (an undo): every finding is where it was two results ago
    converted.clear()
    undone = wire.convert(_analysis(TEXT, 3), "utf-16", 1)
    assert converted == [] and undone.result_id == first.result_id


def test_a_changed_line_before_a_finding_converts_it_again(monkeypatch):
    # the finding's code-point range is the same, but its UTF-16 column moves with the emoji
    doc1 = Document(URI, "RUN echo a && cd /x\n", "dockerfile", 1)
    doc2 = Document(URI, "RUN echo 😀 && cd /x\n", "dockerfile", 2)
    finding = Finding("DF001", "msg", Range.of(0, 14, 0, 19))
    wire = Wire()
    a = wire.convert(types.SimpleNamespace(document=doc1, findings=[finding]), "utf-16", 1)
    b = wire.convert(types.SimpleNamespace(document=doc2, findings=[finding]), "utf-16", 1)
    assert a.items[0]["range"]["start"]["character"] == 14
    assert b.items[0]["range"]["start"]["character"] == 15
    assert a.result_id != b.result_id
    # and back: the same finding object on an ASCII text again counts the code points alone
    c = wire.convert(types.SimpleNamespace(document=doc1, findings=[finding]), "utf-16", 1)
    assert c.items[0]["range"]["start"]["character"] == 14
    assert c.result_id == a.result_id


def test_a_finding_handed_over_again_on_an_ascii_text_is_not_converted_again(monkeypatch):
    converted = _counting(monkeypatch)
    finding = Finding("DF001", "msg", Range.of(0, 14, 0, 19))
    wire = Wire()
    for version, text in enumerate(("RUN echo a && cd /x\n", "RUN echo b && cd /x\n", "RUN echo c && cd /x\n"), 1):
        doc = Document(URI, text, "dockerfile", version)
        result = wire.convert(types.SimpleNamespace(document=doc, findings=[finding]), "utf-16", 1)
        assert result.items[0]["range"]["start"]["character"] == 14
        assert result.items[0]["data"]["version"] == version
    assert converted == ["DF001"]


def test_the_same_findings_give_the_same_result_id_and_a_new_generation_another():
    wire = Wire()
    a = wire.convert(_analysis(TEXT, 1), "utf-16", 1)
    b = wire.convert(_analysis(TEXT + "# a comment at the end\n", 2), "utf-16", 1)
    assert a.result_id == b.result_id and [i["data"]["version"] for i in b.items][:1] == [2]
    assert wire.convert(_analysis(TEXT, 3), "utf-16", 2).result_id != a.result_id


def test_a_moved_finding_is_its_origins_diagnostic_shifted_without_converting_it(monkeypatch):
    converted = _counting(monkeypatch)
    text = "FROM a\nRUN echo a && cd /x\n"
    finding = Finding("DF001", "msg", Range.of(1, 14, 1, 19), fix=Fix("Fix", (Edit(Range.of(1, 14, 1, 16), "x"),)))
    wire = Wire()
    first = wire.convert(
        types.SimpleNamespace(document=Document(URI, text, "dockerfile", 1), findings=[finding]), "utf-16", 1
    )
    below = 0  # lines the latest copy is below the finding
    for version, lines in ((2, 2), (3, 3), (4, 1), (5, 0)):
        copy = moved(finding, lines - below)
        doc = Document(URI, "# x\n" * lines + text, "dockerfile", version)
        got = wire.convert(types.SimpleNamespace(document=doc, findings=[copy]), "utf-16", 1)
        expected = CONVERTER.unstructure(diagnostic(copy, Positions(doc, "utf-16"), rule_tags("DF001")))
        assert got.items == [expected]
        assert expected["range"]["start"]["line"] == 1 + lines and expected["data"]["fix"]["edits"][0][0] == 1 + lines
        # the copy back where its origin was has the origin's result id; a copy elsewhere another
        assert (got.result_id == first.result_id) == (lines == 0)
        finding, below = copy, lines  # each version moves the previous copy, as reuse does
    assert converted == ["DF001"]


def test_a_reusing_engines_diagnostics_equal_a_fresh_conversion_after_every_edit():
    # inserted and deleted lines move most findings of the bench file per edit: their wire dicts are shifted
    path = Path(__file__).parents[2].parent / "shared" / "bench" / "Dockerfile.500"
    if not path.is_file():
        pytest.skip("no bench file")
    rng = random.Random(18)
    lines = path.read_text().split("\n")
    engine, wire = Engine(Config(), root=path.parent), Wire()
    for version in range(1, 41):
        if version > 1:
            at = rng.randrange(1, len(lines))
            if rng.random() < 0.5:
                lines.insert(at, rng.choice(("# note", "RUN cd /x", "ENV A=1", lines[at])))
            else:
                del lines[at]
        document = Document(URI, "\n".join(lines), "dockerfile", version, path)
        got = wire.convert(engine.analyse(document), "utf-16", 1)
        fresh = Wire().convert(Engine(Config(), root=path.parent).analyse(document), "utf-16", 1)
        assert got.items == fresh.items, f"version {version}"


# -- pull --------------------------------------------------------------------------------------------
def _pull_state() -> tuple[State, Diagnostics]:
    state = State()
    state.set_config(Config())
    state.debounce_ms = 0
    state.pull_diagnostics = True
    return state, Diagnostics(types.SimpleNamespace(), state)


async def _pull(diagnostics: Diagnostics, previous: str | None = None):
    params = lsp.DocumentDiagnosticParams(
        text_document=lsp.TextDocumentIdentifier(uri=URI), previous_result_id=previous
    )
    report = await diagnostics.pull(params)
    if isinstance(report, WireReport):  # what the client gets: the object's fields as JSON
        return CONVERTER.structure(json.loads(json.dumps(vars(report))), lsp.RelatedFullDocumentDiagnosticReport)
    return report


def _codes(report) -> list[tuple[str, int]]:
    return [(d.code, d.range.start.line) for d in report.items]


async def test_pull_answers_unchanged_when_the_result_is_the_same():
    state, diagnostics = _pull_state()
    state.documents.open(URI, TEXT, 1)
    full = await _pull(diagnostics)
    assert full.kind == "full" and ("DF001", 1) in _codes(full)
    assert (await _pull(diagnostics, full.result_id)).kind == "unchanged"  # the same version again
    # an edit that moves none of the findings: unchanged too, though the version is new
    state.documents.update(URI, TEXT + "# done\n", 2)
    again = await _pull(diagnostics, full.result_id)
    assert again.kind == "unchanged" and again.result_id == full.result_id
    # an edit that moves a finding: the full report, for the new positions and version
    state.documents.update(URI, "# top\n" + TEXT, 3)
    moved = await _pull(diagnostics, full.result_id)
    assert moved.kind == "full" and moved.result_id != full.result_id
    assert _codes(moved) == [(code, line + 1) for code, line in _codes(full)]
    assert {d.data["version"] for d in moved.items} == {3}
    state.executor.shutdown()


async def test_a_config_change_gives_a_new_result():
    state, diagnostics = _pull_state()
    state.documents.open(URI, TEXT, 1)
    full = await _pull(diagnostics)
    state.set_config(Config(severity={"DF001": "error"}))
    after = await _pull(diagnostics, full.result_id)
    assert after.kind == "full" and after.result_id != full.result_id
    assert [d.severity for d in after.items if d.code == "DF001"] == [lsp.DiagnosticSeverity.Error]
    # a config that changes no finding still gets a full answer: results of another config are not reused
    state.set_config(Config(severity={"DF001": "error"}, ignore=["XX999"]))
    assert (await _pull(diagnostics, after.result_id)).kind == "full"
    state.executor.shutdown()


async def test_closing_a_document_forgets_its_converted_diagnostics():
    state, diagnostics = _pull_state()
    state.documents.open(URI, TEXT, 1)
    await _pull(diagnostics)
    assert URI in diagnostics.wire._documents
    state.documents.close(URI)
    diagnostics.clear(URI)
    await state.run(lambda: None)  # the analysis thread forgets it, after work queued before
    assert URI not in diagnostics.wire._documents and URI not in diagnostics._answered
    state.executor.shutdown()


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8", "utf-32"])
@pytest.mark.parametrize(
    "rng", [Range.of(0, 4, 0, 99), Range.of(0, -2, 0, 3), Range.of(7, 0, 7, 5), Range.of(1, 2, 1, 4)]
)
def test_odd_positions_convert_as_the_typed_path_does(encoding, rng):
    # past the end of a line or of the file, a negative column: ASCII lines take a shortcut
    doc = Document(URI, "RUN echo a\nRUN echo 😀 b\n", "dockerfile", 1)
    finding = Finding("DF001", "msg", rng)
    got = Wire().convert(types.SimpleNamespace(document=doc, findings=[finding]), encoding, 1).items
    assert got[0]["range"] == CONVERTER.unstructure(Positions(doc, encoding).range_to_lsp(rng))


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8"])
def test_a_new_encoding_never_reuses_the_other_encodings_columns(encoding):
    doc = Document(URI, "RUN echo 😀 && cd /x\n", "dockerfile", 1)
    finding = Finding("DF001", "msg", Range.of(0, 14, 0, 19))
    wire = Wire()
    wire.convert(types.SimpleNamespace(document=doc, findings=[finding]), "utf-32", 1)
    got = wire.convert(types.SimpleNamespace(document=doc, findings=[finding]), encoding, 1)
    assert got.items[0]["range"]["start"]["character"] == {"utf-16": 15, "utf-8": 17}[encoding]


class _Frames:
    """A writer that keeps what the protocol writes."""

    def __init__(self) -> None:
        self.written: list[bytes] = []

    def write(self, data: bytes) -> None:
        self.written.append(data)

    def close(self) -> None:
        pass


def _sent(message) -> tuple[bytes, object]:
    from infragenius.lsp.server import build_server

    server, _ = build_server()
    frames = _Frames()
    server.protocol.set_writer(frames)
    server.protocol._send_data(message)
    (frame,) = frames.written
    header, _, body = frame.partition(b"\r\n\r\n")
    assert header.split(b"\r\n")[0] == b"Content-Length: %d" % len(body)
    return body, json.loads(body)


def test_messages_are_sent_as_the_json_pygls_would_write():
    items = [{"range": {"start": {"line": 0, "character": 4}, "end": {"line": 0, "character": 9}}, "message": "é 😀"}]
    message = {
        "jsonrpc": "2.0",
        "method": "textDocument/publishDiagnostics",
        "params": {"uri": URI, "diagnostics": items},
    }
    body, decoded = _sent(message)
    assert decoded == message
    assert "é 😀".encode() in body  # UTF-8 as it is, not escaped
    analysis = _analysis(TEXT, 1)
    typed = lsp.PublishDiagnosticsParams(
        uri=URI, diagnostics=[diagnostic(f, Positions(analysis.document)) for f in analysis.findings]
    )
    assert _sent(typed)[1] == CONVERTER.unstructure(typed)


def test_what_orjson_refuses_goes_out_through_json():
    message = {"jsonrpc": "2.0", "method": "window/logMessage", "params": {"type": 4, "message": "half \ud800 pair"}}
    body, decoded = _sent(message)
    assert decoded == message and b"\\ud800" in body
