"""Sentences of answers to questions, chat commands, the console chat and the demo."""

from __future__ import annotations

# --- answers --------------------------------------------------------------------------------

ANSWER_HELLO = "Xin chào! Tôi trả lời về các nhiệm vụ được giao trong văn bản. Bạn có thể hỏi:"
ANSWER_NOT_UNDERSTOOD = "Tôi chưa hiểu câu hỏi. Bạn có thể hỏi, ví dụ:"
ANSWER_THANKS = "Dạ. Cần tra cứu nhiệm vụ nào, bạn cứ hỏi."
ANSWER_ABOUT = (
    "Tôi là giaoviec, trợ lý theo dõi nhiệm vụ: tôi đọc các văn bản đã nhập (thông báo, kế hoạch, "
    "chỉ thị, công văn), trả lời việc gì giao cho đơn vị nào, hạn khi nào, và nhắc hạn. "
    "Bạn có thể hỏi:"
)
ANSWER_OFF_TOPIC = (
    "Tôi chỉ trả lời về các nhiệm vụ được giao trong văn bản đã nhập, và không thấy việc nào "
    "nói về điều này. Gõ «hướng dẫn» để xem cách hỏi."
)
# Each example works on the shipped sample (tests/bot/test_suggestions.py asks them all).
EXAMPLE_QUESTIONS: tuple[str, ...] = (
    "• Phòng Nội vụ được giao việc gì?",
    "• phong noi vu co viec gi sap den han",
    "• Việc nào sắp đến hạn? / Tính đến ngày 10/3/2023 việc nào quá hạn?",
    "• Ủy ban MTTQ huyện được đề nghị những gì?",
    "• Ai phụ trách hoàn thiện quy chế phối hợp? Hạn khi nào?",
    "• Đơn vị tôi được giao gì? (sau khi /dangky <tên đơn vị>)",
)
ANSWER_NO_OWN_UNIT = (
    "Cuộc trò chuyện này chưa gắn với đơn vị nào. Hãy gõ /dangky <tên đơn vị>, "
    "ví dụ: /dangky Phòng Nội vụ."
)
ANSWER_UNKNOWN_UNIT = "Không tìm thấy đơn vị «{name}» trong danh mục và các văn bản đã nhập."
ANSWER_DID_YOU_MEAN = "Có phải ý bạn là: {names}?"
ANSWER_NONE_FOR_UNIT = "Không có việc nào giao cho {unit} khớp câu hỏi."
ANSWER_NONE_OVERDUE = "Không có việc nào quá hạn tính đến ngày {date}."
ANSWER_NONE_DUE = "Không có việc nào đến hạn trong khoảng thời gian này."
ANSWER_NONE_DUE_SOON = "Không có việc nào sắp đến hạn (từ nay đến hết ngày {date})."
ANSWER_NONE_FOR_DOCUMENT = "Không tìm thấy nhiệm vụ nào trong văn bản {document} khớp câu hỏi."
ANSWER_NONE_FOUND = "Không tìm thấy nhiệm vụ nào khớp câu hỏi."
ANSWER_DOCUMENT_WITHOUT_TASKS = (
    "Văn bản số {document} (và các văn bản nhắc đến số này) đã nhập không giao nhiệm vụ nào "
    "cho đơn vị nào."
)
ANSWER_NO_DOCUMENT = (
    "Không tìm thấy văn bản số {document} trong các văn bản đã nhập, nên không có việc nào "
    "được giao theo văn bản này."
)
ANSWER_OVERDUE = "{count} việc quá hạn tính đến ngày {date}:"
COUNT_AT_LEAST = "Hơn {count}"
ANSWER_FOR_UNIT = "{unit}: {count} việc"
ANSWER_DUE = "{count} việc đến hạn:"
ANSWER_FOUND = "{count} việc liên quan:"
ANSWER_LINE = "{n}. {task} — {role} — {status} — {citation}"
ANSWER_MORE_LEFT = "Còn {count} việc nữa: gõ «xem thêm»."
ANSWER_DETAIL_HINT = "Gõ «chi tiết N» để xem nguyên văn việc số N."
ANSWER_NO_MORE = "Không còn việc nào nữa."
ANSWER_NO_SUCH_ITEM = "Không có việc số {n} trong câu trả lời vừa rồi."
BUTTON_DETAIL = "Chi tiết {n}"
BUTTON_MORE = "Xem thêm"
ROLE_LEAD = "chủ trì"
ROLE_COOPERATE_WITH = "phối hợp (chủ trì: {lead})"
ROLE_WHO = "chủ trì: {lead}"
UNKNOWN_LEAD = "chưa rõ đơn vị"
STATUS_DAYS_LEFT = "hạn {date} (còn {days} ngày)"
STATUS_DUE_TODAY = "hạn {date} (hôm nay)"
STATUS_OVERDUE = "hạn {date} (quá hạn {days} ngày)"
STATUS_NO_DEADLINE = "chưa có hạn"
STATUS_DONE = "đã hoàn thành ngày {date}"
STATUS_NO_DATE_WITH_TEXT = "chưa có hạn cụ thể ({text})"
DOCUMENT_WORD = "Văn bản"
CITATION_DATE = " ngày {date}"
CITATION_PLACE = "mục {place}"
DETAIL_TITLE = "Việc #{id}: {task}"
DETAIL_LEAD = "Chủ trì: {names}"
DETAIL_COOPERATE = "Phối hợp: {names}"
DETAIL_DEADLINE = "Thời hạn: {status}"
DETAIL_CITATION = "Nguồn: {citation}"
DETAIL_QUOTE = "Nguyên văn: «{quote}»"


# --- answers: long replies grouped, counted and paged (handlers/answering.py; issue 3) --------

# A long answer's page groups its lines under a header: the document they come from, or (for
# overdue and due lists about no one unit) the unit that leads them. A line then leaves out
# what its header says.
GROUP_DOCUMENT = "Theo {document}:"
GROUP_DOCUMENT_TITLED = "Theo {document} «{title}»:"  # a document without a number
GROUP_LEAD = "{lead} chủ trì:"
GROUP_NO_LEAD = "Chưa rõ đơn vị chủ trì:"
GROUPED_LINE_BY_DOCUMENT = "{n}. {task} — {role} — {status}"
GROUPED_LINE_PLACE = "{line} — {place}"
GROUPED_LINE_BY_LEAD = "{n}. {task} — {status} — {citation}"
COUNT_AT_LEAST_IN_TEXT = "hơn {count}"
ANSWER_MORE_LEFT_AT_LEAST = "Còn hơn {count} việc nữa: gõ «xem thêm»."
ANSWER_LIST_END = (
    "Đã hiện {shown} việc đầu trong {total} việc. Để xem các việc khác, hãy hỏi cụ thể hơn: "
    "thêm tên đơn vị, thời gian hoặc nội dung việc."
)


# --- chat commands (handlers/router.py) -----------------------------------------------------

CMD_VIEC = "Việc được giao cho một đơn vị (bỏ trống: đơn vị đã đăng ký của cuộc trò chuyện)"
CMD_VIEC_ARGS = "[đơn vị]"
CMD_HANCHOT = "Việc đến hạn: tuần này, hoặc khoảng bạn gõ (tháng 4/2026, quý 2, 7 ngày tới)"
CMD_HANCHOT_ARGS = "[khoảng thời gian]"
CMD_QUAHAN = "Việc quá hạn tính đến hôm nay, hoặc đến ngày bạn gõ (10/3/2023)"
CMD_QUAHAN_ARGS = "[ngày]"
CMD_DANGKY = "Gắn cuộc trò chuyện này với một đơn vị"
CMD_DANGKY_ARGS = "<đơn vị>"
CMD_HUYDANGKY = "Bỏ gắn cuộc trò chuyện này với đơn vị"
CMD_CHITIET = "Nguyên văn việc số n của câu trả lời vừa rồi (hoặc việc có mã n)"
CMD_CHITIET_ARGS = "<n>"
CMD_XEMTHEM = "Xem tiếp các việc của câu trả lời vừa rồi"
CMD_TROGIUP = "Các lệnh và cách hỏi"
HELP_TITLE = "Các lệnh:"
HELP_LINE = "/{name}{args} — {description}"
HELP_FOOTER = (
    "Hoặc hỏi bằng lời, có dấu hay không dấu đều được, ví dụ: «Phòng Nội vụ được giao việc "
    "gì?», «việc nào sắp đến hạn?», «đơn vị tôi có việc gì sắp đến hạn?»."
)
UNKNOWN_COMMAND = "Lệnh không có: /{name}. Gõ /trogiup để xem các lệnh."
ATTACHMENT_NOT_HERE = (
    "Chưa nhận tệp «{filename}» qua đây: gửi văn bản vào trò chuyện sẽ có ở bản Telegram và "
    "chỉ dành cho văn phòng. Hiện nay văn phòng nhập văn bản bằng lệnh «giaoviec ingest»."
)
MESSAGE_TOO_LONG = (
    "Tin nhắn quá dài ({length} ký tự, tối đa {limit}). Hãy hỏi ngắn gọn, ví dụ: «Phòng Nội "
    "vụ được giao việc gì?». Văn bản đầy đủ do văn phòng nhập vào hệ thống."
)
BIND_DONE = (
    "Đã gắn cuộc trò chuyện này với {unit}. Từ nay bạn có thể hỏi «đơn vị tôi được giao gì?» "
    "hoặc gõ /viec."
)
BIND_ASK_NAME = "Hãy gõ tên đơn vị sau lệnh, ví dụ: /dangky Phòng Nội vụ."
BIND_PICK = "Chọn một đơn vị bên dưới, hoặc gõ lại /dangky với tên đầy đủ của đơn vị."
BIND_UNKNOWN = (
    "Không tìm thấy đơn vị «{name}» trong danh mục. Hãy gõ tên đầy đủ, "
    "ví dụ: /dangky Phòng Nội vụ."
)
UNBIND_DONE = "Đã bỏ gắn cuộc trò chuyện này với {unit}."
UNBIND_NONE = "Cuộc trò chuyện này chưa gắn với đơn vị nào."
UNIT_PICK = "Chọn một đơn vị bên dưới, hoặc gõ lại /viec với tên đầy đủ của đơn vị."
DETAIL_ASK_NUMBER = "Hãy gõ số thứ tự của việc, ví dụ: /chitiet 1."
OVERDUE_BAD_DATE = (
    "Ngày «{value}» không hợp lệ. Hãy gõ dạng ngày/tháng/năm, ví dụ: /quahan 10/3/2023."
)
DUE_BAD_PERIOD = (
    "Chưa hiểu khoảng thời gian «{value}». Hãy gõ, ví dụ: /hanchot tuần này, "
    "/hanchot tháng 4/2026, /hanchot quý 2, /hanchot 7 ngày tới, /hanchot 1/3/2023 - 15/3/2023."
)
BUTTON_EXPIRED = "Lựa chọn này không còn dùng được. Gõ /trogiup để xem các lệnh."
ROUTER_FAILED = "Xin lỗi, đã có lỗi khi xử lý yêu cầu. Vui lòng thử lại sau."


# --- console chat (bot/console.py) and demo -------------------------------------------------

CONSOLE_PROMPT = "Bạn: "
CONSOLE_ECHO = "Bạn: {text}"
CONSOLE_BUTTON = "[{label}]"
CONSOLE_FILE = "(Tệp đính kèm: {filename})"
CONSOLE_FILE_SAVED = "(Đã lưu tệp: {path})"
CONSOLE_WELCOME = (
    "Trò chuyện với trợ lý giao việc (hôm nay: {today}). "
    "Gõ câu hỏi, /trogiup để xem các lệnh, /thoat để thoát."
)
CONSOLE_BYE = "Tạm biệt!"
CONSOLE_USER = "Văn phòng (máy trạm)"
CONSOLE_TO = "(gửi tới {chat}) {text}"
CLI_DEMO_WELCOME = (
    "Dữ liệu mẫu: {documents} văn bản, {assignments} nhiệm vụ, cơ sở dữ liệu {db}.\n"
    "Hôm nay được đặt là ngày {today} để thấy hạn của văn bản mẫu "
    "(đổi bằng «giaoviec demo --date ngày/tháng/năm», ví dụ --date 10/03/2023).\n"
    "Thử hỏi:"
)
# The five questions a newcomer tries first; the README shows their replies on the sample
# (tests/bot/test_readme_demo.py writes and checks that transcript).
DEMO_QUESTIONS: tuple[str, ...] = (
    "Phòng Nội vụ được giao việc gì?",
    "phong noi vu co viec gi sap den han",
    "Ai phụ trách hoàn thiện quy chế phối hợp? Hạn khi nào?",
    "Tính đến ngày 10/3/2023 việc nào quá hạn?",
    "Ủy ban MTTQ huyện được đề nghị những gì?",
)
DEMO_QUESTION_LINE = "• {question}"
DEMO_MORE = (
    "Rồi thử /tiendo, /quahan 10/3/2023, hoặc /dangky Phòng Nội vụ rồi hỏi «đơn vị tôi được "
    "giao gì?»."
)
CLI_DEMO_FOOTER = "Gõ /trogiup để xem các lệnh, /thoat (hoặc Ctrl+D) để thoát."
