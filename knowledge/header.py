"""Reads the layout components of Nghị định 30/2020 (số, cơ quan, ngày, tên loại, ký, nơi nhận)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from knowledge.domain import DocumentHeader
from knowledge.header_lines import (
    _BARE_NUMBER_RE,
    _DOC_TYPES,
    _NUMBER_RE,
    _STAMP_RE,
    _TITLE_LINES,
    _TYPE_BY_KEY,
    _TYPE_LINES,
    _TYPE_TITLE_RES,
    _VV_RE,
    HEADER_LINES,
    _DateHit,
    _DocType,
    _find_date,
    _has_furniture,
    _is_caps,
    _is_mark,
    _is_rule,
    _is_signing_stamp,
    _is_stamp,
    _match_number,
    _Number,
    _remove_furniture,
    _strip_markup,
    _type_from_symbol,
)
from knowledge.header_names import (
    _derive_issuer,
    _issuer_from_lines,
)
from knowledge.header_names import readable_name as readable_name  # named here, as before
from knowledge.header_signature import (
    _KINH_GUI_RE,
    _NOI_NHAN_RE,
    _find_signature,
    _is_archive,
    _looks_like_name,
    _read_recipients,
)
from knowledge.text import fold, fold_keep_length

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
        if (
            folded.startswith(("can cu", "kinh gui"))
            or re.match(r"^(?:\d+|[IVX]+)[.)]", candidate)
            or candidate.rstrip().endswith(":")
        ):
            # a line that announces what follows ("Ban Thường vụ ... yêu cầu các chi, đảng bộ:")
            # opens the body; a title never ends with a colon
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
    # A portal item opens with its headline, perhaps under the date it was posted
    # ("02/03/2021" over "UBND tỉnh chỉ đạo tổng kết ..."): the headline is its title.
    first = next((i for i, line in enumerate(lines) if line and not _POSTED.match(line)), n)
    if not ends and first < min(n, 3) and _is_headline(lines[first]):
        lay.headline = True
        lay.title_lines = [lines[first]]
        ends.append(first + 1)
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


# The posting stamp a portal puts above an item: "02/03/2021", "Ngày cập nhật 12/10/2018".
_POSTED = re.compile(
    r"^(?:(?:ngày (?:đăng|cập nhật)|cập nhật|đăng ngày)\s*:?\s*)?"
    r"\d{1,2}[/.-]\d{1,2}[/.-]\d{4}(?:\s*[-|,]?\s*\d{1,2}:\d{2}(?::\d{2})?)?$",
    re.IGNORECASE,
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
_REPORTED_TYPES_WRITTEN = "công văn|thông báo|kế hoạch|chỉ thị|quyết định|văn bản|kết luận"
_REPORTED_RE = re.compile(
    r"\b(?:ban hanh|co|ky|gui|phat hanh|ra)\s+(?:(?:mot|01)\s+)?"
    # "công văn (số 3018/...)", "công văn hỏa tốc số 8303/...", "Kế hoạch (HOẢ TỐC) số 1141/..."
    rf"(?P<type>{_REPORTED_TYPES})\s+(?:\(?(?:hoa toc|khan|thuong khan)\)?\s+)?"
    r"(?:\(\s*)?(?:so\s*)?(?::\s*)?"
    r"(?P<number>\d+(?:\s*[/-][^\s,;)]*)?)"
)
# "theo đó" (accordingly) opens what the item reports, not a citation
_CITED_BEFORE_RE = re.compile(
    r"\b(?:can cu|tren co so|thuc hien|theo(?! do\b)|tai|trien khai)\b[^.;]*$"
)
# The source a portal names for its item, usually last: "(Theo Thông báo số 229/TB-UBND ngày
# 30/11/2022)", "(Nguồn: Công văn số 6202/UBND-KT)"; or its number and date in brackets after
# the headline: "... khu vực nông thôn (3585/VP-KTN, ngày 23/10/2017)."
_SOURCE_RE = re.compile(
    rf"^(?:\(\s*(?:theo|nguon)|nguon)\s*:?\s*(?P<type>{_REPORTED_TYPES})\s+(?:so\s*)?(?::\s*)?"
    r"(?P<number>\d+\s*/\s*[^\s,;)]+)"
)
_BRACKETED_NUMBER_RE = re.compile(
    rf"\((?:(?i:{_REPORTED_TYPES_WRITTEN})\s+số\s*)?"
    r"(?P<number>\d+\s*/\s*[A-ZĐ][^\s,;)]*)\s*,\s*ngày\b"
)
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
            token = written.split()[0].rstrip(".,;:)") if written.split() else ""
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


def _source_document(lines: Sequence[str]) -> ReportedDocument | None:
    """The document a portal item names as its source, in brackets (see _SOURCE_RE)."""
    for line in lines[:3]:
        m = _BRACKETED_NUMBER_RE.search(line)
        hit = _BARE_NUMBER_RE.match(re.sub(r"\s+", "", m.group("number"))) if m else None
        if hit is not None:
            number = _match_number(hit)
            return ReportedDocument(number, _type_from_symbol(number), None, None)
    for line in lines:
        m = _SOURCE_RE.match(fold_keep_length(line.strip()))
        if m is None:
            continue
        written = line.strip()[m.start("number") : m.end("number")]
        hit = _BARE_NUMBER_RE.match(re.sub(r"\s+", "", written))
        if hit is not None:
            number = _match_number(hit)
            named = _TYPE_TITLE_RES_BY_FOLD.get(m.group("type"))
            return ReportedDocument(number, named or _type_from_symbol(number), None, None)
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
    if number is None and (
        reported := _reported_document(lay.lines, 0) or _source_document(lay.lines)
    ):
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
