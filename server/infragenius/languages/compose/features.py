"""What the editor asks of Compose files besides diagnostics: imported with its first request."""

from ...core.rules import EditorFeatures
from .completion import completion
from .hover import hover
from .navigation import definition, links, references
from .outline_symbols import symbols

FEATURES = EditorFeatures(
    hover=hover,
    definition=definition,
    completion=completion,
    symbols=symbols,
    references=references,
    links=links,
)
