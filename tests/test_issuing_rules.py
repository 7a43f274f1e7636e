"""The issuing rules of domain/issuing.py: plain Python, no Qt, no database."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta, timezone

import pytest

from counter_app.domain.issuing import (
    DeskAction,
    DeskState,
    KioskPage,
    OpeningHours,
    appointment_moment,
    desk_actions,
    kept_priority,
    kiosk_may_issue,
    kiosk_page,
    line_key,
    next_quarter_hour,
    offered_priorities,
)
from counter_app.domain.queue import LinePriorities, TicketPriority

SHANGHAI = "Asia/Shanghai"
HOURS = OpeningHours(time(9), time(17), SHANGHAI)
CST = timezone(timedelta(hours=8))


def at(hour: int, minute: int = 0, second: int = 0, day: int = 23) -> datetime:
    """A moment of 2026-11-``day`` in Shanghai, given in UTC (as the database clock gives it)."""
    return datetime(2026, 11, day, hour, minute, second, tzinfo=CST).astimezone(UTC)


@pytest.mark.parametrize(
    ("moment", "is_open"),
    [(at(8, 59, 59), False), (at(9), True), (at(12, 30), True), (at(16, 59, 59), True), (at(17), False), (at(23, 30), False), (at(0, 10), False)],
)
def test_open_from_opening_until_closing(moment: datetime, is_open: bool) -> None:
    assert HOURS.is_open(moment) is is_open


def test_the_next_opening_and_the_next_change() -> None:
    assert HOURS.next_opening(at(7)) == at(9)  # later today
    assert HOURS.next_opening(at(12)) == at(9, day=24)  # open now: the next one is tomorrow's
    assert HOURS.next_opening(at(18)) == at(9, day=24)
    assert HOURS.next_change(at(7)) == at(9)
    assert HOURS.next_change(at(12)) == at(17)
    assert HOURS.next_change(at(17)) == at(9, day=24)
    # Just after midnight in Shanghai is still the previous evening in UTC: today's opening.
    assert HOURS.next_opening(at(0, 30)) == at(9)


def test_hours_in_another_zone_and_empty_hours() -> None:
    urumqi = OpeningHours(time(10), time(18), "Asia/Urumqi")  # UTC+6
    assert urumqi.is_open(datetime(2026, 11, 23, 4, 0, tzinfo=UTC))  # 10:00 there
    assert not urumqi.is_open(datetime(2026, 11, 23, 3, 59, tzinfo=UTC))
    never = OpeningHours(time(9), time(9), SHANGHAI)
    assert never.empty and not never.is_open(at(9))
    assert never.next_opening(at(8)) is None and never.next_change(at(8)) is None


def test_an_appointment_is_on_the_halls_day() -> None:
    # 07:30 on the 24th in Shanghai is still the 23rd in UTC.
    now = at(7, 30, day=24)
    assert appointment_moment(now, time(9, 45), SHANGHAI) == at(9, 45, day=24)
    assert next_quarter_hour(at(9, 31), SHANGHAI) == time(9, 45)
    assert next_quarter_hour(at(9, 45), SHANGHAI) == time(10, 0)
    assert next_quarter_hour(at(23, 50), SHANGHAI) == time(0, 0)


def test_the_priorities_a_line_takes() -> None:
    appointments_only = LinePriorities(appointments=True, elderly_and_disabled=False, green_channel=False)
    everything = LinePriorities(True, True, True)
    assert offered_priorities(None) == frozenset()
    assert offered_priorities(appointments_only) == {TicketPriority.NORMAL, TicketPriority.APPOINTMENT}
    assert offered_priorities(everything) == set(TicketPriority)
    assert kept_priority(TicketPriority.GREEN_CHANNEL, everything) is TicketPriority.GREEN_CHANNEL
    assert kept_priority(TicketPriority.GREEN_CHANNEL, appointments_only) is TicketPriority.NORMAL
    assert kept_priority(TicketPriority.APPOINTMENT, None) is TicketPriority.NORMAL


@pytest.mark.parametrize(("prefix", "key"), [("A", "A"), ("b", "B"), (" C ", "C"), ("AB", None), ("1", None), ("甲", None), ("", None)])
def test_the_key_of_a_line(prefix: str, key: str | None) -> None:
    assert line_key(prefix) == key


def test_what_the_desk_may_do() -> None:
    start = DeskState(lines_shown=False, line_chosen=False, busy=False, slip_ready=False)
    assert desk_actions(start) == {DeskAction.CHOOSE_HALL}
    lines = DeskState(lines_shown=True, line_chosen=False, busy=False, slip_ready=False)
    assert desk_actions(lines) == {DeskAction.CHOOSE_HALL, DeskAction.CHOOSE_LINE}
    chosen = DeskState(lines_shown=True, line_chosen=True, busy=False, slip_ready=False)
    assert DeskAction.ISSUE in desk_actions(chosen)
    # A slip is printed once, then only reprinted (each copy counted).
    issued = DeskState(lines_shown=True, line_chosen=True, busy=False, slip_ready=True)
    assert {DeskAction.PRINT, DeskAction.ISSUE} <= desk_actions(issued) and DeskAction.REPRINT not in desk_actions(issued)
    printed = DeskState(lines_shown=True, line_chosen=True, busy=False, slip_ready=True, slip_printed=True)
    assert DeskAction.REPRINT in desk_actions(printed) and DeskAction.PRINT not in desk_actions(printed)
    # Nothing starts while something is under way (a second Enter issues nothing).
    assert desk_actions(DeskState(lines_shown=True, line_chosen=True, busy=True, slip_ready=True)) == frozenset()


def test_which_page_the_kiosk_shows() -> None:
    assert kiosk_page(open_now=True, showing_result=False) is KioskPage.START
    assert kiosk_page(open_now=None, showing_result=False) is KioskPage.START  # unknown: the service decides
    assert kiosk_page(open_now=False, showing_result=False) is KioskPage.CLOSED
    assert kiosk_page(open_now=False, showing_result=True) is KioskPage.RESULT  # a number stays until done
    assert kiosk_may_issue(KioskPage.START, busy=False)
    assert not kiosk_may_issue(KioskPage.START, busy=True)
    assert not kiosk_may_issue(KioskPage.CLOSED, busy=False)
    assert not kiosk_may_issue(KioskPage.RESULT, busy=False)
