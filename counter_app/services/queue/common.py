"""What the queue's use cases share: loading rows with the right refusal, moving a ticket
by the domain's rules, the call order as SQL, and rows turned into views."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from counter_app.db.models import BusinessLine, Counter, Ticket, counter_lines
from counter_app.domain.queue import (
    ACTIVE_AT_COUNTER,
    BACK_IN_QUEUE,
    ORDINARY_RANK,
    CounterState,
    TicketAction,
    TicketPriority,
    TicketStatus,
    next_status,
)
from counter_app.errors import ConflictError, NotFound
from counter_app.i18n import QT_TRANSLATE_NOOP
from counter_app.services.access import Actor
from counter_app.services.hall_events import poke_hall, record_ticket_event
from counter_app.services.queue.views import STATUS_TERMS, LineInfo, TicketView
from counter_app.services.settings import get_setting


def timezone_of(session: Session) -> str:
    return str(get_setting(session, "business_timezone"))


def call_rank_sql(due_limit: Any) -> Any:
    """``domain.queue.call_rank`` as SQL: an appointment not yet due ranks as ordinary.
    ``due_limit``: ``domain.queue.appointment_due_limit(now)``, or a bound parameter that
    will hold it (a statement built once)."""
    return case(
        (
            and_(Ticket.priority == TicketPriority.APPOINTMENT.value, Ticket.appointment_at > due_limit),
            ORDINARY_RANK,
        ),
        else_=Ticket.priority_rank,
    )


def call_order(due_limit: Any) -> tuple[Any, ...]:
    """Priority first (appointments only once they are due), then the longest wait."""
    return (call_rank_sql(due_limit), Ticket.queued_at, Ticket.id)


def in_statuses(statuses: tuple[TicketStatus, ...]) -> list[str]:
    return [status.value for status in statuses]


def load_counter(session: Session, counter_id: int) -> Counter:
    counter = session.get(Counter, counter_id)
    if counter is None:
        raise NotFound(QT_TRANSLATE_NOOP("Errors", "There is no counter with id {id}."), id=counter_id)
    return counter


def counter_for_clerk(session: Session, actor: Actor, counter_id: int, *, must_be_open: bool = True) -> Counter:
    counter = load_counter(session, counter_id)
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


def line_ids_of(session: Session, counter_id: int) -> list[int]:
    return list(session.scalars(select(counter_lines.c.line_id).where(counter_lines.c.counter_id == counter_id)))


def load_ticket(session: Session, ticket_id: int, *, lock: bool = False) -> Ticket:
    query = select(Ticket).where(Ticket.id == ticket_id)
    if lock and session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    ticket = session.scalars(query).one_or_none()
    if ticket is None:
        raise NotFound(QT_TRANSLATE_NOOP("Errors", "There is no ticket with id {id}."), id=ticket_id)
    return ticket


def move(
    session: Session,
    ticket: Ticket,
    action: TicketAction,
    actor: Actor,
    now: datetime,
    counter_id: int | None = None,
    *,
    detail: str = "",
) -> TicketStatus:
    """Apply ``action`` to ``ticket`` if the rules allow it, with its event and the hall's
    poke; returns the status it had."""
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
    record_ticket_event(session, ticket, action, current, actor, now, counter_id, detail)
    poke_hall(session, ticket.hall_id)
    return current


def send_back_to_queue(ticket: Ticket) -> None:
    """``domain.queue.BACK_IN_QUEUE``: number, priority and place kept; the counter's part
    forgotten (a transfer, a reinstated no-show, a counter closed by its supervisor)."""
    for column, value in BACK_IN_QUEUE.items():
        setattr(ticket, column, value)


def own_active_ticket(session: Session, counter: Counter, ticket_id: int) -> Ticket:
    ticket = load_ticket(session, ticket_id, lock=True)
    if ticket.counter_id != counter.id or TicketStatus(ticket.status) not in ACTIVE_AT_COUNTER:
        raise ConflictError(
            QT_TRANSLATE_NOOP("Errors", "Ticket {label} is not at counter {number}."),
            label=ticket.label,
            number=counter.number,
        )
    return ticket


def ticket_view(
    ticket: Ticket, prefix: str, line_name: str, counter_number: int | None, *, full_name: bool = False
) -> TicketView:
    return TicketView(
        id=ticket.id,
        label=ticket.label,
        hall_id=ticket.hall_id,
        line_id=ticket.line_id,
        line_prefix=prefix,
        line_name=line_name,
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
        appointment_at=ticket.appointment_at,
        visitor_name=ticket.visitor_name if full_name else None,
    )


def view_of(session: Session, ticket: Ticket, *, full_name: bool = False) -> TicketView:
    """The view of one ticket (its line's prefix and name, its counter's number): one statement."""
    prefix, line_name, counter_number = session.execute(
        select(
            BusinessLine.prefix,
            BusinessLine.name,
            select(Counter.number).where(Counter.id == ticket.counter_id).scalar_subquery(),
        ).where(BusinessLine.id == ticket.line_id)
    ).one()
    return ticket_view(ticket, prefix, line_name, counter_number, full_name=full_name)


def line_infos(
    session: Session, hall_id: int, today: Any, line_ids: list[int] | None = None
) -> list[LineInfo]:
    """The active lines of a hall with today's waiting counts: one statement."""
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
