"""Screenshots of the counter panel, issuing station, kiosk and the supervisor's hall tab (offscreen, Chinese)."""
import os
import tempfile
import time as _time

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["COUNTER_APP_LANG"] = "zh_CN"
os.environ["COUNTER_APP_DATA_DIR"] = tempfile.mkdtemp(prefix="shots3-")
from datetime import time, timedelta
from pathlib import Path

from sqlalchemy import update

from counter_app.config import resolve_database
from counter_app.db.models import Hall, Staff
from counter_app.domain.queue import PersonalDataPurpose, TicketPriority
from counter_app.domain.roles import Role
from counter_app.services import queue
from counter_app.services.auth import device_actor, login
from counter_app.services.demo import DEMO_PASSWORD
from counter_app.services.queue import VisitorDetails
from counter_app.services.setup import open_database
from counter_app.ui.app import make_application
from counter_app.ui.kiosk.window import KioskWindow
from counter_app.ui.main_window import RoleWindow

out = Path("/tmp/shots3")
out.mkdir(parents=True, exist_ok=True)
app = make_application()
database = open_database(resolve_database(None)).database
with database.transaction() as session:
    session.execute(update(Hall).values(opens_at=time(0, 0), closes_at=time(23, 59, 59)))
    session.execute(update(Staff).values(must_change_password=False))  # a throwaway demo: first passwords taken as changed
hall_id, hall_name = queue.find_hall(database, "KG")
kiosk_actor = device_actor(database, Role.KIOSK, hall_id)
lines = {line.prefix: line.id for line in queue.hall_lines(kiosk_actor, hall_id)}
sup = login(database, "kg_zb", DEMO_PASSWORD)
for prefix, priority in [("A", TicketPriority.NORMAL), ("A", TicketPriority.NORMAL), ("B", TicketPriority.NORMAL),
                         ("A", TicketPriority.PRIORITY), ("C", TicketPriority.GREEN_CHANNEL), ("A", TicketPriority.NORMAL),
                         ("B", TicketPriority.NORMAL), ("A", TicketPriority.NORMAL), ("C", TicketPriority.NORMAL), ("D", TicketPriority.NORMAL)]:
    named = VisitorDetails(PersonalDataPurpose.CALL_BY_NAME, "张三") if prefix == "C" else None
    queue.issue_ticket(sup, lines[prefix], priority=priority, visitor=named)
clerk = login(database, "kg14", DEMO_PASSWORD)
counters = {c.number: c.id for c in queue.hall_counters(clerk, hall_id)}
queue.open_counter(clerk, counters[14])
first = queue.call_next(clerk, counters[14])
moment = first.called_at
for _ in range(3):  # a no-show comes after the last recall and its cooldown
    moment += timedelta(seconds=21)
    queue.recall(clerk, counters[14], first.id, now=moment)
queue.mark_no_show(clerk, counters[14], first.id, now=moment + timedelta(seconds=21))
served = queue.call_next(clerk, counters[14])
queue.start_service(clerk, counters[14], served.id)
queue.finish_service(clerk, counters[14], served.id)
current = queue.call_next(clerk, counters[14])
queue.start_service(clerk, counters[14], current.id)

def settle(seconds: float = 1.5) -> None:
    end = _time.time() + seconds
    while _time.time() < end:
        app.processEvents()
        _time.sleep(0.03)

window = RoleWindow(clerk)
window.resize(1920, 1080)
window.show()
settle(2.5)
window.counter_panel.waiting_view.selectRow(1)
settle(0.3)
window.grab().save(str(out / "clerk_panel.png"))
window.leave()  # with a ticket in hand, closing would ask first
window.close()

window = RoleWindow(sup)
window.resize(1920, 1080)
window.show()
settle()
station = window.issuing
station.select_line(lines["B"])
station.priority_buttons[TicketPriority.PRIORITY].setChecked(True)
station.item_choice.setCurrentIndex(5)
station.issue()
settle(2.5)
station.purpose_choice.setCurrentIndex(station.purpose_choice.findData(PersonalDataPurpose.CONTACT))
station.visitor_name.setText("李四")
station.visitor_phone.setText("13800138000")
settle(0.5)
window.grab().save(str(out / "issuing_station.png"))
window.leave()
window.close()

kiosk = KioskWindow(kiosk_actor, hall_name, printer=lambda: None)
kiosk.resize(1920, 1080)
kiosk.show()
settle()
kiosk.grab().save(str(out / "kiosk_start.png"))
kiosk.kiosk_screen.issue_for_line(lines["A"])
settle(2.5)
kiosk.grab().save(str(out / "kiosk_result.png"))
kiosk.close()

# The supervisor's hall tab: counter 1 left open with a called ticket, counter 4 paused.
kg01 = login(database, "kg01", DEMO_PASSWORD)
queue.open_counter(kg01, counters[1])
queue.call_next(kg01, counters[1])
kg04 = login(database, "kg04", DEMO_PASSWORD)
queue.open_counter(kg04, counters[4])
queue.pause_counter(kg04, counters[4])
window = RoleWindow(sup)
window.resize(1920, 1080)
window.show()
window.tabs.setCurrentWidget(window.hall_day)
settle()
window.hall_day.select_counter(counters[1])
settle(0.3)
window.grab().save(str(out / "hall_day.png"))
window.hall_day.ask_close_counter()
settle(0.5)
window.hall_day.confirm_dialog.grab().save(str(out / "hall_day_close_counter.png"))
window.hall_day.confirm_dialog.reject()
settle(0.3)
window.hall_day.ask_close_day()
settle(0.5)
window.hall_day.confirm_dialog.grab().save(str(out / "hall_day_close_day.png"))
window.hall_day.confirm_dialog.reject()
window.leave()
window.close()
database.dispose()
print("ok")
