"""Importing licences from an earlier register (CSV): the columns, their names in English
or in Chinese, and the check of one row. Pure rules: the service reads the file and the
database and hands the licence types, halls and business date in.

Columns (a file uses the English names or the Chinese ones, never a mix):

=====================  ============  ========  =============================================
column                 中文           needed    value
=====================  ============  ========  =============================================
licence_type           证照类型       yes       a licence type's name (it must exist)
number                 证照编号       yes       as printed; unique per type
identifier             证照标识       yes       GB/T 36904; its type code is the type's
holder_name            持证主体       yes       the holder's name
holder_code            主体代码       yes       unified social credit code or resident ID
holder_kind            主体类型       no        enterprise (法人, 企业) or person (自然人,
                                                个人); empty: read from the code
legal_representative   法定代表人     no
address                住所           no
scope                  许可范围       yes       what the licence permits (may be empty)
issued_on              发证日期       yes       a date, not after today's business date
valid_from             有效期起       yes       a date
valid_to               有效期至       yes       a date from valid_from (and issued_on) on;
                                                empty, 长期 or 长期有效: no end
authority              发证机关       no        empty: the licence type's authority
hall                   大厅           yes       a hall's code (KG) or name
status                 证照状态       no        01 有效, 02 暂扣, 03 撤销, 04 注销, 05 失效,
                                                07 吊销 (or 1 … 7, or the English words);
                                                empty: 01
status_reason          状态原因       no        required when the status is not 01
=====================  ============  ========  =============================================

Dates are written year first: ``2024-03-01`` (ISO), also ``2024-3-1``, ``2024/3/1`` (what
a spreadsheet re-saves) and ``2024年3月1日``.

The holder's kind, when not given: 17 digits and a digit or X that make a valid resident ID
are a person; otherwise the code must be a valid credit code (an enterprise). An
enterprise whose all-digit credit code happens to be a valid ID number too writes
``enterprise`` in holder_kind.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

from counter_app.domain.applicants import ADDRESS_MAX, NAME_MAX, PERSON_NAME_MAX, ApplicantKind
from counter_app.domain.identifiers import IdentifierError, parse_credit_code, parse_resident_id
from counter_app.domain.licences import LicenceIdentifier, LicenceStatus, parse_licence_identifier
from counter_app.domain.text import clean_text
from counter_app.errors import ValidationError
from counter_app.i18n import QT_TRANSLATE_NOOP, Term

COLUMNS: Final = (
    "licence_type",
    "number",
    "identifier",
    "holder_name",
    "holder_code",
    "holder_kind",
    "legal_representative",
    "address",
    "scope",
    "issued_on",
    "valid_from",
    "valid_to",
    "authority",
    "hall",
    "status",
    "status_reason",
)
CHINESE_NAMES: Final[Mapping[str, str]] = {
    "licence_type": "证照类型",
    "number": "证照编号",
    "identifier": "证照标识",
    "holder_name": "持证主体",
    "holder_code": "主体代码",
    "holder_kind": "主体类型",
    "legal_representative": "法定代表人",
    "address": "住所",
    "scope": "许可范围",
    "issued_on": "发证日期",
    "valid_from": "有效期起",
    "valid_to": "有效期至",
    "authority": "发证机关",
    "hall": "大厅",
    "status": "证照状态",
    "status_reason": "状态原因",
}
OPTIONAL_COLUMNS: Final = frozenset({"holder_kind", "legal_representative", "address", "authority", "status", "status_reason"})
REQUIRED_COLUMNS: Final = tuple(column for column in COLUMNS if column not in OPTIONAL_COLUMNS)
_BY_CHINESE_NAME = {chinese: column for column, chinese in CHINESE_NAMES.items()}

# How a column is named in a message: both its names, whichever the file uses.
COLUMN_TERMS: Final[Mapping[str, Term]] = {
    "licence_type": Term(QT_TRANSLATE_NOOP("Terms", "Column licence_type (证照类型)")),
    "number": Term(QT_TRANSLATE_NOOP("Terms", "Column number (证照编号)")),
    "identifier": Term(QT_TRANSLATE_NOOP("Terms", "Column identifier (证照标识)")),
    "holder_name": Term(QT_TRANSLATE_NOOP("Terms", "Column holder_name (持证主体)")),
    "holder_code": Term(QT_TRANSLATE_NOOP("Terms", "Column holder_code (主体代码)")),
    "holder_kind": Term(QT_TRANSLATE_NOOP("Terms", "Column holder_kind (主体类型)")),
    "legal_representative": Term(QT_TRANSLATE_NOOP("Terms", "Column legal_representative (法定代表人)")),
    "address": Term(QT_TRANSLATE_NOOP("Terms", "Column address (住所)")),
    "scope": Term(QT_TRANSLATE_NOOP("Terms", "Column scope (许可范围)")),
    "issued_on": Term(QT_TRANSLATE_NOOP("Terms", "Column issued_on (发证日期)")),
    "valid_from": Term(QT_TRANSLATE_NOOP("Terms", "Column valid_from (有效期起)")),
    "valid_to": Term(QT_TRANSLATE_NOOP("Terms", "Column valid_to (有效期至)")),
    "authority": Term(QT_TRANSLATE_NOOP("Terms", "Column authority (发证机关)")),
    "hall": Term(QT_TRANSLATE_NOOP("Terms", "Column hall (大厅)")),
    "status": Term(QT_TRANSLATE_NOOP("Terms", "Column status (证照状态)")),
    "status_reason": Term(QT_TRANSLATE_NOOP("Terms", "Column status_reason (状态原因)")),
}

# The longest text of each column: the database column's size (scope is TEXT: capped here).
TEXT_LIMITS: Final[Mapping[str, int]] = {
    "licence_type": 100,
    "number": 60,
    "legal_representative": PERSON_NAME_MAX,
    "address": ADDRESS_MAX,
    "scope": 4000,
    "authority": 100,
    "status_reason": 500,
}
SHORT_MAX_LENGTH: Final = 100  # identifiers, codes, dates, words: a longer value is wrong anyway
IDENTIFIER_MAX_LENGTH: Final = 80  # the database column
MAX_SERIAL: Final = 2_147_483_647  # the serial column (a 32-bit integer)
EARLIEST_YEAR: Final = 1949

STATUS_WORDS: Final[Mapping[str, LicenceStatus]] = {
    **{status.value: status for status in LicenceStatus},
    **{str(int(status.value)): status for status in LicenceStatus},  # a spreadsheet drops the 0
    "有效": LicenceStatus.VALID,
    "暂扣": LicenceStatus.SUSPENDED,
    "撤销": LicenceStatus.REVOKED,
    "注销": LicenceStatus.CANCELLED,
    "失效": LicenceStatus.LAPSED,
    "吊销": LicenceStatus.WITHDRAWN,
    "valid": LicenceStatus.VALID,
    "suspended": LicenceStatus.SUSPENDED,
    "revoked": LicenceStatus.REVOKED,
    "cancelled": LicenceStatus.CANCELLED,
    "canceled": LicenceStatus.CANCELLED,
    "lapsed": LicenceStatus.LAPSED,
    "withdrawn": LicenceStatus.WITHDRAWN,
}
HOLDER_KIND_WORDS: Final[Mapping[str, ApplicantKind]] = {
    "enterprise": ApplicantKind.ENTERPRISE,
    "法人": ApplicantKind.ENTERPRISE,
    "企业": ApplicantKind.ENTERPRISE,
    "法人或其他组织": ApplicantKind.ENTERPRISE,
    "person": ApplicantKind.PERSON,
    "自然人": ApplicantKind.PERSON,
    "个人": ApplicantKind.PERSON,
}
WITHOUT_END_WORDS: Final = frozenset({"", "长期", "长期有效", "-", "无"})

_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})-(\d{1,2})|/(\d{1,2})/(\d{1,2})|年(\d{1,2})月(\d{1,2})日)")
_RESIDENT_ID_SHAPE = re.compile(r"\d{17}[\dX]")


@dataclass(frozen=True)
class KnownType:
    """What a row is checked against, of a licence type in the database."""

    name: str
    type_code: str
    authority: str
    number_prefix: str


@dataclass(frozen=True)
class Header:
    """A checked header row: where each column is (position from 0), and the row's width."""

    positions: Mapping[str, int]
    width: int
    chinese: bool


@dataclass(frozen=True)
class LicenceRow:
    """One checked row of a licence file."""

    line: int
    licence_type: str
    number: str
    identifier: LicenceIdentifier
    holder_kind: ApplicantKind
    holder_code: str
    holder_name: str
    legal_representative: str
    address: str
    scope: str
    issued_on: date
    valid_from: date
    valid_to: date | None  # None: 长期有效
    authority: str
    hall_id: int
    status: LicenceStatus
    status_reason: str | None

    @property
    def serial(self) -> int:
        return self.identifier.serial_number


def _problem(text: str, **params: object) -> ValidationError:
    return ValidationError(text, **params)


# ---------------------------------------------------------------- the header


def read_header(names: Sequence[str]) -> Header:
    """The header row checked: every name known, English or Chinese but not both, none
    twice, every required column there. ``ValidationError`` saying what is wrong."""
    stripped = [unicodedata.normalize("NFC", name).strip() for name in names]
    positions: dict[str, int] = {}
    english: list[str] = []
    chinese: list[str] = []
    for index, name in enumerate(stripped):
        if not name:
            raise _problem(
                QT_TRANSLATE_NOOP("Errors", "Column {position} of the header row has no name: remove the column or name it."),
                position=index + 1,
            )
        column = name if name in COLUMN_TERMS else _BY_CHINESE_NAME.get(name)
        if column is None:
            raise _problem(
                QT_TRANSLATE_NOOP("Errors", "The header row has an unknown column '{name}' (column {position}); the columns are: {columns}."),
                name=name,
                position=index + 1,
                columns=", ".join(f"{column} ({CHINESE_NAMES[column]})" for column in COLUMNS),
            )
        (english if column == name else chinese).append(name)
        if column in positions:
            raise _problem(
                QT_TRANSLATE_NOOP("Errors", "The header row has the column {column} twice (as column {first} and column {second})."),
                column=COLUMN_TERMS[column],
                first=positions[column] + 1,
                second=index + 1,
            )
        positions[column] = index
    if english and chinese:
        raise _problem(
            QT_TRANSLATE_NOOP(
                "Errors",
                "The header row mixes English column names ({english}) with Chinese ones ({chinese}): use one or the other.",
            ),
            english=", ".join(english),
            chinese=", ".join(chinese),
        )
    missing = [column for column in REQUIRED_COLUMNS if column not in positions]
    if missing:
        names_used = [CHINESE_NAMES[column] for column in missing] if chinese else missing
        raise _problem(QT_TRANSLATE_NOOP("Errors", "The header row lacks the column(s): {columns}."), columns=", ".join(names_used))
    return Header(positions, len(stripped), bool(chinese))


# ---------------------------------------------------------------- values


def _text(value: str, column: str, max_length: int, *, required: bool = False, multiline: bool = False) -> str:
    return clean_text(value, max_length=max_length, multiline=multiline, field=COLUMN_TERMS[column], required=required)


def _word(value: str, column: str) -> str:
    """A short value (code, date, word) with control characters refused, normalised (NFKC:
    full-width digits and letters as ASCII)."""
    return unicodedata.normalize("NFKC", _text(value, column, SHORT_MAX_LENGTH)).strip()


def parse_status(text: str) -> LicenceStatus:
    """A status as a file writes it: the national code (01, or 1 as a spreadsheet keeps it),
    the Chinese word or the English one; empty: 01 有效."""
    word = unicodedata.normalize("NFKC", text).strip().casefold()
    if not word:
        return LicenceStatus.VALID
    status = STATUS_WORDS.get(word)
    if status is None:
        raise _problem(
            QT_TRANSLATE_NOOP(
                "Errors", "Unknown status '{value}': use 01 有效, 02 暂扣, 03 撤销, 04 注销, 05 失效 or 07 吊销 (empty: 01)."
            ),
            value=text.strip(),
        )
    return status


def parse_holder_kind(text: str) -> ApplicantKind | None:
    """The holder's kind as a file writes it, or None when empty (read from the code)."""
    word = unicodedata.normalize("NFKC", text).strip().casefold()
    if not word:
        return None
    kind = HOLDER_KIND_WORDS.get(word)
    if kind is None:
        raise _problem(
            QT_TRANSLATE_NOOP("Errors", "Unknown holder kind '{value}': use enterprise (法人) or person (自然人), or leave it empty."),
            value=text.strip(),
        )
    return kind


def parse_import_date(text: str, column: str) -> date:
    """A date written year first (``2024-03-01``, ``2024-3-1``, ``2024/3/1``, ``2024年3月1日``)."""
    word = unicodedata.normalize("NFKC", text).strip()
    match = _DATE.fullmatch(word)
    if not word:
        raise _problem(QT_TRANSLATE_NOOP("Errors", "{column} is empty; it needs a date (YYYY-MM-DD)."), column=COLUMN_TERMS[column])
    if match is None:
        raise _problem(
            QT_TRANSLATE_NOOP("Errors", "{column} must be a date written YYYY-MM-DD, not '{value}'."),
            column=COLUMN_TERMS[column],
            value=word,
        )
    year, *parts = match.groups()
    month, day = [int(part) for part in parts if part is not None]
    try:
        value = date(int(year), month, day)
    except ValueError:
        value = None
    if value is None or value.year < EARLIEST_YEAR:
        raise _problem(
            QT_TRANSLATE_NOOP("Errors", "{column}: '{value}' is not a real date."), column=COLUMN_TERMS[column], value=word
        )
    return value


def parse_holder(code_text: str, kind: ApplicantKind | None, today: date) -> tuple[ApplicantKind, str]:
    """The holder's kind and normalised code: a resident ID (person) or a credit code
    (enterprise), checked by its standard; ``IdentifierError`` saying what is wrong."""
    code = unicodedata.normalize("NFKC", code_text).strip().upper()
    if kind is ApplicantKind.PERSON:
        return kind, parse_resident_id(code, today).value
    if kind is ApplicantKind.ENTERPRISE:
        return kind, parse_credit_code(code).value
    if not _RESIDENT_ID_SHAPE.fullmatch(code):
        return ApplicantKind.ENTERPRISE, parse_credit_code(code).value
    try:
        return ApplicantKind.PERSON, parse_resident_id(code, today).value
    except IdentifierError as as_person:
        try:
            return ApplicantKind.ENTERPRISE, parse_credit_code(code).value
        except IdentifierError as as_enterprise:
            # Neither: say what is wrong with the one it nearly is (only its check character).
            nearly = as_enterprise if as_enterprise.reason == "check" and as_person.reason != "check" else as_person
            raise nearly from None


def _identifier(value: str, known: KnownType) -> LicenceIdentifier:
    text = _word(value, "identifier")
    identifier = parse_licence_identifier(text)
    if identifier.type_code != known.type_code:
        raise _problem(
            QT_TRANSLATE_NOOP(
                "Errors",
                "The identifier's type code {given} is not that of the licence type {licence_type} ({expected}).",
            ),
            given=identifier.type_code,
            licence_type=known.name,
            expected=known.type_code,
        )
    if not 1 <= identifier.serial_number <= MAX_SERIAL:
        raise _problem(
            QT_TRANSLATE_NOOP("Errors", "The identifier's serial must be a number from 1 to {maximum}, not {serial}."),
            maximum=MAX_SERIAL,
            serial=identifier.serial,
        )
    if len(identifier.value) > IDENTIFIER_MAX_LENGTH:
        raise _problem(
            QT_TRANSLATE_NOOP("Errors", "The identifier has {length} characters; at most {maximum} are stored: write its serial without leading zeros."),
            length=len(identifier.value),
            maximum=IDENTIFIER_MAX_LENGTH,
        )
    return identifier


def number_clash(number: str, known: KnownType, serial: int, today: date) -> int | None:
    """The serial a number of this type's own form (``津保劳务证字〔2026〕第0007号``) of this
    year or later carries when it differs from the identifier's ``serial``: a licence issued
    here later with that serial would get the same number. None otherwise."""
    prefix = unicodedata.normalize("NFKC", known.number_prefix)
    match = re.fullmatch(re.escape(prefix) + r"[〔(\[]?(\d{4})[〕)\]]?第(\d+)号", unicodedata.normalize("NFKC", number))
    if match is None or int(match.group(1)) < today.year:
        return None
    written = int(match.group(2))
    return written if written != serial else None


def check_row(
    line: int,
    values: Mapping[str, str],
    types: Mapping[str, KnownType],
    halls: Mapping[str, int],
    today: date,
) -> LicenceRow:
    """One row (column -> text as read; optional columns may be missing) checked against
    the licence types (by name) and halls (by code, upper case, and by name); the first
    problem found raises ``ValidationError``."""
    type_name = _text(values["licence_type"], "licence_type", TEXT_LIMITS["licence_type"], required=True)
    known = types.get(type_name)
    if known is None:
        raise _problem(
            QT_TRANSLATE_NOOP("Errors", "Unknown licence type '{value}': an administrator must add it before importing."),
            value=type_name,
        )
    number = _text(values["number"], "number", TEXT_LIMITS["number"], required=True)
    identifier = _identifier(values["identifier"], known)  # its errors name the licence identifier
    clash = number_clash(number, known, identifier.serial_number, today)
    if clash is not None:
        raise _problem(
            QT_TRANSLATE_NOOP(
                "Errors",
                "The number {number} carries the serial {written}, but its identifier's serial is {serial}: a licence issued "
                "here later with the serial {written} would get the same number.",
            ),
            number=number,
            written=clash,
            serial=identifier.serial_number,
        )
    kind = parse_holder_kind(_word(values.get("holder_kind", ""), "holder_kind"))
    # Its errors name the credit code or the ID number: the holder_code column's.
    kind, code = parse_holder(_word(values["holder_code"], "holder_code"), kind, today)
    holder_name = _text(
        values["holder_name"], "holder_name", NAME_MAX if kind is ApplicantKind.ENTERPRISE else PERSON_NAME_MAX, required=True
    )
    legal_representative = _text(values.get("legal_representative", ""), "legal_representative", TEXT_LIMITS["legal_representative"])
    address = _text(values.get("address", ""), "address", TEXT_LIMITS["address"])
    scope = _text(values["scope"], "scope", TEXT_LIMITS["scope"], multiline=True)
    issued_on = parse_import_date(_word(values["issued_on"], "issued_on"), "issued_on")
    valid_from = parse_import_date(_word(values["valid_from"], "valid_from"), "valid_from")
    end = _word(values["valid_to"], "valid_to")
    valid_to = None if end in WITHOUT_END_WORDS else parse_import_date(end, "valid_to")
    if issued_on > today:
        raise _problem(
            QT_TRANSLATE_NOOP("Errors", "The licence is issued on {issued_on}, after today ({today})."),
            issued_on=issued_on.isoformat(),
            today=today.isoformat(),
        )
    if valid_to is not None and valid_to < valid_from:
        raise _problem(
            QT_TRANSLATE_NOOP("Errors", "The licence is valid to {valid_to}, before it is valid from ({valid_from})."),
            valid_to=valid_to.isoformat(),
            valid_from=valid_from.isoformat(),
        )
    if valid_to is not None and valid_to < issued_on:
        raise _problem(
            QT_TRANSLATE_NOOP("Errors", "The licence is valid to {valid_to}, before it was issued ({issued_on})."),
            valid_to=valid_to.isoformat(),
            issued_on=issued_on.isoformat(),
        )
    authority = _text(values.get("authority", ""), "authority", TEXT_LIMITS["authority"]) or known.authority
    hall_text = _word(values["hall"], "hall")
    hall_id = halls.get(hall_text.upper(), halls.get(hall_text))
    if hall_id is None:
        raise _problem(
            QT_TRANSLATE_NOOP("Errors", "Unknown hall '{value}': use a hall's code, such as {codes}.")
            if hall_text
            else QT_TRANSLATE_NOOP("Errors", "{column} is empty; it needs a hall's code, such as {codes}."),
            value=hall_text,
            column=COLUMN_TERMS["hall"],
            codes=", ".join(sorted(name for name in halls if name.isascii())[:6]),
        )
    status = parse_status(_word(values.get("status", ""), "status"))
    reason = _text(values.get("status_reason", ""), "status_reason", TEXT_LIMITS["status_reason"], multiline=True)
    if status is not LicenceStatus.VALID and not reason:
        raise _problem(
            QT_TRANSLATE_NOOP("Errors", "The status {status} needs its reason in {column}."),
            status=status.value,
            column=COLUMN_TERMS["status_reason"],
        )
    return LicenceRow(
        line=line,
        licence_type=known.name,
        number=number,
        identifier=identifier,
        holder_kind=kind,
        holder_code=code,
        holder_name=holder_name,
        legal_representative=legal_representative,
        address=address,
        scope=scope,
        issued_on=issued_on,
        valid_from=valid_from,
        valid_to=valid_to,
        authority=authority,
        hall_id=hall_id,
        status=status,
        status_reason=reason or None,
    )
