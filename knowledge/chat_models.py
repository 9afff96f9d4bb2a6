"""Tables of who talks to the bot: people, chats bound to units, requests, the audit, memory."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from knowledge.db import Base, UtcDateTime


class Role(StrEnum):
    """An office role; a person with none is a unit member (if registered) or a stranger."""

    ADMIN = "admin"  # the văn phòng that tracks directives: ingests, binds, grants, confirms
    LEADER = "leader"  # asks for progress and gets the leaders' digests


class Registration(StrEnum):
    """Where a person's request to belong to a unit stands."""

    NONE = "none"
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"


class RequestState(StrEnum):
    """Where a group's request to be bound to a unit stands."""

    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"  # replaced by a request for another unit, or taken back


ROLE_VALUES = tuple(r.value for r in Role)
REGISTRATION_VALUES = tuple(r.value for r in Registration)
REQUEST_STATES = tuple(s.value for s in RequestState)
CHAT_KINDS = ("private", "group")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class PersonRow(Base):
    """A person on a platform, with an office role and the unit they registered to."""

    __tablename__ = "people"
    __table_args__ = (
        UniqueConstraint("platform", "user_id"),
        CheckConstraint(f"role IS NULL OR {_in('role', ROLE_VALUES)}", name="role"),
        CheckConstraint(_in("registration", REGISTRATION_VALUES), name="registration"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[str] = mapped_column(String(100))
    display_name: Mapped[str] = mapped_column(Text, default="")
    role: Mapped[str | None] = mapped_column(String(16), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    registration: Mapped[str] = mapped_column(String(16), default=Registration.NONE.value)
    # Where the bot can write to this person alone (Telegram: the user id; Zalo: the chat id).
    private_chat_id: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ChatBindingRow(Base):
    """A chat bound to a unit: reminders for the unit go there, "đơn vị tôi" means the unit."""

    __tablename__ = "chat_bindings"
    __table_args__ = (
        UniqueConstraint("platform", "chat_id"),
        CheckConstraint(_in("kind", CHAT_KINDS), name="kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    chat_id: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(Text, default="")
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    bound_by: Mapped[str] = mapped_column(Text, default="")  # "telegram:123" or "cli"
    bound_at: Mapped[datetime] = mapped_column(UtcDateTime)
    changed_at: Mapped[datetime] = mapped_column(UtcDateTime)


class BindingRequestRow(Base):
    """A group asking to speak for a unit: it gets nothing until an office admin approves.

    The approved request becomes the chat's binding; the rows stay as the record of who asked
    and who decided.
    """

    __tablename__ = "chat_binding_requests"
    __table_args__ = (CheckConstraint(_in("state", REQUEST_STATES), name="state"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    chat_id: Mapped[str] = mapped_column(String(100), index=True)
    title: Mapped[str] = mapped_column(Text, default="")
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    state: Mapped[str] = mapped_column(String(16), default=RequestState.PENDING.value, index=True)
    requested_by: Mapped[str] = mapped_column(Text)  # "telegram:123"
    requester_name: Mapped[str] = mapped_column(Text, default="")
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime)
    decided_by: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class AccessAuditRow(Base):
    """Who did, or tried to do, what the office controls: binding a group, registering,
    roles, office-only commands and buttons, questions by people who may not ask.

    Progress changes and their refusals have their own trail (knowledge.progress).
    """

    __tablename__ = "access_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    platform: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[str] = mapped_column(String(100))
    actor_name: Mapped[str] = mapped_column(Text, default="")
    chat_id: Mapped[str | None] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(32))
    target: Mapped[str] = mapped_column(Text, default="")
    accepted: Mapped[bool] = mapped_column(Boolean)
    refusal: Mapped[str | None] = mapped_column(String(32))
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class ChatMemoryRow(Base):
    """What the conversation remembers of a chat (last list shown, a pending edit), as JSON."""

    __tablename__ = "chat_memories"

    platform: Mapped[str] = mapped_column(String(20), primary_key=True)
    chat_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
