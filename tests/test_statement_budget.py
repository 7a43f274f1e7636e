"""How many statements and round trips the hall's frequent actions cost, as tests: on
PostgreSQL every statement is a network round trip from the counter PC.

Statements are counted on every engine of the process (SQLAlchemy's cursor events, and the
hot path's own driver-level statements); round trips on PostgreSQL by a proxy in front of
the server (``tests/pg_proxy.py``) that counts the requests the client waits on.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url

from counter_app.db.engine import Database
from counter_app.services import hall_day, queue
from tests.pg_proxy import PgProxy
from tests.queue_support import IN_HOURS, counter_id, display, hall_id, line_id, staff

PANEL_REFRESH_STATEMENTS = 3
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")
CALL_NEXT_ROUND_TRIPS = 1  # the service alone; the clerk's whole key press is tested with the panel


@dataclass
class StatementCount:
    statements: list[str] = field(default_factory=list)
    threads: list[str] = field(default_factory=list)  # the thread that sent each statement

    def __len__(self) -> int:
        return len(self.statements)

    def add(self, statement: str) -> None:
        self.statements.append(" ".join(statement.split())[:120])
        self.threads.append(threading.current_thread().name)

    def not_from(self, thread_prefix: str) -> list[str]:
        """The statements sent by threads whose name does not start with ``thread_prefix``."""
        return [s for s, thread in zip(self.statements, self.threads, strict=True) if not thread.startswith(thread_prefix)]


@contextmanager
def counting() -> Iterator[StatementCount]:
    """Every statement any engine of this process sends, and the hot path's own ones."""
    count = StatementCount()

    def on_execute(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.lstrip().upper().startswith(TRANSACTION_CONTROL):  # SQLite's own BEGIN: in process
            count.add(statement)

    original = Database.run_statement

    def run_statement(self: Database, sql: str, params: Any, **options: Any) -> Any:
        count.add(sql)
        return original(self, sql, params, **options)

    event.listen(Engine, "before_cursor_execute", on_execute)
    Database.run_statement = run_statement  # type: ignore[method-assign]
    try:
        yield count
    finally:
        event.remove(Engine, "before_cursor_execute", on_execute)
        Database.run_statement = original  # type: ignore[method-assign]


@pytest.fixture
def proxied(pg_demo_database: Database) -> Iterator[tuple[Database, PgProxy]]:
    """The demo hall on PostgreSQL, reached over TCP through the counting proxy."""
    url = pg_demo_database.engine.url.render_as_string(hide_password=False)
    socket_dir = make_url(url).query["host"]
    proxy = PgProxy(str(Path(str(socket_dir)) / ".s.PGSQL.5432")).start()
    database = Database.from_url(proxy.url_for(url))
    try:
        yield database, proxy
    finally:
        database.dispose()
        proxy.stop()


def _called_scene(database: Database) -> tuple[Any, int]:
    """KG open all day, two tickets waiting, counter 1 open for kg01."""
    from sqlalchemy import update

    from counter_app.db.models import Hall

    with database.transaction() as session:
        session.execute(update(Hall).values(opens_at=IN_HOURS.time().replace(hour=0), closes_at=IN_HOURS.time().replace(hour=23)))
    supervisor, clerk = staff(database, "kg_zb"), staff(database, "kg01")
    for _ in range(2):
        queue.issue_ticket(supervisor, line_id(database, "A"), now=IN_HOURS)
    counter = counter_id(database, 1)
    queue.open_counter(clerk, counter)
    return clerk, counter


def test_a_panel_refresh_is_three_statements(demo_database: Database) -> None:
    clerk, counter = _called_scene(demo_database)
    queue.call_next(clerk, counter, now=IN_HOURS)
    queue.counter_panel(clerk, counter, now=IN_HOURS)  # warm: connections, the settings cache
    with counting() as count:
        panel = queue.counter_panel(clerk, counter, now=IN_HOURS)
    assert [t.label for t in panel.current] == ["A001"] and [t.label for t in panel.waiting] == ["A002"]
    assert panel.lines[0].waiting == 1 and panel.figures.served_today == 0
    assert len(count) <= PANEL_REFRESH_STATEMENTS, count.statements


def test_call_next_is_one_round_trip_and_other_reads_stay_small(proxied: tuple[Database, PgProxy]) -> None:
    database, proxy = proxied
    clerk, counter = _called_scene(database)
    queue.call_next(clerk, counter, now=IN_HOURS)  # warm: both connections of the pool, the settings
    queue.finish_service(clerk, counter, 1, now=IN_HOURS)
    queue.counter_panel(clerk, counter, now=IN_HOURS)
    proxy.reset()
    called = queue.call_next(clerk, counter, now=IN_HOURS)
    assert called is not None and called.label == "A002"
    assert proxy.round_trips == CALL_NEXT_ROUND_TRIPS
    proxy.reset()
    queue.finish_service(clerk, counter, called.id, now=IN_HOURS)
    assert proxy.round_trips == 1
    proxy.reset()
    queue.counter_panel(clerk, counter, now=IN_HOURS)
    # The policy's check, the counter, the tickets: a plain read needs no BEGIN and COMMIT
    # on PostgreSQL (READ COMMITTED gives each statement its own snapshot anyway).
    assert proxy.round_trips <= PANEL_REFRESH_STATEMENTS, proxy.requests


@pytest.mark.parametrize(
    ("name", "budget"),
    [("hall_day", 6), ("display_state", 4), ("hall_counters", 2), ("hall_lines", 2)],
)
def test_the_other_frequent_reads_have_a_budget(demo_database: Database, name: str, budget: int) -> None:
    _called_scene(demo_database)
    kg = hall_id(demo_database)
    actor = display(demo_database) if name == "display_state" else staff(demo_database, "kg_zb")
    read = {
        "hall_day": lambda: hall_day.hall_day(actor, kg, now=IN_HOURS),
        "display_state": lambda: queue.display_state(actor, kg, now=IN_HOURS),
        "hall_counters": lambda: queue.hall_counters(actor, kg),
        "hall_lines": lambda: queue.hall_lines(actor, kg),
    }[name]
    read()
    with counting() as count:
        read()
    assert len(count) <= budget, count.statements
