"""The shared YAML layer: positions, styles, tags, anchors/merge keys, duplicates, streams, recovery."""

from __future__ import annotations

import time

from infragenius.core.document import Document, Position, Range
from infragenius.languages.yaml import (
    UNKNOWN_TAG,
    Mapping,
    Scalar,
    Sequence,
    construct_span,
    parse_yaml,
    path_at,
    scalar_offsets,
    walk,
)


def _text(doc_text: str, node) -> str:
    return doc_text[node.start : node.end]


def test_positions_of_keys_and_values():
    text = "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps: [a, 'b c']\n"
    stream = parse_yaml(text)
    root = stream.root
    assert isinstance(root, Mapping)
    key = root.key_node("jobs")
    assert key.range == Range.of(1, 0, 1, 4)
    job = root.get("jobs").get("build")
    runs_on = job.get("runs-on")
    assert runs_on.value == "ubuntu-latest"
    assert runs_on.range == Range.of(3, 13, 3, 26)
    assert _text(text, runs_on) == "ubuntu-latest"
    steps = job.get("steps")
    assert isinstance(steps, Sequence) and steps.flow
    assert [s.value for s in steps] == ["a", "b c"]
    assert steps.items[1].style == "'" and _text(text, steps.items[1]) == "'b c'"
    assert steps.range == Range.of(4, 11, 4, 21)
    # A block mapping ends with its last value, not at the next key.
    assert job.range == Range.of(3, 4, 4, 21)


def test_offsets_equal_document_offsets_with_unicode_and_crlf():
    text = "a: é😀x\r\nb: |\r\n  hi\r\n  there\r\nc: [1, 2]\r\n"
    doc = Document("untitled:x", text)
    root = parse_yaml(text).root
    for node in walk(root):
        assert doc.position_at(node.start) == node.start_pos
        assert doc.position_at(node.end) == node.end_pos
    assert root.get("a").value == "é😀x"
    assert root.get("a").range == Range.of(0, 3, 0, 6)
    block = root.get("b")
    assert block.style == "|" and block.value == "hi\nthere\n"
    assert block.range == Range.of(1, 3, 3, 7)  # trimmed to "there", not the next key
    assert root.get("c").range == Range.of(4, 3, 4, 9)


def test_scalar_styles_and_core_schema_tags():
    text = "a: yes\nb: true\nc: 0x1F\nd: 1.5e3\ne: ~\nf: '1'\ng: !!str 12\nh:\ni: !reference [x]\nj: .inf\n"
    root = parse_yaml(text).root
    kinds = {k.value: v.type for k, v in root.pairs if isinstance(v, Scalar)}
    assert kinds == {
        "a": "str",
        "b": "bool",
        "c": "int",
        "d": "float",
        "e": "null",
        "f": "str",
        "g": "str",
        "h": "null",
        "j": "float",
    }
    assert root.get("c").python == 31 and root.get("b").python is True and root.get("e").python is None
    assert root.get("i").tag == "!reference"
    # YAML 1.2: "on" is a string key, not the boolean True of YAML 1.1
    assert parse_yaml("on: push\n").root.keys() == ["on"]


def test_anchors_aliases_and_merge_keys():
    text = "base: &b\n  x: 1\n  y: 2\nuse: *b\nmerged:\n  <<: *b\n  y: 3\n"
    stream = parse_yaml(text)
    root = stream.root
    assert root.get("use") is root.get("base")  # an alias is the anchored node itself
    alias = stream.documents[0].aliases[0]
    assert alias.name == "b" and alias.range == Range.of(3, 5, 3, 7)
    merged = root.get("merged")
    assert [k.value for k, _ in merged.pairs] == ["<<", "y"]  # as written
    assert {k.value: v.value for k, v in merged.items()} == {"y": "3", "x": "1"}  # own keys win
    assert merged.get("x").start_pos == Position(1, 5)  # merged values keep their own position
    assert [k.start_pos for k in stream.documents[0].merge_keys] == [Position(5, 2)]


def test_undefined_and_recursive_alias_are_problems_not_crashes():
    stream = parse_yaml("a: *nope\nb: &r [*r]\n")
    kinds = [(p.kind, p.message, p.range) for p in stream.problems]
    assert kinds == [
        ("undefined-alias", "undefined alias *nope", Range.of(0, 3, 0, 8)),
        ("undefined-alias", "recursive alias *r", Range.of(1, 7, 1, 9)),
    ]
    assert stream.root.get("a").tag == UNKNOWN_TAG and stream.root.get("a").value == ""


def test_duplicate_keys_reported_first_kept():
    stream = parse_yaml("a: 1\nb: 2\na: 3\n")
    (dup,) = stream.problems
    assert dup.kind == "duplicate-key" and dup.range == Range.of(2, 0, 2, 1) and dup.related == Range.of(0, 0, 0, 1)
    assert stream.root.get("a").value == "1"


def test_multi_document_stream():
    stream = parse_yaml("kind: A\n---\nkind: B\n---\n")
    roots = [d.root for d in stream.documents]
    assert [r.get("kind").value for r in roots[:2]] == ["A", "B"]
    assert isinstance(roots[2], Scalar) and roots[2].is_null  # an empty document is a null scalar
    assert stream.documents[1].root.start_pos == Position(2, 0)


def test_half_typed_file_reports_error_and_keeps_the_rest():
    text = "jobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo\n      - uses\n        name: x\n  b:\n    runs-on: y\n"
    stream = parse_yaml(text)
    (err,) = stream.syntax_errors
    assert err.range.start == Position(6, 12)
    assert "mapping values are not allowed" in err.message
    jobs = stream.root.get("jobs")
    assert jobs.keys() == ["a", "b"]
    assert jobs.get("b").get("runs-on").value == "y"


def test_unclosed_quote_reported_where_it_opens():
    stream = parse_yaml('a: "x\nb: c\n')
    (err,) = stream.syntax_errors
    assert err.range.start == Position(0, 3)


def test_garbage_never_raises():
    deep = "".join("  " * i + "a:\n" for i in range(1500))
    for text in [
        "",
        "\t\t:",
        "- [",
        "{",
        "a: b: c",
        "? x\n: y",
        "\x00",
        "&a *a",
        "a: !!int x",
        "---\n...\n---",
        "[" * 3000,
        deep,
    ]:
        stream = parse_yaml(text)
        assert isinstance(stream.problems, list)


def test_scalar_offsets_map_values_back_to_source():
    text = "a: |\n  echo ${{ x }}\n  done\nb: \"q \\\" ${{ y }}\"\nc: 'it''s ${{ z }}'\n"
    root = parse_yaml(text).root
    for key, needle in (("a", "${{ x }}"), ("b", "${{ y }}"), ("c", "${{ z }}")):
        node = root.get(key)
        offsets = scalar_offsets(node, text)
        i = node.value.index(needle)
        assert text[offsets[i] : offsets[i] + len(needle)] == needle


def test_path_at_finds_key_and_value():
    text = "jobs:\n  build:\n    runs-on: ubuntu-latest\n"
    root = parse_yaml(text).root
    offset = text.index("ubuntu")
    chain = path_at(root, offset)
    assert [k.value for k, _ in chain if k is not None] == ["jobs", "build", "runs-on"]
    on_key = path_at(root, text.index("runs-on") + 1)
    assert on_key[-1][0] is on_key[-1][1] and on_key[-1][0].value == "runs-on"


def test_parse_speed_1000_lines():
    step = "      - name: step {i}\n        run: echo ${{{{ matrix.os }}}} {i}\n        env:\n          A: b\n"
    text = "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n" + "".join(
        step.format(i=i) for i in range(250)
    )
    assert text.count("\n") >= 1000
    started = time.perf_counter()
    stream = parse_yaml(text)
    elapsed = time.perf_counter() - started
    assert len(stream.root.get("jobs").get("build").get("steps")) == 250
    assert elapsed < 1.0  # ~5-15 ms here; generous bound for a busy CI machine


def test_construct_span_covers_the_key_or_item_starting_on_a_line():
    text = "jobs:\n  a:\n    steps:\n      - run: |\n          one\n          two\n      - uses: x\n"
    root = parse_yaml(text).root
    assert construct_span(root, 3) == (3, 5)  # the whole step with its block script
    assert construct_span(root, 6) == (6, 6)
    assert construct_span(root, 1) == (1, 6)  # job "a" with everything under it
    assert construct_span(root, 4) is None  # inside a block scalar: no construct starts there
