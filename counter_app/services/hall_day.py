"""The supervisor's hall day: the counters at a glance, closing a counter a clerk left
open, the queue settings, and the end of the business day.

Supervisors act on their own hall only; administrators on any hall (``services.access``).
The queue's own use cases (calling, transfer, the end of the business day) live in
``services.queue``; this module adds what the hall floor needs around them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from counter_app.db.models import BusinessLine, Counter, Hall, HallSetting, Staff, Ticket, counter_lines
from counter_app.domain.queue import ACTIVE_AT_COUNTER, OPEN_STATUSES, CounterState, TicketAction, TicketStatus, business_date
from counter_app.domain.roles import Permission
from counter_app.domain.text import clean_text
from counter_app.errors import ConflictError, NotFound, ValidationError
from counter_app.i18n import QT_TRANSLATE_NOOP, Term
from counter_app.services.access import IN_USE_CASE, Actor, Target, Transaction, after_commit, audit, use_case
from counter_app.services.devices import DisplayHealth, display_health
from counter_app.services.hall_events import poke_hall, record_ticket_event
from counter_app.services.queue import HallChoice, actor_halls
from counter_app.services.queue.common import in_statuses, move, send_back_to_queue
from counter_app.services.settings import HALL_KEYS, forget_cached, hall_settings, setting_columns, setting_values

FORCE_CLOSE_DETAIL = "counter closed by the supervisor"

# The editable settings and their limits; business_timezone is deliberately not here.
COOLDOWN_RANGE = (0, 600)
RECALL_MAX_RANGE = (0, 10)
REPEAT_RANGE = (1, 5)
NOTICE_MAX = 200
NOTICE_FIELD = Term(QT_TRANSLATE_NOOP("Terms", "The display notice"))
EDITABLE_KEYS = HALL_KEYS  # each hall has its own; the zone's are the defaults


# ---------------------------------------------------------------- plain results


@dataclass(frozen=True)
class TicketInHand:
    id: int
    label: str
    status: TicketStatus
    line_prefix: str
    line_name: str
    called_at: datetime | None


@dataclass(frozen=True)
class CounterOverview:
    id: int
    number: int
    name: str
    state: CounterState
    state_changed_at: datetime | None
    clerk_id: int | None
    clerk_name: str | None
    clerk_username: str | None
    line_prefixes: tuple[str, ...]
    tickets: tuple[TicketInHand, ...]  # called, serving or held here, called first first

    @property
    def needs_closing(self) -> bool:
        """Someone is signed in, or a ticket is stranded here: a supervisor may close it."""
        return self.state is not CounterState.CLOSED or bool(self.tickets)


@dataclass(frozen=True)
class LineLoad:
    id: int
    prefix: str
    name: str
    waiting: int  # today's waiting tickets of the line
    open_counters: int  # counters open now that serve it (paused ones do not call)


@dataclass(frozen=True)
class HallDay:
    hall_id: int
    hall_code: str
    hall_name: str
    business_date: date
    timezone: str
    counters: tuple[CounterOverview, ...]
    lines: tuple[LineLoad, ...]  # a line with people waiting and no open counter needs a clerk
    waiting: int  # today's waiting tickets
    done: int  # today's finished tickets
    no_shows: int  # today's no-shows
    open_tickets: int  # what closing the day would close (today and earlier days' leftovers)
    read_at: datetime
    displays: tuple[DisplayHealth, ...] = ()  # the hall's displays as they last reported


@dataclass(frozen=True)
class ForcedClose:
    counter: CounterOverview  # as it is after closing
    clerk_name: str | None  # who was signed out
    returned: tuple[str, ...]  # labels of the tickets put back into the queue
    released: tuple[str, ...]  # labels of waiting tickets that were sent to this counter only


@dataclass(frozen=True)
class QueueSettings:
    recall_cooldown_seconds: int
    recall_max: int
    display_notice: str
    display_repeat: int


@dataclass(frozen=True)
class SavedSettings:
    settings: QueueSettings
    changed: tuple[str, ...]  # the keys whose value changed; empty: nothing was written


# ---------------------------------------------------------------- access


@use_case(Permission.SUPERVISE_HALL, QT_TRANSLATE_NOOP("Terms", "supervise a hall"))
def supervised_halls(actor: Actor, *, session: Session = IN_USE_CASE) -> list[HallChoice]:
    """The halls the actor supervises: every active hall for an administrator, else their own."""
    return actor_halls(session, actor)


# ---------------------------------------------------------------- the overview


@use_case(Permission.SUPERVISE_HALL, QT_TRANSLATE_NOOP("Terms", "supervise a hall"), Target.HALL, transaction=Transaction.SNAPSHOT)
def hall_day(actor: Actor, hall_id: int, now: datetime | None = None, *, session: Session = IN_USE_CASE) -> HallDay:
    """Every counter of the hall with its clerk and ticket in hand, and today's counts: five
    statements in one snapshot (the hall, its counters, the tickets in hand, the counts, the
    displays' health)."""
    now = now or actor.database.now()
    header = session.execute(select(Hall, *setting_columns(("business_timezone",), Hall.id)).where(Hall.id == hall_id)).first()
    if header is None:
        raise NotFound(QT_TRANSLATE_NOOP("Errors", "There is no hall with id {id}."), id=hall_id)
    hall: Hall = header.Hall
    timezone = str(setting_values(header, ("business_timezone",))["business_timezone"])
    today = business_date(now, timezone)
    overviews = _overviews(session, Counter.hall_id == hall_id, or_(Counter.active.is_(True), Counter.state != CounterState.CLOSED.value))
    # Today's tickets by line and status, and every day's open ones (what closing the day closes).
    counts = session.execute(
        select(BusinessLine.id, BusinessLine.prefix, BusinessLine.name, BusinessLine.active, Ticket.status, Ticket.business_date, func.count(Ticket.id))
        .select_from(BusinessLine)
        .outerjoin(
            Ticket,
            and_(
                Ticket.line_id == BusinessLine.id,
                or_(Ticket.business_date == today, and_(Ticket.business_date < today, Ticket.status.in_(in_statuses(OPEN_STATUSES)))),
            ),
        )
        .where(BusinessLine.hall_id == hall_id)
        .group_by(BusinessLine.id, BusinessLine.prefix, BusinessLine.name, BusinessLine.active, Ticket.status, Ticket.business_date)
        .order_by(BusinessLine.prefix)
    ).all()
    by_status: dict[str, int] = {}
    waiting_by_line: dict[int, int] = {}
    open_tickets = 0
    lines: dict[int, tuple[str, str]] = {}
    for line_id, prefix, name, active, status, day, count in counts:
        if active:
            lines[line_id] = (prefix, name)
        if status is None:
            continue
        if status in in_statuses(OPEN_STATUSES):
            open_tickets += count
        if day == today:
            by_status[status] = by_status.get(status, 0) + count
            if status == TicketStatus.WAITING.value:
                waiting_by_line[line_id] = waiting_by_line.get(line_id, 0) + count
    return HallDay(
        hall_id=hall.id,
        hall_code=hall.code,
        hall_name=hall.name,
        business_date=today,
        timezone=timezone,
        counters=tuple(overviews),
        lines=tuple(
            LineLoad(
                line_id, prefix, name, waiting_by_line.get(line_id, 0),
                sum(1 for c in overviews if c.state is CounterState.OPEN and prefix in c.line_prefixes),
            )
            for line_id, (prefix, name) in lines.items()
        ),
        waiting=by_status.get(TicketStatus.WAITING.value, 0),
        done=by_status.get(TicketStatus.DONE.value, 0),
        no_shows=by_status.get(TicketStatus.NO_SHOW.value, 0),
        open_tickets=open_tickets,
        read_at=now,
        displays=display_health(session, hall_id, now),
    )


def _overviews(session: Session, *conditions: Any) -> list[CounterOverview]:
    """Counters with their clerks, lines and tickets in hand: two statements."""
    rows = session.execute(
        select(Counter, Staff.full_name, Staff.username, BusinessLine.prefix)
        .outerjoin(Staff, Staff.id == Counter.clerk_id)
        .outerjoin(counter_lines, counter_lines.c.counter_id == Counter.id)
        .outerjoin(BusinessLine, BusinessLine.id == counter_lines.c.line_id)
        .where(*conditions)
        .order_by(Counter.number, BusinessLine.prefix)
    ).all()
    counters: dict[int, tuple[Counter, str | None, str | None, list[str]]] = {}
    for counter, full_name, username, prefix in rows:
        known = counters.setdefault(counter.id, (counter, full_name, username, []))
        if prefix is not None:
            known[3].append(prefix)
    in_hand: dict[int, list[TicketInHand]] = {counter_id: [] for counter_id in counters}
    if counters:
        for at_counter, ticket_id, label, status, prefix, line_name, called_at in session.execute(
            select(Ticket.counter_id, Ticket.id, Ticket.label, Ticket.status, BusinessLine.prefix, BusinessLine.name, Ticket.called_at)
            .join(BusinessLine, BusinessLine.id == Ticket.line_id)
            .where(Ticket.counter_id.in_(list(counters)), Ticket.status.in_(in_statuses(ACTIVE_AT_COUNTER)))
            .order_by(Ticket.called_at, Ticket.id)
        ).all():
            in_hand[at_counter].append(TicketInHand(ticket_id, label, TicketStatus(status), prefix, line_name, called_at))
    return [
        CounterOverview(
            id=counter.id,
            number=counter.number,
            name=counter.name,
            state=CounterState(counter.state),
            state_changed_at=counter.state_changed_at,
            clerk_id=counter.clerk_id,
            clerk_name=full_name if counter.clerk_id else None,
            clerk_username=username if counter.clerk_id else None,
            line_prefixes=tuple(prefixes),
            tickets=tuple(in_hand[counter.id]),
        )
        for counter, full_name, username, prefixes in counters.values()
    ]


# ---------------------------------------------------------------- closing a counter


@use_case(
    Permission.SUPERVISE_HALL, QT_TRANSLATE_NOOP("Terms", "close a counter left open"), Target.COUNTER,
    transaction=Transaction.WRITE,
)
def force_close_counter(
    actor: Actor, counter_id: int, now: datetime | None = None, *, session: Session = IN_USE_CASE
) -> ForcedClose:
    """Close a counter a clerk left open (their PC died, they went home): the tickets in
    hand go back to the queue with their number and place, as a transfer does; waiting
    tickets sent to this counter only may be called by any counter of their line again;
    the clerk is signed out and the counter closed. The clerk's panel says who closed it."""
    now = now or actor.database.now()
    query = select(Counter).where(Counter.id == counter_id)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()  # one supervisor at a time; SQLite holds the write lock already
    counter = session.scalars(query).one_or_none()
    if counter is None:
        raise NotFound(QT_TRANSLATE_NOOP("Errors", "There is no counter with id {id}."), id=counter_id)
    in_hand = _tickets(session, Ticket.counter_id == counter.id, Ticket.status.in_(in_statuses(ACTIVE_AT_COUNTER)))
    if counter.state == CounterState.CLOSED.value and not in_hand:
        raise ConflictError(QT_TRANSLATE_NOOP("Errors", "Counter {number} is already closed."), number=counter.number)
    clerk_id = counter.clerk_id
    clerk_name = session.scalar(select(Staff.full_name).where(Staff.id == clerk_id)) if clerk_id else None
    for ticket in in_hand:
        # Back in the queue at its place, as a transfer puts it (domain.queue.BACK_IN_QUEUE).
        send_back_to_queue(ticket)
        ticket.target_counter_id = None
        move(session, ticket, TicketAction.TRANSFER, actor, now, counter.id, detail=FORCE_CLOSE_DETAIL)
    # Tickets transferred to this counter alone would wait for a counter nobody staffs.
    sent_here = _tickets(session, Ticket.target_counter_id == counter.id, Ticket.status == TicketStatus.WAITING.value)
    for ticket in sent_here:
        ticket.target_counter_id = None
        session.flush()
        record_ticket_event(session, ticket, TicketAction.TRANSFER, TicketStatus.WAITING, actor, now, counter.id, detail=FORCE_CLOSE_DETAIL)
    counter.state = CounterState.CLOSED.value
    counter.clerk_id = None
    counter.state_changed_at = now
    counter.state_changed_by = actor.staff_id
    returned = tuple(ticket.label for ticket in in_hand)
    released = tuple(ticket.label for ticket in sent_here)
    audit(
        session, actor, "force close counter", target=f"counter {counter.number}", hall_id=counter.hall_id,
        detail={
            "counter_id": counter.id, "hall_id": counter.hall_id, "clerk_id": clerk_id,
            "returned": list(returned), "released": list(released),
        },
    )
    poke_hall(session, counter.hall_id)
    session.flush()
    return ForcedClose(_overviews(session, Counter.id == counter.id)[0], clerk_name, returned, released)


def _tickets(session: Session, *conditions: Any) -> list[Ticket]:
    query = select(Ticket).where(and_(*conditions)).order_by(Ticket.called_at, Ticket.id)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    return list(session.scalars(query))


# ---------------------------------------------------------------- queue settings


@use_case(Permission.SUPERVISE_HALL, QT_TRANSLATE_NOOP("Terms", "view the queue settings"), Target.HALL)
def queue_settings(actor: Actor, hall_id: int, *, session: Session = IN_USE_CASE) -> QueueSettings:
    """The hall's queue settings (its own values, else the zone's)."""
    return _read_settings(session, hall_id)


def _read_settings(session: Session, hall_id: int) -> QueueSettings:
    values = hall_settings(session, hall_id, EDITABLE_KEYS)
    return QueueSettings(
        recall_cooldown_seconds=int(values["recall_cooldown_seconds"]),
        recall_max=int(values["recall_max"]),
        display_notice=str(values["display_notice"]),
        display_repeat=int(values["display_repeat"]),
    )


def _whole_number(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def validate_settings(settings: QueueSettings) -> QueueSettings:
    """The settings with the notice trimmed, or a ``ValidationError`` naming the first bad value."""
    checks = (
        (settings.recall_cooldown_seconds, COOLDOWN_RANGE,
         QT_TRANSLATE_NOOP("Errors", "The recall cooldown must be a whole number of seconds from {low} to {high}.")),
        (settings.recall_max, RECALL_MAX_RANGE,
         QT_TRANSLATE_NOOP("Errors", "The number of recalls must be a whole number from {low} to {high}.")),
        (settings.display_repeat, REPEAT_RANGE,
         QT_TRANSLATE_NOOP("Errors", "The display must announce each call from {low} to {high} times.")),
    )
    for value, (low, high), message in checks:
        if not _whole_number(value) or not low <= value <= high:
            raise ValidationError(message, low=low, high=high)
    # One line on the display: line breaks pasted in become spaces; control characters are refused.
    notice = " ".join(clean_text(str(settings.display_notice), max_length=NOTICE_MAX * 2, multiline=True, field=NOTICE_FIELD).split())
    if len(notice) > NOTICE_MAX:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The display notice has at most {max} characters; this one has {count}."),
            max=NOTICE_MAX,
            count=len(notice),
        )
    if not notice:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "Write the notice the hall display shows."))
    return QueueSettings(settings.recall_cooldown_seconds, settings.recall_max, notice, settings.display_repeat)


@use_case(
    Permission.EDIT_HALL_SETTINGS, QT_TRANSLATE_NOOP("Terms", "change the queue settings"), Target.HALL,
    transaction=Transaction.WRITE,
)
def save_queue_settings(
    actor: Actor, hall_id: int, settings: QueueSettings, *, session: Session = IN_USE_CASE
) -> SavedSettings:
    """Validate and store the hall's own queue settings; its displays and counters re-read
    them. Other halls keep theirs. Bad values change nothing."""
    wanted = validate_settings(settings)
    before = _read_settings(session, hall_id)
    new_values: dict[str, Any] = {key: getattr(wanted, key) for key in EDITABLE_KEYS}
    changes = {key: [getattr(before, key), value] for key, value in new_values.items() if getattr(before, key) != value}
    if not changes:
        return SavedSettings(before, ())
    for key in changes:
        _store(session, hall_id, key, new_values[key])
    audit(session, actor, "save queue settings", target=f"hall {hall_id}", detail={"changes": changes}, hall_id=hall_id)
    poke_hall(session, hall_id)  # its displays re-read notice and repeat
    # This process once committed; others within the cache time.
    after_commit(session, lambda: forget_cached(actor.database, EDITABLE_KEYS))
    return SavedSettings(wanted, tuple(changes))


def _store(session: Session, hall_id: int, key: str, value: Any) -> None:
    """Upsert one hall setting: two supervisors saving at once must not collide on the key."""
    assert key in HALL_KEYS
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = insert(HallSetting).values(hall_id=hall_id, key=key, value=json.dumps(value, ensure_ascii=False))
    session.execute(
        statement.on_conflict_do_update(
            index_elements=[HallSetting.hall_id, HallSetting.key], set_={"value": statement.excluded.value}
        )
    )
