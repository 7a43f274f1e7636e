"""The hall display: calls made by other processes shown within a second and spoken, a call
announced once and a recall again, masked names, a database that goes away and comes back,
reads off the GUI thread with bursts merged, calls that fit any window, no-shows and
transfers among the recent calls, and speech that is off shown and reported. The announcer
itself is tested in test_announcer.py."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import time as clock_time
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest
from PySide6.QtCore import QProcess, QSize, QTimer
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import update

import counter_app.events.watcher as watcher_module
import counter_app.ui.display.window as display_module
from counter_app.db.engine import Database
from counter_app.db.models import Hall
from counter_app.db.types import utc_now
from counter_app.domain.queue import PersonalDataPurpose, TicketStatus
from counter_app.errors import DatabaseError
from counter_app.services import devices, hall_day, queue
from counter_app.services.access import Actor
from counter_app.services.queue import CallView, DisplayState, VisitorDetails
from counter_app.ui.display.widgets import LEAD_PX, FittedRow
from counter_app.ui.display.window import HallDisplayWindow
from tests.queue_support import counter_id, hall_id, line_id, staff
from tests.queue_support import display as display_actor

NAMED = VisitorDetails(PersonalDataPurpose.CALL_BY_NAME, "张三")

ROOT = Path(__file__).resolve().parent.parent

# Another counter PC: log in as clerk kg01, open counter 1, call next; print the ticket and
# the moment call_next returned (its transaction committed).
CALLER = """
import sys, time
from counter_app.db.engine import Database
from counter_app.services import queue
from tests.queue_support import staff
database = Database.from_url(sys.argv[1])
clerk = staff(database, "kg01")  # the demo account, its first password change taken as done
queue.open_counter(clerk, int(sys.argv[2]))
ticket = queue.call_next(clerk, int(sys.argv[2]))
committed_at = time.time()
print(ticket.id, repr(committed_at), flush=True)
database.dispose()
"""


def _open_all_day(database: Database) -> None:
    """Issuing checks the hall's hours (09:00-17:00 in Shanghai): let the tests run at any time."""
    with database.transaction() as session:
        session.execute(update(Hall).values(opens_at=clock_time(0, 0), closes_at=clock_time(23, 59, 59)))


def _texts(window: QWidget) -> list[str]:
    return [label.text() for label in window.findChildren(QLabel)] + [window.windowTitle()]


def _shows(window: HallDisplayWindow, ticket_id: int) -> bool:
    return window.state is not None and any(call.ticket_id == ticket_id for call in window.state.current_calls)


def _stop_and_check(window: HallDisplayWindow) -> None:
    """``stop`` leaves no timer running, no watcher, no database worker and no speech worker alive."""
    window.stop()
    assert not [timer for timer in window.findChildren(QTimer) if timer.isActive()]
    assert all(process.state() == QProcess.ProcessState.NotRunning for process in window.findChildren(QProcess))
    assert not window.backend.operations.running and window.backend.watchers.watcher(window.hall_id) is None


@pytest.fixture(autouse=True)
def _no_worker_thread_left() -> Iterator[None]:
    """No database worker outlives its test."""
    yield
    left = [thread.name for thread in threading.enumerate() if thread.name.startswith("counter_app ")]
    assert not left, f"worker threads left running: {left}"


def _settled(qtbot: QtBot, window: HallDisplayWindow) -> None:
    """Wait until every read asked for has been shown (a started display's first read
    comes with the hall watcher's first change, once it listens)."""
    qtbot.waitUntil(lambda: window.backend.operations.idle, timeout=5000)
    if window._started:
        qtbot.waitUntil(lambda: window.state is not None and window.backend.operations.idle, timeout=5000)


@pytest.fixture
def display(qtbot: QtBot, demo_database: Database, qt_speech: None) -> Iterator[HallDisplayWindow]:
    _open_all_day(demo_database)
    window = HallDisplayWindow(display_actor(demo_database), speech_engine="mock", poll_ms=100, retry_ms=300)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    window.start()
    try:
        yield window
    finally:
        _stop_and_check(window)


def test_a_call_from_another_process_reaches_the_display_within_a_second(
    qtbot: QtBot, demo_database: Database, display: HallDisplayWindow
) -> None:
    issued = queue.issue_ticket(staff(demo_database, "kg_zb"), line_id(demo_database, "A"), visitor=NAMED)
    qtbot.waitUntil(lambda: display.state is not None and ("A", "综合受理", 1) in display.state.waiting_by_line, timeout=3000)
    heard: list[str] = []
    display.announcer.spoken.connect(heard.append)
    seen_at: list[float] = []
    display.refreshed.connect(lambda: seen_at.append(time.time()) if _shows(display, issued.ticket.id) and not seen_at else None)
    caller = subprocess.Popen(
        [sys.executable, "-c", CALLER, demo_database.engine.url.render_as_string(hide_password=False), str(counter_id(demo_database, 1))],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )
    try:
        qtbot.waitUntil(lambda: caller.poll() is not None, timeout=60_000)  # the event loop runs meanwhile
    finally:
        if caller.poll() is None:
            caller.kill()
    output, _ = caller.communicate()
    assert caller.returncode == 0
    ticket_id, committed_at = output.split()
    assert int(ticket_id) == issued.ticket.id
    qtbot.waitUntil(lambda: bool(seen_at), timeout=1000)
    latency = seen_at[0] - float(committed_at)
    print(f"call-to-display latency ({demo_database.backend}): {latency * 1000:.0f} ms")
    assert latency < 1.0
    assert display.call_rows[0].number.text() == "A001"
    assert display.call_rows[0].counter.text() == "Counter 1"
    qtbot.waitUntil(lambda: len(heard) == 2, timeout=15_000)  # spoken display_repeat (2) times
    assert heard == ["请 A001 号到 1 号窗口办理"] * 2


def test_visitor_names_are_shown_masked_only(qtbot: QtBot, demo_database: Database, display: HallDisplayWindow) -> None:
    issued = queue.issue_ticket(staff(demo_database, "kg_zb"), line_id(demo_database, "A"), visitor=NAMED)
    clerk = staff(demo_database, "kg01")
    queue.open_counter(clerk, counter_id(demo_database, 1))
    queue.call_next(clerk, counter_id(demo_database, 1))
    qtbot.waitUntil(lambda: _shows(display, issued.ticket.id), timeout=3000)
    texts = [*_texts(display), display.notice.text()]
    assert not any("张三" in text for text in texts)
    assert "张*" in texts


def test_what_is_on_screen_at_start_is_not_announced_but_new_calls_and_recalls_are(
    qtbot: QtBot, demo_database: Database
) -> None:
    _open_all_day(demo_database)
    supervisor, clerk, counter = staff(demo_database, "kg_zb"), staff(demo_database, "kg01"), counter_id(demo_database, 1)
    line = line_id(demo_database, "A")
    first = queue.issue_ticket(supervisor, line).ticket
    second = queue.issue_ticket(supervisor, line).ticket
    queue.open_counter(clerk, counter)
    queue.call_next(clerk, counter)  # A001, called before the display starts
    window = HallDisplayWindow(display_actor(demo_database), speech_engine="mock", poll_ms=100)
    qtbot.addWidget(window)
    heard: list[str] = []
    window.announcer.spoken.connect(heard.append)
    window.show()
    window.start()
    try:
        assert window.state is None  # nothing read on the GUI thread: the first state comes from the worker
        qtbot.waitUntil(lambda: window.state is not None, timeout=5000)
        assert _shows(window, first.id)
        queue.finish_service(clerk, counter, first.id)
        queue.call_next(clerk, counter)  # A002: new
        qtbot.waitUntil(lambda: len(heard) == 2, timeout=15_000)  # repeated: display_repeat is 2
        queue.recall(clerk, counter, second.id, now=utc_now() + timedelta(seconds=60))
        qtbot.waitUntil(lambda: len(heard) == 4, timeout=15_000)
        # Transferred back to its line keeping its place, then called again: a new call.
        queue.transfer(clerk, second.id, to_line_id=line)
        queue.call_next(clerk, counter)
        qtbot.waitUntil(lambda: len(heard) == 6, timeout=15_000)
        # Read again and again (every poke does): the same call is not announced again.
        for _ in range(3):
            window.refresh()
            _settled(qtbot, window)
        qtbot.wait(300)
        assert heard == ["请 A002 号到 1 号窗口办理"] * 6 and window.announcer.pending() == 0
        assert window.call_rows[0].number.text() == "A002"
    finally:
        _stop_and_check(window)


def test_a_database_that_goes_away_shows_the_banner_and_recovers(
    qtbot: QtBot, demo_database: Database, display: HallDisplayWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    supervisor, clerk, counter = staff(demo_database, "kg_zb"), staff(demo_database, "kg01"), counter_id(demo_database, 1)
    line = line_id(demo_database, "A")
    first = queue.issue_ticket(supervisor, line).ticket
    second = queue.issue_ticket(supervisor, line).ticket
    queue.open_counter(clerk, counter)
    queue.call_next(clerk, counter)
    qtbot.waitUntil(lambda: _shows(display, first.id), timeout=3000)
    qtbot.wait(300)  # the pokes of the moves above may still be on their way (a thread delivers them)
    _settled(qtbot, display)
    before = display.state

    def gone(*args: object, **kwargs: object) -> object:
        raise DatabaseError("the database went away")

    if demo_database.backend == "sqlite":
        # The watcher's poll of the change counter and the display's read both fail.
        monkeypatch.setattr(watcher_module, "hall_change_marker", gone)
        monkeypatch.setattr(display_module, "display_state", gone)
    else:
        # The server drops every connection and refuses new ones.
        admin = psycopg.connect(demo_database.engine.url.render_as_string(hide_password=False).replace("+psycopg", ""), autocommit=True)

        def refused(*args: object, **kwargs: object) -> object:
            raise psycopg.OperationalError("connection refused")

        monkeypatch.setattr(psycopg, "connect", refused)
        with admin:
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
    qtbot.waitUntil(display.banner.isVisible, timeout=8000)
    display.refresh()  # a re-read meanwhile fails quietly
    _settled(qtbot, display)
    assert display.state is before  # the last known state stays on screen
    assert display.call_rows[0].number.text() == "A001" and display.banner.isVisible()

    monkeypatch.undo()
    qtbot.waitUntil(lambda: not display.banner.isVisible(), timeout=8000)
    queue.finish_service(clerk, counter, first.id)
    queue.call_next(clerk, counter)
    qtbot.waitUntil(lambda: _shows(display, second.id), timeout=3000)  # following changes again


def test_the_display_lays_out_at_wall_and_window_sizes(qtbot: QtBot, demo_database: Database, display: HallDisplayWindow) -> None:
    supervisor = staff(demo_database, "kg_zb")
    for prefix in "AAB":
        queue.issue_ticket(supervisor, line_id(demo_database, prefix))
    clerk = staff(demo_database, "kg01")
    queue.open_counter(clerk, counter_id(demo_database, 1))
    queue.call_next(clerk, counter_id(demo_database, 1))
    qtbot.waitUntil(lambda: display.state is not None and len(display.state.current_calls) == 1, timeout=3000)
    texts = _texts(display)
    assert display.state is not None and display.state.hall_name in texts
    assert "1 waiting" in texts  # A002 still waits, B001 too
    assert display.notice.text() == display.state.notice
    for width, height in ((1920, 1080), (1280, 720)):
        display.resize(width, height)
        qtbot.waitUntil(lambda: display.size() == QSize(width, height), timeout=1000)  # noqa: B023 - waited for here
        lead = display.call_rows[0]
        assert lead.isVisible() and lead.geometry().bottom() < display.notice.geometry().top()
        assert lead.number.sizeHint().height() <= lead.number.height() + 1  # the big number is not clipped


def _widest_state(base: DisplayState) -> DisplayState:
    """Six calls at the two-digit counters with names, and recent calls with both tags."""
    now = utc_now()
    current = tuple(
        CallView(900 + index, f"C{998 + index}", 9 + index, now - timedelta(seconds=index), 0, "欧阳*")
        for index in range(display_module.CURRENT_ROWS)
    )
    recent = tuple(
        CallView(800 + index, f"B{index + 990:03d}", 14, now - timedelta(minutes=index + 1), 0, "",
                 TicketStatus.NO_SHOW if index % 2 else TicketStatus.WAITING)
        for index in range(display_module.RECENT_ROWS)
    )
    return dataclasses.replace(base, current_calls=current, recent_calls=recent)


def _cut_labels(window: HallDisplayWindow) -> list[str]:
    """Labels of the call rows and recent calls whose text is wider than the label, or
    that reach past their row: what a visitor would see cut."""
    cut = []
    rows: list[FittedRow] = [row for row in (*window.call_rows, *window.recent_calls) if row.isVisible()]
    for row in rows:
        for part in row.parts:
            label = part.label
            if not label.isVisible():
                continue
            text_width = QFontMetricsF(label.font()).horizontalAdvance(label.text())
            inside = label.geometry().right() <= row.contentsRect().right() + 1
            if text_width > label.contentsRect().width() or not inside:
                cut.append(f"{label.text()!r}: {text_width:.0f} > {label.contentsRect().width()} in a row {row.width()} wide")
        # and the row itself is inside the window
        if row.mapTo(window, row.rect().topRight()).x() > window.width():
            cut.append(f"row of {row.parts[0].label.text()!r} past the window's edge")
    return cut


@pytest.mark.parametrize("size", [(740, 600), (1024, 768), (1280, 720), (1920, 1080), (3840, 2160)])
def test_the_number_and_the_counter_always_fit(qtbot: QtBot, display: HallDisplayWindow, size: tuple[int, int]) -> None:
    """At 740×600 "A001 → 1号窗口" was cut to "A00▯ → 1号窗": the calls' font now fits the row."""
    qtbot.waitUntil(lambda: display.state is not None, timeout=3000)
    assert display.state is not None
    display._show(_widest_state(display.state))
    display.resize(*size)
    qtbot.waitUntil(lambda: display.size() == QSize(*size), timeout=1000)
    qtbot.waitUntil(lambda: not _cut_labels(display), timeout=2000)
    lead, row = display.call_rows[0], display.call_rows[1]
    assert lead.number.text() == "C998" and lead.counter.text() == "Counter 9" and lead.name.text() == "欧阳*"
    # The lead call stays the biggest text on screen, and nothing shrank below legibility at 740.
    assert lead.number.font().pixelSize() > row.number.font().pixelSize() >= 12
    recent_number, recent_counter = display.recent_labels[0]
    assert (recent_number.text(), recent_counter.text()) == ("B990", "Counter 14")
    assert recent_number.font().pixelSize() >= (10 if size[0] < 1000 else 16)
    # A wall screen gets about the sizes it was designed for ("Counter 9" is longer than "9号窗口").
    if size == (1920, 1080):
        assert lead.number.font().pixelSize() >= 0.8 * LEAD_PX


def test_a_long_notice_scrolls_and_a_short_one_stands_still(qtbot: QtBot) -> None:
    marquee = display_module.Marquee()
    qtbot.addWidget(marquee)
    marquee.resize(600, 60)
    marquee.show()
    marquee.set_text("请提前准备好办事材料，叫号后请及时到相应窗口办理。" * 3)
    assert marquee._timer.isActive()
    qtbot.waitUntil(lambda: marquee._offset > 20, timeout=3000)
    marquee.set_text("欢迎")
    assert not marquee._timer.isActive()
    marquee.set_text("请提前准备好办事材料，叫号后请及时到相应窗口办理。" * 3)
    marquee.set_running(False)
    assert not marquee._timer.isActive()


def test_a_call_seen_first_among_the_recent_ones_is_still_announced(qtbot: QtBot, display: HallDisplayWindow) -> None:
    """Once, a call committed between the display's two reads showed as recent but not yet
    current, was marked seen, and was never spoken (1 run in 3 of the test above)."""
    call = CallView(99, "A099", 3, utc_now(), 0, "", TicketStatus.CALLED)
    qtbot.waitUntil(lambda: display.state is not None, timeout=3000)
    base = display.state
    assert base is not None
    half_read = dataclasses.replace(base, current_calls=(), recent_calls=(call, *base.recent_calls))
    assert display._new_calls(half_read) == []
    whole = dataclasses.replace(base, current_calls=(call, *base.current_calls), recent_calls=(call, *base.recent_calls))
    assert display._new_calls(whole) == [call]
    assert display._new_calls(whole) == []  # and only once



def _called(clerk: Actor, counter: int) -> int:
    ticket = queue.call_next(clerk, counter)
    assert ticket is not None
    return ticket.id


def test_no_shows_and_transferred_tickets_stay_among_the_recent_calls_with_their_state(
    qtbot: QtBot, demo_database: Database, display: HallDisplayWindow
) -> None:
    """A visitor back from a break must see that their number was called: 过号 or 已转."""
    supervisor, clerk, counter = staff(demo_database, "kg_zb"), staff(demo_database, "kg01"), counter_id(demo_database, 1)
    kg = hall_id(demo_database)
    current = hall_day.queue_settings(supervisor, kg)
    hall_day.save_queue_settings(supervisor, kg, dataclasses.replace(current, recall_cooldown_seconds=0, recall_max=0))
    absent, moved, present = (queue.issue_ticket(supervisor, line_id(demo_database, "A")).ticket for _ in range(3))
    queue.open_counter(clerk, counter)
    assert _called(clerk, counter) == absent.id
    queue.mark_no_show(clerk, counter, absent.id)
    assert _called(clerk, counter) == moved.id
    queue.transfer(clerk, moved.id, to_line_id=line_id(demo_database, "B"))  # counter 1 serves A only: it waits
    assert _called(clerk, counter) == present.id
    qtbot.waitUntil(lambda: _shows(display, present.id), timeout=3000)
    _settled(qtbot, display)
    shown = [
        (entry.number.text(), entry.counter.text(), entry.tag.text(), entry.tag.isVisible())
        for entry in display.recent_calls if entry.number.text() not in ("", "—")
    ]
    assert shown == [("A002", "Counter 1", "Transferred", True), ("A001", "Counter 1", "No-show", True)]
    assert display.call_rows[0].number.text() == "A003" and not display.call_rows[1].isVisible()
    assert display.recent_calls[1].tag.property("state") == "no_show"
    # Called again, the transferred ticket is a current call again, and no longer in the list.
    kg04, counter_4 = staff(demo_database, "kg04"), counter_id(demo_database, 4)
    queue.open_counter(kg04, counter_4)  # counter 4 serves B
    assert _called(kg04, counter_4) == moved.id
    qtbot.waitUntil(lambda: _shows(display, moved.id), timeout=3000)
    assert "A002" not in [entry.number.text() for entry in display.recent_calls]
    assert display.recent_tag(TicketStatus.DONE) == ("", "")  # served: nothing to say


def test_a_burst_of_pokes_is_one_read_off_the_gui_thread(
    qtbot: QtBot, display: HallDisplayWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    qtbot.waitUntil(lambda: display.state is not None, timeout=3000)
    _settled(qtbot, display)
    reads: list[str] = []
    real = display_module.display_state

    def counted(*args: object, **kwargs: object) -> DisplayState:
        reads.append(threading.current_thread().name)
        time.sleep(0.05)  # a slow server: the pokes pile up behind the first read
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(display_module, "display_state", counted)
    for _ in range(20):
        display.refresh()
    _settled(qtbot, display)
    assert 1 <= len(reads) <= 2  # the one running (if any) and one for all the others
    assert all(name.startswith("counter_app ") for name in reads)  # never on the GUI thread


@pytest.mark.usefixtures("qt_speech")
def test_speech_that_is_off_shows_in_a_corner_and_is_reported(qtbot: QtBot, demo_database: Database) -> None:
    """Once, a display that could not speak said so only in its log."""
    window = HallDisplayWindow(display_actor(demo_database), speech_engine="no-such-engine", poll_ms=100)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    window.start()
    try:
        assert not window.speech_off.isVisible()  # not known yet
        qtbot.waitUntil(window.speech_off.isVisible, timeout=20_000)
        assert window.speech_off.text() == "Speech unavailable" and window.speech_ok is False
        # In a corner of the header, clear of the calls.
        assert window.speech_off.geometry().bottom() < window.call_rows[0].mapTo(window, window.call_rows[0].rect().topLeft()).y()
        _settled(qtbot, window)
        supervisor = staff(demo_database, "kg_zb")
        (health,) = hall_day.hall_day(supervisor, hall_id(demo_database)).displays
        assert not health.speech_ok and not health.stale and "no-such-engine" in health.detail
        assert health.device == window.actor.username
        # The heartbeat: about once a minute, so the Hall tab can tell a display that is off.
        assert window._report_timer.isActive() and window._report_timer.interval() == devices.REPORT_EVERY_SECONDS * 1000
        seen = health.seen_at
        time.sleep(0.01)
        window._report_timer.timeout.emit()
        _settled(qtbot, window)
        (again,) = hall_day.hall_day(supervisor, hall_id(demo_database)).displays
        assert again.seen_at > seen and again.changed_at == health.changed_at
        # Speech back (the announcer looks again every minute): the mark goes, the Hall tab hears.
        window.announcer.availability_changed.emit(True)
        assert not window.speech_off.isVisible()
        _settled(qtbot, window)
        (back,) = hall_day.hall_day(supervisor, hall_id(demo_database)).displays
        assert back.speech_ok
    finally:
        _stop_and_check(window)


def test_working_speech_is_reported_with_its_voice(qtbot: QtBot, demo_database: Database, display: HallDisplayWindow) -> None:
    qtbot.waitUntil(lambda: display.speech_ok is True, timeout=20_000)
    _settled(qtbot, display)
    assert not display.speech_off.isVisible()
    (health,) = hall_day.hall_day(staff(demo_database, "kg_zb"), hall_id(demo_database)).displays
    assert health.speech_ok and "mock" in health.detail and "no Mandarin voice" in health.detail
