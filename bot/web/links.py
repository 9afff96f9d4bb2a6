"""Signed links to the web pages: per person, per page, expiring, signed with HMAC-SHA256.

A token names the page (the review of one document, or the progress page), the person it was
made for (platform and user id) and when it expires. It grants nothing by itself: each request
looks the person up again and acts with the role they have then, so a link never gives more
than its holder may do in chat (and a person who lost their role loses the page).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

from handlers.access import Caller

ROUTE_PREFIX = "/trang"
REVIEW = "duyet"
PROGRESS = "tiendo"
DEFAULT_TTL = timedelta(hours=24)
SECRET_MIN = 16
TOKEN_MAX_CHARS = 800  # a real token is about 150; anything longer is refused unread
_KINDS = (REVIEW, PROGRESS)

Now = Callable[[], datetime]


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Holder:
    """Whom a valid token was made for, and for which page."""

    kind: str
    platform: str
    user_id: str
    document_id: int  # 0 for the progress page


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class PageSigner:
    """Makes and checks the pages' tokens; makes the links handlers put under replies."""

    def __init__(
        self,
        public_base_url: str,
        secret: str,
        *,
        ttl: timedelta = DEFAULT_TTL,
        now: Now = _utc_now,
    ) -> None:
        if len(secret) < SECRET_MIN:
            raise ValueError(f"the page link secret must have at least {SECRET_MIN} characters")
        if not public_base_url.startswith(("https://", "http://")):
            raise ValueError("public_base_url must be an http(s) URL")
        if ttl <= timedelta(0):
            raise ValueError("links must live a positive time")
        self.public_base_url = public_base_url.rstrip("/")
        # a key of its own, derived from the secret: a file link's signature is no page token
        self._key = hmac.new(secret.encode("utf-8"), b"giaoviec web pages", "sha256").digest()
        self.ttl = ttl
        self._now = now

    def __repr__(self) -> str:
        return f"PageSigner({self.public_base_url!r})"  # never the secret

    def token(self, kind: str, platform: str, user_id: str, document_id: int = 0) -> str:
        """A token for `kind` ("duyet" or "tiendo") made for one person, expiring after ttl."""
        if kind not in _KINDS:
            raise ValueError(kind)
        expires = int((self._now() + self.ttl).timestamp())
        payload = json.dumps(
            [kind, platform, user_id, document_id, expires], ensure_ascii=False
        ).encode("utf-8")
        body = _b64(payload)
        return f"{body}.{self._sign(body)}"

    def _sign(self, body: str) -> str:
        return _b64(hmac.new(self._key, body.encode("ascii"), hashlib.sha256).digest())

    def check(self, token: str, kind: str, document_id: int = 0) -> Holder | None:
        """The holder of a valid, unexpired token for this page; None for anything else (a
        forged, altered, expired or malformed token, or one made for another page)."""
        if not token or len(token) > TOKEN_MAX_CHARS or not token.isascii():
            return None
        body, _, signature = token.partition(".")
        if not body or not signature:
            return None
        if not hmac.compare_digest(self._sign(body).encode(), signature.encode()):
            return None
        try:
            fields = json.loads(_unb64(body))
        except (ValueError, binascii.Error, UnicodeDecodeError):
            return None
        if not (isinstance(fields, list) and len(fields) == 5):
            return None
        got_kind, platform, user_id, got_document, expires = fields
        if not (
            isinstance(platform, str)
            and isinstance(user_id, str)
            and isinstance(got_document, int)
            and isinstance(expires, int)
        ):
            return None
        if got_kind != kind or got_document != document_id:
            return None
        if expires <= self._now().timestamp():
            return None
        return Holder(kind, platform, user_id, got_document)

    # --- handlers.desks.PageLinks ---------------------------------------------------------------

    def review(self, caller: Caller, document_id: int) -> str | None:
        """The signed review page link of a document for an office admin."""
        person = caller.person
        if person is None or not caller.is_admin:
            return None
        token = self.token(REVIEW, person.platform, person.user_id, document_id)
        return f"{self.public_base_url}{ROUTE_PREFIX}/{REVIEW}/{document_id}?t={quote(token)}"

    def progress(self, caller: Caller) -> str | None:
        """The signed progress page link, for a leader or a unit's member."""
        person = caller.person
        if person is None or not (caller.is_leader or caller.unit_key is not None):
            return None
        token = self.token(PROGRESS, person.platform, person.user_id)
        return f"{self.public_base_url}{ROUTE_PREFIX}/{PROGRESS}?t={quote(token)}"
