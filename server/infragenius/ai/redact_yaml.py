"""Secrets that only the shape of a YAML file shows (Kubernetes, Helm values and templates, CI files).

A line scanner, not a YAML parser: Helm templates are not YAML until rendered, and an excerpt sent to
a model (``12 | key: value`` lines) is not either, yet both must be redacted the same way. It follows
indentation to know each key's parent and siblings, and finds:

- ``value:`` beside a secret-named ``name:`` or ``key:`` (the Kubernetes env idiom, either order);
- ``value:`` / ``default:`` under a secret-named key (GitLab's ``DB_PASSWORD: {value: ...}`` form);
- every value under ``data:`` / ``stringData:`` of a ``kind: Secret``, whatever the key;
- block scalars (``key: |``) in any of those places or under a secret-named key: each content line.

Inline values under a secret-named key are left to the ``NAME: value`` patterns of ``redact``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# An excerpt's line-number gutter (``prompts.file_excerpt``): the indentation is what follows it.
GUTTER = re.compile(r"[ \t]*\d+ \| ")
KEY_LINE = re.compile(
    r"(?P<indent>[ \t]*)(?P<dash>-[ \t]+)?(?P<key>\"[^\"\n]*\"|'[^'\n]*'|[^\s#'\"{\[\]}:-][^:#\n]*?|-[^\s:#][^:#\n]*?)"
    r"[ \t]*:(?:[ \t]+(?P<rest>.*?))?[ \t]*$"
)
BLOCK = re.compile(r"[|>][+-]?[1-9]?[+-]?(?:[ \t]+#.*)?$")
VALUE = re.compile(r"\"(?P<dq>[^\"\n]*)\"|'(?P<sq>[^'\n]*)'|(?P<bare>[^\s#][^\n]*?)(?=[ \t]+#|[ \t]*$)")
SECRET_KINDS = {"Secret", "SealedSecret"}  # a SealedSecret's data is encrypted, but it is no one else's business


@dataclass
class Entry:
    key: str
    parent: str | None
    mapping: int  # entries of one mapping share this number
    top: str | None  # the first key of the path (``data`` of a Secret)
    value: tuple[int, int] | None  # span of an inline value, quotes excluded
    block: list[tuple[int, int]]  # spans of a block scalar's content lines
    text: str = ""  # the inline value, quotes excluded


def secret_spans(text: str, is_secret_name) -> Iterator[tuple[int, int]]:
    """Spans of the values that the structure of ``text`` says are secrets."""
    for entries, kind in _documents(text):
        by_mapping: dict[int, list[Entry]] = {}
        for entry in entries:
            by_mapping.setdefault(entry.mapping, []).append(entry)
        for entry in entries:
            if _is_secret(entry, kind, by_mapping[entry.mapping], is_secret_name):
                if entry.value:
                    yield entry.value
                yield from entry.block


def _is_secret(entry: Entry, kind: str | None, siblings: list[Entry], is_secret_name) -> bool:
    if kind in SECRET_KINDS and entry.top in ("data", "stringData") and entry.parent is not None:
        return True
    if entry.block and is_secret_name(entry.key):
        return True
    if entry.key in ("value", "default") and entry.parent and is_secret_name(entry.parent):
        return True
    if entry.key == "value":
        return any(s.key in ("name", "key") and is_secret_name(s.text) for s in siblings)
    return False


def _documents(text: str) -> Iterator[tuple[list[Entry], str | None]]:
    """The key entries of each ``---``-separated document, with the document's ``kind``."""
    entries: list[Entry] = []
    kind: str | None = None
    stack: list[tuple[int, str, int]] = []  # (column, key, mapping) of the open keys
    mappings = 0
    block: Entry | None = None
    block_column = 0
    offset = 0
    for line in text.split("\n"):
        start, offset = offset, offset + len(line) + 1
        gutter = GUTTER.match(line)
        body_at = start + (gutter.end() if gutter else 0)
        body = line[gutter.end() :] if gutter else line
        if block is not None:
            content = body.strip()
            if not content or len(body) - len(body.lstrip()) > block_column:
                if content:
                    lead = len(body) - len(body.lstrip())
                    block.block.append((body_at + lead, body_at + lead + len(content)))
                continue
            block = None
        if body.startswith("---"):
            yield entries, kind
            entries, kind, stack = [], None, []
            continue
        m = KEY_LINE.match(body)
        if m is None:
            continue
        column = len(m.group("indent")) + len(m.group("dash") or "")
        key = m.group("key").strip("\"'")
        while stack and stack[-1][0] > column:
            stack.pop()
        if stack and stack[-1][0] == column and not m.group("dash"):
            mapping = stack.pop()[2]
        else:
            if stack and stack[-1][0] == column:
                stack.pop()
            mappings += 1
            mapping = mappings
        parent = stack[-1][1] if stack else None
        top = stack[0][1] if stack else None
        stack.append((column, key, mapping))
        rest = m.group("rest") or ""
        entry = Entry(key, parent, mapping, top, None, [])
        if BLOCK.match(rest):
            block, block_column = entry, column
        elif rest:
            value = VALUE.match(rest)
            if value:
                group = next(g for g in ("dq", "sq", "bare") if value.group(g) is not None)
                at = body_at + m.start("rest")
                entry.value = (at + value.start(group), at + value.end(group))
                entry.text = value.group(group)
        if column == 0 and key == "kind" and entry.text:
            kind = entry.text
        entries.append(entry)
    yield entries, kind
