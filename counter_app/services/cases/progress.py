"""Continuing a case from any hall: a deferred material arrives, the limit is extended
(§42), the decision, delivery of the result, closing; a case whose deferred material is
overdue ends. Each step one transaction with its event and audit record."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from counter_app.db.models import Case, CaseEvent, CaseMaterial, Counter
from counter_app.domain.cases import (
    NEEDS_REASON,
    CaseAction,
    CaseStatus,
    ItemSnapshot,
    MaterialState,
    check_extension,
    check_lapse,
    extended_due_date,
    next_status,
)
from counter_app.domain.queue import business_date
from counter_app.domain.roles import Permission
from counter_app.domain.text import clean_text
from counter_app.errors import ConflictError, ValidationError
from counter_app.i18n import QT_TRANSLATE_NOOP, Term
from counter_app.services.access import IN_USE_CASE, Actor, Transaction, audit, use_case
from counter_app.services.calendar import cached_working_calendar
from counter_app.services.cases.reads import case_id_of, case_view
from counter_app.services.cases.views import ACTION_TERMS, STATUS_TERMS, CaseView
from counter_app.services.licences.registry import issue_for_case
from counter_app.services.queue.common import timezone_of

REASON_MAX = 500
REASON = Term(QT_TRANSLATE_NOOP("Terms", "The reason"))
_REASON_NEEDED = QT_TRANSLATE_NOOP("Errors", "Give the reason: it is kept with the case and shown to the applicant.")
_NOT_DEFERRED = QT_TRANSLATE_NOOP("Errors", "Material {position} of case {number} is not a deferred material still awaited.")
_COUNTER_ELSEWHERE = QT_TRANSLATE_NOOP("Errors", "Counter {id} is not one of your hall's counters.")
# What the clerk tells the applicant when a deferred material's deadline passed.
LAPSE_REASON = "容缺材料逾期未补齐，办件终止"


def _lock_case(session: Session, number: str) -> Case:
    query = select(Case).where(Case.id == case_id_of(session, number))
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    return session.scalars(query).one()


def _where(session: Session, actor: Actor, counter_id: int | None) -> tuple[int | None, int | None]:
    """The hall and counter an event happens at: the clerk's counter, else the actor's hall."""
    if counter_id is None:
        return actor.hall_id, None
    counter = session.get(Counter, counter_id)
    if counter is None or (actor.hall_id is not None and counter.hall_id != actor.hall_id):
        raise ValidationError(_COUNTER_ELSEWHERE, id=counter_id)
    return counter.hall_id, counter.id


def _record(
    session: Session, actor: Actor, case: Case, action: CaseAction, before: CaseStatus, now: datetime,
    counter_id: int | None, detail: dict[str, Any],
) -> None:
    hall_id, counter = _where(session, actor, counter_id)
    session.execute(
        insert(CaseEvent).values(
            case_id=case.id, hall_id=hall_id, counter_id=counter, staff_id=actor.staff_id, at=now, action=action.value,
            from_status=before.value, to_status=case.status, detail=json.dumps(detail, ensure_ascii=False),
        )
    )
    audit(session, actor, f"case {action.value}", target=case.number, hall_id=hall_id, detail=detail)


def _reason(action: CaseAction, reason: str) -> str | None:
    text = clean_text(reason, max_length=REASON_MAX, field=REASON, multiline=True)
    if action in NEEDS_REASON and not text:
        raise ValidationError(_REASON_NEEDED)
    return text or None


def _outstanding(session: Session, case_id: int) -> list[CaseMaterial]:
    return list(
        session.scalars(
            select(CaseMaterial).where(
                CaseMaterial.case_id == case_id, CaseMaterial.state == MaterialState.DEFERRED.value, CaseMaterial.supplied_at.is_(None)
            )
        )
    )


def _move(session: Session, case: Case, action: CaseAction, outstanding: int) -> CaseStatus:
    before = CaseStatus(case.status)
    case.status = next_status(
        action, before, number=case.number, outstanding=outstanding, status_term=STATUS_TERMS[before], action_term=ACTION_TERMS[action]
    ).value
    return before


@use_case(Permission.HANDLE_CASES, QT_TRANSLATE_NOOP("Terms", "record a supplied material"), transaction=Transaction.WRITE)
def supply_material(
    actor: Actor, number: str, position: int, pages: int | None = None, counter_id: int | None = None,
    *, session: Session = IN_USE_CASE,
) -> CaseView:
    """A deferred (容缺) material arrives; with the last one the case's materials are complete."""
    now = actor.database.now()
    case = _lock_case(session, number)
    outstanding = _outstanding(session, case.id)
    material = next((m for m in outstanding if m.position == position), None)
    if material is None:
        raise ConflictError(_NOT_DEFERRED, position=position + 1, number=case.number)
    material.supplied_at, material.supplied_by = now, actor.staff_id
    material.pages = pages if pages is not None else material.pages
    remaining = [m for m in outstanding if m is not material]
    before = _move(session, case, CaseAction.SUPPLEMENT, len(remaining))
    case.materials_due = min((m.deadline for m in remaining if m.deadline is not None), default=None)
    case.updated_at = now
    _record(session, actor, case, CaseAction.SUPPLEMENT, before, now, counter_id, {"material": material.name, "remaining": len(remaining)})
    session.flush()
    return case_view(session, case.id, cached_working_calendar(actor.database))


@use_case(Permission.HANDLE_CASES, QT_TRANSLATE_NOOP("Terms", "extend a case's time limit"), transaction=Transaction.WRITE)
def extend_case(actor: Actor, number: str, reason: str, counter_id: int | None = None, *, session: Session = IN_USE_CASE) -> CaseView:
    """Put off the statutory due date once by the item's extension (行政许可法 §42), with the reason."""
    now = actor.database.now()
    case = _lock_case(session, number)
    text = _reason(CaseAction.EXTEND, reason)
    item = ItemSnapshot.from_json(case.item_snapshot)
    before = _move(session, case, CaseAction.EXTEND, 0)
    days = check_extension(number=case.number, allowed_days=item.extension_days, already_extended=case.extended_days > 0)
    if case.statutory_due is not None:
        due = extended_due_date(case.statutory_due, days, cached_working_calendar(actor.database))
        case.statutory_due = due.day
        case.due_provisional = case.due_provisional or due.provisional
    case.extended_days, case.extension_reason, case.updated_at = days, text, now
    _record(session, actor, case, CaseAction.EXTEND, before, now, counter_id, {"days": days, "reason": text})
    session.flush()
    return case_view(session, case.id, cached_working_calendar(actor.database))


def _decide(actor: Actor, session: Session, number: str, action: CaseAction, reason: str, counter_id: int | None) -> CaseView:
    now = actor.database.now()
    case = _lock_case(session, number)
    text = _reason(action, reason)
    before = _move(session, case, action, len(_outstanding(session, case.id)))
    if text is not None:
        case.status_reason = text
    case.updated_at = now
    detail: dict[str, Any] = {"reason": text} if text else {}
    if action is CaseAction.APPROVE:  # its licence, in the same transaction
        licence = issue_for_case(session, actor, case, ItemSnapshot.from_json(case.item_snapshot), business_date(now, timezone_of(session)))
        if licence is not None:
            detail["licence"] = licence.number
    _record(session, actor, case, action, before, now, counter_id, detail)
    session.flush()
    return case_view(session, case.id, cached_working_calendar(actor.database))


@use_case(Permission.HANDLE_CASES, QT_TRANSLATE_NOOP("Terms", "approve a case"), transaction=Transaction.WRITE)
def approve_case(actor: Actor, number: str, counter_id: int | None = None, *, session: Session = IN_USE_CASE) -> CaseView:
    """准予: only once no deferred material is outstanding."""
    return _decide(actor, session, number, CaseAction.APPROVE, "", counter_id)


@use_case(Permission.HANDLE_CASES, QT_TRANSLATE_NOOP("Terms", "refuse a case"), transaction=Transaction.WRITE)
def reject_case(actor: Actor, number: str, reason: str, counter_id: int | None = None, *, session: Session = IN_USE_CASE) -> CaseView:
    """不予: with the reason the decision gives."""
    return _decide(actor, session, number, CaseAction.REJECT, reason, counter_id)


@use_case(Permission.HANDLE_CASES, QT_TRANSLATE_NOOP("Terms", "withdraw a case"), transaction=Transaction.WRITE)
def withdraw_case(actor: Actor, number: str, reason: str, counter_id: int | None = None, *, session: Session = IN_USE_CASE) -> CaseView:
    """The applicant withdraws the application."""
    return _decide(actor, session, number, CaseAction.WITHDRAW, reason, counter_id)


@use_case(Permission.HANDLE_CASES, QT_TRANSLATE_NOOP("Terms", "deliver a case's result"), transaction=Transaction.WRITE)
def deliver_result(actor: Actor, number: str, counter_id: int | None = None, *, session: Session = IN_USE_CASE) -> CaseView:
    """The decision (licence, certificate or refusal) handed over or sent."""
    return _decide(actor, session, number, CaseAction.DELIVER, "", counter_id)


@use_case(Permission.HANDLE_CASES, QT_TRANSLATE_NOOP("Terms", "close a case"), transaction=Transaction.WRITE)
def close_case(actor: Actor, number: str, counter_id: int | None = None, *, session: Session = IN_USE_CASE) -> CaseView:
    """办结: after delivery, or after a withdrawal."""
    return _decide(actor, session, number, CaseAction.CLOSE, "", counter_id)


@use_case(Permission.HANDLE_CASES, QT_TRANSLATE_NOOP("Terms", "end cases with overdue materials"), transaction=Transaction.WRITE)
def end_lapsed_cases(actor: Actor, today: date | None = None, *, session: Session = IN_USE_CASE) -> list[str]:
    """End every accepted case whose deferred material is past its deadline, with that
    reason (idempotent: run when the case workspace opens, or from cron). Returns their numbers."""
    now = actor.database.now()
    today = today or business_date(now, timezone_of(session))
    query = select(Case).where(Case.status == CaseStatus.ACCEPTED.value, Case.materials_due < today).order_by(Case.id)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    ended = []
    for case in session.scalars(query):
        deadlines = [m.deadline for m in _outstanding(session, case.id) if m.deadline is not None]
        check_lapse(number=case.number, deadlines=deadlines, today=today)
        before = _move(session, case, CaseAction.LAPSE, len(deadlines))
        case.status_reason, case.updated_at = LAPSE_REASON, now
        _record(session, actor, case, CaseAction.LAPSE, before, now, None, {"reason": LAPSE_REASON, "deadline": min(deadlines).isoformat()})
        ended.append(case.number)
    return ended
