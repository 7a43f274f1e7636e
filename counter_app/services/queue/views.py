"""What the queue's use cases return: plain, frozen data, never live database rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from counter_app.domain.queue import (
    DEFAULT_TIMEZONE,
    CounterState,
    LinePriorities,
    PersonalDataPurpose,
    TicketPriority,
    TicketStatus,
)
from counter_app.i18n import QT_TRANSLATE_NOOP, Term

STATUS_TERMS = {
    TicketStatus.WAITING: Term(QT_TRANSLATE_NOOP("Terms", "waiting")),
    TicketStatus.CALLED: Term(QT_TRANSLATE_NOOP("Terms", "called")),
    TicketStatus.SERVING: Term(QT_TRANSLATE_NOOP("Terms", "being served")),
    TicketStatus.HELD: Term(QT_TRANSLATE_NOOP("Terms", "on hold")),
    TicketStatus.NO_SHOW: Term(QT_TRANSLATE_NOOP("Terms", "no-show")),
    TicketStatus.DONE: Term(QT_TRANSLATE_NOOP("Terms", "done")),
    TicketStatus.CLOSED: Term(QT_TRANSLATE_NOOP("Terms", "closed")),
}


@dataclass(frozen=True)
class LineInfo:
    id: int
    prefix: str
    name: str
    description: str
    daily_cap: int | None
    waiting: int
    accepts_appointments: bool
    accepts_priority: bool
    accepts_green_channel: bool

    @property
    def priorities(self) -> LinePriorities:
        return LinePriorities(self.accepts_appointments, self.accepts_priority, self.accepts_green_channel)


@dataclass(frozen=True)
class TicketView:
    id: int
    label: str
    hall_id: int
    line_id: int
    line_prefix: str
    line_name: str
    status: TicketStatus
    priority: TicketPriority
    issued_at: datetime
    queued_at: datetime
    called_at: datetime | None  # the first call: the visitor's wait ended then
    service_started_at: datetime | None
    counter_id: int | None
    counter_number: int | None
    target_counter_id: int | None
    recall_count: int
    visitor_name_masked: str
    business_date: date
    last_called_at: datetime | None = None  # the latest call or recall (the cooldowns run from it)
    appointment_at: datetime | None = None
    # The full name: only for the clerk serving the visitor (lists and the display mask it).
    visitor_name: str | None = None


@dataclass(frozen=True)
class IssuedTicket:
    ticket: TicketView
    hall_code: str
    hall_name: str
    people_ahead: int
    wait_minutes: int | None
    qr_payload: str
    timezone: str
    reprint: bool = False
    copies: int = 1  # slips printed of this ticket, this one included


@dataclass(frozen=True)
class CounterInfo:
    id: int
    hall_id: int
    number: int
    name: str
    state: CounterState
    clerk_id: int | None
    clerk_name: str | None
    line_ids: tuple[int, ...]


@dataclass(frozen=True)
class ClerkFigures:
    served_today: int
    average_wait_seconds: float | None
    average_service_seconds: float | None


@dataclass(frozen=True)
class CounterPanel:
    counter: CounterInfo
    lines: tuple[LineInfo, ...]
    current: tuple[TicketView, ...]  # called, serving or held at this counter
    waiting: tuple[TicketView, ...]  # of the counter's lines, in call order
    no_shows: tuple[TicketView, ...]  # today's, for reinstatement
    figures: ClerkFigures
    recall_cooldown_seconds: int
    recall_max: int
    closed_by: str | None = None  # a supervisor closed this counter while the clerk was signed in


@dataclass(frozen=True)
class CallView:
    ticket_id: int
    label: str
    counter_number: int
    called_at: datetime  # the latest call or recall
    recall_count: int
    visitor_name_masked: str
    status: TicketStatus = TicketStatus.CALLED


@dataclass(frozen=True)
class DisplayState:
    hall_id: int
    hall_name: str
    current_calls: tuple[CallView, ...]  # called, newest first
    recent_calls: tuple[CallView, ...]  # last calls of the day, newest first (no-shows and transfers too)
    waiting_by_line: tuple[tuple[str, str, int], ...]  # (prefix, name, waiting)
    notice: str
    repeat: int
    read_at: datetime
    timezone: str = DEFAULT_TIMEZONE  # the hall's business time zone, for the display's clock


@dataclass(frozen=True)
class HallChoice:
    id: int
    code: str
    name: str


@dataclass(frozen=True)
class ServiceItemChoice:
    id: int
    code: str
    name: str


@dataclass(frozen=True)
class VisitorDetails:
    """What a visitor told the guide desk, and why it is kept (no purpose: nothing is kept)."""

    purpose: PersonalDataPurpose | None = None
    name: str | None = None
    phone: str | None = None
    id_number: str | None = None
