"""The hall display (叫号大屏): current calls, last calls, waiting counts, clock, notice,
and every call spoken in Mandarin. Read-only, no login, full screen on a wall.

Laid out for 1920×1080; every size scales with the window's height, so a 1280×720
window (``--windowed``) looks the same, only smaller.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import OrderedDict
from datetime import datetime
from time import monotonic
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDateTime, QEvent, QLocale, QPointF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QFontMetricsF,
    QHideEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QMessageBox,
    QSizePolicy,
    QStyle,
    QStyleOption,
    QVBoxLayout,
    QWidget,
)

from counter_app.config import resolve_database
from counter_app.domain.queue import DEFAULT_TIMEZONE, TicketStatus, call_announcement
from counter_app.domain.roles import Role
from counter_app.errors import DatabaseError, UserError
from counter_app.events.watcher import HallWatcher
from counter_app.services.access import Actor
from counter_app.services.auth import device_actor
from counter_app.services.queue import CallView, DisplayState, display_state, find_hall
from counter_app.services.setup import open_database
from counter_app.ui.display.announcer import Announcer
from counter_app.ui.app import install_excepthook, make_application
from counter_app.ui.translation import user_message

log = logging.getLogger(__name__)

CURRENT_ROWS = 6  # the newest call, big, and five more
RECENT_ROWS = 10  # last calls, in two columns
FLASH_MS = 8_000  # a new call or recall blinks this long
BLINK_MS = 500
MARQUEE_STEP_MS = 30
SEEN_LIMIT = 5_000  # calls remembered as announced (a busy hall makes a few hundred a day)
DESIGN_WIDTH, DESIGN_HEIGHT = 1920, 1080
SIDE_WIDTH = 640  # the right column at 1920 wide: recent calls and waiting counts
WAITING_ROWS = 7

CallKey = tuple[int, int, datetime]  # ticket id, recall count, called at: one announcement

# Colours: white and amber on deep blue, readable from the back of a hall.
BACKGROUND = "#0b2545"
PANEL = "#13315c"
ROW = "#1b3d6e"
ACCENT = "#ffd166"
MUTED = "#9fb7d4"
ALERT = "#c1121f"
NOTICE = "#134074"


def call_key(call: CallView) -> CallKey:
    """Identifies one call or recall: a recall bumps the count, a call after a transfer the time."""
    return (call.ticket_id, call.recall_count, call.called_at)


def _stylesheet(scale: float) -> str:
    def px(size: float) -> str:
        return f"{max(8, round(size * scale))}px"

    return f"""
        HallDisplayWindow {{ background: {BACKGROUND}; }}
        QLabel {{ color: white; background: transparent; }}
        QLabel#hall_name {{ font-size: {px(52)}; font-weight: bold; }}
        QLabel#clock {{ font-size: {px(38)}; color: {MUTED}; }}
        QLabel#connection_banner {{
            background: {ALERT}; font-size: {px(36)}; font-weight: bold; padding: {px(10)}; border-radius: {px(8)};
        }}
        QFrame#panel {{ background: {PANEL}; border-radius: {px(16)}; }}
        QLabel[role="title"] {{ font-size: {px(34)}; color: {ACCENT}; font-weight: bold; }}
        QLabel#idle_line {{ font-size: {px(44)}; color: {MUTED}; }}
        QFrame#call_row {{ background: {ROW}; border-radius: {px(12)}; }}
        QFrame#call_row[flash="true"] {{ background: {ACCENT}; }}
        QFrame#call_row QLabel {{ font-size: {px(62)}; font-weight: bold; }}
        QFrame#call_row QLabel#arrow {{ color: {MUTED}; }}
        QFrame#call_row QLabel#name {{ font-size: {px(38)}; font-weight: normal; color: {MUTED}; }}
        QFrame#call_row[lead="true"] QLabel {{ font-size: {px(112)}; color: {ACCENT}; }}
        QFrame#call_row[lead="true"] QLabel#arrow {{ color: white; }}
        QFrame#call_row[lead="true"] QLabel#name {{ font-size: {px(44)}; color: white; }}
        QFrame#call_row[flash="true"] QLabel, QFrame#call_row[flash="true"] QLabel#arrow,
        QFrame#call_row[flash="true"] QLabel#name {{ color: {BACKGROUND}; }}
        QLabel[role="recent"] {{ font-size: {px(34)}; }}
        QLabel[role="recent_counter"] {{ font-size: {px(34)}; color: {MUTED}; }}
        QLabel[role="line"] {{ font-size: {px(34)}; }}
        QLabel[role="waiting"] {{ font-size: {px(34)}; color: {ACCENT}; font-weight: bold; }}
        QLabel[role="line"][compact="true"], QLabel[role="waiting"][compact="true"] {{ font-size: {px(27)}; }}
        Marquee {{ background: {NOTICE}; color: white; font-size: {px(36)}; }}
    """


def _repolish(widget: QWidget) -> None:
    """Apply the stylesheet again after a dynamic property changed."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    for child in widget.findChildren(QWidget):
        style.unpolish(child)
        style.polish(child)


class CallRow(QFrame):
    """One current call: "A001 → 3号窗口" and the visitor's masked name, if any."""

    def __init__(self, lead: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("call_row")
        self.setProperty("lead", lead)
        self.setProperty("flash", False)
        self.number = QLabel()
        self.number.setObjectName("number")
        self.arrow = QLabel("→")
        self.arrow.setObjectName("arrow")
        self.counter = QLabel()
        self.counter.setObjectName("counter")
        self.name = QLabel()
        self.name.setObjectName("name")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(24, 0, 24, 0)
        layout.setSpacing(20)
        layout.addWidget(self.number)
        layout.addWidget(self.arrow)
        layout.addWidget(self.counter)
        layout.addStretch(1)
        layout.addWidget(self.name, 0, Qt.AlignmentFlag.AlignVCenter)
        self.key: CallKey | None = None

    def set_call(self, call: CallView | None, counter_text: str) -> None:
        self.key = call_key(call) if call else None
        self.setVisible(call is not None)
        if call is not None:
            self.number.setText(call.label)
            self.counter.setText(counter_text.format(number=call.counter_number))
            self.name.setText(call.visitor_name_masked)  # masked by the service: 张*, never 张三

    def set_flash(self, on: bool) -> None:
        if bool(self.property("flash")) != on:
            self.setProperty("flash", on)
            _repolish(self)


class Marquee(QWidget):
    """The hall's notice, scrolling right to left when it is wider than the screen.

    Painted with a pixel offset (smooth, unlike rotating a label's characters); the timer
    runs only while the widget is visible and the text does not fit.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._text = ""
        self._offset = 0.0
        self._running = True
        self._timer = QTimer(self)
        self._timer.setInterval(MARQUEE_STEP_MS)
        self._timer.timeout.connect(self._step)

    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self._offset = 0.0
            self._update_timer()
            self.update()

    def set_running(self, running: bool) -> None:
        """Stop (or allow again) the scrolling timer."""
        self._running = running
        self._update_timer()

    def _gap(self) -> float:
        return self.font().pixelSize() * 4 if self.font().pixelSize() > 0 else 120.0

    def _text_width(self) -> float:
        return QFontMetricsF(self.font()).horizontalAdvance(self._text)

    def _scrolls(self) -> bool:
        return bool(self._text) and self._text_width() > self.width() - 40

    def _update_timer(self) -> None:
        if self._running and self.isVisible() and self._scrolls():
            if not self._timer.isActive():
                self._timer.start()
        else:
            self._timer.stop()

    def _step(self) -> None:
        period = self._text_width() + self._gap()
        self._offset = (self._offset + max(1.0, self.height() / 30)) % period
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(400, round(QFontMetricsF(self.font()).height() * 1.3))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return self.sizeHint()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # the stylesheet's font size changed
            self.setFixedHeight(self.sizeHint().height())
            self._update_timer()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self._update_timer()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt API
        super().hideEvent(event)
        self._timer.stop()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._update_timer()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        option = QStyleOption()
        option.initFrom(self)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_Widget, option, painter, self)
        if not self._text:
            return
        painter.setPen(self.palette().color(self.foregroundRole()))
        metrics = QFontMetricsF(self.font())
        baseline = (self.height() + metrics.ascent() - metrics.descent()) / 2
        if not self._scrolls():
            x = (self.width() - self._text_width()) / 2
            painter.drawText(QPointF(x, baseline), self._text)
            return
        period = self._text_width() + self._gap()
        x = 20 - self._offset
        while x < self.width():
            painter.drawText(QPointF(x, baseline), self._text)
            x += period


class HallDisplayWindow(QWidget):
    """A wall screen for one hall. ``state`` holds the last state read (kept while the
    database is away); ``announcer`` speaks new calls; ``watcher`` says when to re-read.

    Signals:
        refreshed(): a fresh state was read and shown (``state`` holds it).
    """

    refreshed = Signal()

    def __init__(
        self,
        actor: Actor,
        *,
        speech_engine: str | None = None,
        poll_ms: int = 200,
        refresh_ms: int = 5000,
        retry_ms: int = 2000,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        assert actor.hall_id is not None, "a hall display belongs to one hall"
        self.actor = actor
        self.database = actor.database
        self.hall_id: int = actor.hall_id
        self.timezone = ZoneInfo(DEFAULT_TIMEZONE)  # the hall's, from the first read on
        self.state: DisplayState | None = None
        self._shown: DisplayState | None = None  # what is on screen, read_at left out
        self._seen: OrderedDict[CallKey, None] | None = None  # announced calls; None before the first read
        self._flash_until: dict[CallKey, float] = {}
        self._blink_on = True
        self._read_ok = True
        self._scale = 0.0
        self._waiting_lines: tuple[tuple[str, str], ...] | None = None
        self._waiting_rows: list[tuple[QLabel, QLabel]] = []
        self.setWindowTitle(self.tr("Hall display"))
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._build()
        self._apply_scale()

        self.announcer = Announcer(speech_engine, parent=self)
        self.watcher = HallWatcher(self.database, self.hall_id, poll_ms=poll_ms, refresh_ms=refresh_ms, retry_ms=retry_ms, parent=self)
        self.watcher.changed.connect(self.refresh)
        self.watcher.connection_lost.connect(self._on_connection_lost)
        self.watcher.connection_restored.connect(self._on_connection_restored)
        self._clock_timer = QTimer(self)
        self._clock_timer.setInterval(250)  # checked often, changed once a second: no skipped seconds
        self._clock_timer.timeout.connect(self._update_clock)
        self._blink_timer = QTimer(self)
        self._blink_timer.setInterval(BLINK_MS)
        self._blink_timer.timeout.connect(self._blink)
        QShortcut(QKeySequence("Ctrl+Q"), self, activated=self.close)
        # Escape deliberately does nothing: a wall display is left alone.

    # -- building ---------------------------------------------------------------

    def _build(self) -> None:
        self.hall_label = QLabel()
        self.hall_label.setObjectName("hall_name")
        self.clock = QLabel()
        self.clock.setObjectName("clock")
        header = QHBoxLayout()
        header.addWidget(self.hall_label)
        header.addStretch(1)
        header.addWidget(self.clock)


        now_panel = QFrame()
        now_panel.setObjectName("panel")
        now_box = QVBoxLayout(now_panel)
        now_box.setContentsMargins(28, 20, 28, 28)
        now_box.setSpacing(16)
        now_box.addWidget(self._title(self.tr("Now calling")))
        self.call_rows = [CallRow(lead=index == 0) for index in range(CURRENT_ROWS)]
        for row in self.call_rows:
            row.hide()
            now_box.addWidget(row)
        self.idle_line = QLabel(self.tr("Please wait for your number to be called."))
        self.idle_line.setObjectName("idle_line")
        self.idle_line.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.idle_line.setWordWrap(True)
        now_box.addWidget(self.idle_line, 1)
        now_box.addStretch(1)

        recent_panel = QFrame()
        recent_panel.setObjectName("panel")
        recent_box = QVBoxLayout(recent_panel)
        recent_box.setContentsMargins(28, 20, 28, 20)
        recent_box.addWidget(self._title(self.tr("Recent calls")))
        recent_grid = QGridLayout()
        recent_grid.setHorizontalSpacing(18)
        recent_grid.setVerticalSpacing(6)
        self.recent_labels: list[tuple[QLabel, QLabel]] = []
        for index in range(RECENT_ROWS):  # newest first, read left to right, line by line
            number, counter = QLabel(), QLabel()
            number.setProperty("role", "recent")
            counter.setProperty("role", "recent_counter")
            row, column = divmod(index, 2)
            recent_grid.addWidget(number, row, column * 2)
            recent_grid.addWidget(counter, row, column * 2 + 1)
            self.recent_labels.append((number, counter))
        recent_grid.setColumnStretch(1, 1)
        recent_grid.setColumnStretch(3, 1)
        recent_box.addLayout(recent_grid)
        recent_box.addStretch(1)

        waiting_panel = QFrame()
        waiting_panel.setObjectName("panel")
        waiting_box = QVBoxLayout(waiting_panel)
        waiting_box.setContentsMargins(28, 20, 28, 20)
        waiting_box.addWidget(self._title(self.tr("Waiting")))
        self.waiting_grid = QGridLayout()
        self.waiting_grid.setVerticalSpacing(6)
        self.waiting_grid.setHorizontalSpacing(18)
        waiting_box.addLayout(self.waiting_grid)
        waiting_box.addStretch(1)

        self.side = QWidget()
        side = QVBoxLayout(self.side)
        side.setContentsMargins(0, 0, 0, 0)
        side.setSpacing(20)
        side.addWidget(recent_panel, 1)
        side.addWidget(waiting_panel, 1)
        body = QHBoxLayout()
        body.setSpacing(20)
        body.addWidget(now_panel, 1)
        body.addWidget(self.side)

        self.notice = Marquee()
        self.notice.setObjectName("notice")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 16, 32, 20)
        layout.setSpacing(16)
        layout.addLayout(header)
        layout.addLayout(body, 1)
        layout.addWidget(self.notice)
        # The screen's size is the window's size: content that does not fit is cut, the
        # window never grows past the screen.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)

        # Over the header, so that the calls on screen do not move when it comes and goes.
        self.banner = QLabel(self.tr("Connection lost, reconnecting…"), self)
        self.banner.setObjectName("connection_banner")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.hide()

    @staticmethod
    def _title(text: str) -> QLabel:
        label = QLabel(text)
        label.setProperty("role", "title")
        return label

    def _apply_scale(self) -> None:
        size = self.size() if self.width() > 0 and self.height() > 0 else QSize(DESIGN_WIDTH, DESIGN_HEIGHT)
        scale = max(0.4, min(size.width() / DESIGN_WIDTH, size.height() / DESIGN_HEIGHT))
        if abs(scale - self._scale) >= 0.02:
            self._scale = scale
            self.setStyleSheet(_stylesheet(scale))
            self.side.setFixedWidth(round(SIDE_WIDTH * scale))
        self.banner.setGeometry(0, 0, self.width(), round(self.banner.sizeHint().height() * 1.4))
        self.banner.raise_()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._apply_scale()

    # -- running ----------------------------------------------------------------

    def start(self) -> None:
        """Read and show the hall, then follow its changes."""
        self._update_clock()
        self._clock_timer.start()
        self.notice.set_running(True)
        self.refresh()
        self.watcher.start()

    def stop(self) -> None:
        """Stop every timer, the watcher and the speech worker (idempotent)."""
        self.watcher.stop()
        self.announcer.stop()
        self._clock_timer.stop()
        self._blink_timer.stop()
        self.notice.set_running(False)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        self.stop()
        super().closeEvent(event)

    def refresh(self) -> None:
        """Re-read the hall's state, show it, and announce calls and recalls not seen before.

        The first read announces nothing: what is on screen then was called before.
        """
        try:
            state = display_state(self.actor, self.hall_id, recent=RECENT_ROWS)
        except DatabaseError:
            log.info("display read failed; the last state stays on screen", exc_info=True)
            self._read_ok = False
            self._update_banner()
            return
        except UserError as error:  # e.g. the hall was removed: keep what is shown, say why in the log
            log.warning("display read refused: %s", error)
            return
        except Exception:  # a bug: logged; nobody stands at a wall screen to close an error dialog
            log.exception("display read failed unexpectedly")
            self._read_ok = False
            self._update_banner()
            return
        self._read_ok = True
        self._update_banner()
        if state.timezone != self.timezone.key:
            self.timezone = ZoneInfo(state.timezone)
            self._update_clock()
        new_calls = self._new_calls(state)
        shown = dataclasses.replace(state, read_at=datetime.min)
        if shown != self._shown:  # most pokes and the periodic refresh change nothing on screen
            self._show(state)
            self._shown = shown
        self.state = state
        if new_calls:
            deadline = monotonic() + FLASH_MS / 1000
            for call in new_calls:
                self._flash_until[call_key(call)] = deadline
            self._blink_on = True
            self._blink_timer.start()
            self._update_flash()
            self.announcer.repeat = state.repeat
            for call in new_calls:
                self.announcer.announce(call_announcement(call.label, call.counter_number))
        self.refreshed.emit()

    def _new_calls(self, state: DisplayState) -> list[CallView]:
        """Current calls (oldest first) whose (ticket, recall count, call time) is new. A
        recent call still waiting for its visitor is not marked seen unless it is current:
        it is announced when it shows as current."""
        keys = [
            call_key(call)
            for call in (*state.current_calls, *state.recent_calls)
            if call in state.current_calls or call.status is not TicketStatus.CALLED
        ]
        if self._seen is None:
            self._seen = OrderedDict.fromkeys(keys)
            return []
        fresh = [call for call in reversed(state.current_calls) if call_key(call) not in self._seen]
        for key in keys:
            self._seen[key] = None
            self._seen.move_to_end(key)
        while len(self._seen) > SEEN_LIMIT:
            self._seen.popitem(last=False)
        return fresh

    # -- showing ----------------------------------------------------------------

    def _show(self, state: DisplayState) -> None:
        self.hall_label.setText(state.hall_name)
        counter_text = self.tr("Counter {number}")
        for index, row in enumerate(self.call_rows):
            row.set_call(state.current_calls[index] if index < len(state.current_calls) else None, counter_text)
        self.idle_line.setVisible(not state.current_calls)
        # The big panel shows the calls still waiting for their visitor; this list the rest.
        current = {call.ticket_id for call in state.current_calls}
        earlier = [call for call in state.recent_calls if call.ticket_id not in current]
        for index, (number, counter) in enumerate(self.recent_labels):
            call = earlier[index] if index < len(earlier) else None
            number.setText(call.label if call else ("—" if index == 0 else ""))  # a dash: nothing yet
            counter.setText(counter_text.format(number=call.counter_number) if call else "")
        lines = tuple((prefix, name) for prefix, name, _ in state.waiting_by_line)
        if lines != self._waiting_lines:
            self._rebuild_waiting_rows(lines)
        waiting_text = self.tr("{count} waiting")
        for (_, _, waiting), (_, count_label) in zip(state.waiting_by_line, self._waiting_rows, strict=True):
            count_label.setText(waiting_text.format(count=waiting))
        self.notice.set_text(state.notice)
        self._update_flash()

    def _rebuild_waiting_rows(self, lines: tuple[tuple[str, str], ...]) -> None:
        """Lines rarely change: their rows are built once and then only their counts change."""
        for labels in self._waiting_rows:
            for label in labels:
                self.waiting_grid.removeWidget(label)
                label.deleteLater()
        self._waiting_rows = []
        # Up to WAITING_ROWS lines in one column; a hall with more gets two, in a smaller font.
        columns = 1 if len(lines) <= WAITING_ROWS else 2
        for index, (prefix, name) in enumerate(lines):
            line_label = QLabel(f"{prefix}  {name}")
            line_label.setProperty("role", "line")
            count_label = QLabel()
            count_label.setProperty("role", "waiting")
            count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            for label in (line_label, count_label):
                label.setProperty("compact", columns > 1)
            row, column = divmod(index, columns)
            self.waiting_grid.addWidget(line_label, row, column * 2)
            self.waiting_grid.addWidget(count_label, row, column * 2 + 1)
            self._waiting_rows.append((line_label, count_label))
        for column in range(4):
            self.waiting_grid.setColumnStretch(column, 1 if column % 2 == 0 and column // 2 < columns else 0)
        self._waiting_lines = lines

    def _blink(self) -> None:
        now = monotonic()
        self._flash_until = {key: until for key, until in self._flash_until.items() if until > now}
        self._blink_on = not self._blink_on
        if not self._flash_until:
            self._blink_timer.stop()
        self._update_flash()

    def _update_flash(self) -> None:
        for row in self.call_rows:
            row.set_flash(self._blink_on and row.key is not None and row.key in self._flash_until)

    def _update_clock(self) -> None:
        """The hall's date and time (its business time zone, by the database server's clock),
        whatever the zone and the clock of the PC behind the screen."""
        local = self.database.clock.estimate().astimezone(self.timezone).replace(tzinfo=None)
        text = QLocale().toString(QDateTime(local), "yyyy-MM-dd  dddd  HH:mm:ss")
        if text != self.clock.text():
            self.clock.setText(text)

    # -- connection ---------------------------------------------------------------

    def _on_connection_lost(self) -> None:
        self._update_banner()

    def _on_connection_restored(self) -> None:
        self._update_banner()  # the watcher's ``changed`` follows and re-reads

    def _update_banner(self) -> None:
        self.banner.setVisible(not (self._read_ok and self.watcher.connected))


def run_display(db_option: str | None, hall: str, full_screen: bool = True) -> int:
    """``counter-app display --hall KG [--windowed] [--db URL]``."""
    app = make_application()
    install_excepthook()
    try:
        opened = open_database(resolve_database(db_option))
    except UserError as error:
        QMessageBox.critical(None, QApplication.translate("App", "Cannot start the hall display"), user_message(error))
        return 2
    try:
        try:
            hall_id, _ = find_hall(opened.database, hall)
            actor = device_actor(opened.database, Role.DISPLAY, hall_id)
        except UserError as error:
            QMessageBox.critical(None, QApplication.translate("App", "Cannot start the hall display"), user_message(error))
            return 2
        window = HallDisplayWindow(actor)
        if full_screen:
            window.setCursor(Qt.CursorShape.BlankCursor)
            window.showFullScreen()
        else:
            window.resize(1280, 720)
            window.show()
        window.start()
        try:
            return app.exec()
        finally:
            window.stop()
    finally:
        opened.database.dispose()
