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
CLI_DEMO_INTRO = (
    "Dữ liệu mẫu: {documents} văn bản, {assignments} nhiệm vụ, cơ sở dữ liệu {db}.\n"
    "Các nhiệm vụ đã trích xuất:"
)
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
