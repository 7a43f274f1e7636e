"""The supervisor's hall day: counters overview, closing a counter left open, the queue
settings, closing the business day (service, tab and command line), on both databases."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, time, timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select, update

from counter_app.db.engine import Database
from counter_app.db.models import AuditRecord, Counter, Hall, HallSetting, Setting, Ticket, TicketEvent
from counter_app.domain.queue import CounterState, TicketStatus
from counter_app.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from counter_app.events.watcher import HallWatcher
from counter_app.services import hall_day, queue
from counter_app.services.access import Actor
from counter_app.services.hall_day import QueueSettings
from counter_app.services.settings import DEFAULTS
from counter_app.ui.main_window import RoleWindow
from counter_app.ui.shared.backend import Backend
from counter_app.ui.supervisor.hall_tab import HallDayTab
from tests.conftest import DatabaseFactory
from tests.queue_support import IN_HOURS, counter_id, hall_id, line_id, password_changed, staff

LATER = IN_HOURS + timedelta(minutes=5)


def issue(database: Database, actor: Actor, prefix: str = "A", now: datetime = IN_HOURS) -> queue.IssuedTicket:
    return queue.issue_ticket(actor, line_id(database, prefix), now=now)


def ticket_row(database: Database, ticket_id: int) -> Ticket:
    with database.reading() as session:
        ticket = session.get(Ticket, ticket_id)
        assert ticket is not None
        session.expunge(ticket)
        return ticket


def counter_row(database: Database, counter: int) -> Counter:
    with database.reading() as session:
        row = session.get(Counter, counter)
        assert row is not None
        session.expunge(row)
        return row


def audits(database: Database, action: str, outcome: str = "ok") -> list[AuditRecord]:
    with database.reading() as session:
        rows = list(session.scalars(select(AuditRecord).where(AuditRecord.action == action, AuditRecord.outcome == outcome)))
        for row in rows:
            session.expunge(row)
        return rows


def stored_settings(database: Database) -> dict[str, str]:
    """The zone's settings and every hall's own."""
    with database.reading() as session:
        zone = {row.key: row.value for row in session.scalars(select(Setting))}
        halls = {f"{row.hall_id}:{row.key}": row.value for row in session.scalars(select(HallSetting))}
        return zone | halls


# ---------------------------------------------------------------- overview


def test_overview_shows_each_counter_with_clerk_and_ticket_in_hand(
    demo_database: Database, supervisor: Actor, clerk: Actor, counter_1: int
) -> None:
    first = issue(demo_database, supervisor)
    issue(demo_database, supervisor, "B")
    queue.call_next(clerk, counter_1, now=IN_HOURS)
    queue.start_service(clerk, counter_1, first.ticket.id, now=LATER)
    day = hall_day.hall_day(supervisor, hall_id(demo_database), now=LATER)
    assert day.hall_code == "KG" and day.business_date == IN_HOURS.date()
    assert [c.number for c in day.counters] == list(range(1, 15))
    one = day.counters[0]
    assert one.state is CounterState.OPEN and one.clerk_username == "kg01" and one.clerk_name == clerk.full_name
    assert [(t.label, t.status) for t in one.tickets] == [("A001", TicketStatus.SERVING)]
    assert one.line_prefixes == ("A",) and day.counters[13].line_prefixes == ("A", "B", "C")
    assert one.needs_closing and not day.counters[1].needs_closing
    assert (day.waiting, day.done, day.no_shows, day.open_tickets) == (1, 0, 0, 2)
    loads = {line.prefix: (line.waiting, line.open_counters) for line in day.lines}
    assert loads == {"A": (0, 1), "B": (1, 0), "C": (0, 0), "D": (0, 0), "E": (0, 0), "F": (0, 0)}


def test_overview_is_for_supervisors_of_the_hall_and_admins(demo_database: Database, clerk: Actor) -> None:
    kg, hk = hall_id(demo_database), hall_id(demo_database, "HK")
    with pytest.raises(PermissionDenied):
        hall_day.hall_day(clerk, kg)
    other = staff(demo_database, "hk_zb")
    with pytest.raises(PermissionDenied, match="own hall"):
        hall_day.hall_day(other, kg)
    assert audits(demo_database, "supervise a hall", "refused")
    assert hall_day.hall_day(other, hk).hall_code == "HK"
    admin = staff(demo_database, "admin")
    assert hall_day.hall_day(admin, kg).hall_code == "KG"
    assert [h.code for h in hall_day.supervised_halls(admin)] == ["HG", "HK", "KG", "LG"]
    assert [h.code for h in hall_day.supervised_halls(other)] == ["HK"]
    with pytest.raises(PermissionDenied):
        hall_day.supervised_halls(clerk)


# ---------------------------------------------------------------- closing a counter


def test_force_close_returns_tickets_to_their_place_and_signs_the_clerk_out(
    demo_database: Database, supervisor: Actor, clerk: Actor, counter_1: int
) -> None:
    database = demo_database
    a1 = issue(database, supervisor)
    a2 = issue(database, supervisor, now=IN_HOURS + timedelta(minutes=1))
    a3 = issue(database, supervisor, now=IN_HOURS + timedelta(minutes=2))
    a4 = issue(database, supervisor, now=IN_HOURS + timedelta(minutes=3))
    # Counter 1: A001 on hold, A002 being served; A004 was sent to counter 1 alone.
    assert called_id(database, clerk, counter_1) == a1.ticket.id
    queue.hold_ticket(clerk, counter_1, a1.ticket.id, now=LATER)
    assert called_id(database, clerk, counter_1) == a2.ticket.id
    queue.start_service(clerk, counter_1, a2.ticket.id, now=LATER)
    queue.transfer(clerk, a4.ticket.id, to_counter_id=counter_1, now=LATER)
    events_before = len(_events(database))

    result = hall_day.force_close_counter(supervisor, counter_1, now=LATER)

    assert result.returned == ("A001", "A002") and result.released == ("A004",)
    assert result.clerk_name == clerk.full_name
    assert result.counter.state is CounterState.CLOSED and result.counter.clerk_id is None and not result.counter.tickets
    row = counter_row(database, counter_1)
    assert row.state == CounterState.CLOSED.value and row.clerk_id is None
    for issued in (a1, a2):
        ticket = ticket_row(database, issued.ticket.id)
        assert ticket.status == TicketStatus.WAITING.value and ticket.counter_id is None
        assert ticket.queued_at == issued.ticket.queued_at and ticket.label == issued.ticket.label
        assert ticket.service_started_at is None and ticket.called_at is None
    assert ticket_row(database, a4.ticket.id).target_counter_id is None
    new_events = _events(database)[events_before:]
    assert [(e.ticket_id, e.action, e.from_status, e.to_status, e.counter_id, e.clerk_id) for e in new_events] == [
        (a1.ticket.id, "transfer", "held", "waiting", counter_1, supervisor.staff_id),
        (a2.ticket.id, "transfer", "serving", "waiting", counter_1, supervisor.staff_id),
        (a4.ticket.id, "transfer", "waiting", "waiting", counter_1, supervisor.staff_id),
    ]
    assert all(e.detail == hall_day.FORCE_CLOSE_DETAIL for e in new_events)
    (record,) = audits(database, "force close counter")
    assert record.staff_id == supervisor.staff_id and record.target == "counter 1"
    assert json.loads(record.detail)["returned"] == ["A001", "A002"]

    # The dead PC can no longer call; the next counter gets the returned tickets first, in their place.
    with pytest.raises(ConflictError, match="not signed in"):
        queue.call_next(clerk, counter_1, now=LATER)
    kg02 = staff(database, "kg02")
    counter_2 = counter_id(database, 2)
    queue.open_counter(kg02, counter_2)
    called = []
    for _ in range(4):
        next_one = queue.call_next(kg02, counter_2, now=LATER)
        assert next_one is not None
        called.append(next_one.label)
        queue.finish_service(kg02, counter_2, next_one.id, now=LATER)
    assert called == ["A001", "A002", "A003", "A004"]
    assert a3.ticket.label == "A003"
    # And the clerk may sign in again later.
    assert queue.open_counter(clerk, counter_1).state is CounterState.OPEN


def called_id(database: Database, clerk: Actor, counter: int) -> int:
    called = queue.call_next(clerk, counter, now=LATER)
    assert called is not None
    return called.id


def _events(database: Database) -> list[TicketEvent]:
    with database.reading() as session:
        rows = list(session.scalars(select(TicketEvent).order_by(TicketEvent.id)))
        for row in rows:
            session.expunge(row)
        return rows


def test_force_close_refusals_change_nothing(demo_database: Database, supervisor: Actor, clerk: Actor, counter_1: int) -> None:
    database = demo_database
    ticket = issue(database, supervisor)
    queue.call_next(clerk, counter_1, now=LATER)
    with pytest.raises(PermissionDenied):
        hall_day.force_close_counter(clerk, counter_1)
    with pytest.raises(PermissionDenied, match="own hall"):
        hall_day.force_close_counter(staff(database, "hk_zb"), counter_1)
    assert audits(database, "close a counter left open", "refused")
    with pytest.raises(NotFound):
        hall_day.force_close_counter(supervisor, 999_999)
    with pytest.raises(ConflictError, match="already closed"):
        hall_day.force_close_counter(supervisor, counter_id(database, 2))
    assert counter_row(database, counter_1).state == CounterState.OPEN.value
    assert ticket_row(database, ticket.ticket.id).status == TicketStatus.CALLED.value
    assert not audits(database, "force close counter")
    # An administrator may close a counter of any hall; a paused counter without a ticket too.
    queue.finish_service(clerk, counter_1, ticket.ticket.id, now=LATER)
    queue.pause_counter(clerk, counter_1)
    result = hall_day.force_close_counter(staff(database, "admin"), counter_1)
    assert result.returned == () and counter_row(database, counter_1).state == CounterState.CLOSED.value


def test_force_close_pokes_the_hall(qtbot: QtBot, demo_database: Database, supervisor: Actor, clerk: Actor, counter_1: int) -> None:
    watcher = HallWatcher(demo_database, hall_id(demo_database), refresh_ms=60_000)
    try:
        with qtbot.waitSignal(watcher.changed, timeout=5000):  # the first read after connecting
            watcher.start()
        with qtbot.waitSignal(watcher.changed, timeout=5000):
            hall_day.force_close_counter(supervisor, counter_1)
    finally:
        watcher.stop()
        watcher.deleteLater()


# ---------------------------------------------------------------- queue settings


def test_settings_default_save_and_reach_displays_and_counters(
    demo_database: Database, supervisor: Actor, clerk: Actor, counter_1: int
) -> None:
    database = demo_database
    kg, hk = hall_id(database), hall_id(database, "HK")
    defaults = QueueSettings(
        DEFAULTS["recall_cooldown_seconds"], DEFAULTS["recall_max"], DEFAULTS["display_notice"], DEFAULTS["display_repeat"]
    )
    assert hall_day.queue_settings(supervisor, kg) == defaults
    wanted = QueueSettings(45, 5, "  请保持安静，\n有序排队。  ", 3)
    saved = hall_day.save_queue_settings(supervisor, kg, wanted)
    assert saved.settings == QueueSettings(45, 5, "请保持安静， 有序排队。", 3)
    assert set(saved.changed) == {"recall_cooldown_seconds", "recall_max", "display_notice", "display_repeat"}
    assert hall_day.queue_settings(staff(database, "admin"), kg) == saved.settings
    # The hall's own settings: its display shows them, the other halls keep the zone's.
    state = queue.display_state(supervisor, kg)
    assert (state.notice, state.repeat) == ("请保持安静， 有序排队。", 3)
    other = queue.display_state(staff(database, "hk_zb"), hk)
    assert (other.notice, other.repeat) == (defaults.display_notice, defaults.display_repeat)
    assert hall_day.queue_settings(staff(database, "hk_zb"), hk) == defaults
    panel = queue.counter_panel(clerk, counter_1)
    assert (panel.recall_cooldown_seconds, panel.recall_max) == (45, 5)
    (record,) = audits(database, "save queue settings")
    assert json.loads(record.detail)["changes"]["recall_max"] == [DEFAULTS["recall_max"], 5]
    assert record.hall_id == kg
    # Saving the same values again writes nothing.
    again = hall_day.save_queue_settings(supervisor, kg, saved.settings)
    assert again.changed == () and len(audits(database, "save queue settings")) == 1
    # Only what changed is written.
    hall_day.save_queue_settings(supervisor, kg, QueueSettings(45, 5, "请保持安静， 有序排队。", 1))
    assert json.loads(audits(database, "save queue settings")[-1].detail)["changes"] == {"display_repeat": [3, 1]}


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (QueueSettings(-1, 3, "notice", 2), "recall cooldown"),
        (QueueSettings(601, 3, "notice", 2), "recall cooldown"),
        (QueueSettings(20, -1, "notice", 2), "number of recalls"),
        (QueueSettings(20, 11, "notice", 2), "number of recalls"),
        (QueueSettings(20, True, "notice", 2), "number of recalls"),  # type: ignore[arg-type]
        (QueueSettings(20, 3, "notice", 0), "announce each call"),
        (QueueSettings(20, 3, "notice", 6), "announce each call"),
        (QueueSettings(20, 3, "", 2), "Write the notice"),
        (QueueSettings(20, 3, " \n ", 2), "Write the notice"),
        (QueueSettings(20, 3, "请" * 201, 2), "at most 200 characters; this one has 201"),
    ],
)
def test_bad_settings_leave_the_database_unchanged(
    demo_database: Database, supervisor: Actor, settings: QueueSettings, message: str
) -> None:
    before = stored_settings(demo_database)
    with pytest.raises(ValidationError, match=message):
        hall_day.save_queue_settings(supervisor, hall_id(demo_database), settings)
    assert stored_settings(demo_database) == before
    assert not audits(demo_database, "save queue settings")


def test_the_limits_themselves_are_allowed(demo_database: Database, supervisor: Actor) -> None:
    for settings in (QueueSettings(0, 0, "请" * 200, 1), QueueSettings(600, 10, "x", 5)):
        assert hall_day.save_queue_settings(supervisor, hall_id(demo_database), settings).settings == settings


def test_clerks_and_other_halls_may_not_change_settings(demo_database: Database, clerk: Actor) -> None:
    kg = hall_id(demo_database)
    with pytest.raises(PermissionDenied):
        hall_day.save_queue_settings(clerk, kg, QueueSettings(30, 3, "x", 2))
    with pytest.raises(PermissionDenied):
        hall_day.queue_settings(clerk, kg)
    with pytest.raises(PermissionDenied, match="own hall"):  # once, one hall's supervisor changed all four
        hall_day.save_queue_settings(staff(demo_database, "hk_zb"), kg, QueueSettings(30, 3, "x", 2))
    assert stored_settings(demo_database) == {"business_timezone": '"Asia/Shanghai"'}
    assert audits(demo_database, "change the queue settings", "refused")


def test_saving_settings_pokes_the_hall(qtbot: QtBot, demo_database: Database, supervisor: Actor) -> None:
    watcher = HallWatcher(demo_database, hall_id(demo_database), refresh_ms=60_000)
    try:
        with qtbot.waitSignal(watcher.changed, timeout=5000):
            watcher.start()
        with qtbot.waitSignal(watcher.changed, timeout=5000):
            hall_day.save_queue_settings(supervisor, hall_id(demo_database), QueueSettings(30, 3, "新的公告", 2))
    finally:
        watcher.stop()
        watcher.deleteLater()


# ---------------------------------------------------------------- closing the day


def test_close_day_counts_then_closes_today_and_earlier_leftovers(
    demo_database: Database, supervisor: Actor, clerk: Actor, counter_1: int
) -> None:
    database = demo_database
    kg = hall_id(database)
    issue(database, supervisor, now=IN_HOURS - timedelta(days=1))  # left over from yesterday
    done = issue(database, supervisor)
    issue(database, supervisor, "B")
    queue.call_next(clerk, counter_1, now=LATER)
    queue.finish_service(clerk, counter_1, done.ticket.id, now=LATER)  # done: stays done
    issue(database, supervisor)
    queue.call_next(clerk, counter_1, now=LATER)  # in hand at closing time: closed too
    other_hall = queue.issue_ticket(staff(database, "hk_zb"), line_id(database, "A", "HK"), now=IN_HOURS)

    assert queue.open_ticket_count(supervisor, kg, IN_HOURS.date()) == 3
    assert hall_day.hall_day(supervisor, kg, now=LATER).open_tickets == 3
    result = queue.close_business_day(supervisor, kg, "  当日营业结束 ", now=LATER)
    assert (result.closed, result.day, result.hall_name) == (3, IN_HOURS.date(), "空港政务服务中心")
    assert queue.open_ticket_count(supervisor, kg, IN_HOURS.date()) == 0
    with database.reading() as session:
        statuses = dict(session.execute(select(Ticket.status, func.count()).where(Ticket.hall_id == kg).group_by(Ticket.status)).all())
        reasons = set(session.scalars(select(Ticket.close_reason).where(Ticket.status == TicketStatus.CLOSED.value)))
    assert statuses == {TicketStatus.CLOSED.value: 3, TicketStatus.DONE.value: 1}
    assert reasons == {"当日营业结束"}
    assert ticket_row(database, other_hall.ticket.id).status == TicketStatus.WAITING.value
    assert audits(database, "close business day")


def test_close_day_refusals_change_nothing(demo_database: Database, supervisor: Actor, clerk: Actor) -> None:
    database = demo_database
    kg = hall_id(database)
    ticket = issue(database, supervisor)
    with pytest.raises(PermissionDenied):
        queue.close_business_day(clerk, kg, "下班", now=LATER)
    with pytest.raises(PermissionDenied, match="own hall"):
        queue.close_business_day(staff(database, "hk_zb"), kg, "下班", now=LATER)
    with pytest.raises(PermissionDenied, match="own hall"):
        queue.open_ticket_count(staff(database, "hk_zb"), kg, IN_HOURS.date())
    with pytest.raises(ValidationError, match="has not begun"):
        queue.close_business_day(supervisor, kg, "下班", IN_HOURS.date() + timedelta(days=1), now=LATER)
    with pytest.raises(ValidationError, match="reason"):
        queue.close_business_day(supervisor, kg, "  ", now=LATER)
    with pytest.raises(ValidationError, match="200"):
        queue.close_business_day(supervisor, kg, "x" * 201, now=LATER)
    with pytest.raises(NotFound):
        queue.close_business_day(staff(database, "admin"), 999_999, "下班", now=LATER)
    assert ticket_row(database, ticket.ticket.id).status == TicketStatus.WAITING.value
    assert not audits(database, "close business day")
    # An administrator may close any hall's day.
    assert queue.close_business_day(staff(database, "admin"), kg, "下班", now=LATER).closed == 1


# ---------------------------------------------------------------- the tab

TabFactory = Callable[..., HallDayTab]


@pytest.fixture
def make_tab(qtbot: QtBot, hall_open_all_day: Database) -> Iterator[TabFactory]:
    """Tabs on a backend of their own, shown and with their first read in (``show=False``:
    built only). At teardown nothing of them may run on: no worker, no watcher, no timer."""
    tabs: list[HallDayTab] = []

    def make(actor: Actor, *, show: bool = True) -> HallDayTab:
        backend = Backend(actor)
        tab = HallDayTab(backend)
        backend.setParent(tab)
        qtbot.addWidget(tab)
        tab.resize(1600, 900)
        tabs.append(tab)
        if show:
            tab.show()
            settle(qtbot, tab)
        return tab

    yield make
    for tab in tabs:
        tab.stop()
        assert tab.watcher is None  # its last subscriber gone, the hall's watcher stopped
        tab.backend.stop()
        assert not tab.backend.operations.running and not tab.info_timer.isActive()


def settle(qtbot: QtBot, tab: HallDayTab) -> None:
    """Wait until everything the tab asked of the database is back and shown (a shown tab's
    first read of its hall comes with the hall watcher's first change, once it listens)."""
    qtbot.waitUntil(lambda: tab.backend.operations.idle, timeout=5000)
    if tab.isVisible() and tab.hall_id is not None:
        qtbot.waitUntil(lambda: tab.day is not None and tab.backend.operations.idle, timeout=5000)


def now_issue(database: Database, actor: Actor, prefix: str = "A") -> queue.IssuedTicket:
    return queue.issue_ticket(actor, line_id(database, prefix))


def row_texts(tab: HallDayTab, number: int) -> list[str]:
    model = tab.counter_model
    row = next(r for r, c in enumerate(model.counters) if c.number == number)
    return [str(model.data(model.index(row, column))) for column in range(model.columnCount())]


def accept_dialog(qtbot: QtBot, tab: HallDayTab) -> None:
    dialog = tab.confirm_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def test_tab_shows_counters_live_and_closes_one_after_confirmation(
    qtbot: QtBot, hall_open_all_day: Database, make_tab: TabFactory
) -> None:
    database = hall_open_all_day
    supervisor, clerk = staff(database, "kg_zb"), staff(database, "kg01")
    tab = make_tab(supervisor)
    assert tab.counter_model.rowCount() == 14
    assert not tab.hall_choice.isVisibleTo(tab)  # a supervisor has one hall
    assert "空港政务服务中心" in tab.title.text()
    assert row_texts(tab, 1)[2:] == ["closed", "—", "–", "—"]

    # A clerk signs in and calls elsewhere: the tab follows through the watcher.
    ticket = now_issue(database, supervisor)
    counter_1 = counter_id(database, 1)
    queue.open_counter(clerk, counter_1)
    queue.call_next(clerk, counter_1)
    qtbot.waitUntil(lambda: row_texts(tab, 1)[5] == "A001 called", timeout=5000)
    texts = row_texts(tab, 1)
    assert texts[2] == "open" and texts[3] == f"{clerk.full_name} (kg01)" and texts[1] == "A"
    assert "staffed 1/14" in tab.summary.text() and tab.open_count.text() == "Open tickets now: 1"

    # Nothing selected, or a closed counter selected: nothing to close.
    assert not tab.close_counter_button.isEnabled()
    tab.select_counter(counter_id(database, 2))
    assert not tab.close_counter_button.isEnabled()
    tab.select_counter(counter_1)
    assert tab.close_counter_button.isEnabled()

    # Cancel changes nothing.
    qtbot.mouseClick(tab.close_counter_button, Qt.MouseButton.LeftButton)
    dialog = tab.confirm_dialog
    assert dialog is not None
    assert clerk.full_name in dialog.text.text() and "A001" in dialog.text.text()
    dialog.reject()
    assert counter_row(database, counter_1).state == CounterState.OPEN.value

    qtbot.mouseClick(tab.close_counter_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(tab.counter_closed, timeout=5000):
        accept_dialog(qtbot, tab)
        assert not tab.close_counter_button.isEnabled()  # no second click while it runs
    assert counter_row(database, counter_1).state == CounterState.CLOSED.value
    assert ticket_row(database, ticket.ticket.id).status == TicketStatus.WAITING.value
    assert "A001" in tab.message.text() and clerk.full_name in tab.message.text()
    assert row_texts(tab, 1)[2:4] == ["closed", "—"]  # at once, from what the service returned
    settle(qtbot, tab)
    assert row_texts(tab, 1)[2:4] == ["closed", "—"] and "staffed 0/14" in tab.summary.text()
    selected = tab.selected_counter()
    assert selected is not None and selected.id == counter_1  # the selection is kept
    assert not tab.close_counter_button.isEnabled()


def test_tab_saves_settings_and_shows_bad_input(qtbot: QtBot, hall_open_all_day: Database, make_tab: TabFactory) -> None:
    database = hall_open_all_day
    supervisor = staff(database, "kg_zb")
    tab = make_tab(supervisor)
    assert tab.settings_box.isEnabled()  # the stored settings are in
    assert (tab.cooldown.value(), tab.recall_max.value(), tab.repeat.value()) == (20, 3, 2)
    assert tab.notice.text() == DEFAULTS["display_notice"]
    assert (tab.cooldown.minimum(), tab.cooldown.maximum(), tab.repeat.minimum(), tab.repeat.maximum()) == (0, 600, 1, 5)

    tab.notice.clear()
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Write the notice" in tab.message.text(), timeout=5000)
    assert "display_notice" not in stored_settings(database)
    assert not tab.info_timer.isActive()  # an error stays until the next message

    tab.cooldown.setValue(60)
    tab.repeat.setValue(3)
    tab.notice.setText("今日下午四点半停止取号")
    with qtbot.waitSignal(tab.settings_saved, timeout=5000):
        qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
        assert not tab.save_button.isEnabled()  # no second save while the first runs
    assert tab.message.text() == "Settings saved."
    assert tab.save_button.isEnabled()
    state = queue.display_state(supervisor, hall_id(database))
    assert (state.notice, state.repeat) == ("今日下午四点半停止取号", 3)
    assert hall_day.queue_settings(supervisor, hall_id(hall_open_all_day)).recall_cooldown_seconds == 60
    # "Saved" once stayed on screen for minutes: it clears itself after a few seconds.
    assert tab.info_timer.isActive() and tab.info_timer.isSingleShot() and 2_000 <= tab.info_timer.interval() <= 10_000
    tab.info_timer.start(50)
    qtbot.waitUntil(lambda: tab.message.text() == "", timeout=2000)

    tab.recall_max.setValue(7)
    qtbot.mouseClick(tab.revert_button, Qt.MouseButton.LeftButton)  # undo unsaved changes
    qtbot.waitUntil(lambda: tab.recall_max.value() == 3, timeout=5000)
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Nothing to save" in tab.message.text(), timeout=5000)


def test_tab_closes_the_day_with_a_reason(qtbot: QtBot, hall_open_all_day: Database, make_tab: TabFactory) -> None:
    database = hall_open_all_day
    supervisor = staff(database, "kg_zb")
    tab = make_tab(supervisor)
    assert not tab.close_day_button.isEnabled()  # nothing open yet
    tickets = [now_issue(database, supervisor, prefix) for prefix in "AAB"]
    qtbot.waitUntil(lambda: tab.open_count.text() == "Open tickets now: 3", timeout=5000)
    assert tab.close_day_button.isEnabled()
    # Nobody is at a counter: the lines with people waiting are flagged.
    model = tab.line_model
    flagged = {line.prefix: model.data(model.index(row, 0), Qt.ItemDataRole.ToolTipRole) for row, line in enumerate(model.lines)}
    assert {prefix for prefix, tip in flagged.items() if tip} == {"A", "B"}
    assert [model.data(model.index(row, 1)) for row, line in enumerate(model.lines) if line.prefix in "AB"] == [2, 1]

    now_issue(database, supervisor, "C")  # issued just before the click: the question counts it
    qtbot.mouseClick(tab.close_day_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.confirm_dialog is not None, timeout=5000)
    dialog = tab.confirm_dialog
    assert dialog is not None and dialog.reason_edit is not None
    assert "Close 4 open tickets" in dialog.text.text()
    assert dialog.reason() == "End of business day"
    dialog.reason_edit.clear()
    assert not dialog.ok_button.isEnabled()  # a reason is required
    dialog.reason_edit.setText("Fire drill")
    with qtbot.waitSignal(tab.day_closed, timeout=5000) as closed:
        accept_dialog(qtbot, tab)
    assert closed.args[0].closed == 4
    assert "4 tickets closed" in tab.message.text()
    for issued in tickets:
        row = ticket_row(database, issued.ticket.id)
        assert (row.status, row.close_reason) == (TicketStatus.CLOSED.value, "Fire drill")
    settle(qtbot, tab)
    assert tab.open_count.text() == "Open tickets now: 0" and not tab.close_day_button.isEnabled()


def test_tab_cancelled_day_closing_changes_nothing(qtbot: QtBot, hall_open_all_day: Database, make_tab: TabFactory) -> None:
    database = hall_open_all_day
    supervisor = staff(database, "kg_zb")
    ticket = now_issue(database, supervisor)
    tab = make_tab(supervisor)
    qtbot.mouseClick(tab.close_day_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.confirm_dialog is not None, timeout=5000)
    assert tab.confirm_dialog is not None
    tab.confirm_dialog.reject()
    assert ticket_row(database, ticket.ticket.id).status == TicketStatus.WAITING.value
    assert not audits(database, "close business day")


def test_admin_chooses_the_hall(qtbot: QtBot, hall_open_all_day: Database, make_tab: TabFactory) -> None:
    database = hall_open_all_day
    tab = make_tab(staff(database, "admin"))
    assert tab.hall_choice.isVisibleTo(tab) and tab.hall_choice.count() == 4
    tab.hall_choice.setCurrentIndex(tab.hall_choice.findData(hall_id(database, "LG")))
    settle(qtbot, tab)
    assert tab.day is not None and tab.day.hall_code == "LG" and tab.counter_model.rowCount() == 6
    assert tab.watcher is not None and tab.watcher.hall_id == hall_id(database, "LG")
    first = tab.hall_choice.itemData(0)
    assert first != hall_id(database, "LG") and tab.backend.watchers.watcher(first) is None  # the first hall is let go


def test_supervisor_and_admin_windows_have_the_hall_tab(qtbot: QtBot, demo_database: Database) -> None:
    for username in ("kg_zb", "admin"):
        window = RoleWindow(staff(demo_database, username))
        qtbot.addWidget(window)
        titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
        assert titles == ["Issue tickets", "Hall", "Cases", "Licences", "Service catalogue"]
        assert isinstance(window.hall_day, HallDayTab)
        assert window.hall_day.day is None  # not shown yet: it has read nothing
        window.stop()
        assert not window.backend.operations.running and not window.backend.watchers._halls
    window = RoleWindow(staff(demo_database, "kg01"))
    qtbot.addWidget(window)
    assert window.hall_day is None
    window.stop()


# ---------------------------------------------------------------- the command line


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "counter_app", *args],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "COUNTER_APP_PASSWORD": "hall2026", **(env or {})},
    )


def test_cli_close_day(db_factory: DatabaseFactory) -> None:
    url = db_factory.copy_of("demo")
    database = Database.from_url(url)
    try:
        with database.transaction() as session:
            session.execute(update(Hall).values(opens_at=time(0, 0), closes_at=time(23, 59, 59)))
        supervisor = staff(database, "kg_zb")
        first = [now_issue(database, supervisor) for _ in range(2)]
        hk_ticket = queue.issue_ticket(staff(database, "hk_zb"), line_id(database, "A", "HK"))
        today = hall_day.hall_day(supervisor, hall_id(database)).business_date
        for username in ("kg01", "admin"):  # their first passwords taken as changed (test_cli_passwd.py tests that)
            password_changed(database, username)

        clerk = _cli("--db", url, "close-day", "--hall", "KG", "--user", "kg01")
        assert clerk.returncode == 2 and "may not" in clerk.stderr
        other = _cli("--db", url, "close-day", "--hall", "KG", "--user", "hk_zb")
        assert other.returncode == 2 and "own hall" in other.stderr
        bad_date = _cli("--db", url, "close-day", "--hall", "KG", "--user", "kg_zb", "--date", "23.11.2026")
        assert bad_date.returncode == 2 and "YYYY-MM-DD" in bad_date.stderr and "Traceback" not in bad_date.stderr
        future = (today + timedelta(days=1)).isoformat()
        assert "has not begun" in _cli("--db", url, "close-day", "--hall", "KG", "--user", "kg_zb", "--date", future).stderr
        assert "no hall 'XX'" in _cli("--db", url, "close-day", "--hall", "XX", "--user", "kg_zb").stderr
        assert all(ticket_row(database, t.ticket.id).status == TicketStatus.WAITING.value for t in first)

        done = _cli("--db", url, "close-day", "--hall", "kg", "--user", "kg_zb")
        assert done.returncode == 0, done.stderr
        assert f"closed 2 open tickets of {today.isoformat()}" in done.stdout
        assert {ticket_row(database, t.ticket.id).close_reason for t in first} == {"End of business day"}
        assert ticket_row(database, hk_ticket.ticket.id).status == TicketStatus.WAITING.value

        # Chinese by default, with the reason in Chinese; --reason and --date as given.
        chinese = _cli("--db", url, "close-day", "--hall", "HK", "--user", "admin", "--date", today.isoformat(),
                       env={"COUNTER_APP_LANG": "zh_CN"})
        assert chinese.returncode == 0, chinese.stderr
        assert ticket_row(database, hk_ticket.ticket.id).close_reason == "当日营业结束"
        later = now_issue(database, supervisor)
        given = _cli("--db", url, "close-day", "--hall", "KG", "--user", "kg_zb", "--reason", "停电")
        assert given.returncode == 0 and ticket_row(database, later.ticket.id).close_reason == "停电"
    finally:
        database.dispose()


def test_utc_today_is_not_the_business_day_near_midnight(demo_database: Database, supervisor: Actor) -> None:
    """At 23:30 UTC it is already tomorrow in Shanghai: that day may be closed, the next not."""
    late = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)
    kg = hall_id(demo_database)
    assert queue.close_business_day(supervisor, kg, "x", IN_HOURS.date() + timedelta(days=1), now=late).closed == 0
    with pytest.raises(ValidationError):
        queue.close_business_day(supervisor, kg, "x", IN_HOURS.date() + timedelta(days=2), now=late)
