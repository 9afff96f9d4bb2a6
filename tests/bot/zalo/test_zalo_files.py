"""Report files on Zalo: the chart by sendPhoto from the bot's own signed URL, the Excel file as
a signed link in the text; without links (or when storing fails), a clear line instead."""

from __future__ import annotations

import asyncio
import io
import re
import socket
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest

from bot.cli import main
from bot.config import load_settings
from bot.files import FileLinks, FileServer, Link
from bot.runtime import run_bot
from bot.wiring import App, router_for
from bot.zalo.client import ZaloClient
from bot.zalo.messenger import Pacer, ZaloMessenger
from bot.zalo.runner import ZaloBot
from bot.zalo.schema import parse_update
from bot.zalo.translate import OutboundText, render_replies
from handlers import texts
from handlers.messages import ChatRef, Reply, ReplyFile
from handlers.router import FixedClock
from tests.bot.office import NOTICE, UNITS
from tests.bot.zalo.conftest import TOKEN, FakeZalo

CHAT = ChatRef("zalo", "z-lead")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SECRET = "a-signing-secret-for-tests"
URL = re.compile(r"https?://\S+")


def fixed_link(file: ReplyFile) -> Link:
    expires = datetime(2023, 3, 4, 15, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    return Link(f"https://bot.example.gov.vn/files/T/{file.filename}?expires=1&sig=s", expires)


def test_a_chart_becomes_a_photo_and_a_workbook_a_link() -> None:
    replies = [
        Reply(title="Tiến độ tất cả các việc (tính đến 03/03/2023): 7 việc"),
        Reply(title=texts.REPORT_FILE_CAPTION, file=ReplyFile("bao-cao.xlsx", b"PK", XLSX)),
        Reply(title=texts.REPORT_CHART_CAPTION, file=ReplyFile("bieu-do.png", b"P", "image/png")),
    ]
    out = render_replies(replies, CHAT, fixed_link)
    url = "https://bot.example.gov.vn/files/T/{}?expires=1&sig=s"
    assert out == [
        OutboundText("z-lead", "Tiến độ tất cả các việc (tính đến 03/03/2023): 7 việc"),
        OutboundText(
            "z-lead",
            texts.REPORT_FILE_CAPTION
            + "\n"
            + texts.ZALO_FILE_LINK.format(
                filename="bao-cao.xlsx",
                url=url.format("bao-cao.xlsx"),
                time="15:30",
                date="04/03/2023",
            ),
        ),
        OutboundText("z-lead", texts.REPORT_CHART_CAPTION, photo_url=url.format("bieu-do.png")),
    ]


def test_without_links_or_when_storing_fails_the_reply_says_the_file_cannot_come() -> None:
    reply = Reply(title="Báo cáo", file=ReplyFile("bao-cao.xlsx", b"PK", XLSX))
    expected = [
        OutboundText(
            "z-lead", "Báo cáo\n" + texts.ZALO_FILE_NOT_SENT.format(filename="bao-cao.xlsx")
        )
    ]
    assert render_replies([reply], CHAT) == expected

    def full_disk(file: ReplyFile) -> Link:
        raise OSError(28, "No space left on device")

    assert render_replies([reply], CHAT, full_disk) == expected


def test_a_caption_too_long_for_a_photo_goes_before_it() -> None:
    lines = tuple(f"{n}. Phòng Nội vụ: báo cáo tiến độ việc số {n}" for n in range(80))
    reply = Reply(title="Biểu đồ", lines=lines, file=ReplyFile("c.png", b"P", "image/png"))
    out = render_replies([reply], CHAT, fixed_link)
    assert len(out) >= 3
    assert all(not o.photo_url for o in out[:-1])
    assert out[-1].text == ""
    assert out[-1].photo_url.endswith("c.png?expires=1&sig=s")


# --- /baocao end to end: the fake Zalo server, the real core, the file route -----------------


@dataclass
class Office:
    app: App
    links: FileLinks


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Office]:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GIAOVIEC_CONFIG", raising=False)
    config = tmp_path / "config.toml"
    config.write_text(
        '[storage]\ndata_dir = "data"\n\n[access]\noffice_admins = ["zalo:z-lead"]\n',
        encoding="utf-8",
    )
    notice = tmp_path / "tb-52.txt"
    notice.write_text(NOTICE + "\n", encoding="utf-8")
    err = io.StringIO()
    assert main(["--config", str(config), "ingest", str(notice)], io.StringIO(), err) == 0
    settings = load_settings(config)
    app = App(settings, settings.db_url, UNITS, io.StringIO(), io.StringIO())
    links = FileLinks(
        settings.data_dir / "files",
        "http://127.0.0.1:1",
        SECRET,
        zone=ZoneInfo("Asia/Ho_Chi_Minh"),
        now=lambda: datetime(2023, 3, 3, 1, 0, tzinfo=UTC),
    )
    try:
        yield Office(app, links)
    finally:
        app.close()


@pytest.fixture
async def serving(office: Office) -> AsyncIterator[FileServer]:
    server = FileServer(office.links)
    port = await server.start("127.0.0.1", 0)
    office.links.public_base_url = f"http://127.0.0.1:{port}"
    try:
        yield server
    finally:
        await server.stop()


async def test_baocao_on_zalo_sends_the_chart_by_url_and_the_workbook_as_a_link(
    office: Office, serving: FileServer, fake: FakeZalo
) -> None:
    client = ZaloClient(TOKEN, base_url=fake.url)
    router = router_for(office.app, FixedClock(date(2023, 3, 3)))
    bot = ZaloBot(client, router, messenger=ZaloMessenger(client, Pacer(0.0)), links=office.links)
    update = {
        "event_name": "message.text.received",
        "message": {
            "message_id": "m-1",
            "chat": {"id": "z-lead", "chat_type": "PRIVATE"},
            "from": {"id": "z-lead", "display_name": "Văn phòng"},
            "text": "/baocao",
        },
    }
    try:
        await bot.handle_update(parse_update(update))
    finally:
        await client.aclose()
    sent = [m for m in (await fake.state())["sent"] if m["method"] != "sendChatAction"]
    assert [m["method"] for m in sent] == ["sendMessage", "sendMessage", "sendPhoto"]
    summary, workbook, chart = sent
    assert summary["text"].startswith("Tiến độ tất cả các việc (tính đến 03/03/2023): 7 việc")
    caption, link_line, until = workbook["text"].split("\n")
    assert caption == texts.REPORT_FILE_CAPTION
    assert link_line.startswith("Tải tệp «tien-do-20230303.xlsx»: http://127.0.0.1:")
    assert until == "(Đường dẫn dùng được đến 08:00 ngày 04/03/2023.)"  # 24 h, local time
    assert chart["chat_id"] == "z-lead"
    assert chart["caption"] == texts.REPORT_CHART_CAPTION
    assert chart["photo"].startswith(f"{office.links.public_base_url}/files/")
    # what Zalo (and the official's phone) would fetch
    [workbook_url] = URL.findall(link_line)
    async with httpx.AsyncClient() as http:
        photo = await http.get(chart["photo"])
        excel = await http.get(workbook_url)
    assert photo.status_code == excel.status_code == 200
    assert photo.headers["content-type"] == "image/png"
    assert photo.content.startswith(b"\x89PNG\r\n\x1a\n")
    assert excel.headers["content-type"] == XLSX
    assert excel.content.startswith(b"PK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


async def test_giaoviec_run_serves_the_files_it_links_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake: FakeZalo
) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("GIAOVIEC_CONFIG", "GIAOVIEC_TELEGRAM_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GIAOVIEC_ZALO_TOKEN", TOKEN)
    monkeypatch.setenv("GIAOVIEC_FILES_SECRET", SECRET)
    port = free_port()
    config = tmp_path / "config.toml"
    config.write_text(
        f'[storage]\ndata_dir = "data"\n\n[zalo]\nbase_url = "{fake.url}"\npoll_timeout = 5\n'
        f'send_interval = 0\n\n[files]\npublic_base_url = "http://127.0.0.1:{port}"\n'
        f'port = {port}\n\n[access]\noffice_admins = ["zalo:z-lead"]\n\n'
        "[reminders]\nenabled = false\n",
        encoding="utf-8",
    )
    settings = load_settings(config)
    app = App(settings, settings.db_url, UNITS, io.StringIO(), io.StringIO())
    stop = asyncio.Event()
    task = asyncio.create_task(run_bot(app, stop, clock=FixedClock(date(2023, 3, 3))))
    try:
        await fake.write("/baocao", chat_id="z-lead")
        state = await fake.wait_until(
            lambda s: any(m["method"] == "sendPhoto" for m in s["sent"]) or task.done()
        )
        [photo] = [m for m in state["sent"] if m["method"] == "sendPhoto"]
        assert photo["photo"].startswith(f"http://127.0.0.1:{port}/files/")
        async with httpx.AsyncClient() as http:
            chart = await http.get(photo["photo"])
        assert chart.status_code == 200
        assert chart.headers["content-type"] == "image/png"
        stored = list((settings.data_dir / "files").iterdir())
        assert len(stored) == 4  # the workbook and the chart, each with its metadata
    finally:
        stop.set()
        await asyncio.wait_for(task, 10)
        app.close()
