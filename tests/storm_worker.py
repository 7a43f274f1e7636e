"""One counter of a call-next storm, run as its own process:

    python -m tests.storm_worker URL USERNAME COUNTER_ID CALLS NOW_ISO OUT_JSON

Calls next and finishes, CALLS times (stopping early only when nobody is left), and writes
the ticket ids it got, with each call's latency in seconds, to OUT_JSON.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import datetime

from counter_app.db.engine import Database
from counter_app.services import queue
from counter_app.services.auth import login
from counter_app.services.demo import DEMO_PASSWORD


def main(url: str, username: str, counter_id: int, calls: int, now_iso: str, out: str) -> None:
    database = Database.from_url(url)
    now = datetime.fromisoformat(now_iso)
    clerk = login(database, username, DEMO_PASSWORD)
    ids: list[int] = []
    latencies: list[float] = []
    empty_in_a_row = 0
    while len(ids) < calls and empty_in_a_row < 20:
        started = time.perf_counter()
        ticket = queue.call_next(clerk, counter_id, now=now)
        latencies.append(time.perf_counter() - started)
        if ticket is None:
            empty_in_a_row += 1
            continue
        empty_in_a_row = 0
        ids.append(ticket.id)
        queue.finish_service(clerk, counter_id, ticket.id, now=now)
    database.dispose()
    with open(out, "w", encoding="utf-8") as handle:
        json.dump({"ids": ids, "latencies": latencies}, handle)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6])
