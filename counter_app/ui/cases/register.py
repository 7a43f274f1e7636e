"""The supervisors' side of cases: the hall's "不说NO" register (visits that could not
become a case, to be followed up) and the cases workspace (find cases, the register).

Both read on the window's ``Backend`` when first shown; following an entry up runs there
too and re-reads the register.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.queue import DEFAULT_TIMEZONE
from counter_app.domain.roles import Role
from counter_app.errors import UserError
from counter_app.services import cases, hall_day
from counter_app.services.cases import UnmetRequestView
from counter_app.services.queue import HallChoice
from counter_app.ui.cases.case_models import MISSING, counter_text, moment_text
from counter_app.ui.cases.case_page import CaseActionDialog
from counter_app.ui.cases.search import CaseSearch
from counter_app.ui.issuing.core import load_timezone
from counter_app.ui.shared.backend import Backend
from counter_app.ui.shared.hall_widgets import MessageLine, fill_hall_choice, hall_chooser
from counter_app.ui.shared.table_model import Index, RowsTableModel, row_table
from counter_app.ui.translation import user_message

FOLLOWED_UP_TEXT = QColor("#757575")
REASON_COLUMN = 7
MAX_COLUMN_PX = 420  # a long list of materials or follow-up note: the rest in the tooltip


class UnmetRequestsModel(RowsTableModel):
    """The register's entries: open ones first, then those followed up (greyed)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__([], parent)
        self.headers = [
            self.tr("When"),
            self.tr("Counter"),
            self.tr("Clerk"),
            self.tr("Service item"),
            self.tr("Applicant"),
            self.tr("Phone"),
            self.tr("Missing materials"),
            self.tr("Reason"),
            self.tr("Follow-up"),
        ]
        self.zone = ZoneInfo(DEFAULT_TIMEZONE)

    @property
    def entries(self) -> list[UnmetRequestView]:
        return self.rows

    def entry_at(self, row: int) -> UnmetRequestView | None:
        return self.entries[row] if 0 <= row < len(self.entries) else None

    def follow_up_text(self, entry: UnmetRequestView) -> str:
        if entry.followed_up_at is None:
            return self.tr("open")
        return f"{moment_text(entry.followed_up_at, self.zone)} {entry.followed_up_by or ''}: {entry.follow_up_note or ''}"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        entry = self.entries[index.row()]
        if role == Qt.ItemDataRole.ForegroundRole and entry.followed_up_at is not None:
            return FOLLOWED_UP_TEXT
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in (6, 7, 8):
            return self.data(index, Qt.ItemDataRole.DisplayRole)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        applicant = " · ".join(part for part in (entry.applicant_name, entry.applicant_code_shown) if part)
        values = (
            moment_text(entry.at, self.zone),
            counter_text(entry.counter_number),
            entry.clerk_name or MISSING,
            entry.item_name,
            applicant or MISSING,
            entry.phone_shown or MISSING,
            "、".join(entry.missing) or MISSING,
            entry.reason,
            self.follow_up_text(entry),
        )
        return values[index.column()]


def open_first(entries: Sequence[UnmetRequestView]) -> list[UnmetRequestView]:
    """Entries not yet followed up first, each group newest first (as read)."""
    return [entry for entry in entries if entry.followed_up_at is None] + [entry for entry in entries if entry.followed_up_at is not None]


class UnmetRegister(QWidget):
    """One hall's "不说NO" register, for its supervisors: open entries (or all) and a follow-up.

    Signals:
        refreshed(list[UnmetRequestView]): the register was read and shown.
        followed_up(int): an entry was followed up (its id).
    """

    refreshed = Signal(list)
    followed_up = Signal(int)

    def __init__(self, backend: Backend, hall_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.setObjectName("unmet_register")
        self.hall_id = hall_id if hall_id is not None else backend.actor.hall_id
        self.dialog: CaseActionDialog | None = None
        self._started = False
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Visits that could not become a case (不说NO): call the applicant back, help them complete what was "
                "missing, and record what was done."
            )
        )
        intro.setWordWrap(True)
        intro.setStyleSheet("color: #555;")
        layout.addWidget(intro)
        top = QHBoxLayout()
        self.title = QLabel()
        self.title.setObjectName("register_title")
        self.title.setStyleSheet("font-size: 16px; font-weight: bold;")
        top.addWidget(self.title)
        top.addStretch(1)
        self.show_all = QCheckBox(self.tr("Show entries already followed up"))
        self.show_all.setObjectName("register_show_all")
        self.show_all.toggled.connect(lambda _on: self.refresh())
        top.addWidget(self.show_all)
        layout.addLayout(top)
        self.model = UnmetRequestsModel(self)
        self.table = row_table("register_table", self.model, REASON_COLUMN)
        self.table.selectionModel().currentChanged.connect(lambda *_: self._sync())
        self.table.activated.connect(lambda _index: self.ask_follow_up())
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.follow_up_button = QPushButton(self.tr("Follow up…"))
        self.follow_up_button.setObjectName("follow_up")
        self.follow_up_button.setMinimumHeight(36)
        self.follow_up_button.clicked.connect(self.ask_follow_up)
        buttons.addWidget(self.follow_up_button)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setObjectName("register_refresh")
        self.refresh_button.clicked.connect(self.refresh)
        buttons.addWidget(self.refresh_button)
        buttons.addStretch(1)
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
            self.model.zone = ZoneInfo(timezone)
        except (ValueError, KeyError):
            return
        self.model.set_rows(list(self.model.rows))  # nothing changed but the times shown
        self.table.viewport().update()

    def set_hall(self, hall_id: int | None) -> None:
        if hall_id == self.hall_id and self.model.rows:
            return
        self.hall_id = hall_id
        self.model.set_rows([])
        if self._started:
            self.refresh()

    def refresh(self) -> None:
        hall = self.hall_id
        if hall is None:
            self.title.setText(self.tr("No hall chosen"))
            return
        open_only = not self.show_all.isChecked()
        self.backend.run(
            cases.unmet_requests, hall, open_only,
            done=lambda entries: self._read(hall, open_only, entries), failed=self._failed,
            key=("unmet_requests", id(self)), owner=self,
        )

    def _read(self, hall_id: int, open_only: bool, entries: list[UnmetRequestView]) -> None:
        if hall_id != self.hall_id or open_only == self.show_all.isChecked():
            return  # another hall or view was asked for meanwhile
        shown = open_first(entries)
        self.model.set_rows(shown)
        self._fit_columns()
        waiting = sum(1 for entry in shown if entry.followed_up_at is None)
        hall_name = shown[0].hall_name if shown else ""
        title = self.tr("{count} to follow up").format(count=waiting)
        self.title.setText(f"{hall_name} · {title}" if hall_name else title)
        if self.table.currentIndex().row() < 0 and shown:
            self.table.selectRow(0)
        self._sync()
        self.refreshed.emit(shown)

    def _fit_columns(self) -> None:
        for column in range(self.model.columnCount()):
            if column != REASON_COLUMN:
                self.table.resizeColumnToContents(column)
                self.table.setColumnWidth(column, min(self.table.columnWidth(column), MAX_COLUMN_PX))

    def _failed(self, error: UserError) -> None:
        self.message.show_error(user_message(error))

    def selected(self) -> UnmetRequestView | None:
        return self.model.entry_at(self.table.currentIndex().row())

    def _sync(self) -> None:
        entry = self.selected()
        self.follow_up_button.setEnabled(entry is not None and entry.followed_up_at is None)

    def ask_follow_up(self) -> None:
        entry = self.selected()
        if entry is None or entry.followed_up_at is not None:
            return
        dialog = CaseActionDialog(
            self.tr("Follow up"),
            self.tr("{applicant} asked for “{item}” on {when}. What was done?").format(
                applicant=entry.applicant_name or self.tr("The visitor"), item=entry.item_name, when=moment_text(entry.at, self.model.zone)
            ),
            self.tr("Record the follow-up"),
            reason=True,
            parent=self,
        )
        dialog.setObjectName("ask_follow_up")
        if dialog.reason_edit is not None:
            dialog.reason_edit.setPlaceholderText(self.tr("e.g. called back on 5 May; the case was accepted as KG-20260505-0003"))
        dialog.accepted.connect(lambda: self.follow_up(entry.id, dialog.reason()))
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = dialog
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.open()

    def follow_up(self, entry_id: int, note: str) -> None:
        hall = self.hall_id
        if hall is None:
            return
        self.follow_up_button.setEnabled(False)

        def done(_result: Any) -> None:
            self.message.show_info(self.tr("The follow-up was recorded."))
            self.followed_up.emit(entry_id)
            self.refresh()

        def failed(error: UserError) -> None:
            self.message.show_error(user_message(error))
            self.refresh()

        self.backend.run(cases.follow_up_unmet_request, hall, entry_id, note, done=done, failed=failed, owner=self, urgent=True)


class CasesWorkspace(QWidget):
    """The supervisor's and administrator's cases: find cases, and the register of unmet
    requests of their hall (an administrator chooses the hall)."""

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.setObjectName("cases_workspace")
        self.tabs = QTabWidget()
        self.tabs.setObjectName("cases_tabs")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.search = CaseSearch(backend)
        self.tabs.addTab(self.search, self.tr("Find cases"))
        register_page = QWidget()
        register_layout = QVBoxLayout(register_page)
        self.hall_row, self.hall_choice = hall_chooser(self._hall_chosen)
        self.is_admin = backend.actor.role is Role.ADMIN
        self.hall_row.setVisible(self.is_admin)
        register_layout.addWidget(self.hall_row)
        self.register = UnmetRegister(backend)
        register_layout.addWidget(self.register, 1)
        self.tabs.addTab(register_page, self.tr("Register of unmet requests"))
        self.halls: list[HallChoice] = []
        self._halls_asked = False
        self.tabs.currentChanged.connect(self._tab_changed)

    def _tab_changed(self, index: int) -> None:
        if index == 1 and self.is_admin and not self._halls_asked:
            self._halls_asked = True
            self.backend.run(
                hall_day.supervised_halls, done=self._halls_loaded, failed=self.register._failed, owner=self,
            )

    def _halls_loaded(self, halls: list[HallChoice]) -> None:
        self.halls = halls
        self.register.set_hall(fill_hall_choice(self.hall_choice, halls, self.register.hall_id))

    def _hall_chosen(self) -> None:
        data = self.hall_choice.currentData()
        if data is not None:
            self.register.set_hall(int(data))

    def stop(self) -> None:
        self.search.stop()
