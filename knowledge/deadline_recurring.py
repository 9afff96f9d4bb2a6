"""Recurring deadlines ("hằng tháng", "thứ Sáu hằng tuần", "định kỳ hằng quý"): rules, dates."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from dateutil.rrule import rrulestr

from knowledge.deadline_atoms import (
    MAX_OCCURRENCES,
    _Cand,
    _Ctx,
    _cue_info,
    _display,
    _valid_date,
)
from knowledge.domain import Recurrence

# ---------------------------------------------------------------------------------------------
# Recurring deadlines

_WEEKDAYS = {
    "hai": "MO",
    "2": "MO",
    "ba": "TU",
    "3": "TU",
    "tu": "WE",
    "4": "WE",
    "nam": "TH",
    "5": "TH",
    "sau": "FR",
    "6": "FR",
    "bay": "SA",
    "7": "SA",
}
_EVERY = r"(?:hang|moi)"
# "định kỳ hằng tháng", "báo cáo hằng quý": the lead-in words belong to the expression
_PERIODIC = r"(?:\b(?:(?:bao\s+cao\s+)?dinh\s+ky|bao\s+cao)\s+)?"
_PERIODIC_ONLY = r"\b(?:dinh\s+ky|bao\s+cao)"
_RECUR_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "quarter_day",
        re.compile(
            r"\bngay\s+(?P<d>\d{1,2})\s+(?:cua\s+)?thang\s+(?P<w>dau|cuoi|giua|thu\s+(?:nhat|hai|ba))"
            r"\s+(?:cua\s+)?(?:moi\s+|hang\s+)?quy(?:\s+(?P<next>sau|tiep\s+theo|ke\s+tiep))?"
        ),
    ),
    ("month_day", re.compile(rf"\bngay\s+(?P<d>\d{{1,2}})\s+(?:cua\s+)?{_EVERY}\s+thang\b")),
    (
        "year_dates",
        # "trước ngày 10/6 và ngày 10/12 hằng năm": every date of the list, each year
        re.compile(
            r"(?:\b(?:ngay|mung|mong)\s+)?(?P<d>\d{1,2})(?:/|-|\s+thang\s+)(?P<m>\d{1,2})"
            r"(?![\d/])(?P<more>(?:\s*(?:,|va)\s*(?:(?:truoc\s+)?ngay\s+)?\d{1,2}"
            r"(?:/|-|\s+thang\s+)\d{1,2}(?![\d/]))+)"
            rf"\s*,?\s*(?:cua\s+)?{_EVERY}\s+nam\b"
        ),
    ),
    (
        "year_date",
        re.compile(
            r"(?:\b(?:ngay|mung|mong)\s+)?(?P<d>\d{1,2})(?:/|-|\s+thang\s+)(?P<m>\d{1,2})"
            rf"(?![\d/])\s*,?\s*(?:cua\s+)?{_EVERY}\s+nam\b"
        ),
    ),
    (
        "report_dates",
        re.compile(
            r"\bbao\s+cao\s+(?P<k>(?:6|sau)\s+thang|nam|quy)\b[^;.]{0,40}?\btruoc\s+(?:ngay\s+)?"
            r"(?P<d>\d{1,2})(?:/|\s+thang\s+)(?P<m>\d{1,2})(?![\d/])"
        ),
    ),
    (
        "weekly",
        re.compile(
            rf"{_PERIODIC}(?:\b(?:vao\s+)?(?:thu\s+(?P<wd>hai|ba|tu|nam|sau|bay|[2-7])|"
            rf"(?P<sun>chu\s+nhat))\s+)?\b{_EVERY}\s+tuan\b|{_PERIODIC_ONLY}\s+tuan\b(?!\s*\d)"
        ),
    ),
    (
        "half",
        re.compile(
            r"\b(?:dinh\s+ky|bao\s+cao|so\s+ket)\s+(?:06|6|sau)\s+thang\b(?!\s+(?:dau|cuoi|ke))"
            r"(?:\s+(?:va|,)\s+(?:ca\s+)?nam\b)?"
        ),
    ),
    (
        "quarterly",
        re.compile(rf"{_PERIODIC}\b{_EVERY}\s+quy\b|{_PERIODIC_ONLY}\s+quy\b(?!\s*(?:[ivx]+|\d))"),
    ),
    (
        "monthly",
        re.compile(
            rf"{_PERIODIC}\b{_EVERY}\s+thang\b(?!\s*\d)|{_PERIODIC_ONLY}\s+thang\b(?!\s*\d)"
        ),
    ),
    ("yearly", re.compile(rf"{_PERIODIC}\b{_EVERY}\s+nam\b(?!\s*\d)|\bdinh\s+ky\s+nam\b")),
    ("periodic", re.compile(r"\bdinh\s+ky\b")),
]
# Words each pattern cannot match without, by kind: most sentences have no cycle, and the
# patterns' optional lead-ins ("định kỳ", "báo cáo") make them try at every offset.
_CUE_WORDS: dict[str, tuple[str, ...]] = {
    "every": ("hang", "moi"),
    "periodic": ("dinh", "bao", "so"),
    "quy": ("quy",),
    "thang": ("thang",),
    "nam": ("nam",),
    "tuan": ("tuan",),
}
_CUES_NEEDED: dict[str, tuple[frozenset[str], ...]] = {  # any one set of words, all present
    "quarter_day": (frozenset({"quy", "thang"}),),
    "month_day": (frozenset({"every", "thang"}),),
    "year_dates": (frozenset({"every", "nam"}),),
    "year_date": (frozenset({"every", "nam"}),),
    "report_dates": (frozenset({"periodic"}),),
    "weekly": (frozenset({"every", "tuan"}), frozenset({"periodic", "tuan"})),
    "half": (frozenset({"periodic", "thang"}),),
    "quarterly": (frozenset({"every", "quy"}), frozenset({"periodic", "quy"})),
    "monthly": (frozenset({"every", "thang"}), frozenset({"periodic", "thang"})),
    "yearly": (frozenset({"every", "nam"}), frozenset({"periodic", "nam"})),
    "periodic": (frozenset({"periodic"}),),
}


def _cues_present(folded: str) -> frozenset[str]:
    """The kinds of cue word the folded sentence holds."""
    return frozenset(kind for kind, words in _CUE_WORDS.items() if any(w in folded for w in words))


# The day a cycle states right after it: "hằng tháng, trước ngày 25", "định kỳ hằng tháng vào
# ngày 20"; "hằng năm, trước ngày 15/12".
_STATED_DAY = re.compile(
    r"\s*[,:(]?\s*(?:(?:truoc|cham nhat(?:\s+la)?|vao|den|khong qua)\s+)?ngay\s+(?P<d>\d{1,2})\b"
    r"(?!\s*(?:/|-|\.|thang)\s*\d)"
)
_STATED_DATE = re.compile(
    r"\s*[,:(]?\s*(?:(?:truoc|cham nhat(?:\s+la)?|vao|den)\s+)?(?:ngay\s+)?"
    r"(?P<d>\d{1,2})\s*(?:/|-|\s+thang\s+)\s*(?P<m>\d{1,2})\b(?!\s*[/-]\s*\d)"
)
_FOLLOWING_YEARS = re.compile(
    r"\s*,?\s*(?:va|,)\s+(?:cac|nhung)\s+nam\s+(?:tiep\s+theo|sau|ke\s+tiep)\b"
)


def next_occurrences(rule: str, after: date, count: int) -> list[date]:
    """The first `count` dates of the RFC 5545 rule(s) strictly after `after`.

    `rule` may hold several rules, one a line (e.g. two yearly dates with different days).
    """
    start = datetime.combine(after + timedelta(days=1), time.min)
    found: set[date] = set()
    for line in rule.splitlines():
        line = line.strip().removeprefix("RRULE:")
        if not line:
            continue
        series = rrulestr(line, dtstart=start)
        for i, moment in enumerate(series):
            if i >= count:
                break
            found.add(moment.date())
    return sorted(found)[:count]


def _series(rule: str, after: date) -> tuple[date, ...]:
    """Occurrences after `after`: up to 12, and none past the end of the following year."""
    horizon = date(after.year + 1, 12, 31)
    return tuple(d for d in next_occurrences(rule, after, MAX_OCCURRENCES) if d <= horizon)


def _recurring(ctx: _Ctx) -> Iterator[_Cand]:
    report_rules: list[tuple[int, int, int, int]] = []  # (start, end, day, month)
    present = _cues_present(ctx.f)
    for name, pattern in _RECUR_PATTERNS:
        if not any(words <= present for words in _CUES_NEEDED[name]):
            continue  # a word the pattern cannot match without is absent
        for m in pattern.finditer(ctx.f):
            if not ctx.claims.free(m.start(), m.end()) or _is_new_not_every(ctx, m):
                continue
            rule = ""
            if name == "quarter_day":
                which = m["w"]
                base = [1, 4, 7, 10] if which in ("dau", "thu nhat") else [3, 6, 9, 12]
                if which in ("giua", "thu hai"):
                    base = [2, 5, 8, 11]
                months = ",".join(str(x) for x in base)
                rule = f"FREQ=YEARLY;BYMONTH={months};BYMONTHDAY={int(m['d'])}"
            elif name == "month_day":
                rule = f"FREQ=MONTHLY;BYMONTHDAY={int(m['d'])}"
            elif name == "year_dates":
                pairs = [(int(m["d"]), int(m["m"]))] + [
                    (int(d), int(mo))
                    for d, mo in re.findall(r"(\d{1,2})(?:/|-|\s+thang\s+)(\d{1,2})", m["more"])
                ]
                if any(_valid_date(2024, mo, d) is None for d, mo in pairs):
                    continue
                days: dict[int, list[int]] = {}
                for d, mo in pairs:
                    days.setdefault(d, []).append(mo)
                rule = "\n".join(
                    f"FREQ=YEARLY;BYMONTH={','.join(str(x) for x in sorted(ms))};BYMONTHDAY={d}"
                    for d, ms in sorted(days.items())
                )
            elif name == "year_date":
                if _valid_date(2024, int(m["m"]), int(m["d"])) is None:
                    continue
                rule = f"FREQ=YEARLY;BYMONTH={int(m['m'])};BYMONTHDAY={int(m['d'])}"
            elif name == "report_dates":
                if _valid_date(2024, int(m["m"]), int(m["d"])) is None:
                    continue
                report_rules.append((m.start(), m.end(), int(m["d"]), int(m["m"])))
                ctx.claims.take(m.start(), m.end())
                continue
            elif name == "weekly":
                day = "FR"
                if m["wd"]:
                    day = _WEEKDAYS[m["wd"]]
                elif m["sun"]:
                    day = "SU"
                rule = f"FREQ=WEEKLY;BYDAY={day}"
            elif name == "half":
                rule = "FREQ=YEARLY;BYMONTH=6,12;BYMONTHDAY=-1"
            elif name == "quarterly":
                rule = "FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1"
            elif name == "monthly":
                # "hằng tháng, trước ngày 25": the day stated wins over the month's end
                stated = _STATED_DAY.match(ctx.f, m.end())
                if (
                    stated
                    and 1 <= int(stated["d"]) <= 31
                    and ctx.claims.free(m.end(), stated.end())
                ):
                    rule = f"FREQ=MONTHLY;BYMONTHDAY={int(stated['d'])}"
                    ctx.claims.take(m.start(), stated.end())
                    cue_start, strength, _ = _cue_info(ctx, m.start())
                    yield _recur_cand(ctx, cue_start, stated.end(), rule, max(strength, 2))
                    continue
                rule = "FREQ=MONTHLY;BYMONTHDAY=-1"
            elif name == "yearly":
                date_stated = _STATED_DATE.match(ctx.f, m.end())
                if date_stated and _valid_date(2024, int(date_stated["m"]), int(date_stated["d"])):
                    rule = (
                        f"FREQ=YEARLY;BYMONTH={int(date_stated['m'])};"
                        f"BYMONTHDAY={int(date_stated['d'])}"
                    )
                    ctx.claims.take(m.start(), date_stated.end())
                    cue_start, strength, _ = _cue_info(ctx, m.start())
                    yield _recur_cand(ctx, cue_start, date_stated.end(), rule, max(strength, 2))
                    continue
                rule = "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31"
            ctx.claims.take(m.start(), m.end())
            cue_start, strength, _ = _cue_info(ctx, m.start())
            if not rule:
                yield _Cand(
                    m.start(),
                    m.end(),
                    None,
                    flags={"periodic"},
                    strength=1,
                    cued=True,
                    kind="vague",
                    priority=1,
                )
                continue
            yield _recur_cand(ctx, cue_start, m.end(), rule, max(strength, 2))
    if report_rules:
        by_day: dict[int, list[int]] = {}
        for _, _, d, mo in report_rules:
            by_day.setdefault(d, []).append(mo)
        rule = "\n".join(
            f"FREQ=YEARLY;BYMONTH={','.join(str(x) for x in sorted(set(ms)))};BYMONTHDAY={d}"
            for d, ms in sorted(by_day.items())
        )
        start = min(r[0] for r in report_rules)
        end = max(r[1] for r in report_rules)
        yield _recur_cand(ctx, start, end, rule, 2)


def _is_new_not_every(ctx: _Ctx, m: re.Match[str]) -> bool:
    """ "mới năm 2020" folds like "mỗi năm": only the spelling with the hook means every."""
    for word in re.finditer(r"\bmoi\b", m[0]):
        start = m.start() + word.start()
        original = ctx.src[start : start + 3].lower()
        if original != "moi" and original != "mỗi":
            return True
    return False


def _recur_cand(ctx: _Ctx, start: int, end: int, rule: str, strength: int) -> _Cand:
    text = _display(ctx.src, start, end)
    if ctx.issued is None:
        return _Cand(
            start,
            end,
            None,
            recurrence=Recurrence(rule, text),
            strength=strength,
            cued=True,
            kind="recur",
        )
    occurrences = _series(rule, ctx.issued)
    # A cycle names no single date: the deadline stays empty and the rule and its next
    # occurrences carry the schedule (the reminders walk the occurrences).
    return _Cand(
        start,
        end,
        None,
        recurrence=Recurrence(rule, text, occurrences),
        strength=strength,
        cued=True,
        kind="recur",
    )
