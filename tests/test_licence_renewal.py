"""Renewal on commitment (延期换证承诺即办结) on both databases: one transaction issues the
renewal case, the new licence linked to the old one and the inspection; every refusal is
named at once; a failure injected at any step leaves the database as it was."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, update

from counter_app.db.engine import Database
from counter_app.db.models import Case, CaseEvent, Inspection, Licence
from counter_app.domain.applicants import ApplicantKind
from counter_app.domain.cases import CaseStatus, Route
from counter_app.domain.licences import LicenceStatus
from counter_app.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from counter_app.services import cases, licences, queue
from counter_app.services.access import Actor
from counter_app.services.licences import renewal
from counter_app.services.licences.signing import sign_if_embedded
from tests.case_support import application, credit_code, enterprise, item_with_licence
from tests.queue_support import counter_id, staff


@pytest.fixture
def signed_in(demo_database: Database, clerk: Actor) -> int:
    counter = counter_id(demo_database, 1)
    queue.open_counter(clerk, counter)
    return counter


def _renewable_licence(database: Database, clerk: Actor, counter: int, serial: int, days_left: int = 30) -> licences.LicenceView:
    """A licence of a type renewed on commitment, held by enterprise ``serial``, ending in ``days_left`` days."""
    from counter_app.db.models import LicenceType, ServiceItem

    with database.reading() as session:
        name = session.scalars(
            select(LicenceType.name)
            .join(ServiceItem, ServiceItem.licence_type == LicenceType.name)
            .where(LicenceType.renew_on_commitment.is_(True), ServiceItem.case_type == "on_the_spot", ServiceItem.renew_on_commitment.is_(True))
            .order_by(LicenceType.name)
            .limit(1)
        ).one()
    item = item_with_licence(database, name)
    view = cases.accept_case(clerk, counter, application(item, enterprise(serial)))
    number = view.licence_numbers[0]
    found = licences.find_licences(clerk, number)[0]
    with database.transaction() as session:
        # New dates, so a new signature (on SQLite here; on PostgreSQL by the agent, if one runs).
        session.execute(
            update(Licence).where(Licence.id == found.id)
            .values(valid_to=found.issued_on + timedelta(days=days_left), qr_payload=None, signed_at=None)
        )
        sign_if_embedded(session, database.now())
    return licences.find_licences(clerk, number)[0]


def _counts(database: Database) -> tuple[Any, ...]:
    with database.reading() as session:
        return (
            *(session.scalar(select(func.count()).select_from(model)) for model in (Case, CaseEvent, Licence, Inspection)),
            sorted(session.execute(select(Licence.id, Licence.status, Licence.replaces_id)).tuples().all()),
        )


def test_a_licence_is_renewed_on_commitment_in_one_visit(demo_database: Database, clerk: Actor, signed_in: int) -> None:
    old = _renewable_licence(demo_database, clerk, signed_in, 100)
    check = licences.check_renewal(clerk, old.id, ApplicantKind.ENTERPRISE, credit_code(100))
    assert check.refusals == () and check.item_id is not None and old.valid_to is not None
    assert check.new_valid_from == old.valid_to + timedelta(days=1)
    renewed = licences.renew_on_commitment(clerk, signed_in, old.id, enterprise(100), commitment_signed=True)
    assert renewed.licence.replaces_number == old.number and renewed.licence.number != old.number
    assert renewed.licence.identifier != old.identifier and renewed.licence.valid_from == check.new_valid_from
    assert renewed.licence.valid_to == check.new_valid_to and renewed.licence.status is LicenceStatus.VALID
    assert renewed.replaced.replaced and renewed.replaced.status is not LicenceStatus.VALID
    assert renewed.case.route is Route.COMMITMENT and renewed.case.status is CaseStatus.APPROVED
    assert renewed.case.licence_numbers == (renewed.licence.number,)
    assert renewed.inspection_due is not None and renewed.inspection_due.day > renewed.licence.issued_on
    again = licences.check_renewal(clerk, old.id, ApplicantKind.ENTERPRISE, credit_code(100))
    assert [refusal.reason for refusal in again.refusals] == ["replaced"]
    with pytest.raises(ConflictError, match="replaced"):
        licences.renew_on_commitment(clerk, signed_in, old.id, enterprise(100), commitment_signed=True)


def test_every_refusal_is_named_at_once_and_nothing_changes(demo_database: Database, clerk: Actor, signed_in: int) -> None:
    far = _renewable_licence(demo_database, clerk, signed_in, 101, days_left=400)
    supervisor = staff(demo_database, "kg_zb")
    cases.bar_from_commitment(supervisor, ApplicantKind.ENTERPRISE, credit_code(102), "承诺不实")
    before = _counts(demo_database)
    check = licences.check_renewal(clerk, far.id, ApplicantKind.ENTERPRISE, credit_code(102))
    assert {refusal.reason for refusal in check.refusals} == {"window_not_open", "holder_mismatch", "holder_barred"}
    with pytest.raises(renewal.RenewalRefused) as refused:
        licences.renew_on_commitment(clerk, signed_in, far.id, enterprise(102), commitment_signed=True)
    assert [refusal.reason for refusal in refused.value.refusals] == [refusal.reason for refusal in check.refusals]
    assert any("承诺不实" in refusal.english() for refusal in refused.value.refusals)
    assert _counts(demo_database) == before
    near = _renewable_licence(demo_database, clerk, signed_in, 103)
    before = _counts(demo_database)
    with pytest.raises(ValidationError, match="signed"):
        licences.renew_on_commitment(clerk, signed_in, near.id, enterprise(103), commitment_signed=False)
    assert _counts(demo_database) == before


@pytest.mark.parametrize("step", ["case_intake.accept_in", "issue_for_case", "_schedule_inspection", "audit"])
def test_a_failure_at_any_step_leaves_everything_as_it_was(
    demo_database: Database, clerk: Actor, signed_in: int, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    old = _renewable_licence(demo_database, clerk, signed_in, 104)
    before = _counts(demo_database)
    owner = renewal.case_intake if step.startswith("case_intake.") else renewal
    name = step.rsplit(".", 1)[-1]
    real = getattr(owner, name)

    def fail_after(*args: Any, **kwargs: Any) -> Any:
        real(*args, **kwargs)  # the step's own writes happen, then the failure
        raise RuntimeError(f"injected failure after {step}")

    monkeypatch.setattr(owner, name, fail_after)
    with pytest.raises(RuntimeError, match="injected"):
        licences.renew_on_commitment(clerk, signed_in, old.id, enterprise(104), commitment_signed=True)
    assert _counts(demo_database) == before
    monkeypatch.setattr(owner, name, real)
    assert licences.renew_on_commitment(clerk, signed_in, old.id, enterprise(104), commitment_signed=True).replaced.replaced


def test_a_failed_inspection_revokes_the_licence_and_bars_the_holder(demo_database: Database, clerk: Actor, signed_in: int) -> None:
    old = _renewable_licence(demo_database, clerk, signed_in, 105)
    renewed = licences.renew_on_commitment(clerk, signed_in, old.id, enterprise(105), commitment_signed=True)
    supervisor = staff(demo_database, "kg_zb")
    hall = supervisor.hall_id or 0
    due = licences.inspections_due(supervisor, hall)
    mine = [inspection for inspection in due if inspection.licence_number == renewed.licence.number]
    assert len(mine) == 1 and not mine[0].overdue and mine[0].due_on == (renewed.inspection_due.day if renewed.inspection_due else None)
    with pytest.raises(PermissionDenied):
        licences.record_inspection(clerk, hall, mine[0].id, False, "承诺的经营场所不存在")
    licences.record_inspection(supervisor, hall, mine[0].id, False, "承诺的经营场所不存在")
    assert mine[0].id not in [inspection.id for inspection in licences.inspections_due(supervisor, hall)]
    revoked = licences.find_licences(clerk, renewed.licence.number)[0]
    assert revoked.status is LicenceStatus.REVOKED and "核查不合格" in (revoked.status_reason or "")
    known = cases.find_applicant(clerk, ApplicantKind.ENTERPRISE, credit_code(105))
    assert known is not None and known.barred_reason and "经营场所不存在" in known.barred_reason
    with pytest.raises(NotFound):
        licences.record_inspection(supervisor, hall, mine[0].id, True, "再次记录")  # recorded once
