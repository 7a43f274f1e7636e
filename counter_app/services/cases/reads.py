"""Reading cases: one case in full, and the case search (any hall's cases: 全区通办)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, or_, select
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session, aliased

from counter_app.db.models import Case, CaseEvent, CaseMaterial, Counter, Hall, Licence, ServiceItem, Staff, Ticket, table_of
from counter_app.domain.applicants import AgentDetails, ApplicantDetails, ApplicantKind
from counter_app.domain.cases import (
    OPEN_STATUSES,
    CaseAction,
    CaseStatus,
    Channel,
    ItemSnapshot,
    MaterialForm,
    MaterialState,
    Route,
    looks_like_case_number,
    mask_id_number,
    mask_phone,
    provisional_dates,
)
from counter_app.domain.queue import business_date
from counter_app.domain.roles import Permission
from counter_app.domain.working_days import WorkingCalendar
from counter_app.errors import NotFound
from counter_app.i18n import QT_TRANSLATE_NOOP
from counter_app.services.access import IN_USE_CASE, Actor, use_case
from counter_app.services.calendar import cached_working_calendar
from counter_app.services.cases.views import CaseEventView, CaseMaterialView, CaseQuery, CaseSummary, CaseView
from counter_app.services.queue.common import timezone_of
from counter_app.services.queue.views import HallChoice

MAX_RESULTS = 500
_NO_CASE = QT_TRANSLATE_NOOP("Errors", "There is no case {number}.")


def shown_code(kind: ApplicantKind | str, code: str) -> str:
    """A person's ID number masked; an enterprise's credit code is public (公示) and shown."""
    return code if ApplicantKind(kind) is ApplicantKind.ENTERPRISE else mask_id_number(code)


def case_view(session: Session, case_id: int, working: WorkingCalendar) -> CaseView:
    """One case with its materials and events (one statement each); ``working`` says which
    of its dates are provisional."""
    clerk = aliased(Staff)
    row = session.execute(
        select(Case, Hall.name, Hall.address, Hall.phone, Counter.number, clerk.full_name, Ticket.label)
        .join(Hall, Hall.id == Case.hall_id)
        .outerjoin(Counter, Counter.id == Case.counter_id)
        .outerjoin(clerk, clerk.id == Case.accepted_by)
        .outerjoin(Ticket, Ticket.id == Case.ticket_id)
        .where(Case.id == case_id)
    ).one_or_none()
    if row is None:
        raise NotFound(_NO_CASE, number=str(case_id))
    case, hall_name, hall_address, hall_phone, counter_number, clerk_name, ticket_label = row
    materials = tuple(
        CaseMaterialView(
            m.position, m.name, MaterialState(m.state), MaterialForm(m.form) if m.form else None, m.pages, m.deadline, m.supplied_at
        )
        for m in session.scalars(select(CaseMaterial).where(CaseMaterial.case_id == case_id).order_by(CaseMaterial.position))
    )
    actor_staff, event_hall, event_counter = aliased(Staff), aliased(Hall), aliased(Counter)
    events = tuple(
        CaseEventView(
            event.at, CaseAction(event.action), CaseStatus(event.from_status) if event.from_status else None,
            CaseStatus(event.to_status), staff_name or "", hall or "", number, event.detail,
        )
        for event, staff_name, hall, number in session.execute(
            select(CaseEvent, actor_staff.full_name, event_hall.name, event_counter.number)
            .outerjoin(actor_staff, actor_staff.id == CaseEvent.staff_id)
            .outerjoin(event_hall, event_hall.id == CaseEvent.hall_id)
            .outerjoin(event_counter, event_counter.id == CaseEvent.counter_id)
            .where(CaseEvent.case_id == case_id)
            .order_by(CaseEvent.at, CaseEvent.id)
        )
    )
    applicant = ApplicantDetails.from_row(json.loads(case.applicant_details))
    return CaseView(
        id=case.id,
        number=case.number,
        status=CaseStatus(case.status),
        route=Route(case.route),
        channel=Channel(case.channel),
        hall_id=case.hall_id,
        hall_name=hall_name,
        hall_address=hall_address,
        hall_phone=hall_phone,
        counter_number=counter_number,
        clerk_name=clerk_name or "",
        ticket_label=ticket_label,
        accepted_at=case.accepted_at,
        accepted_on=case.accepted_on,
        item=ItemSnapshot.from_json(case.item_snapshot),
        applicant=applicant,
        applicant_code_shown=shown_code(applicant.kind, applicant.code),
        applicant_phone_shown=mask_phone(applicant.phone),
        agent=AgentDetails(case.agent_name, case.agent_id_number or "", case.agent_phone or "") if case.agent_name else None,
        agent_name=case.agent_name,
        agent_id_shown=mask_id_number(case.agent_id_number) if case.agent_id_number else None,
        agent_phone_shown=mask_phone(case.agent_phone) if case.agent_phone else None,
        commitment_signed_at=case.commitment_signed_at,
        promised_due=case.promised_due,
        statutory_due=case.statutory_due,
        due_provisional=case.due_provisional,
        materials_due=case.materials_due,
        provisional_dates=_provisional(
            working, case.accepted_on, case.due_provisional, (case.promised_due, case.statutory_due, case.materials_due)
        ),
        extended_days=case.extended_days,
        extension_reason=case.extension_reason,
        status_reason=case.status_reason,
        materials=materials,
        events=events,
        licence_numbers=tuple(session.scalars(select(Licence.number).where(Licence.case_id == case_id).order_by(Licence.id))),
    )


def case_id_of(session: Session, number: str) -> int:
    case_id = session.scalar(select(Case.id).where(Case.number == number.strip().upper()))
    if case_id is None:
        raise NotFound(_NO_CASE, number=number.strip())
    return int(case_id)


@use_case(Permission.VIEW_CASES, QT_TRANSLATE_NOOP("Terms", "view a case"))
def get_case(actor: Actor, number: str, *, session: Session = IN_USE_CASE) -> CaseView:
    """A case of any hall by its number (typed, or scanned from its notice's QR code)."""
    return case_view(session, case_id_of(session, number), cached_working_calendar(actor.database))


def _provisional(working: WorkingCalendar, accepted_on: date, stored: bool, dates: tuple[date | None, ...]) -> frozenset[date]:
    """The provisional ones of a case's dates: none unless the case was stored as provisional
    (a calendar entered since is applied to the stored dates already)."""
    return provisional_dates(working, accepted_on, dates) if stored else frozenset()


@use_case(Permission.VIEW_CASES, QT_TRANSLATE_NOOP("Terms", "list the zone's halls"))
def case_halls(actor: Actor, *, session: Session = IN_USE_CASE) -> list[HallChoice]:
    """Every active hall of the zone: any hall's cases can be found (全区通办)."""
    rows = session.execute(select(Hall.id, Hall.code, Hall.name).where(Hall.active.is_(True)).order_by(Hall.code)).all()
    return [HallChoice(hall_id, code, name) for hall_id, code, name in rows]


def nearest_due(promised: date | None, statutory: date | None, materials: date | None) -> date | None:
    dates = [day for day in (promised, statutory, materials) if day is not None]
    return min(dates) if dates else None


@use_case(Permission.VIEW_CASES, QT_TRANSLATE_NOOP("Terms", "search cases"))
def search_cases(actor: Actor, query: CaseQuery, *, session: Session = IN_USE_CASE) -> list[CaseSummary]:
    """Cases by number, applicant (code or name prefix), item (code or name), status, hall
    and date of acceptance, newest first; open cases due within N days or overdue."""
    today = business_date(actor.database.now(), timezone_of(session))
    working = cached_working_calendar(actor.database)
    statement = _search_statement(session, query, today).limit(max(1, min(query.limit, MAX_RESULTS)))
    summaries = []
    for case in session.execute(statement):
        status = CaseStatus(case.status)
        is_open = status in OPEN_STATUSES
        due = nearest_due(case.promised_due, case.statutory_due, case.materials_due) if is_open else None
        summaries.append(
            CaseSummary(
                id=case.id,
                number=case.number,
                status=status,
                hall_name=case.hall_name,
                item_name=case.item_name,
                applicant_name=case.applicant_name,
                applicant_code_shown=shown_code(case.applicant_kind, case.applicant_code),
                accepted_at=case.accepted_at,
                promised_due=case.promised_due,
                statutory_due=case.statutory_due,
                materials_due=case.materials_due,
                due_provisional=case.due_provisional,
                provisional_dates=_provisional(
                    working, case.accepted_on, case.due_provisional, (case.promised_due, case.statutory_due, case.materials_due)
                ),
                overdue=due is not None and due < today,
                days_left=(due - today).days if due is not None else None,
            )
        )
    return summaries


# Open cases, as SQL text with the values written in: the partial indexes of open cases
# (migration 0006) are used only where the planner sees the very condition they were made with.
OPEN = sql_text(f"cases.status IN ({', '.join(repr(status.value) for status in sorted(OPEN_STATUSES))})")

# What a result row needs: never the item snapshot or the applicant's details (kilobytes a row).
SUMMARY_COLUMNS = (
    Case.id, Case.number, Case.status, Case.item_name, Case.applicant_name, Case.applicant_kind, Case.applicant_code,
    Case.accepted_at, Case.accepted_on, Case.promised_due, Case.statutory_due, Case.materials_due, Case.due_provisional,
)


def _search_statement(session: Session, query: CaseQuery, today: date) -> Select[Any]:
    """The search as one statement. On SQLite a name or item text is answered in two steps
    so that neither a rare nor a common text scans a million rows: its matches are first
    counted from the text's own index, up to ``TEXT_MATCHES_SORTED``; that few are sorted
    whole, more are found walking the date order backwards (they are common, so 200 come
    soon; the text's index is then kept out of the way, or SQLite would sort them all).
    PostgreSQL's planner makes that choice itself from its statistics."""
    statement = select(*SUMMARY_COLUMNS, Hall.name.label("hall_name")).join(Hall, Hall.id == Case.hall_id)
    filters = _filters(query, today)
    words = " ".join(query.text.split())
    by_date = (Case.accepted_on.desc(), Case.id.desc())
    order = (Case.promised_due, Case.id) if query.overdue_only or query.due_within_days is not None else by_date
    if not words:
        return statement.where(*filters).order_by(*order)
    exact = _exact_condition(words)
    if exact is not None:
        return statement.where(exact, *filters).order_by(*order)
    item_codes = _item_codes(session, words)
    if session.get_bind().dialect.name == "postgresql":  # its planner weighs the two ways itself (measured: faster)
        return statement.where(_fuzzy_condition(session, words, item_codes, True), *filters).order_by(*order)
    matches = list(session.scalars(select(Case.id).where(_fuzzy_condition(session, words, item_codes, True), *filters).limit(TEXT_MATCHES_SORTED + 1)))
    if len(matches) <= TEXT_MATCHES_SORTED:
        return statement.where(Case.id.in_(matches)).order_by(*order)
    return statement.where(_fuzzy_condition(session, words, item_codes, False), *filters).order_by(*order)


# Up to this many matches of a name or item are sorted whole (a few milliseconds).
TEXT_MATCHES_SORTED = 3000


def _filters(query: CaseQuery, today: date) -> list[ColumnElement[bool]]:
    filters: list[ColumnElement[bool]] = []
    if query.status is not None:
        filters.append(Case.status == query.status.value)
    if query.open_only or query.due_within_days is not None or query.overdue_only:
        filters.append(OPEN)  # type: ignore[arg-type]
    if query.hall_id is not None:
        filters.append(Case.hall_id == query.hall_id)
    if query.accepted_from is not None:
        filters.append(Case.accepted_on >= query.accepted_from)
    if query.accepted_to is not None:
        filters.append(Case.accepted_on <= query.accepted_to)
    if query.overdue_only:
        filters.append(or_(Case.promised_due < today, Case.materials_due < today))
    elif query.due_within_days is not None:
        limit = today + timedelta(days=query.due_within_days)
        filters.append(or_(Case.promised_due <= limit, Case.materials_due <= limit))
    return filters


def _exact_condition(text: str) -> ColumnElement[bool] | None:
    """A case number (typed, or scanned from a notice's QR code) or an 18-character code."""
    upper = text.upper()
    if looks_like_case_number(upper):
        return Case.number == upper
    if len(upper) == 18 and upper.isalnum() and upper.isascii():
        return Case.applicant_code == upper
    return None


def _item_codes(session: Session, text: str) -> list[str]:
    """The items whose code is the text or whose name contains it, from the small catalogue
    first: the planner then sees the codes (a subquery hid them: 0.7 s over a million cases)."""
    return list(
        session.scalars(select(ServiceItem.code).where(or_(ServiceItem.code == text, ServiceItem.name.contains(text, autoescape=True))))
    )


def _fuzzy_condition(session: Session, text: str, item_codes: list[str], use_index: bool) -> ColumnElement[bool]:
    """An applicant's name starting with the text, or one of the items. ``use_index=False``
    keeps SQLite from answering from these columns' indexes (an expression has none)."""
    columns = table_of(Case).c
    name: ColumnElement[str] = columns.applicant_name
    item: ColumnElement[str] = columns.item_code
    sqlite = session.get_bind().dialect.name != "postgresql"
    if sqlite and not use_index:
        name, item = name + "", item + ""
    if sqlite:  # SQLite's LIKE ignores case and so skips the index: a range instead
        condition = and_(name >= text, name < text + "\U0010ffff")
    else:
        condition = name.startswith(text, autoescape=True)
    return or_(condition, item.in_(item_codes)) if item_codes else condition


