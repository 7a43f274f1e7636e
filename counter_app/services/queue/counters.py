"""A clerk's counter: the hall's counters, and signing in, pausing and closing."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.db.models import Counter, Staff, Ticket, counter_lines
from counter_app.domain.queue import ACTIVE_AT_COUNTER, CounterState
from counter_app.domain.roles import Permission
from counter_app.errors import ConflictError
from counter_app.i18n import QT_TRANSLATE_NOOP
from counter_app.services.access import IN_USE_CASE, Actor, Target, Transaction, audit, use_case
from counter_app.services.hall_events import poke_hall
from counter_app.services.queue.common import counter_for_clerk, in_statuses, load_counter
from counter_app.services.queue.views import CounterInfo


@use_case(Permission.VIEW_COUNTER, QT_TRANSLATE_NOOP("Terms", "view counters"), Target.HALL)
def hall_counters(actor: Actor, hall_id: int, *, session: Session = IN_USE_CASE) -> list[CounterInfo]:
    return counter_infos(session, Counter.hall_id == hall_id)


def counter_infos(session: Session, *conditions: Any) -> list[CounterInfo]:
    """Counters with their clerk's name and their lines: one statement."""
    rows = session.execute(
        select(Counter, Staff.full_name, counter_lines.c.line_id)
        .outerjoin(Staff, Staff.id == Counter.clerk_id)
        .outerjoin(counter_lines, counter_lines.c.counter_id == Counter.id)
        .where(*conditions)
        .order_by(Counter.number, counter_lines.c.line_id)
    ).all()
    infos: dict[int, CounterInfo] = {}
    for counter, clerk_name, line_id in rows:
        known = infos.get(counter.id)
        lines = (*known.line_ids, line_id) if known is not None else ((line_id,) if line_id is not None else ())
        infos[counter.id] = CounterInfo(
            counter.id, counter.hall_id, counter.number, counter.name, CounterState(counter.state), counter.clerk_id,
            clerk_name if counter.clerk_id else None, lines,
        )
    return list(infos.values())


def _set_counter_state(session: Session, actor: Actor, counter_id: int, state: CounterState, action: str) -> CounterInfo:
    now = actor.database.now()
    counter = load_counter(session, counter_id)
    if state is CounterState.OPEN:
        if counter.clerk_id not in (None, actor.staff_id) and counter.state != CounterState.CLOSED.value:
            raise ConflictError(
                QT_TRANSLATE_NOOP("Errors", "Counter {number} is in use by someone else; they must close it first."),
                number=counter.number,
            )
        other = session.scalars(
            select(Counter.number).where(
                Counter.clerk_id == actor.staff_id, Counter.id != counter.id, Counter.state != CounterState.CLOSED.value
            )
        ).first()
        if other is not None:
            raise ConflictError(
                QT_TRANSLATE_NOOP("Errors", "You are still signed in at counter {number}: close it first."),
                number=other,
            )
        counter.clerk_id = actor.staff_id
    else:
        counter_for_clerk(session, actor, counter_id, must_be_open=False)
        if state is CounterState.CLOSED:
            active = session.scalars(
                select(Ticket.label).where(Ticket.counter_id == counter.id, Ticket.status.in_(in_statuses(ACTIVE_AT_COUNTER)))
            ).first()
            if active is not None:
                raise ConflictError(
                    QT_TRANSLATE_NOOP("Errors", "Finish or transfer ticket {label} before closing the counter."),
                    label=active,
                )
            counter.clerk_id = None
    counter.state = state.value
    counter.state_changed_at = now
    counter.state_changed_by = actor.staff_id
    audit(session, actor, action, target=f"counter {counter.number}", detail={"counter_id": counter.id}, hall_id=counter.hall_id)
    poke_hall(session, counter.hall_id)
    session.flush()
    return counter_infos(session, Counter.id == counter.id)[0]


@use_case(Permission.SERVE_AT_COUNTER, QT_TRANSLATE_NOOP("Terms", "open a counter"), Target.COUNTER, transaction=Transaction.WRITE)
def open_counter(actor: Actor, counter_id: int, *, session: Session = IN_USE_CASE) -> CounterInfo:
    """Sign in at a counter of one's hall and open it (also resumes a paused one)."""
    return _set_counter_state(session, actor, counter_id, CounterState.OPEN, "open a counter")


@use_case(Permission.SERVE_AT_COUNTER, QT_TRANSLATE_NOOP("Terms", "pause a counter"), Target.COUNTER, transaction=Transaction.WRITE)
def pause_counter(actor: Actor, counter_id: int, *, session: Session = IN_USE_CASE) -> CounterInfo:
    return _set_counter_state(session, actor, counter_id, CounterState.PAUSED, "pause a counter")


@use_case(Permission.SERVE_AT_COUNTER, QT_TRANSLATE_NOOP("Terms", "close a counter"), Target.COUNTER, transaction=Transaction.WRITE)
def close_counter(actor: Actor, counter_id: int, *, session: Session = IN_USE_CASE) -> CounterInfo:
    return _set_counter_state(session, actor, counter_id, CounterState.CLOSED, "close a counter")
