"""Shell checks shared by every CI language (GitHub Actions ``run:``, GitLab ``script:``).

Each check is a plain function over a parsed ``Script`` that returns ``Hit``s: script offsets and a
message. The CI rule classes map the offsets back into their YAML scalar. What a check cannot see
(the shell's ``-e``/``pipefail`` flags, variables defined in ``env:``) is passed in by the caller.
"""

from .credentials import password_arguments
from .dialect import looks_like_powershell_or_cmd
from .errexit import ShellFlags, masked_pipelines, unchecked_cds
from .hits import Hit
from .masked_status import masked_substitution_status
from .quoting import unquoted_expansions, unquoted_substitutions
from .remote import remote_script_runs
from .rm_paths import empty_variable_rm_paths
from .tls import tls_verification_disabled
from .useless_cat import useless_cats

__all__ = [
    "Hit",
    "ShellFlags",
    "empty_variable_rm_paths",
    "looks_like_powershell_or_cmd",
    "masked_pipelines",
    "masked_substitution_status",
    "password_arguments",
    "remote_script_runs",
    "tls_verification_disabled",
    "unchecked_cds",
    "unquoted_expansions",
    "unquoted_substitutions",
    "useless_cats",
]
