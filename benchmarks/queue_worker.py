"""One counter of a benchmark load (see queue_bench.py)."""

from __future__ import annotations

import json
import sqlite3
import sys
import time
from datetime import datetime

BARE_SQLITE = (
    "UPDATE tickets SET status = 'called', counter_id = ?, called_at = ? WHERE id = ("
    "SELECT id FROM tickets WHERE hall_id = ? AND business_date = ? AND status = 'waiting' AND line_id IN "
    "(SELECT line_id FROM counter_lines WHERE counter_id = ?) ORDER BY priority_rank, queued_at, id LIMIT 1) "
    "AND status = 'waiting' RETURNING id"
)
BARE_POSTGRESQL = (
    "UPDATE tickets SET status = 'called', counter_id = %s, called_at = %s WHERE id = ("
    "SELECT id FROM tickets WHERE hall_id = %s AND business_date = %s AND status = 'waiting' AND line_id IN "
    "(SELECT line_id FROM counter_lines WHERE counter_id = %s) ORDER BY priority_rank, queued_at, id LIMIT 1 "
    "FOR UPDATE SKIP LOCKED) AND status = 'waiting' RETURNING id"
)

BENCH_PASSWORD = "bench-counter-lantern-2026"  # every benchmark clerk's (made by queue_bench.prepare)

# The clerk's cycle is call then finish: the floor finishes too, with the bare statement.
BARE_FINISH_SQLITE = "UPDATE tickets SET status = 'done', finished_at = ? WHERE id = ?"
BARE_FINISH_POSTGRESQL = "UPDATE tickets SET status = 'done', finished_at = %s WHERE id = %s"


def main(url: str, username: str, counter_id: int, calls: int, pace: float, kind: str, now_iso: str, out: str) -> None:
    now = datetime.fromisoformat(now_iso)
    latencies: list[float] = []
    ids: list[int] = []
    if kind == "ours":
        from counter_app.db.engine import Database
        from counter_app.services import queue
        from counter_app.services.auth import login

        database = Database.from_url(url)
        clerk = login(database, username, BENCH_PASSWORD)
        queue.counter_panel(clerk, counter_id)  # a running client: pooled connection open, caches warm

        def one_call() -> int | None:
            ticket = queue.call_next(clerk, counter_id, now=now)
            return ticket.id if ticket else None

        def finish(ticket_id: int) -> None:
            queue.finish_service(clerk, counter_id, ticket_id, now=now)
    else:
        from sqlalchemy.engine import make_url

        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            connection = sqlite3.connect(parsed.database, isolation_level=None, timeout=15)
            connection.execute("PRAGMA journal_mode=WAL")
            hall_id = connection.execute("SELECT hall_id FROM counters WHERE id = ?", (counter_id,)).fetchone()[0]

            def one_call() -> int | None:
                connection.execute("BEGIN IMMEDIATE")
                row = connection.execute(BARE_SQLITE, (counter_id, now.replace(tzinfo=None), hall_id, now.date(), counter_id)).fetchone()
                connection.execute("COMMIT")
                return row[0] if row else None

            def finish(ticket_id: int) -> None:
                connection.execute("BEGIN IMMEDIATE")
                connection.execute(BARE_FINISH_SQLITE, (now.replace(tzinfo=None), ticket_id))
                connection.execute("COMMIT")
        else:
            import psycopg

            # "bare": as the superuser (no row security); "bare-as-clerk": as the clerk's own
            # login role, under the same grants and row-level policies as ours.
            user, password = (username, BENCH_PASSWORD) if kind == "bare-as-clerk" else (parsed.username, None)
            connection = psycopg.connect(host=parsed.query.get("host"), dbname=parsed.database, user=user, password=password)
            hall_id = connection.execute("SELECT hall_id FROM counters WHERE id = %s", (counter_id,)).fetchone()[0]
            connection.commit()

            def one_call() -> int | None:
                row = connection.execute(BARE_POSTGRESQL, (counter_id, now, hall_id, now.date(), counter_id)).fetchone()
                connection.commit()
                return row[0] if row else None

            def finish(ticket_id: int) -> None:
                connection.execute(BARE_FINISH_POSTGRESQL, (now, ticket_id))
                connection.commit()

    # Ready (imported, connected, logged in): the parent answers with the common start time
    # once every counter is ready, so no counter's start-up competes with the load.
    print("ready", flush=True)
    start_at = float(sys.stdin.readline())
    time.sleep(max(0.0, start_at - time.time()))
    next_at = start_at
    for _ in range(calls):
        if pace:
            time.sleep(max(0.0, next_at - time.time()))
            next_at += pace
        started = time.perf_counter()
        ticket_id = one_call()
        latencies.append(time.perf_counter() - started)
        if ticket_id is not None:
            ids.append(ticket_id)
            finish(ticket_id)
    with open(out, "w", encoding="utf-8") as handle:
        json.dump({"latencies": latencies, "ids": ids, "ended": time.time()}, handle)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), sys.argv[6], sys.argv[7],
         sys.argv[8])
