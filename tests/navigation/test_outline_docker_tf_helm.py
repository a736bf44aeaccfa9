"""The outline (documentSymbol) of Dockerfile, Terraform and Helm documents: exact symbols, ranges
and nesting against the expected files in ``outline/``, and broken or foreign input."""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace

import pytest

from infragenius.core.document import Document, Range
from infragenius.core.outline import Symbol
from infragenius.core.rules import REGISTRY
from infragenius.lsp.symbols import KINDS, language_symbols

from .support import analysed, write

OUTLINE = Path(__file__).parent / "outline"


def _plain(symbol: Symbol) -> dict:
    """A symbol as JSON: ranges as [line, column, end line, end column]."""
    out: dict = {"name": symbol.name, "kind": symbol.kind}
    if symbol.detail:
        out["detail"] = symbol.detail
    out["range"] = [*symbol.range.start, *symbol.range.end]
    out["selection"] = [*symbol.selection_range.start, *symbol.selection_range.end]
    if symbol.children:
        out["children"] = [_plain(c) for c in symbol.children]
    return out


def _check_shape(symbols: Sequence[Symbol], parent: Range | None = None) -> None:
    """What lsp/symbols.py relies on: known kinds, selection inside range, children inside parent."""
    for s in symbols:
        assert isinstance(s, Symbol) and s.kind in KINDS
        rng, sel = s.range, s.selection_range
        assert rng.start <= sel.start and sel.end <= rng.end, s.name
        if parent is not None:
            assert parent.start <= rng.start and rng.end <= parent.end, s.name
        _check_shape(s.children, rng)


def _outline(path: Path, language: str, text: str | None = None) -> list[Symbol]:
    """The outline through the language's wiring (called directly: the LSP layer would hide an error)."""
    document, model = analysed(path, language, text)
    symbols = REGISTRY.language(language).symbols(document, model)
    assert isinstance(symbols, list)
    _check_shape(symbols)
    return symbols


@pytest.mark.parametrize(
    "source, language, expected",
    [
        ("docker/Dockerfile", "dockerfile", "dockerfile.json"),
        ("terraform/main.tf", "terraform", "terraform.json"),
        ("chart/templates/_helpers.tpl", "helm", "helm_helpers.json"),
        ("chart/templates/deployment.yaml", "helm", "helm_deployment.json"),
        ("chart/values.yaml", "helm", "helm_values.json"),
        ("chart/Chart.yaml", "helm", "helm_chart.json"),
    ],
)
def test_outline_matches_expected(tmp_path, source, language, expected):
    # a copy, so that nothing around the test tree (other .tf files, charts) joins the analysis
    shutil.copytree(OUTLINE / source.split("/")[0], tmp_path / source.split("/")[0])
    got = [_plain(s) for s in _outline(tmp_path / source, language)]
    assert got == json.loads((OUTLINE / expected).read_text("utf-8"))


@pytest.mark.parametrize(
    "source, language",
    [
        ("docker/Dockerfile", "dockerfile"),
        ("terraform/main.tf", "terraform"),
        ("chart/templates/_helpers.tpl", "helm"),
        ("chart/templates/deployment.yaml", "helm"),
        ("chart/values.yaml", "helm"),
    ],
)
def test_every_truncation_and_deletion_keeps_a_valid_outline(tmp_path, source, language):
    # half-typed files: cut at every character, or with one character missing
    shutil.copytree(OUTLINE / source.split("/")[0], tmp_path / source.split("/")[0])
    text = (OUTLINE / source).read_text("utf-8")
    for i in range(len(text)):
        _outline(tmp_path / source, language, text[:i])
        _outline(tmp_path / source, language, text[:i] + text[i + 1 :])


def test_dockerfile_stage_without_instructions_and_unknown_keyword(tmp_path):
    text = "FROM alpine\nFROBNICATE x\nFROM scratch AS final\n"
    got = [_plain(s) for s in _outline(tmp_path / "Dockerfile", "dockerfile", text)]
    assert [(s["name"], s["detail"], s["range"]) for s in got] == [
        ("stage 0", "alpine", [0, 0, 1, 12]),
        ("final", "scratch", [2, 0, 2, 21]),
    ]
    assert got[0]["children"] == [
        {"name": "FROBNICATE", "kind": "method", "detail": "x", "range": [1, 0, 1, 12], "selection": [1, 0, 1, 10]}
    ]
    assert "children" not in got[1]
    assert got[1]["selection"] == [2, 16, 2, 21]  # the AS name


def test_dockerfile_long_arguments_are_cut(tmp_path):
    text = "FROM alpine\nRUN " + "a" * 60 + "\n"
    child = _outline(tmp_path / "Dockerfile", "dockerfile", text)[0].children[0]
    assert child.detail == "a" * 39 + "…"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n\n",
        "FROM",
        "FROM \\\n",
        "RUN <<EOF\nunterminated\n",
        "ARG\nFROM alpine AS\n",
        "FROM a AS b\nRUN x \\",
        "\ufeffFROM a\n\tENV\n",
        "# escape=`\nFROM a\nRUN x `\n  y\n",
    ],
)
def test_dockerfile_broken_input(tmp_path, text):
    symbols = _outline(tmp_path / "Dockerfile", "dockerfile", text)
    assert isinstance(symbols, list)


def test_terraform_unnamed_and_unlabelled_blocks(tmp_path):
    text = 'resource "aws_instance" {\n}\nvariable {\n}\nmoved {\n  from = a.b\n}\n'
    got = [(s["name"], s["kind"]) for s in map(_plain, _outline(tmp_path / "main.tf", "terraform", text))]
    # an address needs all its labels: otherwise the block is named as written
    assert got == [('resource "aws_instance"', "class"), ("variable", "variable"), ("moved", "class")]


def test_terraform_tfvars_settings(tmp_path):
    text = 'region = "eu-west-1"\ntags = {\n  team = "infra"\n}\n'
    got = [_plain(s) for s in _outline(tmp_path / "prod.tfvars", "terraform", text)]
    assert got == [
        {"name": "region", "kind": "variable", "range": [0, 0, 0, 20], "selection": [0, 0, 0, 6]},
        {"name": "tags", "kind": "variable", "range": [1, 0, 3, 1], "selection": [1, 0, 1, 4]},
    ]


def test_terraform_details_only_when_literal(tmp_path):
    text = (
        'provider "aws" {\n  alias = "${var.a}"\n}\nmodule "m" {\n  source = local.src\n}\n'
        'variable "v" {\n  type = map(\n    string)\n}\n'
    )
    got = [_plain(s) for s in _outline(tmp_path / "main.tf", "terraform", text)]
    assert [(s["name"], s.get("detail")) for s in got] == [
        ('provider "aws"', None),
        ("module.m", None),
        ("var.v", "map(string)"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "resource",
        'resource "a" "b" {',
        "locals {\n  a =\n}\n",
        "}}}\n{{{",
        'module "m" {\n  source = "x"\n',
        'variable "x" {\n  validation {\n    condition = \n',
    ],
)
def test_terraform_broken_input(tmp_path, text):
    symbols = _outline(tmp_path / "main.tf", "terraform", text)
    assert isinstance(symbols, list)


def test_terraform_half_typed_block_still_listed(tmp_path):
    text = 'variable "a" {\n}\nresource "aws_s3_bucket" "b" {\n  versioning {\n'
    got = [_plain(s) for s in _outline(tmp_path / "main.tf", "terraform", text)]
    assert [s["name"] for s in got] == ["var.a", "aws_s3_bucket.b"]


def test_helm_unclosed_define_runs_to_the_end(tmp_path):
    write(tmp_path, {"Chart.yaml": "apiVersion: v2\nname: c\nversion: 1.0.0\n"})
    text = '{{ define "a" }}x{{ end }}\n{{ define "b" }}\ny\n'
    got = [_plain(s) for s in _outline(tmp_path / "templates" / "_h.tpl", "helm", text)]
    assert got == [
        {"name": "a", "kind": "function", "detail": "define", "range": [0, 0, 0, 26], "selection": [0, 10, 0, 13]},
        {"name": "b", "kind": "function", "detail": "define", "range": [1, 0, 3, 0], "selection": [1, 10, 1, 13]},
    ]


def test_helm_no_false_manifests(tmp_path):
    # a templated kind, a kind inside a block scalar, a define without a name: nothing to show
    text = "kind: {{ .Values.kind }}\n---\ndata:\n  x: |\n    kind: Pod\n---\n{{ define }}\n"
    assert _outline(tmp_path / "templates" / "x.yaml", "helm", text) == []


def test_helm_manifest_in_a_define_or_comment_is_not_the_files(tmp_path):
    text = (
        '{{/*\nkind: Pod\n*/}}\n{{- define "cm" }}\nkind: ConfigMap\nmetadata:\n  name: x\n{{- end }}\n'
        '---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: "s-1"  # literal\n'
    )
    got = [_plain(s) for s in _outline(tmp_path / "templates" / "x.yaml", "helm", text)]
    assert got == [
        {"name": "cm", "kind": "function", "detail": "define", "range": [3, 0, 7, 10], "selection": [3, 11, 3, 15]},
        {"name": "Secret s-1", "kind": "object", "range": [9, 0, 12, 24], "selection": [10, 6, 10, 12]},
    ]


@pytest.mark.parametrize(
    "name, text",
    [
        ("values.yaml", "a: [1, 2\nb: {"),
        ("values.yaml", ":\n  - :\n"),
        ("values.yaml", ""),
        ("values.yaml", "- a\n- b\n"),
        ("Chart.yaml", "name: [\n"),
        ("templates/x.yaml", '{{ define "x" '),
        ("templates/x.yaml", "{{"),
        ("templates/x.yaml", "---\n---\nkind:\n"),
    ],
)
def test_helm_broken_input(tmp_path, name, text):
    write(tmp_path, {"Chart.yaml": "apiVersion: v2\nname: c\nversion: 1.0.0\n"})
    assert isinstance(_outline(tmp_path / name, "helm", text), list)


def test_lsp_layer_reads_the_outline(tmp_path):
    document, model = analysed(tmp_path / "main.tf", "terraform", 'output "o" {\n  value = 1\n}\n')
    analysis = SimpleNamespace(language="terraform", document=document, model=model)
    assert [s.name for s in language_symbols(analysis)] == ["output.o"]


@pytest.mark.parametrize("language", ["dockerfile", "terraform", "helm"])
@pytest.mark.parametrize("model", [None, object(), {"stages": []}])
def test_foreign_or_missing_model(language, model):
    document = Document(uri="file:///x", text="FROM a\n", language=language)
    assert REGISTRY.language(language).symbols(document, model) is None
