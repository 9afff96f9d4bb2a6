"""What answering takes and gives: its services, a chat's context, an answer."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from handlers.messages import Reply
from handlers.understanding import Question
from knowledge.calendar import WorkCalendar
from knowledge.storage_types import AssignmentView, DocumentRepository
from knowledge.units import Unit, UnitRegistry

if TYPE_CHECKING:
    from knowledge.fts5 import AssignmentSearch
    from knowledge.progress_status import ProgressSnapshots


@dataclass
class Services:
    """What answering needs; the registry includes unregistered units, reloaded on change."""

    repository: DocumentRepository
    registry: UnitRegistry
    search: AssignmentSearch | None = None  # full-text index; None: scan every assignment
    progress: ProgressSnapshots | None = None  # reports: a task done is not overdue
    # "sắp đến hạn": due within this many working days (config [progress] due_soon_days)
    due_soon_days: int = 3
    calendar: WorkCalendar | None = None  # working days; None: the national calendar
    # One question's reads through one connection (knowledge.db.Sessions.reading); None:
    # each store opens its own sessions
    reading: Callable[[], AbstractContextManager[object]] | None = None


@dataclass(frozen=True)
class AskContext:
    """What the chat knows: its bound unit and the last answer (for follow-ups).

    `last_ids` are the ranked assignments kept for paging, in the order their lines are
    numbered; `total` and `grouping` may be lost by a durable store (then `total` counts
    last_ids and the grouping is worked out again from the question).
    """

    own_unit_key: str | None = None
    last_ids: tuple[int, ...] = ()
    shown: int = 0  # how many of last_ids were shown
    last_question: Question | None = None
    total: int = 0  # how many the last answer found; 0: len(last_ids)
    total_at_least: bool = False  # the count stopped at a limit: there are more
    grouping: str | None = None  # GROUP_BY_*, "" for flat pages, None: not known


@dataclass(frozen=True)
class Answer:
    """A reply, the assignments on its page (in the order shown) and what follow-ups need."""

    reply: Reply
    assignments: tuple[AssignmentView, ...] = ()  # the page's lines, not the whole answer
    question: Question | None = None
    units: tuple[Unit, ...] = ()
    shown: int = 0
    previous: AskContext | None = None  # set when this answer leaves the chat state as it was
    ranked_ids: tuple[int, ...] = ()  # every assignment kept for paging, in numbered order
    total: int = 0  # how many the answer found (ranked_ids may hold fewer)
    total_at_least: bool = False
    grouping: str = ""

    def context(self, own_unit_key: str | None) -> AskContext:
        """The chat state after this answer."""
        if self.previous is not None:
            return replace(self.previous, own_unit_key=own_unit_key)
        return AskContext(
            own_unit_key=own_unit_key,
            last_ids=self.ranked_ids or tuple(a.id for a in self.assignments),
            shown=self.shown,
            last_question=self.question,
            total=self.total,
            total_at_least=self.total_at_least,
            grouping=self.grouping,
        )
