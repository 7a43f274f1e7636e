"""The acting user, the one access policy every use case goes through, and the audit log.

Every public use case is a function whose first parameter is the ``Actor`` and which is
declared with ``@use_case(permission, action, target)``. Before it runs, the policy
checks, in this order and in one place:

1. the actor's role has the permission (``domain.roles``);
2. the account is still what it was at login (active, same role and hall): a disabled or
   demoted account stops at its next action, not at its next login;
3. the target (a hall, or the hall of a line, counter or ticket) is one of the actor's
   halls, unless the actor acts on every hall;
4. the account need not change its password first: an account whose password an
   administrator (or the demo) set may change it and log out, nothing else, until it has
   (``before_password_change`` marks the use cases it may run meanwhile).

Refusals are audited and raised as ``PermissionDenied``. Counter ownership (only the
clerk signed in at a counter moves its tickets) is checked by the use cases themselves.

One use case, one transaction: the policy opens it (``Transaction.READ``/``WRITE``), runs
its check as the first statement inside and hands the session to the use case. The
hottest use cases (``Transaction.HOT``: call next, the moves of the ticket in hand) are one
statement that checks account, hall and counter itself; only when it changes nothing is
the refusal explained, in reads of its own: a refusal costs more round trips, a success
none (DESIGN.md, "One use case, one transaction"). On PostgreSQL the database enforces the same rules again (migration 0004).
"""

from __future__ import annotations

import functools
import inspect
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, NoReturn, ParamSpec, TypeVar, cast

from sqlalchemy import event, func, insert, select
from sqlalchemy.orm import Session

from counter_app.db.engine import Database
from counter_app.db.models import AuditRecord, BusinessLine, Counter, Staff, Ticket, table_of
from counter_app.db.types import utc_now
from counter_app.domain.roles import STAFF_ROLES, Permission, Role, may, may_act_on_hall
from counter_app.errors import NotFound, PermissionDenied
from counter_app.i18n import QT_TRANSLATE_NOOP, Term

log = logging.getLogger(__name__)


ROLE_TERMS = {
    Role.CLERK: Term(QT_TRANSLATE_NOOP("Terms", "window clerk")),
    Role.SUPERVISOR: Term(QT_TRANSLATE_NOOP("Terms", "supervisor")),
    Role.ADMIN: Term(QT_TRANSLATE_NOOP("Terms", "administrator")),
    Role.KIOSK: Term(QT_TRANSLATE_NOOP("Terms", "self-service kiosk")),
    Role.DISPLAY: Term(QT_TRANSLATE_NOOP("Terms", "hall display")),
}


@dataclass(frozen=True)
class Actor:
    """Who is acting, and the database connection they act through.

    On PostgreSQL ``database`` is logged in as the actor's own login role, so the
    database itself holds them to their rights; an Actor built by hand with another role
    gains nothing there. On SQLite every actor shares the one machine's database."""

    database: Database = field(compare=False, repr=False)
    staff_id: int | None
    username: str
    full_name: str
    role: Role
    hall_id: int | None = None
    must_change_password: bool = False  # as at login; the policy reads the account again (access rule 4)

    @classmethod
    def system(cls, database: Database) -> Actor:
        """The program itself (setup, the demo loader), on the owner's connection."""
        return cls(database, staff_id=None, username="system", full_name="system", role=Role.ADMIN)

    @classmethod
    def kiosk(cls, database: Database, hall_id: int) -> Actor:
        """A self-service kiosk on the one-machine database: issues tickets of its hall."""
        return cls(database, staff_id=None, username=f"kiosk@{hall_id}", full_name="kiosk", role=Role.KIOSK, hall_id=hall_id)

    @classmethod
    def display(cls, database: Database, hall_id: int) -> Actor:
        """A hall display on the one-machine database: reads its hall's queue."""
        return cls(database, staff_id=None, username=f"display@{hall_id}", full_name="display", role=Role.DISPLAY, hall_id=hall_id)


class Target(Enum):
    """What a use case acts on, named by one of its parameters; the policy checks its hall."""

    ZONE = None  # the whole zone (the catalogue, the settings of every hall) or the actor's own account
    HALL = "hall_id"
    LINE = "line_id"
    COUNTER = "counter_id"
    TICKET = "ticket_id"


_HALL_OF = {
    Target.LINE: (BusinessLine.hall_id, BusinessLine.id),
    Target.COUNTER: (Counter.hall_id, Counter.id),
    Target.TICKET: (Ticket.hall_id, Ticket.id),
}


class Transaction(Enum):
    """How a use case meets the database; the policy's check runs in the same transaction."""

    READ = "read"  # one reading transaction: the check, then the use case's reads
    SNAPSHOT = "snapshot"  # the same in one snapshot (several reads that must agree, on PostgreSQL too)
    WRITE = "write"  # one writing transaction: the check, then the use case's changes
    HOT = "hot"  # the use case's own single statement checks account and hall itself
    OWN = "own"  # the use case runs several transactions of its own (logins, streamed imports)


@dataclass(frozen=True)
class UseCase:
    name: str  # module.function
    permission: Permission
    action: str  # English, marked for translation ("Terms"); stored in the audit log as is
    target: Target
    transaction: Transaction
    before_password_change: bool = False  # allowed while the account must change its password

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(role for role in Role if may(role, self.permission))


USE_CASES: dict[str, UseCase] = {}  # every declared use case, for the policy's own tests

P = ParamSpec("P")
R = TypeVar("R")
# The session a READ or WRITE use case receives from the policy (callers never pass it).
IN_USE_CASE: Session = cast(Session, None)


class Refused(Exception):
    """The policy refused inside the use case's transaction; raised as ``PermissionDenied``
    once that transaction is rolled back and the refusal audited in one of its own (on
    SQLite a second writer would wait for the first)."""

    def __init__(
        self, rule: UseCase, message: str, detail: dict[str, Any], hall_id: int | None = None, params: dict[str, Any] | None = None,
        error: type[PermissionDenied] = PermissionDenied,
    ) -> None:
        super().__init__(message)
        self.rule, self.message, self.detail, self.hall_id, self.params = rule, message, detail, hall_id, params or {}
        self.error = error


class PasswordChangeRequired(PermissionDenied):
    """The account must change its password (set by an administrator, or the demo's)
    before it may do anything but that and logging out."""


def use_case(
    permission: Permission,
    action: str,
    target: Target = Target.ZONE,
    *,
    transaction: Transaction = Transaction.READ,
    before_password_change: bool = False,
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Declare a public use case and put it behind the access policy.

    ``action`` names it for the audit log and messages (mark it with
    ``QT_TRANSLATE_NOOP("Terms", ...)`` where written). ``target`` says which parameter
    names what it acts on. ``transaction``: READ and WRITE use cases take a keyword
    parameter ``session`` (default ``IN_USE_CASE``) (SNAPSHOT ones too), the transaction the policy opened and
    checked in: one use case, one transaction. HOT ones check account and hall inside
    their one statement and call ``explain_refusal`` when it changes nothing; OWN ones
    are checked in a read of their own first. ``before_password_change``: the use case
    is one an account that must change its password may run (changing it)."""

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        signature = inspect.signature(function)
        parameters = signature.parameters
        assert next(iter(parameters)) == "actor", f"{function.__name__}: a use case takes the actor first"
        assert target.value is None or target.value in parameters, f"{function.__name__} lacks {target.value}"
        in_transaction = transaction in (Transaction.READ, Transaction.SNAPSHOT, Transaction.WRITE)
        assert in_transaction == ("session" in parameters), f"{function.__name__}: session= for READ/WRITE use cases only"
        rule = UseCase(
            f"{function.__module__}.{function.__name__}", permission, action, target, transaction, before_password_change
        )

        @functools.wraps(function)
        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            bound = signature.bind(*args, **kwargs)
            actor: Actor = bound.arguments["actor"]
            target_id = bound.arguments.get(target.value) if target.value else None
            if transaction is Transaction.HOT:
                require_permission(actor, rule)
                return function(*args, **kwargs)
            if transaction is Transaction.OWN:
                authorize(actor, rule, target_id)
                return function(*args, **kwargs)
            require_permission(actor, rule)
            database = actor.database
            opened = {
                Transaction.READ: database.reading, Transaction.SNAPSHOT: lambda: database.reading(snapshot=True),
                Transaction.WRITE: database.transaction,
            }[transaction]()
            try:
                with opened as session:
                    check(session, actor, rule, target_id)
                    return function(*args, **{**kwargs, "session": session})  # type: ignore[arg-type]
            except Refused as refused:
                _refuse_as(actor, refused)

        run.use_case = rule  # type: ignore[attr-defined]
        USE_CASES[rule.name] = rule
        return run

    return decorate


def after_commit(session: Session, callback: Callable[[], None]) -> None:
    """Run ``callback`` once the use case's transaction has committed (never if it rolls back)."""
    event.listen(session, "after_commit", lambda _session: callback(), once=True)


def rule_of(function: Callable[..., Any]) -> UseCase:
    """The access rule a use case was declared with."""
    return cast(UseCase, function.use_case)  # type: ignore[attr-defined]


def outside_the_policy(reason: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Mark a public function that takes the actor but is not a use case the policy guards,
    with the reason (the policy's own tests list these)."""

    def mark(function: Callable[P, R]) -> Callable[P, R]:
        function.outside_the_policy = reason  # type: ignore[attr-defined]
        return function

    return mark


_ROLE_REFUSED = QT_TRANSLATE_NOOP("Errors", "Your role ({role}) may not do this: {action}. The refusal has been recorded.")
_ACCOUNT_CHANGED = QT_TRANSLATE_NOOP(
    "Errors",
    "Your account has been disabled or its role or hall changed since you logged in: log in again. "
    "The refusal has been recorded.",
)
_OTHER_HALL = QT_TRANSLATE_NOOP("Errors", "You may do this for your own hall only: {action}. The refusal has been recorded.")
_MUST_CHANGE_PASSWORD = QT_TRANSLATE_NOOP(
    "Errors", "Change your password first: until it has a password of your own, your account may not {action}."
)


def require_permission(actor: Actor, rule: UseCase) -> None:
    """The role check, and the password change the login asked for (no database read
    but for auditing a refusal): all a hot use case checks before its statement."""
    if not may(actor.role, rule.permission):
        _refuse(
            actor, rule, detail={"role": actor.role.value, "allowed": sorted(role.value for role in rule.roles)},
            message=_ROLE_REFUSED, role=ROLE_TERMS[actor.role],
        )
    if actor.must_change_password and not rule.before_password_change:
        _refuse(actor, rule, detail=_PASSWORD_DETAIL, message=_MUST_CHANGE_PASSWORD, error=PasswordChangeRequired)


_PASSWORD_DETAIL = {"reason": "must change password"}


def check(session: Session, actor: Actor, rule: UseCase, target_id: int | None) -> int | None:
    """Account and hall, in one statement of the use case's own transaction (the role is
    checked before it begins); raises ``Refused``. Returns the target's hall."""
    account, hall_id = _account_and_hall(session, actor, rule.target, target_id)
    if actor.staff_id is not None and actor.role in STAFF_ROLES:
        if account is None or account[:3] != (True, actor.role.value, actor.hall_id):
            raise Refused(rule, _ACCOUNT_CHANGED, {"account": list(account[:3]) if account else None}, None, {})
        if account[3] and not rule.before_password_change:  # reset by an administrator since the login, say
            raise Refused(rule, _MUST_CHANGE_PASSWORD, _PASSWORD_DETAIL, None, {}, PasswordChangeRequired)
    if hall_id is not None and not may_act_on_hall(actor.role, actor.hall_id, hall_id):
        raise Refused(rule, _OTHER_HALL, {"hall_id": hall_id, "own_hall_id": actor.hall_id}, hall_id, {})
    return hall_id


def authorize(actor: Actor, rule: UseCase, target_id: int | None) -> int | None:
    """Role, account and hall in a read of their own (OWN use cases, and explaining the
    refusal of a HOT one); returns the target's hall."""
    require_permission(actor, rule)
    try:
        with actor.database.reading() as session:
            return check(session, actor, rule, target_id)
    except Refused as refused:
        _refuse_as(actor, refused)


def explain_refusal(actor: Actor, rule: UseCase, target_id: int) -> int:
    """For a hot use case whose statement changed nothing: the full check (which raises if
    the actor may not act there); returns the target's hall, or raises ``NotFound``."""
    hall_id = authorize(actor, rule, target_id)
    if hall_id is None:
        raise NotFound(QT_TRANSLATE_NOOP("Errors", "There is no {thing} with id {id}."), thing=Term(_THING[rule.target]), id=target_id)
    return hall_id


_THING = {
    Target.LINE: QT_TRANSLATE_NOOP("Terms", "business line"),
    Target.COUNTER: QT_TRANSLATE_NOOP("Terms", "counter"),
    Target.TICKET: QT_TRANSLATE_NOOP("Terms", "ticket"),
    Target.HALL: QT_TRANSLATE_NOOP("Terms", "hall"),
}


def _account_and_hall(
    session: Session, actor: Actor, target: Target, target_id: int | None
) -> tuple[tuple[Any, ...] | None, int | None]:
    """One statement: the actor's account as it is now (active, role, hall, must change
    its password), and the hall of the target."""
    if target is Target.HALL:
        hall_id = target_id
        hall_query = None
    else:
        hall_id = None
        hall_query = None if target_id is None or target not in _HALL_OF else _HALL_OF[target]
    check_account = actor.staff_id is not None and actor.role in STAFF_ROLES
    if not check_account and hall_query is None:
        return None, hall_id
    columns: list[Any] = []
    if check_account:
        columns += [
            select(Staff.active).where(Staff.id == actor.staff_id).scalar_subquery(),
            select(Staff.role).where(Staff.id == actor.staff_id).scalar_subquery(),
            select(Staff.hall_id).where(Staff.id == actor.staff_id).scalar_subquery(),
            select(Staff.must_change_password).where(Staff.id == actor.staff_id).scalar_subquery(),
        ]
    if hall_query is not None:
        hall_column, id_column = hall_query
        if target is Target.TICKET and session.get_bind().dialect.name == "postgresql":
            # Another hall's tickets are hidden by row-level security; this function tells
            # their hall only, so that the refusal names the reason.
            columns.append(func.ca_ticket_hall(target_id))
        else:
            columns.append(select(hall_column).where(id_column == target_id).scalar_subquery())
    row = session.execute(select(*columns)).one()
    account = (bool(row[0]), row[1], row[2], bool(row[3])) if check_account and row[0] is not None else None
    if hall_query is not None:
        hall_id = row[-1]
    return account, hall_id


def _refuse(
    actor: Actor, rule: UseCase, *, message: str, detail: dict[str, Any], hall_id: int | None = None,
    error: type[PermissionDenied] = PermissionDenied, **params: Any,
) -> NoReturn:
    audit_separately(actor, rule.action, outcome="refused", detail=detail, hall_id=hall_id)
    log.warning("refused %s to %s (%s)", rule.action, actor.username, actor.role.value)
    raise error(message, action=Term(rule.action), **params)


def _refuse_as(actor: Actor, refused: Refused) -> NoReturn:
    """Audit and raise a refusal found inside a transaction, once that is rolled back."""
    _refuse(
        actor, refused.rule, message=refused.message, detail=refused.detail, hall_id=refused.hall_id, error=refused.error,
        **refused.params,
    )


def audit(
    session: Session,
    actor: Actor | None,
    action: str,
    *,
    outcome: str = "ok",
    target: str = "",
    detail: dict[str, Any] | None = None,
    username: str | None = None,
    hall_id: int | None = None,
) -> None:
    """Add an audit record to the use case's own transaction. (On PostgreSQL the server
    stamps it with its clock and the login role, whatever the client sends.)"""
    # An inline INSERT (no RETURNING, no key fetched first): most accounts may add records
    # but neither read them nor choose their id.
    session.execute(
        insert(table_of(AuditRecord)).inline().values(
            at=utc_now(),
            staff_id=actor.staff_id if actor else None,
            username=(username or (actor.username if actor else ""))[:64],
            db_user="",
            action=action,
            outcome=outcome,
            target=target[:200],
            detail=json.dumps(detail or {}, ensure_ascii=False, default=str),
            hall_id=hall_id if hall_id is not None else (actor.hall_id if actor else None),
        )
    )


def audit_separately(actor: Actor, action: str, **fields: Any) -> None:
    """Write an audit record in a transaction of its own: for refusals and failures, whose
    use case transaction is rolled back."""
    with actor.database.transaction() as session:
        audit(session, actor, action, **fields)
