"""Compose rules. Each module holds one family; importing registers them: each is listed here."""

from . import (  # noqa: F401
    builds,
    dockerfiles,
    references,
    schema,
    security,
    values,
)
