"""Screenshot of the hall display at 1920×1080 after a few calls (offscreen, Chinese).

    uv run python tools/screenshot_display.py OUT.png
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("COUNTER_APP_LANG", "zh_CN")
os.environ.setdefault("COUNTER_APP_DATA_DIR", tempfile.mkdtemp(prefix="ca-shots-"))


def main(out: str) -> None:
    from sqlalchemy import update

    from counter_app.config import resolve_database
    from counter_app.db.models import Hall
    from counter_app.domain.queue import PersonalDataPurpose
    from counter_app.domain.roles import Role
    from counter_app.services import queue
    from counter_app.services.auth import device_actor, login
    from counter_app.services.queue import VisitorDetails
    from counter_app.services.setup import open_database
    from counter_app.ui.app import make_application
    from counter_app.ui.display import HallDisplayWindow

    app = make_application()
    database = open_database(resolve_database(None)).database
    with database.transaction() as session:
        session.execute(update(Hall).values(opens_at=time(0), closes_at=time(23, 59, 59)))
    supervisor = login(database, "kg_zb", "hall2026")
    hall = queue.find_hall(database, "KG")[0]
    lines = {line.prefix: line.id for line in queue.hall_lines(supervisor, hall)}
    names = ["张三", None, "李四", None, "王小明", None, None, None]
    for index, prefix in enumerate("AABBCDEA" * 2):
        name = names[index % len(names)]
        visitor = VisitorDetails(PersonalDataPurpose.CALL_BY_NAME, name) if name else None
        queue.issue_ticket(supervisor, lines[prefix], visitor=visitor)
    counters = queue.hall_counters(supervisor, hall)
    for counter, username in zip(counters[:6], ["kg01", "kg02", "kg04", "kg05", "kg07", "kg09"], strict=True):
        clerk = login(database, username, "hall2026")
        queue.open_counter(clerk, counter.id)
        queue.call_next(clerk, counter.id)
    window = HallDisplayWindow(device_actor(database, Role.DISPLAY, hall), speech_engine="mock")
    window.resize(1920, 1080)
    window.start()
    window.show()
    for _ in range(20):
        app.processEvents()
    window.grab().save(out)
    window.stop()
    database.dispose()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "display.png")
