"""The clerk's counter panel, driven through its keyboard shortcuts, on both databases.

The panel runs every use case on its backend's worker: after a key press the tests wait
until the backend is idle (``settle``) before they look."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from counter_app.db.engine import Database
from counter_app.db.models import Role, Ticket
from counter_app.domain.queue import CounterState, TicketStatus
from counter_app.services import queue
from counter_app.services.access import Actor
from counter_app.ui.counter.panel import ACTION_KEYS, CounterPanel
from counter_app.ui.shared.backend import Backend
from counter_app.ui.shared.operations import LIVE_RUNNERS
from tests.queue_support import counter_id, line_id, staff

PanelFactory = Callable[..., CounterPanel]


@pytest.fixture
def supervisor(hall_open_all_day: Database) -> Actor:
    return staff(hall_open_all_day, "kg_zb")


@pytest.fixture
def clerk(hall_open_all_day: Database) -> Actor:
    return staff(hall_open_all_day, "kg01")


def settle(qtbot: QtBot, panel: CounterPanel) -> None:
    """Wait until every operation the panel asked for has answered (its first read of the
    hall's counters comes with the hall watcher's first change, once it listens)."""
    qtbot.waitUntil(lambda: panel.backend.operations.idle, timeout=10_000)
    if panel.hall_id is not None and not panel.counters:
        qtbot.waitUntil(lambda: bool(panel.counters) and panel.backend.operations.idle, timeout=10_000)


@pytest.fixture
def make_panel(qtbot: QtBot, hall_open_all_day: Database) -> Iterator[PanelFactory]:
    panels: list[CounterPanel] = []

    def make(actor: Actor, *, refresh_ms: int | None = None) -> CounterPanel:
        backend = Backend(actor)
        if refresh_ms is not None:  # the watcher's periodic re-read, before the panel subscribes
            backend.watchers.watcher_options["refresh_ms"] = refresh_ms
        panel = CounterPanel(backend)
        backend.setParent(panel)
        qtbot.addWidget(panel)
        panel.resize(1400, 900)
        with qtbot.waitActive(panel):  # shortcuts work in the active window only
            panel.show()
            panel.activateWindow()
        panels.append(panel)
        settle(qtbot, panel)
        return panel

    yield make
    for panel in panels:  # no worker thread, watcher or clock may outlive its test
        panel.stop()
        panel.backend.stop()
        assert panel.watcher is None and not panel._tick_timer.isActive()
        assert not panel.backend.operations.running and panel.backend.operations not in LIVE_RUNNERS


def issue(database: Database, actor: Actor, prefix: str = "A") -> queue.IssuedTicket:
    return queue.issue_ticket(actor, line_id(database, prefix))


def press(qtbot: QtBot, panel: CounterPanel, action: str) -> None:
    key = getattr(Qt.Key, f"Key_{ACTION_KEYS[action]}")
    qtbot.keyClick(panel, key)
    settle(qtbot, panel)


def refresh(qtbot: QtBot, panel: CounterPanel) -> None:
    panel.refresh()
    settle(qtbot, panel)


def choose_counter(qtbot: QtBot, panel: CounterPanel, database: Database, number: int) -> None:
    panel.counter_choice.setCurrentIndex(panel.counter_choice.findData(counter_id(database, number)))
    settle(qtbot, panel)


def sign_in(qtbot: QtBot, panel: CounterPanel, database: Database, number: int = 1) -> None:
    choose_counter(qtbot, panel, database, number)
    press(qtbot, panel, "open")
    assert panel.counter is not None and panel.counter.state is CounterState.OPEN
    assert panel.counter.clerk_id == panel.actor.staff_id


def ticket_row(database: Database, ticket_id: int) -> Ticket:
    with database.reading() as session:
        ticket = session.get(Ticket, ticket_id)
        assert ticket is not None
        session.expunge(ticket)
        return ticket


def backdate_call(database: Database, ticket_id: int, seconds: int = 120) -> None:
    """Move a call into the past, past the recall cooldown."""
    with database.transaction() as session:
        session.execute(
            update(Ticket).where(Ticket.id == ticket_id)
            .values(called_at=datetime.now(UTC) - timedelta(seconds=seconds), last_called_at=datetime.now(UTC) - timedelta(seconds=seconds))
        )


def test_clerk_flow_through_the_shortcuts(
    qtbot: QtBot, hall_open_all_day: Database, supervisor: Actor, clerk: Actor, make_panel: PanelFactory
) -> None:
    database = hall_open_all_day
    first = issue(database, supervisor)
    panel = make_panel(clerk)
    sign_in(qtbot, panel, database)
    assert [t.label for t in panel.waiting_model.tickets] == [first.ticket.label]

    press(qtbot, panel, "call_next")
    assert panel.current_label.text() == first.ticket.label
    assert "called" in panel.current_line.text()
    assert ticket_row(database, first.ticket.id).status == TicketStatus.CALLED.value
    press(qtbot, panel, "start")
    assert ticket_row(database, first.ticket.id).status == TicketStatus.SERVING.value
    assert "being served" in panel.current_line.text()
    press(qtbot, panel, "finish")
    assert ticket_row(database, first.ticket.id).status == TicketStatus.DONE.value
    assert panel.current_label.text() == "—"
    assert panel.panel is not None and panel.panel.figures.served_today == 1
    assert "Served today: 1" in panel.figures.text()
    refresh(qtbot, panel)  # the re-read agrees with what the panel worked out itself
    assert panel.panel is not None and panel.panel.figures.served_today == 1

    # No-show, then reinstate from the no-show list: back in the queue at its place.
    second = issue(database, supervisor)
    refresh(qtbot, panel)
    press(qtbot, panel, "call_next")
    assert panel.current_label.text() == second.ticket.label
    press(qtbot, panel, "no_show")  # refused: recalls first
    assert ticket_row(database, second.ticket.id).status == TicketStatus.CALLED.value
    with database.transaction() as session:  # the last recall was made long enough ago
        session.execute(update(Ticket).where(Ticket.id == second.ticket.id).values(recall_count=3))
    backdate_call(database, second.ticket.id)
    refresh(qtbot, panel)
    press(qtbot, panel, "no_show")
    assert ticket_row(database, second.ticket.id).status == TicketStatus.NO_SHOW.value
    assert [t.label for t in panel.no_show_model.tickets] == [second.ticket.label]
    assert not panel.reinstate_action.isEnabled()
    panel.no_show_view.selectRow(0)
    assert panel.reinstate_action.isEnabled()
    press(qtbot, panel, "reinstate")
    assert ticket_row(database, second.ticket.id).status == TicketStatus.WAITING.value
    assert [t.label for t in panel.waiting_model.tickets] == [second.ticket.label]
    assert panel.no_show_model.tickets == []

    # Transfer to another line keeps the label (and the place in the queue).
    press(qtbot, panel, "call_next")
    assert panel.current_label.text() == second.ticket.label
    press(qtbot, panel, "transfer")
    dialog = panel.transfer_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.to_line.setChecked(True)
    dialog.line_choice.setCurrentIndex(dialog.line_choice.findData(line_id(database, "B")))
    dialog.accept()
    settle(qtbot, panel)
    moved = ticket_row(database, second.ticket.id)
    assert (moved.status, moved.label, moved.line_id) == (TicketStatus.WAITING.value, second.ticket.label, line_id(database, "B"))
    assert moved.queued_at == second.ticket.queued_at
    assert panel.current_label.text() == "—"
    assert panel.waiting_model.tickets == []  # counter 1 serves line A only
    assert f"{second.ticket.label} transferred" in panel.message.text()


def test_hold_resume_and_call_selected(
    qtbot: QtBot, hall_open_all_day: Database, supervisor: Actor, clerk: Actor, make_panel: PanelFactory
) -> None:
    database = hall_open_all_day
    tickets = [issue(database, supervisor) for _ in range(3)]
    panel = make_panel(clerk)
    sign_in(qtbot, panel, database)
    # F8 calls the selected waiting ticket out of order.
    assert not panel.call_selected_action.isEnabled()
    panel.waiting_view.selectRow(2)
    assert panel.call_selected_action.isEnabled()
    press(qtbot, panel, "call_selected")
    assert panel.current_label.text() == tickets[2].ticket.label
    # F6 holds it: the counter is free to call the next one; F6 again on the held one resumes it.
    assert panel.hold_resume_action.text().startswith("Hold")
    press(qtbot, panel, "hold_resume")
    assert ticket_row(database, tickets[2].ticket.id).status == TicketStatus.HELD.value
    assert panel.held_model.rowCount() == 1 and panel.held_list.isVisibleTo(panel)
    assert panel.hold_resume_action.text().startswith("Resume")
    assert panel.call_next_action.isEnabled()
    press(qtbot, panel, "call_next")
    assert panel.current_label.text() == tickets[0].ticket.label
    assert panel.hold_resume_action.text().startswith("Hold")  # the active ticket has the focus
    press(qtbot, panel, "finish")
    assert panel.current_label.text() == tickets[2].ticket.label  # the held one comes forward
    press(qtbot, panel, "hold_resume")
    assert ticket_row(database, tickets[2].ticket.id).status == TicketStatus.SERVING.value
    assert panel.held_model.rowCount() == 0 and not panel.held_list.isVisibleTo(panel)


def test_the_chosen_held_ticket_stays_chosen_across_refreshes(
    qtbot: QtBot, hall_open_all_day: Database, supervisor: Actor, clerk: Actor, make_panel: PanelFactory
) -> None:
    database = hall_open_all_day
    tickets = [issue(database, supervisor) for _ in range(2)]
    panel = make_panel(clerk)
    sign_in(qtbot, panel, database)
    for _ in tickets:  # call and hold both
        press(qtbot, panel, "call_next")
        press(qtbot, panel, "hold_resume")
    assert [t.label for t in panel.held_model.tickets] == [t.ticket.label for t in tickets]
    panel.held_list.setCurrentIndex(panel.held_model.index(1, 0))
    assert panel.current_label.text() == tickets[1].ticket.label
    refresh(qtbot, panel)
    assert panel.held_list.currentIndex().row() == 1 and panel.current_label.text() == tickets[1].ticket.label
    press(qtbot, panel, "hold_resume")  # resumes the chosen one, not the first
    assert ticket_row(database, tickets[1].ticket.id).status == TicketStatus.SERVING.value
    assert ticket_row(database, tickets[0].ticket.id).status == TicketStatus.HELD.value


def test_buttons_are_enabled_only_when_the_action_makes_sense(
    qtbot: QtBot, hall_open_all_day: Database, supervisor: Actor, clerk: Actor, make_panel: PanelFactory
) -> None:
    database = hall_open_all_day
    panel = make_panel(clerk)
    choose_counter(qtbot, panel, database, 1)

    def enabled() -> set[str]:
        return {name for name in ACTION_KEYS if getattr(panel, f"{name}_action").isEnabled()}

    assert enabled() == {"open"}
    assert panel.open_action.text() == "Sign in && open (F10)"
    press(qtbot, panel, "open")
    assert enabled() == {"pause", "close"}  # nobody waits yet
    assert not panel.counter_choice.isEnabled()  # signed in: the counter is fixed until closed

    ticket = issue(database, supervisor)
    qtbot.waitUntil(lambda: "call_next" in enabled(), timeout=8000)  # the hall watcher re-reads
    assert enabled() == {"call_next", "pause", "close"}

    press(qtbot, panel, "call_next")
    assert enabled() == {"start", "finish", "hold_resume", "transfer", "pause"}  # no-show after the recalls
    assert panel.recall_action.text().startswith("Recall in ")  # the cooldown is shown
    backdate_call(database, ticket.ticket.id)
    refresh(qtbot, panel)
    assert "recall" in enabled() and panel.recall_action.text() == "Recall (F2)"
    assert "recalls 0/3" in panel.current_details.text()
    press(qtbot, panel, "recall")
    assert ticket_row(database, ticket.ticket.id).recall_count == 1
    assert "recalls 1/3" in panel.current_details.text()
    assert "recall" not in enabled()

    press(qtbot, panel, "start")
    assert enabled() == {"finish", "hold_resume", "transfer", "pause"}
    press(qtbot, panel, "pause")
    assert enabled() == {"open", "finish", "hold_resume", "transfer"}
    assert panel.open_action.text() == "Resume counter (F10)"
    press(qtbot, panel, "finish")
    press(qtbot, panel, "close")
    assert enabled() == {"open"}
    assert panel.counter_choice.isEnabled()

    # A counter someone else is signed in at cannot be opened here.
    queue.open_counter(staff(database, "kg02"), counter_id(database, 2))
    choose_counter(qtbot, panel, database, 2)
    assert enabled() == set()
    assert "in use by" in panel.counter_state.text()


def test_no_show_after_the_last_recall_and_its_cooldown(
    qtbot: QtBot, hall_open_all_day: Database, supervisor: Actor, clerk: Actor, make_panel: PanelFactory
) -> None:
    database = hall_open_all_day
    ticket = issue(database, supervisor)
    panel = make_panel(clerk)
    sign_in(qtbot, panel, database)
    press(qtbot, panel, "call_next")
    with database.transaction() as session:  # recalled for the last time 5 s ago
        session.execute(update(Ticket).where(Ticket.id == ticket.ticket.id).values(recall_count=3, called_at=datetime.now(UTC) - timedelta(seconds=5), last_called_at=datetime.now(UTC) - timedelta(seconds=5)))
    refresh(qtbot, panel)
    assert not panel.no_show_action.isEnabled()
    assert panel.no_show_action.text() in {"No-show in 15 s (F5)", "No-show in 14 s (F5)"}
    backdate_call(database, ticket.ticket.id, seconds=21)
    refresh(qtbot, panel)
    assert panel.no_show_action.isEnabled() and panel.no_show_action.text() == "No-show (F5)"
    press(qtbot, panel, "no_show")
    assert ticket_row(database, ticket.ticket.id).status == TicketStatus.NO_SHOW.value
    assert panel.panel is not None and [t.id for t in panel.panel.no_shows] == [ticket.ticket.id]


def test_a_refused_action_shows_the_reason_and_changes_nothing(
    qtbot: QtBot, hall_open_all_day: Database, supervisor: Actor, clerk: Actor, make_panel: PanelFactory
) -> None:
    database = hall_open_all_day
    ticket = issue(database, supervisor)
    panel = make_panel(clerk)
    sign_in(qtbot, panel, database)
    press(qtbot, panel, "call_next")
    assert panel.watcher is not None and panel.hall_id is not None
    panel.backend.watchers.unsubscribe(panel.hall_id, panel)  # the panel does not see what happens next
    queue.transfer(supervisor, ticket.ticket.id, to_line_id=line_id(database, "B"))
    before = ticket_row(database, ticket.ticket.id)
    assert panel.start_action.isEnabled()  # stale: the panel still thinks the ticket is here

    press(qtbot, panel, "start")
    assert f"Ticket {ticket.ticket.label} is not at counter 1." in panel.message.text()
    after = ticket_row(database, ticket.ticket.id)
    assert (after.status, after.counter_id, after.service_started_at) == (before.status, None, None)
    assert panel.current_label.text() == "—"  # and the panel re-read the truth
    assert QApplication.activeModalWidget() is None  # non-blocking: no dialog


def test_a_new_panel_restores_the_ticket_in_hand_after_a_crash(
    qtbot: QtBot, hall_open_all_day: Database, supervisor: Actor, clerk: Actor, make_panel: PanelFactory
) -> None:
    database = hall_open_all_day
    issue(database, supervisor)
    ticket = issue(database, supervisor)
    first = make_panel(clerk)
    sign_in(qtbot, first, database, 3)
    first.waiting_view.selectRow(1)
    press(qtbot, first, "call_selected")
    assert first.current_label.text() == ticket.ticket.label
    first.stop()
    first.backend.stop()
    first.hide()  # the client "crashes": nothing is closed or signed out

    again = make_panel(clerk)
    assert again.counter_id == counter_id(database, 3)
    assert again.current_label.text() == ticket.ticket.label
    assert "called" in again.current_line.text()
    assert again.start_action.isEnabled() and not again.no_show_action.isEnabled()  # no-show comes after the recalls
    assert not again.counter_choice.isEnabled()


def test_panel_without_a_hall_explains(qtbot: QtBot, hall_open_all_day: Database, make_panel: PanelFactory) -> None:
    nobody = Actor(hall_open_all_day, staff_id=999, username="x", full_name="x", role=Role.CLERK, hall_id=None)
    panel = make_panel(nobody)
    assert "no hall" in panel.message.text()
    assert not any(getattr(panel, f"{name}_action").isEnabled() for name in ACTION_KEYS)


def test_the_clerk_window_opens_on_the_panel_and_its_keys_work_only_there(
    qtbot: QtBot, hall_open_all_day: Database, supervisor: Actor, clerk: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from counter_app.ui.main_window import RoleWindow

    database = hall_open_all_day
    issue(database, supervisor)
    window = RoleWindow(clerk)
    qtbot.addWidget(window, before_close_func=lambda w: w.leave())  # a failed test closes without asking
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    panel = window.counter_panel
    assert isinstance(panel, CounterPanel) and window.issuing is None
    settle(qtbot, panel)
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == ["Counter", "Licences", "Service catalogue"]
    choose_counter(qtbot, panel, database, 1)
    qtbot.keyClick(window, Qt.Key.Key_F10)
    settle(qtbot, panel)
    assert panel.counter is not None and panel.counter.state is CounterState.OPEN
    window.tabs.setCurrentIndex(1)  # on the catalogue tab the counter keys do nothing, and it says so
    qtbot.keyClick(window.workspace("catalogue").search, Qt.Key.Key_F1)
    settle(qtbot, panel)
    assert panel.active_ticket() is None
    assert "Counter tab (Ctrl+1)" in window.statusBar().currentMessage()
    window.tabs.setCurrentIndex(0)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    settle(qtbot, panel)
    assert panel.current_label.text() == "A001"
    # Leaving with A001 in hand asks first; "Leave anyway" leaves it at the open counter.
    monkeypatch.setattr(QMessageBox, "exec", lambda box: next(b for b in box.buttons() if b.text() == "Leave anyway").click())
    window.close()
    assert panel.watcher is None and not panel._tick_timer.isActive()
    assert not window.backend.operations.running
