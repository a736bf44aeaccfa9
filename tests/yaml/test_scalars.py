"""``scalar_offsets``: every character of a value maps back to its place in the file, however deep the
continuation lines of a multi-line scalar are indented."""

from __future__ import annotations

import pytest

from infragenius.languages.yaml import parse_yaml, scalar_offsets


def _where(text: str, key: str) -> dict[str, str]:
    """Each word of the value, and the source text its offsets span."""
    node = parse_yaml(text).root.get(key)
    offsets = scalar_offsets(node, text)
    found, start = {}, 0
    for word in node.value.split(" "):
        i = node.value.index(word, start)
        found[word] = text[offsets[i] : offsets[i + len(word) - 1] + 1]
        start = i + len(word)
    return found


@pytest.mark.parametrize("indent", [2, 13, 28, 60])
def test_plain_multi_line_scalar_indented_deeper_than_the_look_ahead(indent):
    pad = " " * indent
    text = f"s: meson setup build\n{pad}--cross-file $CROSSFILE\n{pad}-Dx=y\nt: 1\n"
    assert _where(text, "s") == {w: w for w in ["meson", "setup", "build", "--cross-file", "$CROSSFILE", "-Dx=y"]}


def test_folded_and_double_quoted_scalars_indented_deep():
    pad = " " * 30
    text = f's: >\n{pad}echo one\n{pad}two $X\nq: "a\n{pad}b \\" $Y"\n'
    for key, needle in (("s", "$X"), ("q", "$Y")):
        node = parse_yaml(text).root.get(key)
        offsets = scalar_offsets(node, text)
        i = node.value.index(needle)
        assert text[offsets[i] : offsets[i + 1]] == "$", key
        assert text[offsets[i + 1] : offsets[i + 1] + 1] == needle[1], key


def test_a_deep_gitlab_script_line_places_its_finding_on_its_line():
    from pathlib import Path

    from infragenius.core.config import Config

    from ..helpers import analyse

    pad = " " * 28
    text = (
        "build:\n  variables:\n    FLAGS: a\n  script:\n    - meson setup build --buildtype release\n"
        f"{pad}--werror\n{pad}--cross-file $CROSSFILE\n{pad}-Dtrim=false\n"
    )
    (finding,) = analyse(text, "gitlab-ci", Path(".gitlab-ci.yml"), config=Config.from_dict({"select": ["SH107"]}))
    start, end = finding.range
    assert (start.line, end.line) == (6, 6)
    assert text.splitlines()[6][start.column : end.column] == "$CROSSFILE"
