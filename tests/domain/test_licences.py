"""Licences: the MOD 37,36 check character, the GB/T 36904 identifier, statuses, renewal."""

from __future__ import annotations

import random
from datetime import date

import pytest

from counter_app.domain.applicants import ApplicantKind
from counter_app.domain.cases import DueDate
from counter_app.domain.identifiers import check_character_credit_code
from counter_app.domain.licences import (
    LICENCE_IDENTIFIER_REASONS,
    MOD37_36_ALPHABET,
    MOVES,
    REFUSAL_REASONS,
    LicenceAction,
    LicenceFacts,
    LicenceIdentifierError,
    LicenceStatus,
    RenewalRule,
    check_character_mod37_36,
    effective_status,
    holder_code_type,
    holder_kind,
    inspection_due,
    is_valid_mod37_36,
    licence_identifier,
    new_validity,
    next_licence_status,
    parse_licence_identifier,
    renewal_refusals,
    renewal_window,
    statutory_application_deadline,
)
from counter_app.domain.working_days import WorkingCalendar
from counter_app.errors import ConflictError, ValidationError

HAND_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # written out again: values 0..35

# ---------------------------------------------------------------- MOD 37,36


def test_worked_example_computed_by_hand() -> None:
    # ISO/IEC 7064 hybrid system, M = 36: P1 = 36; S = (P + a) mod 36 (0 written 36);
    # next P = (2 × S) mod 37; the check c makes (P_last + c) mod 36 == 1.
    #
    # "GB7": G = 16, B = 11, 7 = 7.
    #   P1 = 36
    #   G:  S1 = (36 + 16) mod 36 = 52 - 36 = 16;  P2 = 2 × 16 = 32 (< 37)
    #   B:  S2 = (32 + 11) mod 36 = 43 - 36 = 7;   P3 = 2 × 7 = 14
    #   7:  S3 = (14 + 7) mod 36 = 21;             P4 = 2 × 21 = 42 mod 37 = 5
    #   check: (5 + c) mod 36 = 1  →  c = 32  →  "W" (A = 10, …, W = 32)
    assert check_character_mod37_36("GB7") == "W"
    assert is_valid_mod37_36("GB7W")
    #
    # "GB7V" adds V = 31 and hits the "0 written 36" rule:
    #   V:  S4 = (5 + 31) mod 36 = 0 → 36;         P5 = 2 × 36 = 72 mod 37 = 35
    #   check: (35 + c) mod 36 = 1  →  c = 2  →  "2"
    assert check_character_mod37_36("GB7V") == "2"
    assert is_valid_mod37_36("GB7V2")
    # The empty text: P1 = 36, (36 + c) mod 36 = 1 → c = 1.
    assert check_character_mod37_36("") == "1"


def test_published_grid_example() -> None:
    # The Global Release Identifier (GRid) uses ISO 7064 MOD 37,36; its standard's example
    # A1-2425G-ABC1234002-M.
    assert check_character_mod37_36("A12425GABC1234002") == "M"
    assert is_valid_mod37_36("A12425GABC1234002M")


def _other_formulation(text: str) -> str:
    """The same standard written the way python-stdnum writes it (running remainder, then doubled)."""
    modulus = 36
    check = modulus // 2  # 18: doubled mod 37 gives 36 = P1
    for char in text:
        check = (((check or modulus) * 2) % (modulus + 1) + HAND_ALPHABET.index(char)) % modulus
    return HAND_ALPHABET[(1 - ((check or modulus) * 2) % (modulus + 1)) % modulus]


def test_agrees_with_an_independent_formulation_on_random_texts() -> None:
    rng = random.Random(36904)
    for _ in range(2000):
        text = "".join(rng.choice(HAND_ALPHABET) for _ in range(rng.randint(0, 60)))
        check = check_character_mod37_36(text)
        assert check == _other_formulation(text)
        assert is_valid_mod37_36(text + check)


def test_invalid_input() -> None:
    with pytest.raises(ValueError):
        check_character_mod37_36("ab")
    with pytest.raises(ValueError):
        check_character_mod37_36("A.B")
    assert not is_valid_mod37_36("")
    assert not is_valid_mod37_36("gb7w")  # callers normalise first
    assert not is_valid_mod37_36("GB7*")
    assert not is_valid_mod37_36("GB7X")


TYPE_CODE = "11100000000013127D001"  # a ministry (central level, 111000…) and type 001
ISSUER = "91350100M000100Y43"  # GB 32100's example code
SAMPLES = [
    "GB7W",
    "GB7V2",
    "A12425GABC1234002M",
    licence_identifier(TYPE_CODE, ISSUER, 1234)[len("1.2.156.3005.2.") :].replace(".", ""),
    licence_identifier(TYPE_CODE, "120116", 7, 3)[len("1.2.156.3005.2.") :].replace(".", ""),
]


@pytest.mark.parametrize("valid", SAMPLES)
def test_every_single_substitution_is_detected(valid: str) -> None:
    assert is_valid_mod37_36(valid)
    for position in range(len(valid)):
        for char in MOD37_36_ALPHABET:
            if char != valid[position]:
                assert not is_valid_mod37_36(valid[:position] + char + valid[position + 1 :]), (position, char)


def _swapped(text: str, position: int) -> str:
    return text[:position] + text[position + 1] + text[position] + text[position + 2 :]


@pytest.mark.parametrize("valid", SAMPLES)
def test_every_adjacent_transposition_is_detected_but_the_standards_blind_spot(valid: str) -> None:
    missed = [
        position
        for position in range(len(valid) - 1)
        if valid[position] != valid[position + 1] and is_valid_mod37_36(_swapped(valid, position))
    ]
    assert missed == [position for position in range(len(valid) - 1) if valid[position] != valid[position + 1] and _blind_spot(valid, position)]
    # The short samples and the GRid example lose nothing; the first identifier shows the
    # blind spot for real, twice: "01" → "10" inside the issuer's credit code (whose own
    # check catches both, see the next test).
    assert missed == ([25, 32] if valid == SAMPLES[3] else [])


def test_every_adjacent_transposition_of_an_identifier_is_refused() -> None:
    for identifier in (licence_identifier(TYPE_CODE, ISSUER, 1234), licence_identifier(TYPE_CODE, "120116", 7, 3)):
        for position in range(len(identifier) - 1):
            if identifier[position] != identifier[position + 1]:
                with pytest.raises(LicenceIdentifierError):
                    parse_licence_identifier(_swapped(identifier, position))


def _blind_spot(text: str, position: int) -> bool:
    """The one case the hybrid system misses (worked out below): the running value P before
    the pair x y gives {P + x, P + y} ≡ {18, 19} (mod 36)."""
    p = 36
    for char in text[:position]:
        p = (((p + HAND_ALPHABET.index(char)) % 36 or 36) * 2) % 37
    x, y = HAND_ALPHABET.index(text[position]), HAND_ALPHABET.index(text[position + 1])
    return {(p + x) % 36, (p + y) % 36} == {18, 19}


def test_the_transpositions_the_standard_misses_are_exactly_its_known_blind_spot() -> None:
    # S = 18 gives P = 36, S = 19 gives P = 38 mod 37 = 1; with x = 18 - P, y = 19 - P:
    #   x then y: P' = 36, S = 36 + y ≡ 19 - P;   y then x: P' = 1, S = 1 + x = 19 - P.
    # The same S, so the same state after the pair: the swap goes unseen (≈ 0.16 % of swaps).
    # Example: "IJ" (I = 18, J = 19 after P1 = 36) and "JI" share their check character.
    assert check_character_mod37_36("IJ") == check_character_mod37_36("JI")
    rng = random.Random(17710)
    missed = seen = 0
    for _ in range(3000):
        body = "".join(rng.choice(HAND_ALPHABET) for _ in range(rng.randint(1, 30)))
        valid = body + check_character_mod37_36(body)
        for position in range(len(valid) - 1):
            if valid[position] == valid[position + 1]:
                continue
            seen += 1
            undetected = is_valid_mod37_36(_swapped(valid, position))
            assert undetected == _blind_spot(valid, position), (valid, position)
            missed += undetected
    assert missed < seen * 0.01


# ---------------------------------------------------------------- the identifier


def test_build_and_parse_round_trip() -> None:
    identifier = licence_identifier(TYPE_CODE, ISSUER, 1234)
    assert identifier == "1.2.156.3005.2.11100000000013127D001.91350100M000100Y43.0001234.001.F"
    parsed = parse_licence_identifier(identifier)
    assert parsed.value == identifier
    assert (parsed.type_code, parsed.issuer_code, parsed.serial, parsed.version, parsed.check) == (
        TYPE_CODE,
        ISSUER,
        "0001234",
        1,
        "F",
    )
    assert parsed.defining_authority == "11100000000013127D"
    assert parsed.serial_number == 1234
    assert not parsed.issuer_is_region
    assert parsed.without_root == identifier[len("1.2.156.3005.2.") :]
    # the check character is MOD 37,36 over the fields after the root without their dots
    assert is_valid_mod37_36("11100000000013127D00191350100M000100Y430001234001F")


def test_a_region_code_as_issuer_and_other_widths() -> None:
    identifier = licence_identifier(TYPE_CODE, "120116", 7, version=12)
    parsed = parse_licence_identifier(identifier)
    assert parsed.issuer_is_region and parsed.issuer_code == "120116"
    assert (parsed.serial, parsed.version) == ("0000007", 12)
    assert licence_identifier(TYPE_CODE, "100000", 1).split(".")[6] == "100000"  # central level
    long_serial = licence_identifier(TYPE_CODE, ISSUER, 12345678901234567890)
    assert parse_licence_identifier(long_serial).serial == "12345678901234567890"
    # a published identifier with a serial of another width is read as written
    body = f"{TYPE_CODE}{ISSUER}42001"
    assert parse_licence_identifier(f"1.2.156.3005.2.{TYPE_CODE}.{ISSUER}.42.001.{check_character_mod37_36(body)}").serial == "42"


def test_full_width_lower_case_and_blanks_are_normalised() -> None:
    identifier = licence_identifier(TYPE_CODE, ISSUER, 1234)
    typed = "".join(chr(ord(char) + 0xFEE0) if "!" <= char <= "~" else char for char in identifier.lower())
    assert typed != identifier
    assert parse_licence_identifier(f"  {typed}\n").value == identifier


def _reason(text: str) -> str:
    with pytest.raises(LicenceIdentifierError) as caught:
        parse_licence_identifier(text)
    assert isinstance(caught.value, ValidationError)
    assert caught.value.reason in LICENCE_IDENTIFIER_REASONS
    assert caught.value.english()  # the template fills in
    return caught.value.reason


def _with(field: int, value: str) -> str:
    parts = licence_identifier(TYPE_CODE, ISSUER, 1234).split(".")
    parts[5 + field] = value
    return ".".join(parts)


def test_every_way_to_be_wrong_has_its_reason() -> None:
    good = licence_identifier(TYPE_CODE, ISSUER, 1234)
    assert _reason("") == "empty"
    assert _reason("1.2.156.3005.1." + good[15:]) == "root"
    assert _reason(good[15:]) == "root"
    assert _reason(good + ".1") == "fields"
    assert _reason(good.rsplit(".", 1)[0]) == "fields"
    assert _reason(_with(0, TYPE_CODE[:-1])) == "type_code"  # 20 characters
    assert _reason(_with(0, "11100000000013127E001")) == "type_code"  # the credit code's check
    assert _reason(_with(0, "11100000000013127D0A1")) == "type_code"  # not 3 digits
    assert _reason(_with(1, "91350100M000100Y44")) == "issuer_code"  # credit code's check
    assert _reason(_with(1, "990000")) == "issuer_code"  # no such province
    assert _reason(_with(1, "12011")) == "issuer_code"  # 5 digits
    assert _reason(_with(2, "")) == "serial"
    assert _reason(_with(2, "12A4")) == "serial"
    assert _reason(_with(2, "1" * 21)) == "serial"
    assert _reason(_with(3, "000")) == "version"
    assert _reason(_with(3, "01")) == "version"
    assert _reason(_with(3, "1000")) == "version"
    assert _reason(_with(4, "G")) == "check"
    assert _reason(_with(4, "")) == "check"


def test_a_wrong_check_character_says_which_one_was_expected() -> None:
    with pytest.raises(LicenceIdentifierError) as caught:
        parse_licence_identifier(_with(4, "G"))
    assert caught.value.params == {"expected": "F", "given": "G"}
    assert "should be F, not G" in caught.value.english()


def test_a_wrong_credit_code_inside_keeps_its_own_error() -> None:
    with pytest.raises(LicenceIdentifierError) as caught:
        parse_licence_identifier(_with(1, "91350100M000100Y44"))
    assert caught.value.detail is not None and caught.value.detail.reason == "check"


def test_building_refuses_what_cannot_be_in_an_identifier() -> None:
    for build in (
        lambda: licence_identifier("111000000000131270001", ISSUER, 1),
        lambda: licence_identifier(TYPE_CODE, "ABC", 1),
        lambda: licence_identifier(TYPE_CODE, ISSUER, -1),
        lambda: licence_identifier(TYPE_CODE, ISSUER, 10**20),
        lambda: licence_identifier(TYPE_CODE, ISSUER, 1, version=0),
        lambda: licence_identifier(TYPE_CODE, ISSUER, 1, version=1000),
    ):
        with pytest.raises(LicenceIdentifierError):
            build()
    # lower-case codes are normalised when building too
    assert licence_identifier(TYPE_CODE.lower(), ISSUER.lower(), 1) == licence_identifier(TYPE_CODE, ISSUER, 1)


def test_the_sample_codes_are_real_credit_codes() -> None:
    assert check_character_credit_code(TYPE_CODE[:17]) == TYPE_CODE[17]
    assert check_character_credit_code(ISSUER[:17]) == ISSUER[17]


# ---------------------------------------------------------------- holders and statuses


def test_holder_code_types_are_the_national_ones() -> None:
    assert holder_code_type(ApplicantKind.ENTERPRISE) == "001"
    assert holder_code_type(ApplicantKind.PERSON) == "111"
    assert holder_kind("001") is ApplicantKind.ENTERPRISE
    assert holder_kind("111") is ApplicantKind.PERSON
    with pytest.raises(KeyError):
        holder_kind("999")


def test_status_codes_are_the_national_ones() -> None:
    assert {status.name: status.value for status in LicenceStatus} == {
        "VALID": "01",
        "SUSPENDED": "02",
        "REVOKED": "03",
        "CANCELLED": "04",
        "LAPSED": "05",
        "WITHDRAWN": "07",
    }


TODAY = date(2026, 11, 22)


def test_expiry_is_derived_not_stored() -> None:
    valid, lapsed = LicenceStatus.VALID, LicenceStatus.LAPSED
    assert effective_status(valid, TODAY, TODAY, replaced=False) is valid  # in force to the end of its last day
    assert effective_status(valid, date(2026, 11, 21), TODAY, replaced=False) is lapsed
    assert effective_status(valid, date(2030, 1, 1), TODAY, replaced=True) is lapsed  # replaced: 05, with the link
    assert effective_status(LicenceStatus.SUSPENDED, date(2030, 1, 1), TODAY, replaced=False) is LicenceStatus.SUSPENDED
    assert effective_status(LicenceStatus.SUSPENDED, date(2026, 1, 1), TODAY, replaced=False) is lapsed
    for final in (LicenceStatus.REVOKED, LicenceStatus.CANCELLED, LicenceStatus.WITHDRAWN, LicenceStatus.LAPSED):
        assert effective_status(final, date(2030, 1, 1), TODAY, replaced=False) is final
        assert effective_status(final, date(2020, 1, 1), TODAY, replaced=True) is final  # a decision stands


def test_the_moves_a_supervisor_may_make() -> None:
    valid, suspended = LicenceStatus.VALID, LicenceStatus.SUSPENDED
    assert next_licence_status(LicenceAction.SUSPEND, valid, number="X1") is suspended
    assert next_licence_status(LicenceAction.REINSTATE, suspended, number="X1") is valid
    for action, target in (
        (LicenceAction.REVOKE, LicenceStatus.REVOKED),
        (LicenceAction.CANCEL, LicenceStatus.CANCELLED),
        (LicenceAction.WITHDRAW, LicenceStatus.WITHDRAWN),
    ):
        assert next_licence_status(action, valid, number="X1") is target
        assert next_licence_status(action, suspended, number="X1") is target
    assert next_licence_status(LicenceAction.CANCEL, LicenceStatus.LAPSED, number="X1") is LicenceStatus.CANCELLED  # §70 (1)
    allowed = {(action, status) for action, (starts, _) in MOVES.items() for status in starts}
    assert len(allowed) == 1 + 1 + 2 + 3 + 2
    for action in LicenceAction:
        for status in LicenceStatus:
            if (action, status) not in allowed:
                with pytest.raises(ConflictError) as caught:
                    next_licence_status(action, status, number="X1")
                assert "Licence X1 is" in caught.value.english()
    with pytest.raises(ConflictError) as caught:
        next_licence_status(LicenceAction.REINSTATE, LicenceStatus.WITHDRAWN, number="X1")
    assert caught.value.english() == "Licence X1 is withdrawn as a penalty: it cannot be reinstated now."


# ---------------------------------------------------------------- renewal

HOLDER = "91120116MA05X7K3QA"
COMMITMENT = RenewalRule(window_days_before=30, grace_days_after=0, renew_on_commitment=True, negative_list=False)


def _licence(**changes: object) -> LicenceFacts:
    values: dict[str, object] = {
        "number": "津卫食2023-0042",
        "identifier": licence_identifier(TYPE_CODE, ISSUER, 42),
        "status": LicenceStatus.VALID,
        "valid_from": date(2023, 12, 1),
        "valid_to": date(2026, 11, 30),
        "holder_kind": ApplicantKind.ENTERPRISE,
        "holder_code": HOLDER,
        "replaced": False,
    }
    values.update(changes)
    return LicenceFacts(**values)  # type: ignore[arg-type]


def _reasons(
    rule: RenewalRule = COMMITMENT,
    *,
    licence: LicenceFacts | None = None,
    today: date = TODAY,
    kind: ApplicantKind = ApplicantKind.ENTERPRISE,
    code: str = HOLDER,
    barred: str | None = None,
) -> list[str]:
    refusals = renewal_refusals(rule, licence or _licence(), kind, code, barred, today)
    for refusal in refusals:
        assert refusal.reason in REFUSAL_REASONS
        assert refusal.english()
    return [refusal.reason for refusal in refusals]


def test_the_window_and_the_statutory_deadline() -> None:
    assert renewal_window(date(2026, 11, 30), COMMITMENT) == (date(2026, 10, 31), date(2026, 11, 30))
    assert renewal_window(date(2026, 11, 30), RenewalRule(90, 30, True, False)) == (date(2026, 9, 1), date(2026, 12, 30))
    assert statutory_application_deadline(date(2026, 11, 30)) == date(2026, 10, 31)
    assert RenewalRule().window_days_before == 30
    with pytest.raises(ValueError):
        RenewalRule(-1, 0, True, False)


def test_a_valid_licence_of_its_holder_in_the_window_is_renewed() -> None:
    assert _reasons() == []
    assert _reasons(today=date(2026, 10, 31)) == []  # the window's first day
    assert _reasons(today=date(2026, 11, 30)) == []  # the last day of validity
    assert _reasons(code=HOLDER.lower() + " ") == []  # codes compared normalised


def test_each_reason_alone() -> None:
    assert _reasons(RenewalRule(30, 0, False, False)) == ["no_commitment"]
    assert _reasons(RenewalRule(30, 0, True, True)) == ["negative_list"]
    for status in (LicenceStatus.SUSPENDED, LicenceStatus.REVOKED, LicenceStatus.CANCELLED, LicenceStatus.WITHDRAWN):
        assert _reasons(licence=_licence(status=status)) == ["not_valid"]
    assert _reasons(licence=_licence(replaced=True)) == ["replaced"]
    assert _reasons(today=date(2026, 12, 1)) == ["lapsed"]
    assert _reasons(RenewalRule(30, 30, True, False), today=date(2026, 12, 30)) == []  # lapsed but within grace
    assert _reasons(RenewalRule(30, 30, True, False), today=date(2026, 12, 31)) == ["lapsed"]
    assert _reasons(today=date(2026, 10, 30)) == ["window_not_open"]
    assert _reasons(code="91350100M000100Y43") == ["holder_mismatch"]
    assert _reasons(kind=ApplicantKind.PERSON) == ["holder_mismatch"]
    assert _reasons(barred="虚假承诺 (2026-03-01)") == ["holder_barred"]


def test_every_reason_is_given_at_once() -> None:
    reasons = _reasons(
        RenewalRule(30, 0, False, True),
        licence=_licence(status=LicenceStatus.SUSPENDED, replaced=True),
        today=date(2026, 6, 1),
        code="91350100M000100Y43",
        barred="失信",
    )
    assert reasons == ["no_commitment", "negative_list", "not_valid", "replaced", "window_not_open", "holder_mismatch", "holder_barred"]
    assert "lapsed" in _reasons(licence=_licence(status=LicenceStatus.REVOKED), today=date(2027, 1, 1))


def test_the_messages_say_the_dates_and_the_bar() -> None:
    early = renewal_refusals(COMMITMENT, _licence(), ApplicantKind.ENTERPRISE, HOLDER, "失信被执行人", date(2026, 9, 1))
    texts = [refusal.english() for refusal in early]
    assert texts[0] == "Renewal of licence 津卫食2023-0042 opens on 2026-10-31, 30 days before it expires on 2026-11-30."
    assert texts[1] == "The applicant is barred from the commitment route: 失信被执行人"
    late = renewal_refusals(COMMITMENT, _licence(status=LicenceStatus.SUSPENDED), ApplicantKind.ENTERPRISE, HOLDER, None, date(2027, 1, 1))
    assert [refusal.english() for refusal in late] == [
        "Licence 津卫食2023-0042 is suspended: only a valid licence can be renewed.",
        "Licence 津卫食2023-0042 expired on 2026-11-30 and could be renewed until 2026-11-30: apply for a new licence.",
    ]


def test_new_validity() -> None:
    # renewed in time: from the day after the old one ends, no gap, no overlap
    assert new_validity(date(2026, 11, 30), TODAY, 36) == (date(2026, 12, 1), date(2029, 11, 30))
    assert new_validity(date(2026, 11, 22), TODAY, 12) == (date(2026, 11, 23), date(2027, 11, 22))  # ends today
    # lapsed (in the grace period): from today
    assert new_validity(date(2026, 11, 21), TODAY, 12) == (TODAY, date(2027, 11, 21))
    # month ends: add_months' rule, then the day before
    assert new_validity(date(2027, 2, 28), date(2027, 2, 1), 12) == (date(2027, 3, 1), date(2028, 2, 29))
    assert new_validity(date(2026, 1, 30), date(2026, 1, 2), 1) == (date(2026, 1, 31), date(2026, 2, 27))
    with pytest.raises(ValueError):
        new_validity(date(2026, 11, 30), TODAY, 0)


def test_inspection_due_counts_working_days_like_a_case() -> None:
    official = WorkingCalendar()
    # 2024: 1-7 October National Day, Sunday 29 September a make-up working day.
    assert inspection_due(date(2024, 9, 27), 5, official) == DueDate(date(2024, 10, 10), provisional=False)
    weekends = WorkingCalendar(use_official=False)
    assert inspection_due(date(2024, 9, 27), 5, weekends) == DueDate(date(2024, 10, 4), provisional=True)
    with pytest.raises(ValueError):
        inspection_due(date(2024, 9, 27), 0, official)
