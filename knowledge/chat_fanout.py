"""Every unit's reminder chats at once: its active bound chats, then its approved officials."""

from __future__ import annotations

from sqlalchemy import Connection, select

from knowledge.chat_models import ChatBindingRow, PersonRow, Registration
from knowledge.models import UnitRow


def chats_by_unit(connection: Connection) -> dict[str, list[tuple[str, str]]]:
    """(platform, chat id) per unit key, as SqlChatDirectory.chats_for_unit gives them one unit
    at a time: the chats of every unit standing for the same current unit (merges followed),
    bindings in binding order, then officials in person order, each chat once."""
    units = {
        unit_id: (key, merged)
        for unit_id, key, merged in connection.execute(
            select(UnitRow.id, UnitRow.key, UnitRow.merged_into_id)
        )
    }
    bound = connection.execute(
        select(ChatBindingRow.unit_id, ChatBindingRow.platform, ChatBindingRow.chat_id)
        .where(ChatBindingRow.active.is_(True))
        .order_by(ChatBindingRow.id)
    ).all()
    officials = connection.execute(
        select(PersonRow.unit_id, PersonRow.platform, PersonRow.private_chat_id)
        .where(
            PersonRow.unit_id.is_not(None),
            PersonRow.registration == Registration.APPROVED.value,
            PersonRow.private_chat_id.is_not(None),
        )
        .order_by(PersonRow.id)
    ).all()

    def current(unit_id: int) -> int:
        """knowledge.models.current_unit on the rows read: merges followed, cycles cut."""
        seen = {unit_id}
        while (target := units[unit_id][1]) is not None and target in units:
            if target in seen:
                break
            seen.add(target)
            unit_id = target
        return unit_id

    by_current: dict[int, list[tuple[str, str]]] = {}
    for rows in (bound, officials):
        for unit_id, platform, chat_id in rows:
            if unit_id in units:
                found = by_current.setdefault(current(unit_id), [])
                chat = (str(platform), str(chat_id))
                if chat not in found:
                    found.append(chat)
    out: dict[str, list[tuple[str, str]]] = {}
    for unit_id, (key, _merged) in units.items():
        chats = by_current.get(current(unit_id))
        if chats:
            out[str(key)] = list(chats)
    return out
