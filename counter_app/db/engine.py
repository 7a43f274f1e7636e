"""Engines and transactions for SQLite (embedded) and PostgreSQL (a real hall)."""

from __future__ import annotations

import logging
import os
import secrets
import stat
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import PoolProxiedConnection

from counter_app.db.types import utc_now
from counter_app.errors import DatabaseError, SessionEnded
from counter_app.i18n import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_MS = 15_000
PING_AFTER_IDLE_SECONDS = 10.0
CLOCK_CHECK_SECONDS = 600.0  # how often a client re-reads the server's clock (PCs drift slowly)
SUPPORTED_BACKENDS = ("sqlite", "postgresql")
# Files of the embedded database: readable by their owner only (anyone with the OS account
# has the data; nobody else on the machine does).
PRIVATE_FILE_MODE = 0o600
PRIVATE_DIR_MODE = 0o700


class LoginRefused(Exception):
    """PostgreSQL refused a login role's credentials (wrong password, no such role, login
    not permitted): the server was reached. The server's own words are in ``str()`` for
    the log, never for the user (they would tell which accounts exist)."""


def parse_url(url: str) -> URL:
    """Validate a database URL; ``postgresql://`` means psycopg 3."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseError(
            QT_TRANSLATE_NOOP(
                "Errors",
                "'{url}' is not a database URL. Use sqlite:///PATH or postgresql://USER@HOST/DATABASE.",
            ),
            url=url,
        ) from exc
    backend = parsed.get_backend_name()
    if backend not in SUPPORTED_BACKENDS:
        raise DatabaseError(
            QT_TRANSLATE_NOOP(
                "Errors", "Database type '{backend}' is not supported: use SQLite or PostgreSQL."
            ),
            backend=backend,
        )
    if backend == "postgresql" and parsed.get_driver_name() != "psycopg":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if backend == "sqlite" and parsed.get_driver_name() != "pysqlite":
        parsed = parsed.set(drivername="sqlite+pysqlite")
    return parsed


def describe_url(url: URL | str) -> str:
    """The URL without its password, fit for messages and logs."""
    if isinstance(url, str):
        try:
            url = make_url(url)
        except ArgumentError:
            return url  # not a URL at all, so it holds no password to hide
    return url.render_as_string(hide_password=True)


def make_engine(url: str | URL, **engine_options: Any) -> Engine:
    parsed = parse_url(url) if isinstance(url, str) else url
    # Statement parameters hold citizens' names, phone and ID numbers: never put them into
    # exception texts (which reach the log), whatever fails.
    engine_options.setdefault("hide_parameters", True)
    if parsed.get_backend_name() == "sqlite":
        return _make_sqlite_engine(parsed, **engine_options)
    options: dict[str, Any] = {"pool_size": 5, "max_overflow": 10}
    # Defaults the URL's own query (connect_timeout=…, application_name=…) overrides.
    options["connect_args"] = {
        key: value
        for key, value in {"connect_timeout": 5, "application_name": "counter_app"}.items()
        if key not in parsed.query
    }
    options.update(engine_options)
    engine = create_engine(parsed, **options)
    _ping_after_idle(engine, PING_AFTER_IDLE_SECONDS)
    return engine


def _ping_after_idle(engine: Engine, idle_seconds: float) -> None:
    """Test a pooled connection before use only if it has been idle a while (the server
    may have restarted meanwhile): a pre-ping on every checkout would add a round trip to
    every call of a busy counter. A dead connection is replaced before the use case runs;
    one that dies within ``idle_seconds`` fails the use case with a "try again" message and
    the pool drops every connection it holds."""

    @event.listens_for(engine, "checkin")
    def _checked_in(_dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle_since = record.info.pop("idle_since", None)
        if idle_since is None or time.monotonic() - idle_since <= idle_seconds:
            return
        dialect = engine.dialect
        try:
            alive = dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as exc:
            if not dialect.is_disconnect(exc, dbapi_connection, None):
                raise
            alive = False
        if not alive:
            raise DisconnectionError("connection lost while idle")  # the pool retries with a new one


def make_private_dir(folder: Path) -> None:
    """Create ``folder`` (and missing parents) readable by the owner only; an existing
    folder keeps its mode (it may be shared on purpose)."""
    if folder.is_dir():
        return
    old_mask = os.umask(0o077)
    try:
        folder.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    finally:
        os.umask(old_mask)


def _make_sqlite_engine(url: URL, **engine_options: Any) -> Engine:
    database = url.database or ""
    path = Path(database) if database and database != ":memory:" and not database.startswith("file:") else None
    if path is not None:
        make_private_dir(path.parent)
        # Create the file ourselves, owner-only: SQLite gives its WAL and shared-memory
        # files the mode of the database file.
        try:
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE_MODE))
        except FileExistsError:
            pass
        except OSError:
            log.warning("cannot create %s", path)  # SQLite will say why when it opens it
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}, **engine_options)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        if path is not None:
            _make_private(path)
        # Let SQLAlchemy (not the sqlite3 module) decide when a transaction begins, so that
        # writing use cases can BEGIN IMMEDIATE and never meet a lock upgrade deadlock.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


def _make_private(path: Path) -> None:
    """The database file and its WAL companions: owner read and write only. SQLite creates
    them with the process umask; they are tightened as soon as they exist."""
    for candidate in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            if stat.S_IMODE(candidate.stat().st_mode) != PRIVATE_FILE_MODE:
                candidate.chmod(PRIVATE_FILE_MODE)
        except FileNotFoundError:
            continue
        except OSError:  # a file someone else owns: leave it, SQLite will say if it cannot write
            log.warning("cannot make %s private", candidate)


def _refused_login(error: BaseException) -> bool:
    """A connection the server reached and refused while authenticating (wrong password,
    unknown role, NOLOGIN). No SQLSTATE reaches the client at this stage, and the text is in
    the server's language, so "reached and refused" is what can be told."""
    pgconn = getattr(error, "pgconn", None)
    if pgconn is None or getattr(pgconn, "backend_pid", 0):
        return False  # no connection attempt, or one that got in and failed later
    return bool(pgconn.used_password) or b"FATAL" in (pgconn.error_message or b"")


class ServerClock:
    """The database server's clock, read through the offset between it and this PC.

    On PostgreSQL the offset is measured on each new connection and every
    ``CLOCK_CHECK_SECONDS``: queue order, business dates and wait times then follow the
    server, even on a PC whose own clock is minutes off. On SQLite (one machine) the PC's
    clock is the server's."""

    def __init__(self, engine: Engine, local_clock: Any = utc_now) -> None:
        self.engine = engine
        self.local_clock = local_clock
        self.offset = timedelta(0)
        self._measured_at: float | None = None
        self._lock = threading.Lock()
        if engine.dialect.name == "postgresql":

            @event.listens_for(engine, "connect")
            def _measure_on_connect(dbapi_connection: Any, _record: Any) -> None:
                self._measure(dbapi_connection)

    def now(self) -> datetime:
        if self.engine.dialect.name != "postgresql":
            return self.local_clock()
        if self._measured_at is None or time.monotonic() - self._measured_at > CLOCK_CHECK_SECONDS:
            with self.engine.connect() as connection:  # a new connection measures on its own
                if self._measured_at is None or time.monotonic() - self._measured_at > CLOCK_CHECK_SECONDS:
                    self._measure(connection.connection.dbapi_connection)
        return self.local_clock() + self.offset

    def estimate(self) -> datetime:
        """The server's time from the last offset measured, without asking it (a clock on a
        screen, which must not wait for the network)."""
        return self.local_clock() + self.offset

    def _measure(self, dbapi_connection: Any) -> None:
        # In autocommit: one round trip, where a transaction would add a BEGIN and a ROLLBACK
        # (the connection is idle here: fresh, or just checked out of the pool).
        autocommit = dbapi_connection.autocommit
        dbapi_connection.autocommit = True
        try:
            before = self.local_clock()
            with dbapi_connection.cursor() as cursor:
                cursor.execute("SELECT clock_timestamp()")
                (server,) = cursor.fetchone()
            after = self.local_clock()
        finally:
            dbapi_connection.autocommit = autocommit
        with self._lock:
            self.offset = server - (before + (after - before) / 2)
            self._measured_at = time.monotonic()


class Database:
    """One shared database: transactions for use cases.

    ``transaction()`` is for use cases that write (``BEGIN IMMEDIATE`` on SQLite takes the
    write lock up front); ``reading()`` for those that only read.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.backend = engine.dialect.name
        self.clock = ServerClock(engine)
        self._logins: list[Database] = []  # databases of roles logged in through this one
        self._parent: Database | None = None
        self._password: str | None = None  # a login's current password (see set_password)
        writer = engine.execution_options(sqlite_begin="IMMEDIATE") if self.backend == "sqlite" else engine
        self._write_engine = writer
        # Pokes this database makes say so (services.hall_events): its own watchers may skip them.
        self.origin = secrets.token_hex(8)
        self._own_pokes: dict[int, int] = {}  # SQLite: hall id -> the change counter's value it set last
        info = {"database": self}
        self._writer = sessionmaker(writer, expire_on_commit=False, info=info)
        # PostgreSQL's READ COMMITTED gives every statement a snapshot of its own, so a
        # plain read gains nothing from a transaction but its BEGIN and COMMIT: two more
        # round trips. Plain reads run in autocommit; reads that must agree use a snapshot.
        plain = engine.execution_options(isolation_level="AUTOCOMMIT") if self.backend == "postgresql" else engine
        self._reader = sessionmaker(plain, expire_on_commit=False, info=info)
        # Reads of several statements that must agree (the display: current and recent calls):
        # one snapshot. SQLite's read transaction is one snapshot already.
        snapshot = engine.execution_options(isolation_level="REPEATABLE READ") if self.backend == "postgresql" else engine
        self._snapshot_reader = sessionmaker(snapshot, expire_on_commit=False, info=info)
        self._statement_connection: PoolProxiedConnection | None = None  # see run_statement
        self._statement_used_at = 0.0

    @classmethod
    def from_url(cls, url: str, **engine_options: Any) -> Database:
        return cls(make_engine(url, **engine_options))

    @property
    def url(self) -> str:
        return describe_url(self.engine.url)

    def note_own_poke(self, hall_id: int, marker: int) -> None:
        """SQLite: this database moved the hall's change counter to ``marker``."""
        self._own_pokes[hall_id] = marker

    def own_poke(self, hall_id: int) -> int | None:
        """SQLite: the change counter's value this database set last for the hall."""
        return self._own_pokes.get(hall_id)

    def now(self) -> datetime:
        """The time by the database server's clock: use it for everything that orders or
        judges (queue order, business dates, lock-out expiry)."""
        with self._explained_failures():
            return self.clock.now()

    def connect_as(self, username: str, password: str) -> Database:
        """PostgreSQL: the same database, logged in as a staff member's (or a device's) own
        login role: the server checks the password and enforces that role's rights from
        then on. Raises ``LoginRefused`` if the server refuses the credentials and a
        ``DatabaseError`` if it cannot be reached. Disposed with this database."""
        assert self.backend == "postgresql", "SQLite has no login roles"
        url = self.engine.url.set(username=username, password=None)
        login = Database(make_engine(url))
        login._password = password

        @event.listens_for(login.engine, "do_connect")
        def _current_password(_dialect: Any, _record: Any, _cargs: Any, cparams: dict[str, Any]) -> None:
            cparams["password"] = login._password  # new pool connections use the password of now

        try:
            with login.engine.connect():
                pass
        except OperationalError as exc:
            login.dispose()
            original = getattr(exc, "orig", exc)
            if _refused_login(original):
                raise LoginRefused(str(original).strip().splitlines()[-1]) from None
            raise self._unusable(original) from exc
        self._logins.append(login)
        login._parent = self
        return login

    def reachable(self) -> bool:
        """Whether a new connection can be made now (a login refused while this database,
        its parent, still gets in: the login's account was disabled, not the server lost)."""
        dbapi = self.engine.dialect.loaded_dbapi
        try:
            with self.engine.connect() as connection:
                connection.exec_driver_sql("SELECT 1")  # a pooled connection may have died meanwhile
                return True
        except (OperationalError, InterfaceError, dbapi.OperationalError, dbapi.InterfaceError):
            return False

    def connection_url(self) -> URL:
        """The URL this database connects with, password included (a login's current one):
        for connections made outside the pool, such as the hall watcher's LISTEN."""
        url = self.engine.url
        return url.set(password=self._password) if self._password is not None else url

    def set_password(self, password: str) -> None:
        """A login whose password was just changed: its new connections use the new one."""
        assert self._password is not None, "not a login made by connect_as"
        self._password = password

    def encrypt_password(self, username: str, password: str) -> str:
        """PostgreSQL: the SCRAM-SHA-256 verifier of a password, computed here by libpq, so
        that the password itself never travels to the server or into its logs."""
        with self.engine.connect() as connection:
            pgconn = connection.connection.dbapi_connection.pgconn  # type: ignore[union-attr]
            verifier: bytes = pgconn.encrypt_password(password.encode(), username.encode(), b"scram-sha-256")
        return verifier.decode()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        with self._explained_failures(), self._writer() as session, session.begin():
            yield session

    @contextmanager
    def core_transaction(self) -> Iterator[Connection]:
        """A writing transaction without the ORM, for the hottest use cases on SQLite."""
        with self._explained_failures(), self._write_engine.begin() as connection:
            yield connection

    def run_statement(
        self, sql: str, params: Mapping[str, Any], *, retry_if_lost: bool = False
    ) -> tuple[Any, ...] | None:
        """PostgreSQL: run ONE statement (psycopg's ``%(name)s`` parameters) in autocommit,
        atomic on its own, and return its first row. For the hottest use cases
        (``services.queue.statements``): one round trip, no BEGIN and COMMIT, and no pool checkout,
        on a connection this process keeps for them (handed back to the pool after
        ``PING_AFTER_IDLE_SECONDS`` idle, so that a connection the server dropped meanwhile
        is tested and replaced before it is used again).

        A connection found lost takes the pool's others with it (a server restart drops them
        all). ``retry_if_lost``: then run the statement once more on a new connection, for
        statements whose own conditions make a second run harmless if the first did commit.
        """
        dialect = self.engine.dialect
        for last_try in (not retry_if_lost, True):
            connection = self._kept_connection()
            dbapi_connection = connection.dbapi_connection
            try:
                with dbapi_connection.cursor() as cursor:  # type: ignore[union-attr]
                    cursor.execute(sql, params)
                    row = cursor.fetchone() if cursor.description else None
            except dialect.loaded_dbapi.Error as exc:
                if dialect.is_disconnect(exc, dbapi_connection, None):
                    connection.invalidate(exc)
                    self._statement_connection = None
                    self.engine.dispose()
                    if not last_try:
                        continue
                if isinstance(exc, (dialect.loaded_dbapi.OperationalError, dialect.loaded_dbapi.InterfaceError)):
                    raise self._unusable(exc) from exc
                raise
            self._statement_used_at = time.monotonic()
            return tuple(row) if row is not None else None
        raise AssertionError("unreachable: the last try returns or raises")

    def _kept_connection(self) -> PoolProxiedConnection:
        kept = self._statement_connection
        if kept is not None and time.monotonic() - self._statement_used_at > PING_AFTER_IDLE_SECONDS:
            self._release_kept_connection()
            kept = None
        if kept is None:
            with self._explained_failures():
                kept = self.engine.raw_connection()
            kept.dbapi_connection.autocommit = True  # type: ignore[union-attr]
            self._statement_connection = kept
        return kept

    def _release_kept_connection(self) -> None:
        kept, self._statement_connection = self._statement_connection, None
        if kept is None:
            return
        if kept.dbapi_connection is not None and not kept.dbapi_connection.closed:
            kept.dbapi_connection.autocommit = False  # the pool's connections are transactional
        kept.close()

    @contextmanager
    def reading(self, *, snapshot: bool = False) -> Iterator[Session]:
        """A reading transaction; ``snapshot``: all its statements see the database as it
        was at the first (on PostgreSQL, READ COMMITTED gives each statement its own)."""
        maker = self._snapshot_reader if snapshot else self._reader
        with self._explained_failures(), maker() as session, session.begin():
            yield session

    @contextmanager
    def _explained_failures(self) -> Iterator[None]:
        """A lost server or a locked file becomes a ``DatabaseError`` the user can read; a
        login the server no longer lets in, a ``SessionEnded``."""
        dbapi = self.engine.dialect.loaded_dbapi
        try:
            yield
        # The pool's own connects (raw_connection) raise the driver's errors unwrapped.
        except (OperationalError, InterfaceError, dbapi.OperationalError, dbapi.InterfaceError) as exc:
            original = getattr(exc, "orig", exc)
            if self._parent is not None and _refused_login(original) and self._parent.reachable():
                log.info("the server refused %s: %s", self.engine.url.username, original)
                raise SessionEnded(
                    QT_TRANSLATE_NOOP(
                        "Errors",
                        "The database no longer lets your account in: it has been disabled, or its password was "
                        "changed. Log in again.",
                    )
                ) from exc
            raise self._unusable(original) from exc

    def _unusable(self, exc: BaseException) -> DatabaseError:
        reason = str(exc).strip().splitlines()
        return DatabaseError(
            QT_TRANSLATE_NOOP(
                "Errors", "The database {url} cannot be used right now ({reason}). Nothing was changed; try again."
            ),
            url=self.url,
            reason=reason[0] if reason else type(exc).__name__,
        )

    def dispose(self) -> None:
        while self._logins:
            self._logins.pop().dispose()
        if self._parent is not None and self in self._parent._logins:
            self._parent._logins.remove(self)
        self._release_kept_connection()
        self.engine.dispose()
