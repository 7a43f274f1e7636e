"""cases: application entry (办件受理)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02

Both backends: time limits with a unit (working days, calendar days, months, on the spot,
no statutory limit), the §42 extension, the 容缺 deferral period and fees on catalogue
items; the hall's phone for notices; applicants with the history of their details; cases
with their materials, events and race-free numbers; the "不说NO" register; bars from the
commitment route.

Existing items: a limit of 0 days was "on the spot" (the old format could not say "no
statutory limit"), any other is in working days; no extension; 60 days for deferred
materials; no fees recorded.

PostgreSQL: cases, applicants and their trail are read by all staff of the zone (全区通办:
any hall finds and continues any case) and never by the display or the kiosk; a clerk
accepts in their own hall in their own name and records each step in their own name; the
"不说NO" register is their hall's, followed up by its supervisors; bars are set by
supervisors and lifted by administrators; nobody deletes any of it. Every table audited.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import counter_app.db.types

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


OPEN_CASES = "status IN ('accepted', 'supplemented')"


def upgrade() -> None:
    op.create_table(
        "applicants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("code", sa.String(length=18), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("legal_representative", sa.String(length=50), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("contact_name", sa.String(length=50), nullable=False),
        sa.Column("phone", sa.String(length=30), nullable=False),
        sa.Column("created_at", counter_app.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", counter_app.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('enterprise', 'person')", name=op.f("ck_applicants_kind")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_applicants")),
        sa.UniqueConstraint("kind", "code", name=op.f("uq_applicants_kind_code")),
    )
    with op.batch_alter_table("applicants", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_applicants_code"), ["code"], unique=False)

    op.create_table(
        "case_sequences",
        sa.Column("hall_id", sa.Integer(), nullable=False),
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["hall_id"], ["halls.id"], name=op.f("fk_case_sequences_hall_id_halls"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("hall_id", "business_date", name=op.f("pk_case_sequences")),
    )
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=24), nullable=False),
        sa.Column("hall_id", sa.Integer(), nullable=False),
        sa.Column("counter_id", sa.Integer(), nullable=True),
        sa.Column("ticket_id", sa.Integer(), nullable=True),
        sa.Column("accepted_by", sa.Integer(), nullable=True),
        sa.Column("accepted_at", counter_app.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("accepted_on", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("route", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("item_code", sa.String(length=64), nullable=False),
        sa.Column("item_name", sa.String(length=200), nullable=False),
        sa.Column("item_snapshot", sa.Text(), nullable=False),
        sa.Column("applicant_id", sa.Integer(), nullable=True),
        sa.Column("applicant_kind", sa.String(length=16), nullable=False),
        sa.Column("applicant_code", sa.String(length=18), nullable=False),
        sa.Column("applicant_name", sa.String(length=200), nullable=False),
        sa.Column("applicant_details", sa.Text(), nullable=False),
        sa.Column("agent_name", sa.String(length=50), nullable=True),
        sa.Column("agent_id_number", sa.String(length=18), nullable=True),
        sa.Column("agent_phone", sa.String(length=30), nullable=True),
        sa.Column("commitment_signed_at", counter_app.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("promised_due", sa.Date(), nullable=True),
        sa.Column("statutory_due", sa.Date(), nullable=True),
        sa.Column("due_provisional", sa.Boolean(), nullable=False),
        sa.Column("materials_due", sa.Date(), nullable=True),
        sa.Column("extended_days", sa.Integer(), nullable=False),
        sa.Column("extension_reason", sa.Text(), nullable=True),
        sa.Column("status_reason", sa.Text(), nullable=True),
        sa.Column("updated_at", counter_app.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("applicant_kind IN ('enterprise', 'person')", name=op.f("ck_cases_applicant_kind")),
        sa.CheckConstraint("channel IN ('counter', 'online', 'self_service', 'mail')", name=op.f("ck_cases_channel")),
        sa.CheckConstraint("route IN ('materials', 'commitment')", name=op.f("ck_cases_route")),
        sa.CheckConstraint(
            "status IN ('accepted', 'supplemented', 'approved', 'rejected', 'withdrawn', 'delivered', 'closed', 'lapsed')",
            name=op.f("ck_cases_status"),
        ),
        sa.CheckConstraint("extended_days >= 0", name=op.f("ck_cases_extended_non_negative")),
        sa.ForeignKeyConstraint(["accepted_by"], ["staff.id"], name=op.f("fk_cases_accepted_by_staff")),
        sa.ForeignKeyConstraint(["applicant_id"], ["applicants.id"], name=op.f("fk_cases_applicant_id_applicants")),
        sa.ForeignKeyConstraint(["counter_id"], ["counters.id"], name=op.f("fk_cases_counter_id_counters")),
        sa.ForeignKeyConstraint(["hall_id"], ["halls.id"], name=op.f("fk_cases_hall_id_halls")),
        sa.ForeignKeyConstraint(
            ["item_id"], ["service_items.id"], name=op.f("fk_cases_item_id_service_items"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["ticket_id"], ["tickets.id"], name=op.f("fk_cases_ticket_id_tickets")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
        sa.UniqueConstraint("number", name=op.f("uq_cases_number")),
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index("ix_cases_accepted", ["accepted_on", "id"], unique=False)
        batch_op.create_index("ix_cases_applicant", ["applicant_code"], unique=False)
        batch_op.create_index(
            "ix_cases_applicant_name", ["applicant_name"], unique=False, postgresql_ops={"applicant_name": "varchar_pattern_ops"}
        )
        batch_op.create_index("ix_cases_hall_accepted", ["hall_id", "accepted_on", "id"], unique=False)
        batch_op.create_index("ix_cases_item_accepted", ["item_code", "accepted_on", "id"], unique=False)
        for name, columns in (("ix_cases_open_due", ["promised_due", "id"]), ("ix_cases_open_hall_due", ["hall_id", "promised_due", "id"])):
            batch_op.create_index(
                name, columns, unique=False, sqlite_where=sa.text(OPEN_CASES), postgresql_where=sa.text(OPEN_CASES)
            )
        batch_op.create_index(batch_op.f("ix_cases_ticket_id"), ["ticket_id"], unique=False)

    op.create_table(
        "unmet_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hall_id", sa.Integer(), nullable=False),
        sa.Column("counter_id", sa.Integer(), nullable=True),
        sa.Column("ticket_id", sa.Integer(), nullable=True),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("at", counter_app.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("item_name", sa.String(length=200), nullable=False),
        sa.Column("applicant_kind", sa.String(length=16), nullable=True),
        sa.Column("applicant_code", sa.String(length=18), nullable=False),
        sa.Column("applicant_name", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=30), nullable=False),
        sa.Column("missing", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("followed_up_at", counter_app.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("followed_up_by", sa.Integer(), nullable=True),
        sa.Column("follow_up_note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["counter_id"], ["counters.id"], name=op.f("fk_unmet_requests_counter_id_counters")),
        sa.ForeignKeyConstraint(["followed_up_by"], ["staff.id"], name=op.f("fk_unmet_requests_followed_up_by_staff")),
        sa.ForeignKeyConstraint(["hall_id"], ["halls.id"], name=op.f("fk_unmet_requests_hall_id_halls")),
        sa.ForeignKeyConstraint(
            ["item_id"], ["service_items.id"], name=op.f("fk_unmet_requests_item_id_service_items"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_unmet_requests_staff_id_staff")),
        sa.ForeignKeyConstraint(["ticket_id"], ["tickets.id"], name=op.f("fk_unmet_requests_ticket_id_tickets")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unmet_requests")),
    )
    with op.batch_alter_table("unmet_requests", schema=None) as batch_op:
        batch_op.create_index("ix_unmet_requests_hall_at", ["hall_id", "at"], unique=False)

    op.create_table(
        "applicant_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("applicant_id", sa.Integer(), nullable=False),
        sa.Column("at", counter_app.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("hall_id", sa.Integer(), nullable=True),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("field", sa.String(length=32), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=False),
        sa.Column("new_value", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["applicant_id"], ["applicants.id"], name=op.f("fk_applicant_changes_applicant_id_applicants"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_applicant_changes_case_id_cases")),
        sa.ForeignKeyConstraint(["hall_id"], ["halls.id"], name=op.f("fk_applicant_changes_hall_id_halls")),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_applicant_changes_staff_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_applicant_changes")),
    )
    with op.batch_alter_table("applicant_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_applicant_changes_applicant_id"), ["applicant_id"], unique=False)

    op.create_table(
        "case_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("hall_id", sa.Integer(), nullable=True),
        sa.Column("counter_id", sa.Integer(), nullable=True),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("at", counter_app.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("from_status", sa.String(length=16), nullable=True),
        sa.Column("to_status", sa.String(length=16), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "action IN ('accept', 'supplement', 'extend', 'approve', 'reject', 'withdraw', 'deliver', 'close', 'lapse')",
            name=op.f("ck_case_events_action"),
        ),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_events_case_id_cases"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["counter_id"], ["counters.id"], name=op.f("fk_case_events_counter_id_counters")),
        sa.ForeignKeyConstraint(["hall_id"], ["halls.id"], name=op.f("fk_case_events_hall_id_halls")),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_case_events_staff_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_events")),
    )
    with op.batch_alter_table("case_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_events_case_id"), ["case_id"], unique=False)
        batch_op.create_index("ix_case_events_hall_at", ["hall_id", "at"], unique=False)

    op.create_table(
        "case_materials",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("form", sa.String(length=8), nullable=True),
        sa.Column("pages", sa.Integer(), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("supplied_at", counter_app.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("supplied_by", sa.Integer(), nullable=True),
        sa.CheckConstraint("form IS NULL OR form IN ('original', 'copy')", name=op.f("ck_case_materials_form")),
        sa.CheckConstraint("state IN ('received', 'deferred', 'committed', 'missing')", name=op.f("ck_case_materials_state")),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_materials_case_id_cases"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["supplied_by"], ["staff.id"], name=op.f("fk_case_materials_supplied_by_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_materials")),
        sa.UniqueConstraint("case_id", "position", name=op.f("uq_case_materials_case_id_position")),
    )
    op.create_table(
        "commitment_bars",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("applicant_kind", sa.String(length=16), nullable=False),
        sa.Column("applicant_code", sa.String(length=18), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("barred_at", counter_app.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("barred_by", sa.Integer(), nullable=True),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("lifted_at", counter_app.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("lifted_by", sa.Integer(), nullable=True),
        sa.Column("lift_reason", sa.Text(), nullable=True),
        sa.CheckConstraint("applicant_kind IN ('enterprise', 'person')", name=op.f("ck_commitment_bars_applicant_kind")),
        sa.ForeignKeyConstraint(["barred_by"], ["staff.id"], name=op.f("fk_commitment_bars_barred_by_staff")),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_commitment_bars_case_id_cases")),
        sa.ForeignKeyConstraint(["lifted_by"], ["staff.id"], name=op.f("fk_commitment_bars_lifted_by_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitment_bars")),
    )
    with op.batch_alter_table("commitment_bars", schema=None) as batch_op:
        batch_op.create_index("ix_commitment_bars_applicant", ["applicant_kind", "applicant_code"], unique=False)

    with op.batch_alter_table("halls", schema=None) as batch_op:
        batch_op.add_column(sa.Column("phone", sa.String(length=30), server_default="", nullable=False))

    _migrate_item_limits()
    if op.get_bind().dialect.name == "postgresql":
        _secure_postgresql()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _unsecure_postgresql()
    _restore_item_limits()

    with op.batch_alter_table("halls", schema=None) as batch_op:
        batch_op.drop_column("phone")

    with op.batch_alter_table("commitment_bars", schema=None) as batch_op:
        batch_op.drop_index("ix_commitment_bars_applicant")

    op.drop_table("commitment_bars")
    op.drop_table("case_materials")
    with op.batch_alter_table("case_events", schema=None) as batch_op:
        batch_op.drop_index("ix_case_events_hall_at")
        batch_op.drop_index(batch_op.f("ix_case_events_case_id"))

    op.drop_table("case_events")
    with op.batch_alter_table("applicant_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_applicant_changes_applicant_id"))

    op.drop_table("applicant_changes")
    with op.batch_alter_table("unmet_requests", schema=None) as batch_op:
        batch_op.drop_index("ix_unmet_requests_hall_at")

    op.drop_table("unmet_requests")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cases_ticket_id"))
        batch_op.drop_index("ix_cases_open_due")
        batch_op.drop_index("ix_cases_open_hall_due")
        batch_op.drop_index("ix_cases_item_accepted")
        batch_op.drop_index("ix_cases_hall_accepted")
        batch_op.drop_index("ix_cases_applicant")
        batch_op.drop_index("ix_cases_applicant_name")
        batch_op.drop_index("ix_cases_accepted")

    op.drop_table("cases")
    op.drop_table("case_sequences")
    with op.batch_alter_table("applicants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_applicants_code"))

    op.drop_table("applicants")


LIMIT_AMOUNT = (
    "({column}_unit IN ('on_the_spot', 'none') AND {column} = 0) "
    "OR ({column}_unit NOT IN ('on_the_spot', 'none') AND {column} > 0)"
)
UNITS = "('on_the_spot', 'working_days', 'calendar_days', 'months', 'none')"


def _migrate_item_limits() -> None:
    with op.batch_alter_table("service_items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("statutory_limit", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("statutory_limit_unit", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("promised_limit", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("promised_limit_unit", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("extension_days", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("deferral_days", sa.Integer(), server_default="60", nullable=False))
        batch_op.add_column(sa.Column("fees", sa.String(length=200), server_default="", nullable=False))
    for column in ("statutory_limit", "promised_limit"):
        op.execute(
            f"UPDATE service_items SET {column} = {column}_days, "
            f"{column}_unit = CASE WHEN {column}_days = 0 THEN 'on_the_spot' ELSE 'working_days' END"
        )
    with op.batch_alter_table("service_items", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_service_items_statutory_limit_non_negative"), type_="check")
        batch_op.drop_constraint(batch_op.f("ck_service_items_promised_limit_non_negative"), type_="check")
        batch_op.drop_column("statutory_limit_days")
        batch_op.drop_column("promised_limit_days")
        for column in ("statutory_limit", "promised_limit"):
            batch_op.alter_column(column, existing_type=sa.Integer(), nullable=False)
            batch_op.alter_column(f"{column}_unit", existing_type=sa.String(length=16), nullable=False)
            batch_op.create_check_constraint(batch_op.f(f"ck_service_items_{column}_unit"), f"{column}_unit IN {UNITS}")
            batch_op.create_check_constraint(batch_op.f(f"ck_service_items_{column}_amount"), LIMIT_AMOUNT.format(column=column))
        batch_op.create_check_constraint(batch_op.f("ck_service_items_extension_non_negative"), "extension_days >= 0")
        batch_op.create_check_constraint(batch_op.f("ck_service_items_deferral_positive"), "deferral_days > 0")


def _restore_item_limits() -> None:
    """Back to days: a limit in other units becomes its amount (months and calendar days are
    approximations the old format could not express), none becomes 0."""
    with op.batch_alter_table("service_items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("statutory_limit_days", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("promised_limit_days", sa.Integer(), nullable=True))
    op.execute("UPDATE service_items SET statutory_limit_days = statutory_limit, promised_limit_days = promised_limit")
    with op.batch_alter_table("service_items", schema=None) as batch_op:
        for name in (
            "statutory_limit_unit",
            "statutory_limit_amount",
            "promised_limit_unit",
            "promised_limit_amount",
            "extension_non_negative",
            "deferral_positive",
        ):
            batch_op.drop_constraint(batch_op.f(f"ck_service_items_{name}"), type_="check")
        for column in (
            "fees",
            "deferral_days",
            "extension_days",
            "promised_limit_unit",
            "promised_limit",
            "statutory_limit_unit",
            "statutory_limit",
        ):
            batch_op.drop_column(column)
        batch_op.alter_column("statutory_limit_days", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("promised_limit_days", existing_type=sa.Integer(), nullable=False)
        batch_op.create_check_constraint(batch_op.f("ck_service_items_statutory_limit_non_negative"), "statutory_limit_days >= 0")
        batch_op.create_check_constraint(batch_op.f("ck_service_items_promised_limit_non_negative"), "promised_limit_days >= 0")


# ---------------------------------------------------------------- PostgreSQL

MY_HALL = "= ANY ((SELECT ca_hall_ids())::integer[])"  # once per statement (an initplan), not per row
ME = "(SELECT ca_account_id())"
NEW_TABLES = (
    "case_sequences",
    "applicants",
    "applicant_changes",
    "commitment_bars",
    "cases",
    "case_materials",
    "case_events",
    "unmet_requests",
)
CASE_INSERT_COLUMNS = (
    "number",
    "hall_id",
    "counter_id",
    "ticket_id",
    "accepted_by",
    "accepted_at",
    "accepted_on",
    "channel",
    "route",
    "status",
    "item_id",
    "item_code",
    "item_name",
    "item_snapshot",
    "applicant_id",
    "applicant_kind",
    "applicant_code",
    "applicant_name",
    "applicant_details",
    "agent_name",
    "agent_id_number",
    "agent_phone",
    "commitment_signed_at",
    "promised_due",
    "statutory_due",
    "due_provisional",
    "materials_due",
    "extended_days",
    "extension_reason",
    "status_reason",
    "updated_at",
)
# What continuing a case may change: its status and dates, never who accepted it, where,
# for whom or under which item.
CASE_UPDATE_COLUMNS = (
    "status",
    "status_reason",
    "promised_due",
    "statutory_due",
    "due_provisional",
    "materials_due",
    "extended_days",
    "extension_reason",
    "updated_at",
)


def _secure_postgresql() -> None:
    for table in NEW_TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    staff_read = ("applicants", "applicant_changes", "commitment_bars", "cases", "case_materials", "case_events")
    op.execute(f"GRANT SELECT ON {', '.join(staff_read)} TO counter_app_staff")
    for table in staff_read:
        op.execute(f"CREATE POLICY {table}_read ON {table} FOR SELECT TO counter_app_staff USING (true)")
    # Case numbers: a clerk allocates in their own hall.
    op.execute("GRANT SELECT, INSERT, UPDATE ON case_sequences TO counter_app_clerk")
    own_hall = f"hall_id {MY_HALL}"
    op.execute(
        f"CREATE POLICY case_sequences_allocate ON case_sequences FOR ALL TO counter_app_clerk USING ({own_hall}) WITH CHECK ({own_hall})"
    )
    # Cases: accepted in one's own hall in one's own name; continued from any hall.
    op.execute(f"GRANT INSERT ({', '.join(CASE_INSERT_COLUMNS)}) ON cases TO counter_app_clerk")
    op.execute(f"GRANT UPDATE ({', '.join(CASE_UPDATE_COLUMNS)}) ON cases TO counter_app_clerk")
    op.execute("GRANT USAGE ON SEQUENCE cases_id_seq TO counter_app_clerk")
    op.execute(
        f"CREATE POLICY cases_accept ON cases FOR INSERT TO counter_app_clerk WITH CHECK ({own_hall} AND accepted_by = {ME})"
    )
    op.execute("CREATE POLICY cases_continue ON cases FOR UPDATE TO counter_app_clerk USING (true) WITH CHECK (true)")
    # Materials: the checklist written with the case; a deferred material marked supplied later.
    op.execute("GRANT INSERT (case_id, position, name, state, form, pages, deadline) ON case_materials TO counter_app_clerk")
    op.execute("GRANT UPDATE (state, form, pages, supplied_at, supplied_by) ON case_materials TO counter_app_clerk")
    op.execute("GRANT USAGE ON SEQUENCE case_materials_id_seq TO counter_app_clerk")
    op.execute(
        f"CREATE POLICY case_materials_write ON case_materials FOR INSERT TO counter_app_clerk WITH CHECK "
        f"(EXISTS (SELECT FROM cases AS c WHERE c.id = case_id AND c.accepted_by = {ME}))"
    )
    op.execute(
        f"CREATE POLICY case_materials_supply ON case_materials FOR UPDATE TO counter_app_clerk "
        f"USING (state = 'deferred') WITH CHECK (supplied_by = {ME})"
    )
    # Events: in one's own hall and name.
    op.execute(
        "GRANT INSERT (case_id, hall_id, counter_id, staff_id, at, action, from_status, to_status, detail) "
        "ON case_events TO counter_app_clerk"
    )
    op.execute("GRANT USAGE ON SEQUENCE case_events_id_seq TO counter_app_clerk")
    op.execute(
        f"CREATE POLICY case_events_record ON case_events FOR INSERT TO counter_app_clerk WITH CHECK ({own_hall} AND staff_id = {ME})"
    )
    # Applicants: entered and updated by clerks (their history below), never deleted.
    op.execute(
        "GRANT INSERT (kind, code, name, legal_representative, address, contact_name, phone, created_at, updated_at), "
        "UPDATE (name, legal_representative, address, contact_name, phone, updated_at) ON applicants TO counter_app_clerk"
    )
    op.execute("GRANT USAGE ON SEQUENCE applicants_id_seq TO counter_app_clerk")
    op.execute("CREATE POLICY applicants_enter ON applicants FOR INSERT TO counter_app_clerk WITH CHECK (true)")
    op.execute("CREATE POLICY applicants_update ON applicants FOR UPDATE TO counter_app_clerk USING (true) WITH CHECK (true)")
    op.execute(
        "GRANT INSERT (applicant_id, at, staff_id, hall_id, case_id, field, old_value, new_value) ON applicant_changes TO counter_app_clerk"
    )
    op.execute("GRANT USAGE ON SEQUENCE applicant_changes_id_seq TO counter_app_clerk")
    op.execute(
        f"CREATE POLICY applicant_changes_record ON applicant_changes FOR INSERT TO counter_app_clerk WITH CHECK ({own_hall} AND staff_id = {ME})"
    )
    # Bars from the commitment route: set by a supervisor, lifted by an administrator.
    op.execute(
        "GRANT INSERT (applicant_kind, applicant_code, reason, barred_at, barred_by, case_id) ON commitment_bars TO counter_app_supervisor"
    )
    op.execute("GRANT UPDATE (lifted_at, lifted_by, lift_reason) ON commitment_bars TO counter_app_admin")
    op.execute("GRANT USAGE ON SEQUENCE commitment_bars_id_seq TO counter_app_supervisor")
    op.execute(
        f"CREATE POLICY commitment_bars_bar ON commitment_bars FOR INSERT TO counter_app_supervisor WITH CHECK (barred_by = {ME})"
    )
    op.execute(
        f"CREATE POLICY commitment_bars_lift ON commitment_bars FOR UPDATE TO counter_app_admin "
        f"USING (lifted_at IS NULL) WITH CHECK (lifted_by = {ME})"
    )
    # "不说NO": recorded by a clerk of the hall, read in the hall, followed up by its supervisors.
    op.execute("GRANT SELECT ON unmet_requests TO counter_app_staff")
    op.execute(
        "GRANT INSERT (hall_id, counter_id, ticket_id, staff_id, at, item_id, item_name, applicant_kind, applicant_code, "
        "applicant_name, phone, missing, reason) ON unmet_requests TO counter_app_clerk"
    )
    op.execute("GRANT UPDATE (followed_up_at, followed_up_by, follow_up_note) ON unmet_requests TO counter_app_supervisor")
    op.execute("GRANT USAGE ON SEQUENCE unmet_requests_id_seq TO counter_app_clerk")
    op.execute(f"CREATE POLICY unmet_requests_read ON unmet_requests FOR SELECT TO counter_app_staff USING ({own_hall})")
    op.execute(
        f"CREATE POLICY unmet_requests_record ON unmet_requests FOR INSERT TO counter_app_clerk WITH CHECK ({own_hall} AND staff_id = {ME})"
    )
    op.execute(
        f"CREATE POLICY unmet_requests_follow_up ON unmet_requests FOR UPDATE TO counter_app_supervisor "
        f"USING ({own_hall}) WITH CHECK ({own_hall} AND followed_up_by = {ME})"
    )
    # The trail: row by row where a change matters on its own; the events and changes are
    # themselves a trail, audited per statement.
    for table in ("cases", "applicants", "commitment_bars", "unmet_requests"):
        op.execute(
            f"CREATE TRIGGER {table}_audit AFTER INSERT OR UPDATE OR DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION ca_audit_row()"
        )
    op.execute(
        "CREATE TRIGGER case_materials_audit AFTER UPDATE OR DELETE ON case_materials FOR EACH ROW EXECUTE FUNCTION ca_audit_row()"
    )
    for table in ("case_events", "applicant_changes"):  # neither UPDATE nor DELETE is granted: the owner's changes
        op.execute(f"CREATE TRIGGER {table}_audit AFTER DELETE OR UPDATE ON {table} FOR EACH ROW EXECUTE FUNCTION ca_audit_row()")
    # A serial taken is recorded by its case; a serial set back or skipped is tampering.
    op.execute("CREATE TRIGGER case_sequences_audit AFTER DELETE ON case_sequences FOR EACH ROW EXECUTE FUNCTION ca_audit_row()")
    op.execute(
        "CREATE TRIGGER case_sequences_audit_jump AFTER UPDATE ON case_sequences FOR EACH ROW "
        "WHEN (NEW.last_number <> OLD.last_number + 1 OR NEW.business_date <> OLD.business_date OR NEW.hall_id <> OLD.hall_id) "
        "EXECUTE FUNCTION ca_audit_row()"
    )


def _unsecure_postgresql() -> None:
    everyone = "counter_app_user, counter_app_staff, counter_app_clerk, counter_app_supervisor, counter_app_admin"
    for table in NEW_TABLES:
        op.execute(f"REVOKE ALL ON {table} FROM {everyone}")
