"""The supervisor's Hall tab as a live view: it reads off the GUI thread, only when shown,
once per burst of changes and never per row; its tables update by key (checked by Qt's
model tester, the selection kept); every line of the hall is in sight at 1280×800; and a
hall display that cannot speak, or has gone quiet, shows as a warning."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex
from PySide6.QtTest import QAbstractItemModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from counter_app.db.engine import Database
from counter_app.db.types import utc_now
from counter_app.services import devices, hall_day, queue
from counter_app.ui.main_window import RoleWindow
from counter_app.ui.supervisor.hall_tab import HallDayTab
from tests.queue_support import counter_id, display, hall_id, line_id, staff
from tests.test_hall_day import TabFactory, make_tab, settle  # noqa: F401  (make_tab: fixture)

Fatal = QAbstractItemModelTester.FailureReportingMode.Fatal


@pytest.fixture(autouse=True)
def _no_worker_thread_left() -> Iterator[None]:
    """No database worker outlives its test."""
    yield
    left = [thread.name for thread in threading.enumerate() if thread.name.startswith("counter_app ")]
    assert not left, f"worker threads left running: {left}"


@contextmanager
def statements(database: Database) -> Iterator[list[str]]:
    """The SQL statements run on ``database`` meanwhile, on any thread, without the
    transaction brackets and the watcher's polls of the hall's change counter (SQLite)."""
    seen: list[str] = []

    def note(_connection: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.startswith(("BEGIN", "COMMIT", "ROLLBACK")) and "hall_changes" not in statement:
            seen.append(statement)

    event.listen(database.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(database.engine, "before_cursor_execute", note)


def counting(monkeypatch: pytest.MonkeyPatch, name: str, delay: float = 0.0) -> list[str]:
    """Count (and optionally slow down) the calls of ``hall_day.<name>``; returns the
    names of the threads they ran on."""
    calls: list[str] = []
    real: Callable[..., Any] = getattr(hall_day, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(threading.current_thread().name)
        time.sleep(delay)
        return real(*args, **kwargs)

    monkeypatch.setattr(hall_day, name, counted)
    return calls


@pytest.fixture
def window(qtbot: QtBot, hall_open_all_day: Database) -> Iterator[RoleWindow]:
    """The KG supervisor's window at the size of a clerk's PC, shown on its first tab."""
    made = RoleWindow(staff(hall_open_all_day, "kg_zb"))
    qtbot.addWidget(made)
    made.resize(1280, 800)
    made.show()
    try:
        yield made
    finally:
        made.stop()
        assert not made.backend.operations.running and not made.backend.watchers._halls


def hall_tab(window: RoleWindow) -> HallDayTab:
    tab = window.hall_day
    assert isinstance(tab, HallDayTab)
    return tab


# ---------------------------------------------------------------- reading


def test_first_show_reads_the_day_and_the_settings_once_and_nothing_per_row(
    qtbot: QtBot, hall_open_all_day: Database, make_tab: TabFactory, monkeypatch: pytest.MonkeyPatch  # noqa: F811
) -> None:
    database = hall_open_all_day
    supervisor = staff(database, "kg_zb")
    kg = hall_id(database)
    with statements(supervisor.database) as seen:
        hall_day.hall_day(supervisor, kg)
    day_cost = len(seen)
    with statements(supervisor.database) as seen:
        hall_day.queue_settings(supervisor, kg)
    settings_cost = len(seen)

    with statements(supervisor.database) as seen:
        tab = make_tab(supervisor, show=False)
        qtbot.wait(300)
        assert seen == [] and tab.day is None  # built, not shown: it costs nothing
        tab.show()
        settle(qtbot, tab)
    assert tab.day is not None and tab.settings is not None
    # The day once: the tab's first read is the hall watcher's first change, once it
    # listens (a second read is allowed for a periodic refresh falling in the window).
    assert len(seen) in (day_cost + settings_cost, 2 * day_cost + settings_cost), seen

    # A busier hall reads no more: no statement per counter, ticket or line.
    for prefix in "AABBCCDEF":
        queue.issue_ticket(supervisor, line_id(database, prefix))
    for number, username in ((1, "kg01"), (4, "kg04"), (7, "kg07")):
        clerk = staff(database, username)
        queue.open_counter(clerk, counter_id(database, number))
        queue.call_next(clerk, counter_id(database, number))
    settle(qtbot, tab)
    reads = counting(monkeypatch, "hall_day")
    with statements(supervisor.database) as seen:
        tab.refresh()
        settle(qtbot, tab)
    # (The watcher may have asked for a read of its own meanwhile: each costs the same.)
    assert len(reads) >= 1 and len(seen) == day_cost * len(reads)
    assert tab.day is not None and tab.day.waiting == 6


def test_a_burst_of_changes_is_one_read_off_the_gui_thread(
    qtbot: QtBot, hall_open_all_day: Database, make_tab: TabFactory, monkeypatch: pytest.MonkeyPatch  # noqa: F811
) -> None:
    tab = make_tab(staff(hall_open_all_day, "kg_zb"))
    reads = counting(monkeypatch, "hall_day", delay=0.05)
    for _ in range(20):
        tab.refresh()
    settle(qtbot, tab)
    assert 1 <= len(reads) <= 2  # the one running (if any) and one for all the others
    assert all(name.startswith("counter_app ") for name in reads)


def test_opening_the_window_costs_the_hidden_hall_tab_nothing(
    qtbot: QtBot, hall_open_all_day: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The supervisor's window opens on "Issue tickets": the Hall tab reads when first shown,
    and while hidden it only notes that the hall changed."""
    reads = {name: counting(monkeypatch, name) for name in ("hall_day", "queue_settings", "supervised_halls")}
    database = hall_open_all_day
    made = RoleWindow(staff(database, "kg_zb"))
    qtbot.addWidget(made)
    made.resize(1280, 800)
    made.show()
    try:
        tab = hall_tab(made)
        qtbot.wait(300)
        queue.issue_ticket(staff(database, "kg_zb"), line_id(database, "A"))  # the hall changes meanwhile
        qtbot.wait(800)
        qtbot.waitUntil(lambda: made.backend.operations.idle, timeout=5000)
        assert all(not calls for calls in reads.values()) and tab.day is None
        made.tabs.setCurrentWidget(tab)
        settle(qtbot, tab)
        assert (len(reads["hall_day"]), len(reads["queue_settings"]), len(reads["supervised_halls"])) == (1, 1, 0)
        assert tab.day is not None and tab.day.waiting == 1
        # The tab and the window's other screens of the hall share one watcher.
        assert list(made.backend.watchers._halls) == [hall_id(database)]
        # Hidden again, a change is only noted; shown, the tab catches up with one read.
        made.tabs.setCurrentIndex(0)
        queue.issue_ticket(staff(database, "kg_zb"), line_id(database, "B"))
        qtbot.waitUntil(lambda: tab._stale, timeout=5000)
        assert len(reads["hall_day"]) == 1
        made.tabs.setCurrentWidget(tab)
        settle(qtbot, tab)
        assert len(reads["hall_day"]) == 2 and tab.day.waiting == 2
    finally:
        made.stop()


# ---------------------------------------------------------------- the tables


def test_the_tables_update_by_key_under_qts_model_tester_and_keep_the_selection(
    qtbot: QtBot, hall_open_all_day: Database, make_tab: TabFactory  # noqa: F811
) -> None:
    database = hall_open_all_day
    tab = make_tab(staff(database, "admin"))
    # Fatal: a model that breaks Qt's rules aborts the test run, not just this test.
    testers = [QAbstractItemModelTester(model, Fatal, tab) for model in (tab.counter_model, tab.line_model)]
    kg, lg = hall_id(database), hall_id(database, "LG")
    assert tab.hall_id == hall_id(database, "HG")  # the first hall in the list
    for hall in (kg, lg, kg):  # 14 counters and 6 lines, 6 and 4, 14 and 6 again: rows removed and inserted
        tab.hall_choice.setCurrentIndex(tab.hall_choice.findData(hall))
        settle(qtbot, tab)
        assert tab.day is not None and tab.day.hall_id == hall
    assert (tab.counter_model.rowCount(), tab.line_model.rowCount()) == (14, 6)

    counter_3 = counter_id(database, 3)
    tab.select_counter(counter_3)
    tab.counter_view.scrollToBottom()
    scrolled = tab.counter_view.verticalScrollBar().value()
    resets: list[None] = []
    tab.counter_model.modelReset.connect(lambda: resets.append(None))
    supervisor, clerk = staff(database, "admin"), staff(database, "kg04")
    for prefix in "AAB":
        queue.issue_ticket(supervisor, line_id(database, prefix))
    queue.open_counter(clerk, counter_3)
    queue.call_next(clerk, counter_3)
    qtbot.waitUntil(lambda: bool(getattr(tab.selected_counter(), "tickets", ())), timeout=5000)
    hall_day.force_close_counter(supervisor, counter_3)
    qtbot.waitUntil(lambda: tab.day is not None and tab.day.waiting == 3, timeout=5000)
    settle(qtbot, tab)
    selected = tab.selected_counter()
    assert selected is not None and selected.id == counter_3 and not selected.tickets
    assert tab.counter_view.currentIndex().row() == tab.counter_model.row_of(counter_3)
    assert tab.counter_view.verticalScrollBar().value() == scrolled and not resets
    assert all(tester is not None for tester in testers)


def test_every_line_is_in_sight_at_1280_by_800(qtbot: QtBot, hall_open_all_day: Database, window: RoleWindow) -> None:
    """At 1280×800 the per-line table showed 3 of the demo hall's 6 lines."""
    database = hall_open_all_day
    # With a display warning over the tables too: it takes height from them.
    devices.report_display(display(database), hall_id(database), False, "speech engine did not start")
    tab = hall_tab(window)
    window.tabs.setCurrentWidget(tab)
    settle(qtbot, tab)
    assert tab.display_warning.isVisible()
    view, model = tab.line_view, tab.line_model
    assert model.rowCount() == 6
    viewport = view.viewport().rect()
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            cell = view.visualRect(model.index(row, column))
            assert viewport.contains(cell), f"line {model.lines[row].prefix}: {cell} outside {viewport}"
    assert view.verticalScrollBar().maximum() == 0
    # The line table is not cut by its own box or the tab either.
    bottom = view.mapTo(tab, view.rect().bottomLeft()).y()
    assert bottom <= tab.height()
    assert view.model().index(0, 0) != QModelIndex()


# ---------------------------------------------------------------- the displays


def test_a_display_without_speech_or_gone_quiet_is_a_warning(
    qtbot: QtBot, hall_open_all_day: Database, make_tab: TabFactory  # noqa: F811
) -> None:
    database = hall_open_all_day
    kg = hall_id(database)
    device = display(database)
    tab = make_tab(staff(database, "kg_zb"))
    assert not tab.display_warning.isVisible()  # no display has reported: nothing to say

    devices.report_display(device, kg, True, "speechd · Chinese (Mandarin)")
    tab.refresh()
    settle(qtbot, tab)
    assert not tab.display_warning.isVisible()

    devices.report_display(device, kg, False, "speech engine 'speechd' did not start within 15000 ms")
    tab.refresh()
    settle(qtbot, tab)
    assert tab.display_warning.isVisible()
    text = tab.display_warning.text()
    assert device.username in text and "not been able to speak the calls" in text
    assert "did not start within 15000 ms" in tab.display_warning.toolTip()  # the engine's words, for IT

    long_ago = utc_now() - timedelta(minutes=10)
    devices.report_display(device, kg, True, "speechd", now=long_ago)
    tab.refresh()
    settle(qtbot, tab)
    assert "has not reported since" in tab.display_warning.text()
    day = tab.day
    assert day is not None
    assert long_ago.astimezone(tab.counter_model.timezone).strftime("%H:%M") in tab.display_warning.text()

    devices.report_display(device, kg, True, "speechd")  # back, and speaking
    tab.refresh()
    settle(qtbot, tab)
    assert not tab.display_warning.isVisible()
