"""Full-text search over live assignments: FTS5 (SQLite) or tsvector (PostgreSQL), ranked."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from time import monotonic
from typing import Any

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.types import Integer

from knowledge.fts5 import FREQUENCY_TTL_S as FREQUENCY_TTL_S
from knowledge.fts5 import MAX_TERMS as MAX_TERMS
from knowledge.fts5 import ROW_BUDGET as ROW_BUDGET
from knowledge.fts5 import SQLITE_SQL, Fts5Ranking, SqlRows, affordable, search_request
from knowledge.fts5 import AssignmentSearch as AssignmentSearch
from knowledge.fts5 import SearchHit as SearchHit
from knowledge.fts5 import fts5_query as fts5_query
from knowledge.fts5 import query_terms as query_terms

# ROW_BUDGET (knowledge.fts5) and POSTGRES_ROW_BUDGET: ranking costs about a microsecond per
# matching row in FTS5, about four in PostgreSQL (one
# ts_rank_cd per word and row). Words are taken rarest first while the rows they match add up to
# no more than the budget; the commonest ones ("giao", "huyện", "phòng") weigh least in bm25
# anyway, and the rarest word is always kept. When even the rarest word is in more rows than
# the budget ("bảo" of "báo cáo", "bảo đảm", "bảo vệ"...), only as many of the newest
# assignments (by id) are searched: tens of thousands of rows would cost hundreds of
# milliseconds, for a ranking on one common word that says little.
POSTGRES_ROW_BUDGET = 3_000


def tsquery_text(terms: Collection[str]) -> str:
    """A to_tsquery('simple', ...) expression ORing the terms (letters and digits only)."""
    return " | ".join(terms)


# A query of very common words searches the newest assignments only (an id range both indexes
# read directly).
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
        self._fts5 = Fts5Ranking(clock)
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
        request = search_request(query, limit, assignment_ids)
        if request is None:
            return []
        terms, ids = request
        with self._session_factory() as session:
            dialect = session.get_bind().dialect.name
            params: dict[str, Any] = {"limit": limit}
            if dialect == "sqlite":
                return self._fts5.search(
                    _session_rows(session), terms, limit, ids, include_review, ROW_BUDGET
                )
            budget = POSTGRES_ROW_BUDGET
            terms, too_common = affordable(terms, self._postgres_counts(session, terms), budget)
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

    def affordable_terms(self, terms: tuple[str, ...]) -> tuple[tuple[str, ...], bool]:
        """The words of `terms` search() keeps within the row budget, and whether it then
        searches only the newest rows: the pruned query, for a bench's bare baseline."""
        with self._session_factory() as session:
            if session.get_bind().dialect.name == "sqlite":
                counts = self._fts5.row_counts(_session_rows(session), terms)
                return affordable(terms, counts, ROW_BUDGET)
            counts = self._postgres_counts(session, terms)
            return affordable(terms, counts, POSTGRES_ROW_BUDGET)

    def _postgres_counts(self, session: Session, terms: tuple[str, ...]) -> dict[str, int]:
        """How many rows hold each word, estimated from ANALYZE's most common elements (a word
        not among them counts 1, so it is kept; before any ANALYZE every word counts 1),
        remembered FREQUENCY_TTL_S."""
        now = self._clock()
        if self._common is None or now - self._common[1] >= FREQUENCY_TTL_S:
            self._common = (_postgres_common_words(session), now)
        common = self._common[0]
        return {term: common.get(term, 1) for term in terms}


def _session_rows(session: Session) -> SqlRows:
    """SQL text run on a session: the port knowledge.fts5 reads through."""

    def rows(sql: str, params: Mapping[str, Any]) -> Sequence[Sequence[Any]]:
        return session.execute(text(sql), dict(params)).all()

    return rows


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
        sql = text(SQLITE_SQL.format(restrict=""))
        return list(session.scalars(sql, {"match": fts5_query(terms), "limit": 10}))
