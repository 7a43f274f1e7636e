"""Issuing rules as plain Python: when a hall issues tickets, which priorities a line
takes, which key chooses a line, and what the guide desk and the kiosk may do in each
state. The screens ask these rules instead of writing their own enable logic."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import Enum
from zoneinfo import ZoneInfo

from counter_app.domain.queue import DEFAULT_TIMEZONE, LinePriorities, TicketPriority, business_date, local_time

# The order the guide desk offers the priorities in (and their keys 1, 2, 3, 4).
PRIORITY_ORDER: tuple[TicketPriority, ...] = (
    TicketPriority.NORMAL,
    TicketPriority.APPOINTMENT,
    TicketPriority.PRIORITY,
    TicketPriority.GREEN_CHANNEL,
)


# ---------------------------------------------------------------- opening hours


@dataclass(frozen=True)
class OpeningHours:
    """When a hall issues tickets: every day from ``opens_at`` (inclusive) to ``closes_at``
    (exclusive), local times of ``timezone``. The service refuses a ticket outside them;
    the kiosk shows itself closed outside them."""

    opens_at: time
    closes_at: time
    timezone: str = DEFAULT_TIMEZONE

    @property
    def empty(self) -> bool:
        """Never open (closing at or before opening): no next opening to announce."""
        return self.closes_at <= self.opens_at

    def is_open(self, moment: datetime) -> bool:
        """Whether a ticket may be issued at the aware ``moment``."""
        local = local_time(moment, self.timezone).time().replace(tzinfo=None)
        return self.opens_at <= local < self.closes_at

    def opening_on(self, day: date) -> datetime:
        return _at(day, self.opens_at, self.timezone)

    def closing_on(self, day: date) -> datetime:
        return _at(day, self.closes_at, self.timezone)

    def next_opening(self, moment: datetime) -> datetime | None:
        """The first opening after ``moment`` (today's if still to come, else tomorrow's);
        None when the hours are empty."""
        if self.empty:
            return None
        today = business_date(moment, self.timezone)
        opening = self.opening_on(today)
        return opening if moment < opening else self.opening_on(today + timedelta(days=1))

    def next_change(self, moment: datetime) -> datetime | None:
        """When ``is_open`` flips next: today's closing while open, else the next opening."""
        if self.is_open(moment):
            return self.closing_on(business_date(moment, self.timezone))
        return self.next_opening(moment)


def _at(day: date, clock: time, timezone: str) -> datetime:
    return datetime.combine(day, clock.replace(tzinfo=None), tzinfo=ZoneInfo(timezone))


def appointment_moment(now: datetime, chosen: time, timezone: str = DEFAULT_TIMEZONE) -> datetime:
    """An appointment time typed at the desk: ``chosen`` on the hall's business day of ``now``."""
    return _at(business_date(now, timezone), chosen, timezone)


def next_quarter_hour(now: datetime, timezone: str = DEFAULT_TIMEZONE) -> time:
    """The appointment time the desk proposes: the next quarter hour, local time."""
    local = local_time(now, timezone)
    minutes = (local.hour * 60 + local.minute) // 15 * 15 + 15
    return time((minutes // 60) % 24, minutes % 60)


# ---------------------------------------------------------------- lines and priorities


def offered_priorities(priorities: LinePriorities | None) -> frozenset[TicketPriority]:
    """The priorities the desk may issue for the chosen line (none before a line is chosen)."""
    if priorities is None:
        return frozenset()
    return frozenset(priority for priority in PRIORITY_ORDER if priorities.accepts(priority))


def kept_priority(current: TicketPriority, priorities: LinePriorities | None) -> TicketPriority:
    """The priority after choosing another line: kept if the line takes it, else ordinary
    (never silently a priority ticket the line does not take)."""
    return current if current in offered_priorities(priorities) else TicketPriority.NORMAL


def line_key(prefix: str) -> str | None:
    """The key that chooses a line at the guide desk: its prefix, when that is one letter."""
    key = prefix.strip().upper()
    return key if len(key) == 1 and "A" <= key <= "Z" else None


# ---------------------------------------------------------------- the guide desk


class DeskAction(str, Enum):
    CHOOSE_HALL = "choose_hall"
    CHOOSE_LINE = "choose_line"
    ISSUE = "issue"
    PRINT = "print"
    REPRINT = "reprint"


@dataclass(frozen=True)
class DeskState:
    lines_shown: bool  # the hall's lines are on screen
    line_chosen: bool
    busy: bool  # a ticket is being issued, or a slip recorded or rendered
    slip_ready: bool  # the preview shows the slip of the last ticket issued here
    slip_printed: bool = False  # that slip's first print is done


def desk_actions(state: DeskState) -> frozenset[DeskAction]:
    """What the guide desk may do now. Nothing starts while something is under way: a
    second Enter must not issue a second ticket, and a reprint waits for its slip. A slip
    is printed once (the copy issuing counted); every further copy is a reprint, counted
    and marked 补打."""
    if state.busy:
        return frozenset()
    allowed = {DeskAction.CHOOSE_HALL}
    if state.lines_shown:
        allowed.add(DeskAction.CHOOSE_LINE)
        if state.line_chosen:
            allowed.add(DeskAction.ISSUE)
    if state.slip_ready:
        allowed.add(DeskAction.REPRINT if state.slip_printed else DeskAction.PRINT)
    return frozenset(allowed)


# ---------------------------------------------------------------- the kiosk


class KioskPage(str, Enum):
    START = "start"  # the line buttons: touch one to take a number
    CLOSED = "closed"  # outside the opening hours: when the hall opens again
    RESULT = "result"  # the number just issued, until Done or the return timer


def kiosk_page(*, open_now: bool | None, showing_result: bool) -> KioskPage:
    """The page a kiosk shows. A visitor's number stays until they are done with it, even
    if the hall closes meanwhile; unknown hours (not read yet) count as open: the service
    still refuses a ticket outside them."""
    if showing_result:
        return KioskPage.RESULT
    return KioskPage.CLOSED if open_now is False else KioskPage.START


def kiosk_may_issue(page: KioskPage, busy: bool) -> bool:
    """A tap issues a ticket only on the start page and only one at a time."""
    return page is KioskPage.START and not busy
