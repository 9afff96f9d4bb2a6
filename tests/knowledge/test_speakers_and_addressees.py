"""Who speaks and who is asked in portal items and notices the extractor once missed, on
sentences written for these tests (never copied from a corpus passage), read as the product
reads a .txt file (issue 11, eleventh session's batch)."""

from __future__ import annotations

from datetime import date

from knowledge.domain import Extraction
from knowledge.pipeline import extract_text
from knowledge.readers import read_bytes
from knowledge.text import fold


def _extract(text: str, issued: date | None = date(2024, 3, 5)) -> Extraction:
    return extract_text(read_bytes(text.encode("utf-8"), "van-ban.txt"), issued=issued)


def _leads(extraction: Extraction) -> list[list[str]]:
    return [[fold(n) for n in a.lead] for a in extraction.assignments]


def test_telling_the_people_is_a_task_s_second_verb_not_the_letter_s_transmission() -> None:
    extraction = _extract(
        "THÔNG BÁO\nVề lễ Quốc khánh\n"
        "1. Trưởng các khu phố tổ chức tổng vệ sinh và thông báo cho Nhân dân treo cờ.\n"
        "2. Văn phòng UBND phường thông báo để các đơn vị biết, thực hiện.\n"
    )
    assert _leads(extraction) == [["truong cac khu pho"]]
