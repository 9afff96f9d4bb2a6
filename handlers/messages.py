"""What crosses the edge of the conversation core: an incoming message, replies out."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Protocol

from knowledge.text import clean_text


class ChatKind(Enum):
    """Where a message was written."""

    PRIVATE = "private"
    GROUP = "group"


@dataclass(frozen=True)
class ChatRef:
    """A chat on a platform; ids are text (Telegram ids are large integers, Zalo's strings)."""

    platform: str  # "telegram", "zalo", "console"
    chat_id: str
    kind: ChatKind = ChatKind.PRIVATE


@dataclass(frozen=True)
class Sender:
    """Who wrote the message."""

    user_id: str
    display_name: str = ""
    # The platform says this person administers the chat (a Telegram group admin); False when
    # the platform cannot tell. Office roles are the core's own, not this flag.
    chat_admin: bool = False


@dataclass(frozen=True)
class Attachment:
    """A file sent with a message: its name as sent and its bytes."""

    filename: str
    content: bytes


@dataclass(frozen=True)
class IncomingMessage:
    """One message to the bot, as any platform adapter hands it over.

    `command` and `args` are filled when the text starts with "/" ("/viec Phòng Nội vụ" ->
    command "viec", args "Phòng Nội vụ"); a button press arrives as its `callback` data.
    """

    chat: ChatRef
    sender: Sender
    text: str = ""
    command: str | None = None
    args: str = ""
    callback: str | None = None
    attachments: tuple[Attachment, ...] = ()
    mentions_bot: bool = False
    replies_to_bot: bool = False
    chat_title: str = ""  # a group's name, when the platform gives it


def cleaned(message: IncomingMessage) -> IncomingMessage:
    """`message` with every text in it safe to store and to write into a report.

    The core's edge: whatever an adapter hands over (ids, names, text, button data, file
    names), a NUL, a control character or a lone surrogate never gets further.
    """
    chat, sender = message.chat, message.sender
    return replace(
        message,
        chat=replace(chat, chat_id=clean_text(chat.chat_id)),
        sender=replace(
            sender,
            user_id=clean_text(sender.user_id),
            display_name=clean_text(sender.display_name),
        ),
        text=clean_text(message.text),
        command=clean_text(message.command) if message.command is not None else None,
        args=clean_text(message.args),
        callback=clean_text(message.callback) if message.callback is not None else None,
        attachments=tuple(
            replace(a, filename=clean_text(a.filename)) for a in message.attachments
        ),
        chat_title=clean_text(message.chat_title),
    )


@dataclass(frozen=True)
class Button:
    """An inline choice; platforms without buttons render it as a numbered text option."""

    label: str
    callback: str  # short machine data, e.g. "more:2", "detail:15", "done:15"


@dataclass(frozen=True)
class ReplyFile:
    """A file to send with a reply (an Excel report, a chart)."""

    filename: str
    content: bytes
    mime_type: str = "application/octet-stream"


@dataclass(frozen=True)
class Reply:
    """A reply with structure, rendered by each platform (HTML for Telegram, text for Zalo)."""

    title: str = ""
    lines: tuple[str, ...] = ()
    footer: str = ""
    buttons: tuple[Button, ...] = ()
    file: ReplyFile | None = None
    assignment_ids: tuple[int, ...] = field(default=(), compare=False)  # what the lines cite
    # Another chat to deliver to (an office admin asked to approve); None: the chat asked in.
    to: ChatRef | None = None

    def text(self) -> str:
        """Plain text: title, lines and footer separated by newlines."""
        parts = [self.title] if self.title else []
        parts.extend(self.lines)
        if self.footer:
            parts.append(self.footer)
        return "\n".join(parts)


class Dispatcher(Protocol):
    """What every chat adapter talks to (handlers.router.Router): one message in, replies out,
    synchronously (the adapters run it in a worker thread)."""

    def dispatch(self, message: IncomingMessage) -> list[Reply]:
        """The replies to one message."""
        ...
