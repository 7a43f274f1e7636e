"""Signing, printing and verifying licences from the register, on both databases.

The QR code of every licence is signed with the installation's key: by the client itself on
SQLite, by the signing agent (its own login) on PostgreSQL. Every print and reprint is
recorded, a reprint with its reason; a scanned code is genuine and valid, genuine but no
longer in force, or not genuine."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from counter_app.db.engine import Database
from counter_app.db.models import Licence, LicencePrint, SigningKey
from counter_app.domain.licence_signing import (
    PayloadError,
    new_signing_key,
    parse_public_key_bundle,
    public_key_bundle,
    sign_licence,
    verify_payload,
)
from counter_app.domain.licences import LicenceAction
from counter_app.errors import NotFound, PermissionDenied, ValidationError
from counter_app.services import cases, licences, queue
from counter_app.services.access import Actor
from counter_app.services.licences.signing import NotSignedYet, public_keys, run_signer
from tests.case_support import application, credit_code, enterprise, item_where, person
from tests.pdf_tools import decode_qr, page_count, pdf_info, pdf_text
from tests.queue_support import counter_id, staff


@pytest.fixture
def signed_in(demo_database: Database, clerk: Actor) -> int:
    counter = counter_id(demo_database, 1)
    queue.open_counter(clerk, counter)
    return counter


def _issue(database: Database, clerk: Actor, counter: int, serial: int, *, holder: str = "enterprise") -> licences.LicenceView:
    item = item_where(database, on_the_spot=True, deferrable=False, licence=True)
    applicant = enterprise(serial) if holder == "enterprise" else person(serial)
    number = cases.accept_case(clerk, counter, application(item, applicant)).licence_numbers[0]
    return licences.find_licences(clerk, number)[0]


def _payload(database: Database, licence_id: int) -> str | None:
    with database.reading() as session:
        return session.scalar(select(Licence.qr_payload).where(Licence.id == licence_id))


def _wait_for_payload(database: Database, licence_id: int, seconds: float = 5.0) -> str:
    import time

    deadline = time.monotonic() + seconds
    while (payload := _payload(database, licence_id)) is None:
        assert time.monotonic() < deadline, "the licence was not signed"
        time.sleep(0.01)
    return payload


def _holder_code(database: Database, licence_id: int) -> str:
    with database.reading() as session:
        return session.scalars(select(Licence.holder_code).where(Licence.id == licence_id)).one()


@pytest.mark.usefixtures("licence_signer")
def test_every_licence_issued_is_signed_for_its_holder_and_validity(demo_database: Database, clerk: Actor, signed_in: int) -> None:
    licence = _issue(demo_database, clerk, signed_in, 300)
    payload = _wait_for_payload(demo_database, licence.id)
    with demo_database.reading() as session:
        keys = public_keys(session)
    assert len(keys) == 1 and payload.split(":")[1] in keys
    holder = _holder_code(demo_database, licence.id)
    assert verify_payload(payload, keys, holder, licence.valid_from, licence.valid_to)
    assert not verify_payload(payload, keys, credit_code(301), licence.valid_from, licence.valid_to)  # another holder
    later = licence.valid_to + timedelta(days=1) if licence.valid_to else licence.valid_from
    assert not verify_payload(payload, keys, holder, licence.valid_from, later)  # altered validity
    # The public keys as exported: enough to verify offline.
    bundle = public_key_bundle(licences.signing_public_keys(clerk))
    assert verify_payload(payload, parse_public_key_bundle(bundle), holder, licence.valid_from, licence.valid_to)


@pytest.mark.usefixtures("licence_signer")
def test_a_licence_prints_with_its_signed_code_and_each_print_is_recorded(
    demo_database: Database, clerk: Actor, signed_in: int, tmp_path: Path
) -> None:
    licence = _issue(demo_database, clerk, signed_in, 302, holder="person")
    printout = licences.licence_printout(clerk, licence.id)
    assert printout.printed_before == 0 and printout.reprint_reason is None
    path = tmp_path / "licence.pdf"
    path.write_bytes(printout.pdf)
    assert decode_qr(path, tmp_path) == [_payload(demo_database, licence.id)]
    assert pdf_info(path)["Subject"] == licence.identifier and "补打" not in pdf_text(path)
    assert licences.record_licence_print(clerk, [licence.id]) == 0
    # Printed once: a second copy is a reprint and needs its reason, on the paper and in the record.
    with pytest.raises(ValidationError, match="reason"):
        licences.licence_printout(clerk, licence.id)
    with pytest.raises(ValidationError, match="reason"):
        licences.record_licence_print(clerk, [licence.id])
    again = licences.licence_printout(clerk, licence.id, "遗失")
    path.write_bytes(again.pdf)
    assert again.printed_before == 1 and "补打" in pdf_text(path) and "遗失" in pdf_text(path)
    assert licences.record_licence_print(clerk, [licence.id], "遗失") == 1
    history = licences.licence_prints(clerk, licence.id)
    assert [(record.reprint, record.reason) for record in history] == [(False, None), (True, "遗失")]
    assert {record.printed_by for record in history} == {clerk.full_name}


@pytest.mark.usefixtures("licence_signer")
def test_a_batch_is_one_pdf_and_refused_whole_for_one_bad_licence(
    demo_database: Database, clerk: Actor, supervisor: Actor, signed_in: int, tmp_path: Path
) -> None:
    issued = [_issue(demo_database, clerk, signed_in, 310 + number) for number in range(3)]
    ids = [licence.id for licence in issued]
    seen: list[tuple[int, int]] = []
    data = licences.licence_batch_printout(clerk, ids, progress=lambda done, total: seen.append((done, total)) is None)
    assert data is not None and seen == [(1, 3), (2, 3), (3, 3)]
    path = tmp_path / "batch.pdf"
    path.write_bytes(data)
    assert page_count(path) == 3
    assert licences.licence_batch_printout(clerk, ids, progress=lambda done, total: done < 2) is None  # cancelled
    licences.change_licence_status(supervisor, ids[1], LicenceAction.SUSPEND, "经营异常")
    with pytest.raises(ValidationError, match=issued[1].number):
        licences.licence_batch_printout(clerk, ids)
    with pytest.raises(NotFound):
        licences.licence_batch_printout(clerk, [ids[0], 999_999])
    with pytest.raises(ValidationError):
        licences.licence_batch_printout(clerk, [])
    assert licences.record_licence_print(clerk, [ids[0], ids[2]], copies=2) == 0
    with demo_database.reading() as session:
        assert session.scalar(select(func.count()).select_from(LicencePrint)) == 2


@pytest.mark.usefixtures("licence_signer")
def test_only_a_valid_licence_prints_and_an_administrator_prints_nothing(
    demo_database: Database, clerk: Actor, signed_in: int
) -> None:
    old = _issue(demo_database, clerk, signed_in, 320)
    admin = staff(demo_database, "admin")
    with pytest.raises(PermissionDenied):
        licences.licence_printout(admin, old.id)
    supervisor = staff(demo_database, "kg_zb")
    licences.change_licence_status(supervisor, old.id, LicenceAction.REVOKE, "虚假承诺")
    with pytest.raises(ValidationError, match="only a valid licence"):
        licences.licence_printout(clerk, old.id)
    with pytest.raises(NotFound):
        licences.licence_printout(clerk, 999_999)


@pytest.mark.usefixtures("licence_signer")
def test_a_scanned_code_is_genuine_and_valid_replaced_or_not_genuine(
    demo_database: Database, clerk: Actor, signed_in: int
) -> None:
    from tests.test_licence_renewal import _renewable_licence

    old = _renewable_licence(demo_database, clerk, signed_in, 330)
    payload = _wait_for_payload(demo_database, old.id)
    verdict = licences.verify_licence(clerk, payload)
    assert verdict.verdict is licences.Verdict.VALID and verdict.licence is not None and verdict.licence.id == old.id
    renewed = licences.renew_on_commitment(clerk, signed_in, old.id, enterprise(330), commitment_signed=True)
    verdict = licences.verify_licence(clerk, payload)
    assert verdict.verdict is licences.Verdict.NOT_IN_FORCE and verdict.genuine and verdict.replaced_by == renewed.licence.number
    new_payload = _wait_for_payload(demo_database, renewed.licence.id)
    assert licences.verify_licence(clerk, new_payload).verdict is licences.Verdict.VALID
    # Forged: one character of the signature changed; another key; an identifier not in the register.
    identifier, key_id, signature = payload.split(":")
    flipped = signature[:50] + ("A" if signature[50] != "A" else "B") + signature[51:]
    forged = licences.verify_licence(clerk, ":".join((identifier, key_id, flipped)))
    assert forged.verdict is licences.Verdict.NOT_GENUINE and forged.problem and "forged" in forged.problem
    private, _public, other_key = new_signing_key()
    assert old.valid_to is not None
    foreign = sign_licence(private, other_key, old.identifier, _holder_code(demo_database, old.id), old.valid_from, old.valid_to)
    assert licences.verify_licence(clerk, foreign).verdict is licences.Verdict.NOT_GENUINE
    with demo_database.reading() as session:
        real_key = session.scalars(select(SigningKey.key_id)).one()
    unknown = payload.replace(identifier.split(".")[-2], "9999999", 1)  # serial not in the register (check char now wrong)
    with pytest.raises(PayloadError):
        licences.verify_licence(clerk, unknown)
    with pytest.raises(PayloadError):
        licences.verify_licence(clerk, "not a licence")
    assert real_key == key_id


def test_on_postgresql_a_printout_waits_for_the_agent_and_says_when_none_answers(
    pg_demo_database: Database, tmp_path: Path
) -> None:
    database = pg_demo_database
    clerk = staff(database, "kg01")
    counter = counter_id(database, 1)
    queue.open_counter(clerk, counter)
    licence = _issue(database, clerk, counter, 340)
    assert _payload(database, licence.id) is None  # the clerk cannot sign: nobody has yet
    with pytest.raises(NotSignedYet):
        licences.licence_printout(clerk, licence.id, wait_seconds=0.2)
    # The agent starts late: it signs the backlog first, then a printout waiting for it gets it.
    from counter_app.services.setup import SIGNER_ROLE, set_login_password

    set_login_password(database, SIGNER_ROLE, "signer-password")
    signer = Database.from_url(database.engine.url.set(username=SIGNER_ROLE, password="signer-password").render_as_string(hide_password=False))
    stop, ready = threading.Event(), threading.Event()
    signed: list[int] = []
    thread = threading.Thread(target=run_signer, args=(signer, stop), kwargs={"ready": ready, "on_signed": signed.append})
    thread.start()
    try:
        assert ready.wait(10)
        assert _payload(database, licence.id) is not None and signed == [1]
        later = _issue(database, clerk, counter, 341)
        printout = licences.licence_printout(clerk, later.id)  # waits the few ms the agent takes
        path = tmp_path / "later.pdf"
        path.write_bytes(printout.pdf)
        assert decode_qr(path, tmp_path) == [_payload(database, later.id)]
        # A connection lost (a server restart, say): the agent reconnects and goes on.
        from sqlalchemy import text

        with database.transaction() as session:
            session.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'counter_app signer'"))
        third = _issue(database, clerk, counter, 342)
        assert _wait_for_payload(database, third.id, seconds=15)
    finally:
        stop.set()
        thread.join(10)
        signer.dispose()
    assert not thread.is_alive()


def test_the_signature_covers_a_licence_without_end() -> None:
    from datetime import date

    from counter_app.domain.licences import licence_identifier

    private, public, key_id = new_signing_key()
    identifier = licence_identifier("11100000000013338W001", credit_code(5), 7)
    forever = sign_licence(private, key_id, identifier, credit_code(1), date(2026, 3, 1), None)
    assert verify_payload(forever, {key_id: public}, credit_code(1), date(2026, 3, 1), None)
    assert not verify_payload(forever, {key_id: public}, credit_code(1), date(2026, 3, 1), date(2099, 12, 31))


def test_changed_dates_need_a_new_signature(sqlite_demo_database: Database) -> None:
    """A signature is of the register's data: change the validity behind its back and the
    printed code no longer verifies (which is the point). On the embedded database, where a
    direct update is possible; on PostgreSQL no staff account may make it (test_licence_security)."""
    database = sqlite_demo_database
    clerk = staff(database, "kg01")
    counter = counter_id(database, 1)
    queue.open_counter(clerk, counter)
    licence = _issue(database, clerk, counter, 350)
    payload = _payload(database, licence.id)
    assert payload is not None and licence.valid_to is not None
    assert licences.verify_licence(clerk, payload).verdict is licences.Verdict.VALID
    with database.transaction() as session:
        session.execute(update(Licence).where(Licence.id == licence.id).values(valid_to=licence.valid_to + timedelta(days=365)))
    assert licences.verify_licence(clerk, payload).verdict is licences.Verdict.NOT_GENUINE
