"""Deadlines a task takes from elsewhere in the text: the period a list of tasks is announced
for ("Nhiệm vụ trọng tâm tháng 9/2020:"), or a sentence that only says by when."""

from __future__ import annotations

import re
from dataclasses import replace

from knowledge.deadlines import find_deadline, parse_deadline
from knowledge.domain import Deadline, ExtractedAssignment
from knowledge.extraction_clauses import _Context
from knowledge.extraction_formulas import GENERIC_TASK
from knowledge.text import fold

# What announces the tasks of a period: "Nhiệm vụ trọng tâm tháng 9/2020", "một số nhiệm vụ
# cần tập trung thực hiện trong tháng 9/2020:", "Chương trình công tác quý IV".
_ANNOUNCES_PERIOD = re.compile(
    r"\b(?:nhiệm vụ|công việc|chương trình công tác|phương hướng|kế hoạch công tác)\b",
    re.IGNORECASE,
)
# "Kết quả tháng 8 và nhiệm vụ tháng 9": two periods, the heading of a report
_RESULTS = re.compile(r"\bkết quả\b", re.IGNORECASE)
_HEADING_WORDS = 15
_CUED = re.compile(r"^\s*(?:trước|chậm nhất|hoàn thành|xong)\b", re.IGNORECASE)


def period_frame(text: str, ctx: _Context) -> Deadline | None:
    """The period a line announcing tasks sets for them (a month, a quarter, a year, or a
    date after "trước"), or None: a meeting's own date ("họp ngày 17/8") is no frame."""
    if not _ANNOUNCES_PERIOD.search(text) or _RESULTS.search(text):
        return None
    deadline = find_deadline(text, ctx.issued, ctx.calendar)
    if deadline is None and len(text.split()) <= _HEADING_WORDS:
        # a heading names its period without a cue: "Nhiệm vụ trọng tâm tháng 9/2020:"
        deadline = parse_deadline(text, ctx.issued, ctx.calendar)
    if deadline is None or deadline.due is None or deadline.recurrence is not None:
        return None
    if deadline.start is None and not _CUED.match(deadline.text or ""):
        return None
    return deadline


def _dates_the_task_before(
    a: ExtractedAssignment, task: str, deadline_text: str, ctx: _Context
) -> bool:
    """ "Đề nghị các trường rà soát ... Các đơn vị thực hiện trước ngày 24/3/2016.": a sentence
    that only says by when to do it dates the tasks just asked of the same units (or of the
    units a bare group refers back to), instead of being a task of its own."""
    rest = fold(task).replace(fold(deadline_text), " ")
    rest = re.sub(r"\bxong\b", " ", rest).strip(" ./,;")
    if not GENERIC_TASK.match(rest):
        return False
    undated = 0
    while undated < len(ctx.out) and _undated(ctx.out[-1 - undated]):
        undated += 1
    if not undated:
        return False
    last = ctx.out[-1]
    if a.lead != last.lead and not all(_BARE_GROUP.match(fold(n)) for n in a.lead):
        return False
    deadline = find_deadline(deadline_text, ctx.issued, ctx.calendar)
    for k in range(len(ctx.out) - undated, len(ctx.out)):
        if ctx.out[k].lead == last.lead:
            ctx.out[k] = replace(
                ctx.out[k], deadline=deadline, quote=ctx.out[k].quote + " " + a.quote.strip()
            )
    return True


def _undated(a: ExtractedAssignment) -> bool:
    """No day or cycle is set ("khẩn trương" says how soon, not by when)."""
    return a.deadline is None or (a.deadline.due is None and a.deadline.recurrence is None)


# A group named only by its kind refers back to the units just named: "các đơn vị", "các cơ quan".
_BARE_GROUP = re.compile(r"^(?:cac |nhung )?(?:don vi|co quan|dia phuong|truong|nha truong)$")
