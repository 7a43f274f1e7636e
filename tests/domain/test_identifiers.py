"""统一社会信用代码 and 居民身份证号码: every way to be wrong has its own message."""

from __future__ import annotations

import random
from datetime import date

import pytest

from counter_app.domain.identifiers import (
    CREDIT_ALPHABET,
    REASONS,
    IdentifierError,
    check_character_credit_code,
    check_character_resident_id,
    parse_credit_code,
    parse_resident_id,
)

TODAY = date(2026, 11, 22)

# Written out again here so that the tests do not just trust the module's tables.
HAND_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
HAND_CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
HAND_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]

# The example of GB 32100-2015, then well-known companies' published codes.
PUBLISHED_CREDIT_CODES = [
    "91350100M000100Y43",
    "91110000802100433B",  # 百度在线网络技术（北京）有限公司
    "91330100716105852F",  # 阿里巴巴（中国）有限公司
    "914403001922038216",  # 华为技术有限公司
    "91440300708461136T",  # 深圳市腾讯计算机系统有限公司
]


def _hand_credit_check(body: str) -> str:
    total = sum(HAND_ALPHABET.index(c) * w for c, w in zip(body, HAND_CREDIT_WEIGHTS, strict=True))
    return HAND_ALPHABET[(31 - total % 31) % 31]


def _hand_id_check(body: str) -> str:
    return "10X98765432"[sum(int(d) * w for d, w in zip(body, HAND_ID_WEIGHTS, strict=True)) % 11]


def _credit_error(text: str) -> IdentifierError:
    with pytest.raises(IdentifierError) as caught:
        parse_credit_code(text)
    return caught.value


def _id_error(text: str) -> IdentifierError:
    with pytest.raises(IdentifierError) as caught:
        parse_resident_id(text, today=TODAY)
    return caught.value


def test_the_standard_example_credit_code_by_hand() -> None:
    # 9 1 3 5 0 1 0 0 M 0 0 0 1 0 0 Y 4 has the values 9 1 3 5 0 1 0 0 21 0 0 0 1 0 0 30 4;
    # Σ value × weight = 1640, 1640 mod 31 = 28, 31 - 28 = 3 → check character "3".
    values = [9, 1, 3, 5, 0, 1, 0, 0, 21, 0, 0, 0, 1, 0, 0, 30, 4]
    assert values == [HAND_ALPHABET.index(c) for c in "91350100M000100Y4"]
    total = sum(v * w for v, w in zip(values, HAND_CREDIT_WEIGHTS, strict=True))
    assert (total, total % 31, HAND_ALPHABET[31 - total % 31]) == (1640, 28, "3")
    assert check_character_credit_code("91350100M000100Y4") == "3"
    code = parse_credit_code("91350100M000100Y43")
    assert (code.registration_authority, code.organisation_category) == ("9", "1")
    assert (code.division_code, code.organisation_code) == ("350100", "M000100Y4")


def test_published_credit_codes_by_hand() -> None:
    for code in PUBLISHED_CREDIT_CODES:
        assert _hand_credit_check(code[:17]) == code[17], code
        assert check_character_credit_code(code[:17]) == code[17]
        parsed = parse_credit_code(code)
        assert parsed.value == code
        assert (parsed.registration_authority, parsed.organisation_category) == ("9", "1")
        assert parsed.division_code == code[2:8] and parsed.organisation_code == code[8:17]


def test_a_central_level_credit_code_by_hand() -> None:
    # A ministry (机关, registered by 机构编制 at central level): 1 1 100000 + 主体标识码.
    # Values 1 1 1 0 0 0 0 0 0 0 0 0 1 3 1 2 7; Σ value × weight = 1 + 3 + 9 + 8 + 72 + 10 + 60
    # + 196 = 359, 359 mod 31 = 18, 31 - 18 = 13 → "D".
    body = "11100000000013127"
    values = [HAND_ALPHABET.index(c) for c in body]
    total = sum(v * w for v, w in zip(values, HAND_CREDIT_WEIGHTS, strict=True))
    assert (total, total % 31, HAND_ALPHABET[31 - total % 31]) == (359, 18, "D")
    code = parse_credit_code(body + "D")
    assert (code.registration_authority, code.organisation_category) == ("1", "1")
    assert (code.division_code, code.organisation_code) == ("100000", "000013127")
    assert _credit_error(body + "E").params == {"expected": "D", "given": "E"}


@pytest.mark.parametrize(
    "body",
    [
        "11100000MB0143820",  # a ministry with a new-style 主体标识码
        "12100000400010398",  # a central public institution (事业单位)
        "51100000500000510",  # a national social organisation (民政部: 社会团体)
        "53100000500021676",  # a national foundation (民政部: 基金会)
        "91100000100003962",  # an enterprise registered by the central market regulator
        "A1100000MB1234567",  # a military public institution (中央军委改革和编制办公室)
    ],
)
def test_central_level_credit_codes_are_accepted(body: str) -> None:
    code = parse_credit_code(body + _hand_credit_check(body))
    assert code.division_code == "100000"
    assert code.organisation_code == body[8:]


@pytest.mark.parametrize("division", ["100100", "100001", "101000", "000000", "999999", "10000A"])
def test_division_codes_near_the_central_one_are_still_refused(division: str) -> None:
    body = "11" + division + "000013127"
    error = _credit_error(body + _hand_credit_check(body))
    assert (error.reason, error.params) == ("region", {"division": division})


def test_published_resident_ids_by_hand() -> None:
    # 11010519491231002X, the example of GB 11643-1999: Σ = 167, 167 mod 11 = 2 → X.
    digits = [int(c) for c in "11010519491231002"]
    total = sum(d * w for d, w in zip(digits, HAND_ID_WEIGHTS, strict=True))
    assert (total, total % 11, "10X98765432"[total % 11]) == (167, 2, "X")
    person = parse_resident_id("11010519491231002X", today=TODAY)
    assert (person.region_code, person.birth_date, person.sex) == ("110105", date(1949, 12, 31), "female")
    man = parse_resident_id("110101199003077651", today=TODAY)
    assert _hand_id_check("11010119900307765") == "1"
    assert (man.birth_date, man.sex) == (date(1990, 3, 7), "male")
    # The standard's other example has a right check digit but a birth in 1880: refused for its date.
    assert _hand_id_check("44052418800101001") == check_character_resident_id("44052418800101001") == "4"
    assert _id_error("440524188001010014").reason == "birth_early"


def test_lower_case_and_full_width_input_is_normalised() -> None:
    assert parse_resident_id(" 11010519491231002x ", today=TODAY).value == "11010519491231002X"
    assert parse_resident_id("１１０１０５１９４９１２３１００２Ｘ", today=TODAY).value == "11010519491231002X"
    assert parse_resident_id("\u300011010519491231002ｘ\t", today=TODAY).value == "11010519491231002X"
    assert parse_credit_code("91350100m000100y43").value == "91350100M000100Y43"
    assert parse_credit_code("９１３５０１００Ｍ０００１００Ｙ４３").value == "91350100M000100Y43"


def test_inner_spaces_are_reported_not_removed() -> None:
    error = _credit_error("91350100M000 100Y4")
    assert (error.reason, error.params) == ("character", {"position": 13, "char": " "})
    assert _id_error("110105 19491231002").params == {"position": 7, "char": " "}
    assert _id_error("110105 19491231002X").params == {"length": 19}


@pytest.mark.parametrize(
    ("text", "reason", "words"),
    [
        ("", "empty", "Enter the unified social credit code."),
        (" \t ", "empty", "Enter the unified social credit code."),
        ("91350100M000100Y4", "length", "has 18 characters; this one has 17."),
        ("91350100M000100Y433", "length", "this one has 19."),
        ("91350100M000100I43", "character", "Character 16 ('I')"),
        ("91350100O000100Y43", "character", "never I, O, Z, S or V"),
        ("91350100M000100Y4Z", "character", "Character 18 ('Z')"),
        ("91350100M-00100Y43", "character", "Character 10 ('-')"),
        ("B1350100M000100Y43", "authority", "The first character ('B') is not a registration authority"),
        ("90350100M000100Y43", "category", "The second character ('0')"),
        ("9A350100M000100Y43", "category", "organisation category"),
        ("91990100M000100Y43", "region", "Characters 3 to 8 ('990100')"),
        ("91100100M000100Y43", "region", "administrative division code"),
        ("913501A0M000100Y43", "region", "('3501A0')"),
        ("91350100M000100Y44", "check", "should be 3, not 4: the code was probably mistyped."),
    ],
)
def test_credit_code_errors(text: str, reason: str, words: str) -> None:
    error = _credit_error(text)
    assert error.reason == reason
    assert words in error.english()


@pytest.mark.parametrize(
    ("text", "reason", "words"),
    [
        ("", "empty", "Enter the ID number."),
        ("   ", "empty", "Enter the ID number."),
        ("1101051949123100", "length", "has 18 characters; this one has 16."),
        ("11010519491231002X1", "length", "this one has 19."),
        ("1101051949123100X2", "character", "Character 17 ('X')"),
        ("11010519491231002Y", "character", "Character 18 ('Y')"),
        ("1101O519491231002X", "character", "Character 5 ('O')"),
        ("99010519491231002X", "region", "The first six digits ('990105')"),
        ("10010519491231002X", "region", "not a region code"),
        ("110105194902300023", "birth_date", "Digits 7 to 14 ('19490230') are not a real date"),
        ("110105194913010023", "birth_date", "('19491301')"),
        ("110105203001010021", "birth_future", "The date of birth 2030-01-01 is in the future."),
        ("110105202611230021", "birth_future", "2026-11-23"),
        ("110105189912310023", "birth_early", "The date of birth 1899-12-31 is before 1900."),
        ("110105194912310021", "check", "should be X, not 1: the number was probably mistyped."),
    ],
)
def test_resident_id_errors(text: str, reason: str, words: str) -> None:
    error = _id_error(text)
    assert error.reason == reason
    assert words in error.english()


@pytest.mark.parametrize(
    "old",
    [
        "110105491231002",  # born 1949-12-31: region, YYMMDD, sequence, no check character
        "440524800101001",
        "320102720229123",  # born on a leap day, 1972-02-29
        " 650102991231999 ",  # blanks around
        "３２０１０２７２０２２９１２３",  # full width, as Chinese input methods type it
    ],
)
def test_an_old_15_digit_number_asks_for_the_current_card(old: str) -> None:
    error = _id_error(old)
    assert error.reason == "old_15_digit"
    assert error.english() == (
        "This is an old 15-digit ID number (first-generation card), which is no longer valid: "
        "ask for the current card, the 18-digit ID number is needed."
    )


@pytest.mark.parametrize(
    "text",
    [
        "110105194912310",  # an 18-digit number cut short: 19 49 12 is no YYMMDD date
        "990105491231002",  # no province
        "110105490230002",  # 30 February
        "11010549123100X",  # X in a first-generation number
        "11010549123100",  # 14 digits
    ],
)
def test_fifteen_characters_that_are_no_old_number_get_the_length_message(text: str) -> None:
    assert _id_error(text).reason == "length"


def test_residence_permits_of_hong_kong_macao_and_taiwan_residents_are_accepted() -> None:
    # 港澳台居民居住证: GB 11643 numbers with the address codes 810000, 820000, 830000.
    for body in ("81000019850615456", "82000020000229078", "83000019900101123"):
        number = body + _hand_id_check(body)
        person = parse_resident_id(number, today=TODAY)
        assert (person.region_code, person.value) == (body[:6], number)
    assert _id_error("840000199001011230").reason == "region"


def test_birth_today_and_on_the_first_day_of_1900_are_accepted() -> None:
    for body in ("11010520261122002", "11010519000101002"):
        number = body + _hand_id_check(body)
        assert parse_resident_id(number, today=TODAY).value == number


def test_every_error_reason_is_reached_and_has_its_own_message() -> None:
    credit_inputs = ["", "1", "91350100M000100I43", "B1350100M000100Y43", "90350100M000100Y43",
                     "91990100M000100Y43", "91350100M000100Y44"]
    id_inputs = ["", "1", "1101051949123100X2", "99010519491231002X", "110105194902300023",
                 "110105203001010021", "110105189912310023", "110105194912310021", "110105491231002"]
    credit = {(error := _credit_error(text)).reason: error.template for text in credit_inputs}
    resident = {(error := _id_error(text)).reason: error.template for text in id_inputs}
    assert set(credit) | set(resident) == REASONS
    assert len(set(credit.values())) == len(credit) == len(credit_inputs)
    assert len(set(resident.values())) == len(resident) == len(id_inputs)
    assert not set(credit.values()) & set(resident.values())  # each message names its identifier


def test_errors_are_validation_errors_with_named_fields() -> None:
    error = _id_error("110105194912310021")
    assert error.params == {"expected": "X", "given": "1"}
    assert error.english() == str(error)
    assert error.template.format(**error.params) == error.english()


def test_check_functions_refuse_malformed_bodies() -> None:
    for bad in ("", "9135010", "91350100M000100Y", "91350100I000100Y4"):
        with pytest.raises(ValueError):
            check_character_credit_code(bad)
    for bad in ("", "1101051949123100", "1101051949123100X", "１１０１０５１９４９１２３１００２"):
        with pytest.raises(ValueError):
            check_character_resident_id(bad)


def test_random_credit_bodies_accept_only_their_own_check_character() -> None:
    rng = random.Random(20261122)
    divisions = ["100000", "110000", "120116", "350100", "440300", "650102", "820000"]
    for _ in range(500):
        body = (rng.choice("123456789ANY") + rng.choice("123456789Y") + rng.choice(divisions)
                + "".join(rng.choice(CREDIT_ALPHABET) for _ in range(9)))
        check = check_character_credit_code(body)
        assert check == _hand_credit_check(body)
        assert parse_credit_code(body + check).value == body + check
        for wrong in CREDIT_ALPHABET.replace(check, ""):
            error = _credit_error(body + wrong)
            assert error.reason == "check" and error.params == {"expected": check, "given": wrong}


def test_random_id_bodies_accept_only_their_own_check_character() -> None:
    rng = random.Random(11643)
    for _ in range(500):
        born = date.fromordinal(date(1900, 1, 1).toordinal() + rng.randrange((TODAY - date(1900, 1, 1)).days + 1))
        region = rng.choice(["110105", "120116", "310115", "440305", "650102", "710000", "810000"])
        body = region + born.strftime("%Y%m%d") + f"{rng.randrange(1000):03d}"
        check = check_character_resident_id(body)
        assert check == _hand_id_check(body)
        person = parse_resident_id(body + check.lower(), today=TODAY)
        assert (person.birth_date, person.region_code) == (born, region)
        assert person.sex == ("male" if int(body[16]) % 2 else "female")
        for wrong in "0123456789X".replace(check, ""):
            error = _id_error(body + wrong)
            assert error.reason == "check" and error.params == {"expected": check, "given": wrong}
