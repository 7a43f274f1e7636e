"""Queue calling use cases: issue, call, recall, no-show, transfer, hold, serve, finish.

Race-free by construction: numbers come from a sequence row upserted and incremented in
the issuing transaction; "call next" is one conditional UPDATE (``FOR UPDATE SKIP LOCKED``
on PostgreSQL; on SQLite the transaction holds the write lock from ``BEGIN IMMEDIATE``).
Every change writes a ticket event and pokes the hall's listeners after commit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Select, and_, case, func, or_, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from counter_app.db.engine import Database
from counter_app.db.models import (
    BusinessLine,
    Counter,
    Hall,
    HallChange,
    Role,
    ServiceItem,
    Staff,
    Ticket,
    TicketEvent,
    TicketSequence,
    counter_lines,
)
from counter_app.db.types import utc_now
from counter_app.domain.identifiers import parse_resident_id
from counter_app.domain.queue import (
    ACTIVE_AT_COUNTER,
    TRANSITIONS,
    OPEN_STATUSES,
    ORDINARY_RANK,
    PRIORITY_RANK,
    CounterState,
    TicketAction,
    TicketPriority,
    TicketStatus,
    business_date,
    local_time,
    mask_name,
    next_status,
    no_show_wait_seconds,
    ticket_label,
    wait_estimate_minutes,
)
from counter_app.errors import ConflictError, NotFound, ValidationError
from counter_app.i18n import QT_TRANSLATE_NOOP, Term
from counter_app.services.access import Actor, audit, require_hall, require_role
from counter_app.services import queue_sql
from counter_app.services.settings import cached_setting, get_setting

ISSUERS = {Role.SUPERVISOR, Role.ADMIN, Role.KIOSK}
CLERKS = {Role.CLERK, Role.SUPERVISOR}
PHONE = re.compile(r"^1\d{10}$|^0\d{2,3}-?\d{7,8}$")
RECENT_SERVICE_SAMPLE = 20
APPOINTMENT_GRACE_MINUTES = 15  # an appointment ticket gets its priority this long before its time
STATUS_TERMS = {
    TicketStatus.WAITING: Term(QT_TRANSLATE_NOOP("Terms", "waiting")),
    TicketStatus.CALLED: Term(QT_TRANSLATE_NOOP("Terms", "called")),
    TicketStatus.SERVING: Term(QT_TRANSLATE_NOOP("Terms", "being served")),
    TicketStatus.HELD: Term(QT_TRANSLATE_NOOP("Terms", "on hold")),
    TicketStatus.NO_SHOW: Term(QT_TRANSLATE_NOOP("Terms", "no-show")),
    TicketStatus.DONE: Term(QT_TRANSLATE_NOOP("Terms", "done")),
    TicketStatus.CLOSED: Term(QT_TRANSLATE_NOOP("Terms", "closed")),
}


# ---------------------------------------------------------------- plain results


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
    called_at: datetime | None
    service_started_at: datetime | None
    counter_id: int | None
    counter_number: int | None
    target_counter_id: int | None
    recall_count: int
    visitor_name_masked: str
    business_date: date


@dataclass(frozen=True)
class IssuedTicket:
    ticket: TicketView
    hall_code: str
    hall_name: str
    people_ahead: int
    wait_minutes: int | None
    qr_payload: str
    timezone: str


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


@dataclass(frozen=True)
class CallView:
    ticket_id: int
    label: str
    counter_number: int
    called_at: datetime
    recall_count: int
    visitor_name_masked: str


@dataclass(frozen=True)
class DisplayState:
    hall_id: int
    hall_name: str
    current_calls: tuple[CallView, ...]  # called, newest first
    recent_calls: tuple[CallView, ...]  # last calls of the day, newest first
    waiting_by_line: tuple[tuple[str, str, int], ...]  # (prefix, name, waiting)
    notice: str
    repeat: int
    read_at: datetime


# ---------------------------------------------------------------- helpers


def _timezone(session: Session) -> str:
    return str(get_setting(session, "business_timezone"))


def poke_hall(session: Session, hall_id: int) -> None:
    """Tell the hall's listeners, at commit, that its queue changed."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_notify(:channel, '')"), {"channel": hall_channel(hall_id)})
        return
    statement = sqlite.insert(HallChange).values(hall_id=hall_id, seq=1)
    session.execute(
        statement.on_conflict_do_update(index_elements=[HallChange.hall_id], set_={"seq": HallChange.seq + 1})
    )


def hall_channel(hall_id: int) -> str:
    return f"{queue_sql.HALL_CHANNEL_PREFIX}{hall_id}"


def record_ticket_event(
    session: Session,
    ticket: Ticket,
    action: TicketAction,
    from_status: TicketStatus | None,
    actor: Actor,
    now: datetime,
    counter_id: int | None = None,
    detail: str = "",
) -> None:
    session.add(
        TicketEvent(
            ticket_id=ticket.id,
            hall_id=ticket.hall_id,
            at=now,
            action=action.value,
            from_status=from_status.value if from_status else None,
            to_status=ticket.status,
            counter_id=counter_id if counter_id is not None else ticket.counter_id,
            clerk_id=actor.staff_id,
            detail=detail,
        )
    )


def _view(ticket: Ticket, line: BusinessLine, counter_number: int | None) -> TicketView:
    return TicketView(
        id=ticket.id,
        label=ticket.label,
        hall_id=ticket.hall_id,
        line_id=ticket.line_id,
        line_prefix=line.prefix,
        line_name=line.name,
        status=TicketStatus(ticket.status),
        priority=TicketPriority(ticket.priority),
        issued_at=ticket.issued_at,
        queued_at=ticket.queued_at,
        called_at=ticket.called_at,
        service_started_at=ticket.service_started_at,
        counter_id=ticket.counter_id,
        counter_number=counter_number,
        target_counter_id=ticket.target_counter_id,
        recall_count=ticket.recall_count,
        visitor_name_masked=mask_name(ticket.visitor_name),
        business_date=ticket.business_date,
    )


def _views(session: Session, tickets: list[Ticket]) -> tuple[TicketView, ...]:
    if not tickets:
        return ()
    lines = {line.id: line for line in session.scalars(select(BusinessLine).where(BusinessLine.id.in_({t.line_id for t in tickets})))}
    counter_ids = {t.counter_id for t in tickets if t.counter_id}
    numbers = dict(session.execute(select(Counter.id, Counter.number).where(Counter.id.in_(counter_ids))).all()) if counter_ids else {}
    return tuple(_view(t, lines[t.line_id], numbers.get(t.counter_id)) for t in tickets)


def _call_order(now: datetime):  # type: ignore[no-untyped-def]
    """Priority first (appointments only once they are due), then the longest wait."""
    grace = timedelta(minutes=APPOINTMENT_GRACE_MINUTES)
    effective_rank = case(
        (
            and_(Ticket.priority == TicketPriority.APPOINTMENT.value, Ticket.appointment_at > now + grace),
            ORDINARY_RANK,
        ),
        else_=Ticket.priority_rank,
    )
    return (effective_rank, Ticket.queued_at, Ticket.id)


def _load_counter(session: Session, counter_id: int) -> Counter:
    counter = session.get(Counter, counter_id)
    if counter is None:
        raise NotFound(QT_TRANSLATE_NOOP("Errors", "There is no counter with id {id}."), id=counter_id)
    return counter


def _counter_for_clerk(session: Session, actor: Actor, counter_id: int, *, must_be_open: bool = True) -> Counter:
    counter = _load_counter(session, counter_id)
    if counter.clerk_id != actor.staff_id:
        raise ConflictError(
            QT_TRANSLATE_NOOP("Errors", "You are not signed in at counter {number}: sign in there first."),
            number=counter.number,
        )
    if must_be_open and counter.state != CounterState.OPEN.value:
        raise ConflictError(
            QT_TRANSLATE_NOOP("Errors", "Counter {number} is paused or closed: open it to call tickets."),
            number=counter.number,
        )
    return counter


def _line_ids(session: Session, counter_id: int) -> list[int]:
    return list(session.scalars(select(counter_lines.c.line_id).where(counter_lines.c.counter_id == counter_id)))


def _ticket(session: Session, ticket_id: int, *, lock: bool = False) -> Ticket:
    query = select(Ticket).where(Ticket.id == ticket_id)
    if lock and session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    ticket = session.scalars(query).one_or_none()
    if ticket is None:
        raise NotFound(QT_TRANSLATE_NOOP("Errors", "There is no ticket with id {id}."), id=ticket_id)
    return ticket


def _move(
    session: Session, ticket: Ticket, action: TicketAction, actor: Actor, now: datetime, counter_id: int | None = None
) -> TicketStatus:
    """Apply ``action`` to ``ticket`` if the rules allow it; returns the status it had."""
    current = TicketStatus(ticket.status)
    target = next_status(action, current)
    if target is None:
        raise ConflictError(
            QT_TRANSLATE_NOOP("Errors", "Ticket {label} is {status}: this cannot be done to it now."),
            label=ticket.label,
            status=STATUS_TERMS[current],
        )
    ticket.status = target.value
    session.flush()
    record_ticket_event(session, ticket, action, current, actor, now, counter_id)
    poke_hall(session, ticket.hall_id)
    return current


def _own_active_ticket(session: Session, actor: Actor, counter: Counter, ticket_id: int) -> Ticket:
    ticket = _ticket(session, ticket_id, lock=True)
    if ticket.counter_id != counter.id or TicketStatus(ticket.status) not in ACTIVE_AT_COUNTER:
        raise ConflictError(
            QT_TRANSLATE_NOOP("Errors", "Ticket {label} is not at counter {number}."),
            label=ticket.label,
            number=counter.number,
        )
    return ticket


# ---------------------------------------------------------------- issuing


def hall_lines(database: Database, actor: Actor, hall_id: int) -> list[LineInfo]:
    """The active lines of a hall with today's waiting counts (issuing station, kiosk)."""
    require_role(database, actor, {*ISSUERS, Role.CLERK, Role.DISPLAY}, QT_TRANSLATE_NOOP("Terms", "view the queue"))
    with database.reading() as session:
        today = business_date(utc_now(), _timezone(session))
        return _line_infos(session, hall_id, today)


def _line_infos(session: Session, hall_id: int, today: date, line_ids: list[int] | None = None) -> list[LineInfo]:
    waiting = func.count(Ticket.id)
    query = (
        select(BusinessLine, waiting)
        .outerjoin(
            Ticket,
            and_(
                Ticket.line_id == BusinessLine.id,
                Ticket.status == TicketStatus.WAITING.value,
                Ticket.business_date == today,
            ),
        )
        .where(BusinessLine.hall_id == hall_id, BusinessLine.active.is_(True))
        .group_by(BusinessLine.id)
        .order_by(BusinessLine.prefix)
    )
    if line_ids is not None:
        query = query.where(BusinessLine.id.in_(line_ids))
    return [
        LineInfo(
            line.id, line.prefix, line.name, line.description, line.daily_cap, count,
            line.accepts_appointments, line.accepts_priority, line.accepts_green_channel,
        )
        for line, count in session.execute(query).all()
    ]


def _next_number(session: Session, line_id: int, day: date) -> int:
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = (
        insert(TicketSequence)
        .values(line_id=line_id, business_date=day, last_number=1)
        .on_conflict_do_update(
            index_elements=[TicketSequence.line_id, TicketSequence.business_date],
            set_={"last_number": TicketSequence.last_number + 1},
        )
        .returning(TicketSequence.last_number)
    )
    return int(session.execute(statement).scalar_one())


def _check_hours(hall: Hall, moment: datetime) -> None:
    local = moment.time().replace(tzinfo=None)
    if not (hall.opens_at <= local < hall.closes_at):
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "{hall} issues tickets from {opens} to {closes}; it is {now} now."),
            hall=hall.name,
            opens=hall.opens_at.strftime("%H:%M"),
            closes=hall.closes_at.strftime("%H:%M"),
            now=local.strftime("%H:%M"),
        )


def issue_ticket(
    database: Database,
    actor: Actor,
    line_id: int,
    *,
    priority: TicketPriority = TicketPriority.NORMAL,
    service_item_id: int | None = None,
    visitor_name: str | None = None,
    visitor_phone: str | None = None,
    visitor_id_number: str | None = None,
    appointment_at: datetime | None = None,
    now: datetime | None = None,
) -> IssuedTicket:
    """Issue the next number of a line, enforcing the hall's hours and the line's daily cap."""
    require_role(database, actor, ISSUERS, QT_TRANSLATE_NOOP("Terms", "issue a ticket"))
    now = now or utc_now()
    visitor_name = (visitor_name or "").strip() or None
    visitor_phone = (visitor_phone or "").strip() or None
    if visitor_phone and not PHONE.match(visitor_phone):
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "'{phone}' is not a phone number (11-digit mobile or area code and number)."),
            phone=visitor_phone,
        )
    if visitor_name and len(visitor_name) > 50:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "A name has at most 50 characters."))
    id_number = parse_resident_id(visitor_id_number).value if (visitor_id_number or "").strip() else None
    if priority is TicketPriority.APPOINTMENT and appointment_at is None:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "An appointment ticket needs the appointment time."))
    with database.transaction() as session:
        line = session.get(BusinessLine, line_id)
        if line is None or not line.active:
            raise NotFound(QT_TRANSLATE_NOOP("Errors", "There is no open business line with id {id}."), id=line_id)
        hall = session.get(Hall, line.hall_id)
        assert hall is not None
        if actor.role is Role.KIOSK and actor.hall_id != hall.id:
            raise ValidationError(QT_TRANSLATE_NOOP("Errors", "This kiosk issues tickets of its own hall only."))
        allowed = {
            TicketPriority.NORMAL: True,
            TicketPriority.APPOINTMENT: line.accepts_appointments,
            TicketPriority.PRIORITY: line.accepts_priority,
            TicketPriority.GREEN_CHANNEL: line.accepts_green_channel,
        }
        if not allowed[priority]:
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "The line {line} does not take this kind of priority ticket."),
                line=line.name,
            )
        if service_item_id is not None and session.get(ServiceItem, service_item_id) is None:
            raise NotFound(QT_TRANSLATE_NOOP("Errors", "There is no service item with id {id}."), id=service_item_id)
        timezone = _timezone(session)
        _check_hours(hall, local_time(now, timezone))
        day = business_date(now, timezone)
        number = _next_number(session, line.id, day)
        if line.daily_cap is not None and number > line.daily_cap:
            raise ValidationError(
                QT_TRANSLATE_NOOP(
                    "Errors", "The line {line} has issued all {cap} tickets of today. Please come back tomorrow."
                ),
                line=line.name,
                cap=line.daily_cap,
            )
        ticket = Ticket(
            hall_id=hall.id,
            line_id=line.id,
            original_line_id=line.id,
            business_date=day,
            number=number,
            label=ticket_label(line.prefix, number),
            priority=priority.value,
            priority_rank=PRIORITY_RANK[priority],
            status=TicketStatus.WAITING.value,
            issued_at=now,
            queued_at=now,
            appointment_at=appointment_at,
            service_item_id=service_item_id,
            visitor_name=visitor_name,
            visitor_phone=visitor_phone,
            visitor_id_number=id_number,
            print_count=1,
        )
        session.add(ticket)
        session.flush()
        record_ticket_event(session, ticket, TicketAction.ISSUE, None, actor, now)
        poke_hall(session, hall.id)
        return _slip_data(session, ticket, hall, line, now, timezone)


def _slip_data(session: Session, ticket: Ticket, hall: Hall, line: BusinessLine, now: datetime, timezone: str) -> IssuedTicket:
    """What a slip shows: people ahead and the wait as of ``now``, and the QR payload."""
    people_ahead = _people_ahead(session, ticket) if ticket.status == TicketStatus.WAITING.value else 0
    wait = wait_estimate_minutes(people_ahead, _average_service_seconds(session, line.id, now), _serving_counters(session, line.id))
    payload = f"CA1:T:{hall.code}:{ticket.business_date:%Y%m%d}:{ticket.label}:{ticket.id}"
    return IssuedTicket(_view(ticket, line, None), hall.code, hall.name, people_ahead, wait, payload, timezone)


def _people_ahead(session: Session, ticket: Ticket) -> int:
    return int(
        session.scalar(
            select(func.count(Ticket.id)).where(
                Ticket.line_id == ticket.line_id,
                Ticket.business_date == ticket.business_date,
                Ticket.status == TicketStatus.WAITING.value,
                Ticket.id != ticket.id,
                or_(
                    Ticket.priority_rank < ticket.priority_rank,
                    and_(Ticket.priority_rank == ticket.priority_rank, Ticket.queued_at <= ticket.queued_at),
                ),
            )
        )
        or 0
    )


def _average_service_seconds(session: Session, line_id: int, now: datetime) -> float | None:
    recent = (
        select(Ticket.service_started_at, Ticket.finished_at)
        .where(
            Ticket.line_id == line_id,
            Ticket.status == TicketStatus.DONE.value,
            Ticket.finished_at >= now - timedelta(days=7),
            Ticket.service_started_at.is_not(None),
        )
        .order_by(Ticket.finished_at.desc())
        .limit(RECENT_SERVICE_SAMPLE)
    )
    durations = [(end - start).total_seconds() for start, end in session.execute(recent).all() if start and end]
    return sum(durations) / len(durations) if durations else None


def _serving_counters(session: Session, line_id: int) -> int:
    return int(
        session.scalar(
            select(func.count(Counter.id))
            .join(counter_lines, counter_lines.c.counter_id == Counter.id)
            .where(counter_lines.c.line_id == line_id, Counter.state == CounterState.OPEN.value)
        )
        or 0
    )


def record_reprint(database: Database, actor: Actor, ticket_id: int) -> IssuedTicket:
    """A reprint of a slip: allowed, counted and audited; returns the slip data."""
    require_role(database, actor, ISSUERS, QT_TRANSLATE_NOOP("Terms", "reprint a ticket"))
    now = utc_now()
    with database.transaction() as session:
        ticket = _ticket(session, ticket_id)
        ticket.print_count += 1
        hall = session.get(Hall, ticket.hall_id)
        line = session.get(BusinessLine, ticket.line_id)
        assert hall is not None and line is not None
        audit(session, actor, "reprint ticket", target=ticket.label, detail={"ticket_id": ticket.id, "copies": ticket.print_count})
        return _slip_data(session, ticket, hall, line, now, _timezone(session))


# ---------------------------------------------------------------- counters


def hall_counters(database: Database, actor: Actor, hall_id: int) -> list[CounterInfo]:
    require_role(database, actor, {Role.CLERK, Role.SUPERVISOR, Role.ADMIN}, QT_TRANSLATE_NOOP("Terms", "view counters"))
    with database.reading() as session:
        return _counter_infos(session, select(Counter).where(Counter.hall_id == hall_id).order_by(Counter.number))


def _counter_infos(session: Session, query) -> list[CounterInfo]:  # type: ignore[no-untyped-def]
    counters = list(session.scalars(query))
    names = dict(session.execute(select(Staff.id, Staff.full_name).where(Staff.id.in_({c.clerk_id for c in counters if c.clerk_id}))).all())
    return [
        CounterInfo(
            c.id, c.hall_id, c.number, c.name, CounterState(c.state), c.clerk_id, names.get(c.clerk_id),
            tuple(_line_ids(session, c.id)),
        )
        for c in counters
    ]


def _set_counter_state(database: Database, actor: Actor, counter_id: int, state: CounterState, action: str) -> CounterInfo:
    require_role(database, actor, CLERKS, action)
    now = utc_now()
    with database.transaction() as session:
        counter = _load_counter(session, counter_id)
        if state is CounterState.OPEN:
            if counter.clerk_id not in (None, actor.staff_id) and counter.state != CounterState.CLOSED.value:
                raise ConflictError(
                    QT_TRANSLATE_NOOP("Errors", "Counter {number} is in use by someone else; they must close it first."),
                    number=counter.number,
                )
            other = session.scalars(
                select(Counter).where(Counter.clerk_id == actor.staff_id, Counter.id != counter.id, Counter.state != CounterState.CLOSED.value)
            ).first()
            if other is not None:
                raise ConflictError(
                    QT_TRANSLATE_NOOP("Errors", "You are still signed in at counter {number}: close it first."),
                    number=other.number,
                )
            counter.clerk_id = actor.staff_id
        else:
            _counter_for_clerk(session, actor, counter_id, must_be_open=False)
            if state is CounterState.CLOSED:
                active = session.scalars(
                    select(Ticket.label).where(Ticket.counter_id == counter.id, Ticket.status.in_([s.value for s in ACTIVE_AT_COUNTER]))
                ).first()
                if active is not None:
                    raise ConflictError(
                        QT_TRANSLATE_NOOP("Errors", "Finish or transfer ticket {label} before closing the counter."),
                        label=active,
                    )
                counter.clerk_id = None
        counter.state = state.value
        counter.state_changed_at = now
        audit(session, actor, action, target=f"counter {counter.number}", detail={"counter_id": counter.id})
        poke_hall(session, counter.hall_id)
        session.flush()
        return _counter_infos(session, select(Counter).where(Counter.id == counter.id))[0]


def open_counter(database: Database, actor: Actor, counter_id: int) -> CounterInfo:
    """Sign in at a counter and open it (also resumes a paused one)."""
    return _set_counter_state(database, actor, counter_id, CounterState.OPEN, QT_TRANSLATE_NOOP("Terms", "open a counter"))


def pause_counter(database: Database, actor: Actor, counter_id: int) -> CounterInfo:
    return _set_counter_state(database, actor, counter_id, CounterState.PAUSED, QT_TRANSLATE_NOOP("Terms", "pause a counter"))


def close_counter(database: Database, actor: Actor, counter_id: int) -> CounterInfo:
    return _set_counter_state(database, actor, counter_id, CounterState.CLOSED, QT_TRANSLATE_NOOP("Terms", "close a counter"))


# ---------------------------------------------------------------- calling


def call_next(database: Database, actor: Actor, counter_id: int, now: datetime | None = None) -> TicketView | None:
    """Give this counter the longest-waiting eligible ticket of its lines (priority first);
    None when nobody waits. Two counters never get the same ticket.

    The hot path is one conditional UPDATE that also checks that the clerk holds the open
    counter and has no ticket in hand; only when it changes nothing do we look for why.
    """
    require_role(database, actor, CLERKS, QT_TRANSLATE_NOOP("Terms", "call the next ticket"))
    now = now or utc_now()
    today = business_date(now, str(cached_setting(database, "business_timezone")))
    row = queue_sql.call_next(database.backend, ORDINARY_RANK, PRIORITY_RANK[TicketPriority.APPOINTMENT]).run(
        database,
        {
            "counter_id": counter_id, "clerk_id": actor.staff_id, "now": now, "today": today,
            "due_limit": now + timedelta(minutes=APPOINTMENT_GRACE_MINUTES),
            "action": TicketAction.CALL.value, "to_status": TicketStatus.CALLED.value,
        },
    )
    if row is not None:
        return _moved_view(row, TicketStatus.CALLED, counter_id)
    with database.reading() as session:
        _explain_no_call(session, actor, counter_id)
    return None


def _moved_view(row: queue_sql.MovedTicket, status: TicketStatus, counter_id: int) -> TicketView:
    return TicketView(
        id=row.id, label=row.label, hall_id=row.hall_id, line_id=row.line_id, line_prefix=row.line_prefix,
        line_name=row.line_name, status=status, priority=TicketPriority(row.priority), issued_at=row.issued_at,
        queued_at=row.queued_at, called_at=row.called_at, service_started_at=row.service_started_at,
        counter_id=counter_id, counter_number=row.counter_number, target_counter_id=None,
        recall_count=row.recall_count, visitor_name_masked=mask_name(row.visitor_name),
        business_date=row.business_date,
    )


def _explain_no_call(session: Session, actor: Actor, counter_id: int) -> None:
    """Nothing was called: raise why if the counter is the reason, else nobody waits."""
    counter = _counter_for_clerk(session, actor, counter_id)
    busy = session.scalars(
        select(Ticket.label).where(
            Ticket.counter_id == counter.id, Ticket.status.in_([TicketStatus.CALLED.value, TicketStatus.SERVING.value])
        )
    ).first()
    if busy is not None:
        raise ConflictError(
            QT_TRANSLATE_NOOP("Errors", "Ticket {label} is still at this counter: finish, hold or mark it no-show first."),
            label=busy,
        )


def call_ticket(database: Database, actor: Actor, counter_id: int, ticket_id: int, now: datetime | None = None) -> TicketView:
    """Call a particular waiting (or no-show) ticket out of order."""
    require_role(database, actor, CLERKS, QT_TRANSLATE_NOOP("Terms", "call a ticket out of order"))
    now = now or utc_now()
    with database.transaction() as session:
        counter = _counter_for_clerk(session, actor, counter_id)
        ticket = _ticket(session, ticket_id, lock=True)
        if ticket.hall_id != counter.hall_id:
            raise ConflictError(QT_TRANSLATE_NOOP("Errors", "Ticket {label} belongs to another hall."), label=ticket.label)
        ticket.counter_id = counter.id
        ticket.clerk_id = actor.staff_id
        ticket.called_at = now
        ticket.recall_count = 0
        ticket.target_counter_id = None
        _move(session, ticket, TicketAction.CALL_SPECIFIC, actor, now, counter.id)
        return _views(session, [ticket])[0]


def recall(database: Database, actor: Actor, counter_id: int, ticket_id: int, now: datetime | None = None) -> TicketView:
    """Announce a called ticket again, after a cooldown and at most ``recall_max`` times."""
    require_role(database, actor, CLERKS, QT_TRANSLATE_NOOP("Terms", "recall a ticket"))
    now = now or utc_now()
    with database.transaction() as session:
        counter = _counter_for_clerk(session, actor, counter_id)
        ticket = _own_active_ticket(session, actor, counter, ticket_id)
        cooldown = int(get_setting(session, "recall_cooldown_seconds"))
        maximum = int(get_setting(session, "recall_max"))
        if ticket.status == TicketStatus.CALLED.value and ticket.recall_count >= maximum:
            raise ConflictError(
                QT_TRANSLATE_NOOP("Errors", "Ticket {label} has been recalled {count} times already: mark it no-show."),
                label=ticket.label,
                count=ticket.recall_count,
            )
        last = ticket.called_at or now
        waited = (now - last).total_seconds()
        if ticket.status == TicketStatus.CALLED.value and waited < cooldown:
            raise ConflictError(
                QT_TRANSLATE_NOOP("Errors", "Please wait {seconds} more seconds before recalling {label}."),
                seconds=int(cooldown - waited + 0.999),
                label=ticket.label,
            )
        ticket.recall_count += 1
        ticket.called_at = now
        _move(session, ticket, TicketAction.RECALL, actor, now, counter.id)
        return _views(session, [ticket])[0]


def _counter_action(
    database: Database,
    actor: Actor,
    counter_id: int,
    ticket_id: int,
    action: TicketAction,
    term: str,
    now: datetime | None,
) -> TicketView:
    """Start, finish, hold, resume or no-show the ticket in hand: one conditional UPDATE on
    the hot path; the slow path only runs to explain a refusal."""
    require_role(database, actor, CLERKS, term)
    now = now or utc_now()
    sources = tuple(source.value for (move, source) in TRANSITIONS if move is action and source in ACTIVE_AT_COUNTER)
    (target,) = {TRANSITIONS[(action, TicketStatus(source))] for source in sources}  # one target per counter action
    assignments = ""
    if action is TicketAction.START:
        assignments = ", service_started_at = :now"
    elif action is TicketAction.FINISH:
        # A clerk who never pressed Start served the visitor from the call on.
        assignments = ", service_started_at = COALESCE(service_started_at, called_at), finished_at = :now"
    row = queue_sql.counter_move(database.backend, sources, assignments).run(
        database,
        {
            "ticket_id": ticket_id, "counter_id": counter_id, "clerk_id": actor.staff_id, "now": now,
            "action": action.value, "to_status": target.value,
        },
    )
    if row is not None:
        return _moved_view(row, target, counter_id)
    # Refused: say why (not this clerk's counter, not at this counter, wrong state).
    with database.reading() as session:
        counter = _counter_for_clerk(session, actor, counter_id, must_be_open=False)
        ticket = _own_active_ticket(session, actor, counter, ticket_id)
        if next_status(action, TicketStatus(ticket.status)) is None:
            raise ConflictError(
                QT_TRANSLATE_NOOP("Errors", "Ticket {label} is {status}: this cannot be done to it now."),
                label=ticket.label,
                status=STATUS_TERMS[TicketStatus(ticket.status)],
            )
    raise ConflictError(QT_TRANSLATE_NOOP("Errors", "The ticket changed meanwhile: look again and retry."))


def start_service(database: Database, actor: Actor, counter_id: int, ticket_id: int, now: datetime | None = None) -> TicketView:
    return _counter_action(database, actor, counter_id, ticket_id, TicketAction.START, QT_TRANSLATE_NOOP("Terms", "start service"), now)


def finish_service(database: Database, actor: Actor, counter_id: int, ticket_id: int, now: datetime | None = None) -> TicketView:
    return _counter_action(database, actor, counter_id, ticket_id, TicketAction.FINISH, QT_TRANSLATE_NOOP("Terms", "finish service"), now)


def hold_ticket(database: Database, actor: Actor, counter_id: int, ticket_id: int, now: datetime | None = None) -> TicketView:
    return _counter_action(database, actor, counter_id, ticket_id, TicketAction.HOLD, QT_TRANSLATE_NOOP("Terms", "hold a ticket"), now)


def resume_ticket(database: Database, actor: Actor, counter_id: int, ticket_id: int, now: datetime | None = None) -> TicketView:
    return _counter_action(database, actor, counter_id, ticket_id, TicketAction.RESUME, QT_TRANSLATE_NOOP("Terms", "resume a held ticket"), now)


def mark_no_show(database: Database, actor: Actor, counter_id: int, ticket_id: int, now: datetime | None = None) -> TicketView:
    """A called visitor who did not come: only after the last recall and its cooldown."""
    term = QT_TRANSLATE_NOOP("Terms", "mark a no-show")
    require_role(database, actor, CLERKS, term)
    now = now or utc_now()
    with database.reading() as session:
        ticket = session.get(Ticket, ticket_id)
        if ticket is not None and ticket.counter_id == counter_id and ticket.status == TicketStatus.CALLED.value:
            recall_max = int(get_setting(session, "recall_max"))
            since_call = (now - (ticket.called_at or now)).total_seconds()
            wait = no_show_wait_seconds(ticket.recall_count, recall_max, since_call, int(get_setting(session, "recall_cooldown_seconds")))
            if wait is None:
                raise ConflictError(
                    QT_TRANSLATE_NOOP("Errors", "Recall {label} first: a ticket is a no-show only after its last recall ({count} of {max} made)."),
                    label=ticket.label, count=ticket.recall_count, max=recall_max,
                )
            if wait > 0:
                raise ConflictError(
                    QT_TRANSLATE_NOOP("Errors", "Give the visitor {seconds} more seconds to come forward before marking {label} no-show."),
                    seconds=wait, label=ticket.label,
                )
    return _counter_action(database, actor, counter_id, ticket_id, TicketAction.NO_SHOW, term, now)


def reinstate(database: Database, actor: Actor, ticket_id: int, now: datetime | None = None) -> TicketView:
    """A no-show who turns up goes back into the queue at their original place."""
    require_role(database, actor, {Role.CLERK, Role.SUPERVISOR, Role.ADMIN}, QT_TRANSLATE_NOOP("Terms", "reinstate a ticket"))
    now = now or utc_now()
    with database.transaction() as session:
        ticket = _ticket(session, ticket_id, lock=True)
        ticket.counter_id = None
        ticket.called_at = None
        _move(session, ticket, TicketAction.REINSTATE, actor, now)
        return _views(session, [ticket])[0]


def transfer(
    database: Database,
    actor: Actor,
    ticket_id: int,
    *,
    to_line_id: int | None = None,
    to_counter_id: int | None = None,
    now: datetime | None = None,
) -> TicketView:
    """Send a ticket to another line and/or counter, keeping its number and its place."""
    require_role(database, actor, {Role.CLERK, Role.SUPERVISOR, Role.ADMIN}, QT_TRANSLATE_NOOP("Terms", "transfer a ticket"))
    if to_line_id is None and to_counter_id is None:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "Choose the line or the counter to transfer to."))
    now = now or utc_now()
    with database.transaction() as session:
        ticket = _ticket(session, ticket_id, lock=True)
        from_counter = ticket.counter_id
        if to_line_id is not None:
            line = session.get(BusinessLine, to_line_id)
            if line is None or line.hall_id != ticket.hall_id or not line.active:
                raise ValidationError(QT_TRANSLATE_NOOP("Errors", "The target line is not an open line of this hall."))
            ticket.line_id = line.id
        if to_counter_id is not None:
            target = _load_counter(session, to_counter_id)
            if target.hall_id != ticket.hall_id:
                raise ValidationError(QT_TRANSLATE_NOOP("Errors", "The target counter is in another hall."))
            if ticket.line_id not in _line_ids(session, target.id):
                raise ValidationError(
                    QT_TRANSLATE_NOOP("Errors", "Counter {number} does not serve this ticket's line."), number=target.number
                )
            ticket.target_counter_id = target.id
        else:
            ticket.target_counter_id = None
        ticket.counter_id = None
        ticket.called_at = None
        ticket.service_started_at = None  # the next counter's service starts afresh
        ticket.recall_count = 0
        _move(session, ticket, TicketAction.TRANSFER, actor, now, from_counter)
        return _views(session, [ticket])[0]


# ---------------------------------------------------------------- reading


def counter_panel(database: Database, actor: Actor, counter_id: int, now: datetime | None = None) -> CounterPanel:
    """Everything the clerk's panel shows; after a crash it brings back the current ticket."""
    require_role(database, actor, CLERKS | {Role.ADMIN}, QT_TRANSLATE_NOOP("Terms", "view a counter"))
    now = now or utc_now()
    with database.reading() as session:
        counter = _load_counter(session, counter_id)
        info = _counter_infos(session, select(Counter).where(Counter.id == counter.id))[0]
        today = business_date(now, _timezone(session))
        line_ids = list(info.line_ids)
        current = list(
            session.scalars(
                select(Ticket)
                .where(Ticket.counter_id == counter.id, Ticket.status.in_([s.value for s in ACTIVE_AT_COUNTER]))
                .order_by(Ticket.called_at)
            )
        )
        todays_tickets_of_lines = select(Ticket).where(
            Ticket.hall_id == counter.hall_id, Ticket.business_date == today, Ticket.line_id.in_(line_ids)
        )
        waiting = list(
            session.scalars(
                todays_tickets_of_lines.where(
                    Ticket.status == TicketStatus.WAITING.value,
                    or_(Ticket.target_counter_id.is_(None), Ticket.target_counter_id == counter.id),
                )
                .order_by(*_call_order(now))
                .limit(200)
            )
        )
        no_shows = list(
            session.scalars(
                todays_tickets_of_lines.where(Ticket.status == TicketStatus.NO_SHOW.value)
                .order_by(Ticket.called_at.desc())
                .limit(50)
            )
        )
        return CounterPanel(
            counter=info,
            lines=tuple(_line_infos(session, counter.hall_id, today, line_ids)),
            current=_views(session, current),
            waiting=_views(session, waiting),
            no_shows=_views(session, no_shows),
            figures=_clerk_figures(session, actor, today),
            recall_cooldown_seconds=int(get_setting(session, "recall_cooldown_seconds")),
            recall_max=int(get_setting(session, "recall_max")),
        )


def _clerk_figures(session: Session, actor: Actor, today: date) -> ClerkFigures:
    rows = session.execute(
        select(Ticket.issued_at, Ticket.called_at, Ticket.service_started_at, Ticket.finished_at).where(
            Ticket.clerk_id == actor.staff_id,
            Ticket.business_date == today,
            Ticket.status == TicketStatus.DONE.value,
        )
    ).all()
    waits = [(called - issued).total_seconds() for issued, called, _, _ in rows if called]
    services = [(end - start).total_seconds() for _, _, start, end in rows if start and end]
    return ClerkFigures(
        served_today=len(rows),
        average_wait_seconds=sum(waits) / len(waits) if waits else None,
        average_service_seconds=sum(services) / len(services) if services else None,
    )


def display_state(database: Database, actor: Actor, hall_id: int, recent: int = 10, now: datetime | None = None) -> DisplayState:
    """What the hall display shows: current calls, the last calls, waiting counts per line."""
    require_role(database, actor, {Role.DISPLAY, Role.SUPERVISOR, Role.ADMIN}, QT_TRANSLATE_NOOP("Terms", "view the hall display"))
    now = now or utc_now()
    with database.reading() as session:
        hall = session.get(Hall, hall_id)
        if hall is None:
            raise NotFound(QT_TRANSLATE_NOOP("Errors", "There is no hall with id {id}."), id=hall_id)
        today = business_date(now, _timezone(session))
        calls_of_today = (
            select(Ticket, Counter.number)
            .join(Counter, Counter.id == Ticket.counter_id)
            .where(Ticket.hall_id == hall_id, Ticket.business_date == today, Ticket.called_at.is_not(None))
            .order_by(Ticket.called_at.desc(), Ticket.id.desc())
        )

        def views(query: Select[tuple[Ticket, int]]) -> tuple[CallView, ...]:
            return tuple(
                CallView(ticket.id, ticket.label, number, ticket.called_at, ticket.recall_count, mask_name(ticket.visitor_name))
                for ticket, number in session.execute(query)
            )

        # Every ticket still called, however many calls came after it: it is still expected.
        current = views(calls_of_today.where(Ticket.status == TicketStatus.CALLED.value))
        shown = [s.value for s in (TicketStatus.CALLED, TicketStatus.SERVING, TicketStatus.HELD, TicketStatus.DONE)]
        recent_calls = views(calls_of_today.where(Ticket.status.in_(shown)).limit(recent))
        return DisplayState(
            hall_id=hall.id,
            hall_name=hall.name,
            current_calls=current,
            recent_calls=recent_calls,
            waiting_by_line=tuple((line.prefix, line.name, line.waiting) for line in _line_infos(session, hall_id, today)),
            notice=str(get_setting(session, "display_notice")),
            repeat=int(get_setting(session, "display_repeat")),
            read_at=now,
        )


def hall_change_marker(database: Database, hall_id: int) -> int:
    """The SQLite change counter of a hall, polled by displays (cheap: one primary-key read)."""
    with database.reading() as session:
        return int(session.scalar(select(HallChange.seq).where(HallChange.hall_id == hall_id)) or 0)


def find_hall(database: Database, code_or_id: str) -> tuple[int, str]:
    """A hall by code (KG) or id, for the display and kiosk command lines."""
    with database.reading() as session:
        query = select(Hall).where(func.upper(Hall.code) == code_or_id.strip().upper())
        hall = session.scalars(query).first()
        if hall is None and code_or_id.strip().isdigit():
            hall = session.get(Hall, int(code_or_id))
        if hall is None:
            codes = ", ".join(session.scalars(select(Hall.code).order_by(Hall.code)))
            raise NotFound(QT_TRANSLATE_NOOP("Errors", "There is no hall '{hall}'. Halls: {codes}."), hall=code_or_id, codes=codes)
        return hall.id, hall.name


# ---------------------------------------------------------------- end of day


def close_business_day(
    database: Database, actor: Actor, hall_id: int, day: date, reason: str, now: datetime | None = None
) -> int:
    """Close every ticket of the hall still open on ``day`` or before, with the reason;
    returns how many. ``day`` may not lie ahead: that would close today's queue too."""
    term = QT_TRANSLATE_NOOP("Terms", "close the business day")
    require_role(database, actor, {Role.SUPERVISOR, Role.ADMIN}, term)
    require_hall(database, actor, hall_id, term)
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "Give the reason for closing the open tickets."))
    if len(reason) > 200:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "The reason has at most 200 characters."))
    now = now or utc_now()
    if day > business_date(now, str(cached_setting(database, "business_timezone"))):
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "{day} has not begun yet: a business day can be closed from that day on."),
            day=day.isoformat(),
        )
    with database.transaction() as session:
        tickets = list(session.scalars(select(Ticket).where(Ticket.hall_id == hall_id, Ticket.business_date <= day, Ticket.status.in_([s.value for s in OPEN_STATUSES]))))
        for ticket in tickets:
            previous = TicketStatus(ticket.status)
            ticket.status = TicketStatus.CLOSED.value
            ticket.close_reason = reason
            ticket.finished_at = ticket.finished_at or now
            session.flush()
            record_ticket_event(session, ticket, TicketAction.CLOSE, previous, actor, now, detail=reason)
        audit(session, actor, "close business day", target=str(day), detail={"hall_id": hall_id, "closed": len(tickets)})
        poke_hall(session, hall_id)
        return len(tickets)



# ---------------------------------------------------------------- issuing station choices


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


def issuing_halls(database: Database, actor: Actor) -> list[HallChoice]:
    """The active halls an issuing station may serve: all for an administrator, else the actor's own."""
    require_role(database, actor, ISSUERS, QT_TRANSLATE_NOOP("Terms", "issue a ticket"))
    with database.reading() as session:
        return actor_halls(session, actor)


def actor_halls(session: Session, actor: Actor) -> list[HallChoice]:
    """The active halls ``actor`` works for: every one for an administrator, else their own."""
    query = select(Hall).where(Hall.active.is_(True)).order_by(Hall.code)
    if actor.role is not Role.ADMIN:
        query = query.where(Hall.id == actor.hall_id)
    return [HallChoice(hall.id, hall.code, hall.name) for hall in session.scalars(query)]


def service_item_choices(database: Database, actor: Actor) -> list[ServiceItemChoice]:
    """Active catalogue items with their ids, for the optional item on a ticket (kiosks too)."""
    require_role(database, actor, ISSUERS, QT_TRANSLATE_NOOP("Terms", "issue a ticket"))
    with database.reading() as session:
        rows = session.execute(
            select(ServiceItem.id, ServiceItem.code, ServiceItem.name).where(ServiceItem.active.is_(True)).order_by(ServiceItem.code)
        ).all()
        return [ServiceItemChoice(item_id, code, name) for item_id, code, name in rows]
