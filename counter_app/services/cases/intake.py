"""Application entry (办件受理) at a counter: the item's guide, a known applicant, accepting
a case in one transaction, and the visit that could not become one (the "不说NO" register)."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import func, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, selectinload

from counter_app.db.models import (
    Applicant,
    ApplicantChange,
    Case,
    CaseEvent,
    CaseMaterial,
    CaseSequence,
    CommitmentBar,
    Counter,
    Hall,
    ServiceItem,
    Ticket,
    UnmetRequest,
)
from counter_app.domain.applicants import (
    NAME,
    ApplicantDetails,
    ApplicantKind,
    check_agent,
    check_applicant,
    normalise_code,
)
from counter_app.domain.cases import (
    CaseAction,
    CaseStatus,
    DueDate,
    ItemFlags,
    ItemSnapshot,
    MaterialOutcome,
    MaterialSpec,
    MaterialState,
    Route,
    assess_materials,
    case_number,
    deferral_deadline,
    due_date,
    missing,
    normalise_phone,
)
from counter_app.domain.catalogue import CaseType, ItemKind
from counter_app.domain.queue import ACTIVE_AT_COUNTER, TicketStatus, business_date
from counter_app.domain.roles import Permission
from counter_app.domain.text import clean_text
from counter_app.domain.working_days import WorkingCalendar
from counter_app.errors import ConflictError, NotFound, ValidationError
from counter_app.i18n import QT_TRANSLATE_NOOP, Term
from counter_app.services.access import IN_USE_CASE, Actor, Target, Transaction, audit, use_case
from counter_app.services.calendar import cached_working_calendar
from counter_app.services.cases.reads import case_view
from counter_app.services.cases.views import Application, CaseView, KnownApplicant
from counter_app.services.licences.registry import issue_for_case
from counter_app.services.queue.common import counter_for_clerk, timezone_of

REASON_MAX = 500
CHANGES_SHOWN = 20


class MaterialsMissing(ValidationError):
    """The case cannot be accepted: ``materials`` are missing and may not be deferred.
    The clerk prints the one-time notice and records the visit instead."""

    def __init__(self, materials: list[MaterialOutcome]) -> None:
        super().__init__(
            QT_TRANSLATE_NOOP(
                "Errors",
                "The case cannot be accepted: {count} material(s) missing that may not follow later: {names}. "
                "Print the one-time notice and record the visit.",
            ),
            count=len(materials),
            names="、".join(material.name for material in materials),
        )
        self.materials = materials


# ---------------------------------------------------------------- the item


def load_item(session: Session, item_id: int) -> ServiceItem:
    item = session.scalars(
        select(ServiceItem).where(ServiceItem.id == item_id).options(selectinload(ServiceItem.materials), selectinload(ServiceItem.department))
    ).one_or_none()
    if item is None:
        raise NotFound(QT_TRANSLATE_NOOP("Errors", "There is no service item with id {id}."), id=item_id)
    return item


def snapshot_of(item: ServiceItem) -> ItemSnapshot:
    """The item as it is now, to be kept by a case accepted now."""
    return ItemSnapshot(
        item_id=item.id,
        code=item.code,
        name=item.name,
        department=item.department.name,
        kind=ItemKind(item.kind),
        case_type=CaseType(item.case_type),
        statutory_limit=item.statutory,
        promised_limit=item.promised,
        extension_days=item.extension_days,
        deferral_days=item.deferral_days,
        fees=item.fees,
        legal_basis=item.legal_basis,
        licence_type=item.licence_type,
        licence_validity_months=item.licence_validity_months,
        flags=ItemFlags(
            notify_commit=item.notify_commit,
            renew_on_commitment=item.renew_on_commitment,
            tolerance_acceptance=item.tolerance_acceptance,
            on_the_spot=item.on_the_spot,
            nearby=item.nearby,
            online=item.online,
            one_visit=item.one_visit,
        ),
        materials=tuple(MaterialSpec(material.name, material.deferrable) for material in item.materials),
    )


@use_case(Permission.VIEW_CATALOGUE, QT_TRANSLATE_NOOP("Terms", "view an item's guide"))
def item_guide(actor: Actor, item_id: int, *, session: Session = IN_USE_CASE) -> ItemSnapshot:
    """Everything the guide beside the form shows: materials, limits, case type, fees, flags, legal basis."""
    return snapshot_of(load_item(session, item_id))


# ---------------------------------------------------------------- the applicant


def active_bar(session: Session, kind: ApplicantKind, code: str) -> str | None:
    """The reason an applicant is barred from the commitment route, or None."""
    return session.scalars(
        select(CommitmentBar.reason)
        .where(CommitmentBar.applicant_kind == kind.value, CommitmentBar.applicant_code == code, CommitmentBar.lifted_at.is_(None))
        .order_by(CommitmentBar.barred_at.desc())
        .limit(1)
    ).first()


@use_case(Permission.VIEW_CASES, QT_TRANSLATE_NOOP("Terms", "find an applicant"))
def find_applicant(actor: Actor, kind: ApplicantKind, code: str, *, session: Session = IN_USE_CASE) -> KnownApplicant | None:
    """The applicant with this code as last entered ("automatic entry"), or None. A wrong
    code raises the validator's message (so a scanner's misread is named at once)."""
    code = normalise_code(kind, code)
    applicant = session.scalars(select(Applicant).where(Applicant.kind == kind.value, Applicant.code == code)).one_or_none()
    if applicant is None:
        return None
    last = session.execute(
        select(Case.number, Case.accepted_at).where(Case.applicant_id == applicant.id).order_by(Case.accepted_at.desc()).limit(1)
    ).first()
    count = session.scalar(select(func.count()).select_from(Case).where(Case.applicant_id == applicant.id)) or 0
    changes = session.execute(
        select(ApplicantChange.at, ApplicantChange.field, ApplicantChange.old_value, ApplicantChange.new_value)
        .where(ApplicantChange.applicant_id == applicant.id)
        .order_by(ApplicantChange.at.desc(), ApplicantChange.id.desc())
        .limit(CHANGES_SHOWN)
    ).all()
    return KnownApplicant(
        details=_details_of(applicant),
        case_count=count,
        last_case_number=last[0] if last else None,
        last_case_at=last[1] if last else None,
        changes=tuple((row[0], row[1], row[2], row[3]) for row in changes),
        barred_reason=active_bar(session, kind, code),
    )


def _details_of(applicant: Applicant) -> ApplicantDetails:
    return ApplicantDetails(
        kind=ApplicantKind(applicant.kind),
        code=applicant.code,
        name=applicant.name,
        legal_representative=applicant.legal_representative,
        address=applicant.address,
        contact_name=applicant.contact_name,
        phone=applicant.phone,
    )


def _remember_applicant(session: Session, actor: Actor, details: ApplicantDetails, hall_id: int, now: datetime) -> tuple[int, dict[str, tuple[str, str]]]:
    """The applicant's row, created or brought up to date; every changed field kept in
    ``applicant_changes`` (returned, to be tied to the case)."""
    insert_into = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    session.execute(
        insert_into(Applicant)
        .values(**details.as_row(), created_at=now, updated_at=now)
        .on_conflict_do_nothing(index_elements=[Applicant.kind, Applicant.code])
    )
    query = select(Applicant).where(Applicant.kind == details.kind.value, Applicant.code == details.code)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    applicant = session.scalars(query).one()
    changes = details.changes_from(_details_of(applicant))
    if changes:
        for name, (_old, new) in changes.items():
            setattr(applicant, name, new)
        applicant.updated_at = now
    return applicant.id, changes


# ---------------------------------------------------------------- accepting


def _next_serial(session: Session, hall_id: int, day: date) -> int:
    """One atomic upsert: two counters never get one serial (never max()+1)."""
    insert_into = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = (
        insert_into(CaseSequence)
        .values(hall_id=hall_id, business_date=day, last_number=1)
        .on_conflict_do_update(
            index_elements=[CaseSequence.hall_id, CaseSequence.business_date], set_={"last_number": CaseSequence.last_number + 1}
        )
        .returning(CaseSequence.last_number)
    )
    return int(session.execute(statement).scalar_one())


_TICKET_NOT_HERE = QT_TRANSLATE_NOOP("Errors", "Ticket {label} is not in hand at counter {number}: call it first.")
_ITEM_RETIRED = QT_TRANSLATE_NOOP("Errors", "The item “{item}” is no longer in the catalogue: choose its successor.")
_NOT_SIGNED = QT_TRANSLATE_NOOP("Errors", "The applicant has not signed the commitment letter: print it, have it signed, then tick “signed”.")
_BARRED = QT_TRANSLATE_NOOP(
    "Errors", "{applicant} is barred from the commitment route ({reason}): accept with the full materials instead."
)


def due_dates(item: ItemSnapshot, accepted_on: date, working: WorkingCalendar) -> tuple[DueDate | None, DueDate | None]:
    """(promised, statutory) due dates of a case accepted on ``accepted_on``."""
    return due_date(item.promised_limit, accepted_on, working), due_date(item.statutory_limit, accepted_on, working)


@use_case(Permission.ACCEPT_CASES, QT_TRANSLATE_NOOP("Terms", "accept a case"), Target.COUNTER, transaction=Transaction.WRITE)
def accept_case(actor: Actor, counter_id: int, application: Application, *, session: Session = IN_USE_CASE) -> CaseView:
    """Accept an application at the clerk's counter, in one transaction: the applicant
    remembered (changes kept), a race-free case number, the item as it is now, the
    checklist (deferred materials with their deadlines, or the commitment route), due
    dates in working days, the events; a 即办件 with nothing outstanding is approved at once.

    Raises ``MaterialsMissing`` when materials are missing that may not follow later:
    nothing is saved (the clerk records the visit with ``record_unmet_request``)."""
    accepted = accept_in(session, actor, counter_id, application)
    if accepted.decided:  # a 即办件 is decided at once: its licence too
        issue_for_case(session, actor, accepted.case, accepted.item, accepted.accepted_on)
    session.flush()
    return case_view(session, accepted.case.id, accepted.working)


@dataclass(frozen=True)
class Accepted:
    """A case just accepted in the caller's transaction."""

    case: Case
    item: ItemSnapshot
    accepted_on: date
    decided: bool  # approved at acceptance
    working: WorkingCalendar


def accept_in(
    session: Session, actor: Actor, counter_id: int, application: Application, *, decide_at_once: bool = False
) -> Accepted:
    """Accepting, in the caller's transaction (``accept_case``, and the renewal on
    commitment, which decides at once whatever the item's case type)."""
    now = actor.database.now()
    counter = counter_for_clerk(session, actor, counter_id, must_be_open=False)
    ticket = _ticket_in_hand(session, application.ticket_id, counter) if application.ticket_id is not None else None
    item_row = load_item(session, application.item_id)
    if not item_row.active:
        raise ValidationError(_ITEM_RETIRED, item=item_row.name)
    item = snapshot_of(item_row)
    applicant = check_applicant(application.applicant, today=now.date())
    agent = check_agent(application.agent, applicant, today=now.date())
    outcomes = assess_materials(item, application.materials, application.route)
    lacking = missing(outcomes)
    if lacking:
        raise MaterialsMissing(lacking)
    if application.route is Route.COMMITMENT:
        if not application.commitment_signed:
            raise ValidationError(_NOT_SIGNED)
        reason = active_bar(session, applicant.kind, applicant.code)
        if reason is not None:
            raise ConflictError(_BARRED, applicant=applicant.name, reason=reason)

    accepted_on = business_date(now, timezone_of(session))
    working = cached_working_calendar(actor.database)
    promised, statutory = due_dates(item, accepted_on, working)
    deferred_deadline = deferral_deadline(accepted_on, item.deferral_days, working)
    deferred = [outcome for outcome in outcomes if outcome.state is MaterialState.DEFERRED]
    provisional = any(due is not None and due.provisional for due in (promised, statutory)) or (
        bool(deferred) and deferred_deadline.provisional
    )
    hall_code = session.scalar(select(Hall.code).where(Hall.id == counter.hall_id))
    number = case_number(str(hall_code), accepted_on, _next_serial(session, counter.hall_id, accepted_on))
    applicant_id, changes = _remember_applicant(session, actor, applicant, counter.hall_id, now)
    approve_now = decide_at_once or (item.case_type is CaseType.ON_THE_SPOT and not deferred)
    case_id = session.execute(
        insert(Case)
        .values(
            number=number, hall_id=counter.hall_id, counter_id=counter.id, ticket_id=ticket.id if ticket else None,
            accepted_by=actor.staff_id, accepted_at=now, accepted_on=accepted_on, channel=application.channel.value,
            route=application.route.value, status=(CaseStatus.APPROVED if approve_now else CaseStatus.ACCEPTED).value,
            item_id=item.item_id, item_code=item.code, item_name=item.name, item_snapshot=item.to_json(),
            applicant_id=applicant_id, applicant_kind=applicant.kind.value, applicant_code=applicant.code,
            applicant_name=applicant.name, applicant_details=json.dumps(applicant.as_row(), ensure_ascii=False),
            agent_name=agent.name if agent else None, agent_id_number=agent.id_number if agent else None,
            agent_phone=(agent.phone or None) if agent else None,
            commitment_signed_at=now if application.route is Route.COMMITMENT else None,
            promised_due=promised.day if promised else None, statutory_due=statutory.day if statutory else None,
            due_provisional=provisional, materials_due=deferred_deadline.day if deferred else None,
            extended_days=0, updated_at=now,
        )
        .returning(Case.id)
    ).scalar_one()
    if outcomes:
        session.execute(
        insert(CaseMaterial),
        [
            {
                "case_id": case_id, "position": outcome.position, "name": outcome.name, "state": outcome.state.value,
                "form": outcome.form.value if outcome.form else None, "pages": outcome.pages,
                "deadline": deferred_deadline.day if outcome.state is MaterialState.DEFERRED else None,
            }
            for outcome in outcomes
        ],
        )
    if changes:
        session.execute(
            insert(ApplicantChange),
            [
                {"applicant_id": applicant_id, "at": now, "staff_id": actor.staff_id, "hall_id": counter.hall_id,
                 "case_id": case_id, "field": name, "old_value": old, "new_value": new}
                for name, (old, new) in changes.items()
            ],
        )
    events: list[tuple[CaseAction, CaseStatus | None, CaseStatus]] = [(CaseAction.ACCEPT, None, CaseStatus.ACCEPTED)]
    if approve_now:
        events.append((CaseAction.APPROVE, CaseStatus.ACCEPTED, CaseStatus.APPROVED))
    session.execute(
        insert(CaseEvent),
        [
            {"case_id": case_id, "hall_id": counter.hall_id, "counter_id": counter.id, "staff_id": actor.staff_id, "at": now,
             "action": action.value, "from_status": before.value if before else None, "to_status": after.value,
             "detail": json.dumps({"ticket": ticket.label} if ticket and action is CaseAction.ACCEPT else {}, ensure_ascii=False)}
            for action, before, after in events
        ],
    )
    audit(
        session, actor, "accept a case", target=number, hall_id=counter.hall_id,
        detail={"item": item.code, "route": application.route.value, "deferred": len(deferred), "changed": sorted(changes)},
    )
    return Accepted(session.get_one(Case, case_id), item, accepted_on, approve_now, working)


def _ticket_in_hand(session: Session, ticket_id: int, counter: Counter) -> Ticket:
    ticket = session.get(Ticket, ticket_id)
    if ticket is None:
        raise NotFound(QT_TRANSLATE_NOOP("Errors", "There is no ticket with id {id}."), id=ticket_id)
    if ticket.counter_id != counter.id or TicketStatus(ticket.status) not in ACTIVE_AT_COUNTER:
        raise ConflictError(_TICKET_NOT_HERE, label=ticket.label, number=counter.number)
    return ticket


# ---------------------------------------------------------------- 不说NO


REASON = Term(QT_TRANSLATE_NOOP("Terms", "The reason"))


@use_case(
    Permission.ACCEPT_CASES, QT_TRANSLATE_NOOP("Terms", "record an unmet request"), Target.COUNTER, transaction=Transaction.WRITE
)
def record_unmet_request(
    actor: Actor,
    counter_id: int,
    item_id: int,
    applicant: ApplicantDetails,
    missing_materials: tuple[str, ...],
    reason: str,
    ticket_id: int | None = None,
    *,
    session: Session = IN_USE_CASE,
) -> int:
    """Record in the "不说NO" register a visit that could not become a case: the item, who
    came (as far as known: the code is checked if given), what was missing, why and how to
    reach them, for the hall's supervisors to follow up. Returns the entry's id."""
    now = actor.database.now()
    counter = counter_for_clerk(session, actor, counter_id, must_be_open=False)
    item = load_item(session, item_id)
    reason = clean_text(reason, max_length=REASON_MAX, field=REASON, required=True, multiline=True)
    # As far as the visitor said: a code given is checked, the rest may be empty.
    checked = replace(
        applicant,
        code=normalise_code(applicant.kind, applicant.code) if applicant.code.strip() else "",
        name=clean_text(applicant.name, max_length=200, field=NAME),
        phone=normalise_phone(applicant.phone),
    )
    entry_id = session.execute(
        insert(UnmetRequest)
        .values(
            hall_id=counter.hall_id, counter_id=counter.id, ticket_id=ticket_id, staff_id=actor.staff_id, at=now,
            item_id=item.id, item_name=item.name, applicant_kind=checked.kind.value, applicant_code=checked.code,
            applicant_name=checked.name, phone=checked.phone,
            missing=json.dumps(list(missing_materials), ensure_ascii=False), reason=reason,
        )
        .returning(UnmetRequest.id)
    ).scalar_one()
    audit(session, actor, "record an unmet request", target=f"unmet_requests {entry_id}", hall_id=counter.hall_id)
    return int(entry_id)
