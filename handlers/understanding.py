"""Read an official's question: what is asked, about which unit, document, dates and topic.

Questions come typed fast: with or without diacritics, with abbreviations ("p.tnmt", "ubnd h",
"q2", "t6", "ko", "j") and chat particles ("cho em hỏi", "ạ", "ad ơi"). Everything here works
on the accent-folded text, so "phòng nội vụ" and "phong noi vu" read the same.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from enum import Enum

from handlers.understanding_dates import (
    _AS_OF,
    _BEFORE,
    _MONTH,
    _QUARTER,
    _RANGE,
    ON_DATE,
    _as_of,
    _window,
)
from handlers.understanding_units import _SPEAKER_VERBS, misspelled_heads, unit_mentions
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
    speaking: tuple[str, ...] = ()  # units of `units` followed by a speaker's verb ("đề nghị")


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

_OWN_UNIT = re.compile(
    # "hồ sơ minh chứng", "hồ sơ chứng minh" are papers, not "sở mình"
    r"\b(?:don vi|phong|co quan|ban|xa|(?<!ho )so|hoi|ben)\s+(?:cua\s+)?(?:toi|minh|em|"
    r"chung toi|chung em|chung minh|tui|tao)\b(?!\s+(?:chung|bach|man)\b)|"
    r"(?<!tuan )(?<!ngay )(?<!thang )(?<!nam )(?<!quy )"
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
# Words that name a window, a greeting or a follow-up, not what a task is about.
_WINDOW_WORDS = re.compile(
    r"\b(?:ngay mai|(?:tuan|thang) (?:nay|sau|toi)|tu nay (?:den|toi) (?:het |cuoi )?thang|"
    r"(?:phai )?(?:lam )?xong|cuoi thang|thi sao|vay con)\b|"
    r"^[^a-z0-9]*(?:xin )?chao\b|^[^a-z0-9]*mai\b"
)

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


_COUNT_WORDS = {
    "mot": "1",
    "hai": "2",
    "ba": "3",
    "bon": "4",
    "nam": "5",
    "sau": "6",
    "bay": "7",
    "tam": "8",
    "chin": "9",
    "muoi": "10",
}
_COUNT_WORD = re.compile(
    r"\b(" + "|".join(_COUNT_WORDS) + r")\s+(ngay|tuan)(?=\s+(?:toi|nua|sau)\b)"
)
# Heads after which a short word is the initials of the body's name ("phòng nv" = Nội vụ).
_HEADS_BEFORE_INITIALS = frozenset({"phong", "p", "so", "ban", "trung tam", "chi cuc", "cuc"})


# "tháng sáu" (June) folds to "thang sau", which is "tháng sau" (next month): written with its
# accent, six is a number before folding loses it.
_MONTH_SIX = re.compile(r"\bth(?:á|a)ng\s+sáu\b", re.IGNORECASE)


def expand_chat(text: str) -> str:
    """Fold the question and spell out chat shorthand."""
    folded = fold(_MONTH_SIX.sub("tháng 6", nfc(text)))
    folded = re.sub(r"[?!…]+", " ", folded)
    folded = _COURTESY.sub(" ", folded)
    for pattern, repl in _GLUED:
        folded = pattern.sub(repl, folded)
    # "bảy ngày tới", "ba tuần": a count in words is a count
    folded = _COUNT_WORD.sub(lambda m: f"{_COUNT_WORDS[m.group(1)]} {m.group(2)}", folded)
    out: list[str] = []
    for token in folded.split():
        bare = token.strip(",;:")
        if bare in CHAT_ABBREVIATIONS and out and out[-1] in _HEADS_BEFORE_INITIALS:
            out.append(token)  # "phòng nv", "sở tc": a body's initials, not "nhiệm vụ"
        elif bare in CHAT_ABBREVIATIONS:
            replacement = CHAT_ABBREVIATIONS[bare]
            if replacement:
                out.append(replacement + token[len(token.rstrip(",;:")) :])
        else:
            out.append(token)
    return re.sub(r"\s+", " ", " ".join(out)).strip()


def _content_words(rest: str) -> tuple[str, ...]:
    """The words left once dates, windows, the asker's own unit and stop words go."""
    for pattern in (_AS_OF, ON_DATE, _RANGE, _BEFORE, _QUARTER, _MONTH, _WINDOW_WORDS, _OWN_UNIT):
        rest = pattern.sub(" ", rest)
    rest = STOP_PHRASES.sub(" ", rest)
    # words, and codes of letters and digits ("F2", "F0", "COVID-19" gives "covid" and "19"
    # is dropped as a number): what a task is about may be written so
    words = re.findall(r"[a-z0-9]+", rest)
    # a stop word that is half of a compound stays: "văn minh" is no "mình", "chữa cháy" no
    # "chưa"
    kept = {
        i + k
        for i, pair in enumerate(itertools.pairwise(words))
        if " ".join(pair) in _COMPOUNDS_WITH_STOP_WORDS
        for k in (0, 1)
    }
    return tuple(
        w
        for i, w in enumerate(words)
        if (w not in STOPWORDS or i in kept)
        and len(w) > 1
        and (w.isalpha() or re.fullmatch(r"[a-z]{1,3}\d{1,2}", w) is not None)
    )


_COMPOUNDS_WITH_STOP_WORDS = frozenset(
    {"van minh", "chung minh", "thong minh", "minh bach", "chua chay", "chua benh"}
)


# Words before a unit that make it where something goes, not who does it: "gửi báo cáo về
# Công an tỉnh", "trình BTV Huyện ủy", "góp ý cho MTTQ phường" ("giao ... cho X" assigns X).
_RECIPIENT = re.compile(
    r"\b(?P<word>ve|len|toi|trinh|nop|gui|cho)\s+(?:(?:btt|ban thuong truc|thuong truc)\s+)?$"
)


def _recipient(folded: str, at: int) -> bool:
    """Whether the unit named at `at` is where something goes (see _RECIPIENT)."""
    m = _RECIPIENT.search(folded[:at])
    if m is None:
        return False
    return m.group("word") != "cho" or re.search(r"\bgiao\b", folded[: m.start()]) is None


_SPEAKS_AFTER = re.compile(
    r"\s+(?:da\s+|vua\s+)?(?:" + _SPEAKER_VERBS + r"|ket luan)\b(?!\s+ban\b)"
)


# A title, then a person's name in capitals that names no body ("Phó Chủ tịch Đào Thị Hoa").
_TITLED_PERSON = re.compile(
    r"(?:[Pp]hó\s+)?(?:[Cc]hủ tịch|[Bb]í thư|[Gg]iám đốc|[Tt]rưởng ban|[Tt]rưởng phòng)\s+"
    r"(?!(?:UBND|HĐND|Ủy|Hội|Sở|Phòng|Ban|Huyện|Tỉnh|Xã|Đảng|Thành|Mặt|Công)\b)"
    r"[A-ZĐÀ-Ỹ][\wÀ-ỹ]*(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*){1,3}"
)


def _speaks(folded: str, mention: str) -> bool:
    """Whether the unit `mention` is who speaks: its name goes straight on with a speaker's
    verb ("UBND huyện đề nghị ...", "... kết luận giao ..."), not "giao ban" (a meeting)."""
    at = folded.find(mention)
    return at >= 0 and _SPEAKS_AFTER.match(folded, at + len(mention)) is not None


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
    item = (m.group(1) or m.group(2)) if m else None  # "chi tiết việc 2", "việc 2 cụ thể"
    if item:
        return Question(text, Intent.DETAIL, folded, item=int(item))
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
    if m and m.group(1) == "chuong trinh" and "/" not in m.group(2) and " so" not in m.group(0):
        m = None  # "Chương trình 135": a programme's name; "Chương trình số 12/CTr-UBND" is one
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
            # "nộp báo cáo", "phải báo cáo kết quả": the task's report, not a document of
            # that type, unless the question points into one ("trong báo cáo", "theo báo cáo")
            before = r"(?:trong|theo|tai|cua)\s+" if key == "bao_cao" else ""
            if key and re.search(rf"\b{before}{words}\b", outside_units):
                doc_type = key
                break
    # "Phó chủ tịch Đào Thị Hoa yêu cầu gì": a person, named after a title, is no unit
    persons = [fold(m.group(0)) for m in _TITLED_PERSON.finditer(nfc(text))]
    mentioned = tuple(m for m in mentioned if not any(m in p for p in persons))
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
    # "PCT UBND huyện đề nghị các trường làm gì?", "Sở GTVT chỉ đạo xã nào ...": a unit that
    # goes straight on with a speaker's verb may ask, or may be given that directing: the
    # answer tries it as the unit asked about first, then without it (Question.speaking)
    speaking = tuple(m for m in mentioned if _speaks(folded, m))
    partners = tuple(
        m for m in mentioned if re.search(r"\b(?:voi|cung)\s+" + re.escape(m), folded)
    )
    units = tuple(m for m in mentioned if m not in partners)
    who = _WHO_Q.search(folded)
    # "ai đôn đốc các ngành?", "ai đề xuất để UBND tỉnh ban hành?": a unit named after the
    # question word is what the task is about, not who is asked about
    objects = tuple(m for m in units if folded.find(m) > who.start()) if who else ()
    # "gửi báo cáo về Công an tỉnh": the unit a report goes to is not the one asked about
    objects += tuple(m for m in units if _recipient(folded, folded.find(m)))
    if objects:
        units = tuple(m for m in units if m not in objects)
        mentioned = tuple(m for m in mentioned if m not in objects)
    own = bool(_OWN_UNIT.search(folded))
    role = None
    if re.search(r"\b(?:phoi hop|cung voi)\b", folded) and not re.search(r"\bchu tri\b", folded):
        # "được/phải phối hợp", and the asker's own unit: "đơn vị tôi phối hợp với ..."
        cooperates = r"\b(?:duoc|phai|tham gia|toi|minh|em|chung toi)\s+phoi hop\b"
        role = "cooperate" if re.search(cooperates, folded) else None
    elif re.search(r"\bchu tri\b", folded) and re.search(r"\bai\s+phoi hop\b", folded):
        role = None  # "ai chủ trì, ai phối hợp ...": both are asked for
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
        speaking=tuple(m for m in speaking if m in units),
    )
