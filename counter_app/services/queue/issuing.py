"""Issuing queue numbers (the guide desk and the kiosk): the hall's lines, a ticket, a reprint."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import and_, func, insert, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from counter_app.db.models import BusinessLine, Counter, Hall, ServiceItem, Ticket, TicketSequence, counter_lines, table_of
from counter_app.domain.cases import normalise_phone
from counter_app.domain.identifiers import parse_resident_id
from counter_app.domain.issuing import OpeningHours
from counter_app.domain.queue import (
    PRIORITY_RANK,
    CounterState,
    TicketAction,
    TicketPriority,
    TicketStatus,
    appointment_due_limit,
    business_date,
    call_rank,
    local_time,
    mask_name,
    personal_data_beyond_purpose,
    ticket_label,
    wait_estimate_minutes,
)
from counter_app.domain.roles import Permission, acts_on_every_hall, may
from counter_app.domain.text import clean_text
from counter_app.errors import NotFound, ValidationError
from counter_app.i18n import QT_TRANSLATE_NOOP, Term
from counter_app.services.access import IN_USE_CASE, Actor, Refused, Target, Transaction, audit, rule_of, use_case
from counter_app.services.hall_events import poke_hall, record_ticket_event
from counter_app.services.queue.common import call_rank_sql, line_infos, load_ticket, ticket_view, timezone_of
from counter_app.services.queue.views import HallChoice, IssuedTicket, LineInfo, ServiceItemChoice, VisitorDetails
from counter_app.services.settings import cached_setting

RECENT_SERVICE_SAMPLE = 20
VISITOR_NAME_MAX = 50


@use_case(Permission.VIEW_QUEUE, QT_TRANSLATE_NOOP("Terms", "view the queue"), Target.HALL)
def hall_lines(actor: Actor, hall_id: int, *, session: Session = IN_USE_CASE) -> list[LineInfo]:
    """The active lines of a hall with today's waiting counts (issuing station, kiosk)."""
    today = business_date(actor.database.now(), str(cached_setting(actor.database, "business_timezone")))
    return line_infos(session, hall_id, today)


def _next_number(session: Session, line_id: int, day: date) -> int:
    insert_into = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = (
        insert_into(TicketSequence)
        .values(line_id=line_id, business_date=day, last_number=1)
        .on_conflict_do_update(
            index_elements=[TicketSequence.line_id, TicketSequence.business_date],
            set_={"last_number": TicketSequence.last_number + 1},
        )
        .returning(TicketSequence.last_number)
    )
    return int(session.execute(statement).scalar_one())


def _check_hours(hall: Hall, now: datetime, timezone: str) -> None:
    """``domain.issuing.OpeningHours``: the kiosk shows itself closed by the same rule."""
    if not OpeningHours(hall.opens_at, hall.closes_at, timezone).is_open(now):
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "{hall} issues tickets from {opens} to {closes}; it is {now} now."),
            hall=hall.name,
            opens=hall.opens_at.strftime("%H:%M"),
            closes=hall.closes_at.strftime("%H:%M"),
            now=local_time(now, timezone).strftime("%H:%M"),
        )


@use_case(Permission.VIEW_QUEUE, QT_TRANSLATE_NOOP("Terms", "view the queue"), Target.HALL)
def issuing_hours(actor: Actor, hall_id: int, *, session: Session = IN_USE_CASE) -> OpeningHours:
    """When the hall issues tickets (the kiosk shows itself closed outside them)."""
    hall = session.get(Hall, hall_id)
    if hall is None:
        raise NotFound(QT_TRANSLATE_NOOP("Errors", "There is no hall with id {id}."), id=hall_id)
    return OpeningHours(hall.opens_at, hall.closes_at, timezone_of(session))


def checked_visitor(details: VisitorDetails) -> VisitorDetails:
    """The details cleaned and validated, or a ``ValidationError`` naming the field; only
    what the purpose needs may be given (个人信息保护法: minimum necessary)."""
    name_field = Term(QT_TRANSLATE_NOOP("Terms", "The visitor's name"))
    name = clean_text(details.name or "", max_length=VISITOR_NAME_MAX, field=name_field) or None
    phone = normalise_phone(details.phone or "") or None
    id_number = parse_resident_id(details.id_number or "").value if (details.id_number or "").strip() else None
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


@use_case(Permission.ISSUE_TICKETS, QT_TRANSLATE_NOOP("Terms", "issue a ticket"), Target.LINE, transaction=Transaction.WRITE)
def issue_ticket(
    actor: Actor,
    line_id: int,
    *,
    priority: TicketPriority = TicketPriority.NORMAL,
    service_item_id: int | None = None,
    visitor: VisitorDetails | None = None,
    appointment_at: datetime | None = None,
    now: datetime | None = None,
    session: Session = IN_USE_CASE,
) -> IssuedTicket:
    """Issue the next number of a line, enforcing the hall's hours and the line's daily cap.
    A kiosk issues ordinary tickets without personal data; the guide desk may do more."""
    visitor = checked_visitor(visitor or VisitorDetails())
    if (priority is not TicketPriority.NORMAL or visitor.purpose is not None) and not may(actor.role, Permission.ISSUE_AT_GUIDE_DESK):
        raise Refused(
            rule_of(issue_ticket),
            QT_TRANSLATE_NOOP("Errors", "Only the guide desk issues priority tickets or records a visitor's details."),
            {"priority": priority.value, "personal_data": visitor.purpose is not None},
        )
    if priority is TicketPriority.APPOINTMENT and appointment_at is None:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "An appointment ticket needs the appointment time."))
    now = now or actor.database.now()
    line = session.get(BusinessLine, line_id)
    if line is None or not line.active:
        raise NotFound(QT_TRANSLATE_NOOP("Errors", "There is no open business line with id {id}."), id=line_id)
    hall = session.get(Hall, line.hall_id)
    assert hall is not None
    if not line.priorities.accepts(priority):
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The line {line} does not take this kind of priority ticket."),
            line=line.name,
        )
    if service_item_id is not None and session.get(ServiceItem, service_item_id) is None:
        raise NotFound(QT_TRANSLATE_NOOP("Errors", "There is no service item with id {id}."), id=service_item_id)
    timezone = timezone_of(session)
    _check_hours(hall, now, timezone)
    day = business_date(now, timezone)
    number = _next_number(session, line.id, day)
    if line.daily_cap is not None and number > line.daily_cap:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The line {line} has issued all {cap} tickets of today. Please come back tomorrow."),
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
    # Exactly these columns (the ORM would name every column, and a kiosk may write none of
    # the personal ones); the ticket object below is for reading only.
    ticket_id = session.execute(insert(table_of(Ticket)).values(**values).returning(table_of(Ticket).c.id)).scalar_one()
    ticket = Ticket(id=ticket_id, **values)
    record_ticket_event(session, ticket, TicketAction.ISSUE, None, actor, now)
    poke_hall(session, hall.id)
    return _slip_data(session, ticket, hall, line, now, timezone)


def _slip_data(
    session: Session, ticket: Ticket, hall: Hall, line: BusinessLine, now: datetime, timezone: str, *, reprint: bool = False
) -> IssuedTicket:
    """What a slip shows: people ahead and the wait as of ``now``, and the QR payload."""
    people_ahead = _people_ahead(session, ticket, now) if ticket.status == TicketStatus.WAITING.value else 0
    wait = wait_estimate_minutes(people_ahead, _average_service_seconds(session, line.id, now), _serving_counters(session, line.id))
    payload = f"CA1:T:{hall.code}:{ticket.business_date:%Y%m%d}:{ticket.label}:{ticket.id}"
    view = ticket_view(ticket, line.prefix, line.name, None)
    return IssuedTicket(view, hall.code, hall.name, people_ahead, wait, payload, timezone, reprint, ticket.print_count)


def _people_ahead(session: Session, ticket: Ticket, now: datetime) -> int:
    """Waiting tickets of the line that call next takes before this one (the same order:
    ``domain.queue.call_rank``, so an appointment not yet due is not counted as ahead)."""
    rank = call_rank(TicketPriority(ticket.priority), ticket.appointment_at, now)
    other_rank = call_rank_sql(appointment_due_limit(now))
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


@use_case(
    Permission.ISSUE_AT_GUIDE_DESK, QT_TRANSLATE_NOOP("Terms", "reprint a ticket"), Target.TICKET,
    transaction=Transaction.WRITE,
)
def record_reprint(actor: Actor, ticket_id: int, *, session: Session = IN_USE_CASE) -> IssuedTicket:
    """A reprint of a slip: allowed, counted and audited; returns the slip data (``reprint``
    set, with the number of copies printed so far)."""
    now = actor.database.now()
    ticket = load_ticket(session, ticket_id)
    ticket.print_count += 1
    hall = session.get(Hall, ticket.hall_id)
    line = session.get(BusinessLine, ticket.line_id)
    assert hall is not None and line is not None
    audit(
        session, actor, "reprint ticket", target=ticket.label,
        detail={"ticket_id": ticket.id, "copies": ticket.print_count}, hall_id=ticket.hall_id,
    )
    return _slip_data(session, ticket, hall, line, now, timezone_of(session), reprint=True)


@use_case(Permission.ISSUE_TICKETS, QT_TRANSLATE_NOOP("Terms", "issue a ticket"))
def issuing_halls(actor: Actor, *, session: Session = IN_USE_CASE) -> list[HallChoice]:
    """The active halls an issuing station may serve: all for an administrator, else the actor's own."""
    return actor_halls(session, actor)


def actor_halls(session: Session, actor: Actor) -> list[HallChoice]:
    """The active halls ``actor`` works for: every one for an administrator, else their own."""
    query = select(Hall).where(Hall.active.is_(True)).order_by(Hall.code)
    if not acts_on_every_hall(actor.role):
        query = query.where(Hall.id == actor.hall_id)
    return [HallChoice(hall.id, hall.code, hall.name) for hall in session.scalars(query)]


@use_case(Permission.VIEW_CATALOGUE, QT_TRANSLATE_NOOP("Terms", "list service items"))
def service_item_choices(actor: Actor, *, session: Session = IN_USE_CASE) -> list[ServiceItemChoice]:
    """Active catalogue items with their ids, for the optional item on a ticket (kiosks too)."""
    rows = session.execute(
        select(ServiceItem.id, ServiceItem.code, ServiceItem.name).where(ServiceItem.active.is_(True)).order_by(ServiceItem.code)
    ).all()
    return [ServiceItemChoice(item_id, code, name) for item_id, code, name in rows]
