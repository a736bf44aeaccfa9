"""Rules and the registry that finds them.

A rule is a class: its attributes are the metadata (code, name, severity, tags, aliases) and its
docstring is the documentation shown in hovers and by ``infragenius rules CODE`` (rationale, then a
bad and a good example). Built-in rules register when their language package is imported; the languages
and the premium packs are handed in (``core.wiring``, filled by ``infragenius.app``); third-party rule
packs are modules or classes published under the ``infragenius.plugins`` entry-point group.
"""

from __future__ import annotations

import functools
import inspect
import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, ClassVar

from .document import Document, Position, Range
from .findings import Finding, Fix, Related, Severity
from .wiring import LANGUAGES, PACKS  # handed in by the composition root (infragenius.app)

if TYPE_CHECKING:
    from .completion import CompletionItem
    from .context import Context, Workspace
    from .outline import Symbol

log = logging.getLogger(__name__)

DOCS_URL = "https://infragenius.dev/rules/{code}"
PLUGIN_GROUP = "infragenius.plugins"


class Rule:
    """Base class of every rule. Subclasses set the ClassVars and implement ``check``."""

    code: ClassVar[str]
    name: ClassVar[str]
    language: ClassVar[str]
    message: ClassVar[str]
    severity: ClassVar[Severity] = Severity.WARNING
    tags: ClassVar[tuple[str, ...]] = ()
    aliases: ClassVar[tuple[str, ...]] = ()
    origin: ClassVar[str] = "builtin"
    fixable: ClassVar[bool] = False
    requires: ClassVar[str | None] = None  # a tier feature (e.g. "premium-rules") the rule needs

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "code" in cls.__dict__:
            REGISTRY.add(cls)

    def check(self, ctx: Context) -> Iterable[Finding]:  # pragma: no cover - abstract
        raise NotImplementedError

    # -- helpers for subclasses ----------------------------------------------------------------
    def finding(
        self,
        range: Range,
        message: str | None = None,
        *,
        fix: Fix | None = None,
        related: tuple[Related, ...] = (),
        severity: Severity | None = None,
        **data: Any,
    ) -> Finding:
        return Finding(
            code=self.code,
            message=message or self.message,
            range=range,
            severity=severity or self.severity,
            fix=fix,
            related=related,
            aliases=self.aliases,
            url=self.url(),
            data=data,
        )

    @classmethod
    def docs(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or cls.message)

    @classmethod
    def url(cls) -> str:
        return DOCS_URL.format(code=cls.code)

    @classmethod
    def source(cls) -> str | None:
        """Where the rule is written, ``infragenius/languages/.../x.py:LINE`` (under site-packages or server/)."""
        try:
            path = Path(inspect.getsourcefile(cls) or "")
            line = inspect.getsourcelines(cls)[1]
        except (OSError, TypeError):
            return None  # built at run time, or no source shipped
        package_parent = Path(__file__).resolve().parents[2]
        shown = path.resolve().relative_to(package_parent) if path.resolve().is_relative_to(package_parent) else path
        return f"{shown.as_posix()}:{line}"


# A language's model is its own type (a Dockerfile, a Terraform module): ``Any`` to the engine.
Parse = Callable[[Document, "Context"], Any]  # returns the model; reports parse errors on the context
# the markdown shown, or it and the range it is about
Hover = Callable[[Document, Any, Position], "str | tuple[str, Range] | None"]
SuppressionScope = Callable[[Any, int, str], "tuple[int, int] | None"]  # (model, line, tool) -> lines covered
# a target is (path | None, Range) or (path | None, Range, origin Range); path None: the same document
Definition = Callable[[Document, Any, Position], Any]
Completion = Callable[[Document, Any, Position], "list[CompletionItem] | None"]  # core/completion.py
Symbols = Callable[[Document, Any], "list[Symbol] | None"]  # the outline (core/outline.py)
# (document, model, position, include_declaration) -> targets as for Definition, the declaration first
References = Callable[[Document, Any, Position, bool], Any]
# (document, model) -> (range, path) pairs: a value naming a file or folder (a Dockerfile, a build context)
Links = Callable[[Document, Any], "list[tuple[Range, Path]] | None"]
# (document path, workspace root or None) -> the folder whose files are analysed together with it
AnalysisUnit = Callable[[Path, "Path | None"], Path]
# (one unit's folder, another's, the workspace) -> does an edit in one change the other's findings
UnitsRelated = Callable[[Path, Path, "Workspace"], bool]


@dataclass(frozen=True)
class EditorFeatures:
    """What a language answers the editor besides diagnostics. Each language builds one in its
    ``features.py``, with plain imports of its feature modules; None: the language has no such feature."""

    hover: Hover | None = None
    definition: Definition | None = None
    completion: Completion | None = None
    symbols: Symbols | None = None
    references: References | None = None
    links: Links | None = None


@dataclass(frozen=True)
class LanguageSpec:
    """How a language plugs into the engine and the editor: everything the rest of the package may
    know about it. Its editor features are read through ``editor`` on first use (``spec.hover`` ...)."""

    name: str
    parse: Parse
    load_rules: Callable[[], None] | None = None  # imports the rule modules (importing registers them)
    # the language's features.py, imported with the editor's first request, not with the rules
    editor: Callable[[], EditorFeatures] | None = None
    comment_prefixes: tuple[str, ...] = ("#",)
    suppression_scope: SuppressionScope | None = None  # for peers' pragmas
    # Where "Ignore CODE on this line" (lsp/code_actions.py) writes its pragma. pragma_above: the line
    # above which an own-line pragma covers the construct holding a line (a Dockerfile instruction with
    # its continuations); block_scalars: an own-line pragma above a YAML key covers the key's block
    # scalar, and in the block scalars of shell_keys (a workflow's run:) a comment line above the command
    pragma_above: Callable[[Document, Any, int], int] | None = None
    block_scalars: bool = False
    shell_keys: tuple[str, ...] = ()
    # other languages whose rules report findings in this one's documents (Helm: the Kubernetes rules
    # on the rendered chart), so that pragmas naming their codes or aliases resolve
    reports_for: tuple[str, ...] = ()
    # For languages whose analysis of one file reads the files around it (a Terraform module, a Helm
    # chart, the includes of a GitLab pipeline): the unit. An edit in the unit re-checks its open
    # documents, and results are not cached on disk (a new file there would not be noticed).
    # None: each file is analysed alone.
    analysis_unit: AnalysisUnit | None = None
    units_related: UnitsRelated | None = None  # units analysed together (a chart and its subcharts)
    # files of no language with these suffixes may belong to a unit (a GitLab pipeline includes any
    # YAML file): an edit in one re-checks the unit's documents
    unit_suffixes: tuple[str, ...] = ()
    # a file that makes its folder one unit of this language (Helm's Chart.yaml): the language server's
    # warm-up scan counts such a folder once, for this language, without looking inside
    unit_marker: str = ""
    # names of files that the analysis of other documents reads (a kustomization.yaml): saving one
    # re-checks the open documents
    input_files: frozenset[str] = frozenset()
    # files besides a document where its analysis places findings, which the editor shows even when
    # they are not open (a Helm template's chart values.yaml: a rendered finding that a value causes
    # is reported on that value); from the document's path
    companions: Callable[[Path], tuple[Path, ...]] | None = None
    fence: str = ""  # the markdown code-fence name of its text (hovers, AI prompts)
    title: str = ""  # what a prompt calls a file of it ("Terraform (HCL)"); default: the name
    # a few lines that parse cleanly, analysed once when the language server warms the language up
    sample: str = ""
    # Detection (core/detect.py asks the languages in LANGUAGES order): a path that names the
    # language (Dockerfile*, *.tf, .github/workflows/*.yml); the first 4 KiB of a YAML or suffix-less
    # file that no path claimed; suffixes that are this language when a buffer's text is at hand
    claims_path: Callable[[PurePath], bool] | None = None
    claims_text: Callable[[str], bool] | None = None
    text_suffixes: tuple[str, ...] = ()
    editor_ids: tuple[str, ...] = ()  # the languageId values editors send (for untitled buffers)

    @property
    def multi_file(self) -> bool:
        return self.analysis_unit is not None

    # Reading one of these imports the language's editor features (all of them, in one module).
    @property
    def hover(self) -> Hover | None:
        return self._editor_features().hover

    @property
    def definition(self) -> Definition | None:  # go-to-definition
        return self._editor_features().definition

    @property
    def completion(self) -> Completion | None:
        return self._editor_features().completion

    @property
    def symbols(self) -> Symbols | None:  # the outline (textDocument/documentSymbol)
        return self._editor_features().symbols

    @property
    def references(self) -> References | None:  # textDocument/references
        return self._editor_features().references

    @property
    def links(self) -> Links | None:  # textDocument/documentLink
        return self._editor_features().links

    def _editor_features(self) -> EditorFeatures:
        return self.editor() if self.editor is not None else EditorFeatures()


@functools.cache
def _warn_not_composed() -> None:
    """Once: a process that did not start through an entry point analyses nothing, and says why."""
    log.warning("no languages installed: start through infragenius.__main__ or call infragenius.app.compose()")


def _qualified(rule: type[Rule]) -> str:
    return f"{rule.__module__}.{rule.__qualname__}"


class Registry:
    def __init__(self) -> None:
        self._rules: dict[str, type[Rule]] = {}
        self._languages: dict[str, LanguageSpec | None] = {}  # with their rules loaded
        self._specs: dict[str, LanguageSpec | None] = {}  # without
        self._plugins_loaded = False
        self._by_language: dict[str, list[type[Rule]]] = {}  # sorted, per language; reset by add()
        # The language server's warm-up scan (a thread of its own) asks for specs while the analysis
        # thread loads a language: one loader at a time, so no caller sees a half-loaded language.
        self._loading = threading.RLock()

    # -- registration --------------------------------------------------------------------------
    def add(self, rule: type[Rule]) -> None:
        existing = self._rules.get(rule.code)
        if existing is not None and existing is not rule and _qualified(existing) != _qualified(rule):
            log.warning("rule %s from %s replaces %s", rule.code, rule.__module__, existing.__module__)
        self._rules[rule.code] = rule
        self._by_language.clear()

    def remove(self, code: str) -> None:
        """Unregister a rule (tests register throwaway rules)."""
        self._rules.pop(code, None)
        self._by_language.clear()

    # -- languages -----------------------------------------------------------------------------
    def language(self, name: str) -> LanguageSpec | None:
        """The language's spec with its rules registered; None for a name that is no language."""
        if name not in self._languages:
            with self._loading:
                if name not in self._languages:
                    self._languages[name] = self._import_language(name)
        return self._languages[name]

    def spec(self, name: str) -> LanguageSpec | None:
        """The language's spec without loading its rules (what the editor plumbing asks on an open)."""
        if name in self._languages:
            return self._languages[name]
        if name not in self._specs:
            with self._loading:
                if name not in self._specs:
                    self._specs[name] = self._import_spec(name)
        return self._specs[name]

    def specs(self) -> list[LanguageSpec]:
        """Every language's spec, in LANGUAGES order, without their rules."""
        if not LANGUAGES:
            _warn_not_composed()
        found = [self.spec(name) for name in LANGUAGES]
        return [spec for spec in found if spec is not None]

    def loaded(self) -> list[LanguageSpec]:
        """The languages imported so far: no analysis so far read anything on behalf of the others."""
        return [spec for spec in {**self._specs, **self._languages}.values() if spec is not None]

    def _import_spec(self, name: str) -> LanguageSpec | None:
        load = LANGUAGES.get(name)
        if load is None:
            if not LANGUAGES:
                _warn_not_composed()
            return None
        try:
            return load()
        except Exception:  # one broken language must not take the other languages down
            log.exception("could not load language %s; its files are not analysed", name)
            return None

    def _import_language(self, name: str) -> LanguageSpec | None:
        spec = self.spec(name)
        if spec is None:
            return None
        try:
            if spec.load_rules is not None:
                spec.load_rules()
            for load_pack in PACKS.get(name, ()):
                load_pack()
        except Exception:  # one broken language must not take the other languages down
            log.exception("could not load language %s; its files are not analysed", name)
            return None
        self.load_plugins()
        return spec

    def available_languages(self) -> list[str]:
        return [name for name in LANGUAGES if self.language(name) is not None]

    # -- plugins -------------------------------------------------------------------------------
    def load_plugins(self) -> None:
        if self._plugins_loaded:
            return
        self._plugins_loaded = True
        from importlib.metadata import entry_points  # here: ~20 ms that start-up does not need

        for ep in entry_points(group=PLUGIN_GROUP):
            try:
                obj = ep.load()
            except Exception:  # a broken plugin must not take the tool down
                log.exception("could not load plugin %s", ep.name)
                continue
            for rule in _rules_in(obj):
                rule.origin = f"plugin:{ep.name}"
                self.add(rule)

    # -- queries -------------------------------------------------------------------------------
    def load_all(self) -> None:
        from . import engine_rules  # noqa: F401  (the IG codes are rules too)

        for name in LANGUAGES:
            self.language(name)
        self.load_plugins()

    def rules_for(self, language: str) -> list[type[Rule]]:
        self.language(language)
        found = self._by_language.get(language)
        if found is None:  # asked for on every analysis: sort once
            found = sorted((r for r in self._rules.values() if r.language == language), key=lambda r: r.code)
            self._by_language[language] = found
        return list(found)

    def all(self) -> list[type[Rule]]:
        self.load_all()
        return sorted(self._rules.values(), key=lambda r: r.code)

    def get(self, code_or_alias: str) -> type[Rule] | None:
        loaded = self._rules.get(code_or_alias.upper())
        if loaded is not None and self._plugins_loaded:
            return loaded  # a rule already loaded (a finding's): no language to import
        self.load_all()
        found = self._rules.get(code_or_alias.upper()) or self._by_alias().get(code_or_alias.lower())
        return found[0] if isinstance(found, list) else found

    def peek(self, code: str) -> type[Rule] | None:
        """A rule that is already loaded, without importing any language."""
        return self._rules.get(code)

    def resolve(self, selector: str) -> list[type[Rule]]:
        """Rules matched by a selector: ``ALL``, a code, a code prefix, or a peer alias
        (``hadolint:DL3008`` or bare ``DL3008``; every rule carrying the alias)."""
        self.load_all()
        return [rule for rule in self._rules.values() if matches(selector, rule.code, rule)]

    def _by_alias(self) -> dict[str, list[type[Rule]]]:
        table: dict[str, list[type[Rule]]] = {}
        for rule in self._rules.values():
            for alias in rule.aliases:
                for key in {alias.lower(), alias.split(":", 1)[-1].lower()}:
                    table.setdefault(key, []).append(rule)
        return table


def matches(selector: str, code: str, rule: type[Rule] | None = None) -> bool:
    """Does ``selector`` (``ALL``, a code or code prefix, a peer alias) select ``code``? Decided from
    the rule itself, so selecting never needs to import the other languages."""
    sel = selector.strip()
    if not sel:
        return False
    if sel.upper() == "ALL" or code.startswith(sel.upper()):
        return True
    if rule is None:
        return False
    low = sel.lower()
    return any(low == alias.lower() or low == alias.split(":", 1)[-1].lower() for alias in rule.aliases)


def _rules_in(obj: Any) -> Iterator[type[Rule]]:
    if inspect.isclass(obj) and issubclass(obj, Rule):
        yield obj
    elif inspect.ismodule(obj):
        for value in vars(obj).values():
            if inspect.isclass(value) and issubclass(value, Rule) and "code" in value.__dict__:
                yield value
    elif isinstance(obj, (list, tuple)):
        for item in obj:
            yield from _rules_in(item)


REGISTRY = Registry()
