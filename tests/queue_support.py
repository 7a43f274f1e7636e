"""Shared helpers for queue tests: the demo hall KG, its lines and counters."""

from __future__ import annotations

import itertools
import os
from datetime import UTC, datetime

from sqlalchemy import select, update

from counter_app.db.engine import Database
from counter_app.db.models import BusinessLine, Counter, Hall, Staff, counter_lines
from counter_app.domain.roles import Role
from counter_app.services.access import Actor
from counter_app.services.auth import device_actor, login
from counter_app.services.demo import DEMO_PASSWORD

IN_HOURS = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai, a Monday
_accounts = itertools.count(1)


def unique_username(prefix: str = "t") -> str:
    """A user name no other test of this run uses: PostgreSQL login roles belong to the
    whole test cluster, not to one test's database, so a test that changes an account's
    password or state works on an account of its own, never on a demo account."""
    return f"{prefix}{os.getpid() % 10_000}_{next(_accounts)}"


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
    """A demo account, logged in for real: on PostgreSQL through its own login role, so
    that every test also proves the database grants suffice for what it does.

    Every demo account must change the demo password before anything else (the access
    policy holds it to that); a test that is not about passwords starts as if that was
    done: see ``password_changed``."""
    password_changed(database, username)
    return login(database, username, DEMO_PASSWORD)


def password_changed(database: Database, username: str) -> None:
    """Test-only: the account no longer has to change its password, as after its first
    login, but keeps the demo password: on PostgreSQL a login role belongs to the whole
    test cluster, so changing a demo account's password would change it for every other
    test's database. ``database``: the owner's connection (a test's database fixture).
    Tests of the password change itself go through ``auth.change_own_password``."""
    with database.transaction() as session:
        session.execute(
            update(Staff).where(Staff.username == username, Staff.must_change_password.is_(True)).values(must_change_password=False)
        )


def machine(database: Database, role: Role, code: str = "KG") -> Actor:
    """A hall's display or kiosk: on PostgreSQL connected as its own login role (the demo
    makes ``kg_display``, ``kg_kiosk`` …), on SQLite the one machine."""
    hall = hall_id(database, code)
    if database.backend == "postgresql":
        return device_actor(database.connect_as(f"{code.lower()}_{role.value}", DEMO_PASSWORD), role, hall)
    return device_actor(database, role, hall)


def kiosk(database: Database, code: str = "KG") -> Actor:
    return machine(database, Role.KIOSK, code)


def display(database: Database, code: str = "KG") -> Actor:
    return machine(database, Role.DISPLAY, code)
