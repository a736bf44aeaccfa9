"""Deterministic big files of an exact line count, built from real corpus content, per language.

Each language is cut into self-contained units (a Dockerfile, a Terraform top-level block, a workflow
job, a GitLab job, a Kubernetes document). A file is made of rounds over the same pool of units —
those that fill the first ``BASE_LINES`` lines in corpus order — with names made unique per round
where the language needs unique keys (``-n`` / ``_n`` suffixes, references renamed alike), and the
tail padded with comment lines. So a 10,000-line file is ten copies of the 1,000-line one: the same
content per line at every size, which is what a linearity measurement needs (taking more corpus
files for bigger sizes mixed in other content and other findings per line).
"""

from __future__ import annotations

import re
from pathlib import Path

from perf_common import (
    CORPUS,
    corpus_dockerfiles,
    gitlab_files,
    kubernetes_manifests,
    terraform_files,
    workflows,
)

GITLAB_KEYWORDS = {
    "stages",
    "variables",
    "include",
    "default",
    "workflow",
    "image",
    "services",
    "before_script",
    "after_script",
    "cache",
    "spec",
}
EXTENSIONS = {
    "dockerfile": "Dockerfile",
    "terraform": "main.tf",
    "github-actions": ".github/workflows/ci.yml",
    "gitlab-ci": ".gitlab-ci.yml",
    "kubernetes": "manifests.yaml",
}
LANGUAGES = tuple(EXTENSIONS)
BASE_LINES = 1000


def _read(path: Path) -> list[str]:
    return path.read_text("utf-8", "replace").replace("\t", "    ").rstrip("\n").split("\n")


def _blocks(lines: list[str], starts) -> list[list[str]]:
    """Split at the lines for which ``starts(line)`` is true (the text before the first is dropped)."""
    out: list[list[str]] = []
    for line in lines:
        if starts(line):
            out.append([line])
        elif out:
            out[-1].append(line)
    return out


def _units(language: str) -> tuple[list[str], list]:
    """(header lines, units); a unit is a list of lines or a callable(copy number) -> lines."""
    if language == "dockerfile":
        return [], [_read(p) + [""] for p in corpus_dockerfiles()]
    if language == "terraform":
        blocks = []
        for path in terraform_files():
            blocks += [b for b in _blocks(_read(path), lambda ln: bool(re.match(r"[a-z]", ln)))]
        return [], _terraform_renamers(blocks)
    if language == "kubernetes":
        docs = []
        for path in kubernetes_manifests():
            docs += [d for d in _blocks(["---"] + _read(path), lambda ln: ln.startswith("---")) if len(d) > 1]
        return [], docs
    if language == "github-actions":
        header = ["name: synthetic", "on: [push, pull_request]", "permissions:", "  contents: read", "jobs:"]
        jobs = []
        for path in workflows():
            lines = _read(path)
            if "jobs:" not in lines:
                continue
            body = lines[lines.index("jobs:") + 1 :]
            body = body[: next((i for i, ln in enumerate(body) if re.match(r"\S", ln)), len(body))]
            blocks = _blocks(body, lambda ln: bool(re.match(r"  [\w-]+:", ln)))
            names = {b[0].split(":")[0].strip() for b in blocks}
            jobs += [_renamer(b, names) for b in blocks]
        return header, jobs
    if language == "gitlab-ci":
        header = ["stages: [build, test, deploy]"]
        jobs = []
        for path in gitlab_files():
            blocks = [
                b
                for b in _blocks(_read(path), lambda ln: bool(re.match(r"[.\w-][^:\s]*:", ln)))
                if b[0].split(":")[0] not in GITLAB_KEYWORDS
            ]
            names = {b[0].split(":")[0] for b in blocks}
            jobs += [_renamer(b, names) for b in blocks]
        return header, jobs
    raise ValueError(language)


REFERENCE_KEYS = re.compile(r"^(\s*)(?:-\s+)?(needs|extends|dependencies|job)\s*:(.*)$")
_TF_LABELS = re.compile(r'^(resource|data)\s+"([\w-]+)"\s+"([\w-]+)"|^(variable|output|module)\s+"([\w-]+)"')


def _terraform_renamers(blocks: list[list[str]]) -> list:
    """Terraform blocks whose copy ``n`` suffixes every declared name (``_n``) and the references to
    it (``var.x``, ``local.x``, ``module.x``, ``data.t.x``, ``t.x``): copies never collide."""
    refs: dict[str, str] = {}  # reference prefix -> its renamed form, with {n} for the copy
    for block in blocks:
        m = _TF_LABELS.match(block[0])
        if m and m.group(1):
            kind, rtype, name = m.group(1), m.group(2), m.group(3)
            prefix = f"data.{rtype}." if kind == "data" else f"{rtype}."
            refs[prefix + name] = prefix + name + "_{n}"
        elif m:
            kind, name = m.group(4), m.group(5)
            prefix = {"variable": "var.", "module": "module.", "output": None}[kind]
            if prefix:
                refs[prefix + name] = prefix + name + "_{n}"
        elif block[0].startswith("locals"):
            for line in block[1:]:
                key = re.match(r"^\s{2}(\w+)\s*=", line)
                if key:
                    refs["local." + key.group(1)] = "local." + key.group(1) + "_{n}"
    names = sorted(refs, key=len, reverse=True)
    token = re.compile(r"(?<![\w.-])(" + "|".join(re.escape(r) for r in names) + r")(?![\w-])") if names else None

    def renamer(block: list[str]):
        def copy(n: int) -> list[str]:
            out = []
            for i, line in enumerate(block):
                if i == 0 and _TF_LABELS.match(line):
                    line = re.sub(r'"([\w-]+)"(\s*(?:\{\s*\}?)?\s*)$', rf'"\g<1>_{n}"\g<2>', line)
                elif block[0].startswith("locals") and re.match(r"^\s{2}\w+\s*=", line):
                    line = re.sub(r"^(\s{2}\w+)", rf"\g<1>_{n}", line)
                out.append(token.sub(lambda m: refs[m.group(1)].format(n=n), line) if token else line)
            return out

        return copy

    return [renamer(b) for b in blocks]


def _renamer(block: list[str], names: set[str]):
    """Copy ``n`` of a job: its key and every reference to a job of the same file (``needs``,
    ``extends``, ``dependencies``, ``needs: [{job: x}]``) get the suffix ``-n``, so that all copies
    are distinct and their references stay valid."""
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    token = re.compile(rf"(?<![\w.-])({alternation})(?![\w.-])") if names else None
    expression = re.compile(rf"\bneeds\.({alternation})(?![\w-])") if names else None  # ${{ needs.x.outputs.y }}

    def rename(text: str, n: int) -> str:
        return token.sub(rf"\g<1>-{n}", text) if token else text

    def copy(n: int) -> list[str]:
        key, _, rest = block[0].partition(":")
        out = [rename(key, n) + ":" + rest]
        ref_indent = None
        for line in block[1:]:
            m = REFERENCE_KEYS.match(line)
            indent = len(line) - len(line.lstrip())
            if m:
                out.append(line[: m.start(3)] + rename(m.group(3), n))
                ref_indent = len(m.group(1)) if not m.group(3).strip() else None
            elif ref_indent is not None and line.strip() and indent > ref_indent:
                out.append(rename(line, n))
            else:
                if line.strip():
                    ref_indent = None
                out.append(expression.sub(rf"needs.\g<1>-{n}", line) if expression else line)
        return out

    return copy


def synth(language: str, lines: int) -> str:
    header, units = _units(language)
    if not units:
        raise SystemExit(f"no corpus content for {language} under {CORPUS}")
    units = _base_pool(header, units)
    out = list(header)
    i = 0
    misses = 0
    while len(out) < lines and misses < len(units):
        unit = units[i % len(units)]
        chunk = unit(i // len(units)) if callable(unit) else unit  # the round: same suffix for a file's jobs
        i += 1
        if len(out) + len(chunk) <= lines:
            out += chunk
            misses = 0
        else:
            misses += 1  # too big for the room left: try the next (smaller) unit
    out += [f"# padding line {n}" for n in range(len(out) + 1, lines + 1)]
    return "\n".join(out[:lines]) + "\n"


def _base_pool(header: list[str], units: list) -> list:
    """The units of the first ``BASE_LINES`` lines, in corpus order: every size repeats this pool."""
    pool, used = [], len(header)
    for unit in units:
        size = len(unit(0) if callable(unit) else unit)
        if used + size <= BASE_LINES:
            pool.append(unit)
            used += size
    return pool or units[:1]
