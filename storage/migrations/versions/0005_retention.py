"""A group's retention period: case texts, contributions and reports older than this go.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("groups") as batch:
        batch.add_column(sa.Column("retention_days", sa.Integer(), nullable=False,
                                   server_default="180"))


def downgrade() -> None:
    with op.batch_alter_table("groups") as batch:
        batch.drop_column("retention_days")
