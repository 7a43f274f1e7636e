"""Renewal on commitment at the counter (延期换证承诺即办结), from the ticket in hand: the
licence found by number or a scanned QR payload, every refusal listed, the commitment
letter printed, the new licence issued and printed, the print recorded. And the shared
licence print flow: a reprint's reason, a batch with its progress and Cancel. On both
databases (on PostgreSQL the signing agent runs beside, as at a real hall)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from counter_app.db.engine import Database
from counter_app.db.models import Licence
from counter_app.domain.applicants import ApplicantKind
from counter_app.domain.licences import LicenceAction
from counter_app.services import licences, queue
from counter_app.services.access import Actor
from counter_app.services.licences import printouts
from counter_app.ui.cases.desk import CounterWorkspace
from counter_app.ui.counter.panel import CounterPanel
from counter_app.ui.licences.printing import LicencePrintFlow
from counter_app.ui.licences.renewal import RenewalFlow
from counter_app.ui.main_window import RoleWindow
from counter_app.ui.shared import slip_preview
from counter_app.ui.shared.backend import Backend
from counter_app.ui.shared.operations import LIVE_RUNNERS
from tests.case_support import credit_code, enterprise
from tests.pdf_tools import pdf_text
from tests.queue_support import counter_id, staff
from tests.test_case_form import call_a_ticket, focused, key, settle, type_text
from tests.test_licence_renewal import _renewable_licence

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier

# ---------------------------------------------------------------- printing to a PDF file


@pytest.fixture
def print_to_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[], Path]]:
    """Every print goes to a PDF file (the print dialog accepted as shown); the function
    returns the file the last print was written to."""
    folder = tmp_path / "printed"
    folder.mkdir()
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(folder / "first.pdf"))
    monkeypatch.setattr(slip_preview, "default_printer", lambda: printer)
    shown: list[str] = []

    def accept(dialog: QPrintDialog) -> bool:
        shown.append(dialog.printer().outputFileName())
        return True

    monkeypatch.setattr(slip_preview, "_run_dialog", accept)
    slip_preview.forget_printer()
    yield lambda: Path(shown[-1])
    slip_preview.forget_printer()


@pytest.fixture
def counter(demo_database: Database, clerk: Actor) -> int:
    counter = counter_id(demo_database, 1)
    queue.open_counter(clerk, counter)
    return counter


@pytest.fixture
def backend(qtbot: QtBot, clerk: Actor) -> Iterator[Backend]:
    made = Backend(clerk)
    yield made
    made.stop()
    assert not made.operations.running and made.operations not in LIVE_RUNNERS


@pytest.fixture
def host(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.resize(1200, 900)
    widget.show()
    return widget


def idle(qtbot: QtBot, backend: Backend) -> None:
    qtbot.waitUntil(lambda: backend.operations.idle, timeout=15_000)


# ---------------------------------------------------------------- the print flow


def test_a_licence_printed_recorded_and_a_reprint_asks_the_reason(
    qtbot: QtBot, demo_database: Database, clerk: Actor, counter: int, backend: Backend, host: QWidget,
    print_to_file: Callable[[], Path], licence_signer: None,
) -> None:
    licence = _renewable_licence(demo_database, clerk, counter, 301)
    flow = LicencePrintFlow(backend, host)
    flow.start([licence.id])
    qtbot.waitUntil(lambda: flow.preview is not None and flow.preview.has_pdf(), timeout=20_000)
    preview = flow.preview
    assert preview is not None and licence.number in preview.heading.text()
    assert licences.licence_prints(clerk, licence.id) == []  # nothing recorded before the print
    with qtbot.waitSignal(flow.printed, timeout=15_000) as printed:
        assert preview.print_document()
    assert printed.args == [[licence.id]]
    assert licence.number in pdf_text(print_to_file())
    assert "recorded" in preview.message.text()
    assert not preview.print_document()  # printed once: another copy is a reprint
    assert len(licences.licence_prints(clerk, licence.id)) == 1
    preview.reject()

    # Again: the service says it was printed before, the reason is asked, printed on it.
    flow.start([licence.id])
    qtbot.waitUntil(lambda: flow.reason_dialog is not None, timeout=15_000)
    dialog = flow.reason_dialog
    assert dialog is not None and licence.number in dialog.note.text()
    assert not dialog.ok_button.isEnabled()
    dialog.choose(4)  # "other" without words: not yet
    assert not dialog.ok_button.isEnabled()
    dialog.choose(2, "水渍")
    assert dialog.reason() == "Damaged：水渍"
    dialog.accept()
    qtbot.waitUntil(lambda: flow.preview is not None and flow.preview.has_pdf(), timeout=20_000)
    assert flow.preview is not None and "reprint" in flow.preview.heading.text()
    with qtbot.waitSignal(flow.printed, timeout=15_000):
        assert flow.preview.print_document()
    assert "补打" in pdf_text(print_to_file())
    prints = licences.licence_prints(clerk, licence.id)
    assert [(record.reprint, record.reason) for record in prints] == [(False, None), (True, "Damaged：水渍")]
    flow.close()
    idle(qtbot, backend)


def test_a_reprint_cancelled_prints_nothing_and_a_refusal_is_shown(
    qtbot: QtBot, demo_database: Database, clerk: Actor, counter: int, backend: Backend, host: QWidget,
    print_to_file: Callable[[], Path], licence_signer: None,
) -> None:
    licence = _renewable_licence(demo_database, clerk, counter, 302)
    flow = LicencePrintFlow(backend, host)
    flow.start([licence.id], reprint=True)
    assert flow.reason_dialog is not None
    flow.reason_dialog.reject()
    assert not flow.busy
    idle(qtbot, backend)
    assert flow.preview is None and licences.licence_prints(clerk, licence.id) == []

    # A licence that cannot be printed (revoked): the reason shown, translated, no traceback.
    licences.change_licence_status(staff(demo_database, "kg_zb"), licence.id, LicenceAction.REVOKE, "测试")
    flow.start([licence.id])
    qtbot.waitUntil(lambda: flow.message_box is not None, timeout=15_000)
    assert flow.message_box is not None and "only a valid licence is printed" in flow.message_box.text()
    assert flow.preview is None
    flow.close()


def test_a_batch_shows_its_progress_and_can_be_cancelled(
    qtbot: QtBot, demo_database: Database, clerk: Actor, counter: int, backend: Backend, host: QWidget,
    print_to_file: Callable[[], Path], licence_signer: None, monkeypatch: pytest.MonkeyPatch,
) -> None:
    batch = [_renewable_licence(demo_database, clerk, counter, serial) for serial in (311, 312, 313)]
    ids = [licence.id for licence in batch]
    real = printouts.render_licences
    first_page, go_on = threading.Event(), threading.Event()

    def slow(documents: Any, progress: Callable[[int, int], bool] | None = None) -> bytes | None:
        def paced(done: int, total: int) -> bool:
            assert progress is not None
            if done == 1:
                progress(done, total)
                first_page.set()
                go_on.wait(10)  # the clerk cancels meanwhile (or not)
            return progress(done, total)

        return real(documents, paced)

    monkeypatch.setattr(printouts, "render_licences", slow)
    flow = LicencePrintFlow(backend, host)
    flow.start(ids)
    dialog = flow.progress_dialog
    assert dialog is not None and dialog.maximum() == 3
    assert first_page.wait(15)
    qtbot.waitUntil(lambda: dialog.value() == 1 and dialog.isVisible(), timeout=5000)  # shown once it takes a while
    assert "1 of 3" in dialog.labelText()
    cancel = dialog.findChild(QPushButton)
    assert cancel is not None
    cancel.click()
    go_on.set()
    idle(qtbot, backend)
    assert flow.progress_dialog is None and flow.preview is None and not flow._timer.isActive()

    # Not cancelled: one PDF of three pages, one print, three licences recorded.
    flow.start(ids)
    qtbot.waitUntil(lambda: flow.preview is not None and flow.preview.has_pdf(), timeout=30_000)
    preview = flow.preview
    assert preview is not None and preview.preview.document.pageCount() == 3
    with qtbot.waitSignal(flow.printed, timeout=15_000) as printed:
        assert preview.print_document()
    assert printed.args == [ids]
    text = pdf_text(print_to_file())
    assert all(licence.number in text for licence in batch)
    assert all(len(licences.licence_prints(clerk, licence_id)) == 1 for licence_id in ids)
    flow.close()
    QApplication.processEvents()


# ---------------------------------------------------------------- the renewal at the counter


@pytest.fixture
def renewal_window(
    qtbot: QtBot, hall_open_all_day: Database, clerk: Actor, licence_signer: None
) -> Iterator[RoleWindow]:
    """The clerk's window, signed in at counter 1 (by F10)."""
    window = RoleWindow(clerk)
    qtbot.addWidget(window, before_close_func=lambda w: w.leave())
    window.resize(1600, 1000)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    panel = window.counter_panel
    assert isinstance(panel, CounterPanel)
    qtbot.waitUntil(lambda: bool(panel.counters), timeout=10_000)
    settle(qtbot, window)
    panel.counter_choice.setCurrentIndex(panel.counter_choice.findData(counter_id(hall_open_all_day, 1)))
    settle(qtbot, window)
    qtbot.keyClick(window, Key.Key_F10)
    settle(qtbot, window)
    assert panel.signed_in_here()
    yield window
    window.leave()
    assert not window.backend.operations.running and window.backend.operations not in LIVE_RUNNERS


def flow_of(window: RoleWindow) -> tuple[CounterWorkspace, RenewalFlow]:
    workspace = window.workspace("counter")
    assert isinstance(workspace, CounterWorkspace)
    return workspace, workspace.renewal


def back_to(qtbot: QtBot, window: RoleWindow, widget: QWidget) -> None:
    """A dialog closed (offscreen, nothing activates the window again): the focus back."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    widget.setFocus()


def search_licence(qtbot: QtBot, window: RoleWindow, flow: RenewalFlow, text: str) -> None:
    """Typed (or scanned: a wedge scanner types the payload) into the search, then Enter."""
    flow.search.setFocus()
    key(qtbot, Key.Key_A, CTRL)
    type_text(qtbot, text)
    key(qtbot, Key.Key_Return)
    qtbot.waitUntil(lambda: not flow.busy, timeout=10_000)
    settle(qtbot, window)


def payload_of(database: Database, licence_id: int) -> str:
    with database.reading() as session:
        payload = session.scalar(select(Licence.qr_payload).where(Licence.id == licence_id))
    assert payload
    return payload


def test_a_licence_renewed_from_the_ticket_in_hand_and_printed(
    qtbot: QtBot, renewal_window: RoleWindow, hall_open_all_day: Database, supervisor: Actor, clerk: Actor,
    print_to_file: Callable[[], Path],
) -> None:
    database, window = hall_open_all_day, renewal_window
    workspace, flow = flow_of(window)
    counter = counter_id(database, 1)
    far = _renewable_licence(database, clerk, counter, 401, days_left=400)
    near = _renewable_licence(database, clerk, counter, 402)
    assert far.valid_to is not None
    ticket = call_a_ticket(qtbot, window, database, supervisor)
    assert flow.ticket_in_hand is not None and flow.ticket_in_hand.id == ticket.id

    # Ctrl+R: the renewal tab, for the ticket in hand, the cursor in the licence search.
    key(qtbot, Key.Key_R, CTRL)
    assert workspace.case_tabs.currentWidget() is flow and focused() is flow.search
    assert flow.title.text() == f"Renew a licence for ticket {ticket.label}"
    assert flow.steps.state(1) == "current"

    # 1 By its number: one licence, chosen at once; the kind from the licence; the cursor in the code.
    search_licence(qtbot, window, flow, far.number)
    assert flow.licence is not None and flow.licence.id == far.id
    assert flow.results_table.rowCount() == 1 and far.number in flow.results_table.item(0, 0).text()
    assert flow.applicant.applicant_kind is ApplicantKind.ENTERPRISE and focused() is flow.applicant.code.edit
    assert flow.steps.state(1) == "done" and flow.steps.state(2) == "current"

    # 2 Someone else's code: every refusal listed, translated, with its dates.
    type_text(qtbot, credit_code(403))
    qtbot.waitUntil(lambda: len(flow.refusals) == 2, timeout=10_000)
    shown = flow.eligibility_details.text()
    assert f"Renewal of licence {far.number} opens on" in shown and far.valid_to.isoformat() in shown
    assert f"The applicant is not the holder of licence {far.number}." in shown
    assert "2 reason(s)" in flow.eligibility_heading.text()
    assert not flow.print_letter_button.isEnabled() and not flow.signed.isEnabled()
    assert flow.steps.state(2) == "current"

    # The other licence by its QR code, scanned; the right holder's code: eligible.
    search_licence(qtbot, window, flow, payload_of(database, near.id))
    assert flow.licence is not None and flow.licence.id == near.id
    qtbot.waitUntil(lambda: flow.refusals == [f"The applicant is not the holder of licence {near.number}."], timeout=10_000)
    flow.applicant.code.edit.setFocus()
    key(qtbot, Key.Key_A, CTRL)
    type_text(qtbot, credit_code(402))
    qtbot.waitUntil(lambda: flow.eligible() and not flow.busy, timeout=10_000)
    assert flow.applicant.name.text() == enterprise(402).name  # a known holder: filled in
    check = flow.check
    assert check is not None and check.new_valid_from is not None and check.new_valid_to is not None
    details = flow.eligibility_details.text()
    assert f"New licence valid {check.new_valid_from.isoformat()} to {check.new_valid_to.isoformat()}" in details
    assert "Can be renewed" in flow.eligibility_heading.text() and flow.steps.state(3) == "current"

    # 3 The commitment letter, previewed to print and sign.
    flow.print_letter_button.setFocus()
    key(qtbot, Key.Key_Space)
    preview = flow.preview
    assert preview is not None and preview.isVisible() and near.number in preview.heading.text()
    qtbot.waitUntil(preview.has_pdf, timeout=20_000)
    assert "承诺书" in preview.preview.document.getAllText(0).text()
    key(qtbot, Key.Key_Escape)
    back_to(qtbot, window, flow.signed)

    # 4 Not signed: refused, with the reason; nothing issued.
    key(qtbot, Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: "not signed" in flow.message.text(), timeout=10_000)
    assert flow.renewal is None
    assert licences.find_licences(clerk, near.number)[0].replaced is False
    key(qtbot, Key.Key_Space)
    assert flow.signed.isChecked() and flow.steps.state(4) == "current"
    key(qtbot, Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: flow.renewal is not None, timeout=15_000)
    renewal = flow.renewal
    assert renewal is not None and flow.result.isVisible()
    assert flow.new_number.text() == renewal.licence.number != near.number
    assert renewal.licence.valid_to is not None and renewal.inspection_due is not None
    text = flow.new_details.text()
    assert f"Valid {renewal.licence.valid_from.isoformat()} to {renewal.licence.valid_to.isoformat()}" in text
    assert f"Licence {near.number} is replaced" in text and renewal.inspection_due.day.isoformat() in text
    assert ("provisional" in text) is renewal.inspection_due.provisional
    assert renewal.case.ticket_label == ticket.label and flow.steps.state(4) == "done"
    assert flow.title.text() == f"Licence {renewal.licence.number} renewed for ticket {ticket.label}"
    assert licences.find_licences(clerk, near.number)[0].replaced
    assert focused() is flow.print_licence_button

    # Printed (Ctrl+P): the preview gets the PDF; printing records it, once.
    assert flow.leave_warning() is not None  # not printed yet
    key(qtbot, Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: flow.print_flow.preview is not None and flow.print_flow.preview.has_pdf(), timeout=20_000)
    licence_preview = flow.print_flow.preview
    assert licence_preview is not None and renewal.licence.number in licence_preview.heading.text()
    with qtbot.waitSignal(flow.print_flow.printed, timeout=15_000):
        qtbot.keyClick(licence_preview, Key.Key_P, CTRL)
    assert renewal.licence.number in pdf_text(print_to_file())
    qtbot.waitUntil(lambda: flow.printed, timeout=5000)
    assert len(licences.licence_prints(clerk, renewal.licence.id)) == 1
    assert "printed and recorded" in flow.message.text() and flow.leave_warning() is None
    key(qtbot, Key.Key_Escape)

    # A second print is a reprint: its reason asked first.
    back_to(qtbot, window, flow.print_licence_button)
    assert flow.print_licence_button.text() == "Print again (reprint)…"
    key(qtbot, Key.Key_Space)
    dialog = flow.print_flow.reason_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.choose(3)
    dialog.accept()
    qtbot.waitUntil(lambda: flow.print_flow.preview is not None and flow.print_flow.preview.has_pdf(), timeout=20_000)
    reprint = flow.print_flow.preview
    assert reprint is not None and "Print failed" in reprint.heading.text()
    reprint.reject()

    # Done: cleared for the next visitor, the ticket kept (still in hand).
    back_to(qtbot, window, flow.done_button)
    key(qtbot, Key.Key_Space)
    assert flow.renewal is None and flow.licence is None and flow.pristine() and focused() is flow.search
    assert flow.ticket is not None and flow.ticket.id == ticket.id and flow.steps.state(1) == "current"
    settle(qtbot, window)


def test_a_holders_code_scanned_lists_its_licences_and_a_counter_is_needed(
    qtbot: QtBot, demo_database: Database, clerk: Actor, counter: int, backend: Backend, licence_signer: None,
) -> None:
    """No counter signed in, no ticket: the page still finds and checks, and says what to do."""
    first = _renewable_licence(demo_database, clerk, counter, 405)
    second = _renewable_licence(demo_database, clerk, counter, 405, days_left=20)
    flow = RenewalFlow(backend, lambda: None)
    qtbot.addWidget(flow)
    flow.resize(1200, 900)
    with qtbot.waitActive(flow):
        flow.show()
        flow.activateWindow()
    assert flow.title.text() == "Renew a licence on commitment (no ticket in hand)"
    flow.search.setFocus()
    type_text(qtbot, credit_code(405))
    key(qtbot, Key.Key_Return)
    qtbot.waitUntil(lambda: flow.results_table.rowCount() == 2 and not flow.busy, timeout=10_000)
    assert flow.licence is None and "2 licences found" in flow.search_status.text()
    assert flow.applicant.code.text() == credit_code(405)  # the scanned code is the applicant's too
    assert {flow.results_table.item(row, 0).text() for row in range(2)} == {first.number, second.number}
    key(qtbot, Key.Key_Down)
    key(qtbot, Key.Key_Return)
    chosen = flow.results[1]
    assert flow.licence is not None and flow.licence.id == chosen.id
    qtbot.waitUntil(lambda: flow.eligible() and not flow.busy, timeout=10_000)
    flow.print_commitment_letter()
    assert "sign in at it (F10)" in flow.message.text() and flow.preview is None
    flow.signed.setChecked(True)
    flow.issue()
    assert "sign in at it (F10)" in flow.message.text() and flow.renewal is None
    # Starting over discards a renewal under way only when asked twice.
    assert flow.leave_warning() is not None
    assert not flow.new_renewal() and "press again" in flow.message.text() and flow.licence is not None
    assert flow.new_renewal() and flow.pristine() and flow.results_table.rowCount() == 0
    idle(qtbot, backend)
    flow.stop()
