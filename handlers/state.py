"""What the conversation remembers per chat: its bound unit and its last answer."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field, replace
from typing import Protocol

from handlers.answering import AskContext
from handlers.messages import ChatRef


@dataclass(frozen=True)
class ChatMemory:
    """One chat's state: the unit it is bound to (/dangky) and the last answer's context."""

    unit_key: str | None = None
    context: AskContext = field(default_factory=AskContext)

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
