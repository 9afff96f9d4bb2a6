"""An office with web pages served for the page tests: a document held for review (the
sample notice), a live notice with overdue work, the office's people, and the tornado
listener on a free loopback port in a thread of its own (so a browser driven from the test's
thread can reach it)."""

from __future__ import annotations

import asyncio
import io
import re
import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from bot.cli import main
from bot.config import load_settings
from bot.files import FileLinks, FileServer
from bot.web.links import PROGRESS, REVIEW, PageSigner
from bot.web.server import page_routes, page_settings
from bot.wiring import App, router_for
from handlers.router import FixedClock, Router
from knowledge.chats import ChatAddress, Registration, Role, SqlChatDirectory
from tests import documents
from tests.bot import office

SECRET = "a-signing-secret-for-web-tests"
TODAY = date(2023, 3, 10)  # the live notice's tasks fall due 06/3 to 12/3/2023
ADMIN = ("telegram", "100")
LEADER = ("telegram", "200")
MEMBER = ("telegram", "300")  # of Phòng Nội vụ
STRANGER = ("telegram", "400")
NOI_VU_GROUP = ChatAddress("telegram", "-1001")
EXTRA_ITEM = (
    "8. Giao Hợp tác xã Nhã Nam chủ trì rà soát các điểm kinh doanh lấn chiếm vỉa hè; "
    "hoàn thành trước ngày 31/3/2023.\n\n"
)


class Clock:
    """The signer's clock, moved by the tests."""

    def __init__(self) -> None:
        self.now = datetime(2023, 3, 10, 1, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


class Served:
    """A FileServer with the pages, listening in a thread with its own event loop."""

    def __init__(self, server: FileServer) -> None:
        self.server = server
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.port = 0

    def start(self) -> int:
        self.thread.start()
        future = asyncio.run_coroutine_threadsafe(self.server.start("127.0.0.1", 0), self.loop)
        self.port = future.result(timeout=10)
        return self.port

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self.server.stop(), self.loop).result(timeout=10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)
        self.loop.close()


@dataclass
class Site:
    """The office, its server and what the tests need to reach it."""

    app: App
    router: Router
    signer: PageSigner
    clock: Clock
    served: Served
    review_id: int  # the sample notice, held for review
    live_id: int  # notice 52/TB-UBND, live

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.served.port}"

    def review_url(self, who: tuple[str, str] = ADMIN, document_id: int | None = None) -> str:
        document = self.review_id if document_id is None else document_id
        token = self.signer.token(REVIEW, who[0], who[1], document)
        return f"{self.base}/trang/duyet/{document}?t={token}"

    def progress_url(self, who: tuple[str, str] = LEADER, query: str = "") -> str:
        token = self.signer.token(PROGRESS, who[0], who[1])
        return f"{self.base}/trang/tiendo?t={token}{'&' + query if query else ''}"

    def stop(self) -> None:
        self.served.stop()
        self.app.close()


def run(*argv: str | Path) -> str:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], out=out, err=err)
    assert code == 0, err.getvalue()
    return out.getvalue()


def open_site(folder: Path, db_url: str) -> Site:
    """Build the office in `folder` on `db_url` and start serving its pages."""
    config = office.write_config(folder / "office")
    live_notice = folder / "tb-52.txt"
    live_notice.write_text(office.NOTICE + "\n", encoding="utf-8")
    run("--db", db_url, "--config", config, "ingest", live_notice)
    # the sample notice with one more item whose lead the units file does not know
    seed = documents.SEED.read_text(encoding="utf-8")
    closing = "Trên đây là Kết luận"
    review_notice = folder / "thong-bao-ket-luan.txt"
    review_notice.write_text(seed.replace(closing, EXTRA_ITEM + closing, 1), encoding="utf-8")
    issued = ("--issued", "2023-02-28")
    run("--db", db_url, "--config", config, "ingest", "--review", *issued, review_notice)
    settings = load_settings(config)
    app = App(settings, db_url, office.UNITS, io.StringIO(), io.StringIO())
    router = router_for(app, FixedClock(TODAY))
    directory = SqlChatDirectory(app.database().session_factory)
    for who, role in ((ADMIN, Role.ADMIN), (LEADER, Role.LEADER)):
        person = directory.touch_person(who[0], who[1], f"Người {who[1]}", who[1])
        directory.set_role(person.id, role)
    member = directory.touch_person(MEMBER[0], MEMBER[1], "Cán bộ Nội vụ", MEMBER[1])
    directory.register(member.id, "phong-noi-vu", Registration.APPROVED)
    directory.touch_person(STRANGER[0], STRANGER[1], "Người lạ", STRANGER[1])
    directory.bind_chat(NOI_VU_GROUP, "group", "phong-noi-vu", by="test")
    repository = app.repository()
    review = [d for d in repository.list_documents(status="review")]
    live = [d for d in repository.list_documents(status="live") if d.number == "52/TB-UBND"]
    clock = Clock()
    signer = PageSigner("http://127.0.0.1", SECRET, now=clock)
    links = FileLinks(folder / "files", "http://127.0.0.1", SECRET, now=clock)
    server = FileServer(links, page_routes(router, signer), page_settings(secure=False))
    served = Served(server)
    served.start()
    return Site(app, router, signer, clock, served, review[0].id, live[0].id)


_XSRF = re.compile(r'name="_xsrf" value="([^"]+)"')


def xsrf_of(html: str) -> str:
    """The XSRF token a page's forms carry."""
    found = _XSRF.search(html)
    assert found is not None, html[:500]
    return found.group(1)
