"""Zalo update JSON -> IncomingMessage, and replies -> numbered, split plain text."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest

from bot.zalo.schema import (
    IMAGE_EVENT,
    STICKER_EVENT,
    TEXT_EVENT,
    UNSUPPORTED_EVENT,
    ZaloSchemaError,
    parse_update,
    text_length,
)
from bot.zalo.translate import (
    OutboundText,
    elsewhere,
    incoming_message,
    not_text_notice,
    render_replies,
    reply_text,
    split_text,
)
from handlers import texts
from handlers.messages import Button, ChatKind, ChatRef, Reply, ReplyFile

BOT = ("Bot Giao Việc",)


def update(
    text: str = "xin chào",
    *,
    chat_type: str = "PRIVATE",
    chat_id: str = "u-42",
    event: str = TEXT_EVENT,
    envelope: bool = True,
    **extra: Any,
) -> dict[str, Any]:
    message: dict[str, Any] = {
        "message_id": "2d6f1ac0a1b2c3d4e5f6",
        "date": 1764320000000,
        "chat": {"id": chat_id, "chat_type": chat_type},
        "from": {"id": "u-42", "display_name": "Nguyễn Văn A", "is_bot": False},
        "text": text,
        **extra,
    }
    inner = {"event_name": event, "message": message}
    return {"ok": True, "result": inner} if envelope else inner


# --- parsing ----------------------------------------------------------------------------------


@pytest.mark.parametrize("envelope", [True, False], ids=["envelope", "bare"])
def test_a_private_text_becomes_an_incoming_message(envelope: bool) -> None:
    message = incoming_message(
        parse_update(update("Phòng Nội vụ được giao gì?", envelope=envelope))
    )
    assert message is not None
    assert message.chat == ChatRef("zalo", "u-42", ChatKind.PRIVATE)
    assert message.sender.user_id == "u-42"
    assert message.sender.display_name == "Nguyễn Văn A"
    assert message.text == "Phòng Nội vụ được giao gì?"
    assert message.command is None
    assert not message.mentions_bot


def test_commands_are_parsed_as_the_router_expects() -> None:
    message = incoming_message(parse_update(update("/viec   Phòng Nội vụ")))
    assert message is not None
    assert (message.command, message.args) == ("viec", "Phòng Nội vụ")
    bare = incoming_message(parse_update(update("/trogiup")))
    assert bare is not None
    assert (bare.command, bare.args) == ("trogiup", "")


def test_decomposed_vietnamese_arrives_composed() -> None:
    nfd = unicodedata.normalize("NFD", "Việc đến hạn tuần này")
    message = incoming_message(parse_update(update(nfd)))
    assert message is not None
    assert message.text == "Việc đến hạn tuần này"


def test_a_group_message_is_addressed_to_the_bot_and_loses_the_mention() -> None:
    got = incoming_message(
        parse_update(
            update("@Bot Giao Viec  /viec Phòng Nội vụ", chat_type="GROUP", chat_id="g-1")
        ),
        bot_names=BOT,
    )
    assert got is not None
    assert got.chat == ChatRef("zalo", "g-1", ChatKind.GROUP)
    assert got.mentions_bot
    assert (got.command, got.args) == ("viec", "Phòng Nội vụ")
    other = incoming_message(
        parse_update(update("@Bot Giao Việcxyz hỏi", chat_type="GROUP")), bot_names=BOT
    )
    assert other is not None
    assert other.text == "@Bot Giao Việcxyz hỏi"  # another name is not the bot's


def test_what_is_not_a_person_s_text_is_not_a_message() -> None:
    assert incoming_message(parse_update(update("   "))) is None
    assert incoming_message(parse_update(update(event=STICKER_EVENT, sticker="abc"))) is None
    from_bot = update("hi")
    from_bot["result"]["message"]["from"]["is_bot"] = True
    assert incoming_message(parse_update(from_bot)) is None
    assert incoming_message(parse_update({"event_name": "bot.future.event"})) is None


def test_older_payloads_and_missing_chat_type_are_read() -> None:
    raw = update("hỏi")
    message = raw["result"]["message"]
    del message["chat"]["chat_type"]
    message["from"] = {"id": 77, "first_name": "Lan"}
    got = parse_update(raw)
    assert got.message is not None
    assert got.message.sender.id == "77"
    assert got.message.sender.display_name == "Lan"
    assert not got.message.chat.is_group


@pytest.mark.parametrize(
    "payload",
    [[], "text", {}, {"ok": True, "result": {"message": {"text": "no chat"}}}, {"message": 3}],
)
def test_unusable_payloads_raise_a_schema_error(payload: object) -> None:
    with pytest.raises(ZaloSchemaError):
        parse_update(payload)


def test_photos_stickers_and_unsupported_messages_get_a_short_notice_in_private() -> None:
    photo = parse_update(update("", event=IMAGE_EVENT, photo_url="https://f.zalo.test/a.jpg"))
    assert not_text_notice(photo) == OutboundText("u-42", texts.ZALO_NOT_TEXT)
    unsupported = parse_update({**update("")["result"], "event_name": UNSUPPORTED_EVENT})
    assert not_text_notice(unsupported) == OutboundText("u-42", texts.ZALO_UNSUPPORTED)
    in_group = parse_update(update("", event=IMAGE_EVENT, chat_type="GROUP"))
    assert not_text_notice(in_group) is None
    assert not_text_notice(parse_update(update("hỏi"))) is None
    assert not_text_notice(parse_update(update("", event="message.future.received"))) is None


# --- replies ----------------------------------------------------------------------------------

CHAT = ChatRef("zalo", "u-42")


def test_buttons_become_numbered_choices() -> None:
    reply = Reply(
        title="Phòng Nội vụ: 6 việc",
        lines=("1. một", "2. hai"),
        buttons=(Button("Xem thêm", "more"), Button("Chi tiết", "detail:3")),
    )
    assert reply_text(reply) == "\n".join(
        [
            "Phòng Nội vụ: 6 việc",
            "1. một",
            "2. hai",
            "1. Xem thêm",
            "2. Chi tiết",
            texts.ZALO_CHOICES_HINT,
        ]
    )


def test_a_file_becomes_a_short_line() -> None:
    reply = Reply(title="Báo cáo tuần", file=ReplyFile("bao-cao.xlsx", b"PK"))
    assert reply_text(reply) == "Báo cáo tuần\n" + texts.ZALO_FILE_NOT_SENT.format(
        filename="bao-cao.xlsx"
    )


def test_choices_are_numbered_on_across_the_replies_of_a_turn() -> None:
    replies = [
        Reply(title="Có phải ý bạn là ...?", buttons=(Button("Phòng Nội vụ", "unit:a"),)),
        Reply(title="Hoặc:", buttons=(Button("Phòng Tư pháp", "unit:b"),)),
        Reply(
            title="Duyệt?",
            buttons=(Button("Duyệt", "approve:7"), Button("Từ chối", "refuse:7")),
            to=ChatRef("zalo", "admin-1"),
        ),
        Reply(title="Cho admin Telegram", to=ChatRef("telegram", "555")),
        Reply(title="Thêm một lựa chọn", buttons=(Button("Xem thêm", "more"),)),
    ]
    out = render_replies(replies, CHAT)
    assert [o.chat_id for o in out] == ["u-42", "u-42", "admin-1", "u-42"]
    assert "1. Phòng Nội vụ" in out[0].text
    assert "2. Phòng Tư pháp" in out[1].text
    assert "3. Xem thêm" in out[3].text
    # another chat's memory does not hold these choices: a push says what to type there
    assert out[2].text == "Duyệt?\n" + texts.TYPED_CHOICES.format(
        choices="«/choduyet» (Duyệt / Từ chối)"
    )
    assert elsewhere(replies) == [replies[3]]


def test_a_long_reply_is_split_at_line_boundaries_under_the_limit() -> None:
    lines = tuple(
        f"{i}. Báo cáo kết quả thực hiện nhiệm vụ số {i} của đơn vị" for i in range(1, 80)
    )
    reply = Reply(title="Danh sách", lines=lines, footer="Hết.")
    text = reply_text(reply)
    assert text_length(text) > 2000
    out = render_replies([reply], CHAT)
    assert len(out) >= 2
    assert all(1 <= text_length(o.text) <= 2000 for o in out)
    assert "\n".join(o.text for o in out) == text  # nothing lost, no line cut
    assert all(not o.text.startswith("\n") and not o.text.endswith("\n") for o in out)


def test_a_single_long_line_is_split_between_words() -> None:
    words = ["nhiệm-vụ"] + [f"từ{i}" for i in range(900)]
    line = " ".join(words)
    pieces = split_text(line, 2000)
    assert len(pieces) >= 3
    assert all(text_length(p) <= 2000 for p in pieces)
    assert " ".join(pieces).split() == words  # every word whole, in order


def test_a_word_longer_than_the_limit_is_cut_between_characters() -> None:
    url = "https://example.vn/" + "a" * 45
    pieces = split_text(f"Xem {url} nhé", 20)
    assert all(text_length(p) <= 20 for p in pieces)
    assert pieces[0] == "Xem"
    assert pieces[-1].endswith(" nhé")
    assert "".join(pieces).replace(" ", "") == f"Xem{url}nhé"  # nothing lost


def test_splitting_counts_utf16_units_and_drops_empty_pieces() -> None:
    emoji_line = "😀" * 15  # 30 UTF-16 units
    pieces = split_text(emoji_line, 10)
    assert pieces == ["😀" * 5] * 3
    assert split_text("a\n\n\n\nb", 3) == ["a", "b"]
    assert split_text("  \n ", 10) == []
    assert split_text("ngắn", 2000) == ["ngắn"]
    with pytest.raises(ValueError, match="positive"):
        split_text("x", 0)
