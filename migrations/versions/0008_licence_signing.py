"""licence signing and printing: the installation's signing key, signed QR payloads, every print recorded, imported licences

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02

Both backends: ``signing_keys`` (the installation's Ed25519 key, created here, with the
database; rotated keys kept retired so that what they signed still verifies), the signed QR
payload on each licence, ``licence_prints`` (the first print and every reprint with its
reason) and the mark of a licence imported from an earlier register.

PostgreSQL: the private key is readable by the signing agent's login role
(``counter_app_signer``) alone, never by any account a counter PC uses; the agent may write
a licence's payload once and nothing else. Staff read the public keys (anyone may verify).
A clerk records prints in their hall and own name; an administrator imports licences in
their own name. The audit trigger leaves the private key out of the audit log.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import counter_app.db.types
from counter_app.domain.licence_signing import new_signing_key

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SIGNER = "counter_app_signer"  # the signing agent's login role (password: counter-app db signer-password)
MY_HALL = "= ANY ((SELECT ca_hall_ids())::integer[])"
ME = "(SELECT ca_account_id())"
SIGNING_CHANNEL = "ca_licences_to_sign"


def upgrade() -> None:
    signing_keys = op.create_table(
        "signing_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key_id", sa.String(length=8), nullable=False),
        sa.Column("public_key", sa.Text(), nullable=False),
        sa.Column("private_key", sa.Text(), nullable=False),
        sa.Column("created_at", counter_app.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("retired_at", counter_app.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signing_keys")),
        sa.UniqueConstraint("key_id", name=op.f("uq_signing_keys_key_id")),
    )
    op.create_table(
        "licence_prints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("licence_id", sa.Integer(), nullable=False),
        sa.Column("hall_id", sa.Integer(), nullable=False),
        sa.Column("printed_by", sa.Integer(), nullable=False),
        sa.Column("printed_at", counter_app.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("reprint", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("copies", sa.Integer(), nullable=False),
        sa.CheckConstraint("NOT reprint OR reason IS NOT NULL", name=op.f("ck_licence_prints_reprint_reason")),
        sa.ForeignKeyConstraint(["hall_id"], ["halls.id"], name=op.f("fk_licence_prints_hall_id_halls")),
        sa.ForeignKeyConstraint(["licence_id"], ["licences.id"], name=op.f("fk_licence_prints_licence_id_licences")),
        sa.ForeignKeyConstraint(["printed_by"], ["staff.id"], name=op.f("fk_licence_prints_printed_by_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_licence_prints")),
    )
    with op.batch_alter_table("licence_prints", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_licence_prints_licence_id"), ["licence_id"], unique=False)
    with op.batch_alter_table("licences", schema=None) as batch_op:
        batch_op.add_column(sa.Column("imported", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("qr_payload", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("signed_at", counter_app.db.types.UtcDateTime(timezone=True), nullable=True))
    # The agent's queue: the few licences not signed yet (a partial index stays tiny).
    op.create_index("ix_licences_unsigned", "licences", ["id"], unique=False,
                    postgresql_where=sa.text("qr_payload IS NULL"), sqlite_where=sa.text("qr_payload IS NULL"))
    # The installation's key, created with the database (issue 10).
    private_pem, public_pem, key_id = new_signing_key()
    op.bulk_insert(signing_keys, [{
        "key_id": key_id, "public_key": public_pem.decode("ascii"), "private_key": private_pem.decode("ascii"),
        "created_at": _now(),
    }])
    if op.get_bind().dialect.name == "postgresql":
        _secure_postgresql()


def _now():  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    return datetime.now(UTC)


def _secure_postgresql() -> None:
    op.execute(
        f"""DO $$ BEGIN
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{SIGNER}') THEN
                CREATE ROLE {SIGNER} LOGIN;
            END IF;
        END $$"""
    )
    op.execute(f"DO $$ BEGIN EXECUTE format('GRANT CONNECT ON DATABASE %I TO {SIGNER}', current_database()); END $$")
    op.execute(f"GRANT SELECT ON alembic_version TO {SIGNER}")  # the agent checks it runs the schema it knows
    # The audit trigger never copies a private key into the audit log.
    op.execute(
        """CREATE OR REPLACE FUNCTION ca_audit_row() RETURNS trigger
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
        AS $body$ DECLARE
            v_old jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) - 'password_hash' - 'private_key' END;
            v_new jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) - 'password_hash' - 'private_key' END;
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
        END $body$"""
    )
    for table in ("signing_keys", "licence_prints"):
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"CREATE TRIGGER {table}_audit AFTER INSERT OR UPDATE OR DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION ca_audit_row()")
    # Keys: anyone on the staff reads the public half (to verify); the private half only the agent.
    op.execute("GRANT SELECT (id, key_id, public_key, created_at, retired_at) ON signing_keys TO counter_app_staff")
    op.execute("CREATE POLICY signing_keys_public ON signing_keys FOR SELECT TO counter_app_staff USING (true)")
    op.execute(f"GRANT SELECT ON signing_keys TO {SIGNER}")
    op.execute(f"CREATE POLICY signing_keys_sign ON signing_keys FOR SELECT TO {SIGNER} USING (retired_at IS NULL)")
    # The agent reads what it signs and writes the payload once.
    op.execute(f"GRANT SELECT (id, identifier, holder_code, valid_from, valid_to, qr_payload, signed_at) ON licences TO {SIGNER}")
    op.execute(f"GRANT UPDATE (qr_payload, signed_at) ON licences TO {SIGNER}")
    # (Its reads also check the signed row an UPDATE makes, so the read policy cannot be
    # "unsigned only"; the column grants keep it to what a signature covers.)
    op.execute(f"CREATE POLICY licences_signer_read ON licences FOR SELECT TO {SIGNER} USING (true)")
    op.execute(
        f"CREATE POLICY licences_sign ON licences FOR UPDATE TO {SIGNER} USING (qr_payload IS NULL) "
        "WITH CHECK (qr_payload IS NOT NULL AND signed_at IS NOT NULL)"
    )
    # A licence inserted wakes the agent (in the inserting transaction's commit).
    op.execute(
        f"""CREATE OR REPLACE FUNCTION ca_licences_to_sign() RETURNS trigger
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
        AS $body$ BEGIN PERFORM pg_notify('{SIGNING_CHANNEL}', ''); RETURN NULL; END $body$"""
    )
    op.execute("REVOKE ALL ON FUNCTION ca_licences_to_sign() FROM PUBLIC")
    op.execute(
        "CREATE TRIGGER licences_to_sign AFTER INSERT ON licences FOR EACH STATEMENT EXECUTE FUNCTION ca_licences_to_sign()"
    )
    # And a signature cleared by the owner (data corrected): signed again at once.
    op.execute(
        "CREATE TRIGGER licences_to_sign_again AFTER UPDATE OF qr_payload ON licences FOR EACH ROW "
        "WHEN (NEW.qr_payload IS NULL) EXECUTE FUNCTION ca_licences_to_sign()"
    )
    # Importing an earlier register: an administrator, in their own name, any hall and status;
    # a clerk's licence is never marked imported.
    op.execute("GRANT INSERT (imported) ON licences TO counter_app_clerk")
    op.execute(
        f"ALTER POLICY licences_issue ON licences WITH CHECK (hall_id {MY_HALL} AND issued_by = {ME} AND status = '01' AND NOT imported)"
    )
    op.execute(f"CREATE POLICY licences_import ON licences FOR INSERT TO counter_app_admin WITH CHECK (imported AND issued_by = {ME})")
    # Prints: any staff member reads the history; a clerk records a print in their hall and name.
    op.execute("GRANT SELECT ON licence_prints TO counter_app_staff")
    op.execute("CREATE POLICY licence_prints_read ON licence_prints FOR SELECT TO counter_app_staff USING (true)")
    op.execute(
        "GRANT INSERT (licence_id, hall_id, printed_by, printed_at, reprint, reason, copies) ON licence_prints TO counter_app_clerk"
    )
    op.execute("GRANT USAGE ON SEQUENCE licence_prints_id_seq TO counter_app_clerk")
    op.execute(
        f"CREATE POLICY licence_prints_record ON licence_prints FOR INSERT TO counter_app_clerk "
        f"WITH CHECK (hall_id {MY_HALL} AND printed_by = {ME})"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS licences_to_sign ON licences")
        op.execute("DROP TRIGGER IF EXISTS licences_to_sign_again ON licences")
        op.execute("DROP FUNCTION IF EXISTS ca_licences_to_sign()")
        for policy in ("licences_signer_read", "licences_sign", "licences_import"):
            op.execute(f"DROP POLICY IF EXISTS {policy} ON licences")
        op.execute(f"REVOKE ALL ON licences FROM {SIGNER}")
        op.execute(f"REVOKE ALL ON alembic_version FROM {SIGNER}")
        op.execute("REVOKE INSERT (imported) ON licences FROM counter_app_clerk")
        op.execute(f"ALTER POLICY licences_issue ON licences WITH CHECK (hall_id {MY_HALL} AND issued_by = {ME} AND status = '01')")
        op.execute(f"DO $$ BEGIN EXECUTE format('REVOKE CONNECT ON DATABASE %I FROM {SIGNER}', current_database()); END $$")
    op.drop_index("ix_licences_unsigned", table_name="licences")
    with op.batch_alter_table("licences", schema=None) as batch_op:
        batch_op.drop_column("signed_at")
        batch_op.drop_column("qr_payload")
        batch_op.drop_column("imported")
    with op.batch_alter_table("licence_prints", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_licence_prints_licence_id"))
    op.drop_table("licence_prints")
    op.drop_table("signing_keys")
