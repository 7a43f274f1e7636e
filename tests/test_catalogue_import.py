"""Catalogue import: all rows or none, each bad row reported with its line and reason;
hostile files refused the same way; big files streamed in bounded memory."""

from __future__ import annotations

import dataclasses
import io
import random
import tracemalloc
from pathlib import Path

import pytest
from sqlalchemy import func, select

from counter_app.db.engine import Database
from counter_app.db.models import ServiceItem, ServiceItemMaterial
from counter_app.domain.cases import LimitUnit, TimeLimit
from counter_app.errors import PermissionDenied, ValidationError
from counter_app.paths import demo_dir
from counter_app.services.access import Actor
from counter_app.services.catalogue import (
    COLUMNS,
    LIMIT_COLUMNS,
    MAX_PROBLEMS_REPORTED,
    MAX_ROW_BYTES,
    CatalogueImportError,
    ItemRow,
    apply_catalogue,
    check_catalogue,
    import_catalogue,
    import_catalogue_file,
    list_service_items,
    parse_catalogue,
)
from counter_app.services.demo import DEPARTMENTS
from tests.queue_support import staff

HEADER = ",".join(COLUMNS)
GOOD = (
    "T-0001,劳务派遣经营许可,行政审批局,行政许可,承诺件,20,工作日,3,工作日,10,60,不收费,"
    "申请书;营业执照;经营场所证明(可容缺),劳务派遣经营许可证,36,是,是,是,否,是,是,是,《劳务派遣行政许可实施办法》"
)
GOOD_2 = (
    "T-0002,社会保险登记,人力资源和社会保障局,公共服务,即办件,,当场,,当场,,,,"
    "登记表;营业执照,,,否,否,否,是,是,是,是,《社会保险法》"
)


def _csv(*rows: str) -> bytes:
    return ("\n".join((HEADER, *rows)) + "\n").encode("utf-8")


def _count(database: Database) -> int:
    with database.reading() as session:
        return session.scalar(select(func.count()).select_from(ServiceItem)) or 0


@pytest.fixture
def admin(demo_database: Database) -> Actor:
    return staff(demo_database, "admin")


def test_demo_catalogue_has_at_least_30_real_items(demo_database: Database, admin: Actor) -> None:
    items = list_service_items(admin)
    assert len(items) >= 30
    names = {item.name for item in items}
    assert any("劳务派遣" in name for name in names)
    assert any("食品经营" in name for name in names)
    assert all(item.material_count >= 1 for item in items)


def test_import_creates_then_updates_by_code(demo_database: Database, admin: Actor) -> None:
    before = _count(demo_database)
    report = import_catalogue(admin, _csv(GOOD, GOOD_2), "test.csv")
    assert (report.created, report.updated) == (2, 0)
    changed = GOOD.replace(",20,工作日,3,", ",20,工作日,2,").replace("申请书;", "")
    report = import_catalogue(admin, _csv(changed), "test.csv")
    assert (report.created, report.updated) == (0, 1)
    assert _count(demo_database) == before + 2
    with demo_database.reading() as session:
        item = session.scalars(select(ServiceItem).where(ServiceItem.code == "T-0001")).one()
        assert (item.promised_limit, item.promised_limit_unit) == (2, "working_days")
        assert item.renew_on_commitment and item.tolerance_acceptance
        materials = [(m.name, m.deferrable) for m in item.materials]
    assert materials == [("营业执照", False), ("经营场所证明", True)]


@pytest.mark.parametrize(
    ("bad_row", "reason"),
    [
        (GOOD.replace("行政许可,承诺件", "许可,承诺件"), "Unknown kind"),
        (GOOD.replace("承诺件", "明天办"), "Unknown case type"),
        (GOOD.replace(",工作日,3,", ",工作日,x,"), "whole number"),
        (GOOD.replace(",20,工作日,3,", ",2,工作日,3,"), "longer than the statutory limit"),
        (GOOD.replace(",是,是,是,否,", ",是,是,否,否,"), "does not allow 容缺受理"),
        (GOOD.replace("劳务派遣经营许可证,36", ",36"), "no licence type"),
        (GOOD.replace(",是,是,是,否,是,是,是,", ",也许,是,是,否,是,是,是,"), "是 or 否"),
        (GOOD + ",extra", "fields"),
        (GOOD.replace("行政审批局", "不存在的局"), "Unknown department"),
    ],
)
def test_a_bad_row_is_reported_with_its_line_and_nothing_is_imported(
    demo_database: Database, admin: Actor, bad_row: str, reason: str
) -> None:
    before = _count(demo_database)
    with pytest.raises(CatalogueImportError) as caught:
        import_catalogue(admin, _csv(GOOD_2, bad_row), "bad.csv")
    problems = caught.value.problems
    assert [problem.line for problem in problems] == [3]
    assert reason in problems[0].message.english()
    assert _count(demo_database) == before


def test_every_bad_row_is_listed_and_duplicates_are_caught(demo_database: Database, admin: Actor) -> None:
    with pytest.raises(CatalogueImportError) as caught:
        import_catalogue(admin, _csv(GOOD, "", GOOD, GOOD_2.replace("即办件", "?")), "bad.csv")
    problems = [(problem.line, problem.message.english()) for problem in caught.value.problems]
    assert [line for line, _ in problems] == [4, 5]
    assert "already used on line 2" in problems[0][1]
    assert "Unknown case type" in problems[1][1]


def test_quoted_multiline_fields_keep_line_numbers_right(demo_database: Database, admin: Actor) -> None:
    multiline = GOOD_2.replace("《社会保险法》", '"《社会保险法》\n第五十七条"')
    bad = GOOD.replace("承诺件", "?")
    with pytest.raises(CatalogueImportError) as caught:
        import_catalogue(admin, _csv(multiline, bad), "bad.csv")
    assert [problem.line for problem in caught.value.problems] == [4]


def test_file_level_problems(demo_database: Database, admin: Actor) -> None:
    with pytest.raises(CatalogueImportError, match="1 problem") as caught:
        import_catalogue(admin, b"code,name\nx,y\n", "bad.csv")
    assert "lacks the column" in caught.value.problems[0].message.english()
    with pytest.raises(CatalogueImportError) as caught:
        import_catalogue(admin, _csv(GOOD_2) + "T-9,名".encode("gbk") + b"\n", "gbk.csv")
    assert caught.value.problems[0].line == 3
    assert "UTF-8" in caught.value.problems[0].message.english()
    with pytest.raises(CatalogueImportError, match="1 problem"):
        import_catalogue(admin, _csv(), "empty.csv")


def test_a_bom_is_accepted(demo_database: Database, admin: Actor) -> None:
    assert import_catalogue(admin, b"\xef\xbb\xbf" + _csv(GOOD_2), "bom.csv").created == 1


def test_only_administrators_import(demo_database: Database) -> None:
    supervisor = staff(demo_database, "kg_zb")
    with pytest.raises(PermissionDenied):
        import_catalogue(supervisor, _csv(GOOD), "x.csv")


def test_search_by_name_or_code(demo_database: Database, admin: Actor) -> None:
    found = list_service_items(admin, "劳务派遣")
    assert found and all("劳务派遣" in item.name for item in found)
    with demo_database.reading() as session:
        assert session.scalar(select(func.count()).select_from(ServiceItemMaterial))


# ---------------------------------------------------------------- hostile and broken files


def _counts(database: Database) -> tuple[int, int]:
    with database.reading() as session:
        return (
            session.scalar(select(func.count()).select_from(ServiceItem)) or 0,
            session.scalar(select(func.count()).select_from(ServiceItemMaterial)) or 0,
        )


def _refused(database: Database, admin: Actor, data: bytes) -> CatalogueImportError:
    """Import ``data``, expect a refusal, check that nothing changed; the refusal."""
    before = _counts(database)
    with pytest.raises(CatalogueImportError) as caught:
        import_catalogue(admin, data, "bad.csv")
    assert _counts(database) == before
    assert caught.value.problems, "a refusal lists its problems"
    return caught.value


def _checked(data: bytes) -> CatalogueImportError:
    """The file checked as an import checks it before writing, without a database (a value's
    rules are the reader's; that a refusal changes nothing is tested on both databases above)."""
    with pytest.raises(CatalogueImportError) as caught:
        check_catalogue(io.BytesIO(data), {name for _code, name in DEPARTMENTS})
    assert caught.value.problems, "a refusal lists its problems"
    return caught.value


def _only_problem(error: CatalogueImportError) -> tuple[int, str]:
    assert len(error.problems) == 1, [(p.line, p.message.english()) for p in error.problems]
    return error.problems[0].line, error.problems[0].message.english()


def _field(row: str, column: str, value: str) -> str:
    """``row`` (a GOOD row: no quoted field) with ``column`` set to ``value`` (quoted)."""
    fields = row.split(",")
    fields[COLUMNS.index(column)] = '"' + value.replace('"', '""') + '"'
    return ",".join(fields)


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        # the attacker's numbers
        (
            "promised_limit",
            "²",
            "Column promised_limit must be a whole number from 1 to 3650 when the unit is working_days, not '²'.",
        ),
        ("statutory_limit", "12345678901234567890", "from 1 to 3650 when the unit is working_days, not '12345678901234567890'"),
        ("statutory_limit", "3651", "from 1 to 3650"),
        ("promised_limit", "-1", "from 1 to 3650 when the unit is working_days, not '-1'"),
        ("promised_limit", "1.5", "whole number"),
        ("promised_limit", "1_0", "whole number"),
        ("promised_limit", "٣", "whole number"),  # an Arabic-Indic digit: isdigit() and int() take it
        ("promised_limit", "1e3", "whole number"),
        ("extension_days", "3651", "Column extension_days must be a whole number from 0 to 3650, not '3651'."),
        ("deferral_days", "0", "Column deferral_days must be a whole number from 1 to 3650, not '0'."),
        ("fees", "费" * 201, "Column fees is too long: 201 characters, at most 200 are allowed."),
        ("fees", "工本费[2J", "Column fees contains the control character U+001B ESCAPE at position 4"),
        ("statutory_limit_unit", "‮工作日", "Column statutory_limit_unit contains the invisible formatting character"),
        ("licence_validity_months", "1201", "Column licence_validity_months must be a whole number from 1 to 1200"),
        ("licence_validity_months", "0", "from 1 to 1200, not '0'"),
        ("licence_validity_months", "9" * 5000, "Column licence_validity_months is too long: 5000 characters"),
        # the attacker's characters, in every kind of column
        ("name", "劳务\x00派遣", "Column name contains the control character U+0000 NULL at position 3"),
        ("name", "\x1b[31m劳务派遣", "Column name contains the control character U+001B ESCAPE at position 1"),
        ("code", "T-\u202e1000", "Column code contains the invisible formatting character U+202E RIGHT-TO-LEFT OVERRIDE at position 3"),
        ("department", "行政\u200b审批局", "Column department contains the invisible formatting character U+200B ZERO WIDTH SPACE at position 3"),
        ("materials", "申请书;营业\ufeff执照", "U+FEFF ZERO WIDTH NO-BREAK SPACE at position 7"),
        ("legal_basis", "《行政许可法》\x1b[2J", "Column legal_basis contains the control character U+001B ESCAPE at position 8"),
        ("licence_type", "许可证\ue000", "private-use character U+E000 at position 4"),
        ("kind", "\x1b[31m行政许可", "Column kind contains the control character U+001B"),  # never echoed raw
        ("name", "劳务派遣\n经营许可", "Column name must be on one line: there is a line break (U+000A LINE FEED) at position 5"),
        ("name", "a\tb", "U+0009 CHARACTER TABULATION at position 2"),
        # lengths: the database columns' sizes
        ("code", "C" * 65, "Column code is too long: 65 characters, at most 64 are allowed."),
        ("name", "名" * 201, "Column name is too long: 201 characters, at most 200 are allowed."),
        ("department", "局" * 101, "Column department is too long: 101 characters, at most 100"),
        ("licence_type", "证" * 101, "Column licence_type is too long: 101 characters, at most 100"),
        ("legal_basis", "法" * 2001, "Column legal_basis is too long: 2001 characters, at most 2000"),
        ("legal_basis", "x" * 131_072, "Column legal_basis is too long: 131072 characters, at most 2000"),
        ("materials", "申请书;" + "材" * 201, "A material name is too long: 201 characters, at most 200"),
        ("materials", ";".join(f"材料{n}" for n in range(101)), "at most 100 materials; this one lists 101"),
        ("materials", "申请书;(可容缺)", "A material name is empty."),
        ("code", "   ", "Column code is empty."),
        ("name", "\u3000", "Column name is empty."),
        ("department", "", "Column department is empty."),
    ],
)
def test_a_hostile_or_wrong_value_is_refused_with_its_line_and_column(column: str, value: str, expected: str) -> None:
    error = _checked(_csv(GOOD_2, _field(GOOD, column, value), GOOD_2.replace("T-0002", "T-0003")))
    line, message = _only_problem(error)
    assert line == 3
    assert expected in message


def test_a_field_beyond_the_csv_module_limit_is_a_line_numbered_problem(demo_database: Database, admin: Actor) -> None:
    huge = GOOD.replace("《劳务派遣行政许可实施办法》", "x" * 131_073)
    error = _refused(demo_database, admin, _csv(GOOD_2, huge, "T-9,名,,,,,,,,,,,,,,,,"))
    problems = [(problem.line, problem.message.english()) for problem in error.problems]
    assert problems[0][0] == 3
    assert "longer than 131072 characters" in problems[0][1]
    assert problems[1][0] == 4  # the next row is still read and checked


def test_a_quoted_huge_field_is_refused_too(demo_database: Database, admin: Actor) -> None:
    huge = _field(GOOD, "legal_basis", "长" * 200_000)
    line, message = _only_problem(_refused(demo_database, admin, _csv(GOOD_2, huge)))
    assert line == 3 and "longer than 131072 characters" in message


@pytest.mark.parametrize(
    ("row", "found"),
    [(GOOD + ",extra", 24), (GOOD + ",,", 25), (GOOD.rsplit(",", 1)[0], 22), ("T-0009,名称", 2), ("T-0009", 1)],
)
def test_too_many_or_too_few_fields(demo_database: Database, admin: Actor, row: str, found: int) -> None:
    line, message = _only_problem(_refused(demo_database, admin, _csv(GOOD_2, row)))
    assert (line, message) == (3, f"The row has {found} fields; the header has 23.")


def test_a_duplicated_header_column_is_refused_by_name(demo_database: Database, admin: Actor) -> None:
    data = (f"{HEADER},name\n{GOOD},另一个名称\n").encode()
    line, message = _only_problem(_refused(demo_database, admin, data))
    assert line == 1
    assert message == "The header row has the column name twice (as column 2 and column 24)."


def test_unknown_extra_columns_are_ignored(demo_database: Database, admin: Actor) -> None:
    data = (f"{HEADER},备注,备注\n{GOOD_2},x,y\n").encode()
    assert import_catalogue(admin, data, "extra.csv").created == 1


@pytest.mark.parametrize(
    ("data", "line", "fragment"),
    [
        (b"", 1, "The file is empty"),
        (b"\xef\xbb\xbf", 1, "The file is empty"),
        (b"\n\r\n\n", 1, "The file is empty"),
        ((HEADER + "\n").encode(), 1, "The file has no items."),
        ((HEADER + "\r\n\r\n,,,,,,,,,,,,,,,,,\r\n").encode(), 3, "The file has no items."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", 1, "not CSV text in UTF-8"),
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00", 1, "not CSV text in UTF-8"),  # an .xlsx
        (("\ufeff" + HEADER + "\n" + GOOD_2 + "\n").encode("utf-16"), 1, "not CSV text in UTF-8"),
        (bytes(range(256)) * 64, 1, "not CSV text in UTF-8"),
        (b"code,name\nx,y\n", 1, "lacks the column(s): department, kind"),
    ],
)
def test_file_level_refusals(demo_database: Database, admin: Actor, data: bytes, line: int, fragment: str) -> None:
    error = _refused(demo_database, admin, data)
    assert _only_problem(error)[0] == line
    assert fragment in _only_problem(error)[1]


def test_a_line_without_end_is_refused_without_reading_it_all(demo_database: Database, admin: Actor) -> None:
    data = _csv(GOOD_2) + b"x" * (3 * MAX_ROW_BYTES)  # no line break: a binary blob, or a broken file
    line, message = _only_problem(_refused(demo_database, admin, data))
    assert line == 3 and f"longer than {MAX_ROW_BYTES} bytes" in message


def test_a_quote_left_open_is_reported_where_its_row_starts(demo_database: Database, admin: Actor) -> None:
    rows = [GOOD_2.replace("T-0002", f"T-{n:04d}") for n in range(10, 20)]
    data = _csv(GOOD_2, GOOD.replace("劳务派遣经营许可,", '"劳务派遣经营许可,'), *rows)
    error = _refused(demo_database, admin, data)
    assert [problem.line for problem in error.problems] == [3]  # the open quote swallows the rest


def test_a_lone_carriage_return_inside_a_field_is_explained(demo_database: Database, admin: Actor) -> None:
    line, message = _only_problem(_refused(demo_database, admin, _csv(GOOD_2, GOOD.replace("申请书;", "申请书\r;"))))
    assert line == 3 and "line break (CR)" in message


def test_not_utf8_halfway_is_reported_at_its_line(demo_database: Database, admin: Actor) -> None:
    data = _csv(GOOD_2, GOOD_2.replace("T-0002", "T-0003")) + GOOD.encode("gb18030") + b"\n" + _csv(GOOD_2)
    line, message = _only_problem(_refused(demo_database, admin, data))
    assert line == 4 and "not UTF-8" in message


def test_crlf_bom_and_quoted_multiline_fields(demo_database: Database, admin: Actor) -> None:
    multiline = GOOD_2.replace("《社会保险法》", '"《社会保险法》\r\n第五十七条\r\n\r\n"')
    data = ("\ufeff" + "\r\n".join((HEADER, multiline, GOOD)) + "\r\n").encode()
    report = import_catalogue(admin, data, "crlf.csv")
    assert (report.created, report.updated) == (2, 0)
    with demo_database.reading() as session:
        stored = session.scalars(select(ServiceItem.legal_basis).where(ServiceItem.code == "T-0002")).one()
    assert stored == "《社会保险法》\n第五十七条"
    bad = GOOD.replace("承诺件", "?")
    data = ("\r\n".join((HEADER, multiline, bad, multiline.replace("T-0002", "T-0005"), bad.replace("T-0001", "T-0006"))) + "\r\n").encode()
    # header 1; the quoted field spans lines 2-5 and 7-10
    assert [problem.line for problem in _refused(demo_database, admin, data).problems] == [6, 11]


def test_chinese_text_is_stored_as_typed_with_blanks_tidied(demo_database: Database, admin: Actor) -> None:
    row = _field(GOOD, "name", "\u3000劳务派遣·经营许可（延续）、变更\u3000\u3000注销  ")
    row = _field(row, "promised_limit", "３")  # full-width digits from a Chinese input method
    row = _field(row, "materials", " 申请书 ； 营业执照；经营场所证明（可容缺）")
    import_catalogue(admin, _csv(row), "zh.csv")
    with demo_database.reading() as session:
        item = session.scalars(select(ServiceItem).where(ServiceItem.code == "T-0001")).one()
        assert item.name == "劳务派遣·经营许可（延续）、变更 注销"
        assert (item.promised_limit, item.promised_limit_unit) == (3, "working_days")
        assert [(m.name, m.deferrable) for m in item.materials] == [
            ("申请书", False), ("营业执照", False), ("经营场所证明", True)
        ]


def test_problems_are_capped_but_counted(demo_database: Database, admin: Actor) -> None:
    bad = [GOOD.replace("T-0001", f"B-{n:04d}").replace("承诺件", "?") for n in range(250)]
    error = _refused(demo_database, admin, _csv(GOOD_2, *bad))
    assert len(error.problems) == MAX_PROBLEMS_REPORTED
    assert error.total == 250
    assert error.english() == "The catalogue file has 250 problems (the first 200 are listed); nothing was imported."
    assert [problem.line for problem in error.problems] == list(range(3, 3 + MAX_PROBLEMS_REPORTED))


def test_a_failure_after_written_batches_leaves_the_database_as_it_was(demo_database: Database, admin: Actor) -> None:
    rows = parse_catalogue(_catalogue_text(1_200).encode())
    rows[-1] = dataclasses.replace(rows[-1], department="已撤销的局")
    before = _counts(demo_database)
    with pytest.raises(CatalogueImportError) as caught, demo_database.transaction() as session:
        apply_catalogue(session, admin, iter(rows), "late failure")
    assert [(p.line, "Unknown department" in p.message.english()) for p in caught.value.problems] == [
        (rows[-1].line, True)
    ]
    assert _counts(demo_database) == before


def test_a_file_that_cannot_be_opened(demo_database: Database, admin: Actor, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="cannot be read"):
        import_catalogue_file(admin, tmp_path / "missing.csv")
    with pytest.raises(ValidationError, match="cannot be read"):
        import_catalogue_file(admin, tmp_path)


# ---------------------------------------------------------------- time limits, fees

OLD_HEADER = HEADER.replace(",".join(LIMIT_COLUMNS), "statutory_limit_days,promised_limit_days")
OLD_GOOD = GOOD.replace(",20,工作日,3,工作日,10,60,不收费,", ",20,3,")
OLD_GOOD_2 = GOOD_2.replace(",,当场,,当场,,,,", ",0,0,")


def _old_csv(*rows: str) -> bytes:
    return ("\n".join((OLD_HEADER, *rows)) + "\n").encode("utf-8")


def _limits(database: Database, code: str) -> tuple[object, ...]:
    with database.reading() as session:
        item = session.scalars(select(ServiceItem).where(ServiceItem.code == code)).one()
        return (
            item.statutory_limit,
            item.statutory_limit_unit,
            item.promised_limit,
            item.promised_limit_unit,
            item.extension_days,
            item.deferral_days,
            item.fees,
        )


def test_an_earlier_format_file_imports_with_the_documented_assumptions(demo_database: Database, admin: Actor) -> None:
    assert OLD_GOOD != GOOD and OLD_GOOD_2 != GOOD_2 and "statutory_limit," not in OLD_HEADER
    report = import_catalogue(admin, _old_csv(OLD_GOOD, OLD_GOOD_2), "old.csv")
    assert (report.created, report.updated) == (2, 0)
    # N > 0: N working days; 0: on the spot; no extension, 60 days for 容缺, free of charge
    assert _limits(demo_database, "T-0001") == (20, "working_days", 3, "working_days", 0, 60, "")
    assert _limits(demo_database, "T-0002") == (0, "on_the_spot", 0, "on_the_spot", 0, 60, "")
    summary = next(item for item in list_service_items(admin) if item.code == "T-0001")
    assert summary.statutory_limit == TimeLimit(LimitUnit.WORKING_DAYS, 20)
    assert summary.promised_limit == TimeLimit(LimitUnit.WORKING_DAYS, 3)
    assert (summary.extension_days, summary.deferral_days, summary.fees) == (0, 60, "")
    # the same items in the current format update them
    changed = _field(_field(GOOD, "fees", "工本费10元"), "deferral_days", "30")
    assert import_catalogue(admin, _csv(changed, GOOD_2), "new.csv").updated == 2
    assert _limits(demo_database, "T-0001") == (20, "working_days", 3, "working_days", 10, 30, "工本费10元")


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (OLD_GOOD.replace(",20,3,", ",20,²,"), "Column promised_limit_days must be a whole number from 0 to 3650, not '²'."),
        (OLD_GOOD.replace(",20,3,", ",20,21,"), "The promised limit (21 working_days) is longer than the statutory limit (20 working_days)."),
        (OLD_GOOD.replace(",20,3,", ",0,3,"), "The promised limit (3 working_days) is longer than the statutory limit (on_the_spot)."),
        (OLD_GOOD_2.replace(",0,0,", ",5,2,"), "A 即办件 (done on the spot) must promise on_the_spot (当场), not 2 working_days."),
    ],
)
def test_an_earlier_format_file_is_checked_too(demo_database: Database, admin: Actor, row: str, expected: str) -> None:
    error = _refused(demo_database, admin, _old_csv(OLD_GOOD_2.replace("T-0002", "T-0003"), row))
    assert _only_problem(error) == (3, expected)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (
            HEADER + ",statutory_limit_days",
            "The header row mixes the earlier limit columns (statutory_limit_days) with the current ones "
            "(statutory_limit, statutory_limit_unit, promised_limit, promised_limit_unit, extension_days, "
            "deferral_days, fees): use either statutory_limit_days and promised_limit_days alone, or "
            "statutory_limit, statutory_limit_unit, promised_limit, promised_limit_unit, extension_days, "
            "deferral_days, fees.",
        ),
        (OLD_HEADER.replace(",promised_limit_days", ""), "The header row lacks the column(s): promised_limit_days."),
        (HEADER.replace(",fees", ""), "The header row lacks the column(s): fees."),
        (HEADER.replace(",statutory_limit_unit", ""), "The header row lacks the column(s): statutory_limit_unit."),
        (OLD_HEADER + ",statutory_limit_days", "The header row has the column statutory_limit_days twice"),
    ],
)
def test_limit_columns_of_one_format_or_the_other(
    demo_database: Database, admin: Actor, header: str, expected: str
) -> None:
    line, message = _only_problem(_refused(demo_database, admin, f"{header}\n{GOOD}\n".encode()))
    assert line == 1 and message.startswith(expected)


def _with(row: str, **values: str) -> str:
    for column, value in values.items():
        row = _field(row, column, value)
    return row


@pytest.mark.parametrize(
    ("unit", "amount", "expected"),
    [
        ("工作日", "20", TimeLimit(LimitUnit.WORKING_DAYS, 20)),
        ("working_days", "20", TimeLimit(LimitUnit.WORKING_DAYS, 20)),
        ("Working_Days", "２０", TimeLimit(LimitUnit.WORKING_DAYS, 20)),
        ("自然日", "15", TimeLimit(LimitUnit.CALENDAR_DAYS, 15)),
        ("日", "15", TimeLimit(LimitUnit.CALENDAR_DAYS, 15)),
        ("天", "15", TimeLimit(LimitUnit.CALENDAR_DAYS, 15)),
        ("calendar_days", "3650", TimeLimit(LimitUnit.CALENDAR_DAYS, 3650)),
        ("个月", "3", TimeLimit(LimitUnit.MONTHS, 3)),
        ("月", "120", TimeLimit(LimitUnit.MONTHS, 120)),
        ("months", "1", TimeLimit(LimitUnit.MONTHS, 1)),
        ("无", "", TimeLimit(LimitUnit.NONE)),
        ("无时限", "0", TimeLimit(LimitUnit.NONE)),
        ("无法定时限", "０", TimeLimit(LimitUnit.NONE)),
        (" none ", "", TimeLimit(LimitUnit.NONE)),
    ],
)
def test_statutory_limit_units_in_english_or_chinese(unit: str, amount: str, expected: TimeLimit) -> None:
    (row,) = parse_catalogue(_csv(_with(GOOD, statutory_limit=amount, statutory_limit_unit=unit)))
    assert row.statutory_limit == expected
    assert row.promised_limit == TimeLimit(LimitUnit.WORKING_DAYS, 3)


@pytest.mark.parametrize("unit", ["当场", "即时", "当场办结", "on_the_spot", "ON_THE_SPOT"])
@pytest.mark.parametrize("amount", ["", "0", "00", "０"])
def test_on_the_spot_in_english_or_chinese(unit: str, amount: str) -> None:
    row = _with(GOOD_2, statutory_limit=amount, statutory_limit_unit=unit, promised_limit=amount, promised_limit_unit=unit)
    (parsed,) = parse_catalogue(_csv(row))
    assert parsed.statutory_limit == parsed.promised_limit == TimeLimit(LimitUnit.ON_THE_SPOT)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (("", "", ""), (0, 60, "")),  # empty: no extension, 60 days, free
        (("0", "60", "不收费"), (0, 60, "")),
        (("10", "30", "免费"), (10, 30, "")),
        (("１０", "90", " 无 "), (10, 90, "")),
        (("5", "1", "工本费10元"), (5, 1, "工本费10元")),
        (("3650", "3650", "Free"), (3650, 3650, "")),
    ],
)
def test_extension_deferral_and_fees(values: tuple[str, str, str], expected: tuple[int, int, str]) -> None:
    extension, deferral, fees = values
    (row,) = parse_catalogue(_csv(_with(GOOD, extension_days=extension, deferral_days=deferral, fees=fees)))
    assert (row.extension_days, row.deferral_days, row.fees) == expected


UNITS = "working_days (工作日), calendar_days (自然日), months (个月), on_the_spot (当场) or none (无)"


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"statutory_limit_unit": "周"}, f"Unknown unit '周' in column statutory_limit_unit: use {UNITS}."),
        ({"promised_limit_unit": "hours"}, f"Unknown unit 'hours' in column promised_limit_unit: use {UNITS}."),
        ({"statutory_limit_unit": " "}, f"Column statutory_limit_unit is empty; it needs a unit: {UNITS}."),
        (
            {"statutory_limit_unit": "当场"},
            "Column statutory_limit must be empty or 0 when the unit is on_the_spot, not '20'.",
        ),
        ({"statutory_limit_unit": "无", "statutory_limit": "-0"}, "must be empty or 0 when the unit is none, not '-0'."),
        (
            {"statutory_limit": ""},
            "Column statutory_limit is empty; the unit working_days needs a number from 1 to 3650.",
        ),
        (
            {"promised_limit": "0"},
            "Column promised_limit must be a whole number from 1 to 3650 when the unit is working_days, not '0'.",
        ),
        (
            {"statutory_limit_unit": "个月", "statutory_limit": "121"},
            "Column statutory_limit must be a whole number from 1 to 120 when the unit is months, not '121'.",
        ),
        (
            {"promised_limit_unit": "calendar_days", "promised_limit": "1.5"},
            "Column promised_limit must be a whole number from 1 to 3650 when the unit is calendar_days, not '1.5'.",
        ),
        (
            {"promised_limit": "21"},
            "The promised limit (21 working_days) is longer than the statutory limit (20 working_days).",
        ),
        (
            {"statutory_limit_unit": "当场", "statutory_limit": ""},
            "The promised limit (3 working_days) is longer than the statutory limit (on_the_spot).",
        ),
        (
            {"promised_limit_unit": "无", "promised_limit": ""},
            "The promised limit (none) is longer than the statutory limit (20 working_days).",
        ),
        (
            {"statutory_limit_unit": "月", "statutory_limit": "2", "promised_limit_unit": "月", "promised_limit": "3"},
            "The promised limit (3 months) is longer than the statutory limit (2 months).",
        ),
        (
            {"case_type": "即办件"},
            "A 即办件 (done on the spot) must promise on_the_spot (当场), not 3 working_days.",
        ),
        ({"extension_days": "x"}, "Column extension_days must be a whole number from 0 to 3650, not 'x'."),
        ({"deferral_days": "-5"}, "Column deferral_days must be a whole number from 1 to 3650, not '-5'."),
    ],
)
def test_a_bad_limit_is_refused_with_its_reason(values: dict[str, str], expected: str) -> None:
    error = _checked(_csv(GOOD_2, _with(GOOD, **values)))
    line, message = _only_problem(error)
    assert line == 3
    assert message.endswith(expected), message


def test_the_listed_items_carry_their_limits_fees_and_department(demo_database: Database, admin: Actor) -> None:
    items = {item.code: item for item in list_service_items(admin)}
    assert len({item.item_id for item in items.values()}) == len(items)
    licence = items["TJBS-XK-0002"]
    assert (licence.name, licence.department) == ("人力资源服务许可", "行政审批局")
    assert licence.statutory_limit == TimeLimit(LimitUnit.WORKING_DAYS, 20)
    assert licence.promised_limit == TimeLimit(LimitUnit.WORKING_DAYS, 3)
    assert (licence.extension_days, licence.deferral_days, licence.fees) == (10, 60, "")
    units = {item.statutory_limit.unit for item in items.values()}
    assert units == set(LimitUnit)  # the demo shows every kind of limit
    assert sum(1 for item in items.values() if item.fees) >= 2
    spot = [item for item in items.values() if item.promised_limit.unit is LimitUnit.ON_THE_SPOT]
    assert spot and all(item.promised_limit.amount == 0 for item in spot)


# ---------------------------------------------------------------- large files


def _catalogue_text(rows: int, seed: int = 7) -> str:
    """A valid catalogue of ``rows`` items over the demo's departments (names and codes)."""
    rng = random.Random(seed)
    materials = ["申请书", "营业执照", "法定代表人身份证明", "经营场所使用证明", "章程", "设备清单", "管理制度", "承诺书"]
    lines = [HEADER]
    for number in range(1, rows + 1):
        code, name = DEPARTMENTS[number % len(DEPARTMENTS)]
        tolerance = number % 3 == 0
        chosen = rng.sample(materials, 1 + number % 8)
        if tolerance:
            chosen[-1] += "(可容缺)"
        validity = "36" if number % 2 else ""
        legal = '"《行政许可法》,\n第二十九条"' if number % 1000 == 0 else "《行政许可法》"
        promised = number % 21  # 0: on the spot
        lines.append(
            f"L-{number:06d},事项{number},{name if number % 4 else code},行政许可,承诺件,20,工作日,"
            f"{promised or ''},{'工作日' if promised else '当场'},10,60,不收费,"
            f"{';'.join(chosen)},{'许可证' if validity else ''},{validity},是,{'是' if validity else '否'},"
            f"{'是' if tolerance else '否'},否,是,是,是,{legal}"
        )
    return "\n".join(lines) + "\n"


def _expected_materials(rows: int) -> tuple[int, int]:
    total = sum(1 + number % 8 for number in range(1, rows + 1))
    deferrable = sum(1 for number in range(1, rows + 1) if number % 3 == 0)
    return total, deferrable


def test_a_20000_row_catalogue_is_imported_then_updated(demo_database: Database, admin: Actor, tmp_path: Path) -> None:
    rows = 20_000
    path = tmp_path / "big.csv"
    path.write_text(_catalogue_text(rows), encoding="utf-8")
    items_before, materials_before = _counts(demo_database)
    materials, deferrable = _expected_materials(rows)
    report = import_catalogue_file(admin, path)
    assert (report.created, report.updated) == (rows, 0)
    assert _counts(demo_database) == (items_before + rows, materials_before + materials)
    report = import_catalogue_file(admin, path)
    assert (report.created, report.updated) == (0, rows)
    assert _counts(demo_database) == (items_before + rows, materials_before + materials)
    with demo_database.reading() as session:
        assert session.scalar(
            select(func.count()).select_from(ServiceItemMaterial).join(ServiceItem).where(
                ServiceItem.code.like("L-%"), ServiceItemMaterial.deferrable.is_(True)
            )
        ) == deferrable
        item = session.scalars(select(ServiceItem).where(ServiceItem.code == "L-003000")).one()
        assert item.legal_basis == "《行政许可法》,\n第二十九条"
        assert (item.promised_limit, item.promised_limit_unit) == (3000 % 21, "working_days")
        assert item.department.code == DEPARTMENTS[3000 % len(DEPARTMENTS)][0]
        assert len(item.materials) == 1 + 3000 % 8 and item.materials[-1].deferrable


def test_checking_a_large_file_streams_it_in_bounded_memory() -> None:
    data = _catalogue_text(20_000).encode()
    assert len(data) > 3.5 * 2**20
    check_catalogue(io.BytesIO(data))  # warm up (imports, caches)
    tracemalloc.start()
    try:
        stream = io.BytesIO(data)
        baseline = tracemalloc.get_traced_memory()[0]
        assert check_catalogue(stream) == 20_000
        peak = tracemalloc.get_traced_memory()[1] - baseline
    finally:
        tracemalloc.stop()
    print(f"peak {peak / 2**20:.2f} MB")
    # What grows with the file is the codes seen (~100 bytes an item, to refuse a code used
    # twice); holding the file's text would take about 4 MB more, its rows some 40 MB.
    assert peak < 4 * 2**20, f"peak {peak / 2**20:.1f} MB"


def test_parse_catalogue_still_returns_the_rows() -> None:
    rows = parse_catalogue(_csv(GOOD, GOOD_2))
    assert [row.code for row in rows] == ["T-0001", "T-0002"]
    assert all(isinstance(row, ItemRow) for row in rows)
    assert rows[0].materials[-1].deferrable and rows[0].licence_validity_months == 36


def test_no_mangled_file_causes_anything_but_a_refusal() -> None:
    """Random damage to a good file: every outcome is rows or a line-numbered refusal."""
    rng = random.Random(2026)
    good = _csv(GOOD, GOOD_2, GOOD.replace("T-0001", "T-0003"))
    pieces = [b"\x00", b"\x1b[31m", "\u202e".encode(), b'"', b",", b"\r", b"\n", b"\xff", b"\xe2\x80", "²".encode(),
              b"99999999999999999999", b"\xef\xbb\xbf", "；".encode(), "(可容缺)".encode()]
    for _ in range(400):
        data = bytearray(good)
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(len(data))
            if rng.random() < 0.3:
                del data[at : at + rng.randint(1, 20)]
            else:
                data[at:at] = rng.choice(pieces)
        try:
            parse_catalogue(bytes(data))
        except CatalogueImportError as error:
            assert error.problems and all(problem.line >= 1 for problem in error.problems)


def test_the_demo_catalogue_covers_the_cases_to_show() -> None:
    rows = parse_catalogue((demo_dir() / "catalogue.csv").read_bytes())
    assert len(rows) == 48
    deferrable = [row for row in rows if any(material.deferrable for material in row.materials)]
    assert len(deferrable) >= 3 and all(row.flags["tolerance_acceptance"] for row in deferrable)
    assert sum(1 for row in rows if row.flags["notify_commit"]) >= 3
    plain = [
        row
        for row in rows
        if row.case_type.value == "on_the_spot" and row not in deferrable and not row.flags["notify_commit"]
    ]
    assert plain and all(row.promised_limit.unit is LimitUnit.ON_THE_SPOT for row in plain)
    assert {row.statutory_limit.unit for row in rows} == set(LimitUnit)
    licences = [row for row in rows if row.kind.value == "licensing" and row.statutory_limit.unit is LimitUnit.WORKING_DAYS]
    assert sum(1 for row in licences if row.statutory_limit.amount == 20 and row.extension_days == 10) > len(rows) // 3
    assert [row.fees for row in rows if row.fees] == ["住宅80元/件，非住宅550元/件", "首次申领免费；补领、换领工本费10元"]
