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

    bad = tmp_path / "bad.csv"
    lines = DEMO_CSV.read_text(encoding="utf-8").splitlines()
    bad.write_text("\n".join([lines[0], lines[1], lines[2].replace("行政许可", "许可", 1)]) + "\n", encoding="utf-8")
    env = {"COUNTER_APP_PASSWORD": "hall2026"}
    result = _cli("--db", url, "catalogue", "import", str(bad), "--user", "admin", env=env)
    assert result.returncode == 2
    assert "line 3" in result.stderr and "Unknown kind" in result.stderr
    ok = _cli("--db", url, "catalogue", "import", str(DEMO_CSV), "--user", "admin", env=env)
    assert ok.returncode == 0, ok.stderr
    assert "0 new" in ok.stdout
    clerk = _cli("--db", url, "catalogue", "import", str(DEMO_CSV), "--user", "kg01", env=env)
    assert clerk.returncode == 2 and "may not" in clerk.stderr

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
