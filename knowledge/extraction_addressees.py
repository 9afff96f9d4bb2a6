"""Whom a clause names: a unit phrase, a locality by its place name, a group's members, a
long name up to its role."""

from __future__ import annotations

import re

from knowledge.text import fold
from knowledge.unitphrase import UnitSpan, opens_with_predicate, parse_units_at


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
    end = place_name_end(text, m.end(), 4)  # "thành phố Hồ Chí Minh"
    if end == m.end():
        return None  # a level word alone is a place of the text, not whom it asks
    rest = text[end:]
    if not (rest.lstrip().startswith(":") or _has_predicate(rest)):
        return None
    return UnitSpan((text[m.start("level") : end],), m.start("level"), end)


def place_name_end(text: str, at: int, most: int) -> int:
    """Where the place name written in capitals from `at` ends, at most `most` words on (`at`
    when no word there is capitalised)."""
    end = at
    for _ in range(most):
        word = _NEXT_WORD.match(text, end)
        if not word or not word[1][0].isupper():
            break
        end = word.end()
    return end


_NEXT_WORD = re.compile(r"[ \t]*(\w+)")


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


# "Văn phòng Điều phối Chương trình mục tiêu Quốc gia xây dựng NTM ... tỉnh chủ trì, phối hợp
# ...": a long name in small letters, up to the role that follows it.
_UP_TO_LEAD_ROLE = re.compile(r"[^,.;:()]{1,120}?(?=\s+chủ trì\s*(?:,|phối hợp|và)\s)")
_LONG_NAME_WORDS = 15
_NOT_IN_A_NAME = re.compile(
    r"\b(?:giao|yêu cầu|đề nghị|chỉ đạo|phân công|có|là|cũng|được|sẽ|đã|cần|phải)\b", re.I
)


def _named_up_to_lead_role(body: str, span: UnitSpan) -> UnitSpan:
    """`span`, its one name run on to "chủ trì, phối hợp" when only words of no clause of
    their own lie between (no punctuation, at most 15 words)."""
    if len(span.names) != 1:
        return span
    more = _UP_TO_LEAD_ROLE.match(body, span.end)
    if (
        not more
        or len(more.group().split()) > _LONG_NAME_WORDS
        or _NOT_IN_A_NAME.search(more.group())
        or opens_with_predicate(more.group())
    ):
        return span  # "UBND tỉnh giao Sở X chủ trì", "Sở Y tế có trách nhiệm chủ trì"
    return UnitSpan((body[span.start : more.end()].strip(),), span.start, more.end())
