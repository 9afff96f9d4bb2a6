"""Deadlines anchored on Tết and lunar dates, on the week or day of issue, and vague wording."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta

from knowledge.calendar import lunar_to_solar
from knowledge.deadline_atoms import (
    _Cand,
    _Ctx,
)

# ---------------------------------------------------------------------------------------------
# Lunar anchors, week and day of issue, vague wording

_CAN = ["giap", "at", "binh", "dinh", "mau", "ky", "canh", "tan", "nham", "quy"]
_CHI = ["ty", "suu", "dan", "mao", "thin", "ty", "ngo", "mui", "than", "dau", "tuat", "hoi"]
_TET_RE = re.compile(
    r"\btruoc\s+(?:ky\s+nghi\s+|dip\s+)?tet\s+(?P<kind>nguyen\s+dan|am\s+lich|co\s+truyen|"
    r"duong\s+lich)?(?:\s+(?P<can>giap|at|binh|dinh|mau|ky|canh|tan|nham|quy)\s+"
    r"(?P<chi>ty|suu|dan|mao|thin|ngo|mui|than|dau|tuat|hoi))?(?:\s+(?:nam\s+)?(?P<y>\d{4}))?"
)
_LUNAR_MONTHS = {"gieng": 1, "chap": 12, "mot": 11, "hai": 2, "ba": 3, "bay": 7, "tam": 8}
_RAM_RE = re.compile(
    r"\b(?P<cue>truoc\s+)?(?:ngay\s+)?(?:ram|tet\s+trung\s+thu)(?:\s+thang\s+(?P<m>gieng|chap|"
    r"\d{1,2}|hai|ba|bay|tam))?(?:\s+(?:am\s+lich|al))?(?:\s+(?:nam\s+)?(?P<y>\d{4}))?"
)
_WEEK_RE = re.compile(
    r"\b(?:ngay\s+)?trong\s+(?P<w>tuan(?:\s+nay)?|tuan\s+(?:sau|toi))\b(?!\s*(?:dau|cuoi|\d|le))"
)


def _names_a_person(src: str, at: int) -> bool:
    """Whether the words folded to "trong tuần" are a name written in capitals ("Nguyễn Trọng
    Tuấn"): the week is written small after "trong"."""
    before = src[:at].split()
    return bool(before) and before[-1][:1].isupper() and src[at : at + 1].isupper()


_DAY_RE = re.compile(
    r"\b(?:ngay\s+)?trong\s+ngay\b(?!\s*(?:\d|mung|mong|hom|lam|,?\s*thang|le|\(|"
    # a day named by what happens on it ("trong ngày nghỉ", "trong ngày Tết", "trong ngày
    # bầu cử"): not "within the day"
    r"(?:nghi|tet|hoi|bau\s+cu|thi|khai\s+giang|ky\s+niem|dai\s+hoi|hop|thu\s+\w+|chu\s+nhat|"
    r"cuoi\s+tuan|dau\s+tien|cuoi\s+cung|tiep\s+theo|cao\s+diem|quoc\s+khanh|toan\s+dan)\b))"
)
_VAGUE: list[tuple[str, int, re.Pattern[str], bool]] = [
    # (flag, priority, pattern, also inside long sentences)
    ("urgent", 5, re.compile(r"\bkhan\s+truong\b|\bhoa\s+toc\b"), True),
    ("urgent", 5, re.compile(r"\bkip\s+thoi\b|\bcang\s+som\s+cang\s+tot\b|\bsom\b"), False),
    ("event", 4, re.compile(r"\b(?:truoc|sau)\s+khi\s+[^,;.()]{2,60}"), False),
    (
        "event",
        4,
        re.compile(
            r"\btruoc\s+khi\s+(?:to\s+chuc|dien\s+ra|khai\s+mac|hop|trien\s+khai)"
            r"[^,;.()]{0,60}"
        ),
        True,
    ),
    (
        "ongoing",
        3,
        re.compile(r"\bthuong\s+xuyen\b|\bhang\s+ngay\b|\bhanh\s+ngay\b|\blien\s+tuc\b"),
        True,
    ),
    (
        "on_request",
        2,
        # "theo yêu cầu của Bộ ... tại Công văn số ...": whose request, not when
        re.compile(r"\b(?:khi|theo)\s+(?:co\s+)?yeu\s+cau\b(?!\s+cua\b)|\bkhi\s+can\s+thiet\b"),
        True,
    ),
    (
        "inherited",
        1,
        re.compile(
            r"\btheo\s+(?:ke\s+hoach|tien\s+do|lo\s+trinh|chi\s+dao)\b"
            r"[^,;.()]{0,40}"
        ),
        False,
    ),
    ("inherited", 1, re.compile(r"\btheo\s+(?:ke\s+hoach|tien\s+do|lo\s+trinh)\b"), True),
]
# "ngay (sau) khi" an event other than receiving the letter: the date is the event's, unknown.
_AFTER_AN_EVENT = re.compile(r"\s+(?:sau\s+)?khi\b(?!\s+nhan\s+duoc)")
_NGAY_IMMEDIATE = re.compile(
    r"\bngay\b(?=\s*(?:[,.;:)!]|$|sau\s+khi|khi\b|de\b|va\b|cho\b|voi\b|trong\s+ngay))"
)


def _lunar_year_for(can: str | None, chi: str | None, near: int) -> int | None:
    if not can or not chi:
        return None
    for year in range(near - 1, near + 60):
        if _CAN[(year + 6) % 10] == can and _CHI[(year + 8) % 12] == chi:
            return year
        if chi == "ty" and _CAN[(year + 6) % 10] == can and (year + 8) % 12 in (0, 5):
            return year
    return None


def _special(ctx: _Ctx, in_sentence: bool) -> Iterator[_Cand]:
    issued = ctx.issued
    for m in _TET_RE.finditer(ctx.f):
        if not ctx.claims.free(m.start(), m.end()):
            continue
        kind = (m["kind"] or "").replace(" ", "")
        year = int(m["y"]) if m["y"] else None
        due: date | None = None
        flags: set[str] = set()
        if kind == "duonglich":
            if year is None and issued is not None:
                year, flags = issued.year + 1, {"year_guessed"}
            due = date(year - 1, 12, 31) if year else None
        else:
            if year is None:
                year = _lunar_year_for(m["can"], m["chi"], issued.year if issued else 2025)
            if year is None and issued is not None:
                year = issued.year
                if ctx.cal.tet_break(year)[0] <= issued:
                    year += 1
                flags.add("year_guessed")
            if year is not None:
                due = ctx.cal.previous_working_day(ctx.cal.tet_break(year)[0])
        if due is None:
            flags.add("no_year")
        ctx.claims.take(m.start(), m.end())
        yield _Cand(m.start(), m.end(), due, flags=flags, strength=2, cued=True)
    for m in _RAM_RE.finditer(ctx.f):
        if not ctx.claims.free(m.start(), m.end()):
            continue
        is_moon_festival = "trung thu" in m[0]
        month_word = m["m"]
        if month_word is None and not is_moon_festival:
            continue
        month = (
            8
            if is_moon_festival
            else (int(month_word) if month_word.isdigit() else _LUNAR_MONTHS[month_word])
        )
        if not 1 <= month <= 12:
            continue
        flags = set()
        year = int(m["y"]) if m["y"] else None
        if year is None and issued is not None:
            year = issued.year
            if lunar_to_solar(year, month, 15) < issued:
                year += 1
            flags.add("year_guessed")
        due = lunar_to_solar(year, month, 15) if year else None
        if due is None:
            flags.add("no_year")
        ctx.claims.take(m.start(), m.end())
        start = m.start("cue") if m["cue"] else m.start()
        yield _Cand(start, m.end(), due, flags=flags, strength=2, cued=bool(m["cue"]))
    for m in _WEEK_RE.finditer(ctx.f):
        if not ctx.claims.free(m.start(), m.end()) or _names_a_person(ctx.src, m.start("w")):
            continue
        ctx.claims.take(m.start(), m.end())
        due = None
        if issued is not None:
            friday = issued + timedelta(days=4 - issued.weekday())
            if issued.weekday() > 4 or m["w"].startswith("tuan s") or m["w"].startswith("tuan t"):
                friday += timedelta(weeks=1)
            due = friday
        yield _Cand(
            m.start(), m.end(), due, strength=2, cued=True, flags=set() if due else {"event"}
        )
    for m in _DAY_RE.finditer(ctx.f):
        if not ctx.claims.free(m.start(), m.end()):
            continue
        ctx.claims.take(m.start(), m.end())
        yield _Cand(
            m.start(),
            m.end(),
            issued,
            strength=2,
            cued=True,
            flags={"urgent"} if issued else {"urgent", "event"},
        )
    for m in _NGAY_IMMEDIATE.finditer(ctx.f):
        word = ctx.src[m.start() : m.end()]
        if word.lower() != "ngay" or not ctx.claims.free(m.start(), m.end()):
            continue
        before = ctx.f[max(0, m.start() - 12) : m.start()]
        if re.search(r"(?:\d|\bcac|\bmoi|\bhang|\btrong|\btu|\bden|\bla|\bvao)\s*$", before):
            continue
        if _AFTER_AN_EVENT.match(ctx.f, m.end()):
            continue  # "ngay khi Nghị quyết có hiệu lực": as soon as an event, no date
        ctx.claims.take(m.start(), m.end())
        start = m.start()
        verb = re.search(
            r"\b(?:trien\s+khai|thuc\s+hien|bao\s+cao|xu\s+ly|khac\s+phuc|gui)\s+$", before
        )
        if verb:
            start = m.start() - len(before) + verb.start()
        end = m.end()
        tail = re.compile(r"\s+sau\s+khi\s+nhan\s+duoc(?:\s+van\s+ban(?:\s+nay)?)?").match(
            ctx.f, end
        )
        if tail:
            end = tail.end()
        due = ctx.cal.next_working_day(issued) if issued else None
        yield _Cand(
            start,
            end,
            due,
            flags={"urgent"},
            strength=2,
            cued=True,
            kind="date" if due else "vague",
            priority=5,
        )
    for flag, priority, pattern, everywhere in _VAGUE:
        if in_sentence and not everywhere:
            continue
        for m in pattern.finditer(ctx.f):
            if not ctx.claims.free(m.start(), m.end()):
                continue
            ctx.claims.take(m.start(), m.end())
            end = m.start() + len(ctx.f[m.start() : m.end()].rstrip())
            yield _Cand(
                m.start(),
                end,
                None,
                flags={flag},
                strength=1,
                cued=True,
                kind="vague",
                priority=priority,
            )
