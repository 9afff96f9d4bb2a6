"""ZaloBot: long polling or the webhook feeding the router, replies sent back; start()/stop()."""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

import httpx

from bot.config import ZaloSettings
from bot.files import FileLinks
from bot.zalo.client import (
    DEFAULT_POLL_TIMEOUT,
    ZaloApiError,
    ZaloClient,
    ZaloError,
    ZaloRetryAfter,
)
from bot.zalo.messenger import GroupLookup, LimiterPacer, Pacer, ZaloMessenger
from bot.zalo.schema import BotInfo, ZaloUpdate
from bot.zalo.translate import (
    OutboundText,
    elsewhere,
    incoming_message,
    not_text_notice,
    render_replies,
)
from bot.zalo.webhook import ZaloWebhookServer, check_secret
from handlers.messages import Dispatcher, Reply
from handlers.platforms import pushed_message
from scheduler.messenger import (
    ChatTarget,
    Messenger,
    PermanentSendError,
    RetryAfter,
    SendError,
)
from scheduler.ratelimit import RateLimiter

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]
# How the client reaches the Bot API; tests put a fake here (the composition root names it
# without importing httpx).
ZaloTransport = httpx.AsyncBaseTransport

# Updates taken from Zalo (polling) or accepted (webhook) and not yet handled.
QUEUE_SIZE = 1000
# Webhook deliveries may be retried; the ids of this many recent messages are remembered.
SEEN_IDS = 2000
# A reply that gets 429 or a network error is tried this many times in all.
SEND_ATTEMPTS = 3
# At stop, updates already taken are still answered for at most this long.
DRAIN_SECONDS = 10.0


@dataclass(frozen=True)
class Backoff:
    """Exponential waits after consecutive failures: first, first*factor, ... at most `most`."""

    first: float = 1.0
    factor: float = 2.0
    most: float = 60.0

    def delay(self, failures: int) -> float:
        """Seconds to wait after the `failures`-th failure in a row (1, 2, ...)."""
        return float(min(self.most, self.first * self.factor ** max(0, failures - 1)))


@dataclass(frozen=True)
class WebhookOptions:
    """Webhook mode: the public URL Zalo posts to, the secret, and the local listener."""

    url: str
    secret: str
    listen: str = "127.0.0.1"
    port: int = 8444
    path: str = "zalo"


class ZaloBot:
    """The Zalo side of `giaoviec run`: start() in the running loop, stop() to finish.

    Updates (from getUpdates or the webhook) go through one queue to one worker, which
    dispatches each text to the router in a thread and sends the replies, so a chat's answers
    keep their order. Polling errors back off exponentially; a 429 waits as long as asked.
    """

    def __init__(
        self,
        client: ZaloClient,
        dispatcher: Dispatcher,
        *,
        webhook: WebhookOptions | None = None,
        poll_timeout: int = DEFAULT_POLL_TIMEOUT,
        messenger: ZaloMessenger | None = None,
        others: Mapping[str, Messenger] | None = None,
        backoff: Backoff | None = None,
        sleep: Sleep = asyncio.sleep,
        queue_size: int = QUEUE_SIZE,
        links: FileLinks | None = None,
    ) -> None:
        if webhook is not None:
            check_secret(webhook.secret)
        self.client = client
        self.dispatcher = dispatcher
        self.webhook = webhook
        self.poll_timeout = poll_timeout
        self.messenger = messenger if messenger is not None else ZaloMessenger(client)
        # messengers of the other platforms, for replies addressed to a chat there
        self.others: Mapping[str, Messenger] = others or {}
        self.backoff = backoff or Backoff()
        # report files go as signed links to the bot's own file route (Zalo takes no uploads)
        self.links = links
        self._sleep = sleep
        self.me: BotInfo | None = None
        self.server: ZaloWebhookServer | None = None
        self._queue: asyncio.Queue[ZaloUpdate] = asyncio.Queue(queue_size)
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._tasks: list[asyncio.Task[None]] = []

    @property
    def mode(self) -> str:
        """ "webhook" or "polling"."""
        return "webhook" if self.webhook is not None else "polling"

    @property
    def bot_names(self) -> tuple[str, ...]:
        """The names a group mention of the bot may use."""
        if self.me is None:
            return ()
        return tuple(n for n in (self.me.account_name, self.me.display_name) if n)

    # --- life cycle ---------------------------------------------------------------------------

    async def start(self) -> BotInfo:
        """Check the token (getMe), switch Zalo to this mode, start taking updates.

        Raises ZaloError when Zalo refuses the token or cannot be reached.
        """
        self.me = await self.client.get_me()
        # reminders go to a Zalo group only when the platform lets the bot join groups
        self.messenger.can_join_groups = self.me.can_join_groups
        if self.webhook is not None:
            self.server = ZaloWebhookServer(self.webhook.path, self.webhook.secret, self.accept)
            port = await self.server.start(self.webhook.listen, self.webhook.port)
            try:
                await self.client.set_webhook(self.webhook.url, self.webhook.secret)
            except BaseException:
                await self.server.stop()
                raise
            log.info(
                "Zalo bot %s: webhook %s, listening on %s:%d%s",
                self.me.account_name,
                self.webhook.url,
                self.webhook.listen,
                port,
                self.server.path,
            )
        else:
            info = await self.client.get_webhook_info()
            if info.url:
                # getUpdates does not work while a webhook is set
                log.warning("Zalo: removing the webhook %s to poll instead", info.url)
                await self.client.delete_webhook()
            self._tasks.append(asyncio.create_task(self.poll_forever(), name="zalo-poll"))
            log.info("Zalo bot %s: long polling", self.me.account_name)
        self._tasks.append(asyncio.create_task(self._work(), name="zalo-worker"))
        return self.me

    async def stop(self, drain_seconds: float = DRAIN_SECONDS) -> None:
        """Stop taking updates, answer those already taken (for a while), close the client."""
        poller = [t for t in self._tasks if t.get_name() == "zalo-poll"]
        await _cancel(poller)
        if self.server is not None:
            await self.server.stop()
            self.server = None
        try:
            await asyncio.wait_for(self._queue.join(), drain_seconds)
        except TimeoutError:
            log.warning("Zalo: %d updates left unanswered at stop", self._queue.qsize())
        await _cancel(self._tasks)
        self._tasks = []
        await self.client.aclose()

    # --- updates in ---------------------------------------------------------------------------

    def accept(self, update: ZaloUpdate) -> bool:
        """Queue one update (the webhook's callback); False when the queue is full."""
        message_id = update.message.message_id if update.message is not None else ""
        if message_id and message_id in self._seen:
            return True  # a webhook delivery Zalo retried: answered once
        try:
            self._queue.put_nowait(update)
        except asyncio.QueueFull:
            return False  # not remembered: a retry of it is welcome
        if message_id:
            self._seen[message_id] = None
            while len(self._seen) > SEEN_IDS:
                self._seen.popitem(last=False)
        return True

    async def poll_forever(self) -> None:
        """getUpdates in a loop; an idle poll (408) asks again at once, errors back off."""
        failures = 0
        while True:
            try:
                update = await self.client.get_updates(wait=self.poll_timeout)
            except ZaloError as exc:
                failures += 1
                delay = self.backoff.delay(failures)
                if isinstance(exc, ZaloRetryAfter) and exc.retry_after is not None:
                    delay = max(delay, exc.retry_after)
                level = logging.ERROR if _needs_operator(exc) else logging.WARNING
                log.log(level, "Zalo getUpdates failed (%s); again in %.1f s", exc, delay)
                await self._sleep(delay)
                continue
            except Exception:
                failures += 1
                delay = self.backoff.delay(failures)
                log.exception("Zalo getUpdates: unexpected failure; again in %.1f s", delay)
                await self._sleep(delay)
                continue
            failures = 0
            if update is not None:
                # taken from Zalo's queue for good: wait for room rather than drop it
                await self._queue.put(update)

    async def _work(self) -> None:
        while True:
            update = await self._queue.get()
            try:
                await self.handle_update(update)
            except Exception:
                log.exception("Zalo: failed to handle an update")
            finally:
                self._queue.task_done()

    # --- one update ---------------------------------------------------------------------------

    async def handle_update(self, update: ZaloUpdate) -> None:
        """Answer one update: dispatch its text to the router and send the replies."""
        message = incoming_message(update, bot_names=self.bot_names)
        if message is None:
            notice = not_text_notice(update)
            if notice is not None:
                await self.send(notice)
            else:
                log.debug("Zalo: %s ignored", update.event_name or "an update")
            return
        try:
            await self.client.send_chat_action(message.chat.chat_id)
        except ZaloError as exc:  # the typing indicator is a courtesy
            log.debug("Zalo sendChatAction failed: %s", exc)
        # the router reads the database: a worker thread keeps the loop (and Telegram) free
        replies = await asyncio.to_thread(self.dispatcher.dispatch, message)
        if self.links is not None and any(r.file is not None for r in replies):
            # storing the files for their links writes to disk: off the loop
            outbounds = await asyncio.to_thread(
                render_replies, replies, message.chat, self.links.publish
            )
        else:
            outbounds = render_replies(replies, message.chat)
        for outbound in outbounds:
            await self.send(outbound)
        for reply in elsewhere(replies):
            await self._send_elsewhere(reply)

    async def send(self, outbound: OutboundText) -> bool:
        """One message, retried on 429 and network errors; False when it was not delivered."""
        for attempt in range(1, SEND_ATTEMPTS + 1):
            try:
                if outbound.photo_url:
                    await self.messenger.send_photo(
                        outbound.chat_id, outbound.photo_url, outbound.text
                    )
                else:
                    await self.messenger.send_text(outbound.chat_id, outbound.text)
                return True
            except PermanentSendError as exc:
                log.warning("Zalo: cannot write to chat %s: %s", outbound.chat_id, exc)
                return False
            except SendError as exc:
                if attempt == SEND_ATTEMPTS:
                    log.error("Zalo: reply to %s not sent: %s", outbound.chat_id, exc)
                    return False
                delay = self.backoff.delay(attempt)
                if isinstance(exc, RetryAfter):
                    delay = max(delay, exc.seconds)
                log.warning("Zalo: sendMessage failed (%s); again in %.1f s", exc, delay)
                await self._sleep(delay)
        return False

    async def _send_elsewhere(self, reply: Reply) -> None:
        target = reply.to
        if target is None:
            return
        messenger = self.others.get(target.platform)
        if messenger is None:
            log.warning(
                "Zalo: no messenger for %s; a reply to %s dropped", target.platform, target
            )
            return
        try:
            await messenger.send(
                ChatTarget(target.platform, target.chat_id), pushed_message(reply)
            )
        except SendError as exc:
            log.warning("Zalo: reply for %s:%s not sent: %s", target.platform, target.chat_id, exc)


def build_zalo_bot(
    settings: ZaloSettings,
    token: str,
    secret: str | None,
    dispatcher: Dispatcher,
    *,
    others: Mapping[str, Messenger] | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    groups: GroupLookup | None = None,
    links: FileLinks | None = None,
    limiter: RateLimiter | None = None,
) -> ZaloBot:
    """The Zalo bot the [zalo] settings describe; `secret` is needed in webhook mode.

    `groups` tells the messenger which chats are bound groups (see ZaloMessenger); `links`
    stores report files and signs links to them (None: Zalo users are told files cannot come).
    `limiter`: the bot's one limiter, shared with the reminder sender (None: sends are spaced
    `send_interval` apart, for a bot that sends no reminders).

    ValueError when webhook mode lacks a usable secret (8-256 characters).
    """
    webhook = None
    if settings.mode == "webhook":
        webhook = WebhookOptions(
            url=settings.webhook_url,
            secret=check_secret(secret or ""),
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            path=settings.webhook_path,
        )
    client = ZaloClient(token, base_url=settings.base_url, transport=transport)
    return ZaloBot(
        client,
        dispatcher,
        webhook=webhook,
        poll_timeout=settings.poll_timeout,
        messenger=ZaloMessenger(
            client,
            LimiterPacer(limiter) if limiter is not None else Pacer(settings.send_interval),
            groups=groups,
        ),
        others=others,
        links=links,
    )


def _needs_operator(exc: ZaloError) -> bool:
    """A refusal no waiting will fix (a bad token), as opposed to a network hiccup."""
    return isinstance(exc, ZaloApiError) and exc.error_code in (401, 403, 404)


async def _cancel(tasks: list[asyncio.Task[None]]) -> None:
    for task in tasks:
        task.cancel()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    for task, result in zip(tasks, results, strict=True):
        if isinstance(result, Exception):
            log.error("Zalo: %s had failed: %s", task.get_name(), result)
