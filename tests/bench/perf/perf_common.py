"""Shared by the perf scripts: paths, the bench's LSP client, an edit script that any server accepts.

Scripts, not tests: run them with the project interpreter (``.venv/bin/python tests/bench/perf/peers.py``).
The LSP client is the bench's (``tests/bench/lsp_client.py``), imported rather than copied.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT / "tests" / "bench"))

from bench_common import corpus_dockerfiles
from lsp_client import LspClient, LspError, server_command

try:  # the composition root hands the engine its languages: without it, in-process analyses find nothing
    from infragenius import app
except ImportError:  # older code, whose engine knew its languages itself
    pass
else:
    app.compose()

CORPUS = Path(os.environ.get("INFRAGENIUS_CORPUS", ROOT.parent / "shared" / "corpus"))
RESULTS = ROOT / "bench" / "results"
BIN = Path(sys.executable).parent

__all__ = ["BIN", "CORPUS", "RESULTS", "ROOT", "LspClient", "LspError", "corpus_dockerfiles", "server_command"]


def percentile(values: list[float], pct: float) -> float | None:
    """Nearest-rank percentile (as the bench reports it); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(pct / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def rounded(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def workflows() -> list[Path]:
    root = CORPUS / "github-actions"
    return sorted(p for p in root.rglob("*") if p.suffix in (".yml", ".yaml") and p.parent.name == "workflows")


def gitlab_files() -> list[Path]:
    return sorted((CORPUS / "gitlab-ci").rglob("*.yml"))


def terraform_files() -> list[Path]:
    return sorted((CORPUS / "terraform").rglob("*.tf"))


def kubernetes_manifests() -> list[Path]:
    """The corpus has no plain manifests (kubernetes/kubernetes is too big to fetch, see its SOURCES.md):
    the project's own Kubernetes rule cases and fixture stand in, the same files for every tool."""
    found = sorted((ROOT / "tests" / "cases" / "kubernetes").rglob("*.yaml"))
    return [ROOT / "fixtures" / "kubernetes" / "deployment.yaml", *found]


def kubernetes_bundle() -> str:
    """Every manifest as one multi-document file (what a rendered chart or `kubectl get -o yaml` gives)."""
    parts = [p.read_text("utf-8", "replace").strip("\n") for p in kubernetes_manifests()]
    return "\n---\n".join(p for p in parts if p.strip()) + "\n"


class EditScript:
    """Edits that keep any of our languages valid: insert a comment line with the indentation of a
    seeded line just before it, then delete it again (odd/even versions). Inside a YAML block scalar
    or a Dockerfile continuation the line is a shell comment, elsewhere a comment of the file's own
    syntax, so every server sees a realistic, parseable buffer at every version."""

    def __init__(self, text: str, seed: int = 11) -> None:
        self.lines = text.split("\n")
        self.rng = random.Random(seed)
        candidates = [i for i, line in enumerate(self.lines[1:-1], start=1) if line.strip()]
        self.candidates = candidates or [0]
        self.pending: tuple[int, str] | None = None

    def next(self, version: int) -> tuple[dict, dict]:
        """(incremental change, the same as a range for applying locally); call in version order."""
        if self.pending is None:
            line = self.rng.choice(self.candidates)
            indent = self.lines[line][: len(self.lines[line]) - len(self.lines[line].lstrip())]
            inserted = f"{indent}# edit {version}\n"
            self.pending = (line, inserted)
            change = {"range": _range(line, 0, line, 0), "text": inserted}
            self.lines[line:line] = [inserted[:-1]]
        else:
            line, _ = self.pending
            self.pending = None
            del self.lines[line]
            change = {"range": _range(line, 0, line + 1, 0), "text": ""}
        return change, change

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def _range(sl: int, sc: int, el: int, ec: int) -> dict:
    return {"start": {"line": sl, "character": sc}, "end": {"line": el, "character": ec}}


def save(name: str, data: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS / f"{name}-{stamp}.json"
    path.write_text(json.dumps(data, indent=2) + "\n")
    return path


def finish(name: str, data: dict, table: str, keep: bool) -> None:
    """Print a script's markdown and the load around it; save its JSON unless told not to."""
    data["loadavg_after"] = loadavg()
    print(table)
    print(f"\nload average before {data['loadavg_before']} after {data['loadavg_after']}")
    if keep:
        print(f"saved {save(name, data)}", file=sys.stderr)


def loadavg() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def now_ms(since: float) -> float:
    return (time.perf_counter() - since) * 1000
