"""Models pulled with ``infragenius ai pull``: where they live and which one the embedded provider runs.

They are kept in the user's data folder (``platformdirs``; ``INFRAGENIUS_AI_MODELS_DIR`` overrides it),
with ``chosen.json`` naming the one pulled last. ``ai.model-path`` in the settings still wins over it.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import httpx

from .catalogue import CatalogueModel
from .download import Downloaded, Progress, download

ENV_DIR = "INFRAGENIUS_AI_MODELS_DIR"
CHOSEN = "chosen.json"
CONNECT_TIMEOUT_S = 15.0
READ_TIMEOUT_S = 60.0  # between two pieces of the body, not for the whole file


@dataclass(frozen=True)
class PulledModel:
    name: str
    path: Path


def models_dir() -> Path:
    override = os.environ.get(ENV_DIR)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir("infragenius", appauthor=False)) / "models"


def chosen() -> PulledModel | None:
    """The model pulled last, when its file is still there."""
    try:
        record = json.loads((models_dir() / CHOSEN).read_text(encoding="utf-8"))
        pulled = PulledModel(str(record["name"]), models_dir() / Path(str(record["file"])).name)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return pulled if pulled.path.is_file() else None


def pull(model: CatalogueModel, progress: Progress | None = None, client: httpx.Client | None = None) -> Downloaded:
    """Download ``model`` (resumed, verified) and make it the embedded provider's model."""
    folder = models_dir()
    folder.mkdir(parents=True, exist_ok=True)
    own = client is None
    client = client or httpx.Client(
        timeout=httpx.Timeout(READ_TIMEOUT_S, connect=CONNECT_TIMEOUT_S), headers={"User-Agent": "infragenius"}
    )
    try:
        result = download(model.url, folder / model.file, client, model.sha256, progress)
    finally:
        if own:
            client.close()
    use(model)
    return result


def installed(model: CatalogueModel) -> Path | None:
    path = models_dir() / model.file
    return path if path.is_file() else None


def use(model: CatalogueModel) -> None:
    """Make a pulled ``model`` the one the embedded provider runs."""
    record = models_dir() / CHOSEN
    temporary = record.with_suffix(".tmp")
    temporary.write_text(json.dumps({"name": model.name, "file": model.file}), encoding="utf-8")
    temporary.replace(record)  # a reader sees the old choice or the new one, never half of it
