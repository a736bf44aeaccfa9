"""Hover in Kubernetes manifests (languages/kubernetes/hover.py): every field documented from the
bundled OpenAPI schema, and apiVersion/kind with the versions that serve the kind or removed it.

The expected hovers are in hover/manifest.expected: for each ``at`` (a needle in hover/manifest.yaml,
``#n`` for its n-th occurrence, ``+k`` to move k characters in), the range and markdown shown.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from infragenius.core.config import Config
from infragenius.core.context import Context
from infragenius.core.document import Document, Position, Range
from infragenius.languages.kubernetes import LANGUAGE
from infragenius.languages.kubernetes.parse import parse

HERE = Path(__file__).resolve().parent / "hover"
MANIFEST = (HERE / "manifest.yaml").read_text()
EXPECTED = json.loads((HERE / "manifest.expected").read_text())


def _hover(text: str, line: int, column: int, document: Document | None = None):
    document = document or Document("file:///m.yaml", text, "kubernetes")
    model = parse(document, Context(document=document, config=Config()))
    return LANGUAGE.hover(document, model, Position(line, column))


def _position(text: str, at: str) -> tuple[int, int]:
    needle, _, move = at.partition("+")
    needle, _, nth = needle.partition("#")
    offset = -1
    for _ in range(int(nth or 0) + 1):
        offset = text.index(needle, offset + 1)
    offset += int(move or 0)
    line = text.count("\n", 0, offset)
    return line, offset - (text.rfind("\n", 0, offset) + 1)


@pytest.mark.parametrize("case", EXPECTED, ids=[c["at"] for c in EXPECTED])
def test_hover(case):
    found = _hover(MANIFEST, *_position(MANIFEST, case["at"]))
    if case["text"] is None:
        assert found is None
        return
    text, where = found
    assert text == case["text"]
    assert where == Range.of(*case["range"])


def test_every_key_of_a_built_in_object_has_a_hover():
    """Each key written in the Deployment and the Service (none unknown there) is documented."""
    for number, line in enumerate(MANIFEST.splitlines()[:28], 0):
        stripped = line.lstrip(" -")
        if ":" not in stripped or stripped.startswith(("#", "---")):
            continue
        column = len(line) - len(stripped)
        found = _hover(MANIFEST, number, column)
        assert found is not None and found[0].startswith(("**`", "**Deployment**")), (number, line)


def test_no_hover_without_a_model_or_between_objects():
    document = Document("file:///m.yaml", MANIFEST, "kubernetes")
    assert LANGUAGE.hover(document, None, Position(0, 0)) is None
    assert _hover(MANIFEST, MANIFEST.splitlines().index("---"), 1) is None


def test_hover_is_fast_on_a_large_manifest():
    """< 5 ms per hover on a 1,000-line manifest once the schema is loaded (the parse is the editor's)."""
    block = MANIFEST.split("---")[0]
    text = "---\n".join([block] * (1000 // block.count("\n") + 1))
    assert text.count("\n") >= 1000
    document = Document("file:///big.yaml", text, "kubernetes")
    model = parse(document, Context(document=document, config=Config()))
    last = text.rindex("imagePullPolicy")
    line = text.count("\n", 0, last)
    LANGUAGE.hover(document, model, Position(line, 12))  # the first loads the schema
    start = time.perf_counter()
    for _ in range(20):
        assert LANGUAGE.hover(document, model, Position(line, 12)) is not None
    assert (time.perf_counter() - start) / 20 < 0.005


def test_kustomization_kind_says_what_reads_it():
    text = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - app.yaml\n"
    document = Document("file:///k/kustomization.yaml", text, "kubernetes", path=Path("/k/kustomization.yaml"))
    found = _hover(text, 1, 8, document)
    assert found == (
        (
            "**Kustomization** (`kustomize.config.k8s.io/v1beta1`)\n\n"
            "Kustomize's own file, read by `kubectl apply -k` and `kustomize build`, never sent to the cluster. "
            "[Kustomization reference](https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/)"
        ),
        Range.of(1, 6, 1, 19),
    )
    assert _hover(text, 2, 2, document) is None  # its fields are not in the Kubernetes schema
