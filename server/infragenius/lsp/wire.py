"""Diagnostics in their wire form (JSON-ready dicts), converted once per finding and reused.

Building ``lsprotocol`` objects for 600 findings and unstructuring them with cattrs costs ~40 ms per
edit, though an edit moves few findings. So each finding's diagnostic is kept as the dict that goes on
the wire, keyed by the finding (code, message, range, fix, ...) and the text of the lines its
positions are on (the position encoding counts that text); the next analysis of the document
converts only the findings that are new or moved (the result before the latest is kept too: an
undo, or a line typed and deleted again, finds its findings there), and builds those dicts directly (the same JSON as
``convert.diagnostic`` unstructured, a test holds them equal; findings with related information,
which may point into other files, take that typed path). The document version (in ``data``, for code
actions) is the one part that changes with every edit: it is added to a copy when a result is built.

On an ASCII text (most files) a column counts the same in every encoding: the key is the finding
alone, and a finding handed over again as the same object (the engine keeps those of unchanged
Dockerfile instructions) is found by identity, without hashing its fields. Each key is hashed once.

A result's identity (``WireResult.result_id``) is the config generation and the hash of those keys, so a
pull for an unchanged result answers ``kind: "unchanged"`` even after an edit that changed nothing
for this document (a sibling's edit, or typing inside a comment).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from cachetools import LRUCache

from ..core.findings import origin
from .convert import _TAGS, SOURCE, Positions, diagnostic, fix_to_data

if TYPE_CHECKING:
    from ..core.document import Document
    from ..core.engine import Analysis
    from ..core.findings import Finding

log = logging.getLogger(__name__)

# documents whose converted diagnostics are kept (each holds one dict per finding of its latest result)
DOCUMENTS = 64


class WireResult:
    """One document's diagnostics on the wire and the identity of that result."""

    def __init__(self, items: list[dict[str, Any]], result_id: str) -> None:
        self.items = items
        self.result_id = result_id


class Wire:
    """Per document, the wire dict of each finding of its latest result (analysis thread only)."""

    def __init__(self) -> None:
        # uri -> (encoding, {key: wire dict} of the latest result, the same of the one before,
        #         {id(root finding): _Root} of each, for findings handed over again, as they were or moved)
        self._documents: LRUCache = LRUCache(maxsize=DOCUMENTS)
        self._converter: Any = None

    def convert(self, analysis: Analysis, encoding: str, generation: int) -> WireResult:
        document = analysis.document
        known_encoding, latest, older, latest_roots, older_roots = self._documents.get(
            document.uri, (None, {}, {}, {}, {})
        )
        if known_encoding != encoding:
            latest, older, latest_roots, older_roots = {}, {}, {}, {}
        # on an ASCII text a column is the same in every encoding: a finding's wire form is its own
        ascii_text = document.text.isascii()
        positions = Positions(document, encoding)
        current: dict[_Key, dict[str, Any]] = {}
        current_roots: dict[int, _Root] = {}
        digests, items = [], []
        for finding in analysis.findings:
            try:
                root, lines = origin(finding)
                known = (latest_roots.get(id(root)) or older_roots.get(id(root))) if ascii_text else None
                if known is not None and known.finding is root:  # handed over again, as it was or moved
                    key, wire = known.at(lines)
                    digest = key.digest if key is not None else known.digest_at(lines)
                else:
                    key = _Key((finding, None if ascii_text else _line_texts(finding, document)))
                    wire = latest.get(key) or older.get(key) or self._unstructure(finding, positions)
                    known = _Root(root, key, wire, lines) if ascii_text and not finding.related else None
                    digest = key.digest
            except Exception:  # one odd finding must not hide the others
                log.exception("could not convert finding %s", finding.code)
                continue
            if key is not None:  # found by key too: a rule that runs again makes an equal finding
                current[key] = wire
            if known is not None:
                current_roots[id(root)] = known
            digests.append(digest)
            items.append({**wire, "data": {"version": document.version, **wire["data"]}})
        self._documents[document.uri] = (encoding, current, latest, current_roots, latest_roots)
        return WireResult(items, f"{generation}:{hash(tuple(digests)) & 0xFFFFFFFFFFFFFFFF:016x}")

    def forget(self, uri: str) -> None:
        self._documents.pop(uri, None)

    def clear(self) -> None:
        self._documents.clear()

    def _unstructure(self, finding: Finding, positions: Positions) -> dict[str, Any]:
        if not finding.related:
            return _plain(finding, positions)
        if self._converter is None:
            from pygls.protocol import default_converter  # the server's own: the same JSON as before

            self._converter = default_converter()
        wire = self._converter.unstructure(diagnostic(finding, positions, rule_tags(finding.code)))
        del wire["data"]["version"]  # added per result
        return wire


class _Root:
    """A finding the engine may hand over again, as it is or moved (``core.findings.origin``), on an
    ASCII text: its wire dict and key digest where it was first seen, ``lines`` lines below the root.
    A copy that moved sits on the same line texts (only unchanged text moves), so its diagnostic is that
    dict with the line numbers shifted; its digest is derived from the first one, without hashing it."""

    __slots__ = ("finding", "key", "lines", "wire")

    def __init__(self, finding: Finding, key: _Key, wire: dict[str, Any], lines: int) -> None:
        self.finding, self.key, self.wire, self.lines = finding, key, wire, lines

    def at(self, lines: int) -> tuple[_Key | None, dict[str, Any]]:
        """The key (where first seen, else None) and wire dict of the copy ``lines`` lines below the root."""
        delta = lines - self.lines
        return (self.key, self.wire) if not delta else (None, _shifted(self.wire, delta))

    def digest_at(self, lines: int) -> int:
        return hash((self.key.digest, lines - self.lines))


def _shifted(wire: dict[str, Any], lines: int) -> dict[str, Any]:
    """A diagnostic without related information ``lines`` lines further down, its fix with it."""
    start, end = wire["range"]["start"], wire["range"]["end"]
    shifted = {
        **wire,
        "range": {
            "start": {"line": start["line"] + lines, "character": start["character"]},
            "end": {"line": end["line"] + lines, "character": end["character"]},
        },
    }
    fix = wire["data"].get("fix")
    if fix is not None:
        edits = [[a + lines, b, c + lines, d, text] for a, b, c, d, text in fix["edits"]]
        shifted["data"] = {**wire["data"], "fix": {**fix, "edits": edits}}
    return shifted


class _Key:
    """A finding and the text of its lines (None on an ASCII text), hashed once: a result's keys are
    looked up, stored and hashed into its resultId, and a finding's own hash walks every field."""

    __slots__ = ("digest", "value")

    def __init__(self, value: tuple[Finding, tuple[str, ...] | None]) -> None:
        self.value = value
        self.digest = hash(value)

    def __hash__(self) -> int:
        return self.digest

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Key) and self.digest == other.digest and self.value == other.value


def _plain(finding: Finding, positions: Positions) -> dict[str, Any]:
    """A diagnostic without related information as cattrs would write it (key order included)."""
    wire: dict[str, Any] = {
        "range": {"start": _point(positions, finding.range.start), "end": _point(positions, finding.range.end)},
        "message": finding.message,
        "severity": int(finding.severity),
        "code": finding.code,
    }
    if finding.url:
        wire["codeDescription"] = {"href": finding.url}
    wire["source"] = finding.source or SOURCE
    tags = [int(_TAGS[t]) for t in rule_tags(finding.code) if t in _TAGS]
    if tags:
        wire["tags"] = tags
    wire["data"] = {"fix": fix_to_data(finding.fix)} if finding.fix is not None else {}
    return wire


def _point(positions: Positions, position) -> dict[str, int]:
    if positions.encoding in _ASCII_ALIKE:
        text = positions.document.line_text(position.line)
        if text.isascii():  # most lines: a column counts the same in code points, UTF-16 and UTF-8
            return {"line": max(position.line, 0), "character": len(text[: position.column])}
    converted = positions.to_lsp(position)
    return {"line": converted.line, "character": converted.character}


_ASCII_ALIKE = frozenset({"utf-16", "utf-8"})


def _line_texts(finding: Finding, document: Document) -> tuple[str, ...]:
    """The text of every line a position of the finding is on: a column's UTF-16 or UTF-8 value depends
    on the characters before it. (A related range in another file adds lines of this one: harmless.)"""
    lines = {finding.range.start.line, finding.range.end.line}
    for related in finding.related:
        lines.update((related.range.start.line, related.range.end.line))
    return tuple(document.line_text(n) for n in sorted(lines))


def rule_tags(code: str) -> tuple[str, ...]:
    from .hover import find_rule

    rule = find_rule(code)
    return tuple(getattr(rule, "tags", ()) or ()) if rule is not None else ()
