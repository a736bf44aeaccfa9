"""Document: line index, offsets <-> positions (code points), UTF-16 conversions for LSP."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from infragenius.core.document import Document, Position, Range, decode, utf16_len


def doc(text: str) -> Document:
    return Document(uri="untitled:t", text=text, language="dockerfile")


def test_empty_text():
    d = doc("")
    assert d.line_count == 1 and d.lines == [""]
    assert d.offset_at(Position(0, 0)) == 0 and d.position_at(0) == Position(0, 0)
    assert d.offset_at(Position(5, 5)) == 0  # out of range positions are clamped
    assert d.to_utf16(Position(0, 3)) == Position(0, 0) and d.from_utf16(Position(0, 3)) == Position(0, 0)
    assert d.line_text(-1) == "" and d.line_text(1) == ""


def test_lines_lf_crlf_and_last_line_without_newline():
    d = doc("FROM a\r\nRUN b\n\nCMD c")
    assert d.lines == ["FROM a", "RUN b", "", "CMD c"]
    assert [d.line_start(i) for i in range(4)] == [0, 8, 14, 15]
    assert d.position_at(len(d.text)) == Position(3, 5)
    assert d.offset_at(Position(0, 99)) == 6  # clamped before the \r
    assert d.offset_at(Position(1, 2)) == 10
    assert d.text_in(Range.of(0, 5, 1, 3)) == "a\r\nRUN"


def test_trailing_newline_makes_an_empty_last_line():
    d = doc("FROM a\n")
    assert d.line_count == 2 and d.lines == ["FROM a", ""]
    assert d.position_at(7) == Position(1, 0)


def test_code_points_and_utf16_with_astral_and_cjk():
    d = doc('LABEL a="🚀x"\nENV 名前=値 😀😀 z\n')
    # code points: 🚀 is one column; UTF-16: two units
    assert d.line_text(0).index("x") == 10
    assert d.to_utf16(Position(0, 10)) == Position(0, 11)
    assert d.from_utf16(Position(0, 11)) == Position(0, 10)
    # CJK is in the BMP: one unit each
    assert d.to_utf16(Position(1, 7)) == Position(1, 7)
    line = d.line_text(1)
    z = line.index("z")
    assert d.to_utf16(Position(1, z)) == Position(1, z + 2)
    assert d.from_utf16(Position(1, z + 2)) == Position(1, z)
    assert d.from_utf16(Position(1, 999)) == Position(1, len(line))
    assert utf16_len("a🚀名") == 4


def test_from_utf16_inside_a_surrogate_pair_rounds_up():
    d = doc("🚀a")
    assert d.from_utf16(Position(0, 1)) == Position(0, 1)
    assert d.from_utf16(Position(0, 2)) == Position(0, 1)
    assert d.from_utf16(Position(0, 3)) == Position(0, 2)


def test_crlf_position_columns_exclude_the_carriage_return():
    d = doc("ab\r\ncd")
    assert d.to_utf16(Position(0, 5)) == Position(0, 2)
    assert d.from_utf16(Position(0, 5)) == Position(0, 2)


def test_range_of_and_contains():
    d = doc("one\ntwo\n")
    rng = d.range_of(2, 6)
    assert rng == Range.of(0, 2, 1, 2)
    assert rng.contains(Position(1, 0)) and not rng.contains(Position(1, 3))


def test_decode_strips_bom_and_replaces_bad_bytes():
    assert decode(b"\xef\xbb\xbfFROM a") == "FROM a"
    assert decode(b"FROM \xff") == "FROM \ufffd"
    assert decode("名".encode()) == "名"


# -- properties --------------------------------------------------------------------------------------
ALPHABET = st.sampled_from(["a", " ", "\n", "\r\n", "\t", "é", "名", "🚀", "😀", "\u200d", "#"])
TEXT = st.lists(ALPHABET, max_size=40).map("".join)


def _inside_crlf(text: str, offset: int) -> bool:
    return 0 < offset < len(text) and text[offset - 1] == "\r" and text[offset] == "\n"


@settings(max_examples=300, deadline=None)
@given(TEXT, st.data())
def test_offset_position_round_trip(text, data):
    d = doc(text)
    offset = data.draw(st.integers(0, len(text)))
    pos = d.position_at(offset)
    assert 0 <= pos.line < d.line_count
    if not _inside_crlf(text, offset):  # between \r and \n is no caret position
        assert d.offset_at(pos) == offset
        assert pos.column <= len(d.line_text(pos.line))


@settings(max_examples=300, deadline=None)
@given(TEXT, st.data())
def test_position_offset_round_trip(text, data):
    d = doc(text)
    line = data.draw(st.integers(0, d.line_count - 1))
    column = data.draw(st.integers(0, len(d.line_text(line))))
    pos = Position(line, column)
    assert d.position_at(d.offset_at(pos)) == pos


@settings(max_examples=300, deadline=None)
@given(TEXT, st.data())
def test_utf16_round_trip(text, data):
    d = doc(text)
    line = data.draw(st.integers(0, d.line_count - 1))
    column = data.draw(st.integers(0, len(d.line_text(line))))
    pos = Position(line, column)
    units = d.to_utf16(pos)
    assert units.column == utf16_len(d.line_text(line)[:column])
    assert d.from_utf16(units) == pos


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_lines_join_back_to_the_text(text):
    d = doc(text)
    assert "\n".join(d.lines) == text.replace("\r\n", "\n")
