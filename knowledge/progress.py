"""Progress of assignments: reports, extensions, office confirmation, an audit trail, statuses.

The values and statuses are in progress_status.py, the tables in progress_models.py, rows read
into values in progress_rows.py; this module keeps the store and names them all, as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from knowledge.models import AssignmentRow, DocumentRow, OccurrenceRow
from knowledge.progress_models import (
    CONFIRMATIONS as CONFIRMATIONS,
)
from knowledge.progress_models import (
    EXTENSION_STATES as EXTENSION_STATES,
)
from knowledge.progress_models import (
    PROGRESS_STATES as PROGRESS_STATES,
)
from knowledge.progress_models import (
    ExtensionRow as ExtensionRow,
)
from knowledge.progress_models import (
    ProgressAuditRow as ProgressAuditRow,
)
from knowledge.progress_models import (
    ProgressReportRow as ProgressReportRow,
)
from knowledge.progress_models import (
    table_names as table_names,
)
from knowledge.progress_rows import (
    _audit,
    _extension,
    _extension_json,
    _json_value,
    _report,
    _report_json,
)
from knowledge.progress_rows import (
    load_snapshots as load_snapshots,
)
from knowledge.progress_status import (
    STATUS_ORDER as STATUS_ORDER,
)
from knowledge.progress_status import (
    VIETNAM as VIETNAM,
)
from knowledge.progress_status import (
    Action as Action,
)
from knowledge.progress_status import (
    Actor as Actor,
)
from knowledge.progress_status import (
    AuditEntry as AuditEntry,
)
from knowledge.progress_status import (
    Confirmation as Confirmation,
)
from knowledge.progress_status import (
    Extension as Extension,
)
from knowledge.progress_status import (
    ExtensionState as ExtensionState,
)
from knowledge.progress_status import (
    ProgressError as ProgressError,
)
from knowledge.progress_status import (
    ProgressProblem as ProgressProblem,
)
from knowledge.progress_status import (
    ProgressReport as ProgressReport,
)
from knowledge.progress_status import (
    ProgressSnapshot as ProgressSnapshot,
)
from knowledge.progress_status import (
    ProgressState as ProgressState,
)
from knowledge.progress_status import (
    Status as Status,
)
from knowledge.progress_status import (
    StatusLine as StatusLine,
)
from knowledge.progress_status import (
    current_occurrence as current_occurrence,
)
from knowledge.progress_status import (
    effective_deadline as effective_deadline,
)
from knowledge.progress_status import (
    official_four as official_four,
)
from knowledge.progress_status import (
    official_status as official_status,
)
from knowledge.progress_status import (
    status_line as status_line,
)

# --- storage ------------------------------------------------------------------------------


class ProgressRepository(Protocol):
    """The store of progress reports, extension requests and the audit trail.

    Every method runs in its own transaction and writes one audit row. A refused request
    raises ProgressError after its refusal is recorded. Who may do what is decided by the
    caller (handlers/), which records its own refusals with `record_refusal`.
    """

    def report(
        self,
        assignment_id: int,
        actor: Actor,
        state: ProgressState,
        *,
        now: datetime,
        occurrence: date | None = None,
        percent: int | None = None,
        note: str = "",
        completed_on: date | None = None,
        evidence_number: str | None = None,
        evidence_file: str | None = None,
        reason: str | None = None,
    ) -> ProgressReport:
        """Record a report; a recurring assignment's goes to its current occurrence unless
        `occurrence` names one. "done" is dated today unless `completed_on` says otherwise."""
        ...

    def request_extension(
        self,
        assignment_id: int,
        actor: Actor,
        proposed_due: date,
        reason: str,
        *,
        now: datetime,
        occurrence: date | None = None,
    ) -> Extension:
        """Ask for a later deadline; it waits for an office decision."""
        ...

    def decide_extension(
        self,
        extension_id: int,
        actor: Actor,
        approve: bool,
        *,
        now: datetime,
        approved_due: date | None = None,
        note: str = "",
    ) -> Extension:
        """Approve (optionally to another date) or refuse a pending request."""
        ...

    def confirm_completion(
        self,
        assignment_id: int,
        actor: Actor,
        *,
        now: datetime,
        accept: bool = True,
        occurrence: date | None = None,
        note: str = "",
    ) -> ProgressReport:
        """Confirm (or reject) a completion awaiting the office."""
        ...

    def record_refusal(
        self,
        assignment_id: int | None,
        actor: Actor,
        action: Action,
        reason: ProgressProblem | str,
        *,
        now: datetime,
        attempted: Mapping[str, Any] | None = None,
        occurrence: date | None = None,
    ) -> AuditEntry:
        """Write a refused attempt to the audit trail (a permission refusal, say)."""
        ...

    def history(self, assignment_id: int) -> list[AuditEntry]:
        """The audit trail of one assignment, oldest first, refusals included."""
        ...

    def current(self, assignment_ids: Iterable[int]) -> dict[int, ProgressSnapshot]:
        """Snapshots of the assignments given that have any report or extension."""
        ...

    def pending_extensions(self) -> list[Extension]:
        """Every request awaiting the office, oldest first."""
        ...

    def pending_confirmations(self) -> list[ProgressReport]:
        """Every completion awaiting the office's confirmation, oldest first."""
        ...


class _Refused(Exception):
    """Raised inside a request's transaction; turned into an audit row and ProgressError."""

    def __init__(
        self, problem: ProgressProblem, detail: str = "", *, assignment_id: int | None = None
    ) -> None:
        super().__init__(problem.value)
        self.problem = problem
        self.detail = detail
        self.assignment_id = assignment_id


@dataclass
class _Target:
    """An assignment a request is about, loaded inside the request's session."""

    row: AssignmentRow
    occurrences: list[date] = field(default_factory=list)

    @property
    def recurring(self) -> bool:
        return bool(self.row.recurrence_rule) or bool(self.occurrences)


def _clean(fields: Mapping[str, object]) -> dict[str, Any]:
    """JSON-ready fields, the empty ones left out."""
    return {k: _json_value(v) for k, v in fields.items() if v is not None and v != ""}


class SqlProgressRepository:
    """ProgressRepository on SQLAlchemy, SQLite and PostgreSQL alike.

    `require_confirmation`: a "done" report waits for an office admin's confirmation before it
    counts. `zone`: the office's time zone, which turns `now` into today's date.
    """

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        *,
        require_confirmation: bool = False,
        zone: ZoneInfo = VIETNAM,
    ) -> None:
        self._session_factory = session_factory
        self._require_confirmation = require_confirmation
        self._zone = zone

    @property
    def require_confirmation(self) -> bool:
        """Whether completions wait for the office."""
        return self._require_confirmation

    # --- helpers --------------------------------------------------------------------------

    def _today(self, now: datetime) -> date:
        if now.tzinfo is None:
            raise ValueError("naive datetime given as now")
        return now.astimezone(self._zone).date()

    @staticmethod
    def _audit_row(
        session: Session,
        *,
        now: datetime,
        assignment_id: int | None,
        occurrence: date | None,
        actor: Actor,
        action: Action,
        before: Mapping[str, Any] | None,
        after: Mapping[str, Any] | None,
        refusal: str | None = None,
    ) -> ProgressAuditRow:
        row = ProgressAuditRow(
            at=now,
            assignment_id=assignment_id,
            occurrence=occurrence,
            actor_platform=actor.platform,
            actor_user_id=actor.user_id,
            actor_name=actor.display_name,
            chat_id=actor.chat_id,
            action=action.value,
            before=dict(before) if before is not None else None,
            after=dict(after) if after is not None else None,
            accepted=refusal is None,
            refusal=refusal,
        )
        session.add(row)
        session.flush()
        return row

    @contextmanager
    def _refusals(
        self,
        *,
        now: datetime,
        actor: Actor,
        action: Action,
        attempted: Mapping[str, Any],
        assignment_id: int | None,
        occurrence: date | None,
    ) -> Iterator[None]:
        """Turn a _Refused raised inside into an audit row and a ProgressError.

        The request's transaction has been rolled back by then; the refusal gets its own.
        """
        try:
            yield
        except _Refused as refused:
            self.record_refusal(
                refused.assignment_id if refused.assignment_id is not None else assignment_id,
                actor,
                action,
                refused.problem,
                now=now,
                attempted=attempted,
                occurrence=occurrence,
            )
            raise ProgressError(refused.problem, refused.detail) from None

    @staticmethod
    def _target(session: Session, assignment_id: int) -> _Target:
        row = session.get(AssignmentRow, assignment_id)
        if row is None:
            raise _Refused(ProgressProblem.ASSIGNMENT_NOT_FOUND, str(assignment_id))
        document_status = session.scalar(
            select(DocumentRow.status).where(DocumentRow.id == row.document_id)
        )
        if row.status != "live" or document_status != "live":
            raise _Refused(ProgressProblem.ASSIGNMENT_NOT_LIVE, str(assignment_id))
        occurrences = list(
            session.scalars(
                select(OccurrenceRow.due)
                .where(OccurrenceRow.assignment_id == assignment_id)
                .order_by(OccurrenceRow.due)
            )
        )
        return _Target(row, occurrences)

    def _occurrence(
        self,
        session: Session,
        target: _Target,
        occurrence: date | None,
        pick: Callable[[_Target, ProgressSnapshot | None], date | None],
    ) -> date | None:
        """The occurrence a request is about: the one named (checked), or picked."""
        if not target.recurring:
            if occurrence is not None:
                raise _Refused(ProgressProblem.NOT_RECURRING, occurrence.isoformat())
            return None
        if occurrence is not None:
            if occurrence not in target.occurrences:
                raise _Refused(ProgressProblem.OCCURRENCE_NOT_FOUND, occurrence.isoformat())
            return occurrence
        snapshot = load_snapshots(session, [target.row.id], self._zone).get(target.row.id)
        return pick(target, snapshot)

    @staticmethod
    def _current_pick(target: _Target, snapshot: ProgressSnapshot | None) -> date | None:
        return current_occurrence(target.occurrences, snapshot)

    @staticmethod
    def _latest_row(
        session: Session, assignment_id: int, occurrence: date | None
    ) -> ProgressReportRow | None:
        stmt = select(ProgressReportRow).where(ProgressReportRow.assignment_id == assignment_id)
        stmt = stmt.where(
            ProgressReportRow.occurrence.is_(None)
            if occurrence is None
            else ProgressReportRow.occurrence == occurrence
        )
        return session.scalar(stmt.order_by(ProgressReportRow.id.desc()).limit(1))

    def _snapshot_of(
        self, session: Session, assignment_id: int, occurrence: date | None
    ) -> ProgressSnapshot:
        top = load_snapshots(session, [assignment_id], self._zone).get(assignment_id)
        if top is None:
            return ProgressSnapshot(assignment_id, occurrence)
        return top.for_occurrence(occurrence) if occurrence is not None else top

    # --- writes ---------------------------------------------------------------------------

    def report(
        self,
        assignment_id: int,
        actor: Actor,
        state: ProgressState,
        *,
        now: datetime,
        occurrence: date | None = None,
        percent: int | None = None,
        note: str = "",
        completed_on: date | None = None,
        evidence_number: str | None = None,
        evidence_file: str | None = None,
        reason: str | None = None,
    ) -> ProgressReport:
        """Record a report (see ProgressRepository.report)."""
        today = self._today(now)
        state = ProgressState(state)
        attempted = _clean(
            {
                "state": state,
                "occurrence": occurrence,
                "percent": percent,
                "note": note,
                "completed_on": completed_on,
                "evidence_number": evidence_number,
                "evidence_file": evidence_file,
                "reason": reason,
            }
        )
        with self._refusals(
            now=now,
            actor=actor,
            action=Action.REPORT,
            attempted=attempted,
            assignment_id=assignment_id,
            occurrence=occurrence,
        ):
            if percent is not None and not 0 <= percent <= 100:
                raise _Refused(ProgressProblem.BAD_PERCENT, str(percent))
            if state is ProgressState.DONE:
                completed_on = completed_on or today
                if completed_on > today:
                    raise _Refused(ProgressProblem.COMPLETED_IN_FUTURE, completed_on.isoformat())
                percent = 100
            else:
                completed_on = None
            with self._session_factory() as session, session.begin():
                target = self._target(session, assignment_id)
                chosen = self._occurrence(session, target, occurrence, self._current_pick)
                previous = self._latest_row(session, assignment_id, chosen)
                pending = state is ProgressState.DONE and self._require_confirmation
                row = ProgressReportRow(
                    assignment_id=assignment_id,
                    occurrence=chosen,
                    state=state.value,
                    percent=percent,
                    note=note.strip(),
                    completed_on=completed_on,
                    evidence_number=(evidence_number or "").strip() or None,
                    evidence_file=(evidence_file or "").strip() or None,
                    reason=(reason or "").strip() or None,
                    reported_at=now,
                    actor_platform=actor.platform,
                    actor_user_id=actor.user_id,
                    actor_name=actor.display_name,
                    chat_id=actor.chat_id,
                    confirmation=(
                        Confirmation.PENDING if pending else Confirmation.NOT_REQUIRED
                    ).value,
                )
                session.add(row)
                session.flush()
                stored = _report(row)
                self._audit_row(
                    session,
                    now=now,
                    assignment_id=assignment_id,
                    occurrence=chosen,
                    actor=actor,
                    action=Action.REPORT,
                    before=_report_json(_report(previous)) if previous is not None else None,
                    after=_report_json(stored),
                )
                return stored

    def request_extension(
        self,
        assignment_id: int,
        actor: Actor,
        proposed_due: date,
        reason: str,
        *,
        now: datetime,
        occurrence: date | None = None,
    ) -> Extension:
        """Ask for a later deadline (see ProgressRepository.request_extension)."""
        today = self._today(now)
        attempted = _clean(
            {"proposed_due": proposed_due, "reason": reason, "occurrence": occurrence}
        )
        with (
            self._refusals(
                now=now,
                actor=actor,
                action=Action.REQUEST_EXTENSION,
                attempted=attempted,
                assignment_id=assignment_id,
                occurrence=occurrence,
            ),
            self._session_factory() as session,
            session.begin(),
        ):
            target = self._target(session, assignment_id)
            chosen = self._occurrence(session, target, occurrence, self._current_pick)
            due = chosen if chosen is not None else target.row.deadline
            if due is None:
                raise _Refused(ProgressProblem.NO_DEADLINE, str(assignment_id))
            snapshot = self._snapshot_of(session, assignment_id, chosen)
            if snapshot.done:
                raise _Refused(ProgressProblem.ALREADY_DONE, str(assignment_id))
            pending = snapshot.pending_extension
            if pending is not None:
                raise _Refused(ProgressProblem.EXTENSION_PENDING, str(pending.id))
            in_force = effective_deadline(due, snapshot.approved_extension, today) or due
            if proposed_due <= in_force:
                raise _Refused(ProgressProblem.EXTENSION_NOT_LATER, in_force.isoformat())
            row = ExtensionRow(
                assignment_id=assignment_id,
                occurrence=chosen,
                previous_due=in_force,
                proposed_due=proposed_due,
                reason=reason.strip(),
                state=ExtensionState.PENDING.value,
                requested_at=now,
                requester_platform=actor.platform,
                requester_user_id=actor.user_id,
                requester_name=actor.display_name,
                chat_id=actor.chat_id,
            )
            session.add(row)
            session.flush()
            stored = _extension(row, self._zone)
            self._audit_row(
                session,
                now=now,
                assignment_id=assignment_id,
                occurrence=chosen,
                actor=actor,
                action=Action.REQUEST_EXTENSION,
                before=None,
                after=_extension_json(stored),
            )
            return stored

    def decide_extension(
        self,
        extension_id: int,
        actor: Actor,
        approve: bool,
        *,
        now: datetime,
        approved_due: date | None = None,
        note: str = "",
    ) -> Extension:
        """Approve or refuse a pending request (see ProgressRepository.decide_extension)."""
        self._today(now)
        attempted = _clean(
            {
                "extension_id": extension_id,
                "approve": approve,
                "approved_due": approved_due,
                "note": note,
            }
        )
        with (
            self._refusals(
                now=now,
                actor=actor,
                action=Action.DECIDE_EXTENSION,
                attempted=attempted,
                assignment_id=None,
                occurrence=None,
            ),
            self._session_factory() as session,
            session.begin(),
        ):
            row = session.get(ExtensionRow, extension_id)
            if row is None:
                raise _Refused(ProgressProblem.EXTENSION_NOT_FOUND, str(extension_id))
            if row.state != ExtensionState.PENDING.value:
                raise _Refused(
                    ProgressProblem.EXTENSION_DECIDED, row.state, assignment_id=row.assignment_id
                )
            if approve and approved_due is not None and approved_due <= row.previous_due:
                raise _Refused(
                    ProgressProblem.EXTENSION_NOT_LATER,
                    row.previous_due.isoformat(),
                    assignment_id=row.assignment_id,
                )
            before = _extension_json(_extension(row, self._zone))
            row.state = (ExtensionState.APPROVED if approve else ExtensionState.REFUSED).value
            row.decided_at = now
            row.decider_platform = actor.platform
            row.decider_user_id = actor.user_id
            row.decider_name = actor.display_name
            row.approved_due = approved_due if approve else None
            row.decision_note = note.strip() or None
            session.flush()
            stored = _extension(row, self._zone)
            self._audit_row(
                session,
                now=now,
                assignment_id=row.assignment_id,
                occurrence=row.occurrence,
                actor=actor,
                action=Action.DECIDE_EXTENSION,
                before=before,
                after=_extension_json(stored),
            )
            return stored

    def confirm_completion(
        self,
        assignment_id: int,
        actor: Actor,
        *,
        now: datetime,
        accept: bool = True,
        occurrence: date | None = None,
        note: str = "",
    ) -> ProgressReport:
        """Confirm or reject a completion (see ProgressRepository.confirm_completion)."""
        self._today(now)
        attempted = _clean({"accept": accept, "occurrence": occurrence, "note": note})

        def awaiting(target: _Target, snapshot: ProgressSnapshot | None) -> date | None:
            for d in target.occurrences:
                latest = snapshot.for_occurrence(d).latest if snapshot else None
                if latest is not None and latest.awaiting_confirmation:
                    return d
            return None

        with (
            self._refusals(
                now=now,
                actor=actor,
                action=Action.CONFIRM_COMPLETION,
                attempted=attempted,
                assignment_id=assignment_id,
                occurrence=occurrence,
            ),
            self._session_factory() as session,
            session.begin(),
        ):
            target = self._target(session, assignment_id)
            chosen = self._occurrence(session, target, occurrence, awaiting)
            row = self._latest_row(session, assignment_id, chosen)
            if row is None or not _report(row).awaiting_confirmation:
                raise _Refused(ProgressProblem.NOTHING_TO_CONFIRM, str(assignment_id))
            before = _report_json(_report(row))
            row.confirmation = (Confirmation.CONFIRMED if accept else Confirmation.REJECTED).value
            row.confirmed_at = now
            row.confirmed_by_platform = actor.platform
            row.confirmed_by_user_id = actor.user_id
            row.confirmed_by_name = actor.display_name
            row.confirmation_note = note.strip() or None
            session.flush()
            stored = _report(row)
            self._audit_row(
                session,
                now=now,
                assignment_id=assignment_id,
                occurrence=chosen,
                actor=actor,
                action=Action.CONFIRM_COMPLETION,
                before=before,
                after=_report_json(stored),
            )
            return stored

    def record_refusal(
        self,
        assignment_id: int | None,
        actor: Actor,
        action: Action,
        reason: ProgressProblem | str,
        *,
        now: datetime,
        attempted: Mapping[str, Any] | None = None,
        occurrence: date | None = None,
    ) -> AuditEntry:
        """Write a refused attempt to the audit trail."""
        self._today(now)  # a naive `now` is refused before anything is written
        with self._session_factory() as session, session.begin():
            row = self._audit_row(
                session,
                now=now,
                assignment_id=assignment_id,
                occurrence=occurrence,
                actor=actor,
                action=Action(action),
                before=None,
                after=_clean(attempted or {}),
                refusal=str(reason.value if isinstance(reason, ProgressProblem) else reason),
            )
            return _audit(row)

    # --- reads ----------------------------------------------------------------------------

    def history(self, assignment_id: int) -> list[AuditEntry]:
        """The audit trail of one assignment, oldest first."""
        with self._session_factory() as session:
            rows = session.scalars(
                select(ProgressAuditRow)
                .where(ProgressAuditRow.assignment_id == assignment_id)
                .order_by(ProgressAuditRow.id)
            )
            return [_audit(row) for row in rows]

    def current(self, assignment_ids: Iterable[int]) -> dict[int, ProgressSnapshot]:
        """Snapshots of the assignments given that have any report or extension."""
        with self._session_factory() as session:
            return load_snapshots(session, list(assignment_ids), self._zone)

    def pending_extensions(self) -> list[Extension]:
        """Every request awaiting the office, oldest first."""
        with self._session_factory() as session:
            rows = session.scalars(
                select(ExtensionRow)
                .where(ExtensionRow.state == ExtensionState.PENDING.value)
                .order_by(ExtensionRow.id)
            )
            return [_extension(row, self._zone) for row in rows]

    def pending_confirmations(self) -> list[ProgressReport]:
        """Every completion awaiting the office (only the latest report of each counts)."""
        with self._session_factory() as session:
            snapshots = load_snapshots(session, None, self._zone)
        out = [
            snap.latest
            for top in snapshots.values()
            for snap in (top, *top.occurrences)
            if snap.latest is not None and snap.latest.awaiting_confirmation
        ]
        return sorted(out, key=lambda r: r.id)
