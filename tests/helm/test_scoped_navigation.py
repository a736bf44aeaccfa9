"""Hover, definition and completion of scoped references (``with``, ``range``, variables, defines whose
callers are known) on the chart in tests/helm/charts/scoped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from infragenius.core.document import Document, Position
from infragenius.languages.helm.callers import define_contexts
from infragenius.languages.helm.chart import Chart, parsed_yaml
from infragenius.languages.helm.completion import completion
from infragenius.languages.helm.definition import definition
from infragenius.languages.helm.gotemplate import scan
from infragenius.languages.helm.hover import hover
from infragenius.languages.helm.parse import parse
from infragenius.languages.helm.scopes import ELEMENT

HERE = Path(__file__).parent
CHART = (HERE / "charts" / "scoped").resolve()
VALUES = CHART / "values.yaml"
HOVERS = json.loads((HERE / "expected" / "scoped_hover.json").read_text())


def _open(name: str, text: str | None = None):
    path = CHART / "templates" / name
    doc = Document(path.as_uri(), path.read_text() if text is None else text, "helm", path=path)
    return doc, parse(doc)


def _at(name: str, needle: str, plus: int):
    """Document, model and the position ``plus`` characters into the only occurrence of ``needle``."""
    doc, model = _open(name)
    assert doc.text.count(needle) == 1, needle
    return doc, model, doc.position_at(doc.text.index(needle) + plus)


def _span(rng) -> tuple[int, int, int, int]:
    return rng.start.line, rng.start.column, rng.end.line, rng.end.column


# -- hover -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", sorted(HOVERS), ids=str)
def test_hover(case: str) -> None:
    expected = HOVERS[case]
    doc, model, position = _at(expected["file"], expected["needle"], expected["plus"])
    assert hover(doc, model, position) == expected["hover"]


def test_literal_values_hover_is_unchanged() -> None:
    doc, model, position = _at("deployment.yaml", "with .Values.image }}", 12)
    assert (
        hover(doc, model, position)
        == "**.Values.image** — values.yaml:2\n\n```yaml\n{repository, tag, pullPolicy}\n```"
    )


# -- definition --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,needle,plus,target,origin",
    [
        # with .Values.image: .repository -> repository: in values.yaml
        ("deployment.yaml", "{{ .repository }}", 5, (1, 2, 1, 12), (16, 22, 16, 32)),
        # on the dot itself of .repository: still the key
        ("deployment.yaml", "{{ .repository }}", 3, (1, 2, 1, 12), (16, 22, 16, 32)),
        # $image.tag: on tag -> tag:, on $image -> image:
        ("deployment.yaml", "$image.tag |", 8, (2, 2, 2, 5), (23, 31, 23, 34)),
        ("deployment.yaml", "$image.tag |", 2, (0, 0, 0, 5), (23, 24, 23, 30)),
        # $root.Values.image.repository: each segment
        ("deployment.yaml", "$root.Values.image.repository", 15, (0, 0, 0, 5), (27, 37, 27, 42)),
        ("deployment.yaml", "$root.Values.image.repository", 22, (1, 2, 1, 12), (27, 43, 27, 53)),
        # . piped to toYaml inside with .Values.resources -> resources:
        ("deployment.yaml", "toYaml . |", 7, (18, 0, 18, 9), (32, 23, 32, 24)),
        # range .Values.ingress.hosts: .host -> host: of the second item (the first has none)
        ("ingress.yaml", "{{ .host |", 5, (9, 6, 9, 10), (8, 16, 8, 20)),
        # nested range .paths: .path -> path: of the first path of the first host
        ("ingress.yaml", "{{ .path }}", 5, (8, 10, 8, 14), (12, 22, 12, 26)),
        # range $name, $svc := .Values.services: $svc.port -> port: of the first value; $svc -> services:
        ("services.yaml", "$svc.port }}", 6, (14, 4, 14, 8), (10, 20, 10, 24)),
        ("services.yaml", "$svc.port }}", 2, (12, 0, 12, 8), (10, 15, 10, 19)),
        ("services.yaml", "$svc.protocol", 7, (17, 4, 17, 12), (11, 24, 11, 32)),
        # a define only ever called with . / with $svc
        ("_helpers.tpl", "{{ .repository }}", 5, (1, 2, 1, 12), (2, 29, 2, 39)),
        ("_helpers.tpl", "{{ .port }}", 5, (14, 4, 14, 8), (7, 4, 7, 8)),
    ],
)
def test_definition(name: str, needle: str, plus: int, target: tuple, origin: tuple) -> None:
    doc, model, position = _at(name, needle, plus)
    path, target_range, origin_range = definition(doc, model, position)
    assert (path, _span(target_range), _span(origin_range)) == (VALUES, target, origin)


@pytest.mark.parametrize(
    "name,needle,plus",
    [
        ("services.yaml", "{{ $name }}", 4),  # a map key, not a values path
        ("_helpers.tpl", ".pullPolicy | lower", 3),  # define called with . and with a dict: unknown dot
        ("ingress.yaml", '"localhost"', 3),  # a string
    ],
)
def test_no_definition_and_no_hover_when_unknown(name: str, needle: str, plus: int) -> None:
    doc, model, position = _at(name, needle, plus)
    assert definition(doc, model, position) is None
    assert hover(doc, model, position) is None


@pytest.mark.parametrize(
    "needle,plus,title",
    [("$root.Release.Name", 8, "**.Release**"), ("{{ .Chart.Name }}\n  template", 5, "**.Chart**")],
)
def test_built_in_objects_have_no_definition_and_their_own_hover(needle: str, plus: int, title: str) -> None:
    doc, model, position = _at("deployment.yaml", needle, plus)
    assert definition(doc, model, position) is None
    assert hover(doc, model, position).startswith(f"{title} — built-in object")


def test_literal_values_definition_is_unchanged() -> None:
    doc, model, position = _at("deployment.yaml", "with .Values.image }}", 15)
    path, target, origin = definition(doc, model, position)
    assert (path, _span(target), _span(origin)) == (VALUES, (0, 0, 0, 5), (15, 27, 15, 32))


# -- completion --------------------------------------------------------------------------------------


def _complete(name: str, after: str, typed: str = "", replace: str | None = None):
    """Completion with ``typed`` inserted after the only occurrence of ``after`` (or replacing
    ``replace`` right after it), the cursor at the end of ``typed``."""
    path = CHART / "templates" / name
    text = path.read_text()
    assert text.count(after) == 1, after
    cut = text.index(after) + len(after)
    rest = text[cut + len(replace) :] if replace is not None else text[cut:]
    doc, model = _open(name, text[:cut] + typed + rest)
    return completion(doc, model, doc.position_at(cut + len(typed)))


def _labels(items) -> list[str] | None:
    return None if items is None else [item.label for item in items]


def test_completion_after_dot_inside_with() -> None:
    items = _complete("deployment.yaml", "imagePullPolicy: {{ .", "pu", replace="pullPolicy")
    assert _labels(items) == ["repository", "tag", "pullPolicy"]
    assert _span(items[2].range) == (17, 31, 17, 33)  # the typed "pu"
    assert items[2].documentation == "`.Values.image.pullPolicy` — values.yaml:4"
    assert items[2].detail == "IfNotPresent" and items[2].kind == "field"


def test_completion_replaces_the_rest_of_the_word() -> None:
    items = _complete("deployment.yaml", '"{{ .rep')
    assert _labels(items) == ["repository", "tag", "pullPolicy"]
    assert _span(items[0].range) == (16, 22, 16, 32)


def test_completion_of_a_map_value_variable() -> None:
    items = _complete("services.yaml", "- port: {{ $svc.", replace="port")
    assert _labels(items) == ["port", "protocol"]
    assert items[1].documentation == "`.Values.services[*].protocol` — values.yaml:18 (first element that has it)"


def test_completion_of_list_items_unions_their_keys() -> None:
    items = _complete("ingress.yaml", "- host: {{ .", replace="host")
    assert _labels(items) == ["paths", "host"]
    assert [i.kind for i in items] == ["field", "field"]


def test_completion_of_variables_and_root_variable() -> None:
    assert _labels(_complete("deployment.yaml", "value: {{ $image.", replace="tag")) == [
        "repository",
        "tag",
        "pullPolicy",
    ]
    items = _complete("deployment.yaml", "value: {{ $root.Values.", replace="image.repository")
    assert _labels(items) == ["image", "ingress", "services", "resources"]
    assert items[0].kind == "module"


def test_completion_in_a_define_with_a_proven_caller() -> None:
    assert _labels(_complete("_helpers.tpl", "{{- with .Values.image }}{{ .", replace="repository")) == [
        "repository",
        "tag",
        "pullPolicy",
    ]


@pytest.mark.parametrize(
    "name,after,replace",
    [
        ("_helpers.tpl", "{{ with .Values.image }}-{{ .", "pullPolicy"),  # unknown define caller
        ("deployment.yaml", "matchLabels:\n      app: {{ .", "Chart.Name"),  # the root: not a values path
        ("services.yaml", "{{ $name", " }}"),  # not after a dot
        ("services.yaml", "-{{ $name", " }}"),
    ],
)
def test_no_scoped_completion_when_unknown(name: str, after: str, replace: str) -> None:
    typed = "." if not after.endswith(".") else ""
    assert _complete(name, after, typed, replace=replace) is None


def test_no_completion_inside_a_string() -> None:
    assert _complete("ingress.yaml", '| default "local', typed=" .", replace="host") is None


def test_literal_values_completion_is_unchanged() -> None:
    items = _complete("deployment.yaml", "{{- with .Values.image", typed=".")
    assert _labels(items) == ["repository", "tag", "pullPolicy"]
    assert items[0].documentation == "`.Values.image.repository` — values.yaml:2"


# -- defines and their callers -----------------------------------------------------------------------


def test_defines_of_the_chart_with_a_proven_caller() -> None:
    _, model = _open("_helpers.tpl")
    assert define_contexts(model.chart) == {"scoped.image": (), "scoped.port": ("Values", "services", ELEMENT)}


def _chart(*texts: str, library: bool = False) -> Chart:
    chart = Chart(CHART, parsed_yaml("type: library\n").root if library else None, None, VALUES)
    chart.templates = {CHART / f"t{i}.yaml": scan(text) for i, text in enumerate(texts)}
    return chart


def test_caller_proof_follows_nested_defines() -> None:
    chart = _chart('{{ define "a" }}{{ include "b" . }}{{ end }}{{ define "b" }}{{ end }}', '{{ include "a" . }}')
    assert define_contexts(chart) == {"a": (), "b": ()}


@pytest.mark.parametrize(
    "texts",
    [
        ('{{ define "a" }}{{ end }}{{ include "a" . }}{{ include "a" .Values }}',),  # callers disagree
        ('{{ define "a" }}{{ end }}{{ include "a" (dict "x" 1) }}',),  # unknown argument
        ('{{ define "a" }}{{ end }}{{ include "a" . }}', '{{ include (printf "%s" "a") .Values.x }}'),  # computed name
        ('{{ define "a" }}{{ include "a" . }}{{ end }}',),  # only called by itself
        ('{{ block "a" . }}{{ end }}{{ include "a" . }}',),  # a block can be overridden
        ('{{ define "a" }}{{ end }}{{ template "a" }}{{ include "a" . }}',),  # template without data: nil dot
    ],
)
def test_caller_not_proven(texts: tuple[str, ...]) -> None:
    assert "a" not in define_contexts(_chart(*texts))


def test_computed_include_with_the_same_argument_keeps_the_proof() -> None:
    chart = _chart(
        '{{ define "a" }}{{ end }}{{ include "a" . }}', '{{ include (print $.Template.BasePath "/x.yaml") . }}'
    )
    assert define_contexts(chart) == {"a": ()}


def test_no_proof_in_a_library_chart() -> None:
    assert define_contexts(_chart('{{ define "a" }}{{ end }}{{ include "a" . }}', library=True)) == {}


# -- robustness --------------------------------------------------------------------------------------


def test_half_typed_templates_never_raise() -> None:
    full = (CHART / "templates" / "services.yaml").read_text() + (CHART / "templates" / "_helpers.tpl").read_text()
    for cut in range(0, len(full) + 1, 5):
        doc, model = _open("services.yaml", full[:cut])
        for offset in {0, cut // 3, max(cut - 1, 0), cut}:
            position = doc.position_at(offset)
            hover(doc, model, position)
            definition(doc, model, position)
            completion(doc, model, position)
        past_end = Position(doc.line_count + 3, 99)  # clamped to the end of the text
        hover(doc, model, past_end), definition(doc, model, past_end), completion(doc, model, past_end)
    doc, _ = _open("services.yaml")
    assert (
        hover(doc, None, Position(0, 0)),
        definition(doc, None, Position(0, 0)),
        completion(doc, None, Position(0, 0)),
    ) == (None, None, None)
