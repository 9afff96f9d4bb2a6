"""Vietnamese text normalisation: NFC for storage, an accent-free fold for search and matching."""

from __future__ import annotations

import re
import unicodedata

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


def fold(text: str) -> str:
    """Accent-free, lower-case, single-spaced key: NFD, drop marks, đ→d (FTS5 does not fold đ)."""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", stripped.translate(_D_MAP).casefold()).strip()


def fold_keep_length(text: str) -> str:
    """Fold character by character so that offsets in the result match offsets in `text`.

    `text` must be NFC. Every character maps to exactly one character, which lets a regex run on
    the folded text and the match be cut from the original.
    """
    out = []
    for ch in text:
        base = unicodedata.normalize("NFD", ch)[:1] or ch
        out.append(base.translate(_D_MAP).lower()[:1] or " ")
    return "".join(out)


def clean_line(text: str) -> str:
    """NFC, no control characters, tabs and runs of spaces collapsed, trimmed."""
    text = nfc(text.replace("\u00a0", " ").replace("\u00ad", ""))
    text = "".join(c if c == "\n" or unicodedata.category(c)[0] != "C" else " " for c in text)
    return _SPACES.sub(" ", text).strip()
