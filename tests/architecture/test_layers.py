"""Import layering: no new edge may point up a floor or into a language package (a ratchet).

``known_violations.txt`` lists the edges that existed when this check was added (issue 17). The test fails when a
new one appears, and also when a listed one is gone, so the list only ever shrinks.
"""

from __future__ import annotations

from pathlib import Path

from .layers import dynamic_imports, floor, violation, violations

KNOWN = Path(__file__).with_name("known_violations.txt")
KNOWN_DYNAMIC = Path(__file__).with_name("known_dynamic_imports.txt")


def _known() -> list[str]:
    return sorted(line for line in KNOWN.read_text("utf-8").splitlines() if line and not line.startswith("#"))


def test_no_new_layer_violation() -> None:
    new = sorted(set(violations()) - set(_known()))
    assert not new, "imports that break the layering (ARCHITECTURE.md 'Layers'):\n" + "\n".join(new)


def test_known_violations_only_shrink() -> None:
    gone = sorted(set(_known()) - set(violations()))
    assert not gone, "fixed edges still listed in known_violations.txt, remove them:\n" + "\n".join(gone)


def test_floor_rules() -> None:
    assert floor("infragenius.core.engine").level < floor("infragenius.languages.yaml.nodes").level
    assert violation("infragenius.core.engine", "infragenius.tiers.state") == "upward"
    assert violation("infragenius.lsp.documents", "infragenius.languages.helm.chart") == "reaches-into-language"
    assert violation("infragenius.languages.dockerfile.parse", "infragenius.languages.shell.parse") is None
    assert (
        violation("infragenius.languages.gitlab_ci.x", "infragenius.languages.dockerfile.y") == "language-to-language"
    )
    assert violation("infragenius.languages.helm.rules.rendered", "infragenius.languages.kubernetes.model") is None
    assert violation("infragenius.ai.lsp", "infragenius.lsp.convert") is None
    # the composition root sits above every floor; a package's __main__ is a process entry, on that floor too
    assert violation("infragenius.app", "infragenius.cloud.cli") is None
    assert violation("infragenius.lsp.__main__", "infragenius.app") is None
    assert violation("infragenius.cli", "infragenius.app") == "upward"
    assert violation("infragenius.app", "infragenius.languages.dockerfile") == "reaches-into-language"
    # the registry names each language's package and nothing in it; no language looks up at it
    assert violation("infragenius.languages.registry", "infragenius.languages.compose") is None
    assert violation("infragenius.languages.registry", "infragenius.languages.helm.chart") == "reaches-into-language"
    assert violation("infragenius.languages.helm.chart", "infragenius.languages.registry") == "upward"
    assert violation("infragenius.core.rules", "infragenius.languages.registry") == "upward"
    # a language's api module is the one door a rule pack may use; the rest of the package stays closed
    assert violation("infragenius.tiers.packs.cis_docker", "infragenius.languages.dockerfile.api") is None
    assert violation("infragenius.tiers.packs.x", "infragenius.languages.dockerfile.rules._base") == (
        "reaches-into-language"
    )


def test_no_new_dynamic_import() -> None:
    """In-tree imports are plain statements so that readers and tools see every edge (issue 17)."""
    known = sorted(line for line in KNOWN_DYNAMIC.read_text("utf-8").splitlines() if line and not line.startswith("#"))
    assert dynamic_imports() == known
