"""The fake Zalo server process (fake_zalo_server.py) and its test controls, as fixtures."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

SERVER = Path(__file__).with_name("fake_zalo_server.py")
TOKEN = "4711:fake-zalo-token-for-tests"
WAIT_SECONDS = 10.0  # how long a condition may take to come true before the test fails


@dataclass
class FakeZalo:
    """The running fake: its URL and its test controls."""

    url: str
    process: subprocess.Popen[str]

    async def control(self, name: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        async with httpx.AsyncClient(timeout=15) as http:
            response = await http.post(f"{self.url}/_test/{name}", json=body or {})
        response.raise_for_status()
        answer = response.json()
        assert isinstance(answer, dict)
        return answer

    async def state(self) -> dict[str, Any]:
        async with httpx.AsyncClient(timeout=15) as http:
            response = await http.get(f"{self.url}/_test/state")
        answer = response.json()
        assert isinstance(answer, dict)
        return answer

    async def write(self, text: str, **fields: Any) -> dict[str, Any]:
        """A person writes to the bot."""
        return await self.control("user_message", {"text": text, **fields})

    async def sent_texts(self, chat_id: str | None = None) -> list[str]:
        return [
            m["text"]
            for m in (await self.state())["sent"]
            if m["method"] == "sendMessage" and (chat_id is None or m["chat_id"] == chat_id)
        ]

    async def wait_until(self, check: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        """The fake's state once `check` holds; fails the test after WAIT_SECONDS."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + WAIT_SECONDS
        while True:
            state = await self.state()
            if check(state):
                return state
            if loop.time() > deadline:
                pytest.fail(f"the fake Zalo server never got there: {state}")
            await asyncio.sleep(0.02)


@pytest.fixture(scope="module")
def fake_process() -> Iterator[FakeZalo]:
    process = subprocess.Popen(
        [sys.executable, str(SERVER), "--token", TOKEN, "--port", "0", "--max-idle-wait", "0.05"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line.startswith("READY "):
        process.kill()
        pytest.fail(f"the fake Zalo server did not start: {line!r}")
    try:
        yield FakeZalo(f"http://127.0.0.1:{int(line.split()[1])}", process)
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()


@pytest.fixture
async def fake(fake_process: FakeZalo) -> FakeZalo:
    await fake_process.control("reset")
    return fake_process
