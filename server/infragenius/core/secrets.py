"""Recognising secrets in values: shared by the secret rules of every language and by redaction.

Precision matters more than recall here: a value is a secret when it matches a known token format,
when its name says secret *and* the value looks like one (long enough, not a placeholder, not a
variable reference), or when its name ends in a credential word (``DB_PASSWORD``) and the value is a
literal rather than a placeholder or reference.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator

# Known credential formats (facts from the issuers' documentation): (kind, label, pattern). The one
# table for the secret rules of every language and for the AI layer's redaction; order matters there
# (the first match wins a span).
TOKEN_FORMATS: list[tuple[str, str, re.Pattern[str]]] = [
    (
        "PRIVATE_KEY",
        "private key",
        re.compile(
            r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----.*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|\Z)",
            re.DOTALL,
        ),
    ),
    (
        "AWS_ACCESS_KEY",
        "AWS access key id",
        re.compile(r"(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}(?![A-Z0-9])"),
    ),
    (
        "GITHUB_TOKEN",
        "GitHub token",
        re.compile(r"(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,255})"),
    ),
    (
        "GITLAB_TOKEN",
        "GitLab token",
        re.compile(
            r"(?<![A-Za-z0-9_-])(?:glpat|glptt|gldt|glrt|glcbt|gloas|glsoat|glft|glimt|glagent)-[A-Za-z0-9_-]{20,}"
            r"|GR1348941[A-Za-z0-9_-]{20,}"
        ),
    ),
    ("SLACK_TOKEN", "Slack token", re.compile(r"(?<![A-Za-z0-9])xox[abposr]-[A-Za-z0-9-]{10,}")),
    ("GOOGLE_API_KEY", "Google API key", re.compile(r"(?<![A-Za-z0-9])AIza[0-9A-Za-z_-]{35}")),
    ("STRIPE_KEY", "Stripe key", re.compile(r"(?<![A-Za-z0-9])(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}")),
    ("NPM_TOKEN", "npm token", re.compile(r"(?<![A-Za-z0-9])npm_[A-Za-z0-9]{36}")),
    (
        "JWT",
        "JSON Web Token",
        re.compile(r"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*"),
    ),
]

# Literal text every match of a format contains: a substring test (memchr fast) skips the regex
# scan of a whole file for the formats that cannot be there, which is nearly all of them.
_HINTS: dict[str, tuple[str, ...]] = {
    "PRIVATE_KEY": ("PRIVATE KEY",),
    "AWS_ACCESS_KEY": ("AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AROA", "ANPA", "ANVA", "AIPA"),
    "GITHUB_TOKEN": ("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
    "GITLAB_TOKEN": (
        "glpat-",
        "glptt-",
        "gldt-",
        "glrt-",
        "glcbt-",
        "gloas-",
        "glsoat-",
        "glft-",
        "glimt-",
        "glagent-",
        "GR1348941",
    ),
    "SLACK_TOKEN": ("xox",),
    "GOOGLE_API_KEY": ("AIza",),
    "STRIPE_KEY": ("_live_", "_test_"),
    "NPM_TOKEN": ("npm_",),
    "JWT": ("eyJ",),
}


def find_tokens(text: str) -> Iterator[tuple[str, str, re.Match[str]]]:
    """Every known credential format in ``text``: (kind, label, match)."""
    for kind, label, pattern in TOKEN_FORMATS:
        if any(hint in text for hint in _HINTS[kind]):
            for match in pattern.finditer(text):
                yield kind, label, match


# scheme://user:password@host -> the password part.
URL_CREDENTIALS = re.compile(r"(?i)\b[a-z][a-z0-9+.-]*://[^\s/:@'\"]*:(?P<secret>[^\s/@'\"]+)@")


SECRET_NAME = re.compile(
    r"(?:^|[_.-])(?:pass(?:word|wd)?|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|"
    r"client[_-]?secret|auth|credential|credentials)(?:$|[_.-])",
    re.IGNORECASE,
)
# names whose last word makes them a setting about a secret, not one (POSTGRES_HOST_AUTH_METHOD, TOKEN_TTL)
_NOT_SECRET_NAME = re.compile(
    r"(?:_file|_paths?|_url|_name|_user(?:name)?|_id|_env|_header|_length|_min|_max|_method|_mode|_type|_store|"
    r"_provider|_algo(?:rithm)?|_audience|_scope|_enabled|_disabled|_image|_version|_ttl)$",
    re.IGNORECASE,
)
# a switch about a secret, not one (ALLOW_EMPTY_PASSWORD: "no", REQUIRE_TOKEN: "true")
_SWITCH = r"true|false|yes|no|on|off|enabled|disabled"
# values that stand in for a secret: empty, masks, changeme, the word itself, switches, <your-token>,
# whole templates and $VAR references
_PLACEHOLDER = re.compile(
    r"^(?:|x+|\*+|-+|changeme|change[_-]?me|password|secret|token|example|dummy|test|testing|redacted|null|none|"
    + _SWITCH
    + r"|\.+|<[^>]*>|\{\{.*\}\}|\$\{\{.*\}\}|\$\[\[.*\]\]|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?)$",
    re.IGNORECASE,
)
# where a value is filled in by a tool rather than written out: $VAR, $(VAR), ${VAR}, ${{ }}, {{ }},
# ERB <% %>, Terraform %{ }, Concourse/BOSH (( ))
_REFERENCE = re.compile(r"\$|\{\{|<%|%\{|\(\(")

# values that say they are not a real secret ("ci-not-a-real-secret", "django-insecure-...", "fake-key")
_DECLARED_FAKE = re.compile(
    r"(?:^|[^a-z])(?:not[-_ ]?(?:a[-_ ]?)?real|fake|dummy|insecure|placeholder|example|do[-_ ]?not[-_ ]?use)(?:$|[^a-z])",
    re.IGNORECASE,
)


# the name's last word says its value is a credential; a name that goes on is a setting about one
# (TOKEN_TTL, PASSWORD_MIN_LENGTH, SECRET_NAME)
CREDENTIAL_NAME = re.compile(r"(?:^|[_.-])(?:pass(?:word|wd)?|pwd|secret|token|api[_-]?key|apikey)$", re.IGNORECASE)


def is_switch(value: str) -> bool:
    """``value`` turns a feature on or off (``yes``, ``false``): a setting about a secret, not one."""
    return re.fullmatch(_SWITCH, value.strip(), re.IGNORECASE) is not None


def is_setting_name(name: str) -> bool:
    """``name`` is a setting about a secret (``TOKEN_TTL``, ``PASSWORD_MIN_LENGTH``, ``SECRET_NAME``)."""
    return _NOT_SECRET_NAME.search(name) is not None


def is_placeholder(value: str) -> bool:
    """``value`` stands in for a secret rather than being one: empty, a mask, ``changeme``, a switch,
    a reference or template filled in elsewhere, or a value that says it is not real."""
    text = value.strip()
    return bool(_PLACEHOLDER.match(text) or _REFERENCE.search(text) or _DECLARED_FAKE.search(text))


def literal_secret(name: str, value: str) -> bool:
    """A credential-named variable (``DB_PASSWORD``, ``API_TOKEN``) holds a literal: a secret in clear
    text whatever its strength, since a weak password is still a password."""
    return bool(CREDENTIAL_NAME.search(name)) and not is_placeholder(value)


# Documented default credentials of services that tests run as throwaway containers: MinIO's
# minioadmin, RabbitMQ's guest, the Azure storage emulator's (Azurite) account and key
LOCAL_TEST_CREDENTIALS = frozenset(
    {
        "minioadmin",
        "guest",
        "devstoreaccount1",
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
    }
)


def token_kind(value: str) -> str | None:
    """The kind of a known credential format found in ``value``, or None."""
    for _kind, label, _match in find_tokens(value):
        return label
    if "://" in value and URL_CREDENTIALS.search(value):
        return "credentials in URL"
    return None


def is_secret_name(name: str) -> bool:
    return bool(SECRET_NAME.search(name)) and not is_setting_name(name)


def entropy(value: str) -> float:
    """Shannon entropy in bits per character."""
    if not value:
        return 0.0
    counts = Counter(value)
    return -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())


def looks_like_secret_value(value: str) -> bool:
    """A literal that plausibly is a real credential (not a placeholder or a reference)."""
    value = value.strip()
    if is_placeholder(value) or " " in value:
        return False
    return len(value) >= 8 and entropy(value) >= 3.0 and _classes(value) >= 2


def _classes(value: str) -> int:
    """How many of lower, upper, digit, other characters ``value`` mixes (real secrets mix)."""
    return sum(
        (
            any(c.islower() for c in value),
            any(c.isupper() for c in value),
            any(c.isdigit() for c in value),
            any(not c.isalnum() for c in value),
        )
    )


def hardcoded_secret(name: str, value: str) -> str | None:
    """Why ``name = value`` is a hard-coded secret, or None."""
    kind = token_kind(value)
    if kind:
        return kind
    if (is_secret_name(name) and looks_like_secret_value(value)) or literal_secret(name, value):
        return "secret value"
    return None
