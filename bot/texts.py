"""What the command line says to its user, in Vietnamese (the chat's words live in handlers)."""

from __future__ import annotations

# --- giaoviec db ----------------------------------------------------------------------------
DB_HELP = "cơ sở dữ liệu: nâng cấp lược đồ, kiểm tra lược đồ khớp với mô hình"
DB_UPGRADE_HELP = "nâng cấp lược đồ cơ sở dữ liệu lên phiên bản mới nhất"
DB_CHECK_HELP = "kiểm tra lược đồ cơ sở dữ liệu khớp với mô hình (mã thoát 1 nếu khác)"
DB_UPGRADED = "Đã nâng cấp cơ sở dữ liệu từ phiên bản {before} lên {head}."
DB_CREATED = "Đã tạo cơ sở dữ liệu, phiên bản {head}."
DB_ALREADY_AT_HEAD = "Cơ sở dữ liệu đã ở phiên bản mới nhất ({head}), không có gì để nâng cấp."
DB_SCHEMA_MATCHES = "Lược đồ cơ sở dữ liệu khớp với mô hình (phiên bản {head})."
DB_SCHEMA_DIFFERS = (
    "Lược đồ cơ sở dữ liệu KHÁC với mô hình ở {count} chỗ; cần viết thêm một bản chuyển đổi "
    "cho các thay đổi này:"
)
DB_SCHEMA_DIFFERENCE = "  - {change}"
DB_SCHEMA_BEHIND = (
    "Cơ sở dữ liệu đang ở phiên bản {current}, chưa phải bản mới nhất ({head}); "
    "hãy chạy «giaoviec db upgrade» trước khi kiểm tra."
)
DB_SCHEMA_EMPTY = (
    "Cơ sở dữ liệu chưa có lược đồ (chưa chạy bản chuyển đổi nào); "
    "hãy chạy «giaoviec db upgrade» trước khi kiểm tra."
)
