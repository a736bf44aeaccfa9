"""Runs a language's rules over a document.

A crashing rule is logged and skipped (the other rules still report); a crashing parser gives one
IG002 finding. Results are cached by (uri, version, text) and the config they were computed with.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from cachetools import LRUCache

from . import suppress
from .config import Config
from .context import Context, Entitled, Workspace, community
from .detect import detect
from .document import Document, Range
from .engine_rules import ENGINE_RULES
from .findings import Finding
from .rules import REGISTRY, LanguageSpec, Rule, matches

log = logging.getLogger(__name__)


@dataclass
class Analysis:
    document: Document
    findings: list[Finding]
    model: Any = None
    language: str | None = None
    duration_ms: float = 0.0
    suppressed: int = 0
    rule_errors: list[str] = field(default_factory=list)


class Engine:
    def __init__(
        self,
        config: Config | None = None,
        workspace: Workspace | None = None,
        root: Path | None = None,
        entitled: Entitled = community,
    ):
        """``entitled``: which tier features the license grants, asked per analysis (premium packs run
        only when granted); the CLI and the language server pass the license's, tests their own."""
        self.config = config or Config()
        self.entitled = entitled
        self.workspace = workspace or Workspace()
        self.root = root
        self._cache: LRUCache = LRUCache(maxsize=64)  # per document; the LSP keeps its own latest results

    def set_config(self, config: Config) -> None:
        self.config = config
        self.forget_results()

    def forget_results(self) -> None:
        """Drop cached analyses: the config, or a file they read besides their document, changed."""
        self._cache.clear()

    # -- public --------------------------------------------------------------------------------
    def analyse(self, document: Document, *, use_cache: bool = True) -> Analysis:
        if document.language is None:
            document.language = detect(document.path, document.text)
        # One entry per document: only its latest analysis is kept (a past version is never asked
        # for again, and keeping hundreds of full models alive makes garbage collection slow).
        key = (document.version, hash(document.text), id(self.config))
        hit = self._cache.get(document.uri) if use_cache else None
        if hit is not None and hit[0] == key:
            return hit[1]
        # the previous version's model: a language may reuse the findings of parts an edit left alone
        previous = hit[1].model if hit is not None and hit[0][2] == key[2] else None
        started = time.perf_counter()
        analysis = self._analyse(document, previous)
        analysis.duration_ms = (time.perf_counter() - started) * 1000
        if use_cache:
            self._cache[document.uri] = (key, analysis)
        return analysis

    def rules(self, language: str) -> list[type[Rule]]:
        return enabled_rules(language, self.config, self.entitled)

    # -- internals -----------------------------------------------------------------------------
    def _analyse(self, document: Document, previous: Any = None) -> Analysis:
        language = document.language
        spec = REGISTRY.language(language) if language else None
        if spec is None or not self.config.language_enabled(language):
            return Analysis(document, [], language=language)
        if "\x00" in document.text:
            return Analysis(document, self._engine_finding("IG004", document), language=language)
        if len(document.text) > self.config.max_file_size:
            return Analysis(document, self._engine_finding("IG003", document), language=language)

        ctx = Context(
            document=document, config=self.config, workspace=self.workspace, entitled=self.entitled, previous=previous
        )
        try:
            ctx.model = spec.parse(document, ctx)
        except Exception:
            log.exception("parser for %s crashed on %s", language, document.uri)
            return Analysis(document, self._engine_finding("IG002", document), language=language)

        findings = list(ctx.parse_findings)
        errors: list[str] = []
        for rule_cls in self.rules(language):
            try:
                findings.extend(list(rule_cls().check(ctx)))  # all or nothing: no partial output of a crash
            except Exception:
                log.exception("rule %s crashed on %s; skipped", rule_cls.code, document.uri)
                errors.append(rule_cls.code)
        kept = self._post_process(findings, document, spec, ctx.model)
        return Analysis(
            document, kept, model=ctx.model, language=language, suppressed=len(findings) - len(kept), rule_errors=errors
        )

    def _post_process(
        self, findings: list[Finding], document: Document, spec: LanguageSpec, model: Any
    ) -> list[Finding]:
        config = self.config
        off_here = config.ignored_for_path(self._relpath(document))
        selected = [f for f in findings if config.is_selected(f.code) and f.code not in off_here]
        if suppress.mentions_pragma(document.text):
            lines = document.lines  # only then: a list of every line costs ~1 ms per 1,000 lines
            pragmas = suppress.find_pragmas(lines, _alias_resolver(document.language, spec))
            scope = partial(spec.suppression_scope, model) if spec.suppression_scope else None  # (line, tool)
            selected = suppress.filter_findings(selected, lines, pragmas, scope)
        kept = [_with_severity(f, config.severity_of(f.code, f.severity)) for f in selected]
        return sorted(_dedupe(kept), key=lambda f: f.sort_key)

    def _relpath(self, document: Document) -> str | None:
        if document.path is None:
            return None
        path = document.path
        base = self.root or Path.cwd()
        try:
            return path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    def _engine_finding(self, code: str, document: Document) -> list[Finding]:
        """The engine's own finding for the whole file, unless the config switches it off."""
        config = self.config
        if not config.is_selected(code) or code in config.ignored_for_path(self._relpath(document)):
            return []
        rule = ENGINE_RULES[code]
        end = min(len(document.line_text(0)), 200)
        severity = config.severity_of(code, rule.severity)
        return [Finding(code, rule.message, Range.of(0, 0, 0, end), severity, url=rule.url())]


def _with_severity(finding: Finding, severity) -> Finding:
    return finding if finding.severity == severity else finding.with_(severity=severity)


def enabled_rules(language: str, config: Config, entitled: Entitled = community) -> list[type[Rule]]:
    """The rules of ``language`` that the config selects and ``entitled`` allows (the license can
    change while the server runs: asked each time; the selection is remembered per config)."""
    rules = REGISTRY.rules_for(language)
    key = (language, id(config), len(rules))
    found = _SELECTED.get(key)
    if found is None or found[0] is not config or found[1] != rules:
        found = (config, rules, [r for r in rules if config.is_selected(r.code)])
        _SELECTED[key] = found
    allowed: dict[str, bool] = {}  # one license lookup per feature, not per rule
    return [r for r in found[2] if r.requires is None or _entitled(r.requires, allowed, entitled)]


# (language, id(config), rule count) -> (config, the language's rules, the selected ones)
_SELECTED: LRUCache = LRUCache(maxsize=64)


def _entitled(feature: str, allowed: dict[str, bool], entitled: Entitled) -> bool:
    """Rules of premium packs run only when the license includes their feature."""
    if feature not in allowed:
        allowed[feature] = entitled(feature)
    return allowed[feature]


def _alias_resolver(language: str | None, spec: LanguageSpec):
    """``resolve(tool, code)`` for the pragmas of one document: the codes of the rules that can report
    in it (its language's, the languages it reports for, the engine's). Resolving against every rule
    would import every language for one ``# zizmor: ignore[...]`` (120 ms of a CLI run)."""
    rules: list[type[Rule]] = []

    def resolve(tool: str, code: str) -> set[str]:
        if not rules:
            for name in (language, *spec.reports_for):
                rules.extend(REGISTRY.rules_for(name) if name else ())
            rules.extend(ENGINE_RULES.values())
        selector = code if tool == "infragenius" else f"{tool}:{code}"
        found = {r.code for r in rules if matches(selector, r.code, r)}
        return found or {code.upper()} if tool == "infragenius" else found

    return resolve


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple] = set()
    out = []
    for f in findings:
        key = (f.code, f.range, f.message)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
