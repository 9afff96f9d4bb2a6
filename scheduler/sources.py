"""What the reminder policy reads from the database: live assignments as snapshots, then a plan."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from knowledge.calendar import WorkCalendar
from knowledge.models import AssignmentRow, AssignmentUnitRow, DocumentRow, OccurrenceRow, UnitRow
from knowledge.progress import ProgressState, effective_deadline, load_snapshots
from scheduler.ledger import PlanResult, ReminderLedger
from scheduler.policy import (
    AssignmentSnapshot,
    Recipients,
    Reminder,
    ReminderRules,
    local_day,
    reminders_between,
)

# Overdue reminders and the digest look back this far for deadlines that are still open.
OVERDUE_HORIZON = timedelta(days=366)
# Reminders are planned this far ahead of their deadline (the largest offset, with days off).
LEAD_HORIZON = timedelta(days=60)


def load_assignment_snapshots(
    session_factory: sessionmaker[Session], rules: ReminderRules, start: date, end: date
) -> list[AssignmentSnapshot]:
    """Live assignments of live documents due (or recurring) between `start` and `end`.

    A task reported done (and not rejected by the office) gets no reminders; a done occurrence
    of a recurring task stops that occurrence only; an approved extension moves the deadline.
    """
    with session_factory() as session:
        live = (
            select(AssignmentRow.id, AssignmentRow.deadline)
            .join(DocumentRow, DocumentRow.id == AssignmentRow.document_id)
            .where(AssignmentRow.status == "live", DocumentRow.status == "live")
        )
        rows = session.execute(
            live.where(AssignmentRow.deadline.between(start, end + LEAD_HORIZON))
        )
        dated: dict[int, date | None] = {assignment_id: due for assignment_id, due in rows}
        occurrences: dict[int, list[date]] = defaultdict(list)
        for assignment_id, due in session.execute(
            select(OccurrenceRow.assignment_id, OccurrenceRow.due)
            .join(AssignmentRow, AssignmentRow.id == OccurrenceRow.assignment_id)
            .join(DocumentRow, DocumentRow.id == AssignmentRow.document_id)
            .where(
                AssignmentRow.status == "live",
                DocumentRow.status == "live",
                OccurrenceRow.due.between(start, end + LEAD_HORIZON),
            )
            .order_by(OccurrenceRow.due)
        ):
            occurrences[assignment_id].append(due)
        ids = sorted(set(dated) | set(occurrences))
        units: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            for assignment_id, role, key in session.execute(
                select(AssignmentUnitRow.assignment_id, AssignmentUnitRow.role, UnitRow.key)
                .join(UnitRow, UnitRow.id == AssignmentUnitRow.unit_id)
                .where(AssignmentUnitRow.assignment_id.in_(chunk))
                .order_by(AssignmentUnitRow.position)
            ):
                units[assignment_id][role].append(key)
        progress = load_snapshots(session, ids, rules.zone)
    today = end
    out = []
    for assignment_id in ids:
        snapshot = progress.get(assignment_id)
        latest = snapshot.latest if snapshot else None
        done = latest is not None and latest.state is ProgressState.DONE and not _rejected(latest)
        deadline = dated.get(assignment_id)
        if snapshot is not None and deadline is not None:
            deadline = effective_deadline(deadline, snapshot.approved_extension, today)
        done_occurrences = frozenset(
            s.occurrence
            for s in (snapshot.occurrences if snapshot else ())
            if s.occurrence is not None
            and s.latest is not None
            and s.latest.state is ProgressState.DONE
            and not _rejected(s.latest)
        )
        out.append(
            AssignmentSnapshot(
                id=assignment_id,
                deadline=deadline,
                occurrences=tuple(occurrences.get(assignment_id, ())),
                lead_keys=tuple(units[assignment_id]["lead"]),
                cooperate_keys=tuple(units[assignment_id]["cooperate"]),
                done=done,
                done_occurrences=done_occurrences,
            )
        )
    return out


def _rejected(report: object) -> bool:
    return str(getattr(report, "confirmation", "")) == "rejected"


def reminders_for(
    session_factory: sessionmaker[Session],
    recipients: Recipients,
    rules: ReminderRules,
    calendar: WorkCalendar,
    start: datetime,
    end: datetime,
) -> list[Reminder]:
    """Every reminder the stored data asks for in [start, end] (aware instants)."""
    first = local_day(start, rules) - OVERDUE_HORIZON
    last = local_day(end, rules)
    snapshots = load_assignment_snapshots(session_factory, rules, first, last)
    return reminders_between(snapshots, recipients, rules, calendar, start, end)


def plan_due(
    session_factory: sessionmaker[Session],
    ledger: ReminderLedger,
    recipients: Recipients,
    rules: ReminderRules,
    calendar: WorkCalendar,
    now: datetime,
) -> PlanResult:
    """Plan into the ledger what is due up to `now` (looking back `rules.lookback`).

    Pending rows the data no longer asks for (a task done, a deadline edited, a chat unbound)
    are cancelled, so what the data says takes effect at the next tick.
    """
    start = now - rules.lookback
    wanted = reminders_for(session_factory, recipients, rules, calendar, start, now)
    return ledger.plan(wanted, now, window=(start, now))
