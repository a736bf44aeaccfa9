"""What a job publishes: a release, a package, an image, a site (for the cache-poisoning rule).

A job publishes when one of its steps uses a well-known publishing action, or runs a publishing
command (``npm publish``, ``docker push``...). What is published there is built from whatever the
job restored first, caches included.
"""

from __future__ import annotations

from ..yaml import Mapping, Scalar

# actions whose purpose is to publish (lower-case owner/repo)
PUBLISHING_ACTIONS = frozenset(
    {
        "pypa/gh-action-pypi-publish",
        "softprops/action-gh-release",
        "ncipollo/release-action",
        "goreleaser/goreleaser-action",
        "actions/create-release",
        "actions/deploy-pages",
        "peaceiris/actions-gh-pages",
        "jamesives/github-pages-deploy-action",
        "rubygems/release-gem",
        "azure/webapps-deploy",
        "aws-actions/amazon-ecs-deploy-task-definition",
        "google-github-actions/deploy-cloudrun",
        "cloudflare/wrangler-action",
    }
)
# actions that publish only when an input says so: (action, input); false turns it off
_PUBLISHING_WHEN = {"docker/build-push-action": "push", "docker/bake-action": "push"}

# program -> its subcommands that publish
_PUBLISHING_COMMANDS: dict[str, frozenset[str]] = {
    "npm": frozenset({"publish"}),
    "yarn": frozenset({"publish"}),
    "pnpm": frozenset({"publish"}),
    "cargo": frozenset({"publish"}),
    "gem": frozenset({"push"}),
    "twine": frozenset({"upload"}),
    "uv": frozenset({"publish"}),
    "poetry": frozenset({"publish"}),
    "docker": frozenset({"push"}),
    "podman": frozenset({"push"}),
    "goreleaser": frozenset({"release"}),
}


def publisher(job, scripts: dict[int, object]) -> str | None:
    """What in ``job`` publishes (an action name or a command), or None. ``scripts`` maps the id of a
    ``run:`` scalar to its parsed script (``run_scripts``)."""
    for step in job.steps:
        found = _publishing_action(step) or _publishing_command(scripts.get(id(step.get("run"))))
        if found:
            return found
    return None


def _publishing_action(step) -> str | None:
    uses = step.get("uses")
    if not isinstance(uses, Scalar) or "@" not in uses.value:
        return None
    name = uses.value.partition("@")[0].lower()
    if name in PUBLISHING_ACTIONS:
        return name
    switch = _PUBLISHING_WHEN.get(name)
    with_ = step.get("with")
    value = with_.get(switch) if switch and isinstance(with_, Mapping) else None
    # an expression (push: ${{ github.event_name != 'pull_request' }}) publishes on some runs
    if isinstance(value, Scalar) and value.value.strip().lower() not in ("", "false"):
        return name
    return None


def _publishing_command(run) -> str | None:
    if run is None:
        return None
    for command in run.script.commands:
        subcommands = _PUBLISHING_COMMANDS.get(command.program or "")
        if subcommands is None:
            continue
        first = next((w.value for w in command.args if w.is_static and not w.value.startswith("-")), None)
        if first in subcommands:
            return f"{command.program} {first}"
    return None
