"""The holiday calendar: the official one where known, the administrators' one otherwise."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, extract, select
from sqlalchemy.orm import Session

from counter_app.db.engine import Database
from counter_app.db.models import CalendarDay, CalendarYear
from counter_app.domain.roles import Permission
from counter_app.domain.text import clean_text
from counter_app.domain.working_days import DayKind, WorkingCalendar
from counter_app.errors import ValidationError
from counter_app.i18n import QT_TRANSLATE_NOOP, Term
from counter_app.services.access import IN_USE_CASE, Actor, Transaction, after_commit, audit, use_case


@dataclass(frozen=True)
class StoredDay:
    day: date
    kind: DayKind
    name: str = ""


CACHE_SECONDS = 60.0
_cache: dict[str, tuple[float, WorkingCalendar]] = {}
_cache_lock = threading.Lock()


def working_calendar(session: Session) -> WorkingCalendar:
    """The working-day calendar with every day the administrators have stored, read in ``session``."""
    days = {row.day: DayKind(row.kind) for row in session.scalars(select(CalendarDay))}
    years = list(session.scalars(select(CalendarYear.year)))
    return WorkingCalendar(stored_days=days, stored_years=years)


def load_working_calendar(database: Database) -> WorkingCalendar:
    """The same, in a read of its own."""
    with database.reading() as session:
        return working_calendar(session)


def cached_working_calendar(database: Database) -> WorkingCalendar:
    """The calendar read at most every ``CACHE_SECONDS`` per database (accepting a case
    needs it; a year entered on this client is seen at once, elsewhere within the minute)."""
    now = time.monotonic()
    with _cache_lock:
        hit = _cache.get(database.url)
        if hit is not None and hit[0] > now:
            return hit[1]
    calendar = load_working_calendar(database)
    with _cache_lock:
        _cache[database.url] = (now + CACHE_SECONDS, calendar)
    return calendar


def forget_working_calendar(database: Database) -> None:
    with _cache_lock:
        _cache.pop(database.url, None)


@use_case(Permission.MANAGE_CALENDAR, QT_TRANSLATE_NOOP("Terms", "store calendar year"), transaction=Transaction.WRITE)
def store_calendar_year(
    actor: Actor, year: int, days: Iterable[StoredDay], note: str = "", *, session: Session = IN_USE_CASE
) -> int:
    """Replace the stored holidays and make-up working days of ``year`` and mark the year
    complete, so that it is used when the official calendar does not know the year."""
    note = clean_text(note, max_length=200, field=Term(QT_TRANSLATE_NOOP("Terms", "The note")))
    entries = [
        StoredDay(entry.day, entry.kind, clean_text(entry.name, max_length=100, field=Term(QT_TRANSLATE_NOOP("Terms", "The day's name"))))
        for entry in days
    ]
    outside = [entry.day for entry in entries if entry.day.year != year]
    if outside:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The day {day} is not in the year {year}."), day=outside[0].isoformat(), year=year
        )
    if len({entry.day for entry in entries}) != len(entries):
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "A day is listed twice."))
    session.execute(delete(CalendarDay).where(extract("year", CalendarDay.day) == year))
    session.add_all(CalendarDay(day=entry.day, kind=entry.kind.value, name=entry.name) for entry in entries)
    year_row = session.get(CalendarYear, year) or CalendarYear(year=year)
    year_row.note = note
    session.add(year_row)
    session.flush()
    # Due dates that rested on weekends only for this year follow the calendar now entered.
    from counter_app.services.cases.due_dates import recompute_provisional  # cases depend on the calendar, not back

    moved = recompute_provisional(session, working_calendar(session))
    audit(session, actor, "store calendar year", target=str(year), detail={"days": len(entries), "due dates moved": len(moved)})
    after_commit(session, lambda: forget_working_calendar(actor.database))
    return len(entries)
