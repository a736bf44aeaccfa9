"""The HCL model: blocks, attributes, references with exact positions, module loading and caching."""

from __future__ import annotations

import importlib
from pathlib import Path

from infragenius.core.config import Config
from infragenius.core.context import Context, Workspace
from infragenius.core.document import Document, Range
from infragenius.languages.terraform.model import TerraformModel

# the package re-exports the parse *function* under the module's name
tfparse = importlib.import_module("infragenius.languages.terraform.parse")

MAIN = """variable "name" {
  type        = string
  default     = "web"
  description = "Name"
}

locals {
  names = [for n in var.list : upper(n)]
}

resource "aws_s3_bucket" "b" {
  bucket = "${var.name}-${local.suffix}"
  tags   = { Name = var.name, Count = count.index }

  dynamic "rule" {
    for_each = var.rules
    content {
      id = rule.value.id
    }
  }
}

output "arn" {
  value = aws_s3_bucket.b.arn
}
"""


def _parse(path: Path, text: str, workspace: Workspace | None = None) -> tuple[TerraformModel, Context]:
    doc = Document(uri=path.resolve().as_uri(), text=text, language="terraform", path=path)
    ctx = Context(document=doc, config=Config(), workspace=workspace or Workspace())
    return tfparse.parse(doc, ctx), ctx


def test_blocks_and_attributes(tmp_path: Path) -> None:
    model, ctx = _parse(tmp_path / "main.tf", MAIN)
    assert ctx.parse_findings == []
    types = [(b.type, b.labels) for b in model.file.blocks]
    assert types == [("variable", ["name"]), ("locals", []), ("resource", ["aws_s3_bucket", "b"]), ("output", ["arn"])]
    bucket = model.file.blocks[2]
    assert bucket.header_range == Range.of(10, 0, 10, 28)
    attr = bucket.attr("bucket")
    assert attr.key_range == Range.of(11, 2, 11, 8)
    assert attr.expr_range == Range.of(11, 11, 11, 40)
    assert [b.type for b in bucket.blocks] == ["dynamic"]
    assert bucket.blocks[0].child("content").attr("id") is not None


def test_references_skip_bound_names(tmp_path: Path) -> None:
    model, _ = _parse(tmp_path / "main.tf", MAIN)
    refs = [(r.address, r.range) for r in model.file.references]
    assert refs == [
        ("var.list", Range.of(7, 20, 7, 28)),
        ("var.name", Range.of(11, 14, 11, 22)),
        ("local.suffix", Range.of(11, 26, 11, 38)),
        ("var.name", Range.of(12, 20, 12, 28)),
        ("count.index", Range.of(12, 38, 12, 49)),
        ("var.rules", Range.of(15, 15, 15, 24)),
        ("aws_s3_bucket.b", Range.of(23, 10, 23, 29)),
    ]
    arn = model.file.references[-1]
    assert arn.address_range == Range.of(23, 10, 23, 25)


def test_module_reads_siblings_and_overlay(tmp_path: Path) -> None:
    (tmp_path / "variables.tf").write_text('variable "extra" {\n  type = string\n}\n')
    (tmp_path / "notes.txt").write_text("not terraform")
    overlay = {tmp_path / "outputs.tf": 'output "o" {\n  value = var.extra\n}\n'}
    (tmp_path / "outputs.tf").write_text("# stale text on disk\n")
    model, _ = _parse(tmp_path / "main.tf", MAIN, Workspace(overlay))
    module = model.module
    assert module.complete
    assert [f.name for f in module.files] == ["main.tf", "outputs.tf", "variables.tf"]
    assert sorted(module.variables) == ["extra", "name"]
    assert [r.address for r in module.files[1].references] == ["var.extra"]


def test_editing_one_file_reparses_only_it(tmp_path: Path) -> None:
    (tmp_path / "variables.tf").write_text('variable "extra" {\n  type = string\n}\n')
    first, _ = _parse(tmp_path / "main.tf", MAIN)
    second, _ = _parse(tmp_path / "main.tf", MAIN.replace('"web"', '"api"'))
    sibling_before = next(f for f in first.module.files if f.name == "variables.tf")
    sibling_after = next(f for f in second.module.files if f.name == "variables.tf")
    assert sibling_before is sibling_after
    assert first.file is not second.file


def test_incremental_parse_matches_full_parse(tmp_path: Path) -> None:
    path = tmp_path / "main.tf"
    text = MAIN
    _parse(path, text)
    for old, new in (('"web"', '"a much longer name"'), ("for_each", "for_each "), ("upper(n)", "n"), ("\n}\n", "\n")):
        text = text.replace(old, new, 1)
        incremental = tfparse.parse_file(path, text).tree.root_node
        full = tfparse.parser().parse(text.encode()).root_node
        assert str(incremental) == str(full)


def test_an_undo_is_the_base_of_the_next_incremental_parse(tmp_path: Path) -> None:
    path = tmp_path / "main.tf"
    _parse(path, MAIN)
    _parse(path, MAIN.replace('"web"', '"api"', 1))
    tfparse.parse_file(path, MAIN)  # undo: the model of the first text, from the cache
    assert tfparse._LAST[str(path)][0] == MAIN.encode()  # the next edit changes this text, not the other
    again = MAIN.replace("for_each", "for_each ", 1)
    assert str(tfparse.parse_file(path, again).tree.root_node) == str(tfparse.parser().parse(again.encode()).root_node)


def test_syntax_errors_are_reported_in_place_and_rest_analysed(tmp_path: Path) -> None:
    text = 'resource "aws_s3_bucket" "b" {\n  acl = \n}\n\nresource "aws_s3_bucket" "c" {\n  acl = "public-read"\n}\n'
    model, ctx = _parse(tmp_path / "main.tf", text)
    # tree-sitter recovers by inventing a "{" after "acl =" and closing the file; the resource
    # it swallowed is hoisted back to the top level so that the rules still see it
    assert [(f.code, f.range.start) for f in ctx.parse_findings] == [("IG001", (2, 0)), ("IG001", (7, 0))]
    assert [b.labels for b in model.file.blocks] == [["aws_s3_bucket", "b"], ["aws_s3_bucket", "c"]]


def test_columns_are_code_points(tmp_path: Path) -> None:
    text = 'locals {\n  greeting = "héllo ${var.näme_x}"\n  x = var.after\n}\n'
    model, _ = _parse(tmp_path / "main.tf", text)
    ranges = {r.address: r.range for r in model.file.references}
    assert ranges["var.after"] == Range.of(2, 6, 2, 15)
    assert text.split("\n")[1][22:32] == "var.näme_x"
    assert ranges["var.näme_x"] == Range.of(1, 22, 1, 32)


def test_untitled_document_is_not_a_complete_module() -> None:
    doc = Document(uri="untitled:1", text=MAIN, language="terraform")
    model = tfparse.parse(doc, Context(document=doc, config=Config()))
    assert not model.module.complete


def test_broken_sibling_makes_the_module_incomplete(tmp_path: Path) -> None:
    (tmp_path / "variables.tf").write_text('variable "extra" {\n  type = \n')
    model, _ = _parse(tmp_path / "main.tf", MAIN)
    assert not model.module.complete
