"""The reminder tick of `giaoviec run`: plan from the data, send, and report failures to the office."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import Settings
from bot.reminders import ReminderService
from bot.wiring import App
from handlers import texts
from knowledge.chats import ChatAddress, Role, SqlChatDirectory
from scheduler.messenger import ChatTarget, OutgoingMessage, PermanentSendError
from tests import documents

REPO = Path(__file__).resolve().parents[2]
UNITS = REPO / "knowledge" / "data" / "units" / "huyen-truoc-2025.toml"


class FridayMorning:
    """03/3/2023 08:00:30 in Hà Nội: the seed notice's task is due that day (05/3 is a Sunday)."""

    def now(self) -> datetime:
        return datetime(2023, 3, 3, 1, 0, 30, tzinfo=UTC)


class Recording:
    """A messenger that refuses one chat for good and records the rest."""

    def __init__(self, refused: str) -> None:
        self.refused = refused
        self.sent: list[tuple[str, str]] = []

    async def send(self, chat: ChatTarget, message: OutgoingMessage) -> None:
        if chat.chat_id == self.refused:
            raise PermanentSendError("Forbidden: bot was kicked from the group chat")
        self.sent.append((chat.key, message.text))


@pytest.fixture
def app(db_url: str) -> App:
    out, err = io.StringIO(), io.StringIO()
    code = main(
        ["--db", db_url, "ingest", "--issued", "2023-02-28", str(documents.SEED)], out, err
    )
    assert code == 0, err.getvalue()
    return App(Settings(), db_url, UNITS, io.StringIO(), io.StringIO())


async def test_a_tick_sends_once_and_reports_a_refused_chat_to_the_office(app: App) -> None:
    directory = SqlChatDirectory(app.database().session_factory)
    directory.bind_chat(ChatAddress("telegram", "-100"), "group", "phong-noi-vu")
    directory.bind_chat(ChatAddress("telegram", "-200"), "group", "ubmttq-huyen")
    admin = directory.touch_person("telegram", "1", "Văn phòng", private_chat_id="1")
    directory.set_role(admin.id, Role.ADMIN)
    messenger = Recording(refused="-100")
    service = ReminderService(app, {"telegram": messenger}, FridayMorning())
    try:
        report = await service.tick()
        assert report.failed == 1
        to_admin = [text for chat, text in messenger.sent if chat == "telegram:1"]
        assert len(to_admin) == 1
        assert to_admin[0].startswith(texts.REMIND_FAILED_TITLE.format(count=1))
        assert "telegram:-100" in to_admin[0]
        assert "kicked" in to_admin[0]
        again = await service.tick()
        assert (again.sent, again.failed) == (0, 0)
        assert len([c for c, _ in messenger.sent if c == "telegram:1"]) == 1
    finally:
        app.close()


def test_each_platform_is_paced_by_its_own_limits(app: App) -> None:
    from scheduler.ratelimit import TELEGRAM_LIMITS, ZALO_LIMITS

    messengers = {"telegram": Recording(refused=""), "zalo": Recording(refused="")}
    service = ReminderService(app, messengers, FridayMorning())
    try:
        assert service.limiters["telegram"].limits == TELEGRAM_LIMITS
        assert service.limiters["zalo"].limits == ZALO_LIMITS
    finally:
        app.close()


def test_a_limiter_shared_with_the_bot_is_the_one_reminders_use(app: App) -> None:
    from scheduler.clock import SystemClock
    from scheduler.ratelimit import TELEGRAM_LIMITS, RateLimiter

    shared = RateLimiter(TELEGRAM_LIMITS, SystemClock())
    messengers = {"telegram": Recording(refused=""), "zalo": Recording(refused="")}
    service = ReminderService(app, messengers, FridayMorning(), limiters={"telegram": shared})
    try:
        assert service.limiters["telegram"] is shared
        assert service.sender._limiters["telegram"] is shared
        assert service.limiters["zalo"] is not shared
    finally:
        app.close()
