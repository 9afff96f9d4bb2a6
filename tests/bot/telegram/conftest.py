"""Fixtures of the Telegram adapter tests: PTB opted into timedelta periods, the emulator."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest


@pytest.fixture(autouse=True)
def _ptb_timedelta(monkeypatch: pytest.MonkeyPatch) -> None:
    """PTB 22 warns on every RetryAfter unless opted in early; the suite turns warnings into errors."""
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


# --- the telegram-test-api emulator (end-to-end tests) ---------------------------------------

EMULATOR_DIR = Path(__file__).resolve().parent / "emulator"


def _required() -> bool:
    """In CI the end-to-end tests must run, never skip."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _unavailable(reason: str) -> NoReturn:
    if _required():
        pytest.fail(f"{reason} (CI is set, so the Telegram emulator tests must run)")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass(frozen=True)
class Emulator:
    """A running emulator: its base URL."""

    url: str


@pytest.fixture(scope="session")
def telegram_emulator() -> Iterator[Emulator]:
    """telegram-test-api 4.2.1 on a free loopback port, installed with `npm ci` if needed."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        _unavailable("node and npm are needed for the Telegram emulator")
    if not (EMULATOR_DIR / "node_modules" / "telegram-test-api").is_dir():
        installed = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"],
            cwd=EMULATOR_DIR,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if installed.returncode != 0:
            _unavailable(f"npm ci failed: {installed.stderr[-2000:]}")
    port = _free_port()
    process = subprocess.Popen(
        [node, "launcher.js", str(port)],
        cwd=EMULATOR_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    ready = process.stdout.readline()  # "ready <port>", or the error that stopped it
    if not ready.startswith("ready"):
        process.kill()
        process.wait()
        pytest.fail(f"the Telegram emulator did not start: {ready}{process.stdout.read()}")
    try:
        yield Emulator(f"http://127.0.0.1:{port}")
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()
