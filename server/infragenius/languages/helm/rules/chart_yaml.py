"""Chart.yaml: required fields, SemVer versions, chart API version, dependencies."""

from __future__ import annotations

import re

from ....core.document import Range
from ....core.findings import Severity
from ...yaml import Mapping, Scalar, Sequence
from ._base import HelmRule

# SemVer 2 (semver.org's regular expression), with Helm's tolerance for a leading "v".
SEMVER = re.compile(
    r"^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$"
)


class ChartYamlProblem(HelmRule):
    """Chart.yaml is missing a required field or has an invalid one.

    ``helm lint`` and ``helm package`` reject a chart without ``apiVersion``, ``name`` or ``version``,
    or whose ``version`` is not SemVer 2. ``apiVersion: v1`` charts are Helm 2 charts (deprecated);
    ``type`` must be ``application`` or ``library``; each dependency needs a ``name`` and a
    ``version`` (a SemVer range).

    Bad:

        apiVersion: v2
        name: web
        version: 1.2

    Good:

        apiVersion: v2
        name: web
        version: 1.2.0
    """

    code = "HM006"
    name = "chart-yaml"
    message = "Invalid Chart.yaml"
    severity = Severity.ERROR
    tags = ("correctness",)
    aliases = ("helm-lint:chartfile",)
    applies_to = ("chart",)

    def check_document(self, model, ctx):
        root = model.stream.root if model.stream else None
        if not isinstance(root, Mapping):
            if not model.stream or not model.stream.syntax_errors:
                yield self.finding(
                    Range.of(0, 0, 0, 0), "Chart.yaml must be a mapping with apiVersion, name and version"
                )
            return
        for key in ("apiVersion", "name", "version"):
            if not isinstance(root.get(key), Scalar) or root.get(key).is_null:
                yield self.finding(Range.of(0, 0, 0, len(ctx.document.line_text(0))), f"Chart.yaml has no {key}")
        yield from self._values(root)
        yield from self._dependencies(root.get("dependencies"))

    def _values(self, root: Mapping):
        api = root.get("apiVersion")
        if isinstance(api, Scalar) and api.value == "v1":
            yield self.finding(
                api.range, "apiVersion v1 is a Helm 2 chart (deprecated); use v2", severity=Severity.INFORMATION
            )
        elif isinstance(api, Scalar) and not api.is_null and api.value != "v2":
            yield self.finding(api.range, f"apiVersion must be v2 (or v1), not {api.value!r}")
        version = root.get("version")
        if isinstance(version, Scalar) and not version.is_null and not SEMVER.match(str(version.value)):
            yield self.finding(version.range, f"version {version.value!r} is not a valid SemVer 2 version (e.g. 1.2.0)")
        kind = root.get("type")
        if isinstance(kind, Scalar) and kind.value not in ("application", "library"):
            yield self.finding(kind.range, f"type must be application or library, not {kind.value!r}")

    def _dependencies(self, deps):
        if not isinstance(deps, Sequence):
            return
        for dep in deps.items:
            if not isinstance(dep, Mapping):
                continue
            name = dep.get("name")
            if not isinstance(name, Scalar):
                yield self.finding(dep.range, "Dependency has no name")
            elif dep.get("version") is None:
                yield self.finding(name.range, f"Dependency {name.value!r} has no version", severity=Severity.WARNING)
