"""Parse YAML text into position-keeping nodes, tolerating errors.

Why PyYAML's event stream with the C parser (libyaml) and a composer of our own, rather than
``yaml.compose`` or tree-sitter-yaml:

- libyaml is the fastest YAML parser reachable from Python (a 1,000-line workflow parses in a few
  milliseconds) and it is strict YAML: what it rejects, the CI runner rejects too.
- Its event marks are exact: ``index`` counts code points (a CRLF counts two), ``line``/``column`` are
  0-based code points, so they are our :class:`Document` offsets and positions with no conversion.
- Composing ourselves keeps what ``compose`` throws away: duplicate keys (reported, first one kept
  for lookups), the position of each alias, undefined or recursive aliases as problems instead of
  exceptions, and block scalars' ends trimmed to their last character.
- tree-sitter-yaml recovers from errors but gives no scalar values (escapes, folding, block
  indentation are left to the caller), which is exactly the part that is easy to get wrong.

Error tolerance: on a syntax error we record it, blank the offending line (spaces keep every
offset in place) and parse again, a bounded number of times, so a half-typed file still yields the
documents and keys that parse.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from ...core.document import Position, Range
from .nodes import _MAYBE_TYPED, STR, UNKNOWN_TAG, Mapping, Node, Scalar, Sequence, resolve_tag

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_RECOVERIES = 25
_new_tuple = tuple.__new__  # Position(l, c) without NamedTuple's Python-level __new__


@dataclass
class Problem:
    """Something wrong at the YAML level. ``kind``: syntax, duplicate-key, undefined-alias."""

    kind: str
    message: str
    range: Range
    related: Range | None = None
    node: Node | None = None


@dataclass
class AliasUse:
    name: str
    range: Range
    target: Node


@dataclass
class YamlDocument:
    root: Node | None
    start: int
    end: int
    anchors: dict[str, Node] = field(default_factory=dict)
    aliases: list[AliasUse] = field(default_factory=list)
    merge_keys: list[Scalar] = field(default_factory=list)  # "<<" keys, in order


@dataclass
class YamlStream:
    text: str
    documents: list[YamlDocument]
    problems: list[Problem]
    blanked_lines: list[int] = field(default_factory=list)

    @property
    def root(self) -> Node | None:
        """The first document's root (most CI files hold one document)."""
        return self.documents[0].root if self.documents else None

    @property
    def syntax_errors(self) -> list[Problem]:
        return [p for p in self.problems if p.kind == "syntax"]


def parse_yaml(text: str) -> YamlStream:
    """Parse every document of ``text``. Never raises for bad input."""
    problems: list[Problem] = []
    blanked: list[int] = []
    current = text
    for _ in range(MAX_RECOVERIES):
        composer = _Composer(text, current)
        try:
            documents = composer.compose_stream()
        except yaml.MarkedYAMLError as exc:
            mark = _error_mark(exc, current)
            line = mark.line if mark is not None else 0
            if not any(p.kind == "syntax" and p.range.start.line == line for p in problems):
                problems.append(_syntax_problem(exc, text))
            next_text = _blank_line(current, line)
            if next_text == current:  # nothing left to blank (error at EOF): blank the line above
                next_text = _blank_line(current, line - 1)
                if next_text == current:
                    break
                blanked.append(line - 1)
            else:
                blanked.append(line)
            current = next_text
            continue
        except yaml.YAMLError as exc:  # reader errors (control characters) carry no mark
            problems.append(Problem("syntax", f"invalid YAML: {exc}", Range.of(0, 0, 0, 0)))
            break
        except RecursionError:  # block nesting hundreds of levels deep (libyaml bounds flow nesting)
            problems.append(Problem("syntax", "the document is nested too deeply to analyse", Range.of(0, 0, 0, 0)))
            break
        problems.extend(composer.problems)
        return YamlStream(text, documents, problems, blanked)
    return YamlStream(text, [], problems, blanked)


def _error_mark(exc: yaml.MarkedYAMLError, text: str):
    """Where to report an error: the problem, or its context when the problem is the end of input
    (an unclosed quote or bracket is reported where it opens)."""
    mark = exc.problem_mark or exc.context_mark
    if exc.context_mark is not None and mark is not None and not text[mark.index :].strip():
        return exc.context_mark
    # An unclosed flow collection ([... or {...) makes every following line an error: report it where
    # it opens, and blank that line, so the rest of the file parses again.
    context = exc.context or ""
    if exc.context_mark is not None and mark is not None and "flow" in context and exc.context_mark.line < mark.line:
        return exc.context_mark
    return mark


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str) -> Problem:
    mark = _error_mark(exc, text)
    positions = Positions(text)
    line, col = tuple(positions.of_mark(mark)) if mark is not None else (0, 0)
    message = (exc.problem or exc.context or "invalid YAML").strip()
    if exc.context and exc.problem:
        message = f"{message} ({exc.context.strip()})"
    # Underline the token at the error (up to the end of the word), at least one character.
    line_text = _line(text, line)
    end = col
    while end < len(line_text) and not line_text[end].isspace():
        end += 1
    if end == col:
        end = min(col + 1, len(line_text)) if col < len(line_text) else col
    related = None
    if exc.context_mark is not None and exc.context_mark is not mark and exc.context_mark.line != line:
        cm = exc.context_mark
        cl, cc = positions.of_mark(cm)
        related = Range.of(cl, cc, cl, min(cc + 1, len(_line(text, cl))))
    return Problem("syntax", message, Range.of(line, col, line, end), related)


def _line(text: str, line: int) -> str:
    lines = text.split("\n")
    return lines[line].rstrip("\r") if 0 <= line < len(lines) else ""


def _blank_line(text: str, line: int) -> str:
    """``text`` with ``line`` turned into spaces (same length, so offsets stay put)."""
    if line < 0:
        return text
    start = 0
    for _ in range(line):
        nl = text.find("\n", start)
        if nl == -1:
            return text
        start = nl + 1
    end = text.find("\n", start)
    end = len(text) if end == -1 else end
    segment = text[start:end]
    cr = segment.endswith("\r")
    body = segment[:-1] if cr else segment
    if not body.strip():
        return text
    return text[:start] + " " * len(body) + ("\r" if cr else "") + text[end:]


class _Composer:
    """Builds nodes from libyaml's events. This is the hot path of every YAML language (tens of
    thousands of scalars per second of analysis), hence the inlined mark conversion and the exact-class
    dispatch instead of helper calls per node."""

    def __init__(self, original: str, text: str) -> None:
        self.original = original
        self.text = text
        self.length = len(text)
        self.positions = Positions(text)
        self.trust_marks = self.positions.trust_marks
        self.problems: list[Problem] = []

    def compose_stream(self) -> list[YamlDocument]:
        # The parser's own get_event, called until the end, rather than yaml.parse's Python generator.
        loader = _Loader(self.text)
        try:
            self.events = iter(loader.get_event, None)
            return self._documents()
        finally:
            loader.dispose()

    def _documents(self) -> list[YamlDocument]:
        documents = []
        for event in self.events:
            if isinstance(event, DocumentStartEvent):
                self.anchors: dict[str, Node] = {}
                self.pending: set[str] = set()
                self.aliases: list[AliasUse] = []
                self.merge_keys: list[Scalar] = []
                start = event.start_mark.index
                first = next(self.events)
                root = None if _is_end(first) else self._node(first)
                end_event = first if _is_end(first) else next(self.events)
                documents.append(
                    YamlDocument(root, start, end_event.end_mark.index, self.anchors, self.aliases, self.merge_keys)
                )
            elif isinstance(event, StreamEndEvent):
                break
        return documents

    def _position(self, mark) -> Position:
        """``Positions.of_mark``, without the call when the mark can be trusted (nearly always)."""
        if self.trust_marks and mark.index < self.length:
            return _new_tuple(Position, (mark.line, mark.column))
        return self.positions.of_mark(mark)

    # -- nodes -------------------------------------------------------------------------------
    def _node(self, event) -> Node:
        cls = event.__class__
        if cls is ScalarEvent:
            return self._scalar(event)
        if cls is MappingStartEvent:
            return self._mapping(event)
        if cls is SequenceStartEvent:
            return self._sequence(event)
        if cls is AliasEvent:
            return self._alias(event)
        raise yaml.YAMLError(f"unexpected event {event}")  # pragma: no cover - libyaml guarantees the grammar

    def _anchor(self, anchor: str, node: Node) -> None:
        """Register ``node`` under ``anchor``, once the node is complete."""
        self.anchors[anchor] = node
        self.pending.discard(anchor)

    def _scalar(self, event: ScalarEvent) -> Scalar:
        style = event.style or ""
        start_mark, end_mark = event.start_mark, event.end_mark
        start, end = start_mark.index, end_mark.index
        if self.trust_marks and start <= end < self.length:
            start_pos = _new_tuple(Position, (start_mark.line, start_mark.column))
            end_pos = _new_tuple(Position, (end_mark.line, end_mark.column))
        else:
            start_pos, end_pos = self._position(start_mark), self._position(end_mark)
            end = min(end, self.length)
        value, tag = event.value, event.tag
        if style:
            if style in ("|", ">"):
                # libyaml ends a block scalar at the start of the next token; end at its last character.
                trimmed = end
                while trimmed > start and self.text[trimmed - 1] in " \t\r\n":
                    trimmed -= 1
                if trimmed != end:
                    end = trimmed
                    end_pos = self.positions.of_offset(end)
            type_ = resolve_tag(value, style, tag) if tag else STR  # quoted and block scalars are strings
        elif tag is None and value and value[0] not in _MAYBE_TYPED:
            type_ = STR  # resolve_tag's fast path: most scalars are plain words
        else:
            type_ = resolve_tag(value, style, tag)
        start = min(start, end)
        anchor = event.anchor
        node = Scalar(value, style, type_, start, end, start_pos, end_pos, tag, anchor)
        if anchor:
            self._anchor(anchor, node)
        return node

    def _alias(self, event: AliasEvent) -> Node:
        rng = Range(self._position(event.start_mark), self._position(event.end_mark))
        target = self.anchors.get(event.anchor)
        if target is None:
            what = "recursive alias" if event.anchor in self.pending else "undefined alias"
            self.problems.append(Problem("undefined-alias", f"{what} *{event.anchor}", rng))
            # A stand-in whose value is unknown: languages skip type checks on it.
            return Scalar(
                "", "", UNKNOWN_TAG, event.start_mark.index, event.end_mark.index, rng.start, rng.end, UNKNOWN_TAG, None
            )
        self.aliases.append(AliasUse(event.anchor, rng, target))
        return target

    def _mapping(self, event: MappingStartEvent) -> Mapping:
        if event.anchor:
            self.pending.add(event.anchor)
        pairs: list[tuple[Node, Node]] = []
        # First pair of each scalar key: duplicate detection, and Mapping's lookup index when the
        # mapping has no merge key (the same first-wins rule as Mapping._lookup).
        index: dict[str, tuple[Node, Node]] = {}
        merged = False
        events, node, scalar = self.events, self._node, self._scalar
        for child in events:
            cls = child.__class__
            if cls is ScalarEvent:  # most keys and values are scalars: no dispatch through _node
                key = scalar(child)
            elif cls is MappingEndEvent:
                break
            else:
                key = node(child)
            child = next(events)
            pair = (key, scalar(child) if child.__class__ is ScalarEvent else node(child))
            pairs.append(pair)
            if key.__class__ is Scalar:
                name = key.value
                if name == "<<" and key.style == "":
                    self.merge_keys.append(key)
                    merged = True
                    continue
                previous = index.get(name)
                if previous is None:
                    index[name] = pair
                elif previous[0] is not key:
                    self.problems.append(
                        Problem("duplicate-key", f'key "{name}" is duplicated', key.range, previous[0].range, key)
                    )
        mapping = Mapping(pairs, bool(event.flow_style), *self._extent(event, child, pairs[-1][1] if pairs else None))
        if not merged:
            mapping._index = index
            mapping._items = pairs
        if event.anchor:
            self._anchor(event.anchor, mapping)
        return mapping

    def _sequence(self, event: SequenceStartEvent) -> Sequence:
        if event.anchor:
            self.pending.add(event.anchor)
        items: list[Node] = []
        events, node, scalar = self.events, self._node, self._scalar
        for child in events:
            cls = child.__class__
            if cls is ScalarEvent:
                items.append(scalar(child))
            elif cls is SequenceEndEvent:
                break
            else:
                items.append(node(child))
        sequence = Sequence(items, bool(event.flow_style), *self._extent(event, child, items[-1] if items else None))
        if event.anchor:
            self._anchor(event.anchor, sequence)
        return sequence

    def _extent(self, start_event, end_event, last: Node | None):
        start = min(start_event.start_mark.index, self.length)
        start_pos = self._position(start_event.start_mark)
        if start_event.flow_style or last is None or last.end < start:
            end, end_pos = min(end_event.end_mark.index, self.length), self._position(end_event.end_mark)
            if not start_event.flow_style and last is None:
                end, end_pos = start, start_pos
        else:  # a block collection ends with its last child (libyaml ends it at the next token)
            end, end_pos = last.end, last.end_pos
        return start, end, start_pos, end_pos, start_event.tag, start_event.anchor


class Positions:
    """libyaml marks as positions of ``text`` with lines split at "\\n" (as in Document).

    Marks count code points, so the index is exact; line and column are taken from the mark only
    when they agree with "\\n" lines: libyaml also breaks lines at a lone "\\r" (CRLF counts once,
    but we check any "\\r" to stay simple) and ends the input with a virtual line break, so a mark
    at the end of a text without a final newline says (last line + 1, 0).
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.trust_marks = "\r" not in text
        self._starts: list[int] | None = None

    def of_mark(self, mark) -> Position:
        if self.trust_marks and mark.index < len(self.text):
            return Position(mark.line, mark.column)
        return self.of_offset(min(mark.index, len(self.text)))

    def of_offset(self, offset: int) -> Position:
        if self._starts is None:
            starts = [0]
            find = self.text.find
            i = find("\n")
            while i != -1:
                starts.append(i + 1)
                i = find("\n", i + 1)
            self._starts = starts
        line = bisect.bisect_right(self._starts, offset) - 1
        return Position(line, offset - self._starts[line])


def _is_end(event) -> bool:
    from yaml.events import DocumentEndEvent

    return isinstance(event, DocumentEndEvent)
