"""Open editor buffers as core ``Document``s, and the overlay that lets the engine read them.

pygls keeps the text up to date (incremental sync); this module turns each open buffer into a core
``Document`` (language from ``core.detect`` by path then content, the client's languageId as a last
hint) and keeps ``overlay`` - path -> unsaved text - which the engine's ``Workspace`` reads first, so
multi-file languages (Terraform modules, Helm charts) see what the user sees.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlparse

from ..core.detect import detect
from ..core.document import Document, decode

if TYPE_CHECKING:
    from ..core.rules import LanguageSpec

log = logging.getLogger(__name__)

# (language, folder): the files analysed together (LanguageSpec.analysis_unit: a Terraform module, a
# Helm chart, the repository of a GitLab pipeline)
Group = tuple[str, Path]


def is_input_file(uri: str) -> bool:
    """A file that single-file analyses read from disk (a kustomization: it says which manifests are
    patches and which image tags are set), so that its save changes other documents' results. Only
    the languages loaded so far are asked: no other language has analysed anything yet."""
    from ..core.rules import REGISTRY  # imported on a save, not at start-up

    path = uri_to_path(uri)
    return path is not None and any(path.name in spec.input_files for spec in REGISTRY.loaded())


def _including(suffix: str) -> LanguageSpec | None:
    """The language whose units may include a file of no language (a YAML file a GitLab pipeline
    includes: editing it re-checks the pipeline)."""
    from ..core.rules import REGISTRY

    return next((spec for spec in REGISTRY.specs() if suffix in spec.unit_suffixes), None)


def _by_editor_id(language_id: str) -> str | None:
    """The language an editor's languageId names, for buffers whose path says nothing (untitled)."""
    if not language_id:
        return None
    from ..core.rules import REGISTRY

    return next((spec.name for spec in REGISTRY.specs() if language_id in spec.editor_ids), None)


def _spec(language: str | None) -> LanguageSpec | None:
    """The language's spec (imported on the first document of the language, without its rules)."""
    if language is None:
        return None
    from ..core.rules import REGISTRY

    return REGISTRY.spec(language)


def uri_to_path(uri: str) -> Path | None:
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    path = unquote(parsed.path)
    if len(path) >= 3 and path[0] == "/" and path[2] == ":":  # file:///C:/x on Windows
        path = path[1:]
    return Path(path)


class Documents:
    """The open documents, by URI."""

    def __init__(self) -> None:
        self._open: dict[str, Document] = {}
        self._language_ids: dict[str, str] = {}
        self.overlay: dict[Path, str] = {}
        self.root: Path | None = None
        self._group_edits: dict[Group, int] = {}  # bumped whenever a buffer of the group changes

    def open(self, uri: str, text: str, version: int | None, language_id: str | None = None) -> Document:
        if language_id:
            self._language_ids[uri] = language_id
        return self.update(uri, text, version)

    def update(self, uri: str, text: str, version: int | None) -> Document:
        path = uri_to_path(uri)
        previous = self._open.get(uri)
        language = previous.language if previous is not None and previous.text == text else None
        if language is None:
            language = self._detect(uri, path, text)
        document = Document(uri=uri, text=text, language=language, version=version, path=path)
        self._open[uri] = document
        if path is not None:
            self.overlay[path] = text
        self._touch(previous, document)
        return document

    def close(self, uri: str) -> None:
        document = self._open.pop(uri, None)
        self._language_ids.pop(uri, None)
        if document is not None and document.path is not None:
            self.overlay.pop(document.path, None)
            self._touch(document)

    # -- multi-file languages ------------------------------------------------------------------
    def group(self, document: Document) -> Group | None:
        """The files whose text can change this document's findings, or None for a single-file language."""
        if document.path is None:
            return None
        spec = _spec(document.language) if document.language else _including(document.path.suffix)
        if spec is None or spec.analysis_unit is None:
            return None
        return spec.name, spec.analysis_unit(document.path, self.root)

    def group_generation(self, document: Document) -> int | None:
        """Changes so far to the buffers of the document's group; None for single-file languages."""
        group = self.group(document)
        return None if group is None else self._group_edits.get(group, 0)

    def siblings(self, document: Document) -> list[Document]:
        """The other open documents of the same group, whose findings may depend on this one."""
        group = self.group(document)
        if group is None:
            return []
        related = self._related(group)
        return [d for d in self._open.values() if d.uri != document.uri and self.group(d) in related]

    def _touch(self, *documents: Document | None) -> None:
        """Count an edit for the groups of ``documents`` (before and after a change: its language may
        have changed) and for the groups rendered together with them."""
        groups = {self.group(d) for d in documents if d is not None} - {None}
        for member in set().union(*map(self._related, groups)):
            self._group_edits[member] = self._group_edits.get(member, 0) + 1

    def _related(self, group: Group) -> set[Group]:
        """The group and the open groups of its language analysed together with it
        (``LanguageSpec.units_related``: a Helm chart's parent, subcharts and dependencies beside it).
        An edit in one changes the others' findings."""
        related = {group}
        spec = _spec(group[0])
        if spec is None or spec.units_related is None:
            return related
        from ..core.context import Workspace

        workspace = Workspace(self.overlay)
        others = {self.group(d) for d in self._open.values() if d.language == group[0]} - {group, None}
        related.update(other for other in others if spec.units_related(group[1], other[1], workspace))
        return related

    def companions(self, document: Document) -> list[Document]:
        """The files that are not open where the document's analysis places findings
        (``LanguageSpec.companions``: a Helm template's values.yaml), as read from disk."""
        spec = _spec(document.language)
        if document.path is None or spec is None or spec.companions is None:
            return []
        found = []
        for path in spec.companions(document.path):
            uri = path.as_uri()
            if uri in self._open:
                continue  # open: analysed and published as itself
            try:
                text = decode(path.read_bytes())
            except OSError:
                continue
            found.append(Document(uri=uri, text=text, language=self._detect(uri, path, text), version=None, path=path))
        return found

    def get(self, uri: str) -> Document | None:
        return self._open.get(uri)

    def version(self, uri: str) -> int | None:
        document = self._open.get(uri)
        return document.version if document is not None else None

    def is_current(self, document: Document) -> bool:
        """True while ``document`` is still the latest text of its buffer."""
        return self._open.get(document.uri) is document

    def all(self) -> list[Document]:
        return list(self._open.values())

    def _detect(self, uri: str, path: Path | None, text: str) -> str | None:
        try:
            language = detect(path, text)
        except Exception:  # detection must never take a buffer down
            log.exception("language detection failed for %s", uri)
            language = None
        if language is None:
            language = _by_editor_id(self._language_ids.get(uri, "").lower())
        return language
