"""Code actions: each finding's fix, "ignore this rule here", and "fix all safe in file".

- Quick fix: a finding's ``Fix`` (``isPreferred`` when its applicability is ``safe``), and one more
  action per ``alternatives`` of the fix (a "did you mean" with several candidates). The fix travels
  in the diagnostic's ``data``, so when the client hands back a diagnostic of the current version the
  action is built from it without looking the finding up again (alternatives, which do not travel,
  come from the finding when it is still there).
- "Ignore CODE on this line": adds ``# infragenius: ignore[CODE]`` - at the end of the line for YAML
  and HCL, on a line of its own above the instruction for a Dockerfile (where ``#`` after an
  instruction is not a comment). Inside a YAML block scalar (``run: |``, ``script: |``) the text is
  another language's: the pragma goes on a line of its own above the key, except in a literal shell
  block where a ``#`` line above the command is a shell comment. An existing pragma there gets the
  code added instead.
- ``source.fixAll.infragenius``: every safe fix in the file in one edit.

Other packages add actions with ``register_code_action_provider(fn)``: ``fn(request: ActionRequest)``
returns (or, if async, resolves to) an iterable of ``lsprotocol.types.CodeAction``; it is called for
every request after the built-in actions and a provider that raises is logged and skipped.
"""

from __future__ import annotations

import inspect
import logging
import re
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lsprotocol import types as lsp

from ..core.document import Document, Range
from ..core.findings import Edit, Finding, Fix
from .convert import SOURCE, Positions, compatible_fixes, diagnostic, fix_from_data, text_edits, workspace_edit

if TYPE_CHECKING:
    from pygls.lsp.server import LanguageServer

    from ..core.engine import Analysis
    from ..languages.yaml.suppress import BlockScalar
    from .state import State

log = logging.getLogger(__name__)

FIX_ALL_KIND = "source.fixAll.infragenius"
KINDS = [lsp.CodeActionKind.QuickFix, FIX_ALL_KIND]

ProviderResult = Iterable[lsp.CodeAction] | None
CodeActionProvider = Callable[["ActionRequest"], ProviderResult | Awaitable[ProviderResult]]
_PROVIDERS: list[CodeActionProvider] = []


def register_code_action_provider(fn: CodeActionProvider, kinds: Iterable[str] = ()) -> CodeActionProvider:
    """Add a provider of extra code actions (usable as a decorator). ``kinds`` are the code-action
    kinds it offers: advertised in ``codeActionProvider.codeActionKinds`` (the capability holds this
    very list, so extensions registered before ``initialize`` is answered are included)."""
    if fn not in _PROVIDERS:
        _PROVIDERS.append(fn)
    KINDS.extend(kind for kind in kinds if kind not in KINDS)
    return fn


@dataclass
class ActionRequest:
    """One ``textDocument/codeAction`` request, with what a provider needs to answer it."""

    server: LanguageServer
    state: State
    params: lsp.CodeActionParams
    document: Document
    analysis: Analysis
    range: Range  # the requested range, in code points
    findings: list[Finding] = field(default_factory=list)  # findings overlapping ``range``

    @property
    def positions(self) -> Positions:
        return Positions(self.document, self.state.position_encoding)

    def diagnostic(self, finding: Finding) -> lsp.Diagnostic:
        return diagnostic(finding, self.positions)

    def wants(self, kind: str) -> bool:
        return wants(self.params.context.only, kind)

    def edit(self, edits: Iterable[Edit]) -> lsp.WorkspaceEdit:
        return workspace_edit(self.document, text_edits(edits, self.positions), self.state.document_changes)


def wants(only: list[str] | None, kind: str) -> bool:
    """Whether a request restricted to ``only`` kinds asks for ``kind`` (kinds are dotted prefixes)."""
    if not only:
        return True
    return any(kind == k or kind.startswith(f"{k}.") for k in only)


async def code_actions(
    server: LanguageServer, state: State, params: lsp.CodeActionParams
) -> list[lsp.CodeAction] | None:
    document = state.documents.get(params.text_document.uri)
    if document is None:
        return None
    analysis = await state.analysis(document)
    if analysis is None or not state.documents.is_current(document):
        return None
    positions = Positions(document, state.position_encoding)
    rng = positions.range_from_lsp(params.range)
    request = ActionRequest(
        server, state, params, document, analysis, rng, [f for f in analysis.findings if _overlaps(f.range, rng)]
    )
    actions: list[lsp.CodeAction] = []
    if request.wants(lsp.CodeActionKind.QuickFix):
        actions += quick_fixes(request)
        actions += ignore_actions(request)
    if request.wants(FIX_ALL_KIND):
        action = fix_all(request)
        if action is not None:
            actions.append(action)
    for provider in _PROVIDERS:
        try:
            result = provider(request)
            if inspect.isawaitable(result):
                result = await result
            actions.extend(result or ())
        except Exception:
            log.exception("code action provider %s failed", getattr(provider, "__name__", provider))
    return actions


# -- quick fixes -------------------------------------------------------------------------------
def quick_fixes(request: ActionRequest) -> list[lsp.CodeAction]:
    actions = []
    for diag, fix in _fixes_in_range(request):
        for choice in (fix, *_alternatives(request, diag, fix)):
            title = choice.title if choice.applicability == "safe" else f"{choice.title} (unsafe)"
            actions.append(
                lsp.CodeAction(
                    title=title,
                    kind=lsp.CodeActionKind.QuickFix,
                    diagnostics=[diag],
                    is_preferred=choice.applicability == "safe",
                    edit=request.edit(choice.edits),
                )
            )
    return actions


def _alternatives(request: ActionRequest, diag: lsp.Diagnostic, fix: Fix) -> tuple[Fix, ...]:
    """The other candidates' fixes: on the fix itself, or on the finding the diagnostic stands for."""
    found = getattr(fix, "alternatives", ())
    if found:
        return tuple(found)
    rng = request.positions.range_from_lsp(diag.range)
    for finding in request.findings:
        if finding.code == diag.code and finding.range == rng and finding.fix is not None:
            return tuple(getattr(finding.fix, "alternatives", ()))
    return ()


def _fixes_in_range(request: ActionRequest) -> list[tuple[lsp.Diagnostic, Fix]]:
    """Fixes from the client's diagnostics' data when it is for this version, else from the findings."""
    out: list[tuple[lsp.Diagnostic, Fix]] = []
    version = request.document.version
    handled: set[tuple[str, Range]] = set()
    for diag in _our_diagnostics(request):
        data = diag.data if isinstance(diag.data, dict) else {}
        if data.get("version") != version:
            continue
        handled.add((str(diag.code), request.positions.range_from_lsp(diag.range)))
        fix = fix_from_data(data)
        if fix is not None:
            out.append((diag, fix))
    for finding in request.findings:
        if finding.fix is not None and (finding.code, finding.range) not in handled:
            out.append((request.diagnostic(finding), finding.fix))
    return out


def _our_diagnostics(request: ActionRequest) -> list[lsp.Diagnostic]:
    return [d for d in request.params.context.diagnostics or () if d.source == SOURCE and isinstance(d.code, str)]


# -- ignore ------------------------------------------------------------------------------------
_PRAGMA = re.compile(r"#\s*infragenius:\s*ignore\[([^\]]*)\]", re.IGNORECASE)
_HEREDOC_OPENER = re.compile(r"<<-?\s*[\"']?\w+[\"']?\s*$")  # nothing may follow the marker (HCL, shell)


def ignore_actions(request: ActionRequest) -> list[lsp.CodeAction]:
    targets: dict[tuple[str, int], lsp.Diagnostic] = {}
    for finding in request.findings:
        targets.setdefault((finding.code, finding.range.start.line), request.diagnostic(finding))
    actions = []
    for (code, line), diag in targets.items():
        edit = ignore_edit(request.document, request.analysis.model, line, code)
        if edit is None:
            continue
        actions.append(
            lsp.CodeAction(
                title=f"Ignore {code} on this line",
                kind=lsp.CodeActionKind.QuickFix,
                diagnostics=[diag],
                edit=request.edit([edit]),
            )
        )
    return actions


def ignore_edit(document: Document, model: Any, line: int, code: str) -> Edit | None:
    """The edit that suppresses ``code`` for the construct at ``line``, where its language's spec says
    (``LanguageSpec.pragma_above``, ``block_scalars``, ``shell_keys``)."""
    from ..core.rules import REGISTRY  # on first use: startup stays lean

    spec = REGISTRY.spec(document.language) if document.language else None
    if spec is not None and spec.pragma_above is not None:
        return _ignore_above(document, spec.pragma_above(document, model, line), code)
    if spec is not None and spec.block_scalars:
        from ..languages.yaml.suppress import block_scalar_at

        block = block_scalar_at(getattr(model, "stream", None), line)
        if block is not None:
            return _ignore_in_block(document, block, line, code, spec.shell_keys)
    if _HEREDOC_OPENER.search(document.line_text(line)):
        return _ignore_above(document, line, code)  # an own-line pragma covers the next line
    return _ignore_same_line(document, line, code)


def _ignore_in_block(
    document: Document, block: BlockScalar, line: int, code: str, shell_keys: tuple[str, ...]
) -> Edit | None:
    """In a shell script, a comment line above the command; in anything else (github-script's
    JavaScript, a folded text), a comment line above the key, which covers the whole block."""
    if _shell_comment_fits(document, block, line, shell_keys):
        return _ignore_above(document, line, code)
    return _ignore_above(document, block.header_line, code)


def _shell_comment_fits(document: Document, block: BlockScalar, line: int, shell_keys: tuple[str, ...]) -> bool:
    """A ``#`` line before ``line`` is a shell comment that the pragma on it covers: a literal
    shell block, ``line`` starts a command (no continuation or heredoc runs into it)."""
    if not (block.literal and block.key in shell_keys):
        return False
    if (block.sibling("shell") or "").strip().lower().startswith("cmd"):
        return False  # cmd.exe has no "#" comments
    before = [document.line_text(i) for i in range(block.header_line + 1, line)]
    if before and before[-1].rstrip().endswith("\\"):
        return False
    return not any("<<" in text for text in before)


def _ignore_same_line(document: Document, line: int, code: str) -> Edit:
    text = document.line_text(line)
    existing = _PRAGMA.search(text)
    if existing is not None:
        return _add_code(line, existing, code)
    end = len(text)
    trimmed = len(text.rstrip())
    return Edit(Range.of(line, trimmed, line, end), f"  # infragenius: ignore[{code}]")


def _ignore_above(document: Document, line: int, code: str) -> Edit:
    if line > 0:
        above = document.line_text(line - 1)
        existing = _PRAGMA.search(above)
        if existing is not None and above.lstrip().startswith("#"):
            return _add_code(line - 1, existing, code)
    text = document.line_text(line)
    indent = text[: len(text) - len(text.lstrip())]
    return Edit(Range.of(line, 0, line, 0), f"{indent}# infragenius: ignore[{code}]\n")


def _add_code(line: int, match: re.Match, code: str) -> Edit | None:
    listed = [c.strip() for c in match.group(1).split(",") if c.strip()]
    if code in listed:
        return None
    start, end = match.span(1)
    return Edit(Range.of(line, start, line, end), ", ".join([*listed, code]))


# -- fix all -----------------------------------------------------------------------------------
def fix_all(request: ActionRequest) -> lsp.CodeAction | None:
    document = request.document
    fixes = [f.fix for f in request.analysis.findings if f.fix is not None and f.fix.applicability == "safe"]
    chosen = compatible_fixes(fixes, document)
    if not chosen:
        return None
    return lsp.CodeAction(title="Fix all safe InfraGenius findings", kind=FIX_ALL_KIND, edit=request.edit(chosen))


def _overlaps(a: Range, b: Range) -> bool:
    return a.start <= b.end and b.start <= a.end
