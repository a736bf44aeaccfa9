"""The plugin marketplace's index: rule packs the operator lists (``cloud admin plugin add/remove``) and
the service serves to every client (``GET /v1/plugins``, no key needed: it is a catalogue, like PyPI's).

Each entry passes ``tiers.plugin_index.check_entry`` before it is stored: the same trust boundary the
client applies before anything reaches pip.
"""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..tiers.plugin_index import PluginEntry, check_entry
from .db import Database
from .models import Plugin


def add(session: Session, raw: dict) -> PluginEntry:
    """Add a pack, or replace the entry of the same name (a new version, a review done); raises BadPlugin."""
    entry = check_entry(raw)
    row = session.get(Plugin, entry.name) or Plugin(name=entry.name)
    for field, value in entry.as_json().items():
        setattr(row, field, value)
    session.add(row)
    session.flush()
    return entry


def remove(session: Session, name: str) -> bool:
    """Whether the index held ``name``."""
    row = session.get(Plugin, name)
    if row is None:
        return False
    session.delete(row)
    session.flush()  # gone from the session now, not only at commit
    return True


def listed(session: Session) -> list[PluginEntry]:
    rows = session.scalars(select(Plugin).order_by(Plugin.name))
    return [
        PluginEntry(r.name, r.package, r.version, r.tier, r.description, r.homepage, bool(r.verified)) for r in rows
    ]


def routes(database: Database) -> APIRouter:
    router = APIRouter()

    @router.get("/v1/plugins")
    def index():
        """``{"plugins": [{"name", "package", "version", "tier", "description", "homepage", "verified"}]}``."""
        with database.session() as session:
            return {"plugins": [entry.as_json() for entry in listed(session)]}

    return router
