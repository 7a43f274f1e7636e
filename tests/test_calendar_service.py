"""Administrators' holiday calendar: used for years the official calendar does not know."""

from __future__ import annotations

from datetime import date

import pytest

from counter_app.db.engine import Database
from counter_app.domain.working_days import CalendarSource, DayKind
from counter_app.errors import PermissionDenied, ValidationError
from counter_app.services.calendar import StoredDay, load_working_calendar, store_calendar_year
from tests.queue_support import staff

FAR_YEAR = 2099  # a year no bundled official calendar knows


def test_unknown_year_falls_back_to_weekends_then_to_stored_days(demo_database: Database) -> None:
    calendar = load_working_calendar(demo_database)
    assert calendar.source_for_year(FAR_YEAR) is CalendarSource.WEEKENDS
    new_year = date(FAR_YEAR, 1, 1)  # a Thursday
    assert calendar.is_working_day(new_year)

    admin = staff(demo_database, "admin")
    store_calendar_year(
        admin,
        FAR_YEAR,
        [StoredDay(new_year, DayKind.HOLIDAY, "元旦"), StoredDay(date(FAR_YEAR, 1, 3), DayKind.WORKDAY, "调休")],
    )
    calendar = load_working_calendar(demo_database)
    assert calendar.source_for_year(FAR_YEAR) is CalendarSource.DATABASE
    assert not calendar.is_working_day(new_year)
    assert calendar.is_working_day(date(FAR_YEAR, 1, 3))  # a Saturday made a working day
    result = calendar.add_working_days(date(FAR_YEAR - 1, 12, 31), 2)
    assert result.value == date(FAR_YEAR, 1, 3)
    assert CalendarSource.DATABASE in result.sources


def test_storing_a_year_again_replaces_it(demo_database: Database) -> None:
    admin = staff(demo_database, "admin")
    store_calendar_year(admin, FAR_YEAR, [StoredDay(date(FAR_YEAR, 5, 1), DayKind.HOLIDAY)])
    store_calendar_year(admin, FAR_YEAR, [StoredDay(date(FAR_YEAR, 5, 4), DayKind.HOLIDAY)])
    calendar = load_working_calendar(demo_database)
    assert calendar.is_working_day(date(FAR_YEAR, 5, 1)) and not calendar.is_working_day(date(FAR_YEAR, 5, 4))


def test_bad_calendar_input_changes_nothing(demo_database: Database) -> None:
    admin = staff(demo_database, "admin")
    with pytest.raises(ValidationError, match="not in the year"):
        store_calendar_year(admin, FAR_YEAR, [StoredDay(date(2030, 1, 1), DayKind.HOLIDAY)])
    with pytest.raises(ValidationError, match="twice"):
        day = StoredDay(date(FAR_YEAR, 1, 1), DayKind.HOLIDAY)
        store_calendar_year(admin, FAR_YEAR, [day, day])
    assert load_working_calendar(demo_database).source_for_year(FAR_YEAR) is CalendarSource.WEEKENDS
    clerk = staff(demo_database, "kg01")
    with pytest.raises(PermissionDenied):
        store_calendar_year(clerk, FAR_YEAR, [])
