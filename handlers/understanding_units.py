"""Unit names in a folded question: their heads, where a name ends, misspelled heads."""

from __future__ import annotations

import re

from knowledge.text import fold, nfc
from knowledge.unitphrase_lexicon import (
    COLLECTIVE_NOUNS_FOLDED,
    PHRASE_HEADS_FOLDED,
    UNIT_HEAD_ABBREVIATIONS,
)

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
    "tieu ban",
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
    # bodies the documents' lexicon names with two words or more, asked about as they are
    "cong ty",
    "doanh nghiep",
    "hop tac xa",
    "benh vien",
    "chi nhanh",
    "bo doi bien phong",
    "cong doan",
    "thong tan xa",
    "to cong tac",
    "to giup viec",
    "to dan pho",
    "khu dan cu",
    "thon",
    "ap",
    "xom",
    "thi doan",
    "quan uy",
    "thanh uy",
    "thi uy",
    "ke toan",
    "chu dau tu",
)
# ... and every other head of two words or more the documents' lexicon knows, but a level
# ("việc cấp huyện phải xong", "cấp huyện báo cáo ... trước ngày nào"), which a question
# names as who in general, not as a body
_LEXICON_HEADS = tuple(
    h for h in PHRASE_HEADS_FOLDED if h not in UNIT_HEADS and not h.startswith("cap ")
)
# Abbreviations that stand for a body ("ttyt", "bql", "ubmttq") open a name as their words do;
# the registry spells them out when it resolves the name.
_HEADS_AND_ABBREVIATIONS = (
    *UNIT_HEADS,
    *_LEXICON_HEADS,
    *sorted(UNIT_HEAD_ABBREVIATIONS, key=len, reverse=True),
)
# longest first: at a position the longest head is the one meant ("ban can su" is a party
# board, where "ban" alone, followed by "can", reads as "bạn cần")
_HEAD_RE = re.compile(
    r"(?<![\w&/-])(?:"
    + "|".join(re.escape(h) for h in sorted(set(_HEADS_AND_ABBREVIATIONS), key=len, reverse=True))
    + r")(?![\w&-])"
)
# Words that make a one-word head the second half of another word: "văn bản", "cơ sở",
# "hồ sơ", "môi trường", "thị trường", "tiêm phòng", "giải phóng", "đại hội" (any head after
# them), and "xã hội" (only "hội" after "xã": "xã Hòa Bình" and the like stay places).
_ANY_HEAD = None
_COMPOUND_BEFORE: dict[str, frozenset[str] | None] = {
    **dict.fromkeys(("van", "cai", "co", "giai", "tiem", "moi", "dai", "thi", "ho"), _ANY_HEAD),
    "xa": frozenset({"hoi"}),
    "nong": frozenset({"thon"}),  # "nông thôn mới" is no hamlet
    "ngay": frozenset({"hoi"}),  # "Ngày hội Đại đoàn kết" is a festival, no association
    "le": frozenset({"hoi"}),  # "lễ hội đền Hùng" too
}


def _second_half_of_a_word(before: list[str], head: str) -> bool:
    """Whether a one-word head is the end of another word with the word before it."""
    if not before or " " in head or before[0] not in _COMPOUND_BEFORE:
        return False
    heads = _COMPOUND_BEFORE[before[0]]
    return heads is None or head in heads


_SPEAKER_VERBS = r"(?:yeu cau|de nghi|giao|chi dao|phan cong|dong y cho)"
_NOT_BEFORE_BAN = frozenset({"giao", "dia", "tren", "cong", "ra"})
# Words after a one-word head that show it is not a unit: "số 45", "bạn ơi", "hỏi về".
_NOT_AFTER_HEAD = {
    "so": {
        "hieu",
        "luong",
        "lieu",
        "ky",
        "van",
        "thu",
        "nao",
        "gi",
        "may",
        "ket",
        "bo",
        "cap",
        "huu",  # "sở hữu trí tuệ"
        # "số tổ bảo vệ", "số thôn", "số xã": how many, typed without diacritics
        "to",
        "thon",
        "xa",
        "hoi",
        "doan",
        "can",
        "hoc",
    },
    "ban": {"oi", "co", "cho", "la", "biet", "hay", "giup", "nhe", "hanh", "than", "nao", "gi"},
    "hoi": {
        "ve",
        "xem",
        "thu",
        "giup",
        "la",
        "viec",
        "gi",
        "nao",
        "han",
        "nghi",
        "thao",
        "dap",
        "vien",
        "thi",
        "dien",
        "cho",
        "truong",  # "hội viên", "hội thi", "hội trường"
    },
    # "bộ máy", "bộ tiêu chí", "bộ hồ sơ", "Bộ luật": no ministry
    "bo": {"sung", "tri", "phan", "nhiem", "qua", "tiep", "may", "tieu", "ho", "luat"},
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
        "hoc",  # "phòng học": a classroom
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
    r"\b(?:duoc|co(?! quan)|phai|lam|da|dang|se|can|con|thi|la|giao(?! thong)|de nghi|"
    r"yeu cau|chu tri|"
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
    r"\b(?:dai hoi|hoi nghi|ky hop|phien hop|cuoc hop|bau|bau cu)\s+(?:dai bieu\s+|cua\s+)?$"
)
# A body named as whose document or meeting it is, not whom the task is for: "việc nào trong
# kết luận họp BQL NTM xã ... đã quá hạn", "công văn đôn đốc của Phòng VH&TT", "hướng dẫn 986
# của VP UBND tỉnh", "sau cuộc họp BCĐ".
_ISSUER_BEFORE = re.compile(
    r"\b(?:(?:ket luan|cong van|thong bao|ke hoach|huong dan|van ban|chi thi|quyet dinh|cv|tb|"
    r"kh)(?:\s+\S+){0,2}\s+cua|(?:ket luan\s+)?(?:cuoc\s+|buoi\s+|phien\s+)?hop|"
    # whose opinion a task takes in: "giải trình ý kiến (của) các Ban HĐND tỉnh"
    r"y kien(?:\s+(?:gop y|dong gop|chi dao))?(?:\s+cua)?(?:\s+(?:cac|nhung))?(?:\s+ban)?)\s+$"
)
# A body being set up or strengthened is what the task makes, not who is asked: "hạn thành lập
# BCĐ ... là ngày nào?", "ai phải củng cố các tiểu ban?".
_MADE_BEFORE = re.compile(r"\b(?:thanh lap|kien toan|cung co|thanh lap moi)\s+(?:lai\s+)?$")
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


_PUNCT = re.compile(r"[;:?]|,(?!\s*(?:thi tran|thi xa|phuong|thanh pho|huyen|xa)\b)")
_GROUP_PUNCT = re.compile(
    r"[;:?]|,(?!\s*(?:thi tran|thi xa|phuong|thanh pho|huyen|xa|"
    + "|".join(sorted(COLLECTIVE_NOUNS_FOLDED, key=len, reverse=True))
    + r")\b)"
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
            _second_half_of_a_word(before, m.group(0))
            or _EVENT_BEFORE.search(folded[: m.start()])
            or _MADE_BEFORE.search(folded[: m.start()])
            or _ISSUER_BEFORE.search(folded[: m.start()])
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
        # never run past punctuation that ends a phrase ("UBND các xã, thị trấn" goes on, and
        # so does a group's list: "các cơ quan, ban ngành, đoàn thể huyện")
        group = (
            m.group(0).startswith(("cac ", "nhung "))
            or re.search(r"\b(?:cac|nhung)\s+$", folded[: m.start()])
            # a title over a group: "Thủ trưởng các cơ quan, đơn vị"
            or re.match(r"\s*(?:cac|nhung)\s", folded[m.end() : stop])
        )
        punct = (_GROUP_PUNCT if group else _PUNCT).search(folded[m.start() : stop])
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
        if len(words) >= 2 or name in UNIT_HEAD_ABBREVIATIONS:
            found.append(name)
        pos = max(stop, m.end())
    return tuple(dict.fromkeys(found))
