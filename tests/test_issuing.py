"""The issuing station, its slip preview and printing, and the kiosk, on both databases."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from counter_app.db.engine import Database
from counter_app.db.models import Ticket
from counter_app.domain.queue import PersonalDataPurpose, TicketPriority
from counter_app.services import queue
from counter_app.services.access import Actor
from counter_app.services.demo import DEMO_PASSWORD
from counter_app.ui.issuing.station import IssuingStation
from counter_app.ui.kiosk.window import KioskWindow
from counter_app.ui.shared.backend import Backend
from tests.pdf_tools import pdf_text
from tests.queue_support import hall_id, kiosk, line_id, staff

StationFactory = Callable[..., IssuingStation]
ROOT = Path(__file__).resolve().parent.parent



@pytest.fixture
def make_station(qtbot: QtBot, hall_open_all_day: Database) -> Iterator[StationFactory]:
    stations: list[IssuingStation] = []

    def make(actor: Actor, **options: object) -> IssuingStation:
        backend = Backend(actor)
        station = IssuingStation(backend, **options)  # type: ignore[arg-type]
        backend.setParent(station)
        qtbot.addWidget(station)
        station.resize(1600, 1000)
        station.show()
        stations.append(station)
        return station

    yield make
    for station in stations:  # no watcher may outlive its test
        station.stop()
        assert station.watcher is None or not station.watcher._refresh.isActive()


def choose_purpose(station: IssuingStation, purpose: PersonalDataPurpose) -> None:
    station.purpose_choice.setCurrentIndex(station.purpose_choice.findData(purpose))


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def tickets(database: Database) -> list[Ticket]:
    with database.reading() as session:
        rows = list(session.scalars(select(Ticket).order_by(Ticket.id)))
        session.expunge_all()
        return rows


def test_station_issues_with_options_and_previews_the_slip(
    qtbot: QtBot, hall_open_all_day: Database, make_station: StationFactory
) -> None:
    database = hall_open_all_day
    station = make_station(staff(database, "kg_zb"))
    assert not station.hall_row.isVisible()  # a supervisor issues for their own hall
    assert [station.line_buttons[line.id].text() for line in station.lines][:2] == [
        "A 综合受理 · 0 waiting",
        "B 市场准入 · 0 waiting",
    ]
    assert not station.issue_button.isEnabled()  # no line chosen yet
    qtbot.mouseClick(station.line_buttons[line_id(database, "A")], Qt.MouseButton.LeftButton)
    assert station.issue_button.isEnabled() and "A ticket" in station.issue_button.text()
    station.priority_buttons[TicketPriority.PRIORITY].setChecked(True)
    station.item_choice.setCurrentIndex(3)
    item_id = station.item_choice.currentData()
    assert not station.visitor_name.isEnabled()  # no personal details without a purpose
    choose_purpose(station, PersonalDataPurpose.CONTACT)
    assert station.visitor_name.isEnabled() and station.visitor_phone.isEnabled() and not station.visitor_id.isEnabled()
    station.visitor_name.setText("张三")
    station.visitor_phone.setText("13800138000")

    with qtbot.waitSignal(station.issued, timeout=5000) as issued:
        qtbot.mouseClick(station.issue_button, Qt.MouseButton.LeftButton)
    ticket = issued.args[0]
    assert isinstance(ticket, queue.IssuedTicket) and ticket.ticket.label == "A001"
    assert station.preview.document.status() == QPdfDocument.Status.Ready
    assert station.preview.document.pageCount() == 1
    assert "Issued A001" in station.message.text()
    [row] = tickets(database)
    assert (row.priority, row.service_item_id, row.visitor_name, row.visitor_phone) == ("priority", item_id, "张三", "13800138000")
    assert (row.personal_data_purpose, row.visitor_name_masked, row.visitor_id_number) == ("contact", "张*", None)
    assert station.line_buttons[line_id(database, "A")].text() == "A 综合受理 · 1 waiting"
    # Ready for the next visitor: details cleared, ordinary priority, same line.
    assert (station.visitor_name.text(), station.visitor_phone.text(), station.item_choice.currentText()) == ("", "", "")
    assert station.purpose_choice.currentData() is None
    assert station.priority_buttons[TicketPriority.NORMAL].isChecked()
    assert station.print_button.isEnabled() and station.reprint_button.isEnabled()


def test_only_the_priorities_the_line_accepts(qtbot: QtBot, hall_open_all_day: Database, make_station: StationFactory) -> None:
    database = hall_open_all_day
    station = make_station(staff(database, "kg_zb"))
    station.select_line(line_id(database, "A"))
    assert not station.priority_buttons[TicketPriority.GREEN_CHANNEL].isEnabled()
    assert station.priority_buttons[TicketPriority.APPOINTMENT].isEnabled()
    station.select_line(line_id(database, "C"))  # 工程建设 takes the green channel
    green = station.priority_buttons[TicketPriority.GREEN_CHANNEL]
    assert green.isEnabled()
    green.setChecked(True)
    station.select_line(line_id(database, "B"))
    assert station.priority_buttons[TicketPriority.NORMAL].isChecked()  # not silently kept
    station.select_line(line_id(database, "C"))
    green.setChecked(True)
    issued = station.issue()
    assert issued is not None and issued.ticket.priority is TicketPriority.GREEN_CHANNEL
    # An appointment carries its time.
    station.priority_buttons[TicketPriority.APPOINTMENT].setChecked(True)
    assert station.appointment_time.isEnabled()
    issued = station.issue()
    assert issued is not None and issued.ticket.priority is TicketPriority.APPOINTMENT
    assert tickets(database)[-1].appointment_at is not None


def test_print_to_a_pdf_file_and_reprint(
    qtbot: QtBot, hall_open_all_day: Database, make_station: StationFactory, tmp_path: Path
) -> None:
    database = hall_open_all_day
    station = make_station(staff(database, "kg_zb"))
    station.select_line(line_id(database, "B"))
    issued = station.issue()
    assert issued is not None
    first = tmp_path / "slip.pdf"
    with qtbot.waitSignal(station.printed):
        assert station.print_slip(pdf_printer(first))
    text = pdf_text(first)
    assert "B001" in text and "空港政务服务中心" in text and "补打" not in text
    assert tickets(database)[0].print_count == 1  # the first print is the issue itself

    again = tmp_path / "reprint.pdf"
    assert station.reprint(pdf_printer(again))
    text = pdf_text(again)
    assert "B001" in text and "补打" in text
    assert tickets(database)[0].print_count == 2
    assert station.preview.document.status() == QPdfDocument.Status.Ready


def test_a_bad_phone_number_is_shown_and_nothing_is_issued(
    qtbot: QtBot, hall_open_all_day: Database, make_station: StationFactory
) -> None:
    database = hall_open_all_day
    station = make_station(staff(database, "kg_zb"))
    station.select_line(line_id(database, "A"))
    choose_purpose(station, PersonalDataPurpose.CONTACT)
    station.visitor_name.setText("李四")
    station.visitor_phone.setText("12345")
    assert station.issue() is None
    assert "'12345' is not a phone number" in station.message.text()
    assert tickets(database) == []
    assert (station.visitor_name.text(), station.visitor_phone.text()) == ("李四", "12345")  # kept for correction
    assert not station.preview.has_pdf() and not station.print_button.isEnabled()
    # An unknown service item text is refused before asking the service.
    station.visitor_phone.clear()
    station.item_choice.setEditText("no such item")
    assert station.issue() is None
    assert "Choose the service item from the list" in station.message.text()
    assert tickets(database) == []


def test_waiting_counts_follow_the_hall(qtbot: QtBot, hall_open_all_day: Database, make_station: StationFactory) -> None:
    database = hall_open_all_day
    station = make_station(staff(database, "kg_zb"))
    button = station.line_buttons[line_id(database, "D")]
    queue.issue_ticket(kiosk(database), line_id(database, "D"))  # elsewhere
    qtbot.waitUntil(lambda: button.text().endswith("· 1 waiting"), timeout=8000)


def test_the_administrator_picks_the_hall(qtbot: QtBot, hall_open_all_day: Database, make_station: StationFactory) -> None:
    database = hall_open_all_day
    station = make_station(staff(database, "admin"))
    assert station.hall_row.isVisible() and station.hall_choice.count() == 4
    station.hall_choice.setCurrentIndex(station.hall_choice.findData(hall_id(database, "HK")))
    assert [line.prefix for line in station.lines] == ["A", "B", "D", "E"]
    assert "航空物流区" in station.title.text()
    station.select_line(line_id(database, "E", "HK"))
    issued = station.issue()
    assert issued is not None and issued.hall_code == "HK" and issued.ticket.label == "E001"


def test_kiosk_prints_directly_then_returns_to_the_start(
    qtbot: QtBot, hall_open_all_day: Database, tmp_path: Path
) -> None:
    database = hall_open_all_day
    printed = tmp_path / "kiosk.pdf"
    window = KioskWindow(kiosk(database), "空港政务服务中心", printer=lambda: pdf_printer(printed))
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    station = window.station
    station.return_after_ms = 300
    assert station.findChild(QLineEdit, "visitor_name") is None  # no personal details at a kiosk
    assert station.kiosk_waiting[line_id(database, "A")].text() == "0 waiting"
    with qtbot.waitSignal(station.printed):
        qtbot.mouseClick(station.line_buttons[line_id(database, "A")], Qt.MouseButton.LeftButton)
    assert station.showing_result() and station.result_label.text() == "A001"
    assert "Please take your slip" in station.result_details.text()
    assert not station.preview.isVisible()
    assert "A001" in pdf_text(printed)
    [row] = tickets(database)
    assert (row.label, row.priority) == ("A001", "normal")
    qtbot.waitUntil(lambda: not station.showing_result(), timeout=3000)
    window.stop()


def test_kiosk_without_a_printer_shows_the_slip(qtbot: QtBot, hall_open_all_day: Database) -> None:
    database = hall_open_all_day
    window = KioskWindow(kiosk(database), "空港政务服务中心", printer=lambda: None)
    qtbot.addWidget(window)
    window.show()
    station = window.station
    station.issue_for_line(line_id(database, "F"))
    assert station.showing_result() and station.preview.isVisible()
    assert station.preview.document.pageCount() == 1
    assert "No printer" in station.result_details.text()
    qtbot.mouseClick(station.done_button, Qt.MouseButton.LeftButton)
    assert not station.showing_result()
    window.stop()


KIOSK_SCRIPT = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import counter_app.ui.kiosk.window as kiosk
from counter_app.ui.app import make_application
from counter_app.ui.kiosk.window import KioskWindow, run_kiosk
app = make_application()  # the timer below needs the application's event loop
kiosk.QMessageBox.critical = lambda _parent, title, text: print("MESSAGE", text, flush=True)

def look_and_quit():
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, KioskWindow) and widget.isVisible():
            print("SHOWN", widget.windowTitle(), flush=True)
            widget.close()
    QApplication.quit()

QTimer.singleShot(1500, look_and_quit)
print("EXIT", run_kiosk(sys.argv[1], sys.argv[2], full_screen=False), flush=True)
"""


def _run_kiosk(url: str, hall: str) -> str:
    """``counter-app kiosk`` in a process of its own: its event loop and quit must not leave
    this test process's application behind (tests after it would wait for timers forever)."""
    result = subprocess.run(
        [sys.executable, "-c", KIOSK_SCRIPT, url, hall], cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "COUNTER_APP_LANG": "en"},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_run_kiosk_opens_the_hall_or_explains(hall_open_all_day: Database, tmp_path: Path) -> None:
    url = hall_open_all_day.engine.url
    if hall_open_all_day.backend == "postgresql":
        # A PostgreSQL kiosk connects as its own account; another account is refused, with the reason.
        output = _run_kiosk(url.render_as_string(hide_password=False), "KG")
        assert "not the kiosk of this hall" in output and "EXIT 2" in output
        url = url.set(username="kg_kiosk", password=DEMO_PASSWORD)
    url_text = url.render_as_string(hide_password=False)
    output = _run_kiosk(url_text, "ZZ")
    assert "There is no hall 'ZZ'" in output and "EXIT 2" in output
    output = _run_kiosk(f"sqlite:///{tmp_path / 'missing' / 'nowhere.sqlite3'}", "KG")
    assert "MESSAGE" in output and "EXIT 2" in output
    output = _run_kiosk(url_text, "kg")
    assert "SHOWN 空港政务服务中心 — take a number" in output and "EXIT 0" in output


@pytest.mark.parametrize(("username", "chooses_hall"), [("kg_zb", False), ("admin", True)])
def test_supervisor_and_administrator_windows_open_on_the_station(
    qtbot: QtBot, hall_open_all_day: Database, username: str, chooses_hall: bool
) -> None:
    from counter_app.ui.main_window import RoleWindow

    window = RoleWindow(staff(hall_open_all_day, username))
    qtbot.addWidget(window)
    window.show()
    assert window.issuing is not None and window.counter_panel is None
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == ["Issue tickets", "Hall", "Service catalogue"]
    assert window.issuing.hall_row.isVisible() is chooses_hall
    window.close()
    assert window.issuing.watcher is not None and not window.issuing.watcher._refresh.isActive()
