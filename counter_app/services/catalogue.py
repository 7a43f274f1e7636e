"""The service catalogue (政务服务事项目录): import from CSV, all or nothing, and listing."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from counter_app.db.engine import Database
from counter_app.db.models import CaseType, Department, ItemKind, Role, ServiceItem, ServiceItemMaterial
from counter_app.errors import UserError, ValidationError
from counter_app.i18n import QT_TRANSLATE_NOOP
from counter_app.services.access import Actor, audit, require_role

COLUMNS = (
    "code",
    "name",
    "department",
    "kind",
    "case_type",
    "statutory_limit_days",
    "promised_limit_days",
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
MAX_PROBLEMS_REPORTED = 200


@dataclass(frozen=True)
class RowProblem:
    line: int
    message: UserError


class CatalogueImportError(ValidationError):
    """A catalogue file with bad rows: nothing of it was imported."""

    def __init__(self, problems: list[RowProblem]) -> None:
        super().__init__(
            QT_TRANSLATE_NOOP("Errors", "The catalogue file has {count} problem(s); nothing was imported."),
            count=len(problems),
        )
        self.problems = problems


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
    statutory_limit_days: int
    promised_limit_days: int
    materials: tuple[MaterialRow, ...]
    licence_type: str | None
    licence_validity_months: int | None
    flags: dict[str, bool] = field(default_factory=dict)
    legal_basis: str = ""


@dataclass(frozen=True)
class ImportReport:
    created: int
    updated: int

    @property
    def total(self) -> int:
        return self.created + self.updated


def _problem(text: str, **params: object) -> ValidationError:
    return ValidationError(text, **params)


def _integer(row: dict[str, str], column: str, *, optional: bool = False) -> int | None:
    raw = row[column].strip()
    if not raw:
        if optional:
            return None
        raise _problem(QT_TRANSLATE_NOOP("Errors", "Column {column} is empty; it needs a number."), column=column)
    if not raw.isdigit():
        raise _problem(
            QT_TRANSLATE_NOOP("Errors", "Column {column} must be a whole number of 0 or more, not '{value}'."),
            column=column,
            value=raw,
        )
    return int(raw)


def _flag(row: dict[str, str], column: str) -> bool:
    raw = row[column].strip().lower()
    if raw in TRUE_WORDS:
        return True
    if raw in FALSE_WORDS:
        return False
    raise _problem(
        QT_TRANSLATE_NOOP("Errors", "Column {column} must be 是 or 否, not '{value}'."), column=column, value=row[column]
    )


def _materials(raw: str) -> tuple[MaterialRow, ...]:
    for separator in MATERIAL_SEPARATORS[1:]:
        raw = raw.replace(separator, MATERIAL_SEPARATORS[0])
    materials = []
    for part in raw.split(MATERIAL_SEPARATORS[0]):
        name = part.strip()
        if not name:
            continue
        deferrable = name.endswith(DEFERRABLE_MARKERS)
        if deferrable:
            name = name[: -len(DEFERRABLE_MARKERS[0])].strip()
        if not name or len(name) > 200:
            raise _problem(QT_TRANSLATE_NOOP("Errors", "A material name must have 1 to 200 characters."))
        materials.append(MaterialRow(name, deferrable))
    return tuple(materials)


def _parse_row(line: int, row: dict[str, str]) -> ItemRow:
    code = row["code"].strip()
    name = row["name"].strip()
    if not code or len(code) > 64:
        raise _problem(QT_TRANSLATE_NOOP("Errors", "The item code must have 1 to 64 characters."))
    if not name or len(name) > 200:
        raise _problem(QT_TRANSLATE_NOOP("Errors", "The item name must have 1 to 200 characters."))
    kind = KINDS.get(row["kind"].strip())
    if kind is None:
        raise _problem(
            QT_TRANSLATE_NOOP("Errors", "Unknown kind '{value}': use 行政许可, 行政确认, 公共服务, 内部审批 or 其他."),
            value=row["kind"],
        )
    case_type = CASE_TYPES.get(row["case_type"].strip())
    if case_type is None:
        raise _problem(
            QT_TRANSLATE_NOOP("Errors", "Unknown case type '{value}': use 即办件 or 承诺件."), value=row["case_type"]
        )
    statutory = _integer(row, "statutory_limit_days")
    promised = _integer(row, "promised_limit_days")
    assert statutory is not None and promised is not None
    if statutory and promised > statutory:
        raise _problem(
            QT_TRANSLATE_NOOP(
                "Errors", "The promised limit ({promised} days) is longer than the statutory limit ({statutory} days)."
            ),
            promised=promised,
            statutory=statutory,
        )
    flags = {column: _flag(row, column) for column in FLAG_COLUMNS}
    materials = _materials(row["materials"])
    if any(material.deferrable for material in materials) and not flags["tolerance_acceptance"]:
        raise _problem(
            QT_TRANSLATE_NOOP(
                "Errors", "A material is marked (可容缺) but the item does not allow 容缺受理 (tolerance_acceptance)."
            )
        )
    licence_type = row["licence_type"].strip() or None
    validity = _integer(row, "licence_validity_months", optional=True)
    if validity is not None and validity <= 0:
        raise _problem(QT_TRANSLATE_NOOP("Errors", "A licence validity must be at least 1 month."))
    if validity is not None and licence_type is None:
        raise _problem(QT_TRANSLATE_NOOP("Errors", "A licence validity is given but no licence type."))
    if flags["renew_on_commitment"] and validity is None:
        raise _problem(
            QT_TRANSLATE_NOOP(
                "Errors", "Renewal on commitment needs a licence type with a validity (licence_validity_months)."
            )
        )
    return ItemRow(
        line=line,
        code=code,
        name=name,
        department=row["department"].strip(),
        kind=kind,
        case_type=case_type,
        statutory_limit_days=statutory,
        promised_limit_days=promised,
        materials=materials,
        licence_type=licence_type,
        licence_validity_months=validity,
        flags=flags,
        legal_basis=row["legal_basis"].strip(),
    )


def parse_catalogue(data: bytes) -> list[ItemRow]:
    """Parse and check a whole catalogue file; raise ``CatalogueImportError`` listing every
    bad row (with its line number) if anything is wrong."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise CatalogueImportError(
            [RowProblem(line, _problem(QT_TRANSLATE_NOOP("Errors", "The file is not UTF-8 text (save it as UTF-8 CSV).")))]
        ) from exc
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise CatalogueImportError(
            [
                RowProblem(
                    1,
                    _problem(
                        QT_TRANSLATE_NOOP("Errors", "The header row lacks the column(s): {columns}."),
                        columns=", ".join(missing),
                    ),
                )
            ]
        )
    reader.fieldnames = header
    rows: list[ItemRow] = []
    problems: list[RowProblem] = []
    first_line_of_code: dict[str, int] = {}
    for record in reader:
        # line_num is where the record ends; quoted fields may span lines.
        line_start = reader.line_num - sum(
            value.count("\n") for value in record.values() if isinstance(value, str)
        )
        extra_fields = record.pop(None, None) or []  # type: ignore[call-overload]
        absent_fields = sum(1 for value in record.values() if value is None)
        if extra_fields or absent_fields:
            problems.append(
                RowProblem(
                    line_start,
                    _problem(
                        QT_TRANSLATE_NOOP("Errors", "The row has {found} fields; the header has {expected}."),
                        found=len(header) - absent_fields + len(extra_fields),
                        expected=len(header),
                    ),
                )
            )
            continue
        if not any(value.strip() for value in record.values()):
            continue  # blank line
        try:
            item = _parse_row(line_start, record)
        except ValidationError as error:
            problems.append(RowProblem(line_start, error))
            continue
        if item.code in first_line_of_code:
            problems.append(
                RowProblem(
                    line_start,
                    _problem(
                        QT_TRANSLATE_NOOP("Errors", "The item code {code} is already used on line {first}."),
                        code=item.code,
                        first=first_line_of_code[item.code],
                    ),
                )
            )
            continue
        first_line_of_code[item.code] = line_start
        rows.append(item)
    if not rows and not problems:
        problems.append(RowProblem(1, _problem(QT_TRANSLATE_NOOP("Errors", "The file has no items."))))
    if problems:
        raise CatalogueImportError(problems[:MAX_PROBLEMS_REPORTED])
    return rows


def import_catalogue(database: Database, actor: Actor, data: bytes, source_name: str = "") -> ImportReport:
    """Create or update (by code) every item of a catalogue CSV, in one transaction."""
    require_role(database, actor, {Role.ADMIN}, QT_TRANSLATE_NOOP("Terms", "import catalogue"), source_name)
    rows = parse_catalogue(data)
    with database.transaction() as session:
        return apply_catalogue(session, actor, rows, source_name)


def apply_catalogue(session: Session, actor: Actor, rows: list[ItemRow], source_name: str) -> ImportReport:
    """Write checked catalogue rows inside the caller's transaction (creating or updating by code)."""
    departments = {dept.name: dept for dept in session.scalars(select(Department))}
    departments.update({dept.code: dept for dept in list(departments.values())})
    unknown = [
        RowProblem(row.line, _unknown_department(row.department)) for row in rows if row.department not in departments
    ]
    if unknown:
        raise CatalogueImportError(unknown[:MAX_PROBLEMS_REPORTED])
    existing = {
        item.code: item
        for item in session.scalars(
            select(ServiceItem)
            .where(ServiceItem.code.in_([row.code for row in rows]))
            .options(selectinload(ServiceItem.materials))
        )
    }
    created = updated = 0
    for row in rows:
        item = existing.get(row.code)
        if item is None:
            item = ServiceItem(code=row.code)
            session.add(item)
            created += 1
        else:
            updated += 1
            item.materials.clear()
            session.flush()  # free the (item, position) slots before re-adding materials
        item.name = row.name
        item.department = departments[row.department]
        item.kind = row.kind.value
        item.case_type = row.case_type.value
        item.statutory_limit_days = row.statutory_limit_days
        item.promised_limit_days = row.promised_limit_days
        item.licence_type = row.licence_type
        item.licence_validity_months = row.licence_validity_months
        item.legal_basis = row.legal_basis
        item.active = True
        for column, value in row.flags.items():
            setattr(item, column, value)
        item.materials.extend(
            ServiceItemMaterial(position=position, name=material.name, deferrable=material.deferrable)
            for position, material in enumerate(row.materials, start=1)
        )
    audit(session, actor, "import catalogue", target=source_name, detail={"created": created, "updated": updated})
    return ImportReport(created=created, updated=updated)


def import_catalogue_file(database: Database, actor: Actor, path: Path) -> ImportReport:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The file {path} cannot be read: {reason}"), path=str(path), reason=exc.strerror
        ) from exc
    return import_catalogue(database, actor, data, source_name=path.name)


def _unknown_department(name: str) -> ValidationError:
    return _problem(
        QT_TRANSLATE_NOOP(
            "Errors", "Unknown department '{department}': an administrator must add it before importing."
        ),
        department=name,
    )


@dataclass(frozen=True)
class ServiceItemSummary:
    code: str
    name: str
    department: str
    kind: ItemKind
    case_type: CaseType
    statutory_limit_days: int
    promised_limit_days: int
    licence_type: str | None
    material_count: int


def list_service_items(database: Database, actor: Actor, search: str = "") -> list[ServiceItemSummary]:
    """Active catalogue items, by code; ``search`` matches code or name."""
    require_role(database, actor, set(Role), QT_TRANSLATE_NOOP("Terms", "list service items"))
    query = (
        select(ServiceItem)
        .where(ServiceItem.active.is_(True))
        .options(selectinload(ServiceItem.materials), selectinload(ServiceItem.department))
        .order_by(ServiceItem.code)
    )
    if search.strip():
        pattern = f"%{search.strip()}%"
        query = query.where(ServiceItem.name.like(pattern) | ServiceItem.code.like(pattern))
    with database.reading() as session:
        return [
            ServiceItemSummary(
                code=item.code,
                name=item.name,
                department=item.department.name,
                kind=ItemKind(item.kind),
                case_type=CaseType(item.case_type),
                statutory_limit_days=item.statutory_limit_days,
                promised_limit_days=item.promised_limit_days,
                licence_type=item.licence_type,
                material_count=len(item.materials),
            )
            for item in session.scalars(query)
        ]
