"""The answering services over a fresh database holding a few notices (test helper)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from handlers.answering import Services
from knowledge.db import open_database
from knowledge.domain import DocumentText
from knowledge.pipeline import extract_text
from knowledge.repository import SqlAlchemyDocumentRepository
from knowledge.search import SqlAssignmentSearch
from knowledge.units import UnitRegistry, example_units_path


@contextmanager
def services_over(db_url: str, notices: dict[str, str]) -> Iterator[Services]:
    """Services over the district units file and `notices` (file name -> text), extracted
    and saved as `giaoviec ingest` would; the database is closed afterwards."""
    database = open_database(db_url)
    registry = UnitRegistry.from_file(example_units_path("huyen-truoc-2025"))
    repo = SqlAlchemyDocumentRepository(database.session_factory, registry)
    repo.sync_units(registry)
    for name, text in notices.items():
        doc = DocumentText(tuple(text.splitlines()), "txt")
        repo.save_extraction(extract_text(doc), doc, source_name=name)
    try:
        yield Services(
            repository=repo,
            registry=repo.registry_from_db(include_unregistered=True),
            search=SqlAssignmentSearch(database.session_factory),
            reading=database.session_factory.reading,  # as bot.wiring builds them
        )
    finally:
        database.dispose()
