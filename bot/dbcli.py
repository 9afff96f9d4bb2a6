"""The `giaoviec db` commands: bring the schema to head, compare it with the models."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from bot import texts

if TYPE_CHECKING:
    from bot.wiring import App


def add_parser(sub: argparse._SubParsersAction[Any]) -> None:
    """`db upgrade` and `db check` under the parser's subcommands."""
    p = sub.add_parser("db", help=texts.DB_HELP)
    db_sub = p.add_subparsers(dest="db_command", required=True, metavar=texts.METAVAR_VIEC)
    db_sub.add_parser("upgrade", help=texts.DB_UPGRADE_HELP).set_defaults(func=cmd_db_upgrade)
    db_sub.add_parser("check", help=texts.DB_CHECK_HELP).set_defaults(func=cmd_db_check)


def cmd_db_upgrade(app: App, args: argparse.Namespace) -> int:
    """Migrate the database to head; say from which revision."""
    from knowledge.db import current_revisions, head_revision, make_engine, migrate

    engine = make_engine(app.db_url)
    try:
        before = current_revisions(engine)
        migrate(engine)
    finally:
        engine.dispose()
    head = head_revision()
    if before == {head}:
        app.out.write(texts.DB_ALREADY_AT_HEAD.format(head=head) + "\n")
    elif not before:
        app.out.write(texts.DB_CREATED.format(head=head) + "\n")
    else:
        app.out.write(texts.DB_UPGRADED.format(before=", ".join(sorted(before)), head=head) + "\n")
    return 0


def cmd_db_check(app: App, args: argparse.Namespace) -> int:
    """Exit 0 when the schema is what the models describe, 1 (with each difference) when not."""
    from knowledge.db import SchemaBehind, head_revision, make_engine, schema_differences

    engine = make_engine(app.db_url)
    try:
        differences = schema_differences(engine)
    except SchemaBehind as exc:
        if exc.current:
            current = ", ".join(sorted(exc.current))
            app.err.write(texts.DB_SCHEMA_BEHIND.format(current=current, head=exc.head) + "\n")
        else:
            app.err.write(texts.DB_SCHEMA_EMPTY + "\n")
        return 1
    finally:
        engine.dispose()
    if not differences:
        app.out.write(texts.DB_SCHEMA_MATCHES.format(head=head_revision()) + "\n")
        return 0
    app.err.write(texts.DB_SCHEMA_DIFFERS.format(count=len(differences)) + "\n")
    for change in differences:
        app.err.write(texts.DB_SCHEMA_DIFFERENCE.format(change=change) + "\n")
    return 1
