"""What a clause says that assigns nothing: reports after a subject, formulas of a letter."""

from __future__ import annotations

import re

# What follows a subject when the sentence reports rather than assigns.
NOT_TASK_AFTER_SUBJECT = re.compile(
    r"^\s*(?:đã|chưa|đang|vẫn|vừa|mới|được\b(?! giao)|không|cũng đã|còn|bị|thừa lệnh|thông báo|"
    r"ban hành (?:văn bản|công văn|thông báo|kế hoạch|quyết định)|"
    r"có (?:văn bản|công văn|ý kiến|buổi|cuộc)|"
    r"(?:đã )?tổ chức thành công|"  # "Thường trực HĐND huyện tổ chức thành công kỳ họp"
    r"tổ chức (?:phiên|kỳ họp|họp (?:thường kỳ|giao ban|định kỳ|triển khai|ban chỉ đạo|bcđ|"
    r"thành viên|mở rộng|trực tuyến|sơ kết|tổng kết|đánh giá))|họp|đồng ý|nhất trí|ghi nhận|"
    r"biểu dương|"
    r"kết luận|tổ chức (?:buổi|hội nghị|cuộc)|chủ trì (?:buổi|hội nghị|cuộc|phiên|kỳ họp|họp)|"
    r"truyền đạt|trân trọng|đón tiếp|tiếp đón|phát biểu|nhấn mạnh|cho biết|đánh gi[áa]|"
    r"kêu gọi|biểu dương|ghi nhận|làm việc (?:với|tại)|họp|kiểm tra (?:công tác|tiến độ|thực tế)|"
    r"nhận được|chủ tọa|"
    # a ceremony reported: "Lãnh đạo UBND xã trao quà cho các em ..."
    r"trao quà|trao tặng|tặng quà|thăm hỏi|chúc mừng|dâng hương|"
    # a visit reported, or a photo's caption: "Phó Bí thư Tỉnh ủy ... tham quan mô hình ..."
    r"tham quan|(?:đến |đi )?thăm\b(?! dò)|"
    r"ban hành (?:chỉ thị|kế hoạch|thông báo|công văn|văn bản|quyết định)|"
    r"và\b|,|là (?!cơ quan|đơn vị))",
    re.IGNORECASE,
)
# "Phòng Kinh tế báo cáo kết quả chấm phúc tra ...", "Trung tâm an sinh xã hội báo cáo tham
# luận tại hội nghị": who reports at a meeting, told as news. A report asked of a unit says to
# whom, by when or how often ("báo cáo kết quả về UBND huyện trước ngày 10/5").
REPORTS_AT_MEETING = re.compile(r"^\s*(?:cũng\s+)?(?:báo cáo|trình bày)\b", re.IGNORECASE)
REPORT_ASKED = re.compile(
    r"\b(?:về|lên|cho|tới|đến|gửi|trước|chậm nhất|định kỳ|hằng|hàng|khi|kịp thời|thường xuyên|"
    r"bằng văn bản|xin ý kiến|đề xuất)\b"
    # "báo cáo UBND tỉnh (thông qua Công an tỉnh)": to a body named right after the verb
    r"|^\s*(?:cũng\s+)?báo cáo\s+(?:ubnd|ủy ban|uỷ ban|sở|bộ|chủ tịch|thường trực|huyện ủy|"
    r"tỉnh ủy|đảng ủy|cấp trên|ban)\b",
    re.IGNORECASE,
)
_ACCOUNTABILITY = re.compile(
    r"chịu trách nhiệm (?:trước|nếu|về việc để)|phải chịu trách nhiệm|xử lý trách nhiệm|"
    r"chịu trách nhiệm (?:đối với|về) (?:những|các)? ?(?:trường hợp|sai phạm|vi phạm)|"
    r"chịu hoàn toàn trách nhiệm|kiểm điểm trách nhiệm|"
    r"(?:chịu trách nhiệm|có trách nhiệm) (?:thi hành|tổ chức thực hiện) "
    r"(?:quyết định|chỉ thị) này|"
    r"căn cứ quyết định (?:thi hành|thực hiện)",
    re.IGNORECASE,
)
_TRANSMISSION = re.compile(
    # "... thông báo để các cơ quan biết"; not a task's second verb: "Trưởng thôn tổ chức dọn
    # vệ sinh và thông báo cho Nhân dân treo cờ"
    r"(?<!\bvà )(?<!, )thông báo (?:để|đến|cho|tới)|thông báo (?:ý kiến|kết luận|nội dung)|"
    r"dưới sự chủ trì|"
    r"\b(?:nêu trên|trên đây)\b[^.;]{0,40}\bthực hiện|"
    r"thừa lệnh|thừa ủy quyền|sao gửi|"
    # the closing courtesy of a letter: "Sở ... rất mong nhận được ý kiến của Quý cơ quan"
    r"\b(?:rất )?mong nhận được\b|"
    r"trên đây là|"
    r"để (?:các )?(?:cơ quan|đơn vị|địa phương)[^.]{0,40}\bbiết|để biết",
    re.IGNORECASE,
)
# An aside in brackets ("(Sao gửi Công văn kèm theo)", "(phòng Kinh tế)") is no formula of
# the sentence around it.
_ASIDE = re.compile(r"\([^()]*\)")


def is_formula(text: str) -> bool:
    """Whether the text only holds someone accountable or passes a document on."""
    bare = _ASIDE.sub(" ", text)
    return bool(_ACCOUNTABILITY.search(bare) or _TRANSMISSION.search(bare))


# A task of no words of its own, folded: "Đề nghị các đơn vị nghiêm túc thực hiện./."
GENERIC_TASK = re.compile(
    r"^(?:(?:nghiem tuc|khan truong|kip thoi|to chuc|trien khai|quan tam|chu dong|"
    r"phoi hop|tot|nghiem|thuc hien|trien khai thuc hien|to chuc thuc hien)\s*,?\s*)+"
    # "... thực hiện tốt tinh thần Thông báo này./."
    r"(?:(?:tinh than|(?:cac |nhung )?noi dung|yeu cau)(?:\s+(?:cua|tai))?\s+)?"
    r"(?:(?:cong van|van ban|thong bao|chi thi|ke hoach|noi dung)(?: nay| tren)?)?$"
)
