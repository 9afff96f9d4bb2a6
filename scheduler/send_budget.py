"""A bot's send budget shared by every process on one database (replicas of `giaoviec run`).

Each process keeps its own token buckets (scheduler.pacing), so three replicas of one bot
would each send at the platform's limit: three times what Telegram allows. Here the bot's
overall rate lives in one row, as the generic cell rate algorithm keeps it: the theoretical
arrival time (`tat`) of the next send. A send is admitted when `tat` is at most the burst
tolerance ahead of now, and then moves `tat` one interval on, in one conditional UPDATE, so
two processes can never take the same slot (the row lock serialises them). Each chat's bucket,
and the pause after a 429 seen by this process, stay in the process's own limiter; a 429 also
moves the shared `tat` past the pause, so every replica holds.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import Float, String, case, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from knowledge.db import Base
from scheduler.clock import Clock
from scheduler.pacing import Pacing, TokenBucketLimiter
from scheduler.ratelimit import RateLimiter, RateLimits

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MAX_SHARED_PAUSE_S = 3600.0


class SendBudgetRow(Base):
    """One bot's shared budget: when its next send is due, in seconds since the epoch."""

    __tablename__ = "send_budget"

    bot: Mapped[str] = mapped_column(String(100), primary_key=True)
    tat: Mapped[float] = mapped_column(Float, nullable=False)


def _seconds(instant: datetime) -> float:
    return (instant - _EPOCH).total_seconds()


class SharedBudgetLimiter(RateLimiter):
    """The platform's limiter for a process that shares its bot with other processes.

    The bot's overall rate is taken from the shared row (one UPDATE per admitted send, one
    SELECT more when the budget says wait); the chat buckets and the local pause are those of
    a TokenBucketLimiter whose own overall limit is left wide (the row keeps it).
    """

    def __init__(
        self,
        bot: str,
        limits: RateLimits,
        clock: Clock,
        session_factory: sessionmaker[Session],
        pacing: Pacing | None = None,
    ) -> None:
        super().__init__(limits, clock)
        self.bot = bot
        self._clock = clock
        self._sessions = session_factory
        # the chats' buckets and the pause, locally; the overall rate is the row's
        self._local = TokenBucketLimiter(
            replace(limits, overall=limits.overall * 1000), clock, pacing
        )
        shape = pacing or Pacing()
        interval = (limits.overall_window + shape.margin) / limits.overall
        self._interval = interval.total_seconds()
        # no burst across processes: a slot every interval keeps any window of the platform's
        # within its limit (a burst would need the run cap the local buckets keep, per process)
        self._tolerance = 0.0
        self._ensure_row()

    def _ensure_row(self) -> None:
        with self._sessions.begin() as session:
            if session.get(SendBudgetRow, self.bot) is None:
                session.add(SendBudgetRow(bot=self.bot, tat=0.0))
                try:
                    session.flush()
                except IntegrityError:  # another process made it first
                    session.rollback()

    def wait_time(self, chat: str | None) -> float:
        """Seconds before a send to `chat` may go: the chat's bucket or the shared budget."""
        local = self._local.wait_time(chat)
        if local > 0:
            return local
        with self._sessions() as session:
            tat = session.scalar(select(SendBudgetRow.tat).where(SendBudgetRow.bot == self.bot))
        now = _seconds(self._clock.now())
        return max(0.0, (tat or 0.0) - self._tolerance - now)

    def acquire(self, chat: str | None) -> float:
        """Take the chat's token and a slot of the shared budget; 0.0, or the seconds to wait
        (nothing taken then)."""
        local = self._local.wait_time(chat)
        if local > 0:
            return local
        now = _seconds(self._clock.now())
        start = case((SendBudgetRow.tat > now, SendBudgetRow.tat), else_=now)
        with self._sessions.begin() as session:
            taken = session.execute(
                update(SendBudgetRow)
                .where(SendBudgetRow.bot == self.bot, start - now <= self._tolerance)
                .values(tat=start + self._interval)
                .returning(SendBudgetRow.tat)
            ).first()
            if taken is None:
                tat = session.scalar(
                    select(SendBudgetRow.tat).where(SendBudgetRow.bot == self.bot)
                )
                # at least a millisecond: the row says wait, however close the slot is
                return max(0.001, (tat or 0.0) - self._tolerance - now)
        # 0.0: the chat's bucket was ready a moment ago and nothing else of ours took it
        return self._local.acquire(chat)

    def pause(self, seconds: float) -> None:
        """Hold this process, and every other on the budget, for `seconds` (a 429), at most
        an hour: a wrong or hostile retry_after must not silence every replica for good (after
        the hour, the platform says again how long to wait)."""
        seconds = min(max(0.0, seconds), MAX_SHARED_PAUSE_S)
        self._local.pause(seconds)
        held = _seconds(self._clock.now() + timedelta(seconds=seconds))
        with self._sessions.begin() as session:
            session.execute(
                update(SendBudgetRow)
                .where(SendBudgetRow.bot == self.bot, SendBudgetRow.tat < held)
                .values(tat=held)
            )


__all__ = ["SendBudgetRow", "SharedBudgetLimiter"]
