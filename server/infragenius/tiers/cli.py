"""``infragenius license status|activate|deactivate`` and ``infragenius usage``; ``login``, ``logout``,
``license refresh`` and ``license trial`` are in ``account_cli.py``."""

from __future__ import annotations

import datetime as dt
import sys

from . import store
from .entitlements import Feature
from .gates import GateClosed, require

EXIT_OK, EXIT_USAGE = 0, 2


def register(sub) -> None:
    lic = sub.add_parser("license", help="show, activate or remove your InfraGenius license")
    verbs = lic.add_subparsers(dest="license_command")
    status = verbs.add_parser("status", help="the tier in force and why")
    status.set_defaults(func=cmd_status)
    activate = verbs.add_parser("activate", help="verify and store a license token (- reads stdin)")
    activate.add_argument("token")
    activate.set_defaults(func=cmd_activate)
    deactivate = verbs.add_parser("deactivate", help="remove the stored license")
    deactivate.set_defaults(func=cmd_deactivate)
    lic.set_defaults(func=cmd_status)

    from .account_cli import register_license_verbs, register_login

    register_license_verbs(verbs)
    register_login(sub)

    usage = sub.add_parser("usage", help="local usage analytics (Professional)")
    usage.add_argument("--days", type=int, default=30)
    usage.add_argument("--format", choices=("text", "json"), default="text")
    usage.set_defaults(func=cmd_usage)


def features_in_force() -> str:
    """The features the license grants now, as one string: part of the result cache's key, since
    premium rule packs run only when entitled (activating or removing a license must miss)."""
    from .state import current

    return ",".join(sorted(feature.value for feature in current().features))


def gate_check_selection(config, features: frozenset[str]) -> None:
    """``check`` with a selection the license does not cover: nothing granted selected -> a ConfigError
    (exit 2) that names the tier; some of it granted -> one note on stderr, and the rest runs."""
    from ..core.config import ConfigError
    from .selection import gate_selection

    gate = gate_selection(config, features.__contains__)
    if gate.message is None:
        return
    if not gate.runs_anything:
        raise ConfigError(gate.message)
    print(f"infragenius: note: {gate.message}; those rules were not run", file=sys.stderr)


def _when(ts: int | None) -> str:
    return dt.datetime.fromtimestamp(ts, dt.UTC).strftime("%Y-%m-%d %H:%M UTC") if ts else "never"


def cmd_status(args) -> int:
    from .account_cli import refresh_when_expired
    from .state import current, token_and_source

    refresh_when_expired()
    state = current()
    _, source = token_and_source()
    print(f"Tier: {state.tier.title}")
    if state.license:
        lic = state.license
        print(f"Licensed to: {lic.subject}" + (f" ({lic.org})" if lic.org else ""))
        print(f"Expires: {_when(lic.expires_at)}")
        print(_seats_line(lic.seats) or "", end="")
        print(_trial_line(lic.expires_at) or "", end="")
        print(f"Source: {source}")
    elif state.problem:
        print(f"Your license from the {source} was not accepted: {state.problem}. Using Community.")
    else:
        print(
            "No license: Community (all rules, editor and CLI, local AI). To upgrade: `infragenius login`, then "
            "`infragenius license trial` (14 days of Professional) or `license refresh` after checkout."
        )
    print("Features: " + ", ".join(sorted(f.value for f in state.features)))
    return EXIT_OK


def _seats_line(licensed: int | None) -> str | None:
    """Seats used/total as of the last ``license refresh`` (the license itself knows the total only)."""
    from .account import remembered

    seats = (remembered() or {}).get("seats")
    if isinstance(seats, dict) and isinstance(seats.get("used"), int) and isinstance(seats.get("total"), int):
        return f"Seats: {seats['used']} of {seats['total']} used (as of the last `license refresh`)\n"
    return f"Seats: {licensed}\n" if licensed else None


def _trial_line(expires_at: int | None) -> str | None:
    from .account import remembered

    if not (remembered() or {}).get("trial") or expires_at is None:
        return None
    import math
    import time

    days = max(0, math.ceil((expires_at - time.time()) / 86400))  # a trial started today has 14 days left
    return f"Trial: {days} day{'s' if days != 1 else ''} left\n"


def cmd_activate(args) -> int:
    from .license import verify
    from .state import reset

    token = sys.stdin.read() if args.token == "-" else args.token
    state = verify(token)
    if state.problem:
        print(f"infragenius: error: {state.problem}; nothing was stored", file=sys.stderr)
        return EXIT_USAGE
    path = store.save_secret(store.LICENSE_FILE, token)
    reset()
    print(f"Activated {state.tier.title} for {state.license.subject}, valid until {_when(state.license.expires_at)}.")
    print(f"Stored in {path} (readable by you only).")
    return EXIT_OK


def cmd_deactivate(args) -> int:
    from .state import reset

    removed = store.delete_secret(store.LICENSE_FILE)
    reset()
    print("License removed: Community from now on." if removed else "No stored license.")
    return EXIT_OK


def cmd_usage(args) -> int:
    from .usage import report

    try:
        require(Feature.USAGE_ANALYTICS)
    except GateClosed as exc:
        print(f"infragenius: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(report(args.days, args.format))
    return EXIT_OK
