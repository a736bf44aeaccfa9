"""The ``on:`` section: event names, their filters and schedules, the inputs of manual and reusable runs."""

from __future__ import annotations

import functools
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from ....core.findings import Severity
from ....core.suggest import candidates
from ...yaml import Mapping, Node, Scalar, Sequence
from ...yaml.fixes import rename_fix
from .. import schema
from ..cron import cron_problem
from ..values import did_you_mean, has_expression, input_kind, is_empty, is_null
from ._base import WalkRule


class UnknownEvent(WalkRule):
    """An event under ``on:`` that GitHub does not know; the workflow never runs for it.

    Bad:

        on: [push, pull-request]

    Good:

        on: [push, pull_request]
    """

    code = "GA005"
    name = "unknown-event"
    message = "Unknown event"
    severity = Severity.ERROR
    tags = ("correctness",)
    aliases = ("actionlint:events",)
    fixable = True

    def on(self, node: Node) -> None:
        if isinstance(node, Sequence):
            names = [item for item in node.items if isinstance(item, Scalar)]
        elif isinstance(node, Mapping):
            names = [key for key, _ in node.items() if isinstance(key, Scalar)]
        else:
            names = [node] if isinstance(node, Scalar) and not node.is_null else []
        for name in names:
            if name.value not in schema.EVENT_TYPES:
                found = candidates(name.value, schema.EVENT_TYPES)
                message = f'unknown event "{name.value}"{did_you_mean(name.value, schema.EVENT_TYPES)}'
                self.report(name, message, fix=rename_fix(name, found))


class InvalidEventFilter(WalkRule):
    """An event filter or activity type that the event does not support, or filters that exclude
    each other (``branches`` with ``branches-ignore``), or a malformed ``schedule``.

    Bad:

        on:
          pull_request:
            types: [created]
          release:
            tags: [v1]

    Good:

        on:
          pull_request:
            types: [opened]
          push:
            tags: [v1]
    """

    code = "GA006"
    name = "invalid-event-filter"
    message = "Invalid event filter"
    severity = Severity.ERROR
    tags = ("correctness",)
    aliases = ("actionlint:events",)

    def on(self, node: Node) -> None:
        items = node.items if isinstance(node, Sequence) else [node]
        for item in items:
            if isinstance(item, Scalar) and item.value == "schedule":  # "on: schedule" with no cron entries
                self.report(item, '"schedule" needs a list of cron entries (on: schedule: [{cron: ...}])')

    def event(self, event: str, key: Scalar, value: Node) -> None:
        if is_null(value):
            if event == "schedule":
                on = self.wf.on
                where = value if value.end > value.start or not isinstance(on, Mapping) else on.key_node("schedule")
                self.report(where, '"schedule" needs a list of cron entries')
            return
        if event == "schedule" or event in ("workflow_dispatch", "workflow_call") or not isinstance(value, Mapping):
            return
        types = schema.EVENT_TYPES[event]
        for name_key, filt in value.items():
            if not isinstance(name_key, Scalar):
                continue
            name = name_key.value
            if name == "types":
                self.activity_types(event, types, filt, name_key)
            elif name in schema.FILTERS and event not in schema.FILTERS[name] and event != "repository_dispatch":
                only = ", ".join(schema.FILTERS[name])
                self.report(
                    name_key, f'"{name}" filter is not available for the "{event}" event; it is only for {only}'
                )
        for a, b in schema.EXCLUSIVE_FILTERS:
            if a in value and b in value:
                keys = [k for k in (value.key_node(a), value.key_node(b)) if k is not None]
                self.report(
                    max(keys, key=lambda k: k.start),
                    f'"{a}" and "{b}" filters cannot be used together for the "{event}" event',
                )

    def activity_types(self, event: str, types: tuple[str, ...] | None, filt: Node, key: Scalar) -> None:
        if types is None:
            self.report(key, f'the "{event}" event has no activity types')
            return
        items = filt.items if isinstance(filt, Sequence) else [filt]
        for item in items:
            if isinstance(item, Scalar) and types and item.value not in types:
                listed = ", ".join(f'"{t}"' for t in types)
                self.report(
                    item, f'invalid activity type "{item.value}" for the "{event}" event; available types are {listed}'
                )

    def schedule_entry(self, entry: Mapping) -> None:
        cron = entry.get("cron")
        if isinstance(cron, Scalar) and not is_empty(cron) and "${{" not in cron.value:
            problem = cron_problem(cron.value)
            if problem:
                self.report(cron, f'invalid cron expression "{cron.value}": {problem}')
        timezone = entry.get("timezone")
        if isinstance(timezone, Scalar) and not is_empty(timezone) and not _valid_timezone(timezone.value):
            self.report(timezone, f'unknown timezone "{timezone.value}": use an IANA name such as "Europe/Paris"')


class InvalidInputDefinition(WalkRule):
    """An input of ``workflow_dispatch``/``workflow_call`` whose definition cannot work: a
    ``choice`` without options, a default that is not one of the options or not of the input's
    type, ``options`` on a non-choice input, a required input with a default, more than 25 inputs.

    Bad:

        on:
          workflow_dispatch:
            inputs:
              level:
                type: choice
                default: debug
                options: [info, warning]

    Good:

        on:
          workflow_dispatch:
            inputs:
              level:
                type: choice
                default: info
                options: [info, warning]
    """

    code = "GA008"
    name = "invalid-input-definition"
    message = "Invalid input definition"
    severity = Severity.ERROR
    tags = ("correctness",)
    aliases = ("actionlint:events",)

    def event_section(self, event: str, section: str, node: Node, config: Mapping) -> None:
        if event == "workflow_dispatch" and section == "inputs" and isinstance(node, Mapping):
            count = len(node.items())
            if count > 25:
                self.report(
                    config.key_node("inputs"), f'"workflow_dispatch" takes at most 25 inputs; {count} are defined'
                )

    def event_entry(self, event: str, section: str, key: Node, spec: Node) -> None:
        """Defaults and options of an input against its type."""
        if section != "inputs" or not isinstance(spec, Mapping):
            return
        kind = input_kind(spec)
        default, options = spec.get("default"), spec.get("options")
        name = getattr(key, "value", "")
        if options is not None and kind != "choice":
            self.report(spec.key_node("options"), f'"options" is only for inputs of type "choice" (input "{name}")')
        if kind == "choice":
            self.choice(name, key, default, options)
        if isinstance(default, Scalar) and not has_expression(default) and not default.is_null:
            if kind == "boolean" and default.type != "bool":
                self.report(default, f'default of boolean input "{name}" must be true or false, not "{default.value}"')
            elif kind == "number" and default.type not in ("int", "float"):
                self.report(default, f'default of number input "{name}" must be a number, not "{default.value}"')
            required = spec.get("required")
            if event == "workflow_call" and isinstance(required, Scalar) and required.python is True:
                self.report(default, f'input "{name}" is required, so its default is never used')

    def choice(self, name: str, key: Node, default: Node | None, options: Node | None) -> None:
        if options is None or is_null(options):
            self.report(key, f'input "{name}" of type "choice" needs "options"')
        elif isinstance(options, Sequence):
            values = [o.value for o in options.items if isinstance(o, Scalar)]
            for i, o in enumerate(options.items):
                if isinstance(o, Scalar) and o.value in values[:i]:
                    self.report(o, f'option "{o.value}" is listed twice in input "{name}"')
            if isinstance(default, Scalar) and not has_expression(default) and values and default.value not in values:
                self.report(default, f'default "{default.value}" of input "{name}" is not one of its options')


def _valid_timezone(name: str) -> bool:
    if not _has_tz_database():
        return True  # no tz database on this machine: say nothing
    try:
        ZoneInfo(name)
        return True
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False


@functools.lru_cache(maxsize=1)
def _has_tz_database() -> bool:
    return bool(available_timezones())
