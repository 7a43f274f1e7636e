"""One ``HallWatcher`` per hall, shared by every screen of that hall in a window.

A screen subscribes with the refresh it wants; the watcher is started on the first
subscription and stopped with the last. Each subscriber hears whether the change came
only from this process's own database connection (``own_only``): the screen that made
it may already show it and skip that refresh.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from counter_app.events.watcher import HallWatcher

if TYPE_CHECKING:  # the type only: ui reaches the database through services
    from counter_app.db.engine import Database


@dataclass(eq=False)
class _Subscription:
    owner: QObject
    on_change: Callable[[bool], None]
    banner: QWidget | None


@dataclass(eq=False)
class _Hall:
    watcher: HallWatcher
    subscriptions: list[_Subscription] = field(default_factory=list)
    # The watcher re-reads once it listens (its first ``changed``): whoever subscribes before
    # that needs no read of its own, and none is missed between that read and the LISTEN.
    first_change_pending: bool = True


class HallWatchers(QObject):
    def __init__(self, database: Database, parent: QObject | None = None, **watcher_options: int) -> None:
        super().__init__(parent)
        self.database = database
        self.watcher_options = watcher_options
        self._halls: dict[int, _Hall] = {}

    def subscribe(
        self, hall_id: int, owner: QObject, on_change: Callable[[bool], None], banner: QWidget | None = None
    ) -> bool:
        """Call ``on_change(own_only)`` after every change of the hall (and every periodic
        refresh), show ``banner`` while the database cannot be reached; until ``owner`` is
        destroyed or ``unsubscribe``s.

        Returns True when the hall's watcher is still connecting: ``on_change`` then comes
        as soon as it listens, and the subscriber's first read should wait for it (read
        earlier, it would be read twice). False: read now."""
        hall = self._halls.get(hall_id)
        if hall is None:
            watcher = HallWatcher(self.database, hall_id, parent=self, **self.watcher_options)
            hall = self._halls[hall_id] = _Hall(watcher)
            watcher.changed.connect(lambda: self._changed(hall_id))
            watcher.connection_lost.connect(lambda: self._banners(hall_id, True))
            watcher.connection_restored.connect(lambda: self._banners(hall_id, False))
            watcher.start()
        subscription = _Subscription(owner, on_change, banner)
        hall.subscriptions.append(subscription)
        if banner is not None and not hall.watcher.connected:
            banner.show()

        def forget(*_args: object) -> None:
            try:
                self._drop(hall_id, subscription)
            except RuntimeError:  # the hub went first (the window closed)
                pass

        owner.destroyed.connect(forget)
        return hall.first_change_pending

    def unsubscribe(self, hall_id: int, owner: QObject) -> None:
        hall = self._halls.get(hall_id)
        if hall is None:
            return
        for subscription in [s for s in hall.subscriptions if s.owner is owner]:
            self._drop(hall_id, subscription)

    def watcher(self, hall_id: int) -> HallWatcher | None:
        hall = self._halls.get(hall_id)
        return hall.watcher if hall is not None else None

    def stop(self) -> None:
        for hall in self._halls.values():
            hall.watcher.stop()
        self._halls.clear()

    def _changed(self, hall_id: int) -> None:
        hall = self._halls.get(hall_id)
        if hall is None:
            return
        hall.first_change_pending = False
        own_only = hall.watcher.own_only
        for subscription in list(hall.subscriptions):
            if shiboken6.isValid(subscription.owner):
                subscription.on_change(own_only)

    def _banners(self, hall_id: int, show: bool) -> None:
        hall = self._halls.get(hall_id)
        for subscription in hall.subscriptions if hall is not None else []:
            if subscription.banner is not None and shiboken6.isValid(subscription.banner):
                subscription.banner.setVisible(show)

    def _drop(self, hall_id: int, subscription: _Subscription) -> None:
        hall = self._halls.get(hall_id)
        if hall is None:
            return
        if subscription in hall.subscriptions:
            hall.subscriptions.remove(subscription)
        if not hall.subscriptions:
            hall.watcher.stop()
            hall.watcher.deleteLater()
            del self._halls[hall_id]
