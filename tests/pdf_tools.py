"""Reading PDFs back as a person would, with packages from PyPI only (no poppler-utils or
zbar-tools): text, fonts, page size, raster images, metadata, glyph boxes and QR codes.

- pypdfium2 (PDFium, the PDF engine of Chrome): text, page size, glyph boxes, images,
  metadata, and the 300 dpi raster the QR code is read from;
- pypdf: the font dictionaries (which fonts, and whether each is embedded);
- zxing-cpp: barcodes in the raster.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import zxingcpp
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, StreamObject

QR_DPI = 300  # a slip printer's resolution, not a screen's
_FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")  # Type 1, TrueType, CFF/OpenType


def pdf_text(pdf: Path) -> str:
    """The text of every page in reading order, lines separated by "\\n", pages by "\\f"
    (like ``pdftotext``). Spaces inside a line are kept as drawn."""
    document = pdfium.PdfDocument(pdf)
    try:
        pages = []
        for page in document:
            text = page.get_textpage().get_text_range()
            pages.append(text.replace("\r\n", "\n").replace("\r", "\n"))
        return "\f".join(pages)
    finally:
        document.close()


def _resolve(value: object) -> object:
    return value.get_object() if isinstance(value, IndirectObject) else value


def _font_dictionaries(resources: object, seen: set[int]) -> Iterator[DictionaryObject]:
    """Every font of a resource dictionary, and of the forms, patterns and Type 3 fonts it uses."""
    resources = _resolve(resources)
    if not isinstance(resources, DictionaryObject) or id(resources) in seen:
        return
    seen.add(id(resources))
    fonts = _resolve(resources.get("/Font"))
    if isinstance(fonts, DictionaryObject):
        for value in fonts.values():
            font = _resolve(value)
            if isinstance(font, DictionaryObject) and id(font) not in seen:
                seen.add(id(font))
                yield font
                if font.get("/Subtype") == "/Type3":
                    yield from _font_dictionaries(font.get("/Resources"), seen)
    for category in ("/XObject", "/Pattern"):
        entries = _resolve(resources.get(category))
        if isinstance(entries, DictionaryObject):
            for value in entries.values():
                inner = _resolve(value)
                if isinstance(inner, DictionaryObject) and inner.get("/Subtype") != "/Image":
                    yield from _font_dictionaries(inner.get("/Resources"), seen)


def _embedded(font: DictionaryObject) -> bool:
    """Whether the glyphs are in the file: a font program in the font descriptor (of the
    descendant font for a Type 0 font); a Type 3 font draws its glyphs itself."""
    subtype = font.get("/Subtype")
    if subtype == "/Type3":
        return True
    if subtype == "/Type0":
        descendants = _resolve(font.get("/DescendantFonts"))
        if not isinstance(descendants, ArrayObject) or not descendants:
            return False
        font = _resolve(descendants[0])  # type: ignore[assignment]
        if not isinstance(font, DictionaryObject):
            return False
    descriptor = _resolve(font.get("/FontDescriptor"))
    return isinstance(descriptor, DictionaryObject) and any(key in descriptor for key in _FONT_FILES)


def pdf_fonts(pdf: Path) -> list[tuple[str, bool]]:
    """(font name, embedded) of every font of the PDF (like ``pdffonts``): the fonts of each
    page's resources, of the forms and patterns they use, and of annotation appearances."""
    reader = pypdf.PdfReader(pdf)
    seen: set[int] = set()
    found: list[tuple[str, bool]] = []
    for page in reader.pages:
        fonts = list(_font_dictionaries(page.get("/Resources"), seen))
        for annotation in _resolve(page.get("/Annots")) or []:
            annotation = _resolve(annotation)
            appearances = _resolve(annotation.get("/AP")) if isinstance(annotation, DictionaryObject) else None
            for appearance in appearances.values() if isinstance(appearances, DictionaryObject) else []:
                appearance = _resolve(appearance)  # a stream, or a dictionary of streams by state
                if isinstance(appearance, StreamObject):
                    states = [appearance]
                else:
                    states = list(appearance.values()) if isinstance(appearance, DictionaryObject) else []
                for state in states:
                    state = _resolve(state)
                    if isinstance(state, StreamObject):
                        fonts += _font_dictionaries(state.get("/Resources"), seen)
        for font in fonts:
            name = font.get("/BaseFont")
            found.append((str(name)[1:] if isinstance(name, NameObject) else "[none]", _embedded(font)))
    return found


def page_size_points(pdf: Path) -> tuple[float, float]:
    """Width and height of the first page in points (like ``pdfinfo``'s "Page size")."""
    document = pdfium.PdfDocument(pdf)
    try:
        width, height = document[0].get_size()
        return float(width), float(height)
    finally:
        document.close()


def pdf_info(pdf: Path) -> dict[str, str]:
    """The document information dictionary (Title, Author, Creator, …) as text."""
    document = pdfium.PdfDocument(pdf)
    try:
        return {key: value for key, value in document.get_metadata_dict().items() if value}
    finally:
        document.close()


def pdf_image_count(pdf: Path) -> int:
    """Raster images drawn on the pages (XObject and inline images, also inside forms):
    what ``pdfimages -list`` lists."""
    document = pdfium.PdfDocument(pdf)
    try:
        return sum(
            1 for page in document for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=64)
        )
    finally:
        document.close()


@dataclass(frozen=True)
class Glyph:
    """One drawn character and its box in points, PDF coordinates (origin bottom left):
    the advance width across, the font's ascent to descent up and down."""

    char: str
    left: float
    bottom: float
    right: float
    top: float


def pdf_glyphs(pdf: Path, page_number: int = 0) -> list[Glyph]:
    """The characters drawn on one page (not the spaces and line ends PDFium infers)."""
    document = pdfium.PdfDocument(pdf)
    try:
        textpage = document[page_number].get_textpage()
        glyphs = []
        for index in range(textpage.count_chars()):
            if pdfium_c.FPDFText_IsGenerated(textpage, index) == 1:
                continue
            char = chr(pdfium_c.FPDFText_GetUnicode(textpage, index))
            if char.isspace():
                continue
            glyphs.append(Glyph(char, *textpage.get_charbox(index, loose=True)))
        return glyphs
    finally:
        document.close()


def decode_qr(pdf: Path, workdir: Path) -> list[str]:
    """The content of every barcode (QR or any other kind) on the pages rendered at 300 dpi,
    page by page; the page images are left in ``workdir`` as page-1.png, …"""
    document = pdfium.PdfDocument(pdf)
    found: list[str] = []
    try:
        for number, page in enumerate(document, start=1):
            image = page.render(scale=QR_DPI / 72).to_pil()
            image.save(workdir / f"page-{number}.png")
            found += [barcode.text for barcode in zxingcpp.read_barcodes(image, text_mode=zxingcpp.TextMode.Plain)]
    finally:
        document.close()
    return found


def page_count(pdf: Path) -> int:
    """How many pages the PDF has (like ``pdfinfo``'s "Pages")."""
    document = pdfium.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    """Width and height of every page in points."""
    document = pdfium.PdfDocument(pdf)
    try:
        return [(float(page.get_size()[0]), float(page.get_size()[1])) for page in document]
    finally:
        document.close()
