"""GitLab CI rules; importing a module registers its rules."""

from . import (  # noqa: F401
    builds,
    extends,
    images,
    includes,
    jobs,
    parallel,
    scripts,
    scripts_shellcheck,
    scripts_sudo,
    scripts_variables,
    scripts_words,
    secrets,
    structure,
)
