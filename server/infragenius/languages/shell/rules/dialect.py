"""Is a CI script written for PowerShell or cmd rather than a POSIX shell?

Used where the shell is not stated (a GitLab job's runner, a self-hosted GitHub runner): a script
that uses ``$env:X``, a ``Verb-Noun`` cmdlet, ``C:\\`` paths or ``%VAR%`` is not parsed as sh.
"""

from __future__ import annotations

import re

_CMDLET = re.compile(
    r"(?m)^\s*\(?(Get|Set|New|Remove|Write|Invoke|Test|Start|Stop|Copy|Move|Measure|Add|Expand|Out|Import|Select|Join)-[A-Z]\w+"
)
_OTHER_SHELL = re.compile(r"(?i)\$env:|(?<![\w/])[a-z]:\\|(?m:^\s*\.\\)|%[a-z_][a-z0-9_]+%")


def looks_like_powershell_or_cmd(text: str) -> bool:
    return bool(_OTHER_SHELL.search(text) or _CMDLET.search(text))
