"""Preview and print a PDF made by printing/ (the ticket slip), with QtPdf and QPrinter.

Printing paints each page rendered by ``QPdfDocument.render`` into the printer at (up to)
the printer's resolution, and lays the page's text under it invisibly, so that a
"print to PDF file" copy can still be searched and read back.

The printer asked for is remembered for the session: the print dialog opens on the
printer picked last, else on the system's default printer (on "print to file" only when
the system has no printer at all).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSize, QSizeF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPageLayout, QPageSize, QPainter, QPen
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from counter_app.ui.fonts import BUNDLED_CJK_FAMILY, register_bundled_fonts

MAX_PRINT_DPI = 600  # receipt printers have 203 dpi, office printers 600: more is wasted memory
TEXT_LAYER_PX = 48  # the invisible text is laid at this size, then scaled to each line's box


class PrintFailed(RuntimeError):
    """The printer could not be opened (a bug or a printer problem, not the user's)."""


def default_printer() -> QPrinter | None:
    """The system's default printer, or None when there is none (kiosks then show the slip)."""
    info = QPrinterInfo.defaultPrinter()
    if info.isNull():
        return None
    return QPrinter(info, QPrinter.PrinterMode.HighResolution)


# ---------------------------------------------------------------- the session's printer

_session_printer: QPrinter | None = None


def session_printer() -> QPrinter:
    """The printer to print on: the one picked earlier in this session, else the system's
    default, else the first printer there is, else a PDF file."""
    global _session_printer
    if _session_printer is None:
        printer = default_printer()
        if printer is None:
            available = QPrinterInfo.availablePrinters()
            printer = (
                QPrinter(available[0], QPrinter.PrinterMode.HighResolution)
                if available
                else QPrinter(QPrinter.PrinterMode.HighResolution)
            )
        _session_printer = printer
    return _session_printer


def remember_printer(printer: QPrinter) -> None:
    """Print on ``printer`` from now on in this session (the user picked it)."""
    global _session_printer
    _session_printer = printer


def forget_printer() -> None:
    """Back to the system's default (a new session; tests)."""
    global _session_printer
    _session_printer = None


def _run_dialog(dialog: QPrintDialog) -> bool:
    """The dialog, modal; a seam for tests, which cannot click a native dialog."""
    return dialog.exec() == QDialog.DialogCode.Accepted


def choose_printer(parent: QWidget | None, title: str, file_stem: str = "slip") -> QPrinter | None:
    """Ask which printer, starting on the session's; the choice is remembered. None: cancelled.
    For "print to file" the file is proposed as ``file_stem``.pdf next to the previous one."""
    printer = session_printer()
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
        previous = printer.outputFileName()
        folder = Path(previous).parent if previous else Path.home()
        printer.setOutputFileName(str(folder / f"{file_stem}.pdf"))  # never overwrite the last slip unasked
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(title)
    if not _run_dialog(dialog):
        return None
    remember_printer(printer)
    return printer


def printer_name(printer: QPrinter) -> str:
    """A printer as the user knows it: its name, or the file it prints to."""
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
        return printer.outputFileName()
    return printer.printerName()


def print_pdf(document: QPdfDocument, printer: QPrinter) -> None:
    """Print every page of a loaded ``document`` on ``printer``, page size taken from the PDF."""
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() == 0:
        raise PrintFailed("nothing to print: the PDF is not loaded")
    first = document.pagePointSize(0)
    printer.setFullPage(True)
    printer.setPageLayout(
        QPageLayout(
            QPageSize(first, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.ExactMatch),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
            QPageLayout.Unit.Point,
        )
    )
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintFailed("the printer could not be opened")
    try:
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            _paint_page(document, page, painter, printer)
    finally:
        painter.end()


def _paint_page(document: QPdfDocument, page: int, painter: QPainter, printer: QPrinter) -> None:
    points = document.pagePointSize(page)
    target = QRectF(printer.pageRect(QPrinter.Unit.DevicePixel))
    dpi = min(printer.resolution(), MAX_PRINT_DPI)
    pixels = QSize(max(1, round(points.width() * dpi / 72)), max(1, round(points.height() * dpi / 72)))
    image = document.render(page, pixels)
    painter.drawImage(QRectF(target.topLeft(), QSizeF(target.width(), target.width() * points.height() / points.width())), image)
    # The invisible text layer, in PDF points.
    painter.save()
    painter.translate(target.topLeft())
    painter.scale(target.width() / points.width(), target.width() / points.width())
    painter.setPen(QPen(QColor(0, 0, 0, 0)))
    # The bundled TrueType face, not the application's font: Qt's PDF writer maps the glyphs
    # of a CFF font (Noto Sans CJK, the first choice of the screens) back to the wrong
    # characters, so "A004" read back as "A" plus control characters, and 心 as ⼼.
    register_bundled_fonts()
    font = QFont(BUNDLED_CJK_FAMILY)
    font.setPixelSize(TEXT_LAYER_PX)
    metrics = QFontMetricsF(font)
    painter.setFont(font)
    text = document.getAllText(page).text()
    offset = 0
    for line in text.splitlines():
        start = text.find(line, offset)
        offset = start + len(line)
        if not line.strip() or start < 0:
            continue
        box = document.getSelectionAtIndex(page, start, len(line)).boundingRectangle()
        width = metrics.horizontalAdvance(line)
        if box.isEmpty() or width <= 0:
            continue
        # One font size, stretched onto the line's box: a selection in the copy covers the
        # characters drawn, whatever the size the slip drew them at.
        painter.save()
        painter.translate(box.left(), box.top())
        painter.scale(box.width() / width, box.height() / metrics.height())
        painter.drawText(QRectF(0, 0, width, metrics.height()), int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextDontClip), line)
        painter.restore()
    painter.restore()


class SlipPreview(QWidget):
    """Shows one PDF (a slip) and prints it.

    Signals:
        loaded: a new PDF is shown (its document is Ready).
    """

    loaded = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pdf = b""
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setObjectName("slip_view")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.SinglePage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
        self.view.setStyleSheet("background: #e0e0e0;")
        self._buffer: QBuffer | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

    def set_pdf(self, data: bytes) -> None:
        """Show ``data`` (PDF bytes), read from memory through a QBuffer."""
        self.document.close()
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.deleteLater()
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._buffer = buffer
        self.pdf = data
        self.document.load(buffer)
        if self.document.status() == QPdfDocument.Status.Ready:
            self.loaded.emit()

    def clear(self) -> None:
        self.document.close()
        self.pdf = b""

    def has_pdf(self) -> bool:
        return bool(self.pdf) and self.document.status() == QPdfDocument.Status.Ready

    def print_to(self, printer: QPrinter) -> None:
        print_pdf(self.document, printer)
