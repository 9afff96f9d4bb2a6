"""The signature block (chức vụ, người ký) and the recipients (Nơi nhận, Kính gửi)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.header_lines import (
    _BULLET_RE,
    _is_caps,
    _is_rule,
    _is_signed_note,
    _is_stamp,
)
from knowledge.text import fold

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
