"""The "不说NO" register (visits that could not become a case, followed up by the hall's
supervisors) and bars from the commitment route (a false commitment)."""

from __future__ import annotations

import json

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, aliased

from counter_app.db.models import Case, CommitmentBar, Counter, Hall, Staff, UnmetRequest
from counter_app.domain.applicants import ApplicantKind, normalise_code
from counter_app.domain.cases import mask_phone
from counter_app.domain.roles import Permission
from counter_app.domain.text import clean_text
from counter_app.errors import ConflictError, NotFound
from counter_app.i18n import QT_TRANSLATE_NOOP, Term
from counter_app.services.access import IN_USE_CASE, Actor, Target, Transaction, audit, use_case
from counter_app.services.cases.reads import shown_code
from counter_app.services.cases.views import UnmetRequestView

NOTE_MAX = 1000
NOTE = Term(QT_TRANSLATE_NOOP("Terms", "The follow-up"))
REASON = Term(QT_TRANSLATE_NOOP("Terms", "The reason"))


@use_case(Permission.REVIEW_UNMET_REQUESTS, QT_TRANSLATE_NOOP("Terms", "review unmet requests"), Target.HALL)
def unmet_requests(actor: Actor, hall_id: int, open_only: bool = True, *, session: Session = IN_USE_CASE) -> list[UnmetRequestView]:
    """The hall's register, newest first; ``open_only``: not yet followed up."""
    clerk, follower = aliased(Staff), aliased(Staff)
    statement = (
        select(UnmetRequest, Hall.name, Counter.number, clerk.full_name, follower.full_name)
        .join(Hall, Hall.id == UnmetRequest.hall_id)
        .outerjoin(Counter, Counter.id == UnmetRequest.counter_id)
        .outerjoin(clerk, clerk.id == UnmetRequest.staff_id)
        .outerjoin(follower, follower.id == UnmetRequest.followed_up_by)
        .where(UnmetRequest.hall_id == hall_id)
        .order_by(UnmetRequest.at.desc(), UnmetRequest.id.desc())
        .limit(500)
    )
    if open_only:
        statement = statement.where(UnmetRequest.followed_up_at.is_(None))
    return [
        UnmetRequestView(
            id=entry.id, at=entry.at, hall_name=hall, counter_number=counter, clerk_name=clerk_name or "",
            item_name=entry.item_name, applicant_name=entry.applicant_name,
            applicant_code_shown=shown_code(entry.applicant_kind, entry.applicant_code) if entry.applicant_kind and entry.applicant_code else "",
            phone_shown=mask_phone(entry.phone), missing=tuple(json.loads(entry.missing)), reason=entry.reason,
            followed_up_at=entry.followed_up_at, followed_up_by=follower_name, follow_up_note=entry.follow_up_note,
        )
        for entry, hall, counter, clerk_name, follower_name in session.execute(statement)
    ]


@use_case(
    Permission.REVIEW_UNMET_REQUESTS, QT_TRANSLATE_NOOP("Terms", "follow up an unmet request"), Target.HALL,
    transaction=Transaction.WRITE,
)
def follow_up_unmet_request(actor: Actor, hall_id: int, entry_id: int, note: str, *, session: Session = IN_USE_CASE) -> None:
    """Close an entry of the hall's register with what was done (called back, case accepted later …)."""
    text = clean_text(note, max_length=NOTE_MAX, field=NOTE, required=True, multiline=True)
    entry = session.get(UnmetRequest, entry_id)
    if entry is None or entry.hall_id != hall_id:
        raise NotFound(QT_TRANSLATE_NOOP("Errors", "There is no entry {id} in this hall's register."), id=entry_id)
    if entry.followed_up_at is not None:
        raise ConflictError(QT_TRANSLATE_NOOP("Errors", "Entry {id} was followed up already."), id=entry_id)
    entry.followed_up_at, entry.followed_up_by, entry.follow_up_note = actor.database.now(), actor.staff_id, text
    audit(session, actor, "follow up an unmet request", target=f"unmet_requests {entry_id}", hall_id=hall_id)


@use_case(Permission.BAR_FROM_COMMITMENT, QT_TRANSLATE_NOOP("Terms", "bar from the commitment route"), transaction=Transaction.WRITE)
def bar_from_commitment(
    actor: Actor, kind: ApplicantKind, code: str, reason: str, case_number: str | None = None, *, session: Session = IN_USE_CASE
) -> int:
    """Bar an applicant from the commitment route for a false commitment (the inspection of
    the licences issue sets this too); returns the bar's id."""
    code = normalise_code(kind, code)
    text = clean_text(reason, max_length=NOTE_MAX, field=REASON, required=True, multiline=True)
    case_id = session.scalar(select(Case.id).where(Case.number == case_number.strip().upper())) if case_number else None
    bar_id = session.execute(
        insert(CommitmentBar)
        .values(applicant_kind=kind.value, applicant_code=code, reason=text, barred_at=actor.database.now(), barred_by=actor.staff_id, case_id=case_id)
        .returning(CommitmentBar.id)
    ).scalar_one()
    audit(session, actor, "bar from the commitment route", target=shown_code(kind, code), detail={"reason": text})
    return int(bar_id)


@use_case(Permission.LIFT_COMMITMENT_BAR, QT_TRANSLATE_NOOP("Terms", "lift a bar from the commitment route"), transaction=Transaction.WRITE)
def lift_commitment_bar(actor: Actor, bar_id: int, reason: str, *, session: Session = IN_USE_CASE) -> None:
    text = clean_text(reason, max_length=NOTE_MAX, field=REASON, required=True, multiline=True)
    bar = session.get(CommitmentBar, bar_id)
    if bar is None or bar.lifted_at is not None:
        raise NotFound(QT_TRANSLATE_NOOP("Errors", "There is no bar {id} in force."), id=bar_id)
    bar.lifted_at, bar.lifted_by, bar.lift_reason = actor.database.now(), actor.staff_id, text
    audit(session, actor, "lift a bar from the commitment route", target=f"commitment_bars {bar_id}", detail={"reason": text})
