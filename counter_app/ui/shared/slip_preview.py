"""Preview and print a PDF made by printing/ (the ticket slip), with QtPdf and QPrinter.

Printing paints each page rendered by ``QPdfDocument.render`` into the printer at (up to)
the printer's resolution, and lays the page's text under it invisibly, so that a
"print to PDF file" copy can still be searched and read back.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSize, QSizeF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPageLayout, QPageSize, QPainter, QPen
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
from PySide6.QtWidgets import QVBoxLayout, QWidget

MAX_PRINT_DPI = 600  # receipt printers have 203 dpi, office printers 600: more is wasted memory


class PrintFailed(RuntimeError):
    """The printer could not be opened (a bug or a printer problem, not the user's)."""


def default_printer() -> QPrinter | None:
    """The system's default printer, or None when there is none (kiosks then show the slip)."""
    info = QPrinterInfo.defaultPrinter()
    if info.isNull():
        return None
    return QPrinter(info, QPrinter.PrinterMode.HighResolution)


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
    text = document.getAllText(page).text()
    offset = 0
    for line in text.splitlines():
        start = text.find(line, offset)
        offset = start + len(line)
        if not line.strip() or start < 0:
            continue
        box = document.getSelectionAtIndex(page, start, len(line)).boundingRectangle()
        if box.isEmpty():
            continue
        font = QFont()
        font.setPixelSize(max(1, round(box.height() * 0.85)))
        painter.setFont(font)
        painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextDontClip), line)
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
