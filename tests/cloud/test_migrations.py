"""The Alembic migrations build exactly the schema the models describe (a model change without a
migration fails here), and upgrading twice is a no-op."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from infragenius.cloud.db import make_engine, migrate
from infragenius.cloud.models import Base


def test_migrated_schema_matches_the_models(database_url):
    migrate(database_url)  # already at head (the fixture copies a migrated database): nothing to do
    engine = make_engine(database_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
        assert context.get_current_revision() == "0010"
    engine.dispose()
