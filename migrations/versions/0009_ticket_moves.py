"""ticket moves: a clerk makes only the moves a clerk's actions make

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03

PostgreSQL (the security boundary; DESIGN.md, "Security"): the grants let a clerk update a
ticket's status, and row-level security keeps that to their hall and their counter, but
not to the moves of the queue: with raw SQL a clerk could close the day's waiting tickets
(``UPDATE tickets SET status = 'closed' WHERE status = 'waiting'``: the end of a business
day is a supervisor's) or mark a waiting ticket done or a no-show without ever calling it.
A BEFORE UPDATE trigger now lets an account's session change a ticket's status only by a
move its role's actions make; anything else raises ``insufficient_privilege``.

- Clerks: the moves of ``domain.queue.TRANSITIONS`` but issuing and closing (call, call
  one, no-show, reinstate, transfer, hold, resume, start, finish). ``CLERK_MOVES`` below
  is that table as it stood at this revision; ``tests/test_issue7_ticket_moves.py`` checks
  it against the domain's and runs every move against the installed trigger, so a change
  of the domain's moves fails the tests until a migration brings the trigger along.
- Supervisors and administrators: every move (the end of the day, a counter left open).
- The schema owner (migrations, the demo loader, a server administrator): unrestricted.
- Any other login of ours (a kiosk, a display, an account disabled meanwhile): none.

The moves a clerk's counter runs most (call next, start, finish) are decided by comparing
the two statuses alone, before any lookup, and a statement that leaves the status as it
was (a recall, a transfer within the queue) does not call the trigger at all (its WHEN).

SQLite: one machine, one OS account: whoever has the file has the data; nothing to do.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (from status, to status): every move of domain.queue.TRANSITIONS whose action a clerk
# takes (all but ISSUE and CLOSE), the status left as it was excepted (no trigger call).
CLERK_MOVES: tuple[tuple[str, str], ...] = (
    ("called", "done"),  # finish, without pressing start
    ("called", "held"),  # hold
    ("called", "no_show"),  # no-show, after the last recall
    ("called", "serving"),  # start
    ("called", "waiting"),  # transfer
    ("held", "serving"),  # resume
    ("held", "waiting"),  # transfer
    ("no_show", "called"),  # call one (a no-show who turned up, out of order)
    ("no_show", "waiting"),  # reinstate
    ("serving", "done"),  # finish
    ("serving", "held"),  # hold
    ("serving", "waiting"),  # transfer
    ("waiting", "called"),  # call next, call one
)
SUPERVISING_ROLES = ("supervisor", "admin")
FUNCTION = "ca_ticket_move_allowed()"
TRIGGER = "tickets_moves"


def _sql_text(values: Sequence[str]) -> str:
    return ", ".join(f"'{value}'" for value in values)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    clerk_moves = _sql_text([f"{before}>{after}" for before, after in CLERK_MOVES])
    # SECURITY INVOKER, with every name it uses qualified: it reads no table itself (the
    # account's role comes from ca_account_role(), which is SECURITY DEFINER), and a
    # trigger function with a SET clause would cost a configuration save and restore on
    # every call.
    op.execute(
        f"""CREATE OR REPLACE FUNCTION public.{FUNCTION} RETURNS trigger
        LANGUAGE plpgsql VOLATILE
        AS $body$ DECLARE
            v_role text;
        BEGIN
            -- The moves of a counter: any account that may update the status at all may make them.
            IF (OLD.status || '>' || NEW.status) IN ({clerk_moves}) THEN
                RETURN NEW;
            END IF;
            v_role := public.ca_account_role();
            IF v_role IN ({_sql_text(SUPERVISING_ROLES)}) THEN
                RETURN NEW;
            END IF;
            -- No active account: the schema owner (or a superuser) passes; any other login not.
            IF v_role IS NULL AND pg_catalog.pg_has_role(
                session_user, (SELECT c.relowner FROM pg_catalog.pg_class AS c WHERE c.oid = TG_RELID), 'USAGE'
            ) THEN
                RETURN NEW;
            END IF;
            RAISE EXCEPTION 'a % may not move ticket % from % to %: that is a supervisor''s move',
                COALESCE(v_role, 'login without an active account'), OLD.label, OLD.status, NEW.status
                USING ERRCODE = 'insufficient_privilege';
        END $body$"""
    )
    op.execute(f"REVOKE ALL ON FUNCTION public.{FUNCTION} FROM PUBLIC")
    op.execute(
        f"CREATE TRIGGER {TRIGGER} BEFORE UPDATE OF status ON tickets FOR EACH ROW "
        f"WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION public.{FUNCTION}"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON tickets")
    op.execute(f"DROP FUNCTION IF EXISTS public.{FUNCTION}")
