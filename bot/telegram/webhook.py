"""The Telegram webhook endpoint: our own route instead of PTB's, which read the whole body
before it checked the secret (six 95 MB posts with a wrong secret took the process to 1.2 GB)
and logged an unreadable update whole at CRITICAL."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from telegram import Update
from telegram.ext import ExtBot

from bot.webhooks import MAX_BODY_BYTES, InFlight, WebhookRoute, WebhookServer, preview

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"

# Takes one update for the Application (its update queue); False when it cannot.
Enqueue = Callable[[Update], bool]


def update_taker(bot: ExtBot[Any], enqueue: Enqueue) -> Callable[[object], int]:
    """The route's handler of a decoded body: an Update queued (200), or 400 for what is not
    one, logged cut short."""

    def take(data: object) -> int:
        try:
            if not isinstance(data, dict):
                raise TypeError("an update is a JSON object")
            update = Update.de_json(data, bot)
        except Exception as exc:  # PTB raises whatever the payload's shape leads to
            body = json.dumps(data, ensure_ascii=False, default=str)[:1000].encode()
            log.warning(
                "Telegram webhook: not an update (%s): %s", type(exc).__name__, preview(body)
            )
            return 400
        if not enqueue(update):
            log.error("Telegram webhook: the update queue is full; update refused")
            return 503
        return 200

    return take


class TelegramWebhookServer(WebhookServer):
    """POST <path>: one update from Telegram, handed to the Application and answered 200.

    A request without the right X-Telegram-Bot-Api-Secret-Token is answered 403 before any of
    its body is read; bodies over 1 MB get 413 and at most `in_flight` requests are read at
    once (bot.webhooks).
    """

    def __init__(
        self,
        path: str,
        secret: str,
        take: Callable[[object], int],
        *,
        max_body: int = MAX_BODY_BYTES,
        in_flight: InFlight | None = None,
    ) -> None:
        if not secret:
            raise ValueError("the Telegram webhook needs a secret token")
        super().__init__(
            WebhookRoute(
                name="Telegram",
                path=path,
                header=SECRET_HEADER,
                secret=secret.encode("utf-8"),
                accept=take,
                max_body=max_body,
                in_flight=in_flight,
            )
        )
