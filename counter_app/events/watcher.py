"""Hall change notifications as Qt signals.

After a commit that changes a hall's queue, services poke the hall: PostgreSQL ``NOTIFY``
on the hall's channel, SQLite a bump of the hall's change counter. ``HallWatcher`` turns
that into ``changed``: on PostgreSQL it ``LISTEN``s on its own connection and a
``QSocketNotifier`` wakes it; on SQLite it polls the counter a few times a second.
Listeners re-read the state on every poke and every ``refresh_ms`` anyway, so a missed
poke only delays; a lost connection is reported and retried until it comes back.

``own_only`` tells, while ``changed`` is delivered, that every change since the last one
came from this process's own ``Database`` (``services.hall_events``): a screen that
already shows its own change may skip that refresh; other screens still refresh.
"""

from __future__ import annotations

import logging

import psycopg
from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal

from counter_app.db.conninfo import conninfo_from_url
from counter_app.db.engine import Database
from counter_app.errors import DatabaseError
from counter_app.services.hall_events import hall_change_marker, hall_channel

log = logging.getLogger(__name__)


class HallWatcher(QObject):
    """Signals:
        changed: the hall's queue changed (or the periodic refresh is due): re-read it.
        connection_lost: the database cannot be reached; retrying.
        connection_restored: it can be reached again (``changed`` follows).
    """

    changed = Signal()
    connection_lost = Signal()
    connection_restored = Signal()

    def __init__(
        self,
        database: Database,
        hall_id: int,
        *,
        poll_ms: int = 200,
        refresh_ms: int = 5000,
        retry_ms: int = 2000,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.hall_id = hall_id
        self.connected = True
        self._listen_connection: psycopg.Connection | None = None
        self._open_connections: list[psycopg.Connection] = []
        self._notifier: QSocketNotifier | None = None
        self._last_marker: int | None = None
        self.own_only = False  # see the module's doc
        self._uses_notify = database.backend == "postgresql"
        self._poll = QTimer(self)
        self._poll.setInterval(poll_ms)
        self._poll.timeout.connect(self._check_marker)
        self._refresh = QTimer(self)
        self._refresh.setInterval(refresh_ms)
        self._refresh.timeout.connect(self._periodic)
        self._retry = QTimer(self)
        self._retry.setInterval(retry_ms)
        self._retry.timeout.connect(self._reconnect)
        # Close the LISTEN connection even when the owner forgets stop() and just deletes us.
        self.destroyed.connect(lambda *_: _close_quietly(self._open_connections))

    def start(self) -> None:
        self._refresh.start()
        self._reconnect()

    def stop(self) -> None:
        for timer in (self._poll, self._refresh, self._retry):
            timer.stop()
        self._close_listener()

    # -- PostgreSQL LISTEN ----------------------------------------------------

    def _open_listener(self) -> None:
        # Every libpq parameter of the URL (TLS, host lists, options…), as the engine uses them.
        conninfo = conninfo_from_url(
            self.database.connection_url(), connect_timeout=5, application_name="counter_app display"
        )
        connection = psycopg.connect(conninfo, autocommit=True)
        self._open_connections.append(connection)
        connection.execute(f'LISTEN "{hall_channel(self.hall_id)}"')
        self._listen_connection = connection
        self._notifier = QSocketNotifier(connection.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain_notifications)

    def _close_listener(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        _close_quietly(self._open_connections)
        self._listen_connection = None

    def _drain_notifications(self) -> None:
        connection = self._listen_connection
        if connection is None:
            return
        try:
            received = list(connection.notifies(timeout=0))
        except psycopg.Error:
            log.warning("lost the LISTEN connection", exc_info=True)
            self._lost()
            return
        if received or connection.closed:
            if connection.closed:
                self._lost()
                return
            self._emit_changed(own_only=all(notify.payload == self.database.origin for notify in received))

    # -- SQLite polling ----------------------------------------------------------

    def _check_marker(self) -> None:
        try:
            marker = hall_change_marker(self.database, self.hall_id)
        except DatabaseError:
            self._lost()
            return
        if marker != self._last_marker:
            # Our own poke alone moved the counter by one: nobody else changed anything.
            own_only = self._last_marker is not None and marker == self._last_marker + 1 and marker == self.database.own_poke(self.hall_id)
            self._last_marker = marker
            self._emit_changed(own_only=own_only)

    # -- both ----------------------------------------------------------------------

    def _emit_changed(self, *, own_only: bool = False) -> None:
        self.own_only = own_only
        try:
            self.changed.emit()
        finally:
            self.own_only = False

    def _periodic(self) -> None:
        if self.connected:
            if self._uses_notify and self._listen_connection is not None:
                try:  # a cheap round trip tells a dead server from a quiet one
                    self._listen_connection.execute("SELECT 1")
                except psycopg.Error:
                    self._lost()
                    return
            self.changed.emit()

    def _lost(self) -> None:
        self._poll.stop()
        self._close_listener()
        if self.connected:
            self.connected = False
            self.connection_lost.emit()
        if not self._retry.isActive():
            self._retry.start()

    def _reconnect(self) -> None:
        try:
            if self._uses_notify:
                self._open_listener()
            else:
                self._last_marker = hall_change_marker(self.database, self.hall_id)
                self._poll.start()
        except (psycopg.Error, DatabaseError, OSError):
            log.info("database still unreachable", exc_info=True)
            self._close_listener()
            if self.connected:
                self.connected = False
                self.connection_lost.emit()
            if not self._retry.isActive():
                self._retry.start()
            return
        self._retry.stop()
        if not self.connected:
            self.connected = True
            self.connection_restored.emit()
        self.changed.emit()


def _close_quietly(connections: list[psycopg.Connection]) -> None:
    while connections:
        try:
            connections.pop().close()
        except psycopg.Error:
            log.debug("closing a listen connection failed", exc_info=True)
