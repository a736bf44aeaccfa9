"""Bake files in the editor: the outline lists targets, groups, variables and functions; a target named in
a group, ``inherits`` or a ``target:`` context goes to its block, and its references list those uses."""

from __future__ import annotations

from infragenius.core.config import Config
from infragenius.core.context import Context
from infragenius.core.document import Document, Position, Range
from infragenius.core.rules import REGISTRY

BAKE = """variable "TAG" { default = "1.0" }

group "default" {
  targets = ["app"]
}

target "_common" {
  context = "./src"
}

target "app" {
  inherits = ["_common"]
  contexts = { base = "target:_common" }
}
"""


def _open(tmp_path):
    spec = REGISTRY.language("bake")
    path = tmp_path / "docker-bake.hcl"
    document = Document(path.as_uri(), BAKE, "bake", path=path)
    return spec, document, spec.parse(document, Context(document, Config()))


def test_outline(tmp_path):
    spec, document, model = _open(tmp_path)
    assert [(s.name, s.kind, s.detail) for s in spec.symbols(document, model)] == [
        ("TAG", "variable", None),
        ("default", "namespace", None),
        ("_common", "class", "./src"),
        ("app", "class", None),
    ]


def test_definition_and_references_of_a_target(tmp_path):
    spec, document, model = _open(tmp_path)
    assert spec.definition(document, model, Position(3, 15)) == [
        (None, Range.of(10, 8, 10, 11), Range.of(3, 14, 3, 17))
    ]
    uses = spec.references(document, model, Position(6, 10), True)  # on the _common label
    assert uses == [(None, Range.of(6, 8, 6, 15)), (None, Range.of(11, 15, 11, 22)), (None, Range.of(12, 23, 12, 37))]


def test_hover_on_an_attribute_and_on_a_target(tmp_path):
    spec, document, model = _open(tmp_path)
    text, rng = spec.hover(document, model, Position(7, 4))  # context = "./src"
    assert text.startswith("**context**\n\nThe build context: a path")
    assert rng == Range.of(7, 2, 7, 9)
    text, rng = spec.hover(document, model, Position(6, 10))  # target "_common"
    assert text == "**target `_common`**\n\ncontext: `./src`"
    assert rng == Range.of(6, 8, 6, 15)


def test_completion_of_targets_and_attributes(tmp_path):
    spec = REGISTRY.language("bake")

    def labels(text: str) -> list[tuple[str, str | None]]:
        line = next(i for i, row in enumerate(text.splitlines()) if "|" in row)
        column = text.splitlines()[line].index("|")
        path = tmp_path / "docker-bake.hcl"
        document = Document(path.as_uri(), text.replace("|", ""), "bake", path=path)
        model = spec.parse(document, Context(document, Config()))
        return [(i.label, i.insert_text) for i in spec.completion(document, model, Position(line, column)) or []]

    assert labels('group "default" {\n  targets = ["app", "|"]\n}\ntarget "app" {}\ntarget "web" {}\n') == [
        ("web", "web")
    ]
    assert labels('target "app" {\n  contexts = { base = "target:|" }\n}\ntarget "base" {}\n') == [("base", "base")]
    found = labels('target "app" {\n  context = "."\n  pl|\n}\n')
    assert ("platforms", "platforms = ") in found and not any(label == "context" for label, _ in found)
