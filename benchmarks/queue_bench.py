"""Queue benchmarks: call-next latency and throughput, the bare-SQL floor, issue rate,
call-to-display latency. On SQLite and on a throwaway PostgreSQL cluster.

    uv run python -m benchmarks.queue_bench [--counters 1 8 50] [--storm-calls 200] [--paced-seconds 30]

Loads (one process per counter, each with its clerk signed in and its connection warm;
they start together once every one of them is ready):
- storm: every counter calls next and finishes, back to back;
- paced: each counter calls once a second, the counters spread over the second (50
  counters = 50 calls/s, far above a real hall's peak of a few calls a minute per hall).
Every load starts from the same queue: counters × calls + 200 fresh waiting tickets.
"Ours" is ``services.queue.call_next`` then ``finish_service``, as a clerk runs them (role
check, event row, poke). The floor runs the bare conditional UPDATE of the call and the bare
UPDATE that finishes it, on a plain DB-API connection: no events, no checks. Latency is per
call; throughput counts the storm's calls per second of wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.queue_worker import BENCH_PASSWORD

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
BACKLOG_LEFT = 200  # tickets still waiting when a load ends: a busy hall's queue


@dataclass
class Load:
    calls: list[float]  # latencies in seconds
    wall: float  # seconds from the common start to the last worker's end
    duplicates: int

    @property
    def throughput(self) -> float:
        return len(self.calls) / self.wall if self.wall else 0.0


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def prepare(url: str, counters: int) -> list[tuple[str, int]]:
    """Demo hall KG with ``counters`` counters all serving line A, each with a signed-in clerk."""
    from sqlalchemy import select, update

    from counter_app.db import migrate
    from counter_app.db.engine import Database
    from counter_app.db.models import BusinessLine, Counter, Hall, Staff, counter_lines
    from counter_app.domain.roles import Role
    from counter_app.services import queue
    from counter_app.services.access import Actor
    from counter_app.services.auth import NewStaff, create_staff, login
    from counter_app.services.demo import load_demo

    database = Database.from_url(url)
    migrate.upgrade(database.engine)
    load_demo(database)
    with database.transaction() as session:
        hall = session.scalars(select(Hall).where(Hall.code == "KG")).one()
        line = session.scalars(select(BusinessLine).where(BusinessLine.hall_id == hall.id, BusinessLine.prefix == "A")).one()
        line.daily_cap = None
        existing = {c.number: c for c in session.scalars(select(Counter).where(Counter.hall_id == hall.id))}
        for number in range(1, counters + 1):
            counter = existing.get(number) or Counter(hall_id=hall.id, number=number, name=f"{number}号窗口")
            session.add(counter)
            session.flush()
            if session.execute(select(counter_lines).where(counter_lines.c.counter_id == counter.id, counter_lines.c.line_id == line.id)).first() is None:
                session.execute(counter_lines.insert().values(counter_id=counter.id, line_id=line.id))
        hall_id = hall.id
    system = Actor.system(database)
    # Each clerk an account (on PostgreSQL a login role of the whole cluster: named per load).
    names = [f"bench{counters}_{number:02d}" for number in range(1, counters + 1)]
    for username in names:
        create_staff(system, NewStaff(username, username, Role.CLERK, BENCH_PASSWORD, hall_id))
    with database.transaction() as session:  # as if each clerk had chosen that password at the first login
        session.execute(update(Staff).where(Staff.username.in_(names)).values(must_change_password=False))
    workers = []
    for number, username in enumerate(names, start=1):
        clerk = login(database, username, BENCH_PASSWORD)
        with database.reading() as session:
            counter_id = session.scalars(select(Counter.id).join(Hall).where(Hall.code == "KG", Counter.number == number)).one()
        queue.open_counter(clerk, counter_id)
        workers.append((clerk.username, counter_id))
    database.dispose()
    return workers


def refill(url: str, waiting: int) -> None:
    """Every load starts from the same queue: ``waiting`` fresh tickets on line A of hall KG
    (what is left of an earlier load is done), so floor and ours meet the same backlog."""
    from sqlalchemy import func, select, update

    from counter_app.db.engine import Database
    from counter_app.db.models import BusinessLine, Hall, Ticket
    from counter_app.domain.queue import PRIORITY_RANK, TicketPriority

    database = Database.from_url(url)
    with database.transaction() as session:
        session.execute(update(Ticket).where(Ticket.status.in_(["waiting", "called", "serving"])).values(status="done"))
        hall = session.scalars(select(Hall.id).where(Hall.code == "KG")).one()
        line = session.scalars(select(BusinessLine.id).where(BusinessLine.hall_id == hall, BusinessLine.prefix == "A")).one()
        first = (session.scalar(select(func.max(Ticket.number)).where(Ticket.line_id == line)) or 0) + 1
        session.execute(
            Ticket.__table__.insert(),
            [
                {
                    "hall_id": hall, "line_id": line, "original_line_id": line, "business_date": NOW.date(),
                    "number": number, "label": f"A{number:04d}", "priority": TicketPriority.NORMAL.value,
                    "priority_rank": PRIORITY_RANK[TicketPriority.NORMAL], "status": "waiting", "issued_at": NOW,
                    "queued_at": NOW, "recall_count": 0, "print_count": 1,
                }
                for number in range(first, first + waiting)
            ],
        )
    database.dispose()


def run_load(url: str, workers: list[tuple[str, int]], mode: str, calls: int, pace: float, kind: str) -> Load:
    with tempfile.TemporaryDirectory() as folder:
        processes = [
            subprocess.Popen(
                [sys.executable, "-m", "benchmarks.queue_worker", url, username, str(counter_id), str(calls),
                 str(pace), kind, NOW.isoformat(), f"{folder}/{username}.json"],
                cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
            )
            for username, counter_id in workers
        ]
        for process in processes:  # every counter imported, connected and logged in
            assert process.stdout is not None
            if process.stdout.readline().strip() != "ready":
                raise SystemExit(f"a {mode} worker failed to start")
        start_at = time.time() + 0.5
        for index, process in enumerate(processes):
            # Paced counters call once a second each, spread over the second (not all in one burst).
            offset = pace * index / len(processes) if pace else 0.0
            assert process.stdin is not None
            process.stdin.write(f"{start_at + offset}\n")
            process.stdin.close()
        for process in processes:
            if process.wait(timeout=1200) != 0:
                raise SystemExit(f"a {mode} worker failed")
        results = [json.loads(Path(f"{folder}/{username}.json").read_text()) for username, _ in workers]
    latencies = [value for result in results for value in result["latencies"]]
    ids = [value for result in results for value in result["ids"]]
    wall = max(result["ended"] for result in results) - start_at
    return Load(latencies, wall, len(ids) - len(set(ids)))


def issue_rate(url: str, count: int) -> float:
    from counter_app.db.engine import Database
    from counter_app.services import queue
    from tests.queue_support import staff

    database = Database.from_url(url)
    supervisor = staff(database, "kg_zb")  # the demo account, its first password taken as changed
    line = next(line.id for line in queue.hall_lines(supervisor, queue.find_hall(database, "KG")[0]) if line.prefix == "B")
    from sqlalchemy import update

    from counter_app.db.models import BusinessLine

    with database.transaction() as session:
        session.execute(update(BusinessLine).where(BusinessLine.id == line).values(daily_cap=None))
    started = time.perf_counter()
    for _ in range(count):
        queue.issue_ticket(supervisor, line, now=NOW)
    elapsed = time.perf_counter() - started
    database.dispose()
    return count / elapsed


def call_to_display(url: str, samples: int, username: str) -> list[float]:
    """From the clerk's commit (in another process) to the display's state holding the call."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

    from counter_app.db.engine import Database
    from counter_app.domain.roles import Role
    from counter_app.events.watcher import HallWatcher
    from counter_app.services import queue
    from tests.queue_support import machine

    app = QCoreApplication.instance() or QCoreApplication([])
    database = Database.from_url(url)
    hall = queue.find_hall(database, "KG")[0]
    display = machine(database, Role.DISPLAY)  # PostgreSQL: the display's own login role
    seen: dict[int, float] = {}

    def reread() -> None:
        state = queue.display_state(display, hall, recent=10, now=NOW)
        for call in state.recent_calls:  # the worker finishes at once: the call is among the recent ones
            seen.setdefault(call.ticket_id, time.time())

    watcher = HallWatcher(display.database, hall, poll_ms=100)
    watcher.changed.connect(reread)
    watcher.start()
    latencies = []
    script = (
        "import sys,time,json;from datetime import datetime,timedelta;"
        "from counter_app.db.engine import Database;from counter_app.services import queue;"
        "from counter_app.services.auth import login;"
        f"db=Database.from_url(sys.argv[1]);clerk=login(db,'{username}','{BENCH_PASSWORD}');"
        "now=datetime.fromisoformat(sys.argv[3]);"
        "out=[]\n"
        "for i in range(int(sys.argv[4])):\n"  # called later than every load's calls: the display's newest
        "    time.sleep(0.3);t=queue.call_next(clerk,int(sys.argv[2]),now=now+timedelta(hours=1,seconds=i));"
        "out.append((t.id,time.time()));"
        "queue.finish_service(clerk,int(sys.argv[2]),t.id,now=now)\n"
        "print(json.dumps(out))"
    )
    with database.reading() as session:
        from sqlalchemy import select

        from counter_app.db.models import Counter, Hall

        counter_id = session.scalars(select(Counter.id).join(Hall).where(Hall.code == "KG", Counter.number == 1)).one()
    process = subprocess.Popen([sys.executable, "-c", script, url, str(counter_id), NOW.isoformat(), str(samples)],
                               cwd=ROOT, stdout=subprocess.PIPE, text=True)
    loop = QEventLoop()
    timer = QTimer()
    timer.timeout.connect(lambda: loop.quit() if process.poll() is not None else None)
    timer.start(50)
    loop.exec()
    deadline = time.time() + 2
    while time.time() < deadline:
        app.processEvents()
        time.sleep(0.01)
    calls = json.loads(process.stdout.read())  # type: ignore[union-attr]
    for ticket_id, committed in calls:
        if ticket_id in seen:
            latencies.append(seen[ticket_id] - committed)
    watcher.stop()
    database.dispose()
    return latencies


def describe(label: str, load: Load) -> str:
    ms = [value * 1000 for value in load.calls]
    return (f"{label}: n={len(ms)} p50 {percentile(ms, 0.5):.1f} ms, p99 {percentile(ms, 0.99):.1f} ms, "
            f"throughput {load.throughput:.0f} calls/s, duplicates {load.duplicates}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--counters", type=int, nargs="+", default=[1, 8, 50])
    parser.add_argument("--storm-calls", type=int, default=200, help="calls per counter in the storm")
    parser.add_argument("--paced-seconds", type=int, default=30)
    parser.add_argument("--backends", nargs="+", default=["postgresql", "sqlite"])
    args = parser.parse_args()
    from tests.pg_cluster import start_cluster

    print(f"# queue benchmark, {datetime.now():%Y-%m-%d %H:%M}, {platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")
    cluster = start_cluster() if "postgresql" in args.backends else None
    try:
        for backend in args.backends:
            print(f"\n## {backend}")
            for counters in args.counters:
                with tempfile.TemporaryDirectory() as folder:
                    if backend == "sqlite":
                        url = f"sqlite:///{folder}/bench.sqlite3"
                    else:
                        assert cluster is not None
                        name = f"bench_{counters}_{int(time.time())}"
                        from tests.conftest import _pg_execute

                        _pg_execute(cluster.admin_url(), f'CREATE DATABASE "{name}"')
                        url = cluster.admin_url(name)
                    workers = prepare(url, counters)
                    results = {}
                    # PostgreSQL has two floors: the bare statements as the superuser (no row
                    # security, as before the database enforced permissions) and as the
                    # clerk's own login role (the same grants and policies as ours).
                    kinds = ("bare", "bare-as-clerk", "ours") if backend == "postgresql" else ("bare", "ours")
                    for mode, calls, pace in (("storm", args.storm_calls, 0.0), ("paced", args.paced_seconds, 1.0)):
                        for kind in kinds:
                            refill(url, counters * calls + BACKLOG_LEFT)
                            results[(mode, kind)] = run_load(url, workers, mode, calls, pace, kind)
                    print(f"\n### {counters} counter(s)")
                    for mode in ("storm", "paced"):
                        ours = results[(mode, "ours")]
                        print("- " + describe(f"{mode}, ours", ours))
                        for kind, label in (("bare", "bare SQL floor"), ("bare-as-clerk", "bare SQL floor as the clerk")):
                            if (mode, kind) not in results:
                                continue
                            floor = results[(mode, kind)]
                            print("- " + describe(f"{mode}, {label}", floor))
                            print(f"  - ratio ours/floor: p50 {percentile(ours.calls, .5) / percentile(floor.calls, .5):.1f}x, "
                                  f"p99 {percentile(ours.calls, .99) / percentile(floor.calls, .99):.1f}x, "
                                  f"throughput {ours.throughput / floor.throughput:.2f}")
                    if counters == args.counters[0]:
                        print(f"- tickets issued per second (one issuer): {issue_rate(url, 300):.0f}")
                        latencies = [value * 1000 for value in call_to_display(url, 30, workers[0][0])]
                        if latencies:
                            print(f"- call-to-display: n={len(latencies)} p50 {statistics.median(latencies):.0f} ms, "
                                  f"p99 {percentile(latencies, 0.99):.0f} ms, max {max(latencies):.0f} ms")
                        else:
                            print("- call-to-display: no call reached the display (a failure)")
    finally:
        if cluster is not None:
            cluster.stop()


if __name__ == "__main__":
    main()
