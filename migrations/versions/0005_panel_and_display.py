"""panel and display: who last changed a counter's state; the display reads call events

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02

Both backends: ``counters.state_changed_by``, so a clerk whose counter a supervisor closed
is told who did it.

PostgreSQL: a clerk records themselves there (as they record the state); the hall display
reads its hall's call events without their detail or the clerk (its recent calls keep a
ticket that was transferred or missed since), under a row policy of its own.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MY_HALL = "= ANY ((SELECT ca_hall_ids())::integer[])"  # once per statement (an initplan), not per row
DISPLAY_EVENT_COLUMNS = ("id", "ticket_id", "hall_id", "at", "action", "counter_id")


def upgrade() -> None:
    with op.batch_alter_table("counters") as batch_op:
        batch_op.add_column(sa.Column("state_changed_by", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_counters_state_changed_by_staff", "staff", ["state_changed_by"], ["id"], ondelete="SET NULL"
        )
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("GRANT UPDATE (state_changed_by) ON counters TO counter_app_clerk")
    op.execute(f"GRANT SELECT ({', '.join(DISPLAY_EVENT_COLUMNS)}) ON ticket_events TO counter_app_display")
    op.execute(
        f"CREATE POLICY ticket_events_display_read ON ticket_events FOR SELECT TO counter_app_display "
        f"USING (hall_id {MY_HALL})"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP POLICY ticket_events_display_read ON ticket_events")
        op.execute(f"REVOKE SELECT ({', '.join(DISPLAY_EVENT_COLUMNS)}) ON ticket_events FROM counter_app_display")
        op.execute("REVOKE UPDATE (state_changed_by) ON counters FROM counter_app_clerk")
    with op.batch_alter_table("counters") as batch_op:
        batch_op.drop_constraint("fk_counters_state_changed_by_staff", type_="foreignkey")
        batch_op.drop_column("state_changed_by")
