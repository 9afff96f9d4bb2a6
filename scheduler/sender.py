"""The reminder tick: claim due ledger rows, send each through the messenger, record the outcome.

Sends are started in the ledger's order as fast as the rate limiter allows and run
concurrently (up to `max_in_flight`, one at a time per chat so a chat keeps its order), so
the platform's round trip does not add to the pace. Each is marked right after it went out,
so a crash can repeat at most the messages in flight. Rate limits are asked before each send:
a short wait is awaited, a long one (a chat at its per-minute limit) hands the chat's rows
back for later.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar

from scheduler.clock import Clock
from scheduler.ledger import LedgerEntry, ReminderLedger
from scheduler.messenger import (
    Messenger,
    OutgoingMessage,
    PermanentSendError,
    RetryAfter,
)
from scheduler.policy import ReminderRules, in_quiet_hours
from scheduler.ratelimit import RateLimiter

log = logging.getLogger(__name__)

# Turns a claimed row into the message to send; None when there is nothing to say any more
# (the assignment was removed). handlers/ provides it, with the Vietnamese wording.
Renderer = Callable[[LedgerEntry], OutgoingMessage | None]
Sleep = Callable[[float], Awaitable[None]]
_T = TypeVar("_T")
_MAX_ERRORS = 100  # error lines a report keeps


def default_worker_id() -> str:
    """host:pid:random, unique per process so a restarted process never inherits a lease."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass
class TickReport:
    """What one tick did."""

    claimed: int = 0
    sent: int = 0
    retried: int = 0  # transient failures and RetryAfter, back to pending with a delay
    failed: int = 0  # permanent failures and attempts used up
    deferred: int = 0  # handed back untried (rate limit, lease running out)
    cancelled: int = 0  # nothing to send any more
    lost: int = 0  # sent, but the claim had expired: another worker may send it again
    quiet: bool = False  # the tick fell in quiet hours and sent nothing
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SenderSettings:
    """How a tick claims and paces its work."""

    batch_size: int = 50
    lease: timedelta = timedelta(minutes=2)
    # A send is not started with less lease left than this: the mark must land in time.
    lease_margin: timedelta = timedelta(seconds=20)
    send_timeout: float = 15.0  # seconds; a hung send counts as a transient failure
    max_inline_wait: float = 2.0  # longer rate-limit waits hand the chat's rows back
    max_batches: int = 1000  # per tick, so one tick cannot run forever
    # Sends awaiting the platform at once (1: one at a time). The limiter sets the pace; this
    # only bounds the tasks a slow platform could pile up.
    max_in_flight: int = 64

    def __post_init__(self) -> None:
        """A send must be able to finish, and be marked, inside the lease."""
        if self.batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        if self.max_in_flight < 1:
            raise ValueError("max_in_flight must be at least 1")
        if timedelta(seconds=self.send_timeout) >= self.lease - self.lease_margin:
            raise ValueError("send_timeout must be shorter than lease minus lease_margin")


class ReminderSender:
    """Sends what the ledger says is due; one instance per process, ticked periodically."""

    def __init__(
        self,
        ledger: ReminderLedger,
        messengers: Mapping[str, Messenger],
        render: Renderer,
        clock: Clock,
        *,
        rules: ReminderRules | None = None,
        limiters: Mapping[str, RateLimiter] | None = None,
        settings: SenderSettings | None = None,
        worker_id: str | None = None,
        sleep: Sleep = asyncio.sleep,
        offload: bool = True,
    ) -> None:
        """`messengers` and `limiters` are keyed by platform ("telegram", "zalo").

        `offload` runs the ledger's database calls in a worker thread so the bot's event
        loop keeps answering while a tick writes.
        """
        self._ledger = ledger
        self._messengers = dict(messengers)
        self._render = render
        self._clock = clock
        self._rules = rules or ReminderRules()
        self._limiters = dict(limiters or {})
        self._settings = settings or SenderSettings()
        self.worker_id = worker_id or default_worker_id()
        self._sleep = sleep
        self._offload = offload

    async def _db(self, call: Callable[..., _T], *args: Any, **kwargs: Any) -> _T:
        if self._offload:
            return await asyncio.to_thread(call, *args, **kwargs)
        return call(*args, **kwargs)

    async def tick(self) -> TickReport:
        """Claim and send until nothing is due (or the batch cap); never raises for a send.

        Returns once every send it started is over and recorded.
        """
        report = TickReport()
        flight = _Flight(self._settings.max_in_flight)
        try:
            for _ in range(self._settings.max_batches):
                now = self._clock.now()
                if in_quiet_hours(now, self._rules):
                    report.quiet = True
                    break
                batch = await self._db(
                    self._ledger.claim,
                    self.worker_id,
                    now,
                    self._settings.batch_size,
                    self._settings.lease,
                )
                if not batch:
                    break
                report.claimed += len(batch)
                # Stop on a lost claim too: this process is slower than its lease, and
                # claiming again now would send its own expired rows a second time.
                if await self._send_batch(batch, report, flight) or report.lost:
                    break
        finally:
            await flight.drain()
        return report

    async def _send_batch(
        self, batch: list[LedgerEntry], report: TickReport, flight: _Flight
    ) -> bool:
        """Start the sends of a claimed batch in order; True when the tick should stop (a 429,
        a lease running out)."""
        held_until = flight.held_until  # chat -> when its rows may be tried again
        for index, entry in enumerate(batch):
            chat = entry.recipient.key
            await flight.after_chat(chat)  # the chat's previous send is over: order kept
            if flight.stop_at is not None:  # a 429: nothing more this tick
                await self._hand_back(batch[index:], flight.stop_at, report)
                return True
            if chat in held_until:
                await self._hand_back([entry], held_until[chat], report)
                continue
            if not self._within_lease(entry):
                await self._hand_back(batch[index:], self._clock.now(), report)
                return True
            try:
                message = self._render(entry)
            except Exception as exc:  # a rendering bug must not stop other reminders
                log.exception("reminder %s could not be rendered", entry.key)
                await self._fail(entry, f"render: {exc!r}", report, permanent=True)
                continue
            if message is None:
                if await self._db(
                    self._ledger.cancel, entry.id, self.worker_id, self._clock.now(), "nothing"
                ):
                    report.cancelled += 1
                continue
            messenger = self._messengers.get(entry.recipient.platform)
            if messenger is None:
                error = f"no messenger for platform {entry.recipient.platform!r}"
                await self._fail(entry, error, report, permanent=True)
                continue
            await flight.room()
            if flight.stop_at is not None:
                await self._hand_back(batch[index:], flight.stop_at, report)
                return True
            wait_until = await self._pace(entry)
            if wait_until is not None:
                held_until[chat] = wait_until
                await self._hand_back([entry], wait_until, report)
                continue
            if not self._within_lease(entry):  # pacing may have taken a while
                await self._hand_back(batch[index:], self._clock.now(), report)
                return True
            flight.start(chat, self._send_one(entry, message, report, flight))
            # Let the send run up to its first wait on the network (all of it, for a fake
            # that does not wait) before the next is paced: a send's 429 is then seen before
            # the next one starts, as it would be one at a time.
            await asyncio.sleep(0)
        return flight.stop_at is not None

    def _within_lease(self, entry: LedgerEntry) -> bool:
        lease_until = entry.lease_until
        return lease_until is not None and (
            self._clock.now() + self._settings.lease_margin < lease_until
        )

    async def _pace(self, entry: LedgerEntry) -> datetime | None:
        """Wait for the rate limiter; a wait too long for now returns when to try again."""
        limiter = self._limiters.get(entry.recipient.platform)
        if limiter is None:
            return None
        while (wait := limiter.acquire(entry.recipient.key)) > 0:
            if wait > self._settings.max_inline_wait:
                return self._clock.now() + timedelta(seconds=wait)
            await self._sleep(wait)
        return None

    async def _send_one(
        self, entry: LedgerEntry, message: OutgoingMessage, report: TickReport, flight: _Flight
    ) -> None:
        """Send and record; a 429 pauses the limiter and stops the tick (`flight.stop_at`)."""
        messenger = self._messengers[entry.recipient.platform]
        try:
            async with asyncio.timeout(self._settings.send_timeout):
                await messenger.send(entry.recipient, message)
        except RetryAfter as exc:
            limiter = self._limiters.get(entry.recipient.platform)
            if limiter is not None:
                limiter.pause(exc.seconds)
            log.warning("platform asked to wait %.1f s (reminder %s)", exc.seconds, entry.key)
            flight.stop(self._clock.now() + timedelta(seconds=exc.seconds))
            await self._fail(entry, f"retry after {exc.seconds:g} s", report, exc.seconds)
            return
        except PermanentSendError as exc:
            log.warning("reminder %s failed for good: %s", entry.key, exc)
            await self._fail(entry, f"permanent: {exc}", report, permanent=True)
            return
        except Exception as exc:
            # TransientSendError, a timeout, or anything else from an adapter (a bug there):
            # retried with backoff.
            kind = "timeout" if isinstance(exc, TimeoutError) else type(exc).__name__
            log.info("reminder %s not sent (%s: %s), will retry", entry.key, kind, exc)
            outcome = await self._fail(entry, f"{kind}: {exc}", report)
            if outcome is not None:
                flight.held_until[entry.recipient.key] = outcome  # keep the chat's order
            return
        if await self._db(self._ledger.mark_sent, entry.id, self.worker_id, self._clock.now()):
            report.sent += 1
        else:
            report.lost += 1
            log.warning("reminder %s sent after its claim expired", entry.key)

    async def _fail(
        self,
        entry: LedgerEntry,
        error: str,
        report: TickReport,
        retry_after: float | None = None,
        *,
        permanent: bool = False,
    ) -> datetime | None:
        """Record a failure; returns when the row will be retried (None: not retried)."""
        outcome = await self._db(
            self._ledger.mark_failed,
            entry.id,
            self.worker_id,
            self._clock.now(),
            error,
            retry_after=retry_after,
            permanent=permanent,
        )
        if len(report.errors) < _MAX_ERRORS:
            report.errors.append(f"{entry.key}: {error}")
        if outcome is None:
            return None
        if outcome.status == "failed":
            report.failed += 1
            return None
        report.retried += 1
        return outcome.available_at

    async def _hand_back(
        self, entries: list[LedgerEntry], available_at: datetime, report: TickReport
    ) -> None:
        if not entries:
            return
        report.deferred += await self._db(
            self._ledger.release,
            [e.id for e in entries],
            self.worker_id,
            self._clock.now(),
            available_at=available_at,
        )


class _Flight:
    """The sends of one tick still running: at most `limit`, one per chat, and whether a 429
    asked the tick to stop."""

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._running: set[asyncio.Task[None]] = set()
        self._by_chat: dict[str, asyncio.Task[None]] = {}
        self._errors: list[BaseException] = []
        self.held_until: dict[str, datetime] = {}  # chat -> when its rows may be tried again
        self.stop_at: datetime | None = None  # when sending may resume after a 429

    def stop(self, resume_at: datetime) -> None:
        """A 429: start nothing more this tick; the rows not started come back at `resume_at`."""
        if self.stop_at is None or resume_at > self.stop_at:
            self.stop_at = resume_at

    def start(self, chat: str, send: Awaitable[None]) -> None:
        """Run `send` (the chat's previous send is over: see after_chat)."""
        task = asyncio.ensure_future(send)
        self._running.add(task)
        self._by_chat[chat] = task
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task[None]) -> None:
        self._running.discard(task)
        if not task.cancelled() and task.exception() is not None:
            self._errors.append(task.exception())  # type: ignore[arg-type]

    async def after_chat(self, chat: str) -> None:
        """Wait for the send in flight to `chat`, if any."""
        task = self._by_chat.pop(chat, None)
        if task is not None and not task.done():
            await asyncio.wait([task])

    async def room(self) -> None:
        """Wait until fewer than `limit` sends are in flight."""
        while len(self._running) >= self._limit:
            await asyncio.wait(self._running, return_when=asyncio.FIRST_COMPLETED)

    async def drain(self) -> None:
        """Wait for every send; an error of one (the database failing a mark) is raised here,
        after the others are recorded."""
        while self._running:
            await asyncio.wait(set(self._running))
        self._by_chat.clear()
        if self._errors:
            raise self._errors[0]
