"""Webhook endpoints that hold under attack, shared by Telegram and Zalo.

A request is judged on its headers before any of its body is read: a missing or wrong secret
gets 403, a declared body over the cap 413, and a request past the cap on requests in flight
503; the connection is then closed, so what the sender keeps sending is never read. A body
that is not JSON (or is nested too deep to decode) gets 400 and is logged cut short.
"""

from __future__ import annotations

import hmac
import json
import logging
import socket
from collections.abc import Callable
from dataclasses import dataclass

import tornado.httpserver
import tornado.web

log = logging.getLogger(__name__)

# A Telegram or Zalo update is a few kilobytes at most; 1 MB is plenty.
MAX_BODY_BYTES = 1024 * 1024
# Requests past the secret whose body is read or handled at once; the platforms deliver
# one chat's updates in order and keep a few connections open.
MAX_IN_FLIGHT = 16
# How far past the cap a chunked body's declared chunks may go before tornado refuses them
# itself; what arrives is counted and refused at the cap.
_CHUNK_ROOM = 64 * 1024 * 1024
# Characters of an unreadable body the log keeps.
LOGGED_BODY_CHARS = 200

# Takes one decoded JSON body; returns the HTTP status to answer (200, 400, 503...).
Accept = Callable[[object], int]


class InFlight:
    """How many accepted requests are being read or handled, up to `limit`."""

    def __init__(self, limit: int = MAX_IN_FLIGHT) -> None:
        if limit < 1:
            raise ValueError("at least one request must be allowed in flight")
        self.limit = limit
        self.count = 0

    def enter(self) -> bool:
        """Take a place; False when all are taken."""
        if self.count >= self.limit:
            return False
        self.count += 1
        return True

    def leave(self) -> None:
        """Give a place back."""
        self.count = max(0, self.count - 1)


@dataclass(frozen=True)
class WebhookRoute:
    """One webhook: where, which header carries its secret, and what takes its updates."""

    name: str  # "Telegram", "Zalo": for the log
    path: str
    header: str
    secret: bytes
    accept: Accept
    max_body: int = MAX_BODY_BYTES
    in_flight: InFlight | None = None  # None: a limit of its own (MAX_IN_FLIGHT)
    empty_ok: bool = False  # an empty body is a probe, answered 200 (Zalo)


def route_path(path: str) -> str:
    """The URL path served: "zalo", "/zalo/" -> "/zalo"."""
    return "/" + path.strip("/")


def preview(body: bytes) -> str:
    """The start of an unreadable body, safe to log (one line, cut short)."""
    text = body[: LOGGED_BODY_CHARS * 4].decode("utf-8", "replace")
    shown = text[:LOGGED_BODY_CHARS].encode("unicode_escape").decode("ascii")
    return shown + ("…" if len(body) > LOGGED_BODY_CHARS else "")


@tornado.web.stream_request_body
class GuardedWebhookHandler(tornado.web.RequestHandler):
    """POST <path>: one update. The body is streamed, so `prepare` runs on the headers alone."""

    def initialize(self, route: WebhookRoute, in_flight: InFlight) -> None:
        """Per-request setup by tornado (the arguments come from the route)."""
        self._route = route
        self._in_flight = in_flight
        self._counted = False
        self._chunks: list[bytes] = []
        self._size = 0

    def prepare(self) -> None:
        """Refuse a wrong secret, an oversized body or one request too many, before reading."""
        route = self._route
        given = self.request.headers.get(route.header, "")
        # compared as bytes in constant time; tornado decoded the header as latin-1, so
        # encoding it back gives the bytes sent
        if not hmac.compare_digest(given.encode("latin-1", "replace"), route.secret):
            log.warning(
                "%s webhook: %s secret from %s, refused",
                route.name,
                "wrong" if given else "missing",
                self.request.remote_ip,
            )
            raise tornado.web.HTTPError(403)
        if self.request.method != "POST":
            raise tornado.web.HTTPError(405)
        length = self.request.headers.get("Content-Length")
        if length is not None:  # without it (chunked), data_received counts
            if not length.isascii() or not length.isdigit():
                raise tornado.web.HTTPError(400)
            if len(length) > 12 or int(length) > route.max_body:
                log.warning("%s webhook: a body of %s bytes refused", route.name, length[:20])
                raise tornado.web.HTTPError(413)
        if not self._in_flight.enter():
            log.warning(
                "%s webhook: %d requests in flight, one more refused",
                route.name,
                self._in_flight.limit,
            )
            raise tornado.web.HTTPError(503)
        self._counted = True
        if self.request.connection is not None:
            # tornado checks each chunk's declared size before reading it and answers a bare
            # 400: its limit stays far above ours, which counts what arrives (data_received)
            limit = route.max_body + _CHUNK_ROOM
            self.request.connection.set_max_body_size(limit)  # type: ignore[attr-defined]

    def data_received(self, chunk: bytes) -> None:
        """A piece of the body (only after the headers were accepted); a body without a
        declared length is refused (413) once past the cap, the rest never read."""
        if self._finished:
            return
        self._size += len(chunk)
        if self._size > self._route.max_body:
            log.warning("%s webhook: a body past %d bytes refused", self._route.name, self._size)
            self._chunks = []
            self.send_error(413)
            return
        self._chunks.append(chunk)

    def post(self) -> None:
        """Decode and hand over the update; 400 for what is not JSON."""
        route = self._route
        body = b"".join(self._chunks)
        self._chunks = []
        if route.empty_ok and not body.strip():
            self._answer(200)  # Zalo has been seen probing a new webhook with an empty body
            return
        try:
            data = json.loads(body)
        except (ValueError, UnicodeDecodeError, RecursionError) as exc:
            reason = "nested too deep" if isinstance(exc, RecursionError) else "not JSON"
            log.warning(
                "%s webhook: unreadable body (%s), %d bytes: %s",
                route.name,
                reason,
                len(body),
                preview(body),
            )
            self._answer(400)
            return
        self._answer(route.accept(data))

    def _answer(self, status: int) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"ok": status == 200}))

    def _release(self) -> None:
        if self._counted:
            self._counted = False
            self._in_flight.leave()

    def on_finish(self) -> None:
        """The answer went out: the place in flight is free."""
        self._release()

    def on_connection_close(self) -> None:
        """The sender went away mid-body (or was cut off): the place in flight is free."""
        super().on_connection_close()
        self._release()
        self._chunks = []

    def write_error(self, status_code: int, **kwargs: object) -> None:
        """A short JSON error, never a traceback page."""
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"ok": False, "error_code": status_code}))


class WebhookServer:
    """A tornado HTTP server with one guarded webhook route, in the running asyncio loop."""

    def __init__(self, route: WebhookRoute) -> None:
        self.route = route
        self.path = route_path(route.path)
        self.in_flight = route.in_flight or InFlight()
        self._app = tornado.web.Application(
            [
                (
                    self.path,
                    GuardedWebhookHandler,
                    {"route": route, "in_flight": self.in_flight},
                )
            ],
            # tornado's access log would repeat every delivery; warnings come from the handler
            log_function=_log_request,
        )
        self._server: tornado.httpserver.HTTPServer | None = None
        self.port = 0

    async def start(self, listen: str, port: int) -> int:
        """Listen on `listen`:`port` (0: any free port); the port bound."""
        # bound with the standard library: tornado's bind_sockets leaks the socket when the
        # port is taken, and create_server closes it before raising
        family = socket.getaddrinfo(listen, port, type=socket.SOCK_STREAM)[0][0]
        sock = socket.create_server((listen, port), family=family, backlog=128)
        sock.setblocking(False)
        self._server = tornado.httpserver.HTTPServer(
            self._app,
            max_body_size=self.route.max_body,
            idle_connection_timeout=60,
            body_timeout=60,
        )
        self._server.add_sockets([sock])
        self.port = int(sock.getsockname()[1])
        return self.port

    async def stop(self) -> None:
        """Stop listening and close open connections."""
        if self._server is None:
            return
        self._server.stop()
        await self._server.close_all_connections()
        self._server = None


def _log_request(handler: tornado.web.RequestHandler) -> None:
    status = handler.get_status()
    if status >= 500 and status != 503:
        log.error("webhook %s: answered %d", handler.request.path, status)
    else:
        log.debug("webhook %s: answered %d", handler.request.path, status)
