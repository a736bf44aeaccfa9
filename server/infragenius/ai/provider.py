"""The interface every model backend implements, and the errors they raise.

A provider turns chat messages into text. ``schema`` (a JSON schema) asks for a JSON answer that the
caller validates; ``stream`` receives the text piece by piece as it arrives. Providers are synchronous
and thread-safe enough to be called from a worker thread: the language server never awaits them on
its event loop.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypedDict, runtime_checkable


class Message(TypedDict):
    role: str  # "system" | "user" | "assistant"
    content: str


StreamCallback = Callable[[str], None]


class AIError(Exception):
    """The provider could not give an answer. ``str(exc)`` is one clear line for the user."""


class AIUnavailable(AIError):
    """The provider is down, unreachable, too slow, or not installed."""


class AIBadAnswer(AIError):
    """The provider answered something we cannot use (not its API's format, invalid JSON...)."""


class AICancelled(AIError):
    """The request was cancelled by the user (editor cancel, Ctrl-C)."""


@runtime_checkable
class Provider(Protocol):
    name: str  # "openai-compatible", "embedded", ...
    model: str  # the model id as it goes into cache keys

    def complete(
        self, messages: list[Message], schema: dict | None = None, stream: StreamCallback | None = None
    ) -> str:
        """The whole answer's text; with ``stream``, each piece is also passed to it as it arrives."""
        ...

    def close(self) -> None:
        """Release connections and processes (idempotent)."""
        ...
