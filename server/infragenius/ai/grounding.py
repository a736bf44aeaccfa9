"""Whether an explanation's code comes from what the model was shown: a check for made-up answers.

Fixes are verified by analysing the patched text; an explanation cannot be run, but its code can be
checked against the prompt. A correct answer quotes the file and the rule's documentation (the
offending line, the good example, the fixed line); a small model that has lost the thread invents
commands, flags, names and numbers (``docker run -p 49785:64m jenkins/...``). The words of the
answer's code (fenced, indented and inline) that appear nowhere in the prompt are counted: a few are
normal (a general command, a new value), many mean the answer is not about this file.

Confident prose that reuses words of the file passes that test, so an answer must also name what the
finding is about: the names the finding's message quotes (``var.bucket_name``, ``"github.event.issue.title"``,
``'DB_PASSWORD'``). An answer that names none of them is about something else.

An answer must not contradict the brief either: the rule codes it cites (ours, ``DF001``; the peers',
``DL3008``, ``SC2086``, ``CKV_AWS_20``) must be the finding's or its peers' as the prompt gave them.
A small model readily names another rule with confidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_FENCED = re.compile(r"```[^\n]*\n(.*?)(?:```|\Z)", re.DOTALL)
_INLINE = re.compile(r"`([^`\n]+)`")
# identifiers of three or more characters and numbers of three or more digits: shorter words
# (``-y``, ``v4``, ``22``) are too common to tell anything
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]{2,}|\d{3,}")

MIN_UNSUPPORTED = 3  # at least this many made-up words...
MIN_SHARE = 1 / 3  # ...and this share of the code's words


_INDENTED = re.compile(r"^(?: {4}|\t)(.+)$", re.MULTILINE)  # markdown's indented code blocks


def code_words(answer: str) -> list[str]:
    """The distinct words of the answer's code, lower case: fenced blocks, then indented blocks, then
    inline spans."""
    spans = _FENCED.findall(answer)
    prose = _FENCED.sub(" ", answer)
    spans += _INDENTED.findall(prose)
    spans += _INLINE.findall(_INDENTED.sub(" ", prose))
    seen: dict[str, None] = {}
    for span in spans:
        for word in _WORD.findall(span):
            seen.setdefault(word.lower(), None)
    return list(seen)


def unsupported_words(answer: str, context: Iterable[str]) -> tuple[list[str], int]:
    """(the code words found nowhere in ``context``, how many code words there are)."""
    words = code_words(answer)
    known = "\n".join(context).lower()
    return [w for w in words if w not in known], len(words)


def caution(answer: str, context: Iterable[str]) -> str | None:
    """One line saying the answer's code is not from the file or the rule's docs, or None."""
    missing, total = unsupported_words(answer, context)
    if len(missing) < MIN_UNSUPPORTED or len(missing) < MIN_SHARE * total:
        return None
    telling = sorted(missing, key=len, reverse=True)  # long made-up names say most
    shown = ", ".join(f"`{w}`" for w in telling[:5]) + (", ..." if len(missing) > 5 else "")
    return (
        f"{len(missing)} of the {total} words in this answer's code ({shown}) appear neither in the file "
        "nor in the rule's documentation: the model may have made them up"
    )


_FENCE_LINE = re.compile(r"^\s*```", re.MULTILINE)


def fence_closer(answer: str) -> str:
    """What closes a code block the answer left open (a model cut short by its token limit), so that
    what is written after it is not shown as code; "" when every block is closed."""
    return "\n```" if len(_FENCE_LINE.findall(answer)) % 2 else ""


# what a finding's message quotes: `x`, "x", 'x' (not the apostrophes of "doesn't" or "keywords'")
_QUOTED = re.compile(r"`([^`\n]+)`|\"([^\"\n]+)\"|(?<![A-Za-z])'([^'\n]+)'(?![A-Za-z])")


def subjects(message: str) -> list[str]:
    """The names a finding's message quotes, in order; placeholders like ``<version>`` left out."""
    found = (a or b or c for a, b, c in _QUOTED.findall(message))
    return list(dict.fromkeys(s.strip() for s in found if len(s.strip()) >= 2 and "<" not in s))


def subject_caution(answer: str, message: str, context: Iterable[str]) -> str | None:
    """One line when the answer names none of what the finding is about, or None. Only names the model
    was shown count (a redacted value is a placeholder in the prompt, and cannot be asked for)."""
    known = "\n".join(context).lower()
    wanted = [s for s in subjects(message) if s.lower() in known]
    text = answer.lower()
    if not wanted or any(s.lower() in text for s in wanted):
        return None
    names = " or ".join(f"`{s}`" for s in wanted[:3])
    return f"the answer never names {names}, what the finding is about: it may be about something else"


# rule codes an answer may cite: ours (two letters or K8, three digits), hadolint's, ShellCheck's, checkov's
_RULE_CODE = re.compile(r"\b(?:(?:DF|SH|TF|HM|K8|GA|GL|DC|IG)\d{3}|DL\d{4}|SC\d{4}|CKV2?_[A-Z0-9]+(?:_[A-Z0-9]+)*)\b")


def code_caution(answer: str, code: str, context: Iterable[str]) -> str | None:
    """One line when the answer cites a rule code that is neither the finding's nor one the model was
    shown (its peers' in the brief, one named in the docs), or None."""
    known = "\n".join(context)
    cited = dict.fromkeys(_RULE_CODE.findall(answer))
    foreign = [c for c in cited if c != code and c not in known]
    if not foreign:
        return None
    names = ", ".join(f"`{c}`" for c in foreign[:3])
    return f"the answer cites {names}, but this finding is {code}: it may be about another rule"
