"""The command line and the password an administrator (or the demo) set: ``counter-app
passwd`` changes it; until then every other command says so instead of acting."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from counter_app.db.engine import Database
from counter_app.db.models import Staff
from counter_app.domain.roles import Role
from counter_app.services.access import Actor
from counter_app.services.auth import NewStaff, create_staff, login
from tests.queue_support import hall_id, unique_username

ROOT = Path(__file__).resolve().parent.parent
FIRST = "first-lantern-pw-31"
OWN = "own-harbour-pw-2026"


def _cli(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("COUNTER_APP_PASSWORD", "COUNTER_APP_NEW_PASSWORD")}
    return subprocess.run(
        [sys.executable, "-m", "counter_app", *args], cwd=ROOT, capture_output=True, text=True, timeout=120,
        stdin=subprocess.DEVNULL, env={**environment, "COUNTER_APP_LANG": "en", **env},
    )


def test_a_first_password_is_changed_with_passwd_before_any_other_command(demo_database: Database) -> None:
    """A clerk made by the administrator (a name of its own: PostgreSQL login roles belong
    to the whole test cluster) runs the scheduled job: refused until ``passwd``."""
    name = unique_username("cron")
    create_staff(Actor.system(demo_database), NewStaff(name, "值班员", Role.CLERK, FIRST, hall_id(demo_database)))
    url = demo_database.engine.url.render_as_string(hide_password=False)
    job = ("--db", url, "cases", "end-lapsed", "--user", name)

    refused = _cli(*job, COUNTER_APP_PASSWORD=FIRST)
    assert refused.returncode == 2, refused.stderr
    assert f"Change your password first: counter-app passwd --user {name}" in refused.stderr
    assert "Traceback" not in refused.stderr

    wrong = _cli("--db", url, "passwd", "--user", name, COUNTER_APP_PASSWORD="not-it-at-all", COUNTER_APP_NEW_PASSWORD=OWN)
    assert wrong.returncode == 2 and "Wrong user name or password" in wrong.stderr
    weak = _cli("--db", url, "passwd", "--user", name, COUNTER_APP_PASSWORD=FIRST, COUNTER_APP_NEW_PASSWORD="12345678")
    assert weak.returncode == 2 and "too easy to guess" in weak.stderr
    changed = _cli("--db", url, "passwd", "--user", name, COUNTER_APP_PASSWORD=FIRST, COUNTER_APP_NEW_PASSWORD=OWN)
    assert changed.returncode == 0, changed.stderr
    assert f"The password of {name} is changed." in changed.stdout

    ran = _cli(*job, COUNTER_APP_PASSWORD=OWN)
    assert ran.returncode == 0, ran.stderr
    assert "Ended 0 case(s)" in ran.stdout
    with demo_database.reading() as session:
        assert session.scalar(select(Staff.must_change_password).where(Staff.username == name)) is False
    assert not login(demo_database, name, OWN).must_change_password


def test_passwd_without_a_terminal_says_how_to_give_the_new_password(demo_database: Database) -> None:
    url = demo_database.engine.url.render_as_string(hide_password=False)
    result = _cli("--db", url, "passwd", "--user", "kg01", COUNTER_APP_PASSWORD="hall2026")
    assert result.returncode == 2, result.stderr
    assert "COUNTER_APP_NEW_PASSWORD" in result.stderr and "Traceback" not in result.stderr
