"""Who talks to the bot: people and their roles, chats bound to units, and each chat's memory.

The tables live in knowledge/chat_models.py; their enums are imported here, where the
conversation has always found them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from knowledge.chat_fanout import chats_by_unit
from knowledge.chat_models import (
    CHAT_KINDS,
    AccessAuditRow,
    BindingRequestRow,
    ChatBindingRow,
    ChatMemoryRow,
    PersonRow,
    Registration,
    RequestState,
    Role,
)
from knowledge.db import is_row_id, utc_now
from knowledge.models import UnitRow, current_unit

# --- plain values handed to the other packages --------------------------------------------------


@dataclass(frozen=True)
class ChatAddress:
    """Where a message can be delivered."""

    platform: str
    chat_id: str

    def __str__(self) -> str:
        return f"{self.platform}:{self.chat_id}"


@dataclass(frozen=True)
class Person:
    """A person as the conversation sees them."""

    id: int
    platform: str
    user_id: str
    display_name: str
    role: Role | None
    unit_key: str | None
    unit_name: str | None
    registration: Registration
    private_chat_id: str | None

    @property
    def is_admin(self) -> bool:
        """Whether the person is an office administrator."""
        return self.role is Role.ADMIN

    @property
    def approved_unit_key(self) -> str | None:
        """The unit the person belongs to, once approved."""
        return self.unit_key if self.registration is Registration.APPROVED else None

    @property
    def private_chat(self) -> ChatAddress | None:
        """The person's private chat, once they have written to the bot there."""
        if self.private_chat_id is None:
            return None
        return ChatAddress(self.platform, self.private_chat_id)


@dataclass(frozen=True)
class Binding:
    """A chat bound to a unit."""

    platform: str
    chat_id: str
    kind: str
    title: str
    unit_key: str
    unit_name: str
    active: bool
    bound_by: str

    @property
    def address(self) -> ChatAddress:
        """Where to write to the bound chat."""
        return ChatAddress(self.platform, self.chat_id)


@dataclass(frozen=True)
class BindingRequest:
    """A group's request to be bound to a unit."""

    id: int
    platform: str
    chat_id: str
    title: str
    unit_key: str
    unit_name: str
    state: RequestState
    requested_by: str
    requester_name: str
    decided_by: str | None = None

    @property
    def address(self) -> ChatAddress:
        """The group that asked."""
        return ChatAddress(self.platform, self.chat_id)


@dataclass(frozen=True)
class AccessRecord:
    """One row of the access audit trail: who (on which platform, in which chat) did or tried
    `action` on `target`; `refusal` says why it was refused (None when accepted)."""

    platform: str
    user_id: str
    action: str
    accepted: bool
    target: str = ""
    refusal: str | None = None
    actor_name: str = ""
    chat_id: str | None = None
    detail: dict[str, Any] | None = None
    at: datetime | None = None  # filled in when stored


class DirectoryError(Exception):
    """A unit key or person that is not in the database."""


class ChatDirectory(Protocol):
    """People, roles, chat bindings and chat memories; what access rules and reminders read."""

    def person(self, platform: str, user_id: str) -> Person | None:
        """The person, or None for someone never seen."""
        ...

    def person_by_id(self, person_id: int) -> Person | None:
        """The person with this id."""
        ...

    def touch_person(
        self, platform: str, user_id: str, display_name: str, private_chat_id: str | None = None
    ) -> Person:
        """The person, created or with their name (and private chat) brought up to date."""
        ...

    def set_role(self, person_id: int, role: Role | None) -> Person:
        """Give (or with None take away) an office role."""
        ...

    def ensure_admins(self, identities: Iterable[tuple[str, str]]) -> None:
        """Make the configured (platform, user id) pairs office administrators."""
        ...

    def register(self, person_id: int, unit_key: str, registration: Registration) -> Person:
        """Record that the person belongs (or asks to belong) to a unit."""
        ...

    def private_chats(self, role: Role) -> list[ChatAddress]:
        """Where the people with `role` can be written to alone (those who wrote privately)."""
        ...

    def people(
        self, *, role: Role | None = None, registration: Registration | None = None
    ) -> list[Person]:
        """People with a role, or a registration state; both filters apply when given."""
        ...

    def bind_chat(
        self, address: ChatAddress, kind: str, unit_key: str, *, title: str = "", by: str = ""
    ) -> Binding:
        """Bind a chat to a unit (again active if it was inactive)."""
        ...

    def binding(self, address: ChatAddress) -> Binding | None:
        """The chat's binding, active or not."""
        ...

    def set_binding_active(self, address: ChatAddress, active: bool) -> Binding | None:
        """Mark a binding (in)active: the bot was removed from the group, or came back."""
        ...

    def unbind_chat(self, address: ChatAddress) -> Binding | None:
        """Forget a chat's binding; the binding it had, if any."""
        ...

    def bindings(self, *, active_only: bool = True) -> list[Binding]:
        """Every binding."""
        ...

    def move_chat(self, old: ChatAddress, new: ChatAddress) -> Binding | None:
        """The same chat under a new id (a group became a supergroup): binding and memory move."""
        ...

    def chats_for_unit(self, unit_key: str) -> list[ChatAddress]:
        """Where a unit's reminders go: its active bound chats and its approved officials."""
        ...

    def chats_by_unit(self) -> dict[str, list[ChatAddress]]:
        """chats_for_unit of every unit with a chat, read at once."""
        ...

    def request_binding(
        self, address: ChatAddress, unit_key: str, *, title: str, by: str, name: str
    ) -> BindingRequest:
        """Ask for a group to be bound to a unit; a pending request for another unit is
        withdrawn. The chat stays unbound until an office admin decides."""
        ...

    def binding_request(self, request_id: int) -> BindingRequest | None:
        """One request by id."""
        ...

    def pending_request(self, address: ChatAddress) -> BindingRequest | None:
        """The group's request waiting for a decision, if any."""
        ...

    def binding_requests(self, state: RequestState = RequestState.PENDING) -> list[BindingRequest]:
        """Requests in `state`, oldest first."""
        ...

    def decide_binding(self, request_id: int, approve: bool, *, by: str) -> BindingRequest:
        """Approve (the group is bound to the unit) or refuse a pending request.

        A request no longer pending is returned as it is, unchanged.
        """
        ...

    def withdraw_requests(self, address: ChatAddress) -> list[BindingRequest]:
        """Take back the group's pending requests; those withdrawn."""
        ...

    def record_access(self, record: AccessRecord) -> None:
        """Add a row to the access audit trail."""
        ...

    def access_trail(
        self, *, since_id: int = 0, accepted: bool | None = None
    ) -> list[tuple[int, AccessRecord]]:
        """Audit rows after `since_id` (oldest first), with their ids."""
        ...

    def load_memory(self, address: ChatAddress) -> dict[str, Any] | None:
        """The chat's stored memory, or None."""
        ...

    def save_memory(self, address: ChatAddress, data: dict[str, Any]) -> None:
        """Replace the chat's stored memory."""
        ...


class SqlChatDirectory:
    """ChatDirectory over the project database (SQLite or PostgreSQL)."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        *,
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        self._sessions = session_factory
        self._now = now

    # -- people ------------------------------------------------------------------------------

    def person(self, platform: str, user_id: str) -> Person | None:
        """The person, or None for someone never seen."""
        with self._sessions() as session:
            row = _person_row(session, platform, user_id)
            return _person(session, row) if row is not None else None

    def person_by_id(self, person_id: int) -> Person | None:
        """The person with this id."""
        if not is_row_id(person_id):
            return None
        with self._sessions() as session:
            row = session.get(PersonRow, person_id)
            return _person(session, row) if row is not None else None

    def touch_person(
        self, platform: str, user_id: str, display_name: str, private_chat_id: str | None = None
    ) -> Person:
        """The person, created or with their name (and private chat) brought up to date."""
        with self._sessions.begin() as session:
            row = _person_row(session, platform, user_id)
            now = self._now()
            if row is None:
                row = PersonRow(
                    platform=platform,
                    user_id=user_id,
                    display_name=display_name,
                    registration=Registration.NONE.value,
                    private_chat_id=private_chat_id,
                    created_at=now,
                    updated_at=now,
                )
                session.add(row)
                session.flush()
            else:
                changed = False
                if display_name and row.display_name != display_name:
                    row.display_name, changed = display_name, True
                if private_chat_id and row.private_chat_id != private_chat_id:
                    row.private_chat_id, changed = private_chat_id, True
                if changed:
                    row.updated_at = now
            return _person(session, row)

    def set_role(self, person_id: int, role: Role | None) -> Person:
        """Give (or with None take away) an office role."""
        with self._sessions.begin() as session:
            row = session.get(PersonRow, person_id)
            if row is None:
                raise DirectoryError(f"person {person_id}")
            row.role = role.value if role else None
            row.updated_at = self._now()
            return _person(session, row)

    def ensure_admins(self, identities: Iterable[tuple[str, str]]) -> None:
        """Make the configured (platform, user id) pairs office administrators."""
        for platform, user_id in identities:
            person = self.touch_person(platform, user_id, "")
            if not person.is_admin:
                self.set_role(person.id, Role.ADMIN)

    def register(self, person_id: int, unit_key: str, registration: Registration) -> Person:
        """Record that the person belongs (or asks to belong) to a unit."""
        with self._sessions.begin() as session:
            row = session.get(PersonRow, person_id)
            if row is None:
                raise DirectoryError(f"person {person_id}")
            unit = _unit_row(session, unit_key)
            row.unit_id = unit.id
            row.registration = registration.value
            row.updated_at = self._now()
            return _person(session, row)

    def people(
        self, *, role: Role | None = None, registration: Registration | None = None
    ) -> list[Person]:
        """People with a role, or a registration state; both filters apply when given."""
        with self._sessions() as session:
            stmt = select(PersonRow).order_by(PersonRow.id)
            if role is not None:
                stmt = stmt.where(PersonRow.role == role.value)
            if registration is not None:
                stmt = stmt.where(PersonRow.registration == registration.value)
            return [_person(session, row) for row in session.scalars(stmt)]

    def private_chats(self, role: Role) -> list[ChatAddress]:
        """Where the people with `role` can be written to alone (those who wrote privately)."""
        with self._sessions() as session:
            rows = session.execute(
                select(PersonRow.platform, PersonRow.private_chat_id)
                .where(PersonRow.role == role.value, PersonRow.private_chat_id.is_not(None))
                .order_by(PersonRow.id)
            )
            return [ChatAddress(platform, str(chat_id)) for platform, chat_id in rows]

    # -- bindings ----------------------------------------------------------------------------

    def bind_chat(
        self, address: ChatAddress, kind: str, unit_key: str, *, title: str = "", by: str = ""
    ) -> Binding:
        """Bind a chat to a unit (again active if it was inactive)."""
        if kind not in CHAT_KINDS:
            raise DirectoryError(f"chat kind {kind!r}")
        with self._sessions.begin() as session:
            unit = _unit_row(session, unit_key)
            row = _binding_row(session, address)
            now = self._now()
            if row is None:
                row = ChatBindingRow(
                    platform=address.platform,
                    chat_id=address.chat_id,
                    bound_at=now,
                )
                session.add(row)
            else:
                row.bound_at = now
            row.kind = kind
            row.title = title or row.title or ""
            row.unit_id = unit.id
            row.active = True
            row.bound_by = by
            row.changed_at = now
            session.flush()
            return _binding(session, row)

    def binding(self, address: ChatAddress) -> Binding | None:
        """The chat's binding, active or not."""
        with self._sessions() as session:
            row = _binding_row(session, address)
            return _binding(session, row) if row is not None else None

    def set_binding_active(self, address: ChatAddress, active: bool) -> Binding | None:
        """Mark a binding (in)active: the bot was removed from the group, or came back."""
        with self._sessions.begin() as session:
            row = _binding_row(session, address)
            if row is None:
                return None
            if row.active != active:
                row.active = active
                row.changed_at = self._now()
            return _binding(session, row)

    def unbind_chat(self, address: ChatAddress) -> Binding | None:
        """Forget a chat's binding; the binding it had, if any."""
        with self._sessions.begin() as session:
            row = _binding_row(session, address)
            if row is None:
                return None
            before = _binding(session, row)
            session.delete(row)
            return before

    def bindings(self, *, active_only: bool = True) -> list[Binding]:
        """Every binding."""
        with self._sessions() as session:
            stmt = select(ChatBindingRow).order_by(ChatBindingRow.id)
            if active_only:
                stmt = stmt.where(ChatBindingRow.active.is_(True))
            return [_binding(session, row) for row in session.scalars(stmt)]

    def move_chat(self, old: ChatAddress, new: ChatAddress) -> Binding | None:
        """The same chat under a new id (a group became a supergroup): binding and memory move.

        A binding already made under the new id wins; the old one is then dropped.
        """
        with self._sessions.begin() as session:
            row = _binding_row(session, old)
            target = _binding_row(session, new)
            if row is not None and target is None:
                row.chat_id = new.chat_id
                row.changed_at = self._now()
            elif row is not None:
                session.delete(row)
            for request in _pending_rows(session, old):
                request.chat_id = new.chat_id
            memory = session.get(ChatMemoryRow, (old.platform, old.chat_id))
            taken = session.get(ChatMemoryRow, (new.platform, new.chat_id)) is not None
            if memory is not None and taken:
                session.delete(memory)
            elif memory is not None:
                data = dict(memory.data)
                session.delete(memory)
                session.flush()
                session.add(
                    ChatMemoryRow(
                        platform=new.platform,
                        chat_id=new.chat_id,
                        data=data,
                        updated_at=self._now(),
                    )
                )
            session.flush()
            moved = _binding_row(session, new)
            return _binding(session, moved) if moved is not None else None

    def chats_for_unit(self, unit_key: str) -> list[ChatAddress]:
        """Where a unit's reminders go: its active bound chats and its approved officials."""
        with self._sessions() as session:
            unit = session.scalar(select(UnitRow).where(UnitRow.key == unit_key))
            if unit is None:
                return []
            ids = _ids_standing_for(session, current_unit(session, unit))
            found: list[ChatAddress] = []
            for binding in session.scalars(
                select(ChatBindingRow)
                .where(ChatBindingRow.unit_id.in_(ids), ChatBindingRow.active.is_(True))
                .order_by(ChatBindingRow.id)
            ):
                found.append(ChatAddress(binding.platform, binding.chat_id))
            for person in session.scalars(
                select(PersonRow)
                .where(
                    PersonRow.unit_id.in_(ids),
                    PersonRow.registration == Registration.APPROVED.value,
                    PersonRow.private_chat_id.is_not(None),
                )
                .order_by(PersonRow.id)
            ):
                address = ChatAddress(person.platform, str(person.private_chat_id))
                if address not in found:
                    found.append(address)
            return found

    def chats_by_unit(self) -> dict[str, list[ChatAddress]]:
        """chats_for_unit of every unit with a chat, in three queries (a reminder tick asks
        for hundreds of units: one query each cost more than the rest of the tick)."""
        with self._sessions() as session:
            found = chats_by_unit(session.connection())
        return {key: [ChatAddress(*chat) for chat in chats] for key, chats in found.items()}

    # -- requests to bind a group -------------------------------------------------------------

    def request_binding(
        self, address: ChatAddress, unit_key: str, *, title: str, by: str, name: str
    ) -> BindingRequest:
        """Ask for a group to be bound to a unit; a pending request for another unit is
        withdrawn. The chat stays unbound until an office admin decides."""
        with self._sessions.begin() as session:
            unit = _unit_row(session, unit_key)
            now = self._now()
            for old in _pending_rows(session, address):
                if old.unit_id == unit.id:
                    return _request(session, old)
                old.state = RequestState.WITHDRAWN.value
                old.decided_by, old.decided_at = by, now
            row = BindingRequestRow(
                platform=address.platform,
                chat_id=address.chat_id,
                title=title,
                unit_id=unit.id,
                state=RequestState.PENDING.value,
                requested_by=by,
                requester_name=name,
                requested_at=now,
            )
            session.add(row)
            session.flush()
            return _request(session, row)

    def binding_request(self, request_id: int) -> BindingRequest | None:
        """One request by id."""
        if not is_row_id(request_id):
            return None
        with self._sessions() as session:
            row = session.get(BindingRequestRow, request_id)
            return _request(session, row) if row is not None else None

    def pending_request(self, address: ChatAddress) -> BindingRequest | None:
        """The group's request waiting for a decision, if any."""
        with self._sessions() as session:
            rows = _pending_rows(session, address)
            return _request(session, rows[-1]) if rows else None

    def binding_requests(self, state: RequestState = RequestState.PENDING) -> list[BindingRequest]:
        """Requests in `state`, oldest first."""
        with self._sessions() as session:
            rows = session.scalars(
                select(BindingRequestRow)
                .where(BindingRequestRow.state == state.value)
                .order_by(BindingRequestRow.id)
            )
            return [_request(session, row) for row in rows]

    def decide_binding(self, request_id: int, approve: bool, *, by: str) -> BindingRequest:
        """Approve (the group is bound to the unit) or refuse a pending request.

        A request no longer pending is returned as it is, unchanged.
        """
        with self._sessions.begin() as session:
            row = session.get(BindingRequestRow, request_id) if is_row_id(request_id) else None
            if row is None:
                raise DirectoryError(f"binding request {request_id}")
            if row.state != RequestState.PENDING.value:
                return _request(session, row)
            now = self._now()
            row.state = (RequestState.APPROVED if approve else RequestState.REFUSED).value
            row.decided_by, row.decided_at = by, now
            if approve:
                unit = current_unit(session, session.get_one(UnitRow, row.unit_id))
                binding = _binding_row(session, ChatAddress(row.platform, row.chat_id))
                if binding is None:
                    binding = ChatBindingRow(
                        platform=row.platform, chat_id=row.chat_id, unit_id=unit.id, bound_at=now
                    )
                    session.add(binding)
                binding.kind = "group"
                binding.title = row.title or binding.title or ""
                binding.unit_id = unit.id
                binding.active = True
                binding.bound_by = by
                binding.bound_at = binding.changed_at = now
            session.flush()
            return _request(session, row)

    def withdraw_requests(self, address: ChatAddress) -> list[BindingRequest]:
        """Take back the group's pending requests; those withdrawn."""
        with self._sessions.begin() as session:
            rows = _pending_rows(session, address)
            now = self._now()
            for row in rows:
                row.state = RequestState.WITHDRAWN.value
                row.decided_at = now
            session.flush()
            return [_request(session, row) for row in rows]

    # -- the access audit trail ----------------------------------------------------------------

    def record_access(self, record: AccessRecord) -> None:
        """Add a row to the access audit trail."""
        with self._sessions.begin() as session:
            session.add(
                AccessAuditRow(
                    at=record.at or self._now(),
                    platform=record.platform,
                    user_id=record.user_id,
                    actor_name=record.actor_name,
                    chat_id=record.chat_id,
                    action=record.action,
                    target=record.target,
                    accepted=record.accepted,
                    refusal=record.refusal,
                    detail=record.detail,
                )
            )

    def access_trail(
        self, *, since_id: int = 0, accepted: bool | None = None
    ) -> list[tuple[int, AccessRecord]]:
        """Audit rows after `since_id` (oldest first), with their ids."""
        with self._sessions() as session:
            stmt = select(AccessAuditRow).where(AccessAuditRow.id > since_id)
            if accepted is not None:
                stmt = stmt.where(AccessAuditRow.accepted.is_(accepted))
            return [
                (
                    row.id,
                    AccessRecord(
                        platform=row.platform,
                        user_id=row.user_id,
                        action=row.action,
                        accepted=row.accepted,
                        target=row.target,
                        refusal=row.refusal,
                        actor_name=row.actor_name,
                        chat_id=row.chat_id,
                        detail=row.detail,
                        at=row.at,
                    ),
                )
                for row in session.scalars(stmt.order_by(AccessAuditRow.id))
            ]

    # -- chat memory -------------------------------------------------------------------------

    def load_memory(self, address: ChatAddress) -> dict[str, Any] | None:
        """The chat's stored memory, or None."""
        with self._sessions() as session:
            row = session.get(ChatMemoryRow, (address.platform, address.chat_id))
            return dict(row.data) if row is not None else None

    def save_memory(self, address: ChatAddress, data: dict[str, Any]) -> None:
        """Replace the chat's stored memory."""
        with self._sessions.begin() as session:
            # one UPDATE for a chat seen before (nearly every message), not a read and then it
            now = self._now()
            updated = session.connection().execute(
                update(ChatMemoryRow)
                .where(
                    ChatMemoryRow.platform == address.platform,
                    ChatMemoryRow.chat_id == address.chat_id,
                )
                .values(data=data, updated_at=now)
            )
            if updated.rowcount == 0:
                session.add(
                    ChatMemoryRow(
                        platform=address.platform,
                        chat_id=address.chat_id,
                        data=data,
                        updated_at=now,
                    )
                )


# --- rows inside a session ----------------------------------------------------------------------


def _person_row(session: Session, platform: str, user_id: str) -> PersonRow | None:
    return session.scalar(
        select(PersonRow).where(PersonRow.platform == platform, PersonRow.user_id == user_id)
    )


def _binding_row(session: Session, address: ChatAddress) -> ChatBindingRow | None:
    return session.scalar(
        select(ChatBindingRow).where(
            ChatBindingRow.platform == address.platform,
            ChatBindingRow.chat_id == address.chat_id,
        )
    )


def _pending_rows(session: Session, address: ChatAddress) -> list[BindingRequestRow]:
    return list(
        session.scalars(
            select(BindingRequestRow)
            .where(
                BindingRequestRow.platform == address.platform,
                BindingRequestRow.chat_id == address.chat_id,
                BindingRequestRow.state == RequestState.PENDING.value,
            )
            .order_by(BindingRequestRow.id)
        )
    )


def _request(session: Session, row: BindingRequestRow) -> BindingRequest:
    unit = current_unit(session, session.get_one(UnitRow, row.unit_id))
    return BindingRequest(
        id=row.id,
        platform=row.platform,
        chat_id=row.chat_id,
        title=row.title,
        unit_key=unit.key,
        unit_name=unit.name,
        state=RequestState(row.state),
        requested_by=row.requested_by,
        requester_name=row.requester_name,
        decided_by=row.decided_by,
    )


def _ids_standing_for(session: Session, unit: UnitRow) -> set[int]:
    """The unit's id and the ids of units merged into it (bindings made before a merge)."""
    ids = {unit.id}
    frontier = [unit.id]
    while frontier:
        merged = list(
            session.scalars(select(UnitRow.id).where(UnitRow.merged_into_id.in_(frontier)))
        )
        frontier = [i for i in merged if i not in ids]
        ids.update(frontier)
    return ids


def _unit_row(session: Session, unit_key: str) -> UnitRow:
    unit = session.scalar(select(UnitRow).where(UnitRow.key == unit_key))
    if unit is None:
        raise DirectoryError(f"unit {unit_key!r}")
    return current_unit(session, unit)


def _person(session: Session, row: PersonRow) -> Person:
    unit = current_unit(session, session.get_one(UnitRow, row.unit_id)) if row.unit_id else None
    return Person(
        id=row.id,
        platform=row.platform,
        user_id=row.user_id,
        display_name=row.display_name,
        role=Role(row.role) if row.role else None,
        unit_key=unit.key if unit else None,
        unit_name=unit.name if unit else None,
        registration=Registration(row.registration),
        private_chat_id=row.private_chat_id,
    )


def _binding(session: Session, row: ChatBindingRow) -> Binding:
    unit = current_unit(session, session.get_one(UnitRow, row.unit_id))
    return Binding(
        platform=row.platform,
        chat_id=row.chat_id,
        kind=row.kind,
        title=row.title,
        unit_key=unit.key,
        unit_name=unit.name,
        active=row.active,
        bound_by=row.bound_by,
    )
