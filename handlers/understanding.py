"""Read an official's question: what is asked, about which unit, document, dates and topic.

Questions come typed fast: with or without diacritics, with abbreviations ("p.tnmt", "ubnd h",
"q2", "t6", "ko", "j") and chat particles ("cho em hỏi", "ạ", "ad ơi"). Everything here works
on the accent-folded text, so "phòng nội vụ" and "phong noi vu" read the same.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import Enum

from knowledge.abbreviations import unit_head_abbreviations
from knowledge.text import fold, nfc


class Intent(Enum):
    """What the official wants."""

    ASSIGNED = "assigned"  # what a unit is given (or a topic: who handles X, what about X)
    DUE = "due"  # what is due in a window
    OVERDUE = "overdue"  # what is late
    DOCUMENT = "document"  # what a document assigns
    DETAIL = "detail"  # the exact quote of an assignment shown before
    MORE = "more"  # the next page of the last answer
    HELP = "help"
    GREETING = "greeting"
    THANKS = "thanks"  # "cảm ơn 👍", "ok": nothing to look up
    ABOUT = "about"  # "bạn là ai": who is answering
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Question:
    """A question, understood. Dates are resolved against `today`."""

    text: str
    intent: Intent
    folded: str = ""  # the question folded, chat abbreviations expanded
    units: tuple[str, ...] = ()  # unit names as typed (folded), to resolve against the registry
    partners: tuple[str, ...] = ()  # units named after "phối hợp với": the others are asked
    own_unit: bool = False  # "đơn vị tôi / mình / em"
    role: str | None = None  # "lead" or "cooperate" when the question says which
    due_from: date | None = None
    due_to: date | None = None
    as_of: date | None = None  # "tính đến ngày ..."
    document: str | None = None  # number as typed: "45", "846/ubnd-th"
    doc_type: str | None = None  # "thong_bao", "ke_hoach", ...
    topic: tuple[str, ...] = ()  # content words left once units, dates and question words go
    asks_deadline: bool = False  # "hạn khi nào", "ngày nào"
    asks_who: bool = False  # "ai", "đơn vị nào"
    item: int | None = None  # "chi tiết việc 2"
    flags: frozenset[str] = field(default_factory=frozenset)


# Chat shorthand -> words (folded). Whole tokens only.
CHAT_ABBREVIATIONS = {
    "ko": "khong",
    "k": "khong",
    "kg": "khong",
    "khg": "khong",
    "hok": "khong",
    "trc": "truoc",
    "j": "gi",
    "ji": "gi",
    "bn": "bao nhieu",
    "ng": "nguoi",
    "dc": "duoc",
    "đc": "duoc",
    "vb": "van ban",
    "cv": "cong van",
    "tb": "thong bao",
    "kh": "ke hoach",
    "qd": "quyet dinh",
    "ct": "chi thi",
    "bc": "bao cao",
    "ntn": "nhu the nao",
    "e": "em",
    "mk": "minh",
    "mik": "minh",
    "a/c": "anh chi",
    "dv": "don vi",
    "đv": "don vi",
    "dvi": "don vi",
    "nv": "nhiem vu",
    "h": "huyen",
    "tp": "thanh pho",
    "ubnd": "ubnd",
    "hnay": "hom nay",
    "hn": "hom nay",
    "ad": "",
    "admin": "",
    "bot": "",
    "oi": "",
    "a": "",
    "voi": "voi",
    "t": "thang",
    "q": "quy",
    "sn": "sap den han",
    "qh": "qua han",
    "nvu": "nhiem vu",
    "nhvu": "nhiem vu",
    "p": "phong",
    "thg": "thang",
    "vc": "viec",
    "qa": "qua",
}
# Glued forms: "q2" -> "quy 2", "t6" -> "thang 6", "p.tnmt" -> "phong tnmt".
_GLUED = [
    (re.compile(r"\b(cv|tb|kh|qd|ct|vb|bc)(\d)"), r"\1 \2"),
    (re.compile(r"\bqua hang\b"), "qua han"),
    (re.compile(r"\bq\.?\s?(\d|i{1,3}|iv)\b"), r"quy \1"),
    (re.compile(r"\bt\.?(\d{1,2})(?=\b|/)"), r"thang \1"),
    (re.compile(r"\bp\.\s*"), "phong "),
    (re.compile(r"\bubnd\s+h\b"), "ubnd huyen"),
    (re.compile(r"\bhn\s+nay\b"), "hom nay"),
]
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}

_OWN_UNIT = re.compile(
    r"\b(?:don vi|phong|co quan|ban|xa|so|hoi|ben)\s+(?:cua\s+)?(?:toi|minh|em|chung toi|"
    r"chung em|chung minh|tui|tao)\b|(?<!tuan )(?<!ngay )(?<!thang )(?<!nam )(?<!quy )"
    r"\b(?:toi|minh|em|chung toi|chung em)\s+(?:duoc giao|co viec|phai lam|co nhiem vu|"
    r"duoc de nghi|phai)\b"
)
_OVERDUE = re.compile(
    r"\b(?:qua han|qua hang|tre han|tre hen|da het han|cham (?:tien do|han)|da qua|bi tre)\b"
)
_DUE = re.compile(r"\b(?:sap den han|sap het han|den han|toi han|sap toi han|het han)\b")
_UPCOMING = re.compile(r"\b(?:sap den han|sap het han|sap toi han|sap toi|sap den)\b")
_DEADLINE_Q = re.compile(
    r"\b(?:han (?:chot|cuoi|hoan thanh|nop)?|thoi han|khi nao|bao gio|ngay nao|luc nao|"
    r"truoc ngay nao|may gio|thang nao|quy nao|quy may|thoi gian)\b"
)
_WHO_Q = re.compile(
    r"\b(?:ai|don vi nao|co quan nao|phong nao|so nao|ben nao|noi nao|"
    r"nhung ai|nhung don vi nao|nhung co quan nao)\b"
)
_DETAIL = re.compile(
    r"\b(?:chi tiet|trich dan|nguyen van|noi dung day du|xem ky)\b"
    r"(?:\s+(?:viec|muc|nhiem vu)(?:\s+so)?|\s+so)?\s*(\d+)?|"
    r"\b(?:viec|muc)\s+(?:so\s+)?(\d+)\s+(?:cu the|nhu the nao|the nao|la gi|ra sao)"
)
_TASK_WORDS = re.compile(r"\b(?:viec|nhiem vu|han|giao|xong|hoan thanh|bao cao|van ban)\b")
_MORE = re.compile(
    r"\b(?:xem them|con (?:viec|gi|nhiem vu) (?:nao )?nua|con nua|con gi "
    r"khong|tiep theo|trang sau|them nua)\b|^(?:tiep|nua|them)$"
)
_GREETING = re.compile(r"^(?:xin chao|chao|hello|hi|alo|chao ban|chao bot)\b")
_THANKS = re.compile(
    r"^(?:(?:xin |em |toi |minh )?(?:cam on|cam ong)|thanks|thank you|tks|thank|ok|oke|okie|"
    r"okay|vang|da vang|duoc roi|tot qua|hay qua|ro roi|da ro|nhan duoc|dong y)\b"
)
_ABOUT = re.compile(
    r"^(?:ban|bot|may|em|anh|chi|cau)? ?(?:la ai|la gi|ten (?:la )?gi|la (?:cai )?gi the)\b|"
    r"\b(?:ban|bot|may) (?:la ai|la gi|ten gi|do ai (?:lam|tao)|hoat dong the nao)\b"
)
# A request for help: the word alone ("trợ giúp", "hướng dẫn", "help"), or a phrase only help
# requests hold; "hạn báo cáo tình hình trợ giúp xã hội" and "hướng dẫn thu hồi đất giao ai"
# are questions about tasks.
_HELP = re.compile(
    r"^(?:huong dan|tro giup|help|giup (?:toi|em|minh))"
    r"(?:\s+(?:su dung|voi|di|nhe|a|bot|toi|em|minh))*\s*$|"
    r"\b(?:huong dan su dung|dung the nao|"
    r"lam sao de hoi|cach dung|lam duoc gi|biet lam gi|co the lam gi|hoi duoc gi|"
    r"(?:co )?the hoi (?:gi|nhung gi|nhung cau gi))\b"
)
_ASSIGNED = re.compile(
    r"\b(?:duoc giao|giao (?:gi|viec|nhiem vu|cho)|phai lam|co viec|viec gi|nhiem vu|lam gi|"
    r"duoc de nghi|de nghi|yeu cau|phu trach|chu tri|phoi hop|lo|dam nhan|trach nhiem)\b"
)
_DOC_TYPES = {
    "thong bao": "thong_bao",
    "cong van": "cong_van",
    "ke hoach": "ke_hoach",
    "chi thi": "chi_thi",
    "quyet dinh": "quyet_dinh",
    "bao cao": "bao_cao",
    "huong dan": "huong_dan",
    "chuong trinh": "chuong_trinh",
    "cong dien": "cong_dien",
    "nghi quyet": "nghi_quyet",
    "ket luan": "ket_luan",
    "van ban": None,
}
_DOC_REF = re.compile(
    r"\b(thong bao|cong van|ke hoach|chi thi|quyet dinh|bao cao|huong dan|chuong trinh|"
    r"cong dien|nghi quyet|ket luan|van ban)\s*(?:so\s*)?[:.]?\s*"
    r"(\d{1,5}(?:-[a-z]{1,5})?(?:\s*/\s*[a-z0-9đ&]+(?:\s*-\s*[a-z0-9đ&]+)*)*)\b"
)
_BARE_NUMBER = re.compile(
    r"\b(\d{1,5}(?:-[a-z]{1,5})?\s*/\s*(?:\d{4}\s*/\s*)?[a-z]{1,6}(?:\s*-\s*[a-z0-9&]+)*)\b"
)
_DATE = r"(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{2,4}))?"
_AS_OF = re.compile(
    r"\b(?:tinh (?:den|toi)|den|toi|tai thoi diem|vao)\s+(?:het\s+)?(?:ngay\s+)?" + _DATE
)
_RANGE = re.compile(
    r"(?:\btu\s+(?:ngay\s+)?)?(?<![\d/])" + _DATE + r"\s*(?:den|toi|-|–)\s*(?:ngay\s+)?" + _DATE
)
_DATE_WORDS = re.compile(r"\bngay\s+(\d{1,2})\s+thang\s+(\d{1,2})(?:\s+nam\s+(\d{4}))?")
_BEFORE = re.compile(r"\b(?:truoc|chua qua)\s+(?:ngay\s+)?" + _DATE)
# Words that name a window, a greeting or a follow-up, not what a task is about.
_WINDOW_WORDS = re.compile(
    r"\b(?:ngay mai|(?:tuan|thang) (?:nay|sau|toi)|tu nay (?:den|toi) (?:het |cuoi )?thang|"
    r"(?:phai )?(?:lam )?xong|cuoi thang|thi sao|vay con)\b|"
    r"^[^a-z0-9]*(?:xin )?chao\b|^[^a-z0-9]*mai\b"
)
_ON_DAY = re.compile(r"\b(?:ngay|vao ngay|trong ngay)\s+" + _DATE)
_MONTH_WORDS = {
    "gieng": 1,
    "mot": 1,
    "hai": 2,
    "ba": 3,
    "tu": 4,
    "bon": 4,
    "nam": 5,
    "sau": 6,
    "bay": 7,
    "tam": 8,
    "chin": 9,
    "muoi": 10,
    "muoi mot": 11,
    "muoi hai": 12,
    "chap": 12,
}
_MONTH = re.compile(
    # "tháng 4", "tháng 4/2024", and a month in words ("tháng tư"); "tháng sau", "tháng năm"
    # stay out: "next month" and "month, year" first
    r"\bthang\s+(\d{1,2}|muoi mot|muoi hai|gieng|chap|hai|ba|tu|bon|bay|tam|chin|muoi)"
    r"(?:\s*(?:/|nam)\s*(\d{4}))?\b"
)
_QUARTER = re.compile(r"\bquy\s+(\d|i{1,3}|iv)(?:\s*(?:/|nam)\s*(\d{4}))?\b")
_YEAR = re.compile(r"\bnam\s+(20\d{2})\b")

# Phrases and words that carry no topic: question words, particles, courtesy, roles, time.
STOP_PHRASES = re.compile(
    r"\b(?:nhiem vu|don vi|co quan|de nghi|yeu cau|phu trach|chu tri|phoi hop|trach nhiem|"
    r"thoi gian|thoi han|han chot|han cuoi|bao gio|khi nao|ngay nao|duoc giao|sap den han|"
    r"den han|qua han|qua hang|tre han|hoan thanh|thuc hien|nhu the nao|bao nhieu|co khong|"
    r"hay khong|phai lam|lam gi|viec gi|nhung gi|la gi|chi tiet|cham tien do|cham han)\b"
)
STOPWORDS = frozenset(
    """
    ai gi nao nhung cac cai con duoc giao co khong da chua la va voi cua cho em anh chi toi
    minh ban oi a ak ah nhe nha vay the nhi ha xin muon biet phai lam khi ngay thang nam han
    tu den trong ve theo o tai nay do ma se dang nua hay hoac nhu sao vi nen can de viec
    tinh luc may xem them chi sap qua tre het hom tuan mot tat ca ay kia roi
    """.split()
)


_COURTESY = re.compile(
    r"^(?:xin |em |toi |minh )?(?:cam on|cam ong)(?: (?:ban|bot|anh|chi|em|nhieu))?"
    r"\s*[,.!]\s*(?=\S)|"
    r"\b(?:cho|xin|muon|can)\s+(?:em|e|minh|toi|anh|chi|tui|chau)?\s*(?:duoc\s+)?hoi\b|"
    r"\bhoi\s+(?=ve\b|xem\b|thu\b|giup\b)|\b(?:ad|admin|anh|chi|em|ban|bot)\s+oi\b|"
    r"\b(?:a|a a|nhe|nha|voi a|giup em|giup minh|giup toi|gium|dum)\s*$"
)


def expand_chat(text: str) -> str:
    """Fold the question and spell out chat shorthand."""
    folded = fold(nfc(text))
    folded = re.sub(r"[?!…]+", " ", folded)
    folded = _COURTESY.sub(" ", folded)
    for pattern, repl in _GLUED:
        folded = pattern.sub(repl, folded)
    out = []
    for token in folded.split():
        bare = token.strip(",;:")
        if bare in CHAT_ABBREVIATIONS:
            replacement = CHAT_ABBREVIATIONS[bare]
            if replacement:
                out.append(replacement + token[len(token.rstrip(",;:")) :])
        else:
            out.append(token)
    return re.sub(r"\s+", " ", " ".join(out)).strip()


def _year(raw: str | None, today: date) -> int:
    if not raw:
        return today.year
    year = int(raw)
    return year + 2000 if year < 100 else year


def _date(day: str, month: str, year: str | None, today: date) -> date | None:
    try:
        return date(_year(year, today), int(month), int(day))
    except ValueError:
        return None


def _quarter(raw: str) -> int:
    return _ROMAN[raw] if raw in _ROMAN else int(raw)


def _month_number(written: str) -> int:
    return int(written) if written.isdigit() else _MONTH_WORDS.get(written, 0)


def _window(folded: str, today: date) -> tuple[date | None, date | None, set[str]]:
    """The due-date window a question names, and what named it."""
    seen: set[str] = set()
    m = _RANGE.search(folded)
    if m:
        start = _date(m.group(1), m.group(2), m.group(3) or m.group(6), today)
        end = _date(m.group(4), m.group(5), m.group(6), today)
        if start and end:
            return start, end, {"range"}
    if re.search(r"\btu nay (?:den|toi) (?:het |cuoi )thang\b", folded):
        last = monthrange(today.year, today.month)[1]
        return today, today.replace(day=last), {"rest_of_month"}
    m = _BEFORE.search(folded)
    if m:
        until = _date(m.group(1), m.group(2), m.group(3), today)
        if until:
            return today, until, {"before"}
    if re.search(r"\btinh (?:den|toi) hom nay\b", folded):
        return None, None, seen  # "as of today": not a window
    if re.search(r"\bhom nay\b", folded):
        return today, today, {"today"}
    if re.search(r"\b(?:ngay mai)\b|^mai\b|\bmai (?:co|phai|can)\b", folded):
        return today + timedelta(days=1), today + timedelta(days=1), {"tomorrow"}
    m = _ON_DAY.search(folded)
    # "thông báo 45 ngày 28/2/2023": the document's date, not a day things fall due
    after_number = m is not None and re.search(r"[\d/a-z-]*\d[\d/a-z-]*\s*$", folded[: m.start()])
    if m and not _AS_OF.search(folded) and not after_number:
        day = _date(m.group(1), m.group(2), m.group(3), today)
        if day:
            return day, day, {"day"}
    m = re.search(r"\b(\d{1,2}|hai|ba)\s+tuan\s+(?:toi|nua|sap toi|tiep theo)\b", folded)
    if m:
        weeks = {"hai": 2, "ba": 3}.get(m.group(1)) or int(m.group(1))
        return today, today + timedelta(days=7 * weeks), {"next_weeks"}
    m = re.search(r"\b(\d{1,2}|bay|muoi)\s+ngay\s+(?:toi|nua|sap toi|tiep theo)\b", folded)
    if m:
        days = {"bay": 7, "muoi": 10}.get(m.group(1)) or int(m.group(1))
        return today, today + timedelta(days=days), {"next_days"}
    if re.search(r"\btuan (?:nay|nay a)\b|\btrong tuan\b", folded):
        monday = today - timedelta(days=today.weekday())
        return monday, monday + timedelta(days=6), {"this_week"}
    if re.search(r"\btuan (?:toi|sau)\b", folded):
        monday = today - timedelta(days=today.weekday()) + timedelta(days=7)
        return monday, monday + timedelta(days=6), {"next_week"}
    if re.search(r"\bthang (?:nay|nay a)\b", folded):
        last = monthrange(today.year, today.month)[1]
        return today.replace(day=1), today.replace(day=last), {"this_month"}
    if re.search(r"\bthang (?:toi|sau)\b", folded):
        first = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
        last = monthrange(first.year, first.month)[1]
        return first, first.replace(day=last), {"next_month"}
    m = _QUARTER.search(folded)
    if m:
        q = _quarter(m.group(1))
        if 1 <= q <= 4:
            year = _year(m.group(2), today)
            start = date(year, 3 * q - 2, 1)
            end = date(year, 3 * q, monthrange(year, 3 * q)[1])
            return start, end, {"quarter"}
    m = _MONTH.search(folded)
    if m and 1 <= _month_number(m.group(1)) <= 12:
        year = _year(m.group(2), today)
        month = _month_number(m.group(1))
        return date(year, month, 1), date(year, month, monthrange(year, month)[1]), {"month"}
    m = _YEAR.search(folded)
    if m and re.search(r"\b(?:trong|het|cuoi)\s+nam\b", folded):
        year = int(m.group(1))
        return date(year, 1, 1), date(year, 12, 31), {"year"}
    return None, None, seen


def _as_of(folded: str, today: date) -> date | None:
    if _RANGE.search(folded):
        return None  # "từ 10/3 đến 20/3" is a window, not a reference date
    m = re.search(r"\btinh (?:den|toi)\s+(?:het\s+)?" + _DATE_WORDS.pattern[2:], folded)
    if m:
        return _date(m.group(1), m.group(2), m.group(3), today)
    m = _AS_OF.search(folded)
    if not m or m.group(0).startswith("vao"):
        return None
    return _date(m.group(1), m.group(2), m.group(3), today)


# Where a unit name may start in a folded question, and the words a name may carry.
UNIT_HEADS = (
    "uy ban nhan dan",
    "uy ban mat tran to quoc",
    "uy ban mttq",
    "uy ban",
    "ubnd",
    "ubmttq",
    "mttq",
    "mat tran",
    "hdnd",
    "hoi dong nhan dan",
    "thuong truc hdnd",
    "phong",
    "so",
    "ban",
    "hoi",
    "huyen doan",
    "tinh doan",
    "thanh doan",
    "doan thanh nien",
    "lien doan lao dong",
    "ldld",
    "cong an",
    "bo chi huy",
    "bchqs",
    "van phong",
    "vp",
    "thanh tra",
    "trung tam",
    "tram",
    "chi cuc",
    "cuc",
    "kho bac",
    "bao hiem xa hoi",
    "bhxh",
    "dai",
    "toa an",
    "vien kiem sat",
    "ngan hang",
    "dang uy",
    "dang bo",
    "huyen uy",
    "tinh uy",
    "chi bo",
    # the heads of a hamlet or a residents' group are asked about as units ("xóm trưởng")
    "to truong",
    "xom truong",
    "thon truong",
    "truong thon",
    "truong xom",
    "truong ap",
    "truong ban",
    "truong",
    "cac to chuc",
    "cac phong",
    "cac so",
    "cac co quan",
    "cac don vi",
    "cac dia phuong",
    "cac xa",
    "cac nganh",
    "cac hoi",
    "cac doan the",
    "cac ban",
    "thu truong",
    "chu tich",
    "giam doc",
    "cong chuc",
    "can bo",
    "thuong truc",
    "bo",
    "dien luc",
    "nguoi dung dau",
    "lanh dao",
)
# Abbreviations that stand for a body ("ttyt", "bql", "ubmttq") open a name as their words do;
# the registry spells them out when it resolves the name.
_HEADS_AND_ABBREVIATIONS = (*UNIT_HEADS, *sorted(unit_head_abbreviations(), key=len, reverse=True))
_HEAD_RE = re.compile(
    r"(?<![\w&/-])(?:" + "|".join(re.escape(h) for h in _HEADS_AND_ABBREVIATIONS) + r")(?![\w&-])"
)
# Words that make a one-word head the second half of another word: "văn bản", "cơ sở",
# "hồ sơ", "môi trường", "thị trường", "tiêm phòng", "giải phóng", "đại hội".
_COMPOUND_BEFORE = frozenset({"van", "cai", "co", "giai", "tiem", "moi", "dai", "thi", "ho"})
_SPEAKER_VERBS = r"(?:yeu cau|de nghi|giao|chi dao|phan cong|dong y cho)"
_NOT_BEFORE_BAN = frozenset({"giao", "dia", "tren", "cong", "ra"})
# Words after a one-word head that show it is not a unit: "số 45", "bạn ơi", "hỏi về".
_NOT_AFTER_HEAD = {
    "so": {"hieu", "luong", "lieu", "ky", "van", "thu", "nao", "gi", "may", "ket", "bo", "cap"},
    "ban": {"oi", "co", "cho", "la", "biet", "hay", "giup", "nhe", "hanh", "than", "nao", "gi"},
    "hoi": {"ve", "xem", "thu", "giup", "la", "viec", "gi", "nao", "han", "nghi", "thao", "dap"},
    "bo": {"sung", "tri", "phan", "nhiem", "qua", "tiep"},
    "phong": {
        "chong",
        "ngua",
        "tranh",
        "khi",
        "trao",
        "hop",
        "lam",
        "chay",
        "thu",
        "dich",
        "benh",
        "minh",
        "mat",
    },
    "truong": {"hop", "hoc", "phong", "ban", "thon"},
    "dai": {"hoi", "dien", "bieu", "tu"},
    "tram": {"trong", "phan"},
}


# A unit name ends at a word that starts the question's predicate.
def _document_predicates() -> str:
    """The verbs that end a unit's name in documents ("tập trung", "tăng cường"...), folded:
    one lexicon for both readers. Those that also name bodies ("Ban Quản lý", "Ban Chỉ đạo",
    "Chi cục Thống kê") are left to the list below, which ends a name only where they cannot."""
    from knowledge.unitphrase import PREDICATES

    in_names = {
        "quan ly",
        "chi dao",
        "phat trien",
        "kiem tra",
        "thanh tra",
        "dieu tra",
        "thong ke",
        "bao ve",
        "ho tro",
        "tuyen truyen",
        "chi huy",
        "to chuc",
        "thi hanh",
        "kiem soat",
        "giam sat",
        "dan van",
        "thuong truc",
        "dang ky",
        "phuc vu",
    }
    words = {fold(" ".join(p)) for p in PREDICATES if len(p) > 1} - in_names
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_NAME_END = re.compile(
    r"\b(?:duoc|co|phai|lam|da|dang|se|can|con|thi|la|giao(?! thong)|de nghi|yeu cau|chu tri|"
    r"phoi hop|phu trach|nhan|ve|theo|trong|khi|han|bao cao|tinh den|tinh toi|nhung|viec|"
    r"nhiem|khong|nao|gi|ai|lo|bao nhieu|bao lau|"
    r"o dau|sap|qua|tre|chi dao|thuc hien|trien khai|hoan thanh|xay dung|to chuc(?! chinh)|"
    r"ra soat|kiem tra|cho|voi|ban hanh|de|tai|o|cua|truoc|nam \d{4}|"
    + _document_predicates()
    + r")\b"
)


# After a level word ("xã", "thị trấn", "phường"...) come one to three words of a place name,
# and a place's name may fold to a word that ends names elsewhere ("Lâm" -> "lam" like "làm",
# "Tân" is safe, "Thị" -> "thi" like "thì"): there only words that surely start a predicate
# end the name.
_LEVEL_WORDS = re.compile(r"\b(?:xa|phuong|thi tran|thi xa|huyen|tinh|quan|thanh pho)$")
_PLACE_WORDS_MAX = 3
_STRONG_END = frozenset(
    "duoc co phai da dang se can con la giao nhan ve theo trong khi han viec nhiem khong nao "
    "gi ai sap qua cho voi cua nhung".split()
)


def _name_end(rest: str, head: str) -> re.Match[str] | None:
    """Where a unit name that starts with `head` and goes on with `rest` ends."""
    for m in _NAME_END.finditer(rest):
        if _in_place_name(head + " " + rest[: m.start()], m.group(0), rest[m.end() :]):
            continue
        return m
    return None


def _in_place_name(before: str, word: str, after: str) -> bool:
    """Whether `word` (which would end a name) is a word of a place name after a level word:
    "xã Lâm Quang" is a name, "xã làm gì" and "các xã thì làm gì" are not."""
    following = after.split()[:1]
    if word == "thi" and following and following[0] in ("tran", "xa"):
        return True  # "thị trấn", "thị xã" are levels, not "thì"
    if word in _STRONG_END or " " in word:
        return False
    if not following or following[0] in _STRONG_END or _NAME_END.fullmatch(following[0]):
        return False  # "lâm" then "gì": the predicate "làm gì"
    words = before.split()
    for back in range(1, _PLACE_WORDS_MAX + 1):
        upto = " ".join(words[: len(words) - back + 1])
        if len(words) >= back and _LEVEL_WORDS.search(upto):
            plural = re.search(r"\bcac\s+\S+$", upto) is not None  # "các xã": no one place
            return not plural and not any(w in _STRONG_END for w in words[len(words) - back + 1 :])
    return False


def _speciality_pattern() -> re.Pattern[str]:
    from knowledge.unitphrase import speciality_names

    names = sorted({fold(n) for n in speciality_names()}, key=len, reverse=True)
    # officials drop the "và" of a name: "phòng tài nguyên môi trường"
    parts = [
        re.escape(n).replace(r"\ va\ ", r"(?:[\s,&-]+va)?\ ").replace(r"\ ", r"[\s,&-]+")
        for n in names
        if len(n) > 3
    ]
    return re.compile(r"\s*(?:" + "|".join(parts) + r")\b")


_SPECIALITY_RE = _speciality_pattern()


# One-word heads whose folded form other words share: typed with diacritics, only these
# spellings name a body ("đất đai" is no "Đài", "xóm trưởng" no "trường", "bàn" no "Ban").
_HEAD_SPELLINGS = {
    "dai": {"đài"},
    "truong": {"trường"},
    "bo": {"bộ"},
    "so": {"sở"},
    "hoi": {"hội"},
    "phong": {"phòng"},
    "ban": {"ban"},
    "tram": {"trạm"},
    "cuc": {"cục"},
}
# A body named after an event is the event's ("Đại hội Đảng bộ xã", "kỳ họp HĐND"), no unit.
_EVENT_BEFORE = re.compile(
    r"\b(?:dai hoi|hoi nghi|ky hop|phien hop|cuoc hop)\s+(?:dai bieu\s+|cua\s+)?$"
)
# Words before "thanh tra" that make it the activity, not the inspectorate ("việc thanh tra").
_ACTIVITY_BEFORE = frozenset({"viec", "tac", "dong", "cuoc", "dot"})
# After "các xã" (a plural level) no place name follows: the name ends, unless more levels
# ("các xã, thị trấn") or where they lie ("trên địa bàn huyện") follow.
_LEVEL = r"(?:xa|phuong|thi tran|thi xa|huyen|quan|tinh|thanh pho|thon|to dan pho|ban|xom)"
_PLURAL_LEVELS = re.compile(
    rf"\b(?:cac|nhung)\s+{_LEVEL}(?:\s*(?:,|va)\s*{_LEVEL})*(?=\s+(?!tren\b|thuoc\b)\S)"
)


def misspelled_heads(text: str) -> frozenset[str]:
    """The one-word heads that `text`, typed with diacritics, only ever spells as another word."""
    spelled: dict[str, set[str]] = {}
    for word in re.findall(r"\w+", nfc(text).lower()):
        key = fold(word)
        if key in _HEAD_SPELLINGS:
            spelled.setdefault(key, set()).add(word)
    return frozenset(
        head
        for head, words in spelled.items()
        if all(not w.isascii() and w not in _HEAD_SPELLINGS[head] for w in words)
    )


def unit_mentions(folded: str, not_heads: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """Stretches of the folded question that name a unit ("phong noi vu huyen").

    `not_heads` are one-word heads the question spells as other words (misspelled_heads)."""
    found: list[str] = []
    pos = 0
    while True:
        m = _HEAD_RE.search(folded, pos)
        if not m:
            break
        before = folded[: m.start()].split()[-1:]
        if m.group(0) == "ban" and before and before[0] in _NOT_BEFORE_BAN:
            pos = m.end()  # "giao ban", "địa bàn", "trên bàn": not a board
            continue
        if (
            (before and before[0] in _COMPOUND_BEFORE and " " not in m.group(0))
            or (before == ["xa"] and m.group(0) == "hoi")  # "xã hội"
            or _EVENT_BEFORE.search(folded[: m.start()])
            or (m.group(0) in not_heads)
            or (m.group(0) == "thanh tra" and before and before[0] in _ACTIVITY_BEFORE)
        ):
            pos = m.end()
            continue
        rest = folded[m.end() :]
        end = _name_end(rest, m.group(0))
        stop = m.end() + (end.start() if end else len(rest))
        # a speciality may hold words that end names elsewhere ("Tài chính", "Giáo dục")
        special = _SPECIALITY_RE.match(folded, m.end())
        if special and special.end() > stop:
            end = _NAME_END.search(folded, special.end())
            stop = end.start() if end else len(folded)
        # "Phòng Nội vụ và Phòng Tư pháp": two names
        both = re.search(r"\s+va\s+(?=" + _HEAD_RE.pattern + ")", folded[m.end() : stop])
        if both:
            stop = m.end() + both.start()
        # never run past punctuation that ends a phrase ("UBND các xã, thị trấn" goes on)
        punct = re.search(
            r"[;:?]|,(?!\s*(?:thi tran|thi xa|phuong|thanh pho|huyen|xa)\b)",
            folded[m.start() : stop],
        )
        if punct:
            stop = m.start() + punct.start()
        plural = _PLURAL_LEVELS.search(folded, m.start(), stop)
        if plural:
            stop = plural.end()  # "các xã đẩy nhanh GPMB": the name is "các xã"
        start = m.start()
        quantified = re.search(r"\b(?:cac|nhung)\s+$", folded[:start])
        if quantified and not m.group(0).startswith(("cac ", "nhung ")):
            start = quantified.start()  # "các huyện ủy": a group, not the one body
        name = folded[start:stop].strip(" ,;:.")
        words = folded[m.start() : stop].strip(" ,;:.").split()
        if words[0] in _NOT_AFTER_HEAD and (
            len(words) < 2 or words[1].isdigit() or words[1] in _NOT_AFTER_HEAD[words[0]]
        ):
            pos = m.end()  # "số 45", "bạn", "hỏi": not a unit
            continue
        if len(words) >= 2 or name in unit_head_abbreviations():
            found.append(name)
        pos = max(stop, m.end())
    return tuple(dict.fromkeys(found))


def _content_words(rest: str) -> tuple[str, ...]:
    """The words left once dates, windows, the asker's own unit and stop words go."""
    for pattern in (_AS_OF, _RANGE, _BEFORE, _QUARTER, _MONTH, _WINDOW_WORDS, _OWN_UNIT):
        rest = pattern.sub(" ", rest)
    rest = STOP_PHRASES.sub(" ", rest)
    return tuple(w for w in re.findall(r"[a-z]+", rest) if w not in STOPWORDS and len(w) > 1)


def parse_question(text: str, today: date) -> Question:
    """Understand one message typed as a question."""
    folded = expand_chat(text)
    flags: set[str] = set()
    if not re.search(r"[a-z0-9]", folded):
        # "👍", "🙏": a reaction is acknowledged; "???", "..." are not understood
        reaction = any(unicodedata.category(c) == "So" for c in folded)
        return Question(text, Intent.THANKS if reaction else Intent.UNKNOWN, folded)
    spoken = re.sub(r"^[^a-z0-9]+", "", folded)
    if _THANKS.match(spoken) and len(spoken.split()) <= 5 and not _TASK_WORDS.search(spoken):
        return Question(text, Intent.THANKS, folded)  # "cảm ơn bot nhé", "ok", "🙏 cảm ơn ạ"
    if _GREETING.match(folded) and len(folded.split()) <= 4:
        return Question(text, Intent.GREETING, folded)
    if _ABOUT.search(spoken) and len(spoken.split()) <= 7:
        return Question(text, Intent.ABOUT, folded)
    if _HELP.search(folded):
        return Question(text, Intent.HELP, folded)
    m = _DETAIL.search(folded)
    if m and m.group(1):
        return Question(text, Intent.DETAIL, folded, item=int(m.group(1)))
    if _MORE.search(folded):
        return Question(text, Intent.MORE, folded)

    as_of = _as_of(folded, today)
    due_from, due_to, window = _window(folded, today)
    flags |= window

    document: str | None = None
    doc_type: str | None = None
    m = _DOC_REF.search(folded)
    if m and re.fullmatch(r"(?:19|20)\d\d", m.group(2).strip()):
        m = None  # "kế hoạch 2019": the plan's year, not its number
    if m:
        doc_type = _DOC_TYPES.get(m.group(1))
        document = re.sub(r"\s+", "", m.group(2))
    # a unit's code inside a document number ("125/KH-UBND") names no unit
    mentioned = unit_mentions(
        _BARE_NUMBER.sub(" ", _DOC_REF.sub(" ", folded)), misspelled_heads(text)
    )
    if not m:
        m2 = _BARE_NUMBER.search(folded)
        if m2:
            document = re.sub(r"\s+", "", m2.group(1))
        # "Phòng Tài chính - Kế hoạch": a type word inside a unit's name is no document type
        outside_units = folded
        for name in mentioned:
            outside_units = outside_units.replace(name, " ")
        for words, key in _DOC_TYPES.items():
            if key and re.search(rf"\b{words}\b", outside_units):
                doc_type = key
                break
    # "BTV Tỉnh ủy yêu cầu các huyện ủy làm gì": who asks is not who is asked about
    speakers = tuple(
        a
        for a, b in itertools.pairwise(mentioned)
        if re.search(
            re.escape(a)
            + r"\s+(?:da\s+|vua\s+)?"
            + _SPEAKER_VERBS
            + r"\s+(?:cho\s+)?(?:(?:cac|nhung)\s+)?"
            + re.escape(b),
            folded,
        )
    )
    mentioned = tuple(m for m in mentioned if m not in speakers)
    partners = tuple(
        m for m in mentioned if re.search(r"\b(?:voi|cung)\s+" + re.escape(m), folded)
    )
    units = tuple(m for m in mentioned if m not in partners)
    who = _WHO_Q.search(folded)
    # "ai đôn đốc các ngành?", "ai đề xuất để UBND tỉnh ban hành?": a unit named after the
    # question word is what the task is about, not who is asked about
    objects = tuple(m for m in units if folded.find(m) > who.start()) if who else ()
    # "gửi báo cáo về Công an tỉnh": the unit a report goes to is not the one asked about
    objects += tuple(m for m in units if re.search(r"\b(?:ve|len|toi)\s+" + re.escape(m), folded))
    if objects:
        units = tuple(m for m in units if m not in objects)
        mentioned = tuple(m for m in mentioned if m not in objects)
    own = bool(_OWN_UNIT.search(folded))
    role = None
    if re.search(r"\b(?:phoi hop|cung voi)\b", folded) and not re.search(r"\bchu tri\b", folded):
        role = "cooperate" if re.search(r"\b(?:duoc|phai|tham gia)\s+phoi hop\b", folded) else None
    elif re.search(r"\bchu tri\b", folded):
        role = (
            "lead"
            if re.search(r"\b(?:duoc giao )?chu tri\b.*\b(?:gi|nao|viec)\b", folded)
            else None
        )

    overdue = bool(_OVERDUE.search(folded))
    # a date alone asks what falls due then ("tuần này có gì?"), unless nothing in the message
    # speaks of tasks and other words are left ("thời tiết hôm nay"): that is talk, not a window
    bare_window = bool(window) and not (
        _DUE.search(folded) or _ASSIGNED.search(folded) or _TASK_WORDS.search(folded)
    )
    due = bool(_DUE.search(folded)) or (
        bool(window) and not (bare_window and _content_words(folded))
    )
    if _UPCOMING.search(folded) and not window:
        flags.add("upcoming")
    if _DUE.search(folded) and window:
        flags.add("due")  # "đến hạn trong tháng 4": only what falls due then
    if overdue:
        intent = Intent.OVERDUE
    elif due and not units and not document and not own:
        intent = Intent.DUE
    elif document and not units:
        intent = Intent.DOCUMENT
    elif units or own or _ASSIGNED.search(folded) or _WHO_Q.search(folded):
        intent = Intent.ASSIGNED
    else:
        intent = Intent.ASSIGNED if len(folded.split()) >= 2 else Intent.UNKNOWN
        if not (_TASK_WORDS.search(folded) or _DEADLINE_Q.search(folded)):
            flags.add("no_cue")  # nothing in it speaks of tasks: a topic search, or talk

    rest = folded
    for name in mentioned:
        rest = rest.replace(name, " ")
    if document:
        rest = re.sub(r"\bso\s+(?=\d)", " ", rest)  # "số 312/UBND-VP"
        rest = _DOC_REF.sub(" ", rest)
        rest = _BARE_NUMBER.sub(" ", rest)
    topic = _content_words(rest)
    return Question(
        text=text,
        intent=intent,
        folded=folded,
        units=units,
        partners=partners,
        own_unit=own,
        role=role,
        due_from=due_from if (due or intent is Intent.DUE) else None,
        due_to=due_to if (due or intent is Intent.DUE) else None,
        as_of=as_of,
        document=document,
        doc_type=doc_type,
        topic=topic,
        asks_deadline=bool(_DEADLINE_Q.search(folded)),
        asks_who=bool(_WHO_Q.search(folded)),
        flags=frozenset(flags),
    )
