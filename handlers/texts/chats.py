"""Sentences of the chat platforms: Telegram, Zalo, access, registration, trust, bad input."""

from __future__ import annotations

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
