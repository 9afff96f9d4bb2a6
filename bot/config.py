"""config.toml -> frozen settings; secrets come from environment variables, never the file."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_CONFIG = Path("config.toml")


class ConfigError(Exception):
    """A bad setting; the message names the key."""


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
        raise ConfigError(f"{path}: {exc}") from exc
    storage = _table(raw, "storage")
    general = _table(raw, "general")
    telegram = _table(raw, "telegram")
    zalo = _table(raw, "zalo")
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
    )


def _table(raw: dict[str, Any], name: str) -> dict[str, Any]:
    value = raw.get(name, {})
    if not isinstance(value, dict):
        raise ConfigError(f"[{name}] must be a table")
    return value


def _str(table: dict[str, Any], key: str, full: str, default: str) -> str:
    value = table.get(key, default)
    if not isinstance(value, str):
        raise ConfigError(f"{full} must be a string")
    return value


def _int(table: dict[str, Any], key: str, full: str, default: int) -> int:
    value = table.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ConfigError(f"{full} must be a positive integer")
    return value
