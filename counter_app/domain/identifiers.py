"""Check characters and structure of 统一社会信用代码 (GB 32100-2015) and
居民身份证号码 (GB 11643-1999), with one clear message for each way an input is wrong.

Staff type these from paper documents, so each message says exactly what is wrong and
where (a character's position, the check character expected), to make retyping quick.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Literal, get_args

from counter_app.errors import ValidationError
from counter_app.i18n import QT_TRANSLATE_NOOP

# GB 32100-2015: the 31 characters of a credit code, in order of their value.
CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
CREDIT_NEVER_USED = "IOZSV"
# Registration authorities (登记管理部门代码): 1 机构编制, 2 外交, 3 司法行政, 4 文化, 5 民政,
# 6 旅游, 7 宗教, 8 工会, 9 工商, A 中央军委改革和编制办公室, N 农业, Y 其他.
CREDIT_AUTHORITIES = frozenset("123456789ANY")
# Organisation category (机构类别代码): which digits are used depends on the authority;
# kept lenient on purpose, so that a category added by a later authority is not refused.
CREDIT_CATEGORIES = frozenset("123456789Y")

# GB 11643-1999: weights of the 17 body digits, and the check character for Σ mod 11.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"

# First two digits of an administrative division code (GB/T 2260): the provinces,
# plus 71 台湾, 81 香港, 82 澳门.
PROVINCE_CODES = frozenset(
    {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
     50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82}
)
# Characters 3-8 of the credit code of an organisation registered at central level
# (ministries such as 住房和城乡建设部: 11100000…): 100000 stands for the whole country.
CENTRAL_DIVISION = "100000"
# The ID numbers of 港澳台居民居住证 (residence permits, 国办发〔2018〕81号) follow GB 11643 with
# the address codes 810000 香港, 820000 澳门 and 830000 台湾; 83 is no GB/T 2260 province.
ID_REGION_PREFIXES = PROVINCE_CODES | {83}
EARLIEST_BIRTH = date(1900, 1, 1)
LENGTH = 18
BODY_LENGTH = 17
# GB 11643-1989 (first-generation cards): 6-digit region, birth date YYMMDD (19YY), 3-digit
# sequence, no check character. No longer valid: the clerk asks for the current card.
OLD_LENGTH = 15

Reason = Literal[
    "empty",  # nothing entered
    "length",  # not 18 characters
    "character",  # a character that cannot be at its position
    "authority",  # credit code: first character not a registration authority
    "category",  # credit code: second character not an organisation category
    "region",  # division / region code not in a known province
    "birth_date",  # ID: digits 7-14 are not a calendar date
    "birth_future",  # ID: date of birth after today
    "birth_early",  # ID: date of birth before 1900
    "check",  # wrong check character
    "old_15_digit",  # ID: an old 15-digit number (GB 11643-1989), the 18-digit one is needed
]
REASONS: frozenset[str] = frozenset(get_args(Reason))


class IdentifierError(ValidationError):
    """A wrong identifier; ``reason`` names the way it is wrong (for tests and statistics)."""

    def __init__(self, reason: Reason, template: str, **params: object) -> None:
        super().__init__(template, **params)
        self.reason: Reason = reason


def _normalise(text: str) -> str:
    """Full-width digits and letters (common with Chinese input methods) become ASCII;
    surrounding blanks go, inner ones stay so that they are reported, not silently dropped."""
    return unicodedata.normalize("NFKC", text).strip().upper()


def check_character_credit_code(first17: str) -> str:
    """The 18th character of a credit code whose first 17 characters are ``first17``.

    ``first17`` must already be 17 characters of ``CREDIT_ALPHABET`` (else ``ValueError``:
    a programming error; user input goes through ``parse_credit_code``).
    """
    if len(first17) != BODY_LENGTH or any(char not in CREDIT_ALPHABET for char in first17):
        raise ValueError(f"not 17 credit code characters: {first17!r}")
    total = sum(CREDIT_ALPHABET.index(char) * weight for char, weight in zip(first17, CREDIT_WEIGHTS, strict=True))
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def check_character_resident_id(first17: str) -> str:
    """The 18th character (a digit or X) of an ID number whose first 17 digits are ``first17``.

    ``first17`` must already be 17 ASCII digits (else ``ValueError``: a programming error).
    """
    if len(first17) != BODY_LENGTH or not (first17.isascii() and first17.isdigit()):
        raise ValueError(f"not 17 digits: {first17!r}")
    total = sum(int(char) * weight for char, weight in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11]


@dataclass(frozen=True)
class CreditCode:
    """A checked 统一社会信用代码, split into the parts GB 32100 defines."""

    value: str  # the normalised 18 characters
    registration_authority: str  # character 1
    organisation_category: str  # character 2
    division_code: str  # characters 3-8: 登记管理机关行政区划码
    organisation_code: str  # characters 9-17: 主体标识码 (组织机构代码)


@dataclass(frozen=True)
class ResidentId:
    """A checked 居民身份证号码 and what it says about its holder."""

    value: str  # the normalised 18 characters (a final x is written X)
    region_code: str  # digits 1-6: 地址码
    birth_date: date  # digits 7-14
    sex: Literal["male", "female"]  # digit 17 (顺序码 end): odd for men, even for women


def parse_credit_code(text: str) -> CreditCode:
    """Check a 统一社会信用代码; raise ``IdentifierError`` saying what is wrong."""
    code = _normalise(text)
    if not code:
        raise IdentifierError("empty", QT_TRANSLATE_NOOP("Errors", "Enter the unified social credit code."))
    if len(code) != LENGTH:
        raise IdentifierError(
            "length",
            QT_TRANSLATE_NOOP("Errors", "A unified social credit code has 18 characters; this one has {length}."),
            length=len(code),
        )
    for position, char in enumerate(code, start=1):
        if char not in CREDIT_ALPHABET:
            raise IdentifierError(
                "character",
                QT_TRANSLATE_NOOP(
                    "Errors",
                    "Character {position} ('{char}') cannot be in a unified social credit code: only digits and "
                    "capital letters, never I, O, Z, S or V.",
                ),
                position=position,
                char=char,
            )
    if code[0] not in CREDIT_AUTHORITIES:
        raise IdentifierError(
            "authority",
            QT_TRANSLATE_NOOP(
                "Errors", "The first character ('{char}') is not a registration authority code of GB 32100."
            ),
            char=code[0],
        )
    if code[1] not in CREDIT_CATEGORIES:
        raise IdentifierError(
            "category",
            QT_TRANSLATE_NOOP(
                "Errors", "The second character ('{char}') is not an organisation category code: it is 1 to 9 or Y."
            ),
            char=code[1],
        )
    division = code[2:8]
    if division != CENTRAL_DIVISION and (not division.isdigit() or int(division[:2]) not in PROVINCE_CODES):
        raise IdentifierError(
            "region",
            QT_TRANSLATE_NOOP(
                "Errors", "Characters 3 to 8 ('{division}') are not an administrative division code."
            ),
            division=division,
        )
    expected = check_character_credit_code(code[:BODY_LENGTH])
    if code[BODY_LENGTH] != expected:
        raise IdentifierError(
            "check",
            QT_TRANSLATE_NOOP(
                "Errors",
                "The check character should be {expected}, not {given}: the code was probably mistyped.",
            ),
            expected=expected,
            given=code[BODY_LENGTH],
        )
    return CreditCode(code, code[0], code[1], division, code[8:BODY_LENGTH])


def parse_resident_id(text: str, today: date | None = None) -> ResidentId:
    """Check an 18-digit 居民身份证号码; raise ``IdentifierError`` saying what is wrong.

    ``today`` (default: the real date) bounds the date of birth; tests pass a fixed day.
    """
    number = _normalise(text)
    if not number:
        raise IdentifierError("empty", QT_TRANSLATE_NOOP("Errors", "Enter the ID number."))
    if _is_old_15_digit(number):
        raise IdentifierError(
            "old_15_digit",
            QT_TRANSLATE_NOOP(
                "Errors",
                "This is an old 15-digit ID number (first-generation card), which is no longer valid: "
                "ask for the current card, the 18-digit ID number is needed.",
            ),
        )
    if len(number) != LENGTH:
        raise IdentifierError(
            "length",
            QT_TRANSLATE_NOOP("Errors", "An ID number has 18 characters; this one has {length}."),
            length=len(number),
        )
    for position, char in enumerate(number, start=1):
        if not (char.isascii() and char.isdigit()) and not (position == LENGTH and char == "X"):
            raise IdentifierError(
                "character",
                QT_TRANSLATE_NOOP(
                    "Errors",
                    "Character {position} ('{char}') cannot be in an ID number: 17 digits, then a digit or X.",
                ),
                position=position,
                char=char,
            )
    if int(number[:2]) not in ID_REGION_PREFIXES:
        raise IdentifierError(
            "region",
            QT_TRANSLATE_NOOP("Errors", "The first six digits ('{region}') are not a region code."),
            region=number[:6],
        )
    birth_text = number[6:14]
    try:
        birth = date(int(birth_text[:4]), int(birth_text[4:6]), int(birth_text[6:]))
    except ValueError:
        raise IdentifierError(
            "birth_date",
            QT_TRANSLATE_NOOP("Errors", "Digits 7 to 14 ('{birth}') are not a real date of birth."),
            birth=birth_text,
        ) from None
    if birth > (today or date.today()):
        raise IdentifierError(
            "birth_future",
            QT_TRANSLATE_NOOP("Errors", "The date of birth {birth} is in the future."),
            birth=birth.isoformat(),
        )
    if birth < EARLIEST_BIRTH:
        raise IdentifierError(
            "birth_early",
            QT_TRANSLATE_NOOP("Errors", "The date of birth {birth} is before 1900."),
            birth=birth.isoformat(),
        )
    expected = check_character_resident_id(number[:BODY_LENGTH])
    if number[BODY_LENGTH] != expected:
        raise IdentifierError(
            "check",
            QT_TRANSLATE_NOOP(
                "Errors",
                "The check character should be {expected}, not {given}: the number was probably mistyped.",
            ),
            expected=expected,
            given=number[BODY_LENGTH],
        )
    return ResidentId(number, number[:6], birth, "male" if int(number[16]) % 2 else "female")


def _is_old_15_digit(number: str) -> bool:
    """Whether ``number`` reads as a GB 11643-1989 number: 15 digits, a province, a 19YY date.

    Fifteen digits that are not (say, an 18-digit number with three digits lost) get the
    plain length message instead: asking for the current card would not help there.
    """
    if len(number) != OLD_LENGTH or not (number.isascii() and number.isdigit()):
        return False
    if int(number[:2]) not in PROVINCE_CODES:
        return False
    try:
        date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))
    except ValueError:
        return False
    return True
