"""Plain data the core speaks in: document text, header, deadline, extracted assignment."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time


@dataclass(frozen=True)
class Table:
    """A table in reading order; each cell is NFC text (paragraphs inside a cell joined by \\n)."""

    rows: tuple[tuple[str, ...], ...]


Block = str | Table
"""A block of a document: a paragraph (may hold several lines) or a table."""


@dataclass(frozen=True)
class DocumentText:
    """The text of one document as its reader found it, NFC, in reading order."""

    blocks: tuple[Block, ...]
    source_format: str  # "txt", "docx", "pdf", "doc"
    legacy_encoding: str | None = None  # "tcvn3" or "vni" when the text was converted
    notes: tuple[str, ...] = ()  # what the reader noticed (e.g. "cp1258"), for logs

    def lines(self) -> list[str]:
        """Every non-empty line; a table gives each cell's lines in row order, as portals do."""
        out: list[str] = []
        for block in self.blocks:
            if isinstance(block, Table):
                for row in block.rows:
                    for cell in row:
                        out.extend(line.strip() for line in cell.split("\n") if line.strip())
            else:
                out.extend(line.strip() for line in block.split("\n") if line.strip())
        return out

    def plain_text(self) -> str:
        """All lines joined by newlines."""
        return "\n".join(self.lines())


@dataclass(frozen=True)
class Recurrence:
    """A recurring deadline: an RFC 5545 rule, the words as written and the next occurrences."""

    rule: str  # e.g. "FREQ=MONTHLY;BYMONTHDAY=20"
    text: str
    occurrences: tuple[date, ...] = ()


@dataclass(frozen=True)
class Deadline:
    """When an assignment is due, as the document states it.

    `due` is the date the document names ("trước ngày 05/3/2023" -> 2023-03-05; a month -> its
    last day; a quarter -> its last day); None for vague or event-relative wording, which is
    kept in `text`. Flags name what a person should check: "weekend" (a fixed date on a
    non-working day), "fuzzy" (đầu tháng, tuần đầu), "urgent" (ngay, khẩn trương), "ongoing"
    (thường xuyên), "event" (relative to an event whose date is unknown), "year_guessed".
    """

    due: date | None
    text: str | None
    start: date | None = None
    due_time: time | None = None
    recurrence: Recurrence | None = None
    flags: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class DocumentHeader:
    """What the layout of Nghị định 30/2020 puts around the body of a document."""

    number: str | None = None  # "45/TB-UBND"; "/TB-UBND" when the number is blank (drafts)
    symbol: str | None = None  # "TB-UBND"
    doc_type: str | None = None  # key: "thong_bao", "chi_thi", "ke_hoach", "cong_van", ...
    doc_type_name: str | None = None  # "Thông báo"
    issuer: str | None = None  # "UBND huyện Tân Yên"
    parent_issuer: str | None = None  # "UBND TỈNH BẮC GIANG" above "SỞ NỘI VỤ"
    place: str | None = None  # "Tân Yên"
    issued: date | None = None
    issued_text: str | None = None  # the date line as written, blanks included
    title: str | None = None  # trích yếu, or the V/v line of a công văn
    signer: str | None = None
    signer_title: str | None = None  # "CHÁNH VĂN PHÒNG"
    authority: str | None = None  # "TL.", "KT.", "TM.", "TUQ.", "Q."
    recipients: tuple[str, ...] = ()  # Kính gửi and Nơi nhận lines


@dataclass(frozen=True)
class ExtractedAssignment:
    """One assignment as the document states it; units named as the document names them."""

    lead: tuple[str, ...]
    cooperate: tuple[str, ...]
    task: str
    deadline: Deadline | None
    quote: str  # the exact text that holds the assignment
    place: str  # where it sits: item number ("5", "II.2.1") or "bảng, dòng 3"


@dataclass(frozen=True)
class Extraction:
    """A document's header and assignments."""

    header: DocumentHeader
    assignments: tuple[ExtractedAssignment, ...]
    # The date line left its day blank and the issue date was read from the text instead
    # (knowledge/pipeline.py): the office is told, and may set another with --issued.
    issued_from_body: bool = False
