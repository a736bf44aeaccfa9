"""Broken input never crashes: every prefix of real files parses and analyses without rule errors."""

from __future__ import annotations

from infragenius.core.config import Config
from infragenius.core.document import Document, decode
from infragenius.core.engine import Engine

from ..conftest import corpus_dir


def test_truncated_files_never_crash(tmp_path) -> None:
    root = corpus_dir("terraform")
    samples = [
        root / "terragoat/terraform/aws/s3.tf",
        root / "terragoat/terraform/aws/ec2.tf",
        root / "terraform-aws-vpc/main.tf",
    ]
    engine = Engine(Config())
    for sample in samples:
        text = decode(sample.read_bytes())[:6000]
        for cut in range(0, len(text), 97):
            path = tmp_path / "main.tf"
            broken = text[:cut] + '\n}{ = "${\n' + text[cut : cut + 40]
            doc = Document(uri=path.as_uri(), text=broken, language="terraform", path=path)
            analysis = engine.analyse(doc, use_cache=False)
            assert analysis.rule_errors == [], (sample.name, cut)
            assert not [f for f in analysis.findings if f.code == "IG002"], (sample.name, cut)


def test_tfvars_and_odd_input() -> None:
    engine = Engine(Config())
    for name, text in (
        ("x.tfvars", 'region = "eu-west-1"\ntags = { a = 1 }\n'),
        ("y.tf", ""),
        ("z.tf", "\ufeff\u00e9 = {"),
    ):
        doc = Document(uri=f"file:///tmp/{name}", text=text, language="terraform")
        analysis = engine.analyse(doc, use_cache=False)
        assert analysis.rule_errors == []
        assert [f.code for f in analysis.findings if f.code != "IG001"] == []  # no rule fires on these
