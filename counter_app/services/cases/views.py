"""What the case use cases return: plain frozen data, personal numbers masked for showing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from counter_app.domain.applicants import AgentDetails, ApplicantDetails
from counter_app.domain.cases import (
    CaseAction,
    CaseStatus,
    Channel,
    ItemSnapshot,
    MaterialEntry,
    MaterialForm,
    MaterialState,
    Route,
)
from counter_app.i18n import QT_TRANSLATE_NOOP, Term

STATUS_TERMS = {
    CaseStatus.ACCEPTED: Term(QT_TRANSLATE_NOOP("Terms", "accepted")),
    CaseStatus.SUPPLEMENTED: Term(QT_TRANSLATE_NOOP("Terms", "materials complete")),
    CaseStatus.APPROVED: Term(QT_TRANSLATE_NOOP("Terms", "approved")),
    CaseStatus.REJECTED: Term(QT_TRANSLATE_NOOP("Terms", "not approved")),
    CaseStatus.WITHDRAWN: Term(QT_TRANSLATE_NOOP("Terms", "withdrawn")),
    CaseStatus.DELIVERED: Term(QT_TRANSLATE_NOOP("Terms", "result delivered")),
    CaseStatus.CLOSED: Term(QT_TRANSLATE_NOOP("Terms", "closed")),
    CaseStatus.LAPSED: Term(QT_TRANSLATE_NOOP("Terms", "ended: materials overdue")),
}
ACTION_TERMS = {
    CaseAction.ACCEPT: Term(QT_TRANSLATE_NOOP("Terms", "accepted")),
    CaseAction.SUPPLEMENT: Term(QT_TRANSLATE_NOOP("Terms", "material supplied")),
    CaseAction.EXTEND: Term(QT_TRANSLATE_NOOP("Terms", "extended")),
    CaseAction.APPROVE: Term(QT_TRANSLATE_NOOP("Terms", "approved")),
    CaseAction.REJECT: Term(QT_TRANSLATE_NOOP("Terms", "not approved")),
    CaseAction.WITHDRAW: Term(QT_TRANSLATE_NOOP("Terms", "withdrawn")),
    CaseAction.DELIVER: Term(QT_TRANSLATE_NOOP("Terms", "delivered")),
    CaseAction.CLOSE: Term(QT_TRANSLATE_NOOP("Terms", "closed")),
    CaseAction.LAPSE: Term(QT_TRANSLATE_NOOP("Terms", "ended: materials overdue")),
}


@dataclass(frozen=True)
class Application:
    """What the clerk entered to accept a case."""

    item_id: int
    applicant: ApplicantDetails
    materials: tuple[MaterialEntry, ...]  # one per material of the item
    route: Route = Route.MATERIALS
    agent: AgentDetails | None = None
    commitment_signed: bool = False  # the applicant signed the 告知承诺书 (commitment route)
    ticket_id: int | None = None
    channel: Channel = Channel.COUNTER


@dataclass(frozen=True)
class KnownApplicant:
    """An applicant found by code: the details of their last case, for automatic entry."""

    details: ApplicantDetails
    case_count: int
    last_case_number: str | None
    last_case_at: datetime | None
    changes: tuple[tuple[datetime, str, str, str], ...]  # (when, field, old, new), newest first, at most 20
    barred_reason: str | None  # barred from the commitment route, and why


@dataclass(frozen=True)
class CaseMaterialView:
    position: int
    name: str
    state: MaterialState
    form: MaterialForm | None
    pages: int | None
    deadline: date | None
    supplied_at: datetime | None


@dataclass(frozen=True)
class CaseEventView:
    at: datetime
    action: CaseAction
    from_status: CaseStatus | None
    to_status: CaseStatus
    staff_name: str
    hall_name: str
    counter_number: int | None
    detail: str


@dataclass(frozen=True)
class CaseView:
    """One case in full (personal numbers masked), for its page and its documents."""

    id: int
    number: str
    status: CaseStatus
    route: Route
    channel: Channel
    hall_id: int
    hall_name: str
    hall_address: str
    hall_phone: str
    counter_number: int | None
    clerk_name: str
    ticket_label: str | None
    accepted_at: datetime
    accepted_on: date
    item: ItemSnapshot
    applicant: ApplicantDetails  # as at acceptance
    applicant_code_shown: str  # a person's ID masked; an enterprise's credit code as it is
    applicant_phone_shown: str
    agent: AgentDetails | None  # as entered, for the documents (which mask it themselves)
    agent_name: str | None
    agent_id_shown: str | None
    agent_phone_shown: str | None
    commitment_signed_at: datetime | None
    promised_due: date | None
    statutory_due: date | None
    due_provisional: bool  # some date below is provisional
    materials_due: date | None
    provisional_dates: frozenset[date]  # which of the dates are (the holidays of their year are not known yet)
    extended_days: int
    extension_reason: str | None
    status_reason: str | None
    materials: tuple[CaseMaterialView, ...]
    events: tuple[CaseEventView, ...] = field(default_factory=tuple)
    licence_numbers: tuple[str, ...] = ()  # the licences issued on its approval

    @property
    def outstanding(self) -> tuple[CaseMaterialView, ...]:
        return tuple(m for m in self.materials if m.state is MaterialState.DEFERRED and m.supplied_at is None)


@dataclass(frozen=True)
class CaseSummary:
    """A row of the case search."""

    id: int
    number: str
    status: CaseStatus
    hall_name: str
    item_name: str
    applicant_name: str
    applicant_code_shown: str
    accepted_at: datetime
    promised_due: date | None
    statutory_due: date | None
    materials_due: date | None
    due_provisional: bool  # some date below is provisional
    provisional_dates: frozenset[date]  # which of the dates are
    overdue: bool  # an open case past its promised date, or a deferred material past its deadline
    days_left: int | None  # calendar days to the nearest due date of an open case


@dataclass(frozen=True)
class CaseQuery:
    text: str = ""  # a case number (typed or scanned), an applicant's code or name, or an item's name or code
    status: CaseStatus | None = None
    open_only: bool = False
    hall_id: int | None = None
    accepted_from: date | None = None
    accepted_to: date | None = None
    due_within_days: int | None = None  # open cases due within N days (overdue included)
    overdue_only: bool = False
    limit: int = 200


@dataclass(frozen=True)
class UnmetRequestView:
    id: int
    at: datetime
    hall_name: str
    counter_number: int | None
    clerk_name: str
    item_name: str
    applicant_name: str
    applicant_code_shown: str
    phone_shown: str
    missing: tuple[str, ...]
    reason: str
    followed_up_at: datetime | None
    followed_up_by: str | None
    follow_up_note: str | None


@dataclass(frozen=True)
class MovedDueDate:
    number: str
    old: date | None
    new: date | None
    still_provisional: bool
