"""Race freedom with real processes: many counters pressing "call next" at once never get
the same ticket and lose none; parallel issuers never hand out one number twice."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter as Tally
from pathlib import Path

from sqlalchemy import func, select

from counter_app.db.engine import Database
from counter_app.db.models import Ticket, TicketEvent
from counter_app.domain.queue import TicketStatus
from counter_app.services import queue
from tests.queue_support import IN_HOURS, counter_id, line_id, serve_line_everywhere, staff

PROCESSES = 8
CALLS_EACH = 200
SPARE = 40  # tickets left waiting at the end, so that no counter runs dry by chance
ROOT = Path(__file__).resolve().parent.parent


def _url(database: Database) -> str:
    return database.engine.url.render_as_string(hide_password=False)


def test_call_next_storm_no_ticket_twice_none_lost(demo_database: Database, tmp_path: Path) -> None:
    serve_line_everywhere(demo_database, "A", range(1, PROCESSES + 1))
    supervisor = staff(demo_database, "kg_zb")
    line = line_id(demo_database, "A")
    total = PROCESSES * CALLS_EACH + SPARE
    for _ in range(total):
        queue.issue_ticket(supervisor, line, now=IN_HOURS)
    counters = []
    for number in range(1, PROCESSES + 1):
        clerk = staff(demo_database, f"kg{number:02d}")
        queue.open_counter(clerk, counter_id(demo_database, number))
        counters.append((clerk.username, counter_id(demo_database, number)))
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.storm_worker", _url(demo_database), username, str(counter), str(CALLS_EACH),
             IN_HOURS.isoformat(), str(tmp_path / f"{username}.json")],
            cwd=ROOT,
        )
        for username, counter in counters
    ]
    for worker in workers:
        assert worker.wait(timeout=600) == 0
    results = [json.loads((tmp_path / f"{username}.json").read_text()) for username, _ in counters]
    called = [ticket_id for result in results for ticket_id in result["ids"]]
    duplicates = [ticket_id for ticket_id, times in Tally(called).items() if times > 1]
    assert not duplicates, f"tickets called twice: {duplicates[:10]}"
    assert len(called) == PROCESSES * CALLS_EACH
    assert all(len(result["ids"]) == CALLS_EACH for result in results)
    with demo_database.reading() as session:
        statuses = Tally(dict(session.execute(select(Ticket.id, Ticket.status)).all()).values())
        call_events = Tally(session.scalars(select(TicketEvent.ticket_id).where(TicketEvent.action == "call")))
    assert statuses == {TicketStatus.DONE.value: PROCESSES * CALLS_EACH, TicketStatus.WAITING.value: SPARE}
    assert set(call_events.values()) == {1} and len(call_events) == PROCESSES * CALLS_EACH


ISSUER_SCRIPT = """
import sys
from datetime import datetime
from counter_app.db.engine import Database
from counter_app.services import queue
from tests.queue_support import kiosk
import pytest

pytestmark = pytest.mark.slow  # processes or a server of its own
database = Database.from_url(sys.argv[1])
actor = kiosk(database)  # PostgreSQL: the kiosk's own login role
labels = [queue.issue_ticket(actor, int(sys.argv[3]), now=datetime.fromisoformat(sys.argv[4])).ticket.label[1:]
          for _ in range(int(sys.argv[5]))]
print(" ".join(labels))
"""


def test_parallel_issuers_never_share_a_number(demo_database: Database) -> None:
    serve_line_everywhere(demo_database, "B", range(4, 5))  # lifts B's daily cap
    line = line_id(demo_database, "B")
    hall = queue.find_hall(demo_database, "KG")[0]
    issuers = [
        subprocess.Popen(
            [sys.executable, "-c", ISSUER_SCRIPT, _url(demo_database), str(hall), str(line), IN_HOURS.isoformat(), "60"],
            cwd=ROOT, stdout=subprocess.PIPE, text=True,
        )
        for _ in range(4)
    ]
    numbers = []
    for issuer in issuers:
        output, _ = issuer.communicate(timeout=300)
        assert issuer.returncode == 0
        numbers += [int(value) for value in output.split()]
    assert sorted(numbers) == list(range(1, 241))
    with demo_database.reading() as session:
        assert session.scalar(select(func.count(func.distinct(Ticket.label))).where(Ticket.line_id == line)) == 240
