"""License verification matrix, storage, CLI gates, premium pack gating, usage analytics."""

from __future__ import annotations

import base64
import json
import os
import stat
import time
from pathlib import Path

import pytest

from infragenius.cli import main
from infragenius.tiers import state
from infragenius.tiers.entitlements import Feature, Tier
from infragenius.tiers.gates import gate
from infragenius.tiers.license import LEEWAY_S, verify

from ..helpers import analyse, codes
from .conftest import make

PRIVILEGED_POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n      securityContext:\n        privileged: true\n"


@pytest.mark.parametrize("tier", ["community", "professional", "enterprise", "payg"])
def test_valid_license_per_tier(keys, tier) -> None:
    result = verify(make(keys, tier=tier, org="Acme", seats=5))
    assert result.problem is None
    assert result.tier == Tier(tier)
    assert result.license.org == "Acme" and result.license.seats == 5


def test_rotated_key_still_accepted(keys) -> None:
    assert verify(make(keys, which="old")).tier == Tier.PROFESSIONAL


@pytest.mark.parametrize(
    "mutate, reason",
    [
        (lambda t, k: make(k, days=-2), "expired"),
        (lambda t, k: make(k, now=time.time() + 3 * 86400), "not valid yet"),
        (lambda t, k: _tamper(t), "altered"),
        (lambda t, k: make(k, which="rogue"), "altered"),
        (lambda t, k: _with_kid(t, "k-unknown"), "unknown key"),
        (lambda t, k: "garbage.token.here", "malformed"),
        (lambda t, k: "", "malformed"),
        (lambda t, k: make(k, tier="platinum"), "unknown tier"),
    ],
    ids=[
        "expired",
        "not-yet-valid",
        "tampered-payload",
        "wrong-signature",
        "unknown-kid",
        "garbage",
        "empty",
        "bad-tier",
    ],
)
def test_bad_licenses_fall_back_to_community_with_a_reason(keys, mutate, reason) -> None:
    result = verify(mutate(make(keys), keys))
    assert result.tier == Tier.COMMUNITY
    assert reason in result.problem


def test_clock_skew_is_tolerated_a_little(keys) -> None:
    token = make(keys, now=time.time() + LEEWAY_S / 2)  # issued "in the future" by a fast clock
    assert verify(token).tier == Tier.PROFESSIONAL
    expired_recently = make(keys, days=0, now=time.time() - LEEWAY_S / 2)
    assert verify(expired_recently).tier == Tier.PROFESSIONAL


def test_activate_stores_with_0600_and_status_reports(keys, capsys) -> None:
    token = make(keys, tier="enterprise", org="Acme")
    assert main(["license", "activate", token]) == 0
    path = os.path.join(os.environ["INFRAGENIUS_CONFIG_DIR"], "license.jwt")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert main(["license", "status"]) == 0
    out = capsys.readouterr().out
    assert "Tier: Enterprise" in out and "jane@example.com (Acme)" in out
    assert main(["license", "deactivate"]) == 0
    assert state.current().tier == Tier.COMMUNITY


def test_activate_refuses_an_invalid_token(keys, capsys) -> None:
    assert main(["license", "activate", make(keys, days=-3)]) == 2
    assert "expired" in capsys.readouterr().err
    assert not os.path.exists(os.path.join(os.environ["INFRAGENIUS_CONFIG_DIR"], "license.jwt"))


def test_usage_is_gated_and_counts_when_entitled(keys, capsys, tmp_path) -> None:
    assert main(["usage"]) == 2
    assert "Requires Professional" in capsys.readouterr().err
    from infragenius.tiers.usage import record, summary

    assert record(analyses=1) is False  # Community: nothing is recorded
    state.set_editor_token(make(keys))
    record(analyses=2, findings={"K8001": 1}, fixes=1)
    data = summary(7)
    assert data["totals"]["analysis"] >= 2 and data["findings_by_rule"]["K8001"] >= 1


def test_gate_names_the_tier_that_unlocks() -> None:
    from infragenius.tiers.license import LicenseState

    assert gate(Feature.FIX_ALL_AI, LicenseState()).reason == "Requires Professional"
    assert gate(Feature.SSO, LicenseState()).reason == "Requires Enterprise"
    assert gate(Feature.LOCAL_AI, LicenseState()).allowed


def test_premium_pack_runs_only_when_entitled(keys) -> None:
    assert "CK001" not in codes(analyse(PRIVILEGED_POD, "kubernetes"))
    state.set_editor_token(make(keys, tier="professional"))
    found = analyse(PRIVILEGED_POD, "kubernetes")
    cis = [f for f in found if f.code == "CK001"]
    assert cis and cis[0].message.startswith("CIS 5.2.2: ")
    assert "K8001" in codes(found)


def _tamper(token: str) -> str:
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["tier"] = "enterprise"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{header}.{forged}.{signature}"


def _with_kid(token: str, kid: str) -> str:
    header, payload, signature = token.split(".")
    data = json.loads(base64.urlsafe_b64decode(header + "=" * (-len(header) % 4)))
    data["kid"] = kid
    return ".".join([base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode(), payload, signature])


def _signed(keys, **claims) -> str:
    """A token validly signed with a trusted key, with exactly these claims (wrong types included)."""
    import jwt

    private, kid = keys["new"]
    now = int(time.time())
    body = {
        "iss": "infragenius",
        "sub": "jane@example.com",
        "tier": "professional",
        "iat": now,
        "exp": now + 86400,
        **claims,
    }
    return jwt.encode(body, private, algorithm="EdDSA", headers={"kid": kid})


WRONG_TYPES = {
    "features": ({"features": 5}, "the claim 'features' must be a list of strings, not 5"),
    "features-string": ({"features": "sso"}, "the claim 'features' must be a list of strings, not 'sso'"),
    "seats": ({"seats": "many"}, "the claim 'seats' must be a positive whole number, not 'many'"),
    "seats-bool": ({"seats": True}, "the claim 'seats' must be a positive whole number, not True"),
    "exp": ({"exp": "2099-01-01"}, "the claim 'exp' must be a timestamp, not '2099-01-01'"),
    "nbf": ({"nbf": [1]}, "the claim 'nbf' must be a timestamp, not [1]"),
    "sub": ({"sub": "  "}, "the claim 'sub' must be a non-empty string, not '  '"),
    "sub-object": ({"sub": {"name": "x"}}, "Subject must be a string"),  # PyJWT's own check
    "tier": ({"tier": ["enterprise"]}, "the claim 'tier' must be a string, not ['enterprise']"),
    "org": ({"org": 7}, "the claim 'org' must be a non-empty string, not 7"),
}


@pytest.mark.parametrize("claims, problem", WRONG_TYPES.values(), ids=WRONG_TYPES.keys())
def test_a_signed_license_with_wrong_claim_types_is_refused(keys, claims, problem) -> None:
    result = verify(_signed(keys, **claims))
    assert (result.tier, result.license) == (Tier.COMMUNITY, None)
    assert result.problem == f"the license is invalid ({problem})"


def test_the_cli_refuses_a_license_with_wrong_claim_types(keys, capsys, tmp_path, monkeypatch) -> None:
    token = _signed(keys, features=5, seats="many")
    assert main(["license", "activate", token]) == 2
    err = capsys.readouterr().err
    assert err == (
        "infragenius: error: the license is invalid (the claim 'features' must be a list of strings, "
        "not 5); nothing was stored\n"
    )

    # The same token from the environment: analysis goes on as Community, saying why once.
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.20\n")
    monkeypatch.setenv("INFRAGENIUS_LICENSE", token)
    state.reset()
    assert main(["license", "status"]) == 0
    assert "was not accepted: the license is invalid (the claim 'features'" in capsys.readouterr().out
    assert main(["check", str(tmp_path / "Dockerfile"), "--no-cache", "--format", "json"]) in (0, 1)
    assert json.loads(capsys.readouterr().out) is not None


def test_activate_replaces_a_symlink_instead_of_writing_through_it(keys, tmp_path) -> None:
    folder = os.path.join(os.environ["INFRAGENIUS_CONFIG_DIR"])
    os.makedirs(folder)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    os.symlink(victim, os.path.join(folder, "license.jwt"))
    token = make(keys, tier="professional")
    assert main(["license", "activate", token]) == 0
    path = os.path.join(folder, "license.jwt")
    assert victim.read_text() == "precious\n"
    assert not os.path.islink(path) and Path(path).read_text() == token + "\n"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert [name for name in os.listdir(folder) if name != "license.jwt"] == []  # no temp file left behind


def test_the_result_cache_follows_the_license(keys, tmp_path, monkeypatch, capsys) -> None:
    """Premium findings appear as soon as a license is activated and go when it is removed, with the
    on-disk result cache on (the same unchanged file each time)."""
    monkeypatch.setenv("INFRAGENIUS_CACHE_DIR", str(tmp_path / "cache"))
    pod = tmp_path / "pod.yaml"
    pod.write_text(PRIVILEGED_POD)

    def premium() -> list[str]:
        main(["check", str(pod), "--format", "json"])
        return sorted({f["code"] for f in json.loads(capsys.readouterr().out) if f["code"].startswith("CK")})

    assert premium() == []
    assert premium() == []  # from the cache
    assert main(["license", "activate", make(keys, tier="professional")]) == 0
    capsys.readouterr()
    assert "CK001" in premium()
    assert main(["license", "deactivate"]) == 0
    capsys.readouterr()
    assert premium() == []


def test_a_license_issued_as_cloud_is_read_as_payg(keys) -> None:
    """One name for pay-per-use (``payg``, as the service says); licenses issued before say ``cloud``."""
    result = verify(make(keys, tier="cloud"))
    assert result.problem is None and result.tier is Tier.PAYG and result.tier.value == "payg"
    assert result.tier.title == "Pay-per-use" and "hosted-analysis" in {f.value for f in result.features}
