"""Renewal on commitment (延期换证承诺即办结): the holder of an expiring licence signs the
commitment letter and leaves with the new licence, issued in ONE transaction with its
renewal case, the old licence replaced and the inspection (核查) scheduled. Every refusal
names its reason, all at once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

import counter_app.services.cases.intake as case_intake  # a module: cases import the registry too
from counter_app.db.models import Inspection, Licence, LicenceType, ServiceItem
from counter_app.domain.applicants import ApplicantDetails, ApplicantKind
from counter_app.domain.cases import DueDate, MaterialEntry, Route
from counter_app.domain.licences import (
    LicenceFacts,
    LicenceStatus,
    Refusal,
    RenewalRule,
    inspection_due,
    new_validity,
    renewal_refusals,
    renewal_window,
)
from counter_app.domain.queue import business_date
from counter_app.domain.roles import Permission
from counter_app.errors import ConflictError, NotFound, ValidationError
from counter_app.i18n import QT_TRANSLATE_NOOP
from counter_app.services.access import IN_USE_CASE, Actor, Target, Transaction, audit, use_case
from counter_app.services.calendar import cached_working_calendar
from counter_app.services.cases.reads import case_view
from counter_app.services.cases.views import Application, CaseView
from counter_app.services.licences.registry import LicenceView, issue_for_case, licence_query, licence_views
from counter_app.services.queue.common import timezone_of

_NO_LICENCE = QT_TRANSLATE_NOOP("Errors", "There is no licence with id {id}.")
_NO_ITEM = QT_TRANSLATE_NOOP("Errors", "No catalogue item renews the {licence_type} on commitment.")
_RENEWED_MEANWHILE = QT_TRANSLATE_NOOP("Errors", "Licence {number} was renewed at another counter a moment ago.")
_NOT_SIGNED = QT_TRANSLATE_NOOP("Errors", "The holder has not signed the commitment letter: print it, have it signed, then tick “signed”.")


class RenewalRefused(ConflictError):
    """The licence cannot be renewed on commitment: the message is the first reason (in the
    user's language like any other), ``refusals`` holds every one, to be listed at once."""

    def __init__(self, refusals: list[Refusal]) -> None:
        super().__init__(refusals[0].template, **refusals[0].params)
        self.refusals = tuple(refusals)


@dataclass(frozen=True)
class RenewalCheck:
    """What the clerk sees before renewing: the licence, every refusal (empty: it can be
    renewed), the window and the new validity."""

    licence: LicenceView
    refusals: tuple[Refusal, ...]
    window: tuple[date, date] | None
    new_valid_from: date | None
    new_valid_to: date | None
    item_id: int | None  # the catalogue item of the renewal (its commitment letter)


@dataclass(frozen=True)
class Renewal:
    case: CaseView
    licence: LicenceView  # the new one
    replaced: LicenceView  # the old one, now replaced
    inspection_due: DueDate | None


def _load(session: Session, licence_id: int) -> tuple[Licence, LicenceType]:
    query = select(Licence, LicenceType).join(LicenceType, LicenceType.id == Licence.licence_type_id).where(Licence.id == licence_id)
    row = session.execute(query).tuples().one_or_none()
    if row is None:
        raise NotFound(_NO_LICENCE, id=licence_id)
    return row


def _rule(licence_type: LicenceType) -> RenewalRule:
    return RenewalRule(
        window_days_before=licence_type.window_days_before,
        grace_days_after=licence_type.grace_days_after,
        renew_on_commitment=licence_type.renew_on_commitment,
        negative_list=licence_type.negative_list,
    )


def _renewal_item(session: Session, licence_type: LicenceType) -> int | None:
    """The catalogue item whose case renews this type on commitment (延期换证)."""
    return session.scalar(
        select(ServiceItem.id)
        .where(ServiceItem.licence_type == licence_type.name, ServiceItem.renew_on_commitment.is_(True), ServiceItem.active.is_(True))
        .order_by(ServiceItem.code)
        .limit(1)
    )


def _check(session: Session, licence: Licence, licence_type: LicenceType, kind: ApplicantKind, code: str, today: date) -> list[Refusal]:
    replaced = session.scalar(select(Licence.id).where(Licence.replaces_id == licence.id).limit(1)) is not None
    facts = LicenceFacts(
        number=licence.number, identifier=licence.identifier, status=LicenceStatus(licence.status),
        valid_from=licence.valid_from, valid_to=licence.valid_to or date.max, holder_kind=ApplicantKind(licence.holder_kind),
        holder_code=licence.holder_code, replaced=replaced,
    )
    return renewal_refusals(_rule(licence_type), facts, kind, code.strip().upper(), case_intake.active_bar(session, kind, code.strip().upper()), today)


@use_case(Permission.VIEW_LICENCES, QT_TRANSLATE_NOOP("Terms", "check a renewal on commitment"))
def check_renewal(actor: Actor, licence_id: int, kind: ApplicantKind, code: str, *, session: Session = IN_USE_CASE) -> RenewalCheck:
    """Whether the applicant may renew this licence on commitment today, and every reason not."""
    licence, licence_type = _load(session, licence_id)
    today = business_date(actor.database.now(), timezone_of(session))
    refusals = _check(session, licence, licence_type, kind, code, today)
    validity = new_validity(licence.valid_to, today, licence_type.validity_months) if licence.valid_to and licence_type.validity_months else None
    return RenewalCheck(
        licence=licence_views(session, licence_query().where(Licence.id == licence.id), today)[0],
        refusals=tuple(refusals),
        window=renewal_window(licence.valid_to, _rule(licence_type)) if licence.valid_to else None,
        new_valid_from=validity[0] if validity else None,
        new_valid_to=validity[1] if validity else None,
        item_id=_renewal_item(session, licence_type),
    )


@use_case(
    Permission.ACCEPT_CASES, QT_TRANSLATE_NOOP("Terms", "renew a licence on commitment"), Target.COUNTER, transaction=Transaction.WRITE
)
def renew_on_commitment(
    actor: Actor,
    counter_id: int,
    licence_id: int,
    applicant: ApplicantDetails,
    commitment_signed: bool,
    ticket_id: int | None = None,
    *,
    session: Session = IN_USE_CASE,
) -> Renewal:
    """In one transaction: every eligibility rule checked (all refusals named at once), a
    renewal case accepted and approved on the commitment route, the new licence (new
    number and identifier, validity following the old one's) linked to the old one, which
    is thereby replaced, and the inspection scheduled. A failure anywhere changes nothing."""
    licence, licence_type = _load(session, licence_id)  # renewed once: the unique index on replaces_id decides a race
    today = business_date(actor.database.now(), timezone_of(session))
    refusals = _check(session, licence, licence_type, applicant.kind, applicant.code, today)
    if refusals:
        raise RenewalRefused(refusals)
    if not commitment_signed:
        raise ValidationError(_NOT_SIGNED)
    item_id = _renewal_item(session, licence_type)
    if item_id is None or licence.valid_to is None or licence_type.validity_months is None:
        raise ValidationError(_NO_ITEM, licence_type=licence_type.name)
    guide_materials = session.scalar(select(ServiceItem).where(ServiceItem.id == item_id))
    assert guide_materials is not None
    committed = tuple(MaterialEntry(position, False) for position in range(len(guide_materials.materials)))
    application = Application(item_id, applicant, committed, Route.COMMITMENT, None, True, ticket_id)
    accepted = case_intake.accept_in(session, actor, counter_id, application, decide_at_once=True)
    validity = new_validity(licence.valid_to, today, licence_type.validity_months)
    try:
        with session.begin_nested():
            new = issue_for_case(session, actor, accepted.case, accepted.item, today, replaces=licence, validity=validity)
    except IntegrityError:
        raise ConflictError(_RENEWED_MEANWHILE, number=licence.number) from None
    if new is None:
        raise ValidationError(_NO_ITEM, licence_type=licence_type.name)
    due = _schedule_inspection(session, actor, new, licence_type, accepted.case.id, today)
    audit(
        session, actor, "renew a licence on commitment", target=new.number, hall_id=actor.hall_id,
        detail={"replaces": licence.number, "case": accepted.case.number, "inspection": due.day.isoformat() if due else None},
    )
    session.flush()
    views = {view.id: view for view in licence_views(session, licence_query().where(Licence.id.in_([new.id, licence.id])), today)}
    return Renewal(case_view(session, accepted.case.id, accepted.working), views[new.id], views[licence.id], due)


def _schedule_inspection(
    session: Session, actor: Actor, licence: Licence, licence_type: LicenceType, case_id: int, today: date
) -> DueDate | None:
    """The check of what was committed to, due in the type's working days (none if the type sets none)."""
    if not licence_type.inspection_working_days:
        return None
    due = inspection_due(today, licence_type.inspection_working_days, cached_working_calendar(actor.database))
    session.execute(
        insert(Inspection).values(
            licence_id=licence.id, case_id=case_id, hall_id=actor.hall_id, due_on=due.day, due_provisional=due.provisional,
            scheduled_by=actor.staff_id,
        )
    )
    return due
