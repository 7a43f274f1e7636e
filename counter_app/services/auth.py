"""Logging in: argon2 password hashes and lock-out after repeated failures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from counter_app.db.engine import Database
from counter_app.db.models import Role, Staff
from counter_app.db.types import utc_now
from counter_app.errors import AuthenticationError, ValidationError
from counter_app.i18n import QT_TRANSLATE_NOOP
from counter_app.services.access import Actor, audit, audit_separately, require_role

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 8

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "A password needs at least {minimum} characters."),
            minimum=MIN_PASSWORD_LENGTH,
        )
    return _hasher.hash(password)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _wrong_credentials() -> AuthenticationError:
    # One message for unknown users and wrong passwords: do not reveal which names exist.
    return AuthenticationError(QT_TRANSLATE_NOOP("Errors", "Wrong user name or password."))


def login(database: Database, username: str, password: str, now: datetime | None = None) -> Actor:
    """Check a password; after ``MAX_FAILED_LOGINS`` failures the account locks for ``LOCKOUT``."""
    now = now or utc_now()
    username = username.strip()
    if not username or not password:
        raise AuthenticationError(QT_TRANSLATE_NOOP("Errors", "Enter your user name and password."))
    with database.transaction() as session:
        staff = session.scalars(select(Staff).where(Staff.username == username)).one_or_none()
        if staff is None or not staff.active:
            audit(session, None, "login", outcome="failed", username=username, detail={"reason": "unknown user"})
            failure: AuthenticationError | None = _wrong_credentials()
        elif staff.locked_until is not None and staff.locked_until > now:
            audit(session, None, "login", outcome="refused", username=username, detail={"reason": "locked"})
            minutes = max(1, int((staff.locked_until - now).total_seconds() // 60) + 1)
            failure = AuthenticationError(
                QT_TRANSLATE_NOOP(
                    "Errors",
                    "This account is locked after too many wrong passwords. Try again in {minutes} minutes "
                    "or ask an administrator.",
                ),
                minutes=minutes,
            )
        elif not _verify(staff.password_hash, password):
            staff.failed_logins += 1
            remaining = MAX_FAILED_LOGINS - staff.failed_logins
            if remaining <= 0:
                staff.locked_until = now + LOCKOUT
                staff.failed_logins = 0
                audit(session, None, "login", outcome="failed", username=username, detail={"reason": "locked out"})
                failure = AuthenticationError(
                    QT_TRANSLATE_NOOP(
                        "Errors",
                        "Wrong password. The account is now locked for {minutes} minutes.",
                    ),
                    minutes=int(LOCKOUT.total_seconds() // 60),
                )
            else:
                audit(session, None, "login", outcome="failed", username=username, detail={"reason": "password"})
                failure = AuthenticationError(
                    QT_TRANSLATE_NOOP(
                        "Errors", "Wrong user name or password. {remaining} more tries before the account locks."
                    ),
                    remaining=remaining,
                )
        else:
            staff.failed_logins = 0
            staff.locked_until = None
            actor = Actor(staff.id, staff.username, staff.full_name, Role(staff.role), staff.hall_id)
            audit(session, actor, "login")
            failure = None
    # Commit the failure count and audit record first, then refuse.
    if failure is not None:
        raise failure
    return actor


@dataclass(frozen=True)
class NewStaff:
    username: str
    full_name: str
    role: Role
    password: str
    hall_id: int | None = None
    department_id: int | None = None


def create_staff(database: Database, actor: Actor, new: NewStaff) -> int:
    """An administrator adds a member of staff; returns the new id."""
    require_role(database, actor, {Role.ADMIN}, QT_TRANSLATE_NOOP("Terms", "create staff"), new.username)
    username = new.username.strip()
    if not username or not new.full_name.strip():
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "User name and full name are required."))
    password_hash = hash_password(new.password)
    with database.transaction() as session:
        if session.scalars(select(Staff.id).where(Staff.username == username)).first() is not None:
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "The user name '{username}' is taken."), username=username
            )
        staff = Staff(
            username=username,
            full_name=new.full_name.strip(),
            role=new.role.value,
            password_hash=password_hash,
            hall_id=new.hall_id,
            department_id=new.department_id,
        )
        session.add(staff)
        session.flush()
        audit(session, actor, "create staff", target=username, detail={"role": new.role.value})
        return staff.id


def unlock_staff(database: Database, actor: Actor, username: str) -> None:
    require_role(database, actor, {Role.ADMIN}, QT_TRANSLATE_NOOP("Terms", "unlock staff"), username)
    with database.transaction() as session:
        staff = session.scalars(select(Staff).where(Staff.username == username)).one_or_none()
        if staff is None:
            raise ValidationError(QT_TRANSLATE_NOOP("Errors", "There is no user '{username}'."), username=username)
        staff.failed_logins = 0
        staff.locked_until = None
        audit(session, actor, "unlock staff", target=username)


__all__ = ["LOCKOUT", "MAX_FAILED_LOGINS", "NewStaff", "audit_separately", "create_staff", "login", "unlock_staff"]
