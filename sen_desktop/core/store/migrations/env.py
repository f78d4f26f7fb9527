"""Alembic environment: run on the connection that ``database.py`` hands over.

``open_database`` puts an open SQLAlchemy connection (inside a transaction, with
foreign keys off so batch table rebuilds can drop and rename tables) into
``config.attributes["connection"]``. Without one (a developer's autogenerate run),
it connects to ``sqlalchemy.url`` from the config.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from sen_desktop.core.store.migrations import include_name
from sen_desktop.core.store.models import Base

config = context.config


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        # SQLite can alter little in place: batch mode rebuilds tables instead.
        render_as_batch=True,
        include_name=include_name,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite://")
    try:
        with engine.begin() as conn:
            _run(conn)
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise RuntimeError("The store's migrations run online only, against a database file.")
run_migrations_online()
