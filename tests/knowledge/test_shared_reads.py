"""Sessions.reading: one connection and one read-only transaction for a question's reads."""

from __future__ import annotations

import pytest
from sqlalchemy import event, func, insert, select, text
from sqlalchemy.exc import DBAPIError

from knowledge.db import Database, among, read_memo
from knowledge.models import UnitRow


def _checkouts(database: Database) -> list[int]:
    counted = [0]

    @event.listens_for(database.engine, "checkout")
    def _count(*_args: object) -> None:
        counted[0] += 1

    return counted


def _units(database: Database) -> int:
    with database.session_factory() as session:
        return int(session.scalar(select(func.count()).select_from(UnitRow)) or 0)


def test_reads_inside_share_one_connection_on_postgres(database: Database) -> None:
    counted = _checkouts(database)
    with database.session_factory.reading():
        for _ in range(4):
            _units(database)
        with database.session_factory.reading():  # nested: the outer one holds
            _units(database)
    postgres = database.engine.dialect.name == "postgresql"
    assert counted[0] == (1 if postgres else 5)
    _units(database)
    assert counted[0] == (2 if postgres else 6)  # outside, sessions take their own again


def test_a_write_inside_fails_on_postgres_rather_than_being_lost(database: Database) -> None:
    row = {"key": "x1", "name": "Phòng X", "name_folded": "phong x", "kind": "phong"}
    if database.engine.dialect.name != "postgresql":
        # SQLite: reading() shares nothing, so a write inside it is an ordinary write
        with database.session_factory.reading(), database.session_factory() as session:
            session.execute(insert(UnitRow).values(**row))
            session.commit()
        assert _units(database) == 1
        return
    with (
        database.session_factory.reading(),
        database.session_factory() as session,
        pytest.raises(DBAPIError),
    ):
        session.execute(insert(UnitRow).values(**row))
    with database.session_factory() as session:
        session.execute(insert(UnitRow).values(**row))
        session.commit()
    assert _units(database) == 1


def test_among_binds_any_number_of_ids_as_one_value(database: Database) -> None:
    with database.session_factory() as session:
        for n in range(3):
            session.execute(
                insert(UnitRow).values(
                    key=f"u{n}", name=f"Phòng {n}", name_folded=f"phong {n}", kind="phong"
                )
            )
        session.commit()
        ids = list(session.scalars(select(UnitRow.id).order_by(UnitRow.id)))
        dialect = database.engine.dialect.name
        wanted = [ids[0], ids[2], *range(10**6, 10**6 + 40_000)]  # past SQLite's IN limit
        found = session.scalars(select(UnitRow.id).where(among(UnitRow.id, wanted, dialect)))
        assert sorted(found) == [ids[0], ids[2]]
        assert (
            list(session.scalars(select(UnitRow.id).where(among(UnitRow.id, [], dialect)))) == []
        )


def test_a_failed_read_fails_the_rest_of_its_scope_and_not_the_next(database: Database) -> None:
    postgres = database.engine.dialect.name == "postgresql"
    with database.session_factory.reading():
        with database.session_factory() as session, pytest.raises(DBAPIError):
            session.execute(text("SELECT * FROM no_such_table"))
        if postgres:  # one transaction: aborted until the scope ends, as one question fails
            with pytest.raises(DBAPIError):
                _units(database)
        else:
            assert _units(database) == 0
    with database.session_factory.reading():
        assert _units(database) == 0
    assert _units(database) == 0


def test_the_read_memo_lives_as_long_as_its_scope(database: Database) -> None:
    postgres = database.engine.dialect.name == "postgresql"
    with database.session_factory() as session:
        assert read_memo(session) is None  # outside a scope nothing is kept
    with database.session_factory.reading():
        with database.session_factory() as session:
            memo = read_memo(session)
            assert (memo is not None) == postgres
            if memo is not None:
                memo["links"] = {1: "kept"}
        with database.session_factory() as session:  # another store's session, same scope
            assert read_memo(session) == ({"links": {1: "kept"}} if postgres else None)
        with database.session_factory(bind=database.engine) as session:  # not the scope's
            assert read_memo(session) is None
    with database.session_factory.reading(), database.session_factory() as session:
        assert read_memo(session) == ({} if postgres else None)  # a new scope starts empty
