"""Helm rules; importing a module registers its rules."""

from . import (  # noqa: F401
    chart_yaml,
    lint,
    rendered,
    templates,
)
