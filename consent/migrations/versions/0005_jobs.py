"""Generation jobs: one row per submitted job (settings, the seed used, outcome), and the job
that made each output.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_T = sa.String(40)  # RFC 3339 UTC timestamps as text (exact, dialect-independent)


def upgrade() -> None:
    op.create_table(
        "jobs",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("owner", sa.Text, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("submitted_at", _T, nullable=False),
        sa.Column("request_digest", sa.String(64), nullable=False),
        sa.Column("settings", sa.Text, nullable=False),  # every generation setting, JSON
        sa.Column("service", sa.Text),  # the job service that owns the queue entry (host:pid:start id)
        sa.Column("cancel_requested_by", sa.Text),
        sa.Column("started_at", _T),
        sa.Column("finished_at", _T),
        sa.Column("worker", sa.Text),
        sa.Column("seed", sa.BigInteger),  # the seed actually used
        sa.Column("decision_id", sa.String(64)),
        sa.Column("outputs", sa.Text),  # JSON list of the outputs made (sha256, location, download name, ...)
        sa.Column("error", sa.Text),
        sa.Column("timings", sa.Text),  # JSON: queued_s, run_s, per-stage seconds
        sa.Column("audit_seq", sa.Integer),  # the signed job_finished entry
    )
    op.create_index("ix_jobs_owner_submitted", "jobs", ["owner", "submitted_at"])
    op.create_index("ix_jobs_state", "jobs", ["state"])
    with op.batch_alter_table("outputs") as batch:
        batch.add_column(sa.Column("job_id", sa.String(64), nullable=True))
        batch.create_index("ix_outputs_job_id", ["job_id"])


def downgrade() -> None:
    with op.batch_alter_table("outputs") as batch:
        batch.drop_index("ix_outputs_job_id")
        batch.drop_column("job_id")
    op.drop_index("ix_jobs_state", table_name="jobs")
    op.drop_index("ix_jobs_owner_submitted", table_name="jobs")
    op.drop_table("jobs")
