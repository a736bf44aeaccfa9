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


# ShellCheck's ``# shellcheck disable=`` in the shell scripts of the three hosts: the next command only.
SHELL = Config.from_dict({"select": ["SH201", "SH202", "SH108", "SH107"]})


def _shell_findings(text: str, language: str, path: str | None = None) -> list[tuple[int, str]]:
    from pathlib import Path

    return [
        (f.range.start.line + 1, f.code) for f in analyse(text, language, Path(path) if path else None, config=SHELL)
    ]


def test_shellcheck_directive_above_a_run_covers_the_whole_instruction():
    text = (
        "FROM alpine:3.20\n# shellcheck disable=SC2046\nRUN apk add \\\n    $(cat pkgs) && \\\n    echo $(id)\n"
        "RUN apk add $(cat more)\n"
    )
    assert _shell_findings(text, "dockerfile") == [(6, "SH202")]


def test_shellcheck_directive_inside_a_run_covers_the_next_command():
    text = (
        "FROM alpine:3.20\nRUN set -e; \\\n    # shellcheck disable=SC2046,SC2086\n    apk add $(cat pkgs) $P; \\\n"
        "    apk del $(cat old)\n"
    )
    assert _shell_findings(text, "dockerfile") == [(5, "SH202")]


def test_shellcheck_directive_in_a_gitlab_script():
    text = (
        "build:\n  script:\n    # shellcheck disable=SC2046\n    - docker rm $(docker ps -aq)\n"
        "    - docker rmi $(docker images -q)\n    - |\n      # shellcheck disable=all\n"
        "      if true; then\n        rm $(ls)\n      fi\n      rm $(ls) $X\n"
    )
    assert _shell_findings(text, "gitlab-ci", ".gitlab-ci.yml") == [(5, "SH108"), (11, "SH108"), (11, "SH107")]


def test_a_trailing_shellcheck_directive_is_no_directive():
    # ShellCheck reads a directive only on a comment line before the command
    text = "FROM alpine:3.20\nRUN apk add $(cat pkgs) # shellcheck disable=SC2046\n"
    assert _shell_findings(text, "dockerfile") == [(2, "SH202")]


@pytest.mark.parametrize(
    "script, span",
    [
        ("# shellcheck disable=SC2046\ncmd $(x)\nnext\n", (1, 1)),
        ("# shellcheck disable=SC2046\n\n# why\ncmd \\\n  $(x) \\\n  y\nnext\n", (3, 5)),
        ('# shellcheck disable=SC2046\n{\n  a $(x)\n  b "}"\n}\nnext\n', (1, 4)),
        ("# shellcheck disable=SC2046\nfor f in $(ls); do\n  echo done\ndone\nnext\n", (1, 3)),
        ("# shellcheck disable=SC2046\ncase $x in\n  a) b ;;\nesac\nnext\n", (1, 3)),
        # the YAML block holding the script ends: an unclosed bracket stops there
        ("  # shellcheck disable=SC2046\n  cmd ( $(x)\n  more\nnext: 1\n", (1, 2)),
    ],
)
def test_shell_command_span(script, span):
    from infragenius.core.suppress import shell_command_span

    assert shell_command_span(script.splitlines(), 0) == span


def test_shellcheck_directive_stops_at_a_semicolon_continuation():
    script = "  # shellcheck disable=SC2046\n  a $(x) && \\\n    b $(y); \\\n  c $(z)\n"
    from infragenius.core.suppress import shell_command_span

    assert shell_command_span(script.splitlines(), 0) == (1, 2)
    assert shell_command_span(["# shellcheck disable=SC2046", "RUN a; \\", "  b $(y)"], 0) == (1, 2)
