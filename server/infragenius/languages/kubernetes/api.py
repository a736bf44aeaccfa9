"""The Kubernetes manifests' rule-authoring API: what a rule pack outside this package builds on.

The premium packs (``tiers/packs/cis_kubernetes.py``) and third-party packs (the ``infragenius.plugins``
entry point) import this module and nothing else of the package (the layer test holds the packs of this
repository to it): the rules a compliance pack maps its controls to. What is not named here may change
without notice.
"""

from __future__ import annotations

from .rules.objects import ClusterAdminBinding, DefaultNamespace, WildcardRbac
from .rules.security import (
    CapabilitiesNotDropped,
    DangerousCapability,
    HostIPC,
    HostNetwork,
    HostPathMount,
    HostPID,
    HostPort,
    PrivilegedContainer,
    PrivilegeEscalation,
    RunAsRoot,
    ServiceAccountTokenAutomount,
)

__all__ = [
    "CapabilitiesNotDropped",
    "ClusterAdminBinding",
    "DangerousCapability",
    "DefaultNamespace",
    "HostIPC",
    "HostNetwork",
    "HostPID",
    "HostPathMount",
    "HostPort",
    "PrivilegeEscalation",
    "PrivilegedContainer",
    "RunAsRoot",
    "ServiceAccountTokenAutomount",
    "WildcardRbac",
]
