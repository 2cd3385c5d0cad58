"""Job watch: when a page served by another studio process last followed an open job.

A job whose client stops asking about it is cancelled after the grace period by the job service
that runs it. A page reloaded onto another studio process of the same database (no sticky
sessions) follows the job there, where the running service cannot see it: that process writes
here, at most every few seconds, that the job is still being followed, and the running service
reads it before it cancels a job for want of a client.

Advisory and outside the signed log, like ``job_progress``: no audit entry writes or checks a
row, nothing decides consent from one, and a row only keeps an open job from being cancelled as
abandoned. One row per followed job, deleted in the transaction that records the job's end.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "job_watch",
        sa.Column("job_id", sa.String(64), primary_key=True),
        sa.Column("watched_at", sa.String(40), nullable=False),  # RFC 3339 UTC, the writer's clock
    )


def downgrade() -> None:
    op.drop_table("job_watch")
