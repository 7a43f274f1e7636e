"""The pieces the staff screens share: the hall watcher's wiring and the connection banner."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from counter_app.db.engine import Database
from counter_app.ui.shared.hall_widgets import ConnectionBanner, watch_hall
from tests.queue_support import hall_id


def test_watch_hall_wires_changes_and_the_banner_and_stops_on_request(qtbot: QtBot, demo_database: Database) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    banner = ConnectionBanner(owner)
    owner.show()
    changes: list[int] = []
    watcher = watch_hall(owner, demo_database, hall_id(demo_database), lambda: changes.append(1), banner)
    try:
        assert not banner.isVisible()
        watcher.connection_lost.emit()
        assert banner.isVisible() and "cannot be reached" in banner.text()
        watcher.connection_restored.emit()
        assert not banner.isVisible()
        before = len(changes)  # the watcher's own first read may have come already
        watcher.changed.emit()
        assert len(changes) == before + 1
    finally:
        watcher.stop()
    assert not any(timer.isActive() for timer in (watcher._poll, watcher._refresh, watcher._retry))
