"""The console chat and `giaoviec chat` / `giaoviec demo` over the sample notice."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from bot.console import message_from_line, render_reply, run_console
from handlers import texts
from handlers.messages import Button, ChatRef, IncomingMessage, Reply, ReplyFile, Sender
from tests import documents

REPO = Path(__file__).resolve().parent.parent.parent
CHAT = ChatRef("console", "test")
ME = Sender("me")


class _Terminal(io.StringIO):
    """Input that says it is a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep a developer's ./config.toml, $GIAOVIEC_CONFIG and ./data out of the tests."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GIAOVIEC_CONFIG", raising=False)


@pytest.fixture
def stocked(tmp_path: Path) -> str:
    """A SQLite database holding the sample notice."""
    url = f"sqlite:///{tmp_path / 'db' / 'giaoviec.db'}"
    out, err = io.StringIO(), io.StringIO()
    code = main(["--db", url, "ingest", "--issued", "2023-02-28", str(documents.SEED)], out, err)
    assert code == 0, err.getvalue()
    return url


def chat(url: str, lines: list[str], *options: str) -> dict[str, str]:
    """Run `giaoviec chat` with piped lines; each question's answer, by question."""
    out, err = io.StringIO(), io.StringIO()
    inp = io.StringIO("".join(f"{line}\n" for line in lines))
    code = main(["--db", url, "chat", *options], out, err, inp)
    assert code == 0, err.getvalue()
    assert err.getvalue() == ""
    return transcript(out.getvalue())


def transcript(output: str) -> dict[str, str]:
    answers: dict[str, str] = {}
    question = ""
    for line in output.splitlines():
        if line.startswith("Bạn: "):
            question = line.removeprefix("Bạn: ")
            answers[question] = ""
        elif question:
            answers[question] += line + "\n"
    return answers


# --- rendering and reading lines ----------------------------------------------------------


def test_a_reply_renders_as_plain_text_with_button_hints() -> None:
    reply = Reply(
        title="Phòng Nội vụ: 6 việc",
        lines=("1. một", "2. hai"),
        footer="Còn 1 việc nữa: gõ «xem thêm».",
        buttons=(Button("Chi tiết 1", "detail:3"), Button("Xem thêm", "more")),
        file=ReplyFile("bao-cao.xlsx", b""),
    )
    assert render_reply(reply) == (
        "Phòng Nội vụ: 6 việc\n1. một\n2. hai\nCòn 1 việc nữa: gõ «xem thêm».\n"
        "(Tệp đính kèm: bao-cao.xlsx)\n[Chi tiết 1] [Xem thêm]"
    )


def test_a_line_becomes_a_command_a_question_or_a_button_press() -> None:
    command = message_from_line("/viec  Phòng Nội vụ\n", chat=CHAT, sender=ME)
    assert (command.command, command.args, command.callback) == ("viec", "Phòng Nội vụ", None)
    assert command.chat == CHAT
    question = message_from_line("Phòng Nội vụ được giao việc gì?", chat=CHAT, sender=ME)
    assert (question.command, question.text) == (None, "Phòng Nội vụ được giao việc gì?")
    buttons = (Button("Phòng Nội vụ", "bind:phong-noi-vu"), Button("Xem thêm", "more"))
    pressed = message_from_line("phong noi vu", chat=CHAT, sender=ME, buttons=buttons)
    assert pressed.callback == "bind:phong-noi-vu"
    assert message_from_line("XEM THÊM", chat=CHAT, sender=ME, buttons=buttons).callback == "more"
    other = message_from_line("Phòng Nội vụ có việc gì", chat=CHAT, sender=ME, buttons=buttons)
    assert other.callback is None


class _Echo:
    """A router stand-in that answers every message with its text."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def dispatch(self, message: IncomingMessage) -> list[Reply]:
        self.seen.append(message.text)
        return [Reply(title=f"ok {message.text}")]


def test_console_prompts_only_on_a_terminal() -> None:
    echo = _Echo()
    out = io.StringIO()
    run_console(echo, _Terminal("xin chào\n"), out)
    assert out.getvalue().startswith(texts.CONSOLE_PROMPT + "ok xin chào")
    assert out.getvalue().endswith(texts.CONSOLE_BYE + "\n")

    piped = io.StringIO()
    run_console(echo, io.StringIO("xin chào\n"), piped)
    assert piped.getvalue() == "Bạn: xin chào\nok xin chào\n\n"


def test_console_stops_at_thoat_and_skips_blank_lines() -> None:
    echo = _Echo()
    out = io.StringIO()
    run_console(echo, io.StringIO("\n  \nmột\n/thoat\nhai\n"), out)
    assert echo.seen == ["một"]
    assert out.getvalue().endswith(texts.CONSOLE_BYE + "\n")


class _Unreadable(io.StringIO):
    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        raise OSError("reading from stdin while output is captured")


def test_console_ends_quietly_when_input_cannot_be_read() -> None:
    echo = _Echo()
    assert run_console(echo, _Unreadable(), io.StringIO()) == 0
    assert echo.seen == []


# --- a scripted conversation over the sample notice -----------------------------------------


def test_questions_about_the_sample_notice(stocked: str) -> None:
    answers = chat(
        stocked,
        [
            "Phòng Nội vụ được giao việc gì?",
            "phong noi vu co viec gi sap den han",
            "/quahan 10/3/2023",
            "chi tiết 1",
        ],
        "--today",
        "2023-03-01",
    )
    assigned = answers["Phòng Nội vụ được giao việc gì?"]
    assert "05/03/2023" in assigned
    assert "mục 5" in assigned
    assert "[Chi tiết 1]" in assigned
    upcoming = answers["phong noi vu co viec gi sap den han"]
    assert "hạn 05/03/2023 (còn 4 ngày)" in upcoming
    overdue = answers["/quahan 10/3/2023"]
    assert "1 việc quá hạn tính đến ngày 10/03/2023" in overdue
    assert "quá hạn 5 ngày" in overdue
    quote = answers["chi tiết 1"]
    assert "Nguyên văn: «Giao phòng Nội vụ huyện" in quote


def test_dangky_then_own_unit_question(stocked: str) -> None:
    answers = chat(
        stocked,
        ["đơn vị tôi được giao gì", "/dangky Phòng Nội vụ", "đơn vị tôi được giao gì?"],
        "--today",
        "2023-03-01",
    )
    assert answers["đơn vị tôi được giao gì"].strip() == texts.ANSWER_NO_OWN_UNIT
    assert answers["/dangky Phòng Nội vụ"].strip() == texts.REGISTER_DONE.format(
        unit="Phòng Nội vụ"
    )
    own = answers["đơn vị tôi được giao gì?"]
    assert own.startswith("Phòng Nội vụ: 4 việc")
    assert "05/03/2023" in own
    assert "mục 5" in own


def test_did_you_mean_is_answered_by_typing_the_offered_name(stocked: str) -> None:
    answers = chat(
        stocked, ["/dangky phong noi", "Phòng Nội vụ", "/viec"], "--today", "2023-03-01"
    )
    assert "[Phòng Nội vụ]" in answers["/dangky phong noi"]
    assert texts.REGISTER_DONE.format(unit="Phòng Nội vụ") in answers["Phòng Nội vụ"]
    assert "05/03/2023" in answers["/viec"]


def test_chat_unit_option_binds_the_conversation(stocked: str) -> None:
    answers = chat(stocked, ["/viec"], "--today", "2023-03-01", "--unit", "Phòng Nội vụ")
    assert answers["/viec"].startswith("Phòng Nội vụ: 4 việc")


def test_chat_refuses_an_unknown_unit(stocked: str) -> None:
    err = io.StringIO()
    code = main(
        ["--db", stocked, "chat", "--unit", "Sở Ngoại vụ Sao Hỏa"],
        io.StringIO(),
        err,
        io.StringIO(""),
    )
    assert code == 2
    assert "Không tìm thấy đơn vị «Sở Ngoại vụ Sao Hỏa»" in err.getvalue()


def test_chat_without_today_counts_from_the_real_date(stocked: str) -> None:
    answers = chat(stocked, ["Phòng Nội vụ được giao việc gì?"])
    assert "quá hạn" in answers["Phòng Nội vụ được giao việc gì?"]  # 05/03/2023 is long past


# --- giaoviec demo ------------------------------------------------------------------------------


def test_demo_starts_fresh_in_the_data_folder_and_chats(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "demo.db").write_bytes(b"not a database: an old demo must not get in the way")
    out, err = io.StringIO(), io.StringIO()
    inp = io.StringIO("Phòng Nội vụ được giao việc gì?\n")
    assert main(["demo"], out, err, inp) == 0, err.getvalue()
    output = out.getvalue()
    assert "1 văn bản, 7 nhiệm vụ" in output
    assert "03/03/2023" in output  # the demo's today, told in the welcome
    for example in texts.DEMO_QUESTIONS:
        assert example in output
    answer = transcript(output)["Phòng Nội vụ được giao việc gì?"]
    assert "hạn 05/03/2023 (còn 2 ngày)" in answer
    assert "mục 5" in answer
    assert (data / "demo.db").stat().st_size > 10_000


def test_demo_today_option(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    inp = io.StringIO("Phòng Nội vụ được giao việc gì?\n")
    assert main(["demo", "--today", "2023-03-05"], out, err, inp) == 0, err.getvalue()
    assert "hạn 05/03/2023 (hôm nay)" in out.getvalue()


def test_demo_as_the_readme_runs_it(tmp_path: Path) -> None:
    """`giaoviec demo` with questions piped in: the newcomer's first command."""
    script = Path(sys.executable).with_name("giaoviec")
    assert script.is_file(), "the giaoviec console script is installed next to python"
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONPATH": str(REPO)}
    env.pop("GIAOVIEC_CONFIG", None)
    done = subprocess.run(
        [str(script), "demo"],
        input="Phòng Nội vụ được giao việc gì?\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=tmp_path,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    answer = transcript(done.stdout)["Phòng Nội vụ được giao việc gì?"]
    assert "05/03/2023" in answer
    assert "mục 5" in answer
    assert (tmp_path / "data" / "demo.db").is_file()


def test_a_file_in_a_reply_is_saved_and_its_path_shown(tmp_path: Path) -> None:
    class Reports:
        def dispatch(self, message: IncomingMessage) -> list[Reply]:
            return [Reply(title="Báo cáo", file=ReplyFile("tien-do.xlsx", b"PK\x03\x04"))]

    out = io.StringIO()
    folder = tmp_path / "bao-cao"
    for _ in range(2):
        run_console(Reports(), io.StringIO("/baocao\n"), out, interactive=False, files_dir=folder)
    assert (folder / "tien-do.xlsx").read_bytes() == b"PK\x03\x04"
    assert (folder / "tien-do-2.xlsx").exists()  # a second report keeps the first
    assert texts.CONSOLE_FILE_SAVED.format(path=folder / "tien-do.xlsx") in out.getvalue()
