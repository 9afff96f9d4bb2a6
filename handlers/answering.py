"""Answer an official's question from the stored assignments: find, rank, and word the reply."""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from handlers import texts
from handlers.messages import Button, Reply
from handlers.understanding import STOPWORDS, Intent, Question, parse_question
from knowledge.abbreviations import expand_unit_abbreviations
from knowledge.calendar import WorkCalendar
from knowledge.domain import Deadline, Recurrence
from knowledge.repository import (
    AssignmentFacts,
    AssignmentFilter,
    AssignmentView,
    DocumentRepository,
)
from knowledge.text import fold
from knowledge.units import Unit, UnitMatch, UnitRegistry

if TYPE_CHECKING:
    from knowledge.progress import ProgressRepository
    from knowledge.search import AssignmentSearch

PAGE_SIZE = 5
# A topic-only question must share this much with an assignment to be answered by it.
TOPIC_FLOOR = 0.5
# ... and more when nothing in the message speaks of tasks ("thời tiết hôm nay" shares "thời"
# with "thời gian thực hiện"): a bare topic must be nearly all there.
BARE_TOPIC_FLOOR = 0.8
UNSEEN_WORD_WEIGHT = 0.6
# Large offices. A question reads ids (or, with words, folded text) of at most UNIT_READ_LIMIT
# assignments of the units it names, or LIST_LIMIT of a date range or the whole store; it reads
# what ranking needs (AssignmentFacts, plain rows) of at most SCORE_LIMIT and scores those; a
# chat keeps at most LIST_LIMIT ids to page through; full views are read for the page shown.
UNIT_READ_LIMIT = 2_000
LIST_LIMIT = 300
SCORE_LIMIT = 60
# Counting a date range stops here: "Hơn 1000 việc quá hạn" says enough, and counting tens of
# thousands of rows would cost more than the answer.
COUNT_LIMIT = 1_000

# How a long answer's pages are grouped: by document, or (date questions about no one unit)
# by lead unit.
GROUP_BY_DOCUMENT = "document"
GROUP_BY_LEAD = "lead"


@dataclass
class Services:
    """What answering needs; the registry includes unregistered units, reloaded on change."""

    repository: DocumentRepository
    registry: UnitRegistry
    search: AssignmentSearch | None = None  # full-text index; None: scan every assignment
    progress: ProgressRepository | None = None  # reports: a task done is not overdue
    # "sắp đến hạn": due within this many working days (config [progress] due_soon_days)
    due_soon_days: int = 3
    calendar: WorkCalendar | None = None  # working days; None: the national calendar


@dataclass(frozen=True)
class AskContext:
    """What the chat knows: its bound unit and the last answer (for follow-ups).

    `last_ids` are the ranked assignments kept for paging, in the order their lines are
    numbered; `total` and `grouping` may be lost by a durable store (then `total` counts
    last_ids and the grouping is worked out again from the question).
    """

    own_unit_key: str | None = None
    last_ids: tuple[int, ...] = ()
    shown: int = 0  # how many of last_ids were shown
    last_question: Question | None = None
    total: int = 0  # how many the last answer found; 0: len(last_ids)
    total_at_least: bool = False  # the count stopped at a limit: there are more
    grouping: str | None = None  # GROUP_BY_*, "" for flat pages, None: not known


@dataclass(frozen=True)
class Answer:
    """A reply, the assignments on its page (in the order shown) and what follow-ups need."""

    reply: Reply
    assignments: tuple[AssignmentView, ...] = ()  # the page's lines, not the whole answer
    question: Question | None = None
    units: tuple[Unit, ...] = ()
    shown: int = 0
    previous: AskContext | None = None  # set when this answer leaves the chat state as it was
    ranked_ids: tuple[int, ...] = ()  # every assignment kept for paging, in numbered order
    total: int = 0  # how many the answer found (ranked_ids may hold fewer)
    total_at_least: bool = False
    grouping: str = ""

    def context(self, own_unit_key: str | None) -> AskContext:
        """The chat state after this answer."""
        if self.previous is not None:
            return replace(self.previous, own_unit_key=own_unit_key)
        return AskContext(
            own_unit_key=own_unit_key,
            last_ids=self.ranked_ids or tuple(a.id for a in self.assignments),
            shown=self.shown,
            last_question=self.question,
            total=self.total,
            total_at_least=self.total_at_least,
            grouping=self.grouping,
        )


def answer_text(
    text: str, services: Services, *, today: date, context: AskContext | None = None
) -> Answer:
    """Understand `text` and answer it as of `today` (or the date the question states)."""
    context = context or AskContext()
    question = parse_question(text, today)
    if question.intent in (Intent.GREETING, Intent.HELP):
        reply = Reply(title=texts.ANSWER_HELLO, lines=texts.EXAMPLE_QUESTIONS)
        return Answer(reply, (), question, previous=context)
    if question.intent is Intent.THANKS:
        return Answer(Reply(title=texts.ANSWER_THANKS), (), question, previous=context)
    if question.intent is Intent.ABOUT:
        reply = Reply(title=texts.ANSWER_ABOUT, lines=texts.EXAMPLE_QUESTIONS)
        return Answer(reply, (), question, previous=context)
    if question.intent is Intent.UNKNOWN:
        reply = Reply(title=texts.ANSWER_NOT_UNDERSTOOD, lines=texts.EXAMPLE_QUESTIONS)
        return Answer(reply, (), question, previous=context)
    if question.intent is Intent.DETAIL:
        return _detail(question, services, context, today)
    if question.intent is Intent.MORE:
        return _more(question, services, context, today)
    return _find(question, services, context, today)


# --- finding ----------------------------------------------------------------------------------


@dataclass
class _Resolved:
    units: list[Unit] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    suggestions: list[Unit] = field(default_factory=list)
    leftover: list[str] = field(default_factory=list)  # words typed after a unit's name
    groups: list[Unit] = field(default_factory=list)  # groups the asked units belong to


def _resolve_units(question: Question, services: Services, context: AskContext) -> _Resolved:
    found = _Resolved()
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
        found.unknown.append(mention)
        found.suggestions.extend(
            m.unit for m in services.registry.candidates(mention, limit=3, cutoff=72)
        )
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


_LEVEL_AT_END = re.compile(r"^(?P<body>.+?)\s+(?P<level>huyen|tinh|xa|phuong|thi xa|thi tran)$")


def _plural_of(unit: Unit, registry: UnitRegistry) -> list[Unit]:
    """Units named as this unit's kind at all offices of its level ("Trung tâm Y tế các
    huyện, thành phố" for "Trung tâm Y tế huyện"): only names that say "các <level>" after
    the very same body."""
    m = _LEVEL_AT_END.match(fold(expand_unit_abbreviations(unit.name)))
    if m is None:
        return []
    plural = f"{m.group('body')} cac {m.group('level')}"
    found = []
    for match in registry.candidates(plural, limit=3, cutoff=85):
        name = fold(expand_unit_abbreviations(match.unit.name))
        if name.startswith(plural) and match.unit.key != unit.key:
            found.append(match.unit)
    return found


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


_LEVEL_WORDS = frozenset({"xa", "phuong", "tran", "huyen", "tinh", "quan", "pho", "thon", "ap"})
_LEVEL_PLACE = re.compile(r"^(?P<unit>.*\b(?:xa|phuong|thi tran|thi xa|huyen|tinh|quan))\s+\S+")


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
    levels = [i for i, w in enumerate(words) if w in _LEVEL_WORDS]
    # a shorter name keeps the level it was typed with ("công an xã" is not "công an")
    shortest = max(2, levels[-1] + 1 if levels else 2)
    for n in range(len(words), shortest - 1, -1):
        written = " ".join(words[:n])
        match = registry.resolve(written, cutoff=86) or _resolve_by_initials(written, registry)
        if match is None:
            dropped = _LEVEL_PLACE.match(written)
            if dropped and _place_free(dropped.group("unit"), registry):
                match = registry.resolve(dropped.group("unit"), cutoff=86)
        if match is not None:
            return _MentionMatch(match, written), words[n:]
    return None, []


def _place_free(written: str, registry: UnitRegistry) -> bool:
    """Whether no unit of this kind and level carries a place name: the mention's place is
    then the locality the documents are about, not another commune's unit."""
    found = registry.candidates(written, limit=5, cutoff=86)
    return bool(found) and all(m.exact or m.score >= 86 for m in found)


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
    hits = [u for u in registry.units() if _initials(u.name) == (head, typed)]
    if len(hits) == 1:
        return UnitMatch(hits[0], 90.0, False)
    return None


def _find(question: Question, services: Services, context: AskContext, today: date) -> Answer:
    resolved = _resolve_units(question, services, context)
    if question.own_unit and not context.own_unit_key and not resolved.units:
        return Answer(Reply(title=texts.ANSWER_NO_OWN_UNIT), (), question)
    as_of = question.as_of or today
    question = _due_soon(question, services, as_of)
    in_document = document_assignments(question.document, services) if question.document else None
    if question.document and in_document is None:
        # a number nobody stored: say so, rather than answer from every document
        reply = Reply(title=texts.ANSWER_NO_DOCUMENT.format(document=question.document.upper()))
        return Answer(reply, (), question)
    pool = _candidates(question, resolved, services, as_of, in_document)
    candidates = [a for a in pool.facts if _passes(a, question, as_of)]
    finished: set[int] = set()
    if question.intent is Intent.OVERDUE:
        # a task reported done is not overdue, whatever its deadline says
        finished = set(_done_on(services, [a.id for a in candidates] + list(pool.tail), as_of))
        candidates = [a for a in candidates if a.id not in finished]
    weights = _word_weights(candidates) if _words(question, resolved) else {}
    scored = [_score(a, question, resolved, weights) for a in candidates]
    ranked = _select(scored, question, resolved)
    if not ranked and resolved.unknown and not resolved.units:
        return _unknown_unit(resolved)
    ids = [a.id for a in ranked]
    # past the rows scored, the store's order ranks the rest of a list without words
    scored_ids = set(ids)
    ids += [i for i in pool.tail if i not in scored_ids and i not in finished]
    total, at_least = len(ids), pool.more
    if pool.count is not None:
        counted = pool.count - len(finished)
        total, at_least = max(counted, len(ids)), pool.count_at_least
    found = _Found(
        ranked_ids=tuple(ids[:LIST_LIMIT]),
        total=total,
        at_least=at_least,
        grouping=_grouping(question, resolved, ranked, total),
    )
    return _listing(question, resolved.units, found, services, as_of, shown_from=0)


def _unknown_unit(resolved: _Resolved) -> Answer:
    names = "; ".join(resolved.unknown)
    unique = list(dict.fromkeys(u.name for u in resolved.suggestions))[:3]
    lines = (texts.ANSWER_DID_YOU_MEAN.format(names=", ".join(unique)),) if unique else ()
    reply = Reply(
        title=texts.ANSWER_UNKNOWN_UNIT.format(name=names),
        lines=lines,
        buttons=tuple(Button(n, f"unit:{n}") for n in unique),
    )
    return Answer(reply)


@dataclass(frozen=True)
class _Pool:
    """The assignments a question scores, and what is known of those it did not score."""

    facts: list[AssignmentFacts]
    tail: tuple[int, ...] = ()  # ids past those scored, in the store's order, that answer too
    more: bool = False  # rows that might answer were left unread or unscored
    count: int | None = None  # every row the question's filters admit
    count_at_least: bool = False  # the count stopped at COUNT_LIMIT


def _words(question: Question, resolved: _Resolved) -> list[str]:
    """The words to rank by: the topic's, and those of unit names nobody knows."""
    return [*question.topic, *_topic_words(resolved.leftover), *_unknown_words(resolved)]


def _topic_words(words: Iterable[str]) -> list[str]:
    return [w for w in words if w not in STOPWORDS and len(w) > 1 and not w.isdigit()]


def _unknown_words(resolved: _Resolved) -> list[str]:
    return [w for m in resolved.unknown for w in m.split()]


def _hard_filter(question: Question, as_of: date) -> AssignmentFilter:
    """What _passes demands, as a filter the store applies before it reads (so a read that
    stops at a limit stops among rows that can answer)."""
    if question.intent is Intent.OVERDUE:
        return AssignmentFilter(overdue_on=as_of)
    if (question.intent is Intent.DUE or "due" in question.flags) and (
        question.due_from or question.due_to
    ):
        return AssignmentFilter(due_after=question.due_from, due_before=question.due_to)
    if "upcoming" in question.flags:
        return AssignmentFilter(deadline_from=as_of)
    return AssignmentFilter()


def _with_window(
    question: Question, where: AssignmentFilter, repo: DocumentRepository
) -> AssignmentFilter:
    """The dates a question names narrow it when some assignment falls in them, as _select
    keeps only those ("các việc hạn trong quý 2 của ..."); read first, so that a limit does not
    stop before them."""
    if not (question.due_from or question.due_to) or where.due_after or where.due_before:
        return where
    window = replace(where, due_after=question.due_from, due_before=question.due_to)
    return window if repo.find_assignment_ids(window, limit=1) else where


def _due_soon(question: Question, services: Services, as_of: date) -> Question:
    """ "Sắp đến hạn" is the configured window: what falls due from today to the last of the
    next `due_soon_days` working days (a recurring task by its occurrences)."""
    if "upcoming" not in question.flags:
        return question
    calendar = services.calendar or _national_calendar()
    end = calendar.add_working_days(as_of, services.due_soon_days)
    intent = Intent.DUE if question.intent is Intent.ASSIGNED and not question.units else None
    return replace(
        question,
        intent=intent or question.intent,
        due_from=as_of,
        due_to=end,
        flags=(question.flags - {"upcoming"}) | {"due", "soon"},
    )


@functools.lru_cache(maxsize=1)
def _national_calendar() -> WorkCalendar:
    return WorkCalendar()


def _candidates(
    question: Question,
    resolved: _Resolved,
    services: Services,
    as_of: date,
    in_document: list[AssignmentFacts] | None,
) -> _Pool:
    """The assignments worth scoring: the units', the document's, the dates', or by words."""
    repo = services.repository
    words = _words(question, resolved)
    hard = _hard_filter(question, as_of)
    keys = tuple(u.key for u in (*resolved.units, *resolved.groups))
    date_question = question.intent in (Intent.OVERDUE, Intent.DUE)
    if in_document is not None:
        # the document is known: only its assignments count (the units' among them)
        if keys:
            theirs = set(repo.find_assignment_ids(AssignmentFilter(unit_keys=keys)))
            in_document = [a for a in in_document if a.id in theirs]
        return _Pool(in_document)
    if keys:
        # a known unit is answered with its own tasks and its groups' (listed after them)
        where = _with_window(question, replace(hard, unit_keys=keys, include_groups=False), repo)
        pool = _listed(where, words, repo, leads_first=not date_question, count_limit=None)
        if resolved.unknown and services.search is not None and words:
            # a unit nobody knows is found by its name's words
            known = {a.id for a in pool.facts}
            found = _searched(words, services.search, repo)
            pool = replace(pool, facts=pool.facts + [a for a in found if a.id not in known])
        return pool
    if date_question:
        where = _with_window(question, hard, repo)
        return _listed(where, words, repo, leads_first=False, count_limit=COUNT_LIMIT)
    if services.search is not None and words:
        return _Pool(_searched(words, services.search, repo))
    listed = repo.find_assignment_facts(_with_window(question, hard, repo), LIST_LIMIT)
    return _Pool(listed, more=len(listed) == LIST_LIMIT)


def _listed(
    where: AssignmentFilter,
    words: list[str],
    repo: DocumentRepository,
    *,
    leads_first: bool,
    count_limit: int | None,
) -> _Pool:
    """A unit's or a date range's assignments, read in two steps: ids (or, with words, the
    folded text) of all of a unit's or LIST_LIMIT of a range, then what ranking needs of at
    most SCORE_LIMIT.

    Without words every row the filter admits answers: those past SCORE_LIMIT follow in the
    store's order, and all of them are counted (up to count_limit).
    """
    # a unit's rows are all read (a few hundred, counted as read); a date range's stop at
    # LIST_LIMIT and are counted apart, up to count_limit
    read = UNIT_READ_LIMIT if count_limit is None else LIST_LIMIT
    if words:
        texts_read = repo.find_assignment_words(where, read)
        chosen, cut = _by_words(texts_read, words)
        return _Pool(repo.assignment_facts(chosen), more=cut or len(texts_read) == read)
    ids = repo.find_assignment_ids(where, read, leads_first=leads_first)
    count = len(ids)
    if count == read:
        cap = count_limit + 1 if count_limit is not None else None
        count = repo.count_assignments(where, cap=cap)
    at_least = count_limit is not None and count > count_limit
    return _Pool(
        repo.assignment_facts(ids[:SCORE_LIMIT]),
        tail=tuple(ids[SCORE_LIMIT:LIST_LIMIT]),
        count=min(count, count_limit) if count_limit is not None else count,
        count_at_least=at_least,
    )


def _searched(
    words: list[str], search: AssignmentSearch, repo: DocumentRepository
) -> list[AssignmentFacts]:
    """The live assignments the index ranks best for the words."""
    hits = search.search(" ".join(words), limit=50)
    return [
        v for v in repo.assignment_facts([h.assignment_id for h in hits]) if v.status == "live"
    ]


_WORD = re.compile(r"[a-z0-9]+")


def _by_words(texts_read: list[tuple[int, str]], words: list[str]) -> tuple[list[int], bool]:
    """At most SCORE_LIMIT of the (id, folded text) read, and whether some holding a word were
    left out: those holding most of the words first (rare words weighing more), the store's
    order (earliest deadline) among equals; the earliest when none holds one."""
    if len(texts_read) <= SCORE_LIMIT:
        return [i for i, _text in texts_read], False
    asked = set(words)
    held = [(i, found) for i, text in texts_read if (found := asked & set(_WORD.findall(text)))]
    if not held:
        return [i for i, _text in texts_read[:SCORE_LIMIT]], True
    df = Counter(w for _i, found in held for w in found)
    n = len(texts_read)
    weight = {w: math.log((n + 1) / (c + 0.5)) for w, c in df.items()}
    held.sort(key=lambda pair: -sum(weight[w] for w in pair[1]))
    return [i for i, _found in held[:SCORE_LIMIT]], len(held) > SCORE_LIMIT


def document_assignments(typed: str, services: Services) -> list[AssignmentFacts] | None:
    """The live assignments of the document a question names, or None when none is stored.

    A number is matched on the document's own number first, then in its text (portal copies
    name the letter they report on: "Văn phòng UBND tỉnh vừa có Công văn số 2306/VP-KT"); a
    bare number ("CV 846") matches a number written "846/..." there.
    """
    repo = services.repository
    by_number = [
        a
        for a in repo.find_assignment_facts(AssignmentFilter(document=typed))
        if _same_document(a, typed)
    ]
    if by_number:
        return by_number
    key = fold(typed).replace(" ", "")
    if "/" in key:
        written = re.compile(r"(?<![\w/])0*" + re.escape(key.lstrip("0")) + r"(?![\w])")
    else:
        written = re.compile(r"(?<![\w/.,])0*" + re.escape(key.lstrip("0")) + r"\s*[/-]\s*[a-z]")
    # the number's digits find the documents that may cite it; its whole form decides
    digits = re.match(r"\d+", key.lstrip("0"))
    candidates = repo.documents_mentioning(digits.group() if digits else key)
    hits_documents = tuple(
        document_id
        for document_id in candidates
        if written.search(_number_text(repo.document_text(document_id) or ""))
    )
    if not hits_documents:
        return None
    return repo.find_assignment_facts(AssignmentFilter(document_ids=hits_documents))


def _number_text(text: str) -> str:
    """A document's text folded, with spaces around "/" and "-" of numbers closed up."""
    return re.sub(r"\s*([/-])\s*", r"\1", fold(text))


def _passes(a: AssignmentFacts, question: Question, as_of: date) -> bool:
    """Hard filters: overdue questions, due windows of date questions, "sắp đến hạn"."""
    due = a.due
    if question.intent is Intent.OVERDUE:
        return due is not None and due < as_of
    if (question.intent is Intent.DUE or "due" in question.flags) and (
        question.due_from or question.due_to
    ):
        return _in_window(a, question)
    if "upcoming" in question.flags:
        return due is not None and due >= as_of
    return True


def _in_window(a: AssignmentFacts, question: Question) -> bool:
    return any(
        (question.due_from is None or d >= question.due_from)
        and (question.due_to is None or d <= question.due_to)
        for d in _due_dates(a)
    )


def _due_dates(a: AssignmentFacts) -> list[date]:
    return [*([a.due] if a.due else []), *a.occurrences]


def _same_document(a: AssignmentFacts, typed: str) -> bool:
    number = fold(a.document_number or "").replace(" ", "")
    typed = fold(typed).replace(" ", "")
    if not number or number.startswith("/"):
        return False
    if "/" in typed:
        return number == typed or number.startswith(typed)
    return number.split("/")[0].lstrip("0") == typed.lstrip("0")


def _haystack(a: AssignmentFacts) -> frozenset[str]:
    """The assignment's words and word pairs ("quang loc"), folded, with its document's title
    and issuer (where the place a question names is written)."""
    return _words_and_pairs(a.task, a.quote, f"{a.document_title or ''} {a.document_issuer or ''}")


@functools.lru_cache(maxsize=256)
def _words_and_pairs(task: str, quote: str, title: str) -> frozenset[str]:
    # remembered for the question being scored, which reads each candidate's words three
    # times (a few hundred sets of word pairs: more would hold tens of megabytes)
    words = _WORD.findall(fold(" ".join([task, quote, title])))
    return frozenset([*words, *(f"{x} {y}" for x, y in itertools.pairwise(words))])


def _word_weights(candidates: Sequence[AssignmentFacts]) -> dict[str, float]:
    """Inverse document frequency of words over the candidates: shared words weigh little."""
    counts: dict[str, int] = {}
    for a in candidates:
        for w in _haystack(a):
            counts[w] = counts.get(w, 0) + 1
    n = len(candidates)
    return {w: math.log((n + 1) / (c + 0.5)) + 0.2 for w, c in counts.items()}


def topic_overlap(
    topic: Iterable[str], a: AssignmentFacts, weights: dict[str, float] | None = None
) -> float:
    """Weighted share of the question's topic words found in the assignment (typos tolerated).

    Words every candidate shares ("kế hoạch", "bầu cử" in an election plan) weigh little;
    words no candidate has do not count against any of them.
    """
    single = list(dict.fromkeys(topic))
    if not single:
        return 0.0
    # word pairs of the question count too: "quảng lộc" is more than "quảng" and "lộc"
    words = [*single, *(f"{x} {y}" for x, y in itertools.pairwise(single))]
    hay = _haystack(a)
    total = hits = 0.0
    # a word no candidate has still counts, a little (it may be what was really asked), but
    # never more than the words candidates do share: among few candidates every word is rare
    seen = [weights[w] for w in words if weights and w in weights]
    unseen = min(UNSEEN_WORD_WEIGHT, 0.6 * sum(seen) / len(seen)) if seen else UNSEEN_WORD_WEIGHT
    for w in words:
        weight = (weights or {}).get(w, unseen if weights is not None else 1.0)
        total += weight
        if w in hay:
            hits += weight
        elif _fuzzy_in(w, hay):
            hits += 0.8 * weight
    return hits / total if total else 0.0


def _fuzzy_in(word: str, words: Iterable[str]) -> bool:
    if len(word) < 4:
        return False
    return " " not in word and any(
        fuzz.ratio(word, h) >= 80 for h in words if abs(len(h) - len(word)) <= 2
    )


@dataclass(frozen=True)
class _Scored:
    view: AssignmentFacts
    name: float  # how well the asked unit names this assignment's lead (1) or cooperator
    lead: bool  # the asked unit leads it
    topic: float  # the question's own words and unknown unit names, for ranking
    asked: float  # the question's own words only, for deciding whether to answer at all
    window: bool
    issuer: bool = False  # an unknown unit typed is the body that issued the document


_QUANTIFIERS = {"cac", "nhung", "moi", "toan", "tat", "ca"}
_TRANSPARENT = (
    "chu tich",
    "pho chu tich",
    "thu truong",
    "giam doc",
    "lanh dao",
    "truong",
    "ban thuong vu",
    "ban thuong truc",
    "thuong truc",
)


_HONORIFICS = re.compile(r"^(?:(?:cac|nhung)\s+)?(?:ong|ba|dong chi|d/c)\s+")


def _head(folded: str) -> str:
    """The word that says what kind of body a folded name is ("phong", "uy", "dia")."""
    folded = _HONORIFICS.sub("", folded)  # "các ông xóm trưởng" are xóm trưởng
    words = [w for w in folded.split() if w not in _QUANTIFIERS]
    text = " ".join(words)
    for prefix in _TRANSPARENT:
        if text.startswith(prefix + " "):
            rest = [w for w in text[len(prefix) + 1 :].split() if w not in _QUANTIFIERS]
            return rest[0] if rest else ""
    return words[0] if words else ""


def _name_similarity(mention: str, names: Iterable[str]) -> float:
    """How well a unit typed in a question names one of `names` (0..1).

    Bodies of another kind never match well: "người đứng đầu địa phương" is not "các địa
    phương", "Sở Nội vụ" is not "Phòng Nội vụ".
    """
    return max((_similarity(mention, name) for name in names), default=0.0)


@functools.lru_cache(maxsize=8192)
def _similarity(mention: str, name: str) -> float:
    # remembered: a unit's assignments name it the same few ways, hundreds of times
    expanded, head = _expanded(mention)
    folded, name_head = _expanded(name)
    similarity = fuzz.token_set_ratio(expanded, folded) / 100
    if head and name_head != head:
        similarity = min(similarity, 0.4)
    return similarity


@functools.lru_cache(maxsize=4096)
def _expanded(name: str) -> tuple[str, str]:
    """A unit name with abbreviations spelled out, folded, and its head word."""
    folded = fold(expand_unit_abbreviations(name))
    return folded, _head(folded)


def _contains_name(mention: str, text: str) -> bool:
    """Every word of the typed unit (abbreviations spelled out) is in `text`."""
    words = set(_expanded(mention)[0].split())
    return bool(words) and words <= set(_expanded(text)[0].split())


def _score(
    a: AssignmentFacts, question: Question, resolved: _Resolved, weights: dict[str, float]
) -> _Scored:
    keys = {u.key for u in resolved.units}
    group_keys = {g.key for g in resolved.groups}
    lead = bool(keys & set(a.lead_keys))
    cooperate = bool(keys & set(a.cooperate_keys))
    name = 1.0 if lead else 0.7 if cooperate else 0.0
    if not lead and group_keys & set(a.lead_keys):
        name, lead = max(name, 0.9), True  # given to a group the unit belongs to
    elif not lead and not cooperate and group_keys & set(a.cooperate_keys):
        name = 0.65
    mentions = [*resolved.unknown, *(m for m in question.units if not keys)]
    for mention in mentions:
        named = _named_here(mention, a)
        as_lead = _name_similarity(named, a.lead_names)
        as_cooperator = 0.7 * _name_similarity(named, a.cooperate_names)
        if as_lead >= 0.8 and as_lead >= as_cooperator:
            name, lead = max(name, as_lead), True
        elif as_cooperator >= 0.56:
            name = max(name, as_cooperator)
    if keys and lead and question.units:
        # of a group's tasks, those whose lead is written like the question come first
        written = max((_name_similarity(m, a.lead_names) for m in question.units), default=0.0)
        name = 0.85 + 0.15 * written
    for partner in question.partners:
        # "ai phối hợp với Sở GD&ĐT": the partner must take part; the others are asked about
        if _name_similarity(partner, [*a.cooperate_names, *a.lead_names]) >= 0.8:
            name = max(name, 0.8)
    words = _words(question, resolved)
    own = [*question.topic, *_topic_words(resolved.leftover)]
    topic = topic_overlap(words, a, weights) if words else 0.0
    asked = topic_overlap(own, a, weights) if own else 0.0
    window = bool(question.due_from or question.due_to) and _in_window(a, question)
    issuer = any(_contains_name(m, a.document_issuer or "") for m in resolved.unknown)
    return _Scored(a, name, lead, topic, asked, window, issuer)


_PLACE_AFTER = re.compile(
    r"^(?P<unit>.+?)\s+(?:cua\s+|o\s+|tai\s+)?(?:xa|phuong|thi tran|thi xa|huyen|tinh|quan)"
    r"\s+(?P<place>[a-z]+(?:\s+[a-z]+)?)$"
)


def _named_here(mention: str, a: AssignmentFacts) -> str:
    """The unit a mention names in this assignment's document: "xóm trưởng xã Liên Sơn" is
    the document's "xóm trưởng" when the document is Liên Sơn's (its title or issuer say so);
    another commune's unit it is not."""
    m = _PLACE_AFTER.match(mention)
    if m is None or f" {m.group('place')} " not in f" {_place_words_of(a)} ":
        return mention
    return m.group("unit")


def _place_words_of(a: AssignmentFacts) -> str:
    return " ".join(_WORD.findall(fold(f"{a.document_title or ''} {a.document_issuer or ''}")))


def _select(
    scored: list[_Scored], question: Question, resolved: _Resolved
) -> list[AssignmentFacts]:
    """Rank, and say nothing rather than something wrong."""
    has_units = bool(resolved.units or resolved.unknown)
    date_question = question.intent in (Intent.OVERDUE, Intent.DUE)
    topic = [*question.topic, *_topic_words(resolved.leftover)]
    floor = BARE_TOPIC_FLOOR if "no_cue" in question.flags else TOPIC_FLOOR
    kept: list[_Scored] = []
    for s in scored:
        if resolved.units and s.name < 0.5:
            continue  # a known unit was asked about: only its own tasks answer
        if (
            has_units
            and not resolved.units
            and s.name < 0.5
            and not (s.issuer and (s.asked >= 0.6 or s.window))
        ):
            # an unknown unit: only what it leads, or the issuing body's own plan on the topic
            continue
        if not has_units and not date_question and not question.document and s.topic < floor:
            continue
        kept.append(s)
    if has_units and question.role == "lead":
        kept = [s for s in kept if s.lead]  # "X chủ trì việc gì": not what X cooperates on
    if question.doc_type and not question.document:
        of_type = [s for s in kept if s.view.document_type == question.doc_type]
        if of_type:
            kept = of_type  # "kế hoạch bầu cử": the plans first and only
    if (question.due_from or question.due_to) and any(s.window for s in kept):
        kept = [s for s in kept if s.window]  # "trong tháng 3/2023": that month's tasks
    if not has_units and topic and kept and not date_question:
        best = max(s.asked for s in kept)
        kept = [s for s in kept if s.asked >= best - 0.35]
    if has_units and topic and kept:
        # a unit and a topic: the unit's assignments about the topic, if it has any
        best_topic = max(s.topic for s in kept)
        if best_topic >= 0.3:
            kept = [s for s in kept if s.topic >= best_topic - 0.35 or s.name >= 0.9 or s.window]

    def key(s: _Scored) -> tuple[object, ...]:
        due = s.view.due
        by_date = (due is None, due or date.max)
        order = (s.view.document_id, s.view.position)
        if date_question and not topic:
            return (*by_date, -s.name, *order)
        relevance = s.name * 2 + s.topic * 1.5 + (1.5 if s.window else 0.0)
        return (-round(relevance, 3), not s.lead, *by_date, *order)

    return [s.view for s in sorted(kept, key=key)]


# --- replies ----------------------------------------------------------------------------------


def _done_on(services: Services, ids: Sequence[int], as_of: date) -> dict[int, date]:
    """The assignments among `ids` reported done by `as_of` (and not refused by the office)."""
    if services.progress is None or not ids:
        return {}
    done: dict[int, date] = {}
    for assignment_id, snapshot in services.progress.current(ids).items():
        latest = snapshot.latest
        if latest is None and snapshot.occurrences:
            latest = snapshot.occurrences[-1].latest
        if (
            latest is not None
            and latest.state.value == "done"
            and latest.confirmation.value != "rejected"
            and (latest.completed_on or as_of) <= as_of
        ):
            done[assignment_id] = latest.completed_on or as_of
    return done


def deadline_words(deadline: Deadline | None, recurrence: Recurrence | None = None) -> str:
    """The deadline as written down: "05/03/2023", its words, its cycle, or "chưa có hạn"."""
    if deadline is not None and deadline.due is not None:
        return deadline.due.strftime("%d/%m/%Y")
    if deadline is not None and deadline.text:
        return deadline.text
    cycle = recurrence or (deadline.recurrence if deadline else None)
    return cycle.text if cycle is not None else texts.STATUS_NO_DEADLINE


def status_words(a: AssignmentView, as_of: date) -> str:
    """The status words: "còn 3 ngày", "quá hạn 5 ngày", "hạn hôm nay", "chưa có hạn"."""
    due = a.deadline.due if a.deadline else None
    if due is None:
        if a.deadline and a.deadline.text:
            return texts.STATUS_NO_DATE_WITH_TEXT.format(text=a.deadline.text)
        return texts.STATUS_NO_DEADLINE
    days = (due - as_of).days
    if days > 0:
        return texts.STATUS_DAYS_LEFT.format(date=due.strftime("%d/%m/%Y"), days=days)
    if days == 0:
        return texts.STATUS_DUE_TODAY.format(date=due.strftime("%d/%m/%Y"))
    return texts.STATUS_OVERDUE.format(date=due.strftime("%d/%m/%Y"), days=-days)


def citation(a: AssignmentView) -> str:
    """Where it comes from: "Thông báo 45/TB-UBND ngày 28/02/2023, mục 5"."""
    return document_citation(a.document_type_name, a.document_number, a.document_issued, a.place)


def document_citation(
    kind: str | None, number: str | None, issued: date | None, place: str = ""
) -> str:
    """ "Thông báo 45/TB-UBND ngày 28/02/2023, mục 5" from a document's kind, number (a blank
    draft number "/TB-UBND" is left out), date and the item's place."""
    shown = number if number and not number.startswith("/") else ""
    name = f"{kind or texts.DOCUMENT_WORD} {shown}".strip()
    if issued:
        name += texts.CITATION_DATE.format(date=issued.strftime("%d/%m/%Y"))
    where = _place_words(place)
    return f"{name}, {where}" if where else name


def _place(a: AssignmentView) -> str:
    """Where in the document: "mục 5", or a table row as the extraction words it."""
    return _place_words(a.place)


def _place_words(place: str) -> str:
    if not place:
        return ""
    return place if place.startswith("bảng") else texts.CITATION_PLACE.format(place=place)


def _short_task(a: AssignmentView) -> str:
    return a.task if len(a.task) <= 160 else a.task[:159].rstrip() + "…"


def _role(a: AssignmentView, units: Sequence[Unit]) -> str:
    """The asker's unit's part ("chủ trì", "phối hợp (chủ trì: …)"), or who leads."""
    keys = {u.key for u in units}
    if keys and keys & set(a.lead_keys):
        return texts.ROLE_LEAD
    if keys and keys & set(a.cooperate_keys):
        return texts.ROLE_COOPERATE_WITH.format(lead=", ".join(a.lead_names) or "?")
    return texts.ROLE_WHO.format(lead=", ".join(a.lead_names) or texts.UNKNOWN_LEAD)


def assignment_line(
    n: int, a: AssignmentView, units: Sequence[Unit], as_of: date, status: str | None = None
) -> str:
    """One scannable line: what, who (and the asker's role), deadline and status, citation.

    `status` replaces the deadline's words (a task reported done).
    """
    return texts.ANSWER_LINE.format(
        n=n,
        task=_short_task(a),
        role=_role(a, units),
        status=status or status_words(a, as_of),
        citation=citation(a),
    )


def _title(
    question: Question, units: Sequence[Unit], count: int, at_least: bool, as_of: date
) -> str:
    names = ", ".join(u.name for u in units)
    if count == 0:
        if units:
            return texts.ANSWER_NONE_FOR_UNIT.format(unit=names)
        if question.intent is Intent.OVERDUE:
            return texts.ANSWER_NONE_OVERDUE.format(date=as_of.strftime("%d/%m/%Y"))
        if "soon" in question.flags and question.due_to is not None:
            end = question.due_to.strftime("%d/%m/%Y")
            return texts.ANSWER_NONE_DUE_SOON.format(date=end)
        if question.due_from or question.due_to:
            return texts.ANSWER_NONE_DUE
        if question.document:
            return texts.ANSWER_NONE_FOR_DOCUMENT.format(document=question.document.upper())
        if "no_cue" in question.flags:
            return texts.ANSWER_OFF_TOPIC  # "thời tiết hôm nay": no task word, nothing found
        return texts.ANSWER_NONE_FOUND
    # a count that stopped at a limit says so: "Hơn 1000"
    shown = texts.COUNT_AT_LEAST.format(count=count) if at_least else str(count)
    if question.intent is Intent.OVERDUE:
        return texts.ANSWER_OVERDUE.format(count=shown, date=as_of.strftime("%d/%m/%Y"))
    if units:
        return texts.ANSWER_FOR_UNIT.format(unit=names, count=shown)
    if question.due_from or question.due_to:
        return texts.ANSWER_DUE.format(count=shown)
    return texts.ANSWER_FOUND.format(count=shown)


@dataclass(frozen=True)
class _Found:
    """A ranked answer: the ids kept for paging, in numbered order, and how many were found."""

    ranked_ids: tuple[int, ...]
    total: int
    at_least: bool = False
    grouping: str = ""


def _grouping(
    question: Question, resolved: _Resolved, ranked: Sequence[AssignmentFacts], total: int
) -> str:
    """How a long answer's pages are grouped, "" when they are not.

    An answer longer than a page is grouped when it spans several groups (among those ranked):
    by lead unit for a date question about no particular unit (who is late), else by document
    (one header holds the citation its lines would each repeat).
    """
    if total <= PAGE_SIZE:
        return ""
    kind = _grouping_kind(question, resolved.units or resolved.unknown)
    keys = {_group_key(kind, a) for a in ranked}
    return kind if len(keys) > 1 else ""


def _grouping_kind(question: Question, units: Sequence[object]) -> str:
    if question.intent in (Intent.OVERDUE, Intent.DUE) and not units:
        return GROUP_BY_LEAD
    return GROUP_BY_DOCUMENT


def _group_key(kind: str, a: AssignmentFacts | AssignmentView) -> object:
    return a.lead_names if kind == GROUP_BY_LEAD else a.document_id


def _grouped(kind: str, page: Sequence[AssignmentView]) -> tuple[list[AssignmentView], bool]:
    """The page with each group's lines together, groups in the order of their first line, rank
    (deadline) order kept inside each group; and whether headers are worth showing: only when
    the page's lines fall into at most half as many groups (five lines from five documents
    would only gain five header lines)."""
    if not kind:
        return list(page), False
    order: dict[object, list[AssignmentView]] = {}
    for a in page:
        order.setdefault(_group_key(kind, a), []).append(a)
    if len(order) > math.ceil(len(page) / 2):
        return list(page), False
    return [a for group in order.values() for a in group], True


def group_header(kind: str, a: AssignmentView) -> str:
    """The header a group of lines is shown under: the document, or the lead unit."""
    if kind == GROUP_BY_LEAD:
        if not a.lead_names:
            return texts.GROUP_NO_LEAD
        lead = ", ".join(a.lead_names)
        # names are kept as written, which may start in lower case mid-sentence
        return texts.GROUP_LEAD.format(lead=lead[:1].upper() + lead[1:])
    numbered = a.document_number and not a.document_number.startswith("/")
    if a.document_title and not numbered:
        # "Văn bản" alone would not tell one unnumbered document from another
        title = a.document_title if len(a.document_title) <= 80 else a.document_title[:79] + "…"
        return texts.GROUP_DOCUMENT_TITLED.format(document=_document_name(a), title=title)
    return texts.GROUP_DOCUMENT.format(document=_document_name(a))


def _document_name(a: AssignmentView) -> str:
    """ "Thông báo 45/TB-UBND ngày 28/02/2023": kind, number and date of the document."""
    return document_citation(a.document_type_name, a.document_number, a.document_issued)


def _grouped_line(
    kind: str,
    n: int,
    a: AssignmentView,
    units: Sequence[Unit],
    as_of: date,
    status: str | None = None,
) -> str:
    """A line under a group header: what the header says is not said again."""
    task = _short_task(a)
    status = status or status_words(a, as_of)
    if kind == GROUP_BY_LEAD:
        return texts.GROUPED_LINE_BY_LEAD.format(
            n=n, task=task, status=status, citation=citation(a)
        )
    place = _place(a)
    line = texts.GROUPED_LINE_BY_DOCUMENT.format(
        n=n, task=task, role=_role(a, units), status=status
    )
    return texts.GROUPED_LINE_PLACE.format(line=line, place=place) if place else line


def _listing(
    question: Question,
    units: Sequence[Unit],
    found: _Found,
    services: Services,
    as_of: date,
    shown_from: int,
) -> Answer:
    """One page of a ranked answer, its lines grouped when the answer is long; only the
    page's assignments are read in full."""
    window = found.ranked_ids[shown_from : shown_from + PAGE_SIZE]
    page, headed = _grouped(found.grouping, services.repository.get_assignments(list(window)))
    # the page's lines are numbered in the order shown, and "chi tiết N" follows that order
    # (an assignment deleted since the list was made drops out of it)
    ranked_ids = (
        found.ranked_ids[:shown_from]
        + tuple(a.id for a in page)
        + found.ranked_ids[shown_from + len(window) :]
    )
    lines: list[str] = []
    header = None
    done = _done_on(services, [a.id for a in page], as_of)
    for k, a in enumerate(page):
        n = shown_from + k + 1
        status = (
            texts.STATUS_DONE.format(date=done[a.id].strftime("%d/%m/%Y"))
            if a.id in done
            else None
        )
        if headed:
            if (this := group_header(found.grouping, a)) != header:
                header = this
                lines.append(header)
            lines.append(_grouped_line(found.grouping, n, a, units, as_of, status))
        else:
            lines.append(assignment_line(n, a, units, as_of, status))
    shown = shown_from + len(page)
    buttons: list[Button] = [
        Button(texts.BUTTON_DETAIL.format(n=shown_from + k + 1), f"detail:{a.id}")
        for k, a in enumerate(page)
    ]
    footer = ""
    if shown < len(ranked_ids):
        left = found.total - shown
        more = texts.ANSWER_MORE_LEFT_AT_LEAST if found.at_least else texts.ANSWER_MORE_LEFT
        footer = more.format(count=left)
        buttons.append(Button(texts.BUTTON_MORE, "more"))
    elif shown < found.total:
        # the chat keeps LIST_LIMIT ids: past them, a narrower question finds the rest
        footer = _list_end(shown, found.total, found.at_least)
    elif ranked_ids:
        footer = texts.ANSWER_DETAIL_HINT
    reply = Reply(
        title=_title(question, units, found.total, found.at_least, as_of),
        lines=tuple(lines),
        footer=footer,
        buttons=tuple(buttons),
        assignment_ids=tuple(a.id for a in page),
    )
    return Answer(
        reply,
        tuple(page),
        question,
        tuple(units),
        shown,
        ranked_ids=ranked_ids,
        total=found.total,
        total_at_least=found.at_least,
        grouping=found.grouping,
    )


def _list_end(shown: int, total: int, at_least: bool) -> str:
    """What to say when the ids a chat keeps are all shown and more were found."""
    count = texts.COUNT_AT_LEAST_IN_TEXT.format(count=total) if at_least else str(total)
    return texts.ANSWER_LIST_END.format(shown=shown, total=count)


def _more(question: Question, services: Services, context: AskContext, today: date) -> Answer:
    if not context.last_ids or context.shown >= len(context.last_ids):
        if context.last_ids and context.total > context.shown:
            title = _list_end(context.shown, context.total, context.total_at_least)
            return Answer(Reply(title=title), (), question)
        return Answer(Reply(title=texts.ANSWER_NO_MORE), (), question)
    last = context.last_question or question
    units = [u for u in (services.registry.get(k) for k in _unit_keys(last, services)) if u]
    grouping = context.grouping
    if grouping is None:
        # the chat's store kept only the ids: group as the first page did, if it was long
        grouping = _grouping_kind(last, units)
    found = _Found(
        ranked_ids=context.last_ids,
        total=max(context.total, len(context.last_ids)),
        at_least=context.total_at_least,
        grouping=grouping,
    )
    return _listing(last, units, found, services, last.as_of or today, shown_from=context.shown)


def _unit_keys(question: Question, services: Services) -> list[str]:
    keys = []
    for mention in question.units:
        match = services.registry.resolve(mention, cutoff=86)
        if match:
            keys.append(match.unit.key)
    return keys


def _detail(question: Question, services: Services, context: AskContext, today: date) -> Answer:
    item = question.item or 1
    view = None
    if 1 <= item <= len(context.last_ids):
        view = services.repository.get_assignment(context.last_ids[item - 1])
    if view is None:
        view = services.repository.get_assignment(item)  # "chi tiết việc 12": the stored id
    if view is None:
        return Answer(Reply(title=texts.ANSWER_NO_SUCH_ITEM.format(n=item)), (), question)
    return detail_answer(view, today, question)


def detail_answer(view: AssignmentView, today: date, question: Question | None = None) -> Answer:
    """The exact quote of one assignment with its units, deadline and citation."""
    lines = [
        texts.DETAIL_LEAD.format(names=", ".join(view.lead_names) or texts.UNKNOWN_LEAD),
    ]
    if view.cooperate_names:
        lines.append(texts.DETAIL_COOPERATE.format(names=", ".join(view.cooperate_names)))
    lines.append(texts.DETAIL_DEADLINE.format(status=status_words(view, today)))
    lines.append(texts.DETAIL_CITATION.format(citation=citation(view)))
    lines.append(texts.DETAIL_QUOTE.format(quote=view.quote))
    reply = Reply(
        title=texts.DETAIL_TITLE.format(id=view.id, task=view.task),
        lines=tuple(lines),
        assignment_ids=(view.id,),
    )
    return Answer(reply, (view,), question, (), 1)
