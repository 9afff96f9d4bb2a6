"""Tests for knowledge.header: số/ký hiệu, type, issuer, date, title, signature, recipients."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from knowledge.domain import DocumentHeader, DocumentText, Table
from knowledge.header import (
    find_body_end,
    find_body_start,
    parse_header,
    readable_name,
)
from knowledge.numbers import parse_number_words

SEED = Path(__file__).resolve().parents[2] / "samples" / "s00-thong-bao-ket-luan.txt"


def lines_of(text: str) -> list[str]:
    return [line.strip() for line in text.strip().splitlines() if line.strip()]


def header_of(text: str, **kwargs: date) -> DocumentHeader:
    return parse_header(lines_of(text), **kwargs)


# --- the seed document ---


@pytest.fixture(scope="module")
def seed_lines() -> list[str]:
    return lines_of(SEED.read_text(encoding="utf-8"))


def test_seed_number_is_blank_draft_number(seed_lines: list[str]) -> None:
    header = parse_header(seed_lines)
    assert header.number == "/TB-UBND"
    assert header.symbol == "TB-UBND"
    assert header.doc_type == "thong_bao"
    assert header.doc_type_name == "Thông báo"


def test_seed_blank_day_leaves_issued_empty_without_hint(seed_lines: list[str]) -> None:
    header = parse_header(seed_lines)
    assert header.place == "Tân Yên"
    assert header.issued is None
    assert header.issued_text == "Tân Yên, ngày tháng 02 năm 2023"


def test_seed_blank_day_takes_the_hint(seed_lines: list[str]) -> None:
    header = parse_header(seed_lines, issued_hint=date(2023, 2, 28))
    assert header.issued == date(2023, 2, 28)


def test_seed_title_signature_and_issuer(seed_lines: list[str]) -> None:
    header = parse_header(seed_lines)
    assert header.title is not None
    assert header.title.startswith("Kết luận của Chủ tịch UBND huyện tại buổi giao ban")
    assert header.title.endswith("các tổ chức chính trị - xã hội huyện")
    assert header.authority == "TL."
    assert header.signer_title == "CHÁNH VĂN PHÒNG"
    assert header.signer == "Nguyễn Công Lực"
    # Not in the header: derived from the ký hiệu (UBND), the place and "UBND huyện" in the text.
    assert header.issuer == "UBND huyện Tân Yên"


def test_seed_recipients_skip_the_archive_copy(seed_lines: list[str]) -> None:
    header = parse_header(seed_lines)
    assert header.recipients == (
        "Thường trực Huyện ủy, HĐND huyện (b/c)",
        "Văn phòng Huyện ủy",
        "Ủy ban MTTQ và các tổ chức CT-XH huyện",
        "Các cơ quan, đơn vị thuộc UBND huyện",
        "Đảng ủy, UBND các xã, thị trấn",
        "LĐVP, các chuyên viên",
    )


def test_seed_body_lies_between_title_and_noi_nhan(seed_lines: list[str]) -> None:
    start = find_body_start(seed_lines)
    end = find_body_end(seed_lines)
    assert seed_lines[start].startswith("Ngày 28 tháng 02 năm 2023, Chủ tịch UBND huyện")
    assert seed_lines[end] == "Nơi nhận:"
    assert seed_lines[end - 1].startswith("Trên đây là Kết luận")


# --- công văn ---

CONG_VAN = """
UBND TỈNH LẠNG SƠN
VĂN PHÒNG
-------
Số: 1234/VP-KT
V/v triển khai thực hiện kế hoạch
phòng chống thiên tai năm 2024
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Lạng Sơn, ngày 12 tháng 4 năm 2024
Kính gửi:
- Sở Nông nghiệp và Phát triển nông thôn;
- UBND các huyện, thành phố.
Thực hiện ý kiến chỉ đạo của Chủ tịch UBND tỉnh, Văn phòng UBND tỉnh đề nghị như sau.
Giao Sở Nông nghiệp và Phát triển nông thôn chủ trì, báo cáo trước ngày 30/4/2024.
Nơi nhận:
- Như trên;
- Lưu: VT, KT.
KT. CHÁNH VĂN PHÒNG
PHÓ CHÁNH VĂN PHÒNG
(Đã ký)
Trần Thị Mai
"""


def test_cong_van_with_vv_and_kinh_gui() -> None:
    header = header_of(CONG_VAN)
    assert header.number == "1234/VP-KT"
    assert header.doc_type == "cong_van"
    assert header.doc_type_name == "Công văn"
    assert header.issuer == "Văn phòng UBND tỉnh Lạng Sơn"
    assert header.parent_issuer == "UBND tỉnh Lạng Sơn"
    assert header.title == "Về việc triển khai thực hiện kế hoạch phòng chống thiên tai năm 2024"
    assert header.issued == date(2024, 4, 12)
    assert header.recipients == (
        "Sở Nông nghiệp và Phát triển nông thôn",
        "UBND các huyện, thành phố",
        "Như trên",
    )
    assert (header.authority, header.signer_title, header.signer) == (
        "KT.",
        "PHÓ CHÁNH VĂN PHÒNG",
        "Trần Thị Mai",
    )


def test_cong_van_body_starts_after_kinh_gui_and_ends_at_noi_nhan() -> None:
    lines = lines_of(CONG_VAN)
    assert lines[find_body_start(lines)].startswith("Thực hiện ý kiến chỉ đạo")
    assert lines[find_body_end(lines)] == "Nơi nhận:"


def test_cong_van_known_by_symbol_and_single_line_kinh_gui() -> None:
    header = header_of(
        """
        ỦY BAN NHÂN DÂN
        HUYỆN YÊN DŨNG
        Số: 321/UBND-TCKH
        V/v: báo cáo tiến độ giải ngân vốn đầu tư công
        Kính gửi: Phòng Tài chính - Kế hoạch huyện
        UBND huyện yêu cầu Phòng Tài chính - Kế hoạch báo cáo.
        """
    )
    assert header.doc_type == "cong_van"
    assert header.issuer == "Ủy ban nhân dân huyện Yên Dũng"
    assert header.title == "Về việc báo cáo tiến độ giải ngân vốn đầu tư công"
    assert header.recipients == ("Phòng Tài chính - Kế hoạch huyện",)


# --- legal-style number, chỉ thị, tỉnh ---


def test_ke_hoach_with_legal_style_number_and_wrapped_title() -> None:
    text = """
    ỦY BAN NHÂN DÂN
    HUYỆN ĐÔNG ANH
    Số: 128/2025/KH-UBND
    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    Độc lập - Tự do - Hạnh phúc
    Đông Anh, ngày 05 tháng 3 năm 2025
    KẾ HOẠCH
    Triển khai công tác chuyển đổi số
    và cải cách hành chính năm 2025
    Căn cứ Quyết định số 12/QĐ-UBND ngày 01/01/2025 của UBND huyện;
    I. MỤC ĐÍCH
    """
    header = header_of(text)
    assert header.number == "128/2025/KH-UBND"
    assert header.symbol == "KH-UBND"
    assert header.doc_type == "ke_hoach"
    assert header.issuer == "Ủy ban nhân dân huyện Đông Anh"
    assert header.parent_issuer is None
    assert header.title == "Triển khai công tác chuyển đổi số và cải cách hành chính năm 2025"
    lines = lines_of(text)
    assert lines[find_body_start(lines)].startswith("Căn cứ Quyết định")
    assert find_body_end(lines) == len(lines)


def test_chi_thi_of_a_province_signed_tm() -> None:
    header = header_of(
        """
        ỦY BAN NHÂN DÂN
        TỈNH HÀ NAM
        ________
        Số: 07/CT-UBND
        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        Độc lập - Tự do - Hạnh phúc
        ________________________
        Hà Nam, ngày 20 tháng 01 năm 2024
        CHỈ THỊ
        Về tăng cường công tác phòng, chống dịch bệnh gia súc
        ______
        Thời gian qua, tình hình dịch bệnh diễn biến phức tạp.
        1. Sở Nông nghiệp chủ trì theo dõi.
        TM. ỦY BAN NHÂN DÂN
        CHỦ TỊCH
        **Trương Quốc Huy**
        Nơi nhận:
        - Bộ Nông nghiệp và PTNT (b/c);
        - TT Tỉnh ủy, TT HĐND tỉnh;
        - Lưu: VT, NN.
        """
    )
    assert header.doc_type == "chi_thi"
    assert header.number == "07/CT-UBND"
    assert header.issuer == "Ủy ban nhân dân tỉnh Hà Nam"
    assert header.issued == date(2024, 1, 20)
    assert header.title == "Về tăng cường công tác phòng, chống dịch bệnh gia súc"
    assert (header.authority, header.signer_title, header.signer) == (
        "TM.",
        "CHỦ TỊCH",
        "Trương Quốc Huy",
    )
    assert header.recipients == ("Bộ Nông nghiệp và PTNT (b/c)", "TT Tỉnh ủy, TT HĐND tỉnh")


def test_department_under_province_gets_the_province_name() -> None:
    header = header_of(
        """
        UBND TỈNH BẮC GIANG
        SỞ NỘI VỤ
        Số: 45/TB-SNV
        Bắc Giang, ngày 02 tháng 8 năm 2024
        THÔNG BÁO
        Lịch tiếp công dân tháng 8 năm 2024
        """
    )
    assert header.issuer == "Sở Nội vụ tỉnh Bắc Giang"
    assert header.parent_issuer == "UBND tỉnh Bắc Giang"


# --- Party documents ---


def test_party_document_number_and_hyphen_slash_symbol() -> None:
    header = header_of(
        """
        ĐẢNG BỘ TỈNH BẮC GIANG
        HUYỆN ỦY TÂN YÊN
        *
        Số 36-HD/HU
        ĐẢNG CỘNG SẢN VIỆT NAM
        Tân Yên, ngày 10 tháng 6 năm 2024
        HƯỚNG DẪN
        Tổ chức đại hội chi bộ trực thuộc nhiệm kỳ 2025 - 2027
        Căn cứ Điều lệ Đảng;
        T/M BAN THƯỜNG VỤ
        PHÓ BÍ THƯ
        Nguyễn Văn An
        """
    )
    assert header.number == "36-HD/HU"
    assert header.symbol == "HD/HU"
    assert header.doc_type == "huong_dan"
    assert header.issuer == "Huyện ủy Tân Yên"
    assert header.parent_issuer == "Đảng bộ tỉnh Bắc Giang"
    assert (header.authority, header.signer_title, header.signer) == (
        "TM.",
        "PHÓ BÍ THƯ",
        "Nguyễn Văn An",
    )


def test_party_cong_van_and_thong_tri_codes() -> None:
    cong_van = header_of("Số 123-CV/HU\nTân Yên, ngày 03 tháng 5 năm 2024\nNội dung.")
    assert cong_van.number == "123-CV/HU"
    assert cong_van.doc_type == "cong_van"
    thong_tri = header_of("Số 05-TT/TU\nBắc Giang, ngày 03 tháng 5 năm 2024\nNội dung.")
    assert thong_tri.doc_type == "thong_tri"


def test_mttq_board_under_its_committee() -> None:
    header = header_of(
        """
        ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM
        XÃ HỒNG PHONG
        BAN THƯỜNG TRỰC
        Số: 16/KH-MTTQ-BTT
        Hồng Phong, ngày 18 tháng 11 năm 2025
        KẾ HOẠCH
        Tổ chức Ngày hội Đại đoàn kết toàn dân tộc
        """
    )
    assert header.number == "16/KH-MTTQ-BTT"
    assert header.doc_type == "ke_hoach"
    assert header.parent_issuer == "Ủy ban Mặt trận Tổ quốc Việt Nam xã Hồng Phong"
    assert header.issuer == "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam xã Hồng Phong"


# --- PDF and docx orders ---


def test_pdf_merged_columns() -> None:
    text = """
    UBND HUYỆN ĐÔNG ANH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    PHÒNG NỘI VỤ Độc lập - Tự do - Hạnh phúc
    Số: 45/TB-PNV Đông Anh, ngày 05 tháng 3 năm 2024
    THÔNG BÁO
    Về việc tổ chức thi tuyển công chức
    Ngày 01/3/2024, Phòng Nội vụ tổ chức họp.
    TRƯỞNG PHÒNG
    Phạm Thị Lan
    """
    header = header_of(text)
    assert header.number == "45/TB-PNV"
    assert header.place == "Đông Anh"
    assert header.issued == date(2024, 3, 5)
    assert header.issued_text == "Đông Anh, ngày 05 tháng 3 năm 2024"
    assert header.issuer == "Phòng Nội vụ huyện Đông Anh"
    assert header.parent_issuer == "UBND huyện Đông Anh"
    assert header.signer_title == "TRƯỞNG PHÒNG"
    assert header.authority is None
    assert header.signer == "Phạm Thị Lan"
    lines = lines_of(text)
    assert (find_body_start(lines), find_body_end(lines)) == (5, 6)


def test_docx_table_cells_in_reading_order() -> None:
    doc = DocumentText(
        blocks=(
            Table(
                rows=(
                    (
                        "ỦY BAN NHÂN DÂN\nHUYỆN LỤC NAM\n_______\nSố: 88/UBND-VP\n"
                        "V/v chuẩn bị Hội nghị tổng kết\ncông tác năm 2023",
                        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
                        "_______________\nLục Nam, ngày 04 tháng 12 năm 2023",
                    ),
                )
            ),
            "Kính gửi: Các cơ quan, đơn vị thuộc UBND huyện",
            "UBND huyện đề nghị các cơ quan chuẩn bị báo cáo.",
            Table(
                rows=(
                    (
                        "Nơi nhận:\n- Như trên;\n- Lưu: VT.",
                        "TL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\n\nHoàng Minh Đức",
                    ),
                )
            ),
        ),
        source_format="docx",
    )
    lines = doc.lines()
    header = parse_header(lines)
    assert header.issuer == "Ủy ban nhân dân huyện Lục Nam"
    assert header.number == "88/UBND-VP"
    assert header.title == "Về việc chuẩn bị Hội nghị tổng kết công tác năm 2023"
    assert header.issued == date(2023, 12, 4)
    assert header.recipients == ("Các cơ quan, đơn vị thuộc UBND huyện", "Như trên")
    assert header.signer == "Hoàng Minh Đức"
    assert lines[find_body_start(lines)] == "UBND huyện đề nghị các cơ quan chuẩn bị báo cáo."
    assert lines[find_body_end(lines)] == "Nơi nhận:"


def test_quoc_hieu_cell_before_issuer_cell() -> None:
    header = header_of(
        """
        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        Độc lập - Tự do - Hạnh phúc
        ỦY BAN NHÂN DÂN
        XÃ TIẾN THẮNG
        Số: 12/GM-UBND
        Tiến Thắng, ngày 07 tháng 10 năm 2024
        GIẤY MỜI
        Dự họp giao ban tháng 10
        """
    )
    assert header.issuer == "Ủy ban nhân dân xã Tiến Thắng"
    assert header.doc_type == "giay_moi"
    assert header.title == "Dự họp giao ban tháng 10"


# --- numbers ---


@pytest.mark.parametrize(
    ("line", "number", "symbol"),
    [
        ("Số: 45/TB-UBND", "45/TB-UBND", "TB-UBND"),
        ("Số 123/UBND-VP", "123/UBND-VP", "UBND-VP"),
        ("Số : 45 / TB - UBND", "45/TB-UBND", "TB-UBND"),
        ("SỐ: 09/BC-UBND", "09/BC-UBND", "BC-UBND"),
        ("Số:      /TB-UBND", "/TB-UBND", "TB-UBND"),
        ("Số: ....../KH-UBND", "/KH-UBND", "KH-UBND"),
        ("Số:     /2025/QĐ-UBND", "/2025/QĐ-UBND", "QĐ-UBND"),
        ("Số: 16/KH-MTTQ-BTT", "16/KH-MTTQ-BTT", "KH-MTTQ-BTT"),
        ("Số: 1818/TTr-VP", "1818/TTr-VP", "TTr-VP"),
        ("**Số: 77/CĐ-UBND**", "77/CĐ-UBND", "CĐ-UBND"),
    ],
)
def test_number_forms(line: str, number: str, symbol: str) -> None:
    header = parse_header([line, "Nội dung văn bản."])
    assert (header.number, header.symbol) == (number, symbol)


@pytest.mark.parametrize(
    ("symbol_line", "doc_type"),
    [
        ("Số: 1/TB-UBND", "thong_bao"),
        ("Số: 1/KH-UBND", "ke_hoach"),
        ("Số: 1/CT-UBND", "chi_thi"),
        ("Số: 1/QĐ-UBND", "quyet_dinh"),
        ("Số: 1/BC-UBND", "bao_cao"),
        ("Số: 1/TTr-UBND", "to_trinh"),
        ("Số: 1/CTr-UBND", "chuong_trinh"),
        ("Số: 1/KL-HU", "ket_luan"),
        ("Số: 1/UBND-KT", "cong_van"),
        ("Số: 1/SNV-TCBC", "cong_van"),
    ],
)
def test_type_from_symbol_without_type_line(symbol_line: str, doc_type: str) -> None:
    assert parse_header([symbol_line, "Nội dung."]).doc_type == doc_type


def test_type_line_wins_over_symbol_and_may_carry_the_title() -> None:
    header = header_of(
        """
        Số: 15/TB-UBND
        THÔNG BÁO KẾT LUẬN CỦA CHỦ TỊCH UBND HUYỆN
        TẠI HỘI NGHỊ GIAO BAN THÁNG 5
        Ngày 10/5/2024, Chủ tịch UBND huyện chủ trì hội nghị.
        """
    )
    assert header.doc_type == "thong_bao"
    assert header.title == "KẾT LUẬN CỦA CHỦ TỊCH UBND HUYỆN TẠI HỘI NGHỊ GIAO BAN THÁNG 5"


def test_references_in_the_body_are_not_the_number() -> None:
    header = header_of(
        """
        Triển khai tuyển dụng viên chức năm 2024
        Thực hiện Văn bản số 4836/SNV-TCBC ngày 02/7/2024 của Sở Nội vụ, UBND huyện giao việc.
        Số 55/UBND-NV ngày 01/7/2024 đã nêu rõ yêu cầu về thời hạn báo cáo kết quả thực hiện.
        """
    )
    assert header.number is None
    assert header.symbol is None
    assert header.title == "Triển khai tuyển dụng viên chức năm 2024"


def test_number_far_below_the_top_is_ignored() -> None:
    lines = [f"Dòng nội dung thứ {i}." for i in range(20)] + ["Số: 45/TB-UBND"]
    assert parse_header(lines).number is None


# --- dates ---


@pytest.mark.parametrize(
    ("line", "place", "issued"),
    [
        ("Hà Nội, ngày 5/3/2024", "Hà Nội", date(2024, 3, 5)),
        ("Hà Nội, ngày 05-03-2024", "Hà Nội", date(2024, 3, 5)),
        ("*Bắc Ninh, ngày 28 tháng 02 năm 2023*", "Bắc Ninh", date(2023, 2, 28)),
        (
            "Bắc Giang, ngày mười lăm tháng ba năm hai nghìn không trăm hai mươi ba",
            "Bắc Giang",
            date(2023, 3, 15),
        ),
        ("Huế, ngày mồng năm tháng giêng năm 2024", "Huế", date(2024, 1, 5)),
        (
            "Thành phố Hồ Chí Minh, ngày 01 tháng 9 năm 2024",
            "Thành phố Hồ Chí Minh",
            date(2024, 9, 1),
        ),
        ("ngày 09 tháng 3 năm 2012", None, date(2012, 3, 9)),
    ],
)
def test_date_line_forms(line: str, place: str | None, issued: date) -> None:
    header = parse_header(["Số: 10/TB-UBND", line, "THÔNG BÁO", "Nội dung"])
    assert (header.place, header.issued) == (place, issued)


def test_blank_day_and_month_use_the_hint_only_when_given() -> None:
    lines = ["Số:   /KH-UBND", "Yên Thế, ngày ... tháng ... năm 2024", "KẾ HOẠCH", "Nội dung"]
    assert parse_header(lines).issued is None
    assert parse_header(lines).issued_text == "Yên Thế, ngày ... tháng ... năm 2024"
    assert parse_header(lines, issued_hint=date(2024, 6, 1)).issued == date(2024, 6, 1)


def test_complete_date_wins_over_the_hint() -> None:
    lines = ["Số: 3/TB-UBND", "Yên Thế, ngày 02 tháng 6 năm 2024", "THÔNG BÁO", "Nội dung"]
    assert parse_header(lines, issued_hint=date(2020, 1, 1)).issued == date(2024, 6, 2)


def test_impossible_date_is_not_a_date() -> None:
    lines = ["Số: 3/TB-UBND", "Yên Thế, ngày 31 tháng 02 năm 2024", "THÔNG BÁO", "Nội dung"]
    assert parse_header(lines).issued is None


def test_number_and_date_merged_without_place() -> None:
    header = header_of(
        """
        Số: 103/VPUBND-KT, ngày 09 tháng 3 năm 2012
        Về việc tăng cường công tác kiểm tra an toàn thực phẩm.
        Kính gửi:- Sở Y tế;
        - UBND các huyện.
        Văn phòng UBND tỉnh truyền đạt ý kiến chỉ đạo.
        """
    )
    assert header.number == "103/VPUBND-KT"
    assert header.place is None
    assert header.issued == date(2012, 3, 9)
    assert header.title == "Về việc tăng cường công tác kiểm tra an toàn thực phẩm."
    assert header.recipients == ("Sở Y tế", "UBND các huyện")


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("mười lăm", 15),
        ("hai mươi mốt", 21),
        ("hai mươi tư", 24),
        ("ba mươi", 30),
        ("mười hai", 12),
        ("một trăm linh năm", 105),
        ("hai nghìn không trăm hai mươi ba", 2023),
        ("hai ngàn lẻ chín", 2009),
        ("mùng bảy", 7),
        ("giêng", 1),
        ("hai ba", None),
        ("không rõ", None),
        ("", None),
    ],
)
def test_parse_number_words(words: str, value: int | None) -> None:
    assert parse_number_words(words) == value


# --- signatures ---


@pytest.mark.parametrize(
    ("block", "authority", "title", "signer"),
    [
        (
            ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn Hải"],
            "TM.",
            "CHỦ TỊCH",
            "Nguyễn Văn Hải",
        ),
        (
            ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Thị Hoa"],
            "KT.",
            "PHÓ CHỦ TỊCH",
            "Lê Thị Hoa",
        ),
        (
            ["TUQ. CHỦ TỊCH", "GIÁM ĐỐC SỞ TÀI NGUYÊN", "VÀ MÔI TRƯỜNG", "Đỗ Văn Toàn"],
            "TUQ.",
            "GIÁM ĐỐC SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG",
            "Đỗ Văn Toàn",
        ),
        (["Q. GIÁM ĐỐC", "Vũ Thanh Bình"], "Q.", "GIÁM ĐỐC", "Vũ Thanh Bình"),
        (
            ["**TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG**", "*(Đã ký)*", "**Ngô Quang Vinh**"],
            "TL.",
            "CHÁNH VĂN PHÒNG",
            "Ngô Quang Vinh",
        ),
        (["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "PHAN VĂN HÒA"], "KT.", "PHÓ GIÁM ĐỐC", "PHAN VĂN HÒA"),
    ],
)
def test_signature_blocks(block: list[str], authority: str, title: str, signer: str) -> None:
    lines = ["Số: 5/TB-UBND", "THÔNG BÁO", "Tiêu đề", "Nội dung thông báo.", *block]
    header = parse_header(lines)
    assert (header.authority, header.signer_title, header.signer) == (authority, title, signer)
    assert find_body_end(lines) == 4


def test_digital_signature_stamp_fills_signer_issuer_and_date() -> None:
    lines = lines_of(
        """
        Người ký: Nguyễn Văn Bình
        Email: binh@example.gov.vn
        Cơ quan: Ủy ban nhân dân huyện Yên Thế
        Thời gian ký: 2024-03-05T08:30:00+07:00
        Số:      /TB-UBND
        THÔNG BÁO
        Lịch làm việc tuần
        1. Thứ Hai họp giao ban.
        """
    )
    header = parse_header(lines, issued_hint=date(2020, 1, 1))
    assert header.signer == "Nguyễn Văn Bình"
    assert header.issuer == "Ủy ban nhân dân huyện Yên Thế"
    assert header.issued == date(2024, 3, 5)
    assert lines[find_body_start(lines)] == "1. Thứ Hai họp giao ban."


def test_signing_stamp_at_the_end_closes_the_body() -> None:
    lines = ["Số: 5/TB-UBND", "THÔNG BÁO", "Tiêu đề", "Nội dung.", "Ký bởi: Trần Văn Nam"]
    assert find_body_end(lines) == 4
    assert parse_header(lines).signer == "Trần Văn Nam"


def test_issuer_from_tm_signature_and_place() -> None:
    header = header_of(
        """
        Số: 71/KH-UBND
        Kim Bảng, ngày 11 tháng 7 năm 2024
        KẾ HOẠCH
        Tổ chức kỳ thi
        UBND huyện giao Phòng Giáo dục chủ trì; UBND huyện sẽ kiểm tra.
        TM. ỦY BAN NHÂN DÂN
        CHỦ TỊCH
        Đinh Văn Quý
        """
    )
    assert header.issuer == "Ủy ban nhân dân huyện Kim Bảng"


def test_sentence_case_signature_from_a_portal() -> None:
    lines = [
        "Số: 5/TB-UBND",
        "THÔNG BÁO",
        "Tiêu đề",
        "Nội dung thông báo.",
        "KT. Chủ tịch",
        "Phó Chủ tịch",
        "Hà Văn Sơn",
    ]
    header = parse_header(lines)
    assert (header.authority, header.signer_title, header.signer) == (
        "KT.",
        "Phó Chủ tịch",
        "Hà Văn Sơn",
    )
    assert find_body_end(lines) == 4


def test_quyet_dinh_authority_line_is_body_not_signature() -> None:
    text = """
    ỦY BAN NHÂN DÂN
    HUYỆN LẠNG GIANG
    Số: 250/QĐ-UBND
    Lạng Giang, ngày 03 tháng 4 năm 2024
    QUYẾT ĐỊNH
    Về việc thành lập Tổ công tác rà soát đất công
    CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN LẠNG GIANG
    Căn cứ Luật Tổ chức chính quyền địa phương;
    QUYẾT ĐỊNH:
    Điều 1. Thành lập Tổ công tác.
    Điều 2. Chánh Văn phòng, Trưởng phòng Tài nguyên và Môi trường chịu trách nhiệm thi hành.
    Nơi nhận:
    - Như Điều 2;
    - Lưu: VT.
    CHỦ TỊCH
    Bùi Đức Thắng
    """
    header = header_of(text)
    assert header.doc_type == "quyet_dinh"
    assert header.number == "250/QĐ-UBND"
    assert header.title == "Về việc thành lập Tổ công tác rà soát đất công"
    assert (header.signer_title, header.signer) == ("CHỦ TỊCH", "Bùi Đức Thắng")
    assert header.recipients == ("Như Điều 2",)
    lines = lines_of(text)
    assert lines[find_body_start(lines)] == "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN LẠNG GIANG"
    assert lines[find_body_end(lines)] == "Nơi nhận:"


def test_giay_moi_time_line_is_not_the_issue_date() -> None:
    text = """
    Số: 31/GM-UBND
    GIẤY MỜI
    Họp triển khai công tác phòng chống lụt bão
    Thời gian: ngày 15 tháng 6 năm 2024
    Địa điểm: Hội trường UBND huyện
    """
    header = header_of(text)
    assert header.doc_type == "giay_moi"
    assert header.issued is None
    assert header.place is None


def test_date_line_under_the_title_is_read_and_skipped() -> None:
    text = """
    Số: 18/TB-UBND
    THÔNG BÁO
    Lịch trực Tết Nguyên đán
    Việt Yên, ngày 20 tháng 01 năm 2025
    1. Phân công lãnh đạo trực.
    """
    header = header_of(text)
    assert header.issued == date(2025, 1, 20)
    assert header.place == "Việt Yên"
    lines = lines_of(text)
    assert lines[find_body_start(lines)] == "1. Phân công lãnh đạo trực."


def test_date_line_above_the_signature_closes_the_body() -> None:
    text = """
    Số: 18/TB-UBND
    THÔNG BÁO
    Lịch trực Tết Nguyên đán
    1. Phân công lãnh đạo trực.
    2. Giao Văn phòng bố trí xe.
    Việt Yên, ngày 20 tháng 01 năm 2025
    CHỦ TỊCH
    Lý Văn Tâm
    """
    header = header_of(text)
    assert header.issued == date(2025, 1, 20)
    lines = lines_of(text)
    assert lines[find_body_start(lines)] == "1. Phân công lãnh đạo trực."
    assert lines[find_body_end(lines)].startswith("Việt Yên, ngày")


def test_ve_viec_sentence_without_a_number_is_body() -> None:
    lines = [
        "Giao Phòng Kinh tế chủ trì rà soát.",
        "Về việc này, UBND huyện yêu cầu các xã báo cáo trước ngày 10/5/2024.",
    ]
    header = parse_header(lines)
    assert header.title is None
    assert find_body_start(lines) == 0


# --- recipients ---


def test_noi_nhan_with_wrapped_item() -> None:
    header = header_of(
        """
        Số: 5/TB-UBND
        THÔNG BÁO
        Tiêu đề
        Nội dung.
        Nơi nhận:
        - Thường trực Huyện ủy,
        thường trực HĐND huyện,
        các ban HĐND huyện (b/c);
        - Các phòng, ban chuyên môn;
        - Lưu: VT, TH.
        CHỦ TỊCH
        Trịnh Văn Lộc
        """
    )
    assert header.recipients == (
        "Thường trực Huyện ủy, thường trực HĐND huyện, các ban HĐND huyện (b/c)",
        "Các phòng, ban chuyên môn",
    )


def test_to_trinh_kinh_gui_without_bullets() -> None:
    text = """
    PHÒNG TÀI CHÍNH - KẾ HOẠCH
    Số: 12/TTr-TCKH
    TỜ TRÌNH
    Về việc phân bổ kinh phí năm 2024
    Kính gửi: Ủy ban nhân dân huyện.
    Căn cứ Nghị quyết của HĐND huyện;
    """
    header = header_of(text)
    assert header.doc_type == "to_trinh"
    assert header.title == "Về việc phân bổ kinh phí năm 2024"
    assert header.recipients == ("Ủy ban nhân dân huyện",)
    assert header.issuer == "Phòng Tài chính - Kế hoạch"
    lines = lines_of(text)
    assert lines[find_body_start(lines)] == "Căn cứ Nghị quyết của HĐND huyện;"


# --- missing parts, portals, markdown ---


def test_portal_text_with_headline_only() -> None:
    lines = [
        "Chỉ đạo triển khai treo cờ trên địa bàn huyện",
        "Giao Phòng Văn hóa và Thông tin chủ trì thực hiện.",
        "Minh Anh",
    ]
    header = parse_header(lines)
    assert header.title == "Chỉ đạo triển khai treo cờ trên địa bàn huyện"
    assert header.number is None
    assert header.doc_type is None
    assert header.signer is None
    assert (find_body_start(lines), find_body_end(lines)) == (1, 3)


def test_body_only_text_keeps_every_line() -> None:
    lines = ["Giao Phòng Nội vụ chủ trì thực hiện.", "2. Phòng Tài chính bảo đảm kinh phí."]
    header = parse_header(lines)
    assert header == DocumentHeader()
    assert (find_body_start(lines), find_body_end(lines)) == (0, 2)


def test_markdown_headers_from_a_portal() -> None:
    header = header_of(
        """
        **ỦY BAN NHÂN DÂN**
        **HUYỆN HIỆP HÒA**
        **Số: 09/TB-UBND**
        *Hiệp Hòa, ngày 14 tháng 02 năm 2024*
        # THÔNG BÁO
        **Kết luận của Chủ tịch UBND huyện tại buổi kiểm tra**
        Nội dung kết luận.
        """
    )
    assert header.issuer == "Ủy ban nhân dân huyện Hiệp Hòa"
    assert header.number == "09/TB-UBND"
    assert header.issued == date(2024, 2, 14)
    assert header.title == "Kết luận của Chủ tịch UBND huyện tại buổi kiểm tra"


@pytest.mark.parametrize(
    "lines",
    [
        [],
        [""],
        ["**"],
        ["-----", "___", "*"],
        ["Số:"],
        ["THÔNG BÁO"],
        ["TM. ỦY BAN NHÂN DÂN"],
        ["Nơi nhận:"],
        ["Kính gửi:"],
        ["ngày tháng năm"],
        ["Hà Nội, ngày 99 tháng 99 năm 9999"],
    ],
)
def test_fragments_never_crash(lines: list[str]) -> None:
    header = parse_header(lines)
    assert isinstance(header, DocumentHeader)
    assert 0 <= find_body_start(lines) <= find_body_end(lines) <= len(lines)


# --- readable names ---


@pytest.mark.parametrize(
    ("caps", "readable"),
    [
        ("ỦY BAN NHÂN DÂN HUYỆN TÂN YÊN", "Ủy ban nhân dân huyện Tân Yên"),
        ("UBND TỈNH LẠNG SƠN", "UBND tỉnh Lạng Sơn"),
        ("SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG", "Sở Tài nguyên và Môi trường"),
        ("SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "Sở Văn hóa, Thể thao và Du lịch"),
        ("BẢO HIỂM XÃ HỘI TỈNH HÀ NAM", "Bảo hiểm xã hội tỉnh Hà Nam"),
        ("VĂN PHÒNG HĐND VÀ UBND HUYỆN", "Văn phòng HĐND và UBND huyện"),
        ("THÀNH PHỐ HỒ CHÍ MINH", "Thành phố Hồ Chí Minh"),
        ("TRUNG TÂM Y TẾ THỊ XÃ VIỆT YÊN", "Trung tâm Y tế thị xã Việt Yên"),
        ("Ủy ban nhân dân huyện", "Ủy ban nhân dân huyện"),
    ],
)
def test_readable_name(caps: str, readable: str) -> None:
    assert readable_name(caps) == readable
