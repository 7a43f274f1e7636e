"""panel and display: who last changed a counter's state; the display reads call events
and reports whether it can speak

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02

Both backends: ``counters.state_changed_by``, so a clerk whose counter a supervisor closed
is told who did it; ``device_status``, where a hall display reports whether it can speak
(its supervisors see a display gone mute or silent).

PostgreSQL: a clerk records themselves there (as they record the state); the hall display
reads its hall's call events without their detail or the clerk (its recent calls keep a
ticket that was transferred or missed since), under a row policy of its own; a display
writes only its own row of ``device_status`` in its hall, supervisors of the hall read
them, and a change of a display's speech is audited (not every heartbeat).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import counter_app.db.types

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MY_HALL = "= ANY ((SELECT ca_hall_ids())::integer[])"  # once per statement (an initplan), not per row
DISPLAY_EVENT_COLUMNS = ("id", "ticket_id", "hall_id", "at", "action", "counter_id")


def upgrade() -> None:
    op.create_table(
        "device_status",
        sa.Column("hall_id", sa.Integer(), nullable=False),
        sa.Column("device", sa.String(length=64), nullable=False),
        sa.Column("speech_ok", sa.Boolean(), nullable=False),
        sa.Column("detail", sa.String(length=200), nullable=False),
        sa.Column("seen_at", counter_app.db.types.UtcDateTime(), nullable=False),
        sa.Column("changed_at", counter_app.db.types.UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["hall_id"], ["halls.id"], name="fk_device_status_hall_id_halls", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("hall_id", "device", name="pk_device_status"),
    )
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
    # device_status: a display upserts its own row in its hall; the hall's supervisors read.
    op.execute("ALTER TABLE device_status ENABLE ROW LEVEL SECURITY")
    op.execute("GRANT SELECT, INSERT, UPDATE (speech_ok, detail, seen_at, changed_at) ON device_status TO counter_app_display")
    op.execute("GRANT SELECT ON device_status TO counter_app_supervisor")
    own_row = f"hall_id {MY_HALL} AND device = current_user"
    op.execute(f"CREATE POLICY device_status_report ON device_status FOR ALL TO counter_app_display USING ({own_row}) WITH CHECK ({own_row})")
    op.execute(f"CREATE POLICY device_status_read ON device_status FOR SELECT TO counter_app_supervisor USING (hall_id {MY_HALL})")
    # The trail: a display appearing or removed, and every change of its speech (not each heartbeat).
    op.execute(
        "CREATE TRIGGER device_status_audit AFTER INSERT OR DELETE ON device_status "
        "FOR EACH ROW EXECUTE FUNCTION ca_audit_row()"
    )
    op.execute(
        "CREATE TRIGGER device_status_audit_speech AFTER UPDATE OF speech_ok ON device_status FOR EACH ROW "
        "WHEN (OLD.speech_ok IS DISTINCT FROM NEW.speech_ok) EXECUTE FUNCTION ca_audit_row()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP POLICY ticket_events_display_read ON ticket_events")
        op.execute("REVOKE ALL ON device_status FROM counter_app_display, counter_app_supervisor")
        op.execute(f"REVOKE SELECT ({', '.join(DISPLAY_EVENT_COLUMNS)}) ON ticket_events FROM counter_app_display")
        op.execute("REVOKE UPDATE (state_changed_by) ON counters FROM counter_app_clerk")
    with op.batch_alter_table("counters") as batch_op:
        batch_op.drop_constraint("fk_counters_state_changed_by_staff", type_="foreignkey")
        batch_op.drop_column("state_changed_by")
    op.drop_table("device_status")
