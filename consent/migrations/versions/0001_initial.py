"""Initial consent registry schema.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_T = sa.String(40)  # RFC 3339 UTC timestamps as text (exact, dialect-independent)


def upgrade() -> None:
    op.create_table(
        "subjects",
        sa.Column("id", sa.String(128), primary_key=True),
        sa.Column("ref", sa.String(32), nullable=False, unique=True),
        sa.Column("display_name", sa.Text, nullable=False),
        sa.Column("aliases", sa.Text, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("minor", sa.Boolean, nullable=False),
        sa.Column("opt_out", sa.Boolean, nullable=False),
        sa.Column("rep_name", sa.Text),
        sa.Column("rep_role", sa.String(16)),
        sa.Column("rep_key_id", sa.String(32)),
        sa.Column("key_ids", sa.Text, nullable=False),
        sa.Column("created_at", _T, nullable=False),
    )
    op.create_table(
        "public_keys",
        sa.Column("key_id", sa.String(32), primary_key=True),
        sa.Column("public_key", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("subject_id", sa.String(128), sa.ForeignKey("subjects.id")),
        sa.Column("name", sa.Text),
        sa.Column("added_at", _T, nullable=False),
    )
    op.create_table(
        "grants",
        sa.Column("id", sa.String(128), primary_key=True),
        sa.Column("subject_id", sa.String(128), sa.ForeignKey("subjects.id"), nullable=False, index=True),
        sa.Column("grant_json", sa.Text, nullable=False),
        sa.Column("signatures_json", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("issued_at", _T, nullable=False),
    )
    op.create_table(
        "revocations",
        sa.Column("grant_id", sa.String(128), sa.ForeignKey("grants.id"), primary_key=True),
        sa.Column("revoked_at", _T, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("revoked_by", sa.Text, nullable=False),
        sa.Column("recorded_at", _T, nullable=False),
    )
    op.create_table(
        "usage_counters",
        sa.Column("grant_id", sa.String(128), sa.ForeignKey("grants.id"), primary_key=True),
        sa.Column("count", sa.Integer, nullable=False),
    )
    op.create_table(
        "adapters",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("subject_id", sa.String(128), sa.ForeignKey("subjects.id"), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("registered_at", _T, nullable=False),
    )
    op.create_table(
        "face_templates",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("subject_id", sa.String(128), sa.ForeignKey("subjects.id"), nullable=False, index=True),
        sa.Column("model", sa.String(128), nullable=False, index=True),
        sa.Column("embedding", sa.LargeBinary, nullable=False),
        sa.Column("dim", sa.Integer, nullable=False),
        sa.Column("photo_sha256", sa.String(64), nullable=False),
        sa.Column("face_size", sa.Integer, nullable=False),
        sa.Column("quality", sa.Float, nullable=False),
        sa.Column("created_at", _T, nullable=False),
    )
    op.create_table(
        "name_exceptions",
        sa.Column("key", sa.String(256), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("added_by", sa.Text, nullable=False),
        sa.Column("added_at", _T, nullable=False),
    )
    op.create_table(
        "outputs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("sha256", sa.String(64), nullable=False, index=True),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("format", sa.String(16), nullable=False),
        sa.Column("manifest_id", sa.Text),
        sa.Column("watermark_payload", sa.String(128), index=True),
        sa.Column("decision_id", sa.String(64), nullable=False),
        sa.Column("grant_ids", sa.Text, nullable=False),
        sa.Column("created_at", _T, nullable=False),
    )
    op.create_table(
        "audit_entries",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("at", _T, nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )


def downgrade() -> None:
    for name in ("audit_head", "audit_entries", "outputs", "name_exceptions", "face_templates", "adapters",
                 "usage_counters", "revocations", "grants", "public_keys", "subjects"):
        op.drop_table(name)
