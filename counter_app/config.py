"""Where the database is and other per-machine settings.

The database URL comes from, in this order: the ``--db`` option, the ``COUNTER_APP_DB``
environment variable, the ``[database] url`` of the config file in the user's config folder,
and finally the embedded SQLite file in the user's data folder.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

import platformdirs

from counter_app.errors import DatabaseError
from counter_app.i18n import QT_TRANSLATE_NOOP

APP_NAME = "counter-app"
ENV_DATABASE_URL = "COUNTER_APP_DB"
ENV_CONFIG_FILE = "COUNTER_APP_CONFIG"
ENV_DATA_DIR = "COUNTER_APP_DATA_DIR"
ENV_LANGUAGE = "COUNTER_APP_LANG"
DEFAULT_LANGUAGE = "zh_CN"


class UrlSource(str, Enum):
    OPTION = "--db"
    ENVIRONMENT = ENV_DATABASE_URL
    CONFIG_FILE = "config file"
    EMBEDDED = "embedded"


@dataclass(frozen=True)
class DatabaseLocation:
    url: str
    source: UrlSource

    @property
    def is_embedded_default(self) -> bool:
        return self.source is UrlSource.EMBEDDED


def config_file() -> Path:
    override = os.environ.get(ENV_CONFIG_FILE)
    if override:
        return Path(override)
    return platformdirs.user_config_path(APP_NAME, appauthor=False) / "config.toml"


def data_dir() -> Path:
    override = os.environ.get(ENV_DATA_DIR)
    if override:
        return Path(override)
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def embedded_database_path() -> Path:
    return data_dir() / "counter_app.sqlite3"


def read_config() -> dict:
    path = config_file()
    if not path.is_file():
        return {}
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DatabaseError(
            QT_TRANSLATE_NOOP("Errors", "The config file {path} cannot be read: {reason}"),
            path=str(path),
            reason=str(exc),
        ) from exc


def resolve_database(option_url: str | None = None) -> DatabaseLocation:
    if option_url:
        return DatabaseLocation(option_url, UrlSource.OPTION)
    env_url = os.environ.get(ENV_DATABASE_URL)
    if env_url:
        return DatabaseLocation(env_url, UrlSource.ENVIRONMENT)
    file_url = read_config().get("database", {}).get("url")
    if file_url:
        return DatabaseLocation(str(file_url), UrlSource.CONFIG_FILE)
    return DatabaseLocation(f"sqlite:///{embedded_database_path()}", UrlSource.EMBEDDED)


def ui_language() -> str:
    """``zh_CN`` (the default) or ``en``; from the environment, then the config file."""
    env_language = os.environ.get(ENV_LANGUAGE)
    if env_language:
        return env_language
    return str(read_config().get("ui", {}).get("language", DEFAULT_LANGUAGE))
