"""The 80 mm ticket slip, read back: text, embedded font, page width, QR code."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from counter_app.printing.ticket_slip import TicketSlip, render_ticket_slip
from tests.pdf_tools import decode_qr, page_size_points, pdf_fonts, pdf_text

SLIP = TicketSlip(
    hall_name="空港政务服务中心",
    line_name="市场准入",
    label="B017",
    people_ahead=3,
    wait_minutes=12,
    issued_at=datetime(2026, 11, 22, 1, 31, tzinfo=UTC),
    timezone="Asia/Shanghai",
    qr_payload="CA1:T:KG:20261122:B017:12345",
)


@pytest.fixture
def slip_pdf(tmp_path: Path) -> Path:
    path = tmp_path / "slip.pdf"
    path.write_bytes(render_ticket_slip(SLIP))
    return path


def test_text_reads_back_in_local_time(slip_pdf: Path) -> None:
    text = pdf_text(slip_pdf)
    for expected in ("空港政务服务中心", "市场准入", "B017", "前面还有 3 人等候", "预计等候约 12 分钟", "2026-11-22 09:31"):
        assert expected in text, expected
    assert "补打" not in text


def test_only_the_embedded_cjk_font(slip_pdf: Path) -> None:
    fonts = pdf_fonts(slip_pdf)
    assert fonts and all(embedded for _, embedded in fonts), fonts
    assert any("WenQuanYi" in name for name, _ in fonts)


def test_page_is_80_mm_wide(slip_pdf: Path) -> None:
    width, height = page_size_points(slip_pdf)
    assert abs(width / 72 * 25.4 - 80) < 0.5
    assert 80 < height / 72 * 25.4 < 200


def test_qr_code_decodes_to_the_payload(slip_pdf: Path, tmp_path: Path) -> None:
    assert decode_qr(slip_pdf, tmp_path) == [SLIP.qr_payload]


def test_unknown_wait_priority_and_reprint(tmp_path: Path) -> None:
    from dataclasses import replace

    path = tmp_path / "reprint.pdf"
    path.write_bytes(render_ticket_slip(replace(SLIP, wait_minutes=None, reprint=True, priority_label="绿色通道")))
    text = pdf_text(path)
    assert "预计等候时间：暂无" in text and "补打" in text and "绿色通道" in text


def test_a_chinese_payload_is_refused() -> None:
    from dataclasses import replace

    with pytest.raises(ValueError, match="ASCII"):
        render_ticket_slip(replace(SLIP, qr_payload="票号B017"))
