"""Pending steps and callback data: one wire format, written and read by handlers/steps.py."""

from __future__ import annotations

from datetime import date

import pytest

from handlers.steps import CallbackKind, Pending, Press, Step, callback, completion_key


@pytest.mark.parametrize("step", list(Step))
def test_a_pending_step_reads_back_as_written(step: Step) -> None:
    written = Pending.about(step, 12).encode()
    assert written == f"{step.value}:12"
    parsed = Pending.parse(written)
    assert parsed == Pending(step, "12")
    assert parsed is not None
    assert parsed.assignment_id == 12


@pytest.mark.parametrize("text", ["", "xyz:12", "extend", "12:extend"])
def test_no_step_or_an_unknown_one_is_none(text: str) -> None:
    assert (Pending.parse(text) is None) == (text != "extend")
    if text == "extend":  # a step with its target lost names no assignment
        parsed = Pending.parse(text)
        assert parsed is not None
        assert parsed.assignment_id is None


def test_callback_data_keeps_the_wire_format_buttons_already_sent_use() -> None:
    assert callback(CallbackKind.DONE, 12) == "done:12"
    assert callback(CallbackKind.MORE) == "more"
    assert callback(CallbackKind.SET_LEAD, 5, "phong-noi-vu") == "setlead:5:phong-noi-vu"
    key = completion_key(7, None)
    assert callback(CallbackKind.COMPLETION_ACCEPT, key) == "cfok:7:-"
    assert completion_key(7, date(2026, 3, 5)) == "7:2026-03-05"


def test_a_press_is_parsed_once_into_its_action_and_value() -> None:
    press = Press.parse("cfno:7:2026-03-05")
    assert press.action is CallbackKind.COMPLETION_REJECT
    assert press.pair() == ("7", "2026-03-05")
    assert Press.parse("detail:15").number == 15
    assert Press.parse("detail:²").number is None
    old = Press.parse("gone:3")  # a button from a version that had it
    assert old.action is None
    assert (old.kind, old.value) == ("gone", "3")
    for kind in CallbackKind:
        assert Press.parse(callback(kind, 1)).action is kind
