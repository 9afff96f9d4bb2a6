"""Whom a cue addresses: a unit phrase, a locality by its place name, a group's members."""

from __future__ import annotations

import re

from knowledge.text import fold
from knowledge.unitphrase import UnitSpan, parse_units_at


def _has_predicate(rest: str) -> bool:
    """A subject is followed by a task when some words follow that are not just punctuation."""
    words = re.findall(r"\w+", rest)
    return len(words) >= 3


# "đề nghị xã Phố Cáo: ...", "yêu cầu huyện Mèo Vạc ...": after a cue that addresses, a level
# word and its place name, written in capitals, name the place's authority.
_LEVEL_WORD = re.compile(
    r"\s?(?P<level>xã|phường|thị trấn|thị xã|huyện|quận|tỉnh|thành phố)\b", re.IGNORECASE
)


def _addressee_at(text: str, at: int, *, addressed: bool) -> UnitSpan | None:
    """The units addressed at `at`: a unit phrase, or a locality by its place name."""
    span = parse_units_at(text, at, addressed=addressed)
    if span:
        return span
    m = _LEVEL_WORD.match(text, at)
    if not m:
        return None
    end = m.start("level") + len(m["level"])
    for _ in range(4):  # "thành phố Hồ Chí Minh"
        word = _NEXT_WORD.match(text, end)
        if not word or not word[1][0].isupper():
            break
        end = word.end()
    if end == m.start("level") + len(m["level"]):
        return None  # a level word alone is a place of the text, not whom it asks
    rest = text[end:]
    if not (rest.lstrip().startswith(":") or _has_predicate(rest)):
        return None
    return UnitSpan((text[m.start("level") : end],), m.start("level"), end)


_NEXT_WORD = re.compile(r"[ \t]+(\w+)")


# "Các đơn vị: Công an, Quân sự, trạm Y tế phải ...": a bare group, then its members by name
_BARE_GROUPS = frozenset(
    {"cac don vi", "cac co quan", "cac co quan, don vi", "cac luc luong", "cac nganh"}
)
_COLON = re.compile(r"\s*:\s*")


def _named_after_colon(body: str, span: UnitSpan) -> UnitSpan:
    """`span`, its last name replaced by the units a colon lists after it, when it is a bare
    group ("các đơn vị") and two or more units follow."""
    colon = _COLON.match(body, span.end)
    if not colon or fold(span.names[-1]).strip() not in _BARE_GROUPS:
        return span
    listed = parse_units_at(body, colon.end(), addressed=True)
    if not listed or listed.start != colon.end() or len(listed.names) < 2:
        return span
    if not _has_predicate(body[listed.end :]):
        return span
    return UnitSpan((*span.names[:-1], *listed.names), span.start, listed.end)
