"""Hovers from the shipped provider schemas, and on module and provider sources and versions: each
case points at a marker in ``schema_hover/main.tf``; the text shown is in ``schema_hover/expected.json``
(null: no hover). ``pytest tests/terraform/test_schema_hover.py --update-golden`` rewrites it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from infragenius.core.config import Config
from infragenius.core.context import Context
from infragenius.core.document import Document, Position
from infragenius.languages.terraform import parse as tfparse
from infragenius.languages.terraform.features import FEATURES
from infragenius.languages.terraform.provider_schemas import PROVIDERS, provider

HERE = Path(__file__).parent / "schema_hover"
EXPECTED = HERE / "expected.json"

# id: (needle, code points into it, which occurrence)
CASES = {
    "resource_type": ('"aws_instance"', 3, 0),
    "data_type": ('"aws_caller_identity"', 3, 0),
    "required_argument_of_google": ("location", 2, 0),
    "optional_argument_of_aws": ("instance_type", 2, 0),
    "nested_block": ("root_block_device", 2, 0),
    "argument_in_nested_block": ("volume_size", 2, 0),
    "deeply_nested_list_block": ("container {", 2, 0),
    "argument_deep_in_kubernetes": ("image =", 1, 0),
    "dynamic_block_label": ('"ingress"', 2, 0),
    "argument_in_dynamic_content": ("from_port", 2, 0),
    "meta_argument": ("count", 1, 0),
    "provider_argument": ("region", 1, 0),
    "module_registry_source": ('"terraform-aws-modules', 3, 0),
    "module_version_range": ('">= 5.1', 3, 0),
    "module_local_source": ('"./modules', 3, 0),
    "required_provider_source": ('"hashicorp/aws"', 3, 0),
    "required_provider_version": ('"~> 6.2"', 3, 0),
    "required_provider_without_schema": ("random =", 1, 0),
    # a resource or data attribute read elsewhere: the declaration, and what the attribute is
    "computed_attribute": ("aws_instance.web.public_ip", 3, 0),
    "data_source_attribute": ("data.aws_caller_identity.me.account_id", 5, 0),
    "argument_read_as_attribute": ("aws_instance.web.instance_type", 3, 0),
    # nothing to say: a provider we do not ship, a lifecycle argument, a resource's name label
    "unknown_resource_type": ('"acme_thing"', 3, 0),
    "unknown_argument": ("size = 1", 1, 0),
    "lifecycle_argument": ("create_before_destroy", 2, 0),
    "resource_name_label": ('"web"', 2, 0),
}


def _at(text: str, needle: str, delta: int, nth: int) -> Position:
    offset = -1
    for _ in range(nth + 1):
        offset = text.index(needle, offset + 1)
    before = text[: offset + delta]
    return Position(before.count("\n"), len(before) - (before.rfind("\n") + 1))


def _hovers() -> dict[str, str | None]:
    path = HERE / "main.tf"
    text = path.read_text("utf-8")
    document = Document(uri=path.as_uri(), text=text, language="terraform", path=path)
    model = tfparse.parse(document, Context(document=document, config=Config()))
    out = {}
    for case, (needle, delta, nth) in CASES.items():
        answer = FEATURES.hover(document, model, _at(text, needle, delta, nth))
        out[case] = answer[0] if isinstance(answer, tuple) else answer
    return out


def test_hovers(update_golden: bool) -> None:
    found = _hovers()
    if update_golden:
        EXPECTED.write_text(json.dumps(found, indent=2, ensure_ascii=False) + "\n", "utf-8")
    assert found == json.loads(EXPECTED.read_text("utf-8"))


@pytest.mark.parametrize("name", PROVIDERS)
def test_every_shipped_provider_says_its_version(name: str) -> None:
    meta = provider(name)
    assert meta is not None and meta.source == f"hashicorp/{name}"
    assert meta.version[0].isdigit() and meta.docs.endswith(f"/{meta.version}/docs")


def test_broken_input_never_raises() -> None:
    text = (HERE / "main.tf").read_text("utf-8")
    for cut in (len(text) // 3, len(text) // 2, len(text) - 40):
        half = text[:cut] + '\n  dynamic {\n content { = \n module "m" { source = "./x" version = '
        document = Document(uri="file:///broken/main.tf", text=half, language="terraform")
        model = tfparse.parse(document, Context(document=document, config=Config()))
        for line in range(half.count("\n") + 2):
            for column in (0, 2, 5, 9, 14, 30, 200):
                FEATURES.hover(document, model, Position(line, column))
