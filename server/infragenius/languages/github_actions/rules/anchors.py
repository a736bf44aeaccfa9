"""YAML anchors in workflows: an anchor that no alias uses."""

from __future__ import annotations

from ....core.findings import Edit, Fix, Severity
from ...yaml import walk
from ._base import ActionsRule


class UnusedAnchor(ActionsRule):
    """An anchor (``&name``) that no alias (``*name``) refers to: a leftover of a refactoring, or
    an alias that points at a later anchor of the same name instead (an anchor defined twice
    replaces the first from there on).

    Bad:

        env: &defaults
          CI: true
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - run: make

    Good:

        jobs:
          test:
            runs-on: ubuntu-latest
            env: &defaults
              CI: true
            steps:
              - run: make
              - run: make lint
                env: *defaults
    """

    code = "GA045"
    name = "unused-anchor"
    message = "YAML anchor is never used"
    severity = Severity.WARNING
    tags = ("correctness",)
    aliases = ("actionlint:syntax-check",)
    fixable = True
    workflow_only = False

    def check_workflow(self, wf, ctx):
        text = wf.document.text
        # an alias that resolves to nothing (recursive, or before its anchor) is reported as a YAML
        # error already (IG001); its anchor is not "unused"
        broken = {p.message.rsplit("*", 1)[-1] for p in wf.stream.problems if p.kind == "undefined-alias"}
        for yaml_doc in wf.stream.documents:
            if not yaml_doc.anchors:
                continue  # nothing anchored: nothing unused (most workflows; spares a walk of every node)
            used = {id(alias.target) for alias in yaml_doc.aliases}
            for node in walk(yaml_doc.root):
                if not node.anchor or id(node) in used or node.anchor in broken:
                    continue
                token = "&" + node.anchor
                if not text.startswith(token, node.start):
                    continue  # the node does not start at its anchor (a tag first): no exact place
                rng = wf.document.range_of(node.start, node.start + len(token))
                # removing the anchor and the space after it leaves the value as it was
                end = (
                    node.start
                    + len(token)
                    + (1 if text[node.start + len(token) : node.start + len(token) + 1] == " " else 0)
                )
                fix = Fix(f'Remove the anchor "{token}"', (Edit(wf.document.range_of(node.start, end), ""),), "safe")
                yield self.finding(rng, f'anchor "{node.anchor}" is defined but no alias uses it', fix=fix)
