"""A fake Telegram or Zalo Bot API on loopback: a real HTTP server with a round trip and limits.

Each request is held for half a round trip (its way in) before the server judges it, and its
answer for the other half (its way back); each half varies by up to +-`jitter` of itself. The
judgement is the platform's limits as sliding windows over arrival times: at most `overall`
messages in any `overall_window`, `per_chat` in any `chat_window` per chat; past them the
answer is 429 with `retry_after` (Telegram: `parameters.retry_after`, Zalo: `error_code` 429).
getMe answers a bot; sendMessage answers a message; anything else answers ok.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs


@dataclass
class Limits:
    """The limits the server enforces."""

    overall: int = 30
    overall_window: float = 1.0
    per_chat: int = 20
    chat_window: float = 60.0


@dataclass
class FakePlatform:
    """The server; `start` binds a free port on 127.0.0.1 and returns the API's base URL."""

    flavour: str = "telegram"  # or "zalo": the shape of answers and of a 429
    rtt_s: float = 0.05
    jitter: float = 0.0
    limits: Limits = field(default_factory=Limits)
    seed: int = 1
    sent: int = 0
    refused: int = 0
    first: float | None = None  # monotonic time of the first accepted message's arrival
    last: float | None = None  # and of the last one
    record: bool = False  # keep every accepted arrival (for the busiest second)
    arrivals: list[float] = field(default_factory=list)
    _server: asyncio.Server | None = None

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)
        self._window: deque[float] = deque()
        self._chats: dict[str, deque[float]] = {}

    async def start(self) -> str:
        """Listen; the base URL clients put before "<token>/<method>"."""
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        port = self._server.sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}/bot"

    async def close(self) -> None:
        """Stop listening and drop the connections."""
        if self._server is not None:
            self._server.close()
            if hasattr(self._server, "close_clients"):  # Python 3.13
                self._server.close_clients()

    def _leg(self) -> float:
        half = self.rtt_s / 2
        return max(0.0, half * (1 + self._rng.uniform(-self.jitter, self.jitter)))

    def _judge(self, chat: str | None) -> bool:
        """True when the message is within the limits at its arrival (then it is counted)."""
        now = time.monotonic()
        limits = self.limits
        while self._window and self._window[0] <= now - limits.overall_window:
            self._window.popleft()
        mine = self._chats.setdefault(chat or "", deque())
        while mine and mine[0] <= now - limits.chat_window:
            mine.popleft()
        if len(self._window) >= limits.overall or len(mine) >= limits.per_chat:
            self.refused += 1
            return False
        self._window.append(now)
        mine.append(now)
        self.sent += 1
        self.first = now if self.first is None else self.first
        self.last = now
        if self.record:
            self.arrivals.append(now)
        return True

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                path = lines[0].split(" ")[1]
                headers = {
                    k.strip().lower(): v.strip()
                    for k, _, v in (line.partition(":") for line in lines[1:] if line)
                }
                body = await reader.readexactly(int(headers.get("content-length", "0")))
                method = path.rsplit("/", 1)[-1]
                params = _params(body, headers.get("content-type", ""))
                await asyncio.sleep(self._leg())  # the way in
                status, answer = self._answer(method, params)
                await asyncio.sleep(self._leg())  # the way back
                data = json.dumps(answer).encode()
                writer.write(
                    f"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\n"
                    f"Content-Length: {len(data)}\r\n\r\n".encode()
                    + data
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    def _answer(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if method == "getMe":
            me = {"id": 1, "is_bot": True, "first_name": "Bench", "username": "bench_bot"}
            if self.flavour == "zalo":
                me = {"id": "1", "account_name": "bench", "can_join_groups": True}
            return 200, {"ok": True, "result": me}
        if method != "sendMessage":
            return 200, {"ok": True, "result": True}
        chat = str(params.get("chat_id", ""))
        if not self._judge(chat):
            if self.flavour == "zalo":
                return 429, {"ok": False, "error_code": 429, "description": "quota exceeded"}
            return 429, {
                "ok": False,
                "error_code": 429,
                "description": "Too Many Requests: retry after 1",
                "parameters": {"retry_after": 1},
            }
        if self.flavour == "zalo":
            return 200, {"ok": True, "result": {"message_id": str(self.sent), "date": 0}}
        chat_id = int(chat) if chat.lstrip("-").isdigit() else 0
        message = {
            "message_id": self.sent,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "supergroup", "title": "g"},
            "text": str(params.get("text", "")),
        }
        return 200, {"ok": True, "result": message}


def _params(body: bytes, content_type: str) -> dict[str, Any]:
    """The request's parameters: JSON (Zalo, PTB) or a form (PTB with files)."""
    if not body:
        return {}
    if "json" in content_type:
        value = json.loads(body)
        return value if isinstance(value, dict) else {}
    if "urlencoded" in content_type:
        return {k: v[0] for k, v in parse_qs(body.decode()).items()}
    return {}


class PlatformProcess:
    """A FakePlatform in a process of its own, so the sender's event loop (database marks, its
    Python work) cannot delay the server's clock, as it could not delay Telegram's."""

    def __init__(self, **settings: Any) -> None:
        self._settings = settings
        self._conn: Any = None
        self._process: Any = None

    def start(self) -> str:
        """Start the server; its base URL."""
        import multiprocessing

        context = multiprocessing.get_context("spawn")  # no copy of the caller's event loop
        self._conn, child = context.Pipe()
        self._process = context.Process(target=_serve_in_process, args=(child, self._settings))
        self._process.start()
        url: str = self._conn.recv()
        return url

    def stop(self) -> dict[str, Any]:
        """Stop the server; what it counted (sent, refused, first and last arrival)."""
        self._conn.send("stop")
        stats: dict[str, Any] = self._conn.recv()
        self._process.join(10)
        return stats


def _serve_in_process(conn: Any, settings: dict[str, Any]) -> None:
    async def serve() -> dict[str, Any]:
        settings["limits"] = Limits(**settings["limits"])
        server = FakePlatform(**settings)
        conn.send(await server.start())
        await asyncio.get_running_loop().run_in_executor(None, conn.recv)  # "stop"
        await server.close()
        return {
            "sent": server.sent,
            "refused": server.refused,
            "first": server.first,
            "last": server.last,
            "arrivals": server.arrivals,
        }

    conn.send(asyncio.run(serve()))
