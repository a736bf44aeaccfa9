"""Where the license token and the Cloud key are kept: the user config dir, readable by the user only."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

LICENSE_FILE = "license.jwt"
CLOUD_KEY_FILE = "cloud.key"


def config_dir() -> Path:
    """The user config dir: one definition, in core (trusted folders and user settings live there too)."""
    from ..core.trust import config_dir as user_config_dir  # lazily: it needs the config model (pydantic)

    return user_config_dir()


def data_dir() -> Path:
    override = os.environ.get("INFRAGENIUS_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir("infragenius", appauthor=False))


def save_secret(name: str, value: str) -> Path:
    """Write a secret file with 0600 permissions, atomically: a new file (created 0600, never briefly
    world-readable) renamed over the old one. The rename replaces whatever is at the destination, a
    symlink included, so the secret never lands in a file someone else pointed the name at."""
    folder = config_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / name
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.")  # mode 0600, O_EXCL: always a new file
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(value.strip() + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return path


def read_secret(name: str) -> str | None:
    path = config_dir() / name
    try:
        value = path.read_text("utf-8").strip()
    except OSError:
        return None
    return value or None


def delete_secret(name: str) -> bool:
    try:
        (config_dir() / name).unlink()
        return True
    except FileNotFoundError:
        return False
