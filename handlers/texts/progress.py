"""Sentences of progress: statuses, buttons, reminders, extensions, leaders' summaries."""

from __future__ import annotations

from datetime import date

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
