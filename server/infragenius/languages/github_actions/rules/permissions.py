"""``permissions``: the scopes and the values each accepts."""

from __future__ import annotations

from ....core.findings import Severity
from ....core.suggest import candidates
from ...yaml import Mapping, Node, Scalar
from .. import schema
from ..values import has_expression, is_expression, key_rename
from ._base import WalkRule


class InvalidPermissions(WalkRule):
    """An unknown permission scope or a value the scope does not accept.

    Scopes take ``read``, ``write`` or ``none`` (``id-token`` only ``write``/``none``, ``models``
    only ``read``/``none``); the whole block may be ``read-all`` or ``write-all``.

    Bad:

        permissions:
          content: read
          id-token: read

    Good:

        permissions:
          contents: read
          id-token: write
    """

    code = "GA007"
    name = "invalid-permissions"
    message = "Invalid permissions"
    severity = Severity.ERROR
    tags = ("correctness",)
    aliases = ("actionlint:permissions",)
    fixable = True

    def permissions(self, node: Node) -> None:
        if is_expression(node):
            return
        if isinstance(node, Scalar):
            if node.is_null:
                self.report(node, 'empty "permissions:"; write "{}" to grant no permission, or remove the key')
            elif node.value not in schema.PERMISSION_ALL and not has_expression(node):
                message = f'invalid permissions "{node.value}"; use "read-all", "write-all" or a mapping of scopes'
                self.report(node, message)
            return
        if isinstance(node, Mapping):  # another shape is InvalidType's
            for key, value in node.items():
                if isinstance(key, Scalar):
                    self.scope(node, key, value)

    def scope(self, node: Mapping, key: Scalar, value: Node) -> None:
        allowed = schema.PERMISSION_SCOPES.get(key.value)
        if allowed is None:
            hint, fix = key_rename(key, candidates(key.value, schema.PERMISSION_SCOPES), node)
            self.report(key, f'unknown permission scope "{key.value}"{hint}', fix=fix)
        elif isinstance(value, Scalar) and value.value not in allowed:
            listed = ", ".join(f'"{v}"' for v in allowed)
            self.report(value, f'invalid value "{value.value}" for permission scope "{key.value}"; expected {listed}')
