"""Dockerfile "did you mean" findings carry the fix (issue 19 §1): DF011, DF017, DF036."""

from __future__ import annotations

from infragenius.core.config import Config

from ..helpers import analyse


def _fixes(text: str, code: str) -> list[tuple[str, str, str]]:
    """(fix title, applicability, edited range as row:col-row:col) of each ``code`` finding with a fix."""
    out = []
    for f in analyse(text, "dockerfile", config=Config(select=[code])):
        if f.code == code and f.fix:
            (edit,) = f.fix.edits
            s, e = edit.range
            out.append((f.fix.title, f.fix.applicability, f"{s.line + 1}:{s.column + 1}-{e.line + 1}:{e.column + 1}"))
    return out


def test_a_misspelt_from_argument_renames_only_the_name_inside_the_braces():
    text = "ARG NODE_VERSION=22\nFROM node:${NODE_VERSON:-22}-alpine\n"
    assert _fixes(text, "DF011") == [('Replace "NODE_VERSON" with "NODE_VERSION"', "safe", "2:13-2:24")]


def test_a_misspelt_variable_is_renamed_in_a_plain_expansion():
    text = "FROM scratch\nENV APP_HOME=/app\nWORKDIR $APP_HOEM\n"
    assert _fixes(text, "DF036") == [('Replace "APP_HOEM" with "APP_HOME"', "safe", "3:10-3:18")]


def test_a_variable_split_by_a_line_continuation_gets_no_fix():
    text = "FROM scratch\nENV APP_HOME=/app\nWORKDIR ${APP_\\\nHOEM}\n"
    assert _fixes(text, "DF036") == []


def test_a_stage_typo_is_safe_but_a_longer_or_shorter_name_is_the_users_call():
    text = "FROM golang:1.23 AS build\nFROM alpine:3.20\nCOPY --from=biuld /a /a\nCOPY --from=builder /b /b\n"
    assert _fixes(text, "DF017") == [
        ('Replace "biuld" with "build"', "safe", "3:13-3:18"),
        ('Replace "builder" with "build"', "unsafe", "4:13-4:20"),
    ]
