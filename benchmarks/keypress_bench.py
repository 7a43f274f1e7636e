"""The clerk's key press, end to end, the way a real hall runs: F1 (call next) on the
counter panel until the panel shows the called ticket, on PostgreSQL with fsync on,
reached over TCP through a proxy that adds latency each way (the LAN between a counter PC
and the server), and on SQLite for comparison.

    uv run python -m benchmarks.keypress_bench [--presses 300] [--delay-ms 1]

Each press: F1 is sent to the panel (QTest.keyClick); the time runs until the panel's
``ticket_in_hand`` signal carries the ticket called. F3 (start) and F4 (finish) are pressed
between calls and not timed. Round trips per press are counted by the proxy. Other counters of the hall
call meanwhile (``--busy``, the default): their pokes reach this panel and make it re-read,
as in a real hall.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("COUNTER_APP_LANG", "en")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


def prepare(url: str, tickets: int) -> None:
    from sqlalchemy import update

    from counter_app.db import migrate
    from counter_app.db.engine import Database
    from counter_app.db.models import BusinessLine, Hall
    from counter_app.services import queue
    from counter_app.services.demo import load_demo
    from tests.queue_support import line_id, staff

    database = Database.from_url(url)
    migrate.upgrade(database.engine)
    load_demo(database)
    with database.transaction() as session:
        session.execute(update(Hall).values(opens_at=datetime.min.time(), closes_at=datetime.max.time()))
        session.execute(update(BusinessLine).values(daily_cap=None))
    supervisor = staff(database, "kg_zb")  # the demo account, its first password taken as changed
    line = line_id(database, "A")
    for _ in range(tickets):
        queue.issue_ticket(supervisor, line)
    database.dispose()


def busy_colleague(url: str, stop: Any, calls: Any) -> None:
    """Counter 2 of the same hall calls and finishes every ~2 s: its pokes reach the panel.
    In a process of its own, as a colleague is another PC (a thread here would take the
    GIL from the panel's process and charge the key press for it)."""
    sys.path.insert(0, str(ROOT))
    from counter_app.db.engine import Database
    from counter_app.services import queue
    from tests.queue_support import counter_id, staff

    database = Database.from_url(url)
    clerk = staff(database, "kg02")
    counter = counter_id(database, 2)
    queue.open_counter(clerk, counter)
    while not stop.wait(2.0):
        called = queue.call_next(clerk, counter)
        if called is not None:
            queue.start_service(clerk, counter, called.id)
            queue.finish_service(clerk, counter, called.id)
            with calls.get_lock():
                calls.value += 1
    database.dispose()


def measure(url: str, presses: int, busy: bool, proxy: object | None) -> dict[str, float]:
    from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QTimer
    from PySide6.QtTest import QTest

    from counter_app.db.engine import Database
    from counter_app.ui.app import make_application
    from counter_app.ui.counter.panel import CounterPanel
    from counter_app.ui.shared.backend import Backend
    from tests.queue_support import counter_id, staff

    make_application([])
    database = Database.from_url(url)
    clerk = staff(database, "kg01")
    backend = Backend(clerk)
    panel = CounterPanel(backend)
    panel.resize(1280, 800)
    panel.show()

    def settle(seconds: float = 0.2) -> None:
        # The event loop waits as the application's does (QTest.qWait sleeps between
        # events): a spinning processEvents() would hold the GIL from the worker thread.
        deadline = time.perf_counter() + 10
        while not backend.operations.idle and time.perf_counter() < deadline:
            QTest.qWait(1)
        if seconds:
            QTest.qWait(int(seconds * 1000))

    settle(1.0)
    panel.counter_choice.setCurrentIndex(panel.counter_choice.findData(counter_id(database, 1)))
    settle()
    panel.open_counter()
    settle(0.5)
    context = multiprocessing.get_context("spawn")
    stop, colleague_calls = context.Event(), context.Value("i", 0)
    colleague = context.Process(target=busy_colleague, args=(url, stop, colleague_calls), daemon=True) if busy else None
    if colleague is not None:
        colleague.start()
    latencies: list[float] = []
    round_trips: list[int] = []
    answered: list[float] = []
    waiting = QEventLoop()

    def shown(ticket: object) -> None:
        if ticket is not None and not answered:
            answered.append(time.perf_counter())
            waiting.quit()

    panel.ticket_in_hand.connect(shown)
    give_up = QTimer()
    give_up.setSingleShot(True)
    give_up.timeout.connect(waiting.quit)
    for _ in range(presses):
        answered.clear()
        if proxy is not None:
            proxy.reset()  # type: ignore[attr-defined]
        started = time.perf_counter()
        QTest.keyClick(panel, Qt.Key.Key_F1)
        if not answered:
            give_up.start(10_000)
            waiting.exec()  # sleeps in the event loop until the panel shows the ticket
            give_up.stop()
        if not answered:
            raise RuntimeError("no ticket called within 10 s")
        latencies.append(answered[0] - started)
        settle(0.02)  # the own poke arrives (and is skipped) before the proxy's count is read
        if proxy is not None:
            round_trips.append(proxy.round_trips)  # type: ignore[attr-defined]
        for key in (Qt.Key.Key_F3, Qt.Key.Key_F4):  # start, finish: not timed
            QTest.keyClick(panel, key)
            settle(0.0)
        if panel.active_ticket() is not None:
            raise RuntimeError(f"the ticket in hand was not finished: {panel.message.text()}")
        settle(0.01)
    stop.set()
    if colleague is not None:
        colleague.join()
    panel.close()
    backend.stop()
    database.dispose()
    QCoreApplication.processEvents()
    result = {
        "p50_ms": 1000 * statistics.median(latencies),
        "p90_ms": 1000 * percentile(latencies, 0.90),
        "p99_ms": 1000 * percentile(latencies, 0.99),
        "max_ms": 1000 * max(latencies),
        "colleague_calls": float(colleague_calls.value),
    }
    if round_trips:
        result["round_trips_median"] = statistics.median(round_trips)
        result["round_trips_max"] = float(max(round_trips))
        alone = [latency for latency, trips in zip(latencies, round_trips, strict=True) if trips == 1]
        result["presses_with_a_read_meanwhile"] = float(len(latencies) - len(alone))
        result["p99_ms_without_a_read_meanwhile"] = 1000 * percentile(alone, 0.99)
        slowest = sorted(zip(latencies, round_trips, strict=True), reverse=True)[:5]
        print("slowest presses (ms, round trips):", [(round(1000 * latency, 1), trips) for latency, trips in slowest])
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--presses", type=int, default=300)
    parser.add_argument("--delay-ms", type=float, default=1.0, help="latency the proxy adds each way")
    parser.add_argument("--backends", nargs="+", default=["postgresql", "sqlite"])
    parser.add_argument("--quiet-hall", action="store_true", help="no other counter calls meanwhile")
    args = parser.parse_args()
    print(f"# key press benchmark, {datetime.now():%Y-%m-%d %H:%M}, {platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")
    tickets = args.presses + 200
    for backend in args.backends:
        if backend == "sqlite":
            with tempfile.TemporaryDirectory() as folder:
                url = f"sqlite:///{folder}/keypress.sqlite3"
                prepare(url, tickets)
                result = measure(url, args.presses, not args.quiet_hall, None)
            print(f"\n## SQLite (embedded, one machine)\n{result}")
            continue
        from tests.conftest import _pg_execute
        from tests.pg_cluster import start_cluster
        from tests.pg_proxy import PgProxy

        cluster = start_cluster(durable=True)
        try:
            _pg_execute(cluster.admin_url(), 'CREATE DATABASE "keypress_bench"')
            direct = cluster.admin_url("keypress_bench")
            prepare(direct, tickets)
            proxy = PgProxy(str(cluster.socket_dir / ".s.PGSQL.5432"), delay_seconds=args.delay_ms / 1000).start()
            try:
                result = measure(proxy.url_for(direct), args.presses, not args.quiet_hall, proxy)
            finally:
                proxy.stop()
        finally:
            cluster.stop()
        print(f"\n## PostgreSQL 15, fsync on, over TCP through a proxy adding {args.delay_ms:g} ms each way\n{result}")


if __name__ == "__main__":
    main()
