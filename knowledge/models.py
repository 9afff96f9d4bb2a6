"""ORM tables of the knowledge index: documents, units and their aliases, assignments."""

from __future__ import annotations

import json
from datetime import date, datetime, time

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
    cast,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from knowledge.db import Base, UtcDateTime
from knowledge.store_keys import close_over_groups

DOCUMENT_STATUSES = ("live", "review", "replaced")
ASSIGNMENT_STATUSES = ("live", "removed")
ROLES = ("lead", "cooperate")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class DocumentRow(Base):
    """One ingested version of a document; a corrected version replaces it (`replaced_by_id`)."""

    __tablename__ = "documents"
    __table_args__ = (
        CheckConstraint(_in("status", DOCUMENT_STATUSES), name="status"),
        # a unit's question tests each of its documents' status from this alone (0011)
        Index("ix_documents_id_status", "id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    issuer: Mapped[str | None] = mapped_column(Text)
    issuer_folded: Mapped[str | None] = mapped_column(Text)
    parent_issuer: Mapped[str | None] = mapped_column(Text)
    number: Mapped[str | None] = mapped_column(Text)  # "45/TB-UBND" as written
    # Folded, spaceless, leading zeros dropped: "45/tb-ubnd"; what number queries compare.
    number_key: Mapped[str | None] = mapped_column(String(200), index=True)
    number_seq: Mapped[int | None] = mapped_column(Integer, index=True)  # 45; None when blank
    # (issuer, number, year): a later version with the same key is a correction.
    identity_key: Mapped[str | None] = mapped_column(Text, index=True)
    symbol: Mapped[str | None] = mapped_column(Text)
    doc_type: Mapped[str | None] = mapped_column(String(40), index=True)
    doc_type_name: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    place: Mapped[str | None] = mapped_column(Text)
    issued: Mapped[date | None] = mapped_column(Date, index=True)
    issued_text: Mapped[str | None] = mapped_column(Text)
    signer: Mapped[str | None] = mapped_column(Text)
    signer_title: Mapped[str | None] = mapped_column(Text)
    authority: Mapped[str | None] = mapped_column(String(16))
    recipients: Mapped[list[str]] = mapped_column(JSON, default=list)
    source_name: Mapped[str] = mapped_column(Text)
    source_format: Mapped[str] = mapped_column(String(16))
    content_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    text: Mapped[str] = mapped_column(Text)
    text_folded: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="live", index=True)
    ingested_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    replaced_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL")
    )

    assignments: Mapped[list[AssignmentRow]] = relationship(
        back_populates="document",
        order_by="AssignmentRow.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class UnitRow(Base):
    """A unit (phòng, ban, UBND xã, group); unregistered ones come from names nobody knew."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(Text)
    # Unit names are short, so a b-tree on the fold stays well under PostgreSQL's row limit.
    name_folded: Mapped[str] = mapped_column(Text, index=True)
    kind: Mapped[str] = mapped_column(String(40))
    level: Mapped[str | None] = mapped_column(String(40))
    registered: Mapped[bool] = mapped_column(Boolean, default=True)
    members: Mapped[list[str]] = mapped_column(JSON, default=list)  # keys, for groups
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="SET NULL"))

    aliases: Mapped[list[UnitAliasRow]] = relationship(
        back_populates="unit", cascade="all, delete-orphan", passive_deletes=True
    )


class AppStateRow(Base):
    """A little state the application keeps about itself ("units_file_digest": the units file
    last synced into these tables, so an unchanged file is not synced again by every command)."""

    __tablename__ = "app_state"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class DataVersionRow(Base):
    """One row (id 1) counting the changes reminders are planned from; triggers bump it
    (revision 0009), knowledge.data_version reads it."""

    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger)


class UnitAliasRow(Base):
    """Another name of a unit; a folded alias names exactly one unit."""

    __tablename__ = "unit_aliases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(Text)
    alias_folded: Mapped[str] = mapped_column(Text, unique=True)

    unit: Mapped[UnitRow] = relationship(back_populates="aliases")


class AssignmentRow(Base):
    """One assignment; its id is what users see and what progress and reminders hang off."""

    __tablename__ = "assignments"
    __table_args__ = (
        CheckConstraint(_in("status", ASSIGNMENT_STATUSES), name="status"),
        # what a unit's question filters and orders its ids by, read index-only (0011)
        Index("ix_assignments_id_filter", "id", "status", "deadline", "document_id", "position"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    place: Mapped[str] = mapped_column(Text, default="")
    task: Mapped[str] = mapped_column(Text)
    # Task and quote folds can run to kilobytes: no b-tree index (PostgreSQL caps entries).
    task_folded: Mapped[str] = mapped_column(Text)
    quote: Mapped[str] = mapped_column(Text)
    quote_folded: Mapped[str] = mapped_column(Text)
    deadline: Mapped[date | None] = mapped_column(Date, index=True)
    deadline_time: Mapped[time | None] = mapped_column(Time)
    deadline_text: Mapped[str | None] = mapped_column(Text)
    deadline_start: Mapped[date | None] = mapped_column(Date)
    deadline_flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    recurrence_rule: Mapped[str | None] = mapped_column(Text)
    recurrence_text: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="live", index=True)

    document: Mapped[DocumentRow] = relationship(back_populates="assignments")
    units: Mapped[list[AssignmentUnitRow]] = relationship(
        back_populates="assignment",
        order_by="(AssignmentUnitRow.role, AssignmentUnitRow.position)",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    occurrences: Mapped[list[OccurrenceRow]] = relationship(
        order_by="OccurrenceRow.due", cascade="all, delete-orphan", passive_deletes=True
    )


class AssignmentUnitRow(Base):
    """A unit named on an assignment, as lead or cooperating, with the name as written."""

    __tablename__ = "assignment_units"
    __table_args__ = (
        UniqueConstraint("assignment_id", "unit_id", "role"),
        CheckConstraint(_in("role", ROLES), name="role"),
        # a unit's links (and those it leads) read index-only (0011)
        Index("ix_assignment_units_unit_role", "unit_id", "role", "assignment_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("assignments.id", ondelete="CASCADE"), index=True
    )
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    role: Mapped[str] = mapped_column(String(16))
    name_as_written: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)

    assignment: Mapped[AssignmentRow] = relationship(back_populates="units")
    unit: Mapped[UnitRow] = relationship()


class OccurrenceRow(Base):
    """One expanded due date of a recurring assignment, so date filters see recurrences."""

    __tablename__ = "assignment_occurrences"
    __table_args__ = (UniqueConstraint("assignment_id", "due"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("assignments.id", ondelete="CASCADE"), index=True
    )
    due: Mapped[date] = mapped_column(Date, index=True)


def current_unit(session: Session, row: UnitRow) -> UnitRow:
    """The unit a row stands for now: follows merges, guarding against a cycle."""
    seen = {row.id}
    while row.merged_into_id is not None:
        target = session.get(UnitRow, row.merged_into_id)
        if target is None or target.id in seen:
            break
        seen.add(target.id)
        row = target
    return row


def with_groups_holding(session: Session, keys: set[str]) -> set[str]:
    """`keys` and the key of every group that lists one of them as a member, however deeply
    (groups of groups), merged units left out: the one closure answers, reports and progress
    use. Membership lives in a JSON list, read as text so that only groups' lists are decoded
    (building ORM objects for every unit cost more than the question)."""
    members = cast(UnitRow.members, Text)
    groups = [
        (key, set(json.loads(listed)))
        for key, listed in session.connection().execute(
            select(UnitRow.key, members).where(
                UnitRow.merged_into_id.is_(None), members.not_in(("[]", "null"))
            )
        )
        if listed
    ]
    return close_over_groups(keys, groups)


def table_names() -> frozenset[str]:
    """The tables this module defines (other packages may add theirs to the same Base)."""
    models: tuple[type[Base], ...] = (
        DocumentRow,
        UnitRow,
        UnitAliasRow,
        AssignmentRow,
        AssignmentUnitRow,
        OccurrenceRow,
        AppStateRow,
        DataVersionRow,
    )
    return frozenset(str(model.__tablename__) for model in models)
