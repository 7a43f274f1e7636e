"""Application entry and the case lifecycle, on both databases: acceptance with every
material, with 容缺, by commitment; refusal with nothing saved and the visit registered;
automatic entry with changes kept; due dates across holidays and into an unknown year;
continuing a case from another hall; the search."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from counter_app.db.engine import Database
from counter_app.db.models import ApplicantChange, AuditRecord, Case, CaseEvent, CaseMaterial, ServiceItem
from counter_app.domain.applicants import AgentDetails, ApplicantKind
from counter_app.domain.cases import CaseStatus, LimitUnit, MaterialEntry, MaterialState, Route
from counter_app.domain.identifiers import IdentifierError
from counter_app.domain.working_days import DayKind
from counter_app.errors import ConflictError, PermissionDenied, ValidationError
from counter_app.services import cases, queue
from counter_app.services.access import Actor
from counter_app.services.calendar import StoredDay, forget_working_calendar, store_calendar_year
from counter_app.services.cases import CaseQuery
from tests.case_support import (
    agent,
    application,
    committing,
    credit_code,
    deferring,
    enterprise,
    item_where,
    person,
    resident_id,
)
from tests.queue_support import counter_id, staff


def _at(actor: Actor, moment: datetime, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run the actor's use cases as if the server's clock said ``moment`` (on PostgreSQL
    each account has a connection of its own)."""
    monkeypatch.setattr(actor.database, "now", lambda: moment)
    forget_working_calendar(actor.database)


def _shanghai_noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 4, 0, tzinfo=UTC)


def _count(database: Database, model: type) -> int:
    with database.reading() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def _notice_text(actor: Actor, number: str) -> str:
    import tempfile

    from tests.pdf_tools import pdf_text

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "notice.pdf"
        path.write_bytes(cases.acceptance_notice(actor, number))
        return pdf_text(path)


def _wrong_check(number: str) -> str:
    return number[:-1] + ("1" if number[-1] != "1" else "2")


def _promised_working_item(database: Database, days: int = 5) -> ServiceItem:
    """A demo 承诺件 item, its limits set to ``days`` working days (promised) and 20 (statutory)."""
    item = item_where(database, deferrable=False, commit=False, on_the_spot=False)
    with database.transaction() as session:
        row = session.get(ServiceItem, item.id)
        assert row is not None
        row.promised_limit, row.promised_limit_unit = days, LimitUnit.WORKING_DAYS.value
        row.statutory_limit, row.statutory_limit_unit, row.extension_days = 20, LimitUnit.WORKING_DAYS.value, 10
    return item


@pytest.fixture
def signed_in(demo_database: Database, clerk: Actor) -> int:
    counter = counter_id(demo_database, 1)
    queue.open_counter(clerk, counter)
    return counter


def test_a_case_accepted_with_every_material_keeps_its_item_applicant_and_trail(
    demo_database: Database, clerk: Actor, signed_in: int
) -> None:
    item = _promised_working_item(demo_database)
    view = cases.accept_case(clerk, signed_in, application(item, enterprise(3), agent=agent()))
    assert view.number.startswith("KG-") and view.status is CaseStatus.ACCEPTED
    assert view.item.name == item.name and len(view.materials) == len(item.materials)
    assert all(material.state is MaterialState.RECEIVED for material in view.materials)
    assert view.applicant.code == credit_code(3) and view.applicant_code_shown == credit_code(3)  # public for an enterprise
    assert view.applicant_phone_shown == "138****5678"
    assert view.agent_id_shown is not None and "*" in view.agent_id_shown and view.agent_id_shown[-4:] == agent().id_number[-4:]
    assert view.promised_due is not None and view.statutory_due is not None and view.promised_due < view.statutory_due
    assert [event.action.value for event in view.events] == ["accept"]
    assert view.events[0].staff_name == clerk.full_name and view.events[0].counter_number == 1
    # Later catalogue edits never change the case.
    with demo_database.transaction() as session:
        row = session.get(ServiceItem, item.id)
        assert row is not None
        row.name, row.legal_basis = "改名后的事项", "新的依据"
    again = cases.get_case(clerk, view.number.lower())  # a number typed in lower case is found too
    assert again.item.name == item.name and again.item.legal_basis == item.legal_basis


def test_an_on_the_spot_item_is_approved_at_acceptance(demo_database: Database, clerk: Actor, signed_in: int) -> None:
    item = item_where(demo_database, deferrable=False, commit=False, on_the_spot=True)
    view = cases.accept_case(clerk, signed_in, application(item, person(2)))
    assert view.status is CaseStatus.APPROVED
    assert [event.action.value for event in view.events] == ["accept", "approve"]
    assert view.applicant_code_shown == resident_id(2)[:4] + "*" * 10 + resident_id(2)[-4:]


def test_deferred_materials_hold_the_decision_until_supplied_then_the_case_runs_to_closed(
    demo_database: Database, clerk: Actor, signed_in: int
) -> None:
    item = item_where(demo_database, deferrable=True)
    view = cases.accept_case(clerk, signed_in, application(item, enterprise(4), deferring(item)))
    deferred = view.outstanding
    assert deferred and all(material.deadline is not None for material in deferred)
    assert view.materials_due == min(material.deadline for material in deferred if material.deadline)
    assert (view.materials_due - view.accepted_on).days >= item.deferral_days
    with pytest.raises(ConflictError, match="deferred material"):
        cases.approve_case(clerk, view.number)
    for material in deferred:
        view = cases.supply_material(clerk, view.number, material.position, pages=3, counter_id=signed_in)
    assert view.status is CaseStatus.SUPPLEMENTED and view.materials_due is None
    with pytest.raises(ConflictError, match="not a deferred material"):
        cases.supply_material(clerk, view.number, deferred[0].position)
    for step in (cases.approve_case, cases.deliver_result, cases.close_case):
        view = step(clerk, view.number)
    assert view.status is CaseStatus.CLOSED
    assert [event.action.value for event in view.events][-3:] == ["approve", "deliver", "close"]
    with pytest.raises(ConflictError, match="cannot be"):
        cases.approve_case(clerk, view.number)


def test_a_deferred_material_past_its_deadline_ends_the_case_with_that_reason(
    demo_database: Database, clerk: Actor, signed_in: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    item = item_where(demo_database, deferrable=True)
    view = cases.accept_case(clerk, signed_in, application(item, enterprise(5), deferring(item)))
    assert view.materials_due is not None
    assert cases.end_lapsed_cases(clerk, today=view.materials_due) == []  # the deadline day itself is still in time
    assert cases.end_lapsed_cases(clerk, today=view.materials_due + timedelta(days=1)) == [view.number]
    ended = cases.get_case(clerk, view.number)
    assert ended.status is CaseStatus.LAPSED and ended.status_reason and "逾期" in ended.status_reason
    assert cases.end_lapsed_cases(clerk, today=view.materials_due + timedelta(days=2)) == []


def test_missing_materials_that_may_not_follow_refuse_the_case_and_save_nothing(
    demo_database: Database, clerk: Actor, signed_in: int
) -> None:
    item = item_where(demo_database, deferrable=False, commit=False)
    entries = (MaterialEntry(0, False), *(MaterialEntry(i, False) for i in range(1, len(item.materials))))
    before = {model: _count(demo_database, model) for model in (Case, CaseMaterial, CaseEvent, ApplicantChange)}
    with pytest.raises(cases.MaterialsMissing) as refused:
        cases.accept_case(clerk, signed_in, application(item, enterprise(6), entries))
    assert [m.name for m in refused.value.materials] == [m.name for m in item.materials]  # all of them, at once
    assert {model: _count(demo_database, model) for model in before} == before
    entry = cases.record_unmet_request(
        clerk, signed_in, item.id, enterprise(6), tuple(m.name for m in refused.value.materials), "缺少营业执照等材料，已一次性告知"
    )
    supervisor = staff(demo_database, "kg_zb")
    register = cases.unmet_requests(supervisor, supervisor.hall_id or 0)
    assert [row.id for row in register] == [entry]
    assert register[0].missing == tuple(m.name for m in item.materials) and register[0].phone_shown == "138****5678"
    cases.follow_up_unmet_request(supervisor, supervisor.hall_id or 0, entry, "已电话回访，申请人下周补齐后再来")
    assert cases.unmet_requests(supervisor, supervisor.hall_id or 0) == []
    assert cases.unmet_requests(supervisor, supervisor.hall_id or 0, open_only=False)[0].followed_up_by == supervisor.full_name
    with pytest.raises(PermissionDenied):
        cases.unmet_requests(clerk, clerk.hall_id or 0)  # supervisors review the register


def test_the_commitment_route_needs_the_signature_and_refuses_a_barred_applicant(
    demo_database: Database, clerk: Actor, signed_in: int
) -> None:
    item = item_where(demo_database, commit=True)
    unsigned = committing(item, enterprise(8)).__class__(**{**committing(item, enterprise(8)).__dict__, "commitment_signed": False})
    with pytest.raises(ValidationError, match="signed"):
        cases.accept_case(clerk, signed_in, unsigned)
    view = cases.accept_case(clerk, signed_in, committing(item, enterprise(8)))
    assert view.route is Route.COMMITMENT and view.commitment_signed_at is not None
    assert all(material.state is MaterialState.COMMITTED for material in view.materials)
    supervisor = staff(demo_database, "kg_zb")
    bar = cases.bar_from_commitment(supervisor, ApplicantKind.ENTERPRISE, credit_code(8), "核查发现承诺不实", view.number)
    with pytest.raises(ConflictError, match="核查发现承诺不实"):
        cases.accept_case(clerk, signed_in, committing(item, enterprise(8)))
    known = cases.find_applicant(clerk, ApplicantKind.ENTERPRISE, credit_code(8))
    assert known is not None and known.barred_reason == "核查发现承诺不实"
    with pytest.raises(PermissionDenied):
        cases.lift_commitment_bar(supervisor, bar, "复核后撤销")  # an administrator lifts a bar
    cases.lift_commitment_bar(staff(demo_database, "admin"), bar, "复核后撤销")
    assert cases.accept_case(clerk, signed_in, committing(item, enterprise(8))).route is Route.COMMITMENT
    plain = item_where(demo_database, commit=False)
    with pytest.raises(ValidationError, match="commitment route"):
        cases.accept_case(clerk, signed_in, committing(plain, enterprise(9)))


def test_a_known_applicant_fills_the_form_and_changes_are_kept_not_overwritten(
    demo_database: Database, clerk: Actor, signed_in: int
) -> None:
    item = _promised_working_item(demo_database)
    assert cases.find_applicant(clerk, ApplicantKind.ENTERPRISE, credit_code(10)) is None
    first = cases.accept_case(clerk, signed_in, application(item, enterprise(10)))
    known = cases.find_applicant(clerk, ApplicantKind.ENTERPRISE, credit_code(10).lower())
    assert known is not None and known.details == first.applicant and known.last_case_number == first.number
    moved = enterprise(10, address="天津港保税区海港片区新港大道1号", phone="022-25601234")
    cases.accept_case(clerk, signed_in, application(item, moved))
    known = cases.find_applicant(clerk, ApplicantKind.ENTERPRISE, credit_code(10))
    assert known is not None and known.details.address == moved.address and known.case_count == 2
    assert {(field, old, new) for _, field, old, new in known.changes} == {
        ("address", enterprise(10).address, moved.address),
        ("phone", "13812345678", "022-25601234"),
    }
    assert cases.get_case(clerk, first.number).applicant.address == enterprise(10).address  # the first case keeps its own
    with pytest.raises(IdentifierError, match="check"):
        cases.find_applicant(clerk, ApplicantKind.ENTERPRISE, credit_code(10)[:-1] + ("0" if credit_code(10)[-1] != "0" else "1"))


@pytest.mark.parametrize(
    ("applicant", "message"),
    [
        (enterprise(11).__class__(**{**enterprise(11).__dict__, "code": "91120116000000011X"}), "check"),
        (person(12).__class__(**{**person(12).__dict__, "code": "12011619900307001"}), "18"),
        (enterprise(13, legal_representative=""), "Legal representative"),
        (enterprise(14, phone="12345"), "phone"),
        (enterprise(15, name="示例" * 120), "200"),
        (enterprise(16, name="示例\u202e公司"), "RIGHT-TO-LEFT"),
    ],
)
def test_bad_applicant_details_are_refused_with_the_reason_and_nothing_saved(
    demo_database: Database, clerk: Actor, signed_in: int, applicant: object, message: str
) -> None:
    item = _promised_working_item(demo_database)
    with pytest.raises(ValidationError, match=message):
        cases.accept_case(clerk, signed_in, application(item, applicant))  # type: ignore[arg-type]
    assert _count(demo_database, Case) == 0


def test_full_width_emoji_and_rare_characters_are_kept_as_typed(demo_database: Database, clerk: Actor, signed_in: int) -> None:
    item = _promised_working_item(demo_database)
    raw = enterprise(17, name="𠀾龘𪚥示例（天津）有限公司😀", legal_representative="欧阳𬀩")
    raw = raw.__class__(**{**raw.__dict__, "code": "".join(chr(ord(c) + 0xFEE0) for c in credit_code(17))})  # full width
    view = cases.accept_case(clerk, signed_in, application(item, raw))
    assert view.applicant.code == credit_code(17) and view.applicant.name == raw.name
    assert view.applicant.legal_representative == "欧阳𬀩"


def test_an_agent_needs_a_valid_id_and_cannot_be_the_applicant(demo_database: Database, clerk: Actor, signed_in: int) -> None:
    item = _promised_working_item(demo_database)
    with pytest.raises(ValidationError, match="both a name"):
        cases.accept_case(clerk, signed_in, application(item, agent=AgentDetails("赵敏", "")))
    with pytest.raises(IdentifierError):
        cases.accept_case(clerk, signed_in, application(item, agent=AgentDetails("赵敏", _wrong_check(agent().id_number))))
    with pytest.raises(ValidationError, match="agent is the applicant"):
        cases.accept_case(clerk, signed_in, application(item, person(18), agent=AgentDetails("张伟", resident_id(18))))


def test_accepting_needs_the_clerk_signed_in_there_and_the_ticket_in_hand(
    demo_database: Database, clerk: Actor, signed_in: int, hall_open_all_day: Database
) -> None:
    item = _promised_working_item(demo_database)
    other = staff(demo_database, "kg02")
    with pytest.raises(ConflictError, match="not signed in"):
        cases.accept_case(other, signed_in, application(item))
    supervisor = staff(demo_database, "kg_zb")
    issued = queue.issue_ticket(supervisor, queue.hall_lines(supervisor, supervisor.hall_id or 0)[0].id)
    with pytest.raises(ConflictError, match="not in hand"):
        cases.accept_case(clerk, signed_in, application(item, ticket_id=issued.ticket.id))
    called = queue.call_next(clerk, signed_in)
    assert called is not None
    first = cases.accept_case(clerk, signed_in, application(item, enterprise(19), ticket_id=called.id))
    second = cases.accept_case(clerk, signed_in, application(item, enterprise(20), ticket_id=called.id))
    assert first.ticket_label == second.ticket_label == called.label  # one visit, several cases
    lingang_clerk = staff(demo_database, "lg01")
    with pytest.raises(PermissionDenied):
        cases.accept_case(lingang_clerk, signed_in, application(item))


def test_any_hall_finds_and_continues_a_case_in_its_own_name(demo_database: Database, clerk: Actor, signed_in: int) -> None:
    item = _promised_working_item(demo_database)
    view = cases.accept_case(clerk, signed_in, application(item, enterprise(21)))
    seaport = staff(demo_database, "hg01")
    seaport_counter = counter_id(demo_database, 1, "HG")
    queue.open_counter(seaport, seaport_counter)
    found = cases.search_cases(seaport, CaseQuery(text=view.number))
    assert [summary.number for summary in found] == [view.number]
    approved = cases.approve_case(seaport, view.number, counter_id=seaport_counter)
    last = approved.events[-1]
    assert last.hall_name != view.hall_name and last.staff_name == seaport.full_name and last.counter_number == 1
    with pytest.raises(ValidationError, match="not one of your hall"):
        cases.deliver_result(seaport, view.number, counter_id=signed_in)


def test_withdrawal_rejection_and_extension_need_a_reason_and_are_kept(demo_database: Database, clerk: Actor, signed_in: int) -> None:
    item = _promised_working_item(demo_database)
    view = cases.accept_case(clerk, signed_in, application(item, enterprise(22)))
    with pytest.raises(ValidationError, match="reason"):
        cases.extend_case(clerk, view.number, "  ")
    extended = cases.extend_case(clerk, view.number, "需要现场核查")
    assert extended.extended_days == 10 and extended.statutory_due and view.statutory_due
    assert extended.statutory_due > view.statutory_due
    with pytest.raises(ConflictError, match="one extension"):
        cases.extend_case(clerk, view.number, "再次延期")
    rejected = cases.reject_case(clerk, view.number, "不符合法定条件")
    assert rejected.status is CaseStatus.REJECTED and rejected.status_reason == "不符合法定条件"
    other = cases.accept_case(clerk, signed_in, application(item, enterprise(23)))
    withdrawn = cases.withdraw_case(clerk, other.number, "申请人主动撤回")
    assert cases.close_case(clerk, withdrawn.number).status is CaseStatus.CLOSED


def test_due_dates_skip_the_national_day_holiday_and_count_its_make_up_day(
    demo_database: Database, clerk: Actor, signed_in: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    item = _promised_working_item(demo_database, days=3)
    # Accepted Tuesday 30 September 2025: 1-8 October are holidays, Saturday 11 October a
    # make-up working day. 3 working days: 9, 10 and 11 October.
    _at(clerk, _shanghai_noon(date(2025, 9, 30)), monkeypatch)
    view = cases.accept_case(clerk, signed_in, application(item, enterprise(24)))
    assert view.accepted_on == date(2025, 9, 30)
    assert view.promised_due == date(2025, 10, 11) and not view.due_provisional


def test_a_due_date_in_an_unknown_year_is_provisional_until_that_year_is_entered(
    demo_database: Database, clerk: Actor, signed_in: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    item = _promised_working_item(demo_database, days=5)
    # Accepted Thursday 30 September 2027; the package does not know 2027 (as of this writing).
    _at(clerk, _shanghai_noon(date(2027, 9, 30)), monkeypatch)
    view = cases.accept_case(clerk, signed_in, application(item, enterprise(25)))
    assert view.due_provisional and view.promised_due == date(2027, 10, 7)  # weekends only
    assert view.provisional_dates == {view.promised_due, view.statutory_due}
    assert "暂定" in _notice_text(clerk, view.number)
    summary = cases.search_cases(clerk, CaseQuery(text=view.number))[0]
    assert summary.due_provisional
    # The State Council notice for 2027 (as an administrator would enter it): 1-7 October off,
    # Saturday 9 October worked.
    holidays = [StoredDay(date(2027, 10, day), DayKind.HOLIDAY, "国庆节") for day in range(1, 8)]
    store_calendar_year(staff(demo_database, "admin"), 2027, [*holidays, StoredDay(date(2027, 10, 9), DayKind.WORKDAY, "国庆节调休")])
    after = cases.get_case(clerk, view.number)
    assert not after.due_provisional and after.provisional_dates == frozenset()
    assert "暂定" not in _notice_text(clerk, view.number)
    assert after.promised_due == date(2027, 10, 13)  # 8 (Fri), 9 (Sat, worked), 11, 12, 13


def test_case_numbers_are_readable_unique_per_hall_and_day(demo_database: Database, clerk: Actor, signed_in: int) -> None:
    item = _promised_working_item(demo_database)
    numbers = [cases.accept_case(clerk, signed_in, application(item, enterprise(30 + n))).number for n in range(3)]
    day = numbers[0].split("-")[1]
    assert numbers == [f"KG-{day}-{serial:04d}" for serial in (1, 2, 3)]


def test_the_search_finds_by_applicant_item_status_and_shows_overdue_first(
    demo_database: Database, clerk: Actor, signed_in: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    item = _promised_working_item(demo_database, days=2)
    _at(clerk, _shanghai_noon(date(2026, 11, 2)), monkeypatch)
    old = cases.accept_case(clerk, signed_in, application(item, person(40, name="欧阳娜")))
    _at(clerk, _shanghai_noon(date(2026, 11, 20)), monkeypatch)
    new = cases.accept_case(clerk, signed_in, application(item, enterprise(41)))
    assert [s.number for s in cases.search_cases(clerk, CaseQuery(text="欧阳"))] == [old.number]
    assert [s.number for s in cases.search_cases(clerk, CaseQuery(text=resident_id(40)))] == [old.number]
    found = cases.search_cases(clerk, CaseQuery(text=item.name[:3]))
    assert [s.number for s in found] == [new.number, old.number]  # newest first
    assert found[1].applicant_code_shown == resident_id(40)[:4] + "*" * 10 + resident_id(40)[-4:]
    overdue = cases.search_cases(clerk, CaseQuery(overdue_only=True))
    assert [s.number for s in overdue] == [old.number] and overdue[0].overdue and (overdue[0].days_left or 0) < 0
    soon = cases.search_cases(clerk, CaseQuery(due_within_days=5))
    assert [s.number for s in soon] == [old.number, new.number] and not soon[1].overdue
    cases.approve_case(clerk, old.number)
    assert cases.search_cases(clerk, CaseQuery(overdue_only=True)) == []
    assert [s.number for s in cases.search_cases(clerk, CaseQuery(status=CaseStatus.APPROVED))] == [old.number]
    assert [s.number for s in cases.search_cases(clerk, CaseQuery(accepted_from=date(2026, 11, 10)))] == [new.number]
    assert cases.search_cases(clerk, CaseQuery(text="100%_")) == []  # LIKE wildcards are plain text


def test_every_step_is_audited_and_events_name_the_clerk(demo_database: Database, clerk: Actor, signed_in: int) -> None:
    item = _promised_working_item(demo_database)
    view = cases.accept_case(clerk, signed_in, application(item, enterprise(50)))
    cases.approve_case(clerk, view.number)
    with demo_database.reading() as session:
        actions = [
            (record.action, record.username)
            for record in session.scalars(select(AuditRecord).where(AuditRecord.target == view.number).order_by(AuditRecord.id))
        ]
        events = session.scalars(select(CaseEvent).join(Case).where(Case.number == view.number)).all()
    assert ("accept a case", clerk.username) in actions and ("case approve", clerk.username) in actions
    assert all(event.staff_id == clerk.staff_id for event in events)
    assert json.loads(events[0].detail) == {}


def test_the_display_and_the_kiosk_may_not_read_cases(demo_database: Database) -> None:
    from tests.queue_support import display, kiosk

    for machine in (display(demo_database), kiosk(demo_database)):
        with pytest.raises(PermissionDenied):
            cases.search_cases(machine, CaseQuery())


def test_the_documents_of_a_case_read_back_with_its_number_and_masked_numbers(
    demo_database: Database, clerk: Actor, signed_in: int, tmp_path: Path
) -> None:
    from tests.pdf_tools import decode_qr, pdf_text

    item = item_where(demo_database, deferrable=True)
    view = cases.accept_case(clerk, signed_in, application(item, person(60), deferring(item), agent=agent()))
    notice = tmp_path / "notice.pdf"
    notice.write_bytes(cases.acceptance_notice(clerk, view.number))
    text = pdf_text(notice)
    assert view.number in text and item.name in text and resident_id(60) not in text and agent().id_number not in text
    assert decode_qr(notice, tmp_path) == [view.number]
    assert "容缺" in text
    one_time = tmp_path / "one_time.pdf"
    one_time.write_bytes(cases.one_time_notice(clerk, signed_in, item.id, person(61), (item.materials[0].name,), "缺少材料"))
    assert item.materials[0].name in pdf_text(one_time)
    commit_item = item_where(demo_database, commit=True)
    letter = tmp_path / "letter.pdf"
    letter.write_bytes(cases.commitment_documents(clerk, signed_in, commit_item.id, enterprise(62)))
    assert "承诺" in pdf_text(letter) and commit_item.name in pdf_text(letter)
    assert cases.unprintable("张三", "\U0002a6d6\U0001f600") and not cases.unprintable("张三")


def test_only_the_dates_in_an_unknown_year_are_provisional(
    demo_database: Database, clerk: Actor, signed_in: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    item = item_where(demo_database, deferrable=True)
    _at(clerk, _shanghai_noon(date(2026, 12, 2)), monkeypatch)  # 容缺: 60 days, into 2027
    view = cases.accept_case(clerk, signed_in, application(item, enterprise(70), deferring(item)))
    assert view.materials_due is not None and view.materials_due.year == 2027
    assert view.provisional_dates == {view.materials_due}
    lines = _notice_text(clerk, view.number).splitlines()
    promised = next(line for line in lines if "承诺办结" in line)
    assert "暂定" not in promised and "暂定" in "".join(lines)  # on the deferred materials only
