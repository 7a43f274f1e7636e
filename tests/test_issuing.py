"""The guide desk's issuing station, its slip preview and printing, on both databases.

Every database call of the station runs on its backend's worker: the tests wait for the
answers (``waitSignal``, ``operations.idle``) and stop each backend at teardown.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from datetime import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from counter_app.db.engine import Database
from counter_app.db.models import Ticket
from counter_app.domain.queue import PersonalDataPurpose, TicketPriority
from counter_app.services import queue
from counter_app.services.access import Actor
from counter_app.ui.fonts import BUNDLED_CJK_FAMILY
from counter_app.ui.issuing.station import IssuingStation
from counter_app.ui.shared import slip_preview
from counter_app.ui.shared.backend import Backend
from counter_app.ui.shared.operations import LIVE_RUNNERS
from tests.pdf_tools import pdf_text
from tests.queue_support import hall_id, kiosk, line_id, staff

StationFactory = Callable[..., IssuingStation]
SHANGHAI = ZoneInfo("Asia/Shanghai")


def wait_idle(qtbot: QtBot, station: IssuingStation) -> None:
    qtbot.waitUntil(lambda: station.backend.operations.idle, timeout=10_000)


def assert_stopped(backend: Backend) -> None:
    """No worker thread and no watcher timer of ``backend`` outlives its test."""
    assert not backend.operations.running
    assert backend.operations not in LIVE_RUNNERS
    assert not backend.watchers._halls


@pytest.fixture
def make_station(qtbot: QtBot, hall_open_all_day: Database) -> Iterator[StationFactory]:
    made: list[tuple[IssuingStation, Backend]] = []

    def make(actor: Actor, **options: object) -> IssuingStation:
        backend = Backend(actor)
        station = IssuingStation(backend, **options)  # type: ignore[arg-type]
        qtbot.addWidget(station)
        made.append((station, backend))
        station.resize(1600, 1000)
        with qtbot.waitActive(station):  # the keys' shortcuts work in the active window only
            station.show()
            station.activateWindow()
        qtbot.waitUntil(lambda: bool(station.line_buttons) and backend.operations.idle, timeout=10_000)
        # The focus on a line (the admin's on the hall chooser), ready for the letter keys,
        # not in the service item's search field.
        qtbot.waitUntil(lambda: QApplication.focusWidget() in (*station.line_buttons.values(), station.hall_choice))
        return station

    slip_preview.forget_printer()
    yield make
    for station, backend in made:
        station.stop()
        backend.stop()
        assert_stopped(backend)
    slip_preview.forget_printer()


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


def issue(qtbot: QtBot, station: IssuingStation, trigger: Callable[[], object] | None = None) -> queue.IssuedTicket:
    """Issue (by ``trigger``, else ``station.issue``) and wait for the ticket and its slip."""
    with qtbot.waitSignal(station.issued, timeout=10_000) as issued:
        (trigger or station.issue)()
    wait_idle(qtbot, station)
    ticket = issued.args[0]
    assert isinstance(ticket, queue.IssuedTicket)
    return ticket


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
    assert station.issue_button.isEnabled() and station.issue_button.text() == "Issue a ticket: A 综合受理 (Enter)"
    station.priority_buttons[TicketPriority.PRIORITY].setChecked(True)
    station.item_choice.setCurrentIndex(3)
    item_id = station.item_choice.currentData()
    assert not station.visitor_name.isEnabled()  # no personal details without a purpose
    choose_purpose(station, PersonalDataPurpose.CONTACT)
    assert station.visitor_name.isEnabled() and station.visitor_phone.isEnabled() and not station.visitor_id.isEnabled()
    station.visitor_name.setText("张三")
    station.visitor_phone.setText("13800138000")

    ticket = issue(qtbot, station, lambda: qtbot.mouseClick(station.issue_button, Qt.MouseButton.LeftButton))
    assert ticket.ticket.label == "A001"
    assert station.preview.document.status() == QPdfDocument.Status.Ready
    assert station.preview.document.pageCount() == 1
    assert "Issued A001" in station.message.text()
    [row] = tickets(database)
    assert (row.priority, row.service_item_id, row.visitor_name, row.visitor_phone) == ("priority", item_id, "张三", "13800138000")
    assert (row.personal_data_purpose, row.visitor_name_masked, row.visitor_id_number) == ("contact", "张*", None)
    qtbot.waitUntil(lambda: station.line_buttons[line_id(database, "A")].text() == "A 综合受理 · 1 waiting")
    # Ready for the next visitor: details cleared, ordinary priority, same line.
    assert (station.visitor_name.text(), station.visitor_phone.text(), station.item_choice.currentText()) == ("", "", "")
    assert station.purpose_choice.currentData() is None
    assert station.priority_buttons[TicketPriority.NORMAL].isChecked()
    assert station.selected_line_id() == line_id(database, "A")
    # The slip is printed once; further copies are reprints.
    assert station.print_button.isEnabled() and not station.reprint_button.isEnabled()


def test_only_the_priorities_the_line_accepts(qtbot: QtBot, hall_open_all_day: Database, make_station: StationFactory) -> None:
    database = hall_open_all_day
    station = make_station(staff(database, "kg_zb"))
    assert not any(button.isEnabled() for button in station.priority_buttons.values())  # no line yet
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
    assert issue(qtbot, station).ticket.priority is TicketPriority.GREEN_CHANNEL
    # An appointment carries its time, today in the hall's time zone.
    station.priority_buttons[TicketPriority.APPOINTMENT].setChecked(True)
    assert station.appointment_time.isEnabled()
    station.appointment_time.setTime(station.appointment_time.time().fromString("14:15", "HH:mm"))
    issued = issue(qtbot, station)
    assert issued.ticket.priority is TicketPriority.APPOINTMENT
    saved = tickets(database)[-1].appointment_at
    assert saved is not None and saved.astimezone(SHANGHAI).time() == time(14, 15)
    assert not station.appointment_time.isEnabled()  # back to ordinary for the next visitor


def test_keys_choose_the_line_and_the_priority_and_enter_issues(
    qtbot: QtBot, hall_open_all_day: Database, make_station: StationFactory
) -> None:
    database = hall_open_all_day
    station = make_station(staff(database, "kg_zb"))
    # The keys are on the controls.
    assert [station.priority_buttons[p].text()[:3] for p in TicketPriority] == ["[1]", "[2]", "[3]", "[4]"]
    assert "Key C" in station.line_buttons[line_id(database, "C")].toolTip()
    qtbot.keyClick(station.focusWidget(), Qt.Key.Key_C)
    assert station.selected_line_id() == line_id(database, "C")
    qtbot.keyClick(station.focusWidget(), Qt.Key.Key_4)
    assert station.chosen_priority() is TicketPriority.GREEN_CHANNEL
    qtbot.keyClick(station.focusWidget(), Qt.Key.Key_B)  # B takes no green channel: back to ordinary
    assert station.selected_line_id() == line_id(database, "B")
    assert station.chosen_priority() is TicketPriority.NORMAL
    qtbot.keyClick(station.focusWidget(), Qt.Key.Key_C)
    qtbot.keyClick(station.focusWidget(), Qt.Key.Key_4)
    issued = issue(qtbot, station, lambda: qtbot.keyClick(station.focusWidget(), Qt.Key.Key_Return))
    assert (issued.ticket.label, issued.ticket.priority) == ("C001", TicketPriority.GREEN_CHANNEL)
    # In a text field the letters and digits are the text, and Enter still issues.
    choose_purpose(station, PersonalDataPurpose.CONTACT)
    station.visitor_name.setFocus()
    qtbot.keyClicks(station.visitor_name, "Abe")
    station.visitor_phone.setFocus()
    qtbot.keyClicks(station.visitor_phone, "13800138000")
    assert (station.visitor_name.text(), station.visitor_phone.text()) == ("Abe", "13800138000")
    assert station.selected_line_id() == line_id(database, "C")
    assert station.chosen_priority() is TicketPriority.NORMAL
    issued = issue(qtbot, station, lambda: qtbot.keyClick(station.visitor_phone, Qt.Key.Key_Enter))
    assert issued.ticket.label == "C002"
    assert tickets(database)[-1].visitor_phone == "13800138000"


@pytest.mark.parametrize("select_by", ["priority_key", "select_all"])
def test_a_typed_appointment_time_is_honoured(
    qtbot: QtBot, hall_open_all_day: Database, make_station: StationFactory, tmp_path: Path, select_by: str
) -> None:
    """Select the time field, type 0945, press Ctrl+Enter: the ticket is for 09:45, and its
    slip says so (it used to be issued for the time shown before typing)."""
    database = hall_open_all_day
    station = make_station(staff(database, "kg_zb"))
    qtbot.keyClick(station.focusWidget(), Qt.Key.Key_A)
    field = station.appointment_time
    field.setTime(field.time().fromString("09:30", "HH:mm"))
    if select_by == "priority_key":
        qtbot.keyClick(station.focusWidget(), Qt.Key.Key_2)  # appointment: the cursor goes to its time
        assert station.chosen_priority() is TicketPriority.APPOINTMENT
    else:
        station.priority_buttons[TicketPriority.APPOINTMENT].setChecked(True)
        field.setFocus()
        qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # select the whole field
        assert field.lineEdit().selectedText() == "09:30"
    assert QApplication.focusWidget() in (field, field.lineEdit())
    qtbot.keyClicks(QApplication.focusWidget(), "0945")
    issued = issue(qtbot, station, lambda: qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier))
    assert issued.ticket.priority is TicketPriority.APPOINTMENT
    assert issued.ticket.appointment_at is not None and issued.ticket.appointment_at.astimezone(SHANGHAI).time() == time(9, 45)
    saved = tickets(database)[-1].appointment_at
    assert saved is not None and saved.astimezone(SHANGHAI).time() == time(9, 45)
    slip = tmp_path / "slip.pdf"
    slip.write_bytes(station.preview.pdf)
    assert "预约时间：09:45" in pdf_text(slip)


def test_print_to_a_pdf_file_and_reprint(
    qtbot: QtBot, hall_open_all_day: Database, make_station: StationFactory, tmp_path: Path
) -> None:
    database = hall_open_all_day
    station = make_station(staff(database, "kg_zb"))
    station.select_line(line_id(database, "B"))
    issue(qtbot, station)
    assert not station.reprint(pdf_printer(tmp_path / "early.pdf"))  # nothing printed yet: print it first
    first = tmp_path / "slip.pdf"
    with qtbot.waitSignal(station.printed):
        assert station.print_slip(pdf_printer(first))
    assert f"Printed B001 on {first}." == station.message.text()
    lines = pdf_text(first).splitlines()
    assert "B001" in lines and "空港政务服务中心" in lines and "补打" not in lines
    assert tickets(database)[0].print_count == 1  # the first print is the issue itself
    assert not station.print_button.isEnabled() and station.reprint_button.isEnabled()

    again = tmp_path / "reprint.pdf"
    with qtbot.waitSignal(station.printed, timeout=10_000):
        assert station.reprint(pdf_printer(again))
    wait_idle(qtbot, station)
    assert station.message.text().startswith("Reprinted B001 (copy 2) on ")
    lines = pdf_text(again).splitlines()
    assert "B001" in lines and "补打" in lines
    assert tickets(database)[0].print_count == 2
    assert station.preview.document.status() == QPdfDocument.Status.Ready
    with qtbot.waitSignal(station.printed, timeout=10_000):
        assert station.reprint(pdf_printer(again))
    qtbot.waitUntil(lambda: "(copy 3)" in station.message.text())


def test_a_printed_slip_reads_back_its_whole_number(
    qtbot: QtBot, hall_open_all_day: Database, make_station: StationFactory, tmp_path: Path
) -> None:
    """With the screens' font first (Noto Sans CJK where installed, as make_application sets
    it), the printed copy's text layer read "A" for "A004" and ⼼ for 心."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.font()
    font = QFont(before)
    font.setFamilies(["Noto Sans CJK SC", BUNDLED_CJK_FAMILY, before.family()])
    app.setFont(font)
    try:
        database = hall_open_all_day
        station = make_station(staff(database, "kg_zb"))
        station.select_line(line_id(database, "A"))
        for _ in range(4):
            issued = issue(qtbot, station)
        assert issued.ticket.label == "A004"
        printed = tmp_path / "printed.pdf"
        assert station.print_slip(pdf_printer(printed))
    finally:
        app.setFont(before)
    lines = pdf_text(printed).splitlines()
    assert "A004" in lines, lines
    assert "空港政务服务中心" in lines and "前面还有 3 人等候" in lines, lines


def test_the_print_dialog_opens_on_the_session_printer(
    qtbot: QtBot, hall_open_all_day: Database, make_station: StationFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The system's default printer first; then the one the user picked, remembered."""
    database = hall_open_all_day
    system_default = pdf_printer(tmp_path / "default" / "unused.pdf")
    (tmp_path / "default").mkdir()
    monkeypatch.setattr(slip_preview, "default_printer", lambda: system_default)
    shown: list[QPrinter] = []
    picked = tmp_path / "picked"
    picked.mkdir()

    def user_picks(dialog: QPrintDialog) -> bool:
        printer = dialog.printer()
        shown.append(printer)
        if len(shown) == 1:
            printer.setOutputFileName(str(picked / "first.pdf"))  # another place than proposed
        return True

    monkeypatch.setattr(slip_preview, "_run_dialog", user_picks)
    station = make_station(staff(database, "kg_zb"))
    station.select_line(line_id(database, "D"))
    issue(qtbot, station)
    assert station.print_slip()
    assert shown[0] is system_default
    assert "D001" in pdf_text(picked / "first.pdf").splitlines()
    assert station.reprint()
    qtbot.waitUntil(lambda: "Reprinted D001 (copy 2)" in station.message.text(), timeout=10_000)
    assert shown[1] is system_default  # the session's printer, as last set up
    assert shown[1].outputFileName() == str(picked / "D001.pdf")  # next to the last file, not over it
    assert "补打" in pdf_text(picked / "D001.pdf")

    monkeypatch.setattr(slip_preview, "_run_dialog", lambda dialog: False)  # cancelled: nothing printed
    assert not station.reprint()
    assert tickets(database)[0].print_count == 2


def test_a_bad_phone_number_names_the_field_and_nothing_is_issued(
    qtbot: QtBot, hall_open_all_day: Database, make_station: StationFactory
) -> None:
    database = hall_open_all_day
    station = make_station(staff(database, "kg_zb"))
    station.select_line(line_id(database, "A"))
    choose_purpose(station, PersonalDataPurpose.CONTACT)
    station.visitor_name.setText("李四")
    station.visitor_phone.setText("12345")
    station.issue_button.setFocus()
    assert not station.issue()
    assert station.message.text().startswith("Phone: '12345' is not a phone number")
    assert QApplication.focusWidget() is station.visitor_phone and station.visitor_phone.selectedText() == "12345"
    wait_idle(qtbot, station)
    assert tickets(database) == []
    assert (station.visitor_name.text(), station.visitor_phone.text()) == ("李四", "12345")  # kept for correction
    assert not station.preview.has_pdf() and not station.print_button.isEnabled()
    # An unknown service item text is refused before asking the service.
    station.visitor_phone.clear()
    station.item_choice.setEditText("no such item")
    assert not station.issue()
    assert "Choose the service item from the list" in station.message.text()
    wait_idle(qtbot, station)
    assert tickets(database) == []


def test_a_bad_id_number_names_the_field_and_takes_the_focus(
    qtbot: QtBot, hall_open_all_day: Database, make_station: StationFactory
) -> None:
    database = hall_open_all_day
    station = make_station(staff(database, "kg_zb"))
    station.select_line(line_id(database, "A"))
    choose_purpose(station, PersonalDataPurpose.CASE_INTAKE)
    station.visitor_name.setText("王五")
    station.visitor_phone.setText("13800138000")
    station.visitor_id.setText("11010519491231002")  # 17 characters
    station.visitor_name.setFocus()
    qtbot.keyClick(station.visitor_name, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert station.message.text() == "ID number: An ID number has 18 characters; this one has 17."
    assert QApplication.focusWidget() is station.visitor_id
    assert station.visitor_id.selectedText() == "11010519491231002"
    assert station.visitor_id.property("problem") is True
    wait_idle(qtbot, station)
    assert tickets(database) == []
    # Corrected, it goes through.
    qtbot.keyClicks(station.visitor_id, "11010519491231002X")
    assert station.visitor_id.property("problem") is False
    assert issue(qtbot, station).ticket.label == "A001"
    assert tickets(database)[0].visitor_id_number == "11010519491231002X"


def test_one_ticket_per_enter_while_the_first_is_under_way(
    qtbot: QtBot, hall_open_all_day: Database, make_station: StationFactory
) -> None:
    database = hall_open_all_day
    station = make_station(staff(database, "kg_zb"))
    station.select_line(line_id(database, "E"))
    assert station.issue()
    assert not station.issue_button.isEnabled() and not station.issue()  # busy: a second Enter is ignored
    qtbot.waitSignal(station.issued, timeout=10_000).wait()
    wait_idle(qtbot, station)
    assert [row.label for row in tickets(database)] == ["E001"]
    assert station.issue_button.isEnabled()


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
    qtbot.waitUntil(lambda: [line.prefix for line in station.lines] == ["A", "B", "D", "E"], timeout=10_000)
    assert "航空物流区" in station.title.text()
    station.select_line(line_id(database, "E", "HK"))
    issued = issue(qtbot, station)
    assert issued.hall_code == "HK" and issued.ticket.label == "E001"
    assert station.backend.watchers.watcher(hall_id(database, "KG")) is None  # the old hall is no longer watched


@pytest.mark.parametrize(("username", "chooses_hall"), [("kg_zb", False), ("admin", True)])
def test_supervisor_and_administrator_windows_open_on_the_station(
    qtbot: QtBot, hall_open_all_day: Database, username: str, chooses_hall: bool
) -> None:
    from counter_app.ui.main_window import RoleWindow

    window = RoleWindow(staff(hall_open_all_day, username))
    qtbot.addWidget(window)
    window.show()
    station = window.issuing
    assert isinstance(station, IssuingStation) and window.counter_panel is None
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == ["Issue tickets", "Hall", "Cases", "Licences", "Service catalogue"]
    assert station.hall_row.isVisible() is chooses_hall
    qtbot.waitUntil(lambda: bool(station.line_buttons), timeout=10_000)
    # The station watches its hall through the window's shared watchers.
    assert station.hall_id is not None and window.backend.watchers.watcher(station.hall_id) is not None
    # A line key works from the tab bar too, and only while the tab shows.
    first, second = station.lines[0], station.lines[1]
    window.tabs.tabBar().setFocus()
    qtbot.keyClick(window.tabs.tabBar(), second.prefix)
    assert station.selected_line_id() == second.id
    window.tabs.setCurrentIndex(1)
    qtbot.keyClick(window.tabs.currentWidget() or window, first.prefix)
    assert station.selected_line_id() == second.id
    window.close()
    assert_stopped(window.backend)


def test_the_station_reads_nothing_on_the_gui_thread(
    qtbot: QtBot, hall_open_all_day: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Building the station and issuing ask the worker: the GUI thread never waits on the
    database (but for the shared hall watcher's own poll of the SQLite change counter)."""
    database = hall_open_all_day
    actor = staff(database, "kg_zb")
    line_a = line_id(database, "A")
    gui = threading.current_thread()
    on_gui: list[str] = []

    def watch(name: str, real: Callable[..., object]) -> Callable[..., object]:
        def wrapper(*args: object, **kwargs: object) -> object:
            caller = sys._getframe(1).f_code.co_name
            if threading.current_thread() is gui and caller != "hall_change_marker":
                on_gui.append(f"{name} from {caller}")
            return real(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(database, "reading", watch("reading", database.reading))
    monkeypatch.setattr(database, "transaction", watch("transaction", database.transaction))
    backend = Backend(actor)
    station = IssuingStation(backend)
    qtbot.addWidget(station)
    try:
        station.show()
        qtbot.waitUntil(lambda: bool(station.line_buttons) and backend.operations.idle, timeout=10_000)
        station.select_line(line_a)
        issue(qtbot, station)
        assert station.print_slip(pdf_printer(tmp_path / "slip.pdf"))
    finally:
        station.stop()
        backend.stop()
    assert on_gui == []
    assert_stopped(backend)


def test_a_closed_window_is_not_called_back(qtbot: QtBot, hall_open_all_day: Database) -> None:
    backend = Backend(staff(hall_open_all_day, "kg_zb"))
    parent = QWidget()
    qtbot.addWidget(parent)
    station = IssuingStation(backend, parent=parent)
    station.deleteLater()  # gone before its first answers arrive
    qtbot.waitUntil(lambda: backend.operations.idle, timeout=10_000)
    backend.stop()
    assert_stopped(backend)
