"""Hall change notifications as Qt signals, with every wait on the database off the GUI thread.

After a commit that changes a hall's queue, services poke the hall: PostgreSQL ``NOTIFY``
on the hall's channel, SQLite a bump of the hall's change counter. ``HallWatcher`` turns
that into ``changed``. A thread of its own does the waiting: on PostgreSQL it connects,
``LISTEN``s and waits for notifications (and checks now and then that the server is still
there); on SQLite it polls the counter a few times a second. A connection that cannot be
made, a locked file, a server gone: the thread waits and retries, and the window never
freezes for it. Listeners re-read the state on every poke and every ``refresh_ms`` anyway,
so a missed poke only delays; a lost connection is reported and retried until it comes back.

``own_only`` tells, while ``changed`` is delivered, that every change since the last one
came from this process's own ``Database`` (``services.hall_events``): a screen that
already shows its own change may skip that refresh; other screens still refresh.
"""

from __future__ import annotations

import logging
import threading
import time

import psycopg
from PySide6.QtCore import QObject, QTimer, Signal

from counter_app.db.conninfo import conninfo_from_url
from counter_app.db.engine import Database
from counter_app.errors import DatabaseError
from counter_app.services.hall_events import hall_change_marker, hall_channel

log = logging.getLogger(__name__)
LIVENESS_SECONDS = 5.0  # PostgreSQL: a quiet LISTEN connection is checked this often
STOP_GRACE_SECONDS = 0.3


class HallWatcher(QObject):
    """Signals:
        changed: the hall's queue changed (or the periodic refresh is due): re-read it.
        connection_lost: the database cannot be reached; retrying.
        connection_restored: it can be reached again (``changed`` follows).
    """

    changed = Signal()
    connection_lost = Signal()
    connection_restored = Signal()
    # From the watching thread to this object (queued onto the GUI thread):
    _poked = Signal(bool)  # own_only
    _reachable = Signal(bool)

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
        self.poll_seconds = poll_ms / 1000
        self.retry_seconds = retry_ms / 1000
        self.connected = True
        self.own_only = False
        self._listen_connection: psycopg.Connection | None = None  # the thread's, for tests to look at
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._refresh = QTimer(self)
        self._refresh.setInterval(refresh_ms)
        self._refresh.timeout.connect(self._periodic)
        self._poked.connect(self._emit_changed)
        self._reachable.connect(self._set_reachable)
        stop = self._stop
        # Deleted without stop(): the thread must not outlive us.
        self.destroyed.connect(lambda *_: stop.set())

    def start(self) -> None:
        self._stop.clear()
        self._refresh.start()
        self._thread = threading.Thread(target=self._watch, name=f"counter_app hall {self.hall_id} watcher", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop watching. The thread ends within ``poll_ms``; we wait that long for it (a
        window closing), not for a connection attempt still under way (it ends alone)."""
        self._refresh.stop()
        self._stop.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(self.poll_seconds + STOP_GRACE_SECONDS)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # ------------------------------------------------------------------ on the GUI thread

    def _emit_changed(self, own_only: bool = False) -> None:
        if self._stop.is_set():
            return
        self.own_only = own_only
        try:
            self.changed.emit()
        finally:
            self.own_only = False

    def _set_reachable(self, reachable: bool) -> None:
        if self._stop.is_set() or reachable == self.connected:
            return
        self.connected = reachable
        (self.connection_restored if reachable else self.connection_lost).emit()

    def _periodic(self) -> None:
        if self.connected:
            self._emit_changed()

    # ------------------------------------------------------------------ on the watching thread

    def _signal(self, signal: Signal, value: bool) -> None:
        try:
            signal.emit(value)  # type: ignore[attr-defined]
        except RuntimeError:  # deleted meanwhile
            self._stop.set()

    def _watch(self) -> None:
        watch = self._watch_notifications if self.database.backend == "postgresql" else self._watch_marker
        while not self._stop.is_set():
            try:
                watch()
            except (psycopg.Error, DatabaseError, OSError):
                log.info("hall %s: the database cannot be reached; retrying", self.hall_id, exc_info=True)
            except Exception:  # a bug: logged with its traceback; the hall stays watched
                log.exception("hall %s: the watcher failed; retrying", self.hall_id)
            if self._stop.is_set():
                break
            self._signal(self._reachable, False)
            self._stop.wait(self.retry_seconds)

    def _watch_notifications(self) -> None:
        # Every libpq parameter of the URL (TLS, host lists, options…), as the engine uses them.
        conninfo = conninfo_from_url(self.database.connection_url(), connect_timeout=5, application_name="counter_app watcher")
        with psycopg.connect(conninfo, autocommit=True) as connection:
            connection.execute(f'LISTEN "{hall_channel(self.hall_id)}"')
            self._listen_connection = connection
            try:
                self._signal(self._reachable, True)
                self._signal(self._poked, False)  # re-read after (re)connecting: changes may have been missed
                checked = time.monotonic()
                while not self._stop.is_set():
                    # Back as soon as a notification comes (with any that came in the same
                    # packet), else after ``poll_seconds`` to look at the stop flag.
                    notifies = connection.notifies(timeout=self.poll_seconds, stop_after=1)
                    payloads = [notify.payload for notify in notifies]
                    if payloads:
                        self._signal(self._poked, all(payload == self.database.origin for payload in payloads))
                    if time.monotonic() - checked > LIVENESS_SECONDS:  # a dead server from a quiet one
                        connection.execute("SELECT 1")
                        checked = time.monotonic()
            finally:
                self._listen_connection = None

    def _watch_marker(self) -> None:
        last = hall_change_marker(self.database, self.hall_id)
        self._signal(self._reachable, True)
        self._signal(self._poked, False)
        while not self._stop.wait(self.poll_seconds):
            marker = hall_change_marker(self.database, self.hall_id)
            if marker != last:
                # Our own poke alone moved the counter by one: nobody else changed anything.
                own_only = marker == last + 1 and marker == self.database.own_poke(self.hall_id)
                last = marker
                self._signal(self._poked, own_only)
