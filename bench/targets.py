"""Where a bench builds its database: a SQLite file (temporary or kept) or a PostgreSQL schema."""

from __future__ import annotations

import re
import sys
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from knowledge.db import make_engine, normalize_url


@dataclass
class Target:
    """Where the bench database lives, how to clean it up, and whether it is built already."""

    url: str
    cleanup: Callable[[], None]
    label: str
    built: bool = False


def sqlite_target(keep: str | None, reuse: bool, prefix: str = "giaoviec-bench-") -> Target:
    """A kept SQLite file (refused if it exists, unless `reuse`), else a temporary one."""
    if keep:
        path = Path(keep)
        if path.exists() and not reuse:
            sys.exit(f"{path} exists; give a new file, or --reuse to measure over it")
        return Target(f"sqlite:///{path}", lambda: None, f"SQLite {path}", path.exists())
    folder = tempfile.TemporaryDirectory(prefix=prefix)
    path = Path(folder.name) / "bench.db"
    return Target(f"sqlite:///{path}", folder.cleanup, "SQLite (temporary file)")


def postgres_target(url: str, keep_schema: str | None = None, reuse: bool = False) -> Target:
    """A fresh schema on the server (dropped at cleanup), or `keep_schema`, kept for --reuse."""
    admin = make_engine(normalize_url(url))
    schema = keep_schema or f"bench_{uuid.uuid4().hex[:12]}"
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", schema):
        sys.exit(f"schema name {schema!r}: lower-case letters, digits and _ only")
    with admin.begin() as connection:
        exists = connection.scalar(
            text("SELECT count(*) FROM information_schema.schemata WHERE schema_name = :s"),
            {"s": schema},
        )
        if exists and not reuse:
            sys.exit(f"schema {schema} exists; give a new one, or --reuse to measure over it")
        if not exists:
            connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    bench_url = make_url(normalize_url(url)).update_query_dict(
        {"options": f"-csearch_path={schema}"}
    )

    def cleanup() -> None:
        if not keep_schema:
            with admin.begin() as connection:
                connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()

    return Target(
        bench_url.render_as_string(hide_password=False),
        cleanup,
        f"PostgreSQL {make_url(url).render_as_string()} schema {schema}",
        bool(exists),
    )
