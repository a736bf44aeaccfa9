"""Reusing an unchanged instruction's findings (languages/dockerfile/reuse.py): after every edit of a
series, the engine that reuses its previous model finds exactly what a fresh engine finds."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from infragenius.core.config import Config
from infragenius.core.document import Document
from infragenius.core.engine import Engine
from infragenius.languages.dockerfile.rules.run_commands import CdInsteadOfWorkdir

from ..conftest import CORPUS, ROOT, corpus_dir
from ..random_edits import random_edit

BENCH = ROOT.parent / "shared" / "bench" / "Dockerfile.500"

# lines an edit inserts: each changes what some rule reads (the stages, the shell, the variables in
# scope, an apt setting written earlier, a continuation) or nothing at all (a comment, a blank line)
LINES = (
    "# a comment",
    "",
    "ENV PIP_NO_CACHE_DIR=1",
    "ARG VERSION=1.0",
    'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
    "RUN apt-get install curl && pip install flask",
    "RUN cd /src && wget -O- https://example.com/x.sh | sh",
    "RUN echo 'APT::Get::Assume-Yes \"true\";' > /etc/apt/apt.conf.d/90yes",
    "FROM alpine:3.20 AS extra",
    "    && npm install -g yarn \\",
    "RUN <<EOF\napt-get update\nEOF",
    "ONBUILD RUN sudo make install",
    "EXPOSE 80/TCP",
    # what DF126 keeps each RUN's shape by (run_layers.py): the shell and a Windows base image
    'SHELL ["pwsh", "-Command"]',
    "FROM mcr.microsoft.com/windows/servercore:ltsc2022",
    "RUN --mount=type=cache,target=/root/.cache make",
    "RUN make && make test && make install",
)
TYPED = ("x", " ", "\\", "$HOME", " -y", "'", "#", "")


def _same_as_fresh(path: Path, text: str, edits: int, seed: int) -> None:
    rng = random.Random(seed)
    reusing = Engine(Config(), root=path.parent)
    uri = path.as_uri()
    reusing.analyse(Document(uri, text, "dockerfile", 1, path))
    lines = text.split("\n")
    for version in range(2, edits + 2):
        random_edit(lines, rng, LINES, TYPED)
        edited = "\n".join(lines)
        document = Document(uri, edited, "dockerfile", version, path)
        reused = reusing.analyse(document)
        fresh = Engine(Config(), root=path.parent).analyse(Document(uri, edited, "dockerfile", version, path))
        assert [(f, f.data) for f in reused.findings] == [(f, f.data) for f in fresh.findings], (
            f"seed {seed}, v{version}"
        )
        assert _instructions(reused.model) == _instructions(fresh.model), f"seed {seed}, version {version}"
        assert all(ins._doc is document for ins in reused.model.instructions)


def _instructions(df) -> list[tuple]:
    """What the parser found, positions included (a taken-over instruction must be the one it would parse)."""
    return [
        (i.keyword, i.logical, i.range, i.full_range, i.stage, i._segments, i.args_start, i.exec_form, len(i.heredocs))
        for i in df.instructions
    ] + [(s.index, s.name, s.image, len(s.instructions)) for s in df.stages]


@pytest.mark.parametrize("seed", [1, 2])
def test_random_edits_of_a_500_line_dockerfile(seed):
    if not BENCH.is_file():
        pytest.skip(f"no {BENCH}")
    _same_as_fresh(BENCH, BENCH.read_text("utf-8"), edits=30, seed=seed)


def test_random_edits_of_multi_stage_corpus_dockerfiles():
    root = corpus_dir("dockerfile")
    files = sorted(p for p in root.rglob("Dockerfile*") if p.read_text("utf-8", "replace").upper().count("FROM ") > 1)
    assert files, f"no multi-stage Dockerfile under {CORPUS / 'dockerfile'}"
    for seed, path in enumerate(files[:4]):
        _same_as_fresh(path, path.read_text("utf-8", "replace"), edits=20, seed=seed)


def test_an_edit_checks_only_the_instruction_it_changed(monkeypatch, tmp_path):
    path = tmp_path / "Dockerfile"
    runs = [f"RUN cd /app{i} && make" for i in range(20)]
    text = "\n".join(["FROM debian:12", *runs]) + "\n"
    engine = Engine(Config(), root=tmp_path)
    before = engine.analyse(Document(path.as_uri(), text, "dockerfile", 1, path)).findings
    checked: list[int] = []
    original = CdInsteadOfWorkdir.check_run

    def counting(self, view, ins, df, ctx):
        checked.append(ins.line)
        return original(self, view, ins, df, ctx)

    monkeypatch.setattr(CdInsteadOfWorkdir, "check_run", counting)
    edited = text.replace("RUN cd /app5 && make", "# why\nRUN cd /app5 && make -j4")
    after = engine.analyse(Document(path.as_uri(), edited, "dockerfile", 2, path)).findings
    assert checked == [7]  # the changed RUN, now on line 7 (0-based) below the inserted comment
    df101 = [f.range.start.line for f in after if f.code == "DF101"]
    assert df101 == [f.range.start.line + (f.range.start.line >= 6) for f in before if f.code == "DF101"]


def test_consecutive_runs_follow_the_shell_and_base_image_above_them(tmp_path):
    # DF126 keeps each RUN's shape by its text, SHELL and Windows-ness (run_layers.py): an edit above
    # two unchanged RUNs of three commands that makes them scripts we do not read makes them joinable
    path = tmp_path / "Dockerfile"
    runs = "RUN make && make test && make install\nRUN make && make test && make install\n"
    versions = [
        ("FROM debian:12\n" + runs, []),
        ('FROM debian:12\nSHELL ["pwsh", "-Command"]\n' + runs, [3]),
        ('FROM debian:12\nSHELL ["pwsh", "-Command"]\n# moved down\n' + runs, [4]),
        ("FROM debian:12\n" + runs, []),
        ("FROM mcr.microsoft.com/windows/servercore:ltsc2022\n" + runs, [2]),
        ("FROM debian:12\n" + runs, []),
    ]
    _follow("DF126", path, versions)


def test_wget_and_curl_follow_the_runs_moved_and_the_shell_above_them(tmp_path):
    # DF129 keeps each RUN's downloads and its finding for the next edit (run_memo.py), moved with it
    path = tmp_path / "Dockerfile"
    runs = "RUN wget -q https://example.com/a.tgz\nRUN curl -fsSLO https://example.com/b.tgz\n"
    versions = [
        ("FROM debian:12\n" + runs, [2]),
        ("FROM debian:12\n# fetch\n\n" + runs, [4]),
        ('FROM debian:12\nSHELL ["pwsh", "-Command"]\n' + runs, []),
        ("FROM debian:12\n" + runs + "FROM alpine:3.20\n" + runs, [2, 5]),
        ("FROM debian:12\n" + runs, [2]),
    ]
    _follow("DF129", path, versions)


def _follow(code: str, path: Path, versions: list[tuple[str, list[int]]]) -> None:
    """Each (text, lines) in turn through one engine that reuses: ``code``'s findings are a fresh engine's,
    at those 0-based lines."""
    engine = Engine(Config(), root=path.parent)
    for version, (text, lines) in enumerate(versions, start=1):
        reused = engine.analyse(Document(path.as_uri(), text, "dockerfile", version, path)).findings
        fresh = Engine(Config(), root=path.parent).analyse(Document(path.as_uri(), text, "dockerfile", version, path))
        assert [f for f in reused if f.code == code] == [f for f in fresh.findings if f.code == code]
        assert [f.range.start.line for f in reused if f.code == code] == lines, f"version {version}"
