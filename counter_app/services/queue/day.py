"""The end of a business day: every ticket still open is closed, with the reason."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.db.models import Hall, Ticket
from counter_app.domain.queue import OPEN_STATUSES, TicketAction, TicketStatus, business_date
from counter_app.domain.roles import Permission
from counter_app.domain.text import clean_text
from counter_app.errors import NotFound, ValidationError
from counter_app.i18n import QT_TRANSLATE_NOOP, Term
from counter_app.services.access import IN_USE_CASE, Actor, Target, Transaction, audit, use_case
from counter_app.services.hall_events import poke_hall, record_ticket_event
from counter_app.services.queue.common import in_statuses, timezone_of


@dataclass(frozen=True)
class DayClosed:
    hall_id: int
    hall_name: str
    day: date
    closed: int  # tickets closed


@use_case(
    Permission.SUPERVISE_HALL, QT_TRANSLATE_NOOP("Terms", "close the business day"), Target.HALL,
    transaction=Transaction.WRITE,
)
def close_business_day(
    actor: Actor,
    hall_id: int,
    reason: str,
    day: date | None = None,
    now: datetime | None = None,
    *,
    session: Session = IN_USE_CASE,
) -> DayClosed:
    """Close every ticket of the hall still open on ``day`` (default: today) or before,
    with the reason. ``day`` may not lie ahead: that would close today's queue too."""
    reason = clean_text(reason, max_length=200, field=Term(QT_TRANSLATE_NOOP("Terms", "The reason")))
    if not reason:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "Give the reason for closing the open tickets."))
    now = now or actor.database.now()
    hall = session.get(Hall, hall_id)
    if hall is None:
        raise NotFound(QT_TRANSLATE_NOOP("Errors", "There is no hall with id {id}."), id=hall_id)
    today = business_date(now, timezone_of(session))
    day = day or today
    if day > today:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "{day} has not begun yet: a business day can be closed from that day on."),
            day=day.isoformat(),
        )
    tickets = list(session.scalars(select(Ticket).where(*_open_on(hall_id, day))))
    for ticket in tickets:
        previous = TicketStatus(ticket.status)
        ticket.status = TicketStatus.CLOSED.value
        ticket.close_reason = reason
        ticket.finished_at = ticket.finished_at or now
        session.flush()
        record_ticket_event(session, ticket, TicketAction.CLOSE, previous, actor, now, detail=reason)
    audit(session, actor, "close business day", target=str(day), detail={"hall_id": hall_id, "closed": len(tickets)}, hall_id=hall_id)
    poke_hall(session, hall_id)
    return DayClosed(hall_id, hall.name, day, len(tickets))


@use_case(Permission.SUPERVISE_HALL, QT_TRANSLATE_NOOP("Terms", "close the business day"), Target.HALL)
def open_ticket_count(actor: Actor, hall_id: int, day: date, *, session: Session = IN_USE_CASE) -> int:
    """How many tickets closing ``day`` would close, to show before asking to confirm."""
    return int(session.scalar(select(func.count(Ticket.id)).where(*_open_on(hall_id, day))) or 0)


def _open_on(hall_id: int, day: date) -> tuple[Any, ...]:
    """The tickets closing ``day`` closes: still open on that day or before."""
    return (Ticket.hall_id == hall_id, Ticket.business_date <= day, Ticket.status.in_(in_statuses(OPEN_STATUSES)))
