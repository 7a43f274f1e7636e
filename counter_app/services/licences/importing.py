"""Importing licences from an earlier register (CSV), all or nothing.

The columns and the check of a row are ``domain.licence_import``'s. Like the catalogue
import (``services.catalogue``), the file is read as a stream, twice: first every row is
checked, against the other rows and (in batches, in short reads) against the register,
and every problem is collected with the physical line where its row starts; only a file
without any problem is then read again and written in ONE transaction, in batches of
Core ``INSERT`` statements. Memory stays bounded whatever the file's size: one batch of
rows at a time, plus the identifiers, numbers and serials seen (to name the first line of
a duplicate).

In the writing transaction each licence type's serial counter (``licence_sequences``) is
raised first to at least the highest serial imported, so that a licence issued at a counter
meanwhile waits for the import and then takes the next serial (never one imported); the
licences are inserted ``imported``, in the administrator's name (on PostgreSQL the database
allows an administrator nothing else, migration 0008). A status other than 01 is recorded
with its reason as a status change by the administrator. On the embedded database the
licences are signed in the same transaction; on PostgreSQL the signing agent signs them
after the commit.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import and_, bindparam, case, func, insert, select, tuple_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from counter_app.db.models import Hall, Licence, LicenceSequence, LicenceType, table_of
from counter_app.domain.licence_import import Header, KnownType, LicenceRow, check_row, read_header
from counter_app.domain.licences import LicenceStatus
from counter_app.domain.queue import business_date
from counter_app.domain.roles import Permission
from counter_app.errors import ConflictError, ValidationError
from counter_app.i18n import QT_TRANSLATE_NOOP
from counter_app.services.access import Actor, Transaction, audit, use_case
from counter_app.services.csv_reading import CsvImportError, Problems, RowProblem, StreamedCsvReader, open_file
from counter_app.services.csv_reading import problem as _problem
from counter_app.services.licences.signing import sign_all_if_embedded
from counter_app.services.queue.common import timezone_of

BATCH_ROWS = 500  # rows checked against the register, and written, per group of statements


class LicenceImportError(CsvImportError):
    """A licence file with problems: nothing of it was imported.

    ``problems``: the first ``MAX_PROBLEMS_REPORTED`` problems, by line; ``total``: how
    many problems were found in all (at most one per row, but a duplicate of the register)."""

    MANY = QT_TRANSLATE_NOOP(
        "Errors", "The licence file has {count} problems (the first {shown} are listed); nothing was imported."
    )
    ALL = QT_TRANSLATE_NOOP("Errors", "The licence file has {count} problem(s); nothing was imported.")


@dataclass(frozen=True)
class LicenceImportReport:
    """What an import wrote: ``per_type`` licence type name -> licences imported;
    ``last_serials`` licence type name -> its serial counter after the import (the next
    licence issued here gets the one after)."""

    total: int
    per_type: Mapping[str, int] = field(default_factory=dict)
    last_serials: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ImportContext:
    """What rows are checked against: the licence types by name, type ids, halls, today."""

    types: Mapping[str, KnownType]
    type_ids: Mapping[str, int]
    halls: Mapping[str, int]
    today: date


def _context(session: Session, today: date) -> ImportContext:
    rows = session.execute(
        select(LicenceType.id, LicenceType.name, LicenceType.type_code, LicenceType.authority, LicenceType.number_prefix)
    ).tuples()
    types: dict[str, KnownType] = {}
    type_ids: dict[str, int] = {}
    for type_id, name, type_code, authority, prefix in rows:
        types[name] = KnownType(name, type_code, authority, prefix)
        type_ids[name] = type_id
    halls: dict[str, int] = {}
    for hall_id, code, name in session.execute(select(Hall.id, Hall.code, Hall.name)).tuples():
        halls[name] = hall_id
        halls[code.upper()] = hall_id  # a code wins over another hall's name
    return ImportContext(types, type_ids, halls, today)


# ---------------------------------------------------------------- reading a file


class LicenceFileReader(StreamedCsvReader[LicenceRow]):
    """Reads a licence CSV from a binary stream, one row at a time.

    ``rows()`` yields every row that passes its own checks and is no duplicate of an
    earlier row of the file, and reads on to the end; problems are collected in
    ``problems`` (the caller adds those it finds against the register). Line numbers are
    physical lines of the file (a row with a quoted multi-line field is reported at the
    line where it starts)."""

    ROW_TOO_LONG = QT_TRANSLATE_NOOP(
        "Errors",
        "The row is longer than {limit} bytes: is a quote (\") left open, or is this not a licence "
        "register? The rest of the file was not checked.",
    )
    NOT_CSV = QT_TRANSLATE_NOOP(
        "Errors",
        "The file is not CSV text in UTF-8 (is it a spreadsheet, or UTF-16 text?): save the licence register as CSV UTF-8.",
    )
    EMPTY = QT_TRANSLATE_NOOP("Errors", "The file is empty: it needs a header row with the column names, then the licences.")
    NO_ROWS = QT_TRANSLATE_NOOP("Errors", "The file has no licences.")

    def __init__(self, stream: BinaryIO, context: ImportContext) -> None:
        super().__init__(stream, Problems(LicenceImportError))
        self._context = context
        self.header: Header | None = None
        self._positions: list[tuple[str, int]] = []
        self._first_identifier: dict[str, int] = {}
        self._first_serial: dict[tuple[str, int], int] = {}
        self._first_number: dict[tuple[str, str], int] = {}

    def _header(self, fields: list[str]) -> int:
        header = read_header(fields)
        self.header = header
        self._positions = list(header.positions.items())
        return header.width

    def _row(self, line: int, fields: list[str]) -> LicenceRow:
        context = self._context
        row = check_row(
            line, {column: fields[position] for column, position in self._positions}, context.types, context.halls, context.today
        )
        duplicate = _duplicate_in_file(row, self._first_identifier, self._first_serial, self._first_number)
        if duplicate is not None:
            raise duplicate
        return row


def _duplicate_in_file(
    row: LicenceRow,
    first_identifier: dict[str, int],
    first_serial: dict[tuple[str, int], int],
    first_number: dict[tuple[str, str], int],
) -> ValidationError | None:
    """A problem if an earlier row of the file has the row's identifier, serial or number
    (naming that row's line); otherwise the row is remembered."""
    line = first_identifier.get(row.identifier.value)
    if line is not None:
        return _problem(
            QT_TRANSLATE_NOOP("Errors", "The identifier {identifier} is already on line {first}."),
            identifier=row.identifier.value,
            first=line,
        )
    line = first_serial.get((row.licence_type, row.serial))
    if line is not None:
        return _problem(
            QT_TRANSLATE_NOOP("Errors", "The serial {serial} of {licence_type} is already on line {first}."),
            serial=row.serial,
            licence_type=row.licence_type,
            first=line,
        )
    line = first_number.get((row.licence_type, row.number))
    if line is not None:
        return _problem(
            QT_TRANSLATE_NOOP("Errors", "The number {number} of {licence_type} is already on line {first}."),
            number=row.number,
            licence_type=row.licence_type,
            first=line,
        )
    first_identifier[row.identifier.value] = row.line
    first_serial[(row.licence_type, row.serial)] = row.line
    first_number[(row.licence_type, row.number)] = row.line
    return None


def _batches(rows: Iterable[LicenceRow]) -> Iterator[list[LicenceRow]]:
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, BATCH_ROWS)):
        yield batch


# ---------------------------------------------------------------- against the register


def _existing(session: Session, columns: Sequence[str], keys: list[tuple[Any, ...]], extra: str | None = None) -> list[tuple[Any, ...]]:
    """The register's rows whose ``columns`` equal one of ``keys``: (the key, then ``extra``).
    PostgreSQL: the keys as arrays, unnested and joined (a 500-term OR takes longer to
    plan than to run); SQLite: a row-value IN."""
    licences = table_of(Licence)
    selected = [licences.c[name] for name in columns] + ([licences.c[extra]] if extra else [])
    if session.get_bind().dialect.name == "postgresql":
        arrays = [bindparam(f"p_{name}", type_=ARRAY(licences.c[name].type)) for name in columns]
        source = func.unnest(*arrays).table_valued(*columns).render_derived(name="v")
        statement = select(*selected).join(source, and_(*(licences.c[name] == source.c[name] for name in columns)))
        parameters = {f"p_{name}": [key[index] for key in keys] for index, name in enumerate(columns)}
        return [tuple(found) for found in session.execute(statement, parameters)]
    return [tuple(found) for found in session.execute(select(*selected).where(tuple_(*selected[: len(columns)]).in_(keys)))]


def _duplicates_in_register(session: Session, batch: list[LicenceRow], type_ids: Mapping[str, int]) -> list[RowProblem]:
    """The batch's rows whose identifier, serial or number (of their type) the register
    has already: three statements for the whole batch."""
    problems: list[RowProblem] = []
    taken_identifiers = {found[0] for found in _existing(session, ("identifier",), [(row.identifier.value,) for row in batch])}
    pairs = [(type_ids[row.licence_type], row.serial) for row in batch]
    taken_serials = {(type_id, serial): number for type_id, serial, number in _existing(session, ("licence_type_id", "serial"), pairs, "number")}
    numbers = [(type_ids[row.licence_type], row.number) for row in batch]
    taken_numbers = set(_existing(session, ("licence_type_id", "number"), numbers))
    for row, pair, number in zip(batch, pairs, numbers, strict=True):
        if row.identifier.value in taken_identifiers:
            error = _problem(
                QT_TRANSLATE_NOOP("Errors", "The register already has a licence with the identifier {identifier}."),
                identifier=row.identifier.value,
            )
        elif pair in taken_serials:
            error = _problem(
                QT_TRANSLATE_NOOP("Errors", "The register already has a licence of {licence_type} with the serial {serial} ({number})."),
                licence_type=row.licence_type,
                serial=row.serial,
                number=taken_serials[pair],
            )
        elif number in taken_numbers:
            error = _problem(
                QT_TRANSLATE_NOOP("Errors", "The register already has a licence of {licence_type} numbered {number}."),
                licence_type=row.licence_type,
                number=row.number,
            )
        else:
            continue
        problems.append(RowProblem(row.line, error))
    return problems


# ---------------------------------------------------------------- importing


@use_case(Permission.IMPORT_LICENCES, QT_TRANSLATE_NOOP("Terms", "import licences"), transaction=Transaction.OWN)
def import_licences(actor: Actor, data: bytes, source_name: str = "") -> LicenceImportReport:
    """Add every licence of a CSV file of an earlier register, in one transaction: all of
    them, or none and ``LicenceImportError`` listing the problems by line."""
    return _import(actor, lambda: io.BytesIO(data), source_name)


@use_case(Permission.IMPORT_LICENCES, QT_TRANSLATE_NOOP("Terms", "import licences"), transaction=Transaction.OWN)
def import_licences_file(actor: Actor, path: Path) -> LicenceImportReport:
    """``import_licences`` reading the file as a stream (any size, bounded memory)."""
    return _import(actor, lambda: open_file(path), path.name)


def _import(actor: Actor, open_stream: Callable[[], BinaryIO], source_name: str) -> LicenceImportReport:
    database = actor.database
    with open_stream() as stream:
        # Check: no lock is held meanwhile; the register is read in a short read per batch.
        with database.reading() as session:
            today = business_date(database.now(), timezone_of(session))
            context = _context(session, today)
        highest = _check(actor, stream, context)
        stream.seek(0)
        with database.transaction() as session:
            context = _context(session, today)  # as the writing transaction sees them
            reader = LicenceFileReader(stream, context)  # checks again: the file may have changed meanwhile
            report = _write(session, actor, reader, context, highest, source_name)
            reader.problems.raise_if_any()  # rolls the transaction back
    return report


def _check(actor: Actor, stream: BinaryIO, context: ImportContext) -> dict[str, int]:
    """Every row checked (``LicenceImportError`` listing the problems); the highest serial of each type."""
    reader = LicenceFileReader(stream, context)
    highest: dict[str, int] = {}
    for batch in _batches(reader.rows()):
        for row in batch:
            highest[row.licence_type] = max(highest.get(row.licence_type, 0), row.serial)
        with actor.database.reading() as session:
            for problem in _duplicates_in_register(session, batch, context.type_ids):
                reader.problems.add(problem.line, problem.message)
    reader.problems.raise_if_any()
    return highest


def _write(
    session: Session, actor: Actor, reader: LicenceFileReader, context: ImportContext, highest: Mapping[str, int], source_name: str
) -> LicenceImportReport:
    now = actor.database.now()
    # First the serial counters: a licence issued meanwhile waits, then takes one above.
    # (A type gone meanwhile is left out: its rows are refused below, and all rolled back.)
    last_serials = _raise_serials(session, {context.type_ids[name]: serial for name, serial in highest.items() if name in context.type_ids})
    per_type: dict[str, int] = {}
    written: dict[str, int] = {}
    total = 0
    for batch in _batches(reader.rows()):
        if reader.problems.count:
            continue  # read on to report every problem; write nothing more
        try:
            _insert(session, actor, batch, context, now)
        except IntegrityError as exc:
            raise ConflictError(
                QT_TRANSLATE_NOOP(
                    "Errors", "The licence register was changed by someone else during the import; nothing was imported. Try again."
                )
            ) from exc
        for row in batch:
            per_type[row.licence_type] = per_type.get(row.licence_type, 0) + 1
            written[row.licence_type] = max(written.get(row.licence_type, 0), row.serial)
        total += len(batch)
    if reader.problems.count:
        return LicenceImportReport(0)  # the caller raises them, which rolls everything back
    if any(serial > highest.get(name, 0) for name, serial in written.items()):  # the file changed meanwhile
        last_serials.update(_raise_serials(session, {context.type_ids[name]: serial for name, serial in written.items()}))
    sign_all_if_embedded(session, now)  # the embedded database signs in this transaction
    audit(
        session,
        actor,
        "import licences",
        target=source_name,
        detail={"count": total, "per_type": per_type},
    )
    names = {type_id: name for name, type_id in context.type_ids.items()}
    return LicenceImportReport(
        total=total,
        per_type=per_type,
        last_serials={names[type_id]: serial for type_id, serial in last_serials.items() if names[type_id] in per_type},
    )


def _raise_serials(session: Session, highest: Mapping[int, int]) -> dict[int, int]:
    """Each type's serial counter raised to at least ``highest[type]``: one upsert per type
    (on PostgreSQL it also locks the counter until the commit); type id -> its last serial."""
    insert_into = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    result: dict[int, int] = {}
    for type_id, serial in sorted(highest.items()):
        statement = insert_into(LicenceSequence).values(licence_type_id=type_id, last_serial=serial)
        upsert = statement.on_conflict_do_update(
            index_elements=[LicenceSequence.licence_type_id],
            set_={
                "last_serial": case(
                    (LicenceSequence.last_serial < statement.excluded.last_serial, statement.excluded.last_serial),
                    else_=LicenceSequence.last_serial,
                )
            },
        ).returning(LicenceSequence.last_serial)
        result[type_id] = int(session.execute(upsert).scalar_one())
    return result


# The columns of a licence that vary by row; the others are the same for the whole import.
ROW_COLUMNS = (
    "licence_type_id", "serial", "number", "identifier", "version", "holder_kind", "holder_code", "holder_name",
    "legal_representative", "address", "scope", "issued_on", "valid_from", "valid_to", "authority", "hall_id", "status",
)


def _row_values(row: LicenceRow, context: ImportContext) -> dict[str, Any]:
    return {
        "licence_type_id": context.type_ids[row.licence_type],
        "serial": row.serial,
        "number": row.number,
        "identifier": row.identifier.value,
        "version": row.identifier.version,
        "holder_kind": row.holder_kind.value,
        "holder_code": row.holder_code,
        "holder_name": row.holder_name,
        "legal_representative": row.legal_representative,
        "address": row.address,
        "scope": row.scope,
        "issued_on": row.issued_on,
        "valid_from": row.valid_from,
        "valid_to": row.valid_to,
        "authority": row.authority,
        "hall_id": row.hall_id,
        "status": row.status.value,
    }


def _insert(session: Session, actor: Actor, batch: list[LicenceRow], context: ImportContext, now: datetime) -> None:
    """The batch's licences in one statement (PostgreSQL: array parameters unnested, as the
    catalogue import does; SQLite: executemany, which costs it no round trips), then the
    status reasons of those not valid, recorded as a status change by the administrator (on
    PostgreSQL an administrator inserts the facts of a licence, and records a status in
    their own name)."""
    licences = table_of(Licence)
    values = [_row_values(row, context) for row in batch]
    common = {"issued_by": actor.staff_id, "created_at": now, "imported": True}
    if session.get_bind().dialect.name == "postgresql":
        arrays = [bindparam(f"p_{name}", type_=ARRAY(licences.c[name].type)) for name in ROW_COLUMNS]
        source = func.unnest(*arrays).table_valued(*ROW_COLUMNS).render_derived(name="v")
        fixed = [bindparam(f"p_{name}", value, type_=licences.c[name].type) for name, value in common.items()]
        session.execute(
            insert(licences).from_select([*ROW_COLUMNS, *common], select(*(source.c[name] for name in ROW_COLUMNS), *fixed)),
            {f"p_{name}": [value[name] for value in values] for name in ROW_COLUMNS},
        )
    else:
        session.execute(insert(licences), [value | common for value in values])
    changed = [row for row in batch if row.status is not LicenceStatus.VALID or row.status_reason]
    if changed:
        session.execute(
            update(licences)
            .where(licences.c.identifier == bindparam("p_identifier"))
            .values(status_reason=bindparam("p_reason"), status_changed_at=now, status_changed_by=actor.staff_id),
            [{"p_identifier": row.identifier.value, "p_reason": row.status_reason} for row in changed],
        )
