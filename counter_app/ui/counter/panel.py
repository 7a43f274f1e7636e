"""The clerk's counter panel: sign in at a counter, call, recall, serve, hold, transfer.

Every counter action has a keyboard shortcut (see ``ACTION_KEYS``); a button is enabled
only when its action makes sense for the ticket in hand (``state.choices``, from the
domain's transitions). Nothing here waits for the database: every use case runs on the
window's ``Backend`` worker and answers back on the GUI thread.

The clerk's key press is cheap: call next, recall, start, finish, hold and resume run
their one statement and the panel applies the returned ticket itself (``state.with_move``);
the hall's poke that follows came from this panel (``own_only``) and is skipped. Every
other change of the hall, and the watcher's periodic refresh, re-read the panel
(``queue.counter_panel``: three statements), a burst of them merged into one read. The
waiting times tick locally every second. After a crash the panel comes back at the
counter the clerk is still signed in at, with the called or served ticket in hand.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QSizePolicy,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.queue import CounterState, TicketPriority, TicketStatus
from counter_app.errors import UserError
from counter_app.services import queue
from counter_app.services.access import Actor
from counter_app.services.queue import CounterInfo, LineInfo, TicketView
from counter_app.ui.counter import state
from counter_app.ui.counter.models import (
    HeldTicketsModel,
    TicketTableModel,
    clock_text,
    counter_state_text,
    counter_text,
    priority_text,
    status_text,
)
from counter_app.ui.counter.transfer import TransferDialog
from counter_app.ui.shared.backend import Backend
from counter_app.ui.shared.hall_widgets import ConnectionBanner, MessageLine
from counter_app.ui.translation import user_message

if TYPE_CHECKING:
    from counter_app.events.watcher import HallWatcher

# Other screens take these words from here.
__all__ = [
    "ACTION_KEYS", "CounterPanel", "TicketTableModel", "TransferDialog", "clock_text", "counter_state_text",
    "counter_text", "priority_text", "status_text",
]

T = TypeVar("T")

# The keys of the counter actions: one place, shown on the buttons and in the report.
ACTION_KEYS: dict[str, str] = {
    "call_next": "F1",
    "recall": "F2",
    "start": "F3",
    "finish": "F4",
    "no_show": "F5",
    "hold_resume": "F6",
    "transfer": "F7",
    "call_selected": "F8",
    "reinstate": "F9",
    "open": "F10",
    "pause": "F11",
    "close": "F12",
}

STATUS_COLOURS = {
    TicketStatus.CALLED: "#e65100",
    TicketStatus.SERVING: "#2e7d32",
    TicketStatus.HELD: "#546e7a",
}
STATE_COLOURS = {CounterState.OPEN: "#2e7d32", CounterState.PAUSED: "#ef6c00", CounterState.CLOSED: "#757575"}


class CounterChoice(QComboBox):
    """The counter chooser; says when its list is about to show, so that the counters'
    states are read fresh then (not on every poke of the hall)."""

    about_to_show = Signal()

    def showPopup(self) -> None:  # noqa: N802 - Qt API
        self.about_to_show.emit()
        super().showPopup()


class CounterPanel(QWidget):
    """The clerk's workspace at a counter.

    Signals:
        state_changed: the panel shows a new state (read, or applied after an action).
        ticket_in_hand(TicketView | None): the ticket the clerk works on changed (called,
            started, recalled, put on hold, finished …): for what plugs in beside the panel.
    """

    state_changed = Signal()
    ticket_in_hand = Signal(object)

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.setObjectName("counter_panel")
        self.hall_id = backend.actor.hall_id
        self.panel: queue.CounterPanel | None = None
        self.counters: list[CounterInfo] = []
        self.lines: dict[int, LineInfo] = {}
        self.transfer_dialog: TransferDialog | None = None
        self.own_pokes_skipped = 0  # pokes of this panel's own moves, not re-read (for tests and logs)
        self._in_hand: TicketView | None = None  # what ticket_in_hand said last
        self._acting = False  # an action is on its way: a second key press waits for its answer
        self._own_change_shown = False  # the panel shows its own latest move: its poke needs no re-read
        self._reading = False
        self._restore_pending = False
        self._subscribed = False
        self._load_on_first_change = False

        self._build()
        self._build_actions()
        self._tick_timer = QTimer(self)
        self._tick_timer.setInterval(1000)
        self._tick_timer.timeout.connect(self.tick)

        if self.hall_id is None:
            self.show_error(self.tr("Your account belongs to no hall: ask the administrator to assign one."))
            self._show_panel()
            return
        # While the hall's watcher connects, its first change is our first read (no double
        # read, and no change missed between a read and the LISTEN).
        self._load_on_first_change = self.backend.watchers.subscribe(
            self.hall_id, self, self._hall_changed, self.connection_banner
        )
        self._subscribed = True
        if not self._load_on_first_change:
            self._load_counters(restore=True)
        self._tick_timer.start()

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        self.setStyleSheet(
            """
            QToolButton#action_button { font-size: 17px; padding: 8px; min-height: 56px; }
            QToolButton#counter_button { font-size: 15px; padding: 6px 14px; }
            QTableView { font-size: 15px; }
            QListView#held_list { font-size: 15px; }
            QGroupBox { font-size: 15px; font-weight: bold; }
            QComboBox#counter_choice { font-size: 15px; }
            QLabel#current_label { font-size: 96px; font-weight: bold; }
            QLabel#current_visitor { font-size: 28px; font-weight: bold; color: #1a237e; }
            QLabel#current_line { font-size: 24px; }
            QLabel#current_details { font-size: 17px; color: #333; }
            QLabel#figures { font-size: 14px; color: #37474f; }
            QFrame#current_frame { border: 1px solid #c5cae9; border-radius: 6px; background: #fafbff; }
            """
        )
        # Counter chooser and counter state.
        self.counter_choice = CounterChoice()
        self.counter_choice.setObjectName("counter_choice")
        self.counter_choice.setMinimumWidth(320)
        self.counter_choice.currentIndexChanged.connect(self._counter_chosen)
        self.counter_choice.about_to_show.connect(lambda: self._load_counters())
        self.counter_state = QLabel()
        self.counter_state.setObjectName("counter_state")
        self.counter_state.setStyleSheet("font-size: 16px; font-weight: bold; padding: 0 12px;")
        self.open_button = self._tool_button("counter_button")
        self.pause_button = self._tool_button("counter_button")
        self.close_button = self._tool_button("counter_button")
        self.figures = QLabel()
        self.figures.setObjectName("figures")
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Counter")))
        top.addWidget(self.counter_choice)
        top.addWidget(self.counter_state)
        top.addWidget(self.open_button)
        top.addWidget(self.pause_button)
        top.addWidget(self.close_button)
        top.addStretch(1)

        # The connection banner and the message line.
        self.connection_banner = ConnectionBanner()
        self.message = MessageLine()

        # The ticket in hand.
        current_frame = QFrame()
        current_frame.setObjectName("current_frame")
        self.current_title = QLabel(self.tr("Ticket in hand"))
        self.current_title.setStyleSheet("font-size: 15px; color: #555;")
        self.current_label = QLabel("—")
        self.current_label.setObjectName("current_label")
        self.current_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # The visitor's full name: the clerk serving them greets them by it (lists mask it).
        self.current_visitor = QLabel()
        self.current_visitor.setObjectName("current_visitor")
        self.current_visitor.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.current_visitor.hide()
        self.current_line = QLabel()
        self.current_line.setObjectName("current_line")
        self.current_line.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.current_details = QLabel()
        self.current_details.setObjectName("current_details")
        self.current_details.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.current_details.setWordWrap(True)
        self.held_title = QLabel(self.tr("On hold at this counter"))
        self.held_model = HeldTicketsModel(self)
        self.held_list = QListView()
        self.held_list.setObjectName("held_list")
        self.held_list.setModel(self.held_model)
        self.held_list.setMaximumHeight(90)
        # Left to right from the top, wrapping: a row of chips, not one lost in the middle.
        self.held_list.setFlow(QListView.Flow.LeftToRight)
        self.held_list.setWrapping(True)
        self.held_list.setResizeMode(QListView.ResizeMode.Adjust)
        self.held_list.setSpacing(6)
        self.held_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.held_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.held_list.selectionModel().currentChanged.connect(lambda *_: self._show_current())
        current_layout = QVBoxLayout(current_frame)
        # The clerk's figures on the title row: the top row has no room for them at 1280 px.
        title_row = QHBoxLayout()
        title_row.addWidget(self.current_title)
        title_row.addStretch(1)
        title_row.addWidget(self.figures)
        current_layout.addLayout(title_row)
        current_layout.addStretch(1)
        current_layout.addWidget(self.current_label)
        current_layout.addWidget(self.current_visitor)
        current_layout.addWidget(self.current_line)
        current_layout.addWidget(self.current_details)
        current_layout.addStretch(1)
        current_layout.addWidget(self.held_title)
        current_layout.addWidget(self.held_list)

        # The counter actions.
        self.call_next_button = self._tool_button()
        self.recall_button = self._tool_button()
        self.start_button = self._tool_button()
        self.finish_button = self._tool_button()
        self.no_show_button = self._tool_button()
        self.hold_button = self._tool_button()
        self.transfer_button = self._tool_button()
        self.call_selected_button = self._tool_button()
        actions = QGridLayout()
        for position, button in enumerate(
            (
                self.call_next_button, self.recall_button, self.start_button, self.finish_button,
                self.no_show_button, self.hold_button, self.transfer_button, self.call_selected_button,
            )
        ):
            actions.addWidget(button, position // 4, position % 4)

        left = QVBoxLayout()
        left.addWidget(current_frame, 1)
        left.addLayout(actions)

        # Waiting tickets and no-shows.
        self.waiting_model = TicketTableModel(self.tr("Waited"), "queued_at", self.backend.now, self)
        self.waiting_view = self._table(self.waiting_model, "waiting_view")
        self.waiting_view.doubleClicked.connect(lambda _index: self.call_selected_action.trigger())
        self.waiting_box = QGroupBox()
        waiting_layout = QVBoxLayout(self.waiting_box)
        waiting_layout.addWidget(self.waiting_view)
        self.no_show_model = TicketTableModel(self.tr("Since call"), "called_at", self.backend.now, self)
        self.no_show_view = self._table(self.no_show_model, "no_show_view")
        self.reinstate_button = self._tool_button("counter_button")
        self.no_show_box = QGroupBox()
        no_show_layout = QVBoxLayout(self.no_show_box)
        no_show_layout.addWidget(self.no_show_view)
        no_show_layout.addWidget(self.reinstate_button, 0, Qt.AlignmentFlag.AlignRight)
        right = QVBoxLayout()
        right.addWidget(self.waiting_box, 3)
        right.addWidget(self.no_show_box, 2)

        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.connection_banner)
        layout.addLayout(body, 1)
        layout.addWidget(self.message)

    def _tool_button(self, name: str = "action_button") -> QToolButton:
        button = QToolButton()
        button.setObjectName(name)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        if name == "action_button":
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        return button

    def _table(self, model: TicketTableModel, name: str) -> QTableView:
        view = QTableView()
        view.setObjectName(name)
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.verticalHeader().hide()
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        view.selectionModel().selectionChanged.connect(lambda *_: self.update_actions())
        return view

    def _action(self, key: str, slot: Callable[[], None], button: QToolButton) -> QAction:
        action = QAction(self)
        action.setShortcut(QKeySequence(ACTION_KEYS[key]))
        action.setObjectName(f"{key}_action")
        action.triggered.connect(slot)
        self.addAction(action)
        button.setDefaultAction(action)
        return action

    def _build_actions(self) -> None:
        self.call_next_action = self._action("call_next", self.call_next, self.call_next_button)
        self.recall_action = self._action("recall", self.recall, self.recall_button)
        self.start_action = self._action("start", self.start_service, self.start_button)
        self.finish_action = self._action("finish", self.finish_service, self.finish_button)
        self.no_show_action = self._action("no_show", self.mark_no_show, self.no_show_button)
        self.hold_resume_action = self._action("hold_resume", self.hold_or_resume, self.hold_button)
        self.transfer_action = self._action("transfer", self.open_transfer_dialog, self.transfer_button)
        self.call_selected_action = self._action("call_selected", self.call_selected, self.call_selected_button)
        self.reinstate_action = self._action("reinstate", self.reinstate_selected, self.reinstate_button)
        self.open_action = self._action("open", self.open_counter, self.open_button)
        self.pause_action = self._action("pause", self.pause_counter, self.pause_button)
        self.close_action = self._action("close", self.close_counter, self.close_button)
        self._set_text(self.call_next_action, self.tr("Call next"), "call_next")
        self._set_text(self.start_action, self.tr("Start service"), "start")
        self._set_text(self.finish_action, self.tr("Finish"), "finish")
        self._set_text(self.transfer_action, self.tr("Transfer…"), "transfer")
        self._set_text(self.call_selected_action, self.tr("Call selected"), "call_selected")
        self._set_text(self.reinstate_action, self.tr("Reinstate"), "reinstate")
        self._set_text(self.pause_action, self.tr("Pause"), "pause")
        self._set_text(self.close_action, self.tr("Close counter"), "close")

    @staticmethod
    def _set_text(action: QAction, text: str, key: str) -> None:
        label = f"{text} ({ACTION_KEYS[key]})"
        if action.text() != label:
            action.setText(label)

    # ------------------------------------------------------------------ state

    @property
    def actor(self) -> Actor:
        return self.backend.actor  # the window may swap it (a changed password)

    @property
    def watcher(self) -> HallWatcher | None:
        """The hall's shared watcher, while this panel listens to it."""
        if not self._subscribed or self.hall_id is None:
            return None
        return self.backend.watchers.watcher(self.hall_id)

    @property
    def counter_id(self) -> int | None:
        data = self.counter_choice.currentData()
        return int(data) if data is not None else None

    @property
    def counter(self) -> CounterInfo | None:
        return self.panel.counter if self.panel else None

    def signed_in_here(self) -> bool:
        return state.signed_in(self.panel, self.actor.staff_id)

    def counter_is_open(self) -> bool:
        return self.signed_in_here() and self.counter is not None and self.counter.state is CounterState.OPEN

    def active_ticket(self) -> TicketView | None:
        """The called or served ticket at this counter (at most one)."""
        return state.active_ticket(self.panel)

    def held_tickets(self) -> list[TicketView]:
        return state.held_tickets(self.panel)

    def focus_ticket(self) -> TicketView | None:
        """The ticket the actions apply to: the active one, else the chosen held one."""
        active = self.active_ticket()
        if active is not None:
            return active
        held = self.held_tickets()
        if not held:
            return None
        chosen = self.held_model.ticket_at(self.held_list.currentIndex().row())
        return next((t for t in held if chosen is not None and t.id == chosen.id), held[0])

    def selected_waiting(self) -> TicketView | None:
        rows = self.waiting_view.selectionModel().selectedRows()
        return self.waiting_model.ticket_at(rows[0].row()) if rows else None

    def selected_no_show(self) -> TicketView | None:
        rows = self.no_show_view.selectionModel().selectedRows()
        return self.no_show_model.ticket_at(rows[0].row()) if rows else None

    def now(self) -> datetime:
        """The hall's time for the countdowns (the server's clock as last measured, or
        the injected one): the services judge cooldowns by it; no round trip."""
        return self.backend.now()

    def recall_cooldown_left(self) -> int:
        ticket = self.focus_ticket()
        if self.panel is None or ticket is None:
            return 0
        return state.recall_wait(self.panel, ticket, self.now())

    def no_show_wait_left(self) -> int | None:
        """Seconds until the called ticket may be marked no-show; None while recalls remain."""
        ticket = self.focus_ticket()
        if self.panel is None or ticket is None:
            return None
        return state.no_show_wait(self.panel, ticket, self.now())

    # ------------------------------------------------------------------ reading

    def _load_counters(self, restore: bool = False) -> None:
        """Read the hall's counters and lines for the chooser; ``restore`` then selects the
        counter the clerk is signed in at (else a free one)."""
        if self.hall_id is None:
            return
        hall_id = self.hall_id
        self._restore_pending = self._restore_pending or restore  # a merged request keeps it
        bind = self.backend.bind

        def work() -> tuple[list[CounterInfo], list[LineInfo]]:
            return bind(queue.hall_counters, hall_id)(), bind(queue.hall_lines, hall_id)()

        self.backend.run_work(
            work, done=lambda result: self._counters_loaded(*result), failed=self._read_failed,
            key=("counters", hall_id), owner=self,
        )

    def _counters_loaded(self, counters: list[CounterInfo], lines: list[LineInfo]) -> None:
        self.counters = counters
        self.lines = {line.id: line for line in lines}
        restore, self._restore_pending = self._restore_pending, False
        before = self.counter_id
        wanted = before
        if restore or wanted is None:
            staff_id = self.actor.staff_id
            mine = next((c for c in counters if c.clerk_id == staff_id and c.state is not CounterState.CLOSED), None)
            free = next((c for c in counters if c.clerk_id is None or c.state is CounterState.CLOSED), None)
            chosen = mine or free or (counters[0] if counters else None)
            wanted = chosen.id if chosen else None
        ids = [self.counter_choice.itemData(i) for i in range(self.counter_choice.count())]
        self.counter_choice.blockSignals(True)
        try:
            if ids != [c.id for c in counters]:
                self.counter_choice.clear()
                for counter in counters:
                    self.counter_choice.addItem(counter_text(counter, self.lines), counter.id)
            else:
                for row, counter in enumerate(counters):
                    self.counter_choice.setItemText(row, counter_text(counter, self.lines))
            self.counter_choice.setCurrentIndex(max(self.counter_choice.findData(wanted), 0))
        finally:
            self.counter_choice.blockSignals(False)
        if restore or self.counter_id != before:
            self._counter_chosen()

    def _note_counter(self, info: CounterInfo) -> None:
        """Keep the chooser's line for this counter up to date from the panel's reads
        (the other counters are read when the chooser opens)."""
        for index, known in enumerate(self.counters):
            updated = replace(known, state=info.state, clerk_id=info.clerk_id, clerk_name=info.clerk_name)
            if known.id == info.id and known != updated:
                self.counters[index] = updated
                row = self.counter_choice.findData(info.id)
                if row >= 0:
                    self.counter_choice.setItemText(row, counter_text(self.counters[index], self.lines))

    def _counter_chosen(self) -> None:
        self.message.clear()
        self.panel = None  # the other counter's state must not steer the actions meanwhile
        self.refresh()

    def _hall_changed(self, own_only: bool) -> None:
        """A poke of the hall, or the watcher's periodic refresh."""
        if self._load_on_first_change:
            self._load_on_first_change = False
            self._load_counters(restore=True)
            return
        if own_only and self._own_change_shown:
            # Our own move, already shown (applied from its result, or re-read after it).
            self._own_change_shown = False
            self.own_pokes_skipped += 1
            return
        self.refresh()

    def refresh(self) -> None:
        """Re-read the counter's state (on the worker; a burst of requests is one read)."""
        counter_id = self.counter_id
        if counter_id is None:
            self.panel = None
            self._show_panel()
            return
        self._reading = True
        if self.panel is None:
            self._show_current()  # "Loading…"
        self.backend.run(
            queue.counter_panel, counter_id,
            done=lambda panel: self._panel_read(counter_id, panel), failed=self._read_failed,
            key=("panel", counter_id), owner=self,
        )

    def _panel_read(self, counter_id: int, panel: queue.CounterPanel) -> None:
        self._reading = False
        if counter_id != self.counter_id:
            return  # the clerk chose another counter meanwhile; its own read follows
        before = self.panel
        self.panel = panel
        self._note_counter(panel.counter)
        note = self._closed_by_note(before, panel)
        if note:
            self.show_error(note)
        self._show_panel()
        self.state_changed.emit()

    def _read_failed(self, error: UserError) -> None:
        self._reading = False
        self.show_error(user_message(error))
        self._show_current()

    def _closed_by_note(self, before: queue.CounterPanel | None, after: queue.CounterPanel) -> str | None:
        """What to say when someone else (a supervisor) closed the counter the clerk was
        signed in at: the message line must not go on saying "Called A004"."""
        staff_id = self.actor.staff_id
        if (
            before is None
            or before.counter.id != after.counter.id
            or not state.signed_in(before, staff_id)
            or after.counter.state is not CounterState.CLOSED
            or not after.closed_by
        ):
            return None
        labels = [ticket.label for ticket in before.current]
        number, name = after.counter.number, after.closed_by
        if not labels:
            return self.tr("Counter {number} was closed by {name}; you are signed out of it.").format(number=number, name=name)
        if len(labels) == 1:
            return self.tr("Counter {number} was closed by {name}; ticket {label} went back to the queue.").format(
                number=number, name=name, label=labels[0]
            )
        return self.tr("Counter {number} was closed by {name}; tickets {labels} went back to the queue.").format(
            number=number, name=name, labels=", ".join(labels)
        )

    # ------------------------------------------------------------------ showing

    def _show_panel(self) -> None:
        panel = self.panel
        # Keyed updates: the selected rows stay selected by themselves.
        self.waiting_model.set_tickets(panel.waiting if panel else ())
        self.no_show_model.set_tickets(panel.no_shows if panel else ())
        self.held_model.set_rows(self.held_tickets())
        self.waiting_box.setTitle(self.tr("Waiting for this counter: {count}").format(count=state.waiting_count(panel)))
        self.no_show_box.setTitle(self.tr("No-shows today: {count}").format(count=len(panel.no_shows) if panel else 0))
        held = bool(self.held_model.tickets)
        self.held_title.setVisible(held)
        self.held_list.setVisible(held)
        if panel is None:
            self.counter_state.clear()
            self.figures.clear()
        else:
            counter = panel.counter
            text = counter_state_text(counter.state)
            if counter.clerk_id is not None and counter.clerk_id != self.actor.staff_id and counter.state is not CounterState.CLOSED:
                text = self.tr("{state}, in use by {name}").format(state=text, name=counter.clerk_name or "?")
            self.counter_state.setText(text)
            self.counter_state.setStyleSheet(
                f"font-size: 16px; font-weight: bold; padding: 0 12px; color: {STATE_COLOURS[counter.state]};"
            )
            figures = panel.figures
            self.figures.setText(
                self.tr("Served today: {count} · average wait {wait} · average service {service}").format(
                    count=figures.served_today,
                    wait=clock_text(figures.average_wait_seconds),
                    service=clock_text(figures.average_service_seconds),
                )
            )
        self._show_current()

    def _show_current(self) -> None:
        ticket = self.focus_ticket()
        if ticket is None:
            self.current_label.setText("—")
            self.current_label.setStyleSheet("color: #9e9e9e;")
            if self.panel is None and self._reading:
                self.current_line.setText(self.tr("Loading…"))
            elif self.signed_in_here():
                self.current_line.setText(self.tr("No ticket in hand"))
            else:
                self.current_line.setText(self.tr("Not signed in at this counter"))
            self.current_visitor.clear()
            self.current_visitor.hide()
            self.current_details.clear()
        else:
            self.current_label.setText(ticket.label)
            self.current_label.setStyleSheet(f"color: {STATUS_COLOURS.get(ticket.status, '#000')};")
            line = f"{ticket.line_prefix} {ticket.line_name} · {status_text(ticket.status)}"
            if ticket.priority is not TicketPriority.NORMAL:
                line += f" · {priority_text(ticket.priority)}"
            self.current_line.setText(line)
            # The full name for the clerk serving the visitor; the masked one if that is all there is.
            name = ticket.visitor_name or ticket.visitor_name_masked
            self.current_visitor.setText(name)
            self.current_visitor.setVisible(bool(name))
            self.current_details.setText(self._details(ticket))
        self.update_actions()
        if ticket != self._in_hand:
            self._in_hand = ticket
            self.ticket_in_hand.emit(ticket)

    def _details(self, ticket: TicketView) -> str:
        assert self.panel is not None
        now = self.now()
        parts = []
        if ticket.called_at is not None:
            parts.append(self.tr("waited {time}").format(time=clock_text((ticket.called_at - ticket.queued_at).total_seconds())))
        since = state.seconds_since_call(ticket, now)
        if ticket.status is TicketStatus.CALLED and since is not None:
            parts.append(self.tr("called {time} ago").format(time=clock_text(since)))
            parts.append(self.tr("recalls {count}/{max}").format(count=ticket.recall_count, max=self.panel.recall_max))
        if ticket.service_started_at is not None and ticket.status is not TicketStatus.CALLED:
            parts.append(self.tr("in service {time}").format(time=clock_text((now - ticket.service_started_at).total_seconds())))
        return " · ".join(parts)

    def update_actions(self) -> None:
        """Enable exactly the actions that make sense now (``state.choices``)."""
        choices = state.choices(
            self.panel, self.actor.staff_id, self.focus_ticket(), self.selected_waiting(), self.selected_no_show(), self.now()
        )
        for key in ACTION_KEYS:
            action: QAction = getattr(self, f"{key}_action")
            if action.isEnabled() != (key in choices.enabled):
                action.setEnabled(key in choices.enabled)
        self._set_text(self.open_action, self.tr("Resume counter") if choices.open_resumes else self.tr("Sign in && open"), "open")
        if choices.recall_in:
            self._set_text(self.recall_action, self.tr("Recall in {seconds} s").format(seconds=choices.recall_in), "recall")
        else:
            self._set_text(self.recall_action, self.tr("Recall"), "recall")
        if choices.no_show_in:
            self._set_text(self.no_show_action, self.tr("No-show in {seconds} s").format(seconds=choices.no_show_in), "no_show")
        else:
            self._set_text(self.no_show_action, self.tr("No-show"), "no_show")
        self._set_text(self.hold_resume_action, self.tr("Resume") if choices.hold_resumes else self.tr("Hold"), "hold_resume")
        self.counter_choice.setEnabled(not self.signed_in_here())

    def tick(self) -> None:
        """Every second: advance the local clocks and countdowns (no database read)."""
        self.waiting_model.tick()
        self.no_show_model.tick()
        ticket = self.focus_ticket()
        if ticket is not None:
            self.current_details.setText(self._details(ticket))
        self.update_actions()

    # ------------------------------------------------------------------ messages

    def show_error(self, text: str) -> None:
        self.message.show_error(text)

    def show_info(self, text: str) -> None:
        self.message.show_info(text)

    # ------------------------------------------------------------------ counter actions

    def _act(self, use_case: Callable[..., T], *args: Any, done: Callable[[T], str], **kwargs: Any) -> None:
        """Run a counter action on the worker; ``done`` shows its result and says what
        happened. One at a time: a key pressed again before the answer is ignored, as the
        panel cannot know yet what the first press changed. A refusal shows its reason,
        and the panel re-reads the truth."""
        if self._acting:
            return
        self._acting = True
        # Its poke needs no re-read: ``done`` shows the change (from the result, or by a
        # re-read it asks for). Set now, as the poke may come before the answer does.
        self._own_change_shown = True

        def finished(result: T) -> None:
            self._acting = False
            if result is None:
                self._own_change_shown = False  # nothing changed: no poke comes
            self.show_info(done(result))

        # Urgent: the clerk waits on it; a re-read queued by a colleague's poke goes after.
        self.backend.run(use_case, *args, done=finished, failed=self._action_failed, owner=self, urgent=True, **kwargs)

    def _action_failed(self, error: UserError) -> None:
        self._acting = False
        self._own_change_shown = False  # refused: nothing changed, no poke comes
        self.show_error(user_message(error))
        self.refresh()

    def _apply_move(self, counter_id: int, moved: TicketView) -> None:
        """Show the ticket a move returned, without re-reading the panel."""
        if self.panel is None or self.panel.counter.id != counter_id or self.counter_id != counter_id:
            self.refresh()
            return
        self.panel = state.with_move(self.panel, moved, self.now())
        self._show_panel()
        self.state_changed.emit()

    def _apply_counter(self, info: CounterInfo) -> None:
        """Show the counter's new state at once; the re-read that follows brings the rest."""
        self._note_counter(info)
        if self.panel is not None and self.panel.counter.id == info.id:
            counter = replace(self.panel.counter, state=info.state, clerk_id=info.clerk_id, clerk_name=info.clerk_name)
            self.panel = replace(self.panel, counter=counter)
            self._show_panel()
        self.refresh()

    def _move_ticket(self, use_case: Callable[..., TicketView], ticket: TicketView | None, say: Callable[[TicketView], str]) -> None:
        """A move of the ticket in hand, applied from its result (one round trip)."""
        counter_id = self.counter_id
        if ticket is None or counter_id is None:
            return

        def done(moved: TicketView) -> str:
            self._apply_move(counter_id, moved)
            return say(moved)

        self._act(use_case, counter_id, ticket.id, done=done)

    def open_counter(self) -> None:
        counter_id = self.counter_id
        if counter_id is None:
            return

        def done(info: CounterInfo) -> str:
            self._apply_counter(info)
            return self.tr("Counter {name} is open.").format(name=info.name)

        self._act(queue.open_counter, counter_id, done=done)

    def pause_counter(self) -> None:
        counter_id = self.counter_id
        if counter_id is None:
            return

        def done(info: CounterInfo) -> str:
            self._apply_counter(info)
            return self.tr("Counter {name} is paused: no calls until you resume.").format(name=info.name)

        self._act(queue.pause_counter, counter_id, done=done)

    def close_counter(self) -> None:
        counter_id = self.counter_id
        if counter_id is None:
            return

        def done(info: CounterInfo) -> str:
            self._apply_counter(info)
            return self.tr("Counter {name} is closed; you are signed out of it.").format(name=info.name)

        self._act(queue.close_counter, counter_id, done=done)

    def call_next(self) -> None:
        """F1: one statement; the called ticket is shown from its result."""
        counter_id = self.counter_id
        if counter_id is None:
            return

        def done(called: TicketView | None) -> str:
            if called is None:
                self.refresh()  # the panel thought someone was waiting: look again
                return self.tr("Nobody is waiting for this counter's lines.")
            self._apply_move(counter_id, called)
            return self.tr("Called {label}.").format(label=called.label)

        self._act(queue.call_next, counter_id, done=done)

    def call_selected(self) -> None:
        ticket = self.selected_waiting()
        counter_id = self.counter_id
        if ticket is None or counter_id is None or not self.call_selected_action.isEnabled():
            return

        def done(called: TicketView) -> str:
            self.refresh()
            return self.tr("Called {label}.").format(label=called.label)

        self._act(queue.call_ticket, counter_id, ticket.id, done=done)

    def recall(self) -> None:
        self._move_ticket(
            queue.recall, self.focus_ticket(),
            lambda moved: self.tr("Recalled {label} ({count}).").format(label=moved.label, count=moved.recall_count),
        )

    def start_service(self) -> None:
        self._move_ticket(
            queue.start_service, self.focus_ticket(), lambda moved: self.tr("Serving {label}.").format(label=moved.label)
        )

    def finish_service(self) -> None:
        self._move_ticket(
            queue.finish_service, self.focus_ticket(), lambda moved: self.tr("Finished {label}.").format(label=moved.label)
        )

    def hold_or_resume(self) -> None:
        ticket = self.focus_ticket()
        if ticket is not None and ticket.status is TicketStatus.HELD:
            self._move_ticket(queue.resume_ticket, ticket, lambda moved: self.tr("Resumed {label}.").format(label=moved.label))
        else:
            self._move_ticket(queue.hold_ticket, ticket, lambda moved: self.tr("{label} is on hold.").format(label=moved.label))

    def mark_no_show(self) -> None:
        ticket = self.focus_ticket()
        counter_id = self.counter_id
        if ticket is None or counter_id is None:
            return

        def done(moved: TicketView) -> str:
            self.refresh()  # it joins the no-show list, in its order: read it
            return self.tr("{label} marked no-show.").format(label=moved.label)

        self._act(queue.mark_no_show, counter_id, ticket.id, done=done)

    def reinstate_selected(self) -> None:
        ticket = self.selected_no_show()
        if ticket is None:
            return

        def done(moved: TicketView) -> str:
            self.refresh()
            return self.tr("{label} is back in the queue.").format(label=moved.label)

        self._act(queue.reinstate, ticket.id, done=done)

    def open_transfer_dialog(self) -> None:
        """Read where the ticket in hand may go, then open the (window-modal, non-blocking)
        transfer dialog."""
        ticket = self.focus_ticket()
        counter_id = self.counter_id
        hall_id = self.hall_id
        if ticket is None or counter_id is None or hall_id is None or self.transfer_dialog is not None:
            return
        bind = self.backend.bind

        def work() -> tuple[list[LineInfo], list[CounterInfo]]:
            return bind(queue.hall_lines, hall_id)(), bind(queue.hall_counters, hall_id)()

        def done(result: tuple[list[LineInfo], list[CounterInfo]]) -> None:
            lines, counters = result
            self.lines = {line.id: line for line in lines}
            focus = self.focus_ticket()
            if focus is None or focus.id != ticket.id or self.counter_id != counter_id:
                return  # the ticket left meanwhile (a supervisor moved it)
            self._open_transfer(focus, lines, counters, counter_id)

        self.backend.run_work(
            work, done=done, failed=lambda error: self.show_error(user_message(error)),
            key=("transfer targets", hall_id), owner=self,
        )

    def _open_transfer(self, ticket: TicketView, lines: Sequence[LineInfo], counters: Sequence[CounterInfo], counter_id: int) -> None:
        dialog = TransferDialog(ticket, lines, counters, counter_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._transfer(dialog))
        dialog.destroyed.connect(lambda *_: setattr(self, "transfer_dialog", None))
        self.transfer_dialog = dialog
        dialog.open()

    def _transfer(self, dialog: TransferDialog) -> None:
        line_id, counter_id = dialog.target()
        ticket = dialog.ticket

        def done(moved: TicketView) -> str:
            self.refresh()
            return self.tr("{label} transferred.").format(label=moved.label)

        self._act(queue.transfer, ticket.id, to_line_id=line_id, to_counter_id=counter_id, done=done)

    # ------------------------------------------------------------------ leaving (ui.workspaces.Leaving)

    def leave_warning(self) -> str | None:
        """Leaving with a ticket in hand strands it: the counter stays open with it (for
        the visitor's sake nobody else may take it) until a supervisor closes it."""
        if not self.signed_in_here() or self.panel is None:
            return None
        number = self.panel.counter.number
        labels = [ticket.label for ticket in self.panel.current]
        if len(labels) == 1:
            return self.tr(
                "Ticket {label} is still in hand at counter {number}. If you leave now, the counter stays open "
                "with it until a supervisor closes it."
            ).format(label=labels[0], number=number)
        if labels:
            return self.tr(
                "Tickets {labels} are still in hand at counter {number}. If you leave now, the counter stays open "
                "with them until a supervisor closes it."
            ).format(labels=", ".join(labels), number=number)
        if self._acting:
            return self.tr(
                "Your last action at counter {number} has not been answered yet. If you leave now, the counter may "
                "stay open with a ticket in hand until a supervisor closes it."
            ).format(number=number)
        return None

    def leave(self) -> None:
        """On the way out: sign out of the counter (close it) when no ticket is in hand.
        Queued on the worker; the window drains it before it stops."""
        self._tick_timer.stop()
        counter_id = self.counter_id
        if counter_id is None or not self.signed_in_here() or self.panel is None or self.panel.current:
            return
        self.backend.run(queue.close_counter, counter_id, owner=self)

    # ------------------------------------------------------------------ lifetime

    def stop(self) -> None:
        """Stop the clock and stop listening to the hall (the window is closing)."""
        self._tick_timer.stop()
        if self._subscribed and self.hall_id is not None:
            self._subscribed = False
            if shiboken6.isValid(self.backend):
                self.backend.watchers.unsubscribe(self.hall_id, self)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        self.stop()
        super().closeEvent(event)

