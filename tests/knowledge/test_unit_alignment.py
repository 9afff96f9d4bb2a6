"""A unit typed in shorthand stands for a written name word by word, or for nothing when unsure."""

from __future__ import annotations

import pytest

from knowledge.abbreviations import fold_unit_key
from knowledge.text import fold
from knowledge.unit_alignment import (
    LEVEL_SYLLABLES,
    UnitNames,
    _words,
    aligned_units,
    left_out_words,
)
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


def _every_name_aligned(typed: str, units: list[Unit]) -> str | None:
    """The alignment without an index: every name of every unit compared (the reference)."""
    found: dict[str, int] = {}
    for variant in {_words(fold_unit_key(typed)), _words(" ".join(fold(typed).split()))}:
        if len(variant) < 2:
            continue
        for unit in units:
            name = _words(fold_unit_key(unit.name))
            if unit.level and not LEVEL_SYLLABLES & set(name):
                name = (*name, unit.level)
            left = left_out_words(variant, name)
            if left is not None and left < found.get(unit.key, len(name) + 1):
                found[unit.key] = left
    ranked = sorted(found.items(), key=lambda kv: kv[1])
    if not ranked or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]


def test_the_index_compares_only_names_that_hold_every_typed_word() -> None:
    places = ["Tân Định", "Đoàn Định", "Hà Thái", "Tân Phú", "Phú Hòa", "Hòa An"]
    units = [
        *(
            Unit(key=f"p{i}", name=f"UBND phường {p}", kind="uy_ban", level=None)
            for i, p in enumerate(places)
        ),
        *(
            Unit(key=f"c{i}", name=f"Công an xã {p}", kind="cong_an", level=None)
            for i, p in enumerate(places)
        ),
        Unit(key="tnmt", name="Phòng Tài nguyên và Môi trường", kind="phong", level="huyen"),
        Unit(key="ttyt", name="Trung tâm Y tế huyện Lạc Sơn", kind="trung_tam", level=None),
    ]
    names = UnitNames(units)
    # a word typed whole is a word of the name; "phưng" (a typo) is in none
    assert names.aligning(_words("ubnd phung ha thai")) == []
    assert [u.key for u, _ in names.aligning(_words("uy ban nhan dan phuong ha thai"))] == ["p2"]
    # initials stand for a run of the name's words, anywhere in it
    assert [u.key for u, _ in names.aligning(_words("phong tnmt"))] == ["tnmt"]
    # and the answer is the one every name compared gives, for mentions of every kind
    typed = [
        "UBND phường Tân Định", "UBND phưng Hà Thái", "ubnd p tan phu", "CA xã Hòa An",
        "công an xã", "Phòng TNMT huyện", "TTYT Lạc Sơn", "trung tâm y tế", "ubnd phường",
        "phòng tn mt", "công an phú hòa",
    ]  # fmt: skip
    for mention in typed:
        found = aligned_units(mention, names)
        assert (found.unit.key if found else None) == _every_name_aligned(mention, units), mention
