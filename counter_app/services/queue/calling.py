"""Calling and serving at a counter: call next, call one, recall, start, finish, hold,
resume, no-show, reinstate and transfer.

Call next and the moves of the ticket in hand (start, finish, hold, resume) are the hot
path: one statement each (``statements``), which checks the clerk's account and counter
itself; only when it changes nothing does the slow path look for why. The others run in
one transaction with the policy's check.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from counter_app.db.models import BusinessLine, Counter, Ticket
from counter_app.domain.queue import (
    ACTIVE_AT_COUNTER,
    ORDINARY_RANK,
    PRIORITY_RANK,
    TRANSITIONS,
    CounterState,
    TicketAction,
    TicketPriority,
    TicketStatus,
    appointment_due_limit,
    business_date,
    next_status,
    no_show_wait_seconds,
    recall_wait_seconds,
    recalls_left,
)
from counter_app.domain.roles import Permission, may_move_ticket_held_elsewhere
from counter_app.errors import ConflictError, ValidationError
from counter_app.i18n import QT_TRANSLATE_NOOP
from counter_app.services.access import IN_USE_CASE, Actor, Target, Transaction, explain_refusal, rule_of, use_case
from counter_app.services.queue import statements
from counter_app.services.queue.common import (
    counter_for_clerk,
    line_ids_of,
    load_counter,
    load_ticket,
    move,
    own_active_ticket,
    send_back_to_queue,
    view_of,
)
from counter_app.services.queue.views import STATUS_TERMS, TicketView
from counter_app.services.settings import cached_setting, hall_settings


def _moved_view(row: statements.MovedTicket, status: TicketStatus, counter_id: int) -> TicketView:
    return TicketView(
        id=row.id, label=row.label, hall_id=row.hall_id, line_id=row.line_id, line_prefix=row.line_prefix,
        line_name=row.line_name, status=status, priority=TicketPriority(row.priority), issued_at=row.issued_at,
        queued_at=row.queued_at, called_at=row.called_at, service_started_at=row.service_started_at,
        counter_id=counter_id, counter_number=row.counter_number, target_counter_id=None,
        recall_count=row.recall_count, visitor_name_masked=row.visitor_name_masked or "",
        business_date=row.business_date, last_called_at=row.last_called_at, appointment_at=row.appointment_at,
        visitor_name=row.visitor_name,
    )


def _already_in_hand() -> ConflictError:
    return ConflictError(
        QT_TRANSLATE_NOOP("Errors", "This counter got a ticket meanwhile (from another computer?): finish it first.")
    )


@use_case(
    Permission.SERVE_AT_COUNTER, QT_TRANSLATE_NOOP("Terms", "call the next ticket"), Target.COUNTER,
    transaction=Transaction.HOT,
)
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
        row = statements.call_next(database.backend, ORDINARY_RANK, PRIORITY_RANK[TicketPriority.APPOINTMENT]).run(
            database,
            {
                "counter_id": counter_id, "clerk_id": actor.staff_id, "now": now, "today": today,
                "due_limit": appointment_due_limit(now), "origin": database.origin,
                "action": TicketAction.CALL.value, "to_status": TicketStatus.CALLED.value,
            },
        )
    except statements.AlreadyInHand:
        row = None  # the same clerk called from another PC at the same instant: explained below
    if row is not None:
        return _moved_view(row, TicketStatus.CALLED, counter_id)
    explain_refusal(actor, rule_of(call_next), counter_id)
    with database.reading() as session:
        counter = counter_for_clerk(session, actor, counter_id)
        _refuse_if_in_hand(session, counter)
    return None


def _refuse_if_in_hand(session: Session, counter: Counter) -> None:
    busy = session.scalars(
        select(Ticket.label).where(Ticket.counter_id == counter.id, Ticket.status.in_([s.value for s in statements.IN_HAND]))
    ).first()
    if busy is not None:
        raise ConflictError(
            QT_TRANSLATE_NOOP("Errors", "Ticket {label} is still at this counter: finish, hold or mark it no-show first."),
            label=busy,
        )


@use_case(
    Permission.SERVE_AT_COUNTER, QT_TRANSLATE_NOOP("Terms", "call a ticket out of order"), Target.COUNTER,
    transaction=Transaction.WRITE,
)
def call_ticket(
    actor: Actor, counter_id: int, ticket_id: int, now: datetime | None = None, *, session: Session = IN_USE_CASE
) -> TicketView:
    """Call a particular waiting (or no-show) ticket out of order, at a counter with no
    ticket called or being served."""
    now = now or actor.database.now()
    counter = counter_for_clerk(session, actor, counter_id)
    _refuse_if_in_hand(session, counter)
    ticket = load_ticket(session, ticket_id, lock=True)
    if ticket.hall_id != counter.hall_id:
        raise ConflictError(QT_TRANSLATE_NOOP("Errors", "Ticket {label} belongs to another hall."), label=ticket.label)
    ticket.counter_id = counter.id
    ticket.clerk_id = actor.staff_id
    ticket.called_at = now
    ticket.last_called_at = now
    ticket.recall_count = 0
    ticket.target_counter_id = None
    try:
        move(session, ticket, TicketAction.CALL_SPECIFIC, actor, now, counter.id)
    except IntegrityError as error:
        if statements.is_one_in_hand_violation(error.orig):
            raise _already_in_hand() from None
        raise
    return view_of(session, ticket, full_name=True)


@use_case(Permission.SERVE_AT_COUNTER, QT_TRANSLATE_NOOP("Terms", "recall a ticket"), Target.COUNTER, transaction=Transaction.WRITE)
def recall(
    actor: Actor, counter_id: int, ticket_id: int, now: datetime | None = None, *, session: Session = IN_USE_CASE
) -> TicketView:
    """Announce a called ticket again, after a cooldown and at most ``recall_max`` times.
    The first call time stays (the visitor's wait ended then); the recall is an event."""
    now = now or actor.database.now()
    counter = counter_for_clerk(session, actor, counter_id)
    ticket = own_active_ticket(session, counter, ticket_id)
    settings = hall_settings(session, counter.hall_id, ("recall_cooldown_seconds", "recall_max"))
    if ticket.status == TicketStatus.CALLED.value:
        if not recalls_left(ticket.recall_count, int(settings["recall_max"])):
            raise ConflictError(
                QT_TRANSLATE_NOOP("Errors", "Ticket {label} has been recalled {count} times already: mark it no-show."),
                label=ticket.label,
                count=ticket.recall_count,
            )
        since = (now - (ticket.last_called_at or ticket.called_at or now)).total_seconds()
        wait = recall_wait_seconds(since, int(settings["recall_cooldown_seconds"]))
        if wait:
            raise ConflictError(
                QT_TRANSLATE_NOOP("Errors", "Please wait {seconds} more seconds before recalling {label}."),
                seconds=wait,
                label=ticket.label,
            )
    ticket.recall_count += 1
    ticket.last_called_at = now
    move(session, ticket, TicketAction.RECALL, actor, now, counter.id)
    return view_of(session, ticket, full_name=True)


def _counter_action(actor: Actor, counter_id: int, ticket_id: int, action: TicketAction, now: datetime | None, use: object) -> TicketView:
    """Start, finish, hold or resume the ticket in hand: one conditional UPDATE on the hot
    path; the slow path only runs to explain a refusal."""
    database = actor.database
    now = now or database.now()
    sources = tuple(source.value for (done, source) in TRANSITIONS if done is action and source in ACTIVE_AT_COUNTER)
    (target,) = {TRANSITIONS[(action, TicketStatus(source))] for source in sources}  # one target per counter action
    assignments = ""
    if action is TicketAction.START:
        assignments = ", service_started_at = :now"
    elif action is TicketAction.FINISH:
        # A clerk who never pressed Start served the visitor from the call on.
        assignments = ", service_started_at = COALESCE(service_started_at, called_at), finished_at = :now"
    try:
        row = statements.counter_move(database.backend, sources, assignments).run(
            database,
            {
                "ticket_id": ticket_id, "counter_id": counter_id, "clerk_id": actor.staff_id, "now": now,
                "action": action.value, "to_status": target.value, "origin": database.origin,
            },
        )
    except statements.AlreadyInHand:
        raise _already_in_hand() from None
    if row is not None:
        return _moved_view(row, target, counter_id)
    # Refused: say why (not allowed here, not this clerk's counter, not at this counter, wrong state).
    explain_refusal(actor, rule_of(use), counter_id)  # type: ignore[arg-type]
    with database.reading() as session:
        counter = counter_for_clerk(session, actor, counter_id, must_be_open=False)
        ticket = own_active_ticket(session, counter, ticket_id)
        if next_status(action, TicketStatus(ticket.status)) is None:
            raise ConflictError(
                QT_TRANSLATE_NOOP("Errors", "Ticket {label} is {status}: this cannot be done to it now."),
                label=ticket.label,
                status=STATUS_TERMS[TicketStatus(ticket.status)],
            )
    raise ConflictError(QT_TRANSLATE_NOOP("Errors", "The ticket changed meanwhile: look again and retry."))


@use_case(Permission.SERVE_AT_COUNTER, QT_TRANSLATE_NOOP("Terms", "start service"), Target.COUNTER, transaction=Transaction.HOT)
def start_service(actor: Actor, counter_id: int, ticket_id: int, now: datetime | None = None) -> TicketView:
    return _counter_action(actor, counter_id, ticket_id, TicketAction.START, now, start_service)


@use_case(Permission.SERVE_AT_COUNTER, QT_TRANSLATE_NOOP("Terms", "finish service"), Target.COUNTER, transaction=Transaction.HOT)
def finish_service(actor: Actor, counter_id: int, ticket_id: int, now: datetime | None = None) -> TicketView:
    return _counter_action(actor, counter_id, ticket_id, TicketAction.FINISH, now, finish_service)


@use_case(Permission.SERVE_AT_COUNTER, QT_TRANSLATE_NOOP("Terms", "hold a ticket"), Target.COUNTER, transaction=Transaction.HOT)
def hold_ticket(actor: Actor, counter_id: int, ticket_id: int, now: datetime | None = None) -> TicketView:
    return _counter_action(actor, counter_id, ticket_id, TicketAction.HOLD, now, hold_ticket)


@use_case(
    Permission.SERVE_AT_COUNTER, QT_TRANSLATE_NOOP("Terms", "resume a held ticket"), Target.COUNTER,
    transaction=Transaction.HOT,
)
def resume_ticket(actor: Actor, counter_id: int, ticket_id: int, now: datetime | None = None) -> TicketView:
    return _counter_action(actor, counter_id, ticket_id, TicketAction.RESUME, now, resume_ticket)


@use_case(Permission.SERVE_AT_COUNTER, QT_TRANSLATE_NOOP("Terms", "mark a no-show"), Target.COUNTER, transaction=Transaction.WRITE)
def mark_no_show(
    actor: Actor, counter_id: int, ticket_id: int, now: datetime | None = None, *, session: Session = IN_USE_CASE
) -> TicketView:
    """A called visitor who did not come: only after the last recall and its cooldown."""
    now = now or actor.database.now()
    counter = counter_for_clerk(session, actor, counter_id, must_be_open=False)
    ticket = own_active_ticket(session, counter, ticket_id)
    if ticket.status == TicketStatus.CALLED.value:
        settings = hall_settings(session, ticket.hall_id, ("recall_cooldown_seconds", "recall_max"))
        recall_max = int(settings["recall_max"])
        since_call = (now - (ticket.last_called_at or ticket.called_at or now)).total_seconds()
        wait = no_show_wait_seconds(ticket.recall_count, recall_max, since_call, int(settings["recall_cooldown_seconds"]))
        if wait is None:
            raise ConflictError(
                QT_TRANSLATE_NOOP(
                    "Errors", "Recall {label} first: a ticket is a no-show only after its last recall ({count} of {max} made)."
                ),
                label=ticket.label, count=ticket.recall_count, max=recall_max,
            )
        if wait > 0:
            raise ConflictError(
                QT_TRANSLATE_NOOP("Errors", "Give the visitor {seconds} more seconds to come forward before marking {label} no-show."),
                seconds=wait, label=ticket.label,
            )
    move(session, ticket, TicketAction.NO_SHOW, actor, now, counter.id)
    return view_of(session, ticket)


@use_case(Permission.MOVE_TICKETS, QT_TRANSLATE_NOOP("Terms", "reinstate a ticket"), Target.TICKET, transaction=Transaction.WRITE)
def reinstate(actor: Actor, ticket_id: int, now: datetime | None = None, *, session: Session = IN_USE_CASE) -> TicketView:
    """A no-show who turns up goes back into the queue at their original place."""
    now = now or actor.database.now()
    ticket = load_ticket(session, ticket_id, lock=True)
    from_counter = ticket.counter_id
    send_back_to_queue(ticket)
    move(session, ticket, TicketAction.REINSTATE, actor, now, from_counter)
    return view_of(session, ticket)


@use_case(Permission.MOVE_TICKETS, QT_TRANSLATE_NOOP("Terms", "transfer a ticket"), Target.TICKET, transaction=Transaction.WRITE)
def transfer(
    actor: Actor,
    ticket_id: int,
    *,
    to_line_id: int | None = None,
    to_counter_id: int | None = None,
    now: datetime | None = None,
    session: Session = IN_USE_CASE,
) -> TicketView:
    """Send a ticket to another line and/or counter, keeping its number and its place. A
    ticket at a counter is transferred by the clerk signed in there (or a supervisor)."""
    if to_line_id is None and to_counter_id is None:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "Choose the line or the counter to transfer to."))
    now = now or actor.database.now()
    ticket = load_ticket(session, ticket_id)
    if TicketStatus(ticket.status) in ACTIVE_AT_COUNTER and not may_move_ticket_held_elsewhere(actor.role):
        holder = session.scalar(select(Counter.clerk_id).where(Counter.id == ticket.counter_id))
        if holder != actor.staff_id:
            raise ConflictError(
                QT_TRANSLATE_NOOP(
                    "Errors", "Ticket {label} is at another clerk's counter: only that clerk or a supervisor may transfer it."
                ),
                label=ticket.label,
            )
    ticket = load_ticket(session, ticket_id, lock=True)
    from_counter = ticket.counter_id
    if to_line_id is not None:
        line = session.get(BusinessLine, to_line_id)
        if line is None or line.hall_id != ticket.hall_id or not line.active:
            raise ValidationError(QT_TRANSLATE_NOOP("Errors", "The target line is not an open line of this hall."))
        ticket.line_id = line.id
    if to_counter_id is not None:
        target = load_counter(session, to_counter_id)
        if target.hall_id != ticket.hall_id:
            raise ValidationError(QT_TRANSLATE_NOOP("Errors", "The target counter is in another hall."))
        if ticket.line_id not in line_ids_of(session, target.id):
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "Counter {number} does not serve this ticket's line."), number=target.number
            )
        if not target.active or target.state == CounterState.CLOSED.value:
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "Counter {number} is closed: transfer to an open or paused counter."),
                number=target.number,
            )
        ticket.target_counter_id = target.id
    else:
        ticket.target_counter_id = None
    send_back_to_queue(ticket)
    move(session, ticket, TicketAction.TRANSFER, actor, now, from_counter)
    return view_of(session, ticket)
