"""Refresh the Compose Specification's schema that InfraGenius ships (languages/compose/data/).

``python tests/tools/refresh_compose_schema.py [VERSION]`` downloads check-jsonschema (PyPI; the newest,
or VERSION) with pip, takes the schema it vendors, checks it against the sha256 the wheel records, and
copies it with its license next to the rules. Then update the version and hash in data/README.md.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TARGET = ROOT / "server" / "infragenius" / "languages" / "compose" / "data"
VENDOR = "check_jsonschema/builtin_schemas/vendor/"


def main(argv: list[str]) -> int:
    requirement = f"check-jsonschema=={argv[0]}" if argv else "check-jsonschema"
    with tempfile.TemporaryDirectory() as tmp:
        pip = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:", "-d", tmp]
        subprocess.run([*pip, requirement], check=True)
        wheel = next(Path(tmp).glob("check_jsonschema-*.whl"))
        with zipfile.ZipFile(wheel) as archive:
            schema = archive.read(VENDOR + "compose-spec.json")
            expected = archive.read(VENDOR + "sha256/compose-spec.sha256").decode().split()[0]
            license_text = archive.read(VENDOR + "licenses/LICENSE.compose-spec")
    digest = hashlib.sha256(schema).hexdigest()
    if digest != expected:
        print(f"{wheel.name}: the schema's sha256 {digest} is not the recorded {expected}", file=sys.stderr)
        return 1
    (TARGET / "compose-spec.json").write_bytes(schema)
    (TARGET / "LICENSE.md").write_bytes(license_text)
    print(f"{wheel.name}: compose-spec.json sha256 {digest}; record both in {TARGET / 'README.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
