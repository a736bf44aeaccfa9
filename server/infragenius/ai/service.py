"""Explain a finding, or propose a verified fix for it: what the CLI and the language server call.

Every call is synchronous (run it on a worker thread), bounded by a semaphore, cancellable through a
``threading.Event``, and never raises for a provider problem: the answer then comes from the rule's
docs (explain) or the rule's own fix (fix), with ``note`` saying why in one line.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from cachetools import LRUCache

from ..core.config import AIConfig, Config
from ..core.document import Document
from ..core.engine import Engine
from ..core.findings import Finding, Fix
from . import grounding, offline
from .cache import AnswerCache, cache_key
from .prompts import (
    Prompt,
    build_explain,
    build_fix,
    build_review,
)
from .provider import (
    AIBadAnswer,
    AICancelled,
    AIError,
    AIUnavailable,
    Message,
    Provider,
)
from .providers import effective_config, make_provider
from .redact import Redactor
from .structured import ask_structured, parse
from .verify import FixAnswer, ReviewAnswer, fix_schema, review_findings, review_schema, to_edits, verify

log = logging.getLogger(__name__)

MAX_CONCURRENCY = 2


@dataclass(frozen=True)
class Explanation:
    text: str  # markdown
    provider: str  # who answered: a provider name, or "offline"
    cached: bool = False
    note: str | None = None  # why the offline answer was used instead of the model's
    streamed: bool = True  # whether ``text`` went to the stream callback (a fallback's text does not)
    caution: str | None = None  # made-up code, or the finding's subject never named (grounding)


@dataclass(frozen=True)
class Review:
    findings: list[Finding]  # severity information, source "infragenius-ai", code "ai-review"
    note: str | None = None  # why there is no review (provider problem, context = none)
    cached: bool = False


@dataclass(frozen=True)
class FixProposal:
    fix: Fix | None  # what to offer (an AI fix is always "unsafe"); None when there is nothing
    source: Literal["ai", "rule", "none"]
    reason: str  # one line: verified, or why the AI's fix was rejected
    explanation: str = ""
    cached: bool = False

    @property
    def verified(self) -> bool:
        return self.source == "ai"


class AIService:
    def __init__(
        self,
        config: AIConfig | Config | None = None,
        engine: Engine | None = None,
        *,
        provider: Provider | None = None,
        api_key: str | None = None,
        cache: AnswerCache | None = None,
        use_cache: bool = True,
        max_concurrency: int = MAX_CONCURRENCY,
    ) -> None:
        full = config if isinstance(config, Config) else None
        self.config = effective_config(full.ai if full else config)
        self.engine = engine or Engine(full or Config())
        self.provider = provider or make_provider(self.config, api_key)
        self.cache = cache if cache is not None else AnswerCache()
        self.use_cache = use_cache
        self._slots = threading.BoundedSemaphore(max_concurrency)
        self._recent: LRUCache = LRUCache(maxsize=1024)  # hover lookups: (uri, text hash, code, range) -> markdown
        self._recent_lock = threading.Lock()  # the language server calls from two worker threads

    @property
    def _tiny(self) -> bool:
        """The shipped 135M model: its text goes below the engine's own explanation (``_lead``)."""
        return bool(getattr(self.provider, "tiny", False))

    @property
    def offline(self) -> bool:
        return self.provider.name == "offline"

    def close(self) -> None:
        self.provider.close()

    # -- explain -------------------------------------------------------------------------------
    def explain(
        self,
        document: Document,
        finding: Finding,
        stream: Callable[[str], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> Explanation:
        if self.offline:
            return self._offline_explanation(document, finding, stream, None)
        prompt = build_explain(document, finding, self.config.context, tiny=self._tiny)
        redactor = prompt.redactor
        messages = _redacted(prompt, redactor)
        key = cache_key(self.provider.name, self.provider.model, prompt.task, messages)
        cached = self.cache.get(key) if self.use_cache else None
        engine_text, heading = self._lead(document, finding)
        if cached is not None:
            text, warning = _grounded(document, finding, cached, messages, docs_above=bool(engine_text))
            text = engine_text + heading + redactor.restore(text)
            if stream is not None:
                stream(text)
            self._remember(document, finding, text)
            return Explanation(text, self.provider.name, cached=True, caution=warning)
        restorer = redactor.stream_restorer()
        sent: list[bool] = []
        if engine_text and stream is not None:
            stream(engine_text)  # the engine's answer at once; the small model's text follows, labelled

        def on_piece(piece: str) -> None:
            _check(cancel)
            out = restorer.feed(piece)
            if out and stream is not None:
                if not sent and heading:
                    stream(heading)
                sent.append(True)
                stream(out)

        try:
            self._audit(document, finding.code, messages, redactor, "explain")
            answer = self._call(messages, None, on_piece if stream is not None or cancel is not None else None, cancel)
            if stream is not None:
                tail = restorer.flush()
                if tail:
                    stream(tail)
            if not answer.strip():
                raise AIBadAnswer(f"{_label(self.provider)} gave an empty answer")
        except AICancelled:
            raise
        except AIError as exc:
            note = str(exc) + (" (the partial answer above is incomplete)" if sent else "")
            if engine_text:  # already shown: it is the answer
                return Explanation(engine_text, "offline", note=note, streamed=stream is not None)
            return self._offline_explanation(document, finding, stream, note)
        if self.use_cache:
            self.cache.put(key, answer)
        text, warning = _grounded(document, finding, answer, messages, docs_above=bool(engine_text))
        if warning and stream is not None:
            stream(redactor.restore(text[len(answer) :]))
        text = engine_text + heading + redactor.restore(text)
        self._remember(document, finding, text)
        return Explanation(text, self.provider.name, caution=warning)

    def cached_explanation(self, document: Document, finding: Finding) -> str | None:
        """An explanation already given for this finding in this text (for hovers): memory only, fast."""
        with self._recent_lock:
            hit = self._recent.get(_recent_key(document, finding))
        if hit is not None or self.offline or not self.use_cache:
            return hit
        prompt = build_explain(document, finding, self.config.context, tiny=self._tiny)
        redactor = prompt.redactor
        messages = _redacted(prompt, redactor)
        cached = self.cache.get(
            cache_key(self.provider.name, self.provider.model, prompt.task, messages), memory_only=True
        )
        if cached is None:
            return None
        engine_text, heading = self._lead(document, finding)
        return (
            engine_text
            + heading
            + redactor.restore(_grounded(document, finding, cached, messages, bool(engine_text))[0])
        )

    def _lead(self, document: Document, finding: Finding) -> tuple[str, str]:
        """For the embedded 135M model: the engine's own explanation and the heading of the model's text
        under it; ("", "") for a model whose answer can stand on its own."""
        if not self._tiny:
            return "", ""
        return offline.explain(document, finding), f"\n\n{offline.model_label(self.provider.model)}\n\n"

    def _offline_explanation(self, document, finding, stream, note) -> Explanation:
        """The rule-docs answer; streamed only when offline was chosen, so that a caller can show the
        note of a fallback before its text."""
        text = offline.explain(document, finding)
        if stream is not None and note is None:
            stream(text)
        return Explanation(text, "offline", note=note, streamed=stream is not None and note is None)

    def _remember(self, document: Document, finding: Finding, text: str) -> None:
        with self._recent_lock:
            self._recent[_recent_key(document, finding)] = text

    # -- fix -----------------------------------------------------------------------------------
    def fix(self, document: Document, finding: Finding, cancel: threading.Event | None = None) -> FixProposal:
        if self.offline:
            return _rule_fix(finding, "AI is off")
        prompt = build_fix(document, finding, self.config.context)
        redactor = prompt.redactor
        messages = _redacted(prompt, redactor)
        schema = fix_schema(document, prompt.shown)  # one edit, inside the lines the model was shown
        key = cache_key(self.provider.name, self.provider.model, prompt.task, messages, schema)
        cached = self.cache.get(key) if self.use_cache else None
        try:
            if cached is not None:
                answer = parse(cached, FixAnswer)
            else:
                self._audit(document, finding.code, messages, redactor, "fix")
                with self._slot(cancel):
                    # lines in the file, ranges in order: a proposal that is not gets the one repair request
                    answer = ask_structured(self.provider, messages, FixAnswer, schema, lambda a: to_edits(document, a))
                _check(cancel)
                if self.use_cache:
                    self.cache.put(key, answer.model_dump_json())
        except AICancelled:
            raise
        except AIBadAnswer as exc:
            return _rule_fix(finding, f"AI fix rejected: {exc}")
        except AIError as exc:
            return _rule_fix(finding, str(exc))
        for edit in answer.edits:
            edit.new_text = redactor.restore(edit.new_text)
        explanation = redactor.restore(answer.explanation)
        try:
            edits = to_edits(document, answer)
        except ValueError as exc:
            return _rule_fix(finding, f"AI fix rejected: {exc}", explanation, cached is not None)
        verdict = verify(self.engine, document, finding, edits, title=f"Fix {finding.code} with AI")
        if not verdict.accepted:
            return _rule_fix(finding, f"AI fix rejected: {verdict.reason}", explanation, cached is not None)
        return FixProposal(verdict.fix, "ai", verdict.reason, explanation, cached is not None)

    # -- review --------------------------------------------------------------------------------
    def review(self, document: Document, cancel: threading.Event | None = None) -> Review:
        """Extra findings from the model (opt-in): never mixed with the rules' findings."""
        if self.offline:
            return Review([], "AI is off")
        if self.config.context == "none":
            return Review([], 'ai.context = "none": a review needs the file\'s text')
        known = self.engine.analyse(document, use_cache=False).findings
        prompt = build_review(document, known)
        redactor = prompt.redactor
        messages = _redacted(prompt, redactor)
        schema = review_schema(document)  # line numbers bounded by what the model is shown
        key = cache_key(self.provider.name, self.provider.model, prompt.task, messages, schema)
        cached = self.cache.get(key) if self.use_cache else None
        try:
            if cached is not None:
                answer = parse(cached, ReviewAnswer)
            else:
                self._audit(document, None, messages, redactor, "review")
                with self._slot(cancel):
                    answer = ask_structured(self.provider, messages, ReviewAnswer, schema)
                _check(cancel)
                if self.use_cache:
                    self.cache.put(key, answer.model_dump_json())
        except AICancelled:
            raise
        except AIError as exc:
            return Review([], str(exc))
        return Review(review_findings(document, answer, redactor, known), cached=cached is not None)

    # -- plumbing ------------------------------------------------------------------------------
    def _audit(
        self, document: Document, rule: str | None, messages: list[Message], redactor: Redactor, kind: str
    ) -> None:
        """Enterprise audit log: who sent what where (sizes and counts, never the content)."""
        try:
            from ..tiers.audit import record

            record(
                text=document.text,
                rule=rule,
                provider=self.provider.name,
                model=getattr(self.provider, "model", None),
                bytes_sent=sum(len(m["content"].encode()) for m in messages),
                redactions=len(redactor.secrets),
                kind=kind,
            )
        except Exception:  # the audit log never blocks an answer; the reason is in the log
            log.exception("could not write the audit log")

    def _call(self, messages: list[Message], schema: dict | None, stream, cancel) -> str:
        with self._slot(cancel):
            answer = self.provider.complete(messages, schema=schema, stream=stream)
        _check(cancel)
        return answer

    def _slot(self, cancel: threading.Event | None):
        service = self

        class Slot:
            def __enter__(self):
                _check(cancel)
                if not service._slots.acquire(timeout=service.config.timeout_s):
                    raise AIUnavailable("too many AI requests at once; try again in a moment")

            def __exit__(self, *exc):
                service._slots.release()
                return False

        return Slot()


def _grounded(
    document: Document, finding: Finding, answer: str, messages: list[Message], docs_above: bool = False
) -> tuple[str, str | None]:
    """The answer, followed by a caution and the rule's documentation when its code is not from what
    the model was shown (both sides redacted alike); only the caution when the docs are shown above it.
    Shown above it (the 135M model's layout), the engine's explanation counts as known too: that model
    is sent a short prompt without the docs, and its answer is read under them."""
    context = [m["content"] for m in messages]
    if docs_above:
        context.append(Redactor().redact(offline.explain(document, finding)))
    warning = (
        grounding.caution(answer, context)
        or grounding.subject_caution(answer, finding.message, context)
        or grounding.code_caution(answer, finding.code, context)
    )
    if warning is None:
        return answer, None
    answer += grounding.fence_closer(answer)  # the caution must not land inside an unclosed code block
    if docs_above:
        return f"{answer}\n\n> **Unverified:** {warning}. The rule's documentation is above.", warning
    return (
        f"{answer}\n\n> **Unverified:** {warning}. The rule's documentation:\n\n{offline.explain(document, finding)}",
        warning,
    )


def _rule_fix(finding: Finding, why: str, explanation: str = "", cached: bool = False) -> FixProposal:
    if finding.fix is not None:
        return FixProposal(finding.fix, "rule", f"{why}; offering the rule's own fix", explanation, cached)
    return FixProposal(None, "none", f"{why}; this rule has no automatic fix", explanation, cached)


def _redacted(prompt: Prompt, redactor: Redactor) -> list[Message]:
    return [{"role": m["role"], "content": redactor.redact(m["content"])} for m in prompt.messages]


def _check(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise AICancelled("cancelled")


def _label(provider: Provider) -> str:
    return getattr(provider, "label", provider.name)


def _recent_key(document: Document, finding: Finding) -> tuple:
    return (document.uri, hash(document.text), finding.code, finding.range)
