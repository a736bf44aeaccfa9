"""The warm-up after ``initialize``: which languages a workspace holds, and that they get imported."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from infragenius.lsp.warmup import languages_in


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_languages_in_counts_files_by_language_most_first(tmp_path):
    _write(
        tmp_path,
        {
            "Dockerfile": "FROM scratch\n",
            "images/api/Dockerfile": "FROM scratch\n",
            "images/web.Dockerfile": "FROM scratch\n",
            ".github/workflows/ci.yml": "on: push\njobs: {}\n",
            ".github/workflows/release.yml": "on: push\njobs: {}\n",
            "deploy/app.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n",
            "charts/app/Chart.yaml": "apiVersion: v2\nname: app\nversion: 1.0.0\n",
            "charts/app/templates/deployment.yaml": "kind: Deployment\n",
            "README.md": "# app\n",
            "docs/notes.yaml": "title: notes\n",  # YAML of no language we analyse
        },
    )
    assert languages_in(tmp_path) == ["dockerfile", "github-actions", "helm", "kubernetes"]


def test_languages_in_skips_dependencies_and_hidden_folders(tmp_path):
    _write(
        tmp_path,
        {
            "node_modules/pkg/Dockerfile": "FROM scratch\n",
            ".terraform/modules/vpc/main.tf": 'variable "x" {}\n',
            "infra/main.tf": 'variable "x" {}\n',
        },
    )
    assert languages_in(tmp_path) == ["terraform"]


def test_languages_in_is_bounded(tmp_path):
    _write(tmp_path, {"Dockerfile": "FROM scratch\n"})
    assert languages_in(tmp_path, seconds=0) == []  # out of time before the first folder
    assert languages_in(tmp_path / "missing") == []


def test_warm_up_imports_the_languages_the_workspace_has(tmp_path):
    """In a fresh interpreter (this one has every language loaded): after the warm-up the Dockerfile
    and workflow rules are imported, a language the workspace lacks is not."""
    _write(tmp_path, {"Dockerfile": "FROM scratch\n", ".github/workflows/ci.yml": "on: push\njobs: {}\n"})
    code = (
        "import sys\n"
        "from concurrent.futures import ThreadPoolExecutor\n"
        "from infragenius import app\n"
        "from infragenius.lsp.warmup import Warmup\n"
        "app.compose_engine()\n"
        "warmup = Warmup(ThreadPoolExecutor(max_workers=1).submit)\n"
        f"warmup.start(__import__('pathlib').Path({str(tmp_path)!r}))\n"
        "assert warmup.done.wait(60)\n"
        "print(sorted(warmup.warmed))\n"
        "print([m for m in ('infragenius.languages.dockerfile.rules', 'infragenius.languages.github_actions.rules',"
        " 'infragenius.languages.terraform.rules') if m in sys.modules])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [
        "['dockerfile', 'github-actions']",
        "['infragenius.languages.dockerfile.rules', 'infragenius.languages.github_actions.rules']",
    ]


def test_no_root_no_warm_up():
    from infragenius.lsp.warmup import Warmup

    submitted = []
    warmup = Warmup(lambda *args: submitted.append(args))
    warmup.start(None)
    assert warmup.done.is_set() and submitted == []


def test_the_warm_up_stops_once_a_document_is_open(tmp_path):
    """The editor's own analyses come first: a language loaded for a file that is not open would
    only delay them (the analysis thread does one thing at a time)."""
    from concurrent.futures import ThreadPoolExecutor

    from infragenius.lsp.warmup import Warmup

    _write(tmp_path, {"Dockerfile": "FROM scratch\n", "main.tf": 'variable "x" {}\n'})
    with ThreadPoolExecutor(max_workers=1) as executor:
        warmup = Warmup(executor.submit, in_use=lambda: True)
        warmup.start(tmp_path)
        assert warmup.done.wait(30)
    assert warmup.languages == ["dockerfile", "terraform"] and warmup.warmed == []


def test_initialize_answers_before_the_warm_up_and_starts_it(tmp_path):
    """Through the server's own ``initialize`` handler, in a fresh interpreter: it returns with no
    engine, pydantic or rules imported, and the workspace's languages' rules are imported after."""
    _write(tmp_path, {"Dockerfile": "FROM scratch\n", ".github/workflows/ci.yml": "on: push\njobs: {}\n"})
    code = f"""
import asyncio, sys, time
from lsprotocol import types as lsp
import infragenius.lsp.server as s
from infragenius import app

app.compose_lsp()
WANTED = {{"infragenius.languages.dockerfile.rules", "infragenius.languages.github_actions.rules"}}
HEAVY = ("pydantic", "infragenius.core.engine", "infragenius.languages.dockerfile.rules")
server, state = s.build_server()

async def main():
    steps = server.protocol.lsp_initialize(
        lsp.InitializeParams(capabilities=lsp.ClientCapabilities(), root_uri={tmp_path.as_uri()!r}))
    handler, args, _ = next(steps)  # pygls sets the workspace up, then hands over to ours
    handler(*args)
    print([m for m in HEAVY if m in sys.modules])
    deadline = time.monotonic() + 60
    while not WANTED <= set(sys.modules) and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    print(sorted(WANTED & set(sys.modules)))
    print([m for m in ("terraform", "helm", "kubernetes", "gitlab_ci") if f"infragenius.languages.{{m}}.rules" in sys.modules])

asyncio.run(main())
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [
        "[]",
        "['infragenius.languages.dockerfile.rules', 'infragenius.languages.github_actions.rules']",
        "[]",  # the languages the workspace does not have stay unloaded
    ]
