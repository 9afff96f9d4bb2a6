"""Which reminders are due when, and the weekly digest: pure functions of the data and the time.

Choices this module makes (they are the office's rules, so each is a setting or stated here):

- Working days come from `knowledge.calendar.WorkCalendar` (the `holidays` package plus the
  override table: Tết, swapped days off, make-up Saturdays). Nothing is sent on another day.
- The *due day* of a deadline D is D itself when it is a working day, else the last working
  day before D: a task due on Sunday is reminded as "due" on Friday (a make-up Saturday
  counts), so nobody learns on Monday that the deadline already passed. The task is overdue
  from the day after D, as the document reads.
- "k working days before" is the k-th working day counting back from the due day
  (`WorkCalendar.add_working_days(due_day, -k)`); offset 0 is the due day itself.
- Overdue reminders fall on the `overdue_every`-th, 2x, ... working day after the due day, at
  most `overdue_limit` of them; leaders are told once, `leader_after` working days after it.
- Each reminder goes out at `send_time` local; a send time inside the quiet hours moves to
  the end of the quiet hours (the next working day when they end after midnight).
- Lead units' chats get before/due/overdue reminders; cooperating units' chats get
  "phối hợp" reminders at `cooperate_offsets` (a chat that already hears as a lead unit is
  not told again as a cooperating one); leaders' chats get the overdue notice; digest chats
  get the weekly digest on the first working day of each week (Monday unless it is a
  holiday; a week without a working day, like Tết 2026, has no digest).
- A recurring assignment is reminded per occurrence; a done assignment (or occurrence) gets
  nothing; reminders scheduled before `AssignmentSnapshot.since` (the assignment or its
  current deadline did not exist yet) are not produced.

Reminders are derived from the current data on every call, so an edited deadline gives new
keys and instants at once and the old ones are simply no longer produced.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property
from typing import Any, Literal, Protocol
from zoneinfo import ZoneInfo

from knowledge.calendar import WorkCalendar
from scheduler.messenger import ChatTarget
from scheduler.payload import AssignmentFacts, ReminderPayload

Audience = Literal["lead", "cooperate", "leader"]

KIND_BEFORE = "before"
KIND_DUE = "due"
KIND_OVERDUE = "overdue"
KIND_LEADER = "leader"
KIND_COOPERATE = "cooperate"
KIND_DIGEST = "digest"
# The weekly digest carries the facts (task, units, document) of this many of the week's
# tasks, the earliest first; its message lists fewer (handlers texts.DIGEST_MAX_LINES, which a
# test keeps below it) and reads any other from storage.
DIGEST_DETAILED = 50
KIND_SUMMARY = "summary"  # "summary:month", "summary:quarter": the last period's progress
SUMMARY_PERIODS = ("month", "quarter")


@dataclass(frozen=True)
class ReminderRules:
    """The office's reminder settings; the defaults are the ones the issue names."""

    offsets: tuple[int, ...] = (7, 3, 1, 0)  # working days before the due day; 0 = on it
    overdue_every: int = 2  # working days between overdue reminders
    overdue_limit: int = 3  # overdue reminders at most (after 2, 4 and 6 working days)
    leader_after: int | None = 5  # working days overdue before leaders hear; None: never
    send_time: time = time(8, 0)
    timezone: str = "Asia/Ho_Chi_Minh"
    quiet_start: time | None = time(21, 0)  # local; None with quiet_end None: no quiet hours
    quiet_end: time | None = time(7, 0)
    remind_cooperating: bool = True
    cooperate_offsets: tuple[int, ...] = (3,)
    # A missed reminder still goes out this long after its instant, else it joins the digest.
    grace: timedelta = timedelta(hours=12)
    # How far back a tick looks for reminders it has not planned (downtime it catches up on).
    lookback: timedelta = timedelta(days=7)
    weekly_digest: bool = True
    # Progress summaries of the last month / quarter to leaders on the first working day of
    # the next one: any of SUMMARY_PERIODS.
    summaries: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        """Refuse settings that cannot mean anything, naming the setting."""
        unknown = [p for p in self.summaries if p not in SUMMARY_PERIODS]
        if unknown:
            raise ValueError(f"summaries must be among {SUMMARY_PERIODS}: {unknown}")
        for name in ("offsets", "cooperate_offsets"):
            values = getattr(self, name)
            if any(v < 0 for v in values) or len(set(values)) != len(values):
                raise ValueError(f"{name} must be distinct working-day counts >= 0: {values}")
        if self.overdue_every < 1:
            raise ValueError("overdue_every must be at least 1 working day")
        if self.overdue_limit < 0:
            raise ValueError("overdue_limit must be >= 0")
        if self.leader_after is not None and self.leader_after < 1:
            raise ValueError("leader_after must be at least 1 working day (or None)")
        if (self.quiet_start is None) != (self.quiet_end is None):
            raise ValueError("quiet_start and quiet_end go together")
        if self.quiet_start is not None and self.quiet_start == self.quiet_end:
            raise ValueError("quiet hours cannot start and end at the same time")
        if self.grace < timedelta(0) or self.lookback < self.grace:
            raise ValueError("grace must be >= 0 and lookback at least as long as grace")
        ZoneInfo(self.timezone)  # raises for an unknown zone

    @cached_property
    def zone(self) -> ZoneInfo:
        """The office's time zone."""
        return ZoneInfo(self.timezone)


class Recipients(Protocol):
    """Where reminders go; the chat-binding model implements it (no dependency on it here)."""

    def unit_chats(self, unit_key: str) -> Sequence[ChatTarget]:
        """Chats bound to the unit (its groups, its registered officials' private chats)."""
        ...

    def leader_chats(self) -> Sequence[ChatTarget]:
        """Leaders' chats: the overdue notice goes there."""
        ...

    def digest_chats(self) -> Sequence[ChatTarget]:
        """Chats that receive the weekly digest."""
        ...


@dataclass(frozen=True)
class StaticRecipients:
    """Recipients from plain mappings: tests, the dry run, the benches."""

    units: dict[str, tuple[ChatTarget, ...]] = field(default_factory=dict)
    leaders: tuple[ChatTarget, ...] = ()
    digest: tuple[ChatTarget, ...] = ()

    def unit_chats(self, unit_key: str) -> Sequence[ChatTarget]:
        """Chats bound to the unit."""
        return self.units.get(unit_key, ())

    def leader_chats(self) -> Sequence[ChatTarget]:
        """Leaders' chats."""
        return self.leaders

    def digest_chats(self) -> Sequence[ChatTarget]:
        """Digest chats."""
        return self.digest


@dataclass(frozen=True)
class AssignmentSnapshot:
    """What the policy needs of one live assignment.

    `deadline` is the single date a document names; a recurring assignment has none and
    lists its `occurrences` instead. `done` stops every reminder; `done_occurrences` stops
    those of single occurrences.
    """

    id: int
    deadline: date | None = None
    occurrences: tuple[date, ...] = ()
    lead_keys: tuple[str, ...] = ()
    cooperate_keys: tuple[str, ...] = ()
    done: bool = False
    done_occurrences: frozenset[date] = frozenset()
    since: datetime | None = None  # reminders scheduled earlier are not produced
    # what its reminders say (task, lead units, document), read with the snapshot
    facts: AssignmentFacts | None = field(default=None, compare=False)

    @property
    def due_dates(self) -> tuple[date, ...]:
        """The dates reminded about: the occurrences, else the deadline, else none."""
        if self.occurrences:
            return self.occurrences
        return (self.deadline,) if self.deadline is not None else ()


@dataclass(frozen=True)
class Reminder:
    """One message to plan: its key is unique per assignment, occurrence, recipient and kind.

    `occurrence` is the due date as the document names it (for a digest: the week's Monday);
    `working_days` is how many are left (before) or past (overdue, leader), 0 on the due day.
    """

    assignment_id: int | None  # None for a digest
    occurrence: date
    recipient: ChatTarget
    kind: str  # "before:3", "due", "overdue:2", "leader", "cooperate:3", "digest"
    scheduled_at: datetime  # aware UTC
    unit_keys: tuple[str, ...] = ()
    working_days: int = 0
    due_day: date | None = None  # the working day the deadline is reminded as due
    digest: dict[str, Any] | None = field(default=None, compare=False)
    facts: AssignmentFacts | None = field(default=None, compare=False)

    @cached_property
    def key(self) -> str:
        """The ledger's unique key (kept: a tick sorts, looks up and writes each several
        times, 39,000 formattings in a first tick over 100,000 assignments)."""
        if self.assignment_id is None:
            return f"{self.kind}|{self.occurrence.isoformat()}|{self.recipient.key}"
        return (
            f"{self.assignment_id}|{self.occurrence.isoformat()}|{self.recipient.key}|{self.kind}"
        )

    def payload(self) -> dict[str, Any]:
        """What rendering the message needs, as JSON-ready data (scheduler.payload)."""
        return self._payload(facts=self.facts, digest=self.digest).to_json()

    def _payload(
        self, *, facts: AssignmentFacts | None = None, digest: Mapping[str, Any] | None = None
    ) -> ReminderPayload:
        return ReminderPayload(
            kind=self.kind,
            assignment_id=self.assignment_id,
            occurrence=self.occurrence,
            recipient=self.recipient.key,
            unit_keys=self.unit_keys,
            working_days=self.working_days,
            due_day=self.due_day,
            facts=facts,
            digest=digest,
        )

    def payload_text(self, facts_texts: dict[int, str]) -> str:
        """`json.dumps(self.payload())`, with the facts serialized once per facts object in
        `facts_texts` (keyed by id, so valid while the reminders live): a task's reminders
        to several chats and days share its facts, and dumping them again for each of a
        first tick's 5,600 rows was a third of writing them."""
        facts = self.facts
        if facts is None or self.digest is not None:
            return json.dumps(self.payload())
        text = facts_texts.get(id(facts))
        if text is None:
            text = facts_texts[id(facts)] = json.dumps(facts.to_json())
        head = self._payload().to_json()
        # "assignment" is the last key payload() writes when there is no digest
        return f'{json.dumps(head)[:-1]}, "assignment": {text}}}'


@dataclass(frozen=True)
class ScheduleEntry:
    """One reminder of one due date, before recipients are known."""

    day: date
    kind: str
    audience: Audience
    working_days: int


# --- time -------------------------------------------------------------------------------------


def in_quiet_hours(instant: datetime, rules: ReminderRules) -> bool:
    """True when `instant` falls in the quiet hours (local time)."""
    if rules.quiet_start is None or rules.quiet_end is None:
        return False
    local = instant.astimezone(rules.zone).time()
    start, end = rules.quiet_start, rules.quiet_end
    if start < end:
        return start <= local < end
    return local >= start or local < end


def send_instant(day: date, rules: ReminderRules, calendar: WorkCalendar) -> datetime:
    """When a reminder for local `day` goes out (aware UTC): the send time, out of quiet hours."""
    local = datetime.combine(day, rules.send_time, tzinfo=rules.zone)
    quiet_start, quiet_end = rules.quiet_start, rules.quiet_end
    if quiet_start is not None and quiet_end is not None and in_quiet_hours(local, rules):
        if quiet_start > quiet_end and rules.send_time >= quiet_start:
            # Quiet until tomorrow morning: that morning must be a working day too.
            local = datetime.combine(calendar.next_working_day(day), quiet_end, tzinfo=rules.zone)
        else:
            local = datetime.combine(day, quiet_end, tzinfo=rules.zone)
    return local.astimezone(UTC)


def local_day(instant: datetime, rules: ReminderRules) -> date:
    """The office's date at `instant`."""
    return instant.astimezone(rules.zone).date()


def sends_between(
    rules: ReminderRules, calendar: WorkCalendar, start: datetime, end: datetime
) -> bool:
    """Whether anything can be sent in (start, end]: every reminder, digest and summary goes
    out at the send instant of a working day, so a window holding none plans nothing new."""
    day = calendar.previous_working_day(local_day(start, rules))
    last = local_day(end, rules)
    while day <= last:
        if calendar.is_working_day(day) and start < send_instant(day, rules, calendar) <= end:
            return True
        day += timedelta(days=1)
    return False


# --- schedule of one due date ---------------------------------------------------------------


def due_day(deadline: date, calendar: WorkCalendar) -> date:
    """The working day a deadline is reminded as due: itself, or the last working day before."""
    return (
        deadline if calendar.is_working_day(deadline) else calendar.previous_working_day(deadline)
    )


def schedule(deadline: date, rules: ReminderRules, calendar: WorkCalendar) -> list[ScheduleEntry]:
    """Every reminder one due date gets, in day order, whoever receives it."""
    last = due_day(deadline, calendar)
    entries: list[ScheduleEntry] = []
    for k in rules.offsets:
        kind = KIND_DUE if k == 0 else f"{KIND_BEFORE}:{k}"
        entries.append(ScheduleEntry(calendar.add_working_days(last, -k), kind, "lead", k))
    if rules.remind_cooperating:
        for k in rules.cooperate_offsets:
            day = calendar.add_working_days(last, -k)
            entries.append(ScheduleEntry(day, f"{KIND_COOPERATE}:{k}", "cooperate", k))
    for i in range(1, rules.overdue_limit + 1):
        n = i * rules.overdue_every
        day = calendar.add_working_days(last, n)
        entries.append(ScheduleEntry(day, f"{KIND_OVERDUE}:{n}", "lead", n))
    if rules.leader_after is not None:
        n = rules.leader_after
        entries.append(ScheduleEntry(calendar.add_working_days(last, n), KIND_LEADER, "leader", n))
    entries.sort(key=lambda e: (e.day, e.audience, e.kind))
    return entries


def due_range(
    start: date, end: date, rules: ReminderRules, calendar: WorkCalendar
) -> tuple[date, date]:
    """The due dates that can have a reminder on a local day in [start, end] (inclusive).

    Loaders use it to read only the assignments a window can concern.
    """
    ahead = max((*rules.offsets, *(rules.cooperate_offsets if rules.remind_cooperating else ())))
    behind = max(rules.overdue_limit * rules.overdue_every, rules.leader_after or 0)
    # Quiet hours can push an instant to the next working day: look one more day back.
    first = calendar.add_working_days(start, -(behind + 1))
    last = calendar.next_working_day(calendar.add_working_days(end, ahead)) - timedelta(days=1)
    return first, last


def due_days_between(
    rules: ReminderRules, calendar: WorkCalendar, start: datetime, end: datetime
) -> list[date]:
    """The due dates in due_range whose schedule has an instant in [start, end], as
    reminders_between finds them: what a window's reminders can be about. A morning's send
    instant reaches 8 of the 21 dates of its range (7, 3 and 1 working days ahead, the day,
    2, 4, 5 and 6 behind, and the days off each stands for), a week's lookback nearly all."""
    instants = _Instants(rules, calendar)
    first_day = calendar.previous_working_day(local_day(start, rules))
    last_day = local_day(end, rules)
    first, last = due_range(first_day, last_day, rules, calendar)
    out: list[date] = []
    day = first
    while day <= last:
        if any(
            first_day <= entry.day <= last_day and start <= instants(entry.day) <= end
            for entry in schedule(day, rules, calendar)
        ):
            out.append(day)
        day += timedelta(days=1)
    return out


# --- reminders in a window ------------------------------------------------------------------


class _Instants:
    """Send instants per local day, computed once per call."""

    def __init__(self, rules: ReminderRules, calendar: WorkCalendar) -> None:
        self._rules = rules
        self._calendar = calendar
        self._cache: dict[date, datetime] = {}

    def __call__(self, day: date) -> datetime:
        found = self._cache.get(day)
        if found is None:
            found = self._cache[day] = send_instant(day, self._rules, self._calendar)
        return found


def _audience(
    snapshot: AssignmentSnapshot,
    recipients: Recipients,
    audience: Audience,
    known: dict[Audience, dict[ChatTarget, tuple[str, ...]]],
) -> dict[ChatTarget, tuple[str, ...]]:
    """One audience's chats, with the units each chat hears for (lead wins over cooperate),
    kept in `known`: built only for the audiences a snapshot's reminders reach (the leaders'
    chats were listed for every task of a first tick)."""
    found = known.get(audience)
    if found is not None:
        return found
    if audience == "leader":
        found = dict.fromkeys(recipients.leader_chats(), snapshot.lead_keys)
    else:
        chats: dict[ChatTarget, list[str]] = {}
        lead = _audience(snapshot, recipients, "lead", known) if audience != "lead" else {}
        keys = snapshot.lead_keys if audience == "lead" else snapshot.cooperate_keys
        for key in keys:
            for chat in recipients.unit_chats(key):
                if chat not in lead:
                    chats.setdefault(chat, []).append(key)
        found = {chat: tuple(units) for chat, units in chats.items()}
    known[audience] = found
    return found


def reminders_between(
    assignments: Iterable[AssignmentSnapshot],
    recipients: Recipients,
    rules: ReminderRules,
    calendar: WorkCalendar,
    start: datetime,
    end: datetime,
    *,
    overdue: Callable[[date], Mapping[str, OverdueCount]] | None = None,
    planned: Callable[[Sequence[str]], bool] | None = None,
) -> list[Reminder]:
    """Every reminder (digests included) whose instant falls in [start, end], by instant.

    `start` and `end` are aware instants. Done assignments and occurrences get none. A
    digest counts the overdue tasks by `overdue(day)` when given (else from `assignments`,
    which must then hold every open task due before the day). When `planned(keys)` says a
    digest's rows are all in the ledger already, the digest is not built: the ledger never
    rewrites a planned row, so its reminders carry no content (a dry run passes no `planned`).
    """
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("reminders_between needs aware datetimes")
    instants = _Instants(rules, calendar)
    # Quiet hours may push a day's reminders to the next working day (after Tết, ten days on).
    first_day = calendar.previous_working_day(local_day(start, rules))
    last_day = local_day(end, rules)
    in_window: dict[date, list[tuple[ScheduleEntry, datetime]]] = {}
    snapshots = list(assignments)
    out: list[Reminder] = []
    for snapshot in snapshots:
        if snapshot.done:
            continue
        audiences: dict[Audience, dict[ChatTarget, tuple[str, ...]]] = {}
        for deadline in snapshot.due_dates:
            if deadline in snapshot.done_occurrences:
                continue
            entries = in_window.get(deadline)
            if entries is None:
                entries = in_window[deadline] = [
                    (entry, at)
                    for entry in schedule(deadline, rules, calendar)
                    if first_day <= entry.day <= last_day
                    and start <= (at := instants(entry.day)) <= end
                ]
            if not entries:
                continue
            last = due_day(deadline, calendar)
            for entry, at in entries:
                if snapshot.since is not None and at < snapshot.since:
                    continue
                chats = _audience(snapshot, recipients, entry.audience, audiences)
                for chat, units in chats.items():
                    out.append(
                        Reminder(
                            assignment_id=snapshot.id,
                            occurrence=deadline,
                            recipient=chat,
                            kind=entry.kind,
                            scheduled_at=at,
                            unit_keys=units,
                            working_days=entry.working_days,
                            due_day=last,
                            facts=snapshot.facts,
                        )
                    )
    out.extend(_summaries_between(recipients, rules, calendar, start, end))
    if rules.weekly_digest:
        out.extend(
            _digests_between(
                snapshots,
                recipients,
                rules,
                calendar,
                start,
                end,
                overdue=overdue,
                planned=planned,
            )
        )
    out.sort(key=lambda r: (r.scheduled_at, r.key))
    return out


def due_reminders(
    assignments: Iterable[AssignmentSnapshot],
    recipients: Recipients,
    rules: ReminderRules,
    calendar: WorkCalendar,
    now: datetime,
) -> list[Reminder]:
    """What a tick at `now` plans: every reminder of the last `rules.lookback` up to `now`.

    The ledger sends those within the grace window and records older ones as skipped.
    """
    return reminders_between(assignments, recipients, rules, calendar, now - rules.lookback, now)


# --- the weekly digest ----------------------------------------------------------------------


def digest_day(week_start: date, calendar: WorkCalendar) -> date | None:
    """The first working day of the week starting on Monday `week_start`, or None."""
    for i in range(7):
        day = week_start + timedelta(days=i)
        if calendar.is_working_day(day):
            return day
    return None


class _WorkingDaysBefore:
    """Working days in (d, day] for any d before `day`; each calendar day is looked at once,
    however many overdue tasks (a year of them) the digest counts."""

    def __init__(self, calendar: WorkCalendar, day: date) -> None:
        self._calendar = calendar
        self._earliest = day
        self._counts: dict[date, int] = {day: 0}

    def __call__(self, d: date) -> int:
        while self._earliest > d:
            later = self._earliest
            self._earliest = later - timedelta(days=1)
            self._counts[self._earliest] = self._counts[later] + self._calendar.is_working_day(
                later
            )
        return self._counts[d]


@dataclass(frozen=True)
class OverdueCount:
    """The open tasks of one lead unit due before a digest's day: how many, and the oldest
    due date (the longest overdue; its age in working days is what the digest shows)."""

    count: int
    oldest: date

    def add(self, other: OverdueCount) -> OverdueCount:
        """Both counts together."""
        return OverdueCount(self.count + other.count, min(self.oldest, other.oldest))


def overdue_by_unit(
    assignments: Iterable[AssignmentSnapshot], day: date
) -> dict[str, OverdueCount]:
    """The open tasks due before `day` (each open due date counts once per lead unit; a task
    with no lead unit under ""), by unit key. SqlSnapshotSource.overdue computes the same in
    SQL; this is the reference, and what the few special tasks (extensions) go through."""
    found: dict[str, OverdueCount] = {}
    for snapshot in assignments:
        if snapshot.done:
            continue
        for deadline in snapshot.due_dates:
            if deadline >= day or deadline in snapshot.done_occurrences:
                continue
            one = OverdueCount(1, deadline)
            for unit in snapshot.lead_keys or ("",):
                known = found.get(unit)
                found[unit] = one if known is None else known.add(one)
    return found


def merge_overdue(*parts: Mapping[str, OverdueCount]) -> dict[str, OverdueCount]:
    """Counts of disjoint sets of tasks, added per unit."""
    out: dict[str, OverdueCount] = {}
    for part in parts:
        for unit, count in part.items():
            known = out.get(unit)
            out[unit] = count if known is None else known.add(count)
    return out


def weekly_digest(
    assignments: Iterable[AssignmentSnapshot],
    rules: ReminderRules,
    calendar: WorkCalendar,
    day: date,
    overdue: Mapping[str, OverdueCount] | None = None,
) -> dict[str, Any]:
    """The digest sent on `day`: what falls due this week (Mon-Sun), and how much is overdue
    by lead unit.

    Overdue means the deadline is before `day`; its age is counted in working days after the
    due day. `overdue` is the count per unit when the caller has it (SQL counts it without
    reading every open task); else it is counted from `assignments`. JSON-ready:
    {"week_start", "day", "due_this_week": [...], "overdue_by_unit": {unit: {"count", "days",
    "oldest"}}}. Before issue 14's fifth session the digest listed every overdue task
    ("overdue": {unit: [...]}, 3 MB at 100,000 assignments) where its message shows only each
    unit's count and oldest age; payload.Digest still reads such rows.
    """
    assignments = list(assignments)
    week_start = day - timedelta(days=day.weekday())
    week_end = week_start + timedelta(days=6)
    due_this_week: list[dict[str, Any]] = []
    for snapshot in assignments:
        if snapshot.done:
            continue
        for deadline in snapshot.due_dates:
            if deadline in snapshot.done_occurrences or not day <= deadline <= week_end:
                continue
            item = {
                "assignment_id": snapshot.id,
                "due": deadline.isoformat(),
                "units": list(snapshot.lead_keys),
            }
            if snapshot.facts is not None:
                item["assignment"] = snapshot.facts.to_json()
            due_this_week.append(item)
    due_this_week.sort(key=lambda item: (item["due"], item["assignment_id"]))
    for item in due_this_week[DIGEST_DETAILED:]:
        # listed by id and date only: the message shows the first few with their task, and a
        # week's list carried 1,352 tasks' facts (600 KB a row) at 100,000 assignments
        item.pop("assignment", None)
    if overdue is None:
        overdue = overdue_by_unit(assignments, day)
    age_of = _WorkingDaysBefore(calendar, day)
    return {
        "week_start": week_start.isoformat(),
        "day": day.isoformat(),
        "due_this_week": due_this_week,
        "overdue_by_unit": {
            unit: {
                "count": overdue[unit].count,
                "days": age_of(due_day(overdue[unit].oldest, calendar)),
                "oldest": overdue[unit].oldest.isoformat(),
            }
            for unit in sorted(overdue)
        },
    }


def digest_instants_between(
    rules: ReminderRules, calendar: WorkCalendar, start: datetime, end: datetime
) -> list[tuple[date, date, datetime]]:
    """(week's Monday, digest day, instant) of each digest sent in [start, end]."""
    if not rules.weekly_digest:
        return []
    out: list[tuple[date, date, datetime]] = []
    first = calendar.previous_working_day(local_day(start, rules))
    week_start = first - timedelta(days=first.weekday())
    while week_start <= local_day(end, rules):
        day = digest_day(week_start, calendar)
        if day is not None and start <= (at := send_instant(day, rules, calendar)) <= end:
            out.append((week_start, day, at))
        week_start += timedelta(days=7)
    return out


def _period_before(day: date, period: str) -> tuple[date, date]:
    """The month (or quarter) before the one `day` is in: (first day, last day)."""
    first_of_this = day.replace(day=1)
    if period == "quarter":
        first_of_this = first_of_this.replace(month=(day.month - 1) // 3 * 3 + 1)
        back = 3
    else:
        back = 1
    month = first_of_this.month - back
    year = first_of_this.year + (month - 1) // 12
    start = date(year, (month - 1) % 12 + 1, 1)
    return start, first_of_this - timedelta(days=1)


def summary_instants_between(
    rules: ReminderRules, calendar: WorkCalendar, start: datetime, end: datetime
) -> list[tuple[str, date, date, datetime]]:
    """(period, its first day, its last day, instant) of each summary sent in [start, end]:
    on the first working day of a month (or quarter), about the one before."""
    out: list[tuple[str, date, date, datetime]] = []
    if not rules.summaries:
        return out
    first = calendar.previous_working_day(local_day(start, rules)).replace(day=1)
    month = first
    while month <= local_day(end, rules):
        day = month
        while not calendar.is_working_day(day):
            day += timedelta(days=1)
        at = send_instant(day, rules, calendar)
        for period in rules.summaries:
            if period == "quarter" and month.month not in (1, 4, 7, 10):
                continue
            if start <= at <= end:
                period_start, period_end = _period_before(month, period)
                out.append((period, period_start, period_end, at))
        month = (month + timedelta(days=32)).replace(day=1)
    return out


def _summaries_between(
    recipients: Recipients,
    rules: ReminderRules,
    calendar: WorkCalendar,
    start: datetime,
    end: datetime,
) -> list[Reminder]:
    instants = summary_instants_between(rules, calendar, start, end)
    if not instants:
        return []
    chats = list(recipients.digest_chats())
    return [
        Reminder(
            assignment_id=None,
            occurrence=period_start,
            recipient=chat,
            kind=f"{KIND_SUMMARY}:{period}",
            scheduled_at=at,
            digest={
                "period": period,
                "start": period_start.isoformat(),
                "end": period_end.isoformat(),
                "day": local_day(at, rules).isoformat(),
            },
        )
        for period, period_start, period_end, at in instants
        for chat in chats
    ]


def digests_between(
    recipients: Recipients,
    rules: ReminderRules,
    calendar: WorkCalendar,
    start: datetime,
    end: datetime,
) -> list[tuple[date, list[Reminder]]]:
    """The digests sent in [start, end]: each one's day, and its reminders (one per digest
    chat) as yet without content."""
    chats = list(recipients.digest_chats())
    if not chats:
        return []
    return [
        (
            day,
            [
                Reminder(
                    assignment_id=None,
                    occurrence=week_start,
                    recipient=chat,
                    kind=KIND_DIGEST,
                    scheduled_at=at,
                )
                for chat in chats
            ],
        )
        for week_start, day, at in digest_instants_between(rules, calendar, start, end)
    ]


def _digests_between(
    snapshots: list[AssignmentSnapshot],
    recipients: Recipients,
    rules: ReminderRules,
    calendar: WorkCalendar,
    start: datetime,
    end: datetime,
    *,
    overdue: Callable[[date], Mapping[str, OverdueCount]] | None = None,
    planned: Callable[[Sequence[str]], bool] | None = None,
) -> list[Reminder]:
    out: list[Reminder] = []
    for day, reminders in digests_between(recipients, rules, calendar, start, end):
        if planned is not None and planned([r.key for r in reminders]):
            out.extend(reminders)  # in the ledger already, with what it said when planned
            continue
        counts = overdue(day) if overdue is not None else None
        content = weekly_digest(snapshots, rules, calendar, day, counts)
        out.extend(replace(r, digest=content) for r in reminders)
    return out
