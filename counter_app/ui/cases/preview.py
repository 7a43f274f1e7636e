"""A case document (A4 PDF) previewed beside the form, printed with Ctrl+P, closed with Esc."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from counter_app.ui.shared.hall_widgets import MessageLine
from counter_app.ui.shared.slip_preview import PrintFailed, SlipPreview, choose_printer, printer_name


class DocumentPreview(QDialog):
    """One document: its title, its pages (fit to width, scrolled) and Print / Close.

    Opened window-modal and not blocking (``open()``); the PDF may arrive after it opens
    (``set_pdf``), or never (``set_unavailable``)."""

    def __init__(self, title: str, file_stem: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("document_preview")
        self.setWindowTitle(title)
        self.file_stem = file_stem
        self.printed_on: str | None = None
        self.heading = QLabel(title)
        self.heading.setObjectName("preview_heading")
        self.heading.setStyleSheet("font-size: 20px; font-weight: bold;")
        self.heading.setWordWrap(True)
        self.preview = SlipPreview(self)
        self.preview.setObjectName("document_view")
        self.preview.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.preview.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.preview.setMinimumSize(560, 600)
        self.status = QLabel(self.tr("Preparing the document…"))
        self.status.setObjectName("preview_status")
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status.setStyleSheet("color: #555; font-size: 15px;")
        self.message = MessageLine(14)
        self.print_button = QPushButton(self.tr("Print (Ctrl+P)"))
        self.print_button.setObjectName("preview_print")
        self.print_button.setEnabled(False)
        self.print_button.clicked.connect(self.print_document)
        self.close_button = QPushButton(self.tr("Close (Esc)"))
        self.close_button.setObjectName("preview_close")
        self.close_button.clicked.connect(self.reject)
        self.print_action = QAction(self)
        self.print_action.setShortcut(QKeySequence("Ctrl+P"))
        self.print_action.triggered.connect(self.print_document)
        self.addAction(self.print_action)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.status)
        layout.addWidget(self.preview, 1)
        layout.addLayout(buttons)
        self.resize(820, 980)

    def set_pdf(self, data: bytes) -> None:
        self.preview.set_pdf(data)
        ready = self.preview.has_pdf()
        self.status.setVisible(not ready)
        if not ready:
            self.status.setText(self.tr("The document could not be shown."))
        self.print_button.setEnabled(ready)
        self.print_button.setFocus()

    def set_unavailable(self, reason: str) -> None:
        self.status.setText(reason)
        self.status.show()
        self.print_button.setEnabled(False)

    def has_pdf(self) -> bool:
        return self.preview.has_pdf()

    def print_document(self) -> bool:
        if not self.preview.has_pdf():
            return False
        printer = choose_printer(self, self.windowTitle(), self.file_stem)
        if printer is None:
            return False
        try:
            self.preview.print_to(printer)
        except PrintFailed:
            self.message.show_error(self.tr("The document could not be printed: check the printer."))
            return False
        self.printed_on = printer_name(printer)
        self.message.show_info(self.tr("Printed on {printer}.").format(printer=self.printed_on))
        return True
