"""The announcer: spoken calls in order and never cut off, a worker that hangs, dies or fails
restarted without losing or repeating the queue, a broken engine given up and looked for
again, a bounded backlog, Mandarin picked where the engine has it, nothing left running.

Most tests drive a fake speech worker (a script speaking the announcer's protocol, told
per process how to behave); a few run Qt's ``mock`` engine through the real worker, one a
real speech-dispatcher with espeak-ng where the machine has them.

System packages: the mock engine needs no speech package, only Qt Multimedia's runtime library
libpulse0 (QtTextToSpeech links Qt Multimedia, which links libpulse.so.0); the real engine
needs speech-dispatcher, speech-dispatcher-espeak-ng and libspeechd2. Where they are missing
the tests that need them skip and say what to install, and with
``COUNTER_APP_REQUIRE_SPEECH=1`` (CI) they fail instead."""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QProcess, QTimer
from pytestqt.qtbot import QtBot

import counter_app.ui.display.announcer as announcer_module
from counter_app.ui.display.announcer import Announcer
from tests.speech_support import qt_speech_missing, speech_missing

CALLS = ["请 A001 号到 1 号窗口办理", "请 B002 号到 4 号窗口办理", "请 C003 号到 7 号窗口办理"]

# A speech worker for tests. Each process takes the next of the comma-separated modes
# (the last one repeats) and appends every text it receives to received.jsonl:
#   ok      speaks each text in 20 ms
#   stuck   never finishes a text (a speech daemon without audio)
#   crash   dies on the first text
#   error   reports an engine error on the first text, then speaks
#   hang    never starts (creating the engine blocks)
# It notes "overlap" when a text arrives while it still speaks the one before.
FAKE_WORKER = r"""
import json, os, select, sys, time
modes, folder = sys.argv[1].split(","), sys.argv[2]
count_file = os.path.join(folder, "workers")
number = int(open(count_file).read()) if os.path.exists(count_file) else 0
open(count_file, "w").write(str(number + 1))
mode = modes[min(number, len(modes) - 1)]

def send(**fields):
    os.write(1, (json.dumps(fields, ensure_ascii=False) + "\n").encode("utf-8"))

def note(**fields):
    with open(os.path.join(folder, "received.jsonl"), "a", encoding="utf-8") as out:
        out.write(json.dumps(dict(worker=number, **fields), ensure_ascii=False) + "\n")

if mode == "hang":
    time.sleep(60)
send(event="started", ok=True, engine="fake", locale="zh_CN", voice="fake", mandarin=True)
buffer, failed = b"", False
while True:
    while b"\n" not in buffer:
        chunk = os.read(0, 65536)
        if not chunk:
            sys.exit(0)
        buffer += chunk
    line, buffer = buffer.split(b"\n", 1)
    note(say=json.loads(line.decode("utf-8"))["say"])
    if mode == "stuck":
        continue
    if mode == "crash":
        os._exit(9)
    if mode == "error" and not failed:
        failed = True
        send(event="done", error="synthesis failed")
        continue
    time.sleep(0.02)
    if b"\n" in buffer or select.select([0], [], [], 0)[0]:
        note(overlap=True)
    send(event="done")
"""


def _children() -> dict[int, str]:
    """This process's child processes: pid → state and command line (Linux /proc)."""
    found: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        state, ppid = stat.rsplit(")", 1)[1].split()[:2]
        if int(ppid) == os.getpid():
            found[int(entry.name)] = f"{state} {cmdline}"
    return found


@pytest.fixture(autouse=True)
def _no_process_left(qtbot: QtBot) -> Iterator[None]:
    """Every speech worker a test starts is gone, and reaped (no zombie), when it ends."""
    if not Path("/proc/self/stat").exists():
        yield
        return
    before = set(_children())
    yield
    left = {pid: what for pid, what in _children().items() if pid not in before}
    assert not left, f"child processes left behind: {left}"


@pytest.fixture
def make_announcer(qtbot: QtBot) -> Iterator[Callable[..., Announcer]]:
    """Announcers that are stopped at teardown, and must then have nothing running."""
    made: list[Announcer] = []

    def make(*args: object, **kwargs: object) -> Announcer:
        announcer = Announcer(*args, **kwargs)  # type: ignore[arg-type]
        made.append(announcer)
        return announcer

    yield make
    for announcer in made:
        announcer.stop()
        assert not [timer for timer in announcer.findChildren(QTimer) if timer.isActive()]
        assert all(process.state() == QProcess.ProcessState.NotRunning for process in announcer.findChildren(QProcess))


@pytest.fixture
def fake_worker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], Path]:
    """Use the fake worker with these modes; returns the folder of its records."""
    script = tmp_path / "fake_worker.py"
    script.write_text(FAKE_WORKER, encoding="utf-8")

    def use(modes: str) -> Path:
        monkeypatch.setattr(announcer_module, "worker_command", lambda engine: [sys.executable, str(script), modes, str(tmp_path)])
        return tmp_path

    return use


def _received(folder: Path) -> list[dict[str, object]]:
    path = folder / "received.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def _workers_started(folder: Path) -> int:
    path = folder / "workers"
    return int(path.read_text()) if path.exists() else 0


@pytest.mark.usefixtures("qt_speech")
def test_announcements_are_spoken_in_order_and_none_is_cut_off(qtbot: QtBot, make_announcer: Callable[..., Announcer]) -> None:
    """Qt's mock engine through the real speech worker."""
    announcer = make_announcer("mock", repeat=2)
    heard: list[str] = []
    announcer.spoken.connect(heard.append)
    for text in CALLS:  # quicker than speech, and before the engine is even up
        announcer.announce(text)
    qtbot.waitUntil(lambda: len(heard) == 6, timeout=30_000)
    assert heard == [text for text in CALLS for _ in range(2)]
    assert announcer.available and announcer.pending() == 0
    assert announcer.engine_info["engine"] == "mock"
    assert announcer.engine_info["mandarin"] is False  # the mock engine has English, Norwegian and Finnish only


def test_a_text_is_sent_only_when_the_one_before_is_done(
    qtbot: QtBot, make_announcer: Callable[..., Announcer], fake_worker: Callable[[str], Path]
) -> None:
    records = fake_worker("ok")
    announcer = make_announcer("fake", repeat=2)
    heard: list[str] = []
    announcer.spoken.connect(heard.append)
    for text in CALLS:
        announcer.announce(text)
    qtbot.waitUntil(lambda: len(heard) == 6, timeout=10_000)
    expected = [text for text in CALLS for _ in range(2)]
    assert heard == expected
    assert [record["say"] for record in _received(records)] == expected  # UTF-8 both ways, nothing twice
    assert not [record for record in _received(records) if record.get("overlap")]


@pytest.mark.parametrize("mode", ["stuck", "crash", "error"])
def test_a_worker_that_fails_on_a_text_is_replaced_and_the_rest_is_spoken(
    qtbot: QtBot, make_announcer: Callable[..., Announcer], fake_worker: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch, mode: str,
) -> None:
    monkeypatch.setattr(announcer_module, "STUCK_BASE_MS", 300)
    monkeypatch.setattr(announcer_module, "STUCK_PER_CHAR_MS", 0)
    records = fake_worker(f"{mode},ok")
    announcer = make_announcer("fake")
    heard: list[str] = []
    announcer.spoken.connect(heard.append)
    unavailable: list[None] = []
    announcer.speech_unavailable.connect(lambda: unavailable.append(None))
    availability: list[bool] = []
    announcer.availability_changed.connect(availability.append)
    for text in CALLS:
        announcer.announce(text)
    qtbot.waitUntil(lambda: len(heard) == 3, timeout=10_000)
    assert heard == CALLS  # the first given up, the others spoken by the new worker
    # Each text went to a worker exactly once: the failed one is not repeated, none is lost.
    assert [(record["worker"], record["say"]) for record in _received(records)] == [(0, CALLS[0]), (1, CALLS[1]), (1, CALLS[2])]
    assert announcer.available and not unavailable and _workers_started(records) == 2
    assert availability == [True]  # a worker replaced after one failed text: not a change to report


def test_an_engine_that_keeps_hanging_is_given_up_then_looked_for_again(
    qtbot: QtBot, make_announcer: Callable[..., Announcer], fake_worker: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """200 calls while speech is stuck: not 200 hung utterances of 16 s each."""
    monkeypatch.setattr(announcer_module, "STUCK_BASE_MS", 300)
    monkeypatch.setattr(announcer_module, "STUCK_PER_CHAR_MS", 0)
    records = fake_worker("stuck,stuck,ok")
    announcer = make_announcer("fake", retry_ms=500)
    heard: list[str] = []
    announcer.spoken.connect(heard.append)
    availability: list[bool] = []
    announcer.availability_changed.connect(availability.append)
    texts = [f"请 A{number:03d} 号到 1 号窗口办理" for number in range(1, 201)]
    with qtbot.waitSignal(announcer.speech_unavailable, timeout=10_000):
        for text in texts:
            announcer.announce(text)
    newest = texts[-announcer_module.MAX_BACKLOG:]
    assert heard == newest[:2]  # two hung in a row: the engine is given up, the rest dropped
    assert announcer.pending() == 0 and not announcer.available
    qtbot.waitUntil(lambda: announcer.available, timeout=5000)  # the retry finds it working
    announcer.announce(CALLS[0])
    qtbot.waitUntil(lambda: heard[-1:] == [CALLS[0]], timeout=5000)
    assert _workers_started(records) == 3
    # The display hears each change once: up, given up (the second hang, not the first), back.
    assert availability == [True, False, True] and announcer.known_availability is True


def test_a_backlog_keeps_the_newest_calls(
    qtbot: QtBot, make_announcer: Callable[..., Announcer], fake_worker: Callable[[str], Path]
) -> None:
    fake_worker("ok")
    announcer = make_announcer("fake")
    heard: list[str] = []
    announcer.spoken.connect(heard.append)
    texts = [f"请 A{number:03d} 号到 1 号窗口办理" for number in range(1, 201)]
    for text in texts:  # all before the worker has started
        announcer.announce(text)
    assert announcer.pending() == announcer_module.MAX_BACKLOG
    qtbot.waitUntil(lambda: announcer.pending() == 0, timeout=20_000)
    assert heard == texts[-announcer_module.MAX_BACKLOG:]


def test_stopping_from_a_spoken_slot_leaves_nothing_running(
    qtbot: QtBot, make_announcer: Callable[..., Announcer], fake_worker: Callable[[str], Path]
) -> None:
    fake_worker("ok")
    announcer = make_announcer("fake")
    heard: list[str] = []
    announcer.spoken.connect(heard.append)
    announcer.spoken.connect(announcer.stop)
    for text in CALLS:
        announcer.announce(text)
    qtbot.waitUntil(lambda: bool(heard), timeout=10_000)
    assert not [timer for timer in announcer.findChildren(QTimer) if timer.isActive()]
    assert all(process.state() == QProcess.ProcessState.NotRunning for process in announcer.findChildren(QProcess))
    qtbot.wait(100)
    assert heard == CALLS[:1] and announcer.pending() == 0


def test_an_engine_that_hangs_at_start_leaves_the_display_silent_not_frozen(
    qtbot: QtBot, make_announcer: Callable[..., Announcer], fake_worker: Callable[[str], Path]
) -> None:
    fake_worker("hang")
    announcer = make_announcer("hung", start_timeout_ms=500)
    started = time.monotonic()
    with qtbot.waitSignal(announcer.speech_unavailable, timeout=10_000):
        announcer.announce(CALLS[0])
    assert time.monotonic() - started < 5
    assert not announcer.available and announcer.pending() == 0


@pytest.mark.usefixtures("qt_speech")
def test_no_speech_engine_keeps_working(qtbot: QtBot, make_announcer: Callable[..., Announcer]) -> None:
    announcer = make_announcer("no-such-engine")
    availability: list[bool] = []
    announcer.availability_changed.connect(availability.append)
    assert announcer.known_availability is None
    with qtbot.waitSignal(announcer.speech_unavailable, timeout=15_000):
        announcer.announce(CALLS[0])
    assert not announcer.available
    assert "no-such-engine" in announcer.engine_info["error"]
    with qtbot.waitSignal(announcer.speech_unavailable, timeout=1000):
        announcer.announce(CALLS[1])  # logged, not queued
    assert announcer.pending() == 0
    assert availability == [False] and announcer.known_availability is False  # said once, not per call


@pytest.mark.usefixtures("qt_speech")
def test_the_frozen_build_starts_its_worker_through_the_cli(
    qtbot: QtBot, make_announcer: Callable[..., Announcer], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a frozen build ``sys.executable`` is the app: ``counter-app speech-worker``."""
    app = tmp_path / "counter-app"
    app.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m counter_app "$@"\n', encoding="utf-8")
    app.chmod(0o755)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(app))
    assert announcer_module.worker_command("mock")[:2] == [str(app), "speech-worker"]
    announcer = make_announcer("mock")
    with qtbot.waitSignal(announcer.spoken, timeout=15_000) as spoken:
        announcer.announce(CALLS[0])
    assert spoken.args == [CALLS[0]]


# ---------------------------------------------------------------- choosing Mandarin


class _Voice:
    def __init__(self, name: str, locale: str = "C") -> None:
        self._name, self._locale = name, QLocale(locale)

    def name(self) -> str:
        return self._name

    def locale(self) -> QLocale:
        return self._locale


class _Engine:
    """Just what ``_pick_mandarin`` asks of a QTextToSpeech: voices by the current locale.

    ``allVoices`` is there to be refused: on speech-dispatcher it leaves the language of the
    last locale it walked through."""

    def __init__(self, voices: list[_Voice], locale: str) -> None:
        self.voices = voices
        self.current = QLocale(locale)
        self.chosen_voice: _Voice | None = None
        self.locales_set: list[str] = []

    def availableLocales(self) -> list[QLocale]:  # noqa: N802 - Qt API
        return list({voice.locale().name(): voice.locale() for voice in self.voices}.values())

    def availableVoices(self) -> list[_Voice]:  # noqa: N802 - Qt API
        return [voice for voice in self.voices if voice.locale() == self.current]

    def allVoices(self, locale: QLocale | None) -> list[_Voice]:  # noqa: N802 - Qt API
        raise AssertionError("allVoices() changes speech-dispatcher's language")

    def locale(self) -> QLocale:
        return self.current

    def setLocale(self, locale: QLocale) -> None:  # noqa: N802 - Qt API
        assert locale in self.availableLocales(), "a locale the engine lacks puts it in the Error state"
        self.current = locale
        self.locales_set.append(locale.name())
        self.chosen_voice = self.availableVoices()[0]

    def setVoice(self, voice: _Voice) -> None:  # noqa: N802 - Qt API
        self.chosen_voice = voice


def test_a_chinese_locale_is_chosen_simplified_and_mainland_first() -> None:
    engine = _Engine([_Voice("Ting-Ting", "zh_TW"), _Voice("Kyoko", "ja_JP"), _Voice("Xiaoxiao", "zh_CN"), _Voice("Sin-ji", "zh_HK")], "ja_JP")
    assert announcer_module._pick_mandarin(engine)
    assert engine.locales_set == ["zh_CN"]
    assert engine.chosen_voice is not None and engine.chosen_voice.name() == "Xiaoxiao"


@pytest.mark.parametrize("system_locale", ["C", "zh_CN", "yue_HK"])
def test_espeak_ngs_mandarin_is_found_by_its_voice_name(system_locale: str) -> None:
    """speech-dispatcher's espeak-ng: Mandarin is tagged "cmn", which QLocale reads as C.
    The engine starts in the system's locale, which it may not even have (zh_CN)."""
    engine = _Engine([
        _Voice("Bishnupriya Manipuri"),
        _Voice("Chinese (Cantonese)", "yue_HK"),
        _Voice("Chinese (Mandarin, latin as English)"),
        _Voice("Chinese (Mandarin, latin as English)+Adam"),
        _Voice("Chinese (Mandarin, latin as Pinyin)+Adam"),
        _Voice("Chinese (Mandarin, latin as Pinyin)"),
    ], system_locale)
    assert announcer_module._pick_mandarin(engine)
    assert engine.locales_set == ["C"]  # that locale only, and it stays the current one
    assert engine.chosen_voice is not None and engine.chosen_voice.name() == "Chinese (Mandarin, latin as Pinyin)"


def test_an_engine_without_mandarin_is_left_alone() -> None:
    engine = _Engine([_Voice("Bob", "en_GB"), _Voice("Kari", "fi_FI"), _Voice("Chinese (Cantonese)", "yue_HK")], "en_GB")
    assert not announcer_module._pick_mandarin(engine)
    assert engine.locales_set == [] and engine.chosen_voice is None
    engine = _Engine([_Voice("Bob", "en_GB"), _Voice("Bishnupriya Manipuri")], "en_GB")
    assert not announcer_module._pick_mandarin(engine)
    assert engine.current == QLocale("en_GB")  # looked at the C voices, then put back


# ---------------------------------------------------------------- a real engine


SPEECH_MODULE_FOLDERS = (Path("/usr/lib/speech-dispatcher-modules"), Path("/usr/lib/x86_64-linux-gnu/speech-dispatcher-modules"))
SPEECH_PACKAGES = "speech-dispatcher speech-dispatcher-espeak-ng libspeechd2"


def _loads(library: str) -> bool:
    try:
        ctypes.CDLL(library)
    except OSError:
        return False
    return True


def _real_engine_missing() -> list[str]:
    """What the real speech-dispatcher test lacks here, each with its Debian package.

    Not needed: the espeak-ng command (speech-dispatcher-espeak-ng brings the library and
    the voices). speech-dispatcher brings libspeechd2, and libao4 and libpulse0 with its
    audio plug-ins."""
    missing = []
    if shutil.which("speech-dispatcher") is None:
        missing.append("the speech-dispatcher daemon (speech-dispatcher)")
    if not Path("/etc/speech-dispatcher/speechd.conf").exists():
        missing.append("/etc/speech-dispatcher/speechd.conf (speech-dispatcher)")
    if not any((folder / "sd_espeak-ng").exists() for folder in SPEECH_MODULE_FOLDERS):
        missing.append("its espeak-ng output module sd_espeak-ng (speech-dispatcher-espeak-ng)")
    if not _loads("libspeechd.so.2"):
        missing.append("libspeechd.so.2 for Qt's speechd plug-in (libspeechd2)")
    return missing


@pytest.fixture
def speech_dispatcher(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private speech-dispatcher with espeak-ng, playing into libao's null device;
    yields its log, which records every command of its clients."""
    missing = _real_engine_missing() + [reason for reason in [qt_speech_missing()] if reason]
    if missing:
        speech_missing(f"needs the Debian packages {SPEECH_PACKAGES}; missing: {'; '.join(missing)}")
    config = Path("/etc/speech-dispatcher")
    home, conf, log_dir, socket = tmp_path / "home", tmp_path / "conf", tmp_path / "log", tmp_path / "speechd.sock"
    home.mkdir()
    log_dir.mkdir()
    (home / ".libao").write_text("default_driver=null\n")
    shutil.copytree(config, conf)
    with (conf / "speechd.conf").open("a") as out:
        out.write('\nAudioOutputMethod "libao"\nAddModule "espeak-ng" "sd_espeak-ng" "espeak-ng.conf"\nDefaultModule espeak-ng\n')
    daemon = subprocess.Popen(
        ["speech-dispatcher", "-s", "-t", "0", "-C", str(conf), "-S", str(socket), "-L", str(log_dir), "-l", "5", "-c", "unix_socket"],
        env={**os.environ, "HOME": str(home)}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 10
        while not socket.exists() and daemon.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        if not socket.exists():
            speech_missing("speech-dispatcher did not start")
        monkeypatch.setenv("SPEECHD_ADDRESS", f"unix_socket:{socket}")
        yield log_dir / "speech-dispatcher.log"
    finally:
        os.killpg(daemon.pid, signal.SIGTERM)  # the daemon and its output module
        try:
            daemon.wait(5)
        except subprocess.TimeoutExpired:
            os.killpg(daemon.pid, signal.SIGKILL)
            daemon.wait(5)


def test_speech_dispatcher_reads_calls_in_mandarin(
    qtbot: QtBot, make_announcer: Callable[..., Announcer], speech_dispatcher: Path
) -> None:
    announcer = make_announcer("speechd", repeat=2)
    heard: list[str] = []
    announcer.spoken.connect(heard.append)
    announcer.announce(CALLS[0])
    qtbot.waitUntil(lambda: len(heard) == 2, timeout=20_000)
    assert heard == [CALLS[0]] * 2
    assert announcer.available  # both spoken to the end, none given up
    assert announcer.engine_info["mandarin"] is True
    assert announcer.engine_info["voice"] == "Chinese (Mandarin, latin as Pinyin)"
    # espeak-ng reads with the voice of speech-dispatcher's language when that changes: the
    # worker sets none but the system's and C (walking all locales would leave a random one).
    sent = speech_dispatcher.read_text(encoding="utf-8", errors="replace")
    languages = {line.rsplit("SET SELF LANGUAGE ", 1)[1].strip() for line in sent.splitlines() if "SET SELF LANGUAGE " in line}
    assert languages <= {"C", QLocale.system().uiLanguages()[0]}, languages
