"""Documents sent in chat by the office: read, held for review, previewed, edited, confirmed."""

from __future__ import annotations

import logging
from dataclasses import replace

from handlers import texts
from handlers.answering import deadline_words
from handlers.desks import DocumentDesk
from handlers.messages import Attachment, Button, ChatKind, Reply
from handlers.steps import CallbackKind, Pending, Press, Step, callback
from handlers.turn import Turn
from handlers.units import look_up_unit
from knowledge.db import parse_id
from knowledge.deadlines import parse_deadline
from knowledge.domain import Deadline
from knowledge.errors import DocumentError
from knowledge.pipeline import extract_text
from knowledge.readers import read_bytes
from knowledge.repository import AssignmentView, DocumentView, StorageError
from knowledge.text import fold

log = logging.getLogger(__name__)

PREVIEW_LIMIT = 30  # lines in one preview; a longer document says how many more there are
TASK_CHARS = 120
_NO_DEADLINE = {"khong co han", "khong han", "chua co han", "khong", "bo han"}


def receive(
    turn: Turn, desk: DocumentDesk | None, attachments: tuple[Attachment, ...]
) -> list[Reply]:
    """An office admin sent a file: read it, hold it for review and show the preview."""
    first = attachments[0]
    if desk is None:
        return [Reply(title=texts.ATTACHMENT_NOT_HERE.format(filename=first.filename))]
    if not turn.caller.is_admin:
        title = texts.DOC_ONLY_ADMINS.format(filename=first.filename)
        return turn.refuse("upload_document", "not_office_admin", title, target=first.filename)
    if len(attachments) > 1:
        return [Reply(title=texts.DOC_TOO_MANY_FILES)]
    try:
        text = read_bytes(first.content, first.filename, max_bytes=desk.max_bytes)
        extraction = extract_text(text, calendar=desk.calendar)
        outcome = turn.services.repository.save_extraction(
            extraction, text, source_name=first.filename, content=first.content, status="review"
        )
    except DocumentError as exc:
        log.info("document %r refused: %s", first.filename, exc.problem)
        return [
            Reply(
                title=texts.document_problem(
                    exc.problem, first.filename, exc.detail, _mb(desk.max_bytes)
                )
            )
        ]
    except StorageError as exc:
        return [Reply(title=texts.storage_problem(exc.problem.value, exc.detail))]
    number = extraction.header.number or texts.DOCUMENT_WORD
    log.info("document %r read by %s: %s", first.filename, turn.caller.identity, outcome.action)
    turn.audit(
        "upload_document",
        accepted=True,
        target=f"document:{outcome.document_id}",
        detail={"filename": first.filename, "action": str(outcome.action)},
    )
    if outcome.action == "unchanged":
        return [Reply(title=texts.DOC_DUPLICATE.format(filename=first.filename, number=number))]
    replies = []
    if outcome.action == "replaced":
        replies.append(
            Reply(
                title=texts.DOC_REPLACED.format(
                    filename=first.filename,
                    number=number,
                    added=len(outcome.assignments_added),
                    removed=len(outcome.assignments_removed),
                    changed=len(outcome.assignments_changed),
                )
            )
        )
    replies.append(preview(turn, desk, outcome.document_id))
    return replies


def _mb(size: int) -> str:
    return f"{size // (1024 * 1024)} MB"


def _document_words(document: DocumentView) -> dict[str, str]:
    return {
        "kind": document.doc_type_name or texts.DOCUMENT_WORD,
        "number": document.number or "",
        "date": document.issued.strftime("%d/%m/%Y") if document.issued else "…",
        "title": document.title or document.source_name,
    }


def _views(turn: Turn, desk: DocumentDesk, document_id: int) -> list[AssignmentView]:
    ids = desk.review.assignment_ids(document_id)
    by_id = {v.id: v for v in turn.services.repository.get_assignments(ids)}
    return [by_id[i] for i in ids if i in by_id]


def preview(turn: Turn, desk: DocumentDesk, document_id: int) -> Reply:
    """The document held for review: its assignments and Xác nhận / Sửa / Hủy buttons."""
    document = turn.services.repository.get_document(document_id)
    if document is None or document.status != "review":
        return Reply(title=texts.DOC_NOT_IN_REVIEW)
    views = _views(turn, desk, document_id)
    lines = [
        texts.DOC_PREVIEW_LINE.format(
            n=n,
            lead=", ".join(v.lead_names) or texts.UNKNOWN_LEAD,
            task=_short(v.task),
            deadline=deadline_words(v.deadline, v.recurrence),
        )
        for n, v in enumerate(views[:PREVIEW_LIMIT], start=1)
    ]
    if len(views) > PREVIEW_LIMIT:
        lines.append(texts.DOC_PREVIEW_MORE.format(count=len(views) - PREVIEW_LIMIT))
    if not views:
        lines.append(texts.DOC_PREVIEW_NO_ITEMS)
    buttons = [Button(texts.DOC_CONFIRM, callback(CallbackKind.DOCUMENT_CONFIRM, document_id))]
    if views:
        buttons.append(Button(texts.DOC_EDIT, callback(CallbackKind.DOCUMENT_EDIT, document_id)))
    buttons.append(Button(texts.DOC_DISCARD, callback(CallbackKind.DOCUMENT_DISCARD, document_id)))
    footer = texts.DOC_PREVIEW_FOOTER
    url = None
    if turn.pages is not None and turn.message.chat.kind is ChatKind.PRIVATE:
        # a link acts as the person it was made for: never shown where others read it
        url = turn.pages.review(turn.caller, document_id)
    if url:
        footer += "\n" + texts.WEB_REVIEW_LINK.format(url=url)
    return Reply(
        title=texts.DOC_PREVIEW_TITLE.format(**_document_words(document), count=len(views)),
        lines=tuple(lines),
        footer=footer,
        buttons=tuple(buttons),
    )


def _short(task: str) -> str:
    return task if len(task) <= TASK_CHARS else task[: TASK_CHARS - 1].rstrip() + "…"


def confirm(turn: Turn, desk: DocumentDesk | None, value: str) -> list[Reply]:
    """Xác nhận: the document goes live for answers and reminders."""
    document_id = parse_id(value)
    if desk is None or document_id is None:
        return [Reply(title=texts.BUTTON_EXPIRED)]
    if not turn.caller.is_admin:
        return _refuse_review(turn, f"document:{document_id}")
    document = turn.services.repository.get_document(document_id)
    if document is None or not turn.services.repository.confirm_document(document.id):
        return [Reply(title=texts.DOC_NOT_IN_REVIEW)]
    log.info("document %s confirmed by %s", document.id, turn.caller.identity)
    turn.audit("confirm_document", accepted=True, target=f"document:{document.id}")
    return [
        Reply(
            title=texts.DOC_CONFIRMED.format(
                **_document_words(document), count=len(desk.review.assignment_ids(document.id))
            )
        )
    ]


def discard(turn: Turn, desk: DocumentDesk | None, value: str) -> list[Reply]:
    """Hủy: the document held for review is deleted."""
    document_id = parse_id(value)
    if desk is None or document_id is None:
        return [Reply(title=texts.BUTTON_EXPIRED)]
    if not turn.caller.is_admin:
        return _refuse_review(turn, f"document:{document_id}")
    document = turn.services.repository.get_document(document_id)
    if document is None or not desk.review.discard(document.id):
        return [Reply(title=texts.DOC_NOT_IN_REVIEW)]
    log.info("document %s discarded by %s", document.id, turn.caller.identity)
    turn.audit("discard_document", accepted=True, target=f"document:{document.id}")
    return [
        Reply(title=texts.DOC_DISCARDED.format(number=document.number or document.source_name))
    ]


def edit_pick(turn: Turn, desk: DocumentDesk | None, value: str) -> list[Reply]:
    """Sửa: which assignment to edit."""
    document_id = parse_id(value)
    if desk is None or document_id is None:
        return [Reply(title=texts.BUTTON_EXPIRED)]
    if not turn.caller.is_admin:
        return _refuse_review(turn, f"document:{document_id}")
    ids = desk.review.assignment_ids(document_id)
    if not ids:
        return [Reply(title=texts.DOC_NOT_IN_REVIEW)]
    buttons = tuple(
        Button(texts.DOC_EDIT_ITEM.format(n=n), callback(CallbackKind.EDIT_ONE, aid))
        for n, aid in enumerate(ids[:PREVIEW_LIMIT], start=1)
    )
    return [Reply(title=texts.DOC_EDIT_PICK, buttons=buttons)]


def _refuse_review(turn: Turn, target: str) -> list[Reply]:
    """Someone not of the office pressed a review button (or typed an edit): audited."""
    return turn.refuse(
        "review_document", "not_office_admin", texts.ACCESS_ADMIN_ONLY, target=target
    )


def _reviewed(turn: Turn, desk: DocumentDesk, value: str) -> tuple[AssignmentView, int] | None:
    """The assignment (still held for review) and its number in its document."""
    assignment_id = parse_id(value)
    if assignment_id is None:
        return None
    view = turn.services.repository.get_assignment(assignment_id)
    if view is None or view.document_status != "review":
        return None
    ids = desk.review.assignment_ids(view.document_id)
    return (view, ids.index(view.id) + 1) if view.id in ids else None


def _admin_reviewed(
    turn: Turn, desk: DocumentDesk | None, value: str
) -> tuple[AssignmentView, int] | list[Reply]:
    """The assignment an office admin's button names, or the reply saying why not."""
    if desk is None:
        return [Reply(title=texts.BUTTON_EXPIRED)]
    if not turn.caller.is_admin:
        return _refuse_review(turn, f"assignment:{value[:40]}")
    found = _reviewed(turn, desk, value)
    if found is None:
        return [Reply(title=texts.DOC_NOT_IN_REVIEW)]
    return found


def edit_one(turn: Turn, desk: DocumentDesk | None, value: str) -> list[Reply]:
    """Việc N: which field to edit."""
    found = _admin_reviewed(turn, desk, value)
    if isinstance(found, list):
        return found
    view, n = found
    return [
        Reply(
            title=texts.DOC_EDIT_FIELD.format(n=n, task=_short(view.task)),
            buttons=(
                Button(texts.DOC_EDIT_LEAD, callback(CallbackKind.EDIT_LEAD, view.id)),
                Button(texts.DOC_EDIT_DEADLINE, callback(CallbackKind.EDIT_DUE, view.id)),
            ),
        )
    ]


def ask_field(turn: Turn, desk: DocumentDesk | None, value: str, field: Step) -> list[Reply]:
    """Đơn vị chủ trì / Thời hạn: the next text from this chat is the new value."""
    found = _admin_reviewed(turn, desk, value)
    if isinstance(found, list):
        return found
    view, n = found
    turn.memory = replace(turn.memory, pending=Pending.about(field, view.id).encode())
    ask = texts.DOC_ASK_LEAD if field is Step.LEAD else texts.DOC_ASK_DEADLINE
    return [Reply(title=ask.format(n=n))]


def take_value(turn: Turn, desk: DocumentDesk | None, text: str) -> list[Reply]:
    """The text answering a pending edit: a lead unit's name or a deadline."""
    pending = Pending.parse(turn.memory.pending)
    turn.memory = replace(turn.memory, pending="")
    if pending is None or pending.step not in (Step.LEAD, Step.DUE):
        return [Reply(title=texts.BUTTON_EXPIRED)]
    field, value = pending.step, pending.target
    if desk is None:
        return [Reply(title=texts.ACCESS_ADMIN_ONLY)]
    if not turn.caller.is_admin:
        return _refuse_review(turn, f"assignment:{value[:40]}")
    found = _reviewed(turn, desk, value)
    if found is None:
        return [Reply(title=texts.DOC_NOT_IN_REVIEW)]
    view, n = found
    if field is Step.LEAD:
        lookup = look_up_unit(turn.services, text)
        if lookup.unit is None:
            turn.memory = replace(turn.memory, pending=Pending.about(Step.LEAD, view.id).encode())
            if lookup.suggestions:
                return [
                    Reply(
                        title=texts.DOC_LEAD_PICK.format(
                            names=", ".join(u.name for u in lookup.suggestions)
                        ),
                        buttons=tuple(
                            Button(u.name, callback(CallbackKind.SET_LEAD, view.id, u.key))
                            for u in lookup.suggestions
                        ),
                    )
                ]
            return [Reply(title=texts.DOC_UNKNOWN_LEAD.format(value=text))]
        desk.review.set_lead(view.id, lookup.unit.key)
    else:
        deadline: Deadline | None = None
        if fold(text).strip(" .") not in _NO_DEADLINE:
            document = turn.services.repository.get_document(view.document_id)
            issued = document.issued if document else None
            deadline = parse_deadline(text, issued, desk.calendar)
            if deadline is None:
                turn.memory = replace(
                    turn.memory, pending=Pending.about(Step.DUE, view.id).encode()
                )
                return [Reply(title=texts.DOC_BAD_DEADLINE.format(value=text))]
        desk.review.set_deadline(view.id, deadline)
    log.info("assignment %s %s edited by %s", view.id, field.value, turn.caller.identity)
    return [Reply(title=texts.DOC_EDITED.format(n=n)), preview(turn, desk, view.document_id)]


def set_lead(turn: Turn, desk: DocumentDesk | None, value: str) -> list[Reply]:
    """A unit picked from the suggestions for a lead edit."""
    if desk is None:
        return [Reply(title=texts.BUTTON_EXPIRED)]
    if not turn.caller.is_admin:
        return _refuse_review(turn, f"assignment:{value[:40]}")
    assignment, unit_key = Press(CallbackKind.SET_LEAD, value).pair()
    found = _reviewed(turn, desk, assignment)
    unit = turn.services.registry.get(unit_key)
    if found is None or unit is None:
        return [Reply(title=texts.DOC_NOT_IN_REVIEW)]
    view, n = found
    turn.memory = replace(turn.memory, pending="")
    desk.review.set_lead(view.id, unit.key)
    return [Reply(title=texts.DOC_EDITED.format(n=n)), preview(turn, desk, view.document_id)]


def documents_in_review(turn: Turn, desk: DocumentDesk | None) -> list[Reply]:
    """Every document held for review, each as its preview."""
    if desk is None:
        return []
    return [
        preview(turn, desk, d.id) for d in turn.services.repository.list_documents(status="review")
    ]
