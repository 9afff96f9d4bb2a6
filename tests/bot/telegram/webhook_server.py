"""A process serving the Telegram and Zalo webhook routes, for tests that measure its memory.

Prints one JSON line with the ports once listening, then a line per accepted update
("accepted telegram 42"); stops when its standard input closes. Logs go to stderr.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from typing import Any

from telegram import Update
from telegram.ext import ExtBot

from bot.telegram.webhook import TelegramWebhookServer, update_taker
from bot.webhooks import InFlight
from bot.zalo.schema import ZaloUpdate
from bot.zalo.webhook import ZaloWebhookServer

TELEGRAM_SECRET = "telegram-Secret_0123456789"
ZALO_SECRET = "zalo-secret-0123456789"


async def main(in_flight: int) -> None:
    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(levelname)s %(message)s")
    bot: ExtBot[Any] = ExtBot("123456:TEST")

    def telegram(update: Update) -> bool:
        print(f"accepted telegram {update.update_id}", flush=True)
        return True

    def zalo(update: ZaloUpdate) -> bool:
        message_id = update.message.message_id if update.message else ""
        print(f"accepted zalo {message_id}", flush=True)
        return True

    servers = (
        TelegramWebhookServer(
            "tg", TELEGRAM_SECRET, update_taker(bot, telegram), in_flight=InFlight(in_flight)
        ),
        ZaloWebhookServer("zalo", ZALO_SECRET, zalo),
    )
    ports = [await server.start("127.0.0.1", 0) for server in servers]
    print(json.dumps({"telegram": ports[0], "zalo": ports[1]}), flush=True)
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, sys.stdin.read)  # until the test closes our stdin
    for server in servers:
        await server.stop()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 16))
