"""What the form says about text the documents cannot print."""

from __future__ import annotations

from counter_app.services import cases


def unprintable(*texts: str) -> list[str]:
    """The characters of ``texts`` the PDF font cannot draw, each once, in order."""
    return cases.unprintable(*texts)


def describe(characters: list[str]) -> str:
    """“𠮷” (U+20BB7), … : the characters named so that the clerk can find them."""
    return "、".join(f"“{char}” (U+{ord(char):04X})" for char in characters)
