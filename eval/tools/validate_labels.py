#!/usr/bin/env python3
"""Check that labelled passages follow eval/LABELLING.md (their format only, never content)."""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from datetime import date
from pathlib import Path

REQUIRED = ("source_url", "doc_number", "issued_date", "assignments", "questions")
ASSIGNMENT_KEYS = (
    "id",
    "lead",
    "cooperate",
    "task",
    "deadline",
    "deadline_text",
    "recurring",
    "quote",
)


def squash(text: str) -> str:
    """NFC and single spaces, so a quote copied across line breaks still matches."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def check_date(value: object, where: str, problems: list[str]) -> None:
    """A date field is null or YYYY-MM-DD."""
    if value is None:
        return
    try:
        date.fromisoformat(str(value))
    except ValueError:
        problems.append(f"{where}: {value!r} is not YYYY-MM-DD")


def check_pair(label_path: Path) -> list[str]:
    """What is wrong with one label file and its text."""
    problems: list[str] = []
    text_path = label_path.with_suffix(".txt")
    if not text_path.exists():
        return [f"{text_path.name} is missing"]
    text = squash(text_path.read_text(encoding="utf-8"))
    if len(text) < 200:
        problems.append(f"{text_path.name}: only {len(text)} characters")
    try:
        label = json.loads(label_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        return [f"{label_path.name}: not JSON ({exc})"]
    for key in REQUIRED:
        if key not in label:
            problems.append(f"{label_path.name}: no {key!r}")
    if not str(label.get("source_url") or "").strip():
        problems.append(f"{label_path.name}: empty source_url")
    check_date(label.get("issued_date"), f"{label_path.name} issued_date", problems)
    ids: set[str] = set()
    for a in label.get("assignments") or []:
        where = f"{label_path.name} {a.get('id')}"
        for key in ASSIGNMENT_KEYS:
            if key not in a:
                problems.append(f"{where}: no {key!r}")
        if a.get("id") in ids:
            problems.append(f"{where}: duplicate id")
        ids.add(a.get("id"))
        if not isinstance(a.get("lead"), list) or not isinstance(a.get("cooperate"), list):
            problems.append(f"{where}: lead and cooperate must be lists")
        check_date(a.get("deadline"), f"{where} deadline", problems)
        quote = squash(a.get("quote") or "")
        if not quote:
            problems.append(f"{where}: empty quote")
        elif quote not in text:
            problems.append(f"{where}: quote is not in the text: {quote[:80]!r}")
    for n in label.get("non_assignments") or []:
        quote = squash(n.get("quote") or "")
        if quote and quote not in text:
            problems.append(f"{label_path.name} non_assignment quote not in text: {quote[:60]!r}")
    questions = label.get("questions") or []
    if len(questions) < 3:
        problems.append(f"{label_path.name}: {len(questions)} questions (4-6 wanted)")
    for q in questions:
        if not str(q.get("q") or "").strip():
            problems.append(f"{label_path.name}: empty question")
        for e in q.get("expect", None) or []:
            if e not in ids:
                problems.append(
                    f"{label_path.name}: question {q.get('q')!r} expects unknown {e!r}"
                )
        if "expect" not in q:
            problems.append(f"{label_path.name}: question {q.get('q')!r} has no expect")
    return problems


def main() -> int:
    """Check every pair in the folders given; exit 1 on any problem."""
    folders = [Path(p) for p in sys.argv[1:]] or [Path(".")]
    problems: list[str] = []
    pairs = 0
    urls: dict[str, str] = {}
    for folder in folders:
        for label_path in sorted(folder.glob("*.json")):
            pairs += 1
            problems += check_pair(label_path)
            try:
                url = json.loads(label_path.read_text(encoding="utf-8")).get("source_url")
            except json.JSONDecodeError:
                continue
            if url and url in urls:
                problems.append(f"{label_path.name}: same source_url as {urls[url]}")
            urls.setdefault(url, label_path.name)
    for p in problems:
        print(p)
    print(f"{pairs} passages, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
