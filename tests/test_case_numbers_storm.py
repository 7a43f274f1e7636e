"""Case and licence numbers with real processes: eight counters accepting on-the-spot cases
at once (each approved with its licence) never share a case number or a licence serial,
and leave no gap (an atomic upsert per hall and day, per licence type; never max()+1)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter as Tally
from pathlib import Path

from sqlalchemy import select

from counter_app.db.engine import Database
from counter_app.db.models import Case, Licence
from counter_app.services import queue
from tests.case_support import item_where
from tests.queue_support import counter_id, staff

PROCESSES = 8
CASES_EACH = 12
ROOT = Path(__file__).resolve().parent.parent


def test_eight_counters_accepting_at_once_never_share_a_case_or_licence_number(demo_database: Database, tmp_path: Path) -> None:
    item = item_where(demo_database, deferrable=False, on_the_spot=True, licence=True)
    counters = []
    for number in range(1, PROCESSES + 1):
        clerk = staff(demo_database, f"kg{number:02d}")
        queue.open_counter(clerk, counter_id(demo_database, number))
        counters.append((clerk.username, counter_id(demo_database, number)))
    url = demo_database.engine.url.render_as_string(hide_password=False)
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.case_storm_worker", url, username, str(counter), str(item.id), str(CASES_EACH),
             str(1000 * index), str(tmp_path / f"{username}.json")],
            cwd=ROOT,
        )
        for index, (username, counter) in enumerate(counters, start=1)
    ]
    for worker in workers:
        assert worker.wait(timeout=600) == 0
    numbers = [n for username, _ in counters for n in json.loads((tmp_path / f"{username}.json").read_text())["numbers"]]
    assert not [n for n, times in Tally(numbers).items() if times > 1]
    serials = sorted(int(number.rsplit("-", 1)[1]) for number in numbers)
    assert serials == list(range(1, PROCESSES * CASES_EACH + 1))  # no gap either
    with demo_database.reading() as session:
        assert sorted(session.scalars(select(Case.number))) == sorted(numbers)
        serials = sorted(session.scalars(select(Licence.serial)))
        identifiers = list(session.scalars(select(Licence.identifier)))
    assert serials == list(range(1, PROCESSES * CASES_EACH + 1))  # one licence per case, no serial twice
    assert len(set(identifiers)) == len(identifiers)
