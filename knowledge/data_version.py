"""The data version: how many committed changes reminders are planned from (revision 0009)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, func, select

from knowledge.models import DataVersionRow, DocumentRow


def data_version(connection: Connection, now: datetime) -> tuple[int, bool]:
    """The version, and whether a document is dated after `now` (a clock set before an
    ingest: its reminders change as the clock passes it, with no change to count).

    One round trip; read it before the data it vouches for, so a change committed in between
    shows as a newer version next time.
    """
    version = select(DataVersionRow.version).where(DataVersionRow.id == 1).scalar_subquery()
    latest = select(func.max(DocumentRow.ingested_at)).scalar_subquery()
    row = connection.execute(select(version, latest)).one()
    newest: datetime | None = row[1]
    if newest is not None and newest.tzinfo is None:  # pragma: no cover - UtcDateTime sets it
        raise ValueError("ingested_at without a time zone")
    return int(row[0] or 0), newest is not None and newest > now
