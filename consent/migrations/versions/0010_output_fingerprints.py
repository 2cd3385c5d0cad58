"""Output fingerprints: each output's coarse picture (what ``verify`` compares a copy with),
written at generation so that verifying a copy does not decode its original. The row is
trusted only when its SHA-256 equals the ``fingerprint_sha256`` the output's signed
``generation`` audit entry lists; outputs recorded before have no row (verify decodes the
original, as before).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "output_fingerprints",
        sa.Column("sha256", sa.String(64), primary_key=True),  # the output file's content digest
        sa.Column("data", sa.LargeBinary, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("output_fingerprints")
