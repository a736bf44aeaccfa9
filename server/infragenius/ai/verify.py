"""A fix proposed by a model is checked before it is offered.

The edits are applied in memory and the result is analysed again with the same engine. The fix is
accepted only if: it changes something, the file still parses (no new IG001), the target finding (same
code, near the same place once the edit's line shift is accounted for) is gone, and no other finding
appears. Otherwise the reason is given in one sentence, and the caller falls back to the rule's own
fix if it has one. Accepted AI fixes are always ``unsafe``: they change meaning a rule did not vet.
"""

from __future__ import annotations

import copy
from collections import Counter
from dataclasses import dataclass

from pydantic import BaseModel, Field, model_validator

from ..core.document import Document, Range
from ..core.engine import Engine
from ..core.findings import Edit, Finding, Fix, Severity, apply_edits
from .prompts import FIX_SCHEMA, MAX_FILE_LINES, REVIEW_SCHEMA

NEAR_LINES = 2  # how far (in lines) a finding of the same code may move and still be "the same"


class ProposedEdit(BaseModel):
    """Whole lines replaced: ``lines`` lines from ``start_line``, as the schema asks (a count cannot be
    reversed); ``end_line`` (inclusive) is what the rest of the code reads, and is accepted from servers
    that answer in the older form."""

    start_line: int = Field(ge=1)
    lines: int | None = Field(default=None, ge=1)
    end_line: int = Field(default=0, ge=0)
    new_text: str

    @model_validator(mode="after")
    def _end_from_count(self) -> ProposedEdit:
        if self.lines is not None:
            self.end_line = self.start_line + self.lines - 1
        elif self.end_line < 1:
            raise ValueError("each edit needs start_line and lines (how many lines it replaces, at least 1)")
        return self


MAX_EDITS = 20
# What the schema lets a model write: short enough text that a constrained answer closes its JSON within
# the token cap (answer_budget sizes the cap from these; a small model otherwise fills the strings until
# it is cut off mid-JSON), and one edit: the smallest fix is one run of lines, and two edits could overlap.
SCHEMA_EDITS = 1
EXPLANATION_CHARS = 120
NEW_TEXT_CHARS = 200
REVIEW_ITEMS = 5
REVIEW_MESSAGE_CHARS = 80
REVIEW_EXPLANATION_CHARS = 120


class FixAnswer(BaseModel):
    explanation: str = ""
    edits: list[ProposedEdit] = Field(min_length=1, max_length=MAX_EDITS)


class ReviewItem(BaseModel):
    line: int
    message: str
    explanation: str = ""


class ReviewAnswer(BaseModel):
    findings: list[ReviewItem] = Field(default_factory=list, max_length=10)


REVIEW_CODE = "ai-review"
REVIEW_SOURCE = "infragenius-ai"


def review_findings(document: Document, answer: ReviewAnswer, redactor, known: list[Finding]) -> list[Finding]:
    """The model's review as information findings, keeping only those that point at a real,
    non-blank line and do not repeat a linter finding on that line (same message) or each other."""
    last = last_line(document)
    seen = {(f.range.start.line, f.message.strip().lower()) for f in known}
    out: list[Finding] = []
    for item in answer.findings:
        line = item.line - 1
        message = " ".join(redactor.restore(item.message).split())
        text = document.line_text(line) if 0 <= line < last else ""
        if not message or not text.strip() or (line, message.lower()) in seen:
            continue
        seen.add((line, message.lower()))
        start = len(text) - len(text.lstrip())
        out.append(
            Finding(
                REVIEW_CODE,
                message,
                Range.of(line, start, line, len(text.rstrip())),
                Severity.INFORMATION,
                source=REVIEW_SOURCE,
                data={"explanation": redactor.restore(item.explanation)},
            )
        )
    return out


@dataclass(frozen=True)
class Verdict:
    accepted: bool
    reason: str  # why it was rejected, or what was checked when accepted
    fix: Fix | None = None  # the verified fix (unsafe) when accepted
    fixed_text: str | None = None


def last_line(document: Document) -> int:
    """The last line number (1-based) as an editor shows it: the empty "line" after a final newline does not count."""
    return document.line_count - (1 if document.text.endswith("\n") else 0)


def fix_schema(document: Document, shown: tuple[int, int] | None = None) -> dict:
    """The fix schema for ``document``: one edit, starting on a line the model was shown (``shown``,
    1-based, default the whole file) and replacing no line past the last one shown. Each start line is
    one alternative whose count is bounded by what is left below it, so a server that constrains its
    output to the schema (llama.cpp's grammar, ``json_schema`` response formats) cannot write a line
    past the end, a reversed range or overlapping edits; for the others it is in the instructions and
    ``to_edits`` checks it."""
    last = max(1, last_line(document))
    first_shown, last_shown = shown or (1, last)
    first_shown, last_shown = max(1, min(first_shown, last)), max(1, min(last_shown, last))
    schema = copy.deepcopy(FIX_SCHEMA)
    schema["properties"]["explanation"]["maxLength"] = EXPLANATION_CHARS
    schema["properties"]["edits"]["maxItems"] = SCHEMA_EDITS
    schema["properties"]["edits"]["items"] = {
        "anyOf": [_edit_from(start, last_shown) for start in range(first_shown, last_shown + 1)]
    }
    return schema


def _edit_from(start: int, last: int) -> dict:
    """An edit starting at line ``start`` that replaces 1 to ``last - start + 1`` lines."""
    return {
        "type": "object",
        "properties": {
            "start_line": {"type": "integer", "const": start},
            "lines": {"type": "integer", "minimum": 1, "maximum": last - start + 1},
            "new_text": {"type": "string", "maxLength": NEW_TEXT_CHARS},
        },
        "required": ["start_line", "lines", "new_text"],
        "additionalProperties": False,
    }


def review_schema(document: Document) -> dict:
    """The review schema with each item's line bounded by the lines the model was shown."""
    schema = copy.deepcopy(REVIEW_SCHEMA)
    shown = max(1, min(last_line(document), MAX_FILE_LINES))
    schema["properties"]["findings"]["maxItems"] = REVIEW_ITEMS
    item = schema["properties"]["findings"]["items"]["properties"]
    item["line"] = {"type": "integer", "minimum": 1, "maximum": shown}
    item["message"]["maxLength"] = REVIEW_MESSAGE_CHARS
    item["explanation"]["maxLength"] = REVIEW_EXPLANATION_CHARS
    return schema


def to_edits(document: Document, answer: FixAnswer) -> tuple[Edit, ...]:
    """Whole-line replacements (1-based inclusive lines) as core edits in document order; raises
    ValueError when a line number is outside the file, a range is reversed (older end_line answers)
    or two ranges overlap."""
    edits = []
    last = last_line(document)
    spans: list[tuple[int, int]] = []
    for e in sorted(answer.edits, key=lambda e: (e.start_line, e.end_line)):
        if e.end_line < e.start_line:
            raise ValueError(f"edit lines {e.start_line}-{e.end_line} are reversed")
        if e.end_line > last and e.lines is not None:  # say it in the terms the model used, so it can correct them
            raise ValueError(
                f"edit of {e.lines} lines from line {e.start_line} runs past the end of the file ({last} lines)"
            )
        if e.end_line > last:
            raise ValueError(f"edit line {e.end_line} is past the end of the file ({last} lines)")
        start, end = e.start_line - 1, e.end_line - 1
        if any(start <= b and a <= end for a, b in spans):
            raise ValueError(f"edits overlap at lines {e.start_line}-{e.end_line}")
        spans.append((start, end))
        new_text = e.new_text.rstrip("\n").replace("\r\n", "\n")
        if new_text == "" and end + 1 < document.line_count:  # deleting lines: take their line breaks too
            edits.append(Edit(Range.of(start, 0, end + 1, 0), ""))
        else:
            edits.append(Edit(Range.of(start, 0, end, len(document.line_text(end))), new_text))
    return tuple(edits)


def verify(
    engine: Engine, document: Document, target: Finding, edits: tuple[Edit, ...], title: str = "Fix with AI"
) -> Verdict:
    new_text = apply_edits(document.text, edits, document)
    if new_text == document.text:
        return Verdict(False, "the proposed edit changes nothing")
    before = engine.analyse(_copy(document, document.text), use_cache=False).findings
    after = engine.analyse(_copy(document, new_text), use_cache=False).findings

    new_syntax = [f for f in after if f.code == "IG001"]
    if len(new_syntax) > sum(1 for f in before if f.code == "IG001"):
        f = new_syntax[0]
        return Verdict(False, f"the fixed file no longer parses (line {f.range.start.line + 1}: {f.message})")

    moved_to = _shifted_line(target.range.start.line, edits, document)
    still = [f for f in after if f.code == target.code and abs(f.range.start.line - moved_to) <= NEAR_LINES]
    if still:
        return Verdict(False, f"{target.code} is still reported at line {still[0].range.start.line + 1}")

    others_before = Counter(_identity(f) for f in before if f != target)
    for f in after:
        if others_before[_identity(f)] > 0:
            others_before[_identity(f)] -= 1
            continue
        return Verdict(False, f"the edit introduces {f.code} at line {f.range.start.line + 1}: {f.message}")
    return Verdict(
        True, f"verified: {target.code} is gone and no new finding appears", Fix(title, edits, "unsafe"), new_text
    )


def _identity(f: Finding) -> tuple[str, str]:
    return (f.code, f.message)


def _shifted_line(line: int, edits: tuple[Edit, ...], document: Document) -> int:
    """Where ``line`` is after the edits: lines added or removed above it move it."""
    shift = 0
    for e in sorted(edits, key=lambda e: e.range.start):
        if e.range.start.line > line:
            continue
        if e.range.end.line >= line:  # the edit covers the line: it now starts where the edit does
            return e.range.start.line + shift
        removed = e.range.end.line - e.range.start.line
        shift += e.new_text.count("\n") - removed
    return line + shift


def _copy(document: Document, text: str) -> Document:
    return Document(uri=document.uri, text=text, language=document.language, version=None, path=document.path)
