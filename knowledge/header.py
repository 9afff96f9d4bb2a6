"""Reads the layout components of Nghị định 30/2020 (số, cơ quan, ngày, tên loại, ký, nơi nhận)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from knowledge.domain import DocumentHeader
from knowledge.numbers import NUMBER_WORDS_PATTERN as _WORDS_RE
from knowledge.numbers import parse_number_words
from knowledge.text import clean_line, fold, fold_keep_length

# How far from the top the header components may sit; a "Số" further down is a reference.
HEADER_LINES = 15
# The type name ("THÔNG BÁO") can sit below a long issuer block and a wrapped quốc hiệu.
_TYPE_LINES = 25
# How many lines a trích yếu or a V/v subject may wrap over.
_TITLE_LINES = 4

# --- document types (Nghị định 30/2020 Phụ lục III; Party codes from Hướng dẫn 36-HD/VPTW) ---


@dataclass(frozen=True)
class _DocType:
    key: str
    name: str
    codes: tuple[str, ...]  # ký hiệu first parts, compared upper-cased


_DOC_TYPES: tuple[_DocType, ...] = (
    _DocType("thong_bao", "Thông báo", ("TB",)),
    _DocType("ke_hoach", "Kế hoạch", ("KH",)),
    _DocType("chi_thi", "Chỉ thị", ("CT",)),
    _DocType("quyet_dinh", "Quyết định", ("QĐ",)),
    _DocType("nghi_quyet", "Nghị quyết", ("NQ",)),
    _DocType("ket_luan", "Kết luận", ("KL",)),
    _DocType("quy_che", "Quy chế", ("QC",)),
    _DocType("quy_dinh", "Quy định", ("QYĐ", "QĐI")),
    _DocType("thong_cao", "Thông cáo", ("TC",)),
    _DocType("huong_dan", "Hướng dẫn", ("HD",)),
    _DocType("chuong_trinh", "Chương trình", ("CTR",)),
    _DocType("phuong_an", "Phương án", ("PA",)),
    _DocType("de_an", "Đề án", ("ĐA",)),
    _DocType("du_an", "Dự án", ("DA",)),
    _DocType("bao_cao", "Báo cáo", ("BC",)),
    _DocType("bien_ban", "Biên bản", ("BB",)),
    _DocType("to_trinh", "Tờ trình", ("TTR",)),
    _DocType("hop_dong", "Hợp đồng", ("HĐ",)),
    _DocType("cong_dien", "Công điện", ("CĐ",)),
    _DocType("ban_ghi_nho", "Bản ghi nhớ", ("BGN",)),
    _DocType("ban_thoa_thuan", "Bản thỏa thuận", ("BTT",)),
    _DocType("giay_uy_quyen", "Giấy ủy quyền", ("GUQ",)),
    _DocType("giay_moi", "Giấy mời", ("GM",)),
    _DocType("giay_gioi_thieu", "Giấy giới thiệu", ("GGT",)),
    _DocType("giay_nghi_phep", "Giấy nghỉ phép", ("GNP",)),
    _DocType("phieu_gui", "Phiếu gửi", ("PG",)),
    _DocType("phieu_chuyen", "Phiếu chuyển", ("PC",)),
    _DocType("phieu_bao", "Phiếu báo", ("PB",)),
    _DocType("cong_van", "Công văn", ("CV",)),
    _DocType("nghi_dinh", "Nghị định", ("NĐ",)),
    _DocType("thong_tu", "Thông tư", ("TT",)),
    _DocType("thong_tu_lien_tich", "Thông tư liên tịch", ("TTLT",)),
    _DocType("thong_tri", "Thông tri", ()),
)
_TYPE_BY_KEY = {t.key: t for t in _DOC_TYPES}
_TYPE_BY_CODE = {code: t for t in _DOC_TYPES for code in t.codes}
# Matched on folded text with optional spaces between letters ("T H Ô N G  B Á O"), longest first.
_TYPE_TITLE_RES = sorted(
    (
        (
            re.compile(r"\s*".join(ch for ch in fold(t.name) if ch != " ") + r"\b"),
            t,
        )
        for t in _DOC_TYPES
    ),
    key=lambda pair: -len(pair[1].name),
)

# --- small line predicates ---

_RULE_RE = re.compile(r"^[\s\-_*=~–—.·•+]+$")
_MARKS = {
    "khan",
    "hoa toc",
    "thuong khan",
    "mat",
    "toi mat",
    "tuyet mat",
    "du thao",
    "ban sao",
    "luu hanh noi bo",
    "xem xong tra lai",
}
_FURNITURE_RES = (
    re.compile(r"cong\s*hoa\s*xa\s*hoi\s*chu\s*nghia\s*viet\s*nam"),
    re.compile(r"doc\s*lap\s*[-–—,]?\s*tu\s*do\s*[-–—,]?\s*hanh\s*phuc"),
    re.compile(r"dang\s*cong\s*san\s*viet\s*nam"),
)
_STAMP_RE = re.compile(
    r"^(?P<key>nguoi ky|ky boi|co quan|thoi gian ky|ngay ky|ky ngay|email|to chuc)\s*:\s*"
)
_SIGNED_RE = re.compile(r"^[(\[]?\s*(?:da ky|ky ten|da ky va dong dau)[^)\]]*[)\]]?\.?$")
_BULLET_RE = re.compile(r"^[-–+•*]\s*")


def _strip_markup(line: str) -> str:
    """One line without markdown emphasis or heading marks, spaces collapsed."""
    text = clean_line(line).replace("**", "").replace("__", "")
    text = re.sub(r"^#{1,6}\s+", "", text)
    # A single * or _ around the whole line is italics (the date line often is).
    if len(text) > 2 and text[0] == text[-1] and text[0] in "*_":
        text = text[1:-1]
    return text.strip()


def _is_rule(line: str) -> bool:
    """An underline drawn under the issuer, quốc hiệu or title ("-----", "___", "*")."""
    return bool(_RULE_RE.match(line))


def _is_caps(text: str) -> bool:
    """Upper case, allowing a stray lower-case letter (legacy .VnTimeH text re-cased badly)."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 2:
        return False
    return sum(c.isupper() for c in letters) >= 0.85 * len(letters)


def _is_mark(text: str) -> bool:
    return fold(text).strip(" .:!") in _MARKS


def _is_stamp(text: str) -> bool:
    return bool(_STAMP_RE.match(fold(text)))


def _is_signing_stamp(text: str) -> bool:
    return fold(text).startswith(("nguoi ky:", "nguoi ky :", "ky boi:", "ky boi :"))


def _is_signed_note(text: str) -> bool:
    return bool(_SIGNED_RE.match(fold(text)))


def _remove_furniture(text: str) -> str:
    """`text` without quốc hiệu, tiêu ngữ or the Party heading (a PDF may merge them in)."""
    folded = fold_keep_length(text)
    spans = [m.span() for rx in _FURNITURE_RES for m in rx.finditer(folded)]
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + " " + text[end:]
    return re.sub(r"\s+", " ", text).strip(" -–—_*")


def _has_furniture(text: str) -> bool:
    folded = fold_keep_length(text)
    return any(rx.search(folded) for rx in _FURNITURE_RES)


def _to_int(text: str | None) -> int | None:
    if text is None or not text.strip():
        return None
    text = text.strip()
    if text.isdigit():
        return int(text)
    return parse_number_words(text)


# --- dates ---

_BLANK = r"[\s.…_]*"
_DATE_WORDS_RE = re.compile(
    rf"\bngay\s*(?P<d>\d{{1,2}}|{_WORDS_RE})?{_BLANK}\s*thang\s*(?P<m>\d{{1,2}}|{_WORDS_RE})?"
    rf"{_BLANK}\s*nam\s+(?P<y>\d{{4}}|{_WORDS_RE})"
)
_DATE_NUM_RE = re.compile(
    r"(?:\bngay\s*)?\b(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})\b"
)


@dataclass(frozen=True)
class _DateHit:
    start: int
    end: int
    issued: date | None
    complete: bool


def _find_date(text: str) -> _DateHit | None:
    """The first issue-date expression in `text` (NFC), with its span and value."""
    folded = fold_keep_length(text)
    for rx in (_DATE_WORDS_RE, _DATE_NUM_RE):
        m = rx.search(folded)
        if m is None:
            continue
        # A bare 05/3/2024 needs "ngày" or a place before it to be a date line.
        if rx is _DATE_NUM_RE and "ngay" not in m.group(0) and "," not in folded[: m.start()]:
            continue
        day = _to_int(text[m.start("d") : m.end("d")] if m.group("d") else None)
        month = _to_int(text[m.start("m") : m.end("m")] if m.group("m") else None)
        year = _to_int(text[m.start("y") : m.end("y")])
        issued: date | None = None
        if day is not None and month is not None and year is not None and 1945 <= year <= 2100:
            try:
                issued = date(year, month, day)
            except ValueError:
                issued = None
        return _DateHit(m.start(), m.end(), issued, issued is not None)
    return None


# --- document number and ký hiệu ---

_CODE = r"[A-ZĐ][A-Za-zĐđ0-9&]*"
_SYMBOL = rf"{_CODE}(?:\s*-\s*{_CODE})*"
_PARTY_NUMBER = rf"(?P<pnum>\d+)?{_BLANK}-\s*(?P<ptype>{_CODE})\s*/\s*(?P<pbody>{_SYMBOL})"
_ADMIN_NUMBER = rf"(?P<num>\d+)?{_BLANK}/\s*(?:(?P<year>(?:19|20)\d\d)\s*/\s*)?(?P<sym>{_SYMBOL})"
_NUMBER_RE = re.compile(
    rf"^(?:Số|SỐ|Sô|So|SO)\s*[:.]?\s*(?:{_PARTY_NUMBER}|{_ADMIN_NUMBER})(?![A-Za-zĐđ0-9/])"
)
_BARE_NUMBER_RE = re.compile(
    rf"^(?:(?P<pnum>\d+)\s*-\s*(?P<ptype>{_CODE})\s*/\s*(?P<pbody>{_SYMBOL})"
    rf"|(?P<num>\d+)\s*/\s*(?:(?P<year>(?:19|20)\d\d)\s*/\s*)?(?P<sym>{_SYMBOL}))$"
)
_VV_RE = re.compile(r"^(?:V\s*/\s*[vV]|v\s*/\s*v|Về việc|VỀ VIỆC|Về v/v)\s*[:.]?\s*(?P<rest>.*)$")


@dataclass(frozen=True)
class _Number:
    number: str
    symbol: str
    party: bool
    end: int  # where the match ends in the line


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _match_number(match: re.Match[str]) -> _Number:
    if match.group("ptype"):
        symbol = _squeeze(f"{match.group('ptype')}/{match.group('pbody')}")
        return _Number(f"{match.group('pnum') or ''}-{symbol}", symbol, True, match.end())
    symbol = _squeeze(match.group("sym"))
    year = f"{match.group('year')}/" if match.group("year") else ""
    return _Number(f"{match.group('num') or ''}/{year}{symbol}", symbol, False, match.end())


def _type_from_symbol(number: _Number) -> _DocType | None:
    """The type a ký hiệu names, or công văn when it starts with an issuer code."""
    first = number.symbol.split("/" if number.party else "-")[0].upper()
    if number.party and first == "TT":
        return _TYPE_BY_KEY["thong_tri"]  # Party "TT" is thông tri, not thông tư
    if first in _TYPE_BY_CODE:
        return _TYPE_BY_CODE[first]
    return None if number.party else _TYPE_BY_KEY["cong_van"]


def _issuer_code(number: _Number) -> str:
    """The issuer part of a ký hiệu: "UBND" in TB-UBND and in UBND-VP, "HU" in 123-CV/HU."""
    if number.party:
        return number.symbol.split("/", 1)[1].split("-")[0]
    parts = number.symbol.split("-")
    if parts[0].upper() in _TYPE_BY_CODE and len(parts) > 1:
        return parts[1]
    return parts[0]


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


# --- signature ---

# Party documents write the prefixes with a slash: T/M, K/T, T/L.
_AUTH_RE = re.compile(
    r"^(?:(?P<auth>TM|KT|TL|TUQ|Q)\s*\.|(?P<pauth>T/M|K/T|T/L)\.?)\s*(?P<rest>[^\W\d_].*)$"
)
_SIGNER_TITLES = (
    "chu tich",
    "pho chu tich",
    "giam doc",
    "pho giam doc",
    "chanh van phong",
    "pho chanh van phong",
    "truong phong",
    "pho truong phong",
    "truong ban",
    "pho truong ban",
    "bi thu",
    "pho bi thu",
    "bo truong",
    "thu truong",
    "cuc truong",
    "chi cuc truong",
    "tong giam doc",
    "hieu truong",
    "chanh thanh tra",
    "truong doan",
    "thu truong co quan",
    "to truong",
)
_SURNAME_WORDS = (
    "nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly dinh dao truong lam "
    "mai ha to trinh doan luong luu cao vuong ta thai chu nong lo trieu quach lai kieu tang "
    "khong au mac giang luc hua la doan kim than vi ton nghiem dong tu dam tong ninh bach be ma "
    "hau la phung mong sam loc diep ong chau cu"
)
_SURNAMES = frozenset(_SURNAME_WORDS.split())
_NOT_NAMES = ("nhu tren", "noi nhan", "luu", "kinh gui", "da ky", "ky ten")


def _looks_like_name(text: str) -> bool:
    """2-5 capitalised words, as a signer's name is written (or in capitals after a surname)."""
    text = text.strip(" .")
    words = text.split()
    if not 2 <= len(words) <= 5 or fold(text).startswith(_NOT_NAMES):
        return False
    if not all(w.isalpha() for w in words):
        return False
    if all(w[0].isupper() and (len(w) == 1 or w[1:].islower()) for w in words):
        return True
    folded = fold(text)
    return (
        text.isupper()
        and fold(words[0]) in _SURNAMES
        and not folded.startswith(_SIGNER_TITLES)
        and not any(t in folded for t in ("chu tich", "giam doc", "van phong", "truong phong"))
    )


def _is_signer_title(text: str) -> bool:
    """A signer's title line: "CHÁNH VĂN PHÒNG", or "Phó Chủ tịch" in portal copies."""
    return len(text) <= 80 and fold(text).startswith(_SIGNER_TITLES)


@dataclass
class _Signature:
    start: int
    authority: str | None = None
    title: str | None = None
    signer: str | None = None
    collective: str | None = None  # the body after TM.


def _signature_at(lines: list[str], start: int, stop: int) -> _Signature:
    sig = _Signature(start)
    i = start
    while i < stop and (m := _AUTH_RE.match(lines[i])):
        sig.authority = f"{(m.group('auth') or m.group('pauth')).replace('/', '')}."
        if sig.authority == "TM.":
            sig.collective = m.group("rest").strip()
        else:
            sig.title = m.group("rest").strip()
        i += 1
    titles: list[str] = []
    while (
        i < stop
        and (_is_caps(lines[i]) or _is_signer_title(lines[i]))
        and not _looks_like_name(lines[i])
    ):
        if (
            _is_stamp(lines[i])
            or _is_signed_note(lines[i])
            or fold(lines[i]).startswith("noi nhan")
        ):
            break
        titles.append(lines[i])
        i += 1
    if titles:
        sig.title = " ".join(titles)
    while i < stop and i < start + 12:
        line = lines[i]
        if _looks_like_name(line):
            sig.signer = line.strip(" .")
        elif not (_is_signed_note(line) or _is_stamp(line) or _is_rule(line)):
            break
        i += 1
    return sig


def _find_signature(lines: list[str], begin: int) -> _Signature | None:
    """The first signature block at or after `begin`: an authority line or a title over a name."""
    for i in range(begin, len(lines)):
        line = lines[i]
        m = _AUTH_RE.match(line)
        # Portals may write the block in sentence case ("KT. Chủ tịch"); Q. alone is too short.
        if m and (_is_caps(m.group("rest")) or (m.group("auth") != "Q" and len(line) <= 60)):
            return _signature_at(lines, i, len(lines))
        if _is_signer_title(line) and (_is_caps(line) or len(line) <= 40):
            sig = _signature_at(lines, i, len(lines))
            if sig.signer is not None:
                return sig
    return None


# --- recipients ---

_KINH_GUI_RE = re.compile(r"^kinh\s*gui\s*:?\s*")
_NOI_NHAN_RE = re.compile(r"^noi\s*nhan\s*:?\s*")


def _item(text: str) -> str:
    return _BULLET_RE.sub("", text.strip()).strip().rstrip(";,.").strip()


def _unbullet(text: str) -> str:
    return _BULLET_RE.sub("", text.strip()).strip()


def _read_recipients(lines: list[str], head: int, rest: str) -> tuple[list[str], int]:
    """Items listed from a "Kính gửi:" or "Nơi nhận:" line; returns them and the next index."""
    raw: list[str] = []  # items without their bullets, wrapped lines rejoined
    bulleted = False
    if rest:
        raw.extend(_unbullet(p) for p in re.split(r";\s*(?=[-–+•])", rest))
        bulleted = bool(_BULLET_RE.match(rest))
        if not bulleted and not rest.rstrip().endswith(";"):
            return [_item(r) for r in raw if _item(r)], head + 1
    i = head + 1
    while i < len(lines):
        line = lines[i]
        if _BULLET_RE.match(line) and not _is_rule(line):
            raw.append(_unbullet(line))
            bulleted = True
        elif raw and line[:1].islower():
            raw[-1] = f"{raw[-1]} {line}"
        elif (
            not bulleted
            and (not raw or raw[-1].rstrip().endswith(";"))
            and len(line) < 150
            and not _is_caps(line)
            and not _AUTH_RE.match(line)
            and not re.match(r"^(?:\d+|[IVX]+)[.)]", line)
            and not fold(line).startswith(("can cu", "thuc hien", "noi nhan"))
        ):
            raw.append(line)
        else:
            break
        i += 1
    return [_item(r) for r in raw if _item(r)], i


def _is_archive(item: str) -> bool:
    """ "Lưu: VT, TH." is the office's own copy, not a recipient."""
    return bool(re.match(r"^luu\s*(?::|vt\b|van thu)", fold(item)))


# --- the layout as a whole ---


@dataclass
class _Layout:
    lines: list[str]
    number: _Number | None = None
    number_idx: int | None = None
    type_idx: int | None = None
    doc_type: _DocType | None = None
    title_lines: list[str] = field(default_factory=list)
    title_range: tuple[int, int] | None = None
    vv: bool = False
    date_idx: int | None = None
    date_hit: _DateHit | None = None
    issued_text: str | None = None
    place: str | None = None
    issuer_idx: list[int] = field(default_factory=list)
    issuer_lines: list[str] = field(default_factory=list)
    furniture_idx: list[int] = field(default_factory=list)
    kinh_gui: tuple[int, int] | None = None
    recipients_head: list[str] = field(default_factory=list)
    headline: bool = False
    body_start: int = 0
    body_end: int = 0


def _find_type_line(lines: list[str]) -> tuple[int, _DocType, str] | None:
    for i, line in enumerate(lines[:_TYPE_LINES]):
        if _NUMBER_RE.match(line) or not line[:1].isupper():
            continue
        folded = fold_keep_length(line)
        for rx, doc_type in _TYPE_TITLE_RES:
            m = rx.match(folded)
            if m and _is_caps(line[: m.end()]):
                rest = line[m.end() :].strip(" :-–—")
                return i, doc_type, rest
    return None


def _date_line(line: str) -> tuple[_DateHit, str | None, str] | None:
    """A date line: "[place,] ngày ...", alone or after the number; not a body sentence."""
    hit = _find_date(line)
    if hit is None:
        return None
    tail = line[hit.end :].strip(" .,;)*_")
    if len(tail) > 3:
        return None
    head = line[: hit.start]
    number = _NUMBER_RE.match(head)
    if number is not None:
        head = head[number.end() :]
    head = _remove_furniture(head).strip(" -–*_(")
    place: str | None = None
    if head.rstrip(", "):
        # Nghị định 30 puts a comma after the place; "Thời gian: ngày ..." is not a date line.
        place = head.rstrip(", ")
        if (
            not head.endswith(",")
            or len(place.split()) > 6
            or not place[:1].isupper()
            or any(c.isdigit() or c in ":;()" for c in place)
        ):
            return None
    found = line.find(place) if place else -1
    start = found if found >= 0 else hit.start
    return hit, place, line[start:].strip(" *_")


def _title_continues(previous: str, line: str, caps_title: bool) -> bool:
    if not line or _is_rule(line) or _has_furniture(line) or _is_stamp(line):
        return False
    folded = fold(line)
    if folded.startswith(("can cu", "kinh gui", "noi nhan")) or re.match(
        r"^(?:\d+|[IVX]+)[.)]", line
    ):
        return False
    if line[:1].islower():
        return True
    if caps_title:
        return (
            _is_caps(line)
            and not line.rstrip().endswith(":")
            and not folded.startswith(("chu tich", "uy ban", "hoi dong", "bo truong", "giam doc"))
            and _find_date(line) is None
        )
    return fold(previous).endswith(
        (" va", " voi", " cua", " cac", " tai", " cho", " ve", " giua", " tren", " doi", "-", ",")
    )


def _read_title(lines: list[str], first: int, first_text: str | None) -> tuple[list[str], int]:
    """The wrapped trích yếu starting at `first` (or `first_text` on the type line itself)."""
    parts: list[str] = []
    i = first
    if first_text:
        parts.append(first_text)
        i += 1
    else:
        while i < len(lines) and _is_rule(lines[i]):
            i += 1
        if i >= len(lines):
            return [], i
        candidate = lines[i]
        folded = fold(candidate)
        if folded.startswith(("can cu", "kinh gui")) or re.match(
            r"^(?:\d+|[IVX]+)[.)]", candidate
        ):
            return [], i
        parts.append(candidate)
        i += 1
    caps_title = _is_caps(parts[0])
    while i < len(lines) and len(parts) < _TITLE_LINES:
        if not _title_continues(parts[-1], lines[i], caps_title):
            break
        parts.append(lines[i])
        i += 1
    return parts, i


def _layout(raw_lines: Sequence[str]) -> _Layout:
    # parse_header, find_body_start and find_body_end read the same document in turn
    return _cached_layout(tuple(raw_lines))


@lru_cache(maxsize=8)
def _cached_layout(raw_lines: tuple[str, ...]) -> _Layout:
    lines = [_strip_markup(line) for line in raw_lines]
    lay = _Layout(lines=lines, body_end=len(lines))
    n = len(lines)

    type_hit = _find_type_line(lines)
    zone_end = min(n, HEADER_LINES)
    if type_hit is not None:
        zone_end = min(zone_end, type_hit[0])

    # Number, date, V/v and furniture in the header zone.
    vv_at: tuple[int, str] | None = None
    for i in range(zone_end):
        line = lines[i]
        if not line:
            continue
        if lay.number is None:
            m = _NUMBER_RE.match(line) or _BARE_NUMBER_RE.match(line)
            if m is not None:
                number = _match_number(m)
                rest = line[number.end :].strip(" ,;:.*_")
                vv = _VV_RE.match(rest)
                if (
                    len(rest) <= 40
                    or _date_line(rest) is not None
                    or _has_furniture(rest)
                    or vv is not None
                ):
                    lay.number, lay.number_idx = number, i
                    if vv is not None and vv_at is None:
                        vv_at = (i, vv.group("rest"))
                    if lay.date_hit is None and (dl := _date_line(line)) is not None:
                        lay.date_hit, lay.place, lay.issued_text = dl
                        lay.date_idx = i
                    continue
        if lay.date_hit is None and (dl := _date_line(line)) is not None:
            lay.date_hit, lay.place, lay.issued_text = dl
            lay.date_idx = i
            continue
        if _has_furniture(line) and not _remove_furniture(line):
            lay.furniture_idx.append(i)
            continue
        if _is_rule(line) or _is_mark(line):
            lay.furniture_idx.append(i)
            continue
        if type_hit is None and vv_at is None and (vv := _VV_RE.match(line)) is not None:
            vv_at = (i, vv.group("rest"))

    # "Về việc" spelled out opens body sentences too; only "V/v" stands without a number line.
    if vv_at is not None and lay.number is None and not fold(lines[vv_at[0]]).startswith("v/v"):
        vv_at = None

    # Some copies put the date line under the title or above the signature.
    late_date = False
    if lay.date_hit is None:
        for i in range(zone_end, n):
            dl = _date_line(lines[i])
            if dl is not None and dl[1] is not None:
                lay.date_hit, lay.place, lay.issued_text = dl
                lay.date_idx, late_date = i, True
                break

    # Type and title.
    if type_hit is not None:
        lay.type_idx, lay.doc_type, rest = type_hit
        first = lay.type_idx if rest else lay.type_idx + 1
        parts, after = _read_title(lines, first, rest or None)
        if rest:
            after = max(after, lay.type_idx + 1)
        lay.title_lines = parts
        lay.title_range = (lay.type_idx, after)
    elif vv_at is not None:
        lay.vv = True
        idx, rest = vv_at
        # "V/v" may stand alone with the subject on the next line.
        parts, after = _read_title(lines, idx, rest) if rest else _read_title(lines, idx + 1, None)
        lay.title_lines = parts
        lay.title_range = (idx, max(after, idx + 1))
    if lay.doc_type is None:
        if lay.number is not None:
            lay.doc_type = _type_from_symbol(lay.number)
        if lay.vv and (lay.doc_type is None or lay.number is None):
            lay.doc_type = _TYPE_BY_KEY["cong_van"]

    # Issuer lines: capitals above the number (or above the date or type line when it is missing).
    anchor = lay.number_idx
    if anchor is None:
        candidates = [i for i in (lay.date_idx, lay.type_idx) if i is not None]
        anchor = min(candidates) if candidates else None
    if anchor is not None:
        for i in range(min(anchor, zone_end)):
            line = lines[i]
            if (
                i in lay.furniture_idx
                or i == lay.date_idx
                or _is_stamp(line)
                or _VV_RE.match(line)
            ):
                continue
            text = _remove_furniture(line)
            if text and _is_caps(text) and not _is_mark(text):
                lay.issuer_lines.append(text)
                lay.issuer_idx.append(i)
        # Portal text may give the number first and the issuer after it.
        if not lay.issuer_lines and lay.number_idx is not None:
            for i in range(lay.number_idx + 1, zone_end):
                if i in lay.furniture_idx or i == lay.date_idx:
                    continue
                text = _remove_furniture(lines[i])
                if not text or not _is_caps(text) or _is_mark(text):
                    break
                lay.issuer_lines.append(text)
                lay.issuer_idx.append(i)

    # Kính gửi: right after the header or the title.
    search_from = lay.title_range[1] if lay.title_range else 0
    for i in range(0, min(n, max(search_from, zone_end) + 3)):
        m = _KINH_GUI_RE.match(fold_keep_length(lines[i]))
        if m:
            items, after = _read_recipients(
                lines,
                i,
                lines[i][m.end() :].strip(),
            )
            lay.recipients_head = items
            lay.kinh_gui = (i, after)
            break

    # Body start: after the last header component found.
    ends = [
        x + 1
        for x in (
            lay.number_idx,
            None if late_date else lay.date_idx,
            lay.type_idx,
            *lay.issuer_idx,
            *lay.furniture_idx,
        )
        if x is not None
    ]
    if lay.title_range:
        ends.append(lay.title_range[1])
    if lay.kinh_gui:
        ends.append(lay.kinh_gui[1])
    if not ends and lines and _is_headline(lines[0]):
        lay.headline = True
        lay.title_lines = [lines[0]]
        ends.append(1)
    start = max(ends, default=0)
    while start < n and (
        not lines[start]
        or _is_rule(lines[start])
        or _is_stamp(lines[start])
        or start == lay.date_idx
    ):
        start += 1
    lay.body_start = min(start, n)

    # Body end: the Nơi nhận, the signature or a signing stamp, whichever comes first.
    end = n
    for i in range(lay.body_start, n):
        if _NOI_NHAN_RE.match(fold(lines[i])) or _is_signing_stamp(lines[i]):
            end = i
            break
    sig = _find_signature(lines, lay.body_start)
    if sig is not None:
        end = min(end, sig.start)
    if (
        late_date
        and lay.date_idx is not None
        and lay.body_start < lay.date_idx < end <= lay.date_idx + 2
    ):
        end = lay.date_idx
    lay.body_end = max(end, lay.body_start)
    return lay


# Sentences that open a body, never a headline (the assignment extractor must see them).
_BODY_OPENERS = (
    "giao ",
    "yeu cau",
    "de nghi",
    "phan cong",
    "can cu",
    "thuc hien",
    "theo do",
    "ngay ",
    "sang ngay",
    "chieu ngay",
    "hom nay",
)


def _is_headline(line: str) -> bool:
    """A portal headline standing in for the title: short, not numbered, not a sentence opener."""
    return (
        len(line) <= 200
        and line[:1].isupper()
        and not re.match(r"^(?:\d+|[IVX]+|[a-zđ])[.)]", line)
        and not line.rstrip().endswith((":", ";"))
        and not _is_caps(line)
        and not fold(line).startswith(_BODY_OPENERS)
    )


# A portal item names the document it reports on in its first sentences: "Ngày 19/9/2022, UBND
# huyện đã ban hành Công văn số 4099/UBND-YT về việc ...". Only a document the item's subject
# issues counts: one it merely cites ("Trên cơ sở Công văn số 3362/SYT-NVY ...") does not.
_REPORTED_TYPES = (
    "cong van|thong bao|ke hoach|chi thi|quyet dinh|van ban|cong dien|huong dan|ket luan|"
    "chuong trinh|nghi quyet|bao cao|to trinh|giay moi"
)
_REPORTED_RE = re.compile(
    r"\b(?:ban hanh|co|ky|gui|phat hanh|ra)\s+(?:(?:mot|01)\s+)?"
    rf"(?P<type>{_REPORTED_TYPES})\s+(?:so\s*)?(?::\s*)?(?P<number>\d+(?:\s*[/-][^\s,;]*)?)"
)
_CITED_BEFORE_RE = re.compile(r"\b(?:can cu|tren co so|thuc hien|theo|tai|trien khai)\b[^.;]*$")
_REPORTED_LINES = 6


@dataclass(frozen=True)
class ReportedDocument:
    """The document a portal item reports on, as its first sentences name it."""

    number: _Number
    doc_type: _DocType | None
    issued: date | None
    title: str | None


def _reported_document(lines: Sequence[str], start: int) -> ReportedDocument | None:
    """The document the item's subject issued, named in its first body lines, if any."""
    for line in lines[start : start + _REPORTED_LINES]:
        folded = fold_keep_length(line)
        for m in _REPORTED_RE.finditer(folded):
            sentence_start = max(folded.rfind(". ", 0, m.start()) + 1, 0)
            if _CITED_BEFORE_RE.search(folded[sentence_start : m.start()]):
                continue
            written = re.sub(r"\s+(?=/)|(?<=/)\s+", "", line[m.start("number") :])
            token = written.split()[0].rstrip(".,;:") if written.split() else ""
            hit = _BARE_NUMBER_RE.match(token)
            if hit is not None:
                number = _match_number(hit)
            elif token.isdigit():
                number = _Number(token, "", False, 0)  # "công văn 2933 ngày 11/5/2022"
            else:
                continue
            named = _TYPE_TITLE_RES_BY_FOLD.get(m.group("type"))
            doc_type = named if named is not None else _type_from_symbol(number)
            after = line[m.end() :]
            issued = None
            dated = re.match(
                r"\s*,?\s*ngày\s+(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})", after
            )
            before = re.match(
                r"\s*(?:[^\W\d_]+\s+){0,2}ngày\s+(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})",
                line[sentence_start : m.start()],
                re.IGNORECASE,
            )
            found = dated or before
            if found is not None:
                try:
                    issued = date(int(found.group(3)), int(found.group(2)), int(found.group(1)))
                except ValueError:
                    issued = None
            subject = re.search(
                r"\b(?:về việc|v/v)\s+(.+?)(?:[.;]\s|[.;]?$)", after, re.IGNORECASE
            )
            title = f"Về việc {subject.group(1).strip()}" if subject else None
            return ReportedDocument(number, doc_type, issued, title)
    return None


_TYPE_TITLE_RES_BY_FOLD = {fold(t.name): t for t in _DOC_TYPES}


def find_body_start(lines: Sequence[str]) -> int:
    """Index of the first body line after the header and title block (0 when there is none)."""
    return _layout(lines).body_start


def find_body_end(lines: Sequence[str]) -> int:
    """Index where the "Nơi nhận:" or signature block starts, or len(lines) when there is none."""
    return _layout(lines).body_end


def _stamp_values(lines: list[str]) -> dict[str, str]:
    """Fields of a digital-signature stamp; only lines near its "Người ký:" count."""
    values: dict[str, str] = {}
    for anchor in (i for i, line in enumerate(lines) if _is_signing_stamp(line)):
        for line in lines[max(0, anchor - 4) : anchor + 5]:
            m = _STAMP_RE.match(fold_keep_length(line))
            if m:
                values.setdefault(m.group("key"), line[m.end() :].strip())
    return values


def _stamp_date(text: str) -> date | None:
    m = re.search(r"(\d{4})-(\d{2})-(\d{2})", text) or None
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        m = re.search(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})", text)
        if m is None:
            return None
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    try:
        return date(y, mo, d)
    except ValueError:
        return None


def parse_header(lines: list[str], *, issued_hint: date | None = None) -> DocumentHeader:
    """The layout components of an administrative document, from its NFC lines.

    Reads the số and ký hiệu, type, issuer (and its parent), place and date, trích yếu or V/v
    subject, signature and recipients; any of them may be missing. `issued_hint` is used only
    when neither the date line nor a signing stamp gives a complete date.
    """
    lay = _layout(lines)
    issuer, parent = _issuer_from_lines(lay.issuer_lines)

    stamp = _stamp_values(lay.lines)
    sig = _find_signature(lay.lines, lay.body_start)
    signer = sig.signer if sig else None
    if signer is None and "nguoi ky" in stamp and _looks_like_name(stamp["nguoi ky"]):
        signer = stamp["nguoi ky"]
    elif signer is None and "ky boi" in stamp and _looks_like_name(stamp["ky boi"]):
        signer = stamp["ky boi"]

    if issuer is None and stamp.get("co quan"):
        issuer = readable_name(stamp["co quan"])
    if issuer is None:
        issuer = _derive_issuer(
            sig.collective if sig else None, lay.number, lay.place, lay.lines[lay.body_start :]
        )

    issued = lay.date_hit.issued if lay.date_hit else None
    if issued is None:
        stamped = stamp.get("thoi gian ky") or stamp.get("ngay ky") or stamp.get("ky ngay")
        issued = _stamp_date(stamped) if stamped else None
    if issued is None:
        issued = issued_hint

    title: str | None = None
    if lay.title_lines:
        title = re.sub(r"\s+", " ", " ".join(lay.title_lines)).strip()
        if lay.vv:
            title = f"Về việc {title}" if not fold(title).startswith("ve viec") else title

    recipients = [r for r in lay.recipients_head if r and not _is_archive(r)]
    for i in range(lay.body_end, len(lay.lines)):
        m = _NOI_NHAN_RE.match(fold_keep_length(lay.lines[i]))
        if m:
            items, _ = _read_recipients(lay.lines, i, lay.lines[i][m.end() :].strip())
            recipients.extend(r for r in items if r and not _is_archive(r))
            break

    doc_type = lay.doc_type
    number = lay.number
    if number is None and (reported := _reported_document(lay.lines, 0)) is not None:
        # a portal item: the document it reports on stands for its header
        number = reported.number
        doc_type = reported.doc_type or doc_type
        if lay.date_hit is None and reported.issued is not None:
            issued = reported.issued
        title = title or reported.title
    return DocumentHeader(
        number=number.number if number else None,
        symbol=(number.symbol or None) if number else None,
        doc_type=doc_type.key if doc_type else None,
        doc_type_name=doc_type.name if doc_type else None,
        issuer=issuer,
        parent_issuer=parent,
        place=lay.place,
        issued=issued,
        issued_text=lay.issued_text,
        title=title,
        signer=signer,
        signer_title=sig.title if sig else None,
        authority=sig.authority if sig else None,
        recipients=tuple(recipients),
    )
