"""Finding and continuing cases on screen, and the supervisors' "不说NO" register, on both
databases: a case number typed (as a scanner types it) and Enter opens the case; an
overdue case is red, one due soon amber; approving from the page moves the case; an
entry of the register followed up leaves the open list."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from counter_app.db.engine import Database
from counter_app.db.models import ServiceItem
from counter_app.domain.cases import CaseAction, CaseStatus, LimitUnit
from counter_app.services import cases, queue
from counter_app.services.access import Actor
from counter_app.services.calendar import forget_working_calendar
from counter_app.services.cases import CaseView
from counter_app.ui.cases.case_models import OVERDUE_BACKGROUND, SOON_BACKGROUND
from counter_app.ui.cases.case_page import CaseActionDialog
from counter_app.ui.cases.register import CasesWorkspace, UnmetRegister
from counter_app.ui.cases.search import CaseSearch
from counter_app.ui.shared.backend import Backend
from tests.case_support import application, enterprise, item_where, person
from tests.queue_support import counter_id, staff

WAIT_MS = 10_000


@dataclass(frozen=True)
class Accepted:
    counter: int
    recent: CaseView  # accepted today, every material received
    other: CaseView  # accepted today
    overdue: CaseView  # accepted weeks ago: past its promised date


@pytest.fixture
def accepted(demo_database: Database, clerk: Actor, monkeypatch: pytest.MonkeyPatch) -> Accepted:
    item = item_where(demo_database, deferrable=False, commit=False, on_the_spot=False)
    with demo_database.transaction() as session:
        row = session.get(ServiceItem, item.id)
        assert row is not None
        row.promised_limit, row.promised_limit_unit = 5, LimitUnit.WORKING_DAYS.value
        row.statutory_limit, row.statutory_limit_unit, row.extension_days = 20, LimitUnit.WORKING_DAYS.value, 10
    counter = counter_id(demo_database, 1)
    queue.open_counter(clerk, counter)
    real_now = clerk.database.now
    weeks_ago = real_now() - timedelta(days=40)
    monkeypatch.setattr(clerk.database, "now", lambda: weeks_ago)
    forget_working_calendar(clerk.database)
    overdue = cases.accept_case(clerk, counter, application(item, enterprise(31)))
    monkeypatch.setattr(clerk.database, "now", real_now)
    forget_working_calendar(clerk.database)
    recent = cases.accept_case(clerk, counter, application(item, enterprise(32)))
    other = cases.accept_case(clerk, counter, application(item, person(33, name="欧阳娜")))
    return Accepted(counter, recent, other, overdue)


@pytest.fixture
def search(qtbot: QtBot, clerk: Actor, accepted: Accepted) -> Iterator[CaseSearch]:
    backend = Backend(clerk)
    widget = CaseSearch(backend, counter_id=lambda: accepted.counter)
    qtbot.addWidget(widget)
    widget.resize(1600, 900)
    try:
        widget.show()
        qtbot.waitUntil(lambda: widget.model.rowCount() == 3, timeout=WAIT_MS)
        yield widget
    finally:
        widget.stop()
        backend.stop()


def _row_of(search: CaseSearch, number: str) -> int:
    return next(row for row, case in enumerate(search.model.cases) if case.number == number)


def test_a_scanned_case_number_and_enter_open_the_case(qtbot: QtBot, search: CaseSearch, accepted: Accepted) -> None:
    number = accepted.other.number
    search.search_edit.setFocus()
    qtbot.keyClicks(search.search_edit, number.lower())  # a scanner in lower case is fine too
    qtbot.keyClick(search.search_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: search.showing_case and search.page.case is not None, timeout=WAIT_MS)
    page = search.page
    assert page.case is not None and page.case.number == number
    assert [case.number for case in search.model.cases] == [number]
    assert number in page.title.text() and page.status_chip.text() == "accepted"
    assert page.fields["applicant"].text().startswith("欧阳娜 · ") and "*" in page.fields["applicant"].text()  # masked ID
    assert page.events_model.rowCount() == 1 and page.materials_model.rowCount() == len(accepted.other.materials)
    qtbot.keyClick(page, Qt.Key.Key_Escape)  # back to the results, the case selected
    qtbot.waitUntil(lambda: not search.showing_case, timeout=WAIT_MS)
    # A number that does not exist says so, and stays on the results.
    search.search_for("KG-20000101-9999")
    qtbot.waitUntil(lambda: "KG-20000101-9999" in search.message.text(), timeout=WAIT_MS)
    assert not search.showing_case
    # An applicant's name finds their case; Down and Enter open it from the keyboard.
    search.search_edit.setText("欧阳")
    qtbot.waitUntil(lambda: [case.number for case in search.model.cases] == [number], timeout=WAIT_MS)
    qtbot.keyClick(search.search_edit, Qt.Key.Key_Down)
    qtbot.keyClick(search.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: search.showing_case, timeout=WAIT_MS)


def test_overdue_cases_are_red_and_those_due_soon_amber(qtbot: QtBot, search: CaseSearch, accepted: Accepted) -> None:
    model = search.model
    overdue_row = _row_of(search, accepted.overdue.number)
    recent_row = _row_of(search, accepted.recent.number)
    assert model.cases[overdue_row].overdue
    assert model.data(model.index(overdue_row, 0), Qt.ItemDataRole.BackgroundRole) == OVERDUE_BACKGROUND
    assert "overdue" in str(model.data(model.index(overdue_row, 8)))
    assert model.data(model.index(recent_row, 0), Qt.ItemDataRole.BackgroundRole) is None  # 5 working days away
    search.due_days.setValue(30)  # "due within 30 days": today's cases come within it
    assert model.data(model.index(recent_row, 0), Qt.ItemDataRole.BackgroundRole) == SOON_BACKGROUND
    search.overdue_only.setChecked(True)
    qtbot.waitUntil(lambda: [case.number for case in model.cases] == [accepted.overdue.number], timeout=WAIT_MS)
    assert "1 overdue" in search.summary.text()


def test_approving_from_the_page_changes_the_status(qtbot: QtBot, search: CaseSearch, accepted: Accepted) -> None:
    number = accepted.recent.number
    search.search_for(number)
    qtbot.waitUntil(lambda: search.page.case is not None and search.page.case.number == number, timeout=WAIT_MS)
    page = search.page
    assert page.action_buttons[CaseAction.APPROVE].isVisible()
    assert not page.action_buttons[CaseAction.DELIVER].isVisible()
    assert page.action_buttons[CaseAction.EXTEND].isVisible()  # the item allows one extension
    page.action_buttons[CaseAction.APPROVE].click()
    dialog = page.dialog
    assert isinstance(dialog, CaseActionDialog) and dialog.reason_edit is None
    dialog.accept()
    qtbot.waitUntil(lambda: page.case is not None and page.case.status is CaseStatus.APPROVED, timeout=WAIT_MS)
    assert page.status_chip.text() == "approved"
    assert page.action_buttons[CaseAction.DELIVER].isVisible() and not page.action_buttons[CaseAction.APPROVE].isVisible()
    assert page.events_model.rows[-1].action is CaseAction.APPROVE and page.events_model.rows[-1].counter_number == 1
    # A refusal needs its reason before the button lets it go.
    search.search_for(accepted.other.number)
    qtbot.waitUntil(lambda: page.case is not None and page.case.number == accepted.other.number, timeout=WAIT_MS)
    page.action_buttons[CaseAction.REJECT].click()
    refusal = page.dialog
    assert isinstance(refusal, CaseActionDialog) and refusal.reason_edit is not None
    assert not refusal.ok_button.isEnabled()
    refusal.reason_edit.setPlainText("申请材料与实际经营场所不符")
    assert refusal.ok_button.isEnabled()
    refusal.accept()
    qtbot.waitUntil(lambda: page.case is not None and page.case.status is CaseStatus.REJECTED, timeout=WAIT_MS)
    assert page.fields["reason"].text() == "申请材料与实际经营场所不符"
    # Deciding it again elsewhere meanwhile: the services' refusal is a sentence, not a traceback.
    page.act(CaseAction.APPROVE)
    qtbot.waitUntil(lambda: "cannot be" in page.message.text(), timeout=WAIT_MS)


def test_the_register_lists_an_unmet_request_until_it_is_followed_up(
    qtbot: QtBot, demo_database: Database, clerk: Actor, supervisor: Actor, accepted: Accepted
) -> None:
    item = item_where(demo_database, deferrable=False, commit=False)
    entry = cases.record_unmet_request(
        clerk, accepted.counter, item.id, enterprise(40, phone="13812345678"), ("营业执照",), "缺少营业执照，已一次性告知"
    )
    backend = Backend(supervisor)
    register = UnmetRegister(backend)
    qtbot.addWidget(register)
    try:
        register.show()
        qtbot.waitUntil(lambda: register.model.rowCount() == 1, timeout=WAIT_MS)
        model = register.model
        shown = [model.data(model.index(0, column)) for column in range(model.columnCount())]
        assert shown[1] == "Counter 1" and shown[3] == item.name and shown[5] == "138****5678"
        assert shown[6] == "营业执照" and shown[7] == "缺少营业执照，已一次性告知" and shown[8] == "open"
        assert register.follow_up_button.isEnabled()
        register.follow_up_button.click()
        dialog = register.dialog
        assert dialog is not None and dialog.reason_edit is not None
        dialog.reason_edit.setPlainText("已电话回访，次日补齐材料后受理")
        dialog.accept()
        qtbot.waitUntil(lambda: register.model.rowCount() == 0, timeout=WAIT_MS)
        assert "0 to follow up" in register.title.text()
        register.show_all.setChecked(True)
        qtbot.waitUntil(lambda: register.model.rowCount() == 1, timeout=WAIT_MS)
        assert register.model.entries[0].id == entry and "已电话回访" in str(model.data(model.index(0, 8)))
        assert not register.follow_up_button.isEnabled()
    finally:
        backend.stop()


def test_the_cases_workspace_of_an_administrator_chooses_the_hall(qtbot: QtBot, demo_database: Database, accepted: Accepted) -> None:
    backend = Backend(staff(demo_database, "admin"))
    workspace = CasesWorkspace(backend)
    qtbot.addWidget(workspace)
    try:
        workspace.show()
        qtbot.waitUntil(lambda: workspace.search.model.rowCount() == 3, timeout=WAIT_MS)  # any hall's cases
        assert not workspace.search.page.may_handle  # an administrator looks, the halls act
        workspace.tabs.setCurrentIndex(1)
        qtbot.waitUntil(lambda: workspace.hall_choice.count() >= 2 and workspace.register.hall_id is not None, timeout=WAIT_MS)
        assert workspace.hall_row.isVisible()
        qtbot.waitUntil(lambda: "to follow up" in workspace.register.title.text(), timeout=WAIT_MS)
    finally:
        workspace.stop()
        backend.stop()

