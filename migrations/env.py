"""Alembic environment: runs on the engine handed over by counter_app.db.migrate, or on the
URL given to the ``alembic`` command line (``-x db=URL``) for developers."""

from __future__ import annotations

from alembic import context

from counter_app.db.engine import make_engine
from counter_app.db.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = config.attributes.get("engine")
    if engine is None:
        url = context.get_x_argument(as_dictionary=True).get("db") or config.get_main_option("sqlalchemy.url")
        if not url:
            raise SystemExit("give the database with: alembic -x db=URL ...")
        engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations_online()
