"""Every role against every command, button and word form, on Telegram and on Zalo (SQLite and
PostgreSQL): what a role may not do changes nothing and leaves a refusal in the audit trail;
what it may do is never refused for who it is.

Roles: the office admin, a leader, a member of Phòng Nội vụ (A) and one of Phòng Tư pháp (B),
a stranger, a plain member of a group the office bound to A, and a plain member of a group
that asked for A on its own (still waiting). The admin goes last: its decisions would change
what the others' attempts are about.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from handlers import texts
from handlers.messages import Reply
from tests.handlers.trust_office import (
    ANOTHER_NOTICE,
    PERMISSION_REFUSALS,
    ROLES,
    Actor,
    TrustOffice,
    effects,
    last_audit_ids,
    refusals,
    state,
    trust_office,
)

Ids = dict[str, int | str]
Do = Callable[[TrustOffice, Actor, Ids], list[Reply]]

# Who may do what, by kind of action.
ALLOWED: dict[str, frozenset[str]] = {
    "anyone": frozenset(ROLES),
    "ask": frozenset({"admin", "leader", "member_a", "member_b", "group_a"}),
    "progress_a": frozenset({"admin", "member_a", "group_a"}),
    "progress_b": frozenset({"admin", "member_b"}),
    "own_or_leader_b": frozenset({"admin", "leader", "member_b"}),
    "leaders": frozenset({"admin", "leader"}),
    "office": frozenset({"admin"}),
    # asking to belong to a unit: a group already bound may not ask again
    "register": frozenset(ROLES) - {"group_a"},
    # leaving one's unit: a plain member may not unbind a group
    "unregister": frozenset(ROLES) - {"group_a", "group_self"},
}


@dataclass(frozen=True)
class Action:
    name: str
    kind: str
    do: Do


def typed(words: str, kind: str) -> Action:
    return Action(words, kind, lambda o, a, ids: o.say(a, words.format(**ids)))


def button(data: str, kind: str) -> Action:
    return Action(f"[{data}]", kind, lambda o, a, ids: o.press(a, data.format(**ids)))


def upload() -> Action:
    return Action(
        "(document)",
        "office",
        lambda o, a, ids: o.upload(a, "tb62.txt", ANOTHER_NOTICE.encode("utf-8")),
    )


ACTIONS: tuple[Action, ...] = (
    # commands
    typed("/viec", "ask"),
    typed("/viec Phòng Tư pháp", "ask"),
    typed("/hanchot", "ask"),
    typed("/quahan", "ask"),
    typed("/chitiet 1", "ask"),
    typed("/xemthem", "ask"),
    typed("/tiendo", "ask"),
    typed("/tiendo Phòng Tư pháp", "own_or_leader_b"),
    typed("/baocao", "leaders"),
    typed("/capnhat {a2} dang 50% đã lấy ý kiến", "progress_a"),
    typed("/capnhat {b1} xong", "progress_b"),
    typed("/choduyet", "office"),
    typed("/capquyen 3 lanhdao", "office"),
    typed("/toi", "anyone"),
    typed("/trogiup", "anyone"),
    typed("/start", "anyone"),
    typed("/huy", "anyone"),
    # words
    typed("Phòng Nội vụ được giao việc gì?", "ask"),
    typed("việc nào quá hạn tính đến ngày 31/3/2023?", "ask"),
    typed("chi tiết {a1}", "ask"),
    typed("xem thêm", "ask"),
    typed("xong {a2}", "progress_a"),
    typed("việc {b1} đã hoàn thành theo báo cáo số 30/BC-TP", "progress_b"),
    typed("{a2} đang thực hiện", "progress_a"),
    typed("việc {b2} gặp vướng mắc về kinh phí", "progress_b"),
    typed("xin gia hạn việc {a2} đến 25/4/2023 chờ ý kiến", "progress_a"),
    typed("tiến độ Phòng Tư pháp", "own_or_leader_b"),
    typed("tiến độ thông báo 60", "leaders"),
    typed("đơn vị nào chậm nhất?", "leaders"),
    # buttons
    button("detail:{a1}", "ask"),
    button("more:1", "ask"),
    button("unit:Phòng Tư pháp", "ask"),
    button("doing:{a2}", "progress_a"),
    button("blocked:{a2}", "progress_a"),
    button("done:{b1}", "progress_b"),
    button("extend:{b2}", "progress_b"),
    button("approve:{person}", "office"),
    button("refuse:{person}", "office"),
    button("bindok:{request}", "office"),
    button("bindno:{request}", "office"),
    button("docedit:{document}", "office"),
    button("editone:{reviewed}", "office"),
    button("editlead:{reviewed}", "office"),
    button("editdue:{reviewed}", "office"),
    button("setlead:{reviewed}:phong-noi-vu", "office"),
    button("docok:{document}", "office"),
    button("docdrop:{document}", "office"),
    button("extok:{extension}", "office"),
    button("extno:{extension}", "office"),
    button("cfok:{a1}:-", "office"),
    button("cfno:{a1}:-", "office"),
    upload(),
    # last: what changes who the caller is
    button("bind:phong-noi-vu", "register"),
    typed("/dangky Phòng Nội vụ", "register"),
    typed("/huydangky", "unregister"),
)


@dataclass
class Cell:
    role: str
    action: str
    allowed: bool
    replies: list[str]
    changed: dict[str, object]
    refused: list[tuple[str, str, str]]


def run_matrix(office: TrustOffice) -> Iterator[Cell]:
    for role in ROLES:
        actor = office.actors[role]
        for action in ACTIONS:
            before, known = state(office), last_audit_ids(office)
            replies = action.do(office, actor, office.ids)
            after = state(office)
            new = refusals(office, known)
            office.say(actor, "/huy")  # a step the action began does not take the next text
            yield Cell(
                role,
                action.name,
                role in ALLOWED[action.kind],
                [r.title for r in replies],
                effects(before, after),
                [r for r in new if r[2] in PERMISSION_REFUSALS],
            )


@pytest.mark.parametrize("platform", ["telegram", "zalo"])
def test_no_role_does_what_it_may_not_and_every_refusal_is_audited(
    db_url: str, platform: str
) -> None:
    with trust_office(db_url, platform) as office:
        cells = list(run_matrix(office))
    assert len(cells) == len(ROLES) * len(ACTIONS)
    failures = [c for c in cells if texts.ROUTER_FAILED in c.replies]
    assert failures == []
    refused = [c for c in cells if not c.allowed]
    allowed = [c for c in cells if c.allowed]
    # what a role may not do: nothing changes, the attempt is on record
    assert [(c.role, c.action, c.changed) for c in refused if c.changed] == []
    assert [(c.role, c.action, c.replies) for c in refused if not c.refused] == []
    # what a role may do is never refused for who it is
    assert [(c.role, c.action, c.refused) for c in allowed if c.refused] == []
    # and the allowed attempts did something: the office's decisions took effect
    by = {(c.role, c.action): c for c in cells}
    assert by["admin", "[bindok:{request}]"].changed
    assert by["admin", "[docok:{document}]"].changed
    assert by["member_a", "xong {a2}"].changed
    assert by["group_a", "[doing:{a2}]"].changed
    print(
        f"{platform}: {len(cells)} cells, {len(refused)} refused (all audited, none with an "
        f"effect), {len(allowed)} allowed"
    )
