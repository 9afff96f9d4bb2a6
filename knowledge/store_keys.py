"""Keys the store files and finds rows by (row ids, document numbers), free of SQLAlchemy."""

from __future__ import annotations

import re
from collections.abc import Iterable

from knowledge.domain import DocumentHeader
from knowledge.text import fold

# The largest row id: ids are INTEGER columns, 32 bits on PostgreSQL. A larger number typed
# in chat names no row (SQLite would overflow past 2**63, PostgreSQL refuse it on insert).
MAX_ID = 2**31 - 1
_MAX_ID_DIGITS = len(str(MAX_ID))

# app_state's row naming the units file last synced into the database (its SHA-256)
UNITS_DIGEST_KEY = "units_file_digest"

_LEADING_SO = re.compile(r"^so:?(?=[\d/])")
_LEADING_ZEROS = re.compile(r"^0+(?=\d)")
_SEQ = re.compile(r"^(\d+)")
_YEAR_IN_NUMBER = re.compile(r"^\d+/((?:19|20)\d\d)/")


def is_row_id(value: int) -> bool:
    """Whether `value` can be a row id (1 to MAX_ID)."""
    return 0 < value <= MAX_ID


def parse_id(text: str) -> int | None:
    """The row id written in `text` (ASCII digits, "#12" allowed), or None when it is none.

    Never raises: "²", "１２", 5,000 digits or 2**63 are just no id.
    """
    digits = text.strip().removeprefix("#")
    if not digits.isascii() or not digits.isdigit() or len(digits) > _MAX_ID_DIGITS:
        return None
    value = int(digits)
    return value if is_row_id(value) else None


def number_key(number: str | None) -> str | None:
    """A document number folded for comparison: "Số: 05/TB-UBND" -> "5/tb-ubnd"."""
    if not number:
        return None
    key = re.sub(r"\s+", "", fold(number))
    key = _LEADING_ZEROS.sub("", _LEADING_SO.sub("", key))
    return key or None


def number_seq(key: str | None) -> int | None:
    """The running number a number key starts with: "45/tb-ubnd" -> 45."""
    match = _SEQ.match(key or "")
    return int(match.group(1)) if match else None


def number_matches(query_key: str, stored_key: str | None, stored_seq: int | None) -> bool:
    """Whether a stored document answers to a number asked loosely: digits alone ("45") match
    its running number; anything else its whole key or a prefix of it ("45/tb" of
    "45/tb-ubnd"). The store's SQL filter says the same (row_views._document_condition)."""
    if query_key.isdigit():
        return stored_seq == int(query_key)
    return stored_key is not None and stored_key.startswith(query_key)


def identity_key(header: DocumentHeader) -> str | None:
    """(issuer, number, year) of a numbered document; (issuer, date, title) when the number is
    blank; None when neither can be told.

    Numbers restart every year, so the year belongs to the identity; a QPPL number carries
    its own year, which stands in when the date line is missing.
    """
    key = number_key(header.number)
    if key is None or number_seq(key) is None:
        # A notice with a blank number is still one notice: the same title from the same
        # issuer on the same day, whether it arrives as .txt, .docx or .pdf.
        if header.title and header.issued is not None and header.issuer:
            title = re.sub(r"\W+", " ", fold(header.title)).strip()
            return f"{fold(header.issuer)}|{key or ''}|{header.issued.isoformat()}|{title}"
        return None
    if header.issued is not None:
        year = str(header.issued.year)
    else:
        in_number = _YEAR_IN_NUMBER.match(key)
        year = in_number.group(1) if in_number else ""
    return f"{fold(header.issuer or '')}|{key}|{year}"


def close_over_groups(keys: Iterable[str], groups: Iterable[tuple[str, set[str]]]) -> set[str]:
    """`keys` and the key of every group (key, its members' keys) that lists one of them as a
    member, however deeply (groups of groups)."""
    closure = set(keys)
    listed = list(groups)
    grew = True
    while grew:
        grew = False
        for key, members in listed:
            if key not in closure and members & closure:
                closure.add(key)
                grew = True
    return closure
