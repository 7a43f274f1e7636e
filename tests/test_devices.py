"""A hall display reports whether it can speak; its supervisors see it on the Hall tab's read."""

from __future__ import annotations

from datetime import timedelta

import pytest

from counter_app.db.engine import Database
from counter_app.errors import PermissionDenied
from counter_app.services import devices, hall_day
from tests.queue_support import IN_HOURS, display, hall_id, staff


def test_a_mute_display_shows_on_the_hall_day_and_a_silent_one_goes_stale(demo_database: Database) -> None:
    kg = hall_id(demo_database)
    supervisor = staff(demo_database, "kg_zb")
    assert hall_day.hall_day(supervisor, kg, now=IN_HOURS).displays == ()
    screen = display(demo_database)
    devices.report_display(screen, kg, speech_ok=False, detail="no Mandarin voice", now=IN_HOURS)
    devices.report_display(screen, kg, speech_ok=False, detail="no Mandarin voice", now=IN_HOURS + timedelta(minutes=1))
    (health,) = hall_day.hall_day(supervisor, kg, now=IN_HOURS + timedelta(minutes=1)).displays
    assert (health.speech_ok, health.detail, health.stale) == (False, "no Mandarin voice", False)
    assert health.changed_at == IN_HOURS and health.seen_at == IN_HOURS + timedelta(minutes=1)  # a heartbeat is no change
    devices.report_display(screen, kg, speech_ok=True, now=IN_HOURS + timedelta(minutes=2))
    (health,) = hall_day.hall_day(supervisor, kg, now=IN_HOURS + timedelta(minutes=2)).displays
    assert health.speech_ok and health.changed_at == IN_HOURS + timedelta(minutes=2)
    later = IN_HOURS + timedelta(minutes=2) + devices.STALE_AFTER + timedelta(seconds=1)
    assert hall_day.hall_day(supervisor, kg, now=later).displays[0].stale


def test_only_a_display_reports_and_only_for_its_hall(demo_database: Database) -> None:
    kg, hk = hall_id(demo_database), hall_id(demo_database, "HK")
    with pytest.raises(PermissionDenied, match="may not"):
        devices.report_display(staff(demo_database, "kg01"), kg, speech_ok=True, now=IN_HOURS)
    with pytest.raises(PermissionDenied, match="own hall"):
        devices.report_display(display(demo_database), hk, speech_ok=True, now=IN_HOURS)
    assert hall_day.hall_day(staff(demo_database, "hk_zb"), hk, now=IN_HOURS).displays == ()
