"""Progress for leaders in chat: "tiến độ thông báo 45", "đơn vị nào chậm?", /baocao; and units
updating progress by text ("/capnhat 12 xong", "việc 12 đã hoàn thành theo báo cáo số 30/BC-NV",
"xin gia hạn việc 12 đến 20/3")."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from datetime import date

from handlers import texts
from handlers.answering import document_assignments, document_citation
from handlers.desks import ReportDesk
from handlers.messages import ChatKind, Reply, ReplyFile
from handlers.progress import record_text_update
from handlers.progress_asks import PROGRESS_ASK, SLOWEST, asks_progress
from handlers.turn import Turn
from handlers.understanding import parse_question
from knowledge.progress import STATUS_ORDER
from knowledge.reports import Report
from knowledge.text import fold

log = logging.getLogger(__name__)

WORST_SHOWN = 5
UNITS_SHOWN = 5


# --- reading progress phrases (on folded text) ---------------------------------------------

# The questions' patterns live in handlers.progress_asks, which `giaoviec ask` loads alone.
_PROGRESS_ASK = PROGRESS_ASK
_SLOWEST = SLOWEST
_DONE_TEXT = re.compile(
    r"^(?:bao cao\s+)?(?:viec|nhiem vu)?\s*#?(?P<id>\d+)\s+(?:da\s+)?(?:hoan thanh|xong)\b"
    r"(?P<rest>.*)$"
)
_DONE_SHORT = re.compile(r"^(?:xong|hoan thanh)\s+(?:viec\s+)?#?(?P<id>\d+)\b(?P<rest>.*)$")
_DOING_TEXT = re.compile(
    r"^(?:viec|nhiem vu)?\s*#?(?P<id>\d+)\s+(?:dang thuc hien|dang lam)\b(?P<rest>.*)$"
)
_BLOCKED_TEXT = re.compile(
    r"^(?:viec|nhiem vu)?\s*#?(?P<id>\d+)\s+(?:gap\s+)?(?:vuong mac|kho khan)\b(?P<rest>.*)$"
)
_EXTEND_TEXT = re.compile(
    r"^xin\s+gia\s+han\s+(?:viec|nhiem vu)?\s*#?(?P<id>\d+)\s+(?:den|toi|sang)?\s*(?P<rest>.*)$"
)
_EVIDENCE = re.compile(r"(?:theo|tai)\s+(?:bao cao|van ban|cong van)?\s*(?:so)?\s*(\S+/\S+)")
_PERCENT = re.compile(r"(\d{1,3})\s*%")

_CAPNHAT_WORDS = {
    "xong": "done",
    "hoanthanh": "done",
    "hoan thanh": "done",
    "dang": "doing",
    "dangthuchien": "doing",
    "dang thuc hien": "doing",
    "dang lam": "doing",
    "vuongmac": "blocked",
    "vuong mac": "blocked",
    "khokhan": "blocked",
    "giahan": "extend",
    "gia han": "extend",
}


@dataclass(frozen=True)
class TextUpdate:
    """A progress update typed in words."""

    kind: str  # "done", "doing", "blocked", "extend"
    assignment_id: int
    rest: str  # the words after it, as typed (with diacritics)


def _original_tail(text: str, folded: str, folded_rest: str) -> str:
    """The part of `text` that `folded_rest` (a suffix of `folded`) came from."""
    if not folded_rest.strip():
        return ""
    # folding keeps one character per character for Vietnamese letters: cut at the same place
    cut = len(folded) - len(folded_rest)
    return text[cut:].strip() if len(text) == len(folded) else folded_rest.strip()


def read_text_update(text: str) -> TextUpdate | None:
    """ "việc 12 đã hoàn thành theo ...", "xong 12", "xin gia hạn việc 12 đến 20/3"; else None."""
    clean = text.strip()
    folded = fold(clean)
    for kind, pattern in (
        ("done", _DONE_TEXT),
        ("done", _DONE_SHORT),
        ("doing", _DOING_TEXT),
        ("blocked", _BLOCKED_TEXT),
        ("extend", _EXTEND_TEXT),
    ):
        m = pattern.match(folded)
        if m:
            rest = _original_tail(clean, folded, m.group("rest"))
            return TextUpdate(kind, int(m.group("id")), rest)
    return None


def read_capnhat(args: str) -> TextUpdate | None:
    """ "/capnhat 12 xong theo báo cáo số 30/BC-NV": id, what, and the rest."""
    m = re.match(r"#?(\d+)\s+(.*)$", args.strip(), re.DOTALL)
    if m is None:
        return None
    tail = m.group(2)
    folded = fold(tail)
    for word in sorted(_CAPNHAT_WORDS, key=len, reverse=True):
        if folded == word or folded.startswith(word + " "):
            rest = tail[len(word) :].strip() if len(tail) == len(folded) else folded[len(word) :]
            return TextUpdate(_CAPNHAT_WORDS[word], int(m.group(1)), rest.strip())
    return None


# --- use cases --------------------------------------------------------------------------------


def update_by_text(turn: Turn, update: TextUpdate) -> list[Reply]:
    """Record a progress update typed in words (the same rules as the buttons)."""
    folded = fold(update.rest)
    evidence = _EVIDENCE.search(folded)
    evidence_number = None
    if evidence is not None:
        start, end = evidence.span(1)
        evidence_number = update.rest[start:end] if len(update.rest) == len(folded) else None
        evidence_number = evidence_number or evidence.group(1).upper()
    percent_match = _PERCENT.search(update.rest)
    return record_text_update(
        turn,
        turn.progress,
        update.kind,
        update.assignment_id,
        note=update.rest,
        evidence_number=evidence_number,
        percent=int(percent_match.group(1)) if percent_match else None,
    )


def capnhat(turn: Turn, args: str) -> list[Reply]:
    """/capnhat <mã việc> <xong|dang|vuongmac|giahan> [ghi chú]."""
    update = read_capnhat(args)
    if update is None:
        return [Reply(title=texts.CAPNHAT_USAGE)]
    return update_by_text(turn, update)


@dataclass(frozen=True)
class _Scope:
    words: str  # how the reply names it
    start: date | None = None
    end: date | None = None
    unit_key: str | None = None
    document_ids: list[int] | None = None


def _scope(turn: Turn, rest: str) -> _Scope | str:
    """What "tiến độ <rest>" covers, or a Vietnamese reason it covers nothing."""
    rest = rest.strip(" ?.!")
    if not rest:
        own = turn.caller.unit_key
        if own is not None and not turn.caller.is_leader:
            unit = turn.services.registry.get(own)
            return _Scope(unit.name if unit else own, unit_key=own)
        return _Scope(texts.PROGRESS_SCOPE_ALL)
    question = parse_question(rest, turn.today)
    if question.document is not None:
        # the same documents an answer about "thông báo 45" reads
        facts = document_assignments(question.document, turn.services) or []
        ids = sorted(
            {
                a.document_id
                for a in facts
                if question.doc_type is None or a.document_type == question.doc_type
            }
        )
        found = [d for d in map(turn.services.repository.get_document, ids) if d is not None]
        if not found:
            return texts.PROGRESS_NO_DOCUMENT.format(document=rest)
        names = ", ".join(sorted({f"{d.doc_type_name or ''} {d.number}".strip() for d in found}))
        return _Scope(names, document_ids=[d.id for d in found])
    if question.doc_type is not None and not question.units:
        typed = turn.services.repository.list_documents(status="live", doc_type=question.doc_type)
        if not typed:
            return texts.PROGRESS_NO_DOCUMENT.format(document=rest)
        kind = typed[0].doc_type_name or rest
        return _Scope(
            texts.PROGRESS_SCOPE_TYPE.format(kind=kind, count=len(typed)),
            document_ids=[d.id for d in typed],
        )
    if question.units:
        match = turn.services.registry.resolve(question.units[0], cutoff=86)
        if match is None:
            return texts.ANSWER_UNKNOWN_UNIT.format(name=rest)
        return _Scope(match.unit.name, unit_key=match.unit.key)
    if question.due_from or question.due_to:
        start, end = question.due_from, question.due_to
        words = texts.PROGRESS_SCOPE_PERIOD.format(
            start=start.strftime("%d/%m/%Y") if start else "…",
            end=end.strftime("%d/%m/%Y") if end else "…",
        )
        return _Scope(words, start=start, end=end)
    return texts.PROGRESS_SCOPE_UNKNOWN.format(value=rest)


def _may_see(turn: Turn, scope: _Scope) -> bool:
    """Leaders and the office see everything; a unit sees its own progress."""
    if turn.caller.is_leader:
        return True
    return scope.unit_key is not None and scope.unit_key == turn.caller.unit_key


def progress_answer(turn: Turn, desk: ReportDesk | None, text: str) -> list[Reply]:
    """ "tiến độ thông báo 45", "tiến độ Phòng Nội vụ", "tổng hợp tháng 3", "đơn vị nào chậm?"."""
    if desk is None:
        return [Reply(title=texts.PROGRESS_NOT_HERE)]
    folded = fold(text).strip(" ?.!")
    if _SLOWEST.search(folded):
        if not turn.caller.is_leader:
            return turn.refuse("see_progress", "not_leader", texts.PROGRESS_LEADERS_ONLY)
        return [_slowest(desk.build(turn.today), turn)]
    m = _PROGRESS_ASK.match(folded)
    rest = _original_tail(text.strip(" ?.!"), folded, m.group("rest")) if m else ""
    scope = _scope(turn, rest)
    if isinstance(scope, str):
        return [Reply(title=scope)]
    if not _may_see(turn, scope):
        return turn.refuse(
            "see_progress", "not_leader", texts.PROGRESS_LEADERS_ONLY, target=scope.words[:200]
        )
    report = _report(desk, turn, scope)
    return [_with_page_link(turn, _summary(report, scope.words, turn))]


def _with_page_link(turn: Turn, reply: Reply) -> Reply:
    """The reply with the progress page's signed link under it, when there are web pages."""
    url = None
    if turn.pages is not None and turn.message.chat.kind is ChatKind.PRIVATE:
        # a link acts as the person it was made for: never shown where others read it
        url = turn.pages.progress(turn.caller)
    if not url:
        return reply
    line = texts.WEB_PROGRESS_LINK.format(url=url)
    return replace(reply, footer=f"{reply.footer}\n{line}" if reply.footer else line)


def _report(desk: ReportDesk, turn: Turn, scope: _Scope) -> Report:
    """The report over what `scope` covers, as of today."""
    return desk.build(
        turn.today,
        start=scope.start,
        end=scope.end,
        unit_key=scope.unit_key,
        document_ids=scope.document_ids,
    )


def _summary(report: Report, words: str, turn: Turn) -> Reply:
    totals = report.totals
    lines = [
        texts.PROGRESS_COUNT_LINE.format(label=texts.STATUS_LABELS[s.value], count=totals.get(s))
        for s in STATUS_ORDER
        if totals.get(s)
    ]
    if report.overdue:
        lines.append(texts.PROGRESS_WORST_HEAD)
        for n, row in enumerate(report.overdue[:WORST_SHOWN], start=1):
            lines.append(
                texts.PROGRESS_WORST_LINE.format(
                    n=n,
                    lead=", ".join(row.lead_names) or texts.UNKNOWN_LEAD,
                    task=row.task if len(row.task) <= 100 else row.task[:99].rstrip() + "…",
                    late=texts.late_words(row.days_overdue),
                    citation=document_citation(
                        row.document_type_name, row.document_number, row.document_issued, row.place
                    ),
                    id=row.assignment_id,
                )
            )
    if not totals.total:
        return Reply(title=texts.PROGRESS_NOTHING.format(scope=words))
    return Reply(
        title=texts.PROGRESS_TITLE.format(
            scope=words, date=turn.today.strftime("%d/%m/%Y"), total=totals.total
        ),
        lines=tuple(lines),
        footer=texts.PROGRESS_FOOTER if turn.caller.is_leader else "",
    )


def _slowest(report: Report, turn: Turn) -> Reply:
    late = [u for u in report.by_unit if u.overdue]
    if not late:
        return Reply(
            title=texts.PROGRESS_NO_LATE_UNIT.format(date=turn.today.strftime("%d/%m/%Y"))
        )
    worst_days: dict[str, int] = {}
    for row in report.overdue:
        for key in row.lead_keys:
            worst_days[key] = max(worst_days.get(key, 0), row.days_overdue)
    late.sort(key=lambda u: (-u.overdue, -worst_days.get(u.unit_key, 0), u.unit_name))
    lines = tuple(
        texts.PROGRESS_UNIT_LINE.format(
            n=n,
            unit=u.unit_name,
            overdue=u.overdue,
            total=u.total,
            worst=texts.late_words(worst_days.get(u.unit_key, 0)),
        )
        for n, u in enumerate(late[:UNITS_SHOWN], start=1)
    )
    return Reply(
        title=texts.PROGRESS_SLOWEST_TITLE.format(date=turn.today.strftime("%d/%m/%Y")),
        lines=lines,
    )


def baocao(turn: Turn, desk: ReportDesk | None, args: str) -> list[Reply]:
    """/baocao [phạm vi]: the Excel workbook and the chart, for leaders and the office."""
    if desk is None:
        return [Reply(title=texts.PROGRESS_NOT_HERE)]
    if not turn.caller.is_leader:
        return turn.refuse("report_file", "not_leader", texts.PROGRESS_LEADERS_ONLY)
    scope = _scope(turn, args)
    if isinstance(scope, str):
        return [Reply(title=scope)]
    if desk.files is not None:
        made = desk.files(
            turn.today,
            start=scope.start,
            end=scope.end,
            unit_key=scope.unit_key,
            document_ids=scope.document_ids,
        )
        report, xlsx, png = made.report, made.xlsx, made.chart
    else:
        report = _report(desk, turn, scope)
        xlsx, png = desk.xlsx(report), desk.chart(report)
    stamp = turn.today.strftime("%Y%m%d")
    summary = _summary(report, scope.words, turn)
    workbook = ReplyFile(
        f"tien-do-{stamp}.xlsx",
        xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    chart = ReplyFile(f"tien-do-{stamp}.png", png, "image/png")
    log.info("report of %s rows sent to %s", report.totals.total, turn.caller.identity)
    return [
        _with_page_link(turn, replace(summary, footer="")),
        Reply(title=texts.REPORT_FILE_CAPTION, file=workbook),
        Reply(title=texts.REPORT_CHART_CAPTION, file=chart),
    ]


__all__ = [
    "ReportDesk",
    "asks_progress",
    "baocao",
    "capnhat",
    "progress_answer",
    "read_capnhat",
    "read_text_update",
    "update_by_text",
]
