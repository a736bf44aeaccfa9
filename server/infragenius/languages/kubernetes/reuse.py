"""Findings of the previous analysis reused for the objects an edit did not change (issue 18).

A manifest file is a stream of YAML documents, and most rules look at one object at a time: a rule
marked ``resource_local`` promises that its findings for an object depend only on the text of the
YAML document holding it, on what the file's kustomization says of the object (a patch, retagged
images, an added selector), on the file's line ending and on the config. Such a rule takes its
findings for an object whose document is unchanged from the previous model (``Context.previous``),
moved by the lines the edit inserted or removed above it, and checks only the objects of changed
documents. YAML documents share nothing, so a document is matched by its text wherever it now is.

Only streams that both parse without recovery and hold no ``%`` directive are matched: recovery
blanks lines (an error in one document may blank the first line of the next), and a directive
belongs to the document after it. A finding placed outside its document's lines is never moved.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ...core.findings import Finding, moved, on_lines
from .model import Manifests, Resource

_KEYS = "_reuse_keys"  # on the model: id(resource) -> (key, first line, last line)
_FOUND = "_reuse_found"  # on the model: rule code -> {key: (first line, findings, or None: not movable)}

Key = tuple[Any, ...]


def checked(
    code: str, manifests: Manifests, previous: Any, resources: Iterable[Resource], check: Callable[[Resource], Any]
) -> Iterator[Finding]:
    """``check(resource)``'s findings for each of ``resources``, in order: reused where the object's
    document did not change, checked otherwise; recorded for the next model once all are done."""
    keys = _keys(manifests)
    earlier = _earlier(manifests, previous, code)
    found: dict[Key, tuple[int, tuple[Finding, ...] | None]] = {}
    for resource in resources:
        key, first, last = keys[id(resource)]
        old = earlier.get(key) if earlier is not None else None
        if old is not None and old[1] is not None:
            findings = _moved(old[1], first - old[0])
            found[key] = (first, findings)
        else:
            findings = tuple(check(resource))
            found[key] = (first, findings if _inside(findings, first, last) else None)
        yield from findings
    manifests.__dict__.setdefault(_FOUND, {})[code] = found


def _earlier(manifests: Manifests, previous: Any, code: str) -> dict | None:
    if not isinstance(previous, Manifests) or not _matchable(previous) or not _matchable(manifests):
        return None
    if ("\r\n" in previous.stream.text) != ("\r\n" in manifests.stream.text):
        return None  # the line ending of the fixes' new lines
    return previous.__dict__.get(_FOUND, {}).get(code)


def _matchable(manifests: Manifests) -> bool:
    stream = manifests.stream
    return not stream.blanked_lines and not stream.text.startswith("%") and "\n%" not in stream.text


def _keys(manifests: Manifests) -> dict[int, tuple[Key, int, int]]:
    """Per object: its document's text and place in it, and what the kustomization says of it."""
    found = manifests.__dict__.get(_KEYS)
    if found is not None:
        return found
    found = manifests.__dict__[_KEYS] = {}
    stream = manifests.stream
    ordinal: dict[int, int] = {}
    starts = _line_starts(stream.text)
    for resource in manifests.resources:
        doc = stream.documents[resource.document_index]
        first, last = _line_of(starts, doc.start), _line_of(starts, max(doc.end - 1, doc.start))
        text = stream.text[starts[first] : starts[last + 1] if last + 1 < len(starts) else len(stream.text)]
        place = ordinal[resource.document_index] = ordinal.get(resource.document_index, -1) + 1
        facts = (resource.patch, frozenset(resource.retagged_images), resource.selector_added)
        found[id(resource)] = ((text, doc.start - starts[first], place, facts), first, last)
    return found


def _line_starts(text: str) -> list[int]:
    starts = [0]
    at = text.find("\n")
    while at != -1:
        starts.append(at + 1)
        at = text.find("\n", at + 1)
    return starts


def _line_of(starts: list[int], offset: int) -> int:
    return bisect_right(starts, offset) - 1


def _inside(findings: tuple[Finding, ...], first: int, last: int) -> bool:
    return all(on_lines(finding, first, last) for finding in findings)


def _moved(findings: tuple[Finding, ...], delta: int) -> tuple[Finding, ...]:
    return tuple(moved(finding, delta) for finding in findings) if delta else findings
