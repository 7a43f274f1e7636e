"""foundation: halls, lines, counters, staff, catalogue, calendar, audit, settings

Revision ID: 0001
Revises: 
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import counter_app.db.types


revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('calendar_days',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.CheckConstraint("kind IN ('holiday', 'workday')", name=op.f('ck_calendar_days_kind')),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_calendar_days'))
    )
    op.create_table('calendar_years',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('year', name=op.f('pk_calendar_years'))
    )
    op.create_table('departments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_departments')),
    sa.UniqueConstraint('code', name=op.f('uq_departments_code')),
    sa.UniqueConstraint('name', name=op.f('uq_departments_name'))
    )
    op.create_table('halls',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('opens_at', sa.Time(), nullable=False),
    sa.Column('closes_at', sa.Time(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_halls')),
    sa.UniqueConstraint('code', name=op.f('uq_halls_code')),
    sa.UniqueConstraint('name', name=op.f('uq_halls_name'))
    )
    op.create_table('settings',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_settings'))
    )
    op.create_table('business_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hall_id', sa.Integer(), nullable=False),
    sa.Column('prefix', sa.String(length=4), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('description', sa.String(length=300), nullable=False),
    sa.Column('daily_cap', sa.Integer(), nullable=True),
    sa.Column('accepts_appointments', sa.Boolean(), nullable=False),
    sa.Column('accepts_priority', sa.Boolean(), nullable=False),
    sa.Column('accepts_green_channel', sa.Boolean(), nullable=False),
    sa.Column('appointment_grace_minutes', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.CheckConstraint('daily_cap IS NULL OR daily_cap > 0', name=op.f('ck_business_lines_daily_cap_positive')),
    sa.ForeignKeyConstraint(['hall_id'], ['halls.id'], name=op.f('fk_business_lines_hall_id_halls'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_business_lines')),
    sa.UniqueConstraint('hall_id', 'prefix', name=op.f('uq_business_lines_hall_id_prefix'))
    )
    with op.batch_alter_table('business_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_business_lines_hall_id'), ['hall_id'], unique=False)

    op.create_table('counters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hall_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['hall_id'], ['halls.id'], name=op.f('fk_counters_hall_id_halls'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_counters')),
    sa.UniqueConstraint('hall_id', 'number', name=op.f('uq_counters_hall_id_number'))
    )
    with op.batch_alter_table('counters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_counters_hall_id'), ['hall_id'], unique=False)

    op.create_table('service_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('case_type', sa.String(length=16), nullable=False),
    sa.Column('statutory_limit_days', sa.Integer(), nullable=False),
    sa.Column('promised_limit_days', sa.Integer(), nullable=False),
    sa.Column('licence_type', sa.String(length=100), nullable=True),
    sa.Column('licence_validity_months', sa.Integer(), nullable=True),
    sa.Column('notify_commit', sa.Boolean(), nullable=False),
    sa.Column('renew_on_commitment', sa.Boolean(), nullable=False),
    sa.Column('tolerance_acceptance', sa.Boolean(), nullable=False),
    sa.Column('on_the_spot', sa.Boolean(), nullable=False),
    sa.Column('nearby', sa.Boolean(), nullable=False),
    sa.Column('online', sa.Boolean(), nullable=False),
    sa.Column('one_visit', sa.Boolean(), nullable=False),
    sa.Column('legal_basis', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('updated_at', counter_app.db.types.UtcDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("case_type IN ('on_the_spot', 'promised')", name=op.f('ck_service_items_case_type')),
    sa.CheckConstraint("kind IN ('licensing', 'confirmation', 'public_service', 'internal', 'other')", name=op.f('ck_service_items_kind')),
    sa.CheckConstraint('licence_validity_months IS NULL OR licence_validity_months > 0', name=op.f('ck_service_items_validity_positive')),
    sa.CheckConstraint('promised_limit_days >= 0', name=op.f('ck_service_items_promised_limit_non_negative')),
    sa.CheckConstraint('statutory_limit_days >= 0', name=op.f('ck_service_items_statutory_limit_non_negative')),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_service_items_department_id_departments')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_items')),
    sa.UniqueConstraint('code', name=op.f('uq_service_items_code'))
    )
    with op.batch_alter_table('service_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_items_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_service_items_name'), ['name'], unique=False)

    op.create_table('staff',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('full_name', sa.String(length=100), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('hall_id', sa.Integer(), nullable=True),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('locked_until', counter_app.db.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('created_at', counter_app.db.types.UtcDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("role IN ('clerk', 'supervisor', 'admin')", name=op.f('ck_staff_role')),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_staff_department_id_departments'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['hall_id'], ['halls.id'], name=op.f('fk_staff_hall_id_halls'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff')),
    sa.UniqueConstraint('username', name=op.f('uq_staff_username'))
    )
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_hall_id'), ['hall_id'], unique=False)

    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', counter_app.db.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('target', sa.String(length=200), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_audit_log_staff_id_staff'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_at'), ['at'], unique=False)
        batch_op.create_index('ix_audit_log_staff_at', ['staff_id', 'at'], unique=False)

    op.create_table('counter_lines',
    sa.Column('counter_id', sa.Integer(), nullable=False),
    sa.Column('line_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['counter_id'], ['counters.id'], name=op.f('fk_counter_lines_counter_id_counters'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['line_id'], ['business_lines.id'], name=op.f('fk_counter_lines_line_id_business_lines'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('counter_id', 'line_id', name=op.f('pk_counter_lines'))
    )
    op.create_table('service_item_materials',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('deferrable', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['service_items.id'], name=op.f('fk_service_item_materials_item_id_service_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_item_materials')),
    sa.UniqueConstraint('item_id', 'position', name=op.f('uq_service_item_materials_item_id_position'))
    )


def downgrade() -> None:
    op.drop_table('service_item_materials')
    op.drop_table('counter_lines')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_log_staff_at')
        batch_op.drop_index(batch_op.f('ix_audit_log_at'))
        batch_op.drop_index(batch_op.f('ix_audit_log_action'))

    op.drop_table('audit_log')
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_hall_id'))

    op.drop_table('staff')
    with op.batch_alter_table('service_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_items_name'))
        batch_op.drop_index(batch_op.f('ix_service_items_department_id'))

    op.drop_table('service_items')
    with op.batch_alter_table('counters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_counters_hall_id'))

    op.drop_table('counters')
    with op.batch_alter_table('business_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_business_lines_hall_id'))

    op.drop_table('business_lines')
    op.drop_table('settings')
    op.drop_table('halls')
    op.drop_table('departments')
    op.drop_table('calendar_years')
    op.drop_table('calendar_days')
