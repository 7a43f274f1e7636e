"""Demo cases (办件) for screenshots and a live-looking demo: a spread of cases accepted over
the last weeks in the zone's halls, through the services, as their clerks would.

    uv run python tools/demo_cases.py [COUNT]      # into the configured database

Different items and applicants, some with deferred materials (容缺, some since supplied),
some by commitment (告知承诺), some decided, delivered and closed, some refused or
withdrawn, some open past their promised date (overdue), and a few visits in each hall's
"不说NO" register, some followed up. Repeatable: the same spread for the same database.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from counter_app.db.engine import Database
from counter_app.db.models import ServiceItem, Staff
from counter_app.domain.applicants import AgentDetails, ApplicantDetails, ApplicantKind
from counter_app.domain.cases import OPEN_STATUSES, CaseStatus, MaterialEntry, MaterialForm, Route
from counter_app.domain.identifiers import check_character_credit_code, check_character_resident_id
from counter_app.domain.queue import DEFAULT_TIMEZONE
from counter_app.errors import UserError
from counter_app.services import cases, queue
from counter_app.services.access import Actor
from counter_app.services.auth import login
from counter_app.services.calendar import forget_working_calendar
from counter_app.services.cases import Application, CaseView
from counter_app.services.demo import DEMO_PASSWORD

ZONE = ZoneInfo(DEFAULT_TIMEZONE)
HALL_WEIGHTS = {"KG": 6, "HK": 2, "LG": 2, "HG": 2}
CLERKS_PER_HALL = 3
WEEKS = 6

COMPANY_PLACES = ("空港", "临港", "海港", "航空物流区", "滨海", "津港", "保税区", "东疆")
COMPANY_TRADES = (
    ("国际物流", "有限公司"), ("供应链管理", "有限公司"), ("食品", "有限公司"), ("医疗器械", "有限公司"),
    ("建筑工程", "有限公司"), ("人力资源服务", "有限公司"), ("餐饮管理", "有限公司"), ("航空科技", "股份有限公司"),
    ("新材料科技", "有限公司"), ("国际贸易", "有限公司"), ("汽车销售服务", "有限公司"), ("港口设备", "有限公司"),
)
COMPANY_MARKS = ("恒通", "瑞丰", "嘉禾", "鑫达", "华泰", "远航", "中晟", "盛元", "联创", "海川", "东方", "博远", "天和", "宏业")
SURNAMES = (*"王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕", "欧阳", "司马")
GIVEN = ("伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "建国", "晓燕", "志强", "海燕", "文博", "雪梅", "子涵", "浩然")
STREETS = ("西三道", "中环西路", "东七道", "航海路", "海滨大道", "临港大道", "跃进路", "津塘路")
REFUSALS = ("经营场所不符合食品安全要求", "申请人不具备相应资质条件", "申请事项不属于本机关职权范围，已告知向有权机关申请")
WITHDRAWALS = ("申请人书面申请撤回", "申请人拟变更申请事项，主动撤回")
EXTENSIONS = ("需组织现场核查，依法延长审查期限", "需征求相关部门意见")
UNMET = (
    ("缺少营业执照副本，不可容缺", ("营业执照副本",)),
    ("法定代表人身份证明未带齐，已一次性告知所需材料", ("法定代表人身份证明",)),
    ("场地使用证明不符合要求，已告知补正方式", ("场地使用证明", "平面布局图")),
    ("事项需在网上先行申报，已指导网上办", ()),
)
FOLLOW_UPS = ("已电话回访，次日补齐材料后受理", "已上门指导，申请人改为网上申报", "已电话联系，申请人暂缓办理")


# ---------------------------------------------------------------- applicants with valid codes


def credit_code(serial: int, region: str = "120116") -> str:
    """A valid 统一社会信用代码 (an enterprise, 91; registered in ``region``)."""
    body = f"91{region}{serial % 10**9:09d}"[:17]
    return body + check_character_credit_code(body)


def resident_id(serial: int, birth: date, region: str = "120116") -> str:
    """A valid 18-digit resident ID number born on ``birth``."""
    body = f"{region}{birth:%Y%m%d}{serial % 1000:03d}"
    return body + check_character_resident_id(body)


def person_name(rng: random.Random) -> str:
    return str(rng.choice(SURNAMES)) + rng.choice(GIVEN)


def mobile(rng: random.Random) -> str:
    return rng.choice(("138", "139", "150", "186", "135", "177")) + f"{rng.randrange(10**8):08d}"


def enterprise(rng: random.Random, serial: int) -> ApplicantDetails:
    trade, form = rng.choice(COMPANY_TRADES)
    name = f"天津{rng.choice(COMPANY_PLACES)}{rng.choice(COMPANY_MARKS)}{trade}{form}"
    return ApplicantDetails(
        kind=ApplicantKind.ENTERPRISE, code=credit_code(700_000 + serial), name=name,
        legal_representative=person_name(rng), address=f"天津港保税区{rng.choice(STREETS)}{rng.randrange(1, 400)}号",
        contact_name=person_name(rng), phone=mobile(rng),
    )


def person(rng: random.Random, serial: int) -> ApplicantDetails:
    birth = date(1960, 1, 1) + timedelta(days=rng.randrange(40 * 365))
    return ApplicantDetails(
        kind=ApplicantKind.PERSON, code=resident_id(serial, birth), name=person_name(rng),
        address=f"天津市滨海新区{rng.choice(STREETS)}{rng.randrange(1, 400)}号", phone=mobile(rng),
    )


# ---------------------------------------------------------------- items and moments


@dataclass(frozen=True)
class Item:
    id: int
    name: str
    materials: tuple[tuple[str, bool], ...]  # (name, deferrable)
    deferrable: bool  # 容缺 allowed for some material
    commitment: bool  # 告知承诺 offered
    on_the_spot: bool


def demo_items(database: Database) -> list[Item]:
    with database.reading() as session:
        rows = session.scalars(
            select(ServiceItem).options(selectinload(ServiceItem.materials)).where(ServiceItem.active.is_(True)).order_by(ServiceItem.code)
        ).all()
        return [
            Item(
                row.id, row.name, tuple((m.name, bool(m.deferrable)) for m in row.materials),
                bool(row.tolerance_acceptance) and any(m.deferrable for m in row.materials), bool(row.notify_commit),
                row.case_type == "on_the_spot",
            )
            for row in rows
            if row.materials
        ]


def working_moments(today: date, count: int, rng: random.Random, days: int) -> list[datetime]:
    """``count`` moments in office hours on weekdays of the last ``days`` days, oldest first."""
    moments: list[datetime] = []
    while len(moments) < count:
        day = today - timedelta(days=rng.randrange(0, days))
        if day.weekday() >= 5:
            continue
        local = datetime.combine(day, time(9, 0), ZONE) + timedelta(minutes=rng.randrange(0, 7 * 60))
        moments.append(local.astimezone(UTC))
    return sorted(moments)


@contextmanager
def clock_at(actor: Actor, moment: datetime) -> Iterator[None]:
    """The actor's use cases run as if the server's clock said ``moment``."""
    database: Any = actor.database
    database.now = lambda: moment
    forget_working_calendar(actor.database)
    try:
        yield
    finally:
        del database.now
        forget_working_calendar(actor.database)


# ---------------------------------------------------------------- the spread


@dataclass
class Desk:
    clerk: Actor
    counter: int


def _desks(database: Database) -> dict[str, list[Desk]]:
    desks: dict[str, list[Desk]] = {}
    for code in HALL_WEIGHTS:
        hall_id, _name = queue.find_hall(database, code)
        for number in range(1, CLERKS_PER_HALL + 1):
            clerk = login(database, f"{code.lower()}{number:02d}", DEMO_PASSWORD)
            counter = next(c.id for c in queue.hall_counters(clerk, hall_id) if c.number == number)
            desks.setdefault(code, []).append(Desk(clerk, counter))
    return desks


def _entries(item: Item, how: str, rng: random.Random) -> tuple[MaterialEntry, ...]:
    if how == "commitment":
        return tuple(MaterialEntry(index, False) for index in range(len(item.materials)))
    entries = []
    for index, (_name, deferrable) in enumerate(item.materials):
        if how == "deferred" and deferrable:
            entries.append(MaterialEntry(index, False))
        else:
            form = MaterialForm.ORIGINAL if rng.random() < 0.6 else MaterialForm.COPY
            entries.append(MaterialEntry(index, True, form, rng.randrange(1, 12)))
    return tuple(entries)


def _application(item: Item, how: str, applicant: ApplicantDetails, rng: random.Random, serial: int) -> Application:
    agent = None
    if applicant.kind is ApplicantKind.ENTERPRISE and rng.random() < 0.3:
        agent = AgentDetails(name=person_name(rng), id_number=resident_id(serial + 500, date(1988, 6, 12)), phone=mobile(rng))
    return Application(
        item_id=item.id, applicant=applicant, materials=_entries(item, how, rng),
        route=Route.COMMITMENT if how == "commitment" else Route.MATERIALS, agent=agent,
        commitment_signed=how == "commitment",
    )


def _continue(desk: Desk, view: CaseView, accepted: datetime, now: datetime, rng: random.Random) -> None:
    """Take the case some way along, each step a few days after the one before (never past now)."""
    moment = accepted

    def step(call: Callable[..., CaseView], *args: Any) -> CaseView:
        nonlocal moment
        moment = min(now - timedelta(minutes=5), moment + timedelta(days=rng.randrange(1, 4), minutes=rng.randrange(30, 300)))
        with clock_at(desk.clerk, moment):
            return call(desk.clerk, view.number, *args, counter_id=desk.counter)

    age = (now - accepted).days
    for material in view.outstanding:
        if age > 6 and rng.random() < 0.7:
            view = step(cases.supply_material, material.position, rng.randrange(1, 6))
    if view.outstanding:
        return  # a deferred material still awaited
    if view.status not in OPEN_STATUSES:  # decided at acceptance (on the spot)
        if age > 2 and rng.random() < 0.7:
            _deliver_and_close(step, view, rng)
        return
    roll = rng.random()
    if view.item.extension_days and age > 10 and roll < 0.12:
        step(cases.extend_case, rng.choice(EXTENSIONS))
        return
    if age < 4 or roll < 0.2:
        return  # still being examined (overdue once past its promised date)
    if roll < 0.45:
        view = step(cases.reject_case, rng.choice(REFUSALS))
    elif roll < 0.52:
        step(cases.withdraw_case, rng.choice(WITHDRAWALS))
        if rng.random() < 0.6:
            step(cases.close_case)
        return
    else:
        view = step(cases.approve_case)
    _deliver_and_close(step, view, rng)


def _deliver_and_close(step: Callable[..., CaseView], view: CaseView, rng: random.Random) -> None:
    if view.status in (CaseStatus.APPROVED, CaseStatus.REJECTED) and rng.random() < 0.8:
        step(cases.deliver_result)
        if rng.random() < 0.75:
            step(cases.close_case)


def add_demo_cases(database: Database, count: int = 40, *, seed: int = 2026, unmet: int = 6) -> list[str]:
    """Accept ``count`` cases over the last weeks through the services (and record ``unmet``
    visits in the halls' "不说NO" registers); returns the case numbers."""
    with _first_passwords_waived(database):
        return _add_demo_cases(database, count, seed, unmet)


@contextmanager
def _first_passwords_waived(database: Database) -> Iterator[None]:
    """The demo's accounts act here before anyone chose their password (the access policy
    lets an account that must change it do nothing else): the duty is lifted meanwhile and
    given back afterwards, so that the demo's users still choose theirs at their first login."""
    with database.transaction() as session:
        waived = list(session.scalars(select(Staff.username).where(Staff.must_change_password.is_(True))))
        session.execute(update(Staff).where(Staff.username.in_(waived)).values(must_change_password=False))
    try:
        yield
    finally:
        with database.transaction() as session:
            session.execute(update(Staff).where(Staff.username.in_(waived)).values(must_change_password=True))


def _add_demo_cases(database: Database, count: int, seed: int, unmet: int) -> list[str]:
    rng = random.Random(seed)
    items = demo_items(database)
    by_kind = {
        "deferred": [item for item in items if item.deferrable],
        "commitment": [item for item in items if item.commitment],
        "spot": [item for item in items if item.on_the_spot],
        "plain": [item for item in items if not item.on_the_spot],
    }
    desks = _desks(database)
    for hall_desks in desks.values():
        for desk in hall_desks:
            queue.open_counter(desk.clerk, desk.counter)
    now = database.now()
    today = now.astimezone(ZONE).date()
    numbers = []
    halls = [code for code, weight in HALL_WEIGHTS.items() for _ in range(weight)]
    try:
        for serial, accepted in enumerate(working_moments(today, count, rng, WEEKS * 7)):
            if accepted > now:
                accepted = now - timedelta(minutes=10)
            desk = rng.choice(desks[rng.choice(halls)])
            roll = rng.random()
            how = "deferred" if roll < 0.2 else "commitment" if roll < 0.32 else "spot" if roll < 0.42 else "plain"
            item = rng.choice(by_kind[how] or by_kind["plain"])
            applicant = enterprise(rng, serial) if rng.random() < 0.7 else person(rng, serial)
            try:
                with clock_at(desk.clerk, accepted):
                    view = cases.accept_case(desk.clerk, desk.counter, _application(item, how, applicant, rng, serial))
            except UserError as error:  # an applicant barred, an item that changed: skip it
                print("skipped:", error.english(), file=sys.stderr)
                continue
            numbers.append(view.number)
            _continue(desk, view, accepted, now, rng)
        _add_unmet_requests(desks, items, rng, today, unmet)
    finally:
        for hall_desks in desks.values():
            for desk in hall_desks:
                queue.close_counter(desk.clerk, desk.counter)
    return numbers


def _add_unmet_requests(desks: dict[str, list[Desk]], items: list[Item], rng: random.Random, today: date, count: int) -> None:
    supervisors: dict[str, Actor] = {}
    for index, moment in enumerate(working_moments(today, count, rng, 14)):
        code = "KG" if index % 3 else rng.choice(list(HALL_WEIGHTS))
        desk = rng.choice(desks[code])
        item = rng.choice(items)
        reason, named = rng.choice(UNMET)
        missing: tuple[str, ...] = named or tuple(name for name, _deferrable in item.materials[:1])
        applicant = enterprise(rng, 900 + index) if rng.random() < 0.6 else person(rng, 900 + index)
        with clock_at(desk.clerk, moment):
            entry = cases.record_unmet_request(desk.clerk, desk.counter, item.id, applicant, missing, reason)
        if index % 3 == 0:
            hall = desk.clerk.hall_id or 0
            supervisor = supervisors.get(code) or login(desk.clerk.database, f"{code.lower()}_zb", DEMO_PASSWORD)
            supervisors[code] = supervisor
            with clock_at(supervisor, moment + timedelta(hours=20)):
                cases.follow_up_unmet_request(supervisor, hall, entry, rng.choice(FOLLOW_UPS))


def main(argv: list[str]) -> int:
    from counter_app.config import resolve_database
    from counter_app.services.setup import open_database

    count = int(argv[1]) if len(argv) > 1 else 40
    database = open_database(resolve_database(None)).database
    try:
        numbers = add_demo_cases(database, count)
    finally:
        database.dispose()
    print(f"{len(numbers)} cases accepted: {numbers[0]} … {numbers[-1]}" if numbers else "no cases accepted")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
