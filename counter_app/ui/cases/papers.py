"""How the form names the characters the documents' font cannot draw."""

from __future__ import annotations


def describe(characters: list[str]) -> str:
    """“𠮷” (U+20BB7), … : the characters named so that the clerk can find them."""
    return "、".join(f"“{char}” (U+{ord(char):04X})" for char in characters)
