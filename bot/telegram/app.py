"""The PTB Application: updates in, the router called off the loop, replies out; start and stop."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from telegram import BotCommand, Update, User
from telegram.error import InvalidToken, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseRateLimiter,
    CallbackQueryHandler,
    ChatMemberHandler,
    ContextTypes,
    ExtBot,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.config import TelegramSettings
from bot.telegram.delivery import (
    NO_RETRY,
    ONE_RETRY,
    RetryingRateLimiter,
    describe,
    send_reply,
)
from bot.telegram.translate import (
    ALLOWED_UPDATES,
    PLATFORM,
    DocumentRef,
    removed_chat,
    telegram_chat_id,
    translate_update,
)
from bot.telegram.webhook import TelegramWebhookServer, update_taker
from handlers import texts
from handlers.messages import Attachment, ChatKind, ChatRef, Dispatcher, IncomingMessage, Reply
from handlers.platforms import pushed_message
from knowledge.errors import DocumentProblem
from scheduler.messenger import ChatTarget, Messenger, SendError

log = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE
TelegramApp = Application[Any, Any, Any, Any, Any, Any]
MB = 1024 * 1024


class AdminCache:
    """Who administers each group, asked of Telegram at most once per `ttl` seconds a group.

    A failed look-up counts as "nobody" for the same time: the flag is a convenience for
    group admins, and office roles do not depend on it.
    """

    def __init__(
        self,
        ttl: float = 300.0,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_chats: int = 10_000,
    ) -> None:
        self._ttl = ttl
        self._clock = clock
        self._max_chats = max_chats
        self._admins: OrderedDict[int, tuple[float, frozenset[str]]] = OrderedDict()

    async def is_admin(self, bot: ExtBot[Any], chat_id: int, user_id: str) -> bool:
        """Whether `user_id` administers group `chat_id`; False when Telegram cannot say."""
        now = self._clock()
        cached = self._admins.get(chat_id)
        if cached is None or now - cached[0] >= self._ttl:
            try:
                members = await bot.get_chat_administrators(chat_id, rate_limit_args=NO_RETRY)
                admins = frozenset(str(m.user.id) for m in members)
            except TelegramError as exc:
                log.warning("administrators of chat %s unknown: %s", chat_id, describe(exc))
                admins = frozenset()
            cached = (now, admins)
            self._admins[chat_id] = cached
            while len(self._admins) > self._max_chats:
                self._admins.popitem(last=False)
        self._admins.move_to_end(chat_id)
        return user_id in cached[1]


class TelegramAdapter:
    """PTB handlers that translate, ask the router (in a worker thread) and send the replies."""

    def __init__(
        self,
        router: Dispatcher,
        *,
        commands: Sequence[tuple[str, str]] = (),
        max_upload_bytes: int = 20 * MB,
        admins: AdminCache | None = None,
        others: Mapping[str, Messenger] | None = None,
    ) -> None:
        self.router = router
        self.commands = tuple(commands)
        self.max_upload_bytes = max_upload_bytes
        self.admins = admins if admins is not None else AdminCache()
        # messengers of the other platforms, for replies addressed to a chat there (a Zalo
        # official told that an office admin approved them here); filled in by the composition
        # root once those bots have started
        self.others: dict[str, Messenger] = dict(others or {})

    def install(self, application: TelegramApp) -> None:
        """Register the handlers on `application`."""
        application.add_handler(CallbackQueryHandler(self.on_callback))
        application.add_handler(
            ChatMemberHandler(self.on_member_change, ChatMemberHandler.MY_CHAT_MEMBER)
        )
        application.add_handler(
            MessageHandler(
                filters.UpdateType.MESSAGE
                & (filters.TEXT | filters.CAPTION | filters.Document.ALL),
                self.on_message,
            )
        )
        application.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, self.on_migrate))
        application.add_error_handler(self.on_error)

    async def publish_commands(self, bot: ExtBot[Any]) -> bool:
        """The command menu with Vietnamese descriptions (setMyCommands); False if refused."""
        if not self.commands:
            return False
        try:
            await bot.set_my_commands(
                [BotCommand(name, description) for name, description in self.commands],
                rate_limit_args=ONE_RETRY,
            )
        except TelegramError as exc:
            # the menu is a convenience: the bot answers commands without it
            log.warning("command menu not published: %s", describe(exc))
            return False
        return True

    # --- updates ------------------------------------------------------------------------------

    async def on_message(self, update: Update, context: Context) -> None:
        """A text, a command or a document."""
        bot = context.bot
        inbound = translate_update(update, bot.bot)
        if inbound is None or not inbound.addressed:
            return  # group chatter the bot was not asked about: not even looked at
        message = await self._with_admin_flag(bot, inbound.message)
        if inbound.document is not None and not await self._may_upload(message):
            # refused by the core on who sent it: named, never downloaded
            message = replace(message, attachments=(Attachment(inbound.document.filename, b""),))
        elif inbound.document is not None:
            attachment = await self._download(bot, inbound.document, message.chat)
            if attachment is None:
                return
            message = replace(message, attachments=(attachment,))
        reply_to = inbound.message_id if message.chat.kind is ChatKind.GROUP else None
        await self._dispatch(bot, message, reply_to)

    async def on_callback(self, update: Update, context: Context) -> None:
        """A button press: answered at once (the spinner stops), then dispatched."""
        query = update.callback_query
        if query is None:
            return
        bot: ExtBot[Any] = context.bot  # typed for rate_limit_args
        try:
            # one retry only: Telegram drops a query not answered within about 15 seconds
            await bot.answer_callback_query(query.id, rate_limit_args=ONE_RETRY)
        except TelegramError as exc:
            log.warning("callback query not answered: %s", describe(exc))
        inbound = translate_update(update, bot.bot)
        if inbound is None:
            return
        message = await self._with_admin_flag(bot, inbound.message)
        await self._dispatch(bot, message, None)

    async def on_member_change(self, update: Update, context: Context) -> None:
        """The bot's own membership changed; removal from a chat is reported to the core."""
        change = update.my_chat_member
        if change is None:
            return
        chat = removed_chat(change, context.bot.bot)
        if chat is None:
            log.info(
                "bot is now %s in chat %s",
                change.new_chat_member.status,
                change.chat.id,
            )
            return
        log.info("bot removed from chat %s (%s)", chat.chat_id, change.new_chat_member.status)
        hook = getattr(self.router, "chat_removed", None)
        if not callable(hook):
            log.warning("the core has no chat_removed(chat): chat %s stays bound", chat.chat_id)
            return
        replies: list[Reply] = await asyncio.to_thread(hook, chat)
        # the removed chat cannot be written to: only replies addressed elsewhere are sent
        await self.deliver(context.bot, [r for r in replies if r.to is not None], chat)

    async def on_migrate(self, update: Update, context: Context) -> None:
        """A group became a supergroup: the same chat under a new id, for the core to follow.

        Telegram sends the move twice (in the old chat and in the new one); the old chat's
        message, which names the new id, is the one taken.
        """
        message = update.message
        if message is None or message.migrate_to_chat_id is None:
            return
        old = ChatRef(PLATFORM, str(message.chat.id), ChatKind.GROUP)
        new = ChatRef(PLATFORM, str(message.migrate_to_chat_id), ChatKind.GROUP)
        log.info("chat %s became %s", old.chat_id, new.chat_id)
        hook = getattr(self.router, "chat_migrated", None)
        if not callable(hook):
            log.warning(
                "the core has no chat_migrated(old, new): chat %s keeps its old id", old.chat_id
            )
            return
        replies: list[Reply] = await asyncio.to_thread(hook, old, new)
        await self.deliver(context.bot, replies, new)

    async def on_error(self, update: object, context: Context) -> None:
        """An exception no handler caught: logged (the filter keeps the token out)."""
        update_id = update.update_id if isinstance(update, Update) else None
        log.error("update %s failed", update_id, exc_info=context.error)

    # --- helpers ------------------------------------------------------------------------------

    async def _with_admin_flag(
        self, bot: ExtBot[Any], message: IncomingMessage
    ) -> IncomingMessage:
        if message.chat.kind is not ChatKind.GROUP or message.sender.chat_admin:
            return message
        admin = await self.admins.is_admin(
            bot, telegram_chat_id(message.chat), message.sender.user_id
        )
        if not admin:
            return message
        return replace(message, sender=replace(message.sender, chat_admin=True))

    async def _may_upload(self, message: IncomingMessage) -> bool:
        check = getattr(self.router, "may_upload", None)
        if not callable(check):
            return True
        allowed: bool = await asyncio.to_thread(check, message)
        return allowed

    async def _download(
        self, bot: ExtBot[Any], document: DocumentRef, chat: ChatRef
    ) -> Attachment | None:
        """The file's bytes, or None once the chat was told why not (too large, failed)."""
        if document.size is not None and document.size > self.max_upload_bytes:
            await self._refuse_size(bot, document, document.size, chat)
            return None
        try:
            file = await bot.get_file(document.file_id)
            content = bytes(await file.download_as_bytearray())
        except TelegramError as exc:
            log.warning("download of %r failed: %s", document.filename, describe(exc))
            reply = Reply(title=texts.TELEGRAM_DOWNLOAD_FAILED.format(filename=document.filename))
            await self.deliver(bot, [reply], chat)
            return None
        if len(content) > self.max_upload_bytes:  # file_size is optional in the Bot API
            await self._refuse_size(bot, document, len(content), chat)
            return None
        return Attachment(document.filename, content)

    async def _refuse_size(
        self, bot: ExtBot[Any], document: DocumentRef, size: int, chat: ChatRef
    ) -> None:
        words = texts.document_problem(
            DocumentProblem.TOO_LARGE,
            document.filename,
            detail=f"{size / MB:.1f} MB",
            limit=f"{self.max_upload_bytes // MB} MB",
        )
        await self.deliver(bot, [Reply(title=words)], chat)

    async def _dispatch(
        self, bot: ExtBot[Any], message: IncomingMessage, reply_to: int | None
    ) -> None:
        # the router reads the database and may read a document: a worker thread keeps the
        # loop free for other updates, the webhook server and callback answers
        replies = await asyncio.to_thread(self.router.dispatch, message)
        await self.deliver(bot, replies, message.chat, reply_to=reply_to)

    async def deliver(
        self,
        bot: ExtBot[Any],
        replies: Sequence[Reply],
        origin: ChatRef,
        *,
        reply_to: int | None = None,
    ) -> int:
        """Send each reply to its chat (`Reply.to`, else `origin`); the number sent.

        A reply that cannot be sent is logged and the others still go.
        """
        sent = 0
        for reply in replies:
            target = reply.to or origin
            if target.platform != PLATFORM:
                sent += await self._deliver_elsewhere(reply, target)
                continue
            try:
                await send_reply(
                    bot,
                    telegram_chat_id(target),
                    reply,
                    reply_to=reply_to if target == origin else None,
                )
            except TelegramError as exc:
                log.warning("reply to chat %s not sent: %s", target.chat_id, describe(exc))
                continue
            sent += 1
            reply_to = None  # only the first answer quotes the question
        return sent

    async def _deliver_elsewhere(self, reply: Reply, target: ChatRef) -> int:
        """A reply for a chat on another platform, through that platform's messenger."""
        messenger = self.others.get(target.platform)
        if messenger is None:
            log.error("no messenger for %s: a reply to %s dropped", target.platform, target)
            return 0
        try:
            await messenger.send(
                ChatTarget(target.platform, target.chat_id), pushed_message(reply)
            )
        except SendError as exc:
            log.warning("reply for %s:%s not sent: %s", target.platform, target.chat_id, exc)
            return 0
        return 1


# --- building and running -----------------------------------------------------------------


@dataclass(frozen=True)
class Transport:
    """How the Application reaches the Bot API; tests put an emulator or a fake here."""

    request: BaseRequest | None = None
    get_updates_request: BaseRequest | None = None
    rate_limiter: BaseRateLimiter[Any] | None = None
    poll_interval: float = 0.0  # seconds between getUpdates calls (long polling needs none)


class TelegramStartError(Exception):
    """The bot could not start; `token_rejected` when Telegram refused the token."""

    def __init__(self, detail: str, *, token_rejected: bool = False) -> None:
        super().__init__(detail)
        self.token_rejected = token_rejected


def build_application(
    token: str,
    settings: TelegramSettings,
    adapter: TelegramAdapter,
    transport: Transport | None = None,
) -> TelegramApp:
    """The PTB Application with our handlers, rate limiter and no JobQueue."""
    transport = transport or Transport()
    builder = (
        ApplicationBuilder()
        .token(token)
        .job_queue(None)  # reminders are the scheduler's, not PTB's
        .rate_limiter(transport.rate_limiter or RetryingRateLimiter())
    )
    if settings.base_url:
        builder = builder.base_url(settings.base_url)
    if settings.base_file_url:
        builder = builder.base_file_url(settings.base_file_url)
    if transport.request is not None:
        builder = builder.request(transport.request)
    if transport.get_updates_request is not None:
        builder = builder.get_updates_request(transport.get_updates_request)
    application: TelegramApp = builder.build()
    adapter.install(application)
    return application


async def serve(
    application: TelegramApp,
    adapter: TelegramAdapter,
    settings: TelegramSettings,
    stop: asyncio.Event,
    *,
    secret_token: str | None = None,
    poll_interval: float = 0.0,
    on_ready: Callable[[User], None] | None = None,
) -> None:
    """Run until `stop` is set: getMe, the command menu, then polling or the webhook server."""
    try:
        await application.initialize()  # getMe: fails fast on a bad token or an unreachable API
    except InvalidToken as exc:
        raise TelegramStartError(str(exc), token_rejected=True) from exc
    except TelegramError as exc:
        raise TelegramStartError(describe(exc)) from exc
    server: TelegramWebhookServer | None = None
    try:
        updater = application.updater
        assert updater is not None  # built with the default Updater
        await adapter.publish_commands(application.bot)
        await application.start()
        try:
            if settings.mode == "webhook":
                server = await _start_webhook(application, settings, secret_token or "")
            else:
                await updater.start_polling(
                    poll_interval=poll_interval, allowed_updates=list(ALLOWED_UPDATES)
                )
        except TelegramError as exc:
            raise TelegramStartError(describe(exc)) from exc
        except OSError as exc:  # the webhook port is taken or cannot be bound
            raise TelegramStartError(f"{type(exc).__name__}: {exc}") from exc
        if on_ready is not None:
            on_ready(application.bot.bot)
        await stop.wait()
    finally:
        if server is not None:
            await server.stop()
        if application.updater is not None and application.updater.running:
            await application.updater.stop()
        if application.running:
            await application.stop()
        await application.shutdown()


async def _start_webhook(
    application: TelegramApp, settings: TelegramSettings, secret_token: str
) -> TelegramWebhookServer:
    """Our webhook route listening, then Telegram told to post there (setWebhook).

    Updates go to the Application's queue, as PTB's own webhook server would put them.
    """

    def enqueue(update: Update) -> bool:
        application.update_queue.put_nowait(update)
        return True

    server = TelegramWebhookServer(
        settings.webhook_path, secret_token, update_taker(application.bot, enqueue)
    )
    await server.start(settings.webhook_listen, settings.webhook_port)
    try:
        await application.bot.set_webhook(
            url=settings.webhook_url,
            secret_token=secret_token,
            allowed_updates=list(ALLOWED_UPDATES),
            max_connections=server.in_flight.limit,
        )
    except BaseException:
        await server.stop()
        raise
    log.info(
        "Telegram webhook %s, listening on %s:%d%s",
        settings.webhook_url,
        settings.webhook_listen,
        server.port,
        server.path,
    )
    return server
