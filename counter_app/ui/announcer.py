"""Spoken calls: a queue of texts read one after another, never cutting one off.

The speech engine runs in a small child process (the *speech worker*, ``worker_main``
below), not in the display's own process. Speech engines can block for ever inside a
plain call: with a speech-dispatcher daemon that has lost its audio device, creating a
``QTextToSpeech("speechd")`` or calling ``say()`` never returns, and PySide holds the GIL
meanwhile, so no thread can help. In a child process such a hang costs only the voice:
the display keeps showing calls, and the announcer kills the worker, says so with
``speech_unavailable`` and tries a fresh worker later.

Protocol (UTF-8 JSON, one object a line):

    parent → worker (stdin):   {"say": "请 A001 号到 3 号窗口办理"}      end of input: quit
    worker → parent (stdout):  {"event": "started", "ok": true, "engine": "mock", "locale": "zh_CN", "voice": "…"}
                               {"event": "started", "ok": false, "error": "…"}
                               {"event": "state", "state": "Speaking"}     every engine state change
                               {"event": "finished"}     the utterance asked for is over
                               {"event": "refused"}      asked to speak while speaking (a bug: never cut off)
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
RETRY_MS = 60_000  # how often a missing engine is looked for again
MAX_BACKLOG = 40  # texts waiting to be spoken; beyond that the oldest are stale and dropped
WORKER_MODULE = "counter_app.ui.announcer"
FROZEN_WORKER_COMMAND = "speech-worker"  # the hidden CLI sub-command of a frozen build


def worker_command(engine: str | None) -> list[str]:
    """The command line of a speech worker (``sys.executable`` is the app in a frozen build)."""
    arguments = ["--engine", engine or ""]
    if getattr(sys, "frozen", False):
        return [sys.executable, FROZEN_WORKER_COMMAND, *arguments]
    return [sys.executable, "-m", WORKER_MODULE, *arguments]


class Announcer(QObject):
    """Speaks each announced text ``repeat`` times, in order, in Mandarin where the engine can.

    An utterance starts only when the previous one is over (the engine went back to Ready),
    or was given up after a safety timeout. Without a working engine ``announce`` only logs.

    Signals:
        spoken(str): an utterance is over (finished, or given up by the safety timeout).
        speech_unavailable(): there is no working speech engine; texts are logged, not spoken.
    """

    spoken = Signal(str)
    speech_unavailable = Signal()

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
        self.refused = 0  # utterances the worker refused because one was still playing: stays 0
        self.say_states: list[str] = []  # the engine state known when each utterance was sent
        self.engine_info: dict[str, Any] = {}
        self._queue: deque[str] = deque()
        self._current: str | None = None
        self._engine_state = "Unknown"
        self._phase = "starting"  # starting | ready | unavailable | stopped
        self._stdout = QByteArray()
        self._process: QProcess | None = None
        self._start_timer = self._single_shot(start_timeout_ms, self._on_start_timeout)
        self._stuck_timer = self._single_shot(STUCK_BASE_MS, self._on_stuck)
        self._retry_timer = self._single_shot(retry_ms, self._start_worker)
        # The next utterance starts from the event loop (a slot of ``spoken`` may announce
        # more); a child timer dies with the announcer, never firing after it.
        self._next_timer = self._single_shot(0, self._speak_next)
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

    def announce(self, text: str) -> None:
        """Queue ``text`` to be spoken ``repeat`` times after everything queued before it."""
        if self._phase == "stopped":
            return
        if self._phase == "unavailable":
            log.info("not spoken (no speech engine): %s", text)
            self.speech_unavailable.emit()
            return
        self._queue.extend([text] * self.repeat)
        while len(self._queue) > MAX_BACKLOG:
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
        for timer in (self._start_timer, self._stuck_timer, self._retry_timer, self._next_timer):
            timer.stop()
        self._end_worker(graceful=True)

    # -- queue ----------------------------------------------------------------------

    def _speak_next(self) -> None:
        if self._phase != "ready" or self._current is not None or not self._queue or self._process is None:
            return
        text = self._queue.popleft()
        self._current = text
        self.say_states.append(self._engine_state)
        self._stuck_timer.start(STUCK_BASE_MS + STUCK_PER_CHAR_MS * len(text))
        line = json.dumps({"say": text}, ensure_ascii=False) + "\n"
        self._process.write(QByteArray(line.encode("utf-8")))

    def _finish_current(self) -> None:
        self._stuck_timer.stop()
        finished, self._current = self._current, None
        if finished is not None:
            self.spoken.emit(finished)
        self._next_timer.start()

    def _on_stuck(self) -> None:
        log.warning("speech engine stuck on %r: giving it up and restarting the speech worker", self._current)
        self._end_worker()
        self._finish_current()
        if self._phase != "stopped":
            self._phase = "starting"
            self._start_worker()

    # -- worker process -------------------------------------------------------------

    def _single_shot(self, interval_ms: int, slot: Any) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(interval_ms)
        timer.timeout.connect(slot)
        return timer

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
        self._engine_state = "Unknown"
        self._start_timer.start()
        process.start()

    def _end_worker(self, graceful: bool = False) -> None:
        """End the worker: ``graceful`` lets a healthy one finish its input (at most 0.5 s)."""
        process, self._process = self._process, None
        if process is None:
            return
        for signal in (process.readyReadStandardOutput, process.readyReadStandardError, process.errorOccurred, process.finished):
            signal.disconnect()
        if process.state() != QProcess.ProcessState.NotRunning:
            process.closeWriteChannel()  # a healthy worker quits at the end of its input
            if not (graceful and process.waitForFinished(500)):
                process.kill()  # a hung engine does not read its input: do not wait for it
                process.waitForFinished(2000)
        process.deleteLater()

    def _read_stdout(self) -> None:
        if self._process is None:
            return
        self._stdout += self._process.readAllStandardOutput()
        while (end := self._stdout.indexOf(b"\n")) >= 0:
            line = bytes(self._stdout.left(end).data()).decode("utf-8", "replace")
            self._stdout.remove(0, end + 1)
            try:
                message = json.loads(line)
            except ValueError:
                log.info("speech worker: %s", line)
                continue
            self._on_message(message)

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
            if message.get("ok"):
                was_unavailable = bool(self.engine_info) and not self.engine_info.get("ok")
                self.engine_info = message
                self._engine_state = "Ready"
                self._phase = "ready"
                log.log(logging.WARNING if was_unavailable else logging.INFO, "speech engine %s ready (locale %s, voice %s)",
                        message.get("engine"), message.get("locale"), message.get("voice"))
                self._speak_next()
            else:
                self._give_up(f"speech engine {self.engine or 'default'!r}: {message.get('error') or 'not available'}")
        elif event == "state":
            self._engine_state = str(message.get("state"))
            if self._engine_state == "Error":
                log.warning("speech engine error: %s", message.get("error", ""))
        elif event == "finished":
            self._finish_current()
        elif event == "refused":
            self.refused += 1
            log.error("speech worker refused an utterance: the engine was still speaking")
            if self._current is not None:
                self._queue.appendleft(self._current)
                self._current = None
                self._stuck_timer.stop()

    def _on_start_timeout(self) -> None:
        self._give_up(f"speech engine {self.engine or 'default'!r} did not start within {self._start_timer.interval()} ms")

    def _on_process_error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self._give_up(f"the speech worker could not be started: {self._process.errorString() if self._process else error}")

    def _on_process_finished(self, exit_code: int, _status: QProcess.ExitStatus) -> None:
        self._give_up(f"the speech worker ended (exit code {exit_code})")

    def _give_up(self, reason: str) -> None:
        """No working engine for now: log, tell the display, drop the queue, look again later."""
        if self._phase == "stopped":
            return
        first_time = not self.engine_info or self.engine_info.get("ok")
        log.log(logging.WARNING if first_time else logging.DEBUG, "calls are shown, not spoken: %s", reason)
        self.engine_info = {"ok": False, "error": reason}
        self._start_timer.stop()
        self._end_worker()
        if self._current is not None:
            self._finish_current()
        for text in self._queue:
            log.info("not spoken (no speech engine): %s", text)
        self._queue.clear()
        self._phase = "unavailable"
        self.speech_unavailable.emit()
        self._retry_timer.start()


# ---------------------------------------------------------------- the speech worker


def _pick_chinese(speech: Any) -> None:
    """Mandarin (zh_CN) and a voice for it, where the engine has them."""
    from PySide6.QtTextToSpeech import QTextToSpeech

    assert isinstance(speech, QTextToSpeech)
    chinese = [locale for locale in speech.availableLocales() if locale.language() == QLocale.Language.Chinese]
    if not chinese:
        return
    chinese.sort(key=lambda locale: (locale.territory() != QLocale.Country.China, locale.script() == QLocale.Script.TraditionalHanScript))
    speech.setLocale(chinese[0])
    voices = speech.availableVoices()
    if voices:
        speech.setVoice(voices[0])


class _SpeechWorker(QObject):
    """The worker's side: one engine, one utterance at a time, every state change reported.

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
        self.busy = False
        speech.stateChanged.connect(self.on_state)
        self.line_received.connect(self.on_line)  # queued: the reading thread emits it

    def send(self, **fields: Any) -> None:
        self.out.write((json.dumps(fields, ensure_ascii=False) + "\n").encode("utf-8"))
        self.out.flush()

    def on_state(self, state: Any) -> None:
        fields: dict[str, Any] = {"event": "state", "state": state.name}
        if state == self._states.Error:
            fields["error"] = self.speech.errorString()
        self.send(**fields)
        if self.busy and state in (self._states.Ready, self._states.Error):
            self.busy = False
            self.send(event="finished")

    def on_line(self, text: str) -> None:
        try:
            request = json.loads(text)
        except ValueError:
            return
        if not isinstance(request, dict) or "say" not in request:
            return
        if self.busy or self.speech.state() != self._states.Ready:
            self.send(event="refused", state=self.speech.state().name)
            return
        self.busy = True
        self.speech.say(str(request["say"]))
        if self.busy and self.speech.state() == self._states.Error:  # failed at once, no change follows
            self.busy = False
            self.send(event="state", state="Error", error=self.speech.errorString())
            self.send(event="finished")

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
    app = QCoreApplication.instance() or QCoreApplication([sys.argv[0]])
    out = sys.stdout.buffer
    speech = QTextToSpeech(args.engine, app) if args.engine else QTextToSpeech(app)
    if speech.state() == QTextToSpeech.State.Error:
        line = {"event": "started", "ok": False, "engine": args.engine or speech.engine(), "error": speech.errorString()}
        out.write((json.dumps(line, ensure_ascii=False) + "\n").encode("utf-8"))
        out.flush()
        return 3
    _pick_chinese(speech)
    worker = _SpeechWorker(speech, out)
    worker.input_closed.connect(app.quit)
    threading.Thread(target=worker.read_input, name="speech-input", daemon=True).start()
    worker.send(event="started", ok=True, engine=speech.engine(), locale=speech.locale().name(), voice=speech.voice().name())
    return app.exec()


if __name__ == "__main__":
    sys.exit(worker_main())
