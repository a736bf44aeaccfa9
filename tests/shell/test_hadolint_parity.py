"""Agreement with hadolint on real Dockerfiles, for the hadolint checks the RUN rules implement.

Every difference must be one we chose (listed with its reason in fixtures/hadolint_parity.txt):
hadolint's false positives we avoid, e.g. ``cd`` inside a subshell, ``apt-get install -s``,
``apk add --no-network``, ``apt-get dist-clean``, cleanup in a build stage that is not shipped.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from infragenius.core.config import Config
from infragenius.core.document import Document, decode
from infragenius.core.engine import Engine
from infragenius.core.rules import REGISTRY

from ..conftest import corpus_dir

FIXTURE = Path(__file__).parent / "fixtures" / "hadolint_parity.txt"
FILES = [
    "docker-nginx/mainline/debian/Dockerfile",
    "docker-nginx/mainline/alpine-perl/Dockerfile",
    "docker-nginx/modules/Dockerfile.alpine",
    "docker-node/22/alpine3.23/Dockerfile",
    "docker-node/22/bookworm-slim/Dockerfile",
    "postgres/17/alpine3.22/Dockerfile",
    "postgres/18/bookworm/Dockerfile",
    "python/3.12/slim-trixie/Dockerfile",
    "python/3.12/alpine3.23/Dockerfile",
    "redis/7.4-rc/alpine/Dockerfile",
    "redis/7.4-rc/debian/Dockerfile",
    "hadolint/docker/Dockerfile",
]


def _hadolint() -> str:
    found = shutil.which("hadolint") or str(Path(sys.executable).parent / "hadolint")
    if not Path(found).exists():
        pytest.skip("hadolint not installed")
    return found


def _differences() -> list[str]:
    corpus = corpus_dir("dockerfile")
    hadolint = _hadolint()
    rules = [r for r in REGISTRY.rules_for("dockerfile") if r.code >= "DF100"]
    ours_by_dl = {a.split(":")[1]: r.code for r in rules for a in r.aliases if a.startswith("hadolint:")}
    engine = Engine(Config(select=[r.code for r in rules]))
    lines = []
    for name in FILES:
        path = corpus / name
        out = subprocess.run([hadolint, "--no-fail", "--format", "json", str(path)], capture_output=True, text=True)
        theirs = {(d["line"], d["code"]) for d in json.loads(out.stdout or "[]") if d["code"] in ours_by_dl}
        doc = Document(uri=path.as_uri(), text=decode(path.read_bytes()), language="dockerfile", path=path)
        analysis = engine.analyse(doc, use_cache=False)
        ours = set()
        for f in analysis.findings:
            ins = analysis.model.instruction_at(f.range.start.line)  # hadolint reports the instruction's line
            line = (ins.range.start.line if ins else f.range.start.line) + 1
            ours |= {(line, a.split(":")[1]) for a in f.aliases if a.startswith("hadolint:")}
        lines += [f"{name}:{line} {code} only-hadolint" for line, code in sorted(theirs - ours)]
        lines += [f"{name}:{line} {code} only-ours" for line, code in sorted(ours - theirs)]
    return lines


def test_differences_with_hadolint_are_the_known_ones():
    expected = [line.split("  #")[0].strip() for line in FIXTURE.read_text("utf-8").splitlines()]
    assert _differences() == [line for line in expected if line]
