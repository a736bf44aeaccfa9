"""Helm's render and lint run on threads of their own under a deadline: a template that loops for
seconds never holds the diagnostics of everything else."""

from __future__ import annotations

import time
from pathlib import Path

from infragenius.core.context import Workspace
from infragenius.languages.helm import render
from infragenius.languages.helm.render import render_chart
from infragenius.languages.helm.rules.lint import lint_chart

from ..helpers import write_files


def test_render_and_lint_past_the_deadline_are_skipped(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(render, "RENDER_TIMEOUT_S", 0.2)
    write_files(
        tmp_path,
        {
            "Chart.yaml": "apiVersion: v2\nname: slow\nversion: 0.1.0\n",
            "templates/cm.yaml": "# {{ range until 25000000 }}x{{ end }}\n",  # about 2 s of Go here
        },
    )
    started = time.perf_counter()
    rendered = render_chart(tmp_path, Workspace())
    messages = lint_chart(tmp_path, Workspace())
    assert time.perf_counter() - started < 1.0
    assert not rendered.ok and rendered.error.startswith("rendering took longer than")
    assert messages == []
    started = time.perf_counter()  # both remembered: asked again, they answer at once
    assert lint_chart(tmp_path, Workspace()) == [] and not render_chart(tmp_path, Workspace()).ok
    assert time.perf_counter() - started < 0.3  # asking Helm again would wait out two deadlines (0.4 s)


def test_a_render_past_the_deadline_is_said_on_chart_yaml(tmp_path: Path, monkeypatch) -> None:
    from ..helpers import analyse

    monkeypatch.setattr(render, "RENDER_TIMEOUT_S", 0.2)
    write_files(
        tmp_path,
        {
            "Chart.yaml": "apiVersion: v2\nname: slow2\nversion: 0.1.0\n",
            "templates/cm.yaml": "# {{ range until 25000000 }}y{{ end }}\n",
        },
    )
    chart_yaml = tmp_path / "Chart.yaml"
    found = [f for f in analyse(chart_yaml.read_text(), "helm", chart_yaml) if f.code == "HM007"]
    assert [(f.range.start.line, f.severity.label, f.message) for f in found] == [
        (0, "information", "Helm: rendering took longer than 0 s; rendered checks are off for this chart")
    ]
