"""The AI layer in the language server: "Explain with AI" and "Fix with AI" code actions.

``register(server, state)`` is called by ``lsp.server`` at startup. It adds:

- code actions, through ``lsp.code_actions.register_code_action_provider``: for each finding under the
  cursor, "Explain CODE with AI" and "Fix CODE with AI". They carry a command, so nothing runs until
  the user picks one;
- the commands ``infragenius.ai.explain`` and ``infragenius.ai.fix`` (one argument:
  ``{"uri", "version", "code", "line", "column"}``, 0-based code points). Explain reports
  ``$/progress`` while the answer streams and returns ``{"markdown", "provider", "cached", "note"}``;
  the answer is cached and then shows in the hover of that diagnostic. Fix computes a *verified* fix and
  applies it with ``workspace/applyEdit``; when the AI's fix is rejected the reason is shown and the
  rule's own fix is offered (a message action), never applied silently.

- "Fix all with AI" (``source.fixAll.infragenius.ai``, Professional): offered when asked for by kind
  (never for the on-save kinds ``source.fixAll``/``source.fixAll.infragenius``), command
  ``infragenius.ai.fixAll`` ``{"uri", "version"}``: verified AI fixes for every finding without a safe rule
  fix, applied as one edit; returns ``{"applied", "fixed", "rejected"}``.

When the workspace's config asked for an AI endpoint that was not honoured (``core.trust``: a repository
may restrict AI requests, not redirect them), the first AI command asks once with
``window/showMessageRequest`` ("This workspace wants to send code to http://...", Allow / Not now).
Allow trusts the folder (as ``infragenius trust`` does) and re-reads the settings before the request;
Not now keeps the user's own provider for the session.

Gated actions stay visible but disabled (``CodeAction.disabled.reason``, e.g. "Requires Professional")
when the license lacks what they need: the provider's feature (Cloud models, a custom model or LoRA
adapter) or fix-all-ai. The commands check the same gates on the server.

AI work runs on its own small thread pool: never on the analysis thread, so diagnostics go on while
a model thinks. A request cancelled by the client stops the stream at the next piece.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import uuid
import weakref
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from lsprotocol import types as lsp

if TYPE_CHECKING:
    from ..core.document import Document
    from ..core.findings import Finding
    from .service import AIService

log = logging.getLogger(__name__)

EXPLAIN_COMMAND = "infragenius.ai.explain"
FIX_COMMAND = "infragenius.ai.fix"
REVIEW_COMMAND = "infragenius.ai.review"
FIX_ALL_COMMAND = "infragenius.ai.fixAll"
AI_KIND = "quickfix.infragenius.ai"
REVIEW_KIND = "source.infragenius.ai.review"
FIX_ALL_AI_KIND = "source.fixAll.infragenius.ai"
# Kinds that editors request on save ("editor.codeActionsOnSave"): answering them with the AI action
# would send the file to a model on every save, so it is offered only when asked for more precisely.
_ON_SAVE_KINDS = {"source.fixAll", "source.fixAll.infragenius"}
FIX_ALL_TITLE = "Fix all with AI (verified, unsafe)"
ALLOW, NOT_NOW = "Allow", "Not now"  # the answers to "This workspace wants to send code to ..."
PROGRESS_EVERY_CHARS = 80


class AIFeature:
    def __init__(self, server: Any, state: Any) -> None:
        self.server = server
        self.state = state
        self.executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="infragenius-ai")
        self._service: AIService | None = None
        self._service_lock = threading.Lock()
        self._asked: set = set()  # workspace endpoints already asked about (core.trust.Refusal)

    # -- the service, rebuilt when the config changes ----------------------------------------------
    def service(self) -> AIService:
        with self._service_lock:
            if self._service is None:
                from ..core.context import Workspace
                from ..core.engine import Engine
                from ..tiers.state import allows
                from .service import AIService

                config = self.state.config
                # its own engine: verification must not queue behind (or block) the diagnostics thread
                engine = Engine(config, Workspace(self.state.documents.overlay), self.state.root, allows)
                # the key from the editor's secret storage, when the settings layer hands it over
                # (``state.ai_api_key``); otherwise the variable named by ai.api_key_env
                self._service = AIService(config, engine, api_key=getattr(self.state, "ai_api_key", None))
            return self._service

    def peek_service(self) -> AIService | None:
        return self._service

    def reset(self) -> None:
        with self._service_lock:
            old, self._service = self._service, None
        if old is not None:
            self.executor.submit(old.close)

    async def get_service(self) -> AIService | None:
        try:
            return await self.in_worker(self.service)
        except Exception as exc:  # noqa: BLE001 - a bad [ai] setting: say it once, keep serving
            log.warning("AI not available: %s", exc)
            self.show(lsp.MessageType.Error, f"InfraGenius AI: {exc}")
            return None

    async def in_worker(self, fn, *args):
        return await asyncio.get_running_loop().run_in_executor(self.executor, fn, *args)

    # -- the workspace's own endpoint ------------------------------------------------------------
    async def confirm_endpoint(self) -> None:
        """The workspace's config asked for an AI endpoint that was not honoured (``core.trust``): ask the
        user once per session whether to trust the folder; allowed, the settings are read again so that
        this very request goes there."""
        refusal = getattr(self.state, "ai_refusal", None)
        if refusal is None or refusal in self._asked:
            return
        self._asked.add(refusal)
        if refusal.trusted:  # only a foreign api-key-env: nothing to allow, say it once
            self.show(lsp.MessageType.Warning, f"InfraGenius: {refusal.message()}")
            return
        choice = await self.choose(
            f"This workspace wants to send code to {refusal.endpoint}: "
            f"{refusal.source.name} asks for {', '.join('ai.' + k for k in refusal.keys)}.",
            ALLOW,
            NOT_NOW,
            fallback=f"InfraGenius: {refusal.message()}",
        )
        if choice != ALLOW:
            log.info("workspace AI endpoint not allowed: %s", refusal.message())
            return
        from ..core import trust

        try:
            await self.in_worker(trust.trust, refusal.folder)
        except Exception as exc:  # noqa: BLE001 - an AI feature never takes the server down
            self.show(lsp.MessageType.Error, f"InfraGenius: could not trust {refusal.folder}: {exc}")
            return
        reload = getattr(self.state, "reload_settings", None)
        if reload is not None:
            await reload()
            await self.confirm_endpoint()  # what a trusted folder still may not set (api-key-env), said once

    # -- gates -----------------------------------------------------------------------------------
    def provider_gate(self) -> str | None:
        """Why the configured provider cannot be used with this license ("Requires Professional"), or None."""
        from ..core.config import AIConfig
        from ..tiers.gates import gate
        from .providers import effective_config, required_feature

        try:
            config = effective_config(getattr(self.state.config, "ai", None) or AIConfig())
        except Exception:  # noqa: BLE001 - a bad environment variable is reported when a command runs
            return None
        feature = required_feature(config)
        if feature is None:
            return None
        result = gate(feature)
        return None if result.allowed else result.reason

    def fix_all_gate(self) -> str | None:
        """Why "Fix all with AI" is not available here, or None."""
        from ..core.config import AIConfig
        from ..tiers.gates import gate
        from .providers import effective_config

        result = gate("fix-all-ai")
        if not result.allowed:
            return result.reason
        reason = self.provider_gate()
        if reason:
            return reason
        try:
            config = effective_config(getattr(self.state.config, "ai", None) or AIConfig())
        except Exception:  # noqa: BLE001
            return None
        if not config.enabled or config.provider == "offline":
            return "AI is off (set ai.provider)"
        return None

    # -- code actions ----------------------------------------------------------------------------
    def code_actions(self, request) -> list[lsp.CodeAction]:
        actions = []
        only = request.params.context.only or []
        if only and request.wants(FIX_ALL_AI_KIND) and not set(only) <= _ON_SAVE_KINDS:
            action = self.fix_all_action(request)
            if action is not None:
                actions.append(action)
        closed = self.provider_gate()  # visible but disabled, with the reason, instead of failing later
        disabled = lsp.CodeActionDisabled(reason=closed) if closed else None
        if request.params.context.only and request.wants(REVIEW_KIND):  # only on request: it sends the file
            review = lsp.Command(
                title="Review this file with AI",
                command=REVIEW_COMMAND,
                arguments=[{"uri": request.document.uri, "version": request.document.version}],
            )
            actions.append(
                lsp.CodeAction(
                    title="Review this file with AI",
                    kind=REVIEW_KIND,
                    command=None if disabled else review,
                    disabled=disabled,
                )
            )
        if not request.wants(AI_KIND):  # "quickfix" and "quickfix.infragenius.ai" both ask for these
            return actions
        seen: set[tuple[str, int]] = set()
        for finding in request.findings:
            key = (finding.code, finding.range.start.line)
            if key in seen or finding.source != "infragenius":
                continue
            seen.add(key)
            args = [target_args(request.document, finding)]
            diagnostic = request.diagnostic(finding)
            explain = lsp.Command(title=f"Explain {finding.code} with AI", command=EXPLAIN_COMMAND, arguments=args)
            fix = lsp.Command(title=f"Fix {finding.code} with AI", command=FIX_COMMAND, arguments=args)
            actions.append(
                lsp.CodeAction(
                    title=f"Explain {finding.code} with AI",
                    kind=AI_KIND,
                    diagnostics=[diagnostic],
                    command=None if disabled else explain,
                    disabled=disabled,
                )
            )
            actions.append(
                lsp.CodeAction(
                    title=f"Fix {finding.code} with AI (verified, unsafe)",
                    kind=AI_KIND,
                    diagnostics=[diagnostic],
                    command=None if disabled else fix,
                    disabled=disabled,
                )
            )
        return actions

    def fix_all_action(self, request) -> lsp.CodeAction | None:
        """The document-wide action, when some finding has no safe rule fix; disabled with the reason
        when the tier or the provider does not allow it."""
        from .fix_all import candidates

        if not candidates(request.analysis.findings):
            return None
        reason = self.fix_all_gate()
        command = lsp.Command(
            title=FIX_ALL_TITLE,
            command=FIX_ALL_COMMAND,
            arguments=[{"uri": request.document.uri, "version": request.document.version}],
        )
        return lsp.CodeAction(
            title=FIX_ALL_TITLE,
            kind=FIX_ALL_AI_KIND,
            command=None if reason else command,
            disabled=lsp.CodeActionDisabled(reason=reason) if reason else None,
        )

    # -- commands --------------------------------------------------------------------------------
    async def explain(self, args: Any) -> dict | None:
        found = await self.resolve(args)
        if found is None:
            return None
        document, finding = found
        await self.confirm_endpoint()
        service = await self.get_service()
        if service is None:
            return None
        cancel = threading.Event()
        progress = Progress(self.server, f"InfraGenius: explaining {finding.code}")
        await progress.begin()
        loop = asyncio.get_running_loop()
        received = [0, 0]

        def on_piece(piece: str) -> None:  # worker thread
            received[0] += len(piece)
            if received[0] - received[1] >= PROGRESS_EVERY_CHARS:
                received[1] = received[0]
                loop.call_soon_threadsafe(progress.report, f"{received[0]} characters")

        try:
            result = await self.in_worker(lambda: service.explain(document, finding, stream=on_piece, cancel=cancel))
        except asyncio.CancelledError:
            cancel.set()
            raise
        except Exception as exc:  # noqa: BLE001 - AICancelled or a bug: one message, the server goes on
            log.warning("explain %s failed: %s", finding.code, exc)
            return None
        finally:
            progress.end()
        if result.note:
            self.show(
                lsp.MessageType.Warning, f"InfraGenius AI unavailable: {result.note}. Showing the rule's documentation."
            )
        return {
            "markdown": result.text,
            "provider": result.provider,
            "cached": result.cached,
            "note": result.note,
            "caution": result.caution,
        }

    async def fix(self, args: Any) -> dict | None:
        found = await self.resolve(args)
        if found is None:
            return None
        document, finding = found
        await self.confirm_endpoint()
        service = await self.get_service()
        if service is None:
            return None
        cancel = threading.Event()
        progress = Progress(self.server, f"InfraGenius: fixing {finding.code}")
        await progress.begin()
        try:
            proposal = await self.in_worker(lambda: service.fix(document, finding, cancel=cancel))
        except asyncio.CancelledError:
            cancel.set()
            raise
        except Exception as exc:  # noqa: BLE001 - an AI feature never takes the server down
            log.warning("fix %s failed: %s", finding.code, exc)
            return None
        finally:
            progress.end()
        if not self.state.documents.is_current(document):
            self.show(lsp.MessageType.Info, "InfraGenius: the file changed while the fix was computed; try again.")
            return {"applied": False, "reason": "document changed"}
        if proposal.source == "ai":
            applied = await self.apply(document, proposal.fix, f"AI fix for {finding.code}")
            return {"applied": applied, "source": "ai", "reason": proposal.reason, "explanation": proposal.explanation}
        if proposal.fix is None:
            self.show(lsp.MessageType.Warning, f"InfraGenius: {proposal.reason}.")
            return {"applied": False, "source": "none", "reason": proposal.reason}
        choice = await self.ask(f"InfraGenius: {proposal.reason}.", f"Apply: {proposal.fix.title}")
        applied = bool(choice) and await self.apply(document, proposal.fix, proposal.fix.title)
        return {"applied": applied, "source": "rule", "reason": proposal.reason}

    async def fix_all(self, args: Any) -> dict | None:
        """Fix all with AI in one document: verified fixes only, applied as one edit (one undo step)."""
        from .fix_all import candidates, fix_document

        uri = args.get("uri") if isinstance(args, dict) else None
        document = self.state.documents.get(uri) if isinstance(uri, str) else None
        if document is None:
            return None
        reason = self.fix_all_gate()
        if reason:
            self.show(lsp.MessageType.Warning, f"InfraGenius: Fix all with AI: {reason}.")
            return {"applied": False, "reason": reason, "fixed": [], "rejected": []}
        await self.confirm_endpoint()
        service = await self.get_service()
        if service is None:
            return None
        analysis = await self.state.analysis(document)
        total = len(candidates(analysis.findings)) if analysis is not None else 0
        cancel = threading.Event()
        progress = Progress(self.server, "InfraGenius: Fix all with AI")
        await progress.begin()
        loop = asyncio.get_running_loop()
        done = [0]

        def on_step(_document, finding) -> None:  # worker thread
            done[0] += 1
            loop.call_soon_threadsafe(progress.report, f"{done[0]}/{max(total, done[0])}: {finding.code}")

        try:
            result = await self.in_worker(lambda: fix_document(service, document, cancel, on_step))
        except asyncio.CancelledError:
            cancel.set()
            raise
        except Exception as exc:  # noqa: BLE001 - an AI feature never takes the server down
            log.warning("fix all failed: %s", exc)
            return None
        finally:
            progress.end()
        fixed = [{"code": o.code, "line": o.line - 1, "reason": o.reason} for o in result.fixed]
        rejected = [{"code": o.code, "line": o.line - 1, "reason": o.reason} for o in result.rejected]
        if not result.changed:
            self.show(lsp.MessageType.Info, f"InfraGenius: Fix all with AI fixed nothing ({len(rejected)} not fixed).")
            return {"applied": False, "fixed": fixed, "rejected": rejected}
        if not self.state.documents.is_current(document):
            self.show(lsp.MessageType.Info, "InfraGenius: the file changed while the fixes were computed; try again.")
            return {"applied": False, "reason": "document changed", "fixed": fixed, "rejected": rejected}
        applied = await self.apply(document, _whole_change(document, result.text), "Fix all with AI")
        if rejected:
            self.show(
                lsp.MessageType.Info,
                f"InfraGenius: fixed {len(fixed)} finding(s) with AI; {len(rejected)} not "
                "fixed (the AI's fix did not verify).",
            )
        return {"applied": applied, "fixed": fixed, "rejected": rejected}

    async def review(self, args: Any) -> dict | None:
        """Extra findings from the model as LSP diagnostics (information, source infragenius-ai). They
        are returned to the client, not published: the rule diagnostics stay exactly the rules'."""
        from ..lsp.convert import Positions, diagnostic

        uri = args.get("uri") if isinstance(args, dict) else None
        document = self.state.documents.get(uri) if isinstance(uri, str) else None
        if document is None:
            return None
        await self.confirm_endpoint()
        service = await self.get_service()
        if service is None:
            return None
        cancel = threading.Event()
        progress = Progress(self.server, "InfraGenius: AI review")
        await progress.begin()
        try:
            result = await self.in_worker(lambda: service.review(document, cancel=cancel))
        except asyncio.CancelledError:
            cancel.set()
            raise
        except Exception as exc:  # noqa: BLE001 - an AI feature never takes the server down
            log.warning("review failed: %s", exc)
            return None
        finally:
            progress.end()
        if result.note:
            self.show(lsp.MessageType.Warning, f"InfraGenius AI review: {result.note}.")
        positions = Positions(document, self.state.position_encoding)
        diagnostics = []
        for finding in result.findings:
            diag = diagnostic(finding, positions)  # pygls turns it into JSON with the rest of the result
            diag.data = {"explanation": finding.data.get("explanation", "")}
            diagnostics.append(diag)
        return {"diagnostics": diagnostics, "note": result.note}

    async def resolve(self, args: Any) -> tuple[Document, Finding] | None:
        """The open document and the current finding a command's argument names."""
        if not isinstance(args, dict) or not isinstance(args.get("uri"), str):
            log.warning("AI command with bad arguments: %r", args)
            return None
        document = self.state.documents.get(args["uri"])
        if document is None:
            return None
        analysis = await self.state.analysis(document)
        if analysis is None:
            return None
        code, line, column = args.get("code"), args.get("line"), args.get("column")
        same = [f for f in analysis.findings if f.code == code]
        exact = [f for f in same if (f.range.start.line, f.range.start.column) == (line, column)]
        near = sorted(same, key=lambda f: abs(f.range.start.line - (line if isinstance(line, int) else 0)))
        chosen = (exact or near or [None])[0]
        if chosen is None:
            self.show(lsp.MessageType.Info, f"InfraGenius: {code} is no longer reported here.")
            return None
        return analysis.document, chosen

    # -- client requests -------------------------------------------------------------------------
    async def apply(self, document: Document, fix, label: str) -> bool:
        from ..lsp.convert import Positions, text_edits, workspace_edit

        positions = Positions(document, self.state.position_encoding)
        edit = workspace_edit(document, text_edits(fix.edits, positions), self.state.document_changes)
        try:
            result = await self.server.workspace_apply_edit_async(lsp.ApplyWorkspaceEditParams(edit=edit, label=label))
        except Exception as exc:  # noqa: BLE001 - an AI feature never takes the server down
            log.warning("workspace/applyEdit failed: %s", exc)
            return False
        return bool(getattr(result, "applied", False))

    async def ask(self, message: str, action: str) -> bool:
        return await self.choose(message, action) == action

    async def choose(self, message: str, *actions: str, fallback: str | None = None) -> str | None:
        """``window/showMessageRequest``: the title of the action picked, None when dismissed. A client
        that cannot ask is shown ``fallback`` instead, when given."""
        try:
            params = lsp.ShowMessageRequestParams(
                type=lsp.MessageType.Warning, message=message, actions=[lsp.MessageActionItem(title=a) for a in actions]
            )
            choice = await self.server.window_show_message_request_async(params)
        except Exception:  # noqa: BLE001 - an AI feature never takes the server down
            if fallback:
                self.show(lsp.MessageType.Warning, fallback)
            return None
        return getattr(choice, "title", None) if choice is not None else None

    def show(self, kind: lsp.MessageType, message: str) -> None:
        try:
            self.server.window_show_message(lsp.ShowMessageParams(type=kind, message=message))
        except Exception:  # noqa: BLE001 - an AI feature never takes the server down
            log.info("%s", message)

    # -- hover -----------------------------------------------------------------------------------
    def hover_addition(self, document: Document, findings: list[Finding], position) -> str | None:
        """Cached AI explanations of the findings at ``position`` (never asks a model)."""
        service = self.peek_service()
        if service is None:
            return None
        parts = []
        for finding in findings:
            if finding.range.contains(position):
                text = service.cached_explanation(document, finding)
                if text:
                    parts.append(f"**AI explanation ({finding.code})**\n\n{text}")
        return "\n\n---\n\n".join(parts) or None


class Progress:
    """``$/progress`` for one command; silently nothing when the client does not support it."""

    def __init__(self, server: Any, title: str) -> None:
        self.server, self.title = server, title
        self.token = f"infragenius-ai-{uuid.uuid4().hex[:12]}"
        self.active = False

    async def begin(self) -> None:
        try:
            await asyncio.wait_for(self.server.work_done_progress.create_async(self.token), 2)
            self.server.work_done_progress.begin(
                self.token, lsp.WorkDoneProgressBegin(title=self.title, cancellable=False)
            )
            self.active = True
        except Exception:  # noqa: BLE001 - an AI feature never takes the server down
            self.active = False

    def report(self, message: str) -> None:
        if self.active:
            self.server.work_done_progress.report(self.token, lsp.WorkDoneProgressReport(message=message))

    def end(self) -> None:
        if self.active:
            self.active = False
            self.server.work_done_progress.end(self.token, lsp.WorkDoneProgressEnd())


def _whole_change(document: Document, text: str):
    """One edit from the first to the last changed character (the rest of the file is untouched)."""
    from ..core.findings import Edit, Fix

    old = document.text
    start = 0
    while start < min(len(old), len(text)) and old[start] == text[start]:
        start += 1
    end_old, end_new = len(old), len(text)
    while end_old > start and end_new > start and old[end_old - 1] == text[end_new - 1]:
        end_old -= 1
        end_new -= 1
    return Fix("Fix all with AI", (Edit(document.range_of(start, end_old), text[start:end_new]),), "unsafe")


def target_args(document: Document, finding: Finding) -> dict:
    return {
        "uri": document.uri,
        "version": document.version,
        "code": finding.code,
        "line": finding.range.start.line,
        "column": finding.range.start.column,
    }


# One feature per server state. The code-action provider list and the hover entry point are module
# globals of lsp/, so they get one dispatcher each that finds the feature of the request's state
# (several servers in one process, as in tests, stay apart).
_FEATURES: weakref.WeakKeyDictionary[Any, AIFeature] = weakref.WeakKeyDictionary()


def register(server: Any, state: Any) -> AIFeature:
    from ..lsp import code_actions
    from ..lsp import hover as hover_module
    from . import daemon

    daemon.hold_leases()  # the embedded model this server uses stays warm while it runs, for the CLI too
    feature = AIFeature(server, state)
    _FEATURES[state] = feature
    state.on_config_change(feature.reset)
    code_actions.register_code_action_provider(_code_actions, kinds=(AI_KIND, REVIEW_KIND, FIX_ALL_AI_KIND))
    _wrap_hover(hover_module)

    @server.command(EXPLAIN_COMMAND)
    async def explain_command(*args: Any) -> dict | None:
        return await feature.explain(args[0] if args else None)

    @server.command(REVIEW_COMMAND)
    async def review_command(*args: Any) -> dict | None:
        return await feature.review(args[0] if args else None)

    @server.command(FIX_ALL_COMMAND)
    async def fix_all_command(*args: Any) -> dict | None:
        return await feature.fix_all(args[0] if args else None)

    @server.command(FIX_COMMAND)
    async def fix_command(*args: Any) -> dict | None:
        return await feature.fix(args[0] if args else None)

    return feature


def _code_actions(request) -> list[lsp.CodeAction]:
    feature = _FEATURES.get(request.state)
    return feature.code_actions(request) if feature is not None else []


def _wrap_hover(hover_module: Any) -> None:
    """lsp/hover.py has no extension hook yet: wrap its entry point (once) so that a cached AI
    explanation is appended under the rule docs. A hook there would be cleaner (see the report)."""
    if getattr(hover_module.hover, "_with_ai", False):
        return
    original = hover_module.hover

    async def hover_with_ai(state_, params):
        result = await original(state_, params)
        feature = _FEATURES.get(state_)
        if result is None or feature is None or feature.peek_service() is None:
            return result
        try:
            from ..lsp.convert import Positions

            document = state_.documents.get(params.text_document.uri)
            analysis = await state_.analysis(document) if document is not None else None
            if analysis is None:
                return result
            position = Positions(analysis.document, state_.position_encoding).from_lsp(params.position)
            extra = feature.hover_addition(analysis.document, analysis.findings, position)
        except Exception:
            log.exception("AI hover addition failed")
            return result
        if extra and isinstance(result.contents, lsp.MarkupContent):
            result.contents = lsp.MarkupContent(
                kind=result.contents.kind, value=f"{result.contents.value}\n\n---\n\n{extra}"
            )
        return result

    hover_with_ai._with_ai = True  # type: ignore[attr-defined]
    hover_module.hover = hover_with_ai
