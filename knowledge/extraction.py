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
from dataclasses import dataclass, replace
from datetime import date

from knowledge.abbreviations import expand_unit_abbreviations
from knowledge.calendar import WorkCalendar
from knowledge.deadlines import find_deadline, parse_deadline
from knowledge.domain import Deadline, DocumentHeader, DocumentText, ExtractedAssignment, Table
from knowledge.extraction_addressees import _has_predicate
from knowledge.extraction_anaphora import _resolve_bare_heads
from knowledge.extraction_clauses import (
    _CONTINUING_VERB,
    _COOPERATE_ROLE,
    _FIELD,
    _NEW_TASK_CONNECTIVE,
    _OPENER,
    _PREAMBLE_END,
    _SKIP_SECTIONS,
    _clauses,
    _Context,
    _cooperators,
    _dated_joint,
    _field_kind,
    _find_in_clause,
    _first_clause,
    _Found,
    _goes_on_with_the_task_before,
    _headline,
    _leads_alone,
    _other_dated_item,
    _sentences,
    _task_start,
    _task_text,
)
from knowledge.extraction_formulas import GENERIC_TASK, NOT_TASK_AFTER_SUBJECT, is_formula
from knowledge.extraction_frames import (
    _dates_the_task_before,
    _undated,
    period_frame,
)
from knowledge.extraction_tables import (
    _docx_table,
    _table_header_at,
    _task_table_columns,
    _text_table,
)
from knowledge.header import find_body_end, find_body_start
from knowledge.layout import cut_ground, is_action_line, is_byline, schedule_day
from knowledge.text import fold
from knowledge.unitphrase import opens_with_predicate, parse_units_at, units_in

# "... thực hiện tốt các nội dung như: <first task>": the tasks follow the colon in the paragraph.
_INLINE_ITEMS = re.compile(
    r"\b(?:nội dung|nhiệm vụ|công việc|việc|giải pháp|biện pháp)\b[^:.;]{0,30}:\s*(?=\w)",
    re.IGNORECASE,
)
# "... đã kết luận và nhấn mạnh:", "Bí thư Đảng ủy chỉ đạo:": a speaker's words follow the colon.
_SPEECH_INTRO = re.compile(
    r"\b(?:kết luận|nhấn mạnh|chỉ đạo|yêu cầu|đề nghị|lưu ý|phát biểu|khẳng định|"
    r"quán triệt|giao nhiệm vụ)(?:\s+(?:như sau|một số nội dung|các nội dung sau))?\s*$",
    re.IGNORECASE,
)


def _said(clause: str, task_start: int) -> str:
    """The clause without the speaker's introduction before a colon, when the unit is named
    after it: the quote is what was asked, not who said it at the end of which meeting."""
    colon = clause.rfind(":", 0, task_start)
    if colon > 0 and _SPEECH_INTRO.search(clause[:colon]):
        return clause[colon + 1 :]
    return clause


# --- item structure ---------------------------------------------------------------------

_ROMAN = re.compile(r"^([IVXL]{1,5})[.)/]\s*(?=\S)")
_NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})(?:[.)]\s*|\s+)(?=\S)")
_PAREN_NUM = re.compile(r"^\((\d{1,2}|[a-zđ])\)\s*")
_LETTER = re.compile(r"^([a-zđ])[).]\s+")
_BULLET = re.compile(r"^[-+•*–—]\s*(?=\S)|^\s*[o▪►✓]\s+")


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


# --- the extractor ----------------------------------------------------------------------


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


def _clean_lines(lines: list[str]) -> list[str]:
    # Bold markers ("**05/3/2023**") stay: quotes are the document's exact text, and the
    # deadline and unit parsers read through them.
    out = [line.strip() for line in lines]
    return [line for line in out if line and not re.fullmatch(r"[\[(]?(?:\.\.\.|…)[\])]?", line)]


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
        if (
            label
            and depth <= 2
            and _SKIP_SECTIONS.match(rest)
            and len(rest) < 90
            # "2. Yêu cầu các phòng rà soát ...": an item that asks a unit, not the section
            # "2. Yêu cầu" (requirements) of a plan
            and _find_in_clause(rest) is None
        ):
            skip_depth = depth
            i += 1
            continue
        # the outline's context ends when a shallower item begins
        if ctx.preamble and label and depth <= ctx.preamble_depth and depth < 5:
            ctx.preamble = ()
        if ctx.frame and label and depth <= ctx.frame_depth and depth < 5:
            ctx.frame = None
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


def _inline_frame(clause: str, ctx: _Context) -> Deadline | None:
    return period_frame(clause, ctx) if clause.rstrip().endswith(":") else None


def _set_frame(
    stripped: str, label: str | None, depth: int, gave_tasks: bool, ctx: _Context
) -> None:
    """A line announcing the tasks of a period ("Nhiệm vụ trọng tâm tháng 9/2020:", "II.
    NHIỆM VỤ QUÝ IV/2024") dates the tasks below it that state no date of their own, until a
    heading as shallow as it, or a plain paragraph that gives no task."""
    announces = stripped.endswith(":") or (label is not None and depth <= 3)
    frame = period_frame(stripped, ctx) if announces and not gave_tasks else None
    if frame is not None:
        ctx.frame, ctx.frame_depth, ctx.frame_in_paragraph = frame, depth if label else 0, False
    elif not label and not gave_tasks and not ctx.frame_depth:
        ctx.frame, ctx.frame_in_paragraph = None, False


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
    if is_byline(stripped):
        return  # "Thực hiện: Thanh Loan": who wrote the item
    if is_action_line(stripped):
        # "QUYẾT ĐỊNH:" opens a decision's articles: the authority line above it ("ỦY BAN
        # NHÂN DÂN TỈNH") is who decides, not a unit whose tasks follow
        ctx.heading_unit = ()
        ctx.grounds = False
        return
    going_on = cut_ground(stripped, ctx.grounds and not label)
    ctx.grounds = bool(going_on)
    if going_on is not None:
        # "Căn cứ Luật ...;", "Xét đề nghị của Giám đốc Sở ...,": the grounds, no task, whether
        # each is on a line of its own or cut across lines
        return
    # a heading that names a unit: "3. Công an tỉnh:" or "Phòng Nội vụ" alone on its line
    heading = _unit_heading(stripped)
    if heading:
        ctx.heading_unit = heading
        ctx.heading_depth = depth if label else 0
        return
    if _headline(stripped):
        return  # "UBND XÃ BẮC SƠN: HỌP TRIỂN KHAI CÔNG TÁC ...": a news item's title, no task
    if (
        ctx.preamble
        and not label
        and not ctx.preamble_depth
        and opens_with_predicate(stripped)
        and _has_predicate(stripped)
        and not is_formula(stripped)
        and _find_in_clause(_first_clause(text)) is None  # "Đề nghị Tỉnh Đoàn ...": its own
    ):
        # after "... yêu cầu X:" on a page that lost the items' bullets, a paragraph that
        # opens with a verb is one of X's tasks ("Tổ chức quán triệt ... đến các doanh nghiệp")
        _emit(
            ExtractedAssignment(ctx.preamble, _cooperators(text), text, None, stripped, place), ctx
        )
        return
    pending: ExtractedAssignment | None = None
    first_new = len(ctx.out)
    if ctx.frame_in_paragraph:
        ctx.frame, ctx.frame_in_paragraph = None, False
    ctx.paragraphs_since_lead += 1
    lead_alone: tuple[str, ...] = ()
    listing: tuple[str, ...] = ()  # the unit whose tasks a colon in this paragraph announced
    for s_start, s_end in _sentences(text):
        sentence_has = False
        opening = ""  # what the sentence says before its first subject, when it opens with time
        for c_start, c_end in _clauses(text, s_start, s_end):
            clause = text[c_start:c_end]
            found = _find_in_clause(clause)
            inline = None if found else _inline_frame(clause, ctx)
            if inline:
                # "... nhiệm vụ cần tập trung thực hiện trong tháng 9/2020: yêu cầu UBND huyện
                # ...": the period holds for the tasks this paragraph goes on to give
                ctx.frame, ctx.frame_in_paragraph = inline, True
            if found and found.directed and (ctx.heading_unit or ctx.preamble):
                found = None  # under a unit's heading that unit leads; X is whom it directs
            alone = _leads_alone(clause)
            if alone:
                lead_alone = alone  # "Phòng Văn hóa và Thông tin chủ trì, ...": the task follows
                continue
            cooperating = _COOPERATE_ROLE.match(clause, found.task_start) if found else None
            if found and found.lead and cooperating and lead_alone:
                if pending:
                    _emit(pending, ctx)
                task = clause[cooperating.end() :]
                pending = ExtractedAssignment(
                    lead_alone, found.lead, task, None, clause.strip(), place
                )
                ctx.last_lead = lead_alone
                lead_alone = ()
                found_any = sentence_has = True
                continue
            lead_alone = ()
            if found and found.lead and pending and cooperating and not pending.task.strip(" ,;."):
                # "Giao Công an huyện chủ trì; Phòng Tư pháp, UBND các xã phối hợp kiểm tra
                # ...": one task, which the first leads and the others take part in
                pending = replace(
                    pending,
                    cooperate=tuple(dict.fromkeys((*pending.cooperate, *found.lead))),
                    task=clause[cooperating.end() :],
                    quote=f"{pending.quote} {clause.strip()}",
                )
                sentence_has = True
                continue
            if found and found.lead:
                if pending:
                    _emit(pending, ctx)
                quote = _said(clause, found.task_start).strip().rstrip(",").strip()
                task = clause[_task_start(clause, found.task_start) :]
                items = _INLINE_ITEMS.search(clause, found.task_start)
                if items:
                    # "... thực hiện tốt các nội dung như: Triển khai ... . Rà soát ...": the
                    # sentences after the colon are the unit's tasks, one each
                    task = quote = clause[items.end() :].strip()
                    listing = found.lead
                if c_start == s_start and _OPENER.match(clause):
                    opening = clause[: found.task_start]
                # "Trong thời gian từ ... tới ngày 15/3, A bố trí ...; chỉ đạo B ...": the time
                # set before the first subject holds for each later task of the sentence (read
                # only for those: most sentences hold one)
                frame = (
                    find_deadline(opening, ctx.issued, ctx.calendar)
                    if opening and c_start > s_start
                    else None
                )
                pending = ExtractedAssignment(
                    found.lead, found.cooperate, task, frame, quote, place
                )
                ctx.last_lead = found.lead
                found_any = sentence_has = True
                _maybe_preamble(clause, found, depth if label else 0, ctx)
            elif listing and c_start == s_start and not found:
                if pending:
                    _emit(pending, ctx)
                # an item may name its own staff: "Công chức chuyên môn chủ động thực hiện ..."
                own = parse_units_at(clause, 0, addressed=True)
                lead, task = listing, clause
                if (
                    own
                    and own.start <= 1
                    and _has_predicate(clause[own.end :])
                    and not opens_with_predicate(clause)  # "Tổ chức một số hoạt động ..."
                ):
                    lead, task = own.names, clause[own.end :]
                pending = ExtractedAssignment(
                    lead, _cooperators(clause), task, None, clause.strip(), place
                )
                found_any = sentence_has = True
            elif pending is not None and (
                sentence_has
                or (_is_deadline_clause(clause) and not _CONTINUING_VERB.match(clause))
            ):
                if _other_dated_item(text, c_start, clause, pending, ctx):
                    continue  # "X dự kiến ... trước ngày 25.3; Y trước ngày 5.4": Y's, not X's
                # a clause without a subject continues the assignment of this sentence
                pending = replace(pending, quote=(pending.quote + " " + clause.strip()).strip())
            elif (
                pending is not None
                and c_start == s_start
                and not found
                and _CONTINUING_VERB.match(clause)
                and _has_predicate(clause)
                and not is_formula(clause)
            ):
                # "... yêu cầu X rà soát biên chế. Xây dựng kế hoạch tuyển dụng ...": a sentence
                # with no subject of its own goes on with the unit of the sentence before; a
                # date of its own besides the one before makes it that unit's next task
                earlier = find_deadline(pending.quote, ctx.issued, ctx.calendar)
                later = find_deadline(clause, ctx.issued, ctx.calendar)
                if earlier and earlier.due and later and later.due:
                    _emit(pending, ctx)
                    pending = ExtractedAssignment(
                        pending.lead, _cooperators(clause), clause, None, clause.strip(), place
                    )
                else:
                    pending = replace(pending, quote=f"{pending.quote} {clause.strip()}")
                sentence_has = True
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
    day = schedule_day(stripped)
    if day:
        # a schedule's entry: its undated tasks are for its day
        due = parse_deadline(day, ctx.issued, ctx.calendar)
        ctx.out[first_new:] = [
            replace(a, deadline=due) if _undated(a) else a for a in ctx.out[first_new:]
        ]
    if not found_any and label and ctx.task_list:
        found_any = _listed_subject(text, place, ctx)
    _set_frame(stripped, label, depth, len(ctx.out) > first_new, ctx)
    if found_any:
        ctx.paragraphs_since_lead = 0
        return
    if ctx.preamble and not label and not ctx.preamble_depth and not opens_with_predicate(text):
        ctx.preamble = ()  # the unmarked items a plain paragraph announced have ended
    # no explicit assignee: the heading unit or the preamble's addressees, if any
    inherited = ctx.heading_unit or ctx.preamble
    if (
        not inherited
        and not label
        and ctx.last_lead
        and ctx.paragraphs_since_lead == 1
        and (_OBLIGATION.search(text) or _goes_on_with_the_task_before(text))
        and not is_formula(text)
    ):
        # a paragraph with no subject that says what "phải" be done, or opens with a task verb
        # (a portal copy that lost the items' bullets), right after one that gave a unit its
        # task, goes on with that unit's tasks ("Sau mùa mưa, lũ phải ...", "Bố trí trực ...")
        _emit(
            ExtractedAssignment(ctx.last_lead, _cooperators(text), text, None, stripped, place),
            ctx,
        )
        ctx.paragraphs_since_lead = 0
        return
    if inherited and label and not is_formula(text):
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
        and not is_formula(text)
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
    if NOT_TASK_AFTER_SUBJECT.match(rest) or len(re.findall(r"\w+", rest)) < 3:
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
    if _POST_HEADING.fullmatch(t):
        return (t,)  # "2. Kế toán", "- Văn thư:": a post of the office, its bullets its tasks
    return ()


_POST_HEADING = re.compile(r"(?:Kế toán|Thủ quỹ|Văn thư|Kế toán - Thủ quỹ)")


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


def _emit(a: ExtractedAssignment, ctx: _Context) -> None:
    quote = a.quote.strip()
    task = _task_text(a.task)
    if len(re.findall(r"\w+", task)) < 2 or GENERIC_TASK.match(fold(task).strip(" ./")):
        return  # no task of its own: "Đề nghị các đơn vị nghiêm túc thực hiện./."
    if _PREAMBLE_END.search(quote) and re.search(r"sau\s*:\s*$", quote, re.IGNORECASE):
        ctx.preamble = a.lead
        ctx.preamble_depth = 0
        return
    joint = _dated_joint(quote, ctx)
    if joint is not None:
        # "... báo cáo nhanh trước ngày 20/01/2019 và báo cáo kết quả trước ngày 10/3/2019":
        # two tasks, each with its own date
        first, rest = quote[: joint[0]].strip(" ,"), quote[joint[1] :].strip()
        at = a.task.find(rest)
        head = re.sub(r"(?:\s*,|\s+và)\s*$", "", a.task[:at]) if at > 0 else a.task
        _emit(replace(a, task=head, quote=first), ctx)
        _emit(replace(a, task=rest, quote=rest), ctx)
        return
    deadline = find_deadline(quote, ctx.issued, ctx.calendar)
    if deadline and deadline.text and _dates_the_task_before(a, task, deadline.text, ctx):
        return
    # a clause with no date of its own keeps the time its sentence opened with, if any, or
    # the period its list was announced for
    deadline = deadline or a.deadline or ctx.frame
    ctx.out.append(replace(a, task=_task_text(a.task), deadline=deadline, quote=quote))
