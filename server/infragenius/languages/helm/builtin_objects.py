"""Helm's built-in objects (``.Release``, ``.Chart``, ``.Capabilities``, ``.Template``, ``.Files``,
``.Values``) and their documented fields, for hover: one line on what each holds."""

from __future__ import annotations

OBJECTS: dict[str, str] = {
    "Values": "The chart's values: values.yaml merged with the user's `-f` files and `--set` flags.",
    "Release": "The release being installed or upgraded.",
    "Release.Name": "The release name (`helm install NAME`).",
    "Release.Namespace": "The namespace the release is installed into.",
    "Release.IsUpgrade": "True when this render is an upgrade or rollback.",
    "Release.IsInstall": "True when this render is an install.",
    "Release.Revision": "The release's revision number: 1 on install, +1 on each upgrade and rollback.",
    "Release.Service": "The service rendering the template: always `Helm`.",
    "Chart": "The contents of Chart.yaml (fields in upper camel case: `.Chart.Name`, `.Chart.AppVersion`).",
    "Chart.Name": "The chart's `name` from Chart.yaml.",
    "Chart.Version": "The chart's `version` (SemVer 2) from Chart.yaml.",
    "Chart.AppVersion": "The `appVersion` from Chart.yaml: the version of the application the chart deploys.",
    "Chart.Description": "The `description` from Chart.yaml.",
    "Chart.Type": "The chart `type` from Chart.yaml: `application` or `library`.",
    "Chart.KubeVersion": "The `kubeVersion` constraint from Chart.yaml.",
    "Chart.ApiVersion": "The chart API version from Chart.yaml (`v2` for Helm 3).",
    "Chart.Annotations": "The `annotations` map from Chart.yaml.",
    "Chart.Keywords": "The `keywords` list from Chart.yaml.",
    "Chart.Home": "The `home` URL from Chart.yaml.",
    "Chart.Icon": "The `icon` URL from Chart.yaml.",
    "Chart.Deprecated": "The `deprecated` flag from Chart.yaml.",
    "Capabilities": "What the Kubernetes cluster supports (defaults without a cluster on `helm template`).",
    "Capabilities.APIVersions": "The API versions the cluster serves: a set.",
    "Capabilities.APIVersions.Has": '`.Capabilities.APIVersions.Has "batch/v1"` (or `"apps/v1/Deployment"`): '
    "true when the cluster serves it.",
    "Capabilities.KubeVersion": "The cluster's Kubernetes version.",
    "Capabilities.KubeVersion.Version": "The Kubernetes version, e.g. `v1.29.0`.",
    "Capabilities.KubeVersion.Major": "The Kubernetes major version.",
    "Capabilities.KubeVersion.Minor": "The Kubernetes minor version.",
    "Capabilities.KubeVersion.GitVersion": "The Kubernetes version (deprecated alias of `.Version`).",
    "Capabilities.HelmVersion": "The Helm version rendering the chart.",
    "Capabilities.HelmVersion.Version": "The Helm version, e.g. `v3.14.0`.",
    "Template": "The template being rendered.",
    "Template.Name": "The path of this template, e.g. `mychart/templates/deployment.yaml`.",
    "Template.BasePath": "The templates folder of the current chart, e.g. `mychart/templates`.",
    "Files": "Non-template files of the chart (not under templates/, not in .helmignore).",
    "Files.Get": "`.Files.Get NAME -> string`: a file's contents.",
    "Files.GetBytes": "`.Files.GetBytes NAME -> []byte`: a file's contents as bytes.",
    "Files.Glob": "`.Files.Glob PATTERN -> Files`: the files whose names match a glob.",
    "Files.Lines": "`.Files.Lines NAME -> list`: a file's lines (for range).",
    "Files.AsSecrets": "`(.Files.Glob P).AsSecrets -> string`: the files as base64 Secret data.",
    "Files.AsConfig": "`(.Files.Glob P).AsConfig -> string`: the files as ConfigMap data.",
    "Subcharts": "The subcharts' scopes (`.Subcharts.NAME.Values`).",
}


def describe(path: list[str]) -> tuple[str, str] | None:
    """The longest documented prefix of a ``.A.B.C`` path: (its dotted name, its description)."""
    for end in range(len(path), 0, -1):
        name = ".".join(path[:end])
        if name in OBJECTS:
            return name, OBJECTS[name]
    return None
