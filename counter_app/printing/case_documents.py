"""The official documents of application entry (办件受理), as A4 PDFs:

- 受理通知书 (``AcceptanceNotice``): what was accepted, from whom, with which materials, and
  when it is due; the case number large and as a QR code (its payload is the case number);
- 一次性告知单 (``MissingMaterialsNotice``): everything missing, all at once (行政许可法 §32);
- 告知承诺书 (``CommitmentForm``): the notice (告知书) and the applicant's commitment letter
  (承诺书), as 国办发〔2020〕42号 lays them out.

Plain data in, PDF bytes out: no Qt, no SQL. The pages are laid out by ReportLab's
platypus (frames, tables whose rows flow onto further pages with their header repeated);
every line of text is broken by ``ticket_slip.wrap_text`` (the slip's CJK line breaking)
and drawn with the bundled font, so nothing runs past a margin however long a list or a
legal basis is. Every page carries "第 n 页 共 m 页" and the document's number.

Before anything is drawn, every text of the document is checked against the font
(``check_printable``): a rare character (生僻字) the font lacks is refused with a message
naming it, rather than printed as an empty box on an official document.

A person's resident ID number and phone are printed masked (``mask_id_number``,
``mask_phone``); an enterprise's credit code is public and printed whole.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Table,
    TableStyle,
)

from counter_app.domain.applicants import AgentDetails, ApplicantDetails, ApplicantKind
from counter_app.domain.cases import (
    DueDate,
    ItemSnapshot,
    LimitUnit,
    MaterialForm,
    MaterialOutcome,
    MaterialState,
    Route,
    TimeLimit,
    mask_id_number,
    mask_phone,
)
from counter_app.domain.catalogue import CaseType, ItemKind
from counter_app.domain.text import describe_character
from counter_app.errors import ValidationError
from counter_app.i18n import QT_TRANSLATE_NOOP
from counter_app.printing.fonts import cjk_font, unprintable_characters, without_variation_selectors
from counter_app.printing.ticket_slip import draw_qr, qr_modules, wrap_text

# --- page: A4, the text block as wide as GB/T 9704's (156 mm, 28 mm binding side), a little taller

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_TOP = 20 * mm
MARGIN_LEFT = 28 * mm
MARGIN_RIGHT = 26 * mm
MARGIN_BOTTOM = 20 * mm
CONTENT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
FOOTER_BASELINE = 11 * mm  # inside the bottom margin

HALL_SIZE = 13.0
TITLE_SIZE = 21.0
NUMBER_SIZE = 18.0
HEADING_SIZE = 12.0
BODY_SIZE = 10.5
CELL_SIZE = 10.0
SMALL_SIZE = 9.0
FOOTER_SIZE = 8.5

LEADING = 1.5  # body text: line height as a multiple of the size
CELL_LEADING = 1.35
BOLD_STROKE = 0.035  # the fake bold of the slip (the font has no bold face), per point of size
QR_SIZE = 19 * mm
QR_QUIET_MODULES = 4
CELL_PAD = 1.6 * mm
GRID_LINE = 0.6
HEADING_ROOM = 28 * mm  # a heading needs this much room below it, or goes to the next page

PROVISIONAL = "（暂定：该年度节假日安排尚未公布）"
INDENT = "\u3000\u3000"  # a Chinese paragraph starts two ideographic spaces in

_UNPRINTABLE = QT_TRANSLATE_NOOP(
    "Errors",
    "“{text}” cannot be printed: the printing font has no glyph for {characters}, which would come out as an empty box. "
    "Check how the text was typed.",
)


# --- the documents' data -------------------------------------------------------------


@dataclass(frozen=True)
class HallContact:
    """The hall that issues a document, as printed on it."""

    name: str  # e.g. "空港政务服务中心"
    address: str  # e.g. "天津自贸试验区（空港经济区）中心大道华盈大厦一层"
    phone: str  # e.g. "022-84906789"


@dataclass(frozen=True)
class AcceptanceNotice:
    """受理通知书: handed to the applicant when a case is accepted."""

    case_number: str  # ASCII, e.g. "KG-20261202-0007": printed large and as the QR code's payload
    hall: HallContact
    accepted_at: datetime  # aware, shown in local time of `timezone`
    timezone: str  # e.g. "Asia/Shanghai"
    counter_number: int | None  # None: not accepted at a counter (the window line is left out)
    clerk_name: str
    item: ItemSnapshot
    applicant: ApplicantDetails
    agent: AgentDetails | None
    route: Route
    materials: tuple[MaterialOutcome, ...]  # none MISSING: a case with a missing material is not accepted
    promised_due: DueDate | None  # None: no promised limit
    statutory_due: DueDate | None  # None: no statutory limit
    deferral_due: DueDate | None = None  # when the deferred (容缺) materials are due; needed if any is DEFERRED


@dataclass(frozen=True)
class MissingMaterialsNotice:
    """一次性告知单: everything an application lacks, told at once (行政许可法 §32)."""

    hall: HallContact
    issued_at: datetime  # aware
    timezone: str
    counter_number: int | None
    clerk_name: str
    item: ItemSnapshot
    applicant: ApplicantDetails
    agent: AgentDetails | None
    missing: tuple[MaterialOutcome, ...]  # every missing material (at least one)
    reason: str  # why the application could not be accepted today, as the clerk wrote it
    bring_next_time: tuple[str, ...] = ()  # further things to bring, beyond the missing materials
    record_number: str | None = None  # the visit's entry in the 不说NO register, if it has a number


@dataclass(frozen=True)
class CommitmentForm:
    """告知承诺书: the notice (告知书) and the applicant's commitment letter (承诺书)."""

    hall: HallContact
    item: ItemSnapshot  # must offer the commitment route (告知承诺 or renewal on commitment)
    applicant: ApplicantDetails
    issued_on: date
    agent: AgentDetails | None = None
    case_number: str | None = None  # once the case has one
    inspection_within_months: int = 3  # 核查: within this many months of the decision
    conditions: tuple[str, ...] = ()  # the conditions, if the item states them; else from its materials


# --- checking the text against the font ------------------------------------------------


def check_printable(*texts: str) -> None:
    """Raise ``ValidationError`` naming the characters of the first text the bundled font
    cannot draw (a rare character, an emoji): before printing, not as boxes on paper."""
    for text in texts:
        characters = unprintable_characters(text)
        if characters:
            raise ValidationError(
                _UNPRINTABLE, text=_around(text, characters[0]), characters=", ".join(describe_character(char) for char in characters)
            )


def _around(text: str, char: str, reach: int = 15) -> str:
    """``text`` for a message: whole when short, else the part around ``char``, marked cut with "…"."""
    if len(text) <= 2 * reach + 1:
        return text
    at = text.index(char)
    start, end = max(0, at - reach), min(len(text), at + reach + 1)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def _person_texts(applicant: ApplicantDetails, agent: AgentDetails | None) -> list[str]:
    texts = [applicant.name, applicant.legal_representative, applicant.address, applicant.contact_name]
    if agent is not None:
        texts.append(agent.name)
    return texts


def _item_texts(item: ItemSnapshot) -> list[str]:
    return [item.name, item.code, item.department, item.fees, item.legal_basis, *(material.name for material in item.materials)]


def _hall_texts(hall: HallContact) -> list[str]:
    return [hall.name, hall.address, hall.phone]


# --- words --------------------------------------------------------------------------

CASE_TYPE_WORDS = {CaseType.ON_THE_SPOT: "即办件", CaseType.PROMISED: "承诺件"}
ITEM_KIND_WORDS = {
    ItemKind.LICENSING: "行政许可",
    ItemKind.CONFIRMATION: "行政确认",
    ItemKind.PUBLIC_SERVICE: "公共服务",
    ItemKind.INTERNAL: "内部审批",
    ItemKind.OTHER: "其他",
}
ROUTE_WORDS = {Route.MATERIALS: "按材料受理", Route.COMMITMENT: "告知承诺"}
FORM_WORDS = {MaterialForm.ORIGINAL: "原件", MaterialForm.COPY: "复印件"}


def day_words(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _local(moment: datetime, zone: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("document times must be aware datetimes")
    return moment.astimezone(ZoneInfo(zone))


def _limit_words(limit: TimeLimit) -> str:
    if limit.unit is LimitUnit.WORKING_DAYS:
        return f"{limit.amount}个工作日"
    if limit.unit is LimitUnit.CALENDAR_DAYS:
        return f"{limit.amount}日（自然日）"
    if limit.unit is LimitUnit.MONTHS:
        return f"{limit.amount}个月"
    return ""


def due_words(limit: TimeLimit, due: DueDate | None, *, none: str) -> str:
    """A time limit and its due date as printed: "20个工作日，2026年12月30日前办结",
    "当场办结", or ``none`` ("无法定时限"). A provisional date is marked as such; "当场办结"
    is due today, which no unknown holiday can move."""
    if limit.unit is LimitUnit.NONE:
        return none
    if limit.unit is LimitUnit.ON_THE_SPOT:
        return "当场办结"
    if due is None:
        return _limit_words(limit)
    return f"{_limit_words(limit)}，{day_words(due.day)}前办结" + (PROVISIONAL if due.provisional else "")


def _mark(due: DueDate) -> str:
    return PROVISIONAL if due.provisional else ""


def _you(applicant: ApplicantDetails) -> str:
    return "你单位" if applicant.kind is ApplicantKind.ENTERPRISE else "你"


# --- flowables ------------------------------------------------------------------------


class TextBlock(Flowable):  # type: ignore[misc]
    """Text wrapped to the width it is given (``wrap_text``), drawn line by line; splits
    between lines across pages. ``label`` hangs in front of the first line ("1." of a list),
    the wrapped lines are indented past it."""

    def __init__(
        self,
        text: str,
        size: float = BODY_SIZE,
        *,
        bold: bool = False,
        align: str = "left",
        leading: float = LEADING,
        before: float = 0.0,
        after: float = 0.0,
        label: str = "",
        _lines: list[str] | None = None,
        _indent: float | None = None,
    ) -> None:
        super().__init__()
        self.text = without_variation_selectors(text)
        self.size = size
        self.bold = bold
        self.align = align
        self.leading = leading
        self.spaceBefore = before
        self.spaceAfter = after
        self.label = without_variation_selectors(label)
        self.indent = _indent if _indent is not None else (stringWidth(self.label, cjk_font(), size) if self.label else 0.0)
        self._preset = _lines
        self.lines: list[str] = _lines or []
        self.width = 0.0
        self.height = 0.0

    def line_height(self) -> float:
        return self.size * self.leading

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        if self._preset is None:
            stroke = 2 * self.size * BOLD_STROKE if self.bold else 0.0
            self.lines = wrap_text(self.text, cjk_font(), self.size, max(avail_width - self.indent - stroke, self.size))
        self.height = len(self.lines) * self.line_height()
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self.wrap(avail_width, avail_height)
        fits = int((avail_height + 1e-6) // self.line_height())
        if fits >= len(self.lines):
            return []
        # No widows or orphans: at least two lines stay on each side of the break.
        fits = min(fits, len(self.lines) - 2)
        if fits < 2:
            return []
        common: dict[str, Any] = {"bold": self.bold, "align": self.align, "leading": self.leading, "_indent": self.indent}
        head = TextBlock("", self.size, before=self.spaceBefore, label=self.label, _lines=self.lines[:fits], **common)
        tail = TextBlock("", self.size, after=self.spaceAfter, _lines=self.lines[fits:], **common)
        return [head, tail]

    def draw(self) -> None:
        font = cjk_font()
        ascent, _descent = getAscentDescent(font, self.size)
        canvas = self.canv
        for index, line in enumerate(self.lines):
            top = self.height - index * self.line_height()
            # Centre the em box (ascent + descent = size) in the line's height.
            baseline = top - (self.leading - 1) * self.size / 2 - ascent
            width = stringWidth(line, font, self.size)
            if self.align == "center":
                x = (self.width - width) / 2
            elif self.align == "right":
                x = self.width - width - (self.size * BOLD_STROKE if self.bold else 0.0)
            else:
                x = self.indent
            if index == 0 and self.label:
                self._draw_run(canvas, font, 0.0, baseline, self.label)
            self._draw_run(canvas, font, x, baseline, line)

    def _draw_run(self, canvas: Canvas, font: str, x: float, baseline: float, text: str) -> None:
        # Each run in its own save/restore: the text render mode outlives the text object.
        canvas.saveState()
        run = canvas.beginText(x, baseline)
        run.setFont(font, self.size)
        if self.bold:
            canvas.setLineWidth(self.size * BOLD_STROKE)
            canvas.setStrokeColorRGB(0, 0, 0)
            run.setTextRenderMode(2)  # fill and stroke: a heavier weight from the regular face
        run.textOut(text)
        canvas.setFillColorRGB(0, 0, 0)
        canvas.drawText(run)
        canvas.restoreState()


class QrCode(Flowable):  # type: ignore[misc]
    """A QR code (``qr_modules`` / ``draw_qr``) with its quiet zone kept blank."""

    def __init__(self, payload: str, size: float = QR_SIZE) -> None:
        super().__init__()
        self.matrix = qr_modules(payload)
        self.size = size
        self.quiet = QR_QUIET_MODULES * size / len(self.matrix)
        self.width = self.height = size + 2 * self.quiet

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        draw_qr(self.canv, self.matrix, self.quiet, self.quiet, self.size)


def _cell(text: str, *, bold: bool = False, align: str = "left", size: float = CELL_SIZE) -> TextBlock:
    return TextBlock(text, size, bold=bold, align=align, leading=CELL_LEADING)


def _heading(text: str) -> list[Flowable]:
    """A section heading; it starts a new page rather than end one with nothing under it.
    (Not platypus' keepWithNext: that would carry a whole long table to the next page.)"""
    return [CondPageBreak(HEADING_ROOM), TextBlock(text, HEADING_SIZE, bold=True, before=2 * mm, after=1 * mm)]


def _paragraph(text: str, *, after: float = 1 * mm, size: float = BODY_SIZE) -> TextBlock:
    return TextBlock(INDENT + text, size, after=after)


def _numbered(items: Sequence[str], *, size: float = BODY_SIZE, style: str = "{}.", leading: float = LEADING) -> list[Flowable]:
    """A numbered list whose wrapped lines hang past the numbers (all numbers equally wide)."""
    labels = [style.format(number) + " " for number in range(1, len(items) + 1)]
    width = max((stringWidth(label, cjk_font(), size) for label in labels), default=0.0)
    return [
        TextBlock(text, size, label=label.rjust(len(labels[-1])), _indent=width, after=0.4 * mm, leading=leading)
        for label, text in zip(labels, items, strict=True)
    ]


def _grid() -> list[tuple[Any, ...]]:
    return [("FONTNAME", (0, 0), (-1, -1), cjk_font()), *_GRID]  # see _layout


def _layout(valign: str) -> list[tuple[Any, ...]]:
    """A table used for layout only: no padding, no lines. Its FONTNAME matters although
    every cell is a flowable: ReportLab selects the cell's font before drawing each cell,
    and its default (Helvetica, never embedded) would otherwise land in the PDF."""
    return [
        ("FONTNAME", (0, 0), (-1, -1), cjk_font()),
        ("VALIGN", (0, 0), (-1, -1), valign),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]


_GRID = [
    ("GRID", (0, 0), (-1, -1), GRID_LINE, (0, 0, 0)),
    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
    ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
    ("TOPPADDING", (0, 0), (-1, -1), CELL_PAD * 0.45),
    ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PAD * 0.45),
]
_LABEL_SHADE = (0.93, 0.93, 0.93)
_LABEL_WIDTH = 32 * mm  # "统一社会信用代码" on one line


def _form(rows: Sequence[Sequence[tuple[str, str]]]) -> Table:
    """A form table: each row one (label, value) pair across the width, or two side by side."""
    value_half = CONTENT_WIDTH / 2 - _LABEL_WIDTH
    data: list[list[Any]] = []
    style = _grid()
    for index, row in enumerate(rows):
        if len(row) == 1:
            (label, value), = row
            data.append([_cell(label, align="center"), _cell(value), "", ""])
            style.append(("SPAN", (1, index), (3, index)))
            style.append(("BACKGROUND", (0, index), (0, index), _LABEL_SHADE))
        else:
            (label_a, value_a), (label_b, value_b) = row
            data.append([_cell(label_a, align="center"), _cell(value_a), _cell(label_b, align="center"), _cell(value_b)])
            style.append(("BACKGROUND", (0, index), (0, index), _LABEL_SHADE))
            style.append(("BACKGROUND", (2, index), (2, index), _LABEL_SHADE))
    return Table(data, colWidths=[_LABEL_WIDTH, value_half, _LABEL_WIDTH, value_half], style=TableStyle(style), hAlign="LEFT")


def _signatures(pairs: Sequence[tuple[str, str]], *, before: float = 6 * mm, line: float = 70 * mm) -> Table:
    """Lines to sign on: (label, what is printed on the line, e.g. a date pattern)."""
    label_width = max(stringWidth(label, cjk_font(), BODY_SIZE) for label, _ in pairs) + 1 * mm
    data = [[TextBlock(label, BODY_SIZE, leading=1.3), TextBlock(under, BODY_SIZE, leading=1.3)] for label, under in pairs]
    style = [*_layout("BOTTOM"), ("LINEBELOW", (1, 0), (1, -1), 0.5, (0, 0, 0)), ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5 * mm)]
    table = Table(data, colWidths=[label_width, line], rowHeights=[8 * mm] * len(data), style=TableStyle(style), hAlign="RIGHT")
    table.spaceBefore = before
    return table


def _seal(issuer: str, day: date, *, before: float = 8 * mm) -> list[Flowable]:
    """The issuer's name and date at the right, where the seal goes."""
    return [
        TextBlock(f"{issuer}（盖章）", BODY_SIZE, align="right", before=before),
        TextBlock(day_words(day), BODY_SIZE, align="right"),
    ]


def _receipt_and_seal(issuer: str, day: date) -> Table:
    """The applicant's receipt (signature and date lines) at the left, the issuer's name
    and date, where the seal goes, at the right: one block that never splits."""
    receipt = _signatures([("申请人（代办人）签收：", ""), ("签收日期：", "     年    月    日")], before=0, line=36 * mm)
    receipt.hAlign = "LEFT"
    half = CONTENT_WIDTH / 2
    table = Table(
        [[receipt, _seal(issuer, day, before=0)]],
        colWidths=[half + 12 * mm, half - 12 * mm],
        style=TableStyle(_layout("BOTTOM")),
    )
    table.spaceBefore = 4 * mm
    return table


def _title_block(hall: str, title: str) -> list[Flowable]:
    return [
        TextBlock(hall, HALL_SIZE, align="center", leading=1.3),
        TextBlock(title, TITLE_SIZE, bold=True, align="center", leading=1.4, after=2 * mm),
    ]


# --- pages ----------------------------------------------------------------------------


class _NumberedCanvas(Canvas):  # type: ignore[misc]
    """Keeps each page until the end, then draws the footer "第 n 页 共 m 页" on all of them."""

    def __init__(self, *args: Any, footer_left: str = "", footer_right: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []
        self._footer_left = footer_left
        self._footer_right = footer_right

    def showPage(self) -> None:  # noqa: N802 - ReportLab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._footer(number, total)
            super().showPage()
        super().save()

    def _footer(self, number: int, total: int) -> None:
        font = cjk_font()
        self.saveState()
        self.setLineWidth(0.4)
        self.line(MARGIN_LEFT, FOOTER_BASELINE + FOOTER_SIZE * 1.4, PAGE_WIDTH - MARGIN_RIGHT, FOOTER_BASELINE + FOOTER_SIZE * 1.4)
        self.setFont(font, FOOTER_SIZE)
        middle = f"第 {number} 页 共 {total} 页"
        centre = MARGIN_LEFT + CONTENT_WIDTH / 2
        self.drawCentredString(centre, FOOTER_BASELINE, middle)
        # Each side is cut short of the middle, so they never meet it.
        side = (CONTENT_WIDTH - stringWidth(middle, font, FOOTER_SIZE)) / 2 - 4 * mm
        self.drawString(MARGIN_LEFT, FOOTER_BASELINE, _fit(self._footer_left, font, FOOTER_SIZE, side))
        self.drawRightString(PAGE_WIDTH - MARGIN_RIGHT, FOOTER_BASELINE, _fit(self._footer_right, font, FOOTER_SIZE, side))
        self.restoreState()


def _fit(text: str, font: str, size: float, width: float) -> str:
    text = without_variation_selectors(text)
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def _build(story: list[Flowable], *, title: str, author: str, subject: str, footer_left: str, footer_right: str) -> bytes:
    font = cjk_font()
    buffer = io.BytesIO()
    document = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=title,
        author=author,
        subject=subject,
        creator="counter_app",
        initialFontName=font,
        initialFontSize=BODY_SIZE,
    )
    frame = Frame(
        MARGIN_LEFT, MARGIN_BOTTOM, CONTENT_WIDTH, PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
        leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="text",
    )
    document.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    maker: Callable[..., Canvas] = partial(_NumberedCanvas, footer_left=footer_left, footer_right=footer_right)
    document.build(story, canvasmaker=maker)
    return buffer.getvalue()


# --- 受理通知书 -------------------------------------------------------------------------


def _applicant_rows(applicant: ApplicantDetails, agent: AgentDetails | None) -> list[list[tuple[str, str]]]:
    contact = applicant.contact_name or applicant.legal_representative or applicant.name
    if applicant.kind is ApplicantKind.ENTERPRISE:
        rows = [
            [("申请单位", applicant.name)],
            [("统一社会信用代码", applicant.code), ("法定代表人", applicant.legal_representative)],
            [("联系人", contact), ("联系电话", mask_phone(applicant.phone))],
        ]
        if applicant.address:
            rows.append([("住所", applicant.address)])
    else:
        rows = [[("申请人", applicant.name), ("身份证号码", mask_id_number(applicant.code))]]
        if applicant.contact_name and applicant.contact_name != applicant.name:
            rows.append([("联系电话", mask_phone(applicant.phone)), ("联系人", applicant.contact_name)])
        else:
            rows.append([("联系电话", mask_phone(applicant.phone))])
    if agent is not None:
        name = f"{agent.name}（{mask_phone(agent.phone)}）" if agent.phone else agent.name
        rows.append([("代办人", name), ("代办人身份证号", mask_id_number(agent.id_number))])
    return rows


def _material_state(outcome: MaterialOutcome, deferral_due: DueDate | None) -> str:
    if outcome.state is MaterialState.RECEIVED:
        return "已收取"
    if outcome.state is MaterialState.DEFERRED:
        if deferral_due is None:
            raise ValueError("a deferred material needs the deferral deadline (deferral_due)")
        return f"容缺后补，{day_words(deferral_due.day)}前补交{_mark(deferral_due)}"
    if outcome.state is MaterialState.COMMITTED:
        return "已承诺"
    raise ValueError(f"an accepted case has no missing material, but “{outcome.name}” is missing")


def _materials_table(outcomes: Sequence[MaterialOutcome], deferral_due: DueDate | None) -> Table:
    header = [_cell(text, bold=True, align="center") for text in ("序号", "材料名称", "收取情况", "形式", "页数")]
    data: list[list[Any]] = [header]
    for number, outcome in enumerate(sorted(outcomes, key=lambda outcome: outcome.position), start=1):
        data.append([
            _cell(str(number), align="center"),
            _cell(outcome.name),
            _cell(_material_state(outcome, deferral_due)),
            _cell(FORM_WORDS[outcome.form] if outcome.form is not None else "—", align="center"),
            _cell(str(outcome.pages) if outcome.pages is not None else "—", align="center"),
        ])
    if not outcomes:
        data.append([_cell("—", align="center"), _cell("本事项无需提交申请材料"), _cell(""), _cell(""), _cell("")])
    style = [*_grid(), ("BACKGROUND", (0, 0), (-1, 0), _LABEL_SHADE)]
    # The state column is wide only where a deferral's deadline has to fit in it.
    deferred = any(outcome.state is MaterialState.DEFERRED for outcome in outcomes)
    widths = [11 * mm, 60 * mm if deferred else 84 * mm, 54 * mm if deferred else 30 * mm, 16 * mm]
    widths.append(CONTENT_WIDTH - sum(widths))
    return Table(data, colWidths=widths, style=TableStyle(style), repeatRows=1, hAlign="LEFT")


def render_acceptance_notice(notice: AcceptanceNotice) -> bytes:
    """受理通知书 as A4 PDF bytes."""
    qr = QrCode(notice.case_number)  # refuses a payload that is not ASCII before drawing anything
    local = _local(notice.accepted_at, notice.timezone)
    item, applicant = notice.item, notice.applicant
    check_printable(
        *_person_texts(applicant, notice.agent), notice.clerk_name, *_hall_texts(notice.hall), *_item_texts(item),
        *(outcome.name for outcome in notice.materials),
    )
    deferred = [outcome for outcome in notice.materials if outcome.state is MaterialState.DEFERRED]
    for outcome in notice.materials:
        _material_state(outcome, notice.deferral_due)  # refuse a missing material, or a deferral without its date

    counter = f"受理窗口：{notice.counter_number}号窗口　　" if notice.counter_number is not None else ""
    header = Table(
        [[
            [
                TextBlock("受理编号", SMALL_SIZE, leading=1.3),
                TextBlock(notice.case_number, NUMBER_SIZE, bold=True, leading=1.3, after=1 * mm),
                TextBlock(f"受理时间：{day_words(local.date())} {local:%H:%M}", CELL_SIZE, leading=CELL_LEADING),
                TextBlock(f"{counter}经办人：{notice.clerk_name}", CELL_SIZE, leading=CELL_LEADING),
            ],
            qr,
        ]],
        colWidths=[CONTENT_WIDTH - qr.width, qr.width],
        style=TableStyle([*_layout("MIDDLE"), ("LINEBELOW", (0, 0), (-1, -1), 1.2, (0, 0, 0))]),
    )

    you = _you(applicant)
    basis = "根据《中华人民共和国行政许可法》第三十二条第一款第（五）项的规定，" if item.kind is ItemKind.LICENSING else ""
    applied = f"{you}于{day_words(local.date())}提出的“{item.name}”申请"
    if notice.route is Route.COMMITMENT:
        body = f"{applied}，{you}已自愿选择告知承诺方式办理，并书面承诺符合告知的条件、标准和要求。经审查，{basis}决定予以受理。"
    elif deferred:
        assert notice.deferral_due is not None
        body = (
            f"{applied}，经审查，主要申请材料齐全、符合法定形式，下表所列{len(deferred)}项材料准予容缺后补。"
            f"{basis}决定予以受理（容缺受理）。请于{day_words(notice.deferral_due.day)}前补齐容缺材料{_mark(notice.deferral_due)}，逾期未补齐的，本申请终止办理。"
        )
    else:
        body = f"{applied}，经审查，申请材料齐全、符合法定形式。{basis}决定予以受理。"

    notes = _numbered(_acceptance_notes(notice, bool(deferred)), size=SMALL_SIZE, leading=1.45)
    route = ROUTE_WORDS[notice.route] + ("（容缺受理）" if deferred else "")
    statutory = due_words(item.statutory_limit, notice.statutory_due, none="无法定时限")
    if item.extension_days > 0 and item.statutory_limit.unit not in (LimitUnit.NONE, LimitUnit.ON_THE_SPOT):
        statutory += f"（依法可延长{item.extension_days}个工作日）"
    story: list[Flowable] = [
        *_title_block(notice.hall.name, "受理通知书"),
        header,
        TextBlock(f"{applicant.name}：", BODY_SIZE, before=3 * mm, after=0.5 * mm),
        _paragraph(body),
        *_heading("一、申请事项"),
        _form([
            [("事项名称", item.name)],
            [("事项编码", item.code)],
            [("实施部门", item.department)],
            [("事项类型", ITEM_KIND_WORDS[item.kind]), ("办件类型", CASE_TYPE_WORDS[item.case_type])],
            [("受理方式", route), ("收费", item.fees or "不收费")],
            [("承诺办结", due_words(item.promised_limit, notice.promised_due, none="无承诺时限"))],
            [("法定办结", statutory)],
        ]),
        *_heading("二、申请人"),
        _form(_applicant_rows(applicant, notice.agent)),
        *_heading("三、申请材料"),
        _materials_table(notice.materials, notice.deferral_due),
        *_heading("四、告知事项"),
        *notes[:-1],
        KeepTogether([notes[-1], _receipt_and_seal(notice.hall.name, local.date())]),  # never a signature alone
    ]
    return _build(
        story,
        title=notice.case_number,
        author=notice.hall.name,
        subject=f"受理通知书 {item.name}",
        footer_left=f"受理通知书 {notice.hall.name}",
        footer_right=f"受理编号：{notice.case_number}",
    )


def _acceptance_notes(notice: AcceptanceNotice, deferred: bool) -> list[str]:
    notes = [
        "请妥善保管本通知书。凭受理编号或扫描右上方二维码，可在窗口、自助终端或网上查询办理进度、领取办理结果。",
        "以工作日计算的时限自受理之次日起算，不含法定节假日和休息日；依法需要听证、检验、检测、鉴定、专家评审的，所需时间不计入时限。",
    ]
    if deferred:
        notes.append("容缺材料可到任一窗口补交，补齐后作出决定；逾期未补齐的，本申请终止办理，已提交材料可申请退回。")
    if notice.route is Route.COMMITMENT:
        notes.append(f"{_you(notice.applicant)}所作承诺将依法核查。承诺不实的，将责令限期整改，依法撤销相关决定，并记入信用记录。")
    notes.append(f"咨询电话：{notice.hall.phone}；办理地点：{notice.hall.name}（{notice.hall.address}）。")
    return notes


# --- 一次性告知单 -----------------------------------------------------------------------


def render_missing_materials_notice(notice: MissingMaterialsNotice) -> bytes:
    """一次性告知单 as A4 PDF bytes: every missing material, numbered, at once."""
    if not notice.missing:
        raise ValueError("a one-time notice lists at least one missing material")
    local = _local(notice.issued_at, notice.timezone)
    item, applicant = notice.item, notice.applicant
    check_printable(
        *_person_texts(applicant, notice.agent), notice.clerk_name, notice.reason, *notice.bring_next_time,
        *(outcome.name for outcome in notice.missing), *_hall_texts(notice.hall), *_item_texts(item),
    )
    you = _you(applicant)
    if item.kind is ItemKind.LICENSING:
        basis = "根据《中华人民共和国行政许可法》第三十二条第一款第（四）项的规定，现将需要补正的全部内容一次性告知如下："
    else:
        basis = "现将需要补正的全部内容一次性告知如下："
    missing = sorted(notice.missing, key=lambda outcome: outcome.position)
    bring = [
        f"上述第1至{len(missing)}项材料（共{len(missing)}项）" if len(missing) > 1 else "上述缺少的材料",
        "本次已提交的申请材料及本告知单",
        f"申请人{'（或代办人）' if notice.agent is not None else ''}的有效身份证件"
        + ("及授权委托书" if notice.agent is not None or applicant.kind is ApplicantKind.ENTERPRISE else ""),
        *notice.bring_next_time,
    ]
    counter = f"{notice.counter_number}号窗口　" if notice.counter_number is not None else ""
    register = "本次来访已登记在“受理窗口不说NO”台账" + (f"（登记号：{notice.record_number}）" if notice.record_number else "")
    story: list[Flowable] = [
        *_title_block(notice.hall.name, "一次性告知单"),
        _form([
            [("事项名称", item.name)],
            [("事项编码", item.code)],
            [("实施部门", item.department)],
            *_applicant_rows(applicant, notice.agent),
            [("告知时间", f"{day_words(local.date())} {local:%H:%M}"), ("经办人", f"{counter}{notice.clerk_name}")],
        ]),
        TextBlock(f"{applicant.name}：", BODY_SIZE, before=4 * mm, after=1 * mm),
        _paragraph(f"{you}于{day_words(local.date())}申请办理“{item.name}”，经审查，申请材料不齐全或者不符合法定形式，暂不能受理。{basis}"),
        *_heading(f"一、需要补正的材料（共{len(missing)}项）"),
        *_numbered([outcome.name for outcome in missing]),
        *_heading("二、原因说明"),
        _paragraph(notice.reason or "申请材料不齐全。"),
        *_heading("三、再次办理时请携带"),
        *_numbered(bring),
        *_heading("四、办理地点和咨询电话"),
        _paragraph(f"办理地点：{notice.hall.name}（{notice.hall.address}）；咨询电话：{notice.hall.phone}。"),
        KeepTogether([
            _paragraph(
                f"{register}，由经办人跟踪服务。补齐材料后可到任一综合受理窗口办理；"
                "对本告知有疑问的，可向大厅值班长咨询或拨打咨询电话反映。"
            ),
            _receipt_and_seal(notice.hall.name, local.date()),
        ]),
    ]
    reference = notice.record_number or f"{local:%Y%m%d}"
    return _build(
        story,
        title=f"一次性告知单 {item.name}",
        author=notice.hall.name,
        subject=f"一次性告知单 {item.name} {reference}",
        footer_left=f"一次性告知单 {notice.hall.name}",
        footer_right=f"登记号：{notice.record_number}" if notice.record_number else f"告知日期：{day_words(local.date())}",
    )


# --- 告知承诺书 -------------------------------------------------------------------------


def commitment_conditions(form: CommitmentForm) -> list[str]:
    """The conditions the applicant commits to meet: the form's, else one per material of
    the item (the condition that material would have proven)."""
    if form.conditions:
        return list(form.conditions)
    return [f"具备“{material.name}”所证明的条件，相关证明材料真实、合法、有效" for material in form.item.materials]


DECLARATION = (
    "已经知晓行政机关告知的全部内容；",
    "自身已经符合行政机关告知的条件、标准和要求；",
    "愿意承担不实承诺的法律责任；",
    "所作承诺是申请人真实意思的表示。",
)


def render_commitment_form(form: CommitmentForm) -> bytes:
    """告知承诺书 as A4 PDF bytes: the notice, then the commitment letter on a page of its own."""
    item, applicant = form.item, form.applicant
    if not (item.flags.notify_commit or item.flags.renew_on_commitment):
        raise ValueError(f"the item {item.code} does not offer the commitment route")
    if form.case_number is not None:
        QrCode(form.case_number)  # the same ASCII rule as the acceptance notice's
    check_printable(*_person_texts(applicant, form.agent), *form.conditions, *_hall_texts(form.hall), *_item_texts(item))
    conditions = commitment_conditions(form)
    issuer = item.department or form.hall.name
    code_label = "统一社会信用代码" if applicant.kind is ApplicantKind.ENTERPRISE else "身份证号码"
    code = applicant.code if applicant.kind is ApplicantKind.ENTERPRISE else mask_id_number(applicant.code)
    number_line = [TextBlock(f"编号：{form.case_number}", CELL_SIZE, align="right", after=2 * mm)] if form.case_number else []

    notice: list[Flowable] = [
        *_title_block(form.hall.name, "告知承诺书"),
        TextBlock("（第一部分　告知书）", HEADING_SIZE, align="center", after=3 * mm),
        *number_line,
        TextBlock(f"{applicant.name}：", BODY_SIZE, after=1 * mm),
        _paragraph(
            f"根据《国务院办公厅关于全面推行证明事项和涉企经营许可事项告知承诺制的指导意见》（国办发〔2020〕42号），"
            f"对“{item.name}”事项实行告知承诺制。现将有关事项告知如下："
        ),
        *_heading("一、事项名称"),
        _paragraph(f"{item.name}（事项编码：{item.code}；实施部门：{item.department}）。"),
        *_heading("二、设定依据"),
        *[_paragraph(line) for line in (item.legal_basis.splitlines() or ["（以事项目录公布的设定依据为准）"]) if line.strip()],
        *_heading("三、申请条件"),
        _paragraph("申请人应当符合下列条件，选择告知承诺方式办理的，以书面承诺代替提交相应证明材料："),
        *_numbered(conditions or ["符合法律、法规、规章规定的许可条件"], style="（{}）"),
        *_heading("四、需要证明的内容及证明方式"),
        _paragraph(
            "上述条件所对应的证明材料，申请人可以书面承诺代替提交。行政机关可以通过政务信息共享、"
            "调取有关部门档案等方式获取的，不再要求申请人提供；需要核实的，申请人应当在核查时提供原件，或者配合现场核查。"
        ),
        *_heading("五、承诺方式"),
        _paragraph(
            "申请人自愿选择告知承诺方式的，应当在本告知承诺书第二部分（承诺书）上签字（单位加盖公章），当场或者通过政务服务平台提交。"
            "本告知承诺书一式两份，行政机关和申请人各执一份。"
        ),
        _paragraph(
            "是否选择告知承诺制由申请人自主决定。不愿承诺或者无法承诺的，应当按规定提交全部证明材料办理。"
            "有较严重不良信用记录或者曾作出虚假承诺等情形的申请人，在信用修复前不适用告知承诺制。"
        ),
        *_heading("六、不实承诺的法律责任"),
        _paragraph(
            "申请人作出不实承诺的，行政机关将责令限期整改；逾期不整改或者整改后仍不符合条件的，依法撤销相关行政许可（决定）；"
            "构成违法的，依法予以行政处罚；构成犯罪的，依法追究刑事责任。"
            "不实承诺情况将记入申请人信用记录，推送至全国信用信息共享平台，依法实施失信惩戒，申请人不再适用告知承诺制。"
        ),
        _paragraph("你承诺、我审批；你不兑现、我就撤销。"),
        *_heading("七、核查"),
        KeepTogether([
            _paragraph(
                f"行政机关将自作出审批决定之日起{form.inspection_within_months}个月内，通过政务信息共享、书面核查、"
                "现场核查等方式，对申请人承诺内容的真实性进行核查。申请人应当配合核查，如实提供有关情况和材料。"
                "核查发现承诺不实的，依照本告知书第六项处理。"
            ),
            *_seal(issuer, form.issued_on),
        ]),
    ]

    signer_rows = [("申请人（签字／盖章）：", "")]
    if applicant.kind is ApplicantKind.ENTERPRISE:
        signer_rows.append(("法定代表人（签字）：", ""))
    if form.agent is not None:
        signer_rows.append(("代办人（签字）：", ""))
    signer_rows.append(("日期：", "        年      月      日"))
    applicant_rows: list[list[tuple[str, str]]] = [
        [("申请人", applicant.name)],
        [(code_label, code), ("联系电话", mask_phone(applicant.phone))],
    ]
    if applicant.kind is ApplicantKind.ENTERPRISE:
        applicant_rows.append([("法定代表人", applicant.legal_representative)])
        if applicant.address:
            applicant_rows.append([("住所", applicant.address)])
    if form.agent is not None:
        applicant_rows.append([("代办人", form.agent.name), ("代办人身份证号", mask_id_number(form.agent.id_number))])
    letter: list[Flowable] = [
        PageBreak(),
        TextBlock("告知承诺书", TITLE_SIZE, bold=True, align="center", leading=1.5),
        TextBlock("（第二部分　承诺书）", HEADING_SIZE, align="center", after=3 * mm),
        *number_line,
        _form([[("申请事项", item.name)], [("事项编码", item.code)], [("实施部门", item.department)], *applicant_rows]),
        TextBlock(f"{issuer}：", BODY_SIZE, before=4 * mm, after=1 * mm),
        _paragraph(f"申请人现就申请办理“{item.name}”事项，自愿选择告知承诺方式，郑重作出如下承诺："),
        *_numbered(DECLARATION, style="（{}）"),
        KeepTogether([
            _paragraph(
                "申请人已具备本告知承诺书第一部分所列全部条件，所承诺内容及提交的材料真实、合法、有效。"
                "如有不实承诺，愿意承担责令整改、撤销相关决定、行政处罚、记入信用记录等法律责任。"
            ),
            _signatures(signer_rows, before=10 * mm),
        ]),
    ]
    reference = form.case_number or item.code
    return _build(
        [*notice, *letter],
        title=form.case_number or f"告知承诺书 {item.name}",
        author=form.hall.name,
        subject=f"告知承诺书 {item.name} {reference}",
        footer_left=f"告知承诺书 {form.hall.name}",
        footer_right=f"编号：{form.case_number}" if form.case_number else f"事项编码：{item.code}",
    )
