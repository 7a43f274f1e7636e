"""Login with argon2 hashes, lock-out, and role checks written to the audit log."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from counter_app.db.engine import Database
from counter_app.db.models import AuditRecord, Role, Staff
from counter_app.db.types import utc_now
from counter_app.errors import AuthenticationError, PermissionDenied, ValidationError
from counter_app.services.access import Actor
from counter_app.services.auth import LOCKOUT, MAX_FAILED_LOGINS, NewStaff, create_staff, login, unlock_staff
from counter_app.services.demo import DEMO_PASSWORD


def _audit(database: Database, action: str) -> list[AuditRecord]:
    with database.reading() as session:
        return list(session.scalars(select(AuditRecord).where(AuditRecord.action == action).order_by(AuditRecord.id)))


def test_login_returns_the_actor_and_audits(demo_database: Database) -> None:
    actor = login(demo_database, "kg03", DEMO_PASSWORD)
    assert actor.role is Role.CLERK and actor.username == "kg03" and actor.hall_id is not None
    assert _audit(demo_database, "login")[-1].outcome == "ok"


def test_passwords_are_stored_as_argon2_hashes(demo_database: Database) -> None:
    with demo_database.reading() as session:
        hashes = set(session.scalars(select(Staff.password_hash)))
    assert all(value.startswith("$argon2id$") for value in hashes)
    assert DEMO_PASSWORD not in "".join(hashes)


@pytest.mark.parametrize(("username", "password"), [("kg03", "wrong-password"), ("nobody", DEMO_PASSWORD)])
def test_wrong_credentials_are_refused_alike(demo_database: Database, username: str, password: str) -> None:
    with pytest.raises(AuthenticationError, match="Wrong user name or password"):
        login(demo_database, username, password)
    assert _audit(demo_database, "login")[-1].outcome == "failed"


def test_empty_fields_ask_for_input(demo_database: Database) -> None:
    with pytest.raises(AuthenticationError, match="Enter your user name"):
        login(demo_database, "  ", "")


def test_lockout_after_repeated_failures_and_expiry(demo_database: Database) -> None:
    now = utc_now()
    for attempt in range(1, MAX_FAILED_LOGINS):
        with pytest.raises(AuthenticationError, match=f"{MAX_FAILED_LOGINS - attempt} more tries"):
            login(demo_database, "kg05", "bad-password", now=now)
    with pytest.raises(AuthenticationError, match="now locked"):
        login(demo_database, "kg05", "bad-password", now=now)
    # Even the right password is refused while locked.
    with pytest.raises(AuthenticationError, match="locked"):
        login(demo_database, "kg05", DEMO_PASSWORD, now=now + timedelta(minutes=1))
    assert login(demo_database, "kg05", DEMO_PASSWORD, now=now + LOCKOUT + timedelta(seconds=1)).username == "kg05"


def test_admin_unlocks_an_account(demo_database: Database) -> None:
    for _ in range(MAX_FAILED_LOGINS):
        with pytest.raises(AuthenticationError):
            login(demo_database, "kg06", "bad-password")
    admin = login(demo_database, "admin", DEMO_PASSWORD)
    unlock_staff(demo_database, admin, "kg06")
    assert login(demo_database, "kg06", DEMO_PASSWORD).username == "kg06"


def test_role_check_refuses_and_audits(demo_database: Database) -> None:
    clerk = login(demo_database, "kg01", DEMO_PASSWORD)
    with pytest.raises(PermissionDenied, match="clerk"):
        create_staff(demo_database, clerk, NewStaff("intruder", "X", Role.ADMIN, "long-password"))
    refused = _audit(demo_database, "create staff")
    assert [(record.outcome, record.username) for record in refused] == [("refused", "kg01")]
    with demo_database.reading() as session:
        assert session.scalars(select(Staff).where(Staff.username == "intruder")).first() is None


def test_admin_creates_staff_who_can_log_in(demo_database: Database) -> None:
    admin = login(demo_database, "admin", DEMO_PASSWORD)
    create_staff(demo_database, admin, NewStaff("new_clerk", "新职员", Role.CLERK, "a-good-password"))
    assert login(demo_database, "new_clerk", "a-good-password").role is Role.CLERK
    with pytest.raises(ValidationError, match="taken"):
        create_staff(demo_database, admin, NewStaff("new_clerk", "Again", Role.CLERK, "a-good-password"))
    with pytest.raises(ValidationError, match="at least 8"):
        create_staff(demo_database, admin, NewStaff("short", "Short", Role.CLERK, "short"))


def test_system_actor_is_admin() -> None:
    assert Actor.system().role is Role.ADMIN
