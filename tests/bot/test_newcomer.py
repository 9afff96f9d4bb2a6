"""What a first-time official trips on (issue 16): one clock flag across the commands, help
suggestions that work on the sample as shipped, the sample's date read from its text, and the
unit named, not its key."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pytest

from bot.cli import build_parser, main
from handlers import texts
from knowledge.pipeline import extract_file, issued_from_body
from knowledge.readers import read_document
from tests import documents

CLOCK_COMMANDS = ("ask", "chat", "demo", "remind", "report", "progress")
QUOTED = re.compile(r"«([^»]+)»")


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GIAOVIEC_CONFIG", raising=False)


def run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err, io.StringIO(stdin))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def sample_db(tmp_path: Path) -> str:
    """The sample ingested as shipped: no --issued."""
    url = f"sqlite:///{tmp_path / 'db' / 'giaoviec.db'}"
    code, _, err = run("--db", url, "ingest", str(documents.SEED))
    assert code == 0, err
    return url


# --- one clock flag ----------------------------------------------------------------------------


def _subparser(name: str) -> object:
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return action.choices[name]  # type: ignore[attr-defined]


@pytest.mark.parametrize("command", CLOCK_COMMANDS)
def test_every_clock_command_shows_date_and_hides_the_old_spelling(command: str) -> None:
    help_text = _subparser(command).format_help()  # type: ignore[attr-defined]
    assert "--date NGÀY" in help_text
    assert "--today" not in help_text


def test_the_clock_flag_takes_dates_as_officials_write_them(sample_db: str) -> None:
    for spelling in ("--date", "--today"):
        for day in ("10/3/2023", "10/03/2023", "2023-03-10"):
            code, out, err = run("--db", sample_db, "ask", spelling, day, "việc nào quá hạn?")
            assert code == 0, err
            assert out.startswith("1 việc quá hạn tính đến ngày 10/03/2023"), out


def test_a_bad_date_is_refused_in_vietnamese_with_a_dd_mm_yyyy_example(sample_db: str) -> None:
    code, _, err = run("--db", sample_db, "ask", "--date", "31/02/2023", "việc nào quá hạn?")
    assert code == 2
    assert "Ngày không hợp lệ: 31/02/2023" in err
    assert "ví dụ 05/03/2023" in err


def test_progress_date_sets_the_clock_it_is_judged_against(sample_db: str) -> None:
    # without --date a completion in the real future is refused (2099 is ahead of any clock)
    code, _, err = run("--db", sample_db, "progress", "7", "xong", "--completed", "04/01/2099")
    assert code == 2
    assert "Ngày hoàn thành 04/01/2099 còn ở phía trước" in err
    assert "2099-01-04" not in err
    # with --date the office's day is that day: the same report is accepted
    code, out, err = run(
        "--db",
        sample_db,
        "progress",
        "7",
        "xong",
        "--completed",
        "04/01/2099",
        "--date",
        "05/01/2099",
    )
    assert code == 0, err
    assert "Đã ghi nhận việc 7: Đã hoàn thành." in out
    # and the status is told as of --date: done after the 05/03/2023 deadline
    assert "Tình trạng: Hoàn thành quá hạn (hạn 05/03/2023)." in out


def test_progress_date_judges_the_status_on_that_day(sample_db: str) -> None:
    code, out, err = run(
        "--db", sample_db, "progress", "7", "dang-thuc-hien", "--date", "01/03/2023"
    )
    assert code == 0, err
    assert "Tình trạng: Sắp đến hạn (hạn 05/03/2023)." in out
    code, out, err = run(
        "--db", sample_db, "progress", "7", "dang-thuc-hien", "--date", "10/03/2023"
    )
    assert code == 0, err
    assert "Tình trạng: Đang thực hiện quá hạn (hạn 05/03/2023)." in out


def test_report_and_remind_take_the_same_flag(sample_db: str, tmp_path: Path) -> None:
    code, out, err = run(
        "--db", sample_db, "report", "--date", "10/03/2023", "--xlsx", str(tmp_path / "r.xlsx")
    )
    assert code == 0, err
    assert "số liệu tính đến ngày 10/03/2023" in out
    code, out, err = run("--db", sample_db, "remind", "--dry-run", "--date", "03/03/2023")
    assert code == 0, err
    assert out.startswith("Nhắc hạn ngày 03/03/2023")


# --- the sample's number and date --------------------------------------------------------------


def test_the_sample_date_is_read_from_its_text_when_its_date_line_leaves_the_day_blank() -> None:
    _, extraction = extract_file(documents.SEED)
    assert extraction.header.issued_text is not None
    assert "tháng 02 năm 2023" in extraction.header.issued_text
    assert extraction.header.issued is not None
    assert extraction.header.issued.isoformat() == "2023-02-28"  # «Ngày 28 tháng 02 năm 2023, ...»
    assert extraction.issued_from_body
    # a date given by the office wins over the text
    _, given = extract_file(documents.SEED, issued=date(2023, 3, 1))
    assert given.header.issued == date(2023, 3, 1)
    assert not given.issued_from_body


def test_the_date_from_the_text_must_fall_in_the_month_of_the_date_line() -> None:
    lines = read_document(documents.SEED).lines()
    assert issued_from_body(lines, "Tân Yên, ngày   tháng 02 năm 2023") is not None
    assert issued_from_body(lines, "Tân Yên, ngày   tháng 04 năm 2023") is None  # no such date
    assert issued_from_body(lines, "Tân Yên, ngày ... tháng ... năm 2023") is None  # no month
    assert issued_from_body(["Ngày 05/3/2023 họp."], "ngày  tháng 3 năm 2023").day == 5  # type: ignore[union-attr]


def test_ingest_says_which_documents_lack_a_number_or_a_date_and_how_to_set_them(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'n.db'}"
    code, out, err = run("--db", url, "ingest", str(documents.SEED))
    assert code == 0, err
    assert "không ghi số (dòng «Số:» để trống)" in out
    assert "lấy ngày 28/02/2023 ghi trong nội dung văn bản" in out
    assert "--issued ngày/tháng/năm" in out
    undated = tmp_path / "khong-ngay.txt"
    undated.write_text(
        "Số: 12/TB-UBND\nTHÔNG BÁO\nGiao Phòng Nội vụ rà soát hồ sơ trước ngày 15/4.\n",
        encoding="utf-8",
    )
    code, out, err = run("--db", url, "ingest", str(undated))
    assert code == 0, err
    assert "không ghi ngày ban hành" in out
    assert "không ghi số" not in out  # it has one


def test_answers_cite_the_sample_with_its_date_when_ingested_as_shipped(sample_db: str) -> None:
    code, out, err = run(
        "--db", sample_db, "ask", "--date", "03/03/2023", "Phòng Nội vụ được giao việc gì?"
    )
    assert code == 0, err
    assert "Thông báo ngày 28/02/2023, mục 5" in out


# --- suggestions that work on the sample ------------------------------------------------------


def _suggested() -> list[str]:
    """Every question the help, the greeting and the demo suggest, as typed."""
    questions: list[str] = []
    for line in (*texts.EXAMPLE_QUESTIONS, *texts.DEMO_QUESTIONS):
        text = line.removeprefix("• ")
        text = re.sub(r"\s*\(sau khi /dangky <tên đơn vị>\)$", "", text)
        questions += [q.strip() for q in text.split(" / ")]
    questions += QUOTED.findall(texts.HELP_FOOTER)
    return list(dict.fromkeys(questions))


def test_every_suggested_question_gets_tasks_on_the_sample(sample_db: str) -> None:
    questions = _suggested()
    assert any("đơn vị tôi" in q.lower() for q in questions)
    for question in questions:
        own = ["--unit", "Phòng Nội vụ"] if "đơn vị tôi" in question.lower() else []
        code, out, err = run("--db", sample_db, "ask", "--date", "03/03/2023", *own, question)
        assert code == 0, err
        assert re.match(r"^.+: \d+ việc|^\d+ việc", out), f"«{question}» → {out[:200]}"
        assert "\n1. " in out, f"«{question}» → {out[:200]}"
        assert "Thông báo ngày 28/02/2023" in out


def test_every_suggested_progress_scope_works_on_the_sample(sample_db: str) -> None:
    scopes = texts.CMD_TIENDO_ARGS.strip("[]").split(" | ")
    scopes += [
        q.removeprefix("tiến độ ").removeprefix("tổng hợp ")
        for q in QUOTED.findall(texts.PROGRESS_SCOPE_UNKNOWN)
        if q.startswith(("tiến độ", "tổng hợp"))
    ]
    lines = [f"/tiendo {scope}" for scope in dict.fromkeys(scopes)]
    code, out, err = run(
        "--db", sample_db, "chat", "--date", "03/03/2023", stdin="\n".join(lines) + "\n"
    )
    assert code == 0, err
    answers = out.split("Bạn: ")[1:]
    assert len(answers) == len(lines)
    for answer in answers:
        assert re.search(r"\nTiến độ .+ \(tính đến 03/03/2023\): [1-9]\d* việc", answer), answer


# --- units by name -----------------------------------------------------------------------------


def test_units_alias_names_the_unit_not_its_key(sample_db: str) -> None:
    code, out, err = run("--db", sample_db, "units", "alias", "Phòng Nội vụ", "P.NV")
    assert code == 0, err
    assert out == "Đã thêm tên gọi khác «P.NV» cho Phòng Nội vụ.\n"
    # the alias now reaches the unit
    code, out, err = run("--db", sample_db, "list", "--unit", "P.NV")
    assert code == 0, err
    assert "phòng Nội vụ huyện" in out
