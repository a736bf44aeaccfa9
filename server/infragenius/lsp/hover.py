"""Hover: a rule's documentation over its diagnostic; otherwise the language's own hover.

Over a finding's range the hover shows the rule (code, name, severity), the finding's message, the
rule's docstring rendered as markdown (its indented ``Bad:``/``Good:`` examples become fenced code), the
peers' codes it answers to and its documentation link. Elsewhere the language's
``LanguageSpec.hover(document, model, position)`` answers (instruction and keyword docs, Helm values).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from lsprotocol import types as lsp

from ..core.document import Position, Range
from .convert import Positions

if TYPE_CHECKING:
    from ..core.engine import Analysis
    from ..core.findings import Finding
    from .state import State

log = logging.getLogger(__name__)


async def hover(state: State, params: lsp.HoverParams) -> lsp.Hover | None:
    found = await state.analysed(params.text_document.uri)
    if found is None:
        return None
    analysis, positions = found
    position = positions.from_lsp(params.position)
    return await state.run(_hover_now, analysis, position, positions)


def _hover_now(analysis: Analysis, position: Position, positions: Positions) -> lsp.Hover | None:
    """Runs on the analysis thread: rule docs load the rule registry, language hovers parse."""
    here = [f for f in analysis.findings if f.range.contains(position)]
    if here:
        here.sort(key=lambda f: _size(f.range))
        text = "\n\n---\n\n".join(rule_markdown(f.code, f) for f in _unique_codes(here))
        return lsp.Hover(contents=_markup(text), range=positions.range_to_lsp(here[0].range))
    return _language_hover(analysis, position, positions)


def _language_hover(analysis: Analysis, position: Position, positions: Positions) -> lsp.Hover | None:
    from ..core.rules import REGISTRY

    language = analysis.language or analysis.document.language
    try:
        spec = REGISTRY.language(language) if language else None
        if spec is None or spec.hover is None:
            return None
        answer: Any = spec.hover(analysis.document, analysis.model, position)
    except ImportError:
        log.debug("no hover module for %s yet", language)
        return None
    except Exception:  # a language's hover is a nicety: never an error in the editor
        log.exception("hover for %s failed", language)
        return None
    if answer is None or isinstance(answer, lsp.Hover):
        return answer
    rng = None
    if isinstance(answer, tuple):
        answer, rng = answer
    if not answer:
        return None
    hover_range = positions.range_to_lsp(rng) if isinstance(rng, Range) else None
    return lsp.Hover(contents=_markup(str(answer)), range=hover_range)


# -- rule docs ---------------------------------------------------------------------------------
def _fence(language: str) -> str:
    """The code-fence name for a rule's examples: its language's (``LanguageSpec.fence``)."""
    from ..core.rules import REGISTRY

    spec = REGISTRY.spec(language) if language else None
    return spec.fence if spec is not None else ""


def rule_markdown(code: str, finding: Finding | None = None) -> str:
    rule = find_rule(code)
    if rule is None:
        parts = [f"**{code}**"]
        if finding is not None:
            parts.append(finding.message)
        return "\n\n".join(parts)
    severity = getattr(getattr(rule, "severity", None), "label", "")
    head = f"**{rule.code}** `{getattr(rule, 'name', '')}`" + (f" · {severity}" if severity else "")
    parts = [head]
    if finding is not None and finding.message and finding.message != rule.message:
        parts.append(finding.message)
    parts.append(docs_markdown(rule.docs(), _fence(getattr(rule, "language", ""))))
    aliases = tuple(getattr(rule, "aliases", ()) or ())
    if aliases:
        parts.append("Also known as: " + ", ".join(f"`{a}`" for a in aliases))
    url = finding.url if finding is not None and finding.url else rule.url()
    if url:
        parts.append(f"[Documentation]({url})")
    return "\n\n".join(parts)


def find_rule(code: str):
    from ..core.rules import REGISTRY

    try:
        return REGISTRY.get(code)
    except Exception:  # one broken language package must not hide the docs of the others
        log.debug("rule registry incomplete; looking %s up among loaded rules", code, exc_info=True)
        return getattr(REGISTRY, "_rules", {}).get(code.upper())


def docs_markdown(docs: str, fence: str) -> str:
    """A rule docstring as markdown: indented example blocks become fenced code blocks."""
    out: list[str] = []
    block: list[str] = []

    def flush() -> None:
        while block and not block[-1].strip():
            block.pop()
        if block:
            indent = min(len(line) - len(line.lstrip()) for line in block if line.strip())
            out.append(f"```{fence}")
            out.extend(line[indent:] for line in block)
            out.append("```")
            out.append("")
        block.clear()

    for line in docs.splitlines():
        if line.startswith("    ") or (block and not line.strip()):
            block.append(line)
            continue
        flush()
        stripped = line.strip()
        out.append(f"**{stripped}**" if stripped in ("Bad:", "Good:") else line)
    flush()
    return "\n".join(out).strip()


def _markup(text: str) -> lsp.MarkupContent:
    return lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=text)


def _size(rng: Range) -> tuple[int, int]:
    return (rng.end.line - rng.start.line, rng.end.column - rng.start.column)


def _unique_codes(findings: list[Finding]) -> list[Finding]:
    seen: set[str] = set()
    out = []
    for f in findings:
        if f.code not in seen:
            seen.add(f.code)
            out.append(f)
    return out
