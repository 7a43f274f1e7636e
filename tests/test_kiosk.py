"""The self-service kiosk: a tap prints a slip, the closed hall shows itself closed (and
opens by itself), and ``counter-app kiosk`` starts and leaves cleanly in a process of its own."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from counter_app.db.engine import Database
from counter_app.db.models import Ticket
from counter_app.domain.issuing import KioskPage, OpeningHours
from counter_app.services.access import Actor
from counter_app.services.demo import DEMO_PASSWORD
from counter_app.ui.app import ENV_STARTUP_PROBE
from counter_app.ui.kiosk.window import KioskWindow
from counter_app.ui.shared.operations import LIVE_RUNNERS
from tests.pdf_tools import pdf_text
from tests.queue_support import kiosk, line_id

ROOT = Path(__file__).resolve().parent.parent
HALL = "空港政务服务中心"
KioskFactory = Callable[..., KioskWindow]
NINE_TO_FIVE = OpeningHours(time(9), time(17), "Asia/Shanghai")


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


class HallClock:
    """The hall's time, set by the test (the kiosk's timers still run on real time)."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def nine_to_five(_actor: Actor, _hall_id: int) -> OpeningHours:
    """The opening hours, as the service will read them (see the kiosk's ``hours``)."""
    return NINE_TO_FIVE


def tickets(database: Database) -> list[Ticket]:
    with database.reading() as session:
        rows = list(session.scalars(select(Ticket).order_by(Ticket.id)))
        session.expunge_all()
        return rows


@pytest.fixture
def make_kiosk(qtbot: QtBot) -> Iterator[KioskFactory]:
    windows: list[KioskWindow] = []

    def make(actor: Actor, **options: object) -> KioskWindow:
        window = KioskWindow(actor, HALL, **options)  # type: ignore[arg-type]
        qtbot.addWidget(window)
        windows.append(window)
        window.resize(1280, 800)
        window.show()
        qtbot.waitUntil(lambda: window.kiosk_screen._ready and window.backend.operations.idle, timeout=10_000)
        return window

    yield make
    for window in windows:  # no worker, watcher or timer outlives the test
        window.stop()
        screen = window.kiosk_screen
        assert not window.backend.operations.running and window.backend.operations not in LIVE_RUNNERS
        assert not window.backend.watchers._halls
        assert not any(timer.isActive() for timer in (screen._return_timer, screen._hours_timer, screen._message_timer))
        assert not window._clock_timer.isActive()


def test_kiosk_prints_directly_then_returns_to_the_start(
    qtbot: QtBot, hall_open_all_day: Database, make_kiosk: KioskFactory, tmp_path: Path
) -> None:
    database = hall_open_all_day
    printed = tmp_path / "kiosk.pdf"
    window = make_kiosk(kiosk(database), printer=lambda: pdf_printer(printed), hours=None)
    screen = window.kiosk_screen
    screen.return_after_ms = 500
    assert screen.findChild(QLineEdit, "visitor_name") is None  # no personal details at a kiosk
    assert screen.page() is KioskPage.START
    assert screen.waiting_labels[line_id(database, "A")].text() == "0 waiting"
    with qtbot.waitSignal(screen.printed, timeout=10_000):
        qtbot.mouseClick(screen.line_buttons[line_id(database, "A")], Qt.MouseButton.LeftButton)
    assert screen.showing_result() and screen.result_label.text() == "A001"
    assert "Please take your slip" in screen.result_details.text()
    assert not screen.preview.isVisible()
    assert "A001" in pdf_text(printed).splitlines()
    [row] = tickets(database)
    assert (row.label, row.priority) == ("A001", "normal")
    qtbot.waitUntil(lambda: screen.waiting_labels[line_id(database, "A")].text() == "1 waiting", timeout=8000)
    qtbot.waitUntil(lambda: screen.page() is KioskPage.START, timeout=3000)


def test_kiosk_without_a_printer_shows_the_slip(qtbot: QtBot, hall_open_all_day: Database, make_kiosk: KioskFactory) -> None:
    database = hall_open_all_day
    window = make_kiosk(kiosk(database), printer=lambda: None)
    screen = window.kiosk_screen
    with qtbot.waitSignal(screen.issued, timeout=10_000):
        assert screen.issue_for_line(line_id(database, "F"))
    assert not screen.issue_for_line(line_id(database, "F"))  # the result shows: no second ticket by a stray tap
    qtbot.waitUntil(lambda: "No printer" in screen.result_details.text(), timeout=10_000)
    assert screen.showing_result() and screen.preview.isVisible()
    assert screen.preview.document.pageCount() == 1
    qtbot.mouseClick(screen.done_button, Qt.MouseButton.LeftButton)
    assert screen.page() is KioskPage.START
    qtbot.waitUntil(lambda: window.backend.operations.idle)
    assert [row.label for row in tickets(database)] == ["F001"]


def test_the_kiosk_looks_closed_before_anyone_taps_and_opens_by_itself(
    qtbot: QtBot, hall_open_all_day: Database, make_kiosk: KioskFactory
) -> None:
    database = hall_open_all_day
    clock = HallClock(datetime(2026, 11, 23, 0, 59, 59, tzinfo=UTC))  # 08:59:59 in Shanghai
    window = make_kiosk(kiosk(database), hours=nine_to_five, clock=clock, printer=lambda: None)
    screen = window.kiosk_screen
    assert screen.page() is KioskPage.CLOSED
    assert screen.pages.currentWidget().objectName() == "closed_page"
    assert screen.closed_hours.text() == "Tickets are issued every day from 09:00 to 17:00."
    assert screen.closed_next.text() == "Opens today at 09:00."
    assert not screen.issue_for_line(line_id(database, "A"))
    assert window.clock.text() == "2026-11-23  08:59"
    assert 0 < screen._hours_timer.remainingTime() <= 1100  # due at 09:00, not polled
    clock.now += timedelta(seconds=1.5)  # the hall's clock passes 09:00 while the timer runs
    with qtbot.waitSignal(screen.page_changed, timeout=5000) as changed:
        pass
    assert changed.args == [KioskPage.START]
    assert all(button.isEnabled() for button in screen.line_buttons.values())
    assert screen._hours_timer.remainingTime() > 60_000  # the next change is at 17:00 (re-judged every 5 min)
    qtbot.waitUntil(lambda: window.backend.operations.idle)
    assert tickets(database) == []


def test_the_kiosk_closes_by_itself_and_says_when_it_opens(
    qtbot: QtBot, hall_open_all_day: Database, make_kiosk: KioskFactory
) -> None:
    database = hall_open_all_day
    clock = HallClock(datetime(2026, 11, 23, 8, 59, 59, 500_000, tzinfo=UTC))  # 16:59:59.5 in Shanghai
    window = make_kiosk(kiosk(database), hours=nine_to_five, clock=clock, printer=lambda: None)
    screen = window.kiosk_screen
    assert screen.page() is KioskPage.START
    clock.now += timedelta(seconds=1)
    with qtbot.waitSignal(screen.page_changed, timeout=5000) as changed:
        pass
    assert changed.args == [KioskPage.CLOSED]
    assert screen.closed_next.text() == "Opens tomorrow at 09:00."
    assert not any(button.isEnabled() for button in screen.line_buttons.values())


def test_a_number_stays_on_screen_when_the_hall_closes(
    qtbot: QtBot, hall_open_all_day: Database, make_kiosk: KioskFactory
) -> None:
    database = hall_open_all_day
    clock = HallClock(datetime(2026, 11, 23, 8, 59, 59, 500_000, tzinfo=UTC))
    window = make_kiosk(kiosk(database), hours=nine_to_five, clock=clock, printer=lambda: None)
    screen = window.kiosk_screen
    with qtbot.waitSignal(screen.issued, timeout=10_000):
        assert screen.issue_for_line(line_id(database, "B"))
    clock.now += timedelta(seconds=1)  # 17:00:00.5
    qtbot.wait(1000)
    assert screen.page() is KioskPage.RESULT and screen.result_label.text() == "B001"
    screen.back_to_start()
    assert screen.page() is KioskPage.CLOSED


def test_the_kiosk_reads_the_halls_hours_and_is_closed_before_anyone_taps(
    qtbot: QtBot, demo_database: Database, make_kiosk: KioskFactory
) -> None:
    """The hours come from the service (``queue.issuing_hours``), the rule the service
    refuses a ticket by: at 20:00 the kiosk shows itself closed, with the hours."""
    database = demo_database  # 09:00–17:00
    evening = HallClock(datetime(2026, 11, 23, 12, 0, tzinfo=UTC))  # 20:00 in Shanghai
    window = make_kiosk(kiosk(database), clock=evening, printer=lambda: None)
    screen = window.kiosk_screen
    qtbot.waitUntil(lambda: screen.page() is KioskPage.CLOSED, timeout=10_000)
    assert screen.closed_next.text() == "Opens tomorrow at 09:00."
    assert not screen.issue_for_line(line_id(database, "A"))  # nothing to tap while closed
    qtbot.waitUntil(lambda: window.backend.operations.idle)
    assert tickets(database) == []


# ---------------------------------------------------------------- counter-app kiosk, in its own process


def run_kiosk_command(url: str, hall: str) -> subprocess.CompletedProcess[str]:
    """``python -m counter_app kiosk`` with the start probe: it reports its first page and
    leaves by itself. In a process of its own: an event loop run and quit here would leave
    this test process's application behind (later tests would wait for timers forever)."""
    return subprocess.run(
        [sys.executable, "-m", "counter_app", "kiosk", "--hall", hall, "--windowed", "--db", url],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "COUNTER_APP_LANG": "en", ENV_STARTUP_PROBE: "1"},
    )


def test_counter_app_kiosk_starts_and_leaves_cleanly(hall_open_all_day: Database) -> None:
    url = hall_open_all_day.engine.url
    if hall_open_all_day.backend == "postgresql":
        url = url.set(username="kg_kiosk", password=DEMO_PASSWORD)  # a kiosk connects as its own account
    result = run_kiosk_command(url.render_as_string(hide_password=False), "kg")
    assert result.returncode == 0, result.stderr
    assert f"kiosk-ready title='{HALL} — take a number' page=start lines=6 message=''" in result.stdout, result.stdout
    assert "Traceback" not in result.stderr, result.stderr


def test_counter_app_kiosk_explains_why_it_cannot_start(hall_open_all_day: Database, tmp_path: Path) -> None:
    url = hall_open_all_day.engine.url
    if hall_open_all_day.backend == "postgresql":
        # Another account than the hall's kiosk is refused, with the reason.
        result = run_kiosk_command(url.render_as_string(hide_password=False), "KG")
        assert result.returncode == 2 and "not the kiosk of this hall" in result.stderr, result.stderr
        url = url.set(username="kg_kiosk", password=DEMO_PASSWORD)
    result = run_kiosk_command(url.render_as_string(hide_password=False), "ZZ")
    assert result.returncode == 2 and "kiosk-refused Unknown hall: There is no hall 'ZZ'" in result.stderr, result.stderr
    result = run_kiosk_command(f"sqlite:///{tmp_path / 'missing' / 'nowhere.sqlite3'}", "KG")
    assert result.returncode == 2 and "kiosk-refused Cannot open the database" in result.stderr, result.stderr
