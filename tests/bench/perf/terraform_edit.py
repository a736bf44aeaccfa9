"""Edit -> diagnostics latency on a big module file (not collected by pytest).

Usage: .venv/bin/python tests/bench/perf/terraform_edit.py [FILE.tf]
Default file: ../shared/corpus/terraform/terraform-aws-vpc/main.tf (about 1,500 lines). Each round
changes one line (a new document version), analyses with the engine as the language server does
(siblings come from the per-file cache), and records wall-clock and CPU time.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "server"))

from infragenius import app
from infragenius.core.config import Config
from infragenius.core.document import Document, decode
from infragenius.core.engine import Engine
from infragenius.core.rules import REGISTRY

app.compose_engine()  # the engine's languages and packs, as the infragenius command wires them


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else ROOT.parent / "shared/corpus/terraform/terraform-aws-vpc/main.tf"
    text = decode(path.read_bytes())
    lines = text.split("\n")
    REGISTRY.load_all()
    engine = Engine(Config(), root=path.parent)
    engine.analyse(Document(uri=path.as_uri(), text=text, language="terraform", path=path, version=0))
    wall, cpu = [], []
    for version in range(1, 101):
        line = (version * 37) % len(lines)
        edited = lines.copy()
        edited[line] = edited[line] + f"  # edit {version}"
        doc = Document(uri=path.as_uri(), text="\n".join(edited), language="terraform", path=path, version=version)
        w0, c0 = time.perf_counter(), time.process_time()
        engine.analyse(doc)
        wall.append((time.perf_counter() - w0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    for name, values in (("wall", wall), ("cpu", cpu)):
        values.sort()
        print(
            f"{name}: p50 {values[49]:.1f} ms  p95 {values[94]:.1f} ms  max {values[-1]:.1f} ms  ({len(lines)} lines)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
