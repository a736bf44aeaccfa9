"""Device-code sign-in (issue 21): POST /v1/auth/device, POST /v1/auth/token, the /device page, and
`infragenius login` against a live local service: the key it stores is the one the Cloud provider uses,
`logout` removes it. Every wait is bounded. Attacker's tests first."""

from __future__ import annotations

import threading

from sqlalchemy import select

from infragenius.cli import main
from infragenius.cloud.models import DeviceCode
from infragenius.tiers import store

from ..fake_oidc import fake_issuer
from .conftest import live_cloud

GRANT = "urn:ietf:params:oauth:grant-type:device_code"


def _start(cloud) -> dict:
    answer = cloud.client.post("/v1/auth/device")
    assert answer.status_code == 200
    return answer.json()


def _poll(cloud, device_code: str):
    return cloud.client.post("/v1/auth/token", data={"grant_type": GRANT, "device_code": device_code})


def _approve(client, user_code: str, **form):
    return client.post("/device", data={"user_code": user_code, **form})


# -- the attacker's tests -----------------------------------------------------------------------------------
def test_a_code_is_not_approved_with_a_wrong_key_and_a_key_is_handed_out_once(paid_cloud) -> None:
    key = paid_cloud.account("community", org="acme", email="owner@acme.example")
    codes = _start(paid_cloud)
    assert _approve(paid_cloud.client, codes["user_code"], api_key="igk_000000000000_forged").status_code == 401
    assert _poll(paid_cloud, codes["device_code"]).json()["error"] == "authorization_pending"
    assert _approve(paid_cloud.client, codes["user_code"].lower().replace("-", ""), api_key=key).status_code == 200
    first = _poll(paid_cloud, codes["device_code"])
    assert first.status_code == 200 and first.json()["email"] == "owner@acme.example"
    replay = _poll(paid_cloud, codes["device_code"])
    assert (replay.status_code, replay.json()["error"]) == (400, "invalid_grant")


def test_an_unknown_device_code_and_a_reused_user_code_get_nothing(paid_cloud) -> None:
    key = paid_cloud.account("community", org="acme", email="owner@acme.example")
    assert _poll(paid_cloud, "made-up").json()["error"] == "invalid_grant"
    codes = _start(paid_cloud)
    assert _approve(paid_cloud.client, codes["user_code"], api_key=key).status_code == 200
    assert _approve(paid_cloud.client, codes["user_code"], api_key=key).status_code == 404  # approved already


def test_sign_up_cannot_join_or_take_over_an_existing_organisation_or_address(paid_cloud) -> None:
    paid_cloud.account("professional", org="acme", email="owner@acme.example")
    codes = _start(paid_cloud)
    joined = _approve(paid_cloud.client, codes["user_code"], email="eve@evil.example", organisation="acme")
    assert joined.status_code == 401 and "ask its owner to add you" in joined.text
    taken = _approve(paid_cloud.client, codes["user_code"], email="owner@acme.example", organisation="new-org")
    assert taken.status_code == 401 and "already exists" in taken.text
    assert _poll(paid_cloud, codes["device_code"]).json()["error"] == "authorization_pending"


def test_polling_too_fast_is_told_to_slow_down(paid_cloud) -> None:
    codes = _start(paid_cloud)
    assert _poll(paid_cloud, codes["device_code"]).json()["error"] == "authorization_pending"
    assert _poll(paid_cloud, codes["device_code"]).json()["error"] == "slow_down"


# -- the contract --------------------------------------------------------------------------------------------
def test_the_code_pair_follows_rfc_8628(paid_cloud) -> None:
    codes = _start(paid_cloud)
    assert set(codes) == {
        "device_code",
        "user_code",
        "verification_uri",
        "verification_uri_complete",
        "expires_in",
        "interval",
    }
    assert codes["verification_uri"] == "http://testserver/device"
    assert codes["verification_uri_complete"] == f"http://testserver/device?code={codes['user_code']}"
    assert (codes["expires_in"], codes["interval"]) == (600, 1)
    page = paid_cloud.client.get("/device", params={"code": codes["user_code"].lower()})
    assert f"value='{codes['user_code']}'" in page.text


def test_sign_up_makes_a_community_account_and_signs_it_in(paid_cloud) -> None:
    codes = _start(paid_cloud)
    done = _approve(paid_cloud.client, codes["user_code"], email="new@start.example", organisation="start")
    assert done.status_code == 200
    answer = _poll(paid_cloud, codes["device_code"]).json()
    assert (answer["email"], answer["organisation"], answer["tier"], answer["token_type"]) == (
        "new@start.example",
        "start",
        "community",
        "bearer",
    )
    members = paid_cloud.client.get("/v1/members", headers={"Authorization": f"Bearer {answer['api_key']}"})
    assert members.json()["members"] == [{"email": "new@start.example", "role": "owner"}]


def test_login_with_the_cli_stores_the_key_the_cloud_provider_uses(database_url, signing_key, capsys) -> None:
    """`infragenius login` against a live service: the user approves the code in the browser (here: a
    POST to /device with their key), the CLI stores the new key and fetches the license."""
    from infragenius.ai.providers import make_provider
    from infragenius.core.config import AIConfig

    with live_cloud(database_url, signing_key) as (base, cloud):
        # Enterprise: a Cloud at an address of one's own is the on-prem endpoint
        admin_key = cloud.account("enterprise", org="acme", email="owner@acme.example")
        result: list[int] = []
        login = threading.Thread(target=lambda: result.append(main(["login", "--url", base, "--timeout", "30"])))
        login.start()
        user_code = _wait_for_code(cloud, login)
        assert _approve(cloud.client, user_code, api_key=admin_key).status_code == 200
        login.join(30)
        assert result == [0]
        out, err = capsys.readouterr()
        assert f"Open {base}/device?code={user_code} and approve the code {user_code}" in err
        assert "Signed in as owner@acme.example (acme, enterprise)." in out
        assert "License refreshed: Enterprise" in out
        stored = store.read_secret(store.CLOUD_KEY_FILE)
        assert stored and stored != admin_key
        provider = make_provider(AIConfig(provider="infragenius-cloud", base_url=base), env={})
        assert provider.api_key == stored  # every command (and the language server) use it from now on
        from_env = make_provider(
            AIConfig(provider="infragenius-cloud", base_url=base), env={"INFRAGENIUS_AI_API_KEY": "e"}
        )
        assert from_env.api_key == "e"  # the environment and api-key-env still override it
        override = make_provider(
            AIConfig(provider="infragenius-cloud", base_url=base, api_key_env="K"), env={"K": "from-env"}
        )
        assert override.api_key == "from-env"
        assert cloud.client.get("/v1/members", headers={"Authorization": f"Bearer {stored}"}).status_code == 200
    assert main(["logout"]) == 0
    assert store.read_secret(store.CLOUD_KEY_FILE) is None
    assert "Signed out: the Cloud key is removed." in capsys.readouterr().out


def test_the_stored_key_goes_to_the_service_that_issued_it_only(database_url, signing_key) -> None:
    from infragenius.ai.providers import make_provider
    from infragenius.core.config import AIConfig

    with live_cloud(database_url, signing_key) as (base, cloud):
        key = cloud.account("enterprise", org="acme", email="owner@acme.example")
        assert main(["login", "--url", base, "--key", key]) == 0
        other = make_provider(AIConfig(provider="infragenius-cloud", base_url="http://127.0.0.1:9/v1"), env={})
        assert other.api_key is None


def _wait_for_code(cloud, login: threading.Thread) -> str:
    """The user code the CLI asked for (read from the database: what the user would read on screen)."""
    import time

    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and login.is_alive():
        with cloud.database.session() as session:
            code = session.scalar(select(DeviceCode.user_code))
        if code:
            return code
        time.sleep(0.05)
    raise AssertionError("the CLI did not start a device-code sign-in")


def test_login_with_a_key_or_sso_stores_the_key_the_cloud_provider_uses(
    database_url, signing_key, httpserver, capsys
) -> None:
    """`login --key` stores the key as given; `login --sso` signs in at the organisation's identity
    provider (a fake OIDC issuer with the device flow) and exchanges its ID token through the Cloud's
    POST /v1/auth/oidc for the account's key: the provider uses whichever was stored last."""
    from infragenius.ai.providers import make_provider
    from infragenius.core.config import AIConfig
    from infragenius.tiers import state

    base_idp, id_token = _fake_identity_provider(httpserver, "owner@acme.example")
    with live_cloud(database_url, signing_key, oidc_issuer=base_idp, oidc_client_id="infragenius-cli") as (base, cloud):
        given = cloud.account("enterprise", org="acme", email="owner@acme.example")
        assert main(["login", "--url", base, "--key", given]) == 0
        config = AIConfig(provider="infragenius-cloud", base_url=base)
        assert make_provider(config, env={}).api_key == given
        state.set_editor_token(None)  # the Enterprise license `login` just fetched is in force (SSO needs it)
        httpserver.expect_oneshot_request("/token", method="POST").respond_with_json({"id_token": id_token()})
        assert main(["login", "--url", base, "--sso", "--issuer", base_idp]) == 0
        exchanged = store.read_secret(store.CLOUD_KEY_FILE)
        assert exchanged.startswith("igk_") and exchanged != given
        assert make_provider(config, env={}).api_key == exchanged
        assert cloud.client.get("/v1/license", headers={"Authorization": f"Bearer {exchanged}"}).status_code == 200
    assert "Signed in as owner@acme.example (" + base_idp in capsys.readouterr().out


def _fake_identity_provider(httpserver, email: str):
    """An OIDC issuer on 127.0.0.1 with the device flow; ``id_token()`` signs a token for ``email``."""
    device = {"device_code": "d", "user_code": "ABCD-EFGH", "interval": 0.05}
    claims = {"aud": "infragenius-cli", "sub": "u-1", "email": email, "email_verified": True}
    return fake_issuer(httpserver, device, claims)


def test_login_as_a_process_against_a_live_service(database_url, signing_key, tmp_path) -> None:
    """The installed entry point (`python -m infragenius login`) in its own process: it prints the code,
    the user approves it, the process stores the key and ends. Every wait is bounded."""
    import os
    import subprocess
    import sys
    import time

    with live_cloud(database_url, signing_key) as (base, cloud):
        key = cloud.account("community", org="solo", email="me@solo.example")
        env = {k: v for k, v in os.environ.items() if not k.startswith("INFRAGENIUS_")}
        env["INFRAGENIUS_CONFIG_DIR"] = str(tmp_path / "process-config")
        process = subprocess.Popen(
            [sys.executable, "-m", "infragenius", "login", "--url", base, "--timeout", "30"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        try:
            line = _read_line(process.stderr, "approve the code", deadline=time.monotonic() + 30)
            user_code = line.rsplit(" ", 1)[-1].strip()
            assert _approve(cloud.client, user_code, api_key=key).status_code == 200
            process.wait(timeout=30)  # stderr is still read by _read_line's thread
            out = process.stdout.read()
        finally:
            process.kill()
    assert process.returncode == 0
    assert out.splitlines()[0] == "Signed in as me@solo.example (solo, community)."
    assert "Community needs no license; start a trial or upgrade (see /pricing)." in out
    stored = (tmp_path / "process-config" / "cloud.key").read_text().strip()
    assert stored.startswith("igk_") and stored != key
    assert (tmp_path / "process-config" / "cloud.url").read_text().strip() == base


def _read_line(stream, wanted: str, deadline: float) -> str:
    """The first line of ``stream`` that contains ``wanted``, read in a thread so the wait is bounded."""
    import queue
    import time

    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in stream], daemon=True).start()
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            break
        if wanted in line:
            return line
    raise AssertionError(f"the process never printed {wanted!r}")


def test_codes_long_expired_are_deleted_when_new_ones_are_asked_for(paid_cloud) -> None:
    """Anyone may start a sign-in: old codes must not pile up."""
    import datetime as dt

    from sqlalchemy import update

    stale, fresh = _start(paid_cloud), _start(paid_cloud)
    with paid_cloud.database.session() as session:
        past = dt.datetime.now(dt.UTC) - dt.timedelta(days=2)
        session.execute(update(DeviceCode).where(DeviceCode.user_code == stale["user_code"]).values(expires_at=past))
    _start(paid_cloud)
    with paid_cloud.database.session() as session:
        left = set(session.scalars(select(DeviceCode.user_code)))
    assert stale["user_code"] not in left and fresh["user_code"] in left and len(left) == 2
