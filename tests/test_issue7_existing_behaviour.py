"""Behaviour that was there without a test (issue 7, "Trust before growth"): free text with
control and format characters refused where staff type it, the hall display's clock in the
hall's time zone whatever the machine's, and the README's demo figures."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select, update

from counter_app.db import migrate
from counter_app.db.engine import Database, make_engine
from counter_app.db.models import HallSetting, Setting, Staff, Ticket
from counter_app.domain.roles import Role
from counter_app.domain.text import TextError
from counter_app.services import hall_day, queue
from counter_app.services.auth import NewStaff, create_staff
from counter_app.services.demo import load_demo
from tests.queue_support import display as display_actor
from tests.queue_support import hall_id, line_id, staff, unique_username

ROOT = Path(__file__).resolve().parent.parent

# NUL, ESC (starts an ANSI terminal sequence), U+202E RIGHT-TO-LEFT OVERRIDE (shows text reversed)
BAD_CHARACTERS = [("\x00", "control", "U+0000 NULL"), ("\x1b[2J", "control", "U+001B ESCAPE"), ("\u202e", "format", "U+202E")]


# ---------------------------------------------------------------- text staff type


@pytest.mark.parametrize(("bad", "reason", "named"), BAD_CHARACTERS, ids=["NUL", "ESC", "RLO"])
def test_control_and_format_characters_are_refused_where_staff_type_text(
    hall_open_all_day: Database, bad: str, reason: str, named: str
) -> None:
    """The display notice, a new colleague's full name and the reason of the end of the day:
    refused with the character and its place, and nothing stored."""
    database = hall_open_all_day
    supervisor, admin, hall = staff(database, "kg_zb"), staff(database, "admin"), hall_id(database)
    ticket = queue.issue_ticket(supervisor, line_id(database, "A")).ticket

    settings = hall_day.queue_settings(supervisor, hall)
    with pytest.raises(TextError) as notice:
        hall_day.save_queue_settings(supervisor, hall, hall_day.QueueSettings(30, 3, f"请排队{bad}等候", 2))
    name = unique_username("text")
    with pytest.raises(TextError) as full_name:
        create_staff(admin, NewStaff(name, f"张{bad}三", Role.CLERK, "harbour-lantern-1907", hall))
    with pytest.raises(TextError) as close_reason:
        queue.close_business_day(supervisor, hall, f"日终{bad}关闭")
    for refused, field, position in ((notice, "display notice", 4), (full_name, "full name", 2), (close_reason, "reason", 3)):
        assert refused.value.reason == reason and refused.value.position == position
        assert named in refused.value.english() and field in refused.value.english()
    assert hall_day.queue_settings(supervisor, hall) == settings
    with database.reading() as session:
        assert session.scalar(select(HallSetting.value).where(HallSetting.hall_id == hall, HallSetting.key == "display_notice")) is None
        assert session.scalar(select(Staff.id).where(Staff.username == name)) is None
        assert session.scalar(select(Ticket.status).where(Ticket.id == ticket.id)) == "waiting"


# ---------------------------------------------------------------- the display's clock


@pytest.fixture
def machine_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The machine behind the screen in Los Angeles (the hall is elsewhere)."""
    zone = "America/Los_Angeles"
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        yield zone
    finally:
        monkeypatch.undo()
        time.tzset()


def test_the_display_clock_shows_the_halls_time_zone_not_the_machines(
    qtbot: QtBot, demo_database: Database, qt_speech: None, machine_zone: str
) -> None:
    from counter_app.ui.display.window import HallDisplayWindow

    hall_zone = "Pacific/Auckland"  # neither the machine's nor the window's first guess (Asia/Shanghai)
    with demo_database.transaction() as session:
        session.execute(update(Setting).where(Setting.key == "business_timezone").values(value=json.dumps(hall_zone)))
    window = HallDisplayWindow(display_actor(demo_database), speech_engine="mock", poll_ms=100, retry_ms=300)
    qtbot.addWidget(window)
    window.show()
    window.start()
    try:
        qtbot.waitUntil(lambda: window.state is not None and window.timezone.key == hall_zone, timeout=5000)
        assert window.state is not None and window.state.timezone == hall_zone
        shown = re.fullmatch(r"(\d{4}-\d\d-\d\d)\s+\S+\s+(\d\d:\d\d:\d\d)", window.clock.text().strip())
        assert shown is not None, window.clock.text()
        on_screen = datetime.strptime(f"{shown[1]} {shown[2]}", "%Y-%m-%d %H:%M:%S")
        in_the_hall = window.backend.now().astimezone(ZoneInfo(hall_zone)).replace(tzinfo=None)
        on_the_machine = datetime.now().replace(microsecond=0)  # the machine's own zone (TZ)
        assert abs(on_screen - in_the_hall) < timedelta(seconds=5)
        assert abs(on_screen - on_the_machine) > timedelta(hours=1)  # the zones lie 20 hours or more apart
    finally:
        window.stop()


# ---------------------------------------------------------------- the README's figures


def test_the_readme_demo_figures_are_what_the_demo_loads(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    try:
        migrate.upgrade(engine)
        summary = load_demo(Database(engine))
    finally:
        engine.dispose()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    figures = re.search(r"with the demo zone \((\w+) halls, (\d+) counters, (\d+) staff", readme)
    assert figures is not None, "the README no longer states the demo's figures where this test looks"
    words = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
    assert (words.get(figures[1], figures[1]), int(figures[2]), int(figures[3])) == (
        summary.halls, summary.counters, summary.staff,
    ) == (4, 32, 37)

