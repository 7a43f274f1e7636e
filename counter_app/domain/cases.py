"""Cases (办件): time limits and due dates, the lifecycle, case numbers, materials with
容缺 and 告知承诺, and the item as it was when a case was accepted.

Pure rules, no I/O: the services build their statements and checks from these.
"""

from __future__ import annotations

import calendar as month_calendar
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from enum import Enum
from typing import Any

from counter_app.domain.catalogue import CaseType, ItemKind
from counter_app.domain.working_days import CalendarSource, WorkingCalendar
from counter_app.errors import ConflictError, ValidationError
from counter_app.i18n import QT_TRANSLATE_NOOP

# 行政许可法 §42: a decision may be put off once by at most 10 working days, with the reason.
STATUTORY_EXTENSION_WORKING_DAYS = 10
# Tianjin: a deferred (容缺) material follows within 60 days unless the item says otherwise.
DEFAULT_DEFERRAL_DAYS = 60


class LimitUnit(str, Enum):
    """How a time limit (办理时限) is counted."""

    ON_THE_SPOT = "on_the_spot"  # 当场办结: due the day of acceptance
    WORKING_DAYS = "working_days"  # 工作日
    CALENDAR_DAYS = "calendar_days"  # 自然日
    MONTHS = "months"  # 个月
    NONE = "none"  # 无法定时限: no due date at all


@dataclass(frozen=True)
class TimeLimit:
    unit: LimitUnit
    amount: int = 0

    def __post_init__(self) -> None:
        if self.unit in (LimitUnit.ON_THE_SPOT, LimitUnit.NONE):
            object.__setattr__(self, "amount", 0)
        elif self.amount <= 0:
            raise ValueError(f"a limit in {self.unit.value} needs a positive amount, not {self.amount}")

    @classmethod
    def of(cls, unit: str | LimitUnit, amount: int | None) -> TimeLimit:
        """From stored columns (unit text, amount or NULL)."""
        return cls(LimitUnit(unit), amount or 0)


def promise_problem(statutory: TimeLimit, promised: TimeLimit, case_type: CaseType) -> str | None:
    """What is wrong with an item's limits, or None: ``"longer"`` when the promised limit
    is longer than the statutory one (compared where they can be: the same unit; a
    statutory limit on the spot allows only a promise on the spot; a statutory limit allows
    no promise without one), ``"not_on_the_spot"`` for a 即办件 not promised on the spot."""
    longer = (
        (statutory.unit is LimitUnit.ON_THE_SPOT and promised.unit is not LimitUnit.ON_THE_SPOT)
        or (statutory.unit is not LimitUnit.NONE and promised.unit is LimitUnit.NONE)
        or (statutory.unit is promised.unit and promised.amount > statutory.amount)
    )
    if longer:
        return "longer"
    if case_type is CaseType.ON_THE_SPOT and promised.unit is not LimitUnit.ON_THE_SPOT:
        return "not_on_the_spot"
    return None


@dataclass(frozen=True)
class DueDate:
    """A due date; ``provisional`` when a year it rests on has no known holiday calendar
    (counted on weekends only until an administrator enters that year)."""

    day: date
    provisional: bool


def _provisional(sources: Iterable[CalendarSource]) -> bool:
    return CalendarSource.WEEKENDS in set(sources)


def provisional_dates(working: WorkingCalendar, accepted_on: date, days: Iterable[date | None]) -> frozenset[date]:
    """Which of a case's dates rest on a year whose holidays are not known (the years from
    acceptance to the date are walked over by its count): each is shown as provisional."""
    return frozenset(
        day
        for day in days
        if day is not None
        and _provisional(working.source_for_year(year) for year in range(min(accepted_on.year, day.year), max(accepted_on.year, day.year) + 1))
    )


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later; the 31st of a shorter month becomes its last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, month_calendar.monthrange(year, month)[1]))


def due_date(limit: TimeLimit, accepted_on: date, working: WorkingCalendar) -> DueDate | None:
    """When a case accepted on ``accepted_on`` is due under ``limit``, or None (no limit).

    Working days count from the day after acceptance (行政许可法's rule, see
    ``WorkingCalendar.add_working_days``). A limit in calendar days or months that ends on
    a day off ends on the next working day instead (民法典 §203: a period whose last day is
    a public holiday ends on the day after it)."""
    if limit.unit is LimitUnit.NONE:
        return None
    if limit.unit is LimitUnit.ON_THE_SPOT:
        return DueDate(accepted_on, _provisional({working.source_for_year(accepted_on.year)}))
    if limit.unit is LimitUnit.WORKING_DAYS:
        result = working.add_working_days(accepted_on, limit.amount)
        return DueDate(result.value, _provisional(result.sources))
    end = accepted_on + timedelta(days=limit.amount) if limit.unit is LimitUnit.CALENDAR_DAYS else add_months(accepted_on, limit.amount)
    return calendar_deadline(end, working)


def calendar_deadline(end: date, working: WorkingCalendar) -> DueDate:
    """A deadline counted in calendar days that moves past days off to the next working day."""
    moved = working.next_working_day(end)
    years = {working.source_for_year(year) for year in range(end.year, moved.year + 1)}
    return DueDate(moved, _provisional(years))


def deferral_deadline(accepted_on: date, deferral_days: int, working: WorkingCalendar) -> DueDate:
    """The day a deferred (容缺) material is due: ``deferral_days`` calendar days after acceptance."""
    return calendar_deadline(accepted_on + timedelta(days=deferral_days), working)


def extended_due_date(statutory_due: date, extension_days: int, working: WorkingCalendar) -> DueDate:
    """The statutory due date put off by ``extension_days`` working days (§42)."""
    result = working.add_working_days(statutory_due, extension_days)
    return DueDate(result.value, _provisional(result.sources))


# ---------------------------------------------------------------- the item as accepted


@dataclass(frozen=True)
class MaterialSpec:
    """A material the item requires; ``deferrable`` ones may follow later (容缺后补)."""

    name: str
    deferrable: bool = False


@dataclass(frozen=True)
class ItemFlags:
    notify_commit: bool = False  # 告知承诺
    renew_on_commitment: bool = False  # 延期换证承诺即办结
    tolerance_acceptance: bool = False  # 容缺受理
    on_the_spot: bool = False  # 马上办
    nearby: bool = False  # 就近办
    online: bool = False  # 网上办
    one_visit: bool = False  # 一次办


@dataclass(frozen=True)
class ItemSnapshot:
    """A catalogue item as it was when a case was accepted: the case keeps this, so later
    catalogue edits never change a past case."""

    item_id: int
    code: str
    name: str
    department: str
    kind: ItemKind
    case_type: CaseType
    statutory_limit: TimeLimit
    promised_limit: TimeLimit
    extension_days: int
    deferral_days: int
    fees: str
    legal_basis: str
    licence_type: str | None
    licence_validity_months: int | None
    flags: ItemFlags
    materials: tuple[MaterialSpec, ...] = field(default_factory=tuple)

    def to_json(self) -> str:
        data = asdict(self)
        data["kind"] = self.kind.value
        data["case_type"] = self.case_type.value
        for key in ("statutory_limit", "promised_limit"):
            limit: TimeLimit = getattr(self, key)
            data[key] = {"unit": limit.unit.value, "amount": limit.amount}
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> ItemSnapshot:
        data: dict[str, Any] = json.loads(text)
        return cls(
            item_id=data["item_id"],
            code=data["code"],
            name=data["name"],
            department=data["department"],
            kind=ItemKind(data["kind"]),
            case_type=CaseType(data["case_type"]),
            statutory_limit=TimeLimit.of(data["statutory_limit"]["unit"], data["statutory_limit"]["amount"]),
            promised_limit=TimeLimit.of(data["promised_limit"]["unit"], data["promised_limit"]["amount"]),
            extension_days=data["extension_days"],
            deferral_days=data["deferral_days"],
            fees=data["fees"],
            legal_basis=data["legal_basis"],
            licence_type=data["licence_type"],
            licence_validity_months=data["licence_validity_months"],
            flags=ItemFlags(**data["flags"]),
            materials=tuple(MaterialSpec(**material) for material in data["materials"]),
        )

    @property
    def allows_deferral(self) -> bool:
        return self.flags.tolerance_acceptance and any(material.deferrable for material in self.materials)


# ---------------------------------------------------------------- the lifecycle


class CaseStatus(str, Enum):
    ACCEPTED = "accepted"  # 已受理
    SUPPLEMENTED = "supplemented"  # 材料已补齐 (after 容缺)
    APPROVED = "approved"  # 准予
    REJECTED = "rejected"  # 不予
    WITHDRAWN = "withdrawn"  # 申请人撤回
    DELIVERED = "delivered"  # 结果已送达
    CLOSED = "closed"  # 办结
    LAPSED = "lapsed"  # 逾期未补齐材料，终止


OPEN_STATUSES = frozenset({CaseStatus.ACCEPTED, CaseStatus.SUPPLEMENTED})  # awaiting a decision: due dates matter
FINAL_STATUSES = frozenset({CaseStatus.CLOSED, CaseStatus.LAPSED})


class CaseAction(str, Enum):
    ACCEPT = "accept"
    SUPPLEMENT = "supplement"  # a deferred material arrives
    EXTEND = "extend"  # §42 extension of the statutory limit
    APPROVE = "approve"
    REJECT = "reject"
    WITHDRAW = "withdraw"
    DELIVER = "deliver"
    CLOSE = "close"
    LAPSE = "lapse"  # a deferred material's deadline passed


# action -> (the statuses it may start from, the status it leads to; None: unchanged)
MOVES: Mapping[CaseAction, tuple[frozenset[CaseStatus], CaseStatus | None]] = {
    CaseAction.SUPPLEMENT: (frozenset({CaseStatus.ACCEPTED}), None),
    CaseAction.EXTEND: (OPEN_STATUSES, None),
    CaseAction.APPROVE: (OPEN_STATUSES, CaseStatus.APPROVED),
    CaseAction.REJECT: (OPEN_STATUSES, CaseStatus.REJECTED),
    CaseAction.WITHDRAW: (OPEN_STATUSES, CaseStatus.WITHDRAWN),
    CaseAction.DELIVER: (frozenset({CaseStatus.APPROVED, CaseStatus.REJECTED}), CaseStatus.DELIVERED),
    CaseAction.CLOSE: (frozenset({CaseStatus.DELIVERED, CaseStatus.WITHDRAWN}), CaseStatus.CLOSED),
    CaseAction.LAPSE: (frozenset({CaseStatus.ACCEPTED}), CaseStatus.LAPSED),
}
# Moves that need a reason the case keeps (a refusal, a withdrawal, an extension, a lapse).
NEEDS_REASON = frozenset({CaseAction.REJECT, CaseAction.WITHDRAW, CaseAction.EXTEND, CaseAction.LAPSE})

_NOT_NOW = QT_TRANSLATE_NOOP("Errors", "Case {number} is {status}: it cannot be {action} now.")
_OUTSTANDING = QT_TRANSLATE_NOOP(
    "Errors", "Case {number} still waits for {count} deferred material(s): it can be approved once they arrive."
)
_NO_EXTENSION = QT_TRANSLATE_NOOP("Errors", "The item of case {number} allows no extension of its time limit.")
_EXTENDED_ALREADY = QT_TRANSLATE_NOOP("Errors", "Case {number} was extended already: §42 allows one extension.")
_NOT_OVERDUE = QT_TRANSLATE_NOOP("Errors", "Case {number} has no deferred material past its deadline.")


def next_status(
    action: CaseAction, status: CaseStatus, *, number: str, outstanding: int = 0, status_term: str = "", action_term: str = ""
) -> CaseStatus:
    """The status after ``action``, or ``ConflictError`` saying why it cannot happen now.

    ``outstanding``: deferred materials not yet supplied (after this action, for SUPPLEMENT).
    ``status_term`` / ``action_term``: the words for the message (translated terms)."""
    allowed, target = MOVES[action]
    if status not in allowed:
        raise ConflictError(_NOT_NOW, number=number, status=status_term or status.value, action=action_term or action.value)
    if action is CaseAction.APPROVE and outstanding:
        raise ConflictError(_OUTSTANDING, number=number, count=outstanding)
    if action is CaseAction.SUPPLEMENT:
        return CaseStatus.SUPPLEMENTED if outstanding == 0 else status
    return target if target is not None else status


def check_extension(*, number: str, allowed_days: int, already_extended: bool) -> int:
    """The working days an extension adds, or ``ConflictError``."""
    if allowed_days <= 0:
        raise ConflictError(_NO_EXTENSION, number=number)
    if already_extended:
        raise ConflictError(_EXTENDED_ALREADY, number=number)
    return allowed_days


def check_lapse(*, number: str, deadlines: Iterable[date], today: date) -> None:
    """A case lapses only when a deferred material's deadline has passed."""
    if not any(deadline < today for deadline in deadlines):
        raise ConflictError(_NOT_OVERDUE, number=number)


# ---------------------------------------------------------------- channels, routes, numbers


class Channel(str, Enum):
    """How the application came in; the online share is counted from it."""

    COUNTER = "counter"  # 窗口
    ONLINE = "online"  # 网上
    SELF_SERVICE = "self_service"  # 自助终端
    MAIL = "mail"  # 邮寄


class Route(str, Enum):
    MATERIALS = "materials"  # the materials are checked at the counter
    COMMITMENT = "commitment"  # 告知承诺: the applicant commits to the conditions in writing


CASE_NUMBER_PATTERN = re.compile(r"^([A-Z0-9]{1,8})-(\d{8})-(\d{4,})$")


def case_number(hall_code: str, business_date: date, serial: int) -> str:
    """``KG-20261202-0007``: the accepting hall, the day, the hall's serial of that day.
    Unique across halls because hall codes are; readable aloud over the phone."""
    return f"{hall_code.upper()}-{business_date:%Y%m%d}-{serial:04d}"


def looks_like_case_number(text: str) -> bool:
    """Whether a search text (typed or scanned from a notice's QR code) is a case number."""
    return CASE_NUMBER_PATTERN.match(text.strip().upper()) is not None


# ---------------------------------------------------------------- materials


class MaterialForm(str, Enum):
    ORIGINAL = "original"  # 原件
    COPY = "copy"  # 复印件


class MaterialState(str, Enum):
    RECEIVED = "received"
    DEFERRED = "deferred"  # 容缺: follows by its deadline
    COMMITTED = "committed"  # 告知承诺: the applicant committed to it
    MISSING = "missing"  # not brought and not deferrable: the case cannot be accepted


@dataclass(frozen=True)
class MaterialEntry:
    """What the clerk ticked for one material of the item's checklist."""

    position: int  # in the item's materials, from 0
    received: bool
    form: MaterialForm | None = None
    pages: int | None = None


@dataclass(frozen=True)
class MaterialOutcome:
    position: int
    name: str
    state: MaterialState
    form: MaterialForm | None
    pages: int | None


MAX_PAGES = 9999
_PAGES = QT_TRANSLATE_NOOP("Errors", "The number of pages of “{material}” must be between 1 and {maximum}.")
_FORM = QT_TRANSLATE_NOOP("Errors", "Say whether “{material}” was received as the original or a copy.")
_CHECKLIST = QT_TRANSLATE_NOOP("Errors", "The materials checklist does not match the item: tick each material once.")
_NO_COMMITMENT = QT_TRANSLATE_NOOP("Errors", "The item “{item}” does not offer the commitment route (告知承诺).")


def assess_materials(item: ItemSnapshot, entries: Sequence[MaterialEntry], route: Route) -> list[MaterialOutcome]:
    """Each material of the item with what becomes of it; raises on an entry that makes no sense.

    Under the commitment route what was not brought is committed to; otherwise a material
    not brought is deferred if the item allows 容缺 for it, or missing (the case cannot be
    accepted: see ``missing``)."""
    if sorted(entry.position for entry in entries) != list(range(len(item.materials))):
        raise ValidationError(_CHECKLIST)
    if route is Route.COMMITMENT and not item.flags.notify_commit:
        raise ValidationError(_NO_COMMITMENT, item=item.name)
    outcomes = []
    for entry in sorted(entries, key=lambda entry: entry.position):
        spec = item.materials[entry.position]
        if entry.received:
            if entry.form is None:
                raise ValidationError(_FORM, material=spec.name)
            if entry.pages is not None and not 1 <= entry.pages <= MAX_PAGES:
                raise ValidationError(_PAGES, material=spec.name, maximum=MAX_PAGES)
            state = MaterialState.RECEIVED
        elif route is Route.COMMITMENT:
            state = MaterialState.COMMITTED
        elif item.flags.tolerance_acceptance and spec.deferrable:
            state = MaterialState.DEFERRED
        else:
            state = MaterialState.MISSING
        outcomes.append(
            MaterialOutcome(entry.position, spec.name, state, entry.form if entry.received else None, entry.pages if entry.received else None)
        )
    return outcomes


def missing(outcomes: Iterable[MaterialOutcome]) -> list[MaterialOutcome]:
    """The materials that keep a case from being accepted (for the one-time notice)."""
    return [outcome for outcome in outcomes if outcome.state is MaterialState.MISSING]


# ---------------------------------------------------------------- personal data shown


def mask_id_number(number: str | None) -> str:
    """``110101199003071234`` → ``1101**********1234``: enough to tell two people apart
    on a screen, not enough to use the number."""
    number = (number or "").strip()
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_phone(phone: str | None) -> str:
    """``13812345678`` → ``138****5678``; a short number keeps its last two digits."""
    phone = (phone or "").strip()
    if len(phone) >= 11:
        return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]
    if len(phone) > 4:
        return "*" * (len(phone) - 2) + phone[-2:]
    return "*" * len(phone)


_PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?|\d{7,8})$")
_PHONE_WRONG = QT_TRANSLATE_NOOP(
    "Errors", "'{phone}' is not a phone number: give an 11-digit mobile number or a landline such as 022-25601234."
)


def normalise_phone(text: str, *, required: bool = False) -> str:
    """A mainland mobile or landline number as typed (full-width digits allowed), or
    ValidationError: the one phone rule (applicants, agents, and visitors at the guide desk)."""
    phone = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    if not phone and not required:
        return ""
    if not _PHONE.match(phone):
        raise ValidationError(_PHONE_WRONG, phone=text.strip())
    return phone
