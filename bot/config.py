"""config.toml -> frozen settings; secrets come from environment variables, never the file."""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from typing import Any

from handlers import texts

DEFAULT_CONFIG = Path("config.toml")


class ConfigError(Exception):
    """A bad setting; the message names the key."""


TELEGRAM_MODES = ("polling", "webhook")


@dataclass(frozen=True)
class TelegramSettings:
    """The [telegram] table: how the bot reaches the Bot API and how updates arrive."""

    token_env: str = "GIAOVIEC_TELEGRAM_TOKEN"
    mode: str = "polling"  # "polling" (getUpdates) or "webhook" (Telegram POSTs to us)
    # The Bot API base URL (the token is appended) and file URL; "" means Telegram's own.
    # A self-hosted Bot API server or a test emulator is named here.
    base_url: str = ""
    base_file_url: str = ""
    # Webhook mode: where our server listens, the path it serves, and the public HTTPS URL
    # Telegram is told to POST to (it reaches the listener through a reverse proxy).
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    webhook_path: str = "telegram"
    webhook_url: str = ""
    # Name of the environment variable holding the webhook's secret_token (checked by the server).
    secret_token_env: str = "GIAOVIEC_TELEGRAM_WEBHOOK_SECRET"
    # How long a group's administrator list is trusted before it is asked for again.
    admin_cache_seconds: int = 300


ZALO_MODES = ("polling", "webhook")


@dataclass(frozen=True)
class ZaloSettings:
    """The [zalo] table: the Zalo Bot API host, how updates arrive, how fast to send."""

    token_env: str = "GIAOVIEC_ZALO_TOKEN"
    mode: str = "polling"  # "polling" (getUpdates) or "webhook" (Zalo POSTs to us)
    # The Bot API host; "/bot<token>/<method>" is appended. The older host bot-api.zapps.me
    # or a test server may be named here.
    base_url: str = "https://bot-api.zaloplatforms.com"
    poll_timeout: int = 30  # seconds one getUpdates waits for an update
    # Webhook mode: where our server listens, the path it serves, and the public HTTPS URL
    # Zalo is told to POST to (it reaches the listener through a reverse proxy).
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8444
    webhook_path: str = "zalo"
    webhook_url: str = ""
    # Name of the environment variable holding the webhook's secret_token (8-256 characters).
    secret_token_env: str = "GIAOVIEC_ZALO_WEBHOOK_SECRET"
    # Seconds between two messages the bot sends (Zalo publishes no rate limits).
    send_interval: float = 0.5


@dataclass(frozen=True)
class FilesSettings:
    """The [files] table: report files for chats without uploads (Zalo), by signed link."""

    # The public URL that reaches the file listener's root, e.g. "https://bot.example.gov.vn/tep"
    # (through a reverse proxy); "" means no links: Zalo users are told files cannot come there.
    public_base_url: str = ""
    listen: str = "127.0.0.1"
    port: int = 8445
    # Name of the environment variable holding the secret that signs the links (16+ characters).
    secret_env: str = "GIAOVIEC_FILES_SECRET"
    link_hours: int = 24  # how long a link works


@dataclass(frozen=True)
class ReminderSettings:
    """The [reminders] table: when reminders go out (turned into scheduler ReminderRules)."""

    offsets: tuple[int, ...] = (7, 3, 1, 0)  # working days before the deadline; 0 = the day
    overdue_every: int = 2  # working days between overdue reminders
    overdue_limit: int = 3  # overdue reminders at most
    leader_after: int | None = 5  # working days overdue before leaders are told; None: never
    send_time: time = time(8, 0)
    quiet_start: time | None = time(21, 0)
    quiet_end: time | None = time(7, 0)
    remind_cooperating: bool = True
    cooperate_offsets: tuple[int, ...] = (3,)
    grace_hours: int = 12  # a reminder missed while down still goes out this long after
    weekly_digest: bool = True


@dataclass(frozen=True)
class AccessSettings:
    """The [access] table: who the office admins are and how people join units."""

    # "platform:user_id" of the văn phòng staff who administer the bot (more can be granted
    # in chat with /capquyen); the console user is always one.
    office_admins: tuple[tuple[str, str], ...] = ()
    require_approval: bool = True  # a private /dangky waits for an office admin
    strangers_may_ask: bool = False  # people of no unit may ask questions


@dataclass(frozen=True)
class ProgressSettings:
    """The [progress] table: when a completion counts, what "due soon" means."""

    require_confirmation: bool = False  # a "done" report counts once an office admin confirms
    due_soon_days: int = 3  # working days before a deadline an open task is "sắp đến hạn"
    # Progress summaries sent to leaders: "month" and/or "quarter" (of the period just ended).
    summaries: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReportSettings:
    """The [report] table: what makes the progress report a báo cáo (heading, signature)."""

    issuer: str = ""  # cơ quan ban hành, "UBND HUYỆN TÂN YÊN"
    parent: str = ""  # cơ quan chủ quản above it, "UBND TỈNH BẮC GIANG"; "" when none
    number: str = ""  # "15/BC-UBND"; "" leaves the number blank for the văn thư
    symbol: str = "BC-UBND"  # ký hiệu kept beside a blank number
    place: str = ""  # địa danh of the date line, "Tân Yên"
    authority: str = ""  # "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"
    signer_title: str = ""  # chức vụ, "CHỦ TỊCH"
    signer_name: str = ""  # người ký
    recipients: tuple[str, ...] = ()  # Nơi nhận


@dataclass(frozen=True)
class Settings:
    """Everything the process needs, validated at start-up."""

    data_dir: Path = Path("data")
    database_url: str | None = None  # None: SQLite in data_dir
    timezone: str = "Asia/Ho_Chi_Minh"
    units_file: Path | None = None  # None: the packaged pre-2025 district example
    max_upload_mb: int = 20
    telegram_token_env: str = "GIAOVIEC_TELEGRAM_TOKEN"
    zalo_token_env: str = "GIAOVIEC_ZALO_TOKEN"
    extra: dict[str, Any] = field(default_factory=dict)
    telegram: TelegramSettings = field(default_factory=TelegramSettings)
    zalo: ZaloSettings = field(default_factory=ZaloSettings)
    files: FilesSettings = field(default_factory=FilesSettings)
    access: AccessSettings = field(default_factory=AccessSettings)
    progress: ProgressSettings = field(default_factory=ProgressSettings)
    report: ReportSettings = field(default_factory=ReportSettings)
    reminders_enabled: bool = True  # `giaoviec run` sends reminders
    reminder_tick_seconds: int = 30  # how often due reminders are looked for
    reminders: ReminderSettings = field(default_factory=lambda: ReminderSettings())
    # Announced changes to the working calendar: (day, "off" | "work").
    calendar_overrides: tuple[tuple[date, str], ...] = ()

    @property
    def db_url(self) -> str:
        """The database URL: the configured one, or SQLite in the data folder."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'giaoviec.db').resolve()}"

    def secret(self, env_name: str) -> str | None:
        """A token read from the environment variable the config names."""
        return os.environ.get(env_name) or None


def load_settings(path: Path | None = None) -> Settings:
    """Read `path` (or ./config.toml, or $GIAOVIEC_CONFIG) if it exists; defaults otherwise."""
    path = path or Path(os.environ.get("GIAOVIEC_CONFIG", DEFAULT_CONFIG))
    if not path.exists():
        return Settings()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        at = re.search(r"line (\d+), column (\d+)", str(exc))  # tomllib says where, in English
        where = texts.CONFIG_WHERE.format(line=at.group(1), column=at.group(2)) if at else ""
        raise ConfigError(texts.CONFIG_NOT_TOML.format(path=path, where=where)) from exc
    storage = _table(raw, "storage")
    general = _table(raw, "general")
    telegram = _table(raw, "telegram")
    zalo = _table(raw, "zalo")
    reminders = _table(raw, "reminders")
    base = path.parent
    data_dir = base / _str(storage, "data_dir", "storage.data_dir", "data")
    units = storage.get("units_file")
    return Settings(
        data_dir=data_dir,
        database_url=_str(storage, "database_url", "storage.database_url", "") or None,
        timezone=_str(general, "timezone", "general.timezone", "Asia/Ho_Chi_Minh"),
        units_file=(base / units) if isinstance(units, str) and units else None,
        max_upload_mb=_int(storage, "max_upload_mb", "storage.max_upload_mb", 20),
        telegram_token_env=_str(
            telegram, "token_env", "telegram.token_env", "GIAOVIEC_TELEGRAM_TOKEN"
        ),
        zalo_token_env=_str(zalo, "token_env", "zalo.token_env", "GIAOVIEC_ZALO_TOKEN"),
        extra=raw,
        telegram=_telegram(telegram),
        zalo=_zalo(zalo),
        files=_files(_table(raw, "files")),
        access=_access(_table(raw, "access")),
        progress=_progress(_table(raw, "progress")),
        report=_report(_table(raw, "report")),
        reminders_enabled=_bool(reminders, "enabled", "reminders.enabled", True),
        reminder_tick_seconds=_int(reminders, "tick_seconds", "reminders.tick_seconds", 30),
        reminders=_reminders(reminders),
        calendar_overrides=_calendar(_table(raw, "calendar")),
    )


def _days(table: dict[str, Any], key: str, full: str) -> tuple[int, ...] | None:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, list) or not all(
        isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value
    ):
        raise ConfigError(texts.CONFIG_DAYS.format(key=full))
    return tuple(value)


def _clock(table: dict[str, Any], key: str, full: str, default: time | None) -> time | None:
    value = table.get(key)
    if value is None:
        return default
    if value == "":
        return None
    if not isinstance(value, str):
        raise ConfigError(texts.CONFIG_TIME.format(key=full))
    try:
        return time.fromisoformat(value)
    except ValueError:
        raise ConfigError(texts.CONFIG_TIME_BAD.format(key=full, value=value)) from None


def _reminders(table: dict[str, Any]) -> ReminderSettings:
    """The [reminders] table, validated."""
    d = ReminderSettings()
    leader = table.get("leader_after", d.leader_after)
    if leader is not None and (not isinstance(leader, int) or isinstance(leader, bool)):
        raise ConfigError(texts.CONFIG_LEADER_AFTER.format(key="reminders.leader_after"))
    limit = table.get("overdue_limit", d.overdue_limit)
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 0:
        raise ConfigError(texts.CONFIG_WHOLE_NUMBER.format(key="reminders.overdue_limit"))
    return ReminderSettings(
        offsets=_days(table, "offsets", "reminders.offsets") or d.offsets,
        overdue_every=_int(table, "overdue_every", "reminders.overdue_every", d.overdue_every),
        overdue_limit=limit,
        leader_after=leader or None,
        send_time=_clock(table, "send_time", "reminders.send_time", d.send_time) or d.send_time,
        quiet_start=_clock(table, "quiet_start", "reminders.quiet_start", d.quiet_start),
        quiet_end=_clock(table, "quiet_end", "reminders.quiet_end", d.quiet_end),
        remind_cooperating=_bool(
            table, "remind_cooperating", "reminders.remind_cooperating", d.remind_cooperating
        ),
        cooperate_offsets=_days(table, "cooperate_offsets", "reminders.cooperate_offsets")
        or d.cooperate_offsets,
        grace_hours=_int(table, "grace_hours", "reminders.grace_hours", d.grace_hours),
        weekly_digest=_bool(table, "weekly_digest", "reminders.weekly_digest", d.weekly_digest),
    )


def _calendar(table: dict[str, Any]) -> tuple[tuple[date, str], ...]:
    """[calendar] days_off / working_days: announced swaps and make-up Saturdays."""
    out: list[tuple[date, str]] = []
    for key, kind in (("days_off", "off"), ("working_days", "work")):
        values = table.get(key, [])
        if not isinstance(values, list):
            raise ConfigError(texts.CONFIG_DATES.format(key=f"calendar.{key}"))
        for value in values:
            day = value if isinstance(value, date) else None
            if isinstance(value, str):
                try:
                    day = date.fromisoformat(value)
                except ValueError:
                    day = None
            if day is None:
                raise ConfigError(texts.CONFIG_DATE_BAD.format(key=f"calendar.{key}", value=value))
            out.append((day, kind))
    return tuple(out)


def _progress(table: dict[str, Any]) -> ProgressSettings:
    """The [progress] table, validated."""
    d = ProgressSettings()
    return ProgressSettings(
        require_confirmation=_bool(
            table, "require_confirmation", "progress.require_confirmation", d.require_confirmation
        ),
        due_soon_days=_int(table, "due_soon_days", "progress.due_soon_days", d.due_soon_days),
        summaries=_summaries(table),
    )


def _report(table: dict[str, Any]) -> ReportSettings:
    """The [report] table, validated: texts, and Nơi nhận as a list of texts."""
    d = ReportSettings()
    recipients = table.get("recipients", [])
    if not isinstance(recipients, list) or not all(isinstance(r, str) for r in recipients):
        raise ConfigError("report.recipients must be a list of strings")
    values = {
        key: _str(table, key, f"report.{key}", getattr(d, key)).strip()
        for key in (
            "issuer",
            "parent",
            "number",
            "place",
            "authority",
            "signer_title",
            "signer_name",
        )
    }
    symbol = _str(table, "symbol", "report.symbol", d.symbol).strip() or d.symbol
    return ReportSettings(
        **values, symbol=symbol, recipients=tuple(r.strip() for r in recipients if r.strip())
    )


def _summaries(table: dict[str, Any]) -> tuple[str, ...]:
    value = table.get("summaries", [])
    if not isinstance(value, list) or not all(v in ("month", "quarter") for v in value):
        raise ConfigError(texts.CONFIG_SUMMARIES.format(key="progress.summaries"))
    return tuple(dict.fromkeys(value))


def _access(table: dict[str, Any]) -> AccessSettings:
    """The [access] table, validated: admins are "platform:user_id" strings."""
    admins = table.get("office_admins", [])
    if not isinstance(admins, list) or not all(isinstance(a, str) for a in admins):
        raise ConfigError(texts.CONFIG_ADMINS.format(key="access.office_admins"))
    pairs = []
    for admin in admins:
        platform, _, user_id = admin.strip().partition(":")
        if not platform or not user_id:
            raise ConfigError(
                texts.CONFIG_ADMIN_BAD.format(key="access.office_admins", value=admin)
            )
        pairs.append((platform, user_id))
    return AccessSettings(
        office_admins=tuple(pairs),
        require_approval=_bool(table, "require_approval", "access.require_approval", True),
        strangers_may_ask=_bool(table, "strangers_may_ask", "access.strangers_may_ask", False),
    )


def _bool(table: dict[str, Any], key: str, full: str, default: bool) -> bool:
    value = table.get(key, default)
    if not isinstance(value, bool):
        raise ConfigError(texts.CONFIG_BOOL.format(key=full))
    return value


def _telegram(table: dict[str, Any]) -> TelegramSettings:
    """The [telegram] table, validated; webhook keys are checked only in webhook mode."""
    d = TelegramSettings()
    mode = _str(table, "mode", "telegram.mode", d.mode)
    if mode not in TELEGRAM_MODES:
        raise ConfigError(
            texts.CONFIG_MODE.format(key="telegram.mode", modes=", ".join(TELEGRAM_MODES))
        )
    port = _int(table, "webhook_port", "telegram.webhook_port", d.webhook_port)
    if port > 65535:
        raise ConfigError(texts.CONFIG_PORT.format(key="telegram.webhook_port"))
    settings = TelegramSettings(
        token_env=_str(table, "token_env", "telegram.token_env", d.token_env),
        mode=mode,
        base_url=_str(table, "base_url", "telegram.base_url", d.base_url),
        base_file_url=_str(table, "base_file_url", "telegram.base_file_url", d.base_file_url),
        webhook_listen=_str(table, "webhook_listen", "telegram.webhook_listen", d.webhook_listen),
        webhook_port=port,
        webhook_path=_str(table, "webhook_path", "telegram.webhook_path", d.webhook_path),
        webhook_url=_str(table, "webhook_url", "telegram.webhook_url", d.webhook_url),
        secret_token_env=_str(
            table, "secret_token_env", "telegram.secret_token_env", d.secret_token_env
        ),
        admin_cache_seconds=_int(
            table, "admin_cache_seconds", "telegram.admin_cache_seconds", d.admin_cache_seconds
        ),
    )
    if mode == "webhook" and not settings.webhook_url:
        raise ConfigError(
            texts.CONFIG_WEBHOOK_URL.format(key="telegram.webhook_url", mode="telegram.mode")
        )
    return settings


def _zalo(table: dict[str, Any]) -> ZaloSettings:
    """The [zalo] table, validated; webhook keys are checked only in webhook mode."""
    d = ZaloSettings()
    mode = _str(table, "mode", "zalo.mode", d.mode)
    if mode not in ZALO_MODES:
        raise ConfigError(texts.CONFIG_MODE.format(key="zalo.mode", modes=", ".join(ZALO_MODES)))
    port = _int(table, "webhook_port", "zalo.webhook_port", d.webhook_port)
    if port > 65535:
        raise ConfigError(texts.CONFIG_PORT.format(key="zalo.webhook_port"))
    base_url = _str(table, "base_url", "zalo.base_url", d.base_url)
    if not base_url.startswith(("https://", "http://")):
        raise ConfigError(texts.CONFIG_URL.format(key="zalo.base_url"))
    interval = table.get("send_interval", d.send_interval)
    if not isinstance(interval, int | float) or isinstance(interval, bool) or interval < 0:
        raise ConfigError(texts.CONFIG_SECONDS.format(key="zalo.send_interval"))
    settings = ZaloSettings(
        token_env=_str(table, "token_env", "zalo.token_env", d.token_env),
        mode=mode,
        base_url=base_url,
        poll_timeout=_int(table, "poll_timeout", "zalo.poll_timeout", d.poll_timeout),
        webhook_listen=_str(table, "webhook_listen", "zalo.webhook_listen", d.webhook_listen),
        webhook_port=port,
        webhook_path=_str(table, "webhook_path", "zalo.webhook_path", d.webhook_path),
        webhook_url=_str(table, "webhook_url", "zalo.webhook_url", d.webhook_url),
        secret_token_env=_str(
            table, "secret_token_env", "zalo.secret_token_env", d.secret_token_env
        ),
        send_interval=float(interval),
    )
    if mode == "webhook" and not settings.webhook_url.startswith("https://"):
        raise ConfigError(
            texts.CONFIG_WEBHOOK_URL.format(key="zalo.webhook_url", mode="zalo.mode")
        )
    return settings


def _files(table: dict[str, Any]) -> FilesSettings:
    """The [files] table, validated."""
    d = FilesSettings()
    base_url = _str(table, "public_base_url", "files.public_base_url", d.public_base_url)
    if base_url and not base_url.startswith(("https://", "http://")):
        raise ConfigError(texts.CONFIG_URL_OR_EMPTY.format(key="files.public_base_url"))
    port = _int(table, "port", "files.port", d.port)
    if port > 65535:
        raise ConfigError(texts.CONFIG_PORT.format(key="files.port"))
    return FilesSettings(
        public_base_url=base_url,
        listen=_str(table, "listen", "files.listen", d.listen),
        port=port,
        secret_env=_str(table, "secret_env", "files.secret_env", d.secret_env),
        link_hours=_int(table, "link_hours", "files.link_hours", d.link_hours),
    )


def _table(raw: dict[str, Any], name: str) -> dict[str, Any]:
    value = raw.get(name, {})
    if not isinstance(value, dict):
        raise ConfigError(texts.CONFIG_TABLE.format(key=name))
    return value


def _str(table: dict[str, Any], key: str, full: str, default: str) -> str:
    value = table.get(key, default)
    if not isinstance(value, str):
        raise ConfigError(texts.CONFIG_STRING.format(key=full))
    return value


def _int(table: dict[str, Any], key: str, full: str, default: int) -> int:
    value = table.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ConfigError(texts.CONFIG_POSITIVE.format(key=full))
    return value
