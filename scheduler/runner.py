"""APScheduler runs the reminder tick every few seconds on the bot's asyncio loop.

The only module that imports apscheduler. No job store: the ledger is the state, so a job
lost with the process loses nothing; the tick's callback is injected (handlers/ composes
planning and sending).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

log = logging.getLogger(__name__)

Tick = Callable[[], Awaitable[object]]


class ApSchedulerRunner:
    """Calls `tick` every `every`, one at a time; a tick still running makes the next wait."""

    def __init__(
        self,
        tick: Tick,
        *,
        every: timedelta = timedelta(seconds=30),
        timezone: str = "Asia/Ho_Chi_Minh",
        job_id: str = "reminder-tick",
        anchor: datetime | None = None,
    ) -> None:
        """Nothing runs until start(); ticks fall on `anchor` + n * `every` (default: now)."""
        if every <= timedelta(0):
            raise ValueError("the tick interval must be positive")
        self._tick = tick
        self._zone = ZoneInfo(timezone)
        self.job_id = job_id
        self.trigger = IntervalTrigger(
            seconds=every.total_seconds(), timezone=self._zone, start_date=anchor
        )
        self._scheduler = AsyncIOScheduler(timezone=self._zone)

    @property
    def running(self) -> bool:
        """Whether the scheduler is started."""
        return bool(self._scheduler.running)

    def start(self, *, first_at: datetime | None = None) -> None:
        """Start on the running asyncio loop; the first tick at `first_at` (default: at once,
        so reminders missed while the process was down go out without waiting a period)."""
        self._scheduler.add_job(
            self._run,
            self.trigger,
            id=self.job_id,
            name="reminder tick",
            max_instances=1,  # a long tick (a big fan-out) delays the next, never overlaps it
            coalesce=True,  # ticks missed while busy or suspended run once, not many times
            misfire_grace_time=None,  # a late tick is still worth running
            next_run_time=first_at or datetime.now(self._zone),
            replace_existing=True,
        )
        self._scheduler.start()

    async def shutdown(self) -> None:
        """Stop scheduling; a tick in progress is not waited for (its claims simply lapse)."""
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
            # AsyncIOScheduler stops through call_soon: let the loop run it before returning.
            await asyncio.sleep(0)

    def next_run_time(self) -> datetime | None:
        """When the tick runs next (None when not started)."""
        job = self._scheduler.get_job(self.job_id)
        return None if job is None else job.next_run_time

    async def _run(self) -> None:
        try:
            await self._tick()
        except Exception:  # the next tick must still come
            log.exception("reminder tick failed")
