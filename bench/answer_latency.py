"""Answer latency: 1,000 mixed questions over 10,000 documents, 100,000 assignments, 500 units.

Run: .venv/bin/python bench/answer_latency.py [--docs 10000] [--assignments 100000]
         [--units 500] [--questions 1000] [--seed 2024] [--keep FILE] [--postgres URL]
         [--keep-schema NAME] [--reuse] [--search-only] [--answers FILE]

Builds the store in a fresh SQLite file (or, with --postgres, a fresh schema on that server,
dropped afterwards) by saving generated Extractions through SqlAlchemyDocumentRepository, so the
tables, links and the full-text index (migration 0002, kept by triggers) are the real ones. The
documents come from templates written here: varied administrative tasks, 500 generated units
(phòng, sở, UBND xã, hội, trung tâm...), deadlines across 2024-2026.

Then it asks 1,000 mixed questions (unit, due this week / month / quarter, overdue as of a date,
document number, topic, without diacritics, with typos) through handlers.answering.answer_text
and prints p50 / p99 latency per question (and per kind of question); then the same questions
as private messages of a registered official through handlers.router.Router.dispatch (what a
chat waits for: access, chat state, the answer and its buttons). The fair baseline, in the
same run: for each question, one bare top-10 index query on the raw DBAPI connection over the
words the product keeps for that question after pruning (SqlAssignmentSearch's row budget),
with its newest-rows cut when every word is common: FTS5 bm25 on SQLite, ts_rank_cd on
PostgreSQL. Its p50 over the questions is compared with answer_text's p50 over the same
questions, and the output says how many of those queries matched rows. The old baselines are
printed beside it for comparison with earlier figures: the pruned query of the one example
question FTS_QUERY (median of 100 runs; on PostgreSQL it prunes to words no row holds) and
knowledge.search.fts_top10 (every word ORed, 20,000 matching rows). The search layer alone
(SqlAssignmentSearch.search on every question) is timed too. When handlers.answering cannot be
imported, only the search layer is timed and the output says so. --answers writes every reply,
to compare two versions of the code question by question.

On PostgreSQL the store is vacuumed and analysed before any question, as autovacuum would have
done by then (the load leaves every assignment_search row's first version dead).

--keep FILE (SQLite) or --keep-schema NAME (PostgreSQL) keeps the store; --reuse then answers
over it without building again (same sizes and seed, or the questions ask about other rows).
Peak RSS of a reusing run leaves out the build: compare it only with another reusing run.

Targets: Router.dispatch p99 <= 50 ms, answer_text p50 <= 5x the questions' pruned bare p50,
peak RSS <= 300 MB. The exit status is 1 when one is missed.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select, text  # noqa: E402
from targets import postgres_target, sqlite_target  # noqa: E402

from knowledge.db import Database, analyze_after_bulk_load, open_database  # noqa: E402
from knowledge.domain import (  # noqa: E402
    Deadline,
    DocumentHeader,
    ExtractedAssignment,
    Extraction,
)
from knowledge.models import AssignmentRow, AssignmentUnitRow  # noqa: E402
from knowledge.repository import SqlAlchemyDocumentRepository  # noqa: E402
from knowledge.search import SqlAssignmentSearch, fts_top10  # noqa: E402
from knowledge.text import fold  # noqa: E402
from knowledge.units import Unit, UnitRegistry  # noqa: E402

TODAY = date(2025, 6, 18)  # a Wednesday; questions are answered as of this day
P99_TARGET_MS = 50.0
RATIO_TARGET = 5.0
RSS_TARGET_MB = 300.0
FTS_QUERY = "ai phụ trách kinh phí bầu cử"

# --- units --------------------------------------------------------------------------------------

PHONG = (
    "Nội vụ", "Tư pháp", "Tài chính - Kế hoạch", "Tài nguyên và Môi trường",
    "Lao động - Thương binh và Xã hội", "Văn hóa và Thông tin", "Giáo dục và Đào tạo", "Y tế",
    "Kinh tế và Hạ tầng", "Nông nghiệp và Phát triển nông thôn", "Dân tộc", "Thanh tra",
    "Quản lý đô thị", "Kinh tế",
)  # fmt: skip
SO = (
    "Nội vụ", "Tư pháp", "Tài chính", "Kế hoạch và Đầu tư", "Xây dựng", "Giao thông vận tải",
    "Công Thương", "Y tế", "Giáo dục và Đào tạo", "Khoa học và Công nghệ",
    "Thông tin và Truyền thông", "Văn hóa, Thể thao và Du lịch", "Tài nguyên và Môi trường",
    "Nông nghiệp và Môi trường", "Lao động - Thương binh và Xã hội", "Ngoại vụ",
    "Dân tộc và Tôn giáo",
)  # fmt: skip
HOI = ("Nông dân", "Liên hiệp Phụ nữ", "Cựu chiến binh", "Chữ thập đỏ", "Người cao tuổi",
       "Khuyến học", "Luật gia", "Nạn nhân chất độc da cam")  # fmt: skip
TRUNG_TAM = ("Y tế", "Văn hóa - Thể thao", "Dịch vụ nông nghiệp", "Phát triển quỹ đất",
             "Giáo dục nghề nghiệp - Giáo dục thường xuyên", "Chính trị",
             "Truyền thông")  # fmt: skip
BAN = ("Chỉ huy Quân sự", "Quản lý dự án đầu tư xây dựng", "Tuyên giáo", "Dân vận",
       "Quản lý các khu công nghiệp", "Tổ chức")  # fmt: skip
SYLLABLES = (
    "An", "Bình", "Đông", "Tây", "Nam", "Bắc", "Hòa", "Phú", "Tân", "Hưng", "Long", "Thành",
    "Xuân", "Quang", "Minh", "Đức", "Phúc", "Lộc", "Thịnh", "Yên", "Mỹ", "Hồng", "Trung", "Cao",
    "Đại", "Vĩnh", "Kim", "Ngọc", "Sơn", "Hà", "Lâm", "Thủy", "Tiến", "Thắng", "Lợi", "Hải",
    "Định", "Khánh", "Việt", "Hợp", "Liên", "Nghĩa", "Thái", "Cẩm", "Đoàn", "Kết", "Song",
)  # fmt: skip
LOCALITY_KINDS = (("xã", 6), ("phường", 2), ("thị trấn", 1))
LOCAL_BODIES = ("UBND", "Công an", "Trạm Y tế", "Trường THCS", "Ban Chỉ huy Quân sự")


def place_names(rng: random.Random, count: int) -> list[str]:
    """Distinct two-syllable place names ("Đông Anh", "Tân Yên")."""
    names: dict[str, None] = {}
    while len(names) < count:
        a, b = rng.sample(SYLLABLES, 2)
        names.setdefault(f"{a} {b}", None)
    return list(names)


def make_units(rng: random.Random, count: int) -> list[Unit]:
    """`count` units: district offices, provincial departments, associations, communes..."""
    fixed: list[tuple[str, str, str | None]] = [
        *((f"Phòng {n}", "phong", "huyen") for n in PHONG),
        *((f"Sở {n}", "so", "tinh") for n in SO),
        *((f"Hội {n} huyện", "hoi", "huyen") for n in HOI),
        *((f"Trung tâm {n} huyện", "trung_tam", "huyen") for n in TRUNG_TAM),
        *((f"Ban {n} huyện", "ban", "huyen") for n in BAN),
        ("Văn phòng HĐND và UBND huyện", "van_phong", "huyen"),
        ("Công an huyện", "cong_an", "huyen"),
        ("Huyện đoàn", "doan_the", "huyen"),
        ("Ủy ban MTTQ Việt Nam huyện", "doan_the", "huyen"),
        ("Chi cục Thuế khu vực", "chi_cuc", "huyen"),
        ("Kho bạc Nhà nước huyện", "chi_cuc", "huyen"),
    ]
    places = place_names(rng, count)
    local: list[tuple[str, str, str | None]] = []
    for place in places:
        kind = rng.choices([k for k, _ in LOCALITY_KINDS], [w for _, w in LOCALITY_KINDS])[0]
        body = rng.choices(LOCAL_BODIES, (8, 1, 1, 1, 1))[0]
        local.append((f"{body} {kind} {place}", "uy_ban" if body == "UBND" else "xa", "xa"))
    names = (fixed + local)[:count]
    units = []
    for n, (name, kind, level) in enumerate(names):
        aliases: tuple[str, ...] = ()
        if name.startswith("Phòng "):
            aliases = (f"{name} huyện",)
        units.append(Unit(key=f"u{n:03d}", name=name, kind=kind, level=level, aliases=aliases))
    return units


# --- documents ----------------------------------------------------------------------------------

TOPICS = (
    "kinh phí tổ chức bầu cử đại biểu Quốc hội và HĐND các cấp",
    "công tác phòng, chống thiên tai và tìm kiếm cứu nạn",
    "chuyển đổi số trong cơ quan nhà nước",
    "cải cách hành chính và nâng cao chỉ số PAR Index",
    "giải phóng mặt bằng dự án đường tỉnh",
    "rà soát hộ nghèo, hộ cận nghèo cuối năm",
    "bảo đảm an toàn thực phẩm dịp Tết Nguyên đán",
    "xây dựng nông thôn mới nâng cao",
    "tiêm chủng mở rộng cho trẻ em",
    "phòng cháy, chữa cháy tại khu dân cư",
    "thu ngân sách nhà nước và chống thất thu thuế",
    "quản lý đất đai, khoáng sản, xử lý vi phạm",
    "bảo đảm trật tự an toàn giao thông",
    "bảo hiểm y tế học sinh, sinh viên",
    "sắp xếp đơn vị hành chính cấp xã",
    "cấp giấy chứng nhận quyền sử dụng đất lần đầu",
    "vệ sinh môi trường, thu gom rác thải sinh hoạt",
    "phòng, chống dịch bệnh trên đàn gia súc, gia cầm",
    "tuyển chọn, gọi công dân nhập ngũ",
    "hỗ trợ xóa nhà tạm, nhà dột nát",
    "giải quyết đơn thư khiếu nại, tố cáo tồn đọng",
    "kiểm tra việc chấp hành pháp luật về lao động",
    "tuyên truyền phổ biến giáo dục pháp luật",
    "chuẩn bị cơ sở vật chất cho năm học mới",
    "đầu tư công và giải ngân vốn",
    "quản lý trật tự xây dựng đô thị",
    "cấp nước sạch nông thôn",
    "phát triển sản phẩm OCOP",
    "chi trả chế độ chính sách cho người có công",
    "số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
    "kiểm kê đất đai định kỳ",
    "phòng, chống tác hại của thuốc lá",
    "bảo vệ rừng và phòng cháy chữa cháy rừng",
    "quản lý cụm công nghiệp",
    "lễ hội truyền thống đầu xuân",
    "đánh giá xếp loại cán bộ, công chức cuối năm",
    "tinh giản biên chế và vị trí việc làm",
    "cơ sở dữ liệu quốc gia về dân cư, Đề án 06",
    "hiến máu tình nguyện",
    "sửa chữa trụ sở làm việc",
)
VERBS = (
    "Chủ trì, tham mưu", "Rà soát, tổng hợp", "Hướng dẫn, đôn đốc", "Kiểm tra, giám sát",
    "Xây dựng kế hoạch", "Tổ chức triển khai", "Báo cáo kết quả", "Tham mưu UBND huyện ban hành",
    "Phối hợp thực hiện", "Khẩn trương hoàn thiện hồ sơ", "Tập trung chỉ đạo",
)  # fmt: skip
QUALIFIERS = (
    "trên địa bàn huyện", "theo đúng quy định", "năm 2025", "giai đoạn 2024 - 2026",
    "bảo đảm tiến độ, chất lượng", "", "", "báo cáo UBND huyện kết quả thực hiện",
)  # fmt: skip
DOC_KINDS = (
    ("thong_bao", "Thông báo", "TB-UBND", "Kết luận của Chủ tịch UBND huyện về {topic}"),
    ("ke_hoach", "Kế hoạch", "KH-UBND", "Kế hoạch {topic} năm {year}"),
    ("chi_thi", "Chỉ thị", "CT-UBND", "Về tăng cường {topic}"),
    ("cong_van", "Công văn", "UBND-VP", "V/v triển khai {topic}"),
)
START = date(2024, 1, 1)
SPAN_DAYS = (date(2026, 12, 31) - START).days


def _deadline(rng: random.Random) -> Deadline | None:
    roll = rng.random()
    if roll < 0.08:
        return None
    if roll < 0.12:
        return Deadline(due=None, text="thường xuyên", flags=frozenset({"ongoing"}))
    due = START + timedelta(days=rng.randrange(SPAN_DAYS))
    return Deadline(due=due, text=f"trước ngày {due:%d/%m/%Y}")


def _assignment(
    rng: random.Random, units: list[Unit], topic: str, place: str
) -> ExtractedAssignment:
    lead = rng.choice(units).name
    cooperate = tuple(u.name for u in rng.sample(units, rng.choice((0, 1, 1, 2, 3))))
    own_topic = topic if rng.random() < 0.6 else rng.choice(TOPICS)
    task = f"{rng.choice(VERBS)} {own_topic} {rng.choice(QUALIFIERS)}".strip()
    deadline = _deadline(rng)
    with_whom = f", phối hợp với {', '.join(cooperate)}" if cooperate else ""
    due_text = f"; hoàn thành {deadline.text}" if deadline and deadline.text else ""
    quote = f"Giao {lead} chủ trì{with_whom} {task[0].lower()}{task[1:]}{due_text}."
    return ExtractedAssignment(
        lead=(lead,), cooperate=cooperate, task=task, deadline=deadline, quote=quote, place=place
    )


@dataclass(frozen=True)
class Built:
    """A generated document: its extraction and the body text stored with it."""

    extraction: Extraction
    body: str


def documents(
    rng: random.Random, units: list[Unit], count: int, assignments: int
) -> Iterator[Built]:
    """`count` documents holding `assignments` assignments in all, generated one at a time."""
    base, extra = divmod(assignments, count)
    for n in range(count):
        kind, kind_name, symbol, title_form = DOC_KINDS[n % len(DOC_KINDS)]
        issued = START + timedelta(days=rng.randrange(SPAN_DAYS))
        topic = rng.choice(TOPICS)
        header = DocumentHeader(
            number=f"{n + 1}/{symbol}",
            symbol=symbol,
            doc_type=kind,
            doc_type_name=kind_name,
            issuer="UBND huyện Tân Yên",
            place="Tân Yên",
            issued=issued,
            issued_text=f"Tân Yên, ngày {issued.day} tháng {issued.month} năm {issued.year}",
            title=title_form.format(topic=topic, year=issued.year),
            signer="Nguyễn Văn An",
            signer_title="CHỦ TỊCH",
        )
        size = base + (1 if n < extra else 0)
        items = tuple(_assignment(rng, units, topic, str(i + 1)) for i in range(size))
        body = "\n".join([f"Số: {header.number}", header.title or "", *(a.quote for a in items)])
        yield Built(Extraction(header=header, assignments=items), body)


# --- questions ----------------------------------------------------------------------------------


def _typo(rng: random.Random, question: str) -> str:
    words = question.split()
    long_words = [i for i, w in enumerate(words) if len(w) > 3]
    if not long_words:
        return question
    i = rng.choice(long_words)
    word = words[i]
    j = rng.randrange(1, len(word) - 1)
    words[i] = (
        word[:j] + word[j + 1 :]
        if rng.random() < 0.5
        else word[:j] + word[j + 1] + word[j] + word[j + 2 :]
    )
    return " ".join(words)


def questions(
    rng: random.Random, units: list[Unit], docs: int, count: int
) -> list[tuple[str, str]]:
    """Mixed questions, in a fixed proportion of kinds, shuffled, each with its kind's label."""

    def unit() -> str:
        return rng.choice(units).name

    def number() -> int:
        return rng.randrange(1, docs + 1)

    def symbol_of(n: int) -> tuple[str, str]:
        _kind, name, symbol, _title = DOC_KINDS[(n - 1) % len(DOC_KINDS)]
        return name.lower(), symbol

    def document_question() -> str:
        n = number()
        name, symbol = symbol_of(n)
        return rng.choice(
            (f"{name} {n}/{symbol} giao những việc gì?", f"{name} số {n}", f"văn bản {n}/{symbol}")
        )

    def topic() -> str:
        words = rng.choice(TOPICS).split(",")[0].split()
        return " ".join(words[: rng.randint(2, 5)])

    kinds: list[tuple[int, str, Callable[[], str]]] = [
        (3, "unit", lambda: f"{unit()} được giao việc gì?"),
        (2, "unit upcoming, folded", lambda: f"{fold(unit())} co viec gi sap den han"),
        (1, "due this week", lambda: "Việc nào đến hạn tuần này?"),
        (1, "unit due this month", lambda: f"{unit()} có việc gì đến hạn trong tháng này?"),
        (1, "unit quarter", lambda: f"Các việc hạn trong quý 2 của {unit()}"),
        (1, "overdue as of a date", lambda: "Việc nào quá hạn tính đến ngày 30/6/2025?"),
        (1, "unit overdue", lambda: f"{unit()} còn việc gì quá hạn?"),
        (2, "document", document_question),
        (3, "topic", lambda: f"ai phụ trách {topic()}?"),
        (1, "topic: which unit", lambda: f"việc {topic()} giao cho đơn vị nào"),
        (2, "topic, folded", lambda: fold(f"ai phụ trách {topic()}")),
        (2, "unit + topic, typo", lambda: _typo(rng, f"{unit()} được giao việc gì về {topic()}")),
    ]
    weights = [w for w, _label, _make in kinds]
    out = []
    for _ in range(count):
        _weight, label, make = rng.choices(kinds, weights)[0]
        out.append((label, make()))
    return out


# --- measuring ----------------------------------------------------------------------------------


def rss_mb() -> float:
    """Peak resident memory of this process so far (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))
    return ordered[index]


def timed(
    run: Callable[[str], Any], items: list[str], results: list[Any] | None = None
) -> tuple[list[float], int]:
    """Milliseconds per item, and how many raised; what each run returned goes to `results`."""
    times: list[float] = []
    errors = 0
    for item in items:
        start = time.perf_counter()
        result = None
        try:
            result = run(item)
        except Exception as exc:  # a bench counts failures, it does not stop on them
            errors += 1
            result = exc
        times.append((time.perf_counter() - start) * 1000)
        if results is not None:
            results.append(result)
    return times, errors


def reply_text(result: Any) -> str:
    """What an answer_text result says, for --answers ("!" and the error for a failure)."""
    if isinstance(result, Exception):
        return f"! {type(result).__name__}: {result}"
    reply = getattr(result, "reply", None)
    return reply.text() if reply is not None else repr(result)


def build(database: Database, registry: UnitRegistry, args: argparse.Namespace) -> float:
    """Save the generated documents through the repository; seconds taken."""
    rng = random.Random(args.seed)
    repo = SqlAlchemyDocumentRepository(database.session_factory, registry)
    repo.sync_units(registry)
    start = time.perf_counter()
    step = max(1, args.docs // 10)
    # as `giaoviec ingest` does: PostgreSQL's statistics refreshed as the store grows (100,
    # 200, 400... documents) and at the end; a server with autovacuum off plans an unanalysed
    # schema as if empty, and the build slows more with every thousand documents
    analyze_at = 100
    for n, built in enumerate(documents(rng, registry.units(), args.docs, args.assignments)):
        if n >= analyze_at:
            analyze_after_bulk_load(database.engine)
            analyze_at *= 2
        repo.save_extraction(built.extraction, built.body, source_name=f"doc{n}.txt")
        if (n + 1) % step == 0:
            elapsed = time.perf_counter() - start
            print(f"  {n + 1:>6} documents  {elapsed:6.1f} s", flush=True)
    analyze_after_bulk_load(database.engine)
    return time.perf_counter() - start


def answering_runner(
    database: Database, registry: UnitRegistry
) -> tuple[Callable[[str], Any] | None, str]:
    """answer_text bound to the bench services, or None and why."""
    try:
        from handlers.answering import Services, answer_text
    except Exception as exc:  # not written yet, or broken: time the search layer only
        return None, f"{type(exc).__name__}: {exc}"
    from knowledge.progress import SqlProgressRepository

    repo = SqlAlchemyDocumentRepository(database.session_factory, registry)
    # as the product runs it: progress reports are read so a task done is not listed overdue
    services = Services(
        repository=repo,
        registry=registry,
        search=SqlAssignmentSearch(database.session_factory),
        progress=SqlProgressRepository(database.session_factory),
        reading=database.session_factory.reading,  # as bot.wiring.services builds them
    )

    def run(question: str) -> Any:
        return answer_text(question, services, today=TODAY)

    return run, ""


# Where a question's baseline words come from (see kept_words)
FROM_WORDS, FROM_UNITS, FROM_QUESTION = "its words", "its units' names", "the question's words"


def kept_words(database: Database, registry: UnitRegistry) -> Callable[[str], tuple[str, str]]:
    """For a question, the words its bare baseline query searches, and where they come from:
    the words the answer path ranks and searches by (the topic's, and those of unit names
    nobody knows: handlers.answering_ranking._words); for a question that keeps none, the
    names of the units it resolves (whose tasks it reads by index, as a search of their names
    would find them); else (a date, a document number) the question's own words. Without
    handlers.answering, the question's own words."""
    try:
        from handlers.answering_ranking import _words
        from handlers.answering_types import AskContext, Services
        from handlers.answering_units import _resolve_units
        from handlers.understanding import parse_question
    except Exception:  # --search-only's case
        return lambda text: (text, FROM_QUESTION)
    services = Services(
        repository=SqlAlchemyDocumentRepository(database.session_factory, registry),
        registry=registry,
    )

    def words(text: str) -> tuple[str, str]:
        question = parse_question(text, TODAY)
        resolved = _resolve_units(question, services, AskContext())
        if kept := _words(question, resolved):
            return " ".join(kept), FROM_WORDS
        if resolved.units:
            return " ".join(unit.name for unit in resolved.units), FROM_UNITS
        return text, FROM_QUESTION

    return words


_BARE_SQLITE = (
    "SELECT rowid, bm25(assignment_fts, 2.0, 1.0, 2.0, 1.0) AS score FROM assignment_fts"
    " WHERE assignment_fts MATCH ?{newest} ORDER BY score LIMIT 10"
)
_BARE_POSTGRES = (
    "SELECT assignment_id, ts_rank_cd(search, q) AS rank"
    " FROM assignment_search, to_tsquery('simple', %s) AS q"
    " WHERE search @@ q AND state = 'live'{newest} ORDER BY rank DESC LIMIT 10"
)


class PrunedBareQuery:
    """The fairest bare baseline: one top-10 index query on the raw DBAPI connection, over the
    words SqlAssignmentSearch keeps for the question (pruned outside the timing)."""

    def __init__(self, database: Database) -> None:
        from knowledge.search import (
            POSTGRES_ROW_BUDGET,
            ROW_BUDGET,
            fts5_query,
            query_terms,
            tsquery_text,
        )

        self.postgres = database.engine.dialect.name == "postgresql"
        self._budget = POSTGRES_ROW_BUDGET if self.postgres else ROW_BUDGET
        self._render = tsquery_text if self.postgres else fts5_query
        self._terms = query_terms
        self._search = SqlAssignmentSearch(database.session_factory)
        self._connection = database.engine.raw_connection()

    def prune(self, question: str) -> tuple[str, bool] | None:
        """The index expression the product would run, and whether only the newest rows."""
        terms = self._terms(question)
        if not terms:
            return None
        kept, too_common = self._search.affordable_terms(terms)
        return (self._render(kept), too_common) if kept else None

    def run(self, pruned: tuple[str, bool] | None) -> list[Any]:
        if pruned is None:
            return []
        match, too_common = pruned
        cursor = self._connection.cursor()
        try:
            if self.postgres:
                newest = " AND assignment_id > (SELECT max(id) FROM assignments) - %s"
                sql = _BARE_POSTGRES.format(newest=newest if too_common else "")
            else:
                newest = " AND rowid > (SELECT max(id) FROM assignments) - ?"
                sql = _BARE_SQLITE.format(newest=newest if too_common else "")
            params: tuple[Any, ...] = (match, self._budget) if too_common else (match,)
            cursor.execute(sql, params)
            return list(cursor.fetchall())
        finally:
            cursor.close()
            if self.postgres:
                self._connection.rollback()

    def close(self) -> None:
        self._connection.close()


def _pruned_words(pruned: tuple[str, bool] | None) -> str:
    if pruned is None:
        return "no word kept"
    match, too_common = pruned
    return match + (", newest rows only" if too_common else "")


def _times(value: float, base: float) -> str:
    return f"{value / base:.1f}x" if base > 0 else "inf x"


def dispatch_runner(database: Database, registry: UnitRegistry) -> Callable[[str], Any]:
    """Router.dispatch of a private message from an official registered to a unit, with the
    router the product builds (directory, access rules, progress), bound to the bench store."""
    from bot import collector
    from handlers.access import AccessPolicy
    from handlers.answering import Services
    from handlers.messages import ChatKind, ChatRef, IncomingMessage, Sender
    from handlers.router import FixedClock, Router
    from knowledge.chats import Registration, SqlChatDirectory
    from knowledge.progress import SqlProgressRepository

    directory = SqlChatDirectory(database.session_factory)
    services = Services(
        repository=SqlAlchemyDocumentRepository(database.session_factory, registry),
        registry=registry,
        search=SqlAssignmentSearch(database.session_factory),
        progress=SqlProgressRepository(database.session_factory),
        reading=database.session_factory.reading,  # as bot.wiring.services builds them
    )
    router = Router(
        services,
        clock=FixedClock(TODAY),
        directory=directory,
        access=AccessPolicy(),
        progress=SqlProgressRepository(database.session_factory),
    )
    # as bot.runtime.run_bot does once its router is built: what start-up made is left out of
    # the collector's later passes
    collector.settle()
    person = directory.touch_person("telegram", "90001", "Chuyên viên thử")
    directory.register(person.id, registry.units()[0].key, Registration.APPROVED)
    chat = ChatRef("telegram", "90001", ChatKind.PRIVATE)
    sender = Sender("90001", "Chuyên viên thử")

    def run(question: str) -> Any:
        return router.dispatch(IncomingMessage(chat, sender, text=question))

    return run


def report_line(label: str, times: list[float], errors: int) -> str:
    p50, p99 = percentile(times, 0.50), percentile(times, 0.99)
    line = (
        f"{label:<28} p50 {p50:7.2f} ms   p99 {p99:7.2f} ms   max {max(times):7.2f} ms"
        f"   mean {statistics.fmean(times):6.2f} ms"
    )
    return line + (f"   errors {errors}" if errors else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--assignments", type=int, default=100_000)
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--questions", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--keep", help="SQLite file to build and keep (default: temporary)")
    parser.add_argument("--postgres", metavar="URL", help="run on this server, in a new schema")
    parser.add_argument(
        "--keep-schema", metavar="NAME", help="with --postgres: build in this schema and keep it"
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="answer over the --keep file or --keep-schema built by an earlier run with the same "
        "--docs, --assignments, --units and --seed, instead of building",
    )
    parser.add_argument(
        "--search-only", action="store_true", help="time the search layer, not answer_text"
    )
    parser.add_argument(
        "--answers", metavar="FILE", help="write each question and its reply, one JSON a line"
    )
    args = parser.parse_args(argv)
    if args.docs < 1 or args.assignments < args.docs or args.units < 1 or args.questions < 1:
        parser.error("need docs >= 1, assignments >= docs, units >= 1, questions >= 1")

    rng = random.Random(args.seed)
    registry = UnitRegistry(make_units(rng, args.units))
    target = (
        postgres_target(args.postgres, args.keep_schema, args.reuse)
        if args.postgres
        else sqlite_target(args.keep, args.reuse, "giaoviec-answer-")
    )
    print(f"database: {target.label}")
    size = (
        f"{args.docs:,} documents, {args.assignments:,} assignments, "
        f"{len(registry.units())} units through SqlAlchemyDocumentRepository"
    )
    print(f"reusing what an earlier run built: {size}" if target.built else f"building {size}")
    database = open_database(target.url)
    try:
        build_s = 0.0 if target.built else build(database, registry, args)
        with database.session_factory() as session:
            stored = session.scalar(select(func.count()).select_from(AssignmentRow)) or 0
            links = session.scalar(select(func.count()).select_from(AssignmentUnitRow)) or 0
        if database.engine.dialect.name == "postgresql":
            # what autovacuum would have done by the time officials ask anything: statistics,
            # the visibility map that lets a unit's read stay in its covering indexes, and the
            # row versions the load's trigger updates left dead (100,000 in assignment_search:
            # they made the bare query 1.2 ms instead of 0.1). Only this store's tables, and
            # outside a transaction, as VACUUM must run.
            with database.engine.connect().execution_options(
                isolation_level="AUTOCOMMIT"
            ) as connection:
                tables = connection.scalars(
                    text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
                ).all()
                connection.execute(text("VACUUM (ANALYZE) " + ", ".join(tables)))
        rss_built = rss_mb()
        labelled = questions(rng, registry.units(), args.docs, args.questions)
        asked = [q for _label, q in labelled]
        kinds = Counter("folded" if q.isascii() else "diacritics" for q in asked)

        search = SqlAssignmentSearch(database.session_factory)
        warmup = asked[:20]
        timed(lambda q: search.search(q), warmup)
        search_times, search_errors = timed(lambda q: search.search(q), asked)

        for _ in range(10):
            fts_top10(database.session_factory, FTS_QUERY)
        fts_times, _ = timed(lambda q: fts_top10(database.session_factory, q), [FTS_QUERY] * 100)
        fts_ms = statistics.median(fts_times)
        top10_times, _ = timed(lambda q: search.search(q, limit=10), [FTS_QUERY] * 100)

        bare = PrunedBareQuery(database)
        try:
            pruned = {q: bare.prune(q) for q in [FTS_QUERY, *asked]}
            for _ in range(10):
                bare.run(pruned[FTS_QUERY])
            bare_times, _ = timed(lambda q: bare.run(pruned[q]), [FTS_QUERY] * 100)
            bare_ms = statistics.median(bare_times)
            # the baseline of the goal: for each question, what the answer path keeps of it
            # (kept_words), pruned by the search layer
            words_of = kept_words(database, registry)
            kept = {q: words_of(q) for q in asked}
            own = {q: bare.prune(kept[q][0]) for q in asked}
            # one untimed pass first, so each question's index pages are as warm as the
            # answers' (the search layer read them before): the stricter baseline
            timed(lambda q: bare.run(own[q]), asked)
            bare_rows: list[Any] = []
            bare_all, _ = timed(lambda q: bare.run(own[q]), asked, bare_rows)
            text_rows: list[Any] = []
            text_all, _ = timed(lambda q: bare.run(pruned[q]), asked, text_rows)
        finally:
            bare.close()

        run, why = (
            (None, "--search-only") if args.search_only else answering_runner(database, registry)
        )
        answer_times: list[float] = []
        answer_errors = 0
        replies: list[Any] = []
        if run is not None:
            timed(run, warmup)
            # replies are kept only when asked for: they would count in peak RSS
            answer_times, answer_errors = timed(run, asked, replies if args.answers else None)
            if args.answers:
                with Path(args.answers).open("w", encoding="utf-8") as out:
                    for (label, question), result in zip(labelled, replies, strict=True):
                        line = {"kind": label, "q": question, "reply": reply_text(result)}
                        out.write(json.dumps(line, ensure_ascii=False) + "\n")
        dispatch_times: list[float] = []
        dispatch_errors = 0
        if run is not None:
            dispatch = dispatch_runner(database, registry)
            timed(dispatch, warmup)
            dispatch_times, dispatch_errors = timed(dispatch, asked)
        rss_end = rss_mb()
    finally:
        database.dispose()
        target.cleanup()

    print()
    built = f"built in {build_s:.1f} s" if not target.built else "reused (not built in this run)"
    print(f"{built}: {stored:,} assignments, {links:,} unit links stored")
    with_marks, without = kinds["diacritics"], kinds["folded"]
    print(f"questions: {len(asked)} ({with_marks} with diacritics, {without} without)")
    bare_p50 = percentile(bare_all, 0.50)
    print(
        "baseline: each question's pruned bare top-10 query (raw DBAPI) over what the answer"
        " path keeps of it"
    )
    print(report_line(f"  over the {len(asked)} questions", bare_all, 0))
    print(f"  {sum(1 for rows in bare_rows if rows)} of {len(asked)} matched rows")
    for source in (FROM_WORDS, FROM_UNITS, FROM_QUESTION):
        group = [i for i, q in enumerate(asked) if kept[q][1] == source]
        if group:
            matched = sum(1 for i in group if bare_rows[i])
            label = f"  {len(group)} by {source}"
            print(f"{report_line(label, [bare_all[i] for i in group], 0)}   {matched} matched")
    print("old baseline: the same over each question's own words, pruned")
    print(report_line("  over the questions", text_all, 0))
    print(f"  {sum(1 for rows in text_rows if rows)} of {len(asked)} matched rows")
    print(
        f'old baseline: the pruned bare query of "{FTS_QUERY}" only'
        f" ({_pruned_words(pruned[FTS_QUERY])}): median of 100 runs {bare_ms:.2f} ms"
    )
    print(f"older baseline, every word ORed (fts_top10): median of 100 runs {fts_ms:.2f} ms")
    print(
        f"  the same through SqlAssignmentSearch.search: {statistics.median(top10_times):.2f} ms"
    )
    print(report_line("search layer (limit 50)", search_times, search_errors))
    if run is None:
        print(f"answering not available ({why}): only the search layer was timed")
        p50 = percentile(search_times, 0.50)
        p99 = percentile(search_times, 0.99)
    else:
        print(report_line("answer_text", answer_times, answer_errors))
        by_kind: dict[str, list[float]] = {}
        bare_by_kind: dict[str, list[float]] = {}
        for (label, _question), ms, bare_one in zip(labelled, answer_times, bare_all, strict=True):
            by_kind.setdefault(label, []).append(ms)
            bare_by_kind.setdefault(label, []).append(bare_one)
        for label, times in sorted(by_kind.items(), key=lambda kv: -percentile(kv[1], 0.99)):
            bare_kind = percentile(bare_by_kind[label], 0.50)
            kind_line = report_line(f"  {label} ({len(times)})", times, 0)
            print(f"{kind_line}   bare p50 {bare_kind:5.2f} ms")
        for source in (FROM_WORDS, FROM_UNITS, FROM_QUESTION):
            group = [i for i, q in enumerate(asked) if kept[q][1] == source]
            if group:
                mine = percentile([answer_times[i] for i in group], 0.50)
                base = percentile([bare_all[i] for i in group], 0.50)
                print(
                    f"  the {len(group)} searched by {source}: p50 {mine:.2f} ms ="
                    f" {_times(mine, base)} their baseline p50 ({base:.2f} ms)"
                )
        print(report_line("Router.dispatch", dispatch_times, dispatch_errors))
        p50 = percentile(answer_times, 0.50)
        p99 = percentile(dispatch_times, 0.99)
    ratio = p50 / bare_p50 if bare_p50 > 0 else float("inf")
    after = "after building" if not target.built else "after opening (no build)"
    print(f"peak RSS: {rss_built:.0f} MB {after}, {rss_end:.0f} MB at the end")
    print(
        f"p50 ({'answer_text' if run is not None else 'search'}) {p50:.2f} ms ="
        f" {ratio:.1f}x the questions' pruned bare p50 ({bare_p50:.2f} ms);"
        f" {_times(p50, percentile(text_all, 0.50))} the questions' own words pruned,"
        f" {_times(p50, bare_ms)} the example question's,"
        f" {_times(p50, fts_ms)} the every-word one"
    )
    print()
    which = ("Router.dispatch", "answer_text") if run is not None else ("search", "search")
    checks = (
        (f"p99 ({which[0]}) <= {P99_TARGET_MS:.0f} ms", p99 <= P99_TARGET_MS, f"{p99:.2f} ms"),
        (
            f"p50 ({which[1]}) / pruned bare p50 <= {RATIO_TARGET:.0f}x",
            ratio <= RATIO_TARGET,
            f"{ratio:.1f}x",
        ),
        (f"peak RSS <= {RSS_TARGET_MB:.0f} MB", rss_end <= RSS_TARGET_MB, f"{rss_end:.0f} MB"),
        ("no question failed", not (answer_errors or dispatch_errors), f"{answer_errors} errors"),
    )
    for label, ok, value in checks:
        print(f"{'PASS' if ok else 'MISS'}  {label:<44} {value}")
    return 0 if all(ok for _label, ok, _value in checks) else 1


if __name__ == "__main__":
    raise SystemExit(main())
