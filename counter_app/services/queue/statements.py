"""The hot moves of the queue (call next; start, finish, hold, resume, no-show), written
once as SQL and run at the driver level (``exec_driver_sql``: no statement compiling, no
result-type matching; the few dates are converted here): on a 2-core hall PC the ORM's
statement building cost more than the database itself (profiled: ~75% of call_next), and
on SQLite every microsecond spent inside the write transaction holds up the other writers.

A move is a conditional UPDATE of one ticket, its event row and the hall's poke:
- PostgreSQL: all three in ONE statement (data-modifying CTEs, ``pg_notify`` delivered at
  commit), run in autocommit (``Database.run_statement``): one round trip where a
  transaction would need four (BEGIN, UPDATE, INSERT, COMMIT). A single statement is
  atomic on its own.
- SQLite: the same steps as a few statements in one ``BEGIN IMMEDIATE`` transaction
  (in-process, so statements cost no round trip); the poke is the hall's change counter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy.exc import DBAPIError

from counter_app.db.engine import Database
from counter_app.domain.queue import ACTIVE_AT_COUNTER, CounterState, TicketPriority, TicketStatus
from counter_app.domain.roles import Permission, roles_with
from counter_app.services import hall_events

_COLUMNS = """tickets.id, tickets.label, tickets.hall_id, tickets.line_id, tickets.priority, tickets.issued_at,
          tickets.queued_at, tickets.called_at, tickets.last_called_at, tickets.service_started_at, tickets.recall_count,
          tickets.visitor_name_masked, tickets.business_date, tickets.visitor_name, tickets.appointment_at,
          (SELECT prefix FROM business_lines WHERE business_lines.id = tickets.line_id) AS line_prefix,
          (SELECT name FROM business_lines WHERE business_lines.id = tickets.line_id) AS line_name,
          (SELECT number FROM counters WHERE counters.id = :counter_id) AS counter_number"""
_NAMED_PARAMETER = re.compile(r"(?<![:\w]):(\w+)")


def _sql(value: Enum) -> str:
    """An enum's stored value as an SQL literal: the statements are built from the domain."""
    return f"'{value.value}'"


def _sql_list(values: Iterable[Enum]) -> str:
    return ", ".join(_sql(value) for value in values)


WAITING = _sql(TicketStatus.WAITING)
# The tickets a counter may hold one of (a held ticket waits aside: one may be called meanwhile).
IN_HAND = tuple(status for status in ACTIVE_AT_COUNTER if status is not TicketStatus.HELD)
# The clerk's account is active, may serve at counters, works in the counter's hall, and
# holds the counter: checked inside the move itself, so a disabled or demoted account
# stops at its next key press (and, on PostgreSQL, the server checks it once more).
_SERVING_ROLES = _sql_list(sorted(roles_with(Permission.SERVE_AT_COUNTER), key=lambda role: role.value))
_CLERK_HOLDS_COUNTER = f"""EXISTS (SELECT 1 FROM counters AS c JOIN staff AS s ON s.id = c.clerk_id
                  WHERE c.id = :counter_id AND c.clerk_id = :clerk_id AND s.active AND NOT s.must_change_password
                    AND s.role IN ({_SERVING_ROLES}) AND s.hall_id = c.hall_id{{open}})"""
ONE_IN_HAND_INDEX = "uq_tickets_one_in_hand_per_counter"
INSUFFICIENT_PRIVILEGE = "42501"
UNIQUE_VIOLATION = "23505"


class AlreadyInHand(Exception):
    """The move would give a counter a second ticket called or being served (the partial
    unique index refused it: two PCs of one clerk at the same instant)."""


def is_one_in_hand_violation(error: BaseException | None) -> bool:
    """Whether a driver error is the one-ticket-in-hand index refusing a row."""
    if error is None:
        return False
    if getattr(error, "sqlstate", None) == UNIQUE_VIOLATION:
        return getattr(getattr(error, "diag", None), "constraint_name", None) == ONE_IN_HAND_INDEX
    return "UNIQUE constraint failed: tickets.counter_id" in str(error)  # SQLite names the columns


class MovedTicket(NamedTuple):
    """The ticket as the move left it (columns in the order of ``_COLUMNS``)."""

    id: int
    label: str
    hall_id: int
    line_id: int
    priority: str
    issued_at: datetime
    queued_at: datetime
    called_at: datetime | None
    last_called_at: datetime | None
    service_started_at: datetime | None
    recall_count: int
    visitor_name_masked: str | None
    business_date: date
    visitor_name: str | None  # for the clerk serving the visitor only
    appointment_at: datetime | None
    line_prefix: str
    line_name: str
    counter_number: int | None
    from_status: str


_DATETIME_FIELDS = tuple(
    MovedTicket._fields.index(name)
    for name in ("issued_at", "queued_at", "called_at", "last_called_at", "service_started_at", "appointment_at")
)
_DATE_FIELD = MovedTicket._fields.index("business_date")


def _sqlite_value(value: Any) -> Any:
    """A parameter as SQLAlchemy stores it on SQLite (naive UTC text; ISO dates), so that
    the statements compare like with like."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _moved(dialect: str, row: Any) -> MovedTicket:
    values = list(row[: len(MovedTicket._fields)])
    for index in _DATETIME_FIELDS:
        value = values[index]
        if value is None:
            continue
        if dialect == "postgresql":  # timestamptz, in the session's zone
            values[index] = value.astimezone(UTC)
        else:
            values[index] = datetime.fromisoformat(value).replace(tzinfo=UTC)
    if dialect != "postgresql":
        values[_DATE_FIELD] = date.fromisoformat(values[_DATE_FIELD])
    return MovedTicket(*values)


@dataclass(frozen=True)
class Move:
    """One hot move, ready to run against a database.

    Parameters: ``counter_id``, ``clerk_id``, ``now``, ``action``, ``to_status``, and what
    the move's own WHERE clause needs (``ticket_id``; call next: ``today``, ``due_limit``).
    """

    dialect: str
    statement: str  # in the driver's parameter style; PostgreSQL: everything; SQLite: the UPDATE
    source_query: str | None  # SQLite: reads the status being left (None: fixed)
    fixed_source: str | None

    def run(self, database: Database, params: dict[str, Any]) -> MovedTicket | None:
        """The moved ticket, or None if nothing moved."""
        try:
            return self._run(database, params)
        except DBAPIError as error:  # SQLite's errors come wrapped by SQLAlchemy
            if is_one_in_hand_violation(error.orig):
                raise AlreadyInHand from None
            raise
        except Exception as error:  # psycopg's, from the kept connection
            if is_one_in_hand_violation(error):
                raise AlreadyInHand from None
            if getattr(error, "sqlstate", None) == INSUFFICIENT_PRIVILEGE:
                # The server no longer lets this login do it (demoted meanwhile): nothing
                # moved; the caller's explanation says why.
                return None
            raise

    def _run(self, database: Database, params: dict[str, Any]) -> MovedTicket | None:
        if self.dialect == "postgresql":
            # A second run after a lost connection is harmless: if the first committed, the
            # move's conditions (ticket in hand, status) no longer hold and it changes nothing.
            row = database.run_statement(self.statement, params, retry_if_lost=True)
            return _moved(self.dialect, row) if row is not None else None
        params = {name: _sqlite_value(value) for name, value in params.items()}
        with database.core_transaction() as connection:
            source = self.fixed_source
            if self.source_query is not None:
                source = connection.exec_driver_sql(self.source_query, params).scalar()
                if source is None:
                    return None
            params["from_status"] = source
            changed = connection.exec_driver_sql(self.statement, params).first()
            if changed is None:
                return None
            moved = _moved(self.dialect, changed)
            connection.exec_driver_sql(hall_events.sqlite_event(), {**params, "ticket_id": moved.id, "hall_id": moved.hall_id})
            marker = connection.exec_driver_sql(hall_events.SQLITE_POKE, {"hall_id": moved.hall_id}).scalar_one()
        database.note_own_poke(moved.hall_id, int(marker))
        return moved


def _move(dialect: str, update: str, source_sql: str, sqlite_source_query: str | None, fixed_source: str | None) -> Move:
    """``update`` is an UPDATE without RETURNING; ``source_sql`` the status it leaves, as
    an SQL expression valid in its RETURNING on PostgreSQL."""
    if dialect == "postgresql":
        sql = f"""
WITH moved AS ({update}
    RETURNING {_COLUMNS}, {source_sql} AS from_status),
event AS ({hall_events.postgresql_event_from("moved")})
SELECT moved.*, {hall_events.postgresql_notify("moved.hall_id")} AS poked FROM moved"""
        return Move(dialect, _NAMED_PARAMETER.sub(r"%(\1)s", sql), None, None)  # psycopg's style
    sql = f"{update}\nRETURNING {_COLUMNS}, :from_status AS from_status"
    return Move(dialect, sql, sqlite_source_query, fixed_source)  # sqlite3 takes :name as it is


@cache
def call_next(dialect: str, ordinary_rank: int, appointment_rank: int) -> Move:
    """The longest-waiting eligible ticket of the counter's lines, priority first
    (appointments only once due), if the clerk holds the open counter with no ticket in hand.

    The choice takes the first ticket of two walks along ``ix_tickets_call_order``, each in
    its own order and stopped at the first ticket the counter may take: every ticket by its
    rank, but for appointments not yet due, which count as ordinary tickets by their queue
    time. Ordering by a computed rank instead would sort the day's whole queue on every call.
    On PostgreSQL each walk skips tickets other counters are taking (SKIP LOCKED); the one of
    the two not taken stays locked until this statement ends, a millisecond.
    """
    lock = "FOR UPDATE SKIP LOCKED" if dialect == "postgresql" else ""
    # Lock the counter row: a supervisor closing the counter meanwhile makes the call wait,
    # then see the counter closed (SQLite's BEGIN IMMEDIATE serialises them anyway).
    counter_lock = " FOR UPDATE OF c" if dialect == "postgresql" else ""
    eligible = f"""t.hall_id = (SELECT hall_id FROM counters WHERE id = :counter_id)
              AND t.business_date = :today AND t.status = {WAITING}
              AND t.line_id IN (SELECT line_id FROM counter_lines WHERE counter_id = :counter_id)
              AND (t.target_counter_id IS NULL OR t.target_counter_id = :counter_id)"""
    appointment_not_due = f"t.priority = {_sql(TicketPriority.APPOINTMENT)} AND t.appointment_at > :due_limit"
    update = f"""
UPDATE tickets
SET status = {_sql(TicketStatus.CALLED)}, counter_id = :counter_id, clerk_id = :clerk_id, called_at = :now,
    last_called_at = :now, recall_count = 0, target_counter_id = NULL
WHERE id = (
    SELECT id FROM (
        SELECT * FROM (
            SELECT t.id, t.priority_rank AS call_rank, t.queued_at FROM tickets AS t
            WHERE {eligible} AND NOT ({appointment_not_due})
            ORDER BY t.priority_rank, t.queued_at, t.id LIMIT 1 {lock}) AS by_rank
        UNION ALL
        SELECT * FROM (
            SELECT t.id, {ordinary_rank} AS call_rank, t.queued_at FROM tickets AS t
            WHERE {eligible} AND t.priority_rank = {appointment_rank} AND {appointment_not_due}
            ORDER BY t.queued_at, t.id LIMIT 1 {lock}) AS early_appointments
    ) AS candidates
    ORDER BY call_rank, queued_at, id LIMIT 1)
  AND status = {WAITING}
  AND {_CLERK_HOLDS_COUNTER.format(open=f" AND c.state = {_sql(CounterState.OPEN)}" + counter_lock)}
  AND NOT EXISTS (SELECT 1 FROM tickets AS h
                  WHERE h.counter_id = :counter_id AND h.status IN ({_sql_list(IN_HAND)}))"""
    return _move(dialect, update, WAITING, None, TicketStatus.WAITING.value)


@cache
def counter_move(dialect: str, sources: tuple[str, ...], extra_assignments: str) -> Move:
    """Move the ticket in hand at a counter, from any of ``sources``, to ``:to_status``."""
    allowed = _sql_list(TicketStatus(source) for source in sources)
    if dialect == "postgresql":
        # The status left is read from the row locked before the update: the standard way to
        # return pre-update values in PostgreSQL, race-free thanks to FOR UPDATE.
        update = f"""
UPDATE tickets SET status = :to_status {extra_assignments}
FROM (SELECT id, status FROM tickets WHERE id = :ticket_id FOR UPDATE) AS before
WHERE tickets.id = before.id AND tickets.counter_id = :counter_id AND tickets.status IN ({allowed})
  AND {_CLERK_HOLDS_COUNTER.format(open="")}"""
        return _move(dialect, update, "before.status", None, None)
    update = f"""
UPDATE tickets SET status = :to_status {extra_assignments}
WHERE id = :ticket_id AND counter_id = :counter_id AND status = :from_status
  AND {_CLERK_HOLDS_COUNTER.format(open="")}"""
    source_query = f"SELECT status FROM tickets WHERE id = :ticket_id AND counter_id = :counter_id AND status IN ({allowed})"
    return _move(dialect, update, "", source_query, None)
