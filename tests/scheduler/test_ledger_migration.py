"""The reminder ledger's migration builds exactly scheduler/models.py, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect

from knowledge.db import Base, alembic_config
from scheduler import models


def _diff(engine: Engine) -> list[object]:
    ours = models.table_names()

    def include(
        obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
    ) -> bool:
        table = obj if type_ == "table" else getattr(obj, "table", None)
        table_name = name if type_ == "table" else getattr(table, "name", None)
        return table_name in ours

    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": include}
        )
        return list(compare_metadata(context, Base.metadata))


def test_the_ledger_table_matches_its_model(engine: Engine) -> None:
    assert models.table_names() <= set(inspect(engine).get_table_names())
    assert _diff(engine) == []


def test_the_ledger_migration_goes_down_and_up_again(engine: Engine) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0003")
    assert "reminder_ledger" not in inspect(engine).get_table_names()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    assert _diff(engine) == []
