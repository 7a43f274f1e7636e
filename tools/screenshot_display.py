"""Screenshots of the hall display after a few calls, a no-show and a transfer (offscreen, Chinese).

    uv run python tools/screenshot_display.py OUT.png [WIDTHxHEIGHT ...] [--mute]

One size (default 1920×1080) is saved as OUT.png; several as OUT-1920x1080.png, OUT-740x600.png …
``--mute`` starts the display with a speech engine that does not exist: the corner mark
that says the calls are not spoken shows.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from datetime import time as clock_time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("COUNTER_APP_LANG", "zh_CN")
os.environ.setdefault("COUNTER_APP_DATA_DIR", tempfile.mkdtemp(prefix="ca-shots-"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", nargs="?", default="display.png")
    parser.add_argument("sizes", nargs="*", default=["1920x1080"])
    parser.add_argument("--mute", action="store_true", help="no speech engine: show the speech-off mark")
    args = parser.parse_args()

    from sqlalchemy import update

    from counter_app.config import resolve_database
    from counter_app.db.models import Hall, Staff
    from counter_app.domain.queue import PersonalDataPurpose
    from counter_app.domain.roles import Role
    from counter_app.services import hall_day, queue
    from counter_app.services.auth import device_actor, login
    from counter_app.services.queue import VisitorDetails
    from counter_app.services.setup import open_database
    from counter_app.ui.app import make_application
    from counter_app.ui.display.window import HallDisplayWindow

    app = make_application()
    database = open_database(resolve_database(None)).database
    with database.transaction() as session:
        session.execute(update(Hall).values(opens_at=clock_time(0), closes_at=clock_time(23, 59, 59)))
        session.execute(update(Staff).values(must_change_password=False))  # a throwaway demo: first passwords taken as changed
    supervisor = login(database, "kg_zb", "hall2026")
    hall = queue.find_hall(database, "KG")[0]
    # No recalls needed before a no-show, so one can be shown at once.
    settings = hall_day.queue_settings(supervisor, hall)
    hall_day.save_queue_settings(supervisor, hall, hall_day.QueueSettings(0, 0, settings.display_notice, settings.display_repeat))
    lines = {line.prefix: line.id for line in queue.hall_lines(supervisor, hall)}
    names = ["张三", None, "李四", None, "王小明", None, None, None]
    for index, prefix in enumerate("AABBCDEA" * 3):
        name = names[index % len(names)]
        visitor = VisitorDetails(PersonalDataPurpose.CALL_BY_NAME, name) if name else None
        queue.issue_ticket(supervisor, lines[prefix], visitor=visitor)
    counters = queue.hall_counters(supervisor, hall)
    clerks = []
    for counter, username in zip(counters[:6], ["kg01", "kg02", "kg04", "kg05", "kg07", "kg09"], strict=True):
        clerk = login(database, username, "hall2026")
        queue.open_counter(clerk, counter.id)
        clerks.append((clerk, counter.id))
    # Counter 1: a no-show; counter 2: a ticket sent back to its line; then everyone calls.
    first_clerk, first_counter = clerks[0]
    absent = queue.call_next(first_clerk, first_counter)
    assert absent is not None
    queue.mark_no_show(first_clerk, first_counter, absent.id)
    called = [queue.call_next(clerk, counter_id) for clerk, counter_id in clerks]
    second_clerk, second_counter = clerks[1]
    assert called[1] is not None
    queue.transfer(second_clerk, called[1].id, to_line_id=lines["B"])  # sent on to another line
    queue.call_next(second_clerk, second_counter)

    window = HallDisplayWindow(device_actor(database, Role.DISPLAY, hall), speech_engine="no-such-engine" if args.mute else "mock")
    window.show()
    window.start()
    deadline = time.monotonic() + (20 if args.mute else 5)
    while time.monotonic() < deadline and (
        window.state is None or not window.backend.operations.idle or (args.mute and not window.speech_off.isVisible())
    ):
        app.processEvents()
        time.sleep(0.02)
    out = Path(args.out)
    for size in args.sizes:
        width, height = (int(part) for part in size.split("x"))
        window.resize(width, height)
        for _ in range(30):
            app.processEvents()
        target = out if len(args.sizes) == 1 else out.with_name(f"{out.stem}-{size}{out.suffix}")
        window.grab().save(str(target))
        print(target)
    window.stop()
    database.dispose()


if __name__ == "__main__":
    main()
