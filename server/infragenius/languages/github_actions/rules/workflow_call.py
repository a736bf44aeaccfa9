"""Calls of local reusable workflows: ``with`` and ``secrets`` against the callee's ``workflow_call``."""

from __future__ import annotations

from ....core.findings import Severity
from ....core.suggest import candidates
from ...yaml import Mapping, Scalar, Sequence, parse_yaml
from ...yaml.fixes import rename_fix
from ._base import ActionsRule


def callee_interface(wf, ctx, ref: str) -> dict[str, tuple[set[str], list[str]]] | None:
    """{"inputs": (names, required), "secrets": (names, required)} of the local workflow ``ref``
    (``./.github/workflows/x.yml``), read through the workspace; None when unknown."""
    path = wf.document.path
    if path is None or len(path.parts) < 3 or path.parts[-3:-1] != (".github", "workflows"):
        return None
    text = ctx.workspace.read_text(path.parent.parent.parent / ref)
    if text is None:
        return None
    stream = parse_yaml(text)
    root = stream.root
    if not isinstance(root, Mapping) or stream.syntax_errors:
        return None
    on = root.get("on")
    if isinstance(on, Mapping) and "workflow_call" in on:
        call = on.get("workflow_call")
    elif isinstance(on, Scalar) and on.value == "workflow_call":
        call = None  # declares no inputs or secrets
    elif isinstance(on, Sequence) and any(isinstance(i, Scalar) and i.value == "workflow_call" for i in on.items):
        call = None
    else:
        return None  # not a reusable workflow: GitHub reports that at run time; we stay quiet
    out = {}
    for section in ("inputs", "secrets"):
        decl = call.get(section) if isinstance(call, Mapping) else None
        names, required = set(), []
        if isinstance(decl, Mapping):
            for key, spec in decl.items():
                if not isinstance(key, Scalar) or "${{" in key.value:
                    return None
                names.add(key.value.lower())
                if isinstance(spec, Mapping):
                    req = spec.get("required")
                    if isinstance(req, Scalar) and req.python is True and spec.get("default") is None:
                        required.append(key.value.lower())
        elif decl is not None and not (isinstance(decl, Scalar) and decl.is_null):
            return None
        out[section] = (names, required)
    return out


class ReusableWorkflowCall(ActionsRule):
    """A call of a local reusable workflow whose ``with``/``secrets`` do not fit the callee's
    ``on.workflow_call``: an input or secret it does not declare, or a required one left out.
    The callee is read from the repository (unsaved editor buffers first).

    Bad:

        jobs:
          call:
            uses: ./.github/workflows/deploy.yml
            with:
              enviroment: prod

    Good:

        jobs:
          call:
            uses: ./.github/workflows/deploy.yml
            with:
              environment: prod
    """

    code = "GA043"
    name = "reusable-workflow-call"
    message = "Call does not match the reusable workflow's inputs or secrets"
    severity = Severity.ERROR
    tags = ("correctness",)
    aliases = ("actionlint:workflow-call",)
    fixable = True

    def check_workflow(self, wf, ctx):
        for job in wf.jobs:
            uses = job.get("uses")
            if not isinstance(uses, Scalar) or not uses.value.startswith("./") or "${{" in uses.value:
                continue
            interface = callee_interface(wf, ctx, uses.value)
            if interface is None:
                continue
            for section in ("with", "secrets"):
                names, required = interface["inputs" if section == "with" else "secrets"]
                given_node = job.get(section)
                if section == "secrets" and isinstance(given_node, Scalar) and given_node.value == "inherit":
                    continue
                if given_node is not None and not isinstance(given_node, Mapping):
                    continue
                given = (
                    {k.value.lower(): k for k, _ in given_node.items() if isinstance(k, Scalar)} if given_node else {}
                )
                what = "input" if section == "with" else "secret"
                for lowered, key in given.items():
                    if lowered not in names and "${{" not in key.value:
                        close = [c for c in candidates(lowered, names) if c not in given]
                        hint = f'; did you mean "{close[0]}"?' if close else ""
                        yield self.finding(
                            key.range,
                            f'"{uses.value}" declares no {what} "{key.value}"{hint}',
                            fix=rename_fix(key, close),
                        )
                for needed in required:
                    if needed not in given:
                        yield self.finding(
                            uses.range, f'"{uses.value}" needs the {what} "{needed}" (required, no default)'
                        )
