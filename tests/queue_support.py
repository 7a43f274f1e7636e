"""Shared helpers for queue tests: the demo hall KG, its lines and counters."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select, update

from counter_app.db.engine import Database
from counter_app.db.models import BusinessLine, Counter, Hall, counter_lines
from counter_app.services.access import Actor
from counter_app.services.auth import login
from counter_app.services.demo import DEMO_PASSWORD

IN_HOURS = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai, a Monday


def hall_id(database: Database, code: str = "KG") -> int:
    with database.reading() as session:
        return session.scalars(select(Hall.id).where(Hall.code == code)).one()


def line_id(database: Database, prefix: str, code: str = "KG") -> int:
    with database.reading() as session:
        return session.scalars(
            select(BusinessLine.id).join(Hall).where(Hall.code == code, BusinessLine.prefix == prefix)
        ).one()


def counter_id(database: Database, number: int, code: str = "KG") -> int:
    with database.reading() as session:
        return session.scalars(select(Counter.id).join(Hall).where(Hall.code == code, Counter.number == number)).one()


def serve_line_everywhere(database: Database, prefix: str, numbers: range, code: str = "KG") -> None:
    """Make counters ``numbers`` serve line ``prefix`` too, and lift the line's daily cap."""
    line = line_id(database, prefix, code)
    with database.transaction() as session:
        session.execute(update(BusinessLine).where(BusinessLine.id == line).values(daily_cap=None))
        for number in numbers:
            counter = session.scalars(select(Counter).join(Hall).where(Hall.code == code, Counter.number == number)).one()
            present = session.execute(
                select(counter_lines).where(counter_lines.c.counter_id == counter.id, counter_lines.c.line_id == line)
            ).first()
            if present is None:
                session.execute(counter_lines.insert().values(counter_id=counter.id, line_id=line))


def staff(database: Database, username: str) -> Actor:
    return login(database, username, DEMO_PASSWORD)
