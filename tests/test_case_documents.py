"""The documents of application entry (受理通知书, 一次性告知单, 告知承诺书), read back as a
person would: text, masked personal data, due dates, the embedded font, the QR code, and
every character inside the page however long the lists; and the font check that refuses
a character the font cannot draw before anything is printed."""

from __future__ import annotations

import re
import time
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4

from counter_app.domain.applicants import AgentDetails, ApplicantDetails, ApplicantKind
from counter_app.domain.cases import (
    DueDate,
    ItemFlags,
    ItemSnapshot,
    LimitUnit,
    MaterialForm,
    MaterialOutcome,
    MaterialSpec,
    MaterialState,
    Route,
    TimeLimit,
)
from counter_app.domain.catalogue import CaseType, ItemKind
from counter_app.errors import ValidationError
from counter_app.printing.case_documents import (
    DECLARATION,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    PROVISIONAL,
    AcceptanceNotice,
    CommitmentForm,
    HallContact,
    MissingMaterialsNotice,
    check_printable,
    render_acceptance_notice,
    render_commitment_form,
    render_missing_materials_notice,
)
from counter_app.printing.fonts import unprintable_characters
from tests.pdf_tools import (
    Glyph,
    decode_qr,
    page_count,
    page_size_points,
    pdf_fonts,
    pdf_glyphs,
    pdf_image_count,
    pdf_info,
    pdf_text,
)

HALL = HallContact("空港政务服务中心", "天津自贸试验区（空港经济区）中心大道华盈大厦一层", "022-84906789")
CASE_NUMBER = "KG-20261202-0007"
PERSON_ID = "120101199003071234"
AGENT_ID = "120104198512120018"
PHONE = "13812345678"

ITEM = ItemSnapshot(
    item_id=17,
    code="11120116MB1234567X4000117001",
    name="食品经营许可证核发（仅销售预包装食品）",
    department="天津港保税区市场监督管理局",
    kind=ItemKind.LICENSING,
    case_type=CaseType.PROMISED,
    statutory_limit=TimeLimit(LimitUnit.WORKING_DAYS, 20),
    promised_limit=TimeLimit(LimitUnit.WORKING_DAYS, 3),
    extension_days=10,
    deferral_days=60,
    fees="",
    legal_basis="《中华人民共和国食品安全法》第三十五条；《食品经营许可和备案管理办法》（国家市场监督管理总局令第78号）。",
    licence_type="食品经营许可证",
    licence_validity_months=60,
    flags=ItemFlags(notify_commit=True, tolerance_acceptance=True),
    materials=(
        MaterialSpec("食品经营许可申请书"),
        MaterialSpec("营业执照复印件"),
        MaterialSpec("与食品经营相适应的主要设备设施布局、操作流程等文件"),
        MaterialSpec("食品安全管理人员培训考核合格证明", deferrable=True),
    ),
)

ENTERPRISE = ApplicantDetails(
    kind=ApplicantKind.ENTERPRISE,
    code="91120116MA05JQ8X2K",
    name="天津空港示范商贸有限公司",
    legal_representative="王建国",
    address="天津自贸试验区（空港经济区）西三道166号",
    contact_name="李敏",
    phone=PHONE,
)
PERSON = ApplicantDetails(kind=ApplicantKind.PERSON, code=PERSON_ID, name="张晓明", phone=PHONE)
AGENT = AgentDetails(name="赵一鸣", id_number=AGENT_ID, phone="13900001111")

MATERIALS = (
    MaterialOutcome(0, "食品经营许可申请书", MaterialState.RECEIVED, MaterialForm.ORIGINAL, 3),
    MaterialOutcome(1, "营业执照复印件", MaterialState.RECEIVED, MaterialForm.COPY, 1),
    MaterialOutcome(2, "与食品经营相适应的主要设备设施布局、操作流程等文件", MaterialState.RECEIVED, MaterialForm.ORIGINAL, 12),
    MaterialOutcome(3, "食品安全管理人员培训考核合格证明", MaterialState.DEFERRED, None, None),
)

NOTICE = AcceptanceNotice(
    case_number=CASE_NUMBER,
    hall=HALL,
    accepted_at=datetime(2026, 12, 2, 1, 31, tzinfo=UTC),
    timezone="Asia/Shanghai",
    counter_number=12,
    clerk_name="刘静",
    item=ITEM,
    applicant=PERSON,
    agent=AGENT,
    route=Route.MATERIALS,
    materials=MATERIALS,
    promised_due=DueDate(date(2026, 12, 7), provisional=False),
    statutory_due=DueDate(date(2026, 12, 30), provisional=False),
    deferral_due=DueDate(date(2027, 1, 31), provisional=True),
)

ONE_TIME = MissingMaterialsNotice(
    hall=HALL,
    issued_at=datetime(2026, 12, 2, 2, 5, tzinfo=UTC),
    timezone="Asia/Shanghai",
    counter_number=12,
    clerk_name="刘静",
    item=ITEM,
    applicant=PERSON,
    agent=None,
    missing=(
        MaterialOutcome(1, "营业执照复印件", MaterialState.MISSING, None, None),
        MaterialOutcome(2, "与食品经营相适应的主要设备设施布局、操作流程等文件", MaterialState.MISSING, None, None),
    ),
    reason="申请人未携带营业执照，设备设施布局图未标注操作流程。",
    bring_next_time=("经营场所租赁合同原件",),
    record_number="NO-20261202-003",
)

COMMITMENT = CommitmentForm(
    hall=HALL,
    item=ITEM,
    applicant=ENTERPRISE,
    issued_on=date(2026, 12, 2),
    agent=AGENT,
    case_number=CASE_NUMBER,
)

LONG_LEGAL_BASIS = "\n".join(
    f"《某某条例》第{number}条：从事食品经营活动，应当具有与经营的食品品种、数量相适应的食品原料处理和食品加工、销售、贮存等场所，"
    "保持该场所环境整洁，并与有毒、有害场所以及其他污染源保持规定的距离；具有与经营的食品品种、数量相适应的经营设备或者设施。"
    for number in range(1, 41)
)


def _sixty(state: MaterialState) -> tuple[tuple[MaterialSpec, ...], tuple[MaterialOutcome, ...]]:
    specs = tuple(MaterialSpec(f"第{number}项申请材料：与申请事项相关的证明文件及其附件（加盖公章）") for number in range(1, 61))
    outcomes = tuple(
        MaterialOutcome(index, spec.name, state, MaterialForm.COPY if state is MaterialState.RECEIVED else None, 2 if state is MaterialState.RECEIVED else None)
        for index, spec in enumerate(specs)
    )
    return specs, outcomes


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _body(path: Path) -> list[str]:
    """The text of each page without its footer line ("… 第 n 页 共 m 页 …"), so that text
    which flows from one page onto the next reads back whole."""
    return ["\n".join(line for line in page.splitlines() if not re.search(r"第 \d+ 页 共 \d+ 页", line)) for page in pdf_text(path).split("\f")]


def _outside(glyphs: list[Glyph], width: float, height: float) -> list[Glyph]:
    """Glyphs across the side margins, above the top margin or off the page (the footer
    sits in the bottom margin)."""
    slack = 1.0
    return [
        glyph for glyph in glyphs
        if not (
            MARGIN_LEFT - slack <= glyph.left and glyph.right <= width - MARGIN_RIGHT + slack
            and glyph.bottom >= 0 and glyph.top <= height - MARGIN_TOP + slack
        )
    ]


def _assert_inside(path: Path) -> None:
    width, height = page_size_points(path)
    for page in range(page_count(path)):
        glyphs = pdf_glyphs(path, page)
        assert glyphs, f"page {page + 1} is empty"
        outside = _outside(glyphs, width, height)
        assert not outside, [f"p{page + 1} {glyph.char!r} x {glyph.left:.1f}–{glyph.right:.1f} y {glyph.bottom:.1f}–{glyph.top:.1f}" for glyph in outside]


def _assert_embedded(path: Path) -> None:
    found = pdf_fonts(path)
    assert found and all(embedded for _, embedded in found), found
    # A subset: ReportLab names it with a tag, "AAAAAA+WenQuanYiZenHei".
    # (ReportLab names each subset of up to 256 characters "AAAAAA+WenQuanYiZenHei-0", …)
    assert all(re.fullmatch(r"[A-Z]{6}\+WenQuanYiZenHei(-\d+)?", name) for name, _ in found), found


# ---------------------------------------------------------------- 受理通知书


@pytest.fixture(scope="module")
def notice_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write(tmp_path_factory.mktemp("notice"), "notice.pdf", render_acceptance_notice(NOTICE))


def test_acceptance_notice_reads_back(notice_pdf: Path) -> None:
    text = pdf_text(notice_pdf)
    squeezed = _squeezed(text)
    for expected in (
        "受理通知书", HALL.name, CASE_NUMBER, "2026年12月2日 09:31", "12号窗口", "刘静", ITEM.name, ITEM.code, ITEM.department,
        "承诺件", "行政许可", "张晓明", "1201**********1234", "138****5678", "赵一鸣", "1201**********0018",
        "按材料受理（容缺受理）", "不收费", "已收取", "原件", "复印件",
        "3个工作日，2026年12月7日前办结", "20个工作日，2026年12月30日前办结（依法可延长10个工作日）",
        f"容缺后补，2027年1月31日前补交{PROVISIONAL}", "第三十二条第一款第（五）项", "签收",
    ):
        assert _squeezed(expected) in squeezed, f"{expected!r} not in {text!r}"
    for absent in (PERSON_ID, AGENT_ID, PHONE, "13900001111"):
        assert absent not in squeezed, absent
    # Due dates that are not provisional carry no mark; the deferral's does (once per use).
    assert squeezed.count(_squeezed(PROVISIONAL)) == 2, text  # the body text and the materials row


def test_acceptance_notice_qr_font_metadata_and_page(notice_pdf: Path, tmp_path: Path) -> None:
    assert decode_qr(notice_pdf, tmp_path) == [CASE_NUMBER]
    assert pdf_image_count(notice_pdf) == 0  # the QR code is vector
    _assert_embedded(notice_pdf)
    assert page_size_points(notice_pdf) == pytest.approx(A4, abs=0.01)
    info = pdf_info(notice_pdf)
    assert info["Title"].strip() == CASE_NUMBER and info["Author"].strip() == HALL.name, info
    pages = page_count(notice_pdf)
    assert f"第 1 页 共 {pages} 页" in pdf_text(notice_pdf)
    _assert_inside(notice_pdf)


def test_a_plain_case_fits_on_one_page(tmp_path: Path) -> None:
    """No agent, nothing deferred, four materials: the notice is one sheet."""
    received = tuple(replace(outcome, state=MaterialState.RECEIVED, form=MaterialForm.COPY, pages=2) for outcome in MATERIALS)
    path = _write(tmp_path, "plain.pdf", render_acceptance_notice(replace(NOTICE, agent=None, materials=received, deferral_due=None)))
    assert page_count(path) == 1
    assert "第 1 页 共 1 页" in pdf_text(path)
    # Not accepted at a counter (a case from the online channel): no window line.
    text = pdf_text(_write(tmp_path, "online.pdf", render_acceptance_notice(replace(NOTICE, counter_number=None))))
    assert "受理窗口" not in text and "经办人：刘静" in text


def test_provisional_due_dates_are_marked(tmp_path: Path) -> None:
    notice = replace(
        NOTICE,
        route=Route.COMMITMENT,
        materials=tuple(replace(outcome, state=MaterialState.COMMITTED, form=None, pages=None) if outcome.position == 3 else outcome for outcome in MATERIALS),
        promised_due=DueDate(date(2027, 1, 5), provisional=True),
        statutory_due=DueDate(date(2027, 1, 12), provisional=True),
        deferral_due=None,
    )
    squeezed = _squeezed(pdf_text(_write(tmp_path, "provisional.pdf", render_acceptance_notice(notice))))
    assert _squeezed(f"3个工作日，2027年1月5日前办结{PROVISIONAL}") in squeezed
    assert _squeezed(f"20个工作日，2027年1月12日前办结{PROVISIONAL}") in squeezed
    assert "告知承诺" in squeezed and "已承诺" in squeezed and "容缺" not in squeezed


def test_on_the_spot_and_no_limit_and_an_enterprise(tmp_path: Path) -> None:
    item = replace(
        ITEM, case_type=CaseType.ON_THE_SPOT, kind=ItemKind.PUBLIC_SERVICE, fees="工本费10元",
        promised_limit=TimeLimit(LimitUnit.ON_THE_SPOT), statutory_limit=TimeLimit(LimitUnit.NONE),
    )
    received = tuple(replace(outcome, state=MaterialState.RECEIVED, form=MaterialForm.COPY, pages=1) for outcome in MATERIALS)
    notice = replace(
        NOTICE, item=item, applicant=ENTERPRISE, agent=None, materials=received,
        promised_due=DueDate(date(2026, 12, 2), provisional=True), statutory_due=None, deferral_due=None,
    )
    path = _write(tmp_path, "spot.pdf", render_acceptance_notice(notice))
    squeezed = _squeezed(pdf_text(path))
    for expected in ("即办件", "当场办结", "无法定时限", "工本费10元", ENTERPRISE.name, ENTERPRISE.code, "王建国", "138****5678", "公共服务"):
        assert expected in squeezed, expected
    # Today's date needs no holiday calendar; a public service is not a licence under §32.
    for absent in (_squeezed(PROVISIONAL), "代办人身份证号", "第三十二条", "容缺", PHONE):
        assert absent not in squeezed, absent
    assert decode_qr(path, tmp_path) == [CASE_NUMBER]


def test_sixty_materials_flow_onto_more_pages_inside_the_paper(tmp_path: Path) -> None:
    specs, outcomes = _sixty(MaterialState.RECEIVED)
    notice = replace(NOTICE, item=replace(ITEM, materials=specs, flags=ItemFlags()), materials=outcomes, deferral_due=None)
    path = _write(tmp_path, "sixty.pdf", render_acceptance_notice(notice))
    pages = page_count(path)
    assert pages >= 2
    text = pdf_text(path)
    squeezed = _squeezed("".join(_body(path)))
    for spec in specs:
        assert _squeezed(spec.name) in squeezed, spec.name
    assert f"共 {pages} 页" in text
    for page_text in text.split("\f")[1:]:
        assert "材料名称" in page_text or "签收" in page_text  # the table's header repeats on its pages
    _assert_inside(path)
    assert decode_qr(path, tmp_path) == [CASE_NUMBER]


def test_a_missing_material_or_a_deferral_without_its_date_is_refused() -> None:
    with pytest.raises(ValueError, match="missing"):
        render_acceptance_notice(replace(NOTICE, materials=(replace(MATERIALS[0], state=MaterialState.MISSING),)))
    with pytest.raises(ValueError, match="deferral"):
        render_acceptance_notice(replace(NOTICE, deferral_due=None))
    with pytest.raises(ValueError, match="ASCII"):
        render_acceptance_notice(replace(NOTICE, case_number="空港-0007"))
    with pytest.raises(ValueError, match="aware"):
        render_acceptance_notice(replace(NOTICE, accepted_at=datetime(2026, 12, 2, 9, 31)))


# ---------------------------------------------------------------- 一次性告知单


def test_one_time_notice_lists_everything_missing(tmp_path: Path) -> None:
    path = _write(tmp_path, "one_time.pdf", render_missing_materials_notice(ONE_TIME))
    text = pdf_text(path)
    squeezed = _squeezed(text)
    for expected in (
        "一次性告知单", ITEM.name, "张晓明", "1201**********1234", "2026年12月2日 10:05", "刘静", "共2项",
        "1.营业执照复印件", "2.与食品经营相适应的主要设备设施布局、操作流程等文件", ONE_TIME.reason, "经营场所租赁合同原件",
        HALL.address, HALL.phone, "不说NO", "NO-20261202-003", "第三十二条第一款第（四）项",
    ):
        assert _squeezed(expected) in squeezed, f"{expected!r} not in {text!r}"
    assert PERSON_ID not in squeezed and PHONE not in squeezed
    _assert_embedded(path)
    _assert_inside(path)
    assert pdf_info(path)["Author"].strip() == HALL.name


def test_one_time_notice_of_sixty_materials(tmp_path: Path) -> None:
    specs, outcomes = _sixty(MaterialState.MISSING)
    notice = replace(ONE_TIME, item=replace(ITEM, materials=specs), missing=outcomes)
    path = _write(tmp_path, "one_time_sixty.pdf", render_missing_materials_notice(notice))
    assert page_count(path) >= 2
    squeezed = _squeezed("".join(_body(path)))
    assert "共60项" in squeezed
    for number, spec in enumerate(specs, start=1):
        assert _squeezed(f"{number}.{spec.name}") in squeezed, spec.name
    _assert_inside(path)
    with pytest.raises(ValueError, match="at least one"):
        render_missing_materials_notice(replace(ONE_TIME, missing=()))


# ---------------------------------------------------------------- 告知承诺书


@pytest.fixture(scope="module")
def commitment_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write(tmp_path_factory.mktemp("commitment"), "commitment.pdf", render_commitment_form(COMMITMENT))


def test_commitment_notice_and_letter(commitment_pdf: Path) -> None:
    text = pdf_text(commitment_pdf)
    pages = _body(commitment_pdf)
    assert len(pages) >= 2
    letter_starts = next(number for number, page in enumerate(pages) if "（第二部分承诺书）" in _squeezed(page))
    assert letter_starts == len(pages) - 1, "the letter is on a page of its own"
    notice, letter = _squeezed("".join(pages[:letter_starts])), _squeezed(pages[-1])
    assert "（第一部分告知书）" in notice and "（第二部分承诺书）" not in notice
    for expected in (
        "告知书", ITEM.name, ITEM.legal_basis, "国办发〔2020〕42号", "营业执照复印件", "不实承诺的法律责任", "责令限期整改", "撤销",
        "行政处罚", "信用记录", "你承诺、我审批；你不兑现、我就撤销。", "核查", "3个月内", "自主决定", ITEM.department,
    ):
        assert _squeezed(expected) in notice, f"{expected!r} not in the notice"
    assert "第二部分" in letter and "承诺书" in letter
    for sentence in DECLARATION:
        assert sentence in letter, sentence
    for expected in (ENTERPRISE.name, ENTERPRISE.code, "王建国", "赵一鸣", "1201**********0018", "签字", "年月日", CASE_NUMBER):
        assert expected in letter, expected
    assert AGENT_ID not in _squeezed(text)
    assert pdf_info(commitment_pdf)["Title"].strip() == CASE_NUMBER
    _assert_embedded(commitment_pdf)
    _assert_inside(commitment_pdf)


def test_a_person_commits_with_a_masked_id_and_a_long_legal_basis_flows(tmp_path: Path) -> None:
    form = replace(COMMITMENT, applicant=PERSON, agent=None, case_number=None, item=replace(ITEM, legal_basis=LONG_LEGAL_BASIS))
    path = _write(tmp_path, "long_basis.pdf", render_commitment_form(form))
    squeezed = _squeezed("".join(_body(path)))
    assert "1201**********1234" in squeezed and PERSON_ID not in squeezed
    assert _squeezed(LONG_LEGAL_BASIS) in squeezed
    assert page_count(path) >= 4
    _assert_inside(path)
    with pytest.raises(ValueError, match="commitment route"):
        render_commitment_form(replace(COMMITMENT, item=replace(ITEM, flags=ItemFlags())))


# ---------------------------------------------------------------- the font check


def test_unprintable_characters() -> None:
    assert unprintable_characters("张晓明 天津空港示范商贸有限公司（空港）：，。、“”《》〔〕1234ABCxyz　·") == []
    assert unprintable_characters("㐀䶵龥鿋") == []  # CJK Extension A and the BMP's unified ideographs
    rare = "\U0002a6d6"  # 𪛖, CJK Extension B: not in the font
    assert unprintable_characters(f"王{rare}明{rare}\U00020000") == [rare, "\U00020000"]
    # Emoji are flagged (the font has none): they would print as boxes.
    assert unprintable_characters("好评😀") == ["😀"]
    assert unprintable_characters("❤️") == ["❤"]  # the variation selector is not reported, the heart is
    # A variation selector after a character the font has is left out, not refused.
    assert unprintable_characters("葛\U000e0100") == []


def test_check_printable_names_the_character() -> None:
    check_printable("张晓明", "", "天津")
    with pytest.raises(ValidationError) as raised:
        check_printable("张晓明", "王\U0002a6d6")
    message = str(raised.value)
    assert "U+2A6D6 CJK UNIFIED IDEOGRAPH-2A6D6" in message and "王\U0002a6d6" in message, message
    assert raised.value.template.startswith("“{text}” cannot be printed")
    # A long text (a legal basis) is quoted only around the character.
    with pytest.raises(ValidationError) as raised:
        check_printable("依据" * 100 + "😀" + "条例" * 100)
    assert raised.value.params["text"] == "…" + "据依" * 7 + "据😀" + "条例" * 7 + "条…", raised.value.params
    assert "U+1F600 GRINNING FACE" in str(raised.value)


@pytest.mark.parametrize(
    "render",
    [
        lambda name: render_acceptance_notice(replace(NOTICE, applicant=replace(PERSON, name=name))),
        lambda name: render_missing_materials_notice(replace(ONE_TIME, applicant=replace(PERSON, name=name))),
        lambda name: render_commitment_form(replace(COMMITMENT, agent=replace(AGENT, name=name))),
    ],
    ids=["acceptance", "one_time", "commitment"],
)
def test_every_document_refuses_a_name_it_cannot_print(render: object) -> None:
    with pytest.raises(ValidationError, match="U\\+20000"):
        render("王\U00020000")  # type: ignore[operator]


def test_a_variation_selector_prints_its_base_character(tmp_path: Path) -> None:
    path = _write(tmp_path, "vs.pdf", render_acceptance_notice(replace(NOTICE, applicant=replace(PERSON, name="葛\U000e0100晓明"))))
    assert "葛晓明" in pdf_text(path)


def test_each_document_renders_quickly() -> None:
    """The font is parsed once per process; after that a document takes well under a second."""
    render_acceptance_notice(NOTICE)
    for render, data in (
        (render_acceptance_notice, NOTICE), (render_missing_materials_notice, ONE_TIME), (render_commitment_form, COMMITMENT),
    ):
        start = time.perf_counter()
        render(data)  # type: ignore[operator]
        assert time.perf_counter() - start < 1.5, render
