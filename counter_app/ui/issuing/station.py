"""The issuing station (导服台) and, in kiosk mode, the self-service ticket kiosk.

Station: choose the business line (one big button per line, with its waiting count),
the priority the line accepts, optionally the service item and the visitor's name, phone
and ID number, then issue; the slip is previewed and printed from the preview, and can be
reprinted (counted, marked 补打). Kiosk: one tap on a line issues an ordinary ticket; the
slip goes straight to the default printer (or is shown when there is none) and the kiosk
returns to its start screen after a few seconds.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QTime, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QCompleter,
    QDialog,
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
    QStackedWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.queue import PURPOSE_FIELDS, PersonalDataPurpose, TicketPriority
from counter_app.domain.roles import Role
from counter_app.errors import UserError
from counter_app.events.watcher import HallWatcher
from counter_app.services import queue
from counter_app.services.access import Actor
from counter_app.services.printing import ticket_slip_pdf
from counter_app.services.queue import HallChoice, IssuedTicket, LineInfo, ServiceItemChoice, VisitorDetails
from counter_app.services.settings import cached_setting
from counter_app.ui.counter.panel import priority_text
from counter_app.ui.shared.hall_widgets import ConnectionBanner, MessageLine, fill_hall_choice, watch_hall
from counter_app.ui.shared.slip_preview import PrintFailed, SlipPreview, default_printer
from counter_app.ui.translation import user_message
from counter_app.ui.shared.backend import Backend

KIOSK_RETURN_MS = 10_000  # the kiosk goes back to its start screen this long after issuing

PrinterSource = Callable[[], QPrinter | None]


class IssuingStation(QWidget):
    """Issues queue tickets of one hall.

    Signals:
        issued(IssuedTicket): a ticket was issued (its slip is shown or printed).
        printed(): the slip went to a printer.
        lines_changed(): the lines and their waiting counts were re-read.
    """

    issued = Signal(object)
    printed = Signal()
    lines_changed = Signal()

    def __init__(
        self,
        backend: Backend,
        hall_id: int | None = None,
        *,
        kiosk: bool = False,
        ask_visitor_details: bool | None = None,
        kiosk_printer: PrinterSource = default_printer,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.backend = backend
        actor = backend.actor
        self.setObjectName("issuing_station")
        self.database = actor.database
        self.actor = actor
        self.kiosk = kiosk
        self.ask_visitor_details = (not kiosk) if ask_visitor_details is None else ask_visitor_details
        self.kiosk_printer = kiosk_printer
        self.return_after_ms = KIOSK_RETURN_MS
        self.lines: list[LineInfo] = []
        self.line_buttons: dict[int, QPushButton] = {}
        self.kiosk_waiting: dict[int, QLabel] = {}  # kiosk: the waiting count on each line button
        self.service_items: list[ServiceItemChoice] = []
        self.last_issued: IssuedTicket | None = None
        self.last_item_name: str | None = None
        self.watcher: HallWatcher | None = None
        self.halls: list[HallChoice] = []
        self.hall_id: int | None = hall_id if hall_id is not None else actor.hall_id
        self.timezone = str(cached_setting(self.database, "business_timezone"))

        self._return_timer = QTimer(self)
        self._return_timer.setSingleShot(True)
        self._return_timer.timeout.connect(self.back_to_start)
        self._build()
        self._load_halls()
        self._load_service_items()
        self.set_hall(self.hall_id)

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        big = 30 if self.kiosk else 19
        self.setStyleSheet(
            f"""
            QPushButton#line_button {{
                font-size: {big}px; font-weight: bold; padding: {24 if self.kiosk else 10}px;
                border: 2px solid #1565c0; border-radius: 10px; background: #e3f2fd; color: #0d47a1;
            }}
            QPushButton#line_button:checked {{ background: #1565c0; color: white; }}
            QPushButton#line_button:disabled {{ background: #eeeeee; color: #9e9e9e; border-color: #bdbdbd; }}
            QPushButton#issue_button {{
                font-size: 22px; font-weight: bold; padding: 12px; background: #2e7d32; color: white; border-radius: 8px;
            }}
            QPushButton#issue_button:disabled {{ background: #a5d6a7; }}
            QLabel#kiosk_line_title {{ font-size: 40px; font-weight: bold; color: #0d47a1; }}
            QLabel#kiosk_line_description {{ font-size: 20px; color: #37474f; }}
            QLabel#kiosk_line_waiting {{ font-size: 26px; color: #0d47a1; }}
            QPushButton#done_button {{
                font-size: 32px; font-weight: bold; padding: 20px 80px; background: #1565c0; color: white; border-radius: 10px;
            }}
            QPushButton#print_button, QPushButton#reprint_button {{ font-size: 16px; padding: 10px; }}
            QRadioButton, QGroupBox, QLineEdit, QComboBox, QTimeEdit {{ font-size: {24 if self.kiosk else 15}px; }}
            QGroupBox {{ font-weight: bold; }}
            QLabel {{ font-size: {24 if self.kiosk else 15}px; }}
            QRadioButton {{ font-weight: normal; padding: 4px 10px; }}
            QLabel#station_title {{ font-size: {40 if self.kiosk else 22}px; font-weight: bold; }}
            QLabel#result_label {{ font-size: 160px; font-weight: bold; color: #0d47a1; }}
            QLabel#result_details {{ font-size: 32px; }}
            """
        )
        self.title = QLabel()
        self.title.setObjectName("station_title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter if self.kiosk else Qt.AlignmentFlag.AlignLeft)
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
        self.hall_row.setVisible(self.actor.role is Role.ADMIN and not self.kiosk)

        self.lines_box = QWidget()
        self.lines_grid = QGridLayout(self.lines_box)
        self.lines_grid.setSpacing(24 if self.kiosk else 12)
        self.line_group = QButtonGroup(self)
        self.line_group.setExclusive(True)

        self.message = MessageLine(24 if self.kiosk else 15)
        self.connection_banner = ConnectionBanner()

        self.preview = SlipPreview()
        self.preview.setObjectName("slip_preview")
        self.preview.setMinimumWidth(360)

        if self.kiosk:
            self._build_kiosk()
        else:
            self._build_station()

    def _build_station(self) -> None:
        # Priority.
        self.priority_buttons: dict[TicketPriority, QRadioButton] = {}
        self.priority_group = QButtonGroup(self)
        priority_box = QGroupBox(self.tr("Priority"))
        priority_layout = QHBoxLayout(priority_box)
        for priority in TicketPriority:
            button = QRadioButton(priority_text(priority))
            button.setObjectName(f"priority_{priority.value}")
            self.priority_group.addButton(button)
            self.priority_buttons[priority] = button
            priority_layout.addWidget(button)
            if priority is TicketPriority.APPOINTMENT:
                self.appointment_time = QTimeEdit()
                self.appointment_time.setObjectName("appointment_time")
                self.appointment_time.setDisplayFormat("HH:mm")
                self.appointment_time.setEnabled(False)
                now = datetime.now(ZoneInfo(self.timezone))
                soon = now + timedelta(minutes=15 - now.minute % 15)  # the next quarter hour
                self.appointment_time.setTime(QTime(soon.hour, soon.minute))
                priority_layout.addWidget(self.appointment_time)
                button.toggled.connect(self.appointment_time.setEnabled)
        priority_layout.addStretch(1)
        self.priority_buttons[TicketPriority.NORMAL].setChecked(True)

        # Service item and visitor.
        self.item_choice = QComboBox()
        self.item_choice.setObjectName("item_choice")
        self.item_choice.setEditable(True)
        self.item_choice.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.item_choice.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.item_choice.setMinimumContentsLength(30)
        self.item_choice.lineEdit().setPlaceholderText(self.tr("Optional: type to search by name or code"))
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
        self.visitor_fields = {"name": self.visitor_name, "phone": self.visitor_phone, "id_number": self.visitor_id}
        for label, field in (
            (self.tr("Name"), self.visitor_name),
            (self.tr("Phone"), self.visitor_phone),
            (self.tr("ID number"), self.visitor_id),
        ):
            visitor_layout.addWidget(QLabel(label))
            visitor_layout.addWidget(field, 1)
        visitor_box.addLayout(visitor_layout)
        self.purpose_note = QLabel(
            self.tr("Kept for the chosen purpose only; the hall display shows the name masked (张*).")
        )
        self.purpose_note.setObjectName("purpose_note")
        self.purpose_note.setStyleSheet("color: #555;")
        visitor_box.addWidget(self.purpose_note)
        form.addRow(self.visitor_rows)
        self.visitor_rows.setVisible(self.ask_visitor_details)
        self._sync_visitor_fields()

        self.issue_button = QPushButton()
        self.issue_button.setObjectName("issue_button")
        self.issue_action = QAction(self)
        self.issue_action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        self.issue_action.triggered.connect(self.issue)
        self.addAction(self.issue_action)
        self.issue_button.clicked.connect(self.issue_action.trigger)

        # Preview side.
        self.print_button = QPushButton(self.tr("Print (Ctrl+P)"))
        self.print_button.setObjectName("print_button")
        self.print_action = QAction(self)
        self.print_action.setShortcut(QKeySequence("Ctrl+P"))
        self.print_action.triggered.connect(lambda: self.print_slip())
        self.addAction(self.print_action)
        self.print_button.clicked.connect(self.print_action.trigger)
        self.reprint_button = QPushButton(self.tr("Reprint (Ctrl+Shift+P)"))
        self.reprint_button.setObjectName("reprint_button")
        self.reprint_action = QAction(self)
        self.reprint_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.reprint_action.triggered.connect(lambda: self.reprint())
        self.addAction(self.reprint_action)
        self.reprint_button.clicked.connect(self.reprint_action.trigger)
        self.slip_title = QLabel(self.tr("Slip"))
        self.slip_title.setStyleSheet("font-size: 16px; font-weight: bold;")
        side = QVBoxLayout()
        side.addWidget(self.slip_title)
        side.addWidget(self.preview, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.reprint_button)
        side.addLayout(buttons)

        lines_title = QLabel(self.tr("Business line"))
        lines_title.setStyleSheet("font-size: 16px; font-weight: bold;")
        main = QVBoxLayout()
        main.addWidget(self.hall_row)
        main.addWidget(self.title)
        main.addWidget(self.connection_banner)
        main.addWidget(lines_title)
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
        self.line_group.buttonToggled.connect(lambda *_: self._sync_choices())

    def _build_kiosk(self) -> None:
        self.pages = QStackedWidget()
        start = QWidget()
        start_layout = QVBoxLayout(start)
        prompt = QLabel(self.tr("Touch your business to take a number"))
        prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        prompt.setStyleSheet("font-size: 30px; color: #455a64; margin: 12px;")
        start_layout.addWidget(self.title)
        start_layout.addWidget(prompt)
        start_layout.addWidget(self.lines_box, 1)

        result = QWidget()
        result_layout = QHBoxLayout(result)
        texts = QVBoxLayout()
        self.result_heading = QLabel(self.tr("Your number"))
        self.result_heading.setStyleSheet("font-size: 36px; color: #455a64;")
        self.result_label = QLabel()
        self.result_label.setObjectName("result_label")
        self.result_details = QLabel()
        self.result_details.setObjectName("result_details")
        self.result_details.setWordWrap(True)
        for label in (self.result_heading, self.result_label, self.result_details):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.done_button = QPushButton(self.tr("Done"))
        self.done_button.setObjectName("done_button")
        self.done_button.clicked.connect(self.back_to_start)
        texts.addStretch(1)
        texts.addWidget(self.result_heading)
        texts.addWidget(self.result_label)
        texts.addWidget(self.result_details)
        texts.addStretch(1)
        texts.addWidget(self.done_button, 0, Qt.AlignmentFlag.AlignCenter)
        result_layout.addLayout(texts, 2)
        result_layout.addWidget(self.preview, 1)

        self.pages.addWidget(start)
        self.pages.addWidget(result)
        layout = QVBoxLayout(self)
        layout.addWidget(self.connection_banner)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.message)
        self.message.setStyleSheet("font-size: 24px;")

    # ------------------------------------------------------------------ halls, lines, items

    def _load_halls(self) -> None:
        try:
            self.halls = queue.issuing_halls(self.actor)
        except UserError as error:
            self.show_error(user_message(error))
            return
        self.hall_id = fill_hall_choice(self.hall_choice, self.halls, self.hall_id)

    def _load_service_items(self) -> None:
        if self.kiosk:
            return
        try:
            self.service_items = queue.service_item_choices(self.actor)
        except UserError as error:
            self.show_error(user_message(error))
            return
        self.item_choice.clear()
        self.item_choice.addItem("", None)
        for item in self.service_items:
            self.item_choice.addItem(f"{item.name} · {item.code}", item.id)
        self.item_choice.setCurrentIndex(0)

    def _hall_chosen(self) -> None:
        data = self.hall_choice.currentData()
        if data is not None and int(data) != self.hall_id:
            self.set_hall(int(data))

    def set_hall(self, hall_id: int | None) -> None:
        """Serve ``hall_id``: its lines, its watcher."""
        if self.watcher is not None:
            self.watcher.stop()
            self.watcher.deleteLater()
            self.watcher = None
        self.hall_id = hall_id
        for button in self.line_buttons.values():
            self.line_group.removeButton(button)
            button.deleteLater()
        self.line_buttons.clear()
        self.lines = []
        hall = next((h for h in self.halls if h.id == hall_id), None)
        if hall_id is None or hall is None:
            self.title.setText(self.tr("No hall to issue tickets for"))
            self._sync_choices()
            return
        self.title.setText(hall.name if self.kiosk else self.tr("{hall}: issue queue numbers").format(hall=hall.name))
        self.refresh_lines()
        self.watcher = watch_hall(self, self.database, hall_id, self.refresh_lines, self.connection_banner)

    def refresh_lines(self) -> None:
        """Re-read the lines and their waiting counts."""
        if self.hall_id is None:
            return
        try:
            lines = queue.hall_lines(self.actor, self.hall_id)
        except UserError as error:
            self.show_error(user_message(error))
            return
        if [line.id for line in lines] != [line.id for line in self.lines]:
            self._rebuild_line_buttons(lines)
        self.lines = lines
        for line in lines:
            if self.kiosk:
                self.kiosk_waiting[line.id].setText(self.tr("{waiting} waiting").format(waiting=line.waiting))
            else:
                self.line_buttons[line.id].setText(self._line_text(line))
                self.line_buttons[line.id].setToolTip(line.description)
        self._sync_choices()
        self.lines_changed.emit()

    def _line_text(self, line: LineInfo) -> str:
        return self.tr("{prefix} {name} · {waiting} waiting").format(prefix=line.prefix, name=line.name, waiting=line.waiting)

    def _rebuild_line_buttons(self, lines: list[LineInfo]) -> None:
        checked = self.selected_line()
        for button in self.line_buttons.values():
            self.line_group.removeButton(button)
            button.deleteLater()
        self.line_buttons.clear()
        columns = 2 if self.kiosk or len(lines) > 4 else 1
        if not self.kiosk and len(lines) > 4:
            columns = 3
        for position, line in enumerate(lines):
            button = QPushButton()
            button.setObjectName("line_button")
            button.setProperty("line_id", line.id)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding if self.kiosk else QSizePolicy.Policy.Fixed)
            button.setMinimumHeight(140 if self.kiosk else 64)
            if self.kiosk:
                button.clicked.connect(lambda _checked=False, line_id=line.id: self.issue_for_line(line_id))
                self._kiosk_button_labels(button, line)
            else:
                button.setCheckable(True)
                self.line_group.addButton(button)
                if checked is not None and checked.id == line.id:
                    button.setChecked(True)
            self.line_buttons[line.id] = button
            self.lines_grid.addWidget(button, position // columns, position % columns)

    def _kiosk_button_labels(self, button: QPushButton, line: LineInfo) -> None:
        """A touch button: the line in big letters, what it is for, how many wait."""
        title = QLabel(f"{line.prefix}  {line.name}")
        title.setObjectName("kiosk_line_title")
        description = QLabel(line.description)
        description.setObjectName("kiosk_line_description")
        description.setWordWrap(True)
        waiting = QLabel()
        waiting.setObjectName("kiosk_line_waiting")
        layout = QVBoxLayout(button)
        layout.setContentsMargins(24, 12, 24, 12)
        for label in (title, description, waiting):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(label)
        button.setAccessibleName(f"{line.prefix} {line.name}")
        self.kiosk_waiting[line.id] = waiting

    def selected_line(self) -> LineInfo | None:
        button = self.line_group.checkedButton()
        if button is None:
            return None
        line_id = button.property("line_id")
        return next((line for line in self.lines if line.id == line_id), None)

    def select_line(self, line_id: int) -> None:
        self.line_buttons[line_id].setChecked(True)

    def _sync_choices(self) -> None:
        """Offer only the priorities the chosen line accepts; say what Issue will do."""
        if self.kiosk:
            return
        line = self.selected_line()
        accepted = {
            TicketPriority.NORMAL: True,
            TicketPriority.APPOINTMENT: bool(line and line.accepts_appointments),
            TicketPriority.PRIORITY: bool(line and line.accepts_priority),
            TicketPriority.GREEN_CHANNEL: bool(line and line.accepts_green_channel),
        }
        for priority, button in self.priority_buttons.items():
            button.setEnabled(line is not None and accepted[priority])
        checked = next((p for p, b in self.priority_buttons.items() if b.isChecked()), TicketPriority.NORMAL)
        if not accepted[checked]:
            self.priority_buttons[TicketPriority.NORMAL].setChecked(True)
        if line is None:
            self.issue_button.setText(self.tr("Choose a business line"))
        else:
            self.issue_button.setText(self.tr("Issue a {prefix} ticket (Ctrl+Enter)").format(prefix=line.prefix))
        self.issue_button.setEnabled(line is not None)
        self.issue_action.setEnabled(line is not None)
        has_slip = self.last_issued is not None and self.preview.has_pdf()
        for widget in (self.print_button, self.print_action, self.reprint_button, self.reprint_action):
            widget.setEnabled(has_slip)

    def chosen_priority(self) -> TicketPriority:
        if self.kiosk:
            return TicketPriority.NORMAL
        return next((p for p, b in self.priority_buttons.items() if b.isChecked()), TicketPriority.NORMAL)

    def _appointment_at(self) -> datetime:
        zone = ZoneInfo(self.timezone)
        chosen = self.appointment_time.time()
        today = datetime.now(zone).date()
        return datetime.combine(today, time(chosen.hour(), chosen.minute()), tzinfo=zone)

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

    def issue(self) -> IssuedTicket | None:
        """Issue a ticket of the chosen line with the chosen options (station)."""
        line = self.selected_line()
        if line is None:
            return None
        priority = self.chosen_priority()
        try:
            item_id, item_name = self._chosen_item()
        except _NoSuchItem:
            self.show_error(self.tr("Choose the service item from the list, or leave it empty."))
            return None
        try:
            issued = queue.issue_ticket(
                self.actor,
                line.id,
                priority=priority,
                service_item_id=item_id,
                visitor=self.visitor_details(),
                appointment_at=self._appointment_at() if priority is TicketPriority.APPOINTMENT else None,
            )
        except UserError as error:
            self.show_error(user_message(error))
            return None
        self._after_issue(issued, item_name)
        for field in self.visitor_fields.values():
            field.clear()
        self.purpose_choice.setCurrentIndex(0)
        self.item_choice.setCurrentIndex(0)
        self.priority_buttons[TicketPriority.NORMAL].setChecked(True)
        self._sync_choices()
        return issued

    def visitor_details(self) -> VisitorDetails | None:
        """The purpose chosen and the fields it needs (the others are disabled and empty)."""
        if not self.ask_visitor_details:
            return None
        purpose = self.chosen_purpose()
        if purpose is None:
            return None
        needed = PURPOSE_FIELDS[purpose]
        values = {name: field.text() if name in needed else None for name, field in self.visitor_fields.items()}
        return VisitorDetails(purpose, values["name"], values["phone"], values["id_number"])

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
        self.purpose_note.setVisible(purpose is not None)

    def issue_for_line(self, line_id: int) -> IssuedTicket | None:
        """Kiosk: one tap issues an ordinary ticket of the line."""
        try:
            issued = queue.issue_ticket(self.actor, line_id)
        except UserError as error:
            self.show_error(user_message(error))
            return None
        self._after_issue(issued, None)
        return issued

    def _after_issue(self, issued: IssuedTicket, item_name: str | None) -> None:
        self.last_issued = issued
        self.last_item_name = item_name
        self.preview.set_pdf(ticket_slip_pdf(issued, service_item_name=item_name))
        wait = (
            self.tr("about {minutes} min").format(minutes=issued.wait_minutes)
            if issued.wait_minutes is not None
            else self.tr("unknown")
        )
        self.show_info(
            self.tr("Issued {label}: {ahead} ahead, wait {wait}.").format(
                label=issued.ticket.label, ahead=issued.people_ahead, wait=wait
            )
        )
        self.refresh_lines()
        if self.kiosk:
            self._show_kiosk_result(issued, wait)
        self.issued.emit(issued)

    def _show_kiosk_result(self, issued: IssuedTicket, wait: str) -> None:
        self.result_label.setText(issued.ticket.label)
        details = self.tr("{line} · {ahead} people ahead · wait {wait}").format(
            line=issued.ticket.line_name, ahead=issued.people_ahead, wait=wait
        )
        printer = self.kiosk_printer()
        printed = False
        if printer is not None:
            try:
                self.preview.print_to(printer)
                printed = True
                self.printed.emit()
            except PrintFailed:
                printed = False
        self.preview.setVisible(not printed)
        note = self.tr("Please take your slip.") if printed else self.tr("No printer: please note your number.")
        self.result_details.setText(f"{details}\n{note}")
        self.message.clear()
        self.pages.setCurrentIndex(1)
        self._return_timer.start(self.return_after_ms)

    def back_to_start(self) -> None:
        """Kiosk: the start screen again, ready for the next visitor."""
        self._return_timer.stop()
        if self.kiosk:
            self.pages.setCurrentIndex(0)
            self.preview.clear()
            self.message.clear()

    def showing_result(self) -> bool:
        return self.kiosk and self.pages.currentIndex() == 1

    # ------------------------------------------------------------------ printing

    def _ask_printer(self) -> QPrinter | None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("Print the slip"))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return printer

    def print_slip(self, printer: QPrinter | None = None) -> bool:
        """Print the shown slip; without ``printer`` the print dialog asks for one."""
        if not self.preview.has_pdf():
            return False
        printer = printer or self._ask_printer()
        if printer is None:
            return False
        try:
            self.preview.print_to(printer)
        except PrintFailed:
            self.show_error(self.tr("The slip could not be printed: check the printer."))
            return False
        self.show_info(self.tr("Printed the slip of {label}.").format(label=self.last_issued.ticket.label if self.last_issued else ""))
        self.printed.emit()
        return True

    def reprint(self, printer: QPrinter | None = None) -> bool:
        """Print the last slip again, counted and marked 补打."""
        if self.last_issued is None:
            return False
        printer = printer or self._ask_printer()
        if printer is None:
            return False
        try:
            issued = queue.record_reprint(self.actor, self.last_issued.ticket.id)
        except UserError as error:
            self.show_error(user_message(error))
            return False
        self.last_issued = issued
        self.preview.set_pdf(ticket_slip_pdf(issued, reprint=True, service_item_name=self.last_item_name))
        return self.print_slip(printer)

    # ------------------------------------------------------------------ messages, lifetime

    def show_error(self, text: str) -> None:
        self.message.show_error(text)

    def show_info(self, text: str) -> None:
        self.message.show_info(text)

    def stop(self) -> None:
        """Stop the watcher and the kiosk timer (the window is closing)."""
        self._return_timer.stop()
        if self.watcher is not None:
            self.watcher.stop()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        self.stop()
        super().closeEvent(event)


class _NoSuchItem(Exception):
    """The service item text matches no catalogue entry."""

