"""The inspections after a licence issued on commitment (核查), for the hall's supervisors:
what is due and overdue (red; a due date resting on a year without its holidays is marked
provisional), and the result recorded with what was found. A failure revokes the licence
and bars the holder from the commitment route (你不兑现、我就撤销): the dialog says so and
asks to confirm. Reads and the recording run on the window's ``Backend``.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.roles import Role
from counter_app.errors import UserError
from counter_app.services import licences
from counter_app.services.licences import InspectionView
from counter_app.ui.licences.licence_page import NoteDialog
from counter_app.ui.licences.models import InspectionsModel
from counter_app.ui.shared.backend import Backend
from counter_app.ui.shared.hall_widgets import HallScopedList, MessageLine, hall_chooser
from counter_app.ui.shared.table_model import Index, row_table
from counter_app.ui.translation import user_message

HOLDER_COLUMN = 3


class InspectionDialog(NoteDialog):
    """The result of one inspection: what was found (required); a failure also asks the user
    to confirm that it revokes the licence and bars the holder. ``note()`` is the text given."""

    def __init__(self, inspection: InspectionView, passed: bool, parent: QWidget | None = None) -> None:
        self.passed = passed
        holder = f"{inspection.holder_name} · {inspection.holder_code_shown}"
        # QCoreApplication.translate with the class as context: self.tr needs the QObject made first.
        if passed:
            text = QCoreApplication.translate("InspectionDialog", "The inspection of licence {number} ({holder}) found what was committed to. What was checked?")
        else:
            text = QCoreApplication.translate("InspectionDialog", "The inspection of licence {number} ({holder}) found that the commitment was not kept. What was found?")
        warning = None if passed else QCoreApplication.translate(
            "InspectionDialog",
            "A failed inspection REVOKES licence {number} (撤销) and BARS {holder} from the commitment route "
            "until an administrator lifts the bar.",
        ).format(number=inspection.licence_number, holder=inspection.holder_name)
        super().__init__(
            QCoreApplication.translate("InspectionDialog", "Inspection passed") if passed else QCoreApplication.translate("InspectionDialog", "Inspection failed"),
            text.format(number=inspection.licence_number, holder=holder),
            QCoreApplication.translate("InspectionDialog", "Record: passed") if passed else QCoreApplication.translate("InspectionDialog", "Record: failed"),
            field_label=QCoreApplication.translate("InspectionDialog", "Findings"), needs_reason=True, warning=warning,
            confirm_text=QCoreApplication.translate("InspectionDialog", "Revoke the licence and bar the holder"), parent=parent,
        )
        self.note_edit = self.reason_edit

    def note(self) -> str:
        return self.reason()


class InspectionsList(HallScopedList, QWidget):
    """One hall's inspections still to record (an administrator chooses the hall).

    Signals:
        refreshed(list[InspectionView]): the list was read and shown.
        recorded(int, bool): an inspection's result was recorded (its id, passed).
        open_licence(str): the user wants to see the licence of an inspection (its number).
    """

    refreshed = Signal(list)
    recorded = Signal(int, bool)
    open_licence = Signal(str)

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.setObjectName("inspections")
        self.hall_id: int | None = backend.actor.hall_id
        self.dialog: InspectionDialog | None = None
        self._started = False
        self._busy = False
        layout = QVBoxLayout(self)
        self.hall_row, self.hall_choice = hall_chooser(self._hall_chosen)
        self.hall_row.setVisible(backend.actor.role is Role.ADMIN)
        layout.addWidget(self.hall_row)
        intro = QLabel(
            self.tr(
                "Licences issued on commitment (告知承诺) are inspected afterwards. Record what the inspection found; "
                "a failed inspection revokes the licence and bars the holder from the commitment route."
            )
        )
        intro.setWordWrap(True)
        intro.setStyleSheet("color: #555;")
        layout.addWidget(intro)
        top = QHBoxLayout()
        self.title = QLabel()
        self.title.setObjectName("inspections_title")
        self.title.setStyleSheet("font-size: 16px; font-weight: bold;")
        top.addWidget(self.title)
        top.addStretch(1)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setObjectName("inspections_refresh")
        self.refresh_button.clicked.connect(self.refresh)
        top.addWidget(self.refresh_button)
        layout.addLayout(top)
        self.model = InspectionsModel(self)
        self.table = row_table("inspections_table", self.model, HOLDER_COLUMN)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.selectionModel().currentChanged.connect(lambda *_: self._sync())
        self.table.activated.connect(self._activated)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.passed_button = QPushButton(self.tr("Passed…"))
        self.passed_button.setObjectName("inspection_passed")
        self.passed_button.setMinimumHeight(36)
        self.passed_button.clicked.connect(lambda: self.ask(True))
        buttons.addWidget(self.passed_button)
        self.failed_button = QPushButton(self.tr("Failed…"))
        self.failed_button.setObjectName("inspection_failed")
        self.failed_button.setMinimumHeight(36)
        self.failed_button.setStyleSheet("color: #b00020;")
        self.failed_button.clicked.connect(lambda: self.ask(False))
        buttons.addWidget(self.failed_button)
        self.open_button = QPushButton(self.tr("Open the licence"))
        self.open_button.setObjectName("inspection_open_licence")
        self.open_button.setMinimumHeight(36)
        self.open_button.clicked.connect(lambda: self._activated(self.table.currentIndex()))
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        legend = QLabel(self.tr("Red: overdue. “(provisional)”: the due date may still move when the year's holidays are entered."))
        legend.setObjectName("inspections_legend")
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
            self.refresh()

    # ------------------------------------------------------------------ reading

    def refresh(self) -> None:
        hall = self.hall_id
        if hall is None:
            self.title.setText(self.tr("No hall chosen"))
            self._sync()
            return
        self.title.setText(self.tr("Loading…"))
        self.backend.run(
            licences.inspections_due, hall,
            done=lambda rows: self._read(hall, rows), failed=self._failed, key=("inspections_due", id(self)), owner=self,
        )

    def _read(self, hall_id: int, rows: list[InspectionView]) -> None:
        if hall_id != self.hall_id:
            return  # another hall was chosen meanwhile
        self.model.set_rows(rows)
        for column in range(self.model.columnCount() if rows else 0):
            if column != HOLDER_COLUMN:
                self.table.resizeColumnToContents(column)
        overdue = sum(1 for row in rows if row.overdue)
        text = self.tr("{count} inspection(s) to record").format(count=len(rows))
        if overdue:
            text += self.tr(", {overdue} overdue").format(overdue=overdue)
        self.title.setText(text)
        if self.table.currentIndex().row() < 0 and rows:
            self.table.selectRow(0)
        self._sync()
        self.refreshed.emit(rows)

    def selected(self) -> InspectionView | None:
        return self.model.inspection_at(self.table.currentIndex().row())

    def _sync(self) -> None:
        chosen = self.selected() is not None
        for button in (self.passed_button, self.failed_button):
            button.setEnabled(chosen and not self._busy)
        self.open_button.setEnabled(chosen)

    def _activated(self, index: Index) -> None:
        inspection = self.model.inspection_at(index.row())
        if inspection is not None:
            self.open_licence.emit(inspection.licence_number)

    # ------------------------------------------------------------------ recording

    def ask(self, passed: bool) -> None:
        inspection = self.selected()
        if inspection is None or self._busy:
            return
        dialog = InspectionDialog(inspection, passed, self)
        dialog.setObjectName("ask_inspection_passed" if passed else "ask_inspection_failed")
        dialog.accepted.connect(lambda: self.record(inspection, passed, dialog.note()))
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = dialog
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.open()

    def record(self, inspection: InspectionView, passed: bool, note: str) -> None:
        """Record the result (no question asked)."""
        hall = self.hall_id
        if hall is None:
            return
        self._busy = True
        self._sync()
        self.message.clear()

        def done(_result: object) -> None:
            self._busy = False
            if passed:
                self.message.show_info(self.tr("Inspection of licence {number} recorded: passed.").format(number=inspection.licence_number))
            else:
                self.message.show_error(
                    self.tr("Inspection of licence {number} recorded: failed. The licence is revoked and {holder} is barred "
                            "from the commitment route.").format(number=inspection.licence_number, holder=inspection.holder_name)
                )
            self.recorded.emit(inspection.id, passed)
            self.refresh()

        def failed(error: UserError) -> None:
            self._busy = False
            self.message.show_error(user_message(error))
            self.refresh()

        self.backend.run(licences.record_inspection, hall, inspection.id, passed, note, done=done, failed=failed, owner=self, urgent=True)

    def _failed(self, error: UserError) -> None:
        self.title.clear()
        self.message.show_error(user_message(error))
