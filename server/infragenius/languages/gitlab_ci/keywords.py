"""GitLab CI keywords (facts from GitLab's CI/CD YAML syntax reference) and their value shapes.

Shapes: "str", "int", "bool", "list", "map", "str|list", "str|map", "list|map", ... checked against the
YAML node kind. A keyword whose shape is "any" is only checked for existence.
"""

from __future__ import annotations

GLOBAL_KEYWORDS: dict[str, str] = {
    "default": "map",
    "include": "str|list|map",
    "stages": "list",
    "variables": "map",
    "workflow": "map",
    # Deprecated as globals (use default:), still accepted by GitLab.
    "image": "str|map",
    "services": "list",
    "cache": "map|list",
    "before_script": "str|list",
    "after_script": "str|list",
}

DEFAULT_KEYWORDS: dict[str, str] = {
    "after_script": "str|list",
    "artifacts": "map",
    "before_script": "str|list",
    "cache": "map|list",
    "hooks": "map",
    "id_tokens": "map",
    "image": "str|map",
    "interruptible": "bool",
    "retry": "int|map",
    "services": "list",
    "tags": "list",
    "timeout": "str",
}

JOB_KEYWORDS: dict[str, str] = {
    **DEFAULT_KEYWORDS,
    "allow_failure": "bool|map",
    "coverage": "str",
    "dast_configuration": "map",
    "dependencies": "list",
    "environment": "str|map",
    "extends": "str|list",
    "identity": "str",
    "inherit": "map",
    "manual_confirmation": "str",
    "needs": "list|map",
    "only": "str|list|map",
    "except": "str|list|map",
    "pages": "bool|map",
    "parallel": "int|map",
    "publish": "str",
    "release": "map",
    "resource_group": "str",
    "rules": "list",
    "run": "list",
    "script": "str|list",
    "secrets": "map",
    "stage": "str",
    "start_in": "str",
    "trigger": "str|map",
    "variables": "map",
    "when": "str",
}

WORKFLOW_KEYWORDS: dict[str, str] = {"name": "str", "rules": "list", "auto_cancel": "map"}

RULE_KEYWORDS: dict[str, str] = {
    "if": "str",
    "changes": "list|map",
    "exists": "list|map",
    "when": "str",
    "allow_failure": "bool",
    "variables": "map",
    "needs": "list",
    "start_in": "str",
    "interruptible": "bool",
    "auto_cancel": "map",
}

ARTIFACTS_KEYWORDS: dict[str, str] = {
    "paths": "list",
    "exclude": "list",
    "expire_in": "str|int",
    "expose_as": "str",
    "name": "str",
    "public": "bool",
    "access": "str",
    "reports": "map",
    "untracked": "bool",
    "when": "str",
}

CACHE_KEYWORDS: dict[str, str] = {
    "key": "str|int|map",
    "paths": "list",
    "untracked": "bool",
    "unprotect": "bool",
    "when": "str",
    "policy": "str",
    "fallback_keys": "list",
}

JOB_WHEN = ("on_success", "on_failure", "always", "manual", "delayed", "never")
DEFAULT_STAGES = (".pre", "build", "test", "deploy", ".post")
RESERVED_TOP_LEVEL = frozenset(GLOBAL_KEYWORDS) | {"spec"}
