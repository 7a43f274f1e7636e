"""Fixtures: every database test runs on SQLite and on a real PostgreSQL.

PostgreSQL comes from ``COUNTER_APP_TEST_PG_URL`` (a server where the URL's user may
create databases) or from a throwaway cluster started here from the installed binaries.
With ``COUNTER_APP_REQUIRE_PG=1`` (CI) a missing PostgreSQL fails the run instead of skipping.
"""

from __future__ import annotations

import itertools
import os
import shutil
import threading
from collections.abc import Iterator
from datetime import time
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import create_engine, text, update
from sqlalchemy.engine import make_url

from counter_app.db import migrate
from counter_app.db.engine import Database, make_engine
from counter_app.db.models import Hall
from counter_app.services import queue
from counter_app.services.access import Actor
from counter_app.services.auth import use_password_hasher
from counter_app.services.demo import load_demo
from tests.pg_cluster import ClusterUnavailable, start_cluster
from tests.qt_leaks import leftovers, stop_all_timers
from tests.queue_support import counter_id, staff
from tests.speech_support import require_qt_speech

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("COUNTER_APP_LANG", "en")

BACKENDS = ("sqlite", "postgresql")
_database_numbers = itertools.count(1)

# Hashing is slow on purpose (about 20 ms a password); the tests check thousands of them.
use_password_hasher(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


@pytest.fixture(scope="session", autouse=True)
def _bundled_fonts(qapp: object) -> None:
    """As make_application() does: Chinese is drawn without a system CJK font."""
    from counter_app.ui.fonts import register_bundled_fonts

    register_bundled_fonts()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Markers for day-to-day subsets (README): ``pg`` runs on PostgreSQL, ``gui`` drives
    Qt widgets, ``slow`` starts processes or servers or waits on purpose."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        params = getattr(getattr(item, "callspec", None), "params", {})
        if "postgresql" in params.values() or fixtures & {"pg_demo_database", "pg_admin_url"}:
            item.add_marker(pytest.mark.pg)
        if fixtures & {"qtbot", "qt_speech"}:
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def _no_thread_or_timer_outlives_its_test() -> Iterator[None]:
    """Fail a test that leaves a thread or a Qt timer running (a screen's database worker,
    a watcher, a display clock): it would go on touching the next test's database.
    Set up before the test's own fixtures, so it checks after they have been torn down."""
    before = set(threading.enumerate())
    yield
    threads, timers = leftovers(before)
    if threads or timers:
        stop_all_timers()  # the next test starts clean
        pytest.fail(f"left running after the test: threads {threads}, Qt timers {timers}", pytrace=False)


@pytest.fixture
def qt_speech() -> None:
    """The real speech worker can load QtTextToSpeech (its ``mock`` engine needs no more)."""
    require_qt_speech()


@pytest.fixture(autouse=True)
def _isolated_user_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never read or write the real user's config, data or logs."""
    home = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("COUNTER_APP_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("COUNTER_APP_CONFIG", str(home / "config.toml"))
    monkeypatch.delenv("COUNTER_APP_DB", raising=False)


@pytest.fixture(scope="session")
def pg_admin_url() -> Iterator[str]:
    """URL of a PostgreSQL database whose user may create databases."""
    configured = os.environ.get("COUNTER_APP_TEST_PG_URL")
    if configured:
        yield configured
        return
    try:
        cluster = start_cluster()
    except ClusterUnavailable as exc:
        if os.environ.get("COUNTER_APP_REQUIRE_PG") == "1":
            pytest.fail(f"PostgreSQL is required (COUNTER_APP_REQUIRE_PG=1) but unavailable: {exc}")
        pytest.skip(f"PostgreSQL unavailable: {exc}")
    try:
        yield cluster.admin_url()
    finally:
        cluster.stop()


def _pg_execute(admin_url: str, statement: str) -> None:
    engine = create_engine(make_url(admin_url).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(statement))
    finally:
        engine.dispose()


class DatabaseFactory:
    """Fresh databases for one backend, copied from templates made once per test session."""

    def __init__(self, backend: str, workdir: Path, pg_admin_url: str | None) -> None:
        self.backend = backend
        self.workdir = workdir
        self.pg_admin_url = pg_admin_url
        self.templates: dict[str, str] = {}
        self.created: list[str] = []

    def _pg_url(self, name: str) -> str:
        assert self.pg_admin_url
        return make_url(self.pg_admin_url).set(database=name).render_as_string(hide_password=False)

    def empty_url(self) -> str:
        """A database with no tables at all."""
        number = next(_database_numbers)
        if self.backend == "sqlite":
            return f"sqlite:///{self.workdir / f'db{number}.sqlite3'}"
        name = f"t{os.getpid()}_{number}"
        _pg_execute(self.pg_admin_url or "", f'CREATE DATABASE "{name}"')
        self.created.append(name)
        return self._pg_url(name)

    def _template(self, kind: str) -> str:
        if kind not in self.templates:
            url = self.empty_url()
            engine = make_engine(url)
            try:
                migrate.upgrade(engine)
                if kind == "demo":
                    load_demo(Database(engine))
            finally:
                engine.dispose()
            self.templates[kind] = url
        return self.templates[kind]

    def copy_of(self, kind: str) -> str:
        """A fresh database copied from the ``migrated`` or ``demo`` template."""
        template = self._template(kind)
        number = next(_database_numbers)
        if self.backend == "sqlite":
            source = Path(make_url(template).database or "")
            target = self.workdir / f"db{number}.sqlite3"
            shutil.copyfile(source, target)
            return f"sqlite:///{target}"
        name = f"t{os.getpid()}_{number}"
        template_name = make_url(template).database
        _pg_execute(self.pg_admin_url or "", f'CREATE DATABASE "{name}" TEMPLATE "{template_name}"')
        self.created.append(name)
        return self._pg_url(name)


@pytest.fixture(scope="session")
def _factories(tmp_path_factory: pytest.TempPathFactory) -> dict[str, DatabaseFactory]:
    return {}


def _factory(backend: str, request: pytest.FixtureRequest) -> DatabaseFactory:
    factories: dict[str, DatabaseFactory] = request.getfixturevalue("_factories")
    if backend not in factories:
        admin_url = request.getfixturevalue("pg_admin_url") if backend == "postgresql" else None
        # SQLite files are copied with shutil: WAL must be checkpointed, which dispose() does.
        workdir = request.getfixturevalue("tmp_path_factory").mktemp(f"db-{backend}")
        factories[backend] = DatabaseFactory(backend, workdir, admin_url)
    return factories[backend]


@pytest.fixture(params=BACKENDS)
def db_factory(request: pytest.FixtureRequest) -> DatabaseFactory:
    return _factory(request.param, request)


@pytest.fixture
def pg_demo_database(request: pytest.FixtureRequest) -> Iterator[Database]:
    """The demo zone on PostgreSQL only: for what only PostgreSQL has (login roles, grants,
    row-level security). Its tests fail, never skip, where PostgreSQL is required."""
    db = Database.from_url(_factory("postgresql", request).copy_of("demo"))
    yield db
    db.dispose()


@pytest.fixture
def sqlite_demo_database(request: pytest.FixtureRequest) -> Iterator[Database]:
    """The demo zone on SQLite only: for what only the embedded database has."""
    db = Database.from_url(_factory("sqlite", request).copy_of("demo"))
    yield db
    db.dispose()


@pytest.fixture
def database(db_factory: DatabaseFactory) -> Iterator[Database]:
    """A migrated, empty database on each backend."""
    db = Database.from_url(db_factory.copy_of("migrated"))
    yield db
    db.dispose()


@pytest.fixture
def demo_database(db_factory: DatabaseFactory) -> Iterator[Database]:
    """A migrated database holding the demo zone, on each backend."""
    db = Database.from_url(db_factory.copy_of("demo"))
    yield db
    db.dispose()


@pytest.fixture
def licence_signer(demo_database: Database) -> Iterator[None]:
    """On PostgreSQL, the licence signing agent running as its own login (as beside a real
    server) for the test; on SQLite the client signs itself and this does nothing."""
    if demo_database.backend != "postgresql":
        yield
        return
    import threading

    from counter_app.services.licences.signing import run_signer
    from counter_app.services.setup import SIGNER_ROLE, set_login_password

    set_login_password(demo_database, SIGNER_ROLE, "signer-password-for-tests")
    url = demo_database.engine.url.set(username=SIGNER_ROLE, password="signer-password-for-tests")
    signer_database = Database.from_url(url.render_as_string(hide_password=False))
    stop, ready = threading.Event(), threading.Event()
    thread = threading.Thread(target=run_signer, args=(signer_database, stop), kwargs={"ready": ready}, name="licence signer")
    thread.start()
    try:
        assert ready.wait(10), "the signing agent did not start"
        yield
    finally:
        stop.set()
        thread.join(10)
        signer_database.dispose()


# ---------------------------------------------------------------- the demo hall KG's people


@pytest.fixture
def hall_open_all_day(demo_database: Database) -> Database:
    """Issuing checks the hall's hours against the real clock: open the halls all day."""
    with demo_database.transaction() as session:
        session.execute(update(Hall).values(opens_at=time(0, 0), closes_at=time(23, 59, 59)))
    return demo_database


@pytest.fixture
def supervisor(demo_database: Database) -> Actor:
    return staff(demo_database, "kg_zb")


@pytest.fixture
def clerk(demo_database: Database) -> Actor:
    return staff(demo_database, "kg01")


@pytest.fixture
def counter_1(demo_database: Database, clerk: Actor) -> int:
    counter = counter_id(demo_database, 1)
    queue.open_counter(clerk, counter)
    return counter
