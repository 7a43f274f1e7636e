"""Chinese official working days: add N working days, count working days between dates.

Per year, the first source that knows the year decides, for the whole year:
1. ``official``: the ``chinese_calendar`` package (the State Council holiday notices it ships);
2. ``database``: holidays and make-up working days an administrator stored for a year
   declared complete (passed in as plain data: this module does no I/O);
3. ``weekends``: Monday to Friday.
Sources are never mixed within a year, so a result is predictable: a stored day for a year
the package knows is ignored. Results say which sources were consulted, so that a due date
resting on the weekend-only fallback can be flagged to the user. Nothing here crashes for
an unknown year.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum
from functools import cache
from typing import Generic, TypeVar

import chinese_calendar

MAX_SPAN_DAYS = 20 * 366  # a walk longer than about 20 years is a programming error
ONE_DAY = timedelta(days=1)


class CalendarSource(str, Enum):
    """Where the working days of a year come from, best first."""

    OFFICIAL = "official"
    DATABASE = "database"
    WEEKENDS = "weekends"


class DayKind(str, Enum):
    """A stored exception to the Monday-to-Friday rule."""

    HOLIDAY = "holiday"  # a public holiday: not worked even on a weekday
    WORKDAY = "workday"  # a make-up working day (调休): worked even on a weekend


V = TypeVar("V", date, int)


@dataclass(frozen=True)
class WorkingDayResult(Generic[V]):
    """A date (``add_working_days``) or a count (``working_days_between``), with the
    sources of the years of the days walked over (see ``WorkingCalendar``)."""

    value: V
    sources: frozenset[CalendarSource]


@cache
def _official_knows(year: int) -> bool:
    """Whether the installed ``chinese_calendar`` has the holiday notice for ``year``."""
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


@cache
def _official_exceptions(year: int) -> frozenset[date]:
    """The days of ``year`` the package says differ from Monday to Friday (weekday holidays,
    weekend make-up days): asked once per year, as each package call scans its whole table."""
    first = date(year, 1, 1)
    days = (first + timedelta(days=offset) for offset in range((date(year + 1, 1, 1) - first).days))
    return frozenset(day for day in days if chinese_calendar.is_workday(day) != (day.weekday() < 5))


class WorkingCalendar:
    """Working days under the per-year choice of source described in the module docstring.

    ``stored_days`` are used only for years listed in ``stored_years`` (years an
    administrator declared complete), and only when the official package does not know
    the year. ``use_official=False`` ignores the package (for tests and comparisons).

    The ``sources`` of a result are those of the years of the days examined, i.e. of
    ``start < d <= end``; when no day is examined (0 days added, or equal dates) they are
    the source of ``start``'s year, so that a result never has an empty set.
    """

    def __init__(
        self,
        stored_days: Mapping[date, DayKind] | None = None,
        stored_years: Iterable[int] = (),
        use_official: bool = True,
    ) -> None:
        # DayKind(...) also accepts the plain strings a database row holds, and rejects others.
        self._stored_days = {day: DayKind(kind) for day, kind in (stored_days or {}).items()}
        self._stored_years = frozenset(stored_years)
        self._use_official = use_official

    def source_for_year(self, year: int) -> CalendarSource:
        """The source that decides every day of ``year``."""
        if self._use_official and _official_knows(year):
            return CalendarSource.OFFICIAL
        if year in self._stored_years:
            return CalendarSource.DATABASE
        return CalendarSource.WEEKENDS

    def is_working_day(self, day: date) -> bool:
        """Whether government offices work on ``day``."""
        source = self.source_for_year(day.year)
        if source is CalendarSource.OFFICIAL:
            return (day.weekday() < 5) != (day in _official_exceptions(day.year))
        if source is CalendarSource.DATABASE:
            kind = self._stored_days.get(day)
            if kind is not None:
                return kind is DayKind.WORKDAY
        return day.weekday() < 5

    def next_working_day(self, day: date) -> date:
        """``day`` itself if it is a working day, else the first working day after it."""
        candidate = day
        for _ in range(MAX_SPAN_DAYS):
            if self.is_working_day(candidate):
                return candidate
            candidate = _next_day(candidate)
        raise ValueError(f"no working day within 20 years of {day}")

    def add_working_days(self, start: date, days: int) -> WorkingDayResult[date]:
        """The date ``days`` working days after ``start``.

        ``start`` (the day of acceptance) is day 0 and never counts, as 行政许可法 counts
        limits: accepted on a Friday + 1 working day = the next Monday, unless that Monday
        is a holiday. ``days == 0`` returns ``start`` unchanged, even on a holiday. A
        negative ``days`` or a walk over 20 years raises ``ValueError`` (a programming
        error, not user input).
        """
        if days < 0:
            raise ValueError(f"days must be 0 or more, not {days}")
        sources: set[CalendarSource] = set()
        current = start
        remaining = days
        walked = 0
        while remaining:
            if walked == MAX_SPAN_DAYS:
                raise ValueError(f"{days} working days after {start} is more than 20 years away")
            current = _next_day(current)
            walked += 1
            sources.add(self.source_for_year(current.year))
            if self.is_working_day(current):
                remaining -= 1
        return WorkingDayResult(current, frozenset(sources or {self.source_for_year(start.year)}))

    def working_days_between(self, start: date, end: date) -> WorkingDayResult[int]:
        """The number of working days ``d`` with ``start < d <= end``.

        So ``working_days_between(a, add_working_days(a, n).value).value == n``; if
        ``end < start`` the count is negative (minus the count from ``end`` to ``start``).
        A span over 20 years raises ``ValueError``.
        """
        if end < start:
            reverse = self.working_days_between(end, start)
            return WorkingDayResult(-reverse.value, reverse.sources)
        span = (end - start).days
        if span > MAX_SPAN_DAYS:
            raise ValueError(f"{start} to {end} is more than 20 years")
        if span == 0:
            return WorkingDayResult(0, frozenset({self.source_for_year(start.year)}))
        first = start + ONE_DAY
        sources = frozenset(self.source_for_year(year) for year in range(first.year, end.year + 1))
        count = sum(1 for offset in range(1, span + 1) if self.is_working_day(start + timedelta(days=offset)))
        return WorkingDayResult(count, sources)


def _next_day(day: date) -> date:
    """The day after ``day``; the end of the calendar is a ``ValueError`` like any other overlong walk."""
    try:
        return day + ONE_DAY
    except OverflowError:
        raise ValueError(f"no day after {day}") from None
