"""Database work off the GUI thread, in the manner of Anki's ``CollectionOp``/``QueryOp``.

A screen asks ``Operations.run(work, done=..., failed=...)``: ``work`` runs on the
runner's own worker thread (its own database connections, from the engine's pool), one
operation at a time in the order asked, and ``done(result)`` or ``failed(error)`` are
called back on the GUI thread. The window keeps turning while the database answers.

- ``key``: an operation still queued with the same key is replaced by the new one (a
  burst of refresh requests becomes one read).
- ``owner``: a QObject whose deletion cancels the callbacks (a closed screen is not
  called back).
- A ``UserError`` goes to ``failed`` (or the runner's ``error`` signal); any other
  exception is logged with its traceback and reported as a generic ``UserError``: a
  traceback never reaches the user.
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from collections import deque
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Signal

from counter_app.errors import UserError
from counter_app.i18n import QT_TRANSLATE_NOOP
from counter_app.logs import log_file

log = logging.getLogger(__name__)
T = TypeVar("T")
STOP_TIMEOUT_SECONDS = 10.0

_UNEXPECTED = QT_TRANSLATE_NOOP("Errors", "Something went wrong and the action was not completed. Details are in {path}")

# Every runner not yet stopped, for the tests' leak check.
LIVE_RUNNERS: weakref.WeakSet[Operations] = weakref.WeakSet()


@dataclass(eq=False)
class _Operation(Generic[T]):
    work: Callable[[], T]
    done: Callable[[T], None] | None
    failed: Callable[[UserError], None] | None
    key: Hashable | None
    owner: QObject | None
    label: str = field(default="")
    urgent: bool = False


class _Worker:
    """The queue and the thread, apart from the QObject: the thread must end even when the
    runner is deleted without ``stop()`` (its ``destroyed`` handler cannot call it then)."""

    def __init__(self, name: str, emit: Callable[[_Operation[Any], Any, UserError | None], None]) -> None:
        self.name = name
        self.emit = emit
        self.condition = threading.Condition()
        self.queue: deque[_Operation[Any]] = deque()
        self.stopped = False
        self.thread: threading.Thread | None = None

    def put(self, operation: _Operation[Any]) -> bool:
        """Queue ``operation``; False when it replaced a queued one with its key."""
        with self.condition:
            if operation.key is not None:
                for index, queued in enumerate(self.queue):
                    if queued.key == operation.key:
                        self.queue[index] = operation  # the newer request wins; one read serves both
                        return False
            if operation.urgent:
                # A user's action goes before the reads waiting (they then read its result
                # too), after the actions already waiting (their order is the user's).
                position = next((i for i, queued in enumerate(self.queue) if not queued.urgent), len(self.queue))
                self.queue.insert(position, operation)
            else:
                self.queue.append(operation)
            if self.thread is None:
                self.thread = threading.Thread(target=self.work, name=f"counter_app {self.name}", daemon=True)
                self.thread.start()
            self.condition.notify()
        return True

    def work(self) -> None:
        while True:
            with self.condition:
                while not self.queue and not self.stopped:
                    self.condition.wait()
                if self.stopped:
                    return
                operation = self.queue.popleft()
                self.condition.notify_all()  # a draining stop() waits for the queue to empty
            try:
                result = operation.work()
            except UserError as error:
                self.emit(operation, None, error)
            except Exception as error:
                log.error("operation %s failed", operation.label, exc_info=error)
                self.emit(operation, None, UserError(_UNEXPECTED, path=str(log_file())))
            else:
                self.emit(operation, result, None)

    def stop(self, wait: bool, drain: bool = False) -> None:
        with self.condition:
            if drain and self.thread is not None:
                # Let the worker run what is queued (a clerk signing out on the way out) first.
                deadline = time.monotonic() + STOP_TIMEOUT_SECONDS
                while self.queue and time.monotonic() < deadline:
                    self.condition.wait(0.05)
            self.queue.clear()
            self.stopped = True
            self.condition.notify_all()
        thread = self.thread
        if wait and thread is not None and thread is not threading.current_thread():
            thread.join(STOP_TIMEOUT_SECONDS)
            if thread.is_alive():
                log.warning("the %s worker did not finish within %s s", self.name, STOP_TIMEOUT_SECONDS)


class Operations(QObject):
    """One worker thread that runs a screen's (or a window's) database work in order.

    Signals:
        error(UserError): an operation without ``failed`` failed.
        busy_changed(bool): work is queued or running / all done (for a busy cursor).
    """

    error = Signal(object)
    busy_changed = Signal(bool)
    _delivered = Signal(object, object, object)  # operation, result, error: to the GUI thread

    def __init__(self, parent: QObject | None = None, *, name: str = "database") -> None:
        super().__init__(parent)
        self.name = name
        self._undelivered = 0  # asked for and not yet called back
        self._stopped = False
        signal = self._delivered

        def emit(operation: _Operation[Any], result: Any, error: UserError | None) -> None:
            try:
                signal.emit(operation, result, error)
            except RuntimeError:  # the runner was deleted meanwhile
                pass

        self._worker = _Worker(name, emit)
        self._delivered.connect(self._deliver)  # queued: emitted on the worker, received here
        LIVE_RUNNERS.add(self)
        worker = self._worker
        self.destroyed.connect(lambda *_: worker.stop(wait=False))

    def run(
        self,
        work: Callable[[], T],
        *,
        done: Callable[[T], None] | None = None,
        failed: Callable[[UserError], None] | None = None,
        key: Hashable | None = None,
        owner: QObject | None = None,
        label: str = "",
        urgent: bool = False,
    ) -> None:
        """Queue ``work``; ``done(result)`` or ``failed(error)`` later on the GUI thread.
        ``key``: a queued operation with the same key is replaced (a burst of refreshes is
        one read). ``urgent``: a user's action, run before the reads waiting."""
        if self._stopped:
            return
        operation = _Operation(work, done, failed, key, owner, label or getattr(work, "__name__", ""), urgent)
        if self._worker.put(operation):
            self._undelivered += 1
            if self._undelivered == 1:
                self.busy_changed.emit(True)

    @property
    def idle(self) -> bool:
        """Nothing queued, running, or waiting to be called back."""
        return self._undelivered == 0

    @property
    def running(self) -> bool:
        """The worker thread is alive (it starts with the first operation)."""
        return self._worker.thread is not None and self._worker.thread.is_alive()

    def stop(self, *, drain: bool = False) -> None:
        """End the worker thread once the running operation is done; ``drain``: after
        the queued ones too (for at most ``STOP_TIMEOUT_SECONDS``), else they are dropped.
        No callback runs after this; later ``run`` calls are ignored."""
        if self._stopped:
            return
        self._stopped = True
        LIVE_RUNNERS.discard(self)
        self._worker.stop(wait=True, drain=drain)

    def _deliver(self, operation: _Operation[Any], result: Any, error: UserError | None) -> None:
        self._undelivered -= 1
        if self._undelivered == 0:
            self.busy_changed.emit(False)
        if self._stopped or (operation.owner is not None and not shiboken6.isValid(operation.owner)):
            return
        if error is None:
            if operation.done is not None:
                operation.done(result)
        elif operation.failed is not None:
            operation.failed(error)
        else:
            self.error.emit(error)
