"""Secrets never leave the machine: they are replaced by placeholders before any request.

A :class:`Redactor` is made per request. The same secret always gets the same placeholder
(``REDACTED_AWS_ACCESS_KEY_1``), numbered in order of appearance, so the redacted prompt (and so the
cache key) is stable for the same input. Placeholders in the model's answer are put back locally
with :meth:`Redactor.restore` (or :class:`StreamRestorer` for streamed text).

One source of truth: the prompt's file excerpt is cut from the *whole* file redacted
(:meth:`Redactor.redact_lines`), so a secret is recognised by what surrounds it even where the
excerpt leaves that out (a ``variable`` line above a ``default``, a PEM ``BEGIN`` line, a ``name:``
above a ``value:``, the ``kind: Secret`` of a manifest). Every message is then redacted again, and
every secret already known is replaced wherever else it appears (a finding's message, the list of
findings in a review). Line structure is kept: a secret spanning lines gets a placeholder per line.

What is redacted: provider token formats (AWS, GitHub, GitLab, Slack, Google, Stripe...), private key
blocks (their BEGIN/END lines stay), JWTs, credentials in URLs, values assigned to secret-looking
names (``*PASSWORD*``, ``*TOKEN*``, ``*SECRET*``, ``*KEY*``...) in ENV/ARG/shell/YAML/HCL/JSON/CLI-flag
form, ``Password=`` inside connection strings, what YAML structure marks secret
(:mod:`.redact_yaml`), credentials given to known commands (:mod:`.redact_commands`), and
high-entropy strings. References to secrets (``${{ secrets.X }}``, ``$VAR``, ``var.x``,
``{{ .Values.x }}``) are not secrets and stay, because the explanation often depends on them; a
template's ``default "literal"`` is redacted.
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter

from cachetools import LRUCache

from ..core import secrets as core_secrets
from ..core.secrets import URL_CREDENTIALS, find_tokens
from . import redact_commands, redact_yaml

PLACEHOLDER_RE = re.compile(r"REDACTED_[A-Z_]+?_\d+")

SECRET_NAME = re.compile(
    r"(?i)(?:passw(?:or)?d|passphrase|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|"
    r"[_.-]key(?:$|[_.-])|^key[_.-]|(?-i:[a-z]Key)$|credentials?|auth[_-]?(?:key|token)?$|client[_-]?secret|signature|"
    r"(?:^|[_.-])pass$|(?:^|[_.-])pw$|pword|cookie|session[_-]?id|dsn$|connection[_-]?string)"
)
# A line that may name a secret holds one of these words (every SECRET_NAME and core.secrets name does).
SECRET_HINT = re.compile(
    r"(?im)^.*(?:pass|pw|secret|token|key|credential|auth|signature|cookie|session|dsn|connection).*$"
)
# names of settings about a secret, not of one: --password-stdin, PASSWORD_FILE, TLS_KEY_PATH, SECRET_NAME
NOT_SECRET_NAME = re.compile(r"(?i)[_-](?:stdin|file|path|name|enabled|length|ttl|version)$")
NAME = r"[A-Za-z_][A-Za-z0-9_.-]*"
# A value: double-quoted, single-quoted or bare; _value_span() tells which group matched.
# A bare value may hold ``#`` (``ENV PW=abc#123``: a comment starts only a word).
QUOTED_OR_BARE = r"(?:\"(?P<dq>[^\"\n]*)\"|'(?P<sq>[^'\n]*)'|(?P<bare>[^\s\"'#;,][^\s\"';,]*))"
LINE_VALUE = r"(?:\"(?P<dq>[^\"\n]*)\"|'(?P<sq>[^'\n]*)'|(?P<bare>[^\s\"'#][^\n]*?))(?:[ \t]+#.*)?[ \t]*$"

# NAME=value (ENV, ARG, shell, .env, CLI flags --name=value), with optional quotes.
ASSIGN_EQ = re.compile(rf"(?P<name>(?:--)?{NAME})\s*=\s*{QUOTED_OR_BARE}")
# NAME: value (YAML) — value to the end of the line, quotes stripped.
ASSIGN_COLON = re.compile(rf"(?m)(?P<name>\"?{NAME}\"?)\s*:[ \t]+{LINE_VALUE}")
# Dockerfile ``ENV NAME value`` / ``ARG`` legacy form and CLI ``--password value``.
ASSIGN_SPACE = re.compile(
    rf"(?im)(?:^\s*(?:\d+\s*\|\s*)?(?:ENV|ARG)\s+|(?<=\s)--)(?P<name>{NAME})[ \t]+{QUOTED_OR_BARE}"
)
# ``variable "db_password" { ... default = "..." }`` (Terraform) is handled by ASSIGN_EQ on ``default``
# only inside a block whose label is a secret name; see _terraform_defaults.
TF_SECRET_BLOCK = re.compile(r'(?m)^\s*(?:\d+\s*\|\s*)?variable\s+"(?P<label>[^"]+)"\s*\{')
# "name": "value" anywhere on a line (JSON in a YAML string, such as DOCKER_AUTH_CONFIG).
JSON_PAIR = re.compile(r'"(?P<name>[^"\n]+)"\s*:\s*"(?P<dq>[^"\n]*)"')
# A template's fallback literal: {{ .Values.password | default "literal" }}.
TEMPLATE_DEFAULT = re.compile(r"\bdefault\s+(?:\"(?P<dq>[^\"\n]*)\"|'(?P<sq>[^'\n]*)')")
PEM_MARKER = re.compile(r"-----(?:BEGIN|END) [A-Z0-9 ]*-----")
# A private key's last lines without its BEGIN line (an excerpt that starts inside the key).
PEM_TAIL = re.compile(
    r"(?m)(?:^(?:[ \t]*\d+ \| )?[ \t]*[A-Za-z0-9+/=]{4,}[ \t]*\n)+"
    r"(?=(?:[ \t]*\d+ \| )?[ \t]*-----END [A-Z0-9 ]*PRIVATE KEY)"
)

# Values that only refer to a secret kept elsewhere; they are useful context and not secret.
REFERENCE = re.compile(
    r"^\s*(?:\$\{\{.*\}\}|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|\$\(.*|\{\{.*\}\}|(?:var|local|data|module)\.[A-Za-z0-9_.\[\]\"-]+|"
    r"REDACTED_[A-Z_]+_\d+|<[^<>]*>|\*+|x+|changeme|true|false|null|none|~|\[\]|\{\}|\||>-?|\|-?)\s*$",
    re.IGNORECASE,
)

CANDIDATE = re.compile(r"(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{20,}={0,2}(?![A-Za-z0-9+/_=-])")
HEX = re.compile(r"^[0-9a-fA-F]+$")
DIGEST_BEFORE = re.compile(r"(?:@|sha(?:1|224|256|384|512):|[0-9a-f]{7,}\.\.)$", re.IGNORECASE)


# Whole files redacted lately: hovers, explain then fix, and review ask about the same text again
# (a large file takes tens of milliseconds). Keyed by the text, so an edit is a new entry.
_FILES: LRUCache = LRUCache(maxsize=8)
_FILES_LOCK = threading.Lock()


class Redactor:
    """Replaces secrets with stable placeholders and puts them back in answers."""

    def __init__(self) -> None:
        self._by_secret: dict[str, str] = {}
        self._by_placeholder: dict[str, str] = {}
        self._counts: Counter[str] = Counter()

    @property
    def secrets(self) -> dict[str, str]:
        """Placeholder -> original value."""
        return dict(self._by_placeholder)

    def redact(self, text: str) -> str:
        # Most specific first: a known token format names the secret better than "high entropy".
        spans: list[tuple[int, int, str]] = []
        spans += [(m.start(), m.end(), kind) for kind, _, m in find_tokens(text)]
        if "-----END" in text and "PRIVATE KEY" in text:
            spans += [(m.start(), m.end(), "PRIVATE_KEY") for m in PEM_TAIL.finditer(text)]
        spans += [(m.start("secret"), m.end("secret"), "URL_PASSWORD") for m in URL_CREDENTIALS.finditer(text)]
        spans += _secret_parts(text, redact_commands.secret_spans(text))
        spans += list(_named_values(text))
        spans += _secret_parts(text, redact_yaml.secret_spans(text, is_secret_name))
        spans += list(_high_entropy(text))
        return self._known(self._replace(text, spans))

    def redact_lines(self, lines: list[str]) -> list[str]:
        """A whole file's lines, redacted with all of it in view: cut excerpts from these."""
        text = "\n".join(lines)
        key = (type(self), text)
        fresh = not self._by_secret  # then the result depends on the text only, and is remembered
        if fresh:
            with _FILES_LOCK:
                hit = _FILES.get(key)
            if hit is not None:
                redacted, (by_secret, by_placeholder, counts) = hit
                self._by_secret, self._by_placeholder, self._counts = (
                    dict(by_secret),
                    dict(by_placeholder),
                    Counter(counts),
                )
                return redacted.split("\n")
        redacted = self.redact(text)
        if fresh:
            with _FILES_LOCK:
                _FILES[key] = redacted, (dict(self._by_secret), dict(self._by_placeholder), Counter(self._counts))
        lines_out = redacted.split("\n")
        assert len(lines_out) == len(lines)  # placeholders never add or remove a line
        return lines_out

    def restore(self, text: str) -> str:
        if not self._by_placeholder:
            return text
        return PLACEHOLDER_RE.sub(lambda m: self._restore_one(m.group(0)), text)

    def _restore_one(self, token: str) -> str:
        found = self._by_placeholder.get(token)
        if found is not None:
            return found
        # A placeholder the text goes on with digits ("REDACTED_PRIVATE_KEY_1" + "12"): the longest
        # known placeholder the token starts with, and the digits after it as they were.
        for cut in range(len(token) - 1, 0, -1):
            if not token[cut - 1].isdigit():
                break
            head = self._by_placeholder.get(token[:cut])
            if head is not None:
                return head + token[cut:]
        return token

    def stream_restorer(self) -> StreamRestorer:
        return StreamRestorer(self)

    # -- internals -----------------------------------------------------------------------------
    def _replace(self, text: str, spans: list[tuple[int, int, str]]) -> str:
        chosen: list[tuple[int, int, str]] = []
        # In priority order (the order of ``spans``): a span overlapping one already chosen is dropped.
        for start, end, kind in spans:
            if end <= start or not text[start:end].strip():
                continue
            if any(start < c_end and c_start < end for c_start, c_end, _ in chosen):
                continue
            chosen.append((start, end, kind))
        out, last = [], 0
        for start, end, kind in sorted(_line_pieces(text, chosen)):
            out.append(text[last:start])
            out.append(self._placeholder(text[start:end], kind))
            last = end
        out.append(text[last:])
        return "".join(out)

    def _known(self, text: str) -> str:
        """Every secret already found, wherever else it appears (found in the file, named in a message).
        Only values that look like credentials: a weak one ("postgres") would also hide every image
        name and word it equals, which the explanation needs."""
        for secret in sorted(self._by_secret, key=len, reverse=True):
            if secret in text and core_secrets.looks_like_secret_value(secret):
                text = text.replace(secret, self._by_secret[secret])
        return text

    def _placeholder(self, secret: str, kind: str) -> str:
        if PLACEHOLDER_RE.fullmatch(secret):
            return secret  # already redacted (prompts are redacted message by message)
        if secret not in self._by_secret:
            self._counts[kind] += 1
            placeholder = f"REDACTED_{kind}_{self._counts[kind]}"
            self._by_secret[secret] = placeholder
            # A second pass may take one of our placeholders into a larger secret: keep the original.
            self._by_placeholder[placeholder] = self.restore(secret)
        return self._by_secret[secret]


class StreamRestorer:
    """Restores placeholders in streamed text whose pieces may cut a placeholder in two."""

    def __init__(self, redactor: Redactor) -> None:
        self._redactor = redactor
        self._pending = ""

    def feed(self, piece: str) -> str:
        text = self._pending + piece
        keep = _partial_placeholder_tail(text)
        self._pending = text[len(text) - keep :] if keep else ""
        return self._redactor.restore(text[: len(text) - keep] if keep else text)

    def flush(self) -> str:
        text, self._pending = self._pending, ""
        return self._redactor.restore(text)


def _partial_placeholder_tail(text: str) -> int:
    """How many trailing characters could be the start of a placeholder not yet complete."""
    m = re.search(r"R(?:E(?:D(?:A(?:C(?:T(?:E(?:D(?:_[A-Z_]*\d*)?)?)?)?)?)?)?)?$", text)
    return len(m.group(0)) if m else 0


def is_secret_name(name: str) -> bool:
    """Whether a value under this name is taken for a secret: wider than the secret rules' names
    (``core.secrets``, which it includes), as a redaction too many costs little."""
    name = name.strip("\"'-")
    return (bool(SECRET_NAME.search(name)) or core_secrets.is_secret_name(name)) and not NOT_SECRET_NAME.search(name)


def _value_span(m: re.Match) -> tuple[int, int] | None:
    for group in ("dq", "sq", "bare"):
        if group in m.re.groupindex and m.group(group) is not None:
            return m.span(group)
    return None


def _line_pieces(text: str, spans: list[tuple[int, int, str]]):
    """Spans cut at line ends (each line keeps its own placeholder, so lines keep their numbers);
    the BEGIN/END lines of a private key stay, they say what the placeholders stand for."""
    for start, end, kind in spans:
        if "\n" not in text[start:end]:
            yield start, end, kind
            continue
        at = start
        for piece in text[start:end].split("\n"):
            gutter = redact_yaml.GUTTER.match(piece)  # an excerpt's line numbers are no secret
            body = piece[gutter.end() :] if gutter else piece
            lead = len(piece) - len(body.lstrip())
            core = body.strip()
            if core and not PEM_MARKER.fullmatch(core) and not PLACEHOLDER_RE.fullmatch(core):
                yield at + lead, at + lead + len(core), kind
            at += len(piece) + 1


def _named_values(text: str):
    # Only lines holding a word of a secret name can assign to one: the patterns skip the others
    # (most of a large file), which makes redacting a whole file several times faster.
    for line in SECRET_HINT.finditer(text):
        start, end = line.span()
        for pattern in (ASSIGN_COLON, ASSIGN_SPACE, JSON_PAIR):
            for m in pattern.finditer(text, start, end):
                span = _value_span(m)
                if span and is_secret_name(m.group("name")):
                    yield from _literal_parts(text, *span)
        yield from _assignments(text, start, end)
    for block in TF_SECRET_BLOCK.finditer(text):
        if not is_secret_name(block.group("label")):
            continue
        end = text.find("\n}", block.end())
        body = text[block.end() : len(text) if end == -1 else end]
        for m in re.finditer(rf"\bdefault\s*=\s*{QUOTED_OR_BARE}", body):
            span = _value_span(m)
            if span and _is_value(body[span[0] : span[1]]):
                yield block.end() + span[0], block.end() + span[1], "SECRET"


def _assignments(text: str, start: int, end: int):
    """NAME=value pairs, and those inside a value (``DB_CONN="Server=x;Password=y"``)."""
    for m in ASSIGN_EQ.finditer(text, start, end):
        span = _value_span(m)
        if not span:
            continue
        if is_secret_name(m.group("name")):
            yield from _literal_parts(text, *span)
        elif "=" in text[span[0] : span[1]]:
            yield from _assignments(text, *span)


def _secret_parts(text: str, spans) -> list[tuple[int, int, str]]:
    """The literal parts of values found secret by a command or by the shape of the text."""
    return [part for start, end in spans for part in _literal_parts(text, start, end)]


def _literal_parts(text: str, start: int, end: int):
    """The value itself when it is a literal; a template's fallback literals when it is a reference."""
    value = text[start:end]
    if _is_value(value):
        yield start, end, "SECRET"
    elif "{{" in value:
        for m in TEMPLATE_DEFAULT.finditer(value):
            span = _value_span(m)
            if span and _is_value(value[span[0] : span[1]]):
                yield start + span[0], start + span[1], "SECRET"


def _is_value(value: str) -> bool:
    """A literal that may be a secret (not empty, not a reference to a secret kept elsewhere)."""
    return bool(value.strip()) and not REFERENCE.match(value)


def _high_entropy(text: str):
    for m in CANDIDATE.finditer(text):
        token = m.group(0).strip("=")
        if _looks_random(token) and not DIGEST_BEFORE.search(text[max(0, m.start() - 12) : m.start()]):
            yield m.start(), m.start() + len(m.group(0)), "HIGH_ENTROPY"


def _looks_random(token: str) -> bool:
    if "REDACTED_" in token or len(token) < 20:
        return False
    if HEX.match(token):
        return len(token) >= 32 and _entropy(token) >= 3.0
    if not (re.search(r"\d", token) and re.search(r"[a-z]", token) and re.search(r"[A-Z]", token)):
        return False
    # Paths and identifiers made of words (a/b/c, Some-Long-Name) have separators every few letters.
    parts = re.split(r"[/_.-]", token)
    if len(parts) > 2 and max(len(p) for p in parts) < 16:
        return False
    return _entropy(token) >= min(4.0, 0.8 * math.log2(len(token)))


def _entropy(token: str) -> float:
    counts = Counter(token)
    n = len(token)
    return -sum(c / n * math.log2(c / n) for c in counts.values())
