"""Ranked search over SQLite's FTS5 index of assignments, on any connection that runs SQL text.

The search protocol, the query's terms and the FTS5 ranking live here, free of SQLAlchemy: the
store's SQLAlchemy search (knowledge.search) runs them through a session, and a short command
on SQLite (knowledge.small_store) through a plain sqlite3 connection, so both rank alike.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from knowledge.text import fold

# A pasted paragraph should not become a 300-term query; the first words carry the question.
MAX_TERMS = 32
# Ranking costs about a microsecond per matching row in FTS5. Words are taken rarest first while
# the rows they match add up to no more than the budget (knowledge.search says why).
ROW_BUDGET = 10_000
# How long a word's row count is trusted; a stale count only changes which words are left out.
FREQUENCY_TTL_S = 300.0
_FREQUENCY_CACHE_MAX = 50_000

# Letters and digits in any script; the index tokenizers split on everything else, so do we.
_WORD = re.compile(r"[^\W_]+")

# bm25 weights by column: task, quote (which repeats the task), units, document.
SQLITE_SQL = """
SELECT rowid, bm25(assignment_fts, 2.0, 1.0, 2.0, 1.0) AS score FROM assignment_fts
WHERE assignment_fts MATCH :match{restrict}
ORDER BY score, rowid
LIMIT :limit
"""
# A query of very common words searches the newest assignments only (an id range the index
# reads directly).
_NEWEST_SQLITE = " AND rowid > (SELECT max(id) FROM assignments) - :newest"
_VOCAB_SQL = "SELECT doc FROM assignment_fts_vocab WHERE term = :term"
# CROSS JOIN makes SQLite start from the few review documents; left to itself (no ANALYZE) it
# walks every live assignment through ix_assignments_status.
_REVIEW_IDS = (
    "SELECT a.id FROM documents d CROSS JOIN assignments a ON a.document_id = d.id"
    " WHERE d.status = 'review' AND a.status = 'live'"
)

# Runs SQL text with named parameters (":name") and returns its rows.
SqlRows = Callable[[str, Mapping[str, Any]], Sequence[Sequence[Any]]]


@dataclass(frozen=True)
class SearchHit:
    """An assignment that matches a query; a higher score is a better match."""

    assignment_id: int
    score: float


class AssignmentSearch(Protocol):
    """Ranked full-text search over the live assignments of live documents."""

    def search(
        self,
        query: str,
        *,
        limit: int = 50,
        assignment_ids: Collection[int] | None = None,
        include_review: bool = False,
    ) -> list[SearchHit]:
        """The best matches for the words of `query`, best first.

        Any word may match (an official's question shares only some words with the task).
        assignment_ids: rank only these. include_review: documents in review count too.
        """
        ...


def query_terms(query: str) -> tuple[str, ...]:
    """The distinct folded words of a query, in order: "Đông Anh, 45/TB" -> dong anh 45 tb.

    Punctuation, operators and symbols are dropped; what is left is letters and digits only,
    so nothing a user types can change the meaning of the index query.
    """
    seen: dict[str, None] = {}
    for word in _WORD.findall(fold(query)):
        seen.setdefault(word, None)
        if len(seen) == MAX_TERMS:
            break
    return tuple(seen)


def search_request(
    query: str, limit: int, assignment_ids: Collection[int] | None
) -> tuple[tuple[str, ...], list[int] | None] | None:
    """A search's terms and its candidates (sorted, or None for all), or None when it can find
    nothing: no letters or digits, a limit below 1, an empty candidate list."""
    terms = query_terms(query)
    ids = sorted({int(i) for i in assignment_ids}) if assignment_ids is not None else None
    if not terms or limit < 1 or ids == []:
        return None
    return terms, ids


def fts5_query(terms: Collection[str]) -> str:
    """An FTS5 MATCH expression ORing the terms, each quoted so none reads as an operator."""
    return " OR ".join(f'"{term}"' for term in terms)


def affordable(
    terms: tuple[str, ...], counts: Mapping[str, int], budget: int
) -> tuple[tuple[str, ...], bool]:
    """The words worth ranking on, in query order: none that no row has, and the rarest ones
    only while the rows they match stay within `budget`; and whether even the rarest is in more
    rows than that (then only the newest `budget` assignments are searched)."""
    kept: set[str] = set()
    total = 0
    for term in sorted((t for t in terms if counts[t] > 0), key=counts.__getitem__):
        if kept and total + counts[term] > budget:
            break
        kept.add(term)
        total += counts[term]
    return tuple(term for term in terms if term in kept), total > budget


class Fts5Ranking:
    """bm25 over the FTS5 index, with each word's row count remembered FREQUENCY_TTL_S."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._frequencies: dict[str, tuple[int, float]] = {}  # word -> (rows, when counted)

    def search(
        self,
        rows: SqlRows,
        terms: tuple[str, ...],
        limit: int,
        ids: list[int] | None,
        include_review: bool,
        budget: int,
    ) -> list[SearchHit]:
        """The best `limit` matches of any of `terms` (among `ids` when given), best first."""
        terms, too_common = affordable(terms, self.row_counts(rows, terms), budget)
        review: set[int] = set()
        if not include_review:
            # Review documents are few: ask for that many more rows and drop theirs, rather
            # than have FTS5 test every matching row.
            review = {int(row[0]) for row in rows(_REVIEW_IDS, {})}
            if ids is not None:
                ids = [i for i in ids if i not in review]
                review = set()
        if not terms or ids == []:
            return []
        params: dict[str, Any] = {"match": fts5_query(terms), "limit": limit + len(review)}
        restrict = ""
        if ids is not None:
            # One JSON parameter, however many candidates: no bound-variable limit.
            restrict = " AND rowid IN (SELECT value FROM json_each(:ids))"
            params["ids"] = json.dumps(ids)
        if too_common:
            restrict += _NEWEST_SQLITE
            params["newest"] = budget
        found = rows(SQLITE_SQL.format(restrict=restrict), params)
        # bm25 is negative, more negative is better.
        hits = [SearchHit(int(row[0]), -float(row[1])) for row in found if row[0] not in review]
        return hits[:limit]

    def row_counts(self, rows: SqlRows, terms: tuple[str, ...]) -> dict[str, int]:
        """How many indexed rows hold each word: exact, from fts5vocab."""
        now = self._clock()
        counts: dict[str, int] = {}
        missing = []
        for term in terms:
            cached = self._frequencies.get(term)
            if cached is not None and now - cached[1] < FREQUENCY_TTL_S:
                counts[term] = cached[0]
            else:
                missing.append(term)
        if missing:
            if len(self._frequencies) > _FREQUENCY_CACHE_MAX:
                self._frequencies.clear()
            for term in missing:
                # One lookup per word: fts5vocab seeks on `term =`, not on `term IN (...)`.
                found = rows(_VOCAB_SQL, {"term": term})
                counts[term] = int(found[0][0] or 0) if found else 0
                if counts[term]:
                    # A word no row has is asked again next time: it may arrive any minute.
                    self._frequencies[term] = (counts[term], now)
        return counts
