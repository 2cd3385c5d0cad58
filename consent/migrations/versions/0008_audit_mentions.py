"""The mentions index of the audit log: (mention, seq) for every id an entry names, so a search
for one id reads one index range instead of every entry (see consent.audit_index).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_mentions",
        sa.Column("mention", sa.Text, nullable=False),  # one string of the entry's payload (audit_index.indexed)
        sa.Column("seq", sa.Integer, nullable=False),  # the audit entry that names it
        sa.PrimaryKeyConstraint("mention", "seq", name="pk_audit_mentions"),
        sqlite_with_rowid=False,  # the table IS its (mention, seq) B-tree: newest-first per id is one range
    )
    # Derived from the entries already in the log, in batches (the derivation is the one
    # audit_entries appends use and `audit verify` recomputes; it must not drift).
    from consent.audit_index import backfill

    backfill(op.get_bind())


def downgrade() -> None:
    op.drop_table("audit_mentions")
