"""Reply lines: deadlines, statuses, citations, an assignment's line, group headers, its detail."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from handlers import texts
from handlers.answering_types import Answer
from handlers.messages import Reply
from handlers.understanding import Intent, Question
from knowledge.storage_types import AssignmentFacts, AssignmentView
from knowledge.units import Unit

# How a long answer's pages are grouped: by document, or (date questions about no one unit)
# by lead unit.
GROUP_BY_DOCUMENT = "document"
GROUP_BY_LEAD = "lead"


def status_words(a: AssignmentView, as_of: date) -> str:
    """The status words: "còn 3 ngày", "quá hạn 5 ngày", "hạn hôm nay", "chưa có hạn"."""
    due = a.deadline.due if a.deadline else None
    if due is None:
        if a.deadline and a.deadline.text:
            return texts.STATUS_NO_DATE_WITH_TEXT.format(text=a.deadline.text)
        return texts.STATUS_NO_DEADLINE
    days = (due - as_of).days
    if days > 0:
        return texts.STATUS_DAYS_LEFT.format(date=due.strftime("%d/%m/%Y"), days=days)
    if days == 0:
        return texts.STATUS_DUE_TODAY.format(date=due.strftime("%d/%m/%Y"))
    return texts.STATUS_OVERDUE.format(date=due.strftime("%d/%m/%Y"), days=-days)


def citation(a: AssignmentView) -> str:
    """Where it comes from: "Thông báo 45/TB-UBND ngày 28/02/2023, mục 5"."""
    return document_citation(a.document_type_name, a.document_number, a.document_issued, a.place)


def document_citation(
    kind: str | None, number: str | None, issued: date | None, place: str = ""
) -> str:
    """ "Thông báo 45/TB-UBND ngày 28/02/2023, mục 5" from a document's kind, number (a blank
    draft number "/TB-UBND" is left out), date and the item's place."""
    shown = number if number and not number.startswith("/") else ""
    name = f"{kind or texts.DOCUMENT_WORD} {shown}".strip()
    if issued:
        name += texts.CITATION_DATE.format(date=issued.strftime("%d/%m/%Y"))
    where = _place_words(place)
    return f"{name}, {where}" if where else name


def _place(a: AssignmentView) -> str:
    """Where in the document: "mục 5", or a table row as the extraction words it."""
    return _place_words(a.place)


def _place_words(place: str) -> str:
    if not place:
        return ""
    return place if place.startswith("bảng") else texts.CITATION_PLACE.format(place=place)


def _short_task(a: AssignmentView) -> str:
    return a.task if len(a.task) <= 160 else a.task[:159].rstrip() + "…"


def _role(a: AssignmentView, units: Sequence[Unit]) -> str:
    """The asker's unit's part ("chủ trì", "phối hợp (chủ trì: …)"), or who leads."""
    keys = {u.key for u in units}
    if keys and keys & set(a.lead_keys):
        return texts.ROLE_LEAD
    if keys and keys & set(a.cooperate_keys):
        return texts.ROLE_COOPERATE_WITH.format(lead=", ".join(a.lead_names) or "?")
    return texts.ROLE_WHO.format(lead=", ".join(a.lead_names) or texts.UNKNOWN_LEAD)


def assignment_line(
    n: int, a: AssignmentView, units: Sequence[Unit], as_of: date, status: str | None = None
) -> str:
    """One scannable line: what, who (and the asker's role), deadline and status, citation.

    `status` replaces the deadline's words (a task reported done).
    """
    return texts.ANSWER_LINE.format(
        n=n,
        task=_short_task(a),
        role=_role(a, units),
        status=status or status_words(a, as_of),
        citation=citation(a),
    )


def _title(
    question: Question, units: Sequence[Unit], count: int, at_least: bool, as_of: date
) -> str:
    names = ", ".join(u.name for u in units)
    if count == 0:
        if units:
            return texts.ANSWER_NONE_FOR_UNIT.format(unit=names)
        if question.intent is Intent.OVERDUE:
            return texts.ANSWER_NONE_OVERDUE.format(date=as_of.strftime("%d/%m/%Y"))
        if "soon" in question.flags and question.due_to is not None:
            end = question.due_to.strftime("%d/%m/%Y")
            return texts.ANSWER_NONE_DUE_SOON.format(date=end)
        if question.due_from or question.due_to:
            return texts.ANSWER_NONE_DUE
        if question.document:
            return texts.ANSWER_NONE_FOR_DOCUMENT.format(document=question.document.upper())
        if "no_cue" in question.flags:
            return texts.ANSWER_OFF_TOPIC  # "thời tiết hôm nay": no task word, nothing found
        return texts.ANSWER_NONE_FOUND
    # a count that stopped at a limit says so: "Hơn 1000"
    shown = texts.COUNT_AT_LEAST.format(count=count) if at_least else str(count)
    if question.intent is Intent.OVERDUE:
        return texts.ANSWER_OVERDUE.format(count=shown, date=as_of.strftime("%d/%m/%Y"))
    if units:
        return texts.ANSWER_FOR_UNIT.format(unit=names, count=shown)
    if question.due_from or question.due_to:
        return texts.ANSWER_DUE.format(count=shown)
    return texts.ANSWER_FOUND.format(count=shown)


def _grouping_kind(question: Question, units: Sequence[object]) -> str:
    if question.intent in (Intent.OVERDUE, Intent.DUE) and not units:
        return GROUP_BY_LEAD
    return GROUP_BY_DOCUMENT


def _group_key(kind: str, a: AssignmentFacts | AssignmentView) -> object:
    return a.lead_names if kind == GROUP_BY_LEAD else a.document_id


def _grouped(kind: str, page: Sequence[AssignmentView]) -> tuple[list[AssignmentView], bool]:
    """The page with each group's lines together, groups in the order of their first line, rank
    (deadline) order kept inside each group; and whether headers are worth showing: only when
    the page's lines fall into at most half as many groups (five lines from five documents
    would only gain five header lines)."""
    if not kind:
        return list(page), False
    order: dict[object, list[AssignmentView]] = {}
    for a in page:
        order.setdefault(_group_key(kind, a), []).append(a)
    if len(order) > math.ceil(len(page) / 2):
        return list(page), False
    return [a for group in order.values() for a in group], True


def group_header(kind: str, a: AssignmentView) -> str:
    """The header a group of lines is shown under: the document, or the lead unit."""
    if kind == GROUP_BY_LEAD:
        if not a.lead_names:
            return texts.GROUP_NO_LEAD
        lead = ", ".join(a.lead_names)
        # names are kept as written, which may start in lower case mid-sentence
        return texts.GROUP_LEAD.format(lead=lead[:1].upper() + lead[1:])
    numbered = a.document_number and not a.document_number.startswith("/")
    if a.document_title and not numbered:
        # "Văn bản" alone would not tell one unnumbered document from another
        title = a.document_title if len(a.document_title) <= 80 else a.document_title[:79] + "…"
        return texts.GROUP_DOCUMENT_TITLED.format(document=_document_name(a), title=title)
    return texts.GROUP_DOCUMENT.format(document=_document_name(a))


def _document_name(a: AssignmentView) -> str:
    """ "Thông báo 45/TB-UBND ngày 28/02/2023": kind, number and date of the document."""
    return document_citation(a.document_type_name, a.document_number, a.document_issued)


def _grouped_line(
    kind: str,
    n: int,
    a: AssignmentView,
    units: Sequence[Unit],
    as_of: date,
    status: str | None = None,
) -> str:
    """A line under a group header: what the header says is not said again."""
    task = _short_task(a)
    status = status or status_words(a, as_of)
    if kind == GROUP_BY_LEAD:
        return texts.GROUPED_LINE_BY_LEAD.format(
            n=n, task=task, status=status, citation=citation(a)
        )
    place = _place(a)
    line = texts.GROUPED_LINE_BY_DOCUMENT.format(
        n=n, task=task, role=_role(a, units), status=status
    )
    return texts.GROUPED_LINE_PLACE.format(line=line, place=place) if place else line


def _list_end(shown: int, total: int, at_least: bool) -> str:
    """What to say when the ids a chat keeps are all shown and more were found."""
    count = texts.COUNT_AT_LEAST_IN_TEXT.format(count=total) if at_least else str(total)
    return texts.ANSWER_LIST_END.format(shown=shown, total=count)


def detail_answer(view: AssignmentView, today: date, question: Question | None = None) -> Answer:
    """The exact quote of one assignment with its units, deadline and citation."""
    lines = [
        texts.DETAIL_LEAD.format(names=", ".join(view.lead_names) or texts.UNKNOWN_LEAD),
    ]
    if view.cooperate_names:
        lines.append(texts.DETAIL_COOPERATE.format(names=", ".join(view.cooperate_names)))
    lines.append(texts.DETAIL_DEADLINE.format(status=status_words(view, today)))
    lines.append(texts.DETAIL_CITATION.format(citation=citation(view)))
    lines.append(texts.DETAIL_QUOTE.format(quote=view.quote))
    reply = Reply(
        title=texts.DETAIL_TITLE.format(id=view.id, task=view.task),
        lines=tuple(lines),
        assignment_ids=(view.id,),
    )
    return Answer(reply, (view,), question, (), 1)
