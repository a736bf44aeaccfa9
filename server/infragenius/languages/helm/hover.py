"""Hover in Helm charts.

In templates: ``.Values.a.b`` shows its default and where values.yaml defines it, and so do scoped
references (``.tag`` inside ``with .Values.image``, ``$svc.port`` for each value of ``range $name, $svc
:= .Values.services``; for list items and map values, the first one that has the key); the name in
``include "x"``/``template "x"``/``define "x"`` shows where the define is and its body's first lines;
built-in objects (``.Release.Name``, ``.Chart.Name``, ``.Capabilities.KubeVersion``...) say what they
hold; template functions show their signature and what they do.

In values.yaml: a key lists the templates that read it (literally or through a scope)."""

from __future__ import annotations

from pathlib import Path

from ...core.document import Document, Position
from ..yaml import Mapping, Node, Scalar, Sequence, path_at
from .builtin_objects import describe
from .callers import define_contexts
from .chart import Chart
from .function_docs import DOCS
from .functions import KNOWN_FUNCTIONS, library_of
from .gotemplate import KEYWORDS, Action, Template, Token, value_paths
from .parse import HelmDocument
from .scopes import ELEMENT, ROOT, operand_at, scope_at, values_operand
from .value_reads import reads
from .values_lookup import Found, display, display_chosen, find

_BODY_LINES = 6  # of a define's body shown on hover
_READERS_SHOWN = 10  # places listed on a values.yaml key
_UNFOLLOWED = "reads through `index`, `tpl` or a parent chart"

# the root context's fields (``.Values.a`` has its own hover: only a bare ``.Values`` gets here)
_BUILTIN_ROOTS = frozenset({"Values", "Release", "Chart", "Capabilities", "Template", "Files", "Subcharts"})


def hover(document: Document, model: HelmDocument | None, position: Position) -> str | None:
    if not isinstance(model, HelmDocument) or model.chart is None:
        return None
    chart, template, offset = model.chart, model.template, document.offset_at(position)
    if model.kind == "values" and model.stream is not None:
        return _values_key_hover(chart, model.stream.root, offset)
    if template is None:
        return None
    for token, path, _ in value_paths(template):
        if token.start <= offset <= token.end:
            return _value_hover(chart, path)
    scoped = _scoped_hover(chart, template, offset)
    if scoped is not None:
        return scoped
    builtin = _builtin_hover(chart, template, offset)
    if builtin is not None:
        return builtin
    action = next((a for a in template.actions if not a.comment and a.start <= offset <= a.end), None)
    return _action_hover(chart, action, offset) if action is not None else None


def _action_hover(chart: Chart, action: Action, offset: int) -> str | None:
    """On a define's name (in ``include``/``template``/``define``/``block``) or a function name."""
    tokens = action.tokens
    for i, token in enumerate(tokens):
        if not token.start <= offset <= token.end:
            continue
        before = tokens[i - 1] if i else None
        if token.kind in ("string", "raw") and before is not None and _names_define(before):
            return _define_hover(chart, token.value)
        if token.kind == "ident" and token.text not in KEYWORDS and token.text in KNOWN_FUNCTIONS:
            return _function_hover(token.text)
    return None


def _names_define(token: Token) -> bool:
    return token.kind == "ident" and token.text in ("include", "template", "define", "block")


def _function_hover(name: str) -> str:
    doc = DOCS.get(name)
    if doc is None:  # known to Helm, not described here: say at least where it comes from
        return f"**{name}** — {library_of(name)} function"
    library, signature, description = doc
    return f"**{name}** — {library} function\n\n```\n{signature}\n```\n{description}"


def _builtin_hover(chart: Chart, template: Template, offset: int) -> str | None:
    """``.Release.Name``, ``$.Chart.Name``...: what the built-in object holds. Where the dot is
    rebound (``with``/``range``) ``.Chart`` is not the built-in and nothing is said; where it is
    unknown (a define's body) the hover says it assumes the root context, as charts pass it there."""
    hit = operand_at(template, offset)
    if hit is None or hit[1].kind != "field":
        return None
    _, token, previous = hit
    head, *fields = token.text.split(".")
    if not fields or fields[0] not in _BUILTIN_ROOTS:
        return None
    scope = scope_at(template, token.start, define_contexts(chart))
    base = scope.dot if head == "" else scope.variables.get(head)
    if (previous is not None and previous.kind == "rparen" and previous.end == token.start) or (
        base is not None and base != ROOT
    ):
        return None
    described = describe(_fields_to_cursor(token, fields, offset))
    if described is None:
        return None
    name, text = described
    value = _chart_field(chart, name)
    out = f"**.{name}** — built-in object\n\n{text}"
    if value is not None:
        out += f"\n\nIn this chart: `{value}`"
    if base is None:
        out += "\n\n_Assumes `.` is the chart's root context here._"
    return out


def _fields_to_cursor(token: Token, fields: list[str], offset: int) -> list[str]:
    """The fields up to the one under the cursor (on ``Chart`` of ``.Chart.Name``: just ``Chart``)."""
    end = token.start + len(token.text.split(".")[0])
    for i, name in enumerate(fields):
        end += 1 + len(name)
        if offset <= end:
            return fields[: i + 1]
    return fields


def _chart_field(chart: Chart, name: str) -> str | None:
    """The Chart.yaml value behind ``.Chart.X`` (Helm capitalises the file's keys)."""
    parts = name.split(".")
    if len(parts) != 2 or parts[0] != "Chart" or chart.chart_yaml is None:
        return None
    node = chart.chart_yaml.get(parts[1][0].lower() + parts[1][1:])
    return str(node.value) if isinstance(node, Scalar) and not node.is_null else None


def _value_hover(chart: Chart, path: list[str]) -> str:
    status, node = chart.lookup(path)
    title = f"**.Values.{'.'.join(path)}**"
    if status != "found" or node is None:
        return f"{title}\n\nNot defined in values.yaml."
    where = f"{chart.values_path.name}:{node.start_pos.line + 1}"
    return f"{title} — {where}\n\n```yaml\n{value_preview(node)}\n```"


def _scoped_hover(chart: Chart, template: Template, offset: int) -> str | None:
    """A ``.``/``.a``/``$x.a`` whose scope resolves to a values path that values.yaml defines."""
    found_path = values_operand(template, offset, define_contexts(chart))
    if found_path is None or len(found_path[0]) < 2:
        return None
    rest = found_path[0][1:]
    found = find(chart.values, rest)
    if found is None:
        return None  # e.g. an item key no item has: nothing to show, nothing certain to warn about
    line = (found.anchor or found.node).start_pos.line + 1
    text = f"**{display(rest)}** — {chart.values_path.name}:{line}"
    if ELEMENT in rest:
        text += f"\n\n{_element_note(rest, found)}"
    return f"{text}\n\n```yaml\n{value_preview(found.node)}\n```"


def _element_note(rest: tuple[str, ...], found: Found) -> str:
    """Which list item / map value is shown, and how many of them have the key."""
    last = len(rest) - 1 - rest[::-1].index(ELEMENT)
    kind = "item" if found.chosen[last].startswith("[") else "map value"
    note = f"Shown: `{display_chosen(found.chosen)}`, the first {kind}"
    if last < len(rest) - 1:
        note += " that has it"
        if found.having is not None and found.having[0] < found.having[1]:
            note += f" ({found.having[0]} of {found.having[1]} have it)"
    return note + "."


def value_preview(node, depth: int = 0) -> str:
    if isinstance(node, Scalar):
        return (
            "null"
            if node.is_null
            else repr(node.python)
            if isinstance(node.python, str) and node.value == ""
            else str(node.value)
        )
    if isinstance(node, Mapping):
        keys = [str(k.value) for k, _ in node.items() if isinstance(k, Scalar)]
        shown = ", ".join(keys[:8]) + (", ..." if len(keys) > 8 else "")
        return f"{{{shown}}}" if keys else "{}"
    if isinstance(node, Sequence):
        return f"[{len(node.items)} items]"
    return "?"


def _define_hover(chart: Chart, name: str) -> str:
    found = chart.defines.get(name)
    if found is None:
        return f"**{name}**\n\nNot defined in this chart."
    path, action = found
    template = chart.templates.get(path)
    text = template.text if template is not None else _read(path)
    if text is None:
        return f"**{name}** — defined in `{_shown(chart, path)}`"
    line = text[: action.start].count("\n") + 1
    out = f"**{name}** — defined in `{_shown(chart, path)}:{line}`"
    body = _body_preview(text, action)
    return f"{out}\n\n```\n{body}\n```" if body else out


def _body_preview(text: str, action: Action) -> str:
    """The define's first non-blank body lines, with "..." when it goes on."""
    end = action.partner.start if action.partner is not None else len(text)
    lines = [line for line in text[action.end : end].splitlines() if line.strip()]
    shown = "\n".join(lines[:_BODY_LINES])
    return shown + ("\n..." if len(lines) > _BODY_LINES else "")


def _read(path: Path) -> str | None:
    try:
        return path.read_text("utf-8", "replace")
    except OSError:
        return None


def _shown(chart: Chart, path: Path) -> str:
    """A path relative to the chart (a dependency's define lies outside it: shown as is)."""
    try:
        return str(path.relative_to(chart.root))
    except ValueError:
        return str(path)


# -- values.yaml ---------------------------------------------------------------------------------
def _values_key_hover(chart: Chart, root: Node | None, offset: int) -> str | None:
    """On a key of values.yaml: the templates of the chart that read it, one line per place."""
    target = _values_key_path(root, offset)
    if target is None:
        return None
    places = sorted({(read.path, read.line) for read in reads(chart) if read.covers(target)})
    title = f"**{display(target)}**"
    if not places:
        return f"{title}\n\nNo template of this chart reads it ({_UNFOLLOWED} are not followed)."
    listed = "\n".join(f"- `{_shown(chart, path)}:{line}`" for path, line in places[:_READERS_SHOWN])
    if len(places) > _READERS_SHOWN:
        listed += f"\n- ... and {len(places) - _READERS_SHOWN} more"
    readers = len({path for path, _ in places})
    return f"{title} — read by {readers} template{'s' if readers > 1 else ''}\n\n{listed}"


def _values_key_path(root: Node | None, offset: int) -> tuple[str, ...] | None:
    """The values path of the key under ``offset`` (list items as ``ELEMENT``), None off a key."""
    chain = path_at(root, offset)
    if len(chain) < 2 or chain[-1][0] is not chain[-1][1]:
        return None
    keys = [key for key, _ in chain[1:]]
    if not all(key is None or isinstance(key, Scalar) for key in keys):
        return None
    return tuple(str(key.value) if isinstance(key, Scalar) else ELEMENT for key in keys)
