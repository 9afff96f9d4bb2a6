"""Turn the text of a notice, directive, plan or letter into the assignments it makes.

The extractor walks the body in reading order, item by item ("1.", "1.1.", "a)", "-"),
and finds who is given each task:
- an addressing cue: "Giao X ...", "Đề nghị X ...", "Yêu cầu X ...";
- a unit as the subject of the sentence: "X phải / có trách nhiệm / chủ trì / khẩn trương ...",
  "X: task";
- a preamble that addresses the items below it ("đề nghị X ... thực hiện một số nội dung sau:");
- a heading naming the unit with bullets under it;
- labelled fields ("Đơn vị chủ trì:", "Thời gian hoàn thành:");
- assignment tables (STT | Nội dung | Chủ trì | Phối hợp | Thời gian), whether each cell is
  a docx cell or a line of portal text.
Accountability warnings, transmission formulas and past-tense reporting are not assignments.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date

from knowledge.abbreviations import expand_unit_abbreviations
from knowledge.calendar import WorkCalendar
from knowledge.deadlines import find_deadline, parse_deadline
from knowledge.domain import Deadline, DocumentHeader, DocumentText, ExtractedAssignment, Table
from knowledge.header import find_body_end, find_body_start
from knowledge.text import fold, match_key
from knowledge.unitphrase import parse_units_at, unit_spans, units_in

# --- item structure ---------------------------------------------------------------------

_ROMAN = re.compile(r"^([IVXL]{1,5})[.)/]\s*(?=\S)")
_NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})(?:[.)]\s*|\s+)(?=\S)")
_PAREN_NUM = re.compile(r"^\((\d{1,2}|[a-zđ])\)\s*")
_LETTER = re.compile(r"^([a-zđ])[).]\s+")
_BULLET = re.compile(r"^[-+•*–—]\s*(?=\S)|^\s*[o▪►✓]\s+")
_MARKUP = re.compile(r"\*\*|__")


@dataclass
class Paragraph:
    """A body line with its item label and depth in the outline."""

    text: str  # without the label
    raw: str  # as written, label included
    label: str | None
    depth: int  # 1 Roman, 2 "1.", 3 "1.1.", 4 "a)"/"(1)", 5 bullet, 0 plain
    section: str = ""  # the Roman/numbered heading path, e.g. "II.2"


def _split_label(line: str) -> tuple[str | None, int, str]:
    m = _ROMAN.match(line)
    if m and (len(line) < 200):
        return m.group(1), 1, line[m.end() :]
    m = _NUMBERED.match(line)
    if m and not re.match(r"^\d{1,2}/\d", line):
        label = m.group(1)
        return label, 2 + label.count("."), line[m.end() :]
    m = _PAREN_NUM.match(line)
    if m:
        return f"({m.group(1)})", 5, line[m.end() :]
    m = _LETTER.match(line)
    if m:
        return m.group(1), 5, line[m.end() :]
    m = _BULLET.match(line)
    if m:
        return "-", 6, line[m.end() :]
    return None, 0, line


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
# What follows a subject when the sentence reports rather than assigns.
_NOT_TASK_AFTER_SUBJECT = re.compile(
    r"^\s*(?:đã|chưa|đang|vẫn|vừa|mới|được\b(?! giao)|không|cũng đã|còn|bị|thừa lệnh|thông báo|"
    r"ban hành (?:văn bản|công văn|thông báo|kế hoạch|quyết định)|có (?:văn bản|công văn|ý kiến)|"
    r"tổ chức (?:phiên|kỳ họp|họp (?:thường kỳ|giao ban|định kỳ|triển khai|ban chỉ đạo|bcđ|"
    r"thành viên|mở rộng|trực tuyến|sơ kết|tổng kết|đánh giá))|họp|đồng ý|nhất trí|ghi nhận|"
    r"biểu dương|"
    r"kết luận|tổ chức (?:buổi|hội nghị|cuộc)|chủ trì (?:buổi|hội nghị|cuộc|phiên|kỳ họp|họp)|"
    r"truyền đạt|trân trọng|đón tiếp|tiếp đón|phát biểu|nhấn mạnh|cho biết|đánh gi[áa]|"
    r"kêu gọi|biểu dương|ghi nhận|làm việc với|họp|kiểm tra (?:công tác|tiến độ|thực tế)|"
    r"ban hành (?:chỉ thị|kế hoạch|thông báo|công văn|văn bản|quyết định)|"
    r"và\b|,|là (?!cơ quan|đơn vị))",
    re.IGNORECASE,
)
_ACCOUNTABILITY = re.compile(
    r"chịu trách nhiệm (?:trước|nếu|về việc để)|phải chịu trách nhiệm|xử lý trách nhiệm|"
    r"chịu hoàn toàn trách nhiệm|kiểm điểm trách nhiệm|"
    r"(?:chịu trách nhiệm|có trách nhiệm) (?:thi hành|tổ chức thực hiện) "
    r"(?:quyết định|chỉ thị) này|"
    r"căn cứ quyết định (?:thi hành|thực hiện)",
    re.IGNORECASE,
)
_TRANSMISSION = re.compile(
    r"thông báo (?:để|đến|cho|tới|ý kiến|kết luận|nội dung)|dưới sự chủ trì|"
    r"\b(?:nêu trên|trên đây)\b[^.;]{0,40}\bthực hiện|"
    r"thừa lệnh|thừa ủy quyền|sao gửi|"
    r"trên đây là|"
    r"để (?:các )?(?:cơ quan|đơn vị|địa phương)[^.]{0,40}\bbiết|để biết",
    re.IGNORECASE,
)
_PREAMBLE_END = re.compile(
    r"(?:như sau|sau đây|sau|dưới đây|cụ thể|như|gồm)\s*:\s*$|:\s*$", re.IGNORECASE
)
_CONNECTIVE = re.compile(
    r"^\s*(?:đồng thời|ngoài ra|bên cạnh đó|mặt khác|trong đó|theo đó|riêng|đặc biệt|"
    r"căn cứ[^,]{0,80}|"
    r"trên cơ sở[^,]{0,80}|sau khi[^,]{0,80}|trong thời gian tới|thời gian tới|"
    r"từ nay đến[^,]{0,40}|đối với[^,:]{0,80})\s*[,:]?\s*",
    re.IGNORECASE,
)
_OPENER = re.compile(
    r"^\s*(?:căn cứ|sau khi|trên cơ sở|để|nhằm|theo|thực hiện|đối với|trong|qua|từ|trước|"
    r"chậm nhất|đến|ngay sau|hằng năm|hàng năm|hằng tháng|hàng tháng|hằng quý|hàng quý|"
    r"định kỳ|mỗi tháng|mỗi năm|tùy|tuỳ|dự kiến|sắp tới|thời gian tới|"
    r"đồng thời|ngoài ra|theo đó)\b",
    re.IGNORECASE,
)
# A meeting's report: "Sau khi nghe Ban Thường trực ..., Trưởng các đoàn thể báo cáo ...": those
# who report are no assignees; only what the chair then asks of a unit is a task.
_NOT_SUBJECT_AFTER = frozenset(
    "do của cho với về tại từ đến và theo giữa bởi như để vào ra lên xuống trên dưới".split()
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
    r"^\s*(?:phải|có trách nhiệm|chủ trì|khẩn trương|tham mưu|tiếp tục|chủ động|cần|dự kiến|"
    r"quyết định|chuẩn bị|lập|ban hành|hoàn thành|hoàn thiện|báo cáo|tổng hợp|gửi|trình|"
    r"thẩm định|kiểm tra|"
    r"thực hiện|triển khai|tổ chức|xây dựng|rà soát|phối hợp|theo dõi|hướng dẫn|đảm bảo|"
    r"bảo đảm)\b",
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
    cue = re.match(r"\s*(?:giao|đề nghị|yêu cầu)\s+", rest, re.IGNORECASE)
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
        elif (c == ";" and depth == 0 and not _list_goes_on(text, a, i, end)) or (
            c in ":," and depth == 0 and _colon_opens_task(text, i, end)
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


def _strip_markup(text: str) -> str:
    return _MARKUP.sub("", text)


def _cooperators(text: str) -> tuple[str, ...]:
    out: list[str] = []
    for m in _COOPERATE_CUE.finditer(text):
        span = parse_units_at(text, m.end())
        if span and span.start - m.end() <= 1:
            out.extend(n for n in span.names if n not in out)
    return tuple(out)


def _find_in_clause(clause: str) -> _Found | None:
    """Who the clause assigns a task to, if it assigns one."""
    if _ACCOUNTABILITY.search(clause) or _TRANSMISSION.search(clause):
        return None
    body = clause
    topic = _TOPIC_UNIT.match(body)
    if topic:
        # "Đối với Sở Văn hóa, Thể thao và Du lịch[,:] ...": the unit the sentence is about
        span = parse_units_at(body, topic.end())
        if span and span.start - topic.end() <= 1 and _has_predicate(body[span.end :]):
            return _Found(span.names, _cooperators(body[span.end :]), span.end)
    prefix = _CONNECTIVE.match(body)
    offset = prefix.end() if prefix else 0
    subject = _subject_at(body, offset)
    if subject:
        return subject
    # an opening phrase, then the subject: "Căn cứ ..., sau khi ..., Thường trực HĐND dự kiến",
    # or with no comma: "trong 6 tháng cuối năm 2014 Mặt trận và các đoàn thể cần tập trung ..."
    if _OPENER.match(body) and not _HEARD.match(body):
        for m in re.finditer(r",\s+", body):
            found = _subject_at(body, m.end(), strong=True)
            if found:
                return found
        opening_end = body.find(", ")
        for start, _end in _unit_spans(body[:200], 0):
            words_before = re.findall(r"\w+", body[:start])
            if opening_end > 0 and start < opening_end:
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
    # an addressing cue followed by units anywhere in the clause
    for m in _ADDRESS_CUE.finditer(body):
        before = body[: m.start(1)]
        if re.search(r"\b(?:theo|của|tại|về việc|như)\s*$", before, re.IGNORECASE):
            continue
        if m.group(1).lower() in _OPENING_ONLY_CUES and (
            _CONNECTIVE.sub("", before).strip(" ,;:-–.")
            or (m.group(1)[0].islower() and not before)
        ):
            continue  # "Kính mong các đồng chí ...": only an opening address assigns
        inner = parse_units_at(body, m.end())
        if inner and inner.start - m.end() <= 1:
            return _Found(inner.names, _cooperators(body[inner.end :]), inner.end)
    return None


def _subject_at(body: str, offset: int, *, strong: bool = False) -> _Found | None:
    """The assignment whose subject unit starts at `offset`.

    None when no unit starts there, or when the clause reports rather than assigns, or when
    the unit speaks ("UBND tỉnh đề nghị ..." with no addressee after it).
    """
    span = parse_units_at(body, offset)
    if not span or span.start - offset > 1:
        return _locality_at(body, offset)
    rest = body[span.end :]
    if rest.lstrip().startswith(":"):
        return _Found(span.names, _cooperators(rest), span.end + rest.index(":") + 1)
    directed = _DIRECTS.match(rest)
    if directed and (directed.group("cue") != "chỉ đạo" or _leads_others(span.names)):
        # "Chủ tịch UBND thành phố đã chỉ đạo các cơ quan ...", "UBND huyện vừa có văn bản
        # phân công ...": reported or not, what the leadership asks of a unit is its task
        inner = parse_units_at(rest, directed.end())
        if inner and inner.start - directed.end() <= 1:
            task_from = span.end + inner.end
            return _Found(inner.names, _cooperators(body[task_from:]), task_from)
        if directed.group("cue") != "chỉ đạo":
            return None  # "Chủ tịch UBND xã cũng đề nghị bà con Nhân dân ...": it speaks
    if _NOT_TASK_AFTER_SUBJECT.match(rest):
        return None
    # "X đề nghị/giao Y ...": the addressee is the assignee
    ws = len(rest) - len(rest.lstrip())
    cue = _ADDRESS_CUE.match(" " + rest[ws:])
    if cue and cue.group(1).lower() not in _OPENING_ONLY_CUES:
        at = ws + cue.end() - 1
        inner = parse_units_at(rest, at)
        if inner and inner.start - at <= 1:
            task_from = span.end + inner.end
            return _Found(inner.names, _cooperators(body[task_from:]), task_from)
        return None
    if strong and not _STRONG_PREDICATE.match(rest):
        return None
    if _has_predicate(rest):
        return _Found(span.names, _cooperators(rest), span.end)
    return None


# A commune or district written as the actor ("Thị trấn Đông Hưng tiếp tục ..."): its
# authority, named by a capitalised level word and its capitalised place name.
_LOCALITY = re.compile(r"\s?(?:Xã|Phường|Thị [Tt]rấn|Huyện|Thị xã|Quận)\s+")


def _locality_at(body: str, offset: int) -> _Found | None:
    """A locality as the subject, when a predicate that surely assigns follows it."""
    m = _LOCALITY.match(body, offset)
    if not m:
        return None
    end = m.end()
    place = 0
    for word in re.finditer(r"\S+", body[m.end() :]):
        if place == 3 or not word.group(0)[0].isupper():
            break
        place += 1
        end = m.end() + word.end()
    rest = body[end:]
    if not place or _NOT_TASK_AFTER_SUBJECT.match(rest) or not _STRONG_PREDICATE.match(rest):
        return None
    return _Found((body[m.start() : end].strip(),), _cooperators(rest), end)


_DIRECTS = re.compile(
    r"\s*(?:đã|vừa|mới|cũng|tiếp tục|đã có|vừa có|có)?\s*(?:văn bản|công văn|ý kiến)?\s*"
    r"(?P<cue>chỉ đạo|giao nhiệm vụ cho|giao cho|giao|yêu cầu|đề nghị|phân công cho|phân công|"
    r"kính mong|kính đề nghị|kêu gọi)"
    r"\s+",
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
    units after its "chỉ đạo" are the ones given the task."""
    return len(names) == 1 and _LEADERSHIP.match(names[0]) is not None


_ROLE_LEAD_IN = re.compile(
    r"[\s,:]*(?:là cơ quan chủ trì|là đơn vị chủ trì|chủ trì|làm đầu mối)[\s,]*"
    r"(?:(?:và\s+)?(?P<with>phối hợp (?:chặt chẽ )?(?:với|cùng))\s+)?",
    re.IGNORECASE,
)


def _task_start(clause: str, pos: int) -> int:
    """Where the task begins after the lead: past "chủ trì, phối hợp với <units>"."""
    m = _ROLE_LEAD_IN.match(clause, pos)
    if not m:
        return pos
    if m.group("with"):
        span = parse_units_at(clause, m.end())
        if span and span.start - m.end() <= 1:
            return span.end
    return m.end()


def _has_predicate(rest: str) -> bool:
    """A subject is followed by a task when some words follow that are not just punctuation."""
    words = re.findall(r"\w+", rest)
    return len(words) >= 3


# --- tables -----------------------------------------------------------------------------

_TABLE_HEADER_WORDS = re.compile(
    r"^(?:stt|tt|số tt|nội dung|nhiệm vụ|công việc|cơ quan|đơn vị|chủ trì|phối hợp|"
    r"thời gian|thời hạn|ngày|tiến độ|sản phẩm|kết quả|ghi chú|số ngày|người|lãnh đạo|"
    r"dự kiến|hình thức|địa điểm|kinh phí|mốc)",
    re.IGNORECASE,
)


def _is_row_number(line: str) -> bool:
    return bool(re.fullmatch(r"\s*(?:\d{1,3}|[IVX]{1,4})\s*[.)]?\s*", line))


@dataclass
class _TableColumns:
    content: int | None = None
    lead: int | None = None
    cooperate: int | None = None
    deadline: int | None = None
    names: list[str] = field(default_factory=list)
    header_rows: int = 1


def _table_header_at(lines: list[str], i: int) -> int:
    """Number of header cells of a cell-per-line table starting at line i, or 0."""
    if not re.fullmatch(r"\s*(?:stt|tt|số tt)\s*\.?\s*", lines[i], re.IGNORECASE):
        return 0
    n = 1
    while i + n < len(lines) and n < 10:
        cell = lines[i + n]
        if len(cell) > 120 or _is_row_number(cell) or not _TABLE_HEADER_WORDS.match(cell):
            break
        n += 1
    return n if n >= 3 else 0


def _columns(header: list[str]) -> _TableColumns:
    cols = _TableColumns(names=header)
    for k, cell in enumerate(header):
        key = fold(cell)
        if "phoi hop" in key:
            cols.cooperate = k
        elif "chu tri" in key or (
            key.startswith(("co quan", "don vi", "nguoi")) and cols.lead is None
        ):
            cols.lead = k
        elif key.startswith(("thoi gian", "thoi han", "tien do", "ngay", "moc")) or (
            "hoan thanh" in key and "so ngay" not in key
        ):
            cols.deadline = k
        elif key.startswith(("noi dung", "nhiem vu", "cong viec")) and cols.content is None:
            cols.content = k
    return cols


# --- the extractor ----------------------------------------------------------------------


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
    paragraphs_since_lead: int = 0  # paragraphs read since the last one that named a lead
    tables: dict[int, tuple[Table, int]] = field(default_factory=dict)


def extract_assignments(
    text: DocumentText,
    header: DocumentHeader | None = None,
    *,
    issued: date | None = None,
    calendar: WorkCalendar | None = None,
) -> list[ExtractedAssignment]:
    """Every assignment the document makes, in reading order."""
    lines: list[str] = []
    tables: dict[int, tuple[Table, int]] = {}  # first line -> (task table, its line count)
    for block in text.blocks:
        block_lines = _clean_lines(DocumentText((block,), text.source_format).lines())
        if isinstance(block, Table) and _task_table_columns(block) is not None and block_lines:
            tables[len(lines)] = (block, len(block_lines))
        lines.extend(block_lines)
    start = find_body_start(lines)
    end = find_body_end(lines)
    if end <= start:
        start, end = 0, len(lines)
    ctx = _Context(issued=issued or (header.issued if header else None), calendar=calendar)
    ctx.tables = {k - start: v for k, v in tables.items() if start <= k < end}
    _walk(lines[start:end], ctx)
    return _resolve_bare_heads([_finish(a) for a in ctx.out], lines)


# A lead written as its head alone ("yêu cầu lãnh đạo, công chức phòng ...", "Ban ...") is the
# unit of that kind the document named last before it, if any.
# Only heads of bodies: "công chức", "cán bộ" alone mean the staff at large, not one of them.
_BARE_HEADS = frozenset(
    match_key(h)
    for h in (
        "phòng",
        "ban",
        "tổ",
        "tổ công tác",
        "đội",
        "trung tâm",
        "hội",
        "chi hội",
        "chi bộ",
        "đoàn",
        "trường",
        "trạm",
        "ban chỉ đạo",
        "ban quản lý",
        "hội đồng",
        "văn phòng",
    )
)


# A lead that points back at units listed before it: "các đơn vị trên", "hai xã nêu trên".
_PLURAL_ANAPHOR = re.compile(
    r"^(?:các|những|hai|ba|bốn|năm|\d+)\s+(?P<kind>đơn vị|cơ quan|địa phương|tổ chức|"
    r"cơ quan,\s*đơn vị|xã|phường|huyện|phòng|sở|đảng bộ|chi bộ|trường)"
    r"\s+(?:trên|nêu trên|này|đó|vừa nêu|kể trên|được chọn)$",
    re.IGNORECASE,
)
_ANY_KIND = frozenset({"đơn vị", "cơ quan", "địa phương", "tổ chức"})


def _resolve_bare_heads(
    found: list[ExtractedAssignment], lines: list[str]
) -> list[ExtractedAssignment]:
    if not any(
        match_key(n) in _BARE_HEADS or _PLURAL_ANAPHOR.match(n) for a in found for n in a.lead
    ):
        return found
    text = "\n".join(lines)
    named = _names_with_offsets(text)
    out = []
    for a in found:
        at = text.find(a.quote[:60]) if a.quote else -1
        lead = tuple(r for n in a.lead for r in _antecedents(n, named, at))
        out.append(replace(a, lead=tuple(dict.fromkeys(lead))) if lead != a.lead else a)
    return out


def _antecedents(name: str, named: list[tuple[int, str]], at: int) -> tuple[str, ...]:
    """What a lead names once resolved: the list a plural anaphor points back at (the last
    one written before it, of that kind), the unit a bare head stands for, or itself."""
    m = _PLURAL_ANAPHOR.match(name)
    if m is None or at < 0:
        return (_antecedent(name, named, at),)
    kind = match_key(m.group("kind"))
    lists: dict[int, list[str]] = {}
    for pos, n in named:
        if pos < at and not _PLURAL_ANAPHOR.match(n):
            lists.setdefault(pos, []).append(n)
    for _pos, names in sorted(lists.items(), reverse=True):
        if len(names) < 2:
            continue
        if kind in _ANY_KIND or all(match_key(n).startswith(kind + " ") for n in names):
            return tuple(names)
    return (name,)


def _names_with_offsets(text: str) -> list[tuple[int, str]]:
    """Every unit name in `text`, with where it starts; a name never runs past its line."""
    out: list[tuple[int, str]] = []
    at = 0
    for line in text.split("\n"):
        for start, _end in unit_spans(line):
            span = parse_units_at(line, start)
            if span:
                out.extend((at + span.start, n) for n in span.names)
        at += len(line) + 1
    return out


def _antecedent(name: str, named: list[tuple[int, str]], at: int) -> str:
    head = match_key(name)
    if head not in _BARE_HEADS or at < 0:
        return name
    before = [n for pos, n in named if pos < at and match_key(n).startswith(head + " ")]
    return before[-1] if before else name


def _clean_lines(lines: list[str]) -> list[str]:
    # Bold markers ("**05/3/2023**") stay: quotes are the document's exact text, and the
    # deadline and unit parsers read through them.
    out = [line.strip() for line in lines]
    return [line for line in out if line and not re.fullmatch(r"[\[(]?(?:\.\.\.|…)[\])]?", line)]


def _task_table_columns(table: Table) -> _TableColumns | None:
    """The columns of a table whose first rows head an assignment table, else None."""
    for k, row in enumerate(table.rows[:2]):
        cols = _columns([cell.strip() for cell in row])
        if cols.content is not None and (cols.lead is not None or cols.deadline is not None):
            cols.header_rows = k + 1
            return cols
    return _inferred_columns(table)


def _inferred_columns(table: Table) -> _TableColumns | None:
    """The columns of a table without a header row, told by what their cells hold: a column of
    unit names is the lead (the next one the cooperating units), a column of dates or periods
    the deadline, the column of longest text the task. None unless it has units and a task."""
    rows = [r for r in table.rows if any(c.strip() for c in r)]
    if len(rows) < 2:
        return None
    width = max(len(r) for r in rows)

    def share(k: int, test: Callable[[str], bool]) -> float:
        cells = [r[k].strip() for r in rows if k < len(r) and r[k].strip()]
        return sum(test(c) for c in cells) / len(rows) if cells else 0.0

    units = [k for k in range(width) if share(k, _is_unit_cell) >= 0.5]
    dates = [
        k
        for k in range(width)
        if k not in units
        and share(k, lambda c: len(c) < 80 and _looks_like_deadline_cell(c)) >= 0.5
    ]
    lengths = {
        k: sum(len(r[k]) for r in rows if k < len(r)) / len(rows)
        for k in range(width)
        if k not in units and k not in dates
    }
    if not units or not lengths:
        return None
    content = max(lengths, key=lambda k: lengths[k])
    if lengths[content] < 20:
        return None
    cols = _TableColumns(names=[""] * width, header_rows=0)
    cols.content = content
    cols.lead = units[0]
    cols.cooperate = units[1] if len(units) > 1 else None
    cols.deadline = dates[-1] if dates else None
    return cols


def _docx_table(table: Table, ctx: _Context) -> None:
    """An assignment table with real cells: columns say which cell is what."""
    cols = _task_table_columns(table)
    assert cols is not None
    for n, row in enumerate(table.rows[cols.header_rows :], 1):
        cells = [_strip_markup(c).strip() for c in row]

        def cell(k: int | None, cells: list[str] = cells) -> str:
            return cells[k] if k is not None and k < len(cells) else ""

        content = cell(cols.content)
        if not content or len(re.findall(r"\w+", content)) < 2:
            continue
        number = cells[0] if cells and re.fullmatch(r"[\dIVX.]+", cells[0]) else str(n)
        lead_cell, coop_cell, due_cell = cell(cols.lead), cell(cols.cooperate), cell(cols.deadline)
        lead = _cell_units(lead_cell)
        cooperate = _cell_units(coop_cell)
        if not lead:
            lead, found_coop = _first_assignee(content.split("\n"))
            cooperate = cooperate or found_coop
        deadline = parse_deadline(due_cell, ctx.issued, ctx.calendar) if due_cell else None
        if deadline is None:
            deadline = find_deadline(content, ctx.issued, ctx.calendar)
        quote = "\n".join(c for c in dict.fromkeys(cells) if c)
        ctx.out.append(
            ExtractedAssignment(
                lead,
                cooperate,
                _task_text(content.split("\n")[0]),
                deadline,
                quote,
                f"bảng, dòng {number.strip('.')}",
            )
        )


def _cell_units(cell: str) -> tuple[str, ...]:
    """Units in a table cell; each line of a cell names its own units."""
    out: list[str] = []
    for line in cell.split("\n"):
        for name in units_in(line) or _split_names(line):
            if name not in out:
                out.append(name)
    return tuple(out)


def _split_names(cell: str) -> tuple[str, ...]:
    parts = [p.strip(" .;-") for p in re.split(r"[;\n]|,(?=\s*[A-ZĐ])", cell)]
    return tuple(p for p in parts if p)


_BARE_LEVEL = re.compile(r"^(cấp)\s+(xã|huyện|tỉnh|phường)$", re.IGNORECASE)


def _level_body(name: str) -> str:
    """ "Cấp xã hoàn thành ...": a level given a task is its people's committee."""
    m = _BARE_LEVEL.match(name.strip())
    return f"Ủy ban nhân dân cấp {m.group(2)}" if m else name


def _finish(a: ExtractedAssignment) -> ExtractedAssignment:
    return replace(
        a,
        lead=tuple(
            dict.fromkeys(
                expand_unit_abbreviations(_level_body(n), keep_levels=True) for n in a.lead
            )
        ),
        cooperate=tuple(
            dict.fromkeys(
                expand_unit_abbreviations(n, keep_levels=True)
                for n in a.cooperate
                if n not in a.lead
            )
        ),
    )


def _walk(lines: list[str], ctx: _Context) -> None:
    i = 0
    skip_depth = 0  # inside a section that states aims or results, not tasks
    charged = False  # in such a section, a unit was put in charge of the items below
    section_path: dict[int, str] = {}
    while i < len(lines):
        if i in ctx.tables:
            table, count = ctx.tables[i]
            _docx_table(table, ctx)
            i += count
            continue
        n_header = _table_header_at(lines, i)
        if n_header:
            i = _text_table(lines, i, n_header, ctx)
            continue
        label, depth, rest = _split_label(lines[i])
        if label and depth <= 3:
            section_path = {d: v for d, v in section_path.items() if d < depth}
            section_path[depth] = label
        if skip_depth and label and depth <= skip_depth and depth < 5:
            skip_depth = 0
        if label and depth <= 2 and _SKIP_SECTIONS.match(rest) and len(rest) < 90:
            skip_depth = depth
            i += 1
            continue
        # the outline's context ends when a shallower item begins
        if ctx.preamble and label and depth <= ctx.preamble_depth and depth < 5:
            ctx.preamble = ()
        if skip_depth:
            # aims and results are no tasks; but a unit put in charge of a list of targets
            # ("- Văn phòng - Thống kê xã chủ trì tham mưu:") is given its items
            if _unit_preamble(rest):
                charged = True
            elif not (charged and ctx.preamble):
                i += 1
                continue
        else:
            charged = False
        if (
            ctx.heading_unit
            and label
            and depth < 5
            and (ctx.heading_depth == 0 or depth <= ctx.heading_depth)
        ):
            ctx.heading_unit = ()
        if ctx.task_list and not label:
            ctx.task_list = False  # the announced list ends at the first plain paragraph
        # a section whose sub-headings are the fields ("1. Nội dung", "2. Cơ quan chủ trì")
        section_end = _field_section_end(lines, i, depth if label else 0)
        if section_end:
            _field_section(lines[i:section_end], label, section_path, ctx)
            i = section_end
            continue
        # a block of an item followed by labelled fields
        block_end = _field_block_end(lines, i, depth if label else 0)
        if block_end:
            _field_block(lines[i:block_end], label, section_path, ctx)
            i = block_end
            continue
        place = _place(section_path, label, depth)
        _paragraph(rest, lines[i], label, depth, place, ctx)
        i += 1


def _place(section_path: dict[int, str], label: str | None, depth: int) -> str:
    parts = [section_path[d] for d in sorted(section_path)]
    if label and depth >= 4 and label != "-":
        parts.append(label)
    return ".".join(p.strip("()") for p in parts) if parts else ""


def _field_block_end(lines: list[str], i: int, depth: int) -> int:
    """If lines[i] opens an item whose lines below carry a lead field, the block's end."""
    if depth == 0 or depth >= 6:
        return 0
    j = i + 1
    has_lead = False
    while j < len(lines):
        label, d, rest = _split_label(lines[j])
        if label and d < 5:
            break
        if _table_header_at(lines, j):
            break
        m = _FIELD.match(rest)
        if m and _field_kind(m.group("name")) == "lead" and m.group("value").strip():
            has_lead = True
        j += 1
    return j if has_lead else 0


def _field_block(
    block: list[str], label: str | None, section_path: dict[int, str], ctx: _Context
) -> None:
    lead: tuple[str, ...] = ()
    cooperate: tuple[str, ...] = ()
    deadline_text = ""
    quote_lines: list[str] = []
    task = _split_label(block[0])[2]
    last_kept = 0
    for k, line in enumerate(block):
        rest = _split_label(line)[2]
        m = _FIELD.match(rest)
        kind = _field_kind(m.group("name")) if m else ""
        if m and kind == "product":
            continue
        quote_lines.append(line)
        if not m:
            continue
        value = m.group("value").strip()
        last_kept = len(quote_lines)
        if kind == "lead":
            lead = _field_units(value)
        elif kind == "cooperate":
            cooperate = _field_units(value)
        elif kind == "deadline":
            deadline_text = value
        elif kind == "content" and value:
            task = value
        del k
    quote = "\n".join(quote_lines[: last_kept or len(quote_lines)])
    deadline = parse_deadline(deadline_text, ctx.issued, ctx.calendar) if deadline_text else None
    if deadline is None:
        deadline = find_deadline(quote, ctx.issued, ctx.calendar)
    place = _place(section_path, label, 3)
    ctx.out.append(ExtractedAssignment(lead, cooperate, _task_text(task), deadline, quote, place))


# A sub-heading that is a field's name alone, its value below it or after a colon.
_FIELD_HEADING = re.compile(
    r"^\s*(?P<name>(?:cơ quan|đơn vị|bộ phận)\s+(?:chủ trì|phối hợp|thực hiện)"
    r"(?:\s*(?:,|và)\s*(?:phối hợp|chủ trì))?|chủ trì,? phối hợp|"
    r"nội dung(?:\s*,?\s*(?:và\s+)?(?:biện pháp|nhiệm vụ|giải pháp|công việc))*|"
    r"thời gian(?:\s+(?:thực hiện|hoàn thành))?|tiến độ(?:\s+thực hiện)?)"
    r"\s*(?::\s*(?P<value>.*?))?\s*\.?$",
    re.IGNORECASE,
)


def _field_section_end(lines: list[str], i: int, depth: int) -> int:
    """If lines[i] heads a section whose sub-headings are all fields, one of them naming who
    leads ("I. Công tác tuyên truyền" / "1. Nội dung" / "2. Cơ quan chủ trì" / "3. Thời gian
    thực hiện: ..."), the section's end."""
    if depth == 0 or depth >= 5 or _FIELD_HEADING.match(_split_label(lines[i])[2]):
        return 0
    j = i + 1
    children: list[tuple[int, str]] = []
    while j < len(lines):
        label, d, rest = _split_label(lines[j])
        if label and d <= depth:
            break
        if label and d < 6:
            children.append((d, rest))
        j += 1
    if not children:
        return 0
    top = min(d for d, _ in children)
    direct = [rest for d, rest in children if d == top]
    heads = [_FIELD_HEADING.match(rest) for rest in direct]
    if not all(heads) or not any(h and "chu tri" in fold(h.group("name")) for h in heads):
        return 0
    return j


def _field_section(
    block: list[str], label: str | None, section_path: dict[int, str], ctx: _Context
) -> None:
    """One assignment of a field section: its title the task, the content items its quote."""
    title = _split_label(block[0])[2].strip()
    fields: dict[str, list[str]] = {"content": [], "lead": [], "cooperate": [], "deadline": []}
    kind = ""
    for line in block[1:]:
        item_label, _d, rest = _split_label(line)
        heading = _FIELD_HEADING.match(rest) if item_label != "-" else None
        if heading:
            name = fold(heading.group("name"))
            kind = "lead" if "chu tri" in name and "phoi hop" in name else _field_kind(name)
            if kind == "product":
                kind = ""
            value = (heading.group("value") or "").strip()
            if value and kind:
                fields[kind].append(value)
            continue
        if kind and rest.strip():
            fields[kind].append(line.strip() if kind == "content" else rest.strip())
    lead = tuple(u for v in fields["lead"] for u in _field_units(v))
    if not lead:
        return
    cooperate = tuple(u for v in fields["cooperate"] for u in _field_units(v))
    when = " ".join(fields["deadline"])
    deadline = parse_deadline(when, ctx.issued, ctx.calendar) if when else None
    quote = "\n".join(fields["content"]) or title
    place = _place(section_path, label, 3)
    task = title if len(re.findall(r"\w+", title)) >= 2 else quote
    ctx.out.append(ExtractedAssignment(lead, cooperate, _task_text(task), deadline, quote, place))


def _field_units(value: str) -> tuple[str, ...]:
    """Units named in a labelled field ("Đồng chí Phó Chủ tịch Thường trực, phụ trách ...")."""
    value = re.sub(r"\([^)]*\)", " ", value).strip(" .;")
    value = re.split(r",\s*(?:phụ trách|trực tiếp|theo dõi|là)\b", value, flags=re.IGNORECASE)[0]
    found = units_in(value)
    if found:
        return found
    parts = [p.strip(" .;") for p in re.split(r"[;,]|\bvà\b", value) if p.strip(" .;")]
    return tuple(
        re.sub(r"^(?:đồng chí|đ/c|các đ/c|các đồng chí)\s+", "", p, flags=re.I) for p in parts[:6]
    )


def _paragraph(
    text: str, raw: str, label: str | None, depth: int, place: str, ctx: _Context
) -> None:
    """Find the assignments of one paragraph (an item, a bullet or a plain paragraph)."""
    found_any = False
    stripped = text.strip()
    # a heading that names a unit: "3. Công an tỉnh:" or "Phòng Nội vụ" alone on its line
    heading = _unit_heading(stripped)
    if heading:
        ctx.heading_unit = heading
        ctx.heading_depth = depth if label else 0
        return
    pending: ExtractedAssignment | None = None
    first_new = len(ctx.out)
    ctx.paragraphs_since_lead += 1
    for s_start, s_end in _sentences(text):
        sentence_has = False
        for c_start, c_end in _clauses(text, s_start, s_end):
            clause = text[c_start:c_end]
            found = _find_in_clause(clause)
            if found and found.lead:
                if pending:
                    _emit(pending, ctx)
                quote = clause.strip().rstrip(",").strip()
                task = clause[_task_start(clause, found.task_start) :]
                pending = ExtractedAssignment(
                    found.lead, found.cooperate, task, None, quote, place
                )
                ctx.last_lead = found.lead
                found_any = sentence_has = True
                _maybe_preamble(clause, found, depth if label else 0, ctx)
            elif pending is not None and (sentence_has or _is_deadline_clause(clause)):
                # a clause without a subject continues the assignment of this sentence
                pending = replace(pending, quote=(pending.quote + " " + clause.strip()).strip())
            elif (
                _NEW_TASK_CONNECTIVE.match(clause)
                and ctx.last_lead
                and c_start == s_start
                and (found_any or s_start > 0)
            ):
                # "Đồng thời, ...": another task for the unit of the sentence before
                if pending:
                    _emit(pending, ctx)
                pending = ExtractedAssignment(
                    ctx.last_lead, _cooperators(clause), clause, None, clause.strip(), place
                )
                found_any = sentence_has = True
    if pending is None and stripped.endswith(":") and _ANNOUNCES_TASKS.search(stripped):
        ctx.task_list = True
    if pending is not None and stripped.endswith(":"):
        # the paragraph addresses the items below it: its units are theirs, not a task itself
        ctx.preamble = pending.lead
        ctx.preamble_depth = depth if label else 0
        pending = None
    if pending:
        _emit(pending, ctx)
    if len(ctx.out) == first_new + 1 and ctx.out[-1].deadline is None:
        # the item's one assignment takes a deadline stated in another sentence of the item
        ctx.out[-1] = replace(ctx.out[-1], deadline=find_deadline(text, ctx.issued, ctx.calendar))
    if not found_any and label and ctx.task_list:
        found_any = _listed_subject(text, place, ctx)
    if found_any:
        ctx.paragraphs_since_lead = 0
        return
    # no explicit assignee: the heading unit or the preamble's addressees, if any
    inherited = ctx.heading_unit or ctx.preamble
    if (
        not inherited
        and not label
        and ctx.last_lead
        and ctx.paragraphs_since_lead == 1
        and _OBLIGATION.search(text)
        and not _ACCOUNTABILITY.search(text)
        and not _TRANSMISSION.search(text)
    ):
        # a paragraph with no subject that says what "phải" be done, right after one that
        # gave a unit its task, goes on with that unit's tasks ("Sau mùa mưa, lũ phải ...")
        _emit(
            ExtractedAssignment(ctx.last_lead, _cooperators(text), text, None, stripped, place),
            ctx,
        )
        ctx.paragraphs_since_lead = 0
        return
    if inherited and label and not _ACCOUNTABILITY.search(text) and not _TRANSMISSION.search(text):
        first = _sentences(text)[0]
        quote = text[first[0] : first[1]].strip()
        if len(re.findall(r"\w+", quote)) < 4:
            return
        _emit(ExtractedAssignment(inherited, _cooperators(quote), quote, None, quote, place), ctx)
    elif (
        inherited
        and not label
        and ctx.heading_unit
        and _has_predicate(text)
        and not _OPENER.match(text)
        and not _ACCOUNTABILITY.search(text)
        and not _TRANSMISSION.search(text)
    ):
        _emit(
            ExtractedAssignment(inherited, _cooperators(text), text, None, text.strip(), place),
            ctx,
        )


_IN_CHARGE = re.compile(
    r"\b(?:chủ trì|tham mưu|phụ trách|chịu trách nhiệm|được giao|có trách nhiệm)\b", re.IGNORECASE
)


def _unit_preamble(text: str) -> bool:
    """A line that puts a unit in charge of the items below it: a unit, a verb of charge, a
    colon ("Văn phòng - Thống kê xã chủ trì tham mưu:")."""
    stripped = text.strip()
    if not stripped.endswith(":") or not _IN_CHARGE.search(stripped):
        return False
    found = _find_in_clause(stripped)
    return found is not None and bool(found.lead)


# "phải" that obliges (not "từ phải sang", "bên phải": the right-hand side in a caption)
# A line that announces the items below as tasks, whoever they name.
_ANNOUNCES_TASKS = re.compile(
    r"(?:phân công|giao) (?:nhiệm vụ|trách nhiệm)|nhiệm vụ cụ thể|triển khai các (?:phương án|"
    r"nhiệm vụ|biện pháp|giải pháp)",
    re.IGNORECASE,
)
_HONORIFIC = re.compile(r"^\s*(?:các\s+)?(?:đồng chí|đ/c)\b[\s,]*", re.IGNORECASE)


def _listed_subject(text: str, place: str, ctx: _Context) -> bool:
    """An item of an announced task list that opens with whom it is for ("3. Các đồng chí
    Trưởng công an xã, dân quân, soát xét lại ..."): its task, whatever verb follows."""
    opening = _HONORIFIC.match(text)
    offset = opening.end() if opening else 0
    span = parse_units_at(text, offset)
    if not span or span.start - offset > 1:
        return False
    rest = text[span.end :].lstrip(" ,")
    if _NOT_TASK_AFTER_SUBJECT.match(rest) or len(re.findall(r"\w+", rest)) < 3:
        return False
    sentence = text[: _sentences(text)[0][1]].strip()
    _emit(ExtractedAssignment(span.names, _cooperators(rest), rest, None, sentence, place), ctx)
    ctx.last_lead = span.names
    return True


_OBLIGATION = re.compile(
    r"(?<!không )(?<!chưa )(?<!từ )(?<!bên )(?<!tay )\bphải\s+(?!chăng\b|là\b|sang\b|qua\b)\w",
    re.IGNORECASE,
)


def _is_deadline_clause(clause: str) -> bool:
    """A clause that only states when ("thời gian hoàn thành: ...", "xong trước ngày ...")."""
    return bool(
        re.match(
            r"\s*(?:[-+•]\s*)?(?:thời gian|thời hạn|hoàn thành|xong|chậm nhất|trước ngày|hạn)\b",
            clause,
            re.IGNORECASE,
        )
    )


def _unit_heading(text: str) -> tuple[str, ...]:
    """Units named by a heading line with nothing else ("Công an tỉnh:", "Phòng Nội vụ")."""
    t = text.rstrip(" :.")
    if not t or len(t) > 120:
        return ()
    span = parse_units_at(t, 0)
    if span and span.start <= 1 and not t[span.end :].strip(" :.-"):
        return span.names
    m = re.match(r"^(?:đối với|nhiệm vụ của|trách nhiệm của)\s+(.*)$", t, re.IGNORECASE)
    if m:
        inner = parse_units_at(m.group(1), 0)
        if inner and not m.group(1)[inner.end :].strip(" :.-"):
            return inner.names
    return ()


def _maybe_preamble(clause: str, found: _Found, depth: int, ctx: _Context) -> None:
    """ "... đề nghị X thực hiện tốt một số nội dung sau:" addresses the items below."""
    if _PREAMBLE_END.search(clause.strip()) and re.search(
        r"(?:nội dung|nhiệm vụ|công việc|việc|yêu cầu|giải pháp|biện pháp)\b[^:]*:\s*$"
        r"|sau\s*:\s*$",
        clause.strip(),
        re.IGNORECASE,
    ):
        ctx.preamble = found.lead
        ctx.preamble_depth = depth
        # the preamble itself is not a task of its own
        if ctx.out and ctx.out[-1].quote == clause.strip():
            ctx.out.pop()


_GENERIC_TASK = re.compile(
    r"^(?:(?:nghiem tuc|khan truong|kip thoi|to chuc|trien khai|quan tam|chu dong|"
    r"phoi hop|tot|nghiem|thuc hien|trien khai thuc hien|to chuc thuc hien)\s*,?\s*)+"
    r"(?:(?:cong van|van ban|thong bao|chi thi|ke hoach|noi dung)(?: nay| tren)?)?$"
)


def _emit(a: ExtractedAssignment, ctx: _Context) -> None:
    quote = a.quote.strip()
    task = _task_text(a.task)
    if len(re.findall(r"\w+", task)) < 2 or _GENERIC_TASK.match(fold(task).strip(" ./")):
        return  # no task of its own: "Đề nghị các đơn vị nghiêm túc thực hiện./."
    if _PREAMBLE_END.search(quote) and re.search(r"sau\s*:\s*$", quote, re.IGNORECASE):
        ctx.preamble = a.lead
        ctx.preamble_depth = 0
        return
    deadline = find_deadline(quote, ctx.issued, ctx.calendar)
    ctx.out.append(replace(a, task=_task_text(a.task), deadline=deadline, quote=quote))


_TASK_LEAD_IN = re.compile(
    r"^[\s,:;]*(?:(?:chủ trì|là cơ quan thường trực|đề nghị|yêu cầu|giao|phải|có trách nhiệm)"
    r"\b,?\s*)*",
    re.IGNORECASE,
)


def _task_text(task: str) -> str:
    task = task[_task_start(task, 0) :]
    task = _TASK_LEAD_IN.sub("", task).strip(" ;.,")
    return task[:1].upper() + task[1:] if task else task


# --- tables in text: each cell on its own line ------------------------------------------


def _text_table(lines: list[str], i: int, n_header: int, ctx: _Context) -> int:
    header = lines[i : i + n_header]
    cols = _columns(header)
    j = i + n_header
    rows: list[list[str]] = []
    while j < len(lines):
        line = lines[j]
        if _is_row_number(line):
            rows.append([line])
        elif rows:
            if re.match(r"^(?:nơi nhận|tm\.|kt\.|tl\.)", line, re.IGNORECASE):
                break
            rows[-1].append(line)
        else:
            break
        j += 1
    for row in rows:
        _table_row(row, cols, ctx)
    return j


def _table_row(row: list[str], cols: _TableColumns, ctx: _Context) -> None:
    number = row[0].strip(" .)")
    cells = [c for c in row[1:] if c.strip()]
    if not cells:
        return
    deadline: Deadline | None = None
    deadline_cells: list[str] = []
    # the deadline is the last cell(s) that read as a date or a period
    while cells:
        d = parse_deadline(cells[-1], ctx.issued, ctx.calendar)
        if (
            d is None
            or len(cells[-1]) > 80
            or not (
                _looks_like_deadline_cell(cells[-1]) or (d.due is None and len(cells[-1]) < 40)
            )
        ):
            break
        deadline = deadline or d
        deadline_cells.insert(0, cells.pop())
    # drop counted-days cells ("105 ngày") that sit before the date column
    while cells and re.fullmatch(r"[\d\s]+ngày.*|\d+", cells[-1], re.IGNORECASE):
        cells.pop()
    lead: tuple[str, ...] = ()
    cooperate: tuple[str, ...] = ()
    if cols.lead is not None:
        unit_cells = [c for c in cells[1:] if _is_unit_cell(c)]
        if unit_cells:
            lead = units_in(unit_cells[0]) or (unit_cells[0],)
            if cols.cooperate is not None:
                # each cell sits on its own line: what follows the lead are the cooperators
                cooperate = tuple(n for c in unit_cells[1:] for n in (units_in(c) or (c,)))
            cells = [c for c in cells if c not in unit_cells]
    if not cells:
        return
    # a short first line is the row's title when a longer content line follows
    content_lines = cells
    if (
        len(cells) > 1
        and len(cells[0]) < 90
        and not cells[0].endswith(".")
        and (len(cells[1]) > len(cells[0]))
    ):
        content_lines = cells[1:]
    content = "\n".join(content_lines)
    if not lead:
        lead, cooperate = _first_assignee(content_lines)
    quote = "\n".join(line for line in row[1:] if line.strip())
    if deadline is None:
        deadline = find_deadline(content, ctx.issued, ctx.calendar)
    ctx.out.append(
        ExtractedAssignment(
            lead, cooperate, _task_text(content_lines[0]), deadline, quote, f"bảng, dòng {number}"
        )
    )


def _first_assignee(lines: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The lead and cooperating units of the first sentence of `lines` that assigns."""
    for line in lines:
        for s_start, s_end in _sentences(line):
            found = _find_in_clause(line[s_start:s_end])
            if found and found.lead:
                return found.lead, found.cooperate
    return (), ()


def _looks_like_deadline_cell(cell: str) -> bool:
    key = fold(cell)
    return bool(
        re.search(
            r"\d{1,2}[/.-]\d{1,2}|\bquy\b|\bthang\b|\bnam \d{4}|\d{4}|thuong xuyen|hang ", key
        )
    )


def _is_unit_cell(cell: str) -> bool:
    found = units_in(cell)
    if not found:
        return False
    covered = sum(len(n) for n in found)
    return covered >= 0.6 * len(re.sub(r"[\s,;.]", "", cell)) or len(cell) < 60
