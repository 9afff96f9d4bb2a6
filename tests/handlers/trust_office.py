"""An office with every role on one platform, for the access matrix and the fuzz test.

Built through the router itself, as people would: the office admin writes privately, grants
a leader, approves two members (Phòng Nội vụ and Phòng Tư pháp) and a group of Phòng Nội vụ;
a second group's request and a third person's registration wait; a document waits for review;
a member asked for an extension and reported a task done (completions need confirmation).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import partial

from sqlalchemy import text

from handlers.access import AccessPolicy
from handlers.answering import Services
from handlers.documents import DocumentDesk
from handlers.leadership import ReportDesk
from handlers.messages import Attachment, ChatKind, ChatRef, IncomingMessage, Reply, Sender
from handlers.report_files import report_chart_png, report_xlsx
from handlers.router import FixedClock, Router, parse_command
from knowledge.calendar import WorkCalendar
from knowledge.chats import ChatAddress, SqlChatDirectory
from knowledge.db import Database, open_database
from knowledge.pipeline import extract_text
from knowledge.progress import SqlProgressRepository
from knowledge.readers import read_bytes
from knowledge.reports import build_report
from knowledge.repository import SqlAlchemyDocumentRepository
from knowledge.review import SqlDocumentReview
from knowledge.search import SqlAssignmentSearch
from knowledge.units import UnitRegistry, example_units_path

TODAY = date(2023, 3, 3)
NOW = datetime(2023, 3, 3, 2, 0, tzinfo=UTC)

_HEAD = """UBND HUYỆN TÂN YÊN
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: {number}/TB-UBND
Tân Yên, ngày 01 tháng 3 năm 2023
THÔNG BÁO
Kết luận của Chủ tịch UBND huyện tại cuộc họp giao ban tháng 3
"""
_TAIL = """Nơi nhận:
- Như trên;
- Lưu: VT.
TL. CHỦ TỊCH
CHÁNH VĂN PHÒNG
Nguyễn Văn An
"""
LIVE_NOTICE = (
    _HEAD.format(number=60)
    + """1. Giao Phòng Nội vụ rà soát quy chế làm việc của UBND huyện; hoàn thành trước ngày 20/3/2023.
2. Giao Phòng Nội vụ tổng hợp nhu cầu đào tạo cán bộ, công chức; hoàn thành trước ngày 30/3/2023.
3. Giao Phòng Tư pháp rà soát thủ tục hành chính trực tuyến; hoàn thành trước ngày 25/3/2023.
4. Giao Phòng Tư pháp kiểm tra công tác hộ tịch tại các xã; hoàn thành trước ngày 28/3/2023.
"""
    + _TAIL
)
REVIEW_NOTICE = (
    _HEAD.format(number=61)
    + """1. Giao Phòng Văn hóa và Thông tin xây dựng kế hoạch tuyên truyền chuyển đổi số; hoàn thành trước ngày 20/4/2023.
2. Giao Phòng Tư pháp rà soát văn bản quy phạm pháp luật; hoàn thành trước ngày 25/4/2023.
"""
    + _TAIL
)
ANOTHER_NOTICE = REVIEW_NOTICE.replace("61/TB", "62/TB").replace("20/4", "22/4")

ROLES = (
    "stranger",
    "member_b",
    "group_self",
    "group_a",
    "member_a",
    "leader",
    "admin",
)


@dataclass(frozen=True)
class Actor:
    """Who writes, and where."""

    chat: ChatRef
    sender: Sender
    title: str = ""


@dataclass
class TrustOffice:
    """The office, its actors by role, and the ids the actions name."""

    platform: str
    router: Router
    directory: SqlChatDirectory
    services: Services
    progress: SqlProgressRepository
    database: Database
    actors: dict[str, Actor] = field(default_factory=dict)
    ids: dict[str, int | str] = field(default_factory=dict)

    def say(self, actor: Actor, typed: str, **extra: object) -> list[Reply]:
        """`actor` types `typed` (a command or words), addressed to the bot."""
        command, args = parse_command(typed)
        message = IncomingMessage(
            actor.chat,
            actor.sender,
            text=typed,
            command=command,
            args=args if command else "",
            mentions_bot=True,
            chat_title=actor.title,
            **extra,  # type: ignore[arg-type]
        )
        return self.router.dispatch(message)

    def press(self, actor: Actor, data: str) -> list[Reply]:
        """`actor` presses a button carrying `data`."""
        message = IncomingMessage(actor.chat, actor.sender, callback=data, chat_title=actor.title)
        return self.router.dispatch(message)

    def upload(self, actor: Actor, name: str, content: bytes) -> list[Reply]:
        """`actor` sends a file (in a group, naming the bot)."""
        message = IncomingMessage(
            actor.chat,
            actor.sender,
            attachments=(Attachment(name, content),),
            mentions_bot=True,
            chat_title=actor.title,
        )
        return self.router.dispatch(message)


def _private(platform: str, user_id: str, name: str) -> Actor:
    chat_id = user_id if platform == "telegram" else f"z-{user_id}"
    return Actor(ChatRef(platform, chat_id), Sender(user_id, name))


def _group(platform: str, chat_id: str, user_id: str, name: str, title: str) -> Actor:
    group_id = chat_id if platform == "telegram" else f"zg{chat_id}"
    return Actor(ChatRef(platform, group_id, ChatKind.GROUP), Sender(user_id, name), title)


def _approve(replies: list[Reply], office: TrustOffice) -> None:
    """The office admin presses Duyệt on the request the replies sent it."""
    request = next(r for r in replies if r.to is not None and r.buttons)
    office.press(office.actors["admin"], request.buttons[0].callback)


def _task_ids(office: TrustOffice, unit: str) -> list[int]:
    views = office.services.repository.list_assignments(unit_key=unit)
    return sorted(v.id for v in views if v.document_status == "live")


@contextmanager
def trust_office(db_url: str, platform: str) -> Iterator[TrustOffice]:
    """The office on `platform` ("telegram" or "zalo") over the database at `db_url`."""
    database = open_database(db_url)
    try:
        registry = UnitRegistry.from_file(example_units_path("huyen-truoc-2025"))
        repo = SqlAlchemyDocumentRepository(database.session_factory, registry)
        repo.sync_units(registry)
        repo = SqlAlchemyDocumentRepository(database.session_factory, repo.registry_from_db())
        live = read_bytes(LIVE_NOTICE.encode("utf-8"), "tb60.txt")
        repo.save_extraction(extract_text(live), live, source_name="tb60.txt")
        services = Services(
            repository=repo,
            registry=repo.registry_from_db(include_unregistered=True),
            search=SqlAssignmentSearch(database.session_factory),
        )
        directory = SqlChatDirectory(database.session_factory)
        progress = SqlProgressRepository(database.session_factory, require_confirmation=True)
        admin_id = "1"
        directory.ensure_admins([(platform, admin_id)])  # as bot.wiring does at start
        router = Router(
            services,
            clock=FixedClock(TODAY),
            directory=directory,
            access=AccessPolicy(office_admins=((platform, admin_id),)),
            desk=DocumentDesk(review=SqlDocumentReview(database.session_factory)),
            progress=progress,
            now=lambda: NOW,
            reports=ReportDesk(
                build=partial(build_report, database.session_factory, WorkCalendar()),
                calendar=WorkCalendar(),
                xlsx=report_xlsx,
                chart=report_chart_png,
            ),
        )
        office = TrustOffice(platform, router, directory, services, progress, database)
        actors = office.actors
        actors["admin"] = _private(platform, admin_id, "Văn phòng")
        actors["leader"] = _private(platform, "5", "Lãnh đạo")
        actors["member_a"] = _private(platform, "2", "Chị Lan")
        actors["member_b"] = _private(platform, "6", "Anh Tuấn")
        actors["stranger"] = _private(platform, "3", "Người lạ")
        actors["pending"] = _private(platform, "11", "Người chờ")
        actors["group_a"] = _group(platform, "-1001", "8", "Thành viên A", "Nhóm Nội vụ")
        actors["group_self"] = _group(platform, "-1002", "10", "Thành viên S", "Nhóm tự lập")
        requester_a = _group(platform, "-1001", "7", "Trưởng nhóm A", "Nhóm Nội vụ")
        requester_s = _group(platform, "-1002", "9", "Trưởng nhóm S", "Nhóm tự lập")
        if platform == "telegram":  # Telegram says who administers a group; Zalo does not
            requester_a = Actor(
                requester_a.chat, Sender("7", "Trưởng nhóm A", chat_admin=True), "Nhóm Nội vụ"
            )
            requester_s = Actor(
                requester_s.chat, Sender("9", "Trưởng nhóm S", chat_admin=True), "Nhóm tự lập"
            )

        office.say(actors["admin"], "/toi")
        office.say(actors["leader"], "/toi")
        office.say(actors["admin"], f"/capquyen {platform}:5 lanhdao")
        _approve(office.say(actors["member_a"], "/dangky Phòng Nội vụ"), office)
        _approve(office.say(actors["member_b"], "/dangky Phòng Tư pháp"), office)
        office.say(actors["pending"], "/dangky Phòng Nội vụ")
        _approve(office.say(requester_a, "/dangky Phòng Nội vụ"), office)
        office.say(requester_s, "/dangky Phòng Nội vụ")  # a group bound by itself: waits
        office.upload(actors["admin"], "tb61.txt", REVIEW_NOTICE.encode("utf-8"))

        a1, a2 = _task_ids(office, "phong-noi-vu")[:2]
        b1, b2 = _task_ids(office, "phong-tu-phap")[:2]
        office.press(actors["member_a"], f"extend:{a2}")
        office.say(actors["member_a"], "20/4/2023 chờ ý kiến của Sở Nội vụ")
        office.say(actors["member_a"], f"xong {a1} theo báo cáo số 12/BC-NV")
        pending_person = directory.person(platform, "11")
        (request,) = directory.binding_requests()
        review = office.services.repository.list_documents(status="review")
        (extension,) = progress.pending_extensions()
        assert pending_person is not None
        assert directory.binding(ChatAddress(platform, actors["group_a"].chat.chat_id))
        review_ids = SqlDocumentReview(database.session_factory).assignment_ids(review[0].id)
        office.ids.update(
            a1=a1,
            a2=a2,
            b1=b1,
            b2=b2,
            person=pending_person.id,
            request=request.id,
            document=review[0].id,
            reviewed=review_ids[0],
            extension=extension.id,
        )
        yield office
    finally:
        database.dispose()


# --- what an action changed ----------------------------------------------------------------

_STATE = {
    "people": "SELECT platform, user_id, role, unit_id, registration FROM people",
    "chat_bindings": "SELECT platform, chat_id, kind, unit_id, active FROM chat_bindings",
    "chat_binding_requests": "SELECT id, chat_id, unit_id, state FROM chat_binding_requests",
    "documents": "SELECT id, status FROM documents",
    "assignments": "SELECT id, status, deadline, deadline_text FROM assignments",
    "assignment_units": "SELECT assignment_id, unit_id, role FROM assignment_units",
    "progress_reports": "SELECT id, assignment_id, state, confirmation FROM progress_reports",
    "extension_requests": "SELECT id, state, approved_due FROM extension_requests",
}
# Refusals on who the caller is (not on the state of things: "already done" and the like).
PERMISSION_REFUSALS = frozenset(
    {
        "not_office_admin",
        "not_leader",
        "not_member",
        "registration_pending",
        "group_not_bound",
        "group_pending",
        "not_group_admin",
        "not_lead_unit",
        "already_bound",
    }
)


def state(office: TrustOffice) -> dict[str, frozenset[tuple[object, ...]]]:
    """What the office controls, as sets of rows (no names, times or chat memories)."""
    with office.database.engine.connect() as connection:
        return {
            table: frozenset(tuple(row) for row in connection.execute(text(query)))
            for table, query in _STATE.items()
        }


def effects(
    before: dict[str, frozenset[tuple[object, ...]]],
    after: dict[str, frozenset[tuple[object, ...]]],
) -> dict[str, tuple[set[tuple[object, ...]], set[tuple[object, ...]]]]:
    """Rows gone and rows come, by table; a person first seen (no role, no unit) is none."""
    changed = {}
    for table in _STATE:
        gone, come = set(before[table] - after[table]), set(after[table] - before[table])
        if table == "people":
            come = {row for row in come if row[2:] != (None, None, "none")}
        if gone or come:
            changed[table] = (gone, come)
    return changed


def refusals(office: TrustOffice, since: tuple[int, int] = (0, 0)) -> list[tuple[str, str, str]]:
    """Refused attempts on record after the rows `since` (see `last_audit_ids`):
    (trail, action, why)."""
    with office.database.engine.connect() as connection:
        access = connection.execute(
            text("SELECT action, refusal FROM access_audit WHERE NOT accepted AND id > :i"),
            {"i": since[0]},
        )
        progress = connection.execute(
            text("SELECT action, refusal FROM progress_audit WHERE NOT accepted AND id > :i"),
            {"i": since[1]},
        )
        return [("access", a, r) for a, r in access] + [("progress", a, r) for a, r in progress]


def last_audit_ids(office: TrustOffice) -> tuple[int, int]:
    """The last row ids of the two audit trails."""
    with office.database.engine.connect() as connection:
        access = connection.execute(text("SELECT max(id) FROM access_audit")).scalar()
        progress = connection.execute(text("SELECT max(id) FROM progress_audit")).scalar()
        return int(access or 0), int(progress or 0)
