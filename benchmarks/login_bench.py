"""Logging in, and ticket issuing while someone guesses passwords.

    uv run python -m benchmarks.login_bench [--backends sqlite postgresql] [--rounds 30]

For each database: the time of a login that succeeds, of a wrong password and of an unknown
user name (the last two should not tell apart), with the production password hashing
(argon2id on SQLite; SCRAM-SHA-256 by the server on PostgreSQL); then the time to issue
a ticket alone and while two other processes guess passwords as fast as they can (on
SQLite the guesses once held the write lock through each argon2 check: 34 ms became 6.4 s).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

GUESSER = """
import sys, time
from counter_app.db.engine import Database
from counter_app.errors import AuthenticationError
from counter_app.services.auth import login
database = Database.from_url(sys.argv[1])
print("ready", flush=True)
end = time.time() + float(sys.argv[2])
guesses = 0
while time.time() < end:
    try:
        login(database, f"guess{guesses % 50}", "not-the-password")  # unknown names: never locked out early
    except AuthenticationError:
        pass
    guesses += 1
print(guesses, flush=True)
"""


def _ms(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"median {statistics.median(values) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms"


def timed(action, rounds: int) -> list[float]:  # type: ignore[no-untyped-def]
    durations = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        durations.append(time.perf_counter() - started)
    return durations


def measure(url: str, rounds: int) -> None:
    from sqlalchemy import delete, update

    from counter_app.db import migrate
    from counter_app.db.engine import Database
    from counter_app.db.models import Hall, LoginThrottle
    from counter_app.errors import AuthenticationError
    from counter_app.services import queue
    from counter_app.services.auth import change_own_password, login, logout
    from counter_app.services.demo import DEMO_PASSWORD, load_demo
    from tests.queue_support import line_id

    database = Database.from_url(url)
    migrate.upgrade(database.engine)
    started = time.perf_counter()
    load_demo(database)
    print(f"- demo loaded (37 accounts, each its own salt): {time.perf_counter() - started:.2f} s")
    with database.transaction() as session:
        session.execute(update(Hall).values(opens_at=datetime.min.time(), closes_at=datetime.max.time()))
    password = "harbour-lantern-1907"
    change_own_password(login(database, "kg_zb", DEMO_PASSWORD), DEMO_PASSWORD, password)

    def forget_failures() -> None:
        with database.transaction() as session:
            session.execute(delete(LoginThrottle))

    def good() -> None:
        logout(login(database, "kg_zb", password))

    def refused(username: str) -> None:
        try:
            login(database, username, "not-the-password")
        except AuthenticationError:
            pass
        forget_failures()  # never reach the lock-out

    print(f"- login that succeeds (and logout): {_ms(timed(good, rounds))}")
    print(f"- wrong password: {_ms(timed(lambda: refused('kg_zb'), rounds))}")
    print(f"- unknown user name: {_ms(timed(lambda: refused('nobody_here'), rounds))}")

    supervisor = login(database, "kg_zb", password)
    line = line_id(database, "A")
    with database.transaction() as session:
        from counter_app.db.models import BusinessLine

        session.execute(update(BusinessLine).values(daily_cap=None))
    alone = timed(lambda: queue.issue_ticket(supervisor, line), rounds)
    print(f"- issue a ticket: {_ms(alone)}")
    guessers = [
        subprocess.Popen([sys.executable, "-c", GUESSER, url, "20"], cwd=ROOT, stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    for guesser in guessers:
        assert guesser.stdout is not None and guesser.stdout.readline().strip() == "ready"
    time.sleep(0.5)
    during = timed(lambda: queue.issue_ticket(supervisor, line), rounds)
    counts = [int((guesser.communicate(timeout=120)[0] or "0").split()[-1]) for guesser in guessers]
    print(f"- issue a ticket while 2 processes guess passwords ({sum(counts)} guesses in 20 s): {_ms(during)}")
    database.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    print(f"# login benchmark, {datetime.now():%Y-%m-%d %H:%M}, {platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")
    for backend in args.backends:
        print(f"\n## {backend}")
        if backend == "sqlite":
            with tempfile.TemporaryDirectory() as folder:
                measure(f"sqlite:///{folder}/login.sqlite3", args.rounds)
            continue
        from tests.conftest import _pg_execute
        from tests.pg_cluster import start_cluster

        cluster = start_cluster()
        try:
            _pg_execute(cluster.admin_url(), 'CREATE DATABASE "login_bench"')
            measure(cluster.admin_url("login_bench"), args.rounds)
        finally:
            cluster.stop()


if __name__ == "__main__":
    main()
