"""The Zalo webhook endpoint: the secret header is checked before the body is read."""

from __future__ import annotations

import logging
from collections.abc import Callable

from bot.webhooks import WebhookRoute, WebhookServer, route_path
from bot.zalo.schema import SECRET_MAX, SECRET_MIN, ZaloSchemaError, ZaloUpdate, parse_update

log = logging.getLogger(__name__)

__all__ = ["MAX_BODY_BYTES", "SECRET_HEADER", "ZaloWebhookServer", "check_secret", "route_path"]

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


def _taker(accept: Accept) -> Callable[[object], int]:
    """The route's handler of a decoded body: 400 for what is not an update, 503 when full."""

    def take(data: object) -> int:
        try:
            update = parse_update(data)
        except ZaloSchemaError as exc:
            log.warning("Zalo webhook: unreadable update (%s)", exc)
            return 400
        if not accept(update):
            log.error("Zalo webhook: the update queue is full; update refused")
            return 503
        return 200

    return take


class ZaloWebhookServer(WebhookServer):
    """POST <path>: one update from Zalo, queued and answered 200 at once.

    A request without the right X-Bot-Api-Secret-Token is answered 403 before any of its body
    is read (bot.webhooks); the reply to the user is sent later.
    """

    def __init__(
        self, path: str, secret: str, accept: Accept, *, max_body: int = MAX_BODY_BYTES
    ) -> None:
        super().__init__(
            WebhookRoute(
                name="Zalo",
                path=path,
                header=SECRET_HEADER,
                secret=check_secret(secret).encode("utf-8"),
                accept=_taker(accept),
                max_body=max_body,
                empty_ok=True,
            )
        )
