"""Pieces every staff screen of a hall shares: the live hall watcher, the connection
banner and the message line."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from counter_app.events.watcher import HallWatcher
from counter_app.services.queue import HallChoice

if TYPE_CHECKING:  # the type only: ui reaches the database through services
    from counter_app.db.engine import Database


class ConnectionBanner(QLabel):
    """Shown while the database cannot be reached (the watcher retries by itself)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("The database cannot be reached; retrying… Actions may fail."), parent)
        self.setObjectName("connection_banner")
        self.setStyleSheet("background: #ffebee; color: #b71c1c; padding: 6px; font-weight: bold;")
        self.hide()


class MessageLine(QLabel):
    """The line under a screen's actions that says what happened, or why not."""

    def __init__(self, font_px: int = 15, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.font_px = font_px
        self.setObjectName("message")
        self.setWordWrap(True)
        self.setMinimumHeight(28)

    def show_error(self, text: str) -> None:
        self.setStyleSheet(f"color: #b00020; font-size: {self.font_px}px; font-weight: bold;")
        self.setText(text)

    def show_info(self, text: str) -> None:
        self.setStyleSheet(f"color: #1b5e20; font-size: {self.font_px}px;")
        self.setText(text)


def fill_hall_choice(choice: QComboBox, halls: Sequence[HallChoice], current: int | None) -> int | None:
    """List ``halls`` in ``choice`` (without signalling) and select ``current``, or the
    first hall when there is none yet; returns the selected hall's id."""
    if current is None and halls:
        current = halls[0].id
    choice.blockSignals(True)
    choice.clear()
    for hall in halls:
        choice.addItem(f"{hall.code} {hall.name}", hall.id)
    choice.setCurrentIndex(max(0, choice.findData(current)))
    choice.blockSignals(False)
    return current


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
