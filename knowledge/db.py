"""Database plumbing: the declarative Base, engines for SQLite and PostgreSQL, Alembic migrate."""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    DateTime,
    Dialect,
    Engine,
    Integer,
    MetaData,
    String,
    any_,
    bindparam,
    create_engine,
    event,
    func,
    inspect,
    select,
    text,
)
from sqlalchemy.engine import make_url
from sqlalchemy.orm import DeclarativeBase, InstrumentedAttribute, Session, sessionmaker
from sqlalchemy.pool import StaticPool
from sqlalchemy.types import TypeDecorator

from knowledge.schema_snapshot import SCHEMA_OWNERS as SCHEMA_OWNERS
from knowledge.schema_snapshot import (
    SNAPSHOT_PATH,
    create_from_snapshot,
    dump_sqlite_schema,
    render_snapshot,
)
from knowledge.schema_snapshot import head_revision as head_revision
from knowledge.schema_snapshot import version_locations as version_locations
from knowledge.store_keys import MAX_ID as MAX_ID
from knowledge.store_keys import is_row_id as is_row_id
from knowledge.store_keys import parse_id as parse_id

if TYPE_CHECKING:  # alembic (with mako and pygments) loads only when a migration must run
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
MODEL_MODULES = (
    "knowledge.models",
    "knowledge.chat_models",
    "knowledge.progress_models",
    "scheduler.models",
    "scheduler.send_budget",
)
# Full-text objects made by raw SQL in revision 0002 (no model can describe them): the FTS5
# table with its vocabulary and shadow tables on SQLite, the tsvector table on PostgreSQL.
FULL_TEXT_TABLES = re.compile(r"assignment_fts(_\w+)?|assignment_search")
SQLITE_BUSY_TIMEOUT_S = 30.0
# Fixed constraint names keep migrations reproducible and let SQLite batch mode find them.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """The one declarative base every table of the project hangs off."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UtcDateTime(TypeDecorator[datetime]):
    """An instant stored in UTC; always returned timezone-aware, even from SQLite."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Refuse naive datetimes: their zone is a guess, and guesses become wrong reminders."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        # SQLite has no zone type; store naive UTC so text comparison orders correctly.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Attach UTC to what SQLite returns naive; normalise PostgreSQL's zone to UTC."""
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utc_now() -> datetime:
    """The current instant, timezone-aware, in UTC."""
    return datetime.now(UTC)


def among(
    column: ColumnElement[int] | InstrumentedAttribute[int], ids: Sequence[int], dialect: str
) -> ColumnElement[bool]:
    """`column` is one of `ids`, bound as one value however many they are: a JSON array on
    SQLite, an array on PostgreSQL. An IN list binds a parameter per id, and rendering and
    adapting thousands of them costs more than running the query."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import ARRAY

        return column == any_(bindparam(None, list(ids), type_=ARRAY(Integer)))
    if dialect == "sqlite":
        array = bindparam(None, json.dumps(list(ids)), type_=String)
        return column.in_(select(func.json_each(array).table_valued("value").c.value))
    return column.in_(list(ids))


def normalize_url(url: str) -> str:
    """Rewrite a plain `postgresql://` (or `postgres://`) URL to use the psycopg 3 driver."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def is_sqlite_memory(database: str | None) -> bool:
    """A SQLite URL's database part names an in-memory database (one process sees it)."""
    return database in (None, "", ":memory:") or (database or "").startswith("file::memory:")


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """An Engine for a SQLite file (created with its folder) or a PostgreSQL server.

    SQLite gets foreign keys, WAL and a busy timeout; an in-memory SQLite database shares one
    connection so every session sees the same data.
    """
    sa_url = make_url(normalize_url(url))
    if sa_url.get_backend_name() != "sqlite":
        return create_engine(sa_url, echo=echo, pool_pre_ping=True)

    kwargs: dict[str, Any] = {"connect_args": {"timeout": SQLITE_BUSY_TIMEOUT_S}}
    memory = is_sqlite_memory(sa_url.database)
    if memory:
        kwargs["poolclass"] = StaticPool
        kwargs["connect_args"]["check_same_thread"] = False
    else:
        Path(str(sa_url.database)).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(sa_url, echo=echo, **kwargs)

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA foreign_keys=ON")
            if not memory:
                # WAL lets the bot read while an ingest writes; with WAL, NORMAL sync cannot
                # corrupt the file and saves an fsync per commit.
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")
        finally:
            cursor.close()

    return engine


class Sessions(sessionmaker[Session]):
    """A session factory whose sessions, inside `reading()`, share one connection.

    Answering a question runs a few small queries from several stores, each in a session of
    its own: on PostgreSQL each session took a pooled connection (pinged), began and rolled
    back a transaction, three round trips besides its queries.
    """

    def __init__(self, engine: Engine) -> None:
        # objects stay readable after commit so views can be built from them
        super().__init__(bind=engine, expire_on_commit=False)
        self._engine = engine
        self._shared: ContextVar[Connection | None] = ContextVar("shared_reads", default=None)

    def __call__(self, **local_kw: Any) -> Session:
        """A new session; inside `reading()`, on that read-only connection and transaction."""
        shared = self._shared.get()
        if shared is not None and "bind" not in local_kw:
            local_kw = {**local_kw, "bind": shared, "join_transaction_mode": "rollback_only"}
        return super().__call__(**local_kw)

    @contextmanager
    def reading(self) -> Iterator[None]:
        """On PostgreSQL, sessions made inside (in this thread or task) read through one
        connection, in one read-only transaction (a write fails rather than being lost),
        rolled back at the end; nested, the outer one holds. A statement that fails aborts
        the transaction, so the scope's later reads fail too: for work that lets a database
        error end it (answering a question), not for work that catches one and goes on.
        SQLite has no round trips to save, and an in-memory database's one connection is
        everyone's: nothing changes there."""
        if self._shared.get() is not None or self._engine.dialect.name != "postgresql":
            yield
            return
        with self._engine.connect() as connection:
            # BEGIN READ ONLY: one statement, not BEGIN and then SET TRANSACTION
            connection = connection.execution_options(postgresql_readonly=True)
            # Begun here, so that each session joins it rather than beginning and rolling
            # back one of its own
            transaction = connection.begin()
            token = self._shared.set(connection)
            memo_token = _READ_MEMO.set((connection, {}))
            try:
                yield
            finally:
                _READ_MEMO.reset(memo_token)
                self._shared.reset(token)
                transaction.rollback()


# For Core reads whose rows are read by position or name, never keyed by Column objects:
# SQLAlchemy then need not map a cached statement's columns to each new statement's (the ORM
# skips it too), which built a comparison expression per column, about 0.4 ms a question.
POSITIONAL_ROWS: dict[str, Any] = {"_result_disable_adapt_to_context": True}


# What a reading scope read once and may reuse, by its connection (a session of another
# database inside the scope has another bind and sees none).
_READ_MEMO: ContextVar[tuple[Connection, dict[str, Any]] | None] = ContextVar(
    "read_memo", default=None
)


def read_memo(session: Session) -> dict[str, Any] | None:
    """A dict that lives as long as the `Sessions.reading()` scope `session` reads in (one
    question, one read-only transaction, so rows read once need not be read again), or None
    outside one (and on SQLite, where the scope shares nothing)."""
    scope = _READ_MEMO.get()
    if scope is None or session.get_bind() is not scope[0]:
        return None
    return scope[1]


# The scope of writes that decide on what the store holds: documents (is this a correction?)
# and units (is this unit stored yet?). One writer at a time on both databases.
STORE_WRITES = "store"


def write_lock(session: Session, scope: str | None = None) -> None:
    """On SQLite take the write lock first: one writer at a time, decided on what it read under
    the lock, and no upgrade deadlock (BEGIN IMMEDIATE). pysqlite opens transactions lazily, so
    BEGIN IMMEDIATE issued as the session's first statement becomes the transaction SQLAlchemy
    commits.

    With `scope`, PostgreSQL too lets one writer of that scope at a time through: a
    transaction advisory lock, released at commit or rollback. Each later statement reads
    what the writer before committed (READ COMMITTED), so a decision such as "this notice
    corrects the live version" is made on the latest data. Without `scope` PostgreSQL needs
    nothing here (the ledger's writes are guarded row by row)."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    elif scope is not None:
        key = int.from_bytes(hashlib.sha256(f"giaoviec:{scope}".encode()).digest()[:8], "big")
        connection.exec_driver_sql(
            "SELECT pg_advisory_xact_lock(%(key)s)", {"key": key - (1 << 63)}
        )


def make_session_factory(engine: Engine) -> Sessions:
    """A session factory; objects stay readable after commit so views can be built from them."""
    return Sessions(engine)


def alembic_config() -> Config:
    """The Alembic configuration, built in code so no alembic.ini is needed at run time."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # The separator is set explicitly: paths may hold spaces, never a newline.
    config.set_main_option("path_separator", "newline")
    config.set_main_option(
        "version_locations", "\n".join(str(folder) for folder in version_locations())
    )
    return config


def current_revisions(engine: Engine) -> set[str]:
    """The revisions the database says it is at; empty for a new database."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return set()
        return set(connection.scalars(text("SELECT version_num FROM alembic_version")))


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the database up to `revision` (default head); running it again changes nothing.

    A database already at head is told by one query, without loading alembic: opening the
    store is part of every command's start-up.
    """
    if revision == "head" and current_revisions(engine) == {head_revision()}:
        return
    from alembic import command

    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


class SchemaBehind(Exception):
    """The database is not at the newest revision, so comparing it with the models says nothing."""

    def __init__(self, current: set[str], head: str) -> None:
        super().__init__(f"database at {sorted(current) or 'no revision'}, head is {head}")
        self.current = current
        self.head = head


def schema_differences(engine: Engine) -> list[str]:
    """What `alembic revision --autogenerate` would write for this database, one line a change.

    Runs Alembic's check through migrations/env.py, so every model and the full-text exclusions
    count exactly as they would for a new revision; empty when schema and models agree. A
    database behind the newest revision raises SchemaBehind.
    """
    head = head_revision()
    current = current_revisions(engine)
    if current != {head}:
        raise SchemaBehind(current, head)
    from alembic import command
    from alembic.util import AutogenerateDiffsDetected

    config = alembic_config()
    config.stdout = io.StringIO()  # alembic's own "No new upgrade operations" line, in English
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        try:
            command.check(config)
        except AutogenerateDiffsDetected as exc:
            return [describe_difference(diff) for diff in exc.diffs]
    return []


def describe_difference(diff: Any) -> str:
    """One autogenerate difference as "operation table.name"; a column's changes come as a list."""
    if isinstance(diff, list):
        return "; ".join(describe_difference(part) for part in diff)
    operation, *rest = diff
    if operation.startswith("modify_"):  # (op, schema, table, column, ...)
        return f"{operation} {rest[1]}.{rest[2]}"
    tables = [part for part in rest if isinstance(part, str)]  # (op, schema, table, column)
    obj = next(part for part in rest if part is not None and not isinstance(part, str))
    name = getattr(obj, "name", None)
    table = tables[-1] if tables else getattr(getattr(obj, "table", None), "name", None)
    if name is None or name == table:
        return f"{operation} {table or name}"
    return f"{operation} {table}.{name}" if table else f"{operation} {name}"


# What a batch of documents fills: the planner's statistics of these go stale first.
BULK_LOADED_TABLES = (
    "documents",
    "assignments",
    "assignment_units",
    "assignment_occurrences",
    "units",
    "unit_aliases",
    "assignment_search",
)


def analyze_after_bulk_load(engine: Engine) -> bool:
    """Refresh PostgreSQL's planner statistics of the tables a batch of documents fills;
    whether it ran.

    A schema filled without statistics is planned as if empty: on a server with autovacuum
    off (or not yet run) ingest slowed fivefold per thousand documents and searches chose
    sequential scans. SQLite is left as it is: its queries are written for its default plans.
    """
    if engine.dialect.name != "postgresql":
        return False
    with engine.begin() as connection:
        connection.exec_driver_sql("ANALYZE " + ", ".join(BULK_LOADED_TABLES))
    return True


@dataclass(frozen=True)
class Database:
    """An opened, migrated database: its engine and a session factory bound to it."""

    engine: Engine
    session_factory: Sessions

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


def open_database(url: str, *, echo: bool = False) -> Database:
    """Open (and migrate to head) the database at `url`.

    A new SQLite database is made from the schema snapshot in one transaction instead of running
    every revision (see knowledge.schema_snapshot); anything else migrates through Alembic.
    """
    engine = make_engine(url, echo=echo)
    if not create_from_snapshot(engine, head_revision()):
        migrate(engine)
    return Database(engine=engine, session_factory=make_session_factory(engine))


def build_sqlite_snapshot() -> str:
    """The schema snapshot's text: every revision run on an in-memory SQLite, then dumped."""
    engine = make_engine("sqlite://")
    try:
        migrate(engine)
        raw = engine.raw_connection()
        try:
            statements = dump_sqlite_schema(raw.driver_connection)  # type: ignore[arg-type]
        finally:
            raw.close()
    finally:
        engine.dispose()
    return render_snapshot(head_revision(), statements)


def write_sqlite_snapshot() -> None:
    """Rewrite the schema snapshot after a new revision (a test says when it is due)."""
    SNAPSHOT_PATH.write_text(build_sqlite_snapshot(), encoding="utf-8")
