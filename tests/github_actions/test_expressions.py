"""The ``${{ }}`` lexer and parser."""

from __future__ import annotations

import pytest

from infragenius.languages.github_actions.expressions import (
    Binary,
    Call,
    ExprError,
    Index,
    Literal,
    Not,
    Property,
    Variable,
    find_expressions,
    is_constant,
    parse_expression,
    property_path,
    tokenize,
)


def test_literals():
    cases = {
        "null": ("null", None),
        "true": ("bool", True),
        "false": ("bool", False),
        "42": ("number", 42.0),
        "-1.5": ("number", -1.5),
        "0x1F": ("number", 31.0),
        "2e3": ("number", 2000.0),
        "'it''s'": ("string", "it's"),
    }
    for text, (kind, value) in cases.items():
        node = parse_expression(text)
        assert isinstance(node, Literal) and (node.kind, node.value) == (kind, value), text


def test_property_access_index_and_filters():
    node = parse_expression("github.event.commits[0].message")
    assert isinstance(node, Property) and node.name == "message"
    assert isinstance(node.obj, Index)
    assert property_path(node) == ["github", "event", "commits", "*", "message"]
    assert property_path(parse_expression("github['head_ref']")) == ["github", "head_ref"]
    assert property_path(parse_expression("steps.*.outputs")) == ["steps", "*", "outputs"]
    assert property_path(parse_expression("steps.build-1.outputs.v")) == ["steps", "build-1", "outputs", "v"]


def test_precedence():
    node = parse_expression("a || b && c == d < e")
    assert isinstance(node, Binary) and node.op == "||"
    right = node.right
    assert right.op == "&&" and right.right.op == "==" and right.right.right.op == "<"
    neg = parse_expression("!a == b")
    assert isinstance(neg, Binary) and isinstance(neg.left, Not)
    grouped = parse_expression("(a || b) && c")
    assert grouped.op == "&&" and grouped.left.op == "||"


def test_function_calls_keep_name_span():
    node = parse_expression("contains(fromJSON('[1]'), matrix.os)")
    assert isinstance(node, Call) and node.name == "contains" and (node.start, node.name_end) == (0, 8)
    assert isinstance(node.args[0], Call) and isinstance(node.args[1], Property)
    assert parse_expression("success()").args == []


def test_offsets_are_relative_to_the_text():
    node = parse_expression("  github.ref == 'x'")
    assert (node.left.start, node.left.end) == (2, 12)
    assert isinstance(node.left.obj, Variable) and (node.left.obj.start, node.left.obj.end) == (2, 8)


@pytest.mark.parametrize(
    "text,offset,message",
    [
        ('github.ref == "main"', 14, "double quotes"),
        ("a = b", 2, "use '=='"),
        ("a ==", 4, "unexpected end"),
        ("(a || b", 7, "expected ')'"),
        ("'open", 0, "unterminated string"),
        ("a b", 2, "expected an operator"),
        ("1 + 2", 2, "unexpected character '+'"),
        ("", 0, "empty expression"),
        ("a.", 2, "property name"),
        ("f(a,)", 4, "expected a value"),
    ],
)
def test_syntax_errors_at_exact_offset(text, offset, message):
    with pytest.raises(ExprError) as info:
        parse_expression(text)
    assert info.value.offset == offset
    assert message in info.value.message


def test_tokenize_does_not_split_identifiers_with_dashes():
    assert [t.text for t in tokenize("steps.my-step.outputs")][:-1] == ["steps", ".", "my-step", ".", "outputs"]


def test_find_expressions_respects_strings():
    value = "a ${{ format('}}', x) }} b ${{ y }}"
    found = find_expressions(value)
    assert [f.inner.strip() for f in found] == ["format('}}', x)", "y"]
    assert value[found[0].start : found[0].end].startswith("${{") and value[found[0].end - 2 : found[0].end] == "}}"
    unclosed = find_expressions("x ${{ y")
    assert len(unclosed) == 1 and not unclosed[0].closed


def test_is_constant():
    assert is_constant(parse_expression("true && 42 || !null"))
    assert is_constant(parse_expression("contains(format('{0}', 'a'), 'a')"))
    assert not is_constant(parse_expression("github.ref == 'x'"))
    assert not is_constant(parse_expression("success()"))


def test_deep_nesting_is_an_error_not_a_crash():
    for text in ["(" * 400 + "a" + ")" * 400, "!" * 3000 + "a", "f(" * 300 + ")" * 300, "a[" * 300 + "]" * 300]:
        with pytest.raises(ExprError) as info:
            parse_expression(text)
        assert info.value.message == "expression is nested too deeply"
    assert isinstance(parse_expression("(" * 50 + "a" + ")" * 50), Variable)
