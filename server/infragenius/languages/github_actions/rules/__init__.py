"""GitHub Actions rules. Each module holds one family; importing registers them: each is listed here."""

from . import (  # noqa: F401
    action_inputs,
    anchors,
    artifacts,
    dependabot,
    env_files,
    expressions,
    filters,
    jobs,
    matrix,
    references,
    scripts,
    scripts_shell,
    scripts_shellcheck,
    scripts_sudo,
    scripts_words,
    security,
    structure,
    supply_chain,
    types,
    workflow_call,
)
