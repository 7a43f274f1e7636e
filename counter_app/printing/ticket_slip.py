"""The queue ticket slip: an 80 mm receipt-printer PDF with the number, the people ahead,
a wait estimate and a QR code identifying the ticket.

The page is as tall as its content (the receipt printer cuts after it). Every row is
measured first, then drawn top-down, so long hall names, service items and notices wrap
inside the margins instead of running off the paper.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.pdfgen.canvas import Canvas

from counter_app.printing.fonts import cjk_font

PAGE_WIDTH = 80 * mm
MARGIN = 4 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
QR_SIZE = 30 * mm  # the symbol itself, without its quiet zone
QR_QUIET_MODULES = 4  # the blank border the QR standard asks for, kept free of ink

HALL_SIZE = 12.0
LINE_SIZE = 11.0
LABEL_SIZE = 40.0
BODY_SIZE = 10.0
MARKER_SIZE = 10.5
ITEM_SIZE = 9.0
NOTICE_SIZE = 7.5

LEADING = 1.3  # line height as a multiple of the font size
BOLD_STROKE = 0.035  # stroke width of the fake bold (the font has no bold face), per point of size
BOX_PAD_X = 2 * mm
BOX_PAD_Y = 0.8 * mm
BOX_LINE = 0.8

DEFAULT_NOTICE = "请留意叫号屏幕和语音提示，过号请到导服台。"


@dataclass(frozen=True)
class TicketSlip:
    hall_name: str  # e.g. "空港政务服务中心"
    line_name: str  # e.g. "市场准入"
    label: str  # e.g. "B017"
    people_ahead: int
    wait_minutes: int | None  # estimate from recent service times; None when unknown
    issued_at: datetime  # aware, shown in local time of `timezone`
    timezone: str  # e.g. "Asia/Shanghai"
    qr_payload: str  # ASCII only, e.g. "CA1:T:KG:20261122:B017:12345:9f3a1c2b"
    priority_label: str | None = None  # e.g. "优先" / "预约" / "绿色通道", shown if set
    service_item_name: str | None = None
    notice: str = DEFAULT_NOTICE  # printed small at the bottom
    reprint: bool = False  # prints a "补打" marker when True
    appointment_at: datetime | None = None  # aware; an appointment ticket's time, printed under its marker


# --- text wrapping -------------------------------------------------------------------

# Chinese text has no spaces: a line may break between any two characters, except that
# closing punctuation never starts a line and opening punctuation never ends one. A run
# of ASCII (a number, a date, a Latin word) is kept whole where it fits.
_OPENING = "（《〈「『【〔“‘"
_CLOSING = "，。、；：！？）》〉」』】〕”’…·"
_TOKEN = re.compile(
    rf"[{re.escape(_OPENING)}]*"
    rf"(?:[\x21-\x7e]+|\s|.)"
    rf"[{re.escape(_CLOSING)}]*",
    re.DOTALL,
)


def wrap_text(text: str, font: str, size: float, width: float) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` points (CJK-aware, greedy)."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        current = ""
        for token in _TOKEN.findall(paragraph):
            if stringWidth(current + token, font, size) <= width:
                current += token
                continue
            if current.strip():
                lines.append(current.rstrip())
            current = token.lstrip()
            # A token wider than the whole line (a very long ASCII run): cut it by characters.
            while stringWidth(current, font, size) > width and len(current) > 1:
                cut = len(current) - 1
                while cut > 1 and stringWidth(current[:cut], font, size) > width:
                    cut -= 1
                lines.append(current[:cut])
                current = current[cut:]
        if current.strip():
            lines.append(current.rstrip())
    return lines


# --- QR code -------------------------------------------------------------------------


def qr_modules(payload: str) -> list[list[bool]]:
    """The QR matrix (error correction M, no border) of an ASCII payload.

    ASCII only: QR readers garble Chinese without an ECI header, which few of them honour.
    """
    if not payload:
        raise ValueError("a QR payload must not be empty")
    if not payload.isascii():
        raise ValueError(f"a QR payload must be ASCII, got {payload!r}")
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    code.add_data(payload)
    code.make(fit=True)
    return code.get_matrix()


def draw_qr(canvas: Canvas, matrix: list[list[bool]], x: float, y: float, size: float) -> None:
    """Draw the QR matrix as one vector path with its lower left corner at (x, y).

    Each horizontal run of dark modules is one rectangle, all in a single filled path:
    crisp at any printer resolution, no image, and no hairline seams between modules.
    """
    count = len(matrix)
    module = size / count
    path = canvas.beginPath()
    for row_index, row in enumerate(matrix):
        bottom = y + size - (row_index + 1) * module
        column = 0
        while column < count:
            if not row[column]:
                column += 1
                continue
            start = column
            while column < count and row[column]:
                column += 1
            path.rect(x + start * module, bottom, (column - start) * module, module)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.drawPath(path, stroke=0, fill=1)


# --- layout --------------------------------------------------------------------------


@dataclass(frozen=True)
class _TextRow:
    """One centred line of text; ``gap`` is blank space above it."""

    text: str
    size: float
    bold: bool = False
    boxed: bool = False
    gap: float = 0.0
    leading: float = LEADING

    def height(self) -> float:
        return self.size * self.leading + (2 * BOX_PAD_Y if self.boxed else 0.0)

    def draw(self, canvas: Canvas, font: str, top: float) -> None:
        ascent, _descent = getAscentDescent(font, self.size)
        pad = BOX_PAD_Y if self.boxed else 0.0
        # Centre the font's em box (ascent + descent = size) in the line height.
        baseline = top - pad - (self.leading - 1) * self.size / 2 - ascent
        width = stringWidth(self.text, font, self.size)
        x = (PAGE_WIDTH - width) / 2
        # The text render mode is graphics state that outlives the text object, and ReportLab
        # omits "0 Tr" when its text object believes mode 0 is current: keep every row in its
        # own save/restore so a bold row never leaks its stroke into the next one.
        canvas.saveState()
        text = canvas.beginText(x, baseline)
        text.setFont(font, self.size)
        if self.bold:
            # Fill and stroke (mode 2): a heavier weight from the font's regular face.
            canvas.setLineWidth(self.size * BOLD_STROKE)
            canvas.setStrokeColorRGB(0, 0, 0)
            text.setTextRenderMode(2)
        text.textOut(self.text)
        canvas.setFillColorRGB(0, 0, 0)
        canvas.drawText(text)
        canvas.restoreState()
        if self.boxed:
            canvas.setLineWidth(BOX_LINE)
            canvas.rect(x - BOX_PAD_X, top - self.height(), width + 2 * BOX_PAD_X, self.height(), stroke=1, fill=0)


@dataclass(frozen=True)
class _QrRow:
    """The QR symbol, centred, with its quiet zone above and below."""

    matrix: list[list[bool]]
    gap: float = 0.0

    def quiet(self) -> float:
        return QR_QUIET_MODULES * QR_SIZE / len(self.matrix)

    def height(self) -> float:
        return QR_SIZE + 2 * self.quiet()

    def draw(self, canvas: Canvas, font: str, top: float) -> None:
        draw_qr(canvas, self.matrix, (PAGE_WIDTH - QR_SIZE) / 2, top - self.quiet() - QR_SIZE, QR_SIZE)


_Row = _TextRow | _QrRow


def _wrapped(text: str, font: str, size: float, *, bold: bool = False, boxed: bool = False, gap: float = 0.0) -> list[_TextRow]:
    """Rows for ``text`` wrapped to the content width; ``gap`` goes above the first one."""
    width = CONTENT_WIDTH - size * BOLD_STROKE * 2 - (2 * BOX_PAD_X + 2 * BOX_LINE if boxed else 0.0)
    return [
        _TextRow(line, size, bold=bold, boxed=boxed, gap=gap if index == 0 else 0.0)
        for index, line in enumerate(wrap_text(text, font, size, width))
    ]


def _label_size(label: str, font: str) -> float:
    """The ticket number as large as it may be, shrunk only if it would not fit the width."""
    width = stringWidth(label, font, 1.0) * (1 + 2 * BOLD_STROKE)
    return min(LABEL_SIZE, CONTENT_WIDTH / width) if width else LABEL_SIZE


def _rows(slip: TicketSlip, font: str, matrix: list[list[bool]]) -> list[_Row]:
    local = slip.issued_at.astimezone(ZoneInfo(slip.timezone))
    rows: list[_Row] = []
    rows += _wrapped(slip.hall_name, font, HALL_SIZE, bold=True)
    rows += _wrapped(slip.line_name, font, LINE_SIZE, gap=0.5 * mm)
    if slip.reprint:
        rows += _wrapped("补打", font, MARKER_SIZE, bold=True, boxed=True, gap=1.5 * mm)
    rows.append(_TextRow(slip.label, _label_size(slip.label, font), bold=True, gap=1.5 * mm, leading=1.15))
    if slip.priority_label:
        rows += _wrapped(slip.priority_label, font, MARKER_SIZE, bold=True, boxed=True, gap=0.5 * mm)
    if slip.appointment_at is not None:
        rows += _wrapped(f"预约时间：{_appointment_text(slip.appointment_at, local, slip.timezone)}", font, BODY_SIZE, bold=True, gap=1 * mm)
    rows += _wrapped(f"前面还有 {slip.people_ahead} 人等候", font, BODY_SIZE, gap=1.5 * mm)
    wait = f"预计等候约 {slip.wait_minutes} 分钟" if slip.wait_minutes is not None else "预计等候时间：暂无"
    rows += _wrapped(wait, font, BODY_SIZE)
    if slip.service_item_name:
        rows += _wrapped(f"事项：{slip.service_item_name}", font, ITEM_SIZE, gap=1 * mm)
    rows += _wrapped(f"取号时间：{local:%Y-%m-%d %H:%M}", font, BODY_SIZE, gap=1 * mm)
    rows.append(_QrRow(matrix, gap=0.5 * mm))
    rows += _wrapped(slip.notice, font, NOTICE_SIZE)
    return rows


def _appointment_text(appointment_at: datetime, issued_local: datetime, timezone: str) -> str:
    """The appointment's local time; with its date only when it is not the day of issue."""
    local = appointment_at.astimezone(ZoneInfo(timezone))
    return f"{local:%H:%M}" if local.date() == issued_local.date() else f"{local:%Y-%m-%d %H:%M}"


def render_ticket_slip(slip: TicketSlip) -> bytes:
    """The slip as PDF bytes: 80 mm wide, as tall as its content, CJK font embedded."""
    matrix = qr_modules(slip.qr_payload)  # refuse a bad payload before drawing anything
    for moment in (slip.issued_at, slip.appointment_at):
        if moment is not None and (moment.tzinfo is None or moment.utcoffset() is None):
            raise ValueError("issued_at and appointment_at must be aware datetimes")
    font = cjk_font()
    rows = _rows(slip, font, matrix)
    height = 2 * MARGIN + sum(row.gap + row.height() for row in rows)

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(PAGE_WIDTH, height), initialFontName=font, initialFontSize=BODY_SIZE)
    canvas.setTitle(f"排队小票 {slip.label}")
    canvas.setAuthor(slip.hall_name)
    canvas.setSubject(f"{slip.hall_name} {slip.line_name} {slip.label}")
    canvas.setCreator("counter_app")
    top = height - MARGIN
    for row in rows:
        top -= row.gap
        row.draw(canvas, font, top)
        top -= row.height()
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
