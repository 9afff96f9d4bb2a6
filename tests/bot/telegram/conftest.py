"""Fixtures of the Telegram adapter tests: PTB opted into timedelta periods, the emulator."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _ptb_timedelta(monkeypatch: pytest.MonkeyPatch) -> None:
    """PTB 22 warns on every RetryAfter unless opted in early; the suite turns warnings into errors."""
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
