"""Hall-wide settings stored as JSON in the settings table."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from typing import Any

from sqlalchemy.orm import Session

from counter_app.db.engine import Database
from counter_app.db.models import Setting
from counter_app.domain.queue import DEFAULT_TIMEZONE

DEFAULTS: dict[str, Any] = {
    "business_timezone": DEFAULT_TIMEZONE,
    "recall_cooldown_seconds": 20,
    "recall_max": 3,
    "display_notice": "请提前准备好办事材料，叫号后请及时到相应窗口办理。",
    "display_repeat": 2,
}


def get_setting(session: Session, key: str) -> Any:
    row = session.get(Setting, key)
    return json.loads(row.value) if row is not None else DEFAULTS[key]


_cache: dict[tuple[str, str], tuple[float, Any]] = {}
CACHE_SECONDS = 30.0


def cached_setting(database: Database, key: str) -> Any:
    """A setting read at most every ``CACHE_SECONDS`` per database, for hot paths (call next):
    settings change rarely and a change may take that long to reach every counter."""
    cache_key = (database.url, key)
    hit = _cache.get(cache_key)
    now = time.monotonic()
    if hit is not None and hit[0] > now:
        return hit[1]
    with database.reading() as session:
        value = get_setting(session, key)
    _cache[cache_key] = (now + CACHE_SECONDS, value)
    return value


def forget_cached(database: Database, keys: Iterable[str]) -> None:
    """Drop this process's cached values of ``keys`` (after saving them here); other
    processes keep theirs for at most ``CACHE_SECONDS``."""
    for key in keys:
        _cache.pop((database.url, key), None)
