"""The service catalogue, read-only, for every staff role: read once into memory (with
its search index, built on the worker), searched there as the user types (debounced),
never a query per keystroke: by code, name, pinyin (全拼 or 首字母) or department."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHeaderView, QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget

from counter_app.domain.cases import LimitUnit, TimeLimit
from counter_app.domain.catalogue import CaseType, ItemKind
from counter_app.domain.item_search import ItemIndex
from counter_app.errors import UserError
from counter_app.services.catalogue import ServiceItemSummary, list_service_items
from counter_app.ui.shared.backend import Backend
from counter_app.ui.shared.table_model import Index, RowsTableModel
from counter_app.ui.translation import user_message

SEARCH_DEBOUNCE_MS = 150
MATERIALS_COLUMN = 10


class CatalogueModel(RowsTableModel):
    """Read-only table of catalogue items."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__([], parent)
        self.headers = [
            self.tr("Code"),
            self.tr("Service item"),
            self.tr("Department"),
            self.tr("Kind"),
            self.tr("Case type"),
            self.tr("Statutory limit"),
            self.tr("Promised limit"),
            self.tr("Extension"),
            self.tr("Fees"),
            self.tr("Licence"),
            self.tr("Materials"),
        ]
        self.kind_names = {
            ItemKind.LICENSING: self.tr("Administrative licence"),
            ItemKind.CONFIRMATION: self.tr("Administrative confirmation"),
            ItemKind.PUBLIC_SERVICE: self.tr("Public service"),
            ItemKind.INTERNAL: self.tr("Internal approval"),
            ItemKind.OTHER: self.tr("Other"),
        }
        self.case_type_names = {
            CaseType.ON_THE_SPOT: self.tr("Done on the spot"),
            CaseType.PROMISED: self.tr("Promised time"),
        }

    def limit_text(self, limit: TimeLimit, *, statutory: bool = True) -> str:
        """"20 working days", "3 months", "on the spot", "no statutory limit"."""
        count = limit.amount
        if limit.unit is LimitUnit.ON_THE_SPOT:
            return self.tr("on the spot")
        if limit.unit is LimitUnit.NONE:
            return self.tr("no statutory limit") if statutory else self.tr("no time limit")
        if limit.unit is LimitUnit.WORKING_DAYS:
            return self.working_days(count)
        if limit.unit is LimitUnit.CALENDAR_DAYS:
            return self.tr("1 calendar day") if count == 1 else self.tr("{count} calendar days").format(count=count)
        return self.tr("1 month") if count == 1 else self.tr("{count} months").format(count=count)

    def working_days(self, count: int) -> str:
        return self.tr("1 working day") if count == 1 else self.tr("{count} working days").format(count=count)

    def extension_text(self, days: int) -> str:
        return self.tr("up to {days}").format(days=self.working_days(days)) if days else self.tr("none")

    def row_key(self, row: Any) -> Hashable:
        return row.code

    @property
    def items(self) -> list[ServiceItemSummary]:
        return self.rows

    def set_items(self, items: Sequence[ServiceItemSummary]) -> None:
        self.set_rows(items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        item = self.items[index.row()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == MATERIALS_COLUMN:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        values = (
            item.code,
            item.name,
            item.department,
            self.kind_names[item.kind],
            self.case_type_names[item.case_type],
            self.limit_text(item.statutory_limit),
            self.limit_text(item.promised_limit, statutory=False),
            self.extension_text(item.extension_days),
            item.fees or self.tr("free"),
            item.licence_type or "",
            item.material_count,
        )
        return values[index.column()]


class CatalogueTab(QWidget):
    """The catalogue with its search; a notice above says what is still to come."""

    def __init__(self, backend: Backend, heading: str = "", notice: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.all_items: list[ServiceItemSummary] = []
        self.index: ItemIndex[ServiceItemSummary] = ItemIndex([])
        layout = QVBoxLayout(self)
        if heading:
            title = QLabel(heading)
            title.setStyleSheet("font-size: 22px; font-weight: bold;")
            layout.addWidget(title)
        if notice:
            coming = QLabel(notice)
            coming.setObjectName("coming_next")
            coming.setWordWrap(True)
            coming.setStyleSheet("background: #fff8e1; border: 1px solid #f0c36d; padding: 8px;")
            layout.addWidget(coming)
        catalogue_title = QLabel(self.tr("Service catalogue"))
        catalogue_title.setStyleSheet("font-size: 16px; font-weight: bold; margin-top: 8px;")
        layout.addWidget(catalogue_title)
        self.search = QLineEdit()
        self.search.setObjectName("catalogue_search")
        self.search.setPlaceholderText(self.tr("Search by code, name, pinyin (e.g. lwpq) or department"))
        self.search.setClearButtonEnabled(True)
        layout.addWidget(self.search)
        self.status = QLabel()
        self.status.setObjectName("catalogue_status")
        layout.addWidget(self.status)
        self.model = CatalogueModel(self)
        table = QTableView()
        table.setObjectName("catalogue_table")
        table.setModel(self.model)
        table.setAlternatingRowColors(True)
        table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        table.verticalHeader().hide()
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table = table
        layout.addWidget(table)
        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self.debounce.timeout.connect(self.apply_search)
        self.search.textChanged.connect(lambda _text: self.debounce.start())
        self._read = False  # read when first shown: a clerk may never open this tab

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if not self._read:
            self._read = True
            self.reload()

    def reload(self) -> None:
        """Read the whole catalogue once (a few thousand items at most) and index it for the
        search (its pinyin: some 0.1 ms an item) on the worker."""
        self.status.setText(self.tr("Loading the catalogue…"))
        read = self.backend.bind(list_service_items)
        self.backend.run_work(
            lambda: ItemIndex(read()), done=self._loaded, failed=self._failed, key=("catalogue",), owner=self
        )

    def _loaded(self, index: ItemIndex[ServiceItemSummary]) -> None:
        self.index = index
        self.all_items = list(index.items)
        self.apply_search()

    def _failed(self, error: UserError) -> None:
        self.status.setText(user_message(error))

    def apply_search(self) -> None:
        shown = self.index.search(self.search.text(), limit=None)
        self.model.set_items(shown)
        self.status.setText(self.tr("{shown} of {total} service items").format(shown=len(shown), total=len(self.all_items)))

    def stop(self) -> None:
        self.debounce.stop()
