"""Hover on references shows the declaration."""

from __future__ import annotations

import importlib
from pathlib import Path

from infragenius.core.config import Config
from infragenius.core.context import Context
from infragenius.core.document import Document, Position
from infragenius.core.rules import REGISTRY

tfparse = importlib.import_module("infragenius.languages.terraform.parse")


def _hover(tmp_path: Path, text: str, position: Position) -> str | None:
    (tmp_path / "variables.tf").write_text(
        'variable "name" {\n  type        = string\n  default     = "web"\n  description = "Bucket name"\n}\n'
    )
    path = tmp_path / "main.tf"
    doc = Document(uri=path.as_uri(), text=text, language="terraform", path=path)
    model = tfparse.parse(doc, Context(document=doc, config=Config()))
    return REGISTRY.language("terraform").hover(doc, model, position)


MAIN = """locals {
  prefix = "app"
}

resource "aws_s3_bucket" "b" {
  bucket = "${local.prefix}-${var.name}"
}

output "arn" {
  value = aws_s3_bucket.b.arn
}
"""


def test_hover_variable_shows_type_default_description_and_place(tmp_path: Path) -> None:
    text = _hover(tmp_path, MAIN, Position(5, 33))
    assert text == '**variable `name`** (variables.tf:1)\n\n- type: `string`\n- default: `"web"`\n\nBucket name'


def test_hover_local_and_resource(tmp_path: Path) -> None:
    assert _hover(tmp_path, MAIN, Position(5, 16)) == '**local `prefix`** (main.tf:2)\n\n```hcl\nprefix = "app"\n```'
    assert _hover(tmp_path, MAIN, Position(9, 12)) == (
        "**aws_s3_bucket.b** (main.tf:5)\nAmazon S3 bucket.\n\n`arn`: `string`, set by the provider (known after apply)"
    )


def test_hover_elsewhere_is_none(tmp_path: Path) -> None:
    assert _hover(tmp_path, MAIN, Position(1, 2)) is None


def test_definition_points_at_the_declaration(tmp_path: Path) -> None:
    from infragenius.languages.terraform.hover import definition

    (tmp_path / "variables.tf").write_text('variable "name" {\n  type = string\n}\n')
    path = tmp_path / "main.tf"
    doc = Document(uri=path.as_uri(), text=MAIN, language="terraform", path=path)
    model = tfparse.parse(doc, Context(document=doc, config=Config()))
    target, rng = definition(doc, model, Position(5, 33))
    assert target == tmp_path / "variables.tf" and (rng.start, rng.end) == ((0, 0), (0, 15))
    target, rng = definition(doc, model, Position(5, 16))
    assert target == path and (rng.start, rng.end) == ((1, 2), (1, 8))
