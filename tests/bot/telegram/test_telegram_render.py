"""Replies as Telegram HTML: everything user-supplied shown literally, split under 4,096."""

from __future__ import annotations

import html
import re

from bot.telegram.render import MAX_TEXT, render_reply, utf16_length
from handlers.messages import Button, Reply

TAG = re.compile(r"</?([a-z]+)>")


def visible(rendered: str) -> str:
    """What a Telegram client shows for our HTML: our tags dropped, entities decoded."""
    return html.unescape(TAG.sub("", rendered))


def test_markup_in_unit_names_document_text_and_questions_is_shown_literally() -> None:
    reply = Reply(
        title="Phòng <b>Nội vụ</b> & UBND: 1 việc",
        lines=(
            "1. Trích «<script>alert('x')</script>» — chủ trì — hạn 05/03/2023",
            'Câu hỏi: "a < b && c > d" <i>nghiêng</i>',
        ),
        footer="Gõ «chi tiết N» <a href='http://x'>đây</a>",
    )
    [message] = render_reply(reply)
    # the only tags are ours: bold title, italic footer
    assert TAG.findall(message.html) == ["b", "b", "i", "i"]
    assert "<script>" not in message.html
    assert "&lt;script&gt;" in message.html
    assert "&amp;&amp;" in message.html
    assert visible(message.html) == reply.text()


def test_a_long_reply_is_split_between_lines_under_the_limit() -> None:
    lines = tuple(f"{n}. Việc số {n} — chủ trì — " + "nội dung " * 30 for n in range(1, 60))
    reply = Reply(
        title="Danh sách", lines=lines, footer="Hết", buttons=(Button("Xem thêm", "more"),)
    )
    messages = render_reply(reply)
    assert len(messages) > 1
    assert all(utf16_length(m.html) <= MAX_TEXT for m in messages)
    # no line is cut: each message holds whole lines, in order
    shown = [line for m in messages for line in visible(m.html).split("\n")]
    assert shown == [reply.title, *lines, reply.footer]
    # buttons only under the last message
    assert [m.keyboard is not None for m in messages] == [False] * (len(messages) - 1) + [True]


def test_escaping_is_counted_in_the_limit() -> None:
    # 1,000 ampersands are 5,000 characters once escaped
    reply = Reply(lines=("&" * 1000, "<" * 1000))
    messages = render_reply(reply)
    assert all(utf16_length(m.html) <= MAX_TEXT for m in messages)
    assert "".join(visible(m.html).replace("\n", "") for m in messages) == "&" * 1000 + "<" * 1000


def test_a_line_longer_than_a_message_is_cut_at_spaces_and_keeps_its_tags() -> None:
    title = "Nguyên văn " + "rất dài " * 1200  # ~9,600 characters in bold
    messages = render_reply(Reply(title=title.strip()))
    assert len(messages) == 3
    for m in messages:
        assert utf16_length(m.html) <= MAX_TEXT
        assert m.html.startswith("<b>")
        assert m.html.endswith("</b>")
    assert "".join(visible(m.html) for m in messages) == title.strip()
    assert all(visible(m.html).endswith(" ") for m in messages[:-1])  # cut after a word


def test_characters_outside_the_bmp_count_twice() -> None:
    messages = render_reply(Reply(lines=("📌" * 3000,)))
    assert all(utf16_length(m.html) <= MAX_TEXT for m in messages)
    assert len(messages) == 2


def test_buttons_become_rows_and_bad_callback_data_is_left_out() -> None:
    buttons = (
        *(Button(f"Chi tiết {n}", f"detail:{n}") for n in range(1, 6)),
        Button("Xem thêm", "more"),
        Button("Quá dài", "x" * 65),
        Button("Đơn vị Ư", "unit:" + "Ư" * 30),  # 65 bytes in UTF-8
    )
    [message] = render_reply(Reply(title="Kết quả", buttons=buttons))
    assert message.keyboard is not None
    rows = message.keyboard.inline_keyboard
    data = [b.callback_data for row in rows for b in row]
    assert data == [f"detail:{n}" for n in range(1, 6)] + ["more"]
    assert all(len(row) <= 4 for row in rows)


def test_an_empty_reply_sends_nothing() -> None:
    assert render_reply(Reply()) == []
    assert render_reply(Reply(lines=("", "  "))) == []
