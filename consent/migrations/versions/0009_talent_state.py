"""Talent page state in the registry: sessions, one-time ceremony challenges, pending passkey
ceremonies, camera challenges, camera attempt counts, frame digests seen and passkeys waiting
for an operator's confirmation -- so a restart or a second studio process behind the same
database keeps them. Only hashes of bearer secrets are stored (see consent/talent_state.py).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_H = sa.String(64)  # sha256 hex
_S = sa.Float(precision=53)  # seconds on the talent service's clock (wall time)


def upgrade() -> None:
    op.create_table(
        "talent_sessions",
        sa.Column("token_sha256", _H, primary_key=True),
        sa.Column("subject_id", sa.String(128), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("key_id", sa.String(32), nullable=False),
        sa.Column("expires_at", _S, nullable=False),
    )
    op.create_index("ix_talent_sessions_expires", "talent_sessions", ["expires_at"])
    # one-time things: sign-in and enrollment challenges, pending signing ceremonies, camera challenges
    op.create_table(
        "talent_challenges",
        sa.Column("key_sha256", _H, primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),  # signin, enroll, ceremony, presence
        sa.Column("value", sa.Text),  # the challenge / ceremony state (JSON); NULL once used
        sa.Column("expires_at", _S, nullable=False),
    )
    op.create_index("ix_talent_challenges_expires", "talent_challenges", ["kind", "expires_at"])
    op.create_table(
        "talent_attempts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("key_sha256", _H, nullable=False),
        sa.Column("at", _S, nullable=False),
    )
    op.create_index("ix_talent_attempts_key", "talent_attempts", ["key_sha256", "at"])
    op.create_table(
        "talent_seen_frames",
        sa.Column("pixels_sha256", _H, primary_key=True),
        sa.Column("seen_at", _S, nullable=False),
    )
    op.create_index("ix_talent_seen_frames_at", "talent_seen_frames", ["seen_at"])
    op.create_table(
        "talent_enrollments",
        sa.Column("code_sha256", _H, primary_key=True),
        sa.Column("sealed", sa.Text, nullable=False),  # the passkey, encrypted under a key derived from the code
        sa.Column("expires_at", _S, nullable=False),
    )
    op.create_index("ix_talent_enrollments_expires", "talent_enrollments", ["expires_at"])


def downgrade() -> None:
    for table, index in (("talent_enrollments", "ix_talent_enrollments_expires"),
                         ("talent_seen_frames", "ix_talent_seen_frames_at"),
                         ("talent_attempts", "ix_talent_attempts_key"),
                         ("talent_challenges", "ix_talent_challenges_expires"),
                         ("talent_sessions", "ix_talent_sessions_expires")):
        op.drop_index(index, table_name=table)
        op.drop_table(table)
