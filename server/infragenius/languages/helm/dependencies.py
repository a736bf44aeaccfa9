"""Where a chart's dependencies are.

Vendored under ``charts/`` (what ``helm dependency build`` leaves), or, before that has run, a
``file://`` repository or a chart of the same name beside this one: a monorepo of charts (such as
bitnami/charts, whose charts depend on the ``common`` library chart next to them) is checked
without building anything. A dependency found outside ``charts/`` is used only when its Chart.yaml
has the dependency's name and a version the constraint accepts; the chart is then rendered and linted
with it copied under ``charts/``. A dependency that cannot be found leaves the chart incomplete: the
checks that need every define stay silent rather than guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ...core.context import Workspace
from ..yaml import Mapping, Node, Scalar, Sequence

_OPERATOR_SPACE = re.compile(r"([<>=~^]+)\s+")  # Helm accepts ">= 1.2", npm-style ranges do not


@dataclass(frozen=True)
class Dependencies:
    external: tuple[tuple[str, Path], ...] = ()  # (name under charts/, chart folder) found outside charts/
    complete: bool = True  # every dependency was found
    missing: tuple[str, ...] = ()  # dependencies neither vendored nor found beside the chart


def locate(root: Path, chart_yaml: Mapping | None, workspace: Workspace) -> Dependencies:
    deps = chart_yaml.get("dependencies") if chart_yaml is not None else None
    external: list[tuple[str, Path]] = []
    missing: list[str] = []
    complete = True
    for dep in deps.items if isinstance(deps, Sequence) else []:
        name = _string(dep, "name")
        if name is None:
            complete = False
        elif (root / "charts" / name).is_dir():
            continue
        elif any((root / "charts").glob(f"{name}-*.tgz")):
            complete = False  # vendored as an archive: Helm reads it, our template scanner does not
        else:
            found = _outside(root, name, _string(dep, "repository"), _string(dep, "version"), workspace)
            if found is None:
                complete = False
                missing.append(name)
            else:
                external.append((name, found))
    return Dependencies(tuple(external), complete, tuple(missing))


def _outside(
    root: Path, name: str, repository: str | None, constraint: str | None, workspace: Workspace
) -> Path | None:
    from .chart import load_chart_yaml  # chart.py imports this module

    candidates = [root.parent / name]
    if repository and repository.startswith("file://"):
        candidates.insert(0, root / repository[len("file://") :])
    for folder in candidates:
        try:
            folder = folder.resolve()
            if folder == root.resolve() or not (folder / "Chart.yaml").is_file():
                continue
        except OSError:
            continue
        meta = load_chart_yaml(folder, workspace)
        if _string(meta, "name") == name and satisfies(_string(meta, "version"), constraint):
            return folder
    return None


def satisfies(version: str | None, constraint: str | None) -> bool:
    """Helm's (Masterminds) version constraints, read as npm ranges: ``2.x.x``, ``^1.2``, ``~1.2.3``,
    ``>=1.0 <2.0``, ``a || b``. Anything unreadable counts as not satisfied."""
    if not constraint or not constraint.strip() or constraint.strip() in ("*", "x"):
        return True
    from semantic_version import NpmSpec, Version

    try:
        spec = NpmSpec(" ".join(_OPERATOR_SPACE.sub(r"\1", constraint.replace(",", " ")).split()))
        return Version.coerce(str(version)) in spec
    except ValueError:
        return False


def _string(node: Node | None, key: str) -> str | None:
    value = node.get(key) if isinstance(node, Mapping) else None
    if isinstance(value, Scalar) and value.value is not None and not isinstance(value.value, bool):
        return str(value.value)
    return None
