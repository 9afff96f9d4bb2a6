"""Clause-level reading: cues, sentences and clauses, who a clause assigns and its task's words."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from knowledge.calendar import WorkCalendar
from knowledge.deadlines import find_deadline
from knowledge.domain import Deadline, ExtractedAssignment, Table
from knowledge.extraction_addressees import (
    _addressee_at,
    _has_predicate,
    _named_after_colon,
    _named_up_to_lead_role,
    place_name_end,
)
from knowledge.extraction_formulas import (
    NOT_TASK_AFTER_SUBJECT,
    REPORT_ASKED,
    REPORTS_AT_MEETING,
    is_formula,
)
from knowledge.layout import SCHEDULE_OPENER
from knowledge.text import fold
from knowledge.unitphrase import UnitSpan, parse_units_at, unit_spans

# --- cues -------------------------------------------------------------------------------

_ADDRESS_CUE = re.compile(
    r"(?:^|[\s,;:(])(?<!bàn )(?<!chuyển )(?<!được )"
    r"(giao nhiệm vụ cho|giao trách nhiệm cho|giao trách nhiệm|giao nhiệm vụ|giao cho|giao|"
    r"đề nghị|yêu cầu|phân công cho|phân công|nhờ|kính mong|kính đề nghị)"
    r"\s+(?!của\b|tại\b|về\b|cho\b)",
    re.IGNORECASE,
)
# Cues that address a unit only when they open the clause: "Kính mong các đồng chí ...".
# ("Chỉ đạo X ..." is not one: under a unit's heading that unit leads, X is who it directs;
# after a subject, "Sở Y tế chỉ đạo xã X" leaves the Sở the lead.)
_OPENING_ONLY_CUES = frozenset({"kính mong", "kính đề nghị"})
_COOPERATE_CUE = re.compile(
    r"\b(phối hợp (?:chặt chẽ |tốt )?(?:với|cùng)|cùng với|phối hợp)\s+", re.IGNORECASE
)
_LEAD_ROLE = re.compile(
    r"^\s*(?:,\s*)?(?:là cơ quan |làm )?(?:chủ trì|thường trực)\b[\s,]*", re.IGNORECASE
)
_PREAMBLE_END = re.compile(
    r"(?:như sau|sau đây|sau|dưới đây|cụ thể|như|gồm)\s*:\s*$|:\s*$", re.IGNORECASE
)
_CONNECTIVE = re.compile(
    r"^\s*(?:đồng thời|ngoài ra|bên cạnh đó|mặt khác|trong đó|theo đó|riêng|đặc biệt|"
    r"song song (?:với )?đó|cùng với đó|về (?:nội dung|vấn đề|kiến nghị) (?:này|trên)|"
    r"căn cứ[^,]{0,80}|"
    r"trên cơ sở[^,]{0,80}|sau khi[^,]{0,80}|trong thời gian tới|thời gian tới|"
    r"từ nay đến[^,]{0,40}|đối với[^,:]{0,80})\s*[,:]?\s*",
    re.IGNORECASE,
)
_OPENER = re.compile(
    r"^\s*(?:căn cứ|sau khi|trên cơ sở|để|nhằm|theo|thực hiện|đối với|trong|qua|từ|trước|"
    r"chậm nhất|đến|ngay sau|hằng năm|hàng năm|hằng tháng|hàng tháng|hằng quý|hàng quý|"
    r"định kỳ|mỗi tháng|mỗi năm|tùy|tuỳ|dự kiến|sắp tới|thời gian tới|"
    r"đồng thời|ngoài ra|theo đó|song song|cùng với đó|"
    # a time frame: "Quý IV/2025, ...", "Nhân dịp Tết, ...", a schedule's "Ngày 7/6/2017: ..."
    rf"quý|tháng|năm|giai đoạn|kể từ|nhân dịp|dịp|{SCHEDULE_OPENER}|"
    r"kết luận|phát biểu)\b",  # "Kết luận Hội nghị, ông ... chỉ đạo ..."
    re.IGNORECASE,
)
# A meeting's report: "Sau khi nghe Ban Thường trực ..., Trưởng các đoàn thể báo cáo ...": those
# who report are no assignees; only what the chair then asks of a unit is a task.
_NOT_SUBJECT_AFTER = frozenset(
    "do của cho với về tại từ đến và theo giữa bởi như để vào ra lên xuống trên dưới".split()
    # the one advised, helped or reported to: "Đồng thời, tham mưu UBND huyện xây dựng ..."
    + "mưu giúp".split()
)
_HEARD = re.compile(r"^\s*(?:sau khi nghe|nghe)\b", re.IGNORECASE)
_TOPIC_UNIT = re.compile(r"^\s*(?:đối với|riêng|về phía)\s+", re.IGNORECASE)
_NEW_TASK_CONNECTIVE = re.compile(r"^\s*(?:đồng thời|ngoài ra|bên cạnh đó)\b", re.IGNORECASE)
_FIELD = re.compile(
    r"^\s*(?P<name>(?:đơn vị|cơ quan|bộ phận|người)\s+(?:chủ trì|thực hiện|phụ trách|"
    r"tham mưu|chịu trách nhiệm)|chủ trì(?:\s+thực hiện)?|"
    r"(?:đơn vị|cơ quan|bộ phận)\s+phối hợp|phối hợp(?:\s+thực hiện)?|"
    r"thời gian(?:\s+(?:hoàn thành|thực hiện|hoàn tất))?|thời hạn(?:\s+hoàn thành)?|"
    r"hạn (?:chót|hoàn thành)|tiến độ(?:\s+thực hiện)?|"
    r"(?:sản phẩm|kết quả)(?:\s+(?:đầu ra|cần đạt))?|nội dung(?:\s+công việc)?)"
    r"\s*:\s*(?P<value>.*)$",
    re.IGNORECASE,
)
_SKIP_SECTIONS = re.compile(
    r"^(?:mục đích|yêu cầu|mục đích,? yêu cầu|căn cứ|kết quả|tình hình|đánh giá|"
    r"kết quả (?:thực hiện|đạt được)|những (?:kết quả|tồn tại)|tồn tại|hạn chế|nguyên nhân|"
    r"quan điểm|mục tiêu)\b",
    re.IGNORECASE,
)


def _field_kind(name: str) -> str:
    key = fold(name)
    if "phoi hop" in key:
        return "cooperate"
    if key.startswith(("thoi gian", "thoi han", "han ", "tien do")):
        return "deadline"
    if key.startswith(("san pham", "ket qua")):
        return "product"
    if key.startswith("noi dung"):
        return "content"
    return "lead"


# --- sentences --------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"“(]?[A-ZĐÀ-Ỹ])|(?<=\.\.\.)\s+")


def _sentences(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        # an abbreviation such as "TP." or "Tp." does not end a sentence
        before = text[max(0, m.start() - 4) : m.start()]
        if re.search(r"\b(?:TP|Tp|TX|TT|Q|P|KT|TL|TM|ThS|TS|Ths)\.$", before):
            continue
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


_STRONG_PREDICATE = re.compile(
    # a future or a manner may come first: "sẽ tổ chức", "cũng sẽ đồng loạt tổ chức"
    r"^\s*(?:(?:cũng|sẽ|đồng loạt|sớm)\s+){0,3}"
    r"(?:phải|có trách nhiệm|chủ trì|khẩn trương|tham mưu|tiếp tục|chủ động|cần|dự kiến|"
    r"quyết định|chuẩn bị|lập|ban hành|hoàn thành|hoàn thiện|báo cáo|tổng hợp|gửi|trình|"
    r"thẩm định|kiểm tra|góp ý|cho ý kiến|đôn đốc|bám sát|"
    r"thực hiện|triển khai|tổ chức|xây dựng|rà soát|phối hợp|theo dõi|hướng dẫn|đảm bảo|"
    r"bảo đảm|bố trí|tiến hành|được giao)\b",
    re.IGNORECASE,
)


_STRONG_ANYWHERE = re.compile(_STRONG_PREDICATE.pattern.replace("^\\s*", "\\s", 1), re.IGNORECASE)


def _subject_splits(text: str, start: int, end: int) -> list[int]:
    """Offsets after a comma where a new unit takes a task of its own ("..., các tổ chức
    CTXH phải xây dựng ...")."""
    cuts: list[int] = []
    first_comma = text.find(",", start, end)
    if first_comma < 0 or not _STRONG_ANYWHERE.search(text, first_comma, end):
        return cuts  # no second subject can follow: skip the unit parsing
    covered = _unit_spans(text[:end], start)
    for m in re.finditer(r",\s+", text[start:end]):
        at = start + m.end()
        if any(a < at - 1 and b >= at for a, b in covered):
            continue  # the comma separates units of one list
        before = text[cuts[-1] if cuts else start : at]
        if len(re.findall(r"\w+", before)) < 4 or (
            _OPENER.match(before) and not _unit_spans(text[:at], cuts[-1] if cuts else start)
        ):
            continue  # "Đồng thời, Phòng X phải ...": an opener, not a task of its own
        span = parse_units_at(text[:end], at)
        if span and span.start == at and _STRONG_PREDICATE.match(text[span.end : end]):
            cuts.append(at)
    return cuts


def _unit_spans(text: str, start: int) -> list[tuple[int, int]]:
    """Character spans of unit lists that begin at a word of text[start:]."""
    return unit_spans(text, start)


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a sentence at semicolons (outside parentheses) and where a new subject begins."""
    pieces = _semicolon_clauses(text, start, end)
    out: list[tuple[int, int]] = []
    for a, b in pieces:
        cuts = [c for c in _subject_splits(text, a, b) if c > a]
        for c in cuts:
            out.append((a, c))
            a = c
        out.append((a, b))
    return [(x, y) for x, y in out if text[x:y].strip(" ;,")]


def _list_goes_on(text: str, a: int, i: int, end: int) -> bool:
    """A semicolon inside a list of units ("Giao các sở; Đài Khí tượng; UBND các huyện ...")."""
    nxt = parse_units_at(text[:end], i + 1)
    if not nxt or text[i + 1 : nxt.start].strip():
        return False
    return any(b >= i - 1 and not text[b:i].strip() for _, b in _unit_spans(text[:i], a))


def _colon_opens_task(text: str, i: int, end: int) -> bool:
    """ "... thông báo ý kiến chỉ đạo như sau: Giao Sở ...", "..., giao Sở Tài nguyên và Môi
    trường phối hợp ...": what follows a colon or a comma is its own clause when it opens with
    an addressing cue and a unit."""
    rest = text[i + 1 : end]
    # "..., đồng thời đồng chí yêu cầu các xã ...": a connective and who speaks may come first
    cue = re.match(
        r"\s*(?:đồng thời\s*,?\s*)?(?:(?:đồng chí|đ/c|ông|bà)\s+)?(?:giao|đề nghị|yêu cầu)\s+",
        rest,
        re.IGNORECASE,
    )
    if cue is None:
        return False
    if text[i] == ":":
        return True
    # "Đồng thời, giao Công an tỉnh ...": a connective alone is no clause of its own
    start = max(text.rfind(";", 0, i), text.rfind(".", 0, i), text.rfind(":", 0, i)) + 1
    if len(re.findall(r"\w+", text[start:i])) < 4:
        return False
    span = parse_units_at(text[:end], i + 1 + cue.end())
    return span is not None and span.start - (i + 1 + cue.end()) <= 1


_AMONG_THEM = re.compile(r" trong đó\s+", re.IGNORECASE)


def _among_them(text: str, i: int, end: int) -> bool:
    """ "... các sở, ngành trong đó Sở Y tế chủ trì ...": a unit after "trong đó" has its task."""
    m = _AMONG_THEM.match(text, i)
    if m is None:
        return False
    span = parse_units_at(text[:end], m.end())
    return span is not None and span.start == m.end()


def _semicolon_clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a sentence at semicolons (outside parentheses)."""
    out: list[tuple[int, int]] = []
    depth = 0
    a = start
    for i in range(start, end):
        c = text[i]
        if c == "(":
            depth += 1
        elif c == ")":
            depth = max(0, depth - 1)
        elif (
            (c == ";" and depth == 0 and not _list_goes_on(text, a, i, end))
            or (c in ":," and depth == 0 and _colon_opens_task(text, i, end))
            or (c == " " and depth == 0 and _among_them(text, i, end))
        ):
            out.append((a, i + 1))
            a = i + 1
    out.append((a, end))
    return [(x, y) for x, y in out if text[x:y].strip(" ;")]


# --- assignment finding in one clause ---------------------------------------------------


@dataclass
class _Found:
    lead: tuple[str, ...]
    cooperate: tuple[str, ...]
    task_start: int  # offset of the task text within the clause
    directed: bool = False  # found after an opening "chỉ đạo": who is directed, not who leads


_MARKUP = re.compile(r"\*\*|__")


def _strip_markup(text: str) -> str:
    return _MARKUP.sub("", text)


def _cooperators(text: str) -> tuple[str, ...]:
    out: list[str] = []
    for m in _COOPERATE_CUE.finditer(text):
        span = parse_units_at(text, m.end())
        if span and span.start - m.end() <= 1:
            out.extend(n for n in span.names if n not in out)
    return tuple(out)


# A unit's document to send: "Lịch trực Tết của các cơ quan ... gửi về Văn phòng ... trước ngày
# 13/02", "Báo cáo tình hình ... của UBND các xã ... gửi về UBND huyện": whose it is sends it.
_SENT_DOCUMENT = re.compile(
    r"\s*(?:báo cáo|lịch|danh sách|kế hoạch|hồ sơ|văn bản|ý kiến|số liệu|đề xuất|tờ trình)\b",
    re.IGNORECASE,
)


def _document_to_send(body: str) -> _Found | None:
    """The units whose document the clause has sent ("X của <units> gửi về ...")."""
    if not _SENT_DOCUMENT.match(body):
        return None
    for m in re.finditer(r"\bcủa\s+", body[:200]):
        span = parse_units_at(body, m.end())
        if span and span.start == m.end() and re.match(r"[^.;]*\bgửi\b", body[span.end :]):
            return _Found(span.names, (), span.end)
    return None


def _find_in_clause(clause: str) -> _Found | None:
    """Who the clause assigns a task to, if it assigns one."""
    if is_formula(clause):
        return None
    body = clause
    topic = _TOPIC_UNIT.match(body)
    if topic:
        # "Đối với Sở Văn hóa, Thể thao và Du lịch[,:] ...": the unit the sentence is about
        span = parse_units_at(body, topic.end())
        if span and span.start - topic.end() <= 1 and _has_predicate(body[span.end :]):
            return _Found(span.names, _cooperators(body[span.end :]), span.end)
    event = _event_of_a_body(body)
    if event:
        return event
    prefix = _CONNECTIVE.match(body)
    offset = prefix.end() if prefix else 0
    # "Sau khi nghe Ban Thường trực ..., Trưởng các đoàn thể báo cáo ...": who reports to a
    # meeting is given nothing there
    subject = None if _HEARD.match(body) else _subject_at(body, offset)
    if subject:
        return subject
    subject = (
        _directed_by_named_person(body, offset)
        or _directed_by_a_person(body, offset)
        or _document_to_send(body)
    )
    if subject:
        return subject
    # an opening phrase, then the subject: "Căn cứ ..., sau khi ..., Thường trực HĐND dự kiến",
    # or with no comma: "trong 6 tháng cuối năm 2014 Mặt trận và các đoàn thể cần tập trung ..."
    if _OPENER.match(body) and not _HEARD.match(body):
        for m in re.finditer(r",\s+", body):
            found = _subject_at(body, m.end(), strong=True) or _directed_by_named_person(
                body, m.end()
            )
            if found:
                return found
        spans = _unit_spans(body[:200], 0)
        # where the opening phrase ends: its first comma that parts no units of one list
        # ("Từ ngày 30/6 - 15/8 các thôn, tổ dân phố tiến hành ...")
        opening_end = next(
            (
                m.start()
                for m in re.finditer(", ", body)
                if not any(a < m.start() < b for a, b in spans)
            ),
            -1,
        )
        for start, _end in spans:
            words_before = re.findall(r"\w+", body[:start])
            if (
                opening_end > 0
                and start < opening_end
                # "Qua ý kiến thảo luận đồng chí Chủ tịch UBND xã đã thống nhất, chỉ đạo ...":
                # an honorific opens the subject, even before the first comma; so does the
                # end of a cycle ("định kỳ hàng tháng các đơn vị, địa phương báo cáo ...")
                and not body[start:].lower().startswith(("đồng chí", "đ/c"))
                and not _CYCLE_OPENING.fullmatch(body[:start].strip())
            ):
                continue  # inside the opening phrase: "Để tổ chức bầu cử cán bộ tổ dân phố, ..."
            if (
                not words_before
                or len(words_before) > 12
                or words_before[-1].lower() in _NOT_SUBJECT_AFTER
            ):
                continue  # "... do UBND tỉnh ban hành": the unit after a preposition acts not
            found = _subject_at(body, start, strong=True)
            if found:
                return found
    # reported speech: "đồng chí Bí thư nhấn mạnh trong 6 tháng cuối năm Mặt trận và các đoàn
    # thể cần tập trung ...": who must act is the subject of what was said
    for m in _SPEECH.finditer(body):
        at = m.end()
        time = _TIME_OPENING.match(body, at)
        for start in (at, time.end()) if time else (at,):
            found = _subject_at(body, start, strong=True)
            if found:
                return found
    # an addressing cue followed by units anywhere in the clause
    for m in _ADDRESS_CUE.finditer(body):
        before = body[: m.start(1)]
        if re.search(r"\b(?:theo|của|tại|về việc|như)\s*$", before, re.IGNORECASE):
            continue
        if m.group(1).lower() in _OPENING_ONLY_CUES and (
            # "..., kính đề nghị các cơ quan cho ý kiến": a clause of its own after a comma
            (_CONNECTIVE.sub("", before).strip(" ,;:-–.") and not before.rstrip().endswith(","))
            or (m.group(1)[0].islower() and not before)
        ):
            continue  # "Kính mong các đồng chí ...": only an opening address assigns
        # after a cue that addresses bodies, a bare one is a body ("yêu cầu cấp ủy, chính
        # quyền xã ..."); not after "giao" alone, which also opens "giao ban" (a meeting)
        inner = _addressee_at(body, m.end(), addressed=m.group(1).lower() != "giao")
        if inner and inner.start - m.end() <= 1:
            inner = _with_requested(body, inner)
            return _Found(inner.names, _cooperators(body[inner.end :]), inner.end)
    # "Chỉ đạo Trường Mẫu giáo X kiểm tra ...", "Đồng thời, chỉ đạo lực lượng Công an ...": the
    # unit directed is given the task (a unit heading above it still leads: see _paragraph)
    opening = _DIRECTING_OPENING.match(body)
    if opening:
        inner = parse_units_at(body, opening.end())
        if inner and inner.start - opening.end() <= 1 and _has_predicate(body[inner.end :]):
            return _Found(inner.names, _cooperators(body[inner.end :]), inner.end, directed=True)
    return None


def _directed_by_named_person(body: str, at: int) -> _Found | None:
    """ "Đồng chí Nguyễn Văn An, Phó Chủ tịch UBND tỉnh chỉ đạo Sở Y tế ...": who speaks is
    named, then titled; the title is the subject that directs. What a person named by name
    does ("Đồng chí An, Phó Chủ tịch HĐND huyện kiểm tra công tác chuẩn bị ...") is a report
    of a visit, not a task of the office."""
    person = _PERSON_NAMED.match(body, at)
    if not person:
        return None
    # "đồng chí An, Bí thư Đảng ủy, Trưởng Ban chỉ đạo xây dựng nông thôn mới của xã yêu cầu
    # các thôn ...": titles long enough to look like a task of their own, then whom they ask
    for cue in _ADDRESS_CUE.finditer(body[: _clause_end(body, person.end())], person.end()):
        inner = parse_units_at(body, cue.end(), addressed=cue.group(1).lower() != "giao")
        if inner and inner.start - cue.end() <= 1:
            return _Found(inner.names, _cooperators(body[inner.end :]), inner.end)
    subject = _subject_at(body, person.end())
    titled = parse_units_at(body, person.end())
    if subject and not (titled and subject.lead == titled.names):
        return subject
    return None


# "Ông Hải chỉ đạo các sở ...", "ông chỉ đạo: Văn phòng UBND tỉnh ...": a person told of by
# name (or by "ông"/"bà" alone, named earlier in the item) who directs, asks or assigns.
_PERSON_SPEAKS = re.compile(
    r"\s*(?:[Đđ]ồng chí|[Đđ]/[Cc]|[Ôô]ng|[Bb]à)(?P<name>(?:\s+\w+){0,4}?)\s+"
    r"(?:(?:cũng|đã|còn|tiếp tục|đồng thời)\s+)*"
    r"(?P<cue>chỉ đạo|yêu cầu|đề nghị|giao)\s*(?P<colon>:)?\s*"
)


def _directed_by_a_person(body: str, offset: int) -> _Found | None:
    """A person named by name who directs, at `offset` or after a comma of an opening phrase
    ("Sau khi nghe ..., ông Hải chỉ đạo: ...")."""
    for at in (offset, *(m.end() for m in re.finditer(r",\s+", body) if m.end() > offset)):
        found = _directed_by_person(body, at)
        if found:
            return found
    return None


def _directed_by_person(body: str, at: int) -> _Found | None:
    """The units a person named by name (no title) directs at `at`: those after the cue, or
    the subject of the sentence after "chỉ đạo:"."""
    m = _PERSON_SPEAKS.match(body, at)
    if not m or not all(word[0].isupper() for word in m["name"].split()):
        return None
    if m["colon"]:
        return _subject_at(body, m.end())
    # not after "giao" alone, which also opens "giao ban" (a meeting)
    inner = _addressee_at(body, m.end(), addressed=m["cue"] != "giao")
    if not inner or inner.start - m.end() > 1 or not _has_predicate(body[inner.end :]):
        return None
    return _Found(inner.names, _cooperators(body[inner.end :]), inner.end)


def _clause_end(body: str, at: int) -> int:
    """Where the sentence that goes on at `at` ends (a full stop or a semicolon)."""
    end = re.search(r"[.;](?:\s|$)", body[at:])
    return at + end.start() if end else len(body)


# "Đại hội Đảng bộ xã X dự kiến tổ chức trước ngày 25/3", "Hội nghị Ban công tác mặt trận ... sẽ
# được tổ chức vào ngày ...": a body's own congress or conference, scheduled, is its task.
_BODY_EVENT = re.compile(r"\s*(?:đại hội|hội nghị)\s+(?:(?:đại biểu|điểm)\s+)?", re.IGNORECASE)
_SCHEDULED = re.compile(
    r"^[^.;:]{0,60}?\b(?:(?:dự kiến|sẽ)\s+)?(?:được\s+)?(?:tổ chức|diễn ra)\s+"
    r"(?:vào|trước|trong|từ|chậm nhất)\b"
    # or said short, the date right after the body: "Đại hội Đảng bộ X trước ngày 5.4"
    r"|^\s*(?:dự kiến\s+)?(?:trước|vào)\s+(?:ngày\s+)?\d",
    re.IGNORECASE,
)


def _event_of_a_body(body: str) -> _Found | None:
    """A clause that schedules a body's congress or conference: the body leads it, and the
    whole clause is the task."""
    opener = _CONNECTIVE.match(body)
    m = _BODY_EVENT.match(body, opener.end() if opener else 0)
    if not m:
        return None
    span = parse_units_at(body, m.end())
    if not span or span.start - m.end() > 1 or not _SCHEDULED.match(body[span.end :]):
        return None
    if any(len(name.split()) < 3 for name in span.names):
        return None  # "Đại hội Đảng bộ cấp cơ sở": a kind of body, not one body
    return _Found(span.names, (), 0)


_CYCLE_OPENING = re.compile(
    r"(?:định kỳ\s+)?(?:hằng|hàng|mỗi)\s+(?:ngày|tuần|tháng|quý|năm)|định kỳ", re.IGNORECASE
)
_PERSON_NAMED = re.compile(
    # the title after the name, set off by a comma or a dash ("ông An – Phó Chủ tịch ...")
    r"\s*(?:[Đđ]ồng chí|[Đđ]/[Cc]|[Ôô]ng|[Bb]à)\s+(?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*\s*){1,4}(?:,|\s*[-–—])\s*"
)
_SPEECH = re.compile(
    r"\b(?:nhấn mạnh|lưu ý|khẳng định|quán triệt)\s*(?:rằng\s*)?[,:]?\s*", re.IGNORECASE
)
# A time the speech puts first: "trong 6 tháng cuối năm 2014", "thời gian tới,".
_TIME_OPENING = re.compile(  # case matters: the unit after it opens with a capital
    r"(?:[Tt]rong|[Tt]ừ nay đến|[Đđ]ến|[Tt]hời gian tới|[Nn]ăm|[Qq]uý|[Tt]háng)\b"
    r"[^,.;A-ZĐ]{0,40}?,?\s+(?=[A-ZĐ])"
)


_DIRECTING_OPENING = re.compile(
    r"^\s*(?:(?:đồng thời|tiếp tục|ngoài ra|đặc biệt|bên cạnh đó)\s*,?\s*)*"
    # "huyện cũng chỉ đạo ...", "Huyện Quỳnh Nhai (tỉnh Sơn La) đang tập trung chỉ đạo ...": the
    # locality's authority, written as the place, directs
    r"(?:(?:huyện|tỉnh|thành phố|thị xã|xã|phường)(?-i:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*){0,3}"
    r"(?:\s*\([^)]*\))?\s+(?:(?:cũng|đã|đang|vừa|tiếp tục|tập trung)\s+)*)?"
    r"chỉ đạo\s*,?\s+",
    re.IGNORECASE,
)


# "yêu cầu Giám đốc các sở, Chủ tịch UBND các huyện và đề nghị các cơ quan Trung ương ... thực
# hiện ...": those asked and those requested (bodies the issuer does not command) act together.
_AND_REQUESTED = re.compile(r"\s*,?\s*(?:và|đồng thời)\s+(?:đề nghị|yêu cầu)\s+", re.IGNORECASE)


def _with_requested(body: str, span: UnitSpan) -> UnitSpan:
    """`span`, with the units a joined request names right after it."""
    joined = _AND_REQUESTED.match(body, span.end)
    if not joined:
        return span
    more = parse_units_at(body, joined.end())
    if not more or more.start - joined.end() > 1:
        return span
    return UnitSpan(span.names + more.names, span.start, more.end)


def _subject_at(body: str, offset: int, *, strong: bool = False) -> _Found | None:
    """The assignment whose subject unit starts at `offset`.

    None when no unit starts there, or when the clause reports rather than assigns, or when
    the unit speaks ("UBND tỉnh đề nghị ..." with no addressee after it).
    """
    span = parse_units_at(body, offset)
    if not span or span.start - offset > 1:
        return _locality_at(body, offset)
    if span.names[-1].split()[-1].lower() == "người":
        return None  # "cán bộ, công chức và người hoạt động không chuyên trách ...": cut short
    span = _with_requested(body, _named_after_colon(body, _named_up_to_lead_role(body, span)))
    rest = body[span.end :]
    if rest.lstrip().startswith(":"):
        return _Found(span.names, _cooperators(rest), span.end + rest.index(":") + 1)
    directed = _DIRECTS.match(rest)
    if directed and (directed.group("cue") != "chỉ đạo" or _leads_others(span.names)):
        # "Chủ tịch UBND thành phố đã chỉ đạo các cơ quan ...", "UBND huyện vừa có văn bản
        # phân công ...": reported or not, what the leadership asks of a unit is its task
        inner = _addressee_at(rest, directed.end(), addressed=False)
        if inner and inner.start - directed.end() <= 1:
            inner = _with_requested(rest, inner)
            task_from = span.end + inner.end
            return _Found(inner.names, _cooperators(body[task_from:]), task_from)
        if directed.group("cue") != "chỉ đạo":
            return None  # "Chủ tịch UBND xã cũng đề nghị bà con Nhân dân ...": it speaks
    future = _COMMA_THEN_FUTURE.match(rest)
    if future:
        rest = rest[future.end() :]  # "Ban Thường trực ..., sẽ tổ chức": a comma, then its task
    if NOT_TASK_AFTER_SUBJECT.match(rest):
        return None
    if REPORTS_AT_MEETING.match(rest) and not REPORT_ASKED.search(rest):
        return None
    # "X đề nghị/giao Y ...": the addressee is the assignee
    ws = len(rest) - len(rest.lstrip())
    cue = _ADDRESS_CUE.match(" " + rest[ws:])
    if cue and cue.group(1).lower() not in _OPENING_ONLY_CUES:
        at = ws + cue.end() - 1
        inner = _addressee_at(rest, at, addressed=False)
        if inner and inner.start - at <= 1:
            inner = _with_requested(rest, inner)
            task_from = span.end + inner.end
            return _Found(inner.names, _cooperators(body[task_from:]), task_from)
        return None
    if strong and not _STRONG_PREDICATE.match(rest):
        return None
    if _has_predicate(rest):
        return _Found(span.names, _cooperators(rest), span.end)
    return None


_COMMA_THEN_FUTURE = re.compile(r"\s*,\s*(?=(?:cũng\s+)?sẽ\b)", re.IGNORECASE)


# A commune or district written as the actor ("Thị trấn Đông Hưng tiếp tục ..."): its
# authority, named by a capitalised level word and its capitalised place name.
_LOCALITY = re.compile(r"\s?(?:Xã|Phường|Thị [Tt]rấn|Huyện|Thị xã|Quận)\s+")


def _locality_at(body: str, offset: int) -> _Found | None:
    """A locality as the subject, when a predicate that surely assigns follows it."""
    m = _LOCALITY.match(body, offset)
    if not m:
        return None
    end = place_name_end(body, m.end(), 3)
    rest = body[end:]
    if end == m.end() or NOT_TASK_AFTER_SUBJECT.match(rest) or not _STRONG_PREDICATE.match(rest):
        return None
    return _Found((body[m.start() : end].strip(),), _cooperators(rest), end)


_DIRECTS = re.compile(
    r"\s*(?:đã|vừa|mới|cũng|tiếp tục|đã có|vừa có|có)?\s*"
    # "đã có Công văn số 3015/UBND-TN ngày 23/8/2018 yêu cầu ...": the letter, then its cue
    r"(?:(?:văn bản|công văn|ý kiến)(?:\s+số\s+[\w/.-]+)?(?:\s+ngày\s+[\d/.-]+)?)?\s*"
    # "đã thống nhất, chỉ đạo ...", "đã kết luận và giao ...": agreed, then directed
    r"(?:(?:thống nhất|kết luận)\s*(?:,|và)\s*)?"
    r"(?P<cue>chỉ đạo|giao nhiệm vụ cho|giao cho|giao|yêu cầu|đề nghị|phân công cho|phân công|"
    r"kính mong|kính đề nghị|kêu gọi)"
    r"(?:\s*:)?\s+",  # "UBND tỉnh yêu cầu: Sở Y tế ...": the colon announces who is asked
    re.IGNORECASE,
)
_LEADERSHIP = re.compile(
    r"^(?:(?:phó )?(?:chủ tịch|bí thư)|trưởng ban|ban thường vụ|"
    r"thường trực (?:huyện|tỉnh|thành|đảng)|"
    r"huyện ủy|tỉnh ủy|thành ủy|thị ủy|quận ủy|đảng ủy|(?:ủy ban nhân dân|ubnd) "
    r"(?:tỉnh|huyện|thị xã|thành phố|quận|xã|phường|thị trấn)\b(?!.*\bcác\b))",
    re.IGNORECASE,
)


def _leads_others(names: tuple[str, ...]) -> bool:
    """The subject is the leadership that directs ("Chủ tịch UBND huyện", "Huyện ủy"), so the
    units after its "chỉ đạo" are the ones given the task. A body named with its place
    ("UBND huyện Lạc Sơn chỉ đạo các xã ...") is one of those a document directs: its task
    is to direct them."""
    if len(names) != 1 or _LEADERSHIP.match(names[0]) is None:
        return False
    return _TITLE_FIRST.match(names[0]) is not None or _PLACE_NAMED.search(names[0]) is None


_TITLE_FIRST = re.compile(
    r"^(?:(?:phó )?(?:chủ tịch|bí thư)|trưởng ban|ban thường vụ|thường trực)\b", re.IGNORECASE
)
_PLACE_NAMED = re.compile(r"\b(?:xã|phường|thị trấn|huyện|thị xã|thành phố|quận|tỉnh)\s+[A-ZĐÀ-Ỹ]")


_ROLE_LEAD_IN = re.compile(
    r"[\s,:]*(?:là cơ quan chủ trì|là đơn vị chủ trì|chủ trì|làm đầu mối)[\s,]*"
    r"(?:(?:và\s+)?(?P<with>phối hợp (?:chặt chẽ )?(?:(?:với|cùng)\s+)?))?",
    re.IGNORECASE,
)


def _task_start(clause: str, pos: int) -> int:
    """Where the task begins after the lead: past "chủ trì, phối hợp với <units>"."""
    m = _ROLE_LEAD_IN.match(clause, pos) or _WORKS_WITH.match(clause, pos)
    if not m:
        return pos
    if m.group("with"):
        span = parse_units_at(clause, m.end())
        if span and span.start - m.end() <= 1:
            return span.end
    return m.end()


# "X phối hợp (với) Y <task>": X leads (it is the one asked to act), Y works with it.
_WORKS_WITH = re.compile(r"[\s,:]*(?P<with>phối hợp (?:chặt chẽ )?(?:(?:với|cùng)\s+)?)", re.I)


# --- the extractor's running state ----------------------------------------------------


@dataclass
class _Context:
    issued: date | None
    calendar: WorkCalendar | None
    out: list[ExtractedAssignment] = field(default_factory=list)
    preamble: tuple[str, ...] = ()
    preamble_depth: int = 0
    heading_unit: tuple[str, ...] = ()
    heading_depth: int = 0
    task_list: bool = False  # the items below were announced as tasks ("phân công ...:")
    last_lead: tuple[str, ...] = ()
    grounds: bool = False  # a decision's ground was cut at a line's end: the next goes on with it
    paragraphs_since_lead: int = 0  # paragraphs read since the last one that named a lead
    tables: dict[int, tuple[Table, int]] = field(default_factory=dict)
    frame: Deadline | None = None  # the period the tasks below were announced for
    frame_depth: int = 0  # the announcing heading's depth (0: a plain paragraph)
    frame_in_paragraph: bool = False  # set inside a paragraph, for its own tasks only


_TASK_LEAD_IN = re.compile(
    r"^[\s,:;]*(?:(?:chủ trì|là cơ quan thường trực|đề nghị|yêu cầu|giao|phải|có trách nhiệm|"
    r"cũng|sẽ|được|đồng thời|ngoài ra|bên cạnh đó)\b,?\s*)*",
    re.IGNORECASE,
)


def _task_text(task: str) -> str:
    task = task[_task_start(task, 0) :]
    task = _TASK_LEAD_IN.sub("", task).strip(" ;.,")
    return task[:1].upper() + task[1:] if task else task


# The verbs a sentence with no subject opens with when it goes on with the task before it (not
# "Thực hiện Công văn số ...", which opens a citation, nor "Trong quá trình ...", "Đối với ...").
_CONTINUING_VERB = re.compile(
    r"\s*(?:thực hiện(?!\s+(?:công văn|kế hoạch|quyết định|chỉ thị|nghị quyết|thông báo|"
    r"văn bản|ý kiến|chương trình|hướng dẫn|chỉ đạo)\b)|"
    r"phối hợp|tăng cường|đẩy mạnh|tập trung|xây dựng|tổ chức|triển khai|"
    r"rà soát|kiểm tra|tuyên truyền|vận động|chỉ đạo|hướng dẫn|theo dõi|báo cáo|nâng cao|"
    r"lồng ghép|chuẩn bị|hoàn thành|hoàn thiện|đôn đốc|bám sát|quan tâm|nắm bắt|khẩn trương|"
    r"tiếp tục|chủ động|duy trì|phát huy|đề xuất|tham mưu|giải quyết|xử lý|bảo đảm|đảm bảo|"
    r"quyết tâm|phấn đấu|huy động|củng cố|kiện toàn|lập|tổng hợp|gửi|trình|bố trí|phân công|"
    r"tiến hành|nhắc nhở)\b",
    re.IGNORECASE,
)


# A paragraph that opens with one of these asks someone else ("Chỉ đạo chủ đầu tư ...") or
# names the report of the task before ("Báo cáo gửi về UBND tỉnh ..."): no task of its own for
# the unit before.
_NOT_GOING_ON = re.compile(
    r"\s*(?:chỉ đạo|giao|yêu cầu|đề nghị|báo cáo\s+(?:gửi|kết quả gửi|của))\b", re.IGNORECASE
)


def _goes_on_with_the_task_before(text: str) -> bool:
    """Whether a paragraph with no subject opens with a task verb for the unit before it."""
    return bool(
        _CONTINUING_VERB.match(text) and not _NOT_GOING_ON.match(text) and _has_predicate(text)
    )


def _leads_alone(clause: str) -> tuple[str, ...]:
    """The units of a clause that only says they lead ("Phòng X chủ trì"), else ()."""
    span = parse_units_at(clause, len(clause) - len(clause.lstrip()))
    if span is None:
        return ()
    return span.names if _LEAD_ONLY.fullmatch(clause[span.end :]) else ()


_LEAD_ONLY = re.compile(r"\s*(?:là cơ quan\s+)?chủ trì(?:\s+thực hiện)?[\s,;.]*", re.IGNORECASE)
_COOPERATE_ROLE = re.compile(
    r"[\s,:]*(?:cùng\s+)?phối hợp(?:\s+thực hiện)?\b[\s,:]*", re.IGNORECASE
)


def _headline(text: str) -> bool:
    """A line written in capitals, several words long: a title or headline."""
    letters = [c for c in text if c.isalpha()]
    return len(text.split()) >= 5 and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


def _first_clause(text: str) -> str:
    """The paragraph's words up to its first semicolon or full stop."""
    s_start, s_end = _sentences(text)[0]
    c_start, c_end = next(iter(_clauses(text, s_start, s_end)))
    return text[c_start:c_end]


# --- dates of clauses ----------------------------------------------------------------


def _other_dated_item(
    text: str, start: int, clause: str, pending: ExtractedAssignment, ctx: _Context
) -> bool:
    """Whether a clause after a semicolon states a date of its own while the assignment it
    would continue already has one: it is another item of a list, not more of this one."""
    if not text[:start].rstrip().endswith(";"):
        return False
    own = find_deadline(pending.quote, ctx.issued, ctx.calendar)
    other = find_deadline(clause, ctx.issued, ctx.calendar)
    return own is not None and own.due is not None and other is not None and other.due is not None


# A cued date, then ", " or " và " and more words: where a task that has its date ends.
_DATED_END = re.compile(
    r"\b(?:trước|chậm nhất|xong trước)\s+(?:ngày\s+)?\d{1,2}\s*[/.-]\s*\d{1,2}"
    r"(?:\s*[/.-]\s*\d{2,4})?(?P<joint>\s*,\s*|\s+và\s+)(?=\w)",
    re.IGNORECASE,
)


def _dated_joint(quote: str, ctx: _Context) -> tuple[int, int] | None:
    """Where a quote that holds two tasks with dates of their own is cut: the ", " or " và "
    after the first date, when what follows states a date of its own too."""
    for m in _DATED_END.finditer(quote):
        rest = quote[m.end("joint") :]
        later = find_deadline(rest, ctx.issued, ctx.calendar)
        if later is not None and later.due is not None and len(re.findall(r"\w+", rest)) >= 6:
            return m.start("joint"), m.end("joint")
    return None
