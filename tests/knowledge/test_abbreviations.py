from __future__ import annotations

import pytest

from knowledge.abbreviations import abbreviation_table, expand_unit_abbreviations, fold_unit_key


@pytest.mark.parametrize(
    ("written", "expanded"),
    [
        ("UBMTTQ huyện", "Ủy ban Mặt trận Tổ quốc huyện"),
        ("UBND huyện", "Ủy ban nhân dân huyện"),
        ("các tổ chức CTXH", "các tổ chức chính trị - xã hội"),
        ("các tổ chức CT-XH huyện", "các tổ chức chính trị - xã hội huyện"),
        ("Phòng TN&MT", "Phòng Tài nguyên và Môi trường"),
        ("Sở GD&ĐT", "Sở Giáo dục và Đào tạo"),
        ("P.TCKH", "Phòng Tài chính - Kế hoạch"),
        ("P. TC-KH", "Phòng Tài chính - Kế hoạch"),
        ("P.NV", "Phòng Nội vụ"),
        ("Ban CHQS xã", "Ban Chỉ huy Quân sự xã"),
        ("BCĐ", "Ban Chỉ đạo"),
        ("HĐND&UBND", "Hội đồng nhân dân và Ủy ban nhân dân"),
        ("Văn phòng HĐND&UBND huyện", "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện"),
        ("Thủ trưởng các cơ quan QLNN huyện", "Thủ trưởng các cơ quan quản lý nhà nước huyện"),
        ("Sở KH&ĐT", "Sở Kế hoạch và Đầu tư"),
        ("Phòng LĐ-TB&XH", "Phòng Lao động - Thương binh và Xã hội"),
        ("Phòng NN&PTNT", "Phòng Nông nghiệp và Phát triển nông thôn"),
        ("Sở VH-TT&DL", "Sở Văn hóa, Thể thao và Du lịch"),
        ("Trung tâm VH-TT&TT huyện", "Trung tâm Văn hóa, Thông tin và Thể thao huyện"),
        # a compound written with spaced hyphens is one abbreviation
        ("Trung tâm VHTT - TT huyện", "Trung tâm Văn hóa, Thông tin và Thể thao huyện"),
        ("Phòng LĐ - TB - XH", "Phòng Lao động - Thương binh và Xã hội"),
        ("Phòng TC - KH", "Phòng Tài chính - Kế hoạch"),
        ("Hội LHPN huyện", "Hội Liên hiệp Phụ nữ huyện"),
        ("Hội CCB", "Hội Cựu chiến binh"),
        ("Hội ND xã", "Hội Nông dân xã"),
        ("Đoàn TN", "Đoàn Thanh niên Cộng sản Hồ Chí Minh"),
        ("LĐLĐ huyện", "Liên đoàn Lao động huyện"),
        ("Sở TN-MT", "Sở Tài nguyên và Môi trường"),
        ("KBNN huyện", "Kho bạc Nhà nước huyện"),
        ("BHXH huyện", "Bảo hiểm xã hội huyện"),
        ("CA huyện", "Công an huyện"),
        (
            "Ủy ban MTTQ và các tổ chức CT-XH huyện;",
            "Ủy ban Mặt trận Tổ quốc và các tổ chức chính trị - xã hội huyện;",
        ),
        # Ambiguous forms, decided by their neighbours.
        ("TT HĐND huyện", "Thường trực Hội đồng nhân dân huyện"),
        ("TT Huyện ủy", "Thường trực Huyện ủy"),
        ("TT Y tế huyện", "Trung tâm Y tế huyện"),
        ("UBND TT Cao Thượng", "Ủy ban nhân dân thị trấn Cao Thượng"),
        ("TT. Nhã Nam", "thị trấn Nhã Nam"),
        ("Sở TP", "Sở Tư pháp"),
        ("Phòng TP", "Phòng Tư pháp"),
        ("TP. Hà Tĩnh", "thành phố Hà Tĩnh"),
        ("TP.Hà Tĩnh", "thành phố Hà Tĩnh"),
        ("UBND TP", "Ủy ban nhân dân thành phố"),
        ("Công an TP Bắc Giang", "Công an thành phố Bắc Giang"),
        ("CT UBND huyện", "Chủ tịch Ủy ban nhân dân huyện"),
        ("Sở CT", "Sở Công Thương"),
        ("Phòng KT", "Phòng Kinh tế"),
        ("BTC Huyện ủy", "Ban Tổ chức Huyện ủy"),
        ("BCH Quân sự huyện", "Ban Chỉ huy Quân sự huyện"),
        ("BCH Đoàn xã", "Ban Chấp hành Đoàn xã"),
        ("CĐ ngành Giáo dục", "Công đoàn ngành Giáo dục"),
        ("TTr huyện", "Thanh tra huyện"),
        ("Trung tâm CTXH tỉnh", "Trung tâm công tác xã hội tỉnh"),
        # Chat forms typed in lower case.
        ("p.tnmt", "phòng Tài nguyên và Môi trường"),
        ("phong nv", "phong Nội vụ"),
        ("hoi lhpn huyen", "hoi Liên hiệp Phụ nữ huyen"),
        ("ubnd xa", "Ủy ban nhân dân xa"),
    ],
)
def test_expand(written: str, expanded: str) -> None:
    assert expand_unit_abbreviations(written) == expanded


@pytest.mark.parametrize(
    "written",
    [
        "CT",  # Chỉ thị or Chủ tịch
        "TB",  # Thông báo or Trưởng ban
        "TT",  # Thông tư, Thường trực, Trung tâm or thị trấn
        "TP",
        "KT",
        "CV",
        "BTC",  # Bộ Tài chính or Ban Tổ chức
        "BCT",
        "CĐ",
        "HN",
    ],
)
def test_ambiguous_abbreviation_alone_is_kept(written: str) -> None:
    assert expand_unit_abbreviations(written) == written


@pytest.mark.parametrize(
    "written",
    [
        "Phòng Nội vụ huyện",
        "Hội Nông dân",
        "Huyện đoàn Tân Yên",
        "Trường Tiểu học Cao Thượng",
        "Công an xã",
        "ca trực",  # lower-case "ca" is a word, not Công an
        "tu sửa",  # nor is "tu" Tỉnh ủy
        "Phường Trần Phú",
    ],
)
def test_plain_words_are_untouched(written: str) -> None:
    assert expand_unit_abbreviations(written) == written


def test_p_before_a_name_is_not_phong() -> None:
    assert expand_unit_abbreviations("UBND P. Trần Phú") == "Ủy ban nhân dân P. Trần Phú"


def test_diacritics_of_other_words_are_kept() -> None:
    assert expand_unit_abbreviations("phòng TNMT huyện Tân Yên") == (
        "phòng Tài nguyên và Môi trường huyện Tân Yên"
    )


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("UBMTTQ huyện", "Ủy ban Mặt trận Tổ quốc Việt Nam huyện"),
        ("Ủy ban MTTQ Việt Nam huyện", "Ủy ban MTTQ huyện"),
        ("Phòng TN&MT", "Phòng Tài nguyên và Môi trường"),
        ("Phòng TN-MT", "phong tai nguyen moi truong"),
        ("Phòng TNMT", "Phòng Tài nguyên - Môi trường"),
        ("Văn phòng HĐND&UBND", "Văn phòng HĐND và UBND"),
        ("đồng chí Trưởng phòng Nội vụ", "Trưởng phòng Nội vụ"),
        ("Đ/c Trưởng phòng NV", "Trưởng phòng Nội vụ"),
        ("Hội LHPN", "Hội Liên hiệp Phụ nữ"),
        ("Ủy ban nhân dân huyện (b/c)", "UBND huyện"),
        ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
        ("Hoà Bình", "Hòa Bình"),
    ],
)
def test_fold_unit_key_equal(a: str, b: str) -> None:
    assert fold_unit_key(a) == fold_unit_key(b)


def test_fold_unit_key_shape() -> None:
    assert fold_unit_key("Ủy ban MTTQ Việt Nam huyện") == "uy ban mat tran to quoc huyen"
    assert fold_unit_key("Phòng Tài chính - Kế hoạch,") == "phong tai chinh ke hoach"
    assert fold_unit_key("  Sở   GD&ĐT ") == "so giao duc dao tao"


def test_fold_unit_key_keeps_different_bodies_apart() -> None:
    assert fold_unit_key("Phòng Nội vụ") != fold_unit_key("Sở Nội vụ")
    assert fold_unit_key("Hội Nông dân") != fold_unit_key("Hội Phụ nữ")


def test_table_is_the_shipped_copy() -> None:
    rows = abbreviation_table()
    assert len(rows) == 355
    kinds = {row.kind for row in rows}
    assert {"state-body", "front-mass-org", "office-district", "field"} <= kinds
    # Notes in parentheses are not part of an expansion.
    cah = next(r for r in rows if r.abbreviation == "CA huyện")
    assert cah.expansion == "Công an huyện"


def test_an_expansion_that_ends_with_the_words_written_next_does_not_repeat_them() -> None:
    assert fold_unit_key("Đoàn TNCS Hồ Chí Minh xã") == fold_unit_key("Đoàn TNCS HCM xã")
    assert fold_unit_key("Đoàn TNCS Hồ Chí Minh xã") == ("doan thanh nien cong san ho chi minh xa")
