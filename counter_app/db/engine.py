"""Engines and transactions for SQLite (embedded) and PostgreSQL (a real hall)."""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import PoolProxiedConnection

from counter_app.errors import DatabaseError
from counter_app.i18n import QT_TRANSLATE_NOOP

SQLITE_BUSY_TIMEOUT_MS = 15_000
PING_AFTER_IDLE_SECONDS = 10.0
SUPPORTED_BACKENDS = ("sqlite", "postgresql")


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
    if parsed.get_backend_name() == "sqlite":
        return _make_sqlite_engine(parsed, **engine_options)
    options: dict[str, Any] = {"pool_size": 5, "max_overflow": 10}
    options["connect_args"] = {"connect_timeout": 5, "application_name": "counter_app"}
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


def _make_sqlite_engine(url: URL, **engine_options: Any) -> Engine:
    database = url.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}, **engine_options)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
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


class Database:
    """One shared database: transactions for use cases.

    ``transaction()`` is for use cases that write (``BEGIN IMMEDIATE`` on SQLite takes the
    write lock up front); ``reading()`` for those that only read.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.backend = engine.dialect.name
        writer = engine.execution_options(sqlite_begin="IMMEDIATE") if self.backend == "sqlite" else engine
        self._write_engine = writer
        self._writer = sessionmaker(writer, expire_on_commit=False)
        self._reader = sessionmaker(engine, expire_on_commit=False)
        self._statement_connection: PoolProxiedConnection | None = None  # see run_statement
        self._statement_used_at = 0.0

    @classmethod
    def from_url(cls, url: str, **engine_options: Any) -> Database:
        return cls(make_engine(url, **engine_options))

    @property
    def url(self) -> str:
        return describe_url(self.engine.url)

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
        (``services.queue_sql``): one round trip, no BEGIN and COMMIT, and no pool checkout,
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
    def reading(self) -> Iterator[Session]:
        with self._explained_failures(), self._reader() as session, session.begin():
            yield session

    @contextmanager
    def _explained_failures(self) -> Iterator[None]:
        """A lost server or a locked file becomes a ``DatabaseError`` the user can read."""
        try:
            yield
        except (OperationalError, InterfaceError) as exc:
            raise self._unusable(getattr(exc, "orig", exc)) from exc

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
        self._release_kept_connection()
        self.engine.dispose()
