"""Deadline wording in Vietnamese administrative text -> `Deadline` (dates, periods, series).

Matching runs on the accent-folded copy of the NFC text (`fold_keep_length`), so chat text typed
without diacritics parses too and every match can be cut back from the original words.

Policy (see docs section 5 and data/deadline-forms.tsv): "trước ngày D" and "chậm nhất D" store
D itself; a month, quarter, half-year, year or programme period stores its last day; fixed dates
are never moved (a weekend or holiday is flagged "weekend"); periods counted in days, weeks or
months follow Civil Code Art. 147-148 (first day not counted, moved to the next working day).
Flags besides those of `Deadline`: "no_year" (no year and no issue date), "on_request"
(khi có yêu cầu), "inherited" (theo kế hoạch), "periodic" (định kỳ with no period named),
"anchor_assumed" (counted from receipt, the issue date used instead).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from knowledge.calendar import WorkCalendar
from knowledge.deadline_atoms import (
    _COMPLETION_RE,
    DEADLINE_CUE,
    _calendar,
    _Cand,
    _Claims,
    _clause_before,
    _counted,
    _Ctx,
    _display,
    _find_atoms,
    _fold,
    _group_atoms,
    _group_candidate,
    _mask,
    has_deadline_cue,
)
from knowledge.deadline_recurring import (
    _FOLLOWING_YEARS,
    _recurring,
    _series,
    next_occurrences,
)
from knowledge.deadline_special import _special
from knowledge.domain import Deadline, Recurrence
from knowledge.text import nfc

__all__ = [
    "DEADLINE_CUE",
    "find_deadline",
    "has_deadline_cue",
    "next_occurrences",
    "parse_deadline",
]

# ---------------------------------------------------------------------------------------------
# Scanning and choosing


def _scan(
    text: str, issued: date | None, cal: WorkCalendar | None, in_sentence: bool
) -> tuple[_Ctx, list[_Cand]]:
    src = nfc(text)
    f = _mask(_fold(src))
    ctx = _Ctx(src, f, issued, _calendar(cal), _Claims(len(f)))
    cands: list[_Cand] = []
    cands += _counted(ctx)
    cands += _recurring(ctx)
    cands += _special(ctx, in_sentence)
    atoms = _find_atoms(f, ctx.claims)
    for how, members in _group_atoms(ctx, atoms):
        cand = _group_candidate(ctx, how, members)
        if cand is None:
            continue
        follow = _FOLLOWING_YEARS.match(f, cand.end)
        if follow and cand.due is not None:
            # "Quý IV/2024 và các năm tiếp theo": the first milestone, then every year
            rule = f"FREQ=YEARLY;BYMONTH={cand.due.month};BYMONTHDAY={cand.due.day}"
            if cand.due.month in (2,) and cand.due.day == 29:
                rule = "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1"
            occurrences = _series(rule, cand.due - timedelta(days=1))
            cand.recurrence = Recurrence(
                rule, _display(src, cand.start, follow.end()), occurrences
            )
            cand.end = follow.end()
            cand.begin = None
        cands.append(cand)
    return ctx, cands


def _to_deadline(ctx: _Ctx, cand: _Cand) -> Deadline:
    return Deadline(
        due=cand.due,
        text=_display(ctx.src, cand.start, cand.end) or None,
        start=cand.begin,
        due_time=cand.due_time,
        recurrence=cand.recurrence,
        flags=frozenset(cand.flags),
    )


def _choose(cands: list[_Cand]) -> _Cand | None:
    """Dated expressions beat vague ones; then the stronger cue; then the latest date."""
    recurring = [c for c in cands if c.recurrence is not None]
    dated = [c for c in cands if c.due is not None and c.kind != "vague"]
    if dated:
        best = max(c.strength for c in dated)
        top = [c for c in dated if c.strength == best]
        recurring_top = [c for c in top if c.recurrence is not None]
        if recurring_top:
            return recurring_top[0]
        return max(top, key=lambda c: (c.due or date.min, c.cued, -c.start))
    if recurring:
        return recurring[0]
    undated = [c for c in cands if c.kind != "vague"]
    if undated:
        return undated[-1]
    if cands:
        return max(cands, key=lambda c: (c.priority, -c.start))
    return None


def parse_deadline(
    text: str, issued: date | None, calendar: WorkCalendar | None = None
) -> Deadline | None:
    """Read a span whose job is to state a deadline (a table cell, a field value, a clause).

    `issued` is the document's issue date: it supplies missing years and anchors counted
    periods, "trong tuần", "ngay" and recurring series. Returns None when nothing is stated.
    """
    if not text or not text.strip():
        return None
    ctx, cands = _scan(text, issued, calendar, in_sentence=False)
    chosen = _choose(cands)
    return _to_deadline(ctx, chosen) if chosen else None


def find_deadline(
    text: str, issued: date | None, calendar: WorkCalendar | None = None
) -> Deadline | None:
    """Find the deadline stated inside a longer sentence or item of a document.

    Dates of referenced documents, anniversaries, terms of office, past events and years used
    as a topic are ignored; bare dates need a cue word ("trước", "chậm nhất", "hoàn thành"...)
    right before them or a completion verb in the same clause.
    """
    if not text or not text.strip():
        return None
    ctx, cands = _scan(text, issued, calendar, in_sentence=True)
    framed = {id(c) for c in cands if _frames_the_task(ctx, c)}
    kept = [c for c in cands if id(c) in framed or _counts_in_sentence(ctx, c)]
    purpose = _PURPOSE.search(ctx.f)
    if purpose and any(
        c.start < purpose.start() and c.due is not None and c.kind != "vague" for c in kept
    ):
        # "... chậm nhất ngày 30/3, để xã đạt chuẩn trong năm 2020": the goal's date is no
        # deadline of the task when the task states its own
        kept = [c for c in kept if c.start < purpose.start()]
    chosen = _choose(kept)
    return _to_deadline(ctx, chosen) if chosen else None


# A purpose clause ("..., để Hòa Tiến hoàn thành ...", "... nhằm ..."), folded ("đề nghị", "đề
# án", "đề tài", "đề cập" are no purpose).
_PURPOSE = re.compile(r"(?:,\s*|\s)(?:de|nham)\s+(?!nghi\b|xuat\b|an\b|tai\b|cap\b)")


# What may stand before a time frame that opens a sentence: nothing, or a connective.
_BEFORE_FRAME = re.compile(r"\s*(?:(?:theo do|dong thoi|ngoai ra|ben canh do|rieng)\s*,?\s*)?")


def _frames_the_task(ctx: _Ctx, cand: _Cand) -> bool:
    """A month, quarter or year that opens the sentence, set off by a comma ("Quý IV/2025,
    UBMTTQ phường tiếp tục ...", "Tháng 6/2018, các đơn vị phải ..."): the period the task
    is done in, as "trong quý IV/2025" would say. A period already past at issue tells what
    was done then, not a deadline."""
    if cand.kind not in ("period", "year") or cand.due is None or cand.recurrence is not None:
        return False
    if not _BEFORE_FRAME.fullmatch(ctx.f[: cand.start]):
        return False
    if not ctx.f[cand.end :].lstrip().startswith(","):
        return False
    return ctx.issued is None or cand.due >= ctx.issued


def _counts_in_sentence(ctx: _Ctx, cand: _Cand) -> bool:
    if cand.kind in ("counted", "recur", "vague"):
        return True  # these carry their own cue words
    # the clause before, and the cue the candidate begins with ("thời gian thực hiện trong ...")
    clause = _clause_before(ctx.f, cand.start, 120) + ctx.f[cand.start : cand.end]
    completion = _COMPLETION_RE.search(clause) is not None
    if cand.kind == "year":
        # "trong năm 2019 được giao 09 chỉ tiêu": within a year is the year's last day
        within = re.match(
            r"trong\s+(?:ca\s+)?nam\s+(?:19|20)\d\d\b(?!\s*[-–]\s*\d)"
            r"(?!\s*,?\s*(?:va|,)\s+(?:cac|nhung)\s+nam)",
            ctx.f[cand.start :],
        ) or re.match(r"den\s+(?:het|cuoi)\s+nam\b", ctx.f[cand.start :])
        return cand.cued and (completion or within is not None)
    if not cand.cued and not completion:
        return False
    if not cand.cued and cand.strength < 3:
        return False
    return not (
        ctx.issued is not None and cand.due is not None and cand.due < ctx.issued and not cand.cued
    )
