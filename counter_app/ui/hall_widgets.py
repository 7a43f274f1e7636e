"""Pieces every staff screen of a hall shares: the live hall watcher, the connection
banner and the message line."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QWidget

from counter_app.db.engine import Database
from counter_app.events.watcher import HallWatcher


class ConnectionBanner(QLabel):
    """Shown while the database cannot be reached (the watcher retries by itself)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("The database cannot be reached; retrying… Actions may fail."), parent)
        self.setObjectName("connection_banner")
        self.setStyleSheet("background: #ffebee; color: #b71c1c; padding: 6px; font-weight: bold;")
        self.hide()


def message_line() -> QLabel:
    """The line under a screen's actions that says what happened or why not."""
    line = QLabel()
    line.setObjectName("message")
    line.setWordWrap(True)
    line.setMinimumHeight(28)
    return line


def stop_with_owner(owner: QObject, watcher: HallWatcher) -> None:
    """Stop ``watcher`` (timers, LISTEN connection) when ``owner`` is destroyed, even when
    the owner is dropped without being closed: its children are still alive then."""

    def stop(*_args: object) -> None:
        try:
            watcher.stop()
        except RuntimeError:  # already deleted with an earlier owner
            pass

    owner.destroyed.connect(stop)


def watch_hall(
    owner: QWidget, database: Database, hall_id: int, on_change: Callable[[], None], banner: ConnectionBanner
) -> HallWatcher:
    """A started watcher of the hall: ``on_change`` after every change, ``banner`` shown
    while the database is unreachable; it stops with ``owner``."""
    watcher = HallWatcher(database, hall_id, parent=owner)
    watcher.changed.connect(on_change)
    watcher.connection_lost.connect(banner.show)
    watcher.connection_restored.connect(banner.hide)
    stop_with_owner(owner, watcher)
    watcher.start()
    return watcher
