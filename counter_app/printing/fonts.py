"""The bundled CJK font, registered once with ReportLab and embedded (subset) in every PDF.

WenQuanYi Zen Hei (GPL v2 with font embedding exception, see
resources/fonts/LICENSE-wqy-zenhei.txt). ReportLab embeds TrueType outlines only, which
rules out Noto CJK (CFF outlines). The file is a TrueType collection: face 0 is
"WenQuanYi Zen Hei" (1 is the Mono face, 2 the Sharp face).
"""

from __future__ import annotations

import threading
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from counter_app.paths import resources_dir

CJK_FONT = "WenQuanYiZenHei"
CJK_FONT_FILE = "wqy-zenhei.ttc"
_SUBFONT_INDEX = 0

# Parsing the 17 MB collection takes a few hundred milliseconds: do it once per process,
# and never twice at the same time (batch printing may render from a worker thread).
_lock = threading.Lock()
_registered = False


def cjk_font_path() -> Path:
    """The bundled TrueType collection."""
    return resources_dir() / "fonts" / CJK_FONT_FILE


def cjk_font() -> str:
    """Register the bundled CJK font with ReportLab (idempotent) and return its name."""
    global _registered
    with _lock:
        if not _registered:
            path = cjk_font_path()
            if not path.is_file():
                raise FileNotFoundError(f"the bundled CJK font is missing: {path}")
            pdfmetrics.registerFont(TTFont(CJK_FONT, str(path), subfontIndex=_SUBFONT_INDEX))
            _registered = True
    return CJK_FONT


# Variation selectors ask for a particular glyph of the character before them (an
# ideographic variation sequence picks the exact form of a name's character). A font
# without the sequence draws the base character, as Unicode intends: they are left out of
# the printed text, and never reported as unprintable.
_VARIATION_SELECTORS = ((0xFE00, 0xFE0F), (0xE0100, 0xE01EF), (0x180B, 0x180D), (0x180F, 0x180F))


def is_variation_selector(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _VARIATION_SELECTORS)


def without_variation_selectors(text: str) -> str:
    """``text`` as the bundled font draws it: variation selectors removed."""
    return "".join(char for char in text if not is_variation_selector(char))


def _glyph_map() -> dict[int, int]:
    """The bundled font's character-to-glyph map (code point -> glyph index; 0 is .notdef)."""
    font = pdfmetrics.getFont(cjk_font())
    return font.face.charToGlyph  # type: ignore[no-any-return]


def unprintable_characters(text: str) -> list[str]:
    """The distinct characters of ``text`` the bundled font has no glyph for, in order of
    first appearance: a rare character (生僻字) of CJK Extension B and beyond, emoji, a
    control character. Whitespace and variation selectors are never reported."""
    glyphs = _glyph_map()
    found: list[str] = []
    for char in text:
        if char.isspace() or is_variation_selector(char) or char in found:
            continue
        if glyphs.get(ord(char), 0) == 0:
            found.append(char)
    return found
