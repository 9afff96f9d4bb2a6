"""Run a command in a child process and measure it: its exit code, output, wall time and peak
resident memory.

The peak is the child's own VmHWM, read from /proc while it runs: wait4's ru_maxrss would
count the parent too (a child spawned by vfork keeps the parent's high-water mark at exec).
"""

from __future__ import annotations

import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

POLL_SECONDS = 0.02


@dataclass(frozen=True)
class Measured:
    code: int
    out: str
    err: str
    seconds: float
    peak_mb: float


def _high_water_kb(pid: int) -> int | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return None


def run_measured(
    args: Sequence[str], *, cwd: Path | None = None, timeout: float = 300.0
) -> Measured:
    """Run `args`, killed after `timeout` seconds."""
    started = time.perf_counter()
    process = subprocess.Popen(
        list(args), cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    peak = 0
    done = threading.Event()

    def watch() -> None:
        nonlocal peak
        while not done.is_set():
            seen = _high_water_kb(process.pid)
            if seen is not None:
                peak = max(peak, seen)
            done.wait(POLL_SECONDS)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
    finally:
        done.set()
        watcher.join()
    return Measured(process.returncode, out, err, time.perf_counter() - started, peak / 1024)
