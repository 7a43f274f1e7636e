"""The clerk's counter panel: sign in at a counter, call, recall, serve, hold, transfer.

Every counter action has a keyboard shortcut (see ``ACTION_KEYS``); a button is enabled
only when its action makes sense for the ticket in hand. The panel re-reads its state
from ``services.queue.counter_panel`` whenever the hall changes (``HallWatcher``) and
ticks the waiting times locally every second. After a crash the panel comes back at the
counter the clerk is still signed in at, with the called or served ticket in hand.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from PySide6.QtCore import (
    QCoreApplication,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QSizePolicy,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.queue import CounterState, TicketPriority, TicketStatus, no_show_wait_seconds
from counter_app.errors import UserError, ValidationError
from counter_app.events.watcher import HallWatcher
from counter_app.i18n import QT_TRANSLATE_NOOP
from counter_app.services import queue
from counter_app.services.access import Actor
from counter_app.services.queue import CounterInfo, LineInfo, TicketView
from counter_app.ui.shared.hall_widgets import ConnectionBanner, MessageLine, watch_hall
from counter_app.ui.shared.table_model import Index, RowsTableModel
from counter_app.ui.translation import user_message
from counter_app.ui.shared.backend import Backend


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


def _now() -> datetime:
    return datetime.now(UTC)


def _latest_call(ticket: TicketView | None) -> datetime | None:
    """When the ticket was last called or recalled (the cooldowns run from then)."""
    return (ticket.last_called_at or ticket.called_at) if ticket is not None else None


def clock_text(seconds: float | None) -> str:
    """mm:ss (minutes may exceed 59); a dash when there is nothing to show."""
    if seconds is None:
        return "–"
    whole = max(0, int(seconds))
    return f"{whole // 60:02d}:{whole % 60:02d}"


def priority_text(priority: TicketPriority) -> str:
    names = {
        TicketPriority.NORMAL: QCoreApplication.translate("Queue", "Ordinary"),
        TicketPriority.APPOINTMENT: QCoreApplication.translate("Queue", "Appointment"),
        TicketPriority.PRIORITY: QCoreApplication.translate("Queue", "Elderly / disabled"),
        TicketPriority.GREEN_CHANNEL: QCoreApplication.translate("Queue", "Green channel"),
    }
    return names[priority]


def status_text(status: TicketStatus) -> str:
    return QCoreApplication.translate("Terms", queue.STATUS_TERMS[status])


def counter_state_text(state: CounterState) -> str:
    names = {
        CounterState.OPEN: QCoreApplication.translate("Queue", "open"),
        CounterState.PAUSED: QCoreApplication.translate("Queue", "paused"),
        CounterState.CLOSED: QCoreApplication.translate("Queue", "closed"),
    }
    return names[state]


def counter_text(counter: CounterInfo, lines: dict[int, LineInfo]) -> str:
    """"3号窗口 · A B · open (张伟)" for choosers."""
    prefixes = " ".join(sorted(lines[i].prefix for i in counter.line_ids if i in lines))
    state = counter_state_text(counter.state)
    if counter.clerk_name and counter.state is not CounterState.CLOSED:
        state = f"{state} ({counter.clerk_name})"
    return f"{counter.name} · {prefixes} · {state}"


class TicketTableModel(RowsTableModel):
    """Tickets with a clock column ticking locally: the wait since queued (or since called)."""

    def __init__(self, clock_title: str, clock_from: str = "queued_at", parent: QWidget | None = None) -> None:
        super().__init__([], parent)
        self.clock_from = clock_from
        self.headers = [self.tr("Number"), self.tr("Line"), self.tr("Priority"), clock_title]

    @property
    def tickets(self) -> list[TicketView]:
        return self.rows

    def set_tickets(self, tickets: Sequence[TicketView]) -> None:
        self.set_rows(tickets)

    def ticket_at(self, row: int) -> TicketView | None:
        return self.tickets[row] if 0 <= row < len(self.tickets) else None

    def row_of(self, ticket_id: int) -> int | None:
        return next((row for row, ticket in enumerate(self.tickets) if ticket.id == ticket_id), None)

    def tick(self) -> None:
        if self.tickets:
            self.dataChanged.emit(self.index(0, 3), self.index(len(self.tickets) - 1, 3), [Qt.ItemDataRole.DisplayRole])


    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        ticket = self.tickets[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == 2 and ticket.priority is not TicketPriority.NORMAL:
            return Qt.GlobalColor.darkRed
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return ticket.label
        if column == 1:
            return f"{ticket.line_prefix} {ticket.line_name}"
        if column == 2:
            return priority_text(ticket.priority)
        since: datetime | None = getattr(ticket, self.clock_from)
        return clock_text((_now() - since).total_seconds() if since else None)


class TransferDialog(QDialog):
    """Choose where a ticket goes: another line of the hall, or another counter serving its line."""

    def __init__(
        self,
        ticket: TicketView,
        lines: Sequence[LineInfo],
        counters: Sequence[CounterInfo],
        own_counter_id: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ticket = ticket
        self.setWindowTitle(self.tr("Transfer {label}").format(label=ticket.label))
        self.setMinimumWidth(440)
        line_names = {line.id: line for line in lines}
        self.to_line = QRadioButton(self.tr("To another line"))
        self.to_line.setObjectName("transfer_to_line")
        self.to_counter = QRadioButton(self.tr("To another counter"))
        self.to_counter.setObjectName("transfer_to_counter")
        group = QButtonGroup(self)
        group.addButton(self.to_line)
        group.addButton(self.to_counter)
        self.line_choice = QComboBox()
        self.line_choice.setObjectName("transfer_line")
        for line in lines:
            if line.id != ticket.line_id:
                self.line_choice.addItem(f"{line.prefix} {line.name}", line.id)
        self.counter_choice = QComboBox()
        self.counter_choice.setObjectName("transfer_counter")
        for counter in counters:
            if counter.id != own_counter_id and ticket.line_id in counter.line_ids:
                self.counter_choice.addItem(counter_text(counter, line_names), counter.id)
        self.to_line.setEnabled(self.line_choice.count() > 0)
        self.to_counter.setEnabled(self.counter_choice.count() > 0)
        (self.to_line if self.to_line.isEnabled() else self.to_counter).setChecked(True)
        self.to_line.toggled.connect(self._sync)
        self.to_counter.toggled.connect(self._sync)

        note = QLabel(self.tr("The ticket keeps its number and its place in the queue."))
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        grid = QGridLayout()
        grid.addWidget(self.to_line, 0, 0)
        grid.addWidget(self.line_choice, 0, 1)
        grid.addWidget(self.to_counter, 1, 0)
        grid.addWidget(self.counter_choice, 1, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Transfer"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        self._sync()

    def _sync(self) -> None:
        self.line_choice.setEnabled(self.to_line.isChecked())
        self.counter_choice.setEnabled(self.to_counter.isChecked())
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.to_line.isEnabled() or self.to_counter.isEnabled())

    def target(self) -> tuple[int | None, int | None]:
        """(line id, counter id): one of them set."""
        if self.to_line.isChecked() and self.line_choice.count():
            return int(self.line_choice.currentData()), None
        if self.to_counter.isChecked() and self.counter_choice.count():
            return None, int(self.counter_choice.currentData())
        return None, None


class CounterPanel(QWidget):
    """The clerk's workspace at a counter.

    Signals:
        state_changed: the panel re-read its state (after an action or a hall change).
    """

    state_changed = Signal()

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        actor = backend.actor
        self.setObjectName("counter_panel")
        self.database = actor.database
        self.actor = actor
        self.hall_id = actor.hall_id
        self.panel: queue.CounterPanel | None = None
        self.counters: list[CounterInfo] = []
        self.lines: dict[int, LineInfo] = {}
        self.transfer_dialog: TransferDialog | None = None
        self.watcher: HallWatcher | None = None

        self._build()
        self._build_actions()
        self._tick_timer = QTimer(self)
        self._tick_timer.setInterval(1000)
        self._tick_timer.timeout.connect(self.tick)

        if self.hall_id is None:
            self.show_error(self.tr("Your account belongs to no hall: ask the administrator to assign one."))
            self.update_actions()
            return
        self._load_counters(restore=True)
        self.refresh()
        self.watcher = watch_hall(self, self.database, self.hall_id, self.refresh, self.connection_banner)
        self._tick_timer.start()

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        self.setStyleSheet(
            """
            QToolButton#action_button { font-size: 17px; padding: 8px; min-height: 56px; }
            QToolButton#counter_button { font-size: 15px; padding: 6px 14px; }
            QTableView { font-size: 15px; }
            QGroupBox { font-size: 15px; font-weight: bold; }
            QComboBox#counter_choice { font-size: 15px; }
            QLabel#current_label { font-size: 96px; font-weight: bold; }
            QLabel#current_line { font-size: 24px; }
            QLabel#current_details { font-size: 17px; color: #333; }
            QLabel#figures { font-size: 15px; }
            QFrame#current_frame { border: 1px solid #c5cae9; border-radius: 6px; background: #fafbff; }
            """
        )
        # Counter chooser and counter state.
        self.counter_choice = QComboBox()
        self.counter_choice.setObjectName("counter_choice")
        self.counter_choice.setMinimumWidth(320)
        self.counter_choice.currentIndexChanged.connect(self._counter_chosen)
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
        top.addWidget(self.figures)

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
        self.current_line = QLabel()
        self.current_line.setObjectName("current_line")
        self.current_line.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.current_details = QLabel()
        self.current_details.setObjectName("current_details")
        self.current_details.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.current_details.setWordWrap(True)
        self.held_title = QLabel(self.tr("On hold at this counter"))
        self.held_list = QListWidget()
        self.held_list.setObjectName("held_list")
        self.held_list.setMaximumHeight(90)
        self.held_list.setFlow(QListWidget.Flow.LeftToRight)
        self.held_list.currentItemChanged.connect(lambda *_: self._show_current())
        current_layout = QVBoxLayout(current_frame)
        current_layout.addWidget(self.current_title)
        current_layout.addStretch(1)
        current_layout.addWidget(self.current_label)
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
        self.waiting_model = TicketTableModel(self.tr("Waited"), "queued_at", self)
        self.waiting_view = self._table(self.waiting_model, "waiting_view")
        self.waiting_view.doubleClicked.connect(lambda _index: self.call_selected_action.trigger())
        self.waiting_box = QGroupBox()
        waiting_layout = QVBoxLayout(self.waiting_box)
        waiting_layout.addWidget(self.waiting_view)
        self.no_show_model = TicketTableModel(self.tr("Since call"), "called_at", self)
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
        self._set_text(self.no_show_action, self.tr("No-show"), "no_show")
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
    def counter_id(self) -> int | None:
        data = self.counter_choice.currentData()
        return int(data) if data is not None else None

    @property
    def counter(self) -> CounterInfo | None:
        return self.panel.counter if self.panel else None

    def signed_in_here(self) -> bool:
        counter = self.counter
        return (
            counter is not None
            and counter.clerk_id == self.actor.staff_id
            and counter.state is not CounterState.CLOSED
        )

    def counter_is_open(self) -> bool:
        return self.signed_in_here() and self.counter is not None and self.counter.state is CounterState.OPEN

    def active_ticket(self) -> TicketView | None:
        """The called or served ticket at this counter (at most one)."""
        if self.panel is None:
            return None
        return next((t for t in self.panel.current if t.status in (TicketStatus.CALLED, TicketStatus.SERVING)), None)

    def held_tickets(self) -> list[TicketView]:
        if self.panel is None:
            return []
        return [t for t in self.panel.current if t.status is TicketStatus.HELD]

    def focus_ticket(self) -> TicketView | None:
        """The ticket the actions apply to: the active one, else the chosen held one."""
        active = self.active_ticket()
        if active is not None:
            return active
        held = self.held_tickets()
        if not held:
            return None
        item = self.held_list.currentItem()
        chosen = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return next((t for t in held if t.id == chosen), held[0])

    def selected_waiting(self) -> TicketView | None:
        rows = self.waiting_view.selectionModel().selectedRows()
        return self.waiting_model.ticket_at(rows[0].row()) if rows else None

    def selected_no_show(self) -> TicketView | None:
        rows = self.no_show_view.selectionModel().selectedRows()
        return self.no_show_model.ticket_at(rows[0].row()) if rows else None

    def now(self) -> datetime:
        """The time by the database server's clock, as the services judge cooldowns by it."""
        return self.database.clock.estimate()

    def recall_cooldown_left(self) -> int:
        ticket = self.focus_ticket()
        called = _latest_call(ticket)
        if self.panel is None or ticket is None or ticket.status is not TicketStatus.CALLED or called is None:
            return 0
        waited = (self.now() - called).total_seconds()
        return max(0, int(self.panel.recall_cooldown_seconds - waited + 0.999))

    def no_show_wait_left(self) -> int | None:
        """Seconds until the called ticket may be marked no-show; None while recalls remain."""
        ticket = self.focus_ticket()
        called = _latest_call(ticket)
        if self.panel is None or ticket is None or called is None:
            return None
        waited = (self.now() - called).total_seconds()
        return no_show_wait_seconds(ticket.recall_count, self.panel.recall_max, waited, self.panel.recall_cooldown_seconds)

    # ------------------------------------------------------------------ reading

    def _load_counters(self, restore: bool = False) -> None:
        """Fill the counter chooser; ``restore`` selects the counter the clerk is signed in at."""
        assert self.hall_id is not None
        try:
            self.counters = queue.hall_counters(self.actor, self.hall_id)
            self.lines = {line.id: line for line in queue.hall_lines(self.actor, self.hall_id)}
        except UserError as error:
            self.show_error(user_message(error))
            return
        wanted = self.counter_id
        if restore or wanted is None:
            mine = next(
                (c for c in self.counters if c.clerk_id == self.actor.staff_id and c.state is not CounterState.CLOSED),
                None,
            )
            free = next((c for c in self.counters if c.clerk_id is None or c.state is CounterState.CLOSED), None)
            chosen = mine or free or (self.counters[0] if self.counters else None)
            wanted = chosen.id if chosen else None
        ids = [self.counter_choice.itemData(i) for i in range(self.counter_choice.count())]
        self.counter_choice.blockSignals(True)
        try:
            if ids != [c.id for c in self.counters]:
                self.counter_choice.clear()
                for counter in self.counters:
                    self.counter_choice.addItem(counter_text(counter, self.lines), counter.id)
            else:
                for row, counter in enumerate(self.counters):
                    self.counter_choice.setItemText(row, counter_text(counter, self.lines))
            row = self.counter_choice.findData(wanted)
            self.counter_choice.setCurrentIndex(max(row, 0))
        finally:
            self.counter_choice.blockSignals(False)

    def _counter_chosen(self) -> None:
        self.message.clear()
        self.refresh()

    def refresh(self) -> None:
        """Re-read the counter's state from the database and show it."""
        counter_id = self.counter_id
        if counter_id is None:
            self.panel = None
            self._show_panel()
            return
        try:
            panel = queue.counter_panel(self.actor, counter_id)
        except UserError as error:
            self.show_error(user_message(error))
            return
        counter_changed = self.panel is None or panel.counter != self.panel.counter
        self.panel = panel
        if counter_changed:
            self._load_counters()
        self._show_panel()
        self.state_changed.emit()

    def _show_panel(self) -> None:
        panel = self.panel
        self._set_tickets(self.waiting_view, self.waiting_model, panel.waiting if panel else ())
        self._set_tickets(self.no_show_view, self.no_show_model, panel.no_shows if panel else ())
        self.waiting_box.setTitle(self.tr("Waiting for this counter: {count}").format(count=len(panel.waiting) if panel else 0))
        self.no_show_box.setTitle(self.tr("No-shows today: {count}").format(count=len(panel.no_shows) if panel else 0))
        held = self.held_tickets()
        chosen = self.held_list.currentItem().data(Qt.ItemDataRole.UserRole) if self.held_list.currentItem() else None
        self.held_list.blockSignals(True)
        self.held_list.clear()
        for ticket in held:
            item = QListWidgetItem(f"{ticket.label}  {ticket.line_name}")
            item.setData(Qt.ItemDataRole.UserRole, ticket.id)
            self.held_list.addItem(item)
            if ticket.id == chosen:
                self.held_list.setCurrentItem(item)
        self.held_list.blockSignals(False)
        self.held_title.setVisible(bool(held))
        self.held_list.setVisible(bool(held))
        if panel is None:
            self.counter_state.clear()
            self.figures.clear()
        else:
            counter = panel.counter
            state = counter_state_text(counter.state)
            if counter.clerk_id is not None and counter.clerk_id != self.actor.staff_id and counter.state is not CounterState.CLOSED:
                state = self.tr("{state}, in use by {name}").format(state=state, name=counter.clerk_name or "?")
            colour = {CounterState.OPEN: "#2e7d32", CounterState.PAUSED: "#ef6c00", CounterState.CLOSED: "#757575"}[counter.state]
            self.counter_state.setText(state)
            self.counter_state.setStyleSheet(f"font-size: 16px; font-weight: bold; padding: 0 12px; color: {colour};")
            figures = panel.figures
            self.figures.setText(
                self.tr("Served today: {count} · average wait {wait} · average service {service}").format(
                    count=figures.served_today,
                    wait=clock_text(figures.average_wait_seconds),
                    service=clock_text(figures.average_service_seconds),
                )
            )
        self._show_current()

    @staticmethod
    def _set_tickets(view: QTableView, model: TicketTableModel, tickets: Sequence[TicketView]) -> None:
        """Replace the rows, keeping the selected ticket selected."""
        rows = view.selectionModel().selectedRows()
        selected = model.ticket_at(rows[0].row()) if rows else None
        model.set_tickets(tickets)
        if selected is not None:
            row = model.row_of(selected.id)
            if row is not None:
                view.selectRow(row)

    def _show_current(self) -> None:
        ticket = self.focus_ticket()
        if ticket is None:
            self.current_label.setText("—")
            self.current_label.setStyleSheet("color: #9e9e9e;")
            self.current_line.setText(self.tr("No ticket in hand") if self.signed_in_here() else self.tr("Not signed in at this counter"))
            self.current_details.clear()
        else:
            colour = STATUS_COLOURS.get(ticket.status, "#000")
            self.current_label.setText(ticket.label)
            self.current_label.setStyleSheet(f"color: {colour};")
            line = f"{ticket.line_prefix} {ticket.line_name} · {status_text(ticket.status)}"
            if ticket.priority is not TicketPriority.NORMAL:
                line += f" · {priority_text(ticket.priority)}"
            self.current_line.setText(line)
            self.current_details.setText(self._details(ticket))
        self.update_actions()

    def _details(self, ticket: TicketView) -> str:
        assert self.panel is not None
        now = self.now()
        parts = []
        if ticket.called_at is not None:
            parts.append(self.tr("waited {time}").format(time=clock_text((ticket.called_at - ticket.queued_at).total_seconds())))
        latest = _latest_call(ticket)
        if ticket.status is TicketStatus.CALLED and latest is not None:
            parts.append(self.tr("called {time} ago").format(time=clock_text((now - latest).total_seconds())))
            parts.append(self.tr("recalls {count}/{max}").format(count=ticket.recall_count, max=self.panel.recall_max))
        if ticket.service_started_at is not None and ticket.status is not TicketStatus.CALLED:
            parts.append(self.tr("in service {time}").format(time=clock_text((now - ticket.service_started_at).total_seconds())))
        if ticket.visitor_name_masked:
            parts.append(ticket.visitor_name_masked)
        return " · ".join(parts)

    def update_actions(self) -> None:
        """Enable exactly the actions that make sense now."""
        counter = self.counter
        mine = self.signed_in_here()
        is_open = self.counter_is_open()
        active = self.active_ticket()
        focus = self.focus_ticket()
        free_for_me = counter is not None and (
            counter.clerk_id in (None, self.actor.staff_id) or counter.state is CounterState.CLOSED
        )
        self.open_action.setEnabled(free_for_me and not is_open)
        resume_counter = mine and counter is not None and counter.state is CounterState.PAUSED
        self._set_text(self.open_action, self.tr("Resume counter") if resume_counter else self.tr("Sign in && open"), "open")
        self.pause_action.setEnabled(is_open)
        self.close_action.setEnabled(mine and self.panel is not None and not self.panel.current)
        self.counter_choice.setEnabled(not mine)

        waiting = bool(self.panel and self.panel.waiting)
        self.call_next_action.setEnabled(is_open and active is None and waiting)
        self.call_selected_action.setEnabled(is_open and active is None and self.selected_waiting() is not None)
        called = focus is not None and focus.status is TicketStatus.CALLED
        cooldown = self.recall_cooldown_left()
        recalls_left = self.panel is not None and focus is not None and focus.recall_count < self.panel.recall_max
        self.recall_action.setEnabled(is_open and called and recalls_left and cooldown == 0)
        if called and cooldown and recalls_left:
            self._set_text(self.recall_action, self.tr("Recall in {seconds} s").format(seconds=cooldown), "recall")
        else:
            self._set_text(self.recall_action, self.tr("Recall"), "recall")
        self.start_action.setEnabled(mine and called)
        self.finish_action.setEnabled(mine and focus is not None and focus.status in (TicketStatus.CALLED, TicketStatus.SERVING))
        no_show_wait = self.no_show_wait_left() if called else None
        self.no_show_action.setEnabled(mine and no_show_wait == 0)
        if mine and no_show_wait:
            self._set_text(self.no_show_action, self.tr("No-show in {seconds} s").format(seconds=no_show_wait), "no_show")
        else:
            self._set_text(self.no_show_action, self.tr("No-show"), "no_show")
        held = focus is not None and focus.status is TicketStatus.HELD
        self._set_text(self.hold_resume_action, self.tr("Resume") if held else self.tr("Hold"), "hold_resume")
        self.hold_resume_action.setEnabled(mine and focus is not None and (active is not None or held))
        self.transfer_action.setEnabled(mine and focus is not None)
        self.reinstate_action.setEnabled(self.selected_no_show() is not None)

    def tick(self) -> None:
        """Every second: advance the local clocks (no database read)."""
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

    def _attempt(self, work: Callable[[], str | None]) -> bool:
        """Run an action; a ``UserError`` becomes the message line (nothing changed)."""
        try:
            info = work()
        except UserError as error:
            self.show_error(user_message(error))
            self.refresh()
            return False
        if info:
            self.show_info(info)
        else:
            self.message.clear()
        self.refresh()
        return True

    # ------------------------------------------------------------------ counter actions

    def _require_counter(self) -> int:
        counter_id = self.counter_id
        if counter_id is None:
            # The actions are disabled without a counter; this is a guard only.
            raise ValidationError(QT_TRANSLATE_NOOP("Errors", "Choose a counter first."))
        return counter_id

    def _with_ticket(self, ticket: TicketView | None, work: Callable[[int, TicketView], str | None]) -> None:
        if ticket is None or self.counter_id is None:
            return
        counter_id = self.counter_id
        self._attempt(lambda: work(counter_id, ticket))

    def open_counter(self) -> None:
        def work() -> str:
            info = queue.open_counter(self.actor, self._require_counter())
            return self.tr("Counter {name} is open.").format(name=info.name)

        self._attempt(work)

    def pause_counter(self) -> None:
        def work() -> str:
            info = queue.pause_counter(self.actor, self._require_counter())
            return self.tr("Counter {name} is paused: no calls until you resume.").format(name=info.name)

        self._attempt(work)

    def close_counter(self) -> None:
        def work() -> str:
            info = queue.close_counter(self.actor, self._require_counter())
            return self.tr("Counter {name} is closed; you are signed out of it.").format(name=info.name)

        self._attempt(work)

    def call_next(self) -> None:
        def work() -> str:
            called = queue.call_next(self.actor, self._require_counter())
            if called is None:
                return self.tr("Nobody is waiting for this counter's lines.")
            return self.tr("Called {label}.").format(label=called.label)

        self._attempt(work)

    def call_selected(self) -> None:
        ticket = self.selected_waiting()
        if ticket is None or not self.call_selected_action.isEnabled():
            return
        self._with_ticket(
            ticket,
            lambda counter_id, t: self.tr("Called {label}.").format(
                label=queue.call_ticket(self.actor, counter_id, t.id).label
            ),
        )

    def recall(self) -> None:
        self._with_ticket(
            self.focus_ticket(),
            lambda counter_id, t: self.tr("Recalled {label} ({count}).").format(
                label=t.label, count=queue.recall(self.actor, counter_id, t.id).recall_count
            ),
        )

    def start_service(self) -> None:
        self._with_ticket(
            self.focus_ticket(),
            lambda counter_id, t: self.tr("Serving {label}.").format(
                label=queue.start_service(self.actor, counter_id, t.id).label
            ),
        )

    def finish_service(self) -> None:
        self._with_ticket(
            self.focus_ticket(),
            lambda counter_id, t: self.tr("Finished {label}.").format(
                label=queue.finish_service(self.actor, counter_id, t.id).label
            ),
        )

    def mark_no_show(self) -> None:
        self._with_ticket(
            self.focus_ticket(),
            lambda counter_id, t: self.tr("{label} marked no-show.").format(
                label=queue.mark_no_show(self.actor, counter_id, t.id).label
            ),
        )

    def hold_or_resume(self) -> None:
        ticket = self.focus_ticket()
        if ticket is not None and ticket.status is TicketStatus.HELD:
            self._with_ticket(
                ticket,
                lambda counter_id, t: self.tr("Resumed {label}.").format(
                    label=queue.resume_ticket(self.actor, counter_id, t.id).label
                ),
            )
        else:
            self._with_ticket(
                ticket,
                lambda counter_id, t: self.tr("{label} is on hold.").format(
                    label=queue.hold_ticket(self.actor, counter_id, t.id).label
                ),
            )

    def reinstate_selected(self) -> None:
        ticket = self.selected_no_show()
        if ticket is None:
            return
        self._attempt(
            lambda: self.tr("{label} is back in the queue.").format(
                label=queue.reinstate(self.actor, ticket.id).label
            )
        )

    def open_transfer_dialog(self) -> None:
        """Opens the (window-modal, non-blocking) transfer dialog for the ticket in hand."""
        ticket = self.focus_ticket()
        counter_id = self.counter_id
        if ticket is None or counter_id is None or self.hall_id is None:
            return
        try:
            lines = queue.hall_lines(self.actor, self.hall_id)
            counters = queue.hall_counters(self.actor, self.hall_id)
        except UserError as error:
            self.show_error(user_message(error))
            return
        dialog = TransferDialog(ticket, lines, counters, counter_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._transfer(dialog))
        dialog.destroyed.connect(lambda *_: setattr(self, "transfer_dialog", None))
        self.transfer_dialog = dialog
        dialog.open()

    def _transfer(self, dialog: TransferDialog) -> None:
        line_id, counter_id = dialog.target()
        ticket = dialog.ticket
        self._attempt(
            lambda: self.tr("{label} transferred.").format(
                label=queue.transfer(
                    self.actor, ticket.id, to_line_id=line_id, to_counter_id=counter_id
                ).label
            )
        )

    # ------------------------------------------------------------------ lifetime

    def stop(self) -> None:
        """Stop the watcher and the clock (the window is closing)."""
        self._tick_timer.stop()
        if self.watcher is not None:
            self.watcher.stop()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        self.stop()
        super().closeEvent(event)
