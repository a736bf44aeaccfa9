"""The workspace symbol index: searched by name (names that start with the query first), filled in
slices that each search advances, and kept in step with the disk (changed and deleted files)."""

from __future__ import annotations

import os
from pathlib import Path

from infragenius.lsp import workspace_symbols
from infragenius.lsp.state import State
from infragenius.lsp.workspace_symbols import SymbolIndex, matches

FILES = {
    "Dockerfile": "FROM alpine:3.20 AS builder\nRUN true\n\nFROM builder AS release\n",
    "infra/main.tf": 'variable "release_channel" {}\n\nlocals {\n  build_id = 1\n}\n',
    ".github/workflows/ci.yml": "on: push\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: make\n",
    "notes.txt": "build release\n",
}


def _state(root: Path) -> State:
    for name, text in FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, "utf-8")
    state = State()
    state.root = root
    return state


def _found(index: SymbolIndex, state: State, query: str) -> list[tuple[str, str]]:
    return [
        (s.name, Path(s.location.uri[len("file://") :]).relative_to(state.root).as_posix())
        for s in index.search(state, query)
    ]


def test_matches_is_a_case_blind_subsequence() -> None:
    assert matches("rls", "release") and matches("REL", "release") and matches("", "x")
    assert not matches("sler", "release")


def test_search_ranks_prefixes_first_and_follows_the_disk(tmp_path: Path) -> None:
    state = _state(tmp_path)
    index = SymbolIndex()
    assert _found(index, state, "build") == [
        ("build", ".github/workflows/ci.yml"),
        ("builder", "Dockerfile"),
        ("local.build_id", "infra/main.tf"),
    ]
    assert not index.pending
    (tmp_path / "infra/main.tf").write_text('variable "build_flavour" {}\n', "utf-8")
    os.utime(tmp_path / "infra/main.tf", ns=(1, 1))  # a new mtime even on a coarse clock
    (tmp_path / ".github/workflows/ci.yml").unlink()
    index.search(state, "build")  # this pass sees the change and the deletion
    assert _found(index, state, "build") == [
        ("builder", "Dockerfile"),
        ("var.build_flavour", "infra/main.tf"),
    ]


def test_indexing_is_spread_over_slices(tmp_path: Path, monkeypatch) -> None:
    state = _state(tmp_path)
    monkeypatch.setattr(workspace_symbols, "BUDGET_S", -1.0)  # one file per slice
    index = SymbolIndex()
    first = _found(index, state, "")
    assert len(first) < 5 and index.pending
    for _ in range(10):
        if not index.pending:
            break
        index.keep_indexing(state)
    assert not index.pending
    assert len(_found(index, state, "")) > len(first)
