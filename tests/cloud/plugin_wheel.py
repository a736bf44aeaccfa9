"""Build the tiny rule pack in ``plugin_pack/`` into a wheel, by hand (a wheel is a zip with a
``.dist-info``: no build backend, no network), and make a throwaway virtual environment that sees this
checkout's InfraGenius and pip, so that a test can pip-install into it."""

from __future__ import annotations

import base64
import hashlib
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

PACK = Path(__file__).parent / "plugin_pack"
PROJECT, VERSION = "ig-pack-demo", "1.0.0"


def build_wheel(folder: Path) -> Path:
    dist_info = f"ig_pack_demo-{VERSION}.dist-info"
    files = {f"ig_pack_demo/{p.name}": p.read_bytes() for p in sorted((PACK / "ig_pack_demo").glob("*.py"))}
    files[f"{dist_info}/METADATA"] = f"Metadata-Version: 2.1\nName: {PROJECT}\nVersion: {VERSION}\n".encode()
    files[f"{dist_info}/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    files[f"{dist_info}/entry_points.txt"] = b"[infragenius.plugins]\ndemo = ig_pack_demo\n"
    record = [f"{name},sha256={_hash(data)},{len(data)}" for name, data in files.items()]
    files[f"{dist_info}/RECORD"] = ("\n".join([*record, f"{dist_info}/RECORD,,"]) + "\n").encode()
    wheel = folder / f"ig_pack_demo-{VERSION}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return wheel


def _hash(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def make_venv(folder: Path) -> Path:
    """A venv whose own site-packages is empty and which also sees this environment's packages (this
    checkout's InfraGenius, pip); returns its python. pip installs into the new venv only."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True, timeout=120)
    python = folder / "bin" / "python"
    own = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout.strip()
    parent = sysconfig.get_paths()["purelib"]
    # addsitedir (not a plain path line) so that the parent's own .pth files (the editable install) apply
    (Path(own) / "_parent_env.pth").write_text(f"import site; site.addsitedir({parent!r})\n")
    return python
