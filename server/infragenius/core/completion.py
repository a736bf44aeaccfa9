"""One completion proposal (``textDocument/completion``), as a language answers it.

A language's ``LanguageSpec.completion`` returns these in code points; ``lsp/completion.py`` converts them to
the protocol's items. With a ``range`` the proposal replaces exactly that text (usually the partial word
before the cursor); without one, ``insert_text`` goes in at the cursor.
"""

from __future__ import annotations

from dataclasses import dataclass

from .document import Range


@dataclass(frozen=True)
class CompletionItem:
    label: str
    kind: str | None = None  # one of lsp/completion.py's kinds ("keyword", "property", "variable", ...)
    detail: str | None = None  # one line beside the label
    documentation: str | None = None  # markdown
    insert_text: str | None = None  # what goes in (default: the label)
    range: Range | None = None  # the code-point range the proposal replaces
    sort_text: str | None = None
    filter_text: str | None = None
