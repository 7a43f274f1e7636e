"""Case benchmarks: accepting a case (save, and save + acceptance notice PDF) as a clerk, and
the case search over a zone's five years (1,000,000 cases written by the generator below).
On SQLite and on a throwaway PostgreSQL cluster.

    uv run python -m benchmarks.case_bench [--accepts 300] [--cases 1000000] [--backends postgresql sqlite]

Targets (issue 9): accepting (save + notice) ≤ 150 ms p99 on PostgreSQL; a search ≤ 100 ms
p99 over 1,000,000 cases. The generator writes cases as the schema owner with the row
audit triggers off (a bulk load, not a clerk's work), spread over five years and the four
halls: mostly closed, some open, some overdue, as a real zone's history.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.queue_bench import percentile  # noqa: E402

GENERATED_DAYS = 5 * 365
BATCH = 5_000
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = ("伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平")
FIRMS = ("津港", "海丰", "空港", "滨海", "临港", "航运", "华盈", "中远", "渤海", "保税", "国际物流", "供应链", "融资租赁", "跨境电商")


def timings_text(values: list[float]) -> str:
    return f"p50 {percentile(values, .5) * 1000:.1f} ms, p99 {percentile(values, .99) * 1000:.1f} ms, max {max(values) * 1000:.1f} ms"


def prepare(url: str) -> None:
    from counter_app.db import migrate
    from counter_app.db.engine import Database
    from counter_app.services.demo import load_demo

    database = Database.from_url(url)
    migrate.upgrade(database.engine)
    load_demo(database)
    database.dispose()


def bench_accept(url: str, accepts: int) -> tuple[list[float], list[float]]:
    """``accepts`` cases at KG counter 1 by kg01: the save alone, and save + notice PDF."""
    from counter_app.db.engine import Database
    from counter_app.services import cases, queue
    from tests.case_support import all_received, application, enterprise, item_where
    from tests.queue_support import counter_id

    owner = Database.from_url(url)
    item = item_where(owner, deferrable=False, commit=False, on_the_spot=False)
    counter = counter_id(owner, 1)
    owner.dispose()
    clerk = clerk_of(url)
    queue.open_counter(clerk, counter)
    saves, with_pdf = [], []
    for serial in range(accepts):
        started = time.perf_counter()
        view = cases.accept_case(clerk, counter, application(item, enterprise(100_000 + serial), all_received(item)))
        saved = time.perf_counter()
        cases.acceptance_notice_pdf(view)
        done = time.perf_counter()
        if serial >= 10:  # the first ones warm the caches (the font, the calendar)
            saves.append(saved - started)
            with_pdf.append(done - started)
    clerk.database.dispose()
    return saves, with_pdf


def clerk_of(url: str) -> Any:
    """kg01 logged in (on PostgreSQL as their own login role), its first password taken as changed."""
    from counter_app.db.engine import Database
    from tests.queue_support import staff

    return staff(Database.from_url(url), "kg01")


def generate_cases(url: str, count: int, seed: int = 9) -> float:
    """Write ``count`` cases as the owner; returns the seconds it took."""
    from sqlalchemy import insert, select, text

    from counter_app.db.engine import Database
    from counter_app.db.models import Case, Hall, ServiceItem, Staff
    from counter_app.domain.cases import OPEN_STATUSES, CaseStatus
    from counter_app.services.cases.intake import load_item, snapshot_of

    rng = random.Random(seed)
    database = Database.from_url(url)
    postgresql = database.engine.dialect.name == "postgresql"
    started = time.perf_counter()
    with database.transaction() as session:
        halls = list(session.execute(select(Hall.id, Hall.code)).all())
        items = [snapshot_of(load_item(session, item_id)) for item_id in session.scalars(select(ServiceItem.id))]
        clerks = list(session.scalars(select(Staff.id).where(Staff.role == "clerk")))
    snapshots = {item.item_id: item.to_json() for item in items}
    today = date(2026, 11, 23)
    first = today - timedelta(days=GENERATED_DAYS)
    per_day = count // GENERATED_DAYS + 1
    serials: dict[tuple[int, date], int] = {}
    statuses_closed = [CaseStatus.CLOSED.value] * 96 + [CaseStatus.LAPSED.value, CaseStatus.DELIVERED.value, CaseStatus.WITHDRAWN.value]
    with database.transaction() as session:
        if postgresql:
            session.execute(text("ALTER TABLE cases DISABLE TRIGGER USER"))
        rows: list[dict[str, Any]] = []
        for index in range(count):
            day = first + timedelta(days=index // per_day)
            hall_id, hall_code = halls[index % len(halls)]
            serial = serials[(hall_id, day)] = serials.get((hall_id, day), 0) + 1
            item = items[rng.randrange(len(items))]
            age = (today - day).days
            status = (rng.choice([status.value for status in OPEN_STATUSES]) if age < 40 and rng.random() < 0.6 else rng.choice(statuses_closed))
            person = rng.random() < 0.4
            if person:
                name = rng.choice(SURNAMES) + rng.choice(GIVEN)
                code = f"120116{1950 + rng.randrange(50)}0101{rng.randrange(1000):03d}X"
            else:
                name = f"天津{rng.choice(FIRMS)}{rng.choice(FIRMS)}有限公司{rng.randrange(20000)}"
                code = f"9112011600{rng.randrange(10**7):07d}X"
            moment = datetime(day.year, day.month, day.day, 1 + rng.randrange(8), rng.randrange(60), tzinfo=UTC)
            rows.append({
                "number": f"{hall_code}-{day:%Y%m%d}-{serial:04d}", "hall_id": hall_id, "accepted_by": rng.choice(clerks),
                "accepted_at": moment, "accepted_on": day, "channel": "online" if rng.random() < 0.879 else "counter",
                "route": "materials", "status": status, "item_id": item.item_id, "item_code": item.code, "item_name": item.name,
                "item_snapshot": snapshots[item.item_id], "applicant_kind": "person" if person else "enterprise",
                "applicant_code": code, "applicant_name": name,
                "applicant_details": json.dumps({"kind": "person" if person else "enterprise", "code": code, "name": name}, ensure_ascii=False),
                "promised_due": day + timedelta(days=rng.choice((0, 3, 5, 10))), "statutory_due": day + timedelta(days=28),
                "due_provisional": False, "materials_due": day + timedelta(days=60) if rng.random() < 0.02 else None,
                "extended_days": 0, "updated_at": moment,
            })
            if len(rows) == BATCH:
                session.execute(insert(Case), rows)
                rows.clear()
        if rows:
            session.execute(insert(Case), rows)
        if postgresql:
            session.execute(text("ALTER TABLE cases ENABLE TRIGGER USER"))
    with database.engine.connect() as connection:
        connection.execute(text("ANALYZE"))
        connection.commit()
    database.dispose()
    return time.perf_counter() - started


def bench_search(url: str, rounds: int, seed: int = 11) -> dict[str, list[float]]:
    """Each kind of search ``rounds`` times as a clerk, with varied texts taken from the data."""
    from sqlalchemy import select

    from counter_app.db.engine import Database
    from counter_app.db.models import Case, Hall
    from counter_app.domain.cases import CaseStatus
    from counter_app.services import cases
    from counter_app.services.cases import CaseQuery

    rng = random.Random(seed)
    owner = Database.from_url(url)
    with owner.reading() as session:
        sample = session.execute(select(Case.number, Case.applicant_code, Case.applicant_name, Case.item_name).order_by(Case.id).limit(20_000)).all()
        halls = list(session.scalars(select(Hall.id)))
    owner.dispose()
    clerk = clerk_of(url)
    kinds: dict[str, Callable[[], CaseQuery]] = {
        "by number (scanned)": lambda: CaseQuery(text=rng.choice(sample)[0]),
        "by applicant code": lambda: CaseQuery(text=rng.choice(sample)[1]),
        "by applicant name prefix": lambda: CaseQuery(text=rng.choice(sample)[2][:3]),
        "by item name": lambda: CaseQuery(text=rng.choice(sample)[3][:4]),
        "hall + last month": lambda: CaseQuery(hall_id=rng.choice(halls), accepted_from=date(2026, 10, 23), accepted_to=date(2026, 11, 23)),
        "open, due within 3 days": lambda: CaseQuery(due_within_days=3),
        "overdue only, one hall": lambda: CaseQuery(overdue_only=True, hall_id=rng.choice(halls)),
        "closed, one hall, one year": lambda: CaseQuery(status=CaseStatus.CLOSED, hall_id=rng.choice(halls), accepted_from=date(2025, 11, 23)),
    }
    results: dict[str, list[float]] = {}
    for label, make in kinds.items():
        timings = []
        for round_number in range(rounds + 5):
            query = make()
            started = time.perf_counter()
            cases.search_cases(clerk, query)
            if round_number >= 5:
                timings.append(time.perf_counter() - started)
        results[label] = timings
    clerk.database.dispose()
    return results


def demo_databases(title: str, backends: list[str]) -> Iterator[str]:
    """For each backend: a fresh demo database (SQLite in a temporary folder, PostgreSQL in
    a throwaway cluster), its URL yielded after a heading; everything removed after."""
    from tests.conftest import _pg_execute
    from tests.pg_cluster import start_cluster

    print(f"# {title}, {datetime.now():%Y-%m-%d %H:%M}, {platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")
    cluster = start_cluster() if "postgresql" in backends else None
    try:
        for backend in backends:
            print(f"\n## {backend}", flush=True)
            with tempfile.TemporaryDirectory() as folder:
                if backend == "sqlite":
                    url = f"sqlite:///{folder}/bench.sqlite3"
                else:
                    assert cluster is not None
                    name = f"bench_{int(time.time())}"
                    _pg_execute(cluster.admin_url(), f'CREATE DATABASE "{name}"')
                    url = cluster.admin_url(name)
                prepare(url)
                yield url
    finally:
        if cluster is not None:
            cluster.stop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--accepts", type=int, default=300)
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--backends", nargs="+", default=["postgresql", "sqlite"])
    args = parser.parse_args()
    for url in demo_databases("case benchmark", args.backends):
        saves, with_pdf = bench_accept(url, args.accepts)
        print(f"- accept a case (save), n={len(saves)}: {timings_text(saves)}")
        print(f"- accept a case (save + acceptance notice PDF), n={len(with_pdf)}: {timings_text(with_pdf)}", flush=True)
        seconds = generate_cases(url, args.cases)
        print(f"- generated {args.cases:,} cases in {seconds:.0f} s", flush=True)
        for label, timings in bench_search(url, args.rounds).items():
            print(f"- search {label}, n={len(timings)}: {timings_text(timings)}", flush=True)


if __name__ == "__main__":
    main()
