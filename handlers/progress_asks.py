"""Whether free text asks leaders' progress questions, without loading the leadership chain."""

from __future__ import annotations

import re

from knowledge.text import fold

# On folded text: "tiến độ thông báo 45", "cho em hỏi tình hình thực hiện ...".
PROGRESS_ASK = re.compile(
    r"^(?:(?:cho|xin)\s+(?:em|toi|minh|chau)?\s*(?:hoi|xem|biet)\s+)?"
    r"(?:tien do|tong hop|bao cao tien do|tinh hinh thuc hien)\b\s*(?P<rest>.*)$"
)
# "đơn vị nào chậm nhất?", "phòng nào nhiều việc quá hạn"
SLOWEST = re.compile(
    r"\b(?:don vi|phong|co quan)\s+nao\s+(?:cham|tre|qua han|no dong|nhieu viec qua han)"
)


def asks_progress(text: str) -> bool:
    """Whether free text asks for progress ("tiến độ ...", "đơn vị nào chậm nhất?")."""
    folded = fold(text).strip(" ?.!")
    return bool(PROGRESS_ASK.match(folded) or SLOWEST.search(folded))
