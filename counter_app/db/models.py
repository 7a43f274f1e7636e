"""SQLAlchemy 2.0 typed models: the shared database of every counter, display and hall.

No business rules here (they live in domain/ and services/); only structure, keys and
indexes. Enumerated values are stored as short strings with CHECK constraints so that
the same schema works on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import date, datetime, time
from enum import Enum
from typing import cast

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    Time,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from counter_app.db.types import UtcDateTime, utc_now
from counter_app.domain.applicants import ApplicantKind
from counter_app.domain.cases import (
    DEFAULT_DEFERRAL_DAYS,
    CaseAction,
    CaseStatus,
    Channel,
    LimitUnit,
    MaterialState,
    Route,
    TimeLimit,
)
from counter_app.domain.catalogue import CaseType, ItemKind
from counter_app.domain.queue import CounterState, LinePriorities, PersonalDataPurpose, TicketPriority, TicketStatus
from counter_app.domain.roles import STAFF_ROLES, Role
from counter_app.domain.working_days import DayKind

__all__ = ["STAFF_ROLES", "Role"]  # re-exported: the roles are a domain rule

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def table_of(model: type[Base]) -> Table:
    """A mapped class's table, typed as the Table it is (``__table__`` is typed as a FromClause)."""
    return cast(Table, model.__table__)


# A limit on the spot or without a statutory limit has no amount; the others a positive one.
_LIMIT_AMOUNT = (
    "({column}_unit IN ('on_the_spot', 'none') AND {column} = 0) "
    "OR ({column}_unit NOT IN ('on_the_spot', 'none') AND {column} > 0)"
)


OPEN_CASES = "status IN ('accepted', 'supplemented')"  # domain.cases.OPEN_STATUSES


def _one_of(column: str, values: type[Enum], name: str) -> CheckConstraint:
    allowed = ", ".join(f"'{member.value}'" for member in values)  # type: ignore[attr-defined]
    return CheckConstraint(f"{column} IN ({allowed})", name=name)


class Hall(Base):
    __tablename__ = "halls"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    address: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(30), default="", server_default="")  # printed on notices
    opens_at: Mapped[time] = mapped_column(Time, default=time(9, 0))
    closes_at: Mapped[time] = mapped_column(Time, default=time(17, 0))
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    lines: Mapped[list[BusinessLine]] = relationship(back_populates="hall", order_by="BusinessLine.prefix")
    counters: Mapped[list[Counter]] = relationship(back_populates="hall", order_by="Counter.number")


class Department(Base):
    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)


counter_lines = Table(
    "counter_lines",
    Base.metadata,
    Column("counter_id", ForeignKey("counters.id", ondelete="CASCADE"), primary_key=True),
    Column("line_id", ForeignKey("business_lines.id", ondelete="CASCADE"), primary_key=True),
)


class BusinessLine(Base):
    """A queue of one hall: its tickets are numbered with ``prefix`` (A001 …) per business day."""

    __tablename__ = "business_lines"
    __table_args__ = (
        UniqueConstraint("hall_id", "prefix"),
        CheckConstraint("daily_cap IS NULL OR daily_cap > 0", name="daily_cap_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id", ondelete="CASCADE"), index=True)
    prefix: Mapped[str] = mapped_column(String(4))
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(String(300), default="")
    daily_cap: Mapped[int | None] = mapped_column(Integer)
    # Priority rules: which kinds of priority tickets this line takes ahead of ordinary ones.
    accepts_appointments: Mapped[bool] = mapped_column(Boolean, default=True)
    accepts_priority: Mapped[bool] = mapped_column(Boolean, default=True)  # elderly, disabled
    accepts_green_channel: Mapped[bool] = mapped_column(Boolean, default=False)
    appointment_grace_minutes: Mapped[int] = mapped_column(Integer, default=15)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    hall: Mapped[Hall] = relationship(back_populates="lines")
    counters: Mapped[list[Counter]] = relationship(secondary=counter_lines, back_populates="lines")

    @property
    def priorities(self) -> LinePriorities:
        return LinePriorities(self.accepts_appointments, self.accepts_priority, self.accepts_green_channel)


class Counter(Base):
    """A numbered service window (窗口) of a hall."""

    __tablename__ = "counters"
    __table_args__ = (UniqueConstraint("hall_id", "number"), _one_of("state", CounterState, "state"))

    id: Mapped[int] = mapped_column(primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(100), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    state: Mapped[str] = mapped_column(String(8), default=CounterState.CLOSED.value, server_default="closed")
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    state_changed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Who opened, paused or closed it last: a clerk whose counter a supervisor closed is told who.
    state_changed_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))

    hall: Mapped[Hall] = relationship(back_populates="counters")
    lines: Mapped[list[BusinessLine]] = relationship(secondary=counter_lines, back_populates="counters")


class Staff(Base):
    """An account: a member of staff, or (on PostgreSQL) a hall display or kiosk machine.

    On PostgreSQL ``username`` is also the account's login role, whose password the server
    keeps and checks (``password_hash`` stays empty); on SQLite the argon2 hash is here.
    Accounts are disabled, never deleted: the trail keeps their name."""

    __tablename__ = "staff"
    __table_args__ = (_one_of("role", Role, "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    password_changed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    hall_id: Mapped[int | None] = mapped_column(ForeignKey("halls.id", ondelete="SET NULL"), index=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id", ondelete="SET NULL"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


class LoginThrottle(Base):
    """Failed logins per user name, known or not (so an unknown name is answered exactly
    like a known one), and the lock they lead to. Counted before the password is checked,
    in one atomic statement, so parallel guesses cannot slip past the limit."""

    __tablename__ = "login_throttle"

    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime)


class ServiceItem(Base):
    """An entry of the service catalogue (政务服务事项目录)."""

    __tablename__ = "service_items"
    __table_args__ = (
        _one_of("kind", ItemKind, "kind"),
        _one_of("case_type", CaseType, "case_type"),
        _one_of("statutory_limit_unit", LimitUnit, "statutory_limit_unit"),
        _one_of("promised_limit_unit", LimitUnit, "promised_limit_unit"),
        CheckConstraint(_LIMIT_AMOUNT.format(column="statutory_limit"), name="statutory_limit_amount"),
        CheckConstraint(_LIMIT_AMOUNT.format(column="promised_limit"), name="promised_limit_amount"),
        CheckConstraint("extension_days >= 0", name="extension_non_negative"),
        CheckConstraint("deferral_days > 0", name="deferral_positive"),
        CheckConstraint(
            "licence_validity_months IS NULL OR licence_validity_months > 0", name="validity_positive"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)  # local codes differ by province: text
    name: Mapped[str] = mapped_column(String(200), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    case_type: Mapped[str] = mapped_column(String(16))
    # A time limit is an amount and a unit (domain.cases.TimeLimit); on the spot and "no
    # statutory limit" have no amount (0).
    statutory_limit: Mapped[int] = mapped_column(Integer)
    statutory_limit_unit: Mapped[str] = mapped_column(String(16), default=LimitUnit.WORKING_DAYS.value)
    promised_limit: Mapped[int] = mapped_column(Integer)
    promised_limit_unit: Mapped[str] = mapped_column(String(16), default=LimitUnit.WORKING_DAYS.value)
    extension_days: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # §42: working days, 0 = none
    deferral_days: Mapped[int] = mapped_column(Integer, default=DEFAULT_DEFERRAL_DAYS, server_default=str(DEFAULT_DEFERRAL_DAYS))
    fees: Mapped[str] = mapped_column(String(200), default="", server_default="")  # "" = free of charge
    licence_type: Mapped[str | None] = mapped_column(String(100))
    licence_validity_months: Mapped[int | None] = mapped_column(Integer)
    notify_commit: Mapped[bool] = mapped_column(Boolean, default=False)  # 告知承诺
    renew_on_commitment: Mapped[bool] = mapped_column(Boolean, default=False)  # 延期换证承诺即办结
    tolerance_acceptance: Mapped[bool] = mapped_column(Boolean, default=False)  # 容缺受理
    on_the_spot: Mapped[bool] = mapped_column(Boolean, default=False)  # 马上办
    nearby: Mapped[bool] = mapped_column(Boolean, default=False)  # 就近办
    online: Mapped[bool] = mapped_column(Boolean, default=False)  # 网上办
    one_visit: Mapped[bool] = mapped_column(Boolean, default=False)  # 一次办
    legal_basis: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now, onupdate=utc_now)

    department: Mapped[Department] = relationship()
    materials: Mapped[list[ServiceItemMaterial]] = relationship(
        back_populates="item", order_by="ServiceItemMaterial.position", cascade="all, delete-orphan"
    )

    @property
    def statutory(self) -> TimeLimit:
        return TimeLimit.of(self.statutory_limit_unit, self.statutory_limit)

    @property
    def promised(self) -> TimeLimit:
        return TimeLimit.of(self.promised_limit_unit, self.promised_limit)


class ServiceItemMaterial(Base):
    """A required material of an item; ``deferrable`` ones may follow later (容缺后补)."""

    __tablename__ = "service_item_materials"
    __table_args__ = (UniqueConstraint("item_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("service_items.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    deferrable: Mapped[bool] = mapped_column(Boolean, default=False)

    item: Mapped[ServiceItem] = relationship(back_populates="materials")


class CalendarDay(Base):
    """A public holiday or make-up working day entered by an administrator."""

    __tablename__ = "calendar_days"
    __table_args__ = (_one_of("kind", DayKind, "kind"),)

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))
    name: Mapped[str] = mapped_column(String(100), default="")


class CalendarYear(Base):
    """A year whose holidays an administrator has entered completely (used when the
    bundled official calendar does not know the year yet)."""

    __tablename__ = "calendar_years"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    note: Mapped[str] = mapped_column(String(200), default="")


class AuditRecord(Base):
    """Who did what, when, and whether it was allowed. Written in the use case's transaction,
    or in a transaction of its own for refusals (the use case itself is rolled back).

    On PostgreSQL a trigger stamps each record with the server's clock and the login role
    (``db_user``), and for a staff login overrides ``staff_id`` and ``username`` with that
    account's; other triggers record every change of the administrative tables; nobody the
    program connects as may change or delete a record."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_staff_at", "staff_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now, index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    username: Mapped[str] = mapped_column(String(64))
    db_user: Mapped[str] = mapped_column(String(64), default="", server_default="")
    hall_id: Mapped[int | None] = mapped_column(Integer)  # no foreign key: records are never updated
    action: Mapped[str] = mapped_column(String(64), index=True)
    outcome: Mapped[str] = mapped_column(String(16))  # ok | refused | failed
    target: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[str] = mapped_column(Text, default="")


class Setting(Base):
    """A zone-wide setting (and the default of a per-hall one)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)  # JSON


class HallSetting(Base):
    """A hall's own value of a setting, which a supervisor of that hall may change."""

    __tablename__ = "hall_settings"

    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)  # JSON


class TicketSequence(Base):
    """The last number issued per line and business day: incremented in the issuing
    transaction (never max()+1), so two issuers never hand out one number."""

    __tablename__ = "ticket_sequences"

    line_id: Mapped[int] = mapped_column(ForeignKey("business_lines.id", ondelete="CASCADE"), primary_key=True)
    business_date: Mapped[date] = mapped_column(Date, primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class Ticket(Base):
    """A queue ticket. ``line_id`` is the line it waits in now (a transfer changes it);
    ``queued_at`` is its place in the queue, kept across transfers."""

    __tablename__ = "tickets"
    __table_args__ = (
        UniqueConstraint("original_line_id", "business_date", "number"),
        _one_of("status", TicketStatus, "status"),
        _one_of("priority", TicketPriority, "priority"),
        Index("ix_tickets_queue", "hall_id", "business_date", "status", "line_id", "priority_rank", "queued_at"),
        Index("ix_tickets_counter_status", "counter_id", "status"),
        Index("ix_tickets_call_order", "hall_id", "business_date", "status", "priority_rank", "queued_at", "id"),
        # One ticket called or being served per counter, whatever a client does.
        Index(
            "uq_tickets_one_in_hand_per_counter",
            "counter_id",
            unique=True,
            sqlite_where=text("status IN ('called', 'serving')"),
            postgresql_where=text("status IN ('called', 'serving')"),
        ),
        _one_of("personal_data_purpose", PersonalDataPurpose, "personal_data_purpose"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id"))
    line_id: Mapped[int] = mapped_column(ForeignKey("business_lines.id"))
    original_line_id: Mapped[int] = mapped_column(ForeignKey("business_lines.id"))
    business_date: Mapped[date] = mapped_column(Date)
    number: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(12))
    priority: Mapped[str] = mapped_column(String(16), default=TicketPriority.NORMAL.value)
    priority_rank: Mapped[int] = mapped_column(Integer)  # lower is called first
    status: Mapped[str] = mapped_column(String(16), default=TicketStatus.WAITING.value)
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime)
    queued_at: Mapped[datetime] = mapped_column(UtcDateTime)
    appointment_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    called_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # the first call: the wait ends here
    last_called_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # the latest call or recall
    service_started_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"))
    target_counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"))
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    recall_count: Mapped[int] = mapped_column(Integer, default=0)
    service_item_id: Mapped[int | None] = mapped_column(ForeignKey("service_items.id"))
    # Personal data, only with a purpose; the display and the kiosk may read none of it
    # (on PostgreSQL by column grants), only the masked name.
    visitor_name: Mapped[str | None] = mapped_column(String(50))
    visitor_name_masked: Mapped[str | None] = mapped_column(String(50))
    visitor_phone: Mapped[str | None] = mapped_column(String(20))
    visitor_id_number: Mapped[str | None] = mapped_column(String(18))
    personal_data_purpose: Mapped[str | None] = mapped_column(String(16))
    print_count: Mapped[int] = mapped_column(Integer, default=0)
    close_reason: Mapped[str | None] = mapped_column(String(200))


class TicketEvent(Base):
    """Every ticket state change: statistics, the audit trail and ratings read it."""

    __tablename__ = "ticket_events"
    __table_args__ = (Index("ix_ticket_events_hall_at", "hall_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id"))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    action: Mapped[str] = mapped_column(String(16))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"))
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    detail: Mapped[str] = mapped_column(Text, default="")


class DeviceStatus(Base):
    """What a hall machine last said about itself (a display: whether it can speak), so the
    hall's supervisors see a display that went mute or silent (no report for minutes)."""

    __tablename__ = "device_status"

    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id", ondelete="CASCADE"), primary_key=True)
    device: Mapped[str] = mapped_column(String(64), primary_key=True)  # its account (login role)
    speech_ok: Mapped[bool] = mapped_column(Boolean)
    detail: Mapped[str] = mapped_column(String(200), default="")
    seen_at: Mapped[datetime] = mapped_column(UtcDateTime)  # its last report
    changed_at: Mapped[datetime] = mapped_column(UtcDateTime)  # when speech_ok last changed


class HallChange(Base):
    """A per-hall change counter bumped by every queue change on SQLite, polled by displays
    (PostgreSQL uses NOTIFY instead)."""

    __tablename__ = "hall_changes"

    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id", ondelete="CASCADE"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, default=0)


# ---------------------------------------------------------------- cases (办件)


class CaseSequence(Base):
    """The last case serial per accepting hall and day: incremented in the accepting
    transaction (never max()+1), so two counters never get one case number."""

    __tablename__ = "case_sequences"

    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id", ondelete="CASCADE"), primary_key=True)
    business_date: Mapped[date] = mapped_column(Date, primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class Applicant(Base):
    """An applicant as last entered, found by their code for the next case ("automatic
    entry"); every change of their details is kept in ``applicant_changes``."""

    __tablename__ = "applicants"
    __table_args__ = (UniqueConstraint("kind", "code"), _one_of("kind", ApplicantKind, "kind"))

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    code: Mapped[str] = mapped_column(String(18), index=True)
    name: Mapped[str] = mapped_column(String(200))
    legal_representative: Mapped[str] = mapped_column(String(50), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    contact_name: Mapped[str] = mapped_column(String(50), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


class ApplicantChange(Base):
    """One field of an applicant changed: old and new value, who, where, with which case."""

    __tablename__ = "applicant_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    applicant_id: Mapped[int] = mapped_column(ForeignKey("applicants.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    hall_id: Mapped[int | None] = mapped_column(ForeignKey("halls.id"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    field: Mapped[str] = mapped_column(String(32))
    old_value: Mapped[str] = mapped_column(Text, default="")
    new_value: Mapped[str] = mapped_column(Text, default="")


class CommitmentBar(Base):
    """An applicant barred from the commitment route (告知承诺) for a false commitment,
    until an administrator lifts the bar with a reason."""

    __tablename__ = "commitment_bars"
    __table_args__ = (_one_of("applicant_kind", ApplicantKind, "applicant_kind"), Index("ix_commitment_bars_applicant", "applicant_kind", "applicant_code"))

    id: Mapped[int] = mapped_column(primary_key=True)
    applicant_kind: Mapped[str] = mapped_column(String(16))
    applicant_code: Mapped[str] = mapped_column(String(18))
    reason: Mapped[str] = mapped_column(Text)
    barred_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    barred_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    lifted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    lifted_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    lift_reason: Mapped[str | None] = mapped_column(Text)


class Case(Base):
    """An application (办件): found and continued in any hall (全区通办). It keeps the item
    and the applicant as they were at acceptance; ``ticket_id`` joins it to the visit."""

    __tablename__ = "cases"
    __table_args__ = (
        _one_of("status", CaseStatus, "status"),
        _one_of("channel", Channel, "channel"),
        _one_of("route", Route, "route"),
        _one_of("applicant_kind", ApplicantKind, "applicant_kind"),
        CheckConstraint("extended_days >= 0", name="extended_non_negative"),
        Index("ix_cases_hall_accepted", "hall_id", "accepted_on", "id"),
        # Open cases (a few thousand among millions) by due date, zone-wide and per hall: the
        # search's "overdue" and "due within N days".
        Index("ix_cases_open_due", "promised_due", "id", sqlite_where=text(OPEN_CASES), postgresql_where=text(OPEN_CASES)),
        Index(
            "ix_cases_open_hall_due", "hall_id", "promised_due", "id", sqlite_where=text(OPEN_CASES), postgresql_where=text(OPEN_CASES)
        ),
        Index("ix_cases_applicant", "applicant_code"),
        Index("ix_cases_item_accepted", "item_code", "accepted_on", "id"),
        Index("ix_cases_accepted", "accepted_on", "id"),  # the search lists newest first
        # Prefix search by name (LIKE 'x%' on PostgreSQL, a range on SQLite) from the index.
        Index("ix_cases_applicant_name", "applicant_name", postgresql_ops={"applicant_name": "varchar_pattern_ops"}),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(24), unique=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id"))  # the accepting hall
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), index=True)
    accepted_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    accepted_at: Mapped[datetime] = mapped_column(UtcDateTime)
    accepted_on: Mapped[date] = mapped_column(Date)  # the hall's business date: due dates count from it
    channel: Mapped[str] = mapped_column(String(16), default=Channel.COUNTER.value)
    route: Mapped[str] = mapped_column(String(16), default=Route.MATERIALS.value)
    status: Mapped[str] = mapped_column(String(16), default=CaseStatus.ACCEPTED.value)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("service_items.id", ondelete="SET NULL"))
    item_code: Mapped[str] = mapped_column(String(64))
    item_name: Mapped[str] = mapped_column(String(200))
    item_snapshot: Mapped[str] = mapped_column(Text)  # JSON of domain.cases.ItemSnapshot
    applicant_id: Mapped[int | None] = mapped_column(ForeignKey("applicants.id"))
    applicant_kind: Mapped[str] = mapped_column(String(16))
    applicant_code: Mapped[str] = mapped_column(String(18))
    applicant_name: Mapped[str] = mapped_column(String(200))
    applicant_details: Mapped[str] = mapped_column(Text)  # JSON of domain.applicants.ApplicantDetails
    agent_name: Mapped[str | None] = mapped_column(String(50))
    agent_id_number: Mapped[str | None] = mapped_column(String(18))
    agent_phone: Mapped[str | None] = mapped_column(String(30))
    commitment_signed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    promised_due: Mapped[date | None] = mapped_column(Date)
    statutory_due: Mapped[date | None] = mapped_column(Date)
    due_provisional: Mapped[bool] = mapped_column(Boolean, default=False)
    materials_due: Mapped[date | None] = mapped_column(Date)  # the earliest deadline of deferred materials outstanding
    extended_days: Mapped[int] = mapped_column(Integer, default=0)
    extension_reason: Mapped[str | None] = mapped_column(Text)
    status_reason: Mapped[str | None] = mapped_column(Text)  # why rejected, withdrawn or lapsed
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class CaseMaterial(Base):
    """One material of a case's checklist: received (original or copy, pages), deferred
    with its deadline (容缺), or committed to (告知承诺)."""

    __tablename__ = "case_materials"
    __table_args__ = (
        UniqueConstraint("case_id", "position"),
        _one_of("state", MaterialState, "state"),
        CheckConstraint("form IS NULL OR form IN ('original', 'copy')", name="form"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(16))
    form: Mapped[str | None] = mapped_column(String(8))
    pages: Mapped[int | None] = mapped_column(Integer)
    deadline: Mapped[date | None] = mapped_column(Date)
    supplied_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    supplied_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))


class CaseEvent(Base):
    """Every step of a case: who, in which hall and at which counter, when."""

    __tablename__ = "case_events"
    __table_args__ = (_one_of("action", CaseAction, "action"), Index("ix_case_events_hall_at", "hall_id", "at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    hall_id: Mapped[int | None] = mapped_column(ForeignKey("halls.id"))
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    action: Mapped[str] = mapped_column(String(16))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    detail: Mapped[str] = mapped_column(Text, default="")


class UnmetRequest(Base):
    """The "不说NO" register: a visit that could not become a case, with what was missing
    and why, for the hall's supervisors to follow up."""

    __tablename__ = "unmet_requests"
    __table_args__ = (Index("ix_unmet_requests_hall_at", "hall_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id"))
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("service_items.id", ondelete="SET NULL"))
    item_name: Mapped[str] = mapped_column(String(200))
    applicant_kind: Mapped[str | None] = mapped_column(String(16))
    applicant_code: Mapped[str] = mapped_column(String(18), default="")
    applicant_name: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    missing: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of material names
    reason: Mapped[str] = mapped_column(Text)
    followed_up_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    followed_up_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    follow_up_note: Mapped[str | None] = mapped_column(Text)


# ---------------------------------------------------------------- licences (证照)


class LicenceType(Base):
    """A kind of licence (证照类型): its GB/T 36904 type code, who issues it, how long it
    runs, how it prints, and its renewal and inspection rules. Items name it (``licence_type``)."""

    __tablename__ = "licence_types"
    __table_args__ = (
        CheckConstraint("template IN ('a4_portrait', 'a4_landscape', 'a3_landscape')", name="template"),
        CheckConstraint("validity_months IS NULL OR validity_months > 0", name="validity_positive"),
        CheckConstraint("window_days_before >= 0 AND grace_days_after >= 0", name="window_non_negative"),
        CheckConstraint("inspection_working_days IS NULL OR inspection_working_days > 0", name="inspection_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    type_code: Mapped[str] = mapped_column(String(21))  # the defining authority's credit code + 3 digits
    issuer_code: Mapped[str] = mapped_column(String(18))  # the issuing agency's credit code, or a region code
    authority: Mapped[str] = mapped_column(String(100))  # 发证机关, printed
    number_prefix: Mapped[str] = mapped_column(String(40))  # e.g. 津保人服证字: 津保人服证字〔2026〕第0007号
    validity_months: Mapped[int | None] = mapped_column(Integer)  # None: 长期有效
    template: Mapped[str] = mapped_column(String(16), default="a4_landscape")
    window_days_before: Mapped[int] = mapped_column(Integer, default=90)
    grace_days_after: Mapped[int] = mapped_column(Integer, default=0)
    renew_on_commitment: Mapped[bool] = mapped_column(Boolean, default=False)
    negative_list: Mapped[bool] = mapped_column(Boolean, default=False)  # 负面清单: never on commitment
    inspection_working_days: Mapped[int | None] = mapped_column(Integer)  # 核查 after issue on commitment
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class LicenceSequence(Base):
    """The last serial of a licence type: the printed number and the identifier's serial
    come from one upsert in the issuing transaction (never max()+1)."""

    __tablename__ = "licence_sequences"

    licence_type_id: Mapped[int] = mapped_column(ForeignKey("licence_types.id", ondelete="CASCADE"), primary_key=True)
    last_serial: Mapped[int] = mapped_column(Integer, default=0)


class Licence(Base):
    """A licence issued (the registry). Its status is the national code as last set;
    expiry and replacement are derived (``domain.licences.effective_status``), never
    written by a job."""

    __tablename__ = "licences"
    __table_args__ = (
        UniqueConstraint("licence_type_id", "serial"),
        UniqueConstraint("licence_type_id", "number"),
        CheckConstraint("status IN ('01', '02', '03', '04', '05', '07')", name="status"),
        _one_of("holder_kind", ApplicantKind, "holder_kind"),
        CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="validity_order"),
        Index("ix_licences_holder", "holder_code"),
        Index("ix_licences_valid_to", "valid_to"),
        # A licence is replaced once: two renewals of it at two counters, one wins.
        Index("uq_licences_replaces", "replaces_id", unique=True),
        # The signing agent's queue: the few licences not signed yet.
        Index("ix_licences_unsigned", "id", postgresql_where=text("qr_payload IS NULL"), sqlite_where=text("qr_payload IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    licence_type_id: Mapped[int] = mapped_column(ForeignKey("licence_types.id"))
    serial: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(60))  # printed on it
    identifier: Mapped[str] = mapped_column(String(80), unique=True)  # GB/T 36904
    version: Mapped[int] = mapped_column(Integer, default=1)
    holder_kind: Mapped[str] = mapped_column(String(16))
    holder_code: Mapped[str] = mapped_column(String(18))
    holder_name: Mapped[str] = mapped_column(String(200))
    legal_representative: Mapped[str] = mapped_column(String(50), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    scope: Mapped[str] = mapped_column(Text, default="")
    issued_on: Mapped[date] = mapped_column(Date)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)  # None: 长期有效
    authority: Mapped[str] = mapped_column(String(100))
    hall_id: Mapped[int | None] = mapped_column(ForeignKey("halls.id"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("licences.id"))
    status: Mapped[str] = mapped_column(String(2), default="01")
    status_reason: Mapped[str | None] = mapped_column(Text)
    status_changed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    status_changed_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    issued_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    # Brought from the earlier register by an administrator (``licences import``), not issued here.
    imported: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The signed QR payload (domain.licence_signing), written once by whoever holds the
    # signing key: the signing agent on PostgreSQL, the client itself on the embedded database.
    qr_payload: Mapped[str | None] = mapped_column(String(200))
    signed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class SigningKey(Base):
    """The installation's Ed25519 keys for licence QR codes, created with the database. The
    newest one not retired signs; retired ones still verify what they signed. On PostgreSQL
    only the signing agent's role reads ``private_key``."""

    __tablename__ = "signing_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_id: Mapped[str] = mapped_column(String(8), unique=True)
    public_key: Mapped[str] = mapped_column(Text)
    private_key: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    retired_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class LicencePrint(Base):
    """Every print of a licence: the first, and each reprint with its reason (补打)."""

    __tablename__ = "licence_prints"
    __table_args__ = (CheckConstraint("NOT reprint OR reason IS NOT NULL", name="reprint_reason"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    licence_id: Mapped[int] = mapped_column(ForeignKey("licences.id"), index=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id"))
    printed_by: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    printed_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    reprint: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str | None] = mapped_column(Text)
    copies: Mapped[int] = mapped_column(Integer, default=1)


class Inspection(Base):
    """The check after a licence issued on commitment (核查): due in the type's working days;
    a failed one revokes the licence and bars the holder from the commitment route."""

    __tablename__ = "inspections"
    __table_args__ = (
        CheckConstraint("result IS NULL OR result IN ('passed', 'failed')", name="result"),
        Index("ix_inspections_hall_due", "hall_id", "due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    licence_id: Mapped[int] = mapped_column(ForeignKey("licences.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id"))
    due_on: Mapped[date] = mapped_column(Date)
    due_provisional: Mapped[bool] = mapped_column(Boolean, default=False)
    scheduled_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    result: Mapped[str | None] = mapped_column(String(8))
    note: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
