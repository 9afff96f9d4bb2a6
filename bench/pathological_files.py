"""Files that broke the readers: time and peak memory of `giaoviec extract --json` and
`giaoviec ingest` on each, every run in a fresh process.

Run: .venv/bin/python bench/pathological_files.py [--mb 18] [--postgres URL] [--keep DIR]
         [--only NAME ...] [--no-ingest]

The files, built from samples/s00-thong-bao-ket-luan.txt in a temporary folder (or --keep):

- one-line:   the notice with its line breaks turned into spaces, repeated to --mb MB on one
              line (the issue's file: 61 s and 1.4 GB before, and past 300 s and 5.8 GB here);
- items-line: the notice's numbered items alone, repeated to --mb MB, on one line (tens of
              thousands of tasks: the most extraction a file of that size can ask for);
- normal:     the notice repeated to --mb MB with its line breaks;
- random:     200 KB of random bytes that are not NUL or control bytes, named .txt (stored as
              a document with 0 tasks before; now refused as not text).

Each command runs as `python -m bot ...` in a child process whose VmHWM is read from /proc
while it runs (tests/measure.py); a refusal prints the command's message. Ingest goes into a
fresh SQLite file per file (and, with --postgres, into a fresh schema on that server, dropped
afterwards). The budget the issue sets is printed beside each figure: peak RSS at most 400 MB,
time proportional to the size.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from targets import postgres_target  # noqa: E402

from tests.measure import Measured, run_measured  # noqa: E402

SEED = ROOT / "samples" / "s00-thong-bao-ket-luan.txt"
MB = 1024 * 1024
BUDGET_MB = 400


def _repeat(unit: str, size: int) -> str:
    return unit * (size // len(unit.encode("utf-8")) + 1)


def one_line(size: int) -> bytes:
    seed = SEED.read_text(encoding="utf-8")
    return _repeat(seed.replace("\n", " ") + " ", size).encode("utf-8")


def items_line(size: int) -> bytes:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("1."))
    end = next(i for i, line in enumerate(lines) if line.startswith("Nơi nhận"))
    head = " ".join(lines[:start])
    items = " ".join(line for line in lines[start:end] if line.strip())
    return (head + " " + _repeat(items + " ", size)).encode("utf-8")


def normal(size: int) -> bytes:
    return _repeat(SEED.read_text(encoding="utf-8") + "\n", size).encode("utf-8")


def random_bytes(_: int) -> bytes:
    rng = random.Random(2024)
    return bytes(rng.randrange(0x80, 0x100) for _ in range(200 * 1024))


FILES: dict[str, tuple[str, Callable[[int], bytes]]] = {
    "one-line": ("mot-dong.txt", one_line),
    "items-line": ("cac-muc-mot-dong.txt", items_line),
    "normal": ("binh-thuong.txt", normal),
    "random": ("ngau-nhien.txt", random_bytes),
}


def giaoviec(*args: str) -> Measured:
    return run_measured([sys.executable, "-m", "bot", *args], cwd=ROOT, timeout=900)


def line(label: str, size_mb: float, run: Measured, note: str) -> str:
    budget = "ok" if run.peak_mb <= BUDGET_MB else "OVER"
    rate = run.seconds / size_mb if size_mb else 0.0
    return (
        f"{label:<28} exit {run.code}  {run.seconds:6.1f} s  ({rate:4.1f} s/MB)  "
        f"peak {run.peak_mb:6.0f} MB [{budget}]  {note}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=18.0, help="size of the built files")
    parser.add_argument("--postgres", help="also ingest into a fresh schema on this server")
    parser.add_argument("--keep", help="build the files in this folder and keep them")
    parser.add_argument("--only", nargs="*", choices=sorted(FILES), help="these files only")
    parser.add_argument("--no-ingest", action="store_true", help="extract only")
    args = parser.parse_args()
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="giaoviec-files-"))
    folder.mkdir(parents=True, exist_ok=True)
    size = int(args.mb * MB)
    print(f"files in {folder}; budget: peak RSS <= {BUDGET_MB} MB")
    for name in args.only or FILES:
        filename, build = FILES[name]
        path = folder / filename
        path.write_bytes(build(size))
        size_mb = path.stat().st_size / MB
        print(f"\n{name}: {path.name}, {size_mb:.1f} MB")
        run = giaoviec("extract", "--json", str(path))
        if run.code == 0:
            outcome = f"{len(json.loads(run.out)['assignments'])} tasks"
        else:
            outcome = run.err.strip().splitlines()[-1] if run.err.strip() else "failed"
        print(line("  extract --json", size_mb, run, outcome))
        if args.no_ingest:
            continue
        database = folder / f"{path.stem}.db"
        database.unlink(missing_ok=True)
        run = giaoviec("--db", f"sqlite:///{database}", "ingest", "--quiet", str(path))
        print(line("  ingest (SQLite)", size_mb, run, ""))
        if args.postgres:
            target = postgres_target(args.postgres)
            try:
                run = giaoviec("--db", target.url, "ingest", "--quiet", str(path))
                print(line("  ingest (PostgreSQL)", size_mb, run, ""))
            finally:
                target.cleanup()


if __name__ == "__main__":
    main()
