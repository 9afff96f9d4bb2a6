"""Errors the knowledge core raises; their Vietnamese wording lives in handlers/texts/."""

from __future__ import annotations

from enum import Enum


class DocumentProblem(Enum):
    """Why a file could not be read."""

    NOT_FOUND = "not_found"
    EMPTY = "empty"
    TOO_LARGE = "too_large"
    UNSUPPORTED_TYPE = "unsupported_type"
    CORRUPT = "corrupt"
    SCANNED_PDF = "scanned_pdf"
    ENCRYPTED = "encrypted"
    LEGACY_DOC_NEEDS_LIBREOFFICE = "legacy_doc"
    NOT_TEXT = "not_text"


class DocumentError(Exception):
    """A file that cannot be read as a document; `problem` says why, `detail` is for logs."""

    def __init__(self, problem: DocumentProblem, path: str = "", detail: str = "") -> None:
        super().__init__(f"{problem.value}: {path} {detail}".strip())
        self.problem = problem
        self.path = path
        self.detail = detail

    def __reduce__(self) -> tuple[type[DocumentError], tuple[DocumentProblem, str, str]]:
        # Rebuilt with its own arguments when it crosses a process boundary (parallel ingest).
        return (DocumentError, (self.problem, self.path, self.detail))
