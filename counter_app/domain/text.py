"""Free text a user typed or imported (a name, a notice, a reason, a catalogue field):
refuse the characters that hide, disguise or break text, trim blanks, cap the length.

    from counter_app.domain.text import clean_text

    name = clean_text(raw_name, max_length=200, field=Term(QT_TRANSLATE_NOOP("Terms", "Name")), required=True)
    notice = clean_text(raw_notice, max_length=2000, multiline=True)

``clean_text`` returns the text to store, or raises ``TextError`` (a ``ValidationError``)
whose message says what is wrong, and for a bad character which one (``U+202E
RIGHT-TO-LEFT OVERRIDE``) and where (its position, counted in characters from 1 in the
text as given, surrounding blanks included), so that a clerk can find it.

What is refused, anywhere in the text:

- control characters (Unicode category Cc: NUL, ESC that starts ANSI terminal sequences,
  BEL, DEL, C1 controls …); only multi-line text may hold line breaks (LF, CR, CR LF,
  U+2028, U+2029, all stored as LF) and tabs;
- format characters (Cf): bidirectional overrides and isolates (U+202A–U+202E,
  U+2066–U+2069) that make text display in another order than it is stored, zero-width
  space, joiners and non-joiners (U+200B–U+200D), the word joiner, the soft hyphen, the
  byte order mark U+FEFF, tag characters;
- private-use characters (Co): they look different on every computer (a rare character
  made with a private "造字" font must be typed as its standard code point; the CJK
  extensions B–H are ordinary characters);
- surrogates (Cs: half of a character, from broken UTF-16) and noncharacters (U+FDD0–U+FDEF
  and U+xxFFFE/U+xxFFFF of every plane).

What is kept exactly as typed: every other character, so all of what Chinese text
legitimately holds: ideographs (including the extensions, and code points this Python's
Unicode tables do not know yet, since new CJK extensions keep coming), full-width
punctuation (、，。：；？！（）《》「」“”), the middle dot of transliterated names (阿沛·阿旺晋美,
U+00B7, and its look-alikes such as U+30FB: a service for names may want to unify those),
full-width letters and digits, ideographic variation selectors (Mn, used for the exact
glyph of a name's character), combining marks, emoji. The text is NOT Unicode-normalised:
NFC would replace CJK compatibility ideographs and NFKC would rewrite full-width
punctuation and turn ``²`` into ``2``; a column that needs a number checks its digits itself.

Blanks: every Unicode space counts as a blank, the ideographic space U+3000 (全角空格) and
the no-break space U+00A0 included. Single-line text: blanks at both ends are removed and
each run of blanks inside becomes one ordinary space (so "张　三", padded to the width of a
three-character name, becomes "张 三"). Multi-line text: line breaks become LF, blanks at
the end of each line and blank lines at both ends are removed, the rest is kept, the
indentation of the first line too (a Chinese paragraph starts with two U+3000).

The length limit counts the characters of the text returned (what is stored).
"""

from __future__ import annotations

import unicodedata
from typing import Literal, get_args

from counter_app.errors import ValidationError
from counter_app.i18n import QT_TRANSLATE_NOOP, Term

Reason = Literal[
    "empty",  # nothing but blanks, and the text is required
    "too_long",  # longer than max_length
    "line_break",  # a line break in single-line text
    "control",  # a control character (Cc)
    "format",  # an invisible format character (Cf)
    "private_use",  # a private-use character (Co)
    "surrogate",  # half of a UTF-16 surrogate pair (Cs)
    "noncharacter",  # a Unicode noncharacter
]
REASONS: frozenset[str] = frozenset(get_args(Reason))

DEFAULT_FIELD = Term(QT_TRANSLATE_NOOP("Terms", "Text"))

LINE_BREAKS = "\n\r\u2028\u2029"
# The Unicode blanks (category Zs) other than U+0020, which str.isprintable() calls
# unprintable: no-break space, Ogham space mark, the typographic spaces U+2000–U+200A, the
# narrow no-break space, the medium mathematical space and the ideographic space U+3000.
_BLANKS = "\u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000"
_ALLOWED_ONE_LINE = str.maketrans(dict.fromkeys(_BLANKS, " "))
_ALLOWED_MULTILINE = str.maketrans(dict.fromkeys(_BLANKS + LINE_BREAKS + "\t", " "))

# Control characters have no Unicode name; these are the ones people meet.
_CONTROL_NAMES = {
    0x00: "NULL", 0x07: "BELL", 0x08: "BACKSPACE", 0x09: "CHARACTER TABULATION", 0x0A: "LINE FEED",
    0x0B: "LINE TABULATION", 0x0C: "FORM FEED", 0x0D: "CARRIAGE RETURN", 0x1A: "SUBSTITUTE", 0x1B: "ESCAPE",
    0x7F: "DELETE", 0x85: "NEXT LINE", 0x9B: "CONTROL SEQUENCE INTRODUCER",
}

_MESSAGES: dict[Reason, str] = {
    "empty": QT_TRANSLATE_NOOP("Errors", "{field} is empty."),
    "too_long": QT_TRANSLATE_NOOP("Errors", "{field} is too long: {length} characters, at most {maximum} are allowed."),
    "line_break": QT_TRANSLATE_NOOP(
        "Errors", "{field} must be on one line: there is a line break ({character}) at position {position}."
    ),
    "control": QT_TRANSLATE_NOOP(
        "Errors", "{field} contains the control character {character} at position {position}; remove it."
    ),
    "format": QT_TRANSLATE_NOOP(
        "Errors",
        "{field} contains the invisible formatting character {character} at position {position}; remove it.",
    ),
    "private_use": QT_TRANSLATE_NOOP(
        "Errors",
        "{field} contains the private-use character {character} at position {position}, which other "
        "computers show differently; use a standard character.",
    ),
    "surrogate": QT_TRANSLATE_NOOP(
        "Errors", "{field} contains a broken character ({character}, half of a pair) at position {position}."
    ),
    "noncharacter": QT_TRANSLATE_NOOP(
        "Errors", "{field} contains {character} at position {position}, which is not a character."
    ),
}


class TextError(ValidationError):
    """Text that cannot be stored. ``reason`` names what is wrong (for tests and callers);
    for a bad character, ``position`` (from 1) and ``code_point`` say which and where."""

    def __init__(
        self, reason: Reason, *, field: str, position: int | None = None, code_point: int | None = None, **params: object
    ) -> None:
        if code_point is not None:
            params["character"] = describe_character(chr(code_point))
        if position is not None:
            params["position"] = position
        super().__init__(_MESSAGES[reason], field=field, **params)
        self.reason: Reason = reason
        self.position = position
        self.code_point = code_point


def describe_character(char: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE``; just ``U+E000`` for a character without a name."""
    code = ord(char)
    name = _CONTROL_NAMES.get(code) or unicodedata.name(char, "")
    return f"U+{code:04X} {name}" if name else f"U+{code:04X}"


def is_noncharacter(code_point: int) -> bool:
    return 0xFDD0 <= code_point <= 0xFDEF or (code_point & 0xFFFE) == 0xFFFE


def clean_text(
    value: str,
    *,
    max_length: int,
    multiline: bool = False,
    field: str = DEFAULT_FIELD,
    required: bool = False,
) -> str:
    """``value`` checked and tidied for storing; raises ``TextError`` if it cannot be stored.

    ``max_length``: the most characters the stored text may have (the database column's
    size). ``multiline``: line breaks and tabs are allowed (notices, reasons, legal bases).
    ``field``: what the text is, as the message starts with it: a ``Term`` marked
    ``QT_TRANSLATE_NOOP("Terms", ...)`` (translated when shown, e.g. "Name") or a fixed word
    that is the same in every language (a CSV column name such as ``legal_basis``).
    ``required``: refuse text that is empty once trimmed (otherwise "" is returned).

    The first bad character is reported; the module's docstring says what is refused and why.
    """
    _check_characters(value, multiline, field)
    if multiline:
        lines = [line.rstrip() for line in value.replace("\r\n", "\n").translate(_TO_LF).split("\n")]
        first = next((index for index, line in enumerate(lines) if line), len(lines))
        last = max((index for index, line in enumerate(lines) if line), default=-1)
        cleaned = "\n".join(lines[first : last + 1])
    else:
        cleaned = " ".join(value.split())  # str.split() splits on every Unicode blank
    if required and not cleaned:
        raise TextError("empty", field=field)
    if len(cleaned) > max_length:
        raise TextError("too_long", field=field, length=len(cleaned), maximum=max_length)
    return cleaned


_TO_LF = str.maketrans(dict.fromkeys("\r\u2028\u2029", "\n"))


def _check_characters(value: str, multiline: bool, field: str) -> None:
    # Fast path (C speed): printable once the allowed blanks (and line breaks) are masked.
    if value.isprintable() or value.translate(_ALLOWED_MULTILINE if multiline else _ALLOWED_ONE_LINE).isprintable():
        return
    for index, char in enumerate(value):
        if char.isprintable() or char in _BLANKS:
            continue
        code = ord(char)
        if char in LINE_BREAKS or char == "\t":
            if multiline:
                continue
            if char in LINE_BREAKS:
                raise TextError("line_break", field=field, position=index + 1, code_point=code)
        reason = _reason(char)
        if reason is not None:
            raise TextError(reason, field=field, position=index + 1, code_point=code)


def _reason(char: str) -> Reason | None:
    """Why an unprintable character is refused, or None if it is allowed (unassigned)."""
    category = unicodedata.category(char)
    if category == "Cc":
        return "control"
    if category == "Cf":
        return "format"
    if category == "Co":
        return "private_use"
    if category == "Cs":
        return "surrogate"
    if is_noncharacter(ord(char)):
        return "noncharacter"
    # Zl/Zp are handled as line breaks; Cn: a code point this Python's Unicode tables do
    # not know yet (e.g. a newer CJK extension) — allowed.
    return None
