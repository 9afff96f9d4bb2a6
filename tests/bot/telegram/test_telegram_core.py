"""The adapter with the real core offline: markup shown literally, a group bound once the office
approves, a stranger's document refused, a kicked bot's binding made inactive."""

from __future__ import annotations

import copy
import html
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from bot.config import load_settings
from bot.telegram.app import TelegramApp
from bot.wiring import App, router_for
from handlers import texts
from handlers.router import FixedClock, Router
from knowledge.chats import ChatAddress, SqlChatDirectory
from tests.bot.telegram.fakes import FakeTelegramRequest, feed, load_update, offline_app

REPO = Path(__file__).resolve().parents[3]
UNITS = REPO / "knowledge" / "data" / "units" / "huyen-truoc-2025.toml"
GROUP_ID = -1001234567890
TAG = re.compile(r"</?[a-z]+>")

# A notice whose task text and a unit name carry markup (an unregistered unit is kept as written).
MARKUP_NOTICE = """UBND HUYỆN TÂN YÊN
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 77/TB-UBND
Tân Yên, ngày 01 tháng 3 năm 2023
THÔNG BÁO
Kết luận của Chủ tịch UBND huyện về công tác <b>chuyển đổi số</b> & cải cách hành chính
Chủ tịch UBND huyện kết luận như sau:
1. Giao Phòng Nội vụ chủ trì rà soát thủ tục <script>alert('x')</script> & báo cáo kết quả <b>trước</b> UBND huyện; hoàn thành trước ngày 20/3/2023.
2. Giao Công ty <i>Viễn thông</i> & Truyền hình <Tân Yên> hỗ trợ kết nối mạng cho các xã; hoàn thành trước ngày 25/3/2023.
Văn phòng HĐND và UBND huyện thông báo để các cơ quan, đơn vị biết, thực hiện./.
"""


def visible(rendered: str) -> str:
    return html.unescape(TAG.sub("", rendered))


@dataclass
class Office:
    app: App
    router: Router


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Office]:
    """The real router over a SQLite database holding MARKUP_NOTICE; telegram:1001 is office."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GIAOVIEC_CONFIG", raising=False)
    config = tmp_path / "config.toml"
    config.write_text(
        '[storage]\ndata_dir = "data"\n\n[access]\noffice_admins = ["telegram:1001"]\n',
        encoding="utf-8",
    )
    notice = tmp_path / "tb-77.txt"
    notice.write_text(MARKUP_NOTICE, encoding="utf-8")
    err = io.StringIO()
    assert main(["--config", str(config), "ingest", str(notice)], io.StringIO(), err) == 0, (
        err.getvalue()
    )
    settings = load_settings(config)
    app = App(settings, settings.db_url, UNITS, io.StringIO(), io.StringIO())
    try:
        yield Office(app, router_for(app, FixedClock(date(2023, 3, 3))))
    finally:
        app.close()


def text_update(name: str, text: str, *, user_id: int | None = None) -> dict[str, Any]:
    """A recorded update with its text (and sender) replaced; a "/..." text is a command."""
    update = copy.deepcopy(load_update(name))
    message = update["message"]
    message["text"] = text
    message.pop("entities", None)
    if text.startswith("/"):
        message["entities"] = [
            {"offset": 0, "length": len(text.split()[0]), "type": "bot_command"}
        ]
    if user_id is not None:
        message["from"] = {"id": user_id, "is_bot": False, "first_name": f"Người {user_id}"}
    return update


async def _run(router: Router, request: FakeTelegramRequest, *updates: dict[str, Any]) -> None:
    app: TelegramApp
    app, _ = offline_app(router, request)
    async with app:
        for update in updates:
            await feed(app, update)


def sent_texts(request: FakeTelegramRequest) -> list[str]:
    return [str(c.params["text"]) for c in request.calls_to("sendMessage")]


async def test_markup_in_document_text_unit_names_and_questions_is_shown_literally(
    office: Office,
) -> None:
    request = FakeTelegramRequest()
    await _run(
        office.router,
        request,
        text_update("private_text", "Phòng Nội vụ được giao việc gì?"),
        text_update("private_text", "chi tiết 1"),
        text_update(
            "private_text", "Công ty <i>Viễn thông</i> & Truyền hình <Tân Yên> được giao gì?"
        ),
        text_update("private_text", "/viec <b>Ban</b> & <script>x</script>"),
    )
    answers = sent_texts(request)
    assert len(answers) == 4
    listing, detail, company, unknown = answers
    for rendered in answers:
        # the only tags are the renderer's own
        assert set(TAG.findall(rendered)) <= {"<b>", "</b>", "<i>", "</i>"}
        assert "<script>" not in rendered
    assert "rà soát thủ tục <script>alert('x')</script> & báo cáo" in visible(detail)
    assert "&lt;script&gt;alert('x')&lt;/script&gt; &amp; báo cáo" in detail
    assert "Phòng Nội vụ: 1 việc" in visible(listing)
    assert "<Tân Yên>" in visible(company)
    assert "&lt;Tân Yên&gt;" in company
    assert "</b> & <script>x</script>»" in visible(unknown)  # the name as typed, escaped
    assert "&lt;/b&gt; &amp; &lt;script&gt;x&lt;/script&gt;" in unknown


def press_update(data: str, *, user_id: int, chat_id: int) -> dict[str, Any]:
    """A recorded button press with its data, presser and chat replaced."""
    update = copy.deepcopy(load_update("callback_detail"))
    query = update["callback_query"]
    query["data"] = data
    query["from"] = {"id": user_id, "is_bot": False, "first_name": f"Người {user_id}"}
    query["message"]["chat"] = (
        {"id": chat_id, "type": "private", "first_name": "Văn phòng"}
        if chat_id > 0
        else {"id": chat_id, "type": "supergroup", "title": "Phòng Nội vụ huyện"}
    )
    return update


async def test_a_group_is_bound_only_when_the_office_approves(office: Office) -> None:
    request = FakeTelegramRequest()
    request.administrators[GROUP_ID] = [4004]  # the group's own admin, not of the office
    directory = SqlChatDirectory(office.app.database().session_factory)
    group = ChatAddress("telegram", str(GROUP_ID))

    await _run(
        office.router,
        request,
        text_update("private_text", "/toi", user_id=1001),  # the office admin's private chat
        text_update("group_command", "/dangky Phòng Nội vụ", user_id=4004),
        text_update("group_command", "/viec", user_id=2002),
    )
    assert directory.binding(group) is None
    sent = {
        (c.params["chat_id"], visible(str(c.params["text"])))
        for c in request.calls_to("sendMessage")
    }
    assert (GROUP_ID, texts.BIND_GROUP_SENT.format(unit="Phòng Nội vụ")) in sent
    assert (GROUP_ID, texts.ACCESS_GROUP_PENDING.format(unit="Phòng Nội vụ")) in sent
    [ask] = [c for c in request.calls_to("sendMessage") if c.params["chat_id"] == 1001][1:]
    # the group's title, as Telegram gives it, and who asked
    assert "«Phòng Nội vụ huyện» (mã telegram:-1001234567890)" in visible(str(ask.params["text"]))
    assert "Người 4004" in visible(str(ask.params["text"]))
    approve = ask.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    assert approve.startswith("bindok:")

    await _run(
        office.router,
        request,
        press_update(approve, user_id=4004, chat_id=GROUP_ID),  # not the office: refused
        press_update(approve, user_id=1001, chat_id=1001),
    )
    binding = directory.binding(group)
    assert binding is not None
    assert (binding.unit_name, binding.title, binding.bound_by) == (
        "Phòng Nội vụ",
        "Phòng Nội vụ huyện",
        "telegram:1001",
    )
    told = [visible(str(c.params["text"])) for c in request.calls_to("sendMessage")][-3:]
    assert told[0] == texts.ACCESS_ADMIN_ONLY
    assert texts.BIND_GROUP_APPROVED_GROUP.format(unit="Phòng Nội vụ") in told


async def test_a_strangers_document_is_refused_and_not_stored(office: Office) -> None:
    request = FakeTelegramRequest()
    request.files["documents/doc-45"] = MARKUP_NOTICE.replace("77/TB", "78/TB").encode()
    update = copy.deepcopy(load_update("document_private"))
    update["message"]["from"]["id"] = 3003
    update["message"]["chat"]["id"] = 3003
    before = office.app.repository().counts().documents
    await _run(office.router, request, update)
    [refusal] = request.calls_to("sendMessage")
    assert visible(str(refusal.params["text"])) == texts.DOC_ONLY_ADMINS.format(
        filename="thong-bao-45.txt"
    )
    assert "reply_markup" not in refusal.params  # no preview to confirm
    assert office.app.repository().counts().documents == before


async def test_a_kicked_bot_leaves_the_binding_inactive_and_tells_the_office(
    office: Office,
) -> None:
    request = FakeTelegramRequest()
    request.administrators[GROUP_ID] = []
    directory = SqlChatDirectory(office.app.database().session_factory)
    await _run(
        office.router,
        request,
        text_update("private_text", "/toi", user_id=1001),  # the office admin's private chat
        text_update("group_command", "/dangky Phòng Nội vụ", user_id=1001),
        load_update("my_chat_member_kicked"),
    )
    binding = directory.binding(ChatAddress("telegram", str(GROUP_ID)))
    assert binding is not None
    assert not binding.active
    to_office = [c for c in request.calls_to("sendMessage") if c.params["chat_id"] == 1001]
    assert len(to_office) == 2  # /toi's answer, then the removal notice
    assert "Phòng Nội vụ" in visible(str(to_office[-1].params["text"]))
