"""The on-disk result cache: hits skip analysis, any change of input, config or code misses."""

from __future__ import annotations

import json

import pytest

from infragenius.core.config import Config
from infragenius.core.document import Range
from infragenius.core.engine import Engine
from infragenius.core.findings import Edit, Finding, Fix, Related, Severity
from infragenius.core.result_cache import RecordingWorkspace, ResultCache, finding_from_json, finding_to_json

from .conftest import STABLE

BOTH = "FROM alpine:latest\nMAINTAINER Jane\n"


@pytest.fixture
def analysed(monkeypatch):
    """Counts real analyses (cache misses)."""
    calls = []
    original = Engine.analyse

    def counting(self, document, **kwargs):
        calls.append(document.path.name if document.path else None)
        return original(self, document, **kwargs)

    monkeypatch.setattr(Engine, "analyse", counting)
    return calls


def entries(tmp_path):
    return sorted(p for p in (tmp_path / "_cache").rglob("*.json"))


def test_second_run_is_served_from_cache(cli, isolated, tmp_path, analysed):
    (isolated / "Dockerfile").write_text(BOTH)
    (isolated / "b.Dockerfile").write_text("FROM alpine:3.20\n")
    first = cli("check", "--format", "json")
    assert sorted(analysed) == ["Dockerfile", "b.Dockerfile"] and len(entries(tmp_path)) == 2
    analysed.clear()
    second = cli("check", "--format", "json")
    assert analysed == []
    assert second.out == first.out and second.code == first.code == 1


def test_changed_content_misses(cli, isolated, analysed):
    path = isolated / "Dockerfile"
    path.write_text(BOTH)
    cli("check")
    path.write_text("FROM alpine:3.20\n")
    analysed.clear()
    run = cli("check", "--format", "json")
    assert analysed == ["Dockerfile"] and run.out == "[]\n" and run.code == 0


def test_config_change_misses_and_stays_correct(cli, isolated, analysed):
    (isolated / "Dockerfile").write_text(BOTH)
    assert [r["code"] for r in json.loads(cli("check", "--format", "json").out)] == ["DF002", "DF001"]
    analysed.clear()
    assert [r["code"] for r in json.loads(cli("check", "--format", "json", "--select", "DF001").out)] == ["DF001"]
    assert analysed == ["Dockerfile"]
    (isolated / ".infragenius.toml").write_text(STABLE + '[severity]\nDF001 = "error"\n')
    rows = json.loads(cli("check", "--format", "json", "--select", "DF001").out)
    assert [(r["code"], r["severity"]) for r in rows] == [("DF001", "error")]


def test_path_is_part_of_the_key(cli, isolated, analysed):
    """per-file-ignores depend on the path: the same bytes elsewhere are analysed again."""
    (isolated / ".infragenius.toml").write_text(STABLE + '[per-file-ignores]\n"legacy/*" = ["DF001"]\n')
    for folder in ("app", "legacy"):
        (isolated / folder).mkdir()
        (isolated / folder / "Dockerfile").write_text(BOTH)
    rows = json.loads(cli("check", "--format", "json").out)
    assert [(r["filename"], r["code"]) for r in rows] == [
        ("app/Dockerfile", "DF002"),
        ("app/Dockerfile", "DF001"),
        ("legacy/Dockerfile", "DF002"),
    ]
    assert len(analysed) == 2


def test_no_cache_neither_reads_nor_writes(cli, isolated, tmp_path, analysed):
    (isolated / "Dockerfile").write_text(BOTH)
    cli("check", "--no-cache")
    assert entries(tmp_path) == []
    cli("check")
    analysed.clear()
    cli("check", "--no-cache")
    assert analysed == ["Dockerfile"]


def test_fix_with_cache_is_correct(cli, isolated):
    path = isolated / "Dockerfile"
    path.write_text(BOTH)
    cli("check")  # fills the cache with the unfixed findings
    run = cli("check", "--fix", "--format", "json")
    assert [r["code"] for r in json.loads(run.out)] == ["DF002"]
    assert "LABEL" in path.read_text()
    assert [r["code"] for r in json.loads(cli("check", "--format", "json").out)] == ["DF002"]


def test_corrupt_entries_are_misses(cli, isolated, tmp_path, analysed):
    (isolated / "Dockerfile").write_text(BOTH)
    first = cli("check", "--format", "json").out
    for entry in entries(tmp_path):
        entry.write_text("{not json")
    analysed.clear()
    assert cli("check", "--format", "json").out == first
    assert analysed == ["Dockerfile"]


def test_unwritable_cache_does_not_fail(cli, isolated, tmp_path, monkeypatch):
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder should be")
    monkeypatch.setenv("INFRAGENIUS_CACHE_DIR", str(blocker / "cache"))
    (isolated / "Dockerfile").write_text(BOTH)
    run = cli("check", "--format", "json")
    assert run.code == 1 and len(json.loads(run.out)) == 2


def test_jobs_share_the_cache(cli, isolated, tmp_path):
    for i in range(6):
        (isolated / f"{i}.Dockerfile").write_text(BOTH)
    one = cli("check", "--format", "json", "--jobs", "2")
    assert len(entries(tmp_path)) == 6
    assert cli("check", "--format", "json", "--jobs", "2").out == one.out


# -- unit --------------------------------------------------------------------------------------------
def test_salt_depends_on_config(tmp_path):
    a = ResultCache.for_config(Config(), tmp_path)
    b = ResultCache.for_config(Config.from_dict({"ignore": ["DF001"]}), tmp_path)
    assert a.directory != b.directory
    assert ResultCache.for_config(Config(), tmp_path).directory == a.directory


def test_keys_depend_on_bytes_language_and_path():
    keys = {
        ResultCache.key(b"FROM a\n", "dockerfile", "Dockerfile"),
        ResultCache.key(b"FROM b\n", "dockerfile", "Dockerfile"),
        ResultCache.key(b"FROM a\n", "kubernetes", "Dockerfile"),
        ResultCache.key(b"FROM a\n", "dockerfile", "x/Dockerfile"),
    }
    assert len(keys) == 4


def test_multi_file_languages_are_not_cached():
    assert ResultCache.cacheable("dockerfile") and ResultCache.cacheable("github-actions")
    assert not ResultCache.cacheable("terraform") and not ResultCache.cacheable("helm")
    assert not ResultCache.cacheable("gitlab-ci")  # `include: local` globs the repository
    assert not ResultCache.cacheable(None)


def test_sibling_files_read_are_verified(tmp_path):
    sibling = tmp_path / "variables.tf"
    sibling.write_text("variable a {}\n")
    workspace = RecordingWorkspace()
    assert workspace.read_text(sibling) == "variable a {}\n"
    workspace.read_text(tmp_path / "missing.tf")
    cache = ResultCache("cfg", tmp_path / "cache")
    key = ResultCache.key(b"x", "github-actions", "a.yml")
    finding = Finding("DF001", "m", Range.of(0, 0, 0, 1))
    cache.put(key, [finding], workspace.reads)
    assert cache.get(key) == [finding]
    (tmp_path / "missing.tf").write_text("now here\n")
    assert cache.get(key) is None
    (tmp_path / "missing.tf").unlink()
    assert cache.get(key) == [finding]
    sibling.write_text("variable b {}\n")
    assert cache.get(key) is None
    assert (cache.hits, cache.misses) == (2, 2)


def test_finding_json_round_trip():
    finding = Finding(
        code="DF001",
        message="MAINTAINER 🚀",
        range=Range.of(1, 2, 3, 4),
        severity=Severity.HINT,
        fix=Fix("Replace", (Edit(Range.of(1, 0, 1, 5), "LABEL x"), Edit(Range.of(2, 0, 2, 0), "\n")), "unsafe"),
        related=(Related(Range.of(0, 0, 0, 1), "defined here"),),
        aliases=("hadolint:DL4000",),
        url="https://infragenius.dev/rules/DF001",
        source="plugin",
        data={"image": "alpine", "n": [1, 2]},
    )
    restored = finding_from_json(json.loads(json.dumps(finding_to_json(finding))))
    assert restored == finding and restored.data == finding.data
    plain = Finding("IG001", "Syntax error", Range.of(0, 0, 0, 0))
    assert finding_from_json(finding_to_json(plain)) == plain


def test_unserialisable_data_is_not_cached(tmp_path):
    cache = ResultCache("cfg", tmp_path)
    finding = Finding("DF001", "m", Range.of(0, 0, 0, 1), data={"obj": object()})
    cache.put("ab" * 32, [finding])
    assert cache.get("ab" * 32) is None
    assert not any(p.name.startswith(".tmp-") for p in tmp_path.rglob("*"))


PATCH = (
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n"
    "      containers:\n      - name: web\n        resources:\n          limits: {memory: 1Gi}\n"
)


def test_a_kustomization_added_later_is_noticed(cli, isolated, analysed):
    (isolated / ".infragenius.toml").write_text('select = ["K8031"]\n')
    (isolated / "web.yaml").write_text(PATCH)
    assert "K8031" in cli("check", "web.yaml").out
    (isolated / "kustomization.yaml").write_text("patches:\n- path: web.yaml\n")
    analysed.clear()
    run = cli("check", "web.yaml")
    assert analysed == ["web.yaml"] and "K8031" not in run.out and run.code == 0


def test_analyses_that_list_folders_are_not_cached(cli, isolated, tmp_path, analysed):
    (isolated / ".infragenius.toml").write_text('select = ["K8018"]\n')
    base = isolated / "base"
    base.mkdir()
    (base / "kustomization.yaml").write_text("resources:\n- pod.yaml\n")
    (base / "pod.yaml").write_text(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {name: a, image: nginx}\n"
    )
    assert "K8018" in cli("check", "base/pod.yaml").out
    overlay = isolated / "overlays" / "prod"
    overlay.mkdir(parents=True)
    (overlay / "kustomization.yaml").write_text("resources:\n- ../../base\nimages:\n- {name: nginx, newTag: '1.27'}\n")
    analysed.clear()
    assert "K8018" not in cli("check", "base/pod.yaml").out and analysed == ["pod.yaml"]
