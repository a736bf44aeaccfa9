"""Helm: .Values paths and include/template names jump to values.yaml keys and defines; completion
of .Values paths and template names."""

from __future__ import annotations

from infragenius.core.document import Range
from infragenius.languages.helm.completion import completion
from infragenius.languages.helm.definition import definition

from .support import analysed, at, write

VALUES = '# defaults\nimage:\n  repository: nginx\n  tag: "1.27"\nreplicaCount: 2\nservice: {}\n'
HELPERS = '{{/* names */}}\n{{- define "app.name" -}}\napp\n{{- end }}\n'
SUB_HELPERS = '{{- define "sub.labels" -}}\ntier: db\n{{- end }}\n'
POD = """apiVersion: v1
kind: Pod
metadata:
  name: {{ include "app.name" . }}
  labels: {{ template "sub.labels" . }}
spec:
  replicas: {{ .Values.replicaCount }}
  image: {{ .Values.image.repository }}:{{ $.Values.image.tag }}
  missing: {{ .Values.image.digest }}
  x: {{ .Values. }}
  y: {{ .Values.image.re }}
  z: {{ include "" . }}
"""


def _chart(tmp_path):
    write(
        tmp_path,
        {
            "Chart.yaml": "apiVersion: v2\nname: app\nversion: 1.0.0\n",
            "values.yaml": VALUES,
            "templates/_helpers.tpl": HELPERS,
            "templates/pod.yaml": POD,
            "charts/sub/Chart.yaml": "apiVersion: v2\nname: sub\nversion: 1.0.0\n",
            "charts/sub/templates/_labels.tpl": SUB_HELPERS,
        },
    )
    return analysed(tmp_path / "templates" / "pod.yaml", "helm")


def test_values_path_jumps_to_the_key_of_the_segment_under_the_cursor(tmp_path):
    document, model = _chart(tmp_path)
    values = tmp_path / "values.yaml"
    assert definition(document, model, at(POD, "image.repository", 2)) == (
        values,
        Range.of(1, 0, 1, 5),
        Range.of(7, 20, 7, 25),
    )
    assert definition(document, model, at(POD, "repository }}", 10)) == (
        values,
        Range.of(2, 2, 2, 12),
        Range.of(7, 26, 7, 36),
    )
    assert definition(document, model, at(POD, "image.tag", 7)) == (
        values,
        Range.of(3, 2, 3, 5),
        Range.of(7, 58, 7, 61),
    )
    assert definition(document, model, at(POD, "replicaCount")) == (
        values,
        Range.of(4, 0, 4, 12),
        Range.of(6, 23, 6, 35),
    )
    # on ".Values" itself: values.yaml
    assert definition(document, model, at(POD, ".Values.replicaCount", 3)) == (
        values,
        Range.of(0, 0, 0, 0),
        Range.of(6, 15, 6, 22),
    )


def test_a_key_missing_from_values_yaml_has_no_definition(tmp_path):
    document, model = _chart(tmp_path)
    assert definition(document, model, at(POD, "digest", 1)) is None
    # its existing parent still resolves
    assert definition(document, model, at(POD, "image.digest", 1))[1] == Range.of(1, 0, 1, 5)


def test_include_and_template_jump_to_the_define(tmp_path):
    document, model = _chart(tmp_path)
    helpers = tmp_path / "templates" / "_helpers.tpl"
    assert definition(document, model, at(POD, '"app.name"', 3)) == (
        helpers,
        Range.of(1, 11, 1, 21),
        Range.of(3, 19, 3, 29),
    )
    sub = tmp_path / "charts" / "sub" / "templates" / "_labels.tpl"
    assert definition(document, model, at(POD, '"sub.labels"', 1)) == (
        sub,
        Range.of(0, 11, 0, 23),
        Range.of(4, 22, 4, 34),
    )
    assert definition(document, model, at(POD, "include", 2)) is None  # the function name itself


def test_values_completion_offers_the_keys_of_the_typed_path(tmp_path):
    document, model = _chart(tmp_path)
    items = completion(document, model, at(POD, ".Values. }}", 8))
    assert [(i.label, i.kind, i.detail) for i in items] == [
        ("image", "module", "{repository, tag}"),
        ("replicaCount", "field", "2"),
        ("service", "module", "{}"),
    ]
    assert items[0].range == Range.of(9, 16, 9, 16)
    assert items[0].documentation == "`.Values.image` — values.yaml:2"
    nested = completion(document, model, at(POD, ".Values.image.re }}", 16))
    assert [i.label for i in nested] == ["repository", "tag"]
    assert nested[0].range == Range.of(10, 22, 10, 24)  # replaces the typed "re"


def test_include_name_completion_and_nothing_outside_actions(tmp_path):
    document, model = _chart(tmp_path)
    items = completion(document, model, at(POD, 'include "" .', 9))
    assert [(i.label, i.detail) for i in items] == [
        ("app.name", "define in _helpers.tpl"),
        ("sub.labels", "define in _labels.tpl"),
    ]
    assert items[0].range == Range.of(11, 17, 11, 17)
    assert completion(document, model, at(POD, "kind: Pod", 2)) is None
    assert completion(document, model, at(POD, 'include "app', 3)) is None  # not after .Values. or a quote
