"""Sentences of the command line: usage, config, storage refusals, reminders, reports, progress."""

from __future__ import annotations

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
