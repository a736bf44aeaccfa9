"""The organisation's baseline of the repository being checked (``GET /v1/baselines``), for ``check``
runs that name no baseline of their own (``--no-org-baseline`` turns it off). The repository is the one
``--upload`` would name (``--repository``, else CI or git); its file names are relative to the
repository's root (the git work tree's top), as ``--write-baseline`` at the root records them."""

from __future__ import annotations

from pathlib import Path

from ..core.config import ConfigError
from ..core.fingerprints import Key
from . import ci_context
from . import shared_settings as shared


def org_baseline(repository: str | None) -> tuple[Path, list[Key]] | None:
    """(a path in the repository's root folder, the findings the baseline records), or None."""
    member = shared.signed_in()
    if member is None:
        return None
    repository = repository or ci_context.detect().repository
    if not repository:
        return None
    document = shared.fetched(member, "/v1/baselines", {"repository": repository})
    if document is None:
        return None
    from ..report import baseline

    try:
        known = baseline.entries(document, f"the organisation's baseline of {repository}")
    except ConfigError as exc:  # a newer service's format: said once, the run goes on without it
        shared.note("baseline", f"{exc}; not used")
        return None
    root = Path(ci_context.git_root() or Path.cwd())
    shared.note(
        "baseline-used", f"using the organisation's baseline of {repository} (--no-org-baseline to check without it)"
    )
    return root / "(organisation baseline)", known
