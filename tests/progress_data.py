"""A small stored office for progress and report tests: units, two documents, assignments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session, sessionmaker

from knowledge.domain import (
    Deadline,
    DocumentHeader,
    ExtractedAssignment,
    Extraction,
    Recurrence,
)
from knowledge.progress import Actor
from knowledge.repository import DocumentStatus, SqlAlchemyDocumentRepository
from knowledge.units import Unit, UnitRegistry

NOI_VU = Unit(key="phong_noi_vu", name="Phòng Nội vụ huyện", kind="phong", level="huyen")
TAI_CHINH = Unit(
    key="phong_tai_chinh_ke_hoach",
    name="Phòng Tài chính - Kế hoạch huyện",
    kind="phong",
    level="huyen",
)
Y_TE = Unit(key="trung_tam_y_te", name="Trung tâm Y tế huyện", kind="don_vi", level="huyen")
REGISTRY = UnitRegistry([NOI_VU, TAI_CHINH, Y_TE])

UNIT_MEMBER = Actor("telegram", "1001", "Trần Thị Bình", chat_id="-100200")
OFFICE_ADMIN = Actor("telegram", "9001", "Lê Văn Chánh", chat_id="9001")

MONTHLY = Recurrence(
    rule="FREQ=MONTHLY;BYMONTHDAY=20",
    text="trước ngày 20 hằng tháng",
    occurrences=(date(2023, 3, 20), date(2023, 4, 20), date(2023, 5, 20)),
)


def at(day: date, hour: int = 9) -> datetime:
    """9:00 in Hà Nội on `day`, as an aware UTC instant."""
    return datetime.combine(day, time(hour)).replace(tzinfo=UTC) - timedelta(hours=7)


def _header(number: str, issued: date, title: str) -> DocumentHeader:
    return DocumentHeader(
        number=number,
        symbol=number.split("/", 1)[1],
        doc_type="thong_bao",
        doc_type_name="Thông báo",
        issuer="UBND huyện Tân Yên",
        issued=issued,
        title=title,
    )


def _item(
    place: str,
    task: str,
    lead: str,
    due: date | None,
    *,
    cooperate: tuple[str, ...] = (),
    recurrence: Recurrence | None = None,
) -> ExtractedAssignment:
    deadline = None
    if recurrence is not None:
        deadline = Deadline(due=None, text=recurrence.text, recurrence=recurrence)
    elif due is not None:
        deadline = Deadline(due=due, text=f"trước ngày {due:%d/%m/%Y}")
    return ExtractedAssignment(
        lead=(lead,),
        cooperate=cooperate,
        task=task,
        deadline=deadline,
        quote=f"Giao {lead} {task}",
        place=place,
    )


@dataclass(frozen=True)
class Office:
    """Ids of the stored assignments, by what they are for."""

    friday: int  # Phòng Nội vụ, due Friday 10/3/2023
    saturday: int  # Phòng Tài chính - Kế hoạch, due Saturday 11/3/2023
    monthly: int  # Phòng Nội vụ, due the 20th of each month (20/3, 20/4, 20/5/2023)
    undated: int  # Trung tâm Y tế, no deadline
    later: int  # Trung tâm Y tế, due 31/3/2023, document 12/TB-UBND
    in_review: int  # a document not yet confirmed by the office


def seed_office(session_factory: sessionmaker[Session]) -> Office:
    """Store the documents and return the assignment ids."""
    repo = SqlAlchemyDocumentRepository(session_factory, REGISTRY)
    repo.sync_units(REGISTRY)
    first = Extraction(
        header=_header("45/TB-UBND", date(2023, 2, 28), "Kết luận của Chủ tịch UBND huyện"),
        assignments=(
            _item(
                "1",
                "hoàn thiện Quy chế phối hợp",
                "Phòng Nội vụ huyện",
                date(2023, 3, 10),
                cooperate=("Trung tâm Y tế huyện",),
            ),
            _item("2", "cân đối kinh phí", "Phòng Tài chính - Kế hoạch huyện", date(2023, 3, 11)),
            _item("3", "báo cáo tình hình", "Phòng Nội vụ huyện", None, recurrence=MONTHLY),
            _item("4", "theo dõi dịch bệnh", "Trung tâm Y tế huyện", None),
        ),
    )
    second = Extraction(
        header=_header("12/TB-UBND", date(2023, 3, 6), "Phòng, chống dịch bệnh"),
        assignments=(_item("1", "tiêm phòng vắc xin", "Trung tâm Y tế huyện", date(2023, 3, 31)),),
    )
    review = Extraction(
        header=_header("50/TB-UBND", date(2023, 3, 7), "Chờ xác nhận"),
        assignments=(_item("1", "rà soát hồ sơ", "Phòng Nội vụ huyện", date(2023, 3, 15)),),
    )
    ids: list[int] = []
    batches: tuple[tuple[Extraction, DocumentStatus], ...] = (
        (first, "live"),
        (second, "live"),
        (review, "review"),
    )
    for extraction, status in batches:
        outcome = repo.save_extraction(
            extraction,
            "\n".join(a.quote for a in extraction.assignments),
            source_name=f"{extraction.header.number}.txt".replace("/", "-"),
            status=status,
        )
        ids.extend(a.id for a in outcome.assignments_added)
    return Office(*ids)
