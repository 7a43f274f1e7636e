"""The licences workspace (证照): find a licence of any hall (by number, identifier, holder,
or its QR code scanned by a keyboard-wedge scanner, which also shows the verdict: genuine
and valid, genuine but no longer in force, or not genuine), open it; the hall's licences
whose renewal window opens soon (export, print a batch); and, for supervisors, the
inspections after a commitment.

Every read and change runs on the window's ``Backend``; every refusal is a sentence in the
screen's message line.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.licences import LicenceStatus
from counter_app.domain.queue import DEFAULT_TIMEZONE
from counter_app.domain.roles import Permission, Role, may
from counter_app.errors import UserError
from counter_app.services import hall_day, licences
from counter_app.services.licences import LicenceVerification, LicenceView
from counter_app.services.queue import HallChoice
from counter_app.ui.issuing.core import load_timezone
from counter_app.ui.licences.inspections import InspectionsList
from counter_app.ui.licences.licence_page import LicencePage, make_print_flow
from counter_app.ui.licences.models import ExpiringModel, LicenceResultsModel
from counter_app.ui.licences.verify import VerdictBanner, looks_like_payload
from counter_app.ui.shared.backend import Backend
from counter_app.ui.shared.hall_widgets import HallScopedList, MessageLine, hall_chooser
from counter_app.ui.shared.table_model import Index, row_table
from counter_app.ui.translation import user_message

if TYPE_CHECKING:  # the print flow is imported when first used
    from counter_app.ui.licences.printing import LicencePrintFlow

WITHIN_DAYS = (30, 60, 90)
DEFAULT_WITHIN_DAYS = 90


# ---------------------------------------------------------------- finding


class LicenceSearch(QWidget):
    """The search with its results (and a scan's verdict above them), and the licence opened
    from them (a page in their place).

    Signals:
        searched(list[LicenceView]): results shown.
        verified(LicenceVerification): a scanned QR code's verdict shown.
        licence_opened(LicenceView): a licence was opened and read.
    """

    searched = Signal(list)
    verified = Signal(object)
    licence_opened = Signal(object)

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.setObjectName("licence_search")
        self._query: str | None = None  # the text of the search under way or shown
        self._open_when_found: str | None = None  # a licence number to open once found
        self._build()

    def _build(self) -> None:
        self.stack = QStackedWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        results = QWidget()
        self.stack.addWidget(results)
        column = QVBoxLayout(results)
        row = QHBoxLayout()
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("licence_search_text")
        self.search_edit.setPlaceholderText(
            self.tr("Licence number or identifier, holder's code or name — or scan the licence's QR code; Enter to search")
        )
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setStyleSheet("font-size: 18px; padding: 6px;")
        self.search_edit.returnPressed.connect(lambda: self.search_now())
        self.search_edit.installEventFilter(self)
        row.addWidget(self.search_edit, 1)
        self.search_button = QPushButton(self.tr("Find"))
        self.search_button.setObjectName("licence_search_button")
        self.search_button.setMinimumHeight(38)
        self.search_button.clicked.connect(lambda: self.search_now())
        row.addWidget(self.search_button)
        column.addLayout(row)
        self.banner = VerdictBanner()
        column.addWidget(self.banner)
        self.summary = QLabel()
        self.summary.setObjectName("licence_search_summary")
        column.addWidget(self.summary)
        self.model = LicenceResultsModel(self)
        self.table = row_table("licence_results", self.model, LicenceResultsModel.HOLDER_COLUMN)
        self.table.activated.connect(self._row_activated)
        column.addWidget(self.table, 1)
        legend = QLabel(
            self.tr(
                "Green: valid today. Amber: suspended. Grey: replaced or expired. Red: revoked, cancelled or withdrawn. "
                "Enter or a double click opens a licence."
            )
        )
        legend.setObjectName("licence_search_legend")
        legend.setStyleSheet("color: #555;")
        column.addWidget(legend)
        self.message = MessageLine(parent=self)
        column.addWidget(self.message)
        self.page = LicencePage(self.backend)
        self.page.back_requested.connect(self.show_results)
        self.page.changed.connect(lambda _view: self._search_again())
        self.page.loaded.connect(self.licence_opened.emit)
        self.stack.addWidget(self.page)

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

    # ------------------------------------------------------------------ searching

    def search_for(self, text: str, *, open_number: bool = False) -> None:
        """Search ``text`` now (as if typed or scanned and Enter pressed); ``open_number``:
        open the licence with that number once found."""
        self.search_edit.setText(text.strip())
        self._open_when_found = text.strip() if open_number else None
        self.search_now(keep_open=open_number)

    def search_now(self, *, keep_open: bool = False) -> None:
        text = self.search_edit.text().strip()
        if not keep_open:
            self._open_when_found = None
        self.message.clear()
        self.show_results()
        self._query = text
        if not text:
            self.model.set_rows([])
            self.summary.clear()
            self.banner.clear()
            return
        self.summary.setText(self.tr("Searching…"))
        self.backend.run(
            licences.find_licences, text,
            done=lambda found: self._found(text, found), failed=self._failed, key=("licence_search", id(self)), owner=self,
        )
        if looks_like_payload(text):
            self.backend.run(
                licences.verify_licence, text,
                done=lambda verdict: self._verified(text, verdict), failed=lambda error: self._not_a_code(text, error),
                key=("licence_verify", id(self)), owner=self,
            )
        else:
            self.banner.clear()
        self.search_edit.selectAll()  # the next scan replaces it

    def _search_again(self) -> None:
        """After a change on the page: the results as they now are (no new verdict)."""
        if self._query:
            query = self._query
            self.backend.run(
                licences.find_licences, query,
                done=lambda found: self._found(query, found), failed=self._failed, key=("licence_search", id(self)), owner=self,
            )

    def _found(self, text: str, found: list[LicenceView]) -> None:
        if text != self._query:
            return  # another search was asked for meanwhile
        self.model.set_rows(found)
        if found:  # an empty list would shrink the columns to their headers
            for column in range(self.model.columnCount()):
                if column != LicenceResultsModel.HOLDER_COLUMN:
                    self.table.resizeColumnToContents(column)
        valid = sum(1 for view in found if view.status is LicenceStatus.VALID)
        if not found:
            self.summary.setText(self.tr("No licence found."))
        else:
            self.summary.setText(self.tr("{count} licence(s) found, {valid} valid today").format(count=len(found), valid=valid))
        if found and self.table.currentIndex().row() < 0:
            self.table.selectRow(0)
        self.searched.emit(found)
        wanted, self._open_when_found = self._open_when_found, None
        if wanted is not None:
            match = next((view for view in found if view.number == wanted), None)
            if match is not None:
                self.open_licence(match)
            else:
                self.message.show_error(self.tr("There is no licence {number}.").format(number=wanted))

    def _verified(self, text: str, verification: LicenceVerification) -> None:
        if text != self._query:
            return
        self.banner.show_verification(verification)
        self.verified.emit(verification)

    def _not_a_code(self, text: str, error: UserError) -> None:
        if text == self._query:
            self.banner.show_malformed(error)

    def _failed(self, error: UserError) -> None:
        self.summary.clear()
        self.message.show_error(user_message(error))

    # ------------------------------------------------------------------ opening

    def _row_activated(self, index: Index) -> None:
        view = self.model.licence_at(index.row())
        if view is not None:
            self.open_licence(view)

    def open_licence(self, view: LicenceView) -> None:
        """Show ``view`` in place of the results."""
        self.stack.setCurrentWidget(self.page)
        self.page.show_licence(view)
        self.page.setFocus()

    def show_results(self) -> None:
        if self.stack.currentWidget() is not self.page:
            return
        self.stack.setCurrentIndex(0)
        row = self.model.row_of(self.page.licence.id) if self.page.licence is not None else None
        if row is not None:
            self.table.selectRow(row)
            self.table.setFocus()
        else:
            self.search_edit.setFocus()

    @property
    def showing_licence(self) -> bool:
        return self.stack.currentWidget() is self.page

    def stop(self) -> None:
        self.page.stop()


# ---------------------------------------------------------------- expiring soon


class ExpiringList(HallScopedList, QWidget):
    """The hall's valid licences whose renewal window opens within 30, 60 or 90 days (or is
    open), soonest end first, to remind their holders: exported as CSV, printed as a batch.

    Signals:
        refreshed(list[LicenceView]): the list was read and shown.
        exported(str): the CSV file was written (its path).
        open_licence(str): the user wants to see one of them (its number).
    """

    refreshed = Signal(list)
    exported = Signal(str)
    open_licence = Signal(str)

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.setObjectName("expiring_licences")
        self.hall_id: int | None = backend.actor.hall_id
        self.zone = ZoneInfo(DEFAULT_TIMEZONE)
        self.print_flow: LicencePrintFlow | None = None
        self.file_dialog: QFileDialog | None = None
        self.may_print = may(backend.actor.role, Permission.PRINT_LICENCES)
        self._started = False
        layout = QVBoxLayout(self)
        self.hall_row, self.hall_choice = hall_chooser(self._hall_chosen)
        self.hall_row.setVisible(backend.actor.role is Role.ADMIN)
        layout.addWidget(self.hall_row)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Renewal window opens within")))
        self.within_choice = QComboBox()
        self.within_choice.setObjectName("expiring_within")
        for days in WITHIN_DAYS:
            self.within_choice.addItem(self.tr("{days} days").format(days=days), days)
        self.within_choice.setCurrentIndex(WITHIN_DAYS.index(DEFAULT_WITHIN_DAYS))
        self.within_choice.currentIndexChanged.connect(lambda _index: self.refresh())
        top.addWidget(self.within_choice)
        self.title = QLabel()
        self.title.setObjectName("expiring_title")
        self.title.setStyleSheet("font-size: 16px; font-weight: bold; margin-left: 12px;")
        top.addWidget(self.title)
        top.addStretch(1)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setObjectName("expiring_refresh")
        self.refresh_button.clicked.connect(self.refresh)
        top.addWidget(self.refresh_button)
        layout.addLayout(top)
        self.model = ExpiringModel(self)
        self.table = row_table("expiring_table", self.model, ExpiringModel.HOLDER_COLUMN)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._sync())
        self.table.activated.connect(self._activated)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.export_button = QPushButton(self.tr("Export CSV…"))
        self.export_button.setObjectName("expiring_export")
        self.export_button.setMinimumHeight(36)
        self.export_button.clicked.connect(self.ask_export)
        buttons.addWidget(self.export_button)
        self.print_button = QPushButton(self.tr("Print selected…"))
        self.print_button.setObjectName("expiring_print")
        self.print_button.setMinimumHeight(36)
        self.print_button.setVisible(self.may_print)
        self.print_button.clicked.connect(self.print_selected)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        legend = QLabel(self.tr("Amber: the renewal window is open. Ctrl or Shift selects several to print."))
        legend.setObjectName("expiring_legend")
        legend.setStyleSheet("color: #555;")
        buttons.addWidget(legend)
        layout.addLayout(buttons)
        self.message = MessageLine(parent=self)
        layout.addWidget(self.message)
        self._sync()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if not self._started:
            self._started = True
            load_timezone(self.backend, self, self._timezone_loaded)
            self.refresh()

    def _timezone_loaded(self, timezone: str) -> None:
        try:
            self.zone = ZoneInfo(timezone)
        except (ValueError, KeyError):
            return
        self._set_today()

    def _set_today(self) -> None:
        self.model.today = self.today()
        if self.model.rows:
            self.model.dataChanged.emit(self.model.index(0, 0), self.model.index(len(self.model.rows) - 1, len(self.model.headers) - 1))

    def today(self) -> date:
        return self.backend.now().astimezone(self.zone).date()

    def within_days(self) -> int:
        return int(self.within_choice.currentData())

    # ------------------------------------------------------------------ reading

    def refresh(self) -> None:
        hall, days = self.hall_id, self.within_days()
        if hall is None:
            self.title.setText(self.tr("No hall chosen"))
            self._sync()
            return
        self.title.setText(self.tr("Loading…"))
        self.backend.run(
            licences.expiring_licences, hall, days,
            done=lambda rows: self._read(hall, days, rows), failed=self._failed, key=("expiring", id(self)), owner=self,
        )

    def _read(self, hall_id: int, days: int, rows: list[LicenceView]) -> None:
        if hall_id != self.hall_id or days != self.within_days():
            return  # another hall or horizon was chosen meanwhile
        self.model.today = self.today()
        self.model.set_rows(rows)
        if rows:
            for column in range(self.model.columnCount()):
                if column != ExpiringModel.HOLDER_COLUMN:
                    self.table.resizeColumnToContents(column)
        open_now = sum(1 for row in rows if self.model.window_open(row))
        text = self.tr("{count} licence(s)").format(count=len(rows))
        if open_now:
            text += self.tr(", {open} may be renewed now").format(open=open_now)
        self.title.setText(text)
        self._sync()
        self.refreshed.emit(rows)

    def selected(self) -> list[LicenceView]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.licences[row] for row in rows if 0 <= row < len(self.model.licences)]

    def _sync(self) -> None:
        self.export_button.setEnabled(self.hall_id is not None)
        chosen = len(self.selected())
        self.print_button.setEnabled(chosen > 0)
        self.print_button.setText(self.tr("Print selected ({count})…").format(count=chosen) if chosen else self.tr("Print selected…"))

    def _activated(self, index: Index) -> None:
        if 0 <= index.row() < len(self.model.licences):
            self.open_licence.emit(self.model.licences[index.row()].number)

    # ------------------------------------------------------------------ export

    def ask_export(self) -> None:
        """Where to save the CSV file (a dialog that does not block the window)."""
        if self.hall_id is None:
            return
        name = self.tr("licences expiring within {days} days {date}.csv").format(days=self.within_days(), date=self.today().isoformat())
        dialog = QFileDialog(self, self.tr("Export the licences expiring soon"), str(Path.home() / name), self.tr("CSV files (*.csv)"))
        dialog.setObjectName("expiring_export_dialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("csv")
        dialog.fileSelected.connect(self.export_to)
        if self.file_dialog is not None:
            self.file_dialog.deleteLater()
        self.file_dialog = dialog
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.open()

    def export_to(self, path: str) -> None:
        """Write the list (the hall and horizon shown) to ``path``, on the worker."""
        from counter_app.services.licences.exporting import expiring_licences_csv

        hall = self.hall_id
        if hall is None or not path:
            return
        make_csv = self.backend.bind(expiring_licences_csv, hall, self.within_days())
        target = Path(path)

        def work() -> tuple[int, str | None]:
            data = make_csv()
            try:
                target.write_bytes(data)
            except OSError as error:
                return 0, error.strerror or str(error)
            return max(0, data.count(b"\r\n") - 1), None

        def done(result: tuple[int, str | None]) -> None:
            count, problem = result
            if problem is not None:
                self.message.show_error(self.tr("The file {path} could not be written: {problem}").format(path=path, problem=problem))
                return
            self.message.show_info(self.tr("{count} licence(s) exported to {path}").format(count=count, path=path))
            self.exported.emit(path)

        self.message.clear()
        self.backend.run_work(work, done=done, failed=self._failed, owner=self)

    # ------------------------------------------------------------------ printing

    def print_selected(self) -> None:
        chosen = self.selected()
        if not chosen or not self.may_print:
            return
        if self.print_flow is None:
            self.print_flow = make_print_flow(self.backend, self, self._printed)
        # Those printed before are reprints: the flow asks their reason once, when the service says so.
        self.print_flow.start([view.id for view in chosen], reprint=False)

    def _printed(self, licence_ids: list[int]) -> None:
        self.message.show_info(self.tr("{count} licence(s) printed and recorded.").format(count=len(licence_ids)))

    def _failed(self, error: UserError) -> None:
        self.message.show_error(user_message(error))

    def stop(self) -> None:
        if self.print_flow is not None:
            self.print_flow.close()


# ---------------------------------------------------------------- the workspace


class LicencesWorkspace(QWidget):
    """Licences for every staff role: find (and verify) any hall's licences; the hall's
    licences expiring soon; the inspections after a commitment for supervisors and
    administrators (an administrator chooses the hall)."""

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.setObjectName("licences_workspace")
        self.tabs = QTabWidget()
        self.tabs.setObjectName("licences_tabs")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.search = LicenceSearch(backend)
        self.tabs.addTab(self.search, self.tr("Find and verify"))
        self.expiring = ExpiringList(backend)
        self.expiring.open_licence.connect(self.open_licence)
        self.tabs.addTab(self.expiring, self.tr("Expiring soon"))
        self.inspections: InspectionsList | None = None
        if may(backend.actor.role, Permission.RECORD_INSPECTIONS):
            self.inspections = InspectionsList(backend)
            self.inspections.open_licence.connect(self.open_licence)
            self.tabs.addTab(self.inspections, self.tr("Inspections"))
        self.is_admin = backend.actor.role is Role.ADMIN
        self._halls_asked = False
        self.tabs.currentChanged.connect(self._tab_changed)

    def _tab_changed(self, index: int) -> None:
        if index > 0 and self.is_admin and not self._halls_asked:
            self._halls_asked = True
            self.backend.run(hall_day.supervised_halls, done=self._halls_loaded, failed=self.expiring._failed, owner=self)

    def _halls_loaded(self, halls: list[HallChoice]) -> None:
        self.expiring.set_halls(halls)
        if self.inspections is not None:
            self.inspections.set_halls(halls)

    def open_licence(self, number: str) -> None:
        """Find the licence ``number`` and open it on the first tab."""
        self.tabs.setCurrentWidget(self.search)
        self.search.search_for(number, open_number=True)

    def stop(self) -> None:
        self.search.stop()
        self.expiring.stop()
