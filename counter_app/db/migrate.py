"""Alembic, driven from code: upgrade, current revision, and the schema version check
that keeps a client away from a database older or newer than its code."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect
from sqlalchemy.exc import OperationalError

from counter_app.db.engine import describe_url
from counter_app.errors import DatabaseError
from counter_app.i18n import QT_TRANSLATE_NOOP
from counter_app.paths import migrations_dir


def alembic_config(engine: Engine | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "migrations/ has no revisions"
    return head


def known_revisions() -> set[str]:
    return {script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    with connect_or_explain(engine) as connection:
        return MigrationContext.configure(connection).get_current_revision()


def is_empty(engine: Engine) -> bool:
    with connect_or_explain(engine) as connection:
        return not inspect(connection).get_table_names()


def upgrade(engine: Engine, revision: str = "head") -> None:
    command.upgrade(alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str) -> None:
    command.downgrade(alembic_config(engine), revision)


def check_schema(engine: Engine) -> None:
    """Raise a ``DatabaseError`` that says what to run unless the schema is this code's."""
    current = current_revision(engine)
    head = head_revision()
    if current == head:
        return
    url = describe_url(engine.url)
    if current is None:
        raise DatabaseError(
            QT_TRANSLATE_NOOP(
                "Errors",
                "The database {url} has no counter_app tables yet. An administrator creates them with: "
                "counter-app db upgrade --db {url}",
            ),
            url=url,
        )
    if current in known_revisions():
        raise DatabaseError(
            QT_TRANSLATE_NOOP(
                "Errors",
                "The database {url} has an older schema ({current}) than this client ({head}). "
                "An administrator upgrades it with: counter-app db upgrade --db {url}",
            ),
            url=url,
            current=current,
            head=head,
        )
    raise DatabaseError(
        QT_TRANSLATE_NOOP(
            "Errors",
            "The database {url} has a newer schema ({current}) than this client knows ({head}). "
            "Install the newer version of counter_app on this computer.",
        ),
        url=url,
        current=current,
        head=head,
    )


class connect_or_explain:  # noqa: N801 - used as a context manager like engine.connect()
    """``engine.connect()`` whose failure is a ``DatabaseError`` a user can act on."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def __enter__(self):  # type: ignore[no-untyped-def]
        try:
            self.connection = self.engine.connect()
        except OperationalError as exc:
            raise unreachable_error(self.engine, exc) from exc
        return self.connection

    def __exit__(self, *exc_info: object) -> None:
        self.connection.close()


def unreachable_error(engine: Engine, exc: Exception) -> DatabaseError:
    reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return DatabaseError(
        QT_TRANSLATE_NOOP(
            "Errors",
            "Cannot open the database {url}: {reason}. Check the address, that the server is running, "
            "and the user name and password.",
        ),
        url=describe_url(engine.url),
        reason=reason,
    )
