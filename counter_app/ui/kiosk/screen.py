"""The kiosk's touch screen: one big button per business line with its waiting count; a
tap issues an ordinary ticket, the slip goes straight to the printer (or is shown when
there is none) and the start page returns after a few seconds.

Outside the hall's opening hours the kiosk shows itself closed before anyone taps: today's
hours and when it opens again. A timer on the hall's clock (``Backend.now``) switches the
page when the hall opens or closes; the lines come from the hall's shared watcher, so
nothing polls the database. Which page shows and when a tap issues comes from
``domain.issuing``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget

from counter_app.domain.issuing import KioskPage, OpeningHours, kiosk_may_issue, kiosk_page
from counter_app.domain.queue import DEFAULT_TIMEZONE, business_date, local_time
from counter_app.errors import UserError
from counter_app.services import queue
from counter_app.services.queue import IssuedTicket, LineInfo
from counter_app.ui.issuing.core import HallLines, PrinterSource, load_timezone, render_slip, wait_text, waiting_text
from counter_app.ui.shared.backend import Backend
from counter_app.ui.shared.hall_widgets import ConnectionBanner, MessageLine
from counter_app.ui.shared.slip_preview import PrintFailed, SlipPreview, default_printer
from counter_app.ui.translation import user_message

KIOSK_RETURN_MS = 10_000  # the start page returns this long after a number is shown
RECHECK_MS = 5 * 60_000  # the hours are re-judged at least this often (the clock estimate may move)
HoursSource = Callable[..., OpeningHours]  # a use case (actor, hall_id) -> OpeningHours


STYLE = """
QPushButton#line_button {
    border: 2px solid #1565c0; border-radius: 14px; background: #e3f2fd;
}
QPushButton#line_button:pressed { background: #bbdefb; }
QPushButton#line_button:disabled { background: #eeeeee; border-color: #bdbdbd; }
QPushButton#line_button QLabel { background: transparent; }
QLabel#kiosk_line_title { font-size: 40px; font-weight: bold; color: #0d47a1; }
QLabel#kiosk_line_description { font-size: 20px; color: #37474f; }
QLabel#kiosk_line_waiting { font-size: 26px; color: #0d47a1; }
QLabel#kiosk_title { font-size: 40px; font-weight: bold; color: #263238; }
QLabel#kiosk_prompt { font-size: 30px; color: #455a64; }
QLabel#closed_heading { font-size: 72px; font-weight: bold; color: #b71c1c; }
QLabel#closed_hours { font-size: 34px; color: #263238; }
QLabel#closed_next { font-size: 34px; font-weight: bold; color: #0d47a1; }
QLabel#result_heading { font-size: 36px; color: #455a64; }
QLabel#result_label { font-size: 160px; font-weight: bold; color: #0d47a1; }
QLabel#result_details { font-size: 32px; }
QPushButton#done_button {
    font-size: 32px; font-weight: bold; padding: 20px 80px; background: #1565c0; color: white; border-radius: 10px;
}
"""


class KioskScreen(QWidget):
    """Signals:
        issued(IssuedTicket): a ticket was issued.
        printed(): its slip went to the printer.
        ready(): the first page is decided (lines read, or why not): the kiosk is usable.
        page_changed(KioskPage): another page is shown.
    """

    issued = Signal(object)
    printed = Signal()
    ready = Signal()
    page_changed = Signal(object)

    def __init__(
        self,
        backend: Backend,
        hall_id: int,
        hall_name: str,
        *,
        printer: PrinterSource = default_printer,
        hours: HoursSource | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("kiosk_screen")
        self.backend = backend
        self.hall_id = hall_id
        self.hall_name = hall_name
        self.printer = printer
        self.hours_source: HoursSource = hours if hours is not None else queue.issuing_hours
        self.hours: OpeningHours | None = None
        self.timezone = DEFAULT_TIMEZONE
        self.return_after_ms = KIOSK_RETURN_MS
        self.busy = False
        self.showing_result_page = False
        self.line_buttons: dict[int, QPushButton] = {}
        self.waiting_labels: dict[int, QLabel] = {}
        self._ready = False
        self._page: KioskPage | None = None

        self._return_timer = QTimer(self)
        self._return_timer.setSingleShot(True)
        self._return_timer.timeout.connect(self.back_to_start)
        self._hours_timer = QTimer(self)  # fires when the hall opens or closes
        self._hours_timer.setSingleShot(True)
        self._hours_timer.timeout.connect(self._hours_due)
        self._message_timer = QTimer(self)
        self._message_timer.setSingleShot(True)
        self._message_timer.timeout.connect(lambda: self.message.clear())

        self.connection_banner = ConnectionBanner()
        self.hall_lines = HallLines(backend, self, self.connection_banner)
        self.hall_lines.loaded.connect(self._show_lines)
        self.hall_lines.failed.connect(self._read_failed)
        self._build()
        load_timezone(backend, self, self._timezone_loaded)
        self._read_hours()
        self.hall_lines.watch(hall_id)
        self._sync_page()

    @property
    def lines(self) -> list[LineInfo]:
        return self.hall_lines.lines

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        self.setStyleSheet(STYLE)
        self.pages = QStackedWidget()
        self.message = MessageLine(24)

        start = QWidget()
        start_layout = QVBoxLayout(start)
        self.title = QLabel(self.hall_name)
        self.title.setObjectName("kiosk_title")
        prompt = QLabel(self.tr("Touch your business to take a number"))
        prompt.setObjectName("kiosk_prompt")
        for label in (self.title, prompt):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            start_layout.addWidget(label)
        self.lines_box = QWidget()
        self.lines_grid = QGridLayout(self.lines_box)
        self.lines_grid.setSpacing(24)
        start_layout.addWidget(self.lines_box, 1)

        closed = QWidget()
        closed.setObjectName("closed_page")
        closed_layout = QVBoxLayout(closed)
        self.closed_title = QLabel(self.hall_name)
        self.closed_title.setObjectName("kiosk_title")
        self.closed_heading = QLabel(self.tr("Closed now"))
        self.closed_heading.setObjectName("closed_heading")
        self.closed_hours = QLabel()
        self.closed_hours.setObjectName("closed_hours")
        self.closed_next = QLabel()
        self.closed_next.setObjectName("closed_next")
        closed_layout.addStretch(1)
        for label in (self.closed_title, self.closed_heading, self.closed_hours, self.closed_next):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
            closed_layout.addWidget(label)
            closed_layout.addSpacing(12)
        closed_layout.addStretch(2)

        result = QWidget()
        result_layout = QHBoxLayout(result)
        texts = QVBoxLayout()
        self.result_heading = QLabel(self.tr("Your number"))
        self.result_heading.setObjectName("result_heading")
        self.result_label = QLabel()
        self.result_label.setObjectName("result_label")
        self.result_details = QLabel()
        self.result_details.setObjectName("result_details")
        self.result_details.setWordWrap(True)
        for label in (self.result_heading, self.result_label, self.result_details):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.done_button = QPushButton(self.tr("Done"))
        self.done_button.setObjectName("done_button")
        self.done_button.clicked.connect(self.back_to_start)
        texts.addStretch(1)
        texts.addWidget(self.result_heading)
        texts.addWidget(self.result_label)
        texts.addWidget(self.result_details)
        texts.addStretch(1)
        texts.addWidget(self.done_button, 0, Qt.AlignmentFlag.AlignCenter)
        self.preview = SlipPreview()
        self.preview.setObjectName("slip_preview")
        self.preview.setMinimumWidth(360)
        self.preview.hide()
        result_layout.addLayout(texts, 2)
        result_layout.addWidget(self.preview, 1)

        self._page_widgets = {KioskPage.START: start, KioskPage.CLOSED: closed, KioskPage.RESULT: result}
        for widget in self._page_widgets.values():
            self.pages.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addWidget(self.connection_banner)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.message)

    def _rebuild_line_buttons(self, lines: list[LineInfo]) -> None:
        for button in self.line_buttons.values():
            button.deleteLater()
        self.line_buttons.clear()
        self.waiting_labels.clear()
        columns = 2 if len(lines) > 1 else 1
        for position, line in enumerate(lines):
            button = QPushButton()
            button.setObjectName("line_button")
            button.setProperty("line_id", line.id)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            button.setMinimumHeight(140)
            button.setAccessibleName(f"{line.prefix} {line.name}")
            button.clicked.connect(lambda _checked=False, line_id=line.id: self.issue_for_line(line_id))
            title = QLabel(f"{line.prefix}  {line.name}")
            title.setObjectName("kiosk_line_title")
            description = QLabel(line.description)
            description.setObjectName("kiosk_line_description")
            description.setWordWrap(True)
            description.setVisible(bool(line.description))
            waiting = QLabel()
            waiting.setObjectName("kiosk_line_waiting")
            inner = QVBoxLayout(button)
            inner.setContentsMargins(24, 12, 24, 12)
            for label in (title, description, waiting):
                label.setAlignment(Qt.AlignmentFlag.AlignCenter)
                label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
                inner.addWidget(label)
            self.line_buttons[line.id] = button
            self.waiting_labels[line.id] = waiting
            self.lines_grid.addWidget(button, position // columns, position % columns)

    # ------------------------------------------------------------------ what is read

    def _timezone_loaded(self, timezone: str) -> None:
        self.timezone = timezone

    def _read_hours(self) -> None:
        self.backend.run(
            self.hours_source, self.hall_id, done=self._hours_loaded, failed=self._read_failed,
            key=("opening_hours", id(self)), owner=self,
        )

    def _hours_loaded(self, hours: OpeningHours) -> None:
        self.hours = hours
        self._sync_page()

    def _show_lines(self, lines: list[LineInfo]) -> None:
        if [line.id for line in lines] != list(self.line_buttons):
            self._rebuild_line_buttons(lines)
        for line in lines:
            self.waiting_labels[line.id].setText(waiting_text(line.waiting))
        self._sync_page()
        if not self._ready:
            self._ready = True
            self.ready.emit()

    def _read_failed(self, error: UserError) -> None:
        self.show_message(user_message(error))
        if not self._ready:
            self._ready = True
            self.ready.emit()

    # ------------------------------------------------------------------ pages

    def open_now(self) -> bool | None:
        """Whether the hall issues tickets now (None: its hours are not known)."""
        return self.hours.is_open(self.backend.now()) if self.hours is not None else None

    def page(self) -> KioskPage:
        return kiosk_page(open_now=self.open_now(), showing_result=self.showing_result_page)

    def showing_result(self) -> bool:
        return self.page() is KioskPage.RESULT

    def _sync_page(self) -> None:
        """Show the page the rules call for; arm the timer for the next opening or closing."""
        page = self.page()
        if page is KioskPage.CLOSED:
            self._describe_closed()
        self.pages.setCurrentWidget(self._page_widgets[page])
        may_issue = kiosk_may_issue(page, self.busy)
        for button in self.line_buttons.values():
            button.setEnabled(may_issue)
        self._arm_hours_timer()
        if page is not self._page:
            previous, self._page = self._page, page
            if previous is not None and KioskPage.CLOSED in (previous, page):
                self._read_hours()  # the hall just opened or closed: its hours may have been changed since
            self.page_changed.emit(page)

    def _arm_hours_timer(self) -> None:
        self._hours_timer.stop()
        if self.hours is None:
            return
        now = self.backend.now()
        change = self.hours.next_change(now)
        if change is None:
            return
        wait_ms = (change - now) / timedelta(milliseconds=1)
        self._hours_timer.start(int(min(max(wait_ms, 0) + 50, RECHECK_MS)))  # a little late, never early

    def _hours_due(self) -> None:
        self._sync_page()

    def _describe_closed(self) -> None:
        hours = self.hours
        if hours is None:
            return
        self.closed_hours.setText(
            self.tr("Tickets are issued every day from {opens} to {closes}.").format(
                opens=_clock(hours.opens_at), closes=_clock(hours.closes_at)
            )
        )
        now = self.backend.now()
        opening = hours.next_opening(now)
        if opening is None:
            self.closed_next.setText(self.tr("No tickets are issued here at the moment."))
            return
        days = (business_date(opening, hours.timezone) - business_date(now, hours.timezone)).days
        at = _clock(local_time(opening, hours.timezone).time())
        if days == 0:
            text = self.tr("Opens today at {time}.").format(time=at)
        elif days == 1:
            text = self.tr("Opens tomorrow at {time}.").format(time=at)
        else:
            text = self.tr("Opens on {date} at {time}.").format(date=f"{local_time(opening, hours.timezone):%Y-%m-%d}", time=at)
        self.closed_next.setText(text)

    # ------------------------------------------------------------------ issuing

    def issue_for_line(self, line_id: int) -> bool:
        """A tap: an ordinary ticket of the line. True when asked of the service."""
        if not kiosk_may_issue(self.page(), self.busy):
            return False
        self.busy = True
        self.message.clear()
        self._sync_page()
        self.backend.run(queue.issue_ticket, line_id, done=self._issued, failed=self._issue_failed, owner=self)
        return True

    def _issued(self, issued: IssuedTicket) -> None:
        self.busy = False
        self.showing_result_page = True
        self.result_label.setText(issued.ticket.label)
        self.result_details.setText(self._details(issued, self.tr("Printing your slip…")))
        self.preview.clear()
        self.preview.hide()
        self._sync_page()
        self.hall_lines.refresh()
        self._return_timer.start(self.return_after_ms)
        render_slip(self.backend, issued, self, lambda pdf: self._slip_rendered(issued, pdf), self._render_failed)
        self.issued.emit(issued)

    def _details(self, issued: IssuedTicket, note: str) -> str:
        details = self.tr("{line} · {ahead} people ahead · wait {wait}").format(
            line=issued.ticket.line_name, ahead=issued.people_ahead, wait=wait_text(issued)
        )
        return f"{details}\n{note}"

    def _slip_rendered(self, issued: IssuedTicket, pdf: bytes) -> None:
        """Print the slip whatever page shows now: the visitor needs it even after Done."""
        self.preview.set_pdf(pdf)
        printer = self.printer()
        printed = False
        if printer is not None:
            try:
                self.preview.print_to(printer)
                printed = True
            except PrintFailed:
                printed = False
        on_result = self.showing_result_page and self.result_label.text() == issued.ticket.label
        if on_result:
            note = self.tr("Please take your slip.") if printed else self.tr("No printer: please note your number.")
            self.result_details.setText(self._details(issued, note))
            self.preview.setVisible(not printed)
            self._return_timer.start(self.return_after_ms)  # the full time to read it, from now
        if printed:
            self.printed.emit()

    def _render_failed(self, error: UserError) -> None:
        if self.showing_result_page:
            self.result_details.setText(f"{self.result_details.text()}\n{user_message(error)}")

    def _issue_failed(self, error: UserError) -> None:
        self.busy = False
        self._read_hours()  # the hours may have changed
        self.show_message(user_message(error))
        self._sync_page()

    def back_to_start(self) -> None:
        """The start page (or the closed one) again, ready for the next visitor."""
        self._return_timer.stop()
        self.showing_result_page = False
        self.preview.hide()
        self.message.clear()
        self._sync_page()

    def show_message(self, text: str) -> None:
        self.message.show_error(text)
        self._message_timer.start(self.return_after_ms)

    # ------------------------------------------------------------------ lifetime

    def stop(self) -> None:
        for timer in (self._return_timer, self._hours_timer, self._message_timer):
            timer.stop()
        self.hall_lines.stop()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        self.stop()
        super().closeEvent(event)


def _clock(moment: time) -> str:
    return f"{moment:%H:%M}"


def kiosk_clock_text(now: datetime, timezone: str) -> str:
    """The kiosk's clock: the hall's time, whatever the machine's own time zone."""
    return f"{local_time(now, timezone):%Y-%m-%d  %H:%M}"
