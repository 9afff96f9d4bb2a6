"""The README's first command, its demo and the five questions it suggests, run as written.

The README shows a transcript of those questions with the replies they get on the shipped
sample. This test runs the demo the README's first command starts, asks the README's
questions, and compares the replies with the transcript, so the README cannot go stale. After
a change that rightly alters a reply, rewrite the transcript with

    GIAOVIEC_WRITE_README=1 .venv/bin/python -m pytest -q tests/bot/test_readme_demo.py

and read the difference before committing it.
"""

from __future__ import annotations

import io
import os
import re
import shlex
from pathlib import Path

import pytest

from bot.cli import main
from handlers import texts
from knowledge.pipeline import extract_file
from tests import documents

README = Path(__file__).resolve().parent.parent.parent / "README.md"
BEGIN = "<!-- demo-transcript: written by tests/bot/test_readme_demo.py -->"
END = "<!-- /demo-transcript -->"
QUESTION = "Bạn: "
TASK_LINE = re.compile(r"^\d+\. .+ — .+$")


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fresh folder as a newcomer's clone: no config.toml, no data."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GIAOVIEC_CONFIG", raising=False)


def first_command_args(readme: str) -> list[str]:
    """The arguments of `giaoviec` in the README's first command (the first ```sh block)."""
    block = re.search(r"```sh\n(.*?)```", readme, re.S)
    assert block is not None, "the README has no ```sh block"
    first = next(
        line for line in block.group(1).splitlines() if line.strip() and not line.startswith("#")
    )
    words = shlex.split(first.split("&&")[-1])
    assert words[0].endswith("giaoviec"), first
    return words[1:]


def transcript_block(readme: str) -> str:
    """The transcript between the README's markers, without its ```text fence."""
    start, end = readme.index(BEGIN) + len(BEGIN), readme.index(END)
    body = readme[start:end].strip()
    assert body.startswith("```text\n"), body[:80]
    assert body.endswith("```"), body[-80:]
    return body.removeprefix("```text\n").removesuffix("```")


def readme_questions(transcript: str) -> list[str]:
    """The questions the README's transcript asks, in order."""
    return [
        line.removeprefix(QUESTION)
        for line in transcript.splitlines()
        if line.startswith(QUESTION)
    ]


def run_demo(args: list[str], questions: list[str]) -> str:
    """The demo's conversation from the first question on, as the console prints it."""
    out, err = io.StringIO(), io.StringIO()
    inp = io.StringIO("".join(f"{q}\n" for q in questions))
    assert main(args, out, err, inp) == 0, err.getvalue()
    assert err.getvalue() == ""
    output = out.getvalue()
    return output[output.index(QUESTION) :].rstrip("\n") + "\n"


def replies(conversation: str) -> dict[str, list[str]]:
    """Each question's reply lines."""
    answers: dict[str, list[str]] = {}
    current: list[str] = []
    for line in conversation.splitlines():
        if line.startswith(QUESTION):
            current = answers.setdefault(line.removeprefix(QUESTION), [])
        elif line.strip():
            current.append(line)
    return answers


def test_the_readme_suggests_the_questions_the_demo_suggests() -> None:
    readme = README.read_text(encoding="utf-8")
    assert readme_questions(transcript_block(readme)) == list(texts.DEMO_QUESTIONS)
    assert len(texts.DEMO_QUESTIONS) == 5


def test_each_suggested_question_gets_a_task_with_its_item_and_the_document_date() -> None:
    readme = README.read_text(encoding="utf-8")
    args = first_command_args(readme)
    assert args[0] == "demo", args
    questions = readme_questions(transcript_block(readme))
    # the document's own date, read from the sample as shipped (its date line leaves the day
    # blank; the text gives it)
    _, extraction = extract_file(documents.SEED)
    assert extraction.header.issued is not None
    issued = extraction.header.issued.strftime("%d/%m/%Y")
    answers = replies(run_demo(args, questions))
    assert list(answers) == questions
    for question, lines in answers.items():
        tasks = [line for line in lines if TASK_LINE.match(line)]
        assert tasks, f"«{question}» got no task: {lines}"
        for task in tasks:
            assert re.search(r"mục \d+$", task), task  # the item of the document
            assert f"ngày {issued}" in task, task  # the document's date
    # and the sample's one deadline is shown as a date
    assert any(
        re.search(r"\bhạn \d{2}/\d{2}/\d{4}\b", line)
        for lines in answers.values()
        for line in lines
    )


def test_the_readme_transcript_is_what_the_demo_replies() -> None:
    readme = README.read_text(encoding="utf-8")
    args = first_command_args(readme)
    written = transcript_block(readme)
    conversation = run_demo(args, readme_questions(written))
    if os.environ.get("GIAOVIEC_WRITE_README") == "1":
        start, end = readme.index(BEGIN) + len(BEGIN), readme.index(END)
        README.write_text(
            readme[:start] + "\n```text\n" + conversation + "```\n" + readme[end:],
            encoding="utf-8",
        )
        written = conversation
    assert conversation == written, "README transcript is stale: see this module's docstring"
