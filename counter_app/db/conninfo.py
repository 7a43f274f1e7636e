"""libpq connection strings from the application's PostgreSQL URL.

Some connections are made with psycopg directly rather than through the SQLAlchemy
engine (the hall watcher's ``LISTEN`` connection). They must reach the same server in
the same way: TLS settings (``sslmode``, ``sslrootcert``, ``sslcert``, ``sslkey``,
``sslcrl``…), ``target_session_attrs``, ``options``, host lists, Unix socket folders.
``conninfo_from_url`` reads the URL exactly as the engine's psycopg dialect does, so
nothing the URL says is dropped. Pure: no connection is made.
"""

from __future__ import annotations

from typing import Any

from psycopg.conninfo import make_conninfo
from sqlalchemy.dialects.postgresql.psycopg import PGDialect_psycopg
from sqlalchemy.engine import URL, make_url


def libpq_params(url: URL | str) -> dict[str, str]:
    """The libpq connection parameters a PostgreSQL URL stands for.

    The URL's user, password, host, port and database, and every query parameter as it
    is (libpq keyword = value). Host lists come out as libpq wants them, whether the URL
    writes ``?host=h1:p1&host=h2:p2`` or ``?host=h1,h2&port=p1,p2``. A query parameter
    given twice keeps its last value, as in a libpq conninfo string.
    """
    parsed = make_url(url) if isinstance(url, str) else url
    if parsed.get_backend_name() != "postgresql":
        raise ValueError(f"not a PostgreSQL URL: {parsed.render_as_string(hide_password=True)}")
    # The dialect the engine uses: the same reading of ports, host lists and the query.
    _args, options = PGDialect_psycopg().create_connect_args(parsed)
    options.pop("context", None)  # psycopg adapters (only with a loaded DBAPI), not libpq
    params: dict[str, str] = {}
    for key, value in options.items():
        if isinstance(value, (list, tuple)):
            value = value[-1] if value else None
        if value is None or value == "":
            continue
        params[key] = str(value)
    return params


def conninfo_from_url(url: URL | str, **defaults: Any) -> str:
    """A libpq conninfo string for ``url`` (see ``libpq_params``).

    ``defaults`` (e.g. ``connect_timeout=5``, ``application_name="…"``) apply only where
    the URL does not set the parameter itself.
    """
    params: dict[str, Any] = {key: value for key, value in defaults.items() if value is not None}
    params.update(libpq_params(url))
    return make_conninfo(**params)
