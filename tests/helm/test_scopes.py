"""The scope resolver: what ``.`` and each ``$variable`` stand for at an offset of a Helm template."""

from __future__ import annotations

import pytest

from infragenius.languages.helm.gotemplate import scan
from infragenius.languages.helm.scopes import ELEMENT, ROOT, resolve_token, scope_at

E = ELEMENT


def _scope(text: str, marker: str):
    assert text.count(marker) == 1, marker
    return scope_at(scan(text), text.index(marker))


def _token(text: str, needle: str, nth: int = 0):
    """The value of the operand token starting at the nth occurrence of ``needle``."""
    template = scan(text)
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    token = next(t for a in template.actions for t in a.tokens if t.start == start)
    return resolve_token(template, token)


def test_top_level_dot_and_dollar_are_the_root() -> None:
    scope = _scope("a: 1 #A\n", "#A")
    assert scope.dot == ROOT and scope.variables == {"$": ROOT}


def test_with_rebinds_dot_until_end() -> None:
    text = "{{- with .Values.image }}#IN{{ .repository }}{{- end }}#OUT"
    assert _scope(text, "#IN").dot == ("Values", "image")
    assert _scope(text, "#OUT").dot == ROOT
    assert _token(text, ".repository") == ("Values", "image", "repository")


def test_with_else_keeps_the_outer_dot() -> None:
    text = "{{ with .Values.a }}#A{{ else }}#B{{ end }}"
    assert _scope(text, "#A").dot == ("Values", "a")
    assert _scope(text, "#B").dot == ROOT


def test_else_with_and_else_if_branches() -> None:
    text = "{{ with .Values.a }}#A{{ else with .Values.b }}#B{{ else if .Values.c }}#C{{ else }}#D{{ end }}"
    assert [_scope(text, m).dot for m in ("#A", "#B", "#C", "#D")] == [("Values", "a"), ("Values", "b"), ROOT, ROOT]
    # the else-with's own operand is evaluated with the outer dot, not the first branch's
    assert _token("{{ with .Values.a }}{{ else with .b }}{{ end }}", ".b") == ("b",)


def test_nested_with_and_dollar_inside() -> None:
    text = "{{ with .Values.a }}{{ with .b }}#IN{{ $.Values.c }}{{ end }}#MID{{ end }}"
    assert _scope(text, "#IN").dot == ("Values", "a", "b")
    assert _scope(text, "#MID").dot == ("Values", "a")
    assert _scope(text, "#IN").variables["$"] == ROOT
    assert _token(text, "$.Values.c") == ("Values", "c")
    assert _token(text, ".b") == ("Values", "a", "b")  # the opener's operand: the outer scope


def test_parenthesised_operand_is_known() -> None:
    assert _scope("{{ with (.Values.a) }}#A{{ end }}", "#A").dot == ("Values", "a")


def test_range_over_list_gives_an_element() -> None:
    text = "{{ range .Values.hosts }}#H{{ range .paths }}#P{{ end }}{{ else }}#EMPTY{{ end }}"
    assert _scope(text, "#H").dot == ("Values", "hosts", E)
    assert _scope(text, "#P").dot == ("Values", "hosts", E, "paths", E)
    assert _scope(text, "#EMPTY").dot == ROOT


def test_range_with_key_and_value_variables() -> None:
    text = "{{- range $name, $svc := .Values.services }}#IN{{ $svc.port }}{{- end }}#OUT"
    scope = _scope(text, "#IN")
    assert scope.dot == ("Values", "services", E)
    assert scope.variables["$svc"] == ("Values", "services", E)
    assert "$name" in scope.variables and scope.variables["$name"] is None  # a key, not a values path
    assert _token(text, "$svc.port") == ("Values", "services", E, "port")
    assert "$svc" not in _scope(text, "#OUT").variables


def test_range_variables_are_unknown_in_its_else() -> None:
    scope = _scope("{{ range $k, $v := .Values.m }}{{ else }}#EMPTY{{ end }}", "#EMPTY")
    assert scope.dot == ROOT and scope.variables["$v"] is None and scope.variables["$k"] is None


def test_range_with_one_variable() -> None:
    scope = _scope("{{ range $host := .Values.hosts }}#IN{{ end }}", "#IN")
    assert scope.variables["$host"] == ("Values", "hosts", E) and scope.dot == ("Values", "hosts", E)


def test_variables_from_values_and_root() -> None:
    text = "{{- $image := .Values.image }}{{- $root := . }}{{ with .Values.x }}#IN{{ $root.Values.y }}{{ $image.tag }}{{ end }}"
    scope = _scope(text, "#IN")
    assert scope.variables["$image"] == ("Values", "image") and scope.variables["$root"] == ROOT
    assert _token(text, "$root.Values.y") == ("Values", "y")
    assert _token(text, "$image.tag") == ("Values", "image", "tag")


def test_variable_declared_in_a_block_ends_with_it() -> None:
    text = "{{ with .Values.a }}{{ $x := .b }}#IN{{ end }}#OUT"
    assert _scope(text, "#IN").variables["$x"] == ("Values", "a", "b")
    assert "$x" not in _scope(text, "#OUT").variables


def test_pipeline_variable_lives_in_else_but_branch_variable_does_not() -> None:
    text = "{{ if $a := .Values.a }}{{ $b := .Values.b }}#IF{{ else }}#ELSE{{ end }}"
    assert _scope(text, "#IF").variables["$a"] == ("Values", "a")
    assert _scope(text, "#IF").variables["$b"] == ("Values", "b")
    assert _scope(text, "#ELSE").variables["$a"] == ("Values", "a")
    assert "$b" not in _scope(text, "#ELSE").variables


def test_with_declaration_binds_variable_and_dot() -> None:
    scope = _scope("{{ with $img := .Values.image }}#IN{{ end }}", "#IN")
    assert scope.dot == ("Values", "image") and scope.variables["$img"] == ("Values", "image")


def test_redeclaration_reads_the_previous_value() -> None:
    text = "{{ $x := .Values.a }}{{ $x := $x.b }}#A"
    assert _scope(text, "#A").variables["$x"] == ("Values", "a", "b")


def test_reassigned_variable_is_unknown() -> None:
    text = "{{ $x := .Values.a }}#BEFORE{{ if .Values.c }}{{ $x = .Values.b }}{{ end }}#AFTER"
    assert _scope(text, "#BEFORE").variables["$x"] is None
    assert _scope(text, "#AFTER").variables["$x"] is None


def test_define_has_unknown_dot_and_dollar_and_no_outer_variables() -> None:
    text = '{{ $v := .Values.a }}{{ define "x" }}#IN{{ with .Values.b }}#WITH{{ end }}{{ end }}#AFTER'
    inside = _scope(text, "#IN")
    assert inside.dot is None and inside.variables == {"$": None}
    assert _scope(text, "#WITH").dot is None  # .Values of an unknown dot is unknown
    after = _scope(text, "#AFTER")
    assert after.dot == ROOT and after.variables["$v"] == ("Values", "a")


def test_block_is_a_define() -> None:
    assert _scope('{{ block "x" . }}#IN{{ end }}', "#IN").dot is None


@pytest.mark.parametrize(
    "opener",
    [
        '{{ range list "a" "b" }}',
        "{{ range tuple 1 2 }}",
        "{{ range until 3 }}",
        '{{ with include "x" . }}',
        "{{ with tpl .Values.t . }}",
        "{{ with .Values.a | default dict }}",
        '{{ with index .Values "a" }}',
        '{{ range $i, $e := splitList "," .Values.csv }}',
        '{{ with (include "x" .) }}',
    ],
)
def test_rebinding_to_anything_but_a_bare_operand_is_unknown(opener: str) -> None:
    scope = _scope(opener + "#IN{{ end }}", "#IN")
    assert scope.dot is None
    assert all(value is None for name, value in scope.variables.items() if name != "$")


def test_field_of_a_parenthesised_result_is_unknown() -> None:
    assert _token("{{ (.Values.a).b }}", ".b") is None
    assert _token("{{ with .Values.a }}{{ .b }}{{ end }}", ".b") == ("Values", "a", "b")


def test_dot_of_an_unknown_range_stays_unknown_in_nested_with() -> None:
    text = "{{ range list 1 2 }}{{ with .a }}#IN{{ end }}{{ end }}"
    assert _scope(text, "#IN").dot is None


def test_if_keeps_the_dot() -> None:
    assert _scope("{{ with .Values.a }}{{ if .b }}#IN{{ end }}{{ end }}", "#IN").dot == ("Values", "a")


def test_comment_changes_nothing() -> None:
    text = "{{/* {{ with .Values.a }} */}}#IN"
    assert _scope(text, "#IN").dot == ROOT


@pytest.mark.parametrize(
    "text",
    [
        "{{ end }}{{ end }}#IN",
        "{{ else }}#IN",
        "{{ with .Values.a }}#IN",
        "{{ with .Values.a #IN",
        "{{ range $k, := .Values.a }}#IN{{ end }}",
        "{{ $ := . }}#IN",
        "{{ := }}{{ = }}{{ $x = }}#IN",
        "{{ define }}{{ else with }}#IN{{ end }}",
        "{{- with -}}#IN{{- end -}}",
        "#IN{{",
    ],
)
def test_broken_templates_never_raise(text: str) -> None:
    scope_at(scan(text), text.index("#IN"))


def test_unbalanced_end_does_not_pop_the_file_scope() -> None:
    scope = _scope("{{ end }}{{ end }}#IN", "#IN")
    assert scope.dot == ROOT and scope.variables["$"] == ROOT


def test_unclosed_with_lasts_to_the_end() -> None:
    assert _scope("{{ with .Values.a }}\nx: 1\n#IN", "#IN").dot == ("Values", "a")


def test_every_offset_of_every_prefix_is_safe() -> None:
    text = (
        '{{- $root := . }}{{ define "x" }}{{ . }}{{ end }}{{- with .Values.a }}{{ .b }}{{ else with .Values.c }}'
        "{{ range $k, $v := .d }}{{ $v.e }}{{ (.f).g }}{{ $x = 1 }}{{ end }}{{ end }}{{/* c */}}{{ $root.Values.h"
    )
    for cut in range(0, len(text) + 1, 3):
        template = scan(text[:cut])
        for offset in (-1, 0, cut // 2, cut, cut + 10):
            scope_at(template, offset)
        for action in template.actions:
            for token in action.tokens:
                resolve_token(template, token)
