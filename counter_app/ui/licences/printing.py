"""Printing licences (证照打印), the one flow every screen uses: the counter after a renewal,
the registry for one licence or a batch.

``LicencePrintFlow(backend, parent).start(ids, reprint=...)``:

1. a reprint (asked for, or the service saying the licence was printed before) first asks
   the reason (补打: lost, damaged, print failed, other…, plus free text); Cancel stops;
2. the PDF is prepared on the worker (``licences.licence_printout`` for one licence,
   ``licences.licence_batch_printout`` for many: one PDF, one print job) behind a progress
   dialog that can cancel (the batch reports each page from the worker thread into a
   locked counter the GUI polls);
3. the preview (``DocumentPreview``) shows it; the clerk prints (Ctrl+P, QPrinter);
4. only then is the print recorded (``licences.record_licence_print``) and ``printed``
   emitted with the licence ids.

Every failure (not signed yet, not printable, a reason missing) is shown translated in a
message box over the parent; nothing is recorded unless the print job was sent.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.errors import UserError
from counter_app.services import licences
from counter_app.services.licences import LicencePrintout
from counter_app.ui.cases.preview import DocumentPreview
from counter_app.ui.shared import slip_preview
from counter_app.ui.shared.backend import Backend
from counter_app.ui.translation import user_message

POLL_MS = 100
SHOW_PROGRESS_AFTER_MS = 400
REASON_MAX = 150  # the service keeps 200 characters: room for the reason's label
MAX_COPIES = 5  # what ``record_licence_print`` accepts


def asks_for_reason(error: UserError) -> bool:
    """Whether the service refused because a licence was printed before and no reprint
    reason was given."""
    return isinstance(error, licences.ReprintReasonNeeded)


class ReprintReasonDialog(QDialog):
    """Why a licence is printed again (补打): a common reason picked (1-4) and/or words typed.

    Opened window-modal with ``open()``; ``reason()`` once accepted."""

    def __init__(self, count: int, note: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reprint_reason_dialog")
        self.setWindowTitle(self.tr("Reason for the reprint"))
        heading = QLabel(
            self.tr("Licence printed before: why is it printed again?") if count == 1
            else self.tr("Some of the {count} licences were printed before: why are they printed again?").format(count=count)
        )
        heading.setWordWrap(True)
        heading.setStyleSheet("font-size: 17px; font-weight: bold;")
        self.note = QLabel(note or "")
        self.note.setObjectName("reprint_note")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #e65100; font-size: 14px;")
        self.note.setVisible(bool(note))
        self.group = QButtonGroup(self)
        self.choices: list[QRadioButton] = []
        self.other: QRadioButton | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.note)
        for number, label in enumerate((self.tr("Lost"), self.tr("Damaged"), self.tr("Print failed"), self.tr("Other")), start=1):
            button = QRadioButton(f"&{number}  {label}")
            button.setProperty("reason", label)
            button.setStyleSheet("font-size: 16px;")
            self.group.addButton(button, number)
            self.choices.append(button)
            layout.addWidget(button)
        self.other = self.choices[-1]
        self.detail = QLineEdit()
        self.detail.setObjectName("reprint_detail")
        self.detail.setMaxLength(REASON_MAX)
        self.detail.setPlaceholderText(self.tr("Details (required for “Other”)"))
        self.detail.setStyleSheet("font-size: 16px; padding: 3px;")
        layout.addWidget(self.detail)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Print with this reason"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.group.buttonToggled.connect(lambda _button, _on: self._update())
        self.detail.textChanged.connect(lambda _text: self._update())
        self.setMinimumWidth(460)
        self._update()

    def choose(self, number: int, detail: str = "") -> None:
        """Pick reason ``number`` (1 lost, 2 damaged, 3 print failed, 4 other) and type ``detail``."""
        self.choices[number - 1].setChecked(True)
        self.detail.setText(detail)

    def reason(self) -> str:
        """The reason as recorded and printed on the licence: the label, then the details."""
        button = self.group.checkedButton()
        detail = " ".join(self.detail.text().split())
        if button is None:
            return detail
        if button is self.other:
            return detail
        label = str(button.property("reason"))
        return f"{label}：{detail}" if detail else label

    def _update(self) -> None:
        self.ok_button.setEnabled(bool(self.reason()))

    def accept(self) -> None:
        if self.reason():
            super().accept()


class LicencePreview(DocumentPreview):
    """The preview of a licence (or a batch): ``printed`` once its print job was sent; it
    prints once (a second copy is a reprint, with its reason, started anew)."""

    printed = Signal()

    def __init__(self, title: str, file_stem: str, parent: QWidget | None = None) -> None:
        super().__init__(title, file_stem, parent)
        self.setObjectName("licence_preview")
        self.sent = False

    def print_document(self) -> bool:
        if self.sent:
            return False
        if not super().print_document():
            return False
        self.sent = True
        self.print_button.setEnabled(False)
        self.printed.emit()
        return True


class _BatchProgress:
    """Pages rendered so far, written by the worker's progress callback, read by the GUI's
    timer; ``cancelled`` set by the GUI, read by the callback (which then stops the batch)."""

    def __init__(self, total: int) -> None:
        self.lock = threading.Lock()
        self.done = 0
        self.total = total
        self.cancelled = False

    def report(self, done: int, total: int) -> bool:  # on the worker thread
        with self.lock:
            self.done, self.total = done, total
            return not self.cancelled

    def read(self) -> tuple[int, int]:
        with self.lock:
            return self.done, self.total

    def cancel(self) -> None:
        with self.lock:
            self.cancelled = True


class LicencePrintFlow(QObject):
    """Print licences: reason (for a reprint), preparation with progress, preview, print,
    record (see the module's docstring). One flow at a time: ``start`` again ends the last.

    Signals:
        printed(list[int]): these licences were printed and the print is recorded.
    """

    printed = Signal(list)

    def __init__(self, backend: Backend, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("licence_print_flow")
        self.backend = backend
        self.host = parent
        self.licence_ids: list[int] = []
        self.reason: str | None = None
        self.number: str | None = None  # the licence's number (one licence)
        self.preview: LicencePreview | None = None
        self.reason_dialog: ReprintReasonDialog | None = None
        self.progress_dialog: QProgressDialog | None = None
        self.message_box: QMessageBox | None = None
        self.last_message = ""  # the last failure shown (for tests and the host's message line)
        self._progress: _BatchProgress | None = None
        self._run = 0  # a newer start (or a cancel) makes the older run's answers stale
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)

    # ---------------------------------------------------------------- starting

    def start(self, licence_ids: Sequence[int], *, reprint: bool = False) -> None:
        """Print these licences (one PDF for many); ``reprint``: ask the reason first."""
        ids = list(dict.fromkeys(licence_ids))
        if not ids:
            return
        self.close()
        self.licence_ids = ids
        self.reason = None
        self.number = None
        self.last_message = ""
        if reprint:
            self._ask_reason()
        else:
            self._prepare()

    @property
    def busy(self) -> bool:
        """Preparing, previewing or recording: the flow is not over."""
        return any(widget is not None for widget in (self.preview, self.reason_dialog, self.progress_dialog))

    def close(self) -> None:
        """End whatever is open (the host closes, or a new start)."""
        self._run += 1
        self._stop_progress()
        for dialog in (self.reason_dialog, self.preview, self.message_box):
            if dialog is not None:
                dialog.reject()
        self.reason_dialog = None
        self.preview = None
        self.message_box = None

    # ---------------------------------------------------------------- the reason of a reprint

    def _ask_reason(self, note: str | None = None) -> None:
        dialog = ReprintReasonDialog(len(self.licence_ids), note, self.host)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        run = self._run

        def finished(result: int) -> None:
            if self.reason_dialog is dialog:
                self.reason_dialog = None
            dialog.deleteLater()
            if run == self._run and result == QDialog.DialogCode.Accepted:
                self.reason = dialog.reason()
                self._prepare()

        dialog.finished.connect(finished)
        self.reason_dialog = dialog
        dialog.open()

    # ---------------------------------------------------------------- preparing the PDF

    def _prepare(self) -> None:
        self._run += 1
        run = self._run
        ids = self.licence_ids
        many = len(ids) > 1
        dialog = QProgressDialog(self.host)
        dialog.setObjectName("licence_print_progress")
        dialog.setWindowTitle(self.tr("Printing licences"))
        dialog.setLabelText(
            self.tr("Preparing {count} licences…").format(count=len(ids)) if many else self.tr("Preparing the licence…")
        )
        dialog.setCancelButtonText(self.tr("Cancel"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumDuration(SHOW_PROGRESS_AFTER_MS)  # a quick licence shows no dialog at all
        dialog.setMinimumWidth(420)
        dialog.setRange(0, len(ids) if many else 0)  # one licence: busy, no steps
        dialog.setValue(0)
        dialog.canceled.connect(self._cancel)
        self.progress_dialog = dialog
        if many:
            progress = _BatchProgress(len(ids))
            self._progress = progress
            self._timer.start()
            self.backend.run(
                licences.licence_batch_printout, ids, self.reason, progress.report,
                done=lambda pdf: self._batch_ready(run, pdf), failed=lambda error: self._failed(run, error),
                owner=self, urgent=True,
            )
        else:
            self.backend.run(
                licences.licence_printout, ids[0], self.reason,
                done=lambda printout: self._single_ready(run, printout), failed=lambda error: self._failed(run, error),
                owner=self, urgent=True,
            )

    def _poll(self) -> None:
        if self._progress is None or self.progress_dialog is None:
            self._timer.stop()
            return
        done, total = self._progress.read()
        self.progress_dialog.setMaximum(total)
        self.progress_dialog.setValue(done)
        self.progress_dialog.setLabelText(self.tr("Preparing licence {done} of {total}…").format(done=done, total=total))

    def _cancel(self) -> None:
        """Cancel in the progress dialog: a batch stops at its next page; one licence's answer is ignored."""
        if self._progress is not None:
            self._progress.cancel()
        self._run += 1
        self._stop_progress()

    def _stop_progress(self) -> None:
        self._timer.stop()
        self._progress = None
        dialog = self.progress_dialog
        self.progress_dialog = None
        if dialog is not None:
            dialog.canceled.disconnect(self._cancel)
            dialog.reset()
            dialog.hide()
            dialog.deleteLater()

    def _failed(self, run: int, error: UserError) -> None:
        if run != self._run:
            return
        self._stop_progress()
        if asks_for_reason(error) and self.reason is None:
            self._ask_reason(user_message(error))
            return
        self._show_error(user_message(error))

    def _show_error(self, text: str) -> None:
        self.last_message = text
        if self.message_box is not None:
            self.message_box.reject()
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Licence printing"), text, QMessageBox.StandardButton.Ok, self.host)
        box.setObjectName("licence_print_error")
        box.setWindowModality(Qt.WindowModality.WindowModal)

        def finished(_result: int) -> None:
            if self.message_box is box:
                self.message_box = None
            box.deleteLater()

        box.finished.connect(finished)
        self.message_box = box
        box.open()

    def _single_ready(self, run: int, printout: LicencePrintout) -> None:
        if run != self._run:
            return
        self._stop_progress()
        self.number = printout.number
        title = self.tr("Licence {number}").format(number=printout.number)
        if printout.reprint_reason:
            title += self.tr(" — reprint ({reason})").format(reason=printout.reprint_reason)
        self._show_preview(title, f"licence-{printout.licence_id}", printout.pdf)

    def _batch_ready(self, run: int, pdf: bytes | None) -> None:
        if run != self._run:
            return
        self._stop_progress()
        if pdf is None:  # cancelled on the worker
            return
        title = self.tr("{count} licences").format(count=len(self.licence_ids))
        if self.reason:
            title += self.tr(" — reprints ({reason})").format(reason=self.reason)
        self._show_preview(title, "licences", pdf)

    # ---------------------------------------------------------------- preview, print, record

    def _show_preview(self, title: str, stem: str, pdf: bytes) -> None:
        dialog = LicencePreview(title, stem, self.host)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        run = self._run
        dialog.printed.connect(lambda: self._record(run, dialog))

        def finished(_result: int) -> None:
            if self.preview is dialog:
                self.preview = None
            dialog.deleteLater()

        dialog.finished.connect(finished)
        self.preview = dialog
        dialog.open()
        dialog.set_pdf(pdf)

    def _record(self, run: int, dialog: LicencePreview) -> None:
        """The print job was sent: record it (the copies asked for in the print dialog)."""
        ids = list(self.licence_ids)
        reason = self.reason
        copies = max(1, min(MAX_COPIES, slip_preview.session_printer().copyCount()))
        dialog.message.show_info(self.tr("Printed: recording the print…"))

        def done(_reprints: int) -> None:
            if self.preview is dialog and run == self._run:
                dialog.message.show_info(
                    self.tr("Printed and recorded.") if len(ids) == 1
                    else self.tr("{count} licences printed and recorded.").format(count=len(ids))
                )
            self.printed.emit(ids)

        def failed(error: UserError) -> None:
            text = self.tr("Printed, but the print was not recorded: {reason}").format(reason=user_message(error))
            if self.preview is dialog:
                dialog.message.show_error(text)
            self._show_error(text)

        # Not owned by the preview: a print sent is recorded even if the preview closes meanwhile.
        self.backend.run(licences.record_licence_print, ids, reason, copies, done=done, failed=failed, owner=self, urgent=True)
