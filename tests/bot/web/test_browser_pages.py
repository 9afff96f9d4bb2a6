"""The web pages in a real browser: headless Chromium (Debian's package) driven by Playwright
with the system browser. Screenshots at phone and desktop width go to test-artefacts/browser/.

`.ci/run` installs Chromium when it is missing and sets GIAOVIEC_REQUIRE_BROWSER, so these
tests run there, never skip; elsewhere they skip without a browser (GIAOVIEC_CHROMIUM names
another executable).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import sync_playwright

from bot.cli import reminder_lines
from handlers import texts
from tests.bot.web.site import NOI_VU_GROUP, TODAY, Site, open_site

REPO = Path(__file__).resolve().parents[3]
ARTEFACTS = REPO / "test-artefacts" / "browser"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
# As the machine's own check starts Chromium: no sandbox as root, and no background traffic
# (this machine's network is closed; each refused connection slows the browser down).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--lang=vi-VN",  # date pickers write dd/mm/yyyy
]


def _required() -> bool:
    names = ("CI", "GIAOVIEC_REQUIRE_BROWSER")
    return any(
        os.environ.get(n, "").strip().lower() not in ("", "0", "false", "no") for n in names
    )


def chromium_path() -> str:
    path = os.environ.get("GIAOVIEC_CHROMIUM") or shutil.which("chromium") or ""
    if not path:
        message = (
            "no Chromium: install Debian's chromium (bash .ci/run does) or set GIAOVIEC_CHROMIUM"
        )
        if _required():
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = chromium_path()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    opened = open_site(tmp_path, f"sqlite:///{tmp_path / 'db' / 'giaoviec.db'}")
    try:
        yield opened
    finally:
        opened.stop()


def new_page(browser: Any, size: dict[str, int]) -> Any:
    context = browser.new_context(
        viewport=size, device_scale_factor=1, locale="vi-VN", accept_downloads=True
    )
    context.set_default_timeout(60_000)  # a loaded CI machine is slow, never this slow
    return context.new_page()


def shoot(page: Any, name: str) -> Path:
    """The whole page, and what the screen shows first (`<name>-screen.png`)."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTEFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 5_000
    page.screenshot(path=str(ARTEFACTS / f"{name}-screen.png"))
    return path


def fits_the_width(page: Any) -> bool:
    """Nothing wider than the screen: no sideways scrolling of the whole page."""
    width: int = page.evaluate("document.documentElement.scrollWidth")
    viewport: int = page.evaluate("document.documentElement.clientWidth")
    return width <= viewport


def test_browser_review_page_at_phone_and_desktop_width(site: Site, browser: Any) -> None:
    for name, size in (("phone", PHONE), ("desktop", DESKTOP)):
        page = new_page(browser, size)
        page.goto(site.review_url())
        assert page.title().startswith(texts.WEB_REVIEW_TITLE)
        assert page.locator("html").get_attribute("lang") == "vi"
        assert page.locator("article.task").count() == 8
        assert (
            "Kết luận của Chủ tịch UBND huyện" in page.locator("#toan-van .doctext").inner_text()
        )
        assert page.locator("#don-vi-moi").is_visible()  # Hợp tác xã Nhã Nam is unregistered
        assert fits_the_width(page), name
        shoot(page, f"review-{name}")
        page.context.close()


def test_browser_progress_page_at_phone_and_desktop_width(site: Site, browser: Any) -> None:
    for name, size in (("phone", PHONE), ("desktop", DESKTOP)):
        page = new_page(browser, size)
        page.goto(site.progress_url())
        assert page.title().startswith(texts.WEB_PROGRESS_TITLE)
        chart = page.locator("img.chart")
        chart.scroll_into_view_if_needed()
        page.wait_for_function("document.querySelector('img.chart').naturalWidth > 0")
        rows = page.locator("#qua-han tbody tr")
        assert rows.count() >= 4
        # worst first: the most working days late on top
        late = [int(rows.nth(i).locator("td").nth(1).inner_text()) for i in range(rows.count())]
        assert late == sorted(late, reverse=True)
        assert fits_the_width(page), name
        shoot(page, f"progress-{name}")
        page.context.close()


def test_browser_progress_filters_and_excel_download(
    site: Site, browser: Any, tmp_path: Path
) -> None:
    page = new_page(browser, PHONE)
    page.goto(site.progress_url())
    page.locator("#tu").fill("2023-03-06")
    page.locator("#den").fill("2023-03-07")
    page.locator("#donvi").select_option("phong-noi-vu")
    page.get_by_role("button", name=texts.WEB_FILTER_APPLY).click()
    page.wait_for_url("**den=2023-03-07**")
    assert texts.WEB_TOTALS.format(total=2) in page.locator("#tong-hop h2").inner_text()
    with page.expect_download() as waiting:
        page.locator("#tai-excel").click()
    download = waiting.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    workbook = load_workbook(saved)
    assert texts.REPORT_SHEET_UNITS in workbook.sheetnames
    page.context.close()


def _task_card(page: Any, words: str) -> Any:
    return page.locator("article.task", has_text=words)


def next_reminder(site: Site, task_words: str, start: date, days: int = 30) -> tuple[date, str]:
    """The first day from `start` whose dry run reminds of the task, and that line."""
    for offset in range(days):
        day = start + timedelta(days=offset)
        for line in reminder_lines(site.app, day):
            if task_words in line:
                return day, line
    raise AssertionError(f"no reminder of {task_words!r} in {days} days from {start}")


def test_browser_edits_a_deadline_then_confirms_and_the_reminder_follows(
    site: Site, browser: Any
) -> None:
    words = "Tiếp thu ý kiến của các vị đại biểu"
    page = new_page(browser, PHONE)
    page.goto(site.review_url())
    card = _task_card(page, words)
    assert card.count() == 1
    assert "05/03/2023" in card.locator(".hint").first.inner_text()
    card.locator("input[name=due]").fill("2023-03-15")
    card.locator("input[name=words]").fill("")
    card.get_by_role("button", name=texts.WEB_SAVE).click()
    page.wait_for_selector("#thong-bao")
    assert page.locator("#thong-bao").inner_text() == texts.WEB_SAVED.format(n=7)
    card = _task_card(page, words)
    assert "15/03/2023" in card.locator(".hint").first.inner_text()
    shoot(page, "review-edited-phone")
    # the stored assignment
    repository = site.app.repository()
    desk = site.router.desk
    assert desk is not None
    views = repository.get_assignments(desk.review.assignment_ids(site.review_id))
    edited = next(v for v in views if v.task.startswith(words))
    assert edited.deadline is not None
    assert edited.deadline.due == date(2023, 3, 15)
    # nothing is reminded while the document waits for review
    assert not any(words in line for line in reminder_lines(site.app, TODAY))
    page.get_by_role("button", name=texts.WEB_CONFIRM).click()
    page.wait_for_selector("#thong-bao")
    assert "việc được áp dụng để tra cứu và nhắc hạn" in page.locator("#thong-bao").inner_text()
    shoot(page, "review-confirmed-phone")
    document = repository.get_document(site.review_id)
    assert document is not None
    assert document.status == "live"
    # the next reminder: 3 working days before 15/3 is today, Friday 10/3, to Nội vụ's group
    day, line = next_reminder(site, words, TODAY)
    assert day == TODAY
    assert f"→ {NOI_VU_GROUP.platform}:{NOI_VU_GROUP.chat_id}:" in line
    assert "hạn 15/03/2023" in line
    assert "05/03/2023" not in line
    page.context.close()


def test_browser_a_forged_link_shows_a_vietnamese_page(site: Site, browser: Any) -> None:
    page = new_page(browser, PHONE)
    response = page.goto(site.review_url().replace("?t=", "?t=x"))
    assert response is not None
    assert response.status == 403
    assert page.locator("#thong-bao").inner_text() == texts.WEB_LINK_INVALID
    shoot(page, "error-phone")
    page.context.close()
