"""Catalogue import: all rows or none, each bad row reported with its line and reason."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from counter_app.db.engine import Database
from counter_app.db.models import ServiceItem, ServiceItemMaterial
from counter_app.errors import PermissionDenied
from counter_app.services.access import Actor
from counter_app.services.auth import login
from counter_app.services.catalogue import COLUMNS, CatalogueImportError, import_catalogue, list_service_items
from counter_app.services.demo import DEMO_PASSWORD

HEADER = ",".join(COLUMNS)
GOOD = (
    "T-0001,劳务派遣经营许可,行政审批局,行政许可,承诺件,20,3,"
    "申请书;营业执照;经营场所证明(可容缺),劳务派遣经营许可证,36,是,是,是,否,是,是,是,《劳务派遣行政许可实施办法》"
)
GOOD_2 = "T-0002,社会保险登记,人力资源和社会保障局,公共服务,即办件,0,0,登记表;营业执照,,,否,否,否,是,是,是,是,《社会保险法》"


def _csv(*rows: str) -> bytes:
    return ("\n".join((HEADER, *rows)) + "\n").encode("utf-8")


def _count(database: Database) -> int:
    with database.reading() as session:
        return session.scalar(select(func.count()).select_from(ServiceItem)) or 0


@pytest.fixture
def admin(demo_database: Database) -> Actor:
    return login(demo_database, "admin", DEMO_PASSWORD)


def test_demo_catalogue_has_at_least_30_real_items(demo_database: Database, admin: Actor) -> None:
    items = list_service_items(demo_database, admin)
    assert len(items) >= 30
    names = {item.name for item in items}
    assert any("劳务派遣" in name for name in names)
    assert any("食品经营" in name for name in names)
    assert all(item.material_count >= 1 for item in items)


def test_import_creates_then_updates_by_code(demo_database: Database, admin: Actor) -> None:
    before = _count(demo_database)
    report = import_catalogue(demo_database, admin, _csv(GOOD, GOOD_2), "test.csv")
    assert (report.created, report.updated) == (2, 0)
    changed = GOOD.replace(",20,3,", ",20,2,").replace("申请书;", "")
    report = import_catalogue(demo_database, admin, _csv(changed), "test.csv")
    assert (report.created, report.updated) == (0, 1)
    assert _count(demo_database) == before + 2
    with demo_database.reading() as session:
        item = session.scalars(select(ServiceItem).where(ServiceItem.code == "T-0001")).one()
        assert item.promised_limit_days == 2 and item.renew_on_commitment and item.tolerance_acceptance
        materials = [(m.name, m.deferrable) for m in item.materials]
    assert materials == [("营业执照", False), ("经营场所证明", True)]


@pytest.mark.parametrize(
    ("bad_row", "reason"),
    [
        (GOOD.replace("行政许可,承诺件", "许可,承诺件"), "Unknown kind"),
        (GOOD.replace("承诺件", "明天办"), "Unknown case type"),
        (GOOD.replace(",20,3,", ",20,x,"), "whole number"),
        (GOOD.replace(",20,3,", ",2,3,"), "longer than the statutory limit"),
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
        import_catalogue(demo_database, admin, _csv(GOOD_2, bad_row), "bad.csv")
    problems = caught.value.problems
    assert [problem.line for problem in problems] == [3]
    assert reason in problems[0].message.english()
    assert _count(demo_database) == before


def test_every_bad_row_is_listed_and_duplicates_are_caught(demo_database: Database, admin: Actor) -> None:
    with pytest.raises(CatalogueImportError) as caught:
        import_catalogue(demo_database, admin, _csv(GOOD, "", GOOD, GOOD_2.replace("即办件", "?")), "bad.csv")
    problems = [(problem.line, problem.message.english()) for problem in caught.value.problems]
    assert [line for line, _ in problems] == [4, 5]
    assert "already used on line 2" in problems[0][1]
    assert "Unknown case type" in problems[1][1]


def test_quoted_multiline_fields_keep_line_numbers_right(demo_database: Database, admin: Actor) -> None:
    multiline = GOOD_2.replace("《社会保险法》", '"《社会保险法》\n第五十七条"')
    bad = GOOD.replace("承诺件", "?")
    with pytest.raises(CatalogueImportError) as caught:
        import_catalogue(demo_database, admin, _csv(multiline, bad), "bad.csv")
    assert [problem.line for problem in caught.value.problems] == [4]


def test_file_level_problems(demo_database: Database, admin: Actor) -> None:
    with pytest.raises(CatalogueImportError, match="1 problem") as caught:
        import_catalogue(demo_database, admin, b"code,name\nx,y\n", "bad.csv")
    assert "lacks the column" in caught.value.problems[0].message.english()
    with pytest.raises(CatalogueImportError) as caught:
        import_catalogue(demo_database, admin, _csv(GOOD_2) + "T-9,名".encode("gbk") + b"\n", "gbk.csv")
    assert caught.value.problems[0].line == 3
    assert "UTF-8" in caught.value.problems[0].message.english()
    with pytest.raises(CatalogueImportError, match="1 problem"):
        import_catalogue(demo_database, admin, _csv(), "empty.csv")


def test_a_bom_is_accepted(demo_database: Database, admin: Actor) -> None:
    assert import_catalogue(demo_database, admin, b"\xef\xbb\xbf" + _csv(GOOD_2), "bom.csv").created == 1


def test_only_administrators_import(demo_database: Database) -> None:
    supervisor = login(demo_database, "kg_zb", DEMO_PASSWORD)
    with pytest.raises(PermissionDenied):
        import_catalogue(demo_database, supervisor, _csv(GOOD), "x.csv")


def test_search_by_name_or_code(demo_database: Database, admin: Actor) -> None:
    found = list_service_items(demo_database, admin, "劳务派遣")
    assert found and all("劳务派遣" in item.name for item in found)
    with demo_database.reading() as session:
        assert session.scalar(select(func.count()).select_from(ServiceItemMaterial))
