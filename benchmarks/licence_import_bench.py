"""Licence import benchmark: wall time and peak memory of importing an earlier register of
N licences (CSV) into the demo zone, on SQLite and on PostgreSQL.

    uv run python -m benchmarks.licence_import_bench [--rows 20000] [--pg-url URL | --pg-cluster] [--no-sqlite]

The file is generated (deterministic, ``tests/test_licence_import.py``'s
``licence_file``): licences of every demo licence type spread over the four halls, one in
seven held by a person, one in eleven without end, one in fifty suspended with its reason.

Each import runs in a child process of its own (``import_licences_file`` as the CLI would
call it, as the demo administrator), so that its peak RSS is its own. On SQLite the time
includes signing every licence in the import's transaction; on PostgreSQL the signing
agent signs after the commit (not timed here).

``--pg-url`` is a server where the URL's user may create databases: a fresh database is
created there, migrated, loaded with the demo and dropped after. ``--pg-cluster`` starts a
throwaway cluster (``tests/pg_cluster.py``) instead. Without either, SQLite only.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def prepare(url: str, path: Path, rows: int) -> None:
    """Migrate a fresh database, load the demo zone (its licence types, halls, accounts),
    let the administrator past the first-login password change, and write the file."""
    from sqlalchemy import update

    from counter_app.db import migrate
    from counter_app.db.engine import Database
    from counter_app.db.models import Staff
    from counter_app.domain.queue import business_date
    from counter_app.services.demo import load_demo
    from tests.test_licence_import import _known_types, licence_file

    database = Database.from_url(url)
    try:
        migrate.upgrade(database.engine)
        load_demo(database)
        with database.transaction() as session:
            session.execute(update(Staff).where(Staff.username == "admin").values(must_change_password=False))
        today = business_date(database.now(), "Asia/Shanghai")
        path.write_bytes(licence_file(_known_types(database), rows, today))
    finally:
        database.dispose()


def child(url: str, path: Path) -> None:
    """One import, in this process; prints its figures as JSON."""
    from sqlalchemy import func, select

    from counter_app.db.engine import Database
    from counter_app.db.models import Licence
    from counter_app.services.auth import login
    from counter_app.services.demo import DEMO_PASSWORD
    from counter_app.services.licences.importing import import_licences_file

    database = Database.from_url(url)
    admin = login(database, "admin", DEMO_PASSWORD)  # (argon2 on SQLite: a peak of its own)
    _reset_peak_rss()
    rss_before = _status_mb("VmRSS")
    started = time.perf_counter()
    report = import_licences_file(admin, path)
    seconds = time.perf_counter() - started
    peak = _status_mb("VmHWM")
    with database.reading() as session:
        stored = session.scalar(select(func.count()).select_from(Licence))
        signed = session.scalar(select(func.count()).select_from(Licence).where(Licence.qr_payload.is_not(None)))
    database.dispose()
    print(json.dumps({
        "seconds": seconds, "imported": report.total, "stored": stored, "signed": signed,
        "rss_before_mb": rss_before, "peak_rss_mb": peak,
    }))


def _status_mb(field: str) -> float:
    """``VmRSS`` (resident now) or ``VmHWM`` (its peak) of this process, in MB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _reset_peak_rss() -> None:
    """Linux: the peak RSS (VmHWM) starts again from the current RSS, so that the import's
    peak is not the login's (argon2 takes tens of MB for a moment)."""
    with open("/proc/self/clear_refs", "w", encoding="ascii") as clear_refs:
        clear_refs.write("5")


def run_child(url: str, path: Path) -> dict[str, float]:
    command = [sys.executable, "-m", "benchmarks.licence_import_bench", "--child", url, str(path)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"the import failed:\n{result.stdout}\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def bench(label: str, url: str, path: Path, rows: int) -> None:
    print(f"\n## {label}")
    prepare(url, path, rows)
    figures = run_child(url, path)
    print(
        f"- {figures['imported']} licences in {figures['seconds']:.1f} s "
        f"({figures['imported'] / figures['seconds']:.0f} a second; {figures['signed']} signed in the import); peak RSS "
        f"{figures['peak_rss_mb']:.0f} MB (before the import {figures['rss_before_mb']:.0f} MB, "
        f"so +{figures['peak_rss_mb'] - figures['rss_before_mb']:.0f} MB)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--pg-url", help="a PostgreSQL server where the user may create databases")
    parser.add_argument("--pg-cluster", action="store_true", help="start a throwaway PostgreSQL cluster")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--child", nargs=2, metavar=("URL", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return
    print(f"# licence import benchmark, {datetime.now():%Y-%m-%d %H:%M}, {platform.machine()}, "
          f"{os.cpu_count()} cores, Python {platform.python_version()}; {args.rows} rows")
    cluster = None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "licences.csv"
        if not args.no_sqlite:
            bench("SQLite", f"sqlite:///{folder}/bench.sqlite3", path, args.rows)
        pg_url = args.pg_url
        if args.pg_cluster and not pg_url:
            from tests.pg_cluster import start_cluster

            cluster = start_cluster()
            pg_url = cluster.admin_url()
        if pg_url:
            from sqlalchemy.engine import make_url

            from tests.conftest import _pg_execute

            name = f"bench_licences_{os.getpid()}_{int(time.time())}"
            _pg_execute(pg_url, f'CREATE DATABASE "{name}"')
            try:
                url = make_url(pg_url).set(database=name).render_as_string(hide_password=False)
                bench("PostgreSQL", url, path, args.rows)
            finally:
                _pg_execute(pg_url, f'DROP DATABASE IF EXISTS "{name}"')
                if cluster is not None:
                    cluster.stop()


if __name__ == "__main__":
    main()
