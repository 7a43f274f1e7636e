"""The catalogue tab: read once when first shown, then searched in memory as the user
types (debounced), never a query per keystroke."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from counter_app.db.engine import Database
from counter_app.ui.catalogue.tab import CatalogueTab
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
