"""Settings stored as JSON: zone-wide ones (the ``settings`` table) and each hall's own
values of the per-hall ones (``hall_settings``), which fall back to the zone's."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.db.engine import Database
from counter_app.db.models import HallSetting, Setting
from counter_app.domain.accounts import DEFAULT_LOCKOUT_MINUTES, DEFAULT_MAX_FAILED_LOGINS
from counter_app.domain.queue import DEFAULT_TIMEZONE

DEFAULTS: dict[str, Any] = {
    "business_timezone": DEFAULT_TIMEZONE,
    "recall_cooldown_seconds": 20,
    "recall_max": 3,
    "display_notice": "请提前准备好办事材料，叫号后请及时到相应窗口办理。",
    "display_repeat": 2,
    "login_max_failures": DEFAULT_MAX_FAILED_LOGINS,
    "login_lockout_minutes": DEFAULT_LOCKOUT_MINUTES,
    "session_idle_lock_minutes": 10,  # a staff window locks after this long without input (0: never)
}
# The settings a hall may have its own value of (a supervisor of the hall changes them).
HALL_KEYS = ("recall_cooldown_seconds", "recall_max", "display_notice", "display_repeat")


def get_setting(session: Session, key: str, hall_id: int | None = None) -> Any:
    """The hall's own value of ``key`` if it has one, else the zone's, else the default."""
    if hall_id is not None and key in HALL_KEYS:
        own = session.get(HallSetting, (hall_id, key))
        if own is not None:
            return json.loads(own.value)
    row = session.get(Setting, key)
    return json.loads(row.value) if row is not None else DEFAULTS[key]


def hall_settings(session: Session, hall_id: int | None, keys: Iterable[str] = HALL_KEYS) -> dict[str, Any]:
    """Several settings of a hall in two reads (zone values, then the hall's own)."""
    wanted = list(keys)
    values = {key: DEFAULTS[key] for key in wanted}
    for key, value in session.execute(select(Setting.key, Setting.value).where(Setting.key.in_(wanted))).all():
        values[key] = json.loads(value)
    if hall_id is not None:
        own = [key for key in wanted if key in HALL_KEYS]
        for key, value in session.execute(
            select(HallSetting.key, HallSetting.value).where(HallSetting.hall_id == hall_id, HallSetting.key.in_(own))
        ).all():
            values[key] = json.loads(value)
    return values


_cache: dict[tuple[str, str, int | None], tuple[float, Any]] = {}
CACHE_SECONDS = 30.0


def cached_setting(database: Database, key: str, hall_id: int | None = None) -> Any:
    """A setting read at most every ``CACHE_SECONDS`` per database, for hot paths (call next):
    settings change rarely and a change may take that long to reach every counter."""
    cache_key = (database.url, key, hall_id if key in HALL_KEYS else None)
    hit = _cache.get(cache_key)
    now = time.monotonic()
    if hit is not None and hit[0] > now:
        return hit[1]
    with database.reading() as session:
        value = get_setting(session, key, hall_id)
    _cache[cache_key] = (now + CACHE_SECONDS, value)
    return value


def cached_settings(database: Database, keys: Iterable[str]) -> dict[str, Any]:
    """Several zone-wide settings through the same cache, the missing ones read in one
    statement (a window reads what it needs at once when it opens)."""
    now = time.monotonic()
    values: dict[str, Any] = {}
    missing: list[str] = []
    for key in keys:
        hit = _cache.get((database.url, key, None))
        if hit is not None and hit[0] > now:
            values[key] = hit[1]
        else:
            missing.append(key)
    if missing:
        with database.reading() as session:
            read = hall_settings(session, None, missing)
        for key, value in read.items():
            _cache[(database.url, key, None)] = (now + CACHE_SECONDS, value)
        values.update(read)
    return values


def forget_cached(database: Database, keys: Iterable[str]) -> None:
    """Drop this process's cached values of ``keys`` (after saving them here); other
    processes keep theirs for at most ``CACHE_SECONDS``."""
    wanted = set(keys)
    for cache_key in [cache_key for cache_key in _cache if cache_key[0] == database.url and cache_key[1] in wanted]:
        _cache.pop(cache_key, None)


def setting_columns(keys: Iterable[str], hall_id: Any) -> list[Any]:
    """Settings as columns of a larger read (no statement of their own): the hall's own
    value if it has one, else the zone's, as stored JSON (``setting_values`` reads them)."""
    columns: list[Any] = []
    for key in keys:
        zone = select(Setting.value).where(Setting.key == key).scalar_subquery()
        if key in HALL_KEYS:
            own = select(HallSetting.value).where(HallSetting.hall_id == hall_id, HallSetting.key == key).scalar_subquery()
            columns.append(func.coalesce(own, zone).label(f"setting_{key}"))
        else:
            columns.append(zone.label(f"setting_{key}"))
    return columns


def setting_values(row: Any, keys: Iterable[str]) -> dict[str, Any]:
    """The values of ``setting_columns`` in a result row (defaults where none is stored)."""
    mapping = row._mapping
    values: dict[str, Any] = {}
    for key in keys:
        stored = mapping[f"setting_{key}"]
        values[key] = json.loads(stored) if stored is not None else DEFAULTS[key]
    return values
