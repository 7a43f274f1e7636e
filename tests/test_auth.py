"""Accounts and sessions on both databases: login, lock-out under parallel guesses, one
answer for unknown users, passwords that must be changed, accounts that stop at once."""

from __future__ import annotations

import sqlite3
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import delete, select, text, update

from counter_app.db.engine import Database
from counter_app.db.models import AuditRecord, LoginThrottle, Staff
from counter_app.domain.accounts import DEFAULT_MAX_FAILED_LOGINS as MAX_FAILED
from counter_app.domain.roles import Role
from counter_app.errors import AuthenticationError, ConflictError, NotFound, PermissionDenied, SessionEnded, ValidationError
from counter_app.services import auth, queue
from counter_app.services.access import Actor, PasswordChangeRequired
from counter_app.services.auth import AccountLocked, NewStaff, create_staff, login, logout, unlock_staff
from counter_app.services.demo import DEMO_PASSWORD
from tests.queue_support import IN_HOURS, counter_id, hall_id, line_id, staff, unique_username

NEW_PASSWORD = "harbour-lantern-1907"


def _audit(database: Database, action: str) -> list[AuditRecord]:
    with database.reading() as session:
        return list(session.scalars(select(AuditRecord).where(AuditRecord.action == action).order_by(AuditRecord.id)))


def _new_clerk(database: Database, username: str, password: str = NEW_PASSWORD, *, changed: bool = True) -> Actor:
    """A clerk of KG made by the administrator (a name of its own: PostgreSQL roles are
    shared by every database of the test cluster), with the first password changed."""
    admin = staff(database, "admin")
    create_staff(admin, NewStaff(username, "测试员", Role.CLERK, "first-" + password, hall_id(database)))
    actor = login(database, username, "first-" + password)
    assert actor.must_change_password
    return auth.change_own_password(actor, "first-" + password, password) if changed else actor


def test_login_returns_the_actor_and_audits(demo_database: Database) -> None:
    actor = login(demo_database, "kg03", DEMO_PASSWORD)
    assert actor.role is Role.CLERK and actor.username == "kg03" and actor.hall_id is not None
    assert _audit(demo_database, "login")[-1].outcome == "ok"


def test_a_user_name_is_not_case_sensitive(demo_database: Database) -> None:
    assert login(demo_database, "  KG03 ", DEMO_PASSWORD).username == "kg03"


def test_every_account_has_its_own_salt(demo_database: Database) -> None:
    """The demo's accounts share a password, not a hash (nor, on PostgreSQL, a verifier)."""
    with demo_database.reading() as session:
        if demo_database.backend == "postgresql":
            stored = list(session.scalars(text("SELECT rolpassword FROM pg_authid WHERE rolname LIKE 'kg%'")))
            assert all(value.startswith("SCRAM-SHA-256$") for value in stored)
            assert session.scalars(select(Staff.password_hash)).all() == [None] * len(session.scalars(select(Staff.id)).all())
        else:
            stored = list(session.scalars(select(Staff.password_hash)))
            assert all(value.startswith("$argon2id$") for value in stored)
    assert len(stored) > 10 and len(set(stored)) == len(stored)
    assert DEMO_PASSWORD not in "".join(stored)


@pytest.mark.parametrize(("username", "password"), [("kg03", "wrong-password"), ("nobody", DEMO_PASSWORD)])
def test_wrong_credentials_are_refused_alike(demo_database: Database, username: str, password: str) -> None:
    with pytest.raises(AuthenticationError) as refused:
        login(demo_database, username, password)
    assert refused.value.english() == f"Wrong user name or password. {MAX_FAILED - 1} more tries before the account locks."
    assert _audit(demo_database, "login")[-1].outcome == "failed"


def test_an_unknown_user_costs_the_same_password_check(demo_database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same work (one argon2 check) for an unknown name as for a wrong password, so
    the time taken does not tell which names exist. (PostgreSQL's server does the same
    with its mock authentication for a role that does not exist.)"""
    checks: list[str] = []
    hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)

    class Counting(PasswordHasher):
        def verify(self, hash: str | bytes, password: str | bytes) -> bool:
            checks.append(str(hash)[:9])
            return hasher.verify(hash, password)

    auth.use_password_hasher(Counting(time_cost=1, memory_cost=8, parallelism=1))
    try:
        for username in ("kg03", "nobody"):
            with pytest.raises(AuthenticationError):
                login(demo_database, username, "wrong-password")
    finally:
        auth.use_password_hasher(hasher)
    if demo_database.backend == "sqlite":
        assert checks == ["$argon2id", "$argon2id"]


def test_empty_fields_ask_for_input(demo_database: Database) -> None:
    with pytest.raises(AuthenticationError, match="Enter your user name"):
        login(demo_database, "  ", "")


def _expire_lock(database: Database, username: str) -> None:
    with database.transaction() as session:
        session.execute(
            update(LoginThrottle).where(LoginThrottle.username == username)
            .values(locked_until=database.now() - timedelta(seconds=1))
        )


def test_lockout_after_repeated_failures_and_expiry(demo_database: Database) -> None:
    for attempt in range(1, MAX_FAILED):
        with pytest.raises(AuthenticationError, match=f"{MAX_FAILED - attempt} more tries"):
            login(demo_database, "kg05", "bad-password")
    with pytest.raises(AccountLocked, match="now locked for 15 minutes"):
        login(demo_database, "kg05", "bad-password")
    with pytest.raises(AccountLocked, match="locked after too many"):  # even the right password
        login(demo_database, "kg05", DEMO_PASSWORD)
    _expire_lock(demo_database, "kg05")  # 15 minutes later, by the server's clock
    assert login(demo_database, "kg05", DEMO_PASSWORD).username == "kg05"
    with pytest.raises(AuthenticationError, match=f"{MAX_FAILED - 1} more tries"):  # a success starts afresh
        login(demo_database, "kg05", "bad-password")


def test_an_unknown_name_locks_like_a_known_one(demo_database: Database) -> None:
    for _ in range(MAX_FAILED):
        with pytest.raises(AuthenticationError):
            login(demo_database, "nobody", "bad-password")
    with pytest.raises(AccountLocked):
        login(demo_database, "nobody", "bad-password")


def test_parallel_guesses_cannot_pass_the_limit(demo_database: Database) -> None:
    """40 guesses at once: exactly the allowed number are checked, the others refused as
    locked, and then the right password is refused too (it used to log in)."""

    def guess(_: int) -> str:
        try:
            login(demo_database, "kg07", "bad-password")
        except AccountLocked as refused:
            return "locked" if "locked after too many" in refused.english() else "checked"
        except AuthenticationError:
            return "checked"
        return "logged in"

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(guess, range(40)))
    assert outcomes.count("checked") == MAX_FAILED
    assert outcomes.count("locked") == 40 - MAX_FAILED
    with pytest.raises(AccountLocked):
        login(demo_database, "kg07", DEMO_PASSWORD)


def test_the_password_is_checked_outside_any_write_transaction(sqlite_demo_database: Database) -> None:
    """SQLite: while a (slow) password is checked, another process can still write: two
    clients guessing passwords once stretched ticket issuing from 34 ms to 6.4 s.
    (PostgreSQL's server checks the password before any transaction exists.)"""
    demo_database = sqlite_demo_database
    path = demo_database.engine.url.database
    writable_during_checks: list[bool] = []
    hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)

    class Probing(PasswordHasher):
        def verify(self, hash: str | bytes, password: str | bytes) -> bool:
            other = sqlite3.connect(path, timeout=0, isolation_level=None)
            try:
                other.execute("BEGIN IMMEDIATE")
                other.execute("ROLLBACK")
                writable_during_checks.append(True)
            except sqlite3.OperationalError:
                writable_during_checks.append(False)
            finally:
                other.close()
            return hasher.verify(hash, password)

    auth.use_password_hasher(Probing(time_cost=1, memory_cost=8, parallelism=1))
    try:
        login(demo_database, "kg03", DEMO_PASSWORD)
        with pytest.raises(AuthenticationError):
            login(demo_database, "kg03", "wrong-password")
    finally:
        auth.use_password_hasher(hasher)
    assert writable_during_checks == [True, True]


def test_admin_unlocks_an_account(demo_database: Database) -> None:
    for _ in range(MAX_FAILED):
        with pytest.raises(AuthenticationError):
            login(demo_database, "kg06", "bad-password")
    admin = staff(demo_database, "admin")
    assert unlock_staff(admin, "kg06") is True
    assert login(demo_database, "kg06", DEMO_PASSWORD).username == "kg06"
    assert [record.target for record in _audit(demo_database, "unlock staff")] == ["kg06"]


def test_role_check_refuses_and_audits(demo_database: Database) -> None:
    clerk = login(demo_database, "kg01", DEMO_PASSWORD)
    with pytest.raises(PermissionDenied, match="clerk"):
        create_staff(clerk, NewStaff("intruder", "X", Role.ADMIN, NEW_PASSWORD))
    refused = _audit(demo_database, "create staff")
    assert [(record.outcome, record.username) for record in refused] == [("refused", "kg01")]
    with demo_database.reading() as session:
        assert session.scalars(select(Staff).where(Staff.username == "intruder")).first() is None


def test_admin_creates_staff_who_must_choose_their_password(demo_database: Database) -> None:
    admin = staff(demo_database, "admin")
    name = unique_username("clerk")
    create_staff(admin, NewStaff(name, "新职员", Role.CLERK, "first-" + NEW_PASSWORD, hall_id(demo_database)))
    first = login(demo_database, name, "first-" + NEW_PASSWORD)
    assert first.role is Role.CLERK and first.must_change_password
    changed = auth.change_own_password(first, "first-" + NEW_PASSWORD, NEW_PASSWORD)
    assert not changed.must_change_password
    logout(changed)
    with pytest.raises(AuthenticationError):
        login(demo_database, name, "first-" + NEW_PASSWORD)  # the old one no longer works
    again = login(demo_database, name, NEW_PASSWORD)
    assert not again.must_change_password
    with pytest.raises(ConflictError, match="taken"):
        create_staff(admin, NewStaff(name, "Again", Role.CLERK, NEW_PASSWORD, hall_id(demo_database)))


@pytest.mark.parametrize(
    ("username", "password", "reason"),
    [
        ("ab", "x", "at least 8"),
        ("Bad Name", NEW_PASSWORD, "lower-case letters"),
        ("pg_sneaky", NEW_PASSWORD, "reserved"),
        ("counter_app_admin", NEW_PASSWORD, "reserved"),
        ("short_pw", "short", "at least 8"),
        ("weak_pw", "password", "too easy to guess"),
        ("weak_pw2", "12345678", "too easy to guess"),
        ("weak_pw3", "qwertyuiop", "too easy to guess"),
        ("name_pw", "name_pw_2026!", "your user name"),
    ],
)
def test_account_rules(demo_database: Database, username: str, password: str, reason: str) -> None:
    admin = staff(demo_database, "admin")
    with pytest.raises(ValidationError, match=reason):
        create_staff(admin, NewStaff(username, "新职员", Role.CLERK, password, hall_id(demo_database)))


def test_demo_accounts_must_change_the_demo_password(demo_database: Database) -> None:
    first = login(demo_database, "kg_zb", DEMO_PASSWORD)
    assert first.must_change_password
    with pytest.raises(ValidationError, match="differ from the current"):
        auth.change_own_password(first, DEMO_PASSWORD, DEMO_PASSWORD)
    with pytest.raises(AuthenticationError, match="Wrong"):
        auth.change_own_password(first, "not-my-password", NEW_PASSWORD)


def test_a_disabled_account_stops_at_its_next_action(demo_database: Database) -> None:
    clerk = _new_clerk(demo_database, unique_username("clerk"))
    counter = counter_id(demo_database, 2)
    queue.open_counter(clerk, counter)
    supervisor = staff(demo_database, "kg_zb")
    queue.issue_ticket(supervisor, line_id(demo_database, "A"), now=IN_HOURS)
    admin = staff(demo_database, "admin")
    auth.set_staff_active(admin, clerk.username, False)
    # Refused by the policy, or (PostgreSQL, a new connection) by the server itself.
    with pytest.raises((PermissionDenied, SessionEnded), match="disabled"):
        queue.call_next(clerk, counter, now=IN_HOURS)
    with pytest.raises((PermissionDenied, SessionEnded), match="disabled"):
        queue.hall_lines(clerk, hall_id(demo_database))
    with pytest.raises(AuthenticationError, match="Wrong user name or password"):
        login(demo_database, clerk.username, NEW_PASSWORD)
    auth.set_staff_active(admin, clerk.username, True)
    assert login(demo_database, clerk.username, NEW_PASSWORD).username == clerk.username


def test_a_demoted_account_loses_its_rights_at_once(demo_database: Database) -> None:
    name = unique_username("sup")
    admin = staff(demo_database, "admin")
    create_staff(admin, NewStaff(name, "值班长", Role.SUPERVISOR, "first-" + NEW_PASSWORD, hall_id(demo_database)))
    supervisor = auth.change_own_password(login(demo_database, name, "first-" + NEW_PASSWORD), "first-" + NEW_PASSWORD, NEW_PASSWORD)
    queue.issue_ticket(supervisor, line_id(demo_database, "A"), now=IN_HOURS)
    auth.set_staff_role(admin, name, Role.CLERK, hall_id(demo_database))
    with pytest.raises(PermissionDenied):
        queue.issue_ticket(supervisor, line_id(demo_database, "A"), now=IN_HOURS)
    if demo_database.backend == "postgresql":  # the server agrees, whatever the client believes
        with supervisor.database.transaction() as session, pytest.raises(Exception, match="permission denied"):
            session.execute(text("INSERT INTO ticket_sequences (line_id, business_date, last_number) VALUES (1, '2030-01-01', 1)"))


def test_unlocking_an_idle_window_counts_wrong_passwords(demo_database: Database) -> None:
    clerk = _new_clerk(demo_database, unique_username("clerk"))
    auth.verify_password(clerk, NEW_PASSWORD)
    for _ in range(MAX_FAILED - 1):
        with pytest.raises(AuthenticationError, match="more tries"):
            auth.verify_password(clerk, "not-it")
    with pytest.raises(AccountLocked):
        auth.verify_password(clerk, "not-it")
    with pytest.raises(AccountLocked):
        auth.verify_password(clerk, NEW_PASSWORD)
    assert next(record.outcome for record in _audit(demo_database, "unlock session")) == "ok"


def test_logout_is_audited(demo_database: Database) -> None:
    clerk = staff(demo_database, "kg02")
    logout(clerk)
    assert [(record.username, record.outcome) for record in _audit(demo_database, "logout")] == [("kg02", "ok")]


def test_reset_password_must_be_changed_and_unlocks(demo_database: Database) -> None:
    name = unique_username("clerk")
    _new_clerk(demo_database, name)
    for _ in range(MAX_FAILED):
        with pytest.raises(AuthenticationError):
            login(demo_database, name, "bad-password")
    admin = staff(demo_database, "admin")
    auth.reset_password(admin, name, "reset-" + NEW_PASSWORD)
    again = login(demo_database, name, "reset-" + NEW_PASSWORD)
    assert again.must_change_password
    with pytest.raises(NotFound):
        auth.reset_password(admin, "nobody_at_all", NEW_PASSWORD)


def test_machines_cannot_log_in_at_a_staff_window(pg_demo_database: Database) -> None:
    """Machine accounts are PostgreSQL login roles (the embedded database has none)."""
    with pytest.raises(AuthenticationError, match="hall machine"):
        login(pg_demo_database, "kg_display", DEMO_PASSWORD)


def test_system_actor_is_admin(database: Database) -> None:
    assert Actor.system(database).role is Role.ADMIN


def test_login_throttle_is_keyed_by_name_not_by_account(database: Database) -> None:
    with pytest.raises(AuthenticationError):
        login(database, "ghost", "whatever-it-is")
    with database.reading() as session:
        assert session.scalar(select(LoginThrottle.failures).where(LoginThrottle.username == "ghost")) == 1
    with database.transaction() as session:
        session.execute(delete(LoginThrottle))


# ---------------------------------------------------------------- a password of one's own first


def test_an_account_that_must_change_its_password_may_only_change_it_or_log_out(demo_database: Database) -> None:
    """The services hold the account to it, whichever client it uses (the window asked
    for the new password, the CLI did not): every use case but the change is refused,
    the hot ones too, each refusal recorded, nothing changed."""
    database = demo_database
    name = unique_username("first")
    clerk = _new_clerk(database, name, changed=False)
    counter, hall = counter_id(database, 2), hall_id(database)
    queue.issue_ticket(staff(database, "kg_zb"), line_id(database, "A"), now=IN_HOURS)
    attempts = (
        lambda: queue.hall_lines(clerk, hall),  # a read
        lambda: queue.open_counter(clerk, counter),  # a write
        lambda: queue.call_next(clerk, counter, now=IN_HOURS),  # a hot one: refused before its statement
        lambda: auth.verify_password(clerk, "first-" + NEW_PASSWORD),  # one of its own account's
    )
    for attempt in attempts:
        with pytest.raises(PasswordChangeRequired, match="Change your password first") as refused:
            attempt()
        assert isinstance(refused.value, PermissionDenied)  # the clients show it as any refusal
    with database.reading() as session:
        refusals = session.scalars(
            select(AuditRecord.detail).where(AuditRecord.username == name, AuditRecord.outcome == "refused")
        ).all()
    assert len(refusals) == len(attempts) and all("must change password" in detail for detail in refusals)
    assert queue.hall_counters(staff(database, "kg_zb"), hall)[1].clerk_id is None  # counter 2 not opened
    changed = auth.change_own_password(clerk, "first-" + NEW_PASSWORD, NEW_PASSWORD)
    queue.open_counter(changed, counter)
    assert queue.call_next(changed, counter, now=IN_HOURS) is not None
    logout(changed)
    assert _audit(database, "logout")[-1].outcome == "ok"


def test_logging_out_needs_no_new_password(demo_database: Database) -> None:
    clerk = _new_clerk(demo_database, unique_username("first"), changed=False)
    logout(clerk)
    assert [(record.username, record.outcome) for record in _audit(demo_database, "logout")] == [(clerk.username, "ok")]


def test_a_password_an_administrator_sets_meanwhile_must_be_changed_before_the_next_action(demo_database: Database) -> None:
    """The policy reads the account again on each action: a password reset by an
    administrator holds an open session to the change too (the login said otherwise)."""
    name = unique_username("clerk")
    clerk = _new_clerk(demo_database, name)
    hall = hall_id(demo_database)
    assert queue.hall_lines(clerk, hall)
    auth.reset_password(staff(demo_database, "admin"), name, "reset-" + NEW_PASSWORD)
    # PostgreSQL: a connection the session opens from now on fails with the old password.
    expected = PasswordChangeRequired if demo_database.backend == "sqlite" else (PasswordChangeRequired, SessionEnded)
    with pytest.raises(expected):
        queue.hall_lines(clerk, hall)
    again = login(demo_database, name, "reset-" + NEW_PASSWORD)
    with pytest.raises(PasswordChangeRequired):
        queue.hall_lines(again, hall)
    assert queue.hall_lines(auth.change_own_password(again, "reset-" + NEW_PASSWORD, NEW_PASSWORD), hall)


def test_a_password_reset_meanwhile_stops_the_counters_hot_moves_too(hall_open_all_day: Database) -> None:
    """Calling the next number is one statement that checks the account itself: a clerk
    whose password an administrator just reset calls nobody until it is changed."""
    database = hall_open_all_day
    name = unique_username("caller")
    clerk = _new_clerk(database, name)
    counter = counter_id(database, 1)  # serves line A
    queue.open_counter(clerk, counter)
    queue.issue_ticket(staff(database, "kg_zb"), line_id(database, "A"), now=IN_HOURS)
    auth.reset_password(staff(database, "admin"), name, "reset-" + NEW_PASSWORD)
    expected = PasswordChangeRequired if database.backend == "sqlite" else (PasswordChangeRequired, SessionEnded)
    with pytest.raises(expected):
        queue.call_next(clerk, counter, now=IN_HOURS)
    with database.reading() as session:
        from counter_app.db.models import Ticket

        assert session.scalar(select(Ticket.counter_id).where(Ticket.counter_id == counter)) is None
