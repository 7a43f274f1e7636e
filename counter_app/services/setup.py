"""Opening the shared database: checks, and the first run of the embedded one."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import select

from counter_app.config import DatabaseLocation
from counter_app.db import migrate
from counter_app.db.engine import Database, make_engine
from counter_app.db.models import Hall
from counter_app.services.demo import DemoSummary, load_demo

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OpenedDatabase:
    database: Database
    first_run: DemoSummary | None  # set when an empty embedded database was just prepared


def open_database(location: DatabaseLocation) -> OpenedDatabase:
    """Open the database the client will use, or raise a ``DatabaseError`` that says why not.

    Only the embedded default database is created, migrated and filled with the demo on
    first use; any other database is upgraded by an administrator (``counter-app db upgrade``).
    """
    database = Database(make_engine(location.url))
    try:
        first_run = None
        if location.is_embedded_default and migrate.is_empty(database.engine):
            log.info("first run: creating the embedded database %s", database.url)
            migrate.upgrade(database.engine)
        migrate.check_schema(database.engine)
        if location.is_embedded_default and not has_halls(database):
            # Also retried when an earlier first run was cut off after the migration.
            first_run = load_demo(database)
    except BaseException:
        database.dispose()
        raise
    return OpenedDatabase(database, first_run)


def has_halls(database: Database) -> bool:
    with database.reading() as session:
        return session.scalars(select(Hall.id).limit(1)).first() is not None


def upgrade_database(location: DatabaseLocation) -> tuple[str | None, str]:
    """Migrate to this code's schema; returns (revision before, revision after). A schema
    newer than this code is refused with the reason (it cannot be migrated backwards)."""
    database = Database(make_engine(location.url))
    try:
        before = migrate.current_revision(database.engine)
        if before is not None and before not in migrate.known_revisions():
            migrate.check_schema(database.engine)  # raises: "a newer schema … install the newer version"
        migrate.upgrade(database.engine)
        return before, migrate.current_revision(database.engine) or ""
    finally:
        database.dispose()


def prepare_demo(location: DatabaseLocation) -> DemoSummary:
    """``counter-app demo``: migrate an empty database, then load the demo zone."""
    database = Database(make_engine(location.url))
    try:
        if migrate.is_empty(database.engine):
            migrate.upgrade(database.engine)
        migrate.check_schema(database.engine)
        return load_demo(database)
    finally:
        database.dispose()


GATE_ROLE = "counter_app_gate"
SIGNER_ROLE = "counter_app_signer"  # the licence signing agent's login (migration 0008)


def set_gate_password(database: Database, password: str) -> None:
    """PostgreSQL, with the owner's connection: the password of the login gate, the role
    every counter PC starts with (it may only count login attempts; see DESIGN.md)."""
    set_login_password(database, GATE_ROLE, password)


def set_login_password(database: Database, role: str, password: str) -> None:
    """PostgreSQL, with the owner's connection: a fixed login's password (the gate's, the
    signing agent's), sent to the server only as a SCRAM verifier."""
    from psycopg import sql

    verifier = database.encrypt_password(role, password)
    statement = sql.SQL("ALTER ROLE {} LOGIN PASSWORD {}").format(sql.Identifier(role), sql.Literal(verifier))
    with database.engine.begin() as connection:
        with connection.connection.dbapi_connection.cursor() as cursor:  # type: ignore[union-attr]
            cursor.execute(statement)
