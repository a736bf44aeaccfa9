"""Peer comparison with checkov on rendered charts (a script, not a test: pytest does not collect it).

Renders the corpus charts that need no missing dependency (prometheus-community) with their default
values into a temporary folder, runs checkov's Kubernetes framework and our Kubernetes rules on the
same manifests, and prints, for every checkov ID one of our rules aliases, how many resources both
tools flag, only checkov flags and only we flag. ``-v`` lists the disagreeing resources.

    .venv/bin/python tests/bench/eval/checkov_kubernetes.py [-v] [--checkov PATH]  (default: the checkov `make bench-peers` installs)
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from tests.helpers import analyse

from infragenius.core.rules import REGISTRY
from infragenius.languages.kubernetes.parse import resources_of
from infragenius.languages.yaml import parse_yaml

CORPUS = ROOT.parent / "shared" / "corpus" / "helm"
CHARTS = (
    "prometheus-community-helm-charts/charts/prometheus-node-exporter",
    "prometheus-community-helm-charts/charts/kube-state-metrics",
    "prometheus-community-helm-charts/charts/prometheus-blackbox-exporter",
)
# Where one of our rules covers several checkov checks, the part of our message that says which.
MESSAGE_PART = {
    "CKV_K8S_10": ("cpu requests",),
    "CKV_K8S_11": ("cpu limits", "cpu requests and limits"),
    "CKV_K8S_12": ("memory requests",),
    "CKV_K8S_13": ("memory limits", "memory requests and limits"),
    "CKV_K8S_27": ("runtime socket",),  # checkov's check is about the Docker socket only
    "CKV_K8S_28": ("capabilities",),
    "CKV_K8S_37": ("capabilities",),
    "CKV_K8S_39": ("SYS_ADMIN",),  # checkov: SYS_ADMIN only; CKV_K8S_25: any added capability
}
Key = tuple[str, str, str]  # (file, kind, name)


def render(out: Path) -> list[Path]:
    import helm_python

    files = []
    for relative in CHARTS:
        chart = helm_python.Chart.load(str(CORPUS / relative))
        try:
            manifests = chart.render({}, name="eval", namespace="monitoring")
        finally:
            chart.close()
        for name, text in manifests.items():
            if name.endswith((".yaml", ".yml")) and text.strip() and "/tests/" not in name:
                path = out / name.replace("/", "__")
                path.write_text(text, encoding="utf-8")
                files.append(path)
    return files


def run_checkov(checkov: str, folder: Path) -> dict[str, set[Key]]:
    proc = subprocess.run(
        [checkov, "--skip-download", "--framework", "kubernetes", "-d", str(folder), "-o", "json", "--quiet"],
        check=False,
        capture_output=True,
        text=True,
        timeout=600,
    )  # checkov exits 1 on failed checks
    data = json.loads(proc.stdout or "{}")
    reports = data if isinstance(data, list) else [data]
    failed: dict[str, set[Key]] = defaultdict(set)
    for report in reports:
        for check in report.get("results", {}).get("failed_checks", []):
            kind, _, name = _split_resource(check["resource"])
            failed[check["check_id"]].add((Path(check["file_path"]).name, kind, name))
    return failed


def _split_resource(resource: str) -> tuple[str, str, str]:
    """checkov names a resource ``Kind.namespace.name`` (names may contain dots)."""
    kind, _, rest = resource.partition(".")
    namespace, _, name = rest.partition(".")
    return kind, namespace, name


def run_ours(files: list[Path]) -> dict[str, set[Key]]:
    found: dict[str, set[Key]] = defaultdict(set)
    for path in files:
        text = path.read_text(encoding="utf-8")
        resources = resources_of(parse_yaml(text))
        for finding in analyse(text, "kubernetes"):
            line = finding.range.start.line
            owner = next((r for r in resources if r.start_line <= line <= r.end_line), None)
            if owner is None:
                continue
            for alias in finding.aliases:
                if not alias.startswith("checkov:"):
                    continue
                check = alias.split(":", 1)[1]
                parts = MESSAGE_PART.get(check)
                if parts and not any(p in finding.message for p in parts):
                    continue
                found[check].add((path.name, owner.kind, owner.name))
    return found


def aliased_checks() -> dict[str, str]:
    out = {}
    for rule in REGISTRY.rules_for("kubernetes"):
        for alias in rule.aliases:
            if alias.startswith("checkov:"):
                out[alias.split(":", 1)[1]] = rule.code
    return out


def cases(out: Path) -> list[Path]:
    """Our golden Kubernetes cases (plain manifests, labelled by hand) as a second, broader set."""
    files = []
    for path in sorted((ROOT / "tests" / "cases" / "kubernetes").glob("*/*.yaml")):
        target = out / f"{path.parent.name}__{path.name}"
        target.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
        files.append(target)
    return files


def compare(title: str, make, checkov: str, verbose: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="ig-eval-") as tmp:
        files = make(Path(tmp))
        theirs = run_checkov(checkov, Path(tmp))
        ours = run_ours(files)
    checks = aliased_checks()
    print(f"\n## {title}: {len(files)} files\n")
    print(f"{'checkov':<12} {'ours':<6} {'both':>5} {'only-ckv':>9} {'only-ours':>10}")
    totals = [0, 0, 0]
    for check in sorted(checks, key=lambda c: int(c.rsplit("_", 1)[1])):
        a, b = theirs.get(check, set()), ours.get(check, set())
        row = (len(a & b), len(a - b), len(b - a))
        totals = [t + r for t, r in zip(totals, row)]
        print(f"{check:<12} {checks[check]:<6} {row[0]:>5} {row[1]:>9} {row[2]:>10}")
        if verbose:
            for key in sorted(a - b):
                print(f"    only checkov: {key}")
            for key in sorted(b - a):
                print(f"    only ours:    {key}")
    print(f"{'total':<19} {totals[0]:>5} {totals[1]:>9} {totals[2]:>10}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--checkov",
        default=os.environ.get("CHECKOV", str(Path.home() / ".cache/infragenius/peers/checkov-venv/bin/checkov")),
    )
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--no-cases", action="store_true", help="only the rendered corpus charts")
    args = parser.parse_args()
    compare("Rendered corpus charts (prometheus-community, default values)", render, args.checkov, args.verbose)
    if not args.no_cases:
        compare("Golden cases tests/cases/kubernetes", cases, args.checkov, args.verbose)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
