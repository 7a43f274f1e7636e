"""Is this licence genuine, and is it in force? From its scanned QR code.

Genuine: the payload's signature, made by one of this installation's keys, matches the
holder and validity the register holds for its identifier (what is printed beside it).
In force: the licence's status today (valid, or replaced by a renewal, suspended, revoked,
cancelled, expired…). Offline, without the register, ``domain.licence_signing.verify_payload``
with the exported public keys and the holder and validity read off the paper does the first.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.db.models import Licence
from counter_app.domain.licence_signing import parse_payload, verify_payload
from counter_app.domain.licences import LicenceStatus
from counter_app.domain.queue import business_date
from counter_app.domain.roles import Permission
from counter_app.i18n import QT_TRANSLATE_NOOP
from counter_app.services.access import IN_USE_CASE, Actor, use_case
from counter_app.services.licences.registry import LicenceView, licence_query, licence_views
from counter_app.services.licences.signing import public_keys
from counter_app.services.queue.common import timezone_of


class Verdict(str, Enum):
    VALID = "valid"  # genuine and in force today
    NOT_IN_FORCE = "not_in_force"  # genuine, but replaced, suspended, revoked, cancelled or expired
    NOT_GENUINE = "not_genuine"  # forged or altered, or not in the register


_UNKNOWN = QT_TRANSLATE_NOOP("Errors", "No licence with this identifier is in the register: the code is not genuine.")
_FORGED = QT_TRANSLATE_NOOP(
    "Errors", "The signature does not match the register's holder and validity for this licence: it is forged or altered."
)
_UNKNOWN_KEY = QT_TRANSLATE_NOOP("Errors", "The code is signed with a key this installation never used (key {key_id}): it is forged.")


@dataclass(frozen=True)
class LicenceVerification:
    verdict: Verdict
    licence: LicenceView | None  # the register's licence, when the identifier is known
    replaced_by: str | None  # the number of the licence that replaced it
    problem: str | None  # why it is not genuine (a template marked for translation)
    problem_params: dict[str, object]

    @property
    def genuine(self) -> bool:
        return self.verdict is not Verdict.NOT_GENUINE


@use_case(Permission.VIEW_LICENCES, QT_TRANSLATE_NOOP("Terms", "verify a licence"))
def verify_licence(actor: Actor, payload: str, *, session: Session = IN_USE_CASE) -> LicenceVerification:
    """The verdict on a scanned QR code; a text that is no licence code at all raises
    ``PayloadError`` saying what is wrong with it."""
    signed = parse_payload(payload)
    today = business_date(actor.database.now(), timezone_of(session))
    keys = public_keys(session)
    views = licence_views(session, licence_query().where(Licence.identifier == signed.identifier), today)
    if not views:
        return LicenceVerification(Verdict.NOT_GENUINE, None, None, _UNKNOWN, {})
    view = views[0]
    if signed.key_id not in keys:
        return LicenceVerification(Verdict.NOT_GENUINE, view, None, _UNKNOWN_KEY, {"key_id": signed.key_id})
    holder_code = session.scalar(select(Licence.holder_code).where(Licence.id == view.id)) or ""
    if not verify_payload(payload, keys, holder_code, view.valid_from, view.valid_to):
        return LicenceVerification(Verdict.NOT_GENUINE, view, None, _FORGED, {})
    replaced_by = view.replaced_by_number
    verdict = Verdict.VALID if view.status is LicenceStatus.VALID else Verdict.NOT_IN_FORCE
    return LicenceVerification(verdict, view, replaced_by, None, {})



@use_case(Permission.VIEW_LICENCES, QT_TRANSLATE_NOOP("Terms", "export the licence signing keys"))
def signing_public_keys(actor: Actor, *, session: Session = IN_USE_CASE) -> dict[str, bytes]:
    """The installation's public keys (key id -> PEM), retired ones included: all anyone
    needs to verify a licence offline (``domain.licence_signing.public_key_bundle``)."""
    return public_keys(session)
