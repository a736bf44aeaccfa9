"""Inline suppressions (ours and hadolint's), through the engine with the real DF001/DF002 rules."""

from __future__ import annotations

import pytest

from infragenius.core.config import Config
from infragenius.core.suppress import ALL, find_pragmas

from ..helpers import analyse

STABLE = Config.from_dict({"select": ["DF001", "DF002"]})


def found(text: str) -> list[tuple[int, str]]:
    return [(f.range.start.line + 1, f.code) for f in analyse(text, "dockerfile", config=STABLE)]


def test_baseline():
    assert found("FROM alpine:latest\nMAINTAINER me\n") == [(1, "DF002"), (2, "DF001")]


@pytest.mark.parametrize(
    "text, expected",
    [
        # same line (Dockerfile comments only start lines; MAINTAINER keeps the rest as text)
        ("FROM alpine:latest\nMAINTAINER me # infragenius: ignore[DF001]\n", [(1, "DF002")]),
        # alone on the line above
        ("# infragenius: ignore[DF001]\nFROM alpine:latest\nMAINTAINER me\n", [(2, "DF002"), (3, "DF001")]),
        ("FROM alpine:latest\n# infragenius: ignore[DF001]\nMAINTAINER me\n", [(1, "DF002")]),
        # several codes, spaces, aliases
        ("# infragenius: ignore[DF001, DF002]\nFROM alpine:latest\nMAINTAINER me\n", [(3, "DF001")]),
        ("FROM alpine:latest\n# infragenius: ignore[hadolint:DL4000]\nMAINTAINER me\n", [(1, "DF002")]),
        # without codes: everything on that line / construct
        ("# infragenius: ignore\nFROM alpine:latest\nMAINTAINER me\n", [(3, "DF001")]),
        ("FROM alpine:latest\nMAINTAINER me  # infragenius: ignore\n", [(1, "DF002")]),
        # the whole file
        ("FROM alpine:latest\nMAINTAINER me\n# infragenius: ignore-file[DF001]\n", [(1, "DF002")]),
        ("FROM alpine:latest\nMAINTAINER me\n# InfraGenius: IGNORE-FILE[DF001]\n", [(1, "DF002")]),
        ("# infragenius: ignore-file\nFROM alpine:latest\nMAINTAINER me\n", []),
        # an unrelated code suppresses nothing
        ("# infragenius: ignore[DF999]\nFROM alpine:latest\nMAINTAINER me\n", [(2, "DF002"), (3, "DF001")]),
        ("FROM alpine:latest\nMAINTAINER me # infragenius: ignore[DF002]\n", [(1, "DF002"), (2, "DF001")]),
        # a pragma two lines above does not reach
        ("# infragenius: ignore[DF002]\nMAINTAINER me\nFROM alpine:latest\n", [(2, "DF001"), (3, "DF002")]),
    ],
)
def test_our_pragmas(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("FROM alpine:latest\n# hadolint ignore=DL4000\nMAINTAINER me\n", [(1, "DF002")]),
        ("# hadolint ignore=DL3007,DL4000\nFROM alpine:latest\nMAINTAINER me\n", [(3, "DF001")]),
        ("# hadolint global ignore=DL3007\nFROM alpine:latest\nMAINTAINER me\nFROM debian:latest\n", [(3, "DF001")]),
        # an unrelated hadolint code
        ("FROM alpine:latest\n# hadolint ignore=DL3008\nMAINTAINER me\n", [(1, "DF002"), (3, "DF001")]),
        # hadolint pragmas name hadolint codes, not ours
        ("FROM alpine:latest\n# hadolint ignore=DF001\nMAINTAINER me\n", [(1, "DF002"), (3, "DF001")]),
        # tool names in any case, as hadolint reads them (the engine's quick text test lowers the text)
        ("FROM alpine:latest\n# Hadolint ignore=DL4000\nMAINTAINER me\n", [(1, "DF002")]),
    ],
)
def test_hadolint_pragmas(text, expected):
    assert found(text) == expected


def test_pragma_covers_a_multi_line_instruction():
    text = "FROM alpine:3.20\n# infragenius: ignore[DF001]\nMAINTAINER me \\\n  you\n"
    assert found(text) == []


def test_find_pragmas_maps_aliases():
    def resolve(tool, code):
        return {"DF001"} if (tool, code.upper()) in {("hadolint", "DL4000"), ("infragenius", "DF001")} else set()

    lines = [
        "# infragenius: ignore[DF001]",
        "RUN x  # infragenius: ignore",
        "# hadolint global ignore=DL4000",
        "# hadolint ignore=DL9999",
        "// infragenius: ignore-file[DF001]",
    ]
    pragmas = find_pragmas(lines, resolve)
    assert [(p.line, set(p.codes), p.scope, p.tool, p.own_line) for p in pragmas] == [
        (0, {"DF001"}, "line", "infragenius", True),
        (1, {ALL}, "line", "infragenius", False),
        (2, {"DF001"}, "file", "hadolint", True),
        (4, {"DF001"}, "file", "infragenius", True),
    ]
