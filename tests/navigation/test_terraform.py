"""Terraform: references jump to declarations in any file of the module; completion of declared names."""

from __future__ import annotations

from infragenius.core.document import Range
from infragenius.languages.terraform.completion import completion
from infragenius.languages.terraform.definition import definition

from .support import analysed, at, write

VARIABLES = 'variable "region" {\n  default = "eu-west-1"\n}\n'
MAIN = """locals {
  name = "app-${var.region}"
}

module "net" {
  source = "./net"
}

data "aws_caller_identity" "me" {}

resource "aws_s3_bucket" "logs" {
  bucket = local.name
  tags   = { owner = data.aws_caller_identity.me.account_id, vpc = module.net.vpc_id }
}

output "arn" {
  value = aws_s3_bucket.logs.arn
}

output "missing" {
  value = var.nope
}
"""


def _module(tmp_path):
    write(tmp_path, {"variables.tf": VARIABLES, "main.tf": MAIN})
    return analysed(tmp_path / "main.tf", "terraform")


def test_variable_jumps_to_its_block_in_another_file(tmp_path):
    document, model = _module(tmp_path)
    path, target, origin = definition(document, model, at(MAIN, "var.region", 5))
    assert path == tmp_path / "variables.tf"
    assert target == Range.of(0, 0, 0, 17)  # variable "region"
    assert origin == Range.of(1, 16, 1, 26)  # var.region


def test_local_resource_data_and_module_in_the_same_file(tmp_path):
    document, model = _module(tmp_path)
    assert definition(document, model, at(MAIN, "local.name", 7)) == (
        None,
        Range.of(1, 2, 1, 6),
        Range.of(11, 11, 11, 21),
    )
    # on the attribute after the address (.arn) too: the address is what is declared
    assert definition(document, model, at(MAIN, "logs.arn", 6)) == (
        None,
        Range.of(10, 0, 10, 31),
        Range.of(16, 10, 16, 28),
    )
    data = definition(document, model, at(MAIN, "data.aws_caller_identity.me", 2))
    assert data == (None, Range.of(8, 0, 8, 31), Range.of(12, 21, 12, 48))
    assert definition(document, model, at(MAIN, "module.net.vpc_id", 8)) == (
        None,
        Range.of(4, 0, 4, 12),
        Range.of(12, 67, 12, 77),
    )


def test_undeclared_or_no_reference_gives_nothing(tmp_path):
    document, model = _module(tmp_path)
    assert definition(document, model, at(MAIN, "var.nope", 5)) is None
    assert definition(document, model, at(MAIN, "bucket =", 1)) is None


TYPING = """locals {
  a = var.
  b = local.na
  c = module.
  d = data.aws_caller_identity.
  e = aws_s3_bucket.
  f = aws_s3_bucket.logs.
}
"""


def test_completion_of_declared_names(tmp_path):
    write(tmp_path, {"variables.tf": VARIABLES, "main.tf": MAIN, "typing.tf": TYPING})
    document, model = analysed(tmp_path / "typing.tf", "terraform")
    variables = completion(document, model, at(TYPING, "var.", 4))
    assert [(i.label, i.kind, i.documentation) for i in variables] == [
        ("region", "variable", "declared in `variables.tf:1`")
    ]
    assert variables[0].range == Range.of(1, 10, 1, 10)
    local = completion(document, model, at(TYPING, "local.na", 8))
    assert [i.label for i in local] == ["name"] and local[0].range == Range.of(2, 12, 2, 14)
    assert [(i.label, i.detail) for i in completion(document, model, at(TYPING, "module.", 7))] == [("net", '"./net"')]
    assert [i.label for i in completion(document, model, at(TYPING, "identity.", 9))] == ["me"]
    assert [i.label for i in completion(document, model, at(TYPING, "bucket.\n", 7))] == ["logs"]
    assert completion(document, model, at(TYPING, "logs.", 5)) is None  # attributes are not known here
