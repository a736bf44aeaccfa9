"""What is sent to a model: the finding, its rule's documentation, the language and part of the file.

How much of the file goes out is the user's choice (``ai.context``): ``none`` sends no file text for
an explanation and only the finding's own lines for a fix; ``window`` (default) sends
``WINDOW_LINES`` lines either side; ``file`` sends the whole file (up to ``MAX_FILE_LINES``).
Lines are numbered because fixes come back as whole-line replacements.

The excerpt is cut from the whole file already redacted (``Redactor.redact_lines``): what makes a
value a secret may lie outside the excerpt. The prompt carries its redactor, which the service uses
to redact the messages again and to restore the placeholders in the answer.

Bump ``PROMPT_VERSION`` whenever the wording or the schema changes: it is part of every cache key.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.document import Document
from ..core.findings import Finding
from ..core.rules import REGISTRY
from .provider import Message
from .redact import Redactor

PROMPT_VERSION = "3"
WINDOW_LINES = 10
TINY_WINDOW_LINES = 3  # the 135M model's explanation: its prompt is read in seconds on one core
MAX_FILE_LINES = 400
# Redaction sees this many lines either side of what is sent: what marks a secret (a variable line, a
# BEGIN line, kind: Secret, name: above value:) is near it, and a huge file is not redacted whole.
REDACTION_CONTEXT = 2000

SYSTEM = (
    "You are InfraGenius, an expert reviewer of infrastructure files (Dockerfiles, Terraform, Kubernetes, "
    "Helm, GitHub Actions, GitLab CI). Be concise, concrete and correct. Words like REDACTED_SECRET_1 are "
    "placeholders for secrets that were removed before this request: never guess them, keep them unchanged."
)

# Fixes come back as whole-line replacements: small local models handle line numbers far better than
# character offsets. Written by hand (not generated) so that strict structured-output servers accept it.
FIX_SCHEMA: dict = {
    "type": "object",
    "properties": {
        "explanation": {"type": "string"},
        "edits": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "properties": {
                    "start_line": {"type": "integer"},
                    "lines": {"type": "integer"},
                    "new_text": {"type": "string"},
                },
                "required": ["start_line", "lines", "new_text"],
                "additionalProperties": False,
            },
        },
    },
    "required": ["explanation", "edits"],
    "additionalProperties": False,
}


REVIEW_SCHEMA: dict = {
    "type": "object",
    "properties": {
        "findings": {
            "type": "array",
            "maxItems": 10,
            "items": {
                "type": "object",
                "properties": {
                    "line": {"type": "integer"},
                    "message": {"type": "string"},
                    "explanation": {"type": "string"},
                },
                "required": ["line", "message", "explanation"],
                "additionalProperties": False,
            },
        },
    },
    "required": ["findings"],
    "additionalProperties": False,
}


@dataclass(frozen=True)
class Prompt:
    task: str  # "explain" | "fix" | "review"
    messages: list[Message]  # file text already redacted; the rest is redacted by the service
    redactor: Redactor = field(default_factory=Redactor)  # knows this prompt's placeholders
    shown: tuple[int, int] | None = None  # the first and last line (1-based) the model was shown


def rule_docs(code: str) -> tuple[str, str]:
    """(rule name, documentation) for a code; engine and unknown codes get their message only."""
    rule = REGISTRY.get(code)
    return (rule.name, rule.docs()) if rule is not None else ("", "")


def language_name(language: str | None) -> str:
    """What the prompt calls the file: its language's ``LanguageSpec.title``."""
    spec = REGISTRY.spec(language) if language else None
    return (spec.title if spec is not None else "") or language or "text"


def _fence(language: str | None) -> str:
    spec = REGISTRY.spec(language) if language else None
    return spec.fence if spec is not None else ""


def describe_finding(finding: Finding) -> str:
    name, _ = rule_docs(finding.code)
    line = finding.range.start.line + 1
    label = f"{finding.code} ({name})" if name else finding.code
    return f"{label} at line {line}, severity {finding.severity.label}: {finding.message}"


def build_explain(document: Document, finding: Finding, context: str = "window", tiny: bool = False) -> Prompt:
    """The file's lines, the rule's documentation, then a brief of what the engine knows for certain
    (``finding_brief``) and the question. ``tiny``: for the shipped 135M model, whose text is shown below
    the engine's own explanation: a few lines either side and no documentation (shown above it), so
    that its first word comes fast."""
    # Context first, the question last: small local models follow what they read most recently. Even the
    # tiny prompt's (the same every time, llama.cpp would keep it from the previous request if it came
    # first): tried on 2026-12-08, 20 fewer tokens read and first token p50 1.27 -> 1.18 s in make eval-ai,
    # but grounded explanations 3/6 -> 0/6 (the 135M model wrote made-up code instead).
    _, docs = rule_docs(finding.code)
    parts = []
    redactor = Redactor()
    excerpt = file_excerpt(document, finding, context, task="explain", redactor=redactor, window=_window(tiny))
    if excerpt:
        parts.append(excerpt)
    if docs and not tiny:
        parts.append(f"Rule documentation:\n{docs}")
    # the tiny prompt's every token is read on one core: the finding's line is in the excerpt already
    brief = finding_brief(document, finding, context, quote_line=not tiny)
    parts.append(f"Finding: {describe_finding(finding)}\n{brief}")
    if tiny:
        parts.append("In two or three short sentences: why this matters in this file, and how to fix it.")
    else:
        parts.append(
            f"Explain this finding in this {language_name(document.language)} and how to fix it, keeping to the "
            "facts above. Answer in short markdown: what is wrong, why it matters, and the corrected line(s)."
        )
    return Prompt(
        "explain", [{"role": "system", "content": SYSTEM}, {"role": "user", "content": "\n\n".join(parts)}], redactor
    )


def finding_brief(document: Document, finding: Finding, context: str = "window", quote_line: bool = True) -> str:
    """What the engine knows for certain, one fact a line: what the finding is about (the names its
    message quotes), the line itself (unless not ``quote_line``), the peers' codes for the same check and
    the rule's own fix (its title only when ``context`` sends no file text: the replacement is made of
    the file's text)."""
    from .grounding import subjects

    facts = []
    about = subjects(finding.message)
    if about:
        facts.append("- about: " + ", ".join(f"`{s}`" for s in about[:3]))
    source = document.line_text(finding.range.start.line).strip()
    if source and context != "none" and quote_line:
        facts.append(f"- line {finding.range.start.line + 1}: `{source}`")
    rule = REGISTRY.get(finding.code)
    peers = [a for a in (rule.aliases if rule is not None else ()) if ":" in a]
    if peers:
        facts.append("- the same check elsewhere: " + ", ".join(peers[:4]))
    if finding.fix is not None and context == "none":
        facts.append(f"- the rule's own fix ({finding.fix.applicability}): {finding.fix.title}")
    elif finding.fix is not None:
        replacement = " / ".join(e.new_text.strip() for e in finding.fix.edits if e.new_text.strip())
        fix = f"- the rule's own fix ({finding.fix.applicability}): {finding.fix.title}"
        facts.append(f"{fix}: `{replacement}`" if replacement and "\n" not in replacement else fix)
    return "\n".join(facts)


def _window(tiny: bool) -> int:
    return TINY_WINDOW_LINES if tiny else WINDOW_LINES


def build_fix(document: Document, finding: Finding, context: str = "window") -> Prompt:
    _, docs = rule_docs(finding.code)
    redactor = Redactor()
    parts = [file_excerpt(document, finding, context, task="fix", redactor=redactor)]
    if docs:
        parts.append(f"Rule documentation:\n{docs}")
    parts.append(f"Finding: {describe_finding(finding)}")
    parts.append(
        f"Propose the smallest edit to this {language_name(document.language)} that fixes the finding "
        "without changing anything else. Answer with JSON: explanation (one sentence) and edits, a list of "
        "whole-line replacements: start_line is the 1-based line number as numbered above where the edit "
        "starts, lines is how many lines it replaces (at least 1), new_text is the complete replacement text "
        "for those lines (without line numbers; empty to delete them)."
    )
    first, last = shown_lines(document, finding, context, task="fix")
    return Prompt(
        "fix",
        [{"role": "system", "content": SYSTEM}, {"role": "user", "content": "\n\n".join(parts)}],
        redactor,
        (first + 1, last + 1),
    )


def build_review(document: Document, known: list[Finding]) -> Prompt:
    """Ask for problems the rules did not report; the rules' findings are listed so they are not repeated.
    A review is asked for explicitly and sends the file (its first ``MAX_FILE_LINES`` lines); the
    service refuses it when ``ai.context`` is ``none``."""
    lines = min(document.line_count, MAX_FILE_LINES)
    whole = Finding("review", "", finding_range(0, max(0, lines - 1)))
    redactor = Redactor()
    parts = [file_excerpt(document, whole, "file", task="review", redactor=redactor)]
    if known:
        listed = "\n".join(f"- line {f.range.start.line + 1}: {f.code} {f.message}" for f in known[:50])
        parts.append(f"Already reported by the linter (do not repeat these):\n{listed}")
    parts.append(
        f"Review this {language_name(document.language)} for other real problems: security, correctness, "
        "reliability. Report only problems you are sure of, at most 10, each with its 1-based line number as "
        "numbered above, a one-line message and a short explanation. Answer with JSON; an empty list is fine."
    )
    return Prompt(
        "review", [{"role": "system", "content": SYSTEM}, {"role": "user", "content": "\n\n".join(parts)}], redactor
    )


def finding_range(first: int, last: int):
    from ..core.document import Range

    return Range.of(first, 0, last, 0)


def file_excerpt(
    document: Document, finding: Finding, context: str, task: str, redactor: Redactor, window: int = WINDOW_LINES
) -> str:
    """The numbered lines around ``finding`` that ``context`` allows, cut from the redacted file."""
    first, last = _finding_lines(finding)
    shown = _shown_lines(document, first, last, context, task, window)
    # Redacted even when no line is sent: the redactor then knows the file's secrets, should the
    # finding's message quote one.
    lo, hi = shown or (first, last)
    start, end = max(0, lo - REDACTION_CONTEXT), min(document.line_count, hi + 1 + REDACTION_CONTEXT)
    lines = redactor.redact_lines([document.line_text(i) for i in range(start, end)])
    if shown is None:
        return ""
    name = document.path.name if document.path else document.uri.rsplit("/", 1)[-1]
    width = len(str(hi + 1))
    numbered = "\n".join(f"{i + 1:>{width}} | {lines[i - start]}" for i in range(lo, hi + 1))
    fence = _fence(document.language)
    return f"File {name}, lines {lo + 1}-{hi + 1} (numbered):\n```{fence}\n{numbered}\n```"


def shown_lines(document: Document, finding: Finding, context: str, task: str) -> tuple[int, int]:
    """The first and last line (0-based) of the file that a ``task`` prompt shows: the finding's own
    lines when ``context`` sends none."""
    first, last = _finding_lines(finding)
    return _shown_lines(document, first, last, context, task) or (first, last)


def _finding_lines(finding: Finding) -> tuple[int, int]:
    first, last = finding.range.start.line, max(finding.range.start.line, finding.range.end.line)
    if finding.range.end.column == 0 and last > first:
        last -= 1  # a range ending at column 0 does not touch that line
    return first, last


def _shown_lines(
    document: Document, first: int, last: int, context: str, task: str, window: int = WINDOW_LINES
) -> tuple[int, int] | None:
    """The first and last line (0-based) sent for ``context``; None when no line is."""
    if context == "none":
        return None if task == "explain" else (first, last)
    if context == "file":
        hi = min(document.line_count - 1, MAX_FILE_LINES - 1)
        if last <= hi:
            return 0, hi
        # a huge file: fall back to a window so the finding is in view
    return max(0, first - window), min(document.line_count - 1, last + window)
