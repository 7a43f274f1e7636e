"""The supervisor's hall day: the counters at a glance, closing a counter a clerk left
open, the queue settings, and the end of the business day.

Supervisors act on their own hall only; administrators on any hall (``services.access``).
The queue's own use cases (calling, transfer, the end-of-day closing itself) live in
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
from counter_app.domain.queue import ACTIVE_AT_COUNTER, OPEN_STATUSES, CounterState, TicketAction, TicketStatus, business_date, next_status
from counter_app.domain.roles import Permission
from counter_app.domain.text import clean_text
from counter_app.errors import ConflictError, NotFound, ValidationError
from counter_app.i18n import QT_TRANSLATE_NOOP, Term
from counter_app.services import queue
from counter_app.services.access import Actor, Target, audit, use_case
from counter_app.services.queue import HallChoice, poke_hall, record_ticket_event
from counter_app.services.settings import HALL_KEYS, forget_cached, get_setting, hall_settings

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


@dataclass(frozen=True)
class ForcedClose:
    counter: CounterOverview  # as it is after closing
    clerk_name: str | None  # who was signed out
    returned: tuple[str, ...]  # labels of the tickets put back into the queue
    released: tuple[str, ...]  # labels of waiting tickets that were sent to this counter only


@dataclass(frozen=True)
class DayClosed:
    hall_id: int
    hall_name: str
    day: date
    closed: int  # tickets closed


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


def _hall(session: Session, hall_id: int) -> Hall:
    hall = session.get(Hall, hall_id)
    if hall is None:
        raise NotFound(QT_TRANSLATE_NOOP("Errors", "There is no hall with id {id}."), id=hall_id)
    return hall


@use_case(Permission.SUPERVISE_HALL, QT_TRANSLATE_NOOP("Terms", "supervise a hall"))
def supervised_halls(actor: Actor) -> list[HallChoice]:
    """The halls the actor supervises: every active hall for an administrator, else their own."""
    with actor.database.reading() as session:
        return queue.actor_halls(session, actor)


# ---------------------------------------------------------------- the overview


@use_case(Permission.SUPERVISE_HALL, QT_TRANSLATE_NOOP("Terms", "supervise a hall"), Target.HALL)
def hall_day(actor: Actor, hall_id: int, now: datetime | None = None) -> HallDay:
    """Every counter of the hall with its clerk and ticket in hand, and today's counts."""
    database = actor.database
    now = now or database.now()
    with database.reading() as session:
        hall = _hall(session, hall_id)
        timezone = str(get_setting(session, "business_timezone"))
        today = business_date(now, timezone)
        # An inactive counter still shows while someone is signed in there: it may need closing.
        counters = list(
            session.scalars(
                select(Counter)
                .where(Counter.hall_id == hall_id, or_(Counter.active.is_(True), Counter.state != CounterState.CLOSED.value))
                .order_by(Counter.number)
            )
        )
        overviews = _overviews(session, counters)
        by_status = dict(
            session.execute(
                select(Ticket.status, func.count(Ticket.id))
                .where(Ticket.hall_id == hall_id, Ticket.business_date == today)
                .group_by(Ticket.status)
            ).all()
        )
        return HallDay(
            hall_id=hall.id,
            hall_code=hall.code,
            hall_name=hall.name,
            business_date=today,
            timezone=timezone,
            counters=tuple(overviews),
            lines=tuple(_line_loads(session, hall_id, today, overviews)),
            waiting=int(by_status.get(TicketStatus.WAITING.value, 0)),
            done=int(by_status.get(TicketStatus.DONE.value, 0)),
            no_shows=int(by_status.get(TicketStatus.NO_SHOW.value, 0)),
            open_tickets=_open_ticket_count(session, hall_id, today),
            read_at=now,
        )


def _overviews(session: Session, counters: list[Counter]) -> list[CounterOverview]:
    """Counters with their clerks, lines and tickets in hand: four queries, not one per counter."""
    if not counters:
        return []
    ids = [counter.id for counter in counters]
    clerks = {
        staff_id: (full_name, username)
        for staff_id, full_name, username in session.execute(
            select(Staff.id, Staff.full_name, Staff.username).where(Staff.id.in_({c.clerk_id for c in counters if c.clerk_id}))
        ).all()
    }
    prefixes: dict[int, list[str]] = {counter_id: [] for counter_id in ids}
    for counter_id, prefix in session.execute(
        select(counter_lines.c.counter_id, BusinessLine.prefix)
        .join(BusinessLine, BusinessLine.id == counter_lines.c.line_id)
        .where(counter_lines.c.counter_id.in_(ids))
        .order_by(BusinessLine.prefix)
    ).all():
        prefixes[counter_id].append(prefix)
    in_hand: dict[int, list[TicketInHand]] = {counter_id: [] for counter_id in ids}
    for at_counter, ticket, prefix, line_name in session.execute(
        select(Ticket.counter_id, Ticket, BusinessLine.prefix, BusinessLine.name)
        .join(BusinessLine, BusinessLine.id == Ticket.line_id)
        .where(Ticket.counter_id.in_(ids), Ticket.status.in_([s.value for s in ACTIVE_AT_COUNTER]))
        .order_by(Ticket.called_at, Ticket.id)
    ).all():
        assert at_counter is not None  # the query selects tickets at these counters
        in_hand[at_counter].append(
            TicketInHand(ticket.id, ticket.label, TicketStatus(ticket.status), prefix, line_name, ticket.called_at)
        )
    overviews = []
    for counter in counters:
        name, username = clerks.get(counter.clerk_id, (None, None)) if counter.clerk_id else (None, None)
        overviews.append(
            CounterOverview(
                id=counter.id,
                number=counter.number,
                name=counter.name,
                state=CounterState(counter.state),
                state_changed_at=counter.state_changed_at,
                clerk_id=counter.clerk_id,
                clerk_name=name,
                clerk_username=username,
                line_prefixes=tuple(prefixes[counter.id]),
                tickets=tuple(in_hand[counter.id]),
            )
        )
    return overviews


def _line_loads(session: Session, hall_id: int, today: date, counters: list[CounterOverview]) -> list[LineLoad]:
    waiting = dict(
        session.execute(
            select(Ticket.line_id, func.count(Ticket.id))
            .where(Ticket.hall_id == hall_id, Ticket.business_date == today, Ticket.status == TicketStatus.WAITING.value)
            .group_by(Ticket.line_id)
        ).all()
    )
    lines = session.scalars(
        select(BusinessLine).where(BusinessLine.hall_id == hall_id, BusinessLine.active.is_(True)).order_by(BusinessLine.prefix)
    )
    return [
        LineLoad(
            line.id, line.prefix, line.name, int(waiting.get(line.id, 0)),
            sum(1 for c in counters if c.state is CounterState.OPEN and line.prefix in c.line_prefixes),
        )
        for line in lines
    ]


def _open_ticket_count(session: Session, hall_id: int, day: date) -> int:
    """Exactly what ``queue.close_business_day(hall_id, day)`` would close."""
    return int(
        session.scalar(
            select(func.count(Ticket.id)).where(
                Ticket.hall_id == hall_id,
                Ticket.business_date <= day,
                Ticket.status.in_([s.value for s in OPEN_STATUSES]),
            )
        )
        or 0
    )


# ---------------------------------------------------------------- closing a counter


@use_case(Permission.SUPERVISE_HALL, QT_TRANSLATE_NOOP("Terms", "close a counter left open"), Target.COUNTER)
def force_close_counter(actor: Actor, counter_id: int, now: datetime | None = None) -> ForcedClose:
    """Close a counter a clerk left open (their PC died, they went home): the tickets in
    hand go back to the queue with their number and place, as a transfer does; waiting
    tickets sent to this counter only may be called by any counter of their line again;
    the clerk is signed out and the counter closed."""
    database = actor.database
    now = now or database.now()
    with database.transaction() as session:
        query = select(Counter).where(Counter.id == counter_id)
        if session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update()  # one supervisor at a time; SQLite holds the write lock already
        counter = session.scalars(query).one_or_none()
        if counter is None:
            raise NotFound(QT_TRANSLATE_NOOP("Errors", "There is no counter with id {id}."), id=counter_id)
        in_hand = _tickets(session, Ticket.counter_id == counter.id, Ticket.status.in_([s.value for s in ACTIVE_AT_COUNTER]))
        if counter.state == CounterState.CLOSED.value and not in_hand:
            raise ConflictError(QT_TRANSLATE_NOOP("Errors", "Counter {number} is already closed."), number=counter.number)
        clerk_id = counter.clerk_id
        clerk_name = session.scalar(select(Staff.full_name).where(Staff.id == clerk_id)) if clerk_id else None
        for ticket in in_hand:
            current = TicketStatus(ticket.status)
            target = next_status(TicketAction.TRANSFER, current)
            assert target is TicketStatus.WAITING  # every status active at a counter may be transferred
            # Back in the queue at its place (queued_at and the priority are kept); any counter
            # of its line may call it. The service at the closed counter never finished, so
            # the next counter's service starts afresh.
            ticket.status = target.value
            ticket.counter_id = None
            ticket.target_counter_id = None
            ticket.called_at = None
            ticket.last_called_at = None
            ticket.service_started_at = None
            ticket.recall_count = 0
            session.flush()
            record_ticket_event(session, ticket, TicketAction.TRANSFER, current, actor, now, counter.id, detail=FORCE_CLOSE_DETAIL)
        # Tickets transferred to this counter alone would wait for a counter nobody staffs.
        sent_here = _tickets(session, Ticket.target_counter_id == counter.id, Ticket.status == TicketStatus.WAITING.value)
        for ticket in sent_here:
            ticket.target_counter_id = None
            session.flush()
            record_ticket_event(session, ticket, TicketAction.TRANSFER, TicketStatus.WAITING, actor, now, counter.id, detail=FORCE_CLOSE_DETAIL)
        counter.state = CounterState.CLOSED.value
        counter.clerk_id = None
        counter.state_changed_at = now
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
        return ForcedClose(_overviews(session, [counter])[0], clerk_name, returned, released)


def _tickets(session: Session, *conditions: Any) -> list[Ticket]:
    query = select(Ticket).where(and_(*conditions)).order_by(Ticket.called_at, Ticket.id)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    return list(session.scalars(query))


# ---------------------------------------------------------------- queue settings


@use_case(Permission.SUPERVISE_HALL, QT_TRANSLATE_NOOP("Terms", "view the queue settings"), Target.HALL)
def queue_settings(actor: Actor, hall_id: int) -> QueueSettings:
    """The hall's queue settings (its own values, else the zone's)."""
    with actor.database.reading() as session:
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


@use_case(Permission.EDIT_HALL_SETTINGS, QT_TRANSLATE_NOOP("Terms", "change the queue settings"), Target.HALL)
def save_queue_settings(actor: Actor, hall_id: int, settings: QueueSettings) -> SavedSettings:
    """Validate and store the hall's own queue settings; its displays and counters re-read
    them. Other halls keep theirs. Bad values change nothing."""
    wanted = validate_settings(settings)
    database = actor.database
    with database.transaction() as session:
        before = _read_settings(session, hall_id)
        new_values: dict[str, Any] = {key: getattr(wanted, key) for key in EDITABLE_KEYS}
        changes = {key: [getattr(before, key), value] for key, value in new_values.items() if getattr(before, key) != value}
        if not changes:
            return SavedSettings(before, ())
        for key in changes:
            _store(session, hall_id, key, new_values[key])
        audit(session, actor, "save queue settings", target=f"hall {hall_id}", detail={"changes": changes}, hall_id=hall_id)
        poke_hall(session, hall_id)  # its displays re-read notice and repeat
    forget_cached(database, EDITABLE_KEYS)  # this process at once; others within the cache time
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


# ---------------------------------------------------------------- end of the business day


@use_case(Permission.SUPERVISE_HALL, QT_TRANSLATE_NOOP("Terms", "close the business day"), Target.HALL)
def open_ticket_count(actor: Actor, hall_id: int, day: date) -> int:
    """How many tickets closing ``day`` would close, to show before asking to confirm."""
    with actor.database.reading() as session:
        _hall(session, hall_id)
        return _open_ticket_count(session, hall_id, day)


@use_case(Permission.SUPERVISE_HALL, QT_TRANSLATE_NOOP("Terms", "close the business day"), Target.HALL)
def close_day(actor: Actor, hall_id: int, reason: str, day: date | None = None, now: datetime | None = None) -> DayClosed:
    """Close every open ticket of the hall up to ``day`` (default: today) with the reason;
    says how many (``queue.close_business_day`` checks the day)."""
    now = now or actor.database.now()
    with actor.database.reading() as session:
        hall_name = _hall(session, hall_id).name
        day = day or business_date(now, str(get_setting(session, "business_timezone")))
    return DayClosed(hall_id, hall_name, day, queue.close_business_day(actor, hall_id, day, reason, now=now))
