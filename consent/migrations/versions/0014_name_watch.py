"""Watched names: real people an operator lists so that the name check reads them as people
(``consent.names.NameMatcher(watched=...)``), as robustly as registered names, and denies them
like any unknown person. Each row is recorded by a signed ``name_watch_added`` entry (and taken
off by a ``name_watch_removed`` one), and held to the signed log like name exceptions.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "name_watch",
        sa.Column("key", sa.String(256), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("added_by", sa.Text, nullable=False),
        sa.Column("added_at", sa.String(40), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("name_watch")
