"""Report files by signed link, for chats that take no uploads (Zalo): stored under the data
folder, served by a small tornado route, each link signed (HMAC-SHA256) and expiring."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import re
import secrets
import socket
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any
from urllib.parse import quote

import tornado.httpserver
import tornado.web

from handlers.messages import ReplyFile

log = logging.getLogger(__name__)

ROUTE_PREFIX = "/files"
DEFAULT_TTL = timedelta(hours=24)
SECRET_MIN = 16  # characters of the signing secret
# Tokens are secrets.token_urlsafe(24): 32 characters of A-Z, a-z, 0-9, - and _.
_TOKEN = r"[A-Za-z0-9_-]{32}"
_ROUTE = rf"{ROUTE_PREFIX}/({_TOKEN})/([^/]+)"
_TOKEN_ONLY = re.compile(_TOKEN)
_EXPIRES_DIGITS = 12  # unix seconds until the year 33658

Now = Callable[[], datetime]


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Link:
    """A signed link to a stored file, and until when it works (in the office's time zone)."""

    url: str
    expires_at: datetime


@dataclass(frozen=True)
class StoredFile:
    """A stored file as the route serves it."""

    filename: str
    mime_type: str
    content: bytes


class FileLinks:
    """Stores files under `folder` and signs links to them under `public_base_url`.

    The link is <public_base_url>/files/<token>/<file name>?expires=<unix time>&sig=<hex>,
    the signature an HMAC-SHA256 of "<path>\\n<expires>" with the secret, so neither the file
    nor the expiry can be changed without the secret. `public_base_url` must reach the
    listener's root (a reverse proxy may add a prefix and strip it).
    """

    def __init__(
        self,
        folder: Path,
        public_base_url: str,
        secret: str,
        *,
        ttl: timedelta = DEFAULT_TTL,
        zone: tzinfo = UTC,
        now: Now = _utc_now,
    ) -> None:
        if len(secret) < SECRET_MIN:
            raise ValueError(f"the file link secret must have at least {SECRET_MIN} characters")
        if not public_base_url.startswith(("https://", "http://")):
            raise ValueError("public_base_url must be an http(s) URL")
        if ttl <= timedelta(0):
            raise ValueError("links must live a positive time")
        self.folder = folder
        self.public_base_url = public_base_url.rstrip("/")
        self._key = secret.encode("utf-8")
        self.ttl = ttl
        self.zone = zone
        self._now = now

    def __repr__(self) -> str:
        return f"FileLinks({self.folder!s}, {self.public_base_url!r})"  # never the secret

    # --- signing ------------------------------------------------------------------------------

    def signature(self, path: str, expires: int) -> str:
        """The hex HMAC-SHA256 of a route path (as sent, percent-encoded) and its expiry."""
        message = f"{path}\n{expires}".encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()

    def valid(self, path: str, expires: str, signature: str) -> bool:
        """Whether a request for `path` carries a signature of ours that has not expired.

        The signature is compared in constant time; a forged and an expired link look alike.
        """
        if not expires.isdigit() or not expires.isascii() or len(expires) > _EXPIRES_DIGITS:
            return False  # 5,000 digits would not even convert to a number
        expected = self.signature(path, int(expires))
        if not hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace")):
            return False
        return int(expires) > self._now().timestamp()

    # --- storing ------------------------------------------------------------------------------

    def publish(self, file: ReplyFile) -> Link:
        """Store `file` and return a signed link to it (files older than their link go)."""
        self.purge()
        self.folder.mkdir(parents=True, exist_ok=True)
        token = secrets.token_urlsafe(24)
        expires_at = self._now() + self.ttl
        expires = int(expires_at.timestamp())
        meta = {"filename": file.filename, "mime_type": file.mime_type, "expires": expires}
        (self.folder / token).write_bytes(file.content)
        (self.folder / f"{token}.json").write_text(json.dumps(meta), encoding="utf-8")
        path = f"{ROUTE_PREFIX}/{token}/{quote(file.filename, safe='')}"
        url = f"{self.public_base_url}{path}?expires={expires}&sig={self.signature(path, expires)}"
        log.info("file %s stored as %s until %s", file.filename, token, expires_at.isoformat())
        return Link(url, expires_at.astimezone(self.zone))

    def load(self, token: str) -> StoredFile | None:
        """The stored file, or None when there is none (never stored, or purged)."""
        if not _TOKEN_ONLY.fullmatch(token):
            return None
        try:
            meta = json.loads((self.folder / f"{token}.json").read_text(encoding="utf-8"))
            content = (self.folder / token).read_bytes()
        except (OSError, ValueError):
            return None
        return StoredFile(str(meta["filename"]), str(meta["mime_type"]), content)

    def purge(self) -> int:
        """Delete the files whose links have expired; how many."""
        if not self.folder.is_dir():
            return 0
        now = self._now().timestamp()
        removed = 0
        for meta_path in self.folder.glob("*.json"):
            try:
                expires = float(json.loads(meta_path.read_text(encoding="utf-8"))["expires"])
            except (OSError, ValueError, KeyError, TypeError):
                continue
            if expires <= now:
                (self.folder / meta_path.stem).unlink(missing_ok=True)
                meta_path.unlink(missing_ok=True)
                removed += 1
        return removed


# --- serving ----------------------------------------------------------------------------------


class FileHandler(tornado.web.RequestHandler):
    """GET /files/<token>/<name>?expires=&sig=: 403 forged or expired, 404 missing, or the file."""

    def initialize(self, links: FileLinks) -> None:
        """Per-request setup by tornado (the argument comes from the route)."""
        self._links = links

    async def get(self, token: str, name: str) -> None:
        """Serve one stored file to a holder of a valid link."""
        expires = self.get_query_argument("expires", "")
        signature = self.get_query_argument("sig", "")
        # the path as sent (percent-encoded), which is what was signed
        if not self._links.valid(self.request.path, expires, signature):
            log.warning("file link refused (forged or expired) from %s", self.request.remote_ip)
            raise tornado.web.HTTPError(403)
        stored = await asyncio.to_thread(self._links.load, token)
        if stored is None:
            raise tornado.web.HTTPError(404)
        self.set_header("Content-Type", stored.mime_type)
        disposition = "inline" if stored.mime_type.startswith("image/") else "attachment"
        self.set_header(
            "Content-Disposition",
            f"{disposition}; filename*=UTF-8''{quote(stored.filename, safe='')}",
        )
        self.set_header("Cache-Control", "private, no-store")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.finish(stored.content)

    def write_error(self, status_code: int, **kwargs: object) -> None:
        """A bare status, never a traceback page."""
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(f"{status_code}\n")


class FileServer:
    """The tornado HTTP server of the file route, in the running asyncio loop; the web pages'
    routes (`pages`, with their application `settings`) are served by the same listener."""

    def __init__(
        self,
        links: FileLinks,
        pages: Sequence[Any] = (),
        settings: Mapping[str, Any] | None = None,
    ) -> None:
        self.links = links
        self._app = tornado.web.Application(
            [(_ROUTE, FileHandler, {"links": links}), *pages],
            log_function=_log_request,
            **dict(settings or {}),
        )
        self._server: tornado.httpserver.HTTPServer | None = None
        self.port = 0

    async def start(self, listen: str, port: int) -> int:
        """Listen on `listen`:`port` (0: any free port); the port bound."""
        # bound with the standard library, as the Zalo webhook is (tornado leaks a taken port)
        family = socket.getaddrinfo(listen, port, type=socket.SOCK_STREAM)[0][0]
        sock = socket.create_server((listen, port), family=family, backlog=128)
        sock.setblocking(False)
        self._server = tornado.httpserver.HTTPServer(self._app, idle_connection_timeout=60)
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
    # the query holds the signature (or a page's token): log the status and path only
    status = handler.get_status()
    if status >= 500:
        log.error("web route: %d %s", status, handler.request.path)
    else:
        log.debug("web route: %d %s", status, handler.request.path)
