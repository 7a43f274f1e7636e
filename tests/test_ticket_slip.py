"""The 80 mm ticket slip, read back as a person would: text, embedded font, page size,
QR code decoded from a 300 dpi raster, and everything inside the paper."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
import qrcode
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from counter_app.printing import fonts
from counter_app.printing.fonts import cjk_font
from counter_app.printing.ticket_slip import MARGIN, TicketSlip, render_ticket_slip, wrap_text
from tests.pdf_tools import Glyph, decode_qr, page_size_points, pdf_fonts, pdf_glyphs, pdf_image_count, pdf_info, pdf_text

SLIP = TicketSlip(
    hall_name="空港政务服务中心",
    line_name="市场准入",
    label="B017",
    people_ahead=3,
    wait_minutes=12,
    issued_at=datetime(2026, 11, 22, 1, 31, tzinfo=UTC),
    timezone="Asia/Shanghai",
    qr_payload="CA1:T:KG:20261122:B017:12345:9f3a1c2b",
)

# Long enough to need wrapping at every size the slip uses.
LONG_SLIP = replace(
    SLIP,
    hall_name="中国（上海）自由贸易试验区临港新片区政务服务中心综合受理大厅",
    line_name="不动产登记与税务综合窗口（一窗受理）",
    service_item_name="食品经营许可证核发（仅销售预包装食品）新办、变更、延续及注销",
    priority_label="老弱病残优先",
    notice="请留意叫号屏幕和语音提示，过号请到导服台。网上办理请访问 https://zwfw.example.gov.cn/ticket/status?id=B017 或拨打 12345 热线。",
    reprint=True,
)


def _render(tmp_path: Path, slip: TicketSlip, name: str = "slip.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(render_ticket_slip(slip))
    return path


def _squeezed(text: str) -> str:
    """Extracted text without any whitespace: wrapped lines read as one string."""
    return re.sub(r"\s+", "", text)


@pytest.fixture
def slip_pdf(tmp_path: Path) -> Path:
    return _render(tmp_path, SLIP)


def test_text_reads_back(slip_pdf: Path) -> None:
    text = pdf_text(slip_pdf)
    for expected in ("空港政务服务中心", "市场准入", "B017", "前面还有 3 人等候", "预计等候约 12 分钟", "取号时间：2026-11-22 09:31"):
        assert expected in text, f"{expected!r} not in {text!r}"
    assert "请留意叫号屏幕和语音提示，过号请到导服台。" in text
    for absent in ("补打", "暂无", "事项"):
        assert absent not in text, absent


@pytest.mark.parametrize(
    ("issued_at", "zone", "shown"),
    [
        (datetime(2026, 11, 22, 1, 31, tzinfo=UTC), "Asia/Shanghai", "2026-11-22 09:31"),
        # Late UTC evening is already the next business day in the hall.
        (datetime(2026, 11, 22, 23, 10, tzinfo=UTC), "Asia/Shanghai", "2026-11-23 07:10"),
        (datetime(2026, 11, 22, 9, 31, tzinfo=timezone(timedelta(hours=8))), "Asia/Shanghai", "2026-11-22 09:31"),
        (datetime(2026, 11, 22, 1, 31, tzinfo=UTC), "Asia/Urumqi", "2026-11-22 07:31"),
    ],
)
def test_issue_time_is_local_to_the_hall(tmp_path: Path, issued_at: datetime, zone: str, shown: str) -> None:
    text = pdf_text(_render(tmp_path, replace(SLIP, issued_at=issued_at, timezone=zone)))
    assert f"取号时间：{shown}" in text, text


def test_only_the_embedded_cjk_font(slip_pdf: Path) -> None:
    found = pdf_fonts(slip_pdf)
    assert found, "the PDF uses no font"
    assert all(embedded for _, embedded in found), f"not embedded: {found}"
    assert any("WenQuanYiZenHei" in name for name, _ in found), found


def test_page_is_80_mm_wide_and_receipt_tall(slip_pdf: Path) -> None:
    width, height = page_size_points(slip_pdf)
    assert abs(width / 72 * 25.4 - 80) <= 0.5, width
    assert 80 < height / 72 * 25.4 < 160, height


def test_qr_code_decodes_to_the_payload(slip_pdf: Path, tmp_path: Path) -> None:
    assert decode_qr(slip_pdf, tmp_path) == [SLIP.qr_payload]


def test_qr_code_is_vector_not_an_image(slip_pdf: Path) -> None:
    assert pdf_image_count(slip_pdf) == 0  # no raster image anywhere on the slip


def test_metadata(slip_pdf: Path) -> None:
    fields = pdf_info(slip_pdf)
    assert fields["Title"].strip() == "排队小票 B017"
    assert fields["Creator"].strip() == "counter_app"


def test_unknown_wait_priority_item_and_reprint(tmp_path: Path) -> None:
    slip = replace(SLIP, wait_minutes=None, reprint=True, priority_label="绿色通道", service_item_name="设立登记")
    path = _render(tmp_path, slip)
    text = pdf_text(path)
    for expected in ("预计等候时间：暂无", "补打", "绿色通道", "事项：设立登记"):
        assert expected in text, f"{expected!r} not in {text!r}"
    assert "预计等候约" not in text
    assert decode_qr(path, tmp_path) == [SLIP.qr_payload]


def test_an_appointment_shows_its_time(tmp_path: Path) -> None:
    slip = replace(SLIP, priority_label="预约", appointment_at=datetime(2026, 11, 22, 1, 45, tzinfo=UTC))
    lines = pdf_text(_render(tmp_path, slip)).splitlines()
    assert "预约时间：09:45" in lines, lines
    assert lines.index("预约") < lines.index("预约时间：09:45") < lines.index("前面还有 3 人等候")
    # Another day than the issue's: with its date.
    other_day = replace(slip, appointment_at=datetime(2026, 11, 23, 1, 45, tzinfo=UTC))
    assert "预约时间：2026-11-23 09:45" in pdf_text(_render(tmp_path, other_day, "other.pdf")).splitlines()
    assert "预约时间" not in pdf_text(_render(tmp_path, SLIP, "none.pdf"))
    with pytest.raises(ValueError, match="aware"):
        render_ticket_slip(replace(slip, appointment_at=datetime(2026, 11, 22, 9, 45)))


def test_the_label_reads_back_whole(tmp_path: Path) -> None:
    """The big bold number is one text run: "A004" reads back as "A004" on a line of its own."""
    path = _render(tmp_path, replace(SLIP, label="A004", reprint=True, priority_label="绿色通道"))
    assert "A004" in pdf_text(path).splitlines()


def test_the_issued_ticket_becomes_its_slip(tmp_path: Path) -> None:
    """services.printing: the ticket's appointment, priority and reprint reach the slip."""
    from counter_app.domain.queue import TicketPriority, TicketStatus
    from counter_app.services.printing import ticket_slip, ticket_slip_pdf
    from counter_app.services.queue import IssuedTicket, TicketView

    issued_at = datetime(2026, 11, 22, 1, 31, tzinfo=UTC)
    view = TicketView(
        id=7, label="A004", hall_id=1, line_id=1, line_prefix="A", line_name="综合受理", status=TicketStatus.WAITING,
        priority=TicketPriority.APPOINTMENT, issued_at=issued_at, queued_at=issued_at, called_at=None,
        service_started_at=None, counter_id=None, counter_number=None, target_counter_id=None, recall_count=0,
        visitor_name_masked="", business_date=issued_at.date(), appointment_at=datetime(2026, 11, 22, 2, 0, tzinfo=UTC),
    )
    issued = IssuedTicket(view, "KG", "空港政务服务中心", 2, None, "CA1:T:KG:20261122:A004:7", "Asia/Shanghai", reprint=True, copies=2)
    slip = ticket_slip(issued, reprint=True, service_item_name="设立登记")
    assert (slip.label, slip.priority_label, slip.appointment_at, slip.reprint) == ("A004", "预约", view.appointment_at, True)
    path = tmp_path / "issued.pdf"
    path.write_bytes(ticket_slip_pdf(issued, reprint=True, service_item_name="设立登记"))
    lines = pdf_text(path).splitlines()
    for expected in ("补打", "A004", "预约", "预约时间：10:00", "事项：设立登记"):
        assert expected in lines, (expected, lines)


def test_long_texts_wrap_inside_the_paper(tmp_path: Path) -> None:
    path = _render(tmp_path, LONG_SLIP)
    squeezed = _squeezed(pdf_text(path))
    for expected in (LONG_SLIP.hall_name, LONG_SLIP.line_name, f"事项：{LONG_SLIP.service_item_name}", _squeezed(LONG_SLIP.notice)):
        assert _squeezed(expected) in squeezed, expected
    width, height = page_size_points(path)
    glyphs = pdf_glyphs(path)
    assert len(glyphs) > 100, glyphs
    assert _squeezed("".join(glyph.char for glyph in glyphs)) == squeezed  # every character drawn has its box
    outside = _outside_the_paper(glyphs, width, height)
    assert not outside, [f"{glyph.char!r} at x {glyph.left:.1f}–{glyph.right:.1f}, y {glyph.bottom:.1f}–{glyph.top:.1f}" for glyph in outside]
    assert decode_qr(path, tmp_path) == [SLIP.qr_payload]


def _outside_the_paper(glyphs: list[Glyph], width: float, height: float) -> list[Glyph]:
    """The glyphs that cross the side margins or leave the page (boxes: advance width across,
    the font's ascent and descent up and down)."""
    slack = 1.0  # points: rounding of the glyph boxes
    return [
        glyph for glyph in glyphs
        if not (MARGIN - slack <= glyph.left and glyph.right <= width - MARGIN + slack and glyph.bottom >= 0 and glyph.top <= height)
    ]


def test_the_pdf_checks_see_what_they_look_for(tmp_path: Path) -> None:
    """The read-back checks above can fail: a raster image, a font that is not embedded,
    text across a margin or off the page, and a QR code are all noticed."""
    width, height = 80 * mm, 100 * mm
    qr_image = tmp_path / "qr.png"
    qrcode.make("a raster QR").save(qr_image)
    path = tmp_path / "bad.pdf"
    canvas = Canvas(str(path), pagesize=(width, height))
    canvas.setFont(cjk_font(), 10)
    canvas.drawString(20 * mm, 50 * mm, "政务服务")
    canvas.setFont("Helvetica", 10)  # one of the 14 standard fonts: never embedded
    canvas.drawString(2, 40 * mm, "L")  # in the left margin
    canvas.drawString(width - 5, 40 * mm, "R")  # across the right margin
    canvas.drawString(20 * mm, height - 3, "T")  # its ascent is above the page
    canvas.drawString(40 * mm, 0.5, "B")  # its descent is below the page
    canvas.drawString(20 * mm, 30 * mm, "inside")
    canvas.drawImage(str(qr_image), 20 * mm, 60 * mm, 30 * mm, 30 * mm)
    canvas.showPage()
    canvas.save()
    assert pdf_image_count(path) == 1
    found = pdf_fonts(path)
    assert ("Helvetica", False) in found, found
    assert [embedded for name, embedded in found if "WenQuanYiZenHei" in name] == [True], found
    assert "政务服务" in pdf_text(path) and "inside" in pdf_text(path)
    assert page_size_points(path) == pytest.approx((width, height), abs=0.01)
    assert sorted(glyph.char for glyph in _outside_the_paper(pdf_glyphs(path), width, height)) == ["B", "L", "R", "T"]
    assert decode_qr(path, tmp_path) == ["a raster QR"]


def test_wrapping_keeps_punctuation_with_its_neighbour() -> None:
    font = cjk_font()
    four = stringWidth("一二三四", font, 10)
    # "，" would start the second line, so "四" moves down with it.
    assert wrap_text("一二三四，五六", font, 10, four) == ["一二三", "四，五六"]
    # "（" would end the first line, so it moves down with "五".
    assert wrap_text("一二三（五）六", font, 10, four) == ["一二三", "（五）六"]
    # An ASCII run stays whole when it fits on a line of its own.
    assert wrap_text("号码 B017", font, 10, stringWidth("号码 B0", font, 10)) == ["号码", "B017"]


def test_a_chinese_payload_is_refused() -> None:
    with pytest.raises(ValueError, match="ASCII"):
        render_ticket_slip(replace(SLIP, qr_payload="票号B017"))


def test_a_naive_issue_time_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        render_ticket_slip(replace(SLIP, issued_at=datetime(2026, 11, 22, 9, 31)))


def test_font_is_registered_once(monkeypatch: pytest.MonkeyPatch) -> None:
    name = cjk_font()

    def parse_again(*args: object, **kwargs: object) -> None:
        raise AssertionError("the font file was parsed a second time")

    monkeypatch.setattr(fonts, "TTFont", parse_again)
    assert cjk_font() == name == "WenQuanYiZenHei"
