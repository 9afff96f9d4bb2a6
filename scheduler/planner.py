"""Each tick asks the policy what the current data wants and writes it into the ledger."""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Callable, Collection, Hashable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from types import TracebackType
from typing import Protocol

from knowledge.calendar import WorkCalendar
from scheduler.ledger import PlanMark, PlanResult, ReminderLedger
from scheduler.policy import (
    AssignmentSnapshot,
    OverdueCount,
    Recipients,
    Reminder,
    ReminderRules,
    digest_instants_between,
    digests_between,
    due_days_between,
    due_range,
    local_day,
    overdue_by_unit,
    reminders_between,
    sends_between,
)


class SnapshotSource(Protocol):
    """The open (live, not done) assignments, as the policy needs them."""

    def snapshots(
        self,
        first_due: date | None,
        last_due: date,
        *,
        days: Collection[date] | None = None,
        detail_days: Collection[date] | None = None,
    ) -> Iterable[AssignmentSnapshot]:
        """Assignments with a deadline or an occurrence in [first_due, last_due]; every open
        assignment due up to `last_due` when `first_due` is None. With `days`, only those
        due on one of them need come (others may). With `detail_days`, those due on none of
        them may come without their facts (what a message says)."""
        ...

    def overdue(self, day: date) -> Mapping[str, OverdueCount]:
        """The open tasks due before `day`, counted by lead unit (policy.overdue_by_unit)."""
        ...


@dataclass(frozen=True)
class StaticSnapshots:
    """A fixed list of snapshots: tests, benches, the worker used by the crash tests."""

    items: tuple[AssignmentSnapshot, ...]

    def snapshots(
        self,
        first_due: date | None,
        last_due: date,
        *,
        days: Collection[date] | None = None,
        detail_days: Collection[date] | None = None,
    ) -> Iterable[AssignmentSnapshot]:
        """The snapshots with a due date in the range (and among `days`, when given)."""
        return [
            s
            for s in self.items
            if any(
                (first_due is None or first_due <= d)
                and d <= last_due
                and (days is None or d in days)
                for d in s.due_dates
            )
        ]

    def overdue(self, day: date) -> Mapping[str, OverdueCount]:
        """Counted from the snapshots."""
        return overdue_by_unit(self.items, day)


@dataclass(frozen=True)
class _Basis:
    """What the last full plan was made from: while it holds, only new send instants can
    add reminders, and nothing can take any away."""

    version: Hashable
    day: date
    recipients: Recipients


class ReminderPlanner:
    """Plans the reminders of [now - grace, now] each tick; the first tick of a process (or one
    after a long gap) looks back `rules.lookback`, so what was missed while down is recorded.
    A persisting planner (the bot's) takes up where the stored plan ended instead, and on an
    office's very first start (no stored plan, an empty ledger) plans only what can still be
    sent.

    With `changes` (the data version, read before the data: SqlSnapshotSource.version), a tick
    that finds the version, the office's day and the recipients as the last plan left them
    plans only the instants after that plan, and reads nothing when there are none. Any change
    (a document, a report, a binding, a row cancelled in the ledger by anyone) makes the next
    tick plan its whole window again.
    """

    def __init__(
        self,
        ledger: ReminderLedger,
        source: SnapshotSource,
        recipients: Callable[[], Recipients],
        rules: ReminderRules,
        calendar: WorkCalendar,
        *,
        changes: Callable[[datetime], Hashable] | None = None,
        persist: bool = False,
    ) -> None:
        """Nothing is read until plan(); `recipients` is called once per plan (bindings
        change between ticks).

        With `persist` (and `changes`), each plan stores how far the ledger is planned and
        from which data version (ReminderLedger.save_mark), and a new planner starts from
        there: a restart or another replica over a current ledger plans as the process before
        it would have gone on planning, instead of reading a week back. Only for recipients
        that follow the data version (directory_recipients with `changes`): a stored plan
        cannot tell other recipients objects apart.
        """
        self._ledger = ledger
        self._source = source
        self._recipients = recipients
        self._rules = rules
        self._calendar = calendar
        self._changes = changes
        self._persist = persist and changes is not None
        # other rules or days off plan other reminders: a mark stored under others is ignored
        self._settings = hashlib.sha256(
            f"{rules!r}|{calendar.fingerprint()}".encode()
        ).hexdigest()[:16]
        self._planned_until: datetime | None = None
        self._basis: _Basis | None = None
        self.skipped = 0  # ticks that found nothing to plan without reading the data

    def window(self, now: datetime) -> tuple[datetime, datetime]:
        """The instants the next plan() covers."""
        rules = self._rules
        start = now - rules.grace
        if self._planned_until is None:
            start = now - rules.lookback
        elif self._planned_until < start:
            start = max(self._planned_until, now - rules.lookback)
        return start, now

    def wanted(
        self, start: datetime, end: datetime, *, now: datetime | None = None
    ) -> list[Reminder]:
        """What the data asks for in [start, end], nothing written: what plan() writes, and
        what `giaoviec remind --dry-run` shows for a day.

        With `now`, a weekly digest whose instant is past the grace window is left out (it
        would only be recorded as skipped, and it reads every open assignment).
        """
        return self._wanted(start, end, now, self._recipients())

    def _wanted(
        self,
        start: datetime,
        end: datetime,
        now: datetime | None,
        recipients: Recipients,
        planned: Callable[[Sequence[str]], bool] | None = None,
    ) -> list[Reminder]:
        rules, calendar = self._rules, self._calendar
        first, last = due_range(local_day(start, rules), local_day(end, rules), rules, calendar)
        instants = digest_instants_between(rules, calendar, start, end)
        digest = bool(instants)
        if now is not None:
            digest = any(at >= now - rules.grace for _, _, at in instants)
        if instants and not digest:
            # A process starting on Wednesday does not build Monday's digest.
            rules = replace(rules, weekly_digest=False)
        if digest:
            # The digest lists this week's deadlines (read with their facts) and counts what
            # is overdue by unit (source.overdue, by the database).
            today = local_day(end, rules)
            week_start = today - timedelta(days=today.weekday())
            first = min(first, week_start)
            last = max(last, week_start + timedelta(days=6))
        # only the due dates the reminder ladder reaches from this window (and the digest's
        # week): a morning's tick read 21 days of tasks for the 8 its instant can concern
        days = set(due_days_between(rules, calendar, start, end))
        # what a message is sent for: a first tick's lookback finds a week of reminders past
        # the grace window, which the ledger records as skipped without a message
        detail = None
        if now is not None:
            detail = set(due_days_between(rules, calendar, max(start, now - rules.grace), end))
        if digest:
            week = [week_start + timedelta(days=i) for i in range(7)]
            days.update(week)
            if detail is not None:
                detail.update(week)
        counted: list[date] = []
        if digest:
            counted = [
                day
                for day, reminders in digests_between(recipients, rules, calendar, start, end)
                if planned is None or not planned([r.key for r in reminders])
            ]
        with _CountedAhead(self._source.overdue, counted) as overdue:
            found = list(self._source.snapshots(first, last, days=days, detail_days=detail))
            return reminders_between(
                found,
                recipients,
                rules,
                calendar,
                start,
                end,
                overdue=overdue,
                planned=planned,
            )

    def plan(self, now: datetime) -> PlanResult:
        """Write what the data asks for in the window into the ledger (and cancel what it
        no longer asks for)."""
        with _collector_paused():
            return self._plan(now)

    def _plan(self, now: datetime) -> PlanResult:
        recipients = self._recipients()
        basis = None
        if self._changes is not None:
            basis = _Basis(self._changes(now), local_day(now, self._rules), recipients)
            if self._persist and self._planned_until is None:
                self._resume(basis)
                if self._planned_until is None and self._ledger.is_empty():
                    # the office's first start: what fell due before it was never this
                    # ledger's to send, and what is past the grace window could not go out;
                    # a week of rows recorded "skipped" would say reminders were missed
                    # (4,900 at 100,000 assignments, most of a first tick's time)
                    self._planned_until = now - self._rules.grace
        start, end = self.window(now)
        last = self._basis
        if (
            basis is not None
            and last is not None
            and self._planned_until is not None
            and start <= self._planned_until
            and basis.version == last.version
            and basis.day == last.day
            and basis.recipients is last.recipients
        ):
            # Nothing the last plan read has changed: [start, planned_until] is planned.
            start = self._planned_until
            if not sends_between(self._rules, self._calendar, start, end):
                self._planned_until = end
                self.skipped += 1
                return PlanResult(inserted=0, reopened=0, cancelled=0)
        # a digest the ledger holds already is not built again (replicas, a restart on Monday,
        # every change during Monday's grace window would each count every overdue task)
        reminders = self._wanted(start, end, now, recipients, self._ledger.planned)
        result = self._ledger.plan(reminders, now, window=(start, end))
        self._planned_until = end
        self._basis = basis
        if self._persist and basis is not None:
            # after the rows are committed: the mark never claims rows the ledger lacks
            self._ledger.save_mark(PlanMark(repr(basis.version), basis.day, end, self._settings))
        return result

    def _resume(self, basis: _Basis) -> None:
        """Take up the stored plan, as if this process had made it (a first tick)."""
        mark = self._ledger.mark()
        if mark is None or mark.settings != self._settings:
            return
        self._planned_until = mark.until
        if mark.version == repr(basis.version):
            # the data is as the stored plan read it (recipients follow the same version)
            self._basis = replace(basis, day=mark.day)


class _CountedAhead:
    """`count` (SnapshotSource.overdue) for the digests' days, started in a worker thread on
    entering, so the database counts what is overdue while this thread reads and builds the
    snapshots: the two aggregates of a Monday's digest (90 ms at 100,000 assignments) wait on
    the database, not on the interpreter (sqlite3 and psycopg let go of the GIL meanwhile).
    Called with a day not counted ahead, it counts then. Leaving waits for the worker."""

    def __init__(self, count: Callable[[date], Mapping[str, OverdueCount]], days: list[date]):
        self._count = count
        self._days = days
        self._pool: ThreadPoolExecutor | None = None
        self._ahead: dict[date, Future[Mapping[str, OverdueCount]]] = {}

    def __enter__(self) -> _CountedAhead:
        if self._days:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="overdue-count")
            self._ahead = {day: self._pool.submit(self._count, day) for day in self._days}
        return self

    def __call__(self, day: date) -> Mapping[str, OverdueCount]:
        ahead = self._ahead.pop(day, None)
        return ahead.result() if ahead is not None else self._count(day)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector held off while a plan is made: a first tick builds tens of
    thousands of short-lived objects (rows, snapshots, reminders, payloads) that reference
    counting frees, and the full collections they set off scanned every live object of the
    process each time, 60-100 ms of a 400-500 ms first tick at 100,000 assignments. Cycles
    made meanwhile are collected when it resumes."""
    if not gc.isenabled():
        yield  # someone else holds it off: leave it as found
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
