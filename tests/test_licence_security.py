"""Raw-SQL attacks on the licence signing key, the signatures and the print records
(migration 0008), on PostgreSQL: no account a counter PC uses can read the private key or
write a signature; the signing agent's login can write a signature once and nothing else;
prints are recorded in one's own hall and name and never rewritten."""

from __future__ import annotations

from sqlalchemy import select, text

from counter_app.db.engine import Database
from counter_app.db.models import AuditRecord
from counter_app.services.setup import SIGNER_ROLE, set_login_password
from tests.test_database_security import Attack, _tally, connect, hall, licence  # noqa: F401 - fixtures

SIGNER_PASSWORD = "signer-password-for-tests"


def _signer(connect, database: Database) -> Attack:  # type: ignore[no-untyped-def]
    set_login_password(database, SIGNER_ROLE, SIGNER_PASSWORD)
    return connect(SIGNER_ROLE, SIGNER_PASSWORD)  # type: ignore[no-any-return]


def test_no_staff_account_or_device_reads_the_private_key(connect, hall: dict[str, int]) -> None:  # type: ignore[no-untyped-def]
    for username in ("kg02", "kg_zb", "admin"):
        someone = connect(username)
        someone.refused("SELECT private_key FROM signing_keys")
        someone.refused("SELECT * FROM signing_keys")
        someone.refused("INSERT INTO signing_keys (key_id, public_key, private_key, created_at) VALUES ('AAAAAAAA', 'x', 'y', now())")
        someone.refused("UPDATE signing_keys SET retired_at = now()")
        someone.refused("DELETE FROM signing_keys")
        assert someone.value("SELECT count(public_key) FROM signing_keys") == 1  # the public half is for everyone
        _tally(someone)
    for device in ("kg_display", "kg_kiosk"):
        machine = connect(device)
        machine.refused("SELECT public_key FROM signing_keys")
        machine.refused("SELECT * FROM licence_prints")
        _tally(machine)


def test_nobody_but_the_agent_writes_a_signature(connect, hall: dict[str, int], licence: dict[str, object]) -> None:  # type: ignore[no-untyped-def]
    forged = "FORGED:AAAAAAAA:" + "A" * 103
    for username in ("kg01", "kg02", "kg_zb", "admin"):
        someone = connect(username)
        someone.refused("UPDATE licences SET qr_payload = %s, signed_at = now() WHERE id = %s", forged, licence["id"])
        someone.refused("UPDATE licences SET qr_payload = NULL WHERE id = %s", licence["id"])  # to have it signed anew
        _tally(someone)
    clerk = connect("kg02")
    me = clerk.value("SELECT ca_account_id()")
    clerk.refused(
        "INSERT INTO licences (licence_type_id, serial, number, identifier, version, holder_kind, holder_code, holder_name, "
        "legal_representative, address, scope, issued_on, valid_from, authority, hall_id, issued_by, status, created_at, qr_payload) "
        "VALUES (%s, 9998, 'x', '1.x', 1, 'enterprise', '911201160000000029', 'x', '', '', '', current_date, current_date, "
        "'x', %s, %s, '01', now(), %s)", licence["type"], hall["kg"], me, forged,
    )  # born with a payload of its own making
    clerk.refused(
        "INSERT INTO licences (licence_type_id, serial, number, identifier, version, holder_kind, holder_code, holder_name, "
        "legal_representative, address, scope, issued_on, valid_from, authority, hall_id, issued_by, status, created_at, imported) "
        "VALUES (%s, 9997, 'x', '1.y', 1, 'enterprise', '911201160000000029', 'x', '', '', '', current_date, current_date, "
        "'x', %s, %s, '01', now(), true)", licence["type"], hall["kg"], me,
    )  # passed off as imported from an earlier register
    admin = connect("admin")
    someone_else = admin.value("SELECT id FROM staff WHERE username = 'kg01'")
    admin.refused(
        "INSERT INTO licences (licence_type_id, serial, number, identifier, version, holder_kind, holder_code, holder_name, "
        "legal_representative, address, scope, issued_on, valid_from, authority, hall_id, issued_by, status, created_at, imported) "
        "VALUES (%s, 9996, 'x', '1.z', 1, 'enterprise', '911201160000000029', 'x', '', '', '', current_date, current_date, "
        "'x', %s, %s, '03', now(), true)", licence["type"], hall["kg"], someone_else,
    )  # an import in another's name
    _tally(clerk)
    _tally(admin)


def test_the_agent_signs_once_and_can_do_nothing_else(  # type: ignore[no-untyped-def]
    connect, hall: dict[str, int], licence: dict[str, object], pg_demo_database: Database
) -> None:
    agent = _signer(connect, pg_demo_database)
    assert agent.value("SELECT count(*) FROM signing_keys WHERE private_key IS NOT NULL") == 1
    with agent.connection.transaction():
        agent.connection.execute(
            "UPDATE licences SET qr_payload = 'SIGNED:AAAAAAAA:B', signed_at = now() WHERE id = %s AND qr_payload IS NULL",
            (licence["id"],),
        )
    agent.no_rows("UPDATE licences SET qr_payload = 'AGAIN', signed_at = now() WHERE id = %s RETURNING id", licence["id"])
    agent.refused("UPDATE licences SET holder_name = 'x' WHERE id = %s", licence["id"])
    agent.refused("UPDATE licences SET valid_to = '2099-12-31' WHERE id = %s", licence["id"])
    agent.refused("UPDATE licences SET status = '01' WHERE id = %s", licence["id"])
    agent.refused("SELECT holder_name, scope FROM licences")
    agent.refused("DELETE FROM licences")
    agent.refused("INSERT INTO licence_prints (licence_id, hall_id, printed_by, printed_at, reprint, copies) VALUES (%s, %s, 1, now(), false, 1)", licence["id"], hall["kg"])
    agent.refused("SELECT * FROM tickets")
    agent.refused("SELECT * FROM cases")
    agent.refused("SELECT * FROM staff")
    agent.refused("SELECT * FROM audit_log")
    agent.refused("INSERT INTO signing_keys (key_id, public_key, private_key, created_at) VALUES ('BBBBBBBB', 'x', 'y', now())")
    agent.refused("UPDATE signing_keys SET private_key = 'x'")
    _tally(agent)
    with pg_demo_database.reading() as session:  # the agent's signature is audited as its own
        rows = session.scalars(select(AuditRecord).where(AuditRecord.username == SIGNER_ROLE)).all()
        assert [row.target for row in rows] == [f"licences {licence['id']}"] and "qr_payload" in (rows[0].detail or "")


def test_prints_are_recorded_in_ones_own_hall_and_name_and_never_rewritten(  # type: ignore[no-untyped-def]
    connect, hall: dict[str, int], licence: dict[str, object]
) -> None:
    clerk = connect("kg02")
    me = clerk.value("SELECT ca_account_id()")
    record = "INSERT INTO licence_prints (licence_id, hall_id, printed_by, printed_at, reprint, reason, copies) VALUES (%s, %s, %s, now(), %s, %s, 1)"
    with clerk.connection.transaction():
        clerk.connection.execute(record, (licence["id"], hall["kg"], me, False, None))
    clerk.refused(record, licence["id"], hall["hk"], me, True, "遗失")  # in another hall
    clerk.refused(record, licence["id"], hall["kg"], hall["kg01"], True, "遗失")  # in a colleague's name
    for username in ("kg02", "kg_zb", "admin"):
        someone = connect(username)
        someone.refused("UPDATE licence_prints SET reason = 'x'")
        someone.refused("DELETE FROM licence_prints")
        _tally(someone)
    assert connect("hk01").value("SELECT count(*) FROM licence_prints WHERE licence_id = %s", licence["id"]) == 1  # any hall sees the history


def test_the_audit_log_never_holds_a_private_key(pg_demo_database: Database) -> None:
    """Even a key rotated by the owner (who alone may) is audited without its private half."""
    from counter_app.domain.licence_signing import new_signing_key

    private, public, key_id = new_signing_key()
    with pg_demo_database.transaction() as session:
        session.execute(
            text("INSERT INTO signing_keys (key_id, public_key, private_key, created_at) VALUES (:k, :pub, :priv, now())"),
            {"k": key_id, "pub": public.decode(), "priv": private.decode()},
        )
    with pg_demo_database.reading() as session:
        details = session.scalars(select(AuditRecord.detail).where(AuditRecord.target.like("signing_keys%"))).all()
    assert details and all("PRIVATE KEY" not in (detail or "") for detail in details)
    assert any(key_id in (detail or "") for detail in details)
