"""`giaoviec run` serves the pages beside the report files when [files] is configured, with a
signer on the same public URL and secret; links are made only for the people they may serve."""

from __future__ import annotations

import io
import socket
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest

from bot.config import load_settings
from bot.runtime import file_links, files_served, page_signer
from bot.web.links import PROGRESS, REVIEW, PageSigner
from bot.wiring import App, router_for
from handlers import texts
from handlers.access import Caller
from handlers.router import FixedClock
from knowledge.chats import Person, Registration, Role

SECRET = "a-signing-secret-for-wiring"
UNITS = (
    Path(__file__).resolve().parents[3] / "knowledge" / "data" / "units" / "huyen-truoc-2025.toml"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_run_serves_the_pages_on_the_file_listener(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIAOVIEC_FILES_SECRET", SECRET)
    port = free_port()
    config = tmp_path / "config.toml"
    config.write_text(
        f'[storage]\ndata_dir = "data"\n[files]\npublic_base_url = "http://127.0.0.1:{port}"\n'
        f"port = {port}\nlink_hours = 2\n",
        encoding="utf-8",
    )
    settings = load_settings(config)
    app = App(settings, settings.db_url, UNITS, io.StringIO(), io.StringIO())
    try:
        signer = page_signer(app)
        assert signer is not None
        assert signer.ttl == timedelta(hours=2)
        router = router_for(app, FixedClock(date(2023, 3, 10)))
        async with files_served(app, file_links(app), router, signer), httpx.AsyncClient() as http:
            forged = await http.get(f"http://127.0.0.1:{port}/trang/tiendo?t=abc.def")
            token = signer.token(PROGRESS, "telegram", "999")
            stranger = await http.get(f"http://127.0.0.1:{port}/trang/tiendo?t={token}")
        assert forged.status_code == 403
        assert texts.WEB_LINK_INVALID in forged.text
        assert stranger.status_code == 403  # nobody by that id: no role, no page
        assert texts.WEB_NOT_ALLOWED in stranger.text
    finally:
        app.close()


def test_no_public_url_means_no_pages(tmp_path: Path) -> None:
    settings = load_settings(tmp_path / "none.toml")
    app = App(settings, settings.db_url, Path("units.toml"), io.StringIO(), io.StringIO())
    assert page_signer(app) is None


def _caller(role: Role | None, unit: str | None = None) -> Caller:
    person = Person(
        1,
        "telegram",
        "7",
        "A",
        role,
        unit,
        None,
        Registration.APPROVED if unit else Registration.NONE,
        "7",
    )
    return Caller(person, person.approved_unit_key)


def test_links_are_made_only_for_whom_the_page_serves() -> None:
    signer = PageSigner("https://bot.example.gov.vn/tep/", SECRET)
    review = signer.review(_caller(Role.ADMIN), 5)
    assert review is not None
    assert review.startswith("https://bot.example.gov.vn/tep/trang/duyet/5?t=")
    assert signer.review(_caller(Role.LEADER), 5) is None
    assert signer.progress(_caller(Role.LEADER)) is not None
    assert signer.progress(_caller(None, "phong-noi-vu")) is not None
    assert signer.progress(_caller(None)) is None
    assert signer.review(Caller(None, None, open_access=True), 5) is None
    token = review.split("?t=")[1]
    assert signer.check(token, REVIEW, 5) is not None
    assert signer.check(token, REVIEW, 6) is None
    assert SECRET not in repr(signer)
    with pytest.raises(ValueError, match="16"):
        PageSigner("https://x.vn", "short")
