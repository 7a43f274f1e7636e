"""The 80 mm ticket slip, read back as a person would: text, embedded font, page size,
QR code decoded from a 300 dpi raster, and everything inside the paper."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from counter_app.printing import fonts
from counter_app.printing.fonts import cjk_font
from counter_app.printing.ticket_slip import MARGIN, TicketSlip, render_ticket_slip, wrap_text
from tests.pdf_tools import decode_qr, page_size_points, pdf_fonts, pdf_text

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


def _tool(name: str, package: str) -> str:
    path = shutil.which(name)
    assert path, f"{name} is missing: install the Debian package {package}"
    return path


def _render(tmp_path: Path, slip: TicketSlip, name: str = "slip.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(render_ticket_slip(slip))
    return path


def _squeezed(text: str) -> str:
    """pdftotext output without any whitespace: wrapped lines read as one string."""
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
    assert found, "pdffonts lists no font"
    assert all(embedded for _, embedded in found), f"not embedded: {found}"
    assert any("WenQuanYiZenHei" in name for name, _ in found), found


def test_page_is_80_mm_wide_and_receipt_tall(slip_pdf: Path) -> None:
    width, height = page_size_points(slip_pdf)
    assert abs(width / 72 * 25.4 - 80) <= 0.5, width
    assert 80 < height / 72 * 25.4 < 160, height


def test_qr_code_decodes_to_the_payload(slip_pdf: Path, tmp_path: Path) -> None:
    assert decode_qr(slip_pdf, tmp_path) == [SLIP.qr_payload]


def test_qr_code_is_vector_not_an_image(slip_pdf: Path) -> None:
    listing = subprocess.run(
        [_tool("pdfimages", "poppler-utils"), "-list", str(slip_pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert len(listing.strip().splitlines()) == 2, listing  # the header only: no raster images


def test_metadata(slip_pdf: Path) -> None:
    info = subprocess.run([_tool("pdfinfo", "poppler-utils"), str(slip_pdf)], capture_output=True, text=True, check=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
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


def test_long_texts_wrap_inside_the_paper(tmp_path: Path) -> None:
    path = _render(tmp_path, LONG_SLIP)
    squeezed = _squeezed(pdf_text(path))
    for expected in (LONG_SLIP.hall_name, LONG_SLIP.line_name, f"事项：{LONG_SLIP.service_item_name}", _squeezed(LONG_SLIP.notice)):
        assert _squeezed(expected) in squeezed, expected
    bbox = subprocess.run(
        [_tool("pdftotext", "poppler-utils"), "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    page = re.search(r'<page width="([\d.]+)" height="([\d.]+)"', bbox)
    assert page, bbox
    width, height = float(page[1]), float(page[2])
    words = re.findall(r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([^<]*)</word>', bbox)
    assert len(words) > 10, bbox
    slack = 1.0  # points: rounding of the glyph boxes
    for x_min, y_min, x_max, y_max, word in words:
        assert MARGIN - slack <= float(x_min) and float(x_max) <= width - MARGIN + slack, f"{word!r} crosses the side margin"
        assert 0 <= float(y_min) and float(y_max) <= height, f"{word!r} is off the page"
    assert decode_qr(path, tmp_path) == [SLIP.qr_payload]


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
