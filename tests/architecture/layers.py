"""The floors of the package and the import edges between them, read from the source with ``ast``.

Floors, lowest first (ARCHITECTURE.md "Layers"): ``core`` -> the shared language layers (``languages/shell``,
``languages/yaml``) -> one package per language -> their registry (``languages/registry.py``, the one table that
names each language's package) -> the front doors (``lsp``, ``cli``, ``report``, ``editors``) ->
``ai`` and ``tiers`` -> ``cloud`` -> the composition root (``app`` and the process entries, every ``__main__``), which
wires the upper floors into the lower ones. A module may import its own floor or a lower one; a language imports no
other language (Helm may use the Kubernetes rules it re-emits); nothing above the languages names a language package,
except its ``api`` module: the rule-authoring door a rule pack (``tiers/packs``) builds on.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "server" / "infragenius"
SHARED_LANGUAGE_LAYERS = {"shell", "yaml"}
FRONT_DOORS = {"lsp", "cli", "report", "editors"}
ABOVE_ENGINE = {"ai", "tiers"}
COMPOSITION_ROOT = {"app", "__main__"}  # and every package's __main__: a process entry composes first
# Helm's rendered checks are the Kubernetes rules run on Helm's output: a documented, intended edge.
ALLOWED_LANGUAGE_EDGES = {("helm", "kubernetes")}
LANGUAGE_REGISTRY = "infragenius.languages.registry"
PUBLIC_DOOR = "api"  # languages/<lang>/api.py: what a rule pack may build on (the packs in tiers/packs)
MODULE_STRING = re.compile(r"infragenius(\.[a-z_]+)+")
DYNAMIC_IMPORTERS = {"__import__", "import_module"}


@dataclass(frozen=True)
class Floor:
    name: str
    level: int


def floor(module: str) -> Floor:
    parts = module.split(".")[1:]
    top = parts[0] if parts else ""
    if top in COMPOSITION_ROOT or parts[-1:] == ["__main__"]:
        return Floor("app", 7)
    if top in ("core", ""):  # the package root holds only __version__
        return Floor("core", 0)
    if module == LANGUAGE_REGISTRY:
        return Floor("languages.registry", 3)
    if top == "languages":
        lang = parts[1] if len(parts) > 1 else ""
        return Floor(f"languages.{lang}", 1 if lang in SHARED_LANGUAGE_LAYERS or not lang else 2)
    if top in ABOVE_ENGINE:
        return Floor(top, 5)
    if top == "cloud":
        return Floor("cloud", 6)
    return Floor(top, 4)  # the front doors: lsp, cli, report, editors


def _module_name(path: Path) -> tuple[str, str]:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    module = ".".join(rel.parts)
    if path.name == "__init__.py":
        module = module.removesuffix(".__init__")
        return module, module
    return module, module.rsplit(".", 1)[0]


def _targets(node: ast.AST, package: str) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        if not node.level:
            return [node.module or ""]
        base = package.split(".")[: len(package.split(".")) - node.level + 1]
        return [".".join([*base, node.module] if node.module else base)]
    return []


def _named_modules(node: ast.AST) -> list[str]:
    """Module names written as strings (``"infragenius.ai.cli"``): imports made at run time are edges too."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and MODULE_STRING.fullmatch(node.value):
        return [node.value] if _is_module(node.value) else []  # not a file name or an entry-point group
    return []


def _is_module(name: str) -> bool:
    path = PACKAGE.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def import_edges() -> set[tuple[str, str]]:
    """Every (importer, imported) pair of in-package modules, including imports inside functions."""
    edges = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        module, package = _module_name(path)
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            for target in [*_targets(node, package), *_named_modules(node)]:
                if target == "infragenius" or target.startswith("infragenius."):
                    edges.add((module, target))
    return edges


def dynamic_imports() -> list[str]:
    """``module:function`` for each call of ``__import__`` or ``importlib.import_module`` in the package."""
    sites = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module, _ = _module_name(path)
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and _called_name(node.func) in DYNAMIC_IMPORTERS:
                sites.append(f"{module}:{_called_name(node.func)}")
    return sorted(set(sites))


def _called_name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else ""


def violation(importer: str, imported: str) -> str | None:
    """Why this edge breaks the layering, or None."""
    a, b = floor(importer), floor(imported)
    if a.name == b.name:
        return None
    if b.level > a.level:
        return "upward"
    if a.level == 2 and b.level == 2:
        pair = (a.name.split(".")[1], b.name.split(".")[1])
        return None if pair in ALLOWED_LANGUAGE_EDGES else "language-to-language"
    if b.level == 2 and importer == LANGUAGE_REGISTRY:  # a language's package (its LanguageSpec), no deeper
        return None if len(imported.split(".")) == 3 else "reaches-into-language"
    if b.level == 2 and a.level > 2:
        return None if imported.split(".")[3:] == [PUBLIC_DOOR] else "reaches-into-language"
    return None


def violations() -> list[str]:
    return sorted(
        f"{kind} {importer} -> {imported}"
        for importer, imported in import_edges()
        if (kind := violation(importer, imported))
    )
