"""Full-text index over live assignments, kept by triggers: FTS5 on SQLite, tsvector on PostgreSQL.

Each indexed assignment contributes its folded task and quote, the names of its units (as written
and as registered) and its document's type, number and title. Only live assignments of live or
review documents are indexed. On PostgreSQL `state` holds the document status so review can be
filtered out; SQLite leaves it out of the FTS5 table (reading a column costs a content lookup per
matching row, and a MATCH filter slows bm25 down), so queries drop the few review rows after.
Triggers keep the index right whatever code path writes (ORM, Core bulk inserts, raw SQL).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Columns that change what an assignment's search text or eligibility is.
_ASSIGNMENT_COLUMNS = "task_folded, quote_folded, status, document_id"
_DOCUMENT_COLUMNS = "status, doc_type_name, number, title"
_LINK_COLUMNS = "assignment_id, unit_id, name_as_written"


def _run(sql: str) -> None:
    # exec_driver_sql: the SQL holds no bind parameters, and must not be parsed for them.
    op.get_bind().exec_driver_sql(sql)


# --- SQLite -------------------------------------------------------------------------------


def _sqlite_dfold(expr: str) -> str:
    """unicode61 with remove_diacritics 2 folds every Vietnamese letter and case except đ."""
    for letter in ("đ", "Đ", "ð", "Ð"):
        expr = f"replace({expr}, '{letter}', 'd')"
    return expr


_SQLITE_UNITS = (
    "COALESCE((SELECT group_concat(l.name_as_written || ' ' || u.name, ' ')"
    " FROM assignment_units l JOIN units u ON u.id = l.unit_id"
    " WHERE l.assignment_id = a.id), '')"
)
_SQLITE_DOCUMENT = (
    "COALESCE(d.doc_type_name, '') || ' ' || COALESCE(d.number, '') || ' '"
    " || COALESCE(d.title, '')"
)

_SQLITE_VIEW = f"""
CREATE VIEW assignment_search_source AS
SELECT a.id AS assignment_id,
       a.task_folded AS task,
       a.quote_folded AS quote,
       {_sqlite_dfold(_SQLITE_UNITS)} AS units,
       {_sqlite_dfold(_SQLITE_DOCUMENT)} AS document,
       d.status AS state
FROM assignments a JOIN documents d ON d.id = a.document_id
WHERE a.status = 'live' AND d.status IN ('live', 'review')
"""


def _sqlite_refresh(ids: str) -> str:
    """Statements that drop and re-add the index rows of the assignments `ids` selects."""
    return (
        f"DELETE FROM assignment_fts WHERE rowid IN ({ids});\n"
        "INSERT INTO assignment_fts(rowid, task, quote, units, document)"
        " SELECT assignment_id, task, quote, units, document"
        f" FROM assignment_search_source WHERE assignment_id IN ({ids});"
    )


_SQLITE_TRIGGERS = {
    "assignments_search_insert": "AFTER INSERT ON assignments",
    "assignments_search_update": f"AFTER UPDATE OF {_ASSIGNMENT_COLUMNS} ON assignments",
    "assignments_search_delete": "AFTER DELETE ON assignments",
    "assignment_units_search_insert": "AFTER INSERT ON assignment_units",
    "assignment_units_search_update": f"AFTER UPDATE OF {_LINK_COLUMNS} ON assignment_units",
    "assignment_units_search_delete": "AFTER DELETE ON assignment_units",
    "documents_search_update": f"AFTER UPDATE OF {_DOCUMENT_COLUMNS} ON documents",
    "units_search_update": "AFTER UPDATE OF name ON units",
}

_SQLITE_BODIES = {
    "assignments_search_insert": _sqlite_refresh("new.id"),
    "assignments_search_update": _sqlite_refresh("old.id, new.id"),
    "assignments_search_delete": "DELETE FROM assignment_fts WHERE rowid = old.id;",
    "assignment_units_search_insert": _sqlite_refresh("new.assignment_id"),
    "assignment_units_search_update": _sqlite_refresh("old.assignment_id, new.assignment_id"),
    "assignment_units_search_delete": _sqlite_refresh("old.assignment_id"),
    "documents_search_update": _sqlite_refresh(
        "SELECT id FROM assignments WHERE document_id = new.id"
    ),
    "units_search_update": _sqlite_refresh(
        "SELECT assignment_id FROM assignment_units WHERE unit_id = new.id"
    ),
}


def _upgrade_sqlite() -> None:
    _run(
        "CREATE VIRTUAL TABLE assignment_fts USING fts5("
        "task, quote, units, document, "
        "tokenize = 'unicode61 remove_diacritics 2')"
    )
    # Document frequencies of words, so a query can leave out words nearly every row has.
    _run("CREATE VIRTUAL TABLE assignment_fts_vocab USING fts5vocab(assignment_fts, 'row')")
    _run(_SQLITE_VIEW)
    for name, event in _SQLITE_TRIGGERS.items():
        _run(f"CREATE TRIGGER {name} {event} BEGIN\n{_SQLITE_BODIES[name]}\nEND")
    _run(
        "INSERT INTO assignment_fts(rowid, task, quote, units, document)"
        " SELECT assignment_id, task, quote, units, document FROM assignment_search_source"
    )


def _downgrade_sqlite() -> None:
    for name in _SQLITE_TRIGGERS:
        _run(f"DROP TRIGGER IF EXISTS {name}")
    _run("DROP VIEW IF EXISTS assignment_search_source")
    _run("DROP TABLE IF EXISTS assignment_fts_vocab")
    _run("DROP TABLE IF EXISTS assignment_fts")


# --- PostgreSQL ---------------------------------------------------------------------------


_VOWELS = ("a", "a\u0306", "a\u0302", "e", "e\u0302", "i", "o", "o\u0302", "o\u031b", "u",
           "u\u031b", "y")  # a ă â e ê i o ô ơ u ư y
_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # none, huyền, sắc, hỏi, ngã, nặng


def _fold_map() -> tuple[str, str]:
    """translate() strings: every Vietnamese letter with marks, both cases, and đ -> its ASCII
    base, as knowledge.text.fold does. Only Vietnamese letters: translate() scans the map once
    per character, so a map of every accented Latin letter would triple its cost.
    """
    source: list[str] = ["đ", "Đ"]
    target: list[str] = ["d", "d"]
    for vowel in _VOWELS:
        for tone in _TONES:
            for letter in (vowel, vowel.upper()):
                composed = unicodedata.normalize("NFC", letter + tone)
                if len(composed) == 1 and not composed.isascii():
                    source.append(composed)
                    target.append(vowel[0])
    return "".join(source), "".join(target)


def _pg_fold_functions() -> list[str]:
    source, target = _fold_map()
    # Everything but ASCII letters and digits becomes a space: the same words the query side
    # splits, whatever the server's locale. The folded columns need only that; translate() over
    # a 400-letter map costs a quarter of a millisecond on a long quote, so it is kept for the
    # short unfolded texts (titles, numbers, unit names).
    return [
        """
CREATE FUNCTION giaoviec_words(value text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $words$
SELECT btrim(regexp_replace(lower(value), '[^a-z0-9]+', ' ', 'g'))
$words$
""",
        f"""
CREATE FUNCTION giaoviec_fold(value text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fold$
SELECT giaoviec_words(translate(value, '{source}', '{target}'))
$fold$
""",
    ]


# "(...) IS TRUE" keeps the planner off the status indexes: on tables not analyzed yet it would
# start from every live document, or AND every live assignment with the primary key, on each
# refresh: a cost that grows with the table.
_PG_VIEW = """
CREATE VIEW assignment_search_source AS
SELECT a.id AS assignment_id,
       d.status AS state,
       setweight(to_tsvector('simple', giaoviec_words(a.task_folded)), 'A')
       || setweight(to_tsvector('simple', giaoviec_fold(COALESCE(
              (SELECT string_agg(l.name_as_written || ' ' || u.name, ' ')
               FROM assignment_units l JOIN units u ON u.id = l.unit_id
               WHERE l.assignment_id = a.id), ''))), 'B')
       || setweight(to_tsvector('simple', giaoviec_fold(
              COALESCE(d.doc_type_name, '') || ' ' || COALESCE(d.number, '') || ' '
              || COALESCE(d.title, ''))), 'C')
       || setweight(to_tsvector('simple', giaoviec_words(a.quote_folded)), 'D') AS search
FROM assignments a JOIN documents d ON d.id = a.document_id
WHERE (a.status = 'live' AND d.status IN ('live', 'review')) IS TRUE
"""

_PG_REFRESH = """
CREATE FUNCTION assignment_search_refresh(ids integer[]) RETURNS void
LANGUAGE plpgsql AS $refresh$
BEGIN
    DELETE FROM assignment_search WHERE assignment_id = ANY(ids);
    INSERT INTO assignment_search (assignment_id, state, search)
    SELECT s.assignment_id, s.state, s.search
    FROM unnest(ids) AS i(id)
    CROSS JOIN LATERAL (
        SELECT * FROM assignment_search_source v WHERE v.assignment_id = i.id
    ) AS s;
END
$refresh$
"""

# Statement-level triggers with transition tables: a batched insert of a document's assignments
# or links refreshes them in one pass, not one call per row.
_PG_ON_ASSIGNMENTS = """
CREATE FUNCTION assignment_search_on_assignments() RETURNS trigger
LANGUAGE plpgsql AS $trg$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM assignment_search_refresh(ARRAY(SELECT id FROM new_rows));
    ELSE
        PERFORM assignment_search_refresh(ARRAY(
            SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE (n.task_folded, n.quote_folded, n.status, n.document_id)
                  IS DISTINCT FROM (o.task_folded, o.quote_folded, o.status, o.document_id)));
    END IF;
    RETURN NULL;
END
$trg$
"""

_PG_ON_LINKS = """
CREATE FUNCTION assignment_search_on_links() RETURNS trigger
LANGUAGE plpgsql AS $trg$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM assignment_search_refresh(ARRAY(SELECT DISTINCT assignment_id FROM new_rows));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM assignment_search_refresh(ARRAY(SELECT DISTINCT assignment_id FROM old_rows));
    ELSE
        PERFORM assignment_search_refresh(ARRAY(
            SELECT assignment_id FROM new_rows UNION SELECT assignment_id FROM old_rows));
    END IF;
    RETURN NULL;
END
$trg$
"""

_PG_ON_DOCUMENTS = """
CREATE FUNCTION assignment_search_on_documents() RETURNS trigger
LANGUAGE plpgsql AS $trg$
BEGIN
    PERFORM assignment_search_refresh(ARRAY(
        SELECT a.id FROM assignments a
        JOIN new_rows n ON n.id = a.document_id
        JOIN old_rows o ON o.id = n.id
        WHERE (n.status, n.doc_type_name, n.number, n.title)
              IS DISTINCT FROM (o.status, o.doc_type_name, o.number, o.title)));
    RETURN NULL;
END
$trg$
"""

_PG_ON_UNITS = """
CREATE FUNCTION assignment_search_on_units() RETURNS trigger
LANGUAGE plpgsql AS $trg$
BEGIN
    PERFORM assignment_search_refresh(ARRAY(
        SELECT DISTINCT l.assignment_id FROM assignment_units l
        JOIN new_rows n ON n.id = l.unit_id
        JOIN old_rows o ON o.id = n.id
        WHERE n.name IS DISTINCT FROM o.name));
    RETURN NULL;
END
$trg$
"""

_PG_FUNCTIONS = (
    "assignment_search_on_assignments",
    "assignment_search_on_links",
    "assignment_search_on_documents",
    "assignment_search_on_units",
)

# (trigger, table, event, transition tables, function)
_PG_TRIGGERS = (
    (
        "assignments_search_insert",
        "assignments",
        "INSERT",
        "NEW TABLE AS new_rows",
        "assignment_search_on_assignments",
    ),
    (
        "assignments_search_update",
        "assignments",
        "UPDATE",
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "assignment_search_on_assignments",
    ),
    (
        "assignment_units_search_insert",
        "assignment_units",
        "INSERT",
        "NEW TABLE AS new_rows",
        "assignment_search_on_links",
    ),
    (
        "assignment_units_search_update",
        "assignment_units",
        "UPDATE",
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "assignment_search_on_links",
    ),
    (
        "assignment_units_search_delete",
        "assignment_units",
        "DELETE",
        "OLD TABLE AS old_rows",
        "assignment_search_on_links",
    ),
    (
        "documents_search_update",
        "documents",
        "UPDATE",
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "assignment_search_on_documents",
    ),
    (
        "units_search_update",
        "units",
        "UPDATE",
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "assignment_search_on_units",
    ),
)


def _upgrade_postgresql() -> None:
    for function in _pg_fold_functions():
        _run(function)
    # A deleted assignment takes its row with it (cascade); every other change goes through
    # the triggers below.
    _run(
        "CREATE TABLE assignment_search ("
        " assignment_id integer NOT NULL"
        " CONSTRAINT pk_assignment_search PRIMARY KEY"
        " CONSTRAINT fk_assignment_search_assignment_id_assignments"
        " REFERENCES assignments (id) ON DELETE CASCADE,"
        " state varchar(16) NOT NULL,"
        " search tsvector NOT NULL)"
    )
    _run("CREATE INDEX ix_assignment_search_search ON assignment_search USING gin (search)")
    _run(_PG_VIEW)
    _run(_PG_REFRESH)
    for body in (_PG_ON_ASSIGNMENTS, _PG_ON_LINKS, _PG_ON_DOCUMENTS, _PG_ON_UNITS):
        _run(body)
    for name, table, event, transitions, function in _PG_TRIGGERS:
        _run(
            f"CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {transitions}"
            f" FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
        )
    _run(
        "INSERT INTO assignment_search (assignment_id, state, search)"
        " SELECT assignment_id, state, search FROM assignment_search_source"
    )


def _downgrade_postgresql() -> None:
    for name, table, *_rest in _PG_TRIGGERS:
        _run(f"DROP TRIGGER IF EXISTS {name} ON {table}")
    for function in _PG_FUNCTIONS:
        _run(f"DROP FUNCTION IF EXISTS {function}()")
    _run("DROP FUNCTION IF EXISTS assignment_search_refresh(integer[])")
    _run("DROP VIEW IF EXISTS assignment_search_source")
    _run("DROP TABLE IF EXISTS assignment_search")
    _run("DROP FUNCTION IF EXISTS giaoviec_fold(text)")
    _run("DROP FUNCTION IF EXISTS giaoviec_words(text)")


def upgrade() -> None:
    """Create the search index, its triggers, and fill it from the stored assignments."""
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _upgrade_sqlite()
    elif dialect == "postgresql":
        _upgrade_postgresql()
    else:
        raise NotImplementedError(f"no search index for {dialect}")


def downgrade() -> None:
    """Drop the search index and everything that keeps it."""
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _downgrade_sqlite()
    elif dialect == "postgresql":
        _downgrade_postgresql()
