"""JSON answers: validate with pydantic, and ask once more, showing the error, when they do not parse."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from .provider import AIBadAnswer, Message, Provider

T = TypeVar("T", bound=BaseModel)

_FENCED = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL)


def ask_structured(
    provider: Provider,
    messages: list[Message],
    model: type[T],
    schema: dict,
    check: Callable[[T], object] | None = None,
) -> T:
    """The provider's answer as a ``model`` instance; one retry that quotes what was wrong, then
    :class:`AIBadAnswer`. ``check`` tests what a schema cannot say (a range's order, overlaps): it
    raises ValueError with a sentence the model can act on."""
    answer = provider.complete(messages, schema=schema)
    try:
        return parse(answer, model, check)
    except AIBadAnswer as first:
        retry = [
            *messages,
            {"role": "assistant", "content": answer[:4000]},
            {"role": "user", "content": f"That answer is not valid: {first}. Answer again with only the JSON object."},
        ]
    answer = provider.complete(retry, schema=schema)
    try:
        return parse(answer, model, check)
    except AIBadAnswer as second:
        raise AIBadAnswer(f"the model's answer is still not usable after one retry: {second}") from None


def parse(answer: str, model: type[T], check: Callable[[T], object] | None = None) -> T:
    """``model`` from an answer that should be JSON: tolerates code fences and prose around one object."""
    text = extract_json(answer)
    try:
        value = model.model_validate_json(text)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'answer'}: {e['msg']}" for e in exc.errors()[:5])
        raise AIBadAnswer(f"the answer does not match the expected JSON ({_short(problems)})") from None
    if check is not None:
        try:
            check(value)
        except ValueError as exc:
            raise AIBadAnswer(str(exc)) from None
    return value


# Characters a constrained answer spends on syntax around each value: quotes, key, colon, comma.
_PER_KEY = 6
# The whitespace llama.cpp's JSON grammar allows in each gap between tokens (a space, or one or two line
# breaks and up to 20 spaces or tabs), which a small model does use: three gaps around each key's value,
# two around each array item.
_SPACE = 22


def answer_budget(schema: dict) -> int | None:
    """The most tokens an answer constrained to ``schema`` can take (a token holds at least one
    character), or None when the schema does not bound it (a string without ``maxLength``, an array
    without ``maxItems``). A token cap this large lets constrained decoding always close the JSON."""
    if "const" in schema:
        return len(json.dumps(schema["const"])) + 1
    if "anyOf" in schema:
        sizes = [answer_budget(option) for option in schema["anyOf"]]
        return None if not sizes or None in sizes else max(s for s in sizes if s is not None)
    kind = schema.get("type")
    if kind == "string":
        return schema["maxLength"] + 2 if "maxLength" in schema else None
    if kind == "integer":
        return len(str(schema["maximum"])) + 1 if "maximum" in schema else None
    if kind == "array":
        item = answer_budget(schema.get("items", {}))
        if item is None or "maxItems" not in schema:
            return None
        return 2 + schema["maxItems"] * (item + 1 + 2 * _SPACE)
    if kind == "object":
        total = 2
        for key, value in schema.get("properties", {}).items():
            size = answer_budget(value)
            if size is None:
                return None
            total += len(key) + _PER_KEY + 3 * _SPACE + size
        return total
    return None


def compact(schema: dict) -> dict:
    """``schema`` as instructions for a server that does not enforce it: alternatives that only differ
    in their bounds (``fix_schema``'s one per start line) become one object with the widest bounds, so
    that the prompt stays short. The answer is checked against the exact bounds afterwards."""
    if "anyOf" in schema and _same_shape(schema["anyOf"]):
        return _widest(schema["anyOf"])
    out = dict(schema)
    if isinstance(schema.get("properties"), dict):
        out["properties"] = {key: compact(value) for key, value in schema["properties"].items()}
    if isinstance(schema.get("items"), dict):
        out["items"] = compact(schema["items"])
    return out


def _same_shape(options: list) -> bool:
    shapes = {
        tuple(o.get("properties", {})) if isinstance(o, dict) and o.get("type") == "object" else None for o in options
    }
    return len(shapes) == 1 and None not in shapes


def _widest(options: list[dict]) -> dict:
    merged = dict(options[0])
    merged["properties"] = {}
    for key, first in options[0]["properties"].items():
        values = [o["properties"][key] for o in options]
        lows = [v.get("const", v.get("minimum")) for v in values]
        highs = [v.get("const", v.get("maximum")) for v in values]
        widest = {k: v for k, v in first.items() if k not in ("const", "minimum", "maximum")}
        if all(isinstance(x, int) for x in lows + highs):
            widest.update(minimum=min(lows), maximum=max(highs))
        merged["properties"][key] = widest
    return merged


def _short(text: str, limit: int = 300) -> str:
    """One line, bounded: a model's broken answer can be long, and the reason is shown to the user."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
        return text[start : start + end]
    except (ValueError, RecursionError):  # deeply nested brackets: let the validator say what is wrong
        return text[start:]
