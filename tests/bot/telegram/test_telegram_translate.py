"""Recorded Telegram updates in the core's words: chats, commands, mentions, replies, files."""

from __future__ import annotations

from telegram import ChatMemberUpdated, Update, User

from bot.telegram.translate import Inbound, removed_chat, translate_update
from handlers.messages import ChatKind, ChatRef, Sender
from tests.bot.telegram.fakes import BOT_USER, load_update

ME = User(BOT_USER["id"], BOT_USER["first_name"], True, username=BOT_USER["username"])
GROUP = ChatRef("telegram", "-1001234567890", ChatKind.GROUP)


def translate(name: str) -> Inbound | None:
    return translate_update(Update.de_json(load_update(name), None), ME)


def test_a_private_text_is_addressed_to_the_bot() -> None:
    inbound = translate("private_text")
    assert inbound is not None
    m = inbound.message
    assert m.chat == ChatRef("telegram", "1001", ChatKind.PRIVATE)
    assert m.sender == Sender("1001", "Lan Nguyễn Thị")
    assert m.text == "Phòng Nội vụ được giao việc gì?"
    assert m.command is None
    assert inbound.addressed


def test_a_group_command_for_this_bot_loses_the_bot_name() -> None:
    inbound = translate("group_command")
    assert inbound is not None
    m = inbound.message
    assert m.chat == GROUP
    assert (m.command, m.args) == ("dangky", "Phòng Nội vụ")
    assert inbound.addressed
    assert inbound.message_id == 21


def test_a_command_for_another_bot_is_ignored() -> None:
    assert translate("group_command_other_bot") is None


def test_a_mention_addresses_the_bot_and_is_taken_out_of_the_question() -> None:
    inbound = translate("group_mention")
    assert inbound is not None
    assert inbound.message.mentions_bot
    assert inbound.message.text == "phong noi vu duoc giao viec gi"
    assert inbound.addressed


def test_group_chatter_mentioning_someone_else_is_not_addressed() -> None:
    inbound = translate("group_chatter")
    assert inbound is not None
    assert not inbound.message.mentions_bot
    assert not inbound.addressed
    assert "@Lan" in inbound.message.text


def test_a_reply_to_the_bot_is_addressed() -> None:
    inbound = translate("group_reply_to_bot")
    assert inbound is not None
    assert inbound.message.replies_to_bot
    assert inbound.addressed


def test_a_button_press_carries_its_data_and_the_group() -> None:
    inbound = translate("callback_detail")
    assert inbound is not None
    assert inbound.message.callback == "detail:7"
    assert inbound.message.chat == GROUP
    assert inbound.message.sender.user_id == "1002"


def test_a_document_is_described_not_downloaded() -> None:
    inbound = translate("document_private")
    assert inbound is not None
    assert inbound.document is not None
    assert (inbound.document.file_id, inbound.document.filename, inbound.document.size) == (
        "doc-45",
        "thong-bao-45.txt",
        2048,
    )
    assert inbound.message.text == "Thông báo kết luận mới"  # the caption
    assert inbound.message.attachments == ()


def test_an_anonymous_admin_speaks_as_the_group_and_is_its_admin() -> None:
    inbound = translate("anonymous_admin_command")
    assert inbound is not None
    assert inbound.message.sender.chat_admin
    assert inbound.message.command == "dangky"


def test_a_sticker_is_nothing_to_answer() -> None:
    assert translate("private_sticker") is None


def test_removal_is_seen_when_the_bot_is_kicked_not_when_added() -> None:
    kicked = Update.de_json(load_update("my_chat_member_kicked"), None).my_chat_member
    added = Update.de_json(load_update("my_chat_member_added"), None).my_chat_member
    assert isinstance(kicked, ChatMemberUpdated)
    assert isinstance(added, ChatMemberUpdated)
    assert removed_chat(kicked, ME) == GROUP
    assert removed_chat(added, ME) is None
