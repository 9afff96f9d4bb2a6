"""The APScheduler runner: one tick job on an interval, started on the running loop."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from scheduler.runner import ApSchedulerRunner

VN = ZoneInfo("Asia/Ho_Chi_Minh")


async def _noop() -> None:
    return None


def test_the_trigger_fires_every_interval_in_the_office_zone() -> None:
    anchor = datetime(2026, 3, 9, 8, 0, 0, tzinfo=VN)
    runner = ApSchedulerRunner(_noop, every=timedelta(seconds=30), anchor=anchor)
    fixed = anchor + timedelta(seconds=10)
    first = runner.trigger.get_next_fire_time(None, fixed)
    assert first == anchor + timedelta(seconds=30)
    assert runner.trigger.get_next_fire_time(first, first) == anchor + timedelta(seconds=60)
    assert str(runner.trigger.timezone) == "Asia/Ho_Chi_Minh"
    assert runner.next_run_time() is None
    assert not runner.running


def test_a_meaningless_interval_is_refused() -> None:
    with pytest.raises(ValueError, match="positive"):
        ApSchedulerRunner(_noop, every=timedelta(0))


async def test_start_ticks_at_once_then_keeps_one_job() -> None:
    ticked = asyncio.Event()

    async def tick() -> None:
        ticked.set()

    runner = ApSchedulerRunner(tick, every=timedelta(hours=1))
    runner.start()
    try:
        await asyncio.wait_for(ticked.wait(), timeout=10)
        job = runner._scheduler.get_job(runner.job_id)
        assert job is not None
        assert (job.max_instances, job.coalesce, job.misfire_grace_time) == (1, True, None)
        assert len(runner._scheduler.get_jobs()) == 1
        next_run = runner.next_run_time()
        assert next_run is not None
        assert next_run - datetime.now(VN) > timedelta(minutes=59)
    finally:
        await runner.shutdown()
    assert not runner.running


async def test_a_failing_tick_is_logged_and_does_not_stop_the_runner(
    caplog: pytest.LogCaptureFixture,
) -> None:
    calls = []

    async def tick() -> None:
        calls.append(1)
        raise RuntimeError("database down")

    runner = ApSchedulerRunner(tick)
    with caplog.at_level(logging.ERROR, logger="scheduler.runner"):
        await runner._run()
        await runner._run()
    assert len(calls) == 2
    assert "reminder tick failed" in caplog.text
