"""call order index: tickets in the order call next takes them

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Call next walks this index in call order and stops at the first ticket its counter may
    # take, instead of sorting the day's whole queue (and, on PostgreSQL, without a sort
    # between the row lock and the limit).
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.create_index('ix_tickets_call_order', ['hall_id', 'business_date', 'status', 'priority_rank', 'queued_at', 'id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_index('ix_tickets_call_order')
