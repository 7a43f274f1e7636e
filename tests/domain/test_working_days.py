"""Official working days, with make-up days, and the fallbacks for unknown years.

The 2025 and 2026 facts below are those of the State Council notices (国办发明电〔2024〕12号,
国办发明电〔2025〕7号) and were checked against the installed ``chinese_calendar``.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import chinese_calendar
import pytest

from counter_app.domain.working_days import CalendarSource, DayKind, WorkingCalendar

OFFICIAL = WorkingCalendar()
FAR_YEAR = 2099  # a year no official calendar will know for a long time

# The bundled calendar learns a year when the State Council publishes it (each November), so
# fallback tests use 2038, which has 2027's weekdays (1 January a Friday) and stays unknown
# for years; the boundary test below follows whatever year the package knows last.
UNKNOWN = 2038
LAST_KNOWN = max(year for year in range(2004, UNKNOWN) if OFFICIAL.source_for_year(year) is CalendarSource.OFFICIAL)

# An administrator's 2038: 元旦 on Friday 1 January, and Sunday 3 January worked in exchange.
STORED_UNKNOWN = {
    date(UNKNOWN, 1, 1): DayKind.HOLIDAY,
    date(UNKNOWN, 1, 3): DayKind.WORKDAY,
    date(UNKNOWN, 10, 1): DayKind.HOLIDAY,
}


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]


def test_the_official_package_knows_2025_and_2026() -> None:
    assert OFFICIAL.source_for_year(2025) is CalendarSource.OFFICIAL
    assert OFFICIAL.source_for_year(2026) is CalendarSource.OFFICIAL
    assert OFFICIAL.source_for_year(1990) is CalendarSource.WEEKENDS


def test_national_day_2025_and_its_make_up_days() -> None:
    assert not any(OFFICIAL.is_working_day(day) for day in _days(date(2025, 10, 1), date(2025, 10, 8)))
    assert date(2025, 9, 28).weekday() == 6 and OFFICIAL.is_working_day(date(2025, 9, 28))  # Sunday worked
    assert date(2025, 10, 11).weekday() == 5 and OFFICIAL.is_working_day(date(2025, 10, 11))  # Saturday worked
    assert OFFICIAL.is_working_day(date(2025, 10, 9))


def test_2026_new_year_and_spring_festival() -> None:
    assert not any(OFFICIAL.is_working_day(day) for day in _days(date(2026, 1, 1), date(2026, 1, 3)))
    assert OFFICIAL.is_working_day(date(2026, 1, 4))  # Sunday worked
    # Spring Festival: 15 to 23 February off; Saturdays 14 and 28 February worked.
    assert not any(OFFICIAL.is_working_day(day) for day in _days(date(2026, 2, 15), date(2026, 2, 23)))
    assert OFFICIAL.is_working_day(date(2026, 2, 14)) and OFFICIAL.is_working_day(date(2026, 2, 28))
    assert OFFICIAL.is_working_day(date(2026, 2, 24))
    assert chinese_calendar.get_holiday_detail(date(2026, 2, 17))[1] == "Spring Festival"


def test_2026_mid_autumn_and_national_day() -> None:
    assert not any(OFFICIAL.is_working_day(day) for day in _days(date(2026, 9, 25), date(2026, 9, 27)))
    assert not any(OFFICIAL.is_working_day(day) for day in _days(date(2026, 10, 1), date(2026, 10, 7)))
    assert OFFICIAL.is_working_day(date(2026, 9, 20)) and OFFICIAL.is_working_day(date(2026, 10, 10))


def test_add_across_the_national_day_break() -> None:
    result = OFFICIAL.add_working_days(date(2025, 9, 30), 1)
    assert result.value == date(2025, 10, 9)
    assert result.sources == {CalendarSource.OFFICIAL}
    assert OFFICIAL.add_working_days(date(2025, 9, 30), 3).value == date(2025, 10, 11)  # the Saturday worked
    assert OFFICIAL.add_working_days(date(2025, 9, 26), 1).value == date(2025, 9, 28)  # the Sunday worked
    assert OFFICIAL.add_working_days(date(2025, 10, 3), 1).value == date(2025, 10, 9)  # accepted on a holiday
    assert OFFICIAL.add_working_days(date(2026, 2, 13), 1).value == date(2026, 2, 14)
    assert OFFICIAL.add_working_days(date(2026, 2, 14), 1).value == date(2026, 2, 24)


def test_count_across_the_national_day_break() -> None:
    # 9-28, 9-29, 9-30, 10-9, 10-10, 10-11.
    result = OFFICIAL.working_days_between(date(2025, 9, 26), date(2025, 10, 12))
    assert (result.value, result.sources) == (6, {CalendarSource.OFFICIAL})
    assert OFFICIAL.working_days_between(date(2025, 9, 30), date(2025, 10, 8)).value == 0
    assert OFFICIAL.working_days_between(date(2025, 9, 30), date(2025, 10, 9)).value == 1


def test_friday_plus_one_is_monday_and_zero_is_the_same_day() -> None:
    assert OFFICIAL.add_working_days(date(2026, 11, 20), 1).value == date(2026, 11, 23)
    zero = OFFICIAL.add_working_days(date(2026, 11, 22), 0)
    assert (zero.value, zero.sources) == (date(2026, 11, 22), {CalendarSource.OFFICIAL})
    assert OFFICIAL.add_working_days(date(2025, 10, 1), 0).value == date(2025, 10, 1)  # even on a holiday
    same = OFFICIAL.working_days_between(date(2025, 10, 1), date(2025, 10, 1))
    assert (same.value, same.sources) == (0, {CalendarSource.OFFICIAL})


def test_next_working_day() -> None:
    assert OFFICIAL.next_working_day(date(2026, 11, 23)) == date(2026, 11, 23)  # a Monday
    assert OFFICIAL.next_working_day(date(2026, 11, 22)) == date(2026, 11, 23)  # a Sunday
    assert OFFICIAL.next_working_day(date(2025, 10, 1)) == date(2025, 10, 9)
    assert OFFICIAL.next_working_day(date(2026, 2, 15)) == date(2026, 2, 24)


def test_programming_errors_raise_value_error() -> None:
    with pytest.raises(ValueError):
        OFFICIAL.add_working_days(date(2026, 11, 20), -1)
    with pytest.raises(ValueError):
        OFFICIAL.add_working_days(date(2026, 1, 1), 10_000)
    with pytest.raises(ValueError):
        OFFICIAL.working_days_between(date(2000, 1, 1), date(2030, 1, 1))
    with pytest.raises(ValueError):
        OFFICIAL.add_working_days(date.max - timedelta(days=3), 10)
    with pytest.raises(ValueError):
        WorkingCalendar(stored_days={date(2027, 1, 1): "day off"})  # type: ignore[dict-item]


def test_several_hundred_working_days_are_quick_enough() -> None:
    result = OFFICIAL.add_working_days(date(2024, 1, 2), 600)
    assert OFFICIAL.working_days_between(date(2024, 1, 2), result.value).value == 600
    assert result.sources == {CalendarSource.OFFICIAL}


def test_an_unknown_year_falls_back_to_weekends_when_nothing_is_stored() -> None:
    calendar = WorkingCalendar(stored_days=STORED_UNKNOWN)  # days stored, but the year not declared complete
    assert calendar.source_for_year(UNKNOWN) is CalendarSource.WEEKENDS
    assert calendar.is_working_day(date(UNKNOWN, 1, 1))  # a Friday
    assert not calendar.is_working_day(date(UNKNOWN, 1, 3))  # a Sunday
    result = calendar.add_working_days(date(UNKNOWN, 1, 1), 1)
    assert (result.value, result.sources) == (date(UNKNOWN, 1, 4), {CalendarSource.WEEKENDS})


def test_an_unknown_year_uses_the_database_when_the_year_is_stored() -> None:
    calendar = WorkingCalendar(stored_days=STORED_UNKNOWN, stored_years=[UNKNOWN])
    assert calendar.source_for_year(UNKNOWN) is CalendarSource.DATABASE
    assert not calendar.is_working_day(date(UNKNOWN, 1, 1))  # stored holiday on a Friday
    assert calendar.is_working_day(date(UNKNOWN, 1, 3))  # stored make-up Sunday
    assert not calendar.is_working_day(date(UNKNOWN, 1, 2))  # unstored Saturday: weekend rule
    assert calendar.is_working_day(date(UNKNOWN, 1, 4))  # unstored Monday
    result = calendar.add_working_days(date(UNKNOWN, 1, 1), 2)
    assert (result.value, result.sources) == (date(UNKNOWN, 1, 4), {CalendarSource.DATABASE})
    # Plain strings, as a database row holds them, work too.
    from_rows = WorkingCalendar(stored_days={date(UNKNOWN, 1, 1): "holiday"}, stored_years=[UNKNOWN])  # type: ignore[dict-item]
    assert not from_rows.is_working_day(date(UNKNOWN, 1, 1))


def test_a_range_across_the_last_official_year_reports_both_sources() -> None:
    last_day = date(LAST_KNOWN, 12, 31)
    first_weekday = next(last_day + timedelta(days=n) for n in range(1, 8) if (last_day + timedelta(days=n)).weekday() < 5)
    weekends = OFFICIAL.add_working_days(last_day, 1)
    assert (weekends.value, weekends.sources) == (first_weekday, {CalendarSource.WEEKENDS})
    span = OFFICIAL.working_days_between(date(LAST_KNOWN, 12, 1), date(LAST_KNOWN + 1, 1, 31))
    assert span.sources == {CalendarSource.OFFICIAL, CalendarSource.WEEKENDS}
    january = sum(1 for day in _days(date(LAST_KNOWN + 1, 1, 1), date(LAST_KNOWN + 1, 1, 31)) if day.weekday() < 5)
    december = sum(1 for day in _days(date(LAST_KNOWN, 12, 2), last_day) if OFFICIAL.is_working_day(day))
    assert span.value == december + january

    # The administrators store the next year: a holiday on its first weekday.
    stored = WorkingCalendar(stored_days={first_weekday: DayKind.HOLIDAY}, stored_years=[LAST_KNOWN + 1])
    result = stored.working_days_between(date(LAST_KNOWN, 12, 1), date(LAST_KNOWN + 1, 1, 31))
    assert (result.value, result.sources) == (december + january - 1, {CalendarSource.OFFICIAL, CalendarSource.DATABASE})
    # Only the days walked over count: from the last official day on, its source is not consulted.
    assert stored.add_working_days(last_day, 2).sources == {CalendarSource.DATABASE}


def test_a_span_over_two_sources_reports_both_far_ahead() -> None:
    stored_next_year = WorkingCalendar(stored_years=[FAR_YEAR])
    result = stored_next_year.add_working_days(date(FAR_YEAR - 1, 12, 28), 10)
    assert result.sources == {CalendarSource.WEEKENDS, CalendarSource.DATABASE}
    span = OFFICIAL.working_days_between(date(2026, 12, 1), date(2030, 1, 1))
    assert span.sources == {CalendarSource.OFFICIAL, CalendarSource.WEEKENDS}


def test_stored_days_are_ignored_for_a_year_the_package_knows() -> None:
    calendar = WorkingCalendar(stored_days={date(2025, 10, 1): DayKind.WORKDAY}, stored_years=[2025])
    assert calendar.source_for_year(2025) is CalendarSource.OFFICIAL
    assert not calendar.is_working_day(date(2025, 10, 1))


def test_official_source_can_be_switched_off() -> None:
    weekends_only = WorkingCalendar(use_official=False)
    assert weekends_only.is_working_day(date(2025, 10, 1))  # a Wednesday
    assert weekends_only.source_for_year(2025) is CalendarSource.WEEKENDS
    stored = WorkingCalendar(stored_days={date(2025, 10, 1): DayKind.HOLIDAY}, stored_years=[2025], use_official=False)
    assert stored.source_for_year(2025) is CalendarSource.DATABASE
    assert not stored.is_working_day(date(2025, 10, 1))


def test_between_is_the_inverse_of_add() -> None:
    rng = random.Random(7)
    stored = WorkingCalendar(stored_days=STORED_UNKNOWN, stored_years=[UNKNOWN])
    for calendar in (OFFICIAL, stored):
        for _ in range(200):
            start = date(2024, 1, 1) + timedelta(days=rng.randrange(4 * 366))
            days = rng.randrange(0, 300)
            result = calendar.add_working_days(start, days)
            end = result.value
            assert isinstance(end, date)
            assert calendar.working_days_between(start, end).value == days
            assert calendar.working_days_between(end, start).value == -days
            if days:
                assert calendar.is_working_day(end)
                assert calendar.working_days_between(start, end - timedelta(days=1)).value == days - 1


def test_end_before_start_is_negative() -> None:
    result = OFFICIAL.working_days_between(date(2025, 10, 12), date(2025, 9, 26))
    assert (result.value, result.sources) == (-6, {CalendarSource.OFFICIAL})


def test_every_official_day_agrees_with_the_package() -> None:
    day = date(2004, 1, 1)
    while day.year <= 2026:
        assert OFFICIAL.is_working_day(day) == chinese_calendar.is_workday(day), day
        day += timedelta(days=1)
