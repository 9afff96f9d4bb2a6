"""Every progress status, state and refusal has its Vietnamese wording."""

from __future__ import annotations

from handlers import texts
from knowledge.progress import ExtensionState, ProgressProblem, ProgressState, Status


def test_every_enum_value_has_a_label() -> None:
    assert set(texts.STATUS_LABELS) == {s.value for s in Status}
    assert set(texts.PROGRESS_STATE_LABELS) == {s.value for s in ProgressState}
    assert set(texts.EXTENSION_STATE_LABELS) == {s.value for s in ExtensionState}
    assert set(texts.PROGRESS_PROBLEMS) == {p.value for p in ProgressProblem}


def test_a_refusal_names_what_it_is_about() -> None:
    # the core names a date as 2023-03-10; the office reads it as 10/03/2023
    assert "(10/03/2023)" in texts.progress_problem("extension_not_later", "2023-03-10")
    assert texts.progress_problem("not_own_unit").startswith("Chỉ đơn vị")
    assert "lạ" in texts.progress_problem("strange", "lạ")
