"""Tokens of a sentence with their offsets, and the longest listed phrase at a token."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from knowledge.text import match_key

# Tokens: a word (letters/digits, with &, ., -, / joining abbreviation parts), or punctuation.
# "P.", "TP.", "TX.", "TT." glued to the name they shorten ("TP.Phan Thiết" in news copy) are
# tokens of their own.
# An "&" glued after a word joins like "và" ("Giáo dục& Đào tạo"); after capitals it is part of
# an abbreviation ("NN&PTNT" written "NN& PTNT").
_TOKEN = re.compile(
    r"(?:[Pp]|TP|TX|TT)\.(?=\s*[A-ZĐ])|\w+(?:[&./’'\-]\w+)*(?:(?<=[A-ZĐ])&)?|[,;:()\[\]\-–—/&.!?]",
    re.UNICODE,
)


class Token(NamedTuple):
    """A word or punctuation mark with its place in the source string (a named tuple: every
    sentence is tokenized, and a frozen dataclass took a third of the time to build)."""

    text: str
    key: str  # lower-case NFC (match_key): "tại" and "tai" must stay apart
    start: int
    end: int

    @property
    def capitalised(self) -> bool:
        """The word starts with a capital letter."""
        return self.text[:1].isupper()

    @property
    def abbreviation(self) -> bool:
        """An all-capitals token of two or more letters (UBND, TN&MT, CT-XH)."""
        letters = [c for c in self.text if c.isalpha()]
        return len(letters) >= 2 and all(c.isupper() for c in letters)


def tokenize(text: str) -> Sequence[Token]:
    """Split NFC text into tokens that keep their offsets (shared: never to be changed)."""
    return _tokenize(text)


@lru_cache(maxsize=256)
def _tokenize(text: str) -> tuple[Token, ...]:
    # A sentence is parsed from many offsets: tokenize it once.
    return tuple(
        Token(m.group(), _word_key(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text)
    )


@lru_cache(maxsize=256)
def _token_starts(text: str) -> tuple[int, ...]:
    return tuple(t.start for t in _tokenize(text))


@lru_cache(maxsize=65536)
def _word_key(word: str) -> str:
    return match_key(word)


def _match_at(tokens: Sequence[Token], i: int, phrases: tuple[tuple[str, ...], ...]) -> int:
    """Length in tokens of the longest phrase that starts at `i`, or 0."""
    if i >= len(tokens):
        return 0
    entry = _PHRASE_INDEX.get(id(phrases))  # _by_first_word, inlined: it runs on every token
    index = entry[1] if entry is not None and entry[0] is phrases else _by_first_word(phrases)
    candidates = index.get(tokens[i].key)
    if not candidates:
        return 0
    room = len(tokens) - i
    for phrase in candidates:  # longest first
        n = len(phrase)
        if n > room:
            continue
        j = 1  # the first word matched by the index; a loop, as this runs on every token
        while j < n and tokens[i + j].key == phrase[j]:
            j += 1
        if j == n:
            return n
    return 0


_PhraseIndex = dict[str, tuple[tuple[str, ...], ...]]
# id -> (the phrase list itself, its index): holding the list keeps its id from being reused.
_PHRASE_INDEX: dict[int, tuple[tuple[tuple[str, ...], ...], _PhraseIndex]] = {}


def _by_first_word(
    phrases: tuple[tuple[str, ...], ...],
) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Phrases grouped by their first word, longest first (built once per phrase list)."""
    entry = _PHRASE_INDEX.get(id(phrases))
    if entry is not None and entry[0] is phrases:
        return entry[1]
    grouped: dict[str, list[tuple[str, ...]]] = {}
    for phrase in sorted(phrases, key=len, reverse=True):
        if phrase:
            grouped.setdefault(phrase[0], []).append(phrase)
    index = {k: tuple(v) for k, v in grouped.items()}
    if len(_PHRASE_INDEX) < 64:  # module constants only; a throwaway list is indexed each time
        _PHRASE_INDEX[id(phrases)] = (phrases, index)
    return index
