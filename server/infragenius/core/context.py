"""What a rule sees while it checks one document."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .document import Document, Range
from .findings import Finding, Severity

if TYPE_CHECKING:
    from .config import Config

# Whether the license in force grants a tier feature (``"premium-rules"``). The tiers layer sits above
# the engine, so whoever builds an engine hands it this predicate; core never asks for the license.
Entitled = Callable[[str], bool]


def community(feature: str) -> bool:
    """The entitlements without a license: every deterministic rule, no premium pack."""
    return False


class Workspace:
    """Reads files the way the user sees them: open editor buffers first, then the disk.

    Multi-file languages (Terraform modules, Helm charts, GitLab includes) read their siblings
    through this so that unsaved edits count.
    """

    def __init__(self, overlay: dict[Path, str] | None = None) -> None:
        self.overlay = overlay if overlay is not None else {}

    def read_text(self, path: Path) -> str | None:
        path = Path(path)
        if path in self.overlay:
            return self.overlay[path]
        if not path.exists():  # a stat: failing to open costs an exception (~15 us, rules probe many names)
            return None
        if self.overlay:
            resolved = path.resolve()
            if resolved in self.overlay:
                return self.overlay[resolved]
        try:
            from .document import decode

            return decode(path.read_bytes())
        except OSError:
            return None

    def glob(self, top: Path, pattern: str) -> list[Path]:
        """Files under ``top`` matching ``pattern``, sorted (a listing, unlike a read, has no hash)."""
        try:
            return sorted(Path(top).glob(pattern))
        except (OSError, ValueError):
            return []


@dataclass
class Context:
    document: Document
    config: Config
    workspace: Workspace = field(default_factory=Workspace)
    model: Any = None
    parse_findings: list[Finding] = field(default_factory=list)
    entitled: Entitled = community  # rules that run other rules (Helm's rendered checks) pass it on
    # the model of this document's previous analysis by the same engine and config, for languages
    # that reuse what an edit did not change (Dockerfile instructions); None when there is none
    previous: Any = None

    @property
    def text(self) -> str:
        return self.document.text

    def syntax_error(self, range: Range, message: str, code: str = "IG001") -> None:
        """Report a parse problem; analysis of the rest of the file goes on."""
        from .engine_rules import ENGINE_RULES

        rule = ENGINE_RULES[code]
        self.parse_findings.append(
            Finding(
                code=code,
                message=message,
                range=range,
                severity=rule.severity,
                url=rule.url(),
                aliases=rule.aliases,
            )
        )

    def options(self, language: str) -> Any:
        """The language's section of the config (e.g. ``[tool.infragenius.dockerfile]``)."""
        return getattr(self.config, language.replace("-", "_"), None)


__all__ = ["Context", "Severity", "Workspace"]
