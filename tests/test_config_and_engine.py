"""Where the database URL comes from, SQLite settings, and clear messages for bad URLs."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from counter_app.config import UrlSource, resolve_database
from counter_app.db import engine as engine_module
from counter_app.db.engine import Database, make_engine, parse_url
from counter_app.db.migrate import current_revision
from counter_app.errors import DatabaseError
from tests.conftest import _pg_execute


def test_url_precedence_option_environment_file_embedded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config.toml"
    monkeypatch.setenv("COUNTER_APP_CONFIG", str(config))
    embedded = resolve_database(None)
    assert embedded.source is UrlSource.EMBEDDED and embedded.url.startswith("sqlite:///")
    config.write_text('[database]\nurl = "postgresql://hall@db.example/hall"\n', encoding="utf-8")
    assert resolve_database(None).source is UrlSource.CONFIG_FILE
    monkeypatch.setenv("COUNTER_APP_DB", "sqlite:///env.sqlite3")
    assert resolve_database(None) == resolve_database(None)
    assert resolve_database(None).url == "sqlite:///env.sqlite3"
    chosen = resolve_database("sqlite:///option.sqlite3")
    assert (chosen.url, chosen.source) == ("sqlite:///option.sqlite3", UrlSource.OPTION)


def test_broken_config_file_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[database\nurl=", encoding="utf-8")
    monkeypatch.setenv("COUNTER_APP_CONFIG", str(config))
    with pytest.raises(DatabaseError, match="config file"):
        resolve_database(None)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("not a url", "is not a database URL"),
        ("mysql://user@host/db", "not supported"),
    ],
)
def test_bad_urls_give_clear_messages(url: str, message: str) -> None:
    with pytest.raises(DatabaseError, match=message):
        parse_url(url)


def test_postgresql_urls_use_psycopg3() -> None:
    assert parse_url("postgresql://u@h/d").drivername == "postgresql+psycopg"


def test_unreachable_server_is_a_clear_error() -> None:
    # Port 9 on loopback (discard) has no PostgreSQL: refused at once.
    engine = make_engine("postgresql://hall@127.0.0.1:9/hall")
    try:
        with pytest.raises(DatabaseError, match="Cannot open the database") as caught:
            current_revision(engine)
        assert "127.0.0.1" in caught.value.english()
    finally:
        engine.dispose()


def test_sqlite_opens_with_wal_foreign_keys_and_busy_timeout(tmp_path: Path) -> None:
    database = Database.from_url(f"sqlite:///{tmp_path / 'x' / 'hall.sqlite3'}")
    try:
        with database.reading() as session:
            assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert session.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
    finally:
        database.dispose()


def test_password_is_hidden_in_the_described_url() -> None:
    database = Database(make_engine("postgresql://hall:secret@127.0.0.1:9/hall"))
    try:
        assert "secret" not in database.url
    finally:
        database.dispose()


def _backend_pid(database: Database) -> int:
    with database.reading() as session:
        return int(session.execute(text("SELECT pg_backend_pid()")).scalar_one())


def test_postgresql_connection_that_died_while_idle_is_replaced_unseen(
    pg_admin_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pooled connection idle longer than the ping threshold is tested before use: one the
    server dropped meanwhile (restart, network) is replaced and the use case just works."""
    monkeypatch.setattr(engine_module, "PING_AFTER_IDLE_SECONDS", 0.0)
    database = Database.from_url(pg_admin_url)
    try:
        first = _backend_pid(database)
        _pg_execute(pg_admin_url, f"SELECT pg_terminate_backend({first})")
        assert _backend_pid(database) != first
    finally:
        database.dispose()


def test_postgresql_connection_that_died_while_busy_fails_once_clearly(pg_admin_url: str) -> None:
    """Within the ping threshold no ping is spent (a busy counter calls without one): a
    connection lost right then fails that one use case with a clear message, and the pool
    drops its connections so that the retry works."""
    database = Database.from_url(pg_admin_url)
    try:
        first = _backend_pid(database)
        _pg_execute(pg_admin_url, f"SELECT pg_terminate_backend({first})")
        with pytest.raises(DatabaseError, match="cannot be used right now"):
            _backend_pid(database)
        assert _backend_pid(database) != first
    finally:
        database.dispose()


def test_postgresql_statements_run_on_a_kept_connection_that_recovers(
    pg_admin_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``run_statement`` keeps one autocommit connection for the hot use cases: lost while
    busy, one call fails clearly and the next works; after an idle spell it goes back to the
    pool, whose test replaces a dead one unseen; on dispose the pool gets it back transactional."""
    database = Database.from_url(pg_admin_url)
    try:
        first = database.run_statement("SELECT pg_backend_pid()", {})
        assert first is not None
        assert database.run_statement("SELECT pg_backend_pid()", {}) == first  # kept, not checked out again
        assert database.run_statement("SELECT %(n)s::int + 1", {"n": 41}) == (42,)
        _pg_execute(pg_admin_url, f"SELECT pg_terminate_backend({first[0]})")
        with pytest.raises(DatabaseError, match="cannot be used right now"):
            database.run_statement("SELECT pg_backend_pid()", {})
        second = database.run_statement("SELECT pg_backend_pid()", {})
        assert second is not None and second != first
        _pg_execute(pg_admin_url, f"SELECT pg_terminate_backend({second[0]})")
        retried = database.run_statement("SELECT pg_backend_pid()", {}, retry_if_lost=True)  # unseen
        assert retried is not None and retried not in (first, second)
        second = retried

    finally:
        database.dispose()
    with database.transaction() as session:  # the pool's connections run transactions again
        assert session.connection().connection.dbapi_connection.autocommit is False  # type: ignore[union-attr]
    database.dispose()

    monkeypatch.setattr(engine_module, "PING_AFTER_IDLE_SECONDS", 0.0)  # every use comes after an idle spell
    database = Database.from_url(pg_admin_url)
    try:
        fourth = database.run_statement("SELECT pg_backend_pid()", {})
        assert fourth is not None
        _pg_execute(pg_admin_url, f"SELECT pg_terminate_backend({fourth[0]})")
        fifth = database.run_statement("SELECT pg_backend_pid()", {})
        assert fifth is not None and fifth != fourth
    finally:
        database.dispose()
