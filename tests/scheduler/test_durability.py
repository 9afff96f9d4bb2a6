"""Real processes on one database: SIGKILL mid-send loses nothing and repeats at most the
message in flight; three replicas ticking together send 1,200 reminders exactly once.

1,200 reminders are 24 batches: enough for the replicas to interleave and for each crash to
land mid-run, and small enough that each test stays within a minute on a busy machine."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from knowledge.db import Database
from scheduler.ledger import ReminderLedger

ROOT = Path(__file__).resolve().parents[2]
VN = ZoneInfo("Asia/Ho_Chi_Minh")
COUNT = 1200
DEADLINE = date(2026, 3, 11)
VIRTUAL_START = datetime(2026, 3, 11, 8, 0, 30, tzinfo=VN)  # just after the 08:00 reminders
EXPECTED = {
    f"{i}|{DEADLINE.isoformat()}|telegram:-100{i % 300:05d}|due" for i in range(1, COUNT + 1)
}
TIMEOUT = 120  # seconds a worker may take before the test gives up on it (not a timing check)


def start_worker(db_url: str, out: Path, real_start: float, *extra: str) -> subprocess.Popen[str]:
    command = [
        sys.executable,
        "-m",
        "tests.scheduler.worker",
        "--db",
        db_url,
        "--out",
        str(out),
        "--count",
        str(COUNT),
        "--deadline",
        DEADLINE.isoformat(),
        "--virtual-start",
        VIRTUAL_START.isoformat(),
        "--real-start",
        repr(real_start),
        *extra,
    ]
    return subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def delivered(*files: Path) -> list[str]:
    lines: list[str] = []
    for path in files:
        if path.exists():
            lines.extend(line for line in path.read_text().splitlines() if line)
    return lines


def finish(process: subprocess.Popen[str]) -> dict[str, object]:
    out, err = process.communicate(timeout=TIMEOUT)
    assert process.returncode == 0, err[-3000:]
    summary: dict[str, object] = json.loads(out.strip().splitlines()[-1])
    return summary


def test_sigkill_mid_send_loses_nothing_and_repeats_only_the_message_in_flight(
    db_url: str, database: Database, tmp_path: Path
) -> None:
    real_start = time.time()
    runs = [tmp_path / f"run{i}.txt" for i in (1, 2, 3)]

    # Run 1 kills itself with SIGKILL right after delivering its 300th message.
    first = start_worker(db_url, runs[0], real_start, "--die-after", "300")
    _, err = first.communicate(timeout=TIMEOUT)
    assert first.returncode == -signal.SIGKILL, err[-3000:]
    in_flight = delivered(runs[0])[-1]
    assert len(delivered(runs[0])) == 300

    # Run 2 is killed from outside at whatever point it has reached after 400 more.
    second = start_worker(db_url, runs[1], real_start)
    deadline = time.monotonic() + TIMEOUT
    while len(delivered(runs[1])) < 400:
        assert second.poll() is None, second.stderr.read() if second.stderr else ""
        assert time.monotonic() < deadline, "run 2 delivered too little"
        time.sleep(0.01)
    second.send_signal(signal.SIGKILL)
    second.communicate(timeout=TIMEOUT)
    assert second.returncode == -signal.SIGKILL

    # Run 3 finishes the job.
    finish(start_worker(db_url, runs[2], real_start))

    counts = Counter(delivered(*runs))
    assert set(counts) == EXPECTED  # 0 lost
    duplicates = {key: n for key, n in counts.items() if n > 1}
    assert sum(n - 1 for n in duplicates.values()) <= 2  # at most one per crash
    assert counts[in_flight] == 2  # the message in flight when run 1 died went out again
    assert all(n <= 2 for n in counts.values())
    ledger = ReminderLedger(database.session_factory)
    assert ledger.counts() == {"sent": COUNT}


def test_three_replicas_send_each_reminder_exactly_once(
    db_url: str, database: Database, tmp_path: Path
) -> None:
    real_start = time.time()
    outs = [tmp_path / f"replica{i}.txt" for i in range(3)]
    workers = [start_worker(db_url, out, real_start) for out in outs]
    try:
        summaries = [finish(worker) for worker in workers]
    finally:  # a worker left running (a failed finish) must not outlive the test
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.communicate()
    counts = Counter(delivered(*outs))
    assert set(counts) == EXPECTED  # 0 lost
    assert max(counts.values()) == 1  # 0 duplicates
    assert sum(int(str(s["delivered"])) for s in summaries) == COUNT
    assert sum(int(str(s["planned"])) for s in summaries) == COUNT  # each key planned once
    assert all(s["lost"] == 0 for s in summaries)
    ledger = ReminderLedger(database.session_factory)
    assert ledger.counts() == {"sent": COUNT}
    print("replica shares:", sorted(int(str(s["delivered"])) for s in summaries))
