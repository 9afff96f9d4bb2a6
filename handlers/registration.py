"""Binding chats to units, registering officials, roles: /dangky, /huydangky, /capquyen, /toi."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from handlers import texts
from handlers.access import office_chats
from handlers.messages import Button, ChatKind, ChatRef, Reply
from handlers.steps import CallbackKind, callback
from handlers.turn import Turn
from handlers.units import look_up_unit
from knowledge.chats import (
    BindingRequest,
    ChatAddress,
    ChatDirectory,
    Person,
    Registration,
    RequestState,
    Role,
)
from knowledge.db import parse_id
from knowledge.text import fold
from knowledge.units import Unit

log = logging.getLogger(__name__)

_ROLE_WORDS = {
    "quantri": Role.ADMIN,
    "quan tri": Role.ADMIN,
    "admin": Role.ADMIN,
    "vanphong": Role.ADMIN,
    "van phong": Role.ADMIN,
    "lanhdao": Role.LEADER,
    "lanh dao": Role.LEADER,
    "leader": Role.LEADER,
}
_ROLE_REMOVE = {"bo", "xoa", "thuhoi", "thu hoi", "khong", "none"}


def register(turn: Turn, args: str) -> list[Reply]:
    """/dangky <đơn vị>: ask for a group, or the official, to belong to a unit."""
    if not args:
        return [Reply(title=texts.BIND_ASK_NAME)]
    lookup = look_up_unit(turn.services, args)
    if lookup.unit is not None:
        return register_unit(turn, lookup.unit)
    if lookup.suggestions:
        names = ", ".join(u.name for u in lookup.suggestions)
        return [
            Reply(
                title=texts.ANSWER_DID_YOU_MEAN.format(names=names),
                footer=texts.BIND_PICK,
                buttons=tuple(
                    Button(u.name, callback(CallbackKind.BIND, u.key)) for u in lookup.suggestions
                ),
            )
        ]
    return [Reply(title=texts.BIND_UNKNOWN.format(name=args))]


def register_unit(turn: Turn, unit: Unit) -> list[Reply]:
    """Bind the chat (a group) or register its person (a private chat) to `unit`."""
    directory = turn.directory
    chat = turn.message.chat
    if directory is None:  # no database of people: the chat memory holds the unit
        turn.memory = replace(turn.memory, unit_key=unit.key)
        return [Reply(title=texts.BIND_DONE.format(unit=unit.name))]
    caller = turn.caller
    if chat.kind is ChatKind.GROUP:
        return _bind_group(turn, directory, unit)
    person = caller.person
    assert person is not None  # identify() gives every caller with a directory a person
    if person.unit_key == unit.key and person.registration is Registration.APPROVED:
        return [Reply(title=texts.REGISTER_ALREADY.format(unit=unit.name))]
    if person.unit_key == unit.key and person.registration is Registration.PENDING:
        # asking again neither resets anything nor asks the office again
        return [Reply(title=texts.ACCESS_PENDING.format(unit=unit.name))]
    if caller.is_admin or not turn.access.require_approval:
        directory.register(person.id, unit.key, Registration.APPROVED)
        turn.audit("register", accepted=True, target=unit.key, detail={"approved": True})
        turn.memory = replace(turn.memory, unit_key=unit.key)
        return [Reply(title=texts.REGISTER_DONE.format(unit=unit.name))]
    pending = directory.register(person.id, unit.key, Registration.PENDING)
    turn.audit("register", accepted=True, target=unit.key, detail={"approved": False})
    requests = _approval_requests(directory, pending, unit.name)
    turn.outbox.extend(requests)
    if not requests:
        log.warning("registration of %s waits: no office admin has a private chat", pending.id)
        return [Reply(title=texts.REGISTER_NO_ADMIN.format(unit=unit.name))]
    return [Reply(title=texts.REGISTER_SENT.format(unit=unit.name))]


def _bind_group(turn: Turn, directory: ChatDirectory, unit: Unit) -> list[Reply]:
    """A group asks to speak for `unit`: an office admin binds it at once; anyone else's
    request waits for the office, and until then the group gets nothing."""
    chat = turn.message.chat
    address = ChatAddress(chat.platform, chat.chat_id)
    caller = turn.caller
    target = str(address)
    if caller.is_admin:
        directory.bind_chat(
            address, "group", unit.key, title=turn.message.chat_title, by=caller.identity
        )
        directory.withdraw_requests(address)
        turn.audit("bind_group", accepted=True, target=target, detail={"unit": unit.key})
        turn.memory = replace(turn.memory, unit_key=unit.key)
        log.info("chat %s bound to %s by %s", target, unit.key, caller.identity)
        return [Reply(title=texts.BIND_GROUP_DONE.format(unit=unit.name))]
    bound = directory.binding(address)
    if bound is not None and bound.active:  # inactive: the bot was removed; ask again
        title = texts.BIND_GROUP_ALREADY.format(unit=bound.unit_name)
        return turn.refuse("request_binding", "already_bound", title, target=target)
    waiting = directory.pending_request(address)
    if waiting is not None and waiting.unit_key == unit.key:
        return [Reply(title=texts.BIND_GROUP_WAITING.format(unit=unit.name))]
    request = directory.request_binding(
        address,
        unit.key,
        title=turn.message.chat_title,
        by=caller.identity,
        name=turn.message.sender.display_name,
    )
    turn.audit(
        "request_binding",
        accepted=True,
        target=target,
        detail={"unit": unit.key, "request": request.id},
    )
    log.info("chat %s asks to be bound to %s (%s)", target, unit.key, caller.identity)
    asks = [replace(binding_request_reply(request), to=admin) for admin in office_chats(directory)]
    turn.outbox.extend(asks)
    if not asks:
        log.warning("binding request %s waits: no office admin has a private chat", request.id)
        return [Reply(title=texts.BIND_GROUP_NO_ADMIN.format(unit=unit.name))]
    return [Reply(title=texts.BIND_GROUP_SENT.format(unit=unit.name))]


def binding_request_reply(request: BindingRequest) -> Reply:
    """A group's request to decide, with Duyệt / Từ chối."""
    return Reply(
        title=texts.BIND_GROUP_ASK_ADMIN.format(
            group=request.title or request.chat_id,
            identity=str(request.address),
            person=request.requester_name or request.requested_by,
            unit=request.unit_name,
        ),
        buttons=(
            Button(texts.REGISTER_APPROVE, callback(CallbackKind.BINDING_APPROVE, request.id)),
            Button(texts.REGISTER_REFUSE, callback(CallbackKind.BINDING_REFUSE, request.id)),
        ),
    )


def decide_binding(turn: Turn, value: str, approve: bool) -> list[Reply]:
    """An office admin pressed Duyệt or Từ chối on a group's request."""
    directory = turn.directory
    request_id = parse_id(value)
    if directory is None or request_id is None:
        return [Reply(title=texts.BUTTON_EXPIRED)]
    target = f"request:{request_id}"
    if not turn.caller.is_admin:
        return turn.refuse(
            "decide_binding", "not_office_admin", texts.ACCESS_ADMIN_ONLY, target=target
        )
    request = directory.binding_request(request_id)
    if request is None:
        return [Reply(title=texts.BUTTON_EXPIRED)]
    if request.state is not RequestState.PENDING:
        return [Reply(title=texts.BIND_REQUEST_NOT_PENDING)]
    decided = directory.decide_binding(request.id, approve, by=turn.caller.identity)
    turn.audit(
        "decide_binding",
        accepted=True,
        target=str(decided.address),
        detail={"request": decided.id, "unit": decided.unit_key, "approved": approve},
    )
    log.info("binding request %s %s by %s", decided.id, decided.state.value, turn.caller.identity)
    group = ChatRef(decided.platform, decided.chat_id, ChatKind.GROUP)
    told = texts.BIND_GROUP_APPROVED_GROUP if approve else texts.BIND_GROUP_REFUSED_GROUP
    turn.outbox.append(Reply(title=told.format(unit=decided.unit_name), to=group))
    word = texts.BIND_GROUP_APPROVED_ADMIN if approve else texts.BIND_GROUP_REFUSED_ADMIN
    return [
        Reply(title=word.format(group=decided.title or decided.chat_id, unit=decided.unit_name))
    ]


def _approval_requests(directory: ChatDirectory, person: Person, unit_name: str) -> list[Reply]:
    """One request with Duyệt / Từ chối buttons to each office admin's private chat."""
    return [_approval_request(person, unit_name, chat) for chat in office_chats(directory)]


def _approval_request(person: Person, unit_name: str | None, to: ChatRef | None = None) -> Reply:
    """A registration to decide, with Duyệt / Từ chối."""
    return Reply(
        title=texts.REGISTER_ASK_ADMIN.format(
            person=person.display_name or person.user_id,
            identity=identity_of(person),
            unit=unit_name,
        ),
        buttons=(
            Button(texts.REGISTER_APPROVE, callback(CallbackKind.APPROVE, person.id)),
            Button(texts.REGISTER_REFUSE, callback(CallbackKind.REFUSE, person.id)),
        ),
        to=to,
    )


def decide(turn: Turn, value: str, approve: bool) -> list[Reply]:
    """An office admin pressed Duyệt or Từ chối on a registration."""
    directory = turn.directory
    person_id = parse_id(value)
    if directory is None or person_id is None:
        return [Reply(title=texts.BUTTON_EXPIRED)]
    if not turn.caller.is_admin:
        return turn.refuse(
            "decide_registration",
            "not_office_admin",
            texts.ACCESS_ADMIN_ONLY,
            target=f"person:{person_id}",
        )
    person = directory.person_by_id(person_id)
    if person is None or person.unit_key is None:
        return [Reply(title=texts.BUTTON_EXPIRED)]
    if person.registration is not Registration.PENDING:
        return [Reply(title=texts.REGISTER_NOT_PENDING)]
    unit = person.unit_name or person.unit_key
    name = person.display_name or person.user_id
    state = Registration.APPROVED if approve else Registration.REFUSED
    directory.register(person.id, person.unit_key, state)
    turn.audit(
        "decide_registration",
        accepted=True,
        target=f"person:{person.id}",
        detail={"unit": person.unit_key, "approved": approve},
    )
    log.info("registration %s %s by %s", person.id, state.value, turn.caller.identity)
    if person.private_chat is not None:
        chat = ChatRef(person.platform, person.private_chat.chat_id)
        word = texts.REGISTER_APPROVED_USER if approve else texts.REGISTER_REFUSED_USER
        turn.outbox.append(Reply(title=word.format(unit=unit), to=chat))
    word = texts.REGISTER_APPROVED_ADMIN if approve else texts.REGISTER_REFUSED_ADMIN
    return [Reply(title=word.format(person=name, unit=unit))]


def unregister(turn: Turn, args: str) -> list[Reply]:
    """/huydangky: unbind the group, or take the official out of their unit."""
    directory = turn.directory
    chat = turn.message.chat
    if directory is None:
        key = turn.memory.unit_key
        if key is None:
            return [Reply(title=texts.UNBIND_NONE)]
        unit = turn.services.registry.get(key)
        turn.memory = replace(turn.memory, unit_key=None)
        return [Reply(title=texts.UNBIND_DONE.format(unit=unit.name if unit else key))]
    if chat.kind is ChatKind.GROUP:
        address = ChatAddress(chat.platform, chat.chat_id)
        if not turn.caller.may_bind_group():
            return turn.refuse(
                "unbind_group", "not_group_admin", texts.UNBIND_GROUP_DENIED, target=str(address)
            )
        binding = directory.unbind_chat(address)
        withdrawn = directory.withdraw_requests(address)
        if binding is None and not withdrawn:
            return [Reply(title=texts.UNBIND_NONE)]
        turn.audit(
            "unbind_group",
            accepted=True,
            target=str(address),
            detail={"unit": binding.unit_key if binding else None, "withdrawn": len(withdrawn)},
        )
        turn.memory = replace(turn.memory, unit_key=None)
        if binding is None:
            return [
                Reply(title=texts.UNBIND_REQUEST_WITHDRAWN.format(unit=withdrawn[-1].unit_name))
            ]
        return [Reply(title=texts.UNBIND_DONE.format(unit=binding.unit_name))]
    person = turn.caller.person
    if person is None or person.unit_key is None or person.registration is Registration.NONE:
        return [Reply(title=texts.UNBIND_NONE)]
    directory.register(person.id, person.unit_key, Registration.NONE)
    turn.audit("unregister", accepted=True, target=person.unit_key)
    turn.memory = replace(turn.memory, unit_key=None)
    return [Reply(title=texts.UNREGISTER_DONE.format(unit=person.unit_name or person.unit_key))]


def whoami(turn: Turn, args: str) -> list[Reply]:
    """/toi: the caller's id (what /capquyen needs), role and unit."""
    person = turn.caller.person
    lines = []
    if person is not None:
        role = texts.ROLE_NAMES[person.role.value if person.role else ""]
        if person.registration is Registration.APPROVED:
            unit = person.unit_name or texts.ROLE_NONE_UNIT
        elif person.registration is Registration.PENDING:
            unit = texts.ROLE_PENDING_UNIT.format(unit=person.unit_name)
        else:
            unit = texts.ROLE_NONE_UNIT
        lines.append(texts.WHOAMI.format(identity=identity_of(person), role=role, unit=unit))
    chat = turn.message.chat
    if chat.kind is ChatKind.GROUP:
        key = turn.caller.unit_key
        bound = turn.services.registry.get(key) if key else None
        unit = bound.name if bound else texts.ROLE_NONE_UNIT
        if bound is None and turn.directory is not None:
            waiting = turn.directory.pending_request(ChatAddress(chat.platform, chat.chat_id))
            if waiting is not None:
                unit = texts.ROLE_PENDING_UNIT.format(unit=waiting.unit_name)
        lines.append(texts.WHOAMI_GROUP.format(unit=unit))
    return [Reply(title="\n".join(lines) or texts.ROLE_NONE_UNIT)]


@dataclass(frozen=True)
class _Grant:
    platform: str
    user_id: str
    role: Role | None


def _parse_grant(args: str, platform: str) -> _Grant | None:
    parts = args.split(maxsplit=1)
    if len(parts) != 2:
        return None
    target, word = parts[0].strip(), fold(parts[1]).strip()
    target_platform, _, user_id = target.rpartition(":")
    if not user_id or not all(ch.isalnum() or ch in "-_." for ch in user_id):
        return None
    if word in _ROLE_REMOVE:
        return _Grant(target_platform or platform, user_id, None)
    role = _ROLE_WORDS.get(word)
    if role is None:
        return None
    return _Grant(target_platform or platform, user_id, role)


def grant(turn: Turn, args: str) -> list[Reply]:
    """/capquyen <mã> <quantri|lanhdao|bo>: an office admin sets someone's role."""
    directory = turn.directory
    if directory is None or not turn.caller.is_admin:
        return turn.refuse("grant_role", "not_office_admin", texts.ACCESS_ADMIN_ONLY)
    parsed = _parse_grant(args, turn.message.chat.platform)
    if parsed is None:
        return [Reply(title=texts.GRANT_USAGE)]
    caller = turn.caller.person
    if (
        caller is not None
        and parsed.role is not Role.ADMIN
        and (caller.platform, caller.user_id) == (parsed.platform, parsed.user_id)
    ):
        return [Reply(title=texts.GRANT_SELF)]
    target = directory.person(parsed.platform, parsed.user_id) or directory.touch_person(
        parsed.platform, parsed.user_id, ""
    )
    target = directory.set_role(target.id, parsed.role)
    turn.audit(
        "grant_role",
        accepted=True,
        target=identity_of(target),
        detail={"role": parsed.role.value if parsed.role else None},
    )
    role = texts.ROLE_NAMES[parsed.role.value if parsed.role else ""]
    log.info("role of %s set to %s by %s", identity_of(target), role, turn.caller.identity)
    if target.private_chat is not None:
        turn.outbox.append(
            Reply(
                title=texts.GRANT_TO_USER.format(role=role),
                to=ChatRef(target.platform, target.private_chat.chat_id),
            )
        )
    name = target.display_name or target.user_id
    return [
        Reply(title=texts.GRANT_DONE.format(person=name, identity=identity_of(target), role=role))
    ]


def pending_registrations(turn: Turn) -> list[Reply]:
    """The registrations and groups' requests waiting for an office admin, with buttons."""
    directory = turn.directory
    if directory is None:
        return []
    people = [
        _approval_request(person, person.unit_name)
        for person in directory.people(registration=Registration.PENDING)
    ]
    return people + [binding_request_reply(r) for r in directory.binding_requests()]


def chat_removed(directory: ChatDirectory, chat: ChatRef) -> list[Reply]:
    """The bot left or was removed from a group: the binding goes inactive, admins are told."""
    binding = directory.set_binding_active(ChatAddress(chat.platform, chat.chat_id), False)
    if binding is None:
        return []
    log.warning("bot removed from %s:%s (unit %s)", chat.platform, chat.chat_id, binding.unit_key)
    notice = texts.BOT_REMOVED_ADMIN.format(
        chat=binding.title or binding.chat_id, unit=binding.unit_name
    )
    return [Reply(title=notice, to=chat) for chat in office_chats(directory)]


def identity_of(person: Person) -> str:
    """How /capquyen names a person: "telegram:123"."""
    return f"{person.platform}:{person.user_id}"
