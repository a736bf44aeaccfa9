"""Downloads run as code: ``curl URL | sh``, ``bash <(curl URL)``, ``sh -c "$(curl URL)"``."""

from __future__ import annotations

from ..model import Script
from ..remote import remote_scripts
from .hits import Hit


def remote_script_runs(script: Script) -> list[Hit]:
    return [Hit(start, end) for start, end in remote_scripts(script)]
