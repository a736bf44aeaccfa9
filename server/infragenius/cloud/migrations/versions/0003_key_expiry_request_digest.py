"""sign-in keys expire (api_keys.expires_at, origin); analyses.request_digest tells a retry from another
request under the same Idempotency-Key; request_id may be forgotten once the idempotency window is over

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("api_keys", schema=None) as batch_op:
        batch_op.add_column(sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("origin", sa.String(length=10), nullable=False, server_default="admin"))
    with op.batch_alter_table("analyses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("request_digest", sa.String(length=64), nullable=True))
        batch_op.alter_column("request_id", existing_type=sa.String(length=100), nullable=True)


def downgrade() -> None:
    # Forgotten keys get a unique placeholder: usage rows are kept, never dropped by a downgrade.
    op.execute("UPDATE analyses SET request_id = 'forgotten:' || id WHERE request_id IS NULL")
    with op.batch_alter_table("analyses", schema=None) as batch_op:
        batch_op.alter_column("request_id", existing_type=sa.String(length=100), nullable=False)
        batch_op.drop_column("request_digest")
    with op.batch_alter_table("api_keys", schema=None) as batch_op:
        batch_op.drop_column("origin")
        batch_op.drop_column("expires_at")
