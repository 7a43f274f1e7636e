"""The licence (证照) itself, as a one-page PDF certificate: A4 portrait, A4 landscape or
A3 landscape (``LicenceTemplate``).

A double-ruled frame; the licence type as the title, large and centred; the licence
number (and, small, the number of the licence it replaces); the holder's code (a credit
code whole, a resident ID masked), name, legal representative, address, the licensed
scope and the validity; the issuing authority with the date under a seal placeholder
circle; the QR code for verification ("扫码核验"); and, small at the foot, the GB/T 36904
identifier and the hall that printed it. A reprint is marked "补打" with its date.

Plain data in, PDF bytes out: no Qt, no SQL. The page is drawn on one canvas with the
text blocks of ``case_documents`` (CJK line breaking, the bundled font embedded as a
subset): every text is wrapped to the width it is given, and the scope, the only text
that may be long, is set smaller until it fits the room left for it (or refused when it
cannot fit even small). Every text is checked against the font first (``check_printable``).

On an A3 sheet everything is the A4 landscape layout scaled up by √2.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum

from reportlab.lib.pagesizes import A3, A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.pdfgen.canvas import Canvas

from counter_app.domain.applicants import ApplicantKind
from counter_app.domain.cases import mask_id_number
from counter_app.printing.case_documents import QrCode, TextBlock, check_printable, day_words
from counter_app.printing.fonts import cjk_font, without_variation_selectors


class LicenceTemplate(str, Enum):
    A4_PORTRAIT = "a4_portrait"
    A4_LANDSCAPE = "a4_landscape"
    A3_LANDSCAPE = "a3_landscape"


@dataclass(frozen=True)
class LicenceDocument:
    """One licence as printed."""

    licence_type: str  # the title, e.g. "人力资源服务许可证"
    licence_number: str  # printed, any text, e.g. "津保人服证字〔2026〕第0007号"
    identifier: str  # GB/T 36904, ASCII; printed small and kept in the metadata (subject)
    holder_kind: ApplicantKind  # an enterprise's credit code is printed whole, a person's ID masked
    holder_name: str
    holder_code: str  # 统一社会信用代码 or 居民身份证号码
    scope: str  # 许可范围 (经营范围): may be long, wraps
    valid_from: date
    valid_to: date | None  # None: 长期有效
    issued_on: date
    authority: str  # 发证机关
    hall_name: str  # the hall that prints the licence
    qr_payload: str  # ASCII, produced elsewhere (a signature): printed as the QR code exactly
    template: LicenceTemplate
    legal_representative: str | None = None
    address: str | None = None
    replaces: str | None = None  # the number of the licence this one replaces (换发)
    reprint_reason: str | None = None  # set for a reprint (补打), with its date
    reprinted_on: date | None = None


# --- geometry, in A4 points: multiplied by the template's scale ------------------------

FRAME_MARGIN = 10 * mm  # page edge to the outer rule
FRAME_GAP = 1.6 * mm  # outer rule to the inner rule
OUTER_RULE = 2.2
INNER_RULE = 0.6
PADDING = 12 * mm  # inner rule to the text
QR_SIZE = 28 * mm  # the symbol without its quiet zone (at least 25 mm)
SEAL_DIAMETER = 42 * mm  # an official seal's size

TITLE_SIZE = 30.0
HEADER_SIZE = 11.5
FIELD_SIZE = 14.0
AUTHORITY_SIZE = 13.0
CAPTION_SIZE = 9.5
SMALL_SIZE = 7.5
MARKER_SIZE = 10.5

FIELD_LEADING = 1.6
SCOPE_LEADING = 1.45
MIN_SCOPE_SIZE = 8.0  # the scope is set down to this size to fit; longer is refused
LABEL_SPAN = "法定代表人"  # every label is spread over this one's width
LABEL_GAP = 4 * mm
FIELD_SPACE = 6 * mm  # at most, between two fields, when there is room
MIN_FIELD_SPACE = 1.5 * mm


@dataclass(frozen=True)
class _Page:
    width: float
    height: float
    scale: float
    landscape: bool


_A4_WIDTH, _A4_HEIGHT = A4
_A3_WIDTH, _A3_HEIGHT = A3
_PAGES = {
    LicenceTemplate.A4_PORTRAIT: _Page(_A4_WIDTH, _A4_HEIGHT, scale=1.0, landscape=False),
    LicenceTemplate.A4_LANDSCAPE: _Page(_A4_HEIGHT, _A4_WIDTH, scale=1.0, landscape=True),
    LicenceTemplate.A3_LANDSCAPE: _Page(_A3_HEIGHT, _A3_WIDTH, scale=_A3_HEIGHT / _A4_HEIGHT, landscape=True),
}


def page_size(template: LicenceTemplate) -> tuple[float, float]:
    """The template's page (width, height) in points."""
    page = _PAGES[template]
    return page.width, page.height


def frame_box(template: LicenceTemplate) -> tuple[float, float, float, float]:
    """The inside of the frame's inner rule (left, bottom, right, top) in points: all text is in it."""
    page = _PAGES[template]
    inset = (FRAME_MARGIN + FRAME_GAP) * page.scale
    return inset, inset, page.width - inset, page.height - inset


# --- words ---------------------------------------------------------------------------


def validity_words(valid_from: date, valid_to: date | None) -> str:
    """"自2026年3月1日至2031年2月28日", or "自2026年3月1日起长期有效"."""
    if valid_to is None:
        return f"自{day_words(valid_from)}起长期有效"
    return f"自{day_words(valid_from)}至{day_words(valid_to)}"


def _code_line(document: LicenceDocument) -> str:
    if document.holder_kind is ApplicantKind.ENTERPRISE:
        return f"统一社会信用代码：{document.holder_code}"
    return f"身份证号码：{mask_id_number(document.holder_code)}"


def _fields(document: LicenceDocument) -> list[tuple[str, str]]:
    fields = [("名称" if document.holder_kind is ApplicantKind.ENTERPRISE else "姓名", document.holder_name)]
    if document.legal_representative:
        fields.append(("法定代表人", document.legal_representative))
    if document.address:
        fields.append(("住所", document.address))
    fields.append(("许可范围", document.scope))
    fields.append(("有效期限", validity_words(document.valid_from, document.valid_to)))
    return fields


def _check(document: LicenceDocument) -> None:
    """Refuse what cannot be printed, before anything is drawn."""
    if document.valid_to is not None and document.valid_to < document.valid_from:
        raise ValueError(f"a licence cannot expire ({document.valid_to}) before it is valid ({document.valid_from})")
    if (document.reprint_reason is None) != (document.reprinted_on is None):
        raise ValueError("a reprint needs both its reason and its date (reprint_reason, reprinted_on)")
    if not document.qr_payload.isascii():
        raise ValueError("a QR payload is ASCII (alphanumeric mode)")
    for name in ("licence_type", "licence_number", "holder_name", "holder_code", "scope", "authority", "identifier"):
        if not getattr(document, name).strip():
            raise ValueError(f"a licence needs its {name}")
    check_printable(
        document.licence_type, document.licence_number, document.identifier, document.holder_name, document.holder_code,
        document.legal_representative or "", document.address or "", document.scope, document.authority, document.hall_name,
        document.replaces or "", document.reprint_reason or "",
    )


# --- drawing -------------------------------------------------------------------------


class _Sheet:
    """The canvas of one licence, drawn top-down with ``TextBlock``s."""

    def __init__(self, canvas: Canvas, page: _Page) -> None:
        self.canvas = canvas
        self.page = page
        self.s = page.scale
        self.font = cjk_font()

    def block(self, text: str, size: float, width: float, *, align: str = "left", bold: bool = False, leading: float = 1.4) -> TextBlock:
        block = TextBlock(text, size * self.s, align=align, bold=bold, leading=leading)
        block.wrap(width, self.page.height)
        return block

    def put(self, block: TextBlock, x: float, top: float) -> float:
        """Draw ``block`` with its top left at (x, top); return its height."""
        block.drawOn(self.canvas, x, top - block.height)
        return float(block.height)

    def frame(self) -> None:
        s, canvas = self.s, self.canvas
        outer = FRAME_MARGIN * s
        inner = outer + FRAME_GAP * s
        canvas.saveState()
        canvas.setStrokeColorRGB(0, 0, 0)
        canvas.setLineWidth(OUTER_RULE * s)
        canvas.rect(outer, outer, self.page.width - 2 * outer, self.page.height - 2 * outer, stroke=1, fill=0)
        canvas.setLineWidth(INNER_RULE * s)
        canvas.rect(inner, inner, self.page.width - 2 * inner, self.page.height - 2 * inner, stroke=1, fill=0)
        canvas.restoreState()

    def label(self, text: str, size: float, x: float, top: float, leading: float) -> None:
        """A label spread evenly over the width of LABEL_SPAN ("名　　　称"), its
        baseline on that of the first line of a ``TextBlock`` of the same size and leading."""
        text = without_variation_selectors(text)
        width = self.label_width(size)
        ascent, _descent = getAscentDescent(self.font, size)
        baseline = top - (leading - 1) * size / 2 - ascent
        widths = [stringWidth(char, self.font, size) for char in text]
        gap = (width - sum(widths)) / (len(text) - 1) if len(text) > 1 else 0.0
        self.canvas.setFont(self.font, size)
        self.canvas.setFillColorRGB(0, 0, 0)
        for char, advance in zip(text, widths, strict=True):
            self.canvas.drawString(x, baseline, char)
            x += advance + gap

    def label_width(self, size: float) -> float:
        return float(stringWidth(LABEL_SPAN, self.font, size))

    def seal(self, x: float, y: float) -> None:
        """The seal's place: a thin dashed circle centred on (x, y)."""
        canvas = self.canvas
        canvas.saveState()
        canvas.setStrokeColorRGB(0.55, 0.55, 0.55)
        canvas.setLineWidth(0.6 * self.s)
        canvas.setDash(3 * self.s, 2 * self.s)
        canvas.circle(x, y, SEAL_DIAMETER * self.s / 2, stroke=1, fill=0)
        canvas.restoreState()

    def marker(self, text: str, right: float, top: float) -> float:
        """A boxed marker ("补打") with its top right corner at (right, top); returns its height."""
        size = MARKER_SIZE * self.s
        pad_x, pad_y = 2 * mm * self.s, 0.8 * mm * self.s
        block = self.block(text, MARKER_SIZE, stringWidth(text, self.font, size) + size, bold=True, leading=1.3)
        width = stringWidth(text, self.font, size) + 2 * pad_x
        height = block.height + 2 * pad_y
        self.put(block, right - width + pad_x, top - pad_y)
        self.canvas.saveState()
        self.canvas.setLineWidth(0.8 * self.s)
        self.canvas.rect(right - width, top - height, width, height, stroke=1, fill=0)
        self.canvas.restoreState()
        return float(height)


def _fit_fields(sheet: _Sheet, fields: list[tuple[str, str]], width: float, room: float) -> tuple[list[tuple[str, TextBlock, float]], float]:
    """(label, value block, label size) per field, and the space between two fields: the
    scope set smaller until all fit ``room``; what room is left spreads the fields apart
    a little (up to FIELD_SPACE)."""
    s = sheet.s
    size = FIELD_SIZE
    label_size = FIELD_SIZE * s
    value_width = width - sheet.label_width(label_size) - LABEL_GAP * s
    blocks = [(label, sheet.block(value, FIELD_SIZE, value_width, leading=FIELD_LEADING)) for label, value in fields]
    scope_at = next(index for index, (label, _) in enumerate(fields) if label == "许可范围")
    scope = fields[scope_at][1]
    while True:
        total = sum(block.height for _, block in blocks)
        if total + len(blocks) * MIN_FIELD_SPACE * s <= room:
            space = min(FIELD_SPACE * s, (room - total) / len(blocks))
            return [(label, block, label_size) for label, block in blocks], space
        size -= 0.5
        if size < MIN_SCOPE_SIZE:
            raise ValueError(f"the licensed scope ({len(scope)} characters) does not fit on the licence even at {MIN_SCOPE_SIZE} pt")
        blocks[scope_at] = ("许可范围", sheet.block(scope, size, value_width, leading=SCOPE_LEADING))


def _draw_fields(sheet: _Sheet, code: TextBlock, fields: list[tuple[str, TextBlock, float]], space: float, x: float, top: float) -> None:
    """Draw the holder's code, then the fields, top-down from ``top``."""
    top -= sheet.put(code, x, top) + space
    value_x = x + sheet.label_width(fields[0][2]) + LABEL_GAP * sheet.s
    for label, block, label_size in fields:
        # The label's baseline on the value's first line, whatever size the value is set in.
        line = block.size * block.leading
        label_top = top - (line - label_size * FIELD_LEADING) / 2
        sheet.label(label, label_size, x, label_top, FIELD_LEADING)
        top -= sheet.put(block, value_x, top) + space


def render_licence(document: LicenceDocument) -> bytes:
    """The licence as a one-page PDF on its template's paper, the CJK font embedded as a subset."""
    _check(document)
    buffer = io.BytesIO()
    canvas = _canvas(buffer, document)
    canvas.setTitle(without_variation_selectors(document.licence_number))
    canvas.setSubject(document.identifier)
    canvas.setAuthor(without_variation_selectors(document.authority))
    canvas.setKeywords(f"{without_variation_selectors(document.licence_type)} {document.identifier}")
    _draw(canvas, document)
    canvas.save()
    return buffer.getvalue()


def _canvas(buffer: io.BytesIO, first: LicenceDocument) -> Canvas:
    page = _PAGES[first.template]
    canvas = Canvas(buffer, pagesize=(page.width, page.height), initialFontName=cjk_font(), initialFontSize=FIELD_SIZE)
    canvas.setCreator("counter_app")
    return canvas


def _draw(canvas: Canvas, document: LicenceDocument) -> None:
    """One licence on a page of its template's paper (the page ended here)."""
    page = _PAGES[document.template]
    s = page.scale
    qr = QrCode(document.qr_payload, QR_SIZE * s)  # refuses a payload that is not ASCII
    canvas.setPageSize((page.width, page.height))
    sheet = _Sheet(canvas, page)
    sheet.frame()

    left, bottom, right, top = frame_box(document.template)
    pad = PADDING * s
    left, bottom, right, top = left + pad, bottom + pad * 0.5, right - pad, top - pad * 0.5
    width = right - left

    # The reprint marker in the top right corner; the title centred, clear of it.
    title_top = top - 9 * mm * s
    if document.reprinted_on is not None:
        height = sheet.marker("补打", right, top)
        note = f"补打日期：{day_words(document.reprinted_on)}　{document.reprint_reason}"
        reprint = sheet.block(note, SMALL_SIZE, 70 * mm * s, align="right", leading=1.3)
        sheet.put(reprint, right - 70 * mm * s, top - height - 0.8 * mm * s)
        title_top = min(title_top, top - height - reprint.height - 2 * mm * s)
    title = sheet.block(document.licence_type, TITLE_SIZE, width - 60 * mm * s, align="center", bold=True, leading=1.35)
    y = title_top - sheet.put(title, left + 30 * mm * s, title_top) - 1 * mm * s
    y -= sheet.put(sheet.block(f"编号：{document.licence_number}", HEADER_SIZE, width, align="center"), left, y)
    if document.replaces:
        y -= sheet.put(sheet.block(f"（换发，原证编号：{document.replaces}）", SMALL_SIZE, width, align="center"), left, y)
    y -= 8 * mm * s

    # The foot: the identifier and the hall that printed the licence, small, bottom-up.
    hall = sheet.block(f"制证：{document.hall_name}", SMALL_SIZE, width, align="center", leading=1.3)
    foot = sheet.block(f"证照标识：{document.identifier}", SMALL_SIZE, width, align="center", leading=1.3)
    sheet.put(hall, left, bottom + hall.height)
    sheet.put(foot, left, bottom + hall.height + foot.height)
    foot_top = bottom + hall.height + foot.height + 4 * mm * s

    # The QR block (symbol, quiet zone, caption); the authority block (label, name, date) on the seal.
    caption = sheet.block("扫码核验", CAPTION_SIZE, qr.width, align="center", leading=1.3)
    qr_height = qr.height + caption.height
    name_width = stringWidth(without_variation_selectors(document.authority), sheet.font, AUTHORITY_SIZE * s) + 2 * mm * s
    authority_width = min(max(SEAL_DIAMETER * s + 10 * mm * s, name_width), (width - qr.width) * (0.5 if page.landscape else 0.7))
    authority = [
        sheet.block("发证机关", AUTHORITY_SIZE, authority_width, align="center", leading=1.6),
        sheet.block(document.authority, AUTHORITY_SIZE, authority_width, align="center", leading=1.6),
        sheet.block(day_words(document.issued_on), AUTHORITY_SIZE, authority_width, align="center", leading=1.6),
    ]
    text_height = sum(block.height for block in authority)
    authority_height = max(text_height, SEAL_DIAMETER * s)

    code = sheet.block(_code_line(document), FIELD_SIZE, width, leading=FIELD_LEADING)
    if page.landscape:
        # The fields at the left; the QR code at the top right, the authority at the bottom right.
        column = max(qr.width, authority_width)
        fields, space = _fit_fields(sheet, _fields(document), width - column - 12 * mm * s, y - foot_top - code.height)
        _draw_fields(sheet, code, fields, space, left, y)
        centre = right - column / 2
        sheet.put(qr, centre - qr.width / 2, y + qr.quiet)
        sheet.put(caption, centre - qr.width / 2, y + qr.quiet - qr.height)
        authority_bottom = foot_top + (authority_height - text_height) / 2
        authority_left = right - column / 2 - authority_width / 2
    else:
        # The fields across; the QR code at the bottom left, the authority at the bottom right.
        blocks_top = foot_top + max(qr_height, authority_height) + 6 * mm * s
        fields, space = _fit_fields(sheet, _fields(document), width, y - blocks_top - code.height)
        _draw_fields(sheet, code, fields, space, left, y)
        sheet.put(qr, left - qr.quiet, foot_top + caption.height + qr.height)
        sheet.put(caption, left - qr.quiet, foot_top + caption.height)
        authority_bottom = foot_top + (authority_height - text_height) / 2
        authority_left = right - authority_width
    line_top = authority_bottom + text_height
    for block in authority:
        line_top -= sheet.put(block, authority_left, line_top)
    # The seal over the authority's name and the date ("骑年盖月").
    sheet.seal(authority_left + authority_width / 2, authority_bottom + authority[2].height)
    canvas.showPage()


def render_licences(documents: Sequence[LicenceDocument], progress: Callable[[int, int], bool] | None = None) -> bytes | None:
    """A batch as ONE PDF, a page per licence (each on its template's paper), to print in one
    job; ``progress(done, total)`` is called after each licence and cancels the batch when
    it returns False (then None). Every licence is checked before the first is drawn."""
    if not documents:
        raise ValueError("no licence to render")
    for document in documents:
        _check(document)
    buffer = io.BytesIO()
    canvas = _canvas(buffer, documents[0])
    canvas.setTitle(f"{len(documents)} licences")
    canvas.setSubject(" ".join(document.identifier for document in documents[:20]))
    total = len(documents)
    for done, document in enumerate(documents, start=1):
        _draw(canvas, document)
        if progress is not None and not progress(done, total):
            return None
    canvas.save()
    return buffer.getvalue()
