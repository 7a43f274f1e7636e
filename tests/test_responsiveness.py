"""The clerk's key press, end to end, and the window while the database is slow.

- One call-next press (F1) on the counter panel costs at most three round trips to
  PostgreSQL, counted by a proxy in front of the server: the call's own statement, and
  the hall's poke it causes is not read back by the panel that made it.
- With 200 ms added to every round trip, the event loop keeps turning (every 50 ms at
  most) while the panel's action runs.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from datetime import time as clock_time

import pytest
from PySide6.QtCore import Qt, QTimer
from pytestqt.qtbot import QtBot
from sqlalchemy import event, update

from counter_app.db.engine import Database
from counter_app.db.models import Hall
from counter_app.services import queue
from counter_app.services.access import Actor
from counter_app.ui.counter.panel import CounterPanel
from counter_app.ui.shared.backend import Backend
from tests.pg_proxy import PgProxy
from tests.queue_support import counter_id, line_id, staff
from tests.test_statement_budget import proxied  # noqa: F401  (fixture)

CALL_NEXT_PRESS_ROUND_TRIPS = 3
SLOW_STATEMENT_SECONDS = 0.2
MAX_EVENT_LOOP_GAP_SECONDS = 0.05


def _open_all_day(database: Database) -> None:
    with database.transaction() as session:
        session.execute(update(Hall).values(opens_at=clock_time(0, 0), closes_at=clock_time(23, 59, 59)))


def _signed_in_panel(qtbot: QtBot, clerk: Actor, database: Database) -> CounterPanel:
    backend = Backend(clerk)
    panel = CounterPanel(backend)
    backend.setParent(panel)
    qtbot.addWidget(panel)
    with qtbot.waitActive(panel):  # shortcuts work in the active window only
        panel.show()
        panel.activateWindow()
    _settle(qtbot, panel)
    panel.counter_choice.setCurrentIndex(panel.counter_choice.findData(counter_id(database, 1)))
    _settle(qtbot, panel)
    panel.open_counter()
    _settle(qtbot, panel)
    assert panel.signed_in_here()
    return panel


def _settle(qtbot: QtBot, panel: CounterPanel, linger: float = 0.0) -> None:
    qtbot.waitUntil(lambda: panel.backend.operations.idle and bool(panel.counters), timeout=15_000)
    if linger:
        qtbot.wait(int(linger * 1000))
        qtbot.waitUntil(lambda: panel.backend.operations.idle, timeout=15_000)


@pytest.fixture
def stopped_panels() -> Iterator[list[CounterPanel]]:
    panels: list[CounterPanel] = []
    yield panels
    for panel in panels:
        panel.stop()
        panel.backend.stop()


def _press_call_next(qtbot: QtBot, panel: CounterPanel) -> None:
    with qtbot.waitSignal(panel.ticket_in_hand, check_params_cb=lambda ticket: ticket is not None, timeout=15_000):
        qtbot.keyClick(panel, Qt.Key.Key_F1)


def test_a_call_next_press_is_at_most_three_round_trips(
    qtbot: QtBot, proxied: tuple[Database, PgProxy], stopped_panels: list[CounterPanel]  # noqa: F811
) -> None:
    database, proxy = proxied
    _open_all_day(database)
    supervisor, clerk = staff(database, "kg_zb"), staff(database, "kg01")
    for _ in range(3):
        queue.issue_ticket(supervisor, line_id(database, "A"))
    panel = _signed_in_panel(qtbot, clerk, database)
    stopped_panels.append(panel)
    _press_call_next(qtbot, panel)  # warm: the worker's connection, the settings
    for key in (Qt.Key.Key_F3, Qt.Key.Key_F4):  # start and finish: the counter is free again
        qtbot.keyClick(panel, key)
        _settle(qtbot, panel)
    assert panel.active_ticket() is None
    _settle(qtbot, panel, linger=0.5)
    proxy.reset()
    _press_call_next(qtbot, panel)
    _settle(qtbot, panel, linger=0.5)  # the own poke arrives and is not read back
    assert panel.active_ticket() is not None and panel.active_ticket().label == "A002"  # type: ignore[union-attr]
    assert proxy.round_trips <= CALL_NEXT_PRESS_ROUND_TRIPS, proxy.requests


def _ticks_while(qtbot: QtBot, panel: CounterPanel, action: str) -> list[float]:
    """Timestamps of a 10 ms timer while ``action``'s key press is answered."""
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    started = time.monotonic()
    qtbot.keyClick(panel, getattr(Qt.Key, f"Key_{action}"))
    _settle(qtbot, panel)
    timer.stop()
    assert time.monotonic() - started >= SLOW_STATEMENT_SECONDS, "the action did not wait on the slow database"
    return [started, *ticks]


def _assert_turning(ticks: list[float]) -> None:
    gaps = [later - earlier for earlier, later in itertools.pairwise(ticks)]
    assert len(ticks) > 10 and max(gaps) <= MAX_EVENT_LOOP_GAP_SECONDS, max(gaps)


def test_the_window_turns_while_postgresql_answers_slowly(
    qtbot: QtBot, proxied: tuple[Database, PgProxy], stopped_panels: list[CounterPanel]  # noqa: F811
) -> None:
    database, proxy = proxied
    _open_all_day(database)
    queue.issue_ticket(staff(database, "kg_zb"), line_id(database, "A"))
    panel = _signed_in_panel(qtbot, staff(database, "kg01"), database)
    stopped_panels.append(panel)
    proxy.delay_seconds = SLOW_STATEMENT_SECONDS / 2  # each way: 200 ms per round trip
    _assert_turning(_ticks_while(qtbot, panel, "F1"))
    assert panel.active_ticket() is not None


def test_the_window_turns_while_sqlite_answers_slowly(
    qtbot: QtBot, sqlite_demo_database: Database, stopped_panels: list[CounterPanel]
) -> None:
    database = sqlite_demo_database
    _open_all_day(database)
    queue.issue_ticket(staff(database, "kg_zb"), line_id(database, "A"))
    panel = _signed_in_panel(qtbot, staff(database, "kg01"), database)
    stopped_panels.append(panel)

    def slow(*_args: object) -> None:
        time.sleep(SLOW_STATEMENT_SECONDS)

    event.listen(database.engine, "before_cursor_execute", slow)
    try:
        _assert_turning(_ticks_while(qtbot, panel, "F1"))
    finally:
        event.remove(database.engine, "before_cursor_execute", slow)
    assert panel.active_ticket() is not None
