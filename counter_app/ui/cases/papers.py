"""The case documents the form prints, through ``services.cases.documents`` (PDF bytes).

Imported lazily and guarded: the form works (and says so) while that module is missing.
``unprintable`` falls back on the printing font's own check."""

from __future__ import annotations

from types import ModuleType


def documents() -> ModuleType | None:
    """``counter_app.services.cases.documents``, or None while it does not exist."""
    try:
        from counter_app.services.cases import documents as module
    except ModuleNotFoundError as error:
        if error.name != "counter_app.services.cases.documents":
            raise  # a bug inside it, not its absence
        return None
    return module


def has(name: str) -> bool:
    module = documents()
    return module is not None and hasattr(module, name)


def unprintable(*texts: str) -> list[str]:
    """The characters of ``texts`` the PDF font cannot draw, each once, in order."""
    module = documents()
    if module is not None and hasattr(module, "unprintable"):
        return list(module.unprintable(*texts))
    from counter_app.printing.fonts import unprintable_characters

    found: list[str] = []
    for text in texts:
        found.extend(char for char in unprintable_characters(text) if char not in found)
    return found


def describe(characters: list[str]) -> str:
    """“𠮷” (U+20BB7), … : the characters named so that the clerk can find them."""
    return "、".join(f"“{char}” (U+{ord(char):04X})" for char in characters)
