"""Every sentence a user reads, in Vietnamese with diacritics, kept in one place.

Glossary: document = văn bản; assignment = nhiệm vụ được giao; lead unit = đơn vị chủ trì;
cooperating unit = đơn vị phối hợp; deadline = hạn chót / thời hạn; issuer = cơ quan ban hành.
"""

from __future__ import annotations

from datetime import date

from knowledge.errors import DocumentProblem

DOCUMENT_PROBLEMS: dict[DocumentProblem, str] = {
    DocumentProblem.NOT_FOUND: "Không tìm thấy tệp {path}.",
    DocumentProblem.EMPTY: "Tệp {path} rỗng (0 byte), không có nội dung để đọc.",
    DocumentProblem.TOO_LARGE: (
        "Tệp {path} quá lớn ({detail}); giới hạn là {limit}. Vui lòng gửi văn bản nhỏ hơn."
    ),
    DocumentProblem.UNSUPPORTED_TYPE: (
        "Không đọc được định dạng của tệp {path}. Hãy gửi văn bản dạng .docx, .pdf hoặc .txt."
    ),
    DocumentProblem.CORRUPT: (
        "Tệp {path} bị hỏng hoặc nội dung không đúng với đuôi tên tệp nên không đọc được. "
        "Vui lòng mở thử tệp, lưu lại rồi gửi lại."
    ),
    DocumentProblem.SCANNED_PDF: (
        "Tệp PDF {path} là bản quét, không có lớp chữ để đọc. "
        "Vui lòng gửi bản .docx hoặc PDF xuất trực tiếp từ Word."
    ),
    DocumentProblem.ENCRYPTED: "Tệp {path} được đặt mật khẩu, không mở được.",
    DocumentProblem.LEGACY_DOC_NEEDS_LIBREOFFICE: (
        "Tệp {path} là định dạng Word cũ (.doc). Máy chủ chưa cài LibreOffice để chuyển đổi; "
        "vui lòng lưu lại thành .docx rồi gửi lại."
    ),
    DocumentProblem.NOT_TEXT: (
        "Tệp {path} không phải văn bản chữ (có vẻ là tệp nhị phân). "
        "Hãy gửi văn bản dạng .docx, .pdf hoặc .txt."
    ),
}


def document_problem(
    problem: DocumentProblem, path: str, detail: str = "", limit: str = ""
) -> str:
    """The Vietnamese sentence for a file that could not be read.

    `detail` is for logs, written in English by the readers; only a size ("21.5 MB") is shown,
    with the decimal comma officials write.
    """
    size = detail.replace(".", ",") if problem is DocumentProblem.TOO_LARGE else ""
    return DOCUMENT_PROBLEMS[problem].format(path=path, detail=size, limit=limit)


# --- command line ---------------------------------------------------------------------------

CLI_BAD_DATE = "Ngày không hợp lệ: {value} (cần dạng ngày/tháng/năm, ví dụ 05/03/2023)."
CLI_NO_FILES = "Không tìm thấy tệp văn bản nào (.docx, .pdf, .txt, .doc) trong: {paths}."
CLI_FILE_FAILED = "Bỏ qua {path}: {reason}"
CLI_INGEST_CREATED = "Đã nhập {path}: {count} nhiệm vụ."
CLI_INGEST_UNCHANGED = "Không thay đổi {path}: văn bản này đã có trong cơ sở dữ liệu."
CLI_INGEST_REPLACED = (
    "Đã cập nhật văn bản {path} (bản sửa của văn bản cùng số): "
    "thêm {added}, bỏ {removed}, sửa {changed}, giữ nguyên {unchanged} nhiệm vụ."
)
CLI_INGEST_REVIEW = "Văn bản {path} đang chờ văn phòng xác nhận trước khi áp dụng."
CLI_INGEST_SUMMARY = (
    "Tổng kết: {documents} văn bản mới hoặc cập nhật, {unchanged} không đổi, "
    "{assignments} nhiệm vụ, {units} đơn vị mới chưa đăng ký, {failed} tệp bị từ chối."
)
CLI_INGEST_NO_NUMBER = (
    "  Lưu ý: văn bản không ghi số (dòng «Số:» để trống) nên được trích dẫn là «{kind} ngày …». "
    "Muốn trích dẫn theo số, hãy điền số vào dòng «Số:» của tệp trước khi nhập."
)
CLI_INGEST_NO_DATE = (
    "  Lưu ý: văn bản không ghi ngày ban hành. Hãy nhập với «--issued ngày/tháng/năm» "
    "(ví dụ --issued 28/02/2023) để trích dẫn có ngày và hiểu đúng các hạn không ghi năm."
)
CLI_INGEST_DATE_FROM_BODY = (
    "  Lưu ý: dòng ngày ban hành để trống ngày; lấy ngày {date} ghi trong nội dung văn bản. "
    "Ngày khác thì nhập với «--issued ngày/tháng/năm»."
)
CLI_NEW_UNITS = "Đơn vị mới chưa có trong danh mục (cần xác nhận hoặc gộp): {names}."
CLI_NO_ASSIGNMENTS = "Không có nhiệm vụ nào khớp điều kiện."
CLI_UNKNOWN_UNIT = "Không tìm thấy đơn vị «{name}»."
CLI_ALIAS_ADDED = "Đã thêm tên gọi khác «{alias}» cho {unit}."
CLI_MERGED = "Đã gộp «{source}» vào «{target}»."
CLI_DB_ERROR = "Lỗi cơ sở dữ liệu: {detail}"
CLI_CONFIG_ERROR = "Cấu hình không hợp lệ: {detail}"
CLI_UNITS_FILE_ERROR = "Không đọc được danh mục đơn vị {path}: {detail}"
CLI_STORAGE_ERROR = "Không thực hiện được: {detail}"
CLI_NO_DEADLINE = "chưa có hạn"
CLI_TABLE_HEADER = ("Mã", "Hạn", "Chủ trì", "Nhiệm vụ", "Văn bản")
CLI_UNITS_HEADER = ("Mã đơn vị", "Tên", "Loại", "Đã đăng ký", "Chủ trì", "Phối hợp")
# The `kind` of a unit (units files, knowledge/units.py) as the units table shows it.
UNIT_KINDS: dict[str, str] = {
    "ban": "ban",
    "bhxh": "bảo hiểm xã hội",
    "chi-cuc": "chi cục",
    "cong-an": "công an",
    "dang": "Đảng",
    "doan-the": "đoàn thể",
    "hdnd": "HĐND",
    "hoi": "hội",
    "kho-bac": "kho bạc",
    "mat-tran": "Mặt trận",
    "nhom": "nhóm đơn vị",
    "phong": "phòng",
    "quan-su": "quân sự",
    "so": "sở",
    "thanh-tra": "thanh tra",
    "thon": "thôn",
    "tram": "trạm",
    "trung-tam": "trung tâm",
    "truong": "trường",
    "uy-ban": "ủy ban",
    "van-phong": "văn phòng",
    "khac": "khác",
}
CLI_YES = "có"
CLI_NO = "chưa"
CLI_EXTRACT_DOC = "Văn bản: {number} · {type} · {issuer} · ngày {issued}\nTrích yếu: {title}"
CLI_EXTRACT_ITEM = "{n}. [{place}] Chủ trì: {lead}{cooperate}\n   Việc: {task}\n   Hạn: {deadline}"
CLI_EXTRACT_COOPERATE = "; phối hợp: {names}"
CLI_UNKNOWN = "không rõ"


# --- storage refusals -----------------------------------------------------------------------

STORAGE_PROBLEMS: dict[str, str] = {
    "unit_not_found": "Không tìm thấy đơn vị {detail}.",
    "alias_taken": "Tên này đã là tên của một đơn vị khác ({detail}).",
    "alias_empty": "Tên gọi khác không được để trống.",
    "same_unit": "Không thể gộp một đơn vị vào chính nó.",
    "document_not_found": "Không tìm thấy văn bản {detail}.",
    "bad_status": "Trạng thái văn bản không hợp lệ.",
}


def storage_problem(code: str, detail: str = "") -> str:
    """The Vietnamese sentence for a refused storage request."""
    return STORAGE_PROBLEMS.get(code, CLI_STORAGE_ERROR).format(detail=detail)


# --- command line: usage errors, config, corrections ----------------------------------------

CLI_HELP_USAGE = "Cách dùng: "
CLI_HELP_POSITIONALS = "tham số"
CLI_HELP_OPTIONS = "tùy chọn"
CLI_HELP_HELP = "in hướng dẫn này rồi thoát"
CLI_USAGE_ERROR = "Lệnh không hợp lệ: {detail}. Gõ «giaoviec --help» để xem cách dùng."
# argparse's fixed English phrases, replaced in this order inside its messages.
CLI_ARGPARSE_PHRASES: tuple[tuple[str, str], ...] = (
    ("the following arguments are required", "thiếu tham số"),
    ("unrecognized arguments", "tham số không nhận ra"),
    ("invalid choice", "lựa chọn không có"),
    ("choose from", "chọn một trong"),
    ("expected one argument", "cần một giá trị"),
    ("not allowed with argument", "không dùng cùng tham số"),
    ("argument ", "tham số "),
)
# config.toml refused (bot/config.py); {key} is the setting as written there.
CONFIG_NOT_TOML = "{path} không đúng cú pháp TOML{where}"
CONFIG_WHERE = " (dòng {line}, cột {column})"
CONFIG_DAYS = "{key} phải là danh sách số ngày làm việc (số nguyên, từ 0 trở lên)"
CONFIG_TIME = '{key} phải là giờ dạng "HH:MM", ví dụ "08:00"'
CONFIG_TIME_BAD = '{key} phải là giờ dạng "HH:MM", ví dụ "08:00" (đang ghi "{value}")'
CONFIG_LEADER_AFTER = "{key} phải là số ngày làm việc (0: không báo lãnh đạo)"
CONFIG_WHOLE_NUMBER = "{key} phải là số nguyên từ 0 trở lên"
CONFIG_DATES = '{key} phải là danh sách ngày, mỗi ngày viết "năm-tháng-ngày" như TOML quy định'
CONFIG_DATE_BAD = '{key}: "{value}" không phải ngày viết "năm-tháng-ngày" như TOML quy định'
CONFIG_SUMMARIES = '{key} phải là danh sách gồm "month" (tháng) và/hoặc "quarter" (quý)'
CONFIG_ADMINS = '{key} phải là danh sách chuỗi dạng "nền_tảng:mã_người_dùng"'
CONFIG_ADMIN_BAD = '{key}: "{value}" không có dạng "nền_tảng:mã_người_dùng"'
CONFIG_BOOL = "{key} phải là true (có) hoặc false (không)"
CONFIG_MODE = "{key} phải là một trong: {modes}"
CONFIG_PORT = "{key} phải là số cổng (1–65535)"
CONFIG_WEBHOOK_URL = 'cần {key} khi {mode} = "webhook"'
CONFIG_URL = "{key} phải là địa chỉ http(s)"
CONFIG_URL_OR_EMPTY = "{key} phải là địa chỉ http(s) (hoặc để trống)"
CONFIG_SECONDS = "{key} phải là số giây (từ 0 trở lên)"
CONFIG_TABLE = "[{key}] phải là một bảng TOML"
CONFIG_STRING = "{key} phải là chuỗi ký tự"
CONFIG_POSITIVE = "{key} phải là số nguyên dương"
CLI_CONFIG_MISSING = "Không tìm thấy tệp cấu hình {path}."
CLI_CHANGE_ADDED = "  + mục {place}: thêm nhiệm vụ «{task}»"
CLI_CHANGE_REMOVED = "  - mục {place}: bỏ nhiệm vụ «{task}»"
CLI_CHANGE_CHANGED = "  * mục {place}: sửa {fields} của nhiệm vụ «{task}»"
CLI_CHANGE_FIELDS: dict[str, str] = {
    "task": "nội dung",
    "quote": "câu trích",
    "place": "vị trí",
    "deadline": "thời hạn",
    "recurrence": "lịch lặp lại",
    "lead": "đơn vị chủ trì",
    "cooperate": "đơn vị phối hợp",
}


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


# --- Telegram bot (bot/telegram/, `giaoviec run`) ------------------------------------------

TELEGRAM_DOWNLOAD_FAILED = (
    "Không tải được tệp {filename} từ Telegram. Vui lòng gửi lại sau ít phút."
)
RUN_HELP = "chạy bot Telegram (long polling hoặc webhook, theo mục [telegram] của config.toml)"
RUN_NO_TOKEN = (
    "Chưa có token của bot Telegram: hãy đặt biến môi trường {env} "
    "(token do @BotFather cấp; không ghi token vào config.toml)."
)
RUN_NO_SECRET = (
    "Chế độ webhook cần mã bí mật (secret_token): hãy đặt biến môi trường {env}, "
    "1–256 ký tự gồm A-Z, a-z, 0-9, _ hoặc -."
)
RUN_BAD_SECRET = (
    "Mã bí mật webhook trong biến môi trường {env} không hợp lệ: "
    "cần 1–256 ký tự gồm A-Z, a-z, 0-9, _ hoặc -."
)
RUN_TOKEN_REJECTED = "Telegram từ chối token trong biến môi trường {env}. Hãy kiểm tra lại token."
RUN_START_FAILED = "Không khởi động được bot Telegram: {detail}"
RUN_STARTED = "Bot Telegram @{username} đang chạy ({mode}). Nhấn Ctrl+C để dừng."
RUN_STOPPED = "Bot Telegram đã dừng."


# --- access, registration and roles (handlers/access.py, handlers/registration.py) ----------

CMD_TOI = "Xem mã, vai trò và đơn vị của bạn"
CMD_CAPQUYEN = "Văn phòng cấp hoặc thu hồi vai trò (quản trị, lãnh đạo)"
CMD_CAPQUYEN_ARGS = "<mã người dùng> <quantri|lanhdao|bo>"
CMD_CHODUYET = "Văn phòng xem các đăng ký và văn bản đang chờ duyệt"
CMD_HUY = "Bỏ thao tác đang làm dở (ví dụ đang sửa một việc)"
ACCESS_REGISTER_FIRST = (
    "Bạn chưa thuộc đơn vị nào nên chưa tra cứu được. Gõ /dangky <tên đơn vị>, ví dụ: "
    "/dangky Phòng Nội vụ; văn phòng sẽ duyệt."
)
ACCESS_GROUP_NOT_BOUND = (
    "Nhóm này chưa gắn với đơn vị nào. Gõ /dangky <tên đơn vị> để xin gắn; văn phòng sẽ duyệt."
)
ACCESS_ADMIN_ONLY = "Chỉ văn phòng (quản trị) được làm việc này."
ACCESS_PENDING = "Yêu cầu đăng ký của bạn vào {unit} đang chờ văn phòng duyệt."
BIND_GROUP_DONE = (
    "Đã gắn nhóm này với {unit}. Nhắc hạn của đơn vị sẽ gửi vào nhóm; thành viên hỏi bằng "
    "cách nhắc tên bot, trả lời tin của bot hoặc gõ lệnh, ví dụ /viec."
)
REGISTER_DONE = "Đã đăng ký bạn thuộc {unit}. Từ nay hỏi «đơn vị tôi được giao gì?» hoặc gõ /viec."
REGISTER_SENT = "Đã gửi yêu cầu đăng ký vào {unit} tới văn phòng. Bạn sẽ nhận tin khi được duyệt."
REGISTER_NO_ADMIN = (
    "Đã ghi nhận yêu cầu đăng ký vào {unit}, nhưng chưa có cán bộ văn phòng nào nhắn riêng với "
    "bot để nhận yêu cầu. Hãy báo văn phòng gõ /choduyet."
)
REGISTER_ASK_ADMIN = "{person} (mã {identity}) xin đăng ký thuộc {unit}."
REGISTER_APPROVE = "Duyệt"
REGISTER_REFUSE = "Từ chối"
REGISTER_APPROVED_ADMIN = "Đã duyệt: {person} thuộc {unit}."
REGISTER_REFUSED_ADMIN = "Đã từ chối yêu cầu của {person} vào {unit}."
REGISTER_APPROVED_USER = "Văn phòng đã duyệt: bạn thuộc {unit}. Gõ /viec để xem việc của đơn vị."
REGISTER_REFUSED_USER = "Văn phòng chưa duyệt yêu cầu đăng ký vào {unit} của bạn."
REGISTER_NOT_PENDING = "Yêu cầu này đã được xử lý trước đó."
UNREGISTER_DONE = "Đã bỏ đăng ký của bạn khỏi {unit}."
WHOAMI = "Mã của bạn: {identity}. Vai trò: {role}. Đơn vị: {unit}."
WHOAMI_GROUP = "Nhóm này gắn với: {unit}."
ROLE_NAMES = {"admin": "văn phòng (quản trị)", "leader": "lãnh đạo", "": "thành viên"}
ROLE_NONE_UNIT = "chưa có"
ROLE_PENDING_UNIT = "{unit} (chờ duyệt)"
GRANT_USAGE = (
    "Gõ: /capquyen <mã người dùng> <vai trò>, vai trò là quantri, lanhdao hoặc bo (thu hồi). "
    "Mỗi người xem mã của mình bằng /toi."
)
GRANT_DONE = "Đã đặt vai trò của {person} (mã {identity}): {role}."
GRANT_SELF = "Không tự thu hồi quyền quản trị của chính mình được."
GRANT_TO_USER = "Văn phòng đã đặt vai trò của bạn: {role}."
PENDING_NONE = "Không có đăng ký hay văn bản nào đang chờ duyệt."
PENDING_PEOPLE_TITLE = "Đăng ký chờ duyệt:"
PENDING_DOCUMENTS_TITLE = "Văn bản chờ xác nhận:"
PENDING_DOCUMENT_LINE = "• {number} ngày {date}: {title} ({count} việc)"
BOT_REMOVED_ADMIN = (
    "Bot đã bị đưa ra khỏi nhóm {chat} (gắn với {unit}). Nhắc hạn của đơn vị sẽ không gửi vào "
    "nhóm đó nữa cho tới khi bot được thêm lại và nhóm đăng ký lại."
)
CANCELLED = "Đã bỏ thao tác đang làm dở."
NOTHING_TO_CANCEL = "Không có thao tác nào đang làm dở."
CHOICE_OUT_OF_RANGE = "Không có lựa chọn số {n}. Hãy gõ một số từ 1 đến {count}."


# --- documents sent in chat and their review (handlers/documents.py) -----------------------

DOC_RECEIVED_PREVIEW = (
    "Đã đọc {filename}: {kind} {number} ngày {date}: {title}. Tìm thấy {count} việc; "
    "chưa áp dụng cho tới khi văn phòng xác nhận."
)
DOC_PREVIEW_TITLE = "Văn bản chờ xác nhận: {kind} {number} ngày {date}: {title} ({count} việc)"
DOC_PREVIEW_LINE = "{n}. [{lead}] {task} — hạn: {deadline}"
DOC_PREVIEW_MORE = "… và {count} việc nữa."
DOC_PREVIEW_NO_ITEMS = "Không tìm thấy việc giao nào trong văn bản này."
DOC_PREVIEW_FOOTER = (
    "Chọn Xác nhận để áp dụng, Sửa để sửa đơn vị chủ trì hoặc thời hạn của một việc, Hủy để bỏ."
)
DOC_CONFIRM = "Xác nhận"
DOC_EDIT = "Sửa"
DOC_DISCARD = "Hủy văn bản"
DOC_CONFIRMED = "Đã xác nhận {kind} {number}: {count} việc được áp dụng để tra cứu và nhắc hạn."
DOC_DISCARDED = "Đã hủy văn bản {number}; không việc nào được áp dụng."
DOC_NOT_IN_REVIEW = "Văn bản này không còn chờ xác nhận (đã xác nhận hoặc đã hủy)."
DOC_DUPLICATE = "Văn bản {filename} đã có trong hệ thống ({number}); không nhập lại."
DOC_REPLACED = (
    "{filename} là bản sửa của văn bản cùng số {number}: thêm {added}, bỏ {removed}, sửa "
    "{changed} việc. Bản sửa chờ văn phòng xác nhận."
)
DOC_ONLY_ADMINS = (
    "Chỉ văn phòng được gửi văn bản để nhập vào hệ thống. Tệp «{filename}» chưa được đọc."
)
DOC_TOO_MANY_FILES = "Mỗi lần chỉ gửi một tệp văn bản."
DOC_EDIT_PICK = "Chọn việc cần sửa:"
DOC_EDIT_ITEM = "Việc {n}"
DOC_EDIT_FIELD = "Việc {n}: {task}\nSửa gì?"
DOC_EDIT_LEAD = "Đơn vị chủ trì"
DOC_EDIT_DEADLINE = "Thời hạn"
DOC_ASK_LEAD = "Gõ tên đơn vị chủ trì mới cho việc {n} (hoặc /huy để thôi)."
DOC_ASK_DEADLINE = (
    "Gõ thời hạn mới cho việc {n}, ví dụ «trước ngày 20/3/2023», «tháng 4/2023», «quý II/2023» "
    "hoặc «không có hạn» (hoặc /huy để thôi)."
)
DOC_BAD_DEADLINE = "Chưa đọc được thời hạn «{value}». Gõ lại, ví dụ «trước ngày 20/3/2023»."
DOC_UNKNOWN_LEAD = "Không tìm thấy đơn vị «{value}» trong danh mục. Gõ lại tên đầy đủ."
DOC_LEAD_PICK = "Có phải ý bạn là: {names}? Chọn một đơn vị."
DOC_EDITED = "Đã sửa việc {n}."


# --- Zalo bot (bot/zalo/): plain text only, no buttons, no files -----------------------------

ZALO_CHOICE = "{n}. {label}"
ZALO_CHOICES_HINT = "Trả lời bằng số (ví dụ: 1) để chọn."
ZALO_FILE_NOT_SENT = (
    "(Tệp «{filename}» chưa gửi được qua Zalo vì máy chủ chưa bật đường dẫn tải tệp; hãy nhận "
    "tệp qua Telegram hoặc nhờ văn phòng gửi.)"
)
ZALO_FILE_LINK = "Tải tệp «{filename}»: {url}\n(Đường dẫn dùng được đến {time} ngày {date}.)"
ZALO_NOT_TEXT = (
    "Bot chỉ đọc được tin nhắn chữ. Hãy gõ câu hỏi, ví dụ: «Phòng Nội vụ được giao việc gì?»"
)
ZALO_UNSUPPORTED = (
    "Zalo không chuyển nội dung tin nhắn này cho bot (tệp, đường dẫn hoặc loại tin chưa hỗ "
    "trợ). Hãy gõ câu hỏi bằng chữ; văn bản cần nhập xin gửi cho văn phòng."
)
ZALO_RUN_NO_SECRET = (
    "Chế độ webhook của bot Zalo cần mã bí mật: hãy đặt biến môi trường {env} (8–256 ký tự)."
)
ZALO_RUN_BAD_SECRET = (
    "Mã bí mật webhook Zalo trong biến môi trường {env} không hợp lệ: cần 8–256 ký tự."
)
ZALO_RUN_TOKEN_REJECTED = (
    "Zalo từ chối token trong biến môi trường {env}. Hãy kiểm tra lại token (Zalo Bot Creator)."
)
ZALO_RUN_START_FAILED = "Không khởi động được bot Zalo: {detail}"
ZALO_RUN_STARTED = "Bot Zalo «{name}» đang chạy ({mode}). Nhấn Ctrl+C để dừng."


# --- progress and statuses (knowledge/progress.py; issue 6) ----------------------------------

# Keyed by knowledge.progress.Status values; the four official statuses of QĐ 42/2014/QĐ-TTg
# plus two of our own.
STATUS_LABELS: dict[str, str] = {
    "done_on_time": "Hoàn thành đúng hạn",
    "done_late": "Hoàn thành quá hạn",
    "in_progress_on_time": "Đang thực hiện trong hạn",
    "due_soon": "Sắp đến hạn",
    "in_progress_overdue": "Đang thực hiện quá hạn",
    "no_deadline": "Chưa có hạn",
}
# Keyed by knowledge.progress.ProgressState values.
PROGRESS_STATE_LABELS: dict[str, str] = {
    "in_progress": "Đang thực hiện",
    "done": "Đã hoàn thành",
    "blocked": "Gặp vướng mắc",
}
# Keyed by knowledge.progress.ExtensionState values.
EXTENSION_STATE_LABELS: dict[str, str] = {
    "pending": "chờ văn phòng duyệt",
    "approved": "đã được duyệt",
    "refused": "không được duyệt",
}
# Keyed by knowledge.progress.ProgressProblem values; {detail} is the id or date concerned.
PROGRESS_PROBLEMS: dict[str, str] = {
    "assignment_not_found": "Không có nhiệm vụ mã {detail}.",
    "assignment_not_live": (
        "Nhiệm vụ mã {detail} chưa được áp dụng (văn bản đang chờ xác nhận) hoặc đã bị bỏ."
    ),
    "occurrence_not_found": "Nhiệm vụ này không có kỳ báo cáo ngày {detail}.",
    "not_recurring": "Nhiệm vụ này không phải nhiệm vụ định kỳ; không cần nêu kỳ.",
    "bad_percent": "Tỷ lệ hoàn thành phải từ 0 đến 100% (nhận được {detail}).",
    "completed_in_future": "Ngày hoàn thành {detail} còn ở phía trước; hãy báo khi đã xong.",
    "no_deadline": "Nhiệm vụ này không có thời hạn nên không cần xin gia hạn.",
    "extension_not_later": "Hạn đề nghị phải sau thời hạn đang áp dụng ({detail}).",
    "extension_pending": "Nhiệm vụ này đã có đề nghị gia hạn đang chờ văn phòng duyệt.",
    "extension_not_found": "Không có đề nghị gia hạn mã {detail}.",
    "extension_decided": "Đề nghị gia hạn này đã được xử lý trước đó.",
    "already_done": "Nhiệm vụ này đã hoàn thành; không cần xin gia hạn.",
    "nothing_to_confirm": "Nhiệm vụ này không có báo cáo hoàn thành nào chờ xác nhận.",
    "not_own_unit": "Chỉ đơn vị được giao nhiệm vụ mới cập nhật được tiến độ của nhiệm vụ này.",
    "not_office_admin": "Chỉ văn phòng mới được duyệt gia hạn hoặc xác nhận hoàn thành.",
}


def progress_problem(problem: str, detail: str = "") -> str:
    """The Vietnamese sentence for a refused progress request (a ProgressProblem value).

    A date in `detail` comes as the core writes it (2026-12-30) and is shown as officials
    write it (30/12/2026).
    """
    template = PROGRESS_PROBLEMS.get(problem, PROGRESS_PROBLEM_OTHER)
    return template.format(detail=day_words(detail) if detail else problem)


PROGRESS_PROBLEM_OTHER = "Không thực hiện được yêu cầu ({detail})."


def day_words(value: str) -> str:
    """A date written 2026-12-30 by the core, as officials write it: 30/12/2026; else as is."""
    try:
        return date.fromisoformat(value).strftime("%d/%m/%Y")
    except ValueError:
        return value


# --- progress buttons (handlers/progress.py) -----------------------------------------------

PROGRESS_RECORDED = "Đã ghi nhận việc {id}{occurrence}: {state}."
PROGRESS_OCCURRENCE = " (kỳ hạn {date})"
PROGRESS_NOT_YOURS = (
    "Việc {id} không giao cho đơn vị của cuộc trò chuyện này chủ trì, nên không cập nhật được "
    "từ đây. Lần thử này đã được ghi lại."
)
PROGRESS_ASK_REASON = "Gõ ngắn gọn vướng mắc của việc {id} (hoặc /huy để thôi)."


# --- progress reports: Excel workbook and chart (handlers/report_files.py; issue 6) ----------

REPORT_TITLE = "BÁO CÁO TÌNH HÌNH THỰC HIỆN NHIỆM VỤ ĐƯỢC GIAO"
REPORT_SHEET_UNITS = "Theo đơn vị"
REPORT_SHEET_DOCUMENTS = "Theo văn bản"
REPORT_SHEET_OVERDUE = "Quá hạn"
REPORT_SHEET_DETAIL = "Chi tiết"
REPORT_SUBTITLE_UNITS = "Tổng hợp theo đơn vị chủ trì"
REPORT_SUBTITLE_DOCUMENTS = "Tổng hợp theo văn bản chỉ đạo"
REPORT_SUBTITLE_OVERDUE = "Danh sách nhiệm vụ quá hạn (chậm nhiều nhất xếp trước)"
REPORT_SUBTITLE_DETAIL = "Danh sách nhiệm vụ"
REPORT_PERIOD = "Nhiệm vụ có thời hạn từ ngày {start} đến ngày {end}"
REPORT_PERIOD_FROM = "Nhiệm vụ có thời hạn từ ngày {start}"
REPORT_PERIOD_TO = "Nhiệm vụ có thời hạn đến ngày {end}"
REPORT_PERIOD_ALL = "Tất cả nhiệm vụ đang theo dõi"
REPORT_UNIT = "Đơn vị chủ trì: {unit}"
REPORT_AS_OF = "Số liệu tính đến ngày {today}"
REPORT_EMPTY = "Không có nhiệm vụ nào trong phạm vi báo cáo."
REPORT_TOTAL = "Tổng cộng"
REPORT_COL_NO = "STT"
REPORT_COL_UNIT = "Đơn vị chủ trì"
REPORT_COL_DOCUMENT = "Văn bản"
REPORT_COL_TITLE = "Trích yếu"
REPORT_COL_TOTAL = "Tổng số nhiệm vụ"
REPORT_COL_DONE = "Đã hoàn thành"
REPORT_COL_OPEN = "Đang thực hiện"
REPORT_COL_SUM = "Tổng"
REPORT_COL_ON_TIME = "Đúng hạn"
REPORT_COL_LATE = "Quá hạn"
REPORT_COL_IN_TIME = "Trong hạn"
REPORT_COL_DUE_SOON = "Trong đó: sắp đến hạn"
REPORT_COL_NO_DEADLINE = "Chưa có hạn"
REPORT_COL_RATE = "Tỷ lệ hoàn thành đúng hạn (%)"
REPORT_COL_ID = "Mã"
REPORT_COL_ISSUED = "Ngày văn bản"
REPORT_COL_ITEM = "Mục"
REPORT_COL_TASK = "Nội dung nhiệm vụ"
REPORT_COL_COOPERATE = "Đơn vị phối hợp"
REPORT_COL_DEADLINE = "Thời hạn"
REPORT_COL_EXTENDED = "Thời hạn sau gia hạn"
REPORT_COL_STATUS = "Tình trạng"
REPORT_COL_PROGRESS = "Tiến độ, ghi chú"
REPORT_COL_DAYS_LATE = "Số ngày làm việc quá hạn"
REPORT_DOCUMENT = "{kind} số {number}"
REPORT_DOCUMENT_DATED = "{kind} số {number} ngày {issued}"
REPORT_DOCUMENT_UNNUMBERED = "{kind} (không số)"
REPORT_DOCUMENT_KIND = "Văn bản"
REPORT_OCCURRENCE = "kỳ {date}"
REPORT_PROGRESS_PERCENT = "{percent}%"
REPORT_PROGRESS_DONE_ON = "hoàn thành ngày {date}"
REPORT_PROGRESS_EVIDENCE = "theo {evidence}"
REPORT_PROGRESS_REASON = "vướng mắc: {reason}"
REPORT_PROGRESS_AWAITING = "chờ văn phòng xác nhận hoàn thành"
REPORT_PROGRESS_EXTENSION_PENDING = "đã xin gia hạn đến {date}, chờ duyệt"
REPORT_PROGRESS_NONE = "chưa báo cáo"
# Names of the workbook's cell styles (Excel lists them under Cell Styles): body, wrapped
# text, date, percentage.
REPORT_STYLE_NAMES = ("Báo cáo - ô", "Báo cáo - ô nhiều dòng", "Báo cáo - ngày", "Báo cáo - tỷ lệ")
CHART_TITLE = "Tình hình thực hiện nhiệm vụ theo đơn vị chủ trì"
CHART_SUBTITLE = "{scope} · số liệu đến ngày {today}"
CHART_X_LABEL = "Số nhiệm vụ"
CHART_OTHER_UNITS = "Chưa vẽ {count} đơn vị khác ({total} nhiệm vụ); xem đủ trong tệp Excel."


# --- reminders (handlers/reminders.py) and extension requests (handlers/progress.py) -------

REMIND_BEFORE = (
    "Nhắc hạn: {unit} — {task} — hạn {date} (còn {days} ngày làm việc) — {citation} [việc {id}]"
)
REMIND_DUE_BEFORE_DAY_OFF = (
    "Hôm nay là ngày làm việc cuối trước hạn: {unit} — {task} — hạn {date} (ngày nghỉ) — "
    "{citation} [việc {id}]"
)
REMIND_DUE = "Hôm nay đến hạn: {unit} — {task} — hạn {date} — {citation} [việc {id}]"
REMIND_OVERDUE = (
    "Quá hạn: {unit} — {task} — hạn {date} (quá {days} ngày làm việc) — {citation} [việc {id}]"
)
REMIND_LEADER = (
    "Báo cáo lãnh đạo: việc quá hạn {days} ngày làm việc — {lead} — {task} — hạn {date} — "
    "{citation} [việc {id}]"
)
REMIND_COOPERATE = (
    "Nhắc phối hợp: {unit} phối hợp với {lead} — {task} — hạn {date} (còn {days} ngày làm "
    "việc) — {citation} [việc {id}]"
)
DIGEST_TITLE = "Tổng hợp tuần (ngày {date}):"
DIGEST_DUE_HEAD = "• {count} việc đến hạn trong tuần:"
DIGEST_DUE_LINE = "  – {date}: [{lead}] {task} [việc {id}]"
DIGEST_OVERDUE_HEAD = "• {count} việc quá hạn, theo đơn vị:"
DIGEST_OVERDUE_LINE = "  – {unit}: {count} việc (lâu nhất quá {worst} ngày làm việc)"
DIGEST_MAX_LINES = 15
EXTEND_BUTTON = "Xin gia hạn"
EXTEND_ASK = (
    "Gõ ngày đề nghị gia hạn cho việc {id} và lý do, ví dụ: «20/3/2023 chờ ý kiến của Sở» "
    "(hoặc /huy để thôi)."
)
EXTEND_BAD = "Chưa đọc được ngày gia hạn trong «{value}». Gõ lại, ví dụ: «20/3/2023 lý do»."
EXTEND_SENT = "Đã gửi đề nghị gia hạn việc {id} đến ngày {date} tới văn phòng."
EXTEND_ASK_ADMIN = (
    "{person} đề nghị gia hạn việc {id} ({task}) từ {old} đến {new}. Lý do: {reason}"
)
EXTEND_APPROVE = "Đồng ý gia hạn"
EXTEND_REFUSE = "Không đồng ý"
EXTEND_DECIDED_ADMIN = "Đã {decision} đề nghị gia hạn việc {id}."
EXTEND_DECIDED_USER = "Văn phòng đã {decision} đề nghị gia hạn việc {id} (đến {date})."
EXTEND_WORD_APPROVED = "đồng ý"
EXTEND_WORD_REFUSED = "không đồng ý"


# --- reminders on the command line (giaoviec remind, bind) ---------------------------------

CLI_REMIND_TITLE = "Nhắc hạn ngày {date}: {count} tin."
CLI_REMIND_LINE = "{time} → {chat}: {text}"
CLI_REMIND_NONE = (
    "Không có tin nhắc hạn nào (hoặc chưa có cuộc trò chuyện nào gắn với đơn vị: dùng "
    "«giaoviec bind» hoặc /dangky trong nhóm)."
)
CLI_BAD_CHAT = (
    "Cuộc trò chuyện phải ghi dạng NỀN_TẢNG:MÃ, ví dụ telegram:-1001234567890 "
    "(nhận được: {value})."
)
CLI_BOUND = "Đã gắn {chat} với {unit}."
REMINDERS_TODAY_TITLE = "Tin nhắc hạn hôm nay ({date}), như sẽ gửi tới các nhóm:"
CLI_REMIND_NO_BOT = (
    "Chưa có mã bot Telegram: đặt biến môi trường {env} rồi chạy lại «giaoviec remind --send-now»."
)
CLI_REMIND_SENT = (
    "Đã gửi {sent} tin nhắc hạn; {retried} tin sẽ thử lại; {failed} tin không gửi được."
)


# --- command line: report and progress (bot/cli.py `report`, `progress`; issue 6) -----------

CLI_REPORT_WRITTEN = "Đã ghi báo cáo Excel: {path} ({rows} nhiệm vụ)."
CLI_REPORT_CHART_WRITTEN = "Đã ghi biểu đồ: {path}."
CLI_REPORT_SCOPE = "{scope}; số liệu tính đến ngày {today}."
CLI_REPORT_COUNT = "  {label}: {count}"
CLI_REPORT_WORST = "Chậm nhất:"
CLI_REPORT_WORST_ITEM = "  Việc {id} · {units} · {late} · {task}"
CLI_REPORT_BAD_PERIOD = (
    "Khoảng thời gian không hợp lệ: ngày bắt đầu {start} sau ngày kết thúc {end}."
)
CLI_REPORT_WRITE_FAILED = "Không ghi được tệp {path}: {detail}"
CLI_REPORT_NO_FOLDER = "thư mục chứa tệp không tồn tại"
CLI_REPORT_NO_PERMISSION = "không có quyền ghi vào đó"
CLI_REPORT_IS_FOLDER = "đó là một thư mục, hãy ghi kèm tên tệp"
CLI_PROGRESS_BAD_STATUS = (
    "Không hiểu trạng thái «{value}». Dùng: xong (đã hoàn thành), dang-thuc-hien "
    "(đang thực hiện) hoặc vuong-mac (gặp vướng mắc)."
)
CLI_PROGRESS_RECORDED = "Đã ghi nhận việc {id}: {state}."
CLI_PROGRESS_OCCURRENCE = "Kỳ: {date}."
CLI_PROGRESS_AWAITING = "Báo cáo hoàn thành đang chờ văn phòng xác nhận."
CLI_PROGRESS_STATUS = "Tình trạng: {status} (hạn {deadline})."
CLI_PROGRESS_STATUS_NO_DEADLINE = "Tình trạng: {status}."
CHAT_MOVED = "Nhóm đã chuyển thành siêu nhóm; vẫn gắn với {unit}."


# --- progress for leaders and updates in words (handlers/leadership.py) --------------------

CMD_TIENDO = "Tiến độ: của một văn bản, một đơn vị, một tháng/quý, hoặc tất cả"
CMD_TIENDO_ARGS = "[thông báo | Phòng Nội vụ | tháng 3/2023]"
CMD_BAOCAO = "Lãnh đạo, văn phòng: tệp Excel tiến độ và biểu đồ"
CMD_BAOCAO_ARGS = "[phạm vi như /tiendo]"
CMD_CAPNHAT = "Cập nhật tiến độ một việc"
CMD_CAPNHAT_ARGS = "<mã việc> <xong|dang|vuongmac|giahan> [ghi chú]"
CAPNHAT_USAGE = (
    "Gõ: /capnhat <mã việc> <xong|dang|vuongmac|giahan> [ghi chú], ví dụ: «/capnhat 12 xong theo "
    "báo cáo số 30/BC-NV», «/capnhat 12 dang 50% đã họp», «/capnhat 12 vuongmac thiếu kinh phí», "
    "«/capnhat 12 giahan 20/3 chờ ý kiến Sở». Mã việc có trong «chi tiết» và tin nhắc hạn."
)
PROGRESS_NOT_HERE = "Theo dõi tiến độ chưa được bật ở đây."
PROGRESS_LEADERS_ONLY = (
    "Tiến độ chung chỉ dành cho lãnh đạo và văn phòng; đơn vị xem tiến độ của mình bằng /tiendo."
)
PROGRESS_SCOPE_ALL = "tất cả các việc"
PROGRESS_SCOPE_TYPE = "{count} văn bản loại {kind}"
PROGRESS_SCOPE_PERIOD = "các việc có hạn từ {start} đến {end}"
PROGRESS_SCOPE_UNKNOWN = (
    "Chưa hiểu «{value}». Ví dụ: «tiến độ thông báo», «tiến độ Phòng Nội vụ», "
    "«tổng hợp tháng 3/2023», «đơn vị nào chậm nhất?»."
)
PROGRESS_NO_DOCUMENT = "Không tìm thấy văn bản «{document}» đang áp dụng."
PROGRESS_TITLE = "Tiến độ {scope} (tính đến {date}): {total} việc"
PROGRESS_COUNT_LINE = "• {label}: {count}"
PROGRESS_WORST_HEAD = "Quá hạn lâu nhất:"
PROGRESS_WORST_LINE = "{n}. [{lead}] {task} — {late} — {citation} [việc {id}]"
PROGRESS_FOOTER = "Gõ /baocao để nhận tệp Excel và biểu đồ."
PROGRESS_NOTHING = "Không có việc nào trong phạm vi: {scope}."
PROGRESS_NO_LATE_UNIT = "Không đơn vị nào có việc quá hạn tính đến ngày {date}."
PROGRESS_SLOWEST_TITLE = "Đơn vị chậm nhất (tính đến ngày {date}):"
PROGRESS_UNIT_LINE = "{n}. {unit}: {overdue}/{total} việc quá hạn (lâu nhất: {worst})"
LATE_WORKING_DAYS = "quá hạn {days} ngày làm việc"
LATE_JUST = "vừa quá hạn"  # past the deadline, no full working day yet (a weekend between)


def late_words(working_days: int) -> str:
    """ "quá hạn 3 ngày làm việc", or "vừa quá hạn" before a whole working day has passed."""
    return LATE_WORKING_DAYS.format(days=working_days) if working_days > 0 else LATE_JUST


REPORT_FILE_CAPTION = "Báo cáo tiến độ (Excel): theo đơn vị, theo văn bản, danh sách quá hạn."
REPORT_CHART_CAPTION = "Biểu đồ tiến độ theo đơn vị."


# --- chats without buttons: pushed buttons as typed commands (handlers/platforms.py; issue 7) --

# What to type instead of pressing a button of a message the bot pushed (a reminder, a request
# to the office): the core reads these as it reads the buttons.
TYPED_DONE = "xong {id}"
TYPED_DOING = "/capnhat {id} dang"
TYPED_BLOCKED = "/capnhat {id} vuongmac <lý do>"
TYPED_EXTEND = "xin gia hạn việc {id} đến {date}"
TYPED_DATE = "ngày/tháng"  # where the person types the date they ask for
TYPED_MORE = "xem thêm"
TYPED_UNIT = "/viec {name}"
TYPED_BIND = "/dangky {name}"
TYPED_WAITING = "/choduyet"  # registrations to approve or refuse are listed with choices
TYPED_CHOICE = "«{command}» ({labels})"
TYPED_LABELS_JOIN = " / "
TYPED_CHOICES_JOIN = " · "
TYPED_CHOICES = "Trả lời {choices}."


# --- report files by signed link (bot/files.py, [files]; issue 7) ---------------------------

FILES_NO_SECRET = (
    "Đường dẫn tải tệp ([files] public_base_url) cần một khóa ký: hãy đặt biến môi trường {env} "
    "(ít nhất {min} ký tự)."
)
FILES_BAD_SECRET = (
    "Khóa ký đường dẫn tải tệp trong biến môi trường {env} quá ngắn: cần ít nhất {min} ký tự."
)
FILES_START_FAILED = "Không mở được cổng phục vụ tệp {listen}:{port}: {detail}"
CLI_BAD_REMINDER_RULES = "Cấu hình [reminders] không hợp lệ: {detail}"
REMIND_FAILED_TITLE = "Không gửi được {count} tin nhắc hạn (đã thử lại hết lượt hoặc bị từ chối):"
REMIND_FAILED_LINE = "• tới {chat}, việc {id}: {error}"
DIGEST_STATUS_HEAD = "• Tình hình chung ({total} việc):"
DIGEST_STATUS_PART = "{label}: {count}"
SUMMARY_MONTH_TITLE = "Tổng hợp tiến độ tháng ({start} – {end}): {total} việc có hạn trong tháng"
SUMMARY_QUARTER_TITLE = "Tổng hợp tiến độ quý ({start} – {end}): {total} việc có hạn trong quý"
SUMMARY_LATE_UNITS = "Đơn vị có việc quá hạn:"
SUMMARY_LATE_UNIT = "  – {unit}: {overdue}/{total} việc quá hạn"
CONFIRM_ASK_ADMIN = (
    "{person} báo việc {id} ({task}) đã hoàn thành ngày {date}; căn cứ: {evidence}. "
    "Văn phòng xác nhận?"
)
CONFIRM_ACCEPT = "Xác nhận hoàn thành"
CONFIRM_REJECT = "Không xác nhận"
CONFIRM_WORD_ACCEPTED = "xác nhận"
CONFIRM_WORD_REJECTED = "không xác nhận"
CONFIRM_DECIDED_ADMIN = "Đã {decision} hoàn thành việc {id}."
CONFIRM_DECIDED_USER = "Văn phòng đã {decision} việc {id} hoàn thành."


# --- trust and bad input (issue 12) ----------------------------------------------------------

CLI_BAD_ID = "Mã việc không hợp lệ: {value} (cần một số, ví dụ 12)."

# Groups ask to be bound to a unit; the office decides (handlers/registration.py).
BIND_GROUP_SENT = (
    "Đã gửi yêu cầu gắn nhóm này với {unit} tới văn phòng. Khi văn phòng duyệt, nhóm sẽ nhận "
    "nhắc hạn và tra cứu, cập nhật được việc của đơn vị."
)
BIND_GROUP_WAITING = "Yêu cầu gắn nhóm này với {unit} đang chờ văn phòng duyệt."
BIND_GROUP_NO_ADMIN = (
    "Đã ghi nhận yêu cầu gắn nhóm này với {unit}, nhưng chưa có cán bộ văn phòng nào nhắn "
    "riêng với bot để nhận yêu cầu. Hãy báo văn phòng gõ /choduyet."
)
BIND_GROUP_ALREADY = (
    "Nhóm này đã gắn với {unit}. Muốn đổi đơn vị, quản trị viên nhóm hoặc văn phòng gõ "
    "/huydangky trước."
)
BIND_GROUP_ASK_ADMIN = (
    "Nhóm «{group}» (mã {identity}) xin gắn với {unit}, do {person} gửi. Khi được duyệt, "
    "thành viên nhóm cập nhật tiến độ thay cho đơn vị và nhóm nhận nhắc hạn của đơn vị."
)
BIND_GROUP_APPROVED_ADMIN = "Đã duyệt: nhóm «{group}» gắn với {unit}."
BIND_GROUP_REFUSED_ADMIN = "Đã từ chối yêu cầu gắn nhóm «{group}» với {unit}."
BIND_GROUP_APPROVED_GROUP = (
    "Văn phòng đã duyệt: nhóm này gắn với {unit}. Nhắc hạn của đơn vị sẽ gửi vào nhóm; gõ /viec "
    "để xem việc của đơn vị."
)
BIND_GROUP_REFUSED_GROUP = "Văn phòng không duyệt yêu cầu gắn nhóm này với {unit}."
BIND_REQUEST_NOT_PENDING = "Yêu cầu này đã được xử lý hoặc đã bị hủy trước đó."
UNBIND_GROUP_DENIED = "Chỉ quản trị viên của nhóm hoặc văn phòng được bỏ gắn nhóm với đơn vị."
UNBIND_REQUEST_WITHDRAWN = "Đã hủy yêu cầu gắn nhóm này với {unit}."
ACCESS_GROUP_PENDING = (
    "Nhóm này đang chờ văn phòng duyệt yêu cầu gắn với {unit}; khi được duyệt, bot sẽ trả lời "
    "ở đây."
)
CLI_REMIND_UNREACHABLE = (
    "Không kết nối được Telegram nên chưa gửi tin nhắc hạn nào ({detail}). Các tin vẫn chờ và "
    "sẽ được gửi ở lần chạy sau; hãy kiểm tra mạng hoặc [telegram] base_url."
)
REGISTER_ALREADY = "Bạn đã thuộc {unit}. Gõ /viec để xem việc của đơn vị."


# --- web pages: the office's review page and the leaders' progress page (issue 15) ---------

WEB_LANG = "vi"
WEB_APP_NAME = "Trợ lý giao việc"
WEB_REVIEW_LINK = "Xem văn bản và sửa từng việc trên trang duyệt (hiệu lực 24 giờ): {url}"
WEB_PROGRESS_LINK = "Xem trang tiến độ (lọc, biểu đồ, tải Excel; hiệu lực 24 giờ): {url}"
WEB_REVIEW_TITLE = "Duyệt văn bản"
WEB_REVIEW_HEADING = "{kind} {number} ngày {date}"
WEB_REVIEW_SOURCE = "Tệp: {name}"
WEB_REVIEW_TEXT = "Toàn văn"
WEB_REVIEW_TASKS = "Các việc trích xuất ({count})"
WEB_REVIEW_NO_TASKS = "Chưa có việc nào. Thêm việc ở cuối trang."
WEB_TASK_N = "Việc {n}"
WEB_TASK_PLACE = "mục {place}"
WEB_TASK_QUOTE = "Nguyên văn"
WEB_FIELD_TASK = "Nội dung việc"
WEB_FIELD_LEAD = "Đơn vị chủ trì"
WEB_FIELD_COOPERATE = "Đơn vị phối hợp"
WEB_FIELD_COOPERATE_HINT = "Mỗi ô một đơn vị; gõ vài chữ để chọn từ danh mục."
WEB_FIELD_DUE = "Hạn chót (chọn ngày)"
WEB_FIELD_WORDS = "Thời hạn bằng lời / định kỳ"
WEB_FIELD_WORDS_HINT = (
    "Ví dụ: «trước ngày 20 hằng tháng», «hằng quý». Nếu ô này có chữ thì được ưu tiên hơn "
    "ngày chọn; để trống để dùng ngày chọn."
)
WEB_DEADLINE_NOW = "Thời hạn hiện tại: {words}"
WEB_UNREGISTERED_MARK = "chưa có trong danh mục"
WEB_SAVE = "Lưu việc này"
WEB_REMOVE = "Xóa việc này"
WEB_REMOVE_ASK = "Xóa việc này khỏi văn bản?"
WEB_ADD_TITLE = "Thêm việc bị sót"
WEB_ADD = "Thêm việc"
WEB_MAP_TITLE = "Đơn vị chưa có trong danh mục"
WEB_MAP_HINT = "Gộp tên viết trong văn bản vào một đơn vị đã đăng ký; các văn bản sau tự nhận ra."
WEB_MAP_TO = "Gộp «{name}» vào"
WEB_MAP = "Gộp"
WEB_MAP_CHOOSE = "— chọn đơn vị —"
WEB_FINISH_TITLE = "Hoàn tất"
WEB_FINISH_HINT = (
    "Xác nhận: văn bản được áp dụng để tra cứu và nhắc hạn ngay, như khi xác nhận trong "
    "trò chuyện. Hủy: bỏ văn bản, không việc nào được áp dụng."
)
WEB_CONFIRM = "Xác nhận văn bản"
WEB_DISCARD = "Hủy văn bản"
WEB_DISCARD_ASK = "Hủy văn bản này? Không việc nào được áp dụng."
WEB_SAVED = "Đã lưu việc {n}."
WEB_ADDED = "Đã thêm việc {n}."
WEB_REMOVED = "Đã xóa việc {n}."
WEB_MAPPED = "Đã gộp «{name}» vào {unit}."
WEB_EMPTY_TASK = "Nội dung việc không được để trống."
WEB_TOO_LONG = "{field} dài quá {limit} ký tự."
WEB_TOO_MANY_UNITS = "Mỗi việc ghi tối đa {limit} đơn vị ở một ô."
WEB_UNKNOWN_UNIT = "Không rõ đơn vị «{name}». Hãy chọn một tên trong danh mục."
WEB_UNKNOWN_UNIT_SUGGEST = "Không rõ đơn vị «{name}». Có phải: {names}?"
WEB_BAD_DATE = "Ngày «{value}» không hợp lệ."
WEB_BAD_WORDS = "Không hiểu thời hạn «{value}». Hãy viết như «trước ngày 20 hằng tháng»."
WEB_NO_SUCH_TASK = "Việc này không còn trong văn bản đang chờ duyệt."
WEB_MAP_FAILED = "Không gộp được: {detail}"
WEB_BACK_TO_CHAT = "Bạn có thể đóng trang này và quay lại cuộc trò chuyện."

WEB_PROGRESS_TITLE = "Tiến độ thực hiện nhiệm vụ"
WEB_PROGRESS_AS_OF = "Số liệu tính đến ngày {date}"
WEB_PROGRESS_OWN_UNIT = "Trang này chỉ hiện việc do {unit} chủ trì."
WEB_FILTERS = "Lọc"
WEB_FILTER_FROM = "Hạn từ ngày"
WEB_FILTER_TO = "đến ngày"
WEB_FILTER_UNIT = "Đơn vị chủ trì"
WEB_FILTER_DOCUMENT = "Văn bản"
WEB_FILTER_ALL_UNITS = "Tất cả đơn vị"
WEB_FILTER_ALL_DOCUMENTS = "Tất cả văn bản"
WEB_FILTER_APPLY = "Xem"
WEB_FILTER_RESET = "Bỏ lọc"
WEB_TOTALS = "Tổng số: {total} nhiệm vụ"
WEB_BY_UNIT = "Theo đơn vị chủ trì"
WEB_BY_DOCUMENT = "Theo văn bản"
WEB_OVERDUE = "Việc quá hạn (chậm nhất trước)"
WEB_OVERDUE_NONE = "Không có việc nào quá hạn."
WEB_CHART = "Biểu đồ"
WEB_CHART_ALT = "Biểu đồ số nhiệm vụ theo đơn vị và tình trạng"
WEB_DOWNLOAD_XLSX = "Tải báo cáo Excel"
WEB_NOTHING = "Không có nhiệm vụ nào trong phạm vi đã chọn."
WEB_COL_DAYS_LATE = "Chậm (ngày làm việc)"
WEB_BAD_FILTER_DATE = "Ngày lọc «{value}» không hợp lệ; đã bỏ qua."
WEB_BAD_FILTER_PERIOD = "Ngày bắt đầu sau ngày kết thúc; đã đổi chỗ hai ngày."

WEB_ERROR_TITLE = "Không mở được trang"
WEB_LINK_INVALID = (
    "Đường dẫn không hợp lệ hoặc đã hết hạn (mỗi đường dẫn dùng được 24 giờ). "
    "Hãy gửi lại lệnh trong trò chuyện để nhận đường dẫn mới."
)
WEB_NOT_ALLOWED = "Tài khoản của bạn không có quyền xem trang này. Lần thử này đã được ghi lại."
WEB_FORM_EXPIRED = (
    "Biểu mẫu thiếu mã bảo vệ hoặc mã không khớp (trang mở quá lâu hoặc gửi từ nơi khác). "
    "Hãy tải lại trang rồi làm lại."
)
WEB_FORM_TOO_LARGE = "Nội dung gửi lên quá lớn (tối đa {limit}). Hãy rút gọn rồi gửi lại."
WEB_NOT_FOUND = "Không tìm thấy trang này."
WEB_METHOD = "Thao tác không được hỗ trợ."
WEB_UNKNOWN_ACTION = "Thao tác không rõ; trang không thay đổi gì."
WEB_FAILED = "Có lỗi khi xử lý; chưa có gì thay đổi. Hãy thử lại sau ít phút."
WEB_DOCUMENT_GONE = "Văn bản này không còn chờ duyệt (đã xác nhận hoặc đã hủy)."


# --- the formal report: national heading, number/date line, signature, pages (issue 15) -----

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"
REPORT_NUMBER_LINE = "Số: {number}"
REPORT_NUMBER_BLANK = "     /{symbol}"
REPORT_DATE_LINE = "{place}, ngày {day:02d} tháng {month:02d} năm {year}"
REPORT_DATE_LINE_NO_PLACE = "Ngày {day:02d} tháng {month:02d} năm {year}"
REPORT_KIND = "BÁO CÁO"
REPORT_FORMAL_TITLE = "Tình hình thực hiện nhiệm vụ được giao"
REPORT_RECIPIENTS = "Nơi nhận:"
REPORT_PAGE_FOOTER = "Trang {page}/{pages}"
REPORT_XLSX_FOOTER = "Trang &P/&N"
REPORT_PDF_SUMMARY = "I. TỔNG HỢP THEO ĐƠN VỊ CHỦ TRÌ"
REPORT_PDF_OVERDUE = "II. NHIỆM VỤ QUÁ HẠN (chậm nhiều nhất xếp trước)"
REPORT_PDF_TOTALS = "Tổng số {total} nhiệm vụ: {counts}."
REPORT_PDF_COUNT = "{label} {count}"
REPORT_PDF_NO_OVERDUE = "Không có nhiệm vụ quá hạn."
REPORT_PDF_ANNEX = "Danh sách chi tiết từng nhiệm vụ xem tệp Excel kèm theo."
CLI_REPORT_PDF_WRITTEN = "Đã ghi báo cáo PDF: {path}"
CLI_REPORT_NEEDS_FILE = "Hãy chọn tệp cần ghi: --xlsx TỆP và/hoặc --pdf TỆP."
