"""Fix all with AI (Professional): a verified AI fix for every finding that has no safe rule fix.

Used by ``infragenius fix --ai PATHS`` and the language server's ``source.fixAll.infragenius.ai``
action. Within one file the findings are fixed one after the other, bottom-up (a fix then never moves
the lines of the findings still to do), each against the text the previous fixes left, and re-analysed
in between; only fixes that ``verify`` accepts are applied. Files are independent, so several run at
once (bounded: at most ``jobs`` requests to the model at a time).
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from ..core.document import Document
from ..core.findings import Finding, apply_edits

MAX_STEPS_PER_FILE = 100  # a model that keeps moving a finding around cannot loop for ever


@dataclass(frozen=True)
class Outcome:
    code: str
    line: int  # 1-based, in the file as it was before any fix
    fixed: bool
    reason: str  # "verified: ..." or why the AI's fix was not applied


@dataclass
class FileFix:
    document: Document  # as it was
    text: str  # after the verified fixes
    outcomes: list[Outcome] = field(default_factory=list)
    error: str | None = None  # the file could not be processed at all

    @property
    def changed(self) -> bool:
        return self.text != self.document.text

    @property
    def fixed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.fixed]

    @property
    def rejected(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.fixed]


def needs_ai(finding: Finding) -> bool:
    """A finding of our rules that a safe rule fix does not already handle (``check --fix`` does those)."""
    return finding.source == "infragenius" and not (finding.fix is not None and finding.fix.applicability == "safe")


def candidates(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if needs_ai(f)]


def fix_document(
    service,
    document: Document,
    cancel: threading.Event | None = None,
    on_step: Callable[[Document, Finding], None] | None = None,
) -> FileFix:
    """Ask ``service`` (an AIService) for a verified fix of each candidate finding, applying the accepted ones."""
    result = FileFix(document, document.text)
    current = document
    tried: set[tuple] = set()
    for _ in range(MAX_STEPS_PER_FILE):
        findings = service.engine.analyse(current, use_cache=False).findings
        todo = [(key, f) for key, f in _keyed(current, candidates(findings)) if key not in tried]
        if not todo:
            break
        key, finding = max(todo, key=lambda kf: (kf[1].range.start.line, kf[1].range.start.column))
        tried.add(key)
        if on_step is not None:
            on_step(current, finding)
        proposal = service.fix(current, finding, cancel=cancel)
        line = finding.range.start.line + 1
        if proposal.source == "ai" and proposal.fix is not None:
            text = apply_edits(current.text, proposal.fix.edits, current)
            current = Document(current.uri, text, current.language, current.version, current.path)
            result.outcomes.append(Outcome(finding.code, line, True, proposal.reason))
        else:
            result.outcomes.append(Outcome(finding.code, line, False, _why_not(proposal.reason)))
    result.text = current.text
    result.outcomes.sort(key=lambda o: (o.line, o.code))
    return result


def fix_documents(
    service,
    documents: list[Document],
    jobs: int = 2,
    cancel: threading.Event | None = None,
    on_step: Callable[[Document, Finding], None] | None = None,
) -> list[FileFix]:
    """``fix_document`` over several files, ``jobs`` at a time; results in the order given."""

    def one(document: Document) -> FileFix:
        try:
            return fix_document(service, document, cancel, on_step)
        except Exception as exc:
            if cancel is not None and cancel.is_set():
                raise
            return FileFix(document, document.text, error=str(exc) or type(exc).__name__)

    with ThreadPoolExecutor(max_workers=max(1, jobs), thread_name_prefix="infragenius-fix-all") as pool:
        return list(pool.map(one, documents))


def _keyed(document: Document, findings: list[Finding]) -> list[tuple[tuple, Finding]]:
    """A key that follows a finding across edits elsewhere: its code, message and line's text, and
    which occurrence of that triple it is."""
    seen: Counter = Counter()
    out = []
    for f in sorted(findings, key=lambda f: (f.range.start.line, f.range.start.column)):
        base = (f.code, f.message, document.line_text(f.range.start.line).strip())
        out.append(((*base, seen[base]), f))
        seen[base] += 1
    return out


def _why_not(reason: str) -> str:
    """The service's reason names the rule-fix fallback, which fix-all never applies: drop that part."""
    for tail in ("; offering the rule's own fix", "; this rule has no automatic fix"):
        if reason.endswith(tail):
            return reason[: -len(tail)]
    return reason
