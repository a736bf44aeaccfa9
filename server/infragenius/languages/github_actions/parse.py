"""Parse a workflow (or action.yml) into a :class:`~.model.Workflow`; YAML errors become IG001."""

from __future__ import annotations

from ...core.context import Context
from ...core.document import Document
from ..yaml import parse_yaml
from .model import Workflow, build


def parse(document: Document, ctx: Context) -> Workflow:
    stream = parse_yaml(document.text)
    for problem in stream.problems:
        if problem.kind == "syntax":
            ctx.syntax_error(problem.range, f"invalid YAML: {problem.message}")
        elif problem.kind == "undefined-alias":
            ctx.syntax_error(problem.range, problem.message)
    return build(document, stream, kind_of(document))


def kind_of(document: Document) -> str:
    """ "action" (action.yml), "dependabot" (.github/dependabot.yml) or "workflow"."""
    name = document.path.name if document.path is not None else document.uri.rsplit("/", 1)[-1]
    if name in ("action.yml", "action.yaml"):
        return "action"
    return "dependabot" if name in ("dependabot.yml", "dependabot.yaml") else "workflow"
