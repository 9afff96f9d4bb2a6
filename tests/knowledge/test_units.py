from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from knowledge.units import Office, Unit, UnitRegistry, example_units_path

TAN_YEN = Office(name="UBND huyện Tân Yên", level="huyen", locality="huyện Tân Yên")


@pytest.fixture(scope="module")
def huyen() -> UnitRegistry:
    return UnitRegistry.from_file(example_units_path("huyen-truoc-2025"))


@pytest.fixture(scope="module")
def xa() -> UnitRegistry:
    return UnitRegistry.from_file(example_units_path("xa-sau-2025"))


# Names as documents and officials write them -> the key they mean in the district registry.
HUYEN_CASES: list[tuple[str, str | None]] = [
    # The seed document's spellings.
    ("phòng Nội vụ huyện", "phong-noi-vu"),
    ("Ủy ban MTTQ Việt Nam huyện", "ubmttq-huyen"),
    ("Ủy ban Mặt trận tổ quốc", "ubmttq-huyen"),
    ("UBMTTQ", "ubmttq-huyen"),
    ("các tổ chức CTXH", "to-chuc-ctxh-huyen"),
    ("các tổ chức chính trị - xã hội huyện", "to-chuc-ctxh-huyen"),
    ("Ủy ban MTTQ và các tổ chức CT-XH huyện", "mttq-va-ctxh-huyen"),
    ("Ủy ban MTTQ, các tổ chức chính trị - xã hội huyện", "mttq-va-ctxh-huyen"),
    ("UBMTTQ và các tổ chức CTXH", "mttq-va-ctxh-huyen"),
    ("Thủ trưởng các cơ quan QLNN huyện", "phong-chuyen-mon"),
    ("Các cơ quan quản lý nhà nước huyện", "phong-chuyen-mon"),
    ("Các phòng chuyên môn", "phong-chuyen-mon"),
    ("Các cơ quan, đơn vị thuộc UBND huyện", "co-quan-don-vi-thuoc-ubnd"),
    ("Thủ trưởng các cơ quan, đơn vị thuộc UBND huyện", "co-quan-don-vi-thuoc-ubnd"),
    ("UBND các xã, thị trấn", "ubnd-cac-xa"),
    ("Chủ tịch UBND các xã", "ubnd-cac-xa"),
    ("Chủ tịch UBND các xã, thị trấn", "ubnd-cac-xa"),
    ("Văn phòng HĐND&UBND huyện", "van-phong-hdnd-ubnd"),
    ("Thường trực Huyện ủy", "huyen-uy"),
    ("HĐND huyện", "hdnd-huyen"),
    ("Văn phòng Huyện ủy", "van-phong-huyen-uy"),
    # Typos, missing diacritics, abbreviations.
    ("phong noi vu", "phong-noi-vu"),
    ("phòng nôi vụ", "phong-noi-vu"),
    ("Phong Noi Vụ", "phong-noi-vu"),
    ("phong noi vuu", "phong-noi-vu"),
    ("P.NV", "phong-noi-vu"),
    ("Phòng NV", "phong-noi-vu"),
    ("Phòng TN&MT", "phong-tai-nguyen-moi-truong"),
    ("phong tnmt", "phong-tai-nguyen-moi-truong"),
    ("p.tnmt", "phong-tai-nguyen-moi-truong"),
    ("Phòng Tài nguyên - Môi trường", "phong-tai-nguyen-moi-truong"),
    ("P.TCKH", "phong-tai-chinh-ke-hoach"),
    ("P. TC-KH", "phong-tai-chinh-ke-hoach"),
    ("phòng Tài chính Kế hoạch", "phong-tai-chinh-ke-hoach"),
    ("Phòng Tai chinh - Ke hoach huyen", "phong-tai-chinh-ke-hoach"),
    ("Phòng LĐ-TB&XH", "phong-lao-dong-tbxh"),
    ("Phòng Lao động TB&XH", "phong-lao-dong-tbxh"),
    ("Phòng GD&ĐT", "phong-giao-duc-dao-tao"),
    ("Phòng Giáo dục", "phong-giao-duc-dao-tao"),
    ("Phòng VH-TT", "phong-van-hoa-thong-tin"),
    ("phòng văn hoá thông tin", "phong-van-hoa-thong-tin"),
    ("Phòng Y tế", "phong-y-te"),
    ("Phòng KT-HT", "phong-kinh-te-ha-tang"),
    ("Phòng NN&PTNT", "phong-nong-nghiep-ptnt"),
    ("Phòng Nông nghiệp", "phong-nong-nghiep-ptnt"),
    ("Phòng Tư pháp", "phong-tu-phap"),
    ("Thanh tra huyện", "thanh-tra-huyen"),
    ("VP HĐND và UBND huyện", "van-phong-hdnd-ubnd"),
    ("Văn phòng UBND huyện", "van-phong-hdnd-ubnd"),
    ("UBND huyện", "ubnd-huyen"),
    ("Ủy ban nhân dân", "ubnd-huyen"),
    ("uy ban nhan dan huyen", "ubnd-huyen"),
    ("TT HĐND huyện", "hdnd-huyen"),
    ("Huyện đoàn", "huyen-doan"),
    ("Đoàn TN huyện", "huyen-doan"),
    ("Đoàn Thanh niên Cộng sản Hồ Chí Minh huyện", "huyen-doan"),
    ("Hội LHPN huyện", "hoi-lhpn-huyen"),
    ("Hội Phụ nữ huyện", "hoi-lhpn-huyen"),
    ("Hội Liên hiệp phụ nữ", "hoi-lhpn-huyen"),
    ("Hội ND huyện", "hoi-nong-dan-huyen"),
    ("hoi nong dan", "hoi-nong-dan-huyen"),
    ("Hội CCB", "hoi-ccb-huyen"),
    ("LĐLĐ huyện", "ldld-huyen"),
    ("Liên đoàn lao động huyện", "ldld-huyen"),
    ("Hội Chữ thập đỏ", "hoi-chu-thap-do-huyen"),
    ("CA huyện", "cong-an-huyen"),
    ("Ban CHQS huyện", "ban-chqs-huyen"),
    ("BCH Quân sự huyện", "ban-chqs-huyen"),
    ("Ban Chỉ huy quân sự", "ban-chqs-huyen"),
    ("TTYT huyện", "trung-tam-y-te"),
    ("Trung tâm VH-TT&TT", "trung-tam-vh-tt-tt"),
    ("TT VH-TT&TT huyện", "trung-tam-vh-tt-tt"),
    ("Trung tâm Văn hóa Thông tin Thể thao", "trung-tam-vh-tt-tt"),
    ("Ban QLDA", "ban-qlda"),
    ("BQLDA huyện", "ban-qlda"),
    ("Chi cục Thuế", "chi-cuc-thue"),
    ("KBNN huyện", "kho-bac"),
    ("BHXH huyện", "bhxh-huyen"),
    ("UBND TT Cao Thượng", "ubnd-tt-cao-thuong"),
    ("ubnd xa ngoc thien", "ubnd-xa-ngoc-thien"),
    ("UBND xã Ngoc Thiên", "ubnd-xa-ngoc-thien"),
    # Person-title prefixes resolve to the body.
    ("Trưởng phòng Nội vụ", "phong-noi-vu"),
    ("Đ/c Trưởng phòng NV", "phong-noi-vu"),
    ("Chánh Văn phòng HĐND và UBND huyện", "van-phong-hdnd-ubnd"),
    ("Chánh Thanh tra huyện", "thanh-tra-huyen"),
    ("Trưởng Công an huyện", "cong-an-huyen"),
    ("Chủ tịch UBND xã Việt Lập", "ubnd-xa-viet-lap"),
    ("Bí thư Huyện đoàn", "huyen-doan"),
    ("Chủ tịch Hội Nông dân huyện", "hoi-nong-dan-huyen"),
    ("Ban Thường vụ Huyện ủy", "huyen-uy"),
    # Locality suffixes of the office's own huyện.
    ("Phòng Nội vụ huyện Tân Yên", "phong-noi-vu"),
    ("UBND huyện Tân Yên", "ubnd-huyen"),
    ("Ủy ban MTTQ huyện Tân Yên", "ubmttq-huyen"),
    ("Huyện đoàn Tân Yên", "huyen-doan"),
    ("Kho bạc Nhà nước Tân Yên", "kho-bac"),
    ("Phòng Nội vụ huyện Tan Yen", "phong-noi-vu"),
    # Not in the registry: no guess.
    ("UBND huyện Lạng Giang", None),
    ("Phòng Nội vụ huyện Lạng Giang", None),
    ("UBND xã Ngọc Châu", None),
    ("UBND xã", None),
    ("Phòng Quản lý đô thị", None),
    ("Phòng Dân tộc", None),
    ("Hội Người cao tuổi", None),
    ("Trường THCS Cao Thượng", None),
    ("Tỉnh ủy", None),
    ("Sở Y tế", None),
    ("Ủy ban", None),
    ("huyện", None),
    ("Phòng", None),
    ("CT", None),
    ("", None),
]

XA_CASES: list[tuple[str, str | None]] = [
    ("Công an xã Nhã Nam", "cong-an-xa"),
    ("Công an xã", "cong-an-xa"),
    ("UBND xã", "ubnd-xa"),
    ("UBND xã Nhã Nam", "ubnd-xa"),
    ("Ủy ban nhân dân", "ubnd-xa"),
    ("Văn phòng HĐND&UBND xã", "van-phong-hdnd-ubnd-xa"),
    ("Phòng KT", "phong-kinh-te"),
    ("Phòng Kinh tế xã", "phong-kinh-te"),
    ("Phòng VH-XH", "phong-van-hoa-xa-hoi"),
    ("Phòng Văn hoá xã hội", "phong-van-hoa-xa-hoi"),
    ("Trung tâm PVHCC", "trung-tam-phuc-vu-hcc"),
    ("Bộ phận một cửa", "trung-tam-phuc-vu-hcc"),
    ("Trạm Y tế", "tram-y-te"),
    ("TYT xã", "tram-y-te"),
    ("Ban CHQS xã", "ban-chqs-xa"),
    ("UBMTTQ xã", "ubmttq-xa"),
    ("Đoàn TN xã", "doan-thanh-nien-xa"),
    ("Hội LHPN xã", "hoi-lhpn-xa"),
    ("các tổ chức CTXH xã", "to-chuc-ctxh-xa"),
    ("các đoàn thể", "to-chuc-ctxh-xa"),
    ("Trường THCS Nhã Nam", "truong-thcs"),
    ("Trường Tiểu học", "truong-tieu-hoc"),
    ("Trưởng thôn, khu dân cư", "cac-thon"),
    ("Trưởng các thôn", "cac-thon"),
    ("Đảng ủy xã", "dang-uy-xa"),
    ("UBND tỉnh", "ubnd-tinh"),
    ("Thủ trưởng các sở, ban, ngành", "so-ban-nganh-tinh"),
    # Old names of merged Sở (March 2025) are aliases.
    ("Sở KH&ĐT", "so-tai-chinh"),
    ("Sở Kế hoạch và Đầu tư tỉnh", "so-tai-chinh"),
    ("Sở TN&MT", "so-nong-nghiep-moi-truong"),
    ("Sở NN&PTNT", "so-nong-nghiep-moi-truong"),
    ("Sở GTVT", "so-xay-dung"),
    ("Sở TT&TT", "so-khoa-hoc-cong-nghe"),
    ("Sở LĐ-TB&XH", "so-noi-vu"),
    ("Sở Nội vụ", "so-noi-vu"),
    ("Phòng Nội vụ", None),
    ("Trung tâm Y tế", None),
    ("UBND huyện", None),
    ("Công an huyện", None),
]


@pytest.mark.parametrize(("written", "key"), HUYEN_CASES)
def test_resolve_in_district(huyen: UnitRegistry, written: str, key: str | None) -> None:
    match = huyen.resolve(written)
    assert (match.unit.key if match else None) == key


@pytest.mark.parametrize(("written", "key"), XA_CASES)
def test_resolve_in_commune(xa: UnitRegistry, written: str, key: str | None) -> None:
    match = xa.resolve(written)
    assert (match.unit.key if match else None) == key


def test_exact_and_fuzzy_flags(huyen: UnitRegistry) -> None:
    exact = huyen.resolve("Phòng TN&MT huyện")
    assert exact is not None
    assert exact.exact
    assert exact.score == 100
    fuzzy = huyen.resolve("phong noi vuu")
    assert fuzzy is not None
    assert not fuzzy.exact
    assert 88 <= fuzzy.score < 100


def test_cutoff_is_honoured(huyen: UnitRegistry) -> None:
    assert huyen.resolve("Phòng Giáo dục") is not None
    assert huyen.resolve("Phòng Giáo dục", cutoff=99) is None


# --- safeguards, each with a registry that lacks the right unit -----------------------------


def _registry(*units: Unit) -> UnitRegistry:
    return UnitRegistry(units, office=TAN_YEN)


UBND_H = Unit("ubnd-huyen", "UBND huyện", "uy-ban", "huyen")
VP_H = Unit("vp", "Văn phòng HĐND và UBND huyện", "van-phong", "huyen")
CA_H = Unit("ca-huyen", "Công an huyện", "cong-an", "huyen")
CA_T = Unit("ca-tinh", "Công an tỉnh", "cong-an", "tinh")
NV_H = Unit("phong-noi-vu", "Phòng Nội vụ", "phong", "huyen")
SO_NV = Unit("so-noi-vu", "Sở Nội vụ", "so", "tinh")
HND = Unit("hoi-nd", "Hội Nông dân huyện", "hoi", "huyen")
PN = Unit("hoi-pn", "Hội Liên hiệp Phụ nữ huyện", "hoi", "huyen", aliases=("Hội Phụ nữ",))


@pytest.mark.parametrize(
    ("units", "written", "key"),
    [
        # Level: the administrative level must agree.
        ((UBND_H,), "UBND huyện", "ubnd-huyen"),
        ((UBND_H,), "UBND tỉnh", None),
        ((UBND_H,), "UBND xã", None),
        ((CA_H,), "Công an huyện", "ca-huyen"),
        ((CA_H,), "Công an tỉnh", None),
        ((CA_H,), "Cong an xa", None),
        # A name without a level word means the office's own level...
        ((CA_H,), "Công an", "ca-huyen"),
        # ...but a unit of another level needs its level written (its exact name aside).
        ((CA_T,), "Công an", None),
        ((CA_T,), "Công an tỉnh", "ca-tinh"),
        ((SO_NV,), "Sở Nội vụ tỉnh", "so-noi-vu"),
        # Kind of body: Văn phòng UBND is not UBND, Phòng is not Sở, Hội is not another Hội.
        ((VP_H,), "Văn phòng HĐND và UBND", "vp"),
        ((VP_H,), "UBND huyện", None),
        ((UBND_H,), "Văn phòng UBND huyện", None),
        ((NV_H,), "Sở Nội vụ", None),
        ((SO_NV,), "Phòng Nội vụ tỉnh", None),
        ((HND,), "Hội Phụ nữ huyện", None),
        ((HND,), "Hội LHPN", None),
        ((PN,), "Hội Nông dân", None),
        ((PN,), "Hội Phụ nữ", "hoi-pn"),
        # A place name must be the unit's own.
        ((NV_H,), "Phòng Nội vụ huyện Hiệp Hòa", None),
        ((NV_H,), "Phòng Nội vụ huyện Tân Yên", "phong-noi-vu"),
    ],
)
def test_safeguards(units: tuple[Unit, ...], written: str, key: str | None) -> None:
    match = _registry(*units).resolve(written)
    assert (match.unit.key if match else None) == key


def test_a_group_phrase_never_resolves_to_one_member(huyen: UnitRegistry) -> None:
    lone = _registry(
        Unit("xa-a", "UBND xã Ngọc Thiện", "uy-ban", "xa"),
        Unit("p-nv", "Phòng Nội vụ", "phong", "huyen"),
    )
    assert lone.resolve("UBND các xã") is None
    assert lone.resolve("các phòng chuyên môn") is None
    group = huyen.get("phong-chuyen-mon")
    assert group is not None
    assert huyen.resolve("Phòng chuyên môn") is None or huyen.resolve("Phòng chuyên môn") != group


def test_candidates_for_did_you_mean(huyen: UnitRegistry) -> None:
    assert huyen.resolve("phòng nội vị") is None
    found = huyen.candidates("phòng nội vị")
    assert found
    assert found[0].unit.key == "phong-noi-vu"
    assert not found[0].exact
    assert all(a.score >= b.score for a, b in itertools.pairwise(found))
    assert len(huyen.candidates("các tổ chức CTXH", limit=2)) == 2
    assert huyen.candidates("Sở Ngoại vụ") == []


# --- groups -----------------------------------------------------------------------------------


def test_members_are_flattened(huyen: UnitRegistry) -> None:
    ctxh = [u.key for u in huyen.members("to-chuc-ctxh-huyen")]
    assert ctxh == [
        "ldld-huyen",
        "huyen-doan",
        "hoi-lhpn-huyen",
        "hoi-nong-dan-huyen",
        "hoi-ccb-huyen",
    ]
    mttq = [u.key for u in huyen.members("mttq-va-ctxh-huyen")]
    assert mttq == ["ubmttq-huyen", *ctxh]
    nested = {u.key for u in huyen.members("co-quan-don-vi-thuoc-ubnd")}
    assert {"phong-noi-vu", "thanh-tra-huyen", "ban-qlda"} <= nested
    assert all(u.kind != "nhom" for u in huyen.members("co-quan-don-vi-thuoc-ubnd"))
    assert huyen.members("phong-noi-vu") == []
    assert huyen.members("no-such-key") == []


def test_groups_of_finds_nested_groups(huyen: UnitRegistry) -> None:
    groups = [g.key for g in huyen.groups_of("hoi-lhpn-huyen")]
    assert groups == ["to-chuc-ctxh-huyen", "mttq-va-ctxh-huyen"]
    assert [g.key for g in huyen.groups_of("phong-noi-vu")] == [
        "phong-chuyen-mon",
        "co-quan-don-vi-thuoc-ubnd",
    ]
    assert huyen.groups_of("ubnd-huyen") == []


def test_task_for_a_member_is_found_through_its_group(huyen: UnitRegistry) -> None:
    assigned_to = huyen.resolve("các tổ chức chính trị - xã hội huyện")
    member = huyen.resolve("Hội LHPN")
    assert assigned_to is not None
    assert member is not None
    assert assigned_to.unit in huyen.groups_of(member.unit.key)


def test_group_cycles_terminate() -> None:
    reg = UnitRegistry(
        [
            Unit("a", "Nhóm A", "nhom", None, members=("b", "x")),
            Unit("b", "Nhóm B", "nhom", None, members=("a",)),
            Unit("x", "Phòng X", "phong", None),
        ]
    )
    assert [u.key for u in reg.members("a")] == ["x"]
    assert {g.key for g in reg.groups_of("x")} == {"a", "b"}


# --- unregistered units -----------------------------------------------------------------------


def test_unregistered_unit_has_a_stable_key(huyen: UnitRegistry) -> None:
    first = huyen.unregistered("Phòng Quản lý đô thị huyện")
    again = huyen.unregistered("Phòng QLĐT")
    chat = huyen.unregistered("phong quan ly do thi")
    assert first.key == again.key == chat.key == "phong-quan-ly-do-thi"
    assert not first.registered
    assert first.name == "Phòng Quản lý đô thị huyện"
    assert first.kind == "phong"
    assert first.level == "huyen"


def test_unregistered_keeps_a_foreign_place(huyen: UnitRegistry) -> None:
    other = huyen.unregistered("UBND huyện Lạng Giang")
    assert other.key == "uy-ban-nhan-dan-huyen-lang-giang"
    assert other.key != "ubnd-huyen"
    group = huyen.unregistered("các trường Mầm non")
    assert group.kind == "nhom"


def test_unregistered_key_never_collides_with_a_registered_one() -> None:
    reg = UnitRegistry([Unit("phong-dan-toc", "Phòng Y tế", "phong", None)])
    assert reg.unregistered("Phòng Dân tộc").key != "phong-dan-toc"


def test_with_alias_returns_a_new_registry(huyen: UnitRegistry) -> None:
    assert huyen.resolve("Phòng Tổ chức") is None
    merged = huyen.with_alias("phong-noi-vu", "Phòng Tổ chức")
    match = merged.resolve("phong to chuc huyen")
    assert match is not None
    assert match.unit.key == "phong-noi-vu"
    assert match.exact
    assert huyen.resolve("Phòng Tổ chức") is None
    assert merged.office == huyen.office
    with pytest.raises(KeyError):
        huyen.with_alias("no-such-key", "X")


# --- files --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["huyen-truoc-2025", "xa-sau-2025"])
def test_example_files_load_and_are_consistent(name: str) -> None:
    reg = UnitRegistry.from_file(example_units_path(name))
    units = reg.units()
    assert len(units) >= 25
    keys = {u.key for u in units}
    for unit in units:
        assert unit.registered
        assert unit.level in {None, "tinh", "huyen", "xa"}
        assert all(m in keys for m in unit.members)
        assert bool(unit.members) == (unit.kind == "nhom")
        # Every name and alias resolves to its own unit.
        for written in (unit.name, *unit.aliases):
            match = reg.resolve(written)
            assert match is not None, written
            assert match.unit.key == unit.key, written
    assert reg.office.level in {"huyen", "xa"}
    assert reg.office.locality


def test_example_path_unknown_name() -> None:
    with pytest.raises(FileNotFoundError):
        example_units_path("tinh-2030")


def test_from_file_rejects_bad_files(tmp_path: Path) -> None:
    dup = tmp_path / "dup.toml"
    dup.write_text(
        '[[unit]]\nkey = "a"\nname = "Phòng A"\nkind = "phong"\n'
        '[[unit]]\nkey = "a"\nname = "Phòng B"\nkind = "phong"\n',
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="duplicate"):
        UnitRegistry.from_file(dup)
    member = tmp_path / "member.toml"
    member.write_text(
        '[[unit]]\nkey = "g"\nname = "Các phòng"\nkind = "nhom"\nmembers = ["zzz"]\n',
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="zzz"):
        UnitRegistry.from_file(member)
    missing = tmp_path / "missing.toml"
    missing.write_text('[[unit]]\nkey = "a"\nkind = "phong"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="name"):
        UnitRegistry.from_file(missing)


def test_from_file_without_office(tmp_path: Path) -> None:
    path = tmp_path / "u.toml"
    path.write_text(
        '[[unit]]\nkey = "nv"\nname = "Phòng Nội vụ"\nkind = "phong"\n', encoding="utf-8"
    )
    reg = UnitRegistry.from_file(path)
    assert reg.get("nv") is not None
    assert reg.get("zz") is None
    match = reg.resolve("P.NV")
    assert match is not None
    assert match.unit.key == "nv"


def test_registry_without_office_matches_bare_names() -> None:
    reg = UnitRegistry([Unit("nv", "Phòng Nội vụ huyện", "phong", "huyen")])
    match = reg.resolve("Phòng Nội vụ")
    assert match is not None
    assert match.unit.key == "nv"
    assert reg.resolve("Phòng Nội vụ tỉnh") is None
    assert reg.resolve("Sở Nội vụ") is None
