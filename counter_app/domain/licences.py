"""Licences (证照): the GB/T 36904 identifier and its ISO/IEC 7064 MOD 37,36 check character,
the national status codes (expiry derived, never stored by a nightly job), the moves a
supervisor may make, and renewal (延续, 行政许可法 §50) on commitment (告知承诺).

Pure rules, no I/O: the services build their statements and checks from these.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import Enum
from typing import Literal, get_args

from counter_app.domain.applicants import HOLDER_CODE_TYPE, ApplicantKind
from counter_app.domain.cases import DueDate, LimitUnit, TimeLimit, add_months, due_date
from counter_app.domain.identifiers import CENTRAL_DIVISION, PROVINCE_CODES, IdentifierError, parse_credit_code
from counter_app.domain.working_days import WorkingCalendar
from counter_app.errors import ConflictError, ValidationError
from counter_app.i18n import QT_TRANSLATE_NOOP, Term

# ---------------------------------------------------------------- ISO/IEC 7064 MOD 37,36

# ISO/IEC 7064 (GB/T 17710) hybrid system MOD 37,36: 36 characters, valued 0..35 in this order.
MOD37_36_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_M = len(MOD37_36_ALPHABET)  # 36


def _mod37_36_state(text: str) -> int:
    """P_{n+1} of the hybrid system after the characters of ``text`` (each of the alphabet).

    P_1 = M; S_j = (P_j + a_j) ||_M (the remainder mod M, a remainder 0 written M);
    P_{j+1} = (S_j ||_M × 2) mod (M+1). P is never 0 (M+1 = 37 is prime)."""
    p = _M
    for char in text:
        value = MOD37_36_ALPHABET.find(char)
        if value < 0:
            raise ValueError(f"{char!r} is not one of 0-9 A-Z (MOD 37,36)")
        s = (p + value) % _M or _M
        p = (s * 2) % (_M + 1)
    return p


def check_character_mod37_36(text: str) -> str:
    """The check character that follows ``text`` (characters of ``0-9A-Z``; else ``ValueError``).

    It is the character a_{n+1} with (P_{n+1} + a_{n+1}) ||_M = 1. The hybrid system
    detects every single substitution; an adjacent transposition x y → y x is missed only
    when the running value before them gives (P + x, P + y) ≡ (18, 19) or (19, 18) mod 36
    (both orders then lead to the same P): about 0.16 % of transpositions, a property of
    the standard, not of this code (see the tests)."""
    return MOD37_36_ALPHABET[(_M + 1 - _mod37_36_state(text)) % _M]


def is_valid_mod37_36(text_with_check: str) -> bool:
    """Whether the last character of ``text_with_check`` is the MOD 37,36 check of the rest.

    False (never an exception) for an empty text or a character outside ``0-9A-Z``."""
    if not text_with_check or any(char not in MOD37_36_ALPHABET for char in text_with_check):
        return False
    return (_mod37_36_state(text_with_check[:-1]) + MOD37_36_ALPHABET.index(text_with_check[-1])) % _M == 1


# ---------------------------------------------------------------- GB/T 36904 identifier

LICENCE_ROOT = "1.2.156.3005.2."  # the OID arc of electronic licences: every identifier starts so
TYPE_CODE_LENGTH = 21  # the defining authority's credit code (18) + a 3-digit number
CREDIT_CODE_LENGTH = 18
REGION_CODE_LENGTH = 6
# DOMAIN.md does not fix the serial's width: identifiers read are accepted with 1 to 20
# digits (as written: leading zeros count for the check character); identifiers built here
# write the serial with at least 7 digits (10 million licences of a type per issuer).
SERIAL_WIDTH = 7
SERIAL_MAX_DIGITS = 20
VERSION_WIDTH = 3
FIELD_COUNT = 5  # type code, issuer code, serial, version, check character

LicenceIdentifierReason = Literal[
    "empty",  # nothing entered
    "root",  # does not start with 1.2.156.3005.2.
    "fields",  # not 5 fields after the root
    "type_code",  # type code: not a credit code + 3 digits
    "issuer_code",  # issuer code: neither a credit code nor a 6-digit region code
    "serial",  # serial: not 1 to 20 digits
    "version",  # version: not 3 digits from 001
    "check",  # wrong check character
]
LICENCE_IDENTIFIER_REASONS: frozenset[str] = frozenset(get_args(LicenceIdentifierReason))


class LicenceIdentifierError(ValidationError):
    """A wrong licence identifier; ``reason`` names the way it is wrong. ``detail`` is the
    credit code's own error when a credit code inside it is wrong (its message may be shown too)."""

    def __init__(self, reason: LicenceIdentifierReason, template: str, detail: IdentifierError | None = None, **params: object) -> None:
        super().__init__(template, **params)
        self.reason: LicenceIdentifierReason = reason
        self.detail = detail


@dataclass(frozen=True)
class LicenceIdentifier:
    """A checked GB/T 36904 licence identifier, split into its fields."""

    value: str  # the whole identifier, normalised
    type_code: str  # 21 characters: the defining authority's credit code + 3 digits
    issuer_code: str  # the issuing agency's credit code (18) or a region code (6 digits)
    serial: str  # digits, as written
    version: int  # 1..999
    check: str  # one of 0-9 A-Z

    @property
    def defining_authority(self) -> str:
        """The credit code of the authority that defined the licence type."""
        return self.type_code[:CREDIT_CODE_LENGTH]

    @property
    def issuer_is_region(self) -> bool:
        return len(self.issuer_code) == REGION_CODE_LENGTH

    @property
    def serial_number(self) -> int:
        return int(self.serial)

    @property
    def without_root(self) -> str:
        """The fields after ``1.2.156.3005.2.`` (what a QR payload carries)."""
        return self.value[len(LICENCE_ROOT) :]


_ID_EMPTY = QT_TRANSLATE_NOOP("Errors", "Enter the licence identifier.")
_ID_ROOT = QT_TRANSLATE_NOOP("Errors", "A licence identifier starts with 1.2.156.3005.2. (GB/T 36904); this one starts with “{start}”.")
_ID_FIELDS = QT_TRANSLATE_NOOP(
    "Errors",
    "A licence identifier has 5 fields after 1.2.156.3005.2. (type code, issuer code, serial, version, check character), "
    "separated by dots; this one has {count}.",
)
_ID_TYPE_LENGTH = QT_TRANSLATE_NOOP(
    "Errors", "The licence type code “{code}” should have 21 characters (a credit code and 3 digits); it has {length}."
)
_ID_TYPE_CREDIT = QT_TRANSLATE_NOOP(
    "Errors", "Characters 1 to 18 of the licence type code (“{code}”) are not a valid unified social credit code."
)
_ID_TYPE_NUMBER = QT_TRANSLATE_NOOP("Errors", "The licence type code must end with 3 digits, not “{number}”.")
_ID_ISSUER = QT_TRANSLATE_NOOP(
    "Errors", "The issuer code “{code}” is neither an 18-character unified social credit code nor a 6-digit region code."
)
_ID_ISSUER_CREDIT = QT_TRANSLATE_NOOP("Errors", "The issuer code “{code}” is not a valid unified social credit code.")
_ID_ISSUER_REGION = QT_TRANSLATE_NOOP("Errors", "The issuer code “{code}” is not an administrative region code.")
_ID_SERIAL = QT_TRANSLATE_NOOP("Errors", "The serial of a licence identifier is 1 to 20 digits, not “{serial}”.")
_ID_VERSION = QT_TRANSLATE_NOOP("Errors", "The version of a licence identifier is 3 digits from 001 to 999, not “{version}”.")
_ID_CHECK = QT_TRANSLATE_NOOP(
    "Errors", "The check character of the licence identifier should be {expected}, not {given}: it was probably mistyped."
)


def _normalise(text: str) -> str:
    """Full-width characters (Chinese input methods) become ASCII, letters capitals, outer blanks go."""
    return unicodedata.normalize("NFKC", text).strip().upper()


def _check_type_code(code: str) -> str:
    if len(code) != TYPE_CODE_LENGTH:
        raise LicenceIdentifierError("type_code", _ID_TYPE_LENGTH, code=code, length=len(code))
    try:
        parse_credit_code(code[:CREDIT_CODE_LENGTH])
    except IdentifierError as error:
        raise LicenceIdentifierError("type_code", _ID_TYPE_CREDIT, detail=error, code=code[:CREDIT_CODE_LENGTH]) from error
    number = code[CREDIT_CODE_LENGTH:]
    if not (number.isascii() and number.isdigit()):
        raise LicenceIdentifierError("type_code", _ID_TYPE_NUMBER, number=number)
    return code


def _check_issuer_code(code: str) -> str:
    if len(code) == CREDIT_CODE_LENGTH:
        try:
            return parse_credit_code(code).value
        except IdentifierError as error:
            raise LicenceIdentifierError("issuer_code", _ID_ISSUER_CREDIT, detail=error, code=code) from error
    if len(code) == REGION_CODE_LENGTH and code.isascii() and code.isdigit():
        if code != CENTRAL_DIVISION and int(code[:2]) not in PROVINCE_CODES:
            raise LicenceIdentifierError("issuer_code", _ID_ISSUER_REGION, code=code)
        return code
    raise LicenceIdentifierError("issuer_code", _ID_ISSUER, code=code)


def _check_serial(serial: str) -> str:
    if not (serial.isascii() and serial.isdigit() and len(serial) <= SERIAL_MAX_DIGITS):
        raise LicenceIdentifierError("serial", _ID_SERIAL, serial=serial)
    return serial


def _check_version(version: str) -> int:
    if not (len(version) == VERSION_WIDTH and version.isascii() and version.isdigit() and int(version) >= 1):
        raise LicenceIdentifierError("version", _ID_VERSION, version=version)
    return int(version)


def licence_identifier(type_code: str, issuer_code: str, serial: int, version: int = 1) -> str:
    """The GB/T 36904 identifier of a licence: ``1.2.156.3005.2.<type>.<issuer>.<serial>.<version>.<check>``.

    The serial is written with at least ``SERIAL_WIDTH`` digits, the version with 3; a code,
    serial or version that cannot be in an identifier raises ``LicenceIdentifierError``."""
    type_code = _check_type_code(_normalise(type_code))
    issuer_code = _check_issuer_code(_normalise(issuer_code))
    serial_text = _check_serial(f"{serial:0{SERIAL_WIDTH}d}" if serial >= 0 else str(serial))
    version_text = f"{version:0{VERSION_WIDTH}d}" if 1 <= version <= 999 else str(version)
    _check_version(version_text)
    body = f"{type_code}.{issuer_code}.{serial_text}.{version_text}"
    return f"{LICENCE_ROOT}{body}.{check_character_mod37_36(body.replace('.', ''))}"


def parse_licence_identifier(text: str) -> LicenceIdentifier:
    """Check a licence identifier as typed or scanned; raise ``LicenceIdentifierError`` saying what is wrong."""
    value = _normalise(text)
    if not value:
        raise LicenceIdentifierError("empty", _ID_EMPTY)
    if not value.startswith(LICENCE_ROOT):
        raise LicenceIdentifierError("root", _ID_ROOT, start=value[: len(LICENCE_ROOT)])
    parts = value[len(LICENCE_ROOT) :].split(".")
    if len(parts) != FIELD_COUNT:
        raise LicenceIdentifierError("fields", _ID_FIELDS, count=len(parts))
    type_code, issuer_code, serial, version_text, check = parts
    _check_type_code(type_code)
    _check_issuer_code(issuer_code)
    _check_serial(serial)
    version = _check_version(version_text)
    expected = check_character_mod37_36(f"{type_code}{issuer_code}{serial}{version_text}")
    if check != expected:
        raise LicenceIdentifierError("check", _ID_CHECK, expected=expected, given=check)
    return LicenceIdentifier(value, type_code, issuer_code, serial, version, check)


# ---------------------------------------------------------------- holders


def holder_code_type(kind: ApplicantKind) -> str:
    """The national holder code type: 001 credit code, 111 resident ID."""
    return HOLDER_CODE_TYPE[kind]


def holder_kind(code_type: str) -> ApplicantKind:
    """The kind of holder of a national holder code type (``KeyError`` for another type)."""
    return {value: kind for kind, value in HOLDER_CODE_TYPE.items()}[code_type]


# ---------------------------------------------------------------- status


class LicenceStatus(str, Enum):
    """The national licence status codes. There is no code for "replaced by a renewal":
    that is a fact of its own (the new licence's ``replaced_by`` link), see ``effective_status``."""

    VALID = "01"  # 有效
    SUSPENDED = "02"  # 暂扣
    REVOKED = "03"  # 撤销 (行政许可法 §69)
    CANCELLED = "04"  # 注销 (§70)
    LAPSED = "05"  # 失效
    WITHDRAWN = "07"  # 吊销: withdrawn as a penalty


STATUS_TERMS: Mapping[LicenceStatus, Term] = {
    LicenceStatus.VALID: Term(QT_TRANSLATE_NOOP("Terms", "valid")),
    LicenceStatus.SUSPENDED: Term(QT_TRANSLATE_NOOP("Terms", "suspended")),
    LicenceStatus.REVOKED: Term(QT_TRANSLATE_NOOP("Terms", "revoked")),
    LicenceStatus.CANCELLED: Term(QT_TRANSLATE_NOOP("Terms", "cancelled")),
    LicenceStatus.LAPSED: Term(QT_TRANSLATE_NOOP("Terms", "lapsed")),
    # not plain "withdrawn": that Term is a case's 撤回 (services.cases.views)
    LicenceStatus.WITHDRAWN: Term(QT_TRANSLATE_NOOP("Terms", "withdrawn as a penalty")),
}

# Decisions that end a licence for good: they stand whatever its dates or a renewal say.
FINAL_STATUSES = frozenset({LicenceStatus.REVOKED, LicenceStatus.CANCELLED, LicenceStatus.LAPSED, LicenceStatus.WITHDRAWN})


def is_expired(valid_to: date, today: date) -> bool:
    """A licence is in force to the end of its last day."""
    return valid_to < today


def effective_status(stored_status: LicenceStatus, valid_to: date, today: date, replaced: bool) -> LicenceStatus:
    """The status a licence has today (shown, exported, checked), derived from what is stored.

    A final decision (03, 04, 07, or 05 as imported) stands. Otherwise a licence replaced by
    a renewal, or whose ``valid_to`` has passed, is LAPSED (05 失效: no longer in force, with
    no decision against the holder; the national codes have none for "replaced", the
    ``replaced_by`` link says which licence took over). A suspension ends with the licence's
    validity: an expired suspended licence is LAPSED too. Nothing needs a nightly job."""
    if stored_status in FINAL_STATUSES:
        return stored_status
    if replaced or is_expired(valid_to, today):
        return LicenceStatus.LAPSED
    return stored_status


class LicenceAction(str, Enum):
    SUSPEND = "suspend"  # 暂扣
    REINSTATE = "reinstate"  # 发还: the suspension ends
    REVOKE = "revoke"  # 撤销 §69
    CANCEL = "cancel"  # 注销 §70
    WITHDRAW = "withdraw"  # 吊销 (a penalty)


IN_FORCE_OR_SUSPENDED = frozenset({LicenceStatus.VALID, LicenceStatus.SUSPENDED})

# action -> (the effective statuses it may start from, the status it stores). Supervisors only.
MOVES: Mapping[LicenceAction, tuple[frozenset[LicenceStatus], LicenceStatus]] = {
    LicenceAction.SUSPEND: (frozenset({LicenceStatus.VALID}), LicenceStatus.SUSPENDED),
    LicenceAction.REINSTATE: (frozenset({LicenceStatus.SUSPENDED}), LicenceStatus.VALID),
    LicenceAction.REVOKE: (IN_FORCE_OR_SUSPENDED, LicenceStatus.REVOKED),
    # §70 (1): a licence that expired without renewal is cancelled too, so also from LAPSED.
    LicenceAction.CANCEL: (IN_FORCE_OR_SUSPENDED | {LicenceStatus.LAPSED}, LicenceStatus.CANCELLED),
    LicenceAction.WITHDRAW: (IN_FORCE_OR_SUSPENDED, LicenceStatus.WITHDRAWN),
}
# The words for "it cannot be {action} now".
ACTION_TERMS: Mapping[LicenceAction, Term] = {
    LicenceAction.SUSPEND: STATUS_TERMS[LicenceStatus.SUSPENDED],
    LicenceAction.REINSTATE: Term(QT_TRANSLATE_NOOP("Terms", "reinstated")),
    LicenceAction.REVOKE: STATUS_TERMS[LicenceStatus.REVOKED],
    LicenceAction.CANCEL: STATUS_TERMS[LicenceStatus.CANCELLED],
    LicenceAction.WITHDRAW: STATUS_TERMS[LicenceStatus.WITHDRAWN],
}
# Every move but a reinstatement keeps its reason (the decision's grounds).
NEEDS_REASON = frozenset({LicenceAction.SUSPEND, LicenceAction.REVOKE, LicenceAction.CANCEL, LicenceAction.WITHDRAW})

_LICENCE_NOT_NOW = QT_TRANSLATE_NOOP("Errors", "Licence {number} is {status}: it cannot be {action} now.")


def next_licence_status(
    action: LicenceAction, current: LicenceStatus, *, number: str, status_term: str = "", action_term: str = ""
) -> LicenceStatus:
    """The status to store after ``action``, or ``ConflictError`` saying why it cannot happen.

    ``current`` is the licence's ``effective_status`` (so an expired suspended licence is
    not reinstated); ``status_term`` / ``action_term``: the words for the message, by
    default ``STATUS_TERMS`` / ``ACTION_TERMS`` (translated when the message is shown)."""
    allowed, target = MOVES[action]
    if current not in allowed:
        raise ConflictError(
            _LICENCE_NOT_NOW, number=number, status=status_term or STATUS_TERMS[current], action=action_term or ACTION_TERMS[action]
        )
    return target


# ---------------------------------------------------------------- renewal (延续)

# 行政许可法 §50: renewal is applied for 30 days before expiry unless a law or rule says otherwise.
STATUTORY_RENEWAL_NOTICE_DAYS = 30


@dataclass(frozen=True)
class RenewalRule:
    """How a licence type is renewed.

    ``window_days_before``: how many days before the end of validity an application is
    accepted (§50's 30 days unless the type's rule says otherwise); ``grace_days_after``:
    how many days after it a renewal is still accepted (0: none; later, a new licence is
    applied for); ``renew_on_commitment``: renewed on the spot on commitment (延期换证承诺即办);
    ``negative_list``: the type is on the negative list (负面清单) that excludes the commitment route."""

    window_days_before: int = STATUTORY_RENEWAL_NOTICE_DAYS
    grace_days_after: int = 0
    renew_on_commitment: bool = False
    negative_list: bool = False

    def __post_init__(self) -> None:
        if self.window_days_before < 0 or self.grace_days_after < 0:
            raise ValueError(f"renewal days must be 0 or more: {self}")


@dataclass(frozen=True)
class LicenceFacts:
    """What the renewal rules need of a licence (as stored)."""

    number: str  # the licence's number as printed
    identifier: str  # GB/T 36904
    status: LicenceStatus  # stored status (not effective: expiry is derived)
    valid_from: date
    valid_to: date
    holder_kind: ApplicantKind
    holder_code: str
    replaced: bool = False  # a renewal replaced it already


RefusalReason = Literal[
    "no_commitment",  # the type is not renewed on commitment
    "negative_list",  # the type is on the negative list
    "not_valid",  # suspended, revoked, cancelled, withdrawn (or imported as lapsed)
    "replaced",  # a renewal replaced it already
    "lapsed",  # expired beyond the grace period
    "window_not_open",  # too early
    "holder_mismatch",  # the applicant does not hold it
    "holder_barred",  # the applicant is barred from the commitment route (bad credit)
]
REFUSAL_REASONS: frozenset[str] = frozenset(get_args(RefusalReason))


@dataclass(frozen=True)
class Refusal:
    """One reason a licence cannot be renewed on commitment: a code and an English template
    (marked for translation) with its parameters, like a ``UserError``."""

    reason: RefusalReason
    template: str
    params: Mapping[str, object] = field(default_factory=dict)

    def english(self) -> str:
        return self.template.format(**self.params)


_NO_COMMITMENT = QT_TRANSLATE_NOOP(
    "Errors", "Licences of this type are not renewed on commitment: use the ordinary renewal procedure."
)
_NEGATIVE_LIST = QT_TRANSLATE_NOOP(
    "Errors", "This licence type is on the negative list: it cannot be renewed on commitment."
)
_NOT_VALID = QT_TRANSLATE_NOOP("Errors", "Licence {number} is {status}: only a valid licence can be renewed.")
_REPLACED = QT_TRANSLATE_NOOP("Errors", "Licence {number} has already been replaced by a renewal.")
_LAPSED = QT_TRANSLATE_NOOP(
    "Errors", "Licence {number} expired on {valid_to} and could be renewed until {closes}: apply for a new licence."
)
_NOT_OPEN = QT_TRANSLATE_NOOP(
    "Errors", "Renewal of licence {number} opens on {opens}, {days} days before it expires on {valid_to}."
)
_HOLDER_MISMATCH = QT_TRANSLATE_NOOP("Errors", "The applicant is not the holder of licence {number}.")
_HOLDER_BARRED = QT_TRANSLATE_NOOP("Errors", "The applicant is barred from the commitment route: {reason}")


def renewal_window(valid_to: date, rule: RenewalRule) -> tuple[date, date]:
    """The first and the last day (both included) a renewal may be applied for.

    Note that §50's 30 days are, for an ordinary renewal, the *latest* day to apply (so that
    the agency can decide before expiry: ``statutory_application_deadline``); a renewal on
    commitment is decided on the spot, so its window runs to the end of validity plus grace."""
    return valid_to - timedelta(days=rule.window_days_before), valid_to + timedelta(days=rule.grace_days_after)


def statutory_application_deadline(valid_to: date) -> date:
    """§50: the last day to apply for an ordinary renewal (30 days before the end of validity)."""
    return valid_to - timedelta(days=STATUTORY_RENEWAL_NOTICE_DAYS)


def _same_code(left: str, right: str) -> bool:
    return _normalise(left) == _normalise(right)


def renewal_refusals(
    rule: RenewalRule,
    licence: LicenceFacts,
    applicant_kind: ApplicantKind,
    applicant_code: str,
    barred_reason: str | None,
    today: date,
) -> list[Refusal]:
    """Every reason ``licence`` cannot be renewed on commitment today for this applicant
    (empty: it can), so that the clerk tells the applicant all of them at once (§32's spirit).

    ``barred_reason``: why the applicant is barred from the commitment route (an active
    bar, 国办发〔2020〕42号: bad credit), or None."""
    refusals: list[Refusal] = []
    number = licence.number
    if not rule.renew_on_commitment:
        refusals.append(Refusal("no_commitment", _NO_COMMITMENT))
    if rule.negative_list:
        refusals.append(Refusal("negative_list", _NEGATIVE_LIST))
    if licence.status is not LicenceStatus.VALID:
        refusals.append(Refusal("not_valid", _NOT_VALID, {"number": number, "status": STATUS_TERMS[licence.status]}))
    if licence.replaced:
        refusals.append(Refusal("replaced", _REPLACED, {"number": number}))
    opens, closes = renewal_window(licence.valid_to, rule)
    if today > closes:
        refusals.append(
            Refusal("lapsed", _LAPSED, {"number": number, "valid_to": licence.valid_to.isoformat(), "closes": closes.isoformat()})
        )
    elif today < opens:
        refusals.append(
            Refusal(
                "window_not_open",
                _NOT_OPEN,
                {"number": number, "opens": opens.isoformat(), "days": rule.window_days_before, "valid_to": licence.valid_to.isoformat()},
            )
        )
    if applicant_kind is not licence.holder_kind or not _same_code(applicant_code, licence.holder_code):
        refusals.append(Refusal("holder_mismatch", _HOLDER_MISMATCH, {"number": number}))
    if barred_reason is not None:
        refusals.append(Refusal("holder_barred", _HOLDER_BARRED, {"reason": barred_reason}))
    return refusals


def new_validity(old_valid_to: date, today: date, validity_months: int) -> tuple[date, date]:
    """The validity of the licence that renews one valid to ``old_valid_to``.

    It runs from the day after the old one ends (no gap, no overlap), or from ``today`` if
    the old one has lapsed, for ``validity_months`` months: to the day before the same day
    that many months later (``cases.add_months``: the 31st of a shorter month is its last day)."""
    if validity_months <= 0:
        raise ValueError(f"a validity needs a positive number of months, not {validity_months}")
    valid_from = old_valid_to + timedelta(days=1) if not is_expired(old_valid_to, today) else today
    return valid_from, add_months(valid_from, validity_months) - timedelta(days=1)


# ---------------------------------------------------------------- inspection after commitment


def inspection_due(issued_on: date, working_days: int, calendar: WorkingCalendar) -> DueDate:
    """When the check of what the holder committed to (核查) is due: ``working_days`` working
    days after the licence was issued, counted as a case's limit (from the next day;
    provisional when a year's holidays are not known)."""
    due = due_date(TimeLimit(LimitUnit.WORKING_DAYS, working_days), issued_on, calendar)
    assert due is not None  # a limit in working days always has a due date
    return due


_NOT_PRINTABLE = QT_TRANSLATE_NOOP("Errors", "Licence {number} is {status}: only a valid licence is printed.")


def print_refusal(status: LicenceStatus, number: str) -> tuple[str, dict[str, object]] | None:
    """Why a licence may not be printed (a template and its parameters), or None: only a
    licence valid today is printed, so no paper shows what the register no longer holds
    (a replaced one is lapsed: its successor is printed instead)."""
    if status is LicenceStatus.VALID:
        return None
    return _NOT_PRINTABLE, {"number": number, "status": STATUS_TERMS[status]}
