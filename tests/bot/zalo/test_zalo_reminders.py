"""Reminders on Zalo: one ledger for both platforms, each chat reminded once in a tick; the
buttons as commands to type; a Zalo group only when the bot may join groups."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import load_settings
from bot.reminders import ReminderService
from bot.runtime import zalo_groups
from bot.wiring import App, router_for
from bot.zalo.client import ZaloClient
from bot.zalo.messenger import Pacer, ZaloMessenger
from handlers import texts
from handlers.messages import ChatRef, IncomingMessage, Sender
from handlers.router import FixedClock, parse_command
from scheduler.ledger import ReminderLedger
from scheduler.messenger import ChatTarget, OutgoingMessage
from tests.bot.office import NOTICE, UNITS
from tests.bot.zalo.conftest import TOKEN, FakeZalo

TELEGRAM_GROUP = "-100555888"
ZALO_GROUP = "zg-1"


class StoppedClock:
    """Friday 03/3/2023 08:00:30 in Hà Nội: reminders of the notice's first tasks are due."""

    def now(self) -> datetime:
        return datetime(2023, 3, 3, 1, 0, 30, tzinfo=UTC)


class RecordingMessenger:
    """The Telegram side: records what it is asked to send."""

    def __init__(self) -> None:
        self.sent: list[tuple[ChatTarget, OutgoingMessage]] = []

    async def send(self, chat: ChatTarget, message: OutgoingMessage) -> None:
        self.sent.append((chat, message))


@dataclass
class Office:
    app: App
    db_url: str


def run(args: list[str]) -> None:
    err = io.StringIO()
    assert main(args, io.StringIO(), err) == 0, err.getvalue()


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, db_url: str) -> Iterator[Office]:
    """Phòng Nội vụ with seven tasks, bound to a Telegram group and a Zalo group, with an
    official registered on Zalo and one on Telegram (privately)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GIAOVIEC_CONFIG", raising=False)
    config = tmp_path / "config.toml"
    config.write_text(
        '[storage]\ndata_dir = "data"\n\n[access]\nrequire_approval = false\n', encoding="utf-8"
    )
    notice = tmp_path / "tb-52.txt"
    notice.write_text(NOTICE + "\n", encoding="utf-8")
    run(["--config", str(config), "--db", db_url, "ingest", str(notice)])
    for chat in (f"telegram:{TELEGRAM_GROUP}", f"zalo:{ZALO_GROUP}"):
        run(
            [
                "--config",
                str(config),
                "--db",
                db_url,
                "bind",
                "--unit",
                "Phòng Nội vụ",
                "--chat",
                chat,
            ]
        )
    settings = load_settings(config)
    app = App(settings, db_url, UNITS, io.StringIO(), io.StringIO())
    router = router_for(app, FixedClock(date(2023, 3, 3)))
    for platform, user in (("zalo", "z-binh"), ("telegram", "2002")):
        text = "/dangky Phòng Nội vụ"
        command, args = parse_command(text)
        [done] = router.dispatch(
            IncomingMessage(
                ChatRef(platform, user), Sender(user, "Bình"), text, command=command, args=args
            )
        )
        assert done.title == texts.REGISTER_DONE.format(unit="Phòng Nội vụ")
    try:
        yield Office(app, db_url)
    finally:
        app.close()


async def zalo_messenger(fake: FakeZalo, app: App) -> tuple[ZaloClient, ZaloMessenger]:
    client = ZaloClient(TOKEN, base_url=fake.url)
    messenger = ZaloMessenger(client, Pacer(0.0), groups=zalo_groups(app))
    # what ZaloBot.start does with getMe's answer
    messenger.can_join_groups = (await client.get_me()).can_join_groups
    return client, messenger


async def test_one_tick_reminds_each_chat_of_both_platforms_once(
    office: Office, fake: FakeZalo
) -> None:
    telegram = RecordingMessenger()
    client, zalo = await zalo_messenger(fake, office.app)
    service = ReminderService(office.app, {"telegram": telegram, "zalo": zalo}, StoppedClock())
    try:
        report = await service.tick()
        again = await service.tick()  # the same minute, or a second replica: nothing new
    finally:
        await client.aclose()
    on_telegram = Counter((chat.chat_id, message.text) for chat, message in telegram.sent)
    on_zalo = Counter(
        (m["chat_id"], m["text"].split("\n")[0])
        for m in (await fake.state())["sent"]
        if m["method"] == "sendMessage"
    )
    assert set(on_telegram.values()) == set(on_zalo.values()) == {1}  # no chat twice
    reminders = {text for _, text in on_telegram}
    assert reminders
    assert all(text.startswith("Nhắc hạn: Phòng Nội vụ") for text in reminders)
    # every reminder reached the Telegram group, the Telegram official and the Zalo official
    assert {chat for chat, _ in on_telegram} == {TELEGRAM_GROUP, "2002"}
    assert set(on_telegram) == {
        (chat, text) for chat in (TELEGRAM_GROUP, "2002") for text in reminders
    }
    assert set(on_zalo) == {("z-binh", text) for text in reminders}
    # the Zalo group was not written to: getMe says the bot cannot join groups; recorded
    assert report.failed == len(reminders)
    assert all(f"zalo:{ZALO_GROUP}" in e and "cannot join groups" in e for e in report.errors)
    assert (again.claimed, again.sent) == (0, 0)
    counts = ReminderLedger(office.app.database().session_factory).counts()
    assert counts.get("sent") == 3 * len(reminders)
    assert counts.get("failed") == len(reminders)


async def test_a_zalo_reminder_says_what_to_type_and_the_typed_answer_is_recorded(
    office: Office, fake: FakeZalo
) -> None:
    client, zalo = await zalo_messenger(fake, office.app)
    service = ReminderService(
        office.app, {"telegram": RecordingMessenger(), "zalo": zalo}, StoppedClock()
    )
    try:
        await service.tick()
    finally:
        await client.aclose()
    first = next(
        m["text"]
        for m in (await fake.state())["sent"]
        if m["method"] == "sendMessage" and m["chat_id"] == "z-binh"
    )
    words, hint = first.split("\n")
    assignment_id = int(words.rsplit("[việc ", 1)[1].rstrip("]"))
    assert hint == texts.TYPED_CHOICES.format(
        choices=" · ".join(
            [
                f"«xong {assignment_id}» (Đã hoàn thành)",
                f"«/capnhat {assignment_id} dang» (Đang thực hiện)",
                f"«xin gia hạn việc {assignment_id} đến ngày/tháng» (Xin gia hạn)",
            ]
        )
    )
    router = router_for(office.app, FixedClock(date(2023, 3, 3)))
    [recorded] = router.dispatch(
        IncomingMessage(
            ChatRef("zalo", "z-binh"), Sender("z-binh", "Bình"), f"xong {assignment_id}"
        )
    )
    assert recorded.title == texts.PROGRESS_RECORDED.format(
        id=assignment_id, occurrence="", state="Đã hoàn thành"
    )


async def test_a_bound_zalo_group_is_reminded_when_the_bot_may_join_groups(
    office: Office, fake: FakeZalo
) -> None:
    await fake.control("me", {"can_join_groups": True})
    client, zalo = await zalo_messenger(fake, office.app)
    service = ReminderService(
        office.app, {"telegram": RecordingMessenger(), "zalo": zalo}, StoppedClock()
    )
    try:
        report = await service.tick()
    finally:
        await client.aclose()
    chats = Counter(
        m["chat_id"] for m in (await fake.state())["sent"] if m["method"] == "sendMessage"
    )
    assert report.failed == 0
    assert chats[ZALO_GROUP] == chats["z-binh"] > 0
