"""The supervisor's hall day (大厅管理): the counters of the hall live, closing a counter a
clerk left open, the queue settings, the hall displays that cannot speak, and closing the
business day.

Nothing here touches the database on the GUI thread: every read and change goes through
the window's ``Backend`` and comes back as a callback. The tab reads when it is first shown
(opening the window costs nothing for it), then ``services.hall_day.hall_day`` (one read:
counters, counts and displays) on every change of the hall, through the hall's watcher that
the window's other screens share; refreshes asked while one waits are merged, and a hidden
tab only notes that it is behind. The settings form is read when the tab opens and after
saving only, so that a change never overwrites what the supervisor is typing. Every change
asks first in a window-modal dialog (``open()``, not ``exec()``: the table stays live).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QColor, QFont, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.queue import CounterState
from counter_app.domain.roles import Role
from counter_app.errors import UserError
from counter_app.events.watcher import HallWatcher
from counter_app.services import hall_day, queue
from counter_app.services.access import Actor
from counter_app.services.devices import DisplayHealth
from counter_app.services.hall_day import CounterOverview, ForcedClose, HallDay, LineLoad, QueueSettings, SavedSettings
from counter_app.services.queue import HallChoice
from counter_app.services.queue.day import DayClosed
from counter_app.ui.counter.panel import counter_state_text, status_text
from counter_app.ui.shared.backend import Backend
from counter_app.ui.shared.hall_widgets import ConnectionBanner, MessageLine, fill_hall_choice, hall_chooser
from counter_app.ui.shared.table_model import Index, RowsTableModel
from counter_app.ui.translation import user_message

STATE_COLOURS = {CounterState.OPEN: "#2e7d32", CounterState.PAUSED: "#ef6c00", CounterState.CLOSED: "#757575"}
INFO_MS = 6_000  # a message that something was done clears itself after this; errors stay
LINE_ROW_PX = 28  # the rows of the per-line table, all of them shown


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
        refreshed: the counters and counts were re-read and shown.
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
        self.setObjectName("hall_day")
        self.hall_id: int | None = hall_id if hall_id is not None else backend.actor.hall_id
        self.halls: list[HallChoice] = []
        self.day: HallDay | None = None
        self.settings: QueueSettings | None = None  # as stored, once read
        self.confirm_dialog: ConfirmDialog | None = None
        self._started = False  # the first show reads the hall; before that the tab costs nothing
        self._stale = False  # the hall changed while the tab was hidden
        self._busy: set[str] = set()  # changes and reads under way: their buttons wait
        self._refresh_error: str | None = None  # a failed read's message, cleared by the next good one
        self.info_timer = QTimer(self)
        self.info_timer.setSingleShot(True)
        self.info_timer.setInterval(INFO_MS)
        self.info_timer.timeout.connect(self._clear_info)
        self._build()
        self._sync_buttons()

    @property
    def actor(self) -> Actor:
        return self.backend.actor

    @property
    def watcher(self) -> HallWatcher | None:
        """The hall's watcher, shared with the window's other screens of this hall."""
        return self.backend.watchers.watcher(self.hall_id) if self.hall_id is not None else None

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
            QLabel#display_warning {
                background: #fff3e0; color: #bf360c; border: 1px solid #ffb74d; border-radius: 4px;
                padding: 6px 10px; font-size: 15px; font-weight: bold;
            }
            QPushButton { font-size: 15px; padding: 8px 16px; }
            QPushButton#close_day_button { background: #b71c1c; color: white; border-radius: 6px; font-weight: bold; }
            QPushButton#close_day_button:disabled { background: #e0e0e0; color: #9e9e9e; }
            """
        )
        self.hall_row, self.hall_choice = hall_chooser(self._hall_chosen)
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
        # A hall display that cannot speak, or has gone quiet: visitors miss their calls.
        self.display_warning = QLabel()
        self.display_warning.setObjectName("display_warning")
        self.display_warning.setWordWrap(True)
        self.display_warning.setTextFormat(Qt.TextFormat.PlainText)
        self.display_warning.hide()
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
        self.counter_view.verticalHeader().setDefaultSectionSize(36)  # read from a step away, on the hall floor
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

        # Waiting by line: every line in sight, never behind a scroll bar.
        self.line_model = LineLoadModel(self)
        self.line_view = QTableView()
        self.line_view.setObjectName("line_load")
        self.line_view.setModel(self.line_model)
        self.line_view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.line_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.line_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.line_view.verticalHeader().hide()
        self.line_view.verticalHeader().setDefaultSectionSize(LINE_ROW_PX)
        self.line_view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.line_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.line_view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        line_header = self.line_view.horizontalHeader()
        line_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        line_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for signal in (self.line_model.rowsInserted, self.line_model.rowsRemoved, self.line_model.modelReset):
            signal.connect(self._fit_line_view)
        lines_box = QGroupBox(self.tr("Waiting by line"))
        lines_layout = QVBoxLayout(lines_box)
        lines_layout.addWidget(self.line_view)
        self._fit_line_view()

        # Queue settings. The long explanation is the box's tooltip: the lines need the room.
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
        self.settings_box = QGroupBox(self.tr("Queue settings"))
        self.settings_box.setToolTip(
            self.tr(
                "These settings are this hall's own; other halls keep theirs. Its counters and hall displays use "
                "them from their next update, within 30 seconds at most; the time zone of the business day is set "
                "by the administrator."
            )
        )
        self.settings_box.setEnabled(False)  # until the stored settings are in: nothing typed is overwritten
        form = QFormLayout(self.settings_box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Wait before a recall"), self.cooldown)
        form.addRow(self.tr("Recalls per ticket"), self.recall_max)
        form.addRow(self.tr("Display announces each call"), self.repeat)
        form.addRow(self.tr("Display notice"), self.notice)
        settings_buttons = QHBoxLayout()
        settings_buttons.addWidget(self._hint(self.tr("This hall only; in use within 30 seconds.")), 1)
        settings_buttons.addWidget(self.revert_button)
        settings_buttons.addWidget(self.save_button)
        form.addRow(settings_buttons)

        # End of the business day: the count and the button; the details in the tooltip and the question.
        self.open_count = QLabel()
        self.open_count.setObjectName("open_count")
        self.close_day_button = QPushButton(self.tr("Close the business day…"))
        self.close_day_button.setObjectName("close_day_button")
        self.close_day_button.clicked.connect(self.ask_close_day)
        day_box = QGroupBox(self.tr("End of the business day"))
        day_box.setToolTip(
            self.tr(
                "Closes every ticket of this hall still open, today's and any left from earlier days: waiting, "
                "called, being served, on hold and no-shows. They can no longer be called. Close the day after "
                "the last visitor has left. A scheduled job can do the same: counter-app close-day --hall CODE --user NAME"
            )
        )
        day_layout = QVBoxLayout(day_box)
        day_layout.addWidget(self._hint(self.tr("After the last visitor has left: open tickets can no longer be called.")))
        day_row = QHBoxLayout()
        day_row.addWidget(self.open_count, 1)
        day_row.addWidget(self.close_day_button)
        day_layout.addLayout(day_row)

        # Settings and the day's end scroll, if ever they must, rather than squeeze the lines.
        actions = QWidget()
        actions_layout = QVBoxLayout(actions)
        actions_layout.setContentsMargins(0, 0, 0, 0)
        actions_layout.addWidget(self.settings_box)
        actions_layout.addWidget(day_box)
        actions_layout.addStretch(1)
        self.actions_area = QScrollArea()
        self.actions_area.setObjectName("hall_actions")
        self.actions_area.setWidget(actions)
        self.actions_area.setWidgetResizable(True)
        self.actions_area.setFrameShape(QFrame.Shape.NoFrame)
        self.actions_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        side = QVBoxLayout()
        side.addWidget(lines_box)
        side.addWidget(self.actions_area, 1)
        middle = QHBoxLayout()
        middle.addWidget(counters_box, 3)
        middle.addLayout(side, 2)

        layout = QVBoxLayout(self)
        layout.addWidget(self.hall_row)
        layout.addLayout(top)
        layout.addWidget(self.connection_banner)
        layout.addWidget(self.display_warning)
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

    def _fit_line_view(self, *_args: object) -> None:
        """As tall as its rows: a hall has a handful of lines, and each one must be seen."""
        view = self.line_view
        rows = max(1, self.line_model.rowCount())
        header = view.horizontalHeader().sizeHint().height()
        view.setFixedHeight(header + rows * view.verticalHeader().defaultSectionSize() + 2 * view.frameWidth())

    # ------------------------------------------------------------------ starting, halls

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if not self._started:
            self._started = True
            self._start()
        elif self._stale:
            self.refresh()

    def _start(self) -> None:
        """The first show: an administrator first gets the list of halls; a supervisor has one."""
        if self.actor.role is Role.ADMIN:
            self._run("halls", hall_day.supervised_halls, done=self._halls_loaded, key=("supervised_halls", id(self)))
        else:
            self.set_hall(self.hall_id)

    def _halls_loaded(self, halls: list[HallChoice]) -> None:
        self.halls = halls
        self.set_hall(fill_hall_choice(self.hall_choice, halls, self.hall_id))

    def _hall_chosen(self) -> None:
        data = self.hall_choice.currentData()
        if data is not None and int(data) != self.hall_id:
            self.set_hall(int(data))

    def set_hall(self, hall_id: int | None) -> None:
        """Show ``hall_id``: its counters and counts, re-read on every change of its queue."""
        if self.hall_id is not None:
            self.backend.watchers.unsubscribe(self.hall_id, self)
        self.hall_id = hall_id
        self.day = None
        self.settings = None
        self.settings_box.setEnabled(False)
        self.counter_model.set_rows([])
        self.line_model.set_rows([])
        self._show_displays(())
        if hall_id is None:
            self.title.setText(self.tr("No hall to supervise"))
            self.summary.clear()
            self._sync_buttons()
            return
        self.title.setText(self.tr("Loading…"))
        if not self.backend.watchers.subscribe(hall_id, self, self._hall_changed, self.connection_banner):
            self.refresh()
        self.load_settings()

    def _hall_changed(self, _own_only: bool) -> None:
        # Even our own process's changes count: the issuing tab beside this one makes them.
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True  # read when shown again: a hidden tab costs no reads

    # ------------------------------------------------------------------ reading

    def _run(
        self, busy: str, use_case: Callable[..., Any], *args: Any,
        done: Callable[[Any], None], failed: Callable[[UserError], None] | None = None,
        key: Hashable | None = None, **kwargs: Any,
    ) -> None:
        """Run ``use_case`` on the backend's worker, with ``busy`` noted (its buttons wait) until it is back."""
        self._busy.add(busy)
        self._sync_buttons()

        def finish(callback: Callable[[Any], None] | None, value: Any) -> None:
            self._busy.discard(busy)
            self._sync_buttons()
            if callback is not None:
                callback(value)

        self.backend.run(
            use_case, *args,
            done=lambda result: finish(done, result),
            failed=lambda error: finish(failed or self._failed, error),
            key=key, owner=self, **kwargs,
        )

    def refresh(self) -> None:
        """Re-read the counters, today's counts and the displays; requests made while one
        waits are merged into one read."""
        hall = self.hall_id
        if hall is None:
            return
        self._stale = False

        def shown(day: HallDay) -> None:
            if day.hall_id == self.hall_id:  # else the administrator chose another hall meanwhile
                self._show_day(day)

        self._run("read", hall_day.hall_day, hall, done=shown, failed=self._read_failed, key=("hall_day", id(self)))

    def _read_failed(self, error: UserError) -> None:
        self._refresh_error = user_message(error)
        self.show_error(self._refresh_error)

    def _show_day(self, day: HallDay) -> None:
        if self._refresh_error is not None and self.message.text() == self._refresh_error:
            self.message.clear()  # the read works again
        self._refresh_error = None
        self.day = day
        zone = ZoneInfo(day.timezone)
        self.counter_model.timezone = zone
        self.counter_model.today = day.read_at.astimezone(zone)
        # Keyed updates: the selected counter stays selected, the view stays where it was.
        self.counter_model.set_rows(day.counters)
        self.line_model.set_rows(day.lines)
        self.title.setText(self.tr("{hall} · business day {date}").format(hall=day.hall_name, date=day.business_date.isoformat()))
        staffed = sum(1 for counter in day.counters if counter.state is not CounterState.CLOSED)
        self.summary.setText(
            self.tr("Counters staffed {staffed}/{total} · waiting {waiting} · done {done} · no-shows {no_shows}").format(
                staffed=staffed, total=len(day.counters), waiting=day.waiting, done=day.done, no_shows=day.no_shows
            )
        )
        self.open_count.setText(self.tr("Open tickets now: {count}").format(count=day.open_tickets))
        self._show_displays(day.displays, zone, day.read_at)
        self._sync_buttons()
        self.refreshed.emit()

    def _show_displays(self, displays: Sequence[DisplayHealth], zone: ZoneInfo | None = None, now: datetime | None = None) -> None:
        """Warn of hall displays that cannot speak the calls or have stopped reporting."""
        lines: list[str] = []
        details: list[str] = []
        for display in displays:
            if display.stale:
                lines.append(
                    self.tr("Hall display {device} has not reported since {time}: it may be off or cut off from the database.").format(
                        device=display.device, time=self._time_text(display.seen_at, zone, now)
                    )
                )
            elif not display.speech_ok:
                lines.append(
                    self.tr("Hall display {device} has not been able to speak the calls since {time}: they are shown, not announced.").format(
                        device=display.device, time=self._time_text(display.changed_at, zone, now)
                    )
                )
            else:
                continue
            if display.detail:
                details.append(f"{display.device}: {display.detail}")
        self.display_warning.setText("\n".join(lines))
        self.display_warning.setToolTip("\n".join(details))  # the engine's own words, for whoever fixes it
        self.display_warning.setVisible(bool(lines))

    @staticmethod
    def _time_text(moment: datetime, zone: ZoneInfo | None, now: datetime | None) -> str:
        local = moment.astimezone(zone) if zone is not None else moment
        if now is not None and local.date() != now.astimezone(local.tzinfo).date():
            return local.strftime("%m-%d %H:%M")
        return local.strftime("%H:%M")

    def selected_counter(self) -> CounterOverview | None:
        rows = self.counter_view.selectionModel().selectedRows()
        return self.counter_model.counter_at(rows[0].row()) if rows else None

    def select_counter(self, counter_id: int) -> None:
        row = self.counter_model.row_of(counter_id)
        if row is not None:
            self.counter_view.selectRow(row)

    def _sync_buttons(self) -> None:
        counter = self.selected_counter()
        self.close_counter_button.setEnabled(counter is not None and counter.needs_closing and "close_counter" not in self._busy)
        self.close_day_button.setEnabled(
            self.day is not None and self.day.open_tickets > 0 and not {"close_day", "ask_day"} & self._busy
        )
        saving = "save" in self._busy
        self.save_button.setEnabled(not saving)
        self.revert_button.setEnabled(not saving)

    # ------------------------------------------------------------------ closing a counter

    def ask_close_counter(self) -> None:
        """Ask (window-modal) before closing the selected counter."""
        counter = self.selected_counter()
        if counter is None or not counter.needs_closing or self.confirm_dialog is not None:
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
        self._run(
            "close_counter", hall_day.force_close_counter, counter_id,
            done=self._counter_closed, failed=self._action_failed,
        )

    def _counter_closed(self, result: ForcedClose) -> None:
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
        # The closed counter as the service returned it, at once; the counts follow with the read.
        closed = result.counter
        self.counter_model.set_rows([closed if counter.id == closed.id else counter for counter in self.counter_model.counters])
        self._sync_buttons()
        self.refresh()
        self.counter_closed.emit(result)

    def _action_failed(self, error: UserError) -> None:
        self.show_error(user_message(error))
        self.refresh()  # what changed meanwhile is why it failed: show it

    # ------------------------------------------------------------------ settings

    def load_settings(self) -> None:
        """Fill the form with the hall's stored settings (also: undo unsaved changes)."""
        hall = self.hall_id
        if hall is None:
            return

        def loaded(settings: QueueSettings) -> None:
            if hall == self.hall_id:
                self._show_settings(settings)

        self._run("settings", hall_day.queue_settings, hall, done=loaded, key=("queue_settings", id(self)))

    def _show_settings(self, settings: QueueSettings) -> None:
        self.settings = settings
        self.cooldown.setValue(settings.recall_cooldown_seconds)
        self.recall_max.setValue(settings.recall_max)
        self.repeat.setValue(settings.display_repeat)
        self.notice.setText(settings.display_notice)
        self.notice.setCursorPosition(0)
        self.settings_box.setEnabled(True)

    def form_settings(self) -> QueueSettings:
        return QueueSettings(self.cooldown.value(), self.recall_max.value(), self.notice.text(), self.repeat.value())

    def save_settings(self) -> None:
        hall = self.hall_id
        if hall is None or "save" in self._busy:
            return

        def saved(result: SavedSettings) -> None:
            if hall == self.hall_id:
                self._show_settings(result.settings)
            if result.changed:
                self.show_info(self.tr("Settings saved."))
            else:
                self.show_info(self.tr("Nothing to save: the settings are as stored."))
            self.settings_saved.emit(result)

        self._run(
            "save", hall_day.save_queue_settings, hall, self.form_settings(),
            done=saved, failed=lambda error: self.show_error(user_message(error)),
        )

    # ------------------------------------------------------------------ end of the day

    def ask_close_day(self) -> None:
        """Read the hall again (the count in the question must be the current one), then ask
        (window-modal) for the reason."""
        hall = self.hall_id
        if hall is None or self.day is None or self.confirm_dialog is not None or "ask_day" in self._busy:
            return

        def ask(day: HallDay) -> None:
            if day.hall_id == self.hall_id:
                self._show_day(day)
                self._ask_close_day(day)

        # A key of its own: a refresh asked meanwhile must not replace this read and its question.
        self._run("ask_day", hall_day.hall_day, hall, done=ask, failed=self._read_failed, key=("ask_day", id(self)))

    def _ask_close_day(self, day: HallDay) -> None:
        if self.confirm_dialog is not None:
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
        def closed(result: DayClosed) -> None:
            self.show_info(
                self.tr("Business day {date} closed: {count} tickets closed.").format(
                    date=result.day.isoformat(), count=result.closed
                )
            )
            self.refresh()
            self.day_closed.emit(result)

        self._run("close_day", queue.close_business_day, hall_id, reason, business_day, done=closed, failed=self._action_failed)

    # ------------------------------------------------------------------ dialogs, messages, lifetime

    def _open(self, dialog: ConfirmDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def closed(*_args: object) -> None:
            if self.confirm_dialog is dialog:  # answered: another question may be asked at once
                self.confirm_dialog = None

        dialog.finished.connect(closed)
        dialog.destroyed.connect(closed)
        self.confirm_dialog = dialog
        dialog.open()

    def _failed(self, error: UserError) -> None:
        self.show_error(user_message(error))

    def show_error(self, text: str) -> None:
        """An error stays until the next message: it may need reading twice."""
        self.info_timer.stop()
        self.message.show_error(text)

    def show_info(self, text: str) -> None:
        """What was done; it clears itself after ``INFO_MS`` (a stale "saved" misleads)."""
        self.message.show_info(text)
        self.info_timer.start()

    def _clear_info(self) -> None:
        self.message.clear()

    def stop(self) -> None:
        """Stop following the hall and the message timer (the window is closing; it stops the backend)."""
        self.info_timer.stop()
        if self.hall_id is not None:
            self.backend.watchers.unsubscribe(self.hall_id, self)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        self.stop()
        super().closeEvent(event)
