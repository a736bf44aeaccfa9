"""On-disk cache of ``infragenius check`` results, so that repeated CI runs skip unchanged files.

An entry is keyed by the file's bytes, its language and path (per-file-ignores depend on it) and a
salt made of the infragenius version, the effective config, the features the license grants (premium
rule packs run only when entitled) and a fingerprint of the rule code (package and plugin modules:
size + mtime), so any change of rules, settings or license misses. Files that the
analysis read besides the checked one (through ``Workspace.read_text``) are recorded with their hash
and re-verified on every hit. Languages whose analysis lists or renders whole directories (Terraform
modules, Helm charts, GitLab `include: local` globs: a ``LanguageSpec.analysis_unit``) are not cached:
a new sibling file would not be noticed.

Entries are small JSON files written atomically (temp file + rename), so parallel workers and
parallel CI jobs sharing the directory never see half-written entries.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from .. import __version__
from .context import Workspace
from .document import Range
from .findings import Edit, Finding, Fix, Related, Severity

log = logging.getLogger(__name__)

FORMAT = 1
STALE_AFTER_S = 7 * 24 * 3600  # salt folders unused this long are removed


def default_directory() -> Path:
    env = os.environ.get("INFRAGENIUS_CACHE_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("infragenius")) / "results"


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class RecordingWorkspace(Workspace):
    """A workspace that remembers which other files an analysis read, and what they held."""

    def __init__(self, overlay: dict[Path, str] | None = None) -> None:
        super().__init__(overlay)
        self.reads: dict[str, str | None] = {}
        self.listed = False  # the analysis listed a folder: a new file there could change it

    def glob(self, top: Path, pattern: str) -> list[Path]:
        self.listed = True
        return super().glob(top, pattern)

    def read_text(self, path: Path) -> str | None:
        text = super().read_text(path)
        key = str(Path(path).resolve())
        self.reads[key] = None if text is None else digest(text.encode("utf-8", "surrogatepass"))
        return text

    def reset(self) -> None:
        self.reads = {}
        self.listed = False


class ResultCache:
    def __init__(self, config_fingerprint: str, directory: Path | None = None, entitlements: str = "") -> None:
        """``entitlements``: the features the license grants, from the tiers layer (the caller's to
        say: core does not reach up for the license)."""
        parts = (FORMAT, __version__, config_fingerprint, entitlements, code_fingerprint())
        salt = digest("\0".join(map(str, parts)).encode())
        base = directory or default_directory()
        self.directory = base / salt[:24]
        self.hits = self.misses = 0
        self._ready = False

    @classmethod
    def for_config(cls, config, directory: Path | None = None, entitlements: str = "") -> ResultCache:
        return cls(config.model_dump_json(by_alias=True), directory, entitlements)

    # -- keys ----------------------------------------------------------------------------------
    @staticmethod
    def key(data: bytes, language: str, relpath: str) -> str:
        head = f"{language}\0{relpath}\0".encode("utf-8", "surrogateescape")
        return digest(head + data)

    @staticmethod
    def cacheable(language: str | None) -> bool:
        """Whether a language's results may be stored: asked after its analysis (its spec is loaded)."""
        from .rules import REGISTRY

        spec = REGISTRY.spec(language) if language is not None else None
        return spec is not None and not spec.multi_file

    def _entry(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    # -- lookups -------------------------------------------------------------------------------
    def get(self, key: str) -> list[Finding] | None:
        try:
            raw = self._entry(key).read_bytes()
            entry = json.loads(raw)
            if not _deps_unchanged(entry.get("deps", {})):
                self.misses += 1
                return None
            findings = [finding_from_json(item) for item in entry["findings"]]
        except FileNotFoundError:
            self.misses += 1
            return None
        except (OSError, ValueError, KeyError, TypeError) as exc:  # corrupt entry: treat as a miss
            log.debug("ignoring cache entry %s: %s", key, exc)
            self.misses += 1
            return None
        self.hits += 1
        return findings

    def put(self, key: str, findings: list[Finding], deps: dict[str, str | None] | None = None) -> None:
        entry = {"deps": deps or {}, "findings": [finding_to_json(f) for f in findings]}
        target = self._entry(key)
        try:
            self._prepare()
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        except OSError as exc:  # a read-only or broken cache folder must not fail the run
            log.debug("cannot write cache entry %s: %s", target, exc)
            return
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(entry, fh, ensure_ascii=False, separators=(",", ":"), default=_no_json)
            os.replace(tmp, target)
        except (OSError, TypeError, ValueError) as exc:  # e.g. a rule put an object in Finding.data
            log.debug("cannot write cache entry %s: %s", target, exc)
            with contextlib.suppress(OSError):
                os.unlink(tmp)

    def _prepare(self) -> None:
        """Create the salt folder; on first creation drop sibling folders unused for a week."""
        if self._ready:
            return
        self._ready = True
        if self.directory.is_dir():
            os.utime(self.directory)
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        now = time.time()
        for sibling in self.directory.parent.iterdir():
            try:
                if sibling != self.directory and sibling.is_dir() and now - sibling.stat().st_mtime > STALE_AFTER_S:
                    shutil.rmtree(sibling, ignore_errors=True)
            except OSError:
                pass


def _deps_unchanged(deps: dict[str, str | None]) -> bool:
    from .document import decode

    for path, expected in deps.items():
        try:
            current = digest(decode(Path(path).read_bytes()).encode("utf-8", "surrogatepass"))
        except OSError:
            current = None
        if current != expected:
            return False
    return True


def _no_json(value: Any) -> Any:
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


_fingerprint: str | None = None


def code_fingerprint() -> str:
    """Size and mtime of every module that can change results: this package's files and the modules
    of the installed plugins (from their entry points, without importing them or any language: the
    cache must not cost the start-up it saves). Memoised per process."""
    global _fingerprint
    if _fingerprint is None:
        package = Path(__file__).resolve().parent.parent
        files = set(package.rglob("*.py"))
        plugins = []
        for ep, origin in _plugin_origins():
            plugins.append(f"{ep.name}\0{ep.value}\0{origin}")
            if origin and origin.endswith(".py"):
                files.add(Path(origin))
        parts = []
        for path in sorted(files):
            try:
                st = path.stat()
            except OSError:
                continue
            parts.append(f"{path}\0{st.st_size}\0{st.st_mtime_ns}")
        _fingerprint = digest("\n".join(parts + plugins).encode("utf-8", "surrogateescape"))
    return _fingerprint


def _plugin_origins() -> list[tuple[Any, str | None]]:
    """Each plugin entry point with its module's file (or its distribution's version)."""
    import importlib.util
    from importlib.metadata import entry_points

    from .rules import PLUGIN_GROUP

    out = []
    for ep in entry_points(group=PLUGIN_GROUP):
        try:
            spec = importlib.util.find_spec(ep.module)
            origin = spec.origin if spec else None
        except (ImportError, ValueError):
            origin = None
        if origin is None and ep.dist is not None:
            origin = f"{ep.dist.name}=={ep.dist.version}"
        out.append((ep, origin))
    return out


# -- findings <-> JSON ---------------------------------------------------------------------------
def _range(r: Range) -> list[int]:
    return [r.start.line, r.start.column, r.end.line, r.end.column]


def finding_to_json(f: Finding) -> dict:
    out: dict[str, Any] = {"code": f.code, "message": f.message, "range": _range(f.range), "severity": int(f.severity)}
    if f.fix is not None:
        out["fix"] = {
            "title": f.fix.title,
            "applicability": f.fix.applicability,
            "edits": [[*_range(e.range), e.new_text] for e in f.fix.edits],
        }
    if f.related:
        out["related"] = [[*_range(r.range), r.message] for r in f.related]
    if f.aliases:
        out["aliases"] = list(f.aliases)
    if f.url is not None:
        out["url"] = f.url
    if f.source != "infragenius":
        out["source"] = f.source
    if f.data:
        out["data"] = f.data
    return out


def finding_from_json(item: dict) -> Finding:
    fix = None
    if "fix" in item:
        raw = item["fix"]
        edits = tuple(Edit(Range.of(*e[:4]), e[4]) for e in raw["edits"])
        fix = Fix(raw["title"], edits, raw["applicability"])
    return Finding(
        code=item["code"],
        message=item["message"],
        range=Range.of(*item["range"]),
        severity=Severity(item["severity"]),
        fix=fix,
        related=tuple(Related(Range.of(*r[:4]), r[4]) for r in item.get("related", ())),
        aliases=tuple(item.get("aliases", ())),
        url=item.get("url"),
        source=item.get("source", "infragenius"),
        data=item.get("data", {}),
    )
