"""Peers' pragmas in Terraform: checkov (enclosing block), tflint (next line), trivy (next block)."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import analyse, codes

BUCKET = """resource "aws_s3_bucket_acl" "b" {
  bucket = "b"
  acl    = "public-read"
}
"""


def _run(tmp_path: Path, text: str, select: list[str]) -> list[str]:
    path = tmp_path / "main.tf"
    path.write_text(text)
    return [f"{f.code}:{f.range.start.line + 1}" for f in analyse(text, "terraform", path, select=select)]


def test_checkov_skip_inside_block_covers_the_block(tmp_path: Path) -> None:
    text = BUCKET.replace('  bucket = "b"\n', '  #checkov:skip=CKV_AWS_20:public website\n  bucket = "b"\n')
    assert _run(tmp_path, text, ["TF100"]) == []
    other = text.replace("CKV_AWS_20", "CKV_AWS_18")
    assert _run(tmp_path, other, ["TF100"]) == ["TF100:4"]


def test_tflint_ignore_covers_the_next_line(tmp_path: Path) -> None:
    text = 'variable "a" {\n  type = string\n}\n\n# tflint-ignore: terraform_unused_declarations\nvariable "b" {\n  type = string\n}\n'
    assert _run(tmp_path, text, ["TF002"]) == ["TF002:1"]


def test_trivy_ignore_covers_the_next_block(tmp_path: Path) -> None:
    text = "#trivy:ignore:AVD-AWS-0092\n" + BUCKET + BUCKET.replace('"b" {', '"c" {')
    assert _run(tmp_path, text, ["TF100"]) == ["TF100:8"]


def test_our_pragma_by_code(tmp_path: Path) -> None:
    text = BUCKET.replace('"public-read"', '"public-read" # infragenius: ignore[TF100]')
    assert _run(tmp_path, text, ["TF100"]) == []


def test_selection_by_alias(tmp_path: Path) -> None:
    path = tmp_path / "main.tf"
    path.write_text(BUCKET)
    assert codes(analyse(BUCKET, "terraform", path, select=["checkov:CKV_AWS_20"])) == ["TF100"]
