"""A deadline in the words a reply or a listing writes it ("05/03/2023", its cycle, "chưa có
hạn"): light enough for `giaoviec extract`, which opens no database."""

from __future__ import annotations

from handlers import texts
from knowledge.domain import Deadline, Recurrence


def deadline_words(deadline: Deadline | None, recurrence: Recurrence | None = None) -> str:
    """The deadline as written down: "05/03/2023", its words, its cycle, or "chưa có hạn"."""
    if deadline is not None and deadline.due is not None:
        return deadline.due.strftime("%d/%m/%Y")
    if deadline is not None and deadline.text:
        return deadline.text
    cycle = recurrence or (deadline.recurrence if deadline else None)
    return cycle.text if cycle is not None else texts.STATUS_NO_DEADLINE
