"""Engines and transactions for SQLite (embedded) and PostgreSQL (a real hall)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from counter_app.errors import DatabaseError
from counter_app.i18n import QT_TRANSLATE_NOOP

SQLITE_BUSY_TIMEOUT_MS = 15_000
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
    options: dict[str, Any] = {"pool_pre_ping": True, "pool_size": 5, "max_overflow": 10}
    options["connect_args"] = {"connect_timeout": 5, "application_name": "counter_app"}
    options.update(engine_options)
    return create_engine(parsed, **options)


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
        """A writing transaction without the ORM, for the hottest use cases (call next)."""
        with self._explained_failures(), self._write_engine.begin() as connection:
            yield connection

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
            reason = str(getattr(exc, "orig", exc)).strip().splitlines()
            raise DatabaseError(
                QT_TRANSLATE_NOOP(
                    "Errors", "The database {url} cannot be used right now ({reason}). Nothing was changed; try again."
                ),
                url=self.url,
                reason=reason[0] if reason else type(exc).__name__,
            ) from exc

    def dispose(self) -> None:
        self.engine.dispose()
