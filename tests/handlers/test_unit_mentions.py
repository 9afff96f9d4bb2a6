"""Where a question names a unit, and where words only look like one: diacritics that tell
"đất đai" from "Đài", activities named like bodies, names that end at a plural level, the
heads of hamlets, and a unit asked about with the place its document is from."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from handlers.answering import Services, answer_text
from handlers.understanding import Intent, misspelled_heads, parse_question
from tests.handlers.notice_services import services_over

TODAY = date(2024, 4, 10)


def units_of(text: str) -> tuple[str, ...]:
    return parse_question(text, TODAY).units


@pytest.mark.parametrize(
    ("text", "heads"),
    [
        ("kiểm kê đất đai xong trước ngày nào", {"dai"}),  # "đai", never "Đài"
        # "trưởng" is no school; "xóm trưởng", "trưởng ban" are heads of their own
        ("xóm trưởng phải làm gì", {"truong"}),
        ("trưởng ban làm gì", {"truong"}),
        ("đề nghị bố mẹ học sinh", {"bo"}),
        ("Đài truyền thanh huyện được giao gì", set()),
        ("dai truyen thanh huyen duoc giao gi", set()),  # typed bare: cannot tell, kept
        ("số liệu gửi Sở Nội vụ", set()),  # "sở" is spelled as a head once: kept
    ],
)
def test_a_head_typed_with_other_diacritics_is_another_word(text: str, heads: set[str]) -> None:
    assert misspelled_heads(text) == heads


def test_a_year_and_a_deadline_word_are_no_part_of_a_name() -> None:
    assert units_of("Cấp huyện báo cáo kiểm kê đất đai năm 2014 trước ngày nào?") == ()
    assert units_of("Đài PT-TH huyện năm 2024 phải làm gì") == ("dai pt-th huyen",)


def test_an_activity_named_like_a_body_is_the_activity() -> None:
    question = parse_question("Việc thanh tra cụm công nghiệp do đơn vị nào chủ trì?", TODAY)
    assert question.units == ()
    assert {"thanh", "tra", "cum"} <= set(question.topic)
    assert units_of("Thanh tra huyện được giao việc gì?") == ("thanh tra huyen",)


@pytest.mark.parametrize(
    "text",
    [
        "báo cáo định kỳ về sắp xếp bộ máy do ai tổng hợp",  # "bộ máy": no ministry
        "hoàn thiện bộ hồ sơ trước ngày nào",
        "UBND huyện bị yêu cầu làm gì về nông thôn mới",  # "nông thôn": no hamlet
        "hạn góp ý kế hoạch sở hữu trí tuệ là ngày nào",  # "sở hữu": no department
        "hội viên phải làm gì",
        "chuẩn bị hội trường cho kỳ họp",
    ],
)
def test_words_that_open_with_a_heads_syllable_are_no_unit(text: str) -> None:
    assert all(m.split()[0] not in {"bo", "thon", "so", "hoi"} for m in units_of(text))


def test_the_heads_those_words_resemble_still_name_units() -> None:
    assert units_of("Bộ Tài chính phải làm gì") == ("bo tai chinh",)
    assert units_of("thôn Đông phải làm gì") == ("thon dong",)
    assert units_of("Hội Nông dân xã được giao gì") == ("hoi nong dan xa",)


def test_a_name_ends_after_a_plural_level() -> None:
    question = parse_question("Ai phối hợp với các xã đẩy nhanh giải phóng mặt bằng?", TODAY)
    assert question.partners == ("cac xa",)
    assert {"day", "nhanh", "giai", "phong", "mat", "bang"} <= set(question.topic)
    # more levels, and where they lie, are still the name
    assert units_of("UBND các xã, thị trấn phải làm gì") == ("ubnd cac xa, thi tran",)
    assert units_of("các xã trên địa bàn huyện phải làm gì") == ("cac xa tren dia ban huyen",)


def test_party_committees_and_hamlet_heads_are_units() -> None:
    assert units_of("Đảng bộ các xã phải quán triệt văn bản nào?") == ("dang bo cac xa",)
    assert units_of("xóm trưởng phải báo cáo gì") == ("xom truong",)
    assert units_of("co nguoi ve thi xom truong phai lam gi") == ("xom truong",)
    assert units_of("hồ sơ Sở Nội vụ phải nộp trước ngày nào") == ("so noi vu",)


def test_the_longest_head_at_a_word_is_the_one_meant() -> None:
    # "ban can" alone reads as "bạn cần"; the party board and the hamlet board are units
    assert units_of("Ban cán sự đảng UBND tỉnh phải xây dựng kế hoạch nào?") == (
        "ban can su dang ubnd tinh",
    )
    assert units_of("ban can su thon phai lam gi") == ("ban can su thon",)
    assert units_of("bạn cần gì?") == ()


def test_a_unit_something_goes_to_is_not_the_one_asked_about() -> None:
    assert units_of("Hạn trình BTV Huyện ủy các báo cáo là khi nào?") == ()
    assert units_of("hồ sơ gửi Sở Nội vụ trước ngày nào") == ()
    assert units_of("Hạn góp ý cho Phòng Tư pháp là ngày nào?") == ()
    assert units_of("Hạn gửi kết quả về BTT UBMTTQ xã là ngày nào?") == ()  # its standing board
    # "giao ... cho X": X is given the task
    assert units_of("văn bản giao những việc gì cho Phòng Tư pháp") == ("phong tu phap",)


COMMUNE_LETTER = """UBND XÃ LIÊN SƠN
Số: 08/CV-UBND
Liên Sơn, ngày 02 tháng 4 năm 2024
CÔNG VĂN
Về việc theo dõi người đến địa bàn
Đề nghị các ông xóm trưởng lập danh sách người từ nơi khác đến địa bàn xóm, báo cáo về UBND xã trước 16 giờ hằng ngày.
"""


@pytest.fixture
def services(db_url: str) -> Iterator[Services]:
    with services_over(db_url, {"cv08.txt": COMMUNE_LETTER}) as services:
        yield services


def test_a_unit_asked_with_its_documents_place_is_found(services: Services) -> None:
    for question in (
        "xóm trưởng xã Liên Sơn phải báo cáo gì?",
        "xom truong xa lien son phai lam gi",
        "các ông xóm trưởng phải làm gì",
    ):
        answer = answer_text(question, services, today=TODAY)
        assert [a.task for a in answer.assignments], question
        assert "danh sách" in answer.assignments[0].task
    # another commune's hamlet heads are not these
    other = answer_text("xóm trưởng xã Tiên Phong phải làm gì", services, today=TODAY)
    assert other.assignments == ()


def test_a_body_named_after_an_event_is_the_events() -> None:
    assert units_of("Hội Nông dân xã được giao gì cho đại hội đảng bộ xã?") == ("hoi nong dan xa",)
    assert units_of("việc nào phải xong trước kỳ họp HĐND huyện") == ()
    assert units_of("Đảng bộ xã được giao gì?") == ("dang bo xa",)


def test_help_is_asked_with_its_own_words_and_a_task_about_help_is_a_task() -> None:
    for text in ("trợ giúp", "hướng dẫn sử dụng", "giúp tôi với", "tôi có thể hỏi những gì?"):
        assert parse_question(text, TODAY).intent is Intent.HELP, text
    for text in (
        "Hạn báo cáo tình hình trợ giúp xã hội dịp Tết là ngày nào?",
        "Hướng dẫn thu hồi đất giao cho ai?",
    ):
        question = parse_question(text, TODAY)
        assert question.intent is not Intent.HELP, text
        assert question.units == (), text  # "xã hội" is no "Hội"


HEALTH_LETTER = """SỞ Y TẾ
Số: 12/SYT-NVY
ngày 20 tháng 9 năm 2022
CÔNG VĂN
Về việc rà soát số trẻ em tiêm vắc xin
Sở Y tế yêu cầu Trung tâm Y tế các huyện, thành phố rà soát số trẻ em theo từng nhóm tuổi, gửi về Sở trước ngày 28/9/2022.
"""


@pytest.fixture
def health(db_url: str) -> Iterator[Services]:
    with services_over(db_url, {"cv12.txt": HEALTH_LETTER}) as services:
        yield services


def test_a_task_for_a_kind_at_every_office_of_a_level_is_each_ones(health: Services) -> None:
    answer = answer_text("TTYT huyện phải rà soát gì?", health, today=date(2022, 9, 21))
    assert [a.task for a in answer.assignments] != []
    assert "nhóm tuổi" in answer.assignments[0].task
    # another kind of body at that level is not given it
    other = answer_text("Phòng Y tế được giao gì?", health, today=date(2022, 9, 21))
    assert other.assignments == ()


SCHOOL_NOTICE = """UBND HUYỆN HÒA BÌNH
Số: 41/TB-UBND
Hòa Bình, ngày 15 tháng 8 năm 2024
THÔNG BÁO
Kết luận của Phó Chủ tịch UBND huyện tại cuộc họp chuẩn bị năm học mới
1. Đề nghị các trường học trên địa bàn huyện hoàn thành sửa chữa phòng học trước ngày 30/8/2024.
2. Giao Phòng Giáo dục và Đào tạo chỉ đạo các trường rà soát sách giáo khoa.
"""


@pytest.fixture
def schools(db_url: str) -> Iterator[Services]:
    with services_over(db_url, {"tb41.txt": SCHOOL_NOTICE}) as services:
        yield services


def test_a_unit_that_goes_on_with_a_speakers_verb_may_be_who_asks(schools: Services) -> None:
    question = parse_question("PCT UBND huyện đề nghị các trường làm gì?", TODAY)
    assert question.speaking == ("ubnd huyen",)
    assert parse_question("UBND xã giao ban ngày nào?", TODAY).speaking == ()
    assert parse_question("UBND huyện được giao gì?", TODAY).speaking == ()

    asked = date(2024, 8, 20)
    # the district committee holds no task: it is who asks, and the schools' task answers
    answer = answer_text(
        "PCT UBND huyện đề nghị làm gì khi sửa chữa phòng học?", schools, today=asked
    )
    assert answer.assignments
    assert "phòng học" in answer.assignments[0].task
    # a unit that holds a task of directing is asked about as given it
    answer = answer_text("Phòng GD&ĐT chỉ đạo các trường làm gì?", schools, today=asked)
    assert [a.lead_names for a in answer.assignments] == [("Phòng Giáo dục và Đào tạo",)]


HEALTH_PLAN = """UBND HUYỆN HÒA BÌNH
Số: 52/KH-UBND
Hòa Bình, ngày 02 tháng 6 năm 2024
KẾ HOẠCH
Hưởng ứng ngày ASEAN phòng, chống sốt xuất huyết
1. Đề nghị thành viên Ban Chỉ đạo Chăm sóc sức khỏe nhân dân huyện kiểm tra các xã được phân công.
2. Giao Trường Mẫu giáo Hoa Sen tổ chức tổng vệ sinh trường lớp trước ngày 20/6/2024.
3. Ủy ban nhân dân các xã, thị trấn phát động ra quân diệt lăng quăng.
"""


@pytest.fixture
def health_plan(db_url: str) -> Iterator[Services]:
    with services_over(db_url, {"kh52.txt": HEALTH_PLAN}) as services:
        yield services


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("thanh vien BCĐ CSSKND huyen duoc de nghi lam gi", "kiểm tra"),
        ("Trường MG Hoa Sen phải làm gì?", "tổng vệ sinh"),
        ("ubnd cac xa phai lam gi", "lăng quăng"),
    ],
)
def test_a_unit_typed_in_shorthand_is_the_written_one(
    health_plan: Services, question: str, words: str
) -> None:
    answer = answer_text(question, health_plan, today=date(2024, 6, 5))
    assert answer.assignments, answer.reply.title
    assert words in answer.assignments[0].task.lower()


def test_a_body_no_name_stands_for_is_still_unknown(health_plan: Services) -> None:
    answer = answer_text("Phòng Y tế phải làm gì?", health_plan, today=date(2024, 6, 5))
    assert answer.assignments == ()


def test_a_groups_list_typed_with_commas_is_one_mention() -> None:
    assert units_of("Các cơ quan, ban ngành, đoàn thể huyện được đề nghị việc gì?") == (
        "cac co quan, ban nganh, doan the huyen",
    )
    assert units_of("Phòng Nội vụ, Phòng Tư pháp được giao gì?") == (
        "phong noi vu",
        "phong tu phap",
    )


FRONT_NEWS = """ĐẢNG ỦY XÃ HÒA BÌNH
Hòa Bình, ngày 10 tháng 7 năm 2025
Đảng ủy xã làm việc với Ủy ban MTTQ Việt Nam xã và đoàn thể xã
Bí thư Đảng ủy xã đề nghị Ủy ban MTTQ Việt Nam xã và đoàn thể xã triển khai công văn về bảo vệ môi trường trước ngày 30/7/2025.
Giao các đoàn thể huyện tổng kết phong trào thi đua trước ngày 15/8/2025.
"""


@pytest.fixture
def front(db_url: str) -> Iterator[Services]:
    with services_over(db_url, {"tin.txt": FRONT_NEWS}) as services:
        yield services


def test_a_mass_organisation_is_given_what_its_levels_organisations_are(front: Services) -> None:
    asked = date(2025, 7, 15)
    answer = answer_text("Hội Nông dân xã Hòa Bình phải làm gì?", front, today=asked)
    assert [a.deadline.due for a in answer.assignments if a.deadline] == [date(2025, 7, 30)]
    answer = answer_text("hoi lhpn xa phai lam gi", front, today=asked)
    assert len(answer.assignments) == 1
    # another level's organisations are not the commune's; another kind of body is no member
    answer = answer_text("Hội Nông dân tỉnh phải làm gì?", front, today=asked)
    assert answer.assignments == ()
    assert answer_text("Phòng Y tế phải làm gì?", front, today=asked).assignments == ()


def test_a_programme_named_by_its_number_is_no_document_number() -> None:
    assert parse_question("Ban Dân tộc phải làm gì về chương trình 135?", TODAY).document is None
    assert parse_question("chương trình số 12 giao gì?", TODAY).document == "12"
    assert parse_question("chuong trinh 12/CTr-UBND giao gi", TODAY).document == "12/ctr-ubnd"


DISTRICT_NOTICE = """UBND HUYỆN HÒA BÌNH
Số: 45/TB-UBND
Hòa Bình, ngày 01 tháng 3 năm 2024
THÔNG BÁO
Kết luận của Chủ tịch UBND huyện
1. Giao Phòng Nội vụ rà soát biên chế các xã trước ngày 20/3/2024.
2. Giao Phòng Tư pháp hướng dẫn các xã rà soát thủ tục hành chính.
3. Đề nghị Ủy ban MTTQ Việt Nam huyện vận động nhân dân tham gia bầu cử.
"""


@pytest.fixture
def district(db_url: str) -> Iterator[Services]:
    with services_over(db_url, {"tb45.txt": DISTRICT_NOTICE}) as services:
        yield services


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("phong nv co viec gi", "Phòng Nội vụ"),  # "nv" after "phòng" is no "nhiệm vụ"
        ("PNV được giao gì", "Phòng Nội vụ"),  # a phòng typed as one word of initials
        ("PTP co viec gi", "Phòng Tư pháp"),
        ("mttq lam gi", "Ủy ban Mặt trận Tổ quốc Việt Nam huyện"),  # the name spelled out
    ],
)
def test_a_unit_typed_as_chat_shorthand_is_found(
    district: Services, question: str, lead: str
) -> None:
    answer = answer_text(question, district, today=date(2024, 3, 5))
    assert answer.assignments, answer.reply.title
    assert answer.assignments[0].lead_names == (lead,)


PROVINCE_NOTICE = """UBND TỈNH HÒA BÌNH
Số: 88/TB-UBND
Hòa Bình, ngày 01 tháng 3 năm 2024
THÔNG BÁO
Kết luận của Chủ tịch UBND tỉnh
1. Giao Trung tâm Y tế huyện Lạc Sơn kiểm tra dịch bệnh trước ngày 20/3/2024.
2. Giao Ban Quản lý Khu kinh tế tỉnh rà soát các dự án chậm tiến độ.
3. Giao Bộ Chỉ huy Bộ đội Biên phòng tỉnh tăng cường tuần tra biên giới.
4. Giao Đài Phát thanh - Truyền hình tỉnh tuyên truyền về bầu cử.
5. Giao Phòng Văn hóa và Thông tin huyện phối hợp với Phòng Nội vụ huyện tổ chức hội thi.
"""


@pytest.fixture
def province(db_url: str) -> Iterator[Services]:
    with services_over(db_url, {"tb88.txt": PROVINCE_NOTICE}) as services:
        yield services


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("TTYT Lạc Sơn phải làm gì", "dịch bệnh"),  # the place typed without its level
        ("BQL KKT được giao gì", "dự án"),
        ("BCH BĐBP phải làm gì", "tuần tra"),
        ("Đài PT-TH có việc gì", "bầu cử"),
        ("dai pt th tinh lam gi", "bầu cử"),  # "th" is "truyền hình" here, not "tiểu học"
        ("VHTT huyện phối hợp với ai", "hội thi"),  # initials with no head
    ],
)
def test_the_issues_abbreviations_of_units_are_found(
    province: Services, question: str, words: str
) -> None:
    answer = answer_text(question, province, today=date(2024, 3, 5))
    assert answer.assignments, answer.reply.title
    assert words in answer.assignments[0].task


def test_a_code_of_letters_and_digits_is_what_a_question_is_about() -> None:
    topic = parse_question("Danh sách F2, F3 do đơn vị nào lập?", TODAY).topic
    assert {"f2", "f3"} <= set(topic)
    assert parse_question("việc nào hết hạn q3", TODAY).topic == ()  # a quarter, not a code


PARTNER_NOTICE = """UBND HUYỆN HÒA BÌNH
Số: 46/TB-UBND
Hòa Bình, ngày 01 tháng 3 năm 2024
THÔNG BÁO
1. Giao Phòng Kinh tế phối hợp với Hội Nông dân huyện hỗ trợ nông dân vay vốn.
2. Giao Phòng Văn hóa và Thông tin phối hợp với Hội Nông dân huyện trưng bày sản phẩm OCOP.
"""


def test_the_words_after_a_partners_name_are_the_topic(db_url: str) -> None:
    with services_over(db_url, {"tb46.txt": PARTNER_NOTICE}) as services:
        answer = answer_text(
            "Ai phối hợp với Hội ND huyện trưng bày sản phẩm OCOP?", services, today=TODAY
        )
    assert answer.assignments
    assert "OCOP" in answer.assignments[0].task


@pytest.mark.parametrize(
    ("text", "own"),
    [
        ("phuong long chau phoi hop voi ai de hoan chinh ho so minh chung", False),
        ("ho so chung minh nop truoc ngay nao", False),
        ("sở mình có việc gì", True),
        ("phong minh phai lam gi", True),
    ],
)
def test_papers_typed_bare_are_not_the_askers_own_unit(text: str, own: bool) -> None:
    assert parse_question(text, TODAY).own_unit is own


def test_a_person_named_after_a_title_is_no_unit() -> None:
    assert units_of("Phó chủ tịch Đào Thị Hoa yêu cầu gì về cải cách hành chính?") == ()
    assert units_of("Phó Chủ tịch Hội Nông dân xã phải làm gì") == ("chu tich hoi nong dan xa",)


def test_a_question_about_tasks_with_nothing_to_narrow_them_lists_every_one(
    district: Services,
) -> None:
    for question in ("có bao nhiêu việc?", "có những nhiệm vụ nào?"):
        answer = answer_text(question, district, today=date(2024, 3, 5))
        assert len(answer.assignments) == 3, question
    assert answer_text("thời tiết hôm nay", district, today=date(2024, 3, 5)).assignments == ()


PARTY_NEWS = """Huyện ủy Hòa Bình chọn 2 đảng bộ tổ chức đại hội điểm
Ban Thường vụ Huyện ủy đề nghị Đảng bộ xã Tân Lập hoàn thiện dự thảo báo cáo chính trị trước ngày 15/3/2025.
"""


def test_a_unit_asked_with_another_level_of_the_documents_place_is_not_its(db_url: str) -> None:
    with services_over(db_url, {"tin.txt": PARTY_NEWS}) as services:
        asked = date(2025, 3, 1)
        # the document is the district's of Hòa Bình; "thị trấn Hòa Bình" is another body
        other = answer_text("Đảng bộ thị trấn Hòa Bình được giao việc gì?", services, today=asked)
        same = answer_text("Đảng bộ xã Tân Lập được giao việc gì?", services, today=asked)
    assert other.assignments == ()
    assert same.assignments


def test_bodies_of_two_words_from_the_documents_lexicon_are_asked_about() -> None:
    assert units_of("Công ty khai thác công trình thủy lợi được giao gì?") == (
        "cong ty khai thac cong trinh thuy loi",
    )
    assert units_of("hop tac xa nong nghiep phai lam gi") == ("hop tac xa nong nghiep",)
    assert units_of("Tổ công tác số 2 được giao gì?") == ("to cong tac so 2",)


PROVINCE_LETTER = """UBND TỈNH BÀ RỊA - VŨNG TÀU
Số: 77/UBND-VP
ngày 10 tháng 5 năm 2024
CÔNG VĂN
Về việc thành lập tổ bảo vệ an ninh, trật tự ở cơ sở
Chủ tịch UBND các huyện, thị xã, thành phố có trách nhiệm chỉ đạo UBND các xã ban hành quyết định thành lập tổ bảo vệ an ninh, trật tự trước ngày 30/5/2024.
Giao Sở Nội vụ hướng dẫn tiêu chí thành viên tổ bảo vệ an ninh, trật tự.
Đề nghị các phòng Giáo dục và Đào tạo các huyện, thị xã, thành phố cho học sinh nghỉ học đến ngày 20/5/2024.
"""


@pytest.fixture
def every_district(db_url: str) -> Iterator[Services]:
    with services_over(db_url, {"cv77.txt": PROVINCE_LETTER}) as services:
        yield services


@pytest.mark.parametrize(
    "text",
    [
        "UBND huyện có việc gì?",
        "UBND huyện Châu Đức phải làm gì về tổ bảo vệ an ninh trật tự?",
        "UBND thị xã Phú Mỹ phải làm gì?",
    ],
)
def test_a_district_asked_about_is_given_the_tasks_of_every_district(
    every_district: Services, text: str
) -> None:
    answer = answer_text(text, every_district, today=date(2024, 5, 12))
    assert [a.lead_names for a in answer.assignments] == [
        ("Chủ tịch Ủy ban nhân dân các huyện, thị xã, thành phố",)
    ]


@pytest.mark.parametrize(
    "text", ["Phòng GD&ĐT huyện Hải Lăng được đề nghị gì?", "Phòng Giáo dục có việc gì?"]
)
def test_an_office_without_its_level_in_its_name_is_one_of_its_kind_at_every_district(
    every_district: Services, text: str
) -> None:
    answer = answer_text(text, every_district, today=date(2024, 5, 12))
    assert [a.lead_names for a in answer.assignments] == [
        ("các phòng Giáo dục và Đào tạo các huyện, thị xã, thành phố",)
    ]


def test_a_bare_head_is_no_unit_of_its_kind(every_district: Services) -> None:
    answer = answer_text(
        "Ủy ban An toàn giao thông Quốc gia có được giao việc gì không?",
        every_district,
        today=date(2024, 5, 12),
    )
    assert answer.assignments == ()


@pytest.mark.parametrize(
    "text",
    [
        "Hạn thành lập Ban Chỉ đạo phối hợp là ngày nào?",
        "ai phải củng cố các tiểu ban phòng chống thiên tai",
        "kiện toàn BCĐ xã trước ngày nào",
        "thanh lap moi to cong tac lien nganh truoc ngay nao",
    ],
)
def test_a_body_being_set_up_is_what_the_task_makes_not_who_is_asked(text: str) -> None:
    assert units_of(text) == ()


def test_a_body_that_sets_something_up_is_still_asked() -> None:
    assert units_of("BCĐ phải thành lập tổ công tác trước ngày nào") == ("bcd",)
    assert units_of("Ban Chỉ đạo huyện phải làm gì") == ("ban chi dao huyen",)


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("cac don bien phong duoc giao gi", "cac don bien phong"),
        ("Đồn Biên phòng Vĩnh Hải phải làm gì?", "don bien phong vinh hai"),
        ("kiem lam dia ban phai lam gi", "kiem lam dia ban"),
        ("Tổ kiểm tra liên ngành xã có nhiệm vụ gì", "to kiem tra lien nganh xa"),
        ("Cổng thông tin điện tử huyện đăng gì?", "cong thong tin dien tu huyen"),
    ],
)
def test_a_question_knows_the_heads_the_documents_lexicon_knows(text: str, unit: str) -> None:
    assert units_of(text) == (unit,)


@pytest.mark.parametrize(
    "text",
    [
        "khi can tang giam so to bao ve anttt o co so thi bao cao ai",  # "số tổ": how many
        "so can bo duoc cu di hoc la bao nhieu",
        "Ngày hội Đại đoàn kết năm 2024 ở các khóm phải làm xong khi nào?",  # a festival
        "lien dia ban 1 den 8 to chuc ngay hoi ngay may",
    ],
)
def test_a_count_and_a_festival_are_no_units(text: str) -> None:
    assert not any(u.startswith(("so ", "hoi ")) for u in units_of(text)), units_of(text)


def test_a_department_typed_bare_is_still_one() -> None:
    assert units_of("so tu phap phai lam gi") == ("so tu phap",)
    assert units_of("Hội Nông dân xã được giao việc gì?") == ("hoi nong dan xa",)


@pytest.mark.parametrize(
    "text",
    [
        "Tính đến ngày 31/3/2024, việc nào trong kết luận họp BQL dự án xã đã quá hạn?",
        "việc nào trong công văn đôn đốc của Phòng VH&TT huyện đã quá hạn",
        "sau cuộc họp Ban Chỉ đạo xã thì ai phải làm gì",
    ],
)
def test_whose_document_or_meeting_it_is_is_no_unit_asked(text: str) -> None:
    assert units_of(text) == ()


def test_the_unit_asked_stays_beside_the_documents_issuer() -> None:
    assert units_of("Phòng Nội vụ có việc gì trong công văn của UBND huyện?") == ("phong noi vu",)


@pytest.mark.parametrize(
    ("text", "units"),
    [
        # two abbreviations for one head; a festival ("lễ hội") is no association
        ("BCH QS tỉnh có nhiệm vụ gì trong lễ hội đền Hùng?", ("bch qs tinh",)),
        # an abbreviation then its words in full
        ("BCH quân sự xã Cao Sơn được giao gì?", ("bch quan su xa cao son",)),
    ],
)
def test_a_head_abbreviated_in_two_words_opens_a_unit(text: str, units: tuple[str, ...]) -> None:
    assert units_of(text) == units


PARTY_CONCLUSION = """THÔNG BÁO
Kết luận của Ban Thường vụ Tỉnh ủy
1. Giao Ban Cán sự Đảng UBND tỉnh tiếp thu ý kiến, hoàn thiện 9 nội dung sẽ trình HĐND tỉnh.
2. Giao Hội đồng nhân dân huyện rà soát chương trình giám sát năm 2024.
"""


@pytest.fixture
def party_conclusion(db_url: str) -> Iterator[Services]:
    with services_over(db_url, {"tb31.txt": PARTY_CONCLUSION}) as services:
        yield services


def test_initials_with_their_level_before_a_question_mark_keep_the_level(
    party_conclusion: Services,
) -> None:
    # "HĐND tỉnh?" is no "HĐND" of the district: the question mark does not hide "tỉnh"
    answer = answer_text("Việc nào trình HĐND tỉnh?", party_conclusion, today=TODAY)
    assert [a.lead_names for a in answer.assignments] == [
        ("Ban Cán sự Đảng Ủy ban nhân dân tỉnh",)
    ]


def test_bcs_is_the_party_s_group_in_a_committee(party_conclusion: Services) -> None:
    answer = answer_text("BCS Đảng UBND tỉnh được giao gì?", party_conclusion, today=TODAY)
    assert [a.lead_names for a in answer.assignments] == [
        ("Ban Cán sự Đảng Ủy ban nhân dân tỉnh",)
    ]


def test_a_title_over_a_group_of_co_quan_is_one_mention() -> None:
    # folded, "cơ quan" opens with "co" ("có"): the name goes on, and so does the group's list
    assert units_of("Thủ trưởng các cơ quan, đơn vị phải làm gì?") == (
        "thu truong cac co quan, don vi",
    )
    assert units_of("UBND huyện có việc gì?") == ("ubnd huyen",)


COUNCIL_NOTICE = """THÔNG BÁO
Ý kiến chỉ đạo chuẩn bị kỳ họp HĐND tỉnh
1. Văn phòng UBND tỉnh phối hợp với Văn phòng HĐND tỉnh rà soát các tờ trình.
2. Các sở, ngành chuẩn bị báo cáo giải trình ý kiến của các Ban HĐND tỉnh.
"""


@pytest.fixture
def council(db_url: str) -> Iterator[Services]:
    with services_over(db_url, {"tb27.txt": COUNCIL_NOTICE}) as services:
        yield services


def test_whose_opinion_is_no_unit_and_hdnd_is_no_office_of_it(council: Services) -> None:
    answer = answer_text(
        "Ai phải chuẩn bị báo cáo giải trình ý kiến các Ban HĐND tỉnh?", council, today=TODAY
    )
    assert [a.lead_names for a in answer.assignments][:1] == [("Các sở, ngành",)]
    assert units_of("giải trình ý kiến của các Ban HĐND tỉnh") == ()


def test_a_title_s_mention_never_resolves_to_a_body_without_the_title(
    db_url: str,
) -> None:
    notice = (
        "CÔNG VĂN\nVề vệ sinh môi trường\n"
        "1. Thủ trưởng các cơ quan, ban ngành, đoàn thể cấp huyện tổ chức làm vệ sinh vào"
        " sáng thứ Sáu hằng tuần.\n"
        "2. Mỗi cơ quan, đơn vị bố trí thùng thu gom pin thải.\n"
    )
    with services_over(db_url, {"cv30.txt": notice}) as services:
        answer = answer_text(
            "Thủ trưởng cơ quan cấp huyện phải làm vệ sinh vào ngày nào?", services, today=TODAY
        )
    # "cơ quan" is no "quận" after which a place could be dropped, and "Mỗi cơ quan, đơn vị"
    # holds no "thủ trưởng": never the near name
    assert answer.assignments
    assert all("Mỗi cơ quan" not in a.lead_names[0] for a in answer.assignments)
    assert "vệ sinh" in answer.assignments[0].task
