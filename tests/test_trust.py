"""Trust, beyond the access policy: one clock, personal data kept out of logs, private files,
a dead server explained, one ticket in hand per counter, and the call order everywhere."""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import time as time_of_day
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, select, text, update

from counter_app.db.engine import Database, ServerClock
from counter_app.db.models import Hall, Ticket, TicketEvent
from counter_app.db.types import utc_now
from counter_app.domain.queue import PersonalDataPurpose, TicketPriority
from counter_app.errors import ConflictError, DatabaseError
from counter_app.services import queue
from counter_app.services.access import Actor
from counter_app.services.queue import VisitorDetails
from tests.queue_support import IN_HOURS, counter_id, hall_id, line_id, staff

ROOT = Path(__file__).resolve().parent.parent


def issue(database: Database, actor: Actor, prefix: str = "A", **options: object) -> queue.IssuedTicket:
    return queue.issue_ticket(actor, line_id(database, prefix), **options)  # type: ignore[arg-type]


# ---------------------------------------------------------------- one clock


def test_a_slow_pc_clock_does_not_reorder_the_queue(hall_open_all_day: Database) -> None:
    """Two issuing PCs, one 3 minutes slow: tickets keep the order they were issued in, and
    their times are the server's (once, a later ticket was called first)."""
    database = hall_open_all_day
    fast, slow = staff(database, "kg_zb"), staff(database, "kg_zb")
    if database.backend == "postgresql":
        slow.database.clock.local_clock = lambda: utc_now() - timedelta(minutes=3)
        slow.database.clock._measured_at = None  # a PC whose clock is off measures its offset
    labels = []
    for actor in (fast, slow, fast, slow):
        labels.append(issue(database, actor).ticket.label)
    with database.reading() as session:
        rows = session.execute(select(Ticket.label, Ticket.queued_at).order_by(Ticket.queued_at, Ticket.id)).all()
    assert [label for label, _ in rows] == labels == ["A001", "A002", "A003", "A004"]
    assert all(abs(queued - utc_now()) < timedelta(seconds=30) for _, queued in rows)
    clerk = staff(database, "kg01")
    queue.open_counter(clerk, counter_id(database, 1))
    assert queue.call_next(clerk, counter_id(database, 1)).label == "A001"  # type: ignore[union-attr]


@pytest.fixture
def pc_clock(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """``pc_clock(skew, *databases)``: this PC's clock ``skew`` off the true time (the
    server's): ``utc_now``, the PC's clock for the whole program (and every ``ServerClock``'s
    local clock), reads it so; the ``databases`` measure their offset afresh at their next use."""
    import counter_app.db.types as types_module

    real = types_module.datetime

    def set_skew(skew: timedelta, *databases: Database) -> None:
        class SkewedDatetime(real):  # type: ignore[misc, valid-type]
            @classmethod
            def now(cls, tz: Any = None) -> Any:
                return real.now(tz) + skew

        monkeypatch.setattr(types_module, "datetime", SkewedDatetime)
        for database in databases:
            database.clock._measured_at = None

    return set_skew


def test_a_pc_clock_still_on_yesterday_works_in_the_servers_business_day(
    pg_demo_database: Database, pc_clock: Callable[..., None]
) -> None:
    """The server has passed the hall's midnight, the PC behind the counter (3 minutes
    slow, say) has not: its ticket is numbered in the new day, and a clerk on such a PC
    calls today's queue (by the PC's clock the queue would be yesterday's, and empty)."""
    from counter_app.domain.queue import business_date, business_day_start

    database = pg_demo_database
    with database.transaction() as session:
        session.execute(update(Hall).values(opens_at=time_of_day(0, 0), closes_at=time_of_day(23, 59, 59)))
        server_now = session.scalar(text("SELECT now()"))
    today = business_date(server_now, "Asia/Shanghai")
    supervisor, clerk = staff(database, "kg_zb"), staff(database, "kg01")
    pc_clock(business_day_start(today, "Asia/Shanghai") - timedelta(minutes=2) - server_now, supervisor.database, clerk.database)
    assert business_date(utc_now(), "Asia/Shanghai") == today - timedelta(days=1)  # what the PC believes
    issued = issue(database, supervisor).ticket
    assert issued.business_date == today and issued.label == "A001"
    assert abs(issued.issued_at - server_now) < timedelta(minutes=1)
    queue.open_counter(clerk, counter_id(database, 1))
    called = queue.call_next(clerk, counter_id(database, 1))
    assert called is not None and called.id == issued.id


def test_a_lockout_starts_and_ends_by_the_servers_clock(pg_demo_database: Database, pc_clock: Callable[..., None]) -> None:
    """A PC 3 minutes slow says 15 minutes, not 18; the lock ends when the server's clock
    says so, for a slow PC as for a fast one."""
    from counter_app.domain.accounts import DEFAULT_MAX_FAILED_LOGINS
    from counter_app.errors import AuthenticationError
    from counter_app.services.auth import AccountLocked, login
    from counter_app.services.demo import DEMO_PASSWORD

    database = pg_demo_database
    pc_clock(-timedelta(minutes=3), database)
    for _ in range(DEFAULT_MAX_FAILED_LOGINS - 1):
        with pytest.raises(AuthenticationError, match="more tries"):
            login(database, "kg05", "bad-password")
    with pytest.raises(AccountLocked, match="now locked for 15 minutes"):
        login(database, "kg05", "bad-password")
    with pytest.raises(AccountLocked, match="Try again in 15 minutes"):
        login(database, "kg05", DEMO_PASSWORD)

    def lock_ends(moment: str) -> None:
        with database.transaction() as session:
            session.execute(text(
                f"INSERT INTO login_throttle (username, failures, locked_until) VALUES ('kg05', 5, {moment}) "
                f"ON CONFLICT (username) DO UPDATE SET failures = 5, locked_until = {moment}"
            ))

    lock_ends("now() - interval '1 second'")  # over for the server; 2:59 to go for the slow PC
    assert login(database, "kg05", DEMO_PASSWORD).username == "kg05"
    pc_clock(timedelta(minutes=3), database)
    lock_ends("now() + interval '1 minute'")  # 2 minutes over for a PC 3 minutes fast: still locked
    with pytest.raises(AccountLocked, match="Try again in 1 minutes"):
        login(database, "kg05", DEMO_PASSWORD)


def test_the_server_clock_follows_the_offset(pg_demo_database: Database) -> None:
    clock = ServerClock(pg_demo_database.engine, local_clock=lambda: utc_now() + timedelta(hours=1))
    assert abs(clock.now() - utc_now()) < timedelta(seconds=5)  # the server's time, not the PC's
    assert abs(clock.offset + timedelta(hours=1)) < timedelta(seconds=5)


def test_audit_and_lockout_times_are_the_servers(pg_demo_database: Database) -> None:
    from counter_app.db.models import AuditRecord, LoginThrottle
    from counter_app.errors import AuthenticationError
    from counter_app.services.auth import login

    with pytest.raises(AuthenticationError):
        login(pg_demo_database, "kg04", "wrong-password")
    with pg_demo_database.reading() as session:
        server_now = session.scalar(text("SELECT now()"))
        record = session.scalars(select(AuditRecord).order_by(AuditRecord.id.desc())).first()
        assert record is not None and abs(record.at - server_now) < timedelta(seconds=5)
        assert session.scalar(select(LoginThrottle.failures).where(LoginThrottle.username == "kg04")) == 1


# ---------------------------------------------------------------- personal data


def test_a_failed_statement_logs_no_personal_data(
    hall_open_all_day: Database, caplog: pytest.LogCaptureFixture
) -> None:
    """Statement parameters (a visitor's phone and ID number) never reach an error's text."""
    database = hall_open_all_day
    supervisor = staff(database, "kg_zb")
    visitor = VisitorDetails(PersonalDataPurpose.CASE_INTAKE, "张三", "13812345678", "11010519491231002X")
    with database.transaction() as session:  # a trigger makes the next ticket insert fail
        if database.backend == "postgresql":
            session.execute(text(
                "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$"
            ))
            session.execute(text("CREATE TRIGGER refuse BEFORE INSERT ON tickets FOR EACH ROW EXECUTE FUNCTION refuse()"))
        else:
            session.execute(text("CREATE TRIGGER refuse BEFORE INSERT ON tickets BEGIN SELECT RAISE(ABORT, 'refused'); END"))
    caplog.set_level(logging.DEBUG)
    with pytest.raises(Exception) as failed:
        issue(database, supervisor, visitor=visitor)
    logging.getLogger("test").exception("as the client logs a bug", exc_info=failed.value)
    for secret in ("13812345678", "11010519491231002X", "张三"):
        assert secret not in str(failed.value) and secret not in caplog.text
    assert "hidden" in str(failed.value)


def test_the_embedded_database_and_logs_are_private(tmp_path: Path) -> None:
    """One machine, one OS account: files 0600, folders 0700."""
    env = {**os.environ, "COUNTER_APP_DATA_DIR": str(tmp_path / "data"), "COUNTER_APP_CONFIG": str(tmp_path / "c.toml")}
    env.pop("COUNTER_APP_DB", None)
    script = (
        "from counter_app import logs; logs.configure(); import logging; logging.getLogger('x').info('hello');"
        "from counter_app.config import resolve_database; from counter_app.services.setup import open_database;"
        "open_database(resolve_database(None)).database.dispose()"
    )
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True, timeout=120)
    data = tmp_path / "data"
    files = [path for path in data.rglob("*") if path.is_file()]
    assert {path.name for path in files} >= {"counter_app.sqlite3", "counter_app.log"}
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    for folder in [data, *[path for path in data.rglob("*") if path.is_dir()]]:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder


# ---------------------------------------------------------------- a dead server


def test_hot_actions_with_the_server_gone_say_unreachable(pg_demo_database: Database) -> None:
    """Call next and finish on a server that is gone: the "cannot be used" message, not a bug."""
    clerk = staff(pg_demo_database, "kg01")
    counter = counter_id(pg_demo_database, 1)
    queue.open_counter(clerk, counter)
    dead = Database.from_url(
        clerk.database.engine.url.set(query={"host": "/nonexistent"}).render_as_string(hide_password=False)
    )
    gone = replace(clerk, database=dead)
    try:
        for action in (
            lambda: queue.call_next(gone, counter, now=IN_HOURS),
            lambda: queue.finish_service(gone, counter, 1, now=IN_HOURS),
            lambda: queue.counter_panel(gone, counter, now=IN_HOURS),
        ):
            with pytest.raises(DatabaseError, match="cannot be used right now"):
                action()
    finally:
        dead.dispose()


def test_a_server_that_dies_mid_session_is_explained(pg_demo_database: Database, pg_admin_url: str) -> None:
    clerk = staff(pg_demo_database, "kg01")
    counter = counter_id(pg_demo_database, 1)
    queue.open_counter(clerk, counter)
    assert queue.call_next(clerk, counter, now=IN_HOURS) is None  # the kept connection is open now
    name = pg_demo_database.engine.url.database
    admin = create_engine(pg_admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:  # the server refuses this database and drops its connections
            connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
            connection.execute(text(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"))
        with pytest.raises(DatabaseError, match="cannot be used right now"):
            queue.call_next(clerk, counter, now=IN_HOURS)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
        admin.dispose()


def test_cli_password_prompt_without_a_terminal_explains() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "counter_app", "close-day", "--hall", "KG", "--user", "kg_zb"],
        cwd=ROOT, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120,
        env={**{k: v for k, v in os.environ.items() if k != "COUNTER_APP_PASSWORD"}, "COUNTER_APP_LANG": "en"},
    )
    assert result.returncode == 2, result.stderr
    assert "no terminal to ask for the password" in result.stderr and "COUNTER_APP_PASSWORD" in result.stderr
    assert "Traceback" not in result.stderr


def test_db_upgrade_of_a_newer_schema_explains(database: Database) -> None:
    with database.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'ffff9999'"))
    url = database.engine.url.render_as_string(hide_password=False)
    result = subprocess.run(
        [sys.executable, "-m", "counter_app", "db", "upgrade", "--db", url],
        cwd=ROOT, capture_output=True, text=True, timeout=120, env={**os.environ, "COUNTER_APP_LANG": "en"},
    )
    assert result.returncode == 2, result.stderr
    assert "newer schema" in result.stderr and "Traceback" not in result.stderr


# ---------------------------------------------------------------- one ticket in hand


def test_one_called_or_served_ticket_per_counter_whatever_a_client_does(hall_open_all_day: Database) -> None:
    database = hall_open_all_day
    supervisor, clerk = staff(database, "kg_zb"), staff(database, "kg01")
    first = issue(database, supervisor).ticket
    second = issue(database, supervisor).ticket
    counter = counter_id(database, 1)
    queue.open_counter(clerk, counter)
    queue.call_ticket(clerk, counter, first.id)
    with pytest.raises(ConflictError, match="still at this counter"):  # once, call_ticket put two called tickets here
        queue.call_ticket(clerk, counter, second.id)
    with database.transaction() as session, pytest.raises(Exception, match=r"(?i)unique"):
        session.execute(update(Ticket).where(Ticket.id == second.id).values(status="called", counter_id=counter))
    with database.reading() as session:
        in_hand = session.scalars(select(Ticket.id).where(Ticket.counter_id == counter, Ticket.status.in_(["called", "serving"])))
        assert list(in_hand) == [first.id]


def test_the_same_clerk_calling_from_two_pcs_gets_one_ticket(hall_open_all_day: Database) -> None:
    """Two PCs of one clerk press F1 at the same instant: one ticket, the other PC is told."""
    from concurrent.futures import ThreadPoolExecutor

    database = hall_open_all_day
    supervisor = staff(database, "kg_zb")
    presses = 4
    for _ in range(presses):
        issue(database, supervisor)
    pcs = [staff(database, "kg01"), staff(database, "kg01")]  # two logins of one clerk
    counter = counter_id(database, 1)
    queue.open_counter(pcs[0], counter)

    def press(pc: Actor) -> str:
        try:
            called = queue.call_next(pc, counter)
        except ConflictError:
            return "refused"
        return called.label if called else "none"

    for _ in range(presses):
        with ThreadPoolExecutor(2) as pool:
            outcomes = list(pool.map(press, pcs))
        with database.reading() as session:
            in_hand = session.scalars(
                select(Ticket.id).where(Ticket.counter_id == counter, Ticket.status.in_(["called", "serving"]))
            ).all()
        assert len(in_hand) == 1 and sorted(outcomes)[1] == "refused", outcomes
        queue.finish_service(pcs[0], counter, in_hand[0])


# ---------------------------------------------------------------- calls and order


def test_a_recall_keeps_the_first_call_time_for_the_wait(hall_open_all_day: Database) -> None:
    """The wait ends at the first call; each recall is an event of its own (a recall once
    moved the call time and inflated the wait from 3:28 to 4:02)."""
    database = hall_open_all_day
    supervisor, clerk = staff(database, "kg_zb"), staff(database, "kg01")
    ticket = issue(database, supervisor, now=IN_HOURS).ticket
    counter = counter_id(database, 1)
    queue.open_counter(clerk, counter)
    first_call = IN_HOURS + timedelta(minutes=3, seconds=28)
    queue.call_next(clerk, counter, now=first_call)
    recalled = queue.recall(clerk, counter, ticket.id, now=first_call + timedelta(seconds=34))
    assert recalled.called_at == first_call and recalled.last_called_at == first_call + timedelta(seconds=34)
    queue.finish_service(clerk, counter, ticket.id, now=first_call + timedelta(minutes=5))
    panel = queue.counter_panel(clerk, counter, now=first_call + timedelta(minutes=6))
    assert panel.figures.average_wait_seconds == 208  # 3:28, not 4:02
    with database.reading() as session:
        actions = session.scalars(select(TicketEvent.action).where(TicketEvent.ticket_id == ticket.id).order_by(TicketEvent.id))
        assert list(actions) == ["issue", "call", "recall", "finish"]


def test_people_ahead_follow_the_call_order(hall_open_all_day: Database) -> None:
    """An appointment not yet due waits as an ordinary ticket: it is not ahead on a slip
    (once, the slip counted it ahead while call next did not)."""
    database = hall_open_all_day
    supervisor = staff(database, "kg_zb")
    later = IN_HOURS + timedelta(hours=2)
    appointment = issue(database, supervisor, priority=TicketPriority.APPOINTMENT, appointment_at=later, now=IN_HOURS)
    assert appointment.people_ahead == 0
    ordinary = issue(database, supervisor, now=IN_HOURS + timedelta(minutes=1))
    assert ordinary.people_ahead == 1  # the appointment was queued first and is not due: it is ahead as ordinary
    elderly = issue(database, supervisor, priority=TicketPriority.PRIORITY, now=IN_HOURS + timedelta(minutes=2))
    assert elderly.people_ahead == 0  # priority before every ordinary-ranked ticket
    clerk = staff(database, "kg01")
    queue.open_counter(clerk, counter_id(database, 1))
    order = []
    for _ in range(3):
        called = queue.call_next(clerk, counter_id(database, 1), now=IN_HOURS + timedelta(minutes=3))
        assert called is not None
        order.append(called.id)
        queue.finish_service(clerk, counter_id(database, 1), called.id, now=IN_HOURS + timedelta(minutes=3))
    assert order == [elderly.ticket.id, appointment.ticket.id, ordinary.ticket.id]


def test_the_display_shows_the_halls_time_zone(hall_open_all_day: Database) -> None:
    state = queue.display_state(staff(hall_open_all_day, "kg_zb"), hall_id(hall_open_all_day))
    assert state.timezone == "Asia/Shanghai"
