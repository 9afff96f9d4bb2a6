"""Migrations build exactly the models, on SQLite and PostgreSQL; engines are set up right."""

from __future__ import annotations

import ast
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, select, text
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import Session, sessionmaker

from knowledge import chats, models
from knowledge.db import (
    MIGRATIONS_DIR,
    MODEL_MODULES,
    SCHEMA_OWNERS,
    Base,
    alembic_config,
    current_revisions,
    head_revision,
    make_engine,
    migrate,
    normalize_url,
    open_database,
    version_locations,
)
from knowledge.models import DocumentRow, UnitAliasRow, UnitRow

CHAT_TABLES = frozenset(
    str(t.__tablename__)
    for t in (
        chats.PersonRow,
        chats.ChatBindingRow,
        chats.ChatMemoryRow,
        chats.BindingRequestRow,
        chats.AccessAuditRow,
    )
)


def _diff(engine: Engine) -> list[object]:
    """Differences between the migrated database and the knowledge models.

    Other packages may put their tables on the same Base; only ours are compared here.
    """
    ours = models.table_names() | CHAT_TABLES

    def include(
        obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
    ) -> bool:
        table = getattr(obj, "table", obj) if type_ != "table" else obj
        table_name = name if type_ == "table" else getattr(table, "name", None)
        return table_name in ours

    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": include}
        )
        return list(compare_metadata(context, Base.metadata))


def _head() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def _current(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def test_models_match_migrations(engine: Engine) -> None:
    assert _diff(engine) == []
    assert _current(engine) == _head()


def test_head_read_from_file_names_is_alembics(engine: Engine) -> None:
    # migrate() skips alembic when the database is at this head: it must be alembic's own
    assert head_revision() == _head()
    assert current_revisions(engine) == {_head()}


def test_migrate_is_idempotent_and_reversible(engine: Engine) -> None:
    migrate(engine)
    assert _current(engine) == _head()

    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    assert models.table_names().isdisjoint(inspect(engine).get_table_names())

    migrate(engine)
    assert _diff(engine) == []


def test_every_knowledge_table_is_created(engine: Engine) -> None:
    assert models.table_names() <= set(inspect(engine).get_table_names())
    assert models.table_names() == {
        "documents",
        "units",
        "unit_aliases",
        "assignments",
        "assignment_units",
        "assignment_occurrences",
        "app_state",
        "data_version",
    }


def test_foreign_keys_and_unique_folded_aliases_are_enforced(
    session_factory: sessionmaker[Session],
) -> None:
    with pytest.raises(IntegrityError), session_factory() as session, session.begin():
        session.add(UnitAliasRow(unit_id=999, alias="x", alias_folded="x"))
    with session_factory() as session, session.begin():
        unit = UnitRow(key="a", name="A", name_folded="a", kind="phong", members=[])
        session.add(unit)
        session.flush()
        session.add(UnitAliasRow(unit_id=unit.id, alias="Phòng A", alias_folded="phong a"))
    with pytest.raises(IntegrityError), session_factory() as session, session.begin():
        session.add(UnitAliasRow(unit_id=unit.id, alias="PHÒNG A", alias_folded="phong a"))


def _document(**overrides: object) -> DocumentRow:
    fields: dict[str, object] = {
        "source_name": "a.txt",
        "source_format": "txt",
        "content_sha256": "0" * 64,
        "text": "t",
        "text_folded": "t",
        "recipients": [],
        "ingested_at": datetime(2023, 3, 1, 9, 0, tzinfo=timezone(timedelta(hours=7))),
    }
    fields.update(overrides)
    return DocumentRow(**fields)


def test_instants_come_back_timezone_aware_in_utc(session_factory: sessionmaker[Session]) -> None:
    with session_factory() as session, session.begin():
        session.add(_document())
    with session_factory() as session:
        stored = session.scalar(select(DocumentRow.ingested_at))
    assert stored == datetime(2023, 3, 1, 2, 0, tzinfo=UTC)
    assert stored.utcoffset() == timedelta(0)


def test_naive_instants_are_refused(session_factory: sessionmaker[Session]) -> None:
    with session_factory() as session:
        session.add(_document(ingested_at=datetime(2023, 3, 1, 9, 0)))
        with pytest.raises(StatementError, match="naive"):
            session.flush()


def test_sqlite_file_gets_its_folder_foreign_keys_and_wal(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "giaoviec.db"
    database = open_database(f"sqlite:///{path}")
    try:
        assert path.exists()
        with database.engine.connect() as connection:
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        # opening again migrates nothing and keeps the data
        with database.session_factory() as session, session.begin():
            session.add(UnitRow(key="k", name="K", name_folded="k", kind="phong", members=[]))
    finally:
        database.dispose()
    again = open_database(f"sqlite:///{path}")
    try:
        with again.session_factory() as session:
            assert session.scalar(select(UnitRow.key)) == "k"
    finally:
        again.dispose()


def test_in_memory_sqlite_is_one_shared_database() -> None:
    database = open_database("sqlite://")
    try:
        with database.session_factory() as session, session.begin():
            session.add(UnitRow(key="k", name="K", name_folded="k", kind="phong", members=[]))
        with database.session_factory() as session:
            assert session.scalar(select(UnitRow.key)) == "k"
    finally:
        database.dispose()


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgresql://u:p@h:5432/d", "postgresql+psycopg://u:p@h:5432/d"),
        ("postgres://u@h/d", "postgresql+psycopg://u@h/d"),
        ("postgresql+psycopg://u@h/d", "postgresql+psycopg://u@h/d"),
        ("sqlite:///data/giaoviec.db", "sqlite:///data/giaoviec.db"),
    ],
)
def test_plain_postgres_urls_get_the_psycopg_driver(given: str, expected: str) -> None:
    assert normalize_url(given) == expected


def test_plain_postgres_url_builds_a_psycopg_engine_without_connecting() -> None:
    engine = make_engine("postgresql://postgres@127.0.0.1:1/none")
    try:
        assert engine.dialect.name == "postgresql"
        assert engine.dialect.driver == "psycopg"
    finally:
        engine.dispose()


def test_the_migration_environment_lives_inside_the_package() -> None:
    assert Path(models.__file__).parent / "migrations" == MIGRATIONS_DIR
    assert (MIGRATIONS_DIR / "env.py").is_file()
    assert (MIGRATIONS_DIR / "script.py.mako").is_file()
    assert alembic_config().config_file_name is None  # no alembic.ini needed at run time


def test_groups_bound_by_their_own_admins_wait_for_the_office_after_upgrade(
    engine: Engine,
) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0005")
    now = datetime(2023, 3, 3, tzinfo=UTC)
    with engine.begin() as connection:
        unit = connection.execute(
            text(
                "INSERT INTO units (key, name, name_folded, kind, level, registered, members) "
                "VALUES ('phong-noi-vu', 'Phòng Nội vụ', 'phong noi vu', 'phong', 'huyen', "
                "true, '[]') "
                "RETURNING id"
            )
        ).scalar_one()
        connection.execute(
            text(
                "INSERT INTO people (platform, user_id, display_name, role, registration, "
                "created_at, updated_at) VALUES ('telegram', '1', 'Văn phòng', 'admin', 'none', "
                ":now, :now)"
            ),
            {"now": now},
        )
        for chat_id, kind, by in (
            ("-1", "group", "telegram:4"),  # a group bound by its own admin: not trusted
            ("-2", "group", "telegram:1"),  # by an office admin
            ("-3", "group", "cli"),  # by the operator
            ("5", "private", "telegram:4"),
        ):
            connection.execute(
                text(
                    "INSERT INTO chat_bindings (platform, chat_id, kind, title, unit_id, active, "
                    "bound_by, bound_at, changed_at) VALUES ('telegram', :chat, :kind, 'Nhóm', "
                    ":unit, true, :by, :now, :now)"
                ),
                {"chat": chat_id, "kind": kind, "unit": unit, "by": by, "now": now},
            )
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    with engine.connect() as connection:
        bound = connection.execute(text("SELECT chat_id FROM chat_bindings ORDER BY chat_id"))
        assert sorted(r[0] for r in bound) == ["-2", "-3", "5"]
        (request,) = connection.execute(
            text("SELECT chat_id, state, requested_by, unit_id FROM chat_binding_requests")
        ).all()
        assert tuple(request) == ("-1", "pending", "telegram:4", unit)


def test_autogenerate_through_env_finds_no_difference(engine: Engine) -> None:
    # what `alembic revision --autogenerate` would see: every package's models, no FTS tables
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.check(config)  # raises AutogenerateDiffsDetected on any difference


def test_every_table_owning_module_is_named_for_the_environment() -> None:
    root = Path(models.__file__).resolve().parent.parent
    owners = set()
    for package in SCHEMA_OWNERS:
        for path in sorted((root / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            if any(
                isinstance(node, ast.ClassDef)
                and any(getattr(base, "id", None) == "Base" for base in node.bases)
                for node in ast.walk(tree)
            ):
                owners.add(".".join(path.relative_to(root).with_suffix("").parts))
    assert owners == set(MODEL_MODULES)


def test_each_owner_keeps_its_revisions_in_one_chain() -> None:
    folders = version_locations()
    assert [f.parent.parent.name for f in folders] == list(SCHEMA_OWNERS)
    script = ScriptDirectory.from_config(alembic_config())
    assert len(script.get_heads()) == 1
    ledger = script.get_revision("0004")
    assert ledger is not None
    assert Path(ledger.path).parent == folders[SCHEMA_OWNERS.index("scheduler")]
    chain = [r.revision for r in script.walk_revisions()]
    assert chain == sorted(chain, reverse=True) == [f"{n:04d}" for n in range(11, 0, -1)]
