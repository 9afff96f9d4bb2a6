"""Shared fixtures: a migrated database on SQLite and on PostgreSQL for every storage test."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from knowledge.db import Database, make_engine, normalize_url, open_database

PG_URL_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
DB_KINDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def pg_base_url() -> str:
    return normalize_url(os.environ.get("GIAOVIEC_TEST_PG_URL", PG_URL_DEFAULT))


@pytest.fixture(scope="session")
def pg_admin() -> Iterator[Engine | str]:
    """An engine on the test PostgreSQL server, or why there is none."""
    url = make_url(pg_base_url()).update_query_dict({"connect_timeout": "3"})
    engine = make_engine(url.render_as_string(hide_password=False))
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
    except Exception as exc:  # any driver or network error means "unreachable"
        engine.dispose()
        yield f"PostgreSQL at {make_url(pg_base_url()).render_as_string()} unreachable: {exc}"
        return
    yield engine
    engine.dispose()


def _require_postgres(pg_admin: Engine | str) -> Engine:
    if isinstance(pg_admin, str):
        required = (os.environ.get(name, "") for name in ("CI", "GIAOVIEC_REQUIRE_POSTGRES"))
        if any(value.strip().lower() not in ("", "0", "false", "no") for value in required):
            pytest.fail(f"{pg_admin} (CI is set, so PostgreSQL tests must run)")
        pytest.skip(f"{pg_admin}; set GIAOVIEC_TEST_PG_URL or start the server")
    return pg_admin


@pytest.fixture
def pg_server_url(pg_admin: Engine | str) -> str:
    """The test server's URL, for a tool that makes and drops a schema of its own (a bench)."""
    _require_postgres(pg_admin)
    return pg_base_url()


@pytest.fixture(params=DB_KINDS)
def db_url(
    request: pytest.FixtureRequest, tmp_path: Path, pg_admin: Engine | str
) -> Iterator[str]:
    """A URL of an empty database: a SQLite file, or a fresh PostgreSQL schema of its own."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'db' / 'giaoviec.db'}"
        return
    admin = _require_postgres(pg_admin)
    schema = f"test_{uuid.uuid4().hex[:16]}"
    with admin.begin() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    url = make_url(pg_base_url()).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
def database(db_url: str) -> Iterator[Database]:
    """A database migrated to head; disposed before its schema or file goes away."""
    db = open_database(db_url)
    try:
        yield db
    finally:
        db.dispose()


@pytest.fixture
def engine(database: Database) -> Engine:
    return database.engine


@pytest.fixture
def session_factory(database: Database) -> sessionmaker[Session]:
    return database.session_factory
