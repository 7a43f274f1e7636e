"""The demo hall: the four halls of the Tianjin Port Free-Trade Zone with departments,
business lines, counters, staff and a catalogue of real service items.

Loaded by ``counter-app demo`` and on the first start of an empty embedded database.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import time

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from counter_app.db.engine import Database
from counter_app.db.models import BusinessLine, Counter, Department, Hall, LicenceType, Setting, Staff
from counter_app.domain.identifiers import check_character_credit_code
from counter_app.domain.roles import DEVICE_ROLES, Role
from counter_app.errors import ValidationError
from counter_app.i18n import QT_TRANSLATE_NOOP
from counter_app.paths import demo_dir
from counter_app.services.access import Actor, audit
from counter_app.services.auth import hash_passwords, scram_verifier
from counter_app.services.catalogue import ItemRow, apply_catalogue, parse_catalogue

# Every demo account's first password: public, so each must be changed at the first login.
DEMO_PASSWORD = "hall2026"

DEPARTMENTS = (
    ("SPJ", "行政审批局"),
    ("SCJG", "市场监督管理局"),
    ("RSJ", "人力资源和社会保障局"),
    ("JTJ", "交通运输局"),
    ("GHZY", "规划和自然资源局"),
    ("ZJW", "住房和城乡建设委员会"),
    ("FGW", "发展和改革委员会"),
    ("JYJ", "教育局"),
    ("WJW", "卫生健康委员会"),
    ("SWJ", "商务局"),
    ("SW", "税务局"),
    ("GA", "公安分局"),
    ("HG", "海关"),
    ("SHJ", "生态环境局"),
    ("YJJ", "应急管理局"),
    ("WLJ", "文化和旅游局"),
    ("MZJ", "民政局"),
    ("YBJ", "医疗保障局"),
    ("GJJ", "住房公积金管理中心"),
    ("BDC", "不动产登记中心"),
)


@dataclass(frozen=True)
class LineSpec:
    prefix: str
    name: str
    description: str
    daily_cap: int
    green_channel: bool = False


LINES = {
    "A": LineSpec("A", "综合受理", "一窗受理：各类许可与公共服务事项", 300),
    "B": LineSpec("B", "市场准入", "企业开办、变更、食品药品经营许可", 200),
    "C": LineSpec("C", "工程建设", "项目备案、规划许可、施工许可（一窗牵头、并联审批）", 120, green_channel=True),
    "D": LineSpec("D", "人力社保", "劳务派遣、人力资源服务、社保登记", 200),
    "E": LineSpec("E", "税务服务", "税务登记、发票、申报", 200),
    "F": LineSpec("F", "交通运输", "道路运输经营许可与车辆营运证", 120),
}


@dataclass(frozen=True)
class HallSpec:
    code: str
    name: str
    address: str
    phone: str
    # counter number -> prefixes of the lines it serves
    counters: dict[int, str]


HALLS = (
    HallSpec(
        "KG",
        "空港政务服务中心",
        "天津港保税区空港经济区",
        "022-84906000",
        {1: "A", 2: "A", 3: "A", 4: "B", 5: "B", 6: "B", 7: "C", 8: "C",
         9: "D", 10: "D", 11: "E", 12: "E", 13: "F", 14: "ABC"},
    ),
    HallSpec("HK", "航空物流区政务服务分中心", "天津港保税区航空物流区", "022-84906100", {1: "A", 2: "A", 3: "B", 4: "D", 5: "E", 6: "AB"}),
    HallSpec("LG", "临港政务服务分中心", "天津港保税区临港片区", "022-84906200", {1: "A", 2: "A", 3: "B", 4: "C", 5: "F", 6: "AC"}),
    HallSpec("HG", "海港政务服务分中心", "天津港保税区海港片区", "022-84906300", {1: "A", 2: "A", 3: "B", 4: "D", 5: "E", 6: "AF"}),
)

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN_NAMES = ("伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "建华", "晓燕", "志强", "海燕", "文博", "雪梅")


def _demo_name(index: int) -> str:
    return SURNAMES[index % len(SURNAMES)] + GIVEN_NAMES[(index * 7) % len(GIVEN_NAMES)]


@dataclass(frozen=True)
class DemoSummary:
    halls: int
    counters: int
    staff: int
    service_items: int
    machines: int = 0  # display and kiosk accounts (PostgreSQL only)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    role: Role
    hall_code: str | None


def demo_accounts() -> list[DemoAccount]:
    """The administrator, a supervisor per hall and a clerk per counter."""
    accounts = [DemoAccount("admin", "系统管理员", Role.ADMIN, None)]
    person = 0
    for spec in HALLS:
        accounts.append(DemoAccount(f"{spec.code.lower()}_zb", _demo_name(person), Role.SUPERVISOR, spec.code))
        person += 1
        for number in spec.counters:
            accounts.append(DemoAccount(f"{spec.code.lower()}{number:02d}", _demo_name(person), Role.CLERK, spec.code))
            person += 1
    return accounts


def load_demo(database: Database) -> DemoSummary:
    """Fill an empty database with the demo zone. Refuses a database that already has halls.

    Every account gets the demo password with a salt of its own, and must change it at its
    first login. On PostgreSQL each account is a login role (an existing one left by
    another demo database of the cluster is taken over), and each hall gets a display and
    a kiosk account (``kg_display``, ``kg_kiosk`` …; the demo password, no change asked)."""
    actor = Actor.system(database)
    catalogue = parse_catalogue((demo_dir() / "catalogue.csv").read_bytes())
    accounts = demo_accounts()
    postgres = database.backend == "postgresql"
    # SQLite: argon2 hashes, slow on purpose, made on every core before the transaction.
    hashes = [None] * len(accounts) if postgres else hash_passwords([DEMO_PASSWORD] * len(accounts))
    counter_count = 0
    machines = 0
    with database.transaction() as session:
        if session.scalars(select(Hall.id).limit(1)).first() is not None:
            raise ValidationError(
                QT_TRANSLATE_NOOP(
                    "Errors", "The database already has halls; the demo is only loaded into an empty database."
                )
            )
        session.add_all(Department(code=code, name=name) for code, name in DEPARTMENTS)
        session.add(Setting(key="business_timezone", value=json.dumps("Asia/Shanghai")))
        hall_ids: dict[str, int] = {}
        for spec in HALLS:
            hall = Hall(code=spec.code, name=spec.name, address=spec.address, phone=spec.phone, opens_at=time(9), closes_at=time(17))
            prefixes = sorted({prefix for served in spec.counters.values() for prefix in served})
            lines = {}
            for prefix in prefixes:
                line_spec = LINES[prefix]
                lines[prefix] = BusinessLine(
                    prefix=prefix,
                    name=line_spec.name,
                    description=line_spec.description,
                    daily_cap=line_spec.daily_cap,
                    accepts_green_channel=line_spec.green_channel,
                )
            hall.lines = list(lines.values())
            for number, served in spec.counters.items():
                hall.counters.append(
                    Counter(number=number, name=f"{number}号窗口", lines=[lines[prefix] for prefix in served])
                )
                counter_count += 1
            session.add(hall)
            session.flush()
            hall_ids[spec.code] = hall.id
        for account, password_hash in zip(accounts, hashes, strict=True):
            hall_id = hall_ids[account.hall_code] if account.hall_code else None
            if postgres:
                _create_login(session, account.username, account.full_name, account.role, hall_id, must_change=True)
            else:
                session.add(
                    Staff(
                        username=account.username, full_name=account.full_name, role=account.role.value,
                        password_hash=password_hash, must_change_password=True, hall_id=hall_id,
                    )
                )
        if postgres:
            for spec in HALLS:
                for role in DEVICE_ROLES:
                    name = f"{spec.code.lower()}_{role.value}"
                    _create_login(session, name, f"{spec.name} {role.value}", role, hall_ids[spec.code], must_change=False)
                    machines += 1
        session.flush()
        report = apply_catalogue(session, actor, catalogue, "demo catalogue.csv")
        session.add_all(demo_licence_types(catalogue))
        audit(session, actor, "load demo", detail={"halls": len(HALLS), "items": report.total})
    return DemoSummary(
        halls=len(HALLS), counters=counter_count, staff=len(accounts), service_items=report.total, machines=machines
    )


def demo_credit_code(authority: str, region: str, serial: int) -> str:
    """A valid 统一社会信用代码 for demo data: registration authority 1 (机构编制), category 1."""
    body = f"{authority}{region}{serial:09d}"
    return body + check_character_credit_code(body)


# Licence types the demo catalogue names: those renewable on commitment where its items say
# so; a few on the negative list; validity from the catalogue (none: 长期有效).
NEGATIVE_LIST = frozenset({"危险化学品经营许可证", "药品经营许可证"})
LANDSCAPE_A3 = frozenset({"营业执照"})
PORTRAIT = frozenset({"不动产权证书", "外国人工作许可证", "特种设备使用登记证"})


def demo_licence_types(catalogue: Sequence[ItemRow]) -> list[LicenceType]:
    """One licence type per licence the demo items produce, with valid GB/T 36904 type codes
    (a ministry's credit code + 3 digits) and the issuing department's credit code."""
    departments = {name: index for index, (_code, name) in enumerate(DEPARTMENTS, start=1)}
    types: dict[str, LicenceType] = {}
    for row in catalogue:
        if not row.licence_type or row.licence_type in types:
            continue
        serial = len(types) + 1
        types[row.licence_type] = LicenceType(
            name=row.licence_type,
            type_code=demo_credit_code("11", "100000", 3_000_000 + serial) + f"{serial:03d}",
            issuer_code=demo_credit_code("11", "120116", 6_000_000 + departments.get(row.department, 0)),
            authority=f"天津港保税区{row.department}",
            number_prefix=f"津保{row.licence_type[:2]}证字",
            validity_months=row.licence_validity_months,
            template="a3_landscape" if row.licence_type in LANDSCAPE_A3 else "a4_portrait" if row.licence_type in PORTRAIT else "a4_landscape",
            window_days_before=90,
            grace_days_after=30,
            renew_on_commitment=row.flags.get("renew_on_commitment", False) and row.licence_type not in NEGATIVE_LIST,
            negative_list=row.licence_type in NEGATIVE_LIST,
            inspection_working_days=20 if row.flags.get("renew_on_commitment") else None,
        )
    return list(types.values())


def _create_login(session: Session, username: str, full_name: str, role: Role, hall_id: int | None, *, must_change: bool) -> None:
    """A demo account with its PostgreSQL login role (taken over if another demo database of
    the cluster made it), through the same function the administrator's changes use."""
    session.execute(
        text("SELECT ca_create_account(:username, :full_name, :role, :hall_id, NULL, :verifier, true, :must_change)"),
        {
            "username": username, "full_name": full_name, "role": role.value, "hall_id": hall_id,
            "verifier": scram_verifier(session, username, DEMO_PASSWORD), "must_change": must_change,
        },
    )
