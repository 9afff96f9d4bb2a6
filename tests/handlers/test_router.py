"""The conversation router: the command table, /dangky, follow-ups, group rules, bad input."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from handlers import texts
from handlers.answering import Services
from handlers.messages import (
    Attachment,
    ChatKind,
    ChatRef,
    IncomingMessage,
    Reply,
    Sender,
)
from handlers.router import (
    COMMANDS,
    MAX_TEXT_CHARS,
    FixedClock,
    Router,
    bot_commands,
    help_reply,
    parse_command,
    parse_day,
)
from handlers.state import ChatMemory, MemoryChatState
from knowledge.db import open_database
from knowledge.pipeline import load_and_extract
from knowledge.repository import SqlAlchemyDocumentRepository
from knowledge.search import SqlAssignmentSearch
from knowledge.units import UnitRegistry, example_units_path
from tests import documents

TODAY = date(2023, 3, 3)
PRIVATE = ChatRef("test", "42")
GROUP = ChatRef("test", "-100", ChatKind.GROUP)
USER = Sender("7", "Chị Lan")

# Written for these tests: seven tasks of one unit, enough for two pages of answers.
BUDGET_NOTICE = """UBND HUYỆN TÂN YÊN
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 31/TB-UBND
Tân Yên, ngày 10 tháng 3 năm 2023
THÔNG BÁO
Kết luận của Chủ tịch UBND huyện tại cuộc họp về công tác tài chính, ngân sách năm 2023
Chủ tịch UBND huyện kết luận như sau:
1. Giao Phòng Tài chính - Kế hoạch rà soát các khoản thu ngân sách trên địa bàn; hoàn thành \
trước ngày 15/3/2023.
2. Giao Phòng Tài chính - Kế hoạch tổng hợp nhu cầu kinh phí sửa chữa trường học; hoàn thành \
trước ngày 20/3/2023.
3. Giao Phòng Tài chính - Kế hoạch lập dự toán kinh phí tổ chức lễ hội xuân; hoàn thành \
trước ngày 31/3/2023.
4. Giao Phòng Tài chính - Kế hoạch thẩm định giá đất các lô đấu giá; hoàn thành trước ngày \
10/4/2023.
5. Giao Phòng Tài chính - Kế hoạch báo cáo tình hình giải ngân vốn đầu tư công quý I; hoàn \
thành trước ngày 20/4/2023.
6. Giao Phòng Tài chính - Kế hoạch hướng dẫn các xã quyết toán kinh phí nông thôn mới; hoàn \
thành trước ngày 28/4/2023.
7. Giao Phòng Tài chính - Kế hoạch đề xuất phương án tiết kiệm chi thường xuyên; hoàn thành \
trước ngày 15/5/2023.
Văn phòng HĐND và UBND huyện thông báo để các cơ quan, đơn vị biết, thực hiện./.
Nơi nhận:
- Như trên;
- Lưu: VT.
TL. CHỦ TỊCH
CHÁNH VĂN PHÒNG
Nguyễn Văn An
"""
BUDGET_UNIT = "Phòng Tài chính - Kế hoạch"


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    """The seed notice and the budget notice in a SQLite database, as the chat sees them."""
    folder = tmp_path_factory.mktemp("router")
    budget = folder / "budget.txt"
    budget.write_text(BUDGET_NOTICE, encoding="utf-8")
    database = open_database(f"sqlite:///{folder / 'giaoviec.db'}")
    registry = UnitRegistry.from_file(example_units_path("huyen-truoc-2025"))
    repo = SqlAlchemyDocumentRepository(database.session_factory, registry)
    repo.sync_units(registry)
    repo = SqlAlchemyDocumentRepository(database.session_factory, repo.registry_from_db())
    for path in (documents.SEED, budget):
        loaded = load_and_extract(path, issued=date(2023, 2, 28))
        repo.save_extraction(
            loaded.extraction, loaded.text, source_name=path.name, content=loaded.content
        )
    yield Services(
        repository=repo,
        registry=repo.registry_from_db(include_unregistered=True),
        search=SqlAssignmentSearch(database.session_factory),
    )
    database.dispose()


@pytest.fixture
def state() -> MemoryChatState:
    return MemoryChatState()


@pytest.fixture
def router(services: Services, state: MemoryChatState) -> Router:
    return Router(services, clock=FixedClock(TODAY), state=state)


def say(
    router: Router,
    text: str,
    chat: ChatRef = PRIVATE,
    *,
    mentions_bot: bool = False,
    replies_to_bot: bool = False,
    attachments: tuple[Attachment, ...] = (),
) -> list[Reply]:
    """What the bot replies to `text` typed in `chat` (commands parsed as an adapter does)."""
    command, args = parse_command(text)
    message = IncomingMessage(
        chat,
        USER,
        text=text,
        command=command,
        args=args if command else "",
        attachments=attachments,
        mentions_bot=mentions_bot,
        replies_to_bot=replies_to_bot,
    )
    return router.dispatch(message)


def press(router: Router, callback: str, chat: ChatRef = PRIVATE) -> list[Reply]:
    return router.dispatch(IncomingMessage(chat, USER, callback=callback))


def one(replies: list[Reply]) -> Reply:
    assert len(replies) == 1, replies
    assert replies[0].title != texts.ROUTER_FAILED
    return replies[0]


def numbered(reply: Reply) -> list[int]:
    return [int(m.group(1)) for line in reply.lines if (m := re.match(r"(\d+)\. ", line))]


# --- the command table and /trogiup -----------------------------------------------------------


def test_command_names_suit_telegram_and_are_unique() -> None:
    names = [n for c in COMMANDS for n in (c.name, *c.aliases)]
    assert len(names) == len(set(names))
    for name, description in bot_commands():
        assert re.fullmatch(r"[a-z0-9_]{1,32}", name), name
        assert 1 <= len(description) <= 256
    assert [n for n, _ in bot_commands()] == [c.name for c in COMMANDS]


@pytest.mark.parametrize("typed", ["/trogiup", "/help", "/start", "/TROGIUP", "/trợgiúp"])
def test_help_lists_every_command_of_the_table(router: Router, typed: str) -> None:
    reply = one(say(router, typed))
    assert reply == help_reply()
    shown = reply.text()
    for command in COMMANDS:
        line = next(line for line in reply.lines if line.split()[0] == f"/{command.name}")
        assert command.description_vi in line
        assert command.args_hint in line
    assert len(reply.lines) == len(COMMANDS)
    assert "Phòng Nội vụ được giao việc gì?" in shown


def test_a_command_with_the_bot_name_or_set_by_the_adapter_is_the_same(router: Router) -> None:
    typed = one(say(router, "/viec@giaoviec_bot Phòng Nội vụ"))
    handed = one(
        router.dispatch(IncomingMessage(PRIVATE, USER, command="viec", args="Phòng Nội vụ"))
    )
    assert typed == handed
    assert "05/03/2023" in typed.text()


@pytest.mark.parametrize("typed", ["/abc", "/", "/viecc Phòng Nội vụ", "/thoat"])
def test_unknown_command_says_so_and_points_to_help(router: Router, typed: str) -> None:
    reply = one(say(router, typed))
    assert reply.title.startswith("Lệnh không có")
    assert "/trogiup" in reply.title


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/viec Phòng Nội vụ", ("viec", "Phòng Nội vụ")),
        ("  /VIEC@giaoviec_bot   Phòng Nội vụ  ", ("viec", "Phòng Nội vụ")),
        ("/dăngký Phòng Y tế", ("dangky", "Phòng Y tế")),
        ("/chitiet\n3", ("chitiet", "3")),
        ("/", ("", "")),
        ("Phòng Nội vụ /viec", (None, "Phòng Nội vụ /viec")),
    ],
)
def test_parse_command(text: str, expected: tuple[str | None, str]) -> None:
    assert parse_command(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10/3/2023", date(2023, 3, 10)),
        ("10-3-23", date(2023, 3, 10)),
        ("10.3", date(2023, 3, 10)),
        ("2023-03-10", date(2023, 3, 10)),
        ("31/2/2023", None),
        ("mười ba", None),
        ("2023-02-30", None),
    ],
)
def test_parse_day(text: str, expected: date | None) -> None:
    assert parse_day(text, TODAY) == expected


# --- /viec --------------------------------------------------------------------------------------


def test_viec_names_the_units_tasks_with_deadline_and_citation(router: Router) -> None:
    reply = one(say(router, "/viec Phòng Nội vụ"))
    # its own task first, then the tasks given to the groups it belongs to, each naming the group
    assert reply.title == "Phòng Nội vụ: 4 việc"
    assert "hạn 05/03/2023 (còn 2 ngày)" in reply.lines[0]
    assert "mục 5" in reply.lines[0]
    assert "— chủ trì —" in reply.lines[0]
    assert any("chủ trì: Các phòng chuyên môn" in line for line in reply.lines[1:])


def test_viec_uses_the_injected_clock(services: Services) -> None:
    later = Router(services, clock=FixedClock(date(2023, 3, 6)))
    assert "quá hạn 1 ngày" in one(say(later, "/viec Phòng Nội vụ")).lines[0]


def test_viec_of_a_unit_whose_name_is_not_read_back_still_lists_its_tasks(router: Router) -> None:
    reply = one(say(router, f"/viec {BUDGET_UNIT}"))
    assert reply.title == f"{BUDGET_UNIT}: 10 việc"
    # its 7 own tasks lead with no name repeated; its groups' 3 name the group
    tasks = [line for line in reply.lines if line[0].isdigit()]
    assert any("— chủ trì —" in line for line in tasks)
    assert all("— chủ trì —" in line or "chủ trì: Các " in line for line in tasks)


def test_viec_without_a_unit_needs_dangky_first(router: Router) -> None:
    assert one(say(router, "/viec")).title == texts.ANSWER_NO_OWN_UNIT


def test_viec_with_a_doubtful_name_offers_units_to_pick(router: Router) -> None:
    reply = one(say(router, "/viec Phòng Nội"))
    assert reply.title == texts.ANSWER_DID_YOU_MEAN.format(names="Phòng Nội vụ")
    assert [b.callback for b in reply.buttons] == ["unit:Phòng Nội vụ"]
    picked = one(press(router, "unit:Phòng Nội vụ"))
    assert picked.title == "Phòng Nội vụ: 4 việc"


def test_viec_of_an_unknown_unit_says_it_is_unknown(router: Router) -> None:
    reply = one(say(router, "/viec Sở Ngoại vụ Sao Hỏa"))
    assert "Không" in reply.title
    assert reply.assignment_ids == ()


# --- /dangky, /huydangky and "đơn vị tôi" ------------------------------------------------------


def test_dangky_with_an_exact_name_binds_and_own_unit_questions_use_it(
    router: Router, state: MemoryChatState
) -> None:
    assert one(say(router, "đơn vị tôi được giao gì")).title == texts.ANSWER_NO_OWN_UNIT
    reply = one(say(router, "/dangky phong noi vu"))
    assert reply.title == texts.BIND_DONE.format(unit="Phòng Nội vụ")
    assert state.load(PRIVATE).unit_key == "phong-noi-vu"
    own = one(say(router, "đơn vị tôi được giao gì"))
    assert own.title == "Phòng Nội vụ: 4 việc"
    assert "05/03/2023" in own.lines[0]
    assert "— chủ trì —" in own.lines[0]
    assert one(say(router, "/viec")).lines == own.lines


def test_dangky_with_a_fuzzy_name_asks_and_a_button_binds(
    router: Router, state: MemoryChatState
) -> None:
    reply = one(say(router, "/dangky phong noi"))
    assert reply.title.startswith("Có phải ý bạn là")
    assert "Phòng Nội vụ" in reply.title
    assert [b.callback for b in reply.buttons] == ["bind:phong-noi-vu"]
    assert state.load(PRIVATE).unit_key is None
    done = one(press(router, "bind:phong-noi-vu"))
    assert done.title == texts.BIND_DONE.format(unit="Phòng Nội vụ")
    assert state.load(PRIVATE).unit_key == "phong-noi-vu"


def test_dangky_with_two_close_units_asks_rather_than_guess(
    router: Router, state: MemoryChatState
) -> None:
    reply = one(say(router, "/dangky Phòng Tài chính"))
    assert len(reply.buttons) >= 2
    assert all(b.callback.startswith("bind:") for b in reply.buttons)
    assert state.load(PRIVATE).unit_key is None


@pytest.mark.parametrize("name", ["Sở Ngoại vụ Sao Hỏa", "xyz abc", "Phòng Y"])
def test_dangky_with_an_unknown_name_says_so_clearly(
    router: Router, state: MemoryChatState, name: str
) -> None:
    reply = one(say(router, f"/dangky {name}"))
    assert reply.title == texts.BIND_UNKNOWN.format(name=name)
    assert reply.buttons == ()
    assert state.load(PRIVATE).unit_key is None


def test_dangky_without_a_name_asks_for_one(router: Router) -> None:
    assert one(say(router, "/dangky")).title == texts.BIND_ASK_NAME


def test_huydangky_unbinds(router: Router, state: MemoryChatState) -> None:
    assert one(say(router, "/huydangky")).title == texts.UNBIND_NONE
    say(router, "/dangky Phòng Nội vụ")
    assert one(say(router, "/huydangky")).title == texts.UNBIND_DONE.format(unit="Phòng Nội vụ")
    assert state.load(PRIVATE).unit_key is None
    assert one(say(router, "đơn vị tôi được giao gì")).title == texts.ANSWER_NO_OWN_UNIT


def test_each_chat_has_its_own_binding(router: Router, state: MemoryChatState) -> None:
    other = ChatRef("test", "43")
    say(router, "/dangky Phòng Nội vụ")
    assert state.load(other).unit_key is None
    assert one(say(router, "/viec", chat=other)).title == texts.ANSWER_NO_OWN_UNIT
    telegram_same_id = ChatRef("telegram", PRIVATE.chat_id)
    assert state.load(telegram_same_id).unit_key is None


# --- follow-ups: xem thêm, chi tiết ---------------------------------------------------------


def test_xem_them_pages_and_chi_tiet_quotes_from_the_listed_page(router: Router) -> None:
    first = one(say(router, f"/viec {BUDGET_UNIT}"))
    assert numbered(first) == [1, 2, 3, 4, 5]
    assert first.footer == texts.ANSWER_MORE_LEFT.format(count=5)
    assert first.buttons[-1].callback == "more"
    second = one(say(router, "xem thêm"))
    assert numbered(second) == [6, 7, 8, 9, 10]
    assert one(say(router, "xem thêm")).title == texts.ANSWER_NO_MORE

    detail = one(say(router, "chi tiết 6"))
    assert detail.assignment_ids == second.assignment_ids[:1]
    assert "Nguyên văn: «" in detail.text()
    # a quote does not replace the list: item 1 is still item 1 of the first page
    again = one(say(router, "chi tiết 1"))
    assert again.assignment_ids == first.assignment_ids[:1]
    assert one(say(router, "/chitiet 2")).assignment_ids == first.assignment_ids[1:2]


def test_xemthem_command_and_more_button_page_like_the_words(router: Router) -> None:
    say(router, f"/viec {BUDGET_UNIT}")
    assert numbered(one(press(router, "more"))) == [6, 7, 8, 9, 10]
    say(router, f"/viec {BUDGET_UNIT}")
    assert numbered(one(say(router, "/xemthem"))) == [6, 7, 8, 9, 10]


def test_xem_them_with_nothing_before_says_there_is_nothing(router: Router) -> None:
    assert one(say(router, "/xemthem")).title == texts.ANSWER_NO_MORE


def test_detail_button_quotes_the_stored_assignment(router: Router) -> None:
    listed = one(say(router, "/viec Phòng Nội vụ"))
    button = listed.buttons[0]
    assert button.callback == f"detail:{listed.assignment_ids[0]}"
    detail = one(press(router, button.callback))
    assert "Giao phòng Nội vụ huyện tiếp thu ý kiến" in detail.text()
    assert "mục 5" in detail.text()


@pytest.mark.parametrize("args", ["", "abc", "-1", "１"])
def test_chitiet_without_a_number_asks_for_one(router: Router, args: str) -> None:
    assert one(say(router, f"/chitiet {args}")).title == texts.DETAIL_ASK_NUMBER


def test_chitiet_of_an_item_that_does_not_exist(router: Router) -> None:
    assert one(say(router, "/chitiet 999")).title == texts.ANSWER_NO_SUCH_ITEM.format(n=999)


def test_chitiet_without_a_list_quotes_by_stored_id(router: Router, services: Services) -> None:
    view = services.repository.list_assignments(unit_key="phong-noi-vu")[0]
    detail = one(say(router, f"/chitiet {view.id}"))
    assert detail.assignment_ids == (view.id,)


# --- /hanchot and /quahan -----------------------------------------------------------------------


def test_hanchot_defaults_to_this_week(router: Router) -> None:
    reply = one(say(router, "/hanchot"))
    assert reply.title == texts.ANSWER_DUE.format(count=1)
    assert "05/03/2023" in reply.lines[0]


@pytest.mark.parametrize(
    ("period", "count"),
    [
        ("tháng 4/2023", 3),
        ("thang 4", 3),
        ("quý 2", 4),
        ("7 ngày tới", 1),
        ("20 ngày tới", 3),
        ("1/3/2023 - 16/3/2023", 2),
        ("15/3/2023", 1),
    ],
)
def test_hanchot_reads_the_period_typed(router: Router, period: str, count: int) -> None:
    reply = one(say(router, f"/hanchot {period}"))
    assert reply.title == texts.ANSWER_DUE.format(count=count), reply.text()


@pytest.mark.parametrize("period", ["abc", "31/2/2023", "15/3/2023 - 1/3/2023", "🙂"])
def test_hanchot_explains_a_period_it_cannot_read(router: Router, period: str) -> None:
    assert one(say(router, f"/hanchot {period}")).title == texts.DUE_BAD_PERIOD.format(
        value=period
    )


def test_quahan_as_of_a_date(router: Router) -> None:
    reply = one(say(router, "/quahan 10/3/2023"))
    assert reply.title == texts.ANSWER_OVERDUE.format(count=1, date="10/03/2023")
    assert "quá hạn 5 ngày" in reply.lines[0]
    assert "mục 5" in reply.lines[0]


def test_quahan_as_of_today(router: Router, services: Services) -> None:
    assert one(say(router, "/quahan")).title == texts.ANSWER_NONE_OVERDUE.format(date="03/03/2023")
    later = Router(services, clock=FixedClock(date(2023, 3, 21)))
    assert one(say(later, "/quahan")).title == texts.ANSWER_OVERDUE.format(
        count=3, date="21/03/2023"
    )


@pytest.mark.parametrize("value", ["31/2/2023", "hôm kia", "13/13"])
def test_quahan_refuses_a_bad_date(router: Router, value: str) -> None:
    assert one(say(router, f"/quahan {value}")).title == texts.OVERDUE_BAD_DATE.format(value=value)


# --- groups -----------------------------------------------------------------------------------


def test_group_chatter_is_ignored(router: Router) -> None:
    assert say(router, "Phòng Nội vụ được giao việc gì?", chat=GROUP) == []
    assert say(router, "😀", chat=GROUP) == []
    file = (Attachment("tb.docx", b"PK"),)
    assert say(router, "", chat=GROUP, attachments=file) == []


def test_group_answers_mentions_replies_commands_and_buttons(router: Router) -> None:
    question = "Phòng Nội vụ được giao việc gì?"
    mentioned = one(say(router, question, chat=GROUP, mentions_bot=True))
    assert "05/03/2023" in mentioned.text()
    assert one(say(router, question, chat=GROUP, replies_to_bot=True)) == mentioned
    assert one(say(router, "/viec Phòng Nội vụ", chat=GROUP)).lines == mentioned.lines
    assert "Nguyên văn" in one(press(router, mentioned.buttons[0].callback, chat=GROUP)).text()


def test_a_group_binds_to_a_unit_like_a_private_chat(
    router: Router, state: MemoryChatState
) -> None:
    say(router, "/dangky Phòng Nội vụ", chat=GROUP)
    assert state.load(GROUP).unit_key == "phong-noi-vu"
    assert one(say(router, "/viec", chat=GROUP)).title == "Phòng Nội vụ: 4 việc"


# --- bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_text_gets_no_reply(router: Router, text: str) -> None:
    assert say(router, text) == []


@pytest.mark.parametrize("text", ["?!...", "…", "\u200b\u200b"])
def test_punctuation_gets_the_examples(router: Router, text: str) -> None:
    reply = one(say(router, text))
    assert reply.lines == texts.EXAMPLE_QUESTIONS


@pytest.mark.parametrize("text", ["😀😀😀", "👍🏻🇻🇳", "🙏"])
def test_a_reaction_gets_a_short_acknowledgement(router: Router, text: str) -> None:
    reply = one(say(router, text))
    assert reply.title == texts.ANSWER_THANKS
    assert reply.assignment_ids == ()


@pytest.mark.parametrize(
    "text", ["Phòng Nội vụ " * 800, "x" * 10_000, "/viec " + "Phòng Nội vụ " * 800]
)
def test_a_very_long_message_is_refused_quickly(router: Router, text: str) -> None:
    reply = one(say(router, text))
    assert reply.title == texts.MESSAGE_TOO_LONG.format(length=len(text), limit=MAX_TEXT_CHARS)


def test_a_long_question_within_the_limit_is_answered(router: Router) -> None:
    text = "Cho em hỏi " + "ạ " * 100 + "Phòng Nội vụ được giao việc gì?"
    assert "05/03/2023" in one(say(router, text)).text()


def test_an_attachment_is_declined_with_a_reason(router: Router) -> None:
    file = (Attachment("thong-bao-45.docx", b"PK\x03\x04"),)
    reply = one(say(router, "", attachments=file))
    assert reply.title == texts.ATTACHMENT_NOT_HERE.format(filename="thong-bao-45.docx")
    assert one(say(router, "nhập giúp văn bản này", attachments=file)) == reply


@pytest.mark.parametrize(
    "callback", ["foo:bar", "detail:abc", "detail:999999", "bind:khong-co", "bind:", "", "more:x"]
)
def test_an_unknown_or_stale_button_is_answered(router: Router, callback: str) -> None:
    replies = press(router, callback)
    assert replies
    if callback.startswith("more"):
        assert replies[0].title == texts.ANSWER_NO_MORE
    else:
        assert replies[0].title == texts.BUTTON_EXPIRED


class _BrokenRepository:
    def __getattr__(self, name: str) -> object:
        raise RuntimeError("database is down")


def test_a_failing_store_gives_an_apology_not_an_exception(
    services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    broken = Services(repository=_BrokenRepository(), registry=services.registry)  # type: ignore[arg-type]
    router = Router(broken, clock=FixedClock(TODAY))
    replies = say(router, "/viec Phòng Nội vụ")
    assert [r.title for r in replies] == [texts.ROUTER_FAILED]
    assert "database is down" in caplog.text


# --- the state store ----------------------------------------------------------------------------


def test_memory_state_forgets_the_least_recently_used_chat() -> None:
    store = MemoryChatState(max_chats=2)
    a, b, c = (ChatRef("test", str(n)) for n in range(3))
    store.save(a, ChatMemory(unit_key="a"))
    store.save(b, ChatMemory(unit_key="b"))
    assert store.load(a).unit_key == "a"  # a is now the most recent
    store.save(c, ChatMemory(unit_key="c"))
    assert store.load(b) == ChatMemory()
    assert store.load(a).unit_key == "a"
    assert store.load(c).unit_key == "c"


def test_ask_context_carries_the_bound_unit() -> None:
    assert ChatMemory(unit_key="phong-noi-vu").ask_context().own_unit_key == "phong-noi-vu"
    assert ChatMemory().ask_context().own_unit_key is None


def test_router_state_is_replaceable(services: Services, tmp_path: Path) -> None:
    """Any object with load/save serves as the store (a database table later)."""

    class Recording:
        def __init__(self) -> None:
            self.saved: list[tuple[ChatRef, ChatMemory]] = []

        def load(self, chat: ChatRef) -> ChatMemory:
            return self.saved[-1][1] if self.saved else ChatMemory()

        def save(self, chat: ChatRef, memory: ChatMemory) -> None:
            self.saved.append((chat, memory))

    store = Recording()
    router = Router(services, clock=FixedClock(TODAY), state=store)
    say(router, "/dangky Phòng Nội vụ")
    assert store.saved[-1] == (PRIVATE, ChatMemory(unit_key="phong-noi-vu"))
    say(router, "/trogiup")
    assert len(store.saved) == 1  # nothing changed, nothing written
