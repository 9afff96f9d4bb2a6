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


def document_problem(problem: DocumentProblem, path: str, detail: str = "", limit: str = "") -> str:
    """The Vietnamese sentence for a file that could not be read."""
    return DOCUMENT_PROBLEMS[problem].format(path=path, detail=detail, limit=limit)
