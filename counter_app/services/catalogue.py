"""The service catalogue (政务服务事项目录): import from CSV, all or nothing, and listing.

An import reads the file as a stream, twice: first every row is checked (no database lock
is held meanwhile) and every problem is collected with the physical line where its row
starts; only a file without any problem is then read again and written, in batches of
Core ``INSERT``/``UPDATE`` statements inside ONE transaction (a problem found then, e.g. a
department deleted meanwhile, rolls everything back). Memory stays bounded whatever the
file's size: one row is held at a time while checking, one batch while writing, plus the
codes seen (to refuse a code used twice) and the existing items' codes and ids.

Time limits (办理时限). A file of the current format has, for the statutory (法定) and the
promised (承诺) limit each, an amount and a unit: ``statutory_limit``,
``statutory_limit_unit``, ``promised_limit``, ``promised_limit_unit``; the unit is one of
``working_days`` (工作日), ``calendar_days`` (自然日, 日, 天), ``months`` (个月, 月),
``on_the_spot`` (当场, 即时, 当场办结) or ``none`` (无, 无时限, 无法定时限: no limit at all).
``on_the_spot`` and ``none`` take an empty amount or 0; the others a whole number from 1
(working and calendar days up to 3650, months up to 120). The promised limit may not be
longer than the statutory one: it is compared when both are in the same unit; a statutory
limit ``on_the_spot`` allows only a promise ``on_the_spot``, and a statutory limit allows no
promise ``none``. A 即办件 (case_type) must promise ``on_the_spot``. Three more columns:
``extension_days`` (the 行政许可法 §42 extension, in working days: empty or 0 = none
allowed, at most 3650), ``deferral_days`` (calendar days within which a 容缺 material must
follow: empty = 60, else 1 to 3650) and ``fees`` (收费: empty, 不收费, 免费, 无 or 0 = free of
charge, stored as ""; otherwise the text as written, e.g. 工本费10元, up to 200 characters).

Files of the earlier format (columns ``statutory_limit_days`` and ``promised_limit_days``,
and none of the seven columns above) still import, read as follows: a number N > 0 is N
working days, 0 is on the spot; ``extension_days`` 0 (no extension allowed),
``deferral_days`` 60, ``fees`` "" (free). A header with both the old and any of the new
limit columns is refused.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable, Container, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import Table, bindparam, delete, func, insert, select, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql.selectable import TableValuedAlias

from counter_app.db.models import Department, ServiceItem, ServiceItemMaterial, table_of
from counter_app.domain.cases import DEFAULT_DEFERRAL_DAYS, LimitUnit, TimeLimit, promise_problem
from counter_app.domain.catalogue import CaseType, ItemKind
from counter_app.domain.roles import Permission
from counter_app.domain.text import clean_text
from counter_app.errors import ConflictError, ValidationError
from counter_app.i18n import QT_TRANSLATE_NOOP, Term
from counter_app.services.access import IN_USE_CASE, Actor, Transaction, audit, use_case
from counter_app.services.csv_reading import MAX_PROBLEMS_REPORTED as MAX_PROBLEMS_REPORTED
from counter_app.services.csv_reading import MAX_ROW_BYTES as MAX_ROW_BYTES
from counter_app.services.csv_reading import CsvImportError, Problems, StreamedCsvReader, open_file
from counter_app.services.csv_reading import RowProblem as RowProblem
from counter_app.services.csv_reading import problem as _problem

# The time limit columns of the current format, and of the earlier one (see above).
LIMIT_COLUMNS = (
    "statutory_limit",
    "statutory_limit_unit",
    "promised_limit",
    "promised_limit_unit",
    "extension_days",
    "deferral_days",
    "fees",
)
OLD_LIMIT_COLUMNS = ("statutory_limit_days", "promised_limit_days")
COLUMNS = (
    "code",
    "name",
    "department",
    "kind",
    "case_type",
    *LIMIT_COLUMNS,
    "materials",
    "licence_type",
    "licence_validity_months",
    "notify_commit",
    "renew_on_commitment",
    "tolerance_acceptance",
    "on_the_spot",
    "nearby",
    "online",
    "one_visit",
    "legal_basis",
)
# How a column is named at the start of a message about its text (see domain/text.py).
COLUMN_TERMS = {
    "code": Term(QT_TRANSLATE_NOOP("Terms", "Column code")),
    "name": Term(QT_TRANSLATE_NOOP("Terms", "Column name")),
    "department": Term(QT_TRANSLATE_NOOP("Terms", "Column department")),
    "kind": Term(QT_TRANSLATE_NOOP("Terms", "Column kind")),
    "case_type": Term(QT_TRANSLATE_NOOP("Terms", "Column case_type")),
    "statutory_limit": Term(QT_TRANSLATE_NOOP("Terms", "Column statutory_limit")),
    "statutory_limit_unit": Term(QT_TRANSLATE_NOOP("Terms", "Column statutory_limit_unit")),
    "promised_limit": Term(QT_TRANSLATE_NOOP("Terms", "Column promised_limit")),
    "promised_limit_unit": Term(QT_TRANSLATE_NOOP("Terms", "Column promised_limit_unit")),
    "extension_days": Term(QT_TRANSLATE_NOOP("Terms", "Column extension_days")),
    "deferral_days": Term(QT_TRANSLATE_NOOP("Terms", "Column deferral_days")),
    "fees": Term(QT_TRANSLATE_NOOP("Terms", "Column fees")),
    "statutory_limit_days": Term(QT_TRANSLATE_NOOP("Terms", "Column statutory_limit_days")),
    "promised_limit_days": Term(QT_TRANSLATE_NOOP("Terms", "Column promised_limit_days")),
    "materials": Term(QT_TRANSLATE_NOOP("Terms", "Column materials")),
    "licence_type": Term(QT_TRANSLATE_NOOP("Terms", "Column licence_type")),
    "licence_validity_months": Term(QT_TRANSLATE_NOOP("Terms", "Column licence_validity_months")),
    "notify_commit": Term(QT_TRANSLATE_NOOP("Terms", "Column notify_commit")),
    "renew_on_commitment": Term(QT_TRANSLATE_NOOP("Terms", "Column renew_on_commitment")),
    "tolerance_acceptance": Term(QT_TRANSLATE_NOOP("Terms", "Column tolerance_acceptance")),
    "on_the_spot": Term(QT_TRANSLATE_NOOP("Terms", "Column on_the_spot")),
    "nearby": Term(QT_TRANSLATE_NOOP("Terms", "Column nearby")),
    "online": Term(QT_TRANSLATE_NOOP("Terms", "Column online")),
    "one_visit": Term(QT_TRANSLATE_NOOP("Terms", "Column one_visit")),
    "legal_basis": Term(QT_TRANSLATE_NOOP("Terms", "Column legal_basis")),
}
MATERIAL_TERM = Term(QT_TRANSLATE_NOOP("Terms", "A material name"))
FLAG_COLUMNS = (
    "notify_commit",
    "renew_on_commitment",
    "tolerance_acceptance",
    "on_the_spot",
    "nearby",
    "online",
    "one_visit",
)
KINDS = {
    "行政许可": ItemKind.LICENSING,
    "行政确认": ItemKind.CONFIRMATION,
    "公共服务": ItemKind.PUBLIC_SERVICE,
    "内部审批": ItemKind.INTERNAL,
    "其他": ItemKind.OTHER,
    **{kind.value: kind for kind in ItemKind},
}
CASE_TYPES = {
    "即办件": CaseType.ON_THE_SPOT,
    "1": CaseType.ON_THE_SPOT,
    "承诺件": CaseType.PROMISED,
    "2": CaseType.PROMISED,
    **{case_type.value: case_type for case_type in CaseType},
}
TRUE_WORDS = {"是", "y", "yes", "true", "1"}
FALSE_WORDS = {"否", "n", "no", "false", "0", ""}
DEFERRABLE_MARKERS = ("(可容缺)", "（可容缺）")
MATERIAL_SEPARATORS = (";", "；")

# The longest text of each free-text column: the database column's size (legal_basis is
# TEXT: capped here so that a catalogue stays readable on a notice).
TEXT_LIMITS = {"code": 64, "name": 200, "department": 100, "licence_type": 100, "legal_basis": 2000, "fees": 200}
MATERIAL_MAX_LENGTH = 200
MAX_MATERIALS = 100  # per item
MATERIALS_MAX_LENGTH = MAX_MATERIALS * (MATERIAL_MAX_LENGTH + len(DEFERRABLE_MARKERS[0]) + 1)
SHORT_MAX_LENGTH = 64  # kind, case type, numbers, flags: a longer value is wrong anyway
# Numbers: the range each column accepts (working days, months).
NUMBER_RANGES = {
    "statutory_limit_days": (0, 3650),
    "promised_limit_days": (0, 3650),
    "extension_days": (0, 3650),
    "deferral_days": (1, 3650),
    "licence_validity_months": (1, 1200),
}
# A limit's unit as a file may write it: the English value or a Chinese word.
LIMIT_UNITS = {
    "工作日": LimitUnit.WORKING_DAYS,
    "个工作日": LimitUnit.WORKING_DAYS,
    "自然日": LimitUnit.CALENDAR_DAYS,
    "日": LimitUnit.CALENDAR_DAYS,
    "天": LimitUnit.CALENDAR_DAYS,
    "个月": LimitUnit.MONTHS,
    "月": LimitUnit.MONTHS,
    "当场": LimitUnit.ON_THE_SPOT,
    "即时": LimitUnit.ON_THE_SPOT,
    "当场办结": LimitUnit.ON_THE_SPOT,
    "无": LimitUnit.NONE,
    "无时限": LimitUnit.NONE,
    "无法定时限": LimitUnit.NONE,
    **{unit.value: unit for unit in LimitUnit},
}
# The largest amount of each unit that needs one.
LIMIT_MAXIMUMS = {LimitUnit.WORKING_DAYS: 3650, LimitUnit.CALENDAR_DAYS: 3650, LimitUnit.MONTHS: 120}
FREE_WORDS = {"", "不收费", "免费", "无", "0", "free"}  # fees: free of charge, stored as ""
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")  # what Chinese input methods type
BATCH_ROWS = 500  # rows written per group of statements


class CatalogueImportError(CsvImportError):
    """A catalogue file with problems: nothing of it was imported.

    ``problems``: the first ``MAX_PROBLEMS_REPORTED`` problems, by line; ``total``: how
    many problems were found in all (at most one per row)."""

    MANY = QT_TRANSLATE_NOOP(
        "Errors", "The catalogue file has {count} problems (the first {shown} are listed); nothing was imported."
    )
    ALL = QT_TRANSLATE_NOOP("Errors", "The catalogue file has {count} problem(s); nothing was imported.")


@dataclass(frozen=True)
class MaterialRow:
    name: str
    deferrable: bool


@dataclass(frozen=True)
class ItemRow:
    line: int
    code: str
    name: str
    department: str
    kind: ItemKind
    case_type: CaseType
    statutory_limit: TimeLimit
    promised_limit: TimeLimit
    materials: tuple[MaterialRow, ...]
    licence_type: str | None
    licence_validity_months: int | None
    flags: dict[str, bool] = field(default_factory=dict)
    legal_basis: str = ""
    extension_days: int = 0
    deferral_days: int = DEFAULT_DEFERRAL_DAYS
    fees: str = ""


@dataclass(frozen=True)
class ImportReport:
    created: int
    updated: int

    @property
    def total(self) -> int:
        return self.created + self.updated


# ---------------------------------------------------------------- checking one row


def _text(value: str, column: str, max_length: int, *, required: bool = False, multiline: bool = False) -> str:
    return clean_text(value, max_length=max_length, multiline=multiline, field=COLUMN_TERMS[column], required=required)


def _integer(value: str, column: str, *, optional: bool = False) -> int | None:
    raw = _text(value, column, SHORT_MAX_LENGTH)
    if not raw:
        if optional:
            return None
        raise _problem(QT_TRANSLATE_NOOP("Errors", "Column {column} is empty; it needs a number."), column=column)
    minimum, maximum = NUMBER_RANGES[column]
    digits = raw.translate(_FULL_WIDTH_DIGITS)
    # Only the digits 0-9: str.isdigit() alone would take "²" or "٣", and int() would take "1_0".
    if not (digits.isascii() and digits.isdigit() and len(digits) <= 9 and minimum <= int(digits) <= maximum):
        raise _problem(
            QT_TRANSLATE_NOOP("Errors", "Column {column} must be a whole number from {minimum} to {maximum}, not '{value}'."),
            column=column,
            minimum=minimum,
            maximum=maximum,
            value=raw,
        )
    return int(digits)


def _flag(value: str, column: str) -> bool:
    raw = _text(value, column, SHORT_MAX_LENGTH)
    word = raw.lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise _problem(
        QT_TRANSLATE_NOOP("Errors", "Column {column} must be 是 or 否, not '{value}'."), column=column, value=raw
    )


def _materials(value: str) -> tuple[MaterialRow, ...]:
    raw = _text(value, "materials", MATERIALS_MAX_LENGTH)
    for separator in MATERIAL_SEPARATORS[1:]:
        raw = raw.replace(separator, MATERIAL_SEPARATORS[0])
    materials = []
    for part in raw.split(MATERIAL_SEPARATORS[0]):
        name = part.strip()
        if not name:
            continue
        deferrable = name.endswith(DEFERRABLE_MARKERS)
        if deferrable:
            name = name[: -len(DEFERRABLE_MARKERS[0])]
        materials.append(
            MaterialRow(clean_text(name, max_length=MATERIAL_MAX_LENGTH, field=MATERIAL_TERM, required=True), deferrable)
        )
    if len(materials) > MAX_MATERIALS:
        raise _problem(
            QT_TRANSLATE_NOOP("Errors", "An item may list at most {maximum} materials; this one lists {count}."),
            maximum=MAX_MATERIALS,
            count=len(materials),
        )
    return tuple(materials)


_UNITS_HINT = "working_days (工作日), calendar_days (自然日), months (个月), on_the_spot (当场) or none (无)"


def _old_limit(value: str, column: str) -> TimeLimit:
    """A limit of the earlier format: N > 0 working days, 0 on the spot."""
    days = _integer(value, column)
    assert days is not None
    return TimeLimit(LimitUnit.WORKING_DAYS, days) if days else TimeLimit(LimitUnit.ON_THE_SPOT)


def _limit(row: dict[str, str], column: str) -> TimeLimit:
    """The limit of the columns ``column`` (the amount) and ``column``_unit."""
    unit_column = f"{column}_unit"
    raw_unit = _text(row[unit_column], unit_column, SHORT_MAX_LENGTH)
    if not raw_unit:
        raise _problem(
            QT_TRANSLATE_NOOP("Errors", "Column {column} is empty; it needs a unit: {units}."),
            column=unit_column,
            units=_UNITS_HINT,
        )
    unit = LIMIT_UNITS.get(raw_unit.casefold())
    if unit is None:
        raise _problem(
            QT_TRANSLATE_NOOP("Errors", "Unknown unit '{value}' in column {column}: use {units}."),
            value=raw_unit,
            column=unit_column,
            units=_UNITS_HINT,
        )
    raw = _text(row[column], column, SHORT_MAX_LENGTH)
    digits = raw.translate(_FULL_WIDTH_DIGITS)
    if unit in (LimitUnit.ON_THE_SPOT, LimitUnit.NONE):
        if digits and not (digits.isascii() and digits.isdigit() and int(digits) == 0):
            raise _problem(
                QT_TRANSLATE_NOOP("Errors", "Column {column} must be empty or 0 when the unit is {unit}, not '{value}'."),
                column=column,
                unit=unit.value,
                value=raw,
            )
        return TimeLimit(unit)
    maximum = LIMIT_MAXIMUMS[unit]
    if not raw:
        raise _problem(
            QT_TRANSLATE_NOOP("Errors", "Column {column} is empty; the unit {unit} needs a number from 1 to {maximum}."),
            column=column,
            unit=unit.value,
            maximum=maximum,
        )
    if not (digits.isascii() and digits.isdigit() and len(digits) <= 9 and 1 <= int(digits) <= maximum):
        raise _problem(
            QT_TRANSLATE_NOOP(
                "Errors", "Column {column} must be a whole number from 1 to {maximum} when the unit is {unit}, not '{value}'."
            ),
            column=column,
            maximum=maximum,
            unit=unit.value,
            value=raw,
        )
    return TimeLimit(unit, int(digits))


def _limit_text(limit: TimeLimit) -> str:
    """A limit as a file writes it, for a message: "20 working_days", "on_the_spot"."""
    return f"{limit.amount} {limit.unit.value}" if limit.amount else limit.unit.value


def _check_promise(statutory: TimeLimit, promised: TimeLimit, case_type: CaseType) -> None:
    """``domain.cases.promise_problem``, said with the limits as a file writes them."""
    problem = promise_problem(statutory, promised, case_type)
    if problem == "longer":
        raise _problem(
            QT_TRANSLATE_NOOP(
                "Errors", "The promised limit ({promised}) is longer than the statutory limit ({statutory})."
            ),
            promised=_limit_text(promised),
            statutory=_limit_text(statutory),
        )
    if problem == "not_on_the_spot":
        raise _problem(
            QT_TRANSLATE_NOOP(
                "Errors", "A 即办件 (done on the spot) must promise on_the_spot (当场), not {promised}."
            ),
            promised=_limit_text(promised),
        )


def _parse_row(line: int, row: dict[str, str]) -> ItemRow:
    code = _text(row["code"], "code", TEXT_LIMITS["code"], required=True)
    name = _text(row["name"], "name", TEXT_LIMITS["name"], required=True)
    department = _text(row["department"], "department", TEXT_LIMITS["department"], required=True)
    raw_kind = _text(row["kind"], "kind", SHORT_MAX_LENGTH)
    kind = KINDS.get(raw_kind)
    if kind is None:
        raise _problem(
            QT_TRANSLATE_NOOP("Errors", "Unknown kind '{value}': use 行政许可, 行政确认, 公共服务, 内部审批 or 其他."),
            value=raw_kind,
        )
    raw_case_type = _text(row["case_type"], "case_type", SHORT_MAX_LENGTH)
    case_type = CASE_TYPES.get(raw_case_type)
    if case_type is None:
        raise _problem(
            QT_TRANSLATE_NOOP("Errors", "Unknown case type '{value}': use 即办件 or 承诺件."), value=raw_case_type
        )
    if "statutory_limit_days" in row:  # the earlier format (see the module's docstring)
        statutory = _old_limit(row["statutory_limit_days"], "statutory_limit_days")
        promised = _old_limit(row["promised_limit_days"], "promised_limit_days")
        extension, deferral, fees = 0, DEFAULT_DEFERRAL_DAYS, ""
    else:
        statutory = _limit(row, "statutory_limit")
        promised = _limit(row, "promised_limit")
        extension = _integer(row["extension_days"], "extension_days", optional=True) or 0
        deferral = _integer(row["deferral_days"], "deferral_days", optional=True) or DEFAULT_DEFERRAL_DAYS
        fees = _text(row["fees"], "fees", TEXT_LIMITS["fees"])
        if fees.casefold() in FREE_WORDS:
            fees = ""
    _check_promise(statutory, promised, case_type)
    flags = {column: _flag(row[column], column) for column in FLAG_COLUMNS}
    materials = _materials(row["materials"])
    if not flags["tolerance_acceptance"] and any(material.deferrable for material in materials):
        raise _problem(
            QT_TRANSLATE_NOOP(
                "Errors", "A material is marked (可容缺) but the item does not allow 容缺受理 (tolerance_acceptance)."
            )
        )
    licence_type = _text(row["licence_type"], "licence_type", TEXT_LIMITS["licence_type"]) or None
    validity = _integer(row["licence_validity_months"], "licence_validity_months", optional=True)
    if validity is not None and licence_type is None:
        raise _problem(QT_TRANSLATE_NOOP("Errors", "A licence validity is given but no licence type."))
    if flags["renew_on_commitment"] and validity is None:
        raise _problem(
            QT_TRANSLATE_NOOP(
                "Errors", "Renewal on commitment needs a licence type with a validity (licence_validity_months)."
            )
        )
    legal_basis = _text(row["legal_basis"], "legal_basis", TEXT_LIMITS["legal_basis"], multiline=True)
    return ItemRow(
        line=line,
        code=code,
        name=name,
        department=department,
        kind=kind,
        case_type=case_type,
        statutory_limit=statutory,
        promised_limit=promised,
        materials=materials,
        licence_type=licence_type,
        licence_validity_months=validity,
        flags=flags,
        legal_basis=legal_basis,
        extension_days=extension,
        deferral_days=deferral,
        fees=fees,
    )


# ---------------------------------------------------------------- reading a file


class CatalogueReader(StreamedCsvReader[ItemRow]):
    """Reads a catalogue CSV from a binary stream, one row at a time.

    ``rows()`` yields each checked item as long as no problem has been found, and goes on
    to the end of the file checking (and counting) the rest; ``raise_if_problems()`` then
    raises ``CatalogueImportError`` if there was any. Line numbers are physical lines of
    the file (a row with a quoted multi-line field is reported at the line where it starts).
    ``known_departments``: names and codes to accept in the department column (None: not
    checked here).
    """

    ROW_TOO_LONG = QT_TRANSLATE_NOOP(
        "Errors",
        "The row is longer than {limit} bytes: is a quote (\") left open, or is this not a "
        "catalogue file? The rest of the file was not checked.",
    )
    NOT_CSV = QT_TRANSLATE_NOOP(
        "Errors",
        "The file is not CSV text in UTF-8 (is it a spreadsheet, or UTF-16 text?): save the catalogue as "
        "CSV UTF-8.",
    )
    EMPTY = QT_TRANSLATE_NOOP(
        "Errors", "The file is empty: it needs a header row with the column names, then the items."
    )
    NO_ROWS = QT_TRANSLATE_NOOP("Errors", "The file has no items.")
    YIELD_AFTER_PROBLEM = False

    def __init__(self, stream: BinaryIO, known_departments: Container[str] | None = None) -> None:
        super().__init__(stream, Problems(CatalogueImportError))
        self._known_departments = known_departments
        self._positions: list[tuple[str, int]] = []
        self._first_line_of_code: dict[str, int] = {}

    def raise_if_problems(self) -> None:
        self.problems.raise_if_any()

    def _row(self, line: int, fields: list[str]) -> ItemRow:
        item = _parse_row(line, {column: fields[position] for column, position in self._positions})
        if self._known_departments is not None and item.department not in self._known_departments:
            raise _unknown_department(item.department)
        first = self._first_line_of_code.setdefault(item.code, line)
        if first != line:
            raise _problem(
                QT_TRANSLATE_NOOP("Errors", "The item code {code} is already used on line {first}."),
                code=item.code,
                first=first,
            )
        return item

    def _header(self, fields: list[str]) -> int:
        """The header's width; ``ValidationError`` if the file cannot be a catalogue."""
        header = [value.strip() for value in fields]
        for column in (*COLUMNS, *OLD_LIMIT_COLUMNS):
            if header.count(column) > 1:
                first = header.index(column)
                second = header.index(column, first + 1)
                raise _problem(
                    QT_TRANSLATE_NOOP(
                        "Errors",
                        "The header row has the column {column} twice (as column {first} and column {second}).",
                    ),
                    column=column,
                    first=first + 1,
                    second=second + 1,
                )
        old = [column for column in OLD_LIMIT_COLUMNS if column in header]
        new = [column for column in LIMIT_COLUMNS if column in header]
        if old and new:
            raise _problem(
                QT_TRANSLATE_NOOP(
                    "Errors",
                    "The header row mixes the earlier limit columns ({old}) with the current ones ({new}): use "
                    "either statutory_limit_days and promised_limit_days alone, or {columns}.",
                ),
                old=", ".join(old),
                new=", ".join(new),
                columns=", ".join(LIMIT_COLUMNS),
            )
        missing = [column for column in _columns_of(header) if column not in header]
        if missing:
            raise _problem(
                QT_TRANSLATE_NOOP("Errors", "The header row lacks the column(s): {columns}."),
                columns=", ".join(missing),
            )
        self._positions = [(column, header.index(column)) for column in _columns_of(header)]
        return len(header)


def _columns_of(header: Sequence[str]) -> tuple[str, ...]:
    """The columns a file with this header must have: the current format's, or the earlier
    format's if it has any of its limit columns (see the module's docstring)."""
    if any(column in header for column in OLD_LIMIT_COLUMNS):
        at = COLUMNS.index(LIMIT_COLUMNS[0])
        return (*COLUMNS[:at], *OLD_LIMIT_COLUMNS, *COLUMNS[at + len(LIMIT_COLUMNS) :])
    return COLUMNS


def check_catalogue(stream: BinaryIO, known_departments: Container[str] | None = None) -> int:
    """Check a whole catalogue file; the number of items, or ``CatalogueImportError``."""
    reader = CatalogueReader(stream, known_departments)
    count = sum(1 for _ in reader.rows())
    reader.raise_if_problems()
    return count


def parse_catalogue(data: bytes) -> list[ItemRow]:
    """Parse and check a whole catalogue file; raise ``CatalogueImportError`` listing every
    bad row (with its line number) if anything is wrong. For small files (the demo): a big
    one is better streamed (``import_catalogue_file``)."""
    reader = CatalogueReader(io.BytesIO(data))
    rows = list(reader.rows())
    reader.raise_if_problems()
    return rows


# ---------------------------------------------------------------- importing


@use_case(Permission.MANAGE_CATALOGUE, QT_TRANSLATE_NOOP("Terms", "import catalogue"), transaction=Transaction.OWN)
def import_catalogue(actor: Actor, data: bytes, source_name: str = "") -> ImportReport:
    """Create or update (by code) every item of a catalogue CSV, in one transaction."""
    return _import(actor, lambda: io.BytesIO(data), source_name)


@use_case(Permission.MANAGE_CATALOGUE, QT_TRANSLATE_NOOP("Terms", "import catalogue"), transaction=Transaction.OWN)
def import_catalogue_file(actor: Actor, path: Path) -> ImportReport:
    """``import_catalogue`` reading the file as a stream (any size, bounded memory)."""
    return _import(actor, lambda: open_file(path), path.name)


def _import(actor: Actor, open_stream: Callable[[], BinaryIO], source_name: str) -> ImportReport:
    database = actor.database
    with database.reading() as session:
        departments = _department_ids(session)
    with open_stream() as stream:
        check_catalogue(stream, departments)  # before any lock is taken
        stream.seek(0)
        with database.transaction() as session:
            reader = CatalogueReader(stream)  # checks again: the file may have changed meanwhile
            report = apply_catalogue(session, actor, reader.rows(), source_name)
            reader.raise_if_problems()  # rolls the transaction back
    return report


def _department_ids(session: Session) -> dict[str, int]:
    """Department id by name and by code (a code wins over another department's name)."""
    rows = session.execute(select(Department.id, Department.name, Department.code)).all()
    ids = {name: dept_id for dept_id, name, _ in rows}
    ids.update({code: dept_id for dept_id, _, code in rows})
    return ids


def apply_catalogue(session: Session, actor: Actor, rows: Iterable[ItemRow], source_name: str) -> ImportReport:
    """Write checked catalogue rows inside the caller's transaction (creating or updating by
    code), in batches of bulk statements; ``rows`` may be a stream. An unknown department
    raises ``CatalogueImportError`` once every row has been seen (nothing more is written
    after the first; the caller's transaction must then be rolled back, as leaving the
    ``with database.transaction()`` block by the exception does)."""
    session.flush()  # the caller's pending ORM changes (e.g. the demo's departments) first
    departments = _department_ids(session)
    items = table_of(ServiceItem)
    existing: dict[str, int] = dict(session.execute(select(items.c.code, items.c.id)).tuples().all())
    unknown = Problems(CatalogueImportError)
    created = updated = 0
    rows = iter(rows)
    while batch := list(itertools.islice(rows, BATCH_ROWS)):
        for row in batch:
            if row.department not in departments:
                unknown.add(row.line, _unknown_department(row.department))
        if unknown.count:
            continue
        try:
            new, changed = _write_batch(session, batch, departments, existing)
        except IntegrityError as exc:
            raise ConflictError(
                QT_TRANSLATE_NOOP(
                    "Errors", "The catalogue was changed by someone else during the import; nothing was imported. Try again."
                )
            ) from exc
        created += new
        updated += changed
    unknown.raise_if_any()
    audit(session, actor, "import catalogue", target=source_name, detail={"created": created, "updated": updated})
    return ImportReport(created=created, updated=updated)


def _write_batch(
    session: Session, batch: list[ItemRow], departments: dict[str, int], existing: dict[str, int]
) -> tuple[int, int]:
    """Insert the batch's new items, update the others and replace their materials: one
    statement each for the whole batch (PostgreSQL: array parameters unnested; SQLite:
    executemany, which costs it no round trips)."""
    items = table_of(ServiceItem)
    materials = table_of(ServiceItemMaterial)
    postgresql = session.get_bind().dialect.name == "postgresql"
    new_rows = [row for row in batch if row.code not in existing]
    old_rows = [row for row in batch if row.code in existing]
    if new_rows:
        values = [_item_values(row, departments) for row in new_rows]
        if postgresql:
            source = _unnest(items, ITEM_COLUMNS)
            inserted = session.execute(
                insert(items)
                .from_select(ITEM_COLUMNS, select(*(source.c[name] for name in ITEM_COLUMNS)))
                .returning(items.c.code, items.c.id),
                _arrays(values, ITEM_COLUMNS),
            ).tuples()
            existing.update(inserted.all())  # (Result has keys(): dict.update would take it for a mapping)
        else:
            ids = session.execute(insert(items).returning(items.c.id, sort_by_parameter_order=True), values).scalars()
            existing.update(zip((row.code for row in new_rows), ids, strict=True))
    if old_rows:
        old_ids = [existing[row.code] for row in old_rows]
        values = [_item_values(row, departments) for row in old_rows]
        for item_id, value in zip(old_ids, values, strict=True):
            del value["code"]  # found by it: unchanged
            value["p_id"] = item_id
        if postgresql:
            source = _unnest(items, ("id", *UPDATED_COLUMNS))
            session.execute(
                update(items).values({name: source.c[name] for name in UPDATED_COLUMNS}).where(items.c.id == source.c.id),
                {"p_id": old_ids, **_arrays(values, UPDATED_COLUMNS)},
            )
        else:
            session.execute(update(items).where(items.c.id == bindparam("p_id")), values)
        session.execute(delete(materials).where(materials.c.item_id.in_(old_ids)))
    material_values = [
        {"item_id": existing[row.code], "position": position, "name": material.name, "deferrable": material.deferrable}
        for row in batch
        for position, material in enumerate(row.materials, start=1)
    ]
    if material_values and postgresql:
        source = _unnest(materials, MATERIAL_COLUMNS)
        session.execute(
            insert(materials).from_select(MATERIAL_COLUMNS, select(*(source.c[name] for name in MATERIAL_COLUMNS))),
            _arrays(material_values, MATERIAL_COLUMNS),
        )
    elif material_values:
        session.execute(insert(materials), material_values)
    return len(new_rows), len(old_rows)


ITEM_COLUMNS = (
    "code",
    "name",
    "department_id",
    "kind",
    "case_type",
    *LIMIT_COLUMNS,
    "licence_type",
    "licence_validity_months",
    "legal_basis",
    "active",
    *FLAG_COLUMNS,
)
UPDATED_COLUMNS = ITEM_COLUMNS[1:]  # all but the code, by which the item was found
MATERIAL_COLUMNS = ("item_id", "position", "name", "deferrable")


def _unnest(table: Table, columns: Sequence[str]) -> TableValuedAlias:
    """PostgreSQL: ``unnest(:p_a::type[], :p_b::type[], …) AS v(a, b, …)``, a row per
    position of the arrays: a whole batch in one statement and a handful of parameters."""
    arrays = [bindparam(f"p_{name}", type_=ARRAY(table.c[name].type)) for name in columns]
    return func.unnest(*arrays).table_valued(*columns).render_derived(name="v")


def _arrays(rows: list[dict[str, Any]], columns: Sequence[str]) -> dict[str, list[Any]]:
    return {f"p_{name}": [row[name] for row in rows] for name in columns}


def _item_values(row: ItemRow, departments: dict[str, int]) -> dict[str, Any]:
    return {
        "code": row.code,
        "name": row.name,
        "department_id": departments[row.department],
        "kind": row.kind.value,
        "case_type": row.case_type.value,
        "statutory_limit": row.statutory_limit.amount,
        "statutory_limit_unit": row.statutory_limit.unit.value,
        "promised_limit": row.promised_limit.amount,
        "promised_limit_unit": row.promised_limit.unit.value,
        "extension_days": row.extension_days,
        "deferral_days": row.deferral_days,
        "fees": row.fees,
        "licence_type": row.licence_type,
        "licence_validity_months": row.licence_validity_months,
        "legal_basis": row.legal_basis,
        "active": True,
        **{column: row.flags.get(column, False) for column in FLAG_COLUMNS},
    }


def _unknown_department(name: str) -> ValidationError:
    return _problem(
        QT_TRANSLATE_NOOP(
            "Errors", "Unknown department '{department}': an administrator must add it before importing."
        ),
        department=name,
    )


@dataclass(frozen=True)
class ServiceItemSummary:
    """An active catalogue item as the catalogue tab and the item search show it."""

    item_id: int
    code: str
    name: str
    department: str  # the department's name
    kind: ItemKind
    case_type: CaseType
    statutory_limit: TimeLimit
    promised_limit: TimeLimit
    extension_days: int  # §42 extension in working days, 0 = none allowed
    deferral_days: int  # calendar days for a 容缺 material to follow
    fees: str  # "" = free of charge
    licence_type: str | None
    material_count: int


@use_case(Permission.VIEW_CATALOGUE, QT_TRANSLATE_NOOP("Terms", "list service items"))
def list_service_items(actor: Actor, search: str = "", *, session: Session = IN_USE_CASE) -> list[ServiceItemSummary]:
    """Active catalogue items, by code; ``search`` matches code or name (the window reads
    them all once and searches in memory, see ``domain.item_search``)."""
    query = (
        select(ServiceItem)
        .where(ServiceItem.active.is_(True))
        .options(selectinload(ServiceItem.materials), selectinload(ServiceItem.department))
        .order_by(ServiceItem.code)
    )
    if search.strip():
        pattern = f"%{search.strip()}%"
        query = query.where(ServiceItem.name.like(pattern) | ServiceItem.code.like(pattern))
    return [
        ServiceItemSummary(
            item_id=item.id,
            code=item.code,
            name=item.name,
            department=item.department.name,
            kind=ItemKind(item.kind),
            case_type=CaseType(item.case_type),
            statutory_limit=item.statutory,
            promised_limit=item.promised,
            extension_days=item.extension_days,
            deferral_days=item.deferral_days,
            fees=item.fees,
            licence_type=item.licence_type,
            material_count=len(item.materials),
        )
        for item in session.scalars(query)
    ]
