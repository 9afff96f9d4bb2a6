"""Report files by signed link: signatures (valid, forged, expired), the route serving the bytes,
the [files] settings and the secret `giaoviec run` needs for them."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import httpx
import pytest

from bot.config import ConfigError, FilesSettings, load_settings
from bot.files import FileLinks, FileServer
from bot.runtime import file_links
from bot.wiring import App, CliError
from handlers import texts
from handlers.messages import ReplyFile

SECRET = "a-signing-secret-for-tests"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WORKBOOK = ReplyFile("tiến-độ 20230303.xlsx", b"PK\x03\x04 workbook", XLSX)
CHART = ReplyFile("tien-do-20230303.png", b"\x89PNG\r\n\x1a\n chart", "image/png")


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2023, 3, 3, 1, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def links_in(
    folder: Path, clock: Clock, base: str = "https://bot.example.gov.vn/tep"
) -> FileLinks:
    return FileLinks(folder, base, SECRET, zone=ZoneInfo("Asia/Ho_Chi_Minh"), now=clock)


def parts(url: str) -> tuple[str, str, str]:
    """The path, expires and sig of a link."""
    split = urlsplit(url)
    query = parse_qs(split.query)
    return split.path, query["expires"][0], query["sig"][0]


# --- signing ----------------------------------------------------------------------------------


def test_a_link_is_valid_until_it_expires_and_only_as_signed(tmp_path: Path) -> None:
    clock = Clock()
    links = links_in(tmp_path, clock)
    link = links.publish(WORKBOOK)
    assert link.url.startswith("https://bot.example.gov.vn/tep/files/")
    assert link.expires_at == datetime(2023, 3, 4, 8, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    prefix = "https://bot.example.gov.vn/tep"
    path, expires, sig = parts(link.url.removeprefix(prefix))
    assert links.valid(path, expires, sig)
    # forged: another file, a later expiry, another signature, another key
    other = links.publish(CHART)
    other_path, _, _ = parts(other.url.removeprefix(prefix))
    assert not links.valid(other_path, expires, sig)
    assert not links.valid(path, str(int(expires) + 3600), sig)
    assert not links.valid(path, expires, sig[:-1] + ("0" if sig[-1] != "0" else "1"))
    assert not links.valid(path, expires, "")
    assert not links.valid(path, "", sig)
    assert not links.valid(path, "١٢٣", sig)
    stranger = FileLinks(tmp_path, prefix, "another-secret-of-length", now=clock)
    assert not stranger.valid(path, expires, sig)
    # expired: 24 hours later it no longer opens
    clock.now += timedelta(hours=24)
    assert not links.valid(path, expires, sig)


def test_files_are_stored_under_a_random_token_and_purged_once_expired(tmp_path: Path) -> None:
    clock = Clock()
    links = links_in(tmp_path / "files", clock)
    first = links.publish(WORKBOOK)
    token = parts(first.url)[0].split("/")[-2]
    assert (tmp_path / "files" / token).read_bytes() == WORKBOOK.content
    stored = links.load(token)
    assert stored is not None
    assert (stored.filename, stored.mime_type, stored.content) == (
        WORKBOOK.filename,
        XLSX,
        WORKBOOK.content,
    )
    assert links.load("../../etc/passwd") is None
    assert links.load("A" * 32) is None
    clock.now += timedelta(hours=25)
    links.publish(CHART)  # storing purges what has expired
    assert links.load(token) is None
    assert not (tmp_path / "files" / token).exists()
    assert not (tmp_path / "files" / f"{token}.json").exists()


def test_a_short_secret_or_a_bad_url_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="16"):
        FileLinks(tmp_path, "https://x.vn", "short")
    with pytest.raises(ValueError, match="http"):
        FileLinks(tmp_path, "bot.example.gov.vn", SECRET)
    assert SECRET not in repr(FileLinks(tmp_path, "https://x.vn", SECRET))


# --- the route --------------------------------------------------------------------------------


@dataclass
class Served:
    links: FileLinks
    clock: Clock
    base: str


@pytest.fixture
async def served(tmp_path: Path) -> AsyncIterator[Served]:
    clock = Clock()
    links = links_in(tmp_path, clock)
    server = FileServer(links)
    port = await server.start("127.0.0.1", 0)
    # the public URL is the listener itself here (no reverse proxy)
    base = links.public_base_url = f"http://127.0.0.1:{port}"
    try:
        yield Served(links, clock, base)
    finally:
        await server.stop()


async def test_the_route_serves_the_bytes_with_their_content_type(served: Served) -> None:
    workbook = served.links.publish(WORKBOOK)
    chart = served.links.publish(CHART)
    async with httpx.AsyncClient() as http:
        got = await http.get(workbook.url)
        image = await http.get(chart.url)
    assert got.status_code == 200
    assert got.content == WORKBOOK.content
    assert got.headers["content-type"] == XLSX
    assert got.headers["content-disposition"] == (
        "attachment; filename*=UTF-8''ti%E1%BA%BFn-%C4%91%E1%BB%99%2020230303.xlsx"
    )
    assert image.status_code == 200
    assert image.headers["content-type"] == "image/png"
    assert image.headers["content-disposition"].startswith("inline")
    assert image.content == CHART.content


async def test_the_route_refuses_forged_and_expired_links_and_says_when_a_file_is_gone(
    served: Served, tmp_path: Path
) -> None:
    link = served.links.publish(WORKBOOK)
    path, expires, sig = parts(link.url)
    token = path.split("/")[-2]
    async with httpx.AsyncClient() as http:
        forged = await http.get(f"{served.base}{path}?expires={expires}&sig={'0' * 64}")
        unsigned = await http.get(f"{served.base}{path}")
        later = await http.get(f"{served.base}{path}?expires={int(expires) + 60}&sig={sig}")
        # a signed link to a file that is not there (deleted by hand)
        (tmp_path / token).unlink()
        gone = await http.get(link.url)
        served.clock.now += timedelta(days=2)
        expired = await http.get(link.url)
        other = await http.get(f"{served.base}/elsewhere")
    assert [r.status_code for r in (forged, unsigned, later, gone, expired, other)] == [
        403,
        403,
        403,
        404,
        403,
        404,
    ]
    assert "Traceback" not in forged.text


async def test_a_link_whose_expiry_no_number_can_hold_is_forbidden(served: Served) -> None:
    link = served.links.publish(WORKBOOK)
    path, _, sig = parts(link.url)
    async with httpx.AsyncClient() as http:
        answers = [
            await http.get(f"{served.base}{path}?expires={expires}&sig={sig}")
            for expires in ("9" * 5000, "1" * 13, "١٢٣", "-1", "1e9")
        ]
    assert [r.status_code for r in answers] == [403] * 5


# --- [files] settings and the secret ----------------------------------------------------------


def test_files_settings_default_and_from_the_file(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("", encoding="utf-8")
    assert load_settings(config).files == FilesSettings()
    config.write_text(
        '[files]\npublic_base_url = "https://bot.example.gov.vn/tep"\nport = 9100\n'
        "link_hours = 6\n",
        encoding="utf-8",
    )
    files = load_settings(config).files
    assert (files.public_base_url, files.port, files.link_hours) == (
        "https://bot.example.gov.vn/tep",
        9100,
        6,
    )
    example = Path(__file__).resolve().parents[2] / "config.example.toml"
    assert load_settings(example).files == FilesSettings()


@pytest.mark.parametrize(
    ("body", "key"),
    [
        ('public_base_url = "bot.example.gov.vn"', "files.public_base_url"),
        ("port = 70000", "files.port"),
        ("link_hours = 0", "files.link_hours"),
    ],
)
def test_bad_files_settings_name_the_key(tmp_path: Path, body: str, key: str) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f"[files]\n{body}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=key):
        load_settings(config)


@pytest.mark.parametrize(
    ("secret", "expected"),
    [
        (None, texts.FILES_NO_SECRET.format(env="GIAOVIEC_FILES_SECRET", min=16)),
        ("short", texts.FILES_BAD_SECRET.format(env="GIAOVIEC_FILES_SECRET", min=16)),
    ],
)
def test_links_need_a_signing_secret(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, secret: str | None, expected: str
) -> None:
    monkeypatch.delenv("GIAOVIEC_FILES_SECRET", raising=False)
    if secret is not None:
        monkeypatch.setenv("GIAOVIEC_FILES_SECRET", secret)
    config = tmp_path / "config.toml"
    config.write_text('[files]\npublic_base_url = "https://bot.example.gov.vn/tep"\n', "utf-8")
    settings = load_settings(config)
    app = App(settings, settings.db_url, Path("units.toml"), io.StringIO(), io.StringIO())
    with pytest.raises(CliError) as raised:
        file_links(app)
    assert str(raised.value) == expected
    monkeypatch.setenv("GIAOVIEC_FILES_SECRET", SECRET)
    links = file_links(app)
    assert links is not None
    assert links.folder == settings.data_dir / "files"
    assert links.ttl == timedelta(hours=24)
