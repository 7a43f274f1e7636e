"""trust: the database enforces who may do what

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02

Both backends: login throttling per user name, accounts that must change their password,
per-hall settings, audit records that carry the login role and the hall, the first call
kept apart from the latest recall, the masked name and the purpose of a ticket's personal
data, at most one ticket called or served per counter, and audit records that cannot be
changed.

PostgreSQL only (the security boundary; see DESIGN.md, "Security"): group roles per staff
role and for the display, the kiosk and the login gate; grants per table and column;
row-level security scoping rows to the halls of the account logged in; SECURITY DEFINER
functions for logging in and for the privileged account changes; triggers that stamp audit
records with the server's clock and the login role and record every change of the
administrative tables.

The group roles are cluster-wide and are kept by the downgrade (other databases of the
cluster may use them). Login roles are made by ``counter-app db create-admin``, the demo
loader and the staff administration, never here: an upgraded database needs its accounts'
passwords set again (``counter-app staff password``), since argon2 hashes are not SCRAM
verifiers.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import counter_app.db.types

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLES = ("clerk", "supervisor", "admin", "kiosk", "display")
# group role -> the group it belongs to (its grants are inherited)
GROUPS = {
    "counter_app_user": None,  # every account: staff and devices
    "counter_app_staff": "counter_app_user",
    "counter_app_clerk": "counter_app_staff",
    "counter_app_supervisor": "counter_app_clerk",
    "counter_app_admin": "counter_app_supervisor",
    "counter_app_kiosk": "counter_app_user",
    "counter_app_display": "counter_app_user",
}
GATE = "counter_app_gate"  # logs in with a password every counter PC knows; may only ask to log in
ROLE_GROUP = {role: f"counter_app_{role}" for role in ROLES}

# Tables whose every row change is recorded in the audit log by a trigger (small, administrative).
ROW_AUDITED = (
    "halls", "departments", "business_lines", "counter_lines", "staff", "calendar_days",
    "calendar_years", "settings", "hall_settings",
)
# Large tables changed in bulk (a catalogue import): one audit record per statement.
STATEMENT_AUDITED = ("service_items", "service_item_materials")

TICKET_PUBLIC_COLUMNS = (
    "id", "hall_id", "line_id", "original_line_id", "business_date", "number", "label", "priority",
    "priority_rank", "status", "issued_at", "queued_at", "appointment_at", "called_at", "last_called_at",
    "service_started_at", "finished_at", "counter_id", "target_counter_id", "clerk_id", "recall_count",
    "service_item_id", "visitor_name_masked", "print_count", "close_reason", "personal_data_purpose",
)
TICKET_ISSUE_COLUMNS = (
    "hall_id", "line_id", "original_line_id", "business_date", "number", "label", "priority", "priority_rank",
    "status", "issued_at", "queued_at", "appointment_at", "recall_count", "service_item_id", "print_count",
)
TICKET_PERSONAL_COLUMNS = ("visitor_name", "visitor_name_masked", "visitor_phone", "visitor_id_number", "personal_data_purpose")
TICKET_SERVE_COLUMNS = (
    "status", "counter_id", "clerk_id", "called_at", "last_called_at", "service_started_at", "finished_at",
    "target_counter_id", "recall_count", "line_id",
)
EVENT_COLUMNS = ("ticket_id", "hall_id", "at", "action", "from_status", "to_status", "counter_id", "clerk_id", "detail")
STAFF_PUBLIC_COLUMNS = ("id", "username", "full_name", "role", "hall_id", "department_id", "active", "must_change_password")

MY_HALL = "= ANY ((SELECT ca_hall_ids())::integer[])"  # once per statement (an initplan), not per row
MY_ROLE = "(SELECT ca_account_role())"
ME = "(SELECT ca_account_id())"
HELD_BY_ME = f"counter_id IN (SELECT c.id FROM counters AS c WHERE c.clerk_id = {ME})"
SUPERVISING = f"{MY_ROLE} IN ('supervisor', 'admin')"


def upgrade() -> None:
    op.create_table(
        "login_throttle",
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", counter_app.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("username", name=op.f("pk_login_throttle")),
    )
    op.create_table(
        "hall_settings",
        sa.Column("hall_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["hall_id"], ["halls.id"], name=op.f("fk_hall_settings_hall_id_halls"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("hall_id", "key", name=op.f("pk_hall_settings")),
    )
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.add_column(sa.Column("must_change_password", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column("password_changed_at", counter_app.db.types.UtcDateTime(timezone=True), nullable=True))
        batch_op.alter_column("password_hash", existing_type=sa.String(length=200), nullable=True)
        batch_op.drop_column("failed_logins")
        batch_op.drop_column("locked_until")
        batch_op.drop_constraint(batch_op.f("ck_staff_role"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_staff_role"), _one_of("role", ROLES))
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("db_user", sa.String(length=64), server_default="", nullable=False))
        batch_op.add_column(sa.Column("hall_id", sa.Integer(), nullable=True))
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_called_at", counter_app.db.types.UtcDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("visitor_name_masked", sa.String(length=50), nullable=True))
        batch_op.add_column(sa.Column("personal_data_purpose", sa.String(length=16), nullable=True))
        batch_op.create_check_constraint(
            batch_op.f("ck_tickets_personal_data_purpose"),
            _one_of("personal_data_purpose", ("call_by_name", "contact", "case_intake")),
        )
    _migrate_ticket_data()
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.create_index(
            "uq_tickets_one_in_hand_per_counter", ["counter_id"], unique=True,
            sqlite_where=sa.text("status IN ('called', 'serving')"),
            postgresql_where=sa.text("status IN ('called', 'serving')"),
        )
    if op.get_bind().dialect.name == "postgresql":
        _secure_postgresql()
    else:
        _protect_sqlite_audit_log()


def _one_of(column: str, values: Sequence[str]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def _migrate_ticket_data() -> None:
    """The latest call so far was the only one kept; masked names for the display; and
    a counter that holds two tickets called or served (the bug the new index prevents)
    keeps the newest one, the others on hold there (nothing is lost: the clerk sees them)."""
    op.execute("UPDATE tickets SET last_called_at = called_at")
    bind = op.get_bind()
    named = bind.execute(sa.text("SELECT id, visitor_name FROM tickets WHERE visitor_name IS NOT NULL")).all()
    for ticket_id, name in named:
        name = name.strip()
        masked = name[0] + "*" * max(1, len(name) - 1) if name else None
        bind.execute(sa.text("UPDATE tickets SET visitor_name_masked = :masked WHERE id = :id"), {"masked": masked, "id": ticket_id})
    # A ticket named before this revision had no stated purpose: the name was for the call.
    op.execute("UPDATE tickets SET personal_data_purpose = 'call_by_name' WHERE visitor_name IS NOT NULL")
    op.execute("UPDATE tickets SET personal_data_purpose = 'contact' WHERE visitor_phone IS NOT NULL")
    op.execute("UPDATE tickets SET personal_data_purpose = 'case_intake' WHERE visitor_id_number IS NOT NULL")
    op.execute(
        """
        UPDATE tickets SET status = 'held'
        WHERE status IN ('called', 'serving') AND counter_id IS NOT NULL
          AND id <> (SELECT newest.id FROM tickets AS newest
                     WHERE newest.counter_id = tickets.counter_id AND newest.status IN ('called', 'serving')
                     ORDER BY newest.called_at DESC, newest.id DESC LIMIT 1)
        """
    )


def _protect_sqlite_audit_log() -> None:
    """One machine, one OS account: whoever has the file has the data. The triggers only
    keep the program itself from ever changing a record."""
    for operation in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER audit_log_no_{operation.lower()} BEFORE {operation} ON audit_log "
            "BEGIN SELECT RAISE(ABORT, 'audit records cannot be changed or deleted'); END"
        )


# ---------------------------------------------------------------- PostgreSQL


def _secure_postgresql() -> None:
    _create_roles()
    _create_account_functions()
    _create_login_functions()
    _create_admin_functions()
    _create_audit_triggers()
    _grant()
    _create_policies()


def _create_roles() -> None:
    for group, parent in GROUPS.items():
        op.execute(
            f"""DO $$ BEGIN
                IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{group}') THEN
                    CREATE ROLE {group} NOLOGIN;
                END IF;
            END $$"""
        )
        if parent is not None:
            op.execute(
                f"""DO $$ BEGIN
                    IF NOT pg_has_role('{group}', '{parent}', 'MEMBER') THEN GRANT {parent} TO {group}; END IF;
                END $$"""
            )
    op.execute(
        f"""DO $$ BEGIN
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{GATE}') THEN
                CREATE ROLE {GATE} LOGIN;
            END IF;
        END $$"""
    )
    # Nobody but the owner creates objects here (PostgreSQL 15's default; older clusters upgraded).
    op.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    op.execute("DO $$ BEGIN EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database()); END $$")
    op.execute(
        f"DO $$ BEGIN EXECUTE format('GRANT CONNECT ON DATABASE %I TO counter_app_user, {GATE}', current_database()); END $$"
    )
    op.execute(f"GRANT USAGE ON SCHEMA public TO counter_app_user, {GATE}")


def _definer(signature: str, returns: str, body: str, *, language: str = "sql", volatility: str = "STABLE") -> None:
    """A SECURITY DEFINER function (runs with the owner's rights) with a fixed search path,
    executable by nobody until granted."""
    op.execute(
        f"""CREATE OR REPLACE FUNCTION {signature} RETURNS {returns}
        LANGUAGE {language} {volatility} SECURITY DEFINER SET search_path = public, pg_temp
        AS $body$ {body} $body$"""
    )
    op.execute(f"REVOKE ALL ON FUNCTION {_bare(signature)} FROM PUBLIC")


def _bare(signature: str) -> str:
    """``f(a int DEFAULT 1, b text)`` -> ``f(a int, b text)`` (for GRANT and REVOKE)."""
    name, _, arguments = signature.partition("(")
    parts = [part.split(" DEFAULT")[0].strip() for part in arguments.rstrip(")").split(",") if part.strip()]
    return f"{name}({', '.join(parts)})"


def _create_account_functions() -> None:
    """Who is logged in: the account of ``session_user`` (the login role the server
    authenticated; a SET ROLE into a group role does not change it), if it is active.

    PL/pgSQL, not SQL: the policies call these once per table a statement names (a call
    next names a dozen), and PL/pgSQL keeps its query plan for the session where a
    SECURITY DEFINER SQL function is planned afresh each time (measured: 0.74 ms against
    1.17 ms for a call next)."""
    _definer(
        "ca_account_id()", "integer",
        "BEGIN RETURN (SELECT id FROM staff WHERE username = session_user::text AND active); END",
        language="plpgsql",
    )
    _definer(
        "ca_account_role()", "text",
        "BEGIN RETURN (SELECT role FROM staff WHERE username = session_user::text AND active); END",
        language="plpgsql",
    )
    _definer(
        "ca_hall_ids()",
        "integer[]",
        """BEGIN
            RETURN (SELECT CASE WHEN s.role = 'admin' THEN ARRAY(SELECT h.id FROM halls AS h) ELSE ARRAY[s.hall_id] END
                    FROM staff AS s WHERE s.username = session_user::text AND s.active);
        END""",
        language="plpgsql",
    )
    for function in ("ca_account_id()", "ca_account_role()", "ca_hall_ids()"):
        op.execute(f"GRANT EXECUTE ON FUNCTION {function} TO counter_app_user")
    # The hall of a ticket, which row-level security hides from other halls: the access
    # policy names the right reason ("your own hall only") instead of "no such ticket".
    _definer("ca_ticket_hall(p_ticket_id integer)", "integer", "SELECT hall_id FROM tickets WHERE id = p_ticket_id")
    op.execute("GRANT EXECUTE ON FUNCTION ca_ticket_hall(integer) TO counter_app_user")
    _definer(
        "ca_whoami()",
        "TABLE(id integer, username text, full_name text, role text, hall_id integer, must_change_password boolean)",
        """SELECT s.id, s.username::text, s.full_name::text, s.role::text, s.hall_id, s.must_change_password
           FROM staff AS s WHERE s.username = session_user::text AND s.active""",
    )
    op.execute("GRANT EXECUTE ON FUNCTION ca_whoami() TO counter_app_user")


def _create_login_functions() -> None:
    settings = """
        v_max integer := COALESCE((SELECT value::integer FROM settings WHERE key = 'login_max_failures'), 5);
        v_lockout interval := make_interval(mins => COALESCE((SELECT value::integer FROM settings WHERE key = 'login_lockout_minutes'), 15));"""
    # One attempt is counted BEFORE the password is checked, in one statement: parallel
    # guesses queue on the row, and only the allowed number get through to be checked.
    _definer(
        "ca_login_attempt(p_username text)",
        "TABLE(allowed boolean, failures integer, locked_until timestamptz, max_failures integer)",
        f"""#variable_conflict use_column
        DECLARE {settings}
        BEGIN
            RETURN QUERY
            INSERT INTO login_throttle AS t (username, failures, locked_until)
            VALUES (left(p_username, 64), 1, CASE WHEN v_max <= 1 THEN now() + v_lockout END)
            ON CONFLICT (username) DO UPDATE
               SET failures = CASE WHEN t.locked_until IS NULL THEN t.failures + 1 ELSE 1 END,
                   locked_until = CASE WHEN (CASE WHEN t.locked_until IS NULL THEN t.failures + 1 ELSE 1 END) >= v_max
                                       THEN now() + v_lockout END
               WHERE t.locked_until IS NULL OR t.locked_until <= now()
            RETURNING true, t.failures, t.locked_until, v_max;
            IF NOT FOUND THEN
                RETURN QUERY SELECT false, t.failures, t.locked_until, v_max FROM login_throttle AS t
                             WHERE t.username = left(p_username, 64);
            END IF;
        END""",
        language="plpgsql",
        volatility="VOLATILE",
    )
    _definer(
        "ca_login_failed(p_username text, p_reason text)",
        "void",
        """INSERT INTO audit_log (username, action, outcome, target, detail)
           VALUES (left(p_username, 64), 'login', 'failed', '', json_build_object('reason', left(p_reason, 40))::text)""",
        volatility="VOLATILE",
    )
    for function in ("ca_login_attempt(text)", "ca_login_failed(text, text)"):
        op.execute(f"GRANT EXECUTE ON FUNCTION {function} TO {GATE}, counter_app_user")
    # After a successful login, by the account itself: its failures are forgotten.
    _definer(
        "ca_login_succeeded()",
        "void",
        "DELETE FROM login_throttle WHERE username = session_user::text",
        volatility="VOLATILE",
    )
    op.execute("GRANT EXECUTE ON FUNCTION ca_login_succeeded() TO counter_app_user")
    _definer(
        "ca_change_own_password(p_verifier text)",
        "void",
        """BEGIN
            PERFORM ca_require_verifier(p_verifier);
            IF NOT EXISTS (SELECT FROM staff WHERE username = session_user::text AND active) THEN
                RAISE EXCEPTION 'no active account %', session_user USING ERRCODE = 'insufficient_privilege';
            END IF;
            EXECUTE format('ALTER ROLE %I PASSWORD %L', session_user, p_verifier);
            UPDATE staff SET must_change_password = false, password_changed_at = now() WHERE username = session_user::text;
        END""",
        language="plpgsql",
        volatility="VOLATILE",
    )
    op.execute("GRANT EXECUTE ON FUNCTION ca_change_own_password(text) TO counter_app_staff")


def _create_admin_functions() -> None:
    """Account changes that need CREATEROLE, which only the owner has: each checks that the
    caller is an active administrator (or the owner, for the first administrator) and
    touches only roles that are accounts of this database."""
    _definer(
        "ca_require_verifier(p_verifier text)",
        "void",
        """BEGIN
            -- Passwords reach the server only as SCRAM verifiers (computed by the client's
            -- libpq), never as plain text a log could keep.
            IF p_verifier IS NULL OR p_verifier !~ '^SCRAM-SHA-256\\$[0-9]+:' THEN
                RAISE EXCEPTION 'a password must be given as a SCRAM-SHA-256 verifier' USING ERRCODE = 'invalid_parameter_value';
            END IF;
        END""",
        language="plpgsql",
        volatility="IMMUTABLE",
    )
    _definer(
        "ca_require_admin()",
        "void",
        """BEGIN
            IF session_user::text <> current_user::text AND ca_account_role() IS DISTINCT FROM 'admin' THEN
                RAISE EXCEPTION 'only an administrator may change accounts' USING ERRCODE = 'insufficient_privilege';
            END IF;
        END""",
        language="plpgsql",
    )
    groups = ", ".join(f"'{group}'" for group in ROLE_GROUP.values())
    _definer(
        "ca_grant_account_group(p_username text, p_role text)",
        "void",
        f"""DECLARE v_group text;
        BEGIN
            FOR v_group IN SELECT r.rolname FROM pg_auth_members AS m
                           JOIN pg_roles AS r ON r.oid = m.roleid JOIN pg_roles AS u ON u.oid = m.member
                           WHERE u.rolname = p_username AND r.rolname IN ({groups}) LOOP
                EXECUTE format('REVOKE %I FROM %I', v_group, p_username);
            END LOOP;
            EXECUTE format('GRANT %I TO %I', 'counter_app_' || p_role, p_username);
        END""",
        language="plpgsql",
        volatility="VOLATILE",
    )
    _definer(
        "ca_create_account(p_username text, p_full_name text, p_role text, p_hall_id integer, "
        "p_department_id integer, p_verifier text, p_adopt boolean DEFAULT false, p_must_change boolean DEFAULT true)",
        "integer",
        f"""DECLARE v_id integer;
        BEGIN
            PERFORM ca_require_admin();
            PERFORM ca_require_verifier(p_verifier);
            IF p_username !~ '^[a-z][a-z0-9_]{{1,62}}$' OR p_username LIKE 'pg\\_%' OR p_username LIKE 'counter\\_app\\_%' THEN
                RAISE EXCEPTION 'invalid user name %', p_username USING ERRCODE = 'invalid_parameter_value';
            END IF;
            IF p_role NOT IN ({", ".join(repr(role) for role in ROLES)}) THEN
                RAISE EXCEPTION 'invalid role %', p_role USING ERRCODE = 'invalid_parameter_value';
            END IF;
            IF EXISTS (SELECT FROM pg_roles WHERE rolname = p_username) THEN
                -- Another database of this cluster may have made it (a training copy, the
                -- demo): adopted only when asked, and only if it is one of our accounts.
                IF NOT p_adopt OR NOT pg_has_role(p_username, 'counter_app_user', 'MEMBER')
                   OR EXISTS (SELECT FROM staff WHERE username = p_username) THEN
                    RAISE EXCEPTION 'role % exists', p_username USING ERRCODE = 'duplicate_object';
                END IF;
                EXECUTE format('ALTER ROLE %I LOGIN PASSWORD %L', p_username, p_verifier);
            ELSE
                EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', p_username, p_verifier);
            END IF;
            PERFORM ca_grant_account_group(p_username, p_role);
            INSERT INTO staff (username, full_name, role, password_hash, must_change_password, hall_id, department_id, active, created_at)
            VALUES (p_username, p_full_name, p_role, NULL, p_must_change, p_hall_id, p_department_id, true, now())
            RETURNING id INTO v_id;
            DELETE FROM login_throttle WHERE username = p_username;
            RETURN v_id;
        END""",
        language="plpgsql",
        volatility="VOLATILE",
    )
    _definer(
        "ca_set_password(p_username text, p_verifier text, p_must_change boolean DEFAULT true)",
        "void",
        """BEGIN
            PERFORM ca_require_admin();
            PERFORM ca_require_verifier(p_verifier);
            IF NOT EXISTS (SELECT FROM staff WHERE username = p_username) THEN
                RAISE EXCEPTION 'no account %', p_username USING ERRCODE = 'no_data_found';
            END IF;
            IF EXISTS (SELECT FROM pg_roles WHERE rolname = p_username) THEN
                EXECUTE format('ALTER ROLE %I PASSWORD %L', p_username, p_verifier);
            ELSE  -- an account of a database upgraded from before login roles
                EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', p_username, p_verifier);
            END IF;
            PERFORM ca_grant_account_group(p_username, (SELECT role FROM staff WHERE username = p_username));
            UPDATE staff SET must_change_password = p_must_change, password_changed_at = now() WHERE username = p_username;
            DELETE FROM login_throttle WHERE username = p_username;
        END""",
        language="plpgsql",
        volatility="VOLATILE",
    )
    _definer(
        "ca_unlock_account(p_username text)",
        "boolean",
        """BEGIN
            PERFORM ca_require_admin();
            DELETE FROM login_throttle WHERE username = p_username;
            RETURN FOUND;
        END""",
        language="plpgsql",
        volatility="VOLATILE",
    )
    _definer(
        "ca_set_account_active(p_username text, p_active boolean)",
        "void",
        """BEGIN
            PERFORM ca_require_admin();
            IF NOT EXISTS (SELECT FROM staff WHERE username = p_username) THEN
                RAISE EXCEPTION 'no account %', p_username USING ERRCODE = 'no_data_found';
            END IF;
            -- Inactive: no new logins, and (ca_hall_ids() reads "active") no rows for the
            -- sessions still open, from their next statement on.
            UPDATE staff SET active = p_active WHERE username = p_username;
            IF EXISTS (SELECT FROM pg_roles WHERE rolname = p_username) THEN
                EXECUTE format('ALTER ROLE %I %s', p_username, CASE WHEN p_active THEN 'LOGIN' ELSE 'NOLOGIN' END);
            END IF;
        END""",
        language="plpgsql",
        volatility="VOLATILE",
    )
    _definer(
        "ca_set_account_role(p_username text, p_role text, p_hall_id integer)",
        "void",
        f"""BEGIN
            PERFORM ca_require_admin();
            IF p_role NOT IN ({", ".join(repr(role) for role in ROLES)}) THEN
                RAISE EXCEPTION 'invalid role %', p_role USING ERRCODE = 'invalid_parameter_value';
            END IF;
            UPDATE staff SET role = p_role, hall_id = p_hall_id WHERE username = p_username;
            IF NOT FOUND THEN
                RAISE EXCEPTION 'no account %', p_username USING ERRCODE = 'no_data_found';
            END IF;
            IF EXISTS (SELECT FROM pg_roles WHERE rolname = p_username) THEN
                PERFORM ca_grant_account_group(p_username, p_role);
            END IF;
        END""",
        language="plpgsql",
        volatility="VOLATILE",
    )
    for signature in (
        "ca_create_account(text, text, text, integer, integer, text, boolean, boolean)",
        "ca_set_password(text, text, boolean)",
        "ca_unlock_account(text)",
        "ca_set_account_active(text, boolean)",
        "ca_set_account_role(text, text, integer)",
    ):
        op.execute(f"GRANT EXECUTE ON FUNCTION {signature} TO counter_app_admin")


def _create_audit_triggers() -> None:
    # Every record: the server's clock and the login role; a staff login cannot write a
    # record in anyone else's name.
    _definer(
        "ca_audit_stamp()",
        "trigger",
        """DECLARE v_account staff%ROWTYPE;
        BEGIN
            NEW.at := now();
            NEW.db_user := session_user::text;
            SELECT * INTO v_account FROM staff WHERE username = session_user::text;
            IF FOUND THEN
                NEW.staff_id := v_account.id;
                NEW.username := v_account.username;
            END IF;
            RETURN NEW;
        END""",
        language="plpgsql",
        volatility="VOLATILE",
    )
    op.execute("CREATE TRIGGER audit_log_stamp BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION ca_audit_stamp()")
    _definer(
        "ca_audit_immutable()",
        "trigger",
        """BEGIN
            RAISE EXCEPTION 'audit records cannot be changed or deleted' USING ERRCODE = 'insufficient_privilege';
        END""",
        language="plpgsql",
        volatility="VOLATILE",
    )
    op.execute(
        "CREATE TRIGGER audit_log_immutable BEFORE UPDATE OR DELETE ON audit_log "
        "FOR EACH ROW EXECUTE FUNCTION ca_audit_immutable()"
    )
    op.execute(
        "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
        "FOR EACH STATEMENT EXECUTE FUNCTION ca_audit_immutable()"
    )
    _definer(
        "ca_audit_row()",
        "trigger",
        """DECLARE
            v_old jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) - 'password_hash' END;
            v_new jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) - 'password_hash' END;
            v_row jsonb := COALESCE(v_new, v_old);
            v_detail jsonb;
        BEGIN
            IF TG_OP = 'UPDATE' THEN
                SELECT jsonb_object_agg(n.key, jsonb_build_array(v_old -> n.key, n.value)) INTO v_detail
                FROM jsonb_each(v_new) AS n WHERE v_old -> n.key IS DISTINCT FROM n.value;
                IF v_detail IS NULL THEN RETURN NULL; END IF;
                v_detail := jsonb_build_object('changed', v_detail);
            ELSE
                v_detail := jsonb_build_object(lower(TG_OP) || 'd', v_row);
            END IF;
            INSERT INTO audit_log (username, action, outcome, target, detail, hall_id)
            VALUES (session_user::text, 'row ' || lower(TG_OP), 'ok',
                    left(TG_TABLE_NAME || ' ' || COALESCE(v_row ->> 'id', v_row ->> 'key', v_row ->> 'day',
                                                           v_row ->> 'year', v_row ->> 'counter_id', ''), 200),
                    v_detail::text, (v_row ->> 'hall_id')::integer);
            RETURN NULL;
        END""",
        language="plpgsql",
        volatility="VOLATILE",
    )
    for table in ROW_AUDITED:
        op.execute(
            f"CREATE TRIGGER {table}_audit AFTER INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION ca_audit_row()"
        )
    # Counters: their structure is audited row by row; opening, pausing and closing by the
    # clerks are in the service's own audit records.
    op.execute(
        "CREATE TRIGGER counters_audit AFTER INSERT OR DELETE OR UPDATE OF hall_id, number, name, active "
        "ON counters FOR EACH ROW EXECUTE FUNCTION ca_audit_row()"
    )
    _definer(
        "ca_audit_statement()",
        "trigger",
        """DECLARE v_count bigint;
        BEGIN
            IF TG_OP = 'DELETE' THEN SELECT count(*) INTO v_count FROM changed_before;
            ELSE SELECT count(*) INTO v_count FROM changed_after; END IF;
            IF v_count > 0 THEN
                INSERT INTO audit_log (username, action, outcome, target, detail)
                VALUES (session_user::text, 'rows ' || lower(TG_OP), 'ok', TG_TABLE_NAME,
                        json_build_object('rows', v_count)::text);
            END IF;
            RETURN NULL;
        END""",
        language="plpgsql",
        volatility="VOLATILE",
    )
    for table in STATEMENT_AUDITED:
        for operation, transition in (
            ("INSERT", "NEW TABLE AS changed_after"),
            ("UPDATE", "NEW TABLE AS changed_after"),
            ("DELETE", "OLD TABLE AS changed_before"),
        ):
            op.execute(
                f"CREATE TRIGGER {table}_audit_{operation.lower()} AFTER {operation} ON {table} "
                f"REFERENCING {transition} FOR EACH STATEMENT EXECUTE FUNCTION ca_audit_statement()"
            )


def _grant() -> None:
    # Reference data every account reads.
    op.execute(
        "GRANT SELECT ON halls, departments, business_lines, counter_lines, counters, service_items, "
        "service_item_materials, calendar_days, calendar_years, settings, hall_settings TO counter_app_user"
    )
    op.execute(f"GRANT SELECT ON alembic_version TO counter_app_user, {GATE}")
    # Staff: colleagues' names and roles, never a password hash.
    op.execute(f"GRANT SELECT ({', '.join(STAFF_PUBLIC_COLUMNS)}) ON staff TO counter_app_staff")
    # The audit log: anyone may add (the trigger says who and when), nobody may change.
    op.execute(
        "GRANT INSERT (staff_id, username, action, outcome, target, detail, hall_id, at, db_user) ON audit_log "
        "TO counter_app_user"
    )
    op.execute("GRANT USAGE ON SEQUENCE audit_log_id_seq TO counter_app_user")
    op.execute("GRANT SELECT ON audit_log TO counter_app_supervisor")
    # Tickets: staff read them whole; the display and the kiosk without personal data.
    op.execute("GRANT SELECT ON tickets, ticket_events TO counter_app_staff")
    op.execute(f"GRANT SELECT ({', '.join(TICKET_PUBLIC_COLUMNS)}) ON tickets TO counter_app_display, counter_app_kiosk")
    op.execute("GRANT SELECT ON ticket_events TO counter_app_kiosk")
    op.execute(f"GRANT INSERT ({', '.join(TICKET_ISSUE_COLUMNS)}) ON tickets TO counter_app_kiosk, counter_app_supervisor")
    op.execute(f"GRANT INSERT ({', '.join(TICKET_PERSONAL_COLUMNS)}) ON tickets TO counter_app_supervisor")
    op.execute("GRANT USAGE ON SEQUENCE tickets_id_seq TO counter_app_kiosk, counter_app_supervisor")
    op.execute("GRANT SELECT, INSERT, UPDATE ON ticket_sequences TO counter_app_kiosk, counter_app_supervisor")
    op.execute(f"GRANT UPDATE ({', '.join(TICKET_SERVE_COLUMNS)}) ON tickets TO counter_app_clerk")
    op.execute("GRANT UPDATE (print_count, close_reason) ON tickets TO counter_app_supervisor")
    op.execute(f"GRANT UPDATE ({', '.join(TICKET_PERSONAL_COLUMNS)}) ON tickets TO counter_app_admin")
    op.execute(f"GRANT INSERT ({', '.join(EVENT_COLUMNS)}) ON ticket_events TO counter_app_clerk, counter_app_kiosk")
    op.execute("GRANT USAGE ON SEQUENCE ticket_events_id_seq TO counter_app_clerk, counter_app_kiosk")
    # Counters: a clerk signs in and out and opens, pauses and closes.
    op.execute("GRANT UPDATE (state, clerk_id, state_changed_at) ON counters TO counter_app_clerk")
    # Settings: a supervisor their hall's; an administrator the zone's.
    op.execute("GRANT INSERT, UPDATE, DELETE ON hall_settings TO counter_app_supervisor")
    # The administrator's tables (staff accounts only through the functions above).
    administered = (
        "halls", "departments", "business_lines", "counter_lines", "counters", "service_items",
        "service_item_materials", "calendar_days", "calendar_years", "settings",
    )
    op.execute(f"GRANT INSERT, UPDATE, DELETE ON {', '.join(administered)} TO counter_app_admin")
    op.execute(
        "GRANT USAGE ON SEQUENCE halls_id_seq, departments_id_seq, business_lines_id_seq, counters_id_seq, "
        "service_items_id_seq, service_item_materials_id_seq TO counter_app_admin"
    )


def _policy(table: str, name: str, command: str, roles: str, using: str | None, check: str | None = None) -> None:
    clauses = f" USING ({using})" if using is not None else ""
    clauses += f" WITH CHECK ({check})" if check is not None else ""
    op.execute(f"CREATE POLICY {name} ON {table} FOR {command} TO {roles}{clauses}")


def _create_policies() -> None:
    every_table = (
        "halls", "departments", "business_lines", "counter_lines", "counters", "staff", "service_items",
        "service_item_materials", "calendar_days", "calendar_years", "settings", "hall_settings", "audit_log",
        "login_throttle", "ticket_sequences", "tickets", "ticket_events", "hall_changes",
    )
    for table in every_table:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    # Zone-wide reference data: everyone reads, the administrator writes.
    for table in (
        "halls", "departments", "business_lines", "counter_lines", "service_items", "service_item_materials",
        "calendar_days", "calendar_years", "settings",
    ):
        _policy(table, f"{table}_read", "SELECT", "counter_app_user", "true")
        _policy(table, f"{table}_administer", "ALL", "counter_app_admin", "true", "true")
    # Counters: everyone reads (the display shows their numbers); a clerk changes only a
    # counter of their hall that is free or their own, and can put only themselves there.
    _policy("counters", "counters_read", "SELECT", "counter_app_user", "true")
    own_counter = f"hall_id {MY_HALL} AND ({SUPERVISING} OR clerk_id IS NULL OR clerk_id = {ME})"
    _policy("counters", "counters_sign_in", "UPDATE", "counter_app_clerk", own_counter, own_counter)
    _policy("counters", "counters_administer", "ALL", "counter_app_admin", "true", "true")
    # Staff: colleagues of one's halls, oneself, and the administrators.
    _policy(
        "staff", "staff_read", "SELECT", "counter_app_staff",
        f"hall_id {MY_HALL} OR hall_id IS NULL OR id = {ME}",
    )
    # Per-hall settings: read in one's halls, changed by a supervisor of the hall.
    _policy("hall_settings", "hall_settings_read", "SELECT", "counter_app_user", f"hall_id {MY_HALL}")
    supervised = f"hall_id {MY_HALL} AND {SUPERVISING}"
    for command in ("INSERT", "UPDATE", "DELETE"):
        _policy(
            "hall_settings", f"hall_settings_{command.lower()}", command, "counter_app_supervisor",
            None if command == "INSERT" else supervised, None if command == "DELETE" else supervised,
        )
    # The audit log: anyone adds; the administrator reads all, a supervisor their halls'.
    _policy("audit_log", "audit_log_add", "INSERT", "counter_app_user", None, "true")
    _policy(
        "audit_log", "audit_log_read", "SELECT", "counter_app_supervisor",
        f"{MY_ROLE} = 'admin' OR hall_id {MY_HALL}",
    )
    # Ticket numbers: issuers of the line's hall.
    line_of_my_hall = f"line_id IN (SELECT l.id FROM business_lines AS l WHERE l.hall_id {MY_HALL})"
    _policy(
        "ticket_sequences", "ticket_sequences_issue", "ALL", "counter_app_supervisor, counter_app_kiosk",
        line_of_my_hall, line_of_my_hall,
    )
    # Tickets: read and issued in one's halls; a ticket called or served at a counter is
    # changed only by the clerk signed in there (or a supervisor); waiting and no-show
    # tickets by any clerk of the hall.
    _policy("tickets", "tickets_read", "SELECT", "counter_app_user", f"hall_id {MY_HALL}")
    _policy("tickets", "tickets_issue", "INSERT", "counter_app_supervisor, counter_app_kiosk", None, f"hall_id {MY_HALL}")
    _policy(
        "tickets", "tickets_serve", "UPDATE", "counter_app_clerk",
        f"hall_id {MY_HALL} AND (status IN ('waiting', 'no_show') OR counter_id IS NULL OR {HELD_BY_ME} OR {SUPERVISING})",
        f"hall_id {MY_HALL} AND (counter_id IS NULL OR {HELD_BY_ME} OR {SUPERVISING})",
    )
    # Events: in one's halls, in one's own name.
    _policy("ticket_events", "ticket_events_read", "SELECT", "counter_app_staff, counter_app_kiosk", f"hall_id {MY_HALL}")
    _policy(
        "ticket_events", "ticket_events_record", "INSERT", "counter_app_clerk, counter_app_kiosk", None,
        f"hall_id {MY_HALL} AND clerk_id IS NOT DISTINCT FROM {ME}",
    )
    # login_throttle and hall_changes: no policy, so no rows for anyone but the owner
    # (the login functions run as the owner; hall_changes is SQLite's poke).


# ---------------------------------------------------------------- downgrade


FUNCTIONS = (
    "ca_whoami()", "ca_login_attempt(text)", "ca_login_failed(text, text)", "ca_login_succeeded()",
    "ca_change_own_password(text)", "ca_create_account(text, text, text, integer, integer, text, boolean, boolean)",
    "ca_set_password(text, text, boolean)", "ca_unlock_account(text)", "ca_set_account_active(text, boolean)",
    "ca_set_account_role(text, text, integer)", "ca_grant_account_group(text, text)", "ca_require_admin()",
    "ca_require_verifier(text)", "ca_audit_stamp()", "ca_audit_immutable()", "ca_audit_row()",
    "ca_audit_statement()", "ca_account_id()", "ca_account_role()", "ca_hall_ids()", "ca_ticket_hall(integer)",
)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _unsecure_postgresql()
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_index("uq_tickets_one_in_hand_per_counter")
        batch_op.drop_constraint(batch_op.f("ck_tickets_personal_data_purpose"), type_="check")
        batch_op.drop_column("personal_data_purpose")
        batch_op.drop_column("visitor_name_masked")
        batch_op.drop_column("last_called_at")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_column("hall_id")
        batch_op.drop_column("db_user")
    op.execute("UPDATE staff SET password_hash = '' WHERE password_hash IS NULL")
    op.execute("DELETE FROM staff WHERE role IN ('kiosk', 'display')")
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_staff_role"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_staff_role"), _one_of("role", ("clerk", "supervisor", "admin")))
        batch_op.add_column(sa.Column("locked_until", counter_app.db.types.UtcDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("failed_logins", sa.Integer(), server_default="0", nullable=False))
        batch_op.alter_column("password_hash", existing_type=sa.String(length=200), nullable=False)
        batch_op.drop_column("password_changed_at")
        batch_op.drop_column("must_change_password")
    op.drop_table("hall_settings")
    op.drop_table("login_throttle")


def _unsecure_postgresql() -> None:
    bind = op.get_bind()
    for table, policy in bind.execute(
        sa.text("SELECT tablename, policyname FROM pg_policies WHERE schemaname = 'public'")
    ).all():
        op.execute(f'DROP POLICY "{policy}" ON "{table}"')
    for (table,) in bind.execute(
        sa.text("SELECT relname FROM pg_class WHERE relrowsecurity AND relnamespace = 'public'::regnamespace")
    ).all():
        op.execute(f'ALTER TABLE "{table}" DISABLE ROW LEVEL SECURITY')
    for (trigger, table) in bind.execute(
        sa.text(
            "SELECT t.tgname, c.relname FROM pg_trigger AS t JOIN pg_class AS c ON c.oid = t.tgrelid "
            "WHERE NOT t.tgisinternal AND c.relnamespace = 'public'::regnamespace AND t.tgname LIKE '%audit%'"
        )
    ).all():
        op.execute(f'DROP TRIGGER "{trigger}" ON "{table}"')
    op.execute("DROP TRIGGER IF EXISTS audit_log_stamp ON audit_log")
    op.execute("DROP TRIGGER IF EXISTS audit_log_immutable ON audit_log")
    op.execute("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log")
    for function in FUNCTIONS:
        op.execute(f"DROP FUNCTION IF EXISTS {function}")
    everyone = ", ".join([*GROUPS, GATE])
    op.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {everyone}")
    op.execute(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {everyone}")
    op.execute(f"REVOKE USAGE ON SCHEMA public FROM {everyone}")
    op.execute(f"DO $$ BEGIN EXECUTE format('REVOKE CONNECT ON DATABASE %I FROM {everyone}', current_database()); END $$")
