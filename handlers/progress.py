"""Units report progress by button: Đã hoàn thành / Đang thực hiện / Gặp vướng mắc."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date

from handlers import texts
from handlers.access import office_chats
from handlers.dates import first_day_in
from handlers.messages import Button, ChatRef, Reply
from handlers.steps import CallbackKind, Pending, Press, Step, callback, completion_key
from handlers.turn import BUTTON_KINDS, Turn, progress_buttons
from knowledge.db import parse_id
from knowledge.progress import (
    Action,
    Actor,
    ProgressError,
    ProgressProblem,
    ProgressReport,
    ProgressRepository,
    ProgressState,
    current_occurrence,
)
from knowledge.repository import AssignmentView

log = logging.getLogger(__name__)

__all__ = [
    "BUTTON_KINDS",
    "ask_extension",
    "confirm",
    "decide_extension",
    "pending_for_office",
    "press",
    "progress_buttons",
    "record_text_update",
    "take_extension",
    "take_reason",
]

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
    assignment_id = parse_id(value)
    if assignment_id is None:
        return None
    view = turn.services.repository.get_assignment(assignment_id)
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
        turn.memory = replace(turn.memory, pending=Pending.about(Step.BLOCKED, view.id).encode())
        return [Reply(title=texts.PROGRESS_ASK_REASON.format(id=view.id))]
    return _record(turn, progress, view, state)


def record_text_update(
    turn: Turn,
    progress: ProgressRepository | None,
    kind: str,
    assignment_id: int,
    *,
    note: str = "",
    evidence_number: str | None = None,
    percent: int | None = None,
) -> list[Reply]:
    """A progress update typed in words ("/capnhat 12 xong ...", "việc 12 đã hoàn thành ...")."""
    if progress is None:
        return [Reply(title=texts.PROGRESS_NOT_HERE)]
    view = _live_view(turn, str(assignment_id))
    if view is None:
        problem = ProgressProblem.ASSIGNMENT_NOT_LIVE
        return [Reply(title=texts.progress_problem(problem, str(assignment_id)))]
    action = Action.REQUEST_EXTENSION if kind == "extend" else Action.REPORT
    if not turn.caller.may_act_for(set(view.lead_keys)):
        progress.record_refusal(
            view.id,
            actor_of(turn),
            action,
            "not_lead_unit",
            now=turn.now,
            attempted={"kind": kind, "note": note[:200], "chat_unit": turn.caller.unit_key},
        )
        return [Reply(title=texts.PROGRESS_NOT_YOURS.format(id=view.id))]
    if kind == "extend":
        turn.memory = replace(turn.memory, pending=Pending.about(Step.EXTEND, view.id).encode())
        return take_extension(turn, progress, note)
    if kind == "blocked" and not note.strip():
        turn.memory = replace(turn.memory, pending=Pending.about(Step.BLOCKED, view.id).encode())
        return [Reply(title=texts.PROGRESS_ASK_REASON.format(id=view.id))]
    state = BUTTON_KINDS[kind]
    return _record(
        turn,
        progress,
        view,
        state,
        reason=note[:MAX_REASON_CHARS] if kind == "blocked" else None,
        note=note[:MAX_REASON_CHARS] if kind != "blocked" else "",
        evidence_number=evidence_number if kind == "done" else None,
        percent=percent if kind == "doing" else None,
    )


def _pending_view(turn: Turn, progress: ProgressRepository | None) -> AssignmentView | list[Reply]:
    """The assignment the chat's pending step is about (the step ends), or why not."""
    pending = Pending.parse(turn.memory.pending)
    turn.memory = replace(turn.memory, pending="")
    if pending is None:
        return [Reply(title=texts.BUTTON_EXPIRED)]
    step = pending.step
    view = _live_view(turn, pending.target)
    if progress is None or view is None:
        return [Reply(title=texts.BUTTON_EXPIRED)]
    if not turn.caller.may_act_for(set(view.lead_keys)):
        # the chat's unit changed since the step began (unbound, or bound to another unit)
        progress.record_refusal(
            view.id,
            actor_of(turn),
            Action.REQUEST_EXTENSION if step is Step.EXTEND else Action.REPORT,
            "not_lead_unit",
            now=turn.now,
            attempted={"step": step.value, "chat_unit": turn.caller.unit_key},
        )
        return [Reply(title=texts.PROGRESS_NOT_YOURS.format(id=view.id))]
    return view


def take_reason(turn: Turn, progress: ProgressRepository | None, text: str) -> list[Reply]:
    """The text after Gặp vướng mắc: the reason, recorded."""
    view = _pending_view(turn, progress)
    if isinstance(view, list):
        return view
    assert progress is not None  # _pending_view answered otherwise
    return _record(turn, progress, view, ProgressState.BLOCKED, text[:MAX_REASON_CHARS])


def _occurrence_of(progress: ProgressRepository, view: AssignmentView) -> date | None:
    """For a recurring task, the occurrence a report is about (the earliest not done)."""
    if view.recurrence is None or not view.recurrence.occurrences:
        return None
    snapshot = progress.current([view.id]).get(view.id)
    return current_occurrence(view.recurrence.occurrences, snapshot)


def _record(
    turn: Turn,
    progress: ProgressRepository,
    view: AssignmentView,
    state: ProgressState,
    reason: str | None = None,
    *,
    note: str = "",
    evidence_number: str | None = None,
    percent: int | None = None,
) -> list[Reply]:
    occurrence = _occurrence_of(progress, view)
    try:
        stored = progress.report(
            view.id,
            actor_of(turn),
            state,
            now=turn.now,
            occurrence=occurrence,
            completed_on=turn.today if state is ProgressState.DONE else None,
            reason=reason,
            note=note,
            evidence_number=evidence_number,
            percent=percent,
        )
    except ProgressError as exc:
        return [Reply(title=texts.progress_problem(exc.problem.value, exc.detail))]
    log.info("progress %s on %s by %s", state.value, view.id, turn.caller.identity)
    if stored.confirmation.value == "pending":
        # the office requires its confirmation before "done" counts: ask the admins
        for admin in office_chats(turn.directory):
            turn.outbox.append(replace(_confirmation_request(stored, view.task), to=admin))
    label = texts.PROGRESS_STATE_LABELS[state.value]
    when = (
        texts.PROGRESS_OCCURRENCE.format(date=occurrence.strftime("%d/%m/%Y"))
        if occurrence
        else ""
    )
    return [Reply(title=texts.PROGRESS_RECORDED.format(id=view.id, state=label, occurrence=when))]


def ask_extension(turn: Turn, progress: ProgressRepository | None, value: str) -> list[Reply]:
    """Xin gia hạn: the lead unit is asked for the date and the reason."""
    if progress is None:
        return [Reply(title=texts.BUTTON_EXPIRED)]
    view = _live_view(turn, value)
    if view is None:
        return [Reply(title=texts.progress_problem(ProgressProblem.ASSIGNMENT_NOT_LIVE, value))]
    if not turn.caller.may_act_for(set(view.lead_keys)):
        progress.record_refusal(
            view.id,
            actor_of(turn),
            Action.REQUEST_EXTENSION,
            "not_lead_unit",
            now=turn.now,
            attempted={"chat_unit": turn.caller.unit_key},
        )
        return [Reply(title=texts.PROGRESS_NOT_YOURS.format(id=view.id))]
    turn.memory = replace(turn.memory, pending=Pending.about(Step.EXTEND, view.id).encode())
    return [Reply(title=texts.EXTEND_ASK.format(id=view.id))]


def take_extension(turn: Turn, progress: ProgressRepository | None, text: str) -> list[Reply]:
    """The date and reason after Xin gia hạn: the request goes to the office admins."""
    view = _pending_view(turn, progress)
    if isinstance(view, list):
        return view
    assert progress is not None  # _pending_view answered otherwise
    typed = first_day_in(text, turn.today)
    if typed is None:
        turn.memory = replace(turn.memory, pending=Pending.about(Step.EXTEND, view.id).encode())
        return [Reply(title=texts.EXTEND_BAD.format(value=text))]
    proposed, reason = typed
    occurrence = _occurrence_of(progress, view)
    try:
        extension = progress.request_extension(
            view.id,
            actor_of(turn),
            proposed,
            reason[:MAX_REASON_CHARS],
            now=turn.now,
            occurrence=occurrence,
        )
    except ProgressError as exc:
        return [Reply(title=texts.progress_problem(exc.problem.value, exc.detail))]
    for admin in office_chats(turn.directory):
        turn.outbox.append(
            Reply(
                title=texts.EXTEND_ASK_ADMIN.format(
                    person=turn.message.sender.display_name or turn.message.sender.user_id,
                    id=view.id,
                    task=view.task[:120],
                    old=extension.previous_due.strftime("%d/%m/%Y"),
                    new=proposed.strftime("%d/%m/%Y"),
                    reason=extension.reason or "—",
                ),
                buttons=(
                    Button(
                        texts.EXTEND_APPROVE,
                        callback(CallbackKind.EXTENSION_APPROVE, extension.id),
                    ),
                    Button(
                        texts.EXTEND_REFUSE, callback(CallbackKind.EXTENSION_REFUSE, extension.id)
                    ),
                ),
                to=admin,
            )
        )
    return [Reply(title=texts.EXTEND_SENT.format(id=view.id, date=proposed.strftime("%d/%m/%Y")))]


def decide_extension(
    turn: Turn, progress: ProgressRepository | None, value: str, approve: bool
) -> list[Reply]:
    """Đồng ý / Không đồng ý on an extension request: office admins only."""
    extension_id = parse_id(value)
    if progress is None or extension_id is None:
        return [Reply(title=texts.BUTTON_EXPIRED)]
    if not turn.caller.is_admin:
        progress.record_refusal(
            None,
            actor_of(turn),
            Action.DECIDE_EXTENSION,
            "not_office_admin",
            now=turn.now,
            attempted={"extension": extension_id, "approve": approve},
        )
        return [Reply(title=texts.ACCESS_ADMIN_ONLY)]
    try:
        extension = progress.decide_extension(extension_id, actor_of(turn), approve, now=turn.now)
    except ProgressError as exc:
        return [Reply(title=texts.progress_problem(exc.problem.value, exc.detail))]
    decision = texts.EXTEND_WORD_APPROVED if approve else texts.EXTEND_WORD_REFUSED
    requester = extension.requested_by
    if requester.chat_id is not None:
        due = extension.approved_due or extension.proposed_due
        turn.outbox.append(
            Reply(
                title=texts.EXTEND_DECIDED_USER.format(
                    decision=decision, id=extension.assignment_id, date=due.strftime("%d/%m/%Y")
                ),
                to=ChatRef(requester.platform, requester.chat_id),
            )
        )
    return [
        Reply(
            title=texts.EXTEND_DECIDED_ADMIN.format(decision=decision, id=extension.assignment_id)
        )
    ]


def _confirmation_request(report: ProgressReport, task: str) -> Reply:
    key = completion_key(report.assignment_id, report.occurrence)
    return Reply(
        title=texts.CONFIRM_ASK_ADMIN.format(
            person=report.reported_by.display_name or report.reported_by.user_id,
            id=report.assignment_id,
            task=task[:120],
            date=(report.completed_on or report.reported_at.date()).strftime("%d/%m/%Y"),
            evidence=report.evidence_number or "—",
        ),
        buttons=(
            Button(texts.CONFIRM_ACCEPT, callback(CallbackKind.COMPLETION_ACCEPT, key)),
            Button(texts.CONFIRM_REJECT, callback(CallbackKind.COMPLETION_REJECT, key)),
        ),
    )


def pending_for_office(turn: Turn, progress: ProgressRepository | None) -> list[Reply]:
    """/choduyet: extension requests and completions waiting for the office, with buttons."""
    if progress is None:
        return []
    replies = []
    for extension in progress.pending_extensions():
        view = turn.services.repository.get_assignment(extension.assignment_id)
        replies.append(
            Reply(
                title=texts.EXTEND_ASK_ADMIN.format(
                    person=extension.requested_by.display_name or extension.requested_by.user_id,
                    id=extension.assignment_id,
                    task=(view.task if view else "")[:120],
                    old=extension.previous_due.strftime("%d/%m/%Y"),
                    new=extension.proposed_due.strftime("%d/%m/%Y"),
                    reason=extension.reason or "—",
                ),
                buttons=(
                    Button(
                        texts.EXTEND_APPROVE,
                        callback(CallbackKind.EXTENSION_APPROVE, extension.id),
                    ),
                    Button(
                        texts.EXTEND_REFUSE, callback(CallbackKind.EXTENSION_REFUSE, extension.id)
                    ),
                ),
            )
        )
    for report in progress.pending_confirmations():
        view = turn.services.repository.get_assignment(report.assignment_id)
        replies.append(_confirmation_request(report, view.task if view else ""))
    return replies


def confirm(
    turn: Turn, progress: ProgressRepository | None, value: str, accept: bool
) -> list[Reply]:
    """Xác nhận hoàn thành / Không xác nhận: office admins only."""
    assignment_text, occurrence_text = Press(CallbackKind.COMPLETION_ACCEPT, value).pair()
    assignment = parse_id(assignment_text)
    if progress is None or assignment is None:
        return [Reply(title=texts.BUTTON_EXPIRED)]
    occurrence = None
    if occurrence_text and occurrence_text != "-":
        try:
            occurrence = date.fromisoformat(occurrence_text)
        except ValueError:
            return [Reply(title=texts.BUTTON_EXPIRED)]
    if not turn.caller.is_admin:
        progress.record_refusal(
            assignment,
            actor_of(turn),
            Action.CONFIRM_COMPLETION,
            "not_office_admin",
            now=turn.now,
            attempted={"accept": accept},
            occurrence=occurrence,
        )
        return [Reply(title=texts.ACCESS_ADMIN_ONLY)]
    try:
        report = progress.confirm_completion(
            assignment, actor_of(turn), now=turn.now, accept=accept, occurrence=occurrence
        )
    except ProgressError as exc:
        return [Reply(title=texts.progress_problem(exc.problem.value, exc.detail))]
    word = texts.CONFIRM_WORD_ACCEPTED if accept else texts.CONFIRM_WORD_REJECTED
    reporter = report.reported_by
    if reporter.chat_id is not None:
        turn.outbox.append(
            Reply(
                title=texts.CONFIRM_DECIDED_USER.format(decision=word, id=report.assignment_id),
                to=ChatRef(reporter.platform, reporter.chat_id),
            )
        )
    return [
        Reply(title=texts.CONFIRM_DECIDED_ADMIN.format(decision=word, id=report.assignment_id))
    ]
