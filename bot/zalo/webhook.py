"""The Zalo webhook endpoint: the secret header is checked before the body is read."""

from __future__ import annotations

import hmac
import json
import logging
import socket
from collections.abc import Callable

import tornado.httpserver
import tornado.web

from bot.zalo.schema import SECRET_MAX, SECRET_MIN, ZaloSchemaError, ZaloUpdate, parse_update

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Bot-Api-Secret-Token"
# A text update is a few hundred bytes; anything this large is not from Zalo.
MAX_BODY_BYTES = 256 * 1024

# Takes one update for handling later; False when it cannot (the queue is full).
Accept = Callable[[ZaloUpdate], bool]


def check_secret(secret: str) -> str:
    """`secret` when Zalo accepts it for setWebhook (8-256 characters); ValueError otherwise."""
    if not SECRET_MIN <= len(secret) <= SECRET_MAX:
        raise ValueError(f"the Zalo webhook secret must be {SECRET_MIN}-{SECRET_MAX} characters")
    return secret


@tornado.web.stream_request_body
class ZaloWebhookHandler(tornado.web.RequestHandler):
    """POST <path>: one update from Zalo.

    The body is streamed, so `prepare` runs on the headers alone: a request without the right
    X-Bot-Api-Secret-Token is answered 403 before any of its body is read. A right one is
    parsed, queued and answered 200 at once; the reply to the user is sent later.
    """

    def initialize(self, secret: bytes, accept: Accept, max_body: int) -> None:
        """Per-request setup by tornado (the arguments come from the route)."""
        self._secret = secret
        self._accept = accept
        self._max_body = max_body
        self._chunks: list[bytes] = []
        self._size = 0

    def prepare(self) -> None:
        """Refuse a missing or wrong secret, and an oversized body, before reading it."""
        given = self.request.headers.get(SECRET_HEADER, "")
        # compared as bytes in constant time; tornado decoded the header as latin-1, so
        # encoding it back gives the bytes sent
        if not hmac.compare_digest(given.encode("latin-1", "replace"), self._secret):
            log.warning(
                "Zalo webhook: %s secret from %s, refused",
                "wrong" if given else "missing",
                self.request.remote_ip,
            )
            raise tornado.web.HTTPError(403)
        if self.request.method != "POST":
            raise tornado.web.HTTPError(405)
        length = self.request.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > self._max_body:
            raise tornado.web.HTTPError(413)
        if self.request.connection is not None:
            self.request.connection.set_max_body_size(self._max_body)  # type: ignore[attr-defined]

    def data_received(self, chunk: bytes) -> None:
        """A piece of the body (only after the secret was accepted)."""
        self._size += len(chunk)
        if self._size > self._max_body:
            raise tornado.web.HTTPError(413)
        self._chunks.append(chunk)

    def post(self) -> None:
        """Parse and queue the update; 400 for what is not one, 503 when the queue is full."""
        body = b"".join(self._chunks)
        if not body.strip():
            # Zalo has been seen probing a new webhook with an empty body
            self._answer(200)
            return
        try:
            update = parse_update(json.loads(body))
        except (ValueError, UnicodeDecodeError) as exc:
            reason = str(exc) if isinstance(exc, ZaloSchemaError) else "not JSON"
            log.warning("Zalo webhook: unreadable update (%s), %d bytes", reason, len(body))
            self._answer(400)
            return
        if not self._accept(update):
            log.error("Zalo webhook: the update queue is full; update refused")
            self._answer(503)
            return
        self._answer(200)

    def _answer(self, status: int) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"ok": status == 200}))

    def write_error(self, status_code: int, **kwargs: object) -> None:
        """A short JSON error, never a traceback page."""
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"ok": False, "error_code": status_code}))


def route_path(path: str) -> str:
    """The URL path served: "zalo", "/zalo/" -> "/zalo"."""
    return "/" + path.strip("/")


class ZaloWebhookServer:
    """A tornado HTTP server with the one webhook route, in the running asyncio loop."""

    def __init__(
        self, path: str, secret: str, accept: Accept, *, max_body: int = MAX_BODY_BYTES
    ) -> None:
        self.path = route_path(path)
        secret_bytes = check_secret(secret).encode("utf-8")
        self._app = tornado.web.Application(
            [
                (
                    self.path,
                    ZaloWebhookHandler,
                    {"secret": secret_bytes, "accept": accept, "max_body": max_body},
                )
            ],
            # tornado's access log would repeat every delivery; warnings come from the handler
            log_function=_log_request,
        )
        self._max_body = max_body
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
            self._app, max_body_size=self._max_body, idle_connection_timeout=60
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
    if status >= 500:
        log.error("Zalo webhook: answered %d", status)
    else:
        log.debug("Zalo webhook: answered %d", status)
