"""Dependabot's configuration (``.github/dependabot.yml``): schema, cooldown, code execution."""

from __future__ import annotations

from ....core.findings import Severity
from ...yaml import Scalar
from .. import dependabot
from ._base import ActionsRule


class DependabotRule(ActionsRule):
    """A rule over ``.github/dependabot.yml`` (the model's kind "dependabot")."""

    workflow_only = False

    def check_workflow(self, wf, ctx):
        if wf.kind != "dependabot":
            return ()
        return self.check_dependabot(wf, ctx)

    def check_dependabot(self, wf, ctx):  # pragma: no cover
        return ()


class DependabotConfig(DependabotRule):
    """A Dependabot configuration GitHub rejects: then no dependency is updated at all.

    Checked: ``version: 2``; a non-empty ``updates`` list; each update's ``package-ecosystem``,
    ``directory`` or ``directories`` (not both), ``schedule`` (unless a ``multi-ecosystem-group``
    brings it) with a valid ``interval``, ``day`` and ``time``, and ``cooldown`` settings (days from
    1 to 90). Misspelt keys are reported with the key meant; keys this table does not know are not.

    Bad:

        version: 2
        updates:
          - package-ecosystem: github-action
            directory: /
            schedule:
              interval: weekley

    Good:

        version: 2
        updates:
          - package-ecosystem: github-actions
            directory: /
            schedule:
              interval: weekly
    """

    code = "GA050"
    name = "dependabot-config"
    message = "Dependabot configuration GitHub rejects"
    severity = Severity.ERROR
    tags = ("correctness", "dependabot", "no-peer")
    fixable = True

    def check_dependabot(self, wf, ctx):
        root = wf.stream.root
        first_key = wf.root.pairs[0][0] if wf.root is not None and wf.root.pairs else None
        for problem in dependabot.problems(root, first_key):
            yield self.finding(problem.node.range, problem.message, fix=problem.fix, severity=problem.severity)


class DependabotCooldown(DependabotRule):
    """An update without ``cooldown``: Dependabot proposes a release the day it is published.

    Compromised releases (a stolen maintainer token, a typosquat) are usually found and pulled
    within days. A cooldown of a few days (``default-days: 7``) keeps them out of your pull
    requests while that happens; security updates are not delayed by it.

    Bad:

        - package-ecosystem: npm
          directory: /
          schedule:
            interval: daily

    Good:

        - package-ecosystem: npm
          directory: /
          schedule:
            interval: daily
          cooldown:
            default-days: 7
    """

    code = "GA051"
    name = "dependabot-cooldown"
    message = "Dependabot update without a cooldown"
    severity = Severity.INFORMATION
    tags = ("security", "supply-chain", "dependabot")
    aliases = ("zizmor:dependabot-cooldown",)

    def check_dependabot(self, wf, ctx):
        for update in dependabot.updates(wf.root):
            if "cooldown" in update:
                continue
            ecosystem = update.get("package-ecosystem")
            where = ecosystem if isinstance(ecosystem, Scalar) else update.pairs[0][0] if update.pairs else update
            name = f'"{ecosystem.value}" ' if isinstance(ecosystem, Scalar) else ""
            yield self.finding(
                where.range,
                f"{name}updates have no cooldown: new releases are proposed the day they ship; add cooldown: default-days: 7",
            )


class DependabotCodeExecution(DependabotRule):
    """``insecure-external-code-execution: allow`` lets the package manager run code from the
    dependencies while Dependabot updates them (Ruby ``Gemfile``, Python ``setup.py``, Elixir),
    with access to the registry credentials Dependabot holds for the repository.

    Bad:

        - package-ecosystem: bundler
          insecure-external-code-execution: allow

    Good:

        - package-ecosystem: bundler
          insecure-external-code-execution: deny
    """

    code = "GA052"
    name = "dependabot-code-execution"
    message = "Dependabot may run the dependencies' code"
    severity = Severity.WARNING
    tags = ("security", "supply-chain", "dependabot")
    aliases = ("zizmor:dependabot-execution",)

    def check_dependabot(self, wf, ctx):
        for update in dependabot.updates(wf.root):
            value = update.get("insecure-external-code-execution")
            if isinstance(value, Scalar) and value.value.strip().lower() == "allow":
                yield self.finding(
                    value.range,
                    "insecure-external-code-execution: allow runs the dependencies' code with Dependabot's registry credentials; remove it or set deny",
                )
