"""TF001: a misspelt reference gets the declared address as its fix (issue 19 §1)."""

from __future__ import annotations

import shutil
from pathlib import Path

from infragenius.core.document import Document
from infragenius.core.findings import apply_edits

from ..helpers import analyse_file

CASE = Path(__file__).parent.parent / "cases" / "terraform" / "TF001" / "bad_typos"


def test_each_typo_is_replaced_by_the_declared_address():
    path = CASE / "main.tf"
    text = path.read_text()
    findings = [f for f in analyse_file(path) if f.code == "TF001"]
    fixes = {f.fix.title: f.fix.applicability for f in findings}
    assert fixes == {
        'Replace "var.regoin" with "var.region"': "safe",
        'Replace "var.web_3" with "var.web_1"': "unsafe",
        'Replace "local.tgas" with "local.tags"': "safe",
        'Replace "aws_s3_bucket.lgos" with "aws_s3_bucket.logs"': "safe",
        'Replace "aws_s3_buckt.logs" with "aws_s3_bucket.logs"': "safe",
        'Replace "data.aws_iam_policy_document.raed" with "data.aws_iam_policy_document.read"': "safe",
        'Replace "module.netwrok" with "module.network"': "safe",
        'Replace "module.network.subnet_idd" with "module.network.subnet_id"': "safe",
    }
    doc = Document(uri=path.as_uri(), text=text, language="terraform")
    fixed = apply_edits(text, [e for f in findings for e in f.fix.edits], doc)
    for line in (
        "Region = var.region",
        "local.tags",
        "aws_s3_bucket.logs.arn",
        "data.aws_iam_policy_document.read.json",
        "module.network.vpc_id",
        "module.network.subnet_id",
        "logs-${var.web_1}",
    ):
        assert line in fixed


def test_the_fixed_module_has_no_undeclared_reference(tmp_path):
    shutil.copytree(CASE, tmp_path / "m")
    path = tmp_path / "m" / "main.tf"
    text = path.read_text()
    findings = [f for f in analyse_file(path) if f.code == "TF001"]
    doc = Document(uri=path.as_uri(), text=text, language="terraform")
    path.write_text(apply_edits(text, [e for f in findings for e in f.fix.edits], doc))
    assert [f.message for f in analyse_file(path) if f.code == "TF001"] == []


def test_no_suggestion_when_nothing_is_close(tmp_path):
    path = tmp_path / "main.tf"
    path.write_text('variable "name" {}\noutput "x" { value = var.bucket }\n')
    (finding,) = [f for f in analyse_file(path) if f.code == "TF001"]
    assert finding.message == "Reference to undeclared input variable `var.bucket`" and finding.fix is None
