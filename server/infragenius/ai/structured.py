"""JSON answers: validate with pydantic, and ask once more, showing the error, when they do not parse."""

from __future__ import annotations

import json
import re
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from .provider import AIBadAnswer, Message, Provider

T = TypeVar("T", bound=BaseModel)

_FENCED = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL)


def ask_structured(provider: Provider, messages: list[Message], model: type[T], schema: dict) -> T:
    """The provider's answer as a ``model`` instance; one retry that quotes the validation error."""
    answer = provider.complete(messages, schema=schema)
    try:
        return parse(answer, model)
    except AIBadAnswer as first:
        retry = [
            *messages,
            {"role": "assistant", "content": answer[:4000]},
            {"role": "user", "content": f"That answer is not valid: {first}. Answer again with only the JSON object."},
        ]
        answer = provider.complete(retry, schema=schema)
        return parse(answer, model)


def parse(answer: str, model: type[T]) -> T:
    """``model`` from an answer that should be JSON: tolerates code fences and prose around one object."""
    text = extract_json(answer)
    try:
        return model.model_validate_json(text)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'answer'}: {e['msg']}" for e in exc.errors()[:5])
        raise AIBadAnswer(f"the answer does not match the expected JSON ({problems})") from None


def extract_json(answer: str) -> str:
    text = answer.strip()
    fenced = _FENCED.search(text)
    if fenced:
        text = fenced.group(1).strip()
    if text.startswith("{"):
        return text
    start = text.find("{")
    if start == -1:
        return text
    try:  # the first complete object in the prose
        _, end = json.JSONDecoder().raw_decode(text[start:])
        return text[start:start + end]
    except ValueError:
        return text[start:]
