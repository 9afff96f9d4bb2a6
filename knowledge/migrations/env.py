"""Alembic environment: migrates the connection knowledge.db.migrate hands over, or a URL."""

from __future__ import annotations

from importlib import import_module

from alembic import context
from sqlalchemy import Connection

from knowledge.db import FULL_TEXT_TABLES, MODEL_MODULES, Base, make_engine

# Every package's models join Base when imported; by name, since the scheduler's tables are
# compared here too and knowledge may not import a layer above it.
for _module in MODEL_MODULES:
    import_module(_module)

target_metadata = Base.metadata


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Leave out the full-text tables: raw SQL builds them, no model describes them."""
    return not (type_ == "table" and name is not None and FULL_TEXT_TABLES.fullmatch(name))


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things; batch mode copies the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run against the connection in the config's attributes, else the configured URL."""
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("set sqlalchemy.url (alembic -x is not used) or pass a connection")
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            _run(conn)
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise RuntimeError("offline (--sql) migrations are not supported")
run_migrations_online()
