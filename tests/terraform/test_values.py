"""Static evaluation of HCL expressions: what is known, and UNKNOWN for everything else."""

from __future__ import annotations

import importlib

import pytest

from infragenius.core.config import Config
from infragenius.core.context import Context
from infragenius.core.document import Document
from infragenius.languages.terraform.values import (
    MISSING,
    UNKNOWN,
    UNKNOWN_TEXT,
    Evaluator,
    Json,
    parse_json_text,
)

tfparse = importlib.import_module("infragenius.languages.terraform.parse")

MODULE = """variable "with_default" {
  type    = string
  default = "public-read"
}

variable "no_default" {
  type = string
}

variable "null_default" {
  type    = string
  default = null
}

locals {
  env    = "prod"
  flags  = { public = true }
  looped = local.looped
}

resource "x" "y" {
  a = "${var.with_default}-${local.env}"
  b = var.no_default
  c = var.null_default
  d = local.flags.public
  e = local.env == "prod" ? 1 : 2
  f = jsonencode({ Action = "*", Resource = aws_s3_bucket.b.arn })
  g = <<-EOT
    {"k": "v"}
    EOT
  h = [1, "two", true, null][1]
  i = lower("ABC")
  j = local.looped
  k = var.no_default == "x" ? 1 : 1
  l = "a\\"b\\u0041"
  m = !local.flags.public
  n = -3
  nested {
    o = 1
  }
  dynamic "dyn" {
    for_each = []
    content {}
  }
}
"""


@pytest.fixture(scope="module")
def block_and_ev(tmp_path_factory):
    path = tmp_path_factory.mktemp("values") / "main.tf"
    doc = Document(uri=path.as_uri(), text=MODULE, language="terraform", path=path)
    model = tfparse.parse(doc, Context(document=doc, config=Config()))
    block = next(b for b in model.file.blocks if b.type == "resource")
    return block, Evaluator(model.module)


@pytest.mark.parametrize(
    "path,expected",
    [
        ("a", "public-read-prod"),
        ("b", UNKNOWN),
        ("c", UNKNOWN),
        ("d", True),
        ("e", 1),
        ("g", '{"k": "v"}'),
        ("h", "two"),
        ("i", "abc"),
        ("j", UNKNOWN),
        ("k", 1),
        ("l", 'a"bA'),
        ("m", False),
        ("n", -3),
        ("nested.o", 1),
        ("missing", MISSING),
        ("nested.missing", MISSING),
        ("dyn.anything", UNKNOWN),
    ],
)
def test_values(block_and_ev, path: str, expected) -> None:
    block, ev = block_and_ev
    assert (
        ev.attr(block, path)[0] == expected
        if expected not in (UNKNOWN, MISSING)
        else ev.attr(block, path)[0] is expected
    )


def test_jsonencode_keeps_structure_with_unknown_leaves(block_and_ev) -> None:
    block, ev = block_and_ev
    value = ev.attr(block, "f")[0]
    assert isinstance(value, Json)
    assert value.value == {"Action": "*", "Resource": UNKNOWN}
    assert parse_json_text(value) == {"Action": "*", "Resource": UNKNOWN}
    assert parse_json_text('{"a": [1]}') == {"a": [1]}
    assert parse_json_text("not json") is UNKNOWN


def test_policy_text_with_interpolations_parses_with_unknown_strings(tmp_path) -> None:
    """Heredoc policies: an unknown interpolation inside a JSON string, or in place of a whole
    value, leaves the rest of the document readable."""
    text = """resource "x" "y" {
  policy = <<EOT
{"Sid": "a\\"${var.sid}", "Action": "*", "Resource": ${jsonencode(var.arns)}, "Principal": "${var.p}/*"}
EOT
}
"""
    path = tmp_path / "main.tf"
    doc = Document(uri=path.as_uri(), text=text, language="terraform", path=path)
    model = tfparse.parse(doc, Context(document=doc, config=Config()))
    block = next(b for b in model.file.blocks if b.type == "resource")
    policy = Evaluator(model.module, placeholder=UNKNOWN_TEXT).attr(block, "policy")[0]
    assert parse_json_text(policy) == {
        "Sid": 'a"' + UNKNOWN_TEXT,
        "Action": "*",
        "Resource": UNKNOWN_TEXT,
        "Principal": UNKNOWN_TEXT + "/*",
    }
    assert Evaluator(model.module).attr(block, "policy")[0] is UNKNOWN
