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

from sqlalchemy import Select, and_, case, func, insert, or_, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from counter_app.db.engine import Database
from counter_app.db.models import (
    BusinessLine,
    Counter,
    Hall,
    HallChange,
    ServiceItem,
    Staff,
    Ticket,
    TicketEvent,
    TicketSequence,
    counter_lines,
)
from counter_app.domain.identifiers import parse_resident_id
from counter_app.domain.queue import (
    ACTIVE_AT_COUNTER,
    OPEN_STATUSES,
    ORDINARY_RANK,
    PRIORITY_RANK,
    TRANSITIONS,
    CounterState,
    PersonalDataPurpose,
    TicketAction,
    TicketPriority,
    TicketStatus,
    appointment_due_limit,
    business_date,
    call_rank,
    local_time,
    mask_name,
    next_status,
    no_show_wait_seconds,
    personal_data_beyond_purpose,
    ticket_label,
    wait_estimate_minutes,
)
from counter_app.domain.roles import Permission, acts_on_every_hall, may, may_move_ticket_held_elsewhere
from counter_app.domain.text import clean_text
from counter_app.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from counter_app.i18n import QT_TRANSLATE_NOOP, Term
from counter_app.services import queue_sql
from counter_app.services.access import USE_CASES, Actor, Target, audit, audit_separately, explain_refusal, use_case
from counter_app.services.settings import cached_setting, get_setting, hall_settings

PHONE = re.compile(r"^1\d{10}$|^0\d{2,3}-?\d{7,8}$")
RECENT_SERVICE_SAMPLE = 20
VISITOR_NAME_MAX = 50
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
    last_called_at: datetime | None = None  # the latest call or recall (called_at: the first)


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
    called_at: datetime  # the latest call or recall
    recall_count: int
    visitor_name_masked: str
    status: TicketStatus = TicketStatus.CALLED


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
    timezone: str = "Asia/Shanghai"  # the hall's business time zone, for the display's clock


# ---------------------------------------------------------------- helpers


def _timezone(session: Session) -> str:
    return str(get_setting(session, "business_timezone"))


def rule(function: object) -> object:
    """The access rule a use case was declared with (``access.use_case``)."""
    return USE_CASES[f"{__name__}.{getattr(function, '__name__')}"]


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
    # An inline INSERT (no RETURNING, no key fetched first): a kiosk adds events without
    # reading them back or choosing their id.
    session.execute(
        insert(TicketEvent.__table__).inline().values(
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
        visitor_name_masked=ticket.visitor_name_masked or "",
        business_date=ticket.business_date,
        last_called_at=ticket.last_called_at,
    )


def _views(session: Session, tickets: list[Ticket]) -> tuple[TicketView, ...]:
    if not tickets:
        return ()
    lines = {line.id: line for line in session.scalars(select(BusinessLine).where(BusinessLine.id.in_({t.line_id for t in tickets})))}
    counter_ids = {t.counter_id for t in tickets if t.counter_id}
    numbers = dict(session.execute(select(Counter.id, Counter.number).where(Counter.id.in_(counter_ids))).all()) if counter_ids else {}
    return tuple(_view(t, lines[t.line_id], numbers.get(t.counter_id)) for t in tickets)


def _call_rank_sql(now: datetime):  # type: ignore[no-untyped-def]
    """``domain.queue.call_rank`` as SQL: an appointment not yet due ranks as ordinary."""
    return case(
        (
            and_(Ticket.priority == TicketPriority.APPOINTMENT.value, Ticket.appointment_at > appointment_due_limit(now)),
            ORDINARY_RANK,
        ),
        else_=Ticket.priority_rank,
    )


def _call_order(now: datetime):  # type: ignore[no-untyped-def]
    """Priority first (appointments only once they are due), then the longest wait."""
    return (_call_rank_sql(now), Ticket.queued_at, Ticket.id)


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


@use_case(Permission.VIEW_QUEUE, QT_TRANSLATE_NOOP("Terms", "view the queue"), Target.HALL)
def hall_lines(actor: Actor, hall_id: int) -> list[LineInfo]:
    """The active lines of a hall with today's waiting counts (issuing station, kiosk)."""
    database = actor.database
    now = database.now()
    with database.reading() as session:
        today = business_date(now, _timezone(session))
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


@dataclass(frozen=True)
class VisitorDetails:
    """What a visitor told the guide desk, and why it is kept (no purpose: nothing is kept)."""

    purpose: PersonalDataPurpose | None = None
    name: str | None = None
    phone: str | None = None
    id_number: str | None = None


def _checked_visitor(details: VisitorDetails) -> VisitorDetails:
    """The details cleaned and validated, or a ``ValidationError`` naming the field; only
    what the purpose needs may be given (个人信息保护法: minimum necessary)."""
    name = clean_text(details.name or "", max_length=VISITOR_NAME_MAX, field=Term(QT_TRANSLATE_NOOP("Terms", "The visitor's name"))) or None
    phone = (details.phone or "").strip() or None
    if phone and not PHONE.match(phone):
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "'{phone}' is not a phone number (11-digit mobile or area code and number)."),
            phone=phone,
        )
    id_number = parse_resident_id(details.id_number).value if (details.id_number or "").strip() else None
    given = {field for field, value in (("name", name), ("phone", phone), ("id_number", id_number)) if value}
    beyond = personal_data_beyond_purpose(details.purpose, given)
    if beyond:
        if details.purpose is None:
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "Choose why the visitor's details are recorded, or leave them out.")
            )
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The purpose chosen does not need these details; leave them out: {fields}."),
            fields=", ".join(sorted(beyond)),
        )
    return VisitorDetails(details.purpose if given else None, name, phone, id_number)


@use_case(Permission.ISSUE_TICKETS, QT_TRANSLATE_NOOP("Terms", "issue a ticket"), Target.LINE)
def issue_ticket(
    actor: Actor,
    line_id: int,
    *,
    priority: TicketPriority = TicketPriority.NORMAL,
    service_item_id: int | None = None,
    visitor: VisitorDetails | None = None,
    appointment_at: datetime | None = None,
    now: datetime | None = None,
) -> IssuedTicket:
    """Issue the next number of a line, enforcing the hall's hours and the line's daily cap.
    A kiosk issues ordinary tickets without personal data; the guide desk may do more."""
    database = actor.database
    visitor = _checked_visitor(visitor or VisitorDetails())
    if (priority is not TicketPriority.NORMAL or visitor.purpose is not None) and not may(actor.role, Permission.ISSUE_AT_GUIDE_DESK):
        audit_separately(actor, "issue a ticket", outcome="refused", detail={"priority": priority.value, "personal_data": visitor.purpose is not None})
        raise PermissionDenied(
            QT_TRANSLATE_NOOP("Errors", "Only the guide desk issues priority tickets or records a visitor's details."),
        )
    if priority is TicketPriority.APPOINTMENT and appointment_at is None:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "An appointment ticket needs the appointment time."))
    now = now or database.now()
    with database.transaction() as session:
        line = session.get(BusinessLine, line_id)
        if line is None or not line.active:
            raise NotFound(QT_TRANSLATE_NOOP("Errors", "There is no open business line with id {id}."), id=line_id)
        hall = session.get(Hall, line.hall_id)
        assert hall is not None
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
        # Personal columns only when there is something to keep: a kiosk may not write them.
        personal = (
            {
                "visitor_name": visitor.name,
                "visitor_name_masked": mask_name(visitor.name) or None,
                "visitor_phone": visitor.phone,
                "visitor_id_number": visitor.id_number,
                "personal_data_purpose": visitor.purpose.value,
            }
            if visitor.purpose is not None
            else {}
        )
        values = dict(
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
            recall_count=0,
            print_count=1,
            **personal,
        )
        # Exactly these columns (the ORM would name every column, and a kiosk may write
        # none of the personal ones); the ticket object below is for reading only.
        ticket_id = session.execute(insert(Ticket.__table__).values(**values).returning(Ticket.__table__.c.id)).scalar_one()
        ticket = Ticket(id=ticket_id, **values)
        record_ticket_event(session, ticket, TicketAction.ISSUE, None, actor, now)
        poke_hall(session, hall.id)
        return _slip_data(session, ticket, hall, line, now, timezone)


def _slip_data(session: Session, ticket: Ticket, hall: Hall, line: BusinessLine, now: datetime, timezone: str) -> IssuedTicket:
    """What a slip shows: people ahead and the wait as of ``now``, and the QR payload."""
    people_ahead = _people_ahead(session, ticket, now) if ticket.status == TicketStatus.WAITING.value else 0
    wait = wait_estimate_minutes(people_ahead, _average_service_seconds(session, line.id, now), _serving_counters(session, line.id))
    payload = f"CA1:T:{hall.code}:{ticket.business_date:%Y%m%d}:{ticket.label}:{ticket.id}"
    return IssuedTicket(_view(ticket, line, None), hall.code, hall.name, people_ahead, wait, payload, timezone)


def _people_ahead(session: Session, ticket: Ticket, now: datetime) -> int:
    """Waiting tickets of the line that call next takes before this one (the same order:
    ``domain.queue.call_rank``, so an appointment not yet due is not counted as ahead)."""
    rank = call_rank(TicketPriority(ticket.priority), ticket.appointment_at, now)
    other_rank = _call_rank_sql(now)
    return int(
        session.scalar(
            select(func.count(Ticket.id)).where(
                Ticket.line_id == ticket.line_id,
                Ticket.business_date == ticket.business_date,
                Ticket.status == TicketStatus.WAITING.value,
                Ticket.id != ticket.id,
                or_(
                    other_rank < rank,
                    and_(
                        other_rank == rank,
                        or_(Ticket.queued_at < ticket.queued_at, and_(Ticket.queued_at == ticket.queued_at, Ticket.id < ticket.id)),
                    ),
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


@use_case(Permission.ISSUE_AT_GUIDE_DESK, QT_TRANSLATE_NOOP("Terms", "reprint a ticket"), Target.TICKET)
def record_reprint(actor: Actor, ticket_id: int) -> IssuedTicket:
    """A reprint of a slip: allowed, counted and audited; returns the slip data."""
    database = actor.database
    now = database.now()
    with database.transaction() as session:
        ticket = _ticket(session, ticket_id)
        ticket.print_count += 1
        hall = session.get(Hall, ticket.hall_id)
        line = session.get(BusinessLine, ticket.line_id)
        assert hall is not None and line is not None
        audit(
            session, actor, "reprint ticket", target=ticket.label,
            detail={"ticket_id": ticket.id, "copies": ticket.print_count}, hall_id=ticket.hall_id,
        )
        return _slip_data(session, ticket, hall, line, now, _timezone(session))


# ---------------------------------------------------------------- counters


@use_case(Permission.VIEW_COUNTER, QT_TRANSLATE_NOOP("Terms", "view counters"), Target.HALL)
def hall_counters(actor: Actor, hall_id: int) -> list[CounterInfo]:
    with actor.database.reading() as session:
        return _counter_infos(session, select(Counter).where(Counter.hall_id == hall_id).order_by(Counter.number))


def _counter_infos(session: Session, query) -> list[CounterInfo]:  # type: ignore[no-untyped-def]
    counters = list(session.scalars(query))
    names = dict(session.execute(select(Staff.id, Staff.full_name).where(Staff.id.in_({c.clerk_id for c in counters if c.clerk_id}))).all())
    lines: dict[int, list[int]] = {counter.id: [] for counter in counters}
    for counter_id, line_id in session.execute(
        select(counter_lines.c.counter_id, counter_lines.c.line_id)
        .where(counter_lines.c.counter_id.in_(list(lines)))
        .order_by(counter_lines.c.line_id)
    ).all():
        lines[counter_id].append(line_id)
    return [
        CounterInfo(
            c.id, c.hall_id, c.number, c.name, CounterState(c.state), c.clerk_id, names.get(c.clerk_id),
            tuple(lines[c.id]),
        )
        for c in counters
    ]


def _set_counter_state(actor: Actor, counter_id: int, state: CounterState, action: str) -> CounterInfo:
    database = actor.database
    now = database.now()
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
        audit(session, actor, action, target=f"counter {counter.number}", detail={"counter_id": counter.id}, hall_id=counter.hall_id)
        poke_hall(session, counter.hall_id)
        session.flush()
        return _counter_infos(session, select(Counter).where(Counter.id == counter.id))[0]


@use_case(Permission.SERVE_AT_COUNTER, QT_TRANSLATE_NOOP("Terms", "open a counter"), Target.COUNTER)
def open_counter(actor: Actor, counter_id: int) -> CounterInfo:
    """Sign in at a counter of one's hall and open it (also resumes a paused one)."""
    return _set_counter_state(actor, counter_id, CounterState.OPEN, "open a counter")


@use_case(Permission.SERVE_AT_COUNTER, QT_TRANSLATE_NOOP("Terms", "pause a counter"), Target.COUNTER)
def pause_counter(actor: Actor, counter_id: int) -> CounterInfo:
    return _set_counter_state(actor, counter_id, CounterState.PAUSED, "pause a counter")


@use_case(Permission.SERVE_AT_COUNTER, QT_TRANSLATE_NOOP("Terms", "close a counter"), Target.COUNTER)
def close_counter(actor: Actor, counter_id: int) -> CounterInfo:
    return _set_counter_state(actor, counter_id, CounterState.CLOSED, "close a counter")


# ---------------------------------------------------------------- calling


@use_case(Permission.SERVE_AT_COUNTER, QT_TRANSLATE_NOOP("Terms", "call the next ticket"), Target.COUNTER, hot=True)
def call_next(actor: Actor, counter_id: int, now: datetime | None = None) -> TicketView | None:
    """Give this counter the longest-waiting eligible ticket of its lines (priority first);
    None when nobody waits. Two counters never get the same ticket.

    The hot path is one conditional UPDATE that also checks that the clerk's account is
    active and holds the open counter with no ticket in hand; only when it changes
    nothing do we look for why.
    """
    database = actor.database
    now = now or database.now()
    today = business_date(now, str(cached_setting(database, "business_timezone")))
    try:
        row = queue_sql.call_next(database.backend, ORDINARY_RANK, PRIORITY_RANK[TicketPriority.APPOINTMENT]).run(
            database,
            {
                "counter_id": counter_id, "clerk_id": actor.staff_id, "now": now, "today": today,
                "due_limit": appointment_due_limit(now),
                "action": TicketAction.CALL.value, "to_status": TicketStatus.CALLED.value,
            },
        )
    except queue_sql.AlreadyInHand:
        row = None  # the same clerk called from another PC at the same instant: explained below
    if row is not None:
        return _moved_view(row, TicketStatus.CALLED, counter_id)
    explain_refusal(actor, rule(call_next), counter_id)
    with database.reading() as session:
        _explain_no_call(session, actor, counter_id)
    return None


def _moved_view(row: queue_sql.MovedTicket, status: TicketStatus, counter_id: int) -> TicketView:
    return TicketView(
        id=row.id, label=row.label, hall_id=row.hall_id, line_id=row.line_id, line_prefix=row.line_prefix,
        line_name=row.line_name, status=status, priority=TicketPriority(row.priority), issued_at=row.issued_at,
        queued_at=row.queued_at, called_at=row.called_at, service_started_at=row.service_started_at,
        counter_id=counter_id, counter_number=row.counter_number, target_counter_id=None,
        recall_count=row.recall_count, visitor_name_masked=row.visitor_name_masked or "",
        business_date=row.business_date, last_called_at=row.last_called_at,
    )


def _explain_no_call(session: Session, actor: Actor, counter_id: int) -> None:
    """Nothing was called: raise why if the counter is the reason, else nobody waits."""
    counter = _counter_for_clerk(session, actor, counter_id)
    _refuse_if_in_hand(session, counter)


def _refuse_if_in_hand(session: Session, counter: Counter) -> None:
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


@use_case(Permission.SERVE_AT_COUNTER, QT_TRANSLATE_NOOP("Terms", "call a ticket out of order"), Target.COUNTER)
def call_ticket(actor: Actor, counter_id: int, ticket_id: int, now: datetime | None = None) -> TicketView:
    """Call a particular waiting (or no-show) ticket out of order, at a counter with no
    ticket called or being served."""
    database = actor.database
    now = now or database.now()
    try:
        with database.transaction() as session:
            counter = _counter_for_clerk(session, actor, counter_id)
            _refuse_if_in_hand(session, counter)
            ticket = _ticket(session, ticket_id, lock=True)
            if ticket.hall_id != counter.hall_id:
                raise ConflictError(QT_TRANSLATE_NOOP("Errors", "Ticket {label} belongs to another hall."), label=ticket.label)
            ticket.counter_id = counter.id
            ticket.clerk_id = actor.staff_id
            ticket.called_at = now
            ticket.last_called_at = now
            ticket.recall_count = 0
            ticket.target_counter_id = None
            _move(session, ticket, TicketAction.CALL_SPECIFIC, actor, now, counter.id)
            return _views(session, [ticket])[0]
    except IntegrityError as error:
        if queue_sql.is_one_in_hand_violation(error.orig):
            raise _already_in_hand() from None
        raise


def _already_in_hand() -> ConflictError:
    return ConflictError(
        QT_TRANSLATE_NOOP("Errors", "This counter got a ticket meanwhile (from another computer?): finish it first.")
    )


@use_case(Permission.SERVE_AT_COUNTER, QT_TRANSLATE_NOOP("Terms", "recall a ticket"), Target.COUNTER)
def recall(actor: Actor, counter_id: int, ticket_id: int, now: datetime | None = None) -> TicketView:
    """Announce a called ticket again, after a cooldown and at most ``recall_max`` times.
    The first call time stays (the visitor's wait ended then); the recall is an event."""
    database = actor.database
    now = now or database.now()
    with database.transaction() as session:
        counter = _counter_for_clerk(session, actor, counter_id)
        ticket = _own_active_ticket(session, actor, counter, ticket_id)
        settings = hall_settings(session, counter.hall_id, ("recall_cooldown_seconds", "recall_max"))
        cooldown = int(settings["recall_cooldown_seconds"])
        maximum = int(settings["recall_max"])
        if ticket.status == TicketStatus.CALLED.value and ticket.recall_count >= maximum:
            raise ConflictError(
                QT_TRANSLATE_NOOP("Errors", "Ticket {label} has been recalled {count} times already: mark it no-show."),
                label=ticket.label,
                count=ticket.recall_count,
            )
        last = ticket.last_called_at or ticket.called_at or now
        waited = (now - last).total_seconds()
        if ticket.status == TicketStatus.CALLED.value and waited < cooldown:
            raise ConflictError(
                QT_TRANSLATE_NOOP("Errors", "Please wait {seconds} more seconds before recalling {label}."),
                seconds=int(cooldown - waited + 0.999),
                label=ticket.label,
            )
        ticket.recall_count += 1
        ticket.last_called_at = now
        _move(session, ticket, TicketAction.RECALL, actor, now, counter.id)
        return _views(session, [ticket])[0]


def _counter_action(actor: Actor, counter_id: int, ticket_id: int, action: TicketAction, now: datetime | None, use: object) -> TicketView:
    """Start, finish, hold, resume or no-show the ticket in hand: one conditional UPDATE on
    the hot path; the slow path only runs to explain a refusal."""
    database = actor.database
    now = now or database.now()
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
    # Refused: say why (not allowed here, not this clerk's counter, not at this counter, wrong state).
    explain_refusal(actor, rule(use), counter_id)
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


@use_case(Permission.SERVE_AT_COUNTER, QT_TRANSLATE_NOOP("Terms", "start service"), Target.COUNTER, hot=True)
def start_service(actor: Actor, counter_id: int, ticket_id: int, now: datetime | None = None) -> TicketView:
    return _counter_action(actor, counter_id, ticket_id, TicketAction.START, now, start_service)


@use_case(Permission.SERVE_AT_COUNTER, QT_TRANSLATE_NOOP("Terms", "finish service"), Target.COUNTER, hot=True)
def finish_service(actor: Actor, counter_id: int, ticket_id: int, now: datetime | None = None) -> TicketView:
    return _counter_action(actor, counter_id, ticket_id, TicketAction.FINISH, now, finish_service)


@use_case(Permission.SERVE_AT_COUNTER, QT_TRANSLATE_NOOP("Terms", "hold a ticket"), Target.COUNTER, hot=True)
def hold_ticket(actor: Actor, counter_id: int, ticket_id: int, now: datetime | None = None) -> TicketView:
    return _counter_action(actor, counter_id, ticket_id, TicketAction.HOLD, now, hold_ticket)


@use_case(Permission.SERVE_AT_COUNTER, QT_TRANSLATE_NOOP("Terms", "resume a held ticket"), Target.COUNTER, hot=True)
def resume_ticket(actor: Actor, counter_id: int, ticket_id: int, now: datetime | None = None) -> TicketView:
    try:
        return _counter_action(actor, counter_id, ticket_id, TicketAction.RESUME, now, resume_ticket)
    except queue_sql.AlreadyInHand:
        raise _already_in_hand() from None


@use_case(Permission.SERVE_AT_COUNTER, QT_TRANSLATE_NOOP("Terms", "mark a no-show"), Target.COUNTER)
def mark_no_show(actor: Actor, counter_id: int, ticket_id: int, now: datetime | None = None) -> TicketView:
    """A called visitor who did not come: only after the last recall and its cooldown.
    (Not a hot use case: the recall rule is read first anyway, so the policy checks first.)"""
    database = actor.database
    now = now or database.now()
    with database.reading() as session:
        ticket = session.get(Ticket, ticket_id)
        if ticket is not None and ticket.counter_id == counter_id and ticket.status == TicketStatus.CALLED.value:
            settings = hall_settings(session, ticket.hall_id, ("recall_cooldown_seconds", "recall_max"))
            recall_max = int(settings["recall_max"])
            since_call = (now - (ticket.last_called_at or ticket.called_at or now)).total_seconds()
            wait = no_show_wait_seconds(ticket.recall_count, recall_max, since_call, int(settings["recall_cooldown_seconds"]))
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
    return _counter_action(actor, counter_id, ticket_id, TicketAction.NO_SHOW, now, mark_no_show)


@use_case(Permission.MOVE_TICKETS, QT_TRANSLATE_NOOP("Terms", "reinstate a ticket"), Target.TICKET)
def reinstate(actor: Actor, ticket_id: int, now: datetime | None = None) -> TicketView:
    """A no-show who turns up goes back into the queue at their original place."""
    database = actor.database
    now = now or database.now()
    with database.transaction() as session:
        ticket = _ticket(session, ticket_id, lock=True)
        from_counter = ticket.counter_id
        ticket.counter_id = None
        ticket.called_at = None
        ticket.last_called_at = None
        _move(session, ticket, TicketAction.REINSTATE, actor, now, from_counter)
        return _views(session, [ticket])[0]


@use_case(Permission.MOVE_TICKETS, QT_TRANSLATE_NOOP("Terms", "transfer a ticket"), Target.TICKET)
def transfer(
    actor: Actor,
    ticket_id: int,
    *,
    to_line_id: int | None = None,
    to_counter_id: int | None = None,
    now: datetime | None = None,
) -> TicketView:
    """Send a ticket to another line and/or counter, keeping its number and its place. A
    ticket at a counter is transferred by the clerk signed in there (or a supervisor)."""
    if to_line_id is None and to_counter_id is None:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "Choose the line or the counter to transfer to."))
    database = actor.database
    now = now or database.now()
    with database.transaction() as session:
        ticket = _ticket(session, ticket_id)
        if TicketStatus(ticket.status) in ACTIVE_AT_COUNTER and not may_move_ticket_held_elsewhere(actor.role):
            holder = session.scalar(select(Counter.clerk_id).where(Counter.id == ticket.counter_id))
            if holder != actor.staff_id:
                raise ConflictError(
                    QT_TRANSLATE_NOOP(
                        "Errors", "Ticket {label} is at another clerk's counter: only that clerk or a supervisor may transfer it."
                    ),
                    label=ticket.label,
                )
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
        ticket.last_called_at = None
        ticket.service_started_at = None  # the next counter's service starts afresh
        ticket.recall_count = 0
        _move(session, ticket, TicketAction.TRANSFER, actor, now, from_counter)
        return _views(session, [ticket])[0]


# ---------------------------------------------------------------- reading


@use_case(Permission.VIEW_COUNTER, QT_TRANSLATE_NOOP("Terms", "view a counter"), Target.COUNTER)
def counter_panel(actor: Actor, counter_id: int, now: datetime | None = None) -> CounterPanel:
    """Everything the clerk's panel shows; after a crash it brings back the current ticket."""
    database = actor.database
    now = now or database.now()
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
        settings = hall_settings(session, counter.hall_id, ("recall_cooldown_seconds", "recall_max"))
        return CounterPanel(
            counter=info,
            lines=tuple(_line_infos(session, counter.hall_id, today, line_ids)),
            current=_views(session, current),
            waiting=_views(session, waiting),
            no_shows=_views(session, no_shows),
            figures=_clerk_figures(session, actor, today),
            recall_cooldown_seconds=int(settings["recall_cooldown_seconds"]),
            recall_max=int(settings["recall_max"]),
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


@use_case(Permission.VIEW_DISPLAY, QT_TRANSLATE_NOOP("Terms", "view the hall display"), Target.HALL)
def display_state(actor: Actor, hall_id: int, recent: int = 10, now: datetime | None = None) -> DisplayState:
    """What the hall display shows: current calls, the last calls, waiting counts per line.
    It reads no personal data: only the masked name stored with the ticket."""
    database = actor.database
    now = now or database.now()
    # One snapshot: a call committed between the read of the current calls and of the
    # recent ones would otherwise show as recent but not current, and never be announced.
    with database.reading(snapshot=True) as session:
        hall = session.get(Hall, hall_id)
        if hall is None:
            raise NotFound(QT_TRANSLATE_NOOP("Errors", "There is no hall with id {id}."), id=hall_id)
        timezone = _timezone(session)
        today = business_date(now, timezone)
        calls_of_today = (
            select(
                Ticket.id, Ticket.label, Counter.number, Ticket.last_called_at, Ticket.recall_count,
                Ticket.visitor_name_masked, Ticket.status,
            )
            .join(Counter, Counter.id == Ticket.counter_id)
            .where(Ticket.hall_id == hall_id, Ticket.business_date == today, Ticket.last_called_at.is_not(None))
            .order_by(Ticket.last_called_at.desc(), Ticket.id.desc())
        )

        def views(query: Select[tuple[int, str, int, datetime, int, str | None, str]]) -> tuple[CallView, ...]:
            return tuple(
                CallView(ticket_id, label, number, called_at, recalls, masked or "", TicketStatus(status))
                for ticket_id, label, number, called_at, recalls, masked, status in session.execute(query)
            )

        # Every ticket still called, however many calls came after it: it is still expected.
        current = views(calls_of_today.where(Ticket.status == TicketStatus.CALLED.value))
        shown = [s.value for s in (TicketStatus.CALLED, TicketStatus.SERVING, TicketStatus.HELD, TicketStatus.DONE)]
        recent_calls = views(calls_of_today.where(Ticket.status.in_(shown)).limit(recent))
        settings = hall_settings(session, hall_id, ("display_notice", "display_repeat"))
        return DisplayState(
            hall_id=hall.id,
            hall_name=hall.name,
            current_calls=current,
            recent_calls=recent_calls,
            waiting_by_line=tuple((line.prefix, line.name, line.waiting) for line in _line_infos(session, hall_id, today)),
            notice=str(settings["display_notice"]),
            repeat=int(settings["display_repeat"]),
            read_at=now,
            timezone=timezone,
        )


def hall_change_marker(database: Database, hall_id: int) -> int:
    """The SQLite change counter of a hall, polled by displays (cheap: one primary-key read)."""
    with database.reading() as session:
        return int(session.scalar(select(HallChange.seq).where(HallChange.hall_id == hall_id)) or 0)


def find_hall(database: Database, code_or_id: str) -> tuple[int, str]:
    """A hall by code (KG) or id, for the display and kiosk command lines (hall names and
    codes are public: any account may read them)."""
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


@use_case(Permission.SUPERVISE_HALL, QT_TRANSLATE_NOOP("Terms", "close the business day"), Target.HALL)
def close_business_day(actor: Actor, hall_id: int, day: date, reason: str, now: datetime | None = None) -> int:
    """Close every ticket of the hall still open on ``day`` or before, with the reason;
    returns how many. ``day`` may not lie ahead: that would close today's queue too."""
    reason = clean_text(reason, max_length=200, field=Term(QT_TRANSLATE_NOOP("Terms", "The reason")))
    if not reason:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "Give the reason for closing the open tickets."))
    database = actor.database
    now = now or database.now()
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
        audit(session, actor, "close business day", target=str(day), detail={"hall_id": hall_id, "closed": len(tickets)}, hall_id=hall_id)
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


@use_case(Permission.ISSUE_TICKETS, QT_TRANSLATE_NOOP("Terms", "issue a ticket"))
def issuing_halls(actor: Actor) -> list[HallChoice]:
    """The active halls an issuing station may serve: all for an administrator, else the actor's own."""
    with actor.database.reading() as session:
        return actor_halls(session, actor)


def actor_halls(session: Session, actor: Actor) -> list[HallChoice]:
    """The active halls ``actor`` works for: every one for an administrator, else their own."""
    query = select(Hall).where(Hall.active.is_(True)).order_by(Hall.code)
    if not acts_on_every_hall(actor.role):
        query = query.where(Hall.id == actor.hall_id)
    return [HallChoice(hall.id, hall.code, hall.name) for hall in session.scalars(query)]


@use_case(Permission.VIEW_CATALOGUE, QT_TRANSLATE_NOOP("Terms", "list service items"))
def service_item_choices(actor: Actor) -> list[ServiceItemChoice]:
    """Active catalogue items with their ids, for the optional item on a ticket (kiosks too)."""
    with actor.database.reading() as session:
        rows = session.execute(
            select(ServiceItem.id, ServiceItem.code, ServiceItem.name).where(ServiceItem.active.is_(True)).order_by(ServiceItem.code)
        ).all()
        return [ServiceItemChoice(item_id, code, name) for item_id, code, name in rows]
