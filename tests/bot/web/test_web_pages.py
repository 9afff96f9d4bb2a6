"""The web pages over HTTP: signed links (forged, expired, another page's, another person's),
roles read afresh, XSRF on every form, bounded forms, the review actions doing what chat does,
the leaders' page and its files, and the links the chat replies carry."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from openpyxl import load_workbook

from bot.web.links import PROGRESS, REVIEW, PageSigner
from handlers import texts
from handlers.messages import Attachment, ChatKind, ChatRef, IncomingMessage, Sender
from knowledge.chats import AccessRecord, Role, SqlChatDirectory
from knowledge.repository import AssignmentView
from tests.bot import office
from tests.bot.web.site import (
    ADMIN,
    LEADER,
    MEMBER,
    NOI_VU_GROUP,
    SECRET,
    STRANGER,
    Site,
    open_site,
    xsrf_of,
)


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    """The office on SQLite: what the web layer does, whatever the database."""
    opened = open_site(tmp_path, f"sqlite:///{tmp_path / 'db' / 'giaoviec.db'}")
    try:
        yield opened
    finally:
        opened.stop()


@pytest.fixture
def stored(tmp_path: Path, db_url: str) -> Iterator[Site]:
    """The office on SQLite and on PostgreSQL: for the edits the database stores."""
    opened = open_site(tmp_path, db_url)
    try:
        yield opened
    finally:
        opened.stop()


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=30, follow_redirects=False) as c:
        yield c


def tasks_of(site: Site, document_id: int | None = None) -> list[AssignmentView]:
    desk = site.router.desk
    assert desk is not None
    ids = desk.review.assignment_ids(document_id or site.review_id)
    by_id = {v.id: v for v in site.app.repository().get_assignments(ids)}
    return [by_id[i] for i in ids]


def trail(site: Site) -> list[AccessRecord]:
    directory = SqlChatDirectory(site.app.database().session_factory)
    return [record for _, record in directory.access_trail()]


def post(
    client: httpx.Client, url: str, fields: dict[str, str | list[str]], *, xsrf: bool = True
) -> httpx.Response:
    page = client.get(url)
    assert page.status_code == 200, page.text[:300]
    data: dict[str, str | list[str]] = dict(fields)
    token = parse_qs(urlsplit(url).query)["t"][0]
    data["t"] = token
    if xsrf:
        data["_xsrf"] = xsrf_of(page.text)
    return client.post(url.split("?")[0], data=data)


def notice_after(client: httpx.Client, response: httpx.Response) -> str:
    """Follow the redirect after a form and read its notice."""
    assert response.status_code == 303, response.text[:300]
    page = client.get(httpx.URL(str(response.request.url)).join(response.headers["location"]))
    assert page.status_code == 200
    query = parse_qs(urlsplit(response.headers["location"]).query)
    return query["tb"][0]


# --- the link --------------------------------------------------------------------------------


def test_the_review_page_shows_the_text_beside_each_task_in_vietnamese(
    site: Site, client: httpx.Client
) -> None:
    response = client.get(site.review_url())
    assert response.status_code == 200
    html = response.text
    assert '<html lang="vi">' in html
    assert texts.WEB_REVIEW_TITLE in html
    assert "Ủy ban Mặt trận Tổ quốc" in html  # the document's text and a task's lead
    tasks = tasks_of(site)
    assert len(tasks) >= 5
    for view in tasks:
        assert f'id="viec-{view.id}"' in html
    assert 'type="date"' in html
    assert 'list="don-vi"' in html
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_a_forged_altered_expired_or_misdirected_link_gets_a_clear_refusal(
    site: Site, client: httpx.Client
) -> None:
    good = site.review_url()
    token = parse_qs(urlsplit(good).query)["t"][0]
    body, _, signature = token.partition(".")
    forged = PageSigner("http://x", "another-secret-of-16+chars").token(
        REVIEW, *ADMIN, site.review_id
    )
    cases = [
        good.replace(token, ""),
        good.replace(token, forged),
        good.replace(token, body + "." + signature[::-1]),
        good.replace(token, "x" * 5000),
        good.replace(token, "%00%ff.%c3"),
        site.review_url(document_id=site.live_id).replace(
            str(site.live_id) + "?", f"{site.review_id}?"
        ),
        f"{site.base}/trang/duyet/{site.review_id}?t={site.signer.token(PROGRESS, *ADMIN)}",
    ]
    for url in cases:
        response = client.get(url)
        assert response.status_code == 403, url
        assert texts.WEB_LINK_INVALID in response.text
        assert "Traceback" not in response.text
    site.clock.now += timedelta(hours=24, seconds=1)
    expired = client.get(good)
    assert expired.status_code == 403
    assert texts.WEB_LINK_INVALID in expired.text


def test_a_link_never_grants_more_than_its_holders_role_now(
    site: Site, client: httpx.Client
) -> None:
    for who in (STRANGER, LEADER, MEMBER):
        response = client.get(site.review_url(who))
        assert response.status_code == 403
        assert texts.WEB_NOT_ALLOWED in response.text
    refused = [r for r in trail(site) if r.action == "review_document" and not r.accepted]
    assert {r.user_id for r in refused} == {STRANGER[1], LEADER[1], MEMBER[1]}
    # an admin's link stops working the moment the admin loses the role
    url = site.review_url(ADMIN)
    assert client.get(url).status_code == 200
    directory = SqlChatDirectory(site.app.database().session_factory)
    person = directory.person(*ADMIN)
    assert person is not None
    directory.set_role(person.id, None)
    assert client.get(url).status_code == 403
    # and a form posted with it changes nothing
    directory.set_role(person.id, Role.ADMIN)
    page = client.get(url)
    directory.set_role(person.id, None)
    before = tasks_of(site)
    response = client.post(
        url.split("?")[0],
        data={
            "t": parse_qs(urlsplit(url).query)["t"][0],
            "_xsrf": xsrf_of(page.text),
            "action": "remove",
            "assignment": str(before[0].id),
        },
    )
    assert response.status_code == 403
    assert tasks_of(site) == before


def test_a_form_without_its_xsrf_token_is_refused_and_changes_nothing(
    site: Site, client: httpx.Client
) -> None:
    before = tasks_of(site)
    response = post(
        client,
        site.review_url(),
        {"action": "remove", "assignment": str(before[0].id)},
        xsrf=False,
    )
    assert response.status_code == 403
    assert texts.WEB_FORM_EXPIRED in response.text
    wrong = post(
        client,
        site.review_url(),
        {"action": "remove", "assignment": str(before[0].id), "_xsrf": "2|00|11|22"},
        xsrf=False,
    )
    assert wrong.status_code == 403
    assert tasks_of(site) == before


def test_a_huge_form_gets_413_in_vietnamese(site: Site, client: httpx.Client) -> None:
    before = tasks_of(site)
    response = post(
        client,
        site.review_url(),
        {"action": "save", "assignment": str(before[0].id), "task": "x" * 400_000},
    )
    assert response.status_code == 413
    assert "Nội dung gửi lên quá lớn" in response.text
    assert tasks_of(site) == before


def test_an_unknown_action_or_page_is_answered_in_vietnamese(
    site: Site, client: httpx.Client
) -> None:
    response = post(client, site.review_url(), {"action": "drop-table"})
    assert response.status_code == 400
    assert texts.WEB_UNKNOWN_ACTION in response.text
    for path in ("/trang/khong-co", "/", "/files/abc/x.xlsx"):
        missing = client.get(f"{site.base}{path}")
        assert missing.status_code == 404, path
        assert texts.WEB_NOT_FOUND in missing.text


# --- review actions --------------------------------------------------------------------------


def test_saving_a_task_changes_its_text_units_and_deadline(
    stored: Site, client: httpx.Client
) -> None:
    first = tasks_of(stored)[0]
    response = post(
        client,
        stored.review_url(),
        {
            "action": "save",
            "assignment": str(first.id),
            "task": "  Rà soát   chương trình phối hợp  ",
            "lead": ["Phòng Nội vụ", ""],
            "cooperate": ["Phòng Tư pháp", "Văn phòng HĐND và UBND huyện", ""],
            "due": "2023-03-20",
            "words": "",
        },
    )
    assert notice_after(client, response) == texts.WEB_SAVED.format(n=1)
    saved = tasks_of(stored)[0]
    assert saved.task == "Rà soát chương trình phối hợp"
    assert saved.lead_keys == ("phong-noi-vu",)
    assert saved.cooperate_names == ("Phòng Tư pháp", "Văn phòng HĐND và UBND huyện")
    assert saved.deadline is not None
    assert saved.deadline.due == date(2023, 3, 20)
    edits = [r for r in trail(stored) if r.action == "edit_assignment"]
    assert edits
    assert edits[-1].user_id == ADMIN[1]
    assert edits[-1].target == f"assignment:{first.id}"


def test_a_recurring_rule_in_words_is_read_and_shown(stored: Site, client: httpx.Client) -> None:
    first = tasks_of(stored)[0]
    response = post(
        client,
        stored.review_url(),
        {
            "action": "save",
            "assignment": str(first.id),
            "task": first.task,
            "lead": list(first.lead_names),
            "cooperate": list(first.cooperate_names),
            "due": "",
            "words": "trước ngày 20 hằng tháng",
        },
    )
    assert notice_after(client, response) == texts.WEB_SAVED.format(n=1)
    saved = tasks_of(stored)[0]
    assert saved.recurrence is not None
    assert "FREQ=MONTHLY" in saved.recurrence.rule
    page = client.get(stored.review_url()).text
    assert "trước ngày 20 hằng tháng" in page


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"lead": ["Phòng Không Hề Có Trên Đời"]}, "Không rõ đơn vị «Phòng Không Hề Có Trên Đời»"),
        ({"task": "   "}, texts.WEB_EMPTY_TASK),
        ({"due": "2023-02-30"}, texts.WEB_BAD_DATE.format(value="2023-02-30")),
        ({"words": "khi nào rảnh"}, texts.WEB_BAD_WORDS.format(value="khi nào rảnh")),
        ({"cooperate": ["Phòng Tư pháp"] * 31}, texts.WEB_TOO_MANY_UNITS.format(limit=30)),
    ],
)
def test_a_bad_edit_says_why_and_changes_nothing(
    site: Site, client: httpx.Client, fields: dict[str, str | list[str]], message: str
) -> None:
    first = tasks_of(site)[0]
    form: dict[str, str | list[str]] = {
        "action": "save",
        "assignment": str(first.id),
        "task": "Việc đã sửa",
        "lead": list(first.lead_names),
        "cooperate": list(first.cooperate_names),
        "due": "",
        "words": "",
    }
    form.update(fields)
    response = post(client, site.review_url(), form)
    assert notice_after(client, response).startswith(message)
    assert tasks_of(site)[0] == first


def test_adding_and_removing_tasks(stored: Site, client: httpx.Client) -> None:
    before = tasks_of(stored)
    response = post(
        client,
        stored.review_url(),
        {
            "action": "add",
            "task": "Báo cáo kết quả phối hợp",
            "lead": ["Phòng Nội vụ"],
            "due": "2023-04-28",
            "words": "",
        },
    )
    assert notice_after(client, response) == texts.WEB_ADDED.format(n=len(before) + 1)
    added = tasks_of(stored)[-1]
    assert added.task == "Báo cáo kết quả phối hợp"
    assert added.lead_keys == ("phong-noi-vu",)
    assert added.deadline is not None
    assert added.deadline.due == date(2023, 4, 28)
    response = post(
        client, stored.review_url(), {"action": "remove", "assignment": str(before[1].id)}
    )
    assert notice_after(client, response) == texts.WEB_REMOVED.format(n=2)
    assert [v.id for v in tasks_of(stored)] == [v.id for v in before if v.id != before[1].id] + [
        added.id
    ]
    # a task of another document is not this page's to remove
    live_task = stored.app.repository().list_assignments(document="52/TB-UBND")[0]
    response = post(
        client, stored.review_url(), {"action": "remove", "assignment": str(live_task.id)}
    )
    assert notice_after(client, response) == texts.WEB_NO_SUCH_TASK
    assert stored.app.repository().get_assignment(live_task.id) is not None


def test_an_unregistered_unit_is_mapped_to_a_registered_one(
    stored: Site, client: httpx.Client
) -> None:
    repository = stored.app.repository()
    strangers = {
        u.key: u.name for u in repository.list_units(include_unregistered=True) if not u.registered
    }
    named = [
        (k, n)
        for v in tasks_of(stored)
        for k, n in zip(v.lead_keys, v.lead_names, strict=False)
        if k in strangers
    ]
    assert named, "the sample names some unit the units file does not know"
    key, _name = named[0]
    page = client.get(stored.review_url()).text
    assert texts.WEB_UNREGISTERED_MARK in page
    response = post(
        client, stored.review_url(), {"action": "map", "unregistered": key, "unit": "phong-noi-vu"}
    )
    assert notice_after(client, response) == texts.WEB_MAPPED.format(
        name=strangers[key], unit="Phòng Nội vụ"
    )
    assert all(key not in v.lead_keys + v.cooperate_keys for v in tasks_of(stored))
    assert any("phong-noi-vu" in v.lead_keys + v.cooperate_keys for v in tasks_of(stored))


def test_confirming_on_the_page_is_confirming_in_chat(stored: Site, client: httpx.Client) -> None:
    response = post(client, stored.review_url(), {"action": "confirm"})
    assert response.status_code == 200
    document = stored.app.repository().get_document(stored.review_id)
    assert document is not None
    assert document.status == "live"
    assert f"{len(tasks_of(stored))} việc được áp dụng" in response.text
    confirmed = [r for r in trail(stored) if r.action == "confirm_document"]
    assert len(confirmed) == 1
    assert confirmed[0].user_id == ADMIN[1]
    assert confirmed[0].accepted
    assert confirmed[0].target == f"document:{stored.review_id}"
    # the page is gone with the review
    again = client.get(stored.review_url())
    assert again.status_code == 404
    assert texts.WEB_DOCUMENT_GONE in again.text


def test_discarding_on_the_page_deletes_the_document(site: Site, client: httpx.Client) -> None:
    response = post(client, site.review_url(), {"action": "discard"})
    assert response.status_code == 200
    assert "Đã hủy văn bản" in response.text
    assert site.app.repository().get_document(site.review_id) is None
    assert [r.action for r in trail(site)].count("discard_document") == 1


# --- the leaders' page -----------------------------------------------------------------------


def test_the_progress_page_for_a_leader(site: Site, client: httpx.Client) -> None:
    response = client.get(site.progress_url())
    assert response.status_code == 200
    html = response.text
    assert texts.WEB_PROGRESS_TITLE in html
    assert texts.WEB_OVERDUE in html
    for status in ("Đang thực hiện quá hạn", "Đang thực hiện trong hạn"):
        assert status in html
    assert "Phòng Nội vụ" in html
    assert "Thông báo số 52/TB-UBND" in html
    # worst first: the task due 06/3 is listed before the one due 07/3
    assert html.index("06/03/2023") < html.index("07/03/2023")
    chart = client.get(site.progress_url().replace("/tiendo?", "/tiendo/bieudo.png?"))
    assert chart.status_code == 200
    assert chart.content.startswith(b"\x89PNG")
    excel = client.get(site.progress_url().replace("/tiendo?", "/tiendo/excel?"))
    assert excel.status_code == 200
    assert excel.headers["Content-Disposition"].startswith("attachment;")
    workbook = load_workbook(io.BytesIO(excel.content))
    assert texts.REPORT_SHEET_UNITS in workbook.sheetnames


def test_the_progress_filters_and_bad_values(site: Site, client: httpx.Client) -> None:
    narrowed = client.get(site.progress_url(query="tu=2023-03-06&den=2023-03-07"))
    assert narrowed.status_code == 200
    assert texts.WEB_TOTALS.format(total=2) in narrowed.text
    swapped = client.get(site.progress_url(query="tu=2023-03-07&den=2023-03-06"))
    assert texts.WEB_BAD_FILTER_PERIOD in swapped.text
    assert texts.WEB_TOTALS.format(total=2) in swapped.text
    bad = client.get(site.progress_url(query="tu=hôm-qua&donvi=" + "x" * 5000 + "&vanban=9" * 3))
    assert bad.status_code == 200
    assert "Ngày lọc «hôm-qua» không hợp lệ" in bad.text
    other = client.get(site.progress_url(query=f"vanban={site.live_id}"))
    assert texts.WEB_TOTALS.format(total=7) in other.text


def test_a_unit_member_sees_only_their_unit_and_a_stranger_nothing(
    site: Site, client: httpx.Client
) -> None:
    own = client.get(site.progress_url(MEMBER, query="donvi=phong-tu-phap"))
    assert own.status_code == 200
    assert texts.WEB_PROGRESS_OWN_UNIT.format(unit="Phòng Nội vụ") in own.text
    assert texts.WEB_FILTER_ALL_UNITS not in own.text
    stranger = client.get(site.progress_url(STRANGER))
    assert stranger.status_code == 403
    assert texts.WEB_NOT_ALLOWED in stranger.text
    excel = client.get(site.progress_url(STRANGER).replace("/tiendo?", "/tiendo/excel?"))
    assert excel.status_code == 403


# --- links in chat ---------------------------------------------------------------------------


def _say(site: Site, who: tuple[str, str], text: str, chat: ChatRef | None = None) -> str:
    message = IncomingMessage(
        chat or ChatRef(who[0], who[1], ChatKind.PRIVATE), Sender(who[1], "x"), text=text
    )
    return "\n".join(r.text() for r in site.router.dispatch(message))


def test_chat_replies_carry_signed_links_in_private_chats_only(site: Site) -> None:
    site.router.pages = PageSigner("https://bot.example.gov.vn/tep", SECRET, now=site.clock)
    waiting = _say(site, ADMIN, "/choduyet")
    assert f"https://bot.example.gov.vn/tep/trang/duyet/{site.review_id}?t=" in waiting
    progress = _say(site, LEADER, "/tiendo")
    assert "https://bot.example.gov.vn/tep/trang/tiendo?t=" in progress
    group = ChatRef(NOI_VU_GROUP.platform, NOI_VU_GROUP.chat_id, ChatKind.GROUP)
    in_group = _say(site, MEMBER, "/tiendo", group)
    assert "/trang/" not in in_group
    stranger = _say(site, STRANGER, "/tiendo")
    assert "/trang/" not in stranger


def test_an_upload_preview_carries_the_review_link_of_the_new_document(site: Site) -> None:
    site.router.pages = PageSigner("https://bot.example.gov.vn/tep", SECRET, now=site.clock)
    notice = office.NOTICE.replace("52/TB-UBND", "53/TB-UBND").encode("utf-8")
    message = IncomingMessage(
        ChatRef(ADMIN[0], ADMIN[1], ChatKind.PRIVATE),
        Sender(ADMIN[1], "x"),
        attachments=(Attachment("tb-53.txt", notice),),
    )
    text = "\n".join(r.text() for r in site.router.dispatch(message))
    waiting = site.app.repository().list_documents(status="review")
    new = next(d for d in waiting if d.number == "53/TB-UBND")
    assert f"https://bot.example.gov.vn/tep/trang/duyet/{new.id}?t=" in text


def test_reading_a_page_changes_nothing_about_the_person(site: Site, client: httpx.Client) -> None:
    directory = SqlChatDirectory(site.app.database().session_factory)
    before = directory.person(*ADMIN)
    assert client.get(site.review_url()).status_code == 200
    assert directory.person(*ADMIN) == before


def test_a_unit_first_named_after_the_bot_started_is_kept_on_save(
    site: Site, client: httpx.Client
) -> None:
    notice = office.NOTICE.replace("52/TB-UBND", "54/TB-UBND").replace(
        "1. Giao Phòng Nội vụ chủ trì", "1. Giao Hợp tác xã Cao Thượng chủ trì"
    )
    message = IncomingMessage(
        ChatRef(ADMIN[0], ADMIN[1], ChatKind.PRIVATE),
        Sender(ADMIN[1], "x"),
        attachments=(Attachment("tb-54.txt", notice.encode("utf-8")),),
    )
    site.router.dispatch(message)
    new = next(
        d
        for d in site.app.repository().list_documents(status="review")
        if d.number == "54/TB-UBND"
    )
    first = tasks_of(site, new.id)[0]
    assert first.lead_names == ("Hợp tác xã Cao Thượng",)
    assert site.router.services.registry.get(first.lead_keys[0]) is None  # new to the bot
    url = site.review_url(document_id=new.id)
    response = post(
        client,
        url,
        {
            "action": "save",
            "assignment": str(first.id),
            "task": first.task + " trên địa bàn",
            "lead": list(first.lead_names),
            "cooperate": [],
            "due": "",
            "words": "",
        },
    )
    assert notice_after(client, response) == texts.WEB_SAVED.format(n=1)
    saved = tasks_of(site, new.id)[0]
    assert saved.lead_keys == first.lead_keys
    assert saved.task.endswith("trên địa bàn")
