"""Enterprise SAML sign-in: organisations' verified SSO domain; the AuthnRequest a device code waits on

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sso_domain", sa.String(length=253), nullable=True))
        batch_op.create_unique_constraint("uq_organisations_sso_domain", ["sso_domain"])
    with op.batch_alter_table("device_codes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("saml_request_id", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("device_codes", schema=None) as batch_op:
        batch_op.drop_column("saml_request_id")
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_constraint("uq_organisations_sso_domain", type_="unique")
        batch_op.drop_column("sso_domain")
