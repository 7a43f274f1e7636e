"""Chinese official working days: add N working days, count working days between dates.

Per year, the first source that knows the year decides:
1. ``official``: the ``chinese_calendar`` package (State Council holiday notices it ships);
2. ``database``: holidays and make-up working days an administrator stored for a year
   declared complete (passed in as plain data: this module does no I/O);
3. ``weekends``: Monday to Friday.
Results say which sources were consulted, so a due date that rests on the weekend-only
fallback can be flagged to the user. Nothing here crashes for an unknown year.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum
from functools import lru_cache

import chinese_calendar

MAX_SPAN_DAYS = 20 * 366  # a walk longer than 20 years is a programming error


class CalendarSource(str, Enum):
    OFFICIAL = "official"
    DATABASE = "database"
    WEEKENDS = "weekends"


class DayKind(str, Enum):
    HOLIDAY = "holiday"  # a public holiday: not worked even on a weekday
    WORKDAY = "workday"  # a make-up working day (调休): worked even on a weekend


@dataclass(frozen=True)
class WorkingDayResult:
    value: date | int
    sources: frozenset[CalendarSource]


@lru_cache(maxsize=None)
def _official_knows(year: int) -> bool:
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


class WorkingCalendar:
    def __init__(
        self,
        stored_days: Mapping[date, DayKind] | None = None,
        stored_years: Iterable[int] = (),
        use_official: bool = True,
    ) -> None:
        self._stored_days = dict(stored_days or {})
        self._stored_years = frozenset(stored_years)
        self._use_official = use_official

    def source_for_year(self, year: int) -> CalendarSource:
        if self._use_official and _official_knows(year):
            return CalendarSource.OFFICIAL
        if year in self._stored_years:
            return CalendarSource.DATABASE
        return CalendarSource.WEEKENDS

    def is_working_day(self, day: date) -> bool:
        source = self.source_for_year(day.year)
        if source is CalendarSource.OFFICIAL:
            return bool(chinese_calendar.is_workday(day))
        if source is CalendarSource.DATABASE:
            kind = self._stored_days.get(day)
            if kind is not None:
                return kind is DayKind.WORKDAY
        return day.weekday() < 5

    def next_working_day(self, day: date) -> date:
        """``day`` itself if it is a working day, else the first working day after it."""
        for offset in range(MAX_SPAN_DAYS):
            candidate = day + timedelta(days=offset)
            if self.is_working_day(candidate):
                return candidate
        raise ValueError("no working day within 20 years")

    def add_working_days(self, start: date, days: int) -> WorkingDayResult:
        """The date ``days`` working days after ``start``; ``start`` itself is day 0, as
        行政许可法 counts limits (accepted on a Friday + 1 working day = the next Monday,
        unless that Monday is a holiday)."""
        if days < 0:
            raise ValueError("days must be 0 or more")
        sources = {self.source_for_year(start.year)}
        current = start
        remaining = days
        walked = 0
        while remaining:
            current += timedelta(days=1)
            walked += 1
            if walked > MAX_SPAN_DAYS:
                raise ValueError("span longer than 20 years")
            sources.add(self.source_for_year(current.year))
            if self.is_working_day(current):
                remaining -= 1
        return WorkingDayResult(current, frozenset(sources))

    def working_days_between(self, start: date, end: date) -> WorkingDayResult:
        """Working days ``d`` with ``start < d <= end``, so that
        ``working_days_between(a, add_working_days(a, n).value) == n``; negative if ``end < start``."""
        if end < start:
            reverse = self.working_days_between(end, start)
            return WorkingDayResult(-int(reverse.value), reverse.sources)
        if (end - start).days > MAX_SPAN_DAYS:
            raise ValueError("span longer than 20 years")
        sources = {self.source_for_year(start.year), self.source_for_year(end.year)}
        sources.update(self.source_for_year(year) for year in range(start.year, end.year + 1))
        count = sum(
            1 for offset in range(1, (end - start).days + 1) if self.is_working_day(start + timedelta(days=offset))
        )
        return WorkingDayResult(count, frozenset(sources))
