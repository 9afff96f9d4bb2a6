"""Text encoding decisions: legacy TCVN3/VNI detection and conversion, and plain-text decoding."""

from __future__ import annotations

import codecs
import re
import unicodedata

from knowledge.text import nfc

TCVN3 = "tcvn3"
VNI = "vni"
LEGACY_ENCODINGS = (TCVN3, VNI)

# PDF producers put a subset tag in front of embedded font names ("ABCDEF+.VnTime").
_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")

# Letters only Unicode Vietnamese has: Latin Extended-A/B vowels and đ, the Latin Extended
# Additional block, and the combining marks of decomposed text (tones, circumflex, breve,
# horn). Legacy 8-bit text read as Latin-1 never contains them, so their presence means the
# text is already Unicode.
_UNICODE_ONLY = re.compile(
    "[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0"
    "\u1ea0-\u1ef9\u0300-\u0303\u0306\u0309\u031b\u0323]"
)
# The upper half of Latin-1, where both legacy encodings keep their letters and marks.
_HIGH_LATIN1 = re.compile("[\u00a0-\u00ff\u2212\u2219]")

# A Vietnamese syllable once its tone mark is removed (lower case): onset, vowels, coda.
_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
    r"[aăâeêioôơuưy]{1,3}"
    r"(?:ch|ng|nh|[cmnpt])?"
)
_TONES = dict.fromkeys(map(ord, "\u0300\u0301\u0303\u0309\u0323"))
_WORD = re.compile(r"\S+")
_TOKEN_EDGE = ".,;:!?()[]{}\"'“”‘’*/-–…"
# Gains below this many words are noise (a "µm" or a "§ 3" beside Unicode text).
_MIN_GAINED_WORDS = 3
_MIN_GOOD_RATIO = 0.85
# A word that is not a syllable weighs this many syllables: the wrong table turns many
# words into syllables too, but it also leaves many that are not.
_BAD_WEIGHT = 4

# PDF text layers of .VnTime give ư (byte 0xAD) as U+2212 and ã (0xB7) as U+2219. viparse
# restores them only beside a letter; "−¬ng" (ương) starts with TCVN3's ơ byte, not a letter.
_PDF_GLYPHS = {"\u2212": "\u00ad", "\u2219": "\u00b7"}
_PDF_GLYPH = re.compile(r"(?<=[^\W\d_])[\u2212\u2219]|[\u2212\u2219](?=[^\W\d_]|[\u00a1-\u00fe])")

# VNI keeps ẳ/Ẳ as base + U+00FA/U+00DA; viparse's VNI table does not have them yet.
_VNI_GAPS = (("aú", "ẳ"), ("AÚ", "Ẳ"))


def font_encoding(font: str | None) -> str | None:
    """The legacy encoding a font name implies: `.Vn*` fonts are TCVN3, `VNI*` fonts are VNI."""
    if not font:
        return None
    name = _SUBSET_TAG.sub("", font.strip()).upper()
    if name.startswith(".VN"):
        return TCVN3
    if name.startswith("VNI"):
        return VNI
    return None


def is_capitals_font(font: str | None) -> bool:
    """Whether a TCVN3 font draws every letter as a capital (`.VnTimeH`, `.VnArialH`...)."""
    if font_encoding(font) != TCVN3 or font is None:
        return False
    return _SUBSET_TAG.sub("", font.strip()).rstrip().endswith("H")


# Unicode Vietnamese keeps roughly half its accented letters in Latin-1 (à, é, ô...); legacy
# text has only those. A stray Unicode letter inside a legacy run must not veto its conversion.
_LATIN1_PER_UNICODE_LETTER = 4


def _count(pattern: re.Pattern[str], text: str) -> int:
    """How many characters of `text` the one-character `pattern` matches (findall would build
    a list of them: 175 MB for 18 MB of Vietnamese)."""
    return len(text) - len(pattern.sub("", text))


def has_unicode_vietnamese(text: str) -> bool:
    """Whether `text` reads as Unicode Vietnamese: letters only Unicode has, in a fair share.

    A stray Unicode letter pasted into a long legacy run does not make the run Unicode.
    """
    text = sample(text)
    unicode_only = _count(_UNICODE_ONLY, text)
    if not unicode_only:
        return False
    return unicode_only * _LATIN1_PER_UNICODE_LETTER >= _count(_HIGH_LATIN1, text)


# How much of a long text the encoding decisions look at: far more than they need, and a
# bound on what they cost (a whole 18 MB text took hundreds of megabytes).
SAMPLE_CHARS = 512 * 1024


def sample(text: str) -> str:
    """The start of `text` the encoding decisions are made on (all of it when short)."""
    if len(text) <= SAMPLE_CHARS:
        return text
    cut = text.rfind(" ", 0, SAMPLE_CHARS)
    return text[: cut if cut > 0 else SAMPLE_CHARS]


def _word_counts(text: str) -> tuple[int, int]:
    """(Vietnamese-looking, other) counts over words holding a non-ASCII character."""
    good = bad = 0
    for match in _WORD.finditer(text):
        word = match.group().strip(_TOKEN_EDGE)
        if len(word) < 2 or word.isascii():
            continue
        decomposed = unicodedata.normalize("NFD", word.lower())
        bare = nfc(decomposed.translate(_TONES))
        tones = sum(1 for c in decomposed if ord(c) in _TONES)
        if tones <= 1 and _SYLLABLE.fullmatch(bare):
            good += 1
        else:
            bad += 1
    return good, bad


def detect_legacy(text: str) -> str | None:
    """Which legacy encoding a whole text is in: "tcvn3", "vni", or None (Unicode or unsure).

    Conservative: text holding any Unicode-only Vietnamese letter is Unicode; otherwise each
    table is tried and accepted only when it turns many non-ASCII words into Vietnamese
    syllables and clearly beats the other table and the text as it stands.
    """
    text = sample(text)
    if has_unicode_vietnamese(text) or _count(_HIGH_LATIN1, text) < _MIN_GAINED_WORDS:
        return None
    base_good, base_bad = _word_counts(text)
    base_score = base_good - _BAD_WEIGHT * base_bad
    scored: list[tuple[int, int, float, str]] = []
    for encoding in LEGACY_ENCODINGS:
        good, bad = _word_counts(convert_legacy(text, encoding))
        ratio = good / (good + bad) if good + bad else 0.0
        scored.append((good - _BAD_WEIGHT * bad, good - base_good, ratio, encoding))
    scored.sort(reverse=True)
    score, gained, ratio, encoding = scored[0]
    if score <= base_score or gained < _MIN_GAINED_WORDS or ratio < _MIN_GOOD_RATIO:
        return None
    return encoding


_CAPS_TOKEN = re.compile(r"\w+")


def _recapitalise(text: str) -> str:
    """Upper-case words whose other letters are capitals (`HUYệN` -> `HUYỆN`).

    TCVN3 has no capital toned letters: `.VnTimeH` draws lower-case bytes as capitals, so a
    converted heading comes back with lower-case toned letters among its capitals.
    """

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        letters = [c for c in word if c.isalpha()]
        lower = [c for c in letters if c.islower()]
        if lower and len(letters) - len(lower) >= 2 and all(not c.isascii() for c in lower):
            return word.upper()
        return word

    return _CAPS_TOKEN.sub(fix, text)


def convert_legacy(text: str, encoding: str) -> str:
    """Convert TCVN3 or VNI text (bytes shown as Latin-1 characters) to Unicode NFC.

    Whitespace at the edges and line breaks are kept, so converted runs can be joined.
    """
    if encoding not in LEGACY_ENCODINGS:
        raise ValueError(f"unknown legacy encoding {encoding!r}")
    core = text.strip(" \t\n")
    if not core:
        return text
    lead = text[: len(text) - len(text.lstrip(" \t\n"))]
    trail = text[len(text.rstrip(" \t\n")) :]
    if encoding == VNI:
        for legacy, letter in _VNI_GAPS:
            core = core.replace(legacy, letter)
    else:
        core = _PDF_GLYPH.sub(lambda m: _PDF_GLYPHS[m.group(0)], core)
    # Start-up: importing viparse costs more than reading a Unicode .txt; only legacy text needs it
    import viparse

    converted = "\n".join(viparse.fix(line, encoding=encoding) for line in core.split("\n"))
    if encoding == TCVN3:
        converted = _recapitalise(converted)
    return lead + nfc(converted) + trail


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control bytes a text file may hold: tab, line feed, vertical tab, form feed, carriage return.
_TEXT_CONTROLS = frozenset(b"\t\n\x0b\x0c\r\x1a")
_MAX_CONTROL_RATIO = 0.01


class NotTextError(ValueError):
    """The bytes are not text in any encoding this module reads."""


def looks_binary(data: bytes) -> bool:
    """Whether bytes without a BOM look binary: a NUL byte or too many control bytes."""
    sample = data[: 1 << 16]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 0x20 and b not in _TEXT_CONTROLS)
    return controls > max(2, len(sample) * _MAX_CONTROL_RATIO)


def decode_text(data: bytes) -> tuple[str, tuple[str, ...]]:
    """Decode a text file to NFC Unicode; return the text and notes on what was decided.

    Order: a BOM, then strict UTF-8, then Windows-1258. Legacy TCVN3/VNI text (in UTF-8, or as
    raw bytes read as Latin-1) is detected on the whole text and converted; the notes then
    hold "legacy:tcvn3" or "legacy:vni". Raises NotTextError for binary data.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise NotTextError(f"bad {codec}: {exc}") from exc
            return _finish(text, (codec,))
    if looks_binary(data):
        raise NotTextError("binary data")
    try:
        return _finish(data.decode("utf-8"), ("utf-8",))
    except UnicodeDecodeError:
        pass
    as_latin1 = data.decode("latin-1")
    encoding = detect_legacy(as_latin1)
    windows = nfc(data.decode("cp1258", errors="replace"))
    if encoding is not None:
        converted = convert_legacy(as_latin1, encoding)
        if _word_counts(sample(converted))[0] >= _word_counts(sample(windows))[0]:
            return converted, ("latin-1", f"legacy:{encoding}")
    return windows, ("cp1258",)


def _finish(text: str, notes: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """Convert whole-text legacy content found inside decoded Unicode; always NFC."""
    encoding = detect_legacy(text)
    if encoding is not None:
        return convert_legacy(text, encoding), (*notes, f"legacy:{encoding}")
    return nfc(text), notes
