"""The pieces the staff screens share: the hall watcher's wiring and the connection banner."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from counter_app.db.engine import Database
from counter_app.ui.shared.hall_watchers import HallWatchers
from counter_app.ui.shared.hall_widgets import ConnectionBanner
from tests.queue_support import hall_id


def test_the_shared_watcher_shows_the_banner_while_the_database_is_away(qtbot: QtBot, demo_database: Database) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    banner = ConnectionBanner(owner)
    owner.show()
    changes: list[bool] = []
    watchers = HallWatchers(demo_database)
    kg = hall_id(demo_database)
    watchers.subscribe(kg, owner, changes.append, banner)
    watcher = watchers.watcher(kg)
    assert watcher is not None
    try:
        qtbot.waitUntil(lambda: bool(changes))  # the first read after connecting
        assert not banner.isVisible()
        watcher.connection_lost.emit()
        assert banner.isVisible() and "cannot be reached" in banner.text()
        watcher.connection_restored.emit()
        assert not banner.isVisible()
    finally:
        watchers.stop()
    qtbot.waitUntil(lambda: not watcher.running)
    assert not watcher._refresh.isActive()
