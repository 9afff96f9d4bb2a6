"""Table-driven tests of assignment extraction on short documents written for these tests.

Each case is a short notice, letter, plan or news item in the style of Vietnamese local
government, run through `extract_text`; the expected list holds, per assignment in reading
order, the lead units, the cooperating units and the deadline the document names. Unit names
are compared folded (accent-free, lower case), in the form the labelling rules ask for: as the
document writes them, abbreviations expanded, groups kept as groups. Cases the extractor does
not handle yet are marked xfail(strict=True) with what it returns instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from knowledge.domain import Block, DocumentText, ExtractedAssignment, Table
from knowledge.pipeline import extract_text
from knowledge.text import fold

SEED = Path(__file__).resolve().parents[2] / "samples" / "s00-thong-bao-ket-luan.txt"


@dataclass(frozen=True)
class Rec:
    """A recurring deadline: the stored rule must contain `fragment`."""

    fragment: str


@dataclass(frozen=True)
class A:
    """One expected assignment."""

    lead: tuple[str, ...]
    cooperate: tuple[str, ...] = ()
    due: str | Rec | None = None
    quote_has: str | None = None  # a piece of text the quote must hold


@dataclass(frozen=True)
class Case:
    """A document body, how it is framed, and the assignments a careful official reads in it."""

    id: str
    body: tuple[Block, ...]
    expected: tuple[A, ...]
    issued: date = date(2024, 3, 11)
    frame: str = "thong_bao"  # "thong_bao", "cong_van" or "bare" (portal news text)


def _date_line(d: date) -> str:
    return f"Tân Yên, ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"


def _frame(case: Case) -> tuple[Block, ...]:
    if case.frame == "bare":
        return case.body
    footer: tuple[Block, ...] = (
        "Nơi nhận:",
        "- Như trên;",
        "- TT Huyện ủy, TT HĐND huyện (b/c);",
        "- Lưu: VT.",
    )
    if case.frame == "cong_van":
        head: tuple[Block, ...] = (
            "ỦY BAN NHÂN DÂN\nHUYỆN TÂN YÊN",
            "Số: 312/UBND-VP",
            "V/v triển khai thực hiện nhiệm vụ trọng tâm",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
            _date_line(case.issued),
            "Kính gửi:",
            "- Thủ trưởng các cơ quan, đơn vị thuộc UBND huyện;",
            "- Chủ tịch UBND các xã, thị trấn.",
        )
        sign: tuple[Block, ...] = ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Thị Hoa")
    else:
        head = (
            "ỦY BAN NHÂN DÂN\nHUYỆN TÂN YÊN",
            "Số: 45/TB-UBND",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
            _date_line(case.issued),
            "THÔNG BÁO",
            "Kết luận của Chủ tịch UBND huyện tại cuộc họp giao ban",
        )
        sign = ("TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "Nguyễn Văn Bình")
    return (*head, *case.body, *footer, *sign)


def _document(case: Case) -> DocumentText:
    return DocumentText(blocks=_frame(case), source_format="txt")


def _key(name: str) -> str:
    """Folded unit name; spacing around hyphens and trailing punctuation do not matter."""
    key = fold(name)
    key = re.sub(r"\s*[-–]\s*", " - ", key)
    return key.strip(" .,;:")


def _keys(names: tuple[str, ...]) -> list[str]:
    return sorted(_key(n) for n in names)


def _shown(found: list[ExtractedAssignment]) -> list[tuple[Any, ...]]:
    return [
        (
            a.lead,
            a.cooperate,
            a.deadline.due.isoformat() if a.deadline and a.deadline.due else None,
            a.deadline.recurrence.rule if a.deadline and a.deadline.recurrence else None,
            a.quote[:80],
        )
        for a in found
    ]


def _due_matches(a: ExtractedAssignment, due: str | Rec | None) -> bool:
    if isinstance(due, Rec):
        return bool(
            a.deadline and a.deadline.recurrence and due.fragment in a.deadline.recurrence.rule
        )
    got = a.deadline.due.isoformat() if a.deadline and a.deadline.due else None
    return got == due


# --- the cases ----------------------------------------------------------------------------

UBND_XA = "Ủy ban nhân dân các xã, thị trấn"
CTXH_HUYEN = "các tổ chức chính trị - xã hội huyện"
TCKH = "Phòng Tài chính - Kế hoạch"
TNMT = "Phòng Tài nguyên và Môi trường"
GDDT = "Phòng Giáo dục và Đào tạo"
VHTT = "Phòng Văn hóa và Thông tin"
KTHT = "Phòng Kinh tế và Hạ tầng"
CHQS = "Ban Chỉ huy Quân sự huyện"
VP_HUYEN = "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện"

CUES: list[Case] = [
    Case(
        "giao-chu-tri-phoi-hop",
        (
            "1. Giao Phòng Tài nguyên và Môi trường chủ trì, phối hợp với UBND các xã, thị trấn "
            "rà soát các trường hợp lấn chiếm đất công trên địa bàn, báo cáo UBND huyện trước "
            "ngày 15/4/2024.",
        ),
        (A((TNMT,), (UBND_XA,), "2024-04-15"),),
    ),
    Case(
        "giao-cho",
        (
            "2. Giao cho Phòng Văn hóa và Thông tin xây dựng kế hoạch tổ chức Hội thi tuyên "
            "truyền lưu động năm 2024, trình UBND huyện trong tháng 4/2024.",
        ),
        (A((VHTT,), (), "2024-04-30"),),
    ),
    Case(
        "de-nghi",
        (
            "Đề nghị Ủy ban MTTQ Việt Nam huyện và các tổ chức chính trị - xã hội huyện tăng "
            "cường tuyên truyền, vận động Nhân dân tham gia hiến đất làm đường giao thông "
            "nông thôn.",
        ),
        (A(("Ủy ban Mặt trận Tổ quốc Việt Nam huyện", CTXH_HUYEN)),),
    ),
    Case(
        "yeu-cau-chu-tich",
        (
            "Yêu cầu Chủ tịch UBND các xã, thị trấn chỉ đạo lực lượng chức năng kiểm tra, xử lý "
            "dứt điểm các điểm tập kết rác thải tự phát, hoàn thành chậm nhất ngày 30/4/2024.",
        ),
        (A(("Chủ tịch Ủy ban nhân dân các xã, thị trấn",), (), "2024-04-30"),),
    ),
    Case(
        "subject-chu-tri",
        (
            "3. Phòng Giáo dục và Đào tạo chủ trì, phối hợp với Trung tâm Y tế huyện tổ chức "
            "kiểm tra công tác bảo đảm an toàn thực phẩm tại các bếp ăn bán trú trong tháng "
            "5/2024.",
        ),
        (A((GDDT,), ("Trung tâm Y tế huyện",), "2024-05-31"),),
    ),
    Case(
        "subject-phoi-hop-chat-che-voi",
        (
            "Công an huyện phối hợp chặt chẽ với Ban Chỉ huy Quân sự huyện xây dựng phương án "
            "bảo đảm an ninh, trật tự tại các khu vực bỏ phiếu.",
        ),
        (A(("Công an huyện",), (CHQS,)),),
    ),
    Case(
        "subject-phai",
        (
            "Phòng Y tế phải thường xuyên kiểm tra việc chấp hành quy định về hành nghề y, dược "
            "tư nhân trên địa bàn.",
        ),
        (A(("Phòng Y tế",)),),
    ),
    Case(
        "subject-co-trach-nhiem",
        (
            "Chi cục Thuế khu vực có trách nhiệm đôn đốc thu nộp tiền sử dụng đất của các dự án "
            "đã giao đất, hoàn thành trước ngày 31/10/2024.",
        ),
        (A(("Chi cục Thuế khu vực",), (), "2024-10-31"),),
    ),
    Case(
        "subject-khan-truong",
        (
            "Ban Quản lý dự án đầu tư xây dựng huyện khẩn trương hoàn thiện hồ sơ quyết toán "
            "các công trình đã hoàn thành, xong trong tháng 4/2024.",
        ),
        (A(("Ban Quản lý dự án đầu tư xây dựng huyện",), (), "2024-04-30"),),
    ),
    Case(
        "subject-tham-muu",
        (
            "Phòng Tài chính - Kế hoạch tham mưu UBND huyện bố trí kinh phí thực hiện chương "
            "trình chuyển đổi số; thời gian trình trước ngày 25/3/2024.",
        ),
        (A((TCKH,), (), "2024-03-25", quote_has="25/3/2024"),),
    ),
    Case(
        "x-chi-dao-y-police",
        (
            "Công an huyện chỉ đạo Công an các xã, thị trấn tăng cường tuần tra, kiểm soát, xử lý "
            "nghiêm các trường hợp vi phạm trật tự an toàn giao thông.",
        ),
        (A(("Công an huyện",)),),
    ),
    Case(
        "x-chi-dao-y-schools",
        (
            "Phòng Giáo dục và Đào tạo chỉ đạo các trường mầm non, tiểu học, trung học cơ sở rà "
            "soát, bổ sung phương án phòng cháy, chữa cháy trước ngày 31/5/2024.",
        ),
        (A((GDDT,), (), "2024-05-31"),),
    ),
    Case(
        "subject-trien-khai",
        (
            "Trung tâm Văn hóa, Thông tin và Thể thao huyện triển khai tuyên truyền trên hệ thống "
            "loa truyền thanh về phòng, chống dịch bệnh trên đàn gia súc, gia cầm.",
        ),
        (A(("Trung tâm Văn hóa, Thông tin và Thể thao huyện",)),),
    ),
    Case(
        "unit-colon-task",
        (
            "Để triển khai chính sách hỗ trợ nhà ở, các cơ quan thực hiện như sau:",
            "- Phòng Lao động - Thương binh và Xã hội: rà soát, lập danh sách hộ nghèo, hộ cận "
            "nghèo được hỗ trợ nhà ở; hoàn thành trước ngày 20/4/2024.",
            "- Phòng Kinh tế và Hạ tầng: hướng dẫn thiết kế mẫu nhà ở phù hợp với điều kiện địa "
            "phương.",
        ),
        (
            A(("Phòng Lao động - Thương binh và Xã hội",), (), "2024-04-20"),
            A((KTHT,)),
        ),
    ),
    Case(
        "numbered-unit-colon-task",
        (
            "4. Ban Chỉ huy Quân sự huyện: chủ trì, phối hợp với Công an huyện tổ chức diễn tập "
            "khu vực phòng thủ cấp xã theo kế hoạch được duyệt.",
        ),
        (A((CHQS,), ("Công an huyện",)),),
    ),
]

NOT_ASSIGNMENTS: list[Case] = [
    Case(
        "accountability-heads",
        (
            "Thủ trưởng các cơ quan, đơn vị, Chủ tịch UBND các xã, thị trấn phải chịu trách "
            "nhiệm trước Chủ tịch UBND huyện nếu để chậm tiến độ giải ngân vốn đầu tư công.",
        ),
        (),
    ),
    Case(
        "accountability-nguoi-dung-dau",
        (
            "Người đứng đầu cơ quan, đơn vị, địa phương nào để xảy ra tình trạng đùn đẩy, né "
            "tránh trách nhiệm thì phải chịu trách nhiệm trước UBND huyện.",
        ),
        (),
    ),
    Case(
        "accountability-chiu-trach-nhiem-truoc-ve",
        (
            "Chủ tịch UBND các xã, thị trấn chịu trách nhiệm trước Chủ tịch UBND huyện về công "
            "tác quản lý đất đai, trật tự xây dựng trên địa bàn.",
        ),
        (),
    ),
    Case(
        "transmission-short",
        (
            "Văn phòng HĐND và UBND huyện thông báo để các cơ quan, đơn vị, địa phương biết, "
            "thực hiện./.",
        ),
        (),
    ),
    Case(
        "transmission-tren-day-la",
        (
            "Trên đây là kết luận của Chủ tịch UBND huyện tại cuộc họp. Văn phòng HĐND và UBND "
            "huyện thừa lệnh Chủ tịch UBND huyện thông báo để các cơ quan, đơn vị liên quan "
            "biết, thực hiện./.",
        ),
        (),
    ),
    Case(
        "recipients-and-closing-formula",
        (
            "Thực hiện Công văn số 215/SNV-CCVC ngày 04/3/2024 của Sở Nội vụ về việc thống kê "
            "số lượng cán bộ, công chức cấp xã, UBND huyện đề nghị Chủ tịch UBND các xã, thị "
            "trấn rà soát, tổng hợp theo biểu mẫu gửi kèm, gửi về UBND huyện (qua Phòng Nội vụ) "
            "trước ngày 20/3/2024.",
            "Đề nghị các đơn vị nghiêm túc thực hiện./.",
        ),
        (A(("Chủ tịch Ủy ban nhân dân các xã, thị trấn",), (), "2024-03-20"),),
        frame="cong_van",
    ),
    Case(
        "report-to-so-noi-vu",
        (
            "Đề nghị UBND các huyện, thị xã, thành phố tổng hợp kết quả thực hiện, gửi báo cáo "
            "về Sở Nội vụ trước ngày 15/6/2024 để tổng hợp, báo cáo UBND tỉnh.",
        ),
        (A(("Ủy ban nhân dân các huyện, thị xã, thành phố",), (), "2024-06-15"),),
        frame="bare",
    ),
    Case(
        "relay-qua-thi-doan",
        (
            "Ban Thường vụ Tỉnh đoàn đề nghị Đoàn Thanh niên các phường, xã gửi báo cáo kết quả "
            "Tháng Thanh niên về Tỉnh đoàn (qua Thị Đoàn) trước ngày 05/4/2024.",
        ),
        (A(("Đoàn Thanh niên các phường, xã",), (), "2024-04-05"),),
        frame="bare",
    ),
    Case(
        "past-da-hoan-thanh",
        ("Phòng Nội vụ đã hoàn thành việc rà soát, sắp xếp các thôn, tổ dân phố theo kế hoạch.",),
        (),
    ),
    Case(
        "past-with-year-and-cooperation",
        (
            "Năm 2023, Phòng Tư pháp đã phối hợp với UBND các xã, thị trấn tổ chức 45 hội nghị "
            "tuyên truyền, phổ biến pháp luật cho trên 6.000 lượt người.",
        ),
        (),
    ),
    Case(
        "passive-approved",
        (
            "Kế hoạch tổ chức Đại hội Thể dục thể thao huyện lần thứ X đã được UBND huyện phê "
            "duyệt tại Quyết định số 512/QĐ-UBND ngày 20/02/2024.",
        ),
        (),
    ),
    Case(
        "attendance-list",
        (
            "Dự cuộc họp có lãnh đạo Phòng Nội vụ, Phòng Tài chính - Kế hoạch, Văn phòng HĐND và "
            "UBND huyện và đại diện lãnh đạo UBND các xã, thị trấn.",
        ),
        (),
    ),
    Case(
        "praise",
        (
            "Chủ tịch UBND huyện biểu dương Phòng Giáo dục và Đào tạo, UBND thị trấn Cao Thượng "
            "đã chủ động, tích cực trong công tác chuẩn bị cơ sở vật chất cho năm học mới.",
        ),
        (),
    ),
    Case(
        "shortcomings",
        (
            "Bên cạnh đó, một số cơ quan, đơn vị chưa chủ động phối hợp; UBND một số xã còn "
            "chậm trong việc giải quyết hồ sơ đất đai, để người dân phải đi lại nhiều lần.",
        ),
        (),
    ),
    Case(
        "meeting-intro",
        (
            "Ngày 05/3/2024, Chủ tịch UBND huyện chủ trì cuộc họp nghe Phòng Kinh tế và Hạ tầng "
            "báo cáo tiến độ thực hiện các công trình trọng điểm. Sau khi nghe báo cáo và ý kiến "
            "của các đại biểu, Chủ tịch UBND huyện kết luận như sau:",
            "Các công trình đều cơ bản bảo đảm tiến độ, chất lượng theo hợp đồng đã ký.",
        ),
        (),
    ),
]

PREAMBLES: list[Case] = [
    Case(
        "preamble-items-without-subject",
        (
            "Để thực hiện hiệu quả Kế hoạch cải cách hành chính năm 2024, Chủ tịch UBND huyện đề "
            "nghị Ủy ban MTTQ huyện, các tổ chức chính trị - xã hội huyện, Thủ trưởng các cơ "
            "quan QLNN huyện thực hiện tốt một số nội dung sau:",
            "1. Tiếp tục quán triệt, nâng cao nhận thức của cán bộ, công chức, viên chức về cải "
            "cách hành chính gắn với thực hiện quy chế dân chủ ở cơ sở.",
            "2. Tăng cường kiểm tra, giám sát việc giải quyết thủ tục hành chính cho người dân, "
            "doanh nghiệp; kết quả báo cáo trước ngày 30/6/2024.",
        ),
        (
            A(
                (
                    "Ủy ban Mặt trận Tổ quốc huyện",
                    CTXH_HUYEN,
                    "Thủ trưởng các cơ quan quản lý nhà nước huyện",
                ),
                quote_has="Tiếp tục quán triệt",
            ),
            A(
                (
                    "Ủy ban Mặt trận Tổ quốc huyện",
                    CTXH_HUYEN,
                    "Thủ trưởng các cơ quan quản lý nhà nước huyện",
                ),
                (),
                "2024-06-30",
            ),
        ),
    ),
    Case(
        "preamble-items-with-own-subjects",
        (
            "Để chủ động ứng phó với mùa mưa bão năm 2024, UBND huyện yêu cầu các cơ quan, đơn "
            "vị, địa phương triển khai thực hiện tốt các nhiệm vụ sau:",
            "1. Phòng Nông nghiệp và PTNT chủ trì, phối hợp với UBND các xã, thị trấn kiểm tra, "
            "đánh giá hiện trạng các công trình đê điều, hồ đập, hoàn thành trước ngày 15/5/2024.",
            "2. Ban Chỉ huy Quân sự huyện xây dựng kế hoạch huy động lực lượng, phương tiện sẵn "
            "sàng tham gia cứu hộ, cứu nạn.",
        ),
        (
            A(("Phòng Nông nghiệp và Phát triển nông thôn",), (UBND_XA,), "2024-05-15"),
            A((CHQS,)),
        ),
    ),
    Case(
        "preamble-giao-bullets",
        (
            "Giao Phòng Văn hóa và Thông tin thực hiện các nội dung sau:",
            "- Xây dựng kế hoạch tổ chức Hội thi tuyên truyền lưu động năm 2024, trình UBND huyện "
            "trước ngày 20/3/2024.",
            "- Hướng dẫn các xã, thị trấn kiện toàn Ban Chỉ đạo phong trào “Toàn dân đoàn kết "
            "xây dựng đời sống văn hóa”.",
        ),
        (A((VHTT,), (), "2024-03-20"), A((VHTT,))),
    ),
    Case(
        "preamble-mixed-items",
        (
            "UBND huyện đề nghị Phòng Tài chính - Kế hoạch, Chi cục Thống kê huyện thực hiện một "
            "số nội dung sau:",
            "a) Rà soát, thống nhất số liệu kinh tế - xã hội quý I/2024 trước khi báo cáo UBND "
            "tỉnh.",
            "b) Chi cục Thống kê huyện cung cấp số liệu chính thức cho Phòng Tài chính - Kế hoạch "
            "trước ngày 05/4/2024.",
        ),
        (
            # "quý I/2024" names the data, not a deadline: the deadline is an event.
            A((TCKH, "Chi cục Thống kê huyện")),
            A(("Chi cục Thống kê huyện",), (), "2024-04-05"),
        ),
    ),
]

CARRY_OVER: list[Case] = [
    Case(
        "dong-thoi-after-subject",
        (
            "Phòng Tài chính - Kế hoạch chủ trì thẩm định dự toán các công trình khởi công mới "
            "năm 2024, hoàn thành trước ngày 10/4/2024. Đồng thời, tham mưu UBND huyện phân bổ "
            "chi tiết kế hoạch vốn đầu tư công trong quý II/2024.",
        ),
        (A((TCKH,), (), "2024-04-10"), A((TCKH,), (), "2024-06-30", quote_has="Đồng thời")),
    ),
    Case(
        "dong-thoi-after-giao",
        (
            "5. Giao Phòng Kinh tế và Hạ tầng kiểm tra chất lượng các tuyến đường giao thông nông "
            "thôn đã bàn giao. Đồng thời, phối hợp với UBND các xã hướng dẫn việc duy tu, bảo "
            "dưỡng thường xuyên.",
        ),
        (A((KTHT,)), A((KTHT,), ("Ủy ban nhân dân các xã",))),
    ),
    Case(
        "deadline-in-next-sentence",
        (
            "6. Giao Phòng Y tế chủ trì, phối hợp với Trung tâm Y tế huyện kiểm tra các cơ sở "
            "kinh doanh thực phẩm trên địa bàn. Kết quả báo cáo UBND huyện trước ngày 30/5/2024.",
        ),
        (A(("Phòng Y tế",), ("Trung tâm Y tế huyện",), "2024-05-30"),),
    ),
    Case(
        "deadline-opens-the-item",
        (
            "7. Trước ngày 15/4/2024, Phòng Nội vụ hoàn thành việc thẩm định hồ sơ đề nghị "
            "công nhận thôn, tổ dân phố văn hóa năm 2023.",
        ),
        (A(("Phòng Nội vụ",), (), "2024-04-15"),),
    ),
]

HEADINGS: list[Case] = [
    Case(
        "heading-units-with-bullets",
        (
            "1. Phòng Giáo dục và Đào tạo:",
            "- Chỉ đạo các trường học trên địa bàn tổ chức tốt các hoạt động ngoại khóa về an "
            "toàn giao thông.",
            "- Phối hợp với Trung tâm Y tế huyện tổ chức khám sức khỏe cho học sinh, hoàn thành "
            "trong tháng 10/2024.",
            "2. Phòng Y tế:",
            "- Hướng dẫn các trạm y tế xã, thị trấn triển khai tiêm chủng mở rộng đúng lịch.",
        ),
        (
            A((GDDT,)),
            A((GDDT,), ("Trung tâm Y tế huyện",), "2024-10-31"),
            A(("Phòng Y tế",)),
        ),
    ),
    Case(
        "heading-doi-voi",
        (
            "Đối với UBND các xã, thị trấn:",
            "- Rà soát, thống kê các hộ gia đình có nhà ở xuống cấp, báo cáo UBND huyện (qua "
            "Phòng Lao động - Thương binh và Xã hội) trước ngày 10/4/2024.",
            "- Vận động các tổ chức, cá nhân ủng hộ Quỹ Vì người nghèo.",
        ),
        (A((UBND_XA,), (), "2024-04-10"), A((UBND_XA,))),
    ),
    Case(
        "heading-letter-label",
        (
            "Để bảo đảm an ninh, trật tự trong dịp Tết Nguyên đán, Chủ tịch UBND huyện yêu cầu:",
            "a) Công an huyện:",
            "- Tăng cường tuần tra, kiểm soát, xử lý nghiêm các hành vi sản xuất, tàng trữ pháo "
            "nổ.",
            "b) Ban Chỉ huy Quân sự huyện:",
            "- Tổ chức huấn luyện lực lượng dân quân theo đúng kế hoạch.",
            "- Phối hợp với Công an huyện duy trì lực lượng trực sẵn sàng chiến đấu.",
        ),
        (A(("Công an huyện",)), A((CHQS,)), A((CHQS,), ("Công an huyện",))),
    ),
    Case(
        "heading-trach-nhiem-cua",
        (
            "3. Trách nhiệm của Phòng Tư pháp",
            "- Thẩm định dự thảo các văn bản quy phạm pháp luật do UBND huyện ban hành.",
            "- Theo dõi tình hình thi hành pháp luật, báo cáo UBND huyện trước ngày 15/12/2024.",
        ),
        (A(("Phòng Tư pháp",)), A(("Phòng Tư pháp",), (), "2024-12-15")),
    ),
]

FIELDS: list[Case] = [
    Case(
        "fields-don-vi-chu-tri",
        (
            "1. Rà soát, cập nhật danh mục dự án đầu tư công trung hạn giai đoạn 2021 - 2025",
            "- Đơn vị chủ trì: Phòng Tài chính - Kế hoạch.",
            "- Đơn vị phối hợp: Phòng Kinh tế và Hạ tầng; Ban Quản lý dự án đầu tư xây dựng "
            "huyện.",
            "- Thời gian hoàn thành: trước ngày 30/6/2024.",
        ),
        (
            A(
                (TCKH,),
                (KTHT, "Ban Quản lý dự án đầu tư xây dựng huyện"),
                "2024-06-30",
            ),
        ),
    ),
    Case(
        "fields-co-quan-abbreviations-quarter",
        (
            "2. Xây dựng bảng giá đất điều chỉnh năm 2024",
            "- Cơ quan chủ trì: Phòng TN&MT",
            "- Cơ quan phối hợp: P.TCKH, UBND các xã, thị trấn",
            "- Thời gian thực hiện: Quý III/2024",
        ),
        (A((TNMT,), (TCKH, UBND_XA), "2024-09-30"),),
    ),
    Case(
        "fields-two-blocks-ongoing-and-month",
        (
            "3. Tuyên truyền, phổ biến pháp luật về đất đai cho Nhân dân",
            "- Đơn vị chủ trì: Phòng Tư pháp",
            "- Đơn vị phối hợp: Trung tâm Văn hóa, Thông tin và Thể thao huyện",
            "- Thời gian: Thường xuyên",
            "4. Tổng kết công tác phổ biến, giáo dục pháp luật năm 2024",
            "- Đơn vị chủ trì: Phòng Tư pháp",
            "- Thời gian: Tháng 12/2024",
        ),
        (
            A(("Phòng Tư pháp",), ("Trung tâm Văn hóa, Thông tin và Thể thao huyện",)),
            A(("Phòng Tư pháp",), (), "2024-12-31"),
        ),
    ),
    Case(
        "fields-two-leads-joined-by-va",
        (
            "5. Triển khai phần mềm quản lý văn bản và điều hành liên thông 3 cấp",
            "- Thời hạn hoàn thành: chậm nhất ngày 31/7/2024.",
            "- Đơn vị chủ trì: Phòng Nội vụ và Văn phòng HĐND và UBND huyện.",
            "- Đơn vị phối hợp: UBND các xã, thị trấn.",
        ),
        (A(("Phòng Nội vụ", VP_HUYEN), (UBND_XA,), "2024-07-31"),),
    ),
]

_T_HEADER = ("TT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành")
_T_ROWS = (
    (
        "1",
        "Rà soát, sắp xếp lại các điểm trường lẻ",
        "Phòng Giáo dục và Đào tạo",
        "UBND các xã, thị trấn",
        "Tháng 6/2024",
    ),
    (
        "2",
        "Xây dựng Đề án phát triển du lịch huyện giai đoạn 2024 - 2030",
        "Phòng Văn hóa và Thông tin",
        "Phòng Tài chính - Kế hoạch; Phòng Kinh tế và Hạ tầng",
        "Quý IV/2024",
    ),
    (
        "3",
        "Kiểm tra việc chấp hành pháp luật về bảo vệ môi trường tại các cụm công nghiệp",
        "Phòng Tài nguyên và Môi trường",
        "Công an huyện",
        "Trước ngày 30/9/2024",
    ),
)
_T_EXPECTED = (
    A((GDDT,), (UBND_XA,), "2024-06-30"),
    A((VHTT,), (TCKH, KTHT), "2024-12-31"),
    A((TNMT,), ("Công an huyện",), "2024-09-30"),
)

TABLES: list[Case] = [
    Case(
        "text-table-cells-on-lines",
        (
            "Chủ tịch UBND huyện giao nhiệm vụ cụ thể cho các cơ quan, đơn vị như sau:",
            *_T_HEADER,
            *(cell for row in _T_ROWS for cell in row),
        ),
        _T_EXPECTED,
    ),
    Case(
        "docx-table",
        (
            "Chủ tịch UBND huyện giao nhiệm vụ cụ thể cho các cơ quan, đơn vị như sau:",
            Table(rows=(_T_HEADER, *_T_ROWS)),
        ),
        _T_EXPECTED,
    ),
    Case(
        "text-table-abbreviations-recurring",
        (
            "PHỤ LỤC: PHÂN CÔNG NHIỆM VỤ",
            "STT",
            "Nội dung công việc",
            "Chủ trì",
            "Phối hợp",
            "Thời gian",
            "1",
            "Báo cáo tiến độ giải ngân vốn đầu tư công",
            "P.TCKH",
            "Ban QLDA ĐTXD huyện",
            "Trước ngày 20 hằng tháng",
            "2",
            "Kiểm tra, xử lý vi phạm hành lang an toàn giao thông",
            "Phòng KT&HT",
            "Công an huyện, UBND các xã",
            "Thường xuyên",
            "3",
            "Tổ chức Hội nghị sơ kết 6 tháng đầu năm",
            "Phòng LĐ-TB&XH",
            "Các cơ quan, đơn vị",
            "Tháng 7/2024",
        ),
        (
            A((TCKH,), ("Ban Quản lý dự án đầu tư xây dựng huyện",), Rec("BYMONTHDAY=20")),
            A((KTHT,), ("Công an huyện", "Ủy ban nhân dân các xã")),
            A(("Phòng Lao động - Thương binh và Xã hội",), ("Các cơ quan, đơn vị",), "2024-07-31"),
        ),
    ),
    Case(
        "docx-table-multiline-cells",
        (
            "Phân công thực hiện như sau:",
            Table(
                rows=(
                    ("STT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn"),
                    (
                        "1",
                        "Tổ chức chiến dịch tiêm vắc xin phòng bệnh dại cho đàn chó, mèo",
                        "Phòng Nông nghiệp và Phát triển nông thôn",
                        "Trung tâm Dịch vụ nông nghiệp huyện\nUBND các xã, thị trấn",
                        "Tháng 5/2024",
                    ),
                    (
                        "2",
                        "Giám sát, xử lý ổ dịch sốt xuất huyết",
                        "Trung tâm Y tế huyện",
                        "Phòng Y tế",
                        "Từ tháng 6 đến tháng 10/2024",
                    ),
                )
            ),
        ),
        (
            A(
                ("Phòng Nông nghiệp và Phát triển nông thôn",),
                ("Trung tâm Dịch vụ nông nghiệp huyện", UBND_XA),
                "2024-05-31",
            ),
            A(("Trung tâm Y tế huyện",), ("Phòng Y tế",), "2024-10-31"),
        ),
    ),
]

DEADLINES: list[Case] = [
    Case(
        "cham-nhat-with-assessment-year",
        (
            "Giao Phòng Nội vụ hướng dẫn các cơ quan, đơn vị đánh giá, xếp loại công chức, viên "
            "chức năm 2024, chậm nhất ngày 15/12/2024 tổng hợp kết quả báo cáo UBND huyện.",
        ),
        (A(("Phòng Nội vụ",), (), "2024-12-15"),),
    ),
    Case(
        "date-range",
        (
            "Phòng Văn hóa và Thông tin chủ trì tổ chức các hoạt động Tháng hành động vì trẻ em "
            "từ ngày 01/6 đến ngày 30/6/2024.",
        ),
        (A((VHTT,), (), "2024-06-30"),),
    ),
    Case(
        "recurring-monthly-report-to-office",
        (
            "Đề nghị UBND các xã, thị trấn báo cáo kết quả thu gom, xử lý rác thải về Phòng Tài "
            "nguyên và Môi trường trước ngày 20 hằng tháng để tổng hợp.",
        ),
        (A((UBND_XA,), (), Rec("FREQ=MONTHLY;BYMONTHDAY=20")),),
    ),
    Case(
        "recurring-quarterly",
        (
            "Các cơ quan, đơn vị thuộc UBND huyện định kỳ hằng quý báo cáo kết quả thực hiện về "
            "Văn phòng HĐND và UBND huyện để tổng hợp, báo cáo Chủ tịch UBND huyện.",
        ),
        (A(("Các cơ quan, đơn vị thuộc Ủy ban nhân dân huyện",), (), Rec("BYMONTH=3,6,9,12")),),
    ),
    Case(
        "vague-khan-truong",
        (
            "Giao Phòng Tài nguyên và Môi trường khẩn trương kiểm tra, xử lý dứt điểm vụ việc "
            "khai thác cát trái phép trên sông Thương.",
        ),
        (A((TNMT,)),),
    ),
    Case(
        "vague-thuong-xuyen",
        (
            "Công an huyện thường xuyên nắm tình hình, chủ động phòng ngừa, đấu tranh với các "
            "loại tội phạm trên địa bàn.",
        ),
        (A(("Công an huyện",)),),
    ),
    Case(
        "no-year",
        (
            "Giao Phòng Nội vụ tổng hợp nhu cầu tuyển dụng viên chức giáo dục, trình UBND huyện "
            "trước ngày 15/4.",
        ),
        (A(("Phòng Nội vụ",), (), "2024-04-15"),),
    ),
    Case(
        "no-year-rolls-to-next-year",
        (
            "Đề nghị UBND các xã, thị trấn hoàn thành việc chi trả trợ cấp cho người có công với "
            "cách mạng trước ngày 15/01.",
        ),
        (A((UBND_XA,), (), "2025-01-15"),),
        issued=date(2024, 11, 20),
    ),
    Case(
        "spelled-date",
        (
            "Phòng Tài chính - Kế hoạch tổng hợp dự toán ngân sách năm 2025, báo cáo UBND huyện "
            "chậm nhất ngày 05 tháng 8 năm 2024.",
        ),
        (A((TCKH,), (), "2024-08-05"),),
    ),
    Case(
        "half-year",
        (
            "Phòng Kinh tế và Hạ tầng hoàn thành việc lập quy hoạch chung xây dựng xã Ngọc Thiện "
            "trong 6 tháng đầu năm 2024.",
        ),
        (A((KTHT,), (), "2024-06-30"),),
    ),
    Case(
        "within-year",
        (
            "Giao UBND thị trấn Cao Thượng hoàn thiện các tiêu chí đô thị văn minh, hoàn thành "
            "trong năm 2024.",
        ),
        (A(("Ủy ban nhân dân thị trấn Cao Thượng",), (), "2024-12-31"),),
    ),
    Case(
        "time-of-day",
        (
            "Đề nghị các cơ quan, đơn vị gửi danh sách đăng ký tham gia Hội thi về Phòng Nội vụ "
            "trước 17 giờ 00 ngày 22/3/2024.",
        ),
        (A(("các cơ quan, đơn vị",), (), "2024-03-22"),),
    ),
    Case(
        "event-relative",
        (
            "Phòng Tài chính - Kế hoạch hoàn thiện dự thảo Nghị quyết về kế hoạch đầu tư công, "
            "trình UBND huyện trước kỳ họp thứ mười hai HĐND huyện.",
        ),
        (A((TCKH,)),),
    ),
    Case(
        "month-span",
        (
            "Giao Trung tâm Dịch vụ nông nghiệp huyện hướng dẫn nông dân gieo cấy lúa vụ Xuân "
            "trong tháng 3-4/2024.",
        ),
        (A(("Trung tâm Dịch vụ nông nghiệp huyện",), (), "2024-04-30"),),
    ),
]

MULTIPLE_UNITS: list[Case] = [
    Case(
        "commas-and-va",
        (
            "Đề nghị Công an huyện, Ban Chỉ huy Quân sự huyện và UBND các xã, thị trấn phối hợp "
            "bảo đảm an ninh, trật tự tại các điểm tổ chức lễ hội.",
        ),
        (A(("Công an huyện", CHQS, UBND_XA)),),
    ),
    Case(
        "semicolon-list",
        (
            "Giao Phòng Y tế; Trung tâm Y tế huyện; UBND các xã, thị trấn theo chức năng, nhiệm "
            "vụ được giao tăng cường giám sát dịch bệnh sốt xuất huyết.",
        ),
        (A(("Phòng Y tế", "Trung tâm Y tế huyện", UBND_XA)),),
    ),
    Case(
        "cooperators-semicolons-and-va",
        (
            "Giao Phòng Nông nghiệp và Phát triển nông thôn chủ trì, phối hợp với Phòng Tài "
            "nguyên và Môi trường; Phòng Tài chính - Kế hoạch và UBND các xã có liên quan xây "
            "dựng phương án chuyển đổi cơ cấu cây trồng trên đất lúa kém hiệu quả.",
        ),
        (
            A(
                ("Phòng Nông nghiệp và Phát triển nông thôn",),
                (TNMT, TCKH, "Ủy ban nhân dân các xã có liên quan"),
            ),
        ),
    ),
    Case(
        "office-name-with-va",
        (
            "Giao Văn phòng HĐND và UBND huyện chủ trì, phối hợp với Phòng Nội vụ chuẩn bị nội "
            "dung, chương trình Hội nghị tổng kết năm 2024.",
        ),
        # "năm 2024" names the conference, it is not a deadline
        (A((VP_HUYEN,), ("Phòng Nội vụ",)),),
    ),
]

ABBREVIATIONS: list[Case] = [
    Case(
        "ubmttq-ctxh",
        (
            "Đề nghị UBMTTQ huyện và các tổ chức CT-XH huyện tham gia giám sát việc thực hiện "
            "chính sách hỗ trợ người dân bị ảnh hưởng bởi thiên tai.",
        ),
        (A(("Ủy ban Mặt trận Tổ quốc huyện", CTXH_HUYEN)),),
    ),
    Case(
        "p-tckh-tnmt",
        (
            "Giao P.TCKH chủ trì, phối hợp với Phòng TN&MT tham mưu phương án đấu giá quyền sử "
            "dụng đất, báo cáo UBND huyện trong tháng 5/2024.",
        ),
        (A((TCKH,), (TNMT,), "2024-05-31"),),
    ),
    Case(
        "so-tnmt-provincial",
        (
            "Giao Sở TN&MT chủ trì, phối hợp với Sở Xây dựng, UBND huyện Tân Yên kiểm tra hiện "
            "trạng sử dụng đất tại Cụm công nghiệp Đồng Đình, báo cáo UBND tỉnh trước ngày "
            "30/4/2024.",
        ),
        (
            A(
                ("Sở Tài nguyên và Môi trường",),
                ("Sở Xây dựng", "Ủy ban nhân dân huyện Tân Yên"),
                "2024-04-30",
            ),
        ),
        frame="bare",
    ),
    Case(
        "ban-chqs",
        (
            "Ban CHQS huyện chủ trì, phối hợp với Công an huyện, Huyện đoàn tổ chức tuyển chọn "
            "và gọi công dân nhập ngũ năm 2025, hoàn thành trước ngày 15/02/2025.",
        ),
        (A((CHQS,), ("Công an huyện", "Huyện đoàn"), "2025-02-15"),),
        issued=date(2024, 11, 20),
    ),
]

TWO_SUBJECTS: list[Case] = [
    Case(
        "comma-second-subject-phai",
        (
            "Phòng Văn hóa và Thông tin phải đẩy mạnh tuyên truyền về bảo vệ môi trường, các tổ "
            "chức CTXH phải vận động hội viên thực hiện phân loại rác thải tại nguồn.",
        ),
        (
            A((VHTT,)),
            A(("các tổ chức chính trị - xã hội",), quote_has="vận động hội viên"),
        ),
    ),
    Case(
        "comma-second-subject-co-trach-nhiem",
        (
            "Phòng Y tế chủ trì kiểm tra an toàn thực phẩm tại các bếp ăn tập thể, Trung tâm Y tế "
            "huyện có trách nhiệm lấy mẫu xét nghiệm khi có yêu cầu.",
        ),
        (A(("Phòng Y tế",)), A(("Trung tâm Y tế huyện",))),
    ),
    Case(
        "semicolon-second-subject-own-deadline",
        (
            "Phòng Nội vụ hướng dẫn quy trình bổ nhiệm cán bộ quản lý trường học; Phòng Giáo dục "
            "và Đào tạo rà soát nhu cầu, đề xuất nhân sự trước ngày 30/6/2024.",
        ),
        (A(("Phòng Nội vụ",)), A((GDDT,), (), "2024-06-30")),
    ),
]

NEWS: list[Case] = [
    Case(
        "news-theo-do-giao",
        (
            "Văn phòng UBND tỉnh vừa có Công văn số 1234/VP-KT thông báo ý kiến chỉ đạo của Phó "
            "Chủ tịch UBND tỉnh về việc xử lý kiến nghị của Hiệp hội Doanh nghiệp tỉnh. Theo đó, "
            "Phó Chủ tịch UBND tỉnh giao Sở Kế hoạch và Đầu tư chủ trì, phối hợp với Sở Tài "
            "chính, Cục Thuế tỉnh nghiên cứu, giải quyết các kiến nghị theo thẩm quyền; báo cáo "
            "UBND tỉnh trước ngày 15/4/2024.",
        ),
        (
            A(
                ("Sở Kế hoạch và Đầu tư",),
                ("Sở Tài chính", "Cục Thuế tỉnh"),
                "2024-04-15",
                quote_has="giao Sở Kế hoạch và Đầu tư",
            ),
        ),
        frame="bare",
    ),
    Case(
        "news-colon-giao",
        (
            "Văn phòng UBND tỉnh vừa có Công văn số 856/VP-NN thông báo ý kiến chỉ đạo của Chủ "
            "tịch UBND tỉnh về công tác phòng, chống dịch tả lợn châu Phi: Giao Sở Nông nghiệp "
            "và Phát triển nông thôn chủ trì, phối hợp với UBND các huyện, thành phố triển khai "
            "quyết liệt các biện pháp khoanh vùng, xử lý ổ dịch.",
        ),
        (
            A(
                ("Sở Nông nghiệp và Phát triển nông thôn",),
                ("Ủy ban nhân dân các huyện, thành phố",),
            ),
        ),
        frame="bare",
    ),
    Case(
        "news-yeu-cau-two-clauses",
        (
            "Theo đó, UBND tỉnh yêu cầu Sở Y tế chỉ đạo các cơ sở khám bệnh, chữa bệnh bảo đảm "
            "đủ thuốc, vật tư y tế; Sở Tài chính bố trí kinh phí mua sắm trang thiết bị trước "
            "ngày 30/6/2024.",
        ),
        (A(("Sở Y tế",)), A(("Sở Tài chính",), (), "2024-06-30")),
        frame="bare",
    ),
]

SPEAKER_AND_ADDRESSEE: list[Case] = [
    Case(
        "x-de-nghi-y",
        (
            "UBND huyện đề nghị Chi cục Thuế khu vực phối hợp với UBND các xã, thị trấn đôn đốc "
            "các hộ kinh doanh nộp thuế đúng hạn.",
        ),
        (A(("Chi cục Thuế khu vực",), (UBND_XA,)),),
    ),
    Case(
        "x-yeu-cau-y",
        (
            "Chủ tịch UBND huyện yêu cầu Phòng Kinh tế và Hạ tầng khẩn trương kiểm tra, xử lý các "
            "công trình xây dựng không phép trên địa bàn thị trấn.",
        ),
        (A((KTHT,)),),
    ),
    Case(
        "x-de-nghi-y-chi-dao-z",
        (
            "Thường trực HĐND huyện đề nghị UBND huyện chỉ đạo các phòng chuyên môn giải quyết "
            "dứt điểm các kiến nghị của cử tri trước kỳ họp giữa năm.",
        ),
        (A(("Ủy ban nhân dân huyện",)),),
    ),
]

PLAN_LAYOUT: list[Case] = [
    Case(
        "plan-skips-aims-section",
        (
            "I. MỤC ĐÍCH, YÊU CẦU",
            "1. Mục đích",
            "- Nâng cao nhận thức của cán bộ, đảng viên và Nhân dân về công tác chuyển đổi số.",
            "2. Yêu cầu",
            "- Các cơ quan, đơn vị phải bám sát chức năng, nhiệm vụ, bảo đảm thiết thực, hiệu "
            "quả.",
            "II. NHIỆM VỤ CỤ THỂ",
            "1. Phòng Văn hóa và Thông tin chủ trì tổ chức tập huấn kỹ năng số cho cán bộ, công "
            "chức cấp xã trong quý II/2024.",
        ),
        (A((VHTT,), (), "2024-06-30"),),
        frame="bare",
    ),
    Case(
        "plan-to-chuc-thuc-hien-headings",
        (
            "III. TỔ CHỨC THỰC HIỆN",
            "1. Phòng Văn hóa và Thông tin",
            "Là cơ quan thường trực, chủ trì, phối hợp với các cơ quan, đơn vị liên quan triển "
            "khai các nội dung của Kế hoạch; tổng hợp kết quả, báo cáo UBND huyện trước ngày "
            "15/11/2024.",
            "2. Phòng Tài chính - Kế hoạch",
            "Tham mưu bố trí kinh phí thực hiện Kế hoạch theo quy định.",
        ),
        (
            A((VHTT,), ("các cơ quan, đơn vị liên quan",), "2024-11-15"),
            A((TCKH,)),
        ),
        frame="bare",
    ),
    Case(
        "cong-van-y-kien-nhu-sau",
        (
            "Ủy ban nhân dân huyện nhận được Công văn số 98/HND ngày 01/3/2024 của Hội Nông dân "
            "huyện đề nghị hỗ trợ kinh phí tổ chức Hội thi Nhà nông đua tài. Về việc này, UBND "
            "huyện có ý kiến như sau:",
            "1. Giao Phòng Tài chính - Kế hoạch thẩm định, đề xuất mức hỗ trợ, báo cáo UBND "
            "huyện trước ngày 25/3/2024.",
            "2. Đề nghị Hội Nông dân huyện phối hợp với Phòng Nông nghiệp và Phát triển nông "
            "thôn xây dựng kế hoạch tổ chức Hội thi bảo đảm tiết kiệm, hiệu quả.",
        ),
        (
            A((TCKH,), (), "2024-03-25"),
            A(("Hội Nông dân huyện",), ("Phòng Nông nghiệp và Phát triển nông thôn",)),
        ),
        frame="cong_van",
    ),
    Case(
        "giao-chiu-trach-nhiem-to-chuc",
        (
            "Giao Chủ tịch UBND các xã, thị trấn chịu trách nhiệm tổ chức cưỡng chế các công "
            "trình vi phạm trật tự xây dựng trên địa bàn, hoàn thành trước ngày 30/5/2024.",
        ),
        (A(("Chủ tịch Ủy ban nhân dân các xã, thị trấn",), (), "2024-05-30"),),
    ),
    Case(
        "assignment-then-accountability",
        (
            "Yêu cầu Phòng Tài nguyên và Môi trường hoàn thành việc cấp giấy chứng nhận quyền sử "
            "dụng đất lần đầu cho các hộ còn tồn đọng trước ngày 30/4/2024; nếu chậm trễ, Trưởng "
            "phòng phải chịu trách nhiệm trước Chủ tịch UBND huyện.",
        ),
        (A((TNMT,), (), "2024-04-30"),),
    ),
    Case(
        "recurring-annual",
        (
            "Các cơ quan, đơn vị thuộc UBND huyện báo cáo kết quả thực hiện công tác dân vận "
            "chính quyền trước ngày 15/12 hằng năm.",
        ),
        (A(("Các cơ quan, đơn vị thuộc Ủy ban nhân dân huyện",), (), Rec("FREQ=YEARLY")),),
    ),
    Case(
        "la-co-quan-thuong-truc",
        (
            "Phòng Nội vụ là cơ quan thường trực, có trách nhiệm theo dõi, đôn đốc các cơ quan, "
            "đơn vị thực hiện Kế hoạch; định kỳ 6 tháng báo cáo UBND huyện.",
        ),
        (A(("Phòng Nội vụ",), (), Rec("FREQ=")),),
    ),
    Case(
        "giao-nhiem-vu-cho",
        (
            "UBND huyện giao nhiệm vụ cho Phòng Tư pháp chủ trì tổ chức các hoạt động hưởng ứng "
            "Ngày Pháp luật Việt Nam, hoàn thành trong tháng 11/2024.",
        ),
        (A(("Phòng Tư pháp",), (), "2024-11-30"),),
    ),
    Case(
        "unit-with-parenthesis",
        (
            "Phòng Nội vụ (cơ quan thường trực Hội đồng Thi đua - Khen thưởng huyện) chủ trì, "
            "phối hợp với các cơ quan liên quan thẩm định hồ sơ khen thưởng năm 2023 trước ngày "
            "20/3/2024.",
        ),
        (A(("Phòng Nội vụ",), ("các cơ quan liên quan",), "2024-03-20"),),
    ),
    Case(
        "table-row-theo-ke-hoach",
        (
            "TT",
            "Nội dung",
            "Cơ quan chủ trì",
            "Cơ quan phối hợp",
            "Thời gian hoàn thành",
            "1",
            "Tổ chức Lễ ra quân Tết trồng cây",
            "Phòng Nông nghiệp và Phát triển nông thôn",
            "Huyện đoàn",
            "Theo kế hoạch",
            "2",
            "Tổng kết công tác thi đua, khen thưởng",
            "Phòng Nội vụ",
            "Các cơ quan, đơn vị",
            "Trước ngày 15/12/2024",
        ),
        (
            A(
                ("Phòng Nông nghiệp và Phát triển nông thôn",),
                ("Huyện đoàn",),
                quote_has="Lễ ra quân",
            ),
            A(("Phòng Nội vụ",), ("Các cơ quan, đơn vị",), "2024-12-15"),
        ),
    ),
    Case(
        "x-giao-y",
        (
            "Chủ tịch UBND huyện giao Phòng Nội vụ phối hợp với Văn phòng HĐND và UBND huyện "
            "tham mưu kiện toàn Ban Chỉ đạo cải cách hành chính huyện trước ngày 05/4/2024.",
        ),
        (A(("Phòng Nội vụ",), (VP_HUYEN,), "2024-04-05"),),
    ),
]

MORE: list[Case] = [
    Case(
        "dong-thoi-with-new-subject",
        (
            "Phòng Nội vụ hướng dẫn các xã, thị trấn bố trí công chức văn hóa - xã hội theo quy "
            "định. Đồng thời, Phòng Tư pháp rà soát các văn bản quy phạm pháp luật có liên quan, "
            "báo cáo UBND huyện trước ngày 10/5/2024.",
        ),
        (A(("Phòng Nội vụ",)), A(("Phòng Tư pháp",), (), "2024-05-10")),
    ),
    Case(
        "preamble-then-closing-formula",
        (
            "Chủ tịch UBND huyện yêu cầu Thủ trưởng các cơ quan, đơn vị thuộc UBND huyện thực "
            "hiện tốt một số nhiệm vụ sau:",
            "1. Chấn chỉnh kỷ luật, kỷ cương hành chính, chấm dứt tình trạng đi muộn, về sớm.",
            "2. Công khai thủ tục hành chính tại trụ sở và trên Trang thông tin điện tử của đơn "
            "vị, hoàn thành trong tháng 4/2024.",
            "Văn phòng HĐND và UBND huyện thông báo để các cơ quan, đơn vị biết, thực hiện./.",
        ),
        (
            A(("Thủ trưởng các cơ quan, đơn vị thuộc Ủy ban nhân dân huyện",)),
            A(("Thủ trưởng các cơ quan, đơn vị thuộc Ủy ban nhân dân huyện",), (), "2024-04-30"),
        ),
    ),
    Case(
        "de-nghi-as-noun",
        (
            "Xét đề nghị của Phòng Tài chính - Kế hoạch tại Tờ trình số 45/TTr-TCKH ngày "
            "01/3/2024, Chủ tịch UBND huyện đồng ý chủ trương mua sắm trang thiết bị cho Trung "
            "tâm Y tế huyện. Giao Phòng Tài chính - Kế hoạch hướng dẫn Trung tâm Y tế huyện thực "
            "hiện các thủ tục mua sắm theo đúng quy định.",
        ),
        (A((TCKH,), quote_has="Giao Phòng Tài chính"),),
    ),
    Case(
        "phoi-hop-cung",
        (
            "Phòng Giáo dục và Đào tạo phối hợp cùng Hội Liên hiệp Phụ nữ huyện triển khai "
            "chương trình giáo dục kỹ năng phòng, chống xâm hại cho học sinh.",
        ),
        (A((GDDT,), ("Hội Liên hiệp Phụ nữ huyện",)),),
    ),
    Case(
        "den-het-ngay",
        (
            "Đề nghị các cơ quan, đơn vị, UBND các xã, thị trấn gửi hồ sơ đề nghị khen thưởng về "
            "Phòng Nội vụ; thời gian tiếp nhận hồ sơ đến hết ngày 29/3/2024.",
        ),
        (A(("các cơ quan, đơn vị", UBND_XA), (), "2024-03-29"),),
    ),
    Case(
        "party-chi-bo-dang-bo",
        (
            "Ban Thường vụ Huyện ủy yêu cầu các chi bộ, đảng bộ trực thuộc tổ chức quán triệt, "
            "học tập Nghị quyết đến toàn thể cán bộ, đảng viên, xong trong quý II/2024.",
        ),
        (A(("các chi bộ, đảng bộ trực thuộc",), (), "2024-06-30"),),
        frame="bare",
    ),
    Case(
        "offset-before-event",
        (
            "Đề nghị các cơ quan, đơn vị gửi báo cáo tham luận về Văn phòng HĐND và UBND huyện "
            "chậm nhất 05 ngày trước ngày tổ chức Hội nghị.",
        ),
        (A(("các cơ quan, đơn vị",)),),
    ),
    Case(
        "reference-date-not-deadline",
        (
            "Giao Phòng Y tế chủ trì triển khai Kế hoạch số 12/KH-UBND ngày 15/01/2024 của UBND "
            "tỉnh về bảo đảm an toàn thực phẩm trên địa bàn huyện.",
        ),
        (A(("Phòng Y tế",)),),
    ),
    Case(
        "named-commune",
        (
            "Giao UBND xã Ngọc Thiện phối hợp với Phòng Tài nguyên và Môi trường hoàn thành giải "
            "phóng mặt bằng Dự án đường tỉnh 398 đoạn qua địa bàn xã trước ngày 30/6/2024.",
        ),
        (A(("Ủy ban nhân dân xã Ngọc Thiện",), (TNMT,), "2024-06-30"),),
    ),
]


def _seed_case() -> Case:
    lines = tuple(SEED.read_text(encoding="utf-8").split("\n"))
    mttq = "Ủy ban Mặt trận Tổ quốc"
    return Case(
        "seed-s00",
        lines,
        (
            A(
                (
                    mttq,
                    "các tổ chức chính trị - xã hội",
                    "Thủ trưởng các cơ quan quản lý nhà nước huyện",
                )
            ),
            A((mttq, "các tổ chức chính trị - xã hội")),
            A(("Các phòng chuyên môn",)),
            A(("các tổ chức chính trị - xã hội",), quote_has="xây dựng các mục tiêu cụ thể"),
            A((mttq, CTXH_HUYEN)),
            A(("Các cơ quan quản lý nhà nước huyện",), (mttq, "các tổ chức chính trị - xã hội")),
            A(
                ("phòng Nội vụ huyện",),
                (mttq, CTXH_HUYEN, "các cơ quan liên"),
                "2023-03-05",
                quote_has="trước ngày",
            ),
        ),
        issued=date(2023, 2, 28),
        frame="bare",
    )


ALL: list[Case] = [
    *CUES,
    *NOT_ASSIGNMENTS,
    *PREAMBLES,
    *CARRY_OVER,
    *HEADINGS,
    *FIELDS,
    *TABLES,
    *DEADLINES,
    *MULTIPLE_UNITS,
    *ABBREVIATIONS,
    *TWO_SUBJECTS,
    *NEWS,
    *SPEAKER_AND_ADDRESSEE,
    *PLAN_LAYOUT,
    *MORE,
    _seed_case(),
]


# What the extractor does today where it falls short; remove an entry when its case passes.
KNOWN_GAPS: dict[str, str] = {}

_TABLE_QUOTE = (
    "a table row's quote joins the content and deadline cells and skips the unit cells between "
    "them ('Rà soát, sắp xếp lại các điểm trường lẻ\\nTháng 6/2024'), so it is not document text"
)
# Cases whose quotes are not text of the document.
QUOTE_GAPS: dict[str, str] = {}


def _params(cases: list[Case], gaps: dict[str, str]) -> list[Any]:
    return [
        pytest.param(
            c,
            id=c.id,
            marks=[pytest.mark.xfail(reason=gaps[c.id], strict=True)] if c.id in gaps else [],
        )
        for c in cases
    ]


def test_case_ids_are_unique_and_gaps_name_cases() -> None:
    ids = [c.id for c in ALL]
    assert len(ids) == len(set(ids))
    assert len(ids) >= 60
    assert set(KNOWN_GAPS) <= set(ids)
    assert set(QUOTE_GAPS) <= set(ids)


@pytest.mark.parametrize("case", _params(ALL, KNOWN_GAPS))
def test_extraction(case: Case) -> None:
    text = _document(case)
    found = list(extract_text(text, issued=case.issued).assignments)
    shown = _shown(found)
    assert len(found) == len(case.expected), shown
    for got, want in zip(found, case.expected, strict=True):
        assert _keys(got.lead) == _keys(want.lead), shown
        assert _keys(got.cooperate) == _keys(want.cooperate), shown
        assert _due_matches(got, want.due), shown
        if want.quote_has:
            assert want.quote_has in got.quote, shown


@pytest.mark.parametrize("case", _params([c for c in ALL if c.expected], QUOTE_GAPS))
def test_quote_is_text_of_the_document(case: Case) -> None:
    text = _document(case)
    plain = text.plain_text()
    for a in extract_text(text, issued=case.issued).assignments:
        assert a.quote.strip()
        assert a.quote in plain, a.quote
