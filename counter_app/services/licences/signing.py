"""Who signs a licence's QR code, and how the signature is waited for.

The installation's private key must never be readable from a counter PC: anyone with a
clerk's credentials and a SQL prompt could copy it and sign forged licences (the attacker
of the trust issue). So:

- **PostgreSQL**: a clerk inserts the licence unsigned. The signing agent
  (``counter-app licences signer``), run beside the server under the ``counter_app_signer``
  login, is woken by the insert's ``NOTIFY`` and writes the payload within milliseconds; only
  that role reads the private key, and it may write a payload once and nothing else
  (migration 0008). The client waits for the payload before printing (``wait_for_payload``).
- **SQLite** (one machine, one OS account, a 0600 file): the client signs in the issuing
  transaction itself (``sign_if_embedded``).

The private key never leaves this module's functions; the public keys are for everyone.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime

import psycopg
from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from counter_app.db.conninfo import conninfo_from_url
from counter_app.db.engine import Database
from counter_app.db.models import Licence, SigningKey
from counter_app.domain.licence_signing import LicenceSigner
from counter_app.errors import ConflictError, DatabaseError
from counter_app.i18n import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)
SIGNING_CHANNEL = "ca_licences_to_sign"  # NOTIFYed by the licences insert trigger (migration 0008)
BATCH = 200
SAFETY_POLL_SECONDS = 30.0  # the agent also looks without a notification (one lost in a reconnect)
WAIT_SECONDS = 5.0  # how long a printout waits for the agent
_NOT_SIGNED = QT_TRANSLATE_NOOP(
    "Errors",
    "Licence {number} is issued but not signed yet: the signing service does not answer. "
    "Print it once the service runs again (tell the administrator: counter-app licences signer).",
)


class NotSignedYet(ConflictError):
    """The licence has no signed payload yet (the signing agent is not running)."""


def public_keys(session: Session) -> dict[str, bytes]:
    """Every key this installation has signed with, retired ones included (key id -> PEM)."""
    rows = session.execute(select(SigningKey.key_id, SigningKey.public_key).order_by(SigningKey.id)).tuples()
    return {key_id: pem.encode("ascii") for key_id, pem in rows}


def _signer(session: Session) -> LicenceSigner:
    row = session.execute(
        select(SigningKey.private_key, SigningKey.key_id).where(SigningKey.retired_at.is_(None)).order_by(SigningKey.id.desc()).limit(1)
    ).tuples().one_or_none()
    if row is None:
        raise RuntimeError("the database has no signing key (counter-app db upgrade creates it)")
    return LicenceSigner(row[0].encode("ascii"), row[1])


_SIGN = (
    update(Licence.__table__)  # type: ignore[arg-type]
    .where(Licence.__table__.c.id == bindparam("licence_id"), Licence.__table__.c.qr_payload.is_(None))
    .values(qr_payload=bindparam("payload"), signed_at=bindparam("now"))
)


def sign_unsigned(session: Session, now: datetime, *, limit: int = BATCH) -> int:
    """Sign up to ``limit`` licences that have no payload yet, in the caller's transaction
    (one statement for the batch); returns how many. On PostgreSQL rows another agent is
    signing are skipped, not waited for."""
    query = (
        select(Licence.id, Licence.identifier, Licence.holder_code, Licence.valid_from, Licence.valid_to)
        .where(Licence.qr_payload.is_(None))
        .order_by(Licence.id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    rows = session.execute(query).tuples().all()
    if not rows:
        return 0
    signer = _signer(session)
    signed = [
        {"licence_id": licence_id, "payload": signer.sign(identifier, holder_code, valid_from, valid_to), "now": now}
        for licence_id, identifier, holder_code, valid_from, valid_to in rows
    ]
    session.connection().execute(_SIGN, signed)
    return len(rows)


def sign_all_if_embedded(session: Session, now: datetime) -> None:
    """On the embedded database the client holds the key: sign everything just written
    (an import: thousands), in the caller's transaction. On PostgreSQL the agent does it."""
    if session.get_bind().dialect.name == "sqlite":
        while sign_unsigned(session, now, limit=BATCH * 10):
            pass


def sign_if_embedded(session: Session, now: datetime) -> None:
    """On the embedded database the client holds the key: sign what was just issued, in the
    issuing transaction. On PostgreSQL the agent does it after the commit."""
    if session.get_bind().dialect.name == "sqlite":
        sign_unsigned(session, now)


def payload_of(session: Session, licence_id: int, number: str, *, seconds: float = WAIT_SECONDS) -> str:
    """The licence's signed payload, waiting up to ``seconds`` for the agent to write it. Each
    look is its own statement: on PostgreSQL a reading session sees every commit (READ
    COMMITTED), so the agent's signature shows at the next look."""
    deadline = time.monotonic() + seconds
    pause = 0.005
    while True:
        payload = session.scalar(select(Licence.qr_payload).where(Licence.id == licence_id))
        if payload is not None:
            return payload
        if time.monotonic() >= deadline:
            raise NotSignedYet(_NOT_SIGNED, number=number)
        time.sleep(pause)
        pause = min(pause * 2, 0.1)


def run_signer(
    database: Database,
    stop: threading.Event,
    *,
    on_signed: Callable[[int], None] | None = None,
    ready: threading.Event | None = None,
    retry_seconds: float = 2.0,
) -> None:
    """The signing agent's loop until ``stop`` is set: LISTEN, sign everything unsigned, then
    again on each notification (and every ``SAFETY_POLL_SECONDS``). A lost connection is
    logged and retried; ``on_signed`` gets each batch's count (for the command's output)."""
    while not stop.is_set():
        try:
            _listen_and_sign(database, stop, on_signed, ready)
        except (psycopg.Error, DatabaseError, OSError):
            log.warning("signer: the database cannot be reached; retrying", exc_info=True)
        except Exception:  # a bug: logged with its traceback; the agent keeps serving
            log.exception("signer: signing failed; retrying")
        stop.wait(retry_seconds)


def _listen_and_sign(
    database: Database, stop: threading.Event, on_signed: Callable[[int], None] | None, ready: threading.Event | None
) -> None:
    conninfo = conninfo_from_url(database.connection_url(), connect_timeout=5, application_name="counter_app signer")
    with psycopg.connect(conninfo, autocommit=True) as listener:
        listener.execute(f'LISTEN "{SIGNING_CHANNEL}"')
        _sign_all(database, on_signed)  # what was issued while no agent listened
        if ready is not None:
            ready.set()
        last = time.monotonic()
        while not stop.is_set():
            notified = list(listener.notifies(timeout=0.5, stop_after=1))
            if notified or time.monotonic() - last > SAFETY_POLL_SECONDS:
                _sign_all(database, on_signed)
                last = time.monotonic()


def _sign_all(database: Database, on_signed: Callable[[int], None] | None) -> None:
    while True:
        with database.transaction() as session:
            count = sign_unsigned(session, database.now())
        if count and on_signed is not None:
            on_signed(count)
        if count < BATCH:
            return
