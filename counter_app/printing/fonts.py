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
