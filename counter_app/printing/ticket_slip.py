"""The queue ticket slip: an 80 mm receipt-printer PDF with the number, the people ahead,
a wait estimate and a QR code identifying the ticket."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from counter_app.printing.fonts import cjk_font

WIDTH = 80 * mm
MARGIN = 4 * mm
QR_SIZE = 30 * mm


@dataclass(frozen=True)
class TicketSlip:
    hall_name: str
    line_name: str
    label: str
    people_ahead: int
    wait_minutes: int | None
    issued_at: datetime
    timezone: str
    qr_payload: str
    priority_label: str | None = None
    service_item_name: str | None = None
    notice: str = "请留意叫号屏幕和语音提示，过号请到导服台。"
    reprint: bool = False


def qr_modules(payload: str) -> list[list[bool]]:
    """The QR matrix (with its quiet zone); ASCII only: readers garble Chinese without ECI."""
    if not payload.isascii():
        raise ValueError("a QR payload must be ASCII")
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=2)
    code.add_data(payload)
    code.make(fit=True)
    return code.get_matrix()


def draw_qr(canvas: Canvas, payload: str, x: float, y: float, size: float) -> None:
    """Draw the QR code as vector squares: crisp at any printer resolution, no images."""
    matrix = qr_modules(payload)
    module = size / len(matrix)
    canvas.setFillColorRGB(0, 0, 0)
    for row_index, row in enumerate(matrix):
        top = y + size - (row_index + 1) * module
        for column_index, dark in enumerate(row):
            if dark:
                canvas.rect(x + column_index * module, top, module, module, stroke=0, fill=1)


def render_ticket_slip(slip: TicketSlip) -> bytes:
    qr_modules(slip.qr_payload)  # refuse a bad payload before drawing anything
    font = cjk_font()
    local = slip.issued_at.astimezone(ZoneInfo(slip.timezone))
    lines: list[tuple[str, float]] = [(slip.hall_name, 12), (slip.line_name, 11)]
    details = [f"前面还有 {slip.people_ahead} 人等候"]
    details.append(f"预计等候约 {slip.wait_minutes} 分钟" if slip.wait_minutes is not None else "预计等候时间：暂无")
    if slip.priority_label:
        details.append(slip.priority_label)
    if slip.service_item_name:
        details.append(f"事项：{slip.service_item_name}")
    details.append(f"取号时间：{local:%Y-%m-%d %H:%M}")
    notice_lines = simpleSplit(slip.notice, font, 7.5, WIDTH - 2 * MARGIN)
    height = MARGIN * 2 + 12 + 16 + 50 + 16 * len(details) + QR_SIZE + 6 + 10 * len(notice_lines) + (14 if slip.reprint else 0)

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(WIDTH, height), initialFontName=font, initialFontSize=10)
    canvas.setTitle(f"排队小票 {slip.label}")
    canvas.setCreator("counter_app")
    center = WIDTH / 2
    y = height - MARGIN - 12
    for text, size in lines:
        canvas.setFont(font, size)
        canvas.drawCentredString(center, y, text)
        y -= size + 5
    canvas.setFont(font, 40)
    y -= 36
    canvas.drawCentredString(center, y, slip.label)
    y -= 20
    canvas.setFont(font, 10)
    for text in details:
        canvas.drawCentredString(center, y, text)
        y -= 16
    y -= QR_SIZE - 8
    draw_qr(canvas, slip.qr_payload, center - QR_SIZE / 2, y, QR_SIZE)
    y -= 12
    canvas.setFont(font, 7.5)
    for text in notice_lines:
        canvas.drawCentredString(center, y, text)
        y -= 10
    if slip.reprint:
        canvas.setFont(font, 9)
        canvas.drawCentredString(center, y - 2, "（补打）")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
