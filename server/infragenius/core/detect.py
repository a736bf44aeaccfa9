"""Which language a file is written in: by its path first, then by its content."""

from __future__ import annotations

import re
from fnmatch import fnmatch
from pathlib import Path, PurePath

_DOCKERFILE_NAMES = ("Dockerfile", "Dockerfile.*", "*.Dockerfile", "*.dockerfile", "Containerfile", "Containerfile.*", "dockerfile")
_YAML = (".yml", ".yaml")
# Dockerfile.<suffix> is a Dockerfile, except BuildKit's per-Dockerfile ignore files, docs and backups.
_NOT_DOCKERFILE = (".dockerignore", ".md", ".rst", ".txt", ".orig", ".rej", ".bak", ".swp", "~")


def detect(path: str | PurePath | None, text: str | None = None) -> str | None:
    """The language id for a file, or None when InfraGenius does not analyse it."""
    if path is not None:
        language = detect_by_path(PurePath(path))
        if language is not None:
            return language
    if text is not None:
        return detect_by_content(text, PurePath(path) if path is not None else None)
    return None


def detect_by_path(path: PurePath) -> str | None:
    name = path.name
    parts = path.parts
    if any(fnmatch(name, pattern) for pattern in _DOCKERFILE_NAMES) and not name.lower().endswith(_NOT_DOCKERFILE):
        return "dockerfile"
    if name.endswith((".tf", ".tfvars", ".tofu")):
        return "terraform"
    suffix = path.suffix.lower()
    if suffix in _YAML:
        if len(parts) >= 3 and parts[-3] == ".github" and parts[-2] == "workflows":
            return "github-actions"
        if name in ("action.yml", "action.yaml"):
            return "github-actions"
        if name in ("dependabot.yml", "dependabot.yaml") and len(parts) >= 2 and parts[-2] == ".github":
            return "github-actions"  # Dependabot's configuration, checked beside the workflows
        if name == ".gitlab-ci.yml" or name.endswith(".gitlab-ci.yml"):
            return "gitlab-ci"
    if _in_helm_chart(path):
        return "helm"
    return None


def _in_helm_chart(path: PurePath) -> bool:
    """A template under ``templates/`` of a chart, or the chart's own Chart.yaml / values.yaml."""
    try:  # from inside templates/ a bare "x.yaml" names no chart: look at where it really is
        path = Path(path).resolve()
    except (OSError, RuntimeError):
        return False
    if path.name in ("Chart.yaml", "values.yaml", "values.schema.json"):
        return Path(path.parent, "Chart.yaml").is_file() or path.name == "Chart.yaml"
    if "templates" not in path.parts:
        return False
    index = len(path.parts) - 1 - path.parts[::-1].index("templates")
    chart_dir = PurePath(*path.parts[:index]) if index else PurePath(".")
    return Path(chart_dir, "Chart.yaml").is_file()


_FROM = re.compile(r"^\s*FROM\s+\S", re.I | re.M)
_FIRST_INSTRUCTION = re.compile(r"^\s*(?!#)(\w+)", re.M)
_K8S = re.compile(r"^apiVersion:\s*\S+", re.M)
_KIND = re.compile(r"^kind:\s*\S+", re.M)


def detect_by_content(text: str, path: PurePath | None = None) -> str | None:
    head = text[:4096]
    if path is not None and path.suffix.lower() not in _YAML and path.suffix:
        if path.suffix.lower() in (".tf", ".hcl"):
            return "terraform"
        return None
    first = _FIRST_INSTRUCTION.search(head)
    if first and first.group(1).upper() in ("FROM", "ARG") and _FROM.search(head):
        return "dockerfile"
    if _K8S.search(head) and _KIND.search(head):
        return "kubernetes"
    if re.search(r"^on:", head, re.M) and re.search(r"^jobs:", head, re.M):
        return "github-actions"
    if re.search(r"^(stages|include|variables):", head, re.M) and re.search(r"^\s+script:", head, re.M):
        return "gitlab-ci"
    return None
