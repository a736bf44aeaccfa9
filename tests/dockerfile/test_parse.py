"""The Dockerfile parser: BuildKit's line rules, exact positions, tolerance of broken input."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from infragenius.core.config import Config
from infragenius.core.context import Context
from infragenius.core.document import Document, Position, Range
from infragenius.languages.dockerfile.parse import parse


def _parse(text: str):
    doc = Document("untitled:Dockerfile", text, "dockerfile")
    ctx = Context(doc, Config())
    return parse(doc, ctx), [(tuple(f.range), f.message) for f in ctx.parse_findings], doc


def R(l1, c1, l2, c2):
    return Range.of(l1, c1, l2, c2)


def test_empty_file():
    model, errors, _ = _parse("")
    assert model.instructions == [] and model.stages == [] and errors == []


def test_only_comments_and_blank_lines():
    model, errors, _ = _parse("# hello\n\n   \n# bye\n")
    assert model.instructions == [] and errors == []
    assert [c.line for c in model.comments] == [0, 3]


def test_simple_instruction_positions():
    model, errors, _ = _parse("FROM alpine:3.20 AS base\n  RUN echo hi\n")
    assert errors == []
    frm, run = model.instructions
    assert frm.keyword_range == R(0, 0, 0, 4)
    assert frm.range == R(0, 0, 0, 24)
    assert run.keyword_range == R(1, 2, 1, 5)
    assert run.args == "echo hi"
    assert run.args_range == R(1, 6, 1, 13)
    stage = model.stages[0]
    assert (stage.image, stage.name) == ("alpine:3.20", "base")
    assert frm.word_range(stage.name_word) == R(0, 20, 0, 24)
    assert run.stage == 0


def test_continuation_with_trailing_spaces_comments_and_blank_lines():
    text = "RUN echo a \\  \n# a comment\n\n   # indented comment\n  && echo b\nUSER app\n"
    model, errors, _ = _parse("FROM x\n" + text)
    run, user = model.instructions[1:]
    assert run.args == "echo a   && echo b"
    assert run.range == R(1, 0, 5, 11)
    # "echo b" is on document line 5, columns 8..14
    start = run.args_start + run.args.index("echo b")
    assert run.span(start, start + 6) == R(5, 5, 5, 11)
    assert user.line == 6 and errors == []


def test_double_backslash_at_end_still_continues():
    # BuildKit's continuation regex is "\\[ \t]*$": a doubled escape is not special there.
    model, _, _ = _parse("FROM x\nRUN echo \\\\\nUSER app\n")
    assert [i.keyword for i in model.instructions] == ["FROM", "RUN"]
    assert model.instructions[1].args == "echo \\USER app"


def test_escape_directive_backtick():
    text = "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir c:\\ `\n    && echo done\nWORKDIR C:\\app\n"
    model, errors, _ = _parse(text)
    assert model.escape == "`" and errors == []
    assert model.directives["escape"].range == R(0, 0, 0, 10)
    run = model.instructions[1]
    assert run.args == "dir c:\\     && echo done"
    assert run.range == R(2, 0, 3, 16)
    assert model.instructions[2].args == "C:\\app"


def test_invalid_escape_directive_is_reported():
    model, errors, _ = _parse("# escape=x\nFROM alpine\n")
    assert errors == [((Position(0, 0), Position(0, 10)), "Invalid escape directive 'x': use '\\' or '`'")]
    assert model.escape == "\\"


def test_directives_stop_at_first_other_line():
    model, _, _ = _parse("# syntax=docker/dockerfile:1\n# hello\n# escape=`\nFROM x\n")
    assert set(model.directives) == {"syntax"} and model.escape == "\\"


def test_heredocs_several_quoted_and_stripped():
    text = 'FROM x\nRUN <<EOF cat <<-"EOT" > /f\necho 1\nEOF\n\tbody $X\n\tEOT\nUSER app\n'
    model, errors, _ = _parse(text)
    assert errors == []
    run = model.instructions[1]
    first, second = run.heredocs
    assert (first.name, first.body, first.quoted, first.strip_tabs) == ("EOF", "echo 1", False, False)
    assert (second.name, second.body, second.quoted, second.strip_tabs) == ("EOT", "body $X", True, True)
    assert first.range == R(2, 0, 3, 3) and first.body_range == R(2, 0, 3, 0)
    assert second.range == R(4, 0, 5, 4)
    assert run.span(first.marker_start, first.marker_end) == R(1, 4, 1, 9)
    assert run.range == R(1, 0, 1, 27) and run.full_range == R(1, 0, 5, 4)
    assert model.instructions[2].keyword == "USER" and model.instructions[2].line == 6


def test_heredoc_redirect_and_fd_and_quoted_word():
    model, errors, _ = _parse('FROM x\nCOPY <<EOF>/x\nhi\nEOF\nRUN 3<<EOF cat\nEOF\nRUN echo "<<EOF"\n')
    assert errors == []
    copy, run, echo = model.instructions[1:]
    assert [h.name for h in copy.heredocs] == ["EOF"]
    assert [h.name for h in run.heredocs] == ["EOF"]
    assert echo.heredocs == []


def test_unterminated_heredoc():
    model, errors, doc = _parse("FROM x\nRUN <<EOF\necho 1\nUSER app\n")
    assert errors == [((Position(1, 4), Position(1, 9)), "Unterminated heredoc: missing EOF")]
    run = model.instructions[1]
    assert run.heredocs[0].body == "echo 1\nUSER app\n"
    assert run.full_range.end == doc.position_at(len(doc.text))
    assert len(model.instructions) == 2


def test_heredoc_not_in_exec_form_or_other_instructions():
    model, errors, _ = _parse('FROM x\nRUN ["cat", "<<EOF"]\nENV A=<<EOF\n')
    assert errors == [] and all(not i.heredocs for i in model.instructions)


def test_onbuild_trigger_parsed_with_positions():
    model, errors, _ = _parse("FROM x\nONBUILD COPY --chown=app . /src\nONBUILD FROM y\nONBUILD NOPE z\n")
    copy = model.instructions[1].onbuild
    assert copy.keyword == "COPY" and copy.keyword_range == R(1, 8, 1, 12)
    assert copy.flag("chown").value == "app" and copy.flag_range(copy.flags[0]) == R(1, 13, 1, 24)
    assert copy.args == ". /src"
    assert model.instructions[2].onbuild.keyword == "FROM"  # DF030 reports it
    assert errors == [((Position(3, 8), Position(3, 12)), "Invalid ONBUILD trigger: NOPE")]
    assert len(model.stages) == 1


def test_flags():
    model, _, _ = _parse(
        "FROM --platform=$BUILDPLATFORM golang:1.23 AS build\nCOPY --from=build --chmod=755 /out /app\n"
    )
    frm, copy = model.instructions
    assert model.stages[0].platform.value == "$BUILDPLATFORM"
    assert frm.flag_range(frm.flags[0]) == R(0, 5, 0, 30)
    assert [(f.name, f.value) for f in copy.flags] == [("from", "build"), ("chmod", "755")]
    assert copy.args == "/out /app" and copy.args_range == R(1, 30, 1, 39)
    assert model.stages[0].image == "golang:1.23"


def test_json_exec_form_and_broken_json():
    model, errors, _ = _parse('FROM x\nCMD ["node", "app.js"]\nCMD [\'node\']\nENTRYPOINT ["a",\n')
    ok, single, broken = model.instructions[1:]
    assert ok.exec_form == ["node", "app.js"] and not ok.is_shell_form and not ok.json_error
    assert [w.value for w in ok.arguments()] == ["node", "app.js"]
    assert ok.word_range(ok.arguments()[1]) == R(1, 13, 1, 21)
    assert single.exec_form is None and single.json_error
    assert broken.exec_form is None and broken.json_error
    assert errors == []


def test_crlf_line_endings():
    model, errors, _doc = _parse("FROM alpine\r\nRUN echo a \\\r\n  b\r\nUSER app\r\n")
    run = model.instructions[1]
    assert run.args == "echo a   b"
    assert run.range == R(1, 0, 2, 3)
    assert model.instructions[2].range == R(3, 0, 3, 8) and errors == []


def test_bom_at_start():
    model, errors, _ = _parse("\ufeffFROM alpine\n")
    assert errors == [] and model.instructions[0].keyword == "FROM"
    assert model.instructions[0].keyword_range == R(0, 1, 0, 5)


def test_bom_before_directive():
    model, _, _ = _parse("\ufeff# escape=`\nFROM x\n")
    assert model.escape == "`"


def test_tabs_and_unicode_columns():
    model, _, doc = _parse('FROM x\nLABEL\tdesc="😀 数据" k=v\n')
    label = model.instructions[1]
    start = label.args_start + label.args.index("k=v")
    # columns are code points: the emoji and the two CJK characters count one each
    assert label.span(start, start + 3) == R(1, 18, 1, 21)
    assert doc.to_utf16(Position(1, 18)) == Position(1, 19)


def test_unknown_instruction_reported_and_rest_parsed():
    model, errors, _ = _parse("FROM alpine\nRUNN echo hi\nUSER app\n")
    assert errors == [((Position(1, 0), Position(1, 4)), "Unknown instruction: RUNN")]
    assert [i.keyword for i in model.instructions] == ["FROM", "", "USER"]
    assert model.instructions[2].stage == 0


def test_from_without_image_and_bad_from_arguments():
    model, errors, _ = _parse("FROM\nFROM alpine AS\nFROM alpine foo bar\n")
    assert errors == [
        ((Position(0, 0), Position(0, 4)), "FROM requires an image"),
        ((Position(1, 12), Position(1, 14)), "FROM takes an image and optionally AS <name>: FROM image [AS name]"),
        ((Position(2, 12), Position(2, 19)), "FROM takes an image and optionally AS <name>: FROM image [AS name]"),
    ]
    assert len(model.stages) == 3


def test_instructions_before_from_have_stage_minus_one():
    model, _, _ = _parse("ARG V=1\nFROM a:$V\nFROM b:1 AS two\nRUN x\n")
    assert [i.stage for i in model.instructions] == [-1, 0, 1, 1]
    assert [a.args for a in model.global_args] == ["V=1"]
    assert model.stage_named("TWO").index == 1
    assert model.instruction_at(3).keyword == "RUN"


def test_lowercase_keywords_and_leading_whitespace():
    model, _, _ = _parse("from alpine as b\n\t run echo\n")
    assert [(i.keyword, i.written) for i in model.instructions] == [("FROM", "from"), ("RUN", "run")]
    assert model.instructions[1].keyword_range == R(1, 2, 1, 5)
    assert model.stages[0].name == "b"


def test_continuation_at_end_of_file():
    model, errors, _ = _parse("FROM x\nRUN echo \\")
    assert model.instructions[1].args == "echo " and model.instructions[1].range == R(1, 0, 1, 8)
    assert errors == []


# -- fuzz ----------------------------------------------------------------------------------------
_PIECES = st.sampled_from(
    [
        "FROM ", "RUN ", "COPY ", "ONBUILD ", "ENV ", "CMD ", "AS ", "--from=", "--platform=", "<<EOF", "<<-'E'",
        "EOF", "\tE", "\\", "`", "[", "]", '"', "'", "#", "# escape=`", "$X", "${Y:-1}", " ", "\n", "\r\n",
        "\n\n", "😀", "数", "\ufeff", "a", "=", ",", "json", "[\"a\",",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_fuzz_never_raises_and_ranges_stay_inside(text):
    model, errors, doc = _parse(text)
    end = doc.position_at(len(doc.text))
    inside = lambda r: Position(0, 0) <= r.start <= r.end <= end
    for rng, _ in errors:
        assert inside(Range(*rng))
    for ins in model.instructions:
        for item in [ins] + ([ins.onbuild] if ins.onbuild else []):
            assert inside(item.range) and inside(item.full_range) and inside(item.keyword_range)
            assert inside(item.args_range)
            for word in item.arguments():
                assert inside(item.word_range(word))
            for flag in item.flags:
                assert inside(item.flag_range(flag))
            for h in item.heredocs:
                assert inside(h.range) and inside(h.body_range)
        for line in range(ins.range.start.line, ins.full_range.end.line + 1):
            assert 0 <= line < doc.line_count


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200))
def test_fuzz_arbitrary_text(text):
    model, _errors, doc = _parse(text)
    end = doc.position_at(len(doc.text))
    for ins in model.instructions:
        assert ins.range.end <= end and ins.full_range.end <= end
