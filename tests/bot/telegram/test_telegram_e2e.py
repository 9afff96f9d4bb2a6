"""End to end against the telegram-test-api emulator: `giaoviec run`'s composition root, real PTB
polling over HTTP, the real core and database; the users act through the emulator's client API.

The emulator's quirks are fixed up in tests/bot/telegram/emulator_client.py, never in bot/.
"""

from __future__ import annotations

import asyncio
import io
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import httpx
import pytest

from bot.config import load_settings
from bot.runtime import run_bot
from bot.telegram.app import Transport
from bot.wiring import App
from handlers.router import FixedClock
from knowledge.chats import ChatAddress, SqlChatDirectory
from knowledge.progress import ProgressState, SqlProgressRepository
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
TODAY = date(2023, 3, 3)  # two days before the seed notice's deadline

OFFICE = EmulatedUser(1001, "Lan")  # an office admin, by the config below
MEMBER = EmulatedUser(2002, "Hùng")  # a member of Phòng Nội vụ's group
STRANGER = EmulatedUser(3003, "Khách")
GROUP = EmulatedChat(-100555777, "supergroup", "Phòng Nội vụ huyện")
OFFICE_CHAT = EmulatedChat(OFFICE.id, label="riêng Lan")
MEMBER_CHAT = EmulatedChat(MEMBER.id, label="riêng Hùng")
STRANGER_CHAT = EmulatedChat(STRANGER.id, label="riêng Khách")


@dataclass
class RunningBot:
    app: App
    chat: Conversation


@pytest.fixture
async def running_bot(
    telegram_emulator: Emulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[RunningBot]:
    """`run_bot` polling the emulator with a token of its own (the emulator keys chats by it)."""
    token = f"{uuid.uuid4().int % 10**9}:e2e{uuid.uuid4().hex}"
    monkeypatch.setenv("GIAOVIEC_TELEGRAM_TOKEN", token)
    monkeypatch.delenv("GIAOVIEC_CONFIG", raising=False)
    config = tmp_path / "config.toml"
    config.write_text(
        f"""[storage]
data_dir = "data"

[telegram]
base_url = "{telegram_emulator.url}/bot"
base_file_url = "{telegram_emulator.url}/file/bot"

[access]
office_admins = ["telegram:{OFFICE.id}"]
require_approval = true
""",
        encoding="utf-8",
    )
    settings = load_settings(config)
    err = io.StringIO()
    app = App(settings, settings.db_url, UNITS, io.StringIO(), err)
    stop = asyncio.Event()
    transport = Transport(
        request=EmulatorRequest(),
        get_updates_request=EmulatorRequest(),
        poll_interval=0.05,  # the emulator answers getUpdates at once: do not spin
    )
    task = asyncio.create_task(run_bot(app, stop, clock=FixedClock(TODAY), transport=transport))
    async with httpx.AsyncClient(timeout=10) as client:
        conversation = Conversation(telegram_emulator.url, token, client)
        try:
            for _ in range(400):
                if "@TestNameBot" in err.getvalue() or task.done():
                    break
                await asyncio.sleep(0.05)
            if task.done():
                task.result()  # raises what stopped it
            assert "@TestNameBot" in err.getvalue(), err.getvalue()
            yield RunningBot(app, conversation)
        finally:
            stop.set()
            await asyncio.wait_for(task, 30)
            app.close()
            print("\n".join(conversation.transcript))


async def test_a_group_registers_asks_and_reports_done_and_a_member_registers_privately(
    running_bot: RunningBot, tmp_path: Path
) -> None:
    chat = running_bot.chat
    sessions = running_bot.app.database().session_factory

    # the office admin opens a private chat, so approvals can reach them
    await chat.say(OFFICE_CHAT, OFFICE, "/toi")
    [me] = await chat.replies(OFFICE_CHAT)
    assert "telegram:1001" in visible(me.text)

    # the office admin binds the group to Phòng Nội vụ
    await chat.say(GROUP, OFFICE, "/dangky Phòng Nội vụ")
    [bound] = await chat.replies(GROUP)
    assert bound.parse_mode == "HTML"
    assert "Phòng Nội vụ" in visible(bound.text)
    binding = SqlChatDirectory(sessions).binding(ChatAddress("telegram", str(GROUP.id)))
    assert binding is not None
    assert binding.active
    assert binding.unit_name == "Phòng Nội vụ"

    # group chatter is not for the bot (the emulator has no privacy mode: the adapter decides)
    await chat.say(GROUP, MEMBER, "Chiều nay họp lúc 3 giờ nhé")
    assert await chat.silence(GROUP, 1.0) == []

    # the office admin sends the seed notice; it waits for confirmation
    await chat.send_document(OFFICE_CHAT, OFFICE, documents.SEED.name, documents.SEED.read_bytes())
    [preview] = await chat.replies(OFFICE_CHAT)
    assert "Xác nhận" in [label for label, _ in preview.buttons]
    assert "7 việc" in visible(preview.text)

    # not live yet: the member's question finds nothing
    await chat.say(GROUP, MEMBER, "Phòng Nội vụ được giao việc gì?", mention=True)
    [nothing] = await chat.replies(GROUP)
    assert "4 việc" not in visible(nothing.text)

    await chat.press(OFFICE_CHAT, OFFICE, preview, "Xác nhận")
    [confirmed] = await chat.replies(OFFICE_CHAT)
    assert "7 việc" in visible(confirmed.text)

    # a member asks with diacritics, then without: the same assignment
    await chat.say(GROUP, MEMBER, "Phòng Nội vụ được giao việc gì?", mention=True)
    [with_marks] = await chat.replies(GROUP)
    await chat.say(GROUP, MEMBER, "phong noi vu duoc giao viec gi", mention=True)
    [without_marks] = await chat.replies(GROUP)
    for answer in (with_marks, without_marks):
        assert visible(answer.text).startswith("Phòng Nội vụ: 4 việc")
        assert "hạn 05/03/2023 (còn 2 ngày)" in visible(answer.text)
    detail_data = with_marks.button("Chi tiết 1")
    assert without_marks.button("Chi tiết 1") == detail_data
    assignment_id = int(detail_data.split(":")[1])

    # Chi tiết: the exact quote, with the progress buttons
    await chat.press(GROUP, MEMBER, without_marks, "Chi tiết 1")
    [detail] = await chat.replies(GROUP)
    assert f"Việc #{assignment_id}" in visible(detail.text)
    assert "Nguyên văn: «Giao phòng Nội vụ huyện" in visible(detail.text)
    assert detail.button("Đã hoàn thành") == f"done:{assignment_id}"

    # Đã hoàn thành: the report is in the database
    progress = SqlProgressRepository(sessions)
    assert assignment_id not in progress.current([assignment_id])
    await chat.press(GROUP, MEMBER, detail, "Đã hoàn thành")
    [recorded] = await chat.replies(GROUP)
    assert "Đã hoàn thành" in visible(recorded.text)
    snapshot = progress.current([assignment_id])[assignment_id]
    assert snapshot.state is ProgressState.DONE
    assert snapshot.latest is not None
    assert snapshot.latest.reported_by.user_id == str(MEMBER.id)

    # a reply to the bot's message is addressed to it too
    await chat.say(GROUP, MEMBER, "việc nào quá hạn tính đến ngày 10/3/2023?", reply_to=recorded)
    [overdue] = await chat.replies(GROUP)
    assert visible(overdue.text)

    # privately: a stranger is asked to register; the member registers, the office approves
    await chat.say(STRANGER_CHAT, STRANGER, "Phòng Nội vụ được giao việc gì?")
    [refused] = await chat.replies(STRANGER_CHAT)
    assert "/dangky" in visible(refused.text)
    assert "4 việc" not in visible(refused.text)

    await chat.say(MEMBER_CHAT, MEMBER, "/dangky Phòng Nội vụ")
    [waiting] = await chat.replies(MEMBER_CHAT)
    assert "Phòng Nội vụ" in visible(waiting.text)
    [request] = await chat.replies(OFFICE_CHAT)  # Reply.to: delivered to the office admin
    assert "Hùng" in visible(request.text)
    await chat.press(OFFICE_CHAT, OFFICE, request, "Duyệt")
    [approved_office] = await chat.replies(OFFICE_CHAT)
    assert "Hùng" in visible(approved_office.text)
    [approved_member] = await chat.replies(MEMBER_CHAT)
    assert "Phòng Nội vụ" in visible(approved_member.text)

    await chat.say(MEMBER_CHAT, MEMBER, "phòng nội vụ có việc gì?")
    [private_answer] = await chat.replies(MEMBER_CHAT)
    assert visible(private_answer.text).startswith("Phòng Nội vụ: 4 việc")

    (tmp_path / "transcript.txt").write_text("\n".join(chat.transcript), encoding="utf-8")
