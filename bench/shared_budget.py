"""Replicas on one PostgreSQL: three processes serving one Telegram bot stay within 30 msgs/s.

Run: .venv/bin/python bench/shared_budget.py [--postgres URL] [--processes 3] [--each 300]
                                              [--rtt-ms 50]

A fake Telegram Bot API on loopback (bench/fake_platform.py: a round trip, Telegram's limits
judged on arrival, 429 with retry_after past them) takes sendMessage from `--processes`
processes at once, each sending `--each` messages to chats of its own, as a replica's reminder
sender does: every send waits for the limiter (scheduler.send_budget's shared budget, the
product's limiter for a bot on PostgreSQL), then goes out without waiting for the ones before
(sends in flight together). The same run with each process's own token buckets (what each
replica had before: the fairest bare baseline) comes first.

Prints, for each, the messages accepted, the span from the first to the last arrival, the
rate, the busiest second, and the answers 429. Goal: with the shared budget, the busiest
second holds at most 30 and no answer is 429. The exit status is 1 when it is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.fake_platform import PlatformProcess
from bench.targets import postgres_target
from knowledge.db import open_database
from scheduler.clock import SystemClock
from scheduler.pacing import platform_limiter
from scheduler.ratelimit import TELEGRAM_LIMITS
from scheduler.send_budget import SharedBudgetLimiter

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
TOKEN = "123456:bench"


async def _replica(url: str, db_url: str, shared: bool, index: int, each: int) -> int:
    import httpx

    database = open_database(db_url)
    clock = SystemClock()
    limiter = (
        SharedBudgetLimiter("telegram:123456", TELEGRAM_LIMITS, clock, database.session_factory)
        if shared
        else platform_limiter("telegram", clock)
    )
    refused = 0
    async with httpx.AsyncClient(timeout=30) as client:

        async def send(chat: str) -> None:
            nonlocal refused
            answer = await client.post(
                f"{url}/{TOKEN}/sendMessage", json={"chat_id": chat, "text": "nhắc hạn"}
            )
            if answer.status_code == 429:
                refused += 1

        tasks = []
        for n in range(each):
            chat = f"-100{index}{n:05d}"
            # the limiter never sleeps: it says how long to wait, as the sender asks it
            while (wait := limiter.acquire(f"telegram:{chat}")) > 0:  # noqa: ASYNC110
                await asyncio.sleep(wait)
            tasks.append(asyncio.create_task(send(chat)))
        await asyncio.gather(*tasks)
    database.dispose()
    return refused


def _run_replica(url: str, db_url: str, shared: bool, index: int, each: int, out: Any) -> None:
    out.send(asyncio.run(_replica(url, db_url, shared, index, each)))


def _busiest_second(arrivals: list[float]) -> int:
    most, first = 0, 0
    for last, when in enumerate(arrivals):
        while when - arrivals[first] >= 1.0:
            first += 1
        most = max(most, last - first + 1)
    return most


def measure(db_url: str, processes: int, each: int, rtt_ms: float, shared: bool) -> dict[str, Any]:
    """One run: `processes` replicas each sending `each` messages to the fake server."""
    server = PlatformProcess(
        flavour="telegram",
        rtt_s=rtt_ms / 1000,
        jitter=0.0,
        limits={"overall": 30, "overall_window": 1.0, "per_chat": 20, "chat_window": 60.0},
        seed=processes * each,
        record=True,
    )
    url = server.start()
    context = multiprocessing.get_context("spawn")
    pipes, workers = [], []
    began = time.monotonic()
    for index in range(processes):
        parent, child = context.Pipe()
        worker = context.Process(
            target=_run_replica, args=(url, db_url, shared, index, each, child)
        )
        worker.start()
        pipes.append(parent)
        workers.append(worker)
    refused_seen = sum(pipe.recv() for pipe in pipes)
    for worker in workers:
        worker.join(30)
    wall = time.monotonic() - began
    stats = server.stop()
    arrivals = sorted(stats.get("arrivals") or [])
    span = (stats["last"] - stats["first"]) if stats["first"] is not None else 0.0
    return {
        "sent": stats["sent"],
        "refused": stats["refused"],
        "refused_seen": refused_seen,
        "span_s": span,
        "rate": stats["sent"] / span if span else 0.0,
        "busiest": _busiest_second(arrivals),
        "wall_s": wall,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default=DEFAULT_PG)
    parser.add_argument("--processes", type=int, default=3)
    parser.add_argument("--each", type=int, default=300)
    parser.add_argument("--rtt-ms", type=float, default=50.0)
    args = parser.parse_args(argv)

    target = postgres_target(args.postgres)
    try:
        open_database(target.url).dispose()  # migrate once, before the replicas start
        results = {}
        for shared in (False, True):
            name = "shared budget" if shared else "own buckets (before)"
            r = measure(target.url, args.processes, args.each, args.rtt_ms, shared)
            results[shared] = r
            print(
                f"{args.processes} processes, {name}: {r['sent']} accepted in "
                f"{r['span_s']:.1f} s = {r['rate']:.1f} msgs/s, busiest second "
                f"{r['busiest']}, {r['refused']} answers 429 (RTT {args.rtt_ms:.0f} ms)"
            )
    finally:
        target.cleanup()
    r = results[True]
    floor = args.processes * args.each / TELEGRAM_LIMITS.overall
    ok = r["busiest"] <= TELEGRAM_LIMITS.overall and r["refused"] == 0
    print(
        f"shared budget: {r['span_s'] / floor:.2f}x the {floor:.0f} s floor, busiest second "
        f"{r['busiest']} (limit {TELEGRAM_LIMITS.overall}), {r['refused']} answers 429: "
        f"{'PASS' if ok else 'FAIL'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
