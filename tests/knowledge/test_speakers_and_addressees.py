"""Who speaks and who is asked in portal items and notices the extractor once missed, on
sentences written for these tests (never copied from a corpus passage), read as the product
reads a .txt file (issue 11, eleventh session's batch)."""

from __future__ import annotations

from datetime import date

from knowledge.deadlines import find_deadline
from knowledge.text import fold
from tests.extracting import extract as _extract
from tests.extracting import leads as _leads


def test_telling_the_people_is_a_task_s_second_verb_not_the_letter_s_transmission() -> None:
    extraction = _extract(
        "THÔNG BÁO\nVề lễ Quốc khánh\n"
        "1. Trưởng các khu phố tổ chức tổng vệ sinh và thông báo cho Nhân dân treo cờ.\n"
        "2. Văn phòng UBND phường thông báo để các đơn vị biết, thực hiện.\n"
    )
    assert _leads(extraction) == [["truong cac khu pho"]]


def test_a_person_told_of_by_name_who_directs_gives_the_task_to_whom_he_directs() -> None:
    extraction = _extract(
        "TIN HOẠT ĐỘNG\nHọp bàn chuẩn bị kỳ họp HĐND huyện\n"
        "Sau khi nghe các phòng báo cáo, ông Lê Văn Tâm chỉ đạo: Văn phòng HĐND và UBND huyện"
        " phối hợp với Phòng Tư pháp rà soát các tờ trình.\n"
        "Về các ý kiến của cử tri, ông chỉ đạo các phòng chuyên môn chuẩn bị báo cáo giải"
        " trình, gửi UBND huyện chậm nhất ngày 20-3.\n"
        "Bà Hoa đề nghị Hội Phụ nữ huyện vận động hội viên tham gia.\n"
    )
    assert _leads(extraction) == [
        ["van phong hoi dong nhan dan va uy ban nhan dan huyen"],
        ["cac phong chuyen mon"],
        ["hoi phu nu huyen"],
    ]
    assert extraction.assignments[0].cooperate == ("Phòng Tư pháp",)
    deadline = extraction.assignments[1].deadline
    assert deadline is not None
    assert deadline.due == date(2024, 3, 20)


def test_a_locality_asked_by_its_place_name_is_its_authority() -> None:
    extraction = _extract(
        "TIN HOẠT ĐỘNG\nĐoàn công tác của tỉnh làm việc tại cơ sở\n"
        "Kết thúc buổi làm việc, Phó Chủ tịch UBND tỉnh đề nghị xã Tân Lập: Rà soát hộ nghèo"
        " trên địa bàn.\n"
        "Đồng chí cũng yêu cầu huyện Mường Tè chỉ đạo hoàn thành đường giao thông nông thôn.\n"
        # a level word alone, or a place that is no addressee, gives nothing
        "Bà con đề nghị xã sớm làm đường.\n"
        "Đoàn đã đến thăm xã Tân Lập và huyện Mường Tè.\n"
    )
    assert _leads(extraction) == [["xa tan lap"], ["huyen muong te"]]


def test_an_item_listed_after_a_colon_that_opens_with_to_chuc_is_the_unit_s_task() -> None:
    extraction = _extract(
        "THÔNG BÁO\nKết luận họp Ban tổ chức\n"
        "UBND huyện yêu cầu Trung tâm Văn hóa huyện thực hiện tốt các nội dung như: Triển khai"
        " kế hoạch tuyên truyền. Tổ chức một số hoạt động thể thao chào mừng ngày giải phóng.\n"
    )
    assert _leads(extraction) == [["trung tam van hoa huyen"], ["trung tam van hoa huyen"]]


def test_a_holiday_named_after_trong_ngay_is_no_deadline_of_the_same_day() -> None:
    extraction = _extract(
        "THÔNG BÁO\nVề nghỉ lễ\n"
        "1. Công an xã bố trí lực lượng trực trong ngày nghỉ để bảo vệ cơ quan.\n"
        "2. Công chức Văn hóa - Xã hội tuyên truyền cổ động trong ngày Tết Nguyên đán.\n"
        "3. Văn phòng UBND xã tổng hợp tình hình, báo cáo trong ngày.\n"
    )
    dues = [a.deadline.due if a.deadline else None for a in extraction.assignments]
    assert dues == [None, None, date(2024, 3, 5)]  # "trong ngày" alone: the issue day


def test_a_party_caucus_in_a_list_after_a_group_is_a_body_of_its_own() -> None:
    extraction = _extract(
        "CÔNG VĂN\nVề phòng, chống dịch\n"
        "Ban Thường vụ Huyện ủy yêu cầu các chi bộ, Đảng đoàn HĐND huyện, Ban Cán sự Đảng UBND"
        " huyện triển khai nghiêm các biện pháp phòng dịch.\n"
    )
    assert _leads(extraction) == [
        [
            "cac chi bo",
            "dang doan hoi dong nhan dan huyen",
            "ban can su dang uy ban nhan dan huyen",
        ]
    ]


def test_a_leader_s_visit_told_as_news_and_a_closing_formula_give_no_task() -> None:
    extraction = _extract(
        "TIN HOẠT ĐỘNG\nBí thư Huyện ủy làm việc tại xã\n"
        "Bí thư Huyện ủy Trần Văn Nam tham quan mô hình trồng cam tại thôn 3.\n"
        "Đồng chí Bí thư Huyện ủy đến thăm gia đình chính sách trên địa bàn xã.\n"
        "UBND huyện yêu cầu các phòng, ban, ngành huyện thực hiện tốt tinh thần Thông báo"
        " này./.\n"
    )
    assert extraction.assignments == ()


def test_a_bare_group_then_a_colon_names_its_members_and_ub_mttq_is_the_front_s_committee() -> (
    None
):
    extraction = _extract(
        "THÔNG BÁO\nVề trực Tết\n"
        "2. Các đơn vị: Công an xã, Ban Chỉ huy Quân sự xã, Trạm Y tế xã bố trí lực lượng trực.\n"
        "3. Đề nghị UB MTTQ, các đoàn thể chính trị phối hợp tuyên truyền.\n"
    )
    assert _leads(extraction) == [
        ["cong an xa", "ban chi huy quan su xa", "tram y te xa"],
        ["uy ban mat tran to quoc", "cac doan the chinh tri"],
    ]


def test_the_standing_body_written_alone_is_the_one_named_before() -> None:
    extraction = _extract(
        "TIN HOẠT ĐỘNG\nPhiên họp Thường trực HĐND huyện tháng 1\n"
        "Thường trực HĐND huyện dự kỳ họp tại các xã. Các Ban HĐND huyện xây dựng kế hoạch"
        " giám sát trong quý I/2024; đồng thời Thường trực hướng dẫn các tổ đại biểu xây dựng"
        " kế hoạch giám sát.\n"
    )
    assert _leads(extraction) == [
        ["thuong truc hoi dong nhan dan huyen"],
        ["cac ban hoi dong nhan dan huyen"],
        ["thuong truc hdnd huyen"],
    ]
    assert "Thường trực hướng dẫn" not in extraction.assignments[1].quote


def test_phong_ban_is_one_word_for_a_body_s_offices() -> None:
    extraction = _extract(
        "THÔNG BÁO\nVề trực Tết\n"
        "1. Các phòng ban chuyên môn bố trí lịch trực.\n"
        "2. UBND phường phối hợp với các phòng ban chức năng quận giải quyết dứt điểm kiến nghị.\n"
    )
    assert _leads(extraction) == [["cac phong ban chuyen mon"], ["uy ban nhan dan phuong"]]
    assert extraction.assignments[1].cooperate == ("các phòng ban chức năng quận",)


def test_the_period_a_list_is_announced_for_dates_its_undated_tasks() -> None:
    extraction = _extract(
        "THÔNG BÁO\nKết luận giao ban tháng 8/2024\n"
        "Nhiệm vụ trọng tâm tháng 9/2024:\n"
        "- Phòng Nội vụ rà soát biên chế.\n"
        "- Phòng Tư pháp kiểm tra hồ sơ trước ngày 15/9/2024.\n"
        "Các nội dung khác:\n"
        "- Phòng Y tế theo dõi dịch bệnh.\n"
        "Chủ tịch kết luận một số nhiệm vụ cần tập trung trong tháng 10/2024: yêu cầu Phòng"
        " Tài chính rà soát dự toán. Phòng Giáo dục chuẩn bị khai giảng.\n"
        "Phòng Văn hóa tổ chức giải bóng đá.\n",
        issued=date(2024, 8, 30),
    )
    dues = [
        (fold(a.lead[0]), a.deadline.due if a.deadline else None) for a in extraction.assignments
    ]
    assert dues == [
        ("phong noi vu", date(2024, 9, 30)),
        ("phong tu phap", date(2024, 9, 15)),  # its own date wins
        ("phong y te", None),  # another list
        ("phong tai chinh", date(2024, 10, 31)),
        ("phong giao duc", date(2024, 10, 31)),
        ("phong van hoa", None),  # the paragraph after
    ]


def test_trong_tam_is_no_count_of_eight_months() -> None:
    # folded, "trọng tâm tháng 9" reads "trong tám tháng" (within eight months)
    assert find_deadline("triển khai nhiệm vụ trọng tâm tháng 9", date(2024, 8, 30)) is None
    eight = find_deadline("hoàn thành trong tám tháng", date(2024, 1, 5))
    assert eight is not None
    assert eight.due == date(2024, 9, 5)


def test_the_body_advised_is_no_subject_and_tren_co_so_ends_a_name() -> None:
    extraction = _extract(
        "TIN HOẠT ĐỘNG\nKết luận cuộc họp về đất đai\n"
        "UBND huyện giao Phòng Tài nguyên và Môi trường rà soát hồ sơ đất đai. Đồng thời, tham"
        " mưu UBND huyện xây dựng kế hoạch kiểm tra hằng tháng.\n"
        "Trưởng thôn, Ban công tác mặt trận các thôn trên cơ sở danh sách cử tri chịu trách"
        " nhiệm rà soát, niêm yết danh sách cử tri.\n"
    )
    assert _leads(extraction) == [
        ["phong tai nguyen va moi truong"],
        ["phong tai nguyen va moi truong"],  # who advises, not UBND huyện
        ["truong thon", "ban cong tac mat tran cac thon"],
    ]
    assert extraction.assignments[1].task.startswith("Tham mưu UBND huyện")  # no "Đồng thời,"


def test_a_portal_item_s_byline_is_no_task() -> None:
    extraction = _extract(
        "TIN HOẠT ĐỘNG\nGiám sát Chi bộ UBND xã năm 2024\n"
        "Đoàn giám sát yêu cầu Chi bộ UBND xã nghiêm túc khắc phục hạn chế.\n"
        "Thực hiện: Thanh Loan\n"
        "Tin, ảnh: Minh Anh\n"
    )
    assert _leads(extraction) == [["chi bo uy ban nhan dan xa"]]


def test_an_toan_is_no_quantifier_inside_a_name() -> None:
    extraction = _extract(
        "CÔNG VĂN\nVề trực lễ\n"
        "Công an tỉnh, Văn phòng Ban An toàn giao thông báo cáo nhanh tình hình về Văn phòng"
        " UBND tỉnh trước 16 giờ hằng ngày.\n"
    )
    assert _leads(extraction) == [["cong an tinh", "van phong ban an toan giao thong"]]


def test_a_meeting_held_successfully_is_reported_not_assigned() -> None:
    extraction = _extract(
        "TIN HOẠT ĐỘNG\nThường trực HĐND huyện họp thường kỳ\n"
        "Trong tháng 8, Thường trực HĐND huyện tổ chức thành công kỳ họp thứ 10.\n"
        "Thường trực HĐND huyện chuẩn bị tổ chức kỳ họp bất thường.\n"
    )
    assert _leads(extraction) == [["thuong truc hoi dong nhan dan huyen"]]
    assert extraction.assignments[0].task.startswith("Chuẩn bị")


def test_a_title_over_a_group_keeps_the_kinds_listed_after_it() -> None:
    extraction = _extract(
        "CHỈ THỊ\nVề tăng cường kỷ cương hành chính\n"
        "1. Thủ trưởng các sở, ban ngành, đơn vị sự nghiệp trực thuộc UBND tỉnh, Chủ tịch UBND"
        " các huyện quán triệt Chỉ thị này.\n"
        # a new "các" opens a group of its own; a ";" ends the title's list
        "2. Giám đốc các sở, ngành; các cơ quan Trung ương trên địa bàn tỉnh thực hiện"
        " nghiêm các quy định về kỷ cương.\n"
    )
    assert _leads(extraction) == [
        [
            "thu truong cac so, ban nganh, don vi su nghiep truc thuoc uy ban nhan dan tinh",
            "chu tich uy ban nhan dan cac huyen",
        ],
        ["giam doc cac so, nganh", "cac co quan trung uong tren dia ban tinh"],
    ]


def test_a_long_name_in_small_letters_runs_on_to_the_lead_role() -> None:
    extraction = _extract(
        "TIN HOẠT ĐỘNG\nXây dựng huyện nông thôn mới\n"
        "Văn phòng Điều phối chương trình mục tiêu quốc gia xây dựng nông thôn mới tỉnh chủ trì,"
        " phối hợp Sở Nông nghiệp hướng dẫn UBND huyện thực hiện các tiêu chí.\n"
        # who assigns, or a duty, is no part of the name before "chủ trì"
        "UBND tỉnh giao Sở Xây dựng chủ trì, phối hợp Sở Tài chính rà soát đơn giá.\n"
    )
    assert _leads(extraction) == [
        ["van phong dieu phoi chuong trinh muc tieu quoc gia xay dung nong thon moi tinh"],
        ["so xay dung"],
    ]


def test_a_name_cut_at_nguoi_is_no_subject() -> None:
    extraction = _extract(
        "THÔNG BÁO\nNghỉ Tết Nguyên đán\n"
        "1. Cán bộ, công chức và người hoạt động không chuyên trách công tác tại cơ quan xã được"
        " nghỉ Tết từ ngày 08/02/2024 đến hết ngày 14/02/2024.\n"
        "2. Trưởng các thôn tổ chức dọn vệ sinh đường làng, ngõ xóm.\n"
    )
    assert _leads(extraction) == [["truong cac thon"]]
