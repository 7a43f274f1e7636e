"""First start of the embedded database, and the administrator's commands."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from counter_app.config import resolve_database
from counter_app.db.engine import Database
from counter_app.db.models import Counter, Hall, ServiceItem, Staff
from counter_app.services.setup import open_database
from tests.conftest import DatabaseFactory
from tests.queue_support import password_changed

DEMO_CSV = Path(__file__).resolve().parent.parent / "resources" / "demo" / "catalogue.csv"


def test_first_run_creates_migrates_and_fills_the_embedded_database() -> None:
    location = resolve_database(None)
    assert location.is_embedded_default
    opened = open_database(location)
    try:
        assert opened.first_run is not None and opened.first_run.halls == 4
        with opened.database.reading() as session:
            assert session.scalar(select(func.count()).select_from(Hall)) == 4
            assert session.scalar(select(func.count()).select_from(ServiceItem)) >= 30
    finally:
        opened.database.dispose()
    again = open_database(location)  # second start: nothing new
    try:
        assert again.first_run is None
    finally:
        again.database.dispose()


def _cli(*args: str, stdin: str = "", env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "counter_app", *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def test_cli_upgrade_demo_and_import(db_factory: DatabaseFactory, tmp_path: Path) -> None:
    url = db_factory.empty_url()
    refused = _cli("--db", url, "catalogue", "import", str(DEMO_CSV), "--user", "admin", env={"COUNTER_APP_PASSWORD": "x"})
    assert refused.returncode == 2 and "counter-app db upgrade" in refused.stderr
    upgraded = _cli("db", "upgrade", "--db", url)
    assert upgraded.returncode == 0, upgraded.stderr
    assert "upgraded" in upgraded.stdout
    assert "up to date" in _cli("db", "upgrade", "--db", url).stdout
    demo = _cli("demo", "--db", url)
    assert demo.returncode == 0, demo.stderr
    assert "4 halls" in demo.stdout
    assert _cli("demo", "--db", url).returncode == 2  # never twice

    env = {"COUNTER_APP_PASSWORD": "hall2026"}
    first = _cli("--db", url, "catalogue", "import", str(DEMO_CSV), "--user", "admin", env=env)
    assert first.returncode == 2 and "Change your password first: counter-app passwd --user admin" in first.stderr
    # Not about passwords (test_cli_passwd.py is): the demo's first passwords taken as changed.
    database = Database.from_url(url)
    try:
        for username in ("admin", "kg01"):
            password_changed(database, username)
    finally:
        database.dispose()

    bad = tmp_path / "bad.csv"
    lines = DEMO_CSV.read_text(encoding="utf-8").splitlines()
    bad.write_text("\n".join([lines[0], lines[1], lines[2].replace("行政许可", "许可", 1)]) + "\n", encoding="utf-8")
    result = _cli("--db", url, "catalogue", "import", str(bad), "--user", "admin", env=env)
    assert result.returncode == 2
    assert "line 3" in result.stderr and "Unknown kind" in result.stderr
    ok = _cli("--db", url, "catalogue", "import", str(DEMO_CSV), "--user", "admin", env=env)
    assert ok.returncode == 0, ok.stderr
    assert "0 new" in ok.stdout
    clerk = _cli("--db", url, "catalogue", "import", str(DEMO_CSV), "--user", "kg01", env=env)
    assert clerk.returncode == 2 and "may not" in clerk.stderr
    lapsed = _cli("--db", url, "cases", "end-lapsed", "--user", "kg01", env=env)  # the scheduled job, nothing to end yet
    assert lapsed.returncode == 0, lapsed.stderr
    assert "0" in lapsed.stdout

    database = Database.from_url(url)
    try:
        with database.reading() as session:
            assert session.scalar(select(func.count()).select_from(Counter)) >= 20
            assert session.scalar(select(func.count()).select_from(Staff)) >= 20
    finally:
        database.dispose()


@pytest.mark.parametrize("url", ["nonsense", "postgresql://hall@127.0.0.1:9/hall"])
def test_cli_explains_bad_databases_without_a_traceback(url: str) -> None:
    result = _cli("db", "upgrade", "--db", url)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and result.stderr.strip()


def test_cli_speaks_chinese_by_default() -> None:
    result = _cli("db", "upgrade", "--db", "nonsense", env={"COUNTER_APP_LANG": "zh_CN"})
    assert any("\u4e00" <= char <= "\u9fff" for char in result.stderr), result.stderr


def test_a_real_hall_set_up_as_the_readme_says(pg_admin_url: str) -> None:
    """README, "A real hall": an owner that is not a superuser (CREATEROLE only) upgrades,
    sets the gate's password and makes the first administrator; the administrator adds a
    clerk and a display from a counter PC, whose URL holds the gate's password only."""
    from sqlalchemy.engine import make_url

    from counter_app.domain.roles import Role
    from counter_app.services import queue
    from counter_app.services.auth import change_own_password, device_actor, login, logout
    from tests.conftest import _pg_execute
    from tests.queue_support import unique_username

    admin_url = make_url(pg_admin_url)
    owner, database_name = unique_username("owner"), unique_username("hall")
    _pg_execute(pg_admin_url, f"CREATE ROLE {owner} LOGIN CREATEROLE PASSWORD 'owner-secret-1'")
    _pg_execute(pg_admin_url, f'CREATE DATABASE "{database_name}" OWNER {owner}')
    owner_url = admin_url.set(drivername="postgresql", username=owner, password="owner-secret-1", database=database_name)
    owner_db = owner_url.render_as_string(hide_password=False)
    steps = [
        (("db", "upgrade", "--db", owner_db), {}),
        (("db", "gate-password", "--db", owner_db), {"COUNTER_APP_NEW_PASSWORD": "gate-lantern-secret"}),
        (("db", "create-admin", "chief", "--full-name", "系统管理员", "--db", owner_db), {"COUNTER_APP_NEW_PASSWORD": "harbour-bell-secret-77"}),
    ]
    outputs = []
    for args, env in steps:
        result = _cli(*args, env={"COUNTER_APP_LANG": "en", **env})
        assert result.returncode == 0, (args, result.stderr)
        outputs.append(result.stdout)
    assert 'url = "postgresql://counter_app_gate:PASSWORD@' in outputs[1]  # the line for the PCs' config
    demo = _cli("demo", "--db", owner_db, env={"COUNTER_APP_LANG": "en"})  # halls to work in (and demo accounts)
    assert demo.returncode == 0, demo.stderr
    gate_db = admin_url.set(
        drivername="postgresql", username="counter_app_gate", password="gate-lantern-secret", database=database_name
    ).render_as_string(hide_password=False)
    clerk_name = unique_username("clerk")
    added = _cli(
        "--db", gate_db, "staff", "add", clerk_name, "--full-name", "张伟", "--role", "clerk", "--hall", "KG", "--user", "chief",
        env={"COUNTER_APP_LANG": "en", "COUNTER_APP_PASSWORD": "harbour-bell-secret-77", "COUNTER_APP_NEW_PASSWORD": "first-lantern-pw"},
    )
    assert added.returncode == 0, added.stderr
    device = _cli(
        "--db", gate_db, "device", "add", "--hall", "KG", "--kind", "display", "--user", "chief",
        env={"COUNTER_APP_LANG": "en", "COUNTER_APP_PASSWORD": "harbour-bell-secret-77"},
    )
    assert device.returncode == 0, device.stderr
    display_url = device.stdout.split('url = "')[1].split('"')[0]

    gate = Database.from_url(gate_db)
    try:
        clerk = login(gate, clerk_name, "first-lantern-pw")
        assert clerk.must_change_password and clerk.role is Role.CLERK
        clerk = change_own_password(clerk, "first-lantern-pw", "own-lantern-pw-2026")
        assert [line.prefix for line in queue.hall_lines(clerk, clerk.hall_id or 0)][:2] == ["A", "B"]
        logout(clerk)
    finally:
        gate.dispose()
    display_db = Database.from_url(display_url)
    try:
        hall = queue.find_hall(display_db, "KG")[0]
        assert queue.display_state(device_actor(display_db, Role.DISPLAY, hall), hall).hall_name == "空港政务服务中心"
    finally:
        display_db.dispose()
