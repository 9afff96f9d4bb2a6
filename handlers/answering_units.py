"""Which units a question names: registry names, aliases, plurals, initials and unmapped names."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from handlers.answering_types import AskContext, Services
from handlers.understanding import Question
from knowledge.abbreviations import expand_unit_abbreviations, fold_unit_key
from knowledge.text import fold
from knowledge.unit_alignment import LEVEL_SYLLABLES, aligned_units, unit_names
from knowledge.unitphrase import HEADS
from knowledge.unitphrase_lexicon import TITLES, UNIT_HEAD_ABBREVIATIONS
from knowledge.units import Unit, UnitMatch, UnitRegistry, strip_titles

# --- the units a question names -----------------------------------------------------------


@dataclass
class _Resolved:
    units: list[Unit] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    suggestions: list[Unit] = field(default_factory=list)
    leftover: list[str] = field(default_factory=list)  # words typed after a unit's name
    groups: list[Unit] = field(default_factory=list)  # groups the asked units belong to
    partners: list[str] = field(default_factory=list)  # the partners' names, topic words cut


def _resolve_units(question: Question, services: Services, context: AskContext) -> _Resolved:
    found = _Resolved()
    for partner in question.partners:
        # "phối hợp với Hội ND trưng bày sản phẩm OCOP": the partner's name, then the topic
        match, leftover = _resolve_mention(partner, services.registry)
        found.partners.append(match.written if match else partner)
        found.leftover.extend(leftover)
    for mention in question.units:
        match, leftover = _resolve_mention(mention, services.registry)
        if match is not None:
            # names that fit as well ("UBND các xã, thị trấn" and "UBND các xã, phường") too
            near = [
                m.unit
                for m in services.registry.candidates(match.written, limit=3, cutoff=86)
                if m.score >= match.match.score - 2
            ]
            # names of it the office has not yet mapped ("Chi cục Thuế khu vực Thạch Thất -
            # Quốc Oai" for "Chi cục Thuế khu vực"): their tasks are its tasks, pending review
            pending = _unmapped_names(services.registry).get(match.match.unit.key, ())
            for unit in [match.match.unit, *near, *pending]:
                if unit.key not in {u.key for u in found.units}:
                    found.units.append(unit)
            found.leftover.extend(leftover)
            continue
        groups = _groups_of_a_named_member(mention, services.registry)
        if groups:
            # "UBND quận Cầu Giấy" of a letter to "UBND các quận, huyện": the group's tasks
            found.groups.extend(g for g in groups if g.key not in {x.key for x in found.groups})
            continue
        found.unknown.append(mention)
        found.suggestions.extend(
            m.unit for m in services.registry.candidates(mention, limit=3, cutoff=72)
        )
    if not question.units:
        # "... HĐND tỉnh?": the level keeps no mark of the sentence glued to it
        words = [w.strip(_SENTENCE_MARKS) for w in fold(question.text).split()]
        for unit in _units_by_initials(words, services.registry):
            if unit.key not in {u.key for u in found.units}:
                found.units.append(unit)
    aliased = _aliases_in(fold(question.text), services.registry)
    if aliased:
        # "PNVH có việc gì", "P.TP ...": a short name the office gave with `units alias`
        # (read as typed: chat shorthand would spell "TP" out); what shorthand made of it is
        # no unknown unit
        found.unknown.clear()
        found.suggestions.clear()
    for unit in aliased:
        if unit.key not in {u.key for u in found.units}:
            found.units.append(unit)
    if question.own_unit and context.own_unit_key:
        own = services.registry.get(context.own_unit_key)
        if own is not None and own.key not in {u.key for u in found.units}:
            found.units.append(own)
    # "Hội Nông dân xã" is one of "các đoàn thể xã" a document addresses together: their tasks
    # are its tasks too, whether or not the office has listed the group's members
    for mention in question.units:
        orgs = _mass_org_groups(mention, services.registry)
        for group in orgs:
            if group.key not in {g.key for g in found.groups}:
                found.groups.append(group)
        if orgs and mention in found.unknown:
            found.unknown.remove(mention)
    # a task given to "Các phòng chuyên môn" is Phòng Nội vụ's too, as its progress and
    # `list --unit` count it; so is one given to its kind at every office of its level
    # ("Trung tâm Y tế các huyện" for "Trung tâm Y tế huyện")
    asked = {u.key for u in found.units}
    for unit in found.units:
        for group in [
            *services.registry.groups_of(unit.key),
            *_plural_of(unit, services.registry),
        ]:
            if group.key not in asked and group.key not in {g.key for g in found.groups}:
                found.groups.append(group)
    return found


# The socio-political organisations ("các đoàn thể", "các tổ chức chính trị - xã hội", "các tổ
# chức thành viên" of the Mặt trận) and the names of groups that gather them.
_MASS_ORG = re.compile(
    r"^(?:hoi nong dan|hoi lien hiep phu nu|hoi phu nu|doan thanh nien|doan tncs|"
    r"hoi cuu chien binh|cong doan|lien doan lao dong)\b"
)
_MASS_ORG_GROUP = re.compile(
    r"^(?:cac |nhung )?(?:hoi,? )?(?:doan the|to chuc chinh tri xa hoi|to chuc thanh vien)\b"
)
_LEVEL_OF = re.compile(r"\b(xa|phuong|thi tran|huyen|quan|thi xa|tinh|thanh pho)\b")
_SAME_LEVEL = {"phuong": "xa", "thi tran": "xa", "quan": "huyen", "thi xa": "huyen"}
_MASS_GROUPS: dict[int, tuple[UnitRegistry, tuple[tuple[Unit, str | None], ...]]] = {}


def _level_word(key: str) -> str | None:
    """The last level a folded name says ("xã hội" is no "xã"), the commune's for a ward's."""
    found = _LEVEL_OF.findall(key.replace("xa hoi", " "))
    return _SAME_LEVEL.get(found[-1], found[-1]) if found else None


def _mass_org_groups(mention: str, registry: UnitRegistry) -> list[Unit]:
    """The groups of socio-political organisations, at the mention's level, that a mass
    organisation ("hội nông dân xã ...") belongs to; none for any other unit."""
    key = fold_unit_key(mention)
    if not _MASS_ORG.match(key):
        return []
    cached = _MASS_GROUPS.get(id(registry))
    if cached is None or cached[0] is not registry:
        groups = tuple(
            (unit, _level_word(fold_unit_key(unit.name)))
            for unit in registry.units()
            # a group the office lists with its members is reached through them already
            if not unit.members and _MASS_ORG_GROUP.match(fold_unit_key(unit.name))
        )
        cached = (registry, groups)
        _MASS_GROUPS.clear()  # one registry at a time: it is rebuilt when units change
        _MASS_GROUPS[id(registry)] = cached
    level = _level_word(key)
    return [u for u, at in cached[1] if at is None or level is None or at == level]


def _units_by_initials(words: list[str], registry: UnitRegistry) -> list[Unit]:
    """Units a question names by initials alone: "PNV", "PTP" (a phòng or a sở typed as one
    word), "VHTT huyện" (the initials of a name, with its level)."""
    found: list[Unit] = []
    for i, word in enumerate(words):
        glued = _GLUED_INITIALS.fullmatch(word)
        if glued is not None:
            head = "phong" if glued.group("head") == "p" else "so"
            spelled = _resolve_by_initials(f"{head} {glued.group('rest')}", registry)
            if spelled is not None:
                found.append(spelled.unit)
                continue
        if len(word) >= 3 and _INITIALS.fullmatch(word):
            level = words[i + 1] if i + 1 < len(words) and words[i + 1] in LEVEL_SYLLABLES else ""
            aligned = aligned_units(f"{word} {level}".strip(), unit_names(registry))
            if aligned is not None and not (
                aligned.left_out
                and word in UNIT_HEAD_ABBREVIATIONS
                and fold(aligned.unit.name).startswith(_BODIES_INSIDE)
            ):
                # "HĐND tỉnh" names the council, not "Văn phòng HĐND tỉnh", a body inside it
                # ("MTTQ" still names "Ủy ban MTTQ huyện")
                found.append(aligned.unit)
    return found


_INITIALS = re.compile(r"[bcdfghklmnpqrstvx]+")
# Bodies whose names hold another body's abbreviation: "Văn phòng HĐND tỉnh", "Ban Pháp chế
# HĐND", "Thường trực HĐND", "Đảng đoàn HĐND".
_BODIES_INSIDE = ("van phong ", "ban ", "thuong truc ", "dang doan ", "to ", "chi bo ")
_SENTENCE_MARKS = ".,;:?!()\"'“”…"
_GLUED_INITIALS = re.compile(r"(?P<head>[ps])(?P<rest>[bcdfghklmnpqrstvx]{2,5})")
_LEVEL_AT_END = re.compile(r"^(?P<body>.+?)\s+(?P<level>huyen|tinh|xa|phuong|thi xa|thi tran)$")


_PLURALS: dict[int, tuple[UnitRegistry, dict[str, tuple[Unit, ...]]]] = {}


def _plural_of(unit: Unit, registry: UnitRegistry) -> tuple[Unit, ...]:
    """Units named as this unit's kind at all offices of its level ("Trung tâm Y tế các
    huyện, thành phố" for "Trung tâm Y tế huyện"): only names that say "các <level>" after
    the very same body. Worked out once per unit and registry (a fuzzy search over every
    unit, else repeated for each question)."""
    cached = _PLURALS.get(id(registry))
    if cached is None or cached[0] is not registry:
        cached = (registry, {})
        _PLURALS.clear()  # one registry at a time: it is rebuilt when units change
        _PLURALS[id(registry)] = cached
    known = cached[1]
    if unit.key not in known:
        known[unit.key] = _plural_units(unit, registry)
    return known[unit.key]


def _plural_units(unit: Unit, registry: UnitRegistry) -> tuple[Unit, ...]:
    name = fold(expand_unit_abbreviations(unit.name))
    m = _LEVEL_AT_END.match(name)
    if m is not None:
        body, level = m.group("body"), m.group("level")
    elif unit.level and unit.kind != "nhom":
        body, level = name, unit.level  # "Phòng Giáo dục và Đào tạo" of a district's file
    else:
        return ()
    return tuple(u for u in _named_at_every(body, level, registry) if u.key != unit.key)


def _named_at_every(body: str, level: str, registry: UnitRegistry) -> tuple[Unit, ...]:
    """Groups named as `body` at every office of `level`: "UBND các huyện, thị xã, thành
    phố" (or "Chủ tịch UBND các huyện ..." also written so) for "ủy ban nhân dân", "huyện"."""
    return tuple(
        unit for unit, levels in _groups_by_body(registry).get(body, ()) if level in levels
    )


_GROUPS_BY_BODY: dict[int, tuple[UnitRegistry, dict[str, list[tuple[Unit, frozenset[str]]]]]] = {}


def _groups_by_body(registry: UnitRegistry) -> dict[str, list[tuple[Unit, frozenset[str]]]]:
    """Folded body -> the groups named as that body at every office of some levels, and those
    levels; read once per registry (a question would otherwise fold every unit's names)."""
    cached = _GROUPS_BY_BODY.get(id(registry))
    if cached is not None and cached[0] is registry:
        return cached[1]
    index: dict[str, list[tuple[Unit, frozenset[str]]]] = {}
    for unit in registry.units():
        if unit.kind != "nhom":
            continue
        for name in (unit.name, *unit.aliases):
            # "các phòng GD&ĐT các huyện": a leading "các" is no part of the body
            key = re.sub(
                r"^(?:cac|nhung) ", "", strip_titles(fold(expand_unit_abbreviations(name)))
            )
            m = _AT_EVERY.match(key)
            if m is not None:
                levels = frozenset(_LISTED_LEVEL.findall(m.group("levels")))
                index.setdefault(m.group("body"), []).append((unit, levels))
    _GROUPS_BY_BODY.clear()  # one registry at a time: it is rebuilt when units change
    _GROUPS_BY_BODY[id(registry)] = (registry, index)
    return index


# The levels a group lists after "các": "huyện, thị xã, thành phố", "xã, phường và thị trấn".
_LEVEL_WORD = r"(?:huyen|thi xa|thanh pho|quan|xa|phuong|thi tran|tinh)"
_AT_EVERY = re.compile(
    rf"^(?P<body>.+?) cac (?P<levels>{_LEVEL_WORD}(?:\s*(?:,|va)\s*{_LEVEL_WORD})*)\b"
)
_LISTED_LEVEL = re.compile(rf"\b{_LEVEL_WORD}\b")


def _groups_of_a_named_member(mention: str, registry: UnitRegistry) -> tuple[Unit, ...]:
    """The groups a unit named with its own place belongs to by kind and level, when the
    office knows no unit by that name: "UBND quận Cầu Giấy" is one of "UBND các quận,
    huyện, thị xã", "Trường THCS Lê Lợi" none (no level)."""
    m = _LEVEL_AT_PLACE.match(fold(expand_unit_abbreviations(mention)))
    if m is None:
        return ()
    return _named_at_every(m.group("body"), m.group("level"), registry)


_LEVEL_AT_PLACE = re.compile(
    r"^(?P<body>.+?)\s+(?P<level>huyen|tinh|xa|phuong|quan|thi xa|thi tran)\s+[a-z]"
)


_ALIASES: dict[int, tuple[UnitRegistry, re.Pattern[str] | None, dict[str, Unit]]] = {}


def _aliases_in(folded: str, registry: UnitRegistry) -> list[Unit]:
    """Registered units whose short-name alias is written whole in the question.

    Only aliases: a unit's full name is read as a mention, an alias may be one short word no
    name reader would take for a unit."""
    cached = _ALIASES.get(id(registry))
    if cached is None or cached[0] is not registry:
        by_alias = {
            fold(alias).strip(): unit
            for unit in registry.units()
            if unit.registered
            for alias in unit.aliases
            if _acronym(alias)
        }
        pattern = (
            re.compile(
                r"\b(?:"
                + "|".join(map(re.escape, sorted(by_alias, key=len, reverse=True)))
                + r")\b"
            )
            if by_alias
            else None
        )
        cached = (registry, pattern, by_alias)
        _ALIASES.clear()
        _ALIASES[id(registry)] = cached
    _, pattern, by_alias = cached
    if pattern is None:
        return []
    return list(
        {by_alias[m.group(0)].key: by_alias[m.group(0)] for m in pattern.finditer(folded)}.values()
    )


def _acronym(alias: str) -> bool:
    """An alias written as a short name ("PNVH", "P.NV", "BCH QS"), which no sentence holds by
    chance; "ban", "các sở" or "Tiểu học" are words first."""
    words = alias.split()
    return 1 <= len(words) <= 2 and all(sum(c.isupper() for c in w) >= 2 for w in words)


_UNMAPPED: dict[int, tuple[UnitRegistry, dict[str, tuple[Unit, ...]]]] = {}


def _unmapped_names(registry: UnitRegistry) -> dict[str, tuple[Unit, ...]]:
    """Registered unit key -> the unregistered units whose names come close to it (those an
    unsure match kept apart at ingest), worked out once per registry."""
    cached = _UNMAPPED.get(id(registry))
    if cached is not None and cached[0] is registry:
        return cached[1]
    mapping: dict[str, list[Unit]] = {}
    for unit in registry.units():
        if unit.registered:
            continue
        best = next(
            (m for m in registry.candidates(unit.name, limit=4, cutoff=86) if m.unit.registered),
            None,
        )
        if best is not None:
            mapping.setdefault(best.unit.key, []).append(unit)
    result = {k: tuple(v) for k, v in mapping.items()}
    _UNMAPPED.clear()  # one registry at a time: it is rebuilt when units change
    _UNMAPPED[id(registry)] = (registry, result)
    return result


@dataclass(frozen=True)
class _MentionMatch:
    match: UnitMatch
    written: str  # the part of the mention that named the unit


_OPEN_ENDS = frozenset({"cac", "nhung", "cua", "va", "cap", "thi", "thanh"})
_LEVEL_PLACE = re.compile(
    r"^(?P<unit>.*\b(?:xa|phuong|thi tran|thi xa|huyen|tinh|(?<!co )quan))\s+\S+"  # "cơ quan"
)


def _resolve_mention(
    mention: str, registry: UnitRegistry
) -> tuple[_MentionMatch | None, list[str]]:
    """The unit a mention names, and the mention's words that were not part of the name.

    A question's unit phrase may run on into its topic ("sở vhttdl đắk lắk bao nhiêu chỉ tiêu")
    or name the commune a document is about ("công an xã Tiên Phước" where the document says
    "Công an xã"): the longest start of the mention that names a unit wins, and a place name
    after a level word may be dropped when no unit carries one.
    """
    words = mention.split()
    levels = [i for i, w in enumerate(words) if w in LEVEL_SYLLABLES]
    # a shorter name keeps the level it was typed with ("công an xã" is not "công an")
    shortest = max(2, levels[-1] + 1 if levels else 2)
    fuzzy: tuple[_MentionMatch, list[str]] | None = None
    for n in range(len(words), shortest - 1, -1):
        if fuzzy is not None:
            break
        written = " ".join(words[:n])
        match = registry.resolve(written, cutoff=86) or _resolve_by_initials(written, registry)
        if match is None:
            dropped = _LEVEL_PLACE.match(written)
            if dropped and _place_free(dropped.group("unit"), registry):
                match = registry.resolve(dropped.group("unit"), cutoff=86)
        if match is not None and not match.exact and _title_lost(written, match.unit.name):
            match = None  # "thủ trưởng cơ quan" is no "Mỗi cơ quan, đơn vị": a near name only
        if (match is None or not match.exact) and n == len(words) and n > 1:
            # every word typed stands for a word of one name ("TTYT Lạc Sơn"): that name,
            # rather than one the fuzzy match found by leaving the place out
            aligned = aligned_units(written, unit_names(registry))
            if aligned is not None:
                return _MentionMatch(UnitMatch(aligned.unit, 86.0, False), written), []
        if match is not None and (match.exact or n == shortest):
            return _MentionMatch(match, written), words[n:]
        if match is not None and fuzzy is None:
            fuzzy = (_MentionMatch(match, written), words[n:])
    if fuzzy is not None:
        # a close match of the whole run is kept only when no shorter start of it names a
        # unit exactly: "hội nd huyện trưng bày ..." is Hội Nông dân huyện, then the topic
        shorter = _exact_start(words, shortest, len(fuzzy[0].written.split()), registry)
        return shorter or fuzzy
    # shorthand the fuzzy match rates low: initials, a name without its qualifying words; a
    # word alone when it spells out a name ("mttq")
    lowest = 1 if len(fold_unit_key(words[0]).split()) >= 2 else shortest
    for n in range(len(words), lowest - 1, -1):
        if n < len(words) and (
            words[n - 1] in _OPEN_ENDS
            or words[n - 1] in LEVEL_SYLLABLES
            or words[n] in LEVEL_SYLLABLES
            or words[n] in _OPEN_ENDS
        ):
            # "mttq các" of "mttq các cấp", "xóm trưởng xã" of "xóm trưởng xã Tiên Phong": a
            # name cut before its level or its place would stand for another body
            continue
        written = " ".join(words[:n])
        if n < len(words) and written in _BARE_HEADS:
            continue  # "ủy ban" of "Ủy ban An toàn giao thông Quốc gia" is no Ủy ban nhân dân
        aligned = aligned_units(written, unit_names(registry))
        if aligned is not None:
            return _MentionMatch(UnitMatch(aligned.unit, 86.0, False), written), words[n:]
    return None, []


# Titles typed at a mention's start ("thủ trưởng", "chủ tịch"), folded, longest first.
_TYPED_TITLES = tuple(
    sorted(
        {fold(" ".join(t)) for t in TITLES} - {"truong", "truong cac"},  # or "trường" (school)
        key=len,
        reverse=True,
    )
)


def _title_lost(written: str, name: str) -> bool:
    """Whether the mention opens with a person's title that the unit's name does not hold."""
    title = next((t for t in _TYPED_TITLES if written == t or written.startswith(t + " ")), None)
    return title is not None and title not in fold(name)


# Head nouns alone ("ủy ban", "ban", "trung tâm"), folded: what kind of body, not which one.
_BARE_HEADS = frozenset(fold(" ".join(h)) for h in HEADS)


def _exact_start(
    words: list[str], shortest: int, longer: int, registry: UnitRegistry
) -> tuple[_MentionMatch, list[str]] | None:
    """The longest start of `words`, shorter than `longer`, that names a unit exactly."""
    for n in range(longer - 1, shortest - 1, -1):
        written = " ".join(words[:n])
        match = registry.resolve(written, cutoff=100)
        if match is not None and match.exact:
            return _MentionMatch(match, written), words[n:]
    return None


def _place_free(written: str, registry: UnitRegistry) -> bool:
    """Whether no unit of this kind and level carries a place name: the mention's place is
    then the locality the documents are about, not another commune's unit."""
    found = registry.candidates(written, limit=5, cutoff=86)
    return bool(found) and all(m.exact or m.score >= 86 for m in found)


@functools.lru_cache(maxsize=4096)
def _initials(name: str) -> tuple[str, str]:
    """(head, initials of the rest): "Đài Khí tượng thủy văn tỉnh" -> ("dai", "kttv")."""
    words = [w for w in re.findall(r"[a-z0-9]+", fold(name)) if w != "va"]
    if len(words) < 2:
        return "", ""
    levels = {"tinh", "huyen", "xa", "thi", "tran", "phuong", "quan"}
    rest = [w for w in words[1:] if w not in levels]
    return words[0], "".join(w[0] for w in rest)


def _resolve_by_initials(mention: str, registry: UnitRegistry) -> UnitMatch | None:
    """An abbreviation typed in chat ("Sở GDĐT", "Đài KTTV tỉnh") against the units' names."""
    words = mention.split()
    if len(words) < 2 or not re.fullmatch(r"[a-z&]{2,8}", words[1].replace("&", "")):
        return None
    head, typed = words[0], words[1].replace("&", "")
    level = _level_word(" ".join(words[2:]))
    hits = [
        u
        for u in registry.units()
        if _initials(u.name) == (head, typed)
        # "Hội LHPN xã" is no district's Hội Liên hiệp Phụ nữ
        and (level is None or (u.level or _level_word(fold_unit_key(u.name))) in (None, level))
    ]
    if len(hits) == 1:
        return UnitMatch(hits[0], 90.0, False)
    return None
