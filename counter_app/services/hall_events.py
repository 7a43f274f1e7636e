"""The one place a ticket event is recorded and a hall's listeners are poked.

Both paths of the queue use it: the use cases on a session (``record_ticket_event``,
``poke_hall``) and the hot moves written as SQL (``EVENT_COLUMNS``, ``sqlite_event``,
``sqlite_poke``, ``postgresql_notify``), so the event row and the poke are written once.

A poke carries its origin: on PostgreSQL the NOTIFY payload is the origin token of the
``Database`` that made the change; on SQLite the change counter's new value is kept by
that ``Database``. A hall watcher of the same ``Database`` can then skip the refresh its
own screen's change would trigger (the screen already shows the change), while every
other change still reaches it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select, text
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session

from counter_app.db.engine import Database
from counter_app.db.models import HallChange, Ticket, TicketEvent, table_of
from counter_app.domain.queue import TicketAction, TicketStatus
from counter_app.services.access import Actor

HALL_CHANNEL_PREFIX = "counter_app_hall_"  # + hall id: the PostgreSQL channel a hall's listeners LISTEN on
EVENT_COLUMNS = ("ticket_id", "hall_id", "at", "action", "from_status", "to_status", "counter_id", "clerk_id", "detail")


def hall_channel(hall_id: int) -> str:
    return f"{HALL_CHANNEL_PREFIX}{hall_id}"


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
    """The event of ``ticket``'s move, in the use case's transaction. An inline INSERT (no
    RETURNING, no key fetched first): a kiosk adds events without reading them back."""
    session.execute(
        insert(table_of(TicketEvent)).inline().values(
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


def poke_hall(session: Session, hall_id: int) -> None:
    """Tell the hall's listeners, at commit, that its queue changed (and who changed it)."""
    database: Database | None = session.info.get("database")
    if session.get_bind().dialect.name == "postgresql":
        origin = database.origin if database is not None else ""
        session.execute(text("SELECT pg_notify(:channel, :origin)"), {"channel": hall_channel(hall_id), "origin": origin})
        return
    statement = sqlite.insert(HallChange).values(hall_id=hall_id, seq=1)
    seq = session.execute(
        statement.on_conflict_do_update(index_elements=[HallChange.hall_id], set_={"seq": HallChange.seq + 1})
        .returning(HallChange.seq)
    ).scalar_one()
    if database is not None:
        database.note_own_poke(hall_id, int(seq))


def hall_change_marker(database: Database, hall_id: int) -> int:
    """The SQLite change counter of a hall, polled by watchers (one primary-key read)."""
    with database.reading() as session:
        return int(session.scalar(select(HallChange.seq).where(HallChange.hall_id == hall_id)) or 0)


# ---------------------------------------------------------------- the same, as SQL for the hot moves


def sqlite_event(from_status_sql: str = ":from_status") -> str:
    """SQLite: the event of a moved ticket (named parameters of the move)."""
    return (
        f"INSERT INTO ticket_events ({', '.join(EVENT_COLUMNS)}) "
        f"VALUES (:ticket_id, :hall_id, :now, :action, {from_status_sql}, :to_status, :counter_id, :clerk_id, '')"
    )


SQLITE_POKE = (
    "INSERT INTO hall_changes (hall_id, seq) VALUES (:hall_id, 1) "
    "ON CONFLICT (hall_id) DO UPDATE SET seq = hall_changes.seq + 1 RETURNING seq"
)


def postgresql_event_from(moved: str) -> str:
    """PostgreSQL: the event rows of the tickets in CTE ``moved`` (with ``from_status``)."""
    return (
        f"INSERT INTO ticket_events ({', '.join(EVENT_COLUMNS)}) "
        f"SELECT id, hall_id, :now, :action, from_status, :to_status, :counter_id, :clerk_id, '' FROM {moved}"
    )


def postgresql_notify(hall_id_sql: str) -> str:
    """PostgreSQL: the poke of a hall, delivered at commit, with the mover's origin."""
    return f"pg_notify('{HALL_CHANNEL_PREFIX}' || {hall_id_sql}, :origin)"
