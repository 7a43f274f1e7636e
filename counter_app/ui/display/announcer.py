"""Spoken calls: a queue of texts read one after another, never cutting one off.

The speech engine runs in a small child process (the *speech worker*, ``worker_main``
below), not in the display's own process. Speech engines can block for ever inside a
plain call: on a PC whose speech-dispatcher has no audio output, the first utterance
never ends, and from then on creating a ``QTextToSpeech("speechd")`` blocks for minutes
(measured: over 100 s), with PySide holding the GIL, so no thread can help. In a child
process such a hang costs only the voice: the display keeps showing calls, the announcer
kills the worker and starts a fresh one, and when the engine keeps failing it says so
with ``speech_unavailable`` and looks again later.

Protocol (UTF-8 JSON, one object a line; the parent sends a text only when the worker is
done with the one before, so the engine never has to cut one off):

    parent → worker (stdin):   {"say": "请 A001 号到 3 号窗口办理"}      end of input: quit
    worker → parent (stdout):  {"event": "started", "ok": true, "engine": "speechd", "locale": "…", "voice": "…", "mandarin": true}
                               {"event": "started", "ok": false, "error": "…"}
                               {"event": "done"}                  the text was spoken
                               {"event": "done", "error": "…"}    the engine failed on it
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import threading
from collections import deque
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QByteArray, QCoreApplication, QLocale, QObject, QProcess, QTimer, Signal

log = logging.getLogger(__name__)

START_TIMEOUT_MS = 15_000  # a worker that has not reported its engine by then is hung
STUCK_BASE_MS = 8_000  # an utterance is given up after this plus STUCK_PER_CHAR_MS a character
STUCK_PER_CHAR_MS = 500
FAILURES_TO_GIVE_UP = 2  # utterances in a row that hung or failed: the engine is broken, not the text
RETRY_MS = 60_000  # how often a missing or broken engine is looked for again
MAX_BACKLOG = 40  # utterances waiting to be spoken; beyond that the oldest are stale and dropped
WORKER_MODULE = "counter_app.ui.display.announcer"
FROZEN_WORKER_COMMAND = "speech-worker"  # the hidden CLI sub-command of a frozen build


def worker_command(engine: str | None) -> list[str]:
    """The command line of a speech worker (``sys.executable`` is the app in a frozen build)."""
    arguments = ["--engine", engine or ""]
    if getattr(sys, "frozen", False):
        return [sys.executable, FROZEN_WORKER_COMMAND, *arguments]
    return [sys.executable, "-m", WORKER_MODULE, *arguments]


class Announcer(QObject):
    """Speaks each announced text ``repeat`` times, in order, in Mandarin where the engine can.

    A text is sent to the worker only when the one before is over, or was given up because
    the engine hung on it or failed. Then the worker is restarted and the queue goes on;
    after FAILURES_TO_GIVE_UP such texts in a row, or a worker that does not start, the
    engine counts as unavailable: the queue is dropped (logged), ``announce`` only logs,
    and a new worker is tried every ``retry_ms``.

    Signals:
        spoken(str): an utterance is over (spoken, or given up because the engine hung or failed on it).
        speech_unavailable(): there is no working speech engine; texts are logged, not spoken.
        availability_changed(bool): a worker reported a working engine (True), or the engine
            was given up (False); only on a change, the first answer included. A worker
            restarted after one failed text is not a change.
    """

    spoken = Signal(str)
    speech_unavailable = Signal()
    availability_changed = Signal(bool)

    def __init__(
        self,
        engine: str | None = None,
        repeat: int = 1,
        parent: QObject | None = None,
        *,
        start_timeout_ms: int = START_TIMEOUT_MS,
        retry_ms: int = RETRY_MS,
    ) -> None:
        super().__init__(parent)
        self.engine = engine
        self.repeat = repeat
        self.engine_info: dict[str, Any] = {}  # the worker's "started" report, or {"ok": False, "error": …}
        self._queue: deque[str] = deque()
        self._current: str | None = None  # sent to the worker, not done yet
        self._failures = 0  # utterances in a row that hung or failed
        self._phase = "starting"  # starting | ready | unavailable | stopped
        self._known: bool | None = None  # the availability last signalled
        self._stdout = QByteArray()
        self._process: QProcess | None = None
        self._start_timer = self._single_shot(start_timeout_ms, self._on_start_timeout)
        self._stuck_timer = self._single_shot(STUCK_BASE_MS, self._on_stuck)
        self._retry_timer = self._single_shot(retry_ms, self._retry)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)
        self._start_worker()

    # -- public -------------------------------------------------------------------

    @property
    def repeat(self) -> int:
        return self._repeat

    @repeat.setter
    def repeat(self, value: int) -> None:
        self._repeat = max(1, int(value))

    @property
    def available(self) -> bool:
        """True once a worker reported a working engine (and until it fails)."""
        return self._phase == "ready"

    @property
    def known_availability(self) -> bool | None:
        """Whether calls are spoken, as last signalled; None until the first worker answered."""
        return self._known

    def _set_available(self, available: bool) -> None:
        if self._known is not available:
            self._known = available
            self.availability_changed.emit(available)

    def announce(self, text: str) -> None:
        """Queue ``text`` to be spoken ``repeat`` times after everything queued before it."""
        if self._phase == "stopped":
            return
        if self._phase == "unavailable":
            log.info("not spoken (no speech engine): %s", text)
            self.speech_unavailable.emit()
            return
        self._queue.extend([text] * self.repeat)
        while len(self._queue) > MAX_BACKLOG:  # a hall wants its newest calls heard, not a backlog
            log.warning("speech backlog too long, dropped: %s", self._queue.popleft())
        self._speak_next()

    def pending(self) -> int:
        """Utterances queued or playing."""
        return len(self._queue) + (1 if self._current is not None else 0)

    def stop(self) -> None:
        """Drop the queue and end the worker (idempotent; the display calls it on close)."""
        self._phase = "stopped"
        self._queue.clear()
        self._current = None
        for timer in (self._start_timer, self._stuck_timer, self._retry_timer):
            timer.stop()
        self._end_worker()

    # -- queue ----------------------------------------------------------------------

    def _speak_next(self) -> None:
        if self._phase != "ready" or self._current is not None or not self._queue or self._process is None:
            return
        text = self._queue.popleft()
        self._current = text
        self._stuck_timer.start(STUCK_BASE_MS + STUCK_PER_CHAR_MS * len(text))
        self._process.write(QByteArray((json.dumps({"say": text}, ensure_ascii=False) + "\n").encode("utf-8")))

    def _finish_current(self) -> None:
        """The current utterance is over: say so, then send the next (safe if a ``spoken`` slot
        announces or stops: ``_current`` is cleared before the signal)."""
        self._stuck_timer.stop()
        finished, self._current = self._current, None
        if finished is not None:
            self.spoken.emit(finished)
        self._speak_next()

    def _utterance_failed(self, reason: str) -> None:
        """The engine hung or failed on the current text: give the text up and restart the
        worker for the rest of the queue, or give the engine up when it keeps failing."""
        self._failures += 1
        if self._failures >= FAILURES_TO_GIVE_UP:
            self._give_up(f"{reason} ({self._failures} utterances in a row)")
            return
        log.warning("%s: gave up %r, restarting the speech worker", reason, self._current)
        self._phase = "starting"  # first, so that a slot of ``spoken`` only queues
        self._start_worker()
        self._finish_current()

    def _on_stuck(self) -> None:
        self._utterance_failed(f"speech engine stuck for {self._stuck_timer.interval()} ms")

    # -- worker process -------------------------------------------------------------

    def _single_shot(self, interval_ms: int, slot: Any) -> QTimer:
        # A child timer, not QTimer.singleShot: it dies with the announcer, never firing after.
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(interval_ms)
        timer.timeout.connect(slot)
        return timer

    def _retry(self) -> None:
        self._phase = "starting"  # calls announced while the new worker starts are queued, not dropped
        self._start_worker()

    def _start_worker(self) -> None:
        if self._phase == "stopped":
            return
        self._end_worker()
        command = worker_command(self.engine)
        process = QProcess(self)
        process.setProgram(command[0])
        process.setArguments(command[1:])
        process.readyReadStandardOutput.connect(self._read_stdout)
        process.readyReadStandardError.connect(self._read_stderr)
        process.errorOccurred.connect(self._on_process_error)
        process.finished.connect(self._on_process_finished)
        self._process = process
        self._stdout = QByteArray()
        self._start_timer.start()
        process.start()

    def _end_worker(self) -> None:
        """Kill the worker and reap it: it holds nothing worth a graceful exit, and a hung one
        would not read its input anyway. Its signals are cut first: nothing late from it counts."""
        process, self._process = self._process, None
        if process is None:
            return
        for signal in (process.readyReadStandardOutput, process.readyReadStandardError, process.errorOccurred, process.finished):
            signal.disconnect()
        if process.state() != QProcess.ProcessState.NotRunning:
            process.kill()
            process.waitForFinished(2000)  # milliseconds after a kill; no zombie, no "destroyed while running"
        process.deleteLater()

    def _read_stdout(self) -> None:
        process = self._process
        if process is None:
            return
        self._stdout += process.readAllStandardOutput()
        # A message may end or replace this worker (a slot of ``spoken`` may even stop us): the
        # lines after it belong to a process that no longer counts.
        while self._process is process and (end := self._stdout.indexOf(b"\n")) >= 0:
            line = bytes(self._stdout.left(end).data()).decode("utf-8", "replace")
            self._stdout.remove(0, end + 1)
            try:
                message = json.loads(line)
            except ValueError:
                message = None
            if isinstance(message, dict):
                self._on_message(message)
            elif line.strip():
                log.info("speech worker: %s", line)

    def _read_stderr(self) -> None:
        if self._process is None:
            return
        for line in bytes(self._process.readAllStandardError().data()).decode("utf-8", "replace").splitlines():
            if line.strip():  # Qt Multimedia's search for PipeWire is noise, the rest is worth a line
                log.log(logging.DEBUG if "pipewire" in line else logging.INFO, "speech worker: %s", line.strip())

    def _on_message(self, message: dict[str, Any]) -> None:
        event = message.get("event")
        if event == "started":
            self._start_timer.stop()
            if not message.get("ok"):
                self._give_up(f"speech engine {self.engine or 'default'!r}: {message.get('error') or 'not available'}")
                return
            recovered = self.engine_info.get("ok") is False
            self.engine_info = message
            self._phase = "ready"
            log.log(logging.WARNING if recovered else logging.INFO, "speech engine %s ready (locale %s, voice %s)",
                    message.get("engine"), message.get("locale"), message.get("voice"))
            if not message.get("mandarin"):
                log.warning("speech engine %s has no Mandarin voice: calls are read by %r", message.get("engine"), message.get("voice"))
            self._set_available(True)
            if self._phase == "ready":  # a slot may have stopped us
                self._speak_next()
        elif event == "done":
            if message.get("error"):
                self._utterance_failed(f"speech engine error: {message['error']}")
            else:
                self._failures = 0
                self._finish_current()

    def _on_start_timeout(self) -> None:
        self._give_up(f"speech engine {self.engine or 'default'!r} did not start within {self._start_timer.interval()} ms")

    def _on_process_error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:  # other errors end in ``finished``
            self._give_up(f"the speech worker could not be started: {self._process.errorString() if self._process else error}")

    def _on_process_finished(self, exit_code: int, _status: QProcess.ExitStatus) -> None:
        reason = f"the speech worker ended (exit code {exit_code})"
        if self._current is not None:
            self._utterance_failed(reason)  # it died on this text: a fresh one speaks the rest
        else:
            self._give_up(reason)  # at start or while idle: no text to blame, so no restart loop

    def _give_up(self, reason: str) -> None:
        """No working engine for now: log, drop the queue, tell the display, look again later."""
        if self._phase == "stopped":
            return
        first_time = self.engine_info.get("ok") is not False
        log.log(logging.WARNING if first_time else logging.DEBUG, "calls are shown, not spoken: %s", reason)
        self.engine_info = {"ok": False, "error": reason}
        self._phase = "unavailable"
        self._failures = 0
        self._start_timer.stop()
        self._stuck_timer.stop()
        self._end_worker()
        attempted, self._current = self._current, None
        for text in self._queue:
            log.info("not spoken (no speech engine): %s", text)
        self._queue.clear()
        self._retry_timer.start()
        if attempted is not None:
            self.spoken.emit(attempted)
        if self._phase == "unavailable":  # a slot of ``spoken`` may have stopped us
            self._set_available(False)
            self.speech_unavailable.emit()


# ---------------------------------------------------------------- the speech worker


def _pick_mandarin(speech: Any) -> bool:
    """Make ``speech`` read Mandarin where it can; False when it has no Mandarin at all.

    A Chinese locale first (Simplified, China preferred). Failing that, a Mandarin voice
    among the voices of the C locale: speech-dispatcher's espeak-ng tags its Mandarin
    voices "cmn", which QLocale does not know, so they land there and only their names
    tell. Of those, the plain "Chinese (Mandarin, latin as Pinyin)": espeak-ng 1.51's
    "latin as English" voice reads 请, 号, 到, 口 and 办理 with English sounds (``espeak-ng -x``).

    Two traps, both measured with speech-dispatcher: ``setLocale`` of a locale the engine
    lacks leaves it in the Error state; and ``allVoices()`` walks every locale and puts
    back only the voice, so speech-dispatcher keeps the last locale's language and
    espeak-ng then reads with that language's voice (Latvian, Tatar, … a different one each
    start). So only the one locale is visited, and it stays the current one.
    """
    locales = speech.availableLocales()
    chinese = [locale for locale in locales if locale.language() == QLocale.Language.Chinese]
    if chinese:
        chinese.sort(key=lambda locale: (locale.territory() != QLocale.Country.China, locale.script() == QLocale.Script.TraditionalHanScript))
        speech.setLocale(chinese[0])
        voices = speech.availableVoices()
        if voices:
            speech.setVoice(voices[0])
        return True
    if QLocale.c() not in locales:
        return False
    original = speech.locale()
    speech.setLocale(QLocale.c())
    mandarin = [voice for voice in speech.availableVoices() if "mandarin" in voice.name().lower()]
    if not mandarin:
        if original in locales:
            speech.setLocale(original)
        return False
    mandarin.sort(key=lambda voice: ("+" in voice.name(), "pinyin" not in voice.name().lower()))  # "+…": espeak variants
    speech.setVoice(mandarin[0])
    return True


def _end_with_parent() -> None:
    """On Linux, have the kernel kill this worker when the display's process dies: a worker
    hung inside its engine never sees its input end, and would otherwise stay for ever."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        pr_set_pdeathsig = 1
        ctypes.CDLL(None).prctl(pr_set_pdeathsig, signal.SIGKILL)


class _SpeechWorker(QObject):
    """The worker's side: one engine, one text at a time, "done" when the engine is back to Ready.

    Signals:
        line_received(str): a request line from standard input (emitted by the reading thread).
        input_closed(): standard input ended: the parent wants the worker to quit.
    """

    line_received = Signal(str)
    input_closed = Signal()

    def __init__(self, speech: Any, out: Any) -> None:
        super().__init__()
        from PySide6.QtTextToSpeech import QTextToSpeech

        self._states = QTextToSpeech.State
        self.speech = speech
        self.out = out
        self.speaking = False
        speech.stateChanged.connect(self.on_state)
        self.line_received.connect(self.on_line)  # queued: the reading thread emits it

    def send(self, **fields: Any) -> None:
        self.out.write((json.dumps(fields, ensure_ascii=False) + "\n").encode("utf-8"))
        self.out.flush()

    def on_line(self, line: str) -> None:
        try:
            text = str(json.loads(line)["say"])
        except (ValueError, TypeError, KeyError):
            print(f"not a request: {line!r}", file=sys.stderr, flush=True)
            return
        self.speaking = True
        # enqueue, not say: since Qt 6.6 say() stops whatever is playing. The parent sends a
        # text only after "done", so this matters only if that promise is ever broken.
        self.speech.enqueue(text)
        if self.speaking and self.speech.state() == self._states.Error:  # failed at once, no state change follows
            self.done()

    def on_state(self, state: Any) -> None:
        if self.speaking and state in (self._states.Ready, self._states.Error):
            self.done()

    def done(self) -> None:
        self.speaking = False
        if self.speech.state() == self._states.Error:
            self.send(event="done", error=self.speech.errorString() or "engine error")
        else:
            self.send(event="done")

    def read_input(self) -> None:
        """Runs in a thread: blocking reads work on pipes on every platform."""
        for raw in sys.stdin.buffer:
            self.line_received.emit(raw.decode("utf-8", "replace").strip())
        self.input_closed.emit()


def worker_main(argv: Sequence[str] | None = None) -> int:
    """The speech worker: speaks what its standard input asks, reports on standard output."""
    from PySide6.QtTextToSpeech import QTextToSpeech

    parser = argparse.ArgumentParser(prog="speech-worker")
    parser.add_argument("--engine", default="")
    args = parser.parse_args(argv)
    _end_with_parent()
    app = QCoreApplication.instance() or QCoreApplication([sys.argv[0]])
    speech = QTextToSpeech(args.engine, app) if args.engine else QTextToSpeech(app)
    worker = _SpeechWorker(speech, sys.stdout.buffer)
    if speech.state() == QTextToSpeech.State.Error:
        worker.send(event="started", ok=False, engine=args.engine or speech.engine(), error=speech.errorString())
        return 3
    mandarin = _pick_mandarin(speech)
    worker.input_closed.connect(app.quit)
    threading.Thread(target=worker.read_input, name="speech-input", daemon=True).start()
    worker.send(event="started", ok=True, engine=speech.engine(), locale=speech.locale().name(), voice=speech.voice().name(), mandarin=mandarin)
    return app.exec()


if __name__ == "__main__":
    sys.exit(worker_main())
