"""Alembic migrations of the Cloud database (configured in code by infragenius.cloud.db)."""
