"""Answer an official's question from the stored assignments: find, rank, and word the reply."""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from handlers import texts
from handlers.answering_ranking import _passes, _score, _select, _word_weights, _words
from handlers.answering_replies import GROUP_BY_DOCUMENT as GROUP_BY_DOCUMENT
from handlers.answering_replies import GROUP_BY_LEAD as GROUP_BY_LEAD
from handlers.answering_replies import (
    _group_key,
    _grouped,
    _grouped_line,
    _grouping_kind,
    _list_end,
    _title,
    assignment_line,
    detail_answer,
    group_header,
)
from handlers.answering_replies import document_citation as document_citation
from handlers.answering_types import Answer, AskContext, Services
from handlers.answering_units import _resolve_units, _Resolved
from handlers.deadline_words import deadline_words as deadline_words
from handlers.messages import Button, Reply
from handlers.understanding import Intent, Question, parse_question
from knowledge.calendar import WorkCalendar
from knowledge.storage_types import AssignmentFacts, AssignmentFilter, DocumentRepository
from knowledge.text import fold
from knowledge.units import Unit

if TYPE_CHECKING:
    from knowledge.fts5 import AssignmentSearch

PAGE_SIZE = 5
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


def answer_text(
    text: str, services: Services, *, today: date, context: AskContext | None = None
) -> Answer:
    """Understand `text` and answer it as of `today` (or the date the question states)."""
    if services.reading is None:
        return _answer(text, services, today, context or AskContext())
    with services.reading():
        return _answer(text, services, today, context or AskContext())


def _answer(text: str, services: Services, today: date, context: AskContext) -> Answer:
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
    if question.document and in_document == [] and not resolved.units:
        # stored, but it gives no task at all (a decision that only recognises, a report)
        title = texts.ANSWER_DOCUMENT_WITHOUT_TASKS.format(document=question.document.upper())
        return Answer(Reply(title=title), (), question)
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
    if not ranked and not pool.tail and question.speaking:
        # no task of the unit followed by "đề nghị"/"chỉ đạo": it is who asks, not who is asked
        units = tuple(u for u in question.units if u not in question.speaking)
        return _find(replace(question, units=units, speaking=()), services, context, today)
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


def _by_words(texts_read: list[tuple[int, str]], words: list[str]) -> tuple[list[int], bool]:
    """At most SCORE_LIMIT of the (id, folded text) read, and whether some holding a word were
    left out: those holding most of the words first (rare words weighing more), the store's
    order (earliest deadline) among equals; the earliest when none holds one."""
    if len(texts_read) <= SCORE_LIMIT:
        return [i for i, _text in texts_read], False
    # the asked words as whole words of the text, found by one pattern (the texts run to
    # thousands of words: splitting each into a set cost more than the rest of the answer)
    asked = re.compile(
        r"(?<![a-z0-9])(?:"
        + "|".join(sorted(map(re.escape, set(words)), key=len, reverse=True))
        + r")(?![a-z0-9])"
    )
    held = [(i, found) for i, text in texts_read if (found := set(asked.findall(text)))]
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
        # "846/UBND-TH", or a portal's bare "công văn (số 2638)"
        digits_only = re.escape(key.lstrip("0"))
        written = re.compile(
            rf"(?<![\w/.,])0*{digits_only}\s*[/-]\s*[a-z]|\bso:?\s*0*{digits_only}(?![\w/.,-])"
        )
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


def _same_document(a: AssignmentFacts, typed: str) -> bool:
    number = fold(a.document_number or "").replace(" ", "")
    typed = fold(typed).replace(" ", "")
    if not number or number.startswith("/"):
        return False
    if "/" in typed:
        return number == typed or number.startswith(typed)
    return number.split("/")[0].lstrip("0") == typed.lstrip("0")


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
