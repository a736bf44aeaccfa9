"""Entry point for the engine: parse the document, load its module, report syntax errors."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from cachetools import LRUCache

from .hcl import Positions, parse_body, parser, syntax_errors
from .model import FileModel, Module, TerraformModel, collect_references

if TYPE_CHECKING:
    from ...core.context import Context, Workspace
    from ...core.document import Document

# (path, sha1 of text) -> FileModel; editing one file of a module re-parses only that file. A parsed
# file weighs ~60x its text (the syntax tree is allocated through Python's allocator), so the cache
# is bounded by source size: the modules used recently, not the whole workspace (1,000 open .tf
# files would otherwise hold ~350 MB).
_FILES_TEXT_LIMIT = 1 << 19  # characters of source (~15,000 lines), ~30 MB of models
_FILES: LRUCache = LRUCache(maxsize=_FILES_TEXT_LIMIT, getsizeof=lambda fm: len(fm.text) + 1)


def parse_file(path: Path | None, text: str) -> FileModel:
    data = text.encode("utf-8", "surrogatepass")
    key = (str(path) if path else None, hashlib.sha1(data).hexdigest())
    cached = _FILES.get(key)
    if cached is not None:
        if key[0]:  # an undo: the next edit is parsed against this text, the one it changes
            _LAST[key[0]] = (data, cached.tree)
        return cached
    tree = _parse_incremental(key[0], data)
    pos = Positions(text)
    fm = FileModel(path=path, text=text, tree=tree, pos=pos)
    root = tree.root_node
    body = next((c for c in root.children if c.type == "body"), None)
    if body is not None:
        fm.attributes, fm.blocks = parse_body(body, pos, None)
        for block in fm.blocks:
            for b in block.walk():
                b.file = fm
                for attr in b.attribute_list:
                    attr.file = fm
        for attr in fm.attributes:
            attr.file = fm
    fm.errors = syntax_errors(root, pos)
    if fm.errors:
        fm.blocks = _hoist_top_level(fm.blocks)
    collect_references(fm)
    if len(text) < _FILES_TEXT_LIMIT:  # a bigger one would not fit (cachetools raises)
        _FILES[key] = fm
    return fm


_TOP_LEVEL = {"resource": 2, "data": 2, "variable": 1, "output": 1, "module": 1, "provider": 1, "locals": 0}


def _hoist_top_level(blocks: list) -> list:
    """After error recovery a top-level block can end up inside the previous one (a missing ``}``);
    blocks that can only be top-level are moved back so that the rest of the file is analysed."""
    out = []
    for block in blocks:
        out.append(block)
        kept = []
        for child in block.blocks:
            if _TOP_LEVEL.get(child.type) == len(child.labels):
                child.parent = None
                out.extend(_hoist_top_level([child]))
            else:
                kept.append(child)
        block.blocks = kept
    return out


# path -> (bytes, tree) of its last parse, so that an edit re-parses incrementally.
_LAST: LRUCache = LRUCache(maxsize=64)


def _parse_incremental(path_key: str | None, data: bytes):
    previous = _LAST.get(path_key) if path_key else None
    tree = None
    if previous is not None:
        old_data, old_tree = previous
        start = _common_prefix(old_data, data)
        limit = min(len(old_data), len(data)) - start
        suffix = _common_suffix(old_data, data, limit)
        old_end, new_end = len(old_data) - suffix, len(data) - suffix
        edited = old_tree.copy()  # the cached FileModel still uses the old tree: never edit it
        edited.edit(
            start_byte=start,
            old_end_byte=old_end,
            new_end_byte=new_end,
            start_point=_point(data, start),
            old_end_point=_point(old_data, old_end),
            new_end_point=_point(data, new_end),
        )
        tree = parser().parse(data, edited)
    else:
        tree = parser().parse(data)
    if path_key:
        _LAST[path_key] = (data, tree)
    return tree


def _common_prefix(a: bytes, b: bytes) -> int:
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:  # binary search on slice equality (memcmp) is fast for big files
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix(a: bytes, b: bytes, limit: int) -> int:
    lo, hi = 0, limit
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[len(a) - mid :] == b[len(b) - mid :]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _point(data: bytes, offset: int) -> tuple[int, int]:
    row = data.count(b"\n", 0, offset)
    line_start = data.rfind(b"\n", 0, offset) + 1
    return (row, offset - line_start)


def load_module(path: Path | None, current: FileModel, workspace: Workspace | None) -> Module:
    """All ``.tf`` files of the document's directory (the document itself from its own text)."""
    if path is None or path.suffix != ".tf":
        return Module(directory=path.parent if path else None, files=[current], complete=False)
    directory = path.parent
    files = [current]
    complete = True
    try:
        entries = list(directory.iterdir())
    except OSError:
        entries, complete = [], False
    siblings = sorted(p for p in entries if p.suffix == ".tf" and p.name != path.name)
    if any(p.name.endswith(".tf.json") for p in entries):
        complete = False  # declarations in JSON syntax are not modelled: cross-file checks stay quiet
    for sibling in siblings:
        text = workspace.read_text(sibling) if workspace is not None else _read(sibling)
        if text is None:
            complete = False
            continue
        fm = parse_file(sibling, text)
        if fm.errors:
            complete = False  # a broken sibling may hide declarations: no cross-file verdicts
        files.append(fm)
    files.sort(key=lambda f: f.name)
    return Module(directory=directory, files=files, complete=complete)


def _read(path: Path) -> str | None:
    try:
        return path.read_text("utf-8", errors="replace")
    except OSError:
        return None


def parse(document: Document, ctx: Context) -> TerraformModel:
    fm = parse_file(document.path, document.text)
    for rng, message in fm.errors:
        ctx.syntax_error(rng, message)
    module = load_module(document.path, fm, ctx.workspace)
    return TerraformModel(file=fm, module=module, workspace=ctx.workspace)


def local_module_outputs(source: str, directory: Path | None, workspace: Workspace | None) -> set[str] | None:
    """Output names of a module called with a local ``source`` (``./x``, ``../x``); None when the
    source is not local or its directory cannot be read completely."""
    if directory is None or not source.startswith(("./", "../")):
        return None
    target = (directory / source).resolve()
    try:
        paths = sorted(p for p in target.iterdir() if p.suffix == ".tf")
    except OSError:
        return None
    outputs: set[str] = set()
    for path in paths:
        text = workspace.read_text(path) if workspace is not None else _read(path)
        if text is None:
            return None
        fm = parse_file(path, text)
        if fm.errors:
            return None
        outputs.update(b.labels[0] for b in fm.blocks if b.type == "output" and b.labels)
    return outputs if paths else None
