"""Hover in Helm charts on the chart in tests/helm/charts/hover: define names (where, first body lines),
built-in objects, template functions, and values.yaml keys (the templates that read them). Expected
texts are in tests/helm/expected/hover.json."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from infragenius.core.detect import detect
from infragenius.core.document import Document
from infragenius.core.engine import Engine
from infragenius.languages.helm.callers import define_contexts
from infragenius.languages.helm.function_docs import DOCS
from infragenius.languages.helm.functions import KNOWN_FUNCTIONS
from infragenius.languages.helm.hover import _values_key_path, hover
from infragenius.languages.helm.parse import parse
from infragenius.languages.helm.references import _literal_reads, _scoped_reads
from infragenius.languages.helm.value_reads import reads
from infragenius.languages.yaml import Mapping, walk
from infragenius.lsp.hover import _language_hover

HERE = Path(__file__).parent
CHART = (HERE / "charts" / "hover").resolve()
EXPECTED = json.loads((HERE / "expected" / "hover.json").read_text())


def _at(name: str, needle: str, plus: int):
    path = CHART / name
    doc = Document(path.as_uri(), path.read_text(), "helm", path=path)
    assert doc.text.count(needle) == 1, needle
    return doc, parse(doc), doc.position_at(doc.text.index(needle) + plus)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_hover(case: str) -> None:
    expected = EXPECTED[case]
    assert hover(*_at(expected["file"], expected["needle"], expected["plus"])) == expected["hover"]


@pytest.mark.parametrize(
    ("name", "needle", "plus"),
    [
        ("templates/deployment.yaml", "{{ .Chart }}", 5),  # the dot is .Values.image here: not the built-in
        ("templates/deployment.yaml", "apiVersion", 2),  # plain YAML
        ("templates/deployment.yaml", "nindent 4", 8),  # a number argument
        ("values.yaml", "shop\n", 1),  # a value, not a key
        ("Chart.yaml", "name: shop", 1),  # Chart.yaml has no hover of its own
    ],
)
def test_no_hover(name: str, needle: str, plus: int) -> None:
    assert hover(*_at(name, needle, plus)) is None


def test_every_described_function_is_known_and_has_a_signature() -> None:
    assert set(DOCS) <= KNOWN_FUNCTIONS
    for name, (library, signature, description) in DOCS.items():
        assert signature.split()[0] == name and library and description.endswith(".")


def test_hover_is_fast_after_the_first() -> None:
    for case in ("values_parent_key", "include_name", "chart_name_in_proven_define", "sprig_function"):
        expected = EXPECTED[case]
        args = _at(expected["file"], expected["needle"], expected["plus"])
        hover(*args)
        start = time.perf_counter()
        for _ in range(20):
            hover(*args)
        assert (time.perf_counter() - start) / 20 < 0.005, case


def test_values_key_hover_through_the_editor() -> None:
    """values.yaml is analysed as Helm and the editor's hover reaches the key's readers."""
    path = CHART / "values.yaml"
    doc = Document(path.as_uri(), path.read_text(), detect(path, path.read_text()), path=path)
    analysis = Engine().analyse(doc, use_cache=False)
    answer = _language_hover(analysis, doc.position_at(doc.text.index("repository")), _SamePositions())
    assert answer is not None and answer.contents.value == EXPECTED["values_key_read_literally"]["hover"]


class _SamePositions:
    def range_to_lsp(self, rng):
        return rng


def test_values_key_readers_are_the_reads_find_references_finds() -> None:
    """The per-chart index behind the values.yaml hover agrees with ``references`` (which walks the
    templates per path) on every key of the scoped-navigation chart: literal, with, range, variables."""
    path = (HERE / "charts" / "scoped" / "values.yaml").resolve()
    doc = Document(path.as_uri(), path.read_text(), "helm", path=path)
    model = parse(doc)
    chart, root = model.chart, model.stream.root
    defines = define_contexts(chart)
    targets = {target for key in _keys(root) if (target := _values_key_path(root, key.start)) is not None}
    assert len(targets) > 10
    for target in targets:
        expected = {
            (where, template.text.count("\n", 0, start) + 1)
            for where, template in chart.templates.items()
            for start, _ in [*_literal_reads(template, target), *_scoped_reads(template, target, defines)]
        }
        assert {(read.path, read.line) for read in reads(chart) if read.covers(target)} == expected, target


def _keys(node):
    for item in walk(node):
        if isinstance(item, Mapping):
            yield from (key for key, _ in item.pairs)
