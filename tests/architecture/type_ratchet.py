"""mypy ratchet (``make lint``): the count of type errors per file may go down, never up.

Run mypy with the project's config, count errors per file and compare with ``mypy_baseline.txt``. A file above
its count fails; a file below it, or gone, asks for the baseline to be lowered (``--update`` writes it), so the
ratchet only ever tightens. The strict floors (core/, lsp/, report/) are held to the same rule.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BASELINE = Path(__file__).with_name("mypy_baseline.txt")
ERROR = re.compile(r"^(?P<file>[^:\s]+\.py):\d+(?::\d+)?: error:")


def count_errors() -> tuple[Counter[str], str]:
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "server/infragenius"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if run.returncode not in (0, 1):  # 2: mypy itself failed (bad config, crash)
        raise SystemExit(f"mypy failed to run:\n{run.stdout}{run.stderr}")
    counts = Counter(m["file"] for line in run.stdout.splitlines() if (m := ERROR.match(line)))
    return counts, run.stdout


def read_baseline() -> Counter[str]:
    counts: Counter[str] = Counter()
    for line in BASELINE.read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            number, file = line.split(maxsplit=1)
            counts[file] = int(number)
    return counts


def write_baseline(counts: Counter[str]) -> None:
    lines = [f"{n} {file}" for file, n in sorted(counts.items())]
    header = f"# mypy errors per file (ratchet, see type_ratchet.py): {sum(counts.values())} in {len(counts)} files"
    BASELINE.write_text("\n".join([header, *lines]) + "\n", "utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--update", action="store_true", help="write today's counts as the new baseline")
    args = parser.parse_args()
    counts, output = count_errors()
    if args.update:
        write_baseline(counts)
        print(f"baseline: {sum(counts.values())} errors in {len(counts)} files")
        return 0
    baseline = read_baseline()
    worse = {f: (baseline.get(f, 0), n) for f, n in counts.items() if n > baseline.get(f, 0)}
    better = {f: (n, counts.get(f, 0)) for f, n in baseline.items() if counts.get(f, 0) < n}
    total, allowed = sum(counts.values()), sum(baseline.values())
    if worse:
        print(output, end="")
        for file, (was, now) in sorted(worse.items()):
            print(f"type errors went up in {file}: {was} -> {now}")
        return 1
    if better:
        for file, (was, now) in sorted(better.items()):
            print(f"type errors went down in {file}: {was} -> {now}")
        print("lower the ratchet: python tests/architecture/type_ratchet.py --update")
        return 1
    print(f"mypy: {total} errors, at the ratchet ({allowed})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
