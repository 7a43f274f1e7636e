"""Official working days, with make-up days, and the fallbacks for unknown years."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from counter_app.domain.working_days import CalendarSource, DayKind, WorkingCalendar

OFFICIAL = WorkingCalendar()
UNKNOWN_YEAR = 2099


def test_national_day_2025_and_its_make_up_days() -> None:
    assert all(not OFFICIAL.is_working_day(date(2025, 10, day)) for day in range(1, 9))
    assert OFFICIAL.is_working_day(date(2025, 9, 28))  # a Sunday worked (调休)
    assert OFFICIAL.is_working_day(date(2025, 10, 11))  # a Saturday worked
    assert not OFFICIAL.is_working_day(date(2026, 1, 1))  # 元旦


def test_add_across_the_national_day_break() -> None:
    result = OFFICIAL.add_working_days(date(2025, 9, 30), 1)
    assert result.value == date(2025, 10, 9)
    assert result.sources == {CalendarSource.OFFICIAL}
    assert OFFICIAL.add_working_days(date(2025, 9, 26), 1).value == date(2025, 9, 28)
    assert OFFICIAL.working_days_between(date(2025, 9, 26), date(2025, 10, 12)).value == 6  # 9-28, 9-29, 9-30, 10-9, 10-10, 10-11


def test_friday_plus_one_is_monday_and_zero_is_the_same_day() -> None:
    assert OFFICIAL.add_working_days(date(2026, 11, 20), 1).value == date(2026, 11, 23)
    assert OFFICIAL.add_working_days(date(2026, 11, 22), 0).value == date(2026, 11, 22)
    assert OFFICIAL.next_working_day(date(2026, 11, 22)) == date(2026, 11, 23)
    with pytest.raises(ValueError):
        OFFICIAL.add_working_days(date(2026, 11, 20), -1)


def test_unknown_year_falls_back_to_weekends_and_says_so() -> None:
    calendar = WorkingCalendar()
    assert calendar.source_for_year(UNKNOWN_YEAR) is CalendarSource.WEEKENDS
    result = calendar.add_working_days(date(UNKNOWN_YEAR, 1, 2), 1)  # Friday → Monday
    assert result.value == date(UNKNOWN_YEAR, 1, 5)
    assert result.sources == {CalendarSource.WEEKENDS}


def test_stored_days_serve_a_complete_year_only() -> None:
    stored = {date(UNKNOWN_YEAR, 1, 1): DayKind.HOLIDAY, date(UNKNOWN_YEAR, 1, 3): DayKind.WORKDAY}
    incomplete = WorkingCalendar(stored_days=stored)
    assert incomplete.is_working_day(date(UNKNOWN_YEAR, 1, 1))
    calendar = WorkingCalendar(stored_days=stored, stored_years=[UNKNOWN_YEAR])
    assert calendar.source_for_year(UNKNOWN_YEAR) is CalendarSource.DATABASE
    assert not calendar.is_working_day(date(UNKNOWN_YEAR, 1, 1))
    assert calendar.is_working_day(date(UNKNOWN_YEAR, 1, 3))  # Saturday, worked


def test_a_span_over_two_sources_reports_both() -> None:
    stored_next_year = WorkingCalendar(stored_years=[UNKNOWN_YEAR])
    result = stored_next_year.add_working_days(date(UNKNOWN_YEAR - 1, 12, 28), 10)
    assert result.sources == {CalendarSource.WEEKENDS, CalendarSource.DATABASE}
    span = OFFICIAL.working_days_between(date(2026, 12, 1), date(2030, 1, 1))
    assert {CalendarSource.OFFICIAL, CalendarSource.WEEKENDS} <= span.sources


def test_between_is_the_inverse_of_add() -> None:
    rng = random.Random(7)
    for _ in range(200):
        start = date(2024, 1, 1) + timedelta(days=rng.randrange(1100))
        days = rng.randrange(0, 80)
        end = OFFICIAL.add_working_days(start, days).value
        assert OFFICIAL.working_days_between(start, end).value == days
        assert OFFICIAL.working_days_between(end, start).value == -days


def test_official_source_can_be_switched_off() -> None:
    weekends_only = WorkingCalendar(use_official=False)
    assert weekends_only.is_working_day(date(2025, 10, 1))  # a Wednesday
    assert weekends_only.source_for_year(2025) is CalendarSource.WEEKENDS
