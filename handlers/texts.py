"""Every sentence a user reads, in Vietnamese with diacritics, kept in one place.

Glossary: document = văn bản; assignment = nhiệm vụ được giao; lead unit = đơn vị chủ trì;
cooperating unit = đơn vị phối hợp; deadline = hạn chót / thời hạn; issuer = cơ quan ban hành.
"""

from __future__ import annotations

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
        "Tệp {path} bị hỏng hoặc không đúng định dạng ({detail}). Vui lòng kiểm tra và gửi lại."
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
    """The Vietnamese sentence for a file that could not be read."""
    return DOCUMENT_PROBLEMS[problem].format(path=path, detail=detail, limit=limit)


# --- command line ---------------------------------------------------------------------------

CLI_BAD_DATE = "Ngày không hợp lệ: {value} (cần dạng YYYY-MM-DD, ví dụ 2023-03-05)."
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
EXAMPLE_QUESTIONS: tuple[str, ...] = (
    "• Phòng Nội vụ được giao việc gì?",
    "• phong noi vu co viec gi sap den han",
    "• Việc nào quá hạn? / Tính đến ngày 10/3/2023 việc nào quá hạn?",
    "• Thông báo 45 giao những đơn vị nào?",
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
ANSWER_NONE_FOR_DOCUMENT = "Không tìm thấy nhiệm vụ nào trong văn bản {document} khớp câu hỏi."
ANSWER_NONE_FOUND = "Không tìm thấy nhiệm vụ nào khớp câu hỏi."
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
    "gì?», «việc nào quá hạn?», «đơn vị tôi có việc gì sắp đến hạn?»."
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
BUTTON_EXPIRED = "Nút này không còn dùng được. Gõ /trogiup để xem các lệnh."
ROUTER_FAILED = "Xin lỗi, đã có lỗi khi xử lý yêu cầu. Vui lòng thử lại sau."


# --- console chat (bot/console.py) and demo -------------------------------------------------

CONSOLE_PROMPT = "Bạn: "
CONSOLE_ECHO = "Bạn: {text}"
CONSOLE_BUTTON = "[{label}]"
CONSOLE_FILE = "(Tệp đính kèm: {filename})"
CONSOLE_WELCOME = (
    "Trò chuyện với trợ lý giao việc (hôm nay: {today}). "
    "Gõ câu hỏi, /trogiup để xem các lệnh, /thoat để thoát."
)
CONSOLE_BYE = "Tạm biệt!"
CLI_DEMO_WELCOME = (
    "Dữ liệu mẫu: {documents} văn bản, {assignments} nhiệm vụ, cơ sở dữ liệu {db}.\n"
    "Hôm nay được đặt là ngày {today} để thấy hạn của văn bản mẫu "
    "(đổi bằng «giaoviec demo --today YYYY-MM-DD»).\n"
    "Thử hỏi:"
)
DEMO_QUESTIONS: tuple[str, ...] = (
    "• Phòng Nội vụ được giao việc gì?",
    "• phong noi vu co viec gi sap den han",
    "• Ai phụ trách hoàn thiện quy chế phối hợp? Hạn khi nào?",
    "• /quahan 10/3/2023",
    "• /dangky Phòng Nội vụ, rồi hỏi: đơn vị tôi được giao gì?",
)
CLI_DEMO_FOOTER = "Gõ /trogiup để xem các lệnh, /thoat (hoặc Ctrl+D) để thoát."
