"""Spoken calls: a queue of texts read one after another, never cutting one off."""

from __future__ import annotations

import logging
from collections import deque

from PySide6.QtCore import QLocale, QObject, QTimer, Signal
from PySide6.QtTextToSpeech import QTextToSpeech

log = logging.getLogger(__name__)

STUCK_MS = 15_000  # an utterance that never finishes must not block the hall's calls


class Announcer(QObject):
    """Speaks each text ``repeat`` times in Mandarin, in order.

    Signals:
        spoken(str): an utterance finished (or was given up after ``STUCK_MS``).
        speech_unavailable(): there is no working speech engine; texts are only logged.
    """

    spoken = Signal(str)
    speech_unavailable = Signal()

    def __init__(self, engine: str | None = None, repeat: int = 1, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.repeat = max(1, repeat)
        self._queue: deque[str] = deque()
        self._current: str | None = None
        self._speaking_while_busy = 0  # a test hook: must stay 0
        self._speech: QTextToSpeech | None = None
        try:
            speech = QTextToSpeech(engine, self) if engine else QTextToSpeech(self)
        except RuntimeError:
            speech = None
        if speech is not None and speech.state() != QTextToSpeech.State.Error:
            chinese = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
            if chinese in speech.availableLocales():
                speech.setLocale(chinese)
            speech.stateChanged.connect(self._on_state)
            self._speech = speech
        else:
            log.warning("no speech engine (%s): calls are shown, not spoken", engine or "default")
        self._watchdog = QTimer(self)
        self._watchdog.setSingleShot(True)
        self._watchdog.setInterval(STUCK_MS)
        self._watchdog.timeout.connect(self._finish_current)
        # A child timer, not QTimer.singleShot: it dies with the announcer, never firing after.
        self._kick = QTimer(self)
        self._kick.setSingleShot(True)
        self._kick.setInterval(0)
        self._kick.timeout.connect(self._next)

    @property
    def available(self) -> bool:
        return self._speech is not None

    def announce(self, text: str) -> None:
        for _ in range(self.repeat):
            self._queue.append(text)
        if self._speech is None:
            self.speech_unavailable.emit()
            self._queue.clear()
            return
        self._next()

    def _next(self) -> None:
        if self._current is not None or not self._queue or self._speech is None:
            return
        if self._speech.state() == QTextToSpeech.State.Speaking:
            self._speaking_while_busy += 1
            return
        self._current = self._queue.popleft()
        self._watchdog.start()
        self._speech.say(self._current)

    def _on_state(self, state: QTextToSpeech.State) -> None:
        if state == QTextToSpeech.State.Ready and self._current is not None:
            self._finish_current()
        elif state == QTextToSpeech.State.Error:
            log.warning("speech engine error: %s", self._speech.errorString() if self._speech else "")
            self._finish_current()

    def _finish_current(self) -> None:
        self._watchdog.stop()
        finished, self._current = self._current, None
        if finished is not None:
            self.spoken.emit(finished)
        self._kick.start()

    def pending(self) -> int:
        return len(self._queue) + (1 if self._current is not None else 0)
