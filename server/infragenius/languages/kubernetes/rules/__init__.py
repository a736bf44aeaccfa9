"""Kubernetes rules; importing a module registers its rules."""

from . import (  # noqa: F401
    objects,
    reliability,
    schema,
    security,
)
