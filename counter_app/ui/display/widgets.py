"""The hall display's rows that fit their text to their width: the current calls
("A001 → 3号窗口 张*"), the recent calls with their state, and the speech-off mark.

A windowed display at 740×600 once cut "A001 → 1号窗口" to "A00▯ → 1号窗": the sizes the
stylesheet scales are now the most a row's labels get, and where the row is narrower
than they need, all its labels shrink by one factor (measured with ``QFontMetrics``), so
the number and the counter are always whole.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QFontMetricsF, QPainter, QPainterPath, QPaintEvent, QPen, QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QWidget

from counter_app.services.queue import CallView

MIN_FONT_PX = 8
# Font sizes at 1920×1080, in pixels, of the rows whose font is fitted to their width.
LEAD_PX, ROW_PX = 112, 62  # the newest call, the others
LEAD_NAME_PX, ROW_NAME_PX = 44, 38
RECENT_PX, TAG_PX = 34, 24

CallKey = tuple[int, int, datetime]  # ticket id, recall count, called at: one announcement


def call_key(call: CallView) -> CallKey:
    """Identifies one call or recall: a recall bumps the count, a call after a transfer the time."""
    return (call.ticket_id, call.recall_count, call.called_at)


def _repolish(widget: QWidget) -> None:
    """Apply the stylesheet again after a dynamic property changed."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    for child in widget.findChildren(QWidget):
        style.unpolish(child)
        style.polish(child)


# ---------------------------------------------------------------- rows fitted to their width


@dataclass
class _Part:
    label: QLabel
    px: float  # the font size at 1920×1080
    bold: bool
    pad: float = 0.0  # space left and right of the text inside the label (a tag's background), at 1920×1080


def _text_width(font: QFont, text: str) -> int:
    """What the text needs drawn in ``font``: the larger of its advance and its ink (an
    italic or a wide glyph may overhang the advance), rounded up."""
    metrics = QFontMetrics(font)
    ink = metrics.boundingRect(QRect(0, 0, 100_000, 10_000), int(Qt.AlignmentFlag.AlignLeft), text).width()
    return max(math.ceil(QFontMetricsF(font).horizontalAdvance(text)), ink)


class FittedRow(QFrame):
    """A row of labels whose common font size shrinks until they all fit its width.

    The scaled sizes of the stylesheet are the most each label gets; where the row is
    narrower than they need (a windowed display, a long counter name), every label shrinks
    by the same factor, so the row keeps its proportions and nothing is cut."""

    def __init__(self, margin: float, spacing: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # The row takes the width its column gives and never asks for more: it fits itself instead.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.parts: list[_Part] = []
        self.scale = 1.0
        self.margin = margin
        self.spacing = spacing
        self.box = QHBoxLayout(self)
        self._applied: dict[int, tuple[int, bool]] = {}

    def set_scale(self, scale: float) -> None:
        if scale != self.scale:
            self.scale = scale
            self.fit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.fit()

    def _font(self, part: _Part, px: int) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(px)
        font.setBold(part.bold)
        return font

    def fitted_sizes(self, width: int) -> list[int]:
        """The pixel size of each part for a row ``width`` wide."""
        shown = [part for part in self.parts if part.label.text()]
        margin = round(self.margin * self.scale)
        spacing = round(self.spacing * self.scale)
        room = width - 2 * margin - spacing * max(0, len(shown) - 1) - sum(2 * round(p.pad * self.scale) for p in shown)
        factor = 1.0
        sizes = [max(MIN_FONT_PX, round(part.px * self.scale)) for part in self.parts]
        for _ in range(12):  # the first guess is close; hinting may need a pixel or two more
            need = sum(_text_width(self._font(part, size), part.label.text()) for part, size in zip(self.parts, sizes, strict=True) if part.label.text())
            if need <= room or all(size <= MIN_FONT_PX for size in sizes):
                break
            factor = min(factor * 0.98, factor * room / need) if need > 0 else factor
            sizes = [max(MIN_FONT_PX, math.floor(part.px * self.scale * factor)) for part in self.parts]
        return sizes

    def fit(self) -> None:
        margin = round(self.margin * self.scale)
        self.box.setContentsMargins(margin, 0, margin, 0)
        self.box.setSpacing(round(self.spacing * self.scale))
        for part in self.parts:
            part.label.setVisible(bool(part.label.text()))  # an empty label would still take a spacing
            pad = round(part.pad * self.scale)
            part.label.setContentsMargins(pad, 0, pad, 0)
        for part, size in zip(self.parts, self.fitted_sizes(max(0, self.width())), strict=True):
            wanted = (size, part.bold)
            if self._applied.get(id(part.label)) != wanted:
                self._applied[id(part.label)] = wanted
                # The label's own stylesheet wins over the window's whatever the selectors.
                part.label.setStyleSheet(f"font-size: {size}px; font-weight: {'bold' if part.bold else 'normal'};")

    def _label(self, name: str, px: float, bold: bool, pad: float = 0.0) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        self.parts.append(_Part(label, px, bold, pad))
        return label


class CallRow(FittedRow):
    """One current call: "A001 → 3号窗口" and the visitor's masked name, if any."""

    def __init__(self, lead: bool, parent: QWidget | None = None) -> None:
        super().__init__(margin=24, spacing=20, parent=parent)
        self.setObjectName("call_row")
        self.setProperty("lead", lead)
        self.setProperty("flash", False)
        size, name_size = (LEAD_PX, LEAD_NAME_PX) if lead else (ROW_PX, ROW_NAME_PX)
        self.number = self._label("number", size, True)
        self.arrow = self._label("arrow", size, True)
        self.arrow.setText("→")
        self.counter = self._label("counter", size, True)
        self.name = self._label("name", name_size, False)
        self.box.addWidget(self.number)
        self.box.addWidget(self.arrow)
        self.box.addWidget(self.counter)
        self.box.addStretch(1)
        self.box.addWidget(self.name, 0, Qt.AlignmentFlag.AlignVCenter)
        self.key: CallKey | None = None

    def set_call(self, call: CallView | None, counter_text: str) -> None:
        self.key = call_key(call) if call else None
        self.setVisible(call is not None)
        if call is not None:
            self.number.setText(call.label)
            self.counter.setText(counter_text.format(number=call.counter_number))
            self.name.setText(call.visitor_name_masked)  # masked by the service: 张*, never 张三
            self.fit()

    def set_flash(self, on: bool) -> None:
        if bool(self.property("flash")) != on:
            self.setProperty("flash", on)
            _repolish(self)


class RecentCall(FittedRow):
    """One of the last calls: "A001 3号窗口", tagged "过号" or "已转" when the visitor did
    not come or the ticket went on elsewhere (a visitor back from a break looks here)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(margin=0, spacing=12, parent=parent)
        self.number = self._label("number", RECENT_PX, False)
        self.counter = self._label("counter", RECENT_PX, False)
        self.tag = self._label("tag", TAG_PX, True, pad=8)
        self.tag.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.box.addWidget(self.number)
        self.box.addWidget(self.counter)
        self.box.addWidget(self.tag, 0, Qt.AlignmentFlag.AlignVCenter)
        self.box.addStretch(1)

    def set_call(self, number: str, counter: str, tag: str, state: str) -> None:
        changed = (number, counter, tag) != (self.number.text(), self.counter.text(), self.tag.text())
        self.number.setText(number)
        self.counter.setText(counter)
        self.tag.setText(tag)
        if self.tag.property("state") != state:
            self.tag.setProperty("state", state)
            _repolish(self.tag)
        if changed:
            self.fit()


class SpeechOffMark(QWidget):
    """A muted speaker and a few words in a corner: the calls are shown but not spoken.
    Discreet on purpose: it tells the staff, not the visitors, that something needs fixing."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("speech_off")
        self._text = text
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def text(self) -> str:
        return self._text

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        metrics = QFontMetricsF(self.font())
        icon = metrics.height()
        return QSize(math.ceil(icon * 1.5 + metrics.horizontalAdvance(self._text)), math.ceil(metrics.height() * 1.2))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.updateGeometry()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = self.palette().color(self.foregroundRole())
        metrics = QFontMetricsF(self.font())
        size = metrics.height() * 0.8
        top = (self.height() - size) / 2
        # The speaker: a small box and its cone.
        speaker = QPainterPath()
        speaker.moveTo(0, top + size * 0.35)
        speaker.lineTo(size * 0.25, top + size * 0.35)
        speaker.lineTo(size * 0.55, top + size * 0.08)
        speaker.lineTo(size * 0.55, top + size * 0.92)
        speaker.lineTo(size * 0.25, top + size * 0.65)
        speaker.lineTo(0, top + size * 0.65)
        speaker.closeSubpath()
        painter.fillPath(speaker, colour)
        # The cross: no sound.
        pen = QPen(colour, max(1.5, size * 0.09))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        cross = QRectF(size * 0.72, top + size * 0.3, size * 0.4, size * 0.4)
        painter.drawLine(cross.topLeft(), cross.bottomRight())
        painter.drawLine(cross.bottomLeft(), cross.topRight())
        painter.setPen(colour)
        baseline = (self.height() + metrics.ascent() - metrics.descent()) / 2
        painter.drawText(QPointF(metrics.height() * 1.5, baseline), self._text)
