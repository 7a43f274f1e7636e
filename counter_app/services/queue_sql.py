"""The hot moves of the queue (call next; start, finish, hold, resume, no-show), written
once as SQL: on a 2-core hall PC the ORM's statement building cost more than the database
itself (profiled: ~75% of call_next).

A move is a conditional UPDATE of one ticket, its event row and the hall's poke:
- PostgreSQL: all three in ONE statement (data-modifying CTEs, ``pg_notify`` delivered at
  commit), run in autocommit: one round trip where a transaction would need four
  (BEGIN, UPDATE, INSERT, COMMIT). A single statement is atomic on its own.
- SQLite: the same steps as a few statements inside the caller's ``BEGIN IMMEDIATE``
  transaction (in-process, so statements cost no round trip); the poke is the hall's
  change counter.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Connection, Date, Integer, Row, String, TextClause, bindparam, text

from counter_app.db.types import UtcDateTime

_COLUMNS = """tickets.id, tickets.label, tickets.hall_id, tickets.line_id, tickets.priority, tickets.issued_at,
          tickets.queued_at, tickets.called_at, tickets.service_started_at, tickets.recall_count,
          tickets.visitor_name, tickets.business_date,
          (SELECT prefix FROM business_lines WHERE business_lines.id = tickets.line_id) AS line_prefix,
          (SELECT name FROM business_lines WHERE business_lines.id = tickets.line_id) AS line_name,
          (SELECT number FROM counters WHERE counters.id = :counter_id) AS counter_number"""
_RESULT_TYPES = {
    "id": Integer,
    "label": String,
    "hall_id": Integer,
    "line_id": Integer,
    "priority": String,
    "issued_at": UtcDateTime,
    "queued_at": UtcDateTime,
    "called_at": UtcDateTime,
    "service_started_at": UtcDateTime,
    "recall_count": Integer,
    "visitor_name": String,
    "business_date": Date,
    "line_prefix": String,
    "line_name": String,
    "counter_number": Integer,
}
_CLERK_HOLDS_COUNTER = "EXISTS (SELECT 1 FROM counters AS c WHERE c.id = :counter_id AND c.clerk_id = :clerk_id{open})"
_EVENT_COLUMNS = "ticket_id, hall_id, at, action, from_status, to_status, counter_id, clerk_id, detail"
_SQLITE_EVENT = text(
    f"INSERT INTO ticket_events ({_EVENT_COLUMNS}) "
    "VALUES (:ticket_id, :hall_id, :now, :action, :from_status, :to_status, :counter_id, :clerk_id, '')"
).bindparams(bindparam("now", type_=UtcDateTime()))
SQLITE_POKE = text(
    "INSERT INTO hall_changes (hall_id, seq) VALUES (:hall_id, 1) "
    "ON CONFLICT (hall_id) DO UPDATE SET seq = hall_changes.seq + 1"
)


def _typed(sql: str) -> TextClause:
    statement = text(sql)
    for name, type_ in (("now", UtcDateTime()), ("due_limit", UtcDateTime()), ("today", Date())):
        if f":{name}" in sql:
            statement = statement.bindparams(bindparam(name, type_=type_))
    return statement


@dataclass(frozen=True)
class Move:
    """One hot move, ready to run on a connection from ``Database.atomic_statement()``.

    Parameters: ``counter_id``, ``clerk_id``, ``now``, ``action``, ``to_status``, and what
    the move's own WHERE clause needs (``ticket_id``; call next: ``today``, ``due_limit``).
    """

    dialect: str
    statement: TextClause  # PostgreSQL: everything; SQLite: the UPDATE only
    source_query: TextClause | None  # SQLite: reads the status being left (None: fixed)
    fixed_source: str | None

    def run(self, connection: Connection, params: dict[str, Any]) -> Row[Any] | None:
        """The moved ticket (``from_status`` among its columns), or None if nothing moved."""
        if self.dialect == "postgresql":
            return connection.execute(self.statement, params).first()
        source = self.fixed_source
        if self.source_query is not None:
            source = connection.execute(self.source_query, params).scalar()
            if source is None:
                return None
        params = {**params, "from_status": source}
        row = connection.execute(self.statement, params).first()
        if row is None:
            return None
        connection.execute(_SQLITE_EVENT, {**params, "ticket_id": row.id, "hall_id": row.hall_id})
        connection.execute(SQLITE_POKE, {"hall_id": row.hall_id})
        return row


def _move(dialect: str, update: str, source_sql: str, sqlite_source_query: str | None, fixed_source: str | None) -> Move:
    """``update`` is an UPDATE without RETURNING; ``source_sql`` the status it leaves, as
    an SQL expression valid in its RETURNING on PostgreSQL."""
    if dialect == "postgresql":
        sql = f"""
WITH moved AS ({update}
    RETURNING {_COLUMNS}, {source_sql} AS from_status),
event AS (
    INSERT INTO ticket_events ({_EVENT_COLUMNS})
    SELECT id, hall_id, :now, :action, from_status, :to_status, :counter_id, :clerk_id, '' FROM moved)
SELECT moved.*, pg_notify('counter_app_hall_' || moved.hall_id, '') AS poked FROM moved"""
        return Move(dialect, _typed(sql).columns(**_RESULT_TYPES, from_status=String), None, None)
    sql = f"{update}\nRETURNING {_COLUMNS}, :from_status AS from_status"
    source_query = _typed(sqlite_source_query) if sqlite_source_query else None
    return Move(dialect, _typed(sql).columns(**_RESULT_TYPES, from_status=String), source_query, fixed_source)


@cache
def call_next(dialect: str, ordinary_rank: int) -> Move:
    """The longest-waiting eligible ticket of the counter's lines, priority first
    (appointments only once due), if the clerk holds the open counter with no ticket in hand."""
    lock = "FOR UPDATE SKIP LOCKED" if dialect == "postgresql" else ""
    update = f"""
UPDATE tickets
SET status = 'called', counter_id = :counter_id, clerk_id = :clerk_id, called_at = :now,
    recall_count = 0, target_counter_id = NULL
WHERE id = (
    SELECT t.id FROM tickets AS t
    WHERE t.business_date = :today AND t.status = 'waiting'
      AND t.hall_id = (SELECT hall_id FROM counters WHERE id = :counter_id)
      AND t.line_id IN (SELECT line_id FROM counter_lines WHERE counter_id = :counter_id)
      AND (t.target_counter_id IS NULL OR t.target_counter_id = :counter_id)
    ORDER BY CASE WHEN t.priority = 'appointment' AND t.appointment_at > :due_limit
                  THEN {ordinary_rank} ELSE t.priority_rank END,
             t.queued_at, t.id
    LIMIT 1 {lock})
  AND status = 'waiting'
  AND {_CLERK_HOLDS_COUNTER.format(open=" AND c.state = 'open'")}
  AND NOT EXISTS (SELECT 1 FROM tickets AS h
                  WHERE h.counter_id = :counter_id AND h.status IN ('called', 'serving'))"""
    return _move(dialect, update, "'waiting'", None, "waiting")


@cache
def counter_move(dialect: str, sources: tuple[str, ...], extra_assignments: str) -> Move:
    """Move the ticket in hand at a counter, from any of ``sources``, to ``:to_status``."""
    allowed = ", ".join(f"'{source}'" for source in sources)
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
