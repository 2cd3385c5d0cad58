"""Registered checkpoints name their config folder: the local diffusers folder a single-file
checkpoint's component configs and tokenizer are loaded from (never the Hugging Face cache).
The model's digest covers that folder's files as well as the checkpoint, and the signed
``model_registered`` entry names the folder, so an edit of this column fails the registry's
integrity check like an edit of the path. Rows registered before have no config folder
(``NULL``): their signed entries did not name one.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("models") as batch:
        batch.add_column(sa.Column("config", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("models") as batch:
        batch.drop_column("config")
