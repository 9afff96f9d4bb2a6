"""Full-text search over live assignments: FTS5 (SQLite) or tsvector (PostgreSQL), ranked."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from time import monotonic
from typing import Any, Protocol

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.types import Integer

from knowledge.text import fold

# A pasted paragraph should not become a 300-term query; the first words carry the question.
MAX_TERMS = 32
# Ranking costs about a microsecond per matching row in FTS5, about four in PostgreSQL (one
# ts_rank_cd per word and row). Words are taken rarest first while the rows they match add up to
# no more than the budget; the commonest ones ("giao", "huyện", "phòng") weigh least in bm25
# anyway, and the rarest word is always kept. When even the rarest word is in more rows than
# the budget ("bảo" of "báo cáo", "bảo đảm", "bảo vệ"...), only as many of the newest
# assignments (by id) are searched: tens of thousands of rows would cost hundreds of
# milliseconds, for a ranking on one common word that says little.
ROW_BUDGET = 10_000
POSTGRES_ROW_BUDGET = 3_000
# How long a word's row count is trusted; a stale count only changes which words are left out.
FREQUENCY_TTL_S = 300.0
_FREQUENCY_CACHE_MAX = 50_000

# Letters and digits in any script; the index tokenizers split on everything else, so do we.
_WORD = re.compile(r"[^\W_]+")


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


def fts5_query(terms: Collection[str]) -> str:
    """An FTS5 MATCH expression ORing the terms, each quoted so none reads as an operator."""
    return " OR ".join(f'"{term}"' for term in terms)


def tsquery_text(terms: Collection[str]) -> str:
    """A to_tsquery('simple', ...) expression ORing the terms (letters and digits only)."""
    return " | ".join(terms)


# bm25 weights by column: task, quote (which repeats the task), units, document.
_SQLITE_SQL = """
SELECT rowid, bm25(assignment_fts, 2.0, 1.0, 2.0, 1.0) AS score FROM assignment_fts
WHERE assignment_fts MATCH :match{restrict}
ORDER BY score, rowid
LIMIT :limit
"""

# A query of very common words searches the newest assignments only (an id range both indexes
# read directly).
_NEWEST_SQLITE = " AND rowid > (SELECT max(id) FROM assignments) - :newest"
_NEWEST_POSTGRES = " AND assignment_id > (SELECT max(id) FROM assignments) - :newest"

# ts_rank_cd alone has no notion of rare words: "ubnd" five times would beat "12/KH" once. So
# each query word gets its own ts_rank_cd (weights D quote, C document, B units, A task; no
# length normalisation: it is then the weighted count of the word), saturated as bm25 does
# (k1 = 0.6) and weighted by bm25's idf, from the rows that match (df) against the table's size
# (planner statistics, at least the matches). Every CTE is MATERIALIZED: inlined, the idf's
# count over the matches would run again for every matching row.
_POSTGRES_SQL = """
WITH matched AS MATERIALIZED (
    SELECT assignment_id, search FROM assignment_search
    WHERE search @@ to_tsquery('simple', :match) AND state IN ({states}){restrict}
),
total AS MATERIALIZED (
    SELECT GREATEST(
        (SELECT count(*) FROM matched),
        (SELECT reltuples FROM pg_class WHERE oid = to_regclass('assignment_search'))
    ) AS n
),
terms AS MATERIALIZED (
    SELECT q, ln(1 + ((SELECT n FROM total) - df + 0.5) / (df + 0.5)) AS idf
    FROM (
        SELECT q, (SELECT count(*) FROM matched m WHERE m.search @@ q) AS df
        FROM unnest(CAST(:terms AS text[])) AS word, to_tsquery('simple', word) AS q
    ) AS counted
    WHERE df > 0
)
SELECT m.assignment_id,
       sum(t.idf * 1.6 * r.tf / (r.tf + 0.6)) AS score
FROM matched m
CROSS JOIN terms t
CROSS JOIN LATERAL (SELECT ts_rank_cd('{{0.2, 0.2, 0.4, 0.4}}', m.search, t.q, 0) AS tf) AS r
GROUP BY m.assignment_id
ORDER BY score DESC, m.assignment_id
LIMIT :limit
"""


def _states(include_review: bool) -> str:
    return "'live', 'review'" if include_review else "'live'"


class SqlAssignmentSearch:
    """AssignmentSearch over the index migration 0002 keeps, on SQLite and PostgreSQL."""

    def __init__(
        self, session_factory: sessionmaker[Session], *, clock: Callable[[], float] = monotonic
    ) -> None:
        self._session_factory = session_factory
        self._clock = clock
        self._frequencies: dict[str, tuple[int, float]] = {}  # word -> (rows, when counted)
        self._common: tuple[dict[str, int], float] | None = None  # PostgreSQL: (rows, when)

    def search(
        self,
        query: str,
        *,
        limit: int = 50,
        assignment_ids: Collection[int] | None = None,
        include_review: bool = False,
    ) -> list[SearchHit]:
        """The best matches for any of the folded words of `query`, best first.

        Ranked by bm25 (SQLite) or by ts_rank_cd per word weighted by bm25's idf (PostgreSQL);
        ties go to the older assignment. The commonest words are left out once the rarer ones
        match ROW_BUDGET rows (POSTGRES_ROW_BUDGET on PostgreSQL); a query of words all
        commoner than that searches as many of the newest assignments. A query with no
        letters or digits, an empty candidate list or a limit below 1 gives [].
        """
        terms = query_terms(query)
        ids = sorted({int(i) for i in assignment_ids}) if assignment_ids is not None else None
        if not terms or limit < 1 or ids == []:
            return []
        with self._session_factory() as session:
            dialect = session.get_bind().dialect.name
            params: dict[str, Any] = {"limit": limit}
            if dialect == "sqlite":
                return self._search_sqlite(session, terms, limit, ids, include_review)
            budget = POSTGRES_ROW_BUDGET
            terms, too_common = self._affordable(session, terms, budget)
            if not terms:
                return []
            params["match"] = tsquery_text(terms)
            params["terms"] = list(terms)
            restrict = ""
            if ids is not None:
                restrict = " AND assignment_id = ANY(:ids)"
                params["ids"] = ids
            if too_common:
                restrict += _NEWEST_POSTGRES
                params["newest"] = budget
            sql = text(_POSTGRES_SQL.format(states=_states(include_review), restrict=restrict))
            if ids is not None:
                from sqlalchemy.dialects.postgresql import ARRAY

                sql = sql.bindparams(bindparam("ids", type_=ARRAY(Integer)))
            rows = session.execute(sql, params).all()
            return [SearchHit(int(row[0]), float(row[1])) for row in rows]

    def _search_sqlite(
        self,
        session: Session,
        terms: tuple[str, ...],
        limit: int,
        ids: list[int] | None,
        include_review: bool,
    ) -> list[SearchHit]:
        terms, too_common = self._affordable(session, terms, ROW_BUDGET)
        review: set[int] = set()
        if not include_review:
            # Review documents are few: ask for that many more rows and drop theirs, rather
            # than have FTS5 test every matching row.
            review = set(session.scalars(_REVIEW_IDS))
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
            params["newest"] = ROW_BUDGET
        rows = session.execute(text(_SQLITE_SQL.format(restrict=restrict)), params).all()
        # bm25 is negative, more negative is better.
        hits = [SearchHit(int(row[0]), -float(row[1])) for row in rows if row[0] not in review]
        return hits[:limit]

    def _affordable(
        self, session: Session, terms: tuple[str, ...], budget: int
    ) -> tuple[tuple[str, ...], bool]:
        """The words worth ranking on, in query order: none that no row has, and the rarest
        ones only while the rows they match stay within `budget`; and whether even the rarest
        is in more rows than that (then only the newest `budget` assignments are searched)."""
        counts = self._row_counts(session, terms)
        kept: set[str] = set()
        total = 0
        for term in sorted((t for t in terms if counts[t] > 0), key=counts.__getitem__):
            if kept and total + counts[term] > budget:
                break
            kept.add(term)
            total += counts[term]
        return tuple(term for term in terms if term in kept), total > budget

    def _row_counts(self, session: Session, terms: tuple[str, ...]) -> dict[str, int]:
        """How many indexed rows hold each word, remembered FREQUENCY_TTL_S: exact from fts5vocab
        on SQLite; on PostgreSQL estimated from ANALYZE's most common elements (a word not among
        them counts 1, so it is kept; before any ANALYZE every word counts 1)."""
        now = self._clock()
        if session.get_bind().dialect.name != "sqlite":
            if self._common is None or now - self._common[1] >= FREQUENCY_TTL_S:
                self._common = (_postgres_common_words(session), now)
            common = self._common[0]
            return {term: common.get(term, 1) for term in terms}
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
                counts[term] = int(session.scalar(_VOCAB_SQL, {"term": term}) or 0)
                if counts[term]:
                    # A word no row has is asked again next time: it may arrive any minute.
                    self._frequencies[term] = (counts[term], now)
        return counts


_VOCAB_SQL = text("SELECT doc FROM assignment_fts_vocab WHERE term = :term")
# CROSS JOIN makes SQLite start from the few review documents; left to itself (no ANALYZE) it
# walks every live assignment through ix_assignments_status.
_REVIEW_IDS = text(
    "SELECT a.id FROM documents d CROSS JOIN assignments a ON a.document_id = d.id"
    " WHERE d.status = 'review' AND a.status = 'live'"
)


_PG_COMMON_WORDS = text(
    """
    SELECT s.most_common_elems::text::text[], s.most_common_elem_freqs, c.reltuples
    FROM pg_stats s
    JOIN pg_class c ON c.oid = to_regclass('assignment_search')
    WHERE s.schemaname = current_schema() AND s.tablename = 'assignment_search'
      AND s.attname = 'search'
    """
)


def _postgres_common_words(session: Session) -> dict[str, int]:
    """Estimated rows of the words ANALYZE found most common in the index; {} before it ran."""
    row = session.execute(_PG_COMMON_WORDS).first()
    if row is None or not row[0] or not row[1]:
        return {}
    words, freqs, rows = row
    return {word: int(freq * max(rows, 0)) for word, freq in zip(words, freqs, strict=False)}


def fts_top10(session_factory: sessionmaker[Session], query: str) -> list[int]:
    """Ids of the ten best matches of `query` by one bare index query: every word ORed, ranked,
    no word left out and no status filter on SQLite (PostgreSQL runs search's query).

    What benches time as "one FTS query" and compare whole answers with.
    """
    terms = query_terms(query)
    if not terms:
        return []
    with session_factory() as session:
        if session.get_bind().dialect.name != "sqlite":
            return [
                hit.assignment_id
                for hit in SqlAssignmentSearch(session_factory).search(
                    query, limit=10, include_review=True
                )
            ]
        sql = text(_SQLITE_SQL.format(restrict=""))
        return list(session.scalars(sql, {"match": fts5_query(terms), "limit": 10}))
