"""Shell analysis shared by Dockerfile ``RUN``, GitHub Actions ``run:`` and GitLab ``script:``.

``parse_script(text)`` gives a ``Script``: its simple commands (wrappers such as ``sudo`` and ``env``
unwrapped, ``sh -c '...'`` scripts included), their words with offsets and redirections, and the pipelines.
``parse_script(text, GITHUB_EXPRESSION)`` treats ``${{ ... }}`` as an expansion.
``package_command(cmd)`` reads a package-manager command (apt-get, apk, pip, npm...);
``remote_scripts(script)`` finds downloads run as code (``curl URL | sh``).
"""

from .model import Command, Pipeline, Redirect, Script, Word
from .options import Option
from .packages import PackageCommand, package_command, package_commands
from .parse import GITHUB_EXPRESSION, parse_script
from .remote import remote_scripts

__all__ = [
    "GITHUB_EXPRESSION",
    "Command",
    "Option",
    "PackageCommand",
    "Pipeline",
    "Redirect",
    "Script",
    "Word",
    "package_command",
    "package_commands",
    "parse_script",
    "remote_scripts",
]
