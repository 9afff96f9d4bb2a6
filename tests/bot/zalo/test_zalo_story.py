"""A whole Zalo conversation under `giaoviec run`, against the fake Zalo server process: an
official registers (approved by the office on Zalo), asks, reports progress in words and gets a
reminder, on a reminder clock the test moves. The test prints the transcript."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from bot.config import load_settings
from bot.runtime import run_bot
from bot.wiring import App
from handlers import texts
from handlers.router import FixedClock
from scheduler.ledger import ReminderLedger
from tests.bot.office import NOTICE, UNITS
from tests.bot.zalo.conftest import TOKEN, FakeZalo

OFFICIAL = ("z-binh", "Trần Văn Bình")
OFFICE = ("z-lan", "Nguyễn Thị Lan")


class MovableClock:
    """The reminder clock: set by the test, never read from the wall."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at


class Story:
    """Writes as a person, waits for the bot's answers, and keeps the transcript."""

    def __init__(self, fake: FakeZalo) -> None:
        self.fake = fake
        self.lines: list[str] = []
        self.seen = 0  # bot messages already in the transcript
        self.names = dict([OFFICIAL, OFFICE])

    async def says(self, who: tuple[str, str], text: str, *, answers: int = 1) -> list[str]:
        """`who` writes `text`; the bot's next `answers` messages (to anyone), in order."""
        self.lines.append(f"{who[1]} → bot: {text}")
        await self.fake.write(text, chat_id=who[0], display_name=who[1])
        return await self.bot_says(answers)

    async def bot_says(
        self, count: int, check: Callable[[list[dict[str, Any]]], bool] = bool
    ) -> list[str]:
        """Wait for `count` more bot messages (and `check` on them); they join the transcript."""

        def arrived(state: dict[str, Any]) -> bool:
            new = [m for m in state["sent"] if m["method"] == "sendMessage"][self.seen :]
            return len(new) >= count and check(new)

        state = await self.fake.wait_until(arrived)
        new = [m for m in state["sent"] if m["method"] == "sendMessage"][self.seen :]
        self.seen += len(new)
        for message in new:
            name = self.names.get(message["chat_id"], message["chat_id"])
            self.lines.append(f"bot → {name}: " + message["text"].replace("\n", "\n    "))
        return [m["text"] for m in new]

    def to(self, who: tuple[str, str], said: list[str]) -> list[str]:
        """Of the lines just added, the texts sent to `who`."""
        prefix = f"bot → {who[1]}: "
        return [
            line.removeprefix(prefix)
            for line in self.lines[-len(said) :]
            if line.startswith(prefix)
        ]


async def test_an_official_registers_asks_reports_and_is_reminded_on_zalo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake: FakeZalo
) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("GIAOVIEC_CONFIG", "GIAOVIEC_TELEGRAM_TOKEN", "GIAOVIEC_FILES_SECRET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GIAOVIEC_ZALO_TOKEN", TOKEN)
    config = tmp_path / "config.toml"
    config.write_text(
        f'[storage]\ndata_dir = "data"\n\n[zalo]\nbase_url = "{fake.url}"\npoll_timeout = 5\n'
        "send_interval = 0\n\n[reminders]\ntick_seconds = 1\n\n"
        f'[access]\noffice_admins = ["zalo:{OFFICE[0]}"]\nrequire_approval = true\n',
        encoding="utf-8",
    )
    notice = tmp_path / "tb-52.txt"
    notice.write_text(NOTICE + "\n", encoding="utf-8")
    assert (
        main(["--config", str(config), "ingest", str(notice)], io.StringIO(), io.StringIO()) == 0
    )
    settings = load_settings(config)
    app = App(settings, settings.db_url, UNITS, io.StringIO(), io.StringIO())
    # 06:00 in Hà Nội on Friday 03/3/2023: quiet hours, no reminder goes yet
    reminders = MovableClock(datetime(2023, 3, 2, 23, 0, tzinfo=UTC))
    stop = asyncio.Event()
    task = asyncio.create_task(
        run_bot(
            app,
            stop,
            clock=FixedClock(date(2023, 3, 3)),
            reminder_clock=reminders,
            reminder_delay=0.1,
        )
    )
    story = Story(fake)
    try:
        await story.says(OFFICE, "/toi")  # the office admin opens a private chat with the bot

        # 1. the official registers; the request reaches the office admin on Zalo
        said = await story.says(OFFICIAL, "/dangky Phòng Nội vụ", answers=2)
        assert story.to(OFFICIAL, said) == [texts.REGISTER_SENT.format(unit="Phòng Nội vụ")]
        [request] = story.to(OFFICE, said)
        assert "«/choduyet» (Duyệt / Từ chối)" in request
        said = await story.says(OFFICE, "/choduyet")
        assert "1. Duyệt" in said[0]
        said = await story.says(OFFICE, "1", answers=2)
        assert story.to(OFFICIAL, said) == [
            texts.REGISTER_APPROVED_USER.format(unit="Phòng Nội vụ")
        ]

        # 2. the official asks, without diacritics, and reads one item
        [listing] = await story.says(OFFICIAL, "phong noi vu duoc giao viec gi")
        assert listing.startswith("Phòng Nội vụ: 7 việc")
        [detail] = await story.says(OFFICIAL, "1")
        assert detail.startswith("Việc #1: Rà soát, sắp xếp tổ chức bộ máy")

        # 3. progress in words
        [done] = await story.says(OFFICIAL, "xong 1")
        assert done == texts.PROGRESS_RECORDED.format(id=1, occurrence="", state="Đã hoàn thành")

        # 4. 08:00:30: the reminders of the day go; task 1 is done, so only task 3's comes
        reminders.at = datetime(2023, 3, 3, 1, 0, 30, tzinfo=UTC)
        story.lines.append("(đồng hồ nhắc hạn: 08:00 ngày 03/03/2023)")
        [reminder] = await story.bot_says(1)
        first_line, hint = reminder.split("\n")
        assert first_line.startswith("Nhắc hạn: Phòng Nội vụ — Hướng dẫn các xã đánh giá")
        assert first_line.endswith("[việc 3]")
        assert hint.startswith("Trả lời «xong 3» (Đã hoàn thành)")
        [answered] = await story.says(OFFICIAL, "xong 3")
        assert answered == texts.PROGRESS_RECORDED.format(
            id=3, occurrence="", state="Đã hoàn thành"
        )

        ledger = ReminderLedger(app.database().session_factory)
        to_official = [e for e in ledger.entries() if e.recipient.key == f"zalo:{OFFICIAL[0]}"]
        assert [(e.assignment_id, e.status) for e in to_official if e.status == "sent"] == [
            (3, "sent")
        ]
        assert all(e.assignment_id != 1 for e in to_official)
    finally:
        stop.set()
        await asyncio.wait_for(task, 15)
        app.close()
        print("\n" + "\n".join(story.lines))
