"""`giaoviec extract`, `ingest`, `list` and `units`: documents in, assignments and units out."""

from __future__ import annotations

import argparse
import json
import os
from collections import deque
from collections.abc import Iterator, Sequence
from datetime import date
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from bot import collector
from bot import texts as bot_texts
from bot.wiring import App, CliError
from handlers import texts

if TYPE_CHECKING:
    from concurrent.futures import Future

    from knowledge.calendar import WorkCalendar
    from knowledge.domain import Deadline, ExtractedAssignment, Extraction
    from knowledge.errors import DocumentError
    from knowledge.pipeline import LoadedDocument
    from knowledge.repository import (
        AssignmentView,
        IngestOutcome,
        SqlAlchemyDocumentRepository,
    )

DOCUMENT_SUFFIXES = (".docx", ".pdf", ".txt", ".doc")
ANALYZE_FIRST_AT = 100  # documents saved in one batch before the first ANALYZE (PostgreSQL)


def deadline_json(deadline: Deadline | None) -> dict[str, Any]:
    """The contract's deadline fields of an assignment."""
    if deadline is None:
        return {"deadline": None, "deadline_text": None, "recurrence": None}
    return {
        "deadline": deadline.due.isoformat() if deadline.due else None,
        "deadline_text": deadline.text,
        "recurrence": deadline.recurrence.text if deadline.recurrence else None,
        "recurrence_rule": deadline.recurrence.rule if deadline.recurrence else None,
        "deadline_start": deadline.start.isoformat() if deadline.start else None,
        "deadline_flags": sorted(deadline.flags),
    }


def assignment_json(a: ExtractedAssignment) -> dict[str, Any]:
    """One extracted assignment in the shape of the evaluation contract."""
    return {
        "lead": list(a.lead),
        "cooperate": list(a.cooperate),
        "task": a.task,
        **deadline_json(a.deadline),
        "quote": a.quote,
        "place": a.place,
    }


def view_json(a: AssignmentView) -> dict[str, Any]:
    """A stored assignment: its stable id and the contract's fields."""
    return {
        "id": a.id,
        "document": a.document_number,
        "document_title": a.document_title,
        "document_issued": a.document_issued.isoformat() if a.document_issued else None,
        "lead": list(a.lead_names),
        "cooperate": list(a.cooperate_names),
        "task": a.task,
        **deadline_json(a.deadline),
        "quote": a.quote,
        "place": a.place,
    }


def extraction_json(extraction: Extraction) -> dict[str, Any]:
    """The `extract --json` object."""
    h = extraction.header
    return {
        "document": {
            "number": h.number,
            "type": h.doc_type,
            "issuer": h.issuer,
            "issued": h.issued.isoformat() if h.issued else None,
            "title": h.title,
            "place": h.place,
            "signer": h.signer,
            "authority": h.authority,
            "recipients": list(h.recipients),
        },
        "assignments": [assignment_json(a) for a in extraction.assignments],
    }


def document_files(paths: Sequence[Path]) -> Iterator[Path]:
    """Files named, and document files inside folders named (sorted, recursive)."""
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES
            )
        else:
            yield path


def cmd_extract(app: App, args: argparse.Namespace) -> int:
    """Print the header and assignments of one document."""
    from handlers.deadline_words import deadline_words
    from knowledge.errors import DocumentError
    from knowledge.pipeline import extract_file

    try:
        _, extraction = extract_file(args.path, issued=args.issued, calendar=app.calendar())
    except DocumentError as exc:
        raise CliError(_problem(exc)) from exc
    if args.json:
        app.out.write(json.dumps(extraction_json(extraction), ensure_ascii=False) + "\n")
        return 0
    h = extraction.header
    app.out.write(
        texts.CLI_EXTRACT_DOC.format(
            number=h.number or texts.CLI_UNKNOWN,
            type=h.doc_type_name or texts.CLI_UNKNOWN,
            issuer=h.issuer or texts.CLI_UNKNOWN,
            issued=h.issued.strftime("%d/%m/%Y") if h.issued else texts.CLI_UNKNOWN,
            title=h.title or texts.CLI_UNKNOWN,
        )
        + "\n"
    )
    for n, a in enumerate(extraction.assignments, 1):
        cooperate = (
            texts.CLI_EXTRACT_COOPERATE.format(names=", ".join(a.cooperate)) if a.cooperate else ""
        )
        app.out.write(
            texts.CLI_EXTRACT_ITEM.format(
                n=n,
                place=a.place or "-",
                lead=", ".join(a.lead) or texts.CLI_UNKNOWN,
                cooperate=cooperate,
                task=a.task,
                deadline=deadline_words(a.deadline),
            )
            + "\n"
        )
    return 0


def _problem(exc: DocumentError) -> str:
    from knowledge.readers import DEFAULT_MAX_BYTES

    return texts.document_problem(
        exc.problem, exc.path, exc.detail, limit=f"{DEFAULT_MAX_BYTES // (1024 * 1024)} MB"
    )


def default_jobs(files: int) -> int:
    """Reader processes for a batch: one per core (at most 4), none for a handful of files."""
    if files < 8:
        return 1
    return max(1, min(4, os.cpu_count() or 1))


def _load_one(path: Path, issued: date | None) -> LoadedDocument | DocumentError:
    from knowledge.errors import DocumentError
    from knowledge.pipeline import load_and_extract

    try:
        return load_and_extract(path, issued=issued, calendar=_worker_calendar())
    except DocumentError as exc:
        return exc


@lru_cache(maxsize=1)
def _worker_calendar() -> WorkCalendar:
    from knowledge.calendar import WorkCalendar

    return WorkCalendar()


def load_documents(
    files: Sequence[Path], *, issued: date | None, jobs: int
) -> Iterator[tuple[Path, LoadedDocument | DocumentError]]:
    """Read and extract files in order, in `jobs` processes while the caller saves.

    At most 2 x jobs documents are in flight, so memory stays bounded however long the batch.
    """
    if jobs <= 1:
        for path in files:
            yield path, _load_one(path, issued)
        return
    from concurrent.futures import ProcessPoolExecutor  # start-up: one file reads in-process

    collector.resume()  # a batch: the readers (forked) collect as the process did before
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        pending: deque[tuple[Path, Future[LoadedDocument | DocumentError]]] = deque()
        queue = iter(files)
        for path in islice(queue, 2 * jobs):
            pending.append((path, pool.submit(_load_one, path, issued)))
        while pending:
            path, future = pending.popleft()
            nxt = next(queue, None)
            if nxt is not None:
                pending.append((nxt, pool.submit(_load_one, nxt, issued)))
            yield path, future.result()


class _NoBar:
    """What cmd_ingest asks of a tqdm bar, when no bar is shown (one file, or --quiet)."""

    def update(self) -> None:
        """No bar to move."""

    @staticmethod
    def write(message: str, file: TextIO) -> None:
        """What tqdm.write writes with no bar on screen: the message, then a line break."""
        file.write(message)
        file.write("\n")


def cmd_ingest(app: App, args: argparse.Namespace) -> int:
    """Read files and folders into the database; go on past bad files; print a summary."""
    from knowledge.errors import DocumentError
    from knowledge.storage_types import StorageError

    files = list(document_files(args.paths))
    if not files:
        raise CliError(texts.CLI_NO_FILES.format(paths=", ".join(map(str, args.paths))))
    repo = app.document_saver()
    documents = unchanged = assignments = failed = 0
    new_units: list[str] = []
    progress: _NoBar | Any
    if len(files) < 2 or args.quiet:
        progress = _NoBar()
    else:
        from tqdm import tqdm  # start-up: importing it costs more than one file's ingest saves

        progress = tqdm(total=len(files), file=app.err, unit=bot_texts.INGEST_PROGRESS_UNIT)
    jobs = getattr(args, "jobs", 0) or default_jobs(len(files))
    # PostgreSQL plans by statistics: refreshed as the store grows (100, 200, 400... documents
    # saved) and once at the end, so a large batch into a new schema keeps its speed.
    analyze_at = ANALYZE_FIRST_AT
    for number, (path, loaded_or_error) in enumerate(
        load_documents(files, issued=args.issued, jobs=jobs)
    ):
        if number:
            collector.resume()  # the first file imported what reading and saving need
        progress.update()
        if documents >= analyze_at:
            app.analyze_after_bulk_load()
            analyze_at *= 2
        try:
            if isinstance(loaded_or_error, DocumentError):
                raise loaded_or_error
            loaded = loaded_or_error
            extraction = loaded.extraction
            outcome = repo.save_extraction(
                extraction,
                loaded.text,
                source_name=path.name,
                content=loaded.content,
                status="review" if args.review else "live",
            )
        except DocumentError as exc:
            failed += 1
            progress.write(
                texts.CLI_FILE_FAILED.format(path=path, reason=_problem(exc)), file=app.err
            )
            continue
        except StorageError as exc:
            failed += 1
            progress.write(
                texts.CLI_FILE_FAILED.format(
                    path=path, reason=texts.storage_problem(exc.problem.value, exc.detail)
                ),
                file=app.err,
            )
            continue
        new_units.extend(n for n in outcome.new_units if n not in new_units)
        action = str(getattr(outcome.action, "value", outcome.action))
        if action == "unchanged":
            unchanged += 1
            message = texts.CLI_INGEST_UNCHANGED.format(path=path)
        elif action == "replaced":
            documents += 1
            message = texts.CLI_INGEST_REPLACED.format(
                path=path,
                added=len(outcome.assignments_added),
                removed=len(outcome.assignments_removed),
                changed=len(outcome.assignments_changed),
                unchanged=outcome.assignments_unchanged,
            )
            message = "\n".join([message, *_change_lines(outcome)])
            assignments += len(outcome.assignments_added) + len(outcome.assignments_changed)
        else:
            documents += 1
            assignments += len(extraction.assignments)
            message = texts.CLI_INGEST_CREATED.format(path=path, count=len(extraction.assignments))
        if not args.quiet:
            progress.write(message, file=app.out)
            if args.review and action != "unchanged":
                progress.write(texts.CLI_INGEST_REVIEW.format(path=path), file=app.out)
            if action != "unchanged":
                for note in header_notes(extraction):
                    progress.write(note, file=app.out)
    if documents:
        app.analyze_after_bulk_load()
    if not args.quiet:
        if new_units:
            app.out.write(texts.CLI_NEW_UNITS.format(names="; ".join(new_units)) + "\n")
        app.out.write(
            texts.CLI_INGEST_SUMMARY.format(
                documents=documents,
                unchanged=unchanged,
                assignments=assignments,
                units=len(new_units),
                failed=failed,
            )
            + "\n"
        )
    return 1 if failed else 0


def header_notes(extraction: Extraction) -> list[str]:
    """What an office should know about a document's number and date: blank in the text,
    or read from elsewhere in it, and how to set them."""
    header = extraction.header
    notes = []
    if not header.number or not any(c.isdigit() for c in header.number.split("/")[0]):
        kind = header.doc_type_name or texts.DOCUMENT_WORD
        notes.append(texts.CLI_INGEST_NO_NUMBER.format(kind=kind))
    if header.issued is None:
        notes.append(texts.CLI_INGEST_NO_DATE)
    elif extraction.issued_from_body:
        day = header.issued.strftime("%d/%m/%Y")
        notes.append(texts.CLI_INGEST_DATE_FROM_BODY.format(date=day))
    return notes


def _change_lines(outcome: IngestOutcome) -> list[str]:
    """One line per assignment a corrected document added, removed or changed."""
    lines = [
        texts.CLI_CHANGE_ADDED.format(place=a.place, task=a.task)
        for a in outcome.assignments_added
    ]
    lines += [
        texts.CLI_CHANGE_REMOVED.format(place=a.place, task=a.task)
        for a in outcome.assignments_removed
    ]
    for c in outcome.assignments_changed:
        fields = ", ".join(texts.CLI_CHANGE_FIELDS.get(f, f) for f in c.fields)
        lines.append(texts.CLI_CHANGE_CHANGED.format(place=c.place, fields=fields, task=c.task))
    return lines


def cmd_list(app: App, args: argparse.Namespace) -> int:
    """Print stored assignments, filtered."""
    repo = app.repository()
    unit_key = None
    if args.unit:
        unit_key = unit_key_named(repo, args.unit)
    views = repo.list_assignments(
        unit_key=unit_key,
        document=args.document,
        due_before=args.due_before,
        due_after=args.due_after,
        overdue_on=args.overdue,
    )
    if args.json:
        for v in views:
            app.out.write(json.dumps(view_json(v), ensure_ascii=False) + "\n")
        return 0
    if not views:
        app.out.write(texts.CLI_NO_ASSIGNMENTS + "\n")
        return 0
    _print_table(app.out, texts.CLI_TABLE_HEADER, [_row(v) for v in views])
    return 0


def _row(v: AssignmentView) -> tuple[str, ...]:
    from handlers.deadline_words import deadline_words

    doc = v.document_number or v.document_type_name or ""
    if v.place:
        doc = bot_texts.LIST_DOCUMENT_ITEM.format(document=doc, place=v.place)
    task = v.task if len(v.task) <= 70 else v.task[:69] + "…"
    deadline = deadline_words(v.deadline, v.recurrence)
    return (str(v.id), deadline, ", ".join(v.lead_names), task, doc)


def _print_table(out: TextIO, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [max(len(str(r[k])) for r in [header, *rows]) for k in range(len(header))]
    widths = [min(w, 60) for w in widths]
    for r in [header, *rows]:
        out.write(
            "  ".join(str(c)[: widths[k]].ljust(widths[k]) for k, c in enumerate(r)).rstrip()
        )
        out.write("\n")


def cmd_units(app: App, args: argparse.Namespace) -> int:
    """List units, add an alias, merge two units."""
    from knowledge.repository import StorageError

    repo = app.repository()
    try:
        if args.units_command == "alias":
            key = unit_key_named(repo, args.unit)
            name = _unit_name(repo, key)
            repo.add_alias(key, args.alias)
            app.out.write(texts.CLI_ALIAS_ADDED.format(alias=args.alias, unit=name) + "\n")
            return 0
        if args.units_command == "merge":
            source, target = unit_key_named(repo, args.source), unit_key_named(repo, args.target)
            names = _unit_name(repo, source), _unit_name(repo, target)
            repo.merge_units(source, target)
            app.out.write(texts.CLI_MERGED.format(source=names[0], target=names[1]) + "\n")
            return 0
    except StorageError as exc:
        raise CliError(texts.storage_problem(exc.problem.value, exc.detail)) from exc
    units = repo.list_units(include_unregistered=True)
    if args.unregistered:
        units = [u for u in units if not u.registered]
    if args.json:
        for u in units:
            app.out.write(json.dumps(u.__dict__, ensure_ascii=False, default=list) + "\n")
        return 0
    rows = [
        (
            u.key,
            u.name,
            texts.UNIT_KINDS.get(u.kind, u.kind),
            texts.CLI_YES if u.registered else texts.CLI_NO,
            str(u.lead_count),
            str(u.cooperate_count),
        )
        for u in units
    ]
    _print_table(app.out, texts.CLI_UNITS_HEADER, rows)
    return 0


def unit_key_named(repo: SqlAlchemyDocumentRepository, name: str) -> str:
    """The key a typed unit name or key means: registered units first, then unregistered ones
    (they must stay reachable, or they could never be merged into a registered unit)."""
    for include_unregistered in (False, True):
        registry = repo.registry_from_db(include_unregistered=include_unregistered)
        if registry.get(name):
            return name
        match = registry.resolve(name)
        if match is not None:
            return match.unit.key
    raise CliError(texts.CLI_UNKNOWN_UNIT.format(name=name))


def _unit_name(repo: SqlAlchemyDocumentRepository, key: str) -> str:
    """The name officials know a unit by (its key is internal)."""
    unit = repo.registry_from_db(include_unregistered=True).get(key)
    return unit.name if unit is not None else key
