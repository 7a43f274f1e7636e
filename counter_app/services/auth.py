"""Accounts and sessions: logging in and out, passwords, lock-out, and the administrator's
account changes.

Where the password is checked:
- PostgreSQL (a real hall): by the server. Each account is a login role; the client logs
  in as that role with the password typed, and from then on the server enforces that
  role's rights. The connection the client starts with (the login gate) may only count
  login attempts. Passwords reach the server only as SCRAM verifiers made by libpq here.
- SQLite (one machine): by argon2id hashes in the staff table.

Both count every attempt before the password is checked, in one atomic statement
(parallel guesses cannot get past the limit), check the password outside any write
transaction, and answer an unknown user name exactly like a wrong password.

A password an administrator set (or the demo's) is the account's until it changes it: the
access policy lets such an account change its password and log out, nothing else
(``services.access``, rule 4), whichever client it logs in from (the window, the CLI's
``counter-app passwd``).
"""

from __future__ import annotations

import logging
import secrets
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import cache
from typing import Any, cast

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import CursorResult, case, delete, select, text, update
from sqlalchemy.dialects import sqlite
from sqlalchemy.exc import DBAPIError

from counter_app.db.engine import Database, LoginRefused
from counter_app.db.models import LoginThrottle, Staff, table_of
from counter_app.domain.accounts import (
    DEFAULT_LOCKOUT_MINUTES,
    DEFAULT_MAX_FAILED_LOGINS,
    LoginAttempt,
    check_new_password,
    check_username,
    normalise_username,
)
from counter_app.domain.roles import DEVICE_ROLES, STAFF_ROLES, Permission, Role
from counter_app.domain.text import clean_text
from counter_app.errors import AuthenticationError, ConflictError, NotFound, ValidationError
from counter_app.i18n import QT_TRANSLATE_NOOP, Term
from counter_app.services.access import Actor, Target, Transaction, audit, audit_separately, outside_the_policy, use_case
from counter_app.services.settings import cached_setting

log = logging.getLogger(__name__)

# argon2id with OWASP's first recommended profile (19 MiB, 2 passes): ~20 ms a check here.
PASSWORD_HASHER = PasswordHasher(time_cost=2, memory_cost=19_456, parallelism=1)
_hasher = PASSWORD_HASHER


def use_password_hasher(hasher: PasswordHasher) -> None:
    """Tests: a cheaper hasher (the cost of hashing is the point in production, not there)."""
    global _hasher
    _hasher = hasher
    _dummy_hash.cache_clear()


def hash_password(password: str) -> str:
    """An argon2id hash with its own random salt."""
    return _hasher.hash(password)


@cache
def _dummy_hash() -> str:
    """Checked against when the user is unknown, so that the answer takes as long."""
    return _hasher.hash(secrets.token_urlsafe(16))


def _verify(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _dummy_hash(), password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


# ---------------------------------------------------------------- logging in


def login(database: Database, username: str, password: str) -> Actor:
    """Log a member of staff in; returns the actor, acting through their own connection
    on PostgreSQL. After too many wrong passwords the account locks for a while."""
    name = normalise_username(username)[:64]
    if not name or not password:
        raise AuthenticationError(QT_TRANSLATE_NOOP("Errors", "Enter your user name and password."))
    if database.backend == "postgresql":
        actor = _login_postgresql(database, name, password)
    else:
        actor = _login_sqlite(database, name, password)
    if actor.role not in STAFF_ROLES:
        logout(actor)
        raise AuthenticationError(
            QT_TRANSLATE_NOOP("Errors", "This is the account of a hall machine (display or kiosk): it cannot log in here.")
        )
    return actor


class AccountLocked(AuthenticationError):
    """Too many wrong passwords: the account is locked for a while."""


def _locked(attempt: LoginAttempt, now: datetime) -> AuthenticationError:
    return AccountLocked(
        QT_TRANSLATE_NOOP(
            "Errors",
            "This account is locked after too many wrong passwords. Try again in {minutes} minutes or ask an administrator.",
        ),
        minutes=attempt.minutes_locked(now),
    )


def _wrong(attempt: LoginAttempt, max_failures: int, now: datetime) -> AuthenticationError:
    """One answer for an unknown user and a wrong password: do not reveal which names exist."""
    if attempt.locked_until is not None:
        return AccountLocked(
            QT_TRANSLATE_NOOP("Errors", "Wrong user name or password. The account is now locked for {minutes} minutes."),
            minutes=attempt.minutes_locked(now),
        )
    return AuthenticationError(
        QT_TRANSLATE_NOOP("Errors", "Wrong user name or password. {remaining} more tries before the account locks."),
        remaining=attempt.remaining(max_failures),
    )


def _limits(database: Database) -> tuple[int, int]:
    return (
        int(cached_setting(database, "login_max_failures")),
        int(cached_setting(database, "login_lockout_minutes")),
    )


def _count_attempt_sqlite(database: Database, username: str, now: datetime) -> tuple[LoginAttempt, int]:
    """Count one attempt in one statement (SQLite's twin of the PostgreSQL function
    ``ca_login_attempt``): refused while locked; the attempt that reaches the limit locks."""
    max_failures, lockout_minutes = _limits(database)
    lock_until = now + timedelta(minutes=lockout_minutes)
    table = table_of(LoginThrottle)
    failures_now = case((table.c.locked_until.is_(None), table.c.failures + 1), else_=1)
    statement = (
        sqlite.insert(LoginThrottle)
        .values(username=username, failures=1, locked_until=lock_until if max_failures <= 1 else None)
        .on_conflict_do_update(
            index_elements=[LoginThrottle.username],
            set_={
                "failures": failures_now,
                "locked_until": case((failures_now >= max_failures, lock_until), else_=None),
            },
            where=(table.c.locked_until.is_(None)) | (table.c.locked_until <= now),
        )
        .returning(LoginThrottle.failures, LoginThrottle.locked_until)
    )
    with database.transaction() as session:
        row = session.execute(statement).one_or_none()
        if row is not None:
            return LoginAttempt(True, row.failures, row.locked_until), max_failures
        throttle = session.get(LoginThrottle, username)
        assert throttle is not None  # the conflict that refused the update was on this row
        return LoginAttempt(False, throttle.failures, throttle.locked_until), max_failures


def _login_sqlite(database: Database, username: str, password: str) -> Actor:
    now = database.now()
    attempt, max_failures = _count_attempt_sqlite(database, username, now)
    if not attempt.allowed:
        audit_separately(Actor.system(database), "login", outcome="refused", username=username, detail={"reason": "locked"})
        raise _locked(attempt, now)
    with database.reading() as session:
        staff = session.scalars(select(Staff).where(Staff.username == username)).one_or_none()
    usable = staff is not None and staff.active and staff.role in {role.value for role in STAFF_ROLES}
    # The password is checked outside any transaction: a slow hash must not hold the
    # write lock that ticket issuing needs.
    if not _verify(staff.password_hash if usable and staff is not None else None, password) or not usable:
        audit_separately(
            Actor.system(database), "login", outcome="failed", username=username,
            detail={"reason": "password", "failures": attempt.failures},
        )
        raise _wrong(attempt, max_failures, now)
    assert staff is not None
    actor = Actor(database, staff.id, staff.username, staff.full_name, Role(staff.role), staff.hall_id, staff.must_change_password)
    with database.transaction() as session:
        session.execute(delete(LoginThrottle).where(LoginThrottle.username == username))
        if _hasher.check_needs_rehash(staff.password_hash or ""):
            session.execute(update(Staff).where(Staff.id == staff.id).values(password_hash=hash_password(password)))
        audit(session, actor, "login")
    return actor


def _count_attempt_postgresql(database: Database, username: str) -> tuple[LoginAttempt, int]:
    with database.transaction() as session:
        row = session.execute(text("SELECT * FROM ca_login_attempt(:username)"), {"username": username}).one_or_none()
    if row is None:  # the user name is over the limit of the table: nothing to count it under
        return LoginAttempt(True, 1, None), DEFAULT_MAX_FAILED_LOGINS
    return LoginAttempt(row.allowed, row.failures, row.locked_until), row.max_failures


def _note_failure_postgresql(database: Database, username: str, reason: str) -> None:
    with database.transaction() as session:
        session.execute(text("SELECT ca_login_failed(:username, :reason)"), {"username": username, "reason": reason})


def _login_postgresql(gate: Database, username: str, password: str) -> Actor:
    attempt, max_failures = _count_attempt_postgresql(gate, username)
    now = gate.now()
    if not attempt.allowed:
        _note_failure_postgresql(gate, username, "locked")
        raise _locked(attempt, now)
    try:
        own = gate.connect_as(username, password)
    except LoginRefused as refused:
        log.info("PostgreSQL refused the login of %s: %s", username, refused)
        _note_failure_postgresql(gate, username, "password")
        raise _wrong(attempt, max_failures, now) from None
    try:
        return _start_session(own, "login")
    except BaseException:
        own.dispose()
        raise


def _start_session(own: Database, action: str) -> Actor:
    """The account the server authenticated, and a clean slate of failures."""
    with own.transaction() as session:
        who = session.execute(text("SELECT * FROM ca_whoami()")).one_or_none()
        if who is None:  # an inactive account, or a role that is not an account of ours
            raise AuthenticationError(QT_TRANSLATE_NOOP("Errors", "Wrong user name or password."))
        session.execute(text("SELECT ca_login_succeeded()"))
        actor = Actor(own, who.id, who.username, who.full_name, Role(who.role), who.hall_id, who.must_change_password)
        if actor.role in STAFF_ROLES:
            audit(session, actor, action)
    return actor


def device_actor(database: Database, role: Role, hall_id: int) -> Actor:
    """The actor of a hall display or kiosk. PostgreSQL: the machine's own login role (its
    URL's user), which must be that kind of machine of that hall; SQLite: the one machine."""
    assert role in DEVICE_ROLES
    if database.backend != "postgresql":
        return Actor.kiosk(database, hall_id) if role is Role.KIOSK else Actor.display(database, hall_id)
    with database.reading() as session:
        who = session.execute(text("SELECT * FROM ca_whoami()")).one_or_none()
    if who is None or who.role != role.value or who.hall_id != hall_id:
        raise AuthenticationError(
            QT_TRANSLATE_NOOP(
                "Errors",
                "This computer's database account is not the {role} of this hall. "
                "An administrator creates one with: counter-app device add",
            ),
            role=role.value,
        )
    return Actor(database, who.id, who.username, who.full_name, role, who.hall_id)


@outside_the_policy("ends a session: it must succeed even for an account disabled meanwhile")
def logout(actor: Actor) -> None:
    """Log out: recorded, and on PostgreSQL the actor's own connections are closed."""
    try:
        if actor.role in STAFF_ROLES and actor.staff_id is not None:
            audit_separately(actor, "logout")
    finally:
        if actor.database.backend == "postgresql" and actor.database._parent is not None:
            actor.database.dispose()


@use_case(Permission.OWN_ACCOUNT, QT_TRANSLATE_NOOP("Terms", "confirm one's password"), transaction=Transaction.OWN)
def verify_password(actor: Actor, password: str) -> None:
    """The password of the logged-in actor, asked again (a locked window): counted like a
    login, so that an unattended window cannot be used to guess it."""
    _confirm_password(actor, password)


def _confirm_password(actor: Actor, password: str) -> None:
    if actor.database.backend == "postgresql":
        attempt, max_failures = _count_attempt_postgresql(actor.database, actor.username)
        now = actor.database.now()
        if not attempt.allowed:
            raise _locked(attempt, now)
        parent = actor.database._parent or actor.database
        try:
            parent.connect_as(actor.username, password).dispose()
        except LoginRefused:
            _note_failure_postgresql(actor.database, actor.username, "password")
            raise _wrong(attempt, max_failures, now) from None
        with actor.database.transaction() as session:
            session.execute(text("SELECT ca_login_succeeded()"))
            audit(session, actor, "unlock session")
        return
    now = actor.database.now()
    attempt, max_failures = _count_attempt_sqlite(actor.database, actor.username, now)
    if not attempt.allowed:
        raise _locked(attempt, now)
    with actor.database.reading() as session:
        password_hash = session.scalar(select(Staff.password_hash).where(Staff.id == actor.staff_id, Staff.active.is_(True)))
    if not _verify(password_hash, password):
        audit_separately(actor, "unlock session", outcome="failed")
        raise _wrong(attempt, max_failures, now)
    with actor.database.transaction() as session:
        session.execute(delete(LoginThrottle).where(LoginThrottle.username == actor.username))
        audit(session, actor, "unlock session")


@use_case(
    Permission.OWN_ACCOUNT, QT_TRANSLATE_NOOP("Terms", "change one's password"), transaction=Transaction.OWN,
    before_password_change=True,
)
def change_own_password(actor: Actor, current_password: str, new_password: str) -> Actor:
    """A member of staff changes their own password (also the one an administrator or the
    demo set, which must be changed at first login: until then the access policy lets the
    account do nothing else); returns the actor without that duty."""
    if new_password == current_password:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "The new password must differ from the current one."))
    check_new_password(new_password, actor.username, actor.full_name)
    _confirm_password(actor, current_password)
    if actor.database.backend == "postgresql":
        verifier = actor.database.encrypt_password(actor.username, new_password)
        with actor.database.transaction() as session:
            session.execute(text("SELECT ca_change_own_password(:verifier)"), {"verifier": verifier})
            audit(session, actor, "change password")
        actor.database.set_password(new_password)
    else:
        new_hash = hash_password(new_password)
        with actor.database.transaction() as session:
            session.execute(
                update(Staff).where(Staff.id == actor.staff_id)
                .values(password_hash=new_hash, must_change_password=False, password_changed_at=actor.database.now())
            )
            audit(session, actor, "change password")
    return replace(actor, must_change_password=False)


# ---------------------------------------------------------------- the administrator's account changes


@dataclass(frozen=True)
class NewStaff:
    username: str
    full_name: str
    role: Role
    password: str
    hall_id: int | None = None
    department_id: int | None = None


def _check_new_account(new: NewStaff) -> tuple[str, str]:
    username = check_username(new.username)
    full_name = clean_text(new.full_name, max_length=100, field=Term(QT_TRANSLATE_NOOP("Terms", "The full name")), required=True)
    if new.role is not Role.ADMIN and new.hall_id is None:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "Choose the hall this account works in."))
    if new.role in STAFF_ROLES:
        check_new_password(new.password, username, full_name)
    return username, full_name


@use_case(Permission.MANAGE_STAFF, QT_TRANSLATE_NOOP("Terms", "create staff"), transaction=Transaction.OWN)
def create_staff(actor: Actor, new: NewStaff) -> int:
    """An administrator adds an account (on PostgreSQL with its login role); the password
    they chose must be changed at its first login. Returns the new id."""
    username, full_name = _check_new_account(new)
    return _create_account(actor, new, username, full_name, must_change=new.role in STAFF_ROLES)


def _create_account(actor: Actor, new: NewStaff, username: str, full_name: str, *, must_change: bool, adopt: bool = False) -> int:
    database = actor.database
    with database.transaction() as session:
        if session.scalar(select(Staff.id).where(Staff.username == username)) is not None:
            raise ConflictError(QT_TRANSLATE_NOOP("Errors", "The user name '{username}' is taken."), username=username)
        if database.backend == "postgresql":
            verifier = scram_verifier(session, username, new.password)
            try:
                with session.begin_nested():
                    staff_id = session.scalar(
                        text(
                            "SELECT ca_create_account(:username, :full_name, :role, :hall_id, :department_id, "
                            ":verifier, :adopt, :must_change)"
                        ),
                        {
                            "username": username, "full_name": full_name, "role": new.role.value,
                            "hall_id": new.hall_id, "department_id": new.department_id, "verifier": verifier,
                            "adopt": adopt, "must_change": must_change,
                        },
                    )
            except DBAPIError as error:
                if getattr(error.orig, "sqlstate", None) == "42710":  # duplicate_object: a role of that name
                    raise ConflictError(
                        QT_TRANSLATE_NOOP("Errors", "The user name '{username}' is taken by another database login."),
                        username=username,
                    ) from None
                raise
        else:
            staff = Staff(
                username=username, full_name=full_name, role=new.role.value, password_hash=hash_password(new.password),
                must_change_password=must_change, hall_id=new.hall_id, department_id=new.department_id,
            )
            session.add(staff)
            session.flush()
            staff_id = staff.id
        audit(session, actor, "create staff", target=username, detail={"role": new.role.value}, hall_id=new.hall_id)
        return int(staff_id)


def scram_verifier(session, username: str, password: str) -> str:  # type: ignore[no-untyped-def]
    pgconn = session.connection().connection.dbapi_connection.pgconn
    return bytes(pgconn.encrypt_password(password.encode(), username.encode(), b"scram-sha-256")).decode()


def _existing(actor: Actor, username: str) -> str:
    name = normalise_username(username)
    with actor.database.reading() as session:
        if session.scalar(select(Staff.id).where(Staff.username == name)) is None:
            raise NotFound(QT_TRANSLATE_NOOP("Errors", "There is no user '{username}'."), username=name)
    return name


@use_case(Permission.MANAGE_STAFF, QT_TRANSLATE_NOOP("Terms", "reset a password"), transaction=Transaction.OWN)
def reset_password(actor: Actor, username: str, new_password: str) -> None:
    """An administrator sets a new password, to be changed at the next login; the account
    is unlocked. (Also gives an account of an upgraded database its login role.)"""
    name = _existing(actor, username)
    with actor.database.reading() as session:
        full_name = session.scalar(select(Staff.full_name).where(Staff.username == name)) or ""
    check_new_password(new_password, name, full_name)
    with actor.database.transaction() as session:
        if actor.database.backend == "postgresql":
            session.execute(
                text("SELECT ca_set_password(:username, :verifier, true)"),
                {"username": name, "verifier": scram_verifier(session, name, new_password)},
            )
        else:
            session.execute(
                update(Staff).where(Staff.username == name)
                .values(password_hash=hash_password(new_password), must_change_password=True, password_changed_at=actor.database.now())
            )
            session.execute(delete(LoginThrottle).where(LoginThrottle.username == name))
        audit(session, actor, "reset password", target=name)


@use_case(Permission.MANAGE_STAFF, QT_TRANSLATE_NOOP("Terms", "unlock staff"), transaction=Transaction.OWN)
def unlock_staff(actor: Actor, username: str) -> bool:
    """Lift a lock-out at once; returns whether the account was locked or had failures."""
    name = normalise_username(username)
    with actor.database.transaction() as session:
        if actor.database.backend == "postgresql":
            had = bool(session.scalar(text("SELECT ca_unlock_account(:username)"), {"username": name}))
        else:
            had = cast("CursorResult[Any]", session.execute(delete(LoginThrottle).where(LoginThrottle.username == name))).rowcount > 0
        audit(session, actor, "unlock staff", target=name, detail={"was_locked": had})
    return had


@use_case(Permission.MANAGE_STAFF, QT_TRANSLATE_NOOP("Terms", "disable or enable staff"), transaction=Transaction.OWN)
def set_staff_active(actor: Actor, username: str, active: bool) -> None:
    """Disable (or enable again) an account: it stops at its next action, on any PC."""
    name = _existing(actor, username)
    if name == actor.username and not active:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "You cannot disable your own account."))
    with actor.database.transaction() as session:
        if actor.database.backend == "postgresql":
            session.execute(text("SELECT ca_set_account_active(:username, :active)"), {"username": name, "active": active})
        else:
            session.execute(update(Staff).where(Staff.username == name).values(active=active))
        audit(session, actor, "enable staff" if active else "disable staff", target=name)


@use_case(Permission.MANAGE_STAFF, QT_TRANSLATE_NOOP("Terms", "change a role"), transaction=Transaction.OWN)
def set_staff_role(actor: Actor, username: str, role: Role, hall_id: int | None) -> None:
    """Change an account's role and hall; its open sessions are held to the new ones at once."""
    name = _existing(actor, username)
    if role is not Role.ADMIN and hall_id is None:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "Choose the hall this account works in."))
    with actor.database.transaction() as session:
        if actor.database.backend == "postgresql":
            session.execute(
                text("SELECT ca_set_account_role(:username, :role, :hall_id)"),
                {"username": name, "role": role.value, "hall_id": hall_id},
            )
        else:
            session.execute(update(Staff).where(Staff.username == name).values(role=role.value, hall_id=hall_id))
        audit(session, actor, "change role", target=name, detail={"role": role.value, "hall_id": hall_id})


@dataclass(frozen=True)
class DeviceAccount:
    username: str
    password: str  # shown once, to put into the machine's database URL


@use_case(Permission.MANAGE_STAFF, QT_TRANSLATE_NOOP("Terms", "create a hall machine's account"), Target.HALL, transaction=Transaction.OWN)
def create_device_account(actor: Actor, hall_id: int, role: Role, username: str | None = None) -> DeviceAccount:
    """PostgreSQL: a login role for a hall display or kiosk of one hall, with a long random
    password (it is typed once, into that machine's configuration)."""
    if role not in DEVICE_ROLES:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "A hall machine is a display or a kiosk."))
    if actor.database.backend != "postgresql":
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The embedded database needs no machine accounts: start the display or kiosk with --hall.")
        )
    from counter_app.db.models import Hall

    with actor.database.reading() as session:
        code = session.scalar(select(Hall.code).where(Hall.id == hall_id))
    if code is None:
        raise NotFound(QT_TRANSLATE_NOOP("Errors", "There is no hall with id {id}."), id=hall_id)
    name = check_username(username) if username else _free_device_name(actor, f"{code.lower()}_{role.value}")
    password = secrets.token_urlsafe(24)
    new = NewStaff(name, f"{code} {role.value}", role, password, hall_id)
    _create_account(actor, new, name, new.full_name, must_change=False)
    return DeviceAccount(name, password)


def _free_device_name(actor: Actor, base: str) -> str:
    """``kg_display``, else ``kg_display2``, ``kg_display3`` …: the first name neither an
    account nor another login role of the cluster has."""
    with actor.database.reading() as session:
        taken = set(session.scalars(select(Staff.username).where(Staff.username.like(f"{base}%"))))
        taken |= set(session.scalars(text("SELECT rolname FROM pg_roles WHERE rolname LIKE :base"), {"base": f"{base}%"}))
    return next(name for name in (base if n == 1 else f"{base}{n}" for n in range(1, len(taken) + 2)) if name not in taken)


def create_first_admin(owner: Database, username: str, full_name: str, password: str) -> int:
    """``counter-app db create-admin``: the first administrator, made with the owner's
    connection (which only the server's administrator has)."""
    new = NewStaff(username, full_name, Role.ADMIN, password)
    name, name_full = _check_new_account(new)
    return _create_account(Actor.system(owner), new, name, name_full, must_change=False)


def hash_passwords(passwords: list[str]) -> list[str]:
    """Many hashes at once, each with its own salt (the demo loader): argon2 releases the
    interpreter lock, so the machine's cores share the work."""
    with ThreadPoolExecutor() as pool:
        return list(pool.map(hash_password, passwords))


__all__ = [
    "DEFAULT_LOCKOUT_MINUTES",
    "DEFAULT_MAX_FAILED_LOGINS",
    "NewStaff",
    "change_own_password",
    "create_staff",
    "login",
    "logout",
    "unlock_staff",
]
