"""Recognising secrets in values: shared by the secret rules of every language and by redaction.

Precision matters more than recall here: a value is a secret when it matches a known token format,
or when its name says secret *and* the value looks like one (long enough, not a placeholder, not a
variable reference).
"""

from __future__ import annotations

import math
import re
from collections import Counter

# Known credential formats (facts from the issuers' documentation).
TOKEN_PATTERNS: dict[str, re.Pattern[str]] = {
    "AWS access key id": re.compile(r"\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b"),
    "GitHub token": re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b"),
    "GitLab token": re.compile(r"\bgl(?:pat|dt|ptt|rt|cbt|oas|imt|ft)-[A-Za-z0-9_\-]{20,}\b"),
    "Slack token": re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}\b"),
    "Stripe key": re.compile(r"\b[rs]k_live_[A-Za-z0-9]{20,}\b"),
    "Google API key": re.compile(r"\bAIza[0-9A-Za-z_\-]{35}\b"),
    "private key": re.compile(r"-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----"),
    "JSON Web Token": re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\b"),
    "credentials in URL": re.compile(r"\b[a-z][a-z0-9+.-]*://[^\s:/@]+:[^\s@/]{3,}@[^\s/]+"),
}

SECRET_NAME = re.compile(
    r"(?:^|[_.-])(?:pass(?:word|wd)?|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|"
    r"client[_-]?secret|auth|credential|credentials)(?:$|[_.-])",
    re.I,
)
_NOT_SECRET_NAME = re.compile(r"(?:_file|_path|_url|_name|_user(?:name)?|_id|_env|_header|_length|_min|_max)$", re.I)
_PLACEHOLDER = re.compile(
    r"^(?:|x+|\*+|-+|changeme|change[_-]?me|password|secret|token|example|dummy|test|testing|null|none|"
    r"true|false|yes|no|\.+|<[^>]*>|\{\{.*\}\}|\$\{\{.*\}\}|\$\[\[.*\]\]|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?)$",
    re.I,
)


def token_kind(value: str) -> str | None:
    """The kind of a known credential format found in ``value``, or None."""
    for kind, pattern in TOKEN_PATTERNS.items():
        if pattern.search(value):
            return kind
    return None


def is_secret_name(name: str) -> bool:
    return bool(SECRET_NAME.search(name)) and not _NOT_SECRET_NAME.search(name)


def entropy(value: str) -> float:
    """Shannon entropy in bits per character."""
    if not value:
        return 0.0
    counts = Counter(value)
    return -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())


def looks_like_secret_value(value: str) -> bool:
    """A literal that plausibly is a real credential (not a placeholder or a reference)."""
    value = value.strip()
    if _PLACEHOLDER.match(value) or "$" in value or " " in value:
        return False
    return len(value) >= 8 and entropy(value) >= 3.0 and _classes(value) >= 2


def _classes(value: str) -> int:
    """How many of lower, upper, digit, other characters ``value`` mixes (real secrets mix)."""
    return sum(
        (any(c.islower() for c in value), any(c.isupper() for c in value), any(c.isdigit() for c in value),
         any(not c.isalnum() for c in value))
    )


def hardcoded_secret(name: str, value: str) -> str | None:
    """Why ``name = value`` is a hard-coded secret, or None."""
    kind = token_kind(value)
    if kind:
        return kind
    if is_secret_name(name) and looks_like_secret_value(value):
        return "secret value"
    return None
