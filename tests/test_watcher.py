"""The hall watcher passes a change on as soon as it is known: on PostgreSQL the moment
the NOTIFY arrives (not at the end of its wait), on SQLite at the next poll."""

from __future__ import annotations

import time

from pytestqt.qtbot import QtBot

from counter_app.db.engine import Database
from counter_app.events.watcher import HallWatcher
from counter_app.services import queue
from tests.queue_support import hall_id, line_id, staff

POLL_MS = 1500


def test_a_change_reaches_the_watcher_at_once(qtbot: QtBot, hall_open_all_day: Database) -> None:
    database = hall_open_all_day
    supervisor = staff(database, "kg_zb")
    line = line_id(database, "A")
    watcher = HallWatcher(database, hall_id(database), poll_ms=POLL_MS, refresh_ms=600_000)
    try:
        with qtbot.waitSignal(watcher.changed, timeout=5000):  # the first read after connecting
            watcher.start()
        qtbot.wait(300)  # into the watcher's wait
        delays = []
        for _ in range(3):
            with qtbot.waitSignal(watcher.changed, timeout=5000):
                issued_at = time.monotonic()
                queue.issue_ticket(supervisor, line)
            delays.append(time.monotonic() - issued_at)
        # PostgreSQL: the NOTIFY's own latency; SQLite: the next poll of the change counter.
        limit = 0.3 if database.backend == "postgresql" else POLL_MS / 1000 + 0.3
        assert max(delays) < limit, delays
    finally:
        watcher.stop()
        watcher.deleteLater()
