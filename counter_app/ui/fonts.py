"""The bundled CJK font for the screens: Chinese shows even where the system has no CJK font.

resources/fonts/ holds WenQuanYi Zen Hei (GPL v2 with font embedding exception, see
resources/fonts/LICENSE-wqy-zenhei.txt), the font printing/ embeds in every PDF. Registered
with Qt as an application font, it joins the font list of ``make_application`` and Qt's
fallback for Chinese text, so a hall PC without fonts-noto-cjk shows Chinese, not boxes.
A system CJK font that comes first in the application's font list still wins.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QFontDatabase

from counter_app.paths import resources_dir

log = logging.getLogger(__name__)

# The file is a TrueType collection: "WenQuanYi Zen Hei", "WenQuanYi Zen Hei Mono" and
# "WenQuanYi Zen Hei Sharp".
BUNDLED_FONT_FILES = ("wqy-zenhei.ttc",)
BUNDLED_CJK_FAMILY = "WenQuanYi Zen Hei"

_font_ids: dict[str, int] = {}  # file path → Qt's application font id


def register_bundled_fonts() -> list[str]:
    """Register the bundled fonts with Qt (needs a QGuiApplication; a second call only looks
    them up) and return the families they provide. A missing or unreadable file is logged,
    not raised: the screens then fall back to the system's fonts."""
    families: list[str] = []
    for name in BUNDLED_FONT_FILES:
        path = resources_dir() / "fonts" / name
        font_id = _font_ids.get(str(path), -1)
        found = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if not found:  # not yet, or gone with an earlier QGuiApplication
            if not path.is_file():
                log.error("bundled font missing: %s (Chinese may show as boxes without a system CJK font)", path)
                continue
            font_id = QFontDatabase.addApplicationFont(str(path))
            found = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
            if not found:
                log.error("Qt could not load the bundled font %s", path)
                continue
            _font_ids[str(path)] = font_id
            log.debug("bundled font %s: %s", path, ", ".join(found))
        families += [family for family in found if family not in families]
    return families
