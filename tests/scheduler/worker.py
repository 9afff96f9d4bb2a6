"""A reminder worker process for the crash and replica tests (python -m tests.scheduler.worker).

It plans N "due" reminders (one per synthetic assignment, spread over many group chats) into
the ledger of --db, then ticks until nothing is pending or claimed. Its messenger appends each
message's key to --out before returning, so the file is what was "delivered".
--die-after K kills the process with SIGKILL right after the K-th delivery, before the ledger
hears of it: the one message in flight. Time is virtual (--virtual-start) but moves with the
real clock, so leases expire for real.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import sys
import time
from datetime import date, datetime, timedelta

from knowledge.calendar import WorkCalendar
from knowledge.db import make_engine, make_session_factory
from scheduler.ledger import LedgerEntry, ReminderLedger
from scheduler.messenger import ChatTarget, OutgoingMessage
from scheduler.planner import ReminderPlanner, StaticSnapshots
from scheduler.policy import AssignmentSnapshot, ReminderRules, StaticRecipients
from scheduler.sender import ReminderSender, SenderSettings

CHATS = 300
# Only the "due" reminder: one per assignment, so N assignments give N reminders.
RULES = ReminderRules(
    offsets=(0,), overdue_limit=0, leader_after=None, remind_cooperating=False,
    weekly_digest=False,
)  # fmt: skip


class MovingClock:
    """Virtual time that advances with the real clock."""

    def __init__(self, virtual_start: datetime, real_start: float) -> None:
        self._virtual_start = virtual_start
        self._real_start = real_start

    def now(self) -> datetime:
        return self._virtual_start + timedelta(seconds=time.time() - self._real_start)


class FileMessenger:
    """Delivers by appending one line per message to a file before returning.

    The line is in the kernel once os.write returns, so the SIGKILL these tests send cannot
    lose it; no fsync (only a machine crash could lose it, which they do not simulate, and an
    fsync per message was half of the tests' time on a busy disk).
    """

    def __init__(self, path: str, die_after: int | None) -> None:
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        self._die_after = die_after
        self.delivered = 0

    async def send(self, chat: ChatTarget, message: OutgoingMessage) -> None:
        os.write(self._fd, (message.text + "\n").encode())
        self.delivered += 1
        if self._die_after is not None and self.delivered >= self._die_after:
            os.kill(os.getpid(), signal.SIGKILL)  # delivered, not yet marked sent


def snapshots(count: int, deadline: date) -> StaticSnapshots:
    return StaticSnapshots(
        tuple(
            AssignmentSnapshot(id=i, deadline=deadline, lead_keys=(f"unit-{i % CHATS}",))
            for i in range(1, count + 1)
        )
    )


def recipients() -> StaticRecipients:
    return StaticRecipients(
        units={f"unit-{c}": (ChatTarget("telegram", f"-100{c:05d}"),) for c in range(CHATS)}
    )


def render(entry: LedgerEntry) -> OutgoingMessage:
    return OutgoingMessage(entry.key)


async def run(args: argparse.Namespace) -> dict[str, object]:
    clock = MovingClock(datetime.fromisoformat(args.virtual_start), args.real_start)
    engine = make_engine(args.db)
    try:
        sessions = make_session_factory(engine)
        ledger = ReminderLedger(sessions, grace=RULES.grace)
        planner = ReminderPlanner(
            ledger,
            snapshots(args.count, date.fromisoformat(args.deadline)),
            recipients,
            RULES,
            WorkCalendar(),
        )
        planned = planner.plan(clock.now())
        messenger = FileMessenger(args.out, args.die_after)
        sender = ReminderSender(
            ledger,
            {"telegram": messenger},
            render,
            clock,
            rules=RULES,
            settings=SenderSettings(
                batch_size=args.batch,
                lease=timedelta(seconds=args.lease),
                lease_margin=timedelta(seconds=args.lease / 3),
                send_timeout=args.lease / 3,
            ),
            worker_id=args.worker_id or None,
            offload=False,
        )
        ticks = lost = 0
        while True:
            report = await sender.tick()
            ticks += 1
            lost += report.lost
            counts = ledger.counts()
            if not counts.get("pending") and not counts.get("claimed"):
                break
            if report.claimed == 0:
                await asyncio.sleep(0.05)  # a real process waiting for others' leases
        return {
            "worker": sender.worker_id,
            "planned": planned.inserted,
            "delivered": messenger.delivered,
            "ticks": ticks,
            "lost": lost,
        }
    finally:
        engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--deadline", required=True)
    parser.add_argument("--virtual-start", required=True)
    parser.add_argument("--real-start", type=float, default=time.time())
    parser.add_argument("--die-after", type=int)
    parser.add_argument("--lease", type=float, default=2.0)
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--worker-id", default="")
    args = parser.parse_args(argv)
    summary = asyncio.run(run(args))
    print(json.dumps(summary), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
