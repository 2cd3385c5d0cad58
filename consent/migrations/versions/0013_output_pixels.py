"""Output pixel digests: each PNG output's exact pixels named by a SHA-256
(``creator.disclosure.fingerprint.pixels_digest``), written at generation and signed in the
output's ``generation`` audit entry, and indexed, so that ``verify`` knows a copy whose pixels
are an output's own (saved again without its metadata) by one hash and one lookup, before any
watermark read. A row's digest is trusted only where its signed entry lists the same one;
outputs recorded before have none (their copies are found by their watermark, as before).
Rows are filled from the digests the signed entries list: none for a log from before this
revision; those a downgrade dropped, for a registry upgraded again.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outputs") as batch:
        batch.add_column(sa.Column("pixels_sha256", sa.String(64), nullable=True))
        batch.create_index("ix_outputs_pixels_sha256", ["pixels_sha256"])
    from consent.audit_index import backfill_pixel_digests

    backfill_pixel_digests(op.get_bind())  # (a log from before 0013 lists none: nothing is written)


def downgrade() -> None:
    with op.batch_alter_table("outputs") as batch:
        batch.drop_index("ix_outputs_pixels_sha256")
        batch.drop_column("pixels_sha256")
