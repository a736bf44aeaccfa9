"""``infragenius login|logout`` and ``infragenius license refresh|trial``: from a Cloud account to a license
in force on this machine.

``login`` signs in with a device code (open the URL, approve the code), or stores a key given with
``--key``, or exchanges an Enterprise SSO sign-in for the same key (``--sso``); then it fetches the
organisation's license (``license refresh``). Every command and the language server use the stored key
from then on, unless a key is given by the editor, ``api-key-env`` or ``INFRAGENIUS_AI_API_KEY``.
"""

from __future__ import annotations

import sys

from . import account, store
from .account import AccountError

EXIT_OK, EXIT_USAGE = 0, 2


def register_login(sub) -> None:
    login = sub.add_parser("login", help="sign in to InfraGenius Cloud (device code), store the key, fetch the license")
    login.add_argument("--url", default=None, help="the Cloud service (default: the one you signed in to last)")
    login.add_argument("--key", help="store this Cloud API key instead of signing in with a device code")
    login.add_argument("--license", dest="license_token", help="license token to activate too")
    login.add_argument("--sso", action="store_true", help="sign in with your organisation's SSO (Enterprise)")
    login.add_argument("--issuer", help="OpenID Connect issuer URL for --sso")
    login.add_argument("--client-id", default="infragenius-cli", help="OAuth client id for --sso")
    login.add_argument("--timeout", type=float, default=900, help="seconds to wait for the code's approval")
    login.set_defaults(func=cmd_login)
    logout = sub.add_parser("logout", help="remove the stored Cloud key")
    logout.set_defaults(func=cmd_logout)


def register_license_verbs(verbs) -> None:
    refresh = verbs.add_parser("refresh", help="fetch your organisation's license from the Cloud and activate it")
    refresh.add_argument("--url", default=None)
    refresh.set_defaults(func=cmd_refresh)
    trial = verbs.add_parser("trial", help="start the 14-day Professional trial (once per organisation)")
    trial.add_argument("--url", default=None)
    trial.set_defaults(func=cmd_trial)


def cmd_login(args) -> int:
    from .cli import cmd_activate

    url = account.service_url(args.url)
    if args.license_token:
        args.token = args.license_token
        if cmd_activate(args) != EXIT_OK:
            return EXIT_USAGE
        if args.key is None and not args.sso:
            return EXIT_OK
    try:
        key = _sign_in(args, url)
    except AccountError as exc:
        return _error(str(exc))
    if key is None:
        return EXIT_USAGE
    account.save_login(url, key)
    print(f"Cloud key stored in {store.config_dir() / store.CLOUD_KEY_FILE} (readable by you only).")
    return _refresh(url, key, after_login=True)


def _sign_in(args, url: str) -> str | None:
    """The account key: given (--key), from SSO (--sso), or from a device code; None once refused."""
    if args.key is not None:
        if not args.key.strip():
            _error("empty key")
            return None
        return args.key.strip()
    if args.sso:
        return _sso_key(args, url)

    def prompt(verification: str, user_code: str) -> None:
        print(f"Open {verification} and approve the code {user_code}", file=sys.stderr, flush=True)

    signed_in = account.device_login(url, prompt, timeout_s=args.timeout)
    print(f"Signed in as {signed_in.email} ({signed_in.organisation}, {signed_in.tier}).")
    return signed_in.key


def _sso_key(args, url: str) -> str | None:
    from .entitlements import Feature
    from .gates import GateClosed, require
    from .sso import SSOError, sign_in

    try:
        require(Feature.SSO)
    except GateClosed as exc:
        print(f"infragenius: {exc}", file=sys.stderr)
        return None
    if not args.issuer:
        _error("--sso needs --issuer URL")
        return None

    def prompt(uri: str, code: str, complete: str | None) -> None:
        print(f"Open {complete or uri} and enter the code {code}", file=sys.stderr, flush=True)

    try:
        identity = sign_in(args.issuer, args.client_id, prompt=prompt)
    except SSOError as exc:
        _error(str(exc))
        return None
    print(f"Signed in as {identity.email or identity.subject} ({identity.issuer}).")
    return account.exchange_id_token(url, identity.id_token)


def cmd_logout(args) -> int:
    removed = account.forget_login()
    print("Signed out: the Cloud key is removed." if removed else "Not signed in.")
    return EXIT_OK


def cmd_refresh(args) -> int:
    url = account.service_url(args.url)
    key = account.account_key(url)
    if key is None:
        return _error(f"not signed in to {url}: run `infragenius login` first")
    return _refresh(url, key)


def _refresh(url: str, key: str, after_login: bool = False) -> int:
    try:
        answer = account.fetch_license(url, key)
    except AccountError as exc:
        if exc.status == 404:  # Community: nothing to license
            print(f"{str(exc).split(': ', 1)[-1]}.")
            return EXIT_OK
        return _error(str(exc)) if not after_login else _note(str(exc))
    return _activate(answer)


def refresh_when_expired() -> None:
    """A license that has ended is fetched again when signed in (the subscription renewed, or the trial
    ended and the organisation bought): what ``license status`` does before it reports."""
    from .license import verify
    from .state import token_and_source

    token, source = token_and_source()
    if token is None or source != "license file" or verify(token).problem != "the license has expired":
        return
    url = account.service_url()
    key = account.account_key(url)
    if key is not None:
        _refresh(url, key, after_login=True)  # a failure is a note: status still reports what is in force


def cmd_trial(args) -> int:
    url = account.service_url(args.url)
    key = account.account_key(url)
    if key is None:
        return _error(f"not signed in to {url}: run `infragenius login` first")
    try:
        answer = account.start_trial(url, key)
    except AccountError as exc:
        return _error(str(exc))
    return _activate(answer)


def _activate(answer: dict) -> int:
    """Verify the token the service sent, then store it (a token this client does not trust is refused)."""
    from .cli import _when
    from .license import verify
    from .state import reset

    token = answer.get("license")
    state = verify(token) if isinstance(token, str) else None
    if not isinstance(token, str) or state is None or state.problem or state.license is None:
        problem = state.problem if state is not None else "no license in the answer"
        return _error(f"the service's license was not accepted: {problem}; nothing was stored")
    store.save_secret(store.LICENSE_FILE, token)
    account.remember(answer)
    reset()
    print(f"License refreshed: {state.tier.title}, valid until {_when(state.license.expires_at)}.")
    return EXIT_OK


def _error(message: str) -> int:
    print(f"infragenius: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def _note(message: str) -> int:
    print(f"infragenius: note: {message}; run `infragenius license refresh` later", file=sys.stderr)
    return EXIT_OK
