"""Queue rules as plain Python: ticket states and the moves between them, priority order,
business dates, labels, wait estimates, masking and the spoken call."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import Enum
from zoneinfo import ZoneInfo

DEFAULT_TIMEZONE = "Asia/Shanghai"


class CounterState(str, Enum):
    CLOSED = "closed"
    OPEN = "open"
    PAUSED = "paused"


class TicketStatus(str, Enum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    HELD = "held"
    NO_SHOW = "no_show"
    DONE = "done"
    CLOSED = "closed"  # closed by the end of the business day, with a reason


class TicketPriority(str, Enum):
    NORMAL = "normal"
    APPOINTMENT = "appointment"
    PRIORITY = "priority"  # elderly, disabled
    GREEN_CHANNEL = "green_channel"


class PersonalDataPurpose(str, Enum):
    """Why a ticket holds a visitor's details (个人信息保护法: collect only for a stated
    purpose, only what it needs). No purpose, no personal data."""

    CALL_BY_NAME = "call_by_name"  # the name: the clerk greets the visitor; the display shows it masked
    CONTACT = "contact"  # name and phone: to reach the visitor about this visit
    CASE_INTAKE = "case_intake"  # name, phone and ID number: to start the application at the counter


PURPOSE_FIELDS: dict[PersonalDataPurpose, frozenset[str]] = {
    PersonalDataPurpose.CALL_BY_NAME: frozenset({"name"}),
    PersonalDataPurpose.CONTACT: frozenset({"name", "phone"}),
    PersonalDataPurpose.CASE_INTAKE: frozenset({"name", "phone", "id_number"}),
}


def personal_data_beyond_purpose(purpose: PersonalDataPurpose | None, given: set[str]) -> set[str]:
    """The fields given that ``purpose`` does not need (all of them without a purpose)."""
    return set(given) - (PURPOSE_FIELDS[purpose] if purpose is not None else frozenset())


class TicketAction(str, Enum):
    ISSUE = "issue"
    CALL = "call"
    CALL_SPECIFIC = "call_specific"
    RECALL = "recall"
    NO_SHOW = "no_show"
    REINSTATE = "reinstate"
    TRANSFER = "transfer"
    HOLD = "hold"
    RESUME = "resume"
    START = "start"
    FINISH = "finish"
    CLOSE = "close"


S = TicketStatus
# (action, from status) -> to status. Anything not listed is refused.
TRANSITIONS: dict[tuple[TicketAction, TicketStatus | None], TicketStatus] = {
    (TicketAction.ISSUE, None): S.WAITING,
    (TicketAction.CALL, S.WAITING): S.CALLED,
    (TicketAction.CALL_SPECIFIC, S.WAITING): S.CALLED,
    (TicketAction.CALL_SPECIFIC, S.NO_SHOW): S.CALLED,
    (TicketAction.RECALL, S.CALLED): S.CALLED,
    (TicketAction.NO_SHOW, S.CALLED): S.NO_SHOW,
    (TicketAction.REINSTATE, S.NO_SHOW): S.WAITING,
    (TicketAction.TRANSFER, S.WAITING): S.WAITING,
    (TicketAction.TRANSFER, S.CALLED): S.WAITING,
    (TicketAction.TRANSFER, S.SERVING): S.WAITING,
    (TicketAction.TRANSFER, S.HELD): S.WAITING,
    (TicketAction.HOLD, S.CALLED): S.HELD,
    (TicketAction.HOLD, S.SERVING): S.HELD,
    (TicketAction.RESUME, S.HELD): S.SERVING,
    (TicketAction.START, S.CALLED): S.SERVING,
    (TicketAction.FINISH, S.SERVING): S.DONE,
    (TicketAction.FINISH, S.CALLED): S.DONE,
    **{(TicketAction.CLOSE, status): S.CLOSED for status in (S.WAITING, S.CALLED, S.SERVING, S.HELD, S.NO_SHOW)},
}
ANNOUNCED_BY = (TicketAction.CALL, TicketAction.CALL_SPECIFIC, TicketAction.RECALL)  # the moves the display speaks
ACTIVE_AT_COUNTER = (S.CALLED, S.SERVING, S.HELD)  # a counter's current ticket(s)
OPEN_STATUSES = (S.WAITING, S.CALLED, S.SERVING, S.HELD, S.NO_SHOW)  # not yet done: the end of day closes them

PRIORITY_RANK = {
    TicketPriority.GREEN_CHANNEL: 0,
    TicketPriority.PRIORITY: 1,
    TicketPriority.APPOINTMENT: 2,
    TicketPriority.NORMAL: 3,
}
ORDINARY_RANK = PRIORITY_RANK[TicketPriority.NORMAL]


APPOINTMENT_GRACE_MINUTES = 15  # an appointment ticket gets its priority this long before its time


def appointment_due_limit(now: datetime) -> datetime:
    """Appointments later than this are not due yet: they wait as ordinary tickets."""
    return now + timedelta(minutes=APPOINTMENT_GRACE_MINUTES)


def call_rank(priority: TicketPriority, appointment_at: datetime | None, now: datetime) -> int:
    """The rank a waiting ticket is called by (lower first; ties by queue time, then id):
    its priority's, except an appointment not yet due, which waits as an ordinary ticket.
    Call next, the waiting list and the people-ahead count all order by this."""
    if priority is TicketPriority.APPOINTMENT and appointment_at is not None and appointment_at > appointment_due_limit(now):
        return ORDINARY_RANK
    return PRIORITY_RANK[priority]


def next_status(action: TicketAction, current: TicketStatus | None) -> TicketStatus | None:
    """The status after ``action``, or None if the move is not allowed from ``current``."""
    return TRANSITIONS.get((action, current))


def business_date(moment: datetime, timezone: str = DEFAULT_TIMEZONE) -> date:
    """The hall's local date of an aware moment: numbering restarts at local midnight."""
    return moment.astimezone(ZoneInfo(timezone)).date()


def business_day_start(day: date, timezone: str = DEFAULT_TIMEZONE) -> datetime:
    """The moment a business day begins (local midnight), as an aware time."""
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(timezone))


def local_time(moment: datetime, timezone: str = DEFAULT_TIMEZONE) -> datetime:
    return moment.astimezone(ZoneInfo(timezone))


def ticket_label(prefix: str, number: int) -> str:
    return f"{prefix}{number:03d}"


def mask_name(name: str | None) -> str:
    """张三 → 张*, 欧阳修 → 欧**: the display shows no full names."""
    name = (name or "").strip()
    if not name:
        return ""
    return name[0] + "*" * max(1, len(name) - 1)


def recall_wait_seconds(seconds_since_last_call: float, cooldown_seconds: int) -> int:
    """Seconds before a called ticket may be recalled (0: now): the visitor gets the
    cooldown to come forward after each call or recall."""
    return max(0, math.ceil(cooldown_seconds - seconds_since_last_call))


def recalls_left(recall_count: int, recall_max: int) -> int:
    return max(0, recall_max - recall_count)


def no_show_wait_seconds(recall_count: int, recall_max: int, seconds_since_call: float, cooldown_seconds: int) -> int | None:
    """A called ticket becomes a no-show only after its last recall, once the visitor has
    had the cooldown to come forward: None while recalls remain, else the seconds left (0: now)."""
    if recall_count < recall_max:
        return None
    return max(0, math.ceil(cooldown_seconds - seconds_since_call))


@dataclass(frozen=True)
class LinePriorities:
    """Which kinds of priority ticket a business line takes ahead of ordinary ones."""

    appointments: bool
    elderly_and_disabled: bool
    green_channel: bool

    def accepts(self, priority: TicketPriority) -> bool:
        return {
            TicketPriority.NORMAL: True,
            TicketPriority.APPOINTMENT: self.appointments,
            TicketPriority.PRIORITY: self.elderly_and_disabled,
            TicketPriority.GREEN_CHANNEL: self.green_channel,
        }[priority]


# A ticket sent back to the queue (a transfer, a counter closed by its supervisor) keeps
# its number, its priority and its place (queued_at); what happened at the counter is
# forgotten: the next counter calls it afresh and its service starts afresh.
BACK_IN_QUEUE: dict[str, int | None] = {
    "counter_id": None,
    "called_at": None,
    "last_called_at": None,
    "service_started_at": None,
    "recall_count": 0,
}


def call_announcement(label: str, counter_number: int) -> str:
    return f"请 {label} 号到 {counter_number} 号窗口办理"


def wait_estimate_minutes(people_ahead: int, average_service_seconds: float | None, serving_counters: int) -> int | None:
    """Expected wait from recent service times; None when there is nothing to go on."""
    if average_service_seconds is None or average_service_seconds <= 0:
        return None
    counters = max(1, serving_counters)
    return math.ceil(people_ahead * average_service_seconds / counters / 60)
