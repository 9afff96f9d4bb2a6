"""A unit typed in shorthand stands for a written name word by word, or for nothing when unsure."""

from __future__ import annotations

import pytest

from knowledge.unit_alignment import _words, aligned_units, left_out_words
from knowledge.units import Unit


def _left_out(typed: str, name: str) -> int | None:
    return left_out_words(_words(typed), _words(name))


@pytest.mark.parametrize(
    ("typed", "name", "left_out"),
    [
        ("truong mg hoa sen", "truong mau giao hoa sen", 0),  # initials of a run
        ("phong tnmt", "phong tai nguyen va moi truong", 0),  # "và" has no initial
        ("ban chi dao cssknd huyen", "ban chi dao cham soc suc khoe nhan dan huyen", 0),
        ("ban chi dao cssknd huyen", "thanh vien ban chi dao cham soc suc khoe nhan dan huyen", 2),
        ("mat tran to quoc cac huyen", "uy ban mat tran to quoc cac huyen thi xa thanh pho", 6),
        ("phong y te", "trung tam y te", None),  # another kind of body
        ("mat tran to quoc xa", "uy ban mat tran to quoc va cac to chuc chinh tri xa hoi", None),
        ("cong an xa", "cong an huyen", None),  # another level
        ("cac xa", "cac xa thi tran", 2),  # a list's rest may be left out
        ("uy ban nhan dan cac huyen", "uy ban nhan dan huyen", None),  # "các" is kept
        # "các" binds to the noun after it: "các huyện" is no "các đoàn thể huyện"
        ("mat tran to quoc cac huyen", "mat tran to quoc cac doan the huyen", None),
    ],
)
def test_typed_words_stand_for_name_words_or_runs_by_their_initials(
    typed: str, name: str, left_out: int | None
) -> None:
    assert _left_out(typed, name) == left_out


def _unit(key: str, name: str) -> Unit:
    return Unit(key=key, name=name, kind="truong", level="huyen")


def test_the_name_leaving_out_fewest_words_wins_and_a_tie_is_no_answer() -> None:
    units = [
        _unit("bcd", "Ban Chỉ đạo Chăm sóc sức khỏe nhân dân huyện"),
        _unit("tv", "Thành viên Ban Chỉ đạo Chăm sóc sức khỏe nhân dân huyện"),
        _unit("mg1", "Trường Mẫu giáo Hoa Sen"),
        _unit("mg2", "Trường Mầm non Hoa Sen"),
    ]
    found = aligned_units("BCĐ CSSKND huyện", units)
    assert found is not None
    assert found.unit.key == "bcd"
    # "MG" spells "Mẫu giáo", not "Mầm non"
    found = aligned_units("Trường MG Hoa Sen", units)
    assert found is not None
    assert found.unit.key == "mg1"
    # two schools both "Trường ... Hoa Sen": typing "Trường Hoa Sen" cannot tell them apart
    assert aligned_units("Trường Hoa Sen", units) is None
    assert aligned_units("phòng", units) is None  # one word stands for too many names


def test_a_level_may_be_left_out_when_the_place_after_it_is_typed() -> None:
    assert _left_out("trung tam y te lac son", "trung tam y te huyen lac son") == 1
    assert _left_out("cong an lac son", "cong an huyen") is None
    # a registry's own unit is named without its level, which may still be typed
    units = [Unit(key="vh", name="Phòng Văn hóa và Thông tin", kind="phong", level="huyen")]
    found = aligned_units("vhtt huyện", units)
    assert found is not None
    assert found.unit.key == "vh"
