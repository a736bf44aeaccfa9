"""Deterministic big files of an exact line count, built from real corpus content, per language.

Each language is cut into self-contained units (a Dockerfile, a Terraform top-level block, a workflow
job, a GitLab job, a Kubernetes document); units are appended in corpus order, names made unique per
copy where the language needs unique keys, and the tail padded with comment lines. The result parses
like a long real file, not like a truncated one.
"""

from __future__ import annotations

import re
from pathlib import Path

from perf_common import (
    CORPUS, corpus_dockerfiles, gitlab_files, kubernetes_manifests, terraform_files, workflows,
)

GITLAB_KEYWORDS = {"stages", "variables", "include", "default", "workflow", "image", "services",
                   "before_script", "after_script", "cache", "spec"}
EXTENSIONS = {"dockerfile": "Dockerfile", "terraform": "main.tf", "github-actions": ".github/workflows/ci.yml",
              "gitlab-ci": ".gitlab-ci.yml", "kubernetes": "manifests.yaml"}
LANGUAGES = tuple(EXTENSIONS)


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
        units = []
        for path in terraform_files():
            units += [b for b in _blocks(_read(path), lambda ln: bool(re.match(r"[a-z]", ln)))]
        return [], units
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
            body = lines[lines.index("jobs:") + 1:]
            body = body[: next((i for i, ln in enumerate(body) if re.match(r"\S", ln)), len(body))]
            jobs += [_renamer(b, r"^(  )([\w-]+)(:)") for b in _blocks(body, lambda ln: bool(re.match(r"  [\w-]+:", ln)))]
        return header, jobs
    if language == "gitlab-ci":
        header = ["stages: [build, test, deploy]"]
        jobs = []
        for path in gitlab_files():
            for block in _blocks(_read(path), lambda ln: bool(re.match(r"[.\w-][^:]*:", ln))):
                key = block[0].split(":")[0]
                if key not in GITLAB_KEYWORDS and not key.startswith("."):
                    jobs.append(_renamer(block, r"^()([^:\s]+)(:)"))
        return header, jobs
    raise ValueError(language)


def _renamer(block: list[str], pattern: str):
    def copy(n: int) -> list[str]:
        return [re.sub(pattern, rf"\g<1>\g<2>-{n}\g<3>", block[0], count=1), *block[1:]]
    return copy


def synth(language: str, lines: int) -> str:
    header, units = _units(language)
    if not units:
        raise SystemExit(f"no corpus content for {language} under {CORPUS}")
    out = list(header)
    i = 0
    misses = 0
    while len(out) < lines and misses < len(units):
        unit = units[i % len(units)]
        chunk = unit(i) if callable(unit) else unit
        i += 1
        if len(out) + len(chunk) <= lines:
            out += chunk
            misses = 0
        else:
            misses += 1  # too big for the room left: try the next (smaller) unit
    out += [f"# padding line {n}" for n in range(len(out) + 1, lines + 1)]
    return "\n".join(out[:lines]) + "\n"
