"""Finding cases (办件) of any hall (全区通办): by number (typed, or scanned from a notice's
QR code by a USB scanner that types it and presses Enter), applicant (code or name) or
item, with filters; a case opened from the results is continued on its page.

The search runs on the window's ``Backend`` as the user types (after a short pause) and at
once on Enter; a burst of keys becomes one read (the operation's key). Overdue open cases
are red, those due within the chosen number of days amber. When first shown the widget
ends the cases whose deferred (容缺) material is overdue (``cases.end_lapsed_cases``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.cases import CaseStatus, looks_like_case_number
from counter_app.domain.queue import DEFAULT_TIMEZONE
from counter_app.domain.roles import Permission, may
from counter_app.errors import UserError
from counter_app.services import cases
from counter_app.services.cases import CaseQuery, CaseSummary, CaseView
from counter_app.services.queue import HallChoice
from counter_app.ui.cases.case_models import (
    MISSING,
    OVERDUE_BACKGROUND,
    SOON_BACKGROUND,
    day_text,
    days_left_text,
    moment_text,
    status_text,
)
from counter_app.ui.cases.case_page import CasePage
from counter_app.ui.issuing.core import load_timezone
from counter_app.ui.shared.backend import Backend
from counter_app.ui.shared.hall_widgets import MessageLine
from counter_app.ui.shared.table_model import Index, RowsTableModel, row_table
from counter_app.ui.translation import user_message

SEARCH_DEBOUNCE_MS = 250
RESULT_LIMIT = 200
DEFAULT_DUE_WITHIN_DAYS = 3
OVERDUE_TEXT = QColor("#8e0000")
ITEM_COLUMN = 3


class CaseResultsModel(RowsTableModel):
    """The cases found: overdue ones red, those due within ``due_within_days`` amber."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__([], parent)
        self.headers = [
            self.tr("Case number"),
            self.tr("Status"),
            self.tr("Hall"),
            self.tr("Service item"),
            self.tr("Applicant"),
            self.tr("Accepted"),
            self.tr("Promised due"),
            self.tr("Materials due"),
            self.tr("Days left"),
        ]
        self.zone = ZoneInfo(DEFAULT_TIMEZONE)
        self.due_within_days = DEFAULT_DUE_WITHIN_DAYS

    @property
    def cases(self) -> list[CaseSummary]:
        return self.rows

    def case_at(self, row: int) -> CaseSummary | None:
        return self.cases[row] if 0 <= row < len(self.cases) else None

    def set_due_within(self, days: int) -> None:
        if days != self.due_within_days:
            self.due_within_days = days
            if self.rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(self.headers) - 1))

    def due_soon(self, case: CaseSummary) -> bool:
        return not case.overdue and case.days_left is not None and case.days_left <= self.due_within_days

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        case = self.cases[index.row()]
        if role == Qt.ItemDataRole.BackgroundRole:
            if case.overdue:
                return OVERDUE_BACKGROUND
            return SOON_BACKGROUND if self.due_soon(case) else None
        if role == Qt.ItemDataRole.ForegroundRole and case.overdue and index.column() in (1, 8):
            return OVERDUE_TEXT
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 8:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and case.provisional_dates:
            return self.tr("A due date rests on a year whose holidays are not entered yet: it may still move.")
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        values = (
            case.number,
            status_text(case.status),
            case.hall_name,
            case.item_name,
            f"{case.applicant_name} · {case.applicant_code_shown}",
            moment_text(case.accepted_at, self.zone),
            day_text(case.promised_due, case.promised_due in case.provisional_dates) if case.promised_due else MISSING,
            day_text(case.materials_due, case.materials_due in case.provisional_dates),
            days_left_text(case.days_left),
        )
        return values[index.column()]


class CaseSearch(QWidget):
    """The search with its results, and the case opened from them (a page in its place).

    ``counter_id``: the counter the user works at, if any, recorded with each action.

    Signals:
        searched(list[CaseSummary]): results shown.
        case_opened(CaseView): a case was opened and read.
    """

    searched = Signal(list)
    case_opened = Signal(object)

    def __init__(
        self, backend: Backend, counter_id: Callable[[], int | None] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.backend = backend
        self.counter_id = counter_id
        self.setObjectName("case_search")
        self.halls: list[HallChoice] = []
        self._started = False
        self._open_when_found: str | None = None  # a case number entered with Enter: opened once found
        self._read_error: str | None = None
        self._build()

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        self.stack = QStackedWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        results_page = QWidget()
        self.stack.addWidget(results_page)
        column = QVBoxLayout(results_page)

        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("case_search_text")
        self.search_edit.setPlaceholderText(
            self.tr("Case number (type or scan), applicant's code or name, or service item — Enter to search")
        )
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setStyleSheet("font-size: 18px; padding: 6px;")
        self.search_edit.textChanged.connect(self._text_changed)
        self.search_edit.returnPressed.connect(self._enter_pressed)
        self.search_edit.installEventFilter(self)
        column.addWidget(self.search_edit)

        filters = QHBoxLayout()
        self.status_choice = QComboBox()
        self.status_choice.setObjectName("status_filter")
        self.status_choice.addItem(self.tr("Any status"), None)
        for status in CaseStatus:
            self.status_choice.addItem(status_text(status), status)
        self.hall_choice = QComboBox()
        self.hall_choice.setObjectName("hall_filter")
        self.hall_choice.setMinimumWidth(200)
        self.hall_choice.addItem(self.tr("All halls"), None)
        self.open_only = QCheckBox(self.tr("Open cases only"))
        self.open_only.setObjectName("open_only")
        self.from_check = QCheckBox(self.tr("Accepted from"))
        self.from_check.setObjectName("accepted_from_check")
        self.from_date = self._date_edit("accepted_from")
        self.to_check = QCheckBox(self.tr("to"))
        self.to_check.setObjectName("accepted_to_check")
        self.to_date = self._date_edit("accepted_to")
        self.due_check = QCheckBox(self.tr("Due within"))
        self.due_check.setObjectName("due_within_check")
        self.due_days = QSpinBox()
        self.due_days.setObjectName("due_within_days")
        self.due_days.setRange(0, 60)
        self.due_days.setValue(DEFAULT_DUE_WITHIN_DAYS)
        self.due_days.setSuffix(self.tr(" days"))
        self.overdue_only = QCheckBox(self.tr("Overdue only"))
        self.overdue_only.setObjectName("overdue_only")
        for caption, widget in ((self.tr("Status"), self.status_choice), (self.tr("Hall"), self.hall_choice)):
            filters.addWidget(QLabel(caption))
            filters.addWidget(widget)
        checks: tuple[QWidget, ...] = (
            self.open_only, self.from_check, self.from_date, self.to_check, self.to_date, self.due_check, self.due_days, self.overdue_only,
        )
        for check in checks:
            filters.addWidget(check)
        filters.addStretch(1)
        column.addLayout(filters)
        self.status_choice.currentIndexChanged.connect(self._filters_changed)
        self.hall_choice.currentIndexChanged.connect(self._filters_changed)
        for check in (self.open_only, self.from_check, self.to_check, self.due_check, self.overdue_only):
            check.toggled.connect(self._filters_changed)
        for edit in (self.from_date, self.to_date):
            edit.dateChanged.connect(self._filters_changed)
        self.due_days.valueChanged.connect(self._due_days_changed)

        self.summary = QLabel()
        self.summary.setObjectName("case_search_summary")
        column.addWidget(self.summary)
        self.model = CaseResultsModel(self)
        self.table = row_table("case_results", self.model, ITEM_COLUMN)
        self.table.activated.connect(self._row_activated)  # Enter on a row, or a double click
        column.addWidget(self.table, 1)
        legend = QLabel(self.tr("Red: overdue. Amber: due within the days chosen. Enter or a double click opens a case."))
        legend.setObjectName("case_search_legend")
        legend.setStyleSheet("color: #555;")
        column.addWidget(legend)
        self.message = MessageLine(parent=self)
        column.addWidget(self.message)

        self.page = CasePage(self.backend, self.counter_id)
        self.page.back_requested.connect(self.show_results)
        self.page.changed.connect(lambda _view: self.search_now())
        self.page.loaded.connect(self.case_opened.emit)
        self.stack.addWidget(self.page)

        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self.debounce.timeout.connect(self.search_now)

    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setDate(QDate.currentDate())
        edit.setEnabled(False)
        return edit

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """Down from the search field goes to the results (then Enter opens one)."""
        if (
            watched is self.search_edit and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Down and self.model.rowCount()
        ):
            self.table.setFocus()
            if not self.table.currentIndex().isValid():
                self.table.selectRow(0)
            return True
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------------ starting

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if not self._started:
            self._started = True
            self._start()

    def _start(self) -> None:
        """The first show: end the cases whose deferred material is overdue, then search."""
        load_timezone(self.backend, self, self._timezone_loaded)
        self._load_halls()
        if may(self.backend.actor.role, Permission.HANDLE_CASES):
            self.backend.run(cases.end_lapsed_cases, done=self._lapsed, failed=self._failed, owner=self, key=("end_lapsed", id(self)))
        if not self.search_edit.text():  # search_for may have run already
            self.search_now()

    def _timezone_loaded(self, timezone: str) -> None:
        try:
            zone = ZoneInfo(timezone)
        except (ValueError, KeyError):
            return
        self.model.zone = zone
        self.page.set_zone(zone)
        if self.model.rows:
            self.model.dataChanged.emit(self.model.index(0, 0), self.model.index(len(self.model.rows) - 1, len(self.model.headers) - 1))

    def _load_halls(self) -> None:
        """The zone's halls for the filter: any hall's cases can be found (全区通办)."""
        self.backend.run(cases.case_halls, done=self._halls_loaded, failed=self._failed, owner=self)

    def _halls_loaded(self, halls: Sequence[HallChoice]) -> None:
        self.halls = list(halls)
        chosen = self.hall_choice.currentData()
        self.hall_choice.blockSignals(True)
        self.hall_choice.clear()
        self.hall_choice.addItem(self.tr("All halls"), None)
        for hall in halls:
            self.hall_choice.addItem(f"{hall.code} {hall.name}", hall.id)
        self.hall_choice.setCurrentIndex(max(0, self.hall_choice.findData(chosen)))
        self.hall_choice.blockSignals(False)

    def _lapsed(self, numbers: list[str]) -> None:
        if numbers:
            self.message.show_info(
                self.tr("{count} case(s) ended because a deferred material was not supplied in time: {numbers}").format(
                    count=len(numbers), numbers=", ".join(numbers[:10]) + (" …" if len(numbers) > 10 else "")
                )
            )
            self.search_now()

    # ------------------------------------------------------------------ searching

    def query(self) -> CaseQuery:
        due_within = self.due_days.value() if self.due_check.isChecked() else None
        return CaseQuery(
            text=self.search_edit.text().strip(),
            status=self.status_choice.currentData(),
            open_only=self.open_only.isChecked(),
            hall_id=self.hall_choice.currentData(),
            accepted_from=self._day(self.from_date) if self.from_check.isChecked() else None,
            accepted_to=self._day(self.to_date) if self.to_check.isChecked() else None,
            due_within_days=due_within,
            overdue_only=self.overdue_only.isChecked(),
            limit=RESULT_LIMIT,
        )

    @staticmethod
    def _day(edit: QDateEdit) -> date:
        chosen = edit.date()
        return date(chosen.year(), chosen.month(), chosen.day())

    def _text_changed(self, _text: str) -> None:
        self._open_when_found = None
        self.debounce.start()

    def _filters_changed(self, *_args: Any) -> None:
        self.from_date.setEnabled(self.from_check.isChecked())
        self.to_date.setEnabled(self.to_check.isChecked())
        self.debounce.start()

    def _due_days_changed(self, days: int) -> None:
        self.model.set_due_within(days)
        if self.due_check.isChecked():
            self.debounce.start()

    def _enter_pressed(self) -> None:
        text = self.search_edit.text().strip()
        self._open_when_found = text.upper() if looks_like_case_number(text) else None
        self.search_now()

    def search_for(self, text: str) -> None:
        """Search ``text`` now (a case number scanned elsewhere); a case number found is opened."""
        self.search_edit.blockSignals(True)
        self.search_edit.setText(text.strip())
        self.search_edit.blockSignals(False)
        self._enter_pressed()

    def search_now(self) -> None:
        self.debounce.stop()
        query = self.query()
        self.summary.setText(self.tr("Searching…"))
        self.backend.run(
            cases.search_cases, query,
            done=lambda found: self._found(query, found), failed=self._failed, key=("case_search", id(self)), owner=self,
        )

    def _found(self, query: CaseQuery, found: list[CaseSummary]) -> None:
        if query != self.query():
            return  # the user changed the search meanwhile: its own read is on the way
        self.model.set_rows(found)
        for column in range(self.model.columnCount()):
            if column != ITEM_COLUMN:
                self.table.resizeColumnToContents(column)
        overdue = sum(1 for case in found if case.overdue)
        if len(found) >= query.limit:
            text = self.tr("The first {count} cases found; narrow the search to see others.").format(count=len(found))
        else:
            text = self.tr("{count} case(s) found").format(count=len(found))
        if overdue:
            text += self.tr(", {overdue} overdue").format(overdue=overdue)
        self.summary.setText(text)
        if self._read_error is not None and self.message.text() == self._read_error:
            self.message.clear()  # an earlier read's failure: this one worked
        self._read_error = None
        self.searched.emit(found)
        wanted, self._open_when_found = self._open_when_found, None
        if wanted is not None:
            match = next((case for case in found if case.number == wanted), None)
            if match is not None:
                self.open_case(match.number)
            else:
                self.message.show_error(self.tr("There is no case {number}.").format(number=wanted))
                self.search_edit.selectAll()

    def _failed(self, error: UserError) -> None:
        self.summary.clear()
        self._read_error = user_message(error)
        self.message.show_error(self._read_error)

    # ------------------------------------------------------------------ opening

    def _row_activated(self, index: Index) -> None:
        case = self.model.case_at(index.row())
        if case is not None:
            self.open_case(case.number)

    def open_case(self, number: str) -> None:
        """Show the case ``number`` in place of the results."""
        self.message.clear()
        self.stack.setCurrentWidget(self.page)
        self.page.open_case(number)
        self.page.setFocus()

    def show_results(self) -> None:
        self.stack.setCurrentIndex(0)
        row = self.model.row_of(self.page.case.id) if self.page.case is not None else None
        if row is not None:
            self.table.selectRow(row)
            self.table.setFocus()
        else:
            self.search_edit.setFocus()
            self.search_edit.selectAll()

    @property
    def showing_case(self) -> bool:
        return self.stack.currentWidget() is self.page

    def opened_case(self) -> CaseView | None:
        return self.page.case if self.showing_case else None

    def stop(self) -> None:
        self.debounce.stop()

