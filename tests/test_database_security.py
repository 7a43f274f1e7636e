"""Attacks on PostgreSQL with raw SQL, bypassing the client: a clerk who has a counter PC's
credentials and a SQL prompt, a supervisor of another hall, the hall display, the kiosk and
the login gate each try what the client would never let them do. Every attempt is refused
by the database itself (grants, row-level security, triggers), and changes nothing.

Run with ``-s`` for the number of attempts each login made (``_tally``).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import psycopg
import pytest
from psycopg import errors
from sqlalchemy import select, text, update
from sqlalchemy.engine import make_url

from counter_app.db.engine import Database
from counter_app.db.models import AuditRecord, HallSetting, ServiceItem, ServiceItemMaterial, Ticket
from counter_app.domain.queue import TRANSITIONS, TicketAction, TicketStatus
from counter_app.services import queue
from counter_app.services.demo import DEMO_PASSWORD
from counter_app.services.setup import GATE_ROLE, set_gate_password
from tests.queue_support import IN_HOURS, counter_id, hall_id, line_id, staff

GATE_PASSWORD = "gate-password-of-the-hall"
REFUSED = (errors.InsufficientPrivilege, errors.RaiseException)  # grants and RLS; the audit triggers


@dataclass
class Attack:
    """A login role's raw connection; ``tried`` counts the attempts, all refused."""

    connection: psycopg.Connection
    tried: list[str] = field(default_factory=list)

    def refused(self, statement: str, *params: object) -> None:
        """The statement fails with a permission error (and, in its transaction, changes nothing)."""
        self.tried.append(statement)
        with pytest.raises(REFUSED), self.connection.transaction():
            self.connection.execute(statement, params or None)

    def no_rows(self, statement: str, *params: object) -> None:
        """The statement runs but row-level security leaves it nothing to read or change."""
        self.tried.append(statement)
        with self.connection.transaction():
            cursor = self.connection.execute(statement, params or None)
            rows = cursor.fetchall() if cursor.description else []
            assert cursor.rowcount in (0, -1) and rows == [], statement

    def value(self, statement: str, *params: object) -> object:
        with self.connection.transaction():
            row = self.connection.execute(statement, params or None).fetchone()
        return row[0] if row else None


@pytest.fixture
def connect(pg_demo_database: Database) -> Iterator[object]:
    opened: list[psycopg.Connection] = []
    url = make_url(pg_demo_database.engine.url.render_as_string(hide_password=False))

    def as_role(username: str, password: str = DEMO_PASSWORD) -> Attack:
        connection = psycopg.connect(
            host=url.query["host"], dbname=url.database, user=username, password=password, autocommit=True
        )
        opened.append(connection)
        return Attack(connection)

    yield as_role
    for connection in opened:
        connection.close()


@pytest.fixture
def hall(pg_demo_database: Database) -> dict[str, int]:
    """KG with a named visitor waiting, one called at counter 1 by kg01; the ids involved."""
    database = pg_demo_database
    from sqlalchemy import update

    from counter_app.db.models import Hall
    from counter_app.domain.queue import PersonalDataPurpose
    from counter_app.services.queue import VisitorDetails

    with database.transaction() as session:
        session.execute(update(Hall).values(opens_at=IN_HOURS.time().replace(hour=0), closes_at=IN_HOURS.time().replace(hour=23)))
    supervisor, clerk = staff(database, "kg_zb"), staff(database, "kg01")
    visitor = VisitorDetails(PersonalDataPurpose.CASE_INTAKE, "张三", "13812345678", "11010519491231002X")
    called = queue.issue_ticket(supervisor, line_id(database, "A"), visitor=visitor, now=IN_HOURS).ticket.id
    waiting = queue.issue_ticket(supervisor, line_id(database, "A"), visitor=visitor, now=IN_HOURS).ticket.id
    queue.open_counter(clerk, counter_id(database, 1))
    queue.call_next(clerk, counter_id(database, 1), now=IN_HOURS)
    return {
        "kg": hall_id(database), "hk": hall_id(database, "HK"), "called": called, "waiting": waiting,
        "counter_1": counter_id(database, 1), "counter_2": counter_id(database, 2), "kg01": clerk.staff_id or 0,
        "line_a": line_id(database, "A"),
    }


def _tally(attack: Attack) -> None:
    """Print how many raw-SQL attempts were refused (for the closing note: run with -s)."""
    print(f"raw SQL refused for {attack.connection.info.user}: {len(attack.tried)}")


@pytest.mark.parametrize(
    ("username", "role"), [("kg02", "clerk"), ("hk_zb", "supervisor"), ("kg_display", "display"), ("kg_kiosk", "kiosk")]
)
def test_nobody_below_an_administrator_can_become_one(connect, hall: dict[str, int], username: str, role: str) -> None:  # type: ignore[no-untyped-def]
    """A clerk, another hall's supervisor, the display and the kiosk."""
    attacker = connect(username)
    attacker.refused(f"GRANT counter_app_admin TO {username}")
    attacker.refused("SET ROLE counter_app_admin")
    attacker.refused(f"ALTER ROLE {username} CREATEROLE")
    attacker.refused("CREATE ROLE evil LOGIN PASSWORD 'x'")
    attacker.refused(f"UPDATE staff SET role = 'admin', hall_id = NULL WHERE username = '{username}'")
    attacker.refused("INSERT INTO staff (username, full_name, role, active, must_change_password, created_at) "
                     "VALUES ('evil', 'x', 'admin', true, false, now())")
    attacker.refused("SELECT ca_create_account('evil', 'x', 'admin', NULL, NULL, 'SCRAM-SHA-256$4096:x', false, false)")
    attacker.refused(f"SELECT ca_set_account_role('{username}', 'admin', NULL)")
    attacker.refused(f"SELECT ca_grant_account_group('{username}', 'admin')")
    attacker.refused("SELECT ca_set_password('admin', 'SCRAM-SHA-256$4096:x', false)")
    attacker.refused("SELECT ca_unlock_account('kg03')")
    attacker.refused("SELECT ca_set_account_active('admin', false)")
    attacker.refused("SELECT password_hash FROM staff")
    attacker.refused("SELECT * FROM login_throttle")
    attacker.refused("DELETE FROM login_throttle")
    attacker.refused("CREATE TABLE mine (id int)")
    attacker.refused("CREATE FUNCTION ca_hall_ids() RETURNS integer[] LANGUAGE sql AS 'SELECT ARRAY[1,2,3,4]'")
    assert attacker.value("SELECT ca_account_role()") == role
    _tally(attacker)


def test_another_halls_staff_see_and_change_nothing_of_it(connect, hall: dict[str, int]) -> None:  # type: ignore[no-untyped-def]
    issue_in_kg = (
        "INSERT INTO tickets (hall_id, line_id, original_line_id, business_date, number, label, priority, "
        "priority_rank, status, issued_at, queued_at, recall_count, print_count) "
        "VALUES (%s, %s, %s, '2026-11-23', 999, 'A999', 'normal', 3, 'waiting', now(), now(), 0, 0)"
    )
    for username in ("hk_zb", "hk01"):
        other = connect(username)
        other.no_rows("SELECT visitor_name, visitor_phone, visitor_id_number FROM tickets WHERE hall_id = %s", hall["kg"])
        other.no_rows("SELECT * FROM ticket_events WHERE hall_id = %s", hall["kg"])
        other.no_rows("UPDATE tickets SET status = 'done' WHERE hall_id = %s", hall["kg"])
        other.no_rows("UPDATE tickets SET status = 'waiting', counter_id = NULL WHERE id = %s", hall["called"])
        other.no_rows("UPDATE counters SET state = 'closed', clerk_id = NULL WHERE id = %s", hall["counter_1"])
        other.refused(issue_in_kg, hall["kg"], hall["line_a"], hall["line_a"])
        other.refused("INSERT INTO hall_settings (hall_id, key, value) VALUES (%s, 'recall_max', '0')", hall["kg"])
        if username == "hk_zb":  # a supervisor may change settings: of their own hall only
            other.no_rows("UPDATE hall_settings SET value = '0' WHERE hall_id = %s", hall["kg"])
        other.refused("UPDATE settings SET value = '0' WHERE key = 'recall_max'")
        other.refused("INSERT INTO settings (key, value) VALUES ('recall_max', '0')")
        _tally(other)


def test_a_clerk_touches_only_their_own_counter_and_its_ticket(connect, hall: dict[str, int]) -> None:  # type: ignore[no-untyped-def]
    colleague = connect("kg02")  # same hall, not signed in at counter 1
    colleague.no_rows("UPDATE tickets SET status = 'done' WHERE id = %s", hall["called"])  # another's ticket in hand
    colleague.no_rows("UPDATE counters SET clerk_id = NULL, state = 'closed' WHERE id = %s", hall["counter_1"])
    colleague.refused("UPDATE counters SET clerk_id = %s WHERE id = %s", hall["kg01"], hall["counter_2"])  # sign someone else in
    colleague.refused(
        "INSERT INTO ticket_events (ticket_id, hall_id, at, action, to_status, clerk_id, detail) "
        "VALUES (%s, %s, now(), 'finish', 'done', %s, '')", hall["called"], hall["kg"], hall["kg01"],
    )  # an event in kg01's name
    colleague.refused("UPDATE tickets SET hall_id = %s WHERE id = %s", hall["hk"], hall["waiting"])  # column not granted
    colleague.refused("UPDATE tickets SET queued_at = now() - interval '1 day' WHERE id = %s", hall["waiting"])  # jump the queue
    colleague.refused("DELETE FROM tickets WHERE id = %s", hall["waiting"])
    colleague.refused("UPDATE hall_settings SET value = '0'")
    colleague.refused("INSERT INTO hall_settings (hall_id, key, value) VALUES (%s, 'recall_max', '0')", hall["kg"])
    _tally(colleague)


def test_nobody_edits_or_deletes_the_audit_log(connect, hall: dict[str, int], pg_demo_database: Database) -> None:  # type: ignore[no-untyped-def]
    for username in ("kg01", "kg_zb", "hk_zb", "admin", "kg_display", "kg_kiosk"):
        attacker = connect(username)
        attacker.refused("UPDATE audit_log SET detail = '{}'")
        attacker.refused("DELETE FROM audit_log")
        attacker.refused("TRUNCATE audit_log")
        attacker.refused("DROP TRIGGER audit_log_immutable ON audit_log")
        attacker.refused("ALTER TABLE audit_log DISABLE TRIGGER ALL")
        attacker.refused("DROP TRIGGER tickets_moves ON tickets")
        _tally(attacker)
    # Not even the owner, through the program's own tables: the trigger refuses.
    with pg_demo_database.transaction() as session, pytest.raises(Exception, match="cannot be changed or deleted"):
        session.execute(text("DELETE FROM audit_log"))


def test_an_audit_record_says_who_and_when_by_the_server(connect, hall: dict[str, int], pg_demo_database: Database) -> None:  # type: ignore[no-untyped-def]
    clerk = connect("kg01")
    with clerk.connection.transaction():
        clerk.connection.execute(
            "INSERT INTO audit_log (at, staff_id, username, action, outcome, target, detail, db_user) "
            "VALUES ('2001-01-01', 1, 'admin', 'forged', 'ok', '', '{}', 'postgres')"
        )
    with pg_demo_database.reading() as session:
        record = session.scalars(select(AuditRecord).where(AuditRecord.action == "forged")).one()
    assert (record.username, record.db_user, record.staff_id) == ("kg01", "kg01", hall["kg01"])
    assert record.at.year >= 2026  # the server's clock, not the one sent


def test_the_display_reads_no_personal_data(connect, hall: dict[str, int]) -> None:  # type: ignore[no-untyped-def]
    display = connect("kg_display")
    display.refused("SELECT visitor_name FROM tickets")
    display.refused("SELECT visitor_phone, visitor_id_number FROM tickets")
    display.refused("SELECT * FROM tickets")
    display.refused("SELECT full_name FROM staff")
    display.refused("SELECT * FROM audit_log")
    display.refused("UPDATE tickets SET status = 'done'")
    display.refused("INSERT INTO tickets (hall_id) VALUES (1)")
    display.refused("UPDATE counters SET state = 'closed'")
    assert display.value("SELECT visitor_name_masked FROM tickets WHERE id = %s", hall["called"]) == "张*"
    display.no_rows("SELECT label FROM tickets WHERE hall_id = %s", hall["hk"])
    _tally(display)


def test_the_kiosk_can_only_issue_tickets_of_its_hall(connect, hall: dict[str, int]) -> None:  # type: ignore[no-untyped-def]
    kiosk = connect("kg_kiosk")
    insert = (
        "INSERT INTO tickets (hall_id, line_id, original_line_id, business_date, number, label, priority, "
        "priority_rank, status, issued_at, queued_at, recall_count, print_count{extra}) "
        "VALUES (%s, %s, %s, '2026-11-23', 999, 'A999', 'normal', 3, 'waiting', now(), now(), 0, 0{values})"
    )
    kiosk.refused(insert.format(extra=", visitor_name", values=", 'x'"), hall["kg"], hall["line_a"], hall["line_a"])
    kiosk.refused(insert.format(extra="", values=""), hall["hk"], hall["line_a"], hall["line_a"])  # another hall
    kiosk.refused("SELECT visitor_name FROM tickets")
    kiosk.refused("UPDATE tickets SET status = 'called'")
    kiosk.refused("UPDATE counters SET state = 'open'")
    kiosk.refused("DELETE FROM ticket_events")
    kiosk.refused("INSERT INTO hall_settings (hall_id, key, value) VALUES (%s, 'recall_max', '0')", hall["kg"])
    kiosk.refused("SELECT * FROM staff")
    _tally(kiosk)


def test_the_login_gate_may_only_count_attempts(connect, hall: dict[str, int], pg_demo_database: Database) -> None:  # type: ignore[no-untyped-def]
    set_gate_password(pg_demo_database, GATE_PASSWORD)
    gate = connect(GATE_ROLE, GATE_PASSWORD)
    for table in ("tickets", "staff", "halls", "settings", "audit_log", "login_throttle", "ticket_events"):
        gate.refused(f"SELECT * FROM {table}")
    gate.refused("DELETE FROM login_throttle")
    gate.refused("SELECT * FROM ca_whoami()")
    gate.refused("SELECT ca_change_own_password('SCRAM-SHA-256$4096:x')")
    gate.refused("SELECT ca_unlock_account('kg01')")
    assert gate.value("SELECT version_num FROM alembic_version")  # the client checks the schema before login
    assert gate.value("SELECT allowed FROM ca_login_attempt('kg09')") is True
    _tally(gate)


def test_a_password_never_travels_in_plain_text(pg_demo_database: Database) -> None:
    """The account functions take SCRAM verifiers only; a plain password is refused."""
    with pg_demo_database.transaction() as session, pytest.raises(Exception, match="SCRAM-SHA-256 verifier"):
        session.execute(text("SELECT ca_set_password('kg01', 'hall2026', false)"))


def test_a_display_reports_only_its_own_state_and_only_supervisors_read_it(connect, hall: dict[str, int], pg_demo_database: Database) -> None:  # type: ignore[no-untyped-def]
    from counter_app.services import devices
    from tests.queue_support import display as display_actor

    devices.report_display(display_actor(pg_demo_database), hall["kg"], speech_ok=False, detail="no Mandarin voice", now=IN_HOURS)
    display = connect("kg_display")
    display.refused("SELECT * FROM ticket_events")  # the call events only without detail and clerk
    assert display.value("SELECT count(*) FROM ticket_events WHERE hall_id = %s", hall["kg"]) is not None
    row = (
        "INSERT INTO device_status (hall_id, device, speech_ok, detail, seen_at, changed_at) "
        "VALUES (%s, %s, true, '', now(), now())"
    )
    display.refused(row, hall["hk"], "kg_display")  # another hall
    display.refused(row, hall["kg"], "kg_display2")  # another machine's row
    display.no_rows("UPDATE device_status SET speech_ok = true WHERE device <> current_user")
    display.refused("DELETE FROM device_status")
    clerk = connect("kg01")
    clerk.refused("SELECT * FROM device_status")
    clerk.refused("UPDATE device_status SET speech_ok = true")
    connect("hk_zb").no_rows("SELECT * FROM device_status WHERE hall_id = %s", hall["kg"])
    assert connect("kg_zb").value("SELECT speech_ok FROM device_status WHERE device = 'kg_display'") is False
    kiosk = connect("kg_kiosk")
    kiosk.refused("INSERT INTO device_status (hall_id, device, speech_ok, detail, seen_at, changed_at) VALUES (%s, 'kg_kiosk', true, '', now(), now())", hall["kg"])
    _tally(display)


# ---------------------------------------------------------------- cases (migration 0006)


@pytest.fixture
def case(pg_demo_database: Database, hall: dict[str, int]) -> dict[str, object]:
    """A case accepted at KG counter 1 by kg01, and a visit in KG's "不说NO" register."""
    from counter_app.services import cases
    from tests.case_support import application, enterprise, item_where

    database = pg_demo_database
    clerk = staff(database, "kg01")
    item = item_where(database, deferrable=True)
    from tests.case_support import deferring

    view = cases.accept_case(clerk, hall["counter_1"], application(item, enterprise(1), deferring(item)))
    entry = cases.record_unmet_request(clerk, hall["counter_1"], item.id, enterprise(2), ("营业执照",), "缺营业执照")
    return {"id": view.id, "number": view.number, "entry": entry, "code": view.applicant.code}


def test_cases_are_continued_never_rewritten_or_deleted(connect, hall: dict[str, int], case: dict[str, object]) -> None:  # type: ignore[no-untyped-def]
    for username in ("kg02", "hk01", "kg_zb"):
        staff_member = connect(username)
        staff_member.refused("DELETE FROM cases WHERE id = %s", case["id"])
        staff_member.refused("UPDATE cases SET applicant_code = '911201160000000029' WHERE id = %s", case["id"])
        staff_member.refused("UPDATE cases SET item_snapshot = '{}' WHERE id = %s", case["id"])
        staff_member.refused("UPDATE cases SET accepted_by = NULL, hall_id = %s WHERE id = %s", hall["hk"], case["id"])
        staff_member.refused("DELETE FROM case_materials WHERE case_id = %s", case["id"])
        staff_member.refused("UPDATE case_materials SET name = 'x' WHERE case_id = %s", case["id"])
        staff_member.refused("DELETE FROM case_events WHERE case_id = %s", case["id"])
        staff_member.refused("UPDATE case_events SET staff_id = NULL WHERE case_id = %s", case["id"])
        staff_member.refused("DELETE FROM applicants")
        staff_member.refused("UPDATE applicants SET code = '911201160000000029'")
        staff_member.refused("DELETE FROM applicant_changes")
        # Any hall reads and continues a case (全区通办): only its status and dates.
        assert staff_member.value("SELECT number FROM cases WHERE id = %s", case["id"]) == case["number"]
        _tally(staff_member)


def test_a_clerk_accepts_only_in_their_own_hall_and_name(connect, hall: dict[str, int], case: dict[str, object]) -> None:  # type: ignore[no-untyped-def]
    clerk = connect("kg02")
    new_case = (
        "INSERT INTO cases (number, hall_id, accepted_by, accepted_at, accepted_on, channel, route, status, item_code, "
        "item_name, item_snapshot, applicant_kind, applicant_code, applicant_name, applicant_details, due_provisional, "
        "extended_days, updated_at) VALUES (%s, %s, %s, now(), current_date, 'counter', 'materials', 'approved', 'X', 'X', "
        "'{}', 'enterprise', '911201160000000029', 'X', '{}', false, 0, now())"
    )
    clerk.refused(new_case, "HK-20261123-0001", hall["hk"], clerk.value("SELECT ca_account_id()"))  # another hall
    clerk.refused(new_case, "KG-20261123-0999", hall["kg"], hall["kg01"])  # in a colleague's name
    clerk.refused(
        "INSERT INTO case_events (case_id, hall_id, staff_id, at, action, to_status, detail) "
        "VALUES (%s, %s, %s, now(), 'approve', 'approved', '')", case["id"], hall["kg"], hall["kg01"],
    )  # an event in kg01's name
    clerk.refused(
        "INSERT INTO case_materials (case_id, position, name, state) VALUES (%s, 99, 'x', 'received')", case["id"]
    )  # materials added to kg01's case
    clerk.no_rows("UPDATE case_sequences SET last_number = 0 WHERE hall_id = %s", hall["hk"])  # another hall's numbers
    _tally(clerk)


def test_case_numbers_set_back_are_audited(connect, hall: dict[str, int], case: dict[str, object], pg_demo_database: Database) -> None:  # type: ignore[no-untyped-def]
    clerk = connect("kg02")
    with clerk.connection.transaction():
        clerk.connection.execute("UPDATE case_sequences SET last_number = 0 WHERE hall_id = %s", (hall["kg"],))
    with pg_demo_database.reading() as session:
        records = session.scalars(select(AuditRecord).where(AuditRecord.target.like("case_sequences%"))).all()
    assert [(record.username, record.action) for record in records] == [("kg02", "row update")]


def test_devices_read_no_case_and_bars_need_their_roles(connect, hall: dict[str, int], case: dict[str, object]) -> None:  # type: ignore[no-untyped-def]
    for device in ("kg_display", "kg_kiosk"):
        machine = connect(device)
        for table in ("cases", "applicants", "applicant_changes", "case_materials", "case_events", "unmet_requests", "commitment_bars"):
            machine.refused(f"SELECT * FROM {table}")
        _tally(machine)
    clerk = connect("kg02")
    clerk.refused(
        "INSERT INTO commitment_bars (applicant_kind, applicant_code, reason, barred_at, barred_by) "
        "VALUES ('enterprise', %s, 'x', now(), %s)", case["code"], clerk.value("SELECT ca_account_id()"),
    )
    supervisor = connect("kg_zb")
    me = supervisor.value("SELECT ca_account_id()")
    with supervisor.connection.transaction():
        bar = supervisor.connection.execute(
            "INSERT INTO commitment_bars (applicant_kind, applicant_code, reason, barred_at, barred_by) "
            "VALUES ('enterprise', %s, '承诺不实', now(), %s) RETURNING id", (case["code"], me),
        ).fetchone()
    assert bar is not None
    supervisor.refused("UPDATE commitment_bars SET lifted_at = now(), lifted_by = %s WHERE id = %s", me, bar[0])  # an administrator lifts
    supervisor.refused("DELETE FROM commitment_bars WHERE id = %s", bar[0])
    _tally(supervisor)


def test_the_unmet_register_is_the_halls_own(connect, hall: dict[str, int], case: dict[str, object]) -> None:  # type: ignore[no-untyped-def]
    other = connect("hk_zb")
    other.no_rows("SELECT * FROM unmet_requests WHERE id = %s", case["entry"])
    other.no_rows("UPDATE unmet_requests SET follow_up_note = 'x', followed_up_at = now() WHERE id = %s", case["entry"])
    clerk = connect("kg02")
    clerk.refused("UPDATE unmet_requests SET follow_up_note = 'x' WHERE id = %s", case["entry"])  # supervisors follow up
    clerk.refused("DELETE FROM unmet_requests")
    own = connect("kg_zb")
    assert own.value("SELECT reason FROM unmet_requests WHERE id = %s", case["entry"]) == "缺营业执照"
    _tally(other)


# ---------------------------------------------------------------- licences (migration 0007)


@pytest.fixture
def licence(pg_demo_database: Database, hall: dict[str, int]) -> dict[str, object]:
    """A licence issued at KG counter 1 by kg01 with an on-the-spot case."""
    from counter_app.services import cases
    from tests.case_support import application, enterprise, item_where

    database = pg_demo_database
    item = item_where(database, on_the_spot=True, deferrable=False, licence=True)
    view = cases.accept_case(staff(database, "kg01"), hall["counter_1"], application(item, enterprise(90)))
    with database.reading() as session:
        from counter_app.db.models import Licence

        row = session.scalars(select(Licence).where(Licence.case_id == view.id)).one()
        return {"id": row.id, "type": row.licence_type_id, "number": row.number}


def test_a_licence_is_never_rewritten_or_deleted_and_its_status_is_the_halls_supervisors(connect, hall: dict[str, int], licence: dict[str, object]) -> None:  # type: ignore[no-untyped-def]
    for username in ("kg02", "kg_zb", "hk_zb"):
        someone = connect(username)
        someone.refused("DELETE FROM licences WHERE id = %s", licence["id"])
        someone.refused("UPDATE licences SET valid_to = '2099-12-31' WHERE id = %s", licence["id"])
        someone.refused("UPDATE licences SET holder_code = '911201160000000029', holder_name = 'x' WHERE id = %s", licence["id"])
        someone.refused("UPDATE licences SET identifier = 'x', number = 'x' WHERE id = %s", licence["id"])
        someone.refused("UPDATE licence_types SET validity_months = 1200")
        assert someone.value("SELECT number FROM licences WHERE id = %s", licence["id"]) == licence["number"]  # any hall finds it
        _tally(someone)
    connect("kg02").refused("UPDATE licences SET status = '01' WHERE id = %s", licence["id"])  # a clerk changes no status
    connect("hk_zb").no_rows(
        "UPDATE licences SET status = '03', status_changed_by = ca_account_id() WHERE id = %s", licence["id"]
    )  # another hall's supervisor
    own = connect("kg_zb")
    own.refused("UPDATE licences SET status = '03', status_changed_by = NULL WHERE id = %s", licence["id"])  # not in their own name


def test_a_clerk_issues_only_in_their_hall_and_name_and_valid(connect, hall: dict[str, int], licence: dict[str, object]) -> None:  # type: ignore[no-untyped-def]
    clerk = connect("kg02")
    me = clerk.value("SELECT ca_account_id()")
    issue = (
        "INSERT INTO licences (licence_type_id, serial, number, identifier, version, holder_kind, holder_code, holder_name, "
        "legal_representative, address, scope, issued_on, valid_from, valid_to, authority, hall_id, issued_by, status, created_at) "
        "VALUES (%s, 9999, 'forged', %s, 1, 'enterprise', '911201160000000029', 'x', '', '', '', current_date, current_date, "
        "NULL, 'x', %s, %s, %s, now())"
    )
    clerk.refused(issue, licence["type"], "1.forged.a", hall["hk"], me, "01")  # in another hall
    clerk.refused(issue, licence["type"], "1.forged.b", hall["kg"], hall["kg01"], "01")  # in a colleague's name
    clerk.refused(issue, licence["type"], "1.forged.c", hall["kg"], me, "03")  # born revoked, say
    clerk.refused("SELECT * FROM licences WHERE false FOR UPDATE")  # no row locks to hold others up
    for device in ("kg_display", "kg_kiosk"):
        machine = connect(device)
        machine.refused("SELECT * FROM licences")
        machine.refused("SELECT * FROM licence_types")
    _tally(clerk)


def test_inspections_are_recorded_by_the_halls_supervisors_only(connect, hall: dict[str, int], licence: dict[str, object]) -> None:  # type: ignore[no-untyped-def]
    clerk = connect("kg02")
    me = clerk.value("SELECT ca_account_id()")
    with clerk.connection.transaction():
        inspection = clerk.connection.execute(
            "INSERT INTO inspections (licence_id, hall_id, due_on, due_provisional, scheduled_by) "
            "VALUES (%s, %s, current_date + 20, false, %s) RETURNING id", (licence["id"], hall["kg"], me),
        ).fetchone()
    assert inspection is not None
    clerk.refused(
        "INSERT INTO inspections (licence_id, hall_id, due_on, due_provisional, scheduled_by) VALUES (%s, %s, current_date, false, %s)",
        licence["id"], hall["hk"], me,
    )  # scheduled in another hall
    clerk.refused("UPDATE inspections SET result = 'passed' WHERE id = %s", inspection[0])  # a clerk records no result
    clerk.refused("DELETE FROM inspections WHERE id = %s", inspection[0])
    connect("hk_zb").no_rows("UPDATE inspections SET result = 'passed', recorded_by = ca_account_id() WHERE id = %s", inspection[0])
    _tally(clerk)


# ---------------------------------------------------------------- settings and the catalogue


def test_settings_are_changed_only_by_the_halls_supervisors_and_the_administrator(connect, hall: dict[str, int], pg_demo_database: Database) -> None:  # type: ignore[no-untyped-def]
    own = connect("kg_zb")
    with own.connection.transaction():  # a setting of KG's own, by KG's supervisor
        own.connection.execute("INSERT INTO hall_settings (hall_id, key, value) VALUES (%s, 'recall_max', '5')", (hall["kg"],))
    for username in ("hk_zb", "kg02", "kg_display", "kg_kiosk"):
        attacker = connect(username)
        attacker.refused("UPDATE settings SET value = '0' WHERE key = 'recall_max'")
        attacker.refused("INSERT INTO settings (key, value) VALUES ('login_max_failures', '1000')")
        attacker.refused("DELETE FROM settings")
        attacker.refused("INSERT INTO hall_settings (hall_id, key, value) VALUES (%s, 'display_repeat', '9')", hall["kg"])
        attacker.refused("UPDATE halls SET opens_at = '00:00', closes_at = '23:59' WHERE id = %s", hall["kg"])
        if username == "hk_zb":  # a supervisor may change hall settings: of their own hall only
            attacker.no_rows("UPDATE hall_settings SET value = '0' WHERE hall_id = %s", hall["kg"])
            attacker.no_rows("DELETE FROM hall_settings WHERE hall_id = %s", hall["kg"])
        else:
            attacker.refused("UPDATE hall_settings SET value = '0' WHERE hall_id = %s", hall["kg"])
            attacker.refused("DELETE FROM hall_settings WHERE hall_id = %s", hall["kg"])
        _tally(attacker)
    with pg_demo_database.reading() as session:
        assert session.execute(select(HallSetting.key, HallSetting.value).where(HallSetting.hall_id == hall["kg"])).all() == [
            ("recall_max", "5")
        ]


def test_the_catalogue_is_the_administrators(connect, hall: dict[str, int], pg_demo_database: Database) -> None:  # type: ignore[no-untyped-def]
    with pg_demo_database.reading() as session:
        item = session.scalars(select(ServiceItem).order_by(ServiceItem.code).limit(1)).one()
        item_id, name, department = item.id, item.name, item.department_id
        materials = session.scalar(select(ServiceItemMaterial.id).where(ServiceItemMaterial.item_id == item_id).limit(1))
    for username in ("kg01", "kg_zb"):
        attacker = connect(username)
        attacker.refused(
            "INSERT INTO service_items (code, name, department_id, kind, case_type, statutory_limit, statutory_limit_unit, "
            "promised_limit, promised_limit_unit, extension_days, deferral_days, fees, notify_commit, renew_on_commitment, "
            "tolerance_acceptance, on_the_spot, nearby, online, one_visit, legal_basis, active, updated_at) "
            "VALUES ('X-0001', '伪造事项', %s, '行政许可', '承诺件', 1, 'working_days', 1, 'working_days', 0, 60, '', "
            "false, false, false, false, false, false, false, '', true, now())", department,
        )
        attacker.refused("UPDATE service_items SET name = '改名', statutory_limit = 99 WHERE id = %s", item_id)
        attacker.refused("UPDATE service_items SET active = false")
        attacker.refused("DELETE FROM service_items WHERE id = %s", item_id)
        attacker.refused(
            "INSERT INTO service_item_materials (item_id, position, name, \"deferrable\") VALUES (%s, 99, '伪造材料', true)", item_id
        )
        attacker.refused('UPDATE service_item_materials SET "deferrable" = true WHERE id = %s', materials)
        attacker.refused("DELETE FROM service_item_materials WHERE item_id = %s", item_id)
        assert attacker.value("SELECT name FROM service_items WHERE id = %s", item_id) == name  # they read it
        _tally(attacker)
    with pg_demo_database.reading() as session:
        assert session.scalar(select(ServiceItem.name).where(ServiceItem.id == item_id)) == name
        assert session.scalar(select(ServiceItemMaterial.id).where(ServiceItemMaterial.id == materials)) == materials


# ---------------------------------------------------------------- ticket moves (migration 0009)


def clerk_moves_of_the_domain() -> set[tuple[str, str]]:
    """The status changes a clerk's actions make (domain.queue.TRANSITIONS but issuing and
    the end of the day's close), a status left as it was excepted."""
    return {
        (before.value, after.value)
        for (action, before), after in TRANSITIONS.items()
        if before is not None and before is not after and action not in (TicketAction.ISSUE, TicketAction.CLOSE)
    }


def _migration_0009() -> ModuleType:
    path = Path(__file__).resolve().parent.parent / "migrations" / "versions" / "0009_ticket_moves.py"
    spec = importlib.util.spec_from_file_location("migration_0009", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_triggers_table_of_moves_is_the_domains() -> None:
    """The migration keeps the moves as they stood at its revision (a migration is never
    rewritten): when the domain's moves change, this fails until a new migration follows."""
    assert set(_migration_0009().CLERK_MOVES) == clerk_moves_of_the_domain()


def test_a_clerk_cannot_end_the_day_or_skip_the_counter(connect, hall: dict[str, int], pg_demo_database: Database) -> None:  # type: ignore[no-untyped-def]
    """The end of the day is a supervisor's: a clerk can neither close waiting tickets nor
    mark them done or no-show without calling them (once, with a SQL prompt, they could)."""
    for username in ("kg01", "kg02"):
        clerk = connect(username)
        clerk.refused("UPDATE tickets SET status = 'closed' WHERE status = 'waiting'")
        clerk.refused("UPDATE tickets SET status = 'closed' WHERE hall_id = %s", hall["kg"])
        clerk.refused("UPDATE tickets SET status = 'done', finished_at = now() WHERE id = %s", hall["waiting"])
        clerk.refused("UPDATE tickets SET status = 'no_show' WHERE id = %s", hall["waiting"])
        clerk.refused("UPDATE tickets SET status = 'serving', counter_id = NULL WHERE id = %s", hall["waiting"])
        _tally(clerk)
    own = connect("kg01")  # the ticket in hand at their own counter: closed neither
    own.refused("UPDATE tickets SET status = 'closed' WHERE id = %s", hall["called"])
    own.refused("UPDATE tickets SET status = 'closed', counter_id = NULL WHERE id = %s", hall["called"])
    _tally(own)
    with pg_demo_database.reading() as session:
        statuses = dict(session.execute(select(Ticket.id, Ticket.status).where(Ticket.id.in_([hall["waiting"], hall["called"]]))).all())
    assert statuses == {hall["waiting"]: "waiting", hall["called"]: "called"}
    supervisor = connect("kg_zb")  # the hall's supervisor still ends the day
    with supervisor.connection.transaction():
        closed = supervisor.connection.execute(
            "UPDATE tickets SET status = 'closed', close_reason = '日终' WHERE hall_id = %s AND status = 'waiting'", (hall["kg"],)
        ).rowcount
    assert closed == 1


def test_the_trigger_lets_a_clerk_make_exactly_the_domains_moves(connect, hall: dict[str, int], pg_demo_database: Database) -> None:  # type: ignore[no-untyped-def]
    """Every change of status tried by a clerk on a ticket row-level security lets them
    touch (in their hall, at no counter): allowed exactly when the domain has the move."""
    clerk, ticket = connect("kg02"), hall["waiting"]
    statuses = [status.value for status in TicketStatus]
    moved = set()
    for before in statuses:
        for after in statuses:
            if before == after:
                continue
            with pg_demo_database.transaction() as session:  # the owner puts the ticket there (the trigger lets it)
                session.execute(update(Ticket).where(Ticket.id == ticket).values(status=before, counter_id=None))
            try:
                with clerk.connection.transaction():
                    rows = clerk.connection.execute("UPDATE tickets SET status = %s WHERE id = %s", (after, ticket)).rowcount
                assert rows == 1, (before, after)
                moved.add((before, after))
            except errors.InsufficientPrivilege as refused:
                assert "supervisor's move" in str(refused)
    assert moved == clerk_moves_of_the_domain()
