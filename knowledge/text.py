"""Vietnamese text normalisation: NFC for storage, an accent-free fold for search and matching."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")
# Spacing accents that some PDF producers emit beside a vowel instead of a combining mark.
_SPACING_TO_COMBINING = {
    "\u00b4": "\u0301",  # acute
    "\u02cb": "\u0300",  # grave (modifier letter)
    "\u02dc": "\u0303",  # small tilde
    "\u02c0": "\u0309",  # hook (glottal stop modifier, seen as hỏi)
}
_D_MAP = str.maketrans({"đ": "d", "Đ": "D", "Ð": "D", "ð": "d"})


def nfc(text: str) -> str:
    """Return `text` in Unicode NFC, the one form every stored and compared string takes."""
    return unicodedata.normalize("NFC", text)


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
    return base.translate(_D_MAP).casefold()


def _fold_tables() -> tuple[dict[int, str | None], dict[int, str]]:
    """Translation tables over Latin letters and Vietnamese: one for the search fold (combining
    marks dropped) and one that keeps every character's place (marks become spaces)."""
    drop: dict[int, str | None] = {}
    keep: dict[int, str] = {}
    for cp in [*range(0x80, 0x250), *range(0x300, 0x370), *range(0x1E00, 0x1F00), *range(65, 91)]:
        ch = chr(cp)
        if unicodedata.combining(ch):
            drop[cp] = None
            keep[cp] = " "
            continue
        folded = _fold_char(ch)
        drop[cp] = folded
        keep[cp] = folded[:1] or " "
    return drop, keep


_FOLD_DROP, _FOLD_KEEP = _fold_tables()


def fold(text: str) -> str:
    """Accent-free, lower-case, single-spaced key: NFD, drop marks, đ→d (FTS5 does not fold đ)."""
    folded = text.translate(_FOLD_DROP)
    if not folded.isascii():
        # characters outside the table (dashes, quotes, rare scripts): only they take the
        # general path (the rest is ASCII already, and lower-case)
        folded = _NON_ASCII.sub(lambda m: _fold_char(m.group()), folded)
    return single_spaced(folded)


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


# Texts longer than this are single-spaced a piece at a time: re.sub keeps every piece
# between two matches until it joins them (300 MB for the 18 MB text of one document).
_SPACING_PIECE = 1 << 16


def single_spaced(text: str) -> str:
    """`text` with each run of whitespace as one space, trimmed."""
    if len(text) <= _SPACING_PIECE:
        return _SPACES.sub(" ", text).strip()
    out: list[str] = []
    for start in range(0, len(text), _SPACING_PIECE):
        piece = _SPACES.sub(" ", text[start : start + _SPACING_PIECE])
        if out and out[-1].endswith(" ") and piece.startswith(" "):
            piece = piece[1:]  # a run of spaces across the cut
        out.append(piece)
    return "".join(out).strip()


def fold_keep_length(text: str) -> str:
    """Fold character by character so that offsets in the result match offsets in `text`.

    `text` must be NFC. Every character maps to exactly one character, which lets a regex run on
    the folded text and the match be cut from the original.
    """
    folded = text.translate(_FOLD_KEEP)
    if folded.isascii():
        return folded
    return "".join(c if c.isascii() else (_fold_char(c)[:1] or " ") for c in folded)


# Control and format characters (Unicode categories Cc and Cf, newline excepted), surrogates
# and private use: what Word and PDF producers leave between letters.
_CONTROL = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u180e"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\ud800-\udfff\ue000-\uf8ff]"
)


def clean_line(text: str) -> str:
    """NFC, no control characters, tabs and runs of spaces collapsed, trimmed."""
    text = nfc(text.replace("\u00a0", " ").replace("\u00ad", ""))
    if _CONTROL.search(text):
        text = _CONTROL.sub(" ", text)
    return single_spaced(text)


# What no database, JSON column or spreadsheet takes: C0 and C1 controls (tab and line feed
# excepted), surrogates (a lone one cannot be encoded) and the two non-characters XML refuses.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """Text as it may be stored: NFC, line breaks as "\\n", unsafe characters as spaces.

    For what people type or send (chat messages, names, notes, command-line values): unlike
    `clean_line` it keeps line breaks and spacing, and drops nothing a user meant to write.
    A NUL, a control character or a lone surrogate would otherwise fail on PostgreSQL, in
    JSON or in an Excel file, far from where it came in.
    """
    if text.isascii() and text.isprintable():
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return nfc(_UNSAFE.sub(" ", text))


# Old-style tone placement ("hoà", "uỷ") -> the placement NFC text from modern typing uses.
_OLD_TONES = {
    "oà": "òa",
    "oá": "óa",
    "oả": "ỏa",
    "oã": "õa",
    "oạ": "ọa",
    "oè": "òe",
    "oé": "óe",
    "oẻ": "ỏe",
    "oẽ": "õe",
    "oẹ": "ọe",
    "uỳ": "ùy",
    "uý": "úy",
    "uỷ": "ủy",
    "uỹ": "ũy",
    "uỵ": "ụy",
}
_OLD_TONE_RE = re.compile("|".join(_OLD_TONES), re.IGNORECASE)


def normalize_tones(text: str) -> str:
    """Put tone marks where modern spelling puts them: "hoà" -> "hòa", "Uỷ" -> "Ủy".

    A cluster followed by another vowel or a final consonant keeps its mark ("hoàn", "toán").
    """

    def repl(m: re.Match[str]) -> str:
        end = m.end()
        if end < len(text) and text[end].isalpha():
            return m.group()
        new = _OLD_TONES[m.group().lower()]
        return (
            new.upper()
            if m.group().isupper()
            else (new[0].upper() + new[1:] if m.group()[0].isupper() else new)
        )

    return _OLD_TONE_RE.sub(repl, nfc(text))


def match_key(text: str) -> str:
    """Lower-case NFC with modern tone placement: compares document words keeping diacritics."""
    return normalize_tones(text).lower()
