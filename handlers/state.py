"""What the conversation remembers per chat: its bound unit and its last answer."""

from __future__ import annotations

import logging
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Protocol

from handlers.answering import AskContext
from handlers.messages import Button, ChatRef
from handlers.understanding import parse_question
from knowledge.chats import ChatAddress, ChatDirectory

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ChatMemory:
    """One chat's state: the unit it is bound to (/dangky) and the last answer's context."""

    unit_key: str | None = None
    context: AskContext = field(default_factory=AskContext)
    # A step the chat is in the middle of, e.g. "lead:12" (the next text is assignment 12's
    # new lead unit); "" when none.
    pending: str = ""
    # The buttons of the last reply, in order: on platforms without buttons "1" presses the first.
    choices: tuple[Button, ...] = ()
    asked_on: date | None = None  # the day the last question was answered (its dates' anchor)

    def ask_context(self) -> AskContext:
        """The context to answer with: the last answer, and the bound unit as "đơn vị tôi"."""
        return replace(self.context, own_unit_key=self.unit_key)


class ChatState(Protocol):
    """Where chat memories live; in memory here, a database table later.

    A durable store may drop `context.last_question` (or keep its text and parse it again):
    follow-ups need only `last_ids` and `shown` to page and to quote.
    """

    def load(self, chat: ChatRef) -> ChatMemory:
        """The chat's memory; an empty one for a chat never seen."""
        ...

    def save(self, chat: ChatRef, memory: ChatMemory) -> None:
        """Remember `memory` for the chat, replacing what was there."""
        ...


class MemoryChatState:
    """ChatState in a dict, bounded: the least recently used chats are forgotten first."""

    def __init__(self, max_chats: int = 10_000) -> None:
        self._max_chats = max_chats
        self._memories: OrderedDict[tuple[str, str], ChatMemory] = OrderedDict()

    def load(self, chat: ChatRef) -> ChatMemory:
        """The chat's memory; an empty one for a chat never seen."""
        key = (chat.platform, chat.chat_id)
        memory = self._memories.get(key)
        if memory is None:
            return ChatMemory()
        self._memories.move_to_end(key)
        return memory

    def save(self, chat: ChatRef, memory: ChatMemory) -> None:
        """Remember `memory` for the chat, replacing what was there."""
        key = (chat.platform, chat.chat_id)
        self._memories[key] = memory
        self._memories.move_to_end(key)
        while len(self._memories) > self._max_chats:
            self._memories.popitem(last=False)


class StoredChatState:
    """ChatState in the database (survives restarts, shared by several processes).

    The bound unit is not stored here: it comes from the chat directory on every message.
    The last question is kept as its text and the day it was asked, and read again on load.
    """

    def __init__(self, directory: ChatDirectory) -> None:
        self._directory = directory

    def load(self, chat: ChatRef) -> ChatMemory:
        """The chat's memory; an empty one for a chat never seen or unreadable."""
        data = self._directory.load_memory(ChatAddress(chat.platform, chat.chat_id))
        if not data:
            return ChatMemory()
        try:
            return memory_from_json(data)
        except (KeyError, TypeError, ValueError):
            log.warning("chat memory of %s:%s unreadable; starting afresh", *_key(chat))
            return ChatMemory()

    def save(self, chat: ChatRef, memory: ChatMemory) -> None:
        """Remember `memory` for the chat, replacing what was there."""
        self._directory.save_memory(ChatAddress(chat.platform, chat.chat_id), memory_json(memory))


def _key(chat: ChatRef) -> tuple[str, str]:
    return chat.platform, chat.chat_id


def memory_json(memory: ChatMemory) -> dict[str, Any]:
    """A chat memory as JSON-ready data."""
    context = memory.context
    question = context.last_question
    return {
        "last_ids": list(context.last_ids),
        "shown": context.shown,
        "question": question.text if question else None,
        "asked_on": question_day(memory),
        "total": context.total,
        "total_at_least": context.total_at_least,
        "grouping": context.grouping,
        "pending": memory.pending,
        "choices": [[b.label, b.callback] for b in memory.choices],
    }


def question_day(memory: ChatMemory) -> str | None:
    """The day the last question's dates were resolved against (ISO), if known."""
    question = memory.context.last_question
    if question is None:
        return None
    return memory.asked_on.isoformat() if memory.asked_on else None


def memory_from_json(data: dict[str, Any]) -> ChatMemory:
    """The chat memory stored by `memory_json`."""
    asked_on = date.fromisoformat(data["asked_on"]) if data.get("asked_on") else None
    text = data.get("question")
    question = parse_question(text, asked_on) if text and asked_on else None
    context = AskContext(
        last_ids=tuple(int(i) for i in data.get("last_ids", [])),
        shown=int(data.get("shown", 0)),
        last_question=question,
        total=int(data.get("total", 0)),
        total_at_least=bool(data.get("total_at_least", False)),
        grouping=data.get("grouping") if isinstance(data.get("grouping"), str) else None,
    )
    choices = tuple(Button(str(label), str(cb)) for label, cb in data.get("choices", []))
    return ChatMemory(
        context=context,
        pending=str(data.get("pending", "")),
        choices=choices,
        asked_on=asked_on,
    )
