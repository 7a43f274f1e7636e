"""The supervisor's hall day (大厅管理): the counters of the hall live, closing a counter a
clerk left open, the queue settings, and closing the business day.

The counters table re-reads ``services.hall_day.hall_day`` on every poke of the hall
(``HallWatcher``); the settings form is read when the tab opens and after saving only, so
that a poke never overwrites what the supervisor is typing. Every change asks first in a
window-modal dialog (``open()``, not ``exec()``: the watcher keeps the table live meanwhile).
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QCloseEvent, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.roles import Role
from counter_app.domain.queue import CounterState
from counter_app.errors import UserError
from counter_app.events.watcher import HallWatcher
from counter_app.services import hall_day, queue
from counter_app.services.access import Actor
from counter_app.services.hall_day import CounterOverview, HallDay, LineLoad, QueueSettings
from counter_app.services.queue import HallChoice
from counter_app.ui.counter.panel import counter_state_text, status_text
from counter_app.ui.shared.hall_widgets import ConnectionBanner, MessageLine, fill_hall_choice, watch_hall
from counter_app.ui.shared.table_model import Index, RowsTableModel
from counter_app.ui.translation import user_message
from counter_app.ui.shared.backend import Backend

STATE_COLOURS = {CounterState.OPEN: "#2e7d32", CounterState.PAUSED: "#ef6c00", CounterState.CLOSED: "#757575"}


class CounterOverviewModel(RowsTableModel):
    """The hall's counters: state, clerk, since when, the ticket(s) in hand."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__([], parent)
        self.headers = [
            self.tr("Counter"),
            self.tr("Lines"),
            self.tr("State"),
            self.tr("Clerk signed in"),
            self.tr("State since"),
            self.tr("Ticket in hand"),
        ]
        self.timezone = ZoneInfo("Asia/Shanghai")
        self.today: datetime | None = None
        self.bold = QFont()
        self.bold.setBold(True)

    @property
    def counters(self) -> list[CounterOverview]:
        return self.rows

    def counter_at(self, row: int) -> CounterOverview | None:
        return self.counters[row] if 0 <= row < len(self.counters) else None

    def row_of(self, counter_id: int) -> int | None:
        return next((row for row, counter in enumerate(self.counters) if counter.id == counter_id), None)

    def since_text(self, counter: CounterOverview) -> str:
        """Local time of the last change; with the date when it was not today (left open overnight)."""
        if counter.state_changed_at is None:
            return "–"
        local = counter.state_changed_at.astimezone(self.timezone)
        if self.today is not None and local.date() != self.today.date():
            return local.strftime("%m-%d %H:%M")
        return local.strftime("%H:%M")

    @staticmethod
    def tickets_text(counter: CounterOverview) -> str:
        return " · ".join(f"{ticket.label} {status_text(ticket.status)}" for ticket in counter.tickets) or "—"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        counter = self.counters[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.ForegroundRole and column == 2:
            return QColor(STATE_COLOURS[counter.state])
        if role == Qt.ItemDataRole.FontRole and column in (2, 5) and counter.needs_closing:
            return self.bold
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return counter.name
        if column == 1:
            return " ".join(counter.line_prefixes)
        if column == 2:
            return counter_state_text(counter.state)
        if column == 3:
            if counter.clerk_name is None:
                return "—"
            return f"{counter.clerk_name} ({counter.clerk_username})" if counter.clerk_username else counter.clerk_name
        if column == 4:
            return self.since_text(counter)
        return self.tickets_text(counter)


class LineLoadModel(RowsTableModel):
    """Today's waiting tickets per line beside the counters open for it: people waiting
    with no open counter is what a supervisor must see at once."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__([], parent)
        self.headers = [self.tr("Line"), self.tr("Waiting"), self.tr("Open counters")]
        self.bold = QFont()
        self.bold.setBold(True)

    @property
    def lines(self) -> list[LineLoad]:
        return self.rows

    @staticmethod
    def unattended(line: LineLoad) -> bool:
        return line.waiting > 0 and line.open_counters == 0

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        line = self.lines[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and self.unattended(line):
            return QColor("#b71c1c")
        if role == Qt.ItemDataRole.FontRole and self.unattended(line):
            return self.bold
        if role == Qt.ItemDataRole.ToolTipRole and self.unattended(line):
            return self.tr("People are waiting and no counter of this line is open.")
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return (f"{line.prefix} {line.name}", line.waiting, line.open_counters)[column]


class ConfirmDialog(QDialog):
    """A question before a change, optionally with a reason to fill in (prefilled).

    Open it with ``open()`` and connect ``accepted``; ``reason()`` is the text given."""

    def __init__(self, title: str, text: str, ok_text: str, reason: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        self.setStyleSheet("QLabel, QLineEdit, QPushButton { font-size: 15px; }")
        self.text = QLabel(text)
        self.text.setObjectName("confirm_text")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.reason_edit: QLineEdit | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)  # a stray Enter changes nothing
        if reason is not None:
            self.reason_edit = QLineEdit(reason)
            self.reason_edit.setObjectName("reason")
            self.reason_edit.setMaxLength(200)
            self.reason_edit.textChanged.connect(self._sync)
            form = QFormLayout()
            form.addRow(self.tr("Reason"), self.reason_edit)
            layout.addLayout(form)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._sync()
        # A top-level window ignores its wrapped label's height-for-width: size it for that width.
        width = 560
        self.resize(width, max(self.sizeHint().height(), layout.totalHeightForWidth(width)))

    def _sync(self) -> None:
        self.ok_button.setEnabled(self.reason_edit is None or bool(self.reason_edit.text().strip()))

    def reason(self) -> str:
        return self.reason_edit.text() if self.reason_edit is not None else ""


class HallDayTab(QWidget):
    """The supervisor's tab for one hall (an administrator chooses the hall).

    Signals:
        refreshed: the counters and counts were re-read.
        counter_closed(ForcedClose): a counter was closed by the supervisor.
        settings_saved(SavedSettings): the queue settings were saved.
        day_closed(DayClosed): the business day was closed.
    """

    refreshed = Signal()
    counter_closed = Signal(object)
    settings_saved = Signal(object)
    day_closed = Signal(object)

    def __init__(self, backend: Backend, hall_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        actor = backend.actor
        self.setObjectName("hall_day")
        self.database = actor.database
        self.actor = actor
        self.hall_id: int | None = hall_id if hall_id is not None else actor.hall_id
        self.halls: list[HallChoice] = []
        self.day: HallDay | None = None
        self.watcher: HallWatcher | None = None
        self.confirm_dialog: ConfirmDialog | None = None
        self._build()
        self._load_halls()
        self.set_hall(self.hall_id)

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        self.setStyleSheet(
            """
            QTableView, QSpinBox, QLineEdit, QComboBox { font-size: 15px; }
            QTableView#counter_overview { font-size: 16px; }
            QTableView::item { padding: 2px 10px; }
            QGroupBox { font-size: 15px; font-weight: bold; }
            QLabel { font-size: 15px; }
            QLabel#hall_title { font-size: 22px; font-weight: bold; }
            QLabel#summary { font-size: 16px; }
            QLabel.hint { color: #555; font-size: 14px; font-weight: normal; }
            QLabel#open_count { font-size: 18px; font-weight: bold; }
            QPushButton { font-size: 15px; padding: 8px 16px; }
            QPushButton#close_day_button { background: #b71c1c; color: white; border-radius: 6px; font-weight: bold; }
            QPushButton#close_day_button:disabled { background: #e0e0e0; color: #9e9e9e; }
            """
        )
        self.hall_choice = QComboBox()
        self.hall_choice.setObjectName("hall_choice")
        self.hall_choice.setMinimumWidth(280)
        self.hall_choice.currentIndexChanged.connect(self._hall_chosen)
        self.hall_row = QWidget()
        hall_layout = QHBoxLayout(self.hall_row)
        hall_layout.setContentsMargins(0, 0, 0, 0)
        hall_layout.addWidget(QLabel(self.tr("Hall")))
        hall_layout.addWidget(self.hall_choice)
        hall_layout.addStretch(1)
        self.hall_row.setVisible(self.actor.role is Role.ADMIN)

        self.title = QLabel()
        self.title.setObjectName("hall_title")
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.summary)

        self.connection_banner = ConnectionBanner()
        self.message = MessageLine()

        # Counters.
        self.counter_model = CounterOverviewModel(self)
        self.counter_view = QTableView()
        self.counter_view.setObjectName("counter_overview")
        self.counter_view.setModel(self.counter_model)
        self.counter_view.setAlternatingRowColors(True)
        self.counter_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.counter_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.counter_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.counter_view.verticalHeader().hide()
        self.counter_view.verticalHeader().setDefaultSectionSize(38)  # read from a step away, on the hall floor
        header = self.counter_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.counter_view.selectionModel().selectionChanged.connect(lambda *_: self._sync_buttons())
        self.counter_view.doubleClicked.connect(lambda _index: self.ask_close_counter())
        self.close_counter_button = QPushButton(self.tr("Close the selected counter…"))
        self.close_counter_button.setObjectName("close_counter_button")
        self.close_counter_button.clicked.connect(self.ask_close_counter)
        counters_hint = self._hint(
            self.tr(
                "For a counter a clerk left open (their computer failed, they went home): the clerk is signed out "
                "and any ticket in hand goes back to the queue with its number and place."
            )
        )
        counters_box = QGroupBox(self.tr("Counters"))
        counters_layout = QVBoxLayout(counters_box)
        counters_layout.addWidget(self.counter_view, 1)
        counter_buttons = QHBoxLayout()
        counter_buttons.addWidget(self.close_counter_button)
        counter_buttons.addWidget(counters_hint, 1)
        counters_layout.addLayout(counter_buttons)

        # Waiting by line.
        self.line_model = LineLoadModel(self)
        self.line_view = QTableView()
        self.line_view.setObjectName("line_load")
        self.line_view.setModel(self.line_model)
        self.line_view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.line_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.line_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.line_view.verticalHeader().hide()
        self.line_view.verticalHeader().setDefaultSectionSize(32)
        line_header = self.line_view.horizontalHeader()
        line_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        line_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        lines_box = QGroupBox(self.tr("Waiting by line"))
        lines_layout = QVBoxLayout(lines_box)
        lines_layout.addWidget(self.line_view)

        # Queue settings.
        self.cooldown = self._spin_box("recall_cooldown", hall_day.COOLDOWN_RANGE, self.tr(" s"))
        self.recall_max = self._spin_box("recall_max", hall_day.RECALL_MAX_RANGE)
        self.repeat = self._spin_box("display_repeat", hall_day.REPEAT_RANGE)
        self.notice = QLineEdit()
        self.notice.setObjectName("display_notice")
        self.notice.setMaxLength(hall_day.NOTICE_MAX)
        self.notice.setClearButtonEnabled(True)
        self.save_button = QPushButton(self.tr("Save settings"))
        self.save_button.setObjectName("save_settings")
        self.save_button.clicked.connect(self.save_settings)
        self.revert_button = QPushButton(self.tr("Undo changes"))
        self.revert_button.setObjectName("revert_settings")
        self.revert_button.clicked.connect(self.load_settings)
        settings_box = QGroupBox(self.tr("Queue settings"))
        form = QFormLayout(settings_box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Wait before a recall"), self.cooldown)
        form.addRow(self.tr("Recalls per ticket"), self.recall_max)
        form.addRow(self.tr("Display announces each call"), self.repeat)
        form.addRow(self.tr("Display notice"), self.notice)
        form.addRow(
            self._hint(
                self.tr(
                    "These settings are this hall's own; other halls keep theirs. Its counters and hall displays use "
                    "them from their next update, within 30 seconds at most; the time zone of the business day is set "
                    "by the administrator."
                )
            )
        )
        settings_buttons = QHBoxLayout()
        settings_buttons.addStretch(1)
        settings_buttons.addWidget(self.revert_button)
        settings_buttons.addWidget(self.save_button)
        form.addRow(settings_buttons)

        # End of the business day.
        self.open_count = QLabel()
        self.open_count.setObjectName("open_count")
        self.close_day_button = QPushButton(self.tr("Close the business day…"))
        self.close_day_button.setObjectName("close_day_button")
        self.close_day_button.clicked.connect(self.ask_close_day)
        day_box = QGroupBox(self.tr("End of the business day"))
        day_layout = QVBoxLayout(day_box)
        day_layout.addWidget(
            self._hint(
                self.tr(
                    "Closes every ticket of this hall still open, today's and any left from earlier days: waiting, "
                    "called, being served, on hold and no-shows. They can no longer be called. Close the day after "
                    "the last visitor has left. A scheduled job can do the same: counter-app close-day --hall CODE --user NAME"
                )
            )
        )
        day_row = QHBoxLayout()
        day_row.addWidget(self.open_count, 1)
        day_row.addWidget(self.close_day_button)
        day_layout.addLayout(day_row)

        side = QVBoxLayout()
        side.addWidget(lines_box, 1)
        side.addWidget(settings_box)
        side.addWidget(day_box)
        middle = QHBoxLayout()
        middle.addWidget(counters_box, 3)
        middle.addLayout(side, 2)

        layout = QVBoxLayout(self)
        layout.addWidget(self.hall_row)
        layout.addLayout(top)
        layout.addWidget(self.connection_banner)
        layout.addLayout(middle, 1)
        layout.addWidget(self.message)

    def _spin_box(self, name: str, limits: tuple[int, int], suffix: str = "") -> QSpinBox:
        box = QSpinBox()
        box.setObjectName(name)
        box.setRange(*limits)
        box.setSuffix(suffix)
        box.setMinimumWidth(120)
        return box

    @staticmethod
    def _hint(text: str) -> QLabel:
        label = QLabel(text)
        label.setProperty("class", "hint")
        label.setWordWrap(True)
        return label

    # ------------------------------------------------------------------ halls

    def _load_halls(self) -> None:
        try:
            self.halls = hall_day.supervised_halls(self.actor)
        except UserError as error:
            self.show_error(user_message(error))
            return
        self.hall_id = fill_hall_choice(self.hall_choice, self.halls, self.hall_id)

    def _hall_chosen(self) -> None:
        data = self.hall_choice.currentData()
        if data is not None and int(data) != self.hall_id:
            self.set_hall(int(data))

    def set_hall(self, hall_id: int | None) -> None:
        """Watch ``hall_id``: its counters and counts, re-read on every change of its queue."""
        if self.watcher is not None:
            self.watcher.stop()
            self.watcher.deleteLater()
            self.watcher = None
        self.hall_id = hall_id
        self.day = None
        self.counter_model.set_rows([])
        self.line_model.set_rows([])
        if hall_id is None or not any(hall.id == hall_id for hall in self.halls):
            self.title.setText(self.tr("No hall to supervise"))
            self.summary.clear()
            self._sync_buttons()
            return
        self.refresh()
        self.load_settings()
        self.watcher = watch_hall(self, self.database, hall_id, self.refresh, self.connection_banner)

    # ------------------------------------------------------------------ reading

    def refresh(self) -> None:
        """Re-read the counters and today's counts, keeping the selected counter selected."""
        if self.hall_id is None:
            return
        try:
            day = hall_day.hall_day(self.actor, self.hall_id)
        except UserError as error:
            self.show_error(user_message(error))
            return
        selected = self.selected_counter()
        self.day = day
        zone = ZoneInfo(day.timezone)
        self.counter_model.timezone = zone
        self.counter_model.today = day.read_at.astimezone(zone)
        self.counter_model.set_rows(day.counters)
        self.line_model.set_rows(day.lines)
        if selected is not None:
            row = self.counter_model.row_of(selected.id)
            if row is not None:
                self.counter_view.selectRow(row)
        self.title.setText(self.tr("{hall} · business day {date}").format(hall=day.hall_name, date=day.business_date.isoformat()))
        staffed = sum(1 for counter in day.counters if counter.state is not CounterState.CLOSED)
        self.summary.setText(
            self.tr("Counters staffed {staffed}/{total} · waiting {waiting} · done {done} · no-shows {no_shows}").format(
                staffed=staffed, total=len(day.counters), waiting=day.waiting, done=day.done, no_shows=day.no_shows
            )
        )
        self.open_count.setText(self.tr("Open tickets now: {count}").format(count=day.open_tickets))
        self._sync_buttons()
        self.refreshed.emit()

    def selected_counter(self) -> CounterOverview | None:
        rows = self.counter_view.selectionModel().selectedRows()
        return self.counter_model.counter_at(rows[0].row()) if rows else None

    def select_counter(self, counter_id: int) -> None:
        row = self.counter_model.row_of(counter_id)
        if row is not None:
            self.counter_view.selectRow(row)

    def _sync_buttons(self) -> None:
        counter = self.selected_counter()
        self.close_counter_button.setEnabled(counter is not None and counter.needs_closing)
        self.close_day_button.setEnabled(self.day is not None and self.day.open_tickets > 0)

    # ------------------------------------------------------------------ closing a counter

    def ask_close_counter(self) -> None:
        """Ask (window-modal) before closing the selected counter."""
        counter = self.selected_counter()
        if counter is None or not counter.needs_closing:
            return
        parts = [self.tr("Close {counter} now?").format(counter=counter.name)]
        if counter.clerk_name is not None and counter.state is not CounterState.CLOSED:
            parts.append(
                self.tr("{clerk} is signed in there ({state}) and will be signed out.").format(
                    clerk=counter.clerk_name, state=counter_state_text(counter.state)
                )
            )
        if counter.tickets:
            parts.append(
                self.tr("Back to the queue, keeping the number and the place: {tickets}.").format(
                    tickets=QLocale().createSeparatedList([ticket.label for ticket in counter.tickets])
                )
            )
        else:
            parts.append(self.tr("No ticket is in hand there."))
        dialog = ConfirmDialog(
            self.tr("Close {counter}").format(counter=counter.name), "\n\n".join(parts), self.tr("Close the counter"), parent=self
        )
        dialog.accepted.connect(lambda: self.close_counter(counter.id))
        self._open(dialog)

    def close_counter(self, counter_id: int) -> None:
        try:
            result = hall_day.force_close_counter(self.actor, counter_id)
        except UserError as error:
            self.show_error(user_message(error))
            self.refresh()
            return
        text = self.tr("{counter} is closed.").format(counter=result.counter.name)
        if result.clerk_name:
            text += " " + self.tr("{clerk} was signed out.").format(clerk=result.clerk_name)
        if result.returned:
            text += " " + self.tr("Back in the queue: {tickets}.").format(tickets=QLocale().createSeparatedList(list(result.returned)))
        if result.released:
            text += " " + self.tr("Any counter of their line may now call: {tickets}.").format(
                tickets=QLocale().createSeparatedList(list(result.released))
            )
        self.show_info(text)
        self.refresh()
        self.counter_closed.emit(result)

    # ------------------------------------------------------------------ settings

    def load_settings(self) -> None:
        """Fill the form with the hall's stored settings (also: undo unsaved changes)."""
        if self.hall_id is None:
            return
        try:
            settings = hall_day.queue_settings(self.actor, self.hall_id)
        except UserError as error:
            self.show_error(user_message(error))
            return
        self._show_settings(settings)

    def _show_settings(self, settings: QueueSettings) -> None:
        self.cooldown.setValue(settings.recall_cooldown_seconds)
        self.recall_max.setValue(settings.recall_max)
        self.repeat.setValue(settings.display_repeat)
        self.notice.setText(settings.display_notice)
        self.notice.setCursorPosition(0)

    def form_settings(self) -> QueueSettings:
        return QueueSettings(self.cooldown.value(), self.recall_max.value(), self.notice.text(), self.repeat.value())

    def save_settings(self) -> None:
        try:
            if self.hall_id is None:
                return
            saved = hall_day.save_queue_settings(self.actor, self.hall_id, self.form_settings())
        except UserError as error:
            self.show_error(user_message(error))
            return
        self._show_settings(saved.settings)
        if saved.changed:
            self.show_info(self.tr("Settings saved."))
        else:
            self.show_info(self.tr("Nothing to save: the settings are as stored."))
        self.settings_saved.emit(saved)

    # ------------------------------------------------------------------ end of the day

    def ask_close_day(self) -> None:
        """Ask (window-modal) for the reason, showing how many tickets will be closed."""
        if self.hall_id is None or self.day is None:
            return
        self.refresh()  # the count in the question must be the current one
        day = self.day
        if day is None:
            return
        parts = [
            self.tr("Close {count} open tickets of {hall}, from {date} and earlier? They can no longer be called.").format(
                count=day.open_tickets, hall=day.hall_name, date=day.business_date.isoformat()
            )
        ]
        staffed = [counter.name for counter in day.counters if counter.state is not CounterState.CLOSED]
        if staffed:
            parts.append(
                self.tr("Still open: {counters}. Their tickets in hand are closed too.").format(
                    counters=QLocale().createSeparatedList(staffed)
                )
            )
        parts.append(self.tr("The reason is recorded on each ticket."))
        dialog = ConfirmDialog(
            self.tr("Close the business day"),
            "\n\n".join(parts),
            self.tr("Close the day"),
            reason=self.tr("End of business day"),
            parent=self,
        )
        hall_id, business_day = day.hall_id, day.business_date
        dialog.accepted.connect(lambda: self.close_day(hall_id, business_day, dialog.reason()))
        self._open(dialog)

    def close_day(self, hall_id: int, business_day: date, reason: str) -> None:
        try:
            result = queue.close_business_day(self.actor, hall_id, reason, business_day)
        except UserError as error:
            self.show_error(user_message(error))
            self.refresh()
            return
        self.show_info(
            self.tr("Business day {date} closed: {count} tickets closed.").format(
                date=result.day.isoformat(), count=result.closed
            )
        )
        self.refresh()
        self.day_closed.emit(result)

    # ------------------------------------------------------------------ dialogs, messages, lifetime

    def _open(self, dialog: ConfirmDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda *_: setattr(self, "confirm_dialog", None))
        self.confirm_dialog = dialog
        dialog.open()

    def show_error(self, text: str) -> None:
        self.message.show_error(text)

    def show_info(self, text: str) -> None:
        self.message.show_info(text)

    def stop(self) -> None:
        """Stop the watcher (the window is closing)."""
        if self.watcher is not None:
            self.watcher.stop()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        self.stop()
        super().closeEvent(event)
