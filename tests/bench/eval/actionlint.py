"""Compare InfraGenius with actionlint's labelled test data (a script, not a pytest module).

    .venv/bin/python tests/bench/eval/actionlint.py [--verbose] [--real] [--examples]

For every ``testdata/err/*.yaml`` it reads the ``.out`` file (``test.yaml:LINE:COL: message [kind]``,
regex lines between slashes), and counts an expected error as found when we report a finding at the
same line whose aliases include ``actionlint:<kind>``. It prints recall per actionlint kind, the
findings of warning/error severity we raise on ``testdata/ok/`` (goal: none), and with ``--real``
the findings on the real-world workflows of the corpus; ``--examples`` adds ``testdata/examples``.
"""

from __future__ import annotations

import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "server"))

from infragenius import app
from infragenius.core.config import Config
from infragenius.core.document import Document, decode
from infragenius.core.engine import Engine
from infragenius.core.findings import Severity

app.compose_engine()  # the engine's languages and packs, as the infragenius command wires them

CORPUS = ROOT.parent / "shared" / "corpus" / "github-actions"
TESTDATA = CORPUS / "actionlint" / "testdata"
SKIPPED_KINDS = {"shellcheck", "pyflakes"}
_LINE = re.compile(r"^/?test\\?\.yaml:(\d+):(\d+): .*?(?:\[([a-z-]+)\\?\])?/?$")
# Regex lines that name no rule kind (e.g. "/test\.yaml:5:14: label "macos-12" is unknown\. .+/"): kind
# guessed from the message.
_GUESS = (("label", "runner-label"), ("is not defined in object type", "expression"), ("=>", "expression"))


def expected(out: Path) -> list[tuple[int, str, str]]:
    rows = []
    for line in out.read_text("utf-8").splitlines():
        m = _LINE.match(line.strip())
        if m:
            kind = m.group(3) or next((k for word, k in _GUESS if word in line), "unknown")
            rows.append((int(m.group(1)), kind, line.strip()))
        elif line.strip():
            rows.append((0, "unparsed", line.strip()))
    return rows


def analyse(engine: Engine, path: Path, name: str = "test.yaml", project: Path = Path(".")):
    """Analyse ``path`` as ``<project>/.github/workflows/<name>`` (local actions resolve from project)."""
    text = decode(path.read_bytes())
    doc = Document(
        uri=f"file:///eval/{name}", text=text, language="github-actions", path=project / ".github/workflows" / name
    )
    return engine.analyse(doc, use_cache=False).findings


def analyse_real(engine: Engine, path: Path):
    """A corpus file under its real path, so that local actions and reusable workflows resolve."""
    text = decode(path.read_bytes())
    doc = Document(uri=path.resolve().as_uri(), text=text, language="github-actions", path=path)
    return engine.analyse(doc, use_cache=False).findings


def kinds_of(finding) -> set[str]:
    return {a.split(":", 1)[1].split("/")[0] for a in finding.aliases if a.startswith("actionlint:")}


def main(argv: list[str]) -> int:
    verbose = "--verbose" in argv
    engine = Engine(Config())
    found: Counter = Counter()
    total: Counter = Counter()
    missed: dict[str, list[str]] = defaultdict(list)
    covered_kinds: set[str] = set()
    extra: list[str] = []  # our warnings/errors on lines where actionlint expects nothing
    started = time.perf_counter()
    folders = ["err"] + (["examples"] if "--examples" in argv else [])
    for yaml_file in sorted(f for folder in folders for f in (TESTDATA / folder).glob("*.y*ml")):
        if any(k in yaml_file.name for k in SKIPPED_KINDS):
            continue
        out = yaml_file.with_suffix(".out")
        if not out.is_file():
            continue
        findings = analyse(
            engine, yaml_file, project=yaml_file.parent if yaml_file.parent.name == "examples" else Path(".")
        )
        for f in findings:
            covered_kinds |= kinds_of(f)
        lines_by_kind = defaultdict(set)
        for f in findings:
            for kind in kinds_of(f) | ({"syntax-check"} if f.code == "IG001" else set()):
                lines_by_kind[kind].add(f.range.start.line + 1)
        expected_lines = {line for line, _, _ in expected(out)}
        for f in findings:
            if f.severity <= Severity.WARNING and f.range.start.line + 1 not in expected_lines:
                extra.append(
                    f"{yaml_file.name}:{f.range.start.line + 1}:{f.range.start.column + 1}: {f.code} {f.message}"
                )
        for line, kind, raw in expected(out):
            if kind in SKIPPED_KINDS:
                continue
            total[kind] += 1
            if line in lines_by_kind[kind]:
                found[kind] += 1
            else:
                missed[kind].append(f"{yaml_file.name}: {raw}")
    print(f"actionlint testdata/{'+'.join(folders)}: expected errors found at the same line, per kind")
    print(f"{'kind':22} {'found':>5} / {'total':<5} recall  (kinds we alias marked *)")
    all_found = all_total = cov_found = cov_total = 0
    for kind in sorted(total):
        mark = "*" if kind in covered_kinds else " "
        print(f"{mark}{kind:21} {found[kind]:5} / {total[kind]:<5} {found[kind] / total[kind]:6.0%}")
        all_found += found[kind]
        all_total += total[kind]
        if kind in covered_kinds:
            cov_found += found[kind]
            cov_total += total[kind]
    print(f" {'all kinds':21} {all_found:5} / {all_total:<5} {all_found / max(all_total, 1):6.0%}")
    print(f" {'kinds we alias':21} {cov_found:5} / {cov_total:<5} {cov_found / max(cov_total, 1):6.0%}")
    print(f"warnings/errors we report on lines with no expected error: {len(extra)} (review with --verbose)")
    if verbose:
        print("\nextra findings:")
        for row in extra:
            print("  ", row)
        for kind, rows in sorted(missed.items()):
            print(f"\nmissed [{kind}]:")
            for row in rows:
                print("  ", row)

    print("\nactionlint testdata/ok: findings of warning or error severity (goal: none)")
    ok_count = 0
    ok_files = sorted((TESTDATA / "ok").glob("*.y*ml"))
    for path in ok_files:
        for f in analyse(engine, path, path.name):
            if f.severity <= Severity.WARNING:
                ok_count += 1
                print(f"  ok/{path.name}:{f.range.start.line + 1}:{f.range.start.column + 1}: {f.code} {f.message}")
    print(f"  {ok_count} finding(s) on {len(ok_files)} files")

    if "--real" in argv:
        print("\nreal workflows (corpus/github-actions/* except actionlint): findings per code")
        per_code: Counter = Counter()
        files = [
            p for p in sorted(CORPUS.rglob("*.y*ml")) if "actionlint" not in p.parts and p.name != "dependabot.yml"
        ]
        for path in files:
            rel = path.relative_to(CORPUS)
            for f in analyse_real(engine, path):
                per_code[f.code] += 1
                if f.severity <= Severity.WARNING or verbose:
                    print(
                        f"  {rel}:{f.range.start.line + 1}:{f.range.start.column + 1}: {f.code} [{f.severity.label}] {f.message}"
                    )
        print(f"  {len(files)} files; per code: {dict(sorted(per_code.items()))}")
    print(f"\n({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
