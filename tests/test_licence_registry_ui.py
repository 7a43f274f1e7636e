"""The licences workspace on screen, on both databases: a licence found by number, holder or
its scanned QR code (with the verdict: genuine and valid, genuine but replaced by its
renewal, not genuine when one character of the signature is changed, or what is wrong with
a text that is no licence code); its status changed by a supervisor of its hall as the
domain allows, with a reason and, for a final change, a confirmation; the licences expiring
soon, exported as CSV; a failed inspection revoking the licence; printing from the page."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import select, update

from counter_app.db.engine import Database
from counter_app.db.models import Licence, SigningKey
from counter_app.domain.licence_signing import sign_licence
from counter_app.domain.licences import LicenceAction, LicenceStatus
from counter_app.services import cases, licences, queue
from counter_app.services.access import Actor
from counter_app.services.licences import LicenceView
from counter_app.services.licences.exporting import EXPIRING_COLUMNS
from counter_app.ui.licences.inspections import InspectionDialog
from counter_app.ui.licences.licence_page import StatusChangeDialog
from counter_app.ui.licences.models import ENDED_COLOUR, OPEN_BACKGROUND, VALID_COLOUR
from counter_app.ui.licences.registry import LicencesWorkspace
from counter_app.ui.shared import slip_preview
from counter_app.ui.shared.backend import Backend
from tests.case_support import application, enterprise, item_where, person, resident_id
from tests.queue_support import counter_id, staff
from tests.test_licence_renewal import _renewable_licence

WAIT_MS = 15_000


@pytest.fixture
def signed_in(demo_database: Database, clerk: Actor) -> int:
    counter = counter_id(demo_database, 1)
    queue.open_counter(clerk, counter)
    return counter


def _issue(database: Database, clerk: Actor, counter: int, applicant_serial: int, *, of_person: bool = False) -> LicenceView:
    """A licence issued on the spot to enterprise (or person) ``applicant_serial`` at hall KG."""
    item = item_where(database, on_the_spot=True, deferrable=False, licence=True)
    applicant = person(applicant_serial, name="欧阳娜") if of_person else enterprise(applicant_serial)
    number = cases.accept_case(clerk, counter, application(item, applicant)).licence_numbers[0]
    return licences.find_licences(clerk, number)[0]


def _stored_payload(qtbot: QtBot, database: Database, licence_id: int) -> str:
    """The QR payload the installation signed (on PostgreSQL by the signing agent, a moment later)."""
    found: list[str] = []

    def signed() -> bool:
        with database.reading() as session:
            payload = session.scalar(select(Licence.qr_payload).where(Licence.id == licence_id))
        if payload:
            found.append(payload)
        return bool(payload)

    qtbot.waitUntil(signed, timeout=WAIT_MS)
    return found[-1]


def _payload_as_registered(database: Database, licence_id: int) -> str:
    """The payload the installation's key gives for the licence as the register now holds it
    (a test changed its dates after issue: its stored payload no longer matches)."""
    with database.reading() as session:
        private, key_id = session.execute(
            select(SigningKey.private_key, SigningKey.key_id).where(SigningKey.retired_at.is_(None)).order_by(SigningKey.id.desc())
        ).tuples().first() or ("", "")
        licence = session.get_one(Licence, licence_id)
        return sign_licence(private.encode("ascii"), key_id, licence.identifier, licence.holder_code, licence.valid_from, licence.valid_to)


def _forged(payload: str) -> str:
    """One character of the signature changed (a middle one: the last carries unused bits)."""
    head, signature = payload.rsplit(":", 1)
    middle = len(signature) // 2
    changed = "A" if signature[middle] != "A" else "B"
    return f"{head}:{signature[:middle]}{changed}{signature[middle + 1:]}"


@pytest.fixture
def open_workspace(qtbot: QtBot) -> Iterator[Callable[[Actor], LicencesWorkspace]]:
    made: list[tuple[LicencesWorkspace, Backend]] = []

    def make(actor: Actor) -> LicencesWorkspace:
        backend = Backend(actor)
        workspace = LicencesWorkspace(backend)
        qtbot.addWidget(workspace)
        workspace.resize(1600, 900)
        workspace.show()
        made.append((workspace, backend))
        return workspace

    yield make
    for workspace, backend in made:
        workspace.stop()
        backend.stop()


def _search(qtbot: QtBot, workspace: LicencesWorkspace, text: str, *, scanned: bool = False) -> None:
    search = workspace.search
    search.search_edit.setFocus()
    if scanned:  # a keyboard-wedge scanner types the payload and presses Enter
        search.search_edit.selectAll()
        qtbot.keyClicks(search.search_edit, text)
        qtbot.keyClick(search.search_edit, Qt.Key.Key_Return)
    else:
        search.search_for(text)
    qtbot.waitUntil(lambda: workspace.backend.operations.idle and search.summary.text() not in ("", "Searching…"), timeout=WAIT_MS)


def _open(qtbot: QtBot, workspace: LicencesWorkspace, number: str) -> None:
    workspace.open_licence(number)
    page = workspace.search.page
    qtbot.waitUntil(
        lambda: workspace.search.showing_licence and page.licence is not None and page.licence.number == number
        and page.prints is not None and workspace.backend.operations.idle,
        timeout=WAIT_MS,
    )


# ---------------------------------------------------------------- finding


def test_a_licence_is_found_by_number_and_holder_and_opened(
    qtbot: QtBot, demo_database: Database, clerk: Actor, signed_in: int, open_workspace: Callable[[Actor], LicencesWorkspace]
) -> None:
    company = _issue(demo_database, clerk, signed_in, 501)
    individual = _issue(demo_database, clerk, signed_in, 502, of_person=True)
    workspace = open_workspace(clerk)
    assert [workspace.tabs.tabText(index) for index in range(workspace.tabs.count())] == ["Find and verify", "Expiring soon"]
    search = workspace.search
    _search(qtbot, workspace, company.number)
    model = search.model
    assert [view.number for view in model.licences] == [company.number]
    assert search.banner.isHidden()  # a typed number is searched, not verified
    status = model.index(0, model.STATUS_COLUMN)
    assert model.data(status) == "valid" and model.data(status, Qt.ItemDataRole.ForegroundRole) == QColor(VALID_COLOUR)
    assert "1 licence(s) found, 1 valid today" in search.summary.text()
    # A person by the start of their name: the ID number masked.
    _search(qtbot, workspace, "欧阳")
    assert individual.number in [view.number for view in model.licences]
    holder = str(model.data(model.index(model.row_of(individual.id) or 0, model.HOLDER_COLUMN)))
    assert holder.startswith("欧阳娜 · ") and "*" in holder and resident_id(502) not in holder
    # Opened: every field, no print yet, a clerk prints but changes no status.
    _open(qtbot, workspace, company.number)
    page = search.page
    assert page.title.text() == f"Licence {company.number}" and page.status_chip.text() == "valid"
    assert page.fields["holder"].text() == f"{company.holder_name} · {company.holder_code_shown}"
    assert page.fields["case"].text() == company.case_number and page.fields["identifier"].text() == company.identifier
    assert page.fields["renewal"].text() == (company.renewal_opens.isoformat() if company.renewal_opens else "no renewal: no expiry")
    assert page.prints_model.rowCount() == 0 and not page.prints_empty.isHidden() and page.prints_view.isHidden()
    assert not page.print_button.isHidden() and page.print_button.isEnabled() and page.reprint_button.isHidden()
    assert all(button.isHidden() for button in page.action_buttons.values())
    qtbot.keyClick(page, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not search.showing_licence, timeout=WAIT_MS)
    _search(qtbot, workspace, "津不存在的证照")
    assert model.rowCount() == 0 and search.summary.text() == "No licence found."


def test_a_scanned_code_shows_the_verdict_and_what_is_wrong_with_a_bad_one(
    qtbot: QtBot, demo_database: Database, clerk: Actor, signed_in: int, licence_signer: None,
    open_workspace: Callable[[Actor], LicencesWorkspace],
) -> None:
    licence = _issue(demo_database, clerk, signed_in, 511)
    payload = _stored_payload(qtbot, demo_database, licence.id)
    workspace = open_workspace(clerk)
    search = workspace.search
    banner = search.banner

    def verdict(text: str, kind: str) -> None:
        _search(qtbot, workspace, text, scanned=True)
        qtbot.waitUntil(lambda: banner.kind == kind, timeout=WAIT_MS)

    verdict(payload.lower(), "valid")  # a scanner that types lower case
    assert banner.headline.text() == "Genuine — valid" and licence.number in banner.detail.text()
    assert [view.number for view in search.model.licences] == [licence.number]
    assert search.search_edit.selectedText() == search.search_edit.text()  # the next scan replaces it
    verdict(_forged(payload), "not_genuine")
    assert banner.headline.text().startswith("NOT GENUINE: ") and "forged" in banner.headline.text()
    assert banner.detail.text().startswith("The register holds: ")
    verdict("https://example.com/licence?id=1", "malformed")
    assert banner.headline.text() == "Cannot verify this code" and "colons" in banner.detail.text()
    verdict(payload[:-10], "malformed")  # cut short
    assert "cut short" in banner.detail.text()
    # A renewal replaced it: still genuine, but not in force, and the banner says by which.
    old = _renewable_licence(demo_database, clerk, signed_in, 512)
    renewed = licences.renew_on_commitment(clerk, signed_in, old.id, enterprise(512), commitment_signed=True)
    verdict(_payload_as_registered(demo_database, old.id), "not_in_force")
    assert banner.headline.text() == f"Genuine — but replaced by {renewed.licence.number}"
    assert search.model.data(search.model.index(0, search.model.STATUS_COLUMN)) == "replaced by a renewal"
    # Typed text is searched only: the verdict goes.
    _search(qtbot, workspace, old.number)
    assert banner.isHidden() and banner.kind is None
    _open(qtbot, workspace, old.number)
    page = search.page
    qtbot.waitUntil(lambda: page.fields["replaced_by"].text().endswith(f">{renewed.licence.number}</a>"), timeout=WAIT_MS)
    assert not page.print_button.isEnabled()  # only a valid licence prints
    page._link_activated(page.fields["replaced_by"])  # the link opens the renewal
    qtbot.waitUntil(lambda: page.licence is not None and page.licence.number == renewed.licence.number, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: page.fields["replaces"].text().endswith(f">{old.number}</a>"), timeout=WAIT_MS)


# ---------------------------------------------------------------- status changes


def _enabled(workspace: LicencesWorkspace) -> set[LicenceAction]:
    page = workspace.search.page
    return {action for action, button in page.action_buttons.items() if not button.isHidden() and button.isEnabled()}


def test_a_supervisor_of_the_hall_changes_the_status_as_the_domain_allows(
    qtbot: QtBot, demo_database: Database, clerk: Actor, supervisor: Actor, signed_in: int,
    open_workspace: Callable[[Actor], LicencesWorkspace],
) -> None:
    licence = _issue(demo_database, clerk, signed_in, 521)
    workspace = open_workspace(supervisor)
    _open(qtbot, workspace, licence.number)
    page = workspace.search.page
    assert _enabled(workspace) == {LicenceAction.SUSPEND, LicenceAction.REVOKE, LicenceAction.CANCEL, LicenceAction.WITHDRAW}
    assert "cannot be reinstated now" in page.action_buttons[LicenceAction.REINSTATE].toolTip()
    # Suspend: a reason is required; not final, so no confirmation.
    page.action_buttons[LicenceAction.SUSPEND].click()
    dialog = page.dialog
    assert isinstance(dialog, StatusChangeDialog) and dialog.confirm is None and not dialog.ok_button.isEnabled()
    dialog.reason_edit.setPlainText("经营场所与承诺不符")
    assert dialog.ok_button.isEnabled()
    dialog.accept()
    qtbot.waitUntil(lambda: page.licence is not None and page.licence.status is LicenceStatus.SUSPENDED, timeout=WAIT_MS)
    assert page.status_chip.text() == "suspended" and page.fields["reason"].text() == "经营场所与承诺不符"
    qtbot.waitUntil(lambda: workspace.backend.operations.idle, timeout=WAIT_MS)
    assert _enabled(workspace) == {LicenceAction.REINSTATE, LicenceAction.REVOKE, LicenceAction.CANCEL, LicenceAction.WITHDRAW}
    # Revoke is final: the reason and a tick.
    page.action_buttons[LicenceAction.REVOKE].click()
    revoke = page.dialog
    assert isinstance(revoke, StatusChangeDialog) and revoke.confirm is not None
    revoke.reason_edit.setPlainText("承诺不实")
    assert not revoke.ok_button.isEnabled()
    revoke.confirm.setChecked(True)
    assert revoke.ok_button.isEnabled()
    revoke.accept()
    qtbot.waitUntil(lambda: page.licence is not None and page.licence.status is LicenceStatus.REVOKED, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: workspace.backend.operations.idle, timeout=WAIT_MS)
    assert _enabled(workspace) == set() and page.status_chip.text() == "revoked"
    assert ENDED_COLOUR in page.status_chip.styleSheet()
    assert "revoked" in page.message.text()
    # The search's list shows it too.
    page.back_requested.emit()
    model = workspace.search.model
    qtbot.waitUntil(lambda: model.rowCount() == 1 and model.licences[0].status is LicenceStatus.REVOKED, timeout=WAIT_MS)


def test_a_clerk_and_another_halls_supervisor_cannot_change_the_status(
    qtbot: QtBot, demo_database: Database, clerk: Actor, signed_in: int, open_workspace: Callable[[Actor], LicencesWorkspace],
) -> None:
    licence = _issue(demo_database, clerk, signed_in, 531)
    clerk_view = open_workspace(clerk)
    _open(qtbot, clerk_view, licence.number)
    assert all(button.isHidden() for button in clerk_view.search.page.action_buttons.values())
    elsewhere = open_workspace(staff(demo_database, "hk_zb"))
    _open(qtbot, elsewhere, licence.number)  # found (全区通办)…
    page = elsewhere.search.page
    page.act(LicenceAction.SUSPEND, "另一大厅")  # …but not theirs to change
    qtbot.waitUntil(lambda: page.message.text() != "" and elsewhere.backend.operations.idle, timeout=WAIT_MS)
    assert "There is no licence" in page.message.text() and "Traceback" not in page.message.text()
    assert licences.find_licences(clerk, licence.number)[0].status is LicenceStatus.VALID
    assert page.licence is not None and page.licence.status is LicenceStatus.VALID


# ---------------------------------------------------------------- expiring soon


def test_the_licences_expiring_soon_are_listed_and_exported(
    qtbot: QtBot, demo_database: Database, clerk: Actor, supervisor: Actor, signed_in: int, tmp_path: Path,
    open_workspace: Callable[[Actor], LicencesWorkspace],
) -> None:
    soon = _issue(demo_database, clerk, signed_in, 541)
    later = _issue(demo_database, clerk, signed_in, 542)
    # The demo types open the renewal window 90 days before the end: open already, and in 80 days.
    with demo_database.transaction() as session:
        session.execute(update(Licence).where(Licence.id == soon.id).values(valid_to=soon.issued_on + timedelta(days=40)))
        session.execute(update(Licence).where(Licence.id == later.id).values(valid_to=later.issued_on + timedelta(days=170)))
    workspace = open_workspace(supervisor)
    expiring = workspace.expiring
    workspace.tabs.setCurrentWidget(expiring)
    model = expiring.model

    def shown() -> list[str]:
        return [view.number for view in model.licences]

    qtbot.waitUntil(lambda: {soon.number, later.number} <= set(shown()), timeout=WAIT_MS)
    assert shown().index(soon.number) < shown().index(later.number)  # soonest end first
    row = shown().index(soon.number)
    assert model.data(model.index(row, 0), Qt.ItemDataRole.BackgroundRole) == OPEN_BACKGROUND
    assert model.data(model.index(row, 5)) == "40 d"
    assert model.data(model.index(shown().index(later.number), 0), Qt.ItemDataRole.BackgroundRole) is None
    expiring.within_choice.setCurrentIndex(expiring.within_choice.findData(30))
    qtbot.waitUntil(lambda: soon.number in shown() and later.number not in shown(), timeout=WAIT_MS)
    assert not expiring.print_button.isEnabled()
    expiring.table.selectAll()
    assert expiring.print_button.isEnabled() and f"({model.rowCount()})" in expiring.print_button.text()
    # The CSV file, read back as a spreadsheet would.
    target = tmp_path / "即将到期.csv"
    with qtbot.waitSignal(expiring.exported, timeout=WAIT_MS):
        expiring.export_to(str(target))
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with target.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    assert tuple(rows[0]) == EXPIRING_COLUMNS
    assert [row[1] for row in rows[1:]] == shown()
    exported = next(row for row in rows[1:] if row[1] == soon.number)
    assert exported[2] == soon.holder_name and exported[4] == (soon.issued_on + timedelta(days=40)).isoformat()
    assert f"{len(rows) - 1} licence(s) exported" in expiring.message.text()
    # A folder that cannot be written: a sentence, not a traceback.
    expiring.export_to(str(tmp_path / "no such folder" / "x.csv"))
    qtbot.waitUntil(lambda: "could not be written" in expiring.message.text(), timeout=WAIT_MS)


def test_an_administrator_chooses_the_hall_and_does_not_print(
    qtbot: QtBot, demo_database: Database, open_workspace: Callable[[Actor], LicencesWorkspace],
) -> None:
    workspace = open_workspace(staff(demo_database, "admin"))
    assert workspace.tabs.count() == 3
    workspace.tabs.setCurrentWidget(workspace.expiring)
    expiring = workspace.expiring
    qtbot.waitUntil(lambda: expiring.hall_choice.count() >= 2 and expiring.hall_id is not None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "licence(s)" in expiring.title.text(), timeout=WAIT_MS)
    assert not expiring.hall_row.isHidden() and expiring.print_button.isHidden()
    assert workspace.inspections is not None and workspace.inspections.hall_choice.count() == expiring.hall_choice.count()


# ---------------------------------------------------------------- inspections


def test_a_failed_inspection_revokes_the_licence_shown(
    qtbot: QtBot, demo_database: Database, clerk: Actor, supervisor: Actor, signed_in: int,
    open_workspace: Callable[[Actor], LicencesWorkspace],
) -> None:
    old = _renewable_licence(demo_database, clerk, signed_in, 551)
    renewed = licences.renew_on_commitment(clerk, signed_in, old.id, enterprise(551), commitment_signed=True)
    number = renewed.licence.number
    workspace = open_workspace(supervisor)
    inspections = workspace.inspections
    assert inspections is not None
    workspace.tabs.setCurrentWidget(inspections)
    model = inspections.model
    qtbot.waitUntil(lambda: number in [row.licence_number for row in model.inspections], timeout=WAIT_MS)
    row = next(index for index, inspection in enumerate(model.inspections) if inspection.licence_number == number)
    assert model.data(model.index(row, 1)) == "due" and model.data(model.index(row, 0), Qt.ItemDataRole.BackgroundRole) is None
    inspection_id = model.inspections[row].id
    inspections.table.selectRow(row)
    inspections.failed_button.click()
    dialog = inspections.dialog
    assert isinstance(dialog, InspectionDialog) and dialog.confirm is not None and not dialog.ok_button.isEnabled()
    warning = dialog.findChild(QLabel, "final_warning")
    assert warning is not None and number in warning.text()
    dialog.note_edit.setPlainText("承诺的经营场所不存在")
    assert not dialog.ok_button.isEnabled()  # the consequences confirmed first
    dialog.confirm.setChecked(True)
    with qtbot.waitSignal(inspections.recorded, timeout=WAIT_MS) as recorded:
        dialog.accept()
    assert recorded.args == [inspection_id, False]
    qtbot.waitUntil(lambda: number not in [row.licence_number for row in model.inspections], timeout=WAIT_MS)
    assert "revoked" in inspections.message.text()
    inspections.open_licence.emit(number)  # the licence, on the first tab, as it now is
    page = workspace.search.page
    qtbot.waitUntil(lambda: page.licence is not None and page.licence.number == number, timeout=WAIT_MS)
    assert workspace.tabs.currentWidget() is workspace.search
    assert page.status_chip.text() == "revoked" and "核查不合格" in page.fields["reason"].text()


# ---------------------------------------------------------------- printing


@pytest.fixture
def print_to_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every print goes to a PDF file, the print dialog accepted as shown."""
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    monkeypatch.setattr(slip_preview, "default_printer", lambda: printer)

    def accept(_dialog: QPrintDialog) -> bool:
        return True

    monkeypatch.setattr(slip_preview, "_run_dialog", accept)
    slip_preview.forget_printer()
    yield
    slip_preview.forget_printer()


def test_printed_from_the_page_and_the_history_shows_the_reprint(
    qtbot: QtBot, demo_database: Database, clerk: Actor, signed_in: int, licence_signer: None, print_to_file: None,
    open_workspace: Callable[[Actor], LicencesWorkspace],
) -> None:
    licence = _issue(demo_database, clerk, signed_in, 561)
    workspace = open_workspace(clerk)
    _open(qtbot, workspace, licence.number)
    page = workspace.search.page
    page.print_button.click()
    flow = page.print_flow
    assert flow is not None
    qtbot.waitUntil(lambda: flow.preview is not None and flow.preview.has_pdf(), timeout=WAIT_MS)
    preview = flow.preview
    assert preview is not None
    with qtbot.waitSignal(flow.printed, timeout=WAIT_MS):
        assert preview.print_document()
    qtbot.waitUntil(lambda: page.prints_model.rowCount() == 1 and not page.reprint_button.isHidden(), timeout=WAIT_MS)
    assert page.print_button.isHidden() and page.prints_model.data(page.prints_model.index(0, 3)) == "first print"
    preview.reject()
    # A reprint asks its reason (the shared flow), and the history says so.
    page.reprint_button.click()
    qtbot.waitUntil(lambda: flow.reason_dialog is not None, timeout=WAIT_MS)
    reason = flow.reason_dialog
    assert reason is not None
    reason.choose(2)
    reason.accept()
    qtbot.waitUntil(lambda: flow.preview is not None and flow.preview.has_pdf(), timeout=WAIT_MS)
    second = flow.preview
    assert second is not None
    with qtbot.waitSignal(flow.printed, timeout=WAIT_MS):
        assert second.print_document()
    qtbot.waitUntil(lambda: page.prints_model.rowCount() == 2, timeout=WAIT_MS)
    model = page.prints_model
    assert model.data(model.index(1, 3)) == "reprint (补打)" and model.data(model.index(1, 4)) == "Damaged"
    second.reject()
