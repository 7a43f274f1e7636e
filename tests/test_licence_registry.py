"""The licence registry on both databases: a licence issued with the approval of its case
(number, GB/T 36904 identifier, validity), found by number, identifier, scanned QR code or
holder, its status changed by a supervisor of its hall with a reason, expiry derived."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, update

from counter_app.db.engine import Database
from counter_app.db.models import Licence, LicenceType
from counter_app.domain.cases import add_months
from counter_app.domain.licence_signing import new_signing_key, sign_licence
from counter_app.domain.licences import LicenceAction, LicenceStatus, licence_identifier, parse_licence_identifier
from counter_app.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from counter_app.services import cases, licences, queue
from counter_app.services.access import Actor
from counter_app.services.calendar import forget_working_calendar
from tests.case_support import application, credit_code, enterprise, item_where, person, resident_id
from tests.queue_support import counter_id, hall_id, staff


@pytest.fixture
def signed_in(demo_database: Database, clerk: Actor) -> int:
    counter = counter_id(demo_database, 1)
    queue.open_counter(clerk, counter)
    return counter


def _validity_months(database: Database, name: str) -> int | None:
    with database.reading() as session:
        return session.scalars(select(LicenceType.validity_months).where(LicenceType.name == name)).one()


def test_every_licence_the_demo_catalogue_names_has_a_type(demo_database: Database) -> None:
    from counter_app.db.models import ServiceItem

    with demo_database.reading() as session:
        named = set(session.scalars(select(ServiceItem.licence_type).where(ServiceItem.licence_type.is_not(None))))
        types = {row.name: row for row in session.scalars(select(LicenceType))}
    assert named <= set(types)
    for licence_type in types.values():  # valid GB/T 36904 parts: an identifier can be built from them
        identifier = licence_identifier(licence_type.type_code, licence_type.issuer_code, 1)
        assert parse_licence_identifier(identifier).value == identifier


def test_approving_a_case_issues_its_licence(demo_database: Database, clerk: Actor, signed_in: int) -> None:
    item = item_where(demo_database, on_the_spot=False, deferrable=False, commit=False, licence=True)
    view = cases.accept_case(clerk, signed_in, application(item, enterprise(80)))
    assert view.licence_numbers == ()
    approved = cases.approve_case(clerk, view.number)
    assert len(approved.licence_numbers) == 1
    found = licences.find_licences(clerk, approved.licence_numbers[0])
    assert [licence.case_number for licence in found] == [view.number]
    licence = found[0]
    assert licence.holder_code_shown == credit_code(80) and licence.holder_name == enterprise(80).name
    assert licence.status is LicenceStatus.VALID and licence.licence_type == item.licence_type
    assert parse_licence_identifier(licence.identifier).value == licence.identifier
    months = _validity_months(demo_database, item.licence_type or "")
    expected_end = add_months(licence.valid_from, months) - timedelta(days=1) if months else None
    assert licence.valid_to == expected_end
    assert "〔" in licence.number and licence.number.endswith("号")


def test_an_on_the_spot_case_gets_its_licence_at_acceptance(demo_database: Database, clerk: Actor, signed_in: int) -> None:
    item = item_where(demo_database, on_the_spot=True, deferrable=False, licence=True)
    view = cases.accept_case(clerk, signed_in, application(item, person(81)))
    assert len(view.licence_numbers) == 1
    found = licences.find_licences(clerk, resident_id(81))
    assert [licence.number for licence in found] == list(view.licence_numbers)
    assert found[0].holder_code_shown != resident_id(81) and found[0].holder_code_shown.endswith(resident_id(81)[-4:])


def test_a_licence_is_found_by_identifier_scanned_payload_and_holder_name(
    demo_database: Database, clerk: Actor, signed_in: int
) -> None:
    item = item_where(demo_database, on_the_spot=True, deferrable=False, licence=True)
    view = cases.accept_case(clerk, signed_in, application(item, enterprise(82)))
    number = view.licence_numbers[0]
    licence = licences.find_licences(clerk, number)[0]
    assert [found.number for found in licences.find_licences(clerk, licence.identifier.lower())] == [number]
    private, _public, key_id = new_signing_key()
    payload = sign_licence(private, key_id, licence.identifier, credit_code(82), licence.valid_from, licence.valid_to or date.max)
    assert [found.number for found in licences.find_licences(clerk, payload + "\n")] == [number]  # a keyboard-wedge scan
    assert number in [found.number for found in licences.find_licences(clerk, enterprise(82).name[:8])]
    other_hall = staff(demo_database, "hg01")
    assert [found.number for found in licences.find_licences(other_hall, number)] == [number]  # 全区通办
    assert licences.find_licences(clerk, "  ") == []


def test_a_supervisor_of_its_hall_changes_the_status_with_a_reason(
    demo_database: Database, clerk: Actor, signed_in: int
) -> None:
    item = item_where(demo_database, on_the_spot=True, deferrable=False, licence=True)
    number = cases.accept_case(clerk, signed_in, application(item, enterprise(83))).licence_numbers[0]
    licence_id = licences.find_licences(clerk, number)[0].id
    supervisor = staff(demo_database, "kg_zb")
    with pytest.raises(PermissionDenied):
        licences.change_licence_status(clerk, licence_id, LicenceAction.SUSPEND, "检查发现问题")
    with pytest.raises(ValidationError, match="reason"):
        licences.change_licence_status(supervisor, licence_id, LicenceAction.SUSPEND, " ")
    with pytest.raises(NotFound):
        licences.change_licence_status(staff(demo_database, "hk_zb"), licence_id, LicenceAction.SUSPEND, "另一大厅")
    suspended = licences.change_licence_status(supervisor, licence_id, LicenceAction.SUSPEND, "经营场所不符")
    assert suspended.status is LicenceStatus.SUSPENDED and suspended.status_reason == "经营场所不符"
    with pytest.raises(ConflictError):
        licences.change_licence_status(supervisor, licence_id, LicenceAction.SUSPEND, "再次暂扣")
    reinstated = licences.change_licence_status(supervisor, licence_id, LicenceAction.REINSTATE, "已整改")
    assert reinstated.status is LicenceStatus.VALID
    revoked = licences.change_licence_status(supervisor, licence_id, LicenceAction.REVOKE, "承诺不实")
    assert revoked.status is LicenceStatus.REVOKED
    with pytest.raises(ConflictError):
        licences.change_licence_status(supervisor, licence_id, LicenceAction.REINSTATE, "撤销后不能恢复")


def test_expiry_is_derived_and_the_hall_sees_what_expires_soon(
    demo_database: Database, clerk: Actor, signed_in: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    item = item_where(demo_database, on_the_spot=True, deferrable=False, licence=True)
    number = cases.accept_case(clerk, signed_in, application(item, enterprise(84))).licence_numbers[0]
    today = licences.find_licences(clerk, number)[0].issued_on
    with demo_database.transaction() as session:  # as if issued long ago
        session.execute(update(Licence).where(Licence.number == number).values(valid_to=today + timedelta(days=200)))
    # The demo types open the renewal window 90 days before expiry: in 110 days here.
    hall = hall_id(demo_database)
    assert number not in [licence.number for licence in licences.expiring_licences(clerk, hall, 90)]
    soon = licences.expiring_licences(clerk, hall, 120)
    assert [licence.renewal_opens for licence in soon if licence.number == number] == [today + timedelta(days=110)]
    later = datetime.combine(today + timedelta(days=201), datetime.min.time(), tzinfo=UTC) + timedelta(hours=4)
    monkeypatch.setattr(clerk.database, "now", lambda: later)
    forget_working_calendar(clerk.database)
    assert licences.find_licences(clerk, number)[0].status is LicenceStatus.LAPSED  # no job ran: derived
