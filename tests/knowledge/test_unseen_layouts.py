"""Layouts and wordings of real notices that the extractor once missed, on sentences written for
these tests (never copied from a corpus passage): each reads a .txt file as the product does,
through the reader, the header parser and the assignment reader.

Categories (issue 11): task tables in plain text, unit lists joined by commas, a level written
once after a list, the leadership's "chỉ đạo", portal items naming the document they report on,
recurring deadlines with a stated day, closing formulas.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

import pytest

from knowledge.deadlines import find_deadline
from knowledge.domain import Extraction, Table
from knowledge.layout import join_wrapped_lines, split_text_tables
from knowledge.text import fold
from knowledge.unitphrase import parse_units_at
from tests.extracting import extract as _extract
from tests.extracting import leads as _leads


def _lead_and_due(extraction: Extraction) -> list[tuple[str, date | None]]:
    """Each assignment's first lead (folded) and due date."""
    return [
        (fold(a.lead[0]), a.deadline.due if a.deadline else None) for a in extraction.assignments
    ]


# --- tables in plain text ----------------------------------------------------------------------

PIPE_TABLE = """KẾ HOẠCH
Chuyển đổi số năm 2024
III. NHIỆM VỤ CỤ THỂ
| STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |
|---|---|---|---|---|
| 1 | Rà soát hạ tầng mạng tại các xã | Phòng Văn hóa và Thông tin | UBND các xã, thị trấn | Tháng 4/2024 |
| 2 | Xây dựng kho dữ liệu dùng chung | Văn phòng HĐND và UBND huyện | Phòng Tài chính - Kế hoạch | Quý III/2024 |
"""

TAB_TABLE = (
    "KẾ HOẠCH\nCải cách hành chính năm 2024\n"
    "STT\tNội dung\tĐơn vị chủ trì\tĐơn vị phối hợp\tThời hạn\n"
    "1\tCập nhật dữ liệu hộ tịch\tPhòng Tư pháp\tUBND các xã\tTháng 6/2024\n"
    "2\tKiểm tra an toàn thông tin\tCông an huyện\tPhòng Văn hóa và Thông tin\tQuý IV/2024\n"
)

SPACE_TABLE = """KẾ HOẠCH
Phòng chống thiên tai năm 2024
STT    Nội dung công việc                    Đơn vị chủ trì           Thời gian
1      Rà soát các hộ dân vùng sạt lở        UBND các xã              Tháng 4/2024
2      Mua sắm vật tư dự phòng               Phòng Tài chính - Kế     Quý II/2024
                                             hoạch
"""

HEADERLESS_PIPES = """KẾ HOẠCH
Phòng chống thiên tai năm 2024
| 1 | Kiểm tra hệ thống đê điều trước mùa mưa bão | Phòng Nông nghiệp và PTNT | UBND các xã | Tháng 5/2024 |
| 2 | Tổ chức diễn tập cứu hộ cứu nạn trên sông | Ban Chỉ huy Quân sự huyện | Công an huyện | Quý III/2024 |
"""


@dataclass(frozen=True)
class Row:
    lead: str
    cooperate: str | None
    due: str


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        pytest.param(
            PIPE_TABLE,
            [
                Row(
                    "Phòng Văn hóa và Thông tin", "Ủy ban nhân dân các xã, thị trấn", "2024-04-30"
                ),
                Row(
                    "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện",
                    "Phòng Tài chính - Kế hoạch",
                    "2024-09-30",
                ),
            ],
            id="pipes",
        ),
        pytest.param(
            TAB_TABLE,
            [
                Row("Phòng Tư pháp", "Ủy ban nhân dân các xã", "2024-06-30"),
                Row("Công an huyện", "Phòng Văn hóa và Thông tin", "2024-12-31"),
            ],
            id="tabs",
        ),
        pytest.param(
            SPACE_TABLE,
            [
                Row("Ủy ban nhân dân các xã", None, "2024-04-30"),
                Row("Phòng Tài chính - Kế hoạch", None, "2024-06-30"),
            ],
            id="aligned-spaces-with-a-wrapped-cell",
        ),
        pytest.param(
            HEADERLESS_PIPES,
            [
                Row(
                    "Phòng Nông nghiệp và Phát triển nông thôn",
                    "Ủy ban nhân dân các xã",
                    "2024-05-31",
                ),
                Row("Ban Chỉ huy Quân sự huyện", "Công an huyện", "2024-09-30"),
            ],
            id="pipes-without-a-header-row",
        ),
    ],
)
def test_a_task_table_in_plain_text_gives_one_assignment_a_row(text: str, rows: list[Row]) -> None:
    found = _extract(text).assignments
    assert [
        (a.lead, a.deadline.due.isoformat() if a.deadline and a.deadline.due else None)
        for a in found
    ] == [((r.lead,), r.due) for r in rows]
    for a, r in zip(found, rows, strict=True):
        assert list(a.cooperate) == ([r.cooperate] if r.cooperate else [])
        assert a.place.startswith("bảng")


def test_prose_with_wide_gaps_is_no_table() -> None:
    lines = [
        "Chiều ngày 06/4/2023,   UBND xã tổ chức   phiên họp thường kỳ.",
        "Dự họp có đồng chí Bí thư    Đảng ủy xã và    các ban ngành.",
    ]
    blocks = split_text_tables(lines)
    assert not any(isinstance(b, Table) for b in blocks)


def test_a_two_column_header_stays_lines() -> None:
    lines = [
        "ỦY BAN NHÂN DÂN              CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "HUYỆN TÂN YÊN                Độc lập - Tự do - Hạnh phúc",
    ]
    assert not any(isinstance(b, Table) for b in split_text_tables(lines))


# --- hard-wrapped text -------------------------------------------------------------------------

# Paragraphs cut at a fixed width, as text copied out of a PDF keeps them.
HARD_WRAPPED = """THÔNG BÁO
Ý kiến chỉ đạo của Chủ tịch UBND huyện về công tác chuyển đổi số
Sau khi nghe báo cáo, Chủ tịch UBND huyện yêu cầu Phòng Văn hóa và Thông tin rà
soát toàn bộ hạ tầng mạng tại trụ sở các xã, thị trấn; đề xuất phương án nâng cấp
đường truyền cho bộ phận một cửa, hoàn thành trước ngày 15/5/2024.
Giao Văn phòng HĐND và UBND huyện chủ trì, phối hợp với Phòng Tài chính - Kế
hoạch xây dựng dự toán kinh phí duy trì hệ thống quản lý văn bản năm 2025, trình
UBND huyện trước ngày 30/6/2024.
1. Phòng Nội vụ cập nhật danh sách cán bộ quản trị hệ thống ở các cơ quan, đơn vị.
2. Công an huyện hướng dẫn các xã triển khai ứng dụng định danh điện tử trong quý III.
"""


def test_paragraphs_of_hard_wrapped_text_are_read_whole() -> None:
    found = _extract(HARD_WRAPPED)
    by_lead = {fold(a.lead[0]): a for a in found.assignments}
    culture = by_lead[fold("Phòng Văn hóa và Thông tin")]
    assert "rà soát toàn bộ hạ tầng mạng" in culture.quote  # the word cut at the line's end
    assert culture.deadline is not None
    assert culture.deadline.due == date(2024, 5, 15)
    office = by_lead[fold("Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện")]
    assert [fold(n) for n in office.cooperate] == [fold("Phòng Tài chính - Kế hoạch")]
    assert office.deadline is not None
    assert office.deadline.due == date(2024, 6, 30)
    # numbered items stay items, each with its own lead
    assert fold("Phòng Nội vụ") in by_lead
    assert fold("Công an huyện") in by_lead


def test_a_paragraph_left_whole_among_wrapped_lines_does_not_hide_the_wrapping() -> None:
    # the copy kept one paragraph on a line of its own, longer than the wrap width
    text = HARD_WRAPPED + (
        "Chủ tịch UBND huyện yêu cầu các phòng chuyên môn và đề nghị Ủy ban MTTQ huyện phối hợp"
        " tuyên truyền về chuyển đổi số trên hệ thống loa truyền thanh của các xã, thị trấn.\n"
    )
    culture = [a for a in _extract(text).assignments if a.lead[0] == "Phòng Văn hóa và Thông tin"]
    assert len(culture) == 1
    assert "rà soát toàn bộ hạ tầng mạng" in culture[0].quote


def test_lines_of_another_shape_are_not_joined() -> None:
    # short items that do not reach a common width, and lines with no width at all
    items = [
        "Giao Phòng Nội vụ rà soát biên chế năm 2024",
        "Giao Phòng Tư pháp kiểm tra hồ sơ hộ tịch",
        "Giao Công an huyện bảo đảm an ninh trật tự tại các điểm bầu cử trên toàn huyện trong"
        " suốt thời gian bầu cử và kiểm phiếu, báo cáo kết quả về Ban Chỉ đạo",
        "Giao Trung tâm Y tế huyện theo dõi dịch bệnh",
        "Giao Phòng Giáo dục và Đào tạo chỉ đạo các trường",
    ]
    assert join_wrapped_lines(items) == items
    wrapped = ["x" * 70 + " a", "tiếp tục dòng trên " + "y" * 52, "- mục mới", "z" * 72, "w" * 71]
    assert join_wrapped_lines(wrapped)[:2] == [f"{wrapped[0]} {wrapped[1]}", "- mục mới"]


# --- a unit named by its head alone, after its full name -------------------------------------

SAME_OFFICE = """THÔNG BÁO

Kết luận của Chủ tịch UBND phường tại buổi làm việc với Phòng Kinh tế - Hạ tầng

Đồng chí Chủ tịch yêu cầu phòng tập trung rà soát hồ sơ cấp phép xây dựng tồn đọng, hoàn thành trước ngày 30/4/2024.

Giao Ban chỉ huy Quân sự phường phối hợp kiểm tra các công trình trên địa bàn.
"""


def test_a_bare_head_is_the_unit_of_that_kind_named_last_before_it() -> None:
    leads = _leads(_extract(SAME_OFFICE))
    assert leads[0] == ["phong kinh te - ha tang"]
    # a name given in full is left alone; staff words ("công chức") are no antecedent of "phòng"
    assert leads[1] == ["ban chi huy quan su phuong"]


# --- a unit put in charge of targets, and a commune's posts ------------------------------------

TARGETS_IN_CHARGE = """KẾ HOẠCH
Chuyển đổi số trên địa bàn xã năm 2025
I. MỤC TIÊU
1. Mục tiêu chung: nâng cao chất lượng phục vụ người dân.
2. Chỉ tiêu cụ thể
- 90% hồ sơ thủ tục hành chính được tiếp nhận trực tuyến.
- Công chức Địa chính - Xây dựng xã chủ trì tham mưu:
- 100% hồ sơ đất đai được số hóa trước ngày 30/6/2025.
- 80% bản đồ quy hoạch được công khai trên cổng thông tin xã.
- Văn phòng - Thống kê xã chịu trách nhiệm:
- Cập nhật số liệu thống kê dân số hằng quý.
3. Kết quả năm trước
- Đạt 85% chỉ tiêu giao.
II. NHIỆM VỤ
1. Giao công an xã rà soát dữ liệu dân cư, hoàn thành trong tháng 5/2025.
"""


def test_a_unit_in_charge_of_targets_is_given_them_and_other_aims_stay_none() -> None:
    extraction = _extract(TARGETS_IN_CHARGE, issued=date(2025, 3, 3))
    rows = [(fold(" ".join(a.lead)), fold(a.task)[:25]) for a in extraction.assignments]
    assert rows == [
        ("cong chuc dia chinh - xay dung xa", "100% ho so dat dai duoc s"),
        ("cong chuc dia chinh - xay dung xa", "80% ban do quy hoach duoc"),
        ("van phong - thong ke xa", "cap nhat so lieu thong ke"),
        ("cong an xa", "ra soat du lieu dan cu, h"),
    ]
    assert extraction.assignments[0].deadline is not None
    assert extraction.assignments[0].deadline.due == date(2025, 6, 30)


# --- a section whose sub-headings are the fields -----------------------------------------------

FIELD_SECTIONS = """KẾ HOẠCH
Triển khai Đề án phát triển thể thao quần chúng đến năm 2030
I. TUYÊN TRUYỀN VỀ ĐỀ ÁN
1. Nội dung, biện pháp
a) Biên soạn tài liệu phổ biến Đề án cho cán bộ cơ sở;
b) Đưa tin thường xuyên trên sóng phát thanh, truyền hình.
2. Cơ quan chủ trì, phối hợp
a) Cơ quan chủ trì
- Ban Chỉ đạo quốc gia về thể thao quần chúng.
- Bộ Tư lệnh các quân khu; Sở Văn hóa, Thể thao và Du lịch các tỉnh.
b) Cơ quan phối hợp
- Đài Phát thanh và Truyền hình các tỉnh.
3. Thời gian thực hiện: Tháng 9/2024 và thường xuyên.
II. TỔ CHỨC GIẢI THI ĐẤU
1. Nội dung: tổ chức giải chạy việt dã toàn quốc hằng năm.
2. Cơ quan chủ trì: Sở Văn hóa, Thể thao và Du lịch các tỉnh.
3. Thời gian thực hiện: Quý IV/2024.
III. KẾT QUẢ MONG ĐỢI
1. Nội dung: người dân tập luyện thường xuyên.
"""


def test_a_section_of_field_headings_is_one_assignment() -> None:
    extraction = _extract(FIELD_SECTIONS, issued=date(2024, 6, 3))
    first, second = extraction.assignments
    assert [fold(n) for n in first.lead] == [
        "ban chi dao quoc gia",  # "về ..." ends a name, as in sentences
        "bo tu lenh cac quan khu",
        "so van hoa, the thao va du lich cac tinh",
    ]
    assert [fold(n) for n in first.cooperate] == ["dai phat thanh va truyen hinh cac tinh"]
    assert fold(first.task) == "tuyen truyen ve de an"
    assert "Biên soạn tài liệu" in first.quote
    assert "Đưa tin" in first.quote
    assert first.deadline is not None
    assert first.deadline.due == date(2024, 9, 30)
    assert [fold(n) for n in second.lead] == ["so van hoa, the thao va du lich cac tinh"]
    assert second.deadline is not None
    assert second.deadline.due == date(2024, 12, 31)
    # a section with no field naming who leads is no assignment
    assert len(extraction.assignments) == 2


# --- leads that point back, and an obligation with no subject ----------------------------------

POINTING_BACK = """Huyện chọn hai xã làm điểm về chuyển đổi số

Ban Thường vụ Huyện ủy đã chọn Đảng bộ xã Hòa Bình và Đảng bộ Công ty Khai thác công trình thủy lợi huyện làm điểm.

Đến nay, các đơn vị trên đã cơ bản hoàn thành khảo sát. Ban Thường vụ Huyện ủy đề nghị các đơn vị trên hoàn thiện đề án trước ngày 20/3/2024.

UBND huyện giao Phòng Văn hóa và Thông tin hướng dẫn các xã cài đặt ứng dụng VNeID trước ngày 15/4/2024.

Sau khi cài đặt, phải tổng hợp số người dùng, báo cáo UBND huyện trước ngày 30/4/2024.

Ảnh: ông Nguyễn Văn A (thứ hai từ phải sang) nhận giấy khen của Phòng Văn hóa và Thông tin.
"""


def test_a_plural_lead_that_points_back_is_the_units_listed_before() -> None:
    extraction = _extract(POINTING_BACK)
    assert _leads(extraction)[0] == [
        "dang bo xa hoa binh",
        "dang bo cong ty khai thac cong trinh thuy loi huyen",
    ]
    assert extraction.assignments[0].deadline is not None
    assert extraction.assignments[0].deadline.due == date(2024, 3, 20)


def test_an_obligation_with_no_subject_goes_on_with_the_unit_just_given_a_task() -> None:
    extraction = _extract(POINTING_BACK)
    assert _leads(extraction)[1:] == [["phong van hoa va thong tin"]] * 2
    last = extraction.assignments[-1]
    assert "tổng hợp số người dùng" in last.task
    assert last.deadline is not None
    assert last.deadline.due == date(2024, 4, 30)
    # "từ phải sang" in a caption obliges nobody
    assert all("thứ hai" not in a.quote for a in extraction.assignments)


LOCALITY_ACTS = """Thị trấn chuẩn bị bầu cử tổ trưởng tổ dân phố

Để tổ chức thành công cuộc bầu cử cán bộ tổ dân phố, Thị trấn Quang Minh tiếp tục tuyên truyền về cuộc bầu cử trên hệ thống loa truyền thanh.

Xã Ea Tiêu đã hoàn thành bầu cử từ tháng trước.

Huyện Krông Ana có 8 xã, thị trấn.
"""


def test_a_locality_written_as_the_actor_leads_and_an_opening_phrase_holds_no_subject() -> None:
    extraction = _extract(LOCALITY_ACTS)
    assert _leads(extraction) == [["thi tran quang minh"]]
    assert extraction.assignments[0].task.startswith("Tiếp tục tuyên truyền")


def test_a_level_written_short_stays_as_written_with_its_place() -> None:
    extraction = _extract(
        "Tin chỉ đạo điều hành\n"
        "UBND tỉnh giao UBND TP. Tây Ninh rà soát hồ sơ đất đai, xong trong tháng 5/2024.\n"
        "Phó Chủ tịch UBND TP vừa giao Công an TP nghiên cứu cơ chế đặc thù về lực lượng bảo vệ "
        "ấp, hoàn thành trong năm 2024.\n"
    )
    assert _leads(extraction) == [["uy ban nhan dan tp. tay ninh"], ["cong an tp"]]


ANNOUNCED_LIST = """UBND xã họp Ban Chỉ đạo phòng chống thiên tai

Tại cuộc họp, đồng chí Chủ tịch UBND xã phân công nhiệm vụ cho từng thành viên, triển khai các phương án ứng phó với bão:
1. Các đồng chí Trưởng công an xã, Chỉ huy trưởng Quân sự xã, rà soát lực lượng tại chỗ để sẵn sàng ứng cứu.
2. Khuyến cáo bà con chằng chống nhà cửa.
3. Hội Chữ thập đỏ xã chuẩn bị nhu yếu phẩm cho các hộ phải sơ tán.
Cuộc họp kết thúc lúc 11 giờ.
4. Công an xã đã hoàn thành diễn tập năm trước.
"""


def test_items_of_an_announced_task_list_are_their_subjects_tasks() -> None:
    extraction = _extract(ANNOUNCED_LIST)
    assert _leads(extraction) == [
        ["truong cong an xa", "chi huy truong quan su xa"],
        ["hoi chu thap do xa"],
    ]
    assert extraction.assignments[0].task.startswith("Rà soát lực lượng")


# --- deadline wordings -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("tổng vệ sinh trường lớp vào lúc 15h30 ngày thứ Sáu 17/5/2024", date(2024, 5, 17)),
        ("tổ chức ra quân vào ngày 12/4", date(2024, 4, 12)),
        ("thời gian thực hiện trong năm 2024 - 2025", date(2025, 12, 31)),
        ("trước 9h00 ngày thứ Hai, 08/4/2024 gửi báo cáo", date(2024, 4, 8)),
        # a target to reach by a time: "phấn đấu", "đạt chuẩn ... vào cuối năm"
        ("sớm đưa thị trấn đạt chuẩn văn minh đô thị vào cuối năm 2024", date(2024, 12, 31)),
        ("phấn đấu vào cuối quý III/2024 có 100% hồ sơ trực tuyến", date(2024, 9, 30)),
        ("thực hiện từ nay đến hết năm 2024", date(2024, 12, 31)),
        ("tổ chức hội nghị vào sáng ngày 20/3/2024", date(2024, 3, 20)),
        ("Thời gian tổ chức: ngày 22/3/2024 (thứ Sáu).", date(2024, 3, 22)),
    ],
)
def test_a_deadline_written_with_vao_a_weekday_or_a_range_of_years(text: str, due: date) -> None:
    found = find_deadline(text, date(2024, 3, 5))
    assert found is not None
    assert found.due == due


def test_a_range_of_years_as_a_topic_is_no_deadline() -> None:
    assert find_deadline("Trong năm 2022 - 2023 tỉnh đã hỗ trợ 300 hộ", date(2024, 3, 5)) is None
    assert find_deadline("Năm 2023, xã đã đạt chuẩn nông thôn mới.", date(2024, 3, 5)) is None


def test_a_cued_deadline_with_a_time_of_day_beats_the_period_a_report_covers() -> None:
    found = find_deadline(
        "Báo cáo kết quả từ ngày 01/02/2024 đến ngày 31/3/2024, gửi về Sở Nội vụ chậm nhất"
        " 15h00' ngày 08/4/2024.",
        date(2024, 3, 5),
    )
    assert found is not None
    assert (found.due, found.due_time) == (date(2024, 4, 8), time(15, 0))


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("Thực hiện ngay khi Quyết định có hiệu lực.", None),  # an event's date, unknown
        ("Báo cáo ngay sau khi xảy ra sự cố.", None),
        ("Triển khai ngay sau khi nhận được văn bản này.", date(2024, 3, 6)),
        ("Triển khai thực hiện ngay.", date(2024, 3, 6)),
    ],
)
def test_ngay_khi_an_event_has_no_date_and_ngay_alone_is_the_next_working_day(
    text: str, due: date | None
) -> None:
    found = find_deadline(text, date(2024, 3, 5))
    assert (found.due if found else None) == due


DIRECTED = """UBND xã khắc phục hậu quả sau lũ

Sau khi kiểm tra, Chủ tịch UBND xã yêu cầu khẩn trương khắc phục hậu quả.
Chỉ đạo Trường Tiểu học Hòa Bình kiểm tra, vệ sinh trường lớp để đón học sinh trở lại.
Đồng thời, Hội nông dân xã phối hợp với các thôn hỗ trợ bà con gieo trồng lại hoa màu.
Hội nghị sơ kết được tổ chức vào cuối tháng.
"""

DIRECTED_UNDER_HEADING = """KẾ HOẠCH
Khắc phục hậu quả sau lũ
1. Phòng Giáo dục và Đào tạo:
- Chỉ đạo các trường học kiểm tra, vệ sinh trường lớp trước ngày 15/10/2024.
"""


def test_an_opening_chi_dao_gives_the_unit_directed_its_task_unless_a_heading_leads() -> None:
    assert _leads(_extract(DIRECTED)) == [["truong tieu hoc hoa binh"], ["hoi nong dan xa"]]
    # under a unit's heading that unit leads; the schools are whom it directs
    assert _leads(_extract(DIRECTED_UNDER_HEADING)) == [["phong giao duc va dao tao"]]


def test_after_a_cue_that_addresses_bodies_a_bare_body_is_one() -> None:
    extraction = _extract(
        "Đoàn kiểm tra làm việc tại xã\n"
        "Đồng chí Bí thư Huyện ủy yêu cầu cấp ủy, chính quyền xã chủ động chuẩn bị diễn tập.\n"
        "Cuối buổi, đồng chí giao ban với lãnh đạo xã.\n"
    )
    assert _leads(extraction) == [["cap uy", "chinh quyen xa"]]


def test_ve_sinh_is_the_verb_after_a_name_and_a_word_of_a_food_safety_body() -> None:
    extraction = _extract(
        "Tin chỉ đạo điều hành\n"
        "Chỉ đạo Trường Tiểu học Liên Sơn vệ sinh trường lớp trước ngày 15/4/2024.\n"
        "Giao Chi cục An toàn vệ sinh thực phẩm tỉnh kiểm tra các bếp ăn tập thể.\n"
    )
    assert _leads(extraction) == [
        ["truong tieu hoc lien son"],
        ["chi cuc an toan ve sinh thuc pham tinh"],
    ]
    assert extraction.assignments[0].task.startswith("Vệ sinh trường lớp")


def test_a_level_closes_a_name_whose_field_words_the_lexicon_lacks() -> None:
    extraction = _extract(
        "THÔNG BÁO KẾT LUẬN\n"
        "1. Đề nghị thành viên Ban Chỉ đạo Chăm sóc sức khỏe người cao tuổi huyện tham gia.\n"
        "2. Giao các đơn vị lực lượng vũ trang cấp tỉnh bảo đảm an ninh trong dịp Tết.\n"
        "3. Giao Công an xã thường xuyên tuần tra kiểm soát trên địa bàn xã.\n"
        "4. Giao Trung tâm Y tế phun thuốc diệt muỗi cho người dân huyện trong tháng 5/2024.\n"
    )
    assert _leads(extraction) == [
        ["thanh vien ban chi dao cham soc suc khoe nguoi cao tuoi huyen"],
        ["cac don vi luc luong vu trang cap tinh"],
        ["cong an xa"],  # a name with its level is not run on through the task
        ["trung tam y te"],  # the task's words ("cho người dân") are no name
    ]


def test_a_body_written_small_after_a_name_with_its_level_is_a_second_body() -> None:
    extraction = _extract(
        "THÔNG BÁO KẾT LUẬN\n"
        "1. Ủy ban MTTQ Việt Nam xã và đoàn thể xã rà soát hộ nghèo trước ngày 20/3/2024.\n"
        "2. Giao Phòng Tài nguyên và Môi trường huyện kiểm tra các bãi rác.\n"
    )
    assert _leads(extraction) == [
        ["uy ban mat tran to quoc viet nam xa", "doan the xa"],
        ["phong tai nguyen va moi truong huyen"],  # "và" inside a name before its level
    ]


def test_a_verb_opening_with_a_syllable_of_a_name_word_ends_the_name() -> None:
    extraction = _extract(
        "THÔNG BÁO KẾT LUẬN\n"
        "1. Ủy ban nhân dân các xã, thị trấn phát động ra quân diệt lăng quăng.\n"
        "2. Giao Hội Khuyến học xã khuyến khích học sinh đọc sách.\n"
        "3. Giao Trung tâm Phát triển quỹ đất huyện công bố phương án bồi thường.\n"
    )
    assert _leads(extraction) == [
        ["uy ban nhan dan cac xa, thi tran"],
        ["hoi khuyen hoc xa"],
        ["trung tam phat trien quy dat huyen"],
    ]


SCHEDULED_NEWS = """Tin hoạt động Mặt trận
Dự kiến, trong tháng 7/2024, Ban Thường trực Ủy ban MTTQ tỉnh, sẽ tổ chức sơ kết phong trào.
Các ấp còn lại sẽ đồng loạt tổ chức từ ngày 10/4/2024 đến ngày 18/4/2024.
Đại hội Đảng bộ xã Hòa Bình dự kiến tổ chức trước ngày 25/3/2024; Đại hội Đảng bộ Trường Trung học phổ thông Hòa Bình trước ngày 05/4/2024.
Hội nghị Ban công tác mặt trận khu dân cư sẽ được tổ chức vào ngày 28/3/2024.
Đại hội Đảng bộ cấp cơ sở dự kiến diễn ra từ tháng 4 đến hết tháng 5.
Hội nghị Ban Chấp hành Đảng bộ huyện đã thống nhất các nội dung trên.
"""


def test_a_body_that_will_hold_an_event_by_a_date_is_given_it() -> None:
    extraction = _extract(SCHEDULED_NEWS)
    assert [
        (leads, a.deadline.due if a.deadline else None)
        for leads, a in zip(_leads(extraction), extraction.assignments, strict=True)
    ] == [
        (["ban thuong truc uy ban mat tran to quoc tinh"], date(2024, 7, 31)),
        (["cac ap con lai"], date(2024, 4, 18)),
        # each body's congress keeps the date of its own clause
        (["dang bo xa hoa binh"], date(2024, 3, 25)),
        (["dang bo truong trung hoc pho thong hoa binh"], date(2024, 4, 5)),
        (["ban cong tac mat tran khu dan cu"], date(2024, 3, 28)),
    ]
    assert extraction.assignments[0].task.startswith("Tổ chức sơ kết")


def test_a_groups_qualifiers_stay_in_the_group() -> None:
    extraction = _extract(
        "THÔNG BÁO KẾT LUẬN\n"
        "1. Giao các cơ quan, đơn vị chức năng tăng cường kiểm tra an toàn thực phẩm.\n"
        "2. Thủ trưởng các cơ quan, ban ngành, đoàn thể của huyện quán triệt kế hoạch.\n"
        "3. Giao UBND tỉnh khác với năm trước, chủ trì tổng kết.\n"
    )
    assert _leads(extraction) == [
        ["cac co quan, don vi chuc nang"],
        ["thu truong cac co quan, ban nganh, doan the cua huyen"],
        ["uy ban nhan dan tinh"],  # "khác" qualifies a group, not one body
    ]
    others = parse_units_at("các bộ, ban, ngành khác triển khai thực hiện")
    assert others is not None
    assert others.names == ("các bộ, ban, ngành khác",)


def test_a_plural_bare_head_is_the_plural_named_before_it() -> None:
    extraction = _extract(
        "KẾ HOẠCH\n"
        "UBND huyện thành lập 10 Tổ công tác giúp đỡ thôn xây dựng khu dân cư kiểu mẫu.\n"
        "Giao Tổ công tác số 1 khảo sát thôn Đông trước ngày 10/5/2024.\n"
        "Các Tổ có trách nhiệm liên hệ với địa phương được phân công để hỗ trợ.\n"
    )
    # "Các Tổ" are the ten teams, not "Tổ công tác số 1", the one named last
    assert _leads(extraction) == [["to cong tac so 1"], ["10 to cong tac"]]


def test_a_scheduled_conference_after_an_opener_is_its_bodys_task() -> None:
    extraction = _extract(
        "Tin hoạt động\n"
        "Theo đó, Hội nghị Ban công tác mặt trận khu dân cư số 3 nhiệm kỳ 2024 - 2029 sẽ được"
        " tổ chức trước ngày 25/3/2024.\n"
    )
    assert _leads(extraction) == [["ban cong tac mat tran khu dan cu so 3"]]


ADDRESS_FLATTENED = """Thông báo về việc tổng vệ sinh trường lớp
Kính gửi: Ông (Bà) Hiệu trưởng các trường trực thuộc. Thực hiện Kế hoạch số 12/KH-UBND của UBND huyện, Phòng Giáo dục& Đào tạo yêu cầu các trường học trực thuộc thực hiện các nội dung sau:
1. Tuyên truyền học sinh giữ gìn vệ sinh trường lớp.
2. Triển khai tổng vệ sinh khuôn viên trường vào lúc 16h00 ngày thứ Sáu 12/4/2024.
3. Phòng Giáo dục& Đào tạo cử chuyên viên kiểm tra, đôn đốc các trường.
"""


def test_an_address_flattened_with_the_first_sentence_leaves_the_sentence_in_the_body() -> None:
    extraction = _extract(ADDRESS_FLATTENED)
    assert _leads(extraction) == [
        ["cac truong hoc truc thuoc"],
        ["cac truong hoc truc thuoc"],
        # "&" glued to a word joins like "và"; "cử" alone is the verb, not "bầu cử"
        ["phong giao duc& dao tao"],
    ]
    assert extraction.assignments[2].task.startswith("Cử chuyên viên")


def test_a_headline_in_capitals_is_no_task() -> None:
    extraction = _extract(
        "UBND XÃ HÒA BÌNH: HỌP TRIỂN KHAI CÔNG TÁC PHÒNG, CHỐNG HẠN NĂM 2024\n"
        "04/03/2024\n"
        "Sáng ngày 02/3/2024, UBND xã Hòa Bình họp triển khai kế hoạch phòng, chống hạn.\n"
        "Giao Ban Chỉ đạo xã tham mưu triển khai kế hoạch trước ngày 15/3/2024.\n"
    )
    assert _leads(extraction) == [["ban chi dao xa"]]


def test_who_must_act_in_reported_speech_is_given_the_task() -> None:
    extraction = _extract(
        "Đảng ủy xã làm việc với Mặt trận và các đoàn thể\n"
        "Đồng chí Bí thư cũng nhấn mạnh trong 6 tháng cuối năm 2024 Mặt trận và các đoàn thể"
        " cần tập trung củng cố hoạt động các chi hội.\n"
        "Đồng chí Chủ tịch lưu ý, thời gian tới, Công an xã phải tăng cường tuần tra.\n"
        "Đồng chí nhấn mạnh vai trò của Mặt trận trong công tác vận động.\n"
    )
    assert _leads(extraction) == [["mat tran", "cac doan the"], ["cong an xa"]]


def test_a_speaker_named_then_titled_directs_the_unit_after_the_title() -> None:
    extraction = _extract(
        "Tin hoạt động\n"
        "Đồng chí Nguyễn Văn An, Phó Chủ tịch UBND tỉnh chỉ đạo Sở Y tế khẩn trương kiểm tra"
        " các cơ sở khám chữa bệnh.\n"
        "Ông Lê Văn Cường, Chủ tịch UBND huyện cho biết kết quả năm qua rất khả quan.\n"
    )
    assert _leads(extraction) == [["so y te"]]


def test_one_unit_leads_and_others_cooperate_on_one_task() -> None:
    extraction = _extract(
        "KẾ HOẠCH\n"
        "1. Giao Công an huyện chủ trì; Phòng Tư pháp, UBND các xã phối hợp kiểm tra các cơ sở"
        " kinh doanh.\n"
        "2. Phòng Văn hóa và Thông tin chủ trì, Đài Truyền thanh huyện phối hợp tuyên truyền về"
        " bầu cử trước ngày 10/5/2024.\n"
    )
    assert [
        (_l, [fold(c) for c in a.cooperate])
        for _l, a in zip(_leads(extraction), extraction.assignments, strict=True)
    ] == [
        (["cong an huyen"], ["phong tu phap", "uy ban nhan dan cac xa"]),
        (["phong van hoa va thong tin"], ["dai truyen thanh huyen"]),
    ]
    assert extraction.assignments[0].task == "Kiểm tra các cơ sở kinh doanh"
    assert extraction.assignments[1].deadline is not None


def test_the_units_a_leader_works_with_are_cooperators_not_the_task() -> None:
    extraction = _extract(
        "KẾ HOẠCH\n1. Trung tâm Y tế huyện: chủ trì, phối hợp UBND các xã tổ chức tiêm chủng.\n"
    )
    assert extraction.assignments[0].task == "Tổ chức tiêm chủng"
    assert [fold(c) for c in extraction.assignments[0].cooperate] == ["uy ban nhan dan cac xa"]


def test_an_offices_accountant_is_given_the_items_under_the_post() -> None:
    extraction = _extract(
        "KẾ HOẠCH\n"
        "IV. PHÂN CÔNG NHIỆM VỤ\n"
        "1. Kế toán Ủy ban MTTQ xã: tham mưu dự toán kinh phí tổ chức Ngày hội.\n"
        "2. Kế toán\n"
        "- Thanh quyết toán kinh phí trước ngày 30/12/2024.\n"
        "3. Phòng Nội vụ thực hiện công tác kế toán hành chính.\n"
    )
    assert _leads(extraction) == [
        ["ke toan uy ban mat tran to quoc xa"],
        ["ke toan"],
        ["phong noi vu"],
    ]


def test_who_reports_to_a_meeting_or_held_it_is_given_nothing() -> None:
    extraction = _extract(
        "Đảng ủy xã làm việc với các đoàn thể\n"
        "Sau khi nghe Ban Thường trực Ủy ban MTTQ xã, Trưởng các đoàn thể xã báo cáo tình hình"
        " thực hiện nhiệm vụ 6 tháng đầu năm.\n"
        "UBND xã Hòa Bình có buổi làm việc với các thôn về công tác phòng chống hạn.\n"
        "Đồng chí Bí thư đề nghị các đoàn thể xã xây dựng mô hình chi hội kiểu mẫu trước ngày"
        " 30/9/2024.\n"
    )
    assert _leads(extraction) == [["cac doan the xa"]]


def test_small_words_inside_a_capitalised_name_and_verbs_after_one() -> None:
    extraction = _extract(
        "THÔNG BÁO KẾT LUẬN\n"
        "1. Giao Đài Tiếng nói Việt Nam, Thông tấn xã Việt Nam tăng cường đưa tin về bầu cử.\n"
        "2. Giao Công an xã Hòa Bình trực Tết, bảo đảm an ninh trật tự.\n"
        "3. Hội Cựu chiến binh xã đóng góp Quỹ Vì người nghèo trước ngày 20/12/2024.\n"
        "4. Giao các đơn vị trực thuộc rà soát hồ sơ cán bộ.\n"
    )
    assert _leads(extraction) == [
        ["dai tieng noi viet nam", "thong tan xa viet nam"],
        ["cong an xa hoa binh"],
        ["hoi cuu chien binh xa"],
        ["cac don vi truc thuoc"],
    ]


@pytest.mark.parametrize(
    "verb", ["đào tạo", "khen thưởng", "bàn giao", "thông tin", "bảo dưỡng", "tạo điều kiện"]
)
def test_a_phong_named_by_its_speciality_is_whole_before_its_task(verb: str) -> None:
    extraction = _extract(f"THÔNG BÁO KẾT LUẬN\n1. Giao Phòng Nội vụ {verb} các nội dung mới.\n")
    assert _leads(extraction) == [["phong noi vu"]]


@pytest.mark.parametrize("verb", ["đào tạo", "khen thưởng", "bàn giao", "thông tin", "dân vận"])
def test_a_name_with_its_level_is_whole_before_its_task(verb: str) -> None:
    extraction = _extract(f"THÔNG BÁO KẾT LUẬN\n1. Giao UBND xã {verb} các nội dung mới.\n")
    assert _leads(extraction) == [["uy ban nhan dan xa"]]


def test_a_named_subordinate_that_directs_is_given_the_directing() -> None:
    extraction = _extract(
        "Văn phòng UBND tỉnh thông báo ý kiến chỉ đạo\n"
        "Giao Sở Giao thông vận tải kiểm tra tuyến đường; UBND huyện Lạc Sơn chỉ đạo các xã"
        " tuyên truyền người dân không lấn chiếm hành lang giao thông.\n"
        "Chủ tịch UBND tỉnh chỉ đạo Sở Công Thương bảo đảm cấp điện an toàn.\n"
        "UBND huyện giao Phòng Tài nguyên và Môi trường phối hợp UBND xã Hòa Bình rà soát hồ sơ.\n"
    )
    assert _leads(extraction) == [
        ["so giao thong van tai"],
        ["uy ban nhan dan huyen lac son"],  # a body named with its place is directed itself
        ["so cong thuong"],  # the leadership's "chỉ đạo" gives the unit after it the task
        ["phong tai nguyen va moi truong"],
    ]
    assert extraction.assignments[3].task == "Rà soát hồ sơ"
    assert [fold(c) for c in extraction.assignments[3].cooperate] == [
        "uy ban nhan dan xa hoa binh"
    ]


def test_a_party_letters_cells_and_committees_are_given_its_items() -> None:
    extraction = _extract(
        "HUYỆN ỦY HÒA BÌNH\n"
        "CÔNG VĂN\n"
        "Ban Thường vụ Huyện ủy yêu cầu các chi, đảng bộ trực thuộc:\n"
        "1. Lãnh đạo tổ chức đại hội chi bộ hoàn thành trước ngày 31/3/2025.\n"
        "2. Chuẩn bị tốt văn kiện, nhân sự đại hội.\n"
    )
    assert extraction.header.title is None  # a line announcing items is no title
    assert _leads(extraction) == [["cac chi, dang bo truc thuoc"]] * 2


def test_the_parties_to_a_works_are_units() -> None:
    extraction = _extract(
        "THÔNG BÁO KẾT LUẬN\n"
        "1. Đề nghị các nhà thầu tập trung nhân lực, hoàn thành công trình trước ngày 30/11/2024.\n"
        "2. Đơn vị tư vấn giám sát tăng cường kiểm tra chất lượng vật liệu.\n"
        "3. Giao Ban Quản lý dự án huyện lựa chọn nhà thầu đúng quy định.\n"
    )
    assert _leads(extraction) == [
        ["cac nha thau"],
        ["don vi tu van giam sat"],
        ["ban quan ly du an huyen"],  # a works' builder named bare in the task is no unit
    ]
    assert extraction.assignments[2].cooperate == ()


def test_an_aside_in_brackets_is_no_formula_and_receiving_a_letter_is_no_task() -> None:
    extraction = _extract(
        "UBND tỉnh nhận được Công văn số 65/BKHĐT ngày 18/9/2024 của Bộ Kế hoạch và Đầu tư.\n"
        "Chủ tịch UBND tỉnh có ý kiến chỉ đạo:\n"
        "Giao Sở Kế hoạch và Đầu tư chủ trì tham gia ý kiến vào dự thảo Chỉ thị"
        " (Sao gửi Công văn kèm theo). Hoàn thành trước ngày 28/9/2024.\n"
    )
    assert _leads(extraction) == [["so ke hoach va dau tu"]]
    assert extraction.assignments[0].deadline.due == date(2024, 9, 28)


def test_social_is_no_commune_inside_a_name_and_each_is_a_quantifier() -> None:
    extraction = _extract(
        "THÔNG BÁO KẾT LUẬN\n"
        "1. Giao Trung tâm an sinh xã hội phường lập danh sách hộ nghèo trước ngày 10/5/2024.\n"
        "2. Yêu cầu mỗi cán bộ, công chức tiếp tục rà soát hồ sơ.\n"
        "3. Hội đồng nghĩa vụ quân sự xã xem xét hồ sơ thanh niên.\n"
    )
    assert _leads(extraction) == [
        ["trung tam an sinh xa hoi phuong"],
        ["moi can bo, cong chuc"],  # an item asking units, not the section "Yêu cầu"
        ["hoi dong nghia vu quan su xa"],
    ]


def test_the_tables_abbreviations_of_a_head_name_units_in_documents() -> None:
    extraction = _extract(
        "THÔNG BÁO KẾT LUẬN\n"
        "1. Giao TTYT huyện kiểm tra an toàn thực phẩm.\n"
        "2. HND xã tuyên truyền hội viên.\n"
        "3. Giao CAX phối hợp BCHQS xã tuần tra.\n"
        "4. HĐNVQS xã cần tập trung tuyên truyền Luật NVQS.\n"
    )
    assert _leads(extraction) == [
        ["trung tam y te huyen"],
        ["hoi nong dan xa"],
        ["cong an xa"],
        ["hoi dong nghia vu quan su xa"],
    ]
    assert [fold(c) for c in extraction.assignments[2].cooperate] == ["ban chi huy quan su xa"]


def test_what_a_person_named_by_name_does_is_a_visit_not_a_task() -> None:
    extraction = _extract(
        "Đồng chí Vũ Minh An, Phó Chủ tịch HĐND huyện, Trưởng Ban Chỉ đạo huyện kiểm tra"
        " công tác chuẩn bị tại xã Hòa Bình.\n"
        "Đồng chí Vũ Minh An, Phó Chủ tịch UBND huyện giao Phòng Nội vụ rà soát hồ sơ.\n"
    )
    assert _leads(extraction) == [["phong noi vu"]]


def test_a_speakers_introduction_before_a_colon_is_left_out_of_the_quote() -> None:
    extraction = _extract(
        "TIN HOẠT ĐỘNG\n"
        "Cuối hội nghị, đồng chí Lê Văn Nam, Chủ tịch UBND phường đã kết luận và nhấn mạnh:"
        " Để hoàn thành chỉ tiêu năm 2024 đề nghị Ban CHQS phường tiếp tục rà soát thực lực.\n"
        "Để hỗ trợ giống lúa hiệu quả, UBND tỉnh yêu cầu: Sở NN&PTNT chủ trì, phối hợp với"
        " UBND cấp huyện tổ chức thực hiện Quyết định.\n"
    )
    assert _leads(extraction) == [
        ["ban chi huy quan su phuong"],
        ["so nong nghiep va phat trien nong thon"],  # a colon after "yêu cầu" names who is asked
    ]
    quote = extraction.assignments[0].quote
    assert "đề nghị Ban CHQS phường" in quote
    assert "Cuối hội nghị" not in quote
    assert "kết luận" not in quote
    assert [fold(c) for c in extraction.assignments[1].cooperate] == ["uy ban nhan dan cap huyen"]


def test_a_sentence_that_only_says_by_when_dates_the_task_asked_before_it() -> None:
    extraction = _extract(
        "CÔNG VĂN\n"
        "Kính gửi: Hiệu trưởng các trường Tiểu học.\n"
        "Đề nghị Hiệu trưởng các trường, Thủ trưởng các đơn vị trực thuộc rà soát việc thu quỹ"
        " phòng, chống thiên tai. Đơn vị nào chưa thu thì khẩn trương thu.\n"
        "Các đơn vị thực hiện trước ngày 24/3/2024.\n"
    )
    assert _leads(extraction) == [["hieu truong cac truong", "thu truong cac don vi truc thuoc"]]
    deadline = extraction.assignments[0].deadline
    assert deadline is not None
    assert deadline.due == date(2024, 3, 24)


def test_a_dated_task_is_not_redated_by_a_later_one() -> None:
    extraction = _extract(
        "CÔNG VĂN\n"
        "1. Đề nghị Phòng Nội vụ rà soát hồ sơ trước ngày 10/3/2024.\n"
        "2. Các đơn vị thực hiện trước ngày 24/3/2024.\n"
    )
    dues = [a.deadline.due if a.deadline else None for a in extraction.assignments]
    assert _leads(extraction)[0] == ["phong noi vu"]
    assert dues[0] == date(2024, 3, 10)


def test_a_plural_head_before_a_colon_is_distributed_over_the_names_listed() -> None:
    extraction = _extract(
        "THÔNG BÁO KẾT LUẬN\n"
        "1. Yêu cầu UBND các phường: Trần Phú, Lê Lợi và Hải Cảng ra quân lập lại trật tự đô thị.\n"
        "2. Giao các sở: Xây dựng, Tài nguyên - Môi trường theo chức năng kiểm tra vi phạm.\n"
        "3. Giao UBND các xã: rà soát hộ nghèo.\n"
    )
    assert _leads(extraction) == [
        [
            "uy ban nhan dan phuong tran phu",
            "uy ban nhan dan phuong le loi",
            "uy ban nhan dan phuong hai cang",
        ],
        ["so xay dung", "so tai nguyen - moi truong"],
        ["uy ban nhan dan cac xa"],  # no names after the colon: the group itself
    ]


@pytest.mark.parametrize("connective", ["Song song đó", "Song song với đó", "Cùng với đó"])
def test_a_connective_before_the_subject_leaves_it_the_subject(connective: str) -> None:
    extraction = _extract(
        "THÔNG BÁO\nVề tiêm chủng mở rộng\n"
        "Sở Y tế chủ trì tổ chức tiêm chủng bổ sung trước ngày 30/4/2024.\n"
        f"{connective}, các sở, ban, ngành và các địa phương phối hợp với ngành y tế tăng"
        " cường tuyên truyền, vận động người dân.\n"
    )
    assert _leads(extraction) == [["so y te"], ["cac so, ban, nganh", "cac dia phuong"]]


def test_tasks_listed_after_a_colon_in_one_paragraph_are_one_each() -> None:
    extraction = _extract(
        "TIN HOẠT ĐỘNG\n"
        "Qua ý kiến thảo luận đồng chí Chủ tịch UBND xã đã thống nhất, chỉ đạo các chuyên môn,"
        " đơn vị thuộc thẩm quyền thực hiện tốt các nội dung như: Rà soát hộ nghèo đúng đối"
        " tượng. Đôn đốc các nguồn thu năm 2024 đạt kế hoạch. Đẩy nhanh giải ngân các dự án;"
        " bảo vệ rừng. Công chức chuyên môn chủ động thực hiện nhiệm vụ được giao.\n"
    )
    group = ["cac chuyen mon, don vi thuoc tham quyen"]
    assert _leads(extraction) == [group, group, group, ["cong chuc chuyen mon"]]
    assert [a.task for a in extraction.assignments[:3]] == [
        "Rà soát hộ nghèo đúng đối tượng",
        "Đôn đốc các nguồn thu năm 2024 đạt kế hoạch",
        "Đẩy nhanh giải ngân các dự án",
    ]


def test_unmarked_items_after_a_colon_are_the_addressees_tasks() -> None:
    extraction = _extract(
        "TIN HOẠT ĐỘNG\n"
        "Theo đó, UBND huyện đã có Công văn số 3015/UBND-TN ngày 23/8/2024 yêu cầu Thủ trưởng"
        " các cơ quan, ban ngành cấp huyện, Chủ tịch UBND các xã, thị trấn:\n"
        "Tổ chức quán triệt Kế hoạch số 110/KH-UBND đến cán bộ; các doanh nghiệp, nhà hàng,"
        " khách sạn; xây dựng kế hoạch chi tiết của đơn vị.\n"
        "Đẩy mạnh việc ra quân làm vệ sinh môi trường vào các ngày cố định hằng tuần.\n"
        "Đề nghị Huyện Đoàn vận động đoàn viên tham gia.\n"
        "Kết quả năm 2023, toàn huyện đã thu gom 5 tấn rác.\n"
        "Tăng cường tuyên truyền về môi trường trên các phương tiện.\n"
    )
    addressees = [
        "thu truong cac co quan, ban nganh cap huyen",
        "chu tich uy ban nhan dan cac xa, thi tran",
    ]
    assert _leads(extraction) == [addressees, addressees, ["huyen doan"]]


def test_reported_speech_after_a_colon_and_a_name_that_folds_to_a_week() -> None:
    extraction = _extract(
        "TIN HOẠT ĐỘNG\n"
        "Đồng chí Bí thư Đảng ủy Nguyễn Trọng Tuấn nhấn mạnh: Ủy ban MTTQ Việt Nam xã và các"
        " đoàn thể chính trị - xã hội cần xây dựng kế hoạch tổ chức Đại hội.\n",
        issued=date(2025, 8, 26),
    )
    assert _leads(extraction) == [
        ["uy ban mat tran to quoc viet nam xa", "cac doan the chinh tri - xa hoi"]
    ]
    assert extraction.assignments[0].deadline is None  # "Trọng Tuấn" is no "trong tuần"
    this_week = find_deadline("Các xã hoàn thành trong tuần này.", date(2025, 8, 26))
    assert this_week is not None
    assert this_week.due == date(2025, 8, 29)


def test_comrades_in_bodies_are_those_bodies() -> None:
    extraction = _extract(
        "TIN HOẠT ĐỘNG\n"
        "Phát biểu kết luận, đồng chí Nguyễn Văn An, Bí thư Đảng ủy đề nghị các đồng chí trong"
        " Ban Thường vụ Đảng ủy, Thường trực HĐND, Ủy ban MTTQ và các đoàn thể xã bám sát cơ sở"
        " để chỉ đạo công tác bầu cử.\n"
    )
    assert _leads(extraction) == [
        [
            "ban thuong vu dang uy",
            "thuong truc hoi dong nhan dan",
            "uy ban mat tran to quoc",
            "cac doan the xa",
        ]
    ]


def test_a_cycle_or_a_topic_before_the_subject_leaves_it_the_subject() -> None:
    extraction = _extract(
        "TIN HOẠT ĐỘNG\n"
        "Sở Giao thông vận tải chủ trì kiểm tra phương tiện hết niên hạn.\n"
        "Định kỳ hàng tháng các đơn vị, địa phương báo cáo kết quả thực hiện về Sở Giao thông"
        " vận tải.\n"
        "Về nội dung này, UBND tỉnh đã chỉ đạo Sở Xây dựng sửa chữa lại mặt đường.\n"
    )
    assert _leads(extraction) == [
        ["so giao thong van tai"],
        ["cac don vi, dia phuong"],
        ["so xay dung"],
    ]
    assert extraction.assignments[1].deadline is not None
    assert extraction.assignments[1].deadline.recurrence is not None


def test_a_second_request_in_one_sentence_is_its_own_task() -> None:
    extraction = _extract(
        "TIN HOẠT ĐỘNG\n"
        "Tại các xã, đồng chí Bí thư Huyện ủy đã yêu cầu các đơn vị chuẩn bị tốt việc phòng"
        " chống bão số 4, đồng thời đồng chí yêu cầu các xã ngừng các hoạt động để tập trung"
        " phòng chống bão.\n"
    )
    assert _leads(extraction) == [["cac don vi"], ["cac xa"]]
    assert extraction.assignments[1].task.startswith("Ngừng các hoạt động")


def test_two_tasks_with_dates_of_their_own_in_one_sentence_are_two() -> None:
    extraction = _extract(
        "THÔNG BÁO\nVề trợ giúp xã hội dịp Tết\n"
        "UBND các huyện báo cáo nhanh tình hình trợ giúp xã hội trước ngày 20/01/2024 và báo"
        " cáo kết quả trợ giúp xã hội dịp Tết trước ngày 10/3/2024 về UBND tỉnh.\n"
        "Phòng Nội vụ rà soát hồ sơ từ ngày 10/3/2024 đến ngày 20/3/2024.\n"
    )
    assert _leads(extraction) == [["uy ban nhan dan cac huyen"]] * 2 + [["phong noi vu"]]
    dues = [a.deadline.due if a.deadline else None for a in extraction.assignments]
    assert dues == [date(2024, 1, 20), date(2024, 3, 10), date(2024, 3, 20)]
    assert (
        extraction.assignments[0].task
        == "Báo cáo nhanh tình hình trợ giúp xã hội trước ngày 20/01/2024"
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "UBND thành phố gửi UBND các quận văn bản yêu cầu báo cáo hàng ngày về công tác phòng dịch.",
        "Các tổ dân phố bố trí địa điểm thuận lợi, đảm bảo yêu cầu phòng, chống dịch bệnh.",
    ],
)
def test_a_verb_that_opens_with_a_heads_word_is_no_body(sentence: str) -> None:
    assert parse_units_at(sentence, sentence.index("yêu cầu") + 8, addressed=True) is None


def test_a_locality_that_directs_and_bodies_named_by_their_place() -> None:
    extraction = _extract(
        "TIN HOẠT ĐỘNG\n"
        "Huyện Quỳnh Nhai (tỉnh Sơn La) đang tập trung chỉ đạo các xã thực hiện tốt các biện"
        " pháp phòng cháy rừng trong mùa khô.\n"
        "Đồng thời, huyện cũng chỉ đạo Phòng Tài chính - Kế hoạch xử lý các tài khoản tạm thu.\n"
        "Giao các hạt kiểm lâm: Ba Vì, Sóc Sơn tăng cường tuần tra.\n"
        "Chủ tịch UBND tỉnh giao Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh chủ trì tổ chức"
        " hội thi sáng tạo.\n"
        "Đồng chí Phó Chủ tịch đề nghị ban Dân tộc trên tinh thần kế thừa tổ chức tốt Đại hội.\n"
    )
    assert _leads(extraction) == [
        ["cac xa"],
        ["phong tai chinh - ke hoach"],
        ["hat kiem lam ba vi", "hat kiem lam soc son"],
        ["lien hiep cac hoi khoa hoc va ky thuat tinh"],
        ["ban dan toc"],  # "trên tinh thần" is no part of its name
    ]


def test_a_polite_request_after_a_comma_and_the_owners_of_a_forest() -> None:
    extraction = _extract(
        "CÔNG VĂN\nVề việc góp ý dự thảo\n"
        "Sở Khoa học và Công nghệ đã soạn thảo lại dự thảo lần 2, kính đề nghị các cơ quan,"
        " đơn vị cho ý kiến, gửi lại Sở trước ngày 13/3/2024.\n"
        "Yêu cầu các sở, ban, ngành, UBND các huyện và các chủ rừng tăng cường phòng cháy rừng.\n"
    )
    assert _leads(extraction) == [
        ["cac co quan, don vi"],
        ["cac so, ban, nganh", "uy ban nhan dan cac huyen", "cac chu rung"],
    ]


# --- a decision's preamble ---------------------------------------------------------------------


def test_a_decisions_authority_line_and_grounds_give_no_task() -> None:
    extraction = _extract(
        "ỦY BAN NHÂN DÂN\nHUYỆN AN LÃO\n\nSố: 120/QĐ-UBND\n\nAn Lão, ngày 04 tháng 3 năm 2024\n\n"
        "QUYẾT ĐỊNH\n\nVỀ VIỆC THÀNH LẬP TỔ KIỂM TRA AN TOÀN THỰC PHẨM\n\n"
        "ỦY BAN NHÂN DÂN HUYỆN AN LÃO\n\n"
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;\n\n"
        "Căn cứQuyết định số 15/QĐ-UBND của UBND tỉnh hướng dẫn công tác kiểm tra;\n\n"
        "Xét đề nghịcủa Trưởng phòng Y tế huyện tại Tờ trình số 21/TTr-YT ngày 01/3/2024,\n\n"
        "QUYẾT ĐỊNH:\n\n"
        "Điều 1. Thành lập Tổ kiểm tra an toàn thực phẩm huyện.\n\n"
        "Điều 2. Giao Phòng Y tế huyện chủ trì, phối hợp với Công an huyện tổ chức kiểm tra"
        " trước ngày 30/4/2024.\n"
    )
    assert _leads(extraction) == [["phong y te huyen"]]
    assert extraction.assignments[0].deadline is not None


def test_grounds_cut_across_lines_by_the_copy_give_no_task() -> None:
    # a legal database's copy breaks each ground wherever its column ended
    extraction = _extract(
        "QUYẾT ĐỊNH\nVỀ VIỆC BAN HÀNH KẾ HOẠCH PHÁT TRIỂN HỢP TÁC XÃ\n"
        "ỦY BAN NHÂN DÂN TỈNH\n"
        "Căn cứ Luật Hợp tác\nxã ngày 20/11/2012;\n"
        "Căn cứ Nghị quyết số 07/2023/NQ-HĐND ngày\n12/7/2023 của HĐND tỉnh về hỗ trợ phát\n"
        "triển kinh tế tập thể;\n"
        "Xét đề nghị của Giám đốc Sở\nTài chính tại Tờ trình số 88/TTr-STC ngày\n02/3/2024,\n"
        "QUYẾT ĐỊNH:\n"
        "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch phát triển hợp tác xã.\n"
        "Điều 2. Giao Sở Tài chính chủ trì theo dõi, đôn đốc thực hiện Kế hoạch, báo cáo UBND"
        " tỉnh trước ngày 15/12/2024.\n"
    )
    assert _leads(extraction) == [["so tai chinh"]]


def test_grounds_that_open_a_directive_sentence_still_give_its_task() -> None:
    extraction = _extract(
        "THÔNG BÁO\nCăn cứ Kế hoạch số 12/KH-UBND, UBND huyện giao Phòng Nội vụ rà soát biên chế"
        " trước ngày 30/4/2024.\n"
    )
    assert _leads(extraction) == [["phong noi vu"]]


def test_accountability_for_wrong_reports_and_a_letters_courtesy_give_no_task() -> None:
    extraction = _extract(
        "CÔNG VĂN\nV/v báo cáo biên chế năm 2024\n"
        "Giao Phòng Nội vụ chịu trách nhiệm tổng hợp báo cáo trước ngày 30/4/2024.\n"
        "Thủ trưởng các đơn vị chịu trách nhiệm đối với những trường hợp báo cáo sai sự thật.\n"
        "Sở Xây dựng rất mong nhận được ý kiến góp ý của Quý cơ quan.\n"
    )
    assert _leads(extraction) == [["phong noi vu"]]


def test_a_person_named_then_titled_after_a_dash_directs_even_after_an_opening() -> None:
    extraction = _extract(
        "TIN TỨC\nKiểm tra sản xuất vụ Hè Thu\n"
        "Qua kiểm tra thực tế và nghe báo cáo của hai xã, ông Lê Văn Bình – Phó Chủ tịch UBND"
        " huyện chỉ đạo Phòng Kinh tế phối hợp với Trạm Khuyến nông hướng dẫn nông dân chăm sóc"
        " cây trồng.\n"
        "Ông Trần Văn Cường - Phó Chủ tịch UBND huyện kiểm tra công tác chuẩn bị tại xã.\n"
    )
    assert _leads(extraction) == [["phong kinh te"]]
    assert [fold(n) for n in extraction.assignments[0].cooperate] == ["tram khuyen nong"]


def test_a_dash_glued_to_the_name_sets_off_the_title_too() -> None:
    extraction = _extract(
        "TIN TỨC\nHội nghị giao ban công tác Mặt trận\n"
        "Kết luận Hội nghị, ông Lê Văn Bình- Phó Chủ tịch UBND phường chỉ đạo Công an phường"
        " tăng cường tuần tra ban đêm.\n"
    )
    assert _leads(extraction) == [["cong an phuong"]]


@pytest.mark.parametrize("stamp", ["02/03/2024", "19-07-2024 - 01:20", "Ngày cập nhật 12/10/2024"])
def test_a_headline_under_the_posting_date_is_the_title_and_no_task(stamp: str) -> None:
    extraction = _extract(
        f"{stamp}\n"
        "UBND tỉnh chỉ đạo tổng kết thực tiễn, nghiên cứu lý luận năm 2024\n"
        "Ngày 01/3/2024, UBND tỉnh ban hành Công văn số 66/UBND-VX yêu cầu Sở Nội vụ tổng hợp"
        " báo cáo trước ngày 15/11/2024.\n"
    )
    assert extraction.header.title == (
        "UBND tỉnh chỉ đạo tổng kết thực tiễn, nghiên cứu lý luận năm 2024"
    )
    assert _leads(extraction) == [["so noi vu"]]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        (  # the source, last, in brackets
            "Họp bàn công tác phòng chống dịch\nUBND huyện yêu cầu Phòng Y tế kiểm tra.\n"
            "(Theo Thông báo số 81/TB-UBND ngày 08/6/2024)\n",
            "81/TB-UBND",
        ),
        (  # ... or on a line of its own
            "Sắp xếp bộ máy\nUBND tỉnh yêu cầu Sở Nội vụ rà soát.\n"
            "Nguồn: Văn bản số 376/UBND-TH, ngày 06/5/2024\n",
            "376/UBND-TH",
        ),
        (  # number and date after the headline
            "Về việc báo cáo ô nhiễm môi trường nông thôn (3585/VP-KTN, ngày 23/10/2024).\n"
            "Phó Chủ tịch UBND tỉnh giao Sở Tài nguyên và Môi trường báo cáo.\n",
            "3585/VP-KTN",
        ),
        (
            "Tin tức\nUBND tỉnh vừa ban hành công văn (số 3018/UBND-KTN) yêu cầu các ngành kiểm"
            " tra.\n",
            "3018/UBND-KTN",
        ),
        (
            "Tin tức\nPhó Chủ tịch UBND tỉnh vừa ký công văn hỏa tốc số 8303/UBND-VP về việc ổn"
            " định giá cả.\n",
            "8303/UBND-VP",
        ),
        (  # "Theo đó" opens what the item reports, not a citation
            "Tin hoạt động\nTheo đó, UBND huyện đã có Công văn số 3015/UBND-TN ngày 23/8/2024"
            " yêu cầu các xã ra quân.\n",
            "3015/UBND-TN",
        ),
    ],
)
def test_a_portal_item_names_the_document_it_reports_on(text: str, number: str) -> None:
    assert _extract(text).header.number == number


def test_a_document_a_sentence_cites_is_not_the_items_own() -> None:
    extraction = _extract(
        "Tin tức\nTheo Công văn số 12/UBND-VX của UBND tỉnh, các xã rà soát hộ nghèo.\n"
    )
    assert extraction.header.number is None


def test_a_city_or_town_written_short_and_glued_to_its_name_is_named_whole() -> None:
    extraction = _extract(
        "TIN TỨC\nChấn chỉnh khai thác cát\n"
        "Chủ tịch UBND tỉnh yêu cầu UBND TP.Phan Thiết rà soát hồ sơ khai thác cát.\n"
    )
    assert extraction.assignments[0].lead == ("Ủy ban nhân dân TP. Phan Thiết",)


def test_a_verb_that_ends_a_noun_with_the_word_before_it_stays_in_the_name() -> None:
    extraction = _extract(
        "CHỈ THỊ\nVề biên chế năm 2024\n"
        "Yêu cầu các đơn vị sự nghiệp công lập trực thuộc UBND tỉnh rà soát biên chế.\n"
        "Giao Ban Quản lý dự án công trình giao thông tỉnh trình phê duyệt hồ sơ.\n"
        "Giao Phòng Nội vụ lập danh sách.\n"
    )
    assert _leads(extraction) == [
        ["cac don vi su nghiep cong lap truc thuoc uy ban nhan dan tinh"],
        ["ban quan ly du an cong trinh giao thong tinh"],
        ["phong noi vu"],
    ]


def test_whose_request_a_task_follows_is_no_deadline_and_the_date_after_it_is() -> None:
    extraction = _extract(
        "CÔNG VĂN\nV/v rà soát cơ sở gây ô nhiễm\n"
        "Sở Tài nguyên và Môi trường chủ trì rà soát các cơ sở gây ô nhiễm theo yêu cầu của Bộ"
        " Tài nguyên và Môi trường tại Công văn số 10/BTNMT ngày 22/3/2024. Kết quả báo cáo"
        " Chủ tịch UBND tỉnh trước ngày 15/4/2024.\n"
        "Giao Phòng Nội vụ báo cáo khi có yêu cầu.\n"
    )
    deadlines = [a.deadline for a in extraction.assignments]
    assert deadlines[0] is not None
    assert deadlines[0].due == date(2024, 4, 15)
    assert deadlines[1] is not None
    assert deadlines[1].due is None  # on request: no date


def test_a_committees_subcommittees_are_units() -> None:
    extraction = _extract(
        "KẾ HOẠCH\nPhòng chống thiên tai năm 2024\n"
        "Các tiểu ban phải xây dựng phương án phòng chống thiên tai của đơn vị mình.\n"
        "Tiểu ban Hậu cần chuẩn bị lương thực, thuốc men.\n"
    )
    assert _leads(extraction) == [["cac tieu ban"], ["tieu ban hau can"]]


def test_stations_teams_rangers_and_the_portal_are_units() -> None:
    extraction = _extract(
        "THÔNG BÁO\nKết luận của Chủ tịch UBND huyện\n"
        "1. Các đồn biên phòng tăng cường tuần tra trên địa bàn đóng quân.\n"
        "2. Đồn Công an Khu công nghiệp phối hợp với UBND xã rà soát người lao động.\n"
        "3. Chỉ đạo kiểm lâm địa bàn bám sát cơ sở, kịp thời phát hiện cháy rừng.\n"
        "4. Tổ kiểm tra liên ngành xã kiểm tra các hộ kinh doanh trước ngày 30/4/2024.\n"
        "5. Cảnh sát PCCC huyện hướng dẫn các cơ sở kiểm tra an toàn.\n"
        "6. Giao Trung tâm Văn hóa - Thể thao huyện; Cổng thông tin điện tử huyện đăng tải "
        "thông báo này.\n"
    )
    assert _leads(extraction) == [
        ["cac don bien phong"],
        ["don cong an khu cong nghiep"],
        ["kiem lam dia ban"],
        ["to kiem tra lien nganh xa"],
        ["canh sat phong chay, chua chay huyen"],
        ["trung tam van hoa - the thao huyen", "cong thong tin dien tu huyen"],
    ]
    assert extraction.assignments[3].deadline is not None


def test_a_delegation_at_work_is_a_visit_report_not_a_task() -> None:
    # "Đoàn công tác" in news is the visiting delegation: what it does there is reported
    extraction = _extract("Sáng 12/3, Đoàn công tác kiểm tra tại xã Thịnh Sơn.\n")
    assert extraction.assignments == ()


def test_a_verb_that_opens_with_a_syllable_of_a_name_word_ends_the_name() -> None:
    # "huy" of "chỉ huy", "thường" of "thường trực": the verb is no part of a plural level
    extraction = _extract(
        "THÔNG BÁO\nKết luận của Chủ tịch UBND huyện\n"
        "1. Giao UBND các xã, thị trấn huy động lực lượng tham gia dọn vệ sinh.\n"
        "2. Chỉ đạo Công an các huyện, thành phố huy động lực lượng kiểm tra.\n"
        "3. UBND các xã thường xuyên kiểm tra các công trình thủy lợi.\n"
        "4. Chi cục Thống kê huyện thống kê số liệu trước ngày 10/4/2024.\n"
    )
    assert _leads(extraction) == [
        ["uy ban nhan dan cac xa, thi tran"],
        ["cong an cac huyen, thanh pho"],
        ["uy ban nhan dan cac xa"],
        ["chi cuc thong ke huyen"],
    ]


def test_people_named_by_their_duty_lead_the_task() -> None:
    extraction = _extract(
        "THÔNG BÁO\nKết luận cuộc họp Ban Chỉ đạo xây dựng nông thôn mới xã\n"
        "1. Theo kết luận cuộc họp, các đồng chí phụ trách từng tiêu chí sẽ góp ý vào danh "
        "mục chậm nhất ngày 30/3/2024.\n"
        "2. Yêu cầu các đồng chí được phân công phụ trách bám sát cơ sở, chỉ đạo quyết liệt.\n"
        "3. Công chức được phân công phụ trách lĩnh vực đất đai rà soát hồ sơ.\n"
        "4. Ban Chỉ đạo ban hành thông báo phân công thành viên phụ trách các thôn.\n"
    )
    assert _leads(extraction)[:3] == [
        ["cac dong chi phu trach tung tieu chi"],
        ["cac dong chi duoc phan cong phu trach"],
        ["cong chuc duoc phan cong phu trach linh vuc dat dai"],
    ]
    # the members assigned are the object of the notice, not who is asked
    assert all("thanh vien" not in " ".join(leads) for leads in _leads(extraction))


def test_a_purpose_clauses_date_is_no_deadline_when_the_task_states_its_own() -> None:
    extraction = _extract(
        "THÔNG BÁO\nKết luận của Chủ tịch UBND xã\n"
        "1. Phòng Nội vụ góp ý danh mục chậm nhất ngày 30/3/2024 để xã đạt chuẩn trong năm "
        "2024.\n"
        "2. Các chi bộ khẩn trương chuẩn bị các điều kiện để tổ chức đại hội, xong trước "
        "ngày 20/7/2024.\n"
        "3. Văn phòng gửi báo cáo trước ngày 10/5/2024, nhằm hoàn thành kế hoạch năm 2024.\n"
    )
    dues = [a.deadline.due if a.deadline else None for a in extraction.assignments]
    assert dues == [date(2024, 3, 30), date(2024, 7, 20), date(2024, 5, 10)]


def test_a_sentence_with_no_subject_goes_on_with_the_task_before_it() -> None:
    extraction = _extract(
        "THÔNG BÁO\nKết luận của Chủ tịch UBND xã\n"
        "Chủ tịch UBND xã yêu cầu Phòng Nội vụ rà soát biên chế. Xây dựng kế hoạch tuyển "
        "dụng năm 2024.\n\n"
        "Văn phòng UBND xã tổng hợp ý kiến. Trong quá trình thực hiện, nếu có vướng mắc thì "
        "báo cáo UBND xã. Thực hiện Kế hoạch số 12/KH-UBND của huyện.\n"
    )
    quotes = [(fold(a.lead[0]), a.quote) for a in extraction.assignments]
    assert quotes == [
        (
            "phong noi vu",
            "Chủ tịch UBND xã yêu cầu Phòng Nội vụ rà soát biên chế. Xây dựng kế hoạch tuyển "
            "dụng năm 2024.",
        ),
        # a formula and a citation go on with nobody's task
        ("van phong uy ban nhan dan xa", "Văn phòng UBND xã tổng hợp ý kiến."),
    ]


def test_a_speaker_named_with_long_titles_directs_whom_they_ask() -> None:
    extraction = _extract(
        "Kết luận buổi họp, đồng chí Lăng Văn An, Bí thư Đảng ủy, Trưởng Ban chỉ đạo xây "
        "dựng nông thôn mới của xã yêu cầu các thôn rà soát các tiêu chí.\n"
    )
    assert _leads(extraction) == [["cac thon"]]


def test_who_reports_at_a_meeting_is_news_and_a_report_asked_says_to_whom_or_when() -> None:
    extraction = _extract(
        "UBND huyện họp giao ban tháng 3\n"
        "Tại cuộc họp, Phòng Kinh tế và Hạ tầng báo cáo kết quả phúc tra chợ văn minh. "
        "Các tổ chức chính trị - xã hội cũng báo cáo tình hình chuẩn bị đại hội.\n"
        "Lãnh đạo UBND xã trao quà cho các em thiếu nhi có hoàn cảnh khó khăn.\n"
        "Kết luận cuộc họp, Chủ tịch UBND huyện yêu cầu Phòng Nội vụ báo cáo kết quả về UBND "
        "huyện trước ngày 10/4/2024.\n"
        "UBND các xã báo cáo UBND huyện (qua Công an huyện) khi có thay đổi số tổ an ninh.\n"
    )
    assert _leads(extraction) == [["phong noi vu"], ["uy ban nhan dan cac xa"]]


def test_a_sentence_with_its_own_date_after_a_dated_task_is_the_units_next_task() -> None:
    extraction = _extract(
        "THÔNG BÁO\nKết luận của Chủ tịch UBND xã\n"
        "Công an xã rà soát người tạm trú trước ngày 10/4/2024. Hoàn thành cấp căn cước "
        "trước ngày 30/5/2024.\n\n"
        "Văn phòng UBND xã tổng hợp ý kiến; hoàn thành trước ngày 15/4/2024.\n"
    )
    assert _lead_and_due(extraction) == [
        ("cong an xa", date(2024, 4, 10)),
        ("cong an xa", date(2024, 5, 30)),
        # a clause of the same sentence still dates the task it ends
        ("van phong uy ban nhan dan xa", date(2024, 4, 15)),
    ]


# --- a time that opens the sentence ------------------------------------------------------------


def test_a_period_that_opens_a_sentence_is_the_period_its_task_is_done_in() -> None:
    extraction = _extract(
        "KẾ HOẠCH\nHoạt động của Ủy ban MTTQ Việt Nam xã\n"
        "Quý II/2024, Ủy ban MTTQ Việt Nam xã tiếp tục vận động Nhân dân tham gia giữ gìn "
        "vệ sinh môi trường.\n"
        "Tháng 5/2024, Đoàn Thanh niên xã chủ trì tổ chức ngày hội hiến máu tình nguyện.\n"
        "Tháng 01/2024, Hội Nông dân xã đã tổ chức tập huấn kỹ thuật trồng lúa.\n"
    )
    assert _lead_and_due(extraction) == [
        ("uy ban mat tran to quoc viet nam xa", date(2024, 6, 30)),
        ("doan thanh nien xa", date(2024, 5, 31)),
        # a month already past when the plan is issued tells what was done (no task here)
    ]


def test_a_past_period_opening_a_sentence_dates_no_task() -> None:
    deadline = find_deadline(
        "Tháng 01/2024, Hội Nông dân xã phải tổng kết mô hình.", date(2024, 3, 5)
    )
    assert deadline is None


def test_the_time_a_sentence_opens_with_holds_for_each_of_its_tasks() -> None:
    extraction = _extract(
        "KẾ HOẠCH\nBảo đảm trật tự an toàn giao thông dịp Tết\n"
        "Theo đó, trong thời gian từ đầu tháng 4/2024 tới ngày 20/5/2024, Công an huyện bố trí "
        "lực lượng tuần tra, kiểm soát trên các tuyến đường; chỉ đạo Công an các xã tăng cường "
        "kiểm tra xe chở quá số người quy định.\n"
    )
    assert _lead_and_due(extraction) == [
        ("cong an huyen", date(2024, 5, 20)),
        ("cong an cac xa", date(2024, 5, 20)),
    ]


def test_a_date_range_opening_a_sentence_without_a_comma_dates_its_subjects_task() -> None:
    extraction = _extract(
        "KẾ HOẠCH\nTuyển chọn công dân nhập ngũ năm 2025\n"
        "Theo kế hoạch, từ ngày 10/6 - 25/7/2024 các thôn, khối phố tiến hành rà soát công dân"
        " trong độ tuổi; từ ngày 01/8 - 20/8/2024 UBND các xã tổng hợp danh sách gửi Hội đồng"
        " NVQS huyện.\n"
        "Từ ngày 01/9/2024 đến ngày 05/9/2024 Ban cán sự thôn tiến hành họp dân lấy ý kiến.\n"
        "Ban vận động Quỹ Vì người nghèo huyện tiến hành tổng hợp kết quả vận động.\n"
    )
    assert _lead_and_due(extraction) == [
        ("cac thon, khoi pho", date(2024, 7, 25)),  # one group: the comma is the list's
        ("uy ban nhan dan cac xa", date(2024, 8, 20)),
        ("ban can su thon", date(2024, 9, 5)),
        ("ban van dong quy vi nguoi ngheo huyen", None),
    ]


# --- paragraphs that lost their bullets --------------------------------------------------------


def test_a_paragraph_opening_with_a_task_verb_goes_on_with_the_unit_given_a_task_before() -> None:
    extraction = _extract(
        "THÔNG BÁO\nChuẩn bị Tết Nguyên đán\n"
        "UBND huyện giao Chủ tịch UBND các xã, thị trấn vận động Nhân dân treo cờ Tổ quốc.\n"
        "Bố trí lịch trực cơ quan trong những ngày nghỉ Tết, bảo đảm an toàn trụ sở.\n"
        "Tiếp tục kiểm tra, giám sát công tác phòng, chống cháy nổ trên địa bàn.\n"
        "Báo cáo gửi về UBND huyện trước ngày 10/02/2024.\n"
        "Thực hiện chỉ đạo của Ban Thường vụ Huyện ủy tại Công văn số 12-CV/HU, Phòng Văn hóa và"
        " Thông tin tổ chức tuyên truyền trên hệ thống loa truyền thanh.\n"
    )
    leads = _leads(extraction)
    communes = [fold("Chủ tịch Ủy ban nhân dân các xã, thị trấn")]
    assert leads[:3] == [communes, communes, communes]
    # a report of the task before, and a citation, are no tasks of those communes
    assert leads[3:] == [["phong van hoa va thong tin"]]


def test_a_paragraph_that_directs_another_body_is_not_the_unit_befores() -> None:
    extraction = _extract(
        "THÔNG BÁO\nQuyết toán công trình\n"
        "Giao Phòng Tài chính - Kế hoạch thẩm tra quyết toán các công trình hoàn thành.\n"
        "Chỉ đạo chủ đầu tư hoàn thiện hồ sơ trước ngày 15/4/2024.\n"
    )
    assert [fold("Phòng Tài chính - Kế hoạch")] in _leads(extraction)
    assert _leads(extraction).count([fold("Phòng Tài chính - Kế hoạch")]) == 1


def test_work_that_starts_from_a_month_has_no_deadline() -> None:
    issued = date(2024, 1, 10)
    month = find_deadline("Triển khai các chuỗi liên kết ngay từ tháng 3/2024.", issued)
    assert month is not None
    assert (month.start, month.due) == (date(2024, 3, 1), None)
    quarter = find_deadline("Thực hiện từ quý II/2024.", issued)
    assert quarter is not None
    assert (quarter.start, quarter.due) == (date(2024, 4, 1), None)
    span = find_deadline("Thực hiện từ tháng 3/2024 đến tháng 5/2024.", issued)
    assert span is not None
    assert span.due == date(2024, 5, 31)


def test_a_units_document_to_send_is_that_units_task() -> None:
    extraction = _extract(
        "THÔNG BÁO\nTổ chức trực Tết\n"
        "Lịch trực Tết của các cơ quan, đơn vị thuộc UBND huyện gửi về Văn phòng HĐND và UBND"
        " huyện trước ngày 13/02/2024.\n"
        "Báo cáo của UBND xã cho thấy tình hình an ninh ổn định.\n"
        "Báo cáo kết quả kiểm tra của Phòng Tư pháp gửi UBND huyện trước ngày 20/3/2024.\n"
    )
    assert _lead_and_due(extraction) == [
        (fold("các cơ quan, đơn vị thuộc Ủy ban nhân dân huyện"), date(2024, 2, 13)),
        # what a report said is no task
        ("phong tu phap", date(2024, 3, 20)),
    ]


def test_a_unit_said_to_be_given_a_task_after_an_opening_phrase_leads_it() -> None:
    extraction = _extract(
        "THÔNG BÁO\nÝ kiến chỉ đạo về trật tự xây dựng\n"
        "Trong khi chờ hướng dẫn của Bộ Xây dựng, Sở Xây dựng được giao nghiên cứu, đề xuất giải"
        " pháp tháo gỡ vướng mắc, báo cáo UBND tỉnh trước ngày 30/9/2024.\n"
    )
    assert _leads(extraction) == [["so xay dung"]]
    assert extraction.assignments[0].deadline is not None


def test_those_asked_and_those_requested_in_one_sentence_lead_together() -> None:
    extraction = _extract(
        "CHỈ THỊ\nVề phòng cháy, chữa cháy rừng mùa khô\n"
        "Chủ tịch UBND tỉnh yêu cầu Giám đốc các sở, Chủ tịch UBND các huyện và đề nghị các cơ"
        " quan Trung ương đóng trên địa bàn tỉnh thực hiện tốt các nhiệm vụ phòng cháy rừng.\n"
        "Thủ trưởng các phòng thuộc UBND huyện và đề nghị Ủy ban MTTQ huyện phối hợp tuyên"
        " truyền trên địa bàn.\n"
    )
    assert _leads(extraction) == [
        [
            fold("Giám đốc các sở"),
            fold("Chủ tịch Ủy ban nhân dân các huyện"),
            fold("các cơ quan Trung ương đóng trên địa bàn tỉnh"),
        ],
        [
            fold("Thủ trưởng các phòng thuộc Ủy ban nhân dân huyện"),
            fold("Ủy ban Mặt trận Tổ quốc huyện"),
        ],
    ]


def test_a_schedule_entry_dates_its_tasks_and_a_dateline_reports() -> None:
    extraction = _extract(
        "KẾ HOẠCH\nTổ chức hội khỏe Phù Đổng cấp huyện\n"
        "Ngày 12/4/2024: Các trường tiểu học gửi danh sách vận động viên về Phòng Giáo dục.\n"
        "Ngày 15-16/4/2024: Trung tâm Văn hóa huyện chuẩn bị sân thi đấu.\n"
        "Ngày 18/4-20/4/2024: Phòng Giáo dục và Đào tạo tổ chức thi đấu các môn.\n"
        "Ngày 22/3, UBND huyện tổ chức hội nghị triển khai kế hoạch năm 2024.\n"
    )
    assert _lead_and_due(extraction) == [
        (fold("Các trường tiểu học"), date(2024, 4, 12)),
        (fold("Trung tâm Văn hóa huyện"), date(2024, 4, 16)),  # a range: its last day
        (fold("Phòng Giáo dục và Đào tạo"), date(2024, 4, 20)),
        # a dateline with a comma says when a meeting was held: no task
    ]


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("ngày 25/4/2024 là hạn cuối các xã nộp hồ sơ", date(2024, 4, 25)),  # the cue after
        ("các xã thu hoạch lúa trước ngày 2/9/ để tránh bão", date(2024, 9, 2)),  # a stray slash
        ("hoàn thành trong các ngày 8/7-17/7/2024", date(2024, 7, 17)),
        ("hoàn thành trong các ngày 18-19/6/2024", date(2024, 6, 19)),
    ],
)
def test_deadline_forms_of_schedules(text: str, due: date) -> None:
    found = find_deadline(text, date(2024, 3, 5))
    assert found is not None
    assert found.due == due


def test_a_field_s_own_comma_stays_in_a_unit_s_name() -> None:
    span = parse_units_at(
        "Chi cục yêu cầu Hạt Kiểm lâm rừng phòng hộ Sông Lũy; Đội Kiểm lâm cơ động và phòng cháy,"
        " chữa cháy rừng; Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ tăng cường"
        " tuần tra.",
        16,
    )
    assert span is not None
    assert span.names == (
        "Hạt Kiểm lâm rừng phòng hộ Sông Lũy",
        "Đội Kiểm lâm cơ động và phòng cháy, chữa cháy rừng",
        "Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ",
    )
    # a list of bodies keeps its commas: "Sở Y tế, Sở Tài chính" is two
    listed = parse_units_at("Sở Y tế, Sở Tài chính phối hợp", 0)
    assert listed is not None
    assert listed.names == ("Sở Y tế", "Sở Tài chính")
    # a school's level is part of its name; a word like one, alone, is not
    for text, name in (
        (
            "Các trường tiểu học, trung học cơ sở tổ chức ôn tập",
            "Các trường tiểu học, trung học cơ sở",
        ),
        ("Hội Nông dân non tay nghề được tập huấn", "Hội Nông dân"),
    ):
        span = parse_units_at(text, 0)
        assert span is not None
        assert span.names == (name,)


def test_a_body_every_level_has_is_carried_over_a_list_of_levels() -> None:
    extraction = _extract(
        "CÔNG VĂN\nVề phòng chống sốt xuất huyết\n"
        "1. Giao UBND thành phố Bảo Lộc và các huyện, thị xã tổ chức ra quân diệt lăng quăng.\n"
        "2. Sở Y tế, các huyện có ổ dịch báo cáo hằng tuần.\n"
    )
    assert _leads(extraction) == [
        [fold("Ủy ban nhân dân thành phố Bảo Lộc"), fold("Ủy ban nhân dân các huyện, thị xã")],
        # a department is at one level only: the districts stay as written
        [fold("Sở Y tế"), fold("các huyện")],
    ]


def test_a_unit_named_after_among_them_has_its_task() -> None:
    extraction = _extract(
        "THÔNG BÁO\nVề lễ phát động\n"
        "Chủ tịch UBND tỉnh đã phân công các sở, ngành và UBND các huyện trong đó Sở Văn hóa là"
        " cơ quan thường trực chủ trì chuẩn bị sân khấu cho buổi lễ.\n"
    )
    assert _leads(extraction) == [["so van hoa"]]


def test_a_councils_deputies_are_asked_and_a_count_after_an_event_has_no_date() -> None:
    extraction = _extract(
        "THÔNG BÁO\nLịch tiếp công dân quý II/2024\n"
        "- Đề nghị đại biểu HĐND huyện thực hiện tiếp công dân theo quy định.\n"
        "- Đại biểu HĐND huyện tổng hợp kết quả gửi Thường trực HĐND huyện chậm nhất 03 ngày"
        " sau khi tiếp công dân.\n"
    )
    assert _lead_and_due(extraction) == [
        (fold("đại biểu Hội đồng nhân dân huyện"), None),
        # "sau khi tiếp công dân": after an event whose date is not written
        (fold("Đại biểu Hội đồng nhân dân huyện"), None),
    ]
    received = find_deadline("chậm nhất 05 ngày sau khi nhận được văn bản này", date(2024, 3, 5))
    assert received is not None
    assert received.due == date(2024, 3, 11)  # the receipt taken as the issue: 10/3 is Sunday
