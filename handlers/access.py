"""Who may do what: office admins, leaders, unit members and strangers, decided in the core."""

from __future__ import annotations

from dataclasses import dataclass

from handlers.messages import ChatKind, ChatRef, IncomingMessage
from knowledge.chats import ChatAddress, ChatDirectory, Person, Role


@dataclass(frozen=True)
class AccessPolicy:
    """The office's access settings (config [access])."""

    # A private /dangky waits for an office admin's approval.
    require_approval: bool = True
    # People who belong to no unit may still ask questions (an open office); off by default.
    strangers_may_ask: bool = False
    # (platform, user id) pairs that are office admins whatever the database says.
    office_admins: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Caller:
    """The person behind a message, with what their chat stands for.

    Without a directory (a test or a tool with no database of people) everyone is trusted:
    `open_access` is then True.
    """

    person: Person | None
    unit_key: str | None  # the unit the chat speaks for: the group's binding, or the person's
    chat_admin: bool = False
    open_access: bool = False
    group_bound: bool = False

    @property
    def is_admin(self) -> bool:
        """An office administrator."""
        return self.open_access or (self.person is not None and self.person.is_admin)

    @property
    def is_leader(self) -> bool:
        """A leader (office admins see what leaders see)."""
        return self.is_admin or (self.person is not None and self.person.role is Role.LEADER)

    @property
    def is_member(self) -> bool:
        """Someone who speaks for a unit: in a bound group, or registered and approved."""
        return self.unit_key is not None

    def may_ask(self, policy: AccessPolicy) -> bool:
        """Whether questions about assignments are answered."""
        return self.is_leader or self.is_member or policy.strangers_may_ask

    def may_bind_group(self) -> bool:
        """Group admins and office admins may unbind a group (binding one is the office's)."""
        return self.is_admin or self.chat_admin

    def may_act_for(self, unit_keys: set[str]) -> bool:
        """Whether the caller may report on an assignment of these units."""
        return self.is_admin or (self.unit_key is not None and self.unit_key in unit_keys)

    @property
    def identity(self) -> str:
        """ "telegram:123" for logs and audit rows."""
        if self.person is None:
            return "open"
        return f"{self.person.platform}:{self.person.user_id}"


def identify(
    message: IncomingMessage, directory: ChatDirectory | None, policy: AccessPolicy
) -> Caller:
    """Who wrote `message` and which unit the chat speaks for."""
    if directory is None:
        return Caller(None, None, message.sender.chat_admin, open_access=True)
    chat = message.chat
    private = chat.kind is ChatKind.PRIVATE
    person = directory.touch_person(
        chat.platform,
        message.sender.user_id,
        message.sender.display_name,
        private_chat_id=chat.chat_id if private else None,
    )
    if (chat.platform, message.sender.user_id) in policy.office_admins and not person.is_admin:
        person = directory.set_role(person.id, Role.ADMIN)
    if private:
        return Caller(person, person.approved_unit_key, message.sender.chat_admin)
    binding = directory.binding(ChatAddress(chat.platform, chat.chat_id))
    unit = binding.unit_key if binding is not None and binding.active else None
    return Caller(person, unit, message.sender.chat_admin, group_bound=unit is not None)


def office_chats(directory: ChatDirectory | None) -> list[ChatRef]:
    """The office admins' private chats: where requests for a decision and alerts go."""
    if directory is None:
        return []
    return [ChatRef(a.platform, a.chat_id) for a in directory.private_chats(Role.ADMIN)]
