"""Inspections after a licence issued on commitment (核查): the hall's supervisors see what is
due and overdue and record the result; a failed one revokes the licence (03) and bars the
holder from the commitment route until an administrator lifts the bar."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from counter_app.db.models import CommitmentBar, Inspection, Licence
from counter_app.domain.applicants import ApplicantKind
from counter_app.domain.licences import LicenceAction, LicenceStatus, next_licence_status
from counter_app.domain.queue import business_date
from counter_app.domain.roles import Permission
from counter_app.domain.text import clean_text
from counter_app.errors import ConflictError, NotFound
from counter_app.i18n import QT_TRANSLATE_NOOP, Term
from counter_app.services.access import IN_USE_CASE, Actor, Target, Transaction, audit, use_case
from counter_app.services.licences.registry import shown_holder
from counter_app.services.queue.common import timezone_of

NOTE = Term(QT_TRANSLATE_NOOP("Terms", "The inspection's findings"))
_NO_INSPECTION = QT_TRANSLATE_NOOP("Errors", "There is no inspection {id} of this hall still to record.")
# The bar's reason, in the words of the record (Chinese: it is shown to the applicant).
FAILED_BAR_REASON = "告知承诺核查不合格：{note}"


@dataclass(frozen=True)
class InspectionView:
    id: int
    licence_id: int
    licence_number: str
    holder_name: str
    holder_code_shown: str
    due_on: date
    due_provisional: bool
    overdue: bool
    result: str | None
    note: str | None


@use_case(Permission.RECORD_INSPECTIONS, QT_TRANSLATE_NOOP("Terms", "list inspections due"), Target.HALL)
def inspections_due(actor: Actor, hall_id: int, *, session: Session = IN_USE_CASE) -> list[InspectionView]:
    """The hall's inspections not yet recorded, the earliest due first (overdue flagged)."""
    today = business_date(actor.database.now(), timezone_of(session))
    rows = session.execute(
        select(Inspection, Licence)
        .join(Licence, Licence.id == Inspection.licence_id)
        .where(Inspection.hall_id == hall_id, Inspection.result.is_(None))
        .order_by(Inspection.due_on, Inspection.id)
    ).tuples()
    return [
        InspectionView(
            id=inspection.id, licence_id=licence.id, licence_number=licence.number, holder_name=licence.holder_name,
            holder_code_shown=shown_holder(licence), due_on=inspection.due_on, due_provisional=inspection.due_provisional,
            overdue=inspection.due_on < today, result=inspection.result, note=inspection.note,
        )
        for inspection, licence in rows
    ]


@use_case(
    Permission.RECORD_INSPECTIONS, QT_TRANSLATE_NOOP("Terms", "record an inspection"), Target.HALL, transaction=Transaction.WRITE
)
def record_inspection(
    actor: Actor, hall_id: int, inspection_id: int, passed: bool, note: str, *, session: Session = IN_USE_CASE
) -> None:
    """The result, with what was found; a failure revokes the licence and bars its holder
    from the commitment route (你不兑现、我就撤销), in the same transaction."""
    text = clean_text(note, max_length=1000, field=NOTE, required=True, multiline=True)
    inspection = session.get(Inspection, inspection_id)
    if inspection is None or inspection.hall_id != hall_id or inspection.result is not None:
        raise NotFound(_NO_INSPECTION, id=inspection_id)
    now = actor.database.now()
    inspection.result, inspection.note = ("passed" if passed else "failed"), text
    inspection.recorded_at, inspection.recorded_by = now, actor.staff_id
    if not passed:
        licence = session.get_one(Licence, inspection.licence_id)
        current = LicenceStatus(licence.status)
        if current is LicenceStatus.REVOKED:
            raise ConflictError(QT_TRANSLATE_NOOP("Errors", "Licence {number} is revoked already."), number=licence.number)
        licence.status = next_licence_status(LicenceAction.REVOKE, current, number=licence.number).value
        licence.status_reason = FAILED_BAR_REASON.format(note=text)
        licence.status_changed_at, licence.status_changed_by = now, actor.staff_id
        session.execute(
            insert(CommitmentBar).values(
                applicant_kind=ApplicantKind(licence.holder_kind).value, applicant_code=licence.holder_code,
                reason=FAILED_BAR_REASON.format(note=text), barred_at=now, barred_by=actor.staff_id, case_id=inspection.case_id,
            )
        )
    audit(
        session, actor, "record an inspection", target=f"inspections {inspection_id}", hall_id=hall_id,
        detail={"passed": passed, "note": text},
    )
