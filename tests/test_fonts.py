"""The bundled CJK font: registered with Qt, it has the glyphs of the hall's Chinese, and on a
machine with no CJK font at all (here: a fontconfig with no fonts) Chinese is drawn with
it instead of as boxes, on screen and in the text layer of a printed slip."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics, QRawFont
from PySide6.QtWidgets import QApplication

import counter_app.ui.fonts as fonts_module
from counter_app.ui.fonts import BUNDLED_CJK_FAMILY, register_bundled_fonts
from tests.pdf_tools import pdf_text

ROOT = Path(__file__).resolve().parent.parent
HALL_TEXT = "政务服务大厅空港市场准入请到号窗口办理取号时间：（）"


def test_the_bundled_family_is_registered_with_its_chinese_glyphs(qapp: QApplication) -> None:
    families = register_bundled_fonts()
    assert families[0] == BUNDLED_CJK_FAMILY, families
    assert BUNDLED_CJK_FAMILY in QFontDatabase.families()
    assert BUNDLED_CJK_FAMILY in QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    font = QFont(BUNDLED_CJK_FAMILY)
    metrics = QFontMetrics(font)
    raw = QRawFont.fromFont(font, QFontDatabase.WritingSystem.SimplifiedChinese)
    assert raw.isValid() and raw.familyName() == BUNDLED_CJK_FAMILY
    for char in HALL_TEXT:
        assert metrics.inFontUcs4(ord(char)) and raw.supportsCharacter(ord(char)), char
    assert 0 not in raw.glyphIndexesForString(HALL_TEXT)  # 0: the missing glyph
    assert not raw.supportsCharacter(0x1F600) and raw.glyphIndexesForString("\U0001f600") == [0]  # it can say no


def test_a_second_call_only_looks_up(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> None:
    first = register_bundled_fonts()

    class NoSecondLoad:
        applicationFontFamilies = staticmethod(QFontDatabase.applicationFontFamilies)  # noqa: N815 - Qt API

        @staticmethod
        def addApplicationFont(path: str) -> int:  # noqa: N802 - Qt API
            raise AssertionError(f"{path} was loaded a second time")

    monkeypatch.setattr(fonts_module, "QFontDatabase", NoSecondLoad)
    assert register_bundled_fonts() == first


def test_a_missing_or_broken_font_file_is_logged_not_raised(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "fonts").mkdir()
    (tmp_path / "fonts" / "broken.ttf").write_bytes(b"not a font")
    monkeypatch.setattr(fonts_module, "resources_dir", lambda: tmp_path)
    monkeypatch.setattr(fonts_module, "BUNDLED_FONT_FILES", ("missing.ttc", "broken.ttf"))
    with caplog.at_level(logging.ERROR, logger=fonts_module.__name__):
        assert register_bundled_fonts() == []
    messages = [record.getMessage() for record in caplog.records]
    assert any("missing" in message and "missing.ttc" in message for message in messages), messages
    assert any("could not load" in message and "broken.ttf" in message for message in messages), messages


# ---------------------------------------------------------------- a machine without CJK fonts

# Measures how Qt draws Chinese before and after the bundled font is registered.
#   in_font: QFontMetrics of the application's font (with Qt's fallback) has every character
#   glyphs: which fonts draw the glyphs of the text, and whether any is the missing glyph (0);
#           only asked where a CJK family exists (with no font at all, Qt draws with a box
#           engine whose QRawFont crashes when asked its family)
#   distinct: 政 and 务 rendered to different pixels (two boxes would be identical)
#   unlike_missing: 政 rendered unlike a character no font has (U+1F600)
#   missing_alike: two characters no font has render the same (so the comparisons can tell a box)
# and prints a line of text with a default QFont into a PDF, as the slip printing's text layer does.
PROBE = r"""
import json, sys
from PySide6.QtCore import QPointF, QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QFontMetrics, QImage, QPainter, QPdfWriter, QTextLayout

mode, text, pdf_before, pdf_after = sys.argv[1:5]
if mode == "client":
    from counter_app.ui.app import make_application
    from counter_app.ui.fonts import register_bundled_fonts
else:
    from PySide6.QtGui import QGuiApplication
    from counter_app.ui.fonts import register_bundled_fonts
    app = QGuiApplication([sys.argv[0]])
    app_font = QFont(app.font())
    # as make_application() asks
    app_font.setFamilies(["Noto Sans CJK SC", "WenQuanYi Zen Hei", "Microsoft YaHei", app_font.family()])
    app.setFont(app_font)

def glyphs(font):
    layout = QTextLayout(text, font)
    layout.beginLayout(); layout.createLine(); layout.endLayout()
    runs = layout.glyphRuns()
    return {"families": sorted({run.rawFont().familyName() for run in runs}),
            "count": sum(len(run.glyphIndexes()) for run in runs),
            "missing": any(0 in run.glyphIndexes() for run in runs)}

def render(font, char):
    image = QImage(64, 64, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    font = QFont(font)
    font.setPixelSize(48)
    painter.setFont(font)
    painter.setPen(QColor("black"))
    painter.drawText(QRect(0, 0, 64, 64), int(Qt.AlignmentFlag.AlignCenter), char)
    painter.end()
    return image

def printed(path):
    writer = QPdfWriter(path)
    painter = QPainter(writer)
    painter.setFont(QFont())  # the text layer of ui/slip_preview.py: a default QFont
    painter.drawText(QPointF(100, 500), text)
    painter.end()

def measure(pdf):
    font = QFont()  # the application's font
    printed(pdf)
    cjk_families = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    return {
        "cjk_families": cjk_families,
        "in_font": all(QFontMetrics(font).inFontUcs4(ord(char)) for char in text),
        "glyphs": glyphs(font) if cjk_families else None,
        "distinct": render(font, "政") != render(font, "务"),
        "unlike_missing": render(font, "政") != render(font, "\U0001F600"),
        "missing_alike": render(font, "\U0001F600") == render(font, "\U0001F47D"),
    }

if mode == "client":
    before = None
    app = make_application([sys.argv[0]])  # registers the bundled fonts itself, or not
else:
    before = measure(pdf_before)
    register_bundled_fonts()
print(json.dumps({"before": before, "after": measure(pdf_after)}))
"""

CJK_TEXT = "空港政务服务中心"


def _without_system_fonts(tmp_path: Path, mode: str) -> dict[str, Any]:
    """Run the probe where fontconfig knows no font at all (not even a Latin one)."""
    empty = tmp_path / "no-fonts"
    empty.mkdir()
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        f"<fontconfig><dir>{empty}</dir><cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>\n",
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "FONTCONFIG_FILE": str(config),
        "FONTCONFIG_PATH": str(tmp_path),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "QT_QPA_PLATFORM": "offscreen",
        "QT_QPA_FONTDIR": str(empty),
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE, mode, CJK_TEXT, str(tmp_path / "before.pdf"), str(tmp_path / "after.pdf")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def _assert_drawn_with_the_bundled_font(measured: dict[str, Any], pdf: Path) -> None:
    assert BUNDLED_CJK_FAMILY in measured["cjk_families"] and measured["in_font"], measured
    assert measured["glyphs"] == {"families": [BUNDLED_CJK_FAMILY], "count": len(CJK_TEXT), "missing": False}, measured
    assert measured["missing_alike"], measured  # boxes look alike ...
    assert measured["distinct"] and measured["unlike_missing"], measured  # ... and these are not boxes
    assert CJK_TEXT in pdf_text(pdf)  # the printed text layer has the Chinese


def test_without_any_system_font_chinese_is_drawn_with_the_bundled_font(tmp_path: Path) -> None:
    measured = _without_system_fonts(tmp_path, "bundled")
    before = measured["before"]
    # The probe really has no CJK font: Chinese comes out as boxes, and not at all in print.
    assert before["cjk_families"] == [] and not before["in_font"], before
    assert before["missing_alike"] and not before["distinct"], before
    assert CJK_TEXT not in pdf_text(tmp_path / "before.pdf")
    _assert_drawn_with_the_bundled_font(measured["after"], tmp_path / "after.pdf")


def test_the_client_shows_chinese_without_a_system_cjk_font(tmp_path: Path) -> None:
    """make_application(), as the client, the hall display and the kiosk start."""
    measured = _without_system_fonts(tmp_path, "client")
    _assert_drawn_with_the_bundled_font(measured["after"], tmp_path / "after.pdf")
