"""Sentences about documents: files that cannot be read, documents sent in chat, their review."""

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
