"""TLS certificate checks turned off: ``curl -k``, ``wget --no-check-certificate``,
``git -c http.sslVerify=false``, ``export GIT_SSL_NO_VERIFY=1``, ``NODE_TLS_REJECT_UNAUTHORIZED=0``.

Requests to the machine itself or to the job's private network (``https://localhost:8443``, a
service container ``https://db:5432``, ``10.0.0.5``) are not reported: a self-signed certificate
there is normal. A URL whose host is not written out (``https://$HOST``) is unknown: not reported.
"""

from __future__ import annotations

import ipaddress
import re

from ..model import Command, Script, Word
from ..options import parse_options
from ..remote import CURL, WGET
from .hits import Hit

_URL = re.compile(r"(?i)^(?:https|ftps|wss)://(?:[^@/]*@)?(\[[^\]]*\]|[^/:?#]+)([/:?#]|$)")
_LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".svc", ".cluster.local", ".lan", ".home.arpa", ".test")
_SSL_VERIFY_KEY = re.compile(r"(?i)^http\.(?:.*\.)?sslverify$")
_EXPORT = re.compile(r"""^([A-Za-z_][A-Za-z0-9_]*)=(["']?)([\w.-]*)\2$""")
_FALSE = frozenset({"false", "no", "off", "0"})


def tls_verification_disabled(script: Script) -> list[Hit]:
    hits: list[Hit] = []
    for cmd in script.commands:
        program = cmd.program
        if program == "curl":
            hits += _curl(cmd)
        elif program == "wget":
            hits += _wget(cmd)
        elif program == "git":
            hits += _git(cmd)
        hits += _environment(cmd)
    return hits


def _curl(cmd: Command) -> list[Hit]:
    parsed = parse_options(cmd.args, CURL)
    flags = [o for o in parsed.options if o.name in ("-k", "--insecure")]
    urls = list(parsed.operands) + [o.value_word for o in parsed.get("--url") if o.value_word is not None]
    if not flags or not _reaches_remote(urls):
        return []
    word = flags[0].word
    if flags[0].name == "-k" and word.value != "-k":  # ``-fsSLk``: point at the cluster
        return [Hit(word.start, word.end, "curl -k turns off TLS certificate verification")]
    return [Hit(word.start, word.end, f"curl {word.value} turns off TLS certificate verification")]


def _wget(cmd: Command) -> list[Hit]:
    parsed = parse_options(cmd.args, WGET)
    flags = parsed.get("--no-check-certificate")
    if not flags or not _reaches_remote(list(parsed.operands)):
        return []
    word = flags[0].word
    return [Hit(word.start, word.end, "wget --no-check-certificate turns off TLS certificate verification")]


def _git(cmd: Command) -> list[Hit]:
    args = cmd.args
    hits = []
    urls = [w for w in args if w.is_static and "://" in w.value]
    i = 0
    while i < len(args):
        word = args[i]
        if not word.is_static:
            break
        if word.value in ("-c", "-C", "--git-dir", "--work-tree", "--namespace") and i + 1 < len(args):
            setting = args[i + 1]
            key, _, value = setting.value.partition("=")
            if (
                word.value == "-c"
                and setting.is_static
                and _SSL_VERIFY_KEY.match(key)
                and value.lower() in _FALSE
                and (not urls or _reaches_remote(urls))
            ):
                hits.append(
                    Hit(word.start, setting.end, "git http.sslVerify=false turns off TLS certificate verification")
                )
            i += 2
            continue
        if word.value == "config":
            operands = [w for w in args[i + 1 :] if not (w.is_static and w.value.startswith("-"))]
            if (
                len(operands) >= 2
                and operands[0].is_static
                and _SSL_VERIFY_KEY.match(operands[0].value)
                and operands[1].is_static
                and operands[1].value.lower() in _FALSE
            ):
                hits.append(
                    Hit(
                        operands[0].start,
                        operands[1].end,
                        "git config http.sslVerify false turns off TLS certificate verification",
                    )
                )
        if not word.value.startswith("-"):
            break  # the subcommand: what follows is its own arguments
        i += 1
    return hits


def _environment(cmd: Command) -> list[Hit]:
    """``GIT_SSL_NO_VERIFY=1 git ...``, ``export NODE_TLS_REJECT_UNAUTHORIZED=0``."""
    pairs: list[tuple[str, Word | None, int, int]] = []
    for key, value in cmd.assignments:
        if value is not None:
            pairs.append((key, value, value.start - len(key) - 1, value.end))
    if cmd.program == "export":
        for word in cmd.args:
            match = _EXPORT.match(word.raw)
            if match is not None:
                key, val = match.group(1), match.group(3)
                pairs.append((key, Word(val, val, word.start, word.end, True, val), word.start, word.end))
    hits = []
    for key, value, start, end in pairs:
        if key == "GIT_SSL_NO_VERIFY" and value is not None and (value.value or not value.is_static):
            hits.append(Hit(start, end, "GIT_SSL_NO_VERIFY turns off TLS certificate verification for git"))
        elif key == "NODE_TLS_REJECT_UNAUTHORIZED" and value is not None and value.is_static and value.value == "0":
            hits.append(
                Hit(start, end, "NODE_TLS_REJECT_UNAUTHORIZED=0 turns off TLS certificate verification for Node.js")
            )
    return hits


def _reaches_remote(words: list[Word]) -> bool:
    """Some URL names a host outside the job's own machine and network."""
    return any(_remote_host(_host(w)) for w in words if w is not None)


def _host(word: Word) -> str | None:
    text = word.value if word.is_static else word.static_prefix
    match = _URL.match(text)
    if match is None or (not word.is_static and not match.group(2)):
        return None  # not a TLS URL, or the host runs into an expansion
    return match.group(1).strip("[]").lower()


def _remote_host(host: str | None) -> bool:
    if not host:
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        if "." not in host.rstrip("."):
            return False  # ``localhost``, a service container or cluster-internal name
        return not host.rstrip(".").endswith(_LOCAL_SUFFIXES)
    return address.is_global
