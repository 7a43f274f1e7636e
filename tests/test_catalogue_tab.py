"""The catalogue tab: read once when first shown, then searched in memory as the user
types (debounced), never a query per keystroke."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from counter_app.db.engine import Database
from counter_app.ui.catalogue.tab import CatalogueModel, CatalogueTab
from counter_app.ui.shared.backend import Backend
from tests.queue_support import staff
from tests.test_statement_budget import counting


def test_the_catalogue_is_read_once_and_searched_in_memory(qtbot: QtBot, demo_database: Database) -> None:
    backend = Backend(staff(demo_database, "kg01"))
    tab = CatalogueTab(backend)
    qtbot.addWidget(tab)
    try:
        with counting() as before_shown:
            qtbot.wait(100)
        assert tab.all_items == [] and len(before_shown) == 0  # hidden: nothing read
        tab.show()
        qtbot.waitUntil(lambda: bool(tab.all_items), timeout=10_000)
        total = len(tab.all_items)
        assert tab.model.rowCount() == total and tab.status.text() == f"{total} of {total} service items"
        wanted = next(item for item in tab.all_items if item.department)
        with counting() as typing:
            for end in range(1, len(wanted.code) + 1):  # typed one key at a time
                tab.search.setText(wanted.code[:end])
            assert tab.model.rowCount() == total  # not yet: the search waits for a pause
            qtbot.waitUntil(lambda: tab.model.rowCount() < total, timeout=2000)
        assert len(typing) == 0
        assert wanted in tab.model.items and all(wanted.code in item.code for item in tab.model.items)
        tab.search.setText(f"{wanted.department.upper()} {wanted.name}")  # words in any field, any case
        qtbot.waitUntil(lambda: wanted in tab.model.items and tab.model.rowCount() < total, timeout=2000)
        tab.search.setText("no such item anywhere")
        qtbot.waitUntil(lambda: tab.model.rowCount() == 0, timeout=2000)
        assert tab.status.text() == f"0 of {total} service items"
    finally:
        tab.stop()
        backend.stop()


def _row(model: CatalogueModel, code: str) -> list[object]:
    row = next(number for number, item in enumerate(model.items) if item.code == code)
    return [model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole) for column in range(model.columnCount())]


def test_limits_with_their_units_fees_and_a_pinyin_search(qtbot: QtBot, demo_database: Database) -> None:
    backend = Backend(staff(demo_database, "kg01"))
    tab = CatalogueTab(backend)
    qtbot.addWidget(tab)
    try:
        tab.show()
        qtbot.waitUntil(lambda: bool(tab.all_items), timeout=10_000)
        model = tab.model
        headers = [model.headerData(column, Qt.Orientation.Horizontal) for column in range(model.columnCount())]
        assert headers[5:9] == ["Statutory limit", "Promised limit", "Extension", "Fees"]
        assert _row(model, "TJBS-XK-0002")[5:9] == ["20 working days", "3 working days", "up to 10 working days", "free"]
        assert _row(model, "TJBS-XK-0001")[5:9] == ["20 working days", "on the spot", "up to 10 working days", "free"]
        assert _row(model, "TJBS-XK-0013")[5] == "3 months"
        assert _row(model, "TJBS-GG-0006")[5:9] == ["15 calendar days", "7 working days", "none", "首次申领免费；补领、换领工本费10元"]
        assert _row(model, "TJBS-GG-0004")[5:7] == ["no statutory limit", "on the spot"]
        for typed, first in [("lwpq", "劳务派遣经营许可"), ("laowu", "劳务派遣经营许可"), ("ＳＨＩＰＩＮ", "食品经营许可")]:
            tab.search.setText(typed)
            qtbot.waitUntil(lambda first=first: bool(model.items) and model.items[0].name == first, timeout=2000)
        tab.search.setText("tjbs-xk-0003")
        qtbot.waitUntil(lambda: [item.code for item in model.items] == ["TJBS-XK-0003"], timeout=2000)
        tab.search.setText("  ")
        qtbot.waitUntil(lambda: model.rowCount() == len(tab.all_items), timeout=2000)
        assert [item.code for item in model.items] == sorted(item.code for item in tab.all_items)
    finally:
        tab.stop()
        backend.stop()
