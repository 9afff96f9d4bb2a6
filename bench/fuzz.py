"""Fuzzing the router at size: 20,000 messages and more, SQLite and PostgreSQL.

Run: .venv/bin/python bench/fuzz.py [--messages 20000] [--seed 2026] [--postgres URL]

The messages of tests/fuzzing.py (commands with any arguments, button data with ids past
2**63 and in other scripts' digits, progress words, questions, files; control characters, NUL,
lone surrogates, FTS syntax, 100 KB texts) go through the real Router of the office of
tests/handlers/trust_office.py: half from its Telegram office, half from its Zalo office, on a
fresh SQLite file and, with --postgres, on a fresh schema of that server (dropped after).
It prints, per database and platform, the messages, the time, the generic-error replies and
the log records with a traceback, and exits 1 when any of those two is not zero.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from targets import postgres_target  # noqa: E402

from tests.fuzzing import FuzzReport, fuzz  # noqa: E402
from tests.handlers.trust_office import trust_office  # noqa: E402


def run(label: str, url: str, platform: str, messages: int, seed: int) -> FuzzReport:
    with trust_office(url, platform) as office:
        report = fuzz(office, messages, seed)
    rate = report.messages / report.seconds if report.seconds else 0.0
    print(
        f"{label:<11} {platform:<9} {report.messages:>7} messages  {report.seconds:6.1f} s "
        f"({rate:5.0f}/s)  generic errors {len(report.generic)}  tracebacks "
        f"{len(report.tracebacks)}  {dict(sorted(report.kinds.items()))}"
    )
    for line in (report.generic + report.tracebacks)[:10]:
        print(f"    {line}")
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=20_000, help="per database")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--postgres", help="also on a fresh schema of this server")
    args = parser.parse_args()
    half = args.messages // 2
    reports = []
    for platform in ("telegram", "zalo"):
        with tempfile.TemporaryDirectory(prefix="giaoviec-fuzz-") as folder:
            url = f"sqlite:///{folder}/fuzz.db"
            reports.append(run("SQLite", url, platform, half, args.seed))
        if args.postgres:
            target = postgres_target(args.postgres)
            try:
                reports.append(run("PostgreSQL", target.url, platform, half, args.seed))
            finally:
                target.cleanup()
    total = sum(r.messages for r in reports)
    bad = sum(len(r.generic) + len(r.tracebacks) for r in reports)
    print(f"total: {total} messages, {bad} generic errors and tracebacks")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
