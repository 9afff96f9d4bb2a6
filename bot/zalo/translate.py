"""Zalo updates -> IncomingMessage; replies -> plain texts of at most 2,000 characters each."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from bot.files import Link
from bot.zalo.schema import (
    IMAGE_EVENT,
    MAX_TEXT,
    STICKER_EVENT,
    TEXT_EVENT,
    UNSUPPORTED_EVENT,
    VOICE_EVENT,
    ZaloMessage,
    ZaloUpdate,
    text_length,
)
from handlers import texts
from handlers.messages import Button, ChatKind, ChatRef, IncomingMessage, Reply, ReplyFile, Sender
from handlers.platforms import typed_choices
from handlers.router import parse_command
from knowledge.text import clean_line, fold_keep_length

log = logging.getLogger(__name__)

PLATFORM = "zalo"

_WORD = re.compile(r"\S+\s*")

# Stores a file and gives a signed link to it (bot.files.FileLinks.publish).
Publish = Callable[[ReplyFile], Link]


@dataclass(frozen=True)
class OutboundText:
    """One sendMessage call (a chat id and a text of 1-2,000 characters), or, with
    `photo_url`, one sendPhoto whose caption is the text (possibly empty)."""

    chat_id: str
    text: str
    photo_url: str = ""


def chat_ref(message: ZaloMessage) -> ChatRef:
    """The neutral chat of a Zalo message."""
    kind = ChatKind.GROUP if message.chat.is_group else ChatKind.PRIVATE
    return ChatRef(PLATFORM, message.chat.id, kind)


def _without_mention(text: str, bot_names: Iterable[str]) -> str:
    """The text without a leading "@Bot Giao Viec" (Zalo groups deliver only such messages)."""
    if not text.startswith("@"):
        return text
    body = text[1:]
    folded = fold_keep_length(body)
    keys = {fold_keep_length(clean_line(name)) for name in bot_names}
    for key in sorted((k for k in keys if k), key=len, reverse=True):
        if folded.startswith(key) and (len(folded) == len(key) or not folded[len(key)].isalnum()):
            # the folded text keeps one character per character: the same length cuts `body`
            return body[len(key) :].lstrip(" ,:")
    return text


def incoming_message(
    update: ZaloUpdate, *, bot_names: Sequence[str] = ()
) -> IncomingMessage | None:
    """The message the router should see, or None for anything that is not text from a person.

    In a group Zalo delivers only messages that @mention the bot or reply to it, so every group
    message counts as addressed to the bot; a leading mention of the bot's name is dropped.
    """
    message = update.message
    if message is None or message.sender.is_bot or update.event_name != TEXT_EVENT:
        return None
    chat = chat_ref(message)
    text = clean_line(message.text)  # NFC: some phones send decomposed Vietnamese
    if chat.kind is ChatKind.GROUP:
        text = _without_mention(text, bot_names)
    if not text:
        return None
    sender = Sender(message.sender.id, message.sender.display_name)
    command, args = parse_command(text)
    return IncomingMessage(
        chat,
        sender,
        text=text,
        command=command,
        args=args if command is not None else "",
        mentions_bot=chat.kind is ChatKind.GROUP,
    )


def not_text_notice(update: ZaloUpdate) -> OutboundText | None:
    """What to tell a person who sent a photo, sticker, voice or unreadable message privately.

    Group chatter of that kind is ignored; unknown event names are ignored everywhere.
    """
    message = update.message
    if message is None or message.sender.is_bot or message.chat.is_group:
        return None
    if update.event_name == UNSUPPORTED_EVENT:
        return OutboundText(message.chat.id, texts.ZALO_UNSUPPORTED)
    if update.event_name in (IMAGE_EVENT, STICKER_EVENT, VOICE_EVENT):
        return OutboundText(message.chat.id, texts.ZALO_NOT_TEXT)
    return None


# --- replies out ------------------------------------------------------------------------------


def choices_text(labels: Sequence[str], first: int = 1) -> list[str]:
    """Buttons as numbered lines ("1. Xem thêm") and how to pick one."""
    if not labels:
        return []
    lines = [texts.ZALO_CHOICE.format(n=first + i, label=label) for i, label in enumerate(labels)]
    return [*lines, texts.ZALO_CHOICES_HINT]


def reply_text(reply: Reply, first_choice: int = 1, file_line: str | None = None) -> str:
    """A reply as Zalo shows it: its text, a line for a file, numbered choices for buttons.

    `file_line` says where the file is (a link); by default, that it cannot come by Zalo.
    """
    parts = [reply.text()] if reply.text() else []
    if reply.file is not None:
        parts.append(
            file_line
            if file_line is not None
            else texts.ZALO_FILE_NOT_SENT.format(filename=reply.file.filename)
        )
    parts.extend(choices_text([b.label for b in reply.buttons], first_choice))
    return "\n".join(parts)


def _published(file: ReplyFile, publish: Publish | None) -> Link | None:
    if publish is None:
        return None
    try:
        return publish(file)
    except OSError as exc:  # a full or read-only disk: say the file cannot come
        log.error("file %s could not be stored for a link: %s", file.filename, exc)
        return None


def _with_file(
    reply: Reply, chat_id: str, first: int, publish: Publish | None
) -> list[OutboundText]:
    """A reply carrying a file: a photo by its URL (the chart), or the text with a link."""
    assert reply.file is not None
    link = _published(reply.file, publish)
    if link is None:
        return [OutboundText(chat_id, part) for part in split_text(reply_text(reply, first))]
    if reply.file.mime_type.startswith("image/"):
        caption = reply_text(replace(reply, file=None), first)
        if text_length(caption) <= MAX_TEXT:
            return [OutboundText(chat_id, caption, photo_url=link.url)]
        parts = [OutboundText(chat_id, part) for part in split_text(caption)]
        return [*parts, OutboundText(chat_id, "", photo_url=link.url)]
    line = texts.ZALO_FILE_LINK.format(
        filename=reply.file.filename,
        url=link.url,
        time=link.expires_at.strftime("%H:%M"),
        date=link.expires_at.strftime("%d/%m/%Y"),
    )
    return [OutboundText(chat_id, part) for part in split_text(reply_text(reply, first, line))]


def push_text(text: str, buttons: Sequence[tuple[str, str]]) -> str:
    """A message pushed to a chat (a reminder, a request to the office) as Zalo shows it.

    Its buttons cannot be numbered choices: "1" picks from the chat's last answer, which a
    push is not. They become the typed commands the core reads («xong 12»).
    """
    hint = typed_choices(buttons)
    return "\n".join(part for part in (text, hint) if part)


def render_replies(
    replies: Sequence[Reply], chat: ChatRef, publish: Publish | None = None
) -> list[OutboundText]:
    """The sendMessage (and sendPhoto) calls for a turn's replies, in order, texts split to fit.

    Choices are numbered on from one reply to the next of the chat asked in, as the core
    counts the last turn's buttons. A file is stored by `publish` and sent as a link (an
    image as a photo from its URL); without `publish` the reply says it cannot come by Zalo.
    A reply addressed to another Zalo chat (an office admin) is a push there: its buttons
    become typed commands. A reply addressed to a chat of another platform is not rendered
    here (see `elsewhere`). `publish` writes files: call this off the event loop then.
    """
    out: list[OutboundText] = []
    numbered = 0
    for reply in replies:
        target = reply.to or chat
        if target.platform != PLATFORM:
            continue
        if target.chat_id != chat.chat_id:
            text = push_text(reply.text(), [(b.label, b.callback) for b in reply.buttons])
            out.extend(OutboundText(target.chat_id, part) for part in split_text(text))
            continue
        if reply.file is not None:
            out.extend(_with_file(reply, target.chat_id, numbered + 1, publish))
        else:
            text = reply_text(reply, numbered + 1)
            out.extend(OutboundText(target.chat_id, part) for part in split_text(text))
        numbered += len(reply.buttons)
    return out


def elsewhere(replies: Sequence[Reply]) -> list[Reply]:
    """Replies addressed to a chat on another platform (an office admin on Telegram)."""
    return [r for r in replies if r.to is not None and r.to.platform != PLATFORM]


def buttons_of(pairs: Sequence[tuple[str, str]]) -> tuple[Button, ...]:
    """(label, callback) pairs as Buttons."""
    return tuple(Button(label, callback) for label, callback in pairs)


# --- splitting --------------------------------------------------------------------------------


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """`text` cut into pieces of at most `limit` UTF-16 units, at line boundaries.

    A single longer line is cut between words, and a longer word (a URL) between characters.
    Blank lines at a cut are dropped, and so are pieces with nothing to read.
    """
    if limit < 1:
        raise ValueError("limit must be positive")
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for line in text.split("\n"):
        pieces = [line] if text_length(line) <= limit else _split_line(line, limit)
        for piece in pieces:
            added = text_length(piece) + (1 if current else 0)
            if current and size + added > limit:
                chunks.append("\n".join(current))
                current, size, added = [], 0, text_length(piece)
            current.append(piece)
            size += added
    if current:
        chunks.append("\n".join(current))
    return [c.strip("\n") for c in chunks if c.strip()]


def _split_line(line: str, limit: int) -> list[str]:
    pieces: list[str] = []
    current = ""
    for word in _WORD.findall(line) or [line]:
        if text_length(current + word.rstrip()) <= limit:
            current += word
            continue
        if current.strip():
            pieces.append(current.rstrip())
        current = ""
        while text_length(word.rstrip()) > limit:
            head = _prefix(word, limit)
            pieces.append(head)
            word = word[len(head) :]
        current = word
    if current.strip():
        pieces.append(current.rstrip())
    return pieces


def _prefix(word: str, limit: int) -> str:
    """The longest start of `word` within `limit` UTF-16 units (at least one character)."""
    size = 0
    for i, char in enumerate(word):
        size += text_length(char)
        if size > limit:
            return word[: max(i, 1)]
    return word
