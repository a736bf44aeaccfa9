"""Which tier gets which feature: the one table of entitlements."""

from __future__ import annotations

from enum import Enum


class Tier(str, Enum):
    COMMUNITY = "community"
    PROFESSIONAL = "professional"
    ENTERPRISE = "enterprise"
    PAYG = "payg"  # pay-per-use hosted analysis: the service's name for it, and the licenses' since issue 21

    @classmethod
    def _missing_(cls, value: object) -> Tier | None:
        """Licenses issued before the names agreed say ``cloud``: still accepted, as pay-per-use."""
        return cls.PAYG if value == "cloud" else None

    @property
    def title(self) -> str:
        return {"payg": "Pay-per-use"}.get(self.value, self.value.capitalize())


class Feature(str, Enum):
    RULES = "rules"
    LSP = "lsp"
    CLI = "cli"
    LOCAL_AI = "local-ai"  # embedded, openai-compatible on your own endpoint, offline
    CLOUD_MODELS = "cloud-models"  # hosted models through InfraGenius Cloud
    CUSTOM_MODELS = "custom-models"  # LoRA adapter / fine-tuned GGUF / fine-tuned hosted endpoint
    FIX_ALL_AI = "fix-all-ai"  # "Fix all with AI" across a workspace
    PREMIUM_RULES = "premium-rules"  # CIS Docker / Kubernetes packs
    USAGE_ANALYTICS = "usage-analytics"
    ONPREM_CLOUD = "onprem-cloud"
    SSO = "sso"
    AUDIT_LOG = "audit-log"
    ORG_POLICY = "org-policy"
    HOSTED_ANALYSIS = "hosted-analysis"  # metered per request


_COMMUNITY = {Feature.RULES, Feature.LSP, Feature.CLI, Feature.LOCAL_AI}
_PROFESSIONAL = _COMMUNITY | {
    Feature.CLOUD_MODELS,
    Feature.CUSTOM_MODELS,
    Feature.FIX_ALL_AI,
    Feature.PREMIUM_RULES,
    Feature.USAGE_ANALYTICS,
}
_ENTERPRISE = _PROFESSIONAL | {Feature.ONPREM_CLOUD, Feature.SSO, Feature.AUDIT_LOG, Feature.ORG_POLICY}
_PAYG = _COMMUNITY | {Feature.CLOUD_MODELS, Feature.HOSTED_ANALYSIS}

ENTITLEMENTS: dict[Tier, frozenset[Feature]] = {
    Tier.COMMUNITY: frozenset(_COMMUNITY),
    Tier.PROFESSIONAL: frozenset(_PROFESSIONAL),
    Tier.ENTERPRISE: frozenset(_ENTERPRISE),
    Tier.PAYG: frozenset(_PAYG),
}

FEATURE_TITLES: dict[Feature, str] = {
    Feature.CLOUD_MODELS: "InfraGenius Cloud models",
    Feature.CUSTOM_MODELS: "custom models",
    Feature.FIX_ALL_AI: "Fix all with AI",
    Feature.PREMIUM_RULES: "premium rule packs (CIS)",
    Feature.USAGE_ANALYTICS: "usage analytics",
    Feature.ONPREM_CLOUD: "an on-prem Cloud endpoint",
    Feature.SSO: "SSO sign-in",
    Feature.AUDIT_LOG: "the AI audit log",
    Feature.ORG_POLICY: "organisation policy",
    Feature.HOSTED_ANALYSIS: "hosted analysis",
}


def lowest_tier_with(feature: Feature) -> Tier:
    """The cheapest subscription tier that includes ``feature`` (what a gated action names)."""
    for tier in (Tier.COMMUNITY, Tier.PROFESSIONAL, Tier.ENTERPRISE):
        if feature in ENTITLEMENTS[tier]:
            return tier
    return Tier.PAYG
