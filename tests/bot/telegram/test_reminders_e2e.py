"""End to end: `giaoviec run` pushes a due reminder to the bound group through the emulator,
once, and the Đã hoàn thành button under it is recorded."""

from __future__ import annotations

import asyncio
import io
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import pytest

from bot.cli import main
from bot.config import load_settings
from bot.runtime import run_bot
from bot.telegram.app import Transport
from bot.wiring import App
from handlers.router import FixedClock
from knowledge.chats import ChatAddress, SqlChatDirectory
from knowledge.progress import ProgressState, SqlProgressRepository
from scheduler.ledger import ReminderLedger
from tests import documents
from tests.bot.telegram.conftest import Emulator
from tests.bot.telegram.emulator_client import (
    Conversation,
    EmulatedChat,
    EmulatedUser,
    EmulatorRequest,
    visible,
)

REPO = Path(__file__).resolve().parents[3]
UNITS = REPO / "knowledge" / "data" / "units" / "huyen-truoc-2025.toml"
MEMBER = EmulatedUser(2002, "Hùng")
GROUP = EmulatedChat(-100555888, "supergroup", "Phòng Nội vụ huyện")


class StoppedClock:
    """Friday 03/3/2023 08:00:30 in Hà Nội: the seed notice's task is due (05/3 is a Sunday)."""

    def now(self) -> datetime:
        return datetime(2023, 3, 3, 1, 0, 30, tzinfo=UTC)


async def test_a_due_reminder_reaches_the_bound_group_once_and_its_button_works(
    telegram_emulator: Emulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = f"{uuid.uuid4().int % 10**9}:rem{uuid.uuid4().hex}"
    monkeypatch.setenv("GIAOVIEC_TELEGRAM_TOKEN", token)
    monkeypatch.delenv("GIAOVIEC_CONFIG", raising=False)
    config = tmp_path / "config.toml"
    config.write_text(
        f"""[storage]
data_dir = "data"

[telegram]
base_url = "{telegram_emulator.url}/bot"
base_file_url = "{telegram_emulator.url}/file/bot"

[reminders]
tick_seconds = 1
""",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    db = load_settings(config).db_url
    out, err = io.StringIO(), io.StringIO()
    assert (
        main(["--db", db, "ingest", "--issued", "2023-02-28", str(documents.SEED)], out, err) == 0
    )
    assert (
        main(
            ["--db", db, "bind", "--unit", "Phòng Nội vụ", "--chat", f"telegram:{GROUP.id}"],
            out,
            err,
        )
        == 0
    )

    settings = load_settings(config)
    run_err = io.StringIO()
    app = App(settings, settings.db_url, UNITS, io.StringIO(), run_err)
    stop = asyncio.Event()
    transport = Transport(
        request=EmulatorRequest(), get_updates_request=EmulatorRequest(), poll_interval=0.05
    )
    task = asyncio.create_task(
        run_bot(
            app,
            stop,
            clock=FixedClock(date(2023, 3, 3)),
            transport=transport,
            reminder_clock=StoppedClock(),
            reminder_delay=0.5,
        )
    )
    async with httpx.AsyncClient(timeout=10) as client:
        chat = Conversation(telegram_emulator.url, token, client)
        try:
            [reminder] = await chat.replies(GROUP, within=30)
            text = visible(reminder.text)
            assert text.startswith("Hôm nay là ngày làm việc cuối trước hạn: Phòng Nội vụ")
            assert "hạn 05/03/2023" in text
            labels = [label for label, _ in reminder.buttons]
            assert labels == ["Đã hoàn thành", "Đang thực hiện", "Xin gia hạn"]
            # more ticks run (one a second): the ledger keeps it to one message
            assert await chat.silence(GROUP, 3.0) == []
            sessions = app.database().session_factory
            assert ReminderLedger(sessions).counts().get("sent") == 1

            await chat.press(GROUP, MEMBER, reminder, "Đã hoàn thành")
            [recorded] = await chat.replies(GROUP)
            assert "Đã hoàn thành" in visible(recorded.text)
            assignment_id = int(reminder.button("Đã hoàn thành").split(":")[1])
            snapshot = SqlProgressRepository(sessions).current([assignment_id])[assignment_id]
            assert snapshot.state is ProgressState.DONE
            binding = SqlChatDirectory(sessions).binding(ChatAddress("telegram", str(GROUP.id)))
            assert binding is not None
        finally:
            stop.set()
            await asyncio.wait_for(task, 30)
            app.close()
            print("\n".join(chat.transcript))
