"""Compose in the editor, through its LanguageSpec: hover (the schema's documentation of a key, what a
named service runs), completion (services, declared resources, keys), definition and references
(services, networks, volumes; a build's Dockerfile; a service in an override), links and the outline.
Over fixtures/compose, a main file with its override and a build context."""

from __future__ import annotations

from pathlib import Path

import pytest

from infragenius.core.config import Config
from infragenius.core.context import Context
from infragenius.core.document import Document, Position, Range, decode
from infragenius.core.rules import REGISTRY

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "compose"
MAIN = FIXTURE / "compose.yaml"


@pytest.fixture(scope="module")
def spec():
    return REGISTRY.language("compose")


def _open(spec, path: Path, text: str | None = None):
    document = Document(path.as_uri(), text if text is not None else decode(path.read_bytes()), "compose", path=path)
    return document, spec.parse(document, Context(document, Config()))


def _at(document: Document, needle: str, offset: int = 0) -> Position:
    """The position ``offset`` characters into the first occurrence of ``needle``."""
    return document.position_at(document.text.index(needle) + offset)


def test_hover_documents_a_key_from_the_schema(spec):
    document, model = _open(spec, MAIN)
    text, rng = spec.hover(document, model, _at(document, "condition:", 2))
    assert text.startswith("**condition**\n\nCondition to wait for.")
    assert "Values: `service_started`, `service_healthy`, `service_completed_successfully`" in text
    assert rng == Range.of(12, 8, 12, 17)


def test_hover_on_a_named_service_says_what_it_runs(spec):
    document, model = _open(spec, MAIN)
    text, rng = spec.hover(document, model, _at(document, "[db, cache]", 1))
    assert text == "**service `db`**\n\nimage `postgres:17.2`"
    assert rng == Range.of(22, 17, 22, 19)


def test_definition_of_services_in_the_file_and_in_the_override(spec):
    document, model = _open(spec, MAIN)
    assert spec.definition(document, model, _at(document, "[db, cache]", 1)) == [
        (None, Range.of(27, 2, 27, 4), Range.of(22, 17, 22, 19))
    ]
    assert spec.definition(document, model, _at(document, "cache]", 1)) == [
        (FIXTURE / "compose.override.yaml", Range.of(2, 2, 2, 7), Range.of(22, 21, 22, 26))
    ]


def test_definition_of_a_build_opens_its_dockerfile(spec):
    document, model = _open(spec, MAIN)
    target = spec.definition(document, model, _at(document, "dockerfile: Dockerfile", 14))
    assert target == [(FIXTURE / "app" / "Dockerfile", Range.of(0, 0, 0, 0), Range.of(7, 18, 7, 28))]


def test_references_of_a_network_declaration_first(spec):
    document, model = _open(spec, MAIN)
    found = spec.references(document, model, _at(document, "backend: {}"), True)
    assert found == [(None, Range.of(41, 2, 41, 9))] + [(None, Range.of(line, 15, line, 22)) for line in (16, 23, 35)]
    assert spec.references(document, model, _at(document, "backend: {}"), False) == found[1:]


def test_links_to_the_build_context_and_dockerfile(spec):
    document, model = _open(spec, MAIN)
    assert spec.links(document, model) == [
        (Range.of(6, 15, 6, 20), FIXTURE / "app"),
        (Range.of(7, 18, 7, 28), FIXTURE / "app" / "Dockerfile"),
    ]


def test_outline(spec):
    document, model = _open(spec, MAIN)
    outline = spec.symbols(document, model)
    assert [(s.name, [(c.name, c.detail) for c in s.children]) for s in outline] == [
        ("services", [("web", "build ./app"), ("worker", "example/worker:latest"), ("db", "postgres:17.2")]),
        ("networks", [("backend", None)]),
        ("volumes", [("db-data", None)]),
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        # the other services of the project, not the service itself
        ("services:\n  web:\n    image: nginx\n    depends_on:\n      - |\n  db:\n    image: postgres\n", ["db"]),
        ("services:\n  web:\n    depends_on: [db, |]\n  db:\n    image: x\n  queue:\n    image: y\n", ["queue"]),
        ("services:\n  web:\n    networks:\n      - |\nnetworks:\n  front: {}\n  back: {}\n", ["back", "front"]),
    ],
)
def test_completion_of_names(spec, tmp_path, text, expected):
    line = next(i for i, row in enumerate(text.splitlines()) if "|" in row)
    column = text.splitlines()[line].index("|")
    document, model = _open(spec, tmp_path / "compose.yaml", text.replace("|", ""))
    items = spec.completion(document, model, Position(line, column))
    assert [item.label for item in items] == expected


def test_completion_of_keys_with_their_documentation(spec, tmp_path):
    document, model = _open(
        spec, tmp_path / "compose.yaml", "services:\n  web:\n    image: nginx\n    build:\n      con\n"
    )
    items = {item.label: item for item in spec.completion(document, model, Position(4, 9))}
    assert items["context"].insert_text == "context: "
    assert items["context"].range == Range.of(4, 6, 4, 9)
    assert items["context"].documentation.startswith("Path to the build context")
    document, model = _open(spec, tmp_path / "compose.yaml", "services:\n  web:\n    image: nginx\n    res\n")
    labels = [item.label for item in spec.completion(document, model, Position(3, 7))]
    assert "restart" in labels and "healthcheck" in labels and "image" not in labels  # image is set


@pytest.mark.parametrize(
    "text, position, expected",
    [
        ("services:\n  web:\n    restart: un\n", (2, 15), ["no", "always", "on-failure", "unless-stopped"]),
        (
            "services:\n  web:\n    depends_on:\n      db:\n        condition: \n",
            (4, 19),
            ["service_started", "service_healthy", "service_completed_successfully"],
        ),
    ],
)
def test_completion_of_values(spec, tmp_path, text, position, expected):
    document, model = _open(spec, tmp_path / "compose.yaml", text)
    assert [item.label for item in spec.completion(document, model, Position(*position))] == expected
