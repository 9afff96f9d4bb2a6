"""People, roles, chat bindings and chat memory, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session, sessionmaker

from knowledge.chats import (
    AccessRecord,
    ChatAddress,
    ChatDirectory,
    DirectoryError,
    Registration,
    RequestState,
    Role,
    SqlChatDirectory,
)
from knowledge.repository import SqlAlchemyDocumentRepository
from knowledge.units import Unit, UnitRegistry

NOI_VU = Unit(key="phong_noi_vu", name="Phòng Nội vụ huyện", kind="phong", level="huyen")
TU_PHAP = Unit(key="phong_tu_phap", name="Phòng Tư pháp huyện", kind="phong", level="huyen")
STRAY = Unit(key="noi_vu_cu", name="Phòng Nội vụ (cũ)", kind="phong", level="huyen")
NOW = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
GROUP = ChatAddress("telegram", "-100123")


@pytest.fixture
def directory(session_factory: sessionmaker[Session]) -> SqlChatDirectory:
    repo = SqlAlchemyDocumentRepository(session_factory, UnitRegistry((NOI_VU, TU_PHAP, STRAY)))
    repo.sync_units(repo.registry)
    found = SqlChatDirectory(session_factory, now=lambda: NOW)
    _: ChatDirectory = found  # mypy checks the class against the Protocol
    return found


def test_a_person_is_created_once_and_keeps_a_fresh_name(directory: SqlChatDirectory) -> None:
    first = directory.touch_person("telegram", "42", "Lan")
    again = directory.touch_person("telegram", "42", "Nguyễn Thị Lan", private_chat_id="42")
    assert again.id == first.id
    assert again.display_name == "Nguyễn Thị Lan"
    assert again.private_chat == ChatAddress("telegram", "42")
    assert again.role is None
    assert again.registration is Registration.NONE
    assert directory.person("zalo", "42") is None


def test_configured_admins_get_the_role_and_roles_can_be_taken_back(
    directory: SqlChatDirectory,
) -> None:
    directory.ensure_admins([("telegram", "1"), ("console", "local")])
    directory.ensure_admins([("telegram", "1")])  # again: no change, no error
    admins = directory.people(role=Role.ADMIN)
    assert {(p.platform, p.user_id) for p in admins} == {("telegram", "1"), ("console", "local")}
    assert all(p.is_admin for p in admins)
    leader = directory.set_role(
        directory.touch_person("telegram", "7", "Chủ tịch").id, Role.LEADER
    )
    assert leader.role is Role.LEADER
    assert directory.set_role(leader.id, None).role is None


def test_registration_waits_for_approval(directory: SqlChatDirectory) -> None:
    person = directory.touch_person("zalo", "u9", "Minh", private_chat_id="u9")
    pending = directory.register(person.id, "phong_noi_vu", Registration.PENDING)
    assert pending.unit_key == "phong_noi_vu"
    assert pending.approved_unit_key is None
    assert directory.chats_for_unit("phong_noi_vu") == []
    assert [p.id for p in directory.people(registration=Registration.PENDING)] == [person.id]
    approved = directory.register(person.id, "phong_noi_vu", Registration.APPROVED)
    assert approved.approved_unit_key == "phong_noi_vu"
    assert directory.chats_for_unit("phong_noi_vu") == [ChatAddress("zalo", "u9")]


def test_unknown_units_and_people_are_refused(directory: SqlChatDirectory) -> None:
    with pytest.raises(DirectoryError):
        directory.bind_chat(GROUP, "group", "phong_khong_co")
    with pytest.raises(DirectoryError):
        directory.set_role(999, Role.ADMIN)
    with pytest.raises(DirectoryError):
        directory.bind_chat(GROUP, "channel", "phong_noi_vu")


def test_a_group_binds_rebinds_goes_inactive_and_comes_back(directory: SqlChatDirectory) -> None:
    bound = directory.bind_chat(GROUP, "group", "phong_noi_vu", title="Tổ NV", by="telegram:1")
    assert (bound.unit_name, bound.active, bound.bound_by) == (
        "Phòng Nội vụ huyện",
        True,
        "telegram:1",
    )
    rebound = directory.bind_chat(GROUP, "group", "phong_tu_phap", by="telegram:1")
    assert rebound.unit_key == "phong_tu_phap"
    assert rebound.title == "Tổ NV"
    assert directory.chats_for_unit("phong_noi_vu") == []
    assert directory.chats_for_unit("phong_tu_phap") == [GROUP]

    inactive = directory.set_binding_active(GROUP, False)
    assert inactive is not None
    assert not inactive.active
    assert directory.chats_for_unit("phong_tu_phap") == []
    assert directory.bindings() == []
    assert len(directory.bindings(active_only=False)) == 1
    directory.bind_chat(GROUP, "group", "phong_tu_phap")
    assert directory.chats_for_unit("phong_tu_phap") == [GROUP]

    assert directory.unbind_chat(GROUP) is not None
    assert directory.binding(GROUP) is None
    assert directory.unbind_chat(GROUP) is None
    assert directory.set_binding_active(GROUP, True) is None


def test_a_binding_follows_its_unit_through_a_merge(
    directory: SqlChatDirectory, session_factory: sessionmaker[Session]
) -> None:
    directory.bind_chat(GROUP, "group", "noi_vu_cu")
    repo = SqlAlchemyDocumentRepository(session_factory, UnitRegistry((NOI_VU, TU_PHAP, STRAY)))
    repo.merge_units("noi_vu_cu", "phong_noi_vu")
    binding = directory.binding(GROUP)
    assert binding is not None
    assert binding.unit_key == "phong_noi_vu"
    assert directory.chats_for_unit("phong_noi_vu") == [GROUP]
    official = directory.touch_person("zalo", "u9", "Minh", private_chat_id="u9")
    directory.register(official.id, "phong_noi_vu", Registration.APPROVED)
    directory.bind_chat(ChatAddress("telegram", "-100300"), "group", "phong_tu_phap")
    # every unit at once, as the reminder tick reads them, says what each unit's call says
    keys = ("noi_vu_cu", "phong_noi_vu", "phong_tu_phap", STRAY.key)
    each = {key: directory.chats_for_unit(key) for key in keys}
    assert each["noi_vu_cu"] == [GROUP, ChatAddress("zalo", "u9")]
    assert directory.chats_by_unit() == {key: chats for key, chats in each.items() if chats}


def test_chat_memory_round_trips_as_json(directory: SqlChatDirectory) -> None:
    assert directory.load_memory(GROUP) is None
    directory.save_memory(GROUP, {"last_ids": [3, 1, 2], "shown": 2, "note": "Hội <b>"})
    directory.save_memory(GROUP, {"last_ids": [3, 1], "shown": 1, "note": "Hội <b>"})
    assert directory.load_memory(GROUP) == {"last_ids": [3, 1], "shown": 1, "note": "Hội <b>"}


def test_a_chat_moves_to_its_new_id_with_its_binding_and_memory(
    directory: SqlChatDirectory,
) -> None:
    new = ChatAddress("telegram", "-100999")
    directory.bind_chat(GROUP, "group", "phong_noi_vu")
    directory.save_memory(GROUP, {"shown": 3})
    moved = directory.move_chat(GROUP, new)
    assert moved is not None
    assert moved.chat_id == "-100999"
    assert directory.binding(GROUP) is None
    assert directory.load_memory(GROUP) is None
    assert directory.load_memory(new) == {"shown": 3}
    assert directory.chats_for_unit("phong_noi_vu") == [new]
    assert (
        directory.move_chat(ChatAddress("telegram", "-5"), ChatAddress("telegram", "-6")) is None
    )


def test_private_chats_of_a_role_are_those_who_wrote_privately(
    directory: SqlChatDirectory,
) -> None:
    written = directory.touch_person("telegram", "1", "Văn phòng", private_chat_id="1")
    silent = directory.touch_person("zalo", "2", "Văn phòng 2")
    leader = directory.touch_person("zalo", "3", "Chủ tịch", private_chat_id="c3")
    for person, role in ((written, Role.ADMIN), (silent, Role.ADMIN), (leader, Role.LEADER)):
        directory.set_role(person.id, role)
    assert directory.private_chats(Role.ADMIN) == [ChatAddress("telegram", "1")]
    assert directory.private_chats(Role.LEADER) == [ChatAddress("zalo", "c3")]


def test_a_group_request_binds_nothing_until_approved(directory: SqlChatDirectory) -> None:
    first = directory.request_binding(
        GROUP, "phong_tu_phap", title="Nhóm", by="telegram:4", name="Trưởng nhóm"
    )
    same = directory.request_binding(
        GROUP, "phong_tu_phap", title="Nhóm", by="telegram:5", name=""
    )
    assert same.id == first.id  # asking again is the same request
    request = directory.request_binding(
        GROUP, "phong_noi_vu", title="Nhóm", by="telegram:4", name=""
    )
    withdrawn = directory.binding_request(first.id)
    assert withdrawn is not None
    assert withdrawn.state is RequestState.WITHDRAWN
    assert directory.pending_request(GROUP) == request
    assert directory.binding(GROUP) is None
    assert directory.chats_for_unit("phong_noi_vu") == []

    moved = ChatAddress("telegram", "-100999")
    directory.move_chat(GROUP, moved)  # a supergroup upgrade while waiting
    assert directory.pending_request(moved) is not None

    decided = directory.decide_binding(request.id, True, by="telegram:1")
    assert decided.state is RequestState.APPROVED
    assert decided.decided_by == "telegram:1"
    binding = directory.binding(moved)
    assert binding is not None
    assert (binding.unit_key, binding.kind, binding.bound_by) == (
        "phong_noi_vu",
        "group",
        "telegram:1",
    )
    assert directory.chats_for_unit("phong_noi_vu") == [moved]
    # deciding again changes nothing
    assert (
        directory.decide_binding(request.id, False, by="telegram:9").state is RequestState.APPROVED
    )
    assert directory.binding_requests() == []
    assert directory.binding_request(2**63) is None
    with pytest.raises(DirectoryError):
        directory.decide_binding(2**40, True, by="telegram:1")


def test_the_access_trail_keeps_refusals_and_decisions(directory: SqlChatDirectory) -> None:
    directory.record_access(
        AccessRecord("telegram", "3", "command:capquyen", False, refusal="not_office_admin")
    )
    directory.record_access(
        AccessRecord("cli", "root", "bind_group", True, target="zalo:g1", detail={"unit": "x"})
    )
    trail = directory.access_trail()
    assert [(r.action, r.accepted, r.refusal) for _, r in trail] == [
        ("command:capquyen", False, "not_office_admin"),
        ("bind_group", True, None),
    ]
    first_id = trail[0][0]
    assert [r.target for _, r in directory.access_trail(since_id=first_id)] == ["zalo:g1"]
    assert [r.user_id for _, r in directory.access_trail(accepted=False)] == ["3"]
    assert trail[0][1].at == NOW
