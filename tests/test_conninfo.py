"""PostgreSQL URL → libpq conninfo: nothing the URL says is lost (TLS, sockets, host lists)."""

from __future__ import annotations

from urllib.parse import quote

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import URL

from counter_app.db.conninfo import conninfo_from_url, libpq_params
from counter_app.db.engine import Database, make_engine

PASSWORD = "p@ss:w/rd?#%& =;'q\\\"é"  # every character a URL or a conninfo string must escape
DEFAULTS = {"connect_timeout": 5, "application_name": "counter_app watcher"}


def _parsed(url: URL | str, **defaults: object) -> dict[str, str]:
    """What libpq itself reads from the conninfo (it refuses unknown keywords)."""
    return {key: str(value) for key, value in conninfo_to_dict(conninfo_from_url(url, **defaults)).items()}


def test_tls_files_a_socket_folder_in_the_query_and_a_hard_password() -> None:
    text = (
        f"postgresql+psycopg://hall_kg:{quote(PASSWORD, safe='')}@/counter"
        "?host=/var/run/postgresql&sslmode=verify-full&sslrootcert=/etc/counter/ca.pem"
        "&sslcert=/etc/counter/client.crt&sslkey=/etc/counter/client%20key.pem"
    )
    expected = {
        "host": "/var/run/postgresql",
        "dbname": "counter",
        "user": "hall_kg",
        "password": PASSWORD,
        "sslmode": "verify-full",
        "sslrootcert": "/etc/counter/ca.pem",
        "sslcert": "/etc/counter/client.crt",
        "sslkey": "/etc/counter/client key.pem",
        "connect_timeout": "5",
        "application_name": "counter_app watcher",
    }
    assert _parsed(text, **DEFAULTS) == expected
    # The same URL built as an object, and as the engine keeps it (password included).
    built = URL.create(
        "postgresql+psycopg", username="hall_kg", password=PASSWORD, database="counter",
        query={"host": "/var/run/postgresql", "sslmode": "verify-full", "sslrootcert": "/etc/counter/ca.pem",
               "sslcert": "/etc/counter/client.crt", "sslkey": "/etc/counter/client key.pem"},
    )
    assert _parsed(built, **DEFAULTS) == expected
    engine = make_engine(text)  # no connection is made
    try:
        assert _parsed(engine.url, **DEFAULTS) == expected
        assert _parsed(built.render_as_string(hide_password=False), **DEFAULTS) == expected
    finally:
        engine.dispose()


def test_the_url_wins_over_the_defaults() -> None:
    params = _parsed(
        "postgresql://u@db.hall/counter?application_name=kg%20display&connect_timeout=12",
        **DEFAULTS,
    )
    assert params == {"host": "db.hall", "user": "u", "dbname": "counter",
                      "application_name": "kg display", "connect_timeout": "12"}
    assert _parsed("postgresql://u@db.hall:6432/counter", connect_timeout=None) == {
        "host": "db.hall", "port": "6432", "user": "u", "dbname": "counter"}


def test_every_other_libpq_parameter_is_passed_on() -> None:
    params = _parsed(
        "postgresql+psycopg://u@/counter?host=db1.hall:5432&host=db2.hall:5433"
        "&target_session_attrs=read-write&sslmode=verify-ca&sslcrl=/etc/counter/crl.pem"
        "&options=-c%20statement_timeout%3D5000&keepalives_idle=30&gssencmode=disable"
    )
    assert params == {
        "host": "db1.hall,db2.hall",
        "port": "5432,5433",
        "user": "u",
        "dbname": "counter",
        "target_session_attrs": "read-write",
        "sslmode": "verify-ca",
        "sslcrl": "/etc/counter/crl.pem",
        "options": "-c statement_timeout=5000",
        "keepalives_idle": "30",
        "gssencmode": "disable",
    }
    # The other host-list spelling, an IPv6 host, a repeated parameter (the last one counts).
    assert libpq_params("postgresql://u@/c?host=db1,db2&port=5432,5433") == {
        "host": "db1,db2", "port": "5432,5433", "user": "u", "dbname": "c"}
    assert libpq_params("postgresql://u@[::1]:6000/c") == {"host": "::1", "port": "6000", "user": "u", "dbname": "c"}
    assert libpq_params("postgresql://u@h/c?sslmode=disable&sslmode=require")["sslmode"] == "require"
    assert libpq_params("postgresql:///c") == {"dbname": "c"}


def test_only_postgresql_urls() -> None:
    with pytest.raises(ValueError, match="not a PostgreSQL URL"):
        libpq_params("sqlite:///tmp/counter.sqlite3")


def test_the_watcher_connects_with_every_parameter_of_the_url(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    """No server needed: the LISTEN connection attempt is caught (tests/test_watcher_tls.py has a real one)."""
    from counter_app.events.watcher import HallWatcher

    attempts: list[str] = []

    def refuse(conninfo: str, **_kwargs: object) -> psycopg.Connection:
        attempts.append(conninfo)
        raise psycopg.OperationalError("refused by the test")

    monkeypatch.setattr(psycopg, "connect", refuse)
    database = Database.from_url(
        f"postgresql://hall_kg:{quote(PASSWORD, safe='')}@db.hall:6432/counter"
        "?sslmode=verify-full&sslrootcert=/etc/counter/ca.pem&sslcert=/etc/counter/c.crt&sslkey=/etc/counter/c.key"
    )
    watcher = HallWatcher(database, 1, retry_ms=60_000)
    try:
        with qtbot.waitSignal(watcher.connection_lost, timeout=1000):
            watcher.start()
    finally:
        watcher.stop()
        database.dispose()
    assert {key: str(value) for key, value in conninfo_to_dict(attempts[0]).items()} == {
        "host": "db.hall", "port": "6432", "dbname": "counter", "user": "hall_kg", "password": PASSWORD,
        "sslmode": "verify-full", "sslrootcert": "/etc/counter/ca.pem",
        "sslcert": "/etc/counter/c.crt", "sslkey": "/etc/counter/c.key",
        "connect_timeout": "5", "application_name": "counter_app watcher",
    }
