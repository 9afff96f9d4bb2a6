"""Match a unit typed in shorthand against written names, word by word: "BCĐ CSSKND huyện".

Officials shorten names in chat: initials for a run of words ("cssknd" for "chăm sóc sức khỏe
nhân dân", "mg" for "mẫu giáo"), a name without the words that only qualify it ("MTTQ các huyện"
for "Ủy ban MTTQ Việt Nam các huyện, thị xã, thành phố"). Fuzzy ratios score such a mention low
against the full name. Here every word typed must stand, in order, for one word of the name or
for a run of its words by their initials; the name may hold more words than were typed. The
name that leaves out the fewest words wins, and a tie between two units is no answer: an unsure
match must not pick one office's tasks for another's.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from knowledge.abbreviations import fold_unit_key
from knowledge.text import fold
from knowledge.units import Unit, UnitRegistry

# The name may open with up to this many words the mention leaves out ("ủy ban" before
# "mặt trận tổ quốc", "thành viên" before "ban chỉ đạo").
_LEADING_SKIP = 3
_MAX_INITIALS = 8
_KEPT = frozenset({"va", "xa", "huyen", "tinh", "phuong", "quan", "thon", "cap", "cac", "nhung"})
# "các" binds to the noun after it: "các huyện" is no "các đoàn thể huyện".
_QUANTIFIERS = frozenset({"cac", "nhung"})
# The folded syllables that end a unit's name at a level: "xã", "thị trấn", "thành phố", "ấp"...
LEVEL_SYLLABLES = frozenset({"xa", "phuong", "tran", "huyen", "tinh", "quan", "pho", "thon", "ap"})


@dataclass(frozen=True)
class Alignment:
    """A unit whose name the typed words stand for, and how many of its words they left out."""

    unit: Unit
    left_out: int


def left_out_words(typed: Sequence[str], name: Sequence[str]) -> int | None:
    """How many words of `name` the `typed` words leave out, or None when they do not align.

    Both are folded words. Each typed word is a word of the name or the initials of a run of
    two or more of its words; typed words keep their order; the first one stands within the
    name's first few words.
    """
    if not typed or not name:
        return None
    # best[i][j]: fewest words left out when typed[:i] stands for name[:j], with name[j-1]
    # either used or left out after the first typed word
    inf = len(name) + 1
    best = [[inf] * (len(name) + 1) for _ in range(len(typed) + 1)]
    for j in range(min(_LEADING_SKIP, len(name)) + 1):
        best[0][j] = j
    for i in range(len(typed) + 1):
        for j in range(len(name) + 1):
            here = best[i][j]
            if here >= inf:
                continue
            if (
                i > 0
                and j < len(name)
                and (i == len(typed) or name[j] not in _KEPT or _place_follows(typed, i, name, j))
                and not (j > 0 and name[j - 1] in _QUANTIFIERS and typed[i - 1] == name[j - 1])
                and here + 1 < best[i][j + 1]
            ):
                # a name word the mention leaves out; between typed words never a level or a
                # "và" (those tell one body from another), unless the place after the level is
                # typed ("TTYT Lạc Sơn"); after them anything (a list's rest)
                best[i][j + 1] = here + 1
            if i == len(typed):
                continue
            word = typed[i]
            if j < len(name) and word == name[j] and here < best[i + 1][j + 1]:
                best[i + 1][j + 1] = here
            for run in _initial_runs(word, tuple(name[j : j + _MAX_INITIALS])):
                if here < best[i + 1][j + run]:
                    best[i + 1][j + run] = here
    out = best[len(typed)][len(name)]
    return out if out < inf else None


_VOWELS = frozenset("aeiouy")


def _place_follows(typed: Sequence[str], i: int, name: Sequence[str], j: int) -> bool:
    """Whether name[j] is a level whose place the next typed word begins."""
    return (
        name[j] in LEVEL_SYLLABLES
        and i < len(typed)
        and j + 1 < len(name)
        and typed[i] == name[j + 1]
        and typed[i] not in _KEPT
    )


def _initials_like(word: str) -> bool:
    """Whether a typed word can be initials: no word of the language ("cac", "xa") is, and
    initials have at most one vowel ("bcd", "cssknd", "mg", "ubnd")."""
    return len(word) >= 2 and word.isalpha() and sum(c in _VOWELS for c in word) <= 1


def _initial_runs(word: str, following: tuple[str, ...]) -> tuple[int, ...]:
    """Lengths of runs of `following` whose initials spell `word` (two words or more); a
    joining "và" inside the run has no initial of its own ("tnmt": tài nguyên và môi trường)."""
    if not _initials_like(word):
        return ()
    for length, spelled in _spelled_runs(following):
        if spelled == word and length >= 2:
            return (length,)
        if not word.startswith(spelled):
            return ()
    return ()


def _spelled_runs(following: Sequence[str]) -> Iterator[tuple[int, str]]:
    """(length, initials) of each run of `following` from its first word; a joining "và"
    inside a run has no initial of its own."""
    spelled = ""
    for length, word in enumerate(following, start=1):
        if word != "va" or not spelled:
            spelled += word[0]
        yield length, spelled


class UnitNames:
    """Every unit's written names as folded words, indexed by the words they hold and by what
    may open them (a word of their first few, or the initials of a run from there), so a
    mention is aligned only with the names that hold every word it types in full."""

    def __init__(self, units: Iterable[Unit]) -> None:
        self._names: list[tuple[Unit, tuple[str, ...]]] = []
        self._holding: dict[str, set[int]] = {}
        self._opened_by: dict[str, set[int]] = {}
        for unit in units:
            for written in (unit.name, *unit.aliases):
                name = _key_words(written)
                if unit.level and not LEVEL_SYLLABLES & set(name):
                    # a registry's own units are named without their level ("Phòng Nội vụ"):
                    # the level they are at may still be typed ("Phòng NV huyện")
                    name = (*name, unit.level)
                n = len(self._names)
                self._names.append((unit, name))
                for word in _standing(name):
                    self._holding.setdefault(word, set()).add(n)
                for opener in _openers(name):
                    self._opened_by.setdefault(opener, set()).add(n)

    def aligning(self, words: tuple[str, ...]) -> list[tuple[Unit, tuple[str, ...]]]:
        """The names `words` may stand for: opened by the first word, and holding each word
        typed as one of their words or as the initials of a run of them."""
        found = set(self._opened_by.get(words[0], ()))
        for word in words[1:]:
            if not found:
                break
            found &= self._holding.get(word, set())
        return [self._names[n] for n in sorted(found)]


def _openers(name: tuple[str, ...]) -> set[str]:
    """What a typed first word may be to open this name: one of its first few words, or the
    initials of a run of them from there."""
    return _standing(name, _LEADING_SKIP + 1)


def _standing(name: tuple[str, ...], within: int | None = None) -> set[str]:
    """What a typed word may be to stand for words of the name starting among its first
    `within` (all by default): one of them, or the initials of a run of two or more from there
    (as _initial_runs spells them)."""
    starts = name[:within]
    out = set(starts)
    for k in range(len(starts)):
        out.update(
            spelled
            for length, spelled in _spelled_runs(name[k : k + _MAX_INITIALS])
            if length >= 2 and _initials_like(spelled)
        )
    return out


_NAMES: weakref.WeakKeyDictionary[UnitRegistry, UnitNames] = weakref.WeakKeyDictionary()


def unit_names(registry: UnitRegistry) -> UnitNames:
    """The registry's names indexed for alignment, built once per registry (it never changes:
    a units file edited builds a new one)."""
    names = _NAMES.get(registry)
    if names is None:
        names = _NAMES[registry] = UnitNames(registry.units())
    return names


def aligned_units(typed: str, units: UnitNames | Iterable[Unit]) -> Alignment | None:
    """The one unit whose name (or alias) the typed mention stands for with the fewest words
    left out; None when none aligns or two units tie."""
    # typed abbreviations spelled out, and as typed: "th" is "tiểu học" to the abbreviation
    # table, but in "Đài PT TH" the initials of "truyền hình"
    spelled = _words(fold_unit_key(typed))
    variants = {spelled, _words(" ".join(re.findall(r"[a-z0-9]+", fold(typed))))}
    variants = {v for v in variants if len(v) >= 2}
    if not variants:
        return None  # one word ("phòng") stands for too many names
    names = units if isinstance(units, UnitNames) else UnitNames(units)
    best: dict[str, Alignment] = {}
    for words in variants:
        for unit, name in names.aligning(words):
            left = left_out_words(words, name)
            if left is None:
                continue
            if unit.key not in best or left < best[unit.key].left_out:
                best[unit.key] = Alignment(unit, left)
    if not best:
        return None
    ranked = sorted(best.values(), key=lambda a: a.left_out)
    if len(ranked) > 1 and ranked[1].left_out == ranked[0].left_out:
        return None
    return ranked[0]


@lru_cache(maxsize=8192)
def _key_words(written: str) -> tuple[str, ...]:
    return _words(fold_unit_key(written))


def _words(key: str) -> tuple[str, ...]:
    """Folded words, with "xã hội" one word: its "xã" is no level."""
    return tuple(key.replace("xa hoi", "xa_hoi").split())
