"""Signed audit entries, the outputs' audit entry, and signed state snapshots.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_entries") as batch:
        # base64 Ed25519 signature of the entry hash by the installation's audit key
        batch.add_column(sa.Column("sig", sa.Text, nullable=True))
        batch.create_index("ix_audit_entries_kind", ["kind"])
    with op.batch_alter_table("outputs") as batch:
        # the audit entry that recorded this output (verify re-reads it: a row alone proves nothing)
        batch.add_column(sa.Column("audit_seq", sa.Integer, nullable=True))
        batch.add_column(sa.Column("owner", sa.Text, nullable=True))
    op.create_table(
        "state_snapshots",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("state", sa.LargeBinary, nullable=False),
        sa.Column("sig", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("state_snapshots")
    with op.batch_alter_table("outputs") as batch:
        batch.drop_column("owner")
        batch.drop_column("audit_seq")
    with op.batch_alter_table("audit_entries") as batch:
        batch.drop_index("ix_audit_entries_kind")
        batch.drop_column("sig")
