"""The data version: how many committed changes reminders are planned from (revision 0009)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, func, select

from knowledge.models import DataVersionRow, DocumentRow


def data_version(connection: Connection, now: datetime) -> tuple[int, datetime | None]:
    """The version, and the first ingest dated after `now` (a clock set before an ingest:
    reminders change as the clock passes each such document, with no change to count).

    One round trip, both by index; read it before the data it vouches for, so a change
    committed in between shows as a newer version next time.
    """
    version = select(DataVersionRow.version).where(DataVersionRow.id == 1).scalar_subquery()
    later = (
        select(func.min(DocumentRow.ingested_at)).where(DocumentRow.ingested_at > now)
    ).scalar_subquery()
    row = connection.execute(select(version, later)).one()
    return int(row[0] or 0), row[1]
