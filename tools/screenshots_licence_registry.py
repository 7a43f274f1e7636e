"""Screenshots of the licences workspace (证照) in the supervisor's window (offscreen,
Chinese, 1920×1080): a scanned QR code's verdict (genuine and valid, replaced by its
renewal, forged), the search results, a licence's page with its prints, a final status
change asking to confirm, the licences expiring soon, the inspections with a failure asked.

    uv run python tools/screenshots_licence_registry.py [OUT_DIR]

A fresh demo database gets licences issued by accepting on-the-spot cases and approving a
promised-time one, renewals on commitment (with their inspections, one overdue), a
suspension, a revocation and prints.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["COUNTER_APP_LANG"] = "zh_CN"
os.environ["COUNTER_APP_DATA_DIR"] = tempfile.mkdtemp(prefix="ca-licence-shots-")

TOOLS = Path(__file__).resolve().parent
sys.path.insert(0, str(TOOLS))
sys.path.insert(0, str(TOOLS.parent))

SIZE = (1920, 1080)


def credit_code(serial: int) -> str:
    from counter_app.domain.identifiers import check_character_credit_code

    body = f"91120116MA{serial:07d}"
    return body + check_character_credit_code(body)


def resident_id(serial: int) -> str:
    from counter_app.domain.identifiers import check_character_resident_id

    body = f"12011619{80 + serial % 15}0{1 + serial % 9}1{serial % 10}{serial % 1000:03d}"
    return body + check_character_resident_id(body)


COMPANIES = (
    "天津空港示例国际物流有限公司", "天津港保税区海程供应链管理有限公司", "天津临港远航船舶服务有限公司",
    "天津航空物流区恒达冷链有限公司", "天津自贸区华泰人力资源服务有限公司", "天津海港顺通报关有限公司",
    "天津空港百川食品贸易有限公司", "天津保税区金桥医疗器械有限公司", "天津临港鑫源化工贸易有限公司",
)


NEW_PASSWORD = "harbour-lantern-1907"


def sign_in(database: object, username: str) -> object:
    """A demo account, its first-login password change done."""
    from counter_app.db.engine import Database
    from counter_app.services.auth import change_own_password, login
    from counter_app.services.demo import DEMO_PASSWORD

    assert isinstance(database, Database)
    try:
        actor = login(database, username, DEMO_PASSWORD)
    except Exception:  # changed by an earlier sign_in
        return login(database, username, NEW_PASSWORD)
    if actor.must_change_password:
        actor = change_own_password(actor, DEMO_PASSWORD, NEW_PASSWORD)
    return actor


def demo_licences(database: object) -> dict[str, object]:
    """Licences of every kind in hall KG: returns what the screenshots show."""
    from datetime import time as clock_time
    from datetime import timedelta

    from sqlalchemy import select, update

    from counter_app.db.engine import Database
    from counter_app.db.models import Hall, Inspection, Licence, LicenceType, ServiceItem
    from counter_app.domain.applicants import ApplicantDetails, ApplicantKind
    from counter_app.domain.cases import MaterialEntry, MaterialForm
    from counter_app.domain.licences import LicenceAction
    from counter_app.services import cases, licences, queue
    from counter_app.services.access import Actor
    from counter_app.services.licences.signing import sign_unsigned

    assert isinstance(database, Database)
    with database.transaction() as session:
        session.execute(update(Hall).values(opens_at=clock_time(0, 0), closes_at=clock_time(23, 59, 59)))
    hall_id, _name = queue.find_hall(database, "KG")
    clerk = sign_in(database, "kg01")
    supervisor = sign_in(database, "kg_zb")
    assert isinstance(clerk, Actor) and isinstance(supervisor, Actor)
    counters = {counter.number: counter.id for counter in queue.hall_counters(clerk, hall_id)}
    counter = counters[1]
    queue.open_counter(clerk, counter)
    with database.reading() as session:
        items = session.execute(
            select(ServiceItem.id, ServiceItem.case_type, ServiceItem.renew_on_commitment, LicenceType.renew_on_commitment)
            .join(LicenceType, LicenceType.name == ServiceItem.licence_type)
            .order_by(ServiceItem.code)
        ).tuples().all()
    on_the_spot = [item for item, case_type, _renew, _type_renews in items if case_type == "on_the_spot"]
    promised = [item for item, case_type, _renew, _type_renews in items if case_type != "on_the_spot"]
    renewable = [item for item, case_type, renew, type_renews in items if case_type == "on_the_spot" and renew and type_renews]

    def company(index: int) -> ApplicantDetails:
        return ApplicantDetails(
            ApplicantKind.ENTERPRISE, credit_code(index), COMPANIES[index % len(COMPANIES)], "王建华",
            "天津自贸试验区（空港经济区）西三道166号", "李芳", "13812345678",
        )

    def person(index: int, name: str) -> ApplicantDetails:
        return ApplicantDetails(ApplicantKind.PERSON, resident_id(index), name, "", "天津市滨海新区", "", "13900001111")

    def issue(item_id: int, applicant: ApplicantDetails, *, approve: bool = False) -> licences.LicenceView:
        guide = cases.item_guide(clerk, item_id)
        materials = tuple(MaterialEntry(index, True, MaterialForm.COPY, 2) for index in range(len(guide.materials)))
        view = cases.accept_case(clerk, counter, cases.Application(item_id, applicant, materials))
        if approve:
            view = cases.approve_case(clerk, view.number)
        return licences.find_licences(clerk, view.licence_numbers[0])[0]

    issued = [issue(on_the_spot[index % len(on_the_spot)], company(index)) for index in range(8)]
    issued.append(issue(on_the_spot[1 % len(on_the_spot)], person(1, "欧阳娜")))
    issued.append(issue(promised[0], company(8), approve=True))
    old = [issue(renewable[index % len(renewable)], company(10 + index)) for index in range(3)]
    today = issued[0].issued_on
    ends = {issued[1].id: 20, issued[2].id: 45, issued[3].id: 75, issued[4].id: 150, issued[5].id: 170}
    ends |= {licence.id: 25 + 5 * index for index, licence in enumerate(old)}
    with database.transaction() as session:  # as if issued years ago, signed again for the dates now held
        for licence_id, days in ends.items():
            session.execute(
                update(Licence).where(Licence.id == licence_id).values(valid_to=today + timedelta(days=days), qr_payload=None, signed_at=None)
            )
        sign_unsigned(session, database.now())
    renewed = [
        licences.renew_on_commitment(clerk, counter, licence.id, company(10 + index), commitment_signed=True)
        for index, licence in enumerate(old)
    ]
    with database.transaction() as session:  # one inspection overdue, one on a year without holidays yet
        first, second = renewed[0].licence.id, renewed[1].licence.id
        session.execute(update(Inspection).where(Inspection.licence_id == first).values(due_on=today - timedelta(days=3)))
        session.execute(update(Inspection).where(Inspection.licence_id == second).values(due_provisional=True))
    licences.change_licence_status(supervisor, issued[6].id, LicenceAction.SUSPEND, "经营场所与承诺不符，责令整改")
    licences.change_licence_status(supervisor, issued[7].id, LicenceAction.REVOKE, "以欺骗手段取得许可（行政许可法第六十九条）")
    shown = issued[0]
    licences.record_licence_print(clerk, [shown.id])
    licences.record_licence_print(clerk, [shown.id], "遗失：持证人报失")
    with database.reading() as session:
        payloads = dict(session.execute(select(Licence.id, Licence.qr_payload)).tuples().all())
    return {
        "valid": payloads[shown.id],
        "valid_number": shown.number,
        "replaced": payloads[old[0].id],
        "renewed_number": renewed[0].licence.number,
        "replaced_number": old[0].number,
    }


def main(out: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QWidget

    from counter_app.config import resolve_database
    from counter_app.services.access import Actor
    from counter_app.services.setup import open_database
    from counter_app.ui.app import make_application
    from counter_app.ui.licences.registry import LicencesWorkspace
    from counter_app.ui.main_window import RoleWindow

    out.mkdir(parents=True, exist_ok=True)
    app = make_application()
    database = open_database(resolve_database(None)).database
    demo = demo_licences(database)
    supervisor = sign_in(database, "kg_zb")
    assert isinstance(supervisor, Actor)
    window = RoleWindow(supervisor)
    window.resize(*SIZE)
    window.show()

    def settle(seconds: float = 1.0) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end or not window.backend.operations.idle:
            app.processEvents()
            time.sleep(0.02)

    def shot(name: str, widget: QWidget | None = None) -> None:
        (widget or window).grab().save(str(out / f"{name}.png"))
        print("wrote", name)

    workspace = window.workspace("licences")
    assert isinstance(workspace, LicencesWorkspace)
    window.tabs.setCurrentWidget(workspace)
    settle(1.5)
    search = workspace.search

    def scan(payload: object) -> None:
        search.search_edit.setFocus()
        search.search_edit.selectAll()
        QTest.keyClicks(search.search_edit, str(payload))
        QTest.keyClick(search.search_edit, Qt.Key.Key_Return)  # the scanner's Enter
        settle(1.0)

    scan(demo["valid"])
    shot("verdict_valid")
    scan(demo["replaced"])
    shot("verdict_replaced")
    payload = str(demo["valid"])
    head, signature = payload.rsplit(":", 1)
    scan(f"{head}:{signature[:40]}{'A' if signature[40] != 'A' else 'B'}{signature[41:]}")
    shot("verdict_forged")
    scan("https://example.com/verify?licence=1")
    shot("verdict_malformed")
    search.search_for("天津")
    settle(1.0)
    shot("search_results")

    workspace.open_licence(str(demo["valid_number"]))
    settle(1.5)
    shot("licence_page")
    workspace.open_licence(str(demo["renewed_number"]))
    settle(1.5)
    shot("licence_page_renewal")
    workspace.open_licence(str(demo["replaced_number"]))
    settle(1.5)
    shot("licence_page_replaced")
    workspace.open_licence(str(demo["renewed_number"]))
    settle(1.5)
    page = search.page
    page.ask(next(action for action, button in page.action_buttons.items() if button.isEnabled() and action.value == "revoke"))
    settle(0.5)
    if page.dialog is not None:
        page.dialog.reason_edit.setPlainText("承诺不实：经营场所不存在")  # type: ignore[attr-defined]
        shot("revoke_dialog", page.dialog)
        page.dialog.reject()
    search.show_results()

    workspace.tabs.setCurrentWidget(workspace.expiring)
    settle(1.5)
    workspace.expiring.table.selectRow(0)
    settle(0.3)
    shot("expiring")

    inspections = workspace.inspections
    assert inspections is not None
    workspace.tabs.setCurrentWidget(inspections)
    settle(1.5)
    shot("inspections")
    inspections.table.selectRow(0)
    inspections.ask(False)
    settle(0.5)
    if inspections.dialog is not None:
        inspections.dialog.note_edit.setPlainText("承诺的冷库面积与实际不符")
        shot("inspection_failed_dialog", inspections.dialog)
        inspections.dialog.reject()

    window.stop()
    window.close()
    database.dispose()
    print("written to", out)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/shots_licence_registry"))
