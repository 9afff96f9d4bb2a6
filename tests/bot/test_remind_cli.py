"""`giaoviec bind` and `giaoviec remind --dry-run`: what would be sent, on which day, to whom."""

from __future__ import annotations

import io
import socket
from pathlib import Path

import pytest

from bot.cli import main
from handlers import texts
from tests import documents


def run(*argv: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def db(db_url: str) -> str:
    code, _, err = run("--db", db_url, "ingest", "--issued", "2023-02-28", documents.SEED)
    assert code == 0, err
    return db_url


def test_nothing_goes_out_before_a_chat_is_bound(db: str) -> None:
    code, out, _ = run("--db", db, "remind", "--dry-run", "--date", "2023-03-03")
    assert code == 0
    assert texts.CLI_REMIND_NONE in out


def test_a_bound_group_gets_the_due_reminder_on_the_last_working_day(db: str) -> None:
    code, out, _ = run("--db", db, "bind", "--unit", "Phòng Nội vụ", "--chat", "telegram:-1001")
    assert code == 0
    assert out.strip() == texts.CLI_BOUND.format(chat="telegram:-1001", unit="Phòng Nội vụ")
    # the deadline 05/3/2023 is a Sunday: it is reminded as due on Friday 03/3
    code, out, _ = run("--db", db, "remind", "--dry-run", "--date", "2023-03-03")
    assert code == 0
    lines = [line for line in out.splitlines() if "→" in line]
    assert len(lines) == 1
    assert lines[0].startswith(
        "08:00 → telegram:-1001: Hôm nay là ngày làm việc cuối trước hạn: Phòng Nội vụ"
    )
    assert "hạn 05/03/2023 (ngày nghỉ)" in lines[0]
    assert "hạn 05/03/2023" in lines[0]
    # three working days before: Tuesday 28/02
    _, out, _ = run("--db", db, "remind", "--dry-run", "--date", "2023-02-28")
    assert "còn 3 ngày làm việc" in out
    # a weekend day sends nothing
    _, out, _ = run("--db", db, "remind", "--dry-run", "--date", "2023-03-04")
    assert texts.CLI_REMIND_NONE in out


def test_bind_refuses_a_bad_chat_or_unit(db: str) -> None:
    code, _, err = run("--db", db, "bind", "--unit", "Phòng Nội vụ", "--chat", "telegram")
    assert code != 0
    assert "NỀN_TẢNG:MÃ" in err
    code, _, err = run("--db", db, "bind", "--unit", "Phòng Không Có", "--chat", "zalo:1")
    assert code != 0


def test_send_now_without_a_token_says_which_variable(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GIAOVIEC_TELEGRAM_TOKEN", raising=False)
    code, _, err = run("--db", db, "remind", "--send-now")
    assert code != 0
    assert "GIAOVIEC_TELEGRAM_TOKEN" in err


def test_config_moves_the_reminder_days_and_the_calendar(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        """[reminders]
offsets = [2]
remind_cooperating = false
send_time = "07:30"

[calendar]
days_off = ["2023-03-01"]
""",
        encoding="utf-8",
    )
    monkeypatch.setenv("GIAOVIEC_CONFIG", str(config))
    run("--db", db, "bind", "--unit", "Phòng Nội vụ", "--chat", "telegram:-1001")
    # due day Friday 03/3; two working days before, with Wednesday 01/3 declared off: Tuesday
    _, out, _ = run("--db", db, "remind", "--dry-run", "--date", "2023-02-28")
    assert "07:30 → telegram:-1001: Nhắc hạn: Phòng Nội vụ" in out
    assert "còn 2 ngày làm việc" in out
    _, out, _ = run("--db", db, "remind", "--dry-run", "--date", "2023-03-01")
    assert texts.CLI_REMIND_NONE in out


def test_a_bad_reminder_setting_is_named(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[reminders]\nsend_time = "tám giờ"\n', encoding="utf-8")
    monkeypatch.setenv("GIAOVIEC_CONFIG", str(config))
    code, _, err = run("--db", db, "remind", "--dry-run")
    assert code != 0
    assert "reminders.send_time" in err


def test_the_dry_run_shows_a_leaders_summary_and_digest_with_their_counts(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from knowledge.chats import Role, SqlChatDirectory
    from knowledge.db import open_database

    config = tmp_path / "config.toml"
    config.write_text('[progress]\nsummaries = ["month"]\n', encoding="utf-8")
    monkeypatch.setenv("GIAOVIEC_CONFIG", str(config))
    database = open_database(db)
    try:
        directory = SqlChatDirectory(database.session_factory)
        leader = directory.touch_person("telegram", "9", "Chủ tịch", private_chat_id="9")
        directory.set_role(leader.id, Role.LEADER)
    finally:
        database.dispose()
    # Monday 3 April 2023: the weekly digest and March's summary
    _, out, _ = run("--db", db, "remind", "--dry-run", "--date", "2023-04-03")
    to_leader = [line for line in out.splitlines() if "→ telegram:9:" in line]
    assert any("Tổng hợp tuần" in line for line in to_leader)
    assert any("Tổng hợp tiến độ tháng (01/03/2023 – 31/03/2023)" in line for line in to_leader)
    assert "Đang thực hiện quá hạn: 1" in out


def test_send_now_with_telegram_unreachable_says_so_in_words(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as closed:  # a port nothing listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    config = tmp_path / "config.toml"
    config.write_text(f'[telegram]\nbase_url = "http://127.0.0.1:{port}/bot"\n', encoding="utf-8")
    monkeypatch.setenv("GIAOVIEC_CONFIG", str(config))
    monkeypatch.setenv("GIAOVIEC_TELEGRAM_TOKEN", "123456:SECRET-token")
    run("--db", db, "bind", "--unit", "Phòng Nội vụ", "--chat", "telegram:-1001")
    code, _, err = run("--db", db, "remind", "--send-now")
    assert code == 1
    assert err.startswith("Không kết nối được Telegram nên chưa gửi tin nhắc hạn nào")
    assert "Traceback" not in err
    assert "SECRET-token" not in err
    assert len(err) < 500
