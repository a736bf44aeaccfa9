"""Codes the engine itself reports (IG): parse errors, internal failures, config problems.

They are rules so that they have docs, can be selected, ignored and suppressed like any other.
"""

from __future__ import annotations

from .findings import Severity
from .rules import Rule


class EngineRule(Rule):
    language = "engine"

    def check(self, ctx):  # reported by the engine and the parsers, not by a check pass
        return ()


class SyntaxError_(EngineRule):
    """The file cannot be parsed at this place.

    The tool that consumes the file (Docker, Terraform, the CI runner) would reject it. InfraGenius
    reports the error where it is and still analyses the parts of the file that parse.

    Bad:

        FROM alpine
        RUNN echo hi

    Good:

        FROM alpine
        RUN echo hi
    """

    code = "IG001"
    name = "syntax-error"
    message = "Syntax error"
    severity = Severity.ERROR
    tags = ("correctness",)


class InternalError(EngineRule):
    """InfraGenius failed while analysing this file.

    This is a bug in InfraGenius, never in your file. The other files and the other rules are not
    affected. Please report it with the log (``infragenius check -v``); the log never holds file content
    at the default level.

    Bad: (nothing you wrote)

    Good: (nothing to change)
    """

    code = "IG002"
    name = "internal-error"
    message = "InfraGenius could not analyse this file (internal error, see the log)"
    severity = Severity.INFORMATION
    tags = ("engine",)


class FileTooLarge(EngineRule):
    """The file is larger than the analysis limit and was not analysed.

    Analysing very large generated files would make the editor slow for no benefit. The limit is
    ``max-file-size`` in the config (bytes).

    Bad: a 50 MB generated manifest bundle checked on every keystroke.

    Good: exclude generated files, or raise ``max-file-size``.
    """

    code = "IG003"
    name = "file-too-large"
    message = "File is larger than max-file-size; not analysed"
    severity = Severity.INFORMATION
    tags = ("engine",)


class BinaryFile(EngineRule):
    """The file is not text (it contains NUL bytes) and was not analysed.

    Bad: a compiled binary named ``Dockerfile``.

    Good: a UTF-8 text file.
    """

    code = "IG004"
    name = "binary-file"
    message = "File is not text; not analysed"
    severity = Severity.INFORMATION
    tags = ("engine",)


ENGINE_RULES = {rule.code: rule for rule in (SyntaxError_, InternalError, FileTooLarge, BinaryFile)}
