"""``templatefile(path, vars)``: the template file a call names, rendered as far as it is known.

Policies are often kept in ``policy.json.tpl`` files. The template is read through the workspace
(unsaved edits count, the result cache records the read), its ``${...}`` interpolations take the
known values of ``vars`` and become ``UNKNOWN_TEXT`` otherwise, and a ``%{...}`` directive makes
the whole text unknown (how often a loop repeats is not known here).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .hcl import Node, node_text, parser
from .values import UNKNOWN, UNKNOWN_TEXT, Evaluator

if TYPE_CHECKING:
    from .model import Module

Reader = Callable[[Path], "str | None"]


@dataclass(frozen=True)
class Rendered:
    text: Any  # the rendered string, or UNKNOWN
    path: Path  # the template file, as named from the module's folder


def templatefile_call(expr: Node) -> tuple[Node, Node | None] | None:
    """(path, vars) argument nodes when ``expr`` is a ``templatefile(...)`` call, else None."""
    call = expr.children[0] if expr.type == "expression" and expr.child_count == 1 else expr
    if call.type != "function_call" or node_text(call.children[0]) != "templatefile":
        return None
    args_node = next((c for c in call.children if c.type == "function_arguments"), None)
    args = [c for c in args_node.children if c.type == "expression"] if args_node is not None else []
    if not args or len(args) > 2:
        return None
    return args[0], (args[1] if len(args) == 2 else None)


def render_templatefile(expr: Node, module: Module, read: Reader) -> Rendered | None:
    """The template ``expr`` (a ``templatefile`` call) renders, with unknown parts as UNKNOWN_TEXT;
    None when ``expr`` is not such a call or the file cannot be named or read."""
    call = templatefile_call(expr)
    if call is None or module.directory is None:
        return None
    path_node, vars_node = call
    ev = Evaluator(module, placeholder=UNKNOWN_TEXT, scope={"path": {"module": str(module.directory)}})
    name = ev.value(path_node)
    if not isinstance(name, str) or UNKNOWN_TEXT in name:
        return None
    path = Path(name) if Path(name).is_absolute() else module.directory / name
    text = read(path)
    if text is None:
        return None
    scope = ev.value(vars_node) if vars_node is not None else {}
    shown = _relative(path, module.directory)
    if not isinstance(scope, dict):
        return Rendered(UNKNOWN, shown)
    return Rendered(_render(text, scope), shown)


def _render(text: str, scope: dict[str, Any]) -> Any:
    """``text`` as a template: parsed as the body of a heredoc, which has the same syntax."""
    delimiter = "EOT"
    while delimiter in text:
        delimiter += "_"
    newline = "" if text.endswith("\n") else "\n"
    source = f"x = <<{delimiter}\n{text}{newline}{delimiter}\n".encode("utf-8", "surrogatepass")
    root = parser().parse(source).root_node
    if root.has_error:
        return UNKNOWN
    heredoc = _first(root, "heredoc_template")
    if heredoc is None:
        return UNKNOWN
    # Template variables only: Terraform gives a template no access to var., local. or resources.
    return Evaluator(None, placeholder=UNKNOWN_TEXT, scope=scope).value(heredoc)


def _first(node: Node, type_: str) -> Node | None:
    stack = [node]
    while stack:
        current = stack.pop()
        if current.type == type_:
            return current
        stack.extend(reversed(current.children))
    return None


def _relative(path: Path, directory: Path) -> Path:
    try:
        return path.relative_to(directory)
    except ValueError:
        return path
