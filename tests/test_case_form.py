"""Application entry at the counter, by keyboard alone (no mouse): the ticket in hand, Ctrl+N,
the item found as typed, the applicant, the materials (Space, Tab), Ctrl+Enter; an
accepted case with its notice, one with a 容缺 material deferred, one refused with the
one-time notice recorded in the "不说NO" register. On both databases.

Keys go to the widget that has the focus, as a keyboard's do; Chinese text arrives as an
input method commits it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from counter_app.db.engine import Database
from counter_app.db.models import ServiceItem
from counter_app.domain.applicants import ApplicantKind
from counter_app.domain.cases import CaseStatus, MaterialState, Route, mask_phone
from counter_app.domain.queue import TicketStatus
from counter_app.services import cases, queue
from counter_app.services.access import Actor
from counter_app.ui.cases.desk import CounterWorkspace
from counter_app.ui.cases.form import ApplicationForm
from counter_app.ui.counter.panel import CounterPanel
from counter_app.ui.main_window import RoleWindow
from counter_app.ui.shared.operations import LIVE_RUNNERS
from tests.case_support import application, credit_code, enterprise, item_where, person, resident_id
from tests.queue_support import counter_id, hall_id, line_id

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier


# ---------------------------------------------------------------- the keyboard


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def key(qtbot: QtBot, which: Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focused(), which, modifier)


def type_text(qtbot: QtBot, text: str) -> None:
    """Type ``text`` into the focused field: ASCII key by key, the rest as an input method commits it."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(focused(), char)
        else:
            event = QInputMethodEvent()
            event.setCommitString(char)
            QApplication.sendEvent(focused(), event)


def tab_to(qtbot: QtBot, target: QWidget, limit: int = 40) -> None:
    """Tab until ``target`` has the focus (as a clerk would; fails if the chain never reaches it)."""
    for _ in range(limit):
        if focused() is target:
            return
        key(qtbot, Key.Key_Tab)
    raise AssertionError(f"Tab never reached {target.objectName()}; stuck at {focused().objectName()}")


def settle(qtbot: QtBot, window: RoleWindow) -> None:
    qtbot.waitUntil(lambda: window.backend.operations.idle, timeout=10_000)


# ---------------------------------------------------------------- the window


@pytest.fixture
def counter_window(qtbot: QtBot, hall_open_all_day: Database, clerk: Actor) -> Iterator[RoleWindow]:
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


def parts(window: RoleWindow) -> tuple[CounterWorkspace, CounterPanel, ApplicationForm]:
    workspace = window.workspace("counter")
    assert isinstance(workspace, CounterWorkspace)
    return workspace, workspace.panel, workspace.form


def call_a_ticket(qtbot: QtBot, window: RoleWindow, database: Database, supervisor: Actor) -> queue.TicketView:
    """A visitor's ticket, called with F1 and served with F3: the ticket in hand."""
    issued = queue.issue_ticket(supervisor, line_id(database, "A"))
    _workspace, panel, form = parts(window)
    panel.refresh()
    settle(qtbot, window)
    key(qtbot, Key.Key_F1)
    settle(qtbot, window)
    key(qtbot, Key.Key_F3)
    settle(qtbot, window)
    ticket = panel.focus_ticket()
    assert ticket is not None and ticket.id == issued.ticket.id and ticket.status is TicketStatus.SERVING
    assert form.ticket_in_hand is not None and form.ticket_in_hand.id == ticket.id
    return ticket


def new_case_and_pick(qtbot: QtBot, window: RoleWindow, item: ServiceItem, typed: str | None = None) -> None:
    """Ctrl+N, the item typed into the search (its code by default), Enter."""
    _workspace, _panel, form = parts(window)
    key(qtbot, Key.Key_N, CTRL)
    assert focused() is form.search
    qtbot.waitUntil(lambda: form.index is not None, timeout=10_000)
    type_text(qtbot, typed or item.code)
    current = form.item_list.currentItem()
    assert current is not None and current.data(Qt.ItemDataRole.UserRole) == item.id
    key(qtbot, Key.Key_Return)
    qtbot.waitUntil(lambda: form.item is not None and form.item.item_id == item.id, timeout=10_000)
    assert focused() is form.applicant.kind  # on to the applicant
    assert form.guide.item is not None and item.name in form.guide.toPlainText()


def enter_enterprise(qtbot: QtBot, form: ApplicationForm, serial: int) -> None:
    """From the applicant kind: the credit code, then every field, by Tab."""
    details = enterprise(serial)
    key(qtbot, Key.Key_Tab)
    assert focused() is form.applicant.code.edit
    type_text(qtbot, details.code)
    qtbot.waitUntil(lambda: not form.applicant.busy, timeout=10_000)
    assert form.applicant.code.note.text().startswith("valid")
    for value in (details.name, details.legal_representative, details.address, details.contact_name, details.phone):
        key(qtbot, Key.Key_Tab)
        type_text(qtbot, value)
    assert form.applicant.details() == details


def tick_materials(qtbot: QtBot, form: ApplicationForm, received: list[bool], pages: str = "2") -> None:
    """From wherever the focus is: Tab to each material, Space to receive it, its pages typed."""
    for row, wanted in zip(form.materials.rows, received, strict=True):
        tab_to(qtbot, row.received)
        if wanted:
            key(qtbot, Key.Key_Space)
            key(qtbot, Key.Key_Tab)
            assert focused() is row.form
            key(qtbot, Key.Key_Tab)
            assert focused() is row.pages
            key(qtbot, Key.Key_A, CTRL)
            type_text(qtbot, pages)
        assert row.received.isChecked() is wanted


# ---------------------------------------------------------------- the tests


def test_a_whole_case_by_keyboard_accepted_with_its_notice(
    qtbot: QtBot, counter_window: RoleWindow, hall_open_all_day: Database, supervisor: Actor, clerk: Actor
) -> None:
    database, window = hall_open_all_day, counter_window
    workspace, panel, form = parts(window)
    assert window.tabs.tabText(0) == "Counter" and workspace.case_tabs.currentWidget() is form
    ticket = call_a_ticket(qtbot, window, database, supervisor)
    item = item_where(database, deferrable=False, commit=False)
    new_case_and_pick(qtbot, window, item)
    assert form.title.text() == f"New case for ticket {ticket.label}"
    enter_enterprise(qtbot, form, 31)
    tick_materials(qtbot, form, [True] * len(item.materials))
    assert all(row.status.text() == "received" for row in form.materials.rows)
    # The summary masks the phone (a credit code is public).
    assert mask_phone("13812345678") in form.summary.text() and "13812345678" not in form.summary.text()

    key(qtbot, Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: form.view is not None, timeout=10_000)
    view = form.view
    assert view is not None
    assert form.result_number.text() == view.number and form.result_frame.isVisible()
    assert view.ticket_label == ticket.label and view.item.item_id == item.id
    assert all(material.state is MaterialState.RECEIVED and material.pages == 2 for material in view.materials)
    # The notice's preview is open, with the case number, and its PDF shown.
    preview = form.preview
    assert preview is not None and preview.isVisible() and view.number in preview.heading.text()
    qtbot.waitUntil(preview.has_pdf, timeout=20_000)
    assert preview.preview.document.pageCount() >= 1
    assert view.number in preview.preview.document.getAllText(0).text()
    key(qtbot, Key.Key_Escape)
    assert form.preview is None or not form.preview.isVisible()

    # In the database, through the services.
    stored = cases.get_case(clerk, view.number)
    assert stored.applicant.code == credit_code(31) and stored.ticket_label == ticket.label
    assert stored.status in (CaseStatus.ACCEPTED, CaseStatus.APPROVED)

    # The counter's keys still work beside the form: F4 finishes the ticket.
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    form.search.setFocus()
    key(qtbot, Key.Key_F4)
    settle(qtbot, window)
    assert panel.focus_ticket() is None


def test_a_deferrable_material_follows_later(
    qtbot: QtBot, counter_window: RoleWindow, hall_open_all_day: Database, supervisor: Actor, clerk: Actor
) -> None:
    database, window = hall_open_all_day, counter_window
    _workspace, _panel, form = parts(window)
    call_a_ticket(qtbot, window, database, supervisor)
    item = item_where(database, deferrable=True)
    new_case_and_pick(qtbot, window, item)
    # A person: Down in the applicant kind, then the ID, name, address, phone.
    key(qtbot, Key.Key_Down)
    assert form.applicant.kind.currentText() == "Person"
    key(qtbot, Key.Key_Tab)
    type_text(qtbot, resident_id(41)[:10])
    assert form.applicant.code.note.text() == "10 of 18 characters"
    type_text(qtbot, resident_id(41)[10:])
    qtbot.waitUntil(lambda: not form.applicant.busy, timeout=10_000)
    key(qtbot, Key.Key_Tab)
    assert focused() is form.applicant.name.edit
    type_text(qtbot, "张伟")
    key(qtbot, Key.Key_Tab)
    assert focused() is form.applicant.address.edit  # no legal representative for a person
    type_text(qtbot, "天津市滨海新区")
    key(qtbot, Key.Key_Tab)
    type_text(qtbot, "13900001111")
    deferrable = [material.deferrable for material in item.materials]
    tick_materials(qtbot, form, [not flag for flag in deferrable])
    statuses = [row.status.text() for row in form.materials.rows]
    assert [text.startswith("Deferred") for text in statuses] == deferrable
    # Masked in the summary: the ID number and the phone.
    assert resident_id(41) not in form.summary.text() and "1201**********" in form.summary.text()

    key(qtbot, Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: form.view is not None, timeout=10_000)
    view = form.view
    assert view is not None and view.materials_due is not None
    deferred = [m for m in view.materials if m.state is MaterialState.DEFERRED]
    assert [m.position for m in deferred] == [i for i, flag in enumerate(deferrable) if flag]
    for row in form.materials.rows:
        if row.deferrable:
            assert row.status.text() == f"Deferred: due {view.materials_due.isoformat()}"
    assert f"deferred materials due {view.materials_due.isoformat()}" in form.result_dues.text()
    assert ("Provisional" in form.result_dues.text()) is view.due_provisional
    assert cases.get_case(clerk, view.number).outstanding

    # Ctrl+N: the next case of the same ticket, the form cleared, the cursor in the search.
    key(qtbot, Key.Key_Escape)  # the notice's preview
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    form.new_case_button.setFocus()
    key(qtbot, Key.Key_N, CTRL)
    assert focused() is form.search and form.view is None and form.item is None
    assert form.applicant.is_empty() and not form.result_frame.isVisible()
    assert form.ticket is not None and form.title.text() == f"New case for ticket {form.ticket.label}"


def test_missing_materials_refused_and_the_one_time_notice_recorded(
    qtbot: QtBot, counter_window: RoleWindow, hall_open_all_day: Database, supervisor: Actor
) -> None:
    database, window = hall_open_all_day, counter_window
    _workspace, _panel, form = parts(window)
    ticket = call_a_ticket(qtbot, window, database, supervisor)
    item = item_where(database, deferrable=False, commit=False)
    assert len(item.materials) >= 2
    new_case_and_pick(qtbot, window, item)
    enter_enterprise(qtbot, form, 51)
    tick_materials(qtbot, form, [True] + [False] * (len(item.materials) - 1))
    assert [row.status.text() for row in form.materials.rows[1:]] == ["missing"] * (len(item.materials) - 1)

    key(qtbot, Key.Key_Return, CTRL)
    qtbot.waitUntil(form.refusal_frame.isVisible, timeout=10_000)
    assert form.view is None
    names = tuple(material.name for material in item.materials[1:])
    assert form.missing == names
    assert all(name in form.missing_list.text() for name in names)
    assert form.reason.toPlainText() == "The following materials are missing: " + "、".join(names)
    assert "Not accepted" in form.message.text()
    assert focused() is form.one_time_button
    key(qtbot, Key.Key_Space)
    qtbot.waitUntil(lambda: form.unmet_entry_id is not None, timeout=10_000)
    preview = form.preview
    assert preview is not None and preview.isVisible()
    qtbot.waitUntil(preview.has_pdf, timeout=20_000)
    assert "一次性告知单" in preview.preview.document.getAllText(0).text()
    # Printing it again records nothing more.
    key(qtbot, Key.Key_Escape)
    form.print_one_time_notice()
    settle(qtbot, window)

    register = cases.unmet_requests(supervisor, hall_id(database))
    assert len(register) == 1
    entry = register[0]
    assert entry.id == form.unmet_entry_id and entry.missing == names
    assert entry.applicant_code_shown == credit_code(51) and entry.item_name == item.name
    assert entry.reason.startswith("The following materials are missing")
    del ticket


def test_automatic_entry_scanned_case_numbers_and_unprintable_names(
    qtbot: QtBot, counter_window: RoleWindow, hall_open_all_day: Database, supervisor: Actor, clerk: Actor
) -> None:
    database, window = hall_open_all_day, counter_window
    workspace, _panel, form = parts(window)
    item = item_where(database, deferrable=False, commit=False)
    earlier = cases.accept_case(clerk, counter_id(database, 1), application(item, enterprise(61)))
    new_case_and_pick(qtbot, window, item)
    key(qtbot, Key.Key_Tab)
    type_text(qtbot, credit_code(61))
    qtbot.waitUntil(lambda: form.applicant.known is not None, timeout=10_000)
    assert form.applicant.name.text() == enterprise(61).name  # filled in
    assert f"1 case(s), last {earlier.number}" in form.applicant.known_label.text()
    assert not form.applicant.changes_label.isVisible()
    tab_to(qtbot, form.applicant.phone.edit)
    key(qtbot, Key.Key_A, CTRL)
    type_text(qtbot, "13700001234")
    assert "phone" in form.applicant.changes_label.text() and "history" in form.applicant.changes_label.text()
    assert "13700001234" not in form.summary.text() and "137****1234" in form.summary.text()

    # A character the printing font cannot draw is named under the field as it is typed.
    tab_to(qtbot, form.applicant.address.edit)
    type_text(qtbot, "\U0002ebf0")  # CJK Extension I: beyond the bundled font
    assert form.applicant.address.level == "warning" and "U+2EBF0" in form.applicant.address.note.text()

    # A case number scanned into the item search finds the case.
    form.search.setFocus()
    key(qtbot, Key.Key_A, CTRL)
    type_text(qtbot, earlier.number.lower())
    assert form.item_list.count() == 0 and earlier.number in form.search_status.text()
    key(qtbot, Key.Key_Return)
    assert workspace.case_tabs.currentWidget() is workspace.search_scroll
    assert workspace.search.search_edit.text() == earlier.number
    settle(qtbot, window)


def test_an_applicants_code_scanned_into_the_item_search_fills_the_applicant(
    qtbot: QtBot, counter_window: RoleWindow, hall_open_all_day: Database, clerk: Actor
) -> None:
    database, window = hall_open_all_day, counter_window
    _workspace, _panel, form = parts(window)
    item = item_where(database, deferrable=False, commit=False)
    cases.accept_case(clerk, counter_id(database, 1), application(item, person(62)))
    new_case_and_pick(qtbot, window, item)
    form.search.setFocus()
    key(qtbot, Key.Key_A, CTRL)
    type_text(qtbot, resident_id(62))  # an ID card reader or a QR scanner types it, then Enter
    key(qtbot, Key.Key_Return)
    qtbot.waitUntil(lambda: form.applicant.known is not None, timeout=10_000)
    assert form.applicant.applicant_kind is ApplicantKind.PERSON and form.applicant.name.text() == person(62).name
    assert form.search.text() == ""


def test_the_commitment_route_printed_signed_and_barred(
    qtbot: QtBot, counter_window: RoleWindow, hall_open_all_day: Database, supervisor: Actor
) -> None:
    database, window = hall_open_all_day, counter_window
    _workspace, _panel, form = parts(window)
    call_a_ticket(qtbot, window, database, supervisor)
    item = item_where(database, commit=True)
    new_case_and_pick(qtbot, window, item)
    assert form.route_box.isVisible() and not form.signed.isVisible()
    enter_enterprise(qtbot, form, 71)
    tab_to(qtbot, form.commitment)
    key(qtbot, Key.Key_Space)
    assert form.route() is Route.COMMITMENT and form.signed.isVisible()
    assert all(row.status.text() == "Committed to" for row in form.materials.rows)

    # The notice and commitment letter, to read and sign.
    key(qtbot, Key.Key_Tab)
    assert focused() is form.print_commitment_button
    key(qtbot, Key.Key_Space)
    preview = form.preview
    assert preview is not None and preview.isVisible()
    qtbot.waitUntil(preview.has_pdf, timeout=20_000)
    assert "承诺书" in preview.preview.document.getAllText(0).text()
    key(qtbot, Key.Key_Escape)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)

    # Not signed yet: refused, with the reason.
    form.print_commitment_button.setFocus()
    key(qtbot, Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: "not signed" in form.message.text(), timeout=10_000)
    assert form.view is None
    key(qtbot, Key.Key_Tab)
    assert focused() is form.signed
    key(qtbot, Key.Key_Space)
    key(qtbot, Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: form.view is not None, timeout=10_000)
    assert form.view is not None and form.view.route is Route.COMMITMENT
    assert form.view.commitment_signed_at is not None
    key(qtbot, Key.Key_Escape)

    # Barred after a false commitment: the next case of the applicant says so, and the route is closed.
    cases.bar_from_commitment(supervisor, ApplicantKind.ENTERPRISE, credit_code(71), "虚假承诺", form.view.number)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    form.search.setFocus()
    new_case_and_pick(qtbot, window, item)
    key(qtbot, Key.Key_Tab)
    type_text(qtbot, credit_code(71))
    qtbot.waitUntil(lambda: form.applicant.known is not None, timeout=10_000)
    assert form.applicant.barred_label.isVisible() and "虚假承诺" in form.applicant.barred_label.text()
    assert not form.commitment.isEnabled()
