"""Printing licences from the registry: the PDF with the installation's signed QR code, and
every print and reprint recorded (who, which hall, when, and a reprint's reason: 补打)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session, aliased

from counter_app.db.models import Hall, Licence, LicencePrint, LicenceType, Staff
from counter_app.domain.applicants import ApplicantKind
from counter_app.domain.licences import LicenceStatus, effective_status, print_refusal
from counter_app.domain.queue import business_date, local_time
from counter_app.domain.roles import Permission
from counter_app.domain.text import clean_text
from counter_app.errors import NotFound, ValidationError
from counter_app.i18n import QT_TRANSLATE_NOOP, Term
from counter_app.printing.licence import LicenceDocument, LicenceTemplate, render_licence, render_licences
from counter_app.services.access import IN_USE_CASE, Actor, Transaction, audit, use_case
from counter_app.services.licences.signing import WAIT_SECONDS, payload_of
from counter_app.services.queue.common import timezone_of

MAX_BATCH = 500
REPRINT_REASON = Term(QT_TRANSLATE_NOOP("Terms", "The reason for the reprint"))
_NO_LICENCE = QT_TRANSLATE_NOOP("Errors", "There is no licence with id {id}.")
_REPRINT_NEEDS_REASON = QT_TRANSLATE_NOOP(
    "Errors", "Licence {number} has been printed {times} time(s) already: give the reason for the reprint (补打), e.g. lost or damaged."
)
_BATCH_SIZE = QT_TRANSLATE_NOOP("Errors", "Choose between 1 and {limit} licences to print at once.")
_BAD_COPIES = QT_TRANSLATE_NOOP("Errors", "Print between 1 and 5 copies.")


class ReprintReasonNeeded(ValidationError):
    """The licence was printed before and no reason for the reprint (补打) was given."""


@dataclass(frozen=True)
class LicencePrintout:
    """A licence ready to print: its PDF (marked 补打 when it is a reprint) and how often it
    was printed before."""

    licence_id: int
    number: str
    pdf: bytes
    printed_before: int
    reprint_reason: str | None


@dataclass(frozen=True)
class LicencePrintRecord:
    printed_at: datetime  # local time of the hall
    hall_name: str
    printed_by: str
    reprint: bool
    reason: str | None


def _today(actor: Actor, session: Session) -> date:
    return business_date(actor.database.now(), timezone_of(session))


def _times_printed(session: Session, licence_ids: Sequence[int]) -> dict[int, int]:
    rows = session.execute(
        select(LicencePrint.licence_id, func.count()).where(LicencePrint.licence_id.in_(licence_ids)).group_by(LicencePrint.licence_id)
    ).tuples()
    return dict(rows.all())


def _reason(text: str | None) -> str | None:
    return clean_text(text or "", max_length=200, field=REPRINT_REASON) or None


def _documents(
    actor: Actor, session: Session, licence_ids: Sequence[int], reprint_reason: str | None, *, wait_seconds: float
) -> list[tuple[Licence, LicenceDocument, int]]:
    """The licences as printed today in the actor's hall, in the order asked; every refusal
    (no such licence, not printable, reprint without a reason, not signed) before any PDF."""
    replaced_by = aliased(Licence)
    earlier = aliased(Licence)
    rows = session.execute(
        select(Licence, LicenceType, earlier.number, replaced_by.id)
        .join(LicenceType, LicenceType.id == Licence.licence_type_id)
        .outerjoin(earlier, earlier.id == Licence.replaces_id)
        .outerjoin(replaced_by, replaced_by.replaces_id == Licence.id)
        .where(Licence.id.in_(licence_ids))
    ).tuples().all()
    found = {licence.id: (licence, licence_type, replaces, replacement) for licence, licence_type, replaces, replacement in rows}
    hall_name = session.scalar(select(Hall.name).where(Hall.id == actor.hall_id)) or ""
    today = _today(actor, session)
    printed = _times_printed(session, licence_ids)
    reason = _reason(reprint_reason)
    result = []
    for licence_id in licence_ids:
        if licence_id not in found:
            raise NotFound(_NO_LICENCE, id=licence_id)
        licence, licence_type, replaces, replacement = found[licence_id]
        status = effective_status(LicenceStatus(licence.status), licence.valid_to or date.max, today, replacement is not None)
        refusal = print_refusal(status, licence.number)
        if refusal is not None:
            raise ValidationError(refusal[0], **refusal[1])
        times = printed.get(licence.id, 0)
        if times and reason is None:
            raise ReprintReasonNeeded(_REPRINT_NEEDS_REASON, number=licence.number, times=times)
        payload = licence.qr_payload or payload_of(session, licence.id, licence.number, seconds=wait_seconds)
        document = LicenceDocument(
            licence_type=licence_type.name, licence_number=licence.number, identifier=licence.identifier,
            holder_kind=ApplicantKind(licence.holder_kind), holder_name=licence.holder_name, holder_code=licence.holder_code,
            scope=licence.scope, valid_from=licence.valid_from, valid_to=licence.valid_to, issued_on=licence.issued_on,
            authority=licence.authority, hall_name=hall_name, qr_payload=payload, template=LicenceTemplate(licence_type.template),
            legal_representative=licence.legal_representative or None, address=licence.address or None, replaces=replaces,
            reprint_reason=reason if times else None, reprinted_on=today if times else None,
        )
        result.append((licence, document, times))
    return result


@use_case(Permission.PRINT_LICENCES, QT_TRANSLATE_NOOP("Terms", "prepare a licence for printing"))
def licence_printout(
    actor: Actor, licence_id: int, reprint_reason: str | None = None, *, wait_seconds: float = WAIT_SECONDS,
    session: Session = IN_USE_CASE,
) -> LicencePrintout:
    """The licence's PDF with its signed QR code, to preview and print. A licence printed
    before is a reprint: it needs the reason, printed on it with the date (补打). Only a
    valid licence prints. Nothing is recorded until ``record_licence_print``. On PostgreSQL a
    licence just issued waits up to ``wait_seconds`` for the signing agent (``NotSignedYet``)."""
    (licence, document, times), = _documents(actor, session, [licence_id], reprint_reason, wait_seconds=wait_seconds)
    return LicencePrintout(licence.id, licence.number, render_licence(document), times, document.reprint_reason)


@use_case(Permission.PRINT_LICENCES, QT_TRANSLATE_NOOP("Terms", "prepare licences for printing"))
def licence_batch_printout(
    actor: Actor,
    licence_ids: Sequence[int],
    reprint_reason: str | None = None,
    progress: Callable[[int, int], bool] | None = None,
    *,
    wait_seconds: float = WAIT_SECONDS,
    session: Session = IN_USE_CASE,
) -> bytes | None:
    """Many licences as ONE PDF (a page each, each on its type's paper), for one print job;
    ``progress(done, total)`` after each, False cancels (None). Every refusal comes before
    the first page; a reprint reason serves every licence printed before."""
    ids = list(dict.fromkeys(licence_ids))
    if not 1 <= len(ids) <= MAX_BATCH:
        raise ValidationError(_BATCH_SIZE, limit=MAX_BATCH)
    documents = _documents(actor, session, ids, reprint_reason, wait_seconds=wait_seconds)
    return render_licences([document for _licence, document, _times in documents], progress)


@use_case(Permission.PRINT_LICENCES, QT_TRANSLATE_NOOP("Terms", "record a licence print"), transaction=Transaction.WRITE)
def record_licence_print(
    actor: Actor, licence_ids: Sequence[int], reprint_reason: str | None = None, copies: int = 1, *, session: Session = IN_USE_CASE
) -> int:
    """Record that these licences were printed (after the print job was sent), in the
    actor's hall and name: a first print, or a reprint with its reason (refused without
    one). Returns how many of them were reprints."""
    ids = list(dict.fromkeys(licence_ids))
    if not 1 <= len(ids) <= MAX_BATCH:
        raise ValidationError(_BATCH_SIZE, limit=MAX_BATCH)
    if not 1 <= copies <= 5:
        raise ValidationError(_BAD_COPIES)
    reason = _reason(reprint_reason)
    numbers = dict(session.execute(select(Licence.id, Licence.number).where(Licence.id.in_(ids))).tuples().all())
    printed = _times_printed(session, ids)
    now = actor.database.now()
    rows = []
    for licence_id in ids:
        if licence_id not in numbers:
            raise NotFound(_NO_LICENCE, id=licence_id)
        times = printed.get(licence_id, 0)
        if times and reason is None:
            raise ReprintReasonNeeded(_REPRINT_NEEDS_REASON, number=numbers[licence_id], times=times)
        rows.append({
            "licence_id": licence_id, "hall_id": actor.hall_id, "printed_by": actor.staff_id, "printed_at": now,
            "reprint": bool(times), "reason": reason if times else None, "copies": copies,
        })
    session.execute(insert(LicencePrint), rows)
    reprints = sum(1 for row in rows if row["reprint"])
    audit(
        session, actor, "print licences", target=", ".join(numbers[licence_id] for licence_id in ids[:20]), hall_id=actor.hall_id,
        detail={"licences": len(ids), "reprints": reprints, "reason": reason, "copies": copies},
    )
    return reprints


@use_case(Permission.VIEW_LICENCES, QT_TRANSLATE_NOOP("Terms", "see a licence's prints"))
def licence_prints(actor: Actor, licence_id: int, *, session: Session = IN_USE_CASE) -> list[LicencePrintRecord]:
    """Every print of a licence, oldest first (when, where, by whom, a reprint's reason)."""
    zone = timezone_of(session)
    rows = session.execute(
        select(LicencePrint, Hall.name, Staff.full_name)
        .join(Hall, Hall.id == LicencePrint.hall_id)
        .join(Staff, Staff.id == LicencePrint.printed_by)
        .where(LicencePrint.licence_id == licence_id)
        .order_by(LicencePrint.printed_at, LicencePrint.id)
    ).tuples()
    return [
        LicencePrintRecord(local_time(record.printed_at, zone), hall, who, record.reprint, record.reason)
        for record, hall, who in rows
    ]



