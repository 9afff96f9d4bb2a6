"""What a header is read from: document types, line predicates, dates and document numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

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
