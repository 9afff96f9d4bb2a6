"""The reminder ledger: plan reminders once per key, claim due ones under a lease, record sends.

Delivery is at least once with at most one duplicate per crash: a worker claims due rows in
one transaction (PostgreSQL `FOR UPDATE SKIP LOCKED`, so replicas never claim the same row;
SQLite `BEGIN IMMEDIATE`, a single writer), sends one message at a time and marks each sent
only while it still holds the claim. A worker that dies loses its lease; the rows become
claimable again when the lease expires, and only the message in flight can go out twice.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    JSON,
    ColumnElement,
    Connection,
    Select,
    String,
    Update,
    and_,
    bindparam,
    case,
    cast,
    exists,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, aliased, sessionmaker

from knowledge.db import write_lock
from knowledge.models import AppStateRow
from scheduler.messenger import ChatTarget
from scheduler.models import ReminderLedgerRow
from scheduler.policy import Reminder

log = logging.getLogger(__name__)

Row = ReminderLedgerRow
_CHUNK = 500  # rows per INSERT: well under SQLite's and PostgreSQL's bind-parameter limits
_ERROR_CHARS = 1000
PLAN_MARK_KEY = "reminder_plan_mark"  # app_state key: how far the ledger is planned
_STATUS = {True: "skipped", False: "pending"}  # a new row's state: is it past the grace window
_INSERT_CHUNK = 5000  # rows per INSERT: arrays (PostgreSQL) or one executemany (SQLite)
_SQLITE_INSERT = """
INSERT INTO reminder_ledger (key, assignment_id, occurrence, recipient, kind, payload,
    scheduled_at, available_at, status, attempts, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)
ON CONFLICT (key) DO NOTHING
"""
_PG_INSERT = """
INSERT INTO reminder_ledger (key, assignment_id, occurrence, recipient, kind, payload,
    scheduled_at, available_at, status, attempts, created_at, updated_at)
SELECT e->>0, (e->>1)::int, (e->>2)::date, e->>3, e->>4, (e->>5)::json,
    (e->>6)::timestamptz, (e->>6)::timestamptz, e->>7, 0, %s, %s
FROM jsonb_array_elements(%s::jsonb) AS e
ON CONFLICT (key) DO NOTHING
RETURNING id
"""


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how late a transient failure is retried."""

    max_attempts: int = 5
    first_delay: timedelta = timedelta(seconds=30)
    factor: float = 2.0
    max_delay: timedelta = timedelta(minutes=30)

    def __post_init__(self) -> None:
        """Refuse a policy that never tries or never waits."""
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if self.first_delay < timedelta(0) or self.factor < 1:
            raise ValueError("first_delay must be >= 0 and factor >= 1")

    def delay(self, attempts: int) -> timedelta:
        """The wait after the `attempts`-th failed attempt (1 for the first)."""
        seconds = self.first_delay.total_seconds() * self.factor ** max(0, attempts - 1)
        return min(timedelta(seconds=seconds), self.max_delay)


@dataclass(frozen=True)
class LedgerEntry:
    """A ledger row as plain data."""

    id: int
    key: str
    assignment_id: int | None
    occurrence: date
    recipient: ChatTarget
    kind: str
    payload: dict[str, Any]
    scheduled_at: datetime
    available_at: datetime
    status: str
    attempts: int
    claimed_by: str | None
    lease_until: datetime | None
    sent_at: datetime | None
    last_error: str | None

    @classmethod
    def planned(cls, reminder: Reminder) -> LedgerEntry:
        """The row a reminder would become, before it is stored (a dry run shows it)."""
        return cls(
            id=0,
            key=reminder.key,
            assignment_id=reminder.assignment_id,
            occurrence=reminder.occurrence,
            recipient=reminder.recipient,
            kind=reminder.kind,
            payload=reminder.payload(),
            scheduled_at=reminder.scheduled_at,
            available_at=reminder.scheduled_at,
            status="pending",
            attempts=0,
            claimed_by=None,
            lease_until=None,
            sent_at=None,
            last_error=None,
        )


@dataclass(frozen=True)
class PlanMark:
    """How far the ledger is planned: every reminder the data at `version` asked for up to
    `until` (on the office's `day`, under the rules and calendar `settings` name) is in it.

    Stored in app_state by ReminderPlanner(persist=True), so that a new process (a restart,
    another replica) over a current ledger plans only what came after, instead of reading a
    week back. `ledger_id` is the ledger's last row when it was stored: a ledger emptied since
    no longer holds it, and the mark is ignored.
    """

    version: str  # the data version, as JSON
    day: date
    until: datetime
    settings: str
    ledger_id: int | None = None

    def to_json(self) -> str:
        """What app_state stores."""
        return json.dumps(
            {
                "version": self.version,
                "day": self.day.isoformat(),
                "until": self.until.isoformat(),
                "settings": self.settings,
                "ledger_id": self.ledger_id,
            }
        )

    @classmethod
    def parse(cls, value: str) -> PlanMark | None:
        """A stored mark, or None when it is not one this code wrote."""
        try:
            data = json.loads(value)
            ledger_id = data.get("ledger_id")
            return cls(
                version=str(data["version"]),
                day=date.fromisoformat(data["day"]),
                until=datetime.fromisoformat(data["until"]),
                settings=str(data["settings"]),
                ledger_id=ledger_id if isinstance(ledger_id, int) else None,
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            return None


@dataclass(frozen=True)
class PlanResult:
    """What plan() changed: rows inserted, cancelled ones planned again, pending ones cancelled."""

    inserted: int
    reopened: int
    cancelled: int


@dataclass(frozen=True)
class FailResult:
    """Where a failed row went: back to "pending" (retried from `available_at`) or "failed"."""

    status: str
    available_at: datetime


def _entry(row: Row) -> LedgerEntry:
    return LedgerEntry(
        id=row.id,
        key=row.key,
        assignment_id=row.assignment_id,
        occurrence=row.occurrence,
        recipient=ChatTarget.parse(row.recipient),
        kind=row.kind,
        payload=dict(row.payload or {}),
        scheduled_at=row.scheduled_at,
        available_at=row.available_at,
        status=row.status,
        attempts=row.attempts,
        claimed_by=row.claimed_by,
        lease_until=row.lease_until,
        sent_at=row.sent_at,
        last_error=row.last_error,
    )


def _aware(instant: datetime, name: str) -> datetime:
    if instant.tzinfo is None:
        raise ValueError(f"{name} must be timezone-aware")
    return instant


def _columns(r: Reminder, facts_texts: dict[int, str], skipped: bool) -> tuple[Any, ...]:
    """A reminder's own columns, in the order both inserts list them (key, assignment_id,
    occurrence, recipient, kind, payload). A `skipped` row (past the grace window when
    planned) is never sent, so it carries no message: its payload is empty."""
    return (
        r.key,
        r.assignment_id,
        r.occurrence.isoformat(),
        r.recipient.key,
        r.kind,
        "{}" if skipped else r.payload_text(facts_texts),
    )


def _sqlite_instant(instant: datetime) -> str:
    """An instant as UtcDateTime stores it on SQLite (naive UTC, SQLAlchemy's DATETIME text)."""
    return instant.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _keys_among(connection: Connection, keys: Sequence[str]) -> ColumnElement[bool]:
    """`key IN keys` with the keys as one parameter (_key_values)."""
    return Row.key.in_(_key_values(connection, keys))


def _key_values(connection: Connection, keys: Sequence[str]) -> Select[Any]:
    """The keys as rows of one column from one parameter, a JSON array: `NOT IN` over it is
    one hashed (PostgreSQL) or indexed (SQLite) set, where `<> ALL` of an array compares every
    row with every key."""
    # a JSON array on both: psycopg dumps a list as an array element by element in Python
    # (5,600 keys: 15-30 ms a statement), json.dumps in one call
    document = bindparam(None, json.dumps(list(keys)), type_=String)
    if connection.dialect.name == "postgresql":
        elements = func.json_array_elements_text(cast(document, JSON))
        return select(elements.column_valued("value"))
    return select(func.json_each(document).table_valued("value").c.value)


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


class ReminderLedger:
    """The reminder_ledger table, on SQLite or PostgreSQL.

    Every method runs in its own transaction. Methods that change a claimed row take the
    worker id and `now`, and change nothing (returning False or None) once the worker's lease
    has expired or another worker holds the row.
    """

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        *,
        grace: timedelta = timedelta(hours=12),
        retry: RetryPolicy | None = None,
    ) -> None:
        """`grace`: how late after its instant a reminder may still go out."""
        self._sessions = session_factory
        self._grace = grace
        self._retry = retry or RetryPolicy()

    @property
    def retry(self) -> RetryPolicy:
        """The retry policy failed sends follow."""
        return self._retry

    # -- transactions -------------------------------------------------------------------------

    @staticmethod
    def _write_lock(session: Session) -> None:
        write_lock(session)

    # -- planning -----------------------------------------------------------------------------

    def plan(
        self,
        reminders: Sequence[Reminder],
        now: datetime,
        *,
        window: tuple[datetime, datetime] | None = None,
    ) -> PlanResult:
        """Insert the reminders not yet in the ledger (idempotent: ON CONFLICT DO NOTHING).

        With `window` (start, end), `reminders` is everything the data asks for in it: pending
        rows there that are no longer asked for become "cancelled" (a task marked done, an
        edited deadline, an unbound chat), and cancelled rows asked for again go back to
        pending. Rows already past the grace window at `now` (a first tick's lookback: what
        was missed while no planner ran) are recorded as "skipped", with no message built for
        them; rows that pass it later are turned into "skipped" by the next claim.
        """
        _aware(now, "now")
        wanted = sorted({r.key: r for r in reminders}.values(), key=lambda r: r.key)
        inserted = reopened = cancelled = 0
        # Sorted keys in every transaction: concurrent planners wait on each other's
        # uncommitted keys in one order, so they cannot deadlock.
        # Read first: on a steady tick every key is known and nothing is written.
        known: dict[str, str] = {}
        if wanted:
            with self._sessions() as session:
                connection = session.connection()
                # one statement, the keys as one parameter: a first tick's 5,600 keys in
                # lists of 500 were 12 statements of 500 bound parameters each
                rows = connection.execute(
                    select(Row.key, Row.status).where(
                        _keys_among(connection, [r.key for r in wanted])
                    )
                )
                known.update((key, status) for key, status in rows)
        missing = [r for r in wanted if r.key not in known]
        if missing:
            # One transaction (its keys sorted, as each chunk's were): a first tick writes
            # 5,500 rows, and a commit per 500 cost a WAL flush each.
            late = now - self._grace
            with self._sessions() as session, session.begin():
                self._write_lock(session)
                for chunk in _chunks(missing, _INSERT_CHUNK):
                    inserted += self._insert(session, chunk, now, late)
            skipped = sum(r.scheduled_at < late for r in missing)
            if skipped:
                log.info("%d reminders past the grace window recorded as skipped", skipped)
        for keys in _chunks(sorted(k for k, status in known.items() if status == "cancelled")):
            with self._sessions() as session, session.begin():
                self._write_lock(session)
                result = session.execute(
                    update(Row)
                    .where(Row.key.in_(keys), Row.status == "cancelled")
                    .values(status="pending", available_at=Row.scheduled_at, updated_at=now)
                    .execution_options(synchronize_session=False)
                )
                reopened += int(getattr(result, "rowcount", 0) or 0)
        if window is not None:
            cancelled = self._cancel_missing({r.key for r in wanted}, window, now)
        return PlanResult(inserted=inserted, reopened=reopened, cancelled=cancelled)

    def planned(self, keys: Sequence[str]) -> bool:
        """Whether every key is in the ledger already (whatever its state): rows are never
        deleted, and plan() never rewrites a known row's payload."""
        wanted = set(keys)
        found = 0
        with self._sessions() as session:
            for chunk in _chunks(sorted(wanted)):
                found += int(session.scalar(select(func.count()).where(Row.key.in_(chunk))) or 0)
        return found == len(wanted)

    @staticmethod
    def _insert(session: Session, chunk: Sequence[Reminder], now: datetime, late: datetime) -> int:
        """Insert `chunk`: rows scheduled before `late` as "skipped", the others "pending"."""
        connection = session.connection()
        facts_texts: dict[int, str] = {}
        if connection.dialect.name == "postgresql":
            # The rows as one JSON document, unpacked by the server in one statement: the
            # multi-row VALUES batches SQLAlchemy built before were parsed again by psycopg for
            # each batch (0.8 s of a first tick's 5,500 rows), and arrays of text cost as much
            # again to escape in Python. RETURNING counts what a conflict skipped.
            # Each row an array, its payload as JSON text (the facts dumped once per task:
            # Reminder.payload_text), all dumped by one json.dumps call: an object dumped
            # per row cost 40 ms a thousand rows. jsonb, parsed once: each ->> of a json
            # value parses its text again (seven per row, 0.3 s of 5,500 rows).
            arrays: list[list[Any]] = []
            for r in chunk:
                skip = r.scheduled_at < late
                arrays.append(
                    [
                        *_columns(r, facts_texts, skip),
                        _aware(r.scheduled_at, "scheduled_at").isoformat(),
                        _STATUS[skip],
                    ]
                )
            rows = json.dumps(arrays)
            found = connection.exec_driver_sql(_PG_INSERT, (now, now, rows))
            return len(found.all())
        # sqlite3's executemany over values already as SQLAlchemy stores them (naive UTC
        # text, ISO dates, JSON text): its bind processing cost more than the write (four
        # instants a row), and a conflict is not counted in the rowcount.
        stamp = _sqlite_instant(now)
        values: list[tuple[Any, ...]] = []
        # a tick's reminders share a few send instants (one a morning): each formatted once
        instants: dict[datetime, str] = {}
        for r in chunk:
            at = instants.get(r.scheduled_at)
            if at is None:
                at = instants[r.scheduled_at] = _sqlite_instant(
                    _aware(r.scheduled_at, "scheduled_at")
                )
            skip = r.scheduled_at < late
            # scheduled_at, available_at, status, created_at, updated_at
            values.append((*_columns(r, facts_texts, skip), at, at, _STATUS[skip], stamp, stamp))
        return int(connection.exec_driver_sql(_SQLITE_INSERT, values).rowcount)

    def _cancel_missing(
        self, wanted: set[str], window: tuple[datetime, datetime], now: datetime
    ) -> int:
        start, end = (_aware(w, "window") for w in window)
        with self._sessions() as session:
            connection = session.connection()
            # the wanted keys sent as one parameter and left out by the database: a first
            # tick's 5,600 pending rows were each fetched to be found wanted
            stale = sorted(
                connection.scalars(
                    select(Row.id).where(
                        Row.status == "pending",
                        Row.scheduled_at >= start,
                        Row.scheduled_at <= end,
                        Row.key.not_in(_key_values(connection, sorted(wanted))),
                    )
                ).all()
            )
        cancelled = 0
        for chunk in _chunks(stale):
            with self._sessions() as session, session.begin():
                self._write_lock(session)
                result = session.execute(
                    update(Row)
                    .where(Row.id.in_(chunk), Row.status == "pending")
                    .values(status="cancelled", updated_at=now, last_error=None)
                    .execution_options(synchronize_session=False)
                )
                cancelled += int(getattr(result, "rowcount", 0) or 0)
        return cancelled

    # -- how far it is planned ----------------------------------------------------------------

    def is_empty(self) -> bool:
        """Whether no reminder was ever planned here (an office's first start)."""
        with self._sessions() as session:
            return session.scalar(select(Row.id).limit(1)) is None

    def mark(self) -> PlanMark | None:
        """How far the last plan that stored one reached, and from what; None when none is
        stored, or when the ledger no longer holds the rows it was stored over (emptied)."""
        with self._sessions() as session:
            stored = session.get(AppStateRow, PLAN_MARK_KEY)
            if stored is None:
                return None
            mark = PlanMark.parse(stored.value)
            if mark is None:
                return None
            if mark.ledger_id is not None and session.get(Row, mark.ledger_id) is None:
                return None
            return mark

    def save_mark(self, mark: PlanMark) -> None:
        """Store how far the ledger is planned, after the plan's rows are committed (another
        replica's later mark simply wins: each only says what the ledger already holds)."""
        with self._sessions() as session, session.begin():
            self._write_lock(session)
            last = session.scalar(select(func.max(Row.id)))
            value = replace(mark, ledger_id=last).to_json()
            connection = session.connection()
            dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
            table = AppStateRow.__table__
            connection.execute(
                dialect.insert(table)
                .values(key=PLAN_MARK_KEY, value=value)
                .on_conflict_do_update(index_elements=["key"], set_={"value": value})
            )

    # -- claiming -----------------------------------------------------------------------------

    def claim(
        self, worker_id: str, now: datetime, limit: int, lease: timedelta
    ) -> list[LedgerEntry]:
        """Claim up to `limit` due rows for `worker_id` until now + lease, oldest first.

        Due: pending rows whose time has come, and claimed rows whose lease expired. Rows
        older than the grace window become "skipped" instead. A row waits while an earlier
        row of the same chat waits for a retry or is held by a live claim, so each chat gets
        its reminders in order.
        """
        _aware(now, "now")
        if limit < 1:
            return []
        expired = and_(Row.status == "claimed", Row.lease_until <= now)
        with self._sessions() as session, session.begin():
            self._write_lock(session)
            stale_ids = session.scalars(
                select(Row.id)
                .where(
                    or_(Row.status == "pending", expired),
                    Row.scheduled_at < now - self._grace,
                )
                .with_for_update(skip_locked=True)
            ).all()
            for chunk in _chunks(stale_ids):
                session.execute(
                    update(Row)
                    .where(Row.id.in_(chunk))
                    .values(status="skipped", claimed_by=None, lease_until=None, updated_at=now)
                    .execution_options(synchronize_session=False)
                )
            if stale_ids:
                log.info("%d reminders past the grace window skipped", len(stale_ids))
            earlier = aliased(Row)
            held_back = exists().where(
                earlier.recipient == Row.recipient,
                or_(
                    earlier.scheduled_at < Row.scheduled_at,
                    and_(earlier.scheduled_at == Row.scheduled_at, earlier.id < Row.id),
                ),
                or_(
                    and_(earlier.status == "pending", earlier.available_at > now),
                    and_(earlier.status == "claimed", earlier.lease_until > now),
                ),
            )
            ids = session.scalars(
                select(Row.id)
                .where(
                    or_(and_(Row.status == "pending", Row.available_at <= now), expired),
                    Row.scheduled_at >= now - self._grace,
                    ~held_back,
                )
                .order_by(Row.scheduled_at, Row.id)
                .limit(limit)
                .with_for_update(skip_locked=True)
            ).all()
            if not ids:
                return []
            rows = session.scalars(
                update(Row)
                .where(Row.id.in_(ids))
                .values(
                    status="claimed",
                    claimed_by=worker_id,
                    lease_until=now + lease,
                    attempts=Row.attempts + 1,
                    updated_at=now,
                )
                .returning(Row)
                .execution_options(synchronize_session=False)
            ).all()
            entries = [_entry(row) for row in rows]
        entries.sort(key=lambda e: (e.scheduled_at, e.id))
        return entries

    def _update_one(self, statement: Update) -> bool:
        """Run one guarded UPDATE on its own: a single statement is atomic, so it runs in
        autocommit (no BEGIN/COMMIT round trips for the one write made per message sent)."""
        with self._sessions() as session:
            connection = session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
            result = connection.execute(statement)
            return bool(getattr(result, "rowcount", 0))

    def _held(self, entry_id: int, worker_id: str, now: datetime) -> Any:
        return and_(
            Row.id == entry_id,
            Row.status == "claimed",
            Row.claimed_by == worker_id,
            Row.lease_until > now,
        )

    def mark_sent(self, entry_id: int, worker_id: str, now: datetime) -> bool:
        """Record the row as sent, only while `worker_id` still holds its claim."""
        return self._update_one(
            update(Row)
            .where(self._held(entry_id, worker_id, _aware(now, "now")))
            .values(status="sent", sent_at=now, lease_until=None, updated_at=now)
        )

    def mark_failed(
        self,
        entry_id: int,
        worker_id: str,
        now: datetime,
        error: str,
        *,
        retry_after: float | None = None,
        permanent: bool = False,
    ) -> FailResult | None:
        """Record a failed send: retried after a backoff (after exactly `retry_after` seconds
        for a 429), or "failed" for good when `permanent` or the attempts are used up.

        Returns None when the worker no longer holds the row.
        """
        _aware(now, "now")
        with self._sessions() as session, session.begin():
            self._write_lock(session)
            attempts = session.scalar(
                select(Row.attempts).where(self._held(entry_id, worker_id, now))
            )
            if attempts is None:
                return None
            # A 429 says exactly when to come back, and is no fault of this message: it waits
            # that long and does not use up an attempt.
            if retry_after is not None:
                wait, final, counted = timedelta(seconds=retry_after), permanent, attempts - 1
            else:
                wait = self._retry.delay(attempts)
                final = permanent or attempts >= self._retry.max_attempts
                counted = attempts
            outcome = FailResult(status="failed" if final else "pending", available_at=now + wait)
            session.execute(
                update(Row)
                .where(Row.id == entry_id)
                .values(
                    status=outcome.status,
                    available_at=outcome.available_at if not final else Row.available_at,
                    claimed_by=None if not final else Row.claimed_by,
                    lease_until=None,
                    attempts=max(counted, 0),
                    last_error=error[:_ERROR_CHARS],
                    updated_at=now,
                )
                .execution_options(synchronize_session=False)
            )
            return outcome

    def release(
        self,
        entry_ids: Sequence[int],
        worker_id: str,
        now: datetime,
        *,
        available_at: datetime | None = None,
    ) -> int:
        """Hand back held rows not attempted (a rate limit, a lease running out); they keep
        their attempt count and are claimable again from `available_at` (default now)."""
        _aware(now, "now")
        released = 0
        for chunk in _chunks(sorted(entry_ids)):
            with self._sessions() as session, session.begin():
                self._write_lock(session)
                result = session.execute(
                    update(Row)
                    .where(
                        Row.id.in_(chunk),
                        Row.status == "claimed",
                        Row.claimed_by == worker_id,
                        Row.lease_until > now,
                    )
                    .values(
                        status="pending",
                        claimed_by=None,
                        lease_until=None,
                        attempts=case((Row.attempts > 0, Row.attempts - 1), else_=0),
                        available_at=available_at or now,
                        updated_at=now,
                    )
                    .execution_options(synchronize_session=False)
                )
                released += int(getattr(result, "rowcount", 0) or 0)
        return released

    def cancel(self, entry_id: int, worker_id: str, now: datetime, reason: str = "") -> bool:
        """Drop a held row: there is nothing to send any more (the task is gone or done)."""
        return self._update_one(
            update(Row)
            .where(self._held(entry_id, worker_id, _aware(now, "now")))
            .values(
                status="cancelled", lease_until=None, last_error=reason or None, updated_at=now
            )
        )

    # -- reading ------------------------------------------------------------------------------

    def entries(
        self,
        *,
        statuses: Iterable[str] = (),
        changed_since: datetime | None = None,
        changed_until: datetime | None = None,
    ) -> list[LedgerEntry]:
        """Rows by state and by when they last changed, oldest instant first.

        The digest reads what was skipped since the last digest; the office admins' report
        reads what failed.
        """
        stmt = select(Row).order_by(Row.scheduled_at, Row.id)
        wanted = list(statuses)
        if wanted:
            stmt = stmt.where(Row.status.in_(wanted))
        if changed_since is not None:
            stmt = stmt.where(Row.updated_at >= _aware(changed_since, "changed_since"))
        if changed_until is not None:
            stmt = stmt.where(Row.updated_at <= _aware(changed_until, "changed_until"))
        with self._sessions() as session:
            return [_entry(row) for row in session.scalars(stmt)]

    def counts(self) -> dict[str, int]:
        """Rows per status."""
        with self._sessions() as session:
            return {
                status: int(count)
                for status, count in session.execute(
                    select(Row.status, func.count()).group_by(Row.status)
                )
            }
