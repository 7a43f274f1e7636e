"""queue

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import counter_app.db.types

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('hall_changes',
    sa.Column('hall_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['hall_id'], ['halls.id'], name=op.f('fk_hall_changes_hall_id_halls'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('hall_id', name=op.f('pk_hall_changes'))
    )
    op.create_table('ticket_sequences',
    sa.Column('line_id', sa.Integer(), nullable=False),
    sa.Column('business_date', sa.Date(), nullable=False),
    sa.Column('last_number', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['line_id'], ['business_lines.id'], name=op.f('fk_ticket_sequences_line_id_business_lines'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('line_id', 'business_date', name=op.f('pk_ticket_sequences'))
    )
    op.create_table('tickets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hall_id', sa.Integer(), nullable=False),
    sa.Column('line_id', sa.Integer(), nullable=False),
    sa.Column('original_line_id', sa.Integer(), nullable=False),
    sa.Column('business_date', sa.Date(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=12), nullable=False),
    sa.Column('priority', sa.String(length=16), nullable=False),
    sa.Column('priority_rank', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('issued_at', counter_app.db.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('queued_at', counter_app.db.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('appointment_at', counter_app.db.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('called_at', counter_app.db.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('service_started_at', counter_app.db.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('finished_at', counter_app.db.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('counter_id', sa.Integer(), nullable=True),
    sa.Column('target_counter_id', sa.Integer(), nullable=True),
    sa.Column('clerk_id', sa.Integer(), nullable=True),
    sa.Column('recall_count', sa.Integer(), nullable=False),
    sa.Column('service_item_id', sa.Integer(), nullable=True),
    sa.Column('visitor_name', sa.String(length=50), nullable=True),
    sa.Column('visitor_phone', sa.String(length=20), nullable=True),
    sa.Column('visitor_id_number', sa.String(length=18), nullable=True),
    sa.Column('print_count', sa.Integer(), nullable=False),
    sa.Column('close_reason', sa.String(length=200), nullable=True),
    sa.CheckConstraint("priority IN ('normal', 'appointment', 'priority', 'green_channel')", name=op.f('ck_tickets_priority')),
    sa.CheckConstraint("status IN ('waiting', 'called', 'serving', 'held', 'no_show', 'done', 'closed')", name=op.f('ck_tickets_status')),
    sa.ForeignKeyConstraint(['clerk_id'], ['staff.id'], name=op.f('fk_tickets_clerk_id_staff')),
    sa.ForeignKeyConstraint(['counter_id'], ['counters.id'], name=op.f('fk_tickets_counter_id_counters')),
    sa.ForeignKeyConstraint(['hall_id'], ['halls.id'], name=op.f('fk_tickets_hall_id_halls')),
    sa.ForeignKeyConstraint(['line_id'], ['business_lines.id'], name=op.f('fk_tickets_line_id_business_lines')),
    sa.ForeignKeyConstraint(['original_line_id'], ['business_lines.id'], name=op.f('fk_tickets_original_line_id_business_lines')),
    sa.ForeignKeyConstraint(['service_item_id'], ['service_items.id'], name=op.f('fk_tickets_service_item_id_service_items')),
    sa.ForeignKeyConstraint(['target_counter_id'], ['counters.id'], name=op.f('fk_tickets_target_counter_id_counters')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tickets')),
    sa.UniqueConstraint('original_line_id', 'business_date', 'number', name=op.f('uq_tickets_original_line_id_business_date_number'))
    )
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.create_index('ix_tickets_counter_status', ['counter_id', 'status'], unique=False)
        batch_op.create_index('ix_tickets_queue', ['hall_id', 'business_date', 'status', 'line_id', 'priority_rank', 'queued_at'], unique=False)

    op.create_table('ticket_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('hall_id', sa.Integer(), nullable=False),
    sa.Column('at', counter_app.db.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('from_status', sa.String(length=16), nullable=True),
    sa.Column('to_status', sa.String(length=16), nullable=False),
    sa.Column('counter_id', sa.Integer(), nullable=True),
    sa.Column('clerk_id', sa.Integer(), nullable=True),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['clerk_id'], ['staff.id'], name=op.f('fk_ticket_events_clerk_id_staff')),
    sa.ForeignKeyConstraint(['counter_id'], ['counters.id'], name=op.f('fk_ticket_events_counter_id_counters')),
    sa.ForeignKeyConstraint(['hall_id'], ['halls.id'], name=op.f('fk_ticket_events_hall_id_halls')),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_ticket_events_ticket_id_tickets'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ticket_events'))
    )
    with op.batch_alter_table('ticket_events', schema=None) as batch_op:
        batch_op.create_index('ix_ticket_events_hall_at', ['hall_id', 'at'], unique=False)
        batch_op.create_index(batch_op.f('ix_ticket_events_ticket_id'), ['ticket_id'], unique=False)

    with op.batch_alter_table('counters', schema=None) as batch_op:
        batch_op.add_column(sa.Column('state', sa.String(length=8), nullable=False, server_default='closed'))
        batch_op.add_column(sa.Column('clerk_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('state_changed_at', counter_app.db.types.UtcDateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_counters_clerk_id_staff'), 'staff', ['clerk_id'], ['id'], ondelete='SET NULL')
        batch_op.create_check_constraint(batch_op.f('ck_counters_state'), "state IN ('closed', 'open', 'paused')")



def downgrade() -> None:
    with op.batch_alter_table('counters', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_counters_state'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_counters_clerk_id_staff'), type_='foreignkey')
        batch_op.drop_column('state_changed_at')
        batch_op.drop_column('clerk_id')
        batch_op.drop_column('state')

    with op.batch_alter_table('ticket_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ticket_events_ticket_id'))
        batch_op.drop_index('ix_ticket_events_hall_at')

    op.drop_table('ticket_events')
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_index('ix_tickets_queue')
        batch_op.drop_index('ix_tickets_counter_status')

    op.drop_table('tickets')
    op.drop_table('ticket_sequences')
    op.drop_table('hall_changes')
