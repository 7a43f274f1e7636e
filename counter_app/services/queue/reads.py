"""What the clerk's panel and the hall display show, each read in as few statements as the
screens refresh often: the panel in three (the policy's check, the counter with its lines
and settings, the tickets), the display in one snapshot."""

from __future__ import annotations

import functools
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, and_, bindparam, func, literal, or_, select, union_all
from sqlalchemy.orm import Session, aliased

from counter_app.db.engine import Database
from counter_app.db.models import BusinessLine, Counter, Hall, Staff, Ticket, TicketEvent, counter_lines, table_of
from counter_app.domain.queue import (
    ACTIVE_AT_COUNTER,
    ANNOUNCED_BY,
    CounterState,
    TicketStatus,
    appointment_due_limit,
    business_date,
    business_day_start,
)
from counter_app.domain.roles import Permission
from counter_app.errors import NotFound
from counter_app.i18n import QT_TRANSLATE_NOOP
from counter_app.services.access import IN_USE_CASE, Actor, Target, Transaction, use_case
from counter_app.services.queue.common import call_order, in_statuses, line_infos, ticket_view
from counter_app.services.queue.views import (
    CallView,
    ClerkFigures,
    CounterInfo,
    CounterPanel,
    DisplayState,
    LineInfo,
    TicketView,
)
from counter_app.services.settings import setting_columns, setting_values

WAITING_SHOWN = 200  # the panel lists this many waiting tickets (the counts are exact)
NO_SHOWS_SHOWN = 50
_PANEL_SETTINGS = ("business_timezone", "recall_cooldown_seconds", "recall_max")
_DISPLAY_SETTINGS = ("business_timezone", "display_notice", "display_repeat")


@use_case(Permission.VIEW_COUNTER, QT_TRANSLATE_NOOP("Terms", "view a counter"), Target.COUNTER)
def counter_panel(
    actor: Actor, counter_id: int, now: datetime | None = None, *, session: Session = IN_USE_CASE
) -> CounterPanel:
    """Everything the clerk's panel shows; after a crash it brings back the current ticket.
    Two statements after the policy's check: the counter, then its tickets."""
    now = now or actor.database.now()
    closer = aliased(Staff)
    header = session.execute(
        select(
            Counter, Staff.full_name.label("clerk_name"), closer.full_name.label("closer_name"),
            BusinessLine, *setting_columns(_PANEL_SETTINGS, Counter.hall_id),
        )
        .outerjoin(Staff, Staff.id == Counter.clerk_id)
        .outerjoin(closer, closer.id == Counter.state_changed_by)
        .outerjoin(counter_lines, counter_lines.c.counter_id == Counter.id)
        .outerjoin(BusinessLine, and_(BusinessLine.id == counter_lines.c.line_id, BusinessLine.active.is_(True)))
        .where(Counter.id == counter_id)
        .order_by(BusinessLine.prefix)
    ).all()
    if not header:
        raise NotFound(QT_TRANSLATE_NOOP("Errors", "There is no counter with id {id}."), id=counter_id)
    counter: Counter = header[0].Counter
    settings = setting_values(header[0], _PANEL_SETTINGS)
    lines = [row.BusinessLine for row in header if row.BusinessLine is not None]
    today = business_date(now, str(settings["business_timezone"]))
    kinds = _panel_tickets(session, actor, counter, [line.id for line in lines], today, now)
    waiting_by_line = {row.line_id: row.line_waiting for row in kinds["waiting"]}
    info = CounterInfo(
        counter.id, counter.hall_id, counter.number, counter.name, CounterState(counter.state), counter.clerk_id,
        header[0].clerk_name if counter.clerk_id else None, tuple(sorted(line.id for line in lines)),
    )
    closed_by = header[0].closer_name
    return CounterPanel(
        counter=info,
        lines=tuple(
            LineInfo(
                line.id, line.prefix, line.name, line.description, line.daily_cap, waiting_by_line.get(line.id, 0),
                line.accepts_appointments, line.accepts_priority, line.accepts_green_channel,
            )
            for line in lines
        ),
        current=tuple(_view(row, full_name=True) for row in kinds["current"]),
        waiting=tuple(_view(row) for row in kinds["waiting"]),
        no_shows=tuple(_view(row) for row in kinds["no_show"]),
        figures=_clerk_figures(kinds["done"]),
        recall_cooldown_seconds=int(settings["recall_cooldown_seconds"]),
        recall_max=int(settings["recall_max"]),
        closed_by=closed_by if counter.state_changed_by not in (None, actor.staff_id) else None,
    )


@functools.cache
def _panel_tickets_query() -> Any:
    """The panel's ticket statement, built once (it is read on every change of the hall;
    building it costs more than running it); its values are bound parameters."""
    columns = (
        *table_of(Ticket).c,
        BusinessLine.prefix.label("line_prefix"),
        BusinessLine.name.label("line_name"),
        Counter.number.label("counter_number"),
    )

    def branch(kind: str, order: Any, limit: int | None, *conditions: Any, line_waiting: Any = None) -> Select[Any]:
        inner = (
            select(
                *columns,
                literal(kind).label("kind"),
                func.row_number().over(order_by=order).label("position"),
                (line_waiting if line_waiting is not None else literal(0)).label("line_waiting"),
            )
            .join(BusinessLine, BusinessLine.id == Ticket.line_id)
            .outerjoin(Counter, Counter.id == Ticket.counter_id)
            .where(*conditions)
            .subquery(kind)
        )
        outer = select(inner)
        return outer.where(inner.c.position <= limit) if limit is not None else outer

    today = bindparam("today", type_=Ticket.business_date.type)
    of_lines_today = (
        Ticket.hall_id == bindparam("hall_id"), Ticket.business_date == today,
        Ticket.line_id.in_(bindparam("line_ids", expanding=True)),
    )
    counter_id: Any = bindparam("counter_id")
    return union_all(
        branch("current", Ticket.called_at, None, Ticket.counter_id == counter_id, Ticket.status.in_(in_statuses(ACTIVE_AT_COUNTER))),
        branch(
            "waiting", call_order(bindparam("due_limit", type_=Ticket.appointment_at.type)), WAITING_SHOWN, *of_lines_today,
            Ticket.status == TicketStatus.WAITING.value,
            or_(Ticket.target_counter_id.is_(None), Ticket.target_counter_id == counter_id),
            line_waiting=func.count().over(partition_by=Ticket.line_id),
        ),
        branch("no_show", Ticket.called_at.desc(), NO_SHOWS_SHOWN, *of_lines_today, Ticket.status == TicketStatus.NO_SHOW.value),
        branch(
            "done", Ticket.id, None, Ticket.clerk_id == bindparam("staff_id"), Ticket.business_date == today,
            Ticket.status == TicketStatus.DONE.value,
        ),
    )


def _panel_tickets(
    session: Session, actor: Actor, counter: Counter, line_ids: list[int], today: date, now: datetime
) -> dict[str, list[Any]]:
    """The counter's tickets in one statement: in hand, waiting (in call order, with each
    line's count), today's no-shows, and what the clerk finished today (for the figures)."""
    values = {
        "counter_id": counter.id, "hall_id": counter.hall_id, "today": today, "line_ids": line_ids,
        "staff_id": actor.staff_id, "due_limit": appointment_due_limit(now),
    }
    kinds: dict[str, list[Any]] = {"current": [], "waiting": [], "no_show": [], "done": []}
    for row in session.execute(_panel_tickets_query(), values):
        kinds[row.kind].append(row)
    for rows in kinds.values():
        rows.sort(key=lambda row: row.position)
    return kinds


def _view(row: Any, *, full_name: bool = False) -> TicketView:
    return ticket_view(row, row.line_prefix, row.line_name, row.counter_number, full_name=full_name)


def _clerk_figures(done: list[Any]) -> ClerkFigures:
    waits = [(row.called_at - row.issued_at).total_seconds() for row in done if row.called_at]
    services = [
        (row.finished_at - row.service_started_at).total_seconds() for row in done if row.service_started_at and row.finished_at
    ]
    return ClerkFigures(
        served_today=len(done),
        average_wait_seconds=sum(waits) / len(waits) if waits else None,
        average_service_seconds=sum(services) / len(services) if services else None,
    )


@use_case(
    Permission.VIEW_DISPLAY, QT_TRANSLATE_NOOP("Terms", "view the hall display"), Target.HALL,
    transaction=Transaction.SNAPSHOT,
)
def display_state(
    actor: Actor, hall_id: int, recent: int = 10, now: datetime | None = None, *, session: Session = IN_USE_CASE
) -> DisplayState:
    """What the hall display shows: current calls, the last calls (a no-show or a ticket
    sent on since is still listed, so a visitor who returns sees their number was called),
    waiting counts per line. It reads no personal data: only the masked name stored with
    the ticket. One snapshot: a call committed between two of its reads would otherwise
    show as recent but not current, and never be announced."""
    now = now or actor.database.now()
    header = session.execute(select(Hall.id, Hall.name, *setting_columns(_DISPLAY_SETTINGS, Hall.id)).where(Hall.id == hall_id)).first()
    if header is None:
        raise NotFound(QT_TRANSLATE_NOOP("Errors", "There is no hall with id {id}."), id=hall_id)
    settings = setting_values(header, _DISPLAY_SETTINGS)
    timezone = str(settings["business_timezone"])
    today = business_date(now, timezone)
    calls = (
        select(
            Ticket.id, Ticket.label, Counter.number, Ticket.last_called_at, Ticket.recall_count,
            Ticket.visitor_name_masked, Ticket.status,
        )
        .join(Counter, Counter.id == Ticket.counter_id)
        .where(
            Ticket.hall_id == hall_id, Ticket.business_date == today, Ticket.last_called_at.is_not(None),
            Ticket.status == TicketStatus.CALLED.value,
        )
        .order_by(Ticket.last_called_at.desc(), Ticket.id.desc())
    )
    # Every ticket still called, however many calls came after it: it is still expected.
    current = tuple(
        CallView(ticket_id, label, number, called_at, recalls, masked or "", TicketStatus(status))
        for ticket_id, label, number, called_at, recalls, masked, status in session.execute(calls)
    )
    return DisplayState(
        hall_id=header.id,
        hall_name=header.name,
        current_calls=current,
        recent_calls=_recent_calls(session, hall_id, business_day_start(today, timezone), recent),
        waiting_by_line=tuple((line.prefix, line.name, line.waiting) for line in line_infos(session, hall_id, today)),
        notice=str(settings["display_notice"]),
        repeat=int(settings["display_repeat"]),
        read_at=now,
        timezone=timezone,
    )


# The recent calls are found among this many of the newest call events per call shown: a
# ticket has at most 1 + recall_max of them per call, so 20 per call shown finds every one.
EVENTS_SCANNED_PER_RECENT_CALL = 20


def _recent_calls(session: Session, hall_id: int, since: datetime, recent: int) -> tuple[CallView, ...]:
    """The latest call of each ticket called today, newest first, from the call events: a
    ticket transferred or sent back since keeps the counter that called it. Only the
    newest events are read (``ix_ticket_events_hall_at``, backwards): a day of ten
    thousand calls costs what a quiet one does."""
    newest = (
        select(TicketEvent.id, TicketEvent.ticket_id, TicketEvent.counter_id, TicketEvent.at)
        .where(
            TicketEvent.hall_id == hall_id, TicketEvent.at >= since,
            TicketEvent.action.in_([action.value for action in ANNOUNCED_BY]),
        )
        .order_by(TicketEvent.at.desc(), TicketEvent.id.desc())
        .limit(recent * EVENTS_SCANNED_PER_RECENT_CALL)
        .subquery("newest")
    )
    latest = select(
        newest.c.ticket_id, newest.c.counter_id, newest.c.at,
        func.row_number().over(partition_by=newest.c.ticket_id, order_by=newest.c.id.desc()).label("nth"),
    ).subquery("latest")
    rows = session.execute(
        select(
            Ticket.id, Ticket.label, Counter.number, latest.c.at, Ticket.recall_count, Ticket.visitor_name_masked,
            Ticket.status,
        )
        .join(Ticket, Ticket.id == latest.c.ticket_id)
        .join(Counter, Counter.id == latest.c.counter_id)
        .where(latest.c.nth == 1)
        .order_by(latest.c.at.desc(), Ticket.id.desc())
        .limit(recent)
    )
    return tuple(
        CallView(ticket_id, label, number, called_at, recalls, masked or "", TicketStatus(status))
        for ticket_id, label, number, called_at, recalls, masked, status in rows
    )


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
