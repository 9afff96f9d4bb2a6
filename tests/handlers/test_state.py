"""The chat memory stored as JSON: what a follow-up needs survives a restart."""

from __future__ import annotations

from datetime import date

from handlers.answering import AskContext
from handlers.messages import Button
from handlers.state import ChatMemory, memory_from_json, memory_json
from handlers.understanding import parse_question


def test_a_memory_round_trips_with_its_question_count_grouping_and_choices() -> None:
    asked_on = date(2023, 3, 3)
    question = parse_question("việc nào quá hạn tính đến ngày 10/3/2023?", asked_on)
    memory = ChatMemory(
        unit_key="phong-noi-vu",
        context=AskContext(
            last_ids=(7, 3, 9),
            shown=2,
            last_question=question,
            total=1200,
            total_at_least=True,
            grouping="lead",
        ),
        pending="lead:12",
        choices=(Button("Xem thêm", "more"),),
        asked_on=asked_on,
    )
    back = memory_from_json(memory_json(memory))
    assert back.context == memory.context
    assert (back.pending, back.choices, back.asked_on) == (
        "lead:12",
        (Button("Xem thêm", "more"),),
        asked_on,
    )
    # the unit comes from the directory on every message, not from the stored memory
    assert back.unit_key is None


def test_an_old_or_partial_memory_still_reads() -> None:
    back = memory_from_json({"last_ids": [1, 2], "shown": 1})
    assert back.context.last_ids == (1, 2)
    assert back.context.total == 0
    assert back.context.grouping is None
