"""What the editor asks of GitHub Actions files besides diagnostics: imported with its first request."""

from ...core.rules import EditorFeatures
from .completion import completion
from .definition import definition
from .hover import hover
from .links import links
from .outline_symbols import symbols
from .references import references

FEATURES = EditorFeatures(
    hover=hover,
    definition=definition,
    completion=completion,
    symbols=symbols,
    references=references,
    links=links,
)
