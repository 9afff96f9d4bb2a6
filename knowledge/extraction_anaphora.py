"""Anaphora: a lead written as a bare head or as "the units above" is the units named before."""

from __future__ import annotations

import re
from dataclasses import replace

from knowledge.domain import ExtractedAssignment
from knowledge.text import match_key
from knowledge.unitphrase import parse_units_at, unit_spans

# A lead written as its head alone ("yêu cầu lãnh đạo, công chức phòng ...", "Ban ...") is the
# unit of that kind the document named last before it, if any.
# Only heads of bodies: "công chức", "cán bộ" alone mean the staff at large, not one of them.
_BARE_HEADS = frozenset(
    match_key(h)
    for h in (
        "phòng",
        "ban",
        "tổ",
        "tổ công tác",
        "đội",
        "trung tâm",
        "hội",
        "chi hội",
        "chi bộ",
        "đoàn",
        "trường",
        "trạm",
        "ban chỉ đạo",
        "ban quản lý",
        "hội đồng",
        "văn phòng",
        "thường trực",
    )
)


# A lead that points back at units listed before it: "các đơn vị trên", "hai xã nêu trên".
_PLURAL_ANAPHOR = re.compile(
    r"^(?:các|những|hai|ba|bốn|năm|\d+)\s+(?P<kind>đơn vị|cơ quan|địa phương|tổ chức|"
    r"cơ quan,\s*đơn vị|xã|phường|huyện|phòng|sở|đảng bộ|chi bộ|trường)"
    r"\s+(?:trên|nêu trên|này|đó|vừa nêu|kể trên|được chọn)$",
    re.IGNORECASE,
)
_ANY_KIND = frozenset({"đơn vị", "cơ quan", "địa phương", "tổ chức"})


def _resolve_bare_heads(
    found: list[ExtractedAssignment], lines: list[str]
) -> list[ExtractedAssignment]:
    if not any(
        _PLURAL.sub("", match_key(n)) in _BARE_HEADS or _PLURAL_ANAPHOR.match(n)
        for a in found
        for n in a.lead
    ):
        return found
    text = "\n".join(lines)
    # a name written after a number is a plural too: "10 Tổ công tác giúp đỡ thôn ..."
    named = [
        (pos, f"{counted.group(0)}{n}" if (counted := _COUNT_BEFORE.search(text, 0, pos)) else n)
        for pos, n in _names_with_offsets(text)
    ]
    out = []
    for a in found:
        at = text.find(a.quote[:60]) if a.quote else -1
        lead = tuple(r for n in a.lead for r in _antecedents(n, named, at))
        out.append(replace(a, lead=tuple(dict.fromkeys(lead))) if lead != a.lead else a)
    return out


def _antecedents(name: str, named: list[tuple[int, str]], at: int) -> tuple[str, ...]:
    """What a lead names once resolved: the list a plural anaphor points back at (the last
    one written before it, of that kind), the unit a bare head stands for, or itself."""
    m = _PLURAL_ANAPHOR.match(name)
    if m is None or at < 0:
        return (_antecedent(name, named, at),)
    kind = match_key(m.group("kind"))
    lists: dict[int, list[str]] = {}
    for pos, n in named:
        if pos < at and not _PLURAL_ANAPHOR.match(n):
            lists.setdefault(pos, []).append(n)
    for _pos, names in sorted(lists.items(), reverse=True):
        if len(names) < 2:
            continue
        if kind in _ANY_KIND or all(match_key(n).startswith(kind + " ") for n in names):
            return tuple(names)
    return (name,)


def _names_with_offsets(text: str) -> list[tuple[int, str]]:
    """Every unit name in `text`, with where it starts; a name never runs past its line."""
    out: list[tuple[int, str]] = []
    at = 0
    for line in text.split("\n"):
        for start, _end in unit_spans(line):
            span = parse_units_at(line, start)
            if span:
                out.extend((at + span.start, n) for n in span.names)
        at += len(line) + 1
    return out


# "các", "những" or a number before a name: a plural ("các Tổ", "10 Tổ công tác ...").
_PLURAL = re.compile(r"^(?:các|những|\d+)\s+")
# on the name's own line: a title ending "tháng 1" above is no count
_COUNT_BEFORE = re.compile(r"(?<![\d/.,])\b\d{1,3}[ \t]+$")


def _antecedent(name: str, named: list[tuple[int, str]], at: int) -> str:
    """The unit a bare head stands for: the last one of that kind named before it; a plural
    bare head ("Các Tổ") stands only for a plural named before ("10 Tổ công tác ...")."""
    key = match_key(name)
    plural = _PLURAL.match(key)
    head = key[plural.end() :] if plural else key
    if head not in _BARE_HEADS or at < 0:
        return name
    before = [
        n
        for pos, n in named
        if pos < at
        and match_key(n) != key
        and (not plural or _PLURAL.match(match_key(n)))
        and _PLURAL.sub("", match_key(n)).startswith(head + " ")
    ]
    return before[-1] if before else name
