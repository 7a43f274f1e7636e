"""The hot statements of the queue, written once as SQL: on a 2-core hall PC the ORM's
statement building cost more than the database itself (profiled: ~75% of call_next).

Each is a single conditional statement; the dialect decides the row-locking clause and
how the hall's listeners are poked (PostgreSQL NOTIFY in the same statement; SQLite a
change counter).
"""

from __future__ import annotations

from functools import cache

from sqlalchemy import Date, Integer, String, TextClause, bindparam, text

from counter_app.db.types import UtcDateTime

_RETURNING = """
RETURNING id, label, hall_id, line_id, priority, issued_at, queued_at, called_at, service_started_at,
          recall_count, visitor_name, business_date,
          (SELECT prefix FROM business_lines WHERE business_lines.id = tickets.line_id) AS line_prefix,
          (SELECT name FROM business_lines WHERE business_lines.id = tickets.line_id) AS line_name,
          (SELECT number FROM counters WHERE counters.id = :counter_id) AS counter_number
"""
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


@cache
def call_next_statement(dialect: str, ordinary_rank: int) -> TextClause:
    lock = "FOR UPDATE SKIP LOCKED" if dialect == "postgresql" else ""
    sql = f"""
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
  AND EXISTS (SELECT 1 FROM counters AS c
              WHERE c.id = :counter_id AND c.clerk_id = :clerk_id AND c.state = 'open')
  AND NOT EXISTS (SELECT 1 FROM tickets AS h
                  WHERE h.counter_id = :counter_id AND h.status IN ('called', 'serving'))
{_RETURNING}"""
    return (
        text(sql)
        .bindparams(
            bindparam("now", type_=UtcDateTime()),
            bindparam("due_limit", type_=UtcDateTime()),
            bindparam("today", type_=Date()),
        )
        .columns(**_RESULT_TYPES)
    )


@cache
def counter_move_statement(extra_assignments: str) -> TextClause:
    """Move the ticket in hand at a counter from one status to another."""
    sql = f"""
UPDATE tickets SET status = :to_status {extra_assignments}
WHERE id = :ticket_id AND counter_id = :counter_id AND status = :from_status
  AND EXISTS (SELECT 1 FROM counters AS c WHERE c.id = :counter_id AND c.clerk_id = :clerk_id)
{_RETURNING}"""
    statement = text(sql)
    if ":now" in extra_assignments:
        statement = statement.bindparams(bindparam("now", type_=UtcDateTime()))
    return statement.columns(**_RESULT_TYPES)


@cache
def event_statement(dialect: str) -> TextClause:
    insert = """
INSERT INTO ticket_events (ticket_id, hall_id, at, action, from_status, to_status, counter_id, clerk_id, detail)
VALUES (:ticket_id, :hall_id, :at, :action, :from_status, :to_status, :counter_id, :clerk_id, '')"""
    if dialect == "postgresql":
        # The poke travels in the same statement: NOTIFY is delivered at commit.
        sql = f"WITH event AS ({insert} RETURNING hall_id) SELECT pg_notify('counter_app_hall_' || hall_id, '') FROM event"
    else:
        sql = insert
    return text(sql).bindparams(bindparam("at", type_=UtcDateTime()))


SQLITE_POKE = text(
    "INSERT INTO hall_changes (hall_id, seq) VALUES (:hall_id, 1) "
    "ON CONFLICT (hall_id) DO UPDATE SET seq = hall_changes.seq + 1"
)
