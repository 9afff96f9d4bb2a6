"""A core Reply as Telegram messages: escaped HTML, split under the length limit, buttons."""

from __future__ import annotations

import html
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import InlineKeyboardButtonLimit, MessageLimit

from handlers.messages import Button, Reply

log = logging.getLogger(__name__)

MAX_TEXT = int(MessageLimit.MAX_TEXT_LENGTH)  # 4,096
MAX_CALLBACK_BYTES = int(InlineKeyboardButtonLimit.MAX_CALLBACK_DATA)  # 64
# A row of buttons stays readable on a phone: at most this many buttons and label characters.
ROW_BUTTONS = 4
ROW_CHARS = 32


@dataclass(frozen=True)
class OutgoingText:
    """One sendMessage: HTML text (parse_mode HTML) and the keyboard, if any."""

    html: str
    keyboard: InlineKeyboardMarkup | None = None


@dataclass(frozen=True)
class _Piece:
    """A line of the reply: its raw text and the tags that wrap it."""

    text: str
    open_tag: str = ""
    close_tag: str = ""


def utf16_length(text: str) -> int:
    """Telegram counts message length in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def escape(text: str) -> str:
    """Text shown literally in parse_mode HTML: <, > and & become entities."""
    return html.escape(text, quote=False)


def _pieces(reply: Reply) -> list[_Piece]:
    pieces: list[_Piece] = []
    if reply.title:
        pieces.append(_Piece(reply.title, "<b>", "</b>"))
    pieces.extend(_Piece(line) for line in reply.lines)
    if reply.footer:
        pieces.append(_Piece(reply.footer, "<i>", "</i>"))
    # a line may hold newlines of its own: each becomes a line, so splitting keeps to lines
    return [_Piece(part, p.open_tag, p.close_tag) for p in pieces for part in p.text.split("\n")]


def _render(piece: _Piece) -> str:
    if not piece.text.strip():
        return escape(piece.text)
    return f"{piece.open_tag}{escape(piece.text)}{piece.close_tag}"


def _cut(piece: _Piece, limit: int) -> list[_Piece]:
    """A line too long for one message, cut (at a space when there is one) into lines that fit."""
    budget = limit - utf16_length(piece.open_tag + piece.close_tag)
    parts: list[_Piece] = []
    rest = piece.text
    while rest:
        used = 0
        end = 0
        for ch in rest:
            size = utf16_length(escape(ch))
            if used + size > budget:
                break
            used += size
            end += 1
        end = max(end, 1)  # a limit smaller than one character still makes progress
        if end < len(rest):
            space = rest.rfind(" ", 0, end)
            if space > end // 2:  # a word boundary not too far back
                end = space + 1
        parts.append(_Piece(rest[:end], piece.open_tag, piece.close_tag))
        rest = rest[end:]
    return parts


def split_html(pieces: Sequence[_Piece], limit: int = MAX_TEXT) -> list[str]:
    """Lines joined into as few messages as fit under `limit`, split between lines."""
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for piece in pieces:
        rendered = _render(piece)
        parts = [rendered] if utf16_length(rendered) <= limit else []
        if not parts:
            parts = [_render(p) for p in _cut(piece, limit)]
        for part in parts:
            extra = utf16_length(part) + (1 if current else 0)
            if current and size + extra > limit:
                chunks.append("\n".join(current))
                current, size = [], 0
                extra = utf16_length(part)
            current.append(part)
            size += extra
    if current:
        chunks.append("\n".join(current))
    # Telegram refuses a message of whitespace only
    return [c for c in chunks if c.strip()]


def keyboard(buttons: Iterable[Button]) -> InlineKeyboardMarkup | None:
    """Inline buttons in rows; a button whose callback data Telegram would refuse is left out."""
    rows: list[list[InlineKeyboardButton]] = []
    row: list[InlineKeyboardButton] = []
    row_chars = 0
    for button in buttons:
        data = button.callback.encode("utf-8")
        if not data or len(data) > MAX_CALLBACK_BYTES:
            log.error(
                "button %r left out: callback data of %d bytes (1-%d allowed)",
                button.label,
                len(data),
                MAX_CALLBACK_BYTES,
            )
            continue
        label = button.label
        if row and (len(row) >= ROW_BUTTONS or row_chars + len(label) > ROW_CHARS):
            rows.append(row)
            row, row_chars = [], 0
        row.append(InlineKeyboardButton(label, callback_data=button.callback))
        row_chars += len(label)
    if row:
        rows.append(row)
    return InlineKeyboardMarkup(rows) if rows else None


def render_reply(reply: Reply, limit: int = MAX_TEXT) -> list[OutgoingText]:
    """The messages that show `reply`; the buttons go under the last one."""
    chunks = split_html(_pieces(reply), limit)
    markup = keyboard(reply.buttons)
    if not chunks:
        if markup is not None:
            log.error("a reply with buttons but no text cannot be sent on Telegram: %r", reply)
        return []
    messages = [OutgoingText(c) for c in chunks[:-1]]
    messages.append(OutgoingText(chunks[-1], markup))
    return messages
