"""Importing licences from an earlier register, on both databases: all rows or none, each
bad row reported with its line; serial counters raised so that a licence issued later never
collides; signed on the embedded database; only an administrator imports (on PostgreSQL
the database refuses anyone else too). And the "expiring soon" list exported as CSV."""

from __future__ import annotations

import csv
import io
import time
import tracemalloc
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import psycopg
import pytest
from psycopg import errors
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from counter_app.db.engine import Database
from counter_app.db.models import AuditRecord, Hall, Licence, LicenceSequence, LicenceType
from counter_app.domain.applicants import ApplicantKind
from counter_app.domain.licence_import import (
    CHINESE_NAMES,
    KnownType,
    parse_holder,
    parse_import_date,
    parse_status,
    read_header,
)
from counter_app.domain.licence_signing import verify_payload
from counter_app.domain.licences import LicenceStatus, licence_identifier, parse_licence_identifier
from counter_app.domain.queue import business_date
from counter_app.errors import ConflictError, PermissionDenied, ValidationError
from counter_app.services import cases, licences, queue
from counter_app.services.access import Actor
from counter_app.services.demo import DEMO_PASSWORD
from counter_app.services.licences import importing
from counter_app.services.licences.exporting import EXPIRING_COLUMNS, expiring_licences_csv
from counter_app.services.licences.importing import (
    ImportContext,
    LicenceFileReader,
    LicenceImportError,
    import_licences,
    import_licences_file,
)
from counter_app.services.licences.signing import public_keys
from tests.case_support import application, credit_code, enterprise, item_where, resident_id
from tests.queue_support import counter_id, hall_id, staff

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "resources" / "examples" / "licences_example.csv"
HEADER = (
    "licence_type", "number", "identifier", "holder_name", "holder_code", "legal_representative", "address", "scope",
    "issued_on", "valid_from", "valid_to", "hall", "status", "status_reason",
)
LABOUR = "劳务派遣经营许可证"  # a demo type: 36 months
HR = "人力资源服务许可证"  # a demo type without end


@dataclass(frozen=True)
class TypeFacts:
    id: int
    type_code: str
    issuer_code: str
    prefix: str


def _types(database: Database) -> dict[str, TypeFacts]:
    with database.reading() as session:
        rows = session.execute(
            select(LicenceType.name, LicenceType.id, LicenceType.type_code, LicenceType.issuer_code, LicenceType.number_prefix)
        ).tuples()
        return {name: TypeFacts(type_id, code, issuer, prefix) for name, type_id, code, issuer, prefix in rows}


def _today(database: Database) -> date:
    return business_date(database.now(), "Asia/Shanghai")


def row(
    types: Mapping[str, TypeFacts],
    serial: int,
    *,
    licence_type: str = LABOUR,
    holder: int = 1,
    today: date | None = None,
    **changes: str,
) -> dict[str, str]:
    """A valid row of ``licence_type`` with ``serial``, issued 400 days ago for three years."""
    facts = types[licence_type]
    issued = (today or date.today()) - timedelta(days=400)
    values = {
        "licence_type": licence_type,
        "number": f"{facts.prefix}〔{issued.year - 1}〕第{serial:04d}号",
        "identifier": licence_identifier(facts.type_code, facts.issuer_code, serial),
        "holder_name": f"天津港保税区导入测试有限公司{holder}",
        "holder_code": credit_code(700 + holder),
        "legal_representative": "王建华",
        "address": "天津港保税区西三道166号",
        "scope": "劳务派遣经营",
        "issued_on": issued.isoformat(),
        "valid_from": issued.isoformat(),
        "valid_to": (issued + timedelta(days=3 * 365)).isoformat(),
        "hall": "KG",
        "status": "01",
        "status_reason": "",
    }
    return values | changes


def csv_bytes(rows: Sequence[Mapping[str, str]], header: Sequence[str] = HEADER, *, bom: bool = False) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for values in rows:
        writer.writerow([values.get(column, "") for column in header])
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def _counts(database: Database) -> tuple[object, ...]:
    """What an import could change."""
    with database.reading() as session:
        return (
            session.scalar(select(func.count()).select_from(Licence)),
            sorted(session.execute(select(LicenceSequence.licence_type_id, LicenceSequence.last_serial)).tuples().all()),
        )


def _mistyped(code: str) -> str:
    """``code`` with a wrong check character."""
    return code[:-1] + ("1" if code[-1] != "1" else "2")


def _problems(error: LicenceImportError) -> dict[int, str]:
    return {problem.line: problem.message.english() for problem in error.problems}


@pytest.fixture
def admin(demo_database: Database) -> Actor:
    return staff(demo_database, "admin")


@pytest.fixture
def types(demo_database: Database) -> dict[str, TypeFacts]:
    return _types(demo_database)


@pytest.fixture
def today(demo_database: Database) -> date:
    return _today(demo_database)


# ---------------------------------------------------------------- a good file


def test_a_valid_file_imports_every_licence(
    demo_database: Database, admin: Actor, clerk: Actor, types: dict[str, TypeFacts], today: date
) -> None:
    rows = [
        row(types, 11, today=today, holder=1),
        row(types, 12, today=today, holder=2, status="02", status_reason="经营场所与登记不符，责令整改"),
        row(types, 3, today=today, holder=3, licence_type=HR, valid_to="", scope="职业中介"),
        row(types, 13, today=today, holder=4, holder_code=resident_id(704, "19850412"), holder_name="张伟",
            legal_representative="", status="吊销", status_reason="以欺骗手段取得许可", hall="hk"),
    ]
    report = import_licences(admin, csv_bytes(rows), "earlier.csv")
    assert report.total == 4 and dict(report.per_type) == {LABOUR: 3, HR: 1}
    assert dict(report.last_serials) == {LABOUR: 13, HR: 3}

    found = licences.find_licences(clerk, rows[0]["number"])
    assert [view.identifier for view in found] == [rows[0]["identifier"]]
    first = found[0]
    assert first.status is LicenceStatus.VALID and first.case_number is None and first.licence_type == LABOUR
    assert first.holder_kind is ApplicantKind.ENTERPRISE and first.holder_code_shown == credit_code(701)
    suspended = licences.find_licences(clerk, rows[1]["number"])[0]
    assert suspended.status is LicenceStatus.SUSPENDED and suspended.status_reason == "经营场所与登记不符，责令整改"
    endless = licences.find_licences(clerk, rows[2]["number"])[0]
    assert endless.valid_to is None and endless.renewal_opens is None and endless.status is LicenceStatus.VALID
    person = licences.find_licences(clerk, rows[3]["number"])[0]
    assert person.holder_kind is ApplicantKind.PERSON and person.status is LicenceStatus.WITHDRAWN
    assert person.holder_code_shown != resident_id(704, "19850412") and person.holder_code_shown.endswith(resident_id(704, "19850412")[-4:])
    assert "*" in person.holder_code_shown

    with demo_database.reading() as session:
        stored = {licence.number: licence for licence in session.scalars(select(Licence).where(Licence.imported.is_(True)))}
        keys = public_keys(session)
        audited = session.execute(select(AuditRecord.target, AuditRecord.outcome).where(AuditRecord.action == "import licences")).all()
        halls = dict(session.execute(select(Hall.code, Hall.id)).tuples().all())
        assert set(stored) == {values["number"] for values in rows}
        for values in rows:
            licence = stored[values["number"]]
            assert licence.issued_by == admin.staff_id and licence.case_id is None and licence.imported
            assert licence.serial == parse_licence_identifier(values["identifier"]).serial_number
            assert licence.hall_id == halls[values["hall"].upper()]
            if demo_database.backend == "sqlite":  # signed in the import's transaction
                assert licence.qr_payload is not None
                assert verify_payload(licence.qr_payload, keys, licence.holder_code, licence.valid_from, licence.valid_to)
            else:  # the signing agent signs after the commit
                assert licence.qr_payload is None
        assert stored[rows[1]["number"]].status_changed_by == admin.staff_id
        assert stored[rows[0]["number"]].status_changed_by is None and stored[rows[0]["number"]].status_reason is None
    assert [tuple(record) for record in audited] == [("earlier.csv", "ok")]


@pytest.mark.usefixtures("licence_signer")
def test_every_imported_licence_is_signed_and_verifies(demo_database: Database, admin: Actor, types: dict[str, TypeFacts], today: date) -> None:
    """More than one signing batch (200): on SQLite the import signs them all in its
    transaction; on PostgreSQL the signing agent, woken by the insert, after the commit."""
    report = import_licences(admin, csv_bytes([row(types, serial, today=today, holder=serial) for serial in range(1, 251)]))
    assert report.total == 250
    deadline = time.monotonic() + 30
    while True:
        with demo_database.reading() as session:
            signed = session.execute(
                select(Licence.qr_payload, Licence.holder_code, Licence.valid_from, Licence.valid_to).where(Licence.imported.is_(True))
            ).tuples().all()
            keys = public_keys(session)
        if all(payload for payload, *_ in signed) or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert len(signed) == 250
    assert all(payload and verify_payload(payload, keys, code, start, end) for payload, code, start, end in signed)


def test_the_example_file_imports(demo_database: Database, admin: Actor) -> None:
    report = import_licences_file(admin, EXAMPLE)
    assert report.total == 6 and len(report.per_type) == 5


def test_chinese_column_names_a_bom_and_what_spreadsheets_do_to_values(
    demo_database: Database, admin: Actor, clerk: Actor, types: dict[str, TypeFacts], today: date
) -> None:
    header = [CHINESE_NAMES[column] for column in (*HEADER, "holder_kind")]
    issued = today - timedelta(days=100)
    rows = [
        row(types, 21, today=today, holder=5, status="2", status_reason="责令整改", valid_to="",
            issued_on=f"{issued.year}/{issued.month}/{issued.day}", valid_from=f"{issued.year}年{issued.month}月{issued.day}日"),
        row(types, 22, today=today, holder=6, holder_kind="自然人", holder_code=resident_id(706), holder_name="李娜", status="有效"),
    ]
    chinese = [{CHINESE_NAMES[column]: value for column, value in values.items()} for values in rows]
    report = import_licences(admin, csv_bytes(chinese, header, bom=True))
    assert report.total == 2
    first = licences.find_licences(clerk, rows[0]["number"])[0]
    assert (first.stored_status, first.valid_to, first.issued_on, first.valid_from) == (LicenceStatus.SUSPENDED, None, issued, issued)
    assert licences.find_licences(clerk, rows[1]["number"])[0].holder_kind is ApplicantKind.PERSON


# ---------------------------------------------------------------- serials


@pytest.fixture
def signed_in(demo_database: Database, clerk: Actor) -> int:
    counter = counter_id(demo_database, 1)
    queue.open_counter(clerk, counter)
    return counter


def test_a_licence_issued_after_the_import_takes_a_serial_above_the_imported_ones(
    demo_database: Database, admin: Actor, clerk: Actor, signed_in: int, types: dict[str, TypeFacts], today: date
) -> None:
    item = item_where(demo_database, on_the_spot=True, deferrable=False, licence=True)
    name = item.licence_type or ""
    before = licences.find_licences(clerk, cases.accept_case(clerk, signed_in, application(item, enterprise(60))).licence_numbers[0])[0]
    assert parse_licence_identifier(before.identifier).serial_number == 1
    report = import_licences(admin, csv_bytes([row(types, 5000, licence_type=name, today=today), row(types, 40, licence_type=name, today=today, holder=2)]))
    assert report.last_serials == {name: 5000}
    view = cases.accept_case(clerk, signed_in, application(item, enterprise(61)))
    issued = licences.find_licences(clerk, view.licence_numbers[0])[0]
    assert parse_licence_identifier(issued.identifier).serial_number == 5001
    assert issued.number.endswith("第5001号") and issued.case_number == view.number
    # A file whose serials are all below the counter leaves it where it is.
    assert import_licences(admin, csv_bytes([row(types, 4000, licence_type=name, today=today, holder=3)])).last_serials == {name: 5001}


# ---------------------------------------------------------------- bad rows: all or nothing


def test_every_bad_row_is_refused_with_its_line_and_nothing_is_written(
    demo_database: Database, admin: Actor, types: dict[str, TypeFacts], today: date
) -> None:
    good = row(types, 101, today=today)
    other = types["食品经营许可证"]
    wrong_check = row(types, 102, today=today)["identifier"]
    wrong_check = wrong_check[:-1] + ("0" if wrong_check[-1] != "0" else "1")
    same_serial = licence_identifier(types[LABOUR].type_code, types[LABOUR].issuer_code, 101, version=2)
    bad = [
        (row(types, 102, today=today, identifier=wrong_check), "check character of the licence identifier"),
        (row(types, 103, today=today, identifier=licence_identifier(other.type_code, other.issuer_code, 103)), "type code"),
        (row(types, 104, today=today) | {"licence_type": "不存在的许可证"}, "Unknown licence type"),
        (row(types, 105, today=today, hall="XX"), "Unknown hall"),
        (row(types, 106, today=today, issued_on="2024-02-30"), "not a real date"),
        (row(types, 107, today=today, valid_from="20240101"), "must be a date written YYYY-MM-DD"),
        (row(types, 108, today=today, valid_from="2025-06-01", valid_to="2025-05-31"), "before it is valid from"),
        (row(types, 109, today=today, issued_on=(today + timedelta(days=1)).isoformat()), "after today"),
        (row(types, 101, today=today, holder=9), "The identifier 1.2.156.3005.2."),  # the same identifier as line 2
        (row(types, 101, today=today, identifier=same_serial), "The serial 101 of 劳务派遣经营许可证 is already on line 2"),
        (row(types, 110, today=today, number=good["number"]), "is already on line 2"),
        (row(types, 111, today=today, holder_code=_mistyped(credit_code(711))), "check character should be"),
        (row(types, 112, today=today, status="03"), "needs its reason"),
        (row(types, 113, today=today, status="撤回", status_reason="x"), "Unknown status"),
        (row(types, 114, today=today, holder_name="天津\x1b[31m公司"), "control character U+001B ESCAPE"),
        (row(types, 115, today=today, address="西三道\u202e166号"), "invisible formatting character"),
        (row(types, 116, today=today, number=f"{types[LABOUR].prefix}〔{today.year}〕第0099号"), "carries the serial 99"),
        (row(types, 117, today=today, holder_code=""), "Enter the unified social credit code"),
        (row(types, 0, today=today), "from 1 to"),
    ]
    data = csv_bytes([good, *(values for values, _ in bad)]) + b"a,b\n"
    before = _counts(demo_database)
    with pytest.raises(LicenceImportError) as caught:
        import_licences(admin, data)
    problems = _problems(caught.value)
    expected = {line: fragment for line, (_, fragment) in enumerate(bad, start=3)}
    expected[len(bad) + 3] = "The row has 2 fields; the header has 14."
    assert set(problems) == set(expected), problems
    for line, fragment in expected.items():
        assert fragment in problems[line], (line, problems[line])
    assert "already on line 2" in problems[11]  # the duplicate names both lines
    assert caught.value.total == len(expected) and "nothing was imported" in caught.value.english()
    assert _counts(demo_database) == before


def test_duplicates_of_the_register_are_refused(demo_database: Database, admin: Actor, types: dict[str, TypeFacts], today: date) -> None:
    first = [row(types, 201, today=today), row(types, 202, today=today, holder=2)]
    import_licences(admin, csv_bytes(first))
    before = _counts(demo_database)
    again = [
        row(types, 201, today=today, holder=3, number="津保劳务证字〔2019〕第9001号"),  # the same identifier
        row(types, 202, today=today, holder=4, number="津保劳务证字〔2019〕第9002号",
            identifier=licence_identifier(types[LABOUR].type_code, types[LABOUR].issuer_code, 202, version=3)),  # the same serial
        row(types, 203, today=today, holder=5, number=first[0]["number"]),  # the same number
        row(types, 204, today=today, holder=6),  # fine, but not imported
    ]
    with pytest.raises(LicenceImportError) as caught:
        import_licences(admin, csv_bytes(again))
    problems = _problems(caught.value)
    assert set(problems) == {2, 3, 4}, problems
    assert "already has a licence with the identifier" in problems[2]
    assert f"serial 202 ({first[1]['number']})" in problems[3]
    assert "numbered " + first[0]["number"] in problems[4]
    assert _counts(demo_database) == before


def test_a_register_changed_during_the_import_rolls_every_batch_back(
    demo_database: Database, admin: Actor, types: dict[str, TypeFacts], today: date, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A licence added between the check and the writing (as if by someone else): the
    unique constraint stops the import in its third batch; the batches written before it,
    and the raised serial counter, are rolled back."""
    import_licences(admin, csv_bytes([row(types, 505, today=today, holder=9, number="津保劳务证字〔2019〕第9505号")]))
    before = _counts(demo_database)
    monkeypatch.setattr(importing, "BATCH_ROWS", 2)
    monkeypatch.setattr(importing, "_duplicates_in_register", lambda *_args: [])  # the check saw no duplicate
    with pytest.raises(ConflictError, match="changed by someone else"):
        import_licences(admin, csv_bytes([row(types, serial, today=today, holder=serial) for serial in range(501, 507)]))
    assert _counts(demo_database) == before


BAD_FILES = [
    (csv_bytes([], ("licence_type", "number", "identifier", "holder", "holder_code")), 1, "unknown column 'holder'"),
    (csv_bytes([], (*HEADER[:5], "有效期至")), 1, "mixes English column names"),
    (csv_bytes([], (*HEADER, "number")), 1, "twice (as column 2 and column 15)"),
    (csv_bytes([], HEADER[:-3]), 1, "lacks the column(s): hall"),
    (csv_bytes([], [CHINESE_NAMES[column] for column in HEADER[:-3]]), 1, "lacks the column(s): 大厅"),
    (csv_bytes([], (*HEADER, "")), 1, "Column 15 of the header row has no name"),
    (b"", 1, "The file is empty"),
    (b"\xef\xbb\xbf\n\n", 1, "The file is empty"),
    (csv_bytes([]), 1, "The file has no licences"),
    (",".join(HEADER).encode("utf-16"), 1, "not CSV text in UTF-8"),
    (b"licence_type\x00,number\n", 1, "not CSV text in UTF-8"),
    (b'\n\nlicence_type,"number\n' + b"x" * (1 << 20), 3, "longer than"),
]


def test_file_level_problems_are_refused_with_their_line(demo_database: Database, admin: Actor) -> None:
    before = _counts(demo_database)
    for data, line, fragment in BAD_FILES:
        with pytest.raises(LicenceImportError) as caught:
            import_licences(admin, data)
        assert [(problem.line, fragment in problem.message.english()) for problem in caught.value.problems] == [(line, True)], (
            fragment, _problems(caught.value),
        )
    assert _counts(demo_database) == before


def test_only_an_administrator_imports(demo_database: Database, types: dict[str, TypeFacts], today: date, tmp_path: Path) -> None:
    before = _counts(demo_database)
    for username in ("kg_zb", "kg01"):
        with pytest.raises(PermissionDenied):
            import_licences(staff(demo_database, username), csv_bytes([row(types, 301, today=today)]))
    with pytest.raises(PermissionDenied):
        import_licences_file(staff(demo_database, "kg_zb"), EXAMPLE)
    assert _counts(demo_database) == before
    with pytest.raises(ValidationError, match="cannot be read"):
        import_licences_file(staff(demo_database, "admin"), tmp_path / "missing.csv")


# ---------------------------------------------------------------- PostgreSQL: the database refuses too


def test_on_postgresql_only_an_administrator_inserts_imported_licences_in_their_own_name(pg_demo_database: Database) -> None:
    database = pg_demo_database
    facts = _types(database)[LABOUR]
    kg = hall_id(database)
    url = make_url(database.engine.url.render_as_string(hide_password=False))
    statement = (
        "INSERT INTO licences (licence_type_id, serial, number, identifier, version, holder_kind, holder_code, holder_name, "
        "legal_representative, address, scope, issued_on, valid_from, valid_to, authority, hall_id, status, issued_by, "
        "created_at, imported) VALUES (%s, %s, %s, %s, 1, 'enterprise', %s, 'x', '', '', '', current_date - 10, "
        "current_date - 10, NULL, 'x', %s, %s, %s, now(), %s)"
    )

    def attempt(connection: psycopg.Connection, serial: int, issued_by: object, status: str = "01", imported: bool = True) -> None:
        identifier = licence_identifier(facts.type_code, facts.issuer_code, serial)
        connection.execute(statement, (facts.id, serial, f"forged {serial}", identifier, credit_code(9), kg, status, issued_by, imported))

    with (
        psycopg.connect(host=url.query["host"], dbname=url.database, user="kg02", password=DEMO_PASSWORD, autocommit=True) as clerk,
        psycopg.connect(host=url.query["host"], dbname=url.database, user="admin", password=DEMO_PASSWORD, autocommit=True) as admin,
    ):
        clerk_id = clerk.execute("SELECT ca_account_id()").fetchone()
        admin_id = admin.execute("SELECT ca_account_id()").fetchone()
        assert clerk_id is not None and admin_id is not None
        refused = (errors.InsufficientPrivilege,)
        with pytest.raises(refused), clerk.transaction():
            attempt(clerk, 9001, clerk_id[0])  # a clerk marks nothing imported, not even in their own hall and name
        with pytest.raises(refused), admin.transaction():
            attempt(admin, 9002, clerk_id[0])  # an administrator imports in their own name only
        with pytest.raises(refused), admin.transaction():
            attempt(admin, 9003, admin_id[0], status="03", imported=False)  # nor issues one born revoked without the mark
        with admin.transaction(force_rollback=True):  # what the import does is allowed (and rolled back here)
            attempt(admin, 9004, admin_id[0], status="03")
    with database.reading() as session:
        assert session.scalar(select(func.count()).select_from(Licence).where(Licence.number.like("forged%"))) == 0


# ---------------------------------------------------------------- the expiring list as CSV


def test_the_expiring_list_exports_as_csv_read_back(
    demo_database: Database, admin: Actor, clerk: Actor, types: dict[str, TypeFacts], today: date
) -> None:
    def ending_in(days: int) -> dict[str, str]:
        return {"issued_on": (today - timedelta(days=1000)).isoformat(), "valid_from": (today - timedelta(days=1000)).isoformat(),
                "valid_to": (today + timedelta(days=days)).isoformat()}

    person_id = resident_id(801, "19800101")
    rows = [
        row(types, 401, today=today, holder=1, **ending_in(60)),
        row(types, 402, today=today, holder=2, holder_code=person_id, holder_name="张伟", legal_representative="", **ending_in(30)),
        row(types, 403, today=today, holder=3, holder_name="=HYPERLINK(\"http://x\")", **ending_in(45)),
        row(types, 404, today=today, holder=4, hall="HK", **ending_in(20)),  # another hall
        row(types, 405, today=today, holder=5, status="02", status_reason="暂扣", **ending_in(10)),  # suspended
        row(types, 406, today=today, holder=6, **ending_in(500)),  # not soon
    ]
    import_licences(admin, csv_bytes(rows))
    data = expiring_licences_csv(clerk, hall_id(demo_database), 90)
    assert data.startswith(b"\xef\xbb\xbf")
    read = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert read[0] == list(EXPIRING_COLUMNS)
    body = {line[1]: line for line in read[1:]}
    assert set(body) == {rows[0]["number"], rows[1]["number"], rows[2]["number"]}
    assert [line[1] for line in read[1:]] == [rows[1]["number"], rows[2]["number"], rows[0]["number"]]  # soonest first
    valid_to = today + timedelta(days=30)
    assert body[rows[1]["number"]] == [
        LABOUR, rows[1]["number"], "张伟", person_id[:4] + "*" * 10 + person_id[-4:],
        valid_to.isoformat(), (valid_to - timedelta(days=90)).isoformat(), "30",
    ]
    assert body[rows[2]["number"]][2] == "'=HYPERLINK(\"http://x\")"  # never a formula in Excel
    assert body[rows[0]["number"]][3] == credit_code(701) and body[rows[0]["number"]][6] == "60"
    with pytest.raises(PermissionDenied, match="own hall"):
        expiring_licences_csv(clerk, hall_id(demo_database, "HK"), 90)
    assert csv.reader(io.StringIO(expiring_licences_csv(clerk, hall_id(demo_database), 1).decode("utf-8-sig"))).__next__() == list(
        EXPIRING_COLUMNS
    )


# ---------------------------------------------------------------- the rules, without a database


def test_statuses_as_files_write_them() -> None:
    assert parse_status("") is LicenceStatus.VALID
    assert parse_status("01") is parse_status("1") is parse_status("有效") is parse_status(" Valid ") is LicenceStatus.VALID
    assert parse_status("０７") is parse_status("吊销") is LicenceStatus.WITHDRAWN
    assert parse_status("撤销") is parse_status("3") is LicenceStatus.REVOKED
    for word in ("06", "撤回", "expired"):
        with pytest.raises(ValidationError, match="Unknown status"):
            parse_status(word)


def test_dates_are_written_year_first() -> None:
    for text in ("2024-03-01", "2024-3-1", "2024/3/1", "2024年3月1日", "２０２４-０３-０１"):
        assert parse_import_date(text, "issued_on") == date(2024, 3, 1)
    for text, fragment in (("01/03/2024", "YYYY-MM-DD"), ("2024-13-01", "not a real date"), ("1900-01-01", "not a real date"),
                           ("", "is empty")):
        with pytest.raises(ValidationError, match=fragment):
            parse_import_date(text, "issued_on")


def test_the_holders_kind_is_read_from_the_code_unless_given() -> None:
    today = date(2026, 12, 1)
    assert parse_holder(credit_code(5), None, today) == (ApplicantKind.ENTERPRISE, credit_code(5))
    assert parse_holder(resident_id(5).lower(), None, today) == (ApplicantKind.PERSON, resident_id(5))
    with pytest.raises(ValidationError, match="ID number"):
        parse_holder(credit_code(5), ApplicantKind.PERSON, today)
    with pytest.raises(ValidationError, match="check character"):
        parse_holder(_mistyped(resident_id(5)), None, today)
    with pytest.raises(ValidationError, match="check character"):  # all digits, but a credit code's
        parse_holder(_mistyped(credit_code(8) if credit_code(8).isdigit() else credit_code(12)), None, today)


def test_a_header_is_english_or_chinese() -> None:
    assert read_header(HEADER).positions["hall"] == 11
    assert not read_header(HEADER).chinese and read_header([CHINESE_NAMES[column] for column in HEADER]).chinese
    with pytest.raises(ValidationError, match="mixes"):
        read_header([*HEADER[:-1], "状态原因"])


# ---------------------------------------------------------------- big files


def licence_file_rows(types: Mapping[str, KnownType], count: int, today: date, halls: Sequence[str] = ("KG", "HK", "LG", "HG")) -> Iterator[list[str]]:
    """``count`` valid rows over every licence type (serials 1 … per type), some persons,
    some without end, some suspended: the rows of a large earlier register."""
    names = sorted(types)
    for index in range(count):
        name = names[index % len(names)]
        known = types[name]
        serial = index // len(names) + 1
        issued = today - timedelta(days=30 + index % 1500)
        person = index % 7 == 0
        suspended = index % 50 == 0
        yield [
            name,
            f"旧{known.number_prefix}第{serial:06d}号",
            licence_identifier(known.type_code, "11120116006000001E", serial),
            "张伟" if person else f"天津港保税区大型导入测试有限公司{index}",
            resident_id(index) if person else credit_code(100_000 + index),
            "" if person else "王建华",
            "天津港保税区西三道166号",
            "许可经营项目，以许可证载明为准",
            issued.isoformat(),
            issued.isoformat(),
            "" if index % 11 == 0 else (issued + timedelta(days=1826)).isoformat(),
            halls[index % len(halls)],
            "02" if suspended else "01",
            "责令整改" if suspended else "",
        ]


def licence_file(types: Mapping[str, KnownType], count: int, today: date) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(licence_file_rows(types, count, today))
    return out.getvalue().encode("utf-8")


def _known_types(database: Database) -> dict[str, KnownType]:
    with database.reading() as session:
        rows = session.execute(
            select(LicenceType.name, LicenceType.type_code, LicenceType.authority, LicenceType.number_prefix)
        ).tuples()
        return {name: KnownType(name, code, authority, prefix) for name, code, authority, prefix in rows}


def test_checking_a_large_file_streams_it_in_bounded_memory() -> None:
    types = {f"许可证{number}": KnownType(f"许可证{number}", _type_code(number), "机关", f"津保{number}证字") for number in range(1, 6)}
    today = date(2026, 12, 1)
    data = licence_file(types, 20_000, today)
    context = ImportContext(types, {name: number for number, name in enumerate(types, 1)}, {"KG": 1, "HK": 2, "LG": 3, "HG": 4}, today)

    def check() -> int:
        reader = LicenceFileReader(io.BytesIO(data), context)
        count = sum(1 for _ in reader.rows())
        assert not reader.problems.count, reader.problems.kept[:3]
        return count

    check()  # warm up (imports, caches)
    tracemalloc.start()
    try:
        baseline = tracemalloc.get_traced_memory()[0]
        assert check() == 20_000
        peak = tracemalloc.get_traced_memory()[1] - baseline
    finally:
        tracemalloc.stop()
    print(f"{len(data) / 2**20:.1f} MB file, peak {peak / 2**20:.2f} MB")
    # What grows with the file is the identifiers, serials and numbers seen (to name a
    # duplicate's first line): about 450 bytes a licence, 9 MB for 20,000. Holding the rows
    # checked would take 26 MB (measured), and grow with every column.
    assert peak < 12 * 2**20, f"peak {peak / 2**20:.1f} MB"


def _type_code(number: int) -> str:
    from counter_app.services.demo import demo_credit_code

    return demo_credit_code("11", "100000", 3_000_000 + number) + f"{number:03d}"


@pytest.mark.slow
def test_a_20000_row_register_imports_in_one_transaction(demo_database: Database, admin: Actor, tmp_path: Path) -> None:
    today = _today(demo_database)
    path = tmp_path / "register.csv"
    path.write_bytes(licence_file(_known_types(demo_database), 20_000, today))
    before = _counts(demo_database)[0]
    started = time.perf_counter()
    report = import_licences_file(admin, path)
    seconds = time.perf_counter() - started
    print(f"{demo_database.backend}: 20,000 licences imported in {seconds:.1f} s")
    assert report.total == 20_000 and sum(report.per_type.values()) == 20_000
    with demo_database.reading() as session:
        assert session.scalar(select(func.count()).select_from(Licence)) == (before or 0) + 20_000
        unsigned = session.scalar(select(func.count()).select_from(Licence).where(Licence.qr_payload.is_(None)))
    assert unsigned == (0 if demo_database.backend == "sqlite" else 20_000)
