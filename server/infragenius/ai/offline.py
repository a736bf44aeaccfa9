"""Deterministic answers assembled from the rule's documentation: always available, nothing leaves
the machine. Used when AI is off (``ai.enabled = false`` or ``provider = "offline"``) and as the
fallback when a model cannot answer."""

from __future__ import annotations

from ..core.document import Document
from ..core.findings import Finding
from ..core.rules import REGISTRY
from .provider import AIUnavailable, Message, StreamCallback


def explain(document: Document, finding: Finding) -> str:
    """Markdown: the finding, the offending line, the rule's documentation and its fix if it has one."""
    rule = REGISTRY.get(finding.code)
    line = finding.range.start.line
    name = f" `{rule.name}`" if rule is not None else ""
    parts = [f"**{finding.code}**{name} · {finding.severity.label} · line {line + 1}", finding.message]
    source = document.line_text(line).strip()
    if source:
        parts.append(f"```\n{source}\n```")
    if rule is not None:
        parts.append(rule.docs())
    if finding.fix is not None:
        edits = "\n".join(e.new_text for e in finding.fix.edits if e.new_text)
        fix = f"Fix ({finding.fix.applicability}): {finding.fix.title}"
        parts.append(f"{fix}\n```\n{edits}\n```" if edits else fix)
    return "\n\n".join(parts)


def model_label(model: str) -> str:
    """The heading above a small model's text, under the engine's own explanation."""
    return (
        f"**From the model** ({model}, a small local model: it may be wrong; the explanation above is the engine's own)"
    )


class OfflineProvider:
    """The provider interface over rule docs: echoes the documentation part of the prompt."""

    name = "offline"
    model = "rule-docs"

    def complete(
        self, messages: list[Message], schema: dict | None = None, stream: StreamCallback | None = None
    ) -> str:
        if schema is not None:
            raise AIUnavailable("the offline provider does not write fixes (use the rule's own fix)")
        user = next((m["content"] for m in reversed(messages) if m["role"] == "user"), "")
        answer = user.split("Rule documentation:\n", 1)[-1].split("\n\nFinding: ", 1)[0].strip()
        if stream is not None and answer:
            stream(answer)
        return answer

    def close(self) -> None:
        pass
