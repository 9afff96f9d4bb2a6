"""A small async client for the Zalo Bot API over httpx; the token never leaves the transport."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from types import TracebackType
from typing import Any
from urllib.parse import quote

import httpx

from bot.zalo.schema import (
    MAX_TEXT,
    SECRET_MAX,
    SECRET_MIN,
    BotInfo,
    SentMessage,
    WebhookInfo,
    ZaloSchemaError,
    ZaloUpdate,
    parse_bot_info,
    parse_sent_message,
    parse_update,
    parse_webhook_info,
    text_length,
)

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://bot-api.zaloplatforms.com"
DEFAULT_POLL_TIMEOUT = 30
# A long poll may be held this long past its own timeout before the read is given up.
POLL_GRACE_SECONDS = 10.0
REQUEST_TIMEOUT_SECONDS = 15.0
IDLE_CODE = 408  # getUpdates found nothing within its timeout
RATE_LIMIT_CODE = 429


class ZaloError(Exception):
    """Any failure of a Zalo call; the message names the method and never holds the token."""

    def __init__(self, method: str, message: str) -> None:
        super().__init__(f"{method}: {message}")
        self.method = method


class ZaloApiError(ZaloError):
    """Zalo answered and refused: `ok:false` (even inside HTTP 200) or an HTTP error status."""

    def __init__(self, method: str, error_code: int, description: str) -> None:
        super().__init__(method, f"error {error_code}: {description}")
        self.error_code = error_code
        self.description = description


class ZaloRetryAfter(ZaloApiError):
    """429, quota exceeded: wait `retry_after` seconds (None when Zalo did not say) and retry."""

    def __init__(self, method: str, description: str, retry_after: float | None) -> None:
        super().__init__(method, RATE_LIMIT_CODE, description)
        self.retry_after = retry_after


class ZaloTransientError(ZaloError):
    """The call may not have reached Zalo or got no usable answer (network, timeout, 5xx)."""


def mask_token(token: str) -> str:
    """What logs may show of a token "<bot id>:<secret>": the bot id only."""
    bot_id, colon, _ = token.partition(":")
    return f"{bot_id}:***" if colon and bot_id.isdigit() else "***"


class _Token:
    """The token, held where a repr, a debugger's locals or a traceback shows only its mask."""

    __slots__ = ("masked", "value")

    def __init__(self, value: str) -> None:
        self.value = value
        self.masked = mask_token(value)

    def __repr__(self) -> str:
        return f"<token {self.masked}>"

    def spellings(self) -> set[str]:
        """The token as it may appear in text: raw and percent-encoded."""
        return {self.value, quote(self.value, safe=":"), quote(self.value, safe="")}


class _TokenTransport(httpx.AsyncBaseTransport):
    """Swaps the masked path segment for the real token at the last moment.

    httpx logs, errors and `response.request` then only ever hold the masked URL; the token
    exists in one request object, built here and handed straight to the network transport.
    """

    def __init__(self, inner: httpx.AsyncBaseTransport, token: _Token) -> None:
        self._inner = inner
        self._token = token

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send `request` with the token in its path."""
        masked = f"/bot{self._token.masked}/".encode()
        path = f"/bot{quote(self._token.value, safe=':')}/".encode()
        raw_path = request.url.raw_path.replace(masked, path, 1)
        real = httpx.Request(
            request.method,
            request.url.copy_with(raw_path=raw_path),
            headers=request.headers,
            stream=request.stream,
            extensions=request.extensions,
        )
        return await self._inner.handle_async_request(real)

    async def aclose(self) -> None:
        """Close the network transport."""
        await self._inner.aclose()

    def __repr__(self) -> str:
        return f"_TokenTransport({self._token!r})"


class ZaloClient:
    """The Bot API methods the assistant uses; one shared connection pool, POST + JSON.

    Errors: ZaloApiError (with error_code and description) for refusals, ZaloRetryAfter for
    429, ZaloTransientError for network failures and 5xx. getUpdates' idle 408 is not an error.
    """

    def __init__(
        self,
        token: str,
        *,
        base_url: str = DEFAULT_BASE_URL,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = REQUEST_TIMEOUT_SECONDS,
    ) -> None:
        if not token.strip():
            raise ValueError("the Zalo bot token is empty")
        self._token = _Token(token)
        self._masked = self._token.masked
        self.base_url = base_url.rstrip("/")
        self._timeout = timeout
        inner = transport if transport is not None else httpx.AsyncHTTPTransport()
        self._http = httpx.AsyncClient(
            transport=_TokenTransport(inner, self._token), timeout=timeout
        )

    def __repr__(self) -> str:
        return f"ZaloClient(base_url={self.base_url!r}, bot={self._masked!r})"

    async def __aenter__(self) -> ZaloClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._http.aclose()

    def redact(self, text: str) -> str:
        """`text` with every spelling of the token replaced by its mask."""
        for spelling in self._token.spellings():
            text = text.replace(spelling, self._masked)
        return text

    # --- methods ------------------------------------------------------------------------------

    async def get_me(self) -> BotInfo:
        """getMe: checks the token; says whether the bot may join groups."""
        return parse_bot_info(await self.call("getMe"))

    async def get_updates(self, wait: int = DEFAULT_POLL_TIMEOUT) -> ZaloUpdate | None:
        """getUpdates: one update, or None when none came within `wait` seconds (408).

        Taking an update removes it from Zalo's queue: handle or store it at once.
        """
        try:
            result = await self.call(
                "getUpdates", {"timeout": wait}, read_timeout=wait + POLL_GRACE_SECONDS
            )
        except ZaloApiError as exc:
            if exc.error_code == IDLE_CODE:
                return None
            raise
        if result is None:
            return None
        try:
            return parse_update(result)
        except ZaloSchemaError as exc:
            # the update is gone from Zalo's queue either way; say what was lost
            raise ZaloApiError("getUpdates", 0, f"unreadable update: {exc}") from None

    async def set_webhook(self, url: str, secret_token: str) -> WebhookInfo:
        """setWebhook: Zalo POSTs updates to `url` with `secret_token` in a header."""
        if not url.startswith("https://"):
            raise ValueError("the Zalo webhook URL must be https://")
        if not SECRET_MIN <= len(secret_token) <= SECRET_MAX:
            raise ValueError(f"the webhook secret must be {SECRET_MIN}-{SECRET_MAX} characters")
        result = await self.call("setWebhook", {"url": url, "secret_token": secret_token})
        return parse_webhook_info(result)

    async def delete_webhook(self) -> WebhookInfo:
        """deleteWebhook: needed before long polling."""
        return parse_webhook_info(await self.call("deleteWebhook"))

    async def get_webhook_info(self) -> WebhookInfo:
        """getWebhookInfo: the URL set ("" when none); the secret is not returned."""
        return parse_webhook_info(await self.call("getWebhookInfo"))

    async def send_message(self, chat_id: str, text: str) -> SentMessage:
        """sendMessage: plain text of 1-2,000 characters (split longer text before)."""
        _check_text(text, "text", allow_empty=False)
        result = await self.call("sendMessage", {"chat_id": chat_id, "text": text})
        return parse_sent_message(result)

    async def send_photo(self, chat_id: str, photo_url: str, caption: str = "") -> SentMessage:
        """sendPhoto: Zalo fetches the photo from a public http(s) URL; no uploads."""
        if not photo_url.startswith(("https://", "http://")):
            raise ValueError("sendPhoto takes a public http(s) URL")
        params: dict[str, Any] = {"chat_id": chat_id, "photo": photo_url}
        if caption:
            _check_text(caption, "caption", allow_empty=True)
            params["caption"] = caption
        return parse_sent_message(await self.call("sendPhoto", params))

    async def send_chat_action(self, chat_id: str, action: str = "typing") -> None:
        """sendChatAction: "typing" (the indicator expires; resend for long work)."""
        await self.call("sendChatAction", {"chat_id": chat_id, "action": action})

    # --- transport ----------------------------------------------------------------------------

    async def call(
        self,
        method: str,
        params: Mapping[str, Any] | None = None,
        *,
        read_timeout: float | None = None,
    ) -> Any:
        """POST `params` as JSON to `method`; its `result`, or a ZaloError."""
        url = f"{self.base_url}/bot{self._masked}/{method}"
        try:
            if read_timeout is None:
                response = await self._http.post(url, json=dict(params or {}))
            else:
                timeout = httpx.Timeout(self._timeout, read=read_timeout)
                response = await self._http.post(url, json=dict(params or {}), timeout=timeout)
        except httpx.HTTPError as exc:
            # from None: the httpx exception chain is dropped so no traceback can show a URL
            raise ZaloTransientError(
                method, self.redact(f"{type(exc).__name__}: {exc}".rstrip(": "))
            ) from None
        return self._result(method, response)

    def _result(self, method: str, response: httpx.Response) -> Any:
        status = response.status_code
        body = _json_object(response)
        if body is not None and body.get("ok") is True and status < 400:
            return body.get("result")
        code = status
        description = f"HTTP {status} without ok:true"
        if body is not None:
            code = _error_code(body.get("error_code"), status)
            description = self.redact(str(body.get("description") or description))
        if RATE_LIMIT_CODE in (code, status):
            raise ZaloRetryAfter(method, description, _retry_after(response, body))
        if status >= 500 or (body is None and status < 400):
            # a server fault, a proxy's error page or a truncated answer: try again later
            raise ZaloTransientError(method, f"HTTP {status}: {description}")
        raise ZaloApiError(method, code, description)


def _check_text(text: str, name: str, *, allow_empty: bool) -> None:
    length = text_length(text)
    if (length == 0 and not allow_empty) or length > MAX_TEXT:
        raise ValueError(f"{name} must be 1-{MAX_TEXT} characters, not {length}")


def _json_object(response: httpx.Response) -> dict[str, Any] | None:
    try:
        body = json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        return None
    return body if isinstance(body, dict) else None


def _error_code(value: object, status: int) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lstrip("-").isdigit():
        return int(value)
    return status


def _retry_after(response: httpx.Response, body: dict[str, Any] | None) -> float | None:
    """Seconds to wait: the Retry-After header, or Telegram-style parameters.retry_after."""
    candidates: list[object] = [response.headers.get("retry-after")]
    if body is not None:
        parameters = body.get("parameters")
        if isinstance(parameters, dict):
            candidates.append(parameters.get("retry_after"))
    for value in candidates:
        try:
            seconds = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            continue
        if seconds >= 0:
            return seconds
    return None
