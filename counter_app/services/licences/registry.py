"""The licence registry: issuing on approval, finding, status changes, expiring soon."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, insert, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, aliased

from counter_app.db.models import Case, Hall, Licence, LicenceSequence, LicenceType
from counter_app.domain.applicants import ApplicantKind
from counter_app.domain.cases import ItemSnapshot, add_months, mask_id_number
from counter_app.domain.licence_signing import parse_payload
from counter_app.domain.licences import (
    NEEDS_REASON,
    LicenceAction,
    LicenceStatus,
    RenewalRule,
    effective_status,
    licence_identifier,
    next_licence_status,
    parse_licence_identifier,
    renewal_window,
)
from counter_app.domain.queue import business_date
from counter_app.domain.roles import Permission
from counter_app.domain.text import clean_text
from counter_app.errors import NotFound, ValidationError
from counter_app.i18n import QT_TRANSLATE_NOOP, Term
from counter_app.services.access import IN_USE_CASE, Actor, Target, Transaction, audit, use_case
from counter_app.services.licences.signing import sign_if_embedded
from counter_app.services.queue.common import timezone_of

MAX_RESULTS = 200
REASON = Term(QT_TRANSLATE_NOOP("Terms", "The reason"))
_REASON_NEEDED = QT_TRANSLATE_NOOP("Errors", "Give the reason: it is kept with the licence.")
_NO_LICENCE = QT_TRANSLATE_NOOP("Errors", "There is no licence with id {id}.")


@dataclass(frozen=True)
class LicenceView:
    id: int
    licence_type: str
    number: str
    identifier: str
    holder_kind: ApplicantKind
    holder_name: str
    holder_code_shown: str  # a person's ID masked
    scope: str
    issued_on: date
    valid_from: date
    valid_to: date | None  # None: 长期有效
    authority: str
    status: LicenceStatus  # effective: expiry and replacement derived as of today
    stored_status: LicenceStatus
    status_reason: str | None
    case_number: str | None
    replaces_number: str | None
    replaced: bool
    renewal_opens: date | None  # when the renewal window opens (None: no expiry)
    hall_id: int | None = None  # the issuing hall (its supervisors change the status)
    hall_name: str = ""
    replaced_by_number: str | None = None  # the renewal that replaced it


def _next_serial(session: Session, licence_type_id: int) -> int:
    """One atomic upsert per licence: never two licences of a type with one serial."""
    insert_into = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = (
        insert_into(LicenceSequence)
        .values(licence_type_id=licence_type_id, last_serial=1)
        .on_conflict_do_update(index_elements=[LicenceSequence.licence_type_id], set_={"last_serial": LicenceSequence.last_serial + 1})
        .returning(LicenceSequence.last_serial)
    )
    return int(session.execute(statement).scalar_one())


def shown_holder(licence: Licence) -> str:
    """A person's ID number masked; an enterprise's credit code is public."""
    return licence.holder_code if licence.holder_kind == ApplicantKind.ENTERPRISE.value else mask_id_number(licence.holder_code)


def licence_number(prefix: str, year: int, serial: int) -> str:
    """The number printed on the licence: 津保劳务证字〔2026〕第0007号."""
    return f"{prefix}〔{year}〕第{serial:04d}号"


def issue_for_case(
    session: Session,
    actor: Actor,
    case: Case,
    item: ItemSnapshot,
    today: date,
    *,
    replaces: Licence | None = None,
    validity: tuple[date, date | None] | None = None,
) -> Licence | None:
    """The licence of an approved case, if its item produces one of a known type; in the
    caller's transaction (the approval's). Valid from today for the type's months (the day
    before the same date then), or without end; a renewal gives the ``validity`` and the
    licence it ``replaces``."""
    if not item.licence_type:
        return None
    licence_type = session.scalars(select(LicenceType).where(LicenceType.name == item.licence_type, LicenceType.active.is_(True))).one_or_none()
    if licence_type is None:
        return None
    serial = _next_serial(session, licence_type.id)
    if validity is None:
        valid_to = add_months(today, licence_type.validity_months) - timedelta(days=1) if licence_type.validity_months else None
        validity = (today, valid_to)
    # Only the columns an issuer may write (on PostgreSQL the grants name them).
    licence_id = session.execute(
        insert(Licence)
        .values(
            licence_type_id=licence_type.id,
            serial=serial,
            number=licence_number(licence_type.number_prefix, today.year, serial),
            identifier=licence_identifier(licence_type.type_code, licence_type.issuer_code, serial),
            version=1,
            holder_kind=case.applicant_kind,
            holder_code=case.applicant_code,
            holder_name=case.applicant_name,
            legal_representative=_detail(case, "legal_representative"),
            address=_detail(case, "address"),
            scope=item.name,
            issued_on=today,
            valid_from=validity[0],
            valid_to=validity[1],
            authority=licence_type.authority,
            hall_id=actor.hall_id,
            case_id=case.id,
            replaces_id=replaces.id if replaces is not None else None,
            status=LicenceStatus.VALID.value,
            issued_by=actor.staff_id,
            created_at=actor.database.now(),
        )
        .returning(Licence.id)
    ).scalar_one()
    sign_if_embedded(session, actor.database.now())
    return session.get_one(Licence, licence_id)


def _detail(case: Case, name: str) -> str:
    return str(json.loads(case.applicant_details).get(name) or "")


def licence_views(session: Session, statement: Select[tuple[Licence, str, int, str]], today: date) -> list[LicenceView]:
    rows = session.execute(statement.limit(MAX_RESULTS)).tuples().all()
    ids = [licence.id for licence, *_rest in rows]
    successors = dict(
        session.execute(select(Licence.replaces_id, Licence.number).where(Licence.replaces_id.in_(ids))).tuples().all()
    ) if ids else {}
    earlier = [licence.replaces_id for licence, *_rest in rows if licence.replaces_id]
    replaced_numbers = dict(session.execute(select(Licence.id, Licence.number).where(Licence.id.in_(earlier))).tuples().all()) if earlier else {}
    hall_names = dict(session.execute(select(Hall.id, Hall.name)).tuples().all()) if rows else {}
    views = []
    for licence, type_name, window_days, case_number in rows:
        stored = LicenceStatus(licence.status)
        is_replaced = licence.id in successors
        window = renewal_window(licence.valid_to, RenewalRule(window_days_before=window_days)) if licence.valid_to else None
        views.append(
            LicenceView(
                id=licence.id,
                licence_type=type_name,
                number=licence.number,
                identifier=licence.identifier,
                holder_kind=ApplicantKind(licence.holder_kind),
                holder_name=licence.holder_name,
                holder_code_shown=shown_holder(licence),
                scope=licence.scope,
                issued_on=licence.issued_on,
                valid_from=licence.valid_from,
                valid_to=licence.valid_to,
                authority=licence.authority,
                status=effective_status(stored, licence.valid_to or date.max, today, is_replaced),
                stored_status=stored,
                status_reason=licence.status_reason,
                case_number=case_number,
                replaces_number=replaced_numbers.get(licence.replaces_id) if licence.replaces_id else None,
                replaced=is_replaced,
                renewal_opens=window[0] if window else None,
                hall_id=licence.hall_id,
                hall_name=hall_names.get(licence.hall_id, "") if licence.hall_id else "",
                replaced_by_number=successors.get(licence.id),
            )
        )
    return views


def licence_query() -> Select[tuple[Licence, str, int, str]]:
    return (
        select(Licence, LicenceType.name, LicenceType.window_days_before, Case.number)
        .join(LicenceType, LicenceType.id == Licence.licence_type_id)
        .outerjoin(Case, Case.id == Licence.case_id)
    )


def _today(actor: Actor, session: Session) -> date:
    return business_date(actor.database.now(), timezone_of(session))


@use_case(Permission.VIEW_LICENCES, QT_TRANSLATE_NOOP("Terms", "find licences"))
def find_licences(actor: Actor, text: str, *, session: Session = IN_USE_CASE) -> list[LicenceView]:
    """Licences of any hall by number, identifier (typed, or the QR code's payload scanned
    by a keyboard-wedge scanner), or holder (code, or the start of the name); newest first."""
    words = " ".join(text.split())
    if not words:
        return []
    statement = licence_query()
    identifier = _identifier_in(words)
    if identifier is not None:
        statement = statement.where(Licence.identifier == identifier)
    elif len(words) == 18 and words.isascii() and words.isalnum():
        statement = statement.where(Licence.holder_code == words.upper())
    else:
        statement = statement.where(or_(Licence.number == words, Licence.holder_name.startswith(words, autoescape=True)))
    return licence_views(session, statement.order_by(Licence.issued_on.desc(), Licence.id.desc()), _today(actor, session))


def _identifier_in(text: str) -> str | None:
    """The identifier in a typed identifier or a scanned QR payload, or None."""
    try:
        return parse_licence_identifier(text).value
    except ValidationError:
        pass
    try:
        return parse_payload(text).identifier
    except ValidationError:
        return None


@use_case(
    Permission.CHANGE_LICENCE_STATUS, QT_TRANSLATE_NOOP("Terms", "change a licence's status"), transaction=Transaction.WRITE
)
def change_licence_status(
    actor: Actor, licence_id: int, action: LicenceAction, reason: str, *, session: Session = IN_USE_CASE
) -> LicenceView:
    """Suspend, reinstate, revoke, cancel or withdraw a licence of the supervisor's hall, with
    the reason; audited (and, on PostgreSQL, each row change by its trigger)."""
    text = clean_text(reason, max_length=500, field=REASON, multiline=True)
    if action in NEEDS_REASON and not text:
        raise ValidationError(_REASON_NEEDED)
    query = select(Licence).where(Licence.id == licence_id)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    licence = session.scalars(query).one_or_none()
    if licence is None or (actor.hall_id is not None and licence.hall_id != actor.hall_id):
        raise NotFound(_NO_LICENCE, id=licence_id)
    today = _today(actor, session)
    replaced = session.scalar(select(Licence.id).where(Licence.replaces_id == licence.id).limit(1)) is not None
    current = effective_status(LicenceStatus(licence.status), licence.valid_to or date.max, today, replaced)
    target = next_licence_status(action, current, number=licence.number)
    licence.status, licence.status_reason = target.value, text or None
    licence.status_changed_at, licence.status_changed_by = actor.database.now(), actor.staff_id
    audit(
        session, actor, f"licence {action.value}", target=licence.number, hall_id=licence.hall_id,
        detail={"from": current.value, "to": target.value, "reason": text},
    )
    session.flush()
    return licence_views(session, licence_query().where(Licence.id == licence.id), today)[0]


@use_case(Permission.VIEW_LICENCES, QT_TRANSLATE_NOOP("Terms", "list licences expiring soon"), Target.HALL)
def expiring_licences(actor: Actor, hall_id: int, within_days: int = 90, *, session: Session = IN_USE_CASE) -> list[LicenceView]:
    """The hall's valid licences whose renewal window (the type's days before expiry) opens
    within ``within_days`` — or is open already — soonest first, so the hall can remind holders."""
    today = _today(actor, session)
    replacing = aliased(Licence)
    statement = (
        licence_query()
        .where(
            Licence.hall_id == hall_id,
            Licence.status == LicenceStatus.VALID.value,
            Licence.valid_to.is_not(None),
            Licence.valid_to >= today,
            Licence.valid_to <= today + timedelta(days=within_days) + timedelta(days=366),
            ~select(replacing.id).where(replacing.replaces_id == Licence.id).exists(),
        )
        .order_by(Licence.valid_to, Licence.id)
    )
    horizon = today + timedelta(days=within_days)
    return [row for row in licence_views(session, statement, today) if row.renewal_opens is not None and row.renewal_opens <= horizon]
