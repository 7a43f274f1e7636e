"""Screenshots of application entry at the counter (offscreen, Chinese): the counter
workspace with a case half entered (item picked, a known applicant filled in, some
materials ticked), the acceptance notice's preview, and a refusal with its one-time notice.

    uv run python tools/screenshots_cases.py [OUT_DIR]
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("COUNTER_APP_LANG", "zh_CN")
os.environ.setdefault("COUNTER_APP_DATA_DIR", tempfile.mkdtemp(prefix="ca-shots-cases-"))


def main(out: Path) -> None:
    from datetime import time as clock_time

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from sqlalchemy import update

    from counter_app.config import resolve_database
    from counter_app.db.models import Hall, Staff
    from counter_app.domain.applicants import ApplicantDetails, ApplicantKind
    from counter_app.domain.cases import MaterialEntry, MaterialForm
    from counter_app.domain.identifiers import check_character_credit_code, check_character_resident_id
    from counter_app.services import cases, queue
    from counter_app.services.auth import login
    from counter_app.services.catalogue import list_service_items
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
        session.execute(update(Staff).values(must_change_password=False))  # a throwaway demo: first passwords taken as changed
    hall_id, _hall_name = queue.find_hall(database, "KG")
    supervisor = login(database, "kg_zb", DEMO_PASSWORD)
    lines = {line.prefix: line.id for line in queue.hall_lines(supervisor, hall_id)}
    for prefix in "AABAC":
        queue.issue_ticket(supervisor, lines[prefix])
    clerk = login(database, "kg01", DEMO_PASSWORD)
    counters = {counter.number: counter.id for counter in queue.hall_counters(clerk, hall_id)}
    queue.open_counter(clerk, counters[1])

    # A known applicant: an earlier case of the same enterprise (automatic entry fills it in).
    body = "91120116MA05K8QX1"
    code = body + check_character_credit_code(body)
    items = {item.code: item for item in list_service_items(clerk)}
    item = items["TJBS-XK-0002"]  # 人力资源服务许可: a 容缺 material, 告知承诺
    earlier = ApplicantDetails(
        ApplicantKind.ENTERPRISE, code, "天津空港示例人力资源有限公司", "王建华", "天津自贸试验区（空港经济区）西三道166号",
        "李芳", "13812345678",
    )
    guide = cases.item_guide(clerk, item.item_id)
    cases.accept_case(
        clerk, counters[1],
        cases.Application(
            item.item_id, earlier,
            tuple(MaterialEntry(index, True, MaterialForm.COPY, 2) for index in range(len(guide.materials))),
        ),
    )
    queue.call_next(clerk, counters[1])

    def settle(window: RoleWindow, seconds: float = 1.0) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end or not window.backend.operations.idle:
            app.processEvents()
            time.sleep(0.02)

    window = RoleWindow(clerk)
    window.resize(1920, 1080)
    window.show()
    window.activateWindow()
    settle(window, 2.5)
    workspace = window.workspace("counter")
    assert isinstance(workspace, CounterWorkspace)
    form = workspace.form
    QTest.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    settle(window)
    QTest.keyClicks(form.search, "rlzy")
    settle(window)
    QTest.keyClick(form.search, Qt.Key.Key_Return)
    settle(window)
    QTest.keyClicks(form.applicant.code.edit, code)
    settle(window)
    form.applicant.phone.edit.setFocus()
    form.applicant.phone.edit.selectAll()
    QTest.keyClicks(form.applicant.phone.edit, "13900001111")  # a changed phone: kept in the history
    for row in form.materials.rows[:3]:
        row.received.setChecked(True)
        row.pages.setValue(3)
    form.materials.rows[1].form.setCurrentIndex(1)
    settle(window, 0.5)
    window.grab().save(str(out / "case_entry.png"))

    # Accepted with the 容缺 material deferred: the number, the dates and the notice.
    for row in form.materials.rows:
        row.received.setChecked(not row.deferrable)
    QTest.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    settle(window, 3.0)
    window.grab().save(str(out / "case_accepted.png"))
    if form.preview is not None:
        form.preview.grab().save(str(out / "notice_preview.png"))
        form.preview.reject()
    window.activateWindow()  # offscreen, closing the dialog activates no window
    settle(window, 0.3)

    # The next case of the ticket: materials missing, the one-time notice.
    workspace.new_case()
    QTest.keyClicks(form.search, "laowupaiqian")
    settle(window)
    QTest.keyClick(form.search, Qt.Key.Key_Return)
    settle(window)
    form.applicant.kind.setCurrentIndex(1)
    id_body = "12011619900307001"
    form.applicant.code.edit.setText(id_body + check_character_resident_id(id_body))
    form.applicant.name.edit.setText("张伟")
    form.applicant.phone.edit.setText("13900001111")
    form.materials.rows[0].received.setChecked(True)
    QTest.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    settle(window, 1.5)
    window.grab().save(str(out / "case_refused.png"))
    assert form.refusal_frame.isVisible()
    form.print_one_time_notice()
    settle(window, 3.0)
    if form.preview is not None:
        form.preview.grab().save(str(out / "one_time_notice_preview.png"))
        form.preview.reject()
    window.leave()
    window.close()
    QApplication.processEvents()
    database.dispose()
    print(out)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/shots_cases"))
