"""Hall machines report their state: a display says whether it can speak the calls, so a
display gone mute (no voice installed, the audio device lost) or silent (switched off,
cable pulled) shows as a warning on its supervisors' Hall tab instead of only in a log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from counter_app.db.models import DeviceStatus, table_of
from counter_app.domain.roles import Permission
from counter_app.domain.text import clean_text
from counter_app.i18n import QT_TRANSLATE_NOOP, Term
from counter_app.services.access import IN_USE_CASE, Actor, Target, Transaction, use_case

REPORT_EVERY_SECONDS = 60  # a display reports at least this often
STALE_AFTER = timedelta(seconds=3 * REPORT_EVERY_SECONDS)  # then it counts as not reporting


@dataclass(frozen=True)
class DisplayHealth:
    device: str
    speech_ok: bool
    detail: str
    seen_at: datetime
    changed_at: datetime
    stale: bool  # no report for STALE_AFTER: switched off, or cut off from the database


@use_case(
    Permission.REPORT_DEVICE_STATUS, QT_TRANSLATE_NOOP("Terms", "report the display's state"), Target.HALL,
    transaction=Transaction.WRITE,
)
def report_display(
    actor: Actor, hall_id: int, speech_ok: bool, detail: str = "", now: datetime | None = None,
    *, session: Session = IN_USE_CASE,
) -> None:
    """The display's heartbeat: whether it can speak, and why not. One upsert; the time a
    change of ``speech_ok`` happened is kept (an audit trigger records the change on
    PostgreSQL)."""
    now = now or actor.database.now()
    detail = clean_text(detail, max_length=200, field=Term(QT_TRANSLATE_NOOP("Terms", "The detail")))
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = insert(DeviceStatus).values(
        hall_id=hall_id, device=actor.username, speech_ok=speech_ok, detail=detail, seen_at=now, changed_at=now
    )
    table = table_of(DeviceStatus)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=[DeviceStatus.hall_id, DeviceStatus.device],
            set_={
                "speech_ok": statement.excluded.speech_ok,
                "detail": statement.excluded.detail,
                "seen_at": statement.excluded.seen_at,
                # Only a change moves changed_at (the heartbeat keeps it).
                "changed_at": case((table.c.speech_ok == statement.excluded.speech_ok, table.c.changed_at), else_=now),
            },
        )
    )


def display_health(session: Session, hall_id: int, now: datetime) -> tuple[DisplayHealth, ...]:
    """The displays of a hall as they last reported (for the Hall tab, in its read)."""
    rows = session.scalars(select(DeviceStatus).where(DeviceStatus.hall_id == hall_id).order_by(DeviceStatus.device))
    return tuple(
        DisplayHealth(row.device, row.speech_ok, row.detail, row.seen_at, row.changed_at, now - row.seen_at > STALE_AFTER)
        for row in rows
    )
