"""The use cases behind the web pages: the office's review of a document held for review and
the leaders' progress page. Platform-neutral: bot/web renders what these return.

A page acts as a person (the holder of a signed link), through a Turn built for that person,
so the same access rules and audit trail apply as in chat; confirming or discarding on the
page runs the chat's own use cases.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Protocol, runtime_checkable

from handlers import documents, texts
from handlers.answering import deadline_words
from handlers.desks import DocumentDesk, ReportDesk
from handlers.turn import Turn
from handlers.units import look_up_unit
from knowledge.deadlines import parse_deadline
from knowledge.domain import Deadline
from knowledge.reports import Report
from knowledge.repository import AssignmentView, DocumentView, StorageError
from knowledge.review import ReviewError
from knowledge.text import clean_text, fold

log = logging.getLogger(__name__)

# What one form may carry: a task is a few sentences, a unit's name a few words.
TASK_MAX_CHARS = 4000
NAME_MAX_CHARS = 300
UNITS_MAX = 30


@runtime_checkable
class ReviewEdits(Protocol):
    """The review page's edits (knowledge.review.SqlReviewEdits)."""

    def set_lead(self, assignment_id: int, unit_key: str) -> None:
        """Make the unit the assignment's one lead."""
        ...

    def set_deadline(self, assignment_id: int, deadline: Deadline | None) -> None:
        """Replace the assignment's deadline."""
        ...

    def assignment_ids(self, document_id: int) -> list[int]:
        """The document's assignments in order."""
        ...

    def discard(self, document_id: int) -> bool:
        """Delete a document held for review."""
        ...

    def set_units(
        self, assignment_id: int, lead_keys: Sequence[str], cooperate_keys: Sequence[str]
    ) -> None:
        """Replace both unit lists."""
        ...

    def set_task(self, assignment_id: int, task: str) -> None:
        """Replace the task text."""
        ...

    def add_assignment(
        self,
        document_id: int,
        task: str,
        lead_keys: Sequence[str],
        cooperate_keys: Sequence[str] = (),
    ) -> int:
        """Add a task at the end; its id."""
        ...

    def remove_assignment(self, assignment_id: int) -> None:
        """Delete a task."""
        ...


@dataclass(frozen=True)
class Outcome:
    """What an action on a page did: a Vietnamese sentence, and whether it worked."""

    ok: bool
    message: str
    finished: bool = False  # the document left review (confirmed or discarded)


@dataclass(frozen=True)
class Refusal:
    """The page is not for this person (audited), or not there."""

    message: str
    status: int = 403


@dataclass(frozen=True)
class Choice:
    """A value and its label, for a select or a datalist."""

    value: str
    label: str


@dataclass(frozen=True)
class TaskCard:
    """One task as the review page shows and edits it."""

    id: int
    n: int
    place: str
    task: str
    quote: str
    leads: tuple[str, ...]
    cooperates: tuple[str, ...]
    due: date | None
    words: str  # the recurring rule or the deadline in words ("" when a plain date)
    deadline_now: str
    unregistered: tuple[str, ...]  # names on this task not in the units file


@dataclass(frozen=True)
class ReviewPage:
    """A document held for review: its text beside its tasks, and what the forms offer."""

    document: DocumentView
    heading: str
    text: str
    tasks: tuple[TaskCard, ...]
    unit_names: tuple[str, ...]  # registered units, for suggestions
    unregistered: tuple[Choice, ...]  # unregistered units named in this document
    registered: tuple[Choice, ...]  # where they may be mapped


@dataclass(frozen=True)
class TaskForm:
    """What the task form sent, as typed."""

    task: str
    leads: tuple[str, ...]
    cooperates: tuple[str, ...]
    due: str  # yyyy-mm-dd from the date picker, or ""
    words: str


# --- the review page ------------------------------------------------------------------------


def _heading(document: DocumentView) -> str:
    return texts.WEB_REVIEW_HEADING.format(
        kind=document.doc_type_name or texts.DOCUMENT_WORD,
        number=document.number or "",
        date=document.issued.strftime("%d/%m/%Y") if document.issued else "…",
    )


def _refuse_review(turn: Turn, document_id: int) -> Refusal:
    turn.audit(
        "review_document",
        accepted=False,
        target=f"document:{document_id}",
        refusal="not_office_admin",
        detail={"via": "web"},
    )
    return Refusal(texts.WEB_NOT_ALLOWED)


def _held(turn: Turn, document_id: int) -> DocumentView | None:
    document = turn.services.repository.get_document(document_id)
    return document if document is not None and document.status == "review" else None


def _stored_words(view: AssignmentView) -> str:
    if view.recurrence is not None:
        return view.recurrence.text
    deadline = view.deadline
    if deadline is not None and deadline.due is None and deadline.text:
        return deadline.text
    return ""


def review_page(turn: Turn, desk: DocumentDesk, document_id: int) -> ReviewPage | Refusal:
    """The review page of a document held for review, for an office admin."""
    if not turn.caller.is_admin:
        return _refuse_review(turn, document_id)
    document = _held(turn, document_id)
    if document is None:
        return Refusal(texts.WEB_DOCUMENT_GONE, 404)
    repository = turn.services.repository
    ids = desk.review.assignment_ids(document_id)
    by_id = {v.id: v for v in repository.get_assignments(ids)}
    units = repository.list_units(include_unregistered=True)
    registered_names = {u.name for u in units if u.registered}
    unregistered_keys = {u.key for u in units if not u.registered}
    cards: list[TaskCard] = []
    named_unregistered: dict[str, str] = {}
    for n, assignment_id in enumerate(ids, start=1):
        view = by_id.get(assignment_id)
        if view is None:
            continue
        strangers = []
        for key, name in zip(
            view.lead_keys + view.cooperate_keys,
            view.lead_names + view.cooperate_names,
            strict=False,
        ):
            if key in unregistered_keys:
                strangers.append(name)
                named_unregistered[key] = name
        cards.append(
            TaskCard(
                id=view.id,
                n=n,
                place=view.place,
                task=view.task,
                quote=view.quote,
                leads=view.lead_names,
                cooperates=view.cooperate_names,
                due=view.deadline.due if view.deadline else None,
                words=_stored_words(view),
                deadline_now=deadline_words(view.deadline, view.recurrence),
                unregistered=tuple(strangers),
            )
        )
    turn.audit("open_review_page", accepted=True, target=f"document:{document_id}")
    return ReviewPage(
        document=document,
        heading=_heading(document),
        text=repository.document_text(document_id) or "",
        tasks=tuple(cards),
        unit_names=tuple(sorted(registered_names, key=fold)),
        unregistered=tuple(
            Choice(k, v) for k, v in sorted(named_unregistered.items(), key=lambda i: fold(i[1]))
        ),
        registered=tuple(
            Choice(u.key, u.name)
            for u in sorted((u for u in units if u.registered), key=lambda u: fold(u.name))
        ),
    )


def _known_names(turn: Turn, view: AssignmentView | None) -> dict[str, str]:
    """Folded names the page itself showed -> unit keys: the task's units as the document
    wrote them, and every stored unit's name (one registered since the bot started too)."""
    known = {
        fold(u.name): u.key for u in turn.services.repository.list_units(include_unregistered=True)
    }
    if view is not None:
        names = view.lead_names + view.cooperate_names
        keys = view.lead_keys + view.cooperate_keys
        known.update((fold(n), k) for n, k in zip(names, keys, strict=False))
    return known


def _unit_keys(
    turn: Turn, names: Sequence[str], known: dict[str, str] | None = None
) -> list[str] | str:
    """The unit keys the typed names mean, or a Vietnamese reason why not."""
    known = known or {}
    typed = [" ".join(clean_text(n).split()) for n in names]
    typed = [n for n in typed if n]
    if len(typed) > UNITS_MAX:
        return texts.WEB_TOO_MANY_UNITS.format(limit=UNITS_MAX)
    keys: list[str] = []
    for name in typed:
        if len(name) > NAME_MAX_CHARS:
            return texts.WEB_TOO_LONG.format(field=texts.WEB_FIELD_LEAD, limit=NAME_MAX_CHARS)
        shown = known.get(fold(name))
        if shown is not None:
            if shown not in keys:
                keys.append(shown)
            continue
        lookup = look_up_unit(turn.services, name)
        if lookup.unit is None:
            if lookup.suggestions:
                return texts.WEB_UNKNOWN_UNIT_SUGGEST.format(
                    name=name, names=", ".join(u.name for u in lookup.suggestions)
                )
            return texts.WEB_UNKNOWN_UNIT.format(name=name)
        if lookup.unit.key not in keys:
            keys.append(lookup.unit.key)
    return keys


class _Same(Enum):
    UNCHANGED = 0


def _deadline(
    desk: DocumentDesk, form: TaskForm, view: AssignmentView | None, issued: date | None
) -> Deadline | _Same | str | None:
    """The deadline the form asks for: a Deadline, None (no deadline), _UNCHANGED, or a
    Vietnamese reason (str) it cannot be read."""
    words = " ".join(clean_text(form.words).split())
    due_text = form.due.strip()
    due: date | None = None
    if due_text:
        try:
            due = date.fromisoformat(due_text)
        except ValueError:
            return texts.WEB_BAD_DATE.format(value=due_text[:40])
    if view is not None:
        stored_due = view.deadline.due if view.deadline else None
        if words == _stored_words(view) and due == stored_due:
            return _Same.UNCHANGED
    if words:
        if len(words) > NAME_MAX_CHARS:
            return texts.WEB_TOO_LONG.format(field=texts.WEB_FIELD_WORDS, limit=NAME_MAX_CHARS)
        parsed = parse_deadline(words, issued, desk.calendar)
        if parsed is None:
            return texts.WEB_BAD_WORDS.format(value=words)
        return parsed
    if due is not None:
        return Deadline(due=due, text=None)
    return None


def _task_text(form: TaskForm) -> str:
    return " ".join(clean_text(form.task).split())


def _reviewed(turn: Turn, desk: DocumentDesk, assignment_id: int) -> tuple[AssignmentView, int]:
    view = turn.services.repository.get_assignment(assignment_id)
    if view is None or view.document_status != "review":
        raise ReviewError(f"assignment {assignment_id}")
    ids = desk.review.assignment_ids(view.document_id)
    if view.id not in ids:
        raise ReviewError(f"assignment {assignment_id}")
    return view, ids.index(view.id) + 1


def _edits(desk: DocumentDesk) -> ReviewEdits | None:
    review = desk.review
    return review if isinstance(review, ReviewEdits) else None


def save_task(
    turn: Turn, desk: DocumentDesk, document_id: int, assignment_id: int, form: TaskForm
) -> Outcome | Refusal:
    """Save one task's edits (text, units, deadline), all or nothing checked first."""
    if not turn.caller.is_admin:
        return _refuse_review(turn, document_id)
    edits = _edits(desk)
    try:
        view, n = _reviewed(turn, desk, assignment_id)
    except ReviewError:
        return Outcome(False, texts.WEB_NO_SUCH_TASK)
    if edits is None or view.document_id != document_id:
        return Outcome(False, texts.WEB_NO_SUCH_TASK)
    task = _task_text(form)
    if not task:
        return Outcome(False, texts.WEB_EMPTY_TASK)
    if len(task) > TASK_MAX_CHARS:
        return Outcome(
            False, texts.WEB_TOO_LONG.format(field=texts.WEB_FIELD_TASK, limit=TASK_MAX_CHARS)
        )
    known = _known_names(turn, view)
    leads = _unit_keys(turn, form.leads, known)
    if isinstance(leads, str):
        return Outcome(False, leads)
    cooperates = _unit_keys(turn, form.cooperates, known)
    if isinstance(cooperates, str):
        return Outcome(False, cooperates)
    issued = view.document_issued
    deadline = _deadline(desk, form, view, issued)
    if isinstance(deadline, str):
        return Outcome(False, deadline)
    changed: list[str] = []
    try:
        if task != view.task:
            edits.set_task(view.id, task)
            changed.append("task")
        if tuple(leads) != view.lead_keys or tuple(cooperates) != view.cooperate_keys:
            edits.set_units(view.id, leads, cooperates)
            changed.append("units")
        if deadline is not _Same.UNCHANGED:
            edits.set_deadline(view.id, deadline)
            changed.append("deadline")
    except ReviewError:
        return Outcome(False, texts.WEB_NO_SUCH_TASK)
    log.info("assignment %s edited on the web by %s: %s", view.id, turn.caller.identity, changed)
    turn.audit(
        "edit_assignment",
        accepted=True,
        target=f"assignment:{view.id}",
        detail={"via": "web", "fields": changed},
    )
    return Outcome(True, texts.WEB_SAVED.format(n=n))


def add_task(
    turn: Turn, desk: DocumentDesk, document_id: int, form: TaskForm
) -> Outcome | Refusal:
    """Add a task the extraction missed."""
    if not turn.caller.is_admin:
        return _refuse_review(turn, document_id)
    edits = _edits(desk)
    document = _held(turn, document_id)
    if edits is None or document is None:
        return Outcome(False, texts.WEB_DOCUMENT_GONE)
    task = _task_text(form)
    if not task:
        return Outcome(False, texts.WEB_EMPTY_TASK)
    if len(task) > TASK_MAX_CHARS:
        return Outcome(
            False, texts.WEB_TOO_LONG.format(field=texts.WEB_FIELD_TASK, limit=TASK_MAX_CHARS)
        )
    known = _known_names(turn, None)
    leads = _unit_keys(turn, form.leads, known)
    if isinstance(leads, str):
        return Outcome(False, leads)
    cooperates = _unit_keys(turn, form.cooperates, known)
    if isinstance(cooperates, str):
        return Outcome(False, cooperates)
    deadline = _deadline(desk, form, None, document.issued)
    if isinstance(deadline, str):
        return Outcome(False, deadline)
    try:
        assignment_id = edits.add_assignment(document_id, task, leads, cooperates)
        if isinstance(deadline, Deadline):
            edits.set_deadline(assignment_id, deadline)
    except ReviewError:
        return Outcome(False, texts.WEB_DOCUMENT_GONE)
    n = len(desk.review.assignment_ids(document_id))
    turn.audit(
        "add_assignment",
        accepted=True,
        target=f"assignment:{assignment_id}",
        detail={"via": "web", "document": document_id},
    )
    return Outcome(True, texts.WEB_ADDED.format(n=n))


def remove_task(
    turn: Turn, desk: DocumentDesk, document_id: int, assignment_id: int
) -> Outcome | Refusal:
    """Remove a task that is no task."""
    if not turn.caller.is_admin:
        return _refuse_review(turn, document_id)
    edits = _edits(desk)
    try:
        view, n = _reviewed(turn, desk, assignment_id)
        if edits is None or view.document_id != document_id:
            raise ReviewError(str(assignment_id))
        edits.remove_assignment(view.id)
    except ReviewError:
        return Outcome(False, texts.WEB_NO_SUCH_TASK)
    turn.audit(
        "remove_assignment",
        accepted=True,
        target=f"assignment:{assignment_id}",
        detail={"via": "web", "document": document_id, "task": view.task[:200]},
    )
    return Outcome(True, texts.WEB_REMOVED.format(n=n))


def map_unit(
    turn: Turn, desk: DocumentDesk, document_id: int, unregistered_key: str, unit_key: str
) -> Outcome | Refusal:
    """An unregistered name is a registered unit: it becomes that unit's alias (merged)."""
    if not turn.caller.is_admin:
        return _refuse_review(turn, document_id)
    repository = turn.services.repository
    units = {u.key: u for u in repository.list_units(include_unregistered=True)}
    source, target = units.get(unregistered_key), units.get(unit_key)
    if source is None or source.registered or target is None or not target.registered:
        return Outcome(False, texts.WEB_MAP_FAILED.format(detail=texts.WEB_MAP_CHOOSE))
    try:
        repository.add_alias(target.key, source.name)
    except StorageError as exc:
        return Outcome(False, texts.WEB_MAP_FAILED.format(detail=exc.detail or exc.problem.value))
    turn.audit(
        "map_unit",
        accepted=True,
        target=f"unit:{source.key}",
        detail={"via": "web", "into": target.key, "document": document_id},
    )
    return Outcome(True, texts.WEB_MAPPED.format(name=source.name, unit=target.name))


def finish(turn: Turn, desk: DocumentDesk, document_id: int, confirm: bool) -> Outcome | Refusal:
    """Xác nhận / Hủy: exactly the chat's buttons (the same checks, log and audit rows)."""
    if not turn.caller.is_admin:
        return _refuse_review(turn, document_id)
    use = documents.confirm if confirm else documents.discard
    replies = use(turn, desk, str(document_id))
    title = replies[0].title if replies else texts.WEB_FAILED
    ok = title not in (texts.DOC_NOT_IN_REVIEW, texts.BUTTON_EXPIRED)
    return Outcome(ok, title, finished=ok)


# --- the progress page ------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgressFilters:
    """What the leaders' page is filtered by."""

    start: date | None = None
    end: date | None = None
    unit_key: str | None = None
    document_id: int | None = None


@dataclass(frozen=True)
class ProgressPage:
    """The leaders' page: the report over the filters, and what the filters offer."""

    report: Report
    filters: ProgressFilters
    notes: tuple[str, ...]
    units: tuple[Choice, ...]
    documents: tuple[Choice, ...]
    own_unit: str | None  # a unit member sees only their own unit's work


def _day(value: str, notes: list[str]) -> date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        notes.append(texts.WEB_BAD_FILTER_DATE.format(value=clean_text(value)[:40]))
        return None


def read_filters(raw: Mapping[str, str]) -> tuple[ProgressFilters, list[str]]:
    """The filters from the page's query (tu, den, donvi, vanban); notes on what was ignored."""
    notes: list[str] = []
    start = _day(raw.get("tu", ""), notes)
    end = _day(raw.get("den", ""), notes)
    if start and end and start > end:
        start, end = end, start
        notes.append(texts.WEB_BAD_FILTER_PERIOD)
    unit = clean_text(raw.get("donvi", "")).strip()[:NAME_MAX_CHARS] or None
    document = raw.get("vanban", "").strip()
    document_id = int(document) if document.isdigit() and len(document) < 10 else None
    return ProgressFilters(start, end, unit, document_id), notes


def _progress_access(turn: Turn, filters: ProgressFilters) -> ProgressFilters | Refusal:
    caller = turn.caller
    if caller.is_leader:
        return filters
    if caller.unit_key is not None:
        # a unit's own people see their unit's progress, never another's
        return ProgressFilters(filters.start, filters.end, caller.unit_key, filters.document_id)
    turn.audit("see_progress", accepted=False, refusal="not_leader", detail={"via": "web"})
    return Refusal(texts.WEB_NOT_ALLOWED)


def progress_report(
    turn: Turn, desk: ReportDesk, filters: ProgressFilters
) -> tuple[Report, ProgressFilters] | Refusal:
    """The report the page (or its Excel download) shows, as far as the caller may see."""
    allowed = _progress_access(turn, filters)
    if isinstance(allowed, Refusal):
        return allowed
    repository = turn.services.repository
    unit_key = allowed.unit_key
    if unit_key is not None and not any(
        u.key == unit_key for u in repository.list_units(include_unregistered=True)
    ):
        unit_key = None
    document_ids = None
    if allowed.document_id is not None:
        document = repository.get_document(allowed.document_id)
        if document is not None and document.status == "live":
            document_ids = [document.id]
    kept = ProgressFilters(
        allowed.start, allowed.end, unit_key, document_ids[0] if document_ids else None
    )
    report = desk.build(
        turn.today,
        start=kept.start,
        end=kept.end,
        unit_key=kept.unit_key,
        document_ids=document_ids,
    )
    return report, kept


def progress_page(
    turn: Turn, desk: ReportDesk, filters: ProgressFilters, notes: Sequence[str] = ()
) -> ProgressPage | Refusal:
    """The leaders' page over the filters."""
    built = progress_report(turn, desk, filters)
    if isinstance(built, Refusal):
        return built
    report, kept = built
    repository = turn.services.repository
    own = None
    if not turn.caller.is_leader and kept.unit_key is not None:
        unit = turn.services.registry.get(kept.unit_key)
        own = unit.name if unit else kept.unit_key
    units = tuple(
        Choice(u.key, u.name)
        for u in sorted(
            repository.list_units(include_unregistered=False), key=lambda u: fold(u.name)
        )
        if u.lead_count and (own is None or u.key == kept.unit_key)
    )
    documents_live = tuple(
        Choice(str(d.id), f"{d.doc_type_name or texts.DOCUMENT_WORD} {d.number or ''}".strip())
        for d in repository.list_documents(status="live")
    )
    turn.audit("open_progress_page", accepted=True, detail={"via": "web"})
    return ProgressPage(report, kept, tuple(notes), units, documents_live, own)
