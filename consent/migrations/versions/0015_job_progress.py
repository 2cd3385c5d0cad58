"""Job progress: how far a running job has got (its stage, step k of N, the time its service
estimates it has left) as its job service last reported it, and when, so that ``jobs list``,
``jobs show`` and a page served by another studio process can show it.

Advisory and outside the signed log: no audit entry writes or checks a row, and nothing
decides anything from one. One row per running job, updated in place by the job's own service
(at most once a second, and every 10 s while nothing changes), written only while the job's row
is open, and deleted in the transaction that records the job's end. Readers show a row only for
a job whose row says ``running`` and whose service wrote it, and not once it is older than
``creator.jobs.model.PROGRESS_STALE_S`` (docs/SCALING.md, "Progress across processes").

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "job_progress",
        sa.Column("job_id", sa.String(64), primary_key=True),
        sa.Column("service", sa.Text, nullable=False),  # the job service that wrote it (the job row's service)
        sa.Column("stage", sa.String(32), nullable=False),  # check, generate, scan, disclose, record
        sa.Column("done", sa.Integer, nullable=False),
        sa.Column("total", sa.Integer, nullable=False),
        sa.Column("eta_s", sa.Float(precision=53)),  # seconds left as of reported_at, as the service estimated
        sa.Column("reported_at", sa.String(40), nullable=False),  # RFC 3339 UTC, the writer's clock
    )


def downgrade() -> None:
    op.drop_table("job_progress")
