"""Credentials given to well-known commands, wherever a script is written (``RUN``, ``run:``,
``script:``, ``user_data``, ``command: [...]``): the spans of the secret part only.

- registry logins (``docker login -p PW``, ``podman``, ``helm registry login``...) and ``sshpass -p PW``;
- MySQL/MariaDB clients' attached password (``mysql -pPW``; ``-p PW`` asks for it and is left alone);
- ``curl -u user:PW`` / ``--user`` / ``--proxy-user`` (the part after the first colon);
- ``echo 'user:PW' | chpasswd`` and ``chpasswd <<< 'user:PW'``;
- ``echo PW | docker login --password-stdin``;
- ``kubectl create secret ... --from-literal=key=PW``;
- ``htpasswd -b FILE USER PW`` (``-nb USER PW``);
- HTTP headers: ``Authorization: Bearer TOKEN`` (any scheme, any entropy) and secret-named headers
  (``PRIVATE-TOKEN: ...``, ``X-API-Key: ...``).

A text scan rather than the shell model: it must also work on excerpts and on scripts embedded in
strings (Terraform heredocs, Kubernetes command lists), where no shell parse is available.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# One shell word: quoted or bare (a bare word ends at white space, a quote or a shell operator).
WORD = r"(?:\"(?P<dq>[^\"\n]*)\"|'(?P<sq>[^'\n]*)'|(?P<bare>[^\s\"'`;|&)]+))"
_ARGS = r"[^\n|;&]*?\s"  # the other arguments of the same command

LOGIN_PASSWORD = re.compile(
    rf"\b(?:(?:docker|podman|buildah|nerdctl|skopeo|oras)\s+{_ARGS}?login|helm\s+registry\s+login|sshpass)\b"
    rf"(?:{_ARGS})??(?:-p|--password)(?:[ \t]+|=|(?<=-p)(?=[^\s-])){WORD}"
)
MYSQL_PASSWORD = re.compile(
    rf"\b(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlshow|mysqlcheck|mariadb|mariadb-dump)\b{_ARGS}-p{WORD}"
)
CURL_USER = re.compile(rf"\bcurl\b{_ARGS}(?:-u[ \t]*|-U[ \t]*|--user[ \t=]+|--proxy-user[ \t=]+){WORD}")
CHPASSWD = re.compile(rf"\b(?:echo|printf)\s+(?:-[a-zA-Z]+\s+)*{WORD}\s*\|\s*(?:sudo\s+(?:-\S+\s+)*)?chpasswd\b")
CHPASSWD_HERE = re.compile(rf"\bchpasswd\b[^\n|;&]*<<<\s*{WORD}")
PASSWORD_STDIN = re.compile(
    rf"\b(?:echo|printf)\s+(?:-[a-zA-Z]+\s+)*{WORD}\s*\|\s*(?:sudo\s+)?[a-z-]+\b[^\n|;&]*--password-stdin\b"
)
FROM_LITERAL = re.compile(r"--from-literal[ \t=]+(?:\"|')?[A-Za-z0-9._-]+=(?P<bare>[^\s\"'`;|&)]+)")
HTPASSWD = re.compile(r"\bhtpasswd\b(?P<args>[^\n|;&<>]*)")
HTPASSWD_WORD = re.compile(WORD)
# ``Authorization:`` anywhere (YAML maps of headers too); other headers only as ``-H`` / ``--header``.
HEADER = re.compile(
    r"(?i)(?:(?:-H|--header)[ \t=]*[\"']?(?P<name>[a-z0-9-]+)|(?<![a-z0-9_-])(?:proxy-)?authorization)"
    r"[ \t]*:[ \t]*[\"']?(?:(?:bearer|basic|token|bot|digest|apikey|negotiate)[ \t]+)?"
    r"(?!(?:bearer|basic|token|bot|digest|apikey|negotiate)\b)(?P<bare>[^\s\"'\\`,;${<][^\s\"'\\`,;]*)"
)
SECRET_HEADER = re.compile(r"(?i)auth|token|api-?key|secret|password|cookie")


# Words every match of a pattern contains: a substring test skips the scans that cannot match
# (most files run none of these commands). HEADER's words are looked for in the lower-cased text.
_WHOLE_WORD = (
    (LOGIN_PASSWORD, ("login", "sshpass")),
    (MYSQL_PASSWORD, ("mysql", "mariadb")),
    (PASSWORD_STDIN, ("--password-stdin",)),
    (FROM_LITERAL, ("--from-literal",)),
)
_AFTER_COLON = ((CURL_USER, ("curl",)), (CHPASSWD, ("chpasswd",)), (CHPASSWD_HERE, ("chpasswd",)))
_HEADER_WORDS = ("authorization", "-h", "--header")


def secret_spans(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the credentials in ``text`` (possibly references such as ``$PW``: the caller filters)."""
    for pattern, words in _WHOLE_WORD:
        if any(word in text for word in words):
            for m in pattern.finditer(text):
                yield _word(m)
    for pattern, words in _AFTER_COLON:  # user:password -> the password
        if any(word in text for word in words):
            for m in pattern.finditer(text):
                start, end = _word(m)
                colon = text.find(":", start, end)
                if colon != -1:
                    yield colon + 1, end
    if "htpasswd" in text:
        for m in HTPASSWD.finditer(text):
            yield from _htpasswd_password(m)
    lower = text.lower()
    if ":" in text and any(word in lower for word in _HEADER_WORDS):
        for m in HEADER.finditer(text):
            if m.group("name") is None or SECRET_HEADER.search(m.group("name")):
                yield m.span("bare")


def _htpasswd_password(m: re.Match) -> Iterator[tuple[int, int]]:
    """With ``-b`` the password is the last operand: FILE USER PW, or USER PW with ``-n``."""
    words = list(HTPASSWD_WORD.finditer(m.string, m.start("args"), m.end("args")))
    options = "".join(w.group(0)[1:] for w in words if w.group(0).startswith("-"))
    operands = [w for w in words if not w.group(0).startswith("-")]
    if "b" in options and len(operands) == (2 if "n" in options else 3):
        yield _word(operands[-1])


def _word(m: re.Match) -> tuple[int, int]:
    for group in ("dq", "sq", "bare"):
        if group in m.re.groupindex and m.group(group) is not None:
            return m.span(group)
    return m.end(), m.end()
