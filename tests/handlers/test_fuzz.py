"""Seeded fuzzing through the real router, on SQLite and PostgreSQL, Telegram and Zalo: no
message, however made, gets the generic error or leaves a traceback in the log.

The CI size runs in seconds; bench/fuzz.py sends 20,000 and more.
"""

from __future__ import annotations

import pytest

from tests.fuzzing import fuzz
from tests.handlers.trust_office import trust_office

MESSAGES = 1_500
SEED = 2026


@pytest.mark.parametrize("platform", ["telegram", "zalo"])
def test_no_message_breaks_the_router(db_url: str, platform: str) -> None:
    with trust_office(db_url, platform) as office:
        report = fuzz(office, MESSAGES, SEED + len(platform))
    print(f"{platform}: {report.messages} messages in {report.seconds:.1f} s {report.kinds}")
    assert report.messages == MESSAGES
    assert report.generic == []
    assert report.tracebacks == []
    assert min(report.kinds.values()) > 20  # every kind of message was sent
