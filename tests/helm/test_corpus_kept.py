"""No finding on a rendered chart is lost in Helm mode.

Every chart under ../shared/corpus/helm is rendered with its default values; its rendered manifests
are checked as plain Kubernetes manifests, and the chart is checked in Helm mode from inside its
folder (relative paths, as ``cd chart && infragenius check .`` does). Every Kubernetes finding of
the plain check must come back in Helm mode (on a template line or on values.yaml). The kept /
rendered figures per chart are printed (``-s``) and recorded in expected/corpus_kept.txt.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from infragenius.core.config import Config
from infragenius.core.context import Workspace
from infragenius.core.document import Document
from infragenius.core.engine import Engine
from infragenius.languages.helm.render import render_chart

from ..conftest import corpus_dir

pytest.importorskip("helm_python", reason="helm-python-sdk not installed")

EXPECTED = Path(__file__).parent / "expected" / "corpus_kept.txt"


def test_every_rendered_finding_is_kept(monkeypatch) -> None:
    root = corpus_dir("helm")
    table, lost = [], {}
    for chart in sorted(p.parent for p in root.rglob("Chart.yaml")):
        name = chart.relative_to(root).as_posix()
        rendered = render_chart(chart, Workspace())
        if rendered is None or not rendered.ok:
            table.append(f"{name}: not rendered")
            continue
        monkeypatch.chdir(chart)
        plain, helm = _plain(chart, rendered.manifests), _helm_mode()
        table.append(f"{name}: kept {sum((plain & helm).values())}/{sum(plain.values())}")
        if plain - helm:
            lost[name] = dict(plain - helm)
    print("\n".join(table))
    assert lost == {}
    # The figures move with the Kubernetes rules; which charts render does not.
    assert [_chart_status(line) for line in table] == [_chart_status(line) for line in _listed()]


def _listed() -> list[str]:
    return [line for line in EXPECTED.read_text("utf-8").splitlines() if line and not line.startswith("#")]


def _chart_status(line: str) -> str:
    return line.split(" kept ")[0]


def _plain(chart: Path, manifests: dict[str, str]) -> Counter:
    found: Counter = Counter()
    for key, text in manifests.items():
        relative = Path(key.split("/", 1)[1])
        if (
            relative.parts[0] != "templates"
            or relative.name.startswith("_")
            or relative.suffix not in (".yaml", ".yml")
        ):
            continue
        document = Document("untitled:rendered", text, "kubernetes")
        found.update(
            f.code for f in Engine(Config()).analyse(document, use_cache=False).findings if f.code.startswith("K8")
        )
    return found


def _helm_mode() -> Counter:
    found: Counter = Counter()
    for path in sorted(Path("templates").rglob("*.y*ml")) + [Path("values.yaml")]:
        document = Document(path.resolve().as_uri(), path.read_text("utf-8"), "helm", path=path)
        found.update(
            f.code for f in Engine(Config()).analyse(document, use_cache=False).findings if f.data.get("rendered")
        )
    return found
