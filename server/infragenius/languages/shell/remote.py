"""Downloads run as code: ``curl URL | sh``, ``sh -c "$(curl URL)"``, ``bash <(wget -O- URL)``."""

from __future__ import annotations

from .model import Command, Script
from .options import OptionSpec, parse_options
from .wrappers import SHELLS

WGET = OptionSpec(
    short_values="oaeiBtOTwQPUlARDIX",
    short_rest="n",
    long_values=frozenset(
        {
            "--output-document",
            "--output-file",
            "--append-output",
            "--execute",
            "--input-file",
            "--base",
            "--tries",
            "--timeout",
            "--wait",
            "--quota",
            "--directory-prefix",
            "--user-agent",
            "--level",
            "--accept",
            "--reject",
            "--domains",
            "--include-directories",
            "--exclude-directories",
            "--progress",
            "--header",
            "--user",
            "--password",
            "--http-user",
            "--http-password",
            "--post-data",
            "--post-file",
            "--referer",
            "--load-cookies",
            "--save-cookies",
            "--ca-certificate",
            "--certificate",
            "--private-key",
            "--bind-address",
            "--limit-rate",
            "--method",
            "--body-data",
            "--dns-timeout",
            "--connect-timeout",
            "--read-timeout",
            "--waitretry",
            "--ca-directory",
            "--secure-protocol",
            "--restrict-file-names",
            "--proxy-user",
            "--proxy-password",
        }
    ),
)
CURL = OptionSpec(
    short_values="AbcCdDeEFHKmoPQrtTuUwxXyYz",
    long_values=frozenset(
        {
            "--output",
            "--header",
            "--data",
            "--data-raw",
            "--data-binary",
            "--data-urlencode",
            "--user",
            "--request",
            "--user-agent",
            "--referer",
            "--cookie",
            "--cookie-jar",
            "--form",
            "--config",
            "--cert",
            "--max-time",
            "--connect-timeout",
            "--retry",
            "--retry-delay",
            "--retry-max-time",
            "--proto",
            "--proto-redir",
            "--output-dir",
            "--cacert",
            "--capath",
            "--url",
            "--write-out",
            "--proxy",
            "--resolve",
            "--limit-rate",
            "--max-filesize",
            "--dump-header",
            "--ciphers",
            "--interface",
            "--range",
            "--upload-file",
            "--netrc-file",
            "--oauth2-bearer",
            "--unix-socket",
            "--create-file-mode",
            "--key",
            "--pass",
            "--continue-at",
        }
    ),
)
INTERPRETERS = SHELLS | {"python", "python3", "perl", "ruby", "node", "php"}


def writes_stdout(cmd: Command) -> bool:
    """A curl or wget that writes the download to standard output."""
    if cmd.program == "curl":
        parsed = parse_options(cmd.args, CURL)
        outputs = parsed.values("-o", "--output")
        return not parsed.has("-O", "--remote-name", "--remote-name-all") and all(v == "-" for v in outputs)
    if cmd.program == "wget":
        parsed = parse_options(cmd.args, WGET)
        return any(v == "-" for v in parsed.values("-O", "--output-document"))
    return False


def reads_stdin_script(cmd: Command) -> bool:
    """``sh``, ``bash -s -- args``, ``python3 -``: the interpreter runs what it reads on stdin."""
    if cmd.program not in INTERPRETERS:
        return False
    for word in cmd.args:
        value = word.value
        if value == "-" or value == "--":
            return True
        if not word.is_static:
            return False
        if value.startswith("-"):
            if not value.startswith("--") and "c" in value[1:] and cmd.program in SHELLS:
                return False  # ``sh -c 'script'``: stdin is data
            if cmd.program not in SHELLS:
                return False  # ``python3 -m module``, ``perl -e``: not stdin
            continue
        return False  # a script file: stdin is data
    return True


def remote_scripts(script: Script) -> list[tuple[int, int]]:
    """Spans (script offsets) where downloaded text is run as a script: from the downloader's
    name to the interpreter's name in a pipe, or the command whose substitution downloads."""
    found: list[tuple[int, int]] = []
    for pipe in script.pipelines:
        source = next((c for c in pipe.commands if c.program in ("curl", "wget") and writes_stdout(c)), None)
        if source is None:
            continue
        sink = next((c for c in pipe.commands[source.pipe_index + 1 :] if reads_stdin_script(c)), None)
        if sink is not None and sink.name is not None and source.name is not None:
            found.append((source.name.start, sink.name.end))
    for cmd in script.commands:
        parent = cmd.parent
        if cmd.program not in ("curl", "wget") or parent is None or parent.name is None or not writes_stdout(cmd):
            continue
        if parent.program in ("eval", "source", ".") or (
            parent.program in SHELLS and (cmd.substitution == "<(" or _has_dash_c(parent))
        ):
            found.append((parent.name.start, parent.end))
    return found


def _has_dash_c(cmd: Command) -> bool:
    return any(
        w.is_static and w.value.startswith("-") and not w.value.startswith("--") and "c" in w.value for w in cmd.args
    )
