"""The counter workspace off the GUI thread: one round trip per key press, pokes and
re-reads, the ticket-in-hand signal, full names, transfer targets, a supervisor's force
close, and leaving the window. On both databases."""

from __future__ import annotations

import functools
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from counter_app.db.engine import Database
from counter_app.db.models import Counter, Ticket
from counter_app.domain.queue import CounterState, PersonalDataPurpose, TicketStatus
from counter_app.services import hall_day, queue
from counter_app.services.access import Actor
from counter_app.services.queue import TicketView, VisitorDetails
from counter_app.ui.counter.panel import CounterPanel
from counter_app.ui.main_window import RoleWindow
from tests import test_counter_panel as panel_tests
from tests.queue_support import counter_id, line_id, staff
from tests.test_counter_panel import PanelFactory, backdate_call, issue, press, refresh, settle, sign_in, ticket_row

make_panel = panel_tests.make_panel  # the fixture (supervisor and clerk come from conftest)


@pytest.fixture
def elsewhere(hall_open_all_day: Database) -> Iterator[Actor]:
    """The supervisor at another PC: a connection of its own, so its pokes are not this
    process's own (on PostgreSQL every login has its own connection already)."""
    database = hall_open_all_day
    if database.backend != "sqlite":
        yield staff(database, "kg_zb")
        return
    other = Database.from_url(database.engine.url.render_as_string(hide_password=False))
    try:
        yield staff(other, "kg_zb")
    finally:
        other.dispose()


def record_operations(panel: CounterPanel, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The use cases the panel asks its backend to run, by name, in order."""
    ran: list[str] = []
    operations = panel.backend.operations
    original = operations.run

    def run(work: Any, **kwargs: Any) -> None:
        ran.append(kwargs.get("label") or "")
        original(work, **kwargs)

    monkeypatch.setattr(operations, "run", run)
    return ran


def counter_row(database: Database, number: int) -> Counter:
    with database.reading() as session:
        counter = session.scalars(select(Counter).where(Counter.id == counter_id(database, number))).one()
        session.expunge(counter)
        return counter


def test_a_key_press_is_one_round_trip_and_its_own_poke_is_not_re_read(
    qtbot: QtBot, hall_open_all_day: Database, supervisor: Actor, clerk: Actor, elsewhere: Actor,
    make_panel: PanelFactory, monkeypatch: pytest.MonkeyPatch,
) -> None:
    database = hall_open_all_day
    first, second, third = (issue(database, supervisor) for _ in range(3))
    panel = make_panel(clerk, refresh_ms=600_000)  # no periodic re-read during the test
    sign_in(qtbot, panel, database)
    qtbot.waitUntil(lambda: panel.own_pokes_skipped == 1, timeout=5000)  # the poke of signing in
    ran = record_operations(panel, monkeypatch)
    assert panel.waiting_box.title() == "Waiting for this counter: 3"

    def key(action: str, use_case: str) -> None:
        skipped = panel.own_pokes_skipped
        press(qtbot, panel, action)
        assert ran[-1] == use_case
        qtbot.waitUntil(lambda: panel.own_pokes_skipped == skipped + 1, timeout=5000)  # its poke came: skipped
        settle(qtbot, panel)

    key("call_next", "call_next")
    assert panel.current_label.text() == first.ticket.label  # applied from the call's result
    assert [t.id for t in panel.waiting_model.tickets] == [second.ticket.id, third.ticket.id]
    assert panel.panel is not None and panel.panel.lines[0].waiting == 2
    assert panel.waiting_box.title() == "Waiting for this counter: 2"
    key("start", "start_service")
    assert "being served" in panel.current_line.text()
    key("hold_resume", "hold_ticket")
    assert "on hold" in panel.current_line.text() and panel.call_next_action.isEnabled()
    key("hold_resume", "resume_ticket")
    assert "being served" in panel.current_line.text()
    key("finish", "finish_service")
    assert panel.current_label.text() == "—" and "Served today: 1" in panel.figures.text()
    key("call_next", "call_next")
    assert ran == ["call_next", "start_service", "hold_ticket", "resume_ticket", "finish_service", "call_next"]
    assert ticket_row(database, second.ticket.id).status == TicketStatus.CALLED.value
    backdate_call(database, second.ticket.id)  # past the recall cooldown
    refresh(qtbot, panel)
    ran.clear()
    key("recall", "recall")
    assert ran == ["recall"] and "recalls 1/3" in panel.current_details.text()
    assert not panel.recall_action.isEnabled()  # the cooldown runs again from the recall

    # A change made elsewhere is re-read: once.
    queue.issue_ticket(elsewhere, line_id(database, "A"))
    qtbot.waitUntil(lambda: "counter_panel" in ran, timeout=5000)
    settle(qtbot, panel)
    assert ran.count("counter_panel") == 1
    assert panel.waiting_box.title() == "Waiting for this counter: 2"  # third, and the new one


def test_the_panel_reads_nothing_on_the_gui_thread(
    qtbot: QtBot, hall_open_all_day: Database, supervisor: Actor, clerk: Actor, make_panel: PanelFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Building the panel, signing in, the keys and the re-reads all ask the worker: the
    GUI thread never waits on the database (but for the shared hall watcher's own poll of
    the SQLite change counter)."""
    database = hall_open_all_day
    tickets = [issue(database, supervisor) for _ in range(2)]
    gui = threading.current_thread()
    on_gui: list[str] = []

    def watch(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            frame = sys._getframe(1)
            caller = frame.f_code.co_name
            by_test = frame.f_globals.get("__name__", "").startswith("tests.")  # the test's own look-ups
            if threading.current_thread() is gui and caller != "hall_change_marker" and not by_test:
                on_gui.append(f"{name} from {caller}")
            return real(*args, **kwargs)

        return wrapper

    watched = clerk.database  # on PostgreSQL the clerk's own login
    for name in ("reading", "transaction", "core_transaction", "run_statement"):
        monkeypatch.setattr(watched, name, watch(name, getattr(watched, name)))
    panel = make_panel(clerk)
    sign_in(qtbot, panel, database)
    for action in ("call_next", "start", "hold_resume", "hold_resume", "finish"):
        press(qtbot, panel, action)
    refresh(qtbot, panel)
    assert panel.current_label.text() == "—" and [t.id for t in panel.waiting_model.tickets] == [tickets[1].ticket.id]
    panel.leave()
    settle(qtbot, panel)
    assert on_gui == []


def test_a_burst_of_hall_changes_is_one_read(
    qtbot: QtBot, hall_open_all_day: Database, clerk: Actor, make_panel: PanelFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    panel = make_panel(clerk, refresh_ms=600_000)
    reads: list[int] = []
    real = queue.counter_panel

    @functools.wraps(real)
    def counting(*args: Any, **kwargs: Any) -> queue.CounterPanel:
        reads.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(queue, "counter_panel", counting)
    gate = threading.Event()
    panel.backend.run_work(lambda: gate.wait(5))  # the worker is busy meanwhile
    for _ in range(5):
        panel._hall_changed(False)  # five pokes from other counters
    gate.set()
    settle(qtbot, panel)
    assert len(reads) == 1


def test_the_ticket_in_hand_signal_follows_the_ticket(
    qtbot: QtBot, hall_open_all_day: Database, supervisor: Actor, clerk: Actor, make_panel: PanelFactory
) -> None:
    database = hall_open_all_day
    ticket = issue(database, supervisor)
    panel = make_panel(clerk)
    sign_in(qtbot, panel, database)
    said: list[TicketView | None] = []
    panel.ticket_in_hand.connect(said.append)
    with qtbot.waitSignal(panel.ticket_in_hand, timeout=5000) as blocker:
        press(qtbot, panel, "call_next")
    assert isinstance(blocker.args[0], TicketView) and blocker.args[0].id == ticket.ticket.id
    press(qtbot, panel, "start")
    refresh(qtbot, panel)  # the same ticket, re-read: nothing new to say
    press(qtbot, panel, "hold_resume")
    press(qtbot, panel, "hold_resume")
    press(qtbot, panel, "finish")
    assert [t.status if t else None for t in said] == [
        TicketStatus.CALLED, TicketStatus.SERVING, TicketStatus.HELD, TicketStatus.SERVING, None,
    ]
    assert {t.id for t in said if t} == {ticket.ticket.id}


def test_the_serving_clerk_sees_the_full_name_and_the_lists_the_masked_one(
    qtbot: QtBot, hall_open_all_day: Database, supervisor: Actor, clerk: Actor, make_panel: PanelFactory
) -> None:
    database = hall_open_all_day
    for name in ("欧阳修", "张三"):
        queue.issue_ticket(supervisor, line_id(database, "A"), visitor=VisitorDetails(PersonalDataPurpose.CALL_BY_NAME, name))
    panel = make_panel(clerk)
    sign_in(qtbot, panel, database)
    model = panel.waiting_model
    assert [model.data(model.index(row, 3)) for row in range(model.rowCount())] == ["欧**", "张*"]
    said: list[TicketView | None] = []
    panel.ticket_in_hand.connect(said.append)
    press(qtbot, panel, "call_next")
    assert panel.current_visitor.text() == "欧阳修" and panel.current_visitor.isVisibleTo(panel)
    assert said[-1] is not None and said[-1].visitor_name == "欧阳修"
    assert [model.data(model.index(row, 3)) for row in range(model.rowCount())] == ["张*"]
    refresh(qtbot, panel)  # the panel's own read shows the full name too
    assert panel.current_visitor.text() == "欧阳修"
    press(qtbot, panel, "finish")
    assert not panel.current_visitor.isVisibleTo(panel)


def test_a_selected_waiting_ticket_stays_selected_when_the_queue_moves(
    qtbot: QtBot, hall_open_all_day: Database, supervisor: Actor, clerk: Actor, make_panel: PanelFactory
) -> None:
    database = hall_open_all_day
    tickets = [issue(database, supervisor) for _ in range(3)]
    panel = make_panel(clerk)
    sign_in(qtbot, panel, database)
    panel.waiting_view.selectRow(1)
    assert panel.selected_waiting() is not None and panel.selected_waiting().id == tickets[1].ticket.id  # type: ignore[union-attr]
    other = staff(database, "kg02")  # counter 2 calls the first ticket; another one is issued
    queue.open_counter(other, counter_id(database, 2))
    queue.call_next(other, counter_id(database, 2))
    issue(database, supervisor)
    refresh(qtbot, panel)
    assert [t.id for t in panel.waiting_model.tickets][:2] == [tickets[1].ticket.id, tickets[2].ticket.id]
    chosen = panel.selected_waiting()
    assert chosen is not None and chosen.id == tickets[1].ticket.id
    assert panel.waiting_view.selectionModel().selectedRows()[0].row() == 0


def test_a_ticket_is_transferred_only_to_an_open_or_paused_counter(
    qtbot: QtBot, hall_open_all_day: Database, supervisor: Actor, clerk: Actor, make_panel: PanelFactory
) -> None:
    database = hall_open_all_day
    ticket = issue(database, supervisor)
    queue.open_counter(staff(database, "kg02"), counter_id(database, 2))
    paused = staff(database, "kg03")
    queue.open_counter(paused, counter_id(database, 3))
    queue.pause_counter(paused, counter_id(database, 3))  # counter 14 (lines A B C) stays closed
    panel = make_panel(clerk)
    sign_in(qtbot, panel, database)
    press(qtbot, panel, "call_next")
    press(qtbot, panel, "transfer")
    dialog = panel.transfer_dialog
    assert dialog is not None and dialog.isVisible()
    offered = [dialog.counter_choice.itemData(i) for i in range(dialog.counter_choice.count())]
    assert offered == [counter_id(database, 2), counter_id(database, 3)]
    dialog.to_counter.setChecked(True)
    dialog.counter_choice.setCurrentIndex(1)
    dialog.accept()
    settle(qtbot, panel)
    moved = ticket_row(database, ticket.ticket.id)
    assert (moved.status, moved.target_counter_id) == (TicketStatus.WAITING.value, counter_id(database, 3))
    assert panel.current_label.text() == "—"


def test_a_supervisor_closing_the_counter_says_who_did_and_what_went_back(
    qtbot: QtBot, hall_open_all_day: Database, supervisor: Actor, clerk: Actor, elsewhere: Actor,
    make_panel: PanelFactory,
) -> None:
    database = hall_open_all_day
    ticket = issue(database, supervisor)
    panel = make_panel(clerk)
    sign_in(qtbot, panel, database)
    press(qtbot, panel, "call_next")
    assert panel.message.text() == f"Called {ticket.ticket.label}."
    said: list[TicketView | None] = []
    panel.ticket_in_hand.connect(said.append)

    hall_day.force_close_counter(elsewhere, counter_id(database, 1))
    qtbot.waitUntil(lambda: "was closed by" in panel.message.text(), timeout=10_000)  # the watcher's re-read
    assert panel.message.text() == (
        f"Counter 1 was closed by {elsewhere.full_name}; ticket {ticket.ticket.label} went back to the queue."
    )
    assert panel.current_label.text() == "—" and panel.current_line.text() == "Not signed in at this counter"
    assert [t.id for t in panel.waiting_model.tickets] == [ticket.ticket.id]
    assert said == [None]
    assert panel.open_action.isEnabled() and panel.counter_choice.isEnabled()

    # Signed in again with nothing in hand, closed again: it says so.
    press(qtbot, panel, "open")
    assert panel.message.text().startswith("Counter 1号窗口 is open")
    hall_day.force_close_counter(elsewhere, counter_id(database, 1))
    qtbot.waitUntil(lambda: "was closed by" in panel.message.text(), timeout=10_000)
    assert panel.message.text() == f"Counter 1 was closed by {elsewhere.full_name}; you are signed out of it."


# ---------------------------------------------------------------- leaving the window


def open_window(qtbot: QtBot, actor: Actor, database: Database) -> tuple[RoleWindow, CounterPanel]:
    window = RoleWindow(actor)
    qtbot.addWidget(window, before_close_func=lambda w: w.leave())  # a failed test closes without asking
    window.show()
    panel = window.counter_panel
    assert isinstance(panel, CounterPanel)
    settle(qtbot, panel)
    panel.counter_choice.setCurrentIndex(panel.counter_choice.findData(counter_id(database, 1)))
    settle(qtbot, panel)
    panel.open_action.trigger()
    settle(qtbot, panel)
    assert panel.signed_in_here()
    return window, panel


def test_logging_out_signs_the_clerk_out_of_the_counter(qtbot: QtBot, hall_open_all_day: Database, clerk: Actor) -> None:
    database = hall_open_all_day
    window, panel = open_window(qtbot, clerk, database)
    panel.pause_action.trigger()  # a paused counter too is signed out of
    settle(qtbot, panel)
    assert counter_row(database, 1).state == CounterState.PAUSED.value
    assert window.leave_warnings() == []
    with qtbot.waitSignal(window.logout_requested, timeout=5000):
        window.request_logout()  # nothing to warn about: no dialog
    counter = counter_row(database, 1)
    assert (counter.state, counter.clerk_id) == (CounterState.CLOSED.value, None)
    assert not window.backend.operations.running


def test_leaving_with_a_ticket_in_hand_asks_first_and_leaves_the_counter_open(
    qtbot: QtBot, hall_open_all_day: Database, supervisor: Actor, clerk: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = hall_open_all_day
    ticket = issue(database, supervisor)
    window, panel = open_window(qtbot, clerk, database)
    panel.call_next_action.trigger()
    settle(qtbot, panel)
    warning = (
        f"Ticket {ticket.ticket.label} is still in hand at counter 1. If you leave now, the counter stays open "
        "with it until a supervisor closes it."
    )
    assert window.leave_warnings() == [warning]

    asked: list[str] = []
    answer = ["Stay"]

    def exec_(box: QMessageBox) -> int:
        asked.append(box.text())
        next(button for button in box.buttons() if button.text() == answer[0]).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    window.close()  # Ctrl+Q
    assert asked == [warning] and window.isVisible() and panel.watcher is not None  # stayed
    answer[0] = "Leave anyway"
    window.close()
    assert len(asked) == 2 and not window.isVisible() and not window.backend.operations.running
    counter = counter_row(database, 1)
    assert (counter.state, counter.clerk_id) == (CounterState.OPEN.value, clerk.staff_id)  # until a supervisor closes it
    assert ticket_row(database, ticket.ticket.id).status == TicketStatus.CALLED.value
    with database.reading() as session:
        assert session.scalar(select(Ticket.counter_id).where(Ticket.id == ticket.ticket.id)) == counter_id(database, 1)
