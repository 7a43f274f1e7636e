"""Due dates resting on a year whose holidays were not known (counted on weekends only):
recomputed once an administrator enters that year's calendar."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.db.models import Case, CaseMaterial
from counter_app.domain.cases import OPEN_STATUSES, ItemSnapshot, MaterialState, deferral_deadline, due_date, extended_due_date
from counter_app.domain.roles import Permission
from counter_app.domain.working_days import WorkingCalendar
from counter_app.i18n import QT_TRANSLATE_NOOP
from counter_app.services.access import IN_USE_CASE, Actor, Transaction, audit, use_case
from counter_app.services.calendar import working_calendar
from counter_app.services.cases.views import MovedDueDate


def recompute_provisional(session: Session, working: WorkingCalendar) -> list[MovedDueDate]:
    """Every open case with a provisional date, recomputed under ``working``; returns those
    whose promised or statutory date moved or that are no longer provisional."""
    moved = []
    statuses = [status.value for status in OPEN_STATUSES]
    for case in session.scalars(select(Case).where(Case.due_provisional.is_(True), Case.status.in_(statuses)).order_by(Case.id)):
        item = ItemSnapshot.from_json(case.item_snapshot)
        promised = due_date(item.promised_limit, case.accepted_on, working)
        statutory = due_date(item.statutory_limit, case.accepted_on, working)
        if statutory is not None and case.extended_days:
            statutory = extended_due_date(statutory.day, case.extended_days, working)
        deferred = list(
            session.scalars(select(CaseMaterial).where(CaseMaterial.case_id == case.id, CaseMaterial.state == MaterialState.DEFERRED.value))
        )
        deadline = deferral_deadline(case.accepted_on, item.deferral_days, working) if deferred else None
        for material in deferred:
            material.deadline = deadline.day if deadline else None
        if deadline is not None:
            waiting = [m for m in deferred if m.supplied_at is None]
            case.materials_due = deadline.day if waiting else None
        provisional = any(due is not None and due.provisional for due in (promised, statutory, deadline))
        old = case.promised_due
        new_promised, new_statutory = (promised.day if promised else None), (statutory.day if statutory else None)
        if (new_promised, new_statutory, provisional) != (case.promised_due, case.statutory_due, case.due_provisional):
            moved.append(MovedDueDate(case.number, old, new_promised, provisional))
        case.promised_due, case.statutory_due, case.due_provisional = new_promised, new_statutory, provisional
    return moved


@use_case(Permission.MANAGE_CALENDAR, QT_TRANSLATE_NOOP("Terms", "recompute provisional due dates"), transaction=Transaction.WRITE)
def recompute_due_dates(actor: Actor, *, session: Session = IN_USE_CASE) -> list[MovedDueDate]:
    """Recompute the provisional due dates under the calendar as it is now (after a year was entered)."""
    moved = recompute_provisional(session, working_calendar(session))
    audit(session, actor, "recompute provisional due dates", detail={"moved": [entry.number for entry in moved][:200], "count": len(moved)})
    return moved
