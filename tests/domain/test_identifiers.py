"""统一社会信用代码 and 居民身份证号码: every way to be wrong has its own message."""

from __future__ import annotations

import random
from datetime import date

import pytest

from counter_app.domain.identifiers import (
    CREDIT_ALPHABET,
    IdentifierError,
    check_character_credit_code,
    check_character_resident_id,
    parse_credit_code,
    parse_resident_id,
)

TODAY = date(2026, 11, 22)


def test_published_examples_by_hand() -> None:
    # 91350100M000100Y43: weighted sum of the first 17 characters by the standard's table.
    values = [CREDIT_ALPHABET.index(c) for c in "91350100M000100Y4"]
    weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    total = sum(v * w for v, w in zip(values, weights, strict=True))
    assert CREDIT_ALPHABET[(31 - total % 31) % 31] == "3"
    assert parse_credit_code("91350100M000100Y43").division_code == "350100"
    # 11010519491231002X: Σ mod 11 = 2 → "10X98765432"[2] = X.
    digits = [int(c) for c in "11010519491231002"]
    id_weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    assert sum(d * w for d, w in zip(digits, id_weights, strict=True)) % 11 == 2
    person = parse_resident_id("11010519491231002X", today=TODAY)
    assert (person.birth_date, person.sex, person.region_code) == (date(1949, 12, 31), "female", "110105")


def test_lower_case_and_full_width_input_is_normalised() -> None:
    assert parse_resident_id(" 11010519491231002x ", today=TODAY).value == "11010519491231002X"
    assert parse_resident_id("１１０１０５１９４９１２３１００２Ｘ", today=TODAY).value == "11010519491231002X"
    assert parse_credit_code("91350100m000100y43").value == "91350100M000100Y43"


@pytest.mark.parametrize(
    ("text", "reason", "words"),
    [
        ("", "empty", "Enter the unified"),
        ("91350100M000100Y4", "length", "has 17"),
        ("91350100M000100I43", "character", "Character 16 ('I')"),
        ("B1350100M000100Y43", "authority", "registration authority"),
        ("91990100M000100Y43", "region", "division code"),
        ("91350100M000100Y44", "check", "should be 3, not 4"),
        ("91350100M000 100Y4", "character", "Character 13 (' ')"),
    ],
)
def test_credit_code_errors(text: str, reason: str, words: str) -> None:
    with pytest.raises(IdentifierError) as caught:
        parse_credit_code(text)
    assert caught.value.reason == reason
    assert words in caught.value.english()


@pytest.mark.parametrize(
    ("text", "reason", "words"),
    [
        ("   ", "empty", "Enter the ID number"),
        ("1101051949123100", "length", "has 16"),
        ("1101051949123100X2", "character", "Character 17 ('X')"),
        ("11010519491231002Y", "character", "Character 18 ('Y')"),
        ("99010519491231002X", "region", "region code"),
        ("110105194902300023", "birth_date", "'19490230'"),
        ("110105203001010021", "birth_future", "in the future"),
        ("110105189912310023", "birth_early", "before 1900"),
        ("110105194912310021", "check", "should be X, not 1"),
    ],
)
def test_resident_id_errors(text: str, reason: str, words: str) -> None:
    with pytest.raises(IdentifierError) as caught:
        parse_resident_id(text, today=TODAY)
    assert caught.value.reason == reason
    assert words in caught.value.english()


def test_every_error_reason_has_its_own_message() -> None:
    seen: dict[str, str] = {}
    for text in ("", "1", "1101051949123100X2", "99010519491231002X", "110105194902300023",
                 "110105203001010021", "110105189912310023", "110105194912310021"):
        with pytest.raises(IdentifierError) as caught:
            parse_resident_id(text, today=TODAY)
        seen.setdefault(caught.value.reason, caught.value.template)
    assert len(set(seen.values())) == len(seen) == 8


def test_random_bodies_accept_only_their_own_check_character() -> None:
    rng = random.Random(20261122)
    for _ in range(300):
        body = "91" + rng.choice(["110000", "120116", "440300"]) + "".join(rng.choice(CREDIT_ALPHABET) for _ in range(9))
        check = check_character_credit_code(body)
        assert parse_credit_code(body + check).value == body + check
        for wrong in rng.sample([c for c in CREDIT_ALPHABET if c != check], 5):
            with pytest.raises(IdentifierError, match="check character"):
                parse_credit_code(body + wrong)
    for _ in range(300):
        born = date(1950, 1, 1).toordinal() + rng.randrange(25_000)
        body = "120116" + date.fromordinal(born).strftime("%Y%m%d") + f"{rng.randrange(1000):03d}"
        check = check_character_resident_id(body)
        assert parse_resident_id(body + check, today=TODAY).birth_date == date.fromordinal(born)
        for wrong in [c for c in "0123456789X" if c != check][:4]:
            with pytest.raises(IdentifierError, match="check character"):
                parse_resident_id(body + wrong, today=TODAY)
