"""``infragenius cloud serve|migrate|admin ...`` (needs the ``cloud`` extra).

``serve`` without ``UPSTREAM_BASE_URL`` starts the embedded local model server as the upstream
(development; see ``local_model.py``); when that model cannot run, it says why and the service
still starts, its analyses answering 502 (no upstream model) until UPSTREAM_BASE_URL is set.
"""

from __future__ import annotations

import os
import secrets
import sys


def register(sub) -> None:
    cloud = sub.add_parser("cloud", help="run or administer InfraGenius Cloud (pip install 'infragenius[cloud]')")
    verbs = cloud.add_subparsers(dest="cloud_command")
    serve = verbs.add_parser("serve", help="run the API server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument("--workers", type=int, default=1)
    serve.add_argument("--region", default=None, help="the one region this deployment keeps its data in (REGION)")
    serve.set_defaults(func=cmd_serve)
    verbs.add_parser("migrate", help="create or upgrade the database schema").set_defaults(func=cmd_migrate)

    admin = verbs.add_parser("admin", help="accounts, keys, tiers, licenses").add_subparsers(dest="admin_command")
    p = admin.add_parser("create-account")
    p.add_argument("email")
    p.add_argument("--org", required=True)
    p.add_argument("--tier", default=None, help="tier of a new organisation (default: community)")
    p.set_defaults(func=cmd_create_account)
    p = admin.add_parser("create-key")
    p.add_argument("email")
    p.add_argument(
        "--scope",
        action="append",
        dest="scopes",
        choices=("analyses", "usage"),
        help="limit the key to these scopes (repeatable; default: all)",
    )
    p.set_defaults(func=cmd_create_key)
    p = admin.add_parser("revoke-key")
    p.add_argument("prefix")
    p.set_defaults(func=cmd_revoke_key)
    p = admin.add_parser("set-tier")
    p.add_argument("org")
    p.add_argument("tier")
    p.set_defaults(func=cmd_set_tier)
    p = admin.add_parser("set-sso-domain", help="map SSO sign-ins at a verified email domain to an organisation")
    p.add_argument("org")
    p.add_argument("domain")
    p.set_defaults(func=cmd_set_sso_domain)
    p = admin.add_parser("issue-license")
    p.add_argument("email")
    p.add_argument("--tier", required=True)
    p.add_argument("--org", default=None)
    p.add_argument("--days", type=int, default=365)
    p.add_argument("--seats", type=int, default=None)
    p.set_defaults(func=cmd_issue_license)
    p = admin.add_parser("issue-certificate", help="certify an on-prem license signing key (vendor only)")
    p.add_argument("kid", help="the key id the on-prem deployment signs its licenses with")
    p.add_argument("public_key", help="the on-prem key's Ed25519 public key (PEM file)")
    p.add_argument("--org", required=True)
    p.add_argument("--max-tier", required=True, help="the highest tier its licenses may grant")
    p.add_argument("--seats", type=int, default=None, help="the most seats one of its licenses may grant")
    p.add_argument("--days", type=int, default=365)
    p.set_defaults(func=cmd_issue_certificate)
    from .plugin_admin import register_admin as plugin_commands

    plugin_commands(admin)
    p = admin.add_parser("purge", help="delete reports and analysis content past each organisation's retention")
    p.set_defaults(func=cmd_purge)


def _database():
    from .db import Database, migrate
    from .settings import CloudSettings

    settings = CloudSettings()
    migrate(settings.database_url)
    return Database(settings.database_url), settings


def cmd_serve(args) -> int:
    import uvicorn

    from .app import create_app
    from .db import migrate
    from .settings import CloudSettings

    if args.region:  # in the environment: worker processes build their own settings
        os.environ["REGION"] = args.region
    if args.workers > 1 and not os.environ.get("SESSION_SECRET"):
        # Each worker builds its own settings: without one shared secret, a usage-page session signed by
        # one worker would be refused by the next. Behind a load balancer, set SESSION_SECRET yourself.
        os.environ["SESSION_SECRET"] = secrets.token_hex(32)
    settings = CloudSettings()
    migrate(settings.database_url)
    if not settings.upstream_base_url:
        _default_upstream(settings)
    if args.workers > 1:  # worker processes import the app themselves (settings from the environment)
        uvicorn.run(
            "infragenius.cloud.app:app_from_env",
            factory=True,
            host=args.host,
            port=args.port,
            workers=args.workers,
            log_level="info",
        )
    else:
        uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level="info")
    return 0


def _default_upstream(settings) -> None:
    """Development default: no UPSTREAM_BASE_URL, so the embedded local model server is the upstream."""
    from .local_model import NoLocalModel, use_local_model

    print("infragenius: UPSTREAM_BASE_URL is not set: starting the embedded local model (development)", file=sys.stderr)
    try:
        url = use_local_model(settings)
    except NoLocalModel as exc:
        print(
            f"infragenius: warning: no upstream model: {exc}; analyses will answer 502 until UPSTREAM_BASE_URL is set",
            file=sys.stderr,
        )
        return
    print(f"infragenius: upstream: embedded model {settings.upstream_model} at {url}", file=sys.stderr)


def cmd_migrate(args) -> int:
    _database()
    print("database schema is up to date")
    return 0


def _admin(fn) -> int:
    from sqlalchemy.exc import IntegrityError

    from .members import SeatLimit

    database, settings = _database()
    try:
        with database.session() as session:
            out = fn(session, settings)
    except (LookupError, ValueError, SeatLimit) as exc:
        print(f"infragenius: error: {exc}", file=sys.stderr)
        return 2
    except IntegrityError:  # a concurrent admin created the same row first
        print("infragenius: error: that record already exists", file=sys.stderr)
        return 2
    print(out)  # only once committed: a key that was rolled back is never shown
    return 0


def cmd_purge(args) -> int:
    """What the periodic job runs (the Helm chart's CronJob): GDPR retention, enforced."""
    from .privacy import purge

    def purged(session, settings):
        done = purge(session, settings)
        return f"purged {done['reports']} reports and the content of {done['analyses']} analyses past their retention"

    return _admin(purged)


def cmd_create_account(args) -> int:
    from . import accounts

    def create(session, _):
        account = accounts.create_account(session, args.email, args.org, args.tier)
        return f"created {account.email} in {args.org} ({account.organisation.tier}, {account.role})"

    return _admin(create)


def cmd_create_key(args) -> int:
    from . import accounts

    return _admin(lambda s, _: f"{accounts.create_key(s, args.email, args.scopes)}\n(shown once: store it now)")


def cmd_revoke_key(args) -> int:
    from . import accounts

    def revoke(session, _):
        if not accounts.revoke_key(session, args.prefix):
            raise LookupError(f"no active key with prefix {args.prefix!r}")
        return "revoked"

    return _admin(revoke)


def cmd_set_tier(args) -> int:
    from . import accounts

    return _admin(lambda s, _: f"{accounts.set_tier(s, args.org, args.tier).name} is now {args.tier}")


def cmd_set_sso_domain(args) -> int:
    """Only once the organisation has shown it owns the domain (a DNS record, a mail to its admin):
    every SAML sign-in with an address there then belongs to this organisation."""
    from . import accounts

    return _admin(
        lambda s, _: f"SSO sign-ins at {accounts.set_sso_domain(s, args.org, args.domain)} now belong to {args.org}"
    )


def cmd_issue_license(args) -> int:
    from ..tiers.entitlements import Tier
    from ..tiers.license import issue

    tiers = [t.value for t in Tier]
    if args.tier not in tiers:
        print(f"infragenius: error: unknown license tier {args.tier!r} (one of {', '.join(tiers)})", file=sys.stderr)
        return 2
    private, settings = _signing_key()
    if private is None:
        return 2
    print(
        issue(
            private,
            settings.license_key_id,
            subject=args.email,
            tier=args.tier,
            org=args.org,
            days=args.days,
            seats=args.seats,
        )
    )
    return 0


def cmd_issue_certificate(args) -> int:
    """An issuer certificate (``tiers/issuers.py``) signed with the vendor key: only a key shipped in the
    package can certify, so this is useful with the vendor's own LICENSE_PRIVATE_KEY_FILE only."""
    from pathlib import Path

    from ..tiers.entitlements import Tier
    from ..tiers.issuers import certify

    if args.max_tier not in [t.value for t in Tier]:
        print(f"infragenius: error: unknown tier {args.max_tier!r}", file=sys.stderr)
        return 2
    try:
        public = Path(args.public_key).read_bytes()
    except OSError as exc:
        print(f"infragenius: error: cannot read {args.public_key} ({exc.strerror})", file=sys.stderr)
        return 2
    private, settings = _signing_key()
    if private is None:
        return 2
    try:
        print(
            certify(
                private,
                settings.license_key_id,
                public_key_pem=public,
                kid=args.kid,
                org=args.org,
                max_tier=args.max_tier,
                seats=args.seats,
                days=args.days,
            )
        )
    except (ValueError, TypeError):
        print(f"infragenius: error: {args.public_key} is not an Ed25519 public key (PEM)", file=sys.stderr)
        return 2
    return 0


def _signing_key():
    """(private key PEM, settings), or (None, settings) once the reason is printed."""
    from .settings import CloudSettings

    settings = CloudSettings()  # signing needs no database
    try:
        private = settings.license_private_key()
    except OSError as exc:
        print(f"infragenius: error: cannot read the license private key ({exc.strerror})", file=sys.stderr)
        return None, settings
    if private is None:
        print("infragenius: error: set LICENSE_PRIVATE_KEY_FILE (Ed25519 PEM) to issue licenses", file=sys.stderr)
    return private, settings
