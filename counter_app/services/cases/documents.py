"""The documents of application entry as PDF bytes: the acceptance notice (受理通知书), the
one-time notice of what is missing (一次性告知单) and the commitment notice and letter
(告知承诺书). Official documents: Chinese whatever the client's language."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.db.models import Counter, Hall
from counter_app.domain.applicants import AgentDetails, ApplicantDetails
from counter_app.domain.cases import DueDate, MaterialOutcome, MaterialState
from counter_app.domain.queue import business_date
from counter_app.domain.roles import Permission
from counter_app.i18n import QT_TRANSLATE_NOOP
from counter_app.printing.case_documents import (
    AcceptanceNotice,
    CommitmentForm,
    HallContact,
    MissingMaterialsNotice,
    render_acceptance_notice,
    render_commitment_form,
    render_missing_materials_notice,
)
from counter_app.printing.fonts import unprintable_characters
from counter_app.services.access import IN_USE_CASE, Actor, Target, use_case
from counter_app.services.calendar import cached_working_calendar
from counter_app.services.cases.intake import load_item, snapshot_of
from counter_app.services.cases.reads import case_id_of, case_view
from counter_app.services.cases.views import CaseView
from counter_app.services.queue.common import timezone_of


def unprintable(*texts: str) -> list[str]:
    """The distinct characters of ``texts`` the documents' font cannot draw (a rare 生僻字
    typed as its code point, an emoji), so a form can flag them as they are typed."""
    seen: dict[str, None] = {}
    for text in texts:
        for char in unprintable_characters(text):
            seen.setdefault(char)
    return list(seen)


def _due(view: CaseView, day: date | None) -> DueDate | None:
    return DueDate(day, day in view.provisional_dates) if day is not None else None


def acceptance_notice_pdf(view: CaseView, timezone: str = "Asia/Shanghai") -> bytes:
    """The case's acceptance notice (no database: from the case as accepted or read)."""
    deadlines = [m.deadline for m in view.materials if m.state is MaterialState.DEFERRED and m.deadline is not None]
    return render_acceptance_notice(
        AcceptanceNotice(
            case_number=view.number,
            hall=HallContact(view.hall_name, view.hall_address, view.hall_phone),
            accepted_at=view.accepted_at,
            timezone=timezone,
            counter_number=view.counter_number,
            clerk_name=view.clerk_name,
            item=view.item,
            applicant=view.applicant,
            agent=view.agent,
            route=view.route,
            materials=tuple(MaterialOutcome(m.position, m.name, m.state, m.form, m.pages) for m in view.materials),
            promised_due=_due(view, view.promised_due),
            statutory_due=_due(view, view.statutory_due),
            deferral_due=_due(view, min(deadlines) if deadlines else None),
        )
    )


@use_case(Permission.VIEW_CASES, QT_TRANSLATE_NOOP("Terms", "print an acceptance notice"))
def acceptance_notice(actor: Actor, number: str, *, session: Session = IN_USE_CASE) -> bytes:
    """The acceptance notice of a case of any hall, again (a reprint)."""
    view = case_view(session, case_id_of(session, number), cached_working_calendar(actor.database))
    return acceptance_notice_pdf(view, timezone_of(session))


def _hall_of_counter(session: Session, counter_id: int) -> tuple[HallContact, int]:
    row = session.execute(
        select(Hall.name, Hall.address, Hall.phone, Counter.number).join(Counter, Counter.hall_id == Hall.id).where(Counter.id == counter_id)
    ).one()
    return HallContact(row[0], row[1], row[2]), int(row[3])


@use_case(Permission.ACCEPT_CASES, QT_TRANSLATE_NOOP("Terms", "print a one-time notice"), Target.COUNTER)
def one_time_notice(
    actor: Actor,
    counter_id: int,
    item_id: int,
    applicant: ApplicantDetails,
    missing: tuple[str, ...],
    reason: str,
    agent: AgentDetails | None = None,
    entry_id: int | None = None,
    *,
    session: Session = IN_USE_CASE,
) -> bytes:
    """一次性告知单 (行政许可法 §32): everything missing, at once, with the reason;
    ``entry_id``: the visit's entry in the "不说NO" register, printed on the notice."""
    hall, counter_number = _hall_of_counter(session, counter_id)
    item = snapshot_of(load_item(session, item_id))
    positions = {material.name: index for index, material in enumerate(item.materials)}
    outcomes = tuple(MaterialOutcome(positions.get(name, index), name, MaterialState.MISSING, None, None) for index, name in enumerate(missing))
    return render_missing_materials_notice(
        MissingMaterialsNotice(
            hall=hall, issued_at=actor.database.now(), timezone=timezone_of(session), counter_number=counter_number,
            clerk_name=actor.full_name, item=item, applicant=applicant, agent=agent, missing=outcomes, reason=reason,
            record_number=f"NO-{entry_id:06d}" if entry_id is not None else None,
        )
    )


@use_case(Permission.ACCEPT_CASES, QT_TRANSLATE_NOOP("Terms", "print a commitment letter"), Target.COUNTER)
def commitment_documents(
    actor: Actor, counter_id: int, item_id: int, applicant: ApplicantDetails, agent: AgentDetails | None = None,
    *, session: Session = IN_USE_CASE,
) -> bytes:
    """告知承诺书: the notice (告知书) and the letter the applicant signs (承诺书)."""
    hall, _counter = _hall_of_counter(session, counter_id)
    item = snapshot_of(load_item(session, item_id))
    return render_commitment_form(
        CommitmentForm(
            hall=hall, item=item, applicant=applicant, agent=agent,
            issued_on=business_date(actor.database.now(), timezone_of(session)),
        )
    )


