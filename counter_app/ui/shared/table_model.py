"""A read-only Qt table over plain rows (service results) that updates rows by key.

``set_rows`` compares the new rows with those shown, by ``row_key``: rows gone are
removed, new ones inserted, moved ones moved and changed ones signalled as changed, so
the view keeps its selection, current row and scroll position without workarounds (a
reset would lose them). Checked with Qt's ``QAbstractItemModelTester`` in the tests.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

Index = QModelIndex | QPersistentModelIndex


class RowsTableModel(QAbstractTableModel):
    """Subclasses say how a row shows (``data``) and, if rows have no ``id``, what
    identifies one (``row_key``); rows, counts, headers and keyed updates live here."""

    def __init__(self, headers: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.headers = list(headers)
        self.rows: list[Any] = []

    def row_key(self, row: Any) -> Hashable:
        return row.id

    def set_rows(self, rows: Sequence[Any]) -> None:
        new = list(rows)
        new_keys = [self.row_key(row) for row in new]
        wanted = set(new_keys)
        assert len(wanted) == len(new_keys), "row keys must be unique"
        root = QModelIndex()
        # 1. Rows no longer there, bottom up (runs removed together).
        index = len(self.rows) - 1
        while index >= 0:
            if self.row_key(self.rows[index]) in wanted:
                index -= 1
                continue
            last = index
            while index - 1 >= 0 and self.row_key(self.rows[index - 1]) not in wanted:
                index -= 1
            self.beginRemoveRows(root, index, last)
            del self.rows[index : last + 1]
            self.endRemoveRows()
            index -= 1
        # 2. In the new order: keep, move up, or insert; signal changed contents.
        columns = max(0, len(self.headers) - 1)
        for position, (key, row) in enumerate(zip(new_keys, new, strict=True)):
            if position < len(self.rows) and self.row_key(self.rows[position]) == key:
                if self.rows[position] != row:
                    self.rows[position] = row
                    self.dataChanged.emit(self.index(position, 0), self.index(position, columns))
                continue
            found = next((i for i in range(position + 1, len(self.rows)) if self.row_key(self.rows[i]) == key), None)
            if found is None:
                self.beginInsertRows(root, position, position)
                self.rows.insert(position, row)
                self.endInsertRows()
                continue
            self.beginMoveRows(root, found, found, root, position)
            self.rows.insert(position, self.rows.pop(found))
            self.endMoveRows()
            if self.rows[position] != row:
                self.rows[position] = row
                self.dataChanged.emit(self.index(position, 0), self.index(position, columns))

    def row_of(self, key: Hashable) -> int | None:
        return next((i for i, row in enumerate(self.rows) if self.row_key(row) == key), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None


def row_table(object_name: str, model: QAbstractTableModel, stretch_column: int) -> QTableView:
    """A read-only table of whole rows, one selected at a time, columns sized by hand but one
    that takes the rest of the width (the case search, the 不说NO register)."""
    table = QTableView()
    table.setObjectName(object_name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    return table
