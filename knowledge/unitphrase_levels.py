"""A body at one level written once before a list of levels: "UBND thành phố và các huyện"."""

from __future__ import annotations

import re

from knowledge.text import fold

_LEVEL = r"(?:xã|phường|thị trấn|huyện|quận|thị xã|thành phố|tp\.?|tỉnh)"
# "các huyện", "các quận, huyện", "các xã, phường, thị trấn": levels alone, no body named
_BARE_LEVELS = re.compile(rf"^(?:các|những)\s+{_LEVEL}(?:\s*(?:,|và)\s*{_LEVEL})*$", re.I)
_AT_LEVEL = re.compile(rf"^(?P<head>.+?)\s+{_LEVEL}(?:\s|$)", re.I)
# The bodies every level has, folded: what "UBND thành phố và các huyện" means for the huyện.
_PER_LEVEL_HEADS = frozenset(
    fold(h)
    for h in (
        "UBND",
        "Ủy ban nhân dân",
        "HĐND",
        "Hội đồng nhân dân",
        "Thường trực HĐND",
        "Thường trực Hội đồng nhân dân",
        "Ủy ban MTTQ",
        "Ủy ban MTTQ Việt Nam",
        "Ủy ban Mặt trận Tổ quốc",
        "Ủy ban Mặt trận Tổ quốc Việt Nam",
        "Công an",
        "Ban Chỉ huy Quân sự",
        "Chủ tịch UBND",
        "Chủ tịch Ủy ban nhân dân",
    )
)


def heads_carried(names: tuple[str, ...]) -> tuple[str, ...]:
    """The names of a list, a bare list of levels after a body every level has taking that
    body's head: ("UBND thành phố", "các huyện") -> ("UBND thành phố", "UBND các huyện")."""
    if len(names) < 2:
        return names
    out = list(names)
    head: str | None = None
    for k, name in enumerate(names):
        at = _AT_LEVEL.match(name)
        if at and fold(at["head"]) in _PER_LEVEL_HEADS:
            head = at["head"]
        elif head and _BARE_LEVELS.match(name):
            out[k] = f"{head} {name}"
        else:
            head = None
    return tuple(out)
