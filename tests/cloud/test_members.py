"""Members and seats (issue 21): POST/DELETE/GET /v1/members. Community organisations hold at most 5
members, owner included; paid ones their licensed seats; one more is 402 naming the limit and the upgrade.
The attacker's tests come first: another organisation's key, a member's key, a removed member's key, and
concurrent additions racing for the last seat."""

from __future__ import annotations

import threading

import pytest

from infragenius.cloud import accounts
from infragenius.cloud.models import Organisation

COMMUNITY_FULL = (
    "Community organisations hold at most 5 members (owner included); upgrade to Professional for more seats "
    "(see /pricing)"
)


def _auth(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


def _add(cloud, key: str, email: str):
    return cloud.client.post("/v1/members", json={"email": email}, headers=_auth(key))


def _emails(cloud, key: str) -> list[str]:
    return [m["email"] for m in cloud.client.get("/v1/members", headers=_auth(key)).json()["members"]]


def _member_key(cloud, email: str) -> str:
    with cloud.database.session() as session:
        return accounts.create_key(session, email)


# -- the attacker's tests -----------------------------------------------------------------------------------
def test_another_organisations_key_cannot_see_or_remove_members(cloud) -> None:
    owner = cloud.account("community", org="acme", email="owner@acme.example")
    assert _add(cloud, owner, "dev@acme.example").status_code == 201
    intruder = cloud.account("community", org="evil", email="boss@evil.example")
    assert _emails(cloud, intruder) == ["boss@evil.example"]
    gone = cloud.client.delete("/v1/members/dev@acme.example", headers=_auth(intruder))
    assert (gone.status_code, gone.json()) == (404, {"error": "dev@acme.example is not a member of this organisation"})
    assert _emails(cloud, owner) == ["owner@acme.example", "dev@acme.example"]


def test_a_member_cannot_add_or_remove_members(cloud) -> None:
    owner = cloud.account("community", org="acme", email="owner@acme.example")
    _add(cloud, owner, "dev@acme.example")
    member = _member_key(cloud, "dev@acme.example")
    added = _add(cloud, member, "friend@else.example")
    assert (added.status_code, added.json()["error"]) == (
        403,
        "only the organisation's owner or an admin may add members",
    )
    assert cloud.client.delete("/v1/members/owner@acme.example", headers=_auth(member)).status_code == 403


def test_without_a_key_nothing_is_answered(cloud) -> None:
    assert cloud.client.get("/v1/members").status_code == 401
    assert cloud.client.post("/v1/members", json={"email": "x@y.example"}).status_code == 401
    assert cloud.client.delete("/v1/members/x@y.example").status_code == 401


def test_a_removed_members_keys_stop_working_and_the_owner_stays(cloud) -> None:
    owner = cloud.account("community", org="acme", email="owner@acme.example")
    _add(cloud, owner, "dev@acme.example")
    member = _member_key(cloud, "dev@acme.example")
    assert cloud.client.delete("/v1/members/dev@acme.example", headers=_auth(owner)).status_code == 204
    assert cloud.client.get("/v1/members", headers=_auth(member)).status_code == 401
    kept = cloud.client.delete("/v1/members/owner@acme.example", headers=_auth(owner))
    assert (kept.status_code, kept.json()) == (409, {"error": "the owner cannot be removed"})


def test_an_address_of_another_organisations_member_is_refused(cloud) -> None:
    owner = cloud.account("community", org="acme", email="owner@acme.example")
    cloud.account("community", org="other", email="taken@other.example")
    taken = _add(cloud, owner, "taken@other.example")
    assert (taken.status_code, taken.json()) == (
        409,
        {"error": "taken@other.example is already a member of an organisation"},
    )
    assert _add(cloud, owner, "not an address").status_code == 422


def test_concurrent_additions_never_pass_the_seat_limit(cloud) -> None:
    owner = cloud.account("community", org="acme", email="owner@acme.example")
    statuses: list[int] = []
    lock = threading.Lock()

    def add(n: int) -> None:
        status = _add(cloud, owner, f"dev{n}@acme.example").status_code
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=add, args=(n,)) for n in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(statuses) == [201] * 4 + [402] * 6
    assert len(_emails(cloud, owner)) == 5


# -- the contract --------------------------------------------------------------------------------------------
def test_community_holds_five_members_owner_included(cloud) -> None:
    owner = cloud.account("community", org="acme", email="owner@acme.example")
    for n in range(4):
        added = _add(cloud, owner, f"Dev{n}@Acme.example")
        assert (added.status_code, added.json()) == (201, {"email": f"dev{n}@acme.example", "role": "member"})
    sixth = _add(cloud, owner, "dev4@acme.example")
    assert (sixth.status_code, sixth.json()) == (402, {"error": COMMUNITY_FULL})
    listed = cloud.client.get("/v1/members", headers=_auth(owner)).json()
    assert listed["seats"] == {"used": 5, "total": 5}
    assert listed["members"][0] == {"email": "owner@acme.example", "role": "owner"}


def test_a_freed_seat_can_be_taken_again_and_a_former_member_comes_back(cloud) -> None:
    owner = cloud.account("community", org="acme", email="owner@acme.example")
    for n in range(4):
        _add(cloud, owner, f"dev{n}@acme.example")
    assert cloud.client.delete("/v1/members/dev0@acme.example", headers=_auth(owner)).status_code == 204
    assert _add(cloud, owner, "dev0@acme.example").status_code == 201
    assert _add(cloud, owner, "dev9@acme.example").status_code == 402


def test_a_paid_organisation_holds_its_licensed_seats(cloud) -> None:
    owner = cloud.account("professional", org="acme", email="owner@acme.example")
    with cloud.database.session() as session:
        session.query(Organisation).filter_by(name="acme").one().seats = 7
    for n in range(6):
        assert _add(cloud, owner, f"dev{n}@acme.example").status_code == 201
    eighth = _add(cloud, owner, "dev6@acme.example")
    assert (eighth.status_code, eighth.json()) == (
        402,
        {"error": "all 7 licensed seats of acme are taken; buy more seats to add a member (see /pricing)"},
    )


def test_the_admin_command_line_keeps_the_community_limit_too(cloud) -> None:
    cloud.account("community", org="acme", email="owner@acme.example")
    for n in range(4):
        cloud.account("community", org="acme", email=f"dev{n}@acme.example")
    from infragenius.cloud.members import SeatLimit

    with pytest.raises(SeatLimit, match="at most 5 members"):
        cloud.account("community", org="acme", email="dev4@acme.example")
