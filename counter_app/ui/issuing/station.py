"""The guide desk's issuing station (导服台).

Choose the business line (one button per line with its waiting count; the line's letter
key chooses it), the priority the line takes (keys 1–4; an appointment asks its time),
optionally the service item and the visitor's details for a stated purpose, then issue
(Enter or Ctrl+Enter). The slip is previewed, printed from the preview (Ctrl+P) and can
be reprinted (Ctrl+Shift+P: counted, marked 补打).

What may be done when comes from ``domain.issuing``; every database read and write runs on
the window's worker through ``Backend``, and the hall's changes come from its shared watcher.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import time

from PySide6.QtCore import Qt, QTime, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QFocusEvent, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QCompleter,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.issuing import (
    PRIORITY_ORDER,
    DeskAction,
    DeskState,
    appointment_moment,
    desk_actions,
    kept_priority,
    line_key,
    next_quarter_hour,
    offered_priorities,
)
from counter_app.domain.queue import DEFAULT_TIMEZONE, PURPOSE_FIELDS, PersonalDataPurpose, TicketPriority
from counter_app.domain.roles import acts_on_every_hall
from counter_app.errors import UserError
from counter_app.services import queue
from counter_app.services.queue import HallChoice, IssuedTicket, LineInfo, ServiceItemChoice, VisitorDetails
from counter_app.services.queue.issuing import checked_visitor
from counter_app.ui.issuing.core import HallLines, load_timezone, render_slip, wait_text
from counter_app.ui.issuing.time_field import TimeField
from counter_app.ui.shared.backend import Backend
from counter_app.ui.shared.hall_widgets import ConnectionBanner, MessageLine, fill_hall_choice, hall_chooser, priority_text
from counter_app.ui.shared.slip_preview import PrintFailed, SlipPreview, choose_printer, printer_name
from counter_app.ui.translation import user_message

PRIORITY_KEYS = {priority: str(number) for number, priority in enumerate(PRIORITY_ORDER, start=1)}
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)

STYLE = """
QPushButton#line_button {
    font-size: 19px; font-weight: bold; padding: 10px; text-align: left;
    border: 2px solid #1565c0; border-radius: 10px; background: #e3f2fd; color: #0d47a1;
}
QPushButton#line_button:checked { background: #1565c0; color: white; }
QPushButton#line_button:focus { border: 3px solid #ff8f00; }
QPushButton#line_button:disabled { background: #eeeeee; color: #9e9e9e; border-color: #bdbdbd; }
QPushButton#issue_button {
    font-size: 22px; font-weight: bold; padding: 12px; background: #2e7d32; color: white; border-radius: 8px;
}
QPushButton#issue_button:disabled { background: #a5d6a7; }
QPushButton#print_button, QPushButton#reprint_button { font-size: 16px; padding: 10px; }
QRadioButton, QGroupBox, QLineEdit, QComboBox, QTimeEdit, QLabel { font-size: 15px; }
QGroupBox { font-weight: bold; }
QRadioButton { font-weight: normal; padding: 4px 10px; }
QLabel#station_title { font-size: 22px; font-weight: bold; }
QLabel#section_title, QLabel#slip_title { font-size: 16px; font-weight: bold; }
QLabel#key_hint, QLabel#purpose_note { color: #555; font-size: 13px; }
QLineEdit[problem="true"] { border: 2px solid #b00020; background: #fff3f3; }
"""


class IssuingStation(QWidget):
    """Issues queue tickets of one hall at the guide desk (administrators choose the hall).

    Signals:
        issued(IssuedTicket): a ticket was issued and its slip is in the preview.
        printed(): a slip went to a printer.
        lines_changed(): the lines and their waiting counts were re-read and shown.
    """

    issued = Signal(object)
    printed = Signal()
    lines_changed = Signal()

    def __init__(
        self,
        backend: Backend,
        hall_id: int | None = None,
        *,
        ask_visitor_details: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("issuing_station")
        self.backend = backend
        self.actor = backend.actor
        self.ask_visitor_details = ask_visitor_details
        self.hall_id: int | None = hall_id if hall_id is not None else self.actor.hall_id
        self.halls: list[HallChoice] = []
        self.service_items: list[ServiceItemChoice] = []
        self.timezone = DEFAULT_TIMEZONE
        self.line_buttons: dict[int, QPushButton] = {}
        self.line_shortcuts: list[QShortcut] = []
        self.last_issued: IssuedTicket | None = None
        self.last_item_name: str | None = None
        self.slip_printed = False  # the first print of the last slip is done: more copies are reprints
        self.busy = False

        self.connection_banner = ConnectionBanner()
        self.hall_lines = HallLines(backend, self, self.connection_banner)
        self.hall_lines.loaded.connect(self._show_lines)
        self.hall_lines.failed.connect(self._read_failed)
        self._build()
        self._load()

    @property
    def lines(self) -> list[LineInfo]:
        return self.hall_lines.lines

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        self.setStyleSheet(STYLE)
        self.title = QLabel()
        self.title.setObjectName("station_title")
        self.hall_row, self.hall_choice = hall_chooser(self._hall_chosen)
        self.hall_row.setVisible(acts_on_every_hall(self.actor.role))

        # The first stop of the tab chain (before the service item's search field), so
        # that the window opens with the letter keys choosing lines, not typing.
        self.lines_box = _LinesBox(self._focus_a_line)
        self.lines_box.setObjectName("lines_box")
        self.lines_grid = QGridLayout(self.lines_box)
        self.lines_grid.setContentsMargins(0, 0, 0, 0)
        self.lines_grid.setSpacing(12)
        self.line_group = QButtonGroup(self)
        self.line_group.setExclusive(True)
        self.message = MessageLine(15)
        self.preview = SlipPreview()
        self.preview.setObjectName("slip_preview")
        self.preview.setMinimumWidth(300)

        priority_box = self._build_priorities()
        details = self._build_details()

        self.issue_button = QPushButton()
        self.issue_button.setObjectName("issue_button")
        self.issue_action = self._action((QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")), self.issue)
        self.issue_button.clicked.connect(self.issue_action.trigger)

        self.print_button = QPushButton(self.tr("Print (Ctrl+P)"))
        self.print_button.setObjectName("print_button")
        self.print_action = self._action((QKeySequence("Ctrl+P"),), lambda: self.print_slip())
        self.print_button.clicked.connect(self.print_action.trigger)
        self.reprint_button = QPushButton(self.tr("Reprint (Ctrl+Shift+P)"))
        self.reprint_button.setObjectName("reprint_button")
        self.reprint_action = self._action((QKeySequence("Ctrl+Shift+P"),), lambda: self.reprint())
        self.reprint_button.clicked.connect(self.reprint_action.trigger)
        self.slip_title = QLabel(self.tr("Slip"))
        self.slip_title.setObjectName("slip_title")
        side = QVBoxLayout()
        side.addWidget(self.slip_title)
        side.addWidget(self.preview, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.reprint_button)
        side.addLayout(buttons)

        lines_title = QLabel(self.tr("Business line"))
        lines_title.setObjectName("section_title")
        self.key_hint = QLabel(self.tr("Keys: a line's letter chooses it, 1–4 the priority, Enter issues."))
        self.key_hint.setObjectName("key_hint")
        title_row = QHBoxLayout()
        title_row.addWidget(lines_title)
        title_row.addStretch(1)
        title_row.addWidget(self.key_hint)
        main = QVBoxLayout()
        main.addWidget(self.hall_row)
        main.addWidget(self.title)
        main.addWidget(self.connection_banner)
        main.addLayout(title_row)
        main.addWidget(self.lines_box)
        main.addWidget(priority_box)
        main.addWidget(details)
        main.addWidget(self.issue_button)
        main.addWidget(self.message)
        main.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addLayout(main, 3)
        frame = QFrame()
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        frame.setLayout(side)
        layout.addWidget(frame, 1)
        # Connected last: a choice re-judges what may be done, with every control built.
        self.line_group.buttonToggled.connect(lambda *_: self._sync())
        self.priority_group.buttonToggled.connect(lambda *_: self._sync())
        self._sync()

    def _action(self, keys: tuple[QKeySequence, ...], slot: Callable[[], object]) -> QAction:
        action = QAction(self)
        action.setShortcuts(list(keys))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_priorities(self) -> QGroupBox:
        self.priority_buttons: dict[TicketPriority, QRadioButton] = {}
        self.priority_group = QButtonGroup(self)
        box = QGroupBox(self.tr("Priority"))
        layout = QHBoxLayout(box)
        for priority in PRIORITY_ORDER:
            key = PRIORITY_KEYS[priority]
            button = QRadioButton(f"[{key}] {priority_text(priority)}")  # the key, on the control
            button.setObjectName(f"priority_{priority.value}")
            self.priority_group.addButton(button)
            self.priority_buttons[priority] = button
            layout.addWidget(button)
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.activated.connect(lambda chosen=priority: self.choose_priority(chosen))
            if priority is TicketPriority.APPOINTMENT:
                self.appointment_time = TimeField()
                self.appointment_time.setObjectName("appointment_time")
                self.appointment_time.setTime(QTime(9, 0))  # set to the next quarter hour once the clock is known
                layout.addWidget(self.appointment_time)
        layout.addStretch(1)
        self.priority_buttons[TicketPriority.NORMAL].setChecked(True)
        return box

    def _build_details(self) -> QGroupBox:
        self.item_choice = QComboBox()
        self.item_choice.setObjectName("item_choice")
        self.item_choice.setEditable(True)
        self.item_choice.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.item_choice.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.item_choice.setMinimumContentsLength(30)
        search = self.item_choice.lineEdit()
        assert search is not None  # an editable combo box has its line edit
        search.setPlaceholderText(self.tr("Optional: type to search by name or code"))
        completer = QCompleter(self.item_choice.model(), self.item_choice)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.item_choice.setCompleter(completer)
        self.visitor_name = QLineEdit()
        self.visitor_name.setObjectName("visitor_name")
        self.visitor_name.setMaxLength(50)
        self.visitor_phone = QLineEdit()
        self.visitor_phone.setObjectName("visitor_phone")
        self.visitor_id = QLineEdit()
        self.visitor_id.setObjectName("visitor_id")
        self.visitor_id.setMaxLength(18)
        self.visitor_fields = {"name": self.visitor_name, "phone": self.visitor_phone, "id_number": self.visitor_id}
        self.field_labels = {"name": self.tr("Name"), "phone": self.tr("Phone"), "id_number": self.tr("ID number")}
        for field in self.visitor_fields.values():
            field.textEdited.connect(lambda _text, edited=field: _mark_problem(edited, False))
        # Personal data only for a stated purpose, and only the fields it needs (个人信息保护法).
        self.purpose_choice = QComboBox()
        self.purpose_choice.setObjectName("purpose_choice")
        for text, purpose in (
            (self.tr("No personal details"), None),
            (self.tr("Name: to greet the visitor at the counter"), PersonalDataPurpose.CALL_BY_NAME),
            (self.tr("Name and phone: to reach the visitor about this visit"), PersonalDataPurpose.CONTACT),
            (self.tr("Name, phone and ID number: to start the application at the counter"), PersonalDataPurpose.CASE_INTAKE),
        ):
            self.purpose_choice.addItem(text, purpose)
        self.purpose_choice.currentIndexChanged.connect(self._sync_visitor_fields)
        details = QGroupBox(self.tr("Optional"))
        form = QFormLayout(details)
        form.addRow(self.tr("Service item"), self.item_choice)
        self.visitor_rows = QWidget()
        visitor_box = QVBoxLayout(self.visitor_rows)
        visitor_box.setContentsMargins(0, 0, 0, 0)
        purpose_row = QHBoxLayout()
        purpose_row.addWidget(QLabel(self.tr("Visitor's details")))
        purpose_row.addWidget(self.purpose_choice, 1)
        visitor_box.addLayout(purpose_row)
        visitor_layout = QHBoxLayout()
        for name, field in self.visitor_fields.items():
            label = QLabel(self.field_labels[name])
            label.setBuddy(field)
            visitor_layout.addWidget(label)
            visitor_layout.addWidget(field, 1)
        visitor_box.addLayout(visitor_layout)
        self.purpose_note = QLabel(
            self.tr("Kept for the chosen purpose only; the hall display shows the name masked (张*).")
        )
        self.purpose_note.setObjectName("purpose_note")
        visitor_box.addWidget(self.purpose_note)
        form.addRow(self.visitor_rows)
        self.visitor_rows.setVisible(self.ask_visitor_details)
        self._sync_visitor_fields()
        return details

    # ------------------------------------------------------------------ loading

    def _load(self) -> None:
        self.backend.run(queue.issuing_halls, done=self._halls_loaded, failed=self._read_failed, owner=self)
        self.backend.run(queue.service_item_choices, done=self._items_loaded, failed=self._read_failed, owner=self)
        load_timezone(self.backend, self, self._timezone_loaded)

    def _halls_loaded(self, halls: list[HallChoice]) -> None:
        self.halls = list(halls)
        self.set_hall(fill_hall_choice(self.hall_choice, self.halls, self.hall_id))

    def _items_loaded(self, items: list[ServiceItemChoice]) -> None:
        self.service_items = list(items)
        self.item_choice.clear()
        self.item_choice.addItem("", None)
        for item in self.service_items:
            self.item_choice.addItem(f"{item.name} · {item.code}", item.id)
        self.item_choice.setCurrentIndex(0)

    def _timezone_loaded(self, timezone: str) -> None:
        self.timezone = timezone
        soon = next_quarter_hour(self.backend.now(), timezone)
        self.appointment_time.setTime(QTime(soon.hour, soon.minute))

    def _hall_chosen(self) -> None:
        data = self.hall_choice.currentData()
        if data is not None and int(data) != self.hall_id:
            self.set_hall(int(data))

    def set_hall(self, hall_id: int | None) -> None:
        """Serve ``hall_id``: its lines, kept fresh by the hall's shared watcher."""
        hall = next((h for h in self.halls if h.id == hall_id), None)
        self.hall_id = hall.id if hall is not None else None
        self._rebuild_line_buttons([])
        if hall is None:
            self.title.setText(self.tr("No hall to issue tickets for"))
        else:
            self.title.setText(self.tr("{hall}: issue queue numbers").format(hall=hall.name))
        self.hall_lines.watch(self.hall_id)
        self._sync()

    def _show_lines(self, lines: list[LineInfo]) -> None:
        if [line.id for line in lines] != list(self.line_buttons):
            self._rebuild_line_buttons(lines)
            if self.focusWidget() is self.lines_box:  # has it, or gets it when the window is activated
                self._focus_a_line()
        for line in lines:
            button = self.line_buttons[line.id]
            button.setText(self.tr("{prefix} {name} · {waiting} waiting").format(prefix=line.prefix, name=line.name, waiting=line.waiting))
            key = line_key(line.prefix)
            tip = self.tr("Key {key}").format(key=key) if key else ""
            button.setToolTip("\n".join(text for text in (line.description, tip) if text))
        self._sync()
        self.lines_changed.emit()

    def _rebuild_line_buttons(self, lines: list[LineInfo]) -> None:
        checked = self.selected_line_id()
        for button in self.line_buttons.values():
            self.line_group.removeButton(button)
            button.deleteLater()
        for shortcut in self.line_shortcuts:
            shortcut.setEnabled(False)
            shortcut.deleteLater()
        self.line_buttons.clear()
        self.line_shortcuts = []
        columns = 3 if len(lines) > 4 else 2
        previous: QWidget = self.lines_box
        for position, line in enumerate(lines):
            button = QPushButton()
            button.setObjectName("line_button")
            button.setProperty("line_id", line.id)
            button.setCheckable(True)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setMinimumHeight(56)
            self.line_group.addButton(button)
            button.setChecked(line.id == checked)
            self.line_buttons[line.id] = button
            self.lines_grid.addWidget(button, position // columns, position % columns)
            QWidget.setTabOrder(previous, button)  # the lines first, then the options
            previous = button
            key = line_key(line.prefix)
            if key is not None:
                # A window shortcut, so it works with the focus on the tab bar too; it is dead
                # while the station is hidden (another tab, the lock page). Text fields keep
                # their letters (they claim printable keys before shortcuts).
                shortcut = QShortcut(QKeySequence(key), self)
                shortcut.activated.connect(lambda line_id=line.id: self.choose_line(line_id))
                self.line_shortcuts.append(shortcut)

    def _focus_a_line(self) -> None:
        """The focus reached the lines' box (it opens the tab chain, so a window opens with
        it): hand it to the chosen or first line, so that Space and the arrows work there."""
        if not self.line_buttons:
            return  # the box keeps it until the lines arrive; the letter keys work meanwhile
        button = self.line_buttons.get(self.selected_line_id() or -1) or next(iter(self.line_buttons.values()))
        button.setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------------ choices and state

    def selected_line_id(self) -> int | None:
        button = self.line_group.checkedButton()
        return int(button.property("line_id")) if button is not None else None

    def selected_line(self) -> LineInfo | None:
        line_id = self.selected_line_id()
        return next((line for line in self.lines if line.id == line_id), None)

    def select_line(self, line_id: int) -> None:
        self.line_buttons[line_id].setChecked(True)

    def choose_line(self, line_id: int) -> None:
        """The line's key: choose it (when choosing is allowed now)."""
        if DeskAction.CHOOSE_LINE in self.allowed() and line_id in self.line_buttons:
            self.select_line(line_id)
            self.line_buttons[line_id].setFocus(Qt.FocusReason.ShortcutFocusReason)

    def chosen_priority(self) -> TicketPriority:
        return next((p for p, b in self.priority_buttons.items() if b.isChecked()), TicketPriority.NORMAL)

    def choose_priority(self, priority: TicketPriority) -> None:
        """A priority's key: choose it if the line takes it; an appointment asks its time next."""
        button = self.priority_buttons[priority]
        if not button.isEnabled():
            return
        button.setChecked(True)
        if priority is TicketPriority.APPOINTMENT:
            self.appointment_time.start_typing()
        else:
            button.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def state(self) -> DeskState:
        return DeskState(
            lines_shown=bool(self.line_buttons),
            line_chosen=self.selected_line() is not None,
            busy=self.busy,
            slip_ready=self.last_issued is not None and self.preview.has_pdf(),
            slip_printed=self.slip_printed,
        )

    def allowed(self) -> frozenset[DeskAction]:
        return desk_actions(self.state())

    def _sync(self) -> None:
        """Enable what the rules allow now; offer only the priorities the line takes."""
        allowed = self.allowed()
        line = self.selected_line()
        priorities = line.priorities if line is not None else None
        offered = offered_priorities(priorities)
        kept = kept_priority(self.chosen_priority(), priorities)
        if not self.priority_buttons[kept].isChecked():
            self.priority_buttons[kept].setChecked(True)  # re-enters _sync through the group
            return
        for priority, button in self.priority_buttons.items():
            button.setEnabled(priority in offered and not self.busy)
        self.appointment_time.setEnabled(kept is TicketPriority.APPOINTMENT and not self.busy)
        self.hall_choice.setEnabled(DeskAction.CHOOSE_HALL in allowed)
        for line_button in self.line_buttons.values():
            line_button.setEnabled(DeskAction.CHOOSE_LINE in allowed)
        if line is None:
            self.issue_button.setText(self.tr("Choose a business line"))
        else:
            self.issue_button.setText(self.tr("Issue a ticket: {prefix} {name} (Enter)").format(prefix=line.prefix, name=line.name))
        for action, widgets in (
            (DeskAction.ISSUE, (self.issue_button, self.issue_action)),
            (DeskAction.PRINT, (self.print_button, self.print_action)),
            (DeskAction.REPRINT, (self.reprint_button, self.reprint_action)),
        ):
            for widget in widgets:
                widget.setEnabled(action in allowed)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self._sync()

    def chosen_purpose(self) -> PersonalDataPurpose | None:
        data = self.purpose_choice.currentData()  # Qt keeps the enum's string value
        return PersonalDataPurpose(data) if data else None

    def _sync_visitor_fields(self) -> None:
        """Only the fields the chosen purpose needs can be filled in."""
        purpose = self.chosen_purpose()
        needed = PURPOSE_FIELDS[purpose] if purpose is not None else frozenset()
        for name, field in self.visitor_fields.items():
            field.setEnabled(name in needed)
            if name not in needed:
                field.clear()
                _mark_problem(field, False)
        self.purpose_note.setVisible(purpose is not None)

    def visitor_details(self) -> VisitorDetails | None:
        """The purpose chosen and the fields it needs (the others are disabled and empty)."""
        purpose = self.chosen_purpose() if self.ask_visitor_details else None
        if purpose is None:
            return None
        needed = PURPOSE_FIELDS[purpose]
        values = {name: field.text() if name in needed else None for name, field in self.visitor_fields.items()}
        return VisitorDetails(purpose, values["name"], values["phone"], values["id_number"])

    def _visitor_problem(self) -> tuple[str, UserError] | None:
        """The first visitor field the service would refuse, and why: checked here, field by
        field with the service's own rules, to name the field and put the cursor in it."""
        details = self.visitor_details()
        if details is None:
            return None
        for name in ("name", "phone", "id_number"):
            value = getattr(details, name)
            if not (value or "").strip():
                continue
            try:
                checked_visitor(VisitorDetails(PersonalDataPurpose.CASE_INTAKE, **{name: value}))
            except UserError as error:
                return name, error
        return None

    def _chosen_item(self) -> tuple[int | None, str | None]:
        text = self.item_choice.currentText().strip()
        if not text:
            return None, None
        row = self.item_choice.findText(text)
        if row <= 0:
            raise _NoSuchItem()
        item_id = self.item_choice.itemData(row)
        name = next((item.name for item in self.service_items if item.id == item_id), None)
        return item_id, name

    # ------------------------------------------------------------------ issuing

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        """Enter issues, from wherever it was not taken (text fields and choices pass it up;
        the service item's open suggestion list keeps it)."""
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if event.key() in ENTER_KEYS and modifiers == Qt.KeyboardModifier.NoModifier:
            event.accept()
            self.issue()
            return
        super().keyPressEvent(event)

    def issue(self) -> bool:
        """Issue a ticket of the chosen line with the chosen options; True when asked of the
        service (``issued`` or an error message follows)."""
        line = self.selected_line()
        if line is None or DeskAction.ISSUE not in self.allowed():
            return False
        priority = self.chosen_priority()
        appointment_at = None
        if priority is TicketPriority.APPOINTMENT:
            chosen = self.appointment_time.committed_time()  # what was typed, Ctrl+Enter or not
            appointment_at = appointment_moment(self.backend.now(), time(chosen.hour(), chosen.minute()), self.timezone)
        try:
            item_id, item_name = self._chosen_item()
        except _NoSuchItem:
            self.show_error(self.tr("Choose the service item from the list, or leave it empty."))
            self.item_choice.setFocus(Qt.FocusReason.OtherFocusReason)
            search = self.item_choice.lineEdit()
            if search is not None:
                search.selectAll()
            return False
        problem = self._visitor_problem()
        if problem is not None:
            self._show_field_problem(*problem)
            return False
        self._set_busy(True)
        self.backend.run(
            queue.issue_ticket, line.id,
            priority=priority, service_item_id=item_id, visitor=self.visitor_details(), appointment_at=appointment_at,
            done=lambda issued: self._issued(issued, item_name), failed=self._failed, owner=self,
        )
        return True

    def _show_field_problem(self, name: str, error: UserError) -> None:
        """Say which field is wrong and why, and put the cursor there, its text selected."""
        field = self.visitor_fields[name]
        self.show_error(self.tr("{field}: {problem}").format(field=self.field_labels[name], problem=user_message(error)))
        _mark_problem(field, True)
        field.setFocus(Qt.FocusReason.OtherFocusReason)
        field.selectAll()

    def _issued(self, issued: IssuedTicket, item_name: str | None) -> None:
        self.last_issued = issued
        self.last_item_name = item_name
        self.slip_printed = False
        self.show_info(
            self.tr("Issued {label}: {ahead} ahead, wait {wait}.").format(
                label=issued.ticket.label, ahead=issued.people_ahead, wait=wait_text(issued)
            )
        )
        # Ready for the next visitor: same line, ordinary, no details.
        for field in self.visitor_fields.values():
            field.clear()
        self.purpose_choice.setCurrentIndex(0)
        self.item_choice.setCurrentIndex(0)
        self.priority_buttons[TicketPriority.NORMAL].setChecked(True)
        self.hall_lines.refresh()
        render_slip(self.backend, issued, self, lambda pdf: self._slip_rendered(issued, pdf), self._render_failed, item_name=item_name)

    def _slip_rendered(self, issued: IssuedTicket, pdf: bytes) -> None:
        self.preview.set_pdf(pdf)
        self._set_busy(False)
        button = self.line_buttons.get(issued.ticket.line_id)
        if button is not None and self.isVisible():
            button.setFocus(Qt.FocusReason.OtherFocusReason)  # the keys go on working
        self.issued.emit(issued)

    def _render_failed(self, error: UserError) -> None:
        self.preview.clear()
        self._failed(error)

    def _failed(self, error: UserError) -> None:
        """What the desk was doing (issuing, a reprint) failed: say why, and it may go on."""
        self.show_error(user_message(error))
        self._set_busy(False)

    def _read_failed(self, error: UserError) -> None:
        """A read failed (the hall's lines, the catalogue): say why; a ticket under way stays so."""
        self.show_error(user_message(error))

    # ------------------------------------------------------------------ printing

    def _ask_printer(self) -> QPrinter | None:
        stem = self.last_issued.ticket.label if self.last_issued is not None else "slip"
        return choose_printer(self, self.tr("Print the slip"), stem)

    def print_slip(self, printer: QPrinter | None = None) -> bool:
        """The first print of the shown slip; without ``printer`` the print dialog asks,
        opening on the printer used last in this session (else the system's default)."""
        if DeskAction.PRINT not in self.allowed() or self.last_issued is None:
            return False
        printer = printer or self._ask_printer()
        if printer is None:
            return False
        if not self._print(printer):
            return False
        self.slip_printed = True
        self.show_info(
            self.tr("Printed {label} on {printer}.").format(label=self.last_issued.ticket.label, printer=printer_name(printer))
        )
        self._sync()
        self.printed.emit()
        return True

    def reprint(self, printer: QPrinter | None = None) -> bool:
        """Another copy of the last slip: counted by the service and marked 补打. True when
        asked of the service (the print and its message follow)."""
        if DeskAction.REPRINT not in self.allowed() or self.last_issued is None:
            return False
        printer = printer or self._ask_printer()
        if printer is None:
            return False
        self._set_busy(True)
        self.backend.run(
            queue.record_reprint, self.last_issued.ticket.id,
            done=lambda issued: self._reprint_recorded(issued, printer), failed=self._failed, owner=self,
        )
        return True

    def _reprint_recorded(self, issued: IssuedTicket, printer: QPrinter) -> None:
        self.last_issued = issued
        render_slip(
            self.backend, issued, self, lambda pdf: self._reprint_rendered(issued, pdf, printer), self._render_failed,
            item_name=self.last_item_name,
        )

    def _reprint_rendered(self, issued: IssuedTicket, pdf: bytes, printer: QPrinter) -> None:
        self.preview.set_pdf(pdf)
        self._set_busy(False)
        if not self._print(printer):
            return
        self.show_info(
            self.tr("Reprinted {label} (copy {copy}) on {printer}.").format(
                label=issued.ticket.label, copy=issued.copies, printer=printer_name(printer)
            )
        )
        self.printed.emit()

    def _print(self, printer: QPrinter) -> bool:
        try:
            self.preview.print_to(printer)
        except PrintFailed:
            self.show_error(self.tr("The slip could not be printed: check the printer."))
            return False
        return True

    # ------------------------------------------------------------------ messages, lifetime

    def show_error(self, text: str) -> None:
        self.message.show_error(text)

    def show_info(self, text: str) -> None:
        self.message.show_info(text)

    def stop(self) -> None:
        """Stop listening to the hall (the window is closing)."""
        self.hall_lines.stop()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        self.stop()
        super().closeEvent(event)


class _LinesBox(QWidget):
    """The line buttons' box: takes the focus first, and hands it to a line."""

    def __init__(self, on_focus: Callable[[], None]) -> None:
        super().__init__()
        self.on_focus = on_focus
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt API
        super().focusInEvent(event)
        # Once the focus change (a window's activation, say) is complete, or it is undone.
        QTimer.singleShot(0, self, self._hand_on)

    def _hand_on(self) -> None:
        if self.hasFocus():
            self.on_focus()


def _mark_problem(field: QLineEdit, problem: bool) -> None:
    """A red frame on a field the service would refuse, until it is edited."""
    if bool(field.property("problem")) == problem:
        return
    field.setProperty("problem", problem)
    field.style().unpolish(field)
    field.style().polish(field)


class _NoSuchItem(Exception):
    """The service item text matches no catalogue entry."""
