"""Golden test: the seed notice gives the same seven assignments in every file format."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from knowledge.domain import Extraction
from knowledge.pipeline import extract_file
from knowledge.text import fold
from tests import documents

ISSUED = date(2023, 2, 28)


@dataclass(frozen=True)
class Key:
    """What must not depend on the file format: place label, folded leads, due date."""

    place: str
    leads: tuple[str, ...]
    cooperate: tuple[str, ...]
    due: date | None


def keys(extraction: Extraction) -> list[Key]:
    return [
        Key(
            place=a.place,
            leads=tuple(fold(name) for name in a.lead),
            cooperate=tuple(fold(name) for name in a.cooperate),
            due=a.deadline.due if a.deadline else None,
        )
        for a in extraction.assignments
    ]


Writer = Callable[[str, Path], Path]

FORMATS: dict[str, tuple[str, Writer]] = {
    "docx": ("seed.docx", documents.write_docx),
    "pdf": ("seed.pdf", documents.write_pdf),
    "docx-tcvn3": ("seed-tcvn3.docx", lambda t, p: documents.write_legacy_docx(t, p, "tcvn3")),
    "docx-vni": ("seed-vni.docx", lambda t, p: documents.write_legacy_docx(t, p, "vni")),
    "txt-nfd": ("seed-nfd.txt", documents.write_nfd_txt),
    "txt-cp1258": ("seed-cp1258.txt", lambda t, p: documents.write_txt(t, p, "cp1258")),
    "txt-utf16": ("seed-utf16.txt", lambda t, p: documents.write_txt(t, p, "utf-16")),
    "txt-utf8-bom": ("seed-bom.txt", lambda t, p: documents.write_txt(t, p, "utf-8-sig")),
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("seed-formats")


@pytest.fixture(scope="module")
def expected(folder: Path) -> Extraction:
    """The UTF-8 .txt extraction every other format is compared with."""
    path = documents.write_txt(documents.seed_text(), folder / "seed.txt")
    return extract_file(path, issued=ISSUED)[1]


def test_txt_extraction_has_the_seed_facts(expected: Extraction) -> None:
    assignments = expected.assignments
    assert len(assignments) == 7
    assert expected.header.issued == ISSUED
    assert fold(expected.header.issuer or "") == "ubnd huyen tan yen"

    last = assignments[-1]
    assert last.place == "5"
    assert [fold(n) for n in last.lead] == ["phong noi vu huyen"]
    assert last.deadline is not None
    assert last.deadline.due == date(2023, 3, 5)
    assert any("mat tran to quoc" in fold(n) for n in last.cooperate)

    # Only item 5 names a date.
    assert [a.deadline.due for a in assignments if a.deadline and a.deadline.due] == [
        date(2023, 3, 5)
    ]
    assert [a.place for a in assignments] == ["1", "2", "3", "3", "4", "4", "5"]


def test_item_1_is_addressed_by_the_preamble(expected: Extraction) -> None:
    """Item 1 names nobody: its leads are the units the sentence before the list addresses."""
    first = expected.assignments[0]
    leads = [fold(n) for n in first.lead]
    assert len(leads) == 3
    assert "mat tran to quoc" in leads[0]
    assert "to chuc chinh tri - xa hoi" in leads[1]
    assert "thu truong cac co quan quan ly nha nuoc huyen" in leads[2]
    assert first.cooperate == ()


def test_items_1_to_4_go_to_the_addressed_units_never_the_speaker(
    expected: Extraction,
) -> None:
    """Items 1-4 sit under "đề nghị Ủy ban MTTQ, các tổ chức chính trị - xã hội, ...": their
    leads are those units (or the units an item names itself), never the Chủ tịch speaking."""
    for a in expected.assignments:
        if a.place not in ("1", "2", "3", "4"):
            continue
        assert a.lead, a
        for name in a.lead:
            folded = fold(name)
            assert "chu tich" not in folded, a
            assert not folded.startswith(("ubnd huyen", "uy ban nhan dan huyen")), a


@pytest.mark.parametrize("kind", sorted(FORMATS))
def test_format_gives_the_txt_assignments(kind: str, folder: Path, expected: Extraction) -> None:
    name, write = FORMATS[kind]
    path = write(documents.seed_text(), folder / name)
    _, extraction = extract_file(path, issued=ISSUED)
    got, want = keys(extraction), keys(expected)
    assert len(got) == 7, f"{kind}: {len(got)} assignments\n{got}"
    assert got == want, f"{kind} differs from .txt:\n got: {got}\nwant: {want}"
    assert extraction.header.issued == expected.header.issued
    assert extraction.header.title == expected.header.title
