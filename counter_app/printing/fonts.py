"""The bundled CJK font, registered once with ReportLab and embedded (subset) in every PDF.

WenQuanYi Zen Hei (GPL with font exception, see resources/fonts/LICENSE-wqy-zenhei.txt):
ReportLab embeds TrueType outlines only, which rules out Noto CJK (CFF outlines).
"""

from __future__ import annotations

from functools import cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from counter_app.paths import resources_dir

CJK_FONT = "WenQuanYiZenHei"


@cache
def cjk_font() -> str:
    path = resources_dir() / "fonts" / "wqy-zenhei.ttc"
    pdfmetrics.registerFont(TTFont(CJK_FONT, str(path), subfontIndex=0))
    return CJK_FONT
