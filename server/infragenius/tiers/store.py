"""Where the license token and the Cloud key are kept: the user config dir, readable by the user only."""

from __future__ import annotations

import os
from pathlib import Path

LICENSE_FILE = "license.jwt"
CLOUD_KEY_FILE = "cloud.key"


def config_dir() -> Path:
    override = os.environ.get("INFRAGENIUS_CONFIG_DIR")
    if override:
        return Path(override)
    from platformdirs import user_config_dir

    return Path(user_config_dir("infragenius", appauthor=False))


def data_dir() -> Path:
    override = os.environ.get("INFRAGENIUS_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir("infragenius", appauthor=False))


def save_secret(name: str, value: str) -> Path:
    """Write a secret file with 0600 permissions (created that way: never briefly world-readable)."""
    folder = config_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / name
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(value.strip() + "\n")
    os.chmod(path, 0o600)
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
