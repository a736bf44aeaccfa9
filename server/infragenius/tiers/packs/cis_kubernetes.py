"""CIS Kubernetes Benchmark (v1.9), section 5.2 "Pod Security Standards" and 5.7, mapped to checks."""

from __future__ import annotations

from ...core.findings import Severity
from ...languages.kubernetes.api import (
    CapabilitiesNotDropped,
    ClusterAdminBinding,
    DangerousCapability,
    DefaultNamespace,
    HostIPC,
    HostNetwork,
    HostPathMount,
    HostPID,
    HostPort,
    PrivilegedContainer,
    PrivilegeEscalation,
    RunAsRoot,
    ServiceAccountTokenAutomount,
    WildcardRbac,
)
from . import MappedRule


class CisK8sRule(MappedRule):
    language = "kubernetes"
    severity = Severity.WARNING
    tags = ("compliance", "cis")
    pack = "CIS Kubernetes pack"  # what a selection the license does not cover names (tiers/selection.py)


def _doc(control: str, title: str, base) -> str:
    docs = base.docs()
    examples = docs[docs.index("Bad:") :]
    return (
        f"{control}: {title}.\n\nPart of the CIS Kubernetes Benchmark pack (Professional). Reported with the "
        f"control's number so a compliance review can list each control; the check is the same as "
        f"{base.code} ({base.name}).\n\n{examples}"
    )


_CONTROLS = [
    ("CK001", "5.2.2", "Minimize the admission of privileged containers", PrivilegedContainer),
    (
        "CK002",
        "5.2.3",
        "Minimize the admission of containers wishing to share the host process ID namespace",
        HostPID,
    ),
    (
        "CK003",
        "5.2.4",
        "Minimize the admission of containers wishing to share the host IPC namespace",
        HostIPC,
    ),
    (
        "CK004",
        "5.2.5",
        "Minimize the admission of containers wishing to share the host network namespace",
        HostNetwork,
    ),
    (
        "CK005",
        "5.2.6",
        "Minimize the admission of containers with allowPrivilegeEscalation",
        PrivilegeEscalation,
    ),
    ("CK006", "5.2.7", "Minimize the admission of root containers", RunAsRoot),
    (
        "CK007",
        "5.2.8",
        "Minimize the admission of containers with the NET_RAW capability",
        CapabilitiesNotDropped,
    ),
    ("CK008", "5.2.9", "Minimize the admission of containers with added capabilities", DangerousCapability),
    ("CK009", "5.2.12", "Minimize the admission of HostPath volumes", HostPathMount),
    ("CK010", "5.2.13", "Minimize the admission of containers which use HostPorts", HostPort),
    (
        "CK011",
        "5.1.6",
        "Ensure that Service Account Tokens are only mounted where necessary",
        ServiceAccountTokenAutomount,
    ),
    ("CK012", "5.7.4", "The default namespace should not be used", DefaultNamespace),
    ("CK013", "5.1.3", "Minimize wildcard use in Roles and ClusterRoles", WildcardRbac),
    ("CK014", "5.1.1", "Ensure that the cluster-admin role is only used where required", ClusterAdminBinding),
]

for _code, _control, _title, _base in _CONTROLS:
    type(
        f"Cis{_control.replace('.', '_')}",
        (CisK8sRule,),
        {
            "__doc__": _doc(f"CIS Kubernetes {_control}", _title, _base),
            "__module__": __name__,
            "code": _code,
            "name": f"cis-k8s-{_control.replace('.', '-')}",
            "message": f"CIS {_control}: {_title}",
            "control": f"CIS {_control}",
            "base": _base,
            "aliases": (f"cis-kubernetes:{_control}",),
        },
    )
