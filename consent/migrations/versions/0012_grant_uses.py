"""The grant-use index of the audit log: (grant_id, seq, outputs) for every grant a generation
entry's decision used, so that the person's usage ledger reads the entries that *used* her grant
(one index range, newest first) instead of every entry that merely *mentions* its id — a
creator can write the id into a generation's free text (``project``) as often as she likes
(adversary 13). Derived from the signed entries (consent.audit_index.grant_uses_of); backfilled
here from the generation entries already in the log, and recomputed by ``audit verify``.

The mentions index (audit_mentions, 0008) is unchanged: nothing is rebuilt there.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_grant_uses",
        sa.Column("grant_id", sa.Text, nullable=False),  # a grant of the entry's decision.grants_used
        sa.Column("seq", sa.Integer, nullable=False),  # the generation entry that used it
        sa.Column("outputs", sa.Integer, nullable=False),  # what that entry added to the grant's usage count
        sa.PrimaryKeyConstraint("grant_id", "seq", name="pk_audit_grant_uses"),
        sqlite_with_rowid=False,  # the table IS its (grant_id, seq) B-tree: a grant's newest uses are one range
    )
    from consent.audit_index import backfill_grant_uses

    backfill_grant_uses(op.get_bind())


def downgrade() -> None:
    op.drop_table("audit_grant_uses")
