"""Which values a ``run:`` script's shell receives are known: what word splitting and globbing do
to them is what the workflow's author sees and means.

The runner sets some variables that always are one word (``$GITHUB_OUTPUT``, ``$GITHUB_SHA``), and
some ``${{ }}`` expressions always give one (``github.sha``, ``needs.build.result``, a ``matrix``
key whose values are all plain words). An ``env:`` entry written out in the file (``matrix``
values included) is known whatever it holds, as the Dockerfile rules take ARG and ENV: YAML cannot pass a shell array, so an options
list (``FLAGS: --verbose --color``) is meant to be split. Anything else (``inputs``, step outputs,
secrets, titles, names) may hold anything.
"""

from __future__ import annotations

import re
from functools import cached_property

from ...shell import GITHUB_EXPRESSION, Script, parse_script
from ...yaml import Mapping, Node, Scalar, Sequence
from .scripts_shell import RunScript

# Set by the runner to one word without ``*?[``: ids, paths under the runner's folders, URLs, and
# git refs (git forbids spaces and glob characters in them). Not GITHUB_WORKFLOW (the workflow's
# name), GITHUB_WORKFLOW_REF (its file name) or RUNNER_NAME ("GitHub Actions 12"): they hold spaces.
RUNNER_ONE_WORD = frozenset(
    {
        "CI",
        "HOME",
        "GITHUB_ACTIONS",
        "GITHUB_ACTION",
        "GITHUB_ACTION_PATH",
        "GITHUB_ACTION_REPOSITORY",
        "GITHUB_ACTOR",
        "GITHUB_ACTOR_ID",
        "GITHUB_TRIGGERING_ACTOR",
        "GITHUB_API_URL",
        "GITHUB_GRAPHQL_URL",
        "GITHUB_SERVER_URL",
        "GITHUB_BASE_REF",
        "GITHUB_HEAD_REF",
        "GITHUB_REF",
        "GITHUB_REF_NAME",
        "GITHUB_REF_PROTECTED",
        "GITHUB_REF_TYPE",
        "GITHUB_SHA",
        "GITHUB_ENV",
        "GITHUB_OUTPUT",
        "GITHUB_PATH",
        "GITHUB_STATE",
        "GITHUB_STEP_SUMMARY",
        "GITHUB_EVENT_NAME",
        "GITHUB_EVENT_PATH",
        "GITHUB_JOB",
        "GITHUB_REPOSITORY",
        "GITHUB_REPOSITORY_ID",
        "GITHUB_REPOSITORY_OWNER",
        "GITHUB_REPOSITORY_OWNER_ID",
        "GITHUB_RETENTION_DAYS",
        "GITHUB_RUN_ATTEMPT",
        "GITHUB_RUN_ID",
        "GITHUB_RUN_NUMBER",
        "GITHUB_WORKSPACE",
        "RUNNER_ARCH",
        "RUNNER_DEBUG",
        "RUNNER_ENVIRONMENT",
        "RUNNER_OS",
        "RUNNER_TEMP",
        "RUNNER_TOOL_CACHE",
        "RUNNER_WORKSPACE",
    }
)
# The same values as expressions, and event fields that are shas, numbers, ids, logins or git refs.
# ``github.event.inputs`` and ``client_payload`` are whatever the caller typed, whatever their name.
_ONE_WORD_CONTEXT = re.compile(
    r"github\.(?:sha|ref|ref_name|ref_type|base_ref|head_ref|run_id|run_number|run_attempt|event_name"
    r"|repository|repository_id|repository_owner|actor|actor_id|triggering_actor|job|workspace|action_path"
    r"|server_url|api_url|graphql_url|retention_days)"
    r"|github\.event\.(?!inputs\.|client_payload\.)(?:[\w-]+\.)*"
    r"(?:sha|head_sha|base_sha|before|after|number|id|login|full_name|ref|head_branch|tag_name)"
    r"|needs\.[\w-]+\.result|steps\.[\w-]+\.(?:outcome|conclusion)|job\.status"
    r"|runner\.(?:os|arch|temp|tool_cache)|strategy\.job-(?:index|total)"
)
_MATRIX_PATH = re.compile(r"matrix\.([\w-]+(?:\.[\w-]+)*)")
_LITERAL_CHOICE = re.compile(r"[^&|]*&&\s*'([^']*)'\s*\|\|\s*'([^']*)'")
_ENV_KEY = re.compile(r"env\.(\w+)")
_SPLITS = re.compile(r"[\s*?\[]")  # what word splitting and globbing act on


class KnownValues:
    """The variables and expressions of one ``run:`` script whose words are known."""

    def __init__(self, run: RunScript) -> None:
        self.run = run

    def variable(self, name: str) -> bool:
        """``$name`` is known: a runner variable that is always one word, or an ``env:`` entry written
        out (each ``${{ }}`` in it one word) that the script does not assign again (then the
        script's own values decide)."""
        if name in RUNNER_ONE_WORD:
            return True
        value = self.run.env_values.get(name)
        if not isinstance(value, Scalar) or name in self._assigned:
            return False
        return all(self._expression(m.group(), one_word=False) for m in GITHUB_EXPRESSION.finditer(value.value))

    @cached_property
    def _assigned(self) -> set[str]:
        script = self.run.script
        names = {name for name, _, _ in script.assignments}
        return names.union(name for cmd in script.commands for name, _ in cmd.assignments)

    def script(self) -> Script:
        """The script with every one-word ``${{ }}`` written as a plain word of the same length, so
        that the shared checks see ``TARGET=${{ matrix.target }}`` as a plain assignment."""
        text = self.run.scalar.value
        masked = GITHUB_EXPRESSION.sub(
            lambda m: "x" * len(m.group()) if self._expression(m.group()) else m.group(), text
        )
        return self.run.script if masked == text else parse_script(masked, GITHUB_EXPRESSION)

    def _one_word(self, value: str, resolve_env: bool) -> bool:
        plain = GITHUB_EXPRESSION.sub(lambda m: "x" if self._expression(m.group(), resolve_env) else " ", value)
        return not _SPLITS.search(plain)

    def _expression(self, source: str, resolve_env: bool = True, one_word: bool = True) -> bool:
        """The expression gives one word, or (``one_word`` False) values written out in the file."""
        inner = source[3:-2].strip()
        if _ONE_WORD_CONTEXT.fullmatch(inner):
            return True
        choice = _LITERAL_CHOICE.fullmatch(inner)
        if choice is not None:  # ``cond && '--prerelease' || ''``: one of two written words
            return not any(_SPLITS.search(word) for word in choice.groups())
        matrix = _MATRIX_PATH.fullmatch(inner)
        if matrix is not None:
            values = matrix_values(self.run.job, matrix.group(1).split("."))
            return bool(values) and all("${{" not in v and not (one_word and _SPLITS.search(v)) for v in values)
        env = _ENV_KEY.fullmatch(inner)
        if env is not None and resolve_env:  # ``env`` inside ``env:`` values: one level only
            value = self.run.env_values.get(env.group(1))
            return isinstance(value, Scalar) and self._one_word(value.value, resolve_env=False)
        return False


def matrix_values(job: Mapping | None, path: list[str]) -> list[str]:
    """Every value ``matrix.<path>`` takes (``platform.target`` reaches into list items that are
    mappings), from the rows and ``include``; empty when one of them is not written out."""
    strategy = job.get("strategy") if job is not None else None
    matrix = strategy.get("matrix") if isinstance(strategy, Mapping) else None
    if not isinstance(matrix, Mapping):
        return []
    include = matrix.get("include")
    rows = include.items if isinstance(include, Sequence) else [] if include is None else [None]
    found = _leaves(matrix.get(path[0]), path[1:], listed=True)
    for row in rows:
        found += _leaves(row.get(path[0]), path[1:]) if isinstance(row, Mapping) else [None]
    return [] if None in found else [v for v in found if v is not None]


def _leaves(node: Node | None, path: list[str], listed: bool = False) -> list[str | None]:
    """The scalars at ``path`` under ``node`` (each item when ``listed``); None for an unknown one."""
    if node is None:
        return []
    if listed:
        return [v for item in node.items for v in _leaves(item, path)] if isinstance(node, Sequence) else [None]
    if not path:
        return [node.value] if isinstance(node, Scalar) else [None]
    return _leaves(node.get(path[0]), path[1:]) if isinstance(node, Mapping) else [None]
