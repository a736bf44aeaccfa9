"""Every way of pointing InfraGenius at a chart finds the chart and renders it: any working
directory and path form on the CLI, stdin with a file name, and the editor."""

from __future__ import annotations

import io
import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from infragenius.cli import main
from infragenius.core.detect import detect
from infragenius.core.document import Document
from infragenius.core.engine import Engine
from infragenius.lsp.documents import Documents

CHART = Path(__file__).parent.parent / "cases" / "helm" / "HM008" / "bad"
# The chart's only privileged container, as the rendered output says it.
PRIVILEGED = ("K8001", "templates/deployment.yaml", 26)

pytest.importorskip("helm_python", reason="helm-python-sdk not installed")


@pytest.fixture
def chart(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("INFRAGENIUS_CACHE_DIR", str(tmp_path / "_cache"))
    dest = tmp_path / "web"
    shutil.copytree(CHART, dest)
    return dest


def _check(capsys, monkeypatch, cwd: Path, *argv: str, stdin: str | None = None) -> tuple[list[dict], str]:
    monkeypatch.chdir(cwd)
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode()), encoding="utf-8"))
    main(["check", *argv, "--format", "json", "--select", "HM008,K8001,IG001,HM007", "--no-cache"])
    captured = capsys.readouterr()
    return json.loads(captured.out), captured.err


def _rows(found: list[dict], base: str = "") -> list[tuple[str, str, int]]:
    return [(r["code"], r["filename"].removeprefix(base), r["location"]["row"]) for r in found]


@pytest.mark.parametrize("arg", [".", "./", "templates/deployment.yaml", "./templates/../templates/deployment.yaml"])
def test_cli_from_inside_the_chart(chart, capsys, monkeypatch, arg) -> None:
    found, err = _check(capsys, monkeypatch, chart, arg)
    assert _rows(found) == [PRIVILEGED]
    assert "render failed" not in err


def test_cli_absolute_path(chart, capsys, monkeypatch, tmp_path) -> None:
    found, _ = _check(capsys, monkeypatch, tmp_path, str(chart))
    assert _rows(found) == [(PRIVILEGED[0], "web/" + PRIVILEGED[1], PRIVILEGED[2])]


@pytest.mark.parametrize("arg", [".", "deployment.yaml", "./deployment.yaml"])
def test_cli_from_templates_folder(chart, capsys, monkeypatch, arg) -> None:
    found, _ = _check(capsys, monkeypatch, chart / "templates", arg)
    assert _rows(found) == [("K8001", "deployment.yaml", 26)]  # rendered, not a plain manifest (no IG001)


def test_cli_through_a_symlinked_folder(chart, capsys, monkeypatch, tmp_path) -> None:
    link = tmp_path / "link"
    os.symlink(chart, link)
    found, _ = _check(capsys, monkeypatch, link, ".")
    assert _rows(found) == [PRIVILEGED]


def test_cli_stdin_filename_relative_to_the_chart(chart, capsys, monkeypatch) -> None:
    text = (chart / "templates" / "deployment.yaml").read_text()
    found, _ = _check(capsys, monkeypatch, chart / "templates", "-", "--stdin-filename", "deployment.yaml", stdin=text)
    assert _rows(found) == [("K8001", "deployment.yaml", 26)]


def test_detected_from_inside_templates(chart, monkeypatch) -> None:
    monkeypatch.chdir(chart / "templates")
    assert detect(Path("deployment.yaml"), "kind: x\n") == "helm"
    monkeypatch.chdir(chart)
    assert detect(Path("values.yaml"), "") == "helm"


def test_editor_workspace_rooted_at_the_chart(chart, monkeypatch) -> None:
    monkeypatch.chdir(chart)  # a server started in the chart folder, as editors do
    documents = Documents()
    documents.root = chart
    path = chart / "templates" / "deployment.yaml"
    document = documents.open(path.as_uri(), path.read_text(), 1)
    assert document.language == "helm"
    found = Engine(workspace=_workspace(documents)).analyse(document, use_cache=False).findings
    assert [(f.code, f.range.start.line + 1) for f in found if f.code == "K8001"] == [("K8001", 26)]
    assert documents.group(document) == ("helm", chart)


def test_template_opened_alone_through_a_symlink(chart, tmp_path) -> None:
    link = tmp_path / "link"
    os.symlink(chart, link)
    path = link / "templates" / "deployment.yaml"
    document = Document(path.as_uri(), path.read_text(), "helm", path=path)
    found = Engine().analyse(document, use_cache=False).findings
    assert [(f.code, f.range.start.line + 1) for f in found if f.code == "K8001"] == [("K8001", 26)]


def _workspace(documents: Documents):
    from infragenius.core.context import Workspace

    return Workspace(documents.overlay)
