"""The shared UI infrastructure: the operations runner, the keyed table model, the shared
hall watchers, the workspace registry, and the test suite's own leak check."""

from __future__ import annotations

import itertools
import logging
import random
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QItemSelectionModel, QObject, Qt, QTimer
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QTableView, QWidget
from pytestqt.qtbot import QtBot

from counter_app.db.engine import Database
from counter_app.domain.roles import Role
from counter_app.errors import UserError, ValidationError
from counter_app.i18n import QT_TRANSLATE_NOOP
from counter_app.services import queue
from counter_app.ui.shared.backend import Backend
from counter_app.ui.shared.operations import Operations
from counter_app.ui.shared.table_model import Index, RowsTableModel
from counter_app.ui.workspaces import WORKSPACES, workspaces_for
from tests.qt_leaks import leftovers
from tests.queue_support import IN_HOURS, hall_id, line_id, staff


@pytest.fixture
def operations(qtbot: QtBot) -> Iterator[Operations]:
    runner = Operations(name="test")
    yield runner
    runner.stop()


def wait_idle(qtbot: QtBot, runner: Operations) -> None:
    qtbot.waitUntil(lambda: runner.idle, timeout=5000)


# ---------------------------------------------------------------- the runner


def test_work_runs_off_the_gui_thread_in_order_and_results_come_back_on_it(qtbot: QtBot, operations: Operations) -> None:
    gui = threading.current_thread()
    ran_on: list[threading.Thread] = []
    results: list[tuple[int, threading.Thread]] = []

    def work(n: int) -> int:
        ran_on.append(threading.current_thread())
        time.sleep(0.01)
        return n

    for n in range(5):
        operations.run(lambda n=n: work(n), done=lambda value: results.append((value, threading.current_thread())))
    wait_idle(qtbot, operations)
    assert [value for value, _ in results] == [0, 1, 2, 3, 4]
    assert all(thread is gui for _, thread in results)
    assert ran_on and all(thread is not gui for thread in ran_on)


def test_the_event_loop_keeps_turning_while_an_operation_runs(qtbot: QtBot, operations: Operations) -> None:
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    operations.run(lambda: time.sleep(0.5))
    wait_idle(qtbot, operations)
    timer.stop()
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    assert len(ticks) >= 20 and max(gaps) < 0.05


def test_a_burst_of_refreshes_with_one_key_becomes_one_read(qtbot: QtBot, operations: Operations) -> None:
    release = threading.Event()
    reads: list[int] = []
    operations.run(release.wait)  # the worker is busy: what follows waits in the queue
    for n in range(10):
        operations.run(lambda n=n: reads.append(n), key=("panel", 1))
    operations.run(lambda: reads.append(-1), key=("panel", 2))  # another key is another read
    release.set()
    wait_idle(qtbot, operations)
    assert reads == [9, -1]  # the newest request of the burst, once


def test_a_users_action_goes_before_the_reads_waiting(qtbot: QtBot, operations: Operations) -> None:
    release = threading.Event()
    ran: list[str] = []
    operations.run(release.wait)
    operations.run(lambda: ran.append("read panel"), key=("panel", 1))
    operations.run(lambda: ran.append("read counters"), key=("counters", 1))
    operations.run(lambda: ran.append("call next"), urgent=True)
    operations.run(lambda: ran.append("start"), urgent=True)  # after the first action, not before
    operations.run(lambda: ran.append("read panel again"), key=("panel", 1))  # merged, keeps its place
    release.set()
    wait_idle(qtbot, operations)
    assert ran == ["call next", "start", "read panel again", "read counters"]


def test_errors_come_back_as_messages_and_a_bug_never_as_a_traceback(
    qtbot: QtBot, operations: Operations, caplog: pytest.LogCaptureFixture
) -> None:
    failures: list[UserError] = []
    signalled: list[object] = []
    operations.error.connect(signalled.append)

    def refuse() -> None:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "Give the reason for closing the open tickets."))

    def bug() -> None:
        raise ZeroDivisionError("division by zero")

    operations.run(refuse, failed=failures.append)
    with caplog.at_level(logging.ERROR):
        operations.run(bug, failed=failures.append)
        operations.run(bug)  # no failed callback: the runner's error signal
        wait_idle(qtbot, operations)
    assert isinstance(failures[0], ValidationError)
    assert "Something went wrong" in failures[1].english() and "ZeroDivisionError" not in failures[1].english()
    assert len(signalled) == 1 and isinstance(signalled[0], UserError)
    assert "ZeroDivisionError" in caplog.text  # the log has the traceback


def test_a_closed_screen_is_not_called_back(qtbot: QtBot, operations: Operations) -> None:
    screen = QObject()
    release = threading.Event()
    called: list[int] = []
    operations.run(release.wait, done=lambda _: called.append(1), owner=screen)
    screen.deleteLater()
    qtbot.waitUntil(lambda: not _alive(screen))
    release.set()
    wait_idle(qtbot, operations)
    assert called == []


def _alive(obj: QObject) -> bool:
    import shiboken6

    return shiboken6.isValid(obj)


def test_stopping_drops_or_drains_the_queue_and_ends_the_thread(qtbot: QtBot) -> None:
    for drain, expected in ((False, ["first"]), (True, ["first", "second", "third"])):
        runner = Operations(name="stop")
        ran: list[str] = []
        release, started = threading.Event(), threading.Event()
        runner.run(lambda ran=ran, release=release, started=started: (started.set(), release.wait(), ran.append("first")))
        runner.run(lambda ran=ran: ran.append("second"))
        runner.run(lambda ran=ran: ran.append("third"))
        qtbot.waitUntil(started.is_set)
        releaser = threading.Timer(0.1, release.set)  # while stop() waits for the first operation
        releaser.start()
        runner.stop(drain=drain)
        releaser.join()
        assert ran == expected and not runner.running
        runner.run(lambda ran=ran: ran.append("after"))  # ignored once stopped
        assert ran == expected


# ---------------------------------------------------------------- the keyed model


@dataclass(frozen=True)
class Row:
    id: int
    text: str


class RowModel(RowsTableModel):
    def __init__(self) -> None:
        super().__init__(["id", "text"])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        row = self.rows[index.row()]
        return (row.id, row.text)[index.column()]


def test_rows_update_by_key_and_the_selection_survives_without_workarounds(qtbot: QtBot) -> None:
    model = RowModel()
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    model.set_rows([Row(i, f"r{i}") for i in range(1, 6)])
    view.selectionModel().select(model.index(2, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
    view.setCurrentIndex(model.index(2, 0))
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    generator = random.Random(8)
    for _ in range(300):  # rows come and go, move and change; the model tester checks every signal
        keys = generator.sample(range(1, 12), generator.randint(0, 10))
        if 3 not in keys and generator.random() < 0.8:
            keys.insert(generator.randint(0, len(keys)), 3)
        rows = [Row(key, f"r{key}-{generator.randint(0, 2)}") for key in keys]
        model.set_rows(rows)
        assert [row.id for row in model.rows] == keys
        assert [model.data(model.index(i, 1)) for i in range(len(rows))] == [row.text for row in rows]
        selected = {model.rows[index.row()].id for index in view.selectionModel().selectedRows()}
        assert selected <= {3}
        if 3 in keys and selected == {3}:
            assert model.rows[view.currentIndex().row()].id == 3  # the current row followed its ticket
    assert resets == []


# ---------------------------------------------------------------- shared hall watchers and the backend


def test_every_screen_of_a_hall_shares_one_watcher(qtbot: QtBot, demo_database: Database) -> None:
    supervisor = staff(demo_database, "kg_zb")
    backend = Backend(supervisor, clock=lambda: IN_HOURS)
    kg = hall_id(demo_database)
    first, second = QWidget(), QWidget()
    heard: list[tuple[str, bool]] = []
    backend.watchers.subscribe(kg, first, lambda own: heard.append(("first", own)))
    backend.watchers.subscribe(kg, second, lambda own: heard.append(("second", own)))
    watcher = backend.watchers.watcher(kg)
    assert watcher is not None
    qtbot.waitUntil(lambda: {name for name, _ in heard} == {"first", "second"})  # the read once listening
    heard.clear()
    issued: list[object] = []
    backend.run(queue.issue_ticket, line_id(demo_database, "A"), done=issued.append)  # now from the clock
    qtbot.waitUntil(lambda: bool(issued) and {name for name, _ in heard} == {"first", "second"}, timeout=5000)
    assert all(own for _, own in heard)  # our own change: a screen that shows it may skip
    other = staff(demo_database, "kg_zb")
    queue.issue_ticket(other, line_id(demo_database, "A"), now=IN_HOURS)  # another connection (PostgreSQL) or the same file
    heard.clear()
    qtbot.waitUntil(lambda: {name for name, _ in heard} == {"first", "second"}, timeout=5000)
    if demo_database.backend == "postgresql":
        assert not any(own for _, own in heard)  # another login's change is never skipped
    backend.watchers.unsubscribe(kg, first)
    assert backend.watchers.watcher(kg) is watcher
    second.deleteLater()
    qtbot.waitUntil(lambda: backend.watchers.watcher(kg) is None)  # stopped with its last screen
    first.deleteLater()
    backend.stop()


def test_the_backend_puts_the_actor_first_and_takes_now_from_its_clock(qtbot: QtBot, demo_database: Database) -> None:
    supervisor = staff(demo_database, "kg_zb")
    backend = Backend(supervisor, clock=lambda: IN_HOURS)
    issued: list[queue.IssuedTicket] = []
    backend.run(queue.issue_ticket, line_id(demo_database, "A"), done=issued.append)
    qtbot.waitUntil(lambda: bool(issued), timeout=5000)
    assert issued[0].ticket.issued_at == IN_HOURS and backend.now() == IN_HOURS
    backend.stop()


# ---------------------------------------------------------------- the registry and the leak check


def test_each_role_gets_its_workspaces_from_the_registry() -> None:
    assert [w.key for w in workspaces_for(Role.CLERK)] == ["counter", "licences", "catalogue"]
    assert [w.key for w in workspaces_for(Role.SUPERVISOR)] == ["issuing", "hall", "cases", "licences", "catalogue"]
    assert workspaces_for(Role.DISPLAY) == [] and workspaces_for(Role.KIOSK) == []
    assert len({w.key for w in WORKSPACES}) == len(WORKSPACES)


def test_the_leak_check_sees_a_running_timer_and_thread(qapp: object) -> None:
    before = set(threading.enumerate())
    timer = QTimer()
    timer.start(1000)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, name="forgotten worker")
    thread.start()
    import tests.qt_leaks as qt_leaks

    grace, qt_leaks.GRACE_SECONDS = qt_leaks.GRACE_SECONDS, 0.05
    try:
        threads, timers = leftovers(before)
    finally:
        qt_leaks.GRACE_SECONDS = grace
        stop.set()
        timer.stop()
        thread.join()
    assert threads == ["forgotten worker"] and any("1000 ms" in t for t in timers)
    assert leftovers(before) == ([], [])
