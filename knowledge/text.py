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
