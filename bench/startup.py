"""Start-up: `giaoviec --help`, `giaoviec ask` on a small database and `giaoviec ingest` of one
file into a new one, each in a new process.

Run: .venv/bin/python bench/startup.py [--runs 7] [--before DIR]

Ingests samples/ into a temporary SQLite file, then runs `giaoviec --help`,
`giaoviec ask --today 2023-03-03 "Phòng Nội vụ có việc gì"` and `giaoviec ingest` of the sample
into a new file --runs times each (after one round that writes the bytecode caches: "cold" is
a new process, not a machine just booted) and prints the median and minimum wall time and CPU
time of each. `giaoviec extract` of the same file is timed too: the bare read that ingest and
ask add their store to (the evaluation scorer starts all three once per passage). With
--before DIR (a copy of an older tree, e.g. `git archive main | tar -x -C DIR`), the same
commands run with that tree first on PYTHONPATH, alternating with the current one, so both see
the same load.

Goals: --help <= 300 ms, ask <= 500 ms (median wall time). The exit status is 1 when one is
missed.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOALS_MS = {"--help": 300.0, "ask": 500.0}
SAMPLE = ROOT / "samples" / "s00-thong-bao-ket-luan.txt"


def _giaoviec() -> str:
    script = Path(sys.executable).parent / "giaoviec"
    if not script.exists():
        sys.exit(f"{script} not found: install the project in this environment first")
    return str(script)


def _timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of `command` in a new process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        command, env=env, stdout=subprocess.DEVNULL, check=True, cwd=tempfile.gettempdir()
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--before", type=Path, help="an older tree to compare with")
    args = parser.parse_args(argv)

    exe = _giaoviec()
    # A normal environment: bytecode caches are written and read (some shells turn them off).
    env = {
        k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONDONTWRITEBYTECODE")
    }
    trees = {"now": env}
    if args.before:
        trees = {"before": dict(env, PYTHONPATH=str(args.before.resolve())), "now": env}
    with tempfile.TemporaryDirectory(prefix="giaoviec-startup-") as folder:
        url = f"sqlite:///{Path(folder) / 'small.db'}"
        subprocess.run(
            [exe, "--db", url, "ingest", "--quiet", str(ROOT / "samples")],
            env=env,
            stdout=subprocess.DEVNULL,
            check=True,
        )
        commands = {
            "--help": [exe, "--help"],
            "ask": [exe, "--db", url, "ask", "--today", "2023-03-03", "Phòng Nội vụ có việc gì"],
            "extract": [exe, "extract", "--json", str(SAMPLE)],
            "ingest": [exe, "--db", "NEW", "ingest", str(SAMPLE)],
        }
        figures: dict[tuple[str, str], list[tuple[float, float]]] = {}
        for round_ in range(args.runs + 1):
            for name, command in commands.items():
                for tree, tree_env in trees.items():
                    new = f"sqlite:///{Path(folder) / f'new-{name}-{tree}-{round_}.db'}"
                    measured = _timed([new if a == "NEW" else a for a in command], tree_env)
                    if round_:  # the first round writes the bytecode caches
                        figures.setdefault((name, tree), []).append(measured)
    print(f"load average {os.getloadavg()[0]:.1f}, {args.runs} runs each")
    ok = True
    for (name, tree), runs in figures.items():
        walls = [w * 1000 for w, _ in runs]
        cpus = [c * 1000 for _, c in runs]
        median = statistics.median(walls)
        line = (
            f"{name:<7} {tree:<7} wall median {median:6.0f} ms, min {min(walls):6.0f} ms;"
            f"  CPU median {statistics.median(cpus):6.0f} ms, min {min(cpus):6.0f} ms"
        )
        if tree == "now" and name in GOALS_MS:
            met = median <= GOALS_MS[name]
            ok = ok and met
            line += f"   {'PASS' if met else 'MISS'} (goal <= {GOALS_MS[name]:.0f} ms)"
        print(line)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
