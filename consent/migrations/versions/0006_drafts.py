"""Grant drafts signed by the person: drafts, one-time signing links per signer, and the
passkeys (WebAuthn credentials) bound to subjects at their first signing.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_T = sa.String(40)  # RFC 3339 UTC timestamps as text (exact, dialect-independent)


def upgrade() -> None:
    op.create_table(
        "grant_drafts",
        sa.Column("id", sa.String(128), primary_key=True),  # the grant id it becomes
        sa.Column("subject_id", sa.String(128), sa.ForeignKey("subjects.id"), nullable=False),
        sa.Column("grant_json", sa.Text, nullable=False),  # canonical JSON of the unsigned grant
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),  # pending, declined, complete
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("created_at", _T, nullable=False),
        sa.Column("finished_at", _T),
    )
    op.create_index("ix_grant_drafts_subject", "grant_drafts", ["subject_id"])
    op.create_table(
        "draft_signers",
        sa.Column("draft_id", sa.String(128), sa.ForeignKey("grant_drafts.id"), primary_key=True),
        sa.Column("role", sa.String(16), primary_key=True),
        sa.Column("token_sha256", sa.String(64), nullable=False, unique=True),  # the link's secret is never stored
        sa.Column("expires_at", _T, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),  # pending, signed, declined
        sa.Column("used_at", _T),
        sa.Column("signature_json", sa.Text),
        sa.Column("reason", sa.Text),
    )
    op.create_table(
        "passkeys",
        sa.Column("credential_id", sa.String(1400), primary_key=True),  # base64url
        sa.Column("key_id", sa.String(32), nullable=False, unique=True),
        sa.Column("subject_id", sa.String(128), sa.ForeignKey("subjects.id"), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),  # self, guardian, estate, agent
        sa.Column("public_key", sa.Text, nullable=False),  # COSE key, base64
        sa.Column("sign_count", sa.BigInteger, nullable=False),
        sa.Column("rp_id", sa.Text, nullable=False),
        sa.Column("added_at", _T, nullable=False),
    )
    op.create_index("ix_passkeys_subject", "passkeys", ["subject_id"])


def downgrade() -> None:
    op.drop_index("ix_passkeys_subject", table_name="passkeys")
    op.drop_table("passkeys")
    op.drop_table("draft_signers")
    op.drop_index("ix_grant_drafts_subject", table_name="grant_drafts")
    op.drop_table("grant_drafts")
