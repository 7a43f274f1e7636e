"""One counter accepting cases as fast as it can, run as its own process:

    python -m tests.case_storm_worker URL USERNAME COUNTER_ID ITEM_ID CASES SERIAL_BASE OUT_JSON

Accepts CASES cases (applicants SERIAL_BASE, SERIAL_BASE + 1 …) and writes their numbers,
with each acceptance's latency in seconds, to OUT_JSON.
"""

from __future__ import annotations

import json
import sys
import time

from counter_app.db.engine import Database
from counter_app.services import cases
from counter_app.services.auth import login
from counter_app.services.demo import DEMO_PASSWORD
from tests.case_support import enterprise


def main(url: str, username: str, counter_id: int, item_id: int, count: int, serial_base: int, out: str) -> None:
    database = Database.from_url(url)
    clerk = login(database, username, DEMO_PASSWORD)
    guide = cases.item_guide(clerk, item_id)
    from counter_app.domain.cases import MaterialEntry, MaterialForm

    materials = tuple(MaterialEntry(index, True, MaterialForm.COPY, 1) for index in range(len(guide.materials)))
    numbers: list[str] = []
    latencies: list[float] = []
    for serial in range(serial_base, serial_base + count):
        started = time.perf_counter()
        view = cases.accept_case(clerk, counter_id, cases.Application(item_id, enterprise(serial), materials))
        latencies.append(time.perf_counter() - started)
        numbers.append(view.number)
    database.dispose()
    with open(out, "w", encoding="utf-8") as handle:
        json.dump({"numbers": numbers, "latencies": latencies}, handle)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), sys.argv[7])
