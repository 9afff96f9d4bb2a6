"""Units report progress by button: Đã hoàn thành / Đang thực hiện / Gặp vướng mắc."""

from __future__ import annotations

import logging
from dataclasses import replace

from handlers import texts
from handlers.messages import Reply
from handlers.turn import BUTTON_KINDS, Turn, progress_buttons
from knowledge.progress import (
    Action,
    Actor,
    ProgressError,
    ProgressProblem,
    ProgressRepository,
    ProgressState,
    current_occurrence,
)
from knowledge.repository import AssignmentView

log = logging.getLogger(__name__)

__all__ = ["BUTTON_KINDS", "press", "progress_buttons", "take_reason"]

MAX_REASON_CHARS = 500


def actor_of(turn: Turn) -> Actor:
    """Who is reporting, from which chat (for the audit trail)."""
    message = turn.message
    return Actor(
        platform=message.chat.platform,
        user_id=message.sender.user_id,
        display_name=message.sender.display_name,
        chat_id=message.chat.chat_id,
    )


def _live_view(turn: Turn, value: str) -> AssignmentView | None:
    if not value.isdigit():
        return None
    view = turn.services.repository.get_assignment(int(value))
    if view is None or view.status != "live" or view.document_status != "live":
        return None
    return view


def press(turn: Turn, progress: ProgressRepository | None, kind: str, value: str) -> list[Reply]:
    """A progress button: record it for a unit of the assignment (or the office)."""
    if progress is None:
        return [Reply(title=texts.BUTTON_EXPIRED)]
    view = _live_view(turn, value)
    if view is None:
        return [Reply(title=texts.progress_problem(ProgressProblem.ASSIGNMENT_NOT_LIVE, value))]
    state = BUTTON_KINDS[kind]
    if not turn.caller.may_act_for(set(view.lead_keys)):
        progress.record_refusal(
            view.id,
            actor_of(turn),
            Action.REPORT,
            "not_lead_unit",
            now=turn.now,
            attempted={"state": state.value, "chat_unit": turn.caller.unit_key},
        )
        log.info("progress on %s refused for %s", view.id, turn.caller.identity)
        return [Reply(title=texts.PROGRESS_NOT_YOURS.format(id=view.id))]
    if state is ProgressState.BLOCKED:
        turn.memory = replace(turn.memory, pending=f"blocked:{view.id}")
        return [Reply(title=texts.PROGRESS_ASK_REASON.format(id=view.id))]
    return _record(turn, progress, view, state)


def take_reason(turn: Turn, progress: ProgressRepository | None, text: str) -> list[Reply]:
    """The text after Gặp vướng mắc: the reason, recorded."""
    _, _, value = turn.memory.pending.partition(":")
    turn.memory = replace(turn.memory, pending="")
    view = _live_view(turn, value)
    if progress is None or view is None:
        return [Reply(title=texts.BUTTON_EXPIRED)]
    if not turn.caller.may_act_for(set(view.lead_keys)):
        return [Reply(title=texts.PROGRESS_NOT_YOURS.format(id=view.id))]
    return _record(turn, progress, view, ProgressState.BLOCKED, text[:MAX_REASON_CHARS])


def _record(
    turn: Turn,
    progress: ProgressRepository,
    view: AssignmentView,
    state: ProgressState,
    reason: str | None = None,
) -> list[Reply]:
    occurrence = None
    if view.recurrence is not None and view.recurrence.occurrences:
        snapshot = progress.current([view.id]).get(view.id)
        occurrence = current_occurrence(view.recurrence.occurrences, snapshot)
    try:
        progress.report(
            view.id,
            actor_of(turn),
            state,
            now=turn.now,
            occurrence=occurrence,
            completed_on=turn.today if state is ProgressState.DONE else None,
            reason=reason,
        )
    except ProgressError as exc:
        return [Reply(title=texts.progress_problem(exc.problem.value, exc.detail))]
    log.info("progress %s on %s by %s", state.value, view.id, turn.caller.identity)
    label = texts.PROGRESS_STATE_LABELS[state.value]
    when = (
        texts.PROGRESS_OCCURRENCE.format(date=occurrence.strftime("%d/%m/%Y"))
        if occurrence
        else ""
    )
    return [Reply(title=texts.PROGRESS_RECORDED.format(id=view.id, state=label, occurrence=when))]
