"""One message being handled: who asks, what the chat remembers, and the command shape."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, tzinfo
from typing import Protocol

from handlers import texts
from handlers.access import AccessPolicy, Caller
from handlers.answering import Answer, AskContext, Services, answer_text
from handlers.desks import DocumentDesk, PageLinks, ReportDesk
from handlers.messages import Button, IncomingMessage, Reply
from handlers.state import ChatMemory
from handlers.steps import CallbackKind, Press
from handlers.understanding import Intent
from knowledge.chats import AccessRecord, ChatDirectory
from knowledge.db import utc_now
from knowledge.progress import ProgressRepository, ProgressState

# Progress buttons under one assignment: callback kind -> the state it reports.
BUTTON_KINDS = {
    CallbackKind.DONE.value: ProgressState.DONE,
    CallbackKind.DOING.value: ProgressState.IN_PROGRESS,
    CallbackKind.BLOCKED.value: ProgressState.BLOCKED,
}


def progress_buttons(assignment_id: int) -> tuple[Button, ...]:
    """Đã hoàn thành / Đang thực hiện / Gặp vướng mắc for one assignment."""
    return tuple(
        Button(texts.PROGRESS_STATE_LABELS[state.value], Press(kind, str(assignment_id)).encode())
        for kind, state in BUTTON_KINDS.items()
    )


class OfficeClock(Protocol):
    """Where the router learns today's date, in the office's time zone (the scheduler's
    Clock, by contrast, gives the UTC instant)."""

    def today(self) -> date:
        """Today's date."""
        ...


@dataclass(frozen=True)
class FixedClock:
    """A clock stopped on one day: tests, the demo, `--today`."""

    day: date

    def today(self) -> date:
        """The fixed day."""
        return self.day


@dataclass(frozen=True)
class SystemClock:
    """The real date in the office's time zone."""

    zone: tzinfo

    def today(self) -> date:
        """Today's date where the office is."""
        return datetime.now(self.zone).date()


@dataclass
class Turn:
    """One message being handled: what a use case may read, and the memory it may change.

    `outbox` collects replies addressed to other chats (an office admin asked to approve).
    """

    message: IncomingMessage
    services: Services
    today: date
    memory: ChatMemory
    caller: Caller
    commands: tuple[Command, ...] = ()
    directory: ChatDirectory | None = None
    access: AccessPolicy = field(default_factory=AccessPolicy)
    desk: DocumentDesk | None = None
    progress: ProgressRepository | None = None
    reports: ReportDesk | None = None
    now: datetime = field(default_factory=utc_now)
    pages: PageLinks | None = None  # signed links to the web pages; None: no web pages
    outbox: list[Reply] = field(default_factory=list)

    def answer(self, text: str, context: AskContext | None = None) -> list[Reply]:
        """Answer `text` as a question and remember the answer for follow-ups."""
        answer = answer_text(
            text, self.services, today=self.today, context=context or self.memory.ask_context()
        )
        reply = answer.reply
        question = answer.question
        if (
            self.progress is not None
            and question is not None
            and question.intent is Intent.DETAIL
            and len(answer.assignments) == 1
        ):
            reply = replace(
                reply, buttons=reply.buttons + progress_buttons(answer.assignments[0].id)
            )
        if starts_new_list(answer):
            self.memory = replace(
                self.memory, context=answer.context(self.memory.unit_key), asked_on=self.today
            )
        return [reply]

    def audit(
        self,
        action: str,
        *,
        accepted: bool,
        target: str = "",
        refusal: str | None = None,
        detail: dict[str, object] | None = None,
    ) -> None:
        """Record in the access audit trail what the caller did or tried (no-op without a
        database of people)."""
        if self.directory is None:
            return
        message = self.message
        self.directory.record_access(
            AccessRecord(
                platform=message.chat.platform,
                user_id=message.sender.user_id,
                action=action,
                accepted=accepted,
                target=target,
                refusal=refusal,
                actor_name=message.sender.display_name,
                chat_id=message.chat.chat_id,
                detail=detail,
                at=self.now,
            )
        )

    def refuse(self, action: str, refusal: str, title: str, *, target: str = "") -> list[Reply]:
        """Refuse `action` (why: `refusal`), audited, with `title` as the reply."""
        self.audit(action, accepted=False, target=target, refusal=refusal)
        return [Reply(title=title)]


Handler = Callable[[Turn, str], list[Reply]]


@dataclass(frozen=True)
class Command:
    """A chat command: lower-case ASCII name (Telegram allows a-z, 0-9, _), what it does.

    `who` says who may use it: "anyone", "asker" (someone who may ask questions) or "admin".
    """

    name: str
    description_vi: str
    handler: Handler
    args_hint: str = ""
    aliases: tuple[str, ...] = ()
    who: str = "asker"


def starts_new_list(answer: Answer) -> bool:
    """Whether an answer replaces the list that "chi tiết N" and "xem thêm" refer to.

    A quote, a help text or a message not understood leaves the last list in place, so
    "chi tiết 2" after "chi tiết 1" still means item 2 of that list.
    """
    question = answer.question
    if question is None:
        return True
    if question.intent in (Intent.DETAIL, Intent.HELP, Intent.GREETING, Intent.UNKNOWN):
        return False
    if question.intent is Intent.MORE:
        return bool(answer.assignments)
    return True
