"""Progress rows read into values, and the snapshots the reminder planner reads."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    Row,
    func,
    null,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from knowledge.db import POSITIONAL_ROWS, among
from knowledge.progress_models import (
    ExtensionRow,
    ProgressAuditRow,
    ProgressReportRow,
)
from knowledge.progress_status import (
    _ID_CHUNK,
    VIETNAM,
    Actor,
    AuditEntry,
    Confirmation,
    Extension,
    ExtensionState,
    ProgressReport,
    ProgressSnapshot,
    ProgressState,
)


def _actor(platform: str | None, user_id: str | None, name: str | None) -> Actor | None:
    if platform is None or user_id is None:
        return None
    return Actor(platform, user_id, name or "")


class _Columns:
    """One side of a UNION ALL row, read by its table's column names as _report and
    _extension read a row."""

    def __init__(self, columns: Sequence[Any], values: Sequence[Any]) -> None:
        self._values = {column.name: value for column, value in zip(columns, values, strict=True)}

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None


# Value -> member, looked up per stored row (calling the Enum costs several times more).
_STATES = {s.value: s for s in ProgressState}
_CONFIRMATIONS = {c.value: c for c in Confirmation}
_EXTENSION_STATES = {s.value: s for s in ExtensionState}


def _report(row: ProgressReportRow | Row[Any] | _Columns) -> ProgressReport:
    """A report from its ORM row or a Core row of the same columns."""
    return ProgressReport(
        id=row.id,
        assignment_id=row.assignment_id,
        occurrence=row.occurrence,
        state=_STATES[row.state],
        percent=row.percent,
        note=row.note or "",
        completed_on=row.completed_on,
        evidence_number=row.evidence_number,
        evidence_file=row.evidence_file,
        reason=row.reason,
        reported_at=row.reported_at,
        reported_by=Actor(row.actor_platform, row.actor_user_id, row.actor_name, row.chat_id),
        confirmation=_CONFIRMATIONS[row.confirmation],
        confirmed_at=row.confirmed_at,
        confirmed_by=_actor(
            row.confirmed_by_platform, row.confirmed_by_user_id, row.confirmed_by_name
        ),
        confirmation_note=row.confirmation_note,
    )


def _extension(row: ExtensionRow | Row[Any] | _Columns, zone: ZoneInfo) -> Extension:
    """An extension request from its ORM row or a Core row of the same columns."""
    return Extension(
        id=row.id,
        assignment_id=row.assignment_id,
        occurrence=row.occurrence,
        previous_due=row.previous_due,
        proposed_due=row.proposed_due,
        reason=row.reason or "",
        state=_EXTENSION_STATES[row.state],
        requested_at=row.requested_at,
        requested_on=row.requested_at.astimezone(zone).date(),
        requested_by=Actor(
            row.requester_platform, row.requester_user_id, row.requester_name, row.chat_id
        ),
        decided_at=row.decided_at,
        decided_on=row.decided_at.astimezone(zone).date() if row.decided_at else None,
        decided_by=_actor(row.decider_platform, row.decider_user_id, row.decider_name),
        approved_due=row.approved_due,
        decision_note=row.decision_note,
    )


def _audit(row: ProgressAuditRow) -> AuditEntry:
    return AuditEntry(
        id=row.id,
        at=row.at,
        assignment_id=row.assignment_id,
        occurrence=row.occurrence,
        actor=Actor(row.actor_platform, row.actor_user_id, row.actor_name, row.chat_id),
        action=row.action,
        before=row.before,
        after=row.after,
        accepted=row.accepted,
        refusal=row.refusal,
    )


def _json_value(value: object) -> object:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return value.value
    return value


def _report_json(report: ProgressReport) -> dict[str, Any]:
    fields = {
        "state": report.state,
        "percent": report.percent,
        "note": report.note,
        "completed_on": report.completed_on,
        "evidence_number": report.evidence_number,
        "evidence_file": report.evidence_file,
        "reason": report.reason,
        "confirmation": report.confirmation,
    }
    if report.occurrence is not None:
        fields["occurrence"] = report.occurrence
    return {k: _json_value(v) for k, v in fields.items() if v is not None and v != ""}


def _extension_json(extension: Extension) -> dict[str, Any]:
    fields = {
        "id": extension.id,
        "occurrence": extension.occurrence,
        "previous_due": extension.previous_due,
        "proposed_due": extension.proposed_due,
        "reason": extension.reason,
        "state": extension.state,
        "approved_due": extension.approved_due,
        "decision_note": extension.decision_note,
    }
    return {k: _json_value(v) for k, v in fields.items() if v is not None and v != ""}


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), _ID_CHUNK):
        yield ids[start : start + _ID_CHUNK]


@functools.cache
def _union_sides() -> tuple[list[Any], list[Any], list[Any], list[Any]]:
    """The two tables' columns, and the select lists of each side of load_snapshots' UNION
    ALL: each side's columns typed NULL on the other side, so each is read as its own type.
    Built once (a few dozen casts and labels per call cost more than the round trip saved)."""
    reports = list(ProgressReportRow.__table__.columns)
    extensions = list(ExtensionRow.__table__.columns)
    no_report = [null().cast(c.type).label(f"r_{c.name}") for c in reports]
    no_extension = [null().cast(c.type).label(f"e_{c.name}") for c in extensions]
    report_side = [*(c.label(f"r_{c.name}") for c in reports), *no_extension]
    extension_side = [*no_report, *(c.label(f"e_{c.name}") for c in extensions)]
    return reports, extensions, report_side, extension_side


def load_snapshots(
    session: Session, assignment_ids: Iterable[int] | None, zone: ZoneInfo = VIETNAM
) -> dict[int, ProgressSnapshot]:
    """Snapshots of the assignments given (None: every assignment with any progress).

    One query per chunk of ids: the latest report per (assignment, occurrence) and the
    extension requests, side by side in one UNION ALL (a question reads both for a page: on
    PostgreSQL a round trip less); plain column rows, not ORM objects (a report over 100,000
    assignments reads tens of thousands of them).
    """
    connection = session.connection()  # plain column rows: no ORM row processing
    report_columns, extension_columns, report_side, extension_side = _union_sides()
    width = len(report_columns)
    reports: dict[tuple[int, date | None], ProgressReport] = {}
    extensions: dict[tuple[int, date | None], list[Extension]] = {}
    groups: list[Sequence[int] | None]
    groups = list(_chunks(sorted(set(assignment_ids)))) if assignment_ids is not None else [None]
    for ids in groups:
        latest = select(func.max(ProgressReportRow.id)).group_by(
            ProgressReportRow.assignment_id, ProgressReportRow.occurrence
        )
        ext_stmt = select(*extension_side)
        if ids is not None:
            dialect = connection.dialect.name
            latest = latest.where(among(ProgressReportRow.assignment_id, ids, dialect))
            ext_stmt = ext_stmt.where(among(ExtensionRow.assignment_id, ids, dialect))
        report_stmt = select(*report_side).where(
            ProgressReportRow.id.in_(latest.scalar_subquery())
        )
        read_extensions: list[Extension] = []
        for row in connection.execute(
            union_all(report_stmt, ext_stmt), execution_options=POSITIONAL_ROWS
        ):
            if row[0] is not None:
                report = _report(_Columns(report_columns, row[:width]))
                reports[(report.assignment_id, report.occurrence)] = report
            else:
                read_extensions.append(_extension(_Columns(extension_columns, row[width:]), zone))
        # oldest first in each list, as ordering the statement by id had them
        for ext in sorted(read_extensions, key=lambda e: e.id):
            extensions.setdefault((ext.assignment_id, ext.occurrence), []).append(ext)
    keys = set(reports) | set(extensions)
    by_assignment: dict[int, list[date]] = {}
    for assignment_id, occurrence in keys:
        dates = by_assignment.setdefault(assignment_id, [])
        if occurrence is not None:
            dates.append(occurrence)
    out: dict[int, ProgressSnapshot] = {}
    for assignment_id, dates in by_assignment.items():
        out[assignment_id] = ProgressSnapshot(
            assignment_id,
            None,
            reports.get((assignment_id, None)),
            tuple(extensions.get((assignment_id, None), ())),
            tuple(
                ProgressSnapshot(
                    assignment_id,
                    d,
                    reports.get((assignment_id, d)),
                    tuple(extensions.get((assignment_id, d), ())),
                )
                for d in sorted(dates)
            ),
        )
    return out
