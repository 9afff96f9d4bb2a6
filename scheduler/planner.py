"""Each tick asks the policy what the current data wants and writes it into the ledger."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Protocol

from knowledge.calendar import WorkCalendar
from scheduler.ledger import PlanResult, ReminderLedger
from scheduler.policy import (
    AssignmentSnapshot,
    Recipients,
    Reminder,
    ReminderRules,
    digest_instants_between,
    due_range,
    local_day,
    reminders_between,
)


class SnapshotSource(Protocol):
    """The open (live, not done) assignments, as the policy needs them."""

    def snapshots(self, first_due: date | None, last_due: date) -> Iterable[AssignmentSnapshot]:
        """Assignments with a deadline or an occurrence in [first_due, last_due]; every open
        assignment due up to `last_due` when `first_due` is None (the weekly digest)."""
        ...


@dataclass(frozen=True)
class StaticSnapshots:
    """A fixed list of snapshots: tests, benches, the worker used by the crash tests."""

    items: tuple[AssignmentSnapshot, ...]

    def snapshots(self, first_due: date | None, last_due: date) -> Iterable[AssignmentSnapshot]:
        """The snapshots with a due date in the range."""
        return [
            s
            for s in self.items
            if any((first_due is None or first_due <= d) and d <= last_due for d in s.due_dates)
        ]


class ReminderPlanner:
    """Plans the reminders of [now - grace, now] each tick; the first tick of a process (or one
    after a long gap) looks back `rules.lookback`, so what was missed while down is recorded."""

    def __init__(
        self,
        ledger: ReminderLedger,
        source: SnapshotSource,
        recipients: Callable[[], Recipients],
        rules: ReminderRules,
        calendar: WorkCalendar,
    ) -> None:
        """Nothing is read until plan(); `recipients` is called once per plan (bindings
        change between ticks)."""
        self._ledger = ledger
        self._source = source
        self._recipients = recipients
        self._rules = rules
        self._calendar = calendar
        self._planned_until: datetime | None = None

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
            # The digest lists this week and everything overdue: every open assignment due
            # up to the week's Sunday.
            today = local_day(end, rules)
            last = max(last, today + timedelta(days=6 - today.weekday()))
        snapshots = list(self._source.snapshots(None if digest else first, last))
        return reminders_between(snapshots, self._recipients(), rules, calendar, start, end)

    def plan(self, now: datetime) -> PlanResult:
        """Write what the data asks for in the window into the ledger (and cancel what it
        no longer asks for)."""
        start, end = self.window(now)
        reminders = self.wanted(start, end, now=now)
        result = self._ledger.plan(reminders, now, window=(start, end))
        self._planned_until = end
        return result
