"""The acting user, role checks and the audit log: every use case goes through here."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from counter_app.db.engine import Database
from counter_app.db.models import AuditRecord, Role
from counter_app.errors import PermissionDenied
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
    """Who is acting: a logged-in member of staff, or the system itself (setup, demo)."""

    staff_id: int | None
    username: str
    full_name: str
    role: Role
    hall_id: int | None = None

    @classmethod
    def system(cls) -> Actor:
        return cls(staff_id=None, username="system", full_name="system", role=Role.ADMIN)

    @classmethod
    def kiosk(cls, hall_id: int) -> Actor:
        """A self-service kiosk: issues tickets for its hall, nobody logged in."""
        return cls(staff_id=None, username=f"kiosk@{hall_id}", full_name="kiosk", role=Role.KIOSK, hall_id=hall_id)

    @classmethod
    def display(cls, hall_id: int) -> Actor:
        """A hall display: reads its hall's queue, nobody logged in."""
        return cls(staff_id=None, username=f"display@{hall_id}", full_name="display", role=Role.DISPLAY, hall_id=hall_id)


def audit(
    session: Session,
    actor: Actor | None,
    action: str,
    *,
    outcome: str = "ok",
    target: str = "",
    detail: dict[str, Any] | None = None,
    username: str | None = None,
) -> None:
    """Add an audit record to the use case's own transaction."""
    session.add(
        AuditRecord(
            staff_id=actor.staff_id if actor else None,
            username=username or (actor.username if actor else ""),
            action=action,
            outcome=outcome,
            target=target[:200],
            detail=json.dumps(detail or {}, ensure_ascii=False, default=str),
        )
    )


def audit_separately(database: Database, actor: Actor | None, action: str, **fields: Any) -> None:
    """Write an audit record in a transaction of its own: for refusals and failures, whose
    use case transaction is rolled back."""
    with database.transaction() as session:
        audit(session, actor, action, **fields)


def require_role(database: Database, actor: Actor, allowed: Iterable[Role], action: str, target: str = "") -> None:
    """Refuse (and audit the refusal) unless ``actor`` has one of the ``allowed`` roles.

    ``action`` is English, marked ``QT_TRANSLATE_NOOP("Terms", ...)`` where written: it is
    stored in the audit log as is and shown to the user translated."""
    allowed_roles = frozenset(allowed)
    if actor.role in allowed_roles:
        return
    audit_separately(
        database,
        actor,
        action,
        outcome="refused",
        target=target,
        detail={"role": actor.role.value, "allowed": sorted(role.value for role in allowed_roles)},
    )
    log.warning("refused %s to %s (%s)", action, actor.username, actor.role.value)
    raise PermissionDenied(
        QT_TRANSLATE_NOOP("Errors", "Your role ({role}) may not do this: {action}. The refusal has been recorded."),
        role=ROLE_TERMS[actor.role],
        action=Term(action),
    )


def require_hall(database: Database, actor: Actor, hall_id: int, action: str) -> None:
    """Supervisors act on their own hall only (the refusal is audited like a role refusal)."""
    if actor.role is Role.ADMIN or actor.hall_id == hall_id:
        return
    audit_separately(
        database, actor, action, outcome="refused", target=f"hall {hall_id}",
        detail={"hall_id": hall_id, "own_hall_id": actor.hall_id},
    )
    raise PermissionDenied(
        QT_TRANSLATE_NOOP("Errors", "You may do this for your own hall only: {action}. The refusal has been recorded."),
        action=Term(action),
    )
