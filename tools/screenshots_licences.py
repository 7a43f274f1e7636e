"""Screenshots of the renewal on commitment at the counter (offscreen, 1920×1080, Chinese):
each step of the flow (the licence found, refused, eligible, the commitment letter, the new
licence issued), the licence's print preview, and the reprint reason asked.

    uv run python tools/screenshots_licences.py [OUT_DIR]
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("COUNTER_APP_LANG", "zh_CN")
os.environ.setdefault("COUNTER_APP_DATA_DIR", tempfile.mkdtemp(prefix="ca-shots-licences-"))


def main(out: Path) -> None:
    from datetime import time as clock_time
    from datetime import timedelta

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QWidget
    from sqlalchemy import select, update

    from counter_app.config import resolve_database
    from counter_app.db.models import Hall, Licence, LicenceType, ServiceItem
    from counter_app.domain.applicants import ApplicantDetails, ApplicantKind
    from counter_app.domain.cases import MaterialEntry, MaterialForm
    from counter_app.domain.identifiers import check_character_credit_code
    from counter_app.services import cases, licences, queue
    from counter_app.services.access import Actor
    from counter_app.services.auth import change_own_password, login
    from counter_app.services.demo import DEMO_PASSWORD
    from counter_app.services.setup import open_database
    from counter_app.ui.app import make_application
    from counter_app.ui.cases.desk import CounterWorkspace
    from counter_app.ui.main_window import RoleWindow

    out.mkdir(parents=True, exist_ok=True)
    app = make_application()
    database = open_database(resolve_database(None)).database
    with database.transaction() as session:
        session.execute(update(Hall).values(opens_at=clock_time(0, 0), closes_at=clock_time(23, 59, 59)))
    hall_id, _hall_name = queue.find_hall(database, "KG")

    def sign_in(username: str) -> Actor:
        """A demo account, its first-login password change done."""
        actor = login(database, username, DEMO_PASSWORD)
        if actor.must_change_password:
            actor = change_own_password(actor, DEMO_PASSWORD, "harbour-lantern-1907")
        return actor

    supervisor = sign_in("kg_zb")
    lines = {line.prefix: line.id for line in queue.hall_lines(supervisor, hall_id)}
    for prefix in "AAB":
        queue.issue_ticket(supervisor, lines[prefix])
    clerk = sign_in("kg01")
    counters = {counter.number: counter.id for counter in queue.hall_counters(clerk, hall_id)}
    queue.open_counter(clerk, counters[1])

    # Two licences of one holder, of a type renewed on commitment: one expiring in 25 days
    # (its window open), one in 400 (not yet).
    with database.reading() as session:
        item_id = session.scalars(
            select(ServiceItem.id)
            .join(LicenceType, LicenceType.name == ServiceItem.licence_type)
            .where(LicenceType.renew_on_commitment.is_(True), ServiceItem.case_type == "on_the_spot")
            .order_by(ServiceItem.code)
            .limit(1)
        ).one()
    body = "91120116MA05K8QX1"
    code = body + check_character_credit_code(body)
    holder = ApplicantDetails(
        ApplicantKind.ENTERPRISE, code, "天津空港示例人力资源有限公司", "王建华", "天津自贸试验区（空港经济区）西三道166号",
        "李芳", "13812345678",
    )
    guide = cases.item_guide(clerk, item_id)
    made = []
    for days_left in (25, 400):
        view = cases.accept_case(
            clerk, counters[1],
            cases.Application(item_id, holder, tuple(MaterialEntry(i, True, MaterialForm.COPY, 2) for i in range(len(guide.materials)))),
        )
        found = licences.find_licences(clerk, view.licence_numbers[0])[0]
        with database.transaction() as session:
            session.execute(update(Licence).where(Licence.id == found.id).values(valid_to=found.issued_on + timedelta(days=days_left)))
        made.append(found)
    near, far = made
    queue.call_next(clerk, counters[1])

    def settle(window: RoleWindow, seconds: float = 1.0) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end or not window.backend.operations.idle:
            app.processEvents()
            time.sleep(0.02)

    def shoot(widget: QWidget, name: str) -> None:
        widget.grab().save(str(out / name))

    window = RoleWindow(clerk)
    window.resize(1920, 1080)
    window.show()
    window.activateWindow()
    settle(window, 2.5)
    workspace = window.workspace("counter")
    assert isinstance(workspace, CounterWorkspace)
    flow = workspace.renewal
    QTest.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    settle(window, 0.5)
    shoot(window, "renewal_0_start.png")

    # 1: the holder's code scanned lists both licences.
    QTest.keyClicks(flow.search, code)
    QTest.keyClick(flow.search, Qt.Key.Key_Return)
    settle(window)
    shoot(window, "renewal_1_found.png")

    # 2: the one not yet due, for someone else: every refusal.
    QTest.keyClick(flow.search, Qt.Key.Key_Down)
    flow.pick(next(view for view in flow.results if view.id == far.id))
    flow.applicant.code.edit.clear()
    other = "91120116MA05K8QX2"
    QTest.keyClicks(flow.applicant.code.edit, other + check_character_credit_code(other))
    settle(window, 1.5)
    shoot(window, "renewal_2_refused.png")

    # 2: the one due, its holder: eligible.
    flow.pick(next(view for view in flow.results if view.id == near.id))
    flow.applicant.code.edit.clear()
    QTest.keyClicks(flow.applicant.code.edit, code)
    settle(window, 1.5)
    shoot(window, "renewal_2_eligible.png")

    # 3: the commitment letter.
    flow.print_commitment_letter()
    settle(window, 3.0)
    if flow.preview is not None:
        shoot(flow.preview, "renewal_3_letter.png")
        flow.preview.reject()
    window.activateWindow()
    settle(window, 0.3)
    flow.signed.setChecked(True)
    settle(window, 0.3)
    shoot(window, "renewal_3_signed.png")

    # 4: issued.
    flow.issue()
    settle(window, 2.0)
    shoot(window, "renewal_4_issued.png")

    # The new licence's preview; a reprint's reason.
    flow.print_new_licence()
    settle(window, 3.0)
    printing = flow.print_flow
    if printing.preview is not None:
        shoot(printing.preview, "licence_print_preview.png")
        printing.preview.reject()
    window.activateWindow()
    settle(window, 0.3)
    printing.start([near.id], reprint=True)
    settle(window, 0.5)
    if printing.reason_dialog is not None:
        printing.reason_dialog.choose(2, "水渍污损")
        settle(window, 0.2)
        shoot(printing.reason_dialog, "licence_reprint_reason.png")
        printing.reason_dialog.reject()
    window.activateWindow()
    settle(window, 0.3)
    # A licence that cannot be printed (the old one, replaced): the message shown.
    printing.start([near.id])
    settle(window, 1.5)
    if printing.message_box is not None:
        shoot(printing.message_box, "licence_print_refused.png")
        printing.message_box.accept()
    printing.close()
    window.leave()
    window.close()
    QApplication.processEvents()
    database.dispose()
    print(out)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/shots_licences"))
