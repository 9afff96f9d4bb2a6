"""Ranking: which assignments a question's units, dates and words fit, scored and selected."""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz, process

from handlers.answering_units import _Resolved
from handlers.understanding import STOPWORDS, Intent, Question
from knowledge.abbreviations import expand_unit_abbreviations
from knowledge.storage_types import AssignmentFacts
from knowledge.text import fold

# A topic-only question must share this much with an assignment to be answered by it.
TOPIC_FLOOR = 0.5
# ... and more when nothing in the message speaks of tasks ("thời tiết hôm nay" shares "thời"
# with "thời gian thực hiện"): a bare topic must be nearly all there.
BARE_TOPIC_FLOOR = 0.8
UNSEEN_WORD_WEIGHT = 0.6


def _words(question: Question, resolved: _Resolved) -> list[str]:
    """The words to rank by: the topic's, and those of unit names nobody knows."""
    return [*question.topic, *_topic_words(resolved.leftover), *_unknown_words(resolved)]


def _topic_words(words: Iterable[str]) -> list[str]:
    return [w for w in words if w not in STOPWORDS and len(w) > 1 and not w.isdigit()]


def _unknown_words(resolved: _Resolved) -> list[str]:
    return [w for m in resolved.unknown for w in m.split()]


_WORD = re.compile(r"[a-z0-9]+")


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


def _haystack(a: AssignmentFacts) -> frozenset[str]:
    """The assignment's words and word pairs ("quang loc"), folded, with its document's title
    and issuer (where the place a question names is written). The store keeps the task and
    the quote folded: folding them again was a third of a question's ranking."""
    return _words_and_pairs(
        a.task_folded or fold(a.task),
        a.quote_folded or fold(a.quote),
        _folded_source(a.document_title, a.document_issuer),
    )


@functools.lru_cache(maxsize=4096)
def _folded_source(title: str | None, issuer: str | None) -> str:
    # a document's many assignments share it
    return fold(f"{title or ''} {issuer or ''}")


@functools.lru_cache(maxsize=256)
def _words_and_pairs(task: str, quote: str, title: str) -> frozenset[str]:
    # remembered for the question being scored, which reads each candidate's words three
    # times (a few hundred sets of word pairs: more would hold tens of megabytes)
    words = _WORD.findall(f"{task} {quote} {title}")
    return frozenset([*words, *(f"{x} {y}" for x, y in itertools.pairwise(words))])


def _word_weights(candidates: Sequence[AssignmentFacts]) -> dict[str, float]:
    """Inverse document frequency of words over the candidates: shared words weigh little."""
    counts = Counter(itertools.chain.from_iterable(_haystack(a) for a in candidates))
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


def _fuzzy_in(word: str, hay: frozenset[str]) -> bool:
    """Whether a word of `hay` within two letters of the word's length is a typo of it."""
    if len(word) < 4 or " " in word:
        return False
    by_length, lengths, known = _near_words(hay)
    if word not in known:
        near = by_length[
            bisect.bisect_left(lengths, len(word) - 2) : bisect.bisect_right(
                lengths, len(word) + 2
            )
        ]
        found = process.extractOne(word, near, scorer=fuzz.ratio, score_cutoff=80)
        known[word] = found is not None
    return known[word]


@functools.lru_cache(maxsize=256)
def _near_words(hay: frozenset[str]) -> tuple[list[str], list[int], dict[str, bool]]:
    """The haystack's words shortest first, their lengths, and what was found near which
    typed word (a question scores each candidate twice: its topic, its own words); as many
    as _words_and_pairs remembers."""
    ordered = sorted(hay, key=len)
    return ordered, [len(w) for w in ordered], {}


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
    for partner in resolved.partners or question.partners:
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
    r"^(?P<unit>.+?)\s+(?:cua\s+|o\s+|tai\s+)?"
    r"(?P<level>xa|phuong|thi tran|thi xa|huyen|tinh|quan)"
    r"\s+(?P<place>[a-z]+(?:\s+[a-z]+)?)$"
)


def _named_here(mention: str, a: AssignmentFacts) -> str:
    """The unit a mention names in this assignment's document: "xóm trưởng xã Liên Sơn" is
    the document's "xóm trưởng" when the document is Liên Sơn's (its title or issuer say so);
    another commune's unit it is not."""
    m = _PLACE_AFTER.match(mention)
    if m is None or f" {m.group('place')} " not in f" {_place_words_of(a)} ":
        return mention
    levels = _LEVELS_BEFORE_PLACE.findall(f"{_place_words_of(a)} ", 0)
    named = {level for level, place in levels if place.startswith(m.group("place"))}
    if named and m.group("level") not in named:
        return mention  # "thị trấn Thanh Hà" is not the district of Thanh Hà
    return m.group("unit")


_LEVELS_BEFORE_PLACE = re.compile(
    r"\b(xa|phuong|thi tran|thi xa|huyen|tinh|quan|thanh pho)\s+(?:uy\s+)?([a-z]+(?:\s+[a-z]+)?)\s"
)


def _place_words_of(a: AssignmentFacts) -> str:
    return _title_words(a.document_title or "", a.document_issuer or "")


@functools.lru_cache(maxsize=256)
def _title_words(title: str, issuer: str) -> str:
    # remembered: a document's candidates share its title, scored once per mention each
    return " ".join(_WORD.findall(fold(f"{title} {issuer}")))


_EVERY_TASK = re.compile(
    r"\b(?:bao nhieu (?:viec|nhiem vu)|(?:nhung|cac) (?:viec|nhiem vu) (?:nao|gi)|tat ca|"
    r"danh sach (?:cac )?(?:viec|nhiem vu))\b"
)


def _select(
    scored: list[_Scored], question: Question, resolved: _Resolved
) -> list[AssignmentFacts]:
    """Rank, and say nothing rather than something wrong."""
    has_units = bool(resolved.units or resolved.unknown or resolved.groups)
    date_question = question.intent in (Intent.OVERDUE, Intent.DUE)
    topic = [*question.topic, *_topic_words(resolved.leftover)]
    floor = BARE_TOPIC_FLOOR if "no_cue" in question.flags else TOPIC_FLOOR
    # "có bao nhiêu việc?", "có những nhiệm vụ nào?": no unit, no document, no topic, but
    # tasks asked about: every task answers (nothing to rank by, nothing to leave out)
    every = not _words(question, resolved) and _EVERY_TASK.search(question.folded) is not None
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
        if (
            not has_units
            and not date_question
            and not question.document
            and not every
            and s.topic < floor
        ):
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
