"""The licence (证照) PDF, read back as a person would: page size per template, the text,
the masked ID, the embedded font, the QR code, the metadata, a long scope inside the
frame with nothing overlapping, the font check, the batch and its cancel, and speed."""

from __future__ import annotations

import re
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from counter_app.domain.applicants import ApplicantKind
from counter_app.errors import ValidationError
from counter_app.printing.licence import (
    LicenceDocument,
    LicenceTemplate,
    frame_box,
    page_size,
    render_licence,
    render_licences,
    validity_words,
)
from tests.pdf_tools import (
    Glyph,
    decode_qr,
    page_count,
    page_size_points,
    page_sizes,
    pdf_fonts,
    pdf_glyphs,
    pdf_image_count,
    pdf_info,
    pdf_text,
)

MM = 72 / 25.4
PERSON_ID = "120101199003071234"
IDENTIFIER = "1.2.156.3005.2.11100000000013338W001.12011600000000000X.0000007.001.K"
PAYLOAD = "CA1:L:1.2.156.3005.2.11100000000013338W001.12011600000000000X.0000007.001.K:" + "9f3a1c2b" * 10  # ~160 ASCII

LICENCE = LicenceDocument(
    licence_type="人力资源服务许可证",
    licence_number="津保人服证字〔2026〕第0007号",
    identifier=IDENTIFIER,
    holder_kind=ApplicantKind.ENTERPRISE,
    holder_name="天津空港示范人力资源服务有限公司",
    holder_code="91120116MA05JQ8X2K",
    scope="职业介绍；人力资源供求信息的收集和发布；就业和创业指导；人力资源管理咨询；人力资源测评；人力资源培训；承接人力资源服务外包。",
    valid_from=date(2026, 3, 1),
    valid_to=date(2031, 2, 28),
    issued_on=date(2026, 3, 1),
    authority="天津港保税区人力资源和社会保障局",
    hall_name="空港政务服务中心",
    qr_payload=PAYLOAD,
    template=LicenceTemplate.A4_PORTRAIT,
    legal_representative="王建国",
    address="天津自贸试验区（空港经济区）西三道166号A区3层301室",
    replaces="津保人服证字〔2021〕第0112号",
)
PERSON = replace(
    LICENCE, holder_kind=ApplicantKind.PERSON, holder_name="张晓明", holder_code=PERSON_ID, legal_representative=None,
    valid_to=None, replaces=None, reprint_reason="原证污损", reprinted_on=date(2026, 6, 18),
)
LONG_SCOPE = "；".join(f"第{number}项：人力资源供求信息的收集和发布、就业和创业指导、人力资源管理咨询、人力资源测评" for number in range(1, 16)) + "。"
TEMPLATES = list(LicenceTemplate)
SIZES = {
    LicenceTemplate.A4_PORTRAIT: (210 * MM, 297 * MM),
    LicenceTemplate.A4_LANDSCAPE: (297 * MM, 210 * MM),
    LicenceTemplate.A3_LANDSCAPE: (420 * MM, 297 * MM),
}


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _outside(glyphs: list[Glyph], box: tuple[float, float, float, float]) -> list[Glyph]:
    left, bottom, right, top = box
    return [glyph for glyph in glyphs if not (left <= glyph.left and glyph.right <= right and bottom <= glyph.bottom and glyph.top <= top)]


def _overlapping(glyphs: list[Glyph], slack: float = 1.0) -> list[tuple[Glyph, Glyph]]:
    """Pairs of glyphs whose boxes overlap (more than ``slack`` points each way)."""
    ordered = sorted(glyphs, key=lambda glyph: glyph.left)
    pairs = []
    for index, first in enumerate(ordered):
        for second in ordered[index + 1:]:
            if second.left >= first.right - slack:
                break
            if min(first.top, second.top) - max(first.bottom, second.bottom) > slack:
                pairs.append((first, second))
    return pairs


def _assert_laid_out(path: Path, template: LicenceTemplate) -> None:
    glyphs = pdf_glyphs(path)
    assert glyphs
    outside = _outside(glyphs, frame_box(template))
    assert not outside, [f"{glyph.char!r} x {glyph.left:.1f}–{glyph.right:.1f} y {glyph.bottom:.1f}–{glyph.top:.1f}" for glyph in outside]
    overlapping = _overlapping(glyphs)
    assert not overlapping, [f"{a.char!r}@({a.left:.0f},{a.bottom:.0f}) {b.char!r}@({b.left:.0f},{b.bottom:.0f})" for a, b in overlapping[:10]]


@pytest.fixture(scope="module", params=TEMPLATES, ids=[template.value for template in TEMPLATES])
def licence_pdf(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[LicenceTemplate, Path]:
    template: LicenceTemplate = request.param
    path = _write(tmp_path_factory.mktemp(template.value), "licence.pdf", render_licence(replace(LICENCE, template=template)))
    return template, path


def test_page_size_and_one_page(licence_pdf: tuple[LicenceTemplate, Path]) -> None:
    template, path = licence_pdf
    assert page_size_points(path) == pytest.approx(SIZES[template], abs=0.5)
    assert page_size(template) == pytest.approx(SIZES[template], abs=0.5)
    assert page_count(path) == 1


def test_the_text_reads_back(licence_pdf: tuple[LicenceTemplate, Path]) -> None:
    _template, path = licence_pdf
    text = pdf_text(path)
    squeezed = _squeezed(text)
    for expected in (
        LICENCE.licence_type, LICENCE.licence_number, LICENCE.holder_name, "统一社会信用代码", LICENCE.holder_code, "法定代表人",
        "王建国", "天津自贸试验区（空港经济区）西三道166号A区3层301室", "许可范围", LICENCE.scope, "有效期限", "自2026年3月1日至2031年2月28日", "发证机关",
        LICENCE.authority, "2026年3月1日", IDENTIFIER, "扫码核验", LICENCE.hall_name, "换发", "津保人服证字〔2021〕第0112号",
    ):
        assert _squeezed(expected) in squeezed, f"{expected!r} not in {text!r}"
    assert "补打" not in squeezed


def test_font_embedded_as_a_subset_and_the_qr_is_vector(licence_pdf: tuple[LicenceTemplate, Path]) -> None:
    _template, path = licence_pdf
    found = pdf_fonts(path)
    assert found and all(embedded for _, embedded in found), found
    assert all(re.fullmatch(r"[A-Z]{6}\+WenQuanYiZenHei(-\d+)?", name) for name, _ in found), found
    assert pdf_image_count(path) == 0


def test_the_qr_decodes_to_the_payload(licence_pdf: tuple[LicenceTemplate, Path], tmp_path: Path) -> None:
    _template, path = licence_pdf
    assert decode_qr(path, tmp_path) == [PAYLOAD]


def test_metadata(licence_pdf: tuple[LicenceTemplate, Path]) -> None:
    _template, path = licence_pdf
    info = pdf_info(path)
    assert info["Title"].strip() == LICENCE.licence_number, info
    assert info["Subject"].strip() == IDENTIFIER, info
    assert info["Author"].strip() == LICENCE.authority, info
    assert IDENTIFIER in info.get("Keywords", ""), info


def test_inside_the_frame_and_nothing_overlaps(licence_pdf: tuple[LicenceTemplate, Path]) -> None:
    template, path = licence_pdf
    _assert_laid_out(path, template)


@pytest.mark.parametrize("template", TEMPLATES, ids=[template.value for template in TEMPLATES])
def test_a_person_masked_for_ever_and_reprinted(template: LicenceTemplate, tmp_path: Path) -> None:
    path = _write(tmp_path, "person.pdf", render_licence(replace(PERSON, template=template)))
    squeezed = _squeezed(pdf_text(path))
    for expected in ("身份证号码", "1201**********1234", "姓名", "张晓明", "自2026年3月1日起长期有效", "补打", "2026年6月18日", "原证污损"):
        assert expected in squeezed, expected
    assert PERSON_ID not in squeezed and PERSON_ID not in str(pdf_info(path))
    assert "法定代表人" not in squeezed and "换发" not in squeezed
    _assert_laid_out(path, template)
    assert decode_qr(path, tmp_path) == [PAYLOAD]


@pytest.mark.parametrize("template", TEMPLATES, ids=[template.value for template in TEMPLATES])
def test_a_long_scope_wraps_inside_the_frame(template: LicenceTemplate, tmp_path: Path) -> None:
    path = _write(tmp_path, "long.pdf", render_licence(replace(LICENCE, scope=LONG_SCOPE, template=template)))
    assert page_count(path) == 1
    squeezed = _squeezed(pdf_text(path))
    assert _squeezed(LONG_SCOPE) in squeezed and LICENCE.authority in squeezed
    _assert_laid_out(path, template)
    assert decode_qr(path, tmp_path) == [PAYLOAD]
    # Far longer than a licence holds: refused, not printed off the sheet.
    with pytest.raises(ValueError, match="scope"):
        render_licence(replace(LICENCE, scope=LONG_SCOPE * 8, template=template))


def test_a_rare_character_is_refused_naming_it() -> None:
    with pytest.raises(ValidationError, match="U\\+2A6D6"):
        render_licence(replace(LICENCE, holder_name="王\U0002a6d6有限公司"))
    with pytest.raises(ValidationError, match="U\\+20000"):
        render_licence(replace(LICENCE, scope="职业介绍\U00020000"))
    with pytest.raises(ValidationError, match="U\\+1F600"):
        render_licence(replace(LICENCE, authority="人社局😀"))


def test_bad_data_is_refused() -> None:
    with pytest.raises(ValueError, match="ASCII"):
        render_licence(replace(LICENCE, qr_payload="证照-0007"))
    with pytest.raises(ValueError, match="expire"):
        render_licence(replace(LICENCE, valid_to=date(2026, 2, 28)))
    with pytest.raises(ValueError, match="reprint"):
        render_licence(replace(LICENCE, reprint_reason="遗失"))
    assert validity_words(date(2026, 3, 1), None) == "自2026年3月1日起长期有效"


def test_a_batch_is_one_pdf_a_page_per_licence_each_on_its_paper(tmp_path: Path) -> None:
    documents = [
        replace(LICENCE, template=TEMPLATES[number % 3], licence_number=f"津保人服证字〔2026〕第{number:04d}号")
        for number in range(1, 6)
    ]
    calls: list[tuple[int, int]] = []

    def carry_on(done: int, total: int) -> bool:
        calls.append((done, total))
        return True

    data = render_licences(documents, carry_on)
    assert data is not None and calls == [(1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]
    path = _write(tmp_path, "batch.pdf", data)
    sizes = [page_size(document.template) for document in documents]
    assert [tuple(round(side) for side in size) for size in page_sizes(path)] == [tuple(round(side) for side in size) for size in sizes]
    for number, page in enumerate(pdf_text(path).split("\f"), start=1):
        assert f"第{number:04d}号" in _squeezed(page)


def test_a_cancelled_batch_gives_nothing_and_a_bad_licence_stops_it_before_drawing() -> None:
    documents = [replace(LICENCE, licence_number=f"第{number:04d}号") for number in range(1, 6)]
    calls: list[tuple[int, int]] = []

    def cancel_after_two(done: int, total: int) -> bool:
        calls.append((done, total))
        return done < 2

    assert render_licences(documents, cancel_after_two) is None and calls == [(1, 5), (2, 5)]
    calls.clear()
    with pytest.raises(ValueError, match="ASCII"):
        render_licences([*documents, replace(LICENCE, qr_payload="证照")], cancel_after_two)
    assert calls == []
    with pytest.raises(ValueError):
        render_licences([])


def test_a_hundred_licences_render_quickly() -> None:
    """About 30 ms each on an idle machine (benchmarks/licence_bench.py measures it); the
    bound is loose so that a loaded CI machine cannot make it flake."""
    render_licence(LICENCE)
    documents = [replace(LICENCE, template=TEMPLATES[number % 3], licence_number=f"第{number:04d}号") for number in range(100)]
    start = time.perf_counter()
    rendered = render_licences(documents)
    assert rendered is not None and rendered.startswith(b"%PDF")
    assert time.perf_counter() - start < 40.0
