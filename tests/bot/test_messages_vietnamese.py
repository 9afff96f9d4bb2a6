"""Every message a user reads is Vietnamese, with dates as dd/mm/yyyy (issue 16).

Two scans: every sentence kept in handlers/texts/ and bot/texts.py, and what the command line prints (help,
refusals, summaries, answers, the demo) over the sample. A word is flagged as English when it
is written in plain ASCII letters and cannot be one Vietnamese syllable ("content", "named",
"binary", "file", "error"); Vietnamese written without its accents mostly can, so the scan
also keeps the sentences in handlers/texts/ to words with diacritics where they need them
by review, not by this test. Product names, a few loanwords officials use as they are, and
what the user types (commands, flags, file names, paths) are not prose and are left out.
"""

from __future__ import annotations

import argparse
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import texts as bot_texts
from bot.cli import build_parser, main
from handlers import texts
from tests import documents

ISO_DATE = re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b")
# One Vietnamese syllable without its accents: onset, vowels, coda.
SYLLABLE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ng|nh|ch|[cmnpt])?$"
)
# Names and loanwords Vietnamese offices use as they are.
NAMES = {
    "Telegram",
    "Zalo",
    "Excel",
    "Word",
    "LibreOffice",
    "BotFather",
    "Creator",
    "SQLite",
    "PostgreSQL",
    "Ctrl",
    "token",
    "webhook",
    "polling",
    "byte",
    "bot",
}
# What the user types back, named in the sentences that tell them to: the command line's
# commands and the words /capnhat and /capquyen read.
TYPED = {
    "giaoviec",
    "ingest",
    "demo",
    "bind",
    "remind",
    "vuongmac",
    "giahan",
    "quantri",
    "lanhdao",
    # config.toml values, written as the file must hold them
    "true",
    "false",
    "month",
    "quarter",
}
# The command line's commands (the evaluation contract names extract, ingest and ask).
COMMANDS = {
    name
    for action in build_parser()._actions
    if isinstance(action, argparse._SubParsersAction)
    for name in action.choices
} | {"alias", "merge", "list", "upgrade", "check"}
# Not shown to users: argparse's English phrases, the keys texts/cli.py translates them from.
NOT_SHOWN = {"CLI_ARGPARSE_PHRASES"}


def english_words(text: str) -> list[str]:
    """The words of `text` that read as English, not Vietnamese."""
    text = re.sub(r"\{[^}]*\}", " ", text)  # placeholders
    found = []
    for token in text.split():
        # paths, file names, URLs, flags, commands, config tables, unit keys
        if re.search(r"[/\\._:=@|<>\[\]-]|^--?", token):
            continue
        if token.endswith("…"):
            continue  # a word cut short ("lần th…")
        word = token.strip("«»()[],;!?\"'–—•*")
        if len(word) < 2 or not re.fullmatch(r"[A-Za-z]+", word):
            continue
        if word.isupper() or word in NAMES or word.lower() in TYPED | COMMANDS:
            continue  # acronyms: UBND, MTTQ, PDF, URL...
        if SYLLABLE.match(word.lower()):
            continue
        found.append(word)
    return found


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _strings(item)


def test_the_scan_tells_english_from_vietnamese() -> None:
    assert english_words("Tệp bad.pdf bị hỏng (binary content named .pdf).") == [
        "binary",
        "content",
        "named",
    ]
    assert english_words("show this help message and exit") == [
        "show",
        "this",
        "help",
        "message",
        "and",
        "exit",
    ]
    assert english_words("phong noi vu co viec gi sap den han; Đã gửi tới UBND huyện") == []
    assert english_words("«giaoviec demo --date 03/03/2023» chạy bot Telegram") == []
    assert ISO_DATE.search("Ngày hoàn thành 2026-12-30 còn ở phía trước")


@pytest.mark.parametrize("module", [texts, bot_texts], ids=["handlers", "bot"])
def test_every_sentence_in_texts_is_vietnamese_with_dd_mm_yyyy_dates(module: object) -> None:
    problems = []
    for name in dir(module):
        if name.startswith("_") or name in NOT_SHOWN:
            continue
        for sentence in _strings(getattr(module, name)):
            if english_words(sentence) or ISO_DATE.search(sentence):
                problems.append((name, english_words(sentence), ISO_DATE.findall(sentence)))
    assert problems == []


# --- what the command line prints ------------------------------------------------------------


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GIAOVIEC_CONFIG", raising=False)


def _run(argv: list[str], stdin: str = "") -> str:
    out, err = io.StringIO(), io.StringIO()
    main(argv, out, err, io.StringIO(stdin))
    return out.getvalue() + err.getvalue()


def help_texts() -> dict[str, str]:
    """`giaoviec --help` and every command's --help, as argparse prints them."""
    found: dict[str, str] = {}

    def walk(parser: argparse.ArgumentParser, name: str) -> None:
        found[f"{name} --help"] = parser.format_help()
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub, child in action.choices.items():
                    walk(child, f"{name} {sub}")

    walk(build_parser(), "giaoviec")
    return found


def cli_messages(tmp_path: Path) -> dict[str, str]:
    """What a newcomer's first session prints, by what they typed."""
    db = ["--db", f"sqlite:///{tmp_path / 'scan.db'}"]
    bad = tmp_path / "bao-cao.pdf"
    bad.write_bytes(bytes(range(256)) * 8)
    later = tmp_path / "later.txt"
    later.write_text(
        documents.SEED.read_text(encoding="utf-8").replace("05/3/2023", "05/3/2099"),
        encoding="utf-8",
    )
    configs = {
        "toml": "x = \n",
        "mode": '[telegram]\nmode = "abc"\n',
        "time": '[reminders]\nsend_time = "8h"\n',
        "admins": '[access]\noffice_admins = ["12345"]\n',
        "port": "[files]\nport = 70000\n",
    }
    for name, content in configs.items():
        (tmp_path / f"{name}.toml").write_text(content, encoding="utf-8")
    typed: list[list[str]] = [
        *(["--config", str(tmp_path / f"{name}.toml"), "list"] for name in configs),
        ["--config", str(tmp_path / "khong-co.toml"), "list"],
        [*db, "ingest", str(documents.SEED)],
        [*db, "ingest", str(bad)],
        ["extract", str(bad)],
        ["extract", str(documents.SEED)],
        [*db, "list"],
        [*db, "list", "--due-before", "2023-13-45"],
        [*db, "units"],
        [*db, "units", "alias", "Phòng Nội vụ", "P.NV"],
        [*db, "units", "alias", "Sở Ngoại vụ Sao Hỏa", "X"],
        [*db, "ask", "--date", "2023-03-10", "việc nào quá hạn?"],
        [*db, "ask", "--date", "2023-03-03", "Phòng Nội vụ được giao việc gì?"],
        [*db, "ask", "--date", "hôm qua", "việc nào quá hạn?"],
        [*db, "progress", "7", "xong", "--completed", "2099-01-04"],
        [*db, "progress", "7", "xong", "--percent", "150"],
        [*db, "progress", "7", "dang-thuc-hien", "--date", "2023-03-10"],
        [*db, "progress", "999", "xong"],
        [*db, "progress", "7", "lam-xong"],
        [*db, "remind", "--dry-run", "--date", "2023-03-03"],
        [*db, "report", "--date", "2023-03-10", "--xlsx", str(tmp_path / "r.xlsx")],
        [*db, "report", "--from", "2023-04-01", "--to", "2023-03-01", "--xlsx", "r.xlsx"],
        [*db, "report", "--xlsx", str(tmp_path / "khong-co" / "r.xlsx")],
        [*db, "bind", "--unit", "Phòng Nội vụ", "--chat", "telegram"],
        ["khong-co-lenh"],
        ["ask", "--khong-co"],
        ["--db", f"sqlite:///{tmp_path / 'moi.db'}", "db", "check"],
        ["--db", f"sqlite:///{tmp_path / 'moi.db'}", "db", "upgrade"],
        [*db, "db", "upgrade"],
        [*db, "db", "check"],
    ]
    printed = help_texts()
    # what the user typed, echoed back, is theirs: left out of the scan
    printed |= {" ".join(argv): _without(_run(argv), argv) for argv in typed}
    questions = [*texts.DEMO_QUESTIONS, "/trogiup", "xin chào", "tiến độ xyz", "/tiendo", "/thoat"]
    printed["demo"] = _without(_run(["demo"], "\n".join(questions) + "\n"), questions)
    return printed


def _without(output: str, typed: list[str]) -> str:
    for words in sorted(typed, key=len, reverse=True):
        output = output.replace(words, " ")
    return output


def test_what_the_command_line_prints_is_vietnamese_with_dd_mm_yyyy_dates(
    tmp_path: Path,
) -> None:
    printed = cli_messages(tmp_path)
    assert "Cách dùng: giaoviec" in printed["giaoviec --help"]
    assert "giaoviec units alias --help" in printed
    problems = []
    for typed, output in printed.items():
        assert output.strip(), typed
        prose = output.replace(str(tmp_path), "")  # paths the user gave
        words = english_words(prose)
        dates = ISO_DATE.findall(prose)
        if words or dates:
            problems.append((typed, sorted(set(words)), dates))
    assert problems == []
