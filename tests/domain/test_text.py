"""Free text: the characters that hide, disguise or break text are refused with the
character and its position; Chinese text is kept as typed; blanks are tidied."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from counter_app.domain.text import REASONS, TextError, clean_text, describe_character, is_noncharacter
from counter_app.errors import ValidationError
from counter_app.i18n import Term


def _refused(value: str, **options: object) -> TextError:
    options.setdefault("max_length", 1000)
    with pytest.raises(TextError) as caught:
        clean_text(value, **options)  # type: ignore[arg-type]
    assert isinstance(caught.value, ValidationError)
    assert caught.value.reason in REASONS
    return caught.value


# ---------------------------------------------------------------- the attack strings


@pytest.mark.parametrize(
    ("value", "reason", "code_point", "position", "shown"),
    [
        ("\x00", "control", 0x00, 1, "U+0000 NULL"),
        ("张三\x00", "control", 0x00, 3, "U+0000 NULL"),
        ("\x1b[31m红色\x1b[0m", "control", 0x1B, 1, "U+001B ESCAPE"),
        ("营业执照\x1b[2J", "control", 0x1B, 5, "U+001B ESCAPE"),
        ("\u202e", "format", 0x202E, 1, "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("许可证\u202efdp.exe", "format", 0x202E, 4, "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("\u200b", "format", 0x200B, 1, "U+200B ZERO WIDTH SPACE"),
        ("劳务\u200b派遣", "format", 0x200B, 3, "U+200B ZERO WIDTH SPACE"),
    ],
)
def test_each_attack_string_is_refused_with_the_character_and_its_position(
    value: str, reason: str, code_point: int, position: int, shown: str
) -> None:
    for multiline in (False, True):
        error = _refused(value, multiline=multiline)
        assert (error.reason, error.code_point, error.position) == (reason, code_point, position)
        message = error.english()
        assert shown in message
        assert f"position {position}" in message


def test_the_position_counts_characters_of_the_text_as_given() -> None:
    # leading blanks and a character outside the BMP count as one character each
    error = _refused("  𠀀甲\u202e", max_length=10)
    assert error.position == 5


def test_the_first_bad_character_is_reported() -> None:
    error = _refused("a\u200bb\x00c")
    assert (error.code_point, error.position) == (0x200B, 2)


# ---------------------------------------------------------------- each class of character


@pytest.mark.parametrize(
    "char",
    ["\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1a", "\x1f", "\x7f", "\x80", "\x85", "\x9b", "\x9f"],
)
def test_control_characters_are_refused_in_every_kind_of_text(char: str) -> None:
    for multiline in (False, True):
        error = _refused(f"甲{char}乙", multiline=multiline)
        assert (error.reason, error.position, error.code_point) == ("control", 2, ord(char))


@pytest.mark.parametrize(
    "char",
    [
        "\u00ad",  # soft hyphen
        "\u061c",  # Arabic letter mark
        "\u200c", "\u200d", "\u200e", "\u200f",  # zero-width (non-)joiner, LRM, RLM
        "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",  # embeddings and overrides
        "\u2060",  # word joiner
        "\u2066", "\u2067", "\u2068", "\u2069",  # isolates
        "\ufeff",  # byte order mark / zero-width no-break space
        "\ufff9",  # interlinear annotation anchor
        "\U000e0001", "\U000e0041",  # tag characters
    ],
)
def test_format_characters_are_refused(char: str) -> None:
    assert unicodedata.category(char) == "Cf"
    error = _refused(f"名称{char}", multiline=True)
    assert (error.reason, error.position, error.code_point) == ("format", 3, ord(char))
    assert f"U+{ord(char):04X}" in error.english()


def test_a_byte_order_mark_at_the_start_is_refused_too() -> None:
    assert _refused("\ufeff营业执照").reason == "format"


@pytest.mark.parametrize("char", ["\ue000", "\uf8ff", "\U000f0000", "\U0010fffd"])
def test_private_use_characters_are_refused(char: str) -> None:
    error = _refused(f"王{char}")
    assert (error.reason, error.code_point) == ("private_use", ord(char))
    assert "private-use" in error.english()


@pytest.mark.parametrize("char", ["\ud800", "\udbff", "\udc00", "\udfff"])
def test_lone_surrogates_are_refused(char: str) -> None:
    error = _refused(f"a{char}b")
    assert (error.reason, error.position, error.code_point) == ("surrogate", 2, ord(char))


def test_text_decoded_with_surrogateescape_is_refused() -> None:
    broken = b"caf\xe9".decode("utf-8", errors="surrogateescape")
    assert _refused(broken).reason == "surrogate"


@pytest.mark.parametrize("code_point", [0xFDD0, 0xFDEF, 0xFFFE, 0xFFFF, 0x1FFFE, 0x2FFFF, 0x10FFFF])
def test_noncharacters_are_refused(code_point: int) -> None:
    assert is_noncharacter(code_point)
    error = _refused(f"x{chr(code_point)}")
    assert (error.reason, error.code_point) == ("noncharacter", code_point)


def test_is_noncharacter_is_exactly_the_66_noncharacters() -> None:
    found = [code for code in range(0x110000) if is_noncharacter(code)]
    assert len(found) == 66


# ---------------------------------------------------------------- line breaks and tabs


@pytest.mark.parametrize("char", ["\n", "\r", "\u2028", "\u2029"])
def test_single_line_text_refuses_a_line_break(char: str) -> None:
    error = _refused(f"第一行{char}第二行")
    assert (error.reason, error.position, error.code_point) == ("line_break", 4, ord(char))
    assert "one line" in error.english()


def test_single_line_text_refuses_a_tab() -> None:
    error = _refused("a\tb")
    assert (error.reason, error.code_point) == ("control", 9)
    assert "U+0009 CHARACTER TABULATION" in error.english()


def test_multiline_text_keeps_lines_and_tabs_and_stores_lf() -> None:
    text = "《行政许可法》\r\n第二十九条\r第三十条\u2028第三十一条\u2029\t附则"
    assert clean_text(text, max_length=100, multiline=True) == "《行政许可法》\n第二十九条\n第三十条\n第三十一条\n\t附则"


def test_multiline_text_trims_blank_lines_and_line_ends_but_keeps_paragraph_indentation() -> None:
    text = "\n \n\u3000\u3000第一段。  \n\n\u3000\u3000第二段。\u3000\n  \n"
    assert clean_text(text, max_length=100, multiline=True) == "\u3000\u3000第一段。\n\n\u3000\u3000第二段。"


# ---------------------------------------------------------------- blanks, Chinese text kept


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("  营业执照  ", "营业执照"),
        ("\u3000营业执照\u3000", "营业执照"),  # ideographic space at the ends
        ("张\u3000三", "张 三"),  # ... and inside: one ordinary space
        ("A  B\u00a0\u00a0C\u2003D", "A B C D"),
        ("", ""),
        ("   ", ""),
        ("\u3000\u3000", ""),
    ],
)
def test_single_line_blanks_are_trimmed_and_collapsed(value: str, expected: str) -> None:
    assert clean_text(value, max_length=100) == expected


@pytest.mark.parametrize(
    "value",
    [
        "阿沛·阿旺晋美",  # U+00B7 middle dot of transliterated names
        "阿沛・阿旺晋美",  # U+30FB, kept as typed
        "食品经营许可、备案（含网络经营），延续。",
        "《中华人民共和国行政许可法》第二十九条：「申请」“材料”；是否？是！",
        "ＡＢＣ１２３",  # full-width letters and digits: not normalised
        "x²",  # not turned into x2
        "\uf900",  # a CJK compatibility ideograph: NFC would change it
        "𠀀𪜀𫝀𬺰\U00030000",  # extensions B, C, D, F, G
        "\U00031350",  # extension H: unassigned in older Unicode tables, allowed
        "葛\U000e0100",  # an ideographic variation sequence (Mn selector)
        "e\u0301",  # combining mark
        "办事大厅 🏛",
    ],
)
def test_chinese_text_is_kept_exactly_as_typed(value: str) -> None:
    assert clean_text(value, max_length=100) == value
    assert clean_text(value, max_length=100, multiline=True) == value


# ---------------------------------------------------------------- length and emptiness


def test_the_length_limit_says_the_maximum_and_the_actual_length() -> None:
    assert clean_text("甲" * 200, max_length=200) == "甲" * 200
    error = _refused("甲" * 201, max_length=200)
    assert error.reason == "too_long"
    assert (error.params["length"], error.params["maximum"]) == (201, 200)
    assert "201 characters" in error.english() and "at most 200" in error.english()


def test_the_length_is_that_of_the_cleaned_text() -> None:
    assert clean_text("  " + "a" * 10 + "  ", max_length=10) == "a" * 10
    assert clean_text("a    b", max_length=3) == "a b"


def test_characters_are_checked_before_the_length() -> None:
    assert _refused("a" * 5000 + "\x1b", max_length=10).reason == "control"


def test_a_very_long_text_is_refused_quickly() -> None:
    assert _refused("长" * 1_000_000, max_length=2000).params["length"] == 1_000_000


def test_required_text_may_not_be_blank() -> None:
    assert clean_text("  ", max_length=5) == ""
    error = _refused(" \u3000 ", required=True)
    assert error.reason == "empty"
    assert error.english() == "Text is empty."


def test_the_message_starts_with_the_field_given() -> None:
    name = Term("Name")
    error = _refused("\x1b", field=name)
    assert error.english().startswith("Name contains the control character U+001B ESCAPE at position 1")
    assert error.params["field"] is name  # a Term stays a Term: the UI translates it
    assert _refused("a\u202e", field="legal_basis").english().startswith("legal_basis contains")


def test_describe_character() -> None:
    assert describe_character("\u202e") == "U+202E RIGHT-TO-LEFT OVERRIDE"
    assert describe_character("\x1b") == "U+001B ESCAPE"
    assert describe_character("\x01") == "U+0001"
    assert describe_character("\U000f0000") == "U+F0000"


def test_every_allowed_blank_is_a_unicode_space_separator() -> None:
    from counter_app.domain import text

    assert {unicodedata.category(char) for char in text._BLANKS} == {"Zs"}
    zs = {chr(code) for code in range(sys.maxunicode + 1) if unicodedata.category(chr(code)) == "Zs"}
    assert set(text._BLANKS) == zs - {" "}


def test_every_unprintable_character_gets_a_verdict() -> None:
    """Sweep the whole code space: what is refused is exactly Cc (but the allowed breaks and
    tab in multi-line text), Cf, Co, Cs and the noncharacters; everything else passes."""
    expected = {"Cc": "control", "Cf": "format", "Co": "private_use", "Cs": "surrogate"}
    for code in range(0, sys.maxunicode + 1, 7):  # every 7th: fast, and still hits every block
        char = chr(code)
        category = unicodedata.category(char)
        want = expected.get(category) or ("noncharacter" if is_noncharacter(code) else None)
        if char in "\n\r\u2028\u2029":
            want = "line_break"
        try:
            clean_text(f"a{char}b", max_length=10)
        except TextError as error:
            assert error.reason == want, (hex(code), category, error.reason)
        else:
            assert want is None, (hex(code), category)
