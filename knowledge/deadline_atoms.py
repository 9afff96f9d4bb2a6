"""The pieces deadline wording is read into: numbers, dates, cues, atoms and candidates.

Part of knowledge/deadlines.py (its docstring says the policy), split by what each part reads.
"""

from __future__ import annotations

import calendar as _stdcal
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from dateutil.relativedelta import relativedelta

from knowledge.calendar import WorkCalendar
from knowledge.domain import Recurrence
from knowledge.numbers import parse_number_words
from knowledge.text import fold_keep_length, nfc

MAX_OCCURRENCES = 12

_default_calendar: WorkCalendar | None = None


def _calendar(cal: WorkCalendar | None) -> WorkCalendar:
    global _default_calendar
    if cal is not None:
        return cal
    if _default_calendar is None:
        _default_calendar = WorkCalendar()
    return _default_calendar


# ---------------------------------------------------------------------------------------------
# Folding and small helpers

_FOLD_FIX = str.maketrans(
    {"*": " ", "_": " ", "–": "-", "—": "-", "‐": "-", "−": "-", "\n": " ", "\t": " "}
)


def _fold(src: str) -> str:
    """Length-preserving fold; markdown emphasis and line breaks become spaces."""
    return fold_keep_length(src.replace("\u00a0", " ")).translate(_FOLD_FIX)


def _display(src: str, start: int, end: int) -> str:
    """The original words of [start, end) without markdown asterisks or stray punctuation."""
    text = re.sub(r"\*+", "", src[start:end])
    text = re.sub(r"\s+", " ", text).strip(" ,;:.-(")
    if text.count("(") > text.count(")"):
        text = text.rstrip("( ")
    return text


def _month_end(year: int, month: int) -> date:
    return date(year, month, _stdcal.monthrange(year, month)[1])


def _valid_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


_NUM_WORD = r"(?:mot|hai|ba|bon|tu|nam|lam|nham|sau|bay|tam|chin|muoi|tram|linh|le)"
_NUM_WORDS = rf"{_NUM_WORD}(?:\s+{_NUM_WORD})*"
_NUM = rf"(?:\d{{1,3}}|{_NUM_WORDS})"


# The number words as written with their marks: folded, "tâm" (trọng tâm) reads "tam" (eight)
# and "năm" (year) "nam" (five); only the spelling tells them apart.
_SPELLED_NUMBERS = frozenset(
    unicodedata.normalize("NFC", w)
    for w in (
        "một mốt hai ba bốn tư năm lăm nhăm sáu bảy bẩy tám chín mười mươi trăm linh lẻ"
    ).split()
)


def _spelled_as_number(written: str) -> bool:
    """Whether every word written in the source is a number word, marks and all."""
    words = unicodedata.normalize("NFC", written).lower().split()
    return bool(words) and all(w in _SPELLED_NUMBERS for w in words)


def _number(text: str) -> int | None:
    """A number written in digits or Vietnamese words (mười lăm, hai mươi mốt, một trăm)."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    return parse_number_words(text) or None


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9}
_ROMAN.update({"x": 10, "xi": 11, "xii": 12})


def _small_number(text: str) -> int | None:
    text = text.strip()
    if text.isdigit():
        return int(text)
    return _ROMAN.get(text)


# ---------------------------------------------------------------------------------------------
# Cues

DEADLINE_CUE = re.compile(
    r"\b(?:truoc\s+(?:ngay|\d|thang|quy|tet|ram|\d+\s*(?:gio|h))|cham\s+nhat|han\s+chot|"
    r"han\s+cuoi|thoi\s+han|thoi\s+gian\s+(?:hoan\s+thanh|thuc\s+hien)|hoan\s+thanh\s+"
    r"(?:truoc|trong|xong|vao|chậm)|xong\s+(?:truoc|trong)|den\s+het|ke\s+tu\s+ngay|"
    r"trong\s+(?:thang|quy|nam\s+\d|tuan|ngay|vong|thoi\s+han|\d)|(?:hang|moi)\s+"
    r"(?:thang|quy|nam|tuan)|dinh\s+ky|thuong\s+xuyen|khan\s+truong|giai\s+doan\s+\d)"
)
"""A deadline cue on folded text (see `has_deadline_cue`)."""


def has_deadline_cue(text: str) -> bool:
    """True when `text` holds wording that usually states a deadline or a recurrence."""
    return DEADLINE_CUE.search(_fold(nfc(text))) is not None


_STRONG = (
    r"hoan\s+thanh|xong|cham\s+nhat|han\s+chot|han\s+cuoi|thoi\s+han|den\s+het|ket\s+thuc|"
    r"han\s+nop|thoi\s+gian\s+hoan\s+thanh"
)
_CUE_WORDS = (
    rf"thoi\s+gian\s+(?:hoan\s+thanh|thuc\s+hien|to\s+chuc)(?:\s+xong)?|{_STRONG}|truoc|trong|"
    r"thoi\s+gian|du\s+kien|han|tu|den|toi|nop|gui|vao(?:\s+luc)?"
)
# A cue word right before a date (optional "là", "vào", ":"); the last one in the window wins.
# A time of day may sit between the cue and the date ("chậm nhất 10h00' ngày 27/4").
_CLOCK = r"(?:\d{1,2}\s*(?:gio|h|g)\s*(?:\d{1,2})?\s*(?:phut|p|')?\s*,?\s*)"
_CUE_BEFORE = re.compile(
    rf"\b(?P<cue>{_CUE_WORDS})(?:\s+(?:la|vao|khoang|trong))?\s*[:,]?\s*{_CLOCK}?"
    # a part of the day may come first: "vào sáng ngày 20/3", "vào buổi chiều ngày ..."
    r"(?:(?:buoi\s+)?(?:sang|chieu|toi|trua)\s+)?(?:ngay\s+)?$"
)
_STRONG_RE = re.compile(rf"\b(?:{_STRONG})\b")
_COMPLETION_RE = re.compile(
    r"\b(?:hoan\s+thanh|thuc\s+hien\s+xong|xong|to\s+chuc\s+trong|cham\s+nhat|"
    r"thoi\s+gian\s+(?:hoan\s+thanh|thuc\s+hien)|thoi\s+han|han\s+chot|"
    # a target to reach by then: "phấn đấu ...", "đạt chuẩn ... vào cuối năm 2024"
    r"phan\s+dau|dat\s+chuan)\b"
)


def _clause_before(f: str, start: int, width: int = 90) -> str:
    """The folded text of the clause that ends at `start` (back to ; . ! ? or `width` chars)."""
    window = f[max(0, start - width) : start]
    cut = max(window.rfind(";"), window.rfind(". "), window.rfind("!"), window.rfind("?"))
    return window[cut + 1 :]


# ---------------------------------------------------------------------------------------------
# Masks: dates that belong to referenced documents, history and terms of office

_DOC_NUMBER = r"\d+(?:/\d+)*/[a-z][a-z0-9&.]*(?:-[a-z0-9&.]+)*"
_MASKS = [
    # "Công văn số 880/SXD-QLXD ngày 17/5/2023", "Quyết định số 12/QĐ-UBND ngày ... của UBND"
    re.compile(
        rf"(?:\bso\s*:?\s*)?{_DOC_NUMBER}(?:\s*,)?(?:\s+cua\s+[^,;()]{{0,80}}?)?\s+"
        r"(?:ngay|ban\s+hanh\s+ngay|ky\s+ngay)\s+(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|"
        r"\d{1,2}\s+thang\s+\d{1,2}\s*,?\s*nam\s+\d{4}|\d{1,2}[/.-]\d{1,2})"
    ),
    # "(Kế hoạch số 45/KH-UBND)", "Luật số 85/2015/QH13" without a date
    re.compile(rf"\b(?:so\s*:?\s*)?{_DOC_NUMBER}"),
    # "(1930 - 2025)", "(15/6/1933 - 15/6/2023)": anniversaries
    re.compile(
        r"\(\s*(?:\d{1,2}[/.-]\d{1,2}[/.-])?\d{4}\s*-\s*(?:\d{1,2}[/.-]\d{1,2}[/.-])?\d{4}\s*\)"
    ),
    re.compile(r"\bnhiem\s+ky\s+(?:\d{4}\s*-\s*\d{4}|\d{4})"),
    # a document "ban hành/ký ngày D" or a dated event in the past tense
    re.compile(
        r"\b(?:ban\s+hanh|ky|thong\s+qua|co\s+hieu\s+luc)\s+(?:tu\s+)?ngay\s+"
        r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{1,2}\s+thang\s+\d{1,2}\s*,?\s*nam\s+\d{4})"
    ),
]


def _mask(f: str) -> str:
    out = list(f)
    for pattern in _MASKS:
        for m in pattern.finditer(f):
            for i in range(m.start(), m.end()):
                out[i] = "#"
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# Atoms: one date, month, quarter, half-year, year or programme period


@dataclass
class _Atom:
    kind: str  # date | month | quarter | half | year | years | school
    start: int
    end: int
    year: int | None
    a: int = 0  # day, month, quarter, half code (1, 2, 9), first year of a period
    b: int = 0  # month of a date
    due_time: time | None = None
    modifier: str = ""  # dau | giua | cuoi | tuan_dau | tuan_cuoi (Civil Code Art. 146)
    join: str = ""  # "span" or "list": continues the previous atom ("tháng 3-4/2024")

    def bounds(self, year: int) -> tuple[date, date] | None:
        """First and last day of the atom in `year` (None when the date does not exist)."""
        if self.kind == "date":
            d = _valid_date(year, self.b, self.a)
            return (d, d) if d else None
        if self.kind == "month":
            return date(year, self.a, 1), _month_end(year, self.a)
        if self.kind == "quarter":
            return date(year, 3 * self.a - 2, 1), _month_end(year, 3 * self.a)
        if self.kind == "half":
            if self.a == 1:
                return date(year, 1, 1), date(year, 6, 30)
            if self.a == 2:
                return date(year, 7, 1), date(year, 12, 31)
            return date(year, 1, 1), date(year, 9, 30)
        if self.kind == "years":
            return date(self.a, 1, 1), date(year, 12, 31)
        if self.kind == "school":
            return date(year - 1, 9, 1), date(year, 5, 31)
        return date(year, 1, 1), date(year, 12, 31)


# "ngày", "mùng", and a weekday written after "ngày" ("ngày thứ Sáu 20/4/2018")
_WEEKDAY = r"(?:thu\s+(?:hai|ba|tu|nam|sau|bay|[2-7])|chu\s+nhat)"
_DATE_PREFIX = (
    rf"(?:\b(?:ngay|mung|mong)\s+(?:(?:mung|mong)\s+)?(?:{_WEEKDAY}\s*,?\s*(?:ngay\s+)?)?|"
    rf"\b{_WEEKDAY}\s*,?\s*ngay\s+)"
)
_DATE_NUM = re.compile(
    # a range's end may follow a dash ("ngày 18-19/6/2017", "8/7-17/7/2017"); a date may end in
    # a stray slash where its year was left out ("trước ngày 2/9/ để ...")
    rf"(?P<pre>{_DATE_PREFIX})?(?<![\d/.,])(?P<d>\d{{1,2}})(?P<sep>[/.-])(?P<m>\d{{1,2}})"
    r"(?:(?P=sep)(?P<y>\d{4}|\d{2}))?(?!\d|/\d|[.,]\d)"
)
_DATE_WORD = re.compile(
    rf"{_DATE_PREFIX}(?P<d>\d{{1,2}})\s+thang\s+(?P<m>\d{{1,2}})"
    r"(?:\s*,?\s*nam\s+(?P<y>\d{4}))?\b"
)
_TIME_BEFORE = re.compile(
    r"(?P<h>\d{1,2})\s*(?:gio|h|g)\s*(?P<mi>\d{1,2})?\s*(?:phut|p|')?\s*(?:,\s*|\s+)?$"
)
_YEAR_SUFFIX = r"(?:\s*(?:/|-|\.|,?\s*nam)\s*(?P<y>(?:19|20)\d{2}))?"
_MONTH_RE = re.compile(
    r"(?:\bthang\s+(?P<m>\d{1,2}|i{1,3}|iv|vi{0,3}|ix|xi{0,2})|\bt(?P<tm>\d{1,2}))"
    r"(?P<more>(?:\s*(?:-|,|va|den|toi)\s*(?:(?:het\s+)?thang\s+)?\d{1,2}(?![\d]|\s*[/.-]\s*\d{1,2}\b(?!\s*/)))*)"
    rf"(?![\d]){_YEAR_SUFFIX}"
)
_QUARTER_RE = re.compile(
    r"\b(?:quy|q)\s*(?P<q>iv|i{1,3}|[1-4])(?![a-z0-9])"
    r"(?P<more>(?:\s*(?:-|,|va|den|toi)\s*(?:(?:het\s+)?quy\s*)?(?:iv|i{1,3}|[1-4])(?![a-z0-9]))*)"
    rf"{_YEAR_SUFFIX}"
)
_HALF_RE = re.compile(
    r"\b(?P<n>6|06|sau|9|09|chin)\s+thang\s+(?P<w>dau|cuoi)(?:\s+nam)?(?:\s*[/ ]\s*(?P<y>\d{4}))?"
)
_YEARS_RE = re.compile(
    r"\b(?:giai\s+doan\s+(?:tu\s+)?(?:nam\s+)?|trong\s+(?:cac\s+)?nam\s+)(?P<a>\d{4})\s*"
    r"(?:-|den|toi)\s*(?:nam\s+)?(?P<y>\d{4})"
)
_SCHOOL_RE = re.compile(r"\bnam\s+hoc\s+(?P<a>\d{4})\s*-\s*(?P<y>\d{4})")
_YEAR_RE = re.compile(r"\bnam\s+(?P<y>(?:19|20)\d{2})\b(?!\s*[-/]\s*\d)")
_MODIFIER_BEFORE = re.compile(r"\b(?P<w>tuan\s+dau|tuan\s+cuoi|dau|giua|cuoi)\s+$")


class _Claims:
    """Which characters of the folded text an earlier, more specific pattern already took."""

    def __init__(self, length: int) -> None:
        self.taken = [False] * length

    def free(self, start: int, end: int) -> bool:
        return not any(self.taken[start:end])

    def take(self, start: int, end: int) -> None:
        for i in range(start, end):
            self.taken[i] = True


def _find_atoms(f: str, claims: _Claims) -> list[_Atom]:
    atoms: list[_Atom] = []

    def add(atom: _Atom) -> None:
        if claims.free(atom.start, atom.end):
            claims.take(atom.start, atom.end)
            atoms.append(atom)

    for pattern in (_DATE_WORD, _DATE_NUM):
        for m in pattern.finditer(f):
            day, month = int(m["d"]), int(m["m"])
            year = int(m["y"]) if m["y"] else None
            if year is not None and year < 100:
                year += 2000
            if not (1 <= month <= 12) or _valid_date(year or 2024, month, day) is None:
                continue
            sep = m.groupdict().get("sep")
            if sep in (".", "-") and year is None and not m.groupdict().get("pre"):
                continue  # "5.3" is a number, "3-4" a range
            start = m.start()
            due_time = None
            tm = _TIME_BEFORE.search(f, max(0, start - 25), start)
            if tm and tm.end() == start and int(tm["h"]) < 24:
                due_time = time(int(tm["h"]), int(tm["mi"] or 0) % 60)
                start = tm.start()
            add(_Atom("date", start, m.end(), year, day, month, due_time))
    for m in _HALF_RE.finditer(f):
        code = 9 if m["n"] in ("9", "09", "chin") else (1 if m["w"] == "dau" else 2)
        add(_Atom("half", m.start(), m.end(), int(m["y"]) if m["y"] else None, code))
    for m in _YEARS_RE.finditer(f):
        add(_Atom("years", m.start(), m.end(), int(m["y"]), int(m["a"])))
    for m in _SCHOOL_RE.finditer(f):
        if int(m["y"]) == int(m["a"]) + 1:
            add(_Atom("school", m.start(), m.end(), int(m["y"])))
    for pattern, kind in ((_QUARTER_RE, "quarter"), (_MONTH_RE, "month")):
        for m in pattern.finditer(f):
            first = m["q"] if kind == "quarter" else (m["m"] or m["tm"])
            numbers = [_small_number(first)]
            numbers += [_small_number(x) for x in re.findall(r"\d{1,2}|iv|i{1,3}", m["more"])]
            limit = 4 if kind == "quarter" else 12
            if any(n is None or not 1 <= n <= limit for n in numbers):
                continue
            year = int(m["y"]) if m["y"] else None
            # "tháng 3-4/2024", "quý II, III/2024": one atom per number, the year written once
            parts = _split_more(m, numbers)
            for i, (n, (s, e), join) in enumerate(parts):
                is_last = i == len(parts) - 1
                atom = _Atom(kind, s, m.end() if is_last else e, year if is_last else None, n or 0)
                atom.join = join
                add(atom)
    for m in _YEAR_RE.finditer(f):
        add(_Atom("year", m.start(), m.end(), int(m["y"])))
    for atom in atoms:
        mod = _MODIFIER_BEFORE.search(f, max(0, atom.start - 12), atom.start)
        if mod and atom.kind in ("month", "year", "quarter"):
            word = mod["w"].replace(" ", "_")
            if word.startswith("tuan") and atom.kind != "month":
                continue
            atom.modifier = word
            atom.start = mod.start()
    atoms.sort(key=lambda a: a.start)
    return atoms


def _split_more(
    m: re.Match[str], numbers: list[int | None]
) -> list[tuple[int | None, tuple[int, int], str]]:
    """Cut a run like "tháng 3-4/2024" into (number, span, join) per month or quarter."""
    if len(numbers) == 1:
        return [(numbers[0], (m.start(), m.end()), "")]
    more_start = m.start("more")
    pieces: list[tuple[int | None, tuple[int, int], str]] = [
        (numbers[0], (m.start(), more_start), "")
    ]
    found = list(re.finditer(r"\d{1,2}|iv|i{1,3}", m["more"]))
    previous_end = 0
    for i, (n, x) in enumerate(zip(numbers[1:], found, strict=True)):
        separator = m["more"][previous_end : x.start()]
        join = "span" if re.search(r"-|den|toi", separator) else "list"
        end = found[i + 1].start() + more_start if i + 1 < len(found) else m.end("more")
        pieces.append((n, (x.start() + more_start, end), join))
        previous_end = x.end()
    return pieces


# ---------------------------------------------------------------------------------------------
# Candidates


@dataclass
class _Cand:
    start: int
    end: int
    due: date | None
    begin: date | None = None
    due_time: time | None = None
    recurrence: Recurrence | None = None
    flags: set[str] = field(default_factory=set)
    strength: int = 1  # 3 completion cue, 2 other cue, 1 none
    cued: bool = False  # a cue word sits right before the expression
    kind: str = "date"  # date | period | year | counted | recur | vague
    priority: int = 0  # among vague ones


@dataclass
class _Ctx:
    src: str
    f: str  # folded and masked
    issued: date | None
    cal: WorkCalendar
    claims: _Claims


def _cue_info(ctx: _Ctx, start: int) -> tuple[int, int, str]:
    """(start of the cue, strength, cue word) for an expression that begins at `start`."""
    m = _CUE_BEFORE.search(ctx.f, max(0, start - 60), start)
    clause = _clause_before(ctx.f, start)
    strong = _STRONG_RE.search(clause) is not None
    if m:
        cue = re.sub(r"\s+", " ", m["cue"])
        return m.start("cue"), 3 if strong or _STRONG_RE.fullmatch(m["cue"]) else 2, cue
    return start, 3 if strong else 1, ""


def _resolve_year(
    atom: _Atom, ctx: _Ctx, fallback: int | None, roll: bool = True
) -> tuple[int | None, bool]:
    """The atom's year: as written, from a later atom of the group, or the issue year."""
    if atom.year is not None:
        return atom.year, False
    if fallback is not None:
        return fallback, False
    if ctx.issued is None:
        return None, True
    year = ctx.issued.year
    bounds = atom.bounds(year)
    if roll and bounds is not None and bounds[1] < ctx.issued:
        year += 1
    return year, True


def _apply_modifier(atom: _Atom, first: date, last: date, flags: set[str]) -> tuple[date, date]:
    """Civil Code Art. 146: đầu = first day, giữa = 15th / 30 June, cuối = last day."""
    mod = atom.modifier
    if not mod:
        return first, last
    if mod == "dau":
        flags.add("fuzzy")
        return first, first
    if mod == "giua":
        if atom.kind == "year":
            return first, date(first.year, 6, 30)
        if atom.kind == "month":
            return first, first.replace(day=15)
        flags.add("fuzzy")
        mid = first + relativedelta(months=1)
        return first, mid.replace(day=15)
    if mod == "cuoi":
        return first, last
    if mod == "tuan_dau":
        flags.add("fuzzy")
        return first, first + timedelta(days=6)
    flags.add("fuzzy")  # tuần cuối
    return last - timedelta(days=6), last


# A cue written after the date: "ngày 25/5/2017 là hạn cuối ...", "Ngày 7/6/2017: Hạn cuối ..."
_CUE_AFTER = re.compile(
    r"\s*(?:la\s+|:\s*)?(?:han\s+(?:cuoi|chot)|thoi\s+han\s+cuoi(?:\s+cung)?)\b"
)
_SPAN_GAP = re.compile(r"^\s*(?:-|den|toi|->)\s*(?:het\s+)?(?:ngay\s+)?$")
_LIST_GAP = re.compile(r"^\s*(?:,|;|va|hoac|\+|/)\s*$")
_LIST_GAP_WIDE = re.compile(r"^\s*(?:,|;|va|hoac)\s*$")


def _group_atoms(ctx: _Ctx, atoms: list[_Atom]) -> list[tuple[str, list[_Atom]]]:
    """Join atoms written as one expression: spans (A - B, từ A đến B) and lists (A và B)."""
    groups: list[tuple[str, list[_Atom]]] = []
    for atom in atoms:
        if groups:
            how, members = groups[-1]
            gap = ctx.f[members[-1].end : atom.start]
            joinable = atom.kind != "years" and members[-1].kind != "years"
            if atom.join and how in ("one", atom.join):
                groups[-1] = (atom.join, [*members, atom])
                continue
            if joinable and _SPAN_GAP.match(gap) and how in ("one", "span"):
                groups[-1] = ("span", [*members, atom])
                continue
            if joinable and _LIST_GAP_WIDE.match(gap) and how in ("one", "list"):
                groups[-1] = ("list", [*members, atom])
                continue
        groups.append(("one", [atom]))
    return groups


def _group_candidate(ctx: _Ctx, how: str, members: list[_Atom]) -> _Cand | None:
    flags: set[str] = set()
    # The year is written once at the end ("từ 01/3 đến 31/3/2024"): fill it from the right.
    years: list[int | None] = []
    later: int | None = None
    for atom in reversed(members):
        if atom.year is not None:
            later = atom.year if atom.kind not in ("years", "school") else None
        years.append(atom.year if atom.year is not None else later)
    years.reverse()
    bounds: list[tuple[date, date]] = []
    guessed = False
    for atom, fill in zip(members, years, strict=True):
        year, was_guessed = _resolve_year(atom, ctx, fill, roll=True)
        guessed = guessed or was_guessed
        if year is None:
            flags.add("no_year")
            continue
        b = atom.bounds(year)
        if b is None:
            return None
        bounds.append(_apply_modifier(atom, b[0], b[1], flags))
    if how == "span" and len(bounds) == 2 and bounds[0][0] > bounds[1][1]:
        first = members[0]
        fixed = first.bounds(bounds[0][0].year - 1)
        if fixed is not None and first.year is None:
            bounds[0] = fixed
    cue_start, strength, cue = _cue_info(ctx, members[0].start)
    after = _CUE_AFTER.match(ctx.f, members[-1].end)
    if after and not cue:
        # "ngày 25/5/2017 là hạn cuối các trường ...": the cue follows the date
        strength, cue = 3, "han cuoi"
    cand = _Cand(cue_start, members[-1].end, None, strength=strength, cued=bool(cue))
    cand.flags = flags
    if guessed and bounds:
        flags.add("year_guessed")
    if not bounds:
        cand.kind = "date"
        return cand
    last_atom = members[-1]
    cand.due = max(b[1] for b in bounds)
    if how == "span" or (
        len(members) == 1
        and last_atom.kind not in ("date", "school", "years")
        and not last_atom.modifier
        and not (last_atom.kind == "year" and cue in ("den", "toi", "den het"))
    ):
        cand.begin = bounds[0][0]
    if last_atom.kind == "date":
        cand.due_time = last_atom.due_time
    if last_atom.kind == "school":
        flags.add("fuzzy")
    if how == "one" and cue == "tu" and last_atom.kind in ("date", "month", "quarter", "year"):
        # "từ ngày D", "ngay từ tháng 3/2021" alone is when the work starts, not a deadline
        cand.begin, cand.due = bounds[0][0], None
        flags.add("ongoing")
        cand.kind = "vague"
        return cand
    if (
        cue == "truoc"
        and how == "one"
        and last_atom.kind in ("month", "quarter", "year")
        and not last_atom.modifier
        and ctx.f[cue_start : members[0].start].strip() == "truoc"
    ):
        # "trước quý III/2024": before the period starts
        cand.due = bounds[0][0] - timedelta(days=1)
        cand.begin = None
    cand.kind = "date" if last_atom.kind == "date" else "period"
    if last_atom.kind in ("year", "years", "school") and how == "one":
        cand.kind = "year"
    if cand.kind == "date" and len(members) == 1 and not ctx.cal.is_working_day(cand.due):
        flags.add("weekend")
    return cand


# ---------------------------------------------------------------------------------------------
# Counted periods: "trong 05 ngày làm việc kể từ ngày ký", "trong thời hạn 10 ngày"

_COUNT_RE = re.compile(
    r"\b(?P<cue>(?:trong|trong\s+vong|trong\s+thoi\s+han|trong\s+thoi\s+gian|trong\s+han|"
    r"thoi\s+han|han|khong\s+qua|toi\s+da|cham\s+nhat|cham\s+nhat\s+la|sau)\s*:?\s*"
    r"(?:la\s+)?(?:(?:toi\s+da|khong\s+qua)\s+)?)"
    rf"(?P<num>{_NUM})(?:\s*\(\s*[a-z\s]+\))?\s+"
    r"(?P<unit>ngay\s+lam\s+viec|ngay|tuan(?:\s+le)?|thang|nam)\b(?:\s+lam\s+viec)?"
    # "6 tháng đầu năm", "9 tháng cuối năm": a part of the year, not a count of months
    r"(?!\s+(?:dau|cuoi)\s+nam)"
)
# After the count: an event it runs before or after ("05 ngày sau khi tiếp công dân": no date
# until the event's is known), or what it runs from (the issue, the receipt).
_COUNT_TAIL = re.compile(
    r"\s*,?\s*(?:(?P<before>truoc\s+(?:ngay|khi|thoi\s+diem)|sau\s+khi(?!\s+nhan\s+duoc))|"
    r"(?:ke\s+tu|tinh\s+tu|sau\s+khi)\s+"
    r"(?:ngay\s+|khi\s+|thoi\s+diem\s+)?(?P<what>ky|ban\s+hanh|nhan\s+duoc|van\s+ban\s+nay|"
    r"ngay)?)"
)


def _counted(ctx: _Ctx) -> Iterator[_Cand]:
    for m in _COUNT_RE.finditer(ctx.f):
        if not ctx.claims.free(m.start(), m.end()):
            continue
        n = _number(m["num"])
        if n is None or n == 0:
            continue
        written = ctx.src[m.start("num") : m.end("num")]
        if not m["num"][:1].isdigit() and not _spelled_as_number(written):
            # "trong thời gian từ ngày ...": "từ" folds like "tư" (four); "trọng tâm tháng 9"
            # like "trong tám tháng"
            continue
        end = m.end()
        flags: set[str] = set()
        anchor = ctx.issued
        tail = _COUNT_TAIL.match(ctx.f, end)
        if tail and tail["before"]:
            ctx.claims.take(m.start(), tail.end())
            yield _Cand(
                m.start(),
                _clause_end(ctx.f, tail.end()),
                None,
                flags={"event"},
                strength=2,
                cued=True,
                kind="vague",
                priority=3,
            )
            continue
        if tail and tail.group(0).strip():
            end = tail.end()
            what = tail["what"] or ""
            dm = _DATE_NUM.match(ctx.f, end) or _DATE_WORD.match(ctx.f, end)
            if dm is None:
                dm = _DATE_NUM.match(ctx.f, end + 1) or _DATE_WORD.match(ctx.f, end + 1)
            if dm is not None and dm["y"]:
                anchor = _valid_date(int(dm["y"]), int(dm["m"]), int(dm["d"]))
                end = dm.end()
            elif "nhan" in what:
                flags.add("anchor_assumed")
                end = _words_end(ctx.f, end, 4)
            elif what:
                end = _words_end(ctx.f, end, 2 if what == "ky" else 3)
        ctx.claims.take(m.start(), end)
        unit = m["unit"]
        if anchor is None:
            due = None
            flags.add("event")
        elif unit == "ngay lam viec":
            due = ctx.cal.add_working_days(anchor, n)
        else:
            if unit == "ngay":
                raw = anchor + timedelta(days=n)
            elif unit.startswith("tuan"):
                raw = anchor + timedelta(weeks=n)
            elif unit == "thang":
                raw = anchor + relativedelta(months=n)
            else:
                raw = anchor + relativedelta(years=n)
            due = ctx.cal.on_or_after(raw)
        yield _Cand(
            m.start(),
            end,
            due,
            flags=flags,
            strength=3 if "cham" in m["cue"] else 2,
            cued=True,
            kind="counted",
        )


def _words_end(f: str, pos: int, count: int) -> int:
    """The end of the next `count` words after `pos` (stopping at punctuation)."""
    m = re.compile(rf"(?:\s*[a-z0-9]+){{0,{count}}}").match(f, pos)
    return m.end() if m else pos


def _clause_end(f: str, pos: int) -> int:
    m = re.compile(r"[^,;.()]*").match(f, pos)
    end = m.end() if m else pos
    return pos + len(f[pos:end].rstrip())
