"""Issuer names: readable case for names written in capitals, the issuer read from its lines."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from knowledge.header_lines import (
    _is_caps,
    _issuer_code,
    _Number,
)
from knowledge.text import fold

# --- readable case for names written in capitals ---

_LOCALITIES: tuple[tuple[str, ...], ...] = (
    ("thành", "phố"),
    ("thị", "trấn"),
    ("thị", "xã"),
    ("đặc", "khu"),
    ("tỉnh",),
    ("huyện",),
    ("xã",),
    ("phường",),
    ("quận",),
)
_UNIT_TYPES: tuple[tuple[str, ...], ...] = tuple(
    sorted(
        (
            ("ủy", "ban"),
            ("uỷ", "ban"),
            ("văn", "phòng"),
            ("chi", "cục"),
            ("tổng", "cục"),
            ("trung", "tâm"),
            ("hội", "đồng"),
            ("công", "an"),
            ("thanh", "tra"),
            ("kho", "bạc"),
            ("bệnh", "viện"),
            ("chi", "nhánh"),
            ("đảng", "ủy"),
            ("đảng", "uỷ"),
            ("đảng", "bộ"),
            ("đảng", "đoàn"),
            ("chi", "bộ"),
            ("liên", "đoàn"),
            ("thường", "trực"),
            ("ban",),
            ("sở",),
            ("phòng",),
            ("bộ",),
            ("cục",),
            ("vụ",),
            ("hội",),
            ("đoàn",),
            ("viện",),
            ("trường",),
        ),
        key=len,
        reverse=True,
    )
)
# Phrases whose capitals do not follow the unit-type rule; 1 = capitalise that syllable.
_FIXED: tuple[tuple[tuple[str, ...], tuple[int, ...]], ...] = (
    (("ủy", "ban", "nhân", "dân"), (1, 0, 0, 0)),
    (("uỷ", "ban", "nhân", "dân"), (1, 0, 0, 0)),
    (("hội", "đồng", "nhân", "dân"), (1, 0, 0, 0)),
    (("việt", "nam"), (1, 1)),
    (("tổ", "quốc"), (1, 0)),
    (("trung", "ương"), (1, 0)),
    (("chính", "phủ"), (1, 0)),
    (("quốc", "hội"), (1, 0)),
    (("hồ", "chí", "minh"), (1, 1, 1)),
)
_SYLLABLE_RE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]+(?:ng|nh|ch|[cmnpt])?$"
)
_PARTY_COMMITTEE = ("tỉnh", "huyện", "thành", "quận", "thị", "đảng", "xã", "phường")


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:].lower()


def _is_abbreviation(word: str) -> bool:
    """UBND, HĐND, MTTQ, TN&MT, BCĐ389: capitals that do not spell a Vietnamese syllable."""
    core = word.strip(".,;:()")
    if not core or (not core.isupper() and not any(c.isdigit() or c == "&" for c in core)):
        return False
    if any(c.isdigit() or c == "&" for c in core):
        return True
    return len(core) > 1 and not _SYLLABLE_RE.match(fold(core))


def _starts_with(words: Sequence[str], i: int, phrase: tuple[str, ...]) -> bool:
    got = tuple(w.lower().strip(".,;:") for w in words[i : i + len(phrase)])
    return got == phrase


def readable_name(text: str) -> str:
    """A name written in capitals, in the case a sentence uses.

    "ỦY BAN NHÂN DÂN HUYỆN TÂN YÊN" -> "Ủy ban nhân dân huyện Tân Yên"; abbreviations (UBND,
    HĐND, MTTQ) stay upper; the name after huyện/tỉnh/xã/thị trấn/thành phố/phường is
    capitalised; the first word of a unit's field after its type is capitalised
    ("PHÒNG NỘI VỤ" -> "Phòng Nội vụ"). Text that is not in capitals is returned unchanged.
    """
    text = re.sub(r"\s+", " ", text).strip()
    if not _is_caps(text):
        return text
    words = text.split(" ")
    out: list[str] = []
    cap_next = True  # the first word of the name, or of a field after a unit type
    proper = False  # inside a place name
    unit_ok = True  # a unit type can start here ("VỤ" after "NỘI" is a field word, not a unit)
    i = 0
    while i < len(words):
        word = words[i]
        if _is_abbreviation(word):
            out.append(word)
            cap_next, proper, unit_ok = False, False, True
            i += 1
            continue
        locality = next((p for p in _LOCALITIES if _starts_with(words, i, p)), None)
        if locality == ("xã",) and _starts_with(words, i + 1, ("hội",)):
            locality = None  # "XÃ HỘI" is "social", not a commune
        if locality is not None:
            n = len(locality)
            committee = _starts_with(words, i + n, ("ủy",)) or _starts_with(words, i + n, ("uỷ",))
            if committee:  # "HUYỆN ỦY TÂN YÊN" is a Party committee, not a place
                out.append(_cap(words[i]) if not out else words[i].lower())
                out.extend(w.lower() for w in words[i + 1 : i + n + 1])
                i += n + 1
            else:
                first = _cap(words[i]) if not out else words[i].lower()
                out.append(first)
                out.extend(w.lower() for w in words[i + 1 : i + n])
                i += n
            cap_next, proper, unit_ok = False, True, False
            continue
        fixed = next((f for f in _FIXED if _starts_with(words, i, f[0])), None)
        if fixed is not None:
            phrase, pattern = fixed
            for j, flag in enumerate(pattern):
                w = words[i + j]
                out.append(_cap(w) if flag or (j == 0 and (cap_next or proper)) else w.lower())
            i += len(phrase)
            cap_next, unit_ok = False, False
            continue
        unit = None
        if unit_ok and not proper:
            unit = next((u for u in _UNIT_TYPES if _starts_with(words, i, u)), None)
        if unit is not None:
            n = len(unit)
            out.append(_cap(words[i]))
            out.extend(w.lower() for w in words[i + 1 : i + n])
            i += n
            cap_next, unit_ok = True, False
            continue
        low = word.lower()
        if low in ("và", "-", "–", "của"):
            out.append(low)
            cap_next, proper, unit_ok = low != "của", False, True
        elif proper or cap_next:
            out.append(_cap(word))
            cap_next, unit_ok = False, False
        else:
            out.append(low)
            unit_ok = False
        if word.endswith(","):
            cap_next, proper, unit_ok = True, False, True
        i += 1
    return " ".join(out)


_LOCALITY_TAIL_RE = re.compile(
    r"\b(?:thành phố|thị trấn|thị xã|đặc khu|tỉnh|huyện|xã|phường|quận)\s+[A-ZĐÂĂÊÔƠƯ\w].*$"
)
_GENERIC_CHILDREN = {
    "van phong",
    "ban thuong truc",
    "thuong truc",
    "ban thuong vu",
    "ban chap hanh",
    "dang uy",
    "dang doan",
    "ban can su dang",
    "cong doan",
    "chi bo",
}


def _locality_tail(name: str) -> str | None:
    m = _LOCALITY_TAIL_RE.search(name)
    if m is None:
        return None
    tail = m.group(0)
    # "huyện ủy" names a Party committee, not a place.
    return None if fold(tail).split()[1] == "uy" else tail


def _compose(child: str, parent: str | None) -> str:
    """The full name of a unit under its parent: "Văn phòng" + "UBND tỉnh X" -> one name."""
    if parent is None:
        return child
    if fold(child) in _GENERIC_CHILDREN:
        return f"{child} {parent}"
    if _locality_tail(child) is not None or re.match(
        r"^(?:Tỉnh|Huyện|Thành|Quận|Thị|Đảng|Xã|Phường) [uủ]ỷ?", child
    ):
        return child
    tail = _locality_tail(parent)
    return f"{child} {tail}" if tail else f"{child} {parent}"


def _group_issuer_lines(lines: list[str]) -> list[str]:
    """Caps lines grouped into bodies: "ỦY BAN NHÂN DÂN" + "HUYỆN TÂN YÊN" is one body."""
    groups: list[str] = []
    for line in lines:
        words = line.split()
        lead = next((p for p in _LOCALITIES if _starts_with(words, 0, p)), None)
        committee = lead is not None and (
            _starts_with(words, len(lead), ("ủy",)) or _starts_with(words, len(lead), ("uỷ",))
        )
        joins = groups and (
            (lead is not None and not committee)
            or fold(line).startswith(("va ", "- ", "cua "))
            or fold(groups[-1]).endswith((" va", "-", ","))
        )
        if joins:
            groups[-1] = f"{groups[-1]} {line}"
        else:
            groups.append(line)
    return groups


def _issuer_from_lines(lines: list[str]) -> tuple[str | None, str | None]:
    groups = [readable_name(g) for g in _group_issuer_lines(lines)]
    if not groups:
        return None, None
    names: list[str] = []
    for group in groups:
        names.append(_compose(group, names[-1] if names else None))
    return names[-1], names[-2] if len(names) > 1 else None


_SELF_LEVEL_RE = re.compile(
    r"\b(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân|HĐND|Hội đồng nhân dân)\s+"
    r"(?P<level>thành phố|thị trấn|thị xã|tỉnh|huyện|xã|phường|quận)\b(?!\s+[A-ZĐ])"
)


def _derive_issuer(
    collective: str | None, number: _Number | None, place: str | None, lines: list[str]
) -> str | None:
    """An issuer from the signature's TM. body or the ký hiệu, placed by the place line."""
    base: str | None = None
    if collective:
        base = readable_name(collective)
        if _locality_tail(base):
            return base
    elif number is not None and not number.party:
        base = {"UBND": "UBND", "HĐND": "HĐND"}.get(_issuer_code(number).upper())
    if base is None or place is None:
        return None
    # The body names itself "UBND huyện" (no name after it) throughout its own text.
    levels = Counter(m.group("level") for line in lines for m in _SELF_LEVEL_RE.finditer(line))
    if not levels:
        return None
    return f"{base} {levels.most_common(1)[0][0]} {place}"
