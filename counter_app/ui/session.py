"""The idle guard: a staff window locks itself after a while without keyboard or mouse."""

from __future__ import annotations

from time import monotonic

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

# Input that counts as someone at the PC (not paints, timers or the display's pokes).
USER_INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)
CHECK_MS = 1_000


class IdleGuard(QObject):
    """Watches the application's input; ``idle`` once nothing came for ``idle_ms``
    (0: never). After ``idle`` it waits for ``restart()``.

    Signals:
        idle: no input for ``idle_ms``.
    """

    idle = Signal()

    def __init__(self, idle_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.idle_ms = idle_ms
        self._last_input = monotonic()
        self._timer = QTimer(self)
        self._timer.setInterval(min(CHECK_MS, max(idle_ms // 4, 50)) if idle_ms else CHECK_MS)
        self._timer.timeout.connect(self._check)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        if idle_ms > 0:
            self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() in USER_INPUT:
            self._last_input = monotonic()
        return False

    def set_idle_ms(self, idle_ms: int) -> None:
        """Change the time without input after which ``idle`` comes (0: never)."""
        self.idle_ms = idle_ms
        self._timer.setInterval(min(CHECK_MS, max(idle_ms // 4, 50)) if idle_ms else CHECK_MS)
        if idle_ms > 0:
            self._timer.start()
        else:
            self._timer.stop()

    def restart(self) -> None:
        self._last_input = monotonic()
        if self.idle_ms > 0:
            self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def _check(self) -> None:
        if (monotonic() - self._last_input) * 1000 >= self.idle_ms:
            self._timer.stop()
            self.idle.emit()
