"""The one access policy, applied to every use case, on both databases.

Every public function of ``counter_app.services`` that takes the actor is a declared use
case; each is run as a weaker role of the same hall and as each allowed role of another
hall, against the demo hall KG, and must be refused with nothing changed. A use case
added later without its declaration, or whose target's hall goes unchecked, fails here.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import func, select

import counter_app.services
from counter_app.db.engine import Database
from counter_app.db.models import (
    Applicant,
    AuditRecord,
    Case,
    CommitmentBar,
    Counter,
    DeviceStatus,
    HallSetting,
    Licence,
    LoginThrottle,
    ServiceItem,
    Setting,
    Staff,
    Ticket,
    TicketEvent,
    UnmetRequest,
)
from counter_app.domain.applicants import ApplicantKind
from counter_app.domain.licences import LicenceAction
from counter_app.domain.queue import TicketStatus
from counter_app.domain.roles import Role, acts_on_every_hall
from counter_app.errors import PermissionDenied
from counter_app.services import queue
from counter_app.services.access import USE_CASES, Actor, Target, UseCase
from counter_app.services.auth import NewStaff
from counter_app.services.cases import Application, CaseQuery
from counter_app.services.hall_day import QueueSettings
from tests.case_support import credit_code, enterprise
from tests.queue_support import IN_HOURS, counter_id, hall_id, kiosk, line_id, machine, staff

# Demo accounts by role, in KG (the target) and in HK (another hall).
ACCOUNTS = {
    ("KG", Role.CLERK): "kg02",
    ("KG", Role.SUPERVISOR): "kg_zb",
    ("HK", Role.CLERK): "hk01",
    ("HK", Role.SUPERVISOR): "hk_zb",
}


def service_modules() -> list[Any]:
    """Every module of the services, in capability packages too (services.queue.calling …)."""
    return [
        importlib.import_module(info.name)
        for info in pkgutil.walk_packages(counter_app.services.__path__, prefix="counter_app.services.")
    ]


def public_use_cases() -> list[Callable[..., Any]]:
    """Every public function of the services that takes the actor first (but the policy's
    own, and those marked ``outside_the_policy`` with their reason)."""
    found = []
    for module in service_modules():
        if module.__name__ == "counter_app.services.access":
            continue
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or function.__module__ != module.__name__:
                continue
            parameters = list(inspect.signature(function).parameters)
            if parameters[:1] == ["actor"] and not hasattr(function, "outside_the_policy"):
                found.append(function)
    return found


def test_every_public_use_case_is_declared_with_its_rule() -> None:
    undeclared = [f"{f.__module__}.{f.__name__}" for f in public_use_cases() if not hasattr(f, "use_case")]
    assert not undeclared, "declare these with @use_case(permission, action, target): " + ", ".join(undeclared)
    assert len(USE_CASES) >= 30


def test_the_discovery_would_see_an_undeclared_use_case(monkeypatch: pytest.MonkeyPatch) -> None:
    def reopen_any_counter(actor: Actor, counter_id: int) -> None:  # a use case someone forgot to declare
        del actor, counter_id

    from counter_app.services.queue import counters

    reopen_any_counter.__module__ = counters.__name__
    monkeypatch.setattr(counters, "reopen_any_counter", reopen_any_counter, raising=False)
    assert reopen_any_counter in public_use_cases() and not hasattr(reopen_any_counter, "use_case")


@dataclass
class Scene:
    """The demo hall KG with a ticket waiting, one called at counter 1, and the actors."""

    database: Database
    waiting_ticket: int
    called_ticket: int
    actors: dict[tuple[str, Role], Actor]
    item_id: int

    def arguments(self, function: Callable[..., Any], rule: UseCase) -> dict[str, Any]:
        """Sample arguments by parameter name, every target in KG."""
        db = self.database
        samples: dict[str, Any] = {
            "hall_id": hall_id(db),
            "line_id": line_id(db, "A"),
            "counter_id": counter_id(db, 1),
            "ticket_id": self.called_ticket if rule.target is Target.COUNTER else self.waiting_ticket,
            "to_line_id": line_id(db, "B"),
            "day": IN_HOURS.date(),
            "reason": "policy test",
            "settings": QueueSettings(30, 3, "policy test", 2),
            "now": IN_HOURS,
            "username": "kg03",
            "password": "harbour-lantern-1907",
            "current_password": "harbour-lantern-1907",
            "new_password": "harbour-lantern-1908",
            "new": NewStaff("policy_intruder", "X", Role.ADMIN, "harbour-lantern-1907"),
            "active": False,
            "role": Role.ADMIN,
            "year": 2038,
            "days": [],
            "note": "",
            "search": "",
            "data": b"",
            "source_name": "policy.csv",
            "path": db.url,
            "speech_ok": False,
            "detail": "policy test",
            "item_id": self.item_id,
            "application": Application(self.item_id, enterprise(), ()),
            "kind": ApplicantKind.ENTERPRISE,
            "code": credit_code(1),
            "applicant": enterprise(),
            "number": "KG-20261123-0001",
            "position": 0,
            "entry_id": 1,
            "bar_id": 1,
            "missing_materials": ("营业执照",),
            "missing": ("营业执照",),
            "query": CaseQuery(),
            "text": "津保",
            "licence_id": 1,
            "licence_ids": [1],
            "payload": "not a licence code",
            "action": LicenceAction.SUSPEND,
            "commitment_signed": True,
            "inspection_id": 1,
            "passed": False,
        }
        chosen = {}
        for name, parameter in inspect.signature(function).parameters.items():
            if name == "actor" or (parameter.default is not inspect.Parameter.empty and name not in ("to_line_id",)):
                continue
            assert name in samples, f"{rule.name}: give the policy test a sample for parameter '{name}'"
            chosen[name] = samples[name]
        return chosen


@pytest.fixture
def scene(hall_open_all_day: Database) -> Scene:
    database = hall_open_all_day
    actors = {key: staff(database, username) for key, username in ACCOUNTS.items()}
    actors[("ZONE", Role.ADMIN)] = staff(database, "admin")
    for code in ("KG", "HK"):
        actors[(code, Role.KIOSK)] = kiosk(database, code)
        actors[(code, Role.DISPLAY)] = machine(database, Role.DISPLAY, code)
    supervisor, clerk = actors[("KG", Role.SUPERVISOR)], staff(database, "kg01")
    called = queue.issue_ticket(supervisor, line_id(database, "A"), now=IN_HOURS).ticket.id
    waiting = queue.issue_ticket(supervisor, line_id(database, "A"), now=IN_HOURS).ticket.id
    queue.open_counter(clerk, counter_id(database, 1))
    assert queue.call_next(clerk, counter_id(database, 1), now=IN_HOURS) is not None
    with database.reading() as session:
        item = session.scalars(select(ServiceItem.id).order_by(ServiceItem.code).limit(1)).one()
    return Scene(database, waiting, called, actors, item)


def snapshot(database: Database) -> tuple[Any, ...]:
    """What a use case could change (the audit log aside, where refusals are written)."""
    with database.reading() as session:
        return (
            sorted(session.execute(select(Ticket.id, Ticket.status, Ticket.counter_id, Ticket.line_id, Ticket.print_count)).all()),
            session.scalar(select(func.count()).select_from(TicketEvent)),
            sorted(session.execute(select(Counter.id, Counter.state, Counter.clerk_id)).all()),
            sorted(session.execute(select(Staff.username, Staff.role, Staff.active, Staff.hall_id)).all()),
            sorted(session.execute(select(Setting.key, Setting.value)).all()),
            sorted(session.execute(select(HallSetting.hall_id, HallSetting.key, HallSetting.value)).all()),
            sorted(session.execute(select(LoginThrottle.username, LoginThrottle.failures)).all()),
            sorted(session.execute(select(DeviceStatus.hall_id, DeviceStatus.device, DeviceStatus.speech_ok)).all()),
            sorted(session.execute(select(Case.number, Case.status)).all()),
            *(session.scalar(select(func.count()).select_from(model)) for model in (Applicant, UnmetRequest, CommitmentBar)),
            sorted(session.execute(select(Licence.number, Licence.status)).all()),
        )


def _refusal_cases(rule: UseCase) -> list[tuple[str, tuple[str, Role]]]:
    """(why, actor key): every weaker role of KG, and every allowed role of another hall."""
    cases = []
    for role in Role:
        if role in rule.roles:
            if rule.target is not Target.ZONE and not acts_on_every_hall(role):
                cases.append(("another hall", ("HK", role)))
        elif role is Role.ADMIN:
            cases.append(("weaker role", ("ZONE", role)))
        else:
            cases.append(("weaker role", ("KG", role)))
    return cases


def test_every_use_case_refuses_weaker_roles_and_other_halls(scene: Scene) -> None:
    functions = {f"{f.__module__}.{f.__name__}": f for f in public_use_cases()}
    refused = 0
    for name, rule in sorted(USE_CASES.items()):
        function = functions[name]
        arguments = scene.arguments(function, rule)
        for why, key in _refusal_cases(rule):
            before = snapshot(scene.database)
            with pytest.raises(PermissionDenied) as caught:
                function(scene.actors[key], **arguments)
            assert snapshot(scene.database) == before, f"{name} as {key} ({why}) changed something"
            expected = "own hall" if why == "another hall" else "may not do this"
            assert expected in caught.value.english(), (name, key, caught.value.english())
            refused += 1
    assert refused >= 60
    with scene.database.reading() as session:
        audited = session.scalar(select(func.count()).select_from(AuditRecord).where(AuditRecord.outcome == "refused"))
    assert audited == refused  # every refusal is in the audit log


def test_the_refused_actors_may_do_it_in_their_own_hall(scene: Scene) -> None:
    """The refusals above are about the hall, not a broken use case: HK's supervisor sees
    HK's day and issues HK's tickets; KG's clerk reads KG's counter."""
    db = scene.database
    hk_supervisor = scene.actors[("HK", Role.SUPERVISOR)]
    from counter_app.services import hall_day

    assert hall_day.hall_day(hk_supervisor, hall_id(db, "HK")).hall_code == "HK"
    assert queue.issue_ticket(hk_supervisor, line_id(db, "A", "HK"), now=IN_HOURS).hall_code == "HK"
    panel = queue.counter_panel(staff(db, "kg01"), counter_id(db, 1), now=IN_HOURS)
    assert [ticket.status for ticket in panel.current] == [TicketStatus.CALLED]
    assert queue.issue_ticket(scene.actors[("HK", Role.KIOSK)], line_id(db, "A", "HK"), now=IN_HOURS).hall_code == "HK"
    assert queue.display_state(scene.actors[("HK", Role.DISPLAY)], hall_id(db, "HK"), now=IN_HOURS).hall_name


def test_a_clerk_may_not_move_a_ticket_another_clerk_is_serving(scene: Scene) -> None:
    """The counter's own clerk (or a supervisor) moves a ticket being served there; a
    colleague of the same hall may not (once, a clerk transferred another's ticket)."""
    from counter_app.errors import ConflictError

    colleague = scene.actors[("KG", Role.CLERK)]
    before = snapshot(scene.database)
    with pytest.raises(ConflictError, match="another clerk's counter"):
        queue.transfer(colleague, scene.called_ticket, to_line_id=line_id(scene.database, "B"), now=IN_HOURS)
    assert snapshot(scene.database) == before
    moved = queue.transfer(scene.actors[("KG", Role.SUPERVISOR)], scene.called_ticket, to_line_id=line_id(scene.database, "B"), now=IN_HOURS)
    assert moved.status is TicketStatus.WAITING and moved.line_prefix == "B"


def test_a_kiosk_issues_only_ordinary_tickets_without_personal_data(scene: Scene) -> None:
    from counter_app.domain.queue import PersonalDataPurpose, TicketPriority
    from counter_app.services.queue import VisitorDetails

    kiosk_actor = scene.actors[("KG", Role.KIOSK)]
    line = line_id(scene.database, "C")
    before = snapshot(scene.database)
    with pytest.raises(PermissionDenied, match="guide desk"):
        queue.issue_ticket(kiosk_actor, line, priority=TicketPriority.GREEN_CHANNEL, now=IN_HOURS)
    with pytest.raises(PermissionDenied, match="guide desk"):
        queue.issue_ticket(kiosk_actor, line, visitor=VisitorDetails(PersonalDataPurpose.CALL_BY_NAME, "张三"), now=IN_HOURS)
    assert snapshot(scene.database) == before
    assert queue.issue_ticket(kiosk_actor, line, now=IN_HOURS).ticket.label == "C001"


# ---------------------------------------------------------------- issue 7: optional counters of another hall
# (Added apart from the sampling above: a use case that takes an optional ``counter_id``
# besides its target must refuse a counter of another hall, whatever the target's hall.)


def _optional_counter_use_cases() -> dict[str, Callable[..., Any]]:
    found = {}
    for function in public_use_cases():
        parameter = inspect.signature(function).parameters.get("counter_id")
        if parameter is not None and parameter.default is None and hasattr(function, "use_case"):
            found[function.__name__] = function
    return found


def test_an_optional_counter_of_another_hall_is_refused(scene: Scene) -> None:
    """Each such use case run by KG's clerk and supervisor on KG's case, in a state that
    allows the step, with HK's counter 1: refused, nothing changed."""
    from counter_app.db.models import ServiceItem as Item
    from counter_app.errors import ValidationError
    from counter_app.services import cases
    from tests.case_support import application, deferring, item_where

    db = scene.database
    clerk, counter, elsewhere = staff(db, "kg01"), counter_id(db, 1), counter_id(db, 1, "HK")
    item = item_where(db, deferrable=True, on_the_spot=False)
    with db.transaction() as session:  # one §42 extension allowed
        session.execute(Item.__table__.update().where(Item.id == item.id).values(extension_days=10))
    deferred = cases.accept_case(clerk, counter, application(item, enterprise(71), deferring(item)))
    complete = cases.accept_case(clerk, counter, application(item, enterprise(72)))
    position = deferred.outstanding[0].position
    steps: dict[str, tuple[tuple[Any, ...], Callable[[], object] | None]] = {
        # name: (its arguments after the actor, what brings the case on to the next step)
        "supply_material": ((deferred.number, position), None),
        "extend_case": ((deferred.number, "policy test"), None),
        "reject_case": ((deferred.number, "policy test"), None),
        "withdraw_case": ((deferred.number, "policy test"), None),
        "approve_case": ((complete.number,), lambda: cases.approve_case(clerk, complete.number, counter_id=counter)),
        "deliver_result": ((complete.number,), lambda: cases.deliver_result(clerk, complete.number, counter_id=counter)),
        "close_case": ((complete.number,), None),
    }
    use_cases = _optional_counter_use_cases()
    assert set(use_cases) == set(steps), "give this test the step (and the case state) of each use case with an optional counter"
    for name, (arguments, then) in steps.items():
        for actor in (scene.actors[("KG", Role.CLERK)], scene.actors[("KG", Role.SUPERVISOR)]):
            before = snapshot(db)
            with pytest.raises((PermissionDenied, ValidationError), match=r"own hall|not one of your hall's counters"):
                use_cases[name](actor, *arguments, counter_id=elsewhere)
            assert snapshot(db) == before, f"{name} with another hall's counter changed something"
        if then is not None:
            then()
