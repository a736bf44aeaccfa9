"""paid tiers for real (issue 21): organisations' licensed seats, tier end and trial; removed members;
applied billing events (each id once); device-code sign-ins

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seats", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("tier_expires_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("trial_started_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True))
    # one name for pay-per-use everywhere: organisations set to "cloud" by hand become "payg"
    op.execute("UPDATE organisations SET tier = 'payg' WHERE tier = 'cloud'")
    op.create_table(
        "billing_events",
        sa.Column("id", sa.String(length=255), nullable=False),
        sa.Column("kind", sa.String(length=100), nullable=False),
        sa.Column("organisation_id", sa.String(length=32), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "device_codes",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("device_digest", sa.String(length=64), nullable=False),
        sa.Column("user_code", sa.String(length=9), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("account_id", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("polled_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("device_digest"),
        sa.UniqueConstraint("user_code"),
    )


def downgrade() -> None:
    op.drop_table("device_codes")
    op.drop_table("billing_events")
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_column("trial_started_at")
        batch_op.drop_column("tier_expires_at")
        batch_op.drop_column("seats")
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_column("removed_at")
