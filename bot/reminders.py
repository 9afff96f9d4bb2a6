"""Reminders in the running process: plan from the data, send through each platform's messenger."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from datetime import datetime

from bot.wiring import App, CliError, reminder_rules, report_desk
from handlers import texts
from handlers.reminders import ReminderRenderer
from knowledge.chats import Role, SqlChatDirectory
from scheduler.clock import Clock, SystemClock
from scheduler.ledger import ReminderLedger
from scheduler.messenger import ChatTarget, Messenger, OutgoingMessage, SendError
from scheduler.pacing import platform_limiter
from scheduler.planner import ReminderPlanner
from scheduler.policy import ReminderRules
from scheduler.ratelimit import TELEGRAM_LIMITS, ZALO_LIMITS, RateLimiter
from scheduler.sender import ReminderSender, TickReport
from scheduler.source import SqlSnapshotSource, directory_recipients

log = logging.getLogger(__name__)

# Each platform's limits (scheduler/ratelimit.py); a platform not listed gets Zalo's cautious one.
PLATFORM_LIMITS = {"telegram": TELEGRAM_LIMITS, "zalo": ZALO_LIMITS}
# Waits for the limiter before a failure report goes anyway (each wait is the limiter's own).
_PACE_TRIES = 5


class ReminderService:
    """One tick: plan what the data asks for up to now, then send what is due."""

    def __init__(
        self,
        app: App,
        messengers: Mapping[str, Messenger],
        clock: Clock,
        rules: ReminderRules | None = None,
        limiters: Mapping[str, RateLimiter] | None = None,
    ) -> None:
        """`limiters`: a platform's limiter shared with its bot (Telegram's paces every Bot API
        call), so a reminder is counted once; a platform without one gets its own."""
        database = app.database()
        repo = app.repository()
        self._rules = rules or reminder_rules(app)
        self._clock = clock
        self._messengers = dict(messengers)
        self._directory = SqlChatDirectory(database.session_factory)
        self.ledger = ReminderLedger(database.session_factory)
        shared = dict(limiters or {})
        self.limiters = {
            name: shared.get(name) or platform_limiter(name, clock) for name in messengers
        }
        source = SqlSnapshotSource(database.session_factory, clock, zone=self._rules.zone)
        self.planner = ReminderPlanner(
            self.ledger,
            source,
            # read again when the data version moves (a binding, a role), not on a timer
            directory_recipients(
                SqlChatDirectory(database.session_factory),
                changes=lambda: source.version(clock.now()),
            ),
            self._rules,
            app.calendar(),
            changes=source.version,  # a tick with nothing new reads one row
            persist=True,  # a restart takes up the stored plan instead of a week back
        )
        self.sender = ReminderSender(
            self.ledger,
            messengers,
            ReminderRenderer(
                repo,
                repo.registry_from_db(include_unregistered=True),
                report_desk(app).build,
            ),
            clock,
            rules=self._rules,
            limiters=self.limiters,
        )

    async def tick(self) -> TickReport:
        """Plan (in a worker thread: it reads the database), then send."""
        now: datetime = self._clock.now()
        plan = await asyncio.to_thread(self.planner.plan, now)
        if plan.inserted or plan.cancelled:
            log.info("reminders planned: %s new, %s cancelled", plan.inserted, plan.cancelled)
        report = await self.sender.tick()
        if report.failed:
            await self._tell_admins(now)
        return report

    async def _pace(self, target: ChatTarget) -> None:
        """Wait for the platform's limiter, as the sender does for a reminder."""
        limiter = self.limiters.get(target.platform)
        for _ in range(_PACE_TRIES):
            wait = limiter.acquire(target.key) if limiter is not None else 0.0
            if wait <= 0:
                return
            await asyncio.sleep(wait)

    async def _tell_admins(self, since: datetime) -> None:
        """Reminders that failed for good are reported to the office admins' private chats."""
        failed = await asyncio.to_thread(
            self.ledger.entries, statuses=["failed"], changed_since=since
        )
        if not failed:
            return
        lines = [texts.REMIND_FAILED_TITLE.format(count=len(failed))]
        lines += [
            texts.REMIND_FAILED_LINE.format(
                chat=e.recipient.key,
                id=e.assignment_id if e.assignment_id is not None else "—",
                error=(e.last_error or "")[:200],
            )
            for e in failed[:20]
        ]
        message = OutgoingMessage("\n".join(lines))
        admins = await asyncio.to_thread(self._directory.private_chats, Role.ADMIN)
        for chat in admins:
            messenger = self._messengers.get(chat.platform)
            if messenger is None:
                continue
            target = ChatTarget(chat.platform, chat.chat_id)
            await self._pace(target)
            try:
                await messenger.send(target, message)
            except SendError as exc:
                log.warning("failure report to %s not sent: %s", chat, exc)


def send_reminders_now(app: App) -> int:
    """`giaoviec remind --send-now`: one tick through the Telegram bot whose token is set."""
    telegram = app.settings.telegram
    token = app.settings.secret(telegram.token_env)
    if not token:
        raise CliError(texts.CLI_REMIND_NO_BOT.format(env=telegram.token_env))

    from bot.telegram.messenger import MessengerUnavailable, telegram_messenger

    async def once() -> TickReport:
        async with telegram_messenger(token, telegram.base_url) as messenger:
            service = ReminderService(app, {"telegram": messenger}, SystemClock())
            return await service.tick()

    try:
        report = asyncio.run(once())
    except MessengerUnavailable as exc:
        # nothing was claimed or sent: the reminders wait for the next run
        words = (
            texts.RUN_TOKEN_REJECTED.format(env=telegram.token_env)
            if exc.token_rejected
            else texts.CLI_REMIND_UNREACHABLE.format(detail=str(exc)[:300])
        )
        app.err.write(words + "\n")
        return 1
    app.out.write(
        texts.CLI_REMIND_SENT.format(
            sent=report.sent, retried=report.retried, failed=report.failed
        )
        + "\n"
    )
    return 1 if report.failed else 0
