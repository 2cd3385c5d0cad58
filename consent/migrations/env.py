"""Alembic environment: runs on the connection the Registry passes in ``config.attributes``.

Used programmatically (``Registry._migrate``); for the command line, set ``sqlalchemy.url``
in an ``alembic.ini`` whose ``script_location`` points at this folder.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

config = context.config
connection = config.attributes.get("connection")

if connection is not None:
    context.configure(connection=connection, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
else:  # pragma: no cover - command-line use
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("sqlalchemy.url is not set; expected a database URL in alembic.ini")
    with create_engine(url).begin() as conn:
        context.configure(connection=conn, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
