"""What a test left running: threads it started and active Qt timers (see conftest)."""

from __future__ import annotations

import gc
import threading

GRACE_SECONDS = 2.0  # a worker told to stop gets this long to end


def leftovers(threads_before: set[threading.Thread]) -> tuple[list[str], list[str]]:
    """Names of the threads started since ``threads_before`` still alive (after a grace
    period), and descriptions of the Qt timers still active (after pending deletions)."""
    from PySide6.QtCore import QCoreApplication, QEvent

    app = QCoreApplication.instance()
    if app is not None:  # deleteLater()s of closed widgets: their timers and workers go with them
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        app.processEvents()
    started = [thread for thread in threading.enumerate() if thread not in threads_before]
    for thread in started:
        thread.join(GRACE_SECONDS / max(1, len(started)))
    threads = [thread.name for thread in started if thread.is_alive()]
    timers = [
        f"{type(timer.parent()).__name__ if timer.parent() is not None else 'no parent'}:{timer.interval()} ms"
        for timer in _timers()
        if timer.isActive()
    ] if app is not None else []
    return threads, timers


def stop_all_timers() -> None:
    for timer in _timers():
        try:
            timer.stop()
        except RuntimeError:  # deleted meanwhile
            pass


def _timers() -> list[object]:
    import shiboken6
    from PySide6.QtCore import QTimer

    return [o for o in gc.get_objects() if isinstance(o, QTimer) and shiboken6.isValid(o)]
