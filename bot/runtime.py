"""`giaoviec run`: the composition root of the long-running bot (router, Telegram, Zalo)."""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import logging
import re
import signal
import sys
from collections.abc import AsyncIterator, Iterable, Mapping
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import TextIO

from bot import collector
from bot.config import TelegramSettings, ZaloSettings
from bot.files import SECRET_MIN as FILES_SECRET_MIN
from bot.files import FileLinks, FileServer
from bot.reminders import ReminderService
from bot.telegram.app import (
    AdminCache,
    TelegramAdapter,
    TelegramStartError,
    Transport,
    build_application,
    serve,
)
from bot.telegram.delivery import RetryingRateLimiter
from bot.telegram.messenger import TelegramMessenger
from bot.web.links import PageSigner
from bot.web.server import page_routes, page_settings
from bot.wiring import App, CliError, office_zone, router_for
from bot.zalo.client import ZaloApiError, ZaloError
from bot.zalo.messenger import GroupLookup
from bot.zalo.runner import ZaloBot, ZaloTransport, build_zalo_bot
from bot.zalo.schema import SECRET_MAX, SECRET_MIN
from bot.zalo.translate import PLATFORM as PLATFORM_ZALO
from handlers import texts
from handlers.messages import Dispatcher
from handlers.router import OfficeClock, Router, SystemClock, bot_commands
from knowledge.chats import ChatAddress, SqlChatDirectory
from scheduler.clock import Clock as ReminderClock
from scheduler.clock import SystemClock as UtcClock
from scheduler.messenger import Messenger
from scheduler.pacing import PLATFORM_LIMITS, platform_limiter
from scheduler.ratelimit import ZALO_LIMITS, RateLimiter
from scheduler.runner import ApSchedulerRunner

log = logging.getLogger(__name__)

# What Telegram accepts as a webhook secret_token.
_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
REDACTED = "<bí mật>"


class RedactSecrets(logging.Filter):
    """Replaces tokens in a log record (message, arguments, traceback) before it is written.

    PTB and httpx put the Bot API URL, which holds the token, in some messages and errors.
    """

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        # longest first: a secret containing another is replaced whole
        self.secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    def redact(self, text: str) -> str:
        """`text` with every secret replaced."""
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record in place; never drops it."""
        if not self.secrets:
            return True
        record.msg = self.redact(record.getMessage())
        record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            # formatted here so the traceback text, not only the message, is cleaned
            record.exc_text = self.redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def configure_logging(
    secrets: Iterable[str], *, stream: TextIO | None = None, level: int = logging.INFO
) -> RedactSecrets:
    """Log to `stream` (stderr) with every secret redacted; httpx's request lines are muted.

    The filter goes on every handler of the root logger: a filter on a logger would not see
    records its children propagate.
    """
    redactor = RedactSecrets(secrets)
    root = logging.getLogger()
    if not root.handlers:
        handler: logging.Handler = logging.StreamHandler(stream or sys.stderr)
        handler.setFormatter(logging.Formatter(LOG_FORMAT))
        root.addHandler(handler)
    root.setLevel(min(root.level or level, level))
    for handler in root.handlers:
        handler.addFilter(redactor)
    # httpx logs every request line at INFO, with the token in the URL
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    return redactor


def telegram_secrets(app: App, settings: TelegramSettings) -> tuple[str, str | None]:
    """The bot token and the webhook secret from the environment; CliError when missing."""
    token = app.settings.secret(settings.token_env)
    if not token:
        raise CliError(texts.RUN_NO_TOKEN.format(env=settings.token_env))
    if settings.mode != "webhook":
        return token, None
    secret = app.settings.secret(settings.secret_token_env)
    if not secret:
        raise CliError(texts.RUN_NO_SECRET.format(env=settings.secret_token_env))
    if not _SECRET.fullmatch(secret):
        raise CliError(texts.RUN_BAD_SECRET.format(env=settings.secret_token_env))
    return token, secret


def zalo_secrets(app: App, settings: ZaloSettings) -> tuple[str, str | None] | None:
    """The Zalo token and webhook secret from the environment; None when Zalo has no token."""
    token = app.settings.secret(settings.token_env)
    if not token:
        return None
    if settings.mode != "webhook":
        return token, None
    secret = app.settings.secret(settings.secret_token_env)
    if not secret:
        raise CliError(texts.ZALO_RUN_NO_SECRET.format(env=settings.secret_token_env))
    if not SECRET_MIN <= len(secret) <= SECRET_MAX:
        raise CliError(texts.ZALO_RUN_BAD_SECRET.format(env=settings.secret_token_env))
    return token, secret


def zalo_groups(app: App) -> GroupLookup:
    """Which Zalo chats are groups bound to a unit, from the chat bindings (see ZaloMessenger)."""
    directory = SqlChatDirectory(app.database().session_factory)

    def bound(chat_id: str) -> bool | None:
        binding = directory.binding(ChatAddress(PLATFORM_ZALO, chat_id))
        if binding is None or binding.kind != "group":
            return None
        return binding.active

    return bound


def file_links(app: App) -> FileLinks | None:
    """Signed links to report files ([files]); None when no public URL is configured.

    CliError when the signing secret is missing or too short.
    """
    files = app.settings.files
    if not files.public_base_url:
        return None
    secret = app.settings.secret(files.secret_env)
    if not secret:
        raise CliError(texts.FILES_NO_SECRET.format(env=files.secret_env, min=FILES_SECRET_MIN))
    if len(secret) < FILES_SECRET_MIN:
        raise CliError(texts.FILES_BAD_SECRET.format(env=files.secret_env, min=FILES_SECRET_MIN))
    return FileLinks(
        app.settings.data_dir / "files",
        files.public_base_url,
        secret,
        ttl=timedelta(hours=files.link_hours),
        zone=office_zone(app.settings.timezone),
    )


def page_signer(app: App) -> PageSigner | None:
    """Signed links to the web pages, on the file listener's public URL and secret ([files]);
    None when no public URL is configured."""
    if file_links(app) is None:
        return None
    files = app.settings.files
    secret = app.settings.secret(files.secret_env) or ""
    return PageSigner(files.public_base_url, secret, ttl=timedelta(hours=files.link_hours))


@asynccontextmanager
async def files_served(
    app: App,
    links: FileLinks | None,
    router: Router | None = None,
    signer: PageSigner | None = None,
) -> AsyncIterator[FileServer | None]:
    """The file route (and, with a router and a signer, the web pages) listening for the
    block (None without links), stopped after it."""
    if links is None:
        yield None
        return
    files = app.settings.files
    if router is not None and signer is not None:
        secure = files.public_base_url.startswith("https://")
        server = FileServer(links, page_routes(router, signer), page_settings(secure))
    else:
        server = FileServer(links)
    try:
        port = await server.start(files.listen, files.port)
    except OSError as exc:
        raise CliError(
            texts.FILES_START_FAILED.format(listen=files.listen, port=files.port, detail=exc)
        ) from None
    log.info("report files: %s served on %s:%d", links.public_base_url, files.listen, port)
    try:
        yield server
    finally:
        await server.stop()


def bot_limiter(app: App, platform: str, token: str) -> RateLimiter:
    """A bot's one limiter for this process, on the real clock: its token buckets, or on
    PostgreSQL (where replicas of `giaoviec run` may share the database) a budget shared with
    every process that serves the same bot (scheduler.send_budget). The bot is named by the
    id before its token's colon, or a digest: the token itself is never stored."""
    if not app.db_url.startswith("postgresql"):
        return platform_limiter(platform, UtcClock())
    from scheduler.send_budget import SharedBudgetLimiter

    head = token.partition(":")[0]
    bot = head if head.isdigit() else hashlib.sha256(token.encode()).hexdigest()[:16]
    limits = PLATFORM_LIMITS.get(platform, ZALO_LIMITS)
    session_factory = app.database().session_factory
    return SharedBudgetLimiter(f"{platform}:{bot}", limits, UtcClock(), session_factory)


@asynccontextmanager
async def zalo_running(
    app: App,
    dispatcher: Dispatcher,
    secrets: tuple[str, str | None] | None,
    *,
    others: Mapping[str, Messenger] | None = None,
    transport: ZaloTransport | None = None,
    links: FileLinks | None = None,
    limiter: RateLimiter | None = None,
) -> AsyncIterator[ZaloBot | None]:
    """The Zalo bot running for the block (None when Zalo has no token), stopped after it.

    Report files go to Zalo users as `links` (served by run_bot's file listener); `limiter`
    paces its every send, shared with the reminder sender."""
    if secrets is None:
        yield None
        return
    settings = app.settings.zalo
    token, secret = secrets
    bot = build_zalo_bot(
        settings,
        token,
        secret,
        dispatcher,
        others=others,
        transport=transport,
        groups=zalo_groups(app),
        links=links,
        limiter=limiter,
    )
    try:
        me = await bot.start()  # getMe, then setWebhook or the poller
    except (ZaloError, OSError) as exc:  # OSError: the webhook port cannot be bound
        await bot.stop(drain_seconds=0)
        if isinstance(exc, ZaloApiError) and exc.error_code == 401:
            raise CliError(texts.ZALO_RUN_TOKEN_REJECTED.format(env=settings.token_env)) from None
        # ZaloError messages carry no token
        raise CliError(texts.ZALO_RUN_START_FAILED.format(detail=str(exc))) from None
    app.err.write(texts.ZALO_RUN_STARTED.format(name=me.account_name, mode=settings.mode) + "\n")
    app.err.flush()
    try:
        yield bot
    finally:
        await bot.stop()


@asynccontextmanager
async def reminders_running(
    app: App,
    messengers: Mapping[str, Messenger],
    clock: ReminderClock | None = None,
    first_delay: float = 5.0,
    limiters: Mapping[str, RateLimiter] | None = None,
) -> AsyncIterator[ReminderService | None]:
    """Reminder ticks for the block (planned from the data, sent through `messengers`, paced
    by the bots' own `limiters` where they have one)."""
    if not messengers or not app.settings.reminders_enabled:
        yield None
        return
    service = ReminderService(app, messengers, clock or UtcClock(), limiters=limiters)
    runner = ApSchedulerRunner(
        service.tick,
        every=timedelta(seconds=app.settings.reminder_tick_seconds),
        timezone=app.settings.timezone,
    )
    # the first tick waits a moment: the bots finish starting, and replies come first
    runner.start(first_at=datetime.now(UTC) + timedelta(seconds=first_delay))
    log.info("reminders: a tick every %s s", app.settings.reminder_tick_seconds)
    try:
        yield service
    finally:
        await runner.shutdown()


async def run_bot(
    app: App,
    stop: asyncio.Event,
    *,
    clock: OfficeClock | None = None,
    transport: Transport | None = None,
    zalo_transport: ZaloTransport | None = None,
    reminder_clock: ReminderClock | None = None,
    reminder_delay: float = 5.0,
) -> None:
    """Serve Telegram and Zalo (each whose token is set) until `stop` is set.

    Raises CliError with a Vietnamese reason. One router serves both platforms.
    """
    settings = app.settings.telegram
    zalo = zalo_secrets(app, app.settings.zalo)
    # the same conversation as `giaoviec chat`: access rules, bindings, documents in chat
    router = router_for(app, clock or SystemClock(office_zone(app.settings.timezone)))
    links = file_links(app)
    signer = page_signer(app)
    router.pages = signer  # replies carry signed links to the web pages
    collector.settle()  # what start-up built stays for the process: no collection walks it
    try:
        async with files_served(app, links, router, signer):
            if zalo is not None and not app.settings.secret(settings.token_env):
                # Zalo alone
                limiter = bot_limiter(app, "zalo", zalo[0])
                async with zalo_running(
                    app, router, zalo, transport=zalo_transport, links=links, limiter=limiter
                ) as zalo_bot:
                    messengers: dict[str, Messenger] = {}
                    if zalo_bot is not None:
                        messengers["zalo"] = zalo_bot.messenger.counted_by_caller()
                    async with reminders_running(
                        app, messengers, reminder_clock, reminder_delay, limiters={"zalo": limiter}
                    ):
                        await stop.wait()
                return
            await _run_telegram(
                app,
                router,
                stop,
                zalo,
                links,
                transport,
                zalo_transport,
                reminder_clock,
                reminder_delay,
            )
    finally:
        collector.restore()


async def _run_telegram(
    app: App,
    router: Router,
    stop: asyncio.Event,
    zalo: tuple[str, str | None] | None,
    links: FileLinks | None,
    transport: Transport | None,
    zalo_transport: ZaloTransport | None,
    reminder_clock: ReminderClock | None,
    reminder_delay: float,
) -> None:
    """Telegram (and Zalo, when it has a token) until `stop` is set."""
    settings = app.settings.telegram
    token, secret = telegram_secrets(app, settings)
    adapter = TelegramAdapter(
        router,
        commands=bot_commands(router.commands),
        max_upload_bytes=app.settings.max_upload_mb * 1024 * 1024,
        admins=AdminCache(float(settings.admin_cache_seconds)),
    )
    # one limiter for Telegram: the bot paces every call with it, and reminders, counted by
    # the sender against the same limiter, are not counted again
    transport = transport or Transport()
    if transport.rate_limiter is None:
        limiter = RetryingRateLimiter(bot_limiter(app, "telegram", token))
        transport = dataclasses.replace(transport, rate_limiter=limiter)
    application = build_application(token, settings, adapter, transport)

    def ready(me: object) -> None:
        username = getattr(me, "username", "") or ""
        app.err.write(texts.RUN_STARTED.format(username=username, mode=settings.mode) + "\n")
        app.err.flush()

    # a Zalo reply addressed to a Telegram chat (an office admin) goes through Telegram
    others = {"telegram": TelegramMessenger(application.bot)}
    throttle = application.bot.rate_limiter
    shared = {"telegram": throttle.limiter} if isinstance(throttle, RetryingRateLimiter) else {}
    # and one for Zalo, the same way: the messenger paces replies with it, the sender reminders
    if zalo is not None:
        shared["zalo"] = bot_limiter(app, "zalo", zalo[0])
    async with zalo_running(
        app,
        router,
        zalo,
        others=others,
        transport=zalo_transport,
        links=links,
        limiter=shared.get("zalo"),
    ) as zalo_bot:
        pushes: dict[str, Messenger] = {
            "telegram": TelegramMessenger(application.bot, paced=bool(shared))
        }
        if zalo_bot is not None:
            # and a Telegram reply addressed to a Zalo chat (an official approved) through Zalo
            adapter.others["zalo"] = zalo_bot.messenger
            pushes["zalo"] = zalo_bot.messenger.counted_by_caller()
        async with reminders_running(app, pushes, reminder_clock, reminder_delay, limiters=shared):
            try:
                await serve(
                    application,
                    adapter,
                    settings,
                    stop,
                    secret_token=secret,
                    poll_interval=transport.poll_interval if transport else 0.0,
                    on_ready=ready,
                )
            except TelegramStartError as exc:
                if exc.token_rejected:
                    raise CliError(
                        texts.RUN_TOKEN_REJECTED.format(env=settings.token_env)
                    ) from exc
                detail = str(exc).replace(token, REDACTED)
                raise CliError(texts.RUN_START_FAILED.format(detail=detail)) from exc


def cmd_run(app: App, args: object) -> int:
    """Run the bot in one asyncio loop until SIGTERM or SIGINT; exit 0 on a clean stop."""
    settings = app.settings.telegram
    zalo = zalo_secrets(app, app.settings.zalo)
    secrets = [s or "" for s in zalo or ()]
    secrets.append(app.settings.secret(app.settings.files.secret_env) or "")
    if zalo is None or app.settings.secret(settings.token_env):
        secrets.extend(s or "" for s in telegram_secrets(app, settings))
    configure_logging(secrets)

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
        try:
            await run_bot(app, stop)
        finally:
            for signum in (signal.SIGTERM, signal.SIGINT):
                loop.remove_signal_handler(signum)

    asyncio.run(main())
    app.err.write(texts.RUN_STOPPED + "\n")
    return 0
