"""`giaoviec db upgrade` and `giaoviec db check` through the real entry point, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pytest
from alembic import command
from sqlalchemy import Column, Integer, MetaData, String, Table

from bot.cli import main
from knowledge.db import NAMING_CONVENTION, Base, alembic_config, head_revision, make_engine


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


def run(db_url: str, *argv: str) -> Run:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--db", db_url, "db", *argv], out=out, err=err)
    return Run(code, out.getvalue(), err.getvalue())


def upgraded(db_url: str) -> str:
    result = run(db_url, "upgrade")
    assert result.code == 0, result.err
    return db_url


def models_copy() -> MetaData:
    """Every model's table in a metadata of its own: changing it leaves Base as it is."""
    import scheduler.models  # noqa: F401

    copy = MetaData(naming_convention=NAMING_CONVENTION)
    for table in Base.metadata.sorted_tables:
        table.to_metadata(copy)
    return copy


def test_a_fresh_database_upgraded_matches_the_models(db_url: str) -> None:
    fresh = run(db_url, "check")
    assert fresh.code == 1
    assert "chưa có lược đồ" in fresh.err
    assert "giaoviec db upgrade" in fresh.err

    first = run(db_url, "upgrade")
    assert first.code == 0, first.err
    assert first.out == f"Đã tạo cơ sở dữ liệu, phiên bản {head_revision()}.\n"
    again = run(db_url, "upgrade")
    assert again.code == 0
    assert "đã ở phiên bản mới nhất" in again.out

    checked = run(db_url, "check")
    assert (checked.code, checked.err) == (0, "")
    assert (
        checked.out == f"Lược đồ cơ sở dữ liệu khớp với mô hình (phiên bản {head_revision()}).\n"
    )


def test_a_column_added_to_a_model_without_a_migration_fails_the_check(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    upgraded(db_url)
    changed = models_copy()
    changed.tables["units"].append_column(Column("budget_note", String(200)))
    monkeypatch.setattr(Base, "metadata", changed)

    result = run(db_url, "check")
    assert result.code == 1
    assert "KHÁC với mô hình ở 1 chỗ" in result.err
    assert "  - add_column units.budget_note\n" in result.err
    assert result.out == ""


def test_a_model_table_no_migration_creates_fails_the_check(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    upgraded(db_url)
    changed = models_copy()
    Table("unit_budgets", changed, Column("id", Integer, primary_key=True))
    monkeypatch.setattr(Base, "metadata", changed)

    result = run(db_url, "check")
    assert result.code == 1
    assert "  - add_table unit_budgets\n" in result.err


def test_the_checked_models_are_the_real_ones_and_the_copy_leaves_them_alone(db_url: str) -> None:
    upgraded(db_url)
    models_copy().tables["units"].append_column(Column("budget_note", String(200)))
    assert "budget_note" not in Base.metadata.tables["units"].c
    assert run(db_url, "check").code == 0


def test_the_scheduler_tables_are_compared_too(db_url: str) -> None:
    # the ledger's index dropped by hand: env.py must see scheduler.models to notice
    upgraded(db_url)
    engine = make_engine(db_url)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql("DROP INDEX ix_reminder_ledger_updated_at")
    finally:
        engine.dispose()

    result = run(db_url, "check")
    assert result.code == 1
    assert "  - add_index reminder_ledger.ix_reminder_ledger_updated_at\n" in result.err


def test_a_database_behind_the_newest_revision_is_told_to_upgrade(db_url: str) -> None:
    upgraded(db_url)
    engine = make_engine(db_url)
    config = alembic_config()
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0005")
    finally:
        engine.dispose()

    behind = run(db_url, "check")
    assert behind.code == 1
    assert "đang ở phiên bản 0005" in behind.err

    result = run(db_url, "upgrade")
    assert result.code == 0
    assert result.out == f"Đã nâng cấp cơ sở dữ liệu từ phiên bản 0005 lên {head_revision()}.\n"
    assert run(db_url, "check").code == 0
