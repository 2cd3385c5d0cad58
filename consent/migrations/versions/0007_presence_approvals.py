"""Talent page, part two: the presence check recorded on a draft, and approve-each-use
approvals (each generation under such a grant waits for the person's approval).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_T = sa.String(40)


def upgrade() -> None:
    # the presence check's record (scores, challenge, frame digests; never pixels), canonical JSON
    op.add_column("grant_drafts", sa.Column("presence_json", sa.Text))
    op.create_table(
        "use_approvals",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("grant_id", sa.String(128), nullable=False),
        sa.Column("subject_id", sa.String(128), nullable=False),
        sa.Column("request_digest", sa.String(64), nullable=False),  # sha256 of the request's canonical summary
        sa.Column("summary_json", sa.Text, nullable=False),  # what the person is shown
        sa.Column("status", sa.String(16), nullable=False),  # pending, approved, declined, used
        sa.Column("requested_by", sa.Text, nullable=False),
        sa.Column("requested_at", _T, nullable=False),
        sa.Column("decided_at", _T),
        sa.Column("decided_by", sa.Text),
    )
    op.create_index("ix_use_approvals_grant", "use_approvals", ["grant_id", "request_digest"])


def downgrade() -> None:
    op.drop_index("ix_use_approvals_grant", table_name="use_approvals")
    op.drop_table("use_approvals")
    with op.batch_alter_table("grant_drafts") as b:
        b.drop_column("presence_json")
