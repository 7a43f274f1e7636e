"""licences: the licence types, the registry and the inspections after renewal (issue 10, first part)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02

Both backends: licence types (GB/T 36904 type code, issuer, validity, template, renewal
window, commitment and negative list, inspection period), race-free serials per type,
the registry of licences issued (number, identifier, holder, validity, the case it came
from, the licence it replaces, the national status code).

PostgreSQL: all staff read the types and the registry (a licence is found in any hall);
never the display or the kiosk. Administrators keep the types. A clerk issues a licence
in their own hall and own name (with its serial); its holder, validity, identifier and
origin are never changed afterwards; a supervisor changes the status of their hall's
licences, in their own name. Nothing is deleted. Every table audited.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import counter_app.db.types

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('licence_types',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('type_code', sa.String(length=21), nullable=False),
    sa.Column('issuer_code', sa.String(length=18), nullable=False),
    sa.Column('authority', sa.String(length=100), nullable=False),
    sa.Column('number_prefix', sa.String(length=40), nullable=False),
    sa.Column('validity_months', sa.Integer(), nullable=True),
    sa.Column('template', sa.String(length=16), nullable=False),
    sa.Column('window_days_before', sa.Integer(), nullable=False),
    sa.Column('grace_days_after', sa.Integer(), nullable=False),
    sa.Column('renew_on_commitment', sa.Boolean(), nullable=False),
    sa.Column('negative_list', sa.Boolean(), nullable=False),
    sa.Column('inspection_working_days', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.CheckConstraint("template IN ('a4_portrait', 'a4_landscape', 'a3_landscape')", name=op.f('ck_licence_types_template')),
    sa.CheckConstraint('inspection_working_days IS NULL OR inspection_working_days > 0', name=op.f('ck_licence_types_inspection_positive')),
    sa.CheckConstraint('validity_months IS NULL OR validity_months > 0', name=op.f('ck_licence_types_validity_positive')),
    sa.CheckConstraint('window_days_before >= 0 AND grace_days_after >= 0', name=op.f('ck_licence_types_window_non_negative')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_licence_types')),
    sa.UniqueConstraint('name', name=op.f('uq_licence_types_name'))
    )
    op.create_table('licence_sequences',
    sa.Column('licence_type_id', sa.Integer(), nullable=False),
    sa.Column('last_serial', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['licence_type_id'], ['licence_types.id'], name=op.f('fk_licence_sequences_licence_type_id_licence_types'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('licence_type_id', name=op.f('pk_licence_sequences'))
    )
    op.create_table('licences',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('licence_type_id', sa.Integer(), nullable=False),
    sa.Column('serial', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=60), nullable=False),
    sa.Column('identifier', sa.String(length=80), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('holder_kind', sa.String(length=16), nullable=False),
    sa.Column('holder_code', sa.String(length=18), nullable=False),
    sa.Column('holder_name', sa.String(length=200), nullable=False),
    sa.Column('legal_representative', sa.String(length=50), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('scope', sa.Text(), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('authority', sa.String(length=100), nullable=False),
    sa.Column('hall_id', sa.Integer(), nullable=True),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('replaces_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=2), nullable=False),
    sa.Column('status_reason', sa.Text(), nullable=True),
    sa.Column('status_changed_at', counter_app.db.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('status_changed_by', sa.Integer(), nullable=True),
    sa.Column('issued_by', sa.Integer(), nullable=True),
    sa.Column('created_at', counter_app.db.types.UtcDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("holder_kind IN ('enterprise', 'person')", name=op.f('ck_licences_holder_kind')),
    sa.CheckConstraint("status IN ('01', '02', '03', '04', '05', '07')", name=op.f('ck_licences_status')),
    sa.CheckConstraint('valid_to IS NULL OR valid_to >= valid_from', name=op.f('ck_licences_validity_order')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_licences_case_id_cases')),
    sa.ForeignKeyConstraint(['hall_id'], ['halls.id'], name=op.f('fk_licences_hall_id_halls')),
    sa.ForeignKeyConstraint(['issued_by'], ['staff.id'], name=op.f('fk_licences_issued_by_staff')),
    sa.ForeignKeyConstraint(['licence_type_id'], ['licence_types.id'], name=op.f('fk_licences_licence_type_id_licence_types')),
    sa.ForeignKeyConstraint(['replaces_id'], ['licences.id'], name=op.f('fk_licences_replaces_id_licences')),
    sa.ForeignKeyConstraint(['status_changed_by'], ['staff.id'], name=op.f('fk_licences_status_changed_by_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_licences')),
    sa.UniqueConstraint('identifier', name=op.f('uq_licences_identifier')),
    sa.UniqueConstraint('licence_type_id', 'number', name=op.f('uq_licences_licence_type_id_number')),
    sa.UniqueConstraint('licence_type_id', 'serial', name=op.f('uq_licences_licence_type_id_serial'))
    )
    with op.batch_alter_table('licences', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_licences_case_id'), ['case_id'], unique=False)
        batch_op.create_index('ix_licences_holder', ['holder_code'], unique=False)
        batch_op.create_index('uq_licences_replaces', ['replaces_id'], unique=True)
        batch_op.create_index('ix_licences_valid_to', ['valid_to'], unique=False)
    op.create_table(
        "inspections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("licence_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("hall_id", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("due_provisional", sa.Boolean(), nullable=False),
        sa.Column("scheduled_by", sa.Integer(), nullable=True),
        sa.Column("result", sa.String(length=8), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_at", counter_app.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.CheckConstraint("result IS NULL OR result IN ('passed', 'failed')", name=op.f("ck_inspections_result")),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_inspections_case_id_cases")),
        sa.ForeignKeyConstraint(["hall_id"], ["halls.id"], name=op.f("fk_inspections_hall_id_halls")),
        sa.ForeignKeyConstraint(["licence_id"], ["licences.id"], name=op.f("fk_inspections_licence_id_licences")),
        sa.ForeignKeyConstraint(["recorded_by"], ["staff.id"], name=op.f("fk_inspections_recorded_by_staff")),
        sa.ForeignKeyConstraint(["scheduled_by"], ["staff.id"], name=op.f("fk_inspections_scheduled_by_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspections")),
    )
    with op.batch_alter_table("inspections", schema=None) as batch_op:
        batch_op.create_index("ix_inspections_hall_due", ["hall_id", "due_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_inspections_licence_id"), ["licence_id"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        _secure_postgresql()



def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"REVOKE ALL ON {', '.join(TABLES)} FROM {EVERYONE}")
    with op.batch_alter_table('licences', schema=None) as batch_op:
        batch_op.drop_index('ix_licences_valid_to')
        batch_op.drop_index('uq_licences_replaces')
        batch_op.drop_index('ix_licences_holder')
        batch_op.drop_index(batch_op.f('ix_licences_case_id'))

    op.drop_table("inspections")
    op.drop_table('licences')
    op.drop_table('licence_sequences')
    op.drop_table('licence_types')


MY_HALL = "= ANY ((SELECT ca_hall_ids())::integer[])"  # once per statement (an initplan), not per row
ME = "(SELECT ca_account_id())"
TABLES = ("licence_types", "licence_sequences", "licences", "inspections")
EVERYONE = "counter_app_user, counter_app_staff, counter_app_clerk, counter_app_supervisor, counter_app_admin"
LICENCE_INSERT_COLUMNS = (
    "licence_type_id", "serial", "number", "identifier", "version", "holder_kind", "holder_code", "holder_name",
    "legal_representative", "address", "scope", "issued_on", "valid_from", "valid_to", "authority", "hall_id", "case_id",
    "replaces_id", "status", "issued_by", "created_at",
)


def _secure_postgresql() -> None:
    for table in TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    op.execute("GRANT SELECT ON licence_types, licences TO counter_app_staff")
    op.execute("CREATE POLICY licence_types_read ON licence_types FOR SELECT TO counter_app_staff USING (true)")
    op.execute("CREATE POLICY licences_read ON licences FOR SELECT TO counter_app_staff USING (true)")
    op.execute("GRANT INSERT, UPDATE ON licence_types TO counter_app_admin")
    op.execute("GRANT USAGE ON SEQUENCE licence_types_id_seq TO counter_app_admin")
    op.execute("CREATE POLICY licence_types_administer ON licence_types FOR ALL TO counter_app_admin USING (true) WITH CHECK (true)")
    # Serials: taken by whoever issues (one upsert per licence).
    op.execute("GRANT SELECT, INSERT, UPDATE ON licence_sequences TO counter_app_clerk")
    op.execute("CREATE POLICY licence_sequences_take ON licence_sequences FOR ALL TO counter_app_clerk USING (true) WITH CHECK (true)")
    # Issuing: in one's own hall and name; the facts of a licence are never changed after.
    op.execute(f"GRANT INSERT ({', '.join(LICENCE_INSERT_COLUMNS)}) ON licences TO counter_app_clerk")
    op.execute("GRANT USAGE ON SEQUENCE licences_id_seq TO counter_app_clerk")
    op.execute(
        f"CREATE POLICY licences_issue ON licences FOR INSERT TO counter_app_clerk "
        f"WITH CHECK (hall_id {MY_HALL} AND issued_by = {ME} AND status = '01')"
    )
    # Status: a supervisor of the issuing hall, in their own name.
    op.execute("GRANT UPDATE (status, status_reason, status_changed_at, status_changed_by) ON licences TO counter_app_supervisor")
    op.execute(
        f"CREATE POLICY licences_status ON licences FOR UPDATE TO counter_app_supervisor "
        f"USING (hall_id {MY_HALL}) WITH CHECK (hall_id {MY_HALL} AND status_changed_by = {ME})"
    )
    # Inspections: scheduled by the clerk who renews, in their hall; the result recorded by a
    # supervisor of the hall, in their own name.
    op.execute("GRANT SELECT ON inspections TO counter_app_staff")
    op.execute("CREATE POLICY inspections_read ON inspections FOR SELECT TO counter_app_staff USING (true)")
    op.execute("GRANT INSERT (licence_id, case_id, hall_id, due_on, due_provisional, scheduled_by) ON inspections TO counter_app_clerk")
    op.execute("GRANT USAGE ON SEQUENCE inspections_id_seq TO counter_app_clerk")
    op.execute(
        f"CREATE POLICY inspections_schedule ON inspections FOR INSERT TO counter_app_clerk "
        f"WITH CHECK (hall_id {MY_HALL} AND scheduled_by = {ME})"
    )
    op.execute("GRANT UPDATE (result, note, recorded_at, recorded_by) ON inspections TO counter_app_supervisor")
    op.execute(
        f"CREATE POLICY inspections_record ON inspections FOR UPDATE TO counter_app_supervisor "
        f"USING (hall_id {MY_HALL} AND result IS NULL) WITH CHECK (hall_id {MY_HALL} AND recorded_by = {ME})"
    )
    op.execute("CREATE TRIGGER inspections_audit AFTER INSERT OR UPDATE OR DELETE ON inspections FOR EACH ROW EXECUTE FUNCTION ca_audit_row()")
    op.execute("CREATE TRIGGER licence_types_audit AFTER INSERT OR UPDATE OR DELETE ON licence_types FOR EACH ROW EXECUTE FUNCTION ca_audit_row()")
    op.execute("CREATE TRIGGER licences_audit AFTER INSERT OR UPDATE OR DELETE ON licences FOR EACH ROW EXECUTE FUNCTION ca_audit_row()")
    op.execute("CREATE TRIGGER licence_sequences_audit AFTER DELETE ON licence_sequences FOR EACH ROW EXECUTE FUNCTION ca_audit_row()")
    op.execute(
        "CREATE TRIGGER licence_sequences_audit_jump AFTER UPDATE ON licence_sequences FOR EACH ROW "
        "WHEN (NEW.last_serial <> OLD.last_serial + 1 OR NEW.licence_type_id <> OLD.licence_type_id) "
        "EXECUTE FUNCTION ca_audit_row()"
    )
