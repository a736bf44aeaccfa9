"""GitLab CI: keyword structure, pipeline semantics (stages, needs, extends, includes), secrets."""

from __future__ import annotations

from ...core.rules import LanguageSpec
from .completion import completion
from .definition import definition
from .parse import parse


def _hover(document, model, position):
    from .hover import hover

    return hover(document, model, position)


LANGUAGE = LanguageSpec(
    name="gitlab-ci",
    parse=parse,
    rule_modules=("infragenius.languages.gitlab_ci.rules",),
    hover=_hover,
    definition=definition,
    completion=completion,
)
