"""How licences read on screen: their status, validity and holder in words and colours, and
the tables of the licences workspace (results, expiring soon, a licence's prints, the
inspections due). Rows are the services' plain views; nothing here reads the database."""

from __future__ import annotations

from collections.abc import Hashable
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QWidget

from counter_app.domain.licences import FINAL_STATUSES, STATUS_TERMS, LicenceStatus
from counter_app.services.licences import InspectionView, LicencePrintRecord, LicenceView
from counter_app.ui.shared.table_model import Index, RowsTableModel

MISSING = "—"
VALID_COLOUR = "#2e7d32"  # green: in force
SUSPENDED_COLOUR = "#ef6c00"  # amber: in force again once reinstated
LAPSED_COLOUR = "#616161"  # grey: replaced or expired, no decision against the holder
ENDED_COLOUR = "#c62828"  # red: revoked, cancelled, withdrawn
OVERDUE_TEXT = QColor("#b00020")
OVERDUE_BACKGROUND = QColor("#ffcdd2")
OPEN_BACKGROUND = QColor("#ffe0b2")  # the renewal window is open already


def status_text(view: LicenceView) -> str:
    """Today's status in words: a lapsed licence says whether a renewal replaced it or it expired."""
    if view.status is LicenceStatus.LAPSED and view.stored_status is not LicenceStatus.LAPSED:
        return QCoreApplication.translate("Licences", "replaced by a renewal") if view.replaced else QCoreApplication.translate("Licences", "expired")
    return QCoreApplication.translate("Terms", STATUS_TERMS[view.status])


def status_colour(status: LicenceStatus) -> str:
    if status is LicenceStatus.VALID:
        return VALID_COLOUR
    if status is LicenceStatus.SUSPENDED:
        return SUSPENDED_COLOUR
    if status is LicenceStatus.LAPSED:
        return LAPSED_COLOUR
    assert status in FINAL_STATUSES
    return ENDED_COLOUR


def chip_style(status: LicenceStatus, font_px: int = 16) -> str:
    """The coloured chip a status is shown in (white on the status's colour)."""
    return (
        f"background: {status_colour(status)}; color: white; border-radius: 6px; padding: 3px 12px; "
        f"font-size: {font_px}px; font-weight: bold;"
    )


def day_text(day: date | None) -> str:
    return day.isoformat() if day is not None else MISSING


def validity_text(view: LicenceView) -> str:
    """``2026-05-05 – 2029-05-04``, or ``2026-05-05 – 长期有效`` for a licence without end."""
    end = view.valid_to.isoformat() if view.valid_to is not None else QCoreApplication.translate("Licences", "no expiry")
    return f"{view.valid_from.isoformat()} – {end}"


def holder_text(view: LicenceView) -> str:
    """The holder's name and code (a person's ID number masked by the service)."""
    return f"{view.holder_name} · {view.holder_code_shown}"


def days_left(view: LicenceView, today: date | None) -> int | None:
    if view.valid_to is None or today is None:
        return None
    return (view.valid_to - today).days


class LicenceResultsModel(RowsTableModel):
    """The licences found, newest first; the status cell in its colour."""

    STATUS_COLUMN = 5
    HOLDER_COLUMN = 3

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__([], parent)
        self.headers = [
            self.tr("Licence number"),
            self.tr("Licence"),
            self.tr("Issued"),
            self.tr("Holder"),
            self.tr("Valid"),
            self.tr("Status today"),
        ]

    @property
    def licences(self) -> list[LicenceView]:
        return self.rows

    def licence_at(self, row: int) -> LicenceView | None:
        return self.licences[row] if 0 <= row < len(self.licences) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        view = self.licences[index.row()]
        column = index.column()
        if column == self.STATUS_COLUMN and role == Qt.ItemDataRole.ForegroundRole:
            return QColor(status_colour(view.status))
        if column == self.STATUS_COLUMN and role == Qt.ItemDataRole.FontRole:
            bold = QFont()
            bold.setBold(True)
            return bold
        if role == Qt.ItemDataRole.ToolTipRole and column == self.STATUS_COLUMN and view.status_reason:
            return view.status_reason
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        values = (view.number, view.licence_type, day_text(view.issued_on), holder_text(view), validity_text(view), status_text(view))
        return values[column]


class ExpiringModel(RowsTableModel):
    """The hall's valid licences whose renewal window opens soon, soonest end first: amber
    once the window is open (the holder may renew now)."""

    HOLDER_COLUMN = 2

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__([], parent)
        self.headers = [
            self.tr("Licence number"),
            self.tr("Licence"),
            self.tr("Holder"),
            self.tr("Valid to"),
            self.tr("Renewal opens"),
            self.tr("Days left"),
        ]
        self.today: date | None = None

    @property
    def licences(self) -> list[LicenceView]:
        return self.rows

    def window_open(self, view: LicenceView) -> bool:
        return self.today is not None and view.renewal_opens is not None and view.renewal_opens <= self.today

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        view = self.licences[index.row()]
        if role == Qt.ItemDataRole.BackgroundRole:
            return OPEN_BACKGROUND if self.window_open(view) else None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 5:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        left = days_left(view, self.today)
        values = (
            view.number,
            view.licence_type,
            holder_text(view),
            day_text(view.valid_to),
            day_text(view.renewal_opens),
            self.tr("{days} d").format(days=left) if left is not None else MISSING,
        )
        return values[index.column()]


class PrintsModel(RowsTableModel):
    """A licence's prints, oldest first: when, where, by whom, a reprint's reason."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__([], parent)
        self.headers = [self.tr("Printed"), self.tr("Hall"), self.tr("By"), self.tr("Kind"), self.tr("Reason")]

    def row_key(self, row: Any) -> Hashable:
        return (row.printed_at, row.hall_name, row.printed_by, row.reprint, row.reason)

    def set_prints(self, prints: list[LicencePrintRecord]) -> None:
        unique = list(dict.fromkeys(prints))  # two identical records in one instant would share a key
        self.set_rows(unique)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        record: LicencePrintRecord = self.rows[index.row()]
        values = (
            record.printed_at.strftime("%Y-%m-%d %H:%M"),
            record.hall_name,
            record.printed_by,
            self.tr("reprint (补打)") if record.reprint else self.tr("first print"),
            record.reason or MISSING,
        )
        return values[index.column()]


class InspectionsModel(RowsTableModel):
    """The hall's inspections still to record, the earliest due first: overdue ones red,
    a due date on a year without its holidays marked provisional."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__([], parent)
        self.headers = [self.tr("Due"), self.tr("State"), self.tr("Licence number"), self.tr("Holder")]

    @property
    def inspections(self) -> list[InspectionView]:
        return self.rows

    def inspection_at(self, row: int) -> InspectionView | None:
        return self.inspections[row] if 0 <= row < len(self.inspections) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        inspection = self.inspections[index.row()]
        if role == Qt.ItemDataRole.BackgroundRole and inspection.overdue:
            return OVERDUE_BACKGROUND
        if role == Qt.ItemDataRole.ForegroundRole and inspection.overdue and index.column() in (0, 1):
            return OVERDUE_TEXT
        if role == Qt.ItemDataRole.ToolTipRole and inspection.due_provisional:
            return self.tr("The due date rests on a year whose holidays are not entered yet: it may still move.")
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        due = inspection.due_on.isoformat()
        if inspection.due_provisional:
            due = self.tr("{date} (provisional)").format(date=due)
        values = (
            due,
            self.tr("overdue") if inspection.overdue else self.tr("due"),
            inspection.licence_number,
            f"{inspection.holder_name} · {inspection.holder_code_shown}",
        )
        return values[index.column()]
